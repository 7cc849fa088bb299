#include "app/queries.hpp"

#include <algorithm>

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

}  // namespace

Result<FollowUpReport> BuildFollowUp(Journal& journal, Date as_of, const std::vector<std::string>& municipalities) {
  FollowUpBuilder builder(as_of, municipalities);
  std::vector<Event> events;
  Status failure;
  Status scan = journal.ScanPersons(municipalities, [&](const PersonRow& row) {
    if (auto s = DecodeEventStream(row.digest, row.person, events); !s.ok()) {
      failure = s;
      return false;
    }
    builder.AddPerson(events);
    return true;
  });
  if (!scan.ok()) return scan.error();
  if (!failure.ok()) return failure.error();
  return builder.Finish();
}

Result<std::vector<DeadlineRow>> ListDeadlines(Journal& journal, Date as_of,
                                               const std::vector<std::string>& municipalities,
                                               std::span<const EligibilityRule> rules) {
  std::vector<DeadlineRow> rows;
  std::vector<Event> events;
  Status failure;
  Status scan = journal.ScanPersons(municipalities, [&](const PersonRow& row) {
    if (auto s = DecodeEventStream(row.digest, row.person, events); !s.ok()) {
      failure = s;
      return false;
    }
    CaseProjection projection = Project(events, as_of);
    for (auto& d : ComputeDeadlines(events, projection, BirthDateOf(row.person), rules))
      if (d.status == DeadlineStatus::kOpen || d.status == DeadlineStatus::kOverdue)
        rows.push_back({std::string(row.person), std::string(row.municipality), std::move(d)});
    return true;
  });
  if (!scan.ok()) return scan.error();
  if (!failure.ok()) return failure.error();
  std::sort(rows.begin(), rows.end(), [](const DeadlineRow& a, const DeadlineRow& b) {
    if (MoreUrgent(a.deadline, b.deadline)) return true;
    if (MoreUrgent(b.deadline, a.deadline)) return false;
    return a.person < b.person;
  });
  return rows;
}

Result<std::optional<PersonView>> LoadPersonView(Journal& journal, const std::string& person, Date as_of,
                                                 std::span<const EligibilityRule> rules) {
  auto record = journal.LoadPerson(person);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return std::optional<PersonView>();
  PersonView view;
  view.person = person;
  view.birth_date = BirthDateOf(person);
  RATTVAG_TRY_STATUS(DecodeEventStream((*record)->digest, person, view.events));
  view.projection = Project(view.events, as_of);
  view.deadlines = ComputeDeadlines(view.events, view.projection, view.birth_date, rules);
  std::stable_sort(view.deadlines.begin(), view.deadlines.end(), MoreUrgent);
  view.hints = EligibilityHints(view.birth_date, view.projection, rules);
  return std::optional<PersonView>(std::move(view));
}

}  // namespace rattvag
