// Questionnaires (DOMAIN.md §9, issue 5 item 5): the definitions, the check of `answers`, and
// the results on hand-made answers. Every expected figure is worked out by hand in the test
// (the seeds' brukarenkät: 7 of 13 found the planning good; 11 of 14 said yes to cooperation).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "codec/event_json.hpp"
#include "codec/survey_json.hpp"
#include "domain/survey.hpp"

namespace rattvag {
namespace {

namespace json = boost::json;

const Date kAsOf(2014, 12, 31);

RawAnswer Text(std::string key, std::string value) {
  RawAnswer a;
  a.kind = RawAnswer::Kind::kString;
  a.key = std::move(key);
  a.text = std::move(value);
  return a;
}

RawAnswer Flag(std::string key, bool value) {
  RawAnswer a;
  a.kind = RawAnswer::Kind::kBool;
  a.key = std::move(key);
  a.flag = value;
  return a;
}

// An anonymous answer of `survey` with `choices` (option indexes, -1 unanswered).
SurveyAnswerInput Anonymous(Survey survey, SurveyChoices choices, Date date = Date(2014, 11, 1)) {
  SurveyAnswerInput in;
  in.survey = survey;
  in.date = date;
  in.anonymous = true;
  in.choices = std::move(choices);
  return in;
}

SurveyAnswerInput OfPerson(Survey survey, SurveyChoices choices, Date date, std::optional<Date> first_meeting) {
  SurveyAnswerInput in = Anonymous(survey, std::move(choices), date);
  in.anonymous = false;
  in.first_avstamningsmote = first_meeting;
  return in;
}

const SurveyResult& Of(const SurveyResults& r, Survey s) { return r.surveys[static_cast<size_t>(s)]; }

TEST(SurveyDefinitions, TheThreeSurveysOfTheSeeds) {
  ASSERT_EQ(AllSurveyDefinitions().size(), 3u);
  const SurveyDefinition& participant = DefinitionOf(Survey::kParticipant);
  EXPECT_FALSE(participant.anonymous);
  EXPECT_TRUE(participant.after_avstamningsmote);
  ASSERT_EQ(participant.questions.size(), 2u);
  EXPECT_EQ(participant.questions[0].id, "planning");
  ASSERT_EQ(participant.questions[0].options.size(), 3u);
  EXPECT_EQ(participant.questions[0].options[1].id, "too_early");
  EXPECT_EQ(participant.questions[0].options[1].label, "För tidigt att avgöra");
  EXPECT_EQ(participant.questions[1].id, "cooperation");
  EXPECT_EQ(participant.questions[1].options.size(), 4u);

  const SurveyDefinition& staff = DefinitionOf(Survey::kStaff);
  EXPECT_TRUE(staff.anonymous);
  ASSERT_EQ(staff.questions.size(), 1u);
  EXPECT_EQ(staff.questions[0].options[1].label, "Varken eller");
  EXPECT_EQ(staff.questions[0].options[3].label, "Vet ej");

  const SurveyDefinition& indikatorer = DefinitionOf(Survey::kIndikatorer);
  EXPECT_TRUE(indikatorer.anonymous);
  ASSERT_EQ(indikatorer.questions.size(), 3u);
  EXPECT_EQ(indikatorer.questions[0].target_percent, 70);
  EXPECT_EQ(indikatorer.questions[1].target_percent, 90);
  EXPECT_EQ(indikatorer.questions[2].target_percent, 90);
  // Exactly one positive option per question, and ids unique within a survey.
  for (const SurveyDefinition& d : AllSurveyDefinitions())
    for (const SurveyQuestion& q : d.questions) {
      int positive = 0;
      for (const SurveyOption& o : q.options) positive += o.positive ? 1 : 0;
      EXPECT_EQ(positive, 1) << q.id;
      EXPECT_FALSE(q.text.empty());
    }
}

TEST(SurveyAnswers, GoodAnswersGiveTheirChoices) {
  const std::vector<RawAnswer> in = {Text("cooperation", "no_answer"), Text("planning", "bad")};
  const ParsedSurveyAnswers parsed = ParseSurveyAnswers(Survey::kParticipant, in);
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.choices, (SurveyChoices{2, 3}));
  // A question may be left unanswered.
  const std::vector<RawAnswer> one = {Flag("great_use", false)};
  const ParsedSurveyAnswers partial = ParseSurveyAnswers(Survey::kIndikatorer, one);
  EXPECT_TRUE(partial.errors.empty());
  EXPECT_EQ(partial.choices, (SurveyChoices{-1, 1, -1}));
}

TEST(SurveyAnswers, EveryBadAnswerNamesItsField) {
  const std::vector<RawAnswer> in = {Text("planning", "great"), Text("contact", "good"), Flag("cooperation", true)};
  const ParsedSurveyAnswers parsed = ParseSurveyAnswers(Survey::kParticipant, in);
  ASSERT_EQ(parsed.errors.size(), 3u);
  EXPECT_EQ(parsed.errors[0].field, "answers.planning");
  EXPECT_NE(parsed.errors[0].reason.find("\"too_early\""), std::string::npos) << parsed.errors[0].reason;
  EXPECT_EQ(parsed.errors[1].field, "answers.contact");
  EXPECT_NE(parsed.errors[1].reason.find("not a question"), std::string::npos);
  EXPECT_EQ(parsed.errors[2].field, "answers.cooperation");

  // Yes/no questions take booleans, not the words.
  const std::vector<RawAnswer> words = {Text("more_ready", "yes")};
  const ParsedSurveyAnswers yes = ParseSurveyAnswers(Survey::kIndikatorer, words);
  ASSERT_EQ(yes.errors.size(), 1u);
  EXPECT_EQ(yes.errors[0].field, "answers.more_ready");

  // Nothing answered.
  const ParsedSurveyAnswers none = ParseSurveyAnswers(Survey::kStaff, {});
  ASSERT_EQ(none.errors.size(), 1u);
  EXPECT_EQ(none.errors[0].field, "answers");
}

TEST(SurveyAnswers, TheEventDecoderChecksAnswersForImportAndApiAlike) {
  const Date today(2026, 11, 27);
  auto error_of = [&](std::string_view line) {
    const DecodedLine d = DecodeEventLine(line, today);
    return d.errors.empty() ? std::string("none") : d.errors.front().ToString();
  };
  EXPECT_EQ(error_of(R"({"type":"survey_answered","date":"2014-11-01","survey":"staff","answers":{"contact":"good"}})"),
            "none");
  EXPECT_EQ(error_of(R"({"type":"survey_answered","date":"2014-11-01","survey":"staff","answers":{"contact":"great"}})")
                .substr(0, 16),
            "answers.contact:");
  EXPECT_EQ(error_of(R"({"type":"survey_answered","date":"2014-11-01","survey":"staff","answers":{"contact":["good"]}})")
                .substr(0, 16),
            "answers.contact:");
  // An anonymous answer may be placed in a municipality; a person's answer may not (their case places it).
  const DecodedLine placed = DecodeEventLine(
      R"({"type":"survey_answered","date":"2014-11-01","survey":"indikatorer","answers":{"more_ready":true},"municipality":"1380"})",
      today);
  ASSERT_TRUE(placed.errors.empty()) << placed.errors.front().ToString();
  EXPECT_EQ(placed.event.municipality, "1380");
  EXPECT_EQ(EncodeEventJson(placed.event),
            R"({"type":"survey_answered","date":"2014-11-01","survey":"indikatorer","answers":{"more_ready":true},"municipality":"1380"})");
  EXPECT_EQ(error_of(R"({"type":"survey_answered","person":"19850312-9804","date":"2014-11-01","survey":"staff","answers":{"contact":"good"},"municipality":"1380"})")
                .substr(0, 13),
            "municipality:");
  EXPECT_EQ(error_of(R"({"type":"survey_answered","date":"2014-11-01","survey":"staff","answers":{"contact":"good"},"municipality":"13"})")
                .substr(0, 13),
            "municipality:");
}

TEST(SurveyAnswers, RawAnswersAndBackToJson) {
  const std::vector<RawAnswer> raw = RawAnswersFromJson(R"({"more_ready":true,"great_use":"no","x":1})");
  ASSERT_EQ(raw.size(), 3u);
  EXPECT_EQ(raw[0].kind, RawAnswer::Kind::kBool);
  EXPECT_TRUE(raw[0].flag);
  EXPECT_EQ(raw[1].kind, RawAnswer::Kind::kString);
  EXPECT_EQ(raw[2].kind, RawAnswer::Kind::kOther);
  EXPECT_TRUE(RawAnswersFromJson("[1]").empty());
  EXPECT_TRUE(RawAnswersFromJson("{").empty());
  EXPECT_EQ(AnswersJson(Survey::kIndikatorer, {0, -1, 1}), R"({"more_ready":true,"planning_after_sufficient":false})");
  EXPECT_EQ(AnswersJson(Survey::kParticipant, {1, 3}), R"({"planning":"too_early","cooperation":"no_answer"})");
}

// The seeds' brukarenkät (hösten 2014): 14 persons answered; on the planning 7 good, 4 too
// early, 2 bad (one left it out); on cooperation 11 yes, 2 both, 1 no answer.
TEST(SurveyResultsTest, TheSeedsBrukarenkat) {
  std::vector<SurveyAnswerInput> answers;
  auto add = [&](int count, int planning, int cooperation) {
    for (int i = 0; i < count; ++i) answers.push_back(Anonymous(Survey::kParticipant, {planning, cooperation}));
  };
  add(7, 0, 0);   // good, yes
  add(2, 1, 0);   // too early, yes
  add(2, 1, 1);   // too early, both
  add(2, 2, 0);   // bad, yes
  add(1, -1, 3);  // planning left out, no answer
  const SurveyResults r = ComputeSurveyResults(answers, kAsOf);
  const SurveyResult& p = Of(r, Survey::kParticipant);
  EXPECT_EQ(p.answers, 14);
  EXPECT_EQ(p.anonymous, 14);
  EXPECT_EQ(p.excluded, 0);
  const SurveyQuestionResult& planning = p.questions[0];
  EXPECT_EQ(planning.n, 13);
  EXPECT_EQ(planning.counts, (std::vector<int64_t>{7, 4, 2}));
  EXPECT_EQ(planning.positive, 7);
  ASSERT_TRUE(planning.share.has_value());
  EXPECT_DOUBLE_EQ(*planning.share, 0.5385);  // 7 / 13 = 0.53846…
  EXPECT_FALSE(planning.met.has_value());     // No target.
  const SurveyQuestionResult& cooperation = p.questions[1];
  EXPECT_EQ(cooperation.n, 14);
  EXPECT_EQ(cooperation.counts, (std::vector<int64_t>{11, 2, 0, 1}));
  EXPECT_DOUBLE_EQ(*cooperation.share, 0.7857);  // 11 / 14 = 0.785714…
  // The other surveys are empty: n 0, no share, no verdict.
  const SurveyResult& ind = Of(r, Survey::kIndikatorer);
  EXPECT_EQ(ind.answers, 0);
  EXPECT_EQ(ind.questions[0].n, 0);
  EXPECT_FALSE(ind.questions[0].share.has_value());
  EXPECT_FALSE(ind.questions[0].met.has_value());
}

// Indikatorer: 10 answers. More ready: 7 yes = 70 %, exactly the target: met. Great use: 9 yes =
// 90 %: met. Planning after: 8 yes of 10 = 80 % < 90 %: not met. One answer leaves the last
// question out: 8 of 9 = 88.89 %, still not met.
TEST(SurveyResultsTest, IndikatorerTargetsMetExactlyAtTheTarget) {
  std::vector<SurveyAnswerInput> answers;
  for (int i = 0; i < 10; ++i) {
    const int more_ready = i < 7 ? 0 : 1;
    const int great_use = i < 9 ? 0 : 1;
    const int after = i == 9 ? -1 : (i < 8 ? 0 : 1);
    answers.push_back(Anonymous(Survey::kIndikatorer, {more_ready, great_use, after}));
  }
  const SurveyResults r = ComputeSurveyResults(answers, kAsOf);
  const SurveyResult& ind = Of(r, Survey::kIndikatorer);
  EXPECT_EQ(ind.answers, 10);
  EXPECT_EQ(ind.questions[0].n, 10);
  EXPECT_DOUBLE_EQ(*ind.questions[0].share, 0.7);
  EXPECT_EQ(ind.questions[0].met, true);
  EXPECT_DOUBLE_EQ(*ind.questions[1].share, 0.9);
  EXPECT_EQ(ind.questions[1].met, true);
  EXPECT_EQ(ind.questions[2].n, 9);
  EXPECT_EQ(ind.questions[2].counts, (std::vector<int64_t>{8, 1}));
  EXPECT_DOUBLE_EQ(*ind.questions[2].share, 0.8889);  // 8 / 9 = 0.8888…
  EXPECT_EQ(ind.questions[2].met, false);
}

// Participants count only after an avstämningsmöte; the as-of date cuts later answers.
TEST(SurveyResultsTest, ParticipantsNeedAnAvstamningsmoteByTheAnswer) {
  const Date answered(2014, 10, 1);
  std::vector<SurveyAnswerInput> answers = {
      OfPerson(Survey::kParticipant, {0, 0}, answered, Date(2014, 9, 1)),     // counts
      OfPerson(Survey::kParticipant, {2, 0}, answered, answered),             // same day: counts
      OfPerson(Survey::kParticipant, {0, 0}, answered, Date(2014, 10, 2)),    // meeting later: excluded
      OfPerson(Survey::kParticipant, {0, 0}, answered, std::nullopt),         // never: excluded
      Anonymous(Survey::kParticipant, {1, -1}, answered),                     // anonymous: counts
      Anonymous(Survey::kParticipant, {0, 0}, Date(2015, 1, 1)),              // after as-of: ignored
      // The staff survey has no such condition.
      OfPerson(Survey::kStaff, {0}, answered, std::nullopt),
  };
  const SurveyResults r = ComputeSurveyResults(answers, kAsOf);
  const SurveyResult& p = Of(r, Survey::kParticipant);
  EXPECT_EQ(p.answers, 3);
  EXPECT_EQ(p.anonymous, 1);
  EXPECT_EQ(p.excluded, 2);
  EXPECT_EQ(p.questions[0].n, 3);
  EXPECT_EQ(p.questions[0].counts, (std::vector<int64_t>{1, 1, 1}));
  EXPECT_DOUBLE_EQ(*p.questions[0].share, 0.3333);
  EXPECT_EQ(p.questions[1].n, 2);
  EXPECT_DOUBLE_EQ(*p.questions[1].share, 1.0);
  EXPECT_EQ(Of(r, Survey::kStaff).answers, 1);
}

TEST(SurveyRespondent, TheParticipantSurveyNeedsAMeetingByTheDate) {
  Event meeting;
  meeting.type = EventType::kAvstamningsmoteHeld;
  meeting.date = Date(2014, 9, 1);
  Event other;
  other.type = EventType::kMappingMeetingHeld;
  other.date = Date(2014, 1, 1);
  const std::vector<Event> events = {other, meeting};
  EXPECT_EQ(FirstAvstamningsmote(events), Date(2014, 9, 1));
  EXPECT_TRUE(CheckSurveyRespondent(Survey::kParticipant, events, Date(2014, 9, 1)).ok());
  const Status early = CheckSurveyRespondent(Survey::kParticipant, events, Date(2014, 8, 31));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().field, "person");
  EXPECT_TRUE(CheckSurveyRespondent(Survey::kIndikatorer, {}, Date(2014, 8, 31)).ok());
}

