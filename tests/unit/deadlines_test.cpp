// The deadlines of DOMAIN.md §6, at their boundaries. Expected dates are worked out by hand.
#include <gtest/gtest.h>

#include "domain/deadlines.hpp"
#include "journal_builder.hpp"

namespace rattvag {
namespace {

using testing::D;
using testing::Journal;

std::vector<Deadline> Of(const Journal& j, const char* as_of, DeadlineKind kind, const char* birth = "1980-01-01") {
  auto events = j.Events();
  auto projection = Project(events, D(as_of));
  std::vector<Deadline> out;
  for (auto& d : ComputeDeadlines(events, projection, D(birth), DefaultEligibilityRules()))
    if (d.kind == kind) out.push_back(d);
  return out;
}

Journal OnEb() {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380");
  return j;
}

// A spell from 2014-01-10 has its stance due 2014-03-10: open on the due day, overdue the day after.
TEST(DeadlinesTest, StanceOpenOnTheDueDayOverdueTheDayAfter) {
  Journal j = OnEb();
  j.Certificate("2014-01-10", "2014-01-10", "2014-06-30");
  auto on_due = Of(j, "2014-03-10", DeadlineKind::kStance);
  ASSERT_EQ(on_due.size(), 1u);
  EXPECT_EQ(on_due[0].due, D("2014-03-10"));
  EXPECT_EQ(on_due[0].status, DeadlineStatus::kOpen);
  EXPECT_EQ(on_due[0].responsible, Responsible::kEbCaseworker);
  EXPECT_EQ(Of(j, "2014-03-11", DeadlineKind::kStance)[0].status, DeadlineStatus::kOverdue);
  j.Stance("2014-02-01");
  auto met = Of(j, "2014-03-11", DeadlineKind::kStance);
  EXPECT_EQ(met[0].status, DeadlineStatus::kMet);
  EXPECT_EQ(met[0].met_on, D("2014-02-01"));
}

// Once the spell has ended without a stance, the deadline lapses from the work list.
TEST(DeadlinesTest, StanceLapsesWhenTheSpellHasEnded) {
  Journal j = OnEb();
  j.Certificate("2014-01-10", "2014-01-10", "2014-04-30");
  EXPECT_EQ(Of(j, "2014-04-30", DeadlineKind::kStance)[0].status, DeadlineStatus::kOverdue);
  EXPECT_EQ(Of(j, "2014-05-01", DeadlineKind::kStance)[0].status, DeadlineStatus::kLapsed);
}

// FK calls back by the 3rd working day. Thursday 2014-12-18: Fri 19, Mon 22, Tue 23 → 2014-12-23.
// Monday 2014-12-22: Tue 23, (julafton, juldagen, annandag jul closed), Mon 29, Tue 30 → 2014-12-30.
TEST(DeadlinesTest, FkCallbackAroundChristmas) {
  Journal j = OnEb();
  j.Referral("2014-12-18", "R1").Referral("2014-12-22", "R2");
  auto d = Of(j, "2014-12-23", DeadlineKind::kFkCallback);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].due, D("2014-12-23"));
  EXPECT_EQ(d[0].status, DeadlineStatus::kOpen);
  EXPECT_EQ(d[0].responsible, Responsible::kFkMailbox);
  EXPECT_EQ(d[0].reference, "R1");
  EXPECT_EQ(d[1].due, D("2014-12-30"));
  EXPECT_EQ(Of(j, "2014-12-24", DeadlineKind::kFkCallback)[0].status, DeadlineStatus::kOverdue);
  j.Contact("2014-12-29", "R2");
  EXPECT_EQ(Of(j, "2015-01-05", DeadlineKind::kFkCallback)[1].status, DeadlineStatus::kMet);
}

// "Not ready" with a prognosis within six months: FK watches until the prognosis date. Assessed
// 2014-03-01, six months later is 2014-09-01: a prognosis of 2014-08-01 is watched, 2014-12-01 is not.
TEST(DeadlinesTest, FkWatchOnlyForPrognosisWithinSixMonths) {
  Journal watched = OnEb(), closed = OnEb();
  watched.Simple("2014-02-01", EventType::kFkCoordinationStarted).Readiness("2014-03-01", false, "2014-08-01");
  closed.Simple("2014-02-01", EventType::kFkCoordinationStarted).Readiness("2014-03-01", false, "2014-12-01");
  auto d = Of(watched, "2014-07-01", DeadlineKind::kFkWatchReview);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].due, D("2014-08-01"));
  EXPECT_EQ(d[0].responsible, Responsible::kFkHandlaggare);
  EXPECT_EQ(d[0].status, DeadlineStatus::kOpen);
  EXPECT_TRUE(Of(closed, "2014-07-01", DeadlineKind::kFkWatchReview).empty());
  // Exactly six months is still "within six months".
  Journal edge = OnEb();
  edge.Simple("2014-02-01", EventType::kFkCoordinationStarted).Readiness("2014-03-01", false, "2014-09-01");
  EXPECT_EQ(Of(edge, "2014-07-01", DeadlineKind::kFkWatchReview).size(), 1u);
}

