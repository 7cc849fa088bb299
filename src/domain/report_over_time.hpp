// The follow-up over time (DOMAIN.md §9 "Over time"): the target group on EB per month, with
// the month's inflow, outflow and stock.
//
// A cohort member (registered by the as-of date, counted under the municipality of their first
// registration, as in the rest of the follow-up) is *in the group on EB* on a day when they are
// registered by that day and have an EB period in that municipality open on it (start <= day <
// end: the end date is the day the person left EB). Per month: `inflow` counts the entries into
// that state during the month, `outflow` the exits, and `stock` the persons in it on the
// month's last day (the as-of date for the last month). `opening` is the stock on the day
// before the first month, so that stock = previous stock + inflow - outflow in every month.
// Events after the as-of date are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"

namespace rattvag {

inline constexpr int kMaxOverTimeMonths = 120;
inline constexpr int kDefaultOverTimeMonths = 24;

struct MonthFlow {
  int64_t inflow = 0;
  int64_t outflow = 0;
  int64_t stock = 0;
};

struct EbSeries {
  int64_t opening = 0;
  std::vector<MonthFlow> months;  // Oldest first.
  void Add(const EbSeries& other);
};

struct EbOverTimeReport {
  Date as_of;
  std::vector<Date> month_starts;  // The first day of each month, oldest first; the last is as_of's.
  std::map<std::string, EbSeries> municipalities;  // By SCB code.
  EbSeries total;
};

// The first days of the `months` months that end with as_of's month. REQUIRES: 1 <= months.
std::vector<Date> MonthStartsEndingAt(Date as_of, int months);

// Builds the series person by person (like FollowUpBuilder). Not thread-safe; Merge builders.
class EbOverTimeBuilder {
 public:
  // `only`: exactly these municipalities, zeros included; empty for every one with cohort members.
  // REQUIRES: 1 <= months <= kMaxOverTimeMonths.
  EbOverTimeBuilder(Date as_of, int months, std::vector<std::string> only);

  // REQUIRES: one person's events in case order (at least those of kEbOverTimeEventTypes).
  void AddPerson(std::span<const Event> events);
  void Merge(const EbOverTimeBuilder& other);
  EbOverTimeReport Finish() const;

 private:
  Date as_of_;
  std::vector<Date> starts_;
  std::vector<std::string> only_;
  std::map<std::string, EbSeries> series_;
};

// Which figures of the series a viewer not entitled to every municipality must not see. The
// stocks are snapshots like the follow-up of another as-of date: each month's (and the
// opening) stocks get the small-cell and complementary suppression of domain/suppression.hpp,
// bound by total = the sum of the municipalities. The inflow and outflow of a municipality the
// viewer is not entitled to (and of the total then) are all hidden: a month's flows are small
// counts, and with both hidden neither follows from the stocks (only their difference does, as
// from two follow-ups of different dates).
struct HiddenSeries {
  bool opening = false;
  std::vector<MonthFlow> months;  // 1 where hidden (inflow, outflow, stock).
  bool Any() const;
};
struct EbOverTimeSuppression {
  int threshold = 0;
  std::map<std::string, HiddenSeries> municipalities;  // Every municipality of the report.
  HiddenSeries total;
};
// `entitled`: the municipalities shown in full; the total is in full only when all are.
EbOverTimeSuppression SuppressEbOverTime(const EbOverTimeReport& report, std::span<const std::string> entitled,
                                         int threshold);

// The event types the series reads (bits 1 << type).
inline constexpr uint32_t kEbOverTimeEventTypes =
    (1u << static_cast<unsigned>(EventType::kEbPeriodStarted)) | (1u << static_cast<unsigned>(EventType::kEbPeriodEnded)) |
    (1u << static_cast<unsigned>(EventType::kTargetGroupIdentified));

}  // namespace rattvag
