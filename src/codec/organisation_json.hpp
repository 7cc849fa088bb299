// The organisation file of `rattvag config apply` (issue 3 item 2): the units and users of one
// samordningsförbund, as JSON. README.md ("Organisations and accounts") describes the format;
// docs/organisation.example.json is an example.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/result.hpp"

namespace rattvag {

// A user as the file declares it. The role stays text here: the file's checks (ParseRole,
// ValidateUser) belong to the command that plans the change.
struct DeclaredUser {
  std::string username;
  std::string name;  // The display name.
  std::string role;
  std::string unit;  // A unit's id, of the file or already stored.
  bool disabled = false;
};

struct Organisation {
  std::vector<Unit> units;
  std::vector<DeclaredUser> users;
};

// Decodes the file's structure: a JSON object with `units` and `users` arrays (and an optional
// `description` string), each element an object with known fields of the right JSON types. Every
// problem is returned, its field the JSON path ("units[3].area[1]"); elements with a problem are
// still returned (as far as they could be read) so that the caller can check them too.
struct DecodedOrganisation {
  Organisation organisation;
  std::vector<Error> errors;
};
DecodedOrganisation DecodeOrganisationJson(std::string_view text);

}  // namespace rattvag
