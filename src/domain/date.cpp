#include "domain/date.hpp"

#include <cstdio>

namespace rattvag {

namespace {
bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

std::optional<Date> Date::FromYmd(int year, unsigned month, unsigned day) {
  // std::chrono keeps the month and day in an unsigned char and the year in a short, so e.g.
  // month 257 would silently become January and year 67536 the year 2000: range-check first.
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (year < static_cast<int>(std::chrono::year::min()) || year > static_cast<int>(std::chrono::year::max()))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!ymd.ok()) return std::nullopt;
  return Date(std::chrono::sys_days(ymd));
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d) || y[0] == '0') return std::nullopt;
  return FromYmd(ToInt(y), static_cast<unsigned>(ToInt(m)), static_cast<unsigned>(ToInt(d)));
}

Date Date::AddMonthsClamped(int months) const {
  using namespace std::chrono;
  year_month_day ymd = Ymd();
  year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
  year_month_day_last last(ym.year(), month_day_last(ym.month()));
  day d = ymd.day() > last.day() ? last.day() : ymd.day();
  return Date(sys_days(year_month_day(ym.year(), ym.month(), d)));
}

int Date::WholeYearsUntil(Date later) const {
  int years = later.Year() - Year();
  if (years > 0 && AddMonthsClamped(12 * years) > later) --years;
  return years;
}

std::string Date::ToString() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", Year(), Month(), Day());
  return buffer;
}

std::string FormatUtcTimestamp(int64_t seconds, int milliseconds) {
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const Date date = Date::FromDaysSinceEpoch(static_cast<int32_t>(days));
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%03dZ", date.ToString().c_str(), static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60), milliseconds);
  return buffer;
}

}  // namespace rattvag
