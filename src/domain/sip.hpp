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

#include "domain/date.hpp"
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

// Wire names ("planned", "ongoing", "done", "cancelled") and Swedish labels.
std::string_view Name(InterventionStatus v);
std::string_view SwedishName(InterventionStatus v);
std::optional<InterventionStatus> ParseInterventionStatus(std::string_view s);

}  // namespace rattvag
