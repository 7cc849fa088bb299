// How the server shares its journal (issue 3, "Speed"; src/http/journal_access.hpp): the cached
// work list sees every write (the server's own and another connection's), a session's use is
// recorded at most once a minute, audit entries of concurrent requests are committed together
// and a failed audit write still fails the request, and a login's password check does not stop
// the other requests.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "app/import.hpp"
#include "demo_server.hpp"
#include "domain/audit.hpp"
#include "http/person_routes.hpp"
#include "security/sha256.hpp"
#include "storage/sqlite/sqlite_journal.hpp"

namespace rattvag::http {
namespace {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

// 2026-06-01 00:00 UTC.
constexpr int64_t kNow = 1'780'272'000;
constexpr const char* kAnna = "198503129804";
constexpr const char* kBo = "199001019828";

// Anna: a certificate from 1 May to 31 August 2026 (a stance due 1 July, a reminder due 24
// August); Bo: a referral on 25 May not called back (overdue on 1 June). Both in Halmstad.
const char* kJournal = R"({"type":"eb_period_started","person":"198503129804","date":"2025-01-10","municipality":"1380"}
{"type":"target_group_identified","person":"198503129804","date":"2025-02-01","municipality":"1380","source":"caseworker"}
{"type":"eb_period_started","person":"199001019828","date":"2025-03-01","municipality":"1380"}
{"type":"target_group_identified","person":"199001019828","date":"2025-03-05","municipality":"1380","source":"application"}
{"type":"sick_certificate","person":"198503129804","date":"2026-05-01","from":"2026-05-01","to":"2026-08-31","extent":100,"supports_reduced_capacity":true}
{"type":"fk_referral_sent","person":"199001019828","date":"2026-05-25","referral_id":"R1"}
)";

// Runs `sql` on a connection of its own (not the server's).
void ExecuteElsewhere(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

class SharedJournalTest : public testing::DemoServerTest {
 protected:
  void SetUp() override {
    Start(kNow, [](Router& router, SessionContext& sessions) { AddPersonRoutes(router, sessions); });
    auto imported = ImportJsonLines(*journal_, kJournal, Date(2026, 6, 1));
    ASSERT_TRUE(imported.ok()) << imported.errors[0].error.ToString();
  }
  testing::HttpReply Get(const Login& who, const std::string& target) {
    return testing::HttpSend(port_, bhttp::verb::get, target, "", {{"Cookie", who.cookie}});
  }
  // (personnummer, kind) of each row of the unit's work list, in order.
  std::vector<std::pair<std::string, std::string>> Worklist(const Login& who) {
    auto r = Get(who, "/api/v1/worklist");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::pair<std::string, std::string>> rows;
    if (r.status != 200) return rows;
    const json::value body = json::parse(r.body);
    for (const auto& item : body.at("items").as_array())
      rows.emplace_back(item.at("personnummer").as_string(), item.at("kind").as_string());
    return rows;
  }
  std::string IdOf(const char* personnummer) {
    auto record = journal_->LoadPerson(personnummer);
    EXPECT_TRUE(record.ok() && record->has_value());
    return (*record)->public_id;
  }
  WorklistCache::Counts Counts() { return context_->state->worklists.counts(); }
  // The whole audit log read back verifies as one hash chain.
  bool AuditChainVerifies() {
    std::vector<ChainedAuditEntry> chain;
    const Status scanned = journal_->ScanAudit([&](const ChainedAuditEntry& e) {
      chain.push_back(e);
      return true;
    });
    return scanned.ok() && VerifyAuditChain(chain, Sha256).ok();
  }
  PersonViewCache::Counts ViewCounts() { return context_->state->views.counts(); }
  testing::HttpReply Record(const Login& who, const std::string& id, const std::string& event,
                            const std::string& etag) {
    return testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + id + "/events", event,
                             {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}, {"If-Match", etag}});
  }
};

// The event types of a case's answer, in order.
std::vector<std::string> TypesOf(const std::string& body) {
  std::vector<std::string> types;
  const json::value parsed = json::parse(body);
  for (const auto& e : parsed.at("events").as_array()) types.emplace_back(e.at("type").as_string());
  return types;
}

using Rows = std::vector<std::pair<std::string, std::string>>;

