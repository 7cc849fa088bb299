#include "app/survey.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "codec/event_binary.hpp"
#include "codec/event_json.hpp"
#include "codec/survey_json.hpp"

namespace rattvag {

namespace json = boost::json;

Result<RecordOutcome> RecordSurveyAnswer(Journal& journal, Event answer, const AuditEntry& audit,
                                         std::string_view staff_respondent) {
  RecordOutcome outcome;
  if (answer.type != EventType::kSurveyAnswered) {
    outcome.refusal = {"type", "must be survey_answered"};
    return outcome;
  }
  if (!answer.person.empty()) {
    auto record = journal.LoadPerson(answer.person);
    if (!record.ok()) return record.error();
    if (!record->has_value()) {
      outcome.refusal = {"person", "is not registered"};
      return outcome;
    }
    std::vector<Event> stored;
    RATTVAG_TRY_STATUS(DecodeEventStream((*record)->digest, answer.person, stored));
    // The journal is append-only: an avstämningsmöte found now is still there when we write.
    if (Status s = CheckSurveyRespondent(answer.survey, stored, answer.date); !s.ok()) {
      outcome.refusal = s.error();
      return outcome;
    }
    if (!DefinitionOf(answer.survey).anonymous)
      return RecordEvents(journal, std::span(&answer, 1), (*record)->last_sequence, audit);
    answer.municipality = (*record)->municipality;
    answer.person.clear();
  }
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (!staff_respondent.empty()) {
    auto first = journal.AddStaffSurveyRespondent(staff_respondent, answer.date.Year());
    if (!first.ok()) return first.error();
    if (!*first) {
      outcome.refusal = {"respondent", "you have already answered the staff questionnaire this year"};
      return outcome;
    }
  }
  if (!answer.id.empty()) {
    auto taken = journal.FindBodyById(answer.id);
    if (!taken.ok()) return taken.error();
    if (taken->has_value()) {
      outcome.refusal = {"id", "an event with this id is already stored"};
      return outcome;
    }
  }
  const std::string body = EncodeEventJson(answer, /*include_person=*/false);
  const EncodedEvent encoded{answer.id, Name(answer.type), answer.date, body};
  RATTVAG_TRY_STATUS(journal.AppendAnonymous(std::span(&encoded, 1)));
  RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
  RATTVAG_TRY_STATUS(work.Commit());
  outcome.kind = RecordOutcome::Kind::kStored;
  return outcome;
}

namespace {

constexpr uint32_t kSurveyEventTypes = (1u << static_cast<unsigned>(EventType::kSurveyAnswered)) |
                                       (1u << static_cast<unsigned>(EventType::kAvstamningsmoteHeld));

}  // namespace

Result<SurveyResults> BuildSurveyResults(Journal& journal, Date as_of, const std::vector<std::string>& municipalities) {
  std::vector<SurveyAnswerInput> inputs;
  std::vector<Event> events;
  Status failure;
  RATTVAG_TRY_STATUS(journal.ScanPersons(municipalities, [&](const PersonRow& row) {
    auto n = DecodeEventStreamInto(row.digest, row.person, events, DecodeDetail::kFull, kSurveyEventTypes);
    if (!n.ok()) {
      failure = n.error();
      return false;
    }
    const std::span<const Event> mine(events.data(), *n);
    const std::optional<Date> first = FirstAvstamningsmote(mine);
    for (const Event& e : mine) {
      if (e.type != EventType::kSurveyAnswered) continue;
      SurveyAnswerInput in;
      in.survey = e.survey;
      in.date = e.date;
      in.anonymous = false;
      in.first_avstamningsmote = first;
      in.choices = ParseSurveyAnswers(e.survey, RawAnswersFromJson(e.answers_json)).choices;
      inputs.push_back(std::move(in));
    }
    return true;
  }));
  if (!failure.ok()) return failure.error();
  RATTVAG_TRY_STATUS(journal.ScanAnonymous(Name(EventType::kSurveyAnswered), [&](std::string_view date,
                                                                                  std::string_view body) {
    boost::system::error_code error;
    const json::value v = json::parse(body, error);
    if (error || !v.is_object()) return true;
    const json::object& o = v.as_object();
    const auto* survey_name = o.if_contains("survey");
    const auto* answers = o.if_contains("answers");
    const std::optional<Date> day = Date::Parse(date);
    if (!survey_name || !survey_name->is_string() || !answers || !day) return true;
    const std::optional<Survey> survey = ParseSurvey(survey_name->as_string());
    if (!survey) return true;
    std::string municipality;
    if (const auto* m = o.if_contains("municipality"); m && m->is_string()) municipality = m->as_string();
    if (!municipalities.empty() &&
        std::find(municipalities.begin(), municipalities.end(), municipality) == municipalities.end())
      return true;
    SurveyAnswerInput in;
    in.survey = *survey;
    in.date = *day;
    in.anonymous = true;
    in.choices = ParseSurveyAnswers(*survey, RawAnswersFromJson(json::serialize(*answers))).choices;
    inputs.push_back(std::move(in));
    return true;
  }));
  return ComputeSurveyResults(inputs, as_of);
}

}  // namespace rattvag
