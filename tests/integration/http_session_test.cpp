// Login over HTTP (issue 3): cookies with the right attributes, wrong passwords, lockout with
// Retry-After, session expiry by a controlled clock, CSRF on logout, a foreign Origin refused,
// logout that really ends the session, and an audit entry for each.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <atomic>

#include "http/server.hpp"
#include "http/session_routes.hpp"
#include "security/password.hpp"
#include "http_client.hpp"
#include "test_support.hpp"

namespace rattvag::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

constexpr const char* kPassword = "ett långt lösenord";

using Reply = testing::HttpReply;

class HttpSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = OpenSqliteJournal(dir_.File("sessions.db"));
    ASSERT_TRUE(j.ok());
    journal_ = std::move(j).value();
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    ASSERT_TRUE(journal_->AddUnit({"eb-halmstad", "EB Halmstad", "eb", "1380", {}}).ok());
    auto hash = HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(journal_->AddUser({"u-anna", "anna.eb", "Anna EB", Role::kSocialsekreterare, "eb-halmstad"}, *hash).ok());
    ASSERT_TRUE(work.Commit().ok());

    context_ = std::make_unique<SessionContext>(SessionContext{*journal_, mutex_, [this] { return now_.load(); }, LoginPolicy{}});
    AddSessionRoutes(router_, *context_);
    port_ = testing::StartLoopbackServer(server_, router_, metrics_);
    ASSERT_NE(port_, 0);
  }
  void TearDown() override { server_->Stop(); }

  Reply Send(bhttp::verb verb, const std::string& body = "", const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return testing::HttpSend(port_, verb, "/api/v1/session", body, headers);
  }

  Reply LogIn(const std::string& password = kPassword, const std::string& username = "anna.eb") {
    return Send(bhttp::verb::post, json::serialize(json::object{{"username", username}, {"password", password}}));
  }

  // The cookie pair "name=token" from a Set-Cookie header.
  static std::string CookieOf(const Reply& r) {
    const std::string& set = r.headers.at("Set-Cookie");
    return set.substr(0, set.find(';'));
  }

  int64_t AuditCount(const std::string& where) {
    return testing::QueryInt(dir_.File("sessions.db"), "SELECT count(*) FROM audit_log WHERE " + where);
  }

  testing::TempDir dir_;
  std::unique_ptr<Journal> journal_;
  std::mutex mutex_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::unique_ptr<SessionContext> context_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(HttpSessionTest, LoginSetsAHostOnlyHttpOnlyStrictCookieAndTellsWhoIsLoggedIn) {
  Reply login = LogIn();
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string& cookie = login.headers["Set-Cookie"];
  EXPECT_EQ(cookie.rfind("__Host-rattvag_session=", 0), 0u) << cookie;
  for (const char* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"})
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);
  const json::value body = json::parse(login.body);
  EXPECT_EQ(body.at("user").at("username").as_string(), "anna.eb");
  EXPECT_EQ(body.at("user").at("role").as_string(), "socialsekreterare");
  EXPECT_EQ(body.at("user").at("unit").at("municipality").as_string(), "1380");
  EXPECT_EQ(login.headers["Cache-Control"], "no-store");

  Reply me = Send(bhttp::verb::get, "", {{"Cookie", "other=1; " + CookieOf(login)}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body).at("csrf_token"), body.at("csrf_token"));
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'allowed' AND user_id = 'u-anna'"), 1);
  // Only the token's hash is stored.
  const std::string token = CookieOf(login).substr(CookieOf(login).find('=') + 1);
  EXPECT_EQ(testing::DumpDatabase(dir_.File("sessions.db")).find(token), std::string::npos);
}

TEST_F(HttpSessionTest, WrongPasswordsAndUnknownUsersAnswerAlike) {
  Reply wrong = LogIn("fel lösenord helt och hållet");
  Reply unknown = LogIn(kPassword, "nobody");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(wrong.headers.count("Set-Cookie"), 0u);
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'denied'"), 2);
}