TEST_F(SharedJournalTest, TheCachedWorkListShowsARecordedEventAtOnce) {
  const Login eb = LogIn("eb.handlaggare");
  const Rows before{{kBo, "fk_callback"}, {kAnna, "stance"}, {kAnna, "certificate_running_out"}};
  EXPECT_EQ(Worklist(eb), before);
  EXPECT_EQ(Worklist(eb), before);
  EXPECT_EQ(Counts().fills, 1u);
  EXPECT_EQ(Counts().hits, 1u);
  // A hit is still a read of each person on the page: logged every time.
  EXPECT_EQ(AuditCount("action = 'read_worklist'"), 4);

  // Bo's callback is made, through the API: his row goes at once.
  const std::string bo = IdOf(kBo);
  const std::string etag = Get(eb, "/api/v1/persons/" + bo).headers["ETag"];
  auto recorded = testing::HttpSend(port_, bhttp::verb::post, "/api/v1/persons/" + bo + "/events",
                                    R"({"type":"fk_contact_made","date":"2026-06-01","referral_id":"R1"})",
                                    {{"Cookie", eb.cookie}, {"X-CSRF-Token", eb.csrf}, {"If-Match", etag}});
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const Rows after{{kAnna, "stance"}, {kAnna, "certificate_running_out"}};
  EXPECT_EQ(Worklist(eb), after);
  EXPECT_EQ(Counts().updates, 1u);  // Only Bo was recomputed, not the municipality.
  EXPECT_EQ(Counts().fills, 1u);

  // A write through the server's writer by another path (an import, as the import route does).
  auto more = ImportJsonLines(*journal_, R"({"type":"fk_referral_sent","person":"198503129804","date":"2026-05-26","referral_id":"R2"}
)", Date(2026, 6, 1));
  ASSERT_TRUE(more.ok());
  const Rows with_anna_referral{{kAnna, "fk_callback"}, {kAnna, "stance"}, {kAnna, "certificate_running_out"}};
  EXPECT_EQ(Worklist(eb), with_anna_referral);
  // And another day is another list.
  now_ += 86400;
  EXPECT_EQ(Worklist(LogIn("eb.handlaggare")).size(), 3u);
  EXPECT_EQ(Counts().fills, 2u);
}

TEST_F(SharedJournalTest, TheCachedWorkListShowsAWriteByAnotherConnection) {
  const Login eb = LogIn("eb.handlaggare");
  ASSERT_EQ(Worklist(eb).size(), 3u);
  ASSERT_EQ(Worklist(eb).size(), 3u);
  ASSERT_EQ(Counts().hits, 1u);
  // Another connection (as another process would: an import by the command line) adds a
  // person of Halmstad with a callback overdue since 21 May.
  auto other = OpenSqliteJournal(path_);
  ASSERT_TRUE(other.ok());
  auto imported = ImportJsonLines(**other, R"({"type":"eb_period_started","person":"198001019804","date":"2025-01-10","municipality":"1380"}
{"type":"fk_referral_sent","person":"198001019804","date":"2026-05-18","referral_id":"R9"}
)", Date(2026, 6, 1));
  ASSERT_TRUE(imported.ok()) << imported.errors[0].error.ToString();
  const Rows rows = Worklist(eb);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::pair<std::string, std::string>("198001019804", "fk_callback")));
  EXPECT_EQ(Counts().drops, 1u);
  // A change by hand on another connection (no import at all) is seen too.
  ExecuteElsewhere(path_, "UPDATE persons SET municipality = '1381' WHERE personnummer = '198001019804'");
  EXPECT_EQ(Worklist(eb).size(), 3u);
}

