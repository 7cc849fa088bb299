// SQLite-only access to a journal opened by OpenSqliteJournal (src/storage/journal.hpp).
#pragma once

#include "storage/journal.hpp"

struct sqlite3;

namespace rattvag {

// The connection underneath `journal`, for tests and diagnostics that must ask SQLite itself
// (per-connection pragmas, integrity checks); nullptr when `journal` is not a SQLite journal.
// The connection stays owned by the journal: never close it, and never write through it.
sqlite3* SqliteConnectionOf(Journal& journal);

// The audit log's person index is a file beside the journal: `<journal>-audit-index` (migration
// 0014; with its own `-wal` and `-shm` while in use).
inline constexpr const char* kAuditIndexSuffix = "-audit-index";

// Brings the audit log's person index up to date with the journal's audit log, in batches, on
// connections of its own: it takes the index file's write lock, never the journal's, so no
// request waits for it. The log extract (Journal::AuditOfPerson) reads the index up to the entry
// it has reached and the log itself after that, so an index that lags, is missing or was made
// from another log costs time, never an entry. Derived data: the file may be deleted at any
// time (it is made again) and need not be backed up.
class AuditPersonIndexer {
 public:
  virtual ~AuditPersonIndexer() = default;

  // Opens the journal read-only and the index (created when missing). Errors name the path.
  static Result<std::unique_ptr<AuditPersonIndexer>> Open(const std::string& journal_path);

  // Indexes at most `max_entries` further entries of the log, in one transaction; returns how
  // many entries of the log it went past (0: it was up to date). An index made from another log
  // is emptied and made again.
  virtual Result<int64_t> CatchUp(int64_t max_entries) = 0;
};

}  // namespace rattvag
