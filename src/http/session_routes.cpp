#include "http/session_routes.hpp"

#include <boost/json.hpp>

#include "app/totp.hpp"
#include "domain/accounts.hpp"
#include "security/sha256.hpp"
#include "security/totp.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string SessionCookie(const std::string& token) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

std::string ClearedCookie() {
  return std::string(kSessionCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
}

json::object UserJson(const Authenticated& who) {
  json::array area;
  for (const auto& m : who.unit.area) area.emplace_back(m);
  return json::object{
      {"id", who.user.id},
      {"username", who.user.username},
      {"display_name", who.user.display_name},
      {"role", std::string(Name(who.user.role))},
      {"totp", who.totp},
      {"unit", json::object{{"id", who.unit.id},
                            {"name", who.unit.name},
                            {"kind", who.unit.kind},
                            {"municipality", who.unit.municipality},
                            {"area", std::move(area)}}},
  };
}

Response Json(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Response StorageFailure() { return ErrorResponse(503, "database", "is not available; try again"); }

// The JSON object body of a request, or the answer to give instead (415, 400).
std::variant<json::object, Response> JsonObjectBody(const Request& request) {
  const auto type = request.headers.find("content-type");
  if (type == request.headers.end() || type->second.rfind("application/json", 0) != 0)
    return ErrorResponse(415, "content-type", "must be application/json");
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  return std::move(body.as_object());
}

constexpr const char* kCodeFormat = "must be the 6 digits the authenticator app shows";

// {"username": "...", "password": "...", "code": "123456"} (code optional) and nothing else.
std::optional<Response> ParseCredentials(const Request& request, std::string& username, std::string& password,
                                         std::string& code) {
  auto parsed = JsonObjectBody(request);
  if (auto* refused = std::get_if<Response>(&parsed)) return *refused;
  const json::value body = std::move(std::get<json::object>(parsed));
  for (const auto& [key, value] : body.as_object()) {
    if (key != "username" && key != "password" && key != "code")
      return ErrorResponse(400, std::string(key), "is not a field of a login");
    if (!value.is_string()) return ErrorResponse(400, std::string(key), "must be a string");
  }
  for (const char* field : {"username", "password"})
    if (!body.as_object().contains(field) || body.at(field).as_string().empty())
      return ErrorResponse(400, field, "is required");
  username = std::string(body.at("username").as_string());
  password = std::string(body.at("password").as_string());
  if (username.size() > 64) return ErrorResponse(400, "username", "is longer than 64 characters");
  if (password.size() > 1024) return ErrorResponse(400, "password", "is longer than 1024 bytes");
  if (body.as_object().contains("code")) code = std::string(body.at("code").as_string());
  if (!code.empty() && !IsTotpCodeFormat(code)) return ErrorResponse(400, "code", kCodeFormat);
  return std::nullopt;
}

// Answers for the TOTP routes' failures: storage 503, a wrong code 400, the state 409.
Response TotpRefusal(const Error& e) {
  if (e.reason.rfind("database error", 0) == 0) return StorageFailure();
  return ErrorResponse(e.field == "code" ? 400 : 409, e.field, e.reason);
}

}  // namespace

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  const auto header = request.headers.find("cookie");
  if (header == request.headers.end()) return std::nullopt;
  std::string_view rest = header->second;
  while (!rest.empty()) {
    const size_t end = std::min(rest.find(';'), rest.size());
    const std::string pair = Trim(rest.substr(0, end));
    rest = end < rest.size() ? rest.substr(end + 1) : std::string_view();
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return std::nullopt;
}

void PrepareContext(SessionContext& context) {
  std::call_once(context.state->observing, [&context] {
    context.journal.SetAppendObserver([state = context.state](const std::vector<std::string>& persons) {
      state->worklists.PersonsWritten(persons);
    });
  });
}

Journal* ReaderOf(SessionContext& context) { return context.state->readers.ForThisThread(context.path); }

Status LogAudit(SessionContext& context, std::span<const AuditEntry> entries) {
  return context.state->audit.Write(context.journal, context.journal_mutex, entries);
}

Status LogAuditBeforeAnswer(SessionContext& context, std::vector<AuditEntry> entries) {
  AnswerGate* gate = ThisThreadsAnswerGate();
  if (gate == nullptr || gate->start || entries.empty()) return LogAudit(context, entries);
  gate->refusal = StorageFailure();
  gate->start = [&context, entries = std::move(entries)](std::function<void(bool)> done) mutable {
    context.state->audit.WriteAsync(context.journal, context.journal_mutex, std::move(entries),
                                    [done = std::move(done)](const Status& status) { done(status.ok()); });
  };
  return Status::Ok();
}

Result<std::optional<Authenticated>> Authenticate(SessionContext& context, const Request& request) {
  const auto token = CookieValue(request, kSessionCookie);
  if (!token) return std::optional<Authenticated>();
  const int64_t now = context.now();
  // Read on this thread's connection; the writer only for a touch (at most once a minute a
  // session) or the end of an expired session.
  // The session, its user and its unit in one snapshot: kept (SessionCache) while the accounts
  // version read in this snapshot is the one they were read at, else looked up.
  if (token->size() != 64) return std::optional<Authenticated>();
  SessionCache& cache = context.state->sessions;
  auto lookup = InOneSnapshot(context, [&](Journal& journal) -> Result<SessionLookup> {
    auto version = journal.AccountsVersion();
    if (!version.ok()) return version.error();
    std::string key = Sha256(*token);
    if (auto kept = cache.Find(key, *version);
        kept && !SessionExpired(kept->created_at, kept->last_seen_at, now, context.policy)) {
      SessionLookup found;
      found.key = std::move(key);
      found.who = std::move(kept->who);
      found.created_at = kept->created_at;
      found.last_seen_at = kept->last_seen_at;
      if (now - kept->last_seen_at >= kSessionTouchSeconds) found.write = SessionLookup::Write::kTouch;
      return found;
    }
    auto looked_up = LookUpSession(journal, *token, now, context.policy);
    if (looked_up.ok() && looked_up->who)
      cache.Keep(looked_up->key, {*version, *looked_up->who, looked_up->created_at, looked_up->last_seen_at});
    return looked_up;
  });
  if (!lookup.ok()) return lookup.error();
  if (lookup->write != SessionLookup::Write::kNone) {
    std::lock_guard lock(context.journal_mutex);
    RATTVAG_TRY_STATUS(WriteSessionUse(context.journal, *lookup, now));
    if (lookup->write == SessionLookup::Write::kTouch) cache.Touched(lookup->key, now);
  }
  return std::move(lookup->who);
}

std::variant<Authenticated, Response> RequireSession(SessionContext& context, const Request& request,
                                                     bool state_changing) {
  auto who = Authenticate(context, request);
  if (!who.ok()) return StorageFailure();
  if (!who->has_value()) return ErrorResponse(401, "session", "not logged in, or the session has ended");
  if (state_changing)
    if (auto refused = RefuseForgery(request, &**who)) return *refused;
  return **who;
}

std::optional<Response> RefuseForgery(const Request& request, const Authenticated* who) {
  const auto origin = request.headers.find("origin");
  const auto host = request.headers.find("host");
  if (origin != request.headers.end()) {
    const std::string& o = origin->second;
    const size_t scheme = o.find("://");
    const std::string origin_host = scheme == std::string::npos ? o : o.substr(scheme + 3);
    if (host == request.headers.end() || origin_host != host->second)
      return ErrorResponse(403, "origin", "requests from another site are refused");
  }
  if (who) {
    const auto csrf = request.headers.find("x-csrf-token");
    if (csrf == request.headers.end() || csrf->second != who->csrf_token)
      return ErrorResponse(403, "x-csrf-token", "is missing or does not match the session");
  }
  return std::nullopt;
}

AuditEntry AuditEntryOf(SessionContext& context, const Authenticated& who, std::string action, std::string ground,
                        std::string outcome, std::string detail) {
  AuditEntry e;
  e.at = FormatUtcTimestamp(context.now());
  e.user = who.user.id;
  e.party = who.unit.kind;
  e.unit = who.unit.id;
  e.role = std::string(Name(who.user.role));
  e.action = std::move(action);
  e.ground = std::move(ground);
  e.outcome = std::move(outcome);
  e.detail = std::move(detail);
  return e;
}

void AddSessionRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);
  router.Add("POST", "/api/v1/session", "Log in with username and password", [&context](const Request& request) {
    if (auto refused = RefuseForgery(request, nullptr)) return *refused;
    std::string username, password, code;
    if (auto bad = ParseCredentials(request, username, password, code)) return *bad;
    Result<LoginResult> result = [&] {
      // One verification at a time; the journal is locked only to read the user and to record
      // the outcome, not during the Argon2id verification (about 0.1 s of CPU).
      std::lock_guard one_at_a_time(context.state->login);
      return Login(context.journal, context.journal_mutex, username, password, context.now(), context.policy, code);
    }();
    std::fill(password.begin(), password.end(), '\0');
    if (!result.ok()) return StorageFailure();
    switch (result->kind) {
      case LoginResult::Kind::kRefused:
        return ErrorResponse(401, "credentials", "wrong username, password or code");
      case LoginResult::Kind::kCodeNeeded:
        return ErrorResponse(401, "code", "a one-time code from the authenticator app is needed");
      case LoginResult::Kind::kLocked: {
        Response r = ErrorResponse(429, "credentials", "too many failed logins; try again later");
        r.headers.emplace_back("Retry-After", std::to_string(result->retry_after));
        return r;
      }
      case LoginResult::Kind::kLoggedIn:
        break;
    }
    Response r = Json(200, json::object{{"user", UserJson(result->who)}, {"csrf_token", result->who.csrf_token}});
    r.headers.emplace_back("Set-Cookie", SessionCookie(result->token));
    return r;
  });
  router.Add("GET", "/api/v1/session", "Who is logged in", [&context](const Request& request) {
    auto who = Authenticate(context, request);
    if (!who.ok()) return StorageFailure();
    if (!who->has_value()) return ErrorResponse(401, "session", "not logged in, or the session has ended");
    return Json(200, json::object{{"user", UserJson(**who)}, {"csrf_token", (*who)->csrf_token}});
  });
  router.Add("DELETE", "/api/v1/session", "Log out", [&context](const Request& request) {
    auto who = Authenticate(context, request);
    if (!who.ok()) return StorageFailure();
    if (!who->has_value()) return ErrorResponse(401, "session", "not logged in, or the session has ended");
    if (auto refused = RefuseForgery(request, &**who)) return *refused;
    Status s = [&] {
      std::lock_guard lock(context.journal_mutex);
      return Logout(context.journal, *CookieValue(request, kSessionCookie), context.now());
    }();
    if (!s.ok()) return StorageFailure();
    Response r;
    r.status = 204;
    r.headers.emplace_back("Set-Cookie", ClearedCookie());
    return r;
  });

  // The TOTP second factor of the logged-in user: a new secret, then a code of it turns it on.
  router.Add("POST", "/api/v1/session/totp", "Start enrolling a TOTP second factor", [&context](const Request& request) {
    auto session = RequireSession(context, request, true);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    const Authenticated& who = std::get<Authenticated>(session);
    if (!request.body.empty()) {
      auto parsed = JsonObjectBody(request);
      if (auto* refused = std::get_if<Response>(&parsed)) return *refused;
      if (!std::get<json::object>(parsed).empty())
        return ErrorResponse(400, std::string(std::get<json::object>(parsed).begin()->key()), "is not a field here");
    }
    Result<TotpEnrolment> enrolment = [&] {
      std::lock_guard lock(context.journal_mutex);
      return StartTotpEnrolment(context.journal, who.user.id,
                                AuditEntryOf(context, who, "totp_enrol", "login", "allowed", "new pending secret"));
    }();
    if (!enrolment.ok()) return TotpRefusal(enrolment.error());
    return Json(201, json::object{{"secret", enrolment->secret},
                                  {"uri", enrolment->uri},
                                  {"algorithm", "SHA1"},
                                  {"digits", kTotpDigits},
                                  {"period", kTotpStepSeconds}});
  });
  router.Add("POST", "/api/v1/session/totp/confirm", "Turn the enrolled TOTP second factor on with a code",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               auto parsed = JsonObjectBody(request);
               if (auto* refused = std::get_if<Response>(&parsed)) return *refused;
               const json::object& body = std::get<json::object>(parsed);
               for (const auto& [key, value] : body)
                 if (key != "code") return ErrorResponse(400, std::string(key), "is not a field here");
               if (!body.contains("code")) return ErrorResponse(400, "code", "is required");
               if (!body.at("code").is_string() || !IsTotpCodeFormat(body.at("code").as_string()))
                 return ErrorResponse(400, "code", kCodeFormat);
               const std::string code(body.at("code").as_string());
               Status s = [&] {
                 std::lock_guard lock(context.journal_mutex);
                 return ConfirmTotpEnrolment(context.journal, who.user.id, code, context.now(),
                                             AuditEntryOf(context, who, "totp_confirm", "login"));
               }();
               if (!s.ok()) return TotpRefusal(s.error());
               return Json(200, json::object{{"totp", true}});
             });
}

}  // namespace rattvag::http