// The case answer is kept per stored version and day (PersonViewCache): it is used again only
// for exactly the same stored events on the same day, and the access decision and the audit
// entry are made on every request.
TEST_F(SharedJournalTest, AKeptCaseIsAnsweredOnlyForTheSameEventsAndDayAndDecidedEveryTime) {
  const Login eb = LogIn("eb.handlaggare");
  const Login fk = LogIn("fk.handlaggare");
  const std::string anna = IdOf(kAnna);
  const auto first = Get(eb, "/api/v1/persons/" + anna);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto again = Get(eb, "/api/v1/persons/" + anna);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.at("ETag"), first.headers.at("ETag"));
  EXPECT_EQ(ViewCounts().misses, 1u);
  EXPECT_EQ(ViewCounts().hits, 1u);

  // FK has no consent: refused although the case is kept, and both reads are logged.
  EXPECT_EQ(Get(fk, "/api/v1/persons/" + anna).status, 404);
  EXPECT_EQ(AuditCount("action = 'read_person' AND outcome = 'denied'"), 1);
  EXPECT_EQ(AuditCount("action = 'read_person' AND outcome = 'allowed'"), 2);

  // A consent to FK recorded through the API: the next answer is computed again and FK sees it.
  auto given = Record(eb, anna,
                      R"({"type":"consent_given","date":"2026-06-01","consent_id":"C5","parties":["fk"],"purpose":"samordnad rehabilitering"})",
                      first.headers.at("ETag"));
  ASSERT_EQ(given.status, 201) << given.body;
  const auto with_consent = Get(eb, "/api/v1/persons/" + anna);
  EXPECT_NE(with_consent.headers.at("ETag"), first.headers.at("ETag"));
  EXPECT_EQ(TypesOf(with_consent.body).back(), "consent_given");
  const auto as_fk = Get(fk, "/api/v1/persons/" + anna);
  ASSERT_EQ(as_fk.status, 200) << as_fk.body;
  // The same case; only the assignment (the owner's business) differs.
  json::object eb_view = json::parse(with_consent.body).as_object(), fk_view = json::parse(as_fk.body).as_object();
  EXPECT_TRUE(fk_view.at("assignee").is_null());
  eb_view.erase("assignee");
  fk_view.erase("assignee");
  EXPECT_EQ(eb_view, fk_view);

  // An event stored by another connection (another process): seen at the next read.
  auto other = OpenSqliteJournal(path_);
  ASSERT_TRUE(other.ok());
  auto imported = ImportJsonLines(**other, R"({"type":"consent_revoked","person":"198503129804","date":"2026-06-01","consent_id":"C5"})",
                                  Date(2026, 6, 1));
  ASSERT_TRUE(imported.ok()) << imported.errors[0].error.ToString();
  EXPECT_EQ(Get(fk, "/api/v1/persons/" + anna).status, 404);
  const auto revoked = Get(eb, "/api/v1/persons/" + anna);
  EXPECT_EQ(TypesOf(revoked.body).back(), "consent_revoked");

  // Another day is another answer (as_of, deadlines).
  now_ += 86400;
  const auto tomorrow = Get(LogIn("eb.handlaggare"), "/api/v1/persons/" + anna);
  EXPECT_EQ(json::parse(tomorrow.body).at("as_of").as_string(), "2026-06-02");
  EXPECT_EQ(json::parse(revoked.body).at("as_of").as_string(), "2026-06-01");
}

// The server keeps the audit log's person index up to date on a thread of its own
// (JournalUpkeep); the log extract is the same before, while and after it catches up.
TEST_F(SharedJournalTest, TheAuditPersonIndexIsKeptUpToDateAndTheExtractStaysExact) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  auto extract_reads = [&] {
    auto r = Get(eb, "/api/v1/persons/" + anna + "/log");
    EXPECT_EQ(r.status, 200) << r.body;
    int reads = 0;
    const json::value parsed = json::parse(r.body);
    for (const auto& e : parsed.at("entries").as_array())
      if (e.at("action").as_string() == "read_person") ++reads;
    return reads;
  };
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Get(eb, "/api/v1/persons/" + anna).status, 200);
  EXPECT_EQ(extract_reads(), 5);  // No index yet: the log itself is read.
  const int64_t logged = AuditCount("1 = 1");
  {
    JournalUpkeep upkeep(path_);
    for (int i = 0; i < 200 && upkeep.indexed() < static_cast<uint64_t>(logged); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_GE(upkeep.indexed(), static_cast<uint64_t>(logged));
    for (int i = 0; i < 3; ++i) ASSERT_EQ(Get(eb, "/api/v1/persons/" + anna).status, 200);
    EXPECT_EQ(extract_reads(), 8);  // Indexed up to some entry, the log after it.
  }  // Stops the thread.
  EXPECT_EQ(testing::QueryInt(path_ + kAuditIndexSuffix,
                              "SELECT count(*) FROM audit_by_person WHERE person = '" + std::string(kAnna) + "'"),
            AuditCount("person = '" + std::string(kAnna) + "' AND sequence <= " +
                       std::to_string(testing::QueryInt(path_ + kAuditIndexSuffix, "SELECT upto FROM indexed"))));
}

