// A meeting as iCalendar (RFC 5545, iTIP RFC 5546) for mail calendars (issue 5 item 2), written
// with libical. An .ics leaves the system in e-mail, so it carries nothing of the person: the
// SUMMARY is the kind of meeting, the DESCRIPTION who called and the municipality; never a name,
// a personnummer, the invitation's message or the minutes.
#pragma once

#include <cstdint>
#include <string>

#include "domain/meeting.hpp"

namespace rattvag {

struct IcsDetails {
  std::string caller_unit_name;   // E.g. "Försörjningsstöd Halmstad".
  std::string municipality_name;  // E.g. "Halmstad".
  int64_t now = 0;                // DTSTAMP: seconds since 1970-01-01 UTC.
};

// The calendar: METHOD:REQUEST (METHOD:CANCEL for a cancelled meeting), a VTIMEZONE for
// Europe/Stockholm (the current EU rules) and one VEVENT whose DTSTART/DTEND carry
// TZID=Europe/Stockholm. UID is "<meeting id>@rattvag" (the same for every export of the
// meeting), SEQUENCE the meeting's version − 1, STATUS CONFIRMED or CANCELLED. The organizer
// and the attendees (one per invited party, with its answer as PARTSTAT) are named by their
// party; their addresses are URNs, since the system sends no mail.
std::string MeetingIcs(const Meeting& meeting, const IcsDetails& details);

// The TZID the calendar uses.
inline constexpr const char* kIcsTimezone = "Europe/Stockholm";

}  // namespace rattvag
