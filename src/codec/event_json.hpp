// The exchange format (DOMAIN.md §10) to and from Event: one JSON object per line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"

namespace rattvag {

// Decodes one line strictly: valid UTF-8 JSON object, known `type`, every required field
// present with the right JSON type, no unknown fields, dates as `YYYY-MM-DD`, enums by their
// wire names, personnummer parsed and normalised against `reference` (today). Then the field
// rules of ValidateEventFields are applied. Returns the event, or every problem found (each
// naming its field, in field order); never throws.
struct DecodedLine {
  Event event;
  std::vector<Error> errors;  // Empty when the line is good.
};
DecodedLine DecodeEventLine(std::string_view line, Date reference);

// Canonical compact JSON of the event, with fields in the order of DOMAIN.md §10, optional
// fields only when present. `include_person` false leaves out `person` (the journal stores the
// person once, not per event). Decode(Encode(e)) == e.
std::string EncodeEventJson(const Event& event, bool include_person = true);

// Appends `text` as a JSON string literal, escaped as boost::json::serialize escapes it:
// quotes, backslashes and control characters; everything else (including UTF-8) as is.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace rattvag