// A session's last use is written at most once a minute; the idle limit counts from the
// recorded use, so it can end a session up to a minute early, never late.
TEST_F(SharedJournalTest, ASessionsUseIsRecordedAtMostOnceAMinute) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string token = eb.cookie.substr(eb.cookie.find('=') + 1);
  const std::string where = "FROM sessions WHERE lower(hex(token_hash)) = '" + Hex(Sha256(token)) + "'";
  auto last_seen = [&] { return testing::QueryInt(path_, "SELECT last_seen_at " + where); };
  ASSERT_EQ(last_seen(), kNow);
  now_ += 30;
  ASSERT_EQ(Get(eb, "/api/v1/session").status, 200);
  EXPECT_EQ(last_seen(), kNow);  // Not written: recorded less than a minute ago.
  now_ += 29;
  ASSERT_EQ(Get(eb, "/api/v1/session").status, 200);
  EXPECT_EQ(last_seen(), kNow);
  now_ += 1;  // A minute after the recorded use.
  ASSERT_EQ(Get(eb, "/api/v1/session").status, 200);
  EXPECT_EQ(last_seen(), kNow + 60);
  now_ += 59;
  ASSERT_EQ(Get(eb, "/api/v1/session").status, 200);  // Used at +119 s, not recorded.
  EXPECT_EQ(last_seen(), kNow + 60);
  now_ = kNow + 60 + 20 * 60;  // 20 minutes after the recorded use, 19 after the true last one.
  EXPECT_EQ(Get(eb, "/api/v1/session").status, 401);
}

