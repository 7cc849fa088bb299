#include "app/import.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <unordered_map>

#include "codec/event_binary.hpp"
#include "codec/event_json.hpp"
#include "domain/case.hpp"

namespace rattvag {

namespace {

constexpr size_t kProgressEvery = 65536;

struct PersonBatch {
  std::vector<uint32_t> new_events;  // Indexes into the batch, in line order.
};

// Merges the stored stream (already in case order) with the new events (sorted by date, then
// line): by date, stored events first on the same day.
std::vector<const Event*> MergeInCaseOrder(const std::vector<Event>& stored, const std::vector<const Event*>& fresh) {
  std::vector<const Event*> merged;
  merged.reserve(stored.size() + fresh.size());
  size_t i = 0, j = 0;
  while (i < stored.size() || j < fresh.size()) {
    if (j == fresh.size() || (i < stored.size() && stored[i].date <= fresh[j]->date))
      merged.push_back(&stored[i++]);
    else
      merged.push_back(fresh[j++]);
  }
  return merged;
}

}  // namespace

namespace {

// Parses one chunk of whole lines; `first_line` is the 1-based number of its first line.
void ParseChunk(std::string_view chunk, size_t first_line, Date today, std::vector<NumberedEvent>& events,
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
      std::string body = EncodeEventJson(decoded.event, /*include_person=*/false);
      events.push_back({std::move(decoded.event), line_number, std::move(body)});
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

}  // namespace

void ParseJsonLines(std::string_view content, Date today, std::vector<NumberedEvent>& events,
                    std::vector<LineError>& errors, const ProgressFn& progress) {
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
  std::vector<std::vector<NumberedEvent>> parsed(chunks.size());
  std::vector<std::vector<LineError>> failed(chunks.size());
  for (size_t c = 0; c < chunks.size(); ++c)
    parsed[c].reserve(static_cast<size_t>(std::count(chunks[c].begin(), chunks[c].end(), '\n')) + 1);
  std::vector<std::thread> workers;
  for (size_t c = 1; c < chunks.size(); ++c)
    workers.emplace_back([&, c] { ParseChunk(chunks[c], first_lines[c], today, parsed[c], failed[c], nullptr, 0); });
  if (!chunks.empty()) ParseChunk(chunks[0], first_lines[0], today, parsed[0], failed[0], &progress, chunks[0].size());
  for (auto& w : workers) w.join();
  if (progress) progress("läser", content.size(), content.size());
  if (chunks.size() == 1 && events.empty()) {
    events = std::move(parsed[0]);
  } else {
    size_t total = events.size();
    for (const auto& p : parsed) total += p.size();
    events.reserve(total);
    for (auto& p : parsed) std::move(p.begin(), p.end(), std::back_inserter(events));
  }
  for (auto& f : failed) std::move(f.begin(), f.end(), std::back_inserter(errors));
}

ImportOutcome StoreEvents(Journal& journal, std::vector<NumberedEvent> batch, const ProgressFn& progress) {
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
  // An empty journal holds no ids: skip the per-line look-ups.
  auto stored_events = journal.CountEvents();
  if (!stored_events.ok()) return fail_storage(stored_events.error());
  const bool journal_empty = *stored_events == 0;
  std::vector<std::string> bodies(batch.size());
  {
    // Repeated ids within the batch: sort (hash, index) pairs and compare neighbours with equal
    // hashes, which is far cheaper than a hash table of a few million strings.
    std::vector<std::pair<size_t, uint32_t>> hashes;
    hashes.reserve(batch.size());
    for (uint32_t i = 0; i < batch.size(); ++i) {
      NumberedEvent& item = batch[i];
      bodies[i] = item.body.empty() ? EncodeEventJson(item.event, /*include_person=*/false) : std::move(item.body);
      if (!item.event.id.empty()) hashes.emplace_back(std::hash<std::string_view>()(item.event.id), i);
    }
    std::sort(hashes.begin(), hashes.end());
    for (size_t k = 0; k < hashes.size(); ++k) {
      const uint32_t i = hashes[k].second;
      const Event& e = batch[i].event;
      // The first earlier line with the same id, if any.
      std::optional<uint32_t> first;
      for (size_t j = k; j > 0 && hashes[j - 1].first == hashes[k].first; --j) {
        const uint32_t other = hashes[j - 1].second;
        if (batch[other].event.id == e.id && !skip[other] && (!first || other < *first)) first = other;
      }
      if (first) {
        if (batch[*first].event.person == e.person && bodies[*first] == bodies[i]) {
          skip[i] = true;
          ++outcome.summary.events_unchanged;
        } else {
          outcome.errors.push_back({batch[i].line, {"id", "is used by line " + std::to_string(batch[*first].line) +
                                                              " for a different event"}});
          skip[i] = true;  // Reported once; not checked again against the person's stream.
        }
        continue;
      }
      if (journal_empty) continue;
      auto stored = journal.FindBodyById(e.id);
      if (!stored.ok()) return fail_storage(stored.error());
      if (stored->has_value()) {
        if (**stored == bodies[i]) {
          skip[i] = true;
          ++outcome.summary.events_unchanged;
        } else {
          outcome.errors.push_back({batch[i].line, {"id", "an event with this id is already stored with other content"}});
          skip[i] = true;
        }
      }
      if (progress && k % kProgressEvery == 0) progress("kontrollerar id", k, hashes.size());
    }
  }

  // Group by person, keeping line order within each person.
  std::unordered_map<std::string_view, PersonBatch> persons;
  std::vector<uint32_t> anonymous;
  std::vector<std::string_view> person_order;
  for (uint32_t i = 0; i < batch.size(); ++i) {
    const Event& e = batch[i].event;
    if (e.person.empty()) {
      if (!skip[i]) anonymous.push_back(i);
      continue;
    }
    auto [it, inserted] = persons.try_emplace(e.person);
    if (inserted) person_order.push_back(e.person);
    if (!skip[i]) it->second.new_events.push_back(i);
  }
  outcome.summary.persons = persons.size();

  // Relations, person by person, over the stored stream and the new events together.
  struct Prepared {
    std::string_view person;
    int64_t expected_sequence;
    std::vector<uint32_t> order;  // New events in case order.
    std::string municipality;
    std::string digest;
  };
  std::vector<Prepared> prepared;
  prepared.reserve(persons.size());
  std::vector<Event> stored;
  std::vector<const Event*> fresh;
  size_t done = 0;
  for (std::string_view person : person_order) {
    auto& pb = persons[person];
    if (progress && ++done % 4096 == 0) progress("prövar ärenden", done, persons.size());
    if (pb.new_events.empty()) continue;
    std::stable_sort(pb.new_events.begin(), pb.new_events.end(),
                     [&](uint32_t a, uint32_t b) { return batch[a].event.date < batch[b].event.date; });
    auto record = journal.LoadPerson(person);
    if (!record.ok()) return fail_storage(record.error());
    stored.clear();
    int64_t expected = 0;
    if (record->has_value()) {
      expected = (*record)->last_sequence;
      if (auto s = DecodeEventStream((*record)->digest, person, stored); !s.ok()) return fail_storage(s.error());
    }
    fresh.clear();
    for (uint32_t i : pb.new_events) fresh.push_back(&batch[i].event);
    const auto merged = MergeInCaseOrder(stored, fresh);
    CaseState state;
    for (const Event* e : merged) {
      Status s = state.Apply(*e);
      if (s.ok()) continue;
      const bool is_new = e < stored.data() || e >= stored.data() + stored.size();
      size_t line = batch[pb.new_events.front()].line;
      if (is_new)
        for (uint32_t i : pb.new_events)
          if (&batch[i].event == e) line = batch[i].line;
      Error error = s.error();
      if (!is_new)
        error.reason = "conflicts with the stored journal (" + std::string(Name(e->type)) + " on " +
                       e->date.ToString() + "): " + error.reason;
      outcome.errors.push_back({line, std::move(error)});
      break;  // The rest of this person's stream would only repeat the consequence.
    }
    if (!outcome.errors.empty()) continue;  // Keep checking, but prepare nothing more.
    Prepared p{person, expected, pb.new_events, CaseMunicipality(merged), EncodeEventPointers(merged)};
    prepared.push_back(std::move(p));
  }

  if (!outcome.errors.empty()) {
    std::stable_sort(outcome.errors.begin(), outcome.errors.end(),
                     [](const LineError& a, const LineError& b) { return a.line < b.line; });
    return outcome;  // The unit of work rolls back.
  }

  std::vector<EncodedEvent> encoded;
  done = 0;
  for (const auto& p : prepared) {
    encoded.clear();
    for (uint32_t i : p.order) {
      const Event& e = batch[i].event;
      encoded.push_back({e.id, Name(e.type), e.date, bodies[i]});
    }
    Status s = journal.Append({p.person, p.expected_sequence, encoded, p.municipality, p.digest});
    if (!s.ok()) return fail_storage(s.error());
    outcome.summary.events_stored += encoded.size();
    if (progress && ++done % 4096 == 0) progress("sparar", done, prepared.size());
  }
  if (!anonymous.empty()) {
    encoded.clear();
    for (uint32_t i : anonymous) {
      const Event& e = batch[i].event;
      encoded.push_back({e.id, Name(e.type), e.date, bodies[i]});
    }
    if (auto s = journal.AppendAnonymous(encoded); !s.ok()) return fail_storage(s.error());
    outcome.summary.events_stored += encoded.size();
  }
  if (auto s = unit.Commit(); !s.ok()) return fail_storage(s.error());
  outcome.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

ImportOutcome ImportJsonLines(Journal& journal, std::string_view content, Date today, const ProgressFn& progress) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<NumberedEvent> events;
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
  outcome = StoreEvents(journal, std::move(events), progress);
  outcome.summary.lines = lines;
  outcome.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace rattvag
