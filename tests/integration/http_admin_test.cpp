// Administration over HTTP (issue 3 item 2): administrators add, list, disable and enable units
// and users (who can then log in, or not); nobody else can; errors name the field; every change
// is in the audit log.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "demo_server.hpp"
#include "http/admin_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

class HttpAdminTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(1'780'272'000, [](Router& router, SessionContext& sessions) { AddAdminRoutes(router, sessions); });
  }
  testing::HttpReply Post(const Login& who, const std::string& target, const json::object& body) {
    return testing::HttpSend(port_, bhttp::verb::post, target, json::serialize(body),
                             {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  // A read: the session cookie only, no CSRF token.
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
  testing::HttpReply PasswordLogin(const std::string& username, const std::string& password) {
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/session",
                             json::serialize(json::object{{"username", username}, {"password", password}}));
  }
  // The listed users' usernames, in the order answered.
  static std::vector<std::string> Usernames(const testing::HttpReply& reply) {
    std::vector<std::string> out;
    const json::value body = json::parse(reply.body);
    for (const auto& u : body.at("users").as_array()) out.emplace_back(u.at("username").as_string());
    return out;
  }
  // Every user the fixture stored (demo accounts, fk.annan, eb.laholm) that `keep` accepts, by username.
  static std::vector<std::string> Expected(const std::function<bool(const User&)>& keep) {
    std::vector<User> all = MakeDemoAccounts(6).users;
    all.push_back({"u-fk-other", "fk.annan", "FK Other", Role::kPersonligHandlaggareFk, "fk-other"});
    all.push_back({"u-eb-laholm", "eb.laholm", "EB Laholm", Role::kSocialsekreterare, "eb-1381"});
    std::vector<std::string> out;
    for (const User& u : all)
      if (keep(u)) out.push_back(u.username);
    std::sort(out.begin(), out.end());
    return out;
  }
  static const json::value* FindUser(const json::value& list, const std::string& username) {
    for (const auto& u : list.at("users").as_array())
      if (u.at("username").as_string() == username) return &u;
    return nullptr;
  }
};

TEST_F(HttpAdminTest, AnAdministratorAddsAUnitAndAUserWhoCanThenLogIn) {
  const Login admin = LogIn("admin");
  auto unit = Post(admin, "/api/v1/admin/units",
                   {{"id", "eb-kungsbacka"}, {"name", "EB Kungsbacka"}, {"kind", "eb"}, {"municipality", "1384"}});
  ASSERT_EQ(unit.status, 201) << unit.body;
  auto user = Post(admin, "/api/v1/admin/users",
                   {{"username", "kim.eb"}, {"display_name", "Kim EB"}, {"role", "socialsekreterare"},
                    {"unit", "eb-kungsbacka"}, {"password", "ett nytt långt lösenord"}});
  ASSERT_EQ(user.status, 201) << user.body;
  auto login = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/session",
                                 json::serialize(json::object{{"username", "kim.eb"}, {"password", "ett nytt långt lösenord"}}));
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(json::parse(login.body).at("user").at("unit").at("municipality").as_string(), "1384");
  EXPECT_EQ(AuditCount("action IN ('unit_add', 'user_add') AND user_id = 'u-demo-admin'"), 2);
}

