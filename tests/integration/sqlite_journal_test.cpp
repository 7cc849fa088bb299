// The Journal port's contract suite (STYLE.md 11), run against SQLite, plus SQLite-only checks
// (pragmas, read-only opening) and a write-fault test at the storage seam (STYLE.md 12).
//
// The contract tests see an engine only through JournalEngine: to run them on PostgreSQL, add
// an engine whose Open/Execute/QueryInteger talk to a fresh database per test and instantiate
// JournalContractTest with it.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/audit.hpp"
#include "security/sha256.hpp"
#include "storage/journal.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite/sqlite_journal.hpp"

namespace rattvag {
namespace {

// Synthetic personnummer (Skatteverket's published test numbers are of this shape).
constexpr std::string_view kPersonA = "191212121212";
constexpr std::string_view kPersonB = "198001019876";
constexpr std::string_view kPersonC = "200001011234";

// A directory of its own under the system's temporary directory, removed with everything in it.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    static std::atomic<int> counter{0};
    std::random_device random;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
      path_ = base / ("rattvag-journal-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                      std::to_string(random()));
      if (std::filesystem::create_directory(path_)) return;
    }
    ADD_FAILURE() << "could not create a temporary directory under " << base;
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A plain SQLite connection of the test's own, beside the journal's.
class RawConnection {
 public:
  explicit RawConnection(const std::filesystem::path& file, int flags = SQLITE_OPEN_READWRITE) {
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      ADD_FAILURE() << "cannot open " << file << ": " << sqlite3_errmsg(db_);
    sqlite3_busy_timeout(db_, 5000);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() { sqlite3_close_v2(db_); }

  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

Status ExecuteOn(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error{"", message != nullptr ? message : sqlite3_errmsg(db)};
    sqlite3_free(message);
    return error;
  }
  return Status::Ok();
}

// The first column of the first row, as text ("" when no row); an error message on failure.
std::string QueryTextOn(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
    return std::string("error: ") + sqlite3_errmsg(db);
  std::string text;
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr)
    text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    text = std::string("error: ") + sqlite3_errmsg(db);
  sqlite3_finalize(statement);
  return text;
}

// What the contract suite needs of a storage engine. A "location" is the fresh, empty
// directory a test owns; the engine decides what it keeps there.
struct JournalEngine {
  std::string name;
  std::function<Result<std::unique_ptr<Journal>>(const std::filesystem::path& location, OpenMode mode)> open;
  // Runs SQL on a connection of its own, bypassing the port (append-only and schema checks).
  std::function<Status(const std::filesystem::path& location, const std::string& sql)> execute;
  // The first column of the first row of a query, as an integer.
  std::function<Result<int64_t>(const std::filesystem::path& location, const std::string& sql)> query_integer;
};

std::filesystem::path SqliteFile(const std::filesystem::path& location) { return location / "journal.sqlite"; }

JournalEngine SqliteEngine() {
  JournalEngine engine;
  engine.name = "sqlite";
  engine.open = [](const std::filesystem::path& location, OpenMode mode) {
    return OpenSqliteJournal(SqliteFile(location).string(), mode);
  };
  engine.execute = [](const std::filesystem::path& location, const std::string& sql) {
    RawConnection connection(SqliteFile(location));
    return ExecuteOn(connection.get(), sql);
  };
  engine.query_integer = [](const std::filesystem::path& location, const std::string& sql) -> Result<int64_t> {
    RawConnection connection(SqliteFile(location));
    const std::string text = QueryTextOn(connection.get(), sql);
    if (text.rfind("error: ", 0) == 0) return Error{"", text};
    return text.empty() ? int64_t{0} : static_cast<int64_t>(std::stoll(text));
  };
  return engine;
}

int KnownVersion() { return Migrations().back().version; }

EncodedEvent MakeEvent(std::string_view id, std::string_view type, Date date, std::string_view body) {
  return EncodedEvent{id, type, date, body};
}

// A digest with bytes that text handling would lose: NUL, 0xFF and a non-UTF-8 sequence.
const std::string kBinaryDigest("\x01\x00\xff\xc3\x28 digest", 13);

class JournalContractTest : public testing::TestWithParam<JournalEngine> {
 protected:
  void SetUp() override { journal_ = Open(OpenMode::kReadWrite); }

  std::unique_ptr<Journal> Open(OpenMode mode) {
    auto journal = GetParam().open(directory_.path(), mode);
    if (!journal.ok()) {
      ADD_FAILURE() << "open failed: " << journal.error().ToString();
      return nullptr;
    }
    return std::move(journal).value();
  }

  void Reopen() {
    journal_.reset();
    journal_ = Open(OpenMode::kReadWrite);
  }

  Status Execute(const std::string& sql) { return GetParam().execute(directory_.path(), sql); }
  int64_t QueryInteger(const std::string& sql) {
    auto value = GetParam().query_integer(directory_.path(), sql);
    if (!value.ok()) {
      ADD_FAILURE() << sql << ": " << value.error().ToString();
      return -1;
    }
    return *value;
  }

  // Appends in a transaction of its own and commits when the append succeeds.
  Status AppendAndCommit(std::string_view person, int64_t expected, const std::vector<EncodedEvent>& events,
                         std::string_view municipality = "0180", std::string_view digest = "digest") {
    UnitOfWork unit(*journal_);
    RATTVAG_TRY_STATUS(unit.Begin());
    RATTVAG_TRY_STATUS(journal_->Append({person, expected, events, municipality, digest}));
    return unit.Commit();
  }

