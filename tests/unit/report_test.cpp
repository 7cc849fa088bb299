// The follow-up of DOMAIN.md §9 on small hand-made journals. Every expected figure is worked out
// by hand in the comment above it; none comes from running the code.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "codec/report_format.hpp"
#include "domain/report.hpp"
#include "journal_builder.hpp"

namespace rattvag {
namespace {

using testing::D;
using testing::Journal;

FollowUpReport BuildReport(const std::vector<Journal>& journals, const char* as_of, std::vector<std::string> only = {}) {
  FollowUpBuilder builder(D(as_of), std::move(only));
  for (const auto& j : journals) builder.AddPerson(j.Events());
  return builder.Finish();
}

int Bucket(const std::array<int64_t, kTimeOnEbBuckets>& buckets, const char* name) {
  for (int i = 0; i < kTimeOnEbBuckets; ++i)
    if (TimeOnEbBucketName(i) == name) return static_cast<int>(buckets[i]);
  ADD_FAILURE() << "no bucket " << name;
  return -1;
}

// EB periods with a gap of at most 90 days count as one (§9). The gap is the days without EB,
// strictly between one period's last day and the next one's first day.
// A: EB 2010-01-01 – 2012-12-31, again from 2013-04-01. Days between: January 31 + February 28
//    + March 31 = 90, so one period from 2010-01-01. SE granted 2014-06-01: 4 whole years → "4-5".
// B: the same but again from 2013-04-02: 91 days, two periods. The decision falls in the one from
//    2013-04-02: 1 whole year (the anniversary 2014-04-02 has passed) → "1-2".
TEST(ReportTest, EbPeriodsMergeAtNinetyDaysButNotAtNinetyOne) {
  Journal a("198001019808"), b("198001029807");
  a.EbStarted("2010-01-01", "1380").Identified("2010-06-01", "1380").EbEnded("2012-12-31", "1380", ExitReason::kOkand)
      .EbStarted("2013-04-01", "1380").Decided("2014-06-01", Benefit::kSjukersattning, Outcome::kGranted);
  b.EbStarted("2010-01-01", "1380").Identified("2010-06-01", "1380").EbEnded("2012-12-31", "1380", ExitReason::kOkand)
      .EbStarted("2013-04-02", "1380").Decided("2014-06-01", Benefit::kSjukersattning, Outcome::kGranted);
  auto r = BuildReport({a, b}, "2014-10-01");
  const auto& f = r.municipalities.at("1380");
  EXPECT_EQ(f.cohort, 2);
  EXPECT_EQ(f.se_granted, 2);
  EXPECT_EQ(Bucket(f.time_on_eb_se, "4-5"), 1);
  EXPECT_EQ(Bucket(f.time_on_eb_se, "1-2"), 1);
  // Both are on EB again on the as-of date: no exits. Share granted SE or AE: 2 of 2.
  EXPECT_EQ(f.exited_total, 0);
  EXPECT_EQ(f.SeOrAeGrantedShare(), 1.0);
}

// Whole years count on the anniversary: EB from 2011-03-15, SE granted 2014-03-15 is 3 years
// ("3-4"); AE granted 2014-03-14, the day before, is 2 years ("2-3").
TEST(ReportTest, WholeYearsOnTheAnniversaryAndTheDayBefore) {
  Journal c("198001039806"), d("199501049803");
  c.EbStarted("2011-03-15", "1380").Identified("2011-04-01", "1380")
      .Decided("2014-03-15", Benefit::kSjukersattning, Outcome::kGranted);
  d.EbStarted("2011-03-15", "1380").Identified("2011-04-01", "1380")
      .Decided("2014-03-14", Benefit::kAktivitetsersattning, Outcome::kGranted);
  auto f = BuildReport({c, d}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(Bucket(f.time_on_eb_se, "3-4"), 1);
  EXPECT_EQ(Bucket(f.time_on_eb_ae, "2-3"), 1);
  EXPECT_EQ(f.se_granted, 1);
  EXPECT_EQ(f.ae_granted, 1);
  // Every other bucket is empty.
  int se_total = 0, ae_total = 0;
  for (auto x : f.time_on_eb_se) se_total += static_cast<int>(x);
  for (auto x : f.time_on_eb_ae) ae_total += static_cast<int>(x);
  EXPECT_EQ(se_total, 1);
  EXPECT_EQ(ae_total, 1);
}

// Nine years or more go in ">9"; a decision before any EB period is not bucketed; a decision
// after the last period ended counts from that period's start.
TEST(ReportTest, TimeOnEbEdges) {
  Journal nine("197001059802"), before("197001069801"), after("197001079800");
  // EB from 2005-01-01; SE 2014-01-01 is exactly 9 years → ">9".
  nine.EbStarted("2005-01-01", "1380").Identified("2010-01-01", "1380")
      .Decided("2014-01-01", Benefit::kSjukersattning, Outcome::kGranted);
  // SE granted 2009-01-01, EB only from 2010-01-01 → no bucket.
  before.Identified("2008-06-01", "1380").Decided("2009-01-01", Benefit::kSjukersattning, Outcome::kGranted)
      .EbStarted("2010-01-01", "1380");
  // EB 2008-02-01 – 2012-01-31 (ended for SE), SE decided 2012-03-01: from 2008-02-01, 4 years → "4-5".
  after.EbStarted("2008-02-01", "1380").Identified("2010-01-01", "1380")
      .EbEnded("2012-01-31", "1380", ExitReason::kSjukersattning)
      .Decided("2012-03-01", Benefit::kSjukersattning, Outcome::kGranted);
  auto f = BuildReport({nine, before, after}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.se_granted, 3);
  EXPECT_EQ(Bucket(f.time_on_eb_se, ">9"), 1);
  EXPECT_EQ(Bucket(f.time_on_eb_se, "4-5"), 1);
  int total = 0;
  for (auto x : f.time_on_eb_se) total += static_cast<int>(x);
  EXPECT_EQ(total, 2);
  // `after` left EB for SE: one exit with that reason.
  EXPECT_EQ(f.exited_total, 1);
  EXPECT_EQ(f.exit_reasons[static_cast<size_t>(ExitReason::kSjukersattning)], 1);
}

// The stance is due two calendar months after the spell starts, clamped to the month's end:
// 2013-12-31 + 2 months = 2014-02-28.
// P1 takes the stance 2014-02-28: on time. P2 on 2014-03-01: late (not on time, not open).
// P3 takes none; due 2014-02-28 is before the as-of date: overdue_open.
// Spells: 3; on time: 1 → share 0.3333.
TEST(ReportTest, StanceDueAtMonthEnd) {
  Journal p1("198001089809"), p2("198001099808"), p3("198001109804");
  for (Journal* j : {&p1, &p2, &p3})
    j->EbStarted("2013-01-01", "1381").Identified("2013-02-01", "1381").Certificate("2014-01-02", "2013-12-31", "2014-06-30");
  p1.Stance("2014-02-28");
  p2.Stance("2014-03-01");
  auto f = BuildReport({p1, p2, p3}, "2014-10-01").municipalities.at("1381");
  EXPECT_EQ(f.sick_leave_spells, 3);
  EXPECT_EQ(f.spells_on_time, 1);
  EXPECT_EQ(f.Within2MonthsShare(), 0.3333);
  EXPECT_EQ(f.spells_overdue_open, 1);
}

// Certificates that overlap or follow each other without a gap form one spell; a one-day gap
// starts a new one. Here: 01-01–01-31 and 02-01–02-28 join (no gap); 03-02–03-31 after a gap
// of 1 March is a second spell. The stance 2014-01-20 is in the first spell's window only; the
// second spell (start 03-02, due 05-02) has none and is overdue on 2014-10-01.
TEST(ReportTest, SickLeaveSpellsJoinWithoutGap) {
  Journal j("198001119803");
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380")
      .Certificate("2014-01-01", "2014-01-01", "2014-01-31").Certificate("2014-02-01", "2014-02-01", "2014-02-28")
      .Certificate("2014-03-02", "2014-03-02", "2014-03-31").Stance("2014-01-20");
  auto f = BuildReport({j}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.sick_leave_spells, 2);
  EXPECT_EQ(f.spells_on_time, 1);
  EXPECT_EQ(f.spells_overdue_open, 1);
}

// Events after the as-of date are ignored (§9): an SE grant on 2014-10-02 leaves the person
// waiting for SE on 2014-10-01; a callback on 2014-10-02 has not happened; a certificate dated
// after the as-of date (even for an earlier period) does not exist yet.
// The referral of Monday 2014-09-29 is due the 3rd working day after: Thursday 2014-10-02, not
// yet passed on 2014-10-01, so not overdue.
TEST(ReportTest, EventsAfterTheAsOfDateAreIgnored) {
  Journal j("198001129802");
  j.EbStarted("2013-01-01", "1380").Identified("2014-01-01", "1380")
      .Applied("2014-09-01", Benefit::kSjukersattning).Referral("2014-09-29", "R1")
      .Decided("2014-10-02", Benefit::kSjukersattning, Outcome::kGranted).Contact("2014-10-02", "R1")
      .Certificate("2014-10-05", "2014-09-01", "2014-11-30");
  auto f = BuildReport({j}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.se_granted, 0);
  EXPECT_EQ(f.se_pending, 1);
  EXPECT_EQ(f.referrals, 1);
  EXPECT_EQ(f.contacted, 0);
  EXPECT_EQ(f.referrals_overdue_open, 0);
  EXPECT_EQ(f.MedianCallbackWorkingDays(), std::nullopt);
  EXPECT_EQ(f.Within3WorkingDaysShare(), std::nullopt);
  EXPECT_EQ(f.sick_leave_spells, 0);
  // On the day after, the grant and the callback count: 3 working days (Tue, Wed, Thu).
  auto later = BuildReport({j}, "2014-10-02").municipalities.at("1380");
  EXPECT_EQ(later.se_granted, 1);
  EXPECT_EQ(later.se_pending, 0);
  EXPECT_EQ(later.contacted, 1);
  EXPECT_EQ(later.MedianCallbackWorkingDays(), 3.0);
  EXPECT_EQ(later.Within3WorkingDaysShare(), 1.0);
}

// Only cohort members count: a person never registered in the target group, and one registered
// after the as-of date, are in no figure and create no municipality.
TEST(ReportTest, PersonsOutsideTheCohortAreNotCounted) {
  Journal never("198001139801"), late("198001149800"), member("198001159809");
  never.EbStarted("2010-01-01", "1499").Decided("2012-01-01", Benefit::kSjukersattning, Outcome::kGranted);
  late.EbStarted("2010-01-01", "1380").Identified("2014-10-02", "1380").Referral("2014-01-02", "R1");
  member.EbStarted("2010-01-01", "1381").Identified("2014-10-01", "1381");
  auto r = BuildReport({never, late, member}, "2014-10-01");
  ASSERT_EQ(r.municipalities.size(), 1u);
  EXPECT_EQ(r.municipalities.count("1381"), 1u);
  EXPECT_EQ(r.total.cohort, 1);
  EXPECT_EQ(r.total.se_granted, 0);
  EXPECT_EQ(r.total.referrals, 0);
}

// A person who moves counts under the municipality of the first registration, and only that
// municipality's EB periods count: EB in Halmstad 2010-01-01 – 2012-05-31 (flyttat), then EB in
// Laholm. SE granted 2014-01-15 lies after the Halmstad period, so it counts from its start
// 2010-01-01: 4 years → "4-5". In Halmstad the person is off EB: exit with reason flyttat,
// whatever happens in Laholm. Laholm gets nothing (the person is Halmstad's cohort).
TEST(ReportTest, PersonWhoMovesCountsInTheFirstMunicipality) {
  Journal j("198001169808");
  j.EbStarted("2010-01-01", "1380").Identified("2011-01-01", "1380")
      .EbEnded("2012-05-31", "1380", ExitReason::kFlyttat).EbStarted("2012-06-01", "1381")
      .Identified("2012-06-15", "1381").Decided("2014-01-15", Benefit::kSjukersattning, Outcome::kGranted);
  auto r = BuildReport({j}, "2014-10-01");
  ASSERT_EQ(r.municipalities.size(), 1u);
  const auto& f = r.municipalities.at("1380");
  EXPECT_EQ(f.cohort, 1);
  EXPECT_EQ(f.se_granted, 1);
  EXPECT_EQ(Bucket(f.time_on_eb_se, "4-5"), 1);
  EXPECT_EQ(f.exited_total, 1);
  EXPECT_EQ(f.exit_reasons[static_cast<size_t>(ExitReason::kFlyttat)], 1);
  // Filtering on Laholm gives exactly Laholm, with zeros.
  auto laholm = BuildReport({j}, "2014-10-01", {"1381"});
  ASSERT_EQ(laholm.municipalities.size(), 1u);
  EXPECT_EQ(laholm.municipalities.at("1381").cohort, 0);
  EXPECT_EQ(laholm.total.cohort, 0);
  EXPECT_EQ(laholm.total.SeOrAeGrantedShare(), std::nullopt);
}

// Repeated SE decisions: denied 2012-05-01, granted 2013-06-01, granted again 2014-02-01. The
// person counts once as granted and once as denied; the first grant is bucketed: EB from
// 2008-01-01 to 2013-06-01 is 5 years → "5-6". Another person was denied and applied again
// 2014-09-01 without a decision since: waiting.
TEST(ReportTest, RepeatedSeDecisionsCountPersonsOnce) {
  Journal j("198001179807"), k("198001189806");
  j.EbStarted("2008-01-01", "1380").Identified("2010-01-01", "1380")
      .Applied("2012-01-10", Benefit::kSjukersattning).Decided("2012-05-01", Benefit::kSjukersattning, Outcome::kDenied)
      .Applied("2013-01-10", Benefit::kSjukersattning).Decided("2013-06-01", Benefit::kSjukersattning, Outcome::kGranted)
      .Decided("2014-02-01", Benefit::kSjukersattning, Outcome::kGranted);
  k.EbStarted("2008-01-01", "1380").Identified("2010-01-01", "1380")
      .Applied("2012-01-10", Benefit::kSjukersattning).Decided("2012-05-01", Benefit::kSjukersattning, Outcome::kDenied)
      .Applied("2014-09-01", Benefit::kSjukersattning);
  auto f = BuildReport({j, k}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.se_granted, 1);
  EXPECT_EQ(f.se_denied, 2);
  EXPECT_EQ(f.se_pending, 1);
  EXPECT_EQ(Bucket(f.time_on_eb_se, "5-6"), 1);
  int total = 0;
  for (auto x : f.time_on_eb_se) total += static_cast<int>(x);
  EXPECT_EQ(total, 1);
  // 1 of 2 granted SE or AE.
  EXPECT_EQ(f.SeOrAeGrantedShare(), 0.5);
}

// Callback working days (§7, §9): after the referral day up to and including the contact day.
// Maundy Thursday 2014-04-17 → Wednesday 2014-04-23: Good Friday, Easter Sunday and Monday are
// closed, so Tue 22 and Wed 23: 2 days. Monday 2014-06-02 → Monday 2014-06-09: Tue, Wed, Thu, (National
// Day Friday 6 June closed), Mon: 4 days. Median of 2 and 4: 3; within 3: 1 of 2.
// Monday 2014-09-22, never called back: due Thursday 2014-09-25, passed on 2014-10-01: overdue.
TEST(ReportTest, CallbackWorkingDaysAroundHolidays) {
  Journal j("198001199805");
  j.EbStarted("2013-01-01", "1380").Identified("2014-01-01", "1380")
      .Referral("2014-04-17", "R1").Contact("2014-04-23", "R1")
      .Referral("2014-06-02", "R2").Contact("2014-06-09", "R2").Referral("2014-09-22", "R3");
  auto f = BuildReport({j}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.referrals, 3);
  EXPECT_EQ(f.contacted, 2);
  EXPECT_EQ(f.MedianCallbackWorkingDays(), 3.0);
  EXPECT_EQ(f.Within3WorkingDaysShare(), 0.5);
  EXPECT_EQ(f.referrals_overdue_open, 1);
  EXPECT_EQ(f.coordinated_rehab, 0);
}

// Exits: the reason of the period that ended last; a person back on EB has not exited; the
// period ending on the as-of date itself counts as ended.
TEST(ReportTest, ExitReasonOfThePeriodThatEndedLast) {
  Journal a("198001209801"), b("198001219800"), c("198001229809");
  a.EbStarted("2010-01-01", "1380").Identified("2010-02-01", "1380").EbEnded("2011-01-01", "1380", ExitReason::kStudier)
      .EbStarted("2012-01-01", "1380").EbEnded("2014-01-01", "1380", ExitReason::kAnstallning);
  b.EbStarted("2010-01-01", "1380").Identified("2010-02-01", "1380").EbEnded("2011-01-01", "1380", ExitReason::kStudier)
      .EbStarted("2012-01-01", "1380");
  c.EbStarted("2010-01-01", "1380").Identified("2010-02-01", "1380").EbEnded("2014-10-01", "1380", ExitReason::kAvliden);
  auto f = BuildReport({a, b, c}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.exited_total, 2);
  EXPECT_EQ(f.exit_reasons[static_cast<size_t>(ExitReason::kAnstallning)], 1);
  EXPECT_EQ(f.exit_reasons[static_cast<size_t>(ExitReason::kAvliden)], 1);
  EXPECT_EQ(f.exit_reasons[static_cast<size_t>(ExitReason::kStudier)], 0);
}

// The snapshot and the period figures: sjukpenning i särskilda fall counts as sjukpenning;
// an avstämningsmöte alone counts as coordinated rehabilitation; AE denials.
TEST(ReportTest, SnapshotAndPeriodFigures) {
  Journal a("198001239808"), b("199001249801");
  a.EbStarted("2010-01-01", "1380").Identified("2010-02-01", "1380")
      .Decided("2013-01-01", Benefit::kSjukpenningSarskildaFall, Outcome::kGranted)
      .Simple("2013-02-01", EventType::kAvstamningsmoteHeld);
  b.EbStarted("2010-01-01", "1380").Identified("2010-02-01", "1380")
      .Decided("2013-01-01", Benefit::kAktivitetsersattning, Outcome::kDenied)
      .Decided("2013-01-02", Benefit::kSjukpenning, Outcome::kDenied);
  auto f = BuildReport({a, b}, "2014-10-01").municipalities.at("1380");
  EXPECT_EQ(f.sp_granted, 1);
  EXPECT_EQ(f.coordinated_rehab, 1);
  EXPECT_EQ(f.ae_denied, 1);
  EXPECT_EQ(f.ae_granted, 0);
  EXPECT_EQ(f.se_or_ae_granted, 0);
}

// The total sums the municipalities; its median is over all callbacks, not a mean of medians.
// Halmstad: callbacks of 1 and 2 working days; Laholm: 10. All three: median 2.
TEST(ReportTest, TotalMedianIsOverAllCallbacks) {
  Journal h("198001259806"), l("198001269805");
  // Monday 2014-09-01 → Tue 2: 1 day; Monday 2014-09-08 → Wed 10: 2 days.
  h.EbStarted("2013-01-01", "1380").Identified("2014-01-01", "1380")
      .Referral("2014-09-01", "R1").Contact("2014-09-02", "R1").Referral("2014-09-08", "R2").Contact("2014-09-10", "R2");
  // Monday 2014-09-01 → Monday 2014-09-15: 10 working days.
  l.EbStarted("2013-01-01", "1381").Identified("2014-01-01", "1381").Referral("2014-09-01", "R3").Contact("2014-09-15", "R3");
  auto r = BuildReport({h, l}, "2014-10-01");
  EXPECT_EQ(r.municipalities.at("1380").MedianCallbackWorkingDays(), 1.5);
  EXPECT_EQ(r.municipalities.at("1381").MedianCallbackWorkingDays(), 10.0);
  EXPECT_EQ(r.total.MedianCallbackWorkingDays(), 2.0);
  EXPECT_EQ(r.total.cohort, 2);
  EXPECT_EQ(r.total.Within3WorkingDaysShare(), 0.6667);
}

// The machine form has exactly the keys of DOMAIN.md §10, every exit reason, nulls for empty sets.
TEST(ReportTest, JsonHasTheShapeOfTheExchangeFormat) {
  Journal j("198001279804");
  j.EbStarted("2013-01-01", "1380").Identified("2014-01-01", "1380");
  auto parsed = boost::json::parse(FollowUpJson(BuildReport({j}, "2014-10-01"))).as_object();
  auto keys = [](const boost::json::object& o) {
    std::vector<std::string> k;
    for (const auto& kv : o) k.emplace_back(kv.key());
    return k;
  };
  EXPECT_EQ(keys(parsed), (std::vector<std::string>{"as_of", "municipalities", "total"}));
  EXPECT_EQ(parsed["as_of"].as_string(), "2014-10-01");
  const auto& m = parsed["municipalities"].as_object().at("1380").as_object();
  EXPECT_EQ(keys(m), (std::vector<std::string>{"cohort", "snapshot", "during_period", "se_or_ae_granted_share",
                                               "time_on_eb_at_decision", "exited_eb", "fk_referrals", "stances"}));
  EXPECT_EQ(keys(m.at("snapshot").as_object()),
            (std::vector<std::string>{"se_granted", "se_pending", "ae_granted", "sp_granted"}));
  EXPECT_EQ(keys(m.at("during_period").as_object()),
            (std::vector<std::string>{"coordinated_rehab", "se_denied", "ae_denied"}));
  EXPECT_EQ(keys(m.at("time_on_eb_at_decision").at("sjukersattning").as_object()),
            (std::vector<std::string>{"<1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7", "7-8", "8-9", ">9"}));
  EXPECT_EQ(keys(m.at("exited_eb").at("reasons").as_object()),
            (std::vector<std::string>{"sjukersattning", "aktivitetsersattning", "sjukpenning", "anstallning",
                                      "make_maka_inkomst", "alderspension", "avliden", "flyttat", "studier",
                                      "annan_ersattning", "okand"}));
  EXPECT_EQ(keys(m.at("fk_referrals").as_object()),
            (std::vector<std::string>{"count", "contacted", "median_working_days", "within_3_working_days_share",
                                      "overdue_open"}));
  EXPECT_TRUE(m.at("fk_referrals").at("median_working_days").is_null());
  EXPECT_TRUE(m.at("stances").at("within_2_months_share").is_null());
  EXPECT_EQ(m.at("se_or_ae_granted_share").as_double(), 0.0);
  EXPECT_EQ(keys(parsed["total"].as_object()), keys(m));
}

}  // namespace
}  // namespace rattvag
