#include "http/admin_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <variant>

#include "domain/accounts.hpp"
#include "security/password.hpp"
#include "security/random.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

Response StorageFailure() { return ErrorResponse(503, "database", "is not available; try again"); }

// The administrator of the request, or the answer to give instead.
std::variant<Authenticated, Response> Administrator(SessionContext& c, const Request& request) {
  auto who = RequireSession(c, request, true);
  if (auto* answer = std::get_if<Response>(&who)) return *answer;
  if (std::get<Authenticated>(who).user.role != Role::kAdministrator)
    return ErrorResponse(403, "role", "administrators only");
  return who;
}

// The string fields of a JSON object body, refusing any other field or type.
std::variant<std::map<std::string, std::string>, Response> Fields(const Request& request,
                                                                  const std::vector<std::string>& allowed) {
  json::error_code ec;
  const json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return ErrorResponse(400, "body", "must be a JSON object");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : body.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return ErrorResponse(400, std::string(key), "is not a field here");
    if (!value.is_string()) return ErrorResponse(400, std::string(key), "must be a string");
    out[std::string(key)] = std::string(value.as_string());
  }
  return out;
}

std::string Get(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? "" : it->second;
}

// Makes `change` and its audit entry in one transaction; the answer for a refusal or failure.
std::optional<Response> Commit(SessionContext& c, const Authenticated& who, const std::function<Status()>& change,
                               const std::string& action, const std::string& detail) {
  const AuditEntry entry = AuditEntryOf(c, who, action, "administration", "allowed", detail);
  std::lock_guard lock(c.journal_mutex);
  UnitOfWork work(c.journal);
  Status s = work.Begin();
  if (s.ok()) s = change();
  if (s.ok()) s = c.journal.AppendAudit(entry);
  if (s.ok()) s = work.Commit();
  if (s.ok()) return std::nullopt;
  if (s.error().reason.rfind("database error", 0) == 0) return StorageFailure();
  return ErrorResponse(409, s.error().field, s.error().reason);
}

}  // namespace

void AddAdminRoutes(Router& router, SessionContext& context) {
  router.Add("POST", "/api/v1/admin/units", "Add a unit (administrators)", [&context](const Request& request) {
    auto admin = Administrator(context, request);
    if (auto* answer = std::get_if<Response>(&admin)) return *answer;
    auto fields = Fields(request, {"id", "name", "kind", "municipality", "area"});
    if (auto* bad = std::get_if<Response>(&fields)) return *bad;
    const auto& f = std::get<0>(fields);
    const Unit unit{Get(f, "id"), Get(f, "name"), Get(f, "kind"), Get(f, "municipality"), SplitCodes(Get(f, "area"))};
    if (auto errors = ValidateUnit(unit); !errors.empty()) return ErrorResponse(400, errors[0].field, errors[0].reason);
    if (auto refused = Commit(context, std::get<Authenticated>(admin), [&] { return context.journal.AddUnit(unit); },
                              "unit_add", "unit " + unit.id + " (" + unit.kind + ")"))
      return *refused;
    Response r;
    r.status = 201;
    r.body = json::serialize(json::object{{"id", unit.id}});
    return r;
  });
  router.Add("POST", "/api/v1/admin/users", "Add a user (administrators)", [&context](const Request& request) {
    auto admin = Administrator(context, request);
    if (auto* answer = std::get_if<Response>(&admin)) return *answer;
    auto fields = Fields(request, {"username", "display_name", "role", "unit", "password"});
    if (auto* bad = std::get_if<Response>(&fields)) return *bad;
    const auto& f = std::get<0>(fields);
    const auto role = ParseRole(Get(f, "role"));
    if (!role) return ErrorResponse(400, "role", "is not a role of the system");
    User user{"u-" + RandomHex(12), Get(f, "username"), Get(f, "display_name"), *role, Get(f, "unit")};
    std::optional<Unit> unit;
    {
      std::lock_guard lock(context.journal_mutex);
      auto found = context.journal.FindUnit(user.unit_id);
      if (!found.ok()) return StorageFailure();
      unit = *found;
    }
    if (!unit) return ErrorResponse(400, "unit", "no unit has this id");
    if (auto errors = ValidateUser(user, *unit); !errors.empty()) return ErrorResponse(400, errors[0].field, errors[0].reason);
    std::string hash;
    if (f.count("password")) {
      if (auto errors = CheckNewPassword(f.at("password"), user.username, context.policy); !errors.empty())
        return ErrorResponse(400, errors[0].field, errors[0].reason);
      auto hashed = HashPassword(f.at("password"));
      if (!hashed.ok()) return StorageFailure();
      hash = *hashed;
    }
    if (auto refused = Commit(context, std::get<Authenticated>(admin), [&] { return context.journal.AddUser(user, hash); },
                              "user_add", "user " + user.username + " (" + std::string(Name(user.role)) + ") in unit " + user.unit_id))
      return *refused;
    Response r;
    r.status = 201;
    r.body = json::serialize(json::object{{"id", user.id}, {"username", user.username}});
    return r;
  });
}

}  // namespace rattvag::http