  int64_t Events() {
    auto count = journal_->CountEvents();
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }
  int64_t Persons() {
    auto count = journal_->CountPersons();
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }
  std::optional<PersonRecord> Load(std::string_view person) {
    auto record = journal_->LoadPerson(person);
    EXPECT_TRUE(record.ok()) << record.error().ToString();
    return record.ok() ? *record : std::nullopt;
  }
  std::vector<std::string> ScanNames(std::vector<std::string> municipalities) {
    std::vector<std::string> seen;
    Status s = journal_->ScanPersons(municipalities, [&](const PersonRow& row) {
      seen.push_back(std::string(row.person));
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    std::sort(seen.begin(), seen.end());
    return seen;
  }

  TemporaryDirectory directory_;
  std::unique_ptr<Journal> journal_;
};

const Date kMay1(2024, 5, 1);
const Date kMay2(2024, 5, 2);

TEST_P(JournalContractTest, OpenCreatesAndMigratesAnEmptyJournal) {
  ASSERT_NE(journal_, nullptr);
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Persons(), 0);
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM schema_migrations"), static_cast<int64_t>(Migrations().size()));
  EXPECT_EQ(QueryInteger("SELECT max(version) FROM schema_migrations"), KnownVersion());
}

TEST_P(JournalContractTest, ReopenKeepsDataAndDoesNotRerunMigrations) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("e1", "referral", kMay1, "{}")}).ok());
  ASSERT_TRUE(Execute("UPDATE schema_migrations SET applied_at = 'first'").ok());
  for (int i = 0; i < 3; ++i) Reopen();
  ASSERT_NE(journal_, nullptr);
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM schema_migrations"), static_cast<int64_t>(Migrations().size()));
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM schema_migrations WHERE applied_at = 'first'"),
            static_cast<int64_t>(Migrations().size()));
  EXPECT_EQ(Events(), 1);
  EXPECT_EQ(Persons(), 1);
}

TEST_P(JournalContractTest, AppendThenLoadPersonReturnsTheRecord) {
  const std::vector<EncodedEvent> events = {MakeEvent("e1", "referral", kMay1, R"({"a":1})"),
                                            MakeEvent("", "contact", kMay2, R"({"b":2})")};
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, events, "1480", kBinaryDigest).ok());
  auto record = Load(kPersonA);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->last_sequence, 2);
  EXPECT_EQ(record->municipality, "1480");
  EXPECT_EQ(record->digest, kBinaryDigest);
  EXPECT_FALSE(Load(kPersonB).has_value());
  EXPECT_EQ(Events(), 2);
  EXPECT_EQ(Persons(), 1);
}

TEST_P(JournalContractTest, AppendWithEmptyMunicipalityAndDigestStoresEmptyValues) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("", "referral", kMay1, "{}")}, "", "").ok());
  auto record = Load(kPersonA);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->municipality, "");
  EXPECT_EQ(record->digest, "");
}

TEST_P(JournalContractTest, SequencesContinueAcrossAppendsAndProjectionIsReplaced) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0,
                              {MakeEvent("", "referral", kMay1, "{}"), MakeEvent("", "contact", kMay1, "{}")},
                              "0180", "first")
                  .ok());
  ASSERT_TRUE(AppendAndCommit(kPersonA, 2,
                              {MakeEvent("", "contact", kMay2, "{}"), MakeEvent("", "contact", kMay2, "{}"),
                               MakeEvent("", "contact", kMay2, "{}")},
                              "1480", "second")
                  .ok());
  auto record = Load(kPersonA);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->last_sequence, 5);
  EXPECT_EQ(record->municipality, "1480");
  EXPECT_EQ(record->digest, "second");
  EXPECT_EQ(QueryInteger("SELECT count(DISTINCT sequence) FROM events WHERE sequence BETWEEN 1 AND 5"), 5);
  // The second person's stream starts again at 1.
  ASSERT_TRUE(AppendAndCommit(kPersonB, 0, {MakeEvent("", "referral", kMay1, "{}")}).ok());
  EXPECT_EQ(Load(kPersonB)->last_sequence, 1);
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM events WHERE sequence = 1"), 2);
}

TEST_P(JournalContractTest, StaleExpectedSequenceIsRefusedAndWritesNothing) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0,
                              {MakeEvent("", "referral", kMay1, "{}"), MakeEvent("", "contact", kMay1, "{}")},
                              "0180", "stored")
                  .ok());
  UnitOfWork unit(*journal_);
  ASSERT_TRUE(unit.Begin().ok());
  const std::vector<EncodedEvent> more = {MakeEvent("x1", "contact", kMay2, "{}")};
  for (int64_t stale : {int64_t{0}, int64_t{1}, int64_t{3}}) {
    Status s = journal_->Append({kPersonA, stale, more, "1480", "changed"});
    ASSERT_FALSE(s.ok()) << "expected sequence " << stale;
    EXPECT_EQ(s.error(), (Error{"sequence", std::string(kConflictReason)}));
  }
  // A new person must be appended with expected sequence 0.
  Status s = journal_->Append({kPersonB, 1, more, "1480", "changed"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), (Error{"sequence", std::string(kConflictReason)}));
  // The refused appends left the transaction usable and wrote nothing.
  ASSERT_TRUE(journal_->Append({kPersonA, 2, more, "1480", "changed"}).ok());
  ASSERT_TRUE(unit.Commit().ok());
  EXPECT_EQ(Events(), 3);
  EXPECT_EQ(Persons(), 1);
  EXPECT_EQ(Load(kPersonA)->last_sequence, 3);
  EXPECT_FALSE(Load(kPersonB).has_value());
}

TEST_P(JournalContractTest, UnitOfWorkRollsBackUnlessCommitted) {
  {
    UnitOfWork unit(*journal_);
    ASSERT_TRUE(unit.Begin().ok());
    ASSERT_TRUE(journal_->Append({kPersonA, 0, std::vector{MakeEvent("e1", "referral", kMay1, "{}")}, "0180", "d"}).ok());
    const std::vector<EncodedEvent> anonymous = {MakeEvent("s1", "survey_answer", kMay1, "{}")};
    ASSERT_TRUE(journal_->AppendAnonymous(anonymous).ok());
  }  // No Commit: the unit of work rolls back.
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Persons(), 0);
  EXPECT_FALSE(Load(kPersonA).has_value());
  EXPECT_FALSE(journal_->FindBodyById("e1")->has_value());
  // And the journal is usable afterwards.
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("e1", "referral", kMay1, "{}")}).ok());
  EXPECT_EQ(Events(), 1);
}

