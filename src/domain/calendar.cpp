#include "domain/calendar.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>

namespace rattvag {

namespace {

constexpr int kClosedDaysPerYear = 16;
using ClosedDayArray = std::array<ClosedDay, kClosedDaysPerYear>;

// The first day in [first, first + 6] that falls on `iso_weekday` (1 = Monday … 7 = Sunday).
Date FirstWeekdayFrom(Date first, unsigned iso_weekday) {
  const unsigned offset = (iso_weekday + 7 - first.IsoWeekday()) % 7;
  return first.AddDays(static_cast<int32_t>(offset));
}

// The public holidays and closed eves of DOMAIN.md §7, in the order the section lists them
// (not sorted by date). Allocates nothing, so the fallback path of IsClosedDay can use it.
ClosedDayArray ClosedDaysUnsorted(int year) {
  const Date easter = EasterSunday(year);
  return ClosedDayArray{{
      {Date(year, 1, 1), "nyårsdagen", true},
      {Date(year, 1, 6), "trettondedag jul", true},
      {easter.AddDays(-2), "långfredagen", true},
      {easter, "påskdagen", true},
      {easter.AddDays(1), "annandag påsk", true},
      {Date(year, 5, 1), "första maj", true},
      {easter.AddDays(39), "Kristi himmelfärdsdag", true},
      {easter.AddDays(49), "pingstdagen", true},
      {Date(year, 6, 6), "nationaldagen", true},
      // Midsommarafton is the Friday 19–25 June; midsommardagen the Saturday 20–26 June.
      {FirstWeekdayFrom(Date(year, 6, 19), 5), "midsommarafton", false},
      {FirstWeekdayFrom(Date(year, 6, 20), 6), "midsommardagen", true},
      // Alla helgons dag is the Saturday 31 October – 6 November.
      {FirstWeekdayFrom(Date(year, 10, 31), 6), "alla helgons dag", true},
      {Date(year, 12, 24), "julafton", false},
      {Date(year, 12, 25), "juldagen", true},
      {Date(year, 12, 26), "annandag jul", true},
      {Date(year, 12, 31), "nyårsafton", false},
  }};
}

bool IsClosedDayComputed(Date date) {
  for (const ClosedDay& closed : ClosedDaysUnsorted(date.Year()))
    if (closed.date == date) return true;
  return false;
}

// Closed days and working days of 1900-01-01 … 2200-12-31 as bitsets indexed by the day's
// offset from the first day, built once. Reports call IsWorkingDay millions of times, so a
// lookup is one weekday-free bit test and WorkingDaysAfter is two prefix counts.
constexpr int32_t kTableFirstDay = Date(1900, 1, 1).DaysSinceEpoch();
constexpr int32_t kTableLastDay = Date(2200, 12, 31).DaysSinceEpoch();
constexpr int32_t kTableDays = kTableLastDay - kTableFirstDay + 1;
constexpr int32_t kTableWords = (kTableDays + 63) / 64;

class DayTable {
 public:
  DayTable() {
    const int first_year = Date::FromDaysSinceEpoch(kTableFirstDay).Year();
    const int last_year = Date::FromDaysSinceEpoch(kTableLastDay).Year();
    for (int year = first_year; year <= last_year; ++year)
      for (const ClosedDay& closed : ClosedDaysUnsorted(year)) Set(closed_, Index(closed.date));
    for (int32_t day = kTableFirstDay; day <= kTableLastDay; ++day) {
      const Date date = Date::FromDaysSinceEpoch(day);
      if (date.IsoWeekday() <= 5 && !Test(closed_, Index(date))) Set(working_, Index(date));
    }
    int32_t count = 0;
    for (int32_t word = 0; word < kTableWords; ++word) {
      working_before_[word] = count;
      count += std::popcount(working_[word]);
    }
  }

  static bool Covers(Date date) {
    return date.DaysSinceEpoch() >= kTableFirstDay && date.DaysSinceEpoch() <= kTableLastDay;
  }
  // REQUIRES: Covers(date) for the three functions below.
  bool IsClosed(Date date) const { return Test(closed_, Index(date)); }
  bool IsWorking(Date date) const { return Test(working_, Index(date)); }
  // Working days in [first day of the table, date].
  int32_t WorkingDaysThrough(Date date) const {
    const int32_t index = Index(date);
    const int32_t bit = index % 64;
    const uint64_t mask = bit == 63 ? ~uint64_t{0} : (uint64_t{1} << (bit + 1)) - 1;
    return working_before_[index / 64] + std::popcount(working_[index / 64] & mask);
  }

 private:
  using Bits = std::array<uint64_t, kTableWords>;
  static int32_t Index(Date date) { return date.DaysSinceEpoch() - kTableFirstDay; }
  static void Set(Bits& bits, int32_t index) { bits[index / 64] |= uint64_t{1} << (index % 64); }
  static bool Test(const Bits& bits, int32_t index) { return (bits[index / 64] >> (index % 64)) & 1; }

  Bits closed_{};
  Bits working_{};
  std::array<int32_t, kTableWords> working_before_{};
};

// Thread-safe: a function-local static is initialised exactly once, and is read-only after.
const DayTable& Table() {
  static const DayTable table;
  return table;
}

}  // namespace

// DOMAIN.md §7: Easter Sunday by the Gregorian computus, here the anonymous Gregorian algorithm
// (Meeus/Jones/Butcher). The unit test checks it against Gauss's algorithm.
Date EasterSunday(int year) {
  assert(year >= 1583 && year <= 9999);
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return Date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// DOMAIN.md §7.
std::vector<ClosedDay> ClosedDays(int year) {
  const ClosedDayArray unsorted = ClosedDaysUnsorted(year);
  std::vector<ClosedDay> days(unsorted.begin(), unsorted.end());
  std::stable_sort(days.begin(), days.end(),
                   [](const ClosedDay& a, const ClosedDay& b) { return a.date < b.date; });
  return days;
}

bool IsClosedDay(Date date) {
  return DayTable::Covers(date) ? Table().IsClosed(date) : IsClosedDayComputed(date);
}

bool IsWorkingDay(Date date) {
  if (DayTable::Covers(date)) return Table().IsWorking(date);
  return date.IsoWeekday() <= 5 && !IsClosedDayComputed(date);
}

Date NthWorkingDayAfter(Date day, int n) {
  assert(n >= 1);
  Date d = day;
  while (n > 0) {
    d = d.AddDays(1);
    if (IsWorkingDay(d)) --n;
  }
  return d;
}

int WorkingDaysAfter(Date from, Date to) {
  if (to <= from) return 0;
  if (DayTable::Covers(from) && DayTable::Covers(to)) {
    const DayTable& table = Table();
    return table.WorkingDaysThrough(to) - table.WorkingDaysThrough(from);
  }
  int count = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1))
    if (IsWorkingDay(d)) ++count;
  return count;
}

}  // namespace rattvag
