// The exchange format (DOMAIN.md §10): decoding lines strictly and encoding them canonically.
#include "codec/event_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <random>
#include <string>
#include <vector>

namespace rattvag {
namespace {

// Synthetic personnummer, serial numbers 980–999, check digits by hand (Luhn over YYMMDDNNN,
// weights 2,1,2,1,… from the left, digits of products summed, check = (10 - sum % 10) % 10):
//   19850312-9804: 8·2=16→7, 5, 0·2=0, 3, 1·2=2, 2, 9·2=18→9, 8, 0·2=0; sum 36; check 4.
//   19901224-9810: 9·2=18→9, 0, 1·2=2, 2, 2·2=4, 4, 9·2=18→9, 8, 1·2=2; sum 40; check 0.
// Both confirmed once with the npm package `personnummer` (valid), and 19850312-9805 invalid.
constexpr const char* kPerson = "198503129804";
constexpr const char* kOtherPerson = "199012249810";
constexpr Date kToday(2024, 6, 1);

Date D(int y, unsigned m, unsigned d) { return Date(y, m, d); }

// Field-by-field equality, so a failure names the field.
void ExpectEventsEqual(const Event& actual, const Event& expected, const std::string& context = "") {
  SCOPED_TRACE(context);
  EXPECT_EQ(actual.type, expected.type);
  EXPECT_EQ(actual.date, expected.date);
  EXPECT_EQ(actual.person, expected.person);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.municipality, expected.municipality);
  EXPECT_EQ(actual.exit_reason, expected.exit_reason);
  EXPECT_EQ(actual.source, expected.source);
  EXPECT_EQ(actual.sgi, expected.sgi);
  EXPECT_EQ(actual.consent_id, expected.consent_id);
  EXPECT_EQ(actual.parties, expected.parties);
  EXPECT_EQ(actual.purpose, expected.purpose);
  EXPECT_EQ(actual.until, expected.until);
  EXPECT_EQ(actual.from, expected.from);
  EXPECT_EQ(actual.to, expected.to);
  EXPECT_EQ(actual.extent, expected.extent);
  EXPECT_EQ(actual.icd10, expected.icd10);
  EXPECT_EQ(actual.supports_reduced_capacity, expected.supports_reduced_capacity);
  EXPECT_EQ(actual.direction, expected.direction);
  EXPECT_EQ(actual.review_date, expected.review_date);
  EXPECT_EQ(actual.note, expected.note);
  EXPECT_EQ(actual.referral_id, expected.referral_id);
  EXPECT_EQ(actual.ready, expected.ready);
  EXPECT_EQ(actual.prognosis_date, expected.prognosis_date);
  EXPECT_EQ(actual.coordination_end_reason, expected.coordination_end_reason);
  EXPECT_EQ(actual.benefit, expected.benefit);
  EXPECT_EQ(actual.outcome, expected.outcome);
  EXPECT_EQ(actual.survey, expected.survey);
  EXPECT_EQ(actual.answers_json, expected.answers_json);
}

std::string ErrorsToString(const std::vector<Error>& errors) {
  std::string text;
  for (const Error& e : errors) text += "[" + e.ToString() + "] ";
  return text;
}

Event Base(EventType type, Date date, const char* person = kPerson) {
  Event e;
  e.type = type;
  e.date = date;
  e.person = person;
  return e;
}

// One valid line per type, written in canonical form, and the event it stands for.
struct ValidCase {
  const char* line;
  std::function<Event()> expected;
};

std::vector<ValidCase> ValidCases() {
  return {
      {R"({"type":"eb_period_started","person":"198503129804","date":"2023-01-10","municipality":"1380"})",
       [] {
         Event e = Base(EventType::kEbPeriodStarted, D(2023, 1, 10));
         e.municipality = "1380";
         return e;
       }},
      {R"({"type":"eb_period_ended","id":"x-2","person":"198503129804","date":"2023-11-30","municipality":"1380","reason":"make_maka_inkomst"})",
       [] {
         Event e = Base(EventType::kEbPeriodEnded, D(2023, 11, 30));
         e.id = "x-2";
         e.municipality = "1380";
         e.exit_reason = ExitReason::kMakeMakaInkomst;
         return e;
       }},
      {R"({"type":"target_group_identified","person":"198503129804","date":"2023-01-12","municipality":"1381","source":"mapping"})",
       [] {
         Event e = Base(EventType::kTargetGroupIdentified, D(2023, 1, 12));
         e.municipality = "1381";
         e.source = IdentificationSource::kMapping;
         return e;
       }},
      {R"({"type":"sgi_checked","person":"198503129804","date":"2023-01-13","sgi":"positive"})",
       [] {
         Event e = Base(EventType::kSgiChecked, D(2023, 1, 13));
         e.sgi = Sgi::kPositive;
         return e;
       }},
      {R"({"type":"consent_given","person":"198503129804","date":"2023-01-20","consent_id":"c-1","parties":["fk","region","nurse"],"purpose":"Samordning med FK och vården","until":"2024-01-20"})",
       [] {
         Event e = Base(EventType::kConsentGiven, D(2023, 1, 20));
         e.consent_id = "c-1";
         e.parties = PartyBit(Party::kFk) | PartyBit(Party::kRegion) | PartyBit(Party::kNurse);
         e.purpose = "Samordning med FK och vården";
         e.until = D(2024, 1, 20);
         return e;
       }},
      {R"({"type":"consent_revoked","person":"198503129804","date":"2023-06-01","consent_id":"c-1"})",
       [] {
         Event e = Base(EventType::kConsentRevoked, D(2023, 6, 1));
         e.consent_id = "c-1";
         return e;
       }},
      {R"({"type":"mapping_meeting_held","person":"198503129804","date":"2023-01-20"})",
       [] { return Base(EventType::kMappingMeetingHeld, D(2023, 1, 20)); }},
      {R"({"type":"sick_certificate","person":"198503129804","date":"2023-02-01","from":"2023-02-01","to":"2023-03-31","extent":50,"icd10":"F32.1","supports_reduced_capacity":true})",
       [] {
         Event e = Base(EventType::kSickCertificate, D(2023, 2, 1));
         e.from = D(2023, 2, 1);
         e.to = D(2023, 3, 31);
         e.extent = 50;
         e.icd10 = "F32.1";
         e.supports_reduced_capacity = true;
         return e;
       }},
      {R"({"type":"stance_taken","person":"198503129804","date":"2023-03-20","direction":"await_treatment","review_date":"2023-05-01","note":"Åter efter \"behandling\"\nrad 2"})",
       [] {
         Event e = Base(EventType::kStanceTaken, D(2023, 3, 20));
         e.direction = Direction::kAwaitTreatment;
         e.review_date = D(2023, 5, 1);
         e.note = "Åter efter \"behandling\"\nrad 2";
         return e;
       }},
      {R"({"type":"fk_referral_sent","person":"198503129804","date":"2023-04-03","referral_id":"r-7"})",
       [] {
         Event e = Base(EventType::kFkReferralSent, D(2023, 4, 3));
         e.referral_id = "r-7";
         return e;
       }},
      {R"({"type":"fk_contact_made","person":"198503129804","date":"2023-04-05","referral_id":"r-7"})",
       [] {
         Event e = Base(EventType::kFkContactMade, D(2023, 4, 5));
         e.referral_id = "r-7";
         return e;
       }},
      {R"({"type":"fk_coordination_started","person":"198503129804","date":"2023-04-10"})",
       [] { return Base(EventType::kFkCoordinationStarted, D(2023, 4, 10)); }},
      {R"({"type":"avstamningsmote_held","person":"198503129804","date":"2023-04-20","parties":["eb","fk","af"]})",
       [] {
         Event e = Base(EventType::kAvstamningsmoteHeld, D(2023, 4, 20));
         e.parties = PartyBit(Party::kEb) | PartyBit(Party::kFk) | PartyBit(Party::kAf);
         return e;
       }},
      {R"({"type":"fk_readiness_assessed","person":"198503129804","date":"2023-05-02","ready":false,"prognosis_date":"2023-09-01"})",
       [] {
         Event e = Base(EventType::kFkReadinessAssessed, D(2023, 5, 2));
         e.ready = false;
         e.prognosis_date = D(2023, 9, 1);
         return e;
       }},
      {R"({"type":"fk_coordination_ended","person":"198503129804","date":"2023-05-03","reason":"not_ready"})",
       [] {
         Event e = Base(EventType::kFkCoordinationEnded, D(2023, 5, 3));
         e.coordination_end_reason = CoordinationEndReason::kNotReady;
         return e;
       }},
      {R"({"type":"sip_meeting_held","person":"198503129804","date":"2023-05-10","parties":["eb","region","ame"]})",
       [] {
         Event e = Base(EventType::kSipMeetingHeld, D(2023, 5, 10));
         e.parties = PartyBit(Party::kEb) | PartyBit(Party::kRegion) | PartyBit(Party::kAme);
         return e;
       }},
      {R"({"type":"work_capacity_assessed","person":"199012249810","date":"2023-05-11"})",
       [] { return Base(EventType::kWorkCapacityAssessed, D(2023, 5, 11), kOtherPerson); }},
      {R"({"type":"benefit_applied","person":"198503129804","date":"2023-06-01","benefit":"sjukpenning_sarskilda_fall"})",
       [] {
         Event e = Base(EventType::kBenefitApplied, D(2023, 6, 1));
         e.benefit = Benefit::kSjukpenningSarskildaFall;
         return e;
       }},
      {R"({"type":"benefit_decided","person":"198503129804","date":"2023-09-01","benefit":"aktivitetsersattning","outcome":"granted","extent":75})",
       [] {
         Event e = Base(EventType::kBenefitDecided, D(2023, 9, 1));
         e.benefit = Benefit::kAktivitetsersattning;
         e.outcome = Outcome::kGranted;
         e.extent = 75;
         return e;
       }},
      {R"({"type":"survey_answered","date":"2023-10-01","survey":"participant","answers":{"planning":"good","cooperation":"yes"}})",
       [] {
         Event e = Base(EventType::kSurveyAnswered, D(2023, 10, 1), "");
         e.survey = Survey::kParticipant;
         e.answers_json = R"({"planning":"good","cooperation":"yes"})";
         return e;
       }},
  };
}

