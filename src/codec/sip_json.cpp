#include "codec/sip_json.hpp"

#include <string>

namespace rattvag {

namespace json = boost::json;

namespace {

json::value DateOrNull(const std::optional<Date>& d) { return d ? json::value(d->ToString()) : json::value(nullptr); }

std::string At(std::string_view list, size_t i, std::string_view field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + std::string(field);
}

// Reads one field of `o` into `out`; a missing or null field leaves `out` as it is.
Status Text(const json::object& o, std::string_view key, const std::string& field, std::string& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_string()) return Error{field, "must be a string"};
  out = std::string(v->as_string());
  return Status::Ok();
}

Status OptionalDate(const json::object& o, std::string_view key, const std::string& field, std::optional<Date>& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return Status::Ok();
  if (!v->is_string()) return Error{field, "must be a date as YYYY-MM-DD, or null"};
  out = Date::Parse(std::string_view(v->as_string()));
  if (!out) return Error{field, "must be a date as YYYY-MM-DD, or null"};
  return Status::Ok();
}

Status PartyField(const json::value& v, const std::string& field, Party& out) {
  if (!v.is_string()) return Error{field, "must be one of eb, fk, region, af, ame, nurse"};
  const auto p = ParseParty(std::string_view(v.as_string()));
  if (!p) return Error{field, "must be one of eb, fk, region, af, ame, nurse"};
  out = *p;
  return Status::Ok();
}

Status Keys(const json::object& o, const std::string& where, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : o) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) return Error{where + std::string(key), "is not a field here"};
  }
  return Status::Ok();
}

const json::array* List(const json::object& o, std::string_view key, Status& status) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) status = Error{std::string(key), "must be a list"};
  return v->if_array();
}

}  // namespace

json::object SipPlanToJson(const SipPlan& plan) {
  json::array goals;
  for (const SipGoal& g : plan.goals) goals.push_back(json::object{{"id", g.id}, {"text", g.text}});
  json::array interventions;
  for (const SipIntervention& v : plan.interventions) {
    json::object o{{"id", v.id},
                   {"description", v.description},
                   {"responsible", std::string(Name(v.responsible))},
                   {"contact_name", v.contact_name},
                   {"contact_phone", v.contact_phone},
                   {"start", v.start.ToString()},
                   {"end", DateOrNull(v.end)},
                   {"status", std::string(Name(v.status))}};
    o["goal_id"] = v.goal_id ? json::value(*v.goal_id) : json::value(nullptr);
    interventions.push_back(std::move(o));
  }
  json::array participants;
  for (const SipParticipant& p : plan.participants) {
    json::object o{{"name", p.name}, {"role", p.role}};
    o["party"] = p.party ? json::value(std::string(Name(*p.party))) : json::value(nullptr);
    participants.push_back(std::move(o));
  }
  return json::object{{"goals", std::move(goals)},
                      {"interventions", std::move(interventions)},
                      {"others_do", plan.others_do},
                      {"coordinator_name", plan.coordinator_name},
                      {"coordinator_party", std::string(Name(plan.coordinator_party))},
                      {"participants", std::move(participants)},
                      {"follow_up", DateOrNull(plan.follow_up)},
                      {"person_consents", plan.person_consents},
                      {"agreed_on", DateOrNull(plan.agreed_on)}};
}

