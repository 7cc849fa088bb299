// The real `rattvag` binary from the command line (issue 2), including a crash in mid-import.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::DataFile;
using testing::DumpDatabase;
using testing::RunRattvag;
using testing::TempDir;

bool Contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

TEST(CliTest, HelpDocumentsEveryCommand) {
  auto r = RunRattvag("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* command : {"import", "report", "deadlines", "person", "demo", "--as-of", "--municipality", "--format"})
    EXPECT_TRUE(Contains(r.out, command)) << command;
}

TEST(CliTest, UsageErrorsNameTheOption) {
  TempDir dir;
  auto r = RunRattvag("report --db " + dir.File("x.db") + " --as-of 2014-13-01");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.out, "--as-of: must be a date")) << r.out;
  r = RunRattvag("report --db " + dir.File("x.db") + " --as-of 2014-10-01 --format xml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.out, "--format: must be one of table, json, csv")) << r.out;
  r = RunRattvag("report --db " + dir.File("x.db") + " --as-of 2014-10-01 --municipality 138");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.out, "--municipality")) << r.out;
  r = RunRattvag("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  // A read command on a missing database fails without creating it.
  r = RunRattvag("report --db " + dir.File("missing.db") + " --as-of 2014-10-01");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(std::filesystem::exists(dir.File("missing.db")));
}

TEST(CliTest, BadFileIsRefusedWithEveryLineAndTheDatabaseIsUnchanged) {
  TempDir dir;
  std::string db = dir.File("j.db");
  ASSERT_EQ(RunRattvag("import --db " + db + " " + DataFile("import_good.jsonl")).exit_code, 0);
  std::string before = DumpDatabase(db);
  std::string bad = DataFile("import_bad.jsonl");
  auto r = RunRattvag("import --db " + db + " " + bad);
  EXPECT_EQ(r.exit_code, 1);
  for (const char* where : {":2: line: ", ":3: type: ", ":4: to: ", ":5: person: ", ":6: date: ", ":7: reason: ", ":8: colour: "})
    EXPECT_TRUE(Contains(r.out, bad + where)) << where << "\n" << r.out;
  EXPECT_FALSE(Contains(r.out, bad + ":1:"));
  EXPECT_EQ(DumpDatabase(db), before);
}

TEST(CliTest, ImportSummaryAndReimport) {
  TempDir dir;
  std::string db = dir.File("j.db");
  auto r = RunRattvag("import --db " + db + " " + DataFile("import_good.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "12 lines, 12 events stored, 0 already stored, 2 persons")) << r.out;
  std::string before = DumpDatabase(db);
  r = RunRattvag("import --db " + db + " " + DataFile("import_good.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "0 events stored, 12 already stored")) << r.out;
  EXPECT_EQ(DumpDatabase(db), before);
  // Piped: no progress output.
  EXPECT_FALSE(Contains(r.out, "\r"));
}

TEST(CliTest, ReportDeadlinesAndPerson) {
  TempDir dir;
  std::string db = dir.File("j.db");
  ASSERT_EQ(RunRattvag("import --db " + db + " " + DataFile("import_good.jsonl")).exit_code, 0);
  auto r = RunRattvag("report --db " + db + " --as-of 2014-10-01 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto json = boost::json::parse(r.out).as_object();
  EXPECT_EQ(json["total"].at("cohort").as_int64(), 2);
  EXPECT_EQ(json["municipalities"].at("1381").at("snapshot").at("ae_granted").as_int64(), 1);
  // The referral of Monday 2014-03-03 was called back Wednesday 2014-03-05: 2 working days.
  EXPECT_EQ(json["municipalities"].at("1380").at("fk_referrals").at("median_working_days").as_double(), 2.0);

  r = RunRattvag("report --db " + db + " --as-of 2014-10-01 --municipality 1499 --format json");
  json = boost::json::parse(r.out).as_object();
  EXPECT_EQ(json["municipalities"].as_object().size(), 1u);
  EXPECT_EQ(json["total"].at("cohort").as_int64(), 0);

  r = RunRattvag("report --db " + db + " --as-of 2014-10-01");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.out, "Beviljats aktivitetsersättning")) << r.out;
  EXPECT_TRUE(Contains(r.out, "Halmstad")) << r.out;

  r = RunRattvag("report --db " + db + " --as-of 2014-10-01 --format csv");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.out, "municipality,as_of,cohort")) << r.out;
  EXPECT_TRUE(Contains(r.out, "\ntotal,2014-10-01,2,")) << r.out;

  // As of 2014-03-04 the referral of 2014-03-03 awaits FK's callback, due Thursday 2014-03-06.
  r = RunRattvag("deadlines --db " + db + " --as-of 2014-03-04 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  json = boost::json::parse(r.out).as_object();
  bool found = false;
  for (const auto& d : json["deadlines"].as_array())
    if (d.at("kind").as_string() == "fk_callback") {
      found = true;
      EXPECT_EQ(d.at("due").as_string(), "2014-03-06");
      EXPECT_EQ(d.at("status").as_string(), "open");
    }
  EXPECT_TRUE(found) << r.out;

  r = RunRattvag("person --db " + db + " --as-of 2014-10-01 850312-9804");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(Contains(r.out, "19850312-9804")) << r.out;
  EXPECT_TRUE(Contains(r.out, "Tidslinje")) << r.out;
  r = RunRattvag("person --db " + db + " 850312-9805");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.out, "PERSONNUMMER: ")) << r.out;
  EXPECT_FALSE(Contains(r.out, "9805")) << "the number must not be echoed: " << r.out;
}

