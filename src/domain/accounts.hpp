// Units, users and login rules of the shared server (DOMAIN.md §2, issue 3 items 2–3): who a
// user is, which unit and party they act for, and the pure rules of logging in (password
// policy, lockout with backoff, session lifetimes). Times are seconds since 1970-01-01 UTC,
// supplied by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.hpp"
#include "domain/result.hpp"

namespace rattvag {

// A unit of one party (DOMAIN.md §2): an EB unit of a municipality, an FK office, a region's
// rehabilitation coordination, an AF office, the AME unit, the municipal nurses, a förbund's
// office, or the administration.
struct Unit {
  std::string id;            // Short, stable: letters, digits, '-' and '_'.
  std::string name;          // For people.
  std::string kind;          // "eb", "fk", "region", "af", "ame", "nurse", "forbund", "admin".
  std::string municipality;  // SCB code for the municipality's units (eb, ame, nurse); else empty.
  std::vector<std::string> area;  // Municipalities served (fk, region, af, forbund); else empty.
};

struct User {
  std::string id;        // Opaque, stable.
  std::string username;  // Login name: 3–64 of a–z, 0–9, '.', '-', '_'.
  std::string display_name;
  Role role;
  std::string unit_id;
};

// "1380,1381" → {"1380", "1381"}; empty text → none. (Areas and municipality lists are written
// as SCB codes separated by commas.)
std::vector<std::string> SplitCodes(std::string_view text);

// The unit kind a role belongs to ("eb" for the EB roles, "forbund" for the analyst, …).
std::string_view UnitKindOf(Role role);

// Field checks of a new unit and a new user (the user against its unit: the role must belong
// to the unit's kind). Every problem, each naming its field.
std::vector<Error> ValidateUnit(const Unit& unit);
std::vector<Error> ValidateUser(const User& user, const Unit& unit);

// The actor a user acts as (for DecideCaseAccess and friends).
Actor ActorOf(const User& user, const Unit& unit);

struct LoginPolicy {
  int min_password_length = 12;     // Characters (UTF-8 code points), OWASP ASVS 2.1.1.
  int max_password_length = 128;
  int free_failures = 5;            // Failures in a row before the account locks.
  int64_t first_lock_seconds = 60;  // Then doubled for every further failure…
  int64_t max_lock_seconds = 3600;  // …up to this.
  int64_t idle_seconds = 20 * 60;           // A session unused this long has ended.
  int64_t absolute_seconds = 10 * 60 * 60;  // No session lives longer (a working day).
};

// A new password's problems (field "password"): too short or long, the username inside it.
// Only the rules; the reasons never repeat the password.
std::vector<Error> CheckNewPassword(std::string_view password, std::string_view username, const LoginPolicy& policy);

// After `failures` failed logins in a row, the last at `last_failure`: the time until which the
// account is locked (none while failures < free_failures).
std::optional<int64_t> LockedUntil(int failures, int64_t last_failure, const LoginPolicy& policy);

// True when a session created at `created` and last used at `last_seen` has ended at `now`.
bool SessionExpired(int64_t created, int64_t last_seen, int64_t now, const LoginPolicy& policy);

// True when a TOTP code of time step `step` may be accepted after the code of `last_used_step`
// was: each code once, and never an older one (RFC 6238 §5.2).
bool TotpStepUsable(int64_t step, int64_t last_used_step);

}  // namespace rattvag
