// Meetings of a person's case (DOMAIN.md §5.2, §5.6, §5.7; issue 5 item 2): kartläggningsmöte,
// avstämningsmöte and SIP-möte, scheduled with a start (local time, Europe/Stockholm), a length,
// a place or a video link and the invited parties with their answers; held with minutes
// (protokoll) whose decisions become events of the journal. Pure: the caller supplies the date.
//
// An invitation is not personal data: an invited party without a consent sees the kind, the
// time, the place, who called and the municipality, never the person (DOMAIN.md §3). Free text
// of an invitation (the message, an answer's comment) is checked for personal data.
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

enum class MeetingKind : uint8_t { kMapping, kAvstamning, kSip };
enum class MeetingStatus : uint8_t { kPlanned, kHeld, kCancelled };
enum class InvitationAnswer : uint8_t { kUnanswered, kAccepted, kDeclined };

// One invited party and its answer. The answer is given by a user of that party.
struct MeetingInvitation {
  Party party = Party::kFk;
  InvitationAnswer answer = InvitationAnswer::kUnanswered;
  std::string answered_by;       // User id; empty while unanswered.
  std::string answered_by_name;  // Display name at the time.
  std::string answered_at;       // UTC, ISO 8601; empty while unanswered.
  std::string comment;           // May be empty; never personal data.
};

// A new, unanswered invitation of `party`.
inline MeetingInvitation Invite(Party party) {
  MeetingInvitation invitation;
  invitation.party = party;
  return invitation;
}
// An answered one.
inline MeetingInvitation Answered(Party party, InvitationAnswer answer, std::string user_id, std::string user_name,
                                  std::string at, std::string comment = "") {
  MeetingInvitation invitation = Invite(party);
  invitation.answer = answer;
  invitation.answered_by = std::move(user_id);
  invitation.answered_by_name = std::move(user_name);
  invitation.answered_at = std::move(at);
  invitation.comment = std::move(comment);
  return invitation;
}

// The minutes (protokoll) of a held meeting.
struct MeetingMinutes {
  PartySet attendees = 0;               // The parties that took part (besides the person).
  std::string notes;                    // What was said; personal data (the case's own record).
  std::vector<std::string> decisions;   // Each decision on its own.
  // Avstämningsmöte only: FK's readiness assessment, and whether this meeting starts FK's
  // coordinated rehabilitation (the first avstämningsmöte of a coordination).
  std::optional<bool> ready;
  std::optional<Date> prognosis_date;   // Only when ready is false.
  bool coordination_started = false;
  std::string recorded_by;              // User id.
  std::string recorded_by_name;
  std::string recorded_at;              // UTC, ISO 8601.
};

struct Meeting {
  std::string id;            // Opaque ("m-" and hex digits), never a personnummer.
  std::string person;        // 12-digit personnummer: storage and access only, never in an invitation.
  std::string municipality;  // The case's municipality (SCB code).
  MeetingKind kind = MeetingKind::kMapping;
  Date date;                 // Local date in Europe/Stockholm.
  int start_minutes = 0;     // Minutes after local midnight: 0–1439.
  int duration_minutes = 60;
  std::string place;         // Address or room; empty for a meeting on video only.
  std::string video_url;     // https URL; empty for a meeting in a room only.
  std::vector<MeetingInvitation> invitations;  // In Party order, each party once.
  std::optional<std::string> sip_id;           // The SIP the meeting is about (SIP-möte).
  std::string message;       // The invitation's text; may be empty; never personal data.
  MeetingStatus status = MeetingStatus::kPlanned;
  std::string cancel_reason;  // With kCancelled; never personal data.
  Party called_by = Party::kEb;
  std::string called_by_unit;  // Unit id.
  std::string called_by_user;  // User id.
  std::string called_by_name;  // Display name at the time.
  std::string created_at;      // UTC, ISO 8601.
  int64_t version = 1;         // 1 when scheduled, +1 for every change (the meeting's ETag).
  std::optional<MeetingMinutes> minutes;  // With kHeld.
};

