#include "app/organisation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "security/random.hpp"

namespace rattvag {

namespace {

std::string Path(const char* array, size_t index, std::string_view field = {}) {
  std::string path = fmt::format("{}[{}]", array, index);
  if (!field.empty()) path += "." + std::string(field);
  return path;
}

std::string JoinCodes(std::vector<std::string> codes, bool sorted) {
  if (sorted) std::sort(codes.begin(), codes.end());
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

// "name is "A" in the database and "B" in the file" for each field that differs.
void Compare(std::vector<std::string>& differing, std::string_view field, std::string_view stored,
             std::string_view declared) {
  if (stored != declared)
    differing.push_back(fmt::format("{} is \"{}\" in the database and \"{}\" in the file", field, stored, declared));
}

std::string Sentence(const std::string& subject, const std::vector<std::string>& differing, std::string_view tail) {
  std::string out = subject + ": ";
  for (size_t i = 0; i < differing.size(); ++i) out += (i == 0 ? "" : "; ") + differing[i];
  return out + "; " + std::string(tail);
}

std::string UserDetail(const User& user) {
  return fmt::format("user {} ({}) in unit {}", user.username, Name(user.role), user.unit_id);
}

}  // namespace

Result<int64_t> DisableUser(Journal& journal, std::string_view user_id, int64_t now) {
  RATTVAG_TRY_STATUS(journal.SetUserDisabled(user_id, true));
  return journal.EndSessionsOfUser(user_id, now);
}

Status EnableUser(Journal& journal, std::string_view user_id) {
  RATTVAG_TRY_STATUS(journal.SetUserDisabled(user_id, false));
  return journal.ResetLoginFailures(user_id);
}

Result<int64_t> ReplacePassword(Journal& journal, std::string_view user_id, std::string_view password_hash,
                                int64_t now) {
  RATTVAG_TRY_STATUS(journal.SetPasswordHash(user_id, password_hash));
  RATTVAG_TRY_STATUS(journal.ResetLoginFailures(user_id));
  return journal.EndSessionsOfUser(user_id, now);
}

Result<PlannedOrganisation> PlanOrganisation(Journal& journal, const Organisation& organisation) {
  PlannedOrganisation out;
  std::vector<Error>& errors = out.errors;

  // The units: each valid, each id once.
  std::map<std::string, size_t> unit_index;  // Id → the index of its first declaration.
  for (size_t i = 0; i < organisation.units.size(); ++i) {
    const Unit& unit = organisation.units[i];
    for (const Error& e : ValidateUnit(unit)) errors.push_back({Path("units", i, e.field), e.reason});
    if (unit.id.empty()) continue;
    auto [it, first] = unit_index.emplace(unit.id, i);
    if (!first) errors.push_back({Path("units", i, "id"), fmt::format("is declared twice (first as units[{}])", it->second)});
  }

  // The users: each role known, each username once, each unit in the file or stored, and the
  // role fitting the unit in the file and as stored (when both exist, the user must fit both).
  std::map<std::string, size_t> user_index;
  std::map<std::string, std::optional<Unit>> stored_units;  // Read once per id.
  const auto stored_unit = [&](const std::string& id) -> Result<std::optional<Unit>> {
    auto it = stored_units.find(id);
    if (it != stored_units.end()) return it->second;
    auto found = journal.FindUnit(id);
    if (!found.ok()) return found.error();
    stored_units.emplace(id, *found);
    return *found;
  };
  for (size_t i = 0; i < organisation.users.size(); ++i) {
    const DeclaredUser& declared = organisation.users[i];
    if (!declared.username.empty()) {
      auto [it, first] = user_index.emplace(declared.username, i);
      if (!first)
        errors.push_back(
            {Path("users", i, "username"), fmt::format("is declared twice (first as users[{}])", it->second)});
    }
    const auto role = ParseRole(declared.role);
    if (!role) errors.push_back({Path("users", i, "role"), "is not a role of the system (see rattvag --help)"});
    std::vector<Unit> units;
    if (auto it = unit_index.find(declared.unit); it != unit_index.end()) units.push_back(organisation.units[it->second]);
    auto stored = stored_unit(declared.unit);
    if (!stored.ok()) return stored.error();
    if (stored->has_value() && (units.empty() || units[0].kind != (*stored)->kind)) units.push_back(**stored);
    if (units.empty()) {
      errors.push_back({Path("users", i, "unit"), declared.unit.empty()
                                                      ? "is required: the id of a unit in the file or the database"
                                                      : "no unit has this id, in the file or the database"});
      units.push_back(Unit{});  // The other fields are still checked.
    }
    const User user{"", declared.username, declared.name, role.value_or(Role::kAdministrator), declared.unit};
    std::vector<Error> found;
    for (const Unit& unit : units)
      for (const Error& e : ValidateUser(user, unit)) {
        if (e.field == "role" && (!role || unit.id.empty())) continue;  // Already reported.
        const std::string field = e.field == "display_name" ? "name" : e.field;
        Error error{Path("users", i, field), e.reason};
        if (std::find(found.begin(), found.end(), error) == found.end()) found.push_back(std::move(error));
      }
    errors.insert(errors.end(), found.begin(), found.end());
  }
  if (!errors.empty()) return out;

  OrganisationPlan& plan = out.plan;
  for (size_t i = 0; i < organisation.units.size(); ++i) {
    const Unit& declared = organisation.units[i];
    auto stored = stored_unit(declared.id);
    if (!stored.ok()) return stored.error();
    if (!stored->has_value()) {
      plan.units_to_add.push_back(declared);
      continue;
    }
    const Unit& have = **stored;
    std::vector<std::string> differing;
    Compare(differing, "name", have.name, declared.name);
    Compare(differing, "kind", have.kind, declared.kind);
    Compare(differing, "municipality", have.municipality, declared.municipality);
    Compare(differing, "area", JoinCodes(have.area, true), JoinCodes(declared.area, true));
    if (differing.empty())
      ++plan.unchanged_units;
    else
      plan.differences.push_back(Sentence(fmt::format("{} (unit {})", Path("units", i), declared.id), differing,
                                          "left unchanged"));
  }
  for (size_t i = 0; i < organisation.users.size(); ++i) {
    const DeclaredUser& declared = organisation.users[i];
    auto stored = journal.FindUserByUsername(declared.username);
    if (!stored.ok()) return stored.error();
    const Role role = *ParseRole(declared.role);  // Checked above.
    if (!stored->has_value()) {
      plan.users_to_add.push_back(
          {User{"u-" + RandomHex(12), declared.username, declared.name, role, declared.unit}, declared.disabled});
      continue;
    }
    const StoredUser& have = **stored;
    std::vector<std::string> differing;
    Compare(differing, "name", have.user.display_name, declared.name);
    Compare(differing, "role", Name(have.user.role), Name(role));
    Compare(differing, "unit", have.user.unit_id, declared.unit);
    const std::string subject = fmt::format("{} (user {})", Path("users", i), declared.username);
    if (declared.disabled && !have.disabled) plan.users_to_disable.push_back(have.user);
    if (!declared.disabled && have.disabled) {
      if (differing.empty())
        plan.users_to_enable.push_back(have.user);
      else
        differing.push_back("disabled in the database and not in the file");
    }
    if (!differing.empty())
      plan.differences.push_back(Sentence(subject, differing,
                                          declared.disabled && !have.disabled ? "left unchanged, but disabled as the file says"
                                                                              : "left unchanged"));
    else if (declared.disabled == have.disabled)
      ++plan.unchanged_users;
  }
  return out;
}

Result<PlannedOrganisation> ApplyOrganisation(Journal& journal, const Organisation& organisation, int64_t now,
                                              const AuditEntryMaker& audit_entry) {
  UnitOfWork work(journal);
  RATTVAG_TRY_STATUS(work.Begin());  // Planned inside the transaction: nobody changes it meanwhile.
  auto planned = PlanOrganisation(journal, organisation);
  if (!planned.ok()) return planned.error();
  if (!planned->errors.empty() || planned->plan.ChangesNothing()) return planned;  // Rolled back: nothing written.
  const OrganisationPlan& plan = planned->plan;
  for (const Unit& unit : plan.units_to_add) {
    RATTVAG_TRY_STATUS(journal.AddUnit(unit));
    RATTVAG_TRY_STATUS(journal.AppendAudit(audit_entry("unit_add", fmt::format("unit {} ({})", unit.id, unit.kind))));
  }
  for (const auto& added : plan.users_to_add) {
    RATTVAG_TRY_STATUS(journal.AddUser(added.user, ""));
    if (added.disabled) RATTVAG_TRY_STATUS(journal.SetUserDisabled(added.user.id, true));
    RATTVAG_TRY_STATUS(journal.AppendAudit(audit_entry(
        "user_add", UserDetail(added.user) + ", without a password" + (added.disabled ? ", disabled" : ""))));
  }
  for (const User& user : plan.users_to_disable) {
    auto ended = DisableUser(journal, user.id, now);
    if (!ended.ok()) return ended.error();
    RATTVAG_TRY_STATUS(journal.AppendAudit(
        audit_entry("user_disable", fmt::format("{}; {} open sessions ended", UserDetail(user), *ended))));
  }
  for (const User& user : plan.users_to_enable) {
    RATTVAG_TRY_STATUS(EnableUser(journal, user.id));
    RATTVAG_TRY_STATUS(journal.AppendAudit(audit_entry("user_enable", UserDetail(user) + "; failed logins reset")));
  }
  RATTVAG_TRY_STATUS(work.Commit());
  return planned;
}

std::vector<std::string> DescribePlan(const OrganisationPlan& plan) {
  std::vector<std::string> lines;
  for (const Unit& unit : plan.units_to_add) {
    const std::string where = !unit.municipality.empty() ? " for " + unit.municipality
                              : !unit.area.empty()       ? " serving " + JoinCodes(unit.area, false)
                                                         : "";
    lines.push_back(fmt::format("add unit {} ({}{}): {}", unit.id, unit.kind, where, unit.name));
  }
  for (const auto& added : plan.users_to_add)
    lines.push_back(fmt::format("add {}, without a password{}", UserDetail(added.user), added.disabled ? ", disabled" : ""));
  for (const User& user : plan.users_to_disable)
    lines.push_back(fmt::format("disable user {} (ending their open sessions)", user.username));
  for (const User& user : plan.users_to_enable)
    lines.push_back(fmt::format("enable user {} (resetting their failed logins)", user.username));
  for (const std::string& difference : plan.differences) lines.push_back("difference: " + difference);
  return lines;
}

}  // namespace rattvag
