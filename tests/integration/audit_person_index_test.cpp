// The audit log's person index (migration 0014, issue 3 "Speed"): a file beside the journal,
// filled in batches by AuditPersonIndexer. The log extract (Journal::AuditOfPerson) must give
// exactly the person's entries, in order, whatever state the index is in: missing, lagging,
// caught up, deleted, or made from another log (a restored backup beside an old index file).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "storage/journal.hpp"
#include "storage/sqlite/sqlite_journal.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::TempDir;

const std::vector<std::string> kPersons = {"198503129804", "199001019828", "197703319983"};

AuditEntry EntryAbout(const std::string& person, int n) {
  return {"2026-11-27T08:00:00.000Z", "u1", "eb", "eb-1380", "socialsekreterare", person, "read_person:" + std::to_string(n),
          "ownership", "allowed", ""};
}

// Appends `count` entries, about the persons in turn and every fourth about nobody (a login).
void Append(Journal& journal, int first, int count) {
  UnitOfWork unit(journal);
  ASSERT_TRUE(unit.Begin().ok());
  for (int n = first; n < first + count; ++n) {
    const std::string person = n % 4 == 3 ? "" : kPersons[n % kPersons.size()];
    ASSERT_TRUE(journal.AppendAudit(EntryAbout(person, n)).ok());
  }
  ASSERT_TRUE(unit.Commit().ok());
}

// The person's entries as the whole log has them, in order: what the extract must equal.
std::vector<std::string> Expected(Journal& journal, const std::string& person) {
  std::vector<std::string> actions;
  EXPECT_TRUE(journal
                  .ScanAudit([&](const ChainedAuditEntry& e) {
                    if (e.entry.person == person) actions.push_back(e.entry.action);
                    return true;
                  })
                  .ok());
  return actions;
}

std::vector<std::string> Extract(Journal& journal, const std::string& person) {
  auto entries = journal.AuditOfPerson(person);
  EXPECT_TRUE(entries.ok()) << entries.error().ToString();
  std::vector<std::string> actions;
  if (!entries.ok()) return actions;
  for (const AuditEntry& e : *entries) {
    EXPECT_EQ(e.person, person);
    actions.push_back(e.action);
  }
  return actions;
}

class AuditPersonIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("journal.db");
    auto j = OpenSqliteJournal(path_);
    ASSERT_TRUE(j.ok()) << j.error().ToString();
    journal_ = std::move(j).value();
    Append(*journal_, 0, 40);
  }
  // Every person's extract equals the log's own entries about them, on a fresh read-only
  // connection (the server's readers) and on the writer.
  void ExpectExactExtracts(const char* when) {
    SCOPED_TRACE(when);
    auto reader = OpenSqliteJournal(path_, OpenMode::kReadOnlyUnmapped);
    ASSERT_TRUE(reader.ok());
    for (const std::string& person : kPersons) {
      const auto expected = Expected(*journal_, person);
      ASSERT_FALSE(expected.empty());
      EXPECT_EQ(Extract(**reader, person), expected) << person;
      EXPECT_EQ(Extract(*journal_, person), expected) << person;
    }
    EXPECT_TRUE(Extract(*journal_, "194001019800").empty());
  }
  // Indexes the whole log with an indexer of its own (closed again); it goes past `entries`.
  void IndexWhole(int64_t entries) {
    auto indexer = Indexer();
    ASSERT_NE(indexer, nullptr);
    EXPECT_EQ(*indexer->CatchUp(1000), entries);
  }
  std::unique_ptr<AuditPersonIndexer> Indexer() {
    auto indexer = AuditPersonIndexer::Open(path_);
    EXPECT_TRUE(indexer.ok()) << indexer.error().ToString();
    return indexer.ok() ? std::move(indexer).value() : nullptr;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Journal> journal_;
};

TEST_F(AuditPersonIndexTest, TheExtractIsExactWithoutLaggingAndWithACaughtUpIndex) {
  ExpectExactExtracts("no index file");
  EXPECT_FALSE(std::filesystem::exists(path_ + kAuditIndexSuffix));

  auto indexer = Indexer();
  ASSERT_NE(indexer, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path_ + kAuditIndexSuffix));
  ExpectExactExtracts("an empty index");
  // Batches of 7: the index lags the log, the rest is read from the log.
  auto first = indexer->CatchUp(7);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(*first, 7);
  ExpectExactExtracts("7 of 40 indexed");
  int64_t total = *first;
  for (int i = 0; i < 10; ++i) total += *indexer->CatchUp(7);
  EXPECT_EQ(total, 40);
  EXPECT_EQ(*indexer->CatchUp(7), 0);  // Up to date.
  ExpectExactExtracts("all 40 indexed");
  // More entries after the index: the log after it is read.
  Append(*journal_, 40, 9);
  ExpectExactExtracts("9 more, not indexed");
  EXPECT_EQ(*indexer->CatchUp(100), 9);
  ExpectExactExtracts("49 indexed");
}

TEST_F(AuditPersonIndexTest, ADeletedIndexIsMadeAgain) {
  IndexWhole(40);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + kAuditIndexSuffix + suffix);
  ExpectExactExtracts("index deleted");
  IndexWhole(40);
  ExpectExactExtracts("made again");
}

// A journal restored from a backup (another log) beside the index of the one it replaced: the
// index does not match its chain, so it is not used (never another person's entry, never a
// missing one) and the indexer makes it again from the start.
TEST_F(AuditPersonIndexTest, AnIndexOfAnotherLogIsNotUsedAndIsMadeAgain) {
  IndexWhole(40);
  // Another journal whose log is longer and about the persons in another order.
  const std::string other = dir_.File("other.db");
  {
    auto j = OpenSqliteJournal(other);
    ASSERT_TRUE(j.ok());
    UnitOfWork unit(**j);
    ASSERT_TRUE(unit.Begin().ok());
    for (int n = 0; n < 60; ++n) ASSERT_TRUE((*j)->AppendAudit(EntryAbout(kPersons[(n * 7 + 1) % 3], 1000 + n)).ok());
    ASSERT_TRUE(unit.Commit().ok());
  }
  journal_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  std::filesystem::copy_file(other, path_);
  auto j = OpenSqliteJournal(path_);
  ASSERT_TRUE(j.ok());
  journal_ = std::move(j).value();
  ExpectExactExtracts("an index of another log");
  IndexWhole(60);
  ExpectExactExtracts("made again for this log");
}

TEST_F(AuditPersonIndexTest, TheMigrationLeavesNoPersonIndexInTheJournal) {
  // The in-file index is gone (every append would write a person-ordered page again).
  EXPECT_EQ(testing::QueryInt(path_, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log_by_person'"), 0);
}

}  // namespace
}  // namespace rattvag