TEST_P(JournalContractTest, ErrorMidwayRollsBackEarlierWritesOfTheUnit) {
  auto store = [&]() -> Status {
    UnitOfWork unit(*journal_);
    RATTVAG_TRY_STATUS(unit.Begin());
    RATTVAG_TRY_STATUS(journal_->Append({kPersonA, 0, std::vector{MakeEvent("", "referral", kMay1, "{}")}, "0180", "d"}));
    RATTVAG_TRY_STATUS(journal_->Append({kPersonB, 7, std::vector{MakeEvent("", "referral", kMay1, "{}")}, "0180", "d"}));
    return unit.Commit();
  };
  Status s = store();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "sequence");
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Persons(), 0);
  EXPECT_FALSE(Load(kPersonA).has_value());
}

TEST_P(JournalContractTest, RollbackWithoutTransactionIsHarmless) {
  journal_->Rollback();
  journal_->Rollback();
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("", "referral", kMay1, "{}")}).ok());
  journal_->Rollback();
  EXPECT_EQ(Events(), 1);
}

TEST_P(JournalContractTest, AppendOutsideTransactionIsRefused) {
  Status s = journal_->Append({kPersonA, 0, std::vector{MakeEvent("", "referral", kMay1, "{}")}, "0180", "d"});
  EXPECT_FALSE(s.ok());
  const std::vector<EncodedEvent> anonymous = {MakeEvent("", "survey_answer", kMay1, "{}")};
  EXPECT_FALSE(journal_->AppendAnonymous(anonymous).ok());
  EXPECT_EQ(Events(), 0);
}

TEST_P(JournalContractTest, CommittedAppendSurvivesReopen) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("e1", "referral", kMay1, "{\"x\":1}")}, "0180", kBinaryDigest).ok());
  Reopen();
  auto record = Load(kPersonA);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->digest, kBinaryDigest);
  EXPECT_EQ(journal_->FindBodyById("e1")->value_or(""), "{\"x\":1}");
}

TEST_P(JournalContractTest, FindBodyById) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0,
                              {MakeEvent("e1", "referral", kMay1, R"({"n":"första"})"),
                               MakeEvent("", "contact", kMay2, R"({"n":"utan id"})")})
                  .ok());
  auto found = journal_->FindBodyById("e1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, R"({"n":"första"})");
  auto missing = journal_->FindBodyById("e2");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // Events without an id are never found by id.
  auto empty = journal_->FindBodyById("");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

// A duplicate id is found only when its row is inserted, after earlier rows of the same append
// may be written; the journal then refuses to commit the transaction, so a half-written
// append can never become durable, and the caller rolls back (PostgreSQL behaves the same way:
// a failed statement aborts the transaction).
TEST_P(JournalContractTest, DuplicateIdIsRefusedAndTheTransactionCannotCommit) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("dup", "referral", kMay1, "{}")}, "0180", "a1").ok());

  struct Case {
    std::string name;
    std::function<Status()> append;
  };
  const std::vector<EncodedEvent> same_person = {MakeEvent("fresh", "contact", kMay2, "{}"),
                                                 MakeEvent("dup", "contact", kMay2, "{}")};
  const std::vector<EncodedEvent> other_person = {MakeEvent("fresh", "referral", kMay1, "{}"),
                                                  MakeEvent("dup", "referral", kMay1, "{}")};
  const std::vector<EncodedEvent> anonymous = {MakeEvent("fresh", "survey_answer", kMay1, "{}"),
                                               MakeEvent("dup", "survey_answer", kMay1, "{}")};
  const std::vector<Case> cases = {
      {"same person", [&] { return journal_->Append({kPersonA, 1, same_person, "1480", "a2"}); }},
      {"other person", [&] { return journal_->Append({kPersonB, 0, other_person, "1480", "b"}); }},
      {"anonymous", [&] { return journal_->AppendAnonymous(anonymous); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    {
      UnitOfWork unit(*journal_);
      ASSERT_TRUE(unit.Begin().ok());
      // An earlier, valid append in the same transaction is discarded with it.
      ASSERT_TRUE(journal_->Append({kPersonC, 0, std::vector{MakeEvent("", "referral", kMay1, "{}")}, "0180", "c"}).ok());
      Status s = c.append();
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error(), (Error{"id", "an event with this id is already stored"}));
      Status commit = unit.Commit();
      ASSERT_FALSE(commit.ok());
      EXPECT_NE(commit.error().reason.find("roll it back"), std::string::npos) << commit.error().reason;
    }  // The unit of work rolls back.
    EXPECT_EQ(Events(), 1);
    EXPECT_EQ(Persons(), 1);
    EXPECT_EQ(Load(kPersonA)->last_sequence, 1);
    EXPECT_EQ(Load(kPersonA)->digest, "a1");
    EXPECT_FALSE(Load(kPersonB).has_value());
    EXPECT_FALSE(Load(kPersonC).has_value());
    EXPECT_FALSE(journal_->FindBodyById("fresh")->has_value());
  }
  // The next transaction commits normally.
  ASSERT_TRUE(AppendAndCommit(kPersonA, 1, {MakeEvent("fresh", "contact", kMay2, "{}")}, "1480", "a2").ok());
  EXPECT_EQ(Load(kPersonA)->last_sequence, 2);
}

TEST_P(JournalContractTest, DuplicateIdWithinOneAppendIsRefused) {
  {
    UnitOfWork unit(*journal_);
    ASSERT_TRUE(unit.Begin().ok());
    const std::vector<EncodedEvent> events = {MakeEvent("same", "referral", kMay1, "{}"),
                                              MakeEvent("same", "contact", kMay1, "{}")};
    Status s = journal_->Append({kPersonA, 0, events, "0180", "d"});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().field, "id");
    EXPECT_FALSE(unit.Commit().ok());
  }
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Persons(), 0);
}

