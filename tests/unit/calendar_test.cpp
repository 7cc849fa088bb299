// Swedish working days (DOMAIN.md §7). Expected values come from a hand-written table of the
// published calendar (tests/data/swedish_closed_days_2012_2030.txt), from a second Easter
// algorithm written here, and from working-day counts done by hand in the comments.
#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>

namespace rattvag {
namespace {

// Easter Sunday by Gauss's algorithm with the Gregorian corrections M and N and his two
// exceptions. Deliberately a different method from the anonymous Gregorian algorithm used in
// calendar.cpp.
Date GaussEaster(int year) {
  const int k = year / 100;
  const int p = (13 + 8 * k) / 25;
  const int q = k / 4;
  const int big_m = (15 - p + k - q) % 30;
  const int big_n = (4 + k - q) % 7;
  const int a = year % 19, b = year % 4, c = year % 7;
  const int d = (19 * a + big_m) % 30;
  const int e = (2 * b + 4 * c + 6 * d + big_n) % 7;
  if (d == 29 && e == 6) return Date(year, 4, 19);
  if (d == 28 && e == 6 && (11 * big_m + 11) % 30 < 19) return Date(year, 4, 18);
  return Date(year, 3, 22).AddDays(d + e);  // March 22 + d + e, rolling into April.
}

TEST(CalendarEaster, MatchesGaussForEveryYear1900To2200) {
  for (int year = 1900; year <= 2200; ++year) {
    SCOPED_TRACE(year);
    const Date easter = EasterSunday(year);
    EXPECT_EQ(easter, GaussEaster(year)) << easter.ToString() << " vs " << GaussEaster(year).ToString();
    EXPECT_EQ(easter.IsoWeekday(), 7u);
  }
}

TEST(CalendarEaster, KnownDates) {
  // Published Easter Sundays, including the extremes 22 March (1818, 2285) and 25 April (1943,
  // 2038) and Gauss's exception years 1954 and 1981 (both 18/19 April).
  const std::pair<int, const char*> kCases[] = {
      {1818, "1818-03-22"}, {1943, "1943-04-25"}, {1954, "1954-04-18"}, {1981, "1981-04-19"},
      {2000, "2000-04-23"}, {2008, "2008-03-23"}, {2011, "2011-04-24"}, {2038, "2038-04-25"},
      {2049, "2049-04-18"}, {2285, "2285-03-22"},
  };
  for (const auto& [year, expected] : kCases) EXPECT_EQ(EasterSunday(year), Date::Parse(expected)) << year;
}

struct TableRow {
  std::string kind;  // "helgdag" or "afton".
  std::string name;
};

// Reads tests/data/swedish_closed_days_2012_2030.txt, found relative to this source file.
std::map<Date, TableRow> ReadClosedDayTable() {
  const std::filesystem::path path =
      std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / "swedish_closed_days_2012_2030.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::map<Date, TableRow> table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string date_text, kind, name, word;
    fields >> date_text >> kind;
    while (fields >> word) name += (name.empty() ? "" : " ") + word;
    const std::optional<Date> date = Date::Parse(date_text);
    EXPECT_TRUE(date.has_value()) << line;
    EXPECT_TRUE(kind == "helgdag" || kind == "afton") << line;
    if (date) {
      EXPECT_TRUE(table.emplace(*date, TableRow{kind, name}).second) << "duplicate " << line;
    }
  }
  return table;
}

TEST(CalendarClosedDays, EqualHandWrittenTable2012To2030) {
  const std::map<Date, TableRow> table = ReadClosedDayTable();
  ASSERT_EQ(table.size(), 19u * 16u);
  for (int year = 2012; year <= 2030; ++year) {
    SCOPED_TRACE(year);
    std::map<Date, TableRow> ours;
    Date previous;
    bool first = true;
    for (const ClosedDay& day : ClosedDays(year)) {
      EXPECT_EQ(day.date.Year(), year);
      if (!first) {
        EXPECT_LT(previous, day.date) << "not in date order";
      }
      previous = day.date;
      first = false;
      ours.emplace(day.date, TableRow{day.public_holiday ? "helgdag" : "afton", std::string(day.name)});
    }
    // Our days are all in the table, with the same name and kind …
    for (const auto& [date, row] : ours) {
      auto it = table.find(date);
      if (it == table.end()) {
        ADD_FAILURE() << "closed in our calendar but not in the table: " << date.ToString() << " " << row.name;
        continue;
      }
      EXPECT_EQ(it->second.name, row.name) << date.ToString();
      EXPECT_EQ(it->second.kind, row.kind) << date.ToString();
    }
    // … and every day of the table for this year is one of ours.
    for (const auto& [date, row] : table)
      if (date.Year() == year && !ours.contains(date)) {
        ADD_FAILURE() << "in the table but not closed in our calendar: " << date.ToString() << " " << row.name;
      }
  }
}

TEST(CalendarClosedDays, IsClosedDayAndIsWorkingDayAgreeWithTable) {
  const std::map<Date, TableRow> table = ReadClosedDayTable();
  for (Date d = Date(2012, 1, 1); d <= Date(2030, 12, 31); d = d.AddDays(1)) {
    const bool closed = table.contains(d);
    ASSERT_EQ(IsClosedDay(d), closed) << d.ToString();
    ASSERT_EQ(IsWorkingDay(d), d.IsoWeekday() <= 5 && !closed) << d.ToString();
  }
}

TEST(CalendarWorkingDay, SpotChecks) {
  const std::pair<const char*, bool> kCases[] = {
      {"2024-05-10", true},   // Friday after Kristi himmelfärdsdag (a "klämdag") is a working day.
      {"2024-06-06", false},  // Nationaldagen on a Thursday.
      {"2024-06-21", false},  // Midsommarafton.
      {"2024-12-24", false},  // Julafton on a Tuesday.
      {"2024-12-27", true},   // Between Christmas and New Year.
      {"2025-01-06", false},  // Trettondedag jul on a Monday.
      {"2025-04-30", true},   // Valborgsmässoafton is not closed (DOMAIN.md §7 does not list it).
      {"2025-06-09", true},   // Whit Monday is no longer a holiday in Sweden.
      {"2024-11-01", true},   // The Friday before alla helgons dag is a working day.
      {"2024-06-01", false},  // An ordinary Saturday.
      {"2024-06-03", true},   // An ordinary Monday.
  };
  for (const auto& [text, working] : kCases) EXPECT_EQ(IsWorkingDay(*Date::Parse(text)), working) << text;
}

struct WithinCase {
  const char* day;       // The referral day D.
  const char* third;     // Expected NthWorkingDayAfter(D, 3).
  const char* why;       // The hand count.
};

TEST(CalendarWorkingDay, ThirdWorkingDayAfterByHand) {
  const WithinCase kCases[] = {
      // Easter 2024 (påskdagen 31 Mar): Maundy Thursday 28 Mar; Fri 29 långfredagen, Sat, Sun,
      // Mon 1 Apr annandag påsk are closed; Tue 2 (1), Wed 3 (2), Thu 4 (3).
      {"2024-03-28", "2024-04-04", "Maundy Thursday 2024"},
      // The Wednesday before: Thu 28 Mar (1), Tue 2 Apr (2), Wed 3 Apr (3).
      {"2024-03-27", "2024-04-03", "Wednesday before Easter 2024"},
      // Easter 2025 (20 Apr): Maundy Thursday 17 Apr; Tue 22 (1), Wed 23 (2), Thu 24 (3).
      {"2025-04-17", "2025-04-24", "Maundy Thursday 2025"},
      // Good Friday itself as referral day: Tue 22 (1), Wed 23 (2), Thu 24 (3).
      {"2025-04-18", "2025-04-24", "Good Friday 2025"},
      // Midsommar 2024: Thu 20 Jun; Fri 21 midsommarafton closed; Mon 24 (1), Tue 25 (2), Wed 26 (3).
      {"2024-06-20", "2024-06-26", "day before midsommarafton 2024"},
      // Midsommar 2025: Wed 18 Jun; Thu 19 (1), Fri 20 closed, Mon 23 (2), Tue 24 (3).
      {"2025-06-18", "2025-06-24", "two days before midsommarafton 2025"},
      // Christmas 2024: Mon 23 Dec; Tue 24, Wed 25, Thu 26 closed; Fri 27 (1), Mon 30 (2),
      // Tue 31 nyårsafton and Wed 1 Jan closed, Thu 2 Jan (3).
      {"2024-12-23", "2025-01-02", "Christmas 2024 into 2025"},
      // Fri 27 Dec 2024: Mon 30 (1), Thu 2 Jan (2), Fri 3 Jan (3).
      {"2024-12-27", "2025-01-03", "between the holidays 2024"},
      // Fri 3 Jan 2025: weekend, Mon 6 Jan trettondedag jul closed; Tue 7 (1), Wed 8 (2), Thu 9 (3).
      {"2025-01-03", "2025-01-09", "before trettondedag jul 2025"},
      // Christmas 2025: Tue 23 Dec; Wed 24, Thu 25, Fri 26 closed; Mon 29 (1), Tue 30 (2),
      // Wed 31 and Thu 1 Jan closed; Fri 2 Jan 2026 (3).
      {"2025-12-23", "2026-01-02", "Christmas 2025 into 2026"},
      // Kristi himmelfärdsdag 2024 is Thu 9 May: Tue 7 May; Wed 8 (1), Fri 10 (2), Mon 13 (3).
      {"2024-05-07", "2024-05-13", "Ascension 2024"},
      // Kristi himmelfärdsdag 2025 is Thu 29 May: Wed 28 May; Fri 30 (1), Mon 2 Jun (2), Tue 3 (3).
      {"2025-05-28", "2025-06-03", "Ascension 2025"},
      // Nationaldagen on a Thursday (2024): Wed 5 Jun; Fri 7 (1), Mon 10 (2), Tue 11 (3).
      {"2024-06-05", "2024-06-11", "National Day on Thursday 2024"},
      // Nationaldagen on a Friday (2025): Wed 4 Jun; Thu 5 (1), Mon 9 (2), Tue 10 (3).
      {"2025-06-04", "2025-06-10", "National Day on Friday 2025"},
      // Nationaldagen on a Tuesday (2023): Mon 5 Jun; Wed 7 (1), Thu 8 (2), Fri 9 (3).
      {"2023-06-05", "2023-06-09", "National Day on Tuesday 2023"},
      // Nationaldagen on a Saturday (2026) costs nothing: Thu 4 Jun; Fri 5 (1), Mon 8 (2), Tue 9 (3).
      {"2026-06-04", "2026-06-09", "National Day on Saturday 2026"},
      // An ordinary week: Mon 3 Jun 2024; Tue 4 (1), Wed 5 (2), Fri 7 (3) since Thu 6 is closed.
      {"2024-06-03", "2024-06-07", "week of National Day 2024"},
      // An ordinary Friday, Fri 15 Nov 2024: Mon 18 (1), Tue 19 (2), Wed 20 (3).
      {"2024-11-15", "2024-11-20", "ordinary Friday"},
  };
  for (const WithinCase& c : kCases) {
    SCOPED_TRACE(c.why);
    const Date day = *Date::Parse(c.day);
    const Date third = *Date::Parse(c.third);
    EXPECT_EQ(NthWorkingDayAfter(day, 3), third) << NthWorkingDayAfter(day, 3).ToString();
    // "Within 3 working days" (DOMAIN.md §7): contact on the third working day is in time, so
    // exactly 3 working days lie after D up to it, and the day before it has at most 2.
    EXPECT_EQ(WorkingDaysAfter(day, third), 3);
    EXPECT_EQ(WorkingDaysAfter(day, third.AddDays(-1)), 2);
  }
}

struct CountCase {
  const char* from;
  const char* to;
  int expected;
  const char* why;
};

TEST(CalendarWorkingDay, WorkingDaysAfterByHand) {
  const CountCase kCases[] = {
      {"2024-03-28", "2024-03-28", 0, "same day"},
      {"2024-04-04", "2024-03-28", 0, "to before from"},
      {"2024-03-28", "2024-04-01", 0, "Maundy Thursday to annandag påsk: all closed"},
      {"2024-03-28", "2024-04-05", 4, "Tue 2, Wed 3, Thu 4, Fri 5 Apr"},
      {"2024-12-23", "2025-01-06", 4, "Fri 27, Mon 30 Dec, Thu 2, Fri 3 Jan; Mon 6 Jan closed"},
      {"2024-12-23", "2025-01-07", 5, "as above plus Tue 7 Jan"},
      {"2025-12-23", "2026-01-02", 3, "Mon 29, Tue 30 Dec, Fri 2 Jan"},
      {"2024-06-20", "2024-06-23", 0, "midsommarafton and the weekend"},
      {"2024-05-08", "2024-05-10", 1, "Ascension Thu 9 closed, Fri 10 open"},
      {"2024-06-03", "2024-06-09", 3, "Tue 4, Wed 5, Fri 7; Thu 6 National Day"},
      // A whole year: 2024 has 366 days, 104 weekend days (52 weeks and 2 days, Mon 1 and Tue
      // 31 Dec), so 262 weekdays. Closed weekdays: 1 Jan (Mon), 29 Mar, 1 Apr, 1 May (Wed),
      // 9 May, 6 Jun (Thu), 21 Jun, 24, 25, 26 Dec (Tue–Thu), 31 Dec (Tue) = 11; 6 Jan is a
      // Saturday. 262 - 11 = 251.
      {"2023-12-31", "2024-12-31", 251, "all of 2024"},
      // 2025: 365 days, 104 weekend days (starts Wed), 261 weekdays. Closed weekdays: 1 Jan
      // (Wed), 6 Jan (Mon), 18 Apr, 21 Apr, 1 May (Thu), 29 May, 6 Jun (Fri), 20 Jun, 24, 25,
      // 26 Dec (Wed–Fri), 31 Dec (Wed) = 12. 261 - 12 = 249.
      {"2024-12-31", "2025-12-31", 249, "all of 2025"},
  };
  for (const CountCase& c : kCases) {
    EXPECT_EQ(WorkingDaysAfter(*Date::Parse(c.from), *Date::Parse(c.to)), c.expected) << c.why;
  }
}

// A plain day-by-day count, independent of the fast path in calendar.cpp.
int CountDayByDay(Date from, Date to) {
  int count = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1)) count += IsWorkingDay(d) ? 1 : 0;
  return count;
}

