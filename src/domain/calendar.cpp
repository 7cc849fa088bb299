#include "domain/calendar.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <mutex>

namespace rattvag {

namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;

// The Saturday (ISO weekday 6) or Friday (5) in [first, first + 6].
Date WeekdayInRange(Date first, unsigned iso_weekday) {
  Date d = first;
  while (d.IsoWeekday() != iso_weekday) d = d.AddDays(1);
  return d;
}

// Closed days of each year 1900–2200, computed once; IsClosedDay is then a small search.
struct Table {
  std::vector<std::vector<int32_t>> days;  // [year - kFirstYear] -> sorted days since epoch.
  Table() {
    days.resize(kLastYear - kFirstYear + 1);
    for (int y = kFirstYear; y <= kLastYear; ++y)
      for (const auto& c : ClosedDays(y)) days[y - kFirstYear].push_back(c.date.DaysSinceEpoch());
  }
};

const Table& ClosedTable() {
  static const Table table;
  return table;
}

}  // namespace

Date EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return Date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// DOMAIN.md §7.
std::vector<ClosedDay> ClosedDays(int year) {
  const Date easter = EasterSunday(year);
  std::vector<ClosedDay> days = {
      {Date(year, 1, 1), "nyårsdagen", true},
      {Date(year, 1, 6), "trettondedag jul", true},
      {easter.AddDays(-2), "långfredagen", true},
      {easter, "påskdagen", true},
      {easter.AddDays(1), "annandag påsk", true},
      {Date(year, 5, 1), "första maj", true},
      {easter.AddDays(39), "Kristi himmelfärdsdag", true},
      {easter.AddDays(49), "pingstdagen", true},
      {Date(year, 6, 6), "nationaldagen", true},
      {WeekdayInRange(Date(year, 6, 19), 5), "midsommarafton", false},
      {WeekdayInRange(Date(year, 6, 20), 6), "midsommardagen", true},
      {WeekdayInRange(Date(year, 10, 31), 6), "alla helgons dag", true},
      {Date(year, 12, 24), "julafton", false},
      {Date(year, 12, 25), "juldagen", true},
      {Date(year, 12, 26), "annandag jul", true},
      {Date(year, 12, 31), "nyårsafton", false},
  };
  std::stable_sort(days.begin(), days.end(), [](const ClosedDay& a, const ClosedDay& b) { return a.date < b.date; });
  return days;
}

bool IsClosedDay(Date date) {
  const int year = date.Year();
  if (year < kFirstYear || year > kLastYear) {
    for (const auto& c : ClosedDays(year))
      if (c.date == date) return true;
    return false;
  }
  const auto& days = ClosedTable().days[year - kFirstYear];
  return std::binary_search(days.begin(), days.end(), date.DaysSinceEpoch());
}

bool IsWorkingDay(Date date) { return date.IsoWeekday() <= 5 && !IsClosedDay(date); }

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
  int count = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1))
    if (IsWorkingDay(d)) ++count;
  return count;
}

}  // namespace rattvag
