#include "http/case_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "app/record.hpp"
#include "codec/event_json.hpp"
#include "domain/consent.hpp"
#include "domain/personnummer.hpp"
#include "http/case_access.hpp"
#include "security/random.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

// The body as a JSON object whose fields are all in `allowed`, or the 400 naming the first
// field that is not.
std::variant<json::object, Response> BodyObject(const Request& request, std::initializer_list<std::string_view> allowed) {
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  for (const auto& [key, value] : body.as_object())
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end())
      return ErrorResponse(400, std::string(key), "is not a field of this request");
  return std::move(body.as_object());
}

// Decodes exchange-format lines made from the request (so every field is validated exactly as
// an import would), or the 400 naming the first bad field.
std::variant<std::vector<Event>, Response> DecodeEvents(const std::vector<json::object>& lines, Date today) {
  std::vector<Event> events;
  for (const json::object& line : lines) {
    DecodedLine decoded = DecodeEventLine(json::serialize(line), today);
    if (!decoded.errors.empty()) return ErrorResponse(400, decoded.errors.front().field, decoded.errors.front().reason);
    events.push_back(std::move(decoded.event));
  }
  return events;
}

// Records `events` at the stream's current sequence (or the If-Match one when the client sent
// it) and answers 201 with `answer` plus the new sequence, 409 on a conflict, 400 on a refusal.
// REQUIRES: the journal mutex is held.
Response Store(SessionContext& context, const Request& request, const std::vector<Event>& events, int64_t current,
               const AuditEntry& audit, json::object answer) {
  int64_t expected = current;
  if (request.headers.count("if-match")) {
    auto given = RequireIfMatch(request);
    if (auto* bad = std::get_if<Response>(&given)) return *bad;
    expected = std::get<int64_t>(given);
  }
  return RecordAnswer(RecordEvents(context.journal, events, expected, audit), std::move(answer));
}

// A list of party names as a JSON array of strings, or the 400 naming `parties`.
std::variant<json::array, Response> PartyList(const json::value* value) {
  if (!value || !value->is_array() || value->as_array().empty())
    return ErrorResponse(400, "parties", "is required: a list of parties, e.g. [\"fk\", \"region\"]");
  for (const auto& p : value->as_array())
    if (!p.is_string()) return ErrorResponse(400, "parties", "must be a list of party names");
  return value->as_array();
}

json::array PartyNames(PartySet set) {
  json::array out;
  for (int p = 0; p < kPartyCount; ++p)
    if (set & PartyBit(static_cast<Party>(p))) out.emplace_back(std::string(Name(static_cast<Party>(p))));
  return out;
}

// An optional YYYY-MM-DD field as a JSON string (kept as text for the exchange line), or the 400.
std::variant<std::optional<std::string>, Response> OptionalDate(const json::object& body, std::string_view field) {
  const json::value* v = body.if_contains(field);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string() || !Date::Parse(std::string_view(v->as_string())))
    return ErrorResponse(400, std::string(field), "must be a date YYYY-MM-DD");
  return std::optional<std::string>(std::string(v->as_string()));
}

// The person of `{id}` with the consent decision on `change` for `who`; the answer to give
// instead when the person is missing or not visible (404, audited) or the change is refused
// (403, audited).
struct ConsentTarget {
  PersonRecord record;
  std::vector<ConsentView> consents;
  AccessDecision decision;
};
std::variant<ConsentTarget, Response> ConsentTargetOf(SessionContext& context, const Authenticated& who,
                                                      const Request& request, ConsentChange change,
                                                      const std::string& consent_id, const std::string& action) {
  auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
  if (!record.ok()) return StorageFailure();
  auto readable = Decide(context, who, *record, CaseAction::kRead);
  if (!readable.ok()) return StorageFailure();
  if (!readable->first.allowed || !readable->second) {
    if (!WriteAudit(context, EntryFor(context, who, *record, action, readable->first)).ok()) return StorageFailure();
    return NotFound();
  }
  ConsentTarget target{**record, readable->second->projection.consents, {}};
  target.decision = DecideConsentChange(ActorOf(who.user, who.unit), target.record.municipality, target.consents,
                                        Today(context), change, consent_id);
  if (!target.decision.allowed) {
    if (!WriteAudit(context, EntryFor(context, who, *record, action, target.decision)).ok()) return StorageFailure();
    return ErrorResponse(403, "consent", target.decision.reason);
  }
  return target;
}

}  // namespace

