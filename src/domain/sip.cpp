#include "domain/sip.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <set>

#include "domain/contacts.hpp"
#include "domain/method.hpp"

namespace rattvag {
namespace {

constexpr std::array<std::string_view, 4> kInterventionStatusNames = {"planned", "ongoing", "done", "cancelled"};
constexpr std::array<std::string_view, 4> kInterventionStatusSwedish = {"Planerad", "Pågår", "Klar", "Avbruten"};

}  // namespace

std::string_view Name(InterventionStatus v) { return kInterventionStatusNames[static_cast<size_t>(v)]; }
std::string_view SwedishName(InterventionStatus v) { return kInterventionStatusSwedish[static_cast<size_t>(v)]; }

std::optional<InterventionStatus> ParseInterventionStatus(std::string_view s) {
  for (size_t i = 0; i < kInterventionStatusNames.size(); ++i)
    if (kInterventionStatusNames[i] == s) return static_cast<InterventionStatus>(i);
  return std::nullopt;
}

namespace {

constexpr std::array<std::string_view, 3> kChangeKindNames = {"added", "removed", "changed"};
constexpr std::array<std::string_view, 3> kChangeKindSwedish = {"Tillagt", "Borttaget", "Ändrat"};
constexpr std::array<std::string_view, 4> kItemNames = {"plan", "goal", "intervention", "participant"};
constexpr std::array<std::string_view, 4> kItemSwedish = {"Planen", "Mål", "Insats", "Deltagare"};

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kSipMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool HasLineBreak(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

std::string Indexed(std::string_view list, size_t i, std::string_view field) {
  return std::string(list) + "[" + std::to_string(i) + "]" + (field.empty() ? "" : ".") + std::string(field);
}

// A required one-line text of at most `max` bytes.
void CheckName(std::vector<Error>& errors, const std::string& field, std::string_view text, size_t max) {
  if (Blank(text)) errors.push_back({field, "is required"});
  else if (text.size() > max) errors.push_back({field, "must be at most " + std::to_string(max) + " bytes"});
  else if (HasLineBreak(text)) errors.push_back({field, "must be one line"});
}

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : std::string(); }
std::string PartyText(Party p) { return std::string(MethodTitle(p)); }
std::string YesNo(bool b) { return b ? "Ja" : "Nej"; }

// Appends a change of `field` when `before` and `after` differ.
void Field(std::vector<SipChange>& out, SipItem item, const std::string& id, std::string_view field,
           std::string_view label, const std::string& before, const std::string& after) {
  if (before == after) return;
  SipChange c{SipChangeKind::kChanged, item, id, std::string(field), std::string(label), before, after, ""};
  std::string subject = item == SipItem::kPlan ? std::string() : std::string(SwedishName(item)) + " " + id + ": ";
  const std::string from = before.empty() ? "(tomt)" : "”" + before + "”";
  const std::string to = after.empty() ? "(tomt)" : "”" + after + "”";
  c.summary = subject + std::string(label) + " från " + from + " till " + to + ".";
  out.push_back(std::move(c));
}

void Presence(std::vector<SipChange>& out, SipChangeKind kind, SipItem item, const std::string& id,
              const std::string& text) {
  SipChange c{kind, item, id, "", "", "", "", ""};
  (kind == SipChangeKind::kAdded ? c.after : c.before) = text;
  c.summary = std::string(SwedishName(item)) + " " + id + (kind == SipChangeKind::kAdded ? " tillagt" : " borttaget") +
              (text.empty() ? "" : ": ”" + text + "”") + ".";
  if (item == SipItem::kIntervention || item == SipItem::kParticipant) {
    // "Insats i3 tillagd", "Deltagare X tillagd": Swedish agreement of the participle.
    const size_t at = c.summary.find(kind == SipChangeKind::kAdded ? " tillagt" : " borttaget");
    c.summary.replace(at, kind == SipChangeKind::kAdded ? 8 : 10, kind == SipChangeKind::kAdded ? " tillagd" : " borttagen");
  }
  out.push_back(std::move(c));
}

// Items of `from` and `to` matched by key: removed ones, then for each item of `to` in order
// added or compared.
template <typename T, typename Key, typename Text, typename Compare>
void CompareLists(std::vector<SipChange>& out, SipItem item, const std::vector<T>& from, const std::vector<T>& to,
                  Key key, Text text, Compare compare) {
  auto find = [&](const std::vector<T>& list, const std::string& k) -> const T* {
    for (const T& x : list)
      if (key(x) == k) return &x;
    return nullptr;
  };
  for (const T& old : from)
    if (!find(to, key(old))) Presence(out, SipChangeKind::kRemoved, item, key(old), text(old));
  for (const T& now : to) {
    const T* old = find(from, key(now));
    if (!old) Presence(out, SipChangeKind::kAdded, item, key(now), text(now));
    else compare(*old, now);
  }
}

bool Serves(const Actor& actor, Party party, std::string_view municipality) {
  if (party == Party::kAme || party == Party::kNurse || party == Party::kEb) return actor.municipality == municipality;
  return std::find(actor.area.begin(), actor.area.end(), municipality) != actor.area.end();
}

}  // namespace

std::vector<Error> ValidateSipPlan(const SipPlan& plan, Date today) {
  std::vector<Error> errors;
  if (plan.goals.size() > kSipMaxGoals)
    errors.push_back({"goals", "must be at most " + std::to_string(kSipMaxGoals)});
  std::set<std::string> goal_ids;
  for (size_t i = 0; i < plan.goals.size() && i < kSipMaxGoals; ++i) {
    const SipGoal& g = plan.goals[i];
    if (!ValidId(g.id)) errors.push_back({Indexed("goals", i, "id"), "must be 1–32 of a–z, 0–9, - and _"});
    else if (!goal_ids.insert(g.id).second) errors.push_back({Indexed("goals", i, "id"), "is used by another goal"});
    if (Blank(g.text)) errors.push_back({Indexed("goals", i, "text"), "is required: the goal in the person's own words"});
    else if (g.text.size() > kSipMaxGoalLength)
      errors.push_back({Indexed("goals", i, "text"), "must be at most " + std::to_string(kSipMaxGoalLength) + " bytes"});
  }
  if (plan.interventions.size() > kSipMaxInterventions)
    errors.push_back({"interventions", "must be at most " + std::to_string(kSipMaxInterventions)});
  std::set<std::string> intervention_ids;
  for (size_t i = 0; i < plan.interventions.size() && i < kSipMaxInterventions; ++i) {
    const SipIntervention& v = plan.interventions[i];
    if (!ValidId(v.id)) errors.push_back({Indexed("interventions", i, "id"), "must be 1–32 of a–z, 0–9, - and _"});
    else if (!intervention_ids.insert(v.id).second)
      errors.push_back({Indexed("interventions", i, "id"), "is used by another intervention"});
    if (Blank(v.description)) errors.push_back({Indexed("interventions", i, "description"), "is required"});
    else if (v.description.size() > kSipMaxDescriptionLength)
      errors.push_back({Indexed("interventions", i, "description"),
                        "must be at most " + std::to_string(kSipMaxDescriptionLength) + " bytes"});
    CheckName(errors, Indexed("interventions", i, "contact_name"), v.contact_name, kSipMaxNameLength);
    if (!v.contact_phone.empty() && !IsSwedishPhoneNumber(v.contact_phone))
      errors.push_back({Indexed("interventions", i, "contact_phone"),
                        "must be a Swedish phone number such as 035-13 70 00 or +46 35 13 70 00, or empty"});
    if (v.end && *v.end < v.start)
      errors.push_back({Indexed("interventions", i, "end"), "must be on or after the start (" + v.start.ToString() + ")"});
    if (v.goal_id &&
        std::none_of(plan.goals.begin(), plan.goals.end(), [&](const SipGoal& g) { return g.id == *v.goal_id; }))
      errors.push_back({Indexed("interventions", i, "goal_id"), "names no goal of the plan"});
  }
  if (plan.participants.size() > kSipMaxParticipants)
    errors.push_back({"participants", "must be at most " + std::to_string(kSipMaxParticipants)});
  std::set<std::string> names;
  for (size_t i = 0; i < plan.participants.size() && i < kSipMaxParticipants; ++i) {
    const SipParticipant& p = plan.participants[i];
    CheckName(errors, Indexed("participants", i, "name"), p.name, kSipMaxNameLength);
    if (!Blank(p.name) && !names.insert(p.name).second)
      errors.push_back({Indexed("participants", i, "name"), "is listed twice"});
    CheckName(errors, Indexed("participants", i, "role"), p.role, kSipMaxNameLength);
  }
  if (plan.others_do.size() > kSipMaxOthersDoLength)
    errors.push_back({"others_do", "must be at most " + std::to_string(kSipMaxOthersDoLength) + " bytes"});
  if (plan.coordinator_name.size() > kSipMaxNameLength || HasLineBreak(plan.coordinator_name))
    errors.push_back({"coordinator_name", "must be one line of at most " + std::to_string(kSipMaxNameLength) + " bytes"});
  if (plan.agreed_on) {
    // An agreed plan is complete: the person has agreed to something that can be followed up.
    if (*plan.agreed_on > today) errors.push_back({"agreed_on", "must not be in the future"});
    if (plan.goals.empty()) errors.push_back({"goals", "an agreed plan has at least one goal"});
    if (Blank(plan.coordinator_name)) errors.push_back({"coordinator_name", "is required once the plan is agreed"});
    if (!plan.person_consents) errors.push_back({"person_consents", "the person's consent is required to agree the plan"});
    if (!plan.follow_up) errors.push_back({"follow_up", "is required once the plan is agreed"});
    else if (*plan.follow_up < *plan.agreed_on)
      errors.push_back({"follow_up", "must be on or after the day of agreement (" + plan.agreed_on->ToString() + ")"});
  }
  return errors;
}

std::vector<Error> ValidateSipCall(std::string_view title, const std::vector<Party>& invited, Party caller) {
  std::vector<Error> errors;
  CheckName(errors, "title", title, kSipMaxNameLength);
  if (invited.empty()) errors.push_back({"invited", "must name at least one party to invite"});
  PartySet seen = 0;
  for (size_t i = 0; i < invited.size(); ++i) {
    if (invited[i] == caller) errors.push_back({Indexed("invited", i, ""), "is the caller's own party"});
    else if (seen & PartyBit(invited[i])) errors.push_back({Indexed("invited", i, ""), "is invited twice"});
    seen |= PartyBit(invited[i]);
  }
  return errors;
}

std::optional<Error> ValidateSipComment(std::string_view comment) {
  if (comment.size() > kSipMaxCommentLength)
    return Error{"comment", "must be at most " + std::to_string(kSipMaxCommentLength) + " bytes"};
  return std::nullopt;
}

const SipVersion& LatestVersion(const Sip& sip) {
  assert(!sip.versions.empty());
  return sip.versions.back();
}

const SipVersion* FindVersion(const Sip& sip, int number) {
  for (const SipVersion& v : sip.versions)
    if (v.number == number) return &v;
  return nullptr;
}

std::string_view Name(SipChangeKind v) { return kChangeKindNames[static_cast<size_t>(v)]; }
std::string_view SwedishName(SipChangeKind v) { return kChangeKindSwedish[static_cast<size_t>(v)]; }
std::string_view Name(SipItem v) { return kItemNames[static_cast<size_t>(v)]; }
std::string_view SwedishName(SipItem v) { return kItemSwedish[static_cast<size_t>(v)]; }

std::vector<SipChange> CompareSipPlans(const SipPlan& from, const SipPlan& to) {
  std::vector<SipChange> out;
  CompareLists(
      out, SipItem::kGoal, from.goals, to.goals, [](const SipGoal& g) { return g.id; },
      [](const SipGoal& g) { return g.text; },
      [&](const SipGoal& a, const SipGoal& b) { Field(out, SipItem::kGoal, b.id, "text", "Formulering", a.text, b.text); });
  CompareLists(
      out, SipItem::kIntervention, from.interventions, to.interventions, [](const SipIntervention& v) { return v.id; },
      [](const SipIntervention& v) { return v.description; },
      [&](const SipIntervention& a, const SipIntervention& b) {
        const SipItem i = SipItem::kIntervention;
        Field(out, i, b.id, "description", "Beskrivning", a.description, b.description);
        Field(out, i, b.id, "responsible", "Ansvarig huvudman", PartyText(a.responsible), PartyText(b.responsible));
        Field(out, i, b.id, "contact_name", "Kontaktperson", a.contact_name, b.contact_name);
        Field(out, i, b.id, "contact_phone", "Telefon", a.contact_phone, b.contact_phone);
        Field(out, i, b.id, "start", "Startdatum", a.start.ToString(), b.start.ToString());
        Field(out, i, b.id, "end", "Slutdatum", DateText(a.end), DateText(b.end));
        Field(out, i, b.id, "status", "Status", std::string(SwedishName(a.status)), std::string(SwedishName(b.status)));
        Field(out, i, b.id, "goal_id", "Mål", a.goal_id.value_or(""), b.goal_id.value_or(""));
      });
  CompareLists(
      out, SipItem::kParticipant, from.participants, to.participants, [](const SipParticipant& p) { return p.name; },
      [](const SipParticipant& p) { return p.role; },
      [&](const SipParticipant& a, const SipParticipant& b) {
        Field(out, SipItem::kParticipant, b.name, "party", "Part", a.party ? PartyText(*a.party) : "",
              b.party ? PartyText(*b.party) : "");
        Field(out, SipItem::kParticipant, b.name, "role", "Roll", a.role, b.role);
      });
  const SipItem p = SipItem::kPlan;
  Field(out, p, "", "others_do", "Vad andra gör", from.others_do, to.others_do);
  Field(out, p, "", "coordinator_name", "Samordnare", from.coordinator_name, to.coordinator_name);
  Field(out, p, "", "coordinator_party", "Samordnarens huvudman", PartyText(from.coordinator_party),
        PartyText(to.coordinator_party));
  Field(out, p, "", "follow_up", "Uppföljning", DateText(from.follow_up), DateText(to.follow_up));
  Field(out, p, "", "person_consents", "Personens samtycke", YesNo(from.person_consents), YesNo(to.person_consents));
  Field(out, p, "", "agreed_on", "Överenskommen", DateText(from.agreed_on), DateText(to.agreed_on));
  return out;
}

SipAccessDecision DecideSipAccess(const AccessDecision& case_decision, const Actor& actor,
                                  std::string_view sip_municipality, const std::vector<Party>& invited) {
  if (case_decision.allowed) return {SipAccess::kFull, case_decision};
  const std::optional<Party> party = PartyOf(actor.role);
  if (party && std::find(invited.begin(), invited.end(), *party) != invited.end() &&
      Serves(actor, *party, sip_municipality))
    return {SipAccess::kInvitation, case_decision};
  return {SipAccess::kNone, case_decision};
}

namespace {
const SipPlan* LatestAgreedPlan(const Sip& sip) {
  for (auto v = sip.versions.rbegin(); v != sip.versions.rend(); ++v)
    if (v->plan.agreed_on) return &v->plan;
  return nullptr;
}
}  // namespace

std::optional<SipFollowUp> SipFollowUpOf(const Sip& sip, Date today) {
  const SipPlan* plan = LatestAgreedPlan(sip);
  if (!plan || !plan->follow_up) return std::nullopt;
  return SipFollowUp{*plan->follow_up, *plan->follow_up < today, plan->coordinator_name, plan->coordinator_party};
}

std::optional<Deadline> SipFollowUpDeadline(const Sip& sip, Date as_of) {
  const SipPlan* plan = LatestAgreedPlan(sip);
  if (!plan || !plan->follow_up) return std::nullopt;
  const Date due = *plan->follow_up;
  return Deadline{DeadlineKind::kSipFollowUp,
                  ResponsibleOf(DeadlineKind::kSipFollowUp),
                  *plan->agreed_on,
                  due,
                  due < as_of ? DeadlineStatus::kOverdue : DeadlineStatus::kOpen,
                  std::nullopt,
                  sip.id,
                  std::string(ActionOf(DeadlineKind::kSipFollowUp))};
}

}  // namespace rattvag