Result<SipPlan> SipPlanFromJson(const json::object& o, std::span<const std::string_view> other_keys) {
  static constexpr std::string_view kPlanKeys[] = {"goals",        "interventions", "others_do",
                                                    "coordinator_name", "coordinator_party", "participants",
                                                    "follow_up",    "person_consents", "agreed_on"};
  for (const auto& [key, value] : o) {
    bool known = false;
    for (std::string_view k : kPlanKeys) known = known || k == key;
    for (std::string_view k : other_keys) known = known || k == key;
    if (!known) return Error{std::string(key), "is not a field of a SIP"};
  }
  SipPlan plan;
  Status status;
  if (const json::array* goals = List(o, "goals", status)) {
    for (size_t i = 0; i < goals->size(); ++i) {
      const json::value& g = (*goals)[i];
      if (!g.is_object()) return Error{"goals[" + std::to_string(i) + "]", "must be an object with id and text"};
      RATTVAG_TRY_STATUS(Keys(g.as_object(), "goals[" + std::to_string(i) + "].", {"id", "text"}));
      SipGoal goal;
      RATTVAG_TRY_STATUS(Text(g.as_object(), "id", At("goals", i, "id"), goal.id));
      RATTVAG_TRY_STATUS(Text(g.as_object(), "text", At("goals", i, "text"), goal.text));
      plan.goals.push_back(std::move(goal));
    }
  }
  RATTVAG_TRY_STATUS(status);
  if (const json::array* list = List(o, "interventions", status)) {
    for (size_t i = 0; i < list->size(); ++i) {
      const json::value& item = (*list)[i];
      if (!item.is_object()) return Error{"interventions[" + std::to_string(i) + "]", "must be an object"};
      const json::object& x = item.as_object();
      RATTVAG_TRY_STATUS(Keys(x, "interventions[" + std::to_string(i) + "].",
                              {"id", "description", "responsible", "contact_name", "contact_phone", "start", "end",
                               "status", "goal_id"}));
      SipIntervention v;
      RATTVAG_TRY_STATUS(Text(x, "id", At("interventions", i, "id"), v.id));
      RATTVAG_TRY_STATUS(Text(x, "description", At("interventions", i, "description"), v.description));
      const json::value* responsible = x.if_contains("responsible");
      if (!responsible) return Error{At("interventions", i, "responsible"), "is required: the responsible party"};
      RATTVAG_TRY_STATUS(PartyField(*responsible, At("interventions", i, "responsible"), v.responsible));
      RATTVAG_TRY_STATUS(Text(x, "contact_name", At("interventions", i, "contact_name"), v.contact_name));
      RATTVAG_TRY_STATUS(Text(x, "contact_phone", At("interventions", i, "contact_phone"), v.contact_phone));
      std::optional<Date> start;
      RATTVAG_TRY_STATUS(OptionalDate(x, "start", At("interventions", i, "start"), start));
      if (!start) return Error{At("interventions", i, "start"), "is required, as YYYY-MM-DD"};
      v.start = *start;
      RATTVAG_TRY_STATUS(OptionalDate(x, "end", At("interventions", i, "end"), v.end));
      if (const json::value* s = x.if_contains("status"); s && !s->is_null()) {
        const auto parsed = s->is_string() ? ParseInterventionStatus(std::string_view(s->as_string())) : std::nullopt;
        if (!parsed) return Error{At("interventions", i, "status"), "must be one of planned, ongoing, done, cancelled"};
        v.status = *parsed;
      }
      std::string goal;
      RATTVAG_TRY_STATUS(Text(x, "goal_id", At("interventions", i, "goal_id"), goal));
      if (!goal.empty()) v.goal_id = goal;
      plan.interventions.push_back(std::move(v));
    }
  }
  RATTVAG_TRY_STATUS(status);
  if (const json::array* list = List(o, "participants", status)) {
    for (size_t i = 0; i < list->size(); ++i) {
      const json::value& item = (*list)[i];
      if (!item.is_object()) return Error{"participants[" + std::to_string(i) + "]", "must be an object"};
      const json::object& x = item.as_object();
      RATTVAG_TRY_STATUS(Keys(x, "participants[" + std::to_string(i) + "].", {"name", "party", "role"}));
      SipParticipant p;
      RATTVAG_TRY_STATUS(Text(x, "name", At("participants", i, "name"), p.name));
      RATTVAG_TRY_STATUS(Text(x, "role", At("participants", i, "role"), p.role));
      if (const json::value* party = x.if_contains("party"); party && !party->is_null()) {
        Party value{};
        RATTVAG_TRY_STATUS(PartyField(*party, At("participants", i, "party"), value));
        p.party = value;
      }
      plan.participants.push_back(std::move(p));
    }
  }
  RATTVAG_TRY_STATUS(status);
  RATTVAG_TRY_STATUS(Text(o, "others_do", "others_do", plan.others_do));
  RATTVAG_TRY_STATUS(Text(o, "coordinator_name", "coordinator_name", plan.coordinator_name));
  if (const json::value* party = o.if_contains("coordinator_party"); party && !party->is_null())
    RATTVAG_TRY_STATUS(PartyField(*party, "coordinator_party", plan.coordinator_party));
  RATTVAG_TRY_STATUS(OptionalDate(o, "follow_up", "follow_up", plan.follow_up));
  RATTVAG_TRY_STATUS(OptionalDate(o, "agreed_on", "agreed_on", plan.agreed_on));
  if (const json::value* consents = o.if_contains("person_consents"); consents && !consents->is_null()) {
    if (!consents->is_bool()) return Error{"person_consents", "must be true or false"};
    plan.person_consents = consents->as_bool();
  }
  return plan;
}

json::object SipVersionHeaderToJson(const SipVersion& v) {
  return json::object{{"number", v.number},
                      {"created_at", v.created_at},
                      {"author_name", v.author_name},
                      {"author_party", std::string(Name(v.author_party))},
                      {"comment", v.comment}};
}

json::object SipVersionToJson(const SipVersion& v) {
  json::object o = SipVersionHeaderToJson(v);
  o["plan"] = SipPlanToJson(v.plan);
  return o;
}

json::object SipChangeToJson(const SipChange& c) {
  return json::object{{"kind", std::string(Name(c.kind))},
                      {"kind_label", std::string(SwedishName(c.kind))},
                      {"item", std::string(Name(c.item))},
                      {"item_label", std::string(SwedishName(c.item))},
                      {"id", c.id},
                      {"field", c.field},
                      {"field_label", c.field_label},
                      {"before", c.before},
                      {"after", c.after},
                      {"summary", c.summary}};
}

}  // namespace rattvag
