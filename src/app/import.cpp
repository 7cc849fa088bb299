#include "app/import.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <future>
#include <set>
#include <thread>

#include "codec/event_binary.hpp"
#include "codec/event_csv.hpp"
#include "codec/event_json.hpp"
#include "domain/case.hpp"

namespace rattvag {

namespace {

constexpr size_t kProgressEvery = 65536;
constexpr size_t kBlockBytes = 64 << 20;  // Blocks of the batch; an event never spans two.

uint64_t PersonKey(const std::string& person) {
  uint64_t key = 0;
  std::from_chars(person.data(), person.data() + person.size(), key);
  return key;
}

}  // namespace

std::string PersonOfKey(uint64_t key) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%012llu", static_cast<unsigned long long>(key));
  return digits;
}

void EventBatch::Add(const Event& event, size_t line) {
  const std::string body = EncodeEventJson(event, /*include_person=*/false);
  const size_t before_record = body.size() + event.id.size();
  if (blocks_.empty() || blocks_.back().size() + before_record + 512 > blocks_.back().capacity()) {
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockBytes, before_record + 512 + 65536));
  }
  std::string& block = blocks_.back();
  Entry entry{};
  entry.person = event.person.empty() ? 0 : PersonKey(event.person);
  entry.date = event.date.DaysSinceEpoch();
  entry.line = static_cast<uint32_t>(line);
  entry.block = static_cast<uint32_t>(blocks_.size() - 1);
  entry.offset = static_cast<uint32_t>(block.size());
  entry.id_size = static_cast<uint32_t>(event.id.size());
  entry.body_size = static_cast<uint32_t>(body.size());
  block.append(event.id).append(body);
  const size_t record_start = block.size();
  AppendEventRecord(event, block);  // May outgrow the reserve for huge free text: then it reallocates.
  entry.record_size = static_cast<uint32_t>(block.size() - record_start);
  entries_.push_back(entry);
}

void EventBatch::Append(EventBatch&& other) {
  const auto shift = static_cast<uint32_t>(blocks_.size());
  for (auto& b : other.blocks_) blocks_.push_back(std::move(b));
  entries_.reserve(entries_.size() + other.entries_.size());
  for (Entry e : other.entries_) {
    e.block += shift;
    entries_.push_back(e);
  }
  other.blocks_.clear();
  other.entries_.clear();
}

std::string_view EventBatch::Id(size_t i) const {
  const Entry& e = entries_[i];
  return std::string_view(blocks_[e.block]).substr(e.offset, e.id_size);
}

std::string_view EventBatch::Body(size_t i) const {
  const Entry& e = entries_[i];
  return std::string_view(blocks_[e.block]).substr(e.offset + e.id_size, e.body_size);
}

std::string_view EventBatch::Record(size_t i) const {
  const Entry& e = entries_[i];
  return std::string_view(blocks_[e.block]).substr(size_t{e.offset} + e.id_size + e.body_size, e.record_size);
}

Status EventBatch::Decode(size_t i, Event& out) const {
  RATTVAG_TRY_STATUS(DecodeEventRecord(Record(i), out));
  if (entries_[i].person == 0)
    out.person.clear();
  else
    out.person = PersonOfKey(entries_[i].person);
  out.id.assign(Id(i));
  return Status::Ok();
}

