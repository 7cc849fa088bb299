#include "http/journal_access.hpp"

#include <algorithm>
#include <unordered_map>

#include <chrono>
#include <cstdio>

#include "domain/eligibility.hpp"
#include "storage/sqlite/sqlite_journal.hpp"

namespace rattvag::http {

Journal* ReaderPool::ForThisThread(const std::string& path) {
  if (path.empty()) return nullptr;
  std::lock_guard lock(mutex_);
  auto [it, added] = readers_.try_emplace(std::this_thread::get_id());
  if (added) {
    auto opened = OpenSqliteJournal(path, OpenMode::kReadOnlyUnmapped);
    if (opened.ok()) it->second = std::move(opened).value();
  }
  return it->second.get();
}

Status AuditBatcher::Commit(Journal& writer, std::span<Waiter* const> batch) {
  auto fail_all = [&](const Status& status) {
    for (Waiter* w : batch) w->status = status;
    return status;
  };
  UnitOfWork work(writer);
  if (Status begun = work.Begin(); !begun.ok()) return fail_all(begun);
  std::vector<const AuditEntry*> all;
  for (Waiter* w : batch) {
    w->status = Status::Ok();
    if (w->write && *w->write) {
      if (Status set = writer.Savepoint(); !set.ok()) return fail_all(set);
      Result<bool> keep = (*w->write)(writer);
      if (keep.ok() && *keep) {
        if (Status released = writer.ReleaseSavepoint(); !released.ok()) return fail_all(released);
      } else {
        writer.RollbackToSavepoint();
      }
      if (!keep.ok()) {
        w->status = keep.error();  // Its request fails; its entries are not needed.
        continue;
      }
    }
    for (const AuditEntry& e : w->entries) all.push_back(&e);
  }
  Status written = all.empty() ? Status::Ok() : writer.AppendAudits(all);
  if (written.ok()) written = work.Commit();
  if (!written.ok()) return fail_all(written);
  return Status::Ok();
}

Status AuditBatcher::Write(Journal& writer, std::mutex& writer_mutex, std::span<const AuditEntry> entries,
                           const BatchedWrite& write) {
  if (entries.empty() && !write) return Status::Ok();
  Waiter me;
  me.entries = entries;
  me.write = &write;
  std::unique_lock lock(mutex_);
  queue_.push_back(&me);
  ++handed_over_;
  while (!me.done) {
    if (writing_) {
      written_.wait(lock);
      continue;
    }
    // This thread writes everything handed over so far, its own entries among them.
    WriteQueued(lock, writer, writer_mutex);
  }
  return me.status;
}

void AuditBatcher::WriteAsync(Journal& writer, std::mutex& writer_mutex, std::vector<AuditEntry> entries,
                              std::function<void(Status)> done) {
  auto waiter = std::make_unique<Waiter>();
  waiter->owned = std::move(entries);
  waiter->entries = waiter->owned;
  waiter->callback = std::move(done);
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) {
      async_writer_ = &writer;
      async_writer_mutex_ = &writer_mutex;
      thread_ = std::thread([this] { Run(); });
    }
    queue_.push_back(waiter.release());
    ++handed_over_;
  }
  queued_.notify_one();
}

void AuditBatcher::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    queued_.wait(lock, [&] { return (!queue_.empty() && !writing_) || (stopping_ && queue_.empty() && !writing_); });
    if (queue_.empty()) return;  // Stopping, and nothing is left.
    WriteQueued(lock, *async_writer_, *async_writer_mutex_);
  }
}

AuditBatcher::~AuditBatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditBatcher::WriteQueued(std::unique_lock<std::mutex>& lock, Journal& writer, std::mutex& writer_mutex) {
  writing_ = true;
  std::vector<Waiter*> batch;
  batch.swap(queue_);
  lock.unlock();
  {
    std::lock_guard write_lock(writer_mutex);
    // A batch not committed: each request is tried on its own, so that one request's failure
    // does not fail the others. (A write that failed on its own was undone alone; the rest of
    // its batch was committed.)
    if (!Commit(writer, batch).ok() && batch.size() > 1)
      for (Waiter* w : batch) (void)Commit(writer, std::span(&w, 1));
  }
  std::vector<std::unique_ptr<Waiter>> answered;  // The async waiters, called back unlocked.
  lock.lock();
  for (Waiter* w : batch) {
    if (w->status.ok()) entries_ += w->entries.size();
    if (w->callback)
      answered.emplace_back(w);
    else
      w->done = true;
  }
  ++batches_;
  writing_ = false;
  lock.unlock();
  written_.notify_all();
  queued_.notify_all();  // The batcher's thread: more may have been handed over meanwhile.
  for (auto& w : answered) w->callback(w->status);
  lock.lock();
}

