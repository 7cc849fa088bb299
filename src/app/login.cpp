#include "app/login.hpp"

#include <fmt/format.h>

#include <chrono>

#include "security/password.hpp"
#include "security/random.hpp"
#include "security/sha256.hpp"
#include "security/totp.hpp"

namespace rattvag {

namespace {

AuditEntry LoginEntry(int64_t now, const User* user, const Unit* unit, std::string action, std::string outcome,
                      std::string detail) {
  AuditEntry e;
  e.at = FormatUtcTimestamp(now);
  e.user = user ? user->id : "";
  e.role = user ? std::string(Name(user->role)) : "";
  e.unit = unit ? unit->id : "";
  e.party = unit ? unit->kind : "";
  e.action = std::move(action);
  e.ground = "login";
  e.outcome = std::move(outcome);
  e.detail = std::move(detail);
  return e;
}

// A hash to check against when the user is unknown, so that the answer takes as long.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword("not a password of anyone");
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

}  // namespace

Result<std::string> StartSession(Journal& journal, const StoredUser& user, int64_t now) {
  const std::string token = RandomHex(32);
  StoredSession session{user.user.id, RandomHex(16), now, now, false};
  RATTVAG_TRY_STATUS(journal.CreateSession(Sha256(token), session));
  return token;
}

namespace {

// What a login depends on of the stored user: when any of it changed between the read before
// the verification and the one after it, the login starts over.
bool SameLoginState(const std::optional<StoredUser>& a, const std::optional<StoredUser>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->user.id == b->user.id && a->user.unit_id == b->user.unit_id && a->password_hash == b->password_hash &&
         a->failed_logins == b->failed_logins && a->last_failed_login == b->last_failed_login &&
         a->disabled == b->disabled && a->totp.secret == b->totp.secret && a->totp.last_step == b->totp.last_step;
}

// Records the outcome of a login whose password check gave `matches` (the hash of `stored` was
// verified; for an unknown or locked user nothing was). REQUIRES: the journal is not shared
// meanwhile (the caller holds its lock).
Result<LoginResult> FinishLogin(Journal& journal, std::string_view username, const std::optional<StoredUser>& found,
                                bool matches, int64_t now, const LoginPolicy& policy, std::string_view code) {
  LoginResult result;
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (!found.has_value()) {
    // The username someone tried is not personal data of a user here; it helps spot guessing.
    RATTVAG_TRY_STATUS(journal.AppendAudit(
        LoginEntry(now, nullptr, nullptr, "login", "denied", "unknown username " + std::string(username))));
    RATTVAG_TRY_STATUS(work.Commit());
    return result;
  }
  const StoredUser& stored = *found;
  auto unit = journal.FindUnit(stored.user.unit_id);
  if (!unit.ok()) return unit.error();
  if (!unit->has_value()) return Error{"unit", "the user's unit is missing"};
  if (auto until = LockedUntil(stored.failed_logins, stored.last_failed_login, policy); until && *until > now) {
    result.kind = LoginResult::Kind::kLocked;
    result.retry_after = *until - now;
    RATTVAG_TRY_STATUS(journal.AppendAudit(LoginEntry(now, &stored.user, &**unit, "login", "denied", "locked")));
    RATTVAG_TRY_STATUS(work.Commit());
    return result;
  }
  if (stored.totp.on() && code.empty()) {
    // The same answer whatever the password: a code is asked for before anything is told.
    if (!matches) RATTVAG_TRY_STATUS(journal.RecordLoginFailure(stored.user.id, now));
    RATTVAG_TRY_STATUS(journal.AppendAudit(LoginEntry(now, &stored.user, &**unit, "login", "denied",
                                                      matches ? "code needed" : "code needed; wrong password")));
    RATTVAG_TRY_STATUS(work.Commit());
    result.kind = LoginResult::Kind::kCodeNeeded;
    return result;
  }
  // The second factor: the code's time step, when it is one of now's ±1 and newer than the last used.
  std::optional<int64_t> step;
  std::string code_problem;
  if (stored.totp.on()) {
    auto matched = MatchTotp(stored.totp.secret, code, now);
    if (!matched.ok()) return matched.error();
    step = *matched;
    if (!step) code_problem = "wrong code";
    else if (!TotpStepUsable(*step, stored.totp.last_step)) code_problem = "code already used";
  }
  if (!matches || !code_problem.empty() || stored.disabled) {
    if (!matches || !code_problem.empty()) RATTVAG_TRY_STATUS(journal.RecordLoginFailure(stored.user.id, now));
    std::string detail = stored.disabled ? "disabled" : !matches ? "wrong password" : code_problem;
    if (stored.disabled && !matches) detail += "; wrong password";
    RATTVAG_TRY_STATUS(journal.AppendAudit(LoginEntry(now, &stored.user, &**unit, "login", "denied", detail)));
    RATTVAG_TRY_STATUS(work.Commit());
    return result;
  }
  RATTVAG_TRY_STATUS(journal.ResetLoginFailures(stored.user.id));
  if (stored.totp.on()) {
    TotpState used = stored.totp;
    used.last_step = *step;
    RATTVAG_TRY_STATUS(journal.SetTotp(stored.user.id, used));
  }
  auto token = StartSession(journal, stored, now);
  if (!token.ok()) return token.error();
  RATTVAG_TRY_STATUS(journal.AppendAudit(LoginEntry(now, &stored.user, &**unit, "login", "allowed",
                                                    stored.totp.on() ? "password and code" : "password")));
  RATTVAG_TRY_STATUS(work.Commit());
  auto session = journal.FindSession(Sha256(*token));
  if (!session.ok()) return session.error();
  result.kind = LoginResult::Kind::kLoggedIn;
  result.token = *token;
  result.who = {stored.user, **unit, (*session)->csrf_token, stored.totp.on()};
  return result;
}

}  // namespace

Result<LoginResult> Login(Journal& journal, std::mutex& journal_mutex, std::string_view username,
                          std::string_view password, int64_t now, const LoginPolicy& policy, std::string_view code) {
  constexpr int kAttempts = 3;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::optional<StoredUser> before;
    {
      std::lock_guard lock(journal_mutex);
      auto found = journal.FindUserByUsername(username);
      if (!found.ok()) return found.error();
      before = std::move(*found);
    }
    // The hash is verified without the journal lock. An unknown user costs as long (a dummy
    // hash); a locked account is answered without checking anything.
    bool matches = false;
    if (!before) {
      (void)VerifyPassword(DummyHash(), password);
    } else if (auto until = LockedUntil(before->failed_logins, before->last_failed_login, policy);
               !(until && *until > now)) {
      matches = VerifyPassword(before->password_hash.empty() ? DummyHash() : before->password_hash, password) &&
                !before->password_hash.empty();
    }
    std::lock_guard lock(journal_mutex);
    auto after = journal.FindUserByUsername(username);
    if (!after.ok()) return after.error();
    if (!SameLoginState(before, *after)) continue;
    return FinishLogin(journal, username, *after, matches, now, policy, code);
  }
  return Error{"", "database error: the user's login state changed during every attempt"};
}

