// The SQLite implementation of the Journal port (src/storage/journal.hpp), on the raw C API.
//
// One SqliteJournal owns one connection and the statements prepared on it; every statement is
// prepared once at open and reset after each use, so the import's hot path (one INSERT per
// event, one INSERT or UPDATE per person) does no parsing or allocation in SQLite.
// Errors are values: nothing here throws, and no message carries a personnummer.
//
// Append and AppendAnonymous are all or nothing at the transaction level, not per call: the
// sequence check runs before anything is written (so a conflict leaves the transaction
// usable), but a duplicate id or an I/O error is only found while rows are being written. After
// such a failure Commit refuses and the caller must Rollback (UnitOfWork does), exactly as a
// PostgreSQL transaction is aborted by a failed statement. A savepoint per append would give
// per-call atomicity but costs about 30% of the import's storage time.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "storage/sqlite/sqlite_journal.hpp"

#include "storage/journal.hpp"
#include "codec/sip_json.hpp"
#include "domain/accounts.hpp"
#include "security/random.hpp"
#include "security/sha256.hpp"
#include "storage/migrations.hpp"

namespace rattvag {

namespace {

constexpr int kBusyTimeoutMilliseconds = 5000;
// Negative: KiB, so 128 MiB of page cache per connection at most (allocated on demand).
constexpr const char* kCacheSizePragma = "PRAGMA cache_size = -131072";
constexpr const char* kReaderCacheSizePragma = "PRAGMA cache_size = -16384";
// After a checkpoint, a WAL file grown by a large import is truncated back to 64 MiB.
constexpr const char* kJournalSizeLimitPragma = "PRAGMA journal_size_limit = 67108864";
constexpr const char* kPageSizePragma = "PRAGMA page_size = 16384";
// Temporary tables and statement journals stay in memory instead of files under /var/tmp.
constexpr const char* kTempStorePragma = "PRAGMA temp_store = MEMORY";
// Reads map the database file instead of copying its pages into the page cache: a scan of
// every person's digest (the follow-up) then costs no copies. Up to 4 GiB of the file.
constexpr const char* kMmapSizePragma = "PRAGMA mmap_size = 4294967296";
constexpr int kSynchronousFull = 2;  // The value `PRAGMA synchronous` reads back for FULL.

// Events inserted by one statement when a stream has that many; each has kEventColumns values.
constexpr size_t kEventsPerInsert = 16;
constexpr size_t kEventColumns = 6;

constexpr std::string_view kDuplicateIdReason = "an event with this id is already stored";
constexpr std::string_view kIncompleteReason =
    "an append failed partway in this transaction, so it cannot be committed; roll it back";

Error DatabaseError(sqlite3* db) { return Error{"", std::string("database error: ") + sqlite3_errmsg(db)}; }
Error DatabaseError(std::string_view message) { return Error{"", "database error: " + std::string(message)}; }

// A prepared statement owned by the journal that prepared it.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }

  // Prepares `sql` (one statement) for repeated use.
  Status Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &statement_, nullptr);
    if (rc != SQLITE_OK) return DatabaseError(db);
    return Status::Ok();
  }

  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// Resets a statement when the scope ends, so that no statement stays active (and holds a read
// snapshot) between calls, whatever path the call returns by.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { sqlite3_reset(statement_); }

 private:
  sqlite3_stmt* statement_;
};

// Binds without copying: the caller keeps the text alive until the statement is stepped and
// reset. An empty view binds an empty value, never NULL (SQLite binds NULL for a null pointer).
void BindText(sqlite3_stmt* statement, int index, std::string_view text) {
  sqlite3_bind_text(statement, index, text.empty() ? "" : text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void BindBlob(sqlite3_stmt* statement, int index, std::string_view bytes) {
  if (bytes.empty())
    sqlite3_bind_zeroblob(statement, index, 0);
  else
    sqlite3_bind_blob(statement, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}
// Binds NULL for an empty view.
void BindTextOrNull(sqlite3_stmt* statement, int index, std::string_view text) {
  if (text.empty())
    sqlite3_bind_null(statement, index);
  else
    BindText(statement, index, text);
}

// Views of the current row; valid until the statement is stepped again or reset.
std::string_view ColumnText(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(statement, column))};
}
std::string_view ColumnBlob(sqlite3_stmt* statement, int column) {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
  if (bytes == nullptr) return {};
  return {bytes, static_cast<size_t>(sqlite3_column_bytes(statement, column))};
}

constexpr size_t kIsoDateLength = 10;

// `YYYY-MM-DD` into `buffer`, without the locale machinery of snprintf (this runs per event).
// Years outside 0–9999 cannot be written in ten characters; Date::Parse never yields them.
std::string_view FormatIsoDate(Date date, char (&buffer)[kIsoDateLength]) {
  const std::chrono::year_month_day ymd = date.Ymd();
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  const unsigned y = year < 0 ? 0u : year > 9999 ? 9999u : static_cast<unsigned>(year);
  buffer[0] = static_cast<char>('0' + y / 1000);
  buffer[1] = static_cast<char>('0' + y / 100 % 10);
  buffer[2] = static_cast<char>('0' + y / 10 % 10);
  buffer[3] = static_cast<char>('0' + y % 10);
  buffer[4] = '-';
  buffer[5] = static_cast<char>('0' + month / 10);
  buffer[6] = static_cast<char>('0' + month % 10);
  buffer[7] = '-';
  buffer[8] = static_cast<char>('0' + day / 10);
  buffer[9] = static_cast<char>('0' + day % 10);
  return {buffer, kIsoDateLength};
}

// Runs one or more statements that return no rows.
Status Execute(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Error error = DatabaseError(message != nullptr ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return error;
  }
  return Status::Ok();
}

// The first column of the first row of `sql`, as text; empty when there is no row.
Result<std::string> QueryText(sqlite3* db, const char* sql) {
  Statement statement;
  RATTVAG_TRY_STATUS(statement.Prepare(db, sql));
  const int rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) return std::string(ColumnText(statement.get(), 0));
  if (rc == SQLITE_DONE) return std::string();
  return DatabaseError(db);
}

Result<int64_t> QueryInteger(sqlite3* db, const char* sql) {
  Statement statement;
  RATTVAG_TRY_STATUS(statement.Prepare(db, sql));
  const int rc = sqlite3_step(statement.get());
  if (rc == SQLITE_ROW) return static_cast<int64_t>(sqlite3_column_int64(statement.get(), 0));
  if (rc == SQLITE_DONE) return int64_t{0};
  return DatabaseError(db);
}

