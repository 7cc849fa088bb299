#include "codec/organisation_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <initializer_list>

namespace rattvag {

namespace json = boost::json;

namespace {

std::string Path(const std::string& array, size_t index, std::string_view field = {}) {
  std::string path = array + "[" + std::to_string(index) + "]";
  if (!field.empty()) path += "." + std::string(field);
  return path;
}

// Reports every key of `object` outside `known`.
void RefuseUnknown(const json::object& object, std::initializer_list<std::string_view> known, const std::string& at,
                   const char* what, std::vector<Error>& errors) {
  for (const auto& [key, value] : object)
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end())
      errors.push_back({at.empty() ? std::string(key) : at + "." + std::string(key), std::string("is not a field of ") + what});
}

// The string at `key` (empty when absent); an error when present but not a string.
std::string Text(const json::object& object, std::string_view key, const std::string& at, std::vector<Error>& errors) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return {};
  if (!value->is_string()) {
    errors.push_back({at + "." + std::string(key), "must be a string"});
    return {};
  }
  return std::string(value->as_string());
}

Unit DecodeUnit(const json::value& value, size_t index, std::vector<Error>& errors) {
  const std::string at = Path("units", index);
  Unit unit;
  if (!value.is_object()) {
    errors.push_back({at, "must be an object with id, name, kind and municipality or area"});
    return unit;
  }
  const json::object& object = value.as_object();
  RefuseUnknown(object, {"id", "name", "kind", "municipality", "area"}, at, "a unit", errors);
  unit.id = Text(object, "id", at, errors);
  unit.name = Text(object, "name", at, errors);
  unit.kind = Text(object, "kind", at, errors);
  unit.municipality = Text(object, "municipality", at, errors);
  if (const json::value* area = object.if_contains("area")) {
    if (!area->is_array()) {
      errors.push_back({at + ".area", "must be an array of four-digit SCB codes, e.g. [\"1380\", \"1381\"]"});
    } else {
      for (size_t i = 0; i < area->as_array().size(); ++i) {
        const json::value& code = area->as_array()[i];
        if (code.is_string())
          unit.area.emplace_back(code.as_string());
        else
          errors.push_back({Path(at + ".area", i), "must be a string (a four-digit SCB code)"});
      }
    }
  }
  return unit;
}

DeclaredUser DecodeUser(const json::value& value, size_t index, std::vector<Error>& errors) {
  const std::string at = Path("users", index);
  DeclaredUser user;
  if (!value.is_object()) {
    errors.push_back({at, "must be an object with username, name, role and unit"});
    return user;
  }
  const json::object& object = value.as_object();
  RefuseUnknown(object, {"username", "name", "role", "unit", "disabled"}, at, "a user", errors);
  user.username = Text(object, "username", at, errors);
  user.name = Text(object, "name", at, errors);
  user.role = Text(object, "role", at, errors);
  user.unit = Text(object, "unit", at, errors);
  if (const json::value* disabled = object.if_contains("disabled")) {
    if (disabled->is_bool())
      user.disabled = disabled->as_bool();
    else
      errors.push_back({at + ".disabled", "must be true or false"});
  }
  return user;
}

}  // namespace

DecodedOrganisation DecodeOrganisationJson(std::string_view text) {
  DecodedOrganisation out;
  json::error_code ec;
  const json::value root = json::parse(text, ec);
  if (ec) {
    out.errors.push_back({"", "is not valid JSON (" + ec.message() + ")"});
    return out;
  }
  if (!root.is_object()) {
    out.errors.push_back({"", "must be a JSON object with the arrays units and users"});
    return out;
  }
  const json::object& object = root.as_object();
  RefuseUnknown(object, {"description", "units", "users"}, "", "the organisation file", out.errors);
  if (const json::value* description = object.if_contains("description"); description && !description->is_string())
    out.errors.push_back({"description", "must be a string"});
  const auto array = [&](const char* key) -> const json::array* {
    const json::value* value = object.if_contains(key);
    if (value == nullptr) return nullptr;  // An organisation may declare only units, or only users.
    if (!value->is_array()) {
      out.errors.push_back({key, "must be an array"});
      return nullptr;
    }
    return &value->as_array();
  };
  if (const json::array* units = array("units"))
    for (size_t i = 0; i < units->size(); ++i) out.organisation.units.push_back(DecodeUnit((*units)[i], i, out.errors));
  if (const json::array* users = array("users"))
    for (size_t i = 0; i < users->size(); ++i) out.organisation.users.push_back(DecodeUser((*users)[i], i, out.errors));
  return out;
}

}  // namespace rattvag
