#include "codec/survey_json.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace rattvag {

namespace json = boost::json;

std::vector<RawAnswer> RawAnswersFromJson(std::string_view answers_json) {
  std::vector<RawAnswer> out;
  boost::system::error_code error;
  json::value value = json::parse(answers_json, error);
  if (error || !value.is_object()) return out;
  for (const auto& member : value.as_object()) {
    RawAnswer a;
    a.key = std::string(member.key());
    if (member.value().is_string()) {
      a.kind = RawAnswer::Kind::kString;
      a.text = std::string(member.value().as_string());
    } else if (member.value().is_bool()) {
      a.kind = RawAnswer::Kind::kBool;
      a.flag = member.value().as_bool();
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string AnswersJson(Survey survey, const SurveyChoices& choices) {
  const SurveyDefinition& d = DefinitionOf(survey);
  json::object o;
  for (size_t q = 0; q < d.questions.size() && q < choices.size(); ++q) {
    const int c = choices[q];
    if (c < 0 || static_cast<size_t>(c) >= d.questions[q].options.size()) continue;
    const SurveyQuestion& question = d.questions[q];
    if (question.kind == AnswerKind::kYesNo)
      o[question.id] = c == 0;
    else
      o[question.id] = question.options[static_cast<size_t>(c)].id;
  }
  return json::serialize(o);
}

namespace {

json::value Target(const SurveyQuestion& q) {
  if (!q.target_percent) return nullptr;
  return static_cast<double>(*q.target_percent) / 100.0;
}

}  // namespace

json::object SurveyDefinitionsJson() {
  json::array surveys;
  for (const SurveyDefinition& d : AllSurveyDefinitions()) {
    json::array questions;
    for (const SurveyQuestion& q : d.questions) {
      json::array options;
      for (const SurveyOption& o : q.options)
        options.push_back(json::object{{"id", o.id}, {"label", o.label}, {"positive", o.positive}});
      questions.push_back(json::object{{"id", q.id},
                                       {"text", q.text},
                                       {"kind", q.kind == AnswerKind::kYesNo ? "yes_no" : "choice"},
                                       {"options", std::move(options)},
                                       {"target", Target(q)},
                                       {"target_text", q.target_text}});
    }
    surveys.push_back(json::object{{"survey", Name(d.survey)},
                                   {"title", d.title},
                                   {"intro", d.intro},
                                   {"anonymous", d.anonymous},
                                   {"after_avstamningsmote", d.after_avstamningsmote},
                                   {"questions", std::move(questions)}});
  }
  return json::object{{"surveys", std::move(surveys)}};
}

std::string SurveyResultsJson(const SurveyResults& results, const std::vector<std::string>& municipalities,
                              const SurveySuppression* hidden, int threshold) {
  json::object root;
  root["as_of"] = results.as_of.ToString();
  json::array scope;
  for (const auto& m : municipalities) scope.emplace_back(m);
  root["municipalities"] = std::move(scope);
  json::array pointers;
  auto value = [&](auto v, bool is_hidden, const std::string& pointer) -> json::value {
    if (!is_hidden) return json::value_from(v);
    pointers.emplace_back(pointer);
    return nullptr;
  };
  json::array surveys;
  for (size_t s = 0; s < results.surveys.size(); ++s) {
    const SurveyResult& r = results.surveys[s];
    const SurveyHidden* h = hidden ? &(*hidden)[s] : nullptr;
    const std::string at = "/surveys/" + std::to_string(s);
    json::object o;
    o["survey"] = Name(r.definition->survey);
    o["title"] = r.definition->title;
    o["anonymous"] = r.definition->anonymous;
    o["answers"] = value(r.answers, h && h->answers, at + "/answers");
    o["anonymous_answers"] = value(r.anonymous, h && h->anonymous, at + "/anonymous_answers");
    o["excluded"] = value(r.excluded, h && h->excluded, at + "/excluded");
    json::array questions;
    for (size_t q = 0; q < r.questions.size(); ++q) {
      const SurveyQuestionResult& qr = r.questions[q];
      const SurveyQuestionHidden* qh = h ? &h->questions[q] : nullptr;
      const std::string qat = at + "/questions/" + std::to_string(q);
      json::object qo;
      qo["id"] = qr.question->id;
      qo["text"] = qr.question->text;
      qo["n"] = value(qr.n, qh && qh->n, qat + "/n");
      json::array options;
      for (size_t i = 0; i < qr.counts.size(); ++i) {
        const SurveyOption& option = qr.question->options[i];
        json::object oo{{"id", option.id}, {"label", option.label}, {"positive", option.positive}};
        oo["count"] = value(qr.counts[i], qh && qh->counts[i], qat + "/options/" + std::to_string(i) + "/count");
        options.push_back(std::move(oo));
      }
      qo["options"] = std::move(options);
      const bool share_hidden = qh && qh->share;
      qo["positive"] = value(qr.positive, share_hidden, qat + "/positive");
      if (share_hidden) {
        qo["share_positive"] = value(0, true, qat + "/share_positive");
      } else {
        qo["share_positive"] = qr.share ? json::value(*qr.share) : json::value(nullptr);
      }
      qo["target"] = Target(*qr.question);
      qo["target_text"] = qr.question->target_text;
      if (share_hidden && qr.question->target_percent) {
        qo["met"] = value(false, true, qat + "/met");
      } else {
        qo["met"] = qr.met ? json::value(*qr.met) : json::value(nullptr);
      }
      questions.push_back(std::move(qo));
    }
    o["questions"] = std::move(questions);
    surveys.push_back(std::move(o));
  }
  root["surveys"] = std::move(surveys);
  if (hidden) {
    root["suppression_threshold"] = threshold;
    root["suppressed"] = std::move(pointers);
  }
  return json::serialize(root);
}

std::string SurveyResultsCsv(const SurveyResults& results, const SurveySuppression* hidden) {
  std::string out = "survey,question,option,as_of,answers,n,count,positive,share_positive,target,met\r\n";
  constexpr std::string_view kHidden = "..";
  for (size_t s = 0; s < results.surveys.size(); ++s) {
    const SurveyResult& r = results.surveys[s];
    const SurveyHidden* h = hidden ? &(*hidden)[s] : nullptr;
    for (size_t q = 0; q < r.questions.size(); ++q) {
      const SurveyQuestionResult& qr = r.questions[q];
      const SurveyQuestionHidden* qh = h ? &h->questions[q] : nullptr;
      const bool share_hidden = qh && qh->share;
      const std::string share =
          share_hidden ? std::string(kHidden) : (qr.share ? fmt::format("{:.4f}", *qr.share) : std::string());
      const std::string target =
          qr.question->target_percent ? fmt::format("{:.2f}", *qr.question->target_percent / 100.0) : std::string();
      const std::string met =
          share_hidden && qr.question->target_percent ? std::string(kHidden) : (qr.met ? (*qr.met ? "yes" : "no") : "");
      for (size_t i = 0; i < qr.counts.size(); ++i) {
        const SurveyOption& option = qr.question->options[i];
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\r\n", Name(r.definition->survey), qr.question->id, option.id,
                           results.as_of.ToString(), h && h->answers ? std::string(kHidden) : std::to_string(r.answers),
                           qh && qh->n ? std::string(kHidden) : std::to_string(qr.n),
                           qh && qh->counts[i] ? std::string(kHidden) : std::to_string(qr.counts[i]),
                           option.positive ? "yes" : "no", share, target, met);
      }
    }
  }
  return out;
}

}  // namespace rattvag
