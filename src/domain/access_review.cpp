#include "domain/access_review.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "domain/calendar.hpp"

namespace rattvag {

namespace {

// The last Sunday of `month` in `year`.
Date LastSunday(int year, unsigned month) {
  Date last = Date(year, month, 1).AddMonthsClamped(1).AddDays(-1);
  return last.AddDays(-static_cast<int32_t>(last.IsoWeekday() % 7));
}

bool Digits(std::string_view text, size_t from, size_t count, int& value) {
  value = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

bool IsRecord(const std::string& action) { return action.rfind("record:", 0) == 0; }

}  // namespace

std::optional<SwedishLocalTime> ToSwedishLocalTime(std::string_view utc) {
  // YYYY-MM-DDTHH:MM:SS, then optionally .mmm, then Z.
  if (utc.size() < 20 || utc[10] != 'T' || utc[13] != ':' || utc[16] != ':' || utc.back() != 'Z') return std::nullopt;
  auto date = Date::Parse(utc.substr(0, 10));
  int hour = 0, minute = 0, second = 0;
  if (!date || !Digits(utc, 11, 2, hour) || !Digits(utc, 14, 2, minute) || !Digits(utc, 17, 2, second) || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  const int64_t minutes_utc = static_cast<int64_t>(date->DaysSinceEpoch()) * 1440 + hour * 60 + minute;
  const int year = date->Year();
  const int64_t summer_starts = static_cast<int64_t>(LastSunday(year, 3).DaysSinceEpoch()) * 1440 + 60;
  const int64_t summer_ends = static_cast<int64_t>(LastSunday(year, 10).DaysSinceEpoch()) * 1440 + 60;
  const int64_t local = minutes_utc + (minutes_utc >= summer_starts && minutes_utc < summer_ends ? 120 : 60);
  SwedishLocalTime out;
  out.date = Date::FromDaysSinceEpoch(static_cast<int32_t>(local / 1440));
  out.minute_of_day = static_cast<int>(local % 1440);
  return out;
}

std::string_view Name(ReviewFlagKind kind) {
  switch (kind) {
    case ReviewFlagKind::kOutsideWorkingHours: return "outside_working_hours";
    case ReviewFlagKind::kManyPersonsWithoutRecords: return "many_persons_without_records";
    case ReviewFlagKind::kOtherUnit: return "other_unit";
  }
  return "";
}

void AccessReviewBuilder::Span::Add(const std::string& at) {
  if (count++ == 0) first_at = at;
  last_at = at;
}

AccessReviewBuilder::AccessReviewBuilder(AccessReviewOptions options) : options_(std::move(options)) {
  review_.from = options_.from;
  review_.to = options_.to;
}

bool AccessReviewBuilder::InPeriod(const AuditEntry& entry) const {
  const auto local = ToSwedishLocalTime(entry.at);
  return local && local->date >= options_.from && local->date <= options_.to;
}

void AccessReviewBuilder::Add(const AuditEntry& entry, std::string_view person_id) {
  assert(!person_id.empty());
  const std::string person(person_id);
  const bool allowed = entry.outcome == "allowed";
  ++review_.entries;
  review_.persons.insert(person);

  ReviewedUser& user = users_[entry.user];
  user.user = entry.user;
  user.party = entry.party;
  user.unit = entry.unit;
  user.role = entry.role;
  ++user.accesses;
  ++user.actions[entry.action];
  ++user.grounds[entry.ground];

  if (!allowed) {
    ++user.denied;
    review_.refusals.push_back(
        {entry.at, entry.user, entry.party, entry.unit, entry.role, person, entry.action, entry.detail});
    return;
  }
  user.persons.insert(person);

  if (entry.ground.rfind("consent:", 0) == 0) {
    const std::string consent = entry.ground.substr(8);
    Disclosure& d = disclosures_[{person, consent, entry.unit}];
    d.person_id = person;
    d.consent_id = consent;
    d.party = entry.party;
    d.unit = entry.unit;
    d.users.insert(entry.user);
    if (d.accesses++ == 0) d.first_at = entry.at;
    d.last_at = entry.at;
  }

  if (IsRecord(entry.action)) {
    recorders_.insert(entry.user);
  } else if (entry.action != "read_worklist") {
    read_persons_[entry.user].insert(person);
    last_reads_[entry.user].Add(entry.at);
  }

  if (const auto local = ToSwedishLocalTime(entry.at);
      local && (!IsWorkingDay(local->date) || local->minute_of_day < options_.working_day_starts ||
                local->minute_of_day >= options_.working_day_ends))
    flags_[{ReviewFlagKind::kOutsideWorkingHours, entry.user, person}].Add(entry.at);

  if (entry.ground == "ownership" && !options_.owner_units.empty() &&
      std::find(options_.owner_units.begin(), options_.owner_units.end(), entry.unit) == options_.owner_units.end())
    flags_[{ReviewFlagKind::kOtherUnit, entry.user, person}].Add(entry.at);
}

AccessReview AccessReviewBuilder::Finish() const {
  AccessReview review = review_;
  for (const auto& [id, user] : users_) review.users.push_back(user);
  for (const auto& [key, d] : disclosures_) review.disclosures.push_back(d);
  auto flags = flags_;
  for (const auto& [user, persons] : read_persons_) {
    if (static_cast<int64_t>(persons.size()) < options_.many_persons || recorders_.count(user)) continue;
    Span span = last_reads_.at(user);
    span.count = static_cast<int64_t>(persons.size());
    flags[{ReviewFlagKind::kManyPersonsWithoutRecords, user, ""}] = span;
  }
  for (const auto& [key, span] : flags)
    review.flags.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), span.count, span.first_at, span.last_at});
  return review;
}

}  // namespace rattvag
