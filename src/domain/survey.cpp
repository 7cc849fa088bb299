#include "domain/survey.hpp"

#include <algorithm>
#include <cmath>

#include "domain/suppression.hpp"

namespace rattvag {

namespace {

std::vector<SurveyDefinition> MakeDefinitions() {
  std::vector<SurveyDefinition> all;
  // The brukarenkät of the Halmstad/Laholm project (seeds: 14 persons who had taken part in
  // coordinated rehabilitation and been to at least one avstämningsmöte).
  all.push_back(SurveyDefinition{
      Survey::kParticipant,
      "Deltagarenkät",
      "Till dig som har varit på minst ett avstämningsmöte.",
      /*anonymous=*/false,
      /*after_avstamningsmote=*/true,
      {
          SurveyQuestion{"planning",
                         "Hur tycker du att planeringen som gjordes på avstämningsmötet har fungerat?",
                         AnswerKind::kChoice,
                         {{"good", "Bra", true}, {"too_early", "För tidigt att avgöra", false}, {"bad", "Dåligt", false}},
                         std::nullopt,
                         ""},
          SurveyQuestion{"cooperation",
                         "Tycker du att det är bra att ekonomiskt bistånd och Försäkringskassan samarbetar "
                         "kring din rehabilitering?",
                         AnswerKind::kChoice,
                         {{"yes", "Ja", true},
                          {"both", "Både och", false},
                          {"no", "Nej", false},
                          {"no_answer", "Vill inte svara", false}},
                         std::nullopt,
                         ""},
      }});
  // The handläggarenkät to socialsekreterare and personliga handläggare (May and November 2014).
  all.push_back(SurveyDefinition{
      Survey::kStaff,
      "Handläggarenkät",
      "Till socialsekreterare och personliga handläggare. Svaren sparas utan namn.",
      /*anonymous=*/true,
      /*after_avstamningsmote=*/false,
      {
          SurveyQuestion{"contact",
                         "Hur upplever du att kontakten mellan Försäkringskassan och ekonomiskt bistånd fungerar "
                         "på handläggarnivå i individärenden?",
                         AnswerKind::kChoice,
                         {{"good", "Bra", true},
                          {"neither", "Varken eller", false},
                          {"bad", "Dåligt", false},
                          {"dont_know", "Vet ej", false}},
                         std::nullopt,
                         ""},
      }});
  // Falköping's targets, measured with the tool Indikatorer after the intervention.
  const std::vector<SurveyOption> yes_no = {{"yes", "Ja", true}, {"no", "Nej", false}};
  all.push_back(SurveyDefinition{
      Survey::kIndikatorer,
      "Indikatorer",
      "Till deltagare efter avslutad insats. Svaren sparas utan namn.",
      /*anonymous=*/true,
      /*after_avstamningsmote=*/false,
      {
          SurveyQuestion{"more_ready", "Känner du dig mer redo att kunna arbeta eller studera efter avslutad insats?",
                         AnswerKind::kYesNo, yes_no, 70, "Minst 70 % känner sig mer redo att kunna arbeta eller studera."},
          SurveyQuestion{"great_use", "Har du fått stöd som har varit till stor nytta för dig?", AnswerKind::kYesNo,
                         yes_no, 90, "Minst 90 % har fått stöd som varit till stor nytta."},
          SurveyQuestion{"planning_after_sufficient",
                         "Finns det en tillräcklig planering för vad som ska hända efter att stödet har upphört?",
                         AnswerKind::kYesNo, yes_no, 90,
                         "Minst 90 % tycker att planeringen för tiden efter stödet är tillräcklig."},
      }});
  return all;
}

const std::vector<SurveyDefinition>& Definitions() {
  static const std::vector<SurveyDefinition> all = MakeDefinitions();
  return all;
}

std::string OptionList(const SurveyQuestion& q) {
  std::string out;
  for (size_t i = 0; i < q.options.size(); ++i) {
    if (i > 0) out += i + 1 == q.options.size() ? " or " : ", ";
    out += "\"" + std::string(q.options[i].id) + "\"";
  }
  return out;
}

}  // namespace

const SurveyDefinition& DefinitionOf(Survey survey) { return Definitions()[static_cast<size_t>(survey)]; }

std::span<const SurveyDefinition> AllSurveyDefinitions() { return Definitions(); }

ParsedSurveyAnswers ParseSurveyAnswers(Survey survey, std::span<const RawAnswer> answers) {
  ParsedSurveyAnswers out;
  if (static_cast<int>(survey) >= kSurveyCount) {
    out.errors.push_back({"survey", "has a value out of range"});
    return out;
  }
  const SurveyDefinition& definition = DefinitionOf(survey);
  out.choices.assign(definition.questions.size(), -1);
  for (const RawAnswer& answer : answers) {
    const std::string field = "answers." + answer.key;
    size_t q = 0;
    while (q < definition.questions.size() && definition.questions[q].id != answer.key) ++q;
    if (q == definition.questions.size()) {
      std::string known;
      for (const auto& question : definition.questions) known += (known.empty() ? "\"" : ", \"") + std::string(question.id) + "\"";
      out.errors.push_back({field, "is not a question of the " + std::string(Name(survey)) + " survey (its questions: " +
                                       known + ")"});
      continue;
    }
    const SurveyQuestion& question = definition.questions[q];
    if (out.choices[q] != -1) {
      out.errors.push_back({field, "is answered twice"});
      continue;
    }
    if (question.kind == AnswerKind::kYesNo) {
      if (answer.kind != RawAnswer::Kind::kBool) {
        out.errors.push_back({field, "must be true (ja) or false (nej)"});
        continue;
      }
      // Options of a yes/no question are "yes" then "no".
      out.choices[q] = answer.flag ? 0 : 1;
      continue;
    }
    int chosen = -1;
    if (answer.kind == RawAnswer::Kind::kString)
      for (size_t o = 0; o < question.options.size(); ++o)
        if (question.options[o].id == answer.text) chosen = static_cast<int>(o);
    if (chosen < 0) {
      out.errors.push_back({field, "must be one of " + OptionList(question)});
      continue;
    }
    out.choices[q] = chosen;
  }
  if (out.errors.empty() && std::all_of(out.choices.begin(), out.choices.end(), [](int c) { return c < 0; }))
    out.errors.push_back({"answers", "must answer at least one question"});
  return out;
}

std::optional<Date> FirstAvstamningsmote(std::span<const Event> events) {
  std::optional<Date> first;
  for (const Event& e : events)
    if (e.type == EventType::kAvstamningsmoteHeld && (!first || e.date < *first)) first = e.date;
  return first;
}

Status CheckSurveyRespondent(Survey survey, std::span<const Event> person_events, Date date) {
  if (static_cast<int>(survey) >= kSurveyCount) return Error{"survey", "has a value out of range"};
  if (!DefinitionOf(survey).after_avstamningsmote) return Status::Ok();
  const std::optional<Date> first = FirstAvstamningsmote(person_events);
  if (first && *first <= date) return Status::Ok();
  return Error{"person", "has had no avstämningsmöte by " + date.ToString() +
                             "; the participant survey is for those who have been to one"};
}

SurveyResults ComputeSurveyResults(std::span<const SurveyAnswerInput> answers, Date as_of) {
  SurveyResults results;
  results.as_of = as_of;
  for (int s = 0; s < kSurveyCount; ++s) {
    SurveyResult& r = results.surveys[static_cast<size_t>(s)];
    r.definition = &Definitions()[static_cast<size_t>(s)];
    for (const SurveyQuestion& q : r.definition->questions) {
      SurveyQuestionResult qr;
      qr.question = &q;
      qr.counts.assign(q.options.size(), 0);
      r.questions.push_back(std::move(qr));
    }
  }
  for (const SurveyAnswerInput& a : answers) {
    if (static_cast<int>(a.survey) >= kSurveyCount || a.date > as_of) continue;
    SurveyResult& r = results.surveys[static_cast<size_t>(a.survey)];
    if (r.definition->after_avstamningsmote && !a.anonymous &&
        !(a.first_avstamningsmote && *a.first_avstamningsmote <= a.date)) {
      ++r.excluded;
      continue;
    }
    ++r.answers;
    if (a.anonymous) ++r.anonymous;
    for (size_t q = 0; q < r.questions.size() && q < a.choices.size(); ++q) {
      const int c = a.choices[q];
      if (c < 0 || static_cast<size_t>(c) >= r.questions[q].counts.size()) continue;
      SurveyQuestionResult& qr = r.questions[q];
      ++qr.n;
      ++qr.counts[static_cast<size_t>(c)];
      if (qr.question->options[static_cast<size_t>(c)].positive) ++qr.positive;
    }
  }
  for (SurveyResult& r : results.surveys)
    for (SurveyQuestionResult& qr : r.questions) {
      if (qr.n == 0) continue;
      qr.share = RoundShare(static_cast<double>(qr.positive) / static_cast<double>(qr.n));
      if (qr.question->target_percent) qr.met = qr.positive * 100 >= int64_t{*qr.question->target_percent} * qr.n;
    }
  return results;
}

SurveySuppression SuppressSurveyResults(const SurveyResults& results, int threshold) {
  SurveySuppression out;
  for (size_t s = 0; s < results.surveys.size(); ++s) {
    const SurveyResult& r = results.surveys[s];
    // Cells: answers, anonymous, excluded, then per question n, unanswered (implicit), counts.
    SuppressionTable table;
    table.cells.push_back({r.answers});
    table.cells.push_back({r.anonymous});
    table.cells.push_back({r.excluded});
    std::vector<int> n_cell;
    std::vector<int> first_count;
    for (const SurveyQuestionResult& qr : r.questions) {
      const int n = static_cast<int>(table.cells.size());
      n_cell.push_back(n);
      table.cells.push_back({qr.n});
      SuppressionCell unanswered{r.answers - qr.n};
      unanswered.published = false;
      table.cells.push_back(unanswered);
      first_count.push_back(static_cast<int>(table.cells.size()));
      SuppressionEquation sum_of_options{{{n, 1}}};
      for (int64_t count : qr.counts) {
        sum_of_options.terms.push_back({static_cast<int>(table.cells.size()), -1});
        table.cells.push_back({count});
      }
      table.equations.push_back(std::move(sum_of_options));
      table.equations.push_back({{{0, 1}, {n, -1}, {n + 1, -1}}});
    }
    const std::vector<bool> hidden = SuppressCells(table, threshold);
    SurveyHidden& h = out[s];
    h.answers = hidden[0];
    h.anonymous = hidden[1];
    h.excluded = hidden[2];
    for (size_t q = 0; q < r.questions.size(); ++q) {
      SurveyQuestionHidden qh;
      qh.n = hidden[static_cast<size_t>(n_cell[q])];
      qh.share = qh.n;
      for (size_t o = 0; o < r.questions[q].counts.size(); ++o) {
        const bool c = hidden[static_cast<size_t>(first_count[q]) + o];
        qh.counts.push_back(c);
        if (c && r.questions[q].question->options[o].positive) qh.share = true;
      }
      h.questions.push_back(std::move(qh));
    }
  }
  return out;
}

}  // namespace rattvag
