// Import into a real SQLite journal through the application layer (issue 2).
#include <gtest/gtest.h>

#include "app/demo.hpp"
#include "app/import.hpp"
#include "codec/event_json.hpp"
#include "app/queries.hpp"
#include "test_support.hpp"

namespace rattvag {
namespace {

using testing::DataFile;
using testing::ReadFile;
using testing::TempDir;

const Date kToday(2026, 11, 22);

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto j = OpenSqliteJournal(dir_.File("journal.db"));
    ASSERT_TRUE(j.ok()) << j.error().ToString();
    journal_ = std::move(j).value();
  }
  ImportOutcome Import(const std::string& data_file) {
    return ImportJsonLines(*journal_, ReadFile(DataFile(data_file)), kToday);
  }

  TempDir dir_;
  std::unique_ptr<Journal> journal_;
};

TEST_F(ImportTest, GoodFileIsStoredInCaseOrder) {
  auto outcome = Import("import_good.jsonl");
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0].error.ToString();
  EXPECT_EQ(outcome.summary.lines, 12u);  // The blank line is not counted.
  EXPECT_EQ(outcome.summary.events_stored, 12u);
  EXPECT_EQ(outcome.summary.persons, 2u);
  EXPECT_EQ(*journal_->CountEvents(), 12);
  EXPECT_EQ(*journal_->CountPersons(), 2);
  // Every accepted form of the personnummer lands on one stream.
  auto view = LoadPersonView(*journal_, "199001019828", Date(2014, 1, 1), DefaultEligibilityRules());
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->has_value());
  EXPECT_EQ((*view)->events.size(), 4u);
  // The callback came before its referral in the file but after it in time: accepted, and the
  // stream is in date order.
  auto first = LoadPersonView(*journal_, "198503129804", Date(2014, 12, 31), DefaultEligibilityRules());
  const auto& events = (*first)->events;
  for (size_t i = 1; i < events.size(); ++i) EXPECT_LE(events[i - 1].date, events[i].date);
  ASSERT_EQ((*first)->projection.referrals.size(), 1u);
  EXPECT_EQ((*first)->projection.referrals[0].contacted, Date(2014, 3, 5));
}

TEST_F(ImportTest, ReimportIsANoOp) {
  ASSERT_TRUE(Import("import_good.jsonl").ok());
  std::string before = testing::DumpDatabase(dir_.File("journal.db"));
  auto again = Import("import_good.jsonl");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.summary.events_stored, 0u);
  EXPECT_EQ(again.summary.events_unchanged, 12u);
  EXPECT_EQ(testing::DumpDatabase(dir_.File("journal.db")), before);
}

TEST_F(ImportTest, LaterFileRelatesToStoredEvents) {
  ASSERT_TRUE(Import("import_good.jsonl").ok());
  auto outcome = Import("import_followup.jsonl");
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0].error.ToString();
  EXPECT_EQ(outcome.summary.events_stored, 3u);
  EXPECT_EQ(*journal_->CountEvents(), 15);
  // The EB period of 199001019828 is now ended: the follow-up sees the exit.
  auto report = BuildFollowUp(*journal_, Date(2014, 10, 1), {});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->municipalities.at("1381").exited_total, 1);
  EXPECT_EQ(report->municipalities.at("1381").exit_reasons[static_cast<size_t>(ExitReason::kAktivitetsersattning)], 1);
  EXPECT_EQ(report->municipalities.at("1380").coordinated_rehab, 1);
}

TEST_F(ImportTest, EveryBadLineIsReportedAndNothingIsStored) {
  auto outcome = Import("import_bad.jsonl");
  ASSERT_FALSE(outcome.ok());
  std::vector<std::pair<size_t, std::string>> got;
  for (const auto& e : outcome.errors) got.emplace_back(e.line, e.error.field);
  std::vector<std::pair<size_t, std::string>> expected = {
      {2, ""}, {3, "type"}, {4, "to"}, {5, "person"}, {6, "date"}, {7, "reason"}, {8, "colour"}};
  EXPECT_EQ(got, expected);
  for (const auto& e : outcome.errors) {
    EXPECT_FALSE(e.error.reason.empty());
    EXPECT_EQ(e.error.reason.find("9804"), std::string::npos) << "a personnummer leaked into: " << e.error.reason;
  }
  EXPECT_EQ(*journal_->CountEvents(), 0);
  EXPECT_EQ(*journal_->CountPersons(), 0);
}

TEST_F(ImportTest, RelationalErrorsNameTheLine) {
  auto outcome = Import("import_relations_bad.jsonl");
  ASSERT_FALSE(outcome.ok());
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_EQ(outcome.errors[0].line, 2u);
  EXPECT_EQ(outcome.errors[0].error.field, "referral_id");
  EXPECT_EQ(outcome.errors[1].line, 3u);
  EXPECT_EQ(outcome.errors[1].error.field, "municipality");
  EXPECT_EQ(*journal_->CountEvents(), 0);
}

