// The audit log in SQLite (issue 3): entries commit or roll back with their transaction, the
// table refuses changes, and `rattvag audit verify` finds an entry changed, removed or moved
// behind the triggers' back (with the triggers dropped, as someone with the file could).
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "security/sha256.hpp"
#include "storage/journal.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::RunRattvag;
using testing::TempDir;

AuditEntry Entry(const std::string& action) {
  return {"2026-11-27T08:00:00.000Z", "u1", "eb", "unit-1380", "socialsekreterare", "198503129804", action,
          "ownership", "allowed", ""};
}

void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << text;
}

int ExecStatus(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("audit.db");
    auto j = OpenSqliteJournal(path_);
    ASSERT_TRUE(j.ok()) << j.error().ToString();
    journal_ = std::move(j).value();
    UnitOfWork unit(*journal_);
    ASSERT_TRUE(unit.Begin().ok());
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(journal_->AppendAudit(Entry("read_case:" + std::to_string(i))).ok());
    ASSERT_TRUE(unit.Commit().ok());
    journal_.reset();
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Journal> journal_;
};

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Hex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(AuditLogTest, AnIntactLogVerifiesAndAppendsOnlyInsideATransaction) {
  auto result = RunRattvag("audit verify --db " + path_);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("audit log intact: 5 entries, head "), std::string::npos) << result.out;

  auto j = OpenSqliteJournal(path_);
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE((*j)->AppendAudit(Entry("outside")).ok());
  {
    UnitOfWork unit(**j);
    ASSERT_TRUE(unit.Begin().ok());
    ASSERT_TRUE((*j)->AppendAudit(Entry("rolled back")).ok());
  }  // Not committed: the entry goes with the transaction.
  std::vector<ChainedAuditEntry> entries;
  ASSERT_TRUE((*j)->ScanAudit([&](const ChainedAuditEntry& e) {
                    entries.push_back(e);
                    return true;
                  }).ok());
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[4].entry.action, "read_case:5");
  EXPECT_EQ(entries[4].entry.person, "198503129804");
  EXPECT_TRUE(VerifyAuditChain(entries, Sha256).ok());
}

TEST_F(AuditLogTest, TheTableRefusesChangesAndRemovals) {
  EXPECT_NE(ExecStatus(path_, "UPDATE audit_log SET detail = 'x' WHERE sequence = 2"), SQLITE_OK);
  EXPECT_NE(ExecStatus(path_, "DELETE FROM audit_log WHERE sequence = 2"), SQLITE_OK);
  EXPECT_EQ(RunRattvag("audit verify --db " + path_).exit_code, 0);
}

TEST_F(AuditLogTest, VerifyFindsAChangedRemovedOrMovedEntry) {
  const char* kDropTriggers = "DROP TRIGGER audit_log_is_not_updated; DROP TRIGGER audit_log_is_not_deleted;";
  struct Case {
    const char* name;
    std::string sql;
    int broken_at;
  };
  const Case cases[] = {
      {"changed", "UPDATE audit_log SET outcome = 'denied' WHERE sequence = 3", 3},
      {"removed", "DELETE FROM audit_log WHERE sequence = 2", 2},
      {"moved",
       "UPDATE audit_log SET sequence = 100 WHERE sequence = 2; UPDATE audit_log SET sequence = 2 WHERE sequence = 4; "
       "UPDATE audit_log SET sequence = 4 WHERE sequence = 100;",
       2},
      {"person changed", "UPDATE audit_log SET person = '199001019828' WHERE sequence = 5", 5},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string copy = dir_.File(std::string("copy-") + c.name + ".db");
    Exec(path_, "VACUUM INTO '" + copy + "'");
    Exec(copy, std::string(kDropTriggers) + c.sql);
    auto result = RunRattvag("audit verify --db '" + copy + "'");
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.out.find("BROKEN at entry " + std::to_string(c.broken_at)), std::string::npos) << result.out;
  }
}

// Every entry of the journal at `path`, as stored.
std::vector<ChainedAuditEntry> StoredChain(const std::string& path) {
  std::vector<ChainedAuditEntry> entries;
  auto j = OpenSqliteJournal(path, OpenMode::kReadOnly);
  EXPECT_TRUE(j.ok());
  if (!j.ok()) return entries;
  EXPECT_TRUE((*j)->ScanAudit([&](const ChainedAuditEntry& e) {
                    entries.push_back(e);
                    return true;
                  }).ok());
  return entries;
}

