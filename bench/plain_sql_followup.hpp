// The plain-SQL baseline of the follow-up (issue: "measure also the same follow-up written as
// plain SQL over the raw event table in SQLite, in the same run, and report the ratio"). The
// query is bench/plain_sql_followup.sql; it reads the raw `events` table and a TEMP table
// `closed_days` that EnsureClosedDays fills from the C++ calendar (plain SQL has none).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace rattvag::bench {

// The query's rows: `columns` names the integer columns after `municipality` (cohort, se_granted,
// …, exit_okand; see the SQL file's header), `rows` holds them by municipality. NULL (only
// callback_median_x2, when nothing was called back) is kNullValue.
struct PlainSqlFollowUp {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<int64_t>> rows;

  // The value of `column` in `municipality`'s row. REQUIRES: both exist.
  int64_t At(const std::string& municipality, const std::string& column) const;
};
inline constexpr int64_t kNullValue = -1;

// bench/plain_sql_followup.sql under the source tree (RATTVAG_SOURCE_DIR, a compile definition).
std::string DefaultPlainSqlPath();

// Reads the query text from `path`.
Result<std::string> ReadPlainSqlFollowUp(const std::string& path = DefaultPlainSqlPath());

// Creates TEMP TABLE closed_days(date TEXT PRIMARY KEY) on `db` and fills it with every Swedish
// public holiday and closed eve of 1900–2200 (ClosedDays); a no-op when already filled. Works
// on a read-only connection (the temp schema is always writable).
Status EnsureClosedDays(sqlite3* db);

// Runs `sql` (the text of bench/plain_sql_followup.sql) with ?1 = as_of, after EnsureClosedDays.
Result<PlainSqlFollowUp> RunPlainSqlFollowUp(sqlite3* db, Date as_of, const std::string& sql);
// The same, reading the query from DefaultPlainSqlPath() first.
Result<PlainSqlFollowUp> RunPlainSqlFollowUp(sqlite3* db, Date as_of);

}  // namespace rattvag::bench
