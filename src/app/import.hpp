// Import of exchange-format files (DOMAIN.md §10) into the journal: all or nothing per file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// A problem on one line of the file (1-based).
struct LineError {
  size_t line;
  Error error;
};

struct ImportSummary {
  size_t lines = 0;            // Non-empty lines read.
  size_t events_stored = 0;    // Newly appended.
  size_t events_unchanged = 0; // Lines whose `id` was already stored with the same content.
  size_t persons = 0;          // Distinct persons in the file.
  double seconds = 0;
};

struct ImportOutcome {
  std::vector<LineError> errors;  // Every bad line, in line order; empty when stored.
  ImportSummary summary;
  bool ok() const { return errors.empty(); }
};

// Reports progress of a long operation: what it is doing, how far, out of how much.
using ProgressFn = std::function<void(std::string_view phase, size_t done, size_t total)>;

// An event with the line it came from.
struct NumberedEvent {
  Event event;
  size_t line;
  std::string body;  // EncodeEventJson(event, false) when already computed; empty otherwise.
};

// Parses and validates a whole JSON Lines file, on several threads for large files. Empty lines
// are skipped. Returns the events (with their canonical bodies) in line order and the errors of
// every bad line in line order.
void ParseJsonLines(std::string_view content, Date today, std::vector<NumberedEvent>& events,
                    std::vector<LineError>& errors, const ProgressFn& progress = {});

// Stores already-decoded events as one file: in one transaction, after checking ids against the
// journal and within the batch (a repeated `id` with the same content is a no-op, with other
// content an error), and the relations between each person's events together with what is
// already stored (CaseState). On any error nothing is stored and every error is returned.
// Storage failures are returned as an error on line 0.
ImportOutcome StoreEvents(Journal& journal, std::vector<NumberedEvent> events, const ProgressFn& progress = {});

// ParseJsonLines then StoreEvents: the `import` command.
ImportOutcome ImportJsonLines(Journal& journal, std::string_view content, Date today, const ProgressFn& progress = {});

}  // namespace rattvag
