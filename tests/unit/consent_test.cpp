// Who may give, limit and revoke a consent, and what a limit may do (domain/consent.hpp).
#include <gtest/gtest.h>

#include <vector>

#include "domain/consent.hpp"

namespace rattvag {
namespace {

const Date kOn(2026, 6, 1);
const std::string kOwn = "1380";

ConsentView Consent(std::string id, PartySet parties, std::optional<Date> until = std::nullopt,
                    std::optional<Date> revoked = std::nullopt) {
  return ConsentView{std::move(id), parties, "samordning", Date(2026, 1, 10), until, revoked, false};
}

Actor ActorFor(Role role, std::string municipality = kOwn) { return Actor{role, municipality, {kOwn}}; }

TEST(ConsentChange, TheOwnerGivesLimitsAndRevokes) {
  const std::vector<ConsentView> consents = {Consent("c1", PartyBit(Party::kFk))};
  for (ConsentChange change : {ConsentChange::kGive, ConsentChange::kLimit, ConsentChange::kRevoke}) {
    const auto d = DecideConsentChange(ActorFor(Role::kSocialsekreterare), kOwn, consents, kOn, change, "c1");
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.ground, AccessGround::kOwnership);
  }
  EXPECT_FALSE(DecideConsentChange(ActorFor(Role::kSocialsekreterare, "1381"), kOwn, consents, kOn,
                                   ConsentChange::kGive, "").allowed);
}

TEST(ConsentChange, ANamedPartyMayOnlyRecordTheRevocationOfItsOwnConsent) {
  const std::vector<ConsentView> consents = {Consent("c1", PartyBit(Party::kFk) | PartyBit(Party::kRegion)),
                                             Consent("c2", PartyBit(Party::kRegion))};
  const Actor fk = ActorFor(Role::kPersonligHandlaggareFk);
  const auto revoke = DecideConsentChange(fk, kOwn, consents, kOn, ConsentChange::kRevoke, "c1");
  EXPECT_TRUE(revoke.allowed);
  EXPECT_EQ(revoke.ground, AccessGround::kConsent);
  EXPECT_EQ(revoke.consent_id, "c1");
  EXPECT_FALSE(DecideConsentChange(fk, kOwn, consents, kOn, ConsentChange::kRevoke, "c2").allowed);
  EXPECT_FALSE(DecideConsentChange(fk, kOwn, consents, kOn, ConsentChange::kLimit, "c1").allowed);
  EXPECT_FALSE(DecideConsentChange(fk, kOwn, consents, kOn, ConsentChange::kGive, "").allowed);
  // Without a consent in force the party cannot even read the case.
  const std::vector<ConsentView> revoked = {Consent("c1", PartyBit(Party::kFk), std::nullopt, Date(2026, 5, 1))};
  EXPECT_FALSE(DecideConsentChange(fk, kOwn, revoked, kOn, ConsentChange::kRevoke, "c1").allowed);
}

TEST(ConsentChange, AnalystsAndAdministratorsChangeNothing) {
  const std::vector<ConsentView> consents = {Consent("c1", PartyBit(Party::kFk))};
  for (Role role : {Role::kForbundAnalyst, Role::kAdministrator})
    for (ConsentChange change : {ConsentChange::kGive, ConsentChange::kLimit, ConsentChange::kRevoke})
      EXPECT_FALSE(DecideConsentChange(ActorFor(role), kOwn, consents, kOn, change, "c1").allowed);
}

TEST(ConsentLimit, OnlyNarrows) {
  const PartySet fk = PartyBit(Party::kFk), region = PartyBit(Party::kRegion), af = PartyBit(Party::kAf);
  const ConsentView open = Consent("c1", fk | region);
  const ConsentView ending = Consent("c2", fk, Date(2026, 12, 31));
  EXPECT_TRUE(CheckLimit(open, fk, std::nullopt, kOn).ok());
  EXPECT_TRUE(CheckLimit(open, fk | region, Date(2026, 9, 1), kOn).ok());
  EXPECT_TRUE(CheckLimit(ending, fk, Date(2026, 9, 1), kOn).ok());
  EXPECT_TRUE(CheckLimit(ending, fk, kOn, kOn).ok());

  auto field = [](const Status& s) { return s.ok() ? std::string("ok") : s.error().field; };
  EXPECT_EQ(field(CheckLimit(open, 0, std::nullopt, kOn)), "parties");
  EXPECT_EQ(field(CheckLimit(open, fk | af, std::nullopt, kOn)), "parties");
  EXPECT_EQ(field(CheckLimit(open, fk | region, std::nullopt, kOn)), "parties");  // Nothing narrows.
  EXPECT_EQ(field(CheckLimit(ending, fk, Date(2027, 1, 1), kOn)), "until");
  EXPECT_EQ(field(CheckLimit(ending, fk, Date(2026, 12, 31), kOn)), "parties");  // Same end: nothing narrows.
  EXPECT_EQ(field(CheckLimit(open, fk, Date(2026, 5, 31), kOn)), "until");
  EXPECT_EQ(field(CheckLimit(Consent("c3", fk | region, std::nullopt, Date(2026, 5, 1)), fk, std::nullopt, kOn)),
            "consent_id");
  EXPECT_EQ(field(CheckLimit(Consent("c4", fk | region, Date(2026, 5, 1)), fk, std::nullopt, kOn)), "consent_id");
}

}  // namespace
}  // namespace rattvag
