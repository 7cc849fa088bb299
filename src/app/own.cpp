#include "app/own.hpp"

#include <algorithm>
#include <map>

#include "app/demo.hpp"
#include "app/login.hpp"
#include "app/queries.hpp"
#include "domain/access.hpp"
#include "domain/eligibility.hpp"
#include "security/password.hpp"
#include "security/random.hpp"
#include "security/sha256.hpp"

namespace rattvag {

namespace {

// A hash to check against when there is no password to check, so that the answer takes as long.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword("not a password of anyone either");
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

// The entry of a login attempt that reached no account (the personnummer is kept, in the audit
// log only, when the person is in the journal: it is then about that person).
AuditEntry AnonymousEntry(int64_t now, std::string person, std::string action, std::string detail) {
  AuditEntry e;
  e.at = FormatUtcTimestamp(now);
  e.party = "person";
  e.role = "person";
  e.person = std::move(person);
  e.action = std::move(action);
  e.ground = "login";
  e.outcome = "denied";
  e.detail = std::move(detail);
  return e;
}

bool SameLoginState(const std::optional<OwnAccount>& a, const std::optional<OwnAccount>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->id == b->id && a->password_hash == b->password_hash && a->activation_hash == b->activation_hash &&
         a->failed_logins == b->failed_logins && a->last_failed_login == b->last_failed_login &&
         a->disabled == b->disabled;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// `n` random bytes (RandomHex decoded): each byte picks one character of a code.
std::string RandomBytes(size_t n) {
  const std::string hex = RandomHex(n);
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return bytes;
}

std::string CodeHash(std::string_view plain_code) { return Hex(Sha256(plain_code)); }

enum class Check { kPassword, kActivation };

// The password or the activation code of the account, checked outside the journal lock; the
// outcome recorded under it after making sure the account did not change meanwhile (else once
// more, at most three times). `secret` is the password or the normalized code.
Result<OwnLoginResult> CheckAndFinish(Journal& journal, std::mutex& journal_mutex, std::string_view person,
                                      std::string_view secret, std::string_view new_password, Check check, int64_t now,
                                      const LoginPolicy& policy) {
  const std::string action = check == Check::kPassword ? "own_login" : "own_activate";
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::optional<OwnAccount> before;
    {
      std::lock_guard lock(journal_mutex);
      auto found = journal.FindOwnAccountByPerson(person);
      if (!found.ok()) return found.error();
      before = std::move(*found);
    }
    bool matches = false;
    const bool locked = before && [&] {
      auto until = LockedUntil(before->failed_logins, before->last_failed_login, policy);
      return until && *until > now;
    }();
    if (!before || locked) {
      if (!before) (void)VerifyPassword(DummyHash(), secret);
    } else if (check == Check::kPassword) {
      matches = !before->password_hash.empty() &&
                VerifyPassword(before->password_hash.empty() ? DummyHash() : before->password_hash, secret);
      if (before->password_hash.empty()) (void)VerifyPassword(DummyHash(), secret);
    } else {
      matches = !before->activation_hash.empty() && before->activation_expires > now &&
                ConstantTimeEqual(before->activation_hash, CodeHash(secret));
    }
    std::string new_hash;
    if (matches && check == Check::kActivation) {
      auto hashed = HashPassword(new_password);
      if (!hashed.ok()) return hashed.error();
      new_hash = std::move(*hashed);
    }

    std::lock_guard lock(journal_mutex);
    auto after = journal.FindOwnAccountByPerson(person);
    if (!after.ok()) return after.error();
    if (!SameLoginState(before, *after)) continue;
    OwnLoginResult result;
    UnitOfWork work(journal);
    RATTVAG_TRY_STATUS(work.Begin());
    if (!before) {
      auto record = journal.LoadPerson(person);
      if (!record.ok()) return record.error();
      RATTVAG_TRY_STATUS(journal.AppendAudit(
          AnonymousEntry(now, record->has_value() ? std::string(person) : "", action,
                         record->has_value() ? "no account" : "no such person")));
      RATTVAG_TRY_STATUS(work.Commit());
      return result;
    }
    OwnAccount account = *before;
    if (locked) {
      result.kind = OwnLoginResult::Kind::kLocked;
      result.retry_after = *LockedUntil(account.failed_logins, account.last_failed_login, policy) - now;
      RATTVAG_TRY_STATUS(journal.AppendAudit(OwnAuditEntry(account, now, action, "denied", "locked")));
      RATTVAG_TRY_STATUS(work.Commit());
      return result;
    }
    if (!matches || account.disabled) {
      std::string detail = account.disabled ? "disabled" : "";
      if (!matches) {
        account.failed_logins += 1;
        account.last_failed_login = now;
        RATTVAG_TRY_STATUS(journal.PutOwnAccount(account));
        if (!detail.empty()) detail += "; ";
        detail += check == Check::kPassword ? (before->password_hash.empty() ? "no password chosen" : "wrong password")
                                            : (before->activation_hash.empty()       ? "no code waiting"
                                               : before->activation_expires <= now ? "code expired"
                                                                                   : "wrong code");
      }
      RATTVAG_TRY_STATUS(journal.AppendAudit(OwnAuditEntry(account, now, action, "denied", detail)));
      RATTVAG_TRY_STATUS(work.Commit());
      return result;
    }
    account.failed_logins = 0;
    account.last_failed_login = 0;
    if (check == Check::kActivation) {
      account.password_hash = std::move(new_hash);
      account.activation_hash.clear();
      account.activation_expires = 0;
    }
    RATTVAG_TRY_STATUS(journal.PutOwnAccount(account));
    const std::string method = check == Check::kPassword ? "password" : "activation";
    auto token = StartOwnSession(journal, account, method, now);
    if (!token.ok()) return token.error();
    RATTVAG_TRY_STATUS(work.Commit());
    auto session = journal.FindOwnSession(Sha256(*token));
    if (!session.ok()) return session.error();
    if (!session->has_value()) return Error{"", "database error: the new session is missing"};
    result.kind = OwnLoginResult::Kind::kLoggedIn;
    result.token = *token;
    result.who = {account, (*session)->csrf_token, method};
    return result;
  }
  return Error{"", "database error: the account changed during every attempt"};
}

}  // namespace

AuditEntry OwnAuditEntry(const OwnAccount& account, int64_t now, std::string action, std::string outcome,
                         std::string detail) {
  AuditEntry e;
  e.at = FormatUtcTimestamp(now);
  e.user = account.id;
  e.party = "person";
  e.role = "person";
  e.person = account.person;
  e.action = std::move(action);
  e.ground = "self";
  e.outcome = std::move(outcome);
  e.detail = std::move(detail);
  return e;
}

Result<OwnLoginResult> OwnLogin(Journal& journal, std::mutex& journal_mutex, std::string_view person,
                                std::string_view password, int64_t now, const LoginPolicy& policy) {
  return CheckAndFinish(journal, journal_mutex, person, password, {}, Check::kPassword, now, policy);
}

Result<OwnLoginResult> ActivateOwnAccount(Journal& journal, std::mutex& journal_mutex, std::string_view person,
                                          std::string_view code, std::string_view new_password, int64_t now,
                                          const LoginPolicy& policy) {
  if (auto problems = CheckNewPassword(new_password, "", policy); !problems.empty()) return problems.front();
  return CheckAndFinish(journal, journal_mutex, person, code, new_password, Check::kActivation, now, policy);
}

Result<std::string> StartOwnSession(Journal& journal, const OwnAccount& account, std::string_view method, int64_t now) {
  const std::string token = RandomHex(32);
  StoredOwnSession session{account.id, RandomHex(16), std::string(method), now, now, false};
  RATTVAG_TRY_STATUS(journal.CreateOwnSession(Sha256(token), session));
  RATTVAG_TRY_STATUS(journal.AppendAudit(OwnAuditEntry(account, now, "own_login", "allowed", std::string(method))));
  return token;
}

Result<OwnSessionLookup> LookUpOwnSession(Journal& journal, std::string_view token, int64_t now,
                                          const LoginPolicy& policy) {
  OwnSessionLookup lookup;
  if (token.size() != 64) return lookup;
  lookup.key = Sha256(token);
  auto session = journal.FindOwnSession(lookup.key);
  if (!session.ok()) return session.error();
  if (!session->has_value() || (*session)->ended) return lookup;
  if (SessionExpired((*session)->created_at, (*session)->last_seen_at, now, policy)) {
    lookup.write = OwnSessionLookup::Write::kEnd;
    return lookup;
  }
  auto account = journal.FindOwnAccountById((*session)->account_id);
  if (!account.ok()) return account.error();
  if (!account->has_value() || (*account)->disabled) return lookup;
  if (now - (*session)->last_seen_at >= kSessionTouchSeconds) lookup.write = OwnSessionLookup::Write::kTouch;
  lookup.who = OwnAuthenticated{**account, (*session)->csrf_token, (*session)->method};
  return lookup;
}

Status WriteOwnSessionUse(Journal& journal, const OwnSessionLookup& lookup, int64_t now) {
  if (lookup.write == OwnSessionLookup::Write::kNone) return Status::Ok();
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  if (lookup.write == OwnSessionLookup::Write::kEnd)
    RATTVAG_TRY_STATUS(journal.EndOwnSession(lookup.key, now));
  else
    RATTVAG_TRY_STATUS(journal.TouchOwnSession(lookup.key, now));
  return work.Commit();
}

Status OwnLogout(Journal& journal, std::string_view token, int64_t now) {
  const std::string key = Sha256(token);
  auto session = journal.FindOwnSession(key);
  if (!session.ok()) return session.error();
  if (!session->has_value() || (*session)->ended) return Status::Ok();
  auto account = journal.FindOwnAccountById((*session)->account_id);
  if (!account.ok()) return account.error();
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  RATTVAG_TRY_STATUS(journal.EndOwnSession(key, now));
  if (account->has_value()) RATTVAG_TRY_STATUS(journal.AppendAudit(OwnAuditEntry(**account, now, "own_logout")));
  return work.Commit();
}

Result<IssuedOwnAccount> IssueOwnAccount(Journal& journal, std::string_view person, std::string_view first_name,
                                         const User& by, AuditEntry audit, int64_t now) {
  IssuedOwnAccount issued;
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());
  auto existing = journal.FindOwnAccountByPerson(person);
  if (!existing.ok()) return existing.error();
  issued.reset = existing->has_value();
  OwnAccount account;
  account.id = issued.reset ? (*existing)->id : "pa-" + RandomHex(8);
  account.person = std::string(person);
  account.first_name = std::string(first_name);
  issued.code = MakeActivationCode(RandomBytes(kActivationCodeLength));
  account.activation_hash = CodeHash(*NormalizeActivationCode(issued.code));
  account.activation_expires = now + kActivationCodeSeconds;
  account.created_at = now;
  account.created_by = by.id;
  RATTVAG_TRY_STATUS(journal.PutOwnAccount(account));
  if (issued.reset) {
    auto ended = journal.EndOwnSessionsOfAccount(account.id, now);
    if (!ended.ok()) return ended.error();
  }
  audit.person = std::string(person);
  audit.action = issued.reset ? "own_account_reset" : "own_account_create";
  RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
  RATTVAG_TRY_STATUS(work.Commit());
  issued.account = std::move(account);
  return issued;
}

