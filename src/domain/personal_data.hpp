// Personal data in free text that must stay anonymous (DOMAIN.md §3, §5.5): the description of
// an anonymous referral to FK's function mailbox carries no name and no personnummer.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "domain/date.hpp"

namespace rattvag {

enum class PersonalDataKind : uint8_t {
  kPersonnummer,         // A valid personnummer or samordningsnummer, in any accepted form.
  kIdentityNumberShape,  // Digits in the shape of one that fail the check digit or the date.
  kProbableName,         // Two or more capitalised words in a row that are not known names of
                         // places, agencies or the method's terms: probably a full name.
  kEmailAddress,
};

// What the text must not be sent with (a valid personnummer), or what the sender must confirm
// first (the others).
enum class Severity : uint8_t { kRefuse, kWarn };

struct PersonalDataFinding {
  PersonalDataKind kind;
  Severity severity;
  size_t offset;  // Byte offset into the text (UTF-8).
  size_t length;  // Bytes.
};

// Every finding in `text` (UTF-8), in text order. `today` decides the century of 10-digit forms
// and rules out birth dates in the future (as ParsePersonnummer). Dates (2014-10-01), amounts,
// case numbers and phone-like digit groups are not findings. Pure; never fails.
std::vector<PersonalDataFinding> FindPersonalData(std::string_view text, Date today);

// True when some finding has Severity::kRefuse.
bool MustRefuse(const std::vector<PersonalDataFinding>& findings);

}  // namespace rattvag
