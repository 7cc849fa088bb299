// The contact list of the Kunskapsbank (issue 4, view 9): how to reach each party, unit and
// municipality of the method — function mailbox, phone, e-mail. Administrators keep it; every
// logged-in user reads it. No personal data of a person in the target group is ever here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace rattvag {

struct Contact {
  std::string id;            // Given by the server ("k-" and hex digits).
  std::string party;         // "eb", "fk", "region", "af", "ame", "nurse" or "forbund".
  std::string name;          // The unit or function, e.g. "FK:s funktionsbrevlåda, samordnad rehabilitering".
  std::string municipality;  // SCB code (4 digits) for a municipality's unit; empty otherwise.
  std::string mailbox;       // Function mailbox (e-mail address); may be empty.
  std::string phone;         // May be empty.
  std::string email;         // A named contact's e-mail; may be empty.
  std::string note;          // E.g. telephone hours; may be empty.
};

// The party codes a contact may have, in the order the list shows them.
const std::vector<std::string_view>& ContactParties();

// True for an e-mail address of the usual form local@domain.tld (ASCII, at most 254 characters).
bool IsEmailAddress(std::string_view text);
// True for a Swedish phone number: digits with optional spaces and hyphens, starting with 0 or
// +46, 7 to 13 digits in all (e.g. 070-174 06 05, 035-13 70 00, +46 70 174 06 05).
bool IsSwedishPhoneNumber(std::string_view text);

// Every problem of a contact (not its id), each naming its field: party known, name 1–120
// characters, municipality 4 digits or empty, mailbox and email e-mail addresses or empty,
// phone a Swedish phone number or empty, note at most 300 characters, and at least one of
// mailbox, phone and email given.
std::vector<Error> ValidateContact(const Contact& contact);

}  // namespace rattvag
