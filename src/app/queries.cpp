#include "app/queries.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <array>
#include <functional>

#include "codec/event_binary.hpp"
#include "domain/personnummer.hpp"

namespace rattvag {

namespace {

// The birth date in a stored 12-digit personnummer (samordningsnummer: day - 60).
Date BirthDateOf(std::string_view digits) {
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (digits[i] - '0');
    return v;
  };
  int day = num(6, 2);
  if (day > 60) day -= 60;
  auto d = Date::FromYmd(num(0, 4), static_cast<unsigned>(num(4, 2)), static_cast<unsigned>(day));
  return d.value_or(Date(1900, 1, 1));
}

// Persons copied out of a scan, handed to a worker as one unit.
struct PersonBatch {
  std::string bytes;  // person, municipality and digest of each row, back to back.
  std::vector<std::array<uint32_t, 3>> sizes;
};

constexpr size_t kBatchPersons = 1024;

// Scans the persons of `municipalities` on this thread (the journal is not thread-safe) and
// hands batches to `workers` threads, each calling visit(worker_index, row). Returns the first
// failure of the scan or of a visit.
Status ParallelScan(Journal& journal, const std::vector<std::string>& municipalities, size_t workers,
                    const std::function<Status(size_t, const PersonRow&)>& visit) {
  std::mutex mutex;
  std::condition_variable ready, space;
  std::deque<PersonBatch> queue;
  bool done = false;
  Status failure;
  auto record_failure = [&](const Status& s) {
    std::lock_guard lock(mutex);
    if (failure.ok()) failure = s;
  };
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      for (;;) {
        PersonBatch batch;
        {
          std::unique_lock lock(mutex);
          ready.wait(lock, [&] { return !queue.empty() || done; });
          if (queue.empty()) return;
          batch = std::move(queue.front());
          queue.pop_front();
        }
        space.notify_one();
        size_t at = 0;
        for (const auto& [person, municipality, digest] : batch.sizes) {
          std::string_view all(batch.bytes);
          PersonRow row{all.substr(at, person), all.substr(at + person, municipality),
                        all.substr(at + person + municipality, digest)};
          at += person + municipality + digest;
          if (Status s = visit(w, row); !s.ok()) {
            record_failure(s);
            break;
          }
        }
      }
    });
  PersonBatch current;
  auto flush = [&] {
    std::unique_lock lock(mutex);
    space.wait(lock, [&] { return queue.size() < 2 * workers; });
    queue.push_back(std::move(current));
    current = PersonBatch();
    lock.unlock();
    ready.notify_one();
  };
  Status scan = journal.ScanPersons(municipalities, [&](const PersonRow& row) {
    current.bytes.append(row.person).append(row.municipality).append(row.digest);
    current.sizes.push_back({static_cast<uint32_t>(row.person.size()), static_cast<uint32_t>(row.municipality.size()),
                             static_cast<uint32_t>(row.digest.size())});
    if (current.sizes.size() >= kBatchPersons) flush();
    return true;
  });
  if (!current.sizes.empty()) flush();
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  ready.notify_all();
  for (auto& t : threads) t.join();
  if (!scan.ok()) return scan;
  return failure;
}

size_t WorkerCount() { return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4); }

}  // namespace

Result<FollowUpReport> BuildFollowUp(Journal& journal, Date as_of, const std::vector<std::string>& municipalities) {
  const size_t workers = WorkerCount();
  std::vector<FollowUpBuilder> builders(workers, FollowUpBuilder(as_of, municipalities));
  std::vector<std::vector<Event>> events(workers);
  RATTVAG_TRY_STATUS(ParallelScan(journal, municipalities, workers, [&](size_t w, const PersonRow& row) -> Status {
    auto n = DecodeEventStreamInto(row.digest, row.person, events[w], DecodeDetail::kRules, kFollowUpEventTypes);
    if (!n.ok()) return n.error();
    builders[w].AddPerson(std::span<const Event>(events[w].data(), *n));
    return Status::Ok();
  }));
  for (size_t w = 1; w < workers; ++w) builders[0].Merge(builders[w]);
  return builders[0].Finish();
}