// A long stream is written in groups of several rows per statement and the rest one by one:
// every row must come out with its own sequence, id, date and body, and a repeated id anywhere
// in a group refuses the append like a single row does.
TEST_P(JournalContractTest, LongStreamsKeepEveryRowAndRefuseARepeatedIdInsideAGroup) {
  std::vector<std::string> ids, bodies;
  for (int i = 0; i < 41; ++i) {
    ids.push_back("long-" + std::to_string(i));
    bodies.push_back("{\"n\":" + std::to_string(i) + "}");
  }
  std::vector<EncodedEvent> events;
  for (int i = 0; i < 41; ++i) events.push_back(MakeEvent(i == 7 ? std::string_view() : std::string_view(ids[i]), "referral", kMay1.AddDays(i), bodies[i]));
  const Status stored = AppendAndCommit(kPersonA, 0, events);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(Events(), 41);
  EXPECT_EQ(Load(kPersonA)->last_sequence, 41);
  for (int i : {0, 15, 16, 31, 32, 40}) {
    SCOPED_TRACE(i);
    EXPECT_EQ(*journal_->FindBodyById(ids[i]).value(), bodies[i]);
    EXPECT_EQ(QueryInteger("SELECT sequence FROM events WHERE event_id = '" + ids[i] + "'"), i + 1);
    EXPECT_EQ(QueryInteger("SELECT count(*) FROM events WHERE event_id = '" + ids[i] + "' AND date = '" +
                           kMay1.AddDays(i).ToString() + "'"),
              1);
  }
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM events WHERE event_id IS NULL AND sequence = 8"), 1);

  // The second person's 20th event repeats an id stored above: inside the second group of rows.
  std::vector<EncodedEvent> more;
  std::vector<std::string> more_ids;
  for (int i = 0; i < 40; ++i) more_ids.push_back("more-" + std::to_string(i));
  for (int i = 0; i < 40; ++i) more.push_back(MakeEvent(std::string_view(i == 19 ? ids[3] : more_ids[i]), "referral", kMay2, "{}"));
  {
    UnitOfWork unit(*journal_);
    ASSERT_TRUE(unit.Begin().ok());
    Status s = journal_->Append({kPersonB, 0, more, "0180", "b"});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error(), (Error{"id", "an event with this id is already stored"}));
    EXPECT_FALSE(unit.Commit().ok());
  }
  EXPECT_EQ(Events(), 41);
  EXPECT_FALSE(Load(kPersonB).has_value());
  EXPECT_FALSE(journal_->FindBodyById("more-0")->has_value());
}

TEST_P(JournalContractTest, ScanPersonsWithAndWithoutMunicipalityFilter) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("", "referral", kMay1, "{}")}, "0180", kBinaryDigest).ok());
  ASSERT_TRUE(AppendAndCommit(kPersonB, 0, {MakeEvent("", "referral", kMay1, "{}")}, "1480", "b").ok());
  ASSERT_TRUE(AppendAndCommit(kPersonC, 0, {MakeEvent("", "referral", kMay1, "{}")}, "", "c").ok());

  EXPECT_EQ(ScanNames({}), (std::vector<std::string>{std::string(kPersonA), std::string(kPersonB), std::string(kPersonC)}));
  EXPECT_EQ(ScanNames({"0180"}), (std::vector<std::string>{std::string(kPersonA)}));
  EXPECT_EQ(ScanNames({"1480", "0180"}), (std::vector<std::string>{std::string(kPersonA), std::string(kPersonB)}));
  EXPECT_EQ(ScanNames({"9999"}), (std::vector<std::string>{}));

  // The row's views carry the projection exactly, binary digest included.
  std::vector<std::string> seen;
  Status s = journal_->ScanPersons(std::vector<std::string>{"0180"}, [&](const PersonRow& row) {
    seen.push_back(std::string(row.municipality) + "|" + std::string(row.digest));
    return true;
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"0180|" + kBinaryDigest}));

  // The visitor stops the scan by returning false.
  int visited = 0;
  s = journal_->ScanPersons({}, [&](const PersonRow&) { return ++visited < 2; });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(visited, 2);
}

TEST_P(JournalContractTest, ScanPersonsOnAnEmptyJournalVisitsNothing) {
  EXPECT_EQ(ScanNames({}), (std::vector<std::string>{}));
  EXPECT_EQ(ScanNames({"0180"}), (std::vector<std::string>{}));
}

TEST_P(JournalContractTest, AnonymousEventsAreStoredWithoutAPerson) {
  UnitOfWork unit(*journal_);
  ASSERT_TRUE(unit.Begin().ok());
  const std::vector<EncodedEvent> anonymous = {MakeEvent("s1", "survey_answer", kMay1, R"({"q":1})"),
                                               MakeEvent("", "survey_answer", kMay1, R"({"q":2})"),
                                               MakeEvent("", "survey_answer", kMay2, R"({"q":3})")};
  ASSERT_TRUE(journal_->AppendAnonymous(anonymous).ok());
  ASSERT_TRUE(journal_->AppendAnonymous(std::span<const EncodedEvent>()).ok());
  ASSERT_TRUE(unit.Commit().ok());
  EXPECT_EQ(Events(), 3);
  EXPECT_EQ(Persons(), 0);
  EXPECT_EQ(journal_->FindBodyById("s1")->value_or(""), R"({"q":1})");
  EXPECT_EQ(ScanNames({}), (std::vector<std::string>{}));
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM events WHERE person_id IS NULL AND sequence IS NULL"), 3);
  EXPECT_EQ(QueryInteger("SELECT count(*) FROM events WHERE date = '2024-05-02'"), 1);
}

TEST_P(JournalContractTest, CountsFollowAppends) {
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Persons(), 0);
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0,
                              {MakeEvent("", "referral", kMay1, "{}"), MakeEvent("", "contact", kMay1, "{}")})
                  .ok());
  ASSERT_TRUE(AppendAndCommit(kPersonB, 0, {MakeEvent("", "referral", kMay1, "{}")}).ok());
  ASSERT_TRUE(AppendAndCommit(kPersonA, 2, {MakeEvent("", "contact", kMay2, "{}")}).ok());
  EXPECT_EQ(Events(), 4);
  EXPECT_EQ(Persons(), 2);
}

