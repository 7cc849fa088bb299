// The person's own view (issue 5 item 3, "Mina sidor"): individuals' accounts, their login and
// sessions, over the journal. Apart from staff logins (app/login.hpp) in everything: accounts,
// sessions, cookie and timeouts (OwnLoginPolicy). Every login, failure, logout, account change
// and read by the person is an audit entry about the person (party and role "person", ground
// "self"). Times are seconds since 1970-01-01 UTC, supplied by the caller.
//
// The identity-provider seam: a local password is the only way in now. BankID (or another
// e-legitimation) replaces it by proving the personnummer itself and then calling
// StartOwnSession for the person's account with its own method name; nothing after that
// changes (docs/OWN.md).
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/own_account.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// Who is logged in on an individual's session.
struct OwnAuthenticated {
  OwnAccount account;
  std::string csrf_token;
  std::string method;  // "password", "activation" (later "bankid").
};

struct OwnLoginResult {
  enum class Kind { kLoggedIn, kRefused, kLocked } kind = Kind::kRefused;
  std::string token;        // kLoggedIn: for the cookie (64 hex digits).
  OwnAuthenticated who;     // kLoggedIn.
  int64_t retry_after = 0;  // kLocked: seconds until a new attempt is heard.
};

// The audit entry of an action by the person on their own data (ground "self").
AuditEntry OwnAuditEntry(const OwnAccount& account, int64_t now, std::string action, std::string outcome = "allowed",
                         std::string detail = "");

// Logs a person (12-digit personnummer) in with their password. A person without an account,
// without a chosen password, a disabled account and a wrong password all answer kRefused alike
// (and take as long); wrong passwords count for the lockout (LockedUntil of `policy`); a locked
// account answers kLocked without checking anything. The Argon2id check runs without the
// journal lock; the caller runs one login at a time.
Result<OwnLoginResult> OwnLogin(Journal& journal, std::mutex& journal_mutex, std::string_view person,
                                std::string_view password, int64_t now, const LoginPolicy& policy);

// The first login: the one-time activation code (NormalizeActivationCode's form) and the
// password the person chooses (CheckNewPassword; errors on field "password"). A wrong or
// expired code, or none waiting, answers kRefused and counts for the lockout like a wrong
// password. On success the code is used up, the password stored and a session opened.
Result<OwnLoginResult> ActivateOwnAccount(Journal& journal, std::mutex& journal_mutex, std::string_view person,
                                          std::string_view code, std::string_view new_password, int64_t now,
                                          const LoginPolicy& policy);

// Opens a session on `account` for a person whose identity `method` proved ("password",
// "activation"; an identity provider such as BankID passes its own name). Writes the login's
// audit entry. REQUIRES: inside a transaction. Returns the token.
Result<std::string> StartOwnSession(Journal& journal, const OwnAccount& account, std::string_view method, int64_t now);

// Reading an individual's session (no write), as LookUpSession does for staff.
struct OwnSessionLookup {
  std::optional<OwnAuthenticated> who;
  enum class Write { kNone, kTouch, kEnd } write = Write::kNone;
  std::string key;  // The token's hash.
};
Result<OwnSessionLookup> LookUpOwnSession(Journal& journal, std::string_view token, int64_t now,
                                          const LoginPolicy& policy);
// Does the write a lookup calls for, in a transaction of its own.
Status WriteOwnSessionUse(Journal& journal, const OwnSessionLookup& lookup, int64_t now);

// Ends the session (logout), with its audit entry. Harmless for an unknown or ended session.
Status OwnLogout(Journal& journal, std::string_view token, int64_t now);

// What the owning EB caseworker hands the person: the account and its one-time code (shown
// once, never stored in the clear).
struct IssuedOwnAccount {
  OwnAccount account;
  std::string code;  // Grouped form, "ABCD-EFGH-JKMN".
  bool reset = false;  // The person had an account: its password is gone and its sessions ended.
};

// Creates the person's account, or resets it (a new code; password, lockout and sessions
// cleared), for `person` (12 digits, with a case) by staff user `by`, with `audit` (the
// caller's entry about the person; its action becomes own_account_create or own_account_reset)
// in the same transaction. `first_name` as CheckFirstName allows (the caller checks it).
Result<IssuedOwnAccount> IssueOwnAccount(Journal& journal, std::string_view person, std::string_view first_name,
                                         const User& by, AuditEntry audit, int64_t now);

// One entry of a person's log extract (loggutdrag) with what a reader needs besides the entry:
// the user's name and the unit's name ("" when unknown, e.g. the person's own entries).
struct LogExtractEntry {
  AuditEntry entry;
  std::string user_name;
  std::string unit_name;
};
// The person's log extract: every audit entry about them, oldest first, with names.
Result<std::vector<LogExtractEntry>> BuildLogExtract(Journal& journal, std::string_view person);

// Demo accounts for the person's own view (`rattvag demo --users`): for the first `count` demo
// persons (DemoPersonnummer order) of municipality `municipality` with a consent in force on
// `today`, an activated account with password `password` and a first name, created by staff
// user `created_by`. Persons who have an account already are left as they are. Returns the
// personnummer of the demo accounts (12 digits), in that order.
Result<std::vector<std::string>> AddDemoOwnAccounts(Journal& journal, int persons, std::string_view municipality,
                                                    int count, std::string_view password, std::string_view created_by,
                                                    Date today, int64_t now);

}  // namespace rattvag
