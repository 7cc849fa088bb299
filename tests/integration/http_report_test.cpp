// The follow-up over HTTP (DOMAIN.md §3, §9): the EB unit sees its own municipality in full,
// the förbund analyst its municipalities with small cells suppressed, nobody else anything.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/import.hpp"
#include "codec/report_format.hpp"
#include "demo_server.hpp"
#include "http/report_routes.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

constexpr int64_t kNow = 1'780'272'000;  // 2026-06-01.

// Halmstad: six persons registered, two of them granted SE (so: cohort 6, se_granted 2).
std::string Journal() {
  std::string lines;
  const char* persons[] = {"198503129804", "199001019828", "198001019804", "197505059803", "197007079804", "198202029800"};
  for (int i = 0; i < 6; ++i) {
    const std::string p = persons[i];
    lines += R"({"type":"eb_period_started","person":")" + p + R"(","date":"2024-01-10","municipality":"1380"})" "\n";
    lines += R"({"type":"target_group_identified","person":")" + p + R"(","date":"2024-02-01","municipality":"1380","source":"caseworker"})" "\n";
    if (i < 2)
      lines += R"({"type":"benefit_decided","person":")" + p + R"(","date":"2025-03-01","benefit":"sjukersattning","outcome":"granted"})" "\n";
  }
  return lines;
}

class HttpReportTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) { AddReportRoutes(router, sessions); });
    auto imported = ImportJsonLines(*journal_, Journal(), Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].line << ": " << imported.errors[0].error.ToString();
  }
  testing::HttpReply Get(const std::string& username, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", LogIn(username).cookie}});
  }
};

TEST_F(HttpReportTest, TheOwnerSeesItsMunicipalityInFull) {
  auto r = Get("eb.chef", "/api/v1/report?as_of=2026-06-01");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value body = json::parse(r.body);
  const auto& halmstad = body.at("municipalities").at("1380");
  EXPECT_EQ(halmstad.at("cohort").as_int64(), 6);
  EXPECT_EQ(halmstad.at("snapshot").at("se_granted").as_int64(), 2);
  EXPECT_EQ(body.at("municipalities").as_object().size(), 1u);  // Only its own.
  EXPECT_FALSE(body.as_object().contains("suppression_threshold"));
  // The same as the command line's report.
  auto report = BuildFollowUp(*journal_, Date(2026, 6, 1), {"1380"});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(r.body, FollowUpJson(*report));
}

TEST_F(HttpReportTest, TheAnalystSeesSmallCellsSuppressed) {
  auto r = Get("forbund.analys", "/api/v1/report?as_of=2026-06-01&municipalities=1380,1381");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value body = json::parse(r.body);
  EXPECT_EQ(body.at("suppression_threshold").as_int64(), 5);
  const auto& halmstad = body.at("municipalities").at("1380");
  EXPECT_EQ(halmstad.at("cohort").as_int64(), 6);                       // 6 ≥ 5: shown.
  EXPECT_TRUE(halmstad.at("snapshot").at("se_granted").is_null());     // 2: suppressed.
  EXPECT_TRUE(halmstad.at("se_or_ae_granted_share").is_null());        // 2 / 6 would reveal it.
  EXPECT_EQ(halmstad.at("snapshot").at("ae_granted").as_int64(), 0);   // Zero is not small.
  EXPECT_EQ(body.at("municipalities").at("1381").at("cohort").as_int64(), 0);
  // A municipality named twice is one municipality, not a refusal.
  EXPECT_EQ(Get("forbund.analys", "/api/v1/report?municipalities=1380,1380").status, 200);
}

TEST_F(HttpReportTest, OthersSeeNoAggregates) {
  EXPECT_EQ(Get("fk.handlaggare", "/api/v1/report").status, 403);
  EXPECT_EQ(Get("admin", "/api/v1/report").status, 403);
  auto other = Get("eb.handlaggare", "/api/v1/report?municipalities=1380,1381");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(json::parse(other.body).at("error").at("field").as_string(), "municipalities");
  EXPECT_EQ(Get("forbund.analys", "/api/v1/report?municipalities=0180").status, 403);
  auto bad = Get("eb.chef", "/api/v1/report?as_of=2026-13-01");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "as_of");
}

}  // namespace
}  // namespace rattvag::http
