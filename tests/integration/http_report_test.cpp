// The follow-up over HTTP (DOMAIN.md §3, §9): the EB unit sees its own municipality in full,
// the förbund analyst its municipalities with small cells suppressed, nobody else anything.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
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

// The target group on EB per month. Hand-worked from Journal(): everyone's EB period starts
// 2024-01-10 and never ends; they join the group at registration, 2024-02-01. With 30 months
// ending 2026-06 the first month is 2024-01: opening 0, stock 0 in 2024-01, inflow all in
// 2024-02, then the stock stays.
TEST_F(HttpReportTest, OverTimeForTheOwnerInFull) {
  auto r = Get("eb.chef", "/api/v1/report/over-time?as_of=2026-06-01&months=30");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value body = json::parse(r.body);
  const auto& months = body.at("months").as_array();
  ASSERT_EQ(months.size(), 30u);
  EXPECT_EQ(months.front().as_string(), "2024-01");
  EXPECT_EQ(months.back().as_string(), "2026-06");
  EXPECT_EQ(body.at("municipalities").as_object().size(), 1u);
  const auto& halmstad = body.at("municipalities").at("1380");
  EXPECT_EQ(halmstad.at("opening").as_int64(), 0);
  for (size_t m = 0; m < 30; ++m) {
    EXPECT_EQ(halmstad.at("inflow").at(m).as_int64(), m == 1 ? 6 : 0) << m;
    EXPECT_EQ(halmstad.at("outflow").at(m).as_int64(), 0) << m;
    EXPECT_EQ(halmstad.at("stock").at(m).as_int64(), m == 0 ? 0 : 6) << m;
  }
  EXPECT_FALSE(body.as_object().contains("suppressed"));
  // The default is 24 months; CSV in long form.
  EXPECT_EQ(json::parse(Get("eb.chef", "/api/v1/report/over-time?as_of=2026-06-01").body).at("months").as_array().size(), 24u);
  auto csv = Get("eb.chef", "/api/v1/report/over-time?as_of=2026-06-01&months=30&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers.at("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")), "municipality,month,inflow,outflow,stock");
  EXPECT_NE(csv.body.find("\r\n1380,2023-12,,,0\r\n1380,2024-01,0,0,0\r\n1380,2024-02,6,0,6\r\n"), std::string::npos)
      << csv.body;
}

TEST_F(HttpReportTest, OverTimeForTheAnalystShowsStocksAndWithholdsFlows) {
  auto r = Get("forbund.analys", "/api/v1/report/over-time?as_of=2026-06-01&months=30&municipalities=1380,1381");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value body = json::parse(r.body);
  EXPECT_EQ(body.at("suppression_threshold").as_int64(), 5);
  // Stocks 6 and 10 (and 16) are not small: shown; the flows of a municipality not one's own are not.
  EXPECT_EQ(body.at("municipalities").at("1380").at("stock").at(5).as_int64(), 6);
  EXPECT_EQ(body.at("municipalities").at("1381").at("stock").at(5).as_int64(), 10);
  EXPECT_EQ(body.at("total").at("stock").at(5).as_int64(), 16);
  EXPECT_EQ(body.at("total").at("stock").at(0).as_int64(), 0);
  EXPECT_TRUE(body.at("municipalities").at("1380").at("inflow").at(1).is_null());
  EXPECT_TRUE(body.at("total").at("outflow").at(1).is_null());
  const std::set<std::string> pointers = Pointers(body);
  EXPECT_TRUE(pointers.count("/municipalities/1380/inflow/1"));
  EXPECT_FALSE(pointers.count("/municipalities/1380/stock/1"));
  for (const auto& p : pointers) EXPECT_TRUE(body.at_pointer(p).is_null()) << p;
  EXPECT_EQ(pointers.size(), 3u * 2u * 30u);  // Inflow and outflow of both and of the total.
}

TEST_F(HttpReportTest, OverTimeRefusesWhatTheReportRefuses) {
  for (const char* months : {"0", "121", "x", "1.5", "-1"}) {
    auto bad = Get("eb.chef", std::string("/api/v1/report/over-time?months=") + months);
    EXPECT_EQ(bad.status, 400) << months;
    EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "months") << months;
  }
  EXPECT_EQ(Get("fk.handlaggare", "/api/v1/report/over-time").status, 403);
  EXPECT_EQ(Get("eb.handlaggare", "/api/v1/report/over-time?municipalities=1381").status, 403);
  EXPECT_EQ(Get("eb.chef", "/api/v1/report/over-time?format=xlsx").status, 400);
}

// The cells of an .xlsx as a spreadsheet program reads them (tests/tools/xlsx_cells.py).
json::value XlsxCells(const std::string& bytes) {
  const std::string path = (std::filesystem::temp_directory_path() / ("rattvag-test-" + std::to_string(::getpid()) + ".xlsx")).string();
  { std::ofstream(path, std::ios::binary) << bytes; }
  const std::string command = std::string("python3 ") + RATTVAG_TEST_TOOLS + "/xlsx_cells.py " + path;
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
  }
  std::filesystem::remove(path);
  return json::parse(out);
}