namespace {

// Merges the stored stream (already in case order) with the new events (sorted by date, then
// line): by date, stored events first on the same day.
std::vector<const Event*> MergeInCaseOrder(const std::vector<Event>& stored, const std::vector<Event>& fresh) {
  std::vector<const Event*> merged;
  merged.reserve(stored.size() + fresh.size());
  size_t i = 0, j = 0;
  while (i < stored.size() || j < fresh.size()) {
    if (j == fresh.size() || (i < stored.size() && stored[i].date <= fresh[j].date))
      merged.push_back(&stored[i++]);
    else
      merged.push_back(&fresh[j++]);
  }
  return merged;
}

// Parses one chunk of whole lines; `first_line` is the 1-based number of its first line.
void ParseChunk(std::string_view chunk, size_t first_line, Date today, EventBatch& events,
                std::vector<LineError>& errors, const ProgressFn* progress, size_t total) {
  size_t line_number = first_line - 1;
  size_t position = 0;
  size_t next_report = 0;
  while (position < chunk.size()) {
    size_t end = chunk.find('\n', position);
    if (end == std::string_view::npos) end = chunk.size();
    std::string_view line = chunk.substr(position, end - position);
    position = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    DecodedLine decoded = DecodeEventLine(line, today);
    if (decoded.errors.empty()) {
      events.Add(decoded.event, line_number);
    } else {
      for (auto& e : decoded.errors) errors.push_back({line_number, std::move(e)});
    }
    if (progress && *progress && position >= next_report) {
      (*progress)("läser", std::min(position, total), total);
      next_report = position + kProgressEvery * 100;
    }
  }
}

constexpr size_t kParallelParseBytes = 4 << 20;  // Smaller files are parsed on one thread.

// One person's events in a batch: order[begin, end) (by date, then line); first_line is the
// smallest line among them.
struct Group {
  uint32_t first_line;
  uint32_t begin, end;
};

// One person, checked and ready to append (or refused).
struct PreparedPerson {
  std::string person;
  uint32_t first_line = 0;
  std::string stored_municipality;    // "" for a person new to the journal.
  int64_t expected = 0;
  std::vector<EncodedEvent> encoded;  // Views into the batch; empty when nothing is new.
  std::string municipality;
  std::string digest;
  std::optional<LineError> refusal;   // The first relation the case refuses.
  Status failure;                     // A corrupt stored digest or record.
};

constexpr size_t kPersonsPerWindow = 2048;  // Persons checked ahead of the writes at a time.

// Checks a person's new events together with the stored ones (CaseState) and builds the new
// digest. Reads the batch only, so several Preparers may run at once; each has its own scratch.
class Preparer {
 public:
  Preparer(const EventBatch& batch, const std::vector<uint32_t>& order, const std::vector<bool>& skip)
      : batch_(batch), order_(order), skip_(skip) {}

  // `record` is the person's stored stream, null when there is none.
  PreparedPerson Prepare(const Group& group, const PersonRecord* record) {
    PreparedPerson p;
    p.person = PersonOfKey(batch_.entry(order_[group.begin]).person);
    p.first_line = group.first_line;
    if (record) p.stored_municipality = record->municipality;
    fresh_index_.clear();
    for (size_t g = group.begin; g < group.end; ++g)
      if (!skip_[order_[g]]) fresh_index_.push_back(order_[g]);
    if (fresh_index_.empty()) return p;
    stored_.clear();
    if (record) {
      p.expected = record->last_sequence;
      if (p.failure = DecodeEventStream(record->digest, p.person, stored_); !p.failure.ok()) return p;
    }
    fresh_.resize(fresh_index_.size());
    for (size_t f = 0; f < fresh_index_.size(); ++f)
      if (p.failure = batch_.Decode(fresh_index_[f], fresh_[f]); !p.failure.ok()) return p;
    const auto merged = MergeInCaseOrder(stored_, fresh_);
    CaseState state;
    for (const Event* e : merged) {
      Status s = state.Apply(*e);
      if (s.ok()) continue;
      const bool is_new = e >= fresh_.data() && e < fresh_.data() + fresh_.size();
      const uint32_t at = is_new ? fresh_index_[static_cast<size_t>(e - fresh_.data())] : fresh_index_.front();
      Error error = s.error();
      if (!is_new)
        error.reason = "conflicts with the stored journal (" + std::string(Name(e->type)) + " on " +
                       e->date.ToString() + "): " + error.reason;
      p.refusal = LineError{batch_.entry(at).line, std::move(error)};
      return p;  // The rest of this person's stream would only repeat the consequence.
    }
    for (size_t f = 0; f < fresh_index_.size(); ++f)
      p.encoded.push_back({batch_.Id(fresh_index_[f]), Name(fresh_[f].type), fresh_[f].date, batch_.Body(fresh_index_[f])});
    p.municipality = CaseMunicipality(merged);
    p.digest = EncodeEventPointers(merged);
    return p;
  }

