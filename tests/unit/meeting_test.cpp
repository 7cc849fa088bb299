// The rules of meetings (domain/meeting.hpp): the schedule's fields, the state table, and the
// journal events that minutes record (DOMAIN.md §10).
#include <gtest/gtest.h>

#include "domain/meeting.hpp"

namespace rattvag {
namespace {

const Date kToday = *Date::Parse("2026-11-27");

Meeting Planned(MeetingKind kind) {
  Meeting m;
  m.id = "m-00112233";
  m.person = "199001019802";
  m.municipality = "1380";
  m.kind = kind;
  m.date = *Date::Parse("2026-11-27");
  m.start_minutes = 9 * 60 + 30;
  m.duration_minutes = 60;
  m.place = "Arbetsmarknadscenter, Halmstad";
  m.invitations = {Invite(Party::kFk), Invite(Party::kRegion)};
  return m;
}

std::string FirstField(const Meeting& m) {
  auto errors = ValidateMeeting(m);
  return errors.empty() ? std::string() : errors.front().field;
}

TEST(MeetingTest, WireNamesRoundTrip) {
  for (MeetingKind k : {MeetingKind::kMapping, MeetingKind::kAvstamning, MeetingKind::kSip})
    EXPECT_EQ(ParseMeetingKind(Name(k)), k);
  EXPECT_EQ(Name(MeetingKind::kAvstamning), "avstamningsmote");
  EXPECT_EQ(SwedishName(MeetingKind::kSip), "SIP-möte");
  EXPECT_FALSE(ParseMeetingKind("avstämningsmöte"));
  EXPECT_EQ(ParseInvitationAnswer("declined"), InvitationAnswer::kDeclined);
  EXPECT_FALSE(ParseMeetingStatus("PLANNED"));
}

TEST(MeetingTest, ClockAtItsBoundaries) {
  EXPECT_EQ(ParseClock("00:00"), 0);
  EXPECT_EQ(ParseClock("09:30"), 570);
  EXPECT_EQ(ParseClock("23:59"), 1439);
  for (const char* bad : {"24:00", "23:60", "9:30", "09.30", "09:3", "", "0930", "ab:cd", "09:30 "})
    EXPECT_FALSE(ParseClock(bad)) << bad;
  EXPECT_EQ(FormatClock(0), "00:00");
  EXPECT_EQ(FormatClock(570), "09:30");
  EXPECT_EQ(FormatClock(1439), "23:59");
}

TEST(MeetingTest, VideoLinksAreHttpsUrls) {
  for (const char* ok : {"https://meet.example.se/abc-123", "https://x.se", "https://video.region.example:8443/r?id=7#a"})
    EXPECT_TRUE(IsHttpsUrl(ok)) << ok;
  for (const char* bad : {"http://meet.example.se/x", "https://", "https:///x", "https://-x.se", "https://x.se/a b",
                          "https://x.se/\"", "javascript:alert(1)", "https://x.se:/a", "https://x.se:123456",
                          "ftp://x.se", "https://exämpel.se", "https://x.se/<script>"})
    EXPECT_FALSE(IsHttpsUrl(bad)) << bad;
  EXPECT_TRUE(IsHttpsUrl("https://x.se/" + std::string(487, 'a')));   // 500 characters.
  EXPECT_FALSE(IsHttpsUrl("https://x.se/" + std::string(488, 'a')));  // 501.
}

TEST(MeetingTest, AGoodScheduleHasNoProblems) {
  EXPECT_TRUE(ValidateMeeting(Planned(MeetingKind::kAvstamning)).empty());
  Meeting video = Planned(MeetingKind::kSip);
  video.place.clear();
  video.video_url = "https://meet.example.se/sip";
  EXPECT_TRUE(ValidateMeeting(video).empty());
}

TEST(MeetingTest, EveryProblemNamesItsField) {
  Meeting m = Planned(MeetingKind::kMapping);
  m.start_minutes = 1440;
  EXPECT_EQ(FirstField(m), "time");
  m = Planned(MeetingKind::kMapping);
  m.duration_minutes = 14;
  EXPECT_EQ(FirstField(m), "duration_minutes");
  m.duration_minutes = 15;
  EXPECT_EQ(FirstField(m), "");
  m.duration_minutes = 480;
  EXPECT_EQ(FirstField(m), "");
  m.duration_minutes = 481;
  EXPECT_EQ(FirstField(m), "duration_minutes");
  m = Planned(MeetingKind::kMapping);
  m.place.clear();
  EXPECT_EQ(FirstField(m), "place");
  m.video_url = "http://meet.example.se";
  EXPECT_EQ(FirstField(m), "video_url");
  m = Planned(MeetingKind::kMapping);
  m.place = std::string(201, 'a');
  EXPECT_EQ(FirstField(m), "place");
  m.place = std::string(100, 'a') + "\x01";
  EXPECT_EQ(FirstField(m), "place");
  m = Planned(MeetingKind::kMapping);
  std::string swedish;
  for (int i = 0; i < 200; ++i) swedish += "å";  // 200 characters, 400 bytes: allowed.
  m.place = swedish;
  EXPECT_EQ(FirstField(m), "");
  m = Planned(MeetingKind::kMapping);
  m.invitations.push_back(Invite(Party::kFk));
  EXPECT_EQ(FirstField(m), "invited");
  m = Planned(MeetingKind::kSip);
  m.sip_id = "sip 1";
  EXPECT_EQ(FirstField(m), "sip_id");
  m.sip_id = "sip-0a1b";
  EXPECT_EQ(FirstField(m), "");
  m.message = std::string(1001, 'a');
  EXPECT_EQ(FirstField(m), "message");
  m.message = "Rad ett\nRad två";
  EXPECT_EQ(FirstField(m), "");
}

TEST(MeetingTest, OnlyAPlannedMeetingChanges) {
  for (MeetingAction a : {MeetingAction::kChange, MeetingAction::kCancel, MeetingAction::kAnswer, MeetingAction::kHold}) {
    EXPECT_TRUE(CheckMeetingAction(MeetingStatus::kPlanned, a).ok());
    for (MeetingStatus s : {MeetingStatus::kHeld, MeetingStatus::kCancelled}) {
      Status refused = CheckMeetingAction(s, a);
      ASSERT_FALSE(refused.ok());
      EXPECT_EQ(refused.error().field, "status");
      EXPECT_NE(refused.error().reason.find(std::string(Name(s))), std::string::npos);
      EXPECT_NE(refused.error().reason.find(std::string(Name(a))), std::string::npos);
    }
  }
}

MeetingMinutes Minutes(PartySet attendees) {
  MeetingMinutes minutes;
  minutes.attendees = attendees;
  minutes.notes = "Genomgång av läget.";
  minutes.decisions = {"FK bokar nytt avstämningsmöte."};
  return minutes;
}

TEST(MeetingTest, AMappingMeetingRecordsMappingMeetingHeld) {
  auto events = MinutesEvents(Planned(MeetingKind::kMapping), Minutes(PartyBit(Party::kEb)), kToday);
  ASSERT_TRUE(events.ok()) << events.error().ToString();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, EventType::kMappingMeetingHeld);
  EXPECT_EQ((*events)[0].date, *Date::Parse("2026-11-27"));
  EXPECT_EQ((*events)[0].person, "199001019802");
  EXPECT_EQ((*events)[0].id, "m-00112233/held");
}

TEST(MeetingTest, AnAvstamningsmoteRecordsCoordinationMeetingAndReadiness) {
  MeetingMinutes minutes = Minutes(PartyBit(Party::kEb) | PartyBit(Party::kFk) | PartyBit(Party::kRegion));
  minutes.coordination_started = true;
  minutes.ready = false;
  minutes.prognosis_date = *Date::Parse("2027-03-01");
  auto events = MinutesEvents(Planned(MeetingKind::kAvstamning), minutes, kToday);
  ASSERT_TRUE(events.ok()) << events.error().ToString();
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].type, EventType::kFkCoordinationStarted);
  EXPECT_EQ((*events)[1].type, EventType::kAvstamningsmoteHeld);
  EXPECT_EQ((*events)[1].parties, minutes.attendees);
  EXPECT_EQ((*events)[2].type, EventType::kFkReadinessAssessed);
  EXPECT_FALSE((*events)[2].ready);
  EXPECT_EQ((*events)[2].prognosis_date, *Date::Parse("2027-03-01"));

  // Without readiness and not the first: the meeting only.
  events = MinutesEvents(Planned(MeetingKind::kAvstamning), Minutes(PartyBit(Party::kFk)), kToday);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, EventType::kAvstamningsmoteHeld);
}