TEST_P(JournalContractTest, StoredEventsCannotBeUpdatedOrDeleted) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("e1", "referral", kMay1, "{}")}).ok());
  const std::vector<EncodedEvent> anonymous = {MakeEvent("s1", "survey_answer", kMay1, "{}")};
  {
    UnitOfWork unit(*journal_);
    ASSERT_TRUE(unit.Begin().ok());
    ASSERT_TRUE(journal_->AppendAnonymous(anonymous).ok());
    ASSERT_TRUE(unit.Commit().ok());
  }
  Status update = Execute("UPDATE events SET body = '{\"forged\":true}'");
  ASSERT_FALSE(update.ok());
  EXPECT_NE(update.error().reason.find("append-only"), std::string::npos) << update.error().reason;
  Status remove = Execute("DELETE FROM events");
  ASSERT_FALSE(remove.ok());
  EXPECT_NE(remove.error().reason.find("append-only"), std::string::npos) << remove.error().reason;
  EXPECT_FALSE(Execute("DELETE FROM events WHERE person_id IS NULL").ok());
  EXPECT_EQ(Events(), 2);
  EXPECT_EQ(journal_->FindBodyById("e1")->value_or(""), "{}");
}

TEST_P(JournalContractTest, DatabaseFromANewerSchemaIsRefused) {
  journal_.reset();
  const int newer = KnownVersion() + 1;
  ASSERT_TRUE(Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" + std::to_string(newer) +
                      ", 'future.sql', '2099-01-01')")
                  .ok());
  const std::string expected = "database schema version " + std::to_string(newer) + " is newer than this program (" +
                               std::to_string(KnownVersion()) + ")";
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly, OpenMode::kReadOnlyUnmapped}) {
    auto journal = GetParam().open(directory_.path(), mode);
    ASSERT_FALSE(journal.ok());
    EXPECT_NE(journal.error().reason.find(expected), std::string::npos) << journal.error().reason;
  }
  // Nothing was changed by the refused opens.
  EXPECT_EQ(QueryInteger("SELECT max(version) FROM schema_migrations"), newer);
}

TEST_P(JournalContractTest, ReadOnlyJournalReadsButDoesNotWrite) {
  ASSERT_TRUE(AppendAndCommit(kPersonA, 0, {MakeEvent("e1", "referral", kMay1, "{}")}, "0180", kBinaryDigest).ok());
  journal_.reset();
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadOnlyUnmapped}) {
    SCOPED_TRACE(mode == OpenMode::kReadOnly ? "mapped" : "unmapped");
    auto reader = Open(mode);
    ASSERT_NE(reader, nullptr);
    auto record = reader->LoadPerson(kPersonA);
    ASSERT_TRUE(record.ok());
    ASSERT_TRUE(record->has_value());
    EXPECT_EQ((*record)->digest, kBinaryDigest);
    EXPECT_EQ(*reader->CountEvents(), 1);
    Status s = reader->Begin();
    if (s.ok()) s = reader->Append({kPersonB, 0, std::vector{MakeEvent("", "referral", kMay1, "{}")}, "0180", "b"});
    if (s.ok()) s = reader->Commit();
    EXPECT_FALSE(s.ok());
    reader->Rollback();
    EXPECT_EQ(*reader->CountPersons(), 1);
  }
}

