// Who sees what (DOMAIN.md §2, §3): roles, the parties they act for, and the access decisions
// the server asks before every read or write of a person's data. Pure: the caller supplies the
// actor, the case's municipality, the person's consents and the date.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.hpp"
#include "domain/event.hpp"

namespace rattvag {

// The roles of DOMAIN.md §2 and issue 3.
enum class Role : uint8_t {
  kSocialsekreterare,       // EB caseworker.
  kKontaktpersonEb,         // EB method support.
  kEnhetschef,              // EB unit manager.
  kPersonligHandlaggareFk,  // FK.
  kRehabsamordnare,         // Region (healthcare).
  kAfHandlaggare,           // Arbetsförmedlingen.
  kAmeHandlaggare,          // The municipality's labour-market unit.
  kSjukskoterska,           // The municipality's nurse.
  kForbundAnalyst,          // Samordningsförbund: aggregates only.
  kAdministrator,           // Organisations, units and users; no case content.
};
inline constexpr int kRoleCount = 10;
const std::vector<Role>& AllRoles();
std::string_view Name(Role role);          // Wire name, e.g. "socialsekreterare".
std::string_view SwedishName(Role role);   // For people, e.g. "Socialsekreterare".
std::optional<Role> ParseRole(std::string_view name);

// The party a role acts for; none for the förbund analyst and the administrator.
std::optional<Party> PartyOf(Role role);

// Who is asking.
struct Actor {
  Role role;
  // The unit's municipality (SCB code) for the municipality's units: EB, AME, nurse.
  std::string municipality;
  // The municipalities the actor's organisation serves: the member municipalities of its
  // samordningsförbund, for FK, region, AF and förbund analysts.
  std::vector<std::string> area;
};

// What the actor wants to do with one person's case.
enum class CaseAction : uint8_t {
  kRead,    // Identity and case content: timeline, tracks, deadlines, hints, consents.
  kRecord,  // Add one event of the journal (which types: RecordableBy).
};

enum class AccessGround : uint8_t {
  kOwnership,  // The EB unit of the person's municipality owns the case.
  kConsent,    // An active consent of the person covers the actor's party.
  kNone,       // Denied.
};

struct AccessDecision {
  bool allowed = false;
  AccessGround ground = AccessGround::kNone;
  std::string consent_id;  // With kConsent: the consent that allows it (the audit log's legal ground).
  std::string reason;      // With a denial: why, for the audit log. Never shown to the client,
                           // which answers a denied read exactly like a missing person.
};

// True when the consent is in force on `on`: given on or before it, not revoked on or before
// it, and `until` (the last day) not passed.
bool ConsentInForce(const ConsentView& consent, Date on);

// DOMAIN.md §3. The EB roles of the case's municipality: allowed, by ownership, every action and
// event type. Another municipality's EB: denied. FK, region and AF within their area, AME and
// the nurse of the case's municipality: allowed while a consent in force names their party (the
// first such consent is the ground), and only to record the event types of RecordableBy.
// Förbund analysts and administrators: denied (aggregates and administration only).
// `event_type` is required for kRecord and ignored for kRead.
AccessDecision DecideCaseAccess(const Actor& actor, std::string_view case_municipality,
                                std::span<const ConsentView> consents, Date on, CaseAction action,
                                std::optional<EventType> event_type = std::nullopt);

// The event types a party records itself (EB records every type; consents only EB, which
// records the person's decision): FK its callback, coordination, meetings, readiness,
// decisions and SGI; the region certificates; AF, AME and the nurse their assessments and
// meetings. Every party with access may record a SIP meeting (issue 5).
bool RecordableBy(Party party, EventType type);

// FK's function mailbox (DOMAIN.md §5.5): anonymous referrals of a municipality are visible to
// FK officers whose area holds it, and to the EB roles of that municipality (who sent them).
bool MaySeeMailbox(const Actor& actor, std::string_view municipality);

// Aggregates (the follow-up) of a municipality: the förbund analyst within the area, with small
// cells suppressed; the EB roles of that municipality, unsuppressed (they are entitled to the
// underlying cases). Everyone else: no.
enum class AggregateAccess : uint8_t { kDenied, kSuppressed, kFull };
AggregateAccess DecideAggregateAccess(const Actor& actor, std::string_view municipality);

// Small-cell suppression (DOMAIN.md §3): a count from 1 to threshold − 1 is not shown. The
// default threshold is 5.
inline constexpr int kDefaultSuppressionThreshold = 5;
bool Suppressed(int64_t count, int threshold = kDefaultSuppressionThreshold);

}  // namespace rattvag