std::optional<SessionCache::Entry> SessionCache::Find(const std::string& key, int64_t version) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) {
    ++counts_.misses;
    return std::nullopt;
  }
  ++counts_.hits;
  return it->second;
}

void SessionCache::Keep(const std::string& key, Entry entry) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.contains(key)) entries_.clear();
  entries_[key] = std::move(entry);
}

void SessionCache::Touched(const std::string& key, int64_t at) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) it->second.last_seen_at = std::max(it->second.last_seen_at, at);
}

SessionCache::Counts SessionCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

uint64_t AuditBatcher::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

uint64_t AuditBatcher::handed_over() const {
  std::lock_guard lock(mutex_);
  return handed_over_;
}

uint64_t AuditBatcher::entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

namespace {

bool ItemBefore(const WorklistItem& a, const WorklistItem& b) { return DeadlineRowBefore(a.row, b.row); }

// Every row of the municipality, from one snapshot of `reader`.
Result<std::vector<WorklistItem>> ComputeRows(Journal& reader, const std::string& municipality, Date day) {
  RATTVAG_TRY_STATUS(reader.BeginRead());
  auto rows = ListDeadlines(reader, day, {municipality}, DefaultEligibilityRules());
  if (!rows.ok()) {
    reader.Rollback();
    return rows.error();
  }
  const std::vector<std::string> wanted{municipality};
  auto ids = reader.PublicIds(wanted);
  reader.Rollback();  // Ends the read transaction.
  if (!ids.ok()) return ids.error();
  std::unordered_map<std::string, std::string> id_of(ids->begin(), ids->end());
  std::vector<WorklistItem> items;
  items.reserve(rows->size());
  for (DeadlineRow& row : *rows) {
    auto id = id_of.find(row.person);
    if (id == id_of.end()) return Error{"", "database error: a person of the work list has no id"};
    items.push_back({std::move(row), id->second});
  }
  return items;
}

// `base` with the rows of `persons` (sorted) recomputed from their stored records.
Result<std::vector<WorklistItem>> UpdateRows(Journal& reader, const std::vector<WorklistItem>& base,
                                             const std::vector<std::string>& persons, const std::string& municipality,
                                             Date day) {
  std::vector<WorklistItem> fresh;
  std::vector<DeadlineRow> rows;
  for (const std::string& person : persons) {
    auto record = reader.LoadPerson(person);
    if (!record.ok()) return record.error();
    if (!record->has_value() || (*record)->municipality != municipality) continue;
    rows.clear();
    RATTVAG_TRY_STATUS(AppendDeadlineRows((*record)->personnummer, (*record)->municipality, (*record)->digest, day,
                                          DefaultEligibilityRules(), rows));
    for (DeadlineRow& row : rows) fresh.push_back({std::move(row), (*record)->public_id});
  }
  std::sort(fresh.begin(), fresh.end(), ItemBefore);
  std::vector<WorklistItem> kept;
  kept.reserve(base.size());
  for (const WorklistItem& item : base)
    if (!std::binary_search(persons.begin(), persons.end(), item.row.person)) kept.push_back(item);
  std::vector<WorklistItem> out;
  out.reserve(kept.size() + fresh.size());
  std::merge(std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()),
             std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()), std::back_inserter(out),
             ItemBefore);
  return out;
}

}  // namespace

