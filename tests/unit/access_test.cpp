// The access policy of DOMAIN.md §3 as a matrix: every role × own / same-förbund / other
// municipality × consent states × read and record. The expectations are written out here from
// DOMAIN.md, not computed by the code under test.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/access.hpp"

namespace rattvag {
namespace {

const Date kOn(2026, 6, 1);
const std::string kOwn = "1380";      // The actor's municipality (municipal units) and in the area.
const std::string kArea = "1381";     // Same samordningsförbund, another municipality.
const std::string kOutside = "1499";  // Another förbund.

Actor ActorFor(Role role) { return Actor{role, kOwn, {kOwn, kArea}}; }

// What a role may read, where: 'O' by ownership whatever the consents, 'C' with a consent in
// force that names its party, '-' never.
struct Row {
  const char* role;
  char own, area, outside;
  std::optional<Party> party;
};
const Row kMatrix[] = {
    {"socialsekreterare", 'O', '-', '-', Party::kEb},
    {"kontaktperson_eb", 'O', '-', '-', Party::kEb},
    {"enhetschef", 'O', '-', '-', Party::kEb},
    {"personlig_handlaggare_fk", 'C', 'C', '-', Party::kFk},
    {"rehabsamordnare", 'C', 'C', '-', Party::kRegion},
    {"af_handlaggare", 'C', 'C', '-', Party::kAf},
    {"ame_handlaggare", 'C', '-', '-', Party::kAme},
    {"sjukskoterska", 'C', '-', '-', Party::kNurse},
    {"forbund_analyst", '-', '-', '-', std::nullopt},
    {"administrator", '-', '-', '-', std::nullopt},
};

ConsentView Consent(PartySet parties, const char* given, const char* until = nullptr, const char* revoked = nullptr) {
  ConsentView c;
  c.consent_id = "C-" + std::string(given);
  c.parties = parties;
  c.purpose = "samordnad rehabilitering";
  c.given = *Date::Parse(given);
  if (until) c.until = *Date::Parse(until);
  if (revoked) c.revoked = *Date::Parse(revoked);
  return c;
}

// Consent states on 2026-06-01 for a party, with whether they are in force that day.
struct ConsentCase {
  const char* name;
  std::vector<ConsentView> consents;
  bool in_force;
};
std::vector<ConsentCase> ConsentCases(PartySet mine, PartySet other) {
  return {
      {"none", {}, false},
      {"names the party", {Consent(mine, "2026-01-01")}, true},
      {"names other parties only", {Consent(other, "2026-01-01")}, false},
      {"revoked the day before", {Consent(mine, "2026-01-01", nullptr, "2026-05-31")}, false},
      {"revoked that day", {Consent(mine, "2026-01-01", nullptr, "2026-06-01")}, false},
      {"revoked the day after", {Consent(mine, "2026-01-01", nullptr, "2026-06-02")}, true},
      {"ended the day before", {Consent(mine, "2025-06-01", "2026-05-31")}, false},
      {"ends that day", {Consent(mine, "2025-06-01", "2026-06-01")}, true},
      {"given the day after", {Consent(mine, "2026-06-02")}, false},
      {"a revoked one and one in force", {Consent(mine, "2025-01-01", nullptr, "2025-12-31"), Consent(mine, "2026-02-01")}, true},
  };
}

TEST(Access, TheMatrixCoversEveryRole) {
  std::set<Role> covered;
  for (const Row& row : kMatrix) {
    auto role = ParseRole(row.role);
    ASSERT_TRUE(role.has_value()) << row.role;
    covered.insert(*role);
    EXPECT_EQ(PartyOf(*role), row.party) << row.role;
    EXPECT_EQ(Name(*role), row.role);
  }
  EXPECT_EQ(covered, std::set<Role>(AllRoles().begin(), AllRoles().end()));
  EXPECT_FALSE(ParseRole("root").has_value());
}

TEST(Access, ReadMatrix) {
  int checked = 0;
  for (const Row& row : kMatrix) {
    const Role role = *ParseRole(row.role);
    const PartySet mine = row.party && *row.party != Party::kEb ? PartyBit(*row.party) : PartyBit(Party::kFk);
    const PartySet other = mine == PartyBit(Party::kRegion) ? PartyBit(Party::kAf) : PartyBit(Party::kRegion);
    for (const auto& [place, rule] : {std::pair{kOwn, row.own}, std::pair{kArea, row.area}, std::pair{kOutside, row.outside}}) {
      for (const auto& c : ConsentCases(mine, other)) {
        SCOPED_TRACE(std::string(row.role) + " in " + place + ", consent " + c.name);
        const AccessDecision d = DecideCaseAccess(ActorFor(role), place, c.consents, kOn, CaseAction::kRead);
        const bool expected = rule == 'O' || (rule == 'C' && c.in_force);
        EXPECT_EQ(d.allowed, expected);
        if (!expected) {
          EXPECT_EQ(d.ground, AccessGround::kNone);
          EXPECT_FALSE(d.reason.empty());
          EXPECT_TRUE(d.consent_id.empty());
        } else if (rule == 'O') {
          EXPECT_EQ(d.ground, AccessGround::kOwnership);
          EXPECT_TRUE(d.consent_id.empty());
        } else {
          EXPECT_EQ(d.ground, AccessGround::kConsent);
          EXPECT_EQ(d.consent_id, c.consents.back().consent_id);  // The one in force.
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 10 * 3 * 10);
}

// What each party records itself (DOMAIN.md §2, the method §5): written out per party.
const std::map<Party, std::set<EventType>> kRecordable = {
    {Party::kFk,
     {EventType::kFkContactMade, EventType::kFkCoordinationStarted, EventType::kAvstamningsmoteHeld,
      EventType::kFkReadinessAssessed, EventType::kFkCoordinationEnded, EventType::kBenefitDecided,
      EventType::kSgiChecked, EventType::kSipMeetingHeld}},
    {Party::kRegion, {EventType::kSickCertificate, EventType::kSipMeetingHeld}},
    {Party::kAf, {EventType::kWorkCapacityAssessed, EventType::kSipMeetingHeld}},
    {Party::kAme, {EventType::kWorkCapacityAssessed, EventType::kMappingMeetingHeld, EventType::kSipMeetingHeld}},
    {Party::kNurse, {EventType::kMappingMeetingHeld, EventType::kSipMeetingHeld}},
};

TEST(Access, RecordMatrix) {
  const PartySet everyone = PartyBit(Party::kFk) | PartyBit(Party::kRegion) | PartyBit(Party::kAf) |
                            PartyBit(Party::kAme) | PartyBit(Party::kNurse);
  const std::vector<ConsentView> in_force = {Consent(everyone, "2026-01-01")};
  for (const Row& row : kMatrix) {
    const Role role = *ParseRole(row.role);
    for (int t = 0; t < kEventTypeCount; ++t) {
      const auto type = static_cast<EventType>(t);
      SCOPED_TRACE(std::string(row.role) + " records " + std::string(Name(type)));
      const AccessDecision own = DecideCaseAccess(ActorFor(role), kOwn, in_force, kOn, CaseAction::kRecord, type);
      bool expected = false;
      if (row.party == Party::kEb) expected = true;  // The owner records everything.
      else if (row.party) expected = kRecordable.at(*row.party).count(type) > 0;
      EXPECT_EQ(own.allowed, expected);
      // Without a consent nobody but the owner records anything.
      const AccessDecision without = DecideCaseAccess(ActorFor(role), kOwn, {}, kOn, CaseAction::kRecord, type);
      EXPECT_EQ(without.allowed, row.party == Party::kEb);
      // Another förbund's case: nobody.
      EXPECT_FALSE(DecideCaseAccess(ActorFor(role), kOutside, in_force, kOn, CaseAction::kRecord, type).allowed);
    }
    // A record without a type is refused, not guessed.
    EXPECT_FALSE(DecideCaseAccess(ActorFor(role), kOwn, in_force, kOn, CaseAction::kRecord).allowed);
  }
  // Consents are the person's decision, recorded by the owner only.
  for (Party p : {Party::kFk, Party::kRegion, Party::kAf, Party::kAme, Party::kNurse}) {
    EXPECT_FALSE(RecordableBy(p, EventType::kConsentGiven));
    EXPECT_FALSE(RecordableBy(p, EventType::kConsentRevoked));
    EXPECT_FALSE(RecordableBy(p, EventType::kStanceTaken));
  }
}

TEST(Access, DenialsSayWhyForTheAuditLog) {
  EXPECT_NE(DecideCaseAccess(ActorFor(Role::kAdministrator), kOwn, {}, kOn, CaseAction::kRead).reason.find("administrators"),
            std::string::npos);
  EXPECT_NE(DecideCaseAccess(ActorFor(Role::kSocialsekreterare), kArea, {}, kOn, CaseAction::kRead).reason.find("another municipality"),
            std::string::npos);
  EXPECT_NE(DecideCaseAccess(ActorFor(Role::kPersonligHandlaggareFk), kOwn, {}, kOn, CaseAction::kRead).reason.find("fk"),
            std::string::npos);
}

TEST(Access, MailboxAndAggregates) {
  struct Case {
    Role role;
    std::string municipality;
    bool mailbox;
    AggregateAccess aggregates;
  };
  const Case cases[] = {
      {Role::kPersonligHandlaggareFk, kOwn, true, AggregateAccess::kDenied},
      {Role::kPersonligHandlaggareFk, kArea, true, AggregateAccess::kDenied},
      {Role::kPersonligHandlaggareFk, kOutside, false, AggregateAccess::kDenied},
      {Role::kSocialsekreterare, kOwn, true, AggregateAccess::kFull},
      {Role::kEnhetschef, kOwn, true, AggregateAccess::kFull},
      {Role::kEnhetschef, kArea, false, AggregateAccess::kDenied},
      {Role::kForbundAnalyst, kOwn, false, AggregateAccess::kSuppressed},
      {Role::kForbundAnalyst, kArea, false, AggregateAccess::kSuppressed},
      {Role::kForbundAnalyst, kOutside, false, AggregateAccess::kDenied},
      {Role::kRehabsamordnare, kOwn, false, AggregateAccess::kDenied},
      {Role::kAdministrator, kOwn, false, AggregateAccess::kDenied},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(Name(c.role)) + " " + c.municipality);
    EXPECT_EQ(MaySeeMailbox(ActorFor(c.role), c.municipality), c.mailbox);
    EXPECT_EQ(DecideAggregateAccess(ActorFor(c.role), c.municipality), c.aggregates);
  }
}

TEST(Access, SmallCellsBelowTheThresholdAreSuppressed) {
  EXPECT_FALSE(Suppressed(0));
  for (int n = 1; n <= 4; ++n) EXPECT_TRUE(Suppressed(n)) << n;
  EXPECT_FALSE(Suppressed(5));
  EXPECT_FALSE(Suppressed(225));
  EXPECT_TRUE(Suppressed(9, 10));
  EXPECT_FALSE(Suppressed(10, 10));
}

}  // namespace
}  // namespace rattvag
