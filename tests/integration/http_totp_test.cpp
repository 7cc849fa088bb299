// The TOTP second factor over HTTP (issue 3): enrolment and confirmation by the logged-in user
// (CSRF-protected, audited, the secret never in the audit log), then logins without a code,
// with a wrong one, with a used one, and with codes of the steps around now (the clock is the
// test's); wrong codes count for the lockout; a user without TOTP logs in as before. And the
// operator's `rattvag user totp` on the command line.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>

#include "app/login.hpp"
#include "app/totp.hpp"
#include "http/server.hpp"
#include "http/session_routes.hpp"
#include "http_client.hpp"
#include "security/password.hpp"
#include "security/totp.hpp"
#include "test_support.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr const char* kPassword = "ett långt lösenord";
constexpr const char* kWrongPassword = "fel lösenord helt och hållet";

using Reply = testing::HttpReply;

class HttpTotpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("totp.db");
    auto j = OpenSqliteJournal(path_);
    ASSERT_TRUE(j.ok());
    journal_ = std::move(j).value();
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    ASSERT_TRUE(journal_->AddUnit({"eb-halmstad", "EB Halmstad", "eb", "1380", {}}).ok());
    auto hash = HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(journal_->AddUser({"u-anna", "anna.eb", "Anna EB", Role::kSocialsekreterare, "eb-halmstad"}, *hash).ok());
    ASSERT_TRUE(journal_->AddUser({"u-bo", "bo.eb", "Bo EB", Role::kSocialsekreterare, "eb-halmstad"}, *hash).ok());
    ASSERT_TRUE(work.Commit().ok());
    context_ = std::make_unique<SessionContext>(SessionContext{*journal_, mutex_, [this] { return now_.load(); }, LoginPolicy{}});
    AddSessionRoutes(router_, *context_);
    port_ = testing::StartLoopbackServer(server_, router_, metrics_);
    ASSERT_NE(port_, 0);
  }
  void TearDown() override { server_->Stop(); }

  Reply Post(const std::string& target, const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return testing::HttpSend(port_, bhttp::verb::post, target, body, headers);
  }
  Reply LogIn(const std::string& password, const std::optional<std::string>& code, const std::string& username = "anna.eb") {
    json::object body{{"username", username}, {"password", password}};
    if (code) body["code"] = *code;
    return Post("/api/v1/session", json::serialize(body));
  }
  static std::string Field(const Reply& r) {
    return std::string(json::parse(r.body).at("error").at("field").as_string());
  }
  // The app's code at `at` for `secret`.
  static std::string Code(const std::string& secret, int64_t at) {
    auto code = TotpCode(secret, at);
    EXPECT_TRUE(code.ok());
    return code.ok() ? *code : "";
  }
  int64_t AuditCount(const std::string& where) { return testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE " + where); }

  // Logs anna in with her password, enrols and confirms; returns the secret.
  std::string Enrol() {
    const Reply login = LogIn(kPassword, std::nullopt);
    EXPECT_EQ(login.status, 200) << login.body;
    const std::string cookie = login.headers.at("Set-Cookie").substr(0, login.headers.at("Set-Cookie").find(';'));
    const std::string csrf(json::parse(login.body).at("csrf_token").as_string());
    const Reply started = Post("/api/v1/session/totp", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(started.status, 201) << started.body;
    const std::string secret(json::parse(started.body).at("secret").as_string());
    const Reply confirmed = Post("/api/v1/session/totp/confirm", json::serialize(json::object{{"code", Code(secret, now_)}}),
                                 {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(confirmed.status, 200) << confirmed.body;
    now_ += 30;  // The confirming code is used; the tests log in from the next step on.
    return secret;
  }

  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Journal> journal_;
  std::mutex mutex_;
  std::atomic<int64_t> now_{1'800'000'010};  // 10 s into a time step.
  std::unique_ptr<SessionContext> context_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(HttpTotpTest, EnrolmentNeedsTheCsrfTokenAndACodeOfTheNewSecretAndIsAudited) {
  const Reply login = LogIn(kPassword, std::nullopt);
  ASSERT_EQ(login.status, 200);
  EXPECT_FALSE(json::parse(login.body).at("user").at("totp").as_bool());
  const std::string cookie = login.headers.at("Set-Cookie").substr(0, login.headers.at("Set-Cookie").find(';'));
  const std::string csrf(json::parse(login.body).at("csrf_token").as_string());

  EXPECT_EQ(Post("/api/v1/session/totp", "").status, 401);                          // No session.
  EXPECT_EQ(Post("/api/v1/session/totp", "", {{"Cookie", cookie}}).status, 403);     // No CSRF token.
  EXPECT_EQ(Post("/api/v1/session/totp/confirm", R"({"code":"123456"})", {{"Cookie", cookie}}).status, 403);
  const Reply bad_body = Post("/api/v1/session/totp", R"({"secret":"mine"})", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(bad_body.status, 400);
  EXPECT_EQ(Field(bad_body), "secret");
  const Reply early = Post("/api/v1/session/totp/confirm", R"({"code":"123456"})", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(early.status, 409);  // Nothing to confirm yet.
  EXPECT_EQ(Field(early), "totp");

  const Reply started = Post("/api/v1/session/totp", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(started.status, 201) << started.body;
  const json::value enrolment = json::parse(started.body);
  const std::string secret(enrolment.at("secret").as_string());
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(enrolment.at("uri").as_string(), TotpUri("anna.eb", secret));
  EXPECT_EQ(enrolment.at("digits").as_int64(), 6);
  EXPECT_EQ(enrolment.at("period").as_int64(), 30);
  EXPECT_EQ(started.headers.at("Cache-Control"), "no-store");
  // Not on before it is confirmed: the password alone still logs in.
  EXPECT_EQ(LogIn(kPassword, std::nullopt).status, 200);

  for (const char* bad : {R"({"code":"12345"})", R"({"code":123456})", R"({})", R"({"code":"123456","x":1})"}) {
    SCOPED_TRACE(bad);
    const Reply r = Post("/api/v1/session/totp/confirm", bad, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(r.status, 400);
  }
  const std::string right = Code(secret, now_);
  const std::string wrong = right == "000000" ? "000001" : "000000";
  const Reply refused = Post("/api/v1/session/totp/confirm", json::serialize(json::object{{"code", wrong}}),
                             {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Field(refused), "code");
  const Reply confirmed = Post("/api/v1/session/totp/confirm", json::serialize(json::object{{"code", right}}),
                               {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const Reply me = testing::HttpSend(port_, bhttp::verb::get, "/api/v1/session", "", {{"Cookie", cookie}});
  EXPECT_TRUE(json::parse(me.body).at("user").at("totp").as_bool());
  // On: a new enrolment is refused (an operator turns it off first).
  const Reply again = Post("/api/v1/session/totp", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Field(again), "totp");

  EXPECT_EQ(AuditCount("action = 'totp_enrol' AND outcome = 'allowed' AND user_id = 'u-anna'"), 1);
  EXPECT_EQ(AuditCount("action = 'totp_confirm' AND outcome = 'denied' AND user_id = 'u-anna'"), 1);
  EXPECT_EQ(AuditCount("action = 'totp_confirm' AND outcome = 'allowed' AND user_id = 'u-anna'"), 1);
  EXPECT_EQ(testing::QueryText(path_, "SELECT totp_secret FROM users WHERE id = 'u-anna'"), secret);
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM audit_log WHERE detail LIKE '%" + secret + "%'"), 0);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpTotpTest, LoginNeedsTheRightCodeAndTellsNothingAboutThePasswordFirst) {
  const std::string secret = Enrol();
  const std::string code = Code(secret, now_);
  const std::string wrong = code == "000000" ? "000001" : "000000";

  // No code: the same 401 naming "code", whether the password is right or not.
  const Reply no_code = LogIn(kPassword, std::nullopt);
  const Reply no_code_wrong_password = LogIn(kWrongPassword, std::nullopt);
  EXPECT_EQ(no_code.status, 401);
  EXPECT_EQ(Field(no_code), "code");
  EXPECT_EQ(no_code.body, no_code_wrong_password.body);
  EXPECT_EQ(LogIn(kPassword, std::string()).body, no_code.body);  // An empty code is no code.
  // A wrong code, a wrong password with the right code, an unknown user: one failure.
  const Reply wrong_code = LogIn(kPassword, wrong);
  const Reply wrong_password = LogIn(kWrongPassword, code);
  const Reply unknown = LogIn(kPassword, code, "nobody");
  EXPECT_EQ(wrong_code.status, 401);
  EXPECT_EQ(Field(wrong_code), "credentials");
  EXPECT_EQ(wrong_password.body, wrong_code.body);
  EXPECT_EQ(unknown.body, wrong_code.body);
  const Reply malformed = LogIn(kPassword, std::string("12 345"));
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Field(malformed), "code");
  // The right password and code.
  const Reply ok = LogIn(kPassword, code);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(json::parse(ok.body).at("user").at("totp").as_bool());
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'allowed' AND detail = 'password and code'"), 1);
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'denied' AND detail = 'wrong code'"), 1);
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'denied' AND detail LIKE 'code needed%'"), 3);
}

TEST_F(HttpTotpTest, ACodeIsUsedOnce) {
  const std::string secret = Enrol();
  const std::string code = Code(secret, now_);
  ASSERT_EQ(LogIn(kPassword, code).status, 200);
  const Reply replay = LogIn(kPassword, code);
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(Field(replay), "credentials");
  now_ += 20;  // Still within the drift window of the used step: still refused.
  EXPECT_EQ(LogIn(kPassword, code).status, 401);
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'denied' AND detail = 'code already used'"), 2);
  EXPECT_EQ(LogIn(kPassword, Code(secret, now_ + 30)).status, 200);  // The next step's code is fresh.
}

TEST_F(HttpTotpTest, OneStepOfClockDriftIsAcceptedTwoAreNot) {
  const std::string secret = Enrol();
  now_ += 60;  // Steps now-2 and now-1 were not used by the enrolment: only the drift refuses.
  EXPECT_EQ(LogIn(kPassword, Code(secret, now_ - 60)).status, 401);
  EXPECT_EQ(LogIn(kPassword, Code(secret, now_ + 60)).status, 401);
  EXPECT_EQ(LogIn(kPassword, Code(secret, now_ - 30)).status, 200);  // The phone is 30 s behind.
  EXPECT_EQ(LogIn(kPassword, Code(secret, now_ + 30)).status, 200);  // The phone is 30 s ahead.
}

TEST_F(HttpTotpTest, WrongCodesCountForTheLockout) {
  const std::string secret = Enrol();
  const std::string code = Code(secret, now_);
  const std::string wrong = code == "000000" ? "000001" : "000000";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LogIn(kPassword, wrong).status, 401) << i;
  const Reply locked = LogIn(kPassword, code);  // Even the right password and code wait.
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.headers.at("Retry-After"), "60");
  now_ += 60;
  EXPECT_EQ(LogIn(kPassword, Code(secret, now_)).status, 200);
}

TEST_F(HttpTotpTest, WithoutTotpLoginIsAsBeforeAndTurningItOffRestoresThat) {
  // Bo has no TOTP: the password alone, and a code is ignored.
  EXPECT_EQ(LogIn(kPassword, std::nullopt, "bo.eb").status, 200);
  EXPECT_EQ(LogIn(kPassword, std::string("123456"), "bo.eb").status, 200);
  EXPECT_EQ(LogIn(kWrongPassword, std::nullopt, "bo.eb").status, 401);
  EXPECT_EQ(AuditCount("action = 'login' AND outcome = 'allowed' AND detail = 'password' AND user_id = 'u-bo'"), 2);
  // Anna's second factor turned off by an operator: the password alone again.
  Enrol();
  ASSERT_EQ(LogIn(kPassword, std::nullopt).status, 401);
  {
    std::lock_guard lock(mutex_);
    AuditEntry entry;
    entry.at = FormatUtcTimestamp(now_);
    entry.action = "user_totp";
    entry.ground = "administration";
    entry.outcome = "allowed";
    ASSERT_TRUE(TurnTotpOff(*journal_, "anna.eb", entry).ok());
  }
  EXPECT_EQ(LogIn(kPassword, std::nullopt).status, 200);
}

// The operator's enrolment on the command line: the printed secret's codes log in.
TEST(UserTotpCommand, TurnsTotpOnWithAPrintedSecretAndOff) {
  testing::TempDir dir;
  const std::string db = dir.File("cli.db");
  ASSERT_EQ(testing::RunRattvag("unit add --db " + db + " --id eb-halmstad --kind eb --name EB --municipality 1380").exit_code, 0);
  const std::string input = dir.File("password.txt");
  testing::WriteFile(input, std::string(kPassword) + "\n");
  ASSERT_EQ(testing::RunRattvag("user add --db " + db +
                                " --username anna.eb --name Anna --role socialsekreterare --unit eb-halmstad --password-stdin < " + input)
                .exit_code,
            0);
  const auto on = testing::RunRattvag("user totp --db " + db + " --username anna.eb");
  ASSERT_EQ(on.exit_code, 0) << on.out;
  const size_t at = on.out.find("secret: ");
  ASSERT_NE(at, std::string::npos) << on.out;
  const std::string secret = on.out.substr(at + 8, 32);
  EXPECT_NE(on.out.find("uri: otpauth://totp/"), std::string::npos);
  EXPECT_EQ(testing::QueryText(db, "SELECT totp_secret FROM users WHERE username = 'anna.eb'"), secret);
  EXPECT_EQ(testing::QueryInt(db, "SELECT count(*) FROM audit_log WHERE action = 'user_totp'"), 1);
  EXPECT_EQ(testing::QueryInt(db, "SELECT count(*) FROM audit_log WHERE detail LIKE '%" + secret + "%'"), 0);
  {
    auto journal = OpenSqliteJournal(db);
    ASSERT_TRUE(journal.ok());
    const int64_t now = 1'800'000'000;
    auto without = Login(**journal, "anna.eb", kPassword, now);
    ASSERT_TRUE(without.ok());
    EXPECT_EQ(without->kind, LoginResult::Kind::kCodeNeeded);
    auto with = Login(**journal, "anna.eb", kPassword, now, LoginPolicy{}, *TotpCode(secret, now));
    ASSERT_TRUE(with.ok());
    EXPECT_EQ(with->kind, LoginResult::Kind::kLoggedIn);
  }
  const auto off = testing::RunRattvag("user totp --db " + db + " --username anna.eb --off");
  ASSERT_EQ(off.exit_code, 0) << off.out;
  EXPECT_EQ(testing::QueryText(db, "SELECT totp_secret FROM users WHERE username = 'anna.eb'"), "");
  const auto unknown = testing::RunRattvag("user totp --db " + db + " --username nobody");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.out.find("username: "), std::string::npos) << unknown.out;
  const auto usage = testing::RunRattvag("user totp --db " + db);
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.out.find("--username"), std::string::npos) << usage.out;
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + db).exit_code, 0);
}

}  // namespace
}  // namespace rattvag::http
