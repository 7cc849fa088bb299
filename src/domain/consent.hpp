// Changing a person's consents (DOMAIN.md §3, issue 3 item 4): who may give, limit and revoke,
// and what a limit may do. A limit is a narrower consent that replaces the old one at once: the
// journal records it as the old consent revoked and a new one given on the same day, so the
// exchange format (DOMAIN.md §10) needs no new event type.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "domain/access.hpp"
#include "domain/case.hpp"
#include "domain/result.hpp"

namespace rattvag {

enum class ConsentChange : uint8_t { kGive, kLimit, kRevoke };

// The owning EB unit records what the person decides: gives, limits and revokes. A party that a
// consent in force names may also record that the person revoked it (the person told them, and
// their own access must end at once); it may not give or widen consents. Everyone else is
// refused, with the reason. `consent_id` is the consent limited or revoked (unused for kGive).
AccessDecision DecideConsentChange(const Actor& actor, std::string_view case_municipality,
                                   std::span<const ConsentView> consents, Date on, ConsentChange change,
                                   std::string_view consent_id);

// The consent with `consent_id` among `consents`, if any.
const ConsentView* FindConsent(std::span<const ConsentView> consents, std::string_view consent_id);

// Checks that `parties` and `until` make `current` narrower as of `on`: the consent is in force;
// parties a non-empty subset of its parties; `until` (when given) from `on` and no later than the
// current end; and something actually narrows. Errors name the field ("parties", "until",
// "consent_id").
Status CheckLimit(const ConsentView& current, PartySet parties, std::optional<Date> until, Date on);

}  // namespace rattvag
