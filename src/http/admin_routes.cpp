#include "http/admin_routes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <variant>

#include "app/organisation.hpp"
#include "domain/accounts.hpp"
#include "security/password.hpp"
#include "security/random.hpp"

namespace rattvag::http {

namespace json = boost::json;

namespace {

Response StorageFailure() { return ErrorResponse(503, "database", "is not available; try again"); }

// The administrator of the request, or the answer to give instead (a state-changing request
// also needs the session's CSRF token).
std::variant<Authenticated, Response> Administrator(SessionContext& c, const Request& request, bool state_changing = true) {
  auto who = RequireSession(c, request, state_changing);
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
// `detail` is read after the change, which may complete it.
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
  return ErrorResponse(409, s.error().field, s.error().reason);
}

json::object UnitJson(const Unit& unit) {
  json::array area;
  for (const auto& code : unit.area) area.emplace_back(code);
  return {{"id", unit.id}, {"name", unit.name}, {"kind", unit.kind}, {"municipality", unit.municipality},
          {"area", std::move(area)}};
}

json::object UserJson(const UserListing& u) {
  return {{"id", u.user.id},
          {"username", u.user.username},
          {"display_name", u.user.display_name},
          {"role", Name(u.user.role)},
          {"unit", u.user.unit_id},
          {"disabled", u.disabled},
          {"failed_logins", u.failed_logins},
          {"has_password", u.has_password}};
}

Response Json(json::object body) {
  Response r;
  r.body = json::serialize(body);
  return r;
}

// The user named by the route's {username}, or the answer to give instead (404 naming the field).
std::variant<StoredUser, Response> TargetUser(SessionContext& c, const Request& request) {
  auto it = request.params.find("username");
  const std::string username = it == request.params.end() ? "" : it->second;
  std::lock_guard lock(c.journal_mutex);
  auto found = c.journal.FindUserByUsername(username);
  if (!found.ok()) return StorageFailure();
  if (!found->has_value()) return ErrorResponse(404, "username", "no user has this username");
  return **found;
}

// GET /api/v1/admin/users[?unit=ID][&role=ROLE].
Response ListUsers(SessionContext& c, const Request& request) {
  auto query = ParseQuery(request.query, {"unit", "role"});
  if (auto* bad = std::get_if<Response>(&query)) return *bad;
  const auto& q = std::get<0>(query);
  std::optional<Role> role;
  if (auto it = q.find("role"); it != q.end()) {
    role = ParseRole(it->second);
    if (!role) return ErrorResponse(400, "role", "is not a role of the system");
  }
  const auto unit = q.find("unit");
  std::lock_guard lock(c.journal_mutex);
  if (unit != q.end()) {
    auto found = c.journal.FindUnit(unit->second);
    if (!found.ok()) return StorageFailure();
    if (!found->has_value()) return ErrorResponse(400, "unit", "no unit has this id");
  }
  auto users = c.journal.ListUsers();
  if (!users.ok()) return StorageFailure();
  json::array out;
  for (const UserListing& u : *users) {
    if (role && u.user.role != *role) continue;
    if (unit != q.end() && u.user.unit_id != unit->second) continue;
    out.push_back(UserJson(u));
  }
  return Json({{"users", std::move(out)}});
}

}  // namespace

void AddAdminRoutes(Router& router, SessionContext& context) {
  router.Add("GET", "/api/v1/admin/units", "Every unit (administrators)", [&context](const Request& request) {
    auto admin = Administrator(context, request, false);
    if (auto* answer = std::get_if<Response>(&admin)) return *answer;
    if (auto query = ParseQuery(request.query, {}); std::holds_alternative<Response>(query)) return std::get<Response>(query);
    std::lock_guard lock(context.journal_mutex);
    auto units = context.journal.ListUnits();
    if (!units.ok()) return StorageFailure();
    json::array out;
    for (const Unit& unit : *units) out.push_back(UnitJson(unit));
    return Json({{"units", std::move(out)}});
  });
  router.Add("GET", "/api/v1/admin/users", "Every user, by username, optionally of one unit or role (administrators)",
             [&context](const Request& request) {
               auto admin = Administrator(context, request, false);
               if (auto* answer = std::get_if<Response>(&admin)) return *answer;
               return ListUsers(context, request);
             });
  router.Add("POST", "/api/v1/admin/users/{username}/disable",
             "Disable a user and end their sessions at once (administrators)", [&context](const Request& request) {
               auto admin = Administrator(context, request);
               if (auto* answer = std::get_if<Response>(&admin)) return *answer;
               const Authenticated& who = std::get<Authenticated>(admin);
               auto target = TargetUser(context, request);
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const User& user = std::get<StoredUser>(target).user;
               if (user.id == who.user.id)
                 return ErrorResponse(409, "username", "an administrator cannot disable themselves");
               int64_t ended = 0;
               std::string detail = "user " + user.username + " (" + std::string(Name(user.role)) + ") in unit " + user.unit_id;
               if (auto refused = Commit(
                       context, who,
                       [&]() -> Status {
                         auto n = DisableUser(context.journal, user.id, context.now());
                         if (!n.ok()) return n.error();
                         ended = *n;
                         detail += "; " + std::to_string(ended) + " open sessions ended";
                         return Status::Ok();
                       },
                       "user_disable", detail))
                 return *refused;
               return Json({{"username", user.username}, {"disabled", true}, {"sessions_ended", ended}});
             });
  router.Add("POST", "/api/v1/admin/users/{username}/enable",
             "Enable a user and reset their failed logins (administrators)", [&context](const Request& request) {
               auto admin = Administrator(context, request);
               if (auto* answer = std::get_if<Response>(&admin)) return *answer;
               auto target = TargetUser(context, request);
               if (auto* answer = std::get_if<Response>(&target)) return *answer;
               const User& user = std::get<StoredUser>(target).user;
               if (auto refused = Commit(context, std::get<Authenticated>(admin),
                                         [&] { return EnableUser(context.journal, user.id); }, "user_enable",
                                         "user " + user.username + " (" + std::string(Name(user.role)) + ") in unit " +
                                             user.unit_id + "; failed logins reset"))
                 return *refused;
               return Json({{"username", user.username}, {"disabled", false}, {"failed_logins", 0}});
             });
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