Result<LoginResult> Login(Journal& journal, std::string_view username, std::string_view password, int64_t now,
                          const LoginPolicy& policy, std::string_view code) {
  std::mutex unshared;
  return Login(journal, unshared, username, password, now, policy, code);
}

Result<SessionLookup> LookUpSession(Journal& journal, std::string_view token, int64_t now, const LoginPolicy& policy) {
  SessionLookup lookup;
  if (token.size() != 64) return lookup;
  lookup.key = Sha256(token);
  auto session = journal.FindSession(lookup.key);
  if (!session.ok()) return session.error();
  if (!session->has_value() || (*session)->ended) return lookup;
  if (SessionExpired((*session)->created_at, (*session)->last_seen_at, now, policy)) {
    lookup.write = SessionLookup::Write::kEnd;
    return lookup;
  }
  auto user = journal.FindUserById((*session)->user_id);
  if (!user.ok()) return user.error();
  if (!user->has_value() || (*user)->disabled) return lookup;
  auto unit = journal.FindUnit((*user)->user.unit_id);
  if (!unit.ok()) return unit.error();
  if (!unit->has_value()) return lookup;
  if (now - (*session)->last_seen_at >= kSessionTouchSeconds) lookup.write = SessionLookup::Write::kTouch;
  lookup.who = Authenticated{(*user)->user, **unit, (*session)->csrf_token, (*user)->totp.on()};
  lookup.created_at = (*session)->created_at;
  lookup.last_seen_at = (*session)->last_seen_at;
  return lookup;
}

Status WriteSessionUse(Journal& journal, const SessionLookup& lookup, int64_t now) {
  if (lookup.write == SessionLookup::Write::kNone) return Status::Ok();
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (lookup.write == SessionLookup::Write::kEnd)
    RATTVAG_TRY_STATUS(journal.EndSession(lookup.key, now));
  else
    RATTVAG_TRY_STATUS(journal.TouchSession(lookup.key, now));
  return work.Commit();
}

Result<std::optional<Authenticated>> ResolveSession(Journal& journal, std::string_view token, int64_t now,
                                                    const LoginPolicy& policy) {
  auto lookup = LookUpSession(journal, token, now, policy);
  if (!lookup.ok()) return lookup.error();
  RATTVAG_TRY_STATUS(WriteSessionUse(journal, *lookup, now));
  return std::move(lookup->who);
}

Status Logout(Journal& journal, std::string_view token, int64_t now) {
  const std::string key = Sha256(token);
  auto session = journal.FindSession(key);
  if (!session.ok()) return session.error();
  if (!session->has_value() || (*session)->ended) return Status::Ok();
  auto user = journal.FindUserById((*session)->user_id);
  if (!user.ok()) return user.error();
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  RATTVAG_TRY_STATUS(journal.EndSession(key, now));
  if (user->has_value()) {
    auto unit = journal.FindUnit((*user)->user.unit_id);
    const Unit* u = unit.ok() && unit->has_value() ? &**unit : nullptr;
    RATTVAG_TRY_STATUS(journal.AppendAudit(LoginEntry(now, &(*user)->user, u, "logout", "allowed", "")));
  }
  return work.Commit();
}

}  // namespace rattvag
