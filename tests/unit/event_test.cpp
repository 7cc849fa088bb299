// Wire names and field rules of events (DOMAIN.md §10, §5).
#include "domain/event.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <set>
#include <string>

namespace rattvag {
namespace {

// Every value of an enum with `count` values has a distinct name that parses back to it, and
// a name the format does not know parses to nothing.
template <typename E>
void ExpectNamesRoundTrip(int count, std::optional<E> (*parse)(std::string_view)) {
  std::set<std::string> seen;
  for (int i = 0; i < count; ++i) {
    const auto value = static_cast<E>(i);
    const std::string_view name = Name(value);
    EXPECT_FALSE(name.empty()) << i;
    EXPECT_TRUE(seen.insert(std::string(name)).second) << "duplicate name " << name;
    const std::optional<E> parsed = parse(name);
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(*parsed, value) << name;
  }
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("no_such_name").has_value());
  // Names are matched exactly, not ignoring case.
  std::string upper(Name(static_cast<E>(0)));
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(parse(upper).has_value());
}

TEST(EventNames, EveryEnumRoundTrips) {
  ExpectNamesRoundTrip<EventType>(kEventTypeCount, &ParseEventType);
  ExpectNamesRoundTrip<Party>(kPartyCount, &ParseParty);
  ExpectNamesRoundTrip<ExitReason>(kExitReasonCount, &ParseExitReason);
  ExpectNamesRoundTrip<IdentificationSource>(3, &ParseIdentificationSource);
  ExpectNamesRoundTrip<Sgi>(2, &ParseSgi);
  ExpectNamesRoundTrip<Direction>(kDirectionCount, &ParseDirection);
  ExpectNamesRoundTrip<Benefit>(kBenefitCount, &ParseBenefit);
  ExpectNamesRoundTrip<Outcome>(2, &ParseOutcome);
  ExpectNamesRoundTrip<CoordinationEndReason>(5, &ParseCoordinationEndReason);
  ExpectNamesRoundTrip<Survey>(3, &ParseSurvey);
}

// The names are those of the §10 table, written out here rather than taken from the code.
TEST(EventNames, MatchTheExchangeFormat) {
  const char* types[kEventTypeCount] = {
      "eb_period_started",  "eb_period_ended",        "target_group_identified", "sgi_checked",
      "consent_given",      "consent_revoked",        "mapping_meeting_held",    "sick_certificate",
      "stance_taken",       "fk_referral_sent",       "fk_contact_made",         "fk_coordination_started",
      "avstamningsmote_held", "fk_readiness_assessed", "fk_coordination_ended",  "sip_meeting_held",
      "work_capacity_assessed", "benefit_applied",    "benefit_decided",         "survey_answered"};
  for (int i = 0; i < kEventTypeCount; ++i) EXPECT_EQ(Name(static_cast<EventType>(i)), types[i]);
  const char* parties[kPartyCount] = {"eb", "fk", "region", "af", "ame", "nurse"};
  for (int i = 0; i < kPartyCount; ++i) EXPECT_EQ(Name(static_cast<Party>(i)), parties[i]);
  const char* reasons[kExitReasonCount] = {"sjukersattning", "aktivitetsersattning", "sjukpenning", "anstallning",
                                           "make_maka_inkomst", "alderspension", "avliden", "flyttat",
                                           "studier", "annan_ersattning", "okand"};
  for (int i = 0; i < kExitReasonCount; ++i) EXPECT_EQ(Name(static_cast<ExitReason>(i)), reasons[i]);
  EXPECT_EQ(Name(Direction::kClarifyWithHealthcare), "clarify_with_healthcare");
  EXPECT_EQ(Name(Benefit::kSjukpenningSarskildaFall), "sjukpenning_sarskilda_fall");
  EXPECT_EQ(Name(CoordinationEndReason::kBenefitGranted), "benefit_granted");
  EXPECT_EQ(Name(Survey::kIndikatorer), "indikatorer");
  EXPECT_EQ(Name(Sgi::kPositive), "positive");
  EXPECT_EQ(Name(IdentificationSource::kCaseworker), "caseworker");
  EXPECT_EQ(Name(Outcome::kDenied), "denied");
}

TEST(EventNames, AllValuesListsAreInDeclarationOrder) {
  for (int i = 0; i < kExitReasonCount; ++i) EXPECT_EQ(AllExitReasons()[i], static_cast<ExitReason>(i));
  for (int i = 0; i < kDirectionCount; ++i) EXPECT_EQ(AllDirections()[i], static_cast<Direction>(i));
}

TEST(EventRequiresPerson, OnlySurveyAnswersMayBeAnonymous) {
  for (int i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    EXPECT_EQ(RequiresPerson(type), type != EventType::kSurveyAnswered) << Name(type);
  }
}

// ValidateEventFields: each case starts from a valid event, breaks one thing and expects
// exactly one error naming the field.

constexpr Date kDate(2023, 3, 15);

Event Base(EventType type) {
  Event e;
  e.type = type;
  e.date = kDate;
  e.person = "198503129804";  // Synthetic, see event_json_test.cpp.
  return e;
}

Event ValidEbStarted() {
  Event e = Base(EventType::kEbPeriodStarted);
  e.municipality = "1380";
  return e;
}
Event ValidConsent() {
  Event e = Base(EventType::kConsentGiven);
  e.consent_id = "c-1";
  e.parties = PartyBit(Party::kFk) | PartyBit(Party::kRegion);
  e.purpose = "Samordning";
  e.until = Date(2024, 3, 15);
  return e;
}
Event ValidSickCertificate() {
  Event e = Base(EventType::kSickCertificate);
  e.from = Date(2023, 3, 1);
  e.to = Date(2023, 4, 30);
  e.extent = 100;
  return e;
}
Event ValidStance() {
  Event e = Base(EventType::kStanceTaken);
  e.direction = Direction::kAwaitTreatment;
  e.review_date = Date(2023, 5, 1);
  return e;
}
Event ValidReadiness() {
  Event e = Base(EventType::kFkReadinessAssessed);
  e.ready = false;
  e.prognosis_date = Date(2023, 9, 1);
  return e;
}
Event ValidBenefitDecided() {
  Event e = Base(EventType::kBenefitDecided);
  e.benefit = Benefit::kSjukersattning;
  e.outcome = Outcome::kGranted;
  e.extent = 50;
  return e;
}

void ExpectOneError(const Event& e, const std::string& field) {
  const std::vector<Error> errors = ValidateEventFields(e);
  ASSERT_EQ(errors.size(), 1u) << "field " << field;
  EXPECT_EQ(errors[0].field, field);
  EXPECT_FALSE(errors[0].reason.empty());
}

TEST(EventValidate, ValidEventsHaveNoErrors) {
  for (const Event& e : {ValidEbStarted(), ValidConsent(), ValidSickCertificate(), ValidStance(), ValidReadiness(),
                         ValidBenefitDecided()})
    EXPECT_TRUE(ValidateEventFields(e).empty()) << Name(e.type);
  Event no_extent = ValidBenefitDecided();
  no_extent.extent = 0;  // Optional for a decision.
  EXPECT_TRUE(ValidateEventFields(no_extent).empty());
  Event anonymous = Base(EventType::kSurveyAnswered);
  anonymous.person.clear();
  anonymous.answers_json = "{\"planning\":\"good\"}";
  EXPECT_TRUE(ValidateEventFields(anonymous).empty());
}

TEST(EventValidate, MunicipalityMustBeFourDigits) {
  for (const char* bad : {"", "138", "13800", "13a0", " 380", "１３８０"}) {
    Event e = ValidEbStarted();
    e.municipality = bad;
    ExpectOneError(e, "municipality");
  }
  for (EventType type : {EventType::kEbPeriodEnded, EventType::kTargetGroupIdentified}) {
    Event e = Base(type);
    e.municipality = "138";
    ExpectOneError(e, "municipality");
  }
}

TEST(EventValidate, ConsentMayNotNameEb) {
  Event e = ValidConsent();
  e.parties |= PartyBit(Party::kEb);
  ExpectOneError(e, "parties");
  e.parties = PartyBit(Party::kEb);
  ExpectOneError(e, "parties");
  e.parties = 0;
  ExpectOneError(e, "parties");
}

TEST(EventValidate, MeetingsMayNameEbButNeedSomeone) {
  Event e = Base(EventType::kAvstamningsmoteHeld);
  e.parties = PartyBit(Party::kEb) | PartyBit(Party::kFk);
  EXPECT_TRUE(ValidateEventFields(e).empty());
  e.parties = 0;
  ExpectOneError(e, "parties");
}

TEST(EventValidate, ConsentUntilNotBeforeItsDate) {
  Event e = ValidConsent();
  e.until = kDate.AddDays(-1);
  ExpectOneError(e, "until");
  e.until = kDate;  // The same day is allowed.
  EXPECT_TRUE(ValidateEventFields(e).empty());
}

TEST(EventValidate, ConsentNeedsIdAndPurpose) {
  Event e = ValidConsent();
  e.consent_id.clear();
  ExpectOneError(e, "consent_id");
  e = ValidConsent();
  e.purpose.clear();
  ExpectOneError(e, "purpose");
}

TEST(EventValidate, StanceOtherNeedsANote) {
  Event e = ValidStance();
  e.direction = Direction::kOther;
  ExpectOneError(e, "note");
  e.note = "Missbruk är det primära problemet";
  EXPECT_TRUE(ValidateEventFields(e).empty());
}

TEST(EventValidate, StanceReviewNotBeforeItsDate) {
  Event e = ValidStance();
  e.review_date = kDate.AddDays(-1);
  ExpectOneError(e, "review_date");
}

TEST(EventValidate, ReadyHasNoPrognosisDate) {
  Event e = ValidReadiness();
  e.ready = true;
  ExpectOneError(e, "prognosis_date");
  e.prognosis_date.reset();
  EXPECT_TRUE(ValidateEventFields(e).empty());
}

TEST(EventValidate, SickCertificateToNotBeforeFrom) {
  Event e = ValidSickCertificate();
  e.to = e.from.AddDays(-1);
  ExpectOneError(e, "to");
  e.to = e.from;  // A one-day certificate.
  EXPECT_TRUE(ValidateEventFields(e).empty());
}

TEST(EventValidate, ExtentsAreQuarters) {
  for (int extent : {25, 50, 75, 100}) {
    Event e = ValidSickCertificate();
    e.extent = extent;
    EXPECT_TRUE(ValidateEventFields(e).empty()) << extent;
    Event d = ValidBenefitDecided();
    d.extent = extent;
    EXPECT_TRUE(ValidateEventFields(d).empty()) << extent;
  }
  for (int extent : {-25, 0, 24, 30, 101}) {
    Event e = ValidSickCertificate();
    e.extent = extent;
    ExpectOneError(e, "extent");
  }
  for (int extent : {-25, 24, 30, 101}) {
    Event d = ValidBenefitDecided();
    d.extent = extent;
    ExpectOneError(d, "extent");
  }
}

TEST(EventValidate, ReferralNeedsAnId) {
  for (EventType type : {EventType::kFkReferralSent, EventType::kFkContactMade}) {
    Event e = Base(type);
    ExpectOneError(e, "referral_id");
    e.referral_id = "r-1";
    EXPECT_TRUE(ValidateEventFields(e).empty());
  }
}

TEST(EventValidate, PersonRequiredExceptForSurveys) {
  Event e = ValidEbStarted();
  e.person.clear();
  ExpectOneError(e, "person");
}

TEST(EventValidate, SurveyAnswersMustBeAnObject) {
  Event e = Base(EventType::kSurveyAnswered);
  ExpectOneError(e, "answers");
  e.answers_json = "[]";
  ExpectOneError(e, "answers");
}

// Enum values made in code rather than parsed can be out of range; they are reported, not
// passed on to Name(), which would read past its table.
TEST(EventValidate, EnumsOutOfRange) {
  Event bad_type = ValidEbStarted();
  bad_type.type = static_cast<EventType>(kEventTypeCount);
  ExpectOneError(bad_type, "type");
  Event stance = ValidStance();
  stance.direction = static_cast<Direction>(kDirectionCount);
  ExpectOneError(stance, "direction");
  Event decided = ValidBenefitDecided();
  decided.outcome = static_cast<Outcome>(2);
  ExpectOneError(decided, "outcome");
  Event ended = Base(EventType::kEbPeriodEnded);
  ended.municipality = "1380";
  ended.exit_reason = static_cast<ExitReason>(kExitReasonCount);
  ExpectOneError(ended, "reason");
  Event meeting = Base(EventType::kSipMeetingHeld);
  meeting.parties = static_cast<PartySet>(PartyBit(Party::kFk) | (1u << kPartyCount));
  ExpectOneError(meeting, "parties");
}

TEST(EventValidate, IdAtMost200Characters) {
  Event e = ValidEbStarted();
  e.id = std::string(200, 'x');
  EXPECT_TRUE(ValidateEventFields(e).empty());
  e.id = std::string(201, 'x');
  ExpectOneError(e, "id");
}

}  // namespace
}  // namespace rattvag
