#include "domain/access.hpp"

#include <algorithm>
#include <array>

namespace rattvag {

namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view swedish;
  std::optional<Party> party;
};

constexpr std::array<RoleInfo, kRoleCount> kRoles = {{
    {Role::kSocialsekreterare, "socialsekreterare", "Socialsekreterare", Party::kEb},
    {Role::kKontaktpersonEb, "kontaktperson_eb", "Kontaktperson EB", Party::kEb},
    {Role::kEnhetschef, "enhetschef", "Enhetschef", Party::kEb},
    {Role::kPersonligHandlaggareFk, "personlig_handlaggare_fk", "Personlig handläggare FK", Party::kFk},
    {Role::kRehabsamordnare, "rehabsamordnare", "Rehabsamordnare", Party::kRegion},
    {Role::kAfHandlaggare, "af_handlaggare", "Handläggare Arbetsförmedlingen", Party::kAf},
    {Role::kAmeHandlaggare, "ame_handlaggare", "Handläggare arbetsmarknadsenheten", Party::kAme},
    {Role::kSjukskoterska, "sjukskoterska", "Sjuksköterska", Party::kNurse},
    {Role::kForbundAnalyst, "forbund_analyst", "Analytiker samordningsförbund", std::nullopt},
    {Role::kAdministrator, "administrator", "Administratör", std::nullopt},
}};

const RoleInfo& Info(Role role) { return kRoles[static_cast<size_t>(role)]; }

bool InArea(const Actor& actor, std::string_view municipality) {
  return std::find(actor.area.begin(), actor.area.end(), municipality) != actor.area.end();
}

AccessDecision Deny(std::string reason) { return {false, AccessGround::kNone, "", std::move(reason)}; }

}  // namespace

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> all = [] {
    std::vector<Role> roles;
    for (const auto& r : kRoles) roles.push_back(r.role);
    return roles;
  }();
  return all;
}

std::string_view Name(Role role) { return Info(role).name; }
std::string_view SwedishName(Role role) { return Info(role).swedish; }
std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}
std::optional<Party> PartyOf(Role role) { return Info(role).party; }

bool ConsentInForce(const ConsentView& consent, Date on) {
  if (consent.given > on) return false;
  if (consent.revoked && *consent.revoked <= on) return false;
  if (consent.until && *consent.until < on) return false;
  return true;
}

bool RecordableBy(Party party, EventType type) {
  if (party == Party::kEb) return true;
  if (type == EventType::kSipMeetingHeld) return true;
  switch (party) {
    case Party::kFk:
      return type == EventType::kFkContactMade || type == EventType::kFkCoordinationStarted ||
             type == EventType::kAvstamningsmoteHeld || type == EventType::kFkReadinessAssessed ||
             type == EventType::kFkCoordinationEnded || type == EventType::kBenefitDecided ||
             type == EventType::kSgiChecked;
    case Party::kRegion:
      return type == EventType::kSickCertificate;
    case Party::kAf:
      return type == EventType::kWorkCapacityAssessed;
    case Party::kAme:
      return type == EventType::kWorkCapacityAssessed || type == EventType::kMappingMeetingHeld;
    case Party::kNurse:
      return type == EventType::kMappingMeetingHeld;
    case Party::kEb:
      return true;
  }
  return false;
}

AccessDecision DecideCaseAccess(const Actor& actor, std::string_view case_municipality,
                                std::span<const ConsentView> consents, Date on, CaseAction action,
                                std::optional<EventType> event_type) {
  const std::optional<Party> party = PartyOf(actor.role);
  if (!party) {
    return Deny(actor.role == Role::kAdministrator ? "administrators do not see case content"
                                                   : "förbund analysts see aggregates only");
  }
  if (action == CaseAction::kRecord && !event_type) return Deny("no event type given to record");

  if (*party == Party::kEb) {
    if (actor.municipality != case_municipality) return Deny("the case belongs to another municipality");
    return {true, AccessGround::kOwnership, "", ""};
  }

  // Other parties: their own organisation must serve the person's municipality…
  const bool municipal_unit = *party == Party::kAme || *party == Party::kNurse;
  if (municipal_unit ? actor.municipality != case_municipality : !InArea(actor, case_municipality))
    return Deny("the case is outside the actor's area");
  // …and they act only on the types they record themselves.
  if (action == CaseAction::kRecord && !RecordableBy(*party, *event_type))
    return Deny(std::string(Name(*party)) + " does not record " + std::string(Name(*event_type)));
  // …under a consent in force that names their party.
  for (const ConsentView& c : consents)
    if ((c.parties & PartyBit(*party)) && ConsentInForce(c, on)) return {true, AccessGround::kConsent, c.consent_id, ""};
  return Deny("no consent in force covers " + std::string(Name(*party)));
}

bool MaySeeMailbox(const Actor& actor, std::string_view municipality) {
  const std::optional<Party> party = PartyOf(actor.role);
  if (party == Party::kFk) return InArea(actor, municipality);
  if (party == Party::kEb) return actor.municipality == municipality;
  return false;
}

AggregateAccess DecideAggregateAccess(const Actor& actor, std::string_view municipality) {
  if (actor.role == Role::kForbundAnalyst)
    return InArea(actor, municipality) ? AggregateAccess::kSuppressed : AggregateAccess::kDenied;
  if (PartyOf(actor.role) == Party::kEb && actor.municipality == municipality) return AggregateAccess::kFull;
  return AggregateAccess::kDenied;
}

bool Suppressed(int64_t count, int threshold) { return count > 0 && count < threshold; }

}  // namespace rattvag
