// The questionnaires (domain/survey.hpp) in JSON and CSV: the `answers` object of a
// survey_answered event read for the survey rules, the definitions for forms, the results.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "domain/survey.hpp"

namespace rattvag {

// The top-level members of an `answers` object (compact JSON as the event decoder keeps it):
// strings and booleans as such, anything else (numbers, null, arrays, objects) as kOther.
// Text that is not a JSON object gives nothing.
std::vector<RawAnswer> RawAnswersFromJson(std::string_view answers_json);

// The `answers` object of `choices` (compact JSON, in the definition's question order).
std::string AnswersJson(Survey survey, const SurveyChoices& choices);

// Every survey with its questions, options (id, Swedish label, positive), target and whether it
// is anonymous: {"surveys":[...]}.
boost::json::object SurveyDefinitionsJson();

// The results: {"as_of", "municipalities", "surveys":[{"survey","title","anonymous","answers",
// "anonymous_answers","excluded","questions":[{"id","text","n","options":[{"id","label",
// "positive","count"}],"positive","share_positive","target","met"}]}]}. With `hidden`, every
// hidden value is null and its JSON pointer is listed in "suppressed" (with
// "suppression_threshold"), as the follow-up does.
std::string SurveyResultsJson(const SurveyResults& results, const std::vector<std::string>& municipalities,
                              const SurveySuppression* hidden = nullptr, int threshold = kDefaultSuppressionThreshold);

// One row per question and option: survey, question, option, as_of, n, count, share_positive,
// target, met (hidden cells as ".." like the follow-up's CSV).
std::string SurveyResultsCsv(const SurveyResults& results, const SurveySuppression* hidden = nullptr);

}  // namespace rattvag
