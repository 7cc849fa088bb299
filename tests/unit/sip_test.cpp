// The SIP's rules (domain/sip.hpp): the checks of a plan and of a call, each naming its field;
// the comparison of two versions; who sees the plan, who only the invitation.
#include <gtest/gtest.h>

#include "domain/sip.hpp"

namespace rattvag {
namespace {

const Date kToday(2026, 11, 27);

SipPlan Agreed() {
  SipPlan p;
  p.goals = {{"g1", "Jag vill orka gå till gymmet två gånger i veckan."}, {"g2", "Jag vill ha en praktikplats."}};
  SipIntervention a;
  a.id = "i1";
  a.description = "Arbetsförmågebedömning vid Arbetsmarknadscenter";
  a.responsible = Party::kAme;
  a.contact_name = "Karin Lind";
  a.contact_phone = "035-13 70 00";
  a.start = Date(2026, 12, 1);
  a.end = Date(2027, 2, 28);
  a.goal_id = "g2";
  SipIntervention b;
  b.id = "i2";
  b.description = "Samtalsstöd på vårdcentralen";
  b.responsible = Party::kRegion;
  b.contact_name = "Ali Berg";
  b.start = Date(2026, 11, 20);
  b.status = InterventionStatus::kOngoing;
  p.interventions = {a, b};
  p.others_do = "Syster följer med till första mötet.";
  p.coordinator_name = "Eva Ek";
  p.coordinator_party = Party::kEb;
  p.participants = {{"Den enskilde", std::nullopt, "Den enskilde"}, {"Eva Ek", Party::kEb, "Socialsekreterare"}};
  p.follow_up = Date(2027, 3, 1);
  p.person_consents = true;
  p.agreed_on = Date(2026, 11, 26);
  return p;
}

std::vector<std::string> Fields(const SipPlan& p) {
  std::vector<std::string> out;
  for (const Error& e : ValidateSipPlan(p, kToday)) out.push_back(e.field);
  return out;
}

TEST(SipTest, AnAgreedPlanAndAnEmptyDraftAreFine) {
  EXPECT_TRUE(ValidateSipPlan(Agreed(), kToday).empty());
  EXPECT_TRUE(ValidateSipPlan(SipPlan{}, kToday).empty());  // A draft right after the call.
}

TEST(SipTest, EveryProblemNamesItsField) {
  struct Case {
    const char* what;
    std::function<void(SipPlan&)> change;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"blank goal", [](SipPlan& p) { p.goals[1].text = "  \n"; }, {"goals[1].text"}},
      {"goal too long", [](SipPlan& p) { p.goals[0].text = std::string(1001, 'a'); }, {"goals[0].text"}},
      {"goal at the bound", [](SipPlan& p) { p.goals[0].text = std::string(1000, 'a'); }, {}},
      {"goal id twice", [](SipPlan& p) { p.goals[1].id = "g1"; }, {"goals[1].id", "interventions[0].goal_id"}},
      {"goal id shape", [](SipPlan& p) { p.goals[0].id = "G 1"; }, {"goals[0].id"}},
      {"intervention id twice", [](SipPlan& p) { p.interventions[1].id = "i1"; }, {"interventions[1].id"}},
      {"no contact", [](SipPlan& p) { p.interventions[1].contact_name = ""; }, {"interventions[1].contact_name"}},
      {"no description", [](SipPlan& p) { p.interventions[0].description = " "; }, {"interventions[0].description"}},
      {"end before start", [](SipPlan& p) { p.interventions[0].end = Date(2026, 11, 30); }, {"interventions[0].end"}},
      {"end on start", [](SipPlan& p) { p.interventions[0].end = Date(2026, 12, 1); }, {}},
      {"bad phone", [](SipPlan& p) { p.interventions[1].contact_phone = "ring mig"; }, {"interventions[1].contact_phone"}},
      {"unknown goal", [](SipPlan& p) { p.interventions[0].goal_id = "g9"; }, {"interventions[0].goal_id"}},
      {"participant twice", [](SipPlan& p) { p.participants[1].name = "Den enskilde"; }, {"participants[1].name"}},
      {"participant without role", [](SipPlan& p) { p.participants[0].role = ""; }, {"participants[0].role"}},
      {"others too long", [](SipPlan& p) { p.others_do = std::string(4001, 'x'); }, {"others_do"}},
      {"agreed without follow-up", [](SipPlan& p) { p.follow_up.reset(); }, {"follow_up"}},
      {"follow-up before agreement", [](SipPlan& p) { p.follow_up = Date(2026, 11, 25); }, {"follow_up"}},
      {"follow-up on agreement day", [](SipPlan& p) { p.follow_up = Date(2026, 11, 26); }, {}},
      {"agreed in the future", [](SipPlan& p) { p.agreed_on = Date(2026, 11, 28); p.follow_up = Date(2027, 1, 1); },
       {"agreed_on"}},
      {"agreed today", [](SipPlan& p) { p.agreed_on = kToday; }, {}},
      {"agreed without consent", [](SipPlan& p) { p.person_consents = false; }, {"person_consents"}},
      {"agreed without coordinator", [](SipPlan& p) { p.coordinator_name = ""; }, {"coordinator_name"}},
      {"agreed without goals", [](SipPlan& p) { p.goals.clear(); p.interventions[0].goal_id.reset(); }, {"goals"}},
      {"a draft needs no follow-up", [](SipPlan& p) { p.agreed_on.reset(); p.follow_up.reset(); p.person_consents = false; },
       {}},
      {"too many goals", [](SipPlan& p) { p.goals.resize(21, SipGoal{"gx", "x"}); for (size_t i = 0; i < 21; ++i) p.goals[i].id = "g" + std::to_string(i + 1); },
       {"goals"}},
  };
  for (const Case& c : cases) {
    SipPlan p = Agreed();
    c.change(p);
    EXPECT_EQ(Fields(p), c.fields) << c.what;
  }
}

TEST(SipTest, CallingNeedsATitleAndOtherPartiesOnce) {
  auto fields = [](std::string_view title, std::vector<Party> invited) {
    std::vector<std::string> out;
    for (const Error& e : ValidateSipCall(title, invited, Party::kEb)) out.push_back(e.field);
    return out;
  };
  EXPECT_TRUE(fields("SIP kring arbete och hälsa", {Party::kFk, Party::kRegion}).empty());
  EXPECT_EQ(fields("", {Party::kFk}), std::vector<std::string>{"title"});
  EXPECT_EQ(fields("två\nrader", {Party::kFk}), std::vector<std::string>{"title"});
  EXPECT_EQ(fields(std::string(121, 'a'), {Party::kFk}), std::vector<std::string>{"title"});
  EXPECT_EQ(fields("SIP", {}), std::vector<std::string>{"invited"});
  EXPECT_EQ(fields("SIP", {Party::kFk, Party::kFk}), std::vector<std::string>{"invited[1]"});
  EXPECT_EQ(fields("SIP", {Party::kEb, Party::kFk}), std::vector<std::string>{"invited[0]"});
  EXPECT_EQ(ValidateSipComment(std::string(1001, 'a'))->field, "comment");
  EXPECT_FALSE(ValidateSipComment(std::string(1000, 'a')));
}

TEST(SipTest, EqualPlansHaveNoChanges) { EXPECT_TRUE(CompareSipPlans(Agreed(), Agreed()).empty()); }

TEST(SipTest, ComparisonNamesWhatWasAddedRemovedAndChanged) {
  const SipPlan before = Agreed();
  SipPlan after = Agreed();
  after.goals.erase(after.goals.begin());                       // g1 removed.
  after.goals.push_back({"g3", "Jag vill sova bättre."});        // g3 added.
  after.interventions[0].goal_id.reset();
  after.interventions[1].status = InterventionStatus::kDone;     // i2: Pågår → Klar.
  after.interventions[1].end = Date(2026, 12, 15);               // i2: end set.
  after.participants.push_back({"Omar Said", Party::kFk, "Personlig handläggare"});
  after.follow_up = Date(2027, 4, 1);
  const std::vector<SipChange> changes = CompareSipPlans(before, after);
  ASSERT_EQ(changes.size(), 7u);
  EXPECT_EQ(changes[0].kind, SipChangeKind::kRemoved);
  EXPECT_EQ(changes[0].item, SipItem::kGoal);
  EXPECT_EQ(changes[0].id, "g1");
  EXPECT_EQ(changes[0].before, "Jag vill orka gå till gymmet två gånger i veckan.");
  EXPECT_EQ(changes[1].kind, SipChangeKind::kAdded);
  EXPECT_EQ(changes[1].id, "g3");
  EXPECT_EQ(changes[1].after, "Jag vill sova bättre.");
  EXPECT_EQ(changes[2].id, "i1");
  EXPECT_EQ(changes[2].field, "goal_id");
  EXPECT_EQ(changes[2].before, "g2");
  EXPECT_EQ(changes[2].after, "");
  EXPECT_EQ(changes[3].id, "i2");
  EXPECT_EQ(changes[3].field, "end");
  EXPECT_EQ(changes[3].after, "2026-12-15");
  EXPECT_EQ(changes[4].field, "status");
  EXPECT_EQ(changes[4].before, "Pågår");
  EXPECT_EQ(changes[4].after, "Klar");
  EXPECT_EQ(changes[4].summary, "Insats i2: Status från ”Pågår” till ”Klar”.");
  EXPECT_EQ(changes[5].kind, SipChangeKind::kAdded);
  EXPECT_EQ(changes[5].item, SipItem::kParticipant);
  EXPECT_EQ(changes[5].id, "Omar Said");
  EXPECT_EQ(changes[5].summary, "Deltagare Omar Said tillagd: ”Personlig handläggare”.");
  EXPECT_EQ(changes[6].item, SipItem::kPlan);
  EXPECT_EQ(changes[6].field, "follow_up");
  EXPECT_EQ(changes[6].field_label, "Uppföljning");
  EXPECT_EQ(changes[6].before, "2027-03-01");
  EXPECT_EQ(changes[6].after, "2027-04-01");
  // The other way round: what was added is removed, and the values swap.
  const std::vector<SipChange> back = CompareSipPlans(after, before);
  ASSERT_EQ(back.size(), 7u);
  EXPECT_EQ(back[0].kind, SipChangeKind::kRemoved);
  EXPECT_EQ(back[0].id, "g3");
  EXPECT_EQ(back[1].kind, SipChangeKind::kAdded);
  EXPECT_EQ(back[1].id, "g1");
}

TEST(SipTest, ResponsiblePartyAndConsentChangesAreShownInSwedish) {
  SipPlan after = Agreed();
  after.interventions[0].responsible = Party::kAf;
  after.person_consents = false;
  after.agreed_on.reset();
  const auto changes = CompareSipPlans(Agreed(), after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "responsible");
  EXPECT_EQ(changes[0].after, "Arbetsförmedlingen");
  EXPECT_EQ(changes[1].field, "person_consents");
  EXPECT_EQ(changes[1].before, "Ja");
  EXPECT_EQ(changes[1].after, "Nej");
  EXPECT_EQ(changes[2].field, "agreed_on");
  EXPECT_EQ(changes[2].after, "");
}

TEST(SipTest, WhoSeesThePlanAndWhoOnlyTheInvitation) {
  const AccessDecision owner{true, AccessGround::kOwnership, "", ""};
  const AccessDecision consent{true, AccessGround::kConsent, "C1", ""};
  const AccessDecision denied{false, AccessGround::kNone, "", "no consent"};
  const Actor eb{Role::kSocialsekreterare, "1380", {}};
  const Actor fk{Role::kPersonligHandlaggareFk, "", {"1380", "1231"}};
  const Actor fk_elsewhere{Role::kPersonligHandlaggareFk, "", {"0180"}};
  const Actor af{Role::kAfHandlaggare, "", {"1380"}};
  const Actor ame_other{Role::kAmeHandlaggare, "1381", {}};
  const Actor analyst{Role::kForbundAnalyst, "", {"1380"}};
  const std::vector<Party> invited = {Party::kFk, Party::kAme};
  EXPECT_EQ(DecideSipAccess(owner, eb, "1380", invited).access, SipAccess::kFull);
  EXPECT_EQ(DecideSipAccess(consent, fk, "1380", invited).access, SipAccess::kFull);
  EXPECT_EQ(DecideSipAccess(consent, af, "1380", invited).access, SipAccess::kFull);  // Consent, not invited.
  EXPECT_EQ(DecideSipAccess(denied, fk, "1380", invited).access, SipAccess::kInvitation);
  EXPECT_EQ(DecideSipAccess(denied, fk_elsewhere, "1380", invited).access, SipAccess::kNone);
  EXPECT_EQ(DecideSipAccess(denied, af, "1380", invited).access, SipAccess::kNone);  // Not invited.
  EXPECT_EQ(DecideSipAccess(denied, ame_other, "1380", invited).access, SipAccess::kNone);  // Another municipality.
  EXPECT_EQ(DecideSipAccess(denied, analyst, "1380", invited).access, SipAccess::kNone);
  EXPECT_TRUE(MayCallSip(consent));
  EXPECT_FALSE(MayCallSip(denied));
}

TEST(SipTest, FollowUpIsDueOnceAgreed) {
  Sip sip;
  SipVersion v;
  v.plan = Agreed();
  sip.versions.push_back(v);
  auto f = SipFollowUpOf(sip, kToday);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->due, Date(2027, 3, 1));
  EXPECT_FALSE(f->overdue);
  EXPECT_EQ(f->coordinator_name, "Eva Ek");
  EXPECT_FALSE(SipFollowUpOf(sip, Date(2027, 3, 1))->overdue);  // Due that day.
  EXPECT_TRUE(SipFollowUpOf(sip, Date(2027, 3, 2))->overdue);
  sip.versions.back().plan.agreed_on.reset();  // A draft: nothing is due.
  EXPECT_FALSE(SipFollowUpOf(sip, kToday));
}