// FK closes "not ready" on Monday 2014-05-05: the EB caseworker re-plans within 10 working days:
// 6–9 May (4), 12–16 May (9), Monday 19 May (10) → 2014-05-19. A later stance meets it.
TEST(DeadlinesTest, ReplanWithinTenWorkingDays) {
  Journal j = OnEb();
  j.Simple("2014-02-01", EventType::kFkCoordinationStarted).CoordinationEnded("2014-05-05", CoordinationEndReason::kNotReady);
  auto d = Of(j, "2014-05-19", DeadlineKind::kReplanAfterFkClosed);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].due, D("2014-05-19"));
  EXPECT_EQ(d[0].status, DeadlineStatus::kOpen);
  EXPECT_EQ(Of(j, "2014-05-20", DeadlineKind::kReplanAfterFkClosed)[0].status, DeadlineStatus::kOverdue);
  j.Stance("2014-05-12", Direction::kApplyBenefit);
  EXPECT_EQ(Of(j, "2014-05-20", DeadlineKind::kReplanAfterFkClosed)[0].status, DeadlineStatus::kMet);
}

// A certificate ending 2014-03-31 is due for attention 7 days before: 2014-03-24. A following
// certificate from 2014-04-01 meets it; without one it lapses after the end day.
TEST(DeadlinesTest, CertificateRunningOut) {
  Journal j = OnEb();
  j.Certificate("2014-01-01", "2014-01-01", "2014-03-31");
  auto d = Of(j, "2014-03-24", DeadlineKind::kCertificateRunningOut);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].due, D("2014-03-24"));
  EXPECT_EQ(d[0].status, DeadlineStatus::kOpen);
  EXPECT_EQ(Of(j, "2014-03-25", DeadlineKind::kCertificateRunningOut)[0].status, DeadlineStatus::kOverdue);
  EXPECT_EQ(Of(j, "2014-04-01", DeadlineKind::kCertificateRunningOut)[0].status, DeadlineStatus::kLapsed);
  j.Certificate("2014-03-28", "2014-04-01", "2014-05-31");
  auto both = Of(j, "2014-03-28", DeadlineKind::kCertificateRunningOut);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].status, DeadlineStatus::kMet);
  EXPECT_EQ(both[1].due, D("2014-05-24"));
}

// Born 1990-08-15 and granted AE: AE ends in August 2020, so plan by 2020-02-01 (six months before
// the month of turning 30). A stance within the year before that date meets it.
TEST(DeadlinesTest, AeEndsAtThirty) {
  Journal j = OnEb();
  j.Decided("2015-01-01", Benefit::kAktivitetsersattning, Outcome::kGranted);
  auto d = Of(j, "2020-02-01", DeadlineKind::kAeEndsAt30, "1990-08-15");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].due, D("2020-02-01"));
  EXPECT_EQ(d[0].status, DeadlineStatus::kOpen);
  EXPECT_EQ(d[0].responsible, Responsible::kEbAndFk);
  EXPECT_EQ(Of(j, "2020-02-02", DeadlineKind::kAeEndsAt30, "1990-08-15")[0].status, DeadlineStatus::kOverdue);
  EXPECT_EQ(Of(j, "2020-08-01", DeadlineKind::kAeEndsAt30, "1990-08-15")[0].status, DeadlineStatus::kLapsed);
  // A stance on 2019-01-31 is before the planning year (from 2019-02-01); on 2019-02-01 it counts.
  Journal early = j, in_time = j;
  early.Stance("2019-01-31");
  in_time.Stance("2019-02-01");
  EXPECT_EQ(Of(early, "2020-02-02", DeadlineKind::kAeEndsAt30, "1990-08-15")[0].status, DeadlineStatus::kOverdue);
  EXPECT_EQ(Of(in_time, "2020-02-02", DeadlineKind::kAeEndsAt30, "1990-08-15")[0].status, DeadlineStatus::kMet);
  // Without AE there is no such deadline.
  EXPECT_TRUE(Of(OnEb(), "2020-02-01", DeadlineKind::kAeEndsAt30, "1990-08-15").empty());
}