TEST(EventJsonDecode, EveryTypeDecodesAndEncodesCanonically) {
  const std::vector<ValidCase> cases = ValidCases();
  bool covered[kEventTypeCount] = {};
  for (const ValidCase& c : cases) {
    SCOPED_TRACE(c.line);
    const DecodedLine decoded = DecodeEventLine(c.line, kToday);
    ASSERT_TRUE(decoded.errors.empty()) << ErrorsToString(decoded.errors);
    ExpectEventsEqual(decoded.event, c.expected());
    covered[static_cast<int>(decoded.event.type)] = true;
    // The lines are written canonically, so encoding gives them back byte for byte.
    EXPECT_EQ(EncodeEventJson(decoded.event), c.line);
    const DecodedLine again = DecodeEventLine(EncodeEventJson(decoded.event), kToday);
    ASSERT_TRUE(again.errors.empty()) << ErrorsToString(again.errors);
    ExpectEventsEqual(again.event, decoded.event);
  }
  for (int i = 0; i < kEventTypeCount; ++i) EXPECT_TRUE(covered[i]) << Name(static_cast<EventType>(i));
}

TEST(EventJsonDecode, KeysInAnyOrderWithWhitespace) {
  const DecodedLine decoded = DecodeEventLine(
      R"(  { "extent" : 100 , "supports_reduced_capacity":false, "to":"2023-02-28","from":"2023-02-01",)"
      R"( "date":"2023-02-01", "person":"19850312-9804", "type":"sick_certificate" }  )",
      kToday);
  ASSERT_TRUE(decoded.errors.empty()) << ErrorsToString(decoded.errors);
  Event expected = Base(EventType::kSickCertificate, D(2023, 2, 1));
  expected.from = D(2023, 2, 1);
  expected.to = D(2023, 2, 28);
  expected.extent = 100;
  ExpectEventsEqual(decoded.event, expected);
  EXPECT_EQ(EncodeEventJson(decoded.event),
            R"({"type":"sick_certificate","person":"198503129804","date":"2023-02-01","from":"2023-02-01",)"
            R"("to":"2023-02-28","extent":100,"supports_reduced_capacity":false})");
}