// A group commit's batch (AppendAudits: the chain's head read once a transaction and kept in
// memory) stores exactly the chain that one transaction per entry stores.
TEST_F(AuditLogTest, ALargeBatchStoresTheSameChainAsEntriesOneByOne) {
  std::vector<AuditEntry> batch;
  for (int i = 0; i < 203; ++i) {
    AuditEntry e = Entry("read_case:batch " + std::to_string(i));
    e.detail = i % 7 == 0 ? "" : "detail " + std::to_string(i * i);
    batch.push_back(e);
  }
  const std::string one_by_one = dir_.File("one-by-one.db");
  Exec(path_, "VACUUM INTO '" + one_by_one + "'");
  {
    auto j = OpenSqliteJournal(path_);
    ASSERT_TRUE(j.ok());
    UnitOfWork unit(**j);
    ASSERT_TRUE(unit.Begin().ok());
    std::vector<const AuditEntry*> first, second;
    for (size_t i = 0; i < batch.size(); ++i) (i < 150 ? first : second).push_back(&batch[i]);
    ASSERT_TRUE((*j)->AppendAudits(first).ok());
    ASSERT_TRUE((*j)->AppendAudit(*second[0]).ok());  // Single appends mixed in, same transaction.
    ASSERT_TRUE((*j)->AppendAudits(std::span(second).subspan(1)).ok());
    ASSERT_TRUE(unit.Commit().ok());
  }
  {
    auto j = OpenSqliteJournal(one_by_one);
    ASSERT_TRUE(j.ok());
    for (const AuditEntry& e : batch) {
      UnitOfWork unit(**j);
      ASSERT_TRUE(unit.Begin().ok());
      ASSERT_TRUE((*j)->AppendAudit(e).ok());
      ASSERT_TRUE(unit.Commit().ok());
    }
  }
  auto result = RunRattvag("audit verify --db " + path_);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("audit log intact: 208 entries, head "), std::string::npos) << result.out;
  const auto batched = StoredChain(path_), single = StoredChain(one_by_one);
  ASSERT_EQ(batched.size(), 208u);
  ASSERT_EQ(single.size(), 208u);
  for (size_t i = 0; i < batched.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(batched[i].sequence, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(batched[i].entry.action, single[i].entry.action);
    EXPECT_EQ(batched[i].entry.detail, single[i].entry.detail);
    EXPECT_EQ(batched[i].previous_hash, single[i].previous_hash);
    EXPECT_EQ(batched[i].hash, single[i].hash);
  }
}

// A batch that fails rolls back whole, and the next transaction chains after what is stored.
TEST_F(AuditLogTest, AFailedBatchLeavesTheChainIntact) {
  Exec(path_,
       "CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_log WHEN NEW.detail = 'poison' "
       "BEGIN SELECT RAISE(ABORT, 'refused'); END;");
  auto j = OpenSqliteJournal(path_);
  ASSERT_TRUE(j.ok());
  std::vector<AuditEntry> batch(40, Entry("read_case:failing"));
  batch[37].detail = "poison";  // After 37 entries were inserted in the same transaction.
  std::vector<const AuditEntry*> all;
  for (const AuditEntry& e : batch) all.push_back(&e);
  {
    UnitOfWork unit(**j);
    ASSERT_TRUE(unit.Begin().ok());
    EXPECT_FALSE((*j)->AppendAudits(all).ok());
    EXPECT_FALSE(unit.Commit().ok());  // Half a batch is never committed.
  }
  batch[37].detail = "";
  {
    UnitOfWork unit(**j);
    ASSERT_TRUE(unit.Begin().ok());
    ASSERT_TRUE((*j)->AppendAudits(all).ok());
    ASSERT_TRUE(unit.Commit().ok());
  }
  auto result = RunRattvag("audit verify --db " + path_);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("audit log intact: 45 entries, head "), std::string::npos) << result.out;
}

// Appends from two connections, and from another process, interleaved: each transaction reads
// the chain's head again, so no entry is chained after a head that another writer moved on.
TEST_F(AuditLogTest, AppendsFromTwoConnectionsAndAProcessInterleavedStillVerify) {
  auto a = OpenSqliteJournal(path_);
  auto b = OpenSqliteJournal(path_);
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<AuditEntry> batch;
  for (int i = 0; i < 21; ++i) batch.push_back(Entry("read_case:interleaved " + std::to_string(i)));
  std::vector<const AuditEntry*> all;
  for (const AuditEntry& e : batch) all.push_back(&e);
  auto append = [&](Journal& journal, std::span<const AuditEntry* const> entries) {
    UnitOfWork unit(journal);
    ASSERT_TRUE(unit.Begin().ok());
    ASSERT_TRUE(journal.AppendAudits(entries).ok());
    ASSERT_TRUE(unit.Commit().ok());
  };
  int expected = 5;
  // Strictly alternating: a's head from its last transaction is stale every time.
  for (int round = 0; round < 4; ++round) {
    append(**a, all);
    append(**b, std::span(all).first(3));
    expected += 24;
  }
  // Concurrently: two threads, each with its own connection, and `rattvag unit add` processes
  // (each appends an audit entry) at the same time. Bounded: a fixed number of transactions.
  std::thread other([&] {
    for (int round = 0; round < 30; ++round) append(**b, std::span(all).first(1 + round % 17));
  });
  std::thread process([&] {
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(RunRattvag("unit add --db " + path_ + " --id eb-9" + std::to_string(i) + " --kind eb --name 'EB " +
                           std::to_string(i) + "' --municipality 138" + std::to_string(i))
                    .exit_code,
                0);
  });
  for (int round = 0; round < 30; ++round) append(**a, std::span(all).first(1 + (round * 5) % 21));
  other.join();
  process.join();
  for (int round = 0; round < 30; ++round) expected += 1 + round % 17 + 1 + (round * 5) % 21;
  expected += 4;
  a->reset();
  b->reset();
  auto result = RunRattvag("audit verify --db " + path_);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("audit log intact: " + std::to_string(expected) + " entries, head "), std::string::npos)
      << result.out;
}

}  // namespace
}  // namespace rattvag