// A consent until 2014-06-30 is due for renewal 14 days before: 2014-06-16.
TEST(DeadlinesTest, ConsentExpiry) {
  Journal j = OnEb();
  j.Consent("2014-01-01", "C1", PartyBit(Party::kFk) | PartyBit(Party::kRegion), "2014-06-30");
  auto d = Of(j, "2014-06-16", DeadlineKind::kConsentExpiry);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].due, D("2014-06-16"));
  EXPECT_EQ(d[0].status, DeadlineStatus::kOpen);
  EXPECT_EQ(Of(j, "2014-06-17", DeadlineKind::kConsentExpiry)[0].status, DeadlineStatus::kOverdue);
  EXPECT_EQ(Of(j, "2014-07-01", DeadlineKind::kConsentExpiry)[0].status, DeadlineStatus::kLapsed);
  // Renewed for the same parties (and more) with a later end: met.
  Journal renewed = j;
  renewed.Consent("2014-06-18", "C2", PartyBit(Party::kFk) | PartyBit(Party::kRegion) | PartyBit(Party::kAf), "2015-06-30");
  EXPECT_EQ(Of(renewed, "2014-06-20", DeadlineKind::kConsentExpiry)[0].status, DeadlineStatus::kMet);
  // Renewed for FK only: the region's part is not renewed.
  Journal partial = j;
  partial.Consent("2014-06-18", "C2", PartyBit(Party::kFk), "2015-06-30");
  EXPECT_EQ(Of(partial, "2014-06-20", DeadlineKind::kConsentExpiry)[0].status, DeadlineStatus::kOverdue);
}

// A closed case (off EB) keeps only FK's callback deadlines.
TEST(DeadlinesTest, ClosedCaseHasNoCaseworkerDeadlines) {
  Journal j = OnEb();
  j.Certificate("2014-01-10", "2014-01-10", "2014-12-31").Referral("2014-03-03", "R1")
      .EbEnded("2014-03-04", "1380", ExitReason::kAnstallning);
  EXPECT_TRUE(Of(j, "2014-04-01", DeadlineKind::kStance).empty());
  EXPECT_EQ(Of(j, "2014-04-01", DeadlineKind::kFkCallback).size(), 1u);
}

TEST(DeadlinesTest, MostUrgentFirst) {
  Deadline overdue_late{DeadlineKind::kStance, Responsible::kEbCaseworker, D("2014-01-01"), D("2014-03-05"),
                        DeadlineStatus::kOverdue, std::nullopt, "", ""};
  Deadline overdue_early = overdue_late;
  overdue_early.due = D("2014-03-01");
  Deadline open_soon = overdue_late;
  open_soon.status = DeadlineStatus::kOpen;
  open_soon.due = D("2014-02-01");  // An open item is never before an overdue one.
  std::vector<Deadline> v = {open_soon, overdue_late, overdue_early};
  std::sort(v.begin(), v.end(), MoreUrgent);
  EXPECT_EQ(v[0].due, D("2014-03-01"));
  EXPECT_EQ(v[1].due, D("2014-03-05"));
  EXPECT_EQ(v[2].status, DeadlineStatus::kOpen);
}

}  // namespace
}  // namespace rattvag

namespace rattvag {
namespace {

// The re-plan is met by other planning steps too, and lapses when a new spell begins.
TEST(DeadlinesTest, ReplanMetByAnyPlanningStepOrLapsedByANewSpell) {
  Journal by_application = OnEb(), by_new_spell = OnEb();
  for (Journal* j : {&by_application, &by_new_spell})
    j->Simple("2014-02-01", EventType::kFkCoordinationStarted).CoordinationEnded("2014-05-05", CoordinationEndReason::kNotReady);
  by_application.Applied("2014-05-07", Benefit::kSjukersattning);
  by_new_spell.Certificate("2014-06-01", "2014-06-01", "2014-08-31");
  EXPECT_EQ(Of(by_application, "2014-06-10", DeadlineKind::kReplanAfterFkClosed)[0].status, DeadlineStatus::kMet);
  EXPECT_EQ(Of(by_new_spell, "2014-06-10", DeadlineKind::kReplanAfterFkClosed)[0].status, DeadlineStatus::kLapsed);
}

}  // namespace
}  // namespace rattvag
