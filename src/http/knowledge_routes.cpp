#include "http/knowledge_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <variant>

#include "domain/access.hpp"
#include "domain/contacts.hpp"
#include "domain/method.hpp"
#include "security/random.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

Response StorageFailure() { return ErrorResponse(503, "database", "is not available; try again"); }

Response Json(int status, json::object body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

template <typename T>
json::array Names(const std::vector<T>& values) {
  json::array out;
  for (const T& v : values) out.emplace_back(Name(v));
  return out;
}

json::value StepOrNull(Step step) { return step == Step::kNone ? json::value(nullptr) : json::value(Name(step)); }

json::object MethodJson(const MethodDescription& m, const EligibilityRule& rule) {
  json::array steps, transitions, directions, deadlines, parties;
  for (const MethodStep& s : m.steps)
    steps.push_back(json::object{{"step", Name(s.step)}, {"number", s.number}, {"title", s.title}, {"summary", s.summary}});
  for (const MethodTransition& t : m.transitions)
    transitions.push_back(json::object{{"event", Name(t.type)},
                                       {"title", t.title},
                                       {"to", StepOrNull(t.to)},
                                       {"requires", t.precondition},
                                       {"recorded_by", Names(t.recorded_by)}});
  for (const MethodDirection& d : m.directions)
    directions.push_back(json::object{
        {"direction", Name(d.direction)},
        {"title", d.title},
        {"explanation", d.explanation},
        {"track", d.track ? json::value(Name(*d.track)) : json::value(nullptr)},
        {"track_title", d.track ? json::value(SwedishName(*d.track)) : json::value(nullptr)},
        {"leads_to", StepOrNull(d.leads_to)}});
  for (const DeadlineRule& d : m.deadlines)
    deadlines.push_back(json::object{{"kind", Name(d.kind)},
                                     {"title", SwedishName(d.kind)},
                                     {"responsible", Name(d.responsible)},
                                     {"responsible_title", SwedishName(d.responsible)},
                                     {"starts", d.starts},
                                     {"due", d.due},
                                     {"closes", d.closes},
                                     {"action", ActionOf(d.kind)},
                                     {"started_by", Names(d.started_by)},
                                     {"met_by", Names(d.met_by)}});
  for (const MethodParty& p : m.parties) parties.push_back(json::object{{"party", Name(p.party)}, {"title", p.title}});
  return {{"steps", std::move(steps)},
          {"transitions", std::move(transitions)},
          {"directions", std::move(directions)},
          {"deadlines", std::move(deadlines)},
          {"parties", std::move(parties)},
          {"rules_effective_from", rule.effective_from.ToString()}};
}

json::object ContactJson(const Contact& c) {
  return {{"id", c.id},           {"party", c.party}, {"name", c.name},   {"municipality", c.municipality},
          {"mailbox", c.mailbox}, {"phone", c.phone}, {"email", c.email}, {"note", c.note}};
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// A contact from a JSON body of string fields (the id comes from the route or the server), or
// the answer to give instead: 415 for another content type, 400 naming the field.
std::variant<Contact, Response> ContactOf(const Request& request) {
  const auto type = request.headers.find("content-type");
  if (type == request.headers.end() || type->second.rfind("application/json", 0) != 0)
    return ErrorResponse(415, "content-type", "must be application/json");
  json::error_code ec;
  const json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  Contact c;
  const std::pair<const char*, std::string*> fields[] = {
      {"party", &c.party}, {"name", &c.name},   {"municipality", &c.municipality}, {"mailbox", &c.mailbox},
      {"phone", &c.phone}, {"email", &c.email}, {"note", &c.note}};
  for (const auto& [key, value] : body.as_object()) {
    // `name` by value: clang 14 (the fuzz build) cannot capture a structured binding.
    auto it = std::find_if(std::begin(fields), std::end(fields), [name = key](const auto& f) { return name == f.first; });
    if (it == std::end(fields)) return ErrorResponse(400, std::string(key), "is not a field of a contact");
    if (!value.is_string()) return ErrorResponse(400, std::string(key), "must be a string");
    if (value.as_string().size() > 2000) return ErrorResponse(400, std::string(key), "is too long");
    *it->second = Trim(value.as_string());
  }
  if (auto errors = ValidateContact(c); !errors.empty()) return ErrorResponse(400, errors[0].field, errors[0].reason);
  return c;
}

// The administrator of a state-changing request (with its CSRF token), or the answer instead.
std::variant<Authenticated, Response> Administrator(SessionContext& c, const Request& request) {
  auto who = RequireSession(c, request, true);
  if (auto* answer = std::get_if<Response>(&who)) return *answer;
  if (std::get<Authenticated>(who).user.role != Role::kAdministrator)
    return ErrorResponse(403, "role", "administrators only");
  return who;
}

// Makes `change` and its audit entry in one transaction; the answer for a refusal or failure.
std::optional<Response> Commit(SessionContext& c, const Authenticated& who, const std::function<Status()>& change,
                               const std::string& action, const std::string& detail) {
  std::lock_guard lock(c.journal_mutex);
  UnitOfWork work(c.journal);
  Status s = work.Begin();
  if (s.ok()) s = change();
  if (s.ok()) s = c.journal.AppendAudit(AuditEntryOf(c, who, action, "administration", "allowed", detail));
  if (s.ok()) s = work.Commit();
  if (s.ok()) return std::nullopt;
  if (s.error().reason.rfind("database error", 0) == 0) return StorageFailure();
  if (s.error().field == "id") return ErrorResponse(404, "id", s.error().reason);
  return ErrorResponse(409, s.error().field, s.error().reason);
}

std::string Describe(const Contact& c) {
  return "contact " + c.id + " (" + c.party + (c.municipality.empty() ? "" : " " + c.municipality) + "): " + c.name;
}

std::string RouteId(const Request& request) {
  auto it = request.params.find("id");
  return it == request.params.end() ? "" : it->second;
}

}  // namespace

void AddKnowledgeRoutes(Router& router, SessionContext& context) {
  router.Add("GET", "/api/v1/method",
             "The method (DOMAIN.md §5, §6) as the code enforces it: steps, transitions, directions, deadlines",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               if (auto query = ParseQuery(request.query, {}); std::holds_alternative<Response>(query))
                 return std::get<Response>(query);
               const Date today = Date::FromDaysSinceEpoch(static_cast<int32_t>(context.now() / 86400));
               const EligibilityRule& rule = RuleOn(DefaultEligibilityRules(), today);
               return Json(200, MethodJson(DescribeMethod(rule), rule));
             });
  router.Add("GET", "/api/v1/contacts", "The parties' contact list (every logged-in user)",
             [&context](const Request& request) {
               auto session = RequireSession(context, request, false);
               if (auto* answer = std::get_if<Response>(&session)) return *answer;
               if (auto query = ParseQuery(request.query, {}); std::holds_alternative<Response>(query))
                 return std::get<Response>(query);
               std::lock_guard lock(context.journal_mutex);
               auto contacts = context.journal.ListContacts();
               if (!contacts.ok()) return StorageFailure();
               json::array out;
               for (const Contact& c : *contacts) out.push_back(ContactJson(c));
               return Json(200, {{"contacts", std::move(out)},
                                 {"editable", std::get<Authenticated>(session).user.role == Role::kAdministrator}});
             });
  router.Add("POST", "/api/v1/contacts", "Add a contact (administrators)", [&context](const Request& request) {
    auto admin = Administrator(context, request);
    if (auto* answer = std::get_if<Response>(&admin)) return *answer;
    auto parsed = ContactOf(request);
    if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
    Contact contact = std::get<Contact>(std::move(parsed));
    contact.id = "k-" + RandomHex(8);
    if (auto refused = Commit(context, std::get<Authenticated>(admin), [&] { return context.journal.AddContact(contact); },
                              "contact_add", Describe(contact)))
      return *refused;
    return Json(201, ContactJson(contact));
  });
  router.Add("PUT", "/api/v1/contacts/{id}", "Replace a contact (administrators)", [&context](const Request& request) {
    auto admin = Administrator(context, request);
    if (auto* answer = std::get_if<Response>(&admin)) return *answer;
    auto parsed = ContactOf(request);
    if (auto* bad = std::get_if<Response>(&parsed)) return *bad;
    Contact contact = std::get<Contact>(std::move(parsed));
    contact.id = RouteId(request);
    if (auto refused = Commit(context, std::get<Authenticated>(admin),
                              [&] { return context.journal.UpdateContact(contact); }, "contact_update", Describe(contact)))
      return *refused;
    return Json(200, ContactJson(contact));
  });
  router.Add("DELETE", "/api/v1/contacts/{id}", "Remove a contact (administrators)", [&context](const Request& request) {
    auto admin = Administrator(context, request);
    if (auto* answer = std::get_if<Response>(&admin)) return *answer;
    const std::string id = RouteId(request);
    std::string detail = "contact " + id;
    if (auto refused = Commit(
            context, std::get<Authenticated>(admin),
            [&]() -> Status {
              auto found = context.journal.FindContact(id);
              if (!found.ok()) return found.error();
              if (!found->has_value()) return Error{"id", "no contact has this id"};
              detail = Describe(**found);
              return context.journal.DeleteContact(id);
            },
            "contact_delete", detail))
      return *refused;
    return Json(200, {{"id", id}, {"deleted", true}});
  });
}

}  // namespace rattvag::http
