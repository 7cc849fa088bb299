// Swedish personal identity numbers and coordination numbers (DOMAIN.md §8).
#pragma once

#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace rattvag {

enum class Sex : unsigned char { kFemale, kMale };

struct Personnummer {
  std::string digits;        // Normalised 12-digit form YYYYMMDDNNNC.
  Date birth_date;           // For a samordningsnummer, the day with 60 taken away.
  bool samordningsnummer = false;
  Sex sex = Sex::kFemale;    // Second-to-last digit: odd for men, even for women.

  // `YYYYMMDD-NNNC`, for display to staff who may see it.
  std::string Formatted() const;
};

// Accepts `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC` and `YYMMDD+NNNC` (the
// person is 100 or older on `reference`). The 10-digit forms take the century that makes the
// person younger than 100 on `reference` (with `-` or no separator) or at least 100 (with `+`).
// Errors name the field `field_name` and say why: wrong length or characters, impossible date,
// wrong check digit, a birth date after `reference`.
Result<Personnummer> ParsePersonnummer(std::string_view text, Date reference,
                                       std::string_view field_name = "person");

// The Luhn check digit over the ten digits YYMMDDNNN.
// REQUIRES: nine_digits has exactly 9 ASCII digits.
int LuhnCheckDigit(std::string_view nine_digits);

// Age in whole years on `on`.
int AgeOn(Date birth_date, Date on);

}  // namespace rattvag
