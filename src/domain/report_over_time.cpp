#include "domain/report_over_time.hpp"

#include <algorithm>
#include <cassert>
#include <optional>

#include "domain/access.hpp"
#include "domain/suppression.hpp"

namespace rattvag {

void EbSeries::Add(const EbSeries& other) {
  opening += other.opening;
  if (months.size() < other.months.size()) months.resize(other.months.size());
  for (size_t i = 0; i < other.months.size(); ++i) {
    months[i].inflow += other.months[i].inflow;
    months[i].outflow += other.months[i].outflow;
    months[i].stock += other.months[i].stock;
  }
}

std::vector<Date> MonthStartsEndingAt(Date as_of, int months) {
  assert(months >= 1);
  std::vector<Date> starts;
  const Date last(as_of.Year(), as_of.Month(), 1);
  for (int i = months - 1; i >= 0; --i) starts.push_back(last.AddMonthsClamped(-i));
  return starts;
}

EbOverTimeBuilder::EbOverTimeBuilder(Date as_of, int months, std::vector<std::string> only)
    : as_of_(as_of), starts_(MonthStartsEndingAt(as_of, months)), only_(std::move(only)) {
  assert(months >= 1 && months <= kMaxOverTimeMonths);
  for (const auto& m : only_) series_[m].months.resize(starts_.size());
}

void EbOverTimeBuilder::AddPerson(std::span<const Event> events) {
  const Event* registration = nullptr;
  for (const auto& e : events) {
    if (e.date > as_of_) break;
    if (e.type == EventType::kTargetGroupIdentified) {
      registration = &e;
      break;
    }
  }
  if (!registration) return;
  const std::string& municipality = registration->municipality;
  EbSeries* series = nullptr;
  if (only_.empty()) {
    series = &series_[municipality];
    if (series->months.empty()) series->months.resize(starts_.size());
  } else if (auto it = series_.find(municipality); it != series_.end()) {
    series = &it->second;
  }
  if (!series) return;

  // The EB periods in that municipality, an end closing the earliest open one (as the report).
  struct Interval { Date from; std::optional<Date> to; };
  std::vector<Interval> periods;
  for (const auto& e : events) {
    if (e.date > as_of_) break;
    if (e.municipality != municipality) continue;
    if (e.type == EventType::kEbPeriodStarted) periods.push_back({e.date, std::nullopt});
    else if (e.type == EventType::kEbPeriodEnded)
      for (auto& p : periods)
        if (!p.to) { p.to = e.date; break; }
  }
  // In the group: from the later of the period's start and the registration; overlapping or
  // touching intervals are one.
  std::vector<Interval> in;
  for (const auto& p : periods) {
    Interval i{std::max(p.from, registration->date), p.to};
    if (i.to && *i.to <= i.from) continue;  // Left EB before registration (or the same day).
    in.push_back(i);
  }
  std::sort(in.begin(), in.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> merged;
  for (const auto& i : in) {
    if (!merged.empty() && (!merged.back().to || i.from <= *merged.back().to)) {
      if (merged.back().to && (!i.to || *i.to > *merged.back().to)) merged.back().to = i.to;
      continue;
    }
    merged.push_back(i);
  }

  const Date first = starts_.front();
  // The month index of a day on or after `first`.
  auto month_of = [&](Date d) {
    size_t m = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), d) - starts_.begin());
    return m - 1;
  };
  auto member_on = [&](Date d) {
    for (const auto& i : merged)
      if (i.from <= d && (!i.to || d < *i.to)) return true;
    return false;
  };
  series->opening += member_on(first.AddDays(-1));
  for (const auto& i : merged) {
    if (i.from >= first) ++series->months[month_of(i.from)].inflow;
    if (i.to && *i.to >= first) ++series->months[month_of(*i.to)].outflow;
  }
  for (size_t m = 0; m < starts_.size(); ++m) {
    const Date end = m + 1 < starts_.size() ? starts_[m + 1].AddDays(-1) : as_of_;
    series->months[m].stock += member_on(end);
  }
}

void EbOverTimeBuilder::Merge(const EbOverTimeBuilder& other) {
  for (const auto& [m, s] : other.series_) {
    auto& mine = series_[m];
    if (mine.months.empty()) mine.months.resize(starts_.size());
    mine.Add(s);
  }
}

EbOverTimeReport EbOverTimeBuilder::Finish() const {
  EbOverTimeReport report;
  report.as_of = as_of_;
  report.month_starts = starts_;
  report.municipalities = series_;
  report.total.months.resize(starts_.size());
  for (const auto& [m, s] : series_) report.total.Add(s);
  return report;
}

bool HiddenSeries::Any() const {
  return opening || std::any_of(months.begin(), months.end(),
                                [](const MonthFlow& m) { return m.inflow || m.outflow || m.stock; });
}

EbOverTimeSuppression SuppressEbOverTime(const EbOverTimeReport& report, std::span<const std::string> entitled,
                                         int threshold) {
  EbOverTimeSuppression out;
  out.threshold = threshold;
  const size_t months = report.month_starts.size();
  std::vector<const EbSeries*> columns;
  std::vector<bool> own;
  std::vector<HiddenSeries*> flags;
  bool all_entitled = true;
  for (const auto& [code, series] : report.municipalities) {
    const bool mine = std::find(entitled.begin(), entitled.end(), code) != entitled.end();
    all_entitled = all_entitled && mine;
    columns.push_back(&series);
    own.push_back(mine);
    flags.push_back(&out.municipalities[code]);
    flags.back()->months.resize(months);
  }
  out.total.months.resize(months);
  if (all_entitled) return out;
  const int total_column = static_cast<int>(columns.size());
  columns.push_back(&report.total);
  own.push_back(false);
  flags.push_back(&out.total);

  // The stocks (the opening one and each month's) are snapshots, like the follow-up as of
  // another date: each month's column of stocks is suppressed on its own, bound by the sum over
  // the municipalities. The flows of a column the viewer is not entitled to are all withheld:
  // with both unknown, a month's inflow and outflow do not follow from the stocks (only their
  // difference does, as it does from two follow-ups of different dates).
  const int columns_count = static_cast<int>(columns.size());
  const int per_column = 1 + static_cast<int>(months);  // Opening, then each month's stock.
  SuppressionTable table;
  for (int c = 0; c < columns_count; ++c) {
    auto add = [&](int64_t value) {
      SuppressionCell x;
      x.value = value;
      x.hideable = !own[c];
      x.preference = c == total_column ? 2 : 1;
      table.cells.push_back(x);
    };
    add(columns[c]->opening);
    for (size_t m = 0; m < months; ++m) add(columns[c]->months[m].stock);
  }
  if (total_column > 0)
    for (int cell = 0; cell < per_column; ++cell) {
      SuppressionEquation e;
      for (int c = 0; c < total_column; ++c) e.terms.push_back({c * per_column + cell, 1});
      e.terms.push_back({total_column * per_column + cell, -1});
      table.equations.push_back(std::move(e));
    }
  const std::vector<bool> hidden = SuppressCells(table, threshold);
  for (int c = 0; c < columns_count; ++c) {
    flags[c]->opening = hidden[c * per_column];
    for (int m = 0; m < static_cast<int>(months); ++m) {
      flags[c]->months[m].stock = hidden[c * per_column + 1 + m];
      flags[c]->months[m].inflow = flags[c]->months[m].outflow = !own[c];
    }
  }
  return out;
}

}  // namespace rattvag
