// Administration of the organisation (issue 3 item 2): disabling and enabling users, setting a
// password, and applying an organisation file of units and users (`rattvag config apply`). The
// HTTP admin routes and the command line share these commands; their callers own the audit
// entry's actor, and each change is audited in the transaction that makes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/organisation_json.hpp"
#include "domain/accounts.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// Disables the user and ends every open session of theirs at `now`, so that the user's next
// request is refused at once. Returns the number of sessions ended. REQUIRES: inside a
// transaction. An unknown user id is an error on field "user".
Result<int64_t> DisableUser(Journal& journal, std::string_view user_id, int64_t now);

// Enables the user and resets the failed-login count (so that an old lock does not outlast the
// decision to let the user in again). REQUIRES: inside a transaction.
Status EnableUser(Journal& journal, std::string_view user_id);

// Replaces the user's password hash, resets the failed-login count and ends every open session
// (whoever held one must log in with the new password). Returns the number of sessions ended.
// REQUIRES: inside a transaction; `password_hash` already checked (CheckNewPassword) and hashed.
Result<int64_t> ReplacePassword(Journal& journal, std::string_view user_id, std::string_view password_hash, int64_t now);

// What applying an organisation file changes. Nothing is ever deleted or overwritten: a unit or
// user that is stored with other content is a difference, reported and left as it is (except
// that `disabled: true` is still applied to a user who differs: taking access away must not
// wait for a name to be corrected).
struct OrganisationPlan {
  struct NewUser {
    User user;  // With a new id; no password (an identity provider, or `rattvag user password`).
    bool disabled = false;
  };
  std::vector<Unit> units_to_add;
  std::vector<NewUser> users_to_add;
  std::vector<User> users_to_disable;  // Stored, enabled, and disabled in the file.
  std::vector<User> users_to_enable;   // Stored, disabled, and not disabled in the file.
  std::vector<std::string> differences;  // One sentence each, naming the file's path and the field.
  int unchanged_units = 0;
  int unchanged_users = 0;

  bool ChangesNothing() const {
    return units_to_add.empty() && users_to_add.empty() && users_to_disable.empty() && users_to_enable.empty();
  }
};

// The plan, or the file's problems (each naming its JSON path, e.g. "units[3].municipality").
struct PlannedOrganisation {
  OrganisationPlan plan;
  std::vector<Error> errors;  // When not empty, the plan is empty and nothing may be applied.
};

// Checks every unit (ValidateUnit) and user (ParseRole, ValidateUser against its unit in the file
// and as stored) and duplicates within the file, then compares with the journal. Reads only.
// Storage failures are the Result's error.
Result<PlannedOrganisation> PlanOrganisation(Journal& journal, const Organisation& organisation);

// Makes an audit entry of a change: the caller decides the actor and the time.
using AuditEntryMaker = std::function<AuditEntry(std::string action, std::string detail)>;

// Plans inside one transaction and, when the file has no problems and the plan changes
// something, makes every change with its own audit entry (unit_add, user_add, user_disable,
// user_enable) and commits: all or nothing. Returns the plan that was applied (or the problems,
// with nothing stored). Applying the same file again plans no change and writes nothing.
Result<PlannedOrganisation> ApplyOrganisation(Journal& journal, const Organisation& organisation, int64_t now,
                                              const AuditEntryMaker& audit_entry);

// The plan for people: one line per change and per difference.
std::vector<std::string> DescribePlan(const OrganisationPlan& plan);

}  // namespace rattvag
