// Meetings of a person's case as application commands (issue 5 item 2): listing a person's
// meetings (also the seam for the person's own view, issue 5 item 3) and recording minutes, whose
// events and the held meeting are stored all or nothing with the audit entry.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "app/record.hpp"
#include "domain/audit.hpp"
#include "domain/meeting.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// Every meeting of a person (12-digit personnummer), earliest first. The caller decides access
// and writes the audit entry.
Result<std::vector<Meeting>> ListMeetingsOfPerson(Journal& journal, std::string_view person);

// The meetings of the person from `from` on that are not cancelled, earliest first (what the
// person's own view shows as coming).
Result<std::vector<Meeting>> UpcomingMeetingsOfPerson(Journal& journal, std::string_view person, Date from);

// Stores `held` (status held, minutes set, version one more than the stored one) together with
// `events` (MinutesEvents of it) appended to the person's stream at `expected_sequence`, and
// `audit`, in one transaction: a refusal of the case (CaseState), a conflict or a failure stores
// nothing. A stored meeting of another version is a refusal on field "if-match".
Result<RecordOutcome> RecordMinutes(Journal& journal, const Meeting& held, std::span<const Event> events,
                                    int64_t expected_sequence, const AuditEntry& audit);

// Demo meetings (`rattvag demo --users`, issue 5): for the first persons on EB of the first
// demo municipality whose case takes them, as of `today`: an avstämningsmöte in three days (FK has
// accepted), a SIP-möte on video in a week (unanswered; for a person without a consent in force,
// so the invited parties see the invitation only), a kartläggningsmöte held ten days ago with
// minutes (its event recorded), and a cancelled avstämningsmöte. Called by the EB demo user
// (u-demo-eb, unit eb-<code>). Adds nothing when the journal has meetings already. Returns how
// many meetings were added. Each meeting is audited as `audit` with the person and the meeting's id.
Result<int> AddDemoMeetings(Journal& journal, Date today, const std::string& municipality, AuditEntry audit);

}  // namespace rattvag