TEST_P(JournalContractTest, ManyPersonsInOneTransaction) {
  constexpr int kPersons = 2000;
  std::vector<std::string> persons;
  std::vector<std::string> ids;
  for (int i = 0; i < kPersons; ++i) {
    persons.push_back("19" + std::to_string(1000000000 + i));
    ids.push_back("id-" + std::to_string(i));
  }
  UnitOfWork unit(*journal_);
  ASSERT_TRUE(unit.Begin().ok());
  for (int i = 0; i < kPersons; ++i) {
    const std::vector<EncodedEvent> events = {MakeEvent(ids[i], "referral", kMay1, "{}"),
                                              MakeEvent("", "contact", kMay2, "{}")};
    ASSERT_TRUE(journal_->Append({persons[i], 0, events, i % 2 == 0 ? "0180" : "1480", persons[i]}).ok());
  }
  ASSERT_TRUE(unit.Commit().ok());
  EXPECT_EQ(Events(), 2 * kPersons);
  EXPECT_EQ(Persons(), kPersons);
  EXPECT_EQ(ScanNames({"1480"}).size(), static_cast<size_t>(kPersons / 2));
  int mismatches = 0;
  Status s = journal_->ScanPersons({}, [&](const PersonRow& row) {
    if (row.person != row.digest) ++mismatches;
    return true;
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(mismatches, 0);
}

INSTANTIATE_TEST_SUITE_P(SqliteJournal, JournalContractTest, testing::Values(SqliteEngine()),
                         [](const testing::TestParamInfo<JournalEngine>& info) { return info.param.name; });

// SQLite only: the connection's settings, and how opening treats missing or foreign files.
class SqliteJournalTest : public testing::Test {
 protected:
  std::filesystem::path File() const { return SqliteFile(directory_.path()); }

  TemporaryDirectory directory_;
};

TEST_F(SqliteJournalTest, PragmasAreWalFullAndForeignKeys) {
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto journal = OpenSqliteJournal(File().string(), mode);
    ASSERT_TRUE(journal.ok()) << journal.error().ToString();
    sqlite3* db = SqliteConnectionOf(**journal);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(QueryTextOn(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(QueryTextOn(db, "PRAGMA synchronous"), "2");  // FULL.
    EXPECT_EQ(QueryTextOn(db, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(QueryTextOn(db, "PRAGMA busy_timeout"), "5000");
    EXPECT_EQ(QueryTextOn(db, "PRAGMA page_size"), "16384");
  }
  // WAL is a property of the file, seen by every other connection.
  RawConnection other(File());
  EXPECT_EQ(QueryTextOn(other.get(), "PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteJournalTest, ForeignKeysAreEnforcedOnTheJournalsConnection) {
  auto journal = OpenSqliteJournal(File().string());
  ASSERT_TRUE(journal.ok());
  sqlite3* db = SqliteConnectionOf(**journal);
  Status s = ExecuteOn(db, "INSERT INTO events (person_id, sequence, type, date, body) VALUES (42, 1, 't', '2024-05-01', '{}')");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().reason.find("FOREIGN KEY"), std::string::npos) << s.error().reason;
}

TEST_F(SqliteJournalTest, ReadOnlyOpenOfAMissingFileFailsWithoutCreatingIt) {
  auto journal = OpenSqliteJournal(File().string(), OpenMode::kReadOnly);
  ASSERT_FALSE(journal.ok());
  EXPECT_NE(journal.error().reason.find(File().string()), std::string::npos) << journal.error().reason;
  EXPECT_FALSE(std::filesystem::exists(File()));
  EXPECT_TRUE(std::filesystem::is_empty(directory_.path()));
}

TEST_F(SqliteJournalTest, ReadOnlyOpenOfAnUnmigratedDatabaseFails) {
  {
    RawConnection create(File(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(ExecuteOn(create.get(), "CREATE TABLE unrelated (x INTEGER)").ok());
  }
  auto journal = OpenSqliteJournal(File().string(), OpenMode::kReadOnly);
  ASSERT_FALSE(journal.ok());
  EXPECT_NE(journal.error().reason.find("no journal schema"), std::string::npos) << journal.error().reason;
  // Nothing was created in it.
  RawConnection check(File());
  EXPECT_EQ(QueryTextOn(check.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'"), "0");
}

TEST_F(SqliteJournalTest, OpenOfAFileThatIsNotADatabaseFailsClearly) {
  {
    std::FILE* file = std::fopen(File().c_str(), "wb");
    ASSERT_NE(file, nullptr);
    const std::string junk(8192, 'x');
    std::fwrite(junk.data(), 1, junk.size(), file);
    std::fclose(file);
  }
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    auto journal = OpenSqliteJournal(File().string(), mode);
    ASSERT_FALSE(journal.ok());
    EXPECT_NE(journal.error().reason.find("database error"), std::string::npos) << journal.error().reason;
  }
}

TEST_F(SqliteJournalTest, ErrorsDoNotCarryThePersonnummer) {
  auto journal = OpenSqliteJournal(File().string());
  ASSERT_TRUE(journal.ok());
  Journal& j = **journal;
  ASSERT_TRUE(j.Begin().ok());
  ASSERT_TRUE(j.Append({kPersonA, 0, std::vector{MakeEvent("e1", "referral", kMay1, "{}")}, "0180", "d"}).ok());
  std::vector<Status> failures;
  failures.push_back(j.Append({kPersonA, 0, std::vector{MakeEvent("e2", "referral", kMay1, "{}")}, "0180", "d"}));
  failures.push_back(j.Append({kPersonA, 1, std::vector{MakeEvent("e1", "referral", kMay1, "{}")}, "0180", "d"}));
  j.Rollback();
  failures.push_back(j.Append({kPersonA, 0, std::vector{MakeEvent("e3", "referral", kMay1, "{}")}, "0180", "d"}));
  for (const Status& s : failures) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().ToString().find(kPersonA), std::string::npos) << s.error().ToString();
  }
}

// Begin takes the write lock at once (BEGIN IMMEDIATE): a second writer is refused while the
// journal's transaction is open, and readers see nothing of it until Commit.
TEST_F(SqliteJournalTest, ConcurrentWriterIsIsolatedUntilCommit) {
  auto journal = OpenSqliteJournal(File().string());
  ASSERT_TRUE(journal.ok());
  Journal& j = **journal;
  ASSERT_TRUE(j.Begin().ok());
  ASSERT_TRUE(j.Append({kPersonA, 0, std::vector{MakeEvent("e1", "referral", kMay1, "{}")}, "0180", "d"}).ok());
  {
    RawConnection other(File());
    sqlite3_busy_timeout(other.get(), 0);
    // The journal holds the write lock (BEGIN IMMEDIATE), so another writer is refused at once…
    EXPECT_FALSE(ExecuteOn(other.get(), "BEGIN IMMEDIATE").ok());
    // …and a reader does not see the uncommitted append.
    EXPECT_EQ(QueryTextOn(other.get(), "SELECT count(*) FROM events"), "0");
  }
  ASSERT_TRUE(j.Commit().ok());
  RawConnection after(File());
  EXPECT_EQ(QueryTextOn(after.get(), "SELECT count(*) FROM events"), "1");
}

// A savepoint undoes only what was written after it (the server's group commit runs each
// request's write under one): the transaction's other appends, its audit chain and what the
// append observer is told stay as if the undone write had never been tried.
TEST_F(SqliteJournalTest, ASavepointUndoesOnlyWhatWasWrittenAfterIt) {
  auto opened = OpenSqliteJournal(File().string());
  ASSERT_TRUE(opened.ok());
  Journal& j = **opened;
  std::vector<std::string> observed;
  j.SetAppendObserver([&](const std::vector<std::string>& persons) {
    observed.insert(observed.end(), persons.begin(), persons.end());
  });
  auto entry = [](std::string detail) {
    AuditEntry e;
    e.at = "2026-06-01T00:00:00Z";
    e.user = "u-test";
    e.action = "savepoint_test";
    e.outcome = "allowed";
    e.detail = std::move(detail);
    return e;
  };
  EXPECT_FALSE(j.Savepoint().ok());  // Only inside a write transaction.
  ASSERT_TRUE(j.Begin().ok());
  ASSERT_TRUE(j.Append({kPersonA, 0, std::vector{MakeEvent("e1", "referral", kMay1, "{}")}, "0180", "a"}).ok());
  ASSERT_TRUE(j.AppendAudit(entry("kept before")).ok());
  // Undone: B's stream and an audit entry.
  ASSERT_TRUE(j.Savepoint().ok());
  ASSERT_TRUE(j.Append({kPersonB, 0, std::vector{MakeEvent("e2", "referral", kMay1, "{}")}, "0180", "b"}).ok());
  ASSERT_TRUE(j.AppendAudit(entry("undone")).ok());
  j.RollbackToSavepoint();
  // Kept: an audit entry under a released savepoint, and one after it.
  ASSERT_TRUE(j.Savepoint().ok());
  ASSERT_TRUE(j.AppendAudit(entry("kept in savepoint")).ok());
  ASSERT_TRUE(j.ReleaseSavepoint().ok());
  ASSERT_TRUE(j.AppendAudit(entry("kept after")).ok());
  ASSERT_TRUE(j.Commit().ok());

  EXPECT_EQ(observed, std::vector<std::string>{std::string(kPersonA)});
  auto b = j.LoadPerson(kPersonB);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->has_value());
  std::vector<ChainedAuditEntry> chain;
  ASSERT_TRUE(j.ScanAudit([&](const ChainedAuditEntry& e) {
    chain.push_back(e);
    return true;
  }).ok());
  std::vector<std::string> details;
  for (const auto& e : chain) details.push_back(e.entry.detail);
  EXPECT_EQ(details, (std::vector<std::string>{"kept before", "kept in savepoint", "kept after"}));
  EXPECT_TRUE(VerifyAuditChain(chain, Sha256).ok());
}

// Write faults at the storage seam (STYLE.md 12, SQLite's do_faultsim_test): a VFS shim makes
// every write, sync and truncate fail from the Nth one on, with N rising until a run completes
// without a fault. After each run the file is reopened without faults and must hold either
// everything the transaction wrote or nothing of it, and pass `PRAGMA integrity_check`.
struct FaultInjection {
  bool armed = false;
  int operations_before_failure = 0;
  int faults = 0;
};
FaultInjection fault_injection;

bool InjectFault() {
  if (!fault_injection.armed) return false;
  if (fault_injection.operations_before_failure > 0) {
    --fault_injection.operations_before_failure;
    return false;
  }
  ++fault_injection.faults;
  return true;
}

struct FaultyFile {
  sqlite3_file base;
  sqlite3_file* real;  // Allocated by SQLite just after this struct (szOsFile covers both).
};

sqlite3_file* Real(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file)->real; }

int FaultyClose(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int FaultyRead(sqlite3_file* f, void* data, int amount, sqlite3_int64 offset) {
  return Real(f)->pMethods->xRead(Real(f), data, amount, offset);
}
int FaultyWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  if (InjectFault()) return SQLITE_IOERR_WRITE;
  return Real(f)->pMethods->xWrite(Real(f), data, amount, offset);
}
int FaultyTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (InjectFault()) return SQLITE_IOERR_TRUNCATE;
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int FaultySync(sqlite3_file* f, int flags) {
  if (InjectFault()) return SQLITE_IOERR_FSYNC;
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FaultyFileSize(sqlite3_file* f, sqlite3_int64* size) { return Real(f)->pMethods->xFileSize(Real(f), size); }
int FaultyLock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int FaultyUnlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int FaultyCheckReservedLock(sqlite3_file* f, int* out) { return Real(f)->pMethods->xCheckReservedLock(Real(f), out); }
int FaultyFileControl(sqlite3_file* f, int op, void* arg) { return Real(f)->pMethods->xFileControl(Real(f), op, arg); }
int FaultySectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int FaultyDeviceCharacteristics(sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); }
int FaultyShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}
int FaultyShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void FaultyShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int FaultyShmUnmap(sqlite3_file* f, int delete_flag) { return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag); }
int FaultyFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return Real(f)->pMethods->xFetch(Real(f), offset, amount, out);
}
int FaultyUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
  return Real(f)->pMethods->xUnfetch(Real(f), offset, page);
}

const sqlite3_io_methods kFaultyMethods = {
    3,           FaultyClose,       FaultyRead,          FaultyWrite,
    FaultyTruncate, FaultySync,     FaultyFileSize,      FaultyLock,
    FaultyUnlock, FaultyCheckReservedLock, FaultyFileControl, FaultySectorSize,
    FaultyDeviceCharacteristics, FaultyShmMap, FaultyShmLock, FaultyShmBarrier,
    FaultyShmUnmap, FaultyFetch,    FaultyUnfetch,
};

sqlite3_vfs* RealVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int FaultyOpen(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* faulty = reinterpret_cast<FaultyFile*>(file);
  faulty->real = reinterpret_cast<sqlite3_file*>(faulty + 1);
  const int rc = RealVfs(vfs)->xOpen(RealVfs(vfs), name, faulty->real, flags, out_flags);
  faulty->base.pMethods = faulty->real->pMethods != nullptr ? &kFaultyMethods : nullptr;
  return rc;
}
int FaultyDelete(sqlite3_vfs* vfs, const char* name, int sync_directory) {
  return RealVfs(vfs)->xDelete(RealVfs(vfs), name, sync_directory);
}
int FaultyAccess(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return RealVfs(vfs)->xAccess(RealVfs(vfs), name, flags, out);
}
int FaultyFullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return RealVfs(vfs)->xFullPathname(RealVfs(vfs), name, size, out);
}
int FaultyRandomness(sqlite3_vfs* vfs, int size, char* out) {
  return RealVfs(vfs)->xRandomness(RealVfs(vfs), size, out);
}
int FaultySleep(sqlite3_vfs* vfs, int microseconds) { return RealVfs(vfs)->xSleep(RealVfs(vfs), microseconds); }
int FaultyCurrentTime(sqlite3_vfs* vfs, double* out) { return RealVfs(vfs)->xCurrentTime(RealVfs(vfs), out); }
int FaultyGetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return RealVfs(vfs)->xGetLastError(RealVfs(vfs), size, out);
}
int FaultyCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return RealVfs(vfs)->xCurrentTimeInt64(RealVfs(vfs), out);
}

