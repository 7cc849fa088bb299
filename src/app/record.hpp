// Recording one event of a person's case from the server (issue 3 item 5): optimistic
// concurrency on the person's stream, the relations of the case checked against everything
// stored, and the audit entry in the same transaction as the event.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "domain/audit.hpp"
#include "domain/event.hpp"
#include "storage/journal.hpp"

namespace rattvag {

struct RecordOutcome {
  enum class Kind { kStored, kConflict, kRefused } kind = Kind::kRefused;
  int64_t sequence = 0;  // kStored: the stream's new last sequence; kConflict: the current one.
  Error refusal;         // kRefused: the field and reason (relations of the case, a taken id).
};

// Appends `event` (valid on its own; its `person` has a stream) when the stream's last sequence
// is `expected_sequence`, after checking it with the stored events (CaseState), and writes
// `audit` in the same transaction. Storage failures are errors; nothing is half-written.
Result<RecordOutcome> RecordEvent(Journal& journal, const Event& event, int64_t expected_sequence,
                                  const AuditEntry& audit);

// The same for several events of one person, all or nothing (e.g. a consent limited: the old
// one revoked and the narrower one given, in one transaction). With expected_sequence 0 and a
// person without a stream, the stream is created (a person registered). REQUIRES: every event's
// `person` is the same; `events` is not empty.
// `also`, when given, runs in the same transaction after the events are appended (e.g. marking
// a referral linked); its failure rolls everything back and is returned as the error.
Result<RecordOutcome> RecordEvents(Journal& journal, std::span<const Event> events, int64_t expected_sequence,
                                   const AuditEntry& audit, const std::function<Status(Journal&)>& also = {});

// RecordEvents inside a write transaction the caller has opened (and commits or rolls back):
// the server's group commit runs it under a savepoint. Only an outcome of kStored leaves rows
// written; after any other outcome or an error the caller must undo what may have been
// written. REQUIRES: a write transaction is open on `journal`.
Result<RecordOutcome> RecordEventsIn(Journal& journal, std::span<const Event> events, int64_t expected_sequence,
                                     const AuditEntry& audit, const std::function<Status(Journal&)>& also = {});

}  // namespace rattvag
