// A fixture for the server's route tests: a journal in a temporary SQLite file with the demo
// units and users (and a few more), the given routes on a loopback server, a clock the test
// moves, and logging in as a demo user.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "app/demo.hpp"
#include "http/server.hpp"
#include "http/session_routes.hpp"
#include "http_client.hpp"
#include "security/password.hpp"
#include "test_support.hpp"

namespace rattvag::testing {

class DemoServerTest : public ::testing::Test {
 protected:
  struct Login {
    std::string cookie, csrf;
  };

  // Opens the journal, adds the demo accounts, an FK office and user of another förbund
  // (fk.annan) and an EB caseworker of Laholm (eb.laholm), then serves the session routes and
  // whatever `add_routes` adds.
  void Start(int64_t now, const std::function<void(http::Router&, http::SessionContext&)>& add_routes) {
    now_ = now;
    path_ = dir_.File("server.db");
    auto j = OpenSqliteJournal(path_);
    ASSERT_TRUE(j.ok());
    journal_ = std::move(j).value();
    const DemoAccounts demo = MakeDemoAccounts(6);
    auto hash = HashPassword(kDemoPassword);
    ASSERT_TRUE(hash.ok());
    UnitOfWork work(*journal_);
    ASSERT_TRUE(work.Begin().ok());
    for (const Unit& u : demo.units) ASSERT_TRUE(journal_->AddUnit(u).ok());
    for (const User& u : demo.users) ASSERT_TRUE(journal_->AddUser(u, *hash).ok());
    ASSERT_TRUE(journal_->AddUnit({"fk-other", "FK elsewhere", "fk", "", {"0180"}}).ok());
    ASSERT_TRUE(journal_->AddUser({"u-fk-other", "fk.annan", "FK Other", Role::kPersonligHandlaggareFk, "fk-other"}, *hash).ok());
    ASSERT_TRUE(journal_->AddUser({"u-eb-laholm", "eb.laholm", "EB Laholm", Role::kSocialsekreterare, "eb-1381"}, *hash).ok());
    ASSERT_TRUE(work.Commit().ok());
    context_ = std::make_unique<http::SessionContext>(
        http::SessionContext{*journal_, mutex_, [this] { return now_.load(); }, LoginPolicy{}, path_});
    http::AddSessionRoutes(router_, *context_);
    add_routes(router_, *context_);
    port_ = StartLoopbackServer(server_, router_, metrics_);
    ASSERT_NE(port_, 0);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  Login LogIn(const std::string& username) {
    namespace json = boost::json;
    auto r = HttpSend(port_, boost::beast::http::verb::post, "/api/v1/session",
                      json::serialize(json::object{{"username", username}, {"password", kDemoPassword}}));
    EXPECT_EQ(r.status, 200) << username << ": " << r.body;
    if (r.status != 200) return {};
    const std::string& set = r.headers.at("Set-Cookie");
    return {set.substr(0, set.find(';')), std::string(json::parse(r.body).at("csrf_token").as_string())};
  }

  int64_t AuditCount(const std::string& where) { return QueryInt(path_, "SELECT count(*) FROM audit_log WHERE " + where); }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Journal> journal_;
  std::mutex mutex_;
  std::atomic<int64_t> now_{0};
  std::unique_ptr<http::SessionContext> context_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
};

}  // namespace rattvag::testing
