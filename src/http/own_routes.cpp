#include "http/own_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <vector>

#include "app/queries.hpp"
#include "app/record.hpp"
#include "domain/access.hpp"
#include "domain/consent.hpp"
#include "domain/eligibility.hpp"
#include "domain/method.hpp"
#include "domain/personnummer.hpp"
#include "http/case_access.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

std::string OwnCookie(const std::string& token) {
  return std::string(kOwnSessionCookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

std::string ClearedOwnCookie() {
  return std::string(kOwnSessionCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
}

Response Json(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Response NotLoggedIn() { return ErrorResponse(401, "session", "not logged in, or the session has ended"); }

// The JSON object body with string fields from `allowed` only, or the answer (415, 400).
std::variant<json::object, Response> StringFields(const Request& request, std::initializer_list<std::string_view> allowed) {
  const auto type = request.headers.find("content-type");
  if (type == request.headers.end() || type->second.rfind("application/json", 0) != 0)
    return ErrorResponse(415, "content-type", "must be application/json");
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  for (const auto& [key, value] : body.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end())
      return ErrorResponse(400, std::string(key), "is not a field of this request");
    if (!value.is_string()) return ErrorResponse(400, std::string(key), "must be a string");
  }
  return std::move(body.as_object());
}

std::string Field(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  return v ? std::string(v->as_string()) : std::string();
}

json::object WhoJson(const OwnAuthenticated& who) {
  return json::object{{"first_name", FirstNameOf(who.account.first_name)}, {"csrf_token", who.csrf_token}};
}

// The answer to a login or an activation.
Response LoginAnswer(const Result<OwnLoginResult>& result) {
  if (!result.ok()) {
    if (result.error().field == "password") return ErrorResponse(400, "password", result.error().reason);
    return StorageFailure();
  }
  switch (result->kind) {
    case OwnLoginResult::Kind::kRefused:
      return ErrorResponse(401, "credentials", "wrong personnummer, password or code");
    case OwnLoginResult::Kind::kLocked: {
      Response r = ErrorResponse(429, "credentials", "too many failed logins; try again later");
      r.headers.emplace_back("Retry-After", std::to_string(result->retry_after));
      return r;
    }
    case OwnLoginResult::Kind::kLoggedIn:
      break;
  }
  Response r = Json(200, WhoJson(result->who));
  r.headers.emplace_back("Set-Cookie", OwnCookie(result->token));
  return r;
}

// The person's case as of today, read on this thread's connection.
Result<std::optional<PersonView>> OwnCase(SessionContext& context, const OwnAuthenticated& who) {
  const Date today = Today(context);
  return WithReader(context, [&](Journal& journal) -> Result<std::optional<PersonView>> {
    auto record = journal.LoadPerson(who.account.person);
    if (!record.ok()) return record.error();
    if (!record->has_value()) return std::optional<PersonView>();
    Status status;
    PersonView view = LoadPersonView(**record, today, DefaultEligibilityRules(), status);
    if (!status.ok()) return status.error();
    return std::optional<PersonView>(std::move(view));
  });
}

json::array PartiesJson(PartySet set) {
  json::array out;
  for (int p = 0; p < kPartyCount; ++p)
    if (set & PartyBit(static_cast<Party>(p)))
      out.push_back(json::object{{"party", std::string(Name(static_cast<Party>(p)))},
                                 {"name", std::string(MethodTitle(static_cast<Party>(p)))}});
  return out;
}

// Who did it, in plain Swedish, for the person's log extract.
std::string PartyWords(std::string_view party) {
  if (party == "person") return "Du själv";
  if (auto p = ParseParty(party)) return std::string(MethodTitle(*p));
  if (party == "forbund") return "Samordningsförbundet";
  if (party == "admin") return "Systemets administratör";
  return std::string(party);
}

std::string GroundWords(std::string_view ground) {
  if (ground == "ownership") return "Ansvarar för ditt ärende";
  if (ground.rfind("consent:", 0) == 0) return "Ditt samtycke";
  if (ground == "self") return "Dina egna uppgifter";
  if (ground == "login") return "Inloggning";
  if (ground == "management") return "Uppföljning av loggen";
  return "";
}

}  // namespace

std::variant<OwnAuthenticated, Response> RequireOwnSession(SessionContext& context, const Request& request,
                                                           bool state_changing) {
  const auto token = CookieValue(request, kOwnSessionCookie);
  if (!token) return NotLoggedIn();
  const int64_t now = context.now();
  auto lookup = WithReader(context, [&](Journal& journal) {
    return LookUpOwnSession(journal, *token, now, OwnLoginPolicy());
  });
  if (!lookup.ok()) return StorageFailure();
  if (lookup->write != OwnSessionLookup::Write::kNone) {
    std::lock_guard lock(context.journal_mutex);
    if (!WriteOwnSessionUse(context.journal, *lookup, now).ok()) return StorageFailure();
  }
  if (!lookup->who) return NotLoggedIn();
  if (state_changing) {
    if (auto refused = RefuseForgery(request, nullptr)) return *refused;
    const auto csrf = request.headers.find("x-csrf-token");
    if (csrf == request.headers.end() || csrf->second != lookup->who->csrf_token)
      return ErrorResponse(403, "x-csrf-token", "is missing or does not match the session");
  }
  return std::move(*lookup->who);
}

Response DenyForeignId(SessionContext& context, const OwnAuthenticated& who, std::string_view what,
                       std::string_view id) {
  // The id is the client's text: kept short in the log, and never echoed back.
  const std::string shown(id.substr(0, std::min<size_t>(id.size(), 64)));
  const AuditEntry entry = OwnAuditEntry(who.account, context.now(), "own_denied", "denied",
                                         std::string(what) + " " + shown + " is not the person's");
  if (!LogAudit(context, {&entry, 1}).ok()) return StorageFailure();
  return NotFound();
}

void AddOwnRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);

  // Logging in: local accounts now (personnummer and password); BankID later (docs/OWN.md).
  router.Add("POST", "/api/v1/own/session", "The person's own view: log in with personnummer and password",
             [&context](const Request& request) {
               if (auto refused = RefuseForgery(request, nullptr)) return *refused;
               auto parsed = StringFields(request, {"personnummer", "password"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               const json::object& body = std::get<json::object>(parsed);
               for (const char* field : {"personnummer", "password"})
                 if (Field(body, field).empty()) return ErrorResponse(400, field, "is required");
               std::string password = Field(body, "password");
               if (password.size() > 1024) return ErrorResponse(400, "password", "is longer than 1024 bytes");
               auto pnr = ParsePersonnummer(Field(body, "personnummer"), Today(context), "personnummer");
               if (!pnr.ok()) return ErrorResponse(400, pnr.error().field, pnr.error().reason);
               Result<OwnLoginResult> result = [&] {
                 std::lock_guard one_at_a_time(context.state->login);
                 return OwnLogin(context.journal, context.journal_mutex, pnr->digits, password, context.now(),
                                 OwnLoginPolicy());
               }();
               std::fill(password.begin(), password.end(), '\0');
               return LoginAnswer(result);
             });
  router.Add("POST", "/api/v1/own/session/activate",
             "The person's own view: the first login, with the one-time code, choosing a password",
             [&context](const Request& request) {
               if (auto refused = RefuseForgery(request, nullptr)) return *refused;
               auto parsed = StringFields(request, {"personnummer", "code", "password"});
               if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
               const json::object& body = std::get<json::object>(parsed);
               for (const char* field : {"personnummer", "code", "password"})
                 if (Field(body, field).empty()) return ErrorResponse(400, field, "is required");
               auto pnr = ParsePersonnummer(Field(body, "personnummer"), Today(context), "personnummer");
               if (!pnr.ok()) return ErrorResponse(400, pnr.error().field, pnr.error().reason);
               auto code = NormalizeActivationCode(Field(body, "code"));
               if (!code) return ErrorResponse(400, "code", "must be the 12 characters of the code, e.g. ABCD-EFGH-JKMN");
               std::string password = Field(body, "password");
               if (password.size() > 1024) return ErrorResponse(400, "password", "is longer than 1024 bytes");
               Result<OwnLoginResult> result = [&] {
                 std::lock_guard one_at_a_time(context.state->login);
                 return ActivateOwnAccount(context.journal, context.journal_mutex, pnr->digits, *code, password,
                                           context.now(), OwnLoginPolicy());
               }();
               std::fill(password.begin(), password.end(), '\0');
               return LoginAnswer(result);
             });
  router.Add("GET", "/api/v1/own/session", "The person's own view: who is logged in (first name only)",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               return Json(200, WhoJson(std::get<OwnAuthenticated>(session)));
             });
  router.Add("DELETE", "/api/v1/own/session", "The person's own view: log out", [&context](const Request& request) {
    auto session = RequireOwnSession(context, request, true);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    Status s = [&] {
      std::lock_guard lock(context.journal_mutex);
      return OwnLogout(context.journal, *CookieValue(request, kOwnSessionCookie), context.now());
    }();
    if (!s.ok()) return StorageFailure();
    Response r;
    r.status = 204;
    r.headers.emplace_back("Set-Cookie", ClearedOwnCookie());
    return r;
  });

  router.Add("GET", "/api/v1/own/consents", "The person's own view: my consents and who can see my case",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               auto view = OwnCase(context, who);
               if (!view.ok()) return StorageFailure();
               const AuditEntry entry = OwnAuditEntry(who.account, context.now(), "own_read_consents");
               if (!LogAudit(context, {&entry, 1}).ok()) return StorageFailure();
               const Date today = Today(context);
               json::array consents;
               PartySet visible = 0;
               if (*view) {
                 // Newest first: what the person decided last is what they look for.
                 const auto& all = (*view)->projection.consents;
                 for (auto c = all.rbegin(); c != all.rend(); ++c) {
                   const bool in_force = ConsentInForce(*c, today);
                   if (in_force) visible |= c->parties;
                   json::object o{{"consent_id", c->consent_id}, {"parties", PartiesJson(c->parties)},
                                  {"purpose", c->purpose}, {"given", c->given.ToString()}, {"in_force", in_force}};
                   o["until"] = c->until ? json::value(c->until->ToString()) : json::value(nullptr);
                   o["revoked"] = c->revoked ? json::value(c->revoked->ToString()) : json::value(nullptr);
                   consents.push_back(std::move(o));
                 }
               }
               return Json(200, json::object{{"as_of", today.ToString()},
                                             {"consents", std::move(consents)},
                                             {"can_see", PartiesJson(visible)}});
             });
  router.Add("DELETE", "/api/v1/own/consents/{consent_id}", "The person's own view: revoke one of my consents, from now",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               const std::string& consent_id = request.params.at("consent_id");
               const Date today = Today(context);
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPerson(who.account.person);
               if (!record.ok()) return StorageFailure();
               if (!record->has_value()) return StorageFailure();
               Status status;
               PersonView view = LoadPersonView(**record, today, DefaultEligibilityRules(), status);
               if (!status.ok()) return StorageFailure();
               const ConsentView* current = FindConsent(view.projection.consents, consent_id);
               if (!current) {
                 // Not one of the person's: denied and logged, like any other id (the journal
                 // lock is held, so the entry is written here rather than grouped).
                 const std::string shown = consent_id.substr(0, std::min<size_t>(consent_id.size(), 64));
                 AuditEntry entry = OwnAuditEntry(who.account, context.now(), "own_denied", "denied",
                                                  "consent " + shown + " is not the person's");
                 if (!WriteAudit(context, entry).ok()) return StorageFailure();
                 return NotFound();
               }
               if (current->revoked)
                 return ErrorResponse(409, "consent_id", "was revoked on " + current->revoked->ToString());
               if (!ConsentInForce(*current, today)) return ErrorResponse(409, "consent_id", "is no longer in force");
               Event revoked;
               revoked.type = EventType::kConsentRevoked;
               revoked.date = today;
               revoked.person = who.account.person;
               revoked.consent_id = consent_id;
               AuditEntry audit = OwnAuditEntry(who.account, context.now(), "own_consent_revoke", "allowed",
                                                "consent " + consent_id);
               auto outcome = RecordEvents(context.journal, {&revoked, 1}, (*record)->last_sequence, audit);
               if (!outcome.ok()) return StorageFailure();
               if (outcome->kind == RecordOutcome::Kind::kConflict)
                 return ErrorResponse(409, "consent_id", "the case changed meanwhile; try again");
               if (outcome->kind == RecordOutcome::Kind::kRefused)
                 return ErrorResponse(409, outcome->refusal.field, outcome->refusal.reason);
               return Json(200, json::object{{"consent_id", consent_id}, {"revoked", today.ToString()}});
             });
  router.Add("GET", "/api/v1/own/log", "The person's own view: who has read or written my data (log extract)",
             [&context](const Request& request) {
               auto session = RequireOwnSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const OwnAuthenticated& who = std::get<OwnAuthenticated>(session);
               // Reading the log is itself logged, before the log is read.
               const AuditEntry entry = OwnAuditEntry(who.account, context.now(), "own_read_log");
               if (!LogAudit(context, {&entry, 1}).ok()) return StorageFailure();
               auto extract = WithReader(context, [&](Journal& journal) {
                 return BuildLogExtract(journal, who.account.person);
               });
               if (!extract.ok()) return StorageFailure();
               json::array entries;
               for (auto e = extract->rbegin(); e != extract->rend(); ++e) {
                 const bool self = e->entry.party == "person";
                 const bool allowed = e->entry.outcome == "allowed";
                 // A failed login with the person's personnummer need not have been the person.
                 const bool failed_login =
                     self && !allowed && (e->entry.action == "own_login" || e->entry.action == "own_activate");
                 entries.push_back(json::object{
                     {"at", e->entry.at},
                     {"who", failed_login ? "Någon"
                             : self       ? "Du själv"
                                          : (e->user_name.empty() ? "Okänd användare" : e->user_name)},
                     {"organisation", self ? "" : PartyWords(e->entry.party)},
                     {"unit", self ? "" : e->unit_name},
                     {"what", failed_login ? "Försökte logga in med ditt personnummer"
                                           : PlainSwedishAction(e->entry.action)},
                     {"why", failed_login ? "" : GroundWords(e->entry.ground)},
                     {"allowed", allowed},
                 });
               }
               return Json(200, json::object{{"printed", FormatUtcTimestamp(context.now())},
                                             {"entries", std::move(entries)}});
             });

  // The owning EB unit creates or resets the person's account from the case.
  auto owner = [&context](const Request& request, const Authenticated& who, const std::string& action)
      -> std::variant<PersonRecord, Response> {
    auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
    if (!record.ok()) return StorageFailure();
    auto decided = Decide(context, who, *record, CaseAction::kRead);
    if (!decided.ok()) return StorageFailure();
    AccessDecision decision = decided->first;
    if (decision.allowed && decision.ground != AccessGround::kOwnership)
      decision = {false, AccessGround::kNone, "", "the person's own account is the owning EB unit's"};
    if (!decision.allowed) {
      if (!WriteAudit(context, EntryFor(context, who, *record, action, decision)).ok()) return StorageFailure();
      return NotFound();
    }
    return **record;
  };
  router.Add("GET", "/api/v1/persons/{id}/own-account", "Whether the person has an account for their own view",
             [&context, owner](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto target = owner(request, who, "own_account_read");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const PersonRecord& record = std::get<PersonRecord>(target);
               auto account = context.journal.FindOwnAccountByPerson(record.personnummer);
               if (!account.ok()) return StorageFailure();
               if (!WriteAudit(context, EntryFor(context, who, record, "own_account_read",
                                                 {true, AccessGround::kOwnership, "", ""}))
                        .ok())
                 return StorageFailure();
               if (!account->has_value()) return Json(200, json::object{{"account", nullptr}});
               const OwnAccount& a = **account;
               json::object o{{"first_name", a.first_name},
                              {"activated", !a.password_hash.empty()},
                              {"created", FormatUtcTimestamp(a.created_at)},
                              {"locked", a.failed_logins >= OwnLoginPolicy().free_failures}};
               o["code_expires"] = a.activation_hash.empty() ? json::value(nullptr)
                                                             : json::value(FormatUtcTimestamp(a.activation_expires));
               return Json(200, json::object{{"account", std::move(o)}});
             });
  router.Add("POST", "/api/v1/persons/{id}/own-account",
             "Create or reset the person's account for their own view: a one-time activation code",
             [&context, owner](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               std::string first_name;
               if (!request.body.empty()) {
                 auto parsed = StringFields(request, {"first_name"});
                 if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
                 first_name = Field(std::get<json::object>(parsed), "first_name");
               }
               if (Status s = CheckFirstName(first_name); !s.ok())
                 return ErrorResponse(400, s.error().field, s.error().reason);
               std::lock_guard lock(context.journal_mutex);
               auto target = owner(request, who, "own_account_create");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const PersonRecord& record = std::get<PersonRecord>(target);
               AuditEntry audit = EntryFor(context, who, record, "own_account_create",
                                           {true, AccessGround::kOwnership, "", ""});
               auto issued = IssueOwnAccount(context.journal, record.personnummer, first_name, who.user, audit,
                                             context.now());
               if (!issued.ok()) return StorageFailure();
               return Json(issued->reset ? 200 : 201,
                           json::object{{"code", issued->code},
                                        {"code_expires", FormatUtcTimestamp(issued->account.activation_expires)},
                                        {"reset", issued->reset}});
             });
}

}  // namespace rattvag::http
