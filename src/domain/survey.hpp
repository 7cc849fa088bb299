// The questionnaires of the follow-up (DOMAIN.md §9, issue 5 item 5): the three surveys as rule
// data, the check of an `answers` object against its survey, and the results (n, counts per
// option, share positive, target, met) with small-cell suppression.
//
// Which answers count (docs/SURVEYS.md):
// - Participant survey: a person's answer counts only when the person had an avstämningsmöte on
//   or before the answer's date; otherwise it is `excluded`. An answer without a person (a paper
//   form returned without a name, an import from elsewhere) cannot be checked afterwards; it
//   counts, as the form is only handed out after an avstämningsmöte, and it is reported in
//   `anonymous` so the reader sees how many were not checked. (The API checks a named person
//   when the answer is entered.)
// - Staff and Indikatorer surveys are anonymous: stored without a person, they all count.
// - Every survey: answers dated after the as-of date are ignored. A question left unanswered is
//   not part of its n. The share positive is the positive answers over n (a "no answer" option
//   is an answer that is not positive).
//
// Pure: the standard library only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/access.hpp"
#include "domain/date.hpp"
#include "domain/event.hpp"
#include "domain/report.hpp"  // RoundShare: 4 decimals, as the follow-up.
#include "domain/result.hpp"

namespace rattvag {

inline constexpr int kSurveyCount = 3;

// How an answer is written in `answers`: an option id as a JSON string, or a yes/no question as
// a JSON boolean (true = the option "yes").
enum class AnswerKind : uint8_t { kChoice, kYesNo };

struct SurveyOption {
  std::string_view id;     // Wire name, e.g. "too_early"; "yes"/"no" for a yes/no question.
  std::string_view label;  // Swedish, as on the paper form.
  bool positive = false;   // Counts towards the share positive.
};

struct SurveyQuestion {
  std::string_view id;    // The key in `answers`.
  std::string_view text;  // Swedish wording.
  AnswerKind kind = AnswerKind::kChoice;
  std::vector<SurveyOption> options;
  // The target share positive in whole percent (70 for "at least 70 %"), when there is one.
  std::optional<int> target_percent;
  std::string_view target_text;  // The target in Swedish words; empty without a target.
};

struct SurveyDefinition {
  Survey survey = Survey::kParticipant;
  std::string_view title;  // Swedish, e.g. "Deltagarenkät".
  std::string_view intro;  // Who answers and when, in Swedish.
  // True: stored without the person even when one is named at entry (the person then only
  // places the answer in a municipality). False: the person is kept when given.
  bool anonymous = false;
  // True: only persons who had at least one avstämningsmöte by the answer's date count.
  bool after_avstamningsmote = false;
  std::vector<SurveyQuestion> questions;
};

const SurveyDefinition& DefinitionOf(Survey survey);
// The three, in the order participant, staff, indikatorer.
std::span<const SurveyDefinition> AllSurveyDefinitions();

// One value of `answers` as the codec read it: the key and what the JSON value was.
struct RawAnswer {
  enum class Kind : uint8_t { kString, kBool, kOther } kind = Kind::kOther;
  std::string key;
  std::string text;  // kString: the string.
  bool flag = false;  // kBool: the value.
};

// The options chosen, one per question of the definition (index into its options), -1 where
// the question was not answered.
using SurveyChoices = std::vector<int>;

// Checks `answers` against the survey: every key a question of it, every value one of its
// options (a string for a choice, a boolean for yes/no), at least one question answered. Each
// problem names its field, e.g. `answers.planning`. The choices are meaningful only without
// errors.
struct ParsedSurveyAnswers {
  SurveyChoices choices;
  std::vector<Error> errors;
};
ParsedSurveyAnswers ParseSurveyAnswers(Survey survey, std::span<const RawAnswer> answers);

// The date of the person's first avstämningsmöte among `events`, if any.
std::optional<Date> FirstAvstamningsmote(std::span<const Event> events);

// The check when an answer names a person: a survey for those who had an avstämningsmöte
// needs one on or before `date`. An error on field "person" otherwise.
Status CheckSurveyRespondent(Survey survey, std::span<const Event> person_events, Date date);

// One stored answer, as the results need it.
struct SurveyAnswerInput {
  Survey survey = Survey::kParticipant;
  Date date;
  bool anonymous = false;  // Stored without a person.
  // A person's answer: the date of their first avstämningsmöte, if any (any date; compared
  // with the answer's date here).
  std::optional<Date> first_avstamningsmote;
  SurveyChoices choices;  // As ParseSurveyAnswers returns them.
};

struct SurveyQuestionResult {
  const SurveyQuestion* question = nullptr;
  int64_t n = 0;                 // Counted answers that answered this question.
  std::vector<int64_t> counts;   // Per option, in the definition's order.
  int64_t positive = 0;
  std::optional<double> share;   // positive / n, 4 decimals; none when n is 0.
  std::optional<bool> met;       // positive / n >= target (exactly); none without a target or when n is 0.
};

struct SurveyResult {
  const SurveyDefinition* definition = nullptr;
  int64_t answers = 0;    // Counted answers.
  int64_t anonymous = 0;  // Of those, stored without a person.
  int64_t excluded = 0;   // Participant answers of persons without an avstämningsmöte by then.
  std::vector<SurveyQuestionResult> questions;
};

struct SurveyResults {
  Date as_of;
  std::array<SurveyResult, kSurveyCount> surveys;  // In the order of AllSurveyDefinitions().
};

// The results over `answers` (already limited to the scope) as of `as_of`.
SurveyResults ComputeSurveyResults(std::span<const SurveyAnswerInput> answers, Date as_of);

// What a viewer not entitled to the underlying cases must not see, per survey: counts from 1 to
// threshold − 1 are hidden, and complements within each question (the option counts sum to n,
// and n with the unanswered sums to the survey's answers) so none follows by subtraction. A
// share (and whether the target is met) is hidden when n or a positive option's count is.
struct SurveyQuestionHidden {
  bool n = false;
  std::vector<bool> counts;
  bool share = false;
};
struct SurveyHidden {
  bool answers = false;
  bool anonymous = false;
  bool excluded = false;
  std::vector<SurveyQuestionHidden> questions;
};
using SurveySuppression = std::array<SurveyHidden, kSurveyCount>;

SurveySuppression SuppressSurveyResults(const SurveyResults& results, int threshold = kDefaultSuppressionThreshold);

}  // namespace rattvag