// Wire names: "kartlaggningsmote", "avstamningsmote", "sip_mote"; "planned", "held", "cancelled";
// "unanswered", "accepted", "declined". Each Parse returns nothing on an unknown name.
std::string_view Name(MeetingKind v);
std::string_view Name(MeetingStatus v);
std::string_view Name(InvitationAnswer v);
std::optional<MeetingKind> ParseMeetingKind(std::string_view s);
std::optional<MeetingStatus> ParseMeetingStatus(std::string_view s);
std::optional<InvitationAnswer> ParseInvitationAnswer(std::string_view s);
// Swedish: "Kartläggningsmöte", "Avstämningsmöte", "SIP-möte"; "Planerat", "Hållet", "Inställt".
std::string_view SwedishName(MeetingKind v);
std::string_view SwedishName(MeetingStatus v);

// "09:30" → 570; nothing unless HH:MM with 00 ≤ HH ≤ 23 and 00 ≤ MM ≤ 59.
std::optional<int> ParseClock(std::string_view text);
std::string FormatClock(int minutes);  // 570 → "09:30".

// True for an absolute https URL (a video link): "https://", a host of letters, digits, '-' and
// '.', an optional port, then printable ASCII without spaces, quotes or angle brackets; at most
// 500 characters.
bool IsHttpsUrl(std::string_view text);

inline constexpr int kMinMeetingMinutes = 15;
inline constexpr int kMaxMeetingMinutes = 8 * 60;

// Every problem of a meeting's schedule, each naming its field (the API's names): "time"
// (0–1439), "duration_minutes" (15–480), "place" (at most 200 characters, no control characters),
// "video_url" (IsHttpsUrl), "place" again when neither a place nor a video link is given,
// "invited" (each party once), "sip_id" (1–64 of letters, digits, '-', '_'), "message" (at most
// 1000 characters), "cancel_reason" (at most 500).
std::vector<Error> ValidateMeeting(const Meeting& meeting);

// What is done to a meeting. The table (DOMAIN.md §5; STYLE.md 3):
//   planned:   change, cancel, answer, hold
//   held:      nothing (the minutes are the record)
//   cancelled: nothing
enum class MeetingAction : uint8_t { kChange, kCancel, kAnswer, kHold };
std::string_view Name(MeetingAction v);  // "change", "cancel", "answer", "hold".
// An error on field "status" naming the state and the action when the table forbids it.
Status CheckMeetingAction(MeetingStatus status, MeetingAction action);

// The journal events the minutes of `meeting` record (DOMAIN.md §10), dated the meeting's date,
// each with an `id` derived from the meeting's so that the same minutes are never recorded twice:
//   kartläggningsmöte → mapping_meeting_held;
//   avstämningsmöte   → [fk_coordination_started when minutes.coordination_started]
//                       avstamningsmote_held (parties: the attendees)
//                       [fk_readiness_assessed when minutes.ready is given];
//   SIP-möte          → sip_meeting_held (parties: the attendees).
// Checks the minutes first, every problem naming its field: "attendees" (at least one party),
// "notes" (at most 20000 characters), "decisions" (at most 50, each 1–2000 characters),
// "ready"/"prognosis_date"/"coordination_started" (avstämningsmöte only; a prognosis only when not
// ready, not before the meeting), and "date" when the meeting is after `today`. Relations to the
// stored case (coordination already open…) are checked by CaseState when the events are recorded.
// REQUIRES: meeting.person is set.
Result<std::vector<Event>> MinutesEvents(const Meeting& meeting, const MeetingMinutes& minutes, Date today);

// The personal-data check of an invitation's free text (the message, an answer's comment, a
// cancellation's reason; DOMAIN.md §3, as the anonymous FK referral): a personnummer is refused
// on `field`; probable names, identity-number shapes and e-mail addresses are refused too unless
// the sender `acknowledged` that they are not the person's.
Status CheckInvitationText(std::string_view text, std::string_view field, Date today, bool acknowledged);

// The meeting's Swedish title for calendars and lists: the kind only ("Avstämningsmöte"), never
// anything of the person.
std::string MeetingTitle(const Meeting& meeting);

// True when `a` starts before `b` (date, then time, then id): the order of every meeting list.
bool MeetingStartsBefore(const Meeting& a, const Meeting& b);

}  // namespace rattvag
