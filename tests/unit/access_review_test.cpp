// The access review (loggkontroll): Swedish local time at the summer-time changes, the period's
// boundaries in local time, and the counts, disclosures, refusals and flags of hand-made log
// entries. Expected values are worked out in the comments.
#include <gtest/gtest.h>

#include "domain/access_review.hpp"

namespace rattvag {
namespace {

std::string Local(const char* utc) {
  const auto t = ToSwedishLocalTime(utc);
  if (!t) return "none";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s %02d:%02d", t->date.ToString().c_str(), t->minute_of_day / 60,
                t->minute_of_day % 60);
  return buffer;
}

// Summer time 2026: from the last Sunday of March (the 29th) 01:00 UTC to the last Sunday of
// October (the 25th) 01:00 UTC.
TEST(AccessReviewTest, SwedishLocalTimeAroundTheChanges) {
  EXPECT_EQ(Local("2026-03-29T00:59:59.999Z"), "2026-03-29 01:59");  // CET, UTC+1.
  EXPECT_EQ(Local("2026-03-29T01:00:00.000Z"), "2026-03-29 03:00");  // CEST, UTC+2.
  EXPECT_EQ(Local("2026-10-25T00:59:00.000Z"), "2026-10-25 02:59");
  EXPECT_EQ(Local("2026-10-25T01:00:00.000Z"), "2026-10-25 02:00");
  EXPECT_EQ(Local("2026-12-31T23:30:00.000Z"), "2027-01-01 00:30");
  EXPECT_EQ(Local("2026-06-01T08:00:00Z"), "2026-06-01 10:00");  // Without milliseconds.
  EXPECT_EQ(Local("2026-13-01T00:00:00.000Z"), "none");
  EXPECT_EQ(Local("2026-06-01 08:00:00"), "none");
  EXPECT_EQ(Local(""), "none");
}

AuditEntry Entry(const char* at, const char* user, const char* unit, const char* action, const char* ground = "ownership",
                 const char* outcome = "allowed") {
  AuditEntry e;
  e.at = at;
  e.user = user;
  e.unit = unit;
  e.party = std::string(unit).rfind("eb", 0) == 0 ? "eb" : "fk";
  e.role = e.party == "eb" ? "socialsekreterare" : "personlig_handlaggare_fk";
  e.action = action;
  e.ground = ground;
  e.outcome = outcome;
  e.detail = std::string(outcome) == "denied" ? "another municipality's case" : "";
  return e;
}

AccessReviewOptions June() {
  AccessReviewOptions o;
  o.from = Date(2026, 6, 1);
  o.to = Date(2026, 6, 30);
  o.owner_units = {"eb-1380"};
  return o;
}

TEST(AccessReviewTest, ThePeriodIsInSwedishDates) {
  AccessReviewBuilder b(June());
  EXPECT_FALSE(b.InPeriod(Entry("2026-05-31T21:59:59.000Z", "u", "eb-1380", "read_person")));  // 23:59 on 31 May.
  EXPECT_TRUE(b.InPeriod(Entry("2026-05-31T22:00:00.000Z", "u", "eb-1380", "read_person")));   // 00:00 on 1 June.
  EXPECT_TRUE(b.InPeriod(Entry("2026-06-30T21:59:59.000Z", "u", "eb-1380", "read_person")));
  EXPECT_FALSE(b.InPeriod(Entry("2026-06-30T22:00:00.000Z", "u", "eb-1380", "read_person")));
  EXPECT_FALSE(b.InPeriod(Entry("garbage", "u", "eb-1380", "read_person")));
}

TEST(AccessReviewTest, CountsDisclosuresRefusalsAndFlags) {
  AccessReviewBuilder b(June());
  // Eva (EB, the owner unit) on Monday 1 June 10:00 and 10:05 local: two persons, one recorded.
  b.Add(Entry("2026-06-01T08:00:00.000Z", "eva", "eb-1380", "read_person"), "p1");
  b.Add(Entry("2026-06-01T08:05:00.000Z", "eva", "eb-1380", "record:stance_taken"), "p1");
  b.Add(Entry("2026-06-01T08:10:00.000Z", "eva", "eb-1380", "read_person"), "p2");
  // Eva at 22:30 local (outside working hours), and on Saturday 6 June at noon, and on
  // midsommarafton (Friday 19 June, a closed eve) at 10:00: three flags, one per person.
  b.Add(Entry("2026-06-01T20:30:00.000Z", "eva", "eb-1380", "read_person"), "p3");
  b.Add(Entry("2026-06-06T10:00:00.000Z", "eva", "eb-1380", "read_person"), "p4");
  b.Add(Entry("2026-06-19T08:00:00.000Z", "eva", "eb-1380", "read_consents"), "p5");
  // Working hours end at 18:00: 17:59 is inside, 18:00 outside.
  b.Add(Entry("2026-06-02T15:59:00.000Z", "eva", "eb-1380", "read_person"), "p1");
  b.Add(Entry("2026-06-02T16:00:00.000Z", "eva", "eb-1380", "read_person"), "p6");
  // FK under consent C1, twice for p1: one disclosure of two accesses.
  b.Add(Entry("2026-06-03T07:00:00.000Z", "fatima", "fk-demo", "read_person", "consent:C1"), "p1");
  b.Add(Entry("2026-06-03T07:30:00.000Z", "fatima", "fk-demo", "record:fk_contact_made", "consent:C1"), "p1");
  // Laholm's caseworker tries p2: a refusal.
  b.Add(Entry("2026-06-04T09:00:00.000Z", "laholm", "eb-1381", "read_person", "none", "denied"), "p2");
  // A caseworker of another EB unit of the municipality reads p2 by ownership: flagged.
  b.Add(Entry("2026-06-04T09:30:00.000Z", "other", "eb-1380-b", "read_person"), "p2");
  // Sam reads 10 persons and records nothing: flagged. Wim reads 10 and records once: not.
  // Lia has 12 persons on the work list and reads 9: not (the work list does not count).
  for (int i = 0; i < 10; ++i) {
    const std::string p = "q" + std::to_string(i);
    b.Add(Entry("2026-06-05T08:00:00.000Z", "sam", "eb-1380", "read_person"), p);
    b.Add(Entry("2026-06-05T08:00:00.000Z", "wim", "eb-1380", "read_person"), p);
  }
  b.Add(Entry("2026-06-05T09:00:00.000Z", "wim", "eb-1380", "record:sick_certificate"), "q0");
  for (int i = 0; i < 12; ++i) b.Add(Entry("2026-06-05T08:00:00.000Z", "lia", "eb-1380", "read_worklist"), "w" + std::to_string(i));
  for (int i = 0; i < 9; ++i) b.Add(Entry("2026-06-05T08:00:00.000Z", "lia", "eb-1380", "read_person"), "w" + std::to_string(i));

  const AccessReview r = b.Finish();
  EXPECT_EQ(r.entries, 8 + 2 + 1 + 1 + 20 + 1 + 12 + 9);
  ASSERT_EQ(r.users.size(), 7u);  // eva, fatima, laholm, lia, other, sam, wim (by id).
  const ReviewedUser& eva = r.users[0];
  EXPECT_EQ(eva.user, "eva");
  EXPECT_EQ(eva.accesses, 8);
  EXPECT_EQ(eva.denied, 0);
  EXPECT_EQ(eva.actions.at("read_person"), 6);
  EXPECT_EQ(eva.actions.at("record:stance_taken"), 1);
  EXPECT_EQ(eva.actions.at("read_consents"), 1);
  EXPECT_EQ(eva.grounds.at("ownership"), 8);
  EXPECT_EQ(eva.persons, (std::set<std::string>{"p1", "p2", "p3", "p4", "p5", "p6"}));
  const ReviewedUser& fatima = r.users[1];
  EXPECT_EQ(fatima.grounds.at("consent:C1"), 2);
  const ReviewedUser& laholm = r.users[2];
  EXPECT_EQ(laholm.denied, 1);
  EXPECT_EQ(laholm.grounds.at("none"), 1);
  EXPECT_TRUE(laholm.persons.empty());

  ASSERT_EQ(r.disclosures.size(), 1u);
  EXPECT_EQ(r.disclosures[0].person_id, "p1");
  EXPECT_EQ(r.disclosures[0].consent_id, "C1");
  EXPECT_EQ(r.disclosures[0].party, "fk");
  EXPECT_EQ(r.disclosures[0].accesses, 2);
  EXPECT_EQ(r.disclosures[0].first_at, "2026-06-03T07:00:00.000Z");
  EXPECT_EQ(r.disclosures[0].last_at, "2026-06-03T07:30:00.000Z");

  ASSERT_EQ(r.refusals.size(), 1u);
  EXPECT_EQ(r.refusals[0].user, "laholm");
  EXPECT_EQ(r.refusals[0].person_id, "p2");
  EXPECT_EQ(r.refusals[0].reason, "another municipality's case");

  // Flags, by kind, user, person.
  std::vector<std::string> flags;
  for (const auto& f : r.flags)
    flags.push_back(std::string(Name(f.kind)) + " " + f.user + " " + f.person_id + " " + std::to_string(f.count));
  EXPECT_EQ(flags, (std::vector<std::string>{
                       "outside_working_hours eva p3 1", "outside_working_hours eva p4 1",
                       "outside_working_hours eva p5 1", "outside_working_hours eva p6 1",
                       "many_persons_without_records sam  10", "other_unit other p2 1"}));
}

TEST(AccessReviewTest, WithoutOwnerUnitsNoOtherUnitFlag) {
  AccessReviewOptions o = June();
  o.owner_units.clear();
  AccessReviewBuilder b(o);
  b.Add(Entry("2026-06-04T09:30:00.000Z", "other", "eb-1380-b", "read_person"), "p2");
  EXPECT_TRUE(b.Finish().flags.empty());
}

}  // namespace
}  // namespace rattvag