// Makes the faulty VFS the default while it lives, so OpenSqliteJournal uses it unchanged.
class FaultyVfsAsDefault {
 public:
  FaultyVfsAsDefault() : real_(sqlite3_vfs_find(nullptr)) {
    vfs_.iVersion = 2;
    vfs_.szOsFile = static_cast<int>(sizeof(FaultyFile)) + real_->szOsFile;
    vfs_.mxPathname = real_->mxPathname;
    vfs_.zName = "rattvag_faulty";
    vfs_.pAppData = real_;
    vfs_.xOpen = FaultyOpen;
    vfs_.xDelete = FaultyDelete;
    vfs_.xAccess = FaultyAccess;
    vfs_.xFullPathname = FaultyFullPathname;
    vfs_.xRandomness = FaultyRandomness;
    vfs_.xSleep = FaultySleep;
    vfs_.xCurrentTime = FaultyCurrentTime;
    vfs_.xGetLastError = FaultyGetLastError;
    vfs_.xCurrentTimeInt64 = FaultyCurrentTimeInt64;
    sqlite3_vfs_register(&vfs_, /*makeDflt=*/1);
  }
  FaultyVfsAsDefault(const FaultyVfsAsDefault&) = delete;
  FaultyVfsAsDefault& operator=(const FaultyVfsAsDefault&) = delete;
  ~FaultyVfsAsDefault() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(real_, /*makeDflt=*/1);  // Unregistering a default picks an arbitrary one.
  }

 private:
  sqlite3_vfs* real_;
  sqlite3_vfs vfs_{};
};

