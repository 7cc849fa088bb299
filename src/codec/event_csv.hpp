// The CSV form of the exchange format (DOMAIN.md §10; docs/CSV.md): one row per event, a header
// row naming the fields, as Swedish spreadsheet programs write it.
//
// - UTF-8, with or without a byte-order mark; lines end in LF or CRLF.
// - Separated by `;` (what Excel writes with Swedish settings) or `,`: the header row decides
//   (the one of the two it holds more of, outside quotes; `,` on a tie).
// - RFC 4180 quoting: a value in double quotes may hold the separator, line breaks and `""`.
// - The header names columns by the field names of §10 (`type`, `person`, `date`, `id`, …) in
//   any order, each at most once; `type` is required. Names are read without surrounding
//   spaces and without regard to case.
// - An empty cell is an absent field. `parties` lists parties separated by `|`, `,`, `;` or
//   spaces; `supports_reduced_capacity` and `ready` are `true`/`false` (or `ja`/`nej`);
//   `extent` is a whole number; `answers` is a JSON object.
// - Each data row is then decoded exactly as the JSON line with those fields would be
//   (DecodeEventLine), so the rules and reasons are the same in both forms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"

namespace rattvag {

// A problem in the file: the line the row begins on (1-based; the header is line 1 of a file
// without blank lines before it), the column (1-based; 0 when the problem is not one cell's)
// and the field and reason.
struct CsvError {
  size_t line = 0;
  size_t column = 0;
  Error error;
};

struct CsvEvent {
  size_t line = 0;
  Event event;
};

// Decodes a whole file. Good rows go to `events` and every problem to `errors`, both in line
// order. A bad header row is reported alone (no data row can be read without it). Rows whose
// cells are all empty are skipped. Never throws.
void DecodeEventCsv(std::string_view content, Date reference, std::vector<CsvEvent>& events,
                    std::vector<CsvError>& errors);

// The column names the CSV form knows, in the order of §10 (type, person, date, id, then the
// fields of the types): the header of a template.
const std::vector<std::string>& CsvColumns();

}  // namespace rattvag
