#include "codec/fhir.hpp"

#include <algorithm>
#include <cctype>

#include "domain/access.hpp"
#include "domain/method.hpp"
#include "security/sha256.hpp"

namespace rattvag::fhir {

namespace json = boost::json;

namespace {

constexpr std::string_view kConsentScopeSystem = "http://terminology.hl7.org/CodeSystem/consentscope";
constexpr std::string_view kActReasonSystem = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
constexpr std::string_view kParticipationTypeSystem = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
constexpr std::string_view kLoincSystem = "http://loinc.org";
constexpr std::string_view kPersonRole = "Den enskilde";

bool IsFhirIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }

// True for an ISO 8601 instant with seconds and a zone: "2026-11-27T14:03:00Z",
// "2026-11-27T14:03:00.123+01:00" (FHIR's instant; its date must be a real date).
bool IsInstant(std::string_view s) {
  if (s.size() < 20 || !Date::Parse(s.substr(0, 10)) || s[10] != 'T') return false;
  auto digits = [&](size_t at, size_t n) {
    for (size_t i = at; i < at + n; ++i)
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
  };
  if (!digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' || !digits(17, 2)) return false;
  if (std::stoi(std::string(s.substr(11, 2))) > 23 || std::stoi(std::string(s.substr(14, 2))) > 59 ||
      std::stoi(std::string(s.substr(17, 2))) > 60)
    return false;
  size_t at = 19;
  if (s[at] == '.') {
    size_t end = at + 1;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    if (end == at + 1) return false;
    at = end;
  }
  std::string_view zone = s.substr(at);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(at + 1, 2) && zone[3] == ':' &&
         digits(at + 4, 2);
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A generated narrative (Resource.text) of plain paragraphs, each escaped.
json::object Narrative(std::initializer_list<std::string> paragraphs) {
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
  for (const std::string& p : paragraphs)
    if (!p.empty()) div += "<p>" + XmlEscape(p) + "</p>";
  div += "</div>";
  return json::object{{"status", "generated"}, {"div", div}};
}

json::object Coding(std::string_view system, std::string_view code, std::string_view display) {
  return json::object{{"system", system}, {"code", code}, {"display", display}};
}

json::object Text(std::string_view text) { return json::object{{"text", text}}; }

// A reference by display only, to something this bundle does not hold (an organisation or a
// member of staff named in the plan).
json::object DisplayReference(std::string_view type, std::string_view display) {
  return json::object{{"type", type}, {"display", display}};
}

json::object OrganizationReference(Party party) { return DisplayReference("Organization", MethodTitle(party)); }

// A bundle entry: its stable fullUrl and the resource.
json::object Entry(const json::object& resource) {
  return json::object{
      {"fullUrl", StableUuid(resource.at("resourceType").as_string(), resource.at("id").as_string())},
      {"resource", resource}};
}

bool IsPersonThemselves(const SipParticipant& p) {
  if (p.party) return false;
  std::string role = p.role;
  std::transform(role.begin(), role.end(), role.begin(), [](unsigned char c) { return std::tolower(c); });
  return role == "den enskilde";
}

// The Goal lifecycle status of `goal` within `plan`: proposed while the plan is a draft;
// completed when the interventions serving it are all done or cancelled (at least one done);
// otherwise active.
std::string_view GoalStatus(const SipPlan& plan, const SipGoal& goal) {
  if (!plan.agreed_on) return "proposed";
  bool any_done = false, all_closed = true, any = false;
  for (const SipIntervention& i : plan.interventions) {
    if (i.goal_id != goal.id) continue;
    any = true;
    any_done = any_done || i.status == InterventionStatus::kDone;
    all_closed = all_closed && (i.status == InterventionStatus::kDone || i.status == InterventionStatus::kCancelled);
  }
  return any && any_done && all_closed ? "completed" : "active";
}

std::string_view CareTeamStatus(std::string_view plan_status) {
  if (plan_status == "draft") return "proposed";
  if (plan_status == "active") return "active";
  return "inactive";
}

}  // namespace

std::string StableUuid(std::string_view resource_type, std::string_view id) {
  std::string name;
  name.append(resource_type).append("/").append(id);
  // RFC 9562 appendix B.2: the first 128 bits of SHA-256 of the name, version 8, variant 10.
  std::string bytes = Sha256("rattvag:fhir:" + name).substr(0, 16);
  bytes[6] = static_cast<char>((static_cast<unsigned char>(bytes[6]) & 0x0F) | 0x80);
  bytes[8] = static_cast<char>((static_cast<unsigned char>(bytes[8]) & 0x3F) | 0x80);
  const std::string hex = Hex(bytes);
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20, 12);
}

std::string FhirId(std::string_view id) {
  if (!id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), IsFhirIdChar)) return std::string(id);
  return Hex(Sha256(id));
}