TEST_F(HttpAdminTest, OnlyAdministratorsAndWithFieldsNamed) {
  for (const char* username : {"eb.chef", "fk.handlaggare", "forbund.analys"}) {
    SCOPED_TRACE(username);
    EXPECT_EQ(Post(LogIn(username), "/api/v1/admin/units", {{"id", "x"}, {"name", "X"}, {"kind", "admin"}}).status, 403);
  }
  const Login admin = LogIn("admin");
  struct Case {
    std::string target;
    json::object body;
    int status;
    std::string field;
  };
  const Case cases[] = {
      {"/api/v1/admin/units", {{"id", "fk-x"}, {"name", "FK"}, {"kind", "fk"}}, 400, "area"},
      {"/api/v1/admin/units", {{"id", "eb-1380"}, {"name", "Again"}, {"kind", "eb"}, {"municipality", "1380"}}, 409, "id"},
      {"/api/v1/admin/units", {{"id", "u"}, {"name", "U"}, {"kind", "admin"}, {"secret", "x"}}, 400, "secret"},
      {"/api/v1/admin/users", {{"username", "eb.handlaggare"}, {"display_name", "Dup"}, {"role", "enhetschef"}, {"unit", "eb-1380"}}, 409, "username"},
      {"/api/v1/admin/users", {{"username", "new.one"}, {"display_name", "N"}, {"role", "rehabsamordnare"}, {"unit", "eb-1380"}}, 400, "role"},
      {"/api/v1/admin/users", {{"username", "new.two"}, {"display_name", "N"}, {"role", "chef"}, {"unit", "eb-1380"}}, 400, "role"},
      {"/api/v1/admin/users", {{"username", "new.three"}, {"display_name", "N"}, {"role", "enhetschef"}, {"unit", "eb-1380"}, {"password", "kort"}}, 400, "password"},
      {"/api/v1/admin/users", {{"username", "new.four"}, {"display_name", "N"}, {"role", "enhetschef"}, {"unit", "nowhere"}}, 400, "unit"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(json::serialize(c.body));
    auto r = Post(admin, c.target, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), c.field);
  }
  EXPECT_EQ(AuditCount("action IN ('unit_add', 'user_add') AND user_id = 'u-demo-admin'"), 0);
}

TEST_F(HttpAdminTest, UnitsAreListedByIdWithTheirAreas) {
  auto r = Get(LogIn("admin"), "/api/v1/admin/units");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value body = json::parse(r.body);
  const json::array& units = body.at("units").as_array();
  std::vector<std::string> ids;
  for (const auto& u : units) ids.emplace_back(u.at("id").as_string());
  std::vector<std::string> expected = {"fk-other"};
  for (const Unit& u : MakeDemoAccounts(6).units) expected.push_back(u.id);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  for (const auto& u : units) {
    if (u.at("id").as_string() == "eb-1380") {
      EXPECT_EQ(u.at("kind").as_string(), "eb");
      EXPECT_EQ(u.at("municipality").as_string(), "1380");
      EXPECT_TRUE(u.at("area").as_array().empty());
    }
    if (u.at("id").as_string() == "fk-other") {
      EXPECT_EQ(u.at("municipality").as_string(), "");
      EXPECT_EQ(json::serialize(u.at("area")), R"(["0180"])");
    }
  }
  auto bad = Get(LogIn("admin"), "/api/v1/admin/units?kind=eb");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "kind");
}

TEST_F(HttpAdminTest, UsersAreListedByUsernameWithoutPasswordHashes) {
  ASSERT_EQ(PasswordLogin("eb.chef", "not the password at all").status, 401);  // One failed login.
  auto r = Get(LogIn("admin"), "/api/v1/admin/users");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Usernames(r), Expected([](const User&) { return true; }));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);
  EXPECT_EQ(r.body.find("password_hash"), std::string::npos);
  const json::value list = json::parse(r.body);
  const json::value* eva = FindUser(list, "eb.handlaggare");
  ASSERT_NE(eva, nullptr);
  EXPECT_EQ(eva->at("id").as_string(), "u-demo-eb");
  EXPECT_EQ(eva->at("display_name").as_string(), "Eva Bergström (demo)");
  EXPECT_EQ(eva->at("role").as_string(), "socialsekreterare");
  EXPECT_EQ(eva->at("unit").as_string(), "eb-1380");
  EXPECT_FALSE(eva->at("disabled").as_bool());
  EXPECT_EQ(eva->at("failed_logins").as_int64(), 0);
  EXPECT_TRUE(eva->at("has_password").as_bool());
  EXPECT_EQ(FindUser(list, "eb.chef")->at("failed_logins").as_int64(), 1);
  // A user added without a password says so.
  const Login admin = LogIn("admin");
  ASSERT_EQ(Post(admin, "/api/v1/admin/users",
                 {{"username", "utan.losen"}, {"display_name", "Utan Lösen"}, {"role", "enhetschef"}, {"unit", "eb-1380"}})
                .status,
            201);
  const json::value after = json::parse(Get(admin, "/api/v1/admin/users").body);
  ASSERT_NE(FindUser(after, "utan.losen"), nullptr);
  EXPECT_FALSE(FindUser(after, "utan.losen")->at("has_password").as_bool());
}

