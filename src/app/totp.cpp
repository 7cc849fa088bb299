#include "app/totp.hpp"

#include "security/totp.hpp"

namespace rattvag {

namespace {

Result<StoredUser> Find(Journal& journal, std::string_view key, bool by_username) {
  auto found = by_username ? journal.FindUserByUsername(key) : journal.FindUserById(key);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return Error{by_username ? "username" : "user", "no user has this name"};
  return **found;
}

// Stores `totp` for the user and `entry` in one transaction.
Status Store(Journal& journal, std::string_view user_id, const TotpState& totp, const AuditEntry& entry) {
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  RATTVAG_TRY_STATUS(journal.SetTotp(user_id, totp));
  RATTVAG_TRY_STATUS(journal.AppendAudit(entry));
  return work.Commit();
}

}  // namespace

Result<TotpEnrolment> StartTotpEnrolment(Journal& journal, std::string_view user_id, const AuditEntry& audit) {
  auto user = Find(journal, user_id, false);
  if (!user.ok()) return user.error();
  if (user->totp.on())
    return Error{"totp", "is on already; an operator can turn it off (rattvag user totp --off) for a new enrolment"};
  TotpState totp = user->totp;
  totp.pending = NewTotpSecret();
  RATTVAG_TRY_STATUS(Store(journal, user->user.id, totp, audit));
  return TotpEnrolment{totp.pending, TotpUri(user->user.username, totp.pending)};
}

Status ConfirmTotpEnrolment(Journal& journal, std::string_view user_id, std::string_view code, int64_t now,
                            AuditEntry audit) {
  auto user = Find(journal, user_id, false);
  if (!user.ok()) return user.error();
  if (user->totp.on()) return Error{"totp", "is on already"};
  if (user->totp.pending.empty()) return Error{"totp", "no enrolment waits; start one with POST /api/v1/session/totp"};
  auto step = MatchTotp(user->totp.pending, code, now);
  if (!step.ok()) return step.error();
  if (!*step) {
    audit.outcome = "denied";
    audit.detail = "wrong code";
    UnitOfWork work(journal);
    RATTVAG_TRY_STATUS(work.Begin());
    RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
    RATTVAG_TRY_STATUS(work.Commit());
    return Error{"code", "is not the app's current code for the new secret"};
  }
  const TotpState on{user->totp.pending, "", **step};
  audit.outcome = "allowed";
  audit.detail = "totp on";
  return Store(journal, user->user.id, on, audit);
}

Result<TotpEnrolment> SetTotpByOperator(Journal& journal, std::string_view username, const AuditEntry& audit) {
  auto user = Find(journal, username, true);
  if (!user.ok()) return user.error();
  const TotpState on{NewTotpSecret(), "", 0};
  RATTVAG_TRY_STATUS(Store(journal, user->user.id, on, audit));
  return TotpEnrolment{on.secret, TotpUri(user->user.username, on.secret)};
}

Status TurnTotpOff(Journal& journal, std::string_view username, const AuditEntry& audit) {
  auto user = Find(journal, username, true);
  if (!user.ok()) return user.error();
  return Store(journal, user->user.id, TotpState{}, audit);
}

}  // namespace rattvag
