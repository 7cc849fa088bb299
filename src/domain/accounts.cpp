#include "domain/accounts.hpp"

#include <algorithm>
#include <cctype>

namespace rattvag {

namespace {

bool IdCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

bool IsMunicipalityCode(std::string_view code) {
  return code.size() == 4 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // Not a continuation byte.
  }));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<std::string> SplitCodes(std::string_view text) {
  std::vector<std::string> codes;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find(',', start), text.size());
    codes.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return codes;
}

std::string_view UnitKindOf(Role role) {
  if (role == Role::kForbundAnalyst) return "forbund";
  if (role == Role::kAdministrator) return "admin";
  return Name(*PartyOf(role));
}

std::vector<Error> ValidateUnit(const Unit& unit) {
  std::vector<Error> errors;
  if (unit.id.empty() || unit.id.size() > 64 || !std::all_of(unit.id.begin(), unit.id.end(), IdCharacter))
    errors.push_back({"id", "must be 1–64 letters, digits, '-' or '_'"});
  if (unit.name.empty() || unit.name.size() > 200) errors.push_back({"name", "must be 1–200 characters"});
  static const std::vector<std::string> kKinds = {"eb", "fk", "region", "af", "ame", "nurse", "forbund", "admin"};
  if (std::find(kKinds.begin(), kKinds.end(), unit.kind) == kKinds.end()) {
    errors.push_back({"kind", "must be one of eb, fk, region, af, ame, nurse, forbund, admin"});
    return errors;
  }
  const bool municipal = unit.kind == "eb" || unit.kind == "ame" || unit.kind == "nurse";
  const bool regional = unit.kind == "fk" || unit.kind == "region" || unit.kind == "af" || unit.kind == "forbund";
  if (municipal && !IsMunicipalityCode(unit.municipality))
    errors.push_back({"municipality", "must be the municipality's four-digit SCB code for a " + unit.kind + " unit"});
  if (!municipal && !unit.municipality.empty())
    errors.push_back({"municipality", "is only for the municipality's units (eb, ame, nurse)"});
  if (regional && unit.area.empty())
    errors.push_back({"area", "must name the municipalities a " + unit.kind + " unit serves"});
  if (!regional && !unit.area.empty()) errors.push_back({"area", "is only for fk, region, af and forbund units"});
  for (const auto& m : unit.area)
    if (!IsMunicipalityCode(m)) errors.push_back({"area", "holds '" + m + "', not a four-digit SCB code"});
  return errors;
}

std::vector<Error> ValidateUser(const User& user, const Unit& unit) {
  std::vector<Error> errors;
  const bool username_ok = user.username.size() >= 3 && user.username.size() <= 64 &&
                           std::all_of(user.username.begin(), user.username.end(), [](char c) {
                             return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
                           });
  if (!username_ok) errors.push_back({"username", "must be 3–64 of a–z, 0–9, '.', '-' and '_'"});
  if (user.display_name.empty() || user.display_name.size() > 200)
    errors.push_back({"display_name", "must be 1–200 characters"});
  if (UnitKindOf(user.role) != unit.kind)
    errors.push_back({"role", std::string(Name(user.role)) + " belongs to a " + std::string(UnitKindOf(user.role)) +
                                  " unit, and " + unit.id + " is a " + unit.kind + " unit"});
  return errors;
}

Actor ActorOf(const User& user, const Unit& unit) { return Actor{user.role, unit.municipality, unit.area}; }

std::vector<Error> CheckNewPassword(std::string_view password, std::string_view username, const LoginPolicy& policy) {
  std::vector<Error> errors;
  const size_t length = CodePoints(password);
  if (length < static_cast<size_t>(policy.min_password_length))
    errors.push_back({"password", "must be at least " + std::to_string(policy.min_password_length) + " characters"});
  if (length > static_cast<size_t>(policy.max_password_length))
    errors.push_back({"password", "must be at most " + std::to_string(policy.max_password_length) + " characters"});
  if (!username.empty() && Lower(password).find(Lower(username)) != std::string::npos)
    errors.push_back({"password", "must not contain the username"});
  return errors;
}

std::optional<int64_t> LockedUntil(int failures, int64_t last_failure, const LoginPolicy& policy) {
  if (failures < policy.free_failures) return std::nullopt;
  int64_t seconds = policy.first_lock_seconds;
  for (int extra = failures - policy.free_failures; extra > 0 && seconds < policy.max_lock_seconds; --extra) seconds *= 2;
  return last_failure + std::min(seconds, policy.max_lock_seconds);
}

bool SessionExpired(int64_t created, int64_t last_seen, int64_t now, const LoginPolicy& policy) {
  return now - last_seen >= policy.idle_seconds || now - created >= policy.absolute_seconds;
}

bool TotpStepUsable(int64_t step, int64_t last_used_step) { return step > last_used_step; }

}  // namespace rattvag
