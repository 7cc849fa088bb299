#include "domain/consent.hpp"

namespace rattvag {

const ConsentView* FindConsent(std::span<const ConsentView> consents, std::string_view consent_id) {
  for (const ConsentView& c : consents)
    if (c.consent_id == consent_id) return &c;
  return nullptr;
}

AccessDecision DecideConsentChange(const Actor& actor, std::string_view case_municipality,
                                   std::span<const ConsentView> consents, Date on, ConsentChange change,
                                   std::string_view consent_id) {
  // Whoever may not read the case may not change it either (and learns nothing from the answer).
  const AccessDecision read = DecideCaseAccess(actor, case_municipality, consents, on, CaseAction::kRead);
  if (!read.allowed) return read;
  if (read.ground == AccessGround::kOwnership) return read;
  if (change != ConsentChange::kRevoke)
    return {false, AccessGround::kNone, "", "only the owning EB unit records a consent given or limited"};
  const ConsentView* consent = FindConsent(consents, consent_id);
  const std::optional<Party> party = PartyOf(actor.role);
  if (consent == nullptr || !party || !(consent->parties & PartyBit(*party)) || !ConsentInForce(*consent, on))
    return {false, AccessGround::kNone, "", "a party records the revocation only of a consent in force that names it"};
  return {true, AccessGround::kConsent, consent->consent_id, ""};
}

Status CheckLimit(const ConsentView& current, PartySet parties, std::optional<Date> until, Date on) {
  if (!ConsentInForce(current, on)) return Error{"consent_id", "is not in force; give a new consent instead"};
  if (parties == 0) return Error{"parties", "must name at least one party; to end the consent, revoke it"};
  if ((parties & ~current.parties) != 0)
    return Error{"parties", "may only leave out parties of the consent; to add one, give a new consent"};
  if (until) {
    if (*until < on) return Error{"until", "must be today or later; to end the consent now, revoke it"};
    if (current.until && *until > *current.until)
      return Error{"until", "may not be later than the consent's end " + current.until->ToString()};
  }
  const bool fewer = parties != current.parties;
  const bool shorter = until && (!current.until || *until < *current.until);
  if (!fewer && !shorter) return Error{"parties", "the limit leaves the consent as it is: leave out a party or end it earlier"};
  return Status::Ok();
}

}  // namespace rattvag