 private:
  const EventBatch& batch_;
  const std::vector<uint32_t>& order_;
  const std::vector<bool>& skip_;
  std::vector<Event> stored_, fresh_;
  std::vector<uint32_t> fresh_index_;
};

}  // namespace

void ParseJsonLines(std::string_view content, Date today, EventBatch& events, std::vector<LineError>& errors,
                    const ProgressFn& progress) {
  const size_t threads =
      content.size() < kParallelParseBytes ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  // Cut the content into chunks of whole lines and number each chunk's first line.
  std::vector<std::string_view> chunks;
  std::vector<size_t> first_lines;
  size_t start = 0, line = 1;
  for (size_t t = 0; t < threads && start < content.size(); ++t) {
    size_t end = t + 1 == threads ? content.size() : content.size() * (t + 1) / threads;
    if (end < start) end = start;
    if (end < content.size()) {
      size_t newline = content.find('\n', end);
      end = newline == std::string_view::npos ? content.size() : newline + 1;
    }
    chunks.push_back(content.substr(start, end - start));
    first_lines.push_back(line);
    line += static_cast<size_t>(std::count(content.begin() + start, content.begin() + end, '\n'));
    start = end;
  }
  std::vector<EventBatch> parsed(chunks.size());
  std::vector<std::vector<LineError>> failed(chunks.size());
  std::vector<std::thread> workers;
  for (size_t c = 1; c < chunks.size(); ++c)
    workers.emplace_back([&, c] { ParseChunk(chunks[c], first_lines[c], today, parsed[c], failed[c], nullptr, 0); });
  if (!chunks.empty()) ParseChunk(chunks[0], first_lines[0], today, parsed[0], failed[0], &progress, chunks[0].size());
  for (auto& w : workers) w.join();
  if (progress) progress("läser", content.size(), content.size());
  for (auto& p : parsed) events.Append(std::move(p));
  for (auto& f : failed) std::move(f.begin(), f.end(), std::back_inserter(errors));
}

ImportOutcome StoreEvents(Journal& journal, const EventBatch& batch, const ProgressFn& progress) {
  return StoreEvents(journal, batch, StoreOptions{}, progress);
}

