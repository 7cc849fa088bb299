// Administration over HTTP (issue 3): administrators add units and users (who can then log
// in); nobody else can; errors name the field; every change is in the audit log.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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

}  // namespace
}  // namespace rattvag::http
