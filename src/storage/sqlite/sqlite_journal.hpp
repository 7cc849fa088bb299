// SQLite-only access to a journal opened by OpenSqliteJournal (src/storage/journal.hpp).
#pragma once

#include "storage/journal.hpp"

struct sqlite3;

namespace rattvag {

// The connection underneath `journal`, for tests and diagnostics that must ask SQLite itself
// (per-connection pragmas, integrity checks); nullptr when `journal` is not a SQLite journal.
// The connection stays owned by the journal: never close it, and never write through it.
sqlite3* SqliteConnectionOf(Journal& journal);

}  // namespace rattvag
