// A compact binary form of a person's event stream: the projection row ("digest") that the
// report, the deadline list and relational checks read instead of the raw journal.
#pragma once

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

// Decodes a stream written by EncodeEventStream into `out` (cleared first), setting every
// event's `person` to `person`. Reuses the capacity of `out`, so a loop over many persons
// allocates little. Returns an error on truncated or corrupt input, never reads out of bounds.
Status DecodeEventStream(std::string_view bytes, std::string_view person, std::vector<Event>& out);

}  // namespace rattvag