TEST_F(HttpSessionTest, FiveFailuresLockTheAccountWithRetryAfterThenItOpensAgain) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LogIn("fel lösenord helt och hållet").status, 401) << i;
  Reply locked = LogIn();  // Even the right password waits.
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.headers["Retry-After"], "60");
  now_ += 59;
  EXPECT_EQ(LogIn().status, 429);
  now_ += 1;
  EXPECT_EQ(LogIn().status, 200);  // And the count starts over.
  EXPECT_EQ(LogIn("fel lösenord helt och hållet").status, 401);
}

TEST_F(HttpSessionTest, BadLoginBodiesNameTheField) {
  struct Case {
    std::string body, content_type;
    int status;
    std::string field;
  };
  const Case cases[] = {
      {R"({"username":"anna.eb"})", "application/json", 400, "password"},
      {R"({"username":"anna.eb","password":"x","admin":true})", "application/json", 400, "admin"},
      {R"({"username":1,"password":"x"})", "application/json", 400, "username"},
      {R"([1,2])", "application/json", 400, "body"},
      {R"({"username":"anna.eb",)", "application/json", 400, "body"},
      {R"({"username":"anna.eb","password":"x"})", "text/plain", 415, "content-type"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    Reply r = Send(bhttp::verb::post, c.body, {{"Content-Type", c.content_type}});
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), c.field);
  }
}

TEST_F(HttpSessionTest, SessionsEndWhenIdleOrTooOld) {
  const std::string cookie = CookieOf(LogIn());
  now_ += 19 * 60;
  EXPECT_EQ(Send(bhttp::verb::get, "", {{"Cookie", cookie}}).status, 200);  // Used: idle time restarts.
  now_ += 19 * 60;
  EXPECT_EQ(Send(bhttp::verb::get, "", {{"Cookie", cookie}}).status, 200);
  now_ += 20 * 60;
  EXPECT_EQ(Send(bhttp::verb::get, "", {{"Cookie", cookie}}).status, 401);  // Idle for 20 minutes.
  now_ -= 20 * 60;
  EXPECT_EQ(Send(bhttp::verb::get, "", {{"Cookie", cookie}}).status, 401);  // Ended stays ended.

  const std::string busy = CookieOf(LogIn());
  for (int i = 0; i < 34; ++i) {  // Used every 18 minutes for 10 hours and 12 minutes.
    now_ += 18 * 60;
    const int status = Send(bhttp::verb::get, "", {{"Cookie", busy}}).status;
    EXPECT_EQ(status, (i + 1) * 18 < 600 ? 200 : 401) << i;
  }
}

TEST_F(HttpSessionTest, LogoutNeedsTheCsrfTokenAndReallyEndsTheSession) {
  Reply login = LogIn();
  const std::string cookie = CookieOf(login);
  const std::string csrf = std::string(json::parse(login.body).at("csrf_token").as_string());
  EXPECT_EQ(Send(bhttp::verb::delete_, "", {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(Send(bhttp::verb::delete_, "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "x"}}).status, 403);
  EXPECT_EQ(Send(bhttp::verb::delete_, "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", "https://evil.example"}}).status,
            403);
  EXPECT_EQ(Send(bhttp::verb::get, "", {{"Cookie", cookie}}).status, 200);  // Still logged in.
  Reply out = Send(bhttp::verb::delete_, "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.headers["Set-Cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Send(bhttp::verb::get, "", {{"Cookie", cookie}}).status, 401);  // The old cookie is dead.
  EXPECT_EQ(AuditCount("action = 'logout' AND user_id = 'u-anna'"), 1);
}

TEST_F(HttpSessionTest, ALoginFromAnotherSiteIsRefused) {
  Reply r = Send(bhttp::verb::post, json::serialize(json::object{{"username", "anna.eb"}, {"password", kPassword}}),
                 {{"Origin", "https://evil.example"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.headers.count("Set-Cookie"), 0u);
  Reply same = Send(bhttp::verb::post, json::serialize(json::object{{"username", "anna.eb"}, {"password", kPassword}}),
                    {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}});
  EXPECT_EQ(same.status, 200);
}

}  // namespace
}  // namespace rattvag::http
