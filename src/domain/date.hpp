// Calendar dates without time of day or zone (DOMAIN.md uses ISO `YYYY-MM-DD` throughout).
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rattvag {

// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
// Cheap to copy and compare; all arithmetic is exact.
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::chrono::sys_days days) : days_(days.time_since_epoch().count()) {}
  // REQUIRES: the triple is a valid date (use FromYmd to check).
  constexpr Date(int year, unsigned month, unsigned day)
      : Date(std::chrono::sys_days(std::chrono::year_month_day(
            std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)))) {}

  // The date, or nothing when the triple is not a real date (e.g. 2023-02-29).
  static std::optional<Date> FromYmd(int year, unsigned month, unsigned day);
  // Parses exactly `YYYY-MM-DD` (years 1000–9999); nothing on any other text or an impossible date.
  static std::optional<Date> Parse(std::string_view text);
  static constexpr Date FromDaysSinceEpoch(int32_t days) { Date d; d.days_ = days; return d; }

  constexpr int32_t DaysSinceEpoch() const { return days_; }
  constexpr std::chrono::sys_days SysDays() const { return std::chrono::sys_days(std::chrono::days(days_)); }
  constexpr std::chrono::year_month_day Ymd() const { return std::chrono::year_month_day(SysDays()); }
  int Year() const { return static_cast<int>(Ymd().year()); }
  unsigned Month() const { return static_cast<unsigned>(Ymd().month()); }
  unsigned Day() const { return static_cast<unsigned>(Ymd().day()); }
  // ISO weekday: 1 = Monday … 7 = Sunday.
  unsigned IsoWeekday() const { return std::chrono::weekday(SysDays()).iso_encoding(); }

  constexpr Date AddDays(int32_t days) const { return FromDaysSinceEpoch(days_ + days); }
  // Calendar months later (or earlier when negative), clamped to the last day of the target
  // month: 2014-12-31 + 2 months = 2015-02-28 (DOMAIN.md §5.4).
  Date AddMonthsClamped(int months) const;
  // Whole years from `this` to `later` counted on anniversaries: the anniversary day itself
  // completes the year; a 29 February start has its anniversary on 28 February in common years.
  // REQUIRES: later >= *this.
  int WholeYearsUntil(Date later) const;
  // Days from `this` to `other` (negative when other is earlier).
  constexpr int32_t DaysUntil(Date other) const { return other.days_ - days_; }

  std::string ToString() const;  // `YYYY-MM-DD`

  constexpr auto operator<=>(const Date&) const = default;

 private:
  int32_t days_ = 0;
};

// A moment as ISO 8601 in UTC with milliseconds, e.g. 2026-11-27T08:21:03.123Z, from seconds
// (and milliseconds) since 1970-01-01T00:00:00Z. REQUIRES: 0 <= milliseconds < 1000.
std::string FormatUtcTimestamp(int64_t seconds, int milliseconds = 0);

}  // namespace rattvag
