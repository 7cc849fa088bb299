#include "domain/personal_data.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "domain/personnummer.hpp"

namespace rattvag {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// --- Identity numbers ------------------------------------------------------------------------

// Digits at [at, at + n) and no digit right before or after.
bool DigitsAt(std::string_view text, size_t at, size_t n) {
  if (at + n > text.size()) return false;
  for (size_t i = at; i < at + n; ++i)
    if (!IsDigit(text[i])) return false;
  return true;
}

bool BoundaryBefore(std::string_view text, size_t at) { return at == 0 || !IsDigit(text[at - 1]); }
bool BoundaryAfter(std::string_view text, size_t end) { return end >= text.size() || !IsDigit(text[end]); }

// The candidate starting at `at`: 8 or 6 digits, an optional '-', '+' or space, 4 digits; or
// 12 or 10 digits. Returns its length and the form ParsePersonnummer reads, or 0.
size_t CandidateAt(std::string_view text, size_t at, std::string& normalised) {
  if (!BoundaryBefore(text, at)) return 0;
  for (size_t head : {size_t{8}, size_t{6}}) {
    if (!DigitsAt(text, at, head)) continue;
    // Contiguous: the whole number without separator.
    if (DigitsAt(text, at + head, 4) && BoundaryAfter(text, at + head + 4)) {
      normalised = std::string(text.substr(at, head + 4));
      return head + 4;
    }
    const size_t sep = at + head;
    if (sep < text.size() && (text[sep] == '-' || text[sep] == '+' || text[sep] == ' ') &&
        DigitsAt(text, sep + 1, 4) && BoundaryAfter(text, sep + 5)) {
      normalised = std::string(text.substr(at, head)) + (text[sep] == '+' ? '+' : '-') +
                   std::string(text.substr(sep + 1, 4));
      return head + 5;
    }
  }
  return 0;
}

// A date-like head: YYYYMMDD or YYMMDD whose month is 01–12 and day 01–31 (or 61–91 for a
// samordningsnummer). Other ten- and twelve-digit numbers (account numbers, case numbers)
// are not in the shape of a personnummer.
bool DateShaped(std::string_view candidate) {
  std::string digits;
  for (char c : candidate)
    if (IsDigit(c)) digits += c;
  const size_t y = digits.size() == 12 ? 4 : 2;
  if (digits.size() < y + 4) return false;
  const int month = (digits[y] - '0') * 10 + (digits[y + 1] - '0');
  const int day = (digits[y + 2] - '0') * 10 + (digits[y + 3] - '0');
  return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
}

// --- Names -----------------------------------------------------------------------------------

// Swedish and common Latin letters in UTF-8: ASCII letters, and the two-byte sequences
// C3 80–C3 BF (À–ÿ, which hold Å Ä Ö É Ü and their small forms) except × and ÷.
size_t LetterAt(std::string_view text, size_t at, bool& upper) {
  const auto c = static_cast<unsigned char>(text[at]);
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
    upper = c <= 'Z';
    return 1;
  }
  if (c == 0xC3 && at + 1 < text.size()) {
    const auto d = static_cast<unsigned char>(text[at + 1]);
    if (d >= 0x80 && d <= 0xBF && d != 0x97 && d != 0xB7) {
      upper = d < 0xA0;
      return 2;
    }
  }
  return 0;
}

struct Word {
  size_t offset, length;
  bool capitalised;  // First letter upper case, at least one more letter, not all upper case.
};

// Words: letters with single inner hyphens (Karl-Erik). Anything else separates words; `gap`
// tells whether only one space separated a word from the one before.
std::vector<std::pair<Word, bool>> Words(std::string_view text) {
  std::vector<std::pair<Word, bool>> words;
  size_t i = 0;
  size_t previous_end = std::string_view::npos;
  while (i < text.size()) {
    bool upper = false;
    size_t n = LetterAt(text, i, upper);
    if (n == 0) {
      ++i;
      continue;
    }
    const size_t start = i;
    const bool first_upper = upper;
    bool any_lower = false;
    size_t letters = 0;
    while (i < text.size()) {
      n = LetterAt(text, i, upper);
      if (n == 0) {
        bool next_upper = false;
        if (text[i] == '-' && i + 1 < text.size() && LetterAt(text, i + 1, next_upper) > 0) {
          ++i;  // An inner hyphen: the next part may start upper case again (Karl-Erik).
          continue;
        }
        break;
      }
      if (letters > 0 && !upper) any_lower = true;
      ++letters;
      i += n;
    }
    const bool single_space = previous_end != std::string_view::npos && start == previous_end + 1 &&
                              text[previous_end] == ' ';
    words.push_back({{start, i - start, first_upper && any_lower && letters >= 2}, single_space});
    previous_end = i;
  }
  return words;
}