TEST(EventJsonDecode, PersonIsNormalisedToTwelveDigits) {
  for (const char* written : {"19850312-9804", "198503129804", "850312-9804", "8503129804"}) {
    const std::string line =
        std::string(R"({"type":"mapping_meeting_held","date":"2023-01-20","person":")") + written + "\"}";
    const DecodedLine decoded = DecodeEventLine(line, kToday);
    ASSERT_TRUE(decoded.errors.empty()) << written << ": " << ErrorsToString(decoded.errors);
    EXPECT_EQ(decoded.event.person, kPerson) << written;
  }
}

TEST(EventJsonDecode, AnonymousSurveyWithOrWithoutPerson) {
  const DecodedLine anonymous = DecodeEventLine(
      R"({"type":"survey_answered","date":"2023-10-01","survey":"staff","answers":{"contact":"good"}})", kToday);
  ASSERT_TRUE(anonymous.errors.empty()) << ErrorsToString(anonymous.errors);
  EXPECT_EQ(anonymous.event.person, "");
  EXPECT_EQ(anonymous.event.answers_json, R"({"contact":"good"})");
  const DecodedLine named = DecodeEventLine(
      R"({"type":"survey_answered","person":"19850312-9804","date":"2023-10-01","survey":"indikatorer","answers":{"great_use":false}})",
      kToday);
  ASSERT_TRUE(named.errors.empty()) << ErrorsToString(named.errors);
  EXPECT_EQ(named.event.person, kPerson);
  EXPECT_EQ(named.event.survey, Survey::kIndikatorer);
}

TEST(EventJsonDecode, AnswersAreStoredCompactWithCanonicalEscapes) {
  const DecodedLine decoded = DecodeEventLine(
      "{\"type\":\"survey_answered\",\"date\":\"2023-10-01\",\"survey\":\"staff\",\"answers\":"
      "{ \"cont\\u0061ct\" : \"\\u0067ood\" } }",
      kToday);
  ASSERT_TRUE(decoded.errors.empty()) << ErrorsToString(decoded.errors);
  EXPECT_EQ(decoded.event.answers_json, "{\"contact\":\"good\"}");
  // Answers are checked against their survey (domain/survey.hpp): numbers, lists and unknown
  // questions are refused, each naming its field.
  const DecodedLine odd = DecodeEventLine(
      "{\"type\":\"survey_answered\",\"date\":\"2023-10-01\",\"survey\":\"staff\",\"answers\":"
      "{ \"b\" : 1.50 , \"contact\" : [ true , false ] } }",
      kToday);
  ASSERT_EQ(odd.errors.size(), 2u) << ErrorsToString(odd.errors);
  EXPECT_EQ(odd.errors[0].field, "answers.b");
  EXPECT_EQ(odd.errors[1].field, "answers.contact");
}