TEST_F(ImportTest, SameIdWithOtherContentIsRefused) {
  ASSERT_TRUE(Import("import_good.jsonl").ok());
  std::string changed =
      R"({"type":"eb_period_started","id":"g1","person":"19850312-9804","date":"2013-01-08","municipality":"1380"})";
  auto outcome = ImportJsonLines(*journal_, changed, kToday);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].error.field, "id");
  // Twice in one file with different content.
  std::string twice =
      R"({"type":"sgi_checked","id":"x1","person":"19850312-9804","date":"2014-01-08","sgi":"zero"})"
      "\n"
      R"({"type":"sgi_checked","id":"x1","person":"19850312-9804","date":"2014-01-09","sgi":"zero"})";
  outcome = ImportJsonLines(*journal_, twice, kToday);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].line, 2u);
  EXPECT_EQ(*journal_->CountEvents(), 12);
}

TEST_F(ImportTest, AppendAtAStaleSequenceIsRefused) {
  ASSERT_TRUE(Import("import_good.jsonl").ok());
  auto record = journal_->LoadPerson("198503129804");
  ASSERT_TRUE(record.ok() && record->has_value());
  UnitOfWork unit(*journal_);
  ASSERT_TRUE(unit.Begin().ok());
  std::string body = R"({"type":"mapping_meeting_held","date":"2014-06-01"})";
  EncodedEvent e{"", "mapping_meeting_held", Date(2014, 6, 1), body};
  Status s = journal_->Append({"198503129804", (*record)->last_sequence - 1, {&e, 1}, "1380", (*record)->digest});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "sequence");
}

// A file large enough to be parsed in chunks and checked in several windows of persons on the
// second thread: stored whole, then, with one bad relation near its end, refused whole, with
// the line of the bad event; a second import into the filled journal takes the other path.
TEST_F(ImportTest, LargeFilesAreCheckedInWindowsAndStillAllOrNothing) {
  DemoOptions options;
  options.persons = 5000;
  options.municipalities = 7;
  options.seed = 11;
  options.today = Date(2026, 11, 1);
  std::string good, bad;
  size_t line = 0, bad_line = 0;
  GenerateDemo(options, [&](const Event& e) {
    good += EncodeEventJson(e, true) + "\n";
    ++line;
    // A callback without a referral for the last person: the case refuses it.
    if (e.type == EventType::kTargetGroupIdentified && e.id.rfind("demo-11-4999-", 0) == 0 && bad_line == 0) {
      Event orphan = e;
      orphan.type = EventType::kFkContactMade;
      orphan.id = "orphan";
      orphan.referral_id = "R-none";
      orphan.municipality.clear();
      bad += EncodeEventJson(orphan, true) + "\n";
      bad_line = line;  // Written before the line it was made from.
    }
    bad += EncodeEventJson(e, true) + "\n";
  });
  ASSERT_GT(good.size(), 4u << 20) << "must be large enough to be parsed on several threads";
  ASSERT_GT(bad_line, 0u);

  auto refused = ImportJsonLines(*journal_, bad, kToday);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_EQ(refused.errors[0].line, bad_line);
  EXPECT_EQ(refused.errors[0].error.field, "referral_id");
  EXPECT_EQ(*journal_->CountEvents(), 0);
  EXPECT_EQ(*journal_->CountPersons(), 0);

  auto stored = ImportJsonLines(*journal_, good, kToday);
  ASSERT_TRUE(stored.ok()) << stored.errors[0].line << ": " << stored.errors[0].error.ToString();
  EXPECT_EQ(stored.summary.events_stored, line);
  EXPECT_EQ(stored.summary.persons, 5000u);
  EXPECT_EQ(*journal_->CountEvents(), static_cast<int64_t>(line));

  // Into a filled journal (the path that reads each stored stream): the same file is a no-op,
  // and the bad file is refused with the same line.
  const std::string before = testing::DumpDatabase(dir_.File("journal.db"));
  auto again = ImportJsonLines(*journal_, good, kToday);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.summary.events_stored, 0u);
  EXPECT_EQ(again.summary.events_unchanged, line);
  auto refused_again = ImportJsonLines(*journal_, bad, kToday);
  ASSERT_EQ(refused_again.errors.size(), 1u);
  EXPECT_EQ(refused_again.errors[0].line, bad_line);
  EXPECT_EQ(testing::DumpDatabase(dir_.File("journal.db")), before);
}

}  // namespace
}  // namespace rattvag
