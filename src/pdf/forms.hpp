// The forms of the method as documents (issue 5 item 4), built by pure functions from the case
// as the journal projects it (DOMAIN.md §5) and the fields the caseworker writes:
//   lakarunderlag        "Underlag från socialtjänsten till läkare vid svårigheter att delta i
//                        aktivitet" (Halmstad/Laholm's form): the planned activities, the
//                        difficulties the person describes, and for the doctor the alternative
//                        of adapted activities instead of a certificate for sick leave;
//   kontaktplan          the written contact plan (Falköping, "Rätt hjälp"): how and how often
//                        the person and the caseworker keep in touch, and the next contact;
//   remissammanfattning  the case's facts for FK (DOMAIN.md §5.5), only under a consent in force
//                        that covers FK (DOMAIN.md §3).
// Rendering is the adapter's (render.hpp); nothing here reads a clock or a file.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.hpp"
#include "domain/result.hpp"
#include "pdf/document.hpp"

namespace rattvag::pdf {

enum class FormKind : uint8_t { kLakarunderlag, kKontaktplan, kRemissammanfattning };
std::string_view Name(FormKind kind);          // "lakarunderlag", "kontaktplan", "remissammanfattning".
std::string_view SwedishTitle(FormKind kind);  // The document's title.
std::optional<FormKind> ParseFormKind(std::string_view name);

// What a written field holds; the check depends on it.
enum class FieldKind : uint8_t {
  kLine,   // One line of text.
  kText,   // Text that may have line breaks.
  kDate,   // YYYY-MM-DD, not before today.
  kPhone,  // Digits, spaces, '+', '-', '(' and ')'; at least 5 digits.
  kEmail,  // Something@something.
};

struct FieldSpec {
  std::string_view name;   // As in the request body, e.g. "difficulties".
  std::string_view label;  // Swedish, as the form prints it.
  FieldKind kind = FieldKind::kLine;
  bool required = false;
  size_t max_length = 200;  // In characters (code points).
};

// The fields the caseworker writes on a form, in the order the form shows them.
std::span<const FieldSpec> FieldsOf(FormKind kind);

using WrittenFields = std::map<std::string, std::string>;

// Checks written fields against the form: no unknown field; every required one given and not
// blank; each within its length, valid UTF-8, without control characters (line breaks only in
// text fields); dates real and not before `today`; phone numbers and e-mail addresses plausible.
// Returns the fields trimmed of surrounding white space (absent optional ones as empty). The
// error names the first field that is wrong and why.
Result<WrittenFields> CheckFields(FormKind kind, const WrittenFields& fields, Date today);

// What the forms print about the case, from the journal.
struct CaseFacts {
  std::string personnummer;       // 12 digits.
  std::string municipality_name;  // E.g. "Falköping".
  CaseProjection projection;      // As of the day the form is made.
};

// The consent in force on `on` whose parties include FK, if any (DOMAIN.md §3).
const ConsentView* ConsentCoveringFk(std::span<const ConsentView> consents, Date on);

// The document of a form. REQUIRES: `fields` passed CheckFields for `kind`. For the referral
// summary an error ("consent") when no consent in force covers FK on `facts.projection.as_of`.
Result<Document> BuildForm(FormKind kind, const CaseFacts& facts, const WrittenFields& fields);

// "198503129981" → "19850312-9981".
std::string FormatPersonnummer(std::string_view digits);

// Swedish names used by the forms.
std::string_view SwedishBenefit(Benefit benefit);
std::string_view SwedishCoordinationEnd(CoordinationEndReason reason);

}  // namespace rattvag::pdf
