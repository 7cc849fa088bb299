// The SIP, samordnad individuell plan (DOMAIN.md §5.7, issue 5 item 1): a plan the person owns,
// made together by the parties. Any party with access may call one and invite the others. Every
// change makes a new version; no version is ever changed or removed, and any two can be compared.
//
// This header is the shared model: the journal stores it (src/storage), the API speaks it
// (src/http), the PDF and FHIR exports render it (src/pdf, src/codec/fhir). Rules on it (checks,
// comparison) are pure and live in sip.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.hpp"
#include "domain/date.hpp"
#include "domain/deadlines.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"

namespace rattvag {

enum class InterventionStatus : uint8_t { kPlanned, kOngoing, kDone, kCancelled };

// One of the person's own goals, in their own words ("Jag vill orka gå till gymmet två gånger i
// veckan"). `id` is stable across versions ("g1", "g2", ...), so that versions can be compared.
struct SipGoal {
  std::string id;
  std::string text;
};

// An intervention (insats): what is done, by which party (huvudman), with a named contact.
struct SipIntervention {
  std::string id;           // Stable across versions ("i1", "i2", ...).
  std::string description;  // E.g. "Arbetsförmågebedömning vid Arbetsmarknadscenter".
  Party responsible = Party::kEb;
  std::string contact_name;  // The named person at the responsible party.
  std::string contact_phone;  // May be empty.
  Date start;
  std::optional<Date> end;
  InterventionStatus status = InterventionStatus::kPlanned;
  std::optional<std::string> goal_id;  // The goal it serves, if any.
};

// Someone taking part in the plan. `party` is empty for the person themselves and for people
// close to them (a relative, god man); `role` then says who they are ("Den enskilde", "God man").
struct SipParticipant {
  std::string name;
  std::optional<Party> party;
  std::string role;  // E.g. "Socialsekreterare", "Rehabsamordnare", "Den enskilde".
};

// The content of one version of the plan.
struct SipPlan {
  std::vector<SipGoal> goals;
  std::vector<SipIntervention> interventions;
  std::string others_do;  // What others do (anhöriga, föreningar, ...): free text, may be empty.
  std::string coordinator_name;  // Who coordinates the plan.
  Party coordinator_party = Party::kEb;
  std::vector<SipParticipant> participants;
  std::optional<Date> follow_up;  // When the plan is followed up (DOMAIN.md §6 "SIP follow-up").
  bool person_consents = false;   // The person consents to the SIP and to the parties sharing for it.
  std::optional<Date> agreed_on;  // The day the person agreed to this version; empty while a draft.
};

// One version as stored: who made it and when, and the plan as it then was.
struct SipVersion {
  int number = 1;                 // 1, 2, 3, ... within its SIP.
  std::string created_at;         // UTC, ISO 8601 ("2026-11-27T14:03:00Z").
  std::string author_user_id;
  std::string author_name;        // Display name at the time, as the version shows it.
  Party author_party = Party::kEb;
  std::string comment;            // Why the change was made; may be empty.
  SipPlan plan;
};

// A SIP of one person. `invited` are the parties called to plan; they see the invitation (who
// called, when, which municipality) but none of the person's data unless a consent covers them.
struct Sip {
  std::string id;                 // Opaque ("sip-" and hex digits), never a personnummer.
  std::string person_public_id;   // The person's opaque id.
  std::string municipality;       // The owning municipality (SCB code).
  Party called_by = Party::kEb;
  std::string called_by_unit;     // Unit id of the caller.
  Date called_on;
  std::vector<Party> invited;
  std::string title;              // Short, without personal data, e.g. "SIP kring arbete och hälsa".
  std::vector<SipVersion> versions;  // Ascending by number; never empty once stored.
};

// --- Rules on a SIP (sip.cpp) -------------------------------------------------------------

// Bounds of a plan: the plan is read by people, on screen and on paper.
inline constexpr size_t kSipMaxGoals = 20;
inline constexpr size_t kSipMaxInterventions = 50;
inline constexpr size_t kSipMaxParticipants = 30;
inline constexpr size_t kSipMaxGoalLength = 1000;          // Bytes of UTF-8, per goal.
inline constexpr size_t kSipMaxDescriptionLength = 1000;   // Per intervention.
inline constexpr size_t kSipMaxNameLength = 120;           // Names, roles, titles.
inline constexpr size_t kSipMaxOthersDoLength = 4000;
inline constexpr size_t kSipMaxCommentLength = 1000;
inline constexpr size_t kSipMaxIdLength = 32;

// Every problem of one version's plan as of `today`, each naming its field the way the API spells
// it ("goals[0].text", "interventions[2].contact_name", "follow_up"): ids of goals and
// interventions are 1–32 of a–z, 0–9, '-', '_' and unique within their list; goals in the
// person's own words are non-empty and at most kSipMaxGoalLength; every intervention has a
// description, a named contact, an end on or after its start, and a goal that exists when it
// names one; participants have a name (unique) and a role; texts are bounded. An agreed plan
// (agreed_on set) is complete: at least one goal, a coordinator, the person's consent, a
// follow-up date on or after the agreement, and the agreement not after `today`.
std::vector<Error> ValidateSipPlan(const SipPlan& plan, Date today);

// Problems of calling a SIP: a title (1–kSipMaxNameLength, no line breaks) and the invited
// parties (at least one, none twice, not the caller's own party). Personal data in the title is
// checked by the caller with FindPersonalData (domain/personal_data.hpp).
std::vector<Error> ValidateSipCall(std::string_view title, const std::vector<Party>& invited, Party caller);

// A version's comment: at most kSipMaxCommentLength. Nothing when fine.
std::optional<Error> ValidateSipComment(std::string_view comment);

// The latest version of a stored SIP. REQUIRES: !sip.versions.empty().
const SipVersion& LatestVersion(const Sip& sip);
// Version `number`, or nullptr.
const SipVersion* FindVersion(const Sip& sip, int number);

// One difference between two versions of a plan, by stable identity: goals and interventions by
// id, participants by name, the other fields as themselves.
enum class SipChangeKind : uint8_t { kAdded, kRemoved, kChanged };
enum class SipItem : uint8_t { kPlan, kGoal, kIntervention, kParticipant };
std::string_view Name(SipChangeKind v);         // "added", "removed", "changed".
std::string_view SwedishName(SipChangeKind v);  // "Tillagt", "Borttaget", "Ändrat".
std::string_view Name(SipItem v);               // "plan", "goal", "intervention", "participant".
std::string_view SwedishName(SipItem v);        // "Planen", "Mål", "Insats", "Deltagare".

struct SipChange {
  SipChangeKind kind;
  SipItem item;
  std::string id;           // Goal or intervention id, participant name; empty for the plan.
  std::string field;        // With kChanged: the field's wire name ("status", "follow_up"); else empty.
  std::string field_label;  // Its Swedish label ("Status", "Uppföljning"); else empty.
  std::string before;       // As shown to people (Swedish labels, dates as 2026-11-27); empty when none.
  std::string after;
  std::string summary;      // One Swedish sentence, e.g. "Insats i2: Status ändrad från Planerad till Pågår."
};

// What changed from `from` to `to`: removed and added items and every changed field, in plan
// order (goals, interventions, participants, then the plan's own fields). Empty when equal.
std::vector<SipChange> CompareSipPlans(const SipPlan& from, const SipPlan& to);

// Who may do what with a SIP (DOMAIN.md §3, §5.7).
enum class SipAccess : uint8_t {
  kNone,        // Nothing: answered like a missing SIP.
  kInvitation,  // The invitation only: who called, when, which municipality, the title.
  kFull,        // The plan and its history: read, and save new versions.
};
struct SipAccessDecision {
  SipAccess access = SipAccess::kNone;
  AccessDecision case_decision;  // The decision on the person's case behind kFull (its ground).
};

// The owning EB unit, and every party whose consent in force covers it (DecideCaseAccess with
// kRead): kFull. A party invited to the SIP, serving the SIP's municipality (its area, or the
// municipality itself for AME and the nurse), without such a consent: kInvitation. Anyone else:
// kNone. `case_decision` is DecideCaseAccess's answer for the actor on the person's case.
SipAccessDecision DecideSipAccess(const AccessDecision& case_decision, const Actor& actor,
                                  std::string_view sip_municipality, const std::vector<Party>& invited);

// Calling a SIP takes read access to the person's case (DOMAIN.md §5.7: any party with access).
inline bool MayCallSip(const AccessDecision& case_decision) { return case_decision.allowed; }

// The SIP follow-up deadline of DOMAIN.md §6: due on the follow-up date of the latest agreed
// version, for its coordinator. A draft saved after it does not move it (the agreed plan is in
// force until a new one is agreed). Nothing while no version is agreed.
struct SipFollowUp {
  Date due;
  bool overdue = false;  // Due before `today`.
  std::string coordinator_name;
  Party coordinator_party = Party::kEb;
};
std::optional<SipFollowUp> SipFollowUpOf(const Sip& sip, Date today);
// The same as a deadline of the work lists (deadlines.hpp): kind kSipFollowUp, starting on the
// agreement day, open or overdue as of `as_of`, its reference the SIP's id.
std::optional<Deadline> SipFollowUpDeadline(const Sip& sip, Date as_of);

// Wire names ("planned", "ongoing", "done", "cancelled") and Swedish labels.
std::string_view Name(InterventionStatus v);
std::string_view SwedishName(InterventionStatus v);
std::optional<InterventionStatus> ParseInterventionStatus(std::string_view s);

}  // namespace rattvag
