// Calendar dates (src/domain/date.hpp). Table-driven at the boundaries: month ends, leap days,
// anniversaries (STYLE.md 10). Expected values are worked out by hand.
#include "domain/date.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace rattvag {
namespace {

TEST(DateParse, Valid) {
  struct Case {
    const char* text;
    int year;
    unsigned month, day;
  };
  const Case kCases[] = {
      {"2024-01-01", 2024, 1, 1},   {"2024-12-31", 2024, 12, 31}, {"2024-02-29", 2024, 2, 29},
      {"2000-02-29", 2000, 2, 29},  {"1000-01-01", 1000, 1, 1},   {"9999-12-31", 9999, 12, 31},
      {"1970-01-01", 1970, 1, 1},   {"1969-12-31", 1969, 12, 31}, {"2023-04-30", 2023, 4, 30},
  };
  for (const Case& c : kCases) {
    const std::optional<Date> date = Date::Parse(c.text);
    ASSERT_TRUE(date.has_value()) << c.text;
    EXPECT_EQ(date->Year(), c.year) << c.text;
    EXPECT_EQ(date->Month(), c.month) << c.text;
    EXPECT_EQ(date->Day(), c.day) << c.text;
    EXPECT_EQ(date->ToString(), c.text);
  }
}

TEST(DateParse, Invalid) {
  const char* kCases[] = {
      "",            "2024-1-01",   "2024-01-1",   "24-01-01",     "2024/01/01", "20240101",
      "2024-01-01 ", " 2024-01-01", "2024-01-01T00:00", "2024-00-10", "2024-13-01", "2024-01-00",
      "2024-01-32",  "2023-02-29",  "1900-02-29",  "2100-02-29",   "2024-02-30", "2024-04-31",
      "2024-06-31",  "2024-09-31",  "2024-11-31",  "0999-12-31",   "abcd-ef-gh", "2024-0a-01",
      "+024-01-01",  "2024--1-01",  "2024-01--1",  "2024-01-01-",
  };
  for (const char* text : kCases) EXPECT_FALSE(Date::Parse(text).has_value()) << '"' << text << '"';
}

TEST(DateFromYmd, RejectsOutOfRangeFields) {
  // Regression: std::chrono stores the month and day in an unsigned char and the year in a
  // short, so FromYmd(2020, 257, 1) used to wrap to 2020-01-01 and year 67536 to 2000.
  EXPECT_FALSE(Date::FromYmd(2020, 257, 1).has_value());
  EXPECT_FALSE(Date::FromYmd(2020, 1, 257).has_value());
  EXPECT_FALSE(Date::FromYmd(2020, 13, 1).has_value());
  EXPECT_FALSE(Date::FromYmd(2020, 0, 1).has_value());
  EXPECT_FALSE(Date::FromYmd(67536, 1, 1).has_value());
  EXPECT_FALSE(Date::FromYmd(2021, 2, 29).has_value());
  EXPECT_EQ(Date::FromYmd(2020, 2, 29), Date(2020, 2, 29));
}

TEST(Date, EpochAndWeekday) {
  EXPECT_EQ(Date(1970, 1, 1).DaysSinceEpoch(), 0);
  EXPECT_EQ(Date(1970, 1, 2).DaysSinceEpoch(), 1);
  EXPECT_EQ(Date(1969, 12, 31).DaysSinceEpoch(), -1);
  EXPECT_EQ(Date(2000, 1, 1).DaysSinceEpoch(), 10957);  // 30 years of 365 days + 7 leap days.
  EXPECT_EQ(Date(1970, 1, 1).IsoWeekday(), 4u);          // A Thursday.
  EXPECT_EQ(Date(2024, 6, 6).IsoWeekday(), 4u);          // Nationaldagen 2024, a Thursday.
  EXPECT_EQ(Date(2024, 6, 9).IsoWeekday(), 7u);          // A Sunday.
  EXPECT_EQ(Date(2024, 2, 28).AddDays(1), Date(2024, 2, 29));
  EXPECT_EQ(Date(2023, 2, 28).AddDays(1), Date(2023, 3, 1));
  EXPECT_EQ(Date(2024, 12, 31).AddDays(1), Date(2025, 1, 1));
  EXPECT_EQ(Date(2024, 1, 1).DaysUntil(Date(2025, 1, 1)), 366);
  EXPECT_EQ(Date(2025, 1, 1).DaysUntil(Date(2024, 1, 1)), -366);
}

TEST(DateAddMonthsClamped, MonthEndsAndLeapYears) {
  struct Case {
    const char* from;
    int months;
    const char* expected;
  };
  const Case kCases[] = {
      {"2014-12-31", 2, "2015-02-28"},   // DOMAIN.md §5.4: clamped to the end of February.
      {"2015-12-31", 2, "2016-02-29"},   // Leap year: 29 February exists.
      {"2014-01-30", 1, "2014-02-28"},
      {"2016-01-31", 1, "2016-02-29"},
      {"2014-01-31", 3, "2014-04-30"},   // April has 30 days.
      {"2014-03-31", -1, "2014-02-28"},  // Backwards clamps too.
      {"2016-03-31", -1, "2016-02-29"},
      {"2014-05-15", 0, "2014-05-15"},
      {"2014-11-30", 2, "2015-01-30"},   // Across the year end, no clamping needed.
      {"2014-12-15", 1, "2015-01-15"},
      {"2015-01-15", -1, "2014-12-15"},
      {"2016-02-29", 12, "2017-02-28"},  // A leap day one year on.
      {"2016-02-29", 48, "2020-02-29"},  // Four years on it exists again.
      {"2014-08-31", 18, "2016-02-29"},
      {"2014-08-31", -18, "2013-02-28"},
      {"2014-06-30", 1, "2014-07-30"},   // The day is kept, not moved to the month end.
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(Date::Parse(c.from)->AddMonthsClamped(c.months).ToString(), c.expected)
        << c.from << " + " << c.months << " months";
  }
}

TEST(DateWholeYearsUntil, Anniversaries) {
  struct Case {
    const char* from;
    const char* to;
    int expected;
  };
  const Case kCases[] = {
      {"2000-05-10", "2000-05-10", 0},
      {"2000-05-10", "2001-05-09", 0},   // The day before the first anniversary.
      {"2000-05-10", "2001-05-10", 1},   // The anniversary completes the year.
      {"2000-05-10", "2018-05-09", 17},
      {"2000-05-10", "2018-05-10", 18},
      {"2000-12-31", "2001-12-30", 0},
      {"2000-12-31", "2001-12-31", 1},
      {"2000-01-01", "2000-12-31", 0},
      // A 29 February start has its anniversary on 28 February in common years.
      {"2000-02-29", "2001-02-27", 0},
      {"2000-02-29", "2001-02-28", 1},
      {"2000-02-29", "2001-03-01", 1},
      {"2000-02-29", "2004-02-28", 3},   // 2004 is a leap year: the anniversary is 29 February.
      {"2000-02-29", "2004-02-29", 4},
      {"2004-02-29", "2022-02-27", 17},
      {"2004-02-29", "2022-02-28", 18},
      // A 28 February start in a leap year is not moved.
      {"2004-02-28", "2005-02-27", 0},
      {"2004-02-28", "2005-02-28", 1},
      {"1924-06-01", "2024-05-31", 99},
      {"1924-06-01", "2024-06-01", 100},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(Date::Parse(c.from)->WholeYearsUntil(*Date::Parse(c.to)), c.expected) << c.from << " .. " << c.to;
  }
}

}  // namespace
}  // namespace rattvag

namespace rattvag {
namespace {

// Worked out by hand: 2026-06-01 is day 20,605 after 1970-01-01 (56 years with 14 leap days,
// then 151 days of January–May).
TEST(UtcTimestamp, FormatsSecondsAndMilliseconds) {
  EXPECT_EQ(FormatUtcTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtcTimestamp(1'780'272'000), "2026-06-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtcTimestamp(1'780'272'000 + 3661, 7), "2026-06-01T01:01:01.007Z");
  EXPECT_EQ(FormatUtcTimestamp(1'780'272'000 - 1, 999), "2026-05-31T23:59:59.999Z");
  EXPECT_EQ(FormatUtcTimestamp(-1), "1969-12-31T23:59:59.000Z");
}

}  // namespace
}  // namespace rattvag