ImportOutcome StoreEvents(Journal& journal, const EventBatch& batch, const StoreOptions& options,
                          const ProgressFn& progress) {
  ImportOutcome outcome;
  outcome.summary.lines = batch.size();  // The caller that read a file counts its lines instead.
  const auto started = std::chrono::steady_clock::now();
  auto fail_storage = [&](const Error& e) {
    outcome.errors.push_back({0, e});
    return outcome;
  };

  UnitOfWork unit(journal);
  if (auto s = unit.Begin(); !s.ok()) return fail_storage(s.error());

  // Ids: within the batch and against the journal. A line whose id is stored with the same
  // content is left out; with other content it is an error.
  std::vector<bool> skip(batch.size(), false);
  // An empty journal holds no ids and no streams: skip the per-line and per-person look-ups.
  auto stored_events = journal.CountEvents();
  if (!stored_events.ok()) return fail_storage(stored_events.error());
  const bool journal_empty = *stored_events == 0;
  {
    // Repeated ids within the batch: sort (hash, index) pairs and compare neighbours with equal
    // hashes, which is far cheaper than a hash table of a few million strings.
    std::vector<std::pair<size_t, uint32_t>> hashes;
    hashes.reserve(batch.size());
    for (uint32_t i = 0; i < batch.size(); ++i)
      if (!batch.Id(i).empty()) hashes.emplace_back(std::hash<std::string_view>()(batch.Id(i)), i);
    std::sort(hashes.begin(), hashes.end());
    for (size_t k = 0; k < hashes.size(); ++k) {
      const uint32_t i = hashes[k].second;
      const std::string_view id = batch.Id(i);
      // The first earlier line with the same id, if any.
      std::optional<uint32_t> first;
      for (size_t j = k; j > 0 && hashes[j - 1].first == hashes[k].first; --j) {
        const uint32_t other = hashes[j - 1].second;
        if (batch.Id(other) == id && !skip[other] && (!first || other < *first)) first = other;
      }
      if (first) {
        if (batch.entry(*first).person == batch.entry(i).person && batch.Body(*first) == batch.Body(i)) {
          skip[i] = true;
          ++outcome.summary.events_unchanged;
        } else {
          outcome.errors.push_back({batch.entry(i).line, {"id", "is used by line " +
                                                                    std::to_string(batch.entry(*first).line) +
                                                                    " for a different event"}});
          skip[i] = true;  // Reported once; not checked again against the person's stream.
        }
        continue;
      }
      if (journal_empty) continue;
      auto stored = journal.FindBodyById(id);
      if (!stored.ok()) return fail_storage(stored.error());
      if (stored->has_value()) {
        if (**stored == batch.Body(i)) {
          skip[i] = true;
          ++outcome.summary.events_unchanged;
        } else {
          outcome.errors.push_back({batch.entry(i).line, {"id", "an event with this id is already stored with other content"}});
          skip[i] = true;
        }
      }
      if (progress && k % kProgressEvery == 0) progress("kontrollerar id", k, hashes.size());
    }
  }

  // Each person's events together, in date order and then line order (the case order of new
  // events); anonymous ones (person 0) first.
  std::vector<uint32_t> order(batch.size());
  for (uint32_t i = 0; i < batch.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto& x = batch.entry(a);
    const auto& y = batch.entry(b);
    if (x.person != y.person) return x.person < y.person;
    if (x.date != y.date) return x.date < y.date;
    return x.line < y.line;
  });

  // Persons in the order of their first line: ids in a file tend to grow line by line, so the
  // journal's id index is then filled in order rather than at random places.
  std::vector<Group> groups;
  std::vector<uint32_t> anonymous;
  for (size_t k = 0; k < order.size();) {
    const uint64_t key = batch.entry(order[k]).person;
    size_t end = k;
    uint32_t first_line = UINT32_MAX;
    while (end < order.size() && batch.entry(order[end]).person == key)
      first_line = std::min(first_line, batch.entry(order[end++]).line);
    if (key == 0) {
      for (size_t g = k; g < end; ++g)
        if (!skip[order[g]]) anonymous.push_back(order[g]);
    } else {
      groups.push_back({first_line, static_cast<uint32_t>(k), static_cast<uint32_t>(end)});
    }
    k = end;
  }
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.first_line < b.first_line; });
  outcome.summary.persons = groups.size();

  // Relations, person by person, over the stored stream and the new events together; appends go
  // into the open transaction while no error is found. After the first error only the checks go
  // on, and the transaction is rolled back at the end. Into an empty journal the checks need no
  // reads, so they run a window of persons ahead on a second thread while this one writes.
  Preparer preparer(batch, order, skip);
  auto store = [&](PreparedPerson& p) -> std::optional<Error> {
    if (!p.failure.ok()) return p.failure.error();
    if (options.check_person) {
      const std::string& after = p.encoded.empty() ? p.stored_municipality : p.municipality;
      if (auto refused = options.check_person(p.person, p.stored_municipality, after)) {
        outcome.errors.push_back({p.first_line, std::move(*refused)});
        return std::nullopt;
      }
    }
    if (p.refusal) outcome.errors.push_back(std::move(*p.refusal));
    if (p.encoded.empty() || !outcome.errors.empty()) return std::nullopt;  // Store nothing more.
    Status s = journal.Append({p.person, p.expected, p.encoded, p.municipality, p.digest});
    if (!s.ok()) return s.error();
    outcome.summary.events_stored += p.encoded.size();
    return std::nullopt;
  };
  size_t done = 0;
  if (journal_empty) {
    auto prepare_window = [&](size_t begin) {
      std::vector<PreparedPerson> window;
      Preparer own(batch, order, skip);
      for (size_t g = begin; g < std::min(groups.size(), begin + kPersonsPerWindow); ++g)
        window.push_back(own.Prepare(groups[g], nullptr));
      return window;
    };
    std::future<std::vector<PreparedPerson>> next;
    if (!groups.empty()) next = std::async(std::launch::async, prepare_window, 0);
    for (size_t begin = 0; begin < groups.size(); begin += kPersonsPerWindow) {
      std::vector<PreparedPerson> window = next.get();
      if (begin + kPersonsPerWindow < groups.size())
        next = std::async(std::launch::async, prepare_window, begin + kPersonsPerWindow);
      for (auto& p : window)
        if (auto failure = store(p)) {
          if (next.valid()) next.wait();  // The worker reads the batch: let it finish first.
          return fail_storage(*failure);
        }
      done += window.size();
      if (progress) progress("prövar och sparar", done, groups.size());
    }
  } else {
    for (const Group& group : groups) {
      const std::string person = PersonOfKey(batch.entry(order[group.begin]).person);
      auto record = journal.LoadPerson(person);
      if (!record.ok()) return fail_storage(record.error());
      PreparedPerson p = preparer.Prepare(group, record->has_value() ? &**record : nullptr);
      if (auto failure = store(p)) return fail_storage(*failure);
      if (progress && ++done % 4096 == 0) progress("prövar och sparar", done, groups.size());
    }
  }

  if (!outcome.errors.empty()) {
    std::stable_sort(outcome.errors.begin(), outcome.errors.end(),
                     [](const LineError& a, const LineError& b) { return a.line < b.line; });
    outcome.summary.events_stored = 0;
    return outcome;  // The unit of work rolls back.
  }
  if (!anonymous.empty()) {
    std::sort(anonymous.begin(), anonymous.end());  // In line order.
    std::vector<EncodedEvent> encoded;
    Event e;
    for (uint32_t i : anonymous) {
      if (auto s = batch.Decode(i, e); !s.ok()) return fail_storage(s.error());
      encoded.push_back({batch.Id(i), Name(e.type), e.date, batch.Body(i)});
    }
    if (auto s = journal.AppendAnonymous(encoded); !s.ok()) return fail_storage(s.error());
    outcome.summary.events_stored += encoded.size();
  }
  if (options.before_commit)
    if (auto s = options.before_commit(journal, outcome.summary); !s.ok()) return fail_storage(s.error());
  if (options.dry_run) {
    outcome.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;  // The unit of work rolls back.
  }
  if (auto s = unit.Commit(); !s.ok()) return fail_storage(s.error());
  outcome.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