Result<EbOverTimeReport> BuildEbOverTime(Journal& journal, Date as_of, int months,
                                         const std::vector<std::string>& municipalities) {
  const size_t workers = WorkerCount();
  std::vector<EbOverTimeBuilder> builders(workers, EbOverTimeBuilder(as_of, months, municipalities));
  std::vector<std::vector<Event>> events(workers);
  RATTVAG_TRY_STATUS(ParallelScan(journal, municipalities, workers, [&](size_t w, const PersonRow& row) -> Status {
    auto n = DecodeEventStreamInto(row.digest, row.person, events[w], DecodeDetail::kRules, kEbOverTimeEventTypes);
    if (!n.ok()) return n.error();
    builders[w].AddPerson(std::span<const Event>(events[w].data(), *n));
    return Status::Ok();
  }));
  for (size_t w = 1; w < workers; ++w) builders[0].Merge(builders[w]);
  return builders[0].Finish();
}

bool DeadlineRowBefore(const DeadlineRow& a, const DeadlineRow& b) {
  if (MoreUrgent(a.deadline, b.deadline)) return true;
  if (MoreUrgent(b.deadline, a.deadline)) return false;
  if (a.person != b.person) return a.person < b.person;
  return a.deadline.reference < b.deadline.reference;
}

namespace {

Status AppendDeadlineRowsWith(std::string_view person, std::string_view municipality, std::string_view digest,
                              Date as_of, std::span<const EligibilityRule> rules, std::vector<Event>& events,
                              std::vector<DeadlineRow>& out) {
  auto n = DecodeEventStreamInto(digest, person, events, DecodeDetail::kRules);
  if (!n.ok()) return n.error();
  const std::span<const Event> person_events(events.data(), *n);
  CaseProjection projection = Project(person_events, as_of);
  for (auto& d : ComputeDeadlines(person_events, projection, BirthDateOf(person), rules))
    if (d.status == DeadlineStatus::kOpen || d.status == DeadlineStatus::kOverdue)
      out.push_back({std::string(person), std::string(municipality), std::move(d)});
  return Status::Ok();
}

}  // namespace

Status AppendDeadlineRows(std::string_view person, std::string_view municipality, std::string_view digest, Date as_of,
                          std::span<const EligibilityRule> rules, std::vector<DeadlineRow>& out) {
  std::vector<Event> events;
  return AppendDeadlineRowsWith(person, municipality, digest, as_of, rules, events, out);
}

Result<std::vector<DeadlineRow>> ListDeadlines(Journal& journal, Date as_of,
                                               const std::vector<std::string>& municipalities,
                                               std::span<const EligibilityRule> rules) {
  const size_t workers = WorkerCount();
  std::vector<std::vector<DeadlineRow>> found(workers);
  std::vector<std::vector<Event>> events(workers);
  RATTVAG_TRY_STATUS(ParallelScan(journal, municipalities, workers, [&](size_t w, const PersonRow& row) -> Status {
    return AppendDeadlineRowsWith(row.person, row.municipality, row.digest, as_of, rules, events[w], found[w]);
  }));
  std::vector<DeadlineRow> rows;
  for (auto& f : found) std::move(f.begin(), f.end(), std::back_inserter(rows));
  std::sort(rows.begin(), rows.end(), DeadlineRowBefore);
  return rows;
}

PersonView LoadPersonView(const PersonRecord& record, Date as_of, std::span<const EligibilityRule> rules,
                          Status& status) {
  PersonView view;
  view.person = record.personnummer;
  view.birth_date = BirthDateOf(record.personnummer);
  status = DecodeEventStream(record.digest, record.personnummer, view.events);
  if (!status.ok()) return view;
  view.projection = Project(view.events, as_of);
  view.deadlines = ComputeDeadlines(view.events, view.projection, view.birth_date, rules);
  std::stable_sort(view.deadlines.begin(), view.deadlines.end(), MoreUrgent);
  view.hints = EligibilityHints(view.birth_date, view.projection, rules);
  return view;
}

Result<std::optional<PersonView>> LoadPersonView(Journal& journal, const std::string& person, Date as_of,
                                                 std::span<const EligibilityRule> rules) {
  auto record = journal.LoadPerson(person);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return std::optional<PersonView>();
  Status status;
  PersonView view = LoadPersonView(**record, as_of, rules, status);
  RATTVAG_TRY_STATUS(status);
  return std::optional<PersonView>(std::move(view));
}

}  // namespace rattvag
