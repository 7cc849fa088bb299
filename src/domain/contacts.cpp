#include "domain/contacts.hpp"

#include <algorithm>

namespace rattvag {

namespace {

constexpr size_t kMaxName = 120;
constexpr size_t kMaxNote = 300;
constexpr size_t kMaxEmail = 254;

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Characters (UTF-8 code points) of a text.
size_t Characters(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

const std::vector<std::string_view>& ContactParties() {
  static const std::vector<std::string_view> kParties = {"eb", "fk", "region", "af", "ame", "nurse", "forbund"};
  return kParties;
}

bool IsEmailAddress(std::string_view text) {
  if (text.empty() || text.size() > kMaxEmail) return false;
  const size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || text.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = text.substr(0, at), domain = text.substr(at + 1);
  for (char c : local)
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '-' && c != '+' && c != '%') return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  // Labels of letters, digits and inner hyphens, at least two, the last of letters only.
  int labels = 0;
  std::string_view rest = domain, last;
  while (true) {
    const size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!IsAsciiAlnum(c) && c != '-') return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  return labels >= 2 && last.size() >= 2 &&
         std::all_of(last.begin(), last.end(), [](char c) { return IsAsciiAlnum(c) && !IsDigit(c); });
}

bool IsSwedishPhoneNumber(std::string_view text) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) digits += c;
    else if (c == '+' && i == 0) digits += c;
    else if (c != ' ' && c != '-') return false;
  }
  if (!text.empty() && (text.back() == ' ' || text.back() == '-')) return false;
  size_t national;  // Digits after the leading 0 or +46.
  if (digits.rfind("+46", 0) == 0) national = digits.size() - 3;
  else if (digits.rfind("0", 0) == 0) national = digits.size() - 1;
  else return false;
  if (digits.rfind("+460", 0) == 0) return false;  // +46 replaces the leading 0.
  return national >= 6 && national <= 12;
}

std::vector<Error> ValidateContact(const Contact& c) {
  std::vector<Error> errors;
  const auto& parties = ContactParties();
  if (std::find(parties.begin(), parties.end(), c.party) == parties.end())
    errors.push_back({"party", "must be one of eb, fk, region, af, ame, nurse, forbund"});
  if (Trimmed(c.name).empty()) errors.push_back({"name", "is required"});
  else if (Characters(c.name) > kMaxName) errors.push_back({"name", "must be at most 120 characters"});
  else if (HasControl(c.name)) errors.push_back({"name", "must not contain control characters"});
  if (!c.municipality.empty() &&
      (c.municipality.size() != 4 || !std::all_of(c.municipality.begin(), c.municipality.end(), IsDigit)))
    errors.push_back({"municipality", "must be an SCB municipality code of 4 digits, or empty"});
  if (!c.mailbox.empty() && !IsEmailAddress(c.mailbox))
    errors.push_back({"mailbox", "must be an e-mail address such as namn@kommun.se"});
  if (!c.phone.empty() && !IsSwedishPhoneNumber(c.phone))
    errors.push_back({"phone", "must be a Swedish phone number starting with 0 or +46, such as 070-174 06 05"});
  if (!c.email.empty() && !IsEmailAddress(c.email))
    errors.push_back({"email", "must be an e-mail address such as namn@kommun.se"});
  if (Characters(c.note) > kMaxNote) errors.push_back({"note", "must be at most 300 characters"});
  else if (HasControl(c.note)) errors.push_back({"note", "must not contain control characters"});
  if (c.mailbox.empty() && c.phone.empty() && c.email.empty())
    errors.push_back({"phone", "or a mailbox or an e-mail address is needed"});
  return errors;
}

}  // namespace rattvag
