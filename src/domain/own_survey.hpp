// Which questionnaires the person may answer in their own view (issue 5 item 5, "Frågor till
// dig"; docs/OWN.md). Pure: the caller supplies the person's events, whether an intervention of
// theirs has ended, and whether they answered Indikatorer already.
#pragma once

#include <span>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"

namespace rattvag {

// What decides the open questionnaires besides the person's events.
struct OwnSurveyFacts {
  // An intervention of the person has ended: a SIP intervention marked done, or FK's
  // coordinated rehabilitation ended (fk_coordination_ended among the events, on or before today).
  bool sip_intervention_done = false;
  // The person has answered Indikatorer in their own view before (the answer itself is stored
  // without the person; only the fact that they answered is kept, in their audit entries).
  bool indikatorer_answered = false;
};

// The surveys open to the person on `today`, in the order participant, indikatorer (never the
// staff survey):
// - participant: the person had an avstämningsmöte on or before today, and has no participant
//   answer dated on or after their latest such meeting (one answer per meeting round);
// - indikatorer: an intervention has ended (facts or fk_coordination_ended) and the person has
//   not answered it before.
std::vector<Survey> OpenOwnSurveys(std::span<const Event> events, const OwnSurveyFacts& facts, Date today);

}  // namespace rattvag
