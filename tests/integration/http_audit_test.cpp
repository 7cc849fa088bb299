// The access review (loggkontroll) over HTTP and on the command line: real requests by several
// users first, then the manager's review must count exactly those, show the disclosure under
// consent and the refusals, flag the evening access, leave out another municipality's persons,
// never carry a personnummer, and be logged itself. Only the EB unit's manager may read it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "http/audit_routes.hpp"
#include "http/person_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kMonday = 1'780'272'000;  // 2026-06-01 00:00 UTC, a Monday.
constexpr int64_t kHour = 3600;

// Halmstad: A with a consent to FK (C1), B without; Laholm: C.
constexpr const char* kA = "198503129804";
constexpr const char* kB = "199001019828";
constexpr const char* kC = "198001019804";

std::string JournalLines() {
  std::string out;
  for (const auto& [pnr, municipality] : {std::pair{kA, "1380"}, std::pair{kB, "1380"}, std::pair{kC, "1381"}}) {
    const std::string head = std::string(R"({"person":")") + pnr + "\",";
    out += head + R"("type":"eb_period_started","date":"2025-01-05","municipality":")" + municipality + "\"}\n";
    out += head + R"("type":"target_group_identified","date":"2025-01-06","municipality":")" + municipality +
           R"(","source":"caseworker"})" "\n";
  }
  out += std::string(R"({"person":")") + kA +
         R"(","type":"consent_given","date":"2026-01-10","consent_id":"C1","parties":["fk"],"purpose":"samordning"})" "\n";
  return out;
}

class HttpAuditTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kMonday + 8 * kHour, [](Router& router, SessionContext& sessions) {
      AddPersonRoutes(router, sessions);
      AddAuditRoutes(router, sessions);
    });
    auto imported = ImportJsonLines(*journal_, JournalLines(), Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
    for (const char* p : {kA, kB, kC}) ids_[p] = (*journal_->LoadPerson(p))->public_id;
  }
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
  std::map<std::string, std::string> ids_;
};

const json::value* UserOf(const json::value& review, std::string_view id) {
  for (const auto& u : review.at("users").as_array())
    if (u.at("user").as_string() == id) return &u;
  return nullptr;
}