TEST(EventJsonDecode, OptionalFieldsMayBeLeftOut) {
  const DecodedLine stance =
      DecodeEventLine(R"({"type":"stance_taken","person":"198503129804","date":"2023-03-20","direction":"sip"})", kToday);
  ASSERT_TRUE(stance.errors.empty()) << ErrorsToString(stance.errors);
  EXPECT_FALSE(stance.event.review_date.has_value());
  EXPECT_EQ(stance.event.note, "");
  const DecodedLine decided = DecodeEventLine(
      R"({"type":"benefit_decided","person":"198503129804","date":"2023-09-01","benefit":"sjukersattning","outcome":"denied"})",
      kToday);
  ASSERT_TRUE(decided.errors.empty()) << ErrorsToString(decided.errors);
  EXPECT_EQ(decided.event.extent, 0);
  EXPECT_EQ(decided.event.outcome, Outcome::kDenied);
  const DecodedLine ready = DecodeEventLine(
      R"({"type":"fk_readiness_assessed","person":"198503129804","date":"2023-05-02","ready":true})", kToday);
  ASSERT_TRUE(ready.errors.empty()) << ErrorsToString(ready.errors);
  EXPECT_TRUE(ready.event.ready);
}

// Events built in code, with every optional field set and with none, survive
// Encode → Decode, with and without tricky strings.
TEST(EventJsonRoundTrip, OptionalFieldsSetAndUnset) {
  std::vector<Event> events;
  for (const ValidCase& c : ValidCases()) {
    Event full = c.expected();
    full.id = "id-\"quoted\"\\back\u00e5\x01\x1f";
    if (full.type == EventType::kSurveyAnswered) full.person = kOtherPerson;
    events.push_back(full);
    Event bare = c.expected();
    bare.until.reset();
    bare.icd10.clear();
    bare.review_date.reset();
    bare.note.clear();
    bare.prognosis_date.reset();
    if (bare.type == EventType::kBenefitDecided) bare.extent = 0;
    events.push_back(bare);
  }
  Event tricky = Base(EventType::kStanceTaken, D(2023, 3, 20));
  tricky.direction = Direction::kOther;
  tricky.note = std::string("tab\there, nul ") + '\0' + " byte, \"quotes\", \\, \x7f, ✓ and 𝄞";
  events.push_back(tricky);
  for (const Event& e : events) {
    const std::string line = EncodeEventJson(e);
    SCOPED_TRACE(line);
    const DecodedLine decoded = DecodeEventLine(line, kToday);
    ASSERT_TRUE(decoded.errors.empty()) << ErrorsToString(decoded.errors);
    ExpectEventsEqual(decoded.event, e);
    EXPECT_EQ(EncodeEventJson(decoded.event), line);
  }
}

TEST(EventJsonEncode, WithoutPerson) {
  Event e = Base(EventType::kFkCoordinationStarted, D(2023, 4, 10));
  e.id = "a1";
  EXPECT_EQ(EncodeEventJson(e, /*include_person=*/false),
            R"({"type":"fk_coordination_started","id":"a1","date":"2023-04-10"})");
  EXPECT_EQ(EncodeEventJson(e), R"({"type":"fk_coordination_started","id":"a1","person":"198503129804","date":"2023-04-10"})");
}

TEST(EventJsonEncode, PartiesInEnumOrderWhateverTheInputOrder) {
  const DecodedLine decoded = DecodeEventLine(
      R"({"type":"sip_meeting_held","person":"198503129804","date":"2023-05-10","parties":["nurse","af","eb"]})", kToday);
  ASSERT_TRUE(decoded.errors.empty()) << ErrorsToString(decoded.errors);
  EXPECT_EQ(EncodeEventJson(decoded.event),
            R"({"type":"sip_meeting_held","person":"198503129804","date":"2023-05-10","parties":["eb","af","nurse"]})");
}

// ---------------------------------------------------------------------------------------------
// Bad lines. Every error names its field, says why, and never echoes the personnummer.

void ExpectSafeReason(const Error& error) {
  EXPECT_FALSE(error.reason.empty()) << error.field;
  for (const char* secret : {"850312", "901224", "9804", "9805", "9810", "9811"})
    EXPECT_EQ(error.reason.find(secret), std::string::npos) << error.field << ": " << error.reason;
}

