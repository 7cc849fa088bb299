// The audit log in SQLite (issue 3): entries commit or roll back with their transaction, the
// table refuses changes, and `rattvag audit verify` finds an entry changed, removed or moved
// behind the triggers' back (with the triggers dropped, as someone with the file could).
#include <gtest/gtest.h>

#include <sqlite3.h>

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

}  // namespace
}  // namespace rattvag
