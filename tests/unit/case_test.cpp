// The workflow's transition table and the projections of a case (DOMAIN.md §5, §10).
#include <gtest/gtest.h>

#include "domain/case.hpp"
#include "journal_builder.hpp"

namespace rattvag {
namespace {

using testing::D;
using testing::Journal;

// Applies the journal's events in case order; returns the index and error of the first refusal.
std::optional<std::pair<size_t, Error>> FirstRefusal(const Journal& j) {
  CaseState state;
  auto events = j.Events();
  for (size_t i = 0; i < events.size(); ++i)
    if (Status s = state.Apply(events[i]); !s.ok()) return std::make_pair(i, s.error());
  return std::nullopt;
}

TEST(CaseStateTest, AValidStoryIsAccepted) {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380").Consent("2013-02-10", "C1", PartyBit(Party::kFk))
      .Referral("2013-03-01", "R1").Contact("2013-03-04", "R1").Simple("2013-04-01", EventType::kFkCoordinationStarted)
      .Readiness("2013-05-01", false, "2013-09-01").CoordinationEnded("2013-10-01", CoordinationEndReason::kCompleted)
      .Simple("2013-11-01", EventType::kFkCoordinationStarted)
      .EbEnded("2014-01-01", "1380", ExitReason::kFlyttat).EbStarted("2014-01-02", "1381");
  EXPECT_EQ(FirstRefusal(j), std::nullopt);
}

struct RefusalCase {
  const char* name;
  std::function<void(Journal&)> build;
  const char* field;
  const char* words;  // A part of the reason.
};

TEST(CaseStateTest, IllegalTransitionsAreRefusedWithTheStateAndAction) {
  const std::vector<RefusalCase> cases = {
      {"end without start", [](Journal& j) { j.EbEnded("2013-01-01", "1380", ExitReason::kOkand); }, "municipality",
       "no EB period is open in 1380"},
      {"end in another municipality",
       [](Journal& j) { j.EbStarted("2013-01-01", "1380").EbEnded("2013-02-01", "1381", ExitReason::kOkand); },
       "municipality", "no EB period is open in 1381"},
      {"two open periods", [](Journal& j) { j.EbStarted("2013-01-01", "1380").EbStarted("2013-02-01", "1380"); },
       "municipality", "already open in 1380 since 2013-01-01"},
      {"callback before referral", [](Journal& j) { j.Contact("2013-03-01", "R1").Referral("2013-03-02", "R1"); },
       "referral_id", "no referral with this id"},
      {"callback twice",
       [](Journal& j) { j.Referral("2013-03-01", "R1").Contact("2013-03-02", "R1").Contact("2013-03-03", "R1"); },
       "referral_id", "already been called back"},
      {"referral id reused", [](Journal& j) { j.Referral("2013-03-01", "R1").Referral("2013-04-01", "R1"); },
       "referral_id", "already used"},
      {"revoke unknown consent",
       [](Journal& j) {
         Event e; e.type = EventType::kConsentRevoked; e.date = D("2013-01-01"); e.consent_id = "C9"; j.Add(e);
       },
       "consent_id", "no consent with this id"},
      {"consent id reused",
       [](Journal& j) { j.Consent("2013-01-01", "C1", PartyBit(Party::kFk)).Consent("2013-02-01", "C1", PartyBit(Party::kAf)); },
       "consent_id", "already used"},
      {"readiness without coordination", [](Journal& j) { j.Readiness("2013-01-01", true); }, "type",
       "no FK coordination is open"},
      {"coordination end without start",
       [](Journal& j) { j.CoordinationEnded("2013-01-01", CoordinationEndReason::kOther); }, "type",
       "no FK coordination is open"},
      {"coordination started twice",
       [](Journal& j) {
         j.Simple("2013-01-01", EventType::kFkCoordinationStarted).Simple("2013-02-01", EventType::kFkCoordinationStarted);
       },
       "type", "already open since 2013-01-01"},
  };
  for (const auto& c : cases) {
    Journal j;
    c.build(j);
    auto refusal = FirstRefusal(j);
    ASSERT_TRUE(refusal.has_value()) << c.name;
    EXPECT_EQ(refusal->second.field, c.field) << c.name;
    EXPECT_NE(refusal->second.reason.find(c.words), std::string::npos) << c.name << ": " << refusal->second.reason;
  }
}

TEST(CaseStateTest, RevokingTwiceIsRefusedAndStateIsUnchangedAfterARefusal) {
  CaseState state;
  Event referral; referral.type = EventType::kFkReferralSent; referral.date = D("2013-01-01"); referral.referral_id = "R1";
  Event contact = referral; contact.type = EventType::kFkContactMade; contact.referral_id = "R2";
  ASSERT_TRUE(state.Apply(referral).ok());
  EXPECT_FALSE(state.Apply(contact).ok());
  contact.referral_id = "R1";
  EXPECT_TRUE(state.Apply(contact).ok());
}

// Days without EB strictly between end and start: 90 joins, 91 does not.
TEST(CaseTest, MergeEbPeriods) {
  std::vector<EbPeriod> joined = {{"1380", D("2010-01-01"), D("2012-12-31"), ExitReason::kOkand},
                                  {"1380", D("2013-04-01"), std::nullopt, ExitReason::kOkand}};
  auto m = MergeEbPeriods(joined);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].start, D("2010-01-01"));
  EXPECT_EQ(m[0].end, std::nullopt);
  joined[1].start = D("2013-04-02");
  EXPECT_EQ(MergeEbPeriods(joined).size(), 2u);
}

TEST(CaseTest, ProjectionStepTracksAndEventsAfterAsOf) {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380").Certificate("2013-02-05", "2013-02-01", "2013-08-31")
      .Stance("2013-03-01", Direction::kAwaitTreatment).Referral("2013-03-05", "R1")
      .Applied("2013-04-01", Benefit::kSjukersattning).Simple("2014-01-01", EventType::kFkCoordinationStarted);
  auto events = j.Events();
  auto p = Project(events, D("2013-06-01"));
  EXPECT_EQ(p.municipality, "1380");
  EXPECT_TRUE(p.on_eb);
  EXPECT_EQ(p.step, Step::kBenefit);
  EXPECT_EQ(p.registered, D("2013-02-01"));
  std::vector<TrackKind> kinds;
  for (const auto& t : p.tracks) kinds.push_back(t.kind);
  EXPECT_EQ(kinds, (std::vector<TrackKind>{TrackKind::kSickLeave, TrackKind::kAwaitingFkCallback,
                                           TrackKind::kBenefitApplication, TrackKind::kAwaitTreatment}));
  EXPECT_EQ(p.referrals[0].callback_due, D("2013-03-08"));  // Tue 5 → Wed, Thu, Fri 8.
  EXPECT_FALSE(p.coordination_open_since.has_value());  // Dated after the as-of date.
}

TEST(CaseTest, ExitedWhenOffEbInTheCaseMunicipality) {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380").EbEnded("2014-01-01", "1380", ExitReason::kFlyttat)
      .EbStarted("2014-01-02", "1381");
  auto events = j.Events();
  auto p = Project(events, D("2014-06-01"));
  EXPECT_FALSE(p.on_eb);
  EXPECT_EQ(p.step, Step::kExited);
  EXPECT_EQ(CaseMunicipality(events), "1380");
}

}  // namespace
}  // namespace rattvag
