// Prints what our domain code says, for crosscheck.mjs to compare with independent npm packages.
//
//   crosscheck_dump closed FIRST_YEAR LAST_YEAR
//       One line per closed day (DOMAIN.md §7): `YYYY-MM-DD<TAB>helgdag|afton<TAB>name`.
//   crosscheck_dump personnummer YYYY-MM-DD
//       Reads one personnummer a line from standard input and prints, for each, `input<TAB>ok<TAB>
//       12 digits<TAB>M|F<TAB>S|P` (S = samordningsnummer) or `input<TAB>error` (DOMAIN.md §8).
//       The input is synthetic test data, so printing it here is fine.
#include <cstdlib>
#include <optional>
#include <iostream>
#include <string>

#include "domain/calendar.hpp"
#include "domain/personnummer.hpp"

namespace {

int Usage() {
  std::cerr << "usage: crosscheck_dump closed FIRST_YEAR LAST_YEAR | personnummer YYYY-MM-DD\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rattvag;
  if (argc == 4 && std::string(argv[1]) == "closed") {
    const int first_year = std::atoi(argv[2]), last_year = std::atoi(argv[3]);
    if (first_year < 1583 || last_year > 9999 || first_year > last_year) return Usage();
    for (int year = first_year; year <= last_year; ++year)
      for (const ClosedDay& day : ClosedDays(year))
        std::cout << day.date.ToString() << '\t' << (day.public_holiday ? "helgdag" : "afton") << '\t' << day.name
                  << '\n';
    return 0;
  }
  if (argc == 3 && std::string(argv[1]) == "personnummer") {
    const std::optional<Date> reference = Date::Parse(argv[2]);
    if (!reference) return Usage();
    std::string line;
    while (std::getline(std::cin, line)) {
      const Result<Personnummer> parsed = ParsePersonnummer(line, *reference);
      if (!parsed.ok()) {
        std::cout << line << "\terror\n";
        continue;
      }
      std::cout << line << "\tok\t" << parsed->digits << '\t' << (parsed->sex == Sex::kMale ? 'M' : 'F') << '\t'
                << (parsed->samordningsnummer ? 'S' : 'P') << '\n';
    }
    return 0;
  }
  return Usage();
}