TEST(CliTest, DemoIsReproducibleAndReportable) {
  TempDir dir;
  auto a = RunRattvag("demo --db '' --persons 300 --municipalities 6 --seed 7 --today 2026-11-01 --jsonl " + dir.File("a.jsonl"));
  auto b = RunRattvag("demo --db '' --persons 300 --municipalities 6 --seed 7 --today 2026-11-01 --jsonl " + dir.File("b.jsonl"));
  ASSERT_EQ(a.exit_code, 0) << a.out;
  ASSERT_EQ(b.exit_code, 0) << b.out;
  EXPECT_EQ(testing::ReadFile(dir.File("a.jsonl")), testing::ReadFile(dir.File("b.jsonl")));
  // The generated file imports cleanly: the demo obeys every rule of the import.
  auto r = RunRattvag("import --db " + dir.File("d.db") + " " + dir.File("a.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
  r = RunRattvag("report --db " + dir.File("d.db") + " --as-of 2026-11-01 --format json");
  auto json = boost::json::parse(r.out).as_object();
  EXPECT_EQ(json["total"].at("cohort").as_int64(), 300);
  EXPECT_EQ(json["municipalities"].as_object().size(), 6u);
}

// A killed import (SIGKILL in mid-file) leaves either nothing or everything of the file, and an
// intact database. Kill points vary from "just started writing" to "committing".
TEST(CliTest, KilledImportLeavesNothingOrEverything) {
  TempDir dir;
  std::string file = dir.File("big.jsonl");
  auto gen = RunRattvag("demo --db '' --persons 8000 --municipalities 20 --seed 3 --today 2026-11-01 --jsonl " + file);
  ASSERT_EQ(gen.exit_code, 0) << gen.out;
  // How many events the file holds.
  long long lines = 0;
  for (char c : testing::ReadFile(file)) lines += c == '\n';
  int saw_nothing = 0, saw_everything = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (int attempt = 0; attempt < 6 && std::chrono::steady_clock::now() < deadline; ++attempt) {
    std::string db = dir.File("k" + std::to_string(attempt) + ".db");
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int devnull = ::open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
      execl(RATTVAG_BINARY, RATTVAG_BINARY, "import", "--db", db.c_str(), file.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait until the import writes to the WAL, then a little longer for later attempts.
    const std::string wal = db + "-wal";
    auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < wait_until) {
      std::error_code ec;
      if (std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) > 64 * 1024) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40 * attempt));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    long long stored = testing::QueryInt(db, "SELECT count(*) FROM events");
    EXPECT_TRUE(stored == 0 || stored == lines) << "attempt " << attempt << ": " << stored << " of " << lines;
    EXPECT_EQ(testing::QueryText(db, "PRAGMA integrity_check"), "ok");
    (stored == 0 ? saw_nothing : saw_everything)++;
    // The journal is usable afterwards: a full import completes.
    if (stored == 0) {
      auto r = RunRattvag("import --db " + db + " " + file);
      EXPECT_EQ(r.exit_code, 0) << r.out.substr(0, 500);
      EXPECT_EQ(testing::QueryInt(db, "SELECT count(*) FROM events"), lines);
    }
  }
  EXPECT_GT(saw_nothing, 0) << "no kill landed mid-import; the test did not test anything";
}

}  // namespace
}  // namespace rattvag
