#include "app/sip.hpp"

#include <algorithm>

#include "app/queries.hpp"
#include "codec/event_binary.hpp"
#include "domain/case.hpp"
#include "domain/access.hpp"
#include "security/random.hpp"

namespace rattvag {

Result<std::optional<Sip>> LoadSip(Journal& journal, std::string_view sip_id) { return journal.FindSip(sip_id); }

std::string NewSipId() { return "sip-" + RandomHex(8); }

Result<std::vector<SipFollowUpRow>> ListSipFollowUps(Journal& journal, std::string_view municipality, Date as_of) {
  std::vector<SipFollowUpRow> out;
  auto sips = journal.ListSipsOfMunicipality(municipality);
  if (!sips.ok()) return sips.error();
  std::vector<Event> events;
  for (const Sip& sip : *sips) {
    auto deadline = SipFollowUpDeadline(sip, as_of);
    if (!deadline) continue;
    const auto follow_up = SipFollowUpOf(sip, as_of);
    if (follow_up->coordinator_party != Party::kEb) continue;
    auto record = journal.LoadPersonByPublicId(sip.person_public_id);
    if (!record.ok()) return record.error();
    if (!record->has_value() || (*record)->municipality != municipality) continue;
    RATTVAG_TRY_STATUS(DecodeEventStream((*record)->digest, (*record)->personnummer, events));
    if (!Project(events, as_of).on_eb) continue;
    out.push_back({DeadlineRow{(*record)->personnummer, std::string(municipality), std::move(*deadline)},
                   (*record)->public_id});
  }
  std::sort(out.begin(), out.end(),
            [](const SipFollowUpRow& a, const SipFollowUpRow& b) { return DeadlineRowBefore(a.row, b.row); });
  return out;
}

Status CallSip(Journal& journal, const Sip& sip, const AuditEntry& audit) {
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  RATTVAG_TRY_STATUS(journal.AddSip(sip));
  RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
  return work.Commit();
}

Result<SaveSipOutcome> SaveSipVersion(Journal& journal, std::string_view sip_id, int expected_latest,
                                      SipVersion version, const AuditEntry& audit) {
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  // Read inside the write transaction: no other save can come between the check and the insert.
  auto sip = journal.FindSip(sip_id);
  if (!sip.ok()) return sip.error();
  if (!*sip || (*sip)->versions.empty()) return SaveSipOutcome{SaveSipOutcome::Kind::kUnknown, 0};
  const int latest = LatestVersion(**sip).number;
  if (latest != expected_latest) return SaveSipOutcome{SaveSipOutcome::Kind::kConflict, latest};
  version.number = latest + 1;
  RATTVAG_TRY_STATUS(journal.AddSipVersion(sip_id, version));
  RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
  RATTVAG_TRY_STATUS(work.Commit());
  return SaveSipOutcome{SaveSipOutcome::Kind::kStored, version.number};
}

// --- The demo's SIPs -----------------------------------------------------------------------

namespace {

constexpr const char* kDemoMunicipality = "1380";

AuditEntry DemoEntry(const std::string& person, Date today, const std::string& detail) {
  AuditEntry e;
  e.at = today.ToString() + "T08:00:00.000Z";
  e.user = "u-demo-eb";
  e.party = "eb";
  e.unit = std::string("eb-") + kDemoMunicipality;
  e.role = "socialsekreterare";
  e.person = person;
  e.action = "sip_call";
  e.ground = "ownership";
  e.outcome = "allowed";
  e.detail = detail;
  return e;
}

SipVersion DemoVersion(int number, Date today, std::string comment, SipPlan plan) {
  SipVersion v;
  v.number = number;
  v.created_at = today.ToString() + (number == 1 ? "T08:00:00.000Z" : "T09:30:00.000Z");
  v.author_user_id = "u-demo-eb";
  v.author_name = "Eva Bergström (demo)";
  v.author_party = Party::kEb;
  v.comment = std::move(comment);
  v.plan = std::move(plan);
  return v;
}

}  // namespace

Result<int> AddDemoSips(Journal& journal, Date today) {
  // The persons of Halmstad on EB, by personnummer: the first with a consent in force to FK and
  // the first without any consent.
  std::vector<std::string> persons;
  const std::string municipalities[] = {kDemoMunicipality};
  RATTVAG_TRY_STATUS(journal.ScanPersons(municipalities, [&](const PersonRow& row) {
    persons.emplace_back(row.person);
    return true;
  }));
  std::sort(persons.begin(), persons.end());
  std::optional<PersonRecord> with_consent, without_consent;
  for (const std::string& pnr : persons) {
    if (with_consent && without_consent) break;
    auto record = journal.LoadPerson(pnr);
    if (!record.ok()) return record.error();
    if (!*record) continue;
    Status status;
    const PersonView view = LoadPersonView(**record, today, DefaultEligibilityRules(), status);
    RATTVAG_TRY_STATUS(status);
    if (!view.projection.on_eb) continue;
    bool fk = false;
    for (const ConsentView& c : view.projection.consents)
      fk = fk || ((c.parties & PartyBit(Party::kFk)) && ConsentInForce(c, today));
    if (fk && !with_consent) with_consent = **record;
    if (view.projection.consents.empty() && !without_consent) without_consent = **record;
  }
  int added = 0;
  if (with_consent) {
    auto existing = journal.ListSipsOfPerson(with_consent->public_id);
    if (!existing.ok()) return existing.error();
    if (!existing->empty()) return 0;
    Sip sip;
    sip.id = "sip-demo00000001";
    sip.person_public_id = with_consent->public_id;
    sip.municipality = kDemoMunicipality;
    sip.called_by = Party::kEb;
    sip.called_by_unit = std::string("eb-") + kDemoMunicipality;
    sip.called_on = today.AddDays(-14);
    sip.invited = {Party::kFk, Party::kRegion, Party::kAme};
    sip.title = "SIP kring arbete och hälsa";
    SipPlan draft;
    draft.goals = {{"g1", "Jag vill orka gå till gymmet två gånger i veckan."}};
    draft.coordinator_name = "Eva Bergström";
    draft.coordinator_party = Party::kEb;
    draft.participants = {{"Den enskilde", std::nullopt, "Den enskilde"},
                          {"Eva Bergström", Party::kEb, "Socialsekreterare"}};
    SipPlan agreed = draft;
    agreed.goals.push_back({"g2", "Jag vill prova en praktikplats på halvtid före sommaren."});
    SipIntervention assessment;
    assessment.id = "i1";
    assessment.description = "Arbetsförmågebedömning vid Arbetsmarknadscenter";
    assessment.responsible = Party::kAme;
    assessment.contact_name = "Amir Mehdi";
    assessment.contact_phone = "070-174 06 21";
    assessment.start = today.AddDays(7);
    assessment.end = today.AddDays(63);
    assessment.goal_id = "g2";
    SipIntervention talks;
    talks.id = "i2";
    talks.description = "Samtalsstöd och sömnskola på vårdcentralen";
    talks.responsible = Party::kRegion;
    talks.contact_name = "Rut Rehab";
    talks.contact_phone = "070-174 06 22";
    talks.start = today.AddDays(-7);
    talks.status = InterventionStatus::kOngoing;
    talks.goal_id = "g1";
    SipIntervention coordination;
    coordination.id = "i3";
    coordination.description = "Samordnad rehabilitering: avstämningsmöte om sjukpenning";
    coordination.responsible = Party::kFk;
    coordination.contact_name = "Fatima Karlsson";
    coordination.start = today.AddDays(14);
    agreed.interventions = {assessment, talks, coordination};
    agreed.others_do = "En vän följer med till första besöket på Arbetsmarknadscenter.";
    agreed.participants.push_back({"Fatima Karlsson", Party::kFk, "Personlig handläggare"});
    agreed.participants.push_back({"Rut Rehab", Party::kRegion, "Rehabkoordinator"});
    agreed.follow_up = today.AddDays(90);
    agreed.person_consents = true;
    agreed.agreed_on = today;
    sip.versions = {DemoVersion(1, today.AddDays(-14), "Utkast inför SIP-mötet", draft),
                    DemoVersion(2, today, "Överenskommen på SIP-mötet", agreed)};
    RATTVAG_TRY_STATUS(CallSip(journal, sip, DemoEntry(with_consent->personnummer, today, "demo " + sip.id)));
    ++added;
  }
  if (without_consent) {
    auto existing = journal.ListSipsOfPerson(without_consent->public_id);
    if (!existing.ok()) return existing.error();
    if (existing->empty()) {
      Sip sip;
      sip.id = "sip-demo00000002";
      sip.person_public_id = without_consent->public_id;
      sip.municipality = kDemoMunicipality;
      sip.called_by = Party::kEb;
      sip.called_by_unit = std::string("eb-") + kDemoMunicipality;
      sip.called_on = today.AddDays(-2);
      sip.invited = {Party::kFk, Party::kAf};
      sip.title = "SIP inför arbetsträning";
      sip.versions = {DemoVersion(1, today.AddDays(-2), "Kallelse skickad", SipPlan{})};
      RATTVAG_TRY_STATUS(CallSip(journal, sip, DemoEntry(without_consent->personnummer, today, "demo " + sip.id)));
      ++added;
    }
  }
  return added;
}

}  // namespace rattvag
