// Eligibility hints for aktivitetsersättning (AE) and sjukersättning (SE), DOMAIN.md §5.
// The ages are rule data with effective dates, never constants in the rules, since the law changes.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "domain/case.hpp"
#include "domain/date.hpp"

namespace rattvag {

// One version of the rules, in force from `effective_from` until the next version.
struct EligibilityRule {
  Date effective_from;
  int ae_from_age = 19;         // AE from July of the year the person turns this age…
  int ae_until_age = 30;        // …through the month before they turn this age.
  int ae_max_years_per_decision = 3;
  int se_from_age = 19;         // SE from this age…
  int se_until_age = 65;        // …through the month before they turn this age.
  int ae_planning_months = 6;   // Plan this many months before AE ends at ae_until_age (§6).
  const char* source = "";      // Where the rule comes from, for the person view.
};

// The rules in force, oldest first. See the source notes in eligibility.cpp.
std::span<const EligibilityRule> DefaultEligibilityRules();

// The rule in force on `on`. REQUIRES: rules non-empty, sorted, the first effective on or before `on`.
const EligibilityRule& RuleOn(std::span<const EligibilityRule> rules, Date on);

// The first day of the month in which the person turns `age`.
Date FirstOfMonthTurning(Date birth_date, int age);

enum class HintKind : uint8_t {
  kAeWindow,        // Within the AE age window: AE may be tried.
  kAeEndsSoon,      // On AE and approaching ae_until_age: needs planning.
  kSeWindow,        // Within the SE age window.
  kSgiUnknown,      // SGI never checked with FK.
  kSgiPositive,     // FK found SGI > 0: a right to sickness benefit (§4).
  kStanceMissing,   // A running spell has no stance yet.
};
std::string_view Name(HintKind kind);

struct Hint {
  HintKind kind;
  std::string text;  // Swedish, for the caseworker.
};

// Hints for a person born on `birth_date` with the projected case, on the projection's date.
std::vector<Hint> EligibilityHints(Date birth_date, const CaseProjection& projection,
                                   std::span<const EligibilityRule> rules);

}  // namespace rattvag
