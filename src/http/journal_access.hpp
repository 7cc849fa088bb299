// How the server's threads share the journal (issue 3, "Speed"): one writer connection behind
// the journal mutex (every write: events, sessions, accounts, audit), a read-only connection per
// server thread for the reads (SQLite's WAL: readers see a snapshot and block neither each other
// nor the writer), group commit of audit entries, and a cache of the work list per municipality
// and day. docs/BENCHMARKS.md ("The server") measures what each of these saves.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/queries.hpp"
#include "domain/audit.hpp"
#include "storage/journal.hpp"

namespace rattvag::http {

// Read-only connections to the journal at a path, one per thread that asks, opened on first use
// and kept until the pool ends. They do not map the file (OpenMode::kReadOnlyUnmapped): the
// writer commits between almost any two of their reads.
class ReaderPool {
 public:
  // This thread's connection; nullptr when `path` is empty or cannot be opened read-only (the
  // caller then reads through the writer, under the journal mutex).
  Journal* ForThisThread(const std::string& path);

 private:
  std::mutex mutex_;
  std::map<std::thread::id, std::unique_ptr<Journal>> readers_;
};

// Group commit: the audit entries of concurrent requests are written in one transaction with one
// fsync (synchronous=FULL). A request hands its entries over and waits until they are durable;
// the first waiter whose batch is not yet written writes everything handed over so far
// (leader/follower, no thread of its own). A batch that cannot be written fails every request
// in it: no access is answered without its log entry.
class AuditBatcher {
 public:
  Status Write(Journal& writer, std::mutex& writer_mutex, std::span<const AuditEntry> entries);

  // Batches and entries written so far (for tests and the benchmark's notes).
  uint64_t batches() const;
  uint64_t entries() const;
  // Requests that have handed their entries over so far (written or not).
  uint64_t handed_over() const;

 private:
  struct Waiter {
    std::span<const AuditEntry> entries;
    Status status = Status::Ok();
    bool done = false;
  };
  mutable std::mutex mutex_;
  std::condition_variable written_;
  std::vector<Waiter*> queue_;
  bool writing_ = false;
  uint64_t batches_ = 0, entries_ = 0, handed_over_ = 0;
};

// One row of a work list: the deadline and the person's opaque id.
struct WorklistItem {
  DeadlineRow row;
  std::string public_id;
};

// The open and overdue deadlines of a municipality as of a day, most urgent first (the order of
// ListDeadlines), kept between requests. A person written through the server's writer is marked
// (the journal's append observer); the next look-up of any municipality recomputes just those
// persons' rows from their stored digests. A commit by another connection or process (an import
// by the command line) is seen through `PRAGMA data_version` on the writer and drops everything.
// A look-up's reads start after the marks it accounts for, so a result is never older than the
// writes committed before the look-up began.
class WorklistCache {
 public:
  using Rows = std::shared_ptr<const std::vector<WorklistItem>>;

  // The rows of `municipality` as of `day`, read with `reader` when not cached. The writer is
  // asked (under its mutex) whether another connection has written.
  Result<Rows> Get(Journal& writer, std::mutex& writer_mutex, Journal& reader, const std::string& municipality,
                   Date day);

  // The journal's append observer: persons written by this server.
  void PersonsWritten(const std::vector<std::string>& persons);

  struct Counts {
    uint64_t hits = 0;     // Answered as cached.
    uint64_t updates = 0;  // Cached, with written persons recomputed.
    uint64_t fills = 0;    // Computed from the whole municipality.
    uint64_t drops = 0;    // Everything dropped: another connection wrote.
  };
  Counts counts() const;

 private:
  struct Entry {
    Date day;
    uint64_t stamp = 0;  // Every mark up to this one is accounted for.
    uint64_t used = 0;   // For eviction: the look-up counter at the last use.
    Rows rows;
  };
  static constexpr size_t kMaxEntries = 64;
  static constexpr size_t kMaxMarks = 100000;

  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::vector<std::pair<uint64_t, std::string>> marks_;  // (stamp, person), stamps ascending.
  uint64_t stamp_ = 0;       // The latest mark or drop.
  uint64_t dropped_at_ = 0;  // Entries older than this stamp are void.
  int64_t data_version_ = -1;
  uint64_t lookups_ = 0;
  Counts counts_;
};

// A person's case as `GET /api/v1/persons/{id}` answers it, kept between requests: decoding the
// stored events, running the rules and writing the JSON were half of that route's CPU
// (docs/BENCHMARKS.md, run g). The answer is a function of the person's stored digest (every
// event, append-only), the day and the fixed eligibility rules, so an entry is used only for a
// record with exactly the same digest, as read in the request's own snapshot, and the same day:
// it can never answer anything but what computing it again would. The access decision and the
// audit entry are made on every request from the entry's consents; nothing else is skipped.
class PersonViewCache {
 public:
  struct View {
    std::string public_id;
    std::string digest;  // The record's, compared in full before use.
    Date day;
    std::vector<ConsentView> consents;  // For the access decision.
    std::string json;                   // PersonJson of the view.
  };
  using Entry = std::shared_ptr<const View>;

  // The kept view of `record` as of `day`, or nullptr.
  Entry Find(const PersonRecord& record, Date day);
  // Keeps `view` (replacing an older one of the person); the least recently used go first.
  void Keep(Entry view);

  struct Counts {
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Counts counts() const;

  static constexpr size_t kMaxEntries = 4096;  // About 12 KB each (the answer and the digest).

 private:
  mutable std::mutex mutex_;
  std::list<Entry> used_;  // Most recently used first.
  std::unordered_map<std::string, std::list<Entry>::iterator> by_id_;
  Counts counts_;
};

// The journal's upkeep while the server runs, on a thread of its own with connections of its
// own, so that no request waits for it: the audit log's person index (AuditPersonIndexer), at
// once, then every second, one batch after another while entries are waiting. A failure is
// reported on standard error (a database message and the path, never an entry) and tried again
// a second later. (WAL checkpoints here too, instead of SQLite's own in the writer's commits,
// gave no better latency in docs/BENCHMARKS.md's run g, so they were left to SQLite.)
class JournalUpkeep {
 public:
  static constexpr int64_t kBatch = 100000;

  explicit JournalUpkeep(std::string journal_path);
  ~JournalUpkeep();  // Stops and waits for the thread.
  JournalUpkeep(const JournalUpkeep&) = delete;
  JournalUpkeep& operator=(const JournalUpkeep&) = delete;

  // Entries of the log the index has gone past so far (for tests).
  uint64_t indexed() const { return indexed_.load(); }

 private:
  void Run(std::stop_token stop);

  std::string path_;
  std::atomic<uint64_t> indexed_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // Last: started after everything it uses.
};

// What the server's routes share besides the writer: see SessionContext.
struct ServerState {
  ReaderPool readers;
  AuditBatcher audit;
  WorklistCache worklists;
  PersonViewCache views;
  std::mutex login;  // One password verification at a time: a burst of logins takes one core.
  std::once_flag observing;
};

}  // namespace rattvag::http