// The highest recorded migration, 0 when the database has no schema_migrations table.
Result<int64_t> ReadSchemaVersion(sqlite3* db) {
  auto has_table = QueryInteger(
      db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has_table.ok()) return has_table.error();
  if (*has_table == 0) return int64_t{0};
  return QueryInteger(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
}

int KnownSchemaVersion() {
  const auto& migrations = Migrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Error NewerSchemaError(int64_t version) {
  return Error{"", "database schema version " + std::to_string(version) + " is newer than this program (" +
                       std::to_string(KnownSchemaVersion()) + ")"};
}

// Applies every migration newer than the recorded version, each in its own IMMEDIATE
// transaction together with its schema_migrations row, in ascending version order. The
// version is re-read inside each transaction, so concurrent openers apply each migration once.
// Fails, changing nothing, when the database records a version this program does not know.
Status RunMigrations(sqlite3* db) {
  const int known = KnownSchemaVersion();
  auto version = ReadSchemaVersion(db);
  if (!version.ok()) return version.error();
  if (*version > known) return NewerSchemaError(*version);
  if (*version == known) return Status::Ok();  // The common case takes no write lock.

  while (true) {
    RATTVAG_TRY_STATUS(Execute(db, "BEGIN IMMEDIATE"));
    auto step = [&]() -> Result<bool> {  // True when a migration was applied.
      RATTVAG_TRY_STATUS(Execute(db,
                                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 " version INTEGER PRIMARY KEY,"
                                 " name TEXT NOT NULL,"
                                 " applied_at TEXT NOT NULL)"));
      auto current = ReadSchemaVersion(db);
      if (!current.ok()) return current.error();
      if (*current > known) return NewerSchemaError(*current);
      const Migration* next = nullptr;
      for (const Migration& migration : Migrations())
        if (migration.version > *current) {
          next = &migration;
          break;
        }
      if (next == nullptr) return false;
      const std::string sql(next->sql);
      if (auto s = Execute(db, sql.c_str()); !s.ok())
        return Error{"", "migration " + std::string(next->name) + " failed: " + s.error().reason};
      Statement record;
      RATTVAG_TRY_STATUS(record.Prepare(
          db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, CURRENT_TIMESTAMP)"));
      sqlite3_bind_int64(record.get(), 1, next->version);
      BindText(record.get(), 2, next->name);
      if (sqlite3_step(record.get()) != SQLITE_DONE) return DatabaseError(db);
      return true;
    };
    auto applied = step();
    if (!applied.ok()) {
      if (sqlite3_get_autocommit(db) == 0) (void)Execute(db, "ROLLBACK");
      return applied.error();
    }
    if (auto s = Execute(db, "COMMIT"); !s.ok()) {
      if (sqlite3_get_autocommit(db) == 0) (void)Execute(db, "ROLLBACK");
      return s;
    }
    if (!*applied) return Status::Ok();
  }
}

// Read-only connections cannot migrate: the schema must be exactly the one this program knows.
Status CheckSchemaVersion(sqlite3* db) {
  const int known = KnownSchemaVersion();
  auto version = ReadSchemaVersion(db);
  if (!version.ok()) return version.error();
  if (*version > known) return NewerSchemaError(*version);
  if (*version == 0)
    return Error{"", "the database has no journal schema (open it for writing once, e.g. with an import, to create it)"};
  if (*version < known)
    return Error{"", "database schema version " + std::to_string(*version) + " is older than this program (" +
                         std::to_string(known) + "); open it for writing once, e.g. with an import, to migrate it"};
  return Status::Ok();
}

// Sets the connection's pragmas and reads back the ones durability depends on.
Status ConfigureConnection(sqlite3* db, OpenMode mode) {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMilliseconds);
  if (mode == OpenMode::kReadWrite) {
    // Takes effect only on a new, empty file (before WAL is set). 16 KiB pages make bulk
    // imports about a quarter cheaper than 4 KiB ones (fewer pages, frames and syscalls).
    RATTVAG_TRY_STATUS(Execute(db, kPageSizePragma));
    // WAL is a property of the file: set once by a writer, it persists for every later opener.
    auto journal_mode = QueryText(db, "PRAGMA journal_mode = WAL");
    if (!journal_mode.ok()) return journal_mode.error();
    if (*journal_mode != "wal")
      return Error{"", "could not switch the database to WAL mode (journal mode is \"" + *journal_mode + "\")"};
    RATTVAG_TRY_STATUS(Execute(db, kJournalSizeLimitPragma));
  }
  RATTVAG_TRY_STATUS(Execute(db, "PRAGMA synchronous = FULL"));
  auto synchronous = QueryInteger(db, "PRAGMA synchronous");
  if (!synchronous.ok()) return synchronous.error();
  if (*synchronous != kSynchronousFull)
    return Error{"", "could not set synchronous=FULL (it reads back as " + std::to_string(*synchronous) + ")"};
  RATTVAG_TRY_STATUS(Execute(db, "PRAGMA foreign_keys = ON"));
  auto foreign_keys = QueryInteger(db, "PRAGMA foreign_keys");
  if (!foreign_keys.ok()) return foreign_keys.error();
  if (*foreign_keys != 1) return Error{"", "could not enable foreign keys"};
  // A server reader's page cache is emptied at its first read after any other connection's
  // commit (SQLite's WAL), so it never holds much: 16 MiB at most for each of the server's threads.
  RATTVAG_TRY_STATUS(Execute(db, mode == OpenMode::kReadOnlyUnmapped ? kReaderCacheSizePragma : kCacheSizePragma));
  RATTVAG_TRY_STATUS(Execute(db, kTempStorePragma));
  if (mode != OpenMode::kReadOnlyUnmapped) RATTVAG_TRY_STATUS(Execute(db, kMmapSizePragma));
  return Status::Ok();
}

// The audit log's person index (migration 0014): derived data in a SQLite file of its own beside
// the journal, filled in batches by AuditPersonIndexer so that appending to the log touches no
// person-ordered page. `indexed` says how far it has come: every entry up to `upto` (of chain
// hash `upto_hash`) that has a person is in `audit_by_person`. The hash ties the index to the log
// it was made from: an index of another journal (a restored backup beside an old index file)
// does not match and is not used (the log extract then reads the log itself) until the indexer
// has made it again. 4 KiB pages: the index's pages are small and written in batches.
constexpr const char* kAuditIndexSchema = R"(
PRAGMA page_size = 4096;
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS audit_by_person (
  person TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  PRIMARY KEY (person, sequence)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS indexed (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  upto INTEGER NOT NULL,
  upto_hash BLOB NOT NULL
);
INSERT OR IGNORE INTO indexed (id, upto, upto_hash) VALUES (1, 0, x'');
)";

// Owns the connection; declared before the statements in SqliteJournal so that it closes last.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close_v2(db_); }

  sqlite3* get() const { return db_; }
  sqlite3** out() { return &db_; }
  void Close() {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteJournal final : public Journal {
 public:
  SqliteJournal() = default;
  ~SqliteJournal() override { Rollback(); }

  // Opens, configures and migrates (or, read-only, checks) the database, then prepares the
  // statements. Errors name the path.
  static Result<std::unique_ptr<Journal>> Open(const std::string& path, OpenMode mode) {
    // SQLite's memory statistics take a global mutex on every allocation; nothing here reads
    // them. Only possible before SQLite initialises; if something else initialised it first,
    // the call is refused and nothing changes.
    static std::once_flag no_memory_statistics;
    std::call_once(no_memory_statistics, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    auto journal = std::make_unique<SqliteJournal>();
    auto fail = [&](const Error& error) { return Error{error.field, path + ": " + error.reason}; };
    int flags = SQLITE_OPEN_NOMUTEX;  // One Journal per thread (journal.hpp).
    if (mode != OpenMode::kReadWrite) {
      std::error_code ignored;
      if (!std::filesystem::exists(path, ignored)) return Error{"", path + ": no journal database exists at this path"};
      flags |= SQLITE_OPEN_READONLY;
    } else {
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    }
    if (sqlite3_open_v2(path.c_str(), journal->connection_.out(), flags, nullptr) != SQLITE_OK) {
      if (journal->db() == nullptr) return fail(DatabaseError("out of memory"));
      return fail(DatabaseError(journal->db()));
    }
    if (auto s = ConfigureConnection(journal->db(), mode); !s.ok()) return fail(s.error());
    if (auto s = mode == OpenMode::kReadWrite ? RunMigrations(journal->db()) : CheckSchemaVersion(journal->db());
        !s.ok())
      return fail(s.error());
    if (auto s = journal->PrepareStatements(); !s.ok()) return fail(s.error());
    journal->path_ = path;
    return std::unique_ptr<Journal>(std::move(journal));
  }

  Status Begin() override {
    audit_head_.reset();
    RATTVAG_TRY_STATUS(StepToDone(begin_));
    incomplete_ = false;
    appended_.clear();
    return Status::Ok();
  }

  // Refuses, leaving the transaction open for Rollback, when an append failed after writing
  // part of its rows: committing would store half an append.
  Status Commit() override {
    if (incomplete_) return DatabaseError(kIncompleteReason);
    audit_head_.reset();
    RATTVAG_TRY_STATUS(StepToDone(commit_));
    if (!appended_.empty()) {
      std::vector<std::string> persons;
      persons.swap(appended_);
      std::sort(persons.begin(), persons.end());
      persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
      if (observer_) observer_(persons);
    }
    return Status::Ok();
  }

  void Rollback() override {
    audit_head_.reset();
    incomplete_ = false;
    appended_.clear();
    if (rollback_.get() == nullptr || sqlite3_get_autocommit(db()) != 0) return;  // No transaction is open.
    (void)StepToDone(rollback_);
  }

  Status Savepoint() override {
    RATTVAG_TRY_STATUS(RequireTransaction("Savepoint"));
    RATTVAG_TRY_STATUS(StepToDone(savepoint_));
    savepoint_appended_ = appended_.size();
    savepoint_incomplete_ = incomplete_;
    return Status::Ok();
  }

  Status ReleaseSavepoint() override { return StepToDone(release_savepoint_); }

  // The chain's head is read again at the next audit entry (entries after the savepoint are
  // gone), and the persons appended after it are no longer reported to the observer. When the
  // undo itself fails, the transaction can only be rolled back whole.
  void RollbackToSavepoint() override {
    audit_head_.reset();
    appended_.resize(std::min(appended_.size(), savepoint_appended_));
    incomplete_ = savepoint_incomplete_;
    if (!StepToDone(rollback_to_savepoint_).ok() || !StepToDone(release_savepoint_).ok()) incomplete_ = true;
  }

  Status BeginRead() override {
    audit_head_.reset();
    RATTVAG_TRY_STATUS(StepToDone(begin_read_));
    incomplete_ = false;
    return Status::Ok();
  }

  Result<int64_t> DataVersion() override { return CountRows(data_version_); }
  Result<int64_t> AccountsVersion() override { return CountRows(accounts_version_); }

  void SetAppendObserver(std::function<void(const std::vector<std::string>& persons)> observer) override {
    observer_ = std::move(observer);
  }

  Result<std::vector<std::pair<std::string, std::string>>> PublicIds(
      std::span<const std::string> municipalities) override {
    std::string sql = "SELECT personnummer, public_id FROM persons";
    for (size_t i = 0; i < municipalities.size(); ++i) sql += i == 0 ? " WHERE municipality IN (?" : ", ?";
    if (!municipalities.empty()) sql += ")";
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(db(), sql));
    for (size_t i = 0; i < municipalities.size(); ++i)
      BindText(statement.get(), static_cast<int>(i) + 1, municipalities[i]);
    std::vector<std::pair<std::string, std::string>> out;
    while (true) {
      const int rc = sqlite3_step(statement.get());
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return DatabaseError(db());
      out.emplace_back(ColumnText(statement.get(), 0), ColumnText(statement.get(), 1));
    }
  }

  Result<std::optional<PersonRecord>> LoadPerson(std::string_view person) override {
    return LoadPersonWith(load_person_.get(), person);
  }
  Result<std::optional<PersonRecord>> LoadPersonByPublicId(std::string_view public_id) override {
    return LoadPersonWith(load_person_by_public_id_.get(), public_id);
  }

  Result<std::optional<PersonRecord>> LoadPersonWith(sqlite3_stmt* statement, std::string_view key) {
    ResetOnExit reset(statement);
    BindText(statement, 1, key);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<PersonRecord>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    PersonRecord record;
    record.last_sequence = sqlite3_column_int64(statement, 0);
    record.municipality = ColumnText(statement, 1);
    record.digest = ColumnBlob(statement, 2);
    record.personnummer = ColumnText(statement, 3);
    record.public_id = ColumnText(statement, 4);
    return std::optional<PersonRecord>(std::move(record));
  }

  Status Append(const AppendRequest& request) override {
    RATTVAG_TRY_STATUS(RequireTransaction("Append"));
    int64_t person_id = 0;
    int64_t last_sequence = 0;
    {
      sqlite3_stmt* statement = find_person_.get();
      ResetOnExit reset(statement);
      BindText(statement, 1, request.person);
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_ROW) {
        person_id = sqlite3_column_int64(statement, 0);
        last_sequence = sqlite3_column_int64(statement, 1);
      } else if (rc != SQLITE_DONE) {
        return DatabaseError(db());
      }
    }
    if (last_sequence != request.expected_last_sequence) return Error{"sequence", std::string(kConflictReason)};

    Status status = AppendRows(request, person_id);
    if (!status.ok()) {
      incomplete_ = true;
      return status;
    }
    if (observer_) appended_.emplace_back(request.person);
    return status;
  }

  Status AppendAnonymous(std::span<const EncodedEvent> events) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AppendAnonymous"));
    for (const EncodedEvent& event : events) {
      if (Status status = InsertEvent(event, /*person_id=*/0, /*sequence=*/0); !status.ok()) {
        incomplete_ = true;
        return status;
      }
    }
    return Status::Ok();
  }

  Status AppendAudit(const AuditEntry& entry) override {
    const AuditEntry* one[] = {&entry};
    return AppendAudits(one);
  }

  // The chain's head is read once per write transaction (BEGIN IMMEDIATE holds SQLite's
  // write lock, so no other connection or process appends until the commit) and kept in
  // memory for the transaction's further entries; Begin, Commit, Rollback and a failed insert
  // forget it, so the next transaction reads it again and chains after any entry another
  // process appended meanwhile. One prepared INSERT a row: a multi-row INSERT of 16 entries was
  // measured slower (docs/BENCHMARKS.md, run f).
  Status AppendAudits(std::span<const AuditEntry* const> entries) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AppendAudit"));
    if (entries.empty()) return Status::Ok();
    if (!audit_head_) {
      ChainedAuditEntry head;  // Sequence 0 and the genesis hash for an empty log.
      head.sequence = 0;
      head.hash = GenesisHash();
      sqlite3_stmt* statement = audit_last_.get();
      ResetOnExit reset(statement);
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_ROW) {
        head.sequence = sqlite3_column_int64(statement, 0);
        head.hash = std::string(ColumnBlob(statement, 1));
      } else if (rc != SQLITE_DONE) {
        return DatabaseError(db());
      }
      audit_head_ = std::move(head);
    }
    sqlite3_stmt* statement = audit_insert_.get();
    for (const AuditEntry* entry : entries) {
      // As ChainAuditEntry chains it (the head of an empty log is the genesis hash), without
      // copying the entry.
      const AuditEntry& e = *entry;
      const int64_t sequence = audit_head_->sequence + 1;
      std::string hash = Sha256(AuditChainBytes(sequence, e, audit_head_->hash));
      ResetOnExit reset(statement);
      sqlite3_bind_int64(statement, 1, sequence);
      const std::string* fields[] = {&e.at,     &e.user,   &e.party,  &e.unit,    &e.role,
                                     &e.person, &e.action, &e.ground, &e.outcome, &e.detail};
      for (int k = 0; k < 10; ++k) BindText(statement, k + 2, *fields[k]);
      BindBlob(statement, 12, audit_head_->hash);
      BindBlob(statement, 13, hash);
      if (sqlite3_step(statement) != SQLITE_DONE) {
        incomplete_ = true;
        audit_head_.reset();
        return DatabaseError(db());
      }
      audit_head_->sequence = sequence;
      audit_head_->hash.swap(hash);  // The bound previous hash stays alive until the reset.
    }
    return Status::Ok();
  }

  Status ScanAudit(const std::function<bool(const ChainedAuditEntry&)>& visit) override {
    sqlite3_stmt* statement = audit_scan_.get();
    ResetOnExit reset(statement);
    ChainedAuditEntry e;
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return DatabaseError(db());
      e.sequence = sqlite3_column_int64(statement, 0);
      std::string* fields[] = {&e.entry.at,     &e.entry.user,   &e.entry.party,  &e.entry.unit,    &e.entry.role,
                               &e.entry.person, &e.entry.action, &e.entry.ground, &e.entry.outcome, &e.entry.detail};
      for (int i = 0; i < 10; ++i) *fields[i] = std::string(ColumnText(statement, i + 1));
      e.previous_hash = std::string(ColumnBlob(statement, 11));
      e.hash = std::string(ColumnBlob(statement, 12));
      if (!visit(e)) return Status::Ok();
    }
  }

  // Up to the entry the person index has reached, the person's entries are looked up by
  // sequence; after it, the log is read from there on. Every row is also checked to be the
  // person's, so an index that is wrong in any way can only miss entries, never show another
  // person's; and an index of another log (its `upto_hash` differs) is not used at all.
  Result<std::vector<AuditEntry>> AuditOfPerson(std::string_view person) override {
    std::vector<AuditEntry> out;
    auto read_rows = [&](sqlite3_stmt* statement) -> Status {
      while (true) {
        const int rc = sqlite3_step(statement);
        if (rc == SQLITE_DONE) return Status::Ok();
        if (rc != SQLITE_ROW) return DatabaseError(db());
        AuditEntry e;
        std::string* fields[] = {&e.at, &e.user, &e.party, &e.unit, &e.role, &e.person, &e.action, &e.ground, &e.outcome, &e.detail};
        for (int i = 0; i < 10; ++i) *fields[i] = std::string(ColumnText(statement, i));
        out.push_back(std::move(e));
      }
    };
    std::vector<int64_t> sequences;
    const std::optional<int64_t> upto = IndexedSequencesOf(person, sequences);
    if (!upto) {
      sqlite3_stmt* statement = audit_of_person_.get();
      ResetOnExit reset(statement);
      BindText(statement, 1, person);
      RATTVAG_TRY_STATUS(read_rows(statement));
      return out;
    }
    for (int64_t sequence : sequences) {
      sqlite3_stmt* statement = audit_of_person_at_.get();
      ResetOnExit reset(statement);
      sqlite3_bind_int64(statement, 1, sequence);
      BindText(statement, 2, person);
      RATTVAG_TRY_STATUS(read_rows(statement));
    }
    sqlite3_stmt* statement = audit_of_person_after_.get();
    ResetOnExit reset(statement);
    sqlite3_bind_int64(statement, 1, *upto);
    BindText(statement, 2, person);
    RATTVAG_TRY_STATUS(read_rows(statement));
    return out;
  }

  // The person's indexed sequences (ascending) and how far the index has come; nothing when
  // there is no usable index: no index file, an unreadable one, or one of another log (its
  // `upto_hash` is not this log's hash at `upto`).
  std::optional<int64_t> IndexedSequencesOf(std::string_view person, std::vector<int64_t>& sequences) {
    if (path_.empty()) return std::nullopt;
    if (index_.get() == nullptr) {
      const std::string index_path = path_ + std::string(kAuditIndexSuffix);
      std::error_code ignored;
      if (!std::filesystem::exists(index_path, ignored)) return std::nullopt;
      if (sqlite3_open_v2(index_path.c_str(), index_.out(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
          SQLITE_OK) {
        index_.Close();
        return std::nullopt;
      }
      sqlite3_busy_timeout(index_.get(), kBusyTimeoutMilliseconds);
    }
    sqlite3* index = index_.get();
    // One snapshot of the index for both reads.
    if (Execute(index, "BEGIN").ok() == false) return std::nullopt;
    struct End {
      sqlite3* db;
      ~End() { (void)Execute(db, "ROLLBACK"); }
    } end{index};
    Statement head, rows;
    if (!head.Prepare(index, "SELECT upto, upto_hash FROM indexed WHERE id = 1").ok()) return std::nullopt;
    if (sqlite3_step(head.get()) != SQLITE_ROW) return std::nullopt;
    const int64_t upto = sqlite3_column_int64(head.get(), 0);
    const std::string upto_hash(ColumnBlob(head.get(), 1));
    if (upto == 0) return std::nullopt;
    {
      sqlite3_stmt* hash = audit_hash_at_.get();
      ResetOnExit reset(hash);
      sqlite3_bind_int64(hash, 1, upto);
      if (sqlite3_step(hash) != SQLITE_ROW || ColumnBlob(hash, 0) != upto_hash) return std::nullopt;
    }
    if (!rows.Prepare(index, "SELECT sequence FROM audit_by_person WHERE person = ?1 AND sequence <= ?2 ORDER BY sequence")
             .ok())
      return std::nullopt;
    BindText(rows.get(), 1, person);
    sqlite3_bind_int64(rows.get(), 2, upto);
    int rc;
    while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) sequences.push_back(sqlite3_column_int64(rows.get(), 0));
    if (rc != SQLITE_DONE) return std::nullopt;
    return upto;
  }

  Status AddUnit(const Unit& unit) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddUnit"));
    std::string area;
    for (const auto& m : unit.area) area += (area.empty() ? "" : ",") + m;
    sqlite3_stmt* statement = unit_insert_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, unit.id);
    BindText(statement, 2, unit.name);
    BindText(statement, 3, unit.kind);
    BindText(statement, 4, unit.municipality);
    BindText(statement, 5, area);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error{"id", "a unit with this id exists already"};
    return DatabaseError(db());
  }

  Result<std::optional<Unit>> FindUnit(std::string_view id) override {
    sqlite3_stmt* statement = unit_find_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, id);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<Unit>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    Unit unit;
    unit.id = std::string(ColumnText(statement, 0));
    unit.name = std::string(ColumnText(statement, 1));
    unit.kind = std::string(ColumnText(statement, 2));
    unit.municipality = std::string(ColumnText(statement, 3));
    unit.area = SplitCodes(ColumnText(statement, 4));
    return std::optional<Unit>(std::move(unit));
  }

  Status AddUser(const User& user, std::string_view password_hash) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddUser"));
    sqlite3_stmt* statement = user_insert_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, user.id);
    BindText(statement, 2, user.username);
    BindText(statement, 3, user.display_name);
    BindText(statement, 4, Name(user.role));
    BindText(statement, 5, user.unit_id);
    BindText(statement, 6, password_hash);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return Status::Ok();
    const std::string_view message = sqlite3_errmsg(db());
    if (rc == SQLITE_CONSTRAINT_UNIQUE && message.find("users.username") != std::string_view::npos)
      return Error{"username", "is taken by another user"};
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error{"unit", "no unit has this id"};
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error{"id", "a user with this id exists already"};
    return DatabaseError(db());
  }

  Result<std::optional<StoredUser>> FindUserByUsername(std::string_view username) override {
    return FindUser(user_find_.get(), username);
  }
  Result<std::optional<StoredUser>> FindUserById(std::string_view id) override { return FindUser(user_by_id_.get(), id); }

  Status RecordLoginFailure(std::string_view user_id, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("RecordLoginFailure"));
    return StepWith(login_failed_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, user_id);
      sqlite3_bind_int64(st, 2, at);
    });
  }
  Status ResetLoginFailures(std::string_view user_id) override {
    RATTVAG_TRY_STATUS(RequireTransaction("ResetLoginFailures"));
    return StepWith(login_reset_.get(), [&](sqlite3_stmt* st) { BindText(st, 1, user_id); });
  }
  Status SetTotp(std::string_view user_id, const TotpState& totp) override {
    RATTVAG_TRY_STATUS(RequireTransaction("SetTotp"));
    return StepWith(totp_set_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, user_id);
      BindText(st, 2, totp.secret);
      BindText(st, 3, totp.pending);
      sqlite3_bind_int64(st, 4, totp.last_step);
    });
  }
  Status CreateSession(std::string_view token_hash, const StoredSession& session) override {
    RATTVAG_TRY_STATUS(RequireTransaction("CreateSession"));
    return StepWith(session_insert_.get(), [&](sqlite3_stmt* st) {
      BindBlob(st, 1, token_hash);
      BindText(st, 2, session.user_id);
      BindText(st, 3, session.csrf_token);
      sqlite3_bind_int64(st, 4, session.created_at);
      sqlite3_bind_int64(st, 5, session.last_seen_at);
    });
  }
  Status TouchSession(std::string_view token_hash, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("TouchSession"));
    return StepWith(session_touch_.get(), [&](sqlite3_stmt* st) {
      BindBlob(st, 1, token_hash);
      sqlite3_bind_int64(st, 2, at);
    });
  }
  Status EndSession(std::string_view token_hash, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("EndSession"));
    return StepWith(session_end_.get(), [&](sqlite3_stmt* st) {
      BindBlob(st, 1, token_hash);
      sqlite3_bind_int64(st, 2, at);
    });
  }
  Result<std::optional<StoredSession>> FindSession(std::string_view token_hash) override {
    sqlite3_stmt* statement = session_find_.get();
    ResetOnExit reset(statement);
    BindBlob(statement, 1, token_hash);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<StoredSession>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    StoredSession s;
    s.user_id = std::string(ColumnText(statement, 0));
    s.csrf_token = std::string(ColumnText(statement, 1));
    s.created_at = sqlite3_column_int64(statement, 2);
    s.last_seen_at = sqlite3_column_int64(statement, 3);
    s.ended = sqlite3_column_type(statement, 4) != SQLITE_NULL;
    return std::optional<StoredSession>(std::move(s));
  }

  // Administration of accounts: statements of their own, apart from FindUser's.
  Result<std::vector<Unit>> ListUnits() override {
    sqlite3_stmt* statement = unit_list_.get();
    ResetOnExit reset(statement);
    std::vector<Unit> out;
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return DatabaseError(db());
      Unit unit;
      unit.id = std::string(ColumnText(statement, 0));
      unit.name = std::string(ColumnText(statement, 1));
      unit.kind = std::string(ColumnText(statement, 2));
      unit.municipality = std::string(ColumnText(statement, 3));
      unit.area = SplitCodes(ColumnText(statement, 4));
      out.push_back(std::move(unit));
    }
  }

  Result<std::vector<UserListing>> ListUsers() override {
    sqlite3_stmt* statement = user_list_.get();
    ResetOnExit reset(statement);
    std::vector<UserListing> out;
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return DatabaseError(db());
      UserListing u;
      u.user.id = std::string(ColumnText(statement, 0));
      u.user.username = std::string(ColumnText(statement, 1));
      u.user.display_name = std::string(ColumnText(statement, 2));
      auto role = ParseRole(ColumnText(statement, 3));
      if (!role) return DatabaseError("a stored user has an unknown role");
      u.user.role = *role;
      u.user.unit_id = std::string(ColumnText(statement, 4));
      u.has_password = sqlite3_column_int(statement, 5) != 0;
      u.failed_logins = sqlite3_column_int(statement, 6);
      u.last_failed_login = sqlite3_column_int64(statement, 7);
      u.disabled = sqlite3_column_int(statement, 8) != 0;
      out.push_back(std::move(u));
    }
  }

  Status SetUserDisabled(std::string_view user_id, bool disabled) override {
    RATTVAG_TRY_STATUS(RequireTransaction("SetUserDisabled"));
    RATTVAG_TRY_STATUS(StepWith(user_set_disabled_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, user_id);
      sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    }));
    if (sqlite3_changes(db()) != 1) return Error{"user", "no user has this id"};
    return Status::Ok();
  }

  Status SetPasswordHash(std::string_view user_id, std::string_view password_hash) override {
    RATTVAG_TRY_STATUS(RequireTransaction("SetPasswordHash"));
    RATTVAG_TRY_STATUS(StepWith(user_set_password_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, user_id);
      BindText(st, 2, password_hash);
    }));
    if (sqlite3_changes(db()) != 1) return Error{"user", "no user has this id"};
    return Status::Ok();
  }

  Result<int64_t> EndSessionsOfUser(std::string_view user_id, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("EndSessionsOfUser"));
    RATTVAG_TRY_STATUS(StepWith(sessions_end_of_user_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, user_id);
      sqlite3_bind_int64(st, 2, at);
    }));
    return static_cast<int64_t>(sqlite3_changes(db()));
  }

  // --- The Kunskapsbank's contact list -----------------------------------------------------

  Result<std::vector<Contact>> ListContacts() override {
    std::vector<Contact> out;
    sqlite3_stmt* statement = contact_list_.get();
    ResetOnExit reset(statement);
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return DatabaseError(db());
      out.push_back(ContactRow(statement));
    }
  }

  Result<std::optional<Contact>> FindContact(std::string_view id) override {
    sqlite3_stmt* statement = contact_find_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, id);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<Contact>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    return std::optional<Contact>(ContactRow(statement));
  }

  Status AddContact(const Contact& c) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddContact"));
    sqlite3_stmt* statement = contact_insert_.get();
    ResetOnExit reset(statement);
    BindContact(statement, c);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT) return Error{"id", "is already taken by another contact"};
    if (rc != SQLITE_DONE) return DatabaseError(db());
    return Status::Ok();
  }

  Status UpdateContact(const Contact& c) override {
    RATTVAG_TRY_STATUS(RequireTransaction("UpdateContact"));
    RATTVAG_TRY_STATUS(StepWith(contact_update_.get(), [&](sqlite3_stmt* st) { BindContact(st, c); }));
    if (sqlite3_changes(db()) != 1) return Error{"id", "no contact has this id"};
    return Status::Ok();
  }

  Status DeleteContact(std::string_view id) override {
    RATTVAG_TRY_STATUS(RequireTransaction("DeleteContact"));
    RATTVAG_TRY_STATUS(StepWith(contact_delete_.get(), [&](sqlite3_stmt* st) { BindText(st, 1, id); }));
    if (sqlite3_changes(db()) != 1) return Error{"id", "no contact has this id"};
    return Status::Ok();
  }

  // --- SIPs (migration 0009) ----------------------------------------------------------------
  // Not on a hot path: the statements are prepared per call.

  Status AddSip(const Sip& sip) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddSip"));
    Statement insert;
    RATTVAG_TRY_STATUS(insert.Prepare(
        db(), "INSERT INTO sips (id, person_public_id, municipality, called_by, called_by_unit, called_on, invited, "
              "title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    std::string invited;
    for (Party p : sip.invited) invited += (invited.empty() ? "" : ",") + std::string(Name(p));
    const std::string called_on = sip.called_on.ToString();
    {
      ResetOnExit reset(insert.get());
      sqlite3_stmt* st = insert.get();
      BindText(st, 1, sip.id);
      BindText(st, 2, sip.person_public_id);
      BindText(st, 3, sip.municipality);
      BindText(st, 4, Name(sip.called_by));
      BindText(st, 5, sip.called_by_unit);
      BindText(st, 6, called_on);
      BindText(st, 7, invited);
      BindText(st, 8, sip.title);
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error{"id", "is already taken by another SIP"};
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error{"person", "has no case in the journal (or the unit is unknown)"};
      if (rc != SQLITE_DONE) return DatabaseError(db());
    }
    for (const SipVersion& v : sip.versions) RATTVAG_TRY_STATUS(AddSipVersion(sip.id, v));
    return Status::Ok();
  }

  Status AddSipVersion(std::string_view sip_id, const SipVersion& v) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddSipVersion"));
    Statement insert;
    RATTVAG_TRY_STATUS(insert.Prepare(
        db(), "INSERT INTO sip_versions (sip_id, number, created_at, author_user, author_name, author_party, comment, "
              "plan) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    const std::string plan = boost::json::serialize(SipPlanToJson(v.plan));
    ResetOnExit reset(insert.get());
    sqlite3_stmt* st = insert.get();
    BindText(st, 1, sip_id);
    sqlite3_bind_int(st, 2, v.number);
    BindText(st, 3, v.created_at);
    BindText(st, 4, v.author_user_id);
    BindText(st, 5, v.author_name);
    BindText(st, 6, Name(v.author_party));
    BindText(st, 7, v.comment);
    BindText(st, 8, plan);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error{"version", "the SIP already has a version with this number"};
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error{"sip", "no SIP has this id (or the author is unknown)"};
    if (rc != SQLITE_DONE) return DatabaseError(db());
    return Status::Ok();
  }

  Result<std::optional<Sip>> FindSip(std::string_view id) override {
    auto found = QuerySips(std::string(kSipColumns) + " WHERE id = ?1", {id}, true);
    if (!found.ok()) return found.error();
    if (found->empty()) return std::optional<Sip>();
    return std::optional<Sip>(std::move(found->front()));
  }

  Result<std::vector<Sip>> ListSipsOfPerson(std::string_view person_public_id) override {
    return QuerySips(std::string(kSipColumns) + " WHERE person_public_id = ?1 ORDER BY called_on, rowid",
                     {person_public_id}, true);
  }

  Result<std::vector<Sip>> ListSipsOfMunicipality(std::string_view municipality) override {
    return QuerySips(std::string(kSipColumns) + " WHERE municipality = ?1 ORDER BY called_on, rowid", {municipality},
                     true);
  }

  Result<std::vector<Sip>> ListSipInvitations(std::span<const std::string> municipalities, Party party) override {
    std::vector<Sip> out;
    if (municipalities.empty()) return out;
    std::string sql = std::string(kSipColumns) + " WHERE municipality IN (";
    std::vector<std::string_view> values;
    for (size_t i = 0; i < municipalities.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      values.push_back(municipalities[i]);
    }
    sql += ") ORDER BY called_on DESC, rowid DESC";
    auto all = QuerySips(sql, values, false);
    if (!all.ok()) return all.error();
    for (Sip& s : *all)
      if (std::find(s.invited.begin(), s.invited.end(), party) != s.invited.end()) out.push_back(std::move(s));
    return out;
  }

 private:
  static constexpr std::string_view kSipColumns =
      "SELECT id, person_public_id, municipality, called_by, called_by_unit, called_on, invited, title FROM sips";

  // The SIPs `sql` selects (kSipColumns, parameters bound in order), with their versions when
  // `with_versions`.
  Result<std::vector<Sip>> QuerySips(const std::string& sql, const std::vector<std::string_view>& values,
                                     bool with_versions) {
    std::vector<Sip> out;
    {
      auto prepared = PreparedOnce(sql);
      if (!prepared.ok()) return prepared.error();
      sqlite3_stmt* query = *prepared;
      ResetOnExit reset_query(query);
      for (size_t i = 0; i < values.size(); ++i) BindText(query, static_cast<int>(i) + 1, values[i]);
      while (true) {
        const int rc = sqlite3_step(query);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return DatabaseError(db());
        sqlite3_stmt* st = query;
        Sip s;
        s.id = std::string(ColumnText(st, 0));
        s.person_public_id = std::string(ColumnText(st, 1));
        s.municipality = std::string(ColumnText(st, 2));
        const auto called_by = ParseParty(ColumnText(st, 3));
        const auto called_on = Date::Parse(ColumnText(st, 5));
        if (!called_by || !called_on) return DatabaseError("a stored SIP has an unknown party or a bad date");
        s.called_by = *called_by;
        s.called_by_unit = std::string(ColumnText(st, 4));
        s.called_on = *called_on;
        for (const std::string& name : SplitCodes(ColumnText(st, 6))) {
          const auto p = ParseParty(name);
          if (!p) return DatabaseError("a stored SIP invites an unknown party");
          s.invited.push_back(*p);
        }
        s.title = std::string(ColumnText(st, 7));
        out.push_back(std::move(s));
      }
    }
    if (!with_versions) return out;
    auto versions = PreparedOnce(
        "SELECT number, created_at, author_user, author_name, author_party, comment, plan FROM sip_versions "
        "WHERE sip_id = ?1 ORDER BY number");
    if (!versions.ok()) return versions.error();
    for (Sip& s : out) {
      sqlite3_stmt* st = *versions;
      ResetOnExit reset(st);
      BindText(st, 1, s.id);
      while (true) {
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return DatabaseError(db());
        SipVersion v;
        v.number = sqlite3_column_int(st, 0);
        v.created_at = std::string(ColumnText(st, 1));
        v.author_user_id = std::string(ColumnText(st, 2));
        v.author_name = std::string(ColumnText(st, 3));
        const auto party = ParseParty(ColumnText(st, 4));
        if (!party) return DatabaseError("a stored SIP version has an unknown party");
        v.author_party = *party;
        v.comment = std::string(ColumnText(st, 5));
        boost::json::error_code ec;
        const boost::json::value plan = boost::json::parse(ColumnText(st, 6), ec);
        if (ec || !plan.is_object()) return DatabaseError("a stored SIP version's plan is not JSON");
        auto decoded = SipPlanFromJson(plan.as_object());
        if (!decoded.ok()) return DatabaseError("a stored SIP version's plan: " + decoded.error().ToString());
        v.plan = std::move(decoded).value();
        s.versions.push_back(std::move(v));
      }
    }
    return out;
  }

 public:
  // --- Meetings (migration 0010, issue 5 item 2) ----------------------------------------------
  // Statements are prepared per call: meetings are few, and the section stays self-contained.

  Status AddMeeting(const Meeting& m) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddMeeting"));
    Statement insert;
    RATTVAG_TRY_STATUS(insert.Prepare(
        db(), "INSERT INTO meetings (id, person, municipality, kind, date, start_minutes, duration_minutes, place, "
              "video_url, sip_id, message, status, cancel_reason, called_by, called_by_unit, called_by_user, "
              "called_by_name, created_at, version) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"));
    {
      sqlite3_stmt* st = insert.get();
      ResetOnExit reset(st);
      BindMeeting(st, m);
      BindText(st, 2, m.person);
      BindText(st, 3, m.municipality);
      BindText(st, 14, Name(m.called_by));
      BindText(st, 15, m.called_by_unit);
      BindText(st, 16, m.called_by_user);
      BindText(st, 17, m.called_by_name);
      BindText(st, 18, m.created_at);
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error{"id", "is already taken by another meeting"};
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error{"person", "has no case in the journal"};
      if (rc != SQLITE_DONE) return DatabaseError(db());
    }
    return WriteMeetingParts(m);
  }

  Status SaveMeeting(const Meeting& m) override {
    RATTVAG_TRY_STATUS(RequireTransaction("SaveMeeting"));
    Statement update;
    RATTVAG_TRY_STATUS(update.Prepare(
        db(), "UPDATE meetings SET kind = ?4, date = ?5, start_minutes = ?6, duration_minutes = ?7, place = ?8, "
              "video_url = ?9, sip_id = ?10, message = ?11, status = ?12, cancel_reason = ?13, version = ?19 "
              "WHERE id = ?1 AND version = ?19 - 1"));
    RATTVAG_TRY_STATUS(StepWith(update.get(), [&](sqlite3_stmt* st) { BindMeeting(st, m); }));
    if (sqlite3_changes(db()) != 1) {
      auto stored = FindMeeting(m.id);
      if (!stored.ok()) return stored.error();
      if (!*stored) return Error{"meeting", "no meeting has this id"};
      return Error{"if-match", "the meeting has changed since it was read (it is at version " +
                                   std::to_string((*stored)->version) + ")"};
    }
    for (const char* sql : {"DELETE FROM meeting_invitations WHERE meeting = ?1",
                            "DELETE FROM meeting_decisions WHERE meeting = ?1",
                            "DELETE FROM meeting_minutes WHERE meeting = ?1"}) {
      Statement remove;
      RATTVAG_TRY_STATUS(remove.Prepare(db(), sql));
      RATTVAG_TRY_STATUS(StepWith(remove.get(), [&](sqlite3_stmt* st) { BindText(st, 1, m.id); }));
    }
    return WriteMeetingParts(m);
  }

  Result<std::optional<Meeting>> FindMeeting(std::string_view id) override {
    auto found = QueryMeetings(" WHERE id = ?1", [&](sqlite3_stmt* st) { BindText(st, 1, id); });
    if (!found.ok()) return found.error();
    if (found->empty()) return std::optional<Meeting>();
    return std::optional<Meeting>(std::move(found->front()));
  }

  Result<std::vector<Meeting>> MeetingsOfPerson(std::string_view person) override {
    return QueryMeetings(" WHERE person = ?1 ORDER BY date, start_minutes, id",
                         [&](sqlite3_stmt* st) { BindText(st, 1, person); });
  }

  Result<std::vector<Meeting>> MeetingsFrom(std::span<const std::string> municipalities, Date from) override {
    const std::string day = from.ToString();
    auto all = QueryMeetings(" WHERE date >= ?1 ORDER BY date, start_minutes, id",
                             [&](sqlite3_stmt* st) { BindText(st, 1, day); });
    if (!all.ok() || municipalities.empty()) return all;
    std::erase_if(*all, [&](const Meeting& m) {
      return std::find(municipalities.begin(), municipalities.end(), m.municipality) == municipalities.end();
    });
    return all;
  }

 private:
  // --- Meetings: rows ---

  // Binds the columns a meeting's change may touch: ?1 id, ?4–?13 and ?19 version.
  static void BindMeeting(sqlite3_stmt* st, const Meeting& m) {
    BindText(st, 1, m.id);
    BindText(st, 4, Name(m.kind));
    sqlite3_bind_text(st, 5, m.date.ToString().c_str(), -1, SQLITE_TRANSIENT);  // A temporary: copied.
    sqlite3_bind_int(st, 6, m.start_minutes);
    sqlite3_bind_int(st, 7, m.duration_minutes);
    BindText(st, 8, m.place);
    BindText(st, 9, m.video_url);
    if (m.sip_id)
      BindText(st, 10, *m.sip_id);
    else
      sqlite3_bind_null(st, 10);
    BindText(st, 11, m.message);
    BindText(st, 12, Name(m.status));
    BindText(st, 13, m.cancel_reason);
    sqlite3_bind_int64(st, 19, m.version);
  }

  static std::string PartyNamesOf(PartySet set) {
    std::string out;
    for (int p = 0; p < kPartyCount; ++p)
      if (set & PartyBit(static_cast<Party>(p))) {
        if (!out.empty()) out += ',';
        out += Name(static_cast<Party>(p));
      }
    return out;
  }

  // The invitations, minutes and decisions of `m`. REQUIRES: none stored yet for m.id.
  Status WriteMeetingParts(const Meeting& m) {
    Statement invitation;
    RATTVAG_TRY_STATUS(invitation.Prepare(
        db(), "INSERT INTO meeting_invitations (meeting, party, answer, answered_by, answered_by_name, answered_at, "
              "comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    for (const MeetingInvitation& i : m.invitations)
      RATTVAG_TRY_STATUS(StepWith(invitation.get(), [&](sqlite3_stmt* st) {
        BindText(st, 1, m.id);
        BindText(st, 2, Name(i.party));
        BindText(st, 3, Name(i.answer));
        BindText(st, 4, i.answered_by);
        BindText(st, 5, i.answered_by_name);
        BindText(st, 6, i.answered_at);
        BindText(st, 7, i.comment);
      }));
    if (!m.minutes) return Status::Ok();
    const MeetingMinutes& minutes = *m.minutes;
    const std::string attendees = PartyNamesOf(minutes.attendees);
    const std::string prognosis = minutes.prognosis_date ? minutes.prognosis_date->ToString() : "";
    Statement insert;
    RATTVAG_TRY_STATUS(insert.Prepare(
        db(), "INSERT INTO meeting_minutes (meeting, attendees, notes, ready, prognosis_date, coordination_started, "
              "recorded_by, recorded_by_name, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    RATTVAG_TRY_STATUS(StepWith(insert.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, m.id);
      BindText(st, 2, attendees);
      BindText(st, 3, minutes.notes);
      if (minutes.ready)
        sqlite3_bind_int(st, 4, *minutes.ready ? 1 : 0);
      else
        sqlite3_bind_null(st, 4);
      BindTextOrNull(st, 5, prognosis);
      sqlite3_bind_int(st, 6, minutes.coordination_started ? 1 : 0);
      BindText(st, 7, minutes.recorded_by);
      BindText(st, 8, minutes.recorded_by_name);
      BindText(st, 9, minutes.recorded_at);
    }));
    Statement decision;
    RATTVAG_TRY_STATUS(
        decision.Prepare(db(), "INSERT INTO meeting_decisions (meeting, position, text) VALUES (?1, ?2, ?3)"));
    for (size_t i = 0; i < minutes.decisions.size(); ++i)
      RATTVAG_TRY_STATUS(StepWith(decision.get(), [&](sqlite3_stmt* st) {
        BindText(st, 1, m.id);
        sqlite3_bind_int64(st, 2, static_cast<int64_t>(i));
        BindText(st, 3, minutes.decisions[i]);
      }));
    return Status::Ok();
  }

  // The meetings a `where` clause (with its order) selects, each with its invitations and minutes.
  template <typename Bind>
  Result<std::vector<Meeting>> QueryMeetings(std::string_view where, Bind bind) {
    Statement select;
    RATTVAG_TRY_STATUS(select.Prepare(
        db(), "SELECT id, person, municipality, kind, date, start_minutes, duration_minutes, place, video_url, sip_id, "
              "message, status, cancel_reason, called_by, called_by_unit, called_by_user, called_by_name, created_at, "
              "version FROM meetings" + std::string(where)));
    std::vector<Meeting> out;
    {
      sqlite3_stmt* st = select.get();
      ResetOnExit reset(st);
      bind(st);
      while (true) {
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return DatabaseError(db());
        Meeting m;
        m.id = std::string(ColumnText(st, 0));
        m.person = std::string(ColumnText(st, 1));
        m.municipality = std::string(ColumnText(st, 2));
        m.kind = ParseMeetingKind(ColumnText(st, 3)).value_or(MeetingKind::kMapping);
        m.date = Date::Parse(ColumnText(st, 4)).value_or(Date());
        m.start_minutes = sqlite3_column_int(st, 5);
        m.duration_minutes = sqlite3_column_int(st, 6);
        m.place = std::string(ColumnText(st, 7));
        m.video_url = std::string(ColumnText(st, 8));
        if (sqlite3_column_type(st, 9) != SQLITE_NULL) m.sip_id = std::string(ColumnText(st, 9));
        m.message = std::string(ColumnText(st, 10));
        m.status = ParseMeetingStatus(ColumnText(st, 11)).value_or(MeetingStatus::kPlanned);
        m.cancel_reason = std::string(ColumnText(st, 12));
        m.called_by = ParseParty(ColumnText(st, 13)).value_or(Party::kEb);
        m.called_by_unit = std::string(ColumnText(st, 14));
        m.called_by_user = std::string(ColumnText(st, 15));
        m.called_by_name = std::string(ColumnText(st, 16));
        m.created_at = std::string(ColumnText(st, 17));
        m.version = sqlite3_column_int64(st, 18);
        out.push_back(std::move(m));
      }
    }
    Statement invitations, minutes, decisions;
    RATTVAG_TRY_STATUS(invitations.Prepare(
        db(), "SELECT party, answer, answered_by, answered_by_name, answered_at, comment FROM meeting_invitations "
              "WHERE meeting = ?1"));
    RATTVAG_TRY_STATUS(minutes.Prepare(
        db(), "SELECT attendees, notes, ready, prognosis_date, coordination_started, recorded_by, recorded_by_name, "
              "recorded_at FROM meeting_minutes WHERE meeting = ?1"));
    RATTVAG_TRY_STATUS(
        decisions.Prepare(db(), "SELECT text FROM meeting_decisions WHERE meeting = ?1 ORDER BY position"));
    for (Meeting& m : out) {
      {
        sqlite3_stmt* st = invitations.get();
        ResetOnExit reset(st);
        BindText(st, 1, m.id);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
          MeetingInvitation i;
          i.party = ParseParty(ColumnText(st, 0)).value_or(Party::kFk);
          i.answer = ParseInvitationAnswer(ColumnText(st, 1)).value_or(InvitationAnswer::kUnanswered);
          i.answered_by = std::string(ColumnText(st, 2));
          i.answered_by_name = std::string(ColumnText(st, 3));
          i.answered_at = std::string(ColumnText(st, 4));
          i.comment = std::string(ColumnText(st, 5));
          m.invitations.push_back(std::move(i));
        }
        if (rc != SQLITE_DONE) return DatabaseError(db());
        std::sort(m.invitations.begin(), m.invitations.end(),
                  [](const MeetingInvitation& a, const MeetingInvitation& b) { return a.party < b.party; });
      }
      {
        sqlite3_stmt* st = minutes.get();
        ResetOnExit reset(st);
        BindText(st, 1, m.id);
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
          MeetingMinutes mm;
          for (const std::string& name : SplitCodes(ColumnText(st, 0)))
            if (auto party = ParseParty(name)) mm.attendees |= PartyBit(*party);
          mm.notes = std::string(ColumnText(st, 1));
          if (sqlite3_column_type(st, 2) != SQLITE_NULL) mm.ready = sqlite3_column_int(st, 2) != 0;
          if (sqlite3_column_type(st, 3) != SQLITE_NULL) mm.prognosis_date = Date::Parse(ColumnText(st, 3));
          mm.coordination_started = sqlite3_column_int(st, 4) != 0;
          mm.recorded_by = std::string(ColumnText(st, 5));
          mm.recorded_by_name = std::string(ColumnText(st, 6));
          mm.recorded_at = std::string(ColumnText(st, 7));
          m.minutes = std::move(mm);
        } else if (rc != SQLITE_DONE) {
          return DatabaseError(db());
        }
      }
      if (m.minutes) {
        sqlite3_stmt* st = decisions.get();
        ResetOnExit reset(st);
        BindText(st, 1, m.id);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) m.minutes->decisions.emplace_back(ColumnText(st, 0));
        if (rc != SQLITE_DONE) return DatabaseError(db());
      }
    }
    return out;
  }

  static constexpr std::string_view kReferralColumns =
      "SELECT id, municipality, sent_on, sender_user, contact_name, contact_phone, contact_email, description, "
      "called_back_on, called_back_by, person FROM referrals";

  static AnonymousReferral ReferralRow(sqlite3_stmt* st) {
    AnonymousReferral r;
    r.id = std::string(ColumnText(st, 0));
    r.municipality = std::string(ColumnText(st, 1));
    r.sent_on = Date::Parse(ColumnText(st, 2)).value_or(Date());
    r.sender = std::string(ColumnText(st, 3));
    r.contact_name = std::string(ColumnText(st, 4));
    r.contact_phone = std::string(ColumnText(st, 5));
    r.contact_email = std::string(ColumnText(st, 6));
    r.description = std::string(ColumnText(st, 7));
    if (sqlite3_column_type(st, 8) != SQLITE_NULL) r.called_back_on = Date::Parse(ColumnText(st, 8));
    r.called_back_by = std::string(ColumnText(st, 9));
    r.linked_person = std::string(ColumnText(st, 10));
    return r;
  }

  static constexpr std::string_view kContactColumns =
      "SELECT id, party, name, municipality, mailbox, phone, email, note FROM contacts";

  static Contact ContactRow(sqlite3_stmt* st) {
    Contact c;
    c.id = std::string(ColumnText(st, 0));
    c.party = std::string(ColumnText(st, 1));
    c.name = std::string(ColumnText(st, 2));
    c.municipality = std::string(ColumnText(st, 3));
    c.mailbox = std::string(ColumnText(st, 4));
    c.phone = std::string(ColumnText(st, 5));
    c.email = std::string(ColumnText(st, 6));
    c.note = std::string(ColumnText(st, 7));
    return c;
  }

  static void BindContact(sqlite3_stmt* st, const Contact& c) {
    BindText(st, 1, c.id);
    BindText(st, 2, c.party);
    BindText(st, 3, c.name);
    BindText(st, 4, c.municipality);
    BindText(st, 5, c.mailbox);
    BindText(st, 6, c.phone);
    BindText(st, 7, c.email);
    BindText(st, 8, c.note);
  }

  // Binds with `bind` and steps a statement that returns no rows.
  template <typename Bind>
  Status StepWith(sqlite3_stmt* statement, Bind bind) {
    ResetOnExit reset(statement);
    bind(statement);
    if (sqlite3_step(statement) != SQLITE_DONE) return DatabaseError(db());
    return Status::Ok();
  }

  Result<std::optional<StoredUser>> FindUser(sqlite3_stmt* statement, std::string_view key) {
    ResetOnExit reset(statement);
    BindText(statement, 1, key);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<StoredUser>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    StoredUser s;
    s.user.id = std::string(ColumnText(statement, 0));
    s.user.username = std::string(ColumnText(statement, 1));
    s.user.display_name = std::string(ColumnText(statement, 2));
    auto role = ParseRole(ColumnText(statement, 3));
    if (!role) return DatabaseError("a stored user has an unknown role");
    s.user.role = *role;
    s.user.unit_id = std::string(ColumnText(statement, 4));
    s.password_hash = std::string(ColumnText(statement, 5));
    s.failed_logins = sqlite3_column_int(statement, 6);
    s.last_failed_login = sqlite3_column_int64(statement, 7);
    s.disabled = sqlite3_column_int(statement, 8) != 0;
    s.totp.secret = std::string(ColumnText(statement, 9));
    s.totp.pending = std::string(ColumnText(statement, 10));
    s.totp.last_step = sqlite3_column_int64(statement, 11);
    return std::optional<StoredUser>(std::move(s));
  }

 public:

  Status AddReferral(const AnonymousReferral& r) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddReferral"));
    char date[kIsoDateLength];
    const std::string sent(FormatIsoDate(r.sent_on, date));
    return StepWith(referral_insert_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, r.id);
      BindText(st, 2, r.municipality);
      BindText(st, 3, sent);
      BindText(st, 4, r.sender);
      BindText(st, 5, r.contact_name);
      BindText(st, 6, r.contact_phone);
      BindText(st, 7, r.contact_email);
      BindText(st, 8, r.description);
    });
  }

  Result<std::optional<AnonymousReferral>> FindReferral(std::string_view id) override {
    sqlite3_stmt* statement = referral_find_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, id);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<AnonymousReferral>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    return std::optional<AnonymousReferral>(ReferralRow(statement));
  }

  Result<std::vector<AnonymousReferral>> ListReferrals(std::span<const std::string> municipalities) override {
    std::vector<AnonymousReferral> out;
    if (municipalities.empty()) return out;
    Statement list;
    std::string sql = std::string(kReferralColumns) + " WHERE municipality IN (";
    for (size_t i = 0; i < municipalities.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ") ORDER BY sent_on, rowid";
    RATTVAG_TRY_STATUS(list.Prepare(db(), sql));
    for (size_t i = 0; i < municipalities.size(); ++i) BindText(list.get(), static_cast<int>(i) + 1, municipalities[i]);
    while (true) {
      const int rc = sqlite3_step(list.get());
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return DatabaseError(db());
      out.push_back(ReferralRow(list.get()));
    }
  }

  Status RecordCallback(std::string_view id, Date on, std::string_view user_id) override {
    RATTVAG_TRY_STATUS(RequireTransaction("RecordCallback"));
    char date[kIsoDateLength];
    const std::string day(FormatIsoDate(on, date));
    RATTVAG_TRY_STATUS(StepWith(referral_callback_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, id);
      BindText(st, 2, day);
      BindText(st, 3, user_id);
    }));
    if (sqlite3_changes(db()) != 1) return Error{"referral", "is unknown or already called back"};
    return Status::Ok();
  }

  Status LinkReferral(std::string_view id, std::string_view person) override {
    RATTVAG_TRY_STATUS(RequireTransaction("LinkReferral"));
    RATTVAG_TRY_STATUS(StepWith(referral_link_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, id);
      BindText(st, 2, person);
    }));
    if (sqlite3_changes(db()) != 1) return Error{"referral", "is unknown or already linked"};
    return Status::Ok();
  }

  Status SetAssignee(std::string_view person, std::string_view user_id, int64_t at,
                     std::string_view assigned_by) override {
    RATTVAG_TRY_STATUS(RequireTransaction("SetAssignee"));
    if (user_id.empty()) return StepWith(assignment_delete_.get(), [&](sqlite3_stmt* st) { BindText(st, 1, person); });
    return StepWith(assignment_upsert_.get(), [&](sqlite3_stmt* st) {
      BindText(st, 1, person);
      BindText(st, 2, user_id);
      sqlite3_bind_int64(st, 3, at);
      BindText(st, 4, assigned_by);
    });
  }

  Result<std::optional<std::string>> FindAssignee(std::string_view person) override {
    sqlite3_stmt* statement = assignment_find_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, person);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    return std::optional<std::string>(std::string(ColumnText(statement, 0)));
  }

  Result<std::vector<std::string>> AssignedTo(std::string_view user_id) override {
    sqlite3_stmt* statement = assigned_to_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, user_id);
    std::vector<std::string> out;
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return DatabaseError(db());
      out.emplace_back(ColumnText(statement, 0));
    }
  }

  Result<std::optional<std::string>> FindBodyById(std::string_view id) override {
    if (id.empty()) return std::optional<std::string>();  // Events without an id are never found by id.
    sqlite3_stmt* statement = find_body_.get();
    ResetOnExit reset(statement);
    BindText(statement, 1, id);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    return std::optional<std::string>(std::string(ColumnText(statement, 0)));
  }

  // Questionnaires (issue 5 item 5): the events stored without a person.
  Status ScanAnonymous(std::string_view type,
                       const std::function<bool(std::string_view date, std::string_view body)>& visit) override {
    Statement statement;
    RATTVAG_TRY_STATUS(
        statement.Prepare(db(), "SELECT date, body FROM events WHERE person_id IS NULL AND type = ? ORDER BY id"));
    BindText(statement.get(), 1, type);
    while (true) {
      const int rc = sqlite3_step(statement.get());
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return DatabaseError(db());
      if (!visit(ColumnText(statement.get(), 0), ColumnText(statement.get(), 1))) return Status::Ok();
    }
  }

  Status ScanPersons(std::span<const std::string> municipalities,
                     const std::function<bool(const PersonRow&)>& visit) override {
    // The filtered form depends on the number of municipalities, so it is prepared per scan;
    // a scan visits many rows, so the preparation is negligible.
    Statement filtered;
    sqlite3_stmt* statement = scan_all_.get();
    if (!municipalities.empty()) {
      std::string sql = "SELECT personnummer, municipality, digest FROM persons WHERE municipality IN (";
      for (size_t i = 0; i < municipalities.size(); ++i) sql += i == 0 ? "?" : ", ?";
      sql += ")";
      RATTVAG_TRY_STATUS(filtered.Prepare(db(), sql));
      statement = filtered.get();
      for (size_t i = 0; i < municipalities.size(); ++i)
        BindText(statement, static_cast<int>(i) + 1, municipalities[i]);
    }
    ResetOnExit reset(statement);
    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return DatabaseError(db());
      const PersonRow row{ColumnText(statement, 0), ColumnText(statement, 1), ColumnBlob(statement, 2)};
      if (!visit(row)) return Status::Ok();
    }
  }

  // The staff questionnaire's respondents (migration 0012). Rare: prepared when used.
  Result<bool> AddStaffSurveyRespondent(std::string_view user_id, int year) override {
    RATTVAG_TRY_STATUS(RequireTransaction("AddStaffSurveyRespondent"));
    Statement insert;
    RATTVAG_TRY_STATUS(insert.Prepare(db(), "INSERT INTO staff_survey_respondents (user_id, year) VALUES (?1, ?2)"));
    ResetOnExit reset(insert.get());
    BindText(insert.get(), 1, user_id);
    sqlite3_bind_int(insert.get(), 2, year);
    const int rc = sqlite3_step(insert.get());
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return false;
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error{"user", "is unknown"};
    if (rc != SQLITE_DONE) return DatabaseError(db());
    return true;
  }

  // Individuals' own accounts and sessions (migration 0011). Rare operations: each statement
  // is prepared when used.
  Result<std::optional<OwnAccount>> FindOwnAccountByPerson(std::string_view person) override {
    return FindOwnAccount("p.personnummer = ?1", person);
  }
  Result<std::optional<OwnAccount>> FindOwnAccountById(std::string_view id) override {
    return FindOwnAccount("a.id = ?1", id);
  }
  Status PutOwnAccount(const OwnAccount& a) override {
    RATTVAG_TRY_STATUS(RequireTransaction("PutOwnAccount"));
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(
        db(),
        "INSERT INTO own_accounts (id, person_id, first_name, password_hash, activation_hash, activation_expires, "
        "failed_logins, last_failed_login, disabled, created_at, created_by) "
        "SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 FROM persons WHERE personnummer = ?2 "
        "ON CONFLICT (person_id) DO UPDATE SET id = excluded.id, first_name = excluded.first_name, "
        "password_hash = excluded.password_hash, activation_hash = excluded.activation_hash, "
        "activation_expires = excluded.activation_expires, failed_logins = excluded.failed_logins, "
        "last_failed_login = excluded.last_failed_login, disabled = excluded.disabled, "
        "created_at = excluded.created_at, created_by = excluded.created_by"));
    sqlite3_stmt* st = statement.get();
    BindText(st, 1, a.id);
    BindText(st, 2, a.person);
    BindText(st, 3, a.first_name);
    BindText(st, 4, a.password_hash);
    BindText(st, 5, a.activation_hash);
    sqlite3_bind_int64(st, 6, a.activation_expires);
    sqlite3_bind_int64(st, 7, a.failed_logins);
    sqlite3_bind_int64(st, 8, a.last_failed_login);
    sqlite3_bind_int(st, 9, a.disabled ? 1 : 0);
    sqlite3_bind_int64(st, 10, a.created_at);
    BindText(st, 11, a.created_by);
    if (sqlite3_step(st) != SQLITE_DONE) return DatabaseError(db());
    if (sqlite3_changes(db()) == 0) return Error{"person", "has no case in the journal"};
    return Status::Ok();
  }
  Status CreateOwnSession(std::string_view token_hash, const StoredOwnSession& s) override {
    RATTVAG_TRY_STATUS(RequireTransaction("CreateOwnSession"));
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(
        db(), "INSERT INTO own_sessions (token_hash, account_id, csrf_token, method, created_at, last_seen_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    return StepWith(statement.get(), [&](sqlite3_stmt* st) {
      BindBlob(st, 1, token_hash);
      BindText(st, 2, s.account_id);
      BindText(st, 3, s.csrf_token);
      BindText(st, 4, s.method);
      sqlite3_bind_int64(st, 5, s.created_at);
      sqlite3_bind_int64(st, 6, s.last_seen_at);
    });
  }
  Status TouchOwnSession(std::string_view token_hash, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("TouchOwnSession"));
    return OwnSessionUpdate("UPDATE own_sessions SET last_seen_at = ?2 WHERE token_hash = ?1", token_hash, at);
  }
  Status EndOwnSession(std::string_view token_hash, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("EndOwnSession"));
    return OwnSessionUpdate("UPDATE own_sessions SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL",
                            token_hash, at);
  }
  Result<std::optional<StoredOwnSession>> FindOwnSession(std::string_view token_hash) override {
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(
        db(), "SELECT account_id, csrf_token, method, created_at, last_seen_at, ended_at FROM own_sessions "
              "WHERE token_hash = ?1"));
    sqlite3_stmt* st = statement.get();
    BindBlob(st, 1, token_hash);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return std::optional<StoredOwnSession>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    StoredOwnSession s;
    s.account_id = std::string(ColumnText(st, 0));
    s.csrf_token = std::string(ColumnText(st, 1));
    s.method = std::string(ColumnText(st, 2));
    s.created_at = sqlite3_column_int64(st, 3);
    s.last_seen_at = sqlite3_column_int64(st, 4);
    s.ended = sqlite3_column_type(st, 5) != SQLITE_NULL;
    return std::optional<StoredOwnSession>(std::move(s));
  }
  Result<int64_t> EndOwnSessionsOfAccount(std::string_view account_id, int64_t at) override {
    RATTVAG_TRY_STATUS(RequireTransaction("EndOwnSessionsOfAccount"));
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(
        db(), "UPDATE own_sessions SET ended_at = ?2 WHERE account_id = ?1 AND ended_at IS NULL"));
    BindText(statement.get(), 1, account_id);
    sqlite3_bind_int64(statement.get(), 2, at);
    if (sqlite3_step(statement.get()) != SQLITE_DONE) return DatabaseError(db());
    return static_cast<int64_t>(sqlite3_changes(db()));
  }

 private:
  Result<std::optional<OwnAccount>> FindOwnAccount(const char* where, std::string_view key) {
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(
        db(), std::string("SELECT a.id, p.personnummer, a.first_name, a.password_hash, a.activation_hash, "
                          "a.activation_expires, a.failed_logins, a.last_failed_login, a.disabled, a.created_at, "
                          "a.created_by FROM own_accounts a JOIN persons p ON p.id = a.person_id WHERE ") +
                  where));
    sqlite3_stmt* st = statement.get();
    BindText(st, 1, key);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return std::optional<OwnAccount>();
    if (rc != SQLITE_ROW) return DatabaseError(db());
    OwnAccount a;
    a.id = std::string(ColumnText(st, 0));
    a.person = std::string(ColumnText(st, 1));
    a.first_name = std::string(ColumnText(st, 2));
    a.password_hash = std::string(ColumnText(st, 3));
    a.activation_hash = std::string(ColumnText(st, 4));
    a.activation_expires = sqlite3_column_int64(st, 5);
    a.failed_logins = sqlite3_column_int(st, 6);
    a.last_failed_login = sqlite3_column_int64(st, 7);
    a.disabled = sqlite3_column_int(st, 8) != 0;
    a.created_at = sqlite3_column_int64(st, 9);
    a.created_by = std::string(ColumnText(st, 10));
    return std::optional<OwnAccount>(std::move(a));
  }
  Status OwnSessionUpdate(const char* sql, std::string_view token_hash, int64_t at) {
    Statement statement;
    RATTVAG_TRY_STATUS(statement.Prepare(db(), sql));
    return StepWith(statement.get(), [&](sqlite3_stmt* st) {
      BindBlob(st, 1, token_hash);
      sqlite3_bind_int64(st, 2, at);
    });
  }

 public:
  Result<int64_t> CountEvents() override { return CountRows(count_events_); }
  Result<int64_t> CountPersons() override { return CountRows(count_persons_); }

  sqlite3* db() const { return connection_.get(); }

 private:
  Status PrepareStatements() {
    RATTVAG_TRY_STATUS(begin_.Prepare(db(), "BEGIN IMMEDIATE"));
    RATTVAG_TRY_STATUS(commit_.Prepare(db(), "COMMIT"));
    RATTVAG_TRY_STATUS(begin_read_.Prepare(db(), "BEGIN DEFERRED"));
    RATTVAG_TRY_STATUS(data_version_.Prepare(db(), "PRAGMA data_version"));
    RATTVAG_TRY_STATUS(accounts_version_.Prepare(db(), "SELECT version FROM account_changes WHERE id = 1"));
    RATTVAG_TRY_STATUS(rollback_.Prepare(db(), "ROLLBACK"));
    RATTVAG_TRY_STATUS(savepoint_.Prepare(db(), "SAVEPOINT one_write"));
    RATTVAG_TRY_STATUS(release_savepoint_.Prepare(db(), "RELEASE one_write"));
    RATTVAG_TRY_STATUS(rollback_to_savepoint_.Prepare(db(), "ROLLBACK TO one_write"));
    RATTVAG_TRY_STATUS(load_person_.Prepare(
        db(), "SELECT last_sequence, municipality, digest, personnummer, public_id FROM persons WHERE personnummer = ?1"));
    RATTVAG_TRY_STATUS(load_person_by_public_id_.Prepare(
        db(), "SELECT last_sequence, municipality, digest, personnummer, public_id FROM persons WHERE public_id = ?1"));
    RATTVAG_TRY_STATUS(find_person_.Prepare(db(), "SELECT id, last_sequence FROM persons WHERE personnummer = ?1"));
    RATTVAG_TRY_STATUS(insert_person_.Prepare(
        db(),
        "INSERT INTO persons (personnummer, last_sequence, municipality, digest, public_id) VALUES (?1, ?2, ?3, ?4, ?5)"));
    RATTVAG_TRY_STATUS(update_person_.Prepare(
        db(), "UPDATE persons SET last_sequence = ?2, municipality = ?3, digest = ?4 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(insert_event_.Prepare(
        db(),
        "INSERT INTO events (person_id, sequence, event_id, type, date, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    {
      std::string sql = "INSERT INTO events (person_id, sequence, event_id, type, date, body) VALUES ";
      for (size_t i = 0; i < kEventsPerInsert; ++i) {
        const size_t c = i * kEventColumns;
        sql += fmt::format("{}(?{}, ?{}, ?{}, ?{}, ?{}, ?{})", i == 0 ? "" : ", ", c + 1, c + 2, c + 3, c + 4,
                           c + 5, c + 6);
      }
      RATTVAG_TRY_STATUS(insert_events_.Prepare(db(), sql));
    }
    RATTVAG_TRY_STATUS(audit_last_.Prepare(db(), "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"));
    RATTVAG_TRY_STATUS(audit_insert_.Prepare(
        db(),
        "INSERT INTO audit_log (sequence, at, user_id, party, unit, role, person, action, ground, outcome, detail, "
        "previous_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
    RATTVAG_TRY_STATUS(audit_scan_.Prepare(
        db(),
        "SELECT sequence, at, user_id, party, unit, role, person, action, ground, outcome, detail, previous_hash, hash "
        "FROM audit_log ORDER BY rowid"));
    RATTVAG_TRY_STATUS(unit_insert_.Prepare(
        db(), "INSERT INTO units (id, name, kind, municipality, area) VALUES (?1, ?2, ?3, ?4, ?5)"));
    RATTVAG_TRY_STATUS(unit_find_.Prepare(db(), "SELECT id, name, kind, municipality, area FROM units WHERE id = ?1"));
    RATTVAG_TRY_STATUS(user_insert_.Prepare(
        db(), "INSERT INTO users (id, username, display_name, role, unit_id, password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    RATTVAG_TRY_STATUS(user_find_.Prepare(
        db(),
        "SELECT id, username, display_name, role, unit_id, password_hash, failed_logins, last_failed_login, disabled, "
        "totp_secret, totp_pending, totp_last_step "
        "FROM users WHERE username = ?1"));
    RATTVAG_TRY_STATUS(user_by_id_.Prepare(
        db(),
        "SELECT id, username, display_name, role, unit_id, password_hash, failed_logins, last_failed_login, disabled, "
        "totp_secret, totp_pending, totp_last_step "
        "FROM users WHERE id = ?1"));
    RATTVAG_TRY_STATUS(login_failed_.Prepare(
        db(), "UPDATE users SET failed_logins = failed_logins + 1, last_failed_login = ?2 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(login_reset_.Prepare(db(), "UPDATE users SET failed_logins = 0 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(totp_set_.Prepare(
        db(), "UPDATE users SET totp_secret = ?2, totp_pending = ?3, totp_last_step = ?4 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(session_insert_.Prepare(
        db(), "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    RATTVAG_TRY_STATUS(session_touch_.Prepare(db(), "UPDATE sessions SET last_seen_at = max(last_seen_at, ?2) WHERE token_hash = ?1"));
    RATTVAG_TRY_STATUS(session_end_.Prepare(
        db(), "UPDATE sessions SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL"));
    RATTVAG_TRY_STATUS(session_find_.Prepare(
        db(), "SELECT user_id, csrf_token, created_at, last_seen_at, ended_at FROM sessions WHERE token_hash = ?1"));
    RATTVAG_TRY_STATUS(audit_of_person_.Prepare(
        db(),
        "SELECT at, user_id, party, unit, role, person, action, ground, outcome, detail FROM audit_log "
        "WHERE person = ?1 ORDER BY sequence"));
    RATTVAG_TRY_STATUS(audit_of_person_at_.Prepare(
        db(),
        "SELECT at, user_id, party, unit, role, person, action, ground, outcome, detail FROM audit_log "
        "WHERE sequence = ?1 AND person = ?2"));
    RATTVAG_TRY_STATUS(audit_of_person_after_.Prepare(
        db(),
        "SELECT at, user_id, party, unit, role, person, action, ground, outcome, detail FROM audit_log "
        "WHERE sequence > ?1 AND person = ?2 ORDER BY sequence"));
    RATTVAG_TRY_STATUS(audit_hash_at_.Prepare(db(), "SELECT hash FROM audit_log WHERE sequence = ?1"));
    RATTVAG_TRY_STATUS(referral_insert_.Prepare(
        db(),
        "INSERT INTO referrals (id, municipality, sent_on, sender_user, contact_name, contact_phone, contact_email, "
        "description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    RATTVAG_TRY_STATUS(referral_find_.Prepare(db(), std::string(kReferralColumns) + " WHERE id = ?1"));
    RATTVAG_TRY_STATUS(referral_callback_.Prepare(
        db(), "UPDATE referrals SET called_back_on = ?2, called_back_by = ?3 WHERE id = ?1 AND called_back_on IS NULL"));
    RATTVAG_TRY_STATUS(referral_link_.Prepare(
        db(), "UPDATE referrals SET person = ?2 WHERE id = ?1 AND person IS NULL"));
    RATTVAG_TRY_STATUS(assignment_upsert_.Prepare(
        db(),
        "INSERT INTO case_assignments (personnummer, user_id, assigned_at, assigned_by) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (personnummer) DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at, "
        "assigned_by = excluded.assigned_by"));
    RATTVAG_TRY_STATUS(assignment_delete_.Prepare(db(), "DELETE FROM case_assignments WHERE personnummer = $1"));
    RATTVAG_TRY_STATUS(assignment_find_.Prepare(db(), "SELECT user_id FROM case_assignments WHERE personnummer = $1"));
    RATTVAG_TRY_STATUS(assigned_to_.Prepare(
        db(), "SELECT personnummer FROM case_assignments WHERE user_id = $1 ORDER BY personnummer"));
    RATTVAG_TRY_STATUS(find_body_.Prepare(db(), "SELECT body FROM events WHERE event_id = ?1"));
    RATTVAG_TRY_STATUS(scan_all_.Prepare(db(), "SELECT personnummer, municipality, digest FROM persons"));
    RATTVAG_TRY_STATUS(count_events_.Prepare(db(), "SELECT count(*) FROM events"));
    RATTVAG_TRY_STATUS(count_persons_.Prepare(db(), "SELECT count(*) FROM persons"));
    // Administration of accounts.
    RATTVAG_TRY_STATUS(unit_list_.Prepare(db(), "SELECT id, name, kind, municipality, area FROM units ORDER BY id"));
    RATTVAG_TRY_STATUS(user_list_.Prepare(
        db(),
        "SELECT id, username, display_name, role, unit_id, password_hash <> '', failed_logins, last_failed_login, "
        "disabled FROM users ORDER BY username"));
    RATTVAG_TRY_STATUS(user_set_disabled_.Prepare(db(), "UPDATE users SET disabled = ?2 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(user_set_password_.Prepare(db(), "UPDATE users SET password_hash = ?2 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(sessions_end_of_user_.Prepare(
        db(), "UPDATE sessions SET ended_at = ?2 WHERE user_id = ?1 AND ended_at IS NULL"));
    // The Kunskapsbank's contact list.
    RATTVAG_TRY_STATUS(contact_list_.Prepare(
        db(), std::string(kContactColumns) + " ORDER BY party, municipality, name COLLATE NOCASE, id"));
    RATTVAG_TRY_STATUS(contact_find_.Prepare(db(), std::string(kContactColumns) + " WHERE id = ?1"));
    RATTVAG_TRY_STATUS(contact_insert_.Prepare(
        db(), "INSERT INTO contacts (id, party, name, municipality, mailbox, phone, email, note) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    RATTVAG_TRY_STATUS(contact_update_.Prepare(
        db(), "UPDATE contacts SET party = ?2, name = ?3, municipality = ?4, mailbox = ?5, phone = ?6, email = ?7, "
              "note = ?8 WHERE id = ?1"));
    RATTVAG_TRY_STATUS(contact_delete_.Prepare(db(), "DELETE FROM contacts WHERE id = ?1"));
    return Status::Ok();
  }

  Status RequireTransaction(std::string_view operation) {
    if (sqlite3_get_autocommit(db()) != 0)
      return DatabaseError(std::string(operation) + " requires an open transaction (call Begin first)");
    return Status::Ok();
  }

  // A statement prepared on first use and kept (the work list reads the SIPs of a municipality
  // on every request; preparing it each time was a tenth of the request). At most
  // kMaxPreparedOnce texts are kept; then they are all finalized and prepared again as needed.
  // The caller resets the statement when done (ResetOnExit).
  Result<sqlite3_stmt*> PreparedOnce(const std::string& sql) {
    auto it = prepared_once_.find(sql);
    if (it == prepared_once_.end()) {
      if (prepared_once_.size() >= kMaxPreparedOnce) prepared_once_.clear();
      auto statement = std::make_unique<Statement>();
      RATTVAG_TRY_STATUS(statement->Prepare(db(), sql));
      it = prepared_once_.emplace(sql, std::move(statement)).first;
    }
    return it->second->get();
  }

  Status StepToDone(const Statement& statement) {
    ResetOnExit reset(statement.get());
    if (sqlite3_step(statement.get()) != SQLITE_DONE) return DatabaseError(db());
    return Status::Ok();
  }

  Result<int64_t> CountRows(const Statement& statement) {
    ResetOnExit reset(statement.get());
    if (sqlite3_step(statement.get()) != SQLITE_ROW) return DatabaseError(db());
    return static_cast<int64_t>(sqlite3_column_int64(statement.get(), 0));
  }

  // Writes the person row and the events. On failure part of them may be written already.
  // REQUIRES: inside a transaction; `person_id` is 0 when the person has no row yet.
  Status AppendRows(const AppendRequest& request, int64_t person_id) {
    const int64_t new_last_sequence = request.expected_last_sequence + static_cast<int64_t>(request.events.size());
    // The person row comes first, with its final values, so the events' foreign key holds.
    sqlite3_stmt* statement = person_id == 0 ? insert_person_.get() : update_person_.get();
    {
      ResetOnExit reset(statement);
      const std::string public_id = person_id == 0 ? RandomHex(16) : std::string();  // Opaque, for URLs.
      if (person_id == 0) {
        BindText(statement, 1, request.person);
        BindText(statement, 5, public_id);
      } else {
        sqlite3_bind_int64(statement, 1, person_id);
      }
      sqlite3_bind_int64(statement, 2, new_last_sequence);
      BindText(statement, 3, request.municipality);
      BindBlob(statement, 4, request.digest);
      if (sqlite3_step(statement) != SQLITE_DONE) return DatabaseError(db());
    }
    if (person_id == 0) person_id = sqlite3_last_insert_rowid(db());
    int64_t sequence = request.expected_last_sequence;
    std::span<const EncodedEvent> rest = request.events;
    // Whole groups in one statement each (a long stream costs a fraction of the statement
    // overhead), the remainder one by one.
    while (rest.size() >= kEventsPerInsert) {
      sqlite3_stmt* group = insert_events_.get();
      ResetOnExit reset(group);
      for (size_t i = 0; i < kEventsPerInsert; ++i)
        BindEvent(group, static_cast<int>(i * kEventColumns), rest[i], person_id, ++sequence);
      RATTVAG_TRY_STATUS(StepInsert(group));
      rest = rest.subspan(kEventsPerInsert);
    }
    for (const EncodedEvent& event : rest) RATTVAG_TRY_STATUS(InsertEvent(event, person_id, ++sequence));
    return Status::Ok();
  }

  // Binds one event to the columns after `first` (0-based) of an insert into events.
  void BindEvent(sqlite3_stmt* statement, int first, const EncodedEvent& event, int64_t person_id, int64_t sequence) {
    if (person_id == 0) {
      sqlite3_bind_null(statement, first + 1);
      sqlite3_bind_null(statement, first + 2);
    } else {
      sqlite3_bind_int64(statement, first + 1, person_id);
      sqlite3_bind_int64(statement, first + 2, sequence);
    }
    BindTextOrNull(statement, first + 3, event.id);
    BindText(statement, first + 4, event.type);
    char date[kIsoDateLength];
    // Copied by SQLite (the date buffer does not outlive this call).
    sqlite3_bind_text(statement, first + 5, FormatIsoDate(event.date, date).data(), kIsoDateLength, SQLITE_TRANSIENT);
    BindText(statement, first + 6, event.body);
  }

  Status StepInsert(sqlite3_stmt* statement) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc == SQLITE_CONSTRAINT_UNIQUE && std::string_view(sqlite3_errmsg(db())).find("events.event_id") != std::string_view::npos)
      return Error{"id", std::string(kDuplicateIdReason)};
    return DatabaseError(db());
  }

  // Inserts one event; `person_id` and `sequence` are 0 for an anonymous event (stored as NULL).
  Status InsertEvent(const EncodedEvent& event, int64_t person_id, int64_t sequence) {
    sqlite3_stmt* statement = insert_event_.get();
    ResetOnExit reset(statement);
    BindEvent(statement, 0, event, person_id, sequence);
    return StepInsert(statement);
  }

  Connection connection_;  // Declared first: closed after every statement is finalized.
  // Set when an append failed after writing some rows; cleared by Begin and Rollback.
  bool incomplete_ = false;
  bool savepoint_incomplete_ = false;  // incomplete_ when the savepoint was set.
  size_t savepoint_appended_ = 0;      // appended_.size() when the savepoint was set.
  // The persons appended to in the open transaction, for the observer (only while one is set).
  std::vector<std::string> appended_;
  std::function<void(const std::vector<std::string>&)> observer_;
  Statement begin_;
  Statement begin_read_;
  Statement data_version_;
  Statement accounts_version_;
  Statement commit_;
  Statement rollback_;
  Statement savepoint_;
  Statement release_savepoint_;
  Statement rollback_to_savepoint_;
  Statement load_person_;
  Statement load_person_by_public_id_;
  Statement find_person_;
  Statement insert_person_;
  Statement update_person_;
  Statement insert_event_;
  Statement insert_events_;  // kEventsPerInsert rows at once.
  Statement find_body_;
  Statement audit_of_person_;
  Statement audit_of_person_at_;
  Statement audit_of_person_after_;
  Statement audit_hash_at_;
  Statement referral_insert_;
  Statement referral_find_;
  Statement referral_callback_;
  Statement referral_link_;
  Statement assignment_upsert_;
  Statement assignment_delete_;
  Statement assignment_find_;
  Statement assigned_to_;
  Statement unit_insert_;
  Statement unit_find_;
  Statement user_insert_;
  Statement user_find_;
  Statement user_by_id_;
  Statement login_failed_;
  Statement login_reset_;
  Statement totp_set_;
  Statement session_insert_;
  Statement session_touch_;
  Statement session_end_;
  Statement session_find_;
  Statement audit_last_;
  Statement audit_insert_;
  // The audit chain's last entry (sequence and hash; sequence 0: the log is empty) as of the
  // open write transaction, once read; see AppendAudits.
  std::optional<ChainedAuditEntry> audit_head_;
  static constexpr size_t kMaxPreparedOnce = 64;
  std::map<std::string, std::unique_ptr<Statement>> prepared_once_;  // See PreparedOnce.
  std::string path_;  // The journal's file, for the audit person index beside it.
  Connection index_;  // The audit person index, read-only, opened when first needed.
  Statement audit_scan_;
  Statement scan_all_;
  Statement count_events_;
  Statement count_persons_;
  Statement unit_list_;
  Statement user_list_;
  Statement user_set_disabled_;
  Statement user_set_password_;
  Statement sessions_end_of_user_;
  Statement contact_list_;
  Statement contact_find_;
  Statement contact_insert_;
  Statement contact_update_;
  Statement contact_delete_;
};

// Rolls back the transaction of `db` unless told it was committed.
class RollbackUnlessDone {
 public:
  explicit RollbackUnlessDone(sqlite3* db) : db_(db) {}
  RollbackUnlessDone(const RollbackUnlessDone&) = delete;
  RollbackUnlessDone& operator=(const RollbackUnlessDone&) = delete;
  ~RollbackUnlessDone() {
    if (!done_) (void)Execute(db_, "ROLLBACK");
  }
  void Done() { done_ = true; }

 private:
  sqlite3* db_;
  bool done_ = false;
};

class SqliteAuditPersonIndexer final : public AuditPersonIndexer {
 public:
  static Result<std::unique_ptr<AuditPersonIndexer>> Open(const std::string& journal_path) {
    auto indexer = std::make_unique<SqliteAuditPersonIndexer>();
    const std::string index_path = journal_path + std::string(kAuditIndexSuffix);
    auto fail = [](const std::string& path, const Error& error) { return Error{error.field, path + ": " + error.reason}; };
    std::error_code ignored;
    if (!std::filesystem::exists(journal_path, ignored))
      return Error{"", journal_path + ": no journal database exists at this path"};
    sqlite3** journal = indexer->journal_.out();
    if (sqlite3_open_v2(journal_path.c_str(), journal, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      return fail(journal_path, *journal == nullptr ? DatabaseError("out of memory") : DatabaseError(*journal));
    // Mapped: one read transaction a batch, so the mapping is dropped (OpenMode) at most once a
    // batch, and the batch's rows are read without copies.
    if (auto s = ConfigureConnection(*journal, OpenMode::kReadOnly); !s.ok()) return fail(journal_path, s.error());
    if (auto s = CheckSchemaVersion(*journal); !s.ok()) return fail(journal_path, s.error());
    sqlite3** index = indexer->index_.out();
    if (sqlite3_open_v2(index_path.c_str(), index, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
      return fail(index_path, *index == nullptr ? DatabaseError("out of memory") : DatabaseError(*index));
    sqlite3_busy_timeout(*index, kBusyTimeoutMilliseconds);
    // Derived data: a commit lost to a power cut is indexed again from the log, so NORMAL.
    if (auto s = Execute(*index, kAuditIndexSchema); !s.ok()) return fail(index_path, s.error());
    if (auto s = Execute(*index, "PRAGMA synchronous = NORMAL"); !s.ok()) return fail(index_path, s.error());
    if (auto s = indexer->Prepare(); !s.ok()) return fail(index_path, s.error());
    return std::unique_ptr<AuditPersonIndexer>(std::move(indexer));
  }

  Result<int64_t> CatchUp(int64_t max_entries) override {
    sqlite3* index = index_.get();
    sqlite3* journal = journal_.get();
    RATTVAG_TRY_STATUS(Execute(index, "BEGIN IMMEDIATE"));
    RollbackUnlessDone index_transaction(index);
    int64_t upto = 0;
    std::string upto_hash;
    {
      ResetOnExit reset(head_.get());
      if (sqlite3_step(head_.get()) != SQLITE_ROW) return DatabaseError(index);
      upto = sqlite3_column_int64(head_.get(), 0);
      upto_hash = std::string(ColumnBlob(head_.get(), 1));
    }
    RATTVAG_TRY_STATUS(Execute(journal, "BEGIN"));  // One snapshot of the log.
    RollbackUnlessDone journal_transaction(journal);
    bool changed = false;
    if (upto > 0) {
      auto hash = HashAt(upto);
      if (!hash.ok()) return hash.error();
      if (*hash != upto_hash) {  // Made from another log: made again from the start.
        ResetOnExit reset(clear_.get());
        if (sqlite3_step(clear_.get()) != SQLITE_DONE) return DatabaseError(index);
        upto = 0;
        changed = true;
      }
    }
    int64_t last = 0;
    {
      ResetOnExit reset(last_.get());
      if (sqlite3_step(last_.get()) != SQLITE_ROW) return DatabaseError(journal);
      last = sqlite3_column_int64(last_.get(), 0);
    }
    const int64_t target = std::min(last, upto + std::max<int64_t>(1, max_entries));
    std::vector<std::pair<std::string, int64_t>> rows;
    std::string target_hash;
    if (target > upto) {
      sqlite3_stmt* statement = rows_.get();
      ResetOnExit reset(statement);
      sqlite3_bind_int64(statement, 1, upto);
      sqlite3_bind_int64(statement, 2, target);
      int rc;
      while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
        rows.emplace_back(std::string(ColumnText(statement, 0)), sqlite3_column_int64(statement, 1));
      if (rc != SQLITE_DONE) return DatabaseError(journal);
      auto hash = HashAt(target);
      if (!hash.ok()) return hash.error();
      target_hash = std::move(*hash);
    }
    if (target <= upto && !changed) return int64_t{0};
    // In key order: each leaf page of the index is written once for all of its new entries.
    std::sort(rows.begin(), rows.end());
    for (const auto& [person, sequence] : rows) {
      sqlite3_stmt* statement = insert_.get();
      ResetOnExit reset(statement);
      BindText(statement, 1, person);
      sqlite3_bind_int64(statement, 2, sequence);
      if (sqlite3_step(statement) != SQLITE_DONE) return DatabaseError(index);
    }
    {
      sqlite3_stmt* statement = set_.get();
      ResetOnExit reset(statement);
      sqlite3_bind_int64(statement, 1, target > upto ? target : 0);
      BindBlob(statement, 2, target_hash);
      if (sqlite3_step(statement) != SQLITE_DONE) return DatabaseError(index);
    }
    RATTVAG_TRY_STATUS(Execute(index, "COMMIT"));
    index_transaction.Done();
    return target > upto ? target - upto : int64_t{0};
  }

 private:
  Status Prepare() {
    RATTVAG_TRY_STATUS(hash_.Prepare(journal_.get(), "SELECT hash FROM audit_log WHERE sequence = ?1"));
    RATTVAG_TRY_STATUS(last_.Prepare(journal_.get(), "SELECT coalesce(max(sequence), 0) FROM audit_log"));
    RATTVAG_TRY_STATUS(rows_.Prepare(
        journal_.get(), "SELECT person, sequence FROM audit_log WHERE sequence > ?1 AND sequence <= ?2 AND person <> ''"));
    RATTVAG_TRY_STATUS(head_.Prepare(index_.get(), "SELECT upto, upto_hash FROM indexed WHERE id = 1"));
    RATTVAG_TRY_STATUS(insert_.Prepare(index_.get(), "INSERT OR IGNORE INTO audit_by_person (person, sequence) VALUES (?1, ?2)"));
    RATTVAG_TRY_STATUS(clear_.Prepare(index_.get(), "DELETE FROM audit_by_person"));
    RATTVAG_TRY_STATUS(set_.Prepare(index_.get(), "UPDATE indexed SET upto = ?1, upto_hash = ?2 WHERE id = 1"));
    return Status::Ok();
  }

  // The chain hash of the log's entry `sequence` (empty when there is none).
  Result<std::string> HashAt(int64_t sequence) {
    sqlite3_stmt* statement = hash_.get();
    ResetOnExit reset(statement);
    sqlite3_bind_int64(statement, 1, sequence);
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) return std::string(ColumnBlob(statement, 0));
    if (rc == SQLITE_DONE) return std::string();
    return DatabaseError(journal_.get());
  }

  Connection journal_;  // Declared first: closed after every statement is finalized.
  Connection index_;
  Statement hash_, last_, rows_, head_, insert_, clear_, set_;
};

}  // namespace

sqlite3* SqliteConnectionOf(Journal& journal) {
  auto* sqlite_journal = dynamic_cast<SqliteJournal*>(&journal);
  return sqlite_journal == nullptr ? nullptr : sqlite_journal->db();
}

Result<std::unique_ptr<Journal>> OpenSqliteJournal(const std::string& path, OpenMode mode) {
  return SqliteJournal::Open(path, mode);
}

Result<std::unique_ptr<AuditPersonIndexer>> AuditPersonIndexer::Open(const std::string& journal_path) {
  return SqliteAuditPersonIndexer::Open(journal_path);
}


}  // namespace rattvag