void AddCaseRoutes(Router& router, SessionContext& context) {
  router.Add("POST", "/api/v1/persons", "Register a person in the target group", [&context](const Request& request) {
    auto session = RequireSession(context, request, true);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    const Authenticated& who = std::get<Authenticated>(session);
    if (PartyOf(who.user.role) != Party::kEb)
      return ErrorResponse(403, "role", "only the EB unit of the person's municipality registers a person");
    auto parsed_body = BodyObject(request, {"personnummer", "date", "source", "eb_period_started"});
    if (auto* bad = std::get_if<Response>(&parsed_body)) return *bad;
    const json::object& body = std::get<json::object>(parsed_body);
    const Date today = Today(context);
    const json::value* text = body.if_contains("personnummer");
    if (!text || !text->is_string()) return ErrorResponse(400, "personnummer", "is required, as a string");
    auto pnr = ParsePersonnummer(std::string(text->as_string()), today, "personnummer");
    if (!pnr.ok()) return ErrorResponse(400, pnr.error().field, pnr.error().reason);
    auto date = OptionalDate(body, "date");
    if (auto* bad = std::get_if<Response>(&date)) return *bad;
    auto started = OptionalDate(body, "eb_period_started");
    if (auto* bad = std::get_if<Response>(&started)) return *bad;
    const std::string identified = std::get<0>(date).value_or(today.ToString());
    std::string source = "caseworker";
    if (const json::value* s = body.if_contains("source")) {
      if (!s->is_string()) return ErrorResponse(400, "source", "must be application, caseworker or mapping");
      source = std::string(s->as_string());
    }
    const std::string& municipality = who.unit.municipality;
    auto decoded = DecodeEvents(
        {json::object{{"type", "eb_period_started"}, {"person", pnr->digits},
                      {"date", std::get<0>(started).value_or(identified)}, {"municipality", municipality}},
         json::object{{"type", "target_group_identified"}, {"person", pnr->digits}, {"date", identified},
                      {"municipality", municipality}, {"source", source}}},
        today);
    if (auto* bad = std::get_if<Response>(&decoded)) return *bad;
    const auto& events = std::get<std::vector<Event>>(decoded);
    if (events[1].date > today) return ErrorResponse(400, "date", "may not be in the future");
    if (events[0].date > events[1].date) return ErrorResponse(400, "eb_period_started", "must be on or before date");

    std::lock_guard lock(context.journal_mutex);
    auto record = context.journal.LoadPerson(pnr->digits);
    if (!record.ok()) return StorageFailure();
    if (record->has_value()) {
      // A person of the unit's own municipality: point to the case. Another municipality's:
      // say no more than that the person cannot be registered here (see README, decisions).
      if ((*record)->municipality == municipality) {
        Response r = ErrorResponse(409, "personnummer", "is already registered; open the case");
        r.body = json::serialize(json::object{
            {"error", json::object{{"field", "personnummer"}, {"reason", "is already registered; open the case"}}},
            {"id", (*record)->public_id}});
        return r;
      }
      return ErrorResponse(409, "personnummer", "cannot be registered by this unit");
    }
    AuditEntry audit = AuditEntryOf(context, who, "register_person", "ownership");
    audit.person = pnr->digits;
    Response r = Store(context, request, events, 0, audit, json::object{});
    if (r.status != 201) return r;
    auto stored = context.journal.LoadPerson(pnr->digits);
    if (!stored.ok() || !stored->has_value()) return StorageFailure();
    json::value answer = json::parse(r.body);
    answer.as_object()["id"] = (*stored)->public_id;
    r.body = json::serialize(answer);
    return r;
  });

  router.Add("POST", "/api/v1/persons/{id}/consents", "Record a consent the person gave", [&context](const Request& request) {
    auto session = RequireSession(context, request, true);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    const Authenticated& who = std::get<Authenticated>(session);
    std::lock_guard lock(context.journal_mutex);
    auto target = ConsentTargetOf(context, who, request, ConsentChange::kGive, "", "consent_give");
    if (auto* answer = std::get_if<Response>(&target)) return *answer;
    const ConsentTarget& t = std::get<ConsentTarget>(target);
    auto parsed_body = BodyObject(request, {"parties", "purpose", "until", "date"});
    if (auto* bad = std::get_if<Response>(&parsed_body)) return *bad;
    const json::object& body = std::get<json::object>(parsed_body);
    auto parties = PartyList(body.if_contains("parties"));
    if (auto* bad = std::get_if<Response>(&parties)) return *bad;
    auto until = OptionalDate(body, "until");
    if (auto* bad = std::get_if<Response>(&until)) return *bad;
    auto date = OptionalDate(body, "date");
    if (auto* bad = std::get_if<Response>(&date)) return *bad;
    const Date today = Today(context);
    const std::string consent_id = "c-" + RandomHex(8);
    json::object line{{"type", "consent_given"}, {"person", t.record.personnummer},
                      {"date", std::get<0>(date).value_or(today.ToString())}, {"consent_id", consent_id},
                      {"parties", std::get<json::array>(parties)}};
    if (const json::value* p = body.if_contains("purpose")) line["purpose"] = *p;
    if (std::get<0>(until)) line["until"] = *std::get<0>(until);
    auto decoded = DecodeEvents({line}, today);
    if (auto* bad = std::get_if<Response>(&decoded)) return *bad;
    const auto& events = std::get<std::vector<Event>>(decoded);
    if (events[0].date > today) return ErrorResponse(400, "date", "may not be in the future");
    if (events[0].until && *events[0].until < today) return ErrorResponse(400, "until", "must be today or later");
    return Store(context, request, events, t.record.last_sequence,
                 EntryFor(context, who, t.record, "consent_give", t.decision),
                 json::object{{"consent_id", consent_id}});
  });

  router.Add("PATCH", "/api/v1/persons/{id}/consents/{consent_id}",
             "Limit a consent: fewer parties or an earlier end, from today", [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               const std::string& old_id = request.params.at("consent_id");
               std::lock_guard lock(context.journal_mutex);
               auto target = ConsentTargetOf(context, who, request, ConsentChange::kLimit, old_id, "consent_limit");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const ConsentTarget& t = std::get<ConsentTarget>(target);
               const ConsentView* current = FindConsent(t.consents, old_id);
               if (!current) return ErrorResponse(404, "consent_id", "no such consent of this person");
               auto parsed_body = BodyObject(request, {"parties", "until"});
               if (auto* bad = std::get_if<Response>(&parsed_body)) return *bad;
               const json::object& body = std::get<json::object>(parsed_body);
               json::array parties = PartyNames(current->parties);
               if (body.contains("parties")) {
                 auto given = PartyList(body.if_contains("parties"));
                 if (auto* bad = std::get_if<Response>(&given)) return *bad;
                 parties = std::get<json::array>(given);
               }
               auto until = OptionalDate(body, "until");
               if (auto* bad = std::get_if<Response>(&until)) return *bad;
               std::optional<std::string> end = std::get<0>(until);
               if (!end && current->until) end = current->until->ToString();
               const Date today = Today(context);
               const std::string new_id = "c-" + RandomHex(8);
               json::object given{{"type", "consent_given"}, {"person", t.record.personnummer}, {"date", today.ToString()},
                                  {"consent_id", new_id}, {"parties", parties}, {"purpose", current->purpose}};
               if (end) given["until"] = *end;
               auto decoded = DecodeEvents({json::object{{"type", "consent_revoked"},
                                                         {"person", t.record.personnummer},
                                                         {"date", today.ToString()},
                                                         {"consent_id", old_id}},
                                            given},
                                           today);
               if (auto* bad = std::get_if<Response>(&decoded)) return *bad;
               const auto& events = std::get<std::vector<Event>>(decoded);
               Status narrower = CheckLimit(*current, events[1].parties,
                                            std::get<0>(until) ? events[1].until : std::nullopt, today);
               if (!narrower.ok()) return ErrorResponse(400, narrower.error().field, narrower.error().reason);
               AuditEntry audit = EntryFor(context, who, t.record, "consent_limit", t.decision);
               audit.detail = old_id + " → " + new_id;
               return Store(context, request, events, t.record.last_sequence, audit,
                            json::object{{"consent_id", new_id}, {"replaces", old_id}});
             });

  router.Add("DELETE", "/api/v1/persons/{id}/consents/{consent_id}", "Revoke a consent, from now",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated& who = std::get<Authenticated>(session);
               const std::string& consent_id = request.params.at("consent_id");
               std::lock_guard lock(context.journal_mutex);
               auto target = ConsentTargetOf(context, who, request, ConsentChange::kRevoke, consent_id, "consent_revoke");
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const ConsentTarget& t = std::get<ConsentTarget>(target);
               const ConsentView* current = FindConsent(t.consents, consent_id);
               if (!current) return ErrorResponse(404, "consent_id", "no such consent of this person");
               const Date today = Today(context);
               if (current->revoked) return ErrorResponse(409, "consent_id", "was revoked on " + current->revoked->ToString());
               auto decoded = DecodeEvents({json::object{{"type", "consent_revoked"},
                                                         {"person", t.record.personnummer},
                                                         {"date", today.ToString()},
                                                         {"consent_id", consent_id}}},
                                           today);
               if (auto* bad = std::get_if<Response>(&decoded)) return *bad;
               return Store(context, request, std::get<std::vector<Event>>(decoded), t.record.last_sequence,
                            EntryFor(context, who, t.record, "consent_revoke", t.decision),
                            json::object{{"consent_id", consent_id}, {"revoked", today.ToString()}});
             });

  auto assign = [&context](const Request& request, bool remove) {
    auto session = RequireSession(context, request, true);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    const Authenticated& who = std::get<Authenticated>(session);
    std::string username;
    if (!remove) {
      auto parsed_body = BodyObject(request, {"username"});
      if (auto* bad = std::get_if<Response>(&parsed_body)) return *bad;
      const json::value* u = std::get<json::object>(parsed_body).if_contains("username");
      if (!u || !u->is_string() || u->as_string().empty())
        return ErrorResponse(400, "username", "is required: the caseworker to assign the case to");
      username = std::string(u->as_string());
    }
    std::lock_guard lock(context.journal_mutex);
    auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
    if (!record.ok()) return StorageFailure();
    auto decided = Decide(context, who, *record, CaseAction::kRead);
    if (!decided.ok()) return StorageFailure();
    const std::string action = remove ? "unassign" : "assign";
    AccessDecision decision = decided->first;
    if (decision.allowed && decision.ground != AccessGround::kOwnership)
      decision = {false, AccessGround::kNone, "", "cases are assigned within the owning EB unit"};
    if (!decision.allowed) {
      if (!WriteAudit(context, EntryFor(context, who, *record, action, decision)).ok()) return StorageFailure();
      return decided->first.allowed ? ErrorResponse(403, "role", decision.reason) : NotFound();
    }
    std::string user_id;
    json::object answer{{"assignee", nullptr}};
    if (!remove) {
      auto assignee = context.journal.FindUserByUsername(username);
      if (!assignee.ok()) return StorageFailure();
      if (!assignee->has_value() || (*assignee)->disabled || (*assignee)->user.unit_id != who.unit.id ||
          PartyOf((*assignee)->user.role) != Party::kEb)
        return ErrorResponse(400, "username", "must be an active user of your EB unit");
      user_id = (*assignee)->user.id;
      answer["assignee"] = json::object{{"username", (*assignee)->user.username},
                                        {"name", (*assignee)->user.display_name}};
    }
    AuditEntry audit = EntryFor(context, who, *record, action, decision);
    audit.detail = remove ? "" : "to " + username;
    UnitOfWork work(context.journal);
    Status s = work.Begin();
    if (s.ok()) s = context.journal.SetAssignee((*record)->personnummer, user_id, context.now(), who.user.id);
    if (s.ok()) s = context.journal.AppendAudit(audit);
    if (s.ok()) s = work.Commit();
    if (!s.ok()) return StorageFailure();
    Response r;
    r.body = json::serialize(answer);
    return r;
  };
  router.Add("PUT", "/api/v1/persons/{id}/assignee", "Assign the case to a caseworker of the unit",
             [assign](const Request& request) { return assign(request, false); });
  router.Add("DELETE", "/api/v1/persons/{id}/assignee", "Remove the case's assignment",
             [assign](const Request& request) { return assign(request, true); });
}

}  // namespace rattvag::http
