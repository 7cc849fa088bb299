// The follow-up over HTTP (DOMAIN.md §3, §9): the EB unit sees its own municipality in full,
// the förbund analyst its municipalities with small cells suppressed, nobody else anything.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>

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
// Laholm: ten persons registered, all granted SE (cohort 10, se_granted 10). All grants come one
// whole year after the EB start ("1-2" years on EB).
std::string Journal() {
  std::string lines;
  const char* laholm[] = {"196003049811", "196104059818", "196205069815", "196306079812", "196407089819",
                          "196508099816", "196609109811", "196710119816", "196811129813", "196912139810"};
  for (const std::string p : laholm) {
    lines += R"({"type":"eb_period_started","person":")" + p + R"(","date":"2024-01-10","municipality":"1381"})" "\n";
    lines += R"({"type":"target_group_identified","person":")" + p + R"(","date":"2024-02-01","municipality":"1381","source":"mapping"})" "\n";
    lines += R"({"type":"benefit_decided","person":")" + p + R"(","date":"2025-03-01","benefit":"sjukersattning","outcome":"granted"})" "\n";
  }
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

std::set<std::string> Pointers(const json::value& body) {
  std::set<std::string> out;
  for (const auto& p : body.at("suppressed").as_array()) out.insert(std::string(p.as_string()));
  return out;
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
  EXPECT_TRUE(halmstad.at("time_on_eb_at_decision").at("sjukersattning").at("1-2").is_null());  // The same 2.
  EXPECT_EQ(halmstad.at("snapshot").at("ae_granted").as_int64(), 0);   // Zero is not small.
  const auto& laholm = body.at("municipalities").at("1381");
  EXPECT_EQ(laholm.at("cohort").as_int64(), 10);
  // Complementary suppression: Laholm's 10 is not small, but with it and the total (12) shown,
  // Halmstad's 2 would be 12 − 10.
  EXPECT_TRUE(laholm.at("snapshot").at("se_granted").is_null());
  EXPECT_EQ(body.at("total").at("cohort").as_int64(), 16);
  const std::set<std::string> pointers = Pointers(body);
  EXPECT_TRUE(pointers.count("/municipalities/1380/snapshot/se_granted"));
  EXPECT_TRUE(pointers.count("/municipalities/1381/snapshot/se_granted"));
  EXPECT_FALSE(pointers.count("/municipalities/1380/cohort"));
  for (const auto& p : pointers) EXPECT_TRUE(body.at_pointer(p).is_null()) << p;
  // No hidden Halmstad figure is a published total minus the published rest.
  for (const char* field : {"se_granted", "se_pending", "ae_granted", "sp_granted"}) {
    const auto& h = halmstad.at("snapshot").at(field);
    const auto& l = laholm.at("snapshot").at(field);
    const auto& t = body.at("total").at("snapshot").at(field);
    if (h.is_null()) {
      EXPECT_TRUE(l.is_null() || t.is_null()) << field;
    }
  }
  // A municipality named twice is one municipality, not a refusal.
  EXPECT_EQ(Get("forbund.analys", "/api/v1/report?municipalities=1380,1380").status, 200);
}

TEST_F(HttpReportTest, CsvForTheOwnerInFull) {
  auto r = Get("eb.chef", "/api/v1/report?as_of=2026-06-01&format=csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.at("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers.at("Content-Disposition"), "attachment; filename=uppfoljning-2026-06-01.csv");
  auto report = BuildFollowUp(*journal_, Date(2026, 6, 1), {"1380"});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(r.body, FollowUpCsv(*report));
  // Header, Halmstad, total; the cohort column holds 6 and se_granted 2, in full.
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 3);
  EXPECT_EQ(r.body.find(".."), std::string::npos);
  const std::string halmstad = r.body.substr(r.body.find("\r\n1380,") + 2);
  EXPECT_EQ(halmstad.substr(0, halmstad.find("\r\n")).substr(0, 22), "1380,2026-06-01,6,2,0,");
}

TEST_F(HttpReportTest, CsvForTheAnalystWithTheSameSuppression) {
  auto r = Get("forbund.analys", "/api/v1/report?as_of=2026-06-01&municipalities=1380,1381&format=csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.at("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers.at("Content-Disposition"), "attachment; filename=uppfoljning-2026-06-01.csv");
  // The rows begin: municipality, as_of, cohort, se_granted — hidden as "..".
  EXPECT_NE(r.body.find("\r\n1380,2026-06-01,6,..,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\r\n1381,2026-06-01,10,..,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\r\ntotal,2026-06-01,16,"), std::string::npos) << r.body;
  // The JSON answer hides the same cells: as many ".." as pointers (every hidden value is one
  // CSV field, shares and medians included).
  const json::value body = json::parse(Get("forbund.analys", "/api/v1/report?as_of=2026-06-01&municipalities=1380,1381").body);
  size_t dots = 0;
  for (size_t at = r.body.find(",.."); at != std::string::npos; at = r.body.find(",..", at + 1)) ++dots;
  EXPECT_EQ(dots, Pointers(body).size());
  auto bad = Get("forbund.analys", "/api/v1/report?format=xml");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "format");
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