// The JSON value of a CSV/XLSX column of the follow-up (the columns FollowUpCsv names).
json::value JsonOfColumn(const json::value& figures, const std::string& column) {
  static const std::map<std::string, std::string> kPointer = {
      {"cohort", "/cohort"}, {"se_granted", "/snapshot/se_granted"}, {"se_pending", "/snapshot/se_pending"},
      {"ae_granted", "/snapshot/ae_granted"}, {"sp_granted", "/snapshot/sp_granted"},
      {"coordinated_rehab", "/during_period/coordinated_rehab"}, {"se_denied", "/during_period/se_denied"},
      {"ae_denied", "/during_period/ae_denied"}, {"se_or_ae_granted_share", "/se_or_ae_granted_share"},
      {"exited_eb_total", "/exited_eb/total"}, {"fk_referrals", "/fk_referrals/count"},
      {"fk_contacted", "/fk_referrals/contacted"}, {"fk_median_working_days", "/fk_referrals/median_working_days"},
      {"fk_within_3_working_days_share", "/fk_referrals/within_3_working_days_share"},
      {"fk_overdue_open", "/fk_referrals/overdue_open"}, {"sick_leave_spells", "/stances/sick_leave_spells"},
      {"stances_within_2_months_share", "/stances/within_2_months_share"}, {"stances_overdue_open", "/stances/overdue_open"}};
  if (auto it = kPointer.find(column); it != kPointer.end()) return figures.at_pointer(it->second);
  if (column.starts_with("time_on_eb_se_")) return figures.at("time_on_eb_at_decision").at("sjukersattning").at(column.substr(14));
  if (column.starts_with("time_on_eb_ae_")) return figures.at("time_on_eb_at_decision").at("aktivitetsersattning").at(column.substr(14));
  if (column.starts_with("exited_eb_")) return figures.at("exited_eb").at("reasons").at(column.substr(10));
  ADD_FAILURE() << "no JSON value for the column " << column;
  return nullptr;
}

// Every cell of the sheet "Uppföljning" against the JSON answer for the same user: numbers equal,
// a hidden figure ".." where the JSON has null for a suppressed one, blank where it is null over
// an empty set.
void ExpectWorkbookMatchesJson(const json::value& cells, const json::value& body) {
  const auto& sheet = cells.at("Uppföljning").as_array();
  ASSERT_GE(sheet.size(), 2u);
  const auto& header = sheet[0].as_array();
  EXPECT_EQ(header[0].as_string(), "municipality");
  std::set<std::string> hidden;
  if (body.as_object().contains("suppressed"))
    for (const auto& p : body.at("suppressed").as_array()) hidden.insert(std::string(p.as_string()));
  size_t checked = 0, dots = 0;
  for (size_t r = 1; r < sheet.size(); ++r) {
    const auto& row = sheet[r].as_array();
    const std::string name(row[0].as_string());
    const json::value& figures = name == "total" ? body.at("total") : body.at("municipalities").at(name);
    EXPECT_EQ(row[1].as_string(), body.at("as_of").as_string());
    for (size_t c = 2; c < header.size(); ++c) {
      const std::string column(header[c].as_string());
      const json::value expected = JsonOfColumn(figures, column);
      const json::value cell = c < row.size() ? row[c] : json::value(nullptr);
      if (expected.is_null()) {
        EXPECT_TRUE(cell.is_null() || cell == json::value("..")) << name << " " << column;
        dots += cell == json::value("..");
      } else {
        ASSERT_TRUE(cell.is_number()) << name << " " << column << ": " << json::serialize(cell);
        EXPECT_DOUBLE_EQ(cell.to_number<double>(), expected.to_number<double>()) << name << " " << column;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 50u);
  EXPECT_EQ(dots, hidden.size());
}

TEST_F(HttpReportTest, XlsxHoldsTheJsonAnswersCellsForTheOwner) {
  auto r = Get("eb.chef", "/api/v1/report?as_of=2026-06-01&format=xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.at("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(r.headers.at("Content-Disposition"), "attachment; filename=uppfoljning-2026-06-01.xlsx");
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  const json::value cells = XlsxCells(r.body);
  ExpectWorkbookMatchesJson(cells, json::parse(Get("eb.chef", "/api/v1/report?as_of=2026-06-01").body));
  // The second sheet is the series over time, as the CSV of over-time (24 months).
  const auto& over_time = cells.at("Över tid").as_array();
  ASSERT_EQ(over_time.size(), 1u + 2u * 25u);  // Header; Halmstad and total: opening + 24 months.
  EXPECT_EQ(over_time[0].at(4).as_string(), "stock");
  EXPECT_EQ(over_time[1].at(0).as_string(), "1380");
  EXPECT_EQ(over_time.back().at(4).as_int64(), 6);
}

TEST_F(HttpReportTest, XlsxHoldsTheSameSuppressionForTheAnalyst) {
  const std::string query = "/api/v1/report?as_of=2026-06-01&municipalities=1380,1381";
  auto r = Get("forbund.analys", query + "&format=xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value cells = XlsxCells(r.body);
  const json::value body = json::parse(Get("forbund.analys", query).body);
  ASSERT_FALSE(body.at("suppressed").as_array().empty());
  ExpectWorkbookMatchesJson(cells, body);
  // Over time: flows withheld, stocks shown.
  const auto& over_time = cells.at("Över tid").as_array();
  EXPECT_EQ(over_time.back().at(2).as_string(), "..");
  EXPECT_EQ(over_time.back().at(4).as_int64(), 16);
}

}  // namespace
}  // namespace rattvag::http
