#include "domain/personnummer.hpp"

#include <string>

namespace rattvag {

namespace {

int Num(std::string_view s, size_t at, size_t len) {
  int v = 0;
  for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

int LuhnCheckDigit(std::string_view nine) {
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) {
    int d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d / 10 + d % 10;
  }
  return (10 - sum % 10) % 10;
}

int AgeOn(Date birth_date, Date on) { return on < birth_date ? 0 : birth_date.WholeYearsUntil(on); }

std::string Personnummer::Formatted() const { return digits.substr(0, 8) + "-" + digits.substr(8); }

// DOMAIN.md §8.
Result<Personnummer> ParsePersonnummer(std::string_view text, Date reference, std::string_view field_name) {
  const std::string field(field_name);
  std::string digits;
  char separator = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if ((c == '-' || c == '+') && separator == 0 && text.size() - i == 5) {
      separator = c;
    } else {
      return Error{field, "must be a personnummer: digits with an optional '-' or '+' before the last four"};
    }
  }
  if (digits.size() != 10 && digits.size() != 12) return Error{field, "must have 10 or 12 digits"};
  if (digits.size() == 12 && separator == '+') return Error{field, "'+' is only used with the 10-digit form"};
  const std::string_view ten = std::string_view(digits).substr(digits.size() - 10);
  if (LuhnCheckDigit(ten.substr(0, 9)) != ten[9] - '0') return Error{field, "has a wrong check digit"};

  const int yy = Num(ten, 0, 2), month = Num(ten, 2, 2);
  int day = Num(ten, 4, 2);
  const bool coordination = day > 60;
  if (coordination) day -= 60;
  int year;
  if (digits.size() == 12) {
    year = Num(digits, 0, 4);
  } else {
    // The century that makes the person younger than 100 ('-' or none) or at least 100 ('+').
    year = reference.Year() / 100 * 100 + yy;
    auto born = Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    if (year > reference.Year() || (born && *born > reference)) year -= 100;
    if (separator == '+') year -= 100;
  }
  auto birth = Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!birth) return Error{field, "has an impossible date of birth"};
  if (*birth > reference) return Error{field, "has a date of birth after today"};
  Personnummer p;
  p.digits = std::to_string(year) + std::string(ten.substr(2));
  if (p.digits.size() != 12) return Error{field, "has an impossible year of birth"};
  p.birth_date = *birth;
  p.samordningsnummer = coordination;
  p.sex = (ten[8] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return p;
}

}  // namespace rattvag