ImportOutcome ImportJsonLines(Journal& journal, std::string_view content, Date today, const ProgressFn& progress) {
  const auto started = std::chrono::steady_clock::now();
  EventBatch events;
  std::vector<LineError> errors;
  ParseJsonLines(content, today, events, errors, progress);
  size_t lines = 0;
  for (size_t p = 0; p < content.size();) {
    size_t end = content.find('\n', p);
    if (end == std::string_view::npos) end = content.size();
    if (content.substr(p, end - p).find_first_not_of(" \t\r") != std::string_view::npos) ++lines;
    p = end + 1;
  }
  ImportOutcome outcome;
  if (!errors.empty()) {
    outcome.errors = std::move(errors);
    outcome.summary.lines = lines;
    return outcome;
  }
  outcome = StoreEvents(journal, events, progress);
  outcome.summary.lines = lines;
  outcome.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

size_t ParseCsv(std::string_view content, Date today, EventBatch& events, std::vector<LineError>& errors) {
  std::vector<CsvEvent> decoded;
  std::vector<CsvError> bad;
  DecodeEventCsv(content, today, decoded, bad);
  std::set<size_t> bad_rows;
  for (auto& e : bad) {
    bad_rows.insert(e.line);
    errors.push_back({e.line, std::move(e.error), e.column});
  }
  for (const auto& e : decoded) events.Add(e.event, e.line);
  return decoded.size() + bad_rows.size();
}

ImportOutcome ImportCsv(Journal& journal, std::string_view content, Date today, const ProgressFn& progress) {
  const auto started = std::chrono::steady_clock::now();
  EventBatch events;
  std::vector<LineError> errors;
  const size_t rows = ParseCsv(content, today, events, errors);
  ImportOutcome outcome;
  if (!errors.empty()) {
    outcome.errors = std::move(errors);
    outcome.summary.lines = rows;
    return outcome;
  }
  outcome = StoreEvents(journal, events, progress);
  outcome.summary.lines = rows;
  outcome.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace rattvag
