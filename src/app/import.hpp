// Import of exchange-format files (DOMAIN.md §10) into the journal: all or nothing per file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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
  size_t column = 0;  // 1-based column of a CSV file; 0 when none is named.
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

// Validated events on their way into the journal, held compactly: per event a 40-byte entry
// and, in large blocks, its `id`, its canonical JSON body and its binary record. A national
// file of millions of events takes a few hundred bytes per event instead of a full Event each.
class EventBatch {
 public:
  // Adds an event that passed ValidateEventFields, read from `line` (1-based; any number for
  // events that did not come from a file). The event is copied.
  void Add(const Event& event, size_t line);
  // Moves `other`'s events to the end of this batch.
  void Append(EventBatch&& other);
  size_t size() const { return entries_.size(); }

  struct Entry {
    uint64_t person;     // The personnummer as a number; 0 for an anonymous event.
    int32_t date;        // Days since 1970-01-01.
    uint32_t line;
    uint32_t block;      // Where id, body and record lie, one after the other.
    uint32_t offset;
    uint32_t body_size;
    uint32_t id_size;
    uint32_t record_size;
  };
  const Entry& entry(size_t i) const { return entries_[i]; }
  std::string_view Id(size_t i) const;
  std::string_view Body(size_t i) const;
  std::string_view Record(size_t i) const;
  // The event itself, decoded from its record into `out` (person and id included).
  Status Decode(size_t i, Event& out) const;

 private:
  std::vector<std::string> blocks_;
  std::vector<Entry> entries_;
};

// The 12-digit personnummer of a batch entry's `person` number.
std::string PersonOfKey(uint64_t key);

// Parses and validates a whole JSON Lines file, on several threads for large files. Empty lines
// are skipped. Adds the good events to `events` in line order and the errors of every bad line
// to `errors` in line order.
void ParseJsonLines(std::string_view content, Date today, EventBatch& events, std::vector<LineError>& errors,
                    const ProgressFn& progress = {});

// Stores already-validated events as one file: in one transaction, after checking ids against
// the journal and within the batch (a repeated `id` with the same content is a no-op, with other
// content an error), and the relations between each person's events together with what is
// already stored (CaseState). On any error nothing is stored and every error is returned.
// Storage failures are returned as an error on line 0.
ImportOutcome StoreEvents(Journal& journal, const EventBatch& events, const ProgressFn& progress = {});

// What an import by a user of the server adds to the command's rules (issue 3: "import, same
// rules as the CLI").
struct StoreOptions {
  // Checks everything, stores nothing (the summary counts what would have been stored).
  bool dry_run = false;
  // Called for every person of the file with their personnummer, the case's municipality as
  // stored ("" for a new person) and as it would be after the import; an error refuses the
  // person (reported on the person's first line of the file).
  std::function<std::optional<Error>(const std::string& person, const std::string& stored_municipality,
                                     const std::string& municipality_after)>
      check_person;
  // Runs in the import's transaction just before it commits (e.g. the audit entries); its
  // failure rolls the import back and is returned as an error on line 0.
  std::function<Status(Journal&, const ImportSummary&)> before_commit;
};
ImportOutcome StoreEvents(Journal& journal, const EventBatch& events, const StoreOptions& options,
                          const ProgressFn& progress = {});

// ParseJsonLines then StoreEvents: the `import` command.
ImportOutcome ImportJsonLines(Journal& journal, std::string_view content, Date today, const ProgressFn& progress = {});

// The CSV form of the exchange format (codec/event_csv.hpp, docs/CSV.md): like ParseJsonLines,
// each error naming the line the row begins on and its column. Returns the number of data rows.
size_t ParseCsv(std::string_view content, Date today, EventBatch& events, std::vector<LineError>& errors);
// ParseCsv then StoreEvents: `import` of a .csv file.
ImportOutcome ImportCsv(Journal& journal, std::string_view content, Date today, const ProgressFn& progress = {});

}  // namespace rattvag