TEST_F(HttpAdminTest, UsersAreFilteredByUnitAndRole) {
  const Login admin = LogIn("admin");
  struct Case {
    std::string query;
    std::function<bool(const User&)> keep;
  };
  const Case cases[] = {
      {"unit=eb-1380", [](const User& u) { return u.unit_id == "eb-1380"; }},
      {"role=socialsekreterare", [](const User& u) { return u.role == Role::kSocialsekreterare; }},
      {"unit=eb-1381&role=socialsekreterare",
       [](const User& u) { return u.unit_id == "eb-1381" && u.role == Role::kSocialsekreterare; }},
      {"unit=fk-demo&role=socialsekreterare", [](const User&) { return false; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    auto r = Get(admin, "/api/v1/admin/users?" + c.query);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Usernames(r), Expected(c.keep));
  }
  EXPECT_EQ(Usernames(Get(admin, "/api/v1/admin/users?role=socialsekreterare")),
            (std::vector<std::string>{"eb.handlaggare", "eb.laholm"}));  // By hand, from the fixture.
  const std::pair<std::string, std::string> bad[] = {
      {"role=chef", "role"},          {"role=", "role"},          {"unit=nowhere", "unit"},
      {"unit=eb%201380", "unit"},     {"colour=red", "colour"},   {"unit=eb-1380&unit=eb-1381", "unit"},
  };
  for (const auto& [query, field] : bad) {
    SCOPED_TRACE(query);
    auto r = Get(admin, "/api/v1/admin/users?" + query);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), field);
  }
}

