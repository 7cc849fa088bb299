// Helpers shared by the fuzz targets: a named check that aborts, and field-by-field event
// comparison that names the first field that differs.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/event.hpp"

namespace rattvag::fuzz {

// Run by Fail before it aborts (e.g. to remove a temporary directory); nothing by default.
inline void (*on_failure)() = nullptr;

// An invariant that must hold for every input: prints what broke and aborts, which libFuzzer
// reports as a crash with the input that caused it.
[[noreturn]] inline void Fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "\nINVARIANT BROKEN: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  if (on_failure) on_failure();
  std::abort();
}

inline void Check(bool holds, std::string_view what, std::string_view detail = {}) {
  if (!holds) Fail(what, detail);
}

// The name of the first field in which `a` and `b` differ, or empty when they are equal.
// Lists every field of Event (domain/event.hpp); a new field belongs here too.
inline std::string FirstDifference(const Event& a, const Event& b) {
#define RATTVAG_FUZZ_FIELD(f) \
  if (!(a.f == b.f)) return #f;
  RATTVAG_FUZZ_FIELD(type)
  RATTVAG_FUZZ_FIELD(date)
  RATTVAG_FUZZ_FIELD(person)
  RATTVAG_FUZZ_FIELD(id)
  RATTVAG_FUZZ_FIELD(municipality)
  RATTVAG_FUZZ_FIELD(exit_reason)
  RATTVAG_FUZZ_FIELD(source)
  RATTVAG_FUZZ_FIELD(sgi)
  RATTVAG_FUZZ_FIELD(consent_id)
  RATTVAG_FUZZ_FIELD(parties)
  RATTVAG_FUZZ_FIELD(purpose)
  RATTVAG_FUZZ_FIELD(until)
  RATTVAG_FUZZ_FIELD(from)
  RATTVAG_FUZZ_FIELD(to)
  RATTVAG_FUZZ_FIELD(extent)
  RATTVAG_FUZZ_FIELD(icd10)
  RATTVAG_FUZZ_FIELD(supports_reduced_capacity)
  RATTVAG_FUZZ_FIELD(direction)
  RATTVAG_FUZZ_FIELD(review_date)
  RATTVAG_FUZZ_FIELD(note)
  RATTVAG_FUZZ_FIELD(referral_id)
  RATTVAG_FUZZ_FIELD(ready)
  RATTVAG_FUZZ_FIELD(prognosis_date)
  RATTVAG_FUZZ_FIELD(coordination_end_reason)
  RATTVAG_FUZZ_FIELD(benefit)
  RATTVAG_FUZZ_FIELD(outcome)
  RATTVAG_FUZZ_FIELD(survey)
  RATTVAG_FUZZ_FIELD(answers_json)
#undef RATTVAG_FUZZ_FIELD
  return {};
}

}  // namespace rattvag::fuzz
