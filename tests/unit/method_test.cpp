// The method's description (domain/method.hpp) against the rules it describes: every claim of the
// description is checked by running the code that enforces it (Project, CaseState,
// DecideCaseAccess, ComputeDeadlines), never against a copy of the description.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "domain/access.hpp"
#include "domain/calendar.hpp"
#include "domain/method.hpp"
#include "domain/sip.hpp"
#include "journal_builder.hpp"

namespace rattvag {
namespace {

using testing::D;
using testing::Journal;

const MethodDescription& Method() {
  static const MethodDescription m = DescribeMethod(RuleOn(DefaultEligibilityRules(), D("2026-06-01")));
  return m;
}

// One event of `type` with the fields its checks need.
Event EventOf(EventType type, const char* date) {
  Event e;
  e.type = type;
  e.date = D(date);
  e.person = "198503129804";
  e.municipality = "1380";
  e.consent_id = "C1";
  e.referral_id = "R1";
  e.parties = PartyBit(Party::kFk);
  e.purpose = "samordnad rehabilitering";
  e.from = D(date);
  e.to = D(date).AddDays(30);
  e.extent = 100;
  return e;
}

// A person on EB in 1380 with every state an event may need: a consent, a referral and an open
// FK coordination. Its step is that of the coordination.
Journal Prepared() {
  Journal j;
  j.EbStarted("2014-01-01", "1380").Identified("2014-01-02", "1380");
  j.Consent("2014-01-03", "C1", PartyBit(Party::kFk));
  j.Referral("2014-01-04", "R1");
  j.Simple("2014-01-05", EventType::kFkCoordinationStarted);
  return j;
}

bool Accepted(const std::vector<Event>& events) {
  CaseState state;
  for (const auto& e : events)
    if (!state.Apply(e).ok()) return false;
  return true;
}

TEST(MethodTest, EveryStepOnceInMethodOrderWithItsSwedishName) {
  std::set<Step> seen;
  int expected = 0;
  for (const MethodStep& s : Method().steps) {
    EXPECT_EQ(s.number, ++expected);
    EXPECT_EQ(s.title, SwedishName(s.step));
    EXPECT_FALSE(s.summary.empty()) << Name(s.step);
    EXPECT_NE(s.step, Step::kNone);
    seen.insert(s.step);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(Step::kExited));  // Every step but kNone.
  // Method order is the declaration order of Step (DOMAIN.md §5).
  EXPECT_TRUE(std::is_sorted(Method().steps.begin(), Method().steps.end(),
                             [](const MethodStep& a, const MethodStep& b) { return a.step < b.step; }));
}

// For every event type, the step the description says it leads to is the step Project gives
// the case after it; a type that leads nowhere leaves the step as it was.
TEST(MethodTest, EveryTransitionIsWhatTheProjectionDoes) {
  ASSERT_EQ(Method().transitions.size(), static_cast<size_t>(kEventTypeCount));
  for (const MethodTransition& t : Method().transitions) {
    SCOPED_TRACE(std::string(Name(t.type)));
    EXPECT_EQ(t.title, MethodTitle(t.type));
    if (t.type == EventType::kSurveyAnswered) {
      EXPECT_EQ(t.to, Step::kNone);  // Anonymous: belongs to no case.
      continue;
    }
    Journal j = Prepared();
    const Step before = Project(j.Events(), D("2014-02-01")).step;
    ASSERT_EQ(before, Step::kFkCoordination);
    Event e = EventOf(t.type, "2014-02-01");
    if (t.type == EventType::kConsentGiven) e.consent_id = "C2";
    if (t.type == EventType::kFkReferralSent) e.referral_id = "R2";
    if (t.type == EventType::kEbPeriodStarted) e.municipality = "1381";  // 1380's is open.
    if (t.type == EventType::kFkCoordinationStarted) {  // Needs the open one ended first.
      j.CoordinationEnded("2014-01-20", CoordinationEndReason::kCompleted);
    }
    j.Add(e);
    ASSERT_TRUE(Accepted(j.Events())) << "the journal must pass CaseState";
    const Step after = Project(j.Events(), D("2014-02-01")).step;
    EXPECT_EQ(after, t.to == Step::kNone ? before : t.to);
  }
}

// A precondition is named exactly for the types CaseState can refuse: alone on a new case, or
// the same event twice.
TEST(MethodTest, PreconditionsAreExactlyTheTypesCaseStateCanRefuse) {
  for (const MethodTransition& t : Method().transitions) {
    SCOPED_TRACE(std::string(Name(t.type)));
    const Event e = EventOf(t.type, "2014-02-01");
    const bool refused_alone = !Accepted({e});
    const bool refused_twice = !Accepted({e, e});
    EXPECT_EQ(!t.precondition.empty(), refused_alone || refused_twice);
  }
}

// Who records what: the parties listed are exactly those DecideCaseAccess lets record the type
// under a consent in force (EB by ownership).
TEST(MethodTest, RecordedByIsWhatAccessAllows) {
  const std::vector<std::pair<Party, Actor>> actors = {
      {Party::kEb, {Role::kSocialsekreterare, "1380", {}}},
      {Party::kFk, {Role::kPersonligHandlaggareFk, "", {"1380"}}},
      {Party::kRegion, {Role::kRehabsamordnare, "", {"1380"}}},
      {Party::kAf, {Role::kAfHandlaggare, "", {"1380"}}},
      {Party::kAme, {Role::kAmeHandlaggare, "1380", {}}},
      {Party::kNurse, {Role::kSjukskoterska, "1380", {}}},
  };
  ASSERT_EQ(actors.size(), static_cast<size_t>(kPartyCount));
  ConsentView all;
  all.consent_id = "C1";
  for (int p = 0; p < kPartyCount; ++p) all.parties |= PartyBit(static_cast<Party>(p));
  all.given = D("2014-01-01");
  all.active = true;
  const std::vector<ConsentView> consents = {all};
  for (const MethodTransition& t : Method().transitions) {
    for (const auto& [party, actor] : actors) {
      SCOPED_TRACE(std::string(Name(t.type)) + " by " + std::string(Name(party)));
      const bool listed = std::find(t.recorded_by.begin(), t.recorded_by.end(), party) != t.recorded_by.end();
      const AccessDecision d = DecideCaseAccess(actor, "1380", consents, D("2014-02-01"), CaseAction::kRecord, t.type);
      EXPECT_EQ(listed, d.allowed);
    }
  }
  // EB owns the case and records every type.
  for (const MethodTransition& t : Method().transitions)
    EXPECT_NE(std::find(t.recorded_by.begin(), t.recorded_by.end(), Party::kEb), t.recorded_by.end());
}

// Every direction once; the track the description names is the one Project opens after a stance
// of that direction, and none when it names none.
TEST(MethodTest, DirectionsOpenTheTracksTheyName) {
  ASSERT_EQ(Method().directions.size(), static_cast<size_t>(kDirectionCount));
  const std::set<TrackKind> stance_tracks = {TrackKind::kAwaitTreatment, TrackKind::kClarifyWithHealthcare,
                                             TrackKind::kLabourMarket, TrackKind::kSip, TrackKind::kOther};
  for (size_t i = 0; i < Method().directions.size(); ++i) {
    const MethodDirection& d = Method().directions[i];
    SCOPED_TRACE(std::string(Name(d.direction)));
    EXPECT_EQ(d.direction, AllDirections()[i]);
    EXPECT_FALSE(d.title.empty());
    EXPECT_FALSE(d.explanation.empty());
    Journal j;
    j.EbStarted("2014-01-01", "1380").Identified("2014-01-02", "1380");
    j.Certificate("2014-01-10", "2014-01-10", "2014-06-30").Stance("2014-02-01", d.direction);
    std::optional<TrackKind> opened;
    for (const Track& track : Project(j.Events(), D("2014-02-02")).tracks)
      if (stance_tracks.count(track.kind)) opened = track.kind;
    EXPECT_EQ(opened, d.track);
    if (d.leads_to != Step::kNone) {  // A step the flowchart has.
      EXPECT_TRUE(std::any_of(Method().steps.begin(), Method().steps.end(),
                              [&](const MethodStep& s) { return s.step == d.leads_to; }));
    }
  }
  // The clarifying direction names the form that goes to the doctor (DOMAIN.md §5.4).
  EXPECT_NE(Method().directions[1].explanation.find("Underlag från socialtjänsten till läkare"), std::string_view::npos);
}

// For each deadline kind, a case that starts one: the deadline ComputeDeadlines gives has the
// rule's responsible and action, was started by one of the rule's event types, is due as the
// rule's numbers say, and each of the rule's closing event types meets it.
struct Scenario {
  DeadlineKind kind;
  Journal journal;
  EventType started_by;
  const char* as_of;
  const char* birth;
  Date expected_due;
  std::string number;  // The rule's number that its words must name.
  std::vector<Event> closers;  // One journal per closer: each must meet the deadline.
};

std::vector<Scenario> Scenarios() {
  const EligibilityRule& rule = RuleOn(DefaultEligibilityRules(), D("2026-06-01"));
  std::vector<Scenario> out;
  auto on_eb = [] {
    Journal j;
    j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380");
    return j;
  };
  auto ev = [](EventType type, const char* date) { return EventOf(type, date); };
  {
    Journal j = on_eb();
    j.Certificate("2014-01-10", "2014-01-10", "2014-06-30");
    out.push_back({DeadlineKind::kStance, j, EventType::kSickCertificate, "2014-02-01", "1980-01-01",
                   D("2014-01-10").AddMonthsClamped(kStanceDueMonths), std::to_string(kStanceDueMonths),
                   {ev(EventType::kStanceTaken, "2014-02-01")}});
  }
  {
    Journal j = on_eb();
    j.Referral("2014-03-03", "R1");
    out.push_back({DeadlineKind::kFkCallback, j, EventType::kFkReferralSent, "2014-03-04", "1980-01-01",
                   NthWorkingDayAfter(D("2014-03-03"), kFkCallbackWorkingDays), std::to_string(kFkCallbackWorkingDays),
                   {ev(EventType::kFkContactMade, "2014-03-05")}});
  }
  {
    Journal j = on_eb();
    j.Simple("2014-03-01", EventType::kFkCoordinationStarted).Readiness("2014-04-01", false, "2014-08-01");
    Event again = ev(EventType::kFkReadinessAssessed, "2014-05-01");
    again.ready = true;
    out.push_back({DeadlineKind::kFkWatchReview, j, EventType::kFkReadinessAssessed, "2014-04-02", "1980-01-01",
                   D("2014-08-01"), "6", {again, ev(EventType::kFkCoordinationEnded, "2014-05-01")}});
  }
  {
    Journal j = on_eb();
    j.Simple("2014-03-01", EventType::kFkCoordinationStarted).CoordinationEnded("2014-04-01", CoordinationEndReason::kNotReady);
    Event referral = ev(EventType::kFkReferralSent, "2014-04-03");
    referral.referral_id = "R9";
    Event sip = ev(EventType::kSipMeetingHeld, "2014-04-03");
    out.push_back({DeadlineKind::kReplanAfterFkClosed, j, EventType::kFkCoordinationEnded, "2014-04-02", "1980-01-01",
                   NthWorkingDayAfter(D("2014-04-01"), 10), "10",
                   {ev(EventType::kStanceTaken, "2014-04-03"), sip, ev(EventType::kBenefitApplied, "2014-04-03"), referral,
                    ev(EventType::kFkCoordinationStarted, "2014-04-03")}});
  }
  {
    Journal j = on_eb();
    j.Certificate("2014-01-10", "2014-01-10", "2014-03-31");
    Event next = ev(EventType::kSickCertificate, "2014-03-20");
    next.from = D("2014-04-01");
    next.to = D("2014-05-31");
    out.push_back({DeadlineKind::kCertificateRunningOut, j, EventType::kSickCertificate, "2014-03-01", "1980-01-01",
                   D("2014-03-31").AddDays(-7), "7", {next}});
  }
  {
    Journal j = on_eb();
    j.Decided("2018-01-01", Benefit::kAktivitetsersattning, Outcome::kGranted);
    const Date ends = FirstOfMonthTurning(D("1990-06-15"), rule.ae_until_age);
    Event se = ev(EventType::kBenefitApplied, "2019-02-01");
    se.benefit = Benefit::kSjukersattning;
    out.push_back({DeadlineKind::kAeEndsAt30, j, EventType::kBenefitDecided, "2019-01-01", "1990-06-15",
                   ends.AddMonthsClamped(-rule.ae_planning_months), std::to_string(rule.ae_until_age),
                   {ev(EventType::kStanceTaken, "2019-02-01"), ev(EventType::kSipMeetingHeld, "2019-02-01"), se}});
  }
  {
    Journal j = on_eb();
    j.Consent("2014-01-01", "C1", PartyBit(Party::kFk), "2014-06-30");
    Event renewed = ev(EventType::kConsentGiven, "2014-06-01");
    renewed.consent_id = "C2";
    out.push_back({DeadlineKind::kConsentExpiry, j, EventType::kConsentGiven, "2014-02-01", "1980-01-01",
                   D("2014-06-30").AddDays(-14), "14", {renewed, ev(EventType::kConsentRevoked, "2014-06-01")}});
  }
  return out;
}

std::optional<Deadline> Find(const Journal& j, DeadlineKind kind, const char* as_of, const char* birth) {
  const auto events = j.Events();
  const auto projection = Project(events, D(as_of));
  for (const Deadline& d : ComputeDeadlines(events, projection, D(birth), DefaultEligibilityRules()))
    if (d.kind == kind) return d;
  return std::nullopt;
}

TEST(MethodTest, DeadlineRulesAreWhatComputeDeadlinesDoes) {
  const auto& rules = Method().deadlines;
  ASSERT_EQ(rules.size(), static_cast<size_t>(kDeadlineKindCount));
  const auto scenarios = Scenarios();
  // One scenario per kind the events give; the SIP follow-up comes from the SIP (next test).
  ASSERT_EQ(scenarios.size(), rules.size() - 1);
  for (const Scenario& s : scenarios) {
    SCOPED_TRACE(std::string(Name(s.kind)));
    const auto rule = std::find_if(rules.begin(), rules.end(), [&](const DeadlineRule& r) { return r.kind == s.kind; });
    ASSERT_NE(rule, rules.end());
    EXPECT_EQ(rule->responsible, ResponsibleOf(s.kind));
    EXPECT_FALSE(rule->starts.empty());
    EXPECT_FALSE(rule->closes.empty());
    const std::string words = rule->starts + " " + rule->due;  // The watch's 6 months are in `starts`.
    EXPECT_NE(words.find(s.number), std::string::npos) << words;
    EXPECT_NE(std::find(rule->started_by.begin(), rule->started_by.end(), s.started_by), rule->started_by.end());
    const auto d = Find(s.journal, s.kind, s.as_of, s.birth);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->responsible, rule->responsible);
    EXPECT_EQ(d->action, ActionOf(s.kind));
    EXPECT_EQ(d->due, s.expected_due);
    EXPECT_EQ(d->status, DeadlineStatus::kOpen);
    // Every closing type the rule names is tried, and each meets the deadline.
    std::set<EventType> tried;
    for (const Event& closer : s.closers) {
      SCOPED_TRACE(std::string(Name(closer.type)));
      Journal j = s.journal;
      j.Add(closer);
      ASSERT_TRUE(Accepted(j.Events()));
      const auto met = Find(j, s.kind, closer.date.ToString().c_str(), s.birth);
      ASSERT_TRUE(met.has_value());
      EXPECT_EQ(met->status, DeadlineStatus::kMet);
      tried.insert(closer.type);
    }
    EXPECT_EQ(tried, std::set<EventType>(rule->met_by.begin(), rule->met_by.end()));
  }
}

// The SIP follow-up's rule in words names what SipFollowUpDeadline does: started where a plan is
// agreed (a SIP meeting), due on the plan's follow-up date, for the coordinator; met by no event.
TEST(MethodTest, TheSipFollowUpRuleIsWhatSipFollowUpDeadlineDoes) {
  const auto& rules = Method().deadlines;
  const auto rule = std::find_if(rules.begin(), rules.end(),
                                 [](const DeadlineRule& r) { return r.kind == DeadlineKind::kSipFollowUp; });
  ASSERT_NE(rule, rules.end());
  EXPECT_EQ(rule->responsible, ResponsibleOf(DeadlineKind::kSipFollowUp));
  EXPECT_NE(rule->due.find("Uppföljningsdatumet"), std::string::npos) << rule->due;
  EXPECT_EQ(rule->started_by, std::vector<EventType>{EventType::kSipMeetingHeld});
  EXPECT_TRUE(rule->met_by.empty());
  Sip sip;
  sip.id = "sip-0000000000000001";
  SipVersion v;
  v.plan.coordinator_name = "Eva Ek";
  v.plan.person_consents = true;
  v.plan.goals = {{"g1", "Jag vill orka mer."}};
  v.plan.agreed_on = D("2014-03-01");
  v.plan.follow_up = D("2014-06-01");
  sip.versions.push_back(v);
  const auto d = SipFollowUpDeadline(sip, D("2014-03-02"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->responsible, rule->responsible);
  EXPECT_EQ(d->action, ActionOf(DeadlineKind::kSipFollowUp));
  EXPECT_EQ(d->due, D("2014-06-01"));
  EXPECT_EQ(d->status, DeadlineStatus::kOpen);
}

TEST(MethodTest, EveryPartyHasATitle) {
  ASSERT_EQ(Method().parties.size(), static_cast<size_t>(kPartyCount));
  for (int p = 0; p < kPartyCount; ++p) {
    EXPECT_EQ(Method().parties[p].party, static_cast<Party>(p));
    EXPECT_FALSE(Method().parties[p].title.empty());
  }
}

}  // namespace
}  // namespace rattvag