Result<std::vector<LogExtractEntry>> BuildLogExtract(Journal& journal, std::string_view person) {
  auto entries = journal.AuditOfPerson(person);
  if (!entries.ok()) return entries.error();
  std::map<std::string, std::string> user_names, unit_names;
  std::vector<LogExtractEntry> out;
  out.reserve(entries->size());
  for (AuditEntry& e : *entries) {
    if (!e.user.empty() && !user_names.count(e.user)) {
      auto user = journal.FindUserById(e.user);
      if (!user.ok()) return user.error();
      user_names[e.user] = *user ? (*user)->user.display_name : "";
    }
    if (!e.unit.empty() && !unit_names.count(e.unit)) {
      auto unit = journal.FindUnit(e.unit);
      if (!unit.ok()) return unit.error();
      unit_names[e.unit] = *unit ? (*unit)->name : "";
    }
    LogExtractEntry x;
    x.user_name = e.user.empty() ? "" : user_names[e.user];
    x.unit_name = e.unit.empty() ? "" : unit_names[e.unit];
    x.entry = std::move(e);
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<std::string>> AddDemoOwnAccounts(Journal& journal, int persons, std::string_view municipality,
                                                    int count, std::string_view password, std::string_view created_by,
                                                    Date today, int64_t now) {
  static constexpr std::string_view kFirstNames[] = {"Alva", "Bo", "Cecilia", "David", "Elin", "Farid"};
  std::vector<std::string> chosen;
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.error();
  for (int i = 0; i < persons && static_cast<int>(chosen.size()) < count; ++i) {
    const std::string pnr = DemoPersonnummer(i);
    auto record = journal.LoadPerson(pnr);
    if (!record.ok()) return record.error();
    if (!record->has_value() || (*record)->municipality != municipality) continue;
    Status status;
    PersonView view = LoadPersonView(**record, today, DefaultEligibilityRules(), status);
    RATTVAG_TRY_STATUS(status);
    const bool consent = std::any_of(view.projection.consents.begin(), view.projection.consents.end(),
                                     [&](const ConsentView& c) { return ConsentInForce(c, today); });
    if (!consent) continue;
    chosen.push_back(pnr);
    auto existing = journal.FindOwnAccountByPerson(pnr);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) continue;
    OwnAccount account;
    account.id = "pa-" + RandomHex(8);
    account.person = pnr;
    account.first_name = std::string(kFirstNames[(chosen.size() - 1) % std::size(kFirstNames)]);
    account.password_hash = *hash;
    account.created_at = now;
    account.created_by = std::string(created_by);
    User by;
    by.id = std::string(created_by);
    AuditEntry audit;
    audit.at = FormatUtcTimestamp(now);
    audit.user = std::string(created_by);
    audit.person = pnr;
    audit.action = "own_account_create";
    audit.ground = "ownership";
    audit.outcome = "allowed";
    audit.detail = "demo account";
    UnitOfWork work(journal);
    RATTVAG_TRY_STATUS(work.Begin());
    RATTVAG_TRY_STATUS(journal.PutOwnAccount(account));
    RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
    RATTVAG_TRY_STATUS(work.Commit());
  }
  return chosen;
}

}  // namespace rattvag
