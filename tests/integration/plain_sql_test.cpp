// Cross-check of the follow-up (src/domain/report.cpp over the binary digests) against the
// plain-SQL baseline over the raw event table (bench/plain_sql_followup.sql): every column, per
// municipality, on the demo caseload and on hand-written edge cases.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstdio>
#include <optional>
#include <random>

#include "../../bench/plain_sql_followup.hpp"
#include "../unit/journal_builder.hpp"
#include "app/demo.hpp"
#include "app/import.hpp"
#include "app/queries.hpp"
#include "domain/personnummer.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::D;
using testing::TempDir;

// The C++ report's figures under the SQL query's column names.
std::map<std::string, int64_t> Columns(const FollowUpFigures& f) {
  std::map<std::string, int64_t> c = {
      {"cohort", f.cohort},
      {"se_granted", f.se_granted},
      {"se_pending", f.se_pending},
      {"ae_granted", f.ae_granted},
      {"sp_granted", f.sp_granted},
      {"coordinated_rehab", f.coordinated_rehab},
      {"se_denied", f.se_denied},
      {"ae_denied", f.ae_denied},
      {"se_or_ae_granted", f.se_or_ae_granted},
      {"exited_total", f.exited_total},
      {"referrals", f.referrals},
      {"contacted", f.contacted},
      {"contacted_within_3", f.contacted_within_3},
      {"referrals_overdue_open", f.referrals_overdue_open},
      {"sick_leave_spells", f.sick_leave_spells},
      {"spells_on_time", f.spells_on_time},
      {"spells_overdue_open", f.spells_overdue_open},
  };
  const auto median = f.MedianCallbackWorkingDays();
  c["callback_median_x2"] = median ? static_cast<int64_t>(*median * 2) : bench::kNullValue;
  for (int b = 0; b < kTimeOnEbBuckets; ++b) {
    c["te_se_" + std::to_string(b)] = f.time_on_eb_se[static_cast<size_t>(b)];
    c["te_ae_" + std::to_string(b)] = f.time_on_eb_ae[static_cast<size_t>(b)];
  }
  for (ExitReason r : AllExitReasons())
    c["exit_" + std::string(Name(r))] = f.exit_reasons[static_cast<size_t>(r)];
  return c;
}

class PlainSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = OpenSqliteJournal(dir_.File("journal.db"));
    ASSERT_TRUE(j.ok()) << j.error().ToString();
    journal_ = std::move(j).value();
    auto sql = bench::ReadPlainSqlFollowUp();
    ASSERT_TRUE(sql.ok()) << sql.error().ToString();
    sql_ = *sql;
  }
  void TearDown() override {
    if (db_) sqlite3_close(db_);
  }

  void Store(std::vector<Event> events) {
    EventBatch batch;
    for (const auto& e : events) batch.Add(e, batch.size() + 1);
    auto outcome = StoreEvents(*journal_, batch);
    ASSERT_TRUE(outcome.ok()) << "line " << outcome.errors[0].line << ": " << outcome.errors[0].error.ToString();
  }

  // Both reports as of `as_of`; adds a failure for every differing figure.
  void ExpectSameFigures(Date as_of) {
    if (!db_) {
      ASSERT_EQ(sqlite3_open_v2(dir_.File("journal.db").c_str(), &db_, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    }
    auto report = BuildFollowUp(*journal_, as_of, {});
    ASSERT_TRUE(report.ok()) << report.error().ToString();
    auto sql = bench::RunPlainSqlFollowUp(db_, as_of, sql_);
    ASSERT_TRUE(sql.ok()) << sql.error().ToString();
    std::vector<std::string> cpp_municipalities, sql_municipalities;
    for (const auto& [m, f] : report->municipalities) cpp_municipalities.push_back(m);
    for (const auto& [m, row] : sql->rows) sql_municipalities.push_back(m);
    EXPECT_EQ(cpp_municipalities, sql_municipalities) << "as of " << as_of.ToString();
    for (const auto& [m, figures] : report->municipalities) {
      if (!sql->rows.count(m)) continue;
      const auto expected = Columns(figures);
      EXPECT_EQ(expected.size(), sql->columns.size());
      for (const auto& column : sql->columns) {
        ASSERT_TRUE(expected.count(column)) << "unknown SQL column " << column;
        EXPECT_EQ(sql->At(m, column), expected.at(column))
            << column << " in " << m << " as of " << as_of.ToString() << " (SQL vs C++)";
      }
    }
    ++comparisons_;
  }

  TempDir dir_;
  std::unique_ptr<Journal> journal_;
  sqlite3* db_ = nullptr;
  std::string sql_;
  int comparisons_ = 0;
};

TEST_F(PlainSqlTest, DemoCaseloadMatchesTheReportInEveryColumn) {
  std::vector<Event> events;
  DemoOptions options;
  options.persons = 1500;
  options.municipalities = 6;
  options.seed = 5;
  options.today = Date(2026, 11, 1);
  GenerateDemo(options, [&](const Event& e) { events.push_back(e); });
  Store(std::move(events));
  for (Date as_of : {Date(2016, 10, 1), Date(2021, 6, 30), Date(2026, 11, 1)}) {
    SCOPED_TRACE(as_of.ToString());
    ExpectSameFigures(as_of);
  }
  // Not vacuous: the demo exercises every kind of figure by 2026-11-01.
  auto sql = bench::RunPlainSqlFollowUp(db_, Date(2026, 11, 1), sql_);
  ASSERT_TRUE(sql.ok());
  int64_t spells = 0, referrals = 0, exits = 0, buckets = 0;
  for (const auto& [m, row] : sql->rows) {
    spells += sql->At(m, "sick_leave_spells");
    referrals += sql->At(m, "contacted");
    exits += sql->At(m, "exited_total");
    for (int b = 1; b < kTimeOnEbBuckets; ++b) buckets += sql->At(m, "te_se_" + std::to_string(b));
  }
  EXPECT_GT(spells, 1000);
  EXPECT_GT(referrals, 300);
  EXPECT_GT(exits, 300);
  EXPECT_GT(buckets, 50);
}

// A valid personnummer for a person born on `birth` with serial 980 + n.
std::string Person(const char* birth, int n) {
  const Date b = D(birth);
  char nine[16];
  std::snprintf(nine, sizeof nine, "%02d%02u%02u%03d", b.Year() % 100, b.Month(), b.Day(), 980 + n);
  char out[24];
  std::snprintf(out, sizeof out, "%04d%02u%02u%03d%d", b.Year(), b.Month(), b.Day(), 980 + n, LuhnCheckDigit(nine));
  return out;
}

TEST_F(PlainSqlTest, EdgeCasesMatchTheReportOnEveryDay) {
  using testing::Journal;
  std::vector<Journal> people;
  // A gap of exactly 90 days joins the periods; the grant counts from the first start.
  people.push_back(std::move(Journal(Person("1980-01-01", 0))
      .EbStarted("2012-01-01", "1380").EbEnded("2012-12-31", "1380", ExitReason::kStudier)
      .EbStarted("2013-04-01", "1380").Identified("2013-05-01", "1380")
      .Applied("2015-01-10", Benefit::kSjukersattning).Decided("2016-01-01", Benefit::kSjukersattning, Outcome::kGranted)
      .EbEnded("2016-02-01", "1380", ExitReason::kSjukersattning)));
  // A gap of 91 days does not; the grant on the anniversary completes the year.
  people.push_back(std::move(Journal(Person("1980-01-02", 1))
      .EbStarted("2012-01-01", "1380").EbEnded("2012-12-31", "1380", ExitReason::kStudier)
      .EbStarted("2013-04-02", "1380").Identified("2013-05-01", "1380")
      .Decided("2014-04-02", Benefit::kSjukersattning, Outcome::kGranted)));
  // 29 February: the anniversary is 28 February in a common year (AE on the day, another the day before).
  people.push_back(std::move(Journal(Person("1993-03-01", 2))
      .EbStarted("2012-02-29", "1381").Identified("2012-03-10", "1381")
      .Decided("2013-02-28", Benefit::kAktivitetsersattning, Outcome::kGranted)));
  people.push_back(std::move(Journal(Person("1993-03-02", 3))
      .EbStarted("2012-02-29", "1381").Identified("2012-03-10", "1381")
      .Decided("2013-02-27", Benefit::kAktivitetsersattning, Outcome::kDenied)
      .Decided("2013-02-27", Benefit::kAktivitetsersattning, Outcome::kGranted)));
  // Moves: counted under the first registration, exited there with `flyttat`; EB elsewhere ignored.
  people.push_back(std::move(Journal(Person("1975-05-05", 4))
      .EbStarted("2012-06-01", "1380").Identified("2012-07-01", "1380")
      .EbEnded("2013-03-01", "1380", ExitReason::kFlyttat)
      .EbStarted("2013-03-05", "1381").Identified("2013-03-20", "1381")
      .Decided("2014-06-01", Benefit::kSjukersattning, Outcome::kGranted)));
  // Two registrations on one day: the first line wins. A decision before any EB period is not bucketed.
  people.push_back(std::move(Journal(Person("1970-07-07", 5))
      .Identified("2013-01-10", "1499").Identified("2013-01-10", "1380")
      .Decided("2013-02-01", Benefit::kSjukersattning, Outcome::kGranted)
      .EbStarted("2013-03-01", "1499")));
  // A decision in a gap counts from the last period ended before it; end and restart on one day.
  people.push_back(std::move(Journal(Person("1970-08-08", 6))
      .EbStarted("2010-01-15", "1380").EbEnded("2012-05-31", "1380", ExitReason::kAnstallning)
      .Identified("2012-05-01", "1380")
      .Decided("2013-01-20", Benefit::kSjukersattning, Outcome::kGranted)
      .EbStarted("2013-06-01", "1380").EbEnded("2013-09-01", "1380", ExitReason::kAnnanErsattning)
      .EbStarted("2013-09-01", "1380").EbEnded("2013-09-01", "1380", ExitReason::kOkand)));
  // Referrals around Easter 2014 and Christmas; one on a Saturday; overdue ones open.
  people.push_back(std::move(Journal(Person("1982-02-02", 7))
      .Identified("2014-01-02", "1231").EbStarted("2014-01-02", "1231")
      .Referral("2014-04-17", "R1").Contact("2014-04-23", "R1")
      .Referral("2014-05-31", "R2").Contact("2014-06-04", "R2")
      .Referral("2014-12-22", "R3").Contact("2014-12-29", "R3")
      .Referral("2014-12-23", "R4")
      .Referral("2015-06-18", "R5").Contact("2015-06-18", "R5")
      .Referral("2015-12-29", "R6")  // 3rd working day 2016-01-05: overdue on 2016-01-06, a closed Wednesday.
      .Simple("2015-07-01", EventType::kFkCoordinationStarted)));
  // Sick-leave spells: adjacent and overlapping certificates join; a gap of one day does not;
  // 31 December + 2 months is 28 February; a certificate whose spell starts after the as-of date.
  people.push_back(std::move(Journal(Person("1985-03-12", 8))
      .Identified("2014-11-01", "1230").EbStarted("2014-11-01", "1230")
      .Certificate("2014-12-31", "2014-12-31", "2015-01-31").Stance("2015-02-28")
      .Certificate("2015-01-25", "2015-02-01", "2015-03-15")
      .Certificate("2015-03-10", "2015-03-01", "2015-03-20")
      .Certificate("2015-03-22", "2015-03-22", "2015-04-30").Stance("2015-05-30")
      .Certificate("2015-06-01", "2015-07-01", "2015-08-31")
      .Stance("2015-07-01", Direction::kApplyBenefit).Stance("2015-07-02", Direction::kSip)
      .Certificate("2015-09-01", "2015-09-05", "2015-10-05")
      .Simple("2015-11-01", EventType::kAvstamningsmoteHeld)));
  // Waiting for SE: applied, denied, applied again; a decision on the application day.
  people.push_back(std::move(Journal(Person("1966-06-06", 9))
      .Identified("2013-01-01", "1763").EbStarted("2013-01-01", "1763")
      .Applied("2013-02-01", Benefit::kSjukersattning).Decided("2013-06-01", Benefit::kSjukersattning, Outcome::kDenied)
      .Applied("2013-09-01", Benefit::kSjukersattning).Decided("2013-09-01", Benefit::kSjukpenningSarskildaFall, Outcome::kGranted)
      .Applied("2014-03-01", Benefit::kSjukersattning).Decided("2014-03-01", Benefit::kSjukersattning, Outcome::kGranted)));
  // 31 December + 2 months is 29 February in a leap year: a stance on 1 March is late.
  people.push_back(std::move(Journal(Person("1979-12-31", 11))
      .Identified("2015-11-01", "1230").Certificate("2015-12-31", "2015-12-31", "2016-01-20").Stance("2016-03-01")));
  // A registration only.
  people.push_back(std::move(Journal(Person("1990-10-10", 10)).Identified("2013-06-15", "1763")));

  std::vector<Event> all;
  for (const auto& p : people)
    for (auto& e : p.Events()) all.push_back(e);
  Store(std::move(all));

  for (Date as_of = D("2012-01-01"); as_of <= D("2016-03-01"); as_of = as_of.AddDays(1)) {
    SCOPED_TRACE(as_of.ToString());
    ExpectSameFigures(as_of);
    if (HasFailure()) break;  // The first differing day says it all.
  }
  // Hand-worked figures, so that agreement is not agreement on nothing.
  auto sql = bench::RunPlainSqlFollowUp(db_, D("2016-03-01"), sql_);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(sql->At("1380", "te_se_4"), 1);  // 2012-01-01 .. 2016-01-01: periods 90 days apart joined.
  EXPECT_EQ(sql->At("1380", "te_se_1"), 1);  // 2013-04-02 .. 2014-04-02: 91 days apart, not joined.
  EXPECT_EQ(sql->At("1380", "te_se_2"), 1);  // Moved: the 1380 period 2012-06-01 ended before the grant.
  EXPECT_EQ(sql->At("1380", "te_se_3"), 1);  // In a gap: from 2010-01-15.
  EXPECT_EQ(sql->At("1499", "se_granted"), 1);  // Before any EB period: not bucketed.
  EXPECT_EQ(sql->At("1499", "te_se_0"), 0);
  EXPECT_EQ(sql->At("1381", "te_ae_1"), 1);  // 2012-02-29 .. 2013-02-28.
  EXPECT_EQ(sql->At("1381", "te_ae_0"), 1);  // 2012-02-29 .. 2013-02-27.
  EXPECT_EQ(sql->At("1380", "exited_total"), 3);
  EXPECT_EQ(sql->At("1380", "exit_flyttat"), 1);
  EXPECT_EQ(sql->At("1380", "exit_okand"), 1);  // Ended last (on the day it restarted).
  EXPECT_EQ(sql->At("1231", "contacted"), 4);
  EXPECT_EQ(sql->At("1231", "contacted_within_3"), 4);
  EXPECT_EQ(sql->At("1231", "callback_median_x2"), 4);  // Working days 0, 2, 2, 3.
  EXPECT_EQ(sql->At("1231", "referrals_overdue_open"), 2);
  EXPECT_EQ(sql->At("1230", "sick_leave_spells"), 5);
  EXPECT_EQ(sql->At("1230", "spells_on_time"), 2);
  EXPECT_EQ(sql->At("1230", "spells_overdue_open"), 1);
  EXPECT_EQ(sql->At("1763", "se_denied"), 1);
  EXPECT_EQ(sql->At("1763", "se_pending"), 0);
  EXPECT_EQ(sql->At("1763", "sp_granted"), 1);
  EXPECT_EQ(sql->At("1763", "cohort"), 2);
  EXPECT_GT(comparisons_, 1500);
}

// Random journals that pass the transition table, dense in time so that events share days, and
// with dates on the edges the rules care about (29 February, month ends, holidays).
TEST_F(PlainSqlTest, RandomJournalsMatchTheReport) {
  std::mt19937_64 rng(20261101);
  auto pick = [&](int low, int high) { return low + static_cast<int>(rng() % static_cast<uint64_t>(high - low + 1)); };
  const char* kMunicipalities[] = {"1380", "1381", "1499"};
  const Date kSpecial[] = {D("2012-02-29"), D("2013-02-28"), D("2014-12-31"), D("2015-02-28"), D("2014-04-17"),
                           D("2014-12-23"), D("2015-06-18"), D("2016-02-29"), D("2013-12-31"), D("2015-01-31")};
  std::vector<Event> all;
  for (int person = 0; person < 300; ++person) {
    const std::string id = Person(Date(1960, 1, 1).AddDays(person * 37).ToString().c_str(), person % 11);
    std::vector<Event> events;
    Date cursor = D("2012-01-01").AddDays(pick(0, 900));
    const int n = pick(3, 30);
    for (int k = 0; k < n; ++k) {
      Event e;
      e.person = id;
      std::optional<Event> callback;
      const int step = pick(0, 9);
      cursor = step < 3 ? cursor : cursor.AddDays(step < 7 ? pick(1, 20) : pick(21, 200));
      e.date = pick(0, 19) == 0 ? kSpecial[pick(0, 9)] : cursor;
      const char* m = kMunicipalities[pick(0, 9) < 7 ? 0 : pick(1, 2)];
      switch (pick(0, 14)) {
        case 0: e.type = EventType::kTargetGroupIdentified; e.municipality = m; break;
        case 1: case 2: e.type = EventType::kEbPeriodStarted; e.municipality = m; break;
        case 3: case 4:
          e.type = EventType::kEbPeriodEnded; e.municipality = m;
          e.exit_reason = static_cast<ExitReason>(pick(0, kExitReasonCount - 1));
          break;
        case 5: case 6:
          e.type = EventType::kSickCertificate; e.from = e.date.AddDays(pick(-40, 40));
          e.to = e.from.AddDays(pick(0, 70)); e.extent = 100; break;
        case 7: e.type = EventType::kStanceTaken; e.direction = Direction::kSip; break;
        case 8:
          e.type = EventType::kFkReferralSent; e.referral_id = "R" + std::to_string(pick(1, 3));
          if (pick(0, 9) < 6) {  // Called back within a few days.
            callback = e;
            callback->type = EventType::kFkContactMade;
            callback->date = e.date.AddDays(pick(0, 6));
          }
          break;
        case 9: e.type = EventType::kFkContactMade; e.referral_id = "R" + std::to_string(pick(1, 3)); break;
        case 10: e.type = pick(0, 1) ? EventType::kFkCoordinationStarted : EventType::kAvstamningsmoteHeld;
          e.parties = PartyBit(Party::kFk); break;
        case 11: e.type = EventType::kBenefitApplied; e.benefit = static_cast<Benefit>(pick(0, 3)); break;
        default:
          e.type = EventType::kBenefitDecided; e.benefit = static_cast<Benefit>(pick(0, 3));
          e.outcome = pick(0, 2) ? Outcome::kGranted : Outcome::kDenied; break;
      }
      events.push_back(e);
      if (callback) events.push_back(*callback);
    }
    if (pick(0, 3)) {  // Most persons are registered.
      Event r; r.person = id; r.type = EventType::kTargetGroupIdentified; r.municipality = "1380";
      r.date = D("2012-01-01").AddDays(pick(0, 1500));
      events.push_back(r);
    }
    SortInCaseOrder(events);
    CaseState state;
    for (const auto& e : events)
      if (state.Apply(e).ok()) all.push_back(e);  // Drop what the transition table refuses.
  }
  Store(std::move(all));
  for (Date as_of = D("2011-12-15"); as_of <= D("2017-06-01"); as_of = as_of.AddDays(9)) {
    SCOPED_TRACE(as_of.ToString());
    ExpectSameFigures(as_of);
    if (HasFailure()) break;
  }
  for (Date as_of : kSpecial) ExpectSameFigures(as_of);
}

}  // namespace
}  // namespace rattvag