std::string_view CarePlanStatus(const SipPlan& plan, Superseded superseded) {
  if (!plan.agreed_on) return "draft";
  if (superseded == Superseded::kYes) return "revoked";
  bool any_done = false;
  for (const SipIntervention& i : plan.interventions) {
    if (i.status == InterventionStatus::kDone) any_done = true;
    else if (i.status != InterventionStatus::kCancelled) return "active";
  }
  return any_done ? "completed" : "active";
}

std::string_view ActivityStatus(InterventionStatus status) {
  switch (status) {
    case InterventionStatus::kPlanned: return "scheduled";
    case InterventionStatus::kOngoing: return "in-progress";
    case InterventionStatus::kDone: return "completed";
    case InterventionStatus::kCancelled: return "cancelled";
  }
  return "unknown";
}

Result<json::object> SipBundle(const Sip& sip, int version, const std::optional<PatientIdentity>& identity,
                               std::string_view timestamp) {
  if (!IsInstant(timestamp)) return Error{"timestamp", "must be an instant such as 2026-11-27T14:03:00Z"};
  const auto found = std::find_if(sip.versions.begin(), sip.versions.end(),
                                  [version](const SipVersion& v) { return v.number == version; });
  if (found == sip.versions.end()) return Error{"version", "this SIP has no version " + std::to_string(version)};
  const SipVersion& v = *found;
  const SipPlan& plan = v.plan;
  const bool latest = std::none_of(sip.versions.begin(), sip.versions.end(),
                                   [version](const SipVersion& other) { return other.number > version; });

  const std::string patient_id = FhirId(sip.person_public_id);
  json::object patient_ref;
  if (identity) {
    patient_ref = json::object{{"reference", StableUuid("Patient", patient_id)}, {"type", "Patient"}};
    if (!identity->name.empty()) patient_ref["display"] = identity->name;
  } else {
    patient_ref = json::object{{"reference", "Patient/" + patient_id}, {"type", "Patient"}};
  }
  const std::string plan_id = FhirId(sip.id);
  const std::string team_id = FhirId(sip.id + "-team");
  const std::string_view status = CarePlanStatus(plan, latest ? Superseded::kNo : Superseded::kYes);

  // Goals: the person's own words, expressed by the person.
  json::array goal_entries, goal_refs;
  std::vector<std::pair<std::string, std::string>> goal_urls;  // Our goal id → fullUrl.
  for (const SipGoal& g : plan.goals) {
    const std::string id = FhirId(sip.id + "-goal-" + g.id);
    json::object goal{{"resourceType", "Goal"},
                      {"id", id},
                      {"lifecycleStatus", GoalStatus(plan, g)},
                      {"description", Text(g.text)},
                      {"subject", patient_ref},
                      {"expressedBy", patient_ref}};
    if (plan.agreed_on) goal["startDate"] = plan.agreed_on->ToString();
    goal_urls.emplace_back(g.id, StableUuid("Goal", id));
    goal_refs.push_back(json::object{{"reference", goal_urls.back().second}, {"type", "Goal"}});
    goal_entries.push_back(Entry(goal));
  }
  auto goal_url = [&goal_urls](const std::string& goal_id) -> const std::string* {
    for (const auto& [id, url] : goal_urls)
      if (id == goal_id) return &url;
    return nullptr;
  };

  // Activities: every intervention, then the follow-up when there is one.
  json::array activities;
  for (const SipIntervention& i : plan.interventions) {
    json::object period{{"start", i.start.ToString()}};
    if (i.end) period["end"] = i.end->ToString();
    json::array performers{OrganizationReference(i.responsible)};
    if (!i.contact_name.empty()) {
      std::string contact = i.contact_name;
      if (!i.contact_phone.empty()) contact += " (tfn " + i.contact_phone + ")";
      performers.push_back(DisplayReference("Practitioner", contact));
    }
    json::object detail{{"kind", "ServiceRequest"},
                        {"code", Text("Insats")},
                        {"status", ActivityStatus(i.status)},
                        {"description", i.description},
                        {"scheduledPeriod", std::move(period)},
                        {"performer", std::move(performers)}};
    if (i.goal_id)
      if (const std::string* url = goal_url(*i.goal_id))
        detail["goal"] = json::array{json::object{{"reference", *url}, {"type", "Goal"}}};
    activities.push_back(json::object{{"detail", std::move(detail)}});
  }
  if (plan.follow_up) {
    json::array performers{OrganizationReference(plan.coordinator_party)};
    if (!plan.coordinator_name.empty()) performers.push_back(DisplayReference("Practitioner", plan.coordinator_name));
    activities.push_back(json::object{
        {"detail", json::object{{"kind", "Appointment"},
                                {"code", Text("Uppföljning av SIP")},
                                {"status", "scheduled"},
                                {"description", "Uppföljning av planen"},
                                {"scheduledPeriod", json::object{{"start", plan.follow_up->ToString()},
                                                                 {"end", plan.follow_up->ToString()}}},
                                {"performer", std::move(performers)}}}});
  }

  json::array notes;
  if (!plan.others_do.empty()) notes.push_back(Text("Vad andra gör: " + plan.others_do));
  notes.push_back(Text(plan.person_consents
                           ? "Den enskilde samtycker till planen och till att parterna delar uppgifter för den."
                           : "Den enskilde har inte lämnat samtycke till planen."));
  if (!v.comment.empty()) notes.push_back(Text("Ändring i version " + std::to_string(v.number) + ": " + v.comment));

  json::object meta{{"versionId", std::to_string(v.number)}};
  if (IsInstant(v.created_at)) meta["lastUpdated"] = v.created_at;
  json::object care_plan{{"resourceType", "CarePlan"},
                         {"id", plan_id},
                         {"meta", std::move(meta)},
                         {"status", status},
                         {"intent", "plan"},
                         {"category", json::array{Text("Samordnad individuell plan (SIP)")}},
                         {"subject", patient_ref},
                         {"period", json::object{{"start", (plan.agreed_on ? *plan.agreed_on : sip.called_on).ToString()}}},
                         {"author", DisplayReference("Practitioner", v.author_name + ", " +
                                                                         std::string(MethodTitle(v.author_party)))},
                         {"careTeam", json::array{json::object{{"reference", StableUuid("CareTeam", team_id)},
                                                               {"type", "CareTeam"}}}},
                         {"note", std::move(notes)}};
  if (IsInstant(v.created_at)) care_plan["created"] = v.created_at;
  if (!sip.title.empty()) care_plan["title"] = sip.title;
  care_plan["description"] = "Samordnad individuell plan, version " + std::to_string(v.number) +
                             (plan.agreed_on ? ", godkänd av den enskilde " + plan.agreed_on->ToString()
                                             : ", utkast");
  if (!goal_refs.empty()) care_plan["goal"] = std::move(goal_refs);
  if (!activities.empty()) care_plan["activity"] = std::move(activities);

  // The care team: the person, every participant, the coordinator.
  json::array participants;
  json::object person_member = patient_ref;
  participants.push_back(json::object{{"role", json::array{Text(kPersonRole)}}, {"member", std::move(person_member)}});
  bool coordinator_listed = false;
  for (const SipParticipant& p : plan.participants) {
    if (IsPersonThemselves(p)) continue;
    json::array roles;
    if (!p.role.empty()) roles.push_back(Text(p.role));
    const bool coordinator = p.party && *p.party == plan.coordinator_party && p.name == plan.coordinator_name;
    if (coordinator) {
      roles.push_back(Text("Samordnare"));
      coordinator_listed = true;
    }
    json::object participant;
    if (!roles.empty()) participant["role"] = std::move(roles);
    if (p.party) {
      participant["member"] = DisplayReference("Practitioner", p.name);
      participant["onBehalfOf"] = OrganizationReference(*p.party);
    } else {
      participant["member"] = DisplayReference("RelatedPerson", p.name);
    }
    participants.push_back(std::move(participant));
  }
  if (!coordinator_listed && !plan.coordinator_name.empty())
    participants.push_back(json::object{{"role", json::array{Text("Samordnare")}},
                                        {"member", DisplayReference("Practitioner", plan.coordinator_name)},
                                        {"onBehalfOf", OrganizationReference(plan.coordinator_party)}});
  json::object team{{"resourceType", "CareTeam"},
                    {"id", team_id},
                    {"status", CareTeamStatus(status)},
                    {"name", sip.title.empty() ? std::string("SIP") : "SIP: " + sip.title},
                    {"subject", patient_ref},
                    {"period", json::object{{"start", sip.called_on.ToString()}}},
                    {"participant", std::move(participants)},
                    {"managingOrganization", json::array{OrganizationReference(sip.called_by)}}};

  json::array entries{Entry(care_plan), Entry(team)};
  for (auto& e : goal_entries) entries.push_back(std::move(e));
  if (identity) {
    json::object patient{{"resourceType", "Patient"},
                         {"id", patient_id},
                         {"identifier", json::array{json::object{{"use", "official"},
                                                                 {"system", kPersonnummerSystem},
                                                                 {"value", identity->personnummer}}}}};
    if (!identity->name.empty()) patient["name"] = json::array{Text(identity->name)};
    entries.push_back(Entry(patient));
  }
  return json::object{{"resourceType", "Bundle"},
                      {"id", FhirId(sip.id + "-v" + std::to_string(v.number))},
                      {"type", "collection"},
                      {"timestamp", timestamp},
                      {"entry", std::move(entries)}};
}

