// Swedish working days (DOMAIN.md §7): Monday–Friday that is neither a public holiday nor one of
// the de-facto closed eves (midsommarafton, julafton, nyårsafton). Pure; valid for 1900–2200.
#pragma once

#include <string_view>
#include <vector>

#include "domain/date.hpp"

namespace rattvag {

// Easter Sunday of `year` by the Gregorian computus.
// REQUIRES: 1583 <= year <= 9999.
Date EasterSunday(int year);

struct ClosedDay {
  Date date;
  std::string_view name;  // Swedish name, e.g. "långfredagen", "midsommarafton".
  bool public_holiday;    // false for the closed eves.
};

// Every public holiday and closed eve of `year`, in date order. Holidays that fall on a
// weekend are listed too (they are closed anyway).
std::vector<ClosedDay> ClosedDays(int year);

// True when `date` is a public holiday or closed eve (whatever the weekday).
bool IsClosedDay(Date date);
// True when `date` is Monday–Friday and not a closed day.
bool IsWorkingDay(Date date);

// The Nth working day after `day` (day itself never counts). N = 3 is the FK callback due date.
// REQUIRES: n >= 1.
Date NthWorkingDayAfter(Date day, int n);

// Working days d with from < d <= to: the callback's "working days after the referral day up to
// and including the contact day" (DOMAIN.md §9). Zero when to <= from.
int WorkingDaysAfter(Date from, Date to);

}  // namespace rattvag
