// The method as a whole (DOMAIN.md §5, §6), described from the rules the code enforces: the steps
// of the flowchart, which event moves a case to which step and which party records it, the
// directions of a stance, and the deadlines with their rules in words. The Kunskapsbank draws
// its flowchart from this (GET /api/v1/method), so the drawing cannot drift from the rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.hpp"
#include "domain/deadlines.hpp"
#include "domain/eligibility.hpp"
#include "domain/event.hpp"

namespace rattvag {

struct MethodStep {
  Step step;
  int number = 0;            // 1… in method order.
  std::string_view title;    // SwedishName(step).
  std::string_view summary;  // Swedish: what happens in the step.
};

// One event type and what it does to a case.
struct MethodTransition {
  EventType type;
  std::string_view title;     // Swedish.
  Step to = Step::kNone;      // StepOf(type), or kExited for the end of the EB period; kNone: no step change.
  std::string_view precondition;  // Swedish: what CaseState demands first; empty when nothing.
  std::vector<Party> recorded_by;  // Every party p with RecordableBy(p, type), in Party order.
};

struct MethodDirection {
  Direction direction;
  std::string_view title;        // Swedish.
  std::string_view explanation;  // Swedish: what the caseworker does next.
  std::optional<TrackKind> track;  // The track Project opens for it while the person is on EB.
  Step leads_to = Step::kNone;   // The next step of the flowchart it leads to; kNone: back to follow-up.
};

struct MethodParty {
  Party party;
  std::string_view title;  // Swedish.
};

struct MethodDescription {
  std::vector<MethodStep> steps;              // Every step but kNone, in method order.
  std::vector<MethodTransition> transitions;  // Every event type, in declaration order.
  std::vector<MethodDirection> directions;    // Every direction, in declaration order.
  std::vector<DeadlineRule> deadlines;        // Every deadline kind, in declaration order.
  std::vector<MethodParty> parties;           // Every party, in declaration order.
};

// The description with the AE ages of `eligibility` (the rule in force).
MethodDescription DescribeMethod(const EligibilityRule& eligibility);

// Swedish titles used by the description.
std::string_view MethodTitle(EventType type);
std::string_view MethodTitle(Direction direction);
std::string_view MethodTitle(Party party);

}  // namespace rattvag