Result<WorklistCache::Rows> WorklistCache::Get(Journal& writer, std::mutex& writer_mutex, Journal& reader,
                                               const std::string& municipality, Date day) {
  Rows base;
  uint64_t seen = 0;  // The marks this look-up accounts for: every one up to here.
  std::vector<std::string> persons;
  {
    // The writer's data_version changes only when another connection commits (ours are
    // read-only, the writer's own commits leave it): then everything cached may be stale.
    std::lock_guard write(writer_mutex);
    auto version = writer.DataVersion();
    if (!version.ok()) return version.error();
    std::lock_guard lock(mutex_);
    if (*version != data_version_) {
      if (data_version_ != -1) {
        dropped_at_ = ++stamp_;
        entries_.clear();
        marks_.clear();
        ++counts_.drops;
      }
      data_version_ = *version;
    }
    seen = stamp_;
    auto it = entries_.find(municipality);
    if (it != entries_.end() && it->second.day == day && it->second.stamp >= dropped_at_) {
      Entry& entry = it->second;
      entry.used = ++lookups_;
      auto first = std::upper_bound(marks_.begin(), marks_.end(), entry.stamp,
                                    [](uint64_t stamp, const auto& mark) { return stamp < mark.first; });
      for (; first != marks_.end(); ++first) persons.push_back(first->second);
      if (persons.empty()) {
        ++counts_.hits;
        entry.stamp = seen;
        return entry.rows;
      }
      base = entry.rows;
    }
  }
  // The reads start after the marks were taken: a person marked up to `seen` is read as
  // committed (the mark is made after its commit).
  Result<std::vector<WorklistItem>> computed = [&]() -> Result<std::vector<WorklistItem>> {
    if (!base) return ComputeRows(reader, municipality, day);
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    return UpdateRows(reader, *base, persons, municipality, day);
  }();
  if (!computed.ok()) return computed.error();
  Rows rows = std::make_shared<const std::vector<WorklistItem>>(std::move(computed).value());
  std::lock_guard lock(mutex_);
  ++(base ? counts_.updates : counts_.fills);
  if (seen < dropped_at_) return rows;  // Another connection wrote meanwhile: not kept.
  Entry& entry = entries_[municipality];
  if (!entry.rows || entry.day != day || entry.stamp < seen) entry = Entry{day, seen, ++lookups_, rows};
  if (entries_.size() > kMaxEntries) {
    auto oldest = std::min_element(entries_.begin(), entries_.end(),
                                   [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
    entries_.erase(oldest);
  }
  // Marks every entry has accounted for are no longer needed.
  uint64_t oldest_stamp = stamp_;
  for (const auto& [name, e] : entries_) oldest_stamp = std::min(oldest_stamp, e.stamp);
  auto keep = std::upper_bound(marks_.begin(), marks_.end(), oldest_stamp,
                               [](uint64_t stamp, const auto& mark) { return stamp < mark.first; });
  marks_.erase(marks_.begin(), keep);
  return rows;
}

void WorklistCache::PersonsWritten(const std::vector<std::string>& persons) {
  std::lock_guard lock(mutex_);
  for (const std::string& person : persons) marks_.emplace_back(++stamp_, person);
  if (marks_.size() > kMaxMarks) {
    dropped_at_ = ++stamp_;
    entries_.clear();
    marks_.clear();
    ++counts_.drops;
  }
}

JournalUpkeep::JournalUpkeep(std::string journal_path)
    : path_(std::move(journal_path)), thread_([this](std::stop_token stop) { Run(stop); }) {}

JournalUpkeep::~JournalUpkeep() {
  thread_.request_stop();
  wake_.notify_all();
}

void JournalUpkeep::Run(std::stop_token stop) {
  std::unique_ptr<AuditPersonIndexer> indexer;
  std::string last_error;
  auto report = [&](const Error& error) {
    if (error.reason != last_error) std::fprintf(stderr, "journal upkeep: %s\n", error.reason.c_str());
    last_error = error.reason;
  };
  while (!stop.stop_requested()) {
    bool more = false;
    if (!indexer) {
      auto opened = AuditPersonIndexer::Open(path_);
      if (opened.ok())
        indexer = std::move(opened).value();
      else
        report(opened.error());
    }
    if (indexer) {
      auto done = indexer->CatchUp(kBatch);
      if (done.ok()) {
        indexed_ += static_cast<uint64_t>(*done);
        more = *done == kBatch;
      } else {
        report(done.error());
      }
    }
    if (more) continue;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
  }
}

PersonViewCache::Entry PersonViewCache::Find(const PersonRecord& record, Date day) {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(record.public_id);
  if (it == by_id_.end() || (*it->second)->day != day || (*it->second)->digest != record.digest) {
    ++counts_.misses;
    return nullptr;
  }
  used_.splice(used_.begin(), used_, it->second);
  ++counts_.hits;
  return *it->second;
}

void PersonViewCache::Keep(Entry view) {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(view->public_id);
  if (it != by_id_.end()) {
    used_.erase(it->second);
    by_id_.erase(it);
  }
  used_.push_front(std::move(view));
  by_id_.emplace(used_.front()->public_id, used_.begin());
  if (used_.size() > kMaxEntries) {
    by_id_.erase(used_.back()->public_id);
    used_.pop_back();
  }
}

PersonViewCache::Counts PersonViewCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

WorklistCache::Counts WorklistCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace rattvag::http
