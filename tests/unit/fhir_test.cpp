// The FHIR R4 mapping rules of src/codec/fhir (docs/FHIR.md): statuses at their boundaries,
// stable ids, and the errors. tests/fhir validates the output against the R4 schema and FHIR.js.
#include <gtest/gtest.h>

#include <regex>

#include "codec/fhir.hpp"

namespace rattvag::fhir {
namespace {

namespace json = boost::json;

SipIntervention Intervention(InterventionStatus status) {
  SipIntervention i;
  i.id = "i";
  i.description = "Insats";
  i.start = Date(2026, 1, 1);
  i.status = status;
  return i;
}

TEST(FhirCarePlanStatus, FromAgreementInterventionsAndSupersession) {
  using S = InterventionStatus;
  struct Case {
    bool agreed;
    std::vector<S> interventions;
    Superseded superseded;
    const char* expected;
  };
  const Case cases[] = {
      {false, {}, Superseded::kNo, "draft"},
      {false, {S::kDone}, Superseded::kNo, "draft"},
      {false, {S::kOngoing}, Superseded::kYes, "draft"},  // A draft stays a draft.
      {true, {}, Superseded::kNo, "active"},
      {true, {S::kPlanned}, Superseded::kNo, "active"},
      {true, {S::kDone, S::kOngoing}, Superseded::kNo, "active"},
      {true, {S::kDone, S::kCancelled}, Superseded::kNo, "completed"},
      {true, {S::kDone}, Superseded::kNo, "completed"},
      {true, {S::kCancelled}, Superseded::kNo, "active"},  // Nothing done: not completed.
      {true, {S::kOngoing}, Superseded::kYes, "revoked"},
      {true, {S::kDone}, Superseded::kYes, "revoked"},
  };
  for (const Case& c : cases) {
    SipPlan plan;
    if (c.agreed) plan.agreed_on = Date(2026, 2, 1);
    for (S s : c.interventions) plan.interventions.push_back(Intervention(s));
    EXPECT_EQ(CarePlanStatus(plan, c.superseded), c.expected) << c.agreed << " " << c.interventions.size();
  }
}

TEST(FhirActivityStatus, EveryInterventionStatus) {
  EXPECT_EQ(ActivityStatus(InterventionStatus::kPlanned), "scheduled");
  EXPECT_EQ(ActivityStatus(InterventionStatus::kOngoing), "in-progress");
  EXPECT_EQ(ActivityStatus(InterventionStatus::kDone), "completed");
  EXPECT_EQ(ActivityStatus(InterventionStatus::kCancelled), "cancelled");
}

TEST(FhirIds, StableUuidIsAVersion8UuidAndStable) {
  const std::regex uuid("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::string a = StableUuid("CarePlan", "sip-1");
  EXPECT_TRUE(std::regex_match(a, uuid)) << a;
  EXPECT_EQ(a, StableUuid("CarePlan", "sip-1"));
  EXPECT_NE(a, StableUuid("CarePlan", "sip-2"));
  EXPECT_NE(a, StableUuid("CareTeam", "sip-1"));
}

TEST(FhirIds, OurIdWhenValidOtherwiseItsHash) {
  EXPECT_EQ(FhirId("c-1a2b3c4d"), "c-1a2b3c4d");
  EXPECT_EQ(FhirId("A.b-9"), "A.b-9");
  const std::regex hex("[0-9a-f]{64}");
  for (const std::string& bad : {std::string(""), std::string("has space"), std::string("ö"), std::string(65, 'a'),
                                std::string("a/b")}) {
    const std::string id = FhirId(bad);
    EXPECT_TRUE(std::regex_match(id, hex)) << bad << " → " << id;
    EXPECT_EQ(id, FhirId(bad));
  }
  EXPECT_EQ(FhirId(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_NE(FhirId("has space"), FhirId("has  space"));
}

ConsentView Consent() {
  ConsentView c;
  c.consent_id = "c-1";
  c.parties = PartyBit(Party::kFk);
  c.purpose = "samordning";
  c.given = Date(2026, 3, 10);
  c.until = Date(2026, 6, 30);
  return c;
}

TEST(FhirConsent, StatusAtTheBoundaries) {
  // Dates as in DOMAIN.md §3: in force from the day given through `until`; ended on the day revoked.
  const ConsentView c = Consent();
  auto status = [](const ConsentView& consent, Date on) {
    return std::string(ConsentResource("p1", consent, on, "EB").at("status").as_string());
  };
  EXPECT_EQ(status(c, Date(2026, 3, 9)), "proposed");
  EXPECT_EQ(status(c, Date(2026, 3, 10)), "active");
  EXPECT_EQ(status(c, Date(2026, 6, 30)), "active");
  EXPECT_EQ(status(c, Date(2026, 7, 1)), "inactive");
  ConsentView revoked = c;
  revoked.revoked = Date(2026, 4, 15);
  EXPECT_EQ(status(revoked, Date(2026, 4, 14)), "active");
  EXPECT_EQ(status(revoked, Date(2026, 4, 15)), "inactive");
  EXPECT_EQ(status(revoked, Date(2026, 3, 9)), "inactive");  // Revoked before it began: never in force.
}

TEST(FhirConsent, ActorsPeriodPatientAndNarrative) {
  ConsentView c = Consent();
  c.parties = PartyBit(Party::kFk) | PartyBit(Party::kAf) | PartyBit(Party::kNurse);
  c.purpose = "Planering <med> \"citat\" & mer";
  const json::object r = ConsentResource("8f14e45f", c, Date(2026, 4, 1), "Ekonomiskt bistånd (kommunen), Halmstad");
  EXPECT_EQ(r.at("id").as_string(), "c-1");
  EXPECT_EQ(r.at("patient").at("reference").as_string(), "Patient/8f14e45f");
  EXPECT_EQ(r.at("dateTime").as_string(), "2026-03-10");
  EXPECT_EQ(r.at("provision").at("type").as_string(), "permit");
  EXPECT_EQ(r.at("provision").at("period").at("end").as_string(), "2026-06-30");
  const auto& actors = r.at("provision").at("actor").as_array();
  ASSERT_EQ(actors.size(), 3u);
  EXPECT_EQ(actors[0].at("reference").at("display").as_string(), "Försäkringskassan");
  EXPECT_EQ(actors[1].at("reference").at("display").as_string(), "Arbetsförmedlingen");
  EXPECT_EQ(actors[2].at("reference").at("display").as_string(), "Sjuksköterska (kommunen)");
  const std::string div(r.at("text").at("div").as_string());
  EXPECT_NE(div.find("Syfte: Planering &lt;med&gt; &quot;citat&quot; &amp; mer"), std::string::npos) << div;
  EXPECT_EQ(div.find("<med>"), std::string::npos);
}

TEST(FhirBundles, BadTimestampAndMissingVersionAreErrors) {
  Sip sip;
  sip.id = "sip-1";
  sip.person_public_id = "p1";
  sip.versions.push_back(SipVersion{});
  for (const char* bad : {"", "2026-11-27", "2026-11-27T14:03:00", "2026-02-30T14:03:00Z", "2026-11-27T24:00:00Z",
                          "2026-11-27T14:03:00+1:00", "2026-11-27T14:03:00.Z"}) {
    auto r = SipBundle(sip, 1, std::nullopt, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "timestamp");
    auto c = ConsentBundle("p1", {}, Date(2026, 1, 1), "EB", bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.error().field, "timestamp");
  }
  for (const char* good : {"2026-11-27T14:03:00Z", "2026-11-27T14:03:00.123Z", "2026-11-27T14:03:00+01:00"})
    EXPECT_TRUE(SipBundle(sip, 1, std::nullopt, good).ok()) << good;
  auto missing = SipBundle(sip, 2, std::nullopt, "2026-11-27T14:03:00Z");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "version");
}

TEST(FhirBundles, SameInputSameBundle) {
  Sip sip;
  sip.id = "sip-1";
  sip.person_public_id = "p1";
  SipVersion v;
  v.plan.goals = {{"g1", "Mitt mål"}};
  sip.versions = {v};
  auto a = SipBundle(sip, 1, std::nullopt, "2026-11-27T14:03:00Z");
  auto b = SipBundle(sip, 1, std::nullopt, "2026-11-27T14:03:00Z");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(json::serialize(*a), json::serialize(*b));
}

}  // namespace
}  // namespace rattvag::fhir