TEST(MeetingTest, ASipMeetingRecordsSipMeetingHeldWithItsParties) {
  const PartySet parties = PartyBit(Party::kEb) | PartyBit(Party::kAme) | PartyBit(Party::kNurse);
  auto events = MinutesEvents(Planned(MeetingKind::kSip), Minutes(parties), kToday);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, EventType::kSipMeetingHeld);
  EXPECT_EQ((*events)[0].parties, parties);
}

TEST(MeetingTest, MinutesAreCheckedFieldByField) {
  auto field = [](const Meeting& m, const MeetingMinutes& minutes, Date today = kToday) {
    auto events = MinutesEvents(m, minutes, today);
    return events.ok() ? std::string() : events.error().field;
  };
  const Meeting avstamning = Planned(MeetingKind::kAvstamning);
  EXPECT_EQ(field(avstamning, Minutes(0)), "attendees");
  MeetingMinutes m = Minutes(PartyBit(Party::kFk));
  m.decisions.push_back("");
  EXPECT_EQ(field(avstamning, m), "decisions");
  m = Minutes(PartyBit(Party::kFk));
  m.decisions.assign(51, "Beslut");
  EXPECT_EQ(field(avstamning, m), "decisions");
  m = Minutes(PartyBit(Party::kFk));
  m.notes = std::string(20001, 'a');
  EXPECT_EQ(field(avstamning, m), "notes");
  m = Minutes(PartyBit(Party::kFk));
  m.ready = true;
  m.prognosis_date = *Date::Parse("2027-01-01");
  EXPECT_EQ(field(avstamning, m), "prognosis_date");
  m.ready = false;
  m.prognosis_date = *Date::Parse("2026-11-26");  // Before the meeting.
  EXPECT_EQ(field(avstamning, m), "prognosis_date");
  m.prognosis_date = *Date::Parse("2026-11-27");
  EXPECT_EQ(field(avstamning, m), "");
  m = Minutes(PartyBit(Party::kFk));
  m.ready = true;
  EXPECT_EQ(field(Planned(MeetingKind::kSip), m), "ready");
  m = Minutes(PartyBit(Party::kFk));
  m.coordination_started = true;
  EXPECT_EQ(field(Planned(MeetingKind::kMapping), m), "coordination_started");
  // The meeting's day and the day before it.
  EXPECT_EQ(field(avstamning, Minutes(PartyBit(Party::kFk)), *Date::Parse("2026-11-27")), "");
  EXPECT_EQ(field(avstamning, Minutes(PartyBit(Party::kFk)), *Date::Parse("2026-11-26")), "date");
}

