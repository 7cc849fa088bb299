// The deadlines and reminders of DOMAIN.md §6, computed from a person's events as of a date.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/case.hpp"
#include "domain/eligibility.hpp"

namespace rattvag {

enum class DeadlineKind : uint8_t {
  kStance,                // Spell start + 2 calendar months; EB caseworker.
  kFkCallback,            // 3rd working day after the referral; FK mailbox, visible to EB.
  kFkWatchReview,         // "Not ready" with prognosis within 6 months: the prognosis date; FK.
  kReplanAfterFkClosed,   // FK closed "not ready": 10 working days; EB caseworker.
  kCertificateRunningOut, // 7 days before a certificate ends with no following one; EB caseworker.
  kAeEndsAt30,            // 6 months before the month of turning 30, for persons on AE; EB and FK.
  kConsentExpiry,         // 14 days before a consent's end date; the case owner.
  kSipFollowUp,           // The agreed SIP's follow-up date; the SIP coordinator (from the SIP, sip.hpp).
};
std::string_view Name(DeadlineKind kind);
std::string_view SwedishName(DeadlineKind kind);

// Who gets the deadline (DOMAIN.md §6).
enum class Responsible : uint8_t { kEbCaseworker, kFkMailbox, kFkHandlaggare, kEbAndFk, kCaseOwner, kSipCoordinator };
std::string_view Name(Responsible r);
std::string_view SwedishName(Responsible r);

enum class DeadlineStatus : uint8_t {
  kOpen,     // Not met, due on or after the as-of date.
  kOverdue,  // Not met, due before the as-of date.
  kMet,      // The closing action happened.
  kLapsed,   // No longer actionable (e.g. the sick leave or the consent has ended); not listed.
};
std::string_view Name(DeadlineStatus s);
std::string_view SwedishName(DeadlineStatus s);

struct Deadline {
  DeadlineKind kind;
  Responsible responsible;
  Date starts;
  Date due;
  DeadlineStatus status;
  std::optional<Date> met_on;
  std::string reference;  // Referral or consent id, when the deadline belongs to one.
  std::string action;     // Swedish: the one action that closes it.
};

// Every deadline of the person's case that the events give, as of `projection.as_of`, in any
// status. The SIP follow-up comes from the stored SIP, not from events: SipFollowUpDeadline
// (sip.hpp). Persons whose case
// is closed (not on EB in the case municipality) get only the FK callback deadlines, which belong
// to FK's mailbox.
// REQUIRES: `events` are the ones `projection` was made from, in case order.
std::vector<Deadline> ComputeDeadlines(std::span<const Event> events, const CaseProjection& projection,
                                       Date birth_date, std::span<const EligibilityRule> rules);

// Who gets a deadline of each kind, and the one action that closes it (Swedish): the values
// ComputeDeadlines gives every deadline of the kind.
Responsible ResponsibleOf(DeadlineKind kind);
std::string_view ActionOf(DeadlineKind kind);

// A deadline kind's rule in words, built from the numbers ComputeDeadlines uses (for the method's
// description, method.hpp). `eligibility` gives the AE ages in force.
struct DeadlineRule {
  DeadlineKind kind;
  Responsible responsible;
  std::string starts;               // Swedish: what starts it.
  std::string due;                  // Swedish: when it is due.
  std::string closes;               // Swedish: what meets it, or when it lapses.
  std::vector<EventType> started_by;  // The event types that start it.
  std::vector<EventType> met_by;      // The event types that can meet it.
};
inline constexpr int kDeadlineKindCount = 8;
std::vector<DeadlineRule> DeadlineRules(const EligibilityRule& eligibility);

// Most urgent first: overdue before open, then by due date, then by kind.
bool MoreUrgent(const Deadline& a, const Deadline& b);

}  // namespace rattvag