json::object ConsentResource(std::string_view person_public_id, const ConsentView& consent, Date as_of,
                             std::string_view organization) {
  std::string_view status = "active";
  if (!ConsentInForce(consent, as_of)) status = consent.given > as_of && !consent.revoked ? "proposed" : "inactive";

  json::array actors;
  std::string party_names;
  for (int p = 0; p < kPartyCount; ++p) {
    const Party party = static_cast<Party>(p);
    if (!(consent.parties & PartyBit(party))) continue;
    actors.push_back(json::object{
        {"role", json::object{{"coding", json::array{Coding(kParticipationTypeSystem, "IRCP", "information recipient")}},
                              {"text", "Mottagare av uppgifter"}}},
        {"reference", OrganizationReference(party)}});
    party_names += (party_names.empty() ? "" : ", ") + std::string(MethodTitle(party));
  }
  json::object period{{"start", consent.given.ToString()}};
  if (consent.until) period["end"] = consent.until->ToString();
  json::object provision{{"type", "permit"},
                         {"period", std::move(period)},
                         {"purpose", json::array{Coding(kActReasonSystem, "COC", "coordination of care")}}};
  if (!actors.empty()) provision["actor"] = std::move(actors);

  std::string validity = "Givet " + consent.given.ToString();
  if (consent.until) validity += ", gäller till och med " + consent.until->ToString();
  if (consent.revoked) validity += ", återkallat " + consent.revoked->ToString();
  validity += ".";
  json::object resource{
      {"resourceType", "Consent"},
      {"id", FhirId(consent.consent_id)},
      {"text", Narrative({"Samtycke till informationsutbyte mellan " + std::string(MethodTitle(Party::kEb)) +
                              " och: " + (party_names.empty() ? "-" : party_names) + ".",
                          consent.purpose.empty() ? std::string() : "Syfte: " + consent.purpose, validity})},
      {"status", status},
      {"scope", json::object{{"coding", json::array{Coding(kConsentScopeSystem, "patient-privacy", "Privacy Consent")}},
                             {"text", "Samtycke till att uppgifter lämnas ut"}}},
      {"category", json::array{json::object{{"coding", json::array{Coding(kLoincSystem, "59284-0", "Patient Consent")}},
                                            {"text", "Samtycke till samverkan"}}}},
      {"patient", json::object{{"reference", "Patient/" + FhirId(person_public_id)}, {"type", "Patient"}}},
      {"dateTime", consent.given.ToString()},
      {"organization", json::array{DisplayReference("Organization", organization)}},
      // Text only: no code of the (extensible) consent-policy value set fits Swedish law.
      {"policyRule", Text("Den enskildes samtycke (12 kap. 2 § offentlighets- och sekretesslagen)")},
      {"provision", std::move(provision)}};
  return resource;
}

Result<json::object> ConsentBundle(std::string_view person_public_id, std::span<const ConsentView> consents,
                                   Date as_of, std::string_view organization, std::string_view timestamp) {
  if (!IsInstant(timestamp)) return Error{"timestamp", "must be an instant such as 2026-11-27T14:03:00Z"};
  json::array entries;
  for (const ConsentView& c : consents) entries.push_back(Entry(ConsentResource(person_public_id, c, as_of, organization)));
  return json::object{{"resourceType", "Bundle"},
                      {"id", FhirId("consents-" + std::string(person_public_id) + "-" + as_of.ToString())},
                      {"type", "collection"},
                      {"timestamp", timestamp},
                      {"entry", std::move(entries)}};
}

}  // namespace rattvag::fhir