TEST(MeetingTest, InvitationTextCarriesNoPersonalData) {
  EXPECT_TRUE(CheckInvitationText("Vi ses i receptionen på plan 2.", "message", kToday, false).ok());
  Status refused = CheckInvitationText("Gäller 19900101-9802", "message", kToday, true);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "message");
  Status warned = CheckInvitationText("Gäller Anna Andersson", "comment", kToday, false);
  ASSERT_FALSE(warned.ok());
  EXPECT_EQ(warned.error().field, "comment");
  EXPECT_TRUE(CheckInvitationText("Gäller Anna Andersson", "comment", kToday, true).ok());
}

TEST(MeetingTest, TitlesNameTheKindOnly) {
  Meeting m = Planned(MeetingKind::kAvstamning);
  EXPECT_EQ(MeetingTitle(m), "Avstämningsmöte");
  EXPECT_EQ(MeetingTitle(m).find("1990"), std::string::npos);
}

TEST(MeetingTest, ListsAreOrderedByStart) {
  Meeting a = Planned(MeetingKind::kSip), b = a;
  b.start_minutes += 1;
  EXPECT_TRUE(MeetingStartsBefore(a, b));
  b = a;
  b.date = a.date.AddDays(-1);
  b.start_minutes = 1439;
  EXPECT_TRUE(MeetingStartsBefore(b, a));
}

}  // namespace
}  // namespace rattvag
