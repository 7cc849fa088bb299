#include "pdf/sip_document.hpp"

#include <algorithm>

#include "domain/method.hpp"
#include "pdf/forms.hpp"

namespace rattvag::pdf {

namespace {

// The goal's number as the document prints it ("Mål 2"), or empty.
std::string GoalNumber(const SipPlan& plan, const std::optional<std::string>& goal_id) {
  if (!goal_id) return "";
  for (size_t i = 0; i < plan.goals.size(); ++i)
    if (plan.goals[i].id == *goal_id) return "Mål " + std::to_string(i + 1);
  return "";
}

}  // namespace

Result<Document> BuildSipDocument(const Sip& sip, int version, const SipDocumentContext& context) {
  const auto found = std::find_if(sip.versions.begin(), sip.versions.end(),
                                  [&](const SipVersion& v) { return v.number == version; });
  if (found == sip.versions.end())
    return Error{"version", "the plan has no version " + std::to_string(version)};
  const SipVersion& v = *found;
  const SipPlan& plan = v.plan;

  Document d;
  d.title = "Samordnad individuell plan (SIP)";
  d.subtitle = (sip.title.empty() ? std::string("Min plan") : sip.title) + " – version " + std::to_string(v.number);
  d.municipality = "Socialtjänsten i " + context.municipality_name;
  d.author = d.municipality;
  d.subject = "Samordnad individuell plan, version " + std::to_string(v.number);
  d.generated = context.generated;

  d.blocks.push_back(Paragraph{
      "Planen är din. Den beskriver dina mål, vem som gör vad och när vi följer upp. Alla som är med har kommit "
      "överens om den tillsammans med dig. Vill du ändra något, hör av dig till den som samordnar planen."});

  LabelValues facts;
  if (!context.personnummer.empty()) facts.rows.emplace_back("Personnummer", FormatPersonnummer(context.personnummer));
  facts.rows.emplace_back("Samordnare", plan.coordinator_name + " (" + std::string(MethodTitle(plan.coordinator_party)) + ")");
  facts.rows.emplace_back("Kallad av", std::string(MethodTitle(sip.called_by)) + ", " + sip.called_on.ToString());
  facts.rows.emplace_back("Uppföljning", plan.follow_up ? plan.follow_up->ToString() : "Inte bestämd ännu");
  facts.rows.emplace_back("Version", std::to_string(v.number) + " av " + std::to_string(sip.versions.size()) + ", " +
                                         v.created_at.substr(0, 10) + " av " + v.author_name + " (" +
                                         std::string(MethodTitle(v.author_party)) + ")");
  if (!v.comment.empty()) facts.rows.emplace_back("Det här ändrades", v.comment);
  facts.rows.emplace_back("Status", plan.agreed_on ? "Överenskommen " + plan.agreed_on->ToString()
                                                   : "Utkast, inte överenskommen ännu");
  d.blocks.push_back(std::move(facts));

  d.blocks.push_back(Heading{"Mina mål"});
  Table goals{"", {"Nr", "Mål, med mina egna ord"}, {0.6, 6}, {}, "Inga mål skrivna ännu."};
  for (size_t i = 0; i < plan.goals.size(); ++i) goals.rows.push_back({std::to_string(i + 1), plan.goals[i].text});
  d.blocks.push_back(std::move(goals));

  d.blocks.push_back(Heading{"Insatser"});
  Table interventions{"",
                      {"Insats", "Ansvarig", "Kontaktperson", "Period", "Status"},
                      {2.6, 1.5, 1.6, 1.4, 0.9},
                      {},
                      "Inga insatser planerade ännu."};
  for (const SipIntervention& i : plan.interventions) {
    std::string description = i.description;
    if (const std::string goal = GoalNumber(plan, i.goal_id); !goal.empty()) description += " (" + goal + ")";
    std::string contact = i.contact_name;
    if (!i.contact_phone.empty()) contact += "\n" + i.contact_phone;
    const std::string period = i.start.ToString() + " –" + (i.end ? "\n" + i.end->ToString() : std::string());
    interventions.rows.push_back({description, std::string(MethodTitle(i.responsible)), contact, period,
                                  std::string(SwedishName(i.status))});
  }
  d.blocks.push_back(std::move(interventions));

  d.blocks.push_back(Heading{"Det här gör andra"});
  d.blocks.push_back(Paragraph{plan.others_do.empty() ? "Inget skrivet." : plan.others_do});

  d.blocks.push_back(Heading{"De som är med"});
  Table participants{"", {"Namn", "Roll", "Part"}, {1.6, 1.4, 2}, {}, "Inga deltagare angivna."};
  for (const SipParticipant& p : plan.participants)
    participants.rows.push_back({p.name, p.role, p.party ? std::string(MethodTitle(*p.party)) : "Personen och närstående"});
  d.blocks.push_back(std::move(participants));

  d.blocks.push_back(Heading{"Samtycke och överenskommelse"});
  d.blocks.push_back(Paragraph{plan.person_consents
                                   ? "Jag samtycker till planen och till att de som är med delar de uppgifter som "
                                     "behövs för den."
                                   : "Samtycke till planen är inte registrerat."});
  if (plan.agreed_on)
    d.blocks.push_back(Paragraph{"Vi kom överens om den här versionen av planen " + plan.agreed_on->ToString() + "."});
  d.blocks.push_back(SignatureLines{{"Datum", "Min underskrift", "Datum", "Samordnarens underskrift"}});
  return d;
}

}  // namespace rattvag::pdf