// Concurrent reads each get their own audit entry, in one intact hash chain, with fewer commits
// than entries when they overlap.
TEST_F(SharedJournalTest, ConcurrentReadsEachGetAnAuditEntry) {
  const std::string anna = IdOf(kAnna);
  std::vector<Login> readers;
  for (int i = 0; i < 4; ++i) readers.push_back(LogIn("eb.handlaggare"));
  const uint64_t batches_before = context_->state->audit.batches();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (const Login& reader : readers)
    threads.emplace_back([&, reader] {
      for (int i = 0; i < 25; ++i) ok += Get(reader, "/api/v1/persons/" + anna).status == 200;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
  EXPECT_EQ(AuditCount("action = 'read_person' AND person = '198503129804'"), 100);
  EXPECT_LE(context_->state->audit.batches() - batches_before, 100u);
  EXPECT_TRUE(AuditChainVerifies());
}

// Entries handed over while a batch is being written go together into the next one.
TEST_F(SharedJournalTest, WaitingAuditEntriesAreCommittedTogether) {
  AuditBatcher batcher;
  std::vector<AuditEntry> entries(6);
  for (size_t i = 0; i < entries.size(); ++i) {
    entries[i].at = "2026-06-01T00:00:00Z";
    entries[i].user = "u-test";
    entries[i].action = "batch_test";
    entries[i].outcome = "allowed";
    entries[i].detail = std::to_string(i);
  }
  std::vector<Status> results(entries.size());
  std::vector<std::thread> threads;
  {
    // The writer is busy: the first request waits for it, the others wait behind it.
    std::unique_lock busy(mutex_);
    for (size_t i = 0; i < entries.size(); ++i)
      threads.emplace_back([&, i] { results[i] = batcher.Write(*journal_, mutex_, {&entries[i], 1}); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (batcher.handed_over() < entries.size() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(batcher.handed_over(), entries.size());
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok());
  EXPECT_EQ(AuditCount("action = 'batch_test'"), 6);
  // The first writer took what had been handed over when it started: its own entry, or all.
  EXPECT_LE(batcher.batches(), 2u);
  EXPECT_EQ(batcher.entries(), 6u);
}

AuditEntry TestEntry(const std::string& action, const std::string& detail) {
  AuditEntry e;
  e.at = "2026-06-01T00:00:00Z";
  e.user = "u-test";
  e.action = action;
  e.outcome = "allowed";
  e.detail = detail;
  return e;
}

// A write in the group commit runs under a savepoint of its own: one that is refused (false) or
// fails (an error) undoes only itself; the batch's other writes and entries are committed, and
// only the failed write's request gets an error.
TEST_F(SharedJournalTest, ABatchedWriteThatIsRefusedOrFailsUndoesOnlyItself) {
  AuditBatcher batcher;
  std::vector<AuditEntry> entries;
  for (int i = 0; i < 3; ++i) entries.push_back(TestEntry("batch_entry", std::to_string(i)));
  std::vector<AuditBatcher::BatchedWrite> writes;
  for (int i = 0; i < 3; ++i)
    writes.emplace_back([i](Journal& writer) -> Result<bool> {
      RATTVAG_TRY_STATUS(writer.AppendAudit(TestEntry("batched_write", std::to_string(i))));
      if (i == 2) return Error{"test", "this write fails"};
      return i == 0;  // 0 keeps what it wrote, 1 undoes it.
    });
  std::vector<Status> results(3);
  std::vector<std::thread> threads;
  {
    std::unique_lock busy(mutex_);  // All three are handed over before any is written.
    for (int i = 0; i < 3; ++i)
      threads.emplace_back([&, i] { results[i] = batcher.Write(*journal_, mutex_, {&entries[i], 1}, writes[i]); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (batcher.handed_over() < 3 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(batcher.handed_over(), 3u);
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok());  // Refused is not failed: the request answers its refusal.
  ASSERT_FALSE(results[2].ok());
  EXPECT_EQ(results[2].error().reason, "this write fails");
  EXPECT_EQ(AuditCount("action = 'batched_write'"), 1);
  EXPECT_EQ(AuditCount("action = 'batched_write' AND detail = '0'"), 1);
  EXPECT_EQ(AuditCount("action = 'batch_entry'"), 2);  // The failed request's entry is not needed.
  EXPECT_EQ(AuditCount("action = 'batch_entry' AND detail = '2'"), 0);
  EXPECT_TRUE(AuditChainVerifies());
}

// Entries handed over without waiting (a GET's, through its answer gate) are durable when their
// callback is called, also when handed over while the writer was busy; a batcher that ends
// writes what it holds first.
TEST_F(SharedJournalTest, EntriesHandedOverWithoutWaitingAreDurableAtTheirCallback) {
  std::atomic<int> calls{0}, durable{0};
  auto callback = [&](std::string detail) {
    return [&, detail](const Status& status) {
      EXPECT_TRUE(status.ok());
      durable += AuditCount("action = 'async_test' AND detail = '" + detail + "'") == 1;
      ++calls;
    };
  };
  {
    AuditBatcher batcher;
    {
      std::unique_lock busy(mutex_);
      for (int i = 0; i < 5; ++i)
        batcher.WriteAsync(*journal_, mutex_, {TestEntry("async_test", std::to_string(i))}, callback(std::to_string(i)));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      EXPECT_EQ(calls.load(), 0);  // Not before they are written.
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (calls < 5 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(calls.load(), 5);
    batcher.WriteAsync(*journal_, mutex_, {TestEntry("async_test", "last")}, callback("last"));
  }
  EXPECT_EQ(calls.load(), 6);
  EXPECT_EQ(durable.load(), 6);
  EXPECT_EQ(AuditCount("action = 'async_test'"), 6);
}

// A read's answer leaves the server only once its audit entry is durable, though its thread
// does not wait for it (the answer gate): as each answer arrives, another connection sees the
// entry.
TEST_F(SharedJournalTest, AReadIsAnsweredOnlyOnceItsAuditEntryIsDurable) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  for (int i = 1; i <= 10; ++i) {
    ASSERT_EQ(Get(eb, "/api/v1/persons/" + anna).status, 200);
    EXPECT_EQ(AuditCount("action = 'read_person' AND person = '198503129804'"), i);
    ASSERT_EQ(Get(eb, "/api/v1/worklist").status, 200);
    EXPECT_EQ(AuditCount("action = 'read_worklist' AND person = '198503129804'"), i);
  }
}

// Records of one person from several connections at once: each is either stored once (201, its
// ETag the next sequence) or refused as a conflict (409, with the current ETag); nothing is lost
// or stored twice, and each stored event has exactly one audit entry. (A write goes through the
// group commit when the case is as the request read it, else again under the writer's lock.)
TEST_F(SharedJournalTest, ConcurrentRecordsOfOnePersonAreStoredOnceOrRefusedAsConflicts) {
  const std::string anna = IdOf(kAnna);
  const int64_t before = (*journal_->LoadPerson(kAnna))->last_sequence;
  std::vector<Login> writers;
  for (int i = 0; i < 4; ++i) writers.push_back(LogIn("eb.handlaggare"));
  std::atomic<int> stored{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 12; ++i) {
        const std::string etag = Get(writers[t], "/api/v1/persons/" + anna).headers["ETag"];
        const std::string event = R"({"type":"fk_referral_sent","date":"2026-06-01","referral_id":"T)" +
                                  std::to_string(t) + "-" + std::to_string(i) + R"("})";
        auto r = Record(writers[t], anna, event, etag);
        if (r.status == 201) {
          ++stored;
          const int64_t read = std::stoll(etag.substr(1, etag.size() - 2));
          EXPECT_EQ(r.headers["ETag"], "\"" + std::to_string(read + 1) + "\"");
        } else if (r.status == 409) {
          ++conflicts;
          EXPECT_FALSE(r.headers["ETag"].empty());
        } else {
          ++other;
          ADD_FAILURE() << r.status << " " << r.body;
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(stored + conflicts, 48);
  EXPECT_GT(stored.load(), 0);
  EXPECT_EQ((*journal_->LoadPerson(kAnna))->last_sequence, before + stored);
  EXPECT_EQ(AuditCount("action = 'record:fk_referral_sent'"), stored.load());
  EXPECT_TRUE(AuditChainVerifies());
}

// A write is decided on the case as its request read it, and goes through the group commit only
// if the case is still so: a consent revoked in between (here while the writer is held, after
// FK's request has read the case and handed its write over) is decided on again, and FK is
// refused as if it had never had access, not told that the case changed.
TEST_F(SharedJournalTest, AConsentRevokedBetweenTheReadAndTheWriteRefusesTheWrite) {
  auto consent = ImportJsonLines(*journal_, R"({"type":"consent_given","person":"198503129804","date":"2026-05-20","consent_id":"C9","parties":["fk"],"purpose":"samordnad rehabilitering"}
)", Date(2026, 6, 1));
  ASSERT_TRUE(consent.ok());
  const Login fk = LogIn("fk.handlaggare");
  const std::string anna = IdOf(kAnna);
  auto read = Get(fk, "/api/v1/persons/" + anna);
  ASSERT_EQ(read.status, 200) << read.body;
  const std::string etag = read.headers["ETag"];
  testing::HttpReply recorded;
  std::thread writer;
  {
    std::unique_lock busy(mutex_);
    const uint64_t handed_over = context_->state->audit.handed_over();
    writer = std::thread([&] {
      recorded = Record(fk, anna, R"({"type":"sgi_checked","date":"2026-06-01","sgi":"zero"})", etag);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (context_->state->audit.handed_over() == handed_over && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(context_->state->audit.handed_over(), handed_over + 1);
    auto revoked = ImportJsonLines(*journal_, R"({"type":"consent_revoked","person":"198503129804","date":"2026-06-01","consent_id":"C9"}
)", Date(2026, 6, 1));
    ASSERT_TRUE(revoked.ok());
  }
  writer.join();
  EXPECT_EQ(recorded.status, 404) << recorded.body;
  EXPECT_EQ(recorded.headers.count("ETag"), 0u);
  EXPECT_EQ(AuditCount("action = 'record:sgi_checked'"), 0);
  EXPECT_EQ(AuditCount("action = 'record' AND outcome = 'denied'"), 1);
  EXPECT_EQ(TypesOf(Get(LogIn("eb.handlaggare"), "/api/v1/persons/" + anna).body).back(), "consent_revoked");
}

// A session looked up once is kept in memory and used while no account has changed: a session
// ended (a logout here, a write by another connection there) or a user disabled by another
// connection (as `rattvag user disable` does) counts at once, and an idle session still ends.
TEST_F(SharedJournalTest, AKeptSessionIsUsedOnlyWhileNoAccountHasChanged) {
  const std::string anna = IdOf(kAnna);
  const std::string target = "/api/v1/persons/" + anna;
  auto hits = [&] { return context_->state->sessions.counts().hits; };
  const Login eb = LogIn("eb.handlaggare");
  const Login kontakt = LogIn("eb.kontakt");
  ASSERT_EQ(Get(eb, target).status, 200);  // Looked up, then kept.
  uint64_t before = hits();
  ASSERT_EQ(Get(eb, target).status, 200);
  EXPECT_EQ(hits(), before + 1);

  // A logout: that session is over at once; the others are looked up again once, then kept.
  auto out = testing::HttpSend(port_, bhttp::verb::delete_, "/api/v1/session", "",
                               {{"Cookie", kontakt.cookie}, {"X-CSRF-Token", kontakt.csrf}});
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(Get(kontakt, target).status, 401);
  before = hits();
  ASSERT_EQ(Get(eb, target).status, 200);
  EXPECT_EQ(hits(), before);
  ASSERT_EQ(Get(eb, target).status, 200);
  EXPECT_EQ(hits(), before + 1);

  // Another connection ends every session of a user, then disables another user.
  const Login chef = LogIn("eb.chef");
  ASSERT_EQ(Get(chef, target).status, 200);
  ASSERT_EQ(Get(chef, target).status, 200);
  ExecuteElsewhere(path_, "UPDATE sessions SET ended_at = 1780272000 WHERE user_id = 'u-demo-chef'");
  EXPECT_EQ(Get(chef, target).status, 401);
  ASSERT_EQ(Get(eb, target).status, 200);
  ExecuteElsewhere(path_, "UPDATE users SET disabled = 1 WHERE username = 'eb.handlaggare'");
  EXPECT_EQ(Get(eb, target).status, 401);

  // Idle for longer than the policy allows: over, though kept.
  const Login fk = LogIn("fk.handlaggare");
  ASSERT_EQ(Get(fk, "/api/v1/session").status, 200);
  ASSERT_EQ(Get(fk, "/api/v1/session").status, 200);
  now_ += LoginPolicy{}.idle_seconds + 1;
  EXPECT_EQ(Get(fk, "/api/v1/session").status, 401);
}

// No access without its log entry: when audit entries cannot be written, the read fails and
// tells nothing; when they can again, it works.
TEST_F(SharedJournalTest, AFailedAuditWriteFailsTheRequest) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  ASSERT_EQ(Get(eb, "/api/v1/persons/" + anna).status, 200);
  ASSERT_EQ(Get(eb, "/api/v1/worklist").status, 200);  // Cached from here on.
  ExecuteElsewhere(path_,
                   "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END");
  for (const std::string& target : {"/api/v1/persons/" + anna, std::string("/api/v1/worklist")}) {
    SCOPED_TRACE(target);
    auto r = Get(eb, target);
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.body.find("8503129804"), std::string::npos);
    EXPECT_EQ(r.body.find("certificate"), std::string::npos);
  }
  ExecuteElsewhere(path_, "DROP TRIGGER refuse_audit");
  EXPECT_EQ(Get(eb, "/api/v1/persons/" + anna).status, 200);
  EXPECT_EQ(Get(eb, "/api/v1/worklist").status, 200);
}

// A login verifies its Argon2id hash (a tenth of a second or more) without the journal lock:
// reads, which need the lock for their audit entry, are answered meanwhile. Bounded: at most
// five logins, each racing one read.
TEST_F(SharedJournalTest, ALoginDoesNotStopOtherRequests) {
  const Login eb = LogIn("eb.handlaggare");
  const std::string anna = IdOf(kAnna);
  int read_during_login = 0;
  for (int attempt = 0; attempt < 5 && read_during_login == 0; ++attempt) {
    std::atomic<bool> started{false}, finished{false};
    std::thread login([&] {
      started = true;
      testing::HttpSend(port_, bhttp::verb::post, "/api/v1/session",
                        json::serialize(json::object{{"username", "eb.kontakt"}, {"password", kDemoPassword}}));
      finished = true;
    });
    while (!started) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // The login is verifying now.
    const int status = Get(eb, "/api/v1/persons/" + anna).status;
    if (status == 200 && !finished) ++read_during_login;
    login.join();
  }
  EXPECT_EQ(read_during_login, 1) << "no read was answered while a login was verified";
}

}  // namespace
}  // namespace rattvag::http
