// Which questionnaires the person may answer in their own view (domain/own_survey.hpp).
#include <gtest/gtest.h>

#include "domain/own_survey.hpp"

namespace rattvag {
namespace {

const Date kToday(2026, 11, 27);

Event Of(EventType type, Date date) {
  Event e;
  e.type = type;
  e.date = date;
  e.person = "199001019802";
  return e;
}

Event Answer(Survey survey, Date date) {
  Event e = Of(EventType::kSurveyAnswered, date);
  e.survey = survey;
  return e;
}

TEST(OwnSurvey, NothingWithoutAMeetingOrAnEndedIntervention) {
  const std::vector<Event> events = {Of(EventType::kEbPeriodStarted, Date(2026, 1, 1))};
  EXPECT_TRUE(OpenOwnSurveys(events, {}, kToday).empty());
}

TEST(OwnSurvey, ParticipantSurveyAfterAnAvstamningsmoteUntilAnswered) {
  std::vector<Event> events = {Of(EventType::kAvstamningsmoteHeld, Date(2026, 11, 1))};
  EXPECT_EQ(OpenOwnSurveys(events, {}, kToday), std::vector<Survey>{Survey::kParticipant});
  // A meeting after today does not count yet.
  EXPECT_TRUE(OpenOwnSurveys(events, {}, Date(2026, 10, 31)).empty());
  // Answered on the meeting's day or later: closed.
  events.push_back(Answer(Survey::kParticipant, Date(2026, 11, 1)));
  EXPECT_TRUE(OpenOwnSurveys(events, {}, kToday).empty());
  // A new avstämningsmöte after the answer opens it again.
  events.push_back(Of(EventType::kAvstamningsmoteHeld, Date(2026, 11, 20)));
  EXPECT_EQ(OpenOwnSurveys(events, {}, kToday), std::vector<Survey>{Survey::kParticipant});
  // An answer to another survey does not close it.
  events.push_back(Answer(Survey::kStaff, Date(2026, 11, 25)));
  EXPECT_EQ(OpenOwnSurveys(events, {}, kToday), std::vector<Survey>{Survey::kParticipant});
}

TEST(OwnSurvey, IndikatorerAfterAnEndedInterventionOnce) {
  OwnSurveyFacts facts;
  facts.sip_intervention_done = true;
  EXPECT_EQ(OpenOwnSurveys({}, facts, kToday), std::vector<Survey>{Survey::kIndikatorer});
  facts.indikatorer_answered = true;
  EXPECT_TRUE(OpenOwnSurveys({}, facts, kToday).empty());
  // FK's coordination ended counts as an ended intervention.
  const std::vector<Event> ended = {Of(EventType::kFkCoordinationEnded, Date(2026, 10, 1))};
  EXPECT_EQ(OpenOwnSurveys(ended, {}, kToday), std::vector<Survey>{Survey::kIndikatorer});
  // Both open: participant first.
  const std::vector<Event> both = {Of(EventType::kAvstamningsmoteHeld, Date(2026, 9, 1)),
                                   Of(EventType::kFkCoordinationEnded, Date(2026, 10, 1))};
  EXPECT_EQ(OpenOwnSurveys(both, {}, kToday), (std::vector<Survey>{Survey::kParticipant, Survey::kIndikatorer}));
}

}  // namespace
}  // namespace rattvag
