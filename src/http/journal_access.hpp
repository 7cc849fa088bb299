// How the server's threads share the journal (issue 3, "Speed"): one writer connection behind
// the journal mutex (every write: events, sessions, accounts, audit), a read-only connection per
// server thread for the reads (SQLite's WAL: readers see a snapshot and block neither each other
// nor the writer), group commit of audit entries, and a cache of the work list per municipality
// and day. docs/BENCHMARKS.md ("The server") measures what each of these saves.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/login.hpp"
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

// Group commit: the audit entries of concurrent requests, and their recorded events, are written
// in one transaction with one fsync (synchronous=FULL). A request hands its entries (and its
// write) over and waits until they are durable; the first waiter whose batch is not yet written
// writes everything handed over so far (leader/follower, no thread of its own). Each write runs
// under a savepoint of its own, before the batch's entries, so that a refused or failed write
// undoes only itself. A batch that cannot be committed is tried again one request at a time, so
// that only the request that cannot be written fails: no access is answered without its log
// entry, and no answer says written for what is not.
class AuditBatcher {
 public:
  // A write done inside the batch's transaction: whether to keep what it wrote (false: undo it,
  // e.g. a refused or conflicting event), or an error (undone; fails only its own request). It
  // runs once more, alone, when its batch could not be committed, so it keeps its outcome in what
  // it captures, set again by each run.
  using BatchedWrite = std::function<Result<bool>(Journal&)>;

  // Returns once `entries` (and what `write` kept) are durable, or with the error that kept them
  // from being written. REQUIRES: `writer_mutex` is not held by the caller.
  Status Write(Journal& writer, std::mutex& writer_mutex, std::span<const AuditEntry> entries,
               const BatchedWrite& write = {});

  // The same without waiting: `done` is called once the entries are durable (Ok) or cannot be
  // written (the error), on the thread that wrote their batch (the batcher's own, started at the
  // first call, or a Write's), after the batch. `done` must be quick (the server posts the
  // answer to the connection's executor). REQUIRES: the same writer and mutex on every call.
  void WriteAsync(Journal& writer, std::mutex& writer_mutex, std::vector<AuditEntry> entries,
                  std::function<void(Status)> done);

  AuditBatcher() = default;
  ~AuditBatcher();  // Writes what is handed over, then stops its thread.
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Batches and entries written so far (for tests and the benchmark's notes).
  uint64_t batches() const;
  uint64_t entries() const;
  // Requests that have handed their entries over so far (written or not).
  uint64_t handed_over() const;

 private:
  struct Waiter {
    std::span<const AuditEntry> entries;
    const BatchedWrite* write = nullptr;  // Or an empty function: none.
    Status status = Status::Ok();
    bool done = false;
    // A WriteAsync's: it owns its entries and is deleted after `callback`.
    std::vector<AuditEntry> owned;
    std::function<void(Status)> callback;
  };
  // Writes the queued batch and wakes or calls back its waiters. REQUIRES: `lock` holds mutex_
  // (it is released while writing and held again on return), and no batch is being written.
  void WriteQueued(std::unique_lock<std::mutex>& lock, Journal& writer, std::mutex& writer_mutex);
  // The batcher's thread: writes what WriteAsync hands over while no Write is writing.
  void Run();
  // Writes the batch in one transaction. Sets each waiter's status: its write's error, or the
  // transaction's; returns the transaction's (nothing of the batch is written when it is an
  // error). REQUIRES: the writer's mutex is held.
  static Status Commit(Journal& writer, std::span<Waiter* const> batch);
  mutable std::mutex mutex_;
  std::condition_variable written_;
  std::vector<Waiter*> queue_;
  bool writing_ = false;
  uint64_t batches_ = 0, entries_ = 0, handed_over_ = 0;
  std::condition_variable queued_;  // For the batcher's thread: an async waiter or the end.
  bool stopping_ = false;
  Journal* async_writer_ = nullptr;
  std::mutex* async_writer_mutex_ = nullptr;
  std::thread thread_;  // Started by the first WriteAsync.
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

// Sessions looked up before, kept in memory: a session look-up (the session, its user and its
// unit) was a fifth of a read's CPU (docs/BENCHMARKS.md, run h). An entry is used only while the
// journal's accounts version (Journal::AccountsVersion, moved by triggers at every session end
// and every change to a user or unit, by any connection or process) read in the request's own
// snapshot is the one it was read at, so it is exactly what looking it up again would give; its
// last use is kept as this server records it (at most a minute old), and a session that looks
// expired by it is looked up again.
class SessionCache {
 public:
  struct Entry {
    int64_t version = 0;
    Authenticated who;
    int64_t created_at = 0, last_seen_at = 0;
  };
  // The entry of the token hash `key` read at accounts version `version`, or nothing.
  std::optional<Entry> Find(const std::string& key, int64_t version);
  void Keep(const std::string& key, Entry entry);
  // The server recorded the session's use at `at`.
  void Touched(const std::string& key, int64_t at);

  struct Counts {
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Counts counts() const;

  static constexpr size_t kMaxEntries = 100000;  // Then all are dropped and looked up again.

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  Counts counts_;
};

// The journal's upkeep while the server runs, on a thread of its own with connections of its
// own, so that no request waits for it: the audit log's person index (AuditPersonIndexer), at
// once, then every second, one batch after another while entries are waiting. A failure is
// reported on standard error (a database message and the path, never an entry) and tried again
// a second later. (WAL checkpoints here too, instead of SQLite's own in the writer's commits,
// gave no better latency in docs/BENCHMARKS.md's run g and twice the p99 in run h: the
// checkpoint's sync of the journal file holds up the group commit's. They are left to SQLite.)
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
  SessionCache sessions;
  std::mutex login;  // One password verification at a time: a burst of logins takes one core.
  std::once_flag observing;
};

}  // namespace rattvag::http
