#include "app/record.hpp"

#include "codec/event_binary.hpp"
#include "codec/event_json.hpp"
#include "domain/case.hpp"

#include <algorithm>

namespace rattvag {

Result<RecordOutcome> RecordEvent(Journal& journal, const Event& event, int64_t expected_sequence,
                                  const AuditEntry& audit) {
  return RecordEvents(journal, std::span(&event, 1), expected_sequence, audit);
}

Result<RecordOutcome> RecordEvents(Journal& journal, std::span<const Event> events, int64_t expected_sequence,
                                   const AuditEntry& audit, const std::function<Status(Journal&)>& also) {
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());  // BEGIN IMMEDIATE: the stream cannot change under us now.
  auto outcome = RecordEventsIn(journal, events, expected_sequence, audit, also);
  if (!outcome.ok() || outcome->kind != RecordOutcome::Kind::kStored) return outcome;  // Rolled back.
  RATTVAG_TRY_STATUS(work.Commit());
  return outcome;
}

Result<RecordOutcome> RecordEventsIn(Journal& journal, std::span<const Event> events, int64_t expected_sequence,
                                     const AuditEntry& audit, const std::function<Status(Journal&)>& also) {
  RecordOutcome outcome;
  const std::string& person = events.front().person;
  auto record = journal.LoadPerson(person);
  if (!record.ok()) return record.error();
  const int64_t current = record->has_value() ? (*record)->last_sequence : 0;
  if (current != expected_sequence) {
    outcome.kind = RecordOutcome::Kind::kConflict;
    outcome.sequence = current;
    return outcome;
  }
  for (const Event& event : events) {
    if (event.id.empty()) continue;
    auto taken = journal.FindBodyById(event.id);
    if (!taken.ok()) return taken.error();
    if (taken->has_value()) {
      outcome.refusal = {"id", "an event with this id is already stored"};
      return outcome;
    }
  }
  std::vector<Event> stored;
  if (record->has_value()) RATTVAG_TRY_STATUS(DecodeEventStream((*record)->digest, person, stored));
  // New events go after the stored ones of their day (case order: date, then arrival).
  std::vector<const Event*> merged;
  for (const Event& e : stored) merged.push_back(&e);
  for (const Event& event : events) {
    auto at = std::upper_bound(merged.begin(), merged.end(), event.date,
                               [](Date d, const Event* e) { return d < e->date; });
    merged.insert(at, &event);
  }
  auto is_new = [&](const Event* e) {
    return std::none_of(stored.begin(), stored.end(), [e](const Event& s) { return &s == e; });
  };
  CaseState state;
  for (const Event* e : merged) {
    Status s = state.Apply(*e);
    if (s.ok()) continue;
    outcome.refusal = s.error();
    if (!is_new(e))
      outcome.refusal.reason = "conflicts with the stored journal (" + std::string(Name(e->type)) + " on " +
                               e->date.ToString() + "): " + outcome.refusal.reason;
    return outcome;
  }
  std::vector<std::string> bodies;
  bodies.reserve(events.size());
  std::vector<EncodedEvent> encoded;
  for (const Event& event : events) bodies.push_back(EncodeEventJson(event, /*include_person=*/false));
  for (size_t i = 0; i < events.size(); ++i)
    encoded.push_back({events[i].id, Name(events[i].type), events[i].date, bodies[i]});
  const std::string digest = EncodeEventPointers(merged);
  RATTVAG_TRY_STATUS(journal.Append({person, expected_sequence, encoded, CaseMunicipality(merged), digest}));
  RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
  if (also) RATTVAG_TRY_STATUS(also(journal));
  outcome.kind = RecordOutcome::Kind::kStored;
  outcome.sequence = expected_sequence + static_cast<int64_t>(events.size());
  return outcome;
}

}  // namespace rattvag