TEST_F(HttpAdminTest, DisablingEndsTheUsersSessionsAtOnceAndEnablingLetsThemBackIn) {
  const Login admin = LogIn("admin");
  const Login eva = LogIn("eb.handlaggare");
  const Login eva_elsewhere = LogIn("eb.handlaggare");  // A second open session.
  ASSERT_EQ(Get(eva, "/api/v1/session").status, 200);
  auto disabled = Post(admin, "/api/v1/admin/users/eb.handlaggare/disable", {});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(json::parse(disabled.body).at("disabled").as_bool());
  EXPECT_EQ(json::parse(disabled.body).at("sessions_ended").as_int64(), 2);
  // No clock moves: the very next request of either session is refused.
  EXPECT_EQ(Get(eva, "/api/v1/session").status, 401);
  EXPECT_EQ(Get(eva_elsewhere, "/api/v1/session").status, 401);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM sessions WHERE user_id = 'u-demo-eb' AND ended_at IS NULL"), 0);
  EXPECT_EQ(PasswordLogin("eb.handlaggare", kDemoPassword).status, 401);
  EXPECT_TRUE(FindUser(json::parse(Get(admin, "/api/v1/admin/users").body), "eb.handlaggare")->at("disabled").as_bool());
  EXPECT_EQ(AuditCount("action = 'user_disable' AND user_id = 'u-demo-admin' AND detail LIKE 'user eb.handlaggare %'"), 1);
  // Other users keep their sessions.
  EXPECT_EQ(Get(admin, "/api/v1/session").status, 200);

  // Five wrong passwords lock the account as well; enabling resets the count.
  for (int i = 0; i < 5; ++i) ASSERT_EQ(PasswordLogin("eb.handlaggare", "fel lösenord " + std::to_string(i)).status, 401);
  EXPECT_EQ(FindUser(json::parse(Get(admin, "/api/v1/admin/users").body), "eb.handlaggare")->at("failed_logins").as_int64(), 5);
  auto enabled = Post(admin, "/api/v1/admin/users/eb.handlaggare/enable", {});
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_FALSE(json::parse(enabled.body).at("disabled").as_bool());
  const json::value listed = json::parse(Get(admin, "/api/v1/admin/users").body);
  const json::value* after = FindUser(listed, "eb.handlaggare");
  ASSERT_NE(after, nullptr);
  EXPECT_FALSE(after->at("disabled").as_bool());
  EXPECT_EQ(after->at("failed_logins").as_int64(), 0);
  EXPECT_EQ(PasswordLogin("eb.handlaggare", kDemoPassword).status, 200);
  EXPECT_EQ(Get(eva, "/api/v1/session").status, 401);  // An ended session stays ended.
  EXPECT_EQ(AuditCount("action = 'user_enable' AND user_id = 'u-demo-admin' AND detail LIKE 'user eb.handlaggare %'"), 1);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpAdminTest, AnAdministratorCannotDisableThemselvesNorAnUnknownUser) {
  const Login admin = LogIn("admin");
  auto self = Post(admin, "/api/v1/admin/users/admin/disable", {});
  EXPECT_EQ(self.status, 409) << self.body;
  EXPECT_EQ(json::parse(self.body).at("error").at("field").as_string(), "username");
  EXPECT_EQ(Get(admin, "/api/v1/session").status, 200);
  for (const char* action : {"disable", "enable"}) {
    auto unknown = Post(admin, std::string("/api/v1/admin/users/nobody.here/") + action, {});
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(json::parse(unknown.body).at("error").at("field").as_string(), "username");
  }
  // A state change without the CSRF token is refused and changes nothing.
  auto forged = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/admin/users/eb.handlaggare/disable", "",
                                  {{"Cookie", admin.cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(json::parse(forged.body).at("error").at("field").as_string(), "x-csrf-token");
  EXPECT_EQ(PasswordLogin("eb.handlaggare", kDemoPassword).status, 200);
  EXPECT_EQ(AuditCount("action IN ('user_disable', 'user_enable')"), 0);
}

TEST_F(HttpAdminTest, EveryAdminRouteIsForAdministratorsOnly) {
  std::vector<Route> admin_routes;
  for (const Route& route : router_.Routes())
    if (route.path.rfind("/api/v1/admin/", 0) == 0) admin_routes.push_back(route);
  ASSERT_EQ(admin_routes.size(), 6u);
  const auto target = [](std::string path) {
    const std::string param = "{username}";
    if (auto at = path.find(param); at != std::string::npos) path.replace(at, param.size(), "eb.handlaggare");
    return path;
  };
  int checked = 0;
  for (const User& user : MakeDemoAccounts(6).users) {
    if (user.role == Role::kAdministrator) continue;
    const Login who = LogIn(user.username);
    for (const Route& route : admin_routes) {
      SCOPED_TRACE(user.username + " " + route.method + " " + route.path);
      auto r = testing::HttpSend(port_, route.method == "GET" ? bhttp::verb::get : bhttp::verb::post, target(route.path),
                                 route.method == "GET" ? "" : "{}", {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
      EXPECT_EQ(r.status, 403) << r.body;
      EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), "role");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 9 * 6);
  for (const Route& route : admin_routes) {  // Nobody logged in: 401.
    auto r = testing::HttpSend(port_, route.method == "GET" ? bhttp::verb::get : bhttp::verb::post, target(route.path),
                               route.method == "GET" ? "" : "{}");
    EXPECT_EQ(r.status, 401) << route.method << " " << route.path;
  }
  EXPECT_EQ(PasswordLogin("eb.handlaggare", kDemoPassword).status, 200);  // Nothing was disabled.
}

}  // namespace
}  // namespace rattvag::http
