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

Result<LoginResult> Login(Journal& journal, std::string_view username, std::string_view password, int64_t now,
                          const LoginPolicy& policy, std::string_view code) {
  LoginResult result;
  auto found = journal.FindUserByUsername(username);
  if (!found.ok()) return found.error();
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (!found->has_value()) {
    (void)VerifyPassword(DummyHash(), password);
    // The username someone tried is not personal data of a user here; it helps spot guessing.
    RATTVAG_TRY_STATUS(journal.AppendAudit(
        LoginEntry(now, nullptr, nullptr, "login", "denied", "unknown username " + std::string(username))));
    RATTVAG_TRY_STATUS(work.Commit());
    return result;
  }
  const StoredUser& stored = **found;
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
  const bool matches = VerifyPassword(stored.password_hash.empty() ? DummyHash() : stored.password_hash, password) &&
                       !stored.password_hash.empty();
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

Result<std::optional<Authenticated>> ResolveSession(Journal& journal, std::string_view token, int64_t now,
                                                    const LoginPolicy& policy) {
  if (token.size() != 64) return std::optional<Authenticated>();
  const std::string key = Sha256(token);
  auto session = journal.FindSession(key);
  if (!session.ok()) return session.error();
  if (!session->has_value() || (*session)->ended) return std::optional<Authenticated>();
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (SessionExpired((*session)->created_at, (*session)->last_seen_at, now, policy)) {
    RATTVAG_TRY_STATUS(journal.EndSession(key, now));
    RATTVAG_TRY_STATUS(work.Commit());
    return std::optional<Authenticated>();
  }
  auto user = journal.FindUserById((*session)->user_id);
  if (!user.ok()) return user.error();
  if (!user->has_value() || (*user)->disabled) return std::optional<Authenticated>();
  auto unit = journal.FindUnit((*user)->user.unit_id);
  if (!unit.ok()) return unit.error();
  if (!unit->has_value()) return std::optional<Authenticated>();
  RATTVAG_TRY_STATUS(journal.TouchSession(key, now));
  RATTVAG_TRY_STATUS(work.Commit());
  return std::optional<Authenticated>(Authenticated{(*user)->user, **unit, (*session)->csrf_token, (*user)->totp.on()});
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