// A viewer not entitled to the cases: no count from 1 to 4 is shown, nor derivable from n.
TEST(SurveySuppressionTest, SmallCellsAreHiddenWithTheirShare) {
  std::vector<SurveyAnswerInput> answers;
  // Staff: 12 answers, 10 good and 2 neither. The 2 is small; shown n = 12 and 10 would give
  // it away, so a complement in the same sum is hidden too, and with a hidden count among
  // the positive ones (or n) the share goes.
  for (int i = 0; i < 10; ++i) answers.push_back(Anonymous(Survey::kStaff, {0}));
  for (int i = 0; i < 2; ++i) answers.push_back(Anonymous(Survey::kStaff, {1}));
  // Indikatorer: 3 answers, all small.
  for (int i = 0; i < 3; ++i) answers.push_back(Anonymous(Survey::kIndikatorer, {0, 0, 1}));
  const SurveyResults r = ComputeSurveyResults(answers, kAsOf);
  const SurveySuppression hidden = SuppressSurveyResults(r, 5);

  const SurveyHidden& staff = hidden[static_cast<size_t>(Survey::kStaff)];
  EXPECT_FALSE(staff.answers);  // 12
  EXPECT_FALSE(staff.anonymous);
  const SurveyQuestionHidden& contact = staff.questions[0];
  EXPECT_TRUE(contact.counts[1]);  // 2: small
  // Of n = 12 and the counts 10, 2, 0, 0 at least one more than the 2 is hidden.
  int others = (contact.n ? 1 : 0) + (contact.counts[0] ? 1 : 0);
  EXPECT_GE(others, 1);
  EXPECT_EQ(contact.share, contact.n || contact.counts[0]);
  EXPECT_FALSE(contact.counts[2]);  // A zero names nobody.

  const SurveyHidden& ind = hidden[static_cast<size_t>(Survey::kIndikatorer)];
  EXPECT_TRUE(ind.answers);
  EXPECT_TRUE(ind.anonymous);
  for (const SurveyQuestionHidden& q : ind.questions) {
    EXPECT_TRUE(q.n);
    EXPECT_TRUE(q.share);
  }
  // The participant survey has no answers: nothing small, nothing hidden.
  const SurveyHidden& participant = hidden[static_cast<size_t>(Survey::kParticipant)];
  EXPECT_FALSE(participant.answers);
  EXPECT_FALSE(participant.questions[0].share);

  // The JSON shows hidden values as null and lists their pointers.
  const json::value doc = json::parse(SurveyResultsJson(r, {"1380"}, &hidden, 5));
  EXPECT_EQ(doc.at("suppression_threshold").as_int64(), 5);
  EXPECT_TRUE(doc.at("surveys").at(2).at("answers").is_null());
  EXPECT_TRUE(doc.at("surveys").at(1).at("questions").at(0).at("options").at(1).at("count").is_null());
  bool listed = false;
  for (const auto& p : doc.at("suppressed").as_array())
    listed = listed || p.as_string() == "/surveys/1/questions/0/options/1/count";
  EXPECT_TRUE(listed);
  // Without suppression the figures are there and no suppression keys.
  const json::value full = json::parse(SurveyResultsJson(r, {"1380"}));
  EXPECT_EQ(full.at("surveys").at(1).at("questions").at(0).at("options").at(1).at("count").as_int64(), 2);
  EXPECT_DOUBLE_EQ(full.at("surveys").at(1).at("questions").at(0).at("share_positive").as_double(), 0.8333);  // 10/12
  EXPECT_FALSE(full.as_object().contains("suppressed"));
}

TEST(SurveyResultsCsvTest, OneRowPerOption) {
  std::vector<SurveyAnswerInput> answers;
  for (int i = 0; i < 7; ++i) answers.push_back(Anonymous(Survey::kIndikatorer, {0, 0, 0}));
  for (int i = 0; i < 3; ++i) answers.push_back(Anonymous(Survey::kIndikatorer, {1, 0, 1}));
  const std::string csv = SurveyResultsCsv(ComputeSurveyResults(answers, kAsOf));
  EXPECT_NE(csv.find("indikatorer,more_ready,yes,2014-12-31,10,10,7,yes,0.7000,0.70,yes\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("indikatorer,planning_after_sufficient,no,2014-12-31,10,10,3,no,0.7000,0.90,no\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("staff,contact,good,2014-12-31,0,0,0,yes,,,\r\n"), std::string::npos) << csv;
}

}  // namespace
}  // namespace rattvag