TEST(SipTest, TheFollowUpDeadlineIsTheLatestAgreedVersions) {
  Sip sip;
  sip.id = "sip-00000000000000aa";
  SipVersion draft;
  draft.number = 1;
  sip.versions.push_back(draft);
  EXPECT_FALSE(SipFollowUpDeadline(sip, kToday));  // Only a draft.

  SipVersion agreed;
  agreed.number = 2;
  agreed.plan = Agreed();
  sip.versions.push_back(agreed);
  auto d = SipFollowUpDeadline(sip, kToday);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, DeadlineKind::kSipFollowUp);
  EXPECT_EQ(d->responsible, Responsible::kSipCoordinator);
  EXPECT_EQ(d->starts, Date(2026, 11, 26));
  EXPECT_EQ(d->due, Date(2027, 3, 1));
  EXPECT_EQ(d->status, DeadlineStatus::kOpen);
  EXPECT_EQ(d->reference, sip.id);
  EXPECT_EQ(d->action, ActionOf(DeadlineKind::kSipFollowUp));
  EXPECT_EQ(SipFollowUpDeadline(sip, Date(2027, 3, 1))->status, DeadlineStatus::kOpen);  // Due that day.
  EXPECT_EQ(SipFollowUpDeadline(sip, Date(2027, 3, 2))->status, DeadlineStatus::kOverdue);

  // A draft saved after the agreed plan does not move the follow-up: the agreed plan is in force.
  SipVersion later_draft = agreed;
  later_draft.number = 3;
  later_draft.plan.agreed_on.reset();
  later_draft.plan.follow_up = Date(2027, 1, 15);
  sip.versions.push_back(later_draft);
  EXPECT_EQ(SipFollowUpDeadline(sip, kToday)->due, Date(2027, 3, 1));
  EXPECT_EQ(SipFollowUpOf(sip, kToday)->due, Date(2027, 3, 1));

  // Followed up: a new agreed version with its own date takes over.
  SipVersion followed = agreed;
  followed.number = 4;
  followed.plan.agreed_on = Date(2027, 3, 1);
  followed.plan.follow_up = Date(2027, 6, 1);
  sip.versions.push_back(followed);
  d = SipFollowUpDeadline(sip, Date(2027, 3, 2));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->starts, Date(2027, 3, 1));
  EXPECT_EQ(d->due, Date(2027, 6, 1));
  EXPECT_EQ(d->status, DeadlineStatus::kOpen);
}

}  // namespace
}  // namespace rattvag