// Decodes `line` and expects exactly one error, on `field`; returns its reason.
std::string ExpectOneError(const std::string& line, const std::string& field) {
  SCOPED_TRACE(line);
  const DecodedLine decoded = DecodeEventLine(line, kToday);
  EXPECT_EQ(decoded.errors.size(), 1u) << ErrorsToString(decoded.errors);
  if (decoded.errors.empty()) return "";
  EXPECT_EQ(decoded.errors[0].field, field) << ErrorsToString(decoded.errors);
  for (const Error& e : decoded.errors) ExpectSafeReason(e);
  return decoded.errors[0].reason;
}

// A valid sick certificate with `replace` put in place of `field`'s value (or the field left
// out when `replace` is empty).
std::string SickCertificate(const std::string& field, const std::string& replace) {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"type", "\"sick_certificate\""}, {"person", "\"19850312-9804\""}, {"date", "\"2023-02-01\""},
      {"from", "\"2023-02-01\""},       {"to", "\"2023-03-31\""},        {"extent", "50"},
      {"icd10", "\"F32\""},             {"supports_reduced_capacity", "true"}};
  std::string line = "{";
  for (const auto& [name, value] : fields) {
    if (name == field && replace.empty()) continue;
    if (line.size() > 1) line += ",";
    line += "\"" + name + "\":" + (name == field ? replace : value);
  }
  return line + "}";
}

TEST(EventJsonBadLine, TheSickCertificateTemplateIsValid) {
  const DecodedLine decoded = DecodeEventLine(SickCertificate("", ""), kToday);
  EXPECT_TRUE(decoded.errors.empty()) << ErrorsToString(decoded.errors);
}

TEST(EventJsonBadLine, NotJson) {
  for (const char* line : {"{\"type\":", "{type: \"sgi_checked\"}", "{\"type\":\"sgi_checked\",}", "",
                           "{\"type\":\"sgi_checked\"} trailing", "{\"a\":1}{\"b\":2}", "{\"person\":\"19850312-9804\""}) {
    const std::string reason = ExpectOneError(line, "");
    EXPECT_EQ(reason.rfind("is not valid JSON", 0), 0u) << reason;
  }
}

TEST(EventJsonBadLine, InvalidUtf8) {
  const std::string start = R"({"type":"mapping_meeting_held","person":"198503129804","date":"2023-01-20","id":")";
  // A stray byte, a cut sequence, an overlong '/', an encoded surrogate, past U+10FFFF.
  for (const char* bad : {"\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"})
    EXPECT_EQ(ExpectOneError(start + bad + "\"}", ""), "is not valid UTF-8") << start + bad;
  // Outside strings too.
  EXPECT_EQ(ExpectOneError(start + "x\"}\xc3", ""), "is not valid UTF-8");
}

TEST(EventJsonBadLine, NotAnObject) {
  for (const char* line : {"[1,2]", "42", "\"sgi_checked\"", "null", "[{\"type\":\"sgi_checked\"}]"})
    ExpectOneError(line, "");
}

TEST(EventJsonBadLine, TooLongOrTooDeep) {
  const std::string long_note(70 * 1024, 'x');
  ExpectOneError(R"({"type":"stance_taken","person":"198503129804","date":"2023-03-20","direction":"other","note":")" +
                     long_note + "\"}",
                 "");
  // Eight levels (the line and seven inside `answers`) are fine, nine are not.
  const std::string prefix = R"({"type":"survey_answered","date":"2023-10-01","survey":"staff","answers":)";
  // (Eight levels parse; the survey then refuses the nested value, naming it.)
  ExpectOneError(prefix + "{\"contact\":[[[[[[]]]]]]}}", "answers.contact");
  ExpectOneError(prefix + "{\"a\":[[[[[[[]]]]]]]}}", "");
}

TEST(EventJsonBadLine, MissingType) {
  EXPECT_EQ(ExpectOneError(R"({"person":"19850312-9804","date":"2023-01-10","municipality":"1380"})", "type"),
            "is required");
}

TEST(EventJsonBadLine, UnknownOrMalformedTypeIsTheOnlyError) {
  // The other problems (no date, unknown field, bad person) are not reported.
  const std::string reason = ExpectOneError(R"({"type":"eb_started","person":"19850312-9805","colour":1})", "type");
  EXPECT_NE(reason.find("eb_period_started"), std::string::npos) << reason;
  ExpectOneError(R"({"type":7,"person":"19850312-9804","date":"2023-01-10"})", "type");
  ExpectOneError(R"({"type":"sgi_checked","type":"sgi_checked","person":"19850312-9804","date":"2023-01-10","sgi":"zero"})",
                 "type");
}

