#include "app/record.hpp"

#include "codec/event_binary.hpp"
#include "codec/event_json.hpp"
#include "domain/case.hpp"

namespace rattvag {

Result<RecordOutcome> RecordEvent(Journal& journal, const Event& event, int64_t expected_sequence,
                                  const AuditEntry& audit) {
  RecordOutcome outcome;
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());  // BEGIN IMMEDIATE: the stream cannot change under us now.
  auto record = journal.LoadPerson(event.person);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return Error{"person", "has no stream"};
  if ((*record)->last_sequence != expected_sequence) {
    outcome.kind = RecordOutcome::Kind::kConflict;
    outcome.sequence = (*record)->last_sequence;
    return outcome;
  }
  if (!event.id.empty()) {
    auto taken = journal.FindBodyById(event.id);
    if (!taken.ok()) return taken.error();
    if (taken->has_value()) {
      outcome.refusal = {"id", "an event with this id is already stored"};
      return outcome;
    }
  }
  std::vector<Event> stored;
  RATTVAG_TRY_STATUS(DecodeEventStream((*record)->digest, event.person, stored));
  // The new event goes after the stored ones of its day (case order: date, then arrival).
  std::vector<const Event*> merged;
  bool placed = false;
  for (const Event& e : stored) {
    if (!placed && event.date < e.date) {
      merged.push_back(&event);
      placed = true;
    }
    merged.push_back(&e);
  }
  if (!placed) merged.push_back(&event);
  CaseState state;
  for (const Event* e : merged) {
    Status s = state.Apply(*e);
    if (s.ok()) continue;
    outcome.refusal = s.error();
    if (e != &event)
      outcome.refusal.reason = "conflicts with the stored journal (" + std::string(Name(e->type)) + " on " +
                               e->date.ToString() + "): " + outcome.refusal.reason;
    return outcome;
  }
  const std::string body = EncodeEventJson(event, /*include_person=*/false);
  const EncodedEvent encoded{event.id, Name(event.type), event.date, body};
  const std::string digest = EncodeEventPointers(merged);
  RATTVAG_TRY_STATUS(journal.Append({event.person, expected_sequence, std::span(&encoded, 1), CaseMunicipality(merged), digest}));
  RATTVAG_TRY_STATUS(journal.AppendAudit(audit));
  RATTVAG_TRY_STATUS(work.Commit());
  outcome.kind = RecordOutcome::Kind::kStored;
  outcome.sequence = expected_sequence + 1;
  return outcome;
}

}  // namespace rattvag
