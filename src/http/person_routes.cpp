#include "http/person_routes.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>


#include <algorithm>
#include <map>
#include <variant>

#include "app/own.hpp"
#include "app/queries.hpp"
#include "app/record.hpp"
#include "app/sip.hpp"
#include "codec/event_json.hpp"
#include "codec/report_format.hpp"
#include "domain/access.hpp"
#include "domain/eligibility.hpp"
#include "domain/personnummer.hpp"
#include "http/case_access.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

// The request body as one exchange-format line for `person`: a JSON object without `person`.
std::variant<std::string, Response> EventLine(const Request& request, const std::string& person) {
  json::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be one event as a JSON object");
  if (body.as_object().contains("person"))
    return ErrorResponse(400, "person", "comes from the URL; leave it out of the event");
  body.as_object()["person"] = person;
  return json::serialize(body);
}

// What POST /api/v1/persons/{id}/events answers for the case as `record` was read and `readable`
// decided on it: a refusal (each with its audit entry, through `audit`), or what `store` answers
// for the event, the If-Match sequence and the entry to write with it.
Response AnswerRecord(SessionContext& context, const Request& request, const Authenticated& who,
                      const std::optional<PersonRecord>& record,
                      const std::pair<AccessDecision, std::optional<PersonView>>& readable,
                      const std::function<Status(const AuditEntry&)>& audit,
                      const std::function<Response(const Event&, int64_t, const AuditEntry&)>& store) {
  // Who may not read the person learns nothing, not even whether the body was good.
  if (!readable.first.allowed) {
    if (!audit(EntryFor(context, who, record, "record", readable.first)).ok()) return StorageFailure();
    return NotFound();
  }
  auto line = EventLine(request, record->personnummer);
  if (auto* bad = std::get_if<Response>(&line)) return *bad;
  DecodedLine decoded = DecodeEventLine(std::get<std::string>(line), Today(context));
  if (!decoded.errors.empty()) return ErrorResponse(400, decoded.errors.front().field, decoded.errors.front().reason);
  const Event& event = decoded.event;
  // A questionnaire answer goes through its own route, which keeps an anonymous survey's answer
  // apart from the person and checks who may answer (survey_routes).
  if (event.type == EventType::kSurveyAnswered)
    return ErrorResponse(400, "type",
                         "survey answers are entered through POST /api/v1/surveys/answers, which keeps anonymous "
                         "surveys anonymous");
  const std::string action = "record:" + std::string(Name(event.type));
  // The case was decoded for the read decision; its consents decide this too.
  const std::vector<ConsentView> consents =
      readable.second ? readable.second->projection.consents : std::vector<ConsentView>{};
  const AccessDecision allowed = DecideCaseAccess(ActorOf(who.user, who.unit), record->municipality, consents,
                                                  Today(context), CaseAction::kRecord, event.type);
  if (!allowed.allowed) {
    if (!audit(EntryFor(context, who, record, action, allowed)).ok()) return StorageFailure();
    return ErrorResponse(403, "type", allowed.reason);
  }
  const auto expected = RequireIfMatch(request);
  if (auto* bad = std::get_if<Response>(&expected)) return *bad;
  return store(event, std::get<int64_t>(expected), EntryFor(context, who, record, action, allowed));
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

void AddPersonRoutes(Router& router, SessionContext& context) {
  PrepareContext(context);
  router.Add("POST", "/api/v1/persons/search", "Find a person by personnummer", [&context](const Request& request) {
    auto session = RequireSession(context, request, true);
    if (auto* answer = std::get_if<Response>(&session)) return *answer;
    const Authenticated* who = &std::get<Authenticated>(session);
    json::error_code ec;
    const json::value body = json::parse(request.body, ec);
    if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
    for (const auto& [key, value] : body.as_object())
      if (key != "personnummer") return ErrorResponse(400, std::string(key), "is not a field of a search");
    const json::value* text = body.as_object().if_contains("personnummer");
    if (!text || !text->is_string()) return ErrorResponse(400, "personnummer", "is required, as a string");
    const Date today = Date::FromDaysSinceEpoch(static_cast<int32_t>(context.now() / 86400));
    auto parsed = ParsePersonnummer(std::string(text->as_string()), today, "personnummer");
    if (!parsed.ok()) return ErrorResponse(400, parsed.error().field, parsed.error().reason);
    std::lock_guard lock(context.journal_mutex);
    auto record = context.journal.LoadPerson(parsed->digits);
    if (!record.ok()) return StorageFailure();
    auto decided = DecideAndLog(context, *who, *record, "search_person");
    if (!decided.ok()) return StorageFailure();
    if (!decided->first.allowed) return NotFound();
    Response r;
    r.body = json::serialize(json::object{{"id", (*record)->public_id}});
    return r;
  });
  router.Add("GET", "/api/v1/persons/{id}", "A person's case: timeline, tracks, deadlines, hints",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               const std::string& id = request.params.at("id");
               // Read on this thread's connection (no journal lock), then the audit entry is
               // made durable (group commit) before anything is answered.
               struct Read {
                 std::optional<PersonRecord> record;
                 AccessDecision decision;
                 PersonViewCache::Entry view;
                 json::value assignee = nullptr;
               };
               auto read_case = [&](Journal& journal) -> Result<Read> {
                 Read out;
                 auto record = journal.LoadPersonByPublicId(id);
                 if (!record.ok()) return record.error();
                 out.record = std::move(*record);
                 if (!out.record) {
                   out.decision.reason = "no such person";
                   return out;
                 }
                 // The case as of today, decoded and written once per stored version and day
                 // (PersonViewCache); the decision is made on every request.
                 const Date today = Today(context);
                 PersonViewCache& views = context.state->views;
                 out.view = views.Find(*out.record, today);
                 if (!out.view) {
                   Status decoded;
                   const PersonView view = LoadPersonView(*out.record, today, DefaultEligibilityRules(), decoded);
                   if (!decoded.ok()) return decoded.error();
                   out.view = std::make_shared<const PersonViewCache::View>(PersonViewCache::View{
                       out.record->public_id, out.record->digest, today, view.projection.consents, PersonJson(view)});
                   views.Keep(out.view);
                 }
                 out.decision = DecideCaseAccess(ActorOf(who->user, who->unit), out.record->municipality,
                                                 out.view->consents, today, CaseAction::kRead);
                 if (!out.decision.allowed) return out;
                 // The caseworker the case is assigned to (the owner's business; others see null).
                 if (out.decision.ground == AccessGround::kOwnership) {
                   auto user_id = journal.FindAssignee(out.record->personnummer);
                   if (!user_id.ok()) return user_id.error();
                   if (*user_id) {
                     auto user = journal.FindUserById(**user_id);
                     if (!user.ok()) return user.error();
                     if (*user)
                       out.assignee =
                           json::object{{"username", (*user)->user.username}, {"name", (*user)->user.display_name}};
                   }
                 }
                 return out;
               };
               auto read = InOneSnapshot(context, read_case);
               if (!read.ok()) return StorageFailure();
               // Written before the answer leaves the server (the case, or the 404).
               if (!LogAuditBeforeAnswer(context, {EntryFor(context, *who, read->record, "read_person", read->decision)})
                        .ok())
                 return StorageFailure();
               if (!read->decision.allowed || !read->view) return NotFound();
               Response r;
               // PersonJson is one object: the assignment goes in front of its first field.
               const std::string& view = read->view->json;
               r.body.reserve(view.size() + 64);
               r.body += '{';
               r.body += "\"assignee\":" + json::serialize(read->assignee) + ",";  // The view has fields.
               r.body.append(view, 1);
               r.headers.emplace_back("ETag", ETag(read->record->last_sequence));
               return r;
             });
  router.Add("GET", "/api/v1/persons/{id}/log", "The person's log extract (loggutdrag): every access to the case",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"format"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const std::string format = std::get<0>(query).count("format") ? std::get<0>(query).at("format") : "json";
               if (format != "json" && format != "html") return ErrorResponse(400, "format", "must be json or html");
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto decided = Decide(context, *who, *record, CaseAction::kRead);
               if (!decided.ok()) return StorageFailure();
               // The extract is the owner's to hand to the person; other parties do not get it.
               AccessDecision decision = decided->first;
               if (decision.allowed && decision.ground != AccessGround::kOwnership) {
                 decision = {false, AccessGround::kNone, "", "the log extract is given by the case's owner"};
               }
               // Reading the log is itself logged, before the log is read.
               if (!WriteAudit(context, EntryFor(context, *who, *record, "read_log", decision)).ok()) return StorageFailure();
               if (!decision.allowed) return NotFound();
               // Who and which unit by name, as the person reads them (the ids stay, for the record).
               auto extract = BuildLogExtract(context.journal, (*record)->personnummer);
               if (!extract.ok()) return StorageFailure();
               Response r;
               if (format == "json") {
                 json::array list;
                 for (const auto& [e, user_name, unit_name] : *extract)
                   list.push_back(json::object{{"at", e.at}, {"user", e.user}, {"user_name", user_name},
                                               {"party", e.party}, {"unit", e.unit}, {"unit_name", unit_name},
                                               {"role", e.role}, {"action", e.action}, {"ground", e.ground},
                                               {"outcome", e.outcome}, {"detail", e.detail}});
                 r.body = json::serialize(json::object{{"person", (*record)->personnummer}, {"entries", std::move(list)}});
                 return r;
               }
               // Printable: a plain table, no script, no inline style.
               std::string html = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Loggutdrag</title></head><body>";
               html += "<h1>Loggutdrag</h1><p>Personnummer " + HtmlEscape((*record)->personnummer.substr(0, 8)) + "-" +
                       HtmlEscape((*record)->personnummer.substr(8)) + ", utskrivet " +
                       HtmlEscape(FormatUtcTimestamp(context.now())) + "</p>";
               html += "<table><thead><tr><th scope=\"col\">Tid (UTC)</th><th scope=\"col\">Användare</th><th scope=\"col\">Part</th>"
                       "<th scope=\"col\">Enhet</th><th scope=\"col\">Roll</th><th scope=\"col\">Åtgärd</th>"
                       "<th scope=\"col\">Grund</th><th scope=\"col\">Utfall</th><th scope=\"col\">Anmärkning</th></tr></thead><tbody>";
               for (const auto& [e, user_name, unit_name] : *extract) {
                 html += "<tr>";
                 const std::string user = user_name.empty() ? e.user : user_name + " (" + e.user + ")";
                 const std::string unit = unit_name.empty() ? e.unit : unit_name;
                 for (const std::string* f : {&e.at, &user, &e.party, &unit, &e.role, &e.action, &e.ground, &e.outcome, &e.detail})
                   html += "<td>" + HtmlEscape(*f) + "</td>";
                 html += "</tr>";
               }
               html += "</tbody></table></body></html>";
               r.content_type = "text/html; charset=utf-8";
               r.body = std::move(html);
               return r;
             });
  router.Add("GET", "/api/v1/persons/{id}/consents", "The person's consents and who can see the case today",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto decided = DecideAndLog(context, *who, *record, "read_consents");
               if (!decided.ok()) return StorageFailure();
               if (!decided->first.allowed || !decided->second) return NotFound();
               const Date today = Today(context);
               json::array consents;
               PartySet visible = 0;
               for (const ConsentView& c : decided->second->projection.consents) {
                 json::array parties;
                 for (int p = 0; p < kPartyCount; ++p)
                   if (c.parties & PartyBit(static_cast<Party>(p))) parties.emplace_back(std::string(Name(static_cast<Party>(p))));
                 const bool in_force = ConsentInForce(c, today);
                 if (in_force) visible |= c.parties;
                 json::object o{{"consent_id", c.consent_id}, {"parties", std::move(parties)}, {"purpose", c.purpose},
                                {"given", c.given.ToString()}, {"in_force", in_force}};
                 o["until"] = c.until ? json::value(c.until->ToString()) : json::value(nullptr);
                 o["revoked"] = c.revoked ? json::value(c.revoked->ToString()) : json::value(nullptr);
                 consents.push_back(std::move(o));
               }
               // Who can see the case today: the owner, and every party a consent in force names
               // (within the area its office serves).
               json::array can_see;
               can_see.push_back(json::object{{"party", "eb"}, {"ground", "ownership"}, {"municipality", (*record)->municipality}});
               for (int p = 0; p < kPartyCount; ++p)
                 if (visible & PartyBit(static_cast<Party>(p)))
                   can_see.push_back(json::object{{"party", std::string(Name(static_cast<Party>(p)))}, {"ground", "consent"}});
               Response r;
               r.body = json::serialize(json::object{{"as_of", today.ToString()}, {"person", (*record)->personnummer},
                                                     {"consents", std::move(consents)},
                                                     {"can_see", std::move(can_see)}});
               return r;
             });
  router.Add("GET", "/api/v1/worklist", "The unit's open and overdue deadlines, most urgent first",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               auto query = ParseQuery(request.query, {"limit", "offset", "scope"});
               if (auto* bad = std::get_if<Response>(&query)) return *bad;
               const auto& params = std::get<0>(query);
               const std::string scope = params.count("scope") ? params.at("scope") : "unit";
               if (scope != "unit" && scope != "mine")
                 return ErrorResponse(400, "scope", "must be unit (the unit's deadlines) or mine (cases assigned to you)");
               auto paging = Paging(params);
               if (auto* bad = std::get_if<Response>(&paging)) return *bad;
               const auto [limit, offset] = std::get<0>(paging);
               if (PartyOf(who->user.role) != Party::kEb)
                 return ErrorResponse(403, "role", "the work list is the EB unit's; FK's is the mailbox");
               const Date today = Today(context);
               // The municipality's rows as of today: cached (journal_access.hpp), or read through
               // the writer when there is no read connection.
               Result<WorklistCache::Rows> rows = [&]() -> Result<WorklistCache::Rows> {
                 if (Journal* reader = ReaderOf(context))
                   return context.state->worklists.Get(context.journal, context.journal_mutex, *reader,
                                                       who->unit.municipality, today);
                 std::lock_guard lock(context.journal_mutex);
                 auto listed = ListDeadlines(context.journal, today, {who->unit.municipality}, DefaultEligibilityRules());
                 if (!listed.ok()) return listed.error();
                 auto out = std::make_shared<std::vector<WorklistItem>>();
                 for (DeadlineRow& row : *listed) {
                   auto record = context.journal.LoadPerson(row.person);
                   if (!record.ok()) return record.error();
                   if (!record->has_value()) return Error{"", "database error: a person of the work list is missing"};
                   out->push_back({std::move(row), (*record)->public_id});
                 }
                 return WorklistCache::Rows(std::move(out));
               }();
               if (!rows.ok()) return StorageFailure();
               // The SIP follow-ups coordinated by EB (not cached: they come from the SIPs, which
               // the cache does not watch, and a municipality has few), merged in urgency order.
               auto sip_rows = WithReader(context, [&](Journal& journal) {
                 return ListSipFollowUps(journal, who->unit.municipality, today);
               });
               if (!sip_rows.ok()) return StorageFailure();
               std::vector<WorklistItem> sip_items;
               sip_items.reserve(sip_rows->size());
               for (SipFollowUpRow& s : *sip_rows) sip_items.push_back({std::move(s.row), std::move(s.person_public_id)});
               std::vector<const WorklistItem*> listed;
               listed.reserve((*rows)->size() + sip_items.size());
               for (auto a = (*rows)->cbegin(), b = sip_items.cbegin(); a != (*rows)->cend() || b != sip_items.cend();) {
                 if (b == sip_items.cend() || (a != (*rows)->cend() && !DeadlineRowBefore(b->row, a->row)))
                   listed.push_back(&*a++);
                 else
                   listed.push_back(&*b++);
               }
               if (scope == "mine") {
                 auto mine = WithReader(context, [&](Journal& journal) { return journal.AssignedTo(who->user.id); });
                 if (!mine.ok()) return StorageFailure();
                 std::erase_if(listed, [&](const WorklistItem* item) {
                   return !std::binary_search(mine->begin(), mine->end(), item->row.person);
                 });
               }
               const AccessDecision ownership{true, AccessGround::kOwnership, "", ""};
               // The page's JSON is written directly (no boost::json objects; the same members
               // in the same order as serializing them would give).
               Response r;
               std::string& body = r.body;
               body.reserve(160 + 256 * std::min<size_t>(limit, listed.size()));
               body += "{\"as_of\":";
               AppendJsonString(body, today.ToString());
               body += ",\"scope\":";
               AppendJsonString(body, scope);
               body += fmt::format(",\"total\":{},\"offset\":{},\"items\":[", listed.size(), offset);
               std::vector<AuditEntry> entries;
               std::vector<std::string_view> logged;
               // One entry per person on the page, alike but for the person (made once: the
               // time's formatting was a twentieth of the request).
               const AuditEntry page_entry = EntryFor(context, *who, std::nullopt, "read_worklist", ownership);
               for (size_t i = offset; i < listed.size() && i < offset + limit; ++i) {
                 const WorklistItem& item = *listed[i];
                 const DeadlineRow& row = item.row;
                 // Every person on the page is a read of that person's data (once per page).
                 if (std::find(logged.begin(), logged.end(), row.person) == logged.end()) {
                   logged.push_back(row.person);
                   entries.push_back(page_entry);
                   entries.back().person = row.person;
                 }
                 const Deadline& d = row.deadline;
                 body += i == offset ? "{\"person_id\":" : ",{\"person_id\":";
                 AppendJsonString(body, item.public_id);
                 body += ",\"personnummer\":";
                 AppendJsonString(body, row.person);
                 body += ",\"kind\":";
                 AppendJsonString(body, Name(d.kind));
                 body += ",\"responsible\":";
                 AppendJsonString(body, Name(d.responsible));
                 body += ",\"due\":";
                 AppendJsonString(body, d.due.ToString());
                 body += ",\"status\":";
                 AppendJsonString(body, Name(d.status));
                 body += ",\"reference\":";
                 AppendJsonString(body, d.reference);
                 body += ",\"action\":";
                 AppendJsonString(body, d.action);
                 body += '}';
               }
               body += "]}";
               // The page's entries are durable before the page leaves the server.
               if (!LogAuditBeforeAnswer(context, std::move(entries)).ok()) return StorageFailure();
               return r;
             });
  router.Add("POST", "/api/v1/persons/{id}/events", "Record one event of the person's case",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, true);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               const Authenticated* who = &std::get<Authenticated>(session);
               // The case is read and decided on this thread's snapshot, outside the writer's
               // lock, and the event written in the group commit with the audit entries of other
               // requests (one fsync for all), provided the stream is still as read then.
               // Otherwise (another write came between) everything is done again under the
               // writer's lock, as decided on the stored case.
               using Decided = std::pair<AccessDecision, std::optional<PersonView>>;
               using Read = std::pair<std::optional<PersonRecord>, Decided>;
               auto read = InOneSnapshot(context, [&](Journal& journal) -> Result<Read> {
                 auto record = journal.LoadPersonByPublicId(request.params.at("id"));
                 if (!record.ok()) return record.error();
                 auto readable = Decide(context, *who, *record, CaseAction::kRead);
                 if (!readable.ok()) return readable.error();
                 return Read{std::move(*record), std::move(*readable)};
               });
               if (!read.ok()) return StorageFailure();
               bool stale = false;
               Response answer = AnswerRecord(
                   context, request, *who, read->first, read->second,
                   [&](const AuditEntry& entry) { return LogAudit(context, {&entry, 1}); },
                   [&](const Event& event, int64_t expected, const AuditEntry& entry) {
                     const int64_t as_read = read->first->last_sequence;
                     Result<RecordOutcome> outcome = Error{"", "database error: not written"};
                     const AuditBatcher::BatchedWrite write = [&](Journal& writer) -> Result<bool> {
                       auto stored = writer.LoadPerson(event.person);
                       if (!stored.ok()) return stored.error();
                       stale = !*stored || (*stored)->last_sequence != as_read;
                       if (stale) return false;
                       outcome = RecordEventsIn(writer, std::span(&event, 1), expected, entry);
                       if (!outcome.ok()) return outcome.error();
                       return outcome->kind == RecordOutcome::Kind::kStored;
                     };
                     if (!context.state->audit.Write(context.journal, context.journal_mutex, {}, write).ok())
                       return StorageFailure();
                     return RecordAnswer(outcome);
                   });
               if (!stale) return answer;
               std::lock_guard lock(context.journal_mutex);
               auto record = context.journal.LoadPersonByPublicId(request.params.at("id"));
               if (!record.ok()) return StorageFailure();
               auto readable = Decide(context, *who, *record, CaseAction::kRead);
               if (!readable.ok()) return StorageFailure();
               return AnswerRecord(
                   context, request, *who, *record, *readable,
                   [&](const AuditEntry& entry) { return WriteAudit(context, entry); },
                   [&](const Event& event, int64_t expected, const AuditEntry& entry) {
                     return RecordAnswer(RecordEvent(context.journal, event, expected, entry));
                   });
             });
}

}  // namespace rattvag::http
