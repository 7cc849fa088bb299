// Writes FHIR made by src/codec/fhir from hand-made SIPs and consents, for validate.mjs to check
// against the FHIR R4 JSON schema and a StructureDefinition-based validator from npm.
//
//   fhir_dump DIR
//       Writes one Bundle per case as DIR/<case>.json, then the consents of the demo caseload
//       (app/demo, projected as of its last day) as DIR/demo/<n>.json, one bundle per person with
//       consents. The data are synthetic (personnummer with serials 980–999; the demo persons
//       get opaque ids "demo-<n>" here, as the journal would give them).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "app/demo.hpp"
#include "codec/fhir.hpp"
#include "domain/case.hpp"

namespace {

using namespace rattvag;
namespace json = boost::json;

constexpr const char* kTimestamp = "2026-11-27T14:03:00Z";

SipPlan DraftPlan() {
  SipPlan plan;
  plan.goals = {{"g1", "Jag vill orka gå till gymmet två gånger i veckan"},
                {"g2", "Jag vill hitta ett arbete där jag får vara ute, \"helst i en park\" <inte kontor> & lugnt"}};
  plan.interventions = {
      {"i1", "Arbetsförmågebedömning vid Arbetsmarknadscenter", Party::kAme, "Kim Lind", "010-123 45 67",
       Date(2026, 12, 1), Date(2027, 2, 28), InterventionStatus::kPlanned, std::string("g2")},
      {"i2", "Samtal med fysioterapeut varannan vecka", Party::kRegion, "Sam Berg", "", Date(2026, 11, 15),
       std::nullopt, InterventionStatus::kOngoing, std::string("g1")},
      {"i3", "Kartläggning av rätt till sjukpenning", Party::kFk, "", "", Date(2026, 11, 20), Date(2026, 12, 20),
       InterventionStatus::kCancelled, std::nullopt},
  };
  plan.others_do = "Systern följer med till de första träffarna.";
  plan.coordinator_name = "Alex Holm";
  plan.coordinator_party = Party::kEb;
  plan.participants = {{"Test Testsson", std::nullopt, "Den enskilde"},
                       {"Alex Holm", Party::kEb, "Socialsekreterare"},
                       {"Kim Lind", Party::kAme, "Arbetskonsulent"},
                       {"Robin Ek", std::nullopt, "God man"}};
  plan.follow_up = Date(2027, 3, 15);
  return plan;
}

Sip MakeSip() {
  Sip sip;
  sip.id = "sip-0a1b2c3d4e5f";
  sip.person_public_id = "8f14e45fceea167a5a36dedd4bea2543";
  sip.municipality = "1380";
  sip.called_by = Party::kEb;
  sip.called_by_unit = "unit-eb-1380";
  sip.called_on = Date(2026, 11, 2);
  sip.invited = {Party::kFk, Party::kRegion, Party::kAme};
  sip.title = "SIP kring arbete och hälsa";
  SipVersion v1;
  v1.number = 1;
  v1.created_at = "2026-11-10T09:00:00Z";
  v1.author_user_id = "u-1";
  v1.author_name = "Alex Holm";
  v1.author_party = Party::kEb;
  v1.plan = DraftPlan();
  SipVersion v2 = v1;
  v2.number = 2;
  v2.created_at = "2026-11-24T13:30:00Z";
  v2.author_name = "Kim Lind";
  v2.author_party = Party::kAme;
  v2.comment = "Planen godkänd på SIP-mötet";
  v2.plan.person_consents = true;
  v2.plan.agreed_on = Date(2026, 11, 24);
  SipVersion v3 = v2;
  v3.number = 3;
  v3.created_at = "2027-03-15T10:00:00.250+01:00";
  v3.comment = "Uppföljning: insatserna klara";
  for (auto& i : v3.plan.interventions)
    if (i.status != InterventionStatus::kCancelled) i.status = InterventionStatus::kDone;
  sip.versions = {v1, v2, v3};
  return sip;
}

Sip MinimalSip() {
  Sip sip;
  sip.id = "sip-ffff";
  sip.person_public_id = "0123456789abcdef0123456789abcdef";
  sip.municipality = "1382";
  sip.called_by = Party::kFk;
  sip.called_on = Date(2026, 10, 1);
  SipVersion v;
  v.number = 1;
  v.created_at = "2026-10-01T08:00:00Z";
  v.author_name = "Jo Falk";
  v.author_party = Party::kFk;
  sip.versions = {v};
  return sip;
}

std::vector<ConsentView> Consents() {
  std::vector<ConsentView> out;
  ConsentView active;
  active.consent_id = "c-1a2b3c4d";
  active.parties = PartyBit(Party::kFk) | PartyBit(Party::kRegion) | PartyBit(Party::kAf);
  active.purpose = "Samordning av insatser mot arbete";
  active.given = Date(2026, 9, 1);
  active.until = Date(2027, 8, 31);
  out.push_back(active);
  ConsentView revoked = active;
  revoked.consent_id = "c-99887766";
  revoked.parties = PartyBit(Party::kNurse);
  revoked.until.reset();
  revoked.revoked = Date(2026, 10, 15);
  out.push_back(revoked);
  ConsentView expired = active;
  expired.consent_id = "c-expired1";
  expired.parties = PartyBit(Party::kAme);
  expired.given = Date(2025, 1, 1);
  expired.until = Date(2025, 12, 31);
  expired.purpose = "Kartläggning <med> \"citat\" & annat";
  out.push_back(expired);
  ConsentView future = active;
  future.consent_id = "imported consent / with spaces";  // Not a FHIR id: hashed.
  future.given = Date(2026, 12, 24);
  future.purpose = "";
  out.push_back(future);
  return out;
}

bool Write(const std::filesystem::path& dir, const std::string& name, const Result<json::object>& bundle) {
  if (!bundle.ok()) {
    std::cerr << name << ": " << bundle.error().ToString() << "\n";
    return false;
  }
  std::ofstream out(dir / (name + ".json"));
  out << json::serialize(*bundle) << "\n";
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fhir_dump DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const Sip sip = MakeSip();
  const fhir::PatientIdentity identity{"191212129983", "Test Testsson"};
  bool ok = true;
  ok &= Write(dir, "sip-v1-draft-superseded", fhir::SipBundle(sip, 1, std::nullopt, kTimestamp));
  Sip two_versions = sip;
  two_versions.versions.pop_back();
  ok &= Write(dir, "sip-v2-agreed-with-patient", fhir::SipBundle(two_versions, 2, identity, kTimestamp));
  ok &= Write(dir, "sip-v2-superseded", fhir::SipBundle(sip, 2, std::nullopt, kTimestamp));
  ok &= Write(dir, "sip-v3-completed", fhir::SipBundle(sip, 3, std::nullopt, kTimestamp));
  ok &= Write(dir, "sip-minimal", fhir::SipBundle(MinimalSip(), 1, fhir::PatientIdentity{"191212129983", ""}, kTimestamp));
  const std::vector<ConsentView> consents = Consents();
  ok &= Write(dir, "consents", fhir::ConsentBundle("8f14e45fceea167a5a36dedd4bea2543", consents, Date(2026, 11, 27),
                                                   "Ekonomiskt bistånd, Falköpings kommun", kTimestamp));
  ok &= Write(dir, "consents-empty", fhir::ConsentBundle("8f14e45fceea167a5a36dedd4bea2543", {}, Date(2026, 11, 27),
                                                         "Ekonomiskt bistånd, Falköpings kommun", kTimestamp));

  // The demo caseload's consents, as the consent route exports them.
  DemoOptions options;
  options.persons = 300;
  std::map<std::string, std::vector<Event>> by_person;
  std::vector<std::string> order;
  GenerateDemo(options, [&](const Event& e) {
    if (e.person.empty()) return;
    auto [it, added] = by_person.try_emplace(e.person);
    if (added) order.push_back(e.person);
    it->second.push_back(e);
  });
  std::filesystem::create_directories(dir / "demo");
  int written = 0;
  for (size_t n = 0; n < order.size(); ++n) {
    std::vector<Event>& events = by_person[order[n]];
    SortInCaseOrder(events);
    const CaseProjection projection = Project(events, options.today);
    if (projection.consents.empty()) continue;
    ok &= Write(dir / "demo", std::to_string(n), fhir::ConsentBundle("demo-" + std::to_string(n), projection.consents,
                                                                     options.today, "Ekonomiskt bistånd (kommunen)",
                                                                     kTimestamp));
    ++written;
  }
  std::cout << "fhir_dump: the consents of " << written << " demo persons\n";
  return ok && written > 0 ? 0 : 1;
}