TEST(CalendarWorkingDay, ConsistentAcrossYearsAndTableEdges) {
  // Around the ends of the precomputed range (1900–2200) and across many year boundaries, the
  // Nth working day and the count must agree with a plain day-by-day walk.
  const Date kStarts[] = {Date(1899, 12, 20), Date(1900, 12, 20), Date(1999, 12, 20), Date(2030, 12, 20),
                          Date(2199, 12, 20), Date(2200, 12, 20), Date(2201, 1, 2)};
  for (Date start : kStarts) {
    for (int offset = 0; offset < 20; ++offset) {
      const Date day = start.AddDays(offset);
      for (int n = 1; n <= 12; ++n) {
        const Date nth = NthWorkingDayAfter(day, n);
        ASSERT_TRUE(IsWorkingDay(nth)) << day.ToString() << " n=" << n;
        ASSERT_EQ(CountDayByDay(day, nth), n) << day.ToString() << " n=" << n;
        ASSERT_EQ(WorkingDaysAfter(day, nth), n) << day.ToString() << " n=" << n;
      }
      ASSERT_EQ(WorkingDaysAfter(day, day.AddDays(400)), CountDayByDay(day, day.AddDays(400))) << day.ToString();
    }
  }
  // Outside the table, closed days still follow DOMAIN.md §7: 2201-12-25 is juldagen and
  // 1899-06-06 nationaldagen; 2201-01-01 is nyårsdagen.
  EXPECT_TRUE(IsClosedDay(Date(2201, 12, 25)));
  EXPECT_TRUE(IsClosedDay(Date(1899, 6, 6)));
  EXPECT_TRUE(IsClosedDay(Date(2201, 1, 1)));
  EXPECT_FALSE(IsClosedDay(Date(2201, 1, 2)));
}

TEST(CalendarWorkingDay, FastEnoughForReports) {
  // Reports call IsWorkingDay millions of times. This is a smoke test, not a timed assertion:
  // two million calls take milliseconds with the table, and a per-call allocation creeping
  // back would show in this test's run time.
  int working = 0;
  const Date start(2000, 1, 1);
  for (int i = 0; i < 2'000'000; ++i) working += IsWorkingDay(start.AddDays(i % 36'500)) ? 1 : 0;
  EXPECT_GT(working, 0);
}

}  // namespace
}  // namespace rattvag