TEST_F(HttpAuditTest, TheReviewCountsWhatTheUsersDid) {
  // 10:00 Swedish time on Monday 1 June 2026.
  const Login eva = LogIn("eb.handlaggare"), fatima = LogIn("fk.handlaggare"), laholm = LogIn("eb.laholm");
  const Login chef = LogIn("eb.chef");
  EXPECT_EQ(Get(eva, "/api/v1/persons/" + ids_[kA]).status, 200);
  EXPECT_EQ(Get(eva, "/api/v1/persons/" + ids_[kA]).status, 200);
  EXPECT_EQ(Get(eva, "/api/v1/persons/" + ids_[kB] + "/consents").status, 200);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/search",
                              json::serialize(json::object{{"personnummer", kB}}),
                              {{"Cookie", eva.cookie}, {"X-CSRF-Token", eva.csrf}})
                .status,
            200);
  EXPECT_EQ(Get(fatima, "/api/v1/persons/" + ids_[kA]).status, 200);  // Under consent C1.
  EXPECT_EQ(Get(fatima, "/api/v1/persons/" + ids_[kB]).status, 404);  // No consent: refused.
  EXPECT_EQ(Get(laholm, "/api/v1/persons/" + ids_[kA]).status, 404);  // Another municipality: refused.
  EXPECT_EQ(Get(laholm, "/api/v1/persons/" + ids_[kC]).status, 200);  // Laholm's own: not Halmstad's concern.
  // 22:00 Swedish time: Eva reads B once more (outside working hours). Sessions are re-made
  // (the idle limit has passed).
  now_ = kMonday + 20 * kHour;
  const Login evening = LogIn("eb.handlaggare");
  EXPECT_EQ(Get(evening, "/api/v1/persons/" + ids_[kB]).status, 200);
  const Login chef_evening = LogIn("eb.chef");

  auto r = Get(chef_evening, "/api/v1/audit/review?from=2026-06-01&to=2026-06-01");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value review = json::parse(r.body);
  EXPECT_EQ(review.at("municipality").as_string(), "1380");
  EXPECT_EQ(review.at("time_zone").as_string(), "Europe/Stockholm");
  // 5 by Eva, 2 by Fatima, 1 by Laholm's caseworker about Halmstad's persons.
  EXPECT_EQ(review.at("entries").as_int64(), 8);
  EXPECT_EQ(review.at("persons").as_int64(), 2);
  EXPECT_EQ(review.at("users").as_array().size(), 3u);

  const json::value* e = UserOf(review, "u-demo-eb");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->at("username").as_string(), "eb.handlaggare");
  EXPECT_EQ(e->at("accesses").as_int64(), 5);
  EXPECT_EQ(e->at("denied").as_int64(), 0);
  EXPECT_EQ(e->at("actions").at("read_person").as_int64(), 3);
  EXPECT_EQ(e->at("actions").at("read_consents").as_int64(), 1);
  EXPECT_EQ(e->at("actions").at("search_person").as_int64(), 1);
  EXPECT_EQ(e->at("grounds").at("ownership").as_int64(), 5);
  EXPECT_EQ(e->at("persons").as_array().size(), 2u);

  const json::value* f = UserOf(review, "u-demo-fk");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->at("accesses").as_int64(), 2);
  EXPECT_EQ(f->at("denied").as_int64(), 1);
  EXPECT_EQ(f->at("grounds").at("consent:C1").as_int64(), 1);
  EXPECT_EQ(f->at("grounds").at("none").as_int64(), 1);

  const json::value* l = UserOf(review, "u-eb-laholm");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->at("accesses").as_int64(), 1);  // Not its read of Laholm's own person.
  EXPECT_EQ(l->at("denied").as_int64(), 1);
  EXPECT_EQ(UserOf(review, "u-demo-chef"), nullptr);  // Logging in is no access to a person.

  const auto& disclosures = review.at("disclosures").as_array();
  ASSERT_EQ(disclosures.size(), 1u);
  EXPECT_EQ(disclosures[0].at("person_id").as_string(), ids_[kA]);
  EXPECT_EQ(disclosures[0].at("consent_id").as_string(), "C1");
  EXPECT_EQ(disclosures[0].at("party").as_string(), "fk");
  EXPECT_EQ(disclosures[0].at("accesses").as_int64(), 1);

  const auto& refusals = review.at("refusals").as_array();
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].at("user").as_string(), "u-demo-fk");
  EXPECT_EQ(refusals[0].at("person_id").as_string(), ids_[kB]);
  EXPECT_EQ(refusals[1].at("user").as_string(), "u-eb-laholm");
  EXPECT_EQ(refusals[1].at("person_id").as_string(), ids_[kA]);

  const auto& flags = review.at("flags").as_array();
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].at("kind").as_string(), "outside_working_hours");
  EXPECT_EQ(flags[0].at("user").as_string(), "u-demo-eb");
  EXPECT_EQ(flags[0].at("person_id").as_string(), ids_[kB]);

  // Persons by opaque id only; Laholm's person not at all.
  for (const char* p : {kA, kB, kC}) EXPECT_EQ(r.body.find(p), std::string::npos) << p;
  EXPECT_EQ(r.body.find(ids_[kC]), std::string::npos);
  // The reading is itself logged.
  EXPECT_EQ(AuditCount("action = 'read_access_review' AND user_id = 'u-demo-chef' AND outcome = 'allowed'"), 1);

  // Another day: nothing.
  auto empty = Get(chef_evening, "/api/v1/audit/review?from=2026-06-02&to=2026-06-30");
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(json::parse(empty.body).at("entries").as_int64(), 0);

  // The command line gives the same review and logs its reading too.
  auto cli = testing::RunRattvag("audit review --db " + path_ +
                                 " --municipality 1380 --from 2026-06-01 --to 2026-06-01 --unit eb-1380 --format json");
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  const json::value from_cli = json::parse(cli.out);
  EXPECT_EQ(from_cli.at("entries").as_int64(), 8);
  EXPECT_EQ(from_cli.at("users"), review.at("users"));
  EXPECT_EQ(from_cli.at("flags"), review.at("flags"));
  EXPECT_EQ(AuditCount("action = 'read_access_review' AND user_id = 'command-line'"), 1);
  auto text = testing::RunRattvag("audit review --db " + path_ + " --municipality 1380 --from 2026-06-01 --to 2026-06-01");
  ASSERT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("LOGGKONTROLL"), std::string::npos);
  EXPECT_NE(text.out.find("åtkomst utanför arbetstid"), std::string::npos);
  EXPECT_EQ(testing::RunRattvag("audit review --db " + path_ + " --municipality 1380 --from 2026-06-02 --to 2026-06-01").exit_code, 2);
  EXPECT_EQ(testing::RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(HttpAuditTest, OnlyTheManagerMayReadTheReview) {
  int checked = 0;
  for (const User& user : MakeDemoAccounts(6).users) {
    SCOPED_TRACE(user.username);
    const Login who = LogIn(user.username);
    auto r = Get(who, "/api/v1/audit/review?from=2026-06-01&to=2026-06-01");
    if (user.role == Role::kEnhetschef) {
      EXPECT_EQ(r.status, 200);
    } else {
      EXPECT_EQ(r.status, 403);
      EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), "role");
    }
    ++checked;
  }
  EXPECT_EQ(checked, kRoleCount);
  // Every attempt is logged, the refused ones as denied.
  EXPECT_EQ(AuditCount("action = 'read_access_review' AND outcome = 'denied'"), kRoleCount - 1);
  EXPECT_EQ(AuditCount("action = 'read_access_review' AND outcome = 'allowed'"), 1);
  EXPECT_EQ(testing::HttpSend(port_, bhttp::verb::get, "/api/v1/audit/review?from=2026-06-01&to=2026-06-01").status, 401);
}

TEST_F(HttpAuditTest, BadPeriodsAreRefusedByName) {
  const Login chef = LogIn("eb.chef");
  auto field = [&](const std::string& query) {
    auto r = Get(chef, "/api/v1/audit/review" + query);
    EXPECT_EQ(r.status, 400) << query;
    return std::string(json::parse(r.body).at("error").at("field").as_string());
  };
  EXPECT_EQ(field(""), "from");
  EXPECT_EQ(field("?from=2026-06-01"), "to");
  EXPECT_EQ(field("?from=2026-02-30&to=2026-06-01"), "from");
  EXPECT_EQ(field("?from=2026-06-02&to=2026-06-01"), "to");
  EXPECT_EQ(field("?from=2025-05-31&to=2026-06-01"), "to");  // 366 days after: one too many.
  EXPECT_EQ(field("?from=2026-06-01&to=2026-06-01&person=1"), "person");
  EXPECT_EQ(Get(chef, "/api/v1/audit/review?from=2025-06-01&to=2026-06-01").status, 200);  // 365 days.
}

}  // namespace
}  // namespace rattvag::http