// Capitalised words that are not names of persons: the parties, places of the method, months
// and days never capitalised in Swedish but often at a sentence start, and the method's terms.
bool KnownWord(std::string_view word) {
  static const std::array<std::string_view, 64> kKnown = {
      "Försäkringskassan", "Försäkringskassans", "Arbetsförmedlingen", "Arbetsförmedlingens", "Region", "Regionen",
      "Kommun", "Kommunen", "Socialtjänsten", "Socialförvaltningen", "Vårdcentralen", "Vårdcentral", "Psykiatrin",
      "Halland", "Halmstad", "Halmstads", "Laholm", "Laholms", "Falköping", "Falköpings", "Burlöv", "Burlövs",
      "Staffanstorp", "Staffanstorps", "Forshaga", "Forshagas", "Karlstad", "Skåne", "Värmland", "Västra",
      "Götaland", "Sverige", "Samordningsförbund", "Samordningsförbundet", "Arbetsmarknadsenheten",
      "Arbetsmarknadscenter", "Hej", "Hälsningar", "Mvh", "Tack", "Vi", "Jag", "Personen", "Klienten",
      "Hen", "Han", "Hon", "Den", "Det", "Enligt", "Inför", "Efter", "Sedan", "Under", "Om", "Vill", "Kan",
      "Behöver", "Finns", "Sjukskriven", "Avstämningsmöte", "Läkarintyg", "Remiss", "Samverkan"};
  return std::find(kKnown.begin(), kKnown.end(), word) != kKnown.end();
}

}  // namespace

std::vector<PersonalDataFinding> FindPersonalData(std::string_view text, Date today) {
  std::vector<PersonalDataFinding> findings;

  // Identity numbers.
  for (size_t at = 0; at < text.size();) {
    std::string candidate;
    const size_t length = IsDigit(text[at]) ? CandidateAt(text, at, candidate) : 0;
    if (length == 0) {
      ++at;
      continue;
    }
    if (ParsePersonnummer(candidate, today).ok()) {
      findings.push_back({PersonalDataKind::kPersonnummer, Severity::kRefuse, at, length});
    } else if (DateShaped(candidate)) {
      findings.push_back({PersonalDataKind::kIdentityNumberShape, Severity::kWarn, at, length});
    }
    at += length;
  }

  // E-mail addresses: a local part, '@', a domain with a dot.
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    auto local = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '+'; };
    size_t start = at;
    while (start > 0 && local(text[start - 1])) --start;
    size_t end = at + 1;
    while (end < text.size() && local(text[end])) ++end;
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (start < at && domain.find('.') != std::string_view::npos && domain.back() != '.')
      findings.push_back({PersonalDataKind::kEmailAddress, Severity::kWarn, start, end - start});
  }

  // Names: runs of two or more capitalised, unknown words separated by single spaces.
  const auto words = Words(text);
  for (size_t i = 0; i < words.size();) {
    const auto usable = [&](size_t k) {
      const Word& w = words[k].first;
      return w.capitalised && !KnownWord(text.substr(w.offset, w.length));
    };
    if (!usable(i)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < words.size() && words[j].second && usable(j)) ++j;
    // A sentence's first word is capitalised anyway: leave it out when the rest is still a name.
    const size_t before = words[i].first.offset;
    size_t back = before;
    while (back > 0 && text[back - 1] == ' ') --back;
    const bool sentence_start = back == 0 || text[back - 1] == '.' || text[back - 1] == '!' || text[back - 1] == '?' ||
                                text[back - 1] == ':' || text[back - 1] == '\n';
    if (sentence_start && j - i >= 3) ++i;
    if (j - i >= 2) {
      const size_t offset = words[i].first.offset;
      const size_t end = words[j - 1].first.offset + words[j - 1].first.length;
      findings.push_back({PersonalDataKind::kProbableName, Severity::kWarn, offset, end - offset});
    }
    i = j;
  }

  std::sort(findings.begin(), findings.end(),
            [](const PersonalDataFinding& a, const PersonalDataFinding& b) { return a.offset < b.offset; });
  return findings;
}

bool MustRefuse(const std::vector<PersonalDataFinding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const PersonalDataFinding& f) { return f.severity == Severity::kRefuse; });
}

}  // namespace rattvag