TEST(EventJsonBadLine, UnknownField) {
  EXPECT_EQ(ExpectOneError(R"({"type":"sgi_checked","person":"19850312-9804","date":"2023-01-10","sgi":"zero","colour":"red"})",
                           "colour"),
            "is not a field of sgi_checked");
  // A field of another type is not a field of this one.
  ExpectOneError(R"({"type":"sgi_checked","person":"19850312-9804","date":"2023-01-10","sgi":"zero","municipality":"1380"})",
                 "municipality");
  // Long unknown keys are cut in the error.
  const std::string key(300, 'k');
  const DecodedLine decoded = DecodeEventLine(
      R"({"type":"mapping_meeting_held","person":"19850312-9804","date":"2023-01-10",")" + key + "\":1}", kToday);
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_LE(decoded.errors[0].field.size(), 64u);
  // Control characters in a key do not reach the terminal.
  EXPECT_EQ(ExpectOneError(R"({"type":"mapping_meeting_held","person":"19850312-9804","date":"2023-01-10","a\u001b[2Jb":1})",
                           "a?[2Jb"),
            "is not a field of mapping_meeting_held");
}

TEST(EventJsonBadLine, RepeatedField) {
  ExpectOneError(R"({"type":"sgi_checked","person":"19850312-9804","date":"2023-01-10","sgi":"zero","sgi":"positive"})",
                 "sgi");
}

TEST(EventJsonBadLine, MissingRequiredField) {
  ExpectOneError(R"({"type":"consent_given","person":"19850312-9804","date":"2023-01-20","consent_id":"c","parties":["fk"]})",
                 "purpose");
  ExpectOneError(R"({"type":"mapping_meeting_held","person":"19850312-9804"})", "date");
  ExpectOneError(SickCertificate("supports_reduced_capacity", ""), "supports_reduced_capacity");
  ExpectOneError(SickCertificate("extent", ""), "extent");
  ExpectOneError(R"({"type":"survey_answered","date":"2023-10-01","survey":"staff"})", "answers");
}

TEST(EventJsonBadLine, MissingPersonOnATypeThatNeedsOne) {
  EXPECT_EQ(ExpectOneError(R"({"type":"eb_period_started","date":"2023-01-10","municipality":"1380"})", "person"),
            "is required");
}

TEST(EventJsonBadLine, BadPersonnummer) {
  // Wrong check digit (9805 instead of 9804): the reason must not repeat the number.
  ExpectOneError(R"({"type":"eb_period_started","person":"19850312-9805","date":"2023-01-10","municipality":"1380"})",
                 "person");
  ExpectOneError(R"({"type":"eb_period_started","person":"8503129805","date":"2023-01-10","municipality":"1380"})",
                 "person");
  ExpectOneError(R"({"type":"eb_period_started","person":"19850332-9804","date":"2023-01-10","municipality":"1380"})",
                 "person");
  ExpectOneError(R"({"type":"eb_period_started","person":198503129804,"date":"2023-01-10","municipality":"1380"})",
                 "person");
  // A bad person on an anonymous-capable survey is still an error.
  ExpectOneError(R"({"type":"survey_answered","person":"19901224-9811","date":"2023-10-01","survey":"staff","answers":{}})",
                 "person");
}

TEST(EventJsonBadLine, WrongJsonTypeForEachKindOfField) {
  // Strings.
  EXPECT_EQ(ExpectOneError(R"({"type":"eb_period_started","person":"19850312-9804","date":"2023-01-10","municipality":1380})",
                           "municipality"),
            "must be a string");
  EXPECT_EQ(ExpectOneError(SickCertificate("icd10", "null"), "icd10"), "must be a string");
  EXPECT_EQ(ExpectOneError(R"({"type":"mapping_meeting_held","id":5,"person":"19850312-9804","date":"2023-01-10"})",
                           "id"),
            "must be a string");
  // Booleans.
  EXPECT_EQ(ExpectOneError(SickCertificate("supports_reduced_capacity", "\"true\""), "supports_reduced_capacity"),
            "must be a boolean");
  EXPECT_EQ(ExpectOneError(R"({"type":"fk_readiness_assessed","person":"19850312-9804","date":"2023-05-02","ready":1})",
                           "ready"),
            "must be a boolean");
  // Integers.
  EXPECT_EQ(ExpectOneError(SickCertificate("extent", "\"50\""), "extent"), "must be an integer");
  EXPECT_EQ(ExpectOneError(SickCertificate("extent", "50.0"), "extent"), "must be an integer");
  EXPECT_EQ(ExpectOneError(SickCertificate("extent", "[50]"), "extent"), "must be an integer");
  // Lists of parties.
  for (const char* parties : {"\"fk\"", "[1]", "[[\"fk\"]]", "{\"fk\":true}", "[\"fk\",null]"})
    EXPECT_EQ(ExpectOneError(std::string(R"({"type":"sip_meeting_held","person":"19850312-9804","date":"2023-05-10","parties":)") +
                                 parties + "}",
                             "parties"),
              "must be a list of parties")
        << parties;
  // Objects.
  EXPECT_EQ(ExpectOneError(R"({"type":"survey_answered","date":"2023-10-01","survey":"staff","answers":"good"})", "answers"),
            "must be an object");
  EXPECT_EQ(ExpectOneError(R"({"type":"survey_answered","date":"2023-10-01","survey":"staff","answers":["good"]})", "answers"),
            "must be an object");
  // Dates.
  EXPECT_EQ(ExpectOneError(SickCertificate("from", "20230201"), "from"), "must be a date YYYY-MM-DD");
  // Enums.
  const std::string reason =
      ExpectOneError(R"({"type":"sgi_checked","person":"19850312-9804","date":"2023-01-10","sgi":0})", "sgi");
  EXPECT_EQ(reason, "must be one of zero, positive");
}

