// A compact binary form of a person's event stream: the projection row ("digest") that the
// report, the deadline list and relational checks read instead of the raw journal.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.hpp"
#include "domain/result.hpp"

namespace rattvag {

// Encodes events (all of one person, in the order given) without their `person` field.
std::string EncodeEventStream(std::span<const Event> events);
// The same, for events held elsewhere (e.g. a stored stream merged with new events).
std::string EncodeEventPointers(std::span<const Event* const> events);

// How much of each event to decode.
enum class DecodeDetail : uint8_t {
  kFull,   // Every field.
  kRules,  // What the rules read (case.hpp, deadlines.hpp, report.hpp): leaves `person`, the
           // exchange format's `id` and the free text (icd10, note, purpose, answers) empty,
           // which saves most of the copying when a report scans every person.
};

// Decodes a stream written by EncodeEventStream into `out` (cleared first), setting every
// event's `person` to `person` (DecodeDetail::kFull). Reuses the capacity of `out`, so a loop over many persons
// allocates little. Returns an error on truncated or corrupt input, never reads out of bounds
// (also with DecodeDetail::kRules: skipped fields are checked like the others).
Status DecodeEventStream(std::string_view bytes, std::string_view person, std::vector<Event>& out,
                         DecodeDetail detail = DecodeDetail::kFull);

// One event on its own, without `person` and `id` (the import keeps those beside it): its type,
// its date and the fields of its type, in the layout of the stream above.
void AppendEventRecord(const Event& event, std::string& out);
// Decodes a record written by AppendEventRecord into `out`, every field but `person` and `id`
// (which are left as they are). Errors as DecodeEventStream.
Status DecodeEventRecord(std::string_view record, Event& out);

// Every event type, as a set of bits (1 << type) for DecodeEventStreamInto.
inline constexpr uint32_t kAllEventTypes = (1u << kEventTypeCount) - 1;

// The same, into the first elements of `storage`, which only grows: for a scan over many
// persons, where shrinking and regrowing one vector would destroy and rebuild its events each
// time. Only events whose type is in `types` (bits 1 << type) are kept, in stream order; the
// others are checked and stepped over. Returns how many were kept (storage[0, n) are they); on
// an error the contents of `storage` are unspecified.
Result<size_t> DecodeEventStreamInto(std::string_view bytes, std::string_view person, std::vector<Event>& storage,
                                     DecodeDetail detail = DecodeDetail::kFull, uint32_t types = kAllEventTypes);

}  // namespace rattvag
