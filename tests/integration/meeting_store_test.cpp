// The journal's meetings (migration 0010, issue 5 item 2) on a real SQLite file: a meeting with
// its invitations and minutes round-trips, a change needs the stored version, nothing is written
// outside a transaction or after a rollback, and a person's meetings come earliest first.
#include <gtest/gtest.h>

#include "app/import.hpp"
#include "app/meetings.hpp"
#include "storage/journal.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

const std::string kPerson = "198503129804";  // Synthetic (serial 980).

class MeetingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = OpenSqliteJournal(dir_.File("meetings.db"));
    ASSERT_TRUE(j.ok()) << j.error().ToString();
    journal_ = std::move(j).value();
    auto imported = ImportJsonLines(
        *journal_,
        R"({"type":"eb_period_started","person":"198503129804","date":"2026-01-05","municipality":"1380"})" "\n",
        Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok());
  }
  Meeting Sample(const std::string& id, Date date, int start) {
    Meeting m;
    m.id = id;
    m.person = kPerson;
    m.municipality = "1380";
    m.kind = MeetingKind::kSip;
    m.date = date;
    m.start_minutes = start;
    m.duration_minutes = 45;
    m.video_url = "https://video.example.se/a";
    m.sip_id = "sip-1";
    m.message = "Välkommen";
    m.invitations = {Invite(Party::kFk), Answered(Party::kAme, InvitationAnswer::kDeclined, "u-1", "Amir", "t", "Nej")};
    m.called_by = Party::kEb;
    m.called_by_unit = "eb-1380";
    m.called_by_user = "u-demo-eb";
    m.called_by_name = "Eva";
    m.created_at = "2026-06-01T08:00:00.000Z";
    return m;
  }
  Status Add(const Meeting& m) {
    UnitOfWork work(*journal_);
    RATTVAG_TRY_STATUS(work.Begin());
    RATTVAG_TRY_STATUS(journal_->AddMeeting(m));
    return work.Commit();
  }
  Status Save(const Meeting& m) {
    UnitOfWork work(*journal_);
    RATTVAG_TRY_STATUS(work.Begin());
    RATTVAG_TRY_STATUS(journal_->SaveMeeting(m));
    return work.Commit();
  }

  testing::TempDir dir_;
  std::unique_ptr<Journal> journal_;
};

TEST_F(MeetingStoreTest, AMeetingRoundTripsWithInvitationsAndMinutes) {
  Meeting m = Sample("m-1", Date(2026, 6, 3), 570);
  ASSERT_TRUE(Add(m).ok());
  auto found = journal_->FindMeeting("m-1");
  ASSERT_TRUE(found.ok() && *found);
  const Meeting& f = **found;
  EXPECT_EQ(f.person, kPerson);
  EXPECT_EQ(f.kind, MeetingKind::kSip);
  EXPECT_EQ(f.date, Date(2026, 6, 3));
  EXPECT_EQ(f.start_minutes, 570);
  EXPECT_EQ(f.duration_minutes, 45);
  EXPECT_EQ(f.video_url, m.video_url);
  EXPECT_EQ(f.sip_id, std::optional<std::string>("sip-1"));
  EXPECT_EQ(f.version, 1);
  ASSERT_EQ(f.invitations.size(), 2u);
  EXPECT_EQ(f.invitations[1].party, Party::kAme);
  EXPECT_EQ(f.invitations[1].answer, InvitationAnswer::kDeclined);
  EXPECT_EQ(f.invitations[1].comment, "Nej");
  EXPECT_FALSE(f.minutes);

  Meeting held = f;
  held.status = MeetingStatus::kHeld;
  held.version = 2;
  MeetingMinutes minutes;
  minutes.attendees = PartyBit(Party::kEb) | PartyBit(Party::kFk);
  minutes.notes = "Anteckning";
  minutes.decisions = {"Ett", "Två", "Tre"};
  minutes.recorded_by = "u-demo-eb";
  held.minutes = minutes;
  ASSERT_TRUE(Save(held).ok());
  auto again = journal_->FindMeeting("m-1");
  ASSERT_TRUE(again.ok() && *again && (*again)->minutes);
  EXPECT_EQ((*again)->status, MeetingStatus::kHeld);
  EXPECT_EQ((*again)->minutes->attendees, minutes.attendees);
  EXPECT_EQ((*again)->minutes->decisions, minutes.decisions);
  EXPECT_FALSE((*again)->minutes->ready);
}

TEST_F(MeetingStoreTest, AChangeNeedsTheStoredVersionAndATransaction) {
  ASSERT_TRUE(Add(Sample("m-1", Date(2026, 6, 3), 570)).ok());
  Meeting stale = Sample("m-1", Date(2026, 6, 4), 600);
  stale.version = 3;  // The stored one is 1.
  Status refused = Save(stale);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "if-match");
  Meeting unknown = Sample("m-2", Date(2026, 6, 4), 600);
  unknown.version = 2;
  EXPECT_EQ(Save(unknown).error().field, "meeting");
  EXPECT_EQ(Add(Sample("m-1", Date(2026, 6, 3), 570)).error().field, "id");
  Meeting stranger = Sample("m-3", Date(2026, 6, 3), 570);
  stranger.person = "199001019828";
  EXPECT_EQ(Add(stranger).error().field, "person");
  EXPECT_FALSE(journal_->AddMeeting(Sample("m-4", Date(2026, 6, 3), 570)).ok());  // No transaction.
  {
    UnitOfWork work(*journal_);  // Rolled back: never committed.
    ASSERT_TRUE(work.Begin().ok());
    ASSERT_TRUE(journal_->AddMeeting(Sample("m-5", Date(2026, 6, 3), 570)).ok());
  }
  EXPECT_FALSE(*journal_->FindMeeting("m-5"));
  EXPECT_EQ((*journal_->FindMeeting("m-1"))->date, Date(2026, 6, 3));
}

TEST_F(MeetingStoreTest, APersonsMeetingsComeEarliestFirst) {
  ASSERT_TRUE(Add(Sample("m-b", Date(2026, 6, 3), 600)).ok());
  ASSERT_TRUE(Add(Sample("m-a", Date(2026, 6, 3), 540)).ok());
  ASSERT_TRUE(Add(Sample("m-c", Date(2026, 5, 30), 900)).ok());
  auto listed = ListMeetingsOfPerson(*journal_, kPerson);
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> ids;
  for (const Meeting& m : *listed) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"m-c", "m-a", "m-b"}));
  auto upcoming = UpcomingMeetingsOfPerson(*journal_, kPerson, Date(2026, 6, 1));
  ASSERT_TRUE(upcoming.ok());
  EXPECT_EQ(upcoming->size(), 2u);
  const std::vector<std::string> halmstad = {"1380"}, laholm = {"1381"};
  EXPECT_EQ(journal_->MeetingsFrom(halmstad, Date(2026, 6, 3))->size(), 2u);
  EXPECT_TRUE(journal_->MeetingsFrom(laholm, Date(2026, 1, 1))->empty());
}

}  // namespace
}  // namespace rattvag
