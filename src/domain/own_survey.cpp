#include "domain/own_survey.hpp"

#include <optional>

namespace rattvag {

std::vector<Survey> OpenOwnSurveys(std::span<const Event> events, const OwnSurveyFacts& facts, Date today) {
  std::optional<Date> latest_meeting;
  std::optional<Date> latest_answer;
  bool coordination_ended = false;
  for (const Event& e : events) {
    if (e.date > today) continue;
    if (e.type == EventType::kAvstamningsmoteHeld && (!latest_meeting || e.date > *latest_meeting)) latest_meeting = e.date;
    if (e.type == EventType::kSurveyAnswered && e.survey == Survey::kParticipant &&
        (!latest_answer || e.date > *latest_answer))
      latest_answer = e.date;
    if (e.type == EventType::kFkCoordinationEnded) coordination_ended = true;
  }
  std::vector<Survey> open;
  if (latest_meeting && !(latest_answer && *latest_answer >= *latest_meeting)) open.push_back(Survey::kParticipant);
  if ((facts.sip_intervention_done || coordination_ended) && !facts.indikatorer_answered)
    open.push_back(Survey::kIndikatorer);
  return open;
}

}  // namespace rattvag