TEST(EventJsonBadLine, BadDates) {
  for (const char* date : {"\"2023-1-10\"", "\"2023-01-10T00:00\"", "\"10/01/2023\"", "\"\"", "\"2023-13-01\"",
                           "\"2023-02-29\"", "\"2024-04-31\""}) {
    EXPECT_EQ(ExpectOneError(std::string(R"({"type":"mapping_meeting_held","person":"19850312-9804","date":)") + date + "}",
                             "date"),
              "must be a date YYYY-MM-DD")
        << date;
  }
  // 2024 is a leap year.
  EXPECT_TRUE(DecodeEventLine(R"({"type":"mapping_meeting_held","person":"19850312-9804","date":"2024-02-29"})", kToday)
                  .errors.empty());
  ExpectOneError(SickCertificate("to", "\"2023-02-29\""), "to");
  ExpectOneError(R"({"type":"consent_given","person":"19850312-9804","date":"2023-01-20","consent_id":"c","parties":["fk"],"purpose":"p","until":"snart"})",
                 "until");
  ExpectOneError(R"({"type":"stance_taken","person":"19850312-9804","date":"2023-03-20","direction":"sip","review_date":"2023-04-31"})",
                 "review_date");
  ExpectOneError(R"({"type":"fk_readiness_assessed","person":"19850312-9804","date":"2023-05-02","ready":false,"prognosis_date":null})",
                 "prognosis_date");
}

TEST(EventJsonBadLine, BadEnums) {
  const std::string reason = ExpectOneError(
      R"({"type":"stance_taken","person":"19850312-9804","date":"2023-03-20","direction":"somewhere"})", "direction");
  EXPECT_EQ(reason,
            "must be one of await_treatment, clarify_with_healthcare, fk_coordination, apply_benefit, sip, "
            "labour_market, other");
  ExpectOneError(R"({"type":"eb_period_ended","person":"19850312-9804","date":"2023-01-10","municipality":"1380","reason":"not_ready"})",
                 "reason");
  ExpectOneError(R"({"type":"fk_coordination_ended","person":"19850312-9804","date":"2023-01-10","reason":"flyttat"})",
                 "reason");
  ExpectOneError(R"({"type":"target_group_identified","person":"19850312-9804","date":"2023-01-10","municipality":"1380","source":"Mapping"})",
                 "source");
  ExpectOneError(R"({"type":"benefit_applied","person":"19850312-9804","date":"2023-01-10","benefit":"se"})", "benefit");
  ExpectOneError(R"({"type":"benefit_decided","person":"19850312-9804","date":"2023-01-10","benefit":"sjukersattning","outcome":"yes"})",
                 "outcome");
  ExpectOneError(R"({"type":"survey_answered","date":"2023-10-01","survey":"everyone","answers":{}})", "survey");
}

TEST(EventJsonBadLine, Parties) {
  const std::string consent = R"({"type":"consent_given","person":"19850312-9804","date":"2023-01-20","consent_id":"c","purpose":"p","parties":)";
  // `eb` owns the case and is never named in a consent (ValidateEventFields).
  ExpectOneError(consent + "[\"eb\",\"fk\"]}", "parties");
  ExpectOneError(consent + "[]}", "parties");
  ExpectOneError(consent + "[\"fk\",\"police\"]}", "parties");
  ExpectOneError(consent + "[\"fk\",\"region\",\"fk\"]}", "parties");
  ExpectOneError(consent + "[\"FK\"]}", "parties");
}

TEST(EventJsonBadLine, FieldRules) {
  EXPECT_EQ(ExpectOneError(SickCertificate("to", "\"2023-01-31\""), "to"), "must not be before \"from\"");
  ExpectOneError(SickCertificate("extent", "30"), "extent");
  ExpectOneError(SickCertificate("extent", "0"), "extent");
  ExpectOneError(SickCertificate("extent", "-50"), "extent");
  ExpectOneError(SickCertificate("extent", "99999999999999999999"), "extent");
  ExpectOneError(R"({"type":"benefit_decided","person":"19850312-9804","date":"2023-01-10","benefit":"sjukersattning","outcome":"granted","extent":0})",
                 "extent");
  ExpectOneError(R"({"type":"eb_period_started","person":"19850312-9804","date":"2023-01-10","municipality":"138"})",
                 "municipality");
  ExpectOneError(R"({"type":"mapping_meeting_held","id":"","person":"19850312-9804","date":"2023-01-10"})", "id");
  ExpectOneError(R"({"type":"stance_taken","person":"19850312-9804","date":"2023-03-20","direction":"other"})", "note");
  ExpectOneError(R"({"type":"fk_readiness_assessed","person":"19850312-9804","date":"2023-05-02","ready":true,"prognosis_date":"2023-09-01"})",
                 "prognosis_date");
}

