#include "plain_sql_followup.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "domain/calendar.hpp"

namespace rattvag::bench {

namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;

Error SqliteError(sqlite3* db, const std::string& what) {
  return Error{"sqlite", what + ": " + sqlite3_errmsg(db)};
}

// Finalizes a statement on every path.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

Status Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return SqliteError(db, sql);
  return Status::Ok();
}

}  // namespace

int64_t PlainSqlFollowUp::At(const std::string& municipality, const std::string& column) const {
  const auto at = std::find(columns.begin(), columns.end(), column) - columns.begin();
  return rows.at(municipality).at(static_cast<size_t>(at));
}

std::string DefaultPlainSqlPath() {
#ifdef RATTVAG_SOURCE_DIR
  return std::string(RATTVAG_SOURCE_DIR) + "/bench/plain_sql_followup.sql";
#else
  return "bench/plain_sql_followup.sql";
#endif
}

Result<std::string> ReadPlainSqlFollowUp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"path", "cannot read the plain-SQL follow-up query at " + path};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Status EnsureClosedDays(sqlite3* db) {
  RATTVAG_TRY_STATUS(Exec(db, "CREATE TEMP TABLE IF NOT EXISTS closed_days (date TEXT PRIMARY KEY)"));
  {
    Statement count;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM temp.closed_days", -1, &count.stmt, nullptr) != SQLITE_OK)
      return SqliteError(db, "counting closed days");
    if (sqlite3_step(count.stmt) != SQLITE_ROW) return SqliteError(db, "counting closed days");
    if (sqlite3_column_int64(count.stmt, 0) > 0) return Status::Ok();
  }
  RATTVAG_TRY_STATUS(Exec(db, "SAVEPOINT closed_days"));
  Statement insert;
  // Two holidays can fall on one day (Kristi himmelfärd on 1 May, pingstdagen on 6 June).
  if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO temp.closed_days (date) VALUES (?1)", -1, &insert.stmt,
                         nullptr) != SQLITE_OK)
    return SqliteError(db, "preparing closed days");
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    for (const ClosedDay& day : ClosedDays(year)) {
      const std::string text = day.date.ToString();
      sqlite3_bind_text(insert.stmt, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      if (sqlite3_step(insert.stmt) != SQLITE_DONE) {
        Error e = SqliteError(db, "filling closed days");
        (void)Exec(db, "ROLLBACK TO closed_days; RELEASE closed_days");
        return e;
      }
      sqlite3_reset(insert.stmt);
    }
  }
  return Exec(db, "RELEASE closed_days");
}

Result<PlainSqlFollowUp> RunPlainSqlFollowUp(sqlite3* db, Date as_of, const std::string& sql) {
  RATTVAG_TRY_STATUS(EnsureClosedDays(db));
  Statement query;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &query.stmt, nullptr) != SQLITE_OK)
    return SqliteError(db, "preparing the plain-SQL follow-up");
  const std::string as_of_text = as_of.ToString();
  sqlite3_bind_text(query.stmt, 1, as_of_text.c_str(), static_cast<int>(as_of_text.size()), SQLITE_TRANSIENT);
  PlainSqlFollowUp result;
  const int n = sqlite3_column_count(query.stmt);
  for (int c = 1; c < n; ++c) result.columns.emplace_back(sqlite3_column_name(query.stmt, c));
  int rc;
  while ((rc = sqlite3_step(query.stmt)) == SQLITE_ROW) {
    const auto* municipality = reinterpret_cast<const char*>(sqlite3_column_text(query.stmt, 0));
    std::vector<int64_t> values(static_cast<size_t>(n - 1));
    for (int c = 1; c < n; ++c)
      values[static_cast<size_t>(c - 1)] =
          sqlite3_column_type(query.stmt, c) == SQLITE_NULL ? kNullValue : sqlite3_column_int64(query.stmt, c);
    result.rows.emplace(municipality ? municipality : "", std::move(values));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, "running the plain-SQL follow-up");
  return result;
}

Result<PlainSqlFollowUp> RunPlainSqlFollowUp(sqlite3* db, Date as_of) {
  auto sql = ReadPlainSqlFollowUp();
  if (!sql.ok()) return sql.error();
  return RunPlainSqlFollowUp(db, as_of, *sql);
}

}  // namespace rattvag::bench
