#include "codec/access_review_format.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace rattvag {

namespace json = boost::json;

namespace {

json::array Strings(const std::set<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::object Counts(const std::map<std::string, int64_t>& counts) {
  json::object out;
  for (const auto& [k, v] : counts) out[k] = v;
  return out;
}

std::string_view SwedishFlag(ReviewFlagKind kind) {
  switch (kind) {
    case ReviewFlagKind::kOutsideWorkingHours: return "åtkomst utanför arbetstid";
    case ReviewFlagKind::kManyPersonsWithoutRecords: return "läst många personer utan att dokumentera";
    case ReviewFlagKind::kOtherUnit: return "åtkomst från en annan enhet";
  }
  return "";
}

}  // namespace

std::string AccessReviewJson(const AccessReview& review, std::string_view municipality) {
  json::object root;
  root["municipality"] = municipality;
  root["from"] = review.from.ToString();
  root["to"] = review.to.ToString();
  root["time_zone"] = "Europe/Stockholm";
  root["entries"] = review.entries;
  root["persons"] = review.persons.size();
  json::array users;
  for (const auto& u : review.users)
    users.push_back(json::object{{"user", u.user},
                                 {"username", u.username},
                                 {"name", u.display_name},
                                 {"party", u.party},
                                 {"unit", u.unit},
                                 {"role", u.role},
                                 {"accesses", u.accesses},
                                 {"denied", u.denied},
                                 {"actions", Counts(u.actions)},
                                 {"grounds", Counts(u.grounds)},
                                 {"persons", Strings(u.persons)}});
  root["users"] = std::move(users);
  json::array disclosures;
  for (const auto& d : review.disclosures)
    disclosures.push_back(json::object{{"person_id", d.person_id},
                                       {"consent_id", d.consent_id},
                                       {"party", d.party},
                                       {"unit", d.unit},
                                       {"users", Strings(d.users)},
                                       {"accesses", d.accesses},
                                       {"first_at", d.first_at},
                                       {"last_at", d.last_at}});
  root["disclosures"] = std::move(disclosures);
  json::array refusals;
  for (const auto& r : review.refusals)
    refusals.push_back(json::object{{"at", r.at},
                                    {"user", r.user},
                                    {"party", r.party},
                                    {"unit", r.unit},
                                    {"role", r.role},
                                    {"person_id", r.person_id},
                                    {"action", r.action},
                                    {"reason", r.reason}});
  root["refusals"] = std::move(refusals);
  json::array flags;
  for (const auto& f : review.flags) {
    json::object o{{"kind", Name(f.kind)}, {"user", f.user}, {"count", f.count}, {"first_at", f.first_at},
                   {"last_at", f.last_at}};
    o["person_id"] = f.person_id.empty() ? json::value(nullptr) : json::value(f.person_id);
    flags.push_back(std::move(o));
  }
  root["flags"] = std::move(flags);
  return json::serialize(root) + "\n";
}

std::string AccessReviewText(const AccessReview& review, std::string_view municipality) {
  std::string out = fmt::format("LOGGKONTROLL — kommun {}, {} – {} (svensk tid)\n", municipality,
                                review.from.ToString(), review.to.ToString());
  out += fmt::format("{} loggposter om {} personer\n", review.entries, review.persons.size());
  out += "\nAnvändare\n";
  if (review.users.empty()) out += "  (inga)\n";
  for (const auto& u : review.users) {
    out += fmt::format("  {} ({}), {} {} i {}: {} åtkomster till {} personer, {} nekade\n",
                       u.username.empty() ? u.user : u.username, u.display_name.empty() ? u.user : u.display_name,
                       u.party, u.role, u.unit, u.accesses, u.persons.size(), u.denied);
    for (const auto& [action, n] : u.actions) out += fmt::format("      {:<32} {}\n", action, n);
    for (const auto& [ground, n] : u.grounds) out += fmt::format("      grund {:<26} {}\n", ground, n);
  }
  out += "\nUtlämnanden till andra parter (samtycke)\n";
  if (review.disclosures.empty()) out += "  (inga)\n";
  for (const auto& d : review.disclosures)
    out += fmt::format("  person {} till {} ({}) enligt samtycke {}: {} gånger, {} – {}\n", d.person_id, d.party, d.unit,
                       d.consent_id, d.accesses, d.first_at, d.last_at);
  out += "\nNekade försök\n";
  if (review.refusals.empty()) out += "  (inga)\n";
  for (const auto& r : review.refusals)
    out += fmt::format("  {} {} ({} {}) {} person {}: {}\n", r.at, r.user, r.party, r.unit, r.action, r.person_id, r.reason);
  out += "\nAtt titta närmare på\n";
  if (review.flags.empty()) out += "  (inget)\n";
  for (const auto& f : review.flags)
    out += fmt::format("  {}: {}{}, {} st, {} – {}\n", SwedishFlag(f.kind), f.user,
                       f.person_id.empty() ? "" : ", person " + f.person_id, f.count, f.first_at, f.last_at);
  return out;
}

}  // namespace rattvag
