// Logging in and out of the shared server (issue 3 item 3): password check with Argon2id,
// lockout with backoff, sessions held by a random token whose hash only is stored, a CSRF token
// per session, an optional TOTP second factor, and an audit entry for every login, failure and
// logout. Times are seconds since 1970-01-01 UTC, supplied by the caller. Identity providers
// (SAML2/OIDC with SITHS/Efos) will call StartSession after their own check (their own second
// factor included), without the password path.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "domain/accounts.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// Who is logged in on a session.
struct Authenticated {
  User user;
  Unit unit;
  std::string csrf_token;
  bool totp = false;  // The user has a TOTP second factor on.
};

struct LoginResult {
  // kCodeNeeded: the user has TOTP on and no code was given.
  enum class Kind { kLoggedIn, kRefused, kLocked, kCodeNeeded } kind = Kind::kRefused;
  std::string token;            // kLoggedIn: the session token for the cookie (64 hex digits).
  Authenticated who;            // kLoggedIn.
  int64_t retry_after = 0;      // kLocked: seconds until a new attempt is heard.
};

// Checks the password and, for a user with TOTP on, the one-time `code` (6 digits; empty when
// none was given). An unknown username, a wrong password, a wrong or already used code, a
// disabled user and a user without a password all answer kRefused alike (and take as long: the
// hash is computed anyway); wrong passwords and wrong codes count as failures for the lockout.
// A user with TOTP on who gave no code is answered kCodeNeeded whether the password was right
// or not (so the answer tells nothing about the password; a wrong one still counts as a
// failure). A code is accepted for the time step of `now` and the one before and after (clock
// drift), and only when its step is newer than the last accepted one (no replay). A locked
// account answers kLocked without checking anything. Storage errors are errors.
Result<LoginResult> Login(Journal& journal, std::string_view username, std::string_view password, int64_t now,
                          const LoginPolicy& policy = {}, std::string_view code = {});

// The same for a journal shared behind `journal_mutex`: the user is read under the lock, the
// password hash is verified (Argon2id, about 0.1 s) without it, and the lock is taken again to
// record the outcome, after checking that the user's login state has not changed meanwhile
// (else it starts over, at most three times). The lockout stays exact only when logins are not
// verified concurrently: the caller runs one Login at a time (the server holds a mutex of its
// own around this call).
Result<LoginResult> Login(Journal& journal, std::mutex& journal_mutex, std::string_view username,
                          std::string_view password, int64_t now, const LoginPolicy& policy = {},
                          std::string_view code = {});

// Opens a session for a user whose identity was checked elsewhere. REQUIRES: inside a
// transaction. Returns the token.
Result<std::string> StartSession(Journal& journal, const StoredUser& user, int64_t now);

// A session's `last_seen_at` is written at most once in this many seconds: a request within
// them of the last recorded use writes nothing. The idle limit (LoginPolicy) is counted from
// the recorded use, so a session idle for the limit ends up to this much earlier than the
// limit after its true last use; never later.
inline constexpr int64_t kSessionTouchSeconds = 60;

// What reading a session found, and the write it calls for.
struct SessionLookup {
  std::optional<Authenticated> who;    // Nothing: no open session.
  enum class Write { kNone, kTouch, kEnd } write = Write::kNone;
  std::string key;                     // The token's hash.
  int64_t created_at = 0, last_seen_at = 0;  // The open session's, as stored (with `who`).
};

// Reads the session of a token (no write): the user when the session is open and not expired.
// `write` is kEnd for an expired session and kTouch when its recorded use is
// kSessionTouchSeconds or more before `now`.
Result<SessionLookup> LookUpSession(Journal& journal, std::string_view token, int64_t now,
                                    const LoginPolicy& policy = {});
// Does the write a lookup calls for, in a transaction of its own (nothing for kNone).
Status WriteSessionUse(Journal& journal, const SessionLookup& lookup, int64_t now);

// The user of a session token, when the session is open and not expired (its use is then
// recorded at `now`, at most once in kSessionTouchSeconds); nothing otherwise (an expired
// session is ended). LookUpSession and WriteSessionUse on one journal.
Result<std::optional<Authenticated>> ResolveSession(Journal& journal, std::string_view token, int64_t now,
                                                    const LoginPolicy& policy = {});

// Ends the session (logout). Harmless for an unknown or ended session.
Status Logout(Journal& journal, std::string_view token, int64_t now);

}  // namespace rattvag