TEST_F(SqliteJournalTest, WriteFaultsLeaveAllOrNothing) {
  const std::string large_body(3000, 'x');  // Spans pages, so the commit writes several frames.
  const std::vector<EncodedEvent> seed = {MakeEvent("a1", "referral", kMay1, "{}"),
                                          MakeEvent("a2", "contact", kMay1, "{}")};
  const std::vector<EncodedEvent> for_a = {MakeEvent("a3", "contact", kMay2, "{}")};
  const std::vector<EncodedEvent> for_b = {MakeEvent("b1", "referral", kMay1, "{}"),
                                           MakeEvent("", "contact", kMay2, "{}"),
                                           MakeEvent("b3", "contact", kMay2, large_body)};
  const std::vector<EncodedEvent> anonymous = {MakeEvent("s1", "survey_answer", kMay2, "{}")};

  int runs_with_committed_data = 0;
  int runs_with_rolled_back_data = 0;
  for (int operations = 0; operations < 1000; ++operations) {
    SCOPED_TRACE("fault after " + std::to_string(operations) + " writes/syncs");
    TemporaryDirectory directory;
    const std::string file = SqliteFile(directory.path()).string();
    {
      auto journal = OpenSqliteJournal(file);
      ASSERT_TRUE(journal.ok());
      ASSERT_TRUE((*journal)->Begin().ok());
      ASSERT_TRUE((*journal)->Append({kPersonA, 0, seed, "0180", "seed"}).ok());
      ASSERT_TRUE((*journal)->Commit().ok());
    }

    bool committed = false;
    {
      FaultyVfsAsDefault faulty;
      fault_injection = {true, operations, 0};
      // The journal closes (and checkpoints, which may fault too) at the end of this scope,
      // still under the shim.
      auto journal = OpenSqliteJournal(file);
      if (journal.ok()) {
        Journal& j = **journal;
        auto store = [&]() -> Status {
          UnitOfWork unit(j);
          RATTVAG_TRY_STATUS(unit.Begin());
          RATTVAG_TRY_STATUS(j.Append({kPersonB, 0, for_b, "1480", "b-digest"}));
          RATTVAG_TRY_STATUS(j.Append({kPersonA, 2, for_a, "0180", "a-digest"}));
          RATTVAG_TRY_STATUS(j.AppendAnonymous(anonymous));
          return unit.Commit();
        };
        committed = store().ok();
      }
    }
    fault_injection.armed = false;

    auto journal = OpenSqliteJournal(file);
    ASSERT_TRUE(journal.ok()) << journal.error().ToString();
    Journal& j = **journal;
    EXPECT_EQ(QueryTextOn(SqliteConnectionOf(j), "PRAGMA integrity_check"), "ok");
    auto a = j.LoadPerson(kPersonA);
    auto b = j.LoadPerson(kPersonB);
    ASSERT_TRUE(a.ok() && a->has_value() && b.ok());
    const bool all = b->has_value();
    if (committed) {
      EXPECT_TRUE(all) << "a commit that reported success was lost";
    }
    if (all) {
      ++runs_with_committed_data;
      EXPECT_EQ((*a)->last_sequence, 3);
      EXPECT_EQ((*a)->digest, "a-digest");
      EXPECT_EQ((*b)->last_sequence, 3);
      EXPECT_EQ(*j.CountEvents(), 7);
      EXPECT_TRUE(j.FindBodyById("s1")->has_value());
      EXPECT_TRUE(j.FindBodyById("b3")->value_or("") == large_body);
    } else {
      ++runs_with_rolled_back_data;
      EXPECT_EQ((*a)->last_sequence, 2);
      EXPECT_EQ((*a)->digest, "seed");
      EXPECT_EQ(*j.CountEvents(), 2);
      EXPECT_EQ(*j.CountPersons(), 1);
      EXPECT_FALSE(j.FindBodyById("s1")->has_value());
    }
    // The journal is still writable after recovery.
    ASSERT_TRUE(j.Begin().ok());
    ASSERT_TRUE(j.Append({kPersonC, 0, std::vector{MakeEvent("c1", "referral", kMay1, "{}")}, "0180", "c"}).ok());
    ASSERT_TRUE(j.Commit().ok());
    if (fault_injection.faults == 0) break;  // The whole run needed fewer operations: done.
  }
  EXPECT_GT(runs_with_rolled_back_data, 0);
  EXPECT_GT(runs_with_committed_data, 0);
}

}  // namespace
}  // namespace rattvag
