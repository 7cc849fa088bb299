#include "domain/personnummer.hpp"

#include <cassert>
#include <cstdio>
#include <optional>
#include <string>

namespace rattvag {

namespace {

constexpr int kSamordningsnummerDayOffset = 60;  // DOMAIN.md §8.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// REQUIRES: text[at, at + length) are ASCII digits.
int Number(std::string_view text, size_t at, size_t length) {
  int value = 0;
  for (size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// `YYYY-MM-DD` for a triple that need not be a real date, for error messages.
std::string FormatTriple(int year, int month, int day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

}  // namespace

int LuhnCheckDigit(std::string_view nine_digits) {
  assert(nine_digits.size() == 9);
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) {
    assert(IsDigit(nine_digits[i]));
    // Weights 2, 1, 2, 1, … from the left; the digits of each product are added.
    const int product = (nine_digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += product / 10 + product % 10;
  }
  return (10 - sum % 10) % 10;
}

int AgeOn(Date birth_date, Date on) { return on < birth_date ? 0 : birth_date.WholeYearsUntil(on); }

std::string Personnummer::Formatted() const { return digits.substr(0, 8) + "-" + digits.substr(8); }

// DOMAIN.md §8. Error reasons never repeat the number itself (it is personal data and errors may
// be logged); an impossible date is named since it identifies nobody.
Result<Personnummer> ParsePersonnummer(std::string_view text, Date reference, std::string_view field_name) {
  const std::string field(field_name);

  // Shape: digits only, with at most one '-' or '+' placed right before the last four digits.
  std::string digits;
  char separator = 0;
  size_t separator_at = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      digits += c;
    } else if ((c == '-' || c == '+') && separator == 0) {
      separator = c;
      separator_at = i;
    } else {
      return Error{field, "may contain only digits and one '-' or '+' before the last four digits"};
    }
  }
  if (digits.size() != 10 && digits.size() != 12) return Error{field, "must have 10 or 12 digits"};
  if (separator != 0 && text.size() - separator_at != 5)
    return Error{field, "must have its '-' or '+' right before the last four digits"};
  if (digits.size() == 12 && separator == '+')
    return Error{field, "may use '+' only in the 10-digit form (YYMMDD+NNNC)"};

  // The Luhn check covers the ten digits YYMMDDNNNC, also in the 12-digit form.
  const std::string_view ten = std::string_view(digits).substr(digits.size() - 10);
  if (LuhnCheckDigit(ten.substr(0, 9)) != ten[9] - '0') return Error{field, "has a wrong check digit"};

  const int month = Number(ten, 2, 2);
  int day = Number(ten, 4, 2);
  const bool samordningsnummer = day > kSamordningsnummerDayOffset;
  if (samordningsnummer) day -= kSamordningsnummerDayOffset;

  int year = 0;
  if (digits.size() == 12) {
    year = Number(digits, 0, 4);
  } else {
    // The latest year ending in YY whose YY-MM-DD is not after `reference`: the person is then
    // younger than 100 on `reference`. A '+' means 100 or older, so one century earlier. The
    // century is chosen by month and day alone, so that an impossible date is still reported as
    // impossible (and not as a century problem).
    const int reference_year = reference.Year();
    year = reference_year - reference_year % 100 + Number(ten, 0, 2);
    const bool later_in_year = month > static_cast<int>(reference.Month()) ||
                               (month == static_cast<int>(reference.Month()) &&
                                day > static_cast<int>(reference.Day()));
    if (year > reference_year || (year == reference_year && later_in_year)) year -= 100;
    if (separator == '+') year -= 100;
  }

  const std::optional<Date> birth_date =
      Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!birth_date) return Error{field, "has an impossible date " + FormatTriple(year, month, day)};
  if (*birth_date > reference) return Error{field, "is a birth date after today"};

  Personnummer result;
  result.digits = digits.size() == 12 ? digits : std::to_string(year) + std::string(ten.substr(2));
  result.birth_date = *birth_date;
  result.samordningsnummer = samordningsnummer;
  result.sex = (ten[8] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return result;
}

}  // namespace rattvag