TEST(EventJsonBadLine, EveryProblemIsReportedInFieldOrder) {
  const DecodedLine decoded = DecodeEventLine(
      R"({"colour":1,"extent":"x","type":"sick_certificate","to":"2023-02-30","person":"19850312-9805",)"
      R"("supports_reduced_capacity":true,"municipality":"1380"})",
      kToday);
  std::vector<std::string> fields;
  for (const Error& e : decoded.errors) {
    fields.push_back(e.field);
    ExpectSafeReason(e);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"person", "date", "from", "to", "extent", "colour", "municipality"}))
      << ErrorsToString(decoded.errors);
  // Field rules are only applied to lines that are otherwise well formed.
  const DecodedLine rules_only = DecodeEventLine(SickCertificate("to", "\"2023-01-31\""), kToday);
  ASSERT_EQ(rules_only.errors.size(), 1u);
}

TEST(EventJsonBadLine, ManyUnknownKeysAreReportedUpToALimit) {
  std::string line = R"({"type":"mapping_meeting_held","person":"19850312-9804","date":"2023-01-10")";
  for (int i = 0; i < 100; ++i) line += ",\"k" + std::to_string(i) + "\":" + std::to_string(i);
  line += "}";
  const DecodedLine decoded = DecodeEventLine(line, kToday);
  EXPECT_GE(decoded.errors.size(), 1u);
  EXPECT_LE(decoded.errors.size(), 10u);
  EXPECT_EQ(decoded.errors[0].field, "k0");
}

// Damaged lines never crash; whatever is accepted encodes to a line that decodes to the same
// event, and every reason stays free of the personnummer.
TEST(EventJsonDecode, RandomDamage) {
  std::mt19937 random(20240601);
  const std::vector<ValidCase> cases = ValidCases();
  const std::string alphabet = "{}[]\",:0123456789-.etrufalsn \\\xc3\xa5\x01";
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string line = cases[random() % cases.size()].line;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < edits; ++i) {
      const size_t at = random() % line.size();
      switch (random() % 3) {
        case 0: line[at] = alphabet[random() % alphabet.size()]; break;
        case 1: line.erase(at, 1 + random() % 4); break;
        default: line.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      }
      if (line.empty()) line = "{";
    }
    const DecodedLine decoded = DecodeEventLine(line, kToday);
    for (const Error& e : decoded.errors) ExpectSafeReason(e);
    if (!decoded.errors.empty()) continue;
    ++accepted;
    const std::string encoded = EncodeEventJson(decoded.event);
    const DecodedLine again = DecodeEventLine(encoded, kToday);
    ASSERT_TRUE(again.errors.empty()) << line << " → " << encoded << ": " << ErrorsToString(again.errors);
    ExpectEventsEqual(again.event, decoded.event, line);
    EXPECT_EQ(EncodeEventJson(again.event), encoded);
  }
  EXPECT_GT(accepted, 0);
}

// Problems on one line do not leak into the next (the parser is reused per thread).
TEST(EventJsonDecode, NoStateCarriesOverBetweenLines) {
  const std::vector<std::string> lines = {
      R"({"type":"survey_answered","date":"2023-10-01","survey":"staff","answers":{"a":[1,{"b":2}]},"x":1})",
      "{\"type\":\"stance_taken\",\"note\":\"unterminated",
      R"({"type":"consent_given","person":"19850312-9804","date":"2023-01-20","consent_id":"c","purpose":"p","parties":["fk","fk"]})",
  };
  for (const std::string& line : lines) (void)DecodeEventLine(line, kToday);
  for (const ValidCase& c : ValidCases()) {
    const DecodedLine decoded = DecodeEventLine(c.line, kToday);
    ASSERT_TRUE(decoded.errors.empty()) << c.line << ": " << ErrorsToString(decoded.errors);
    ExpectEventsEqual(decoded.event, c.expected(), c.line);
  }
}

// Pages written directly (the work list) escape strings exactly as boost::json::serialize does.
TEST(AppendJsonString, EscapesAsBoostJsonSerializes) {
  std::vector<std::string> texts = {"", "plain", "quote \" and backslash \\", "Överklagan åäö – €", "tab\tnl\ncr\r",
                                    "\b\f", "slash / and DEL \x7f"};
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls.push_back(static_cast<char>(c));
  texts.push_back(all_controls);
  for (const std::string& text : texts) {
    std::string out;
    AppendJsonString(out, text);
    EXPECT_EQ(out, boost::json::serialize(boost::json::string(text))) << text;
  }
}

}  // namespace
}  // namespace rattvag
