#include "pdf/forms.hpp"

#include <algorithm>
#include <array>

#include "domain/access.hpp"
#include "domain/method.hpp"

namespace rattvag::pdf {

namespace {

constexpr std::array<std::string_view, 3> kFormNames = {"lakarunderlag", "kontaktplan", "remissammanfattning"};
constexpr std::array<std::string_view, 3> kFormTitles = {
    "Underlag från socialtjänsten till läkare vid svårigheter att delta i aktivitet", "Kontaktplan",
    "Sammanfattning till Försäkringskassan"};

constexpr FieldSpec kCaseworkerName{"caseworker_name", "Handläggare", FieldKind::kLine, true, 120};
constexpr FieldSpec kCaseworkerPhone{"caseworker_phone", "Telefon till handläggaren", FieldKind::kPhone, true, 40};
constexpr FieldSpec kCaseworkerEmail{"caseworker_email", "E-post till handläggaren", FieldKind::kEmail, false, 120};

constexpr std::array kLakarunderlagFields = {
    FieldSpec{"person_name", "Personens namn", FieldKind::kLine, true, 120},
    FieldSpec{"activities", "Planerade aktiviteter", FieldKind::kText, true, 4000},
    FieldSpec{"schedule", "Omfattning och tider", FieldKind::kLine, false, 300},
    FieldSpec{"difficulties", "Svårigheter att delta, som personen beskriver dem", FieldKind::kText, true, 4000},
    FieldSpec{"adaptations", "Anpassningar som socialtjänsten kan erbjuda", FieldKind::kText, false, 4000},
    FieldSpec{"questions", "Frågor till läkaren", FieldKind::kText, false, 2000},
    kCaseworkerName,
    kCaseworkerPhone,
    kCaseworkerEmail,
    FieldSpec{"reply_by", "Svar önskas senast", FieldKind::kDate, false, 10},
};

constexpr std::array kKontaktplanFields = {
    FieldSpec{"person_name", "Personens namn", FieldKind::kLine, true, 120},
    FieldSpec{"person_phone", "Personens telefon", FieldKind::kPhone, false, 40},
    FieldSpec{"contact_ways", "Så här håller vi kontakt", FieldKind::kText, true, 2000},
    FieldSpec{"frequency", "Hur ofta", FieldKind::kLine, true, 200},
    FieldSpec{"next_contact", "Nästa kontakt", FieldKind::kDate, true, 10},
    FieldSpec{"next_contact_how", "Nästa kontakt: hur och var", FieldKind::kLine, false, 300},
    FieldSpec{"if_absent", "Om du inte kan komma", FieldKind::kText, false, 2000},
    FieldSpec{"agreements", "Det här har vi också kommit överens om", FieldKind::kText, false, 4000},
    kCaseworkerName,
    kCaseworkerPhone,
    kCaseworkerEmail,
};

constexpr std::array kRemissammanfattningFields = {
    FieldSpec{"person_name", "Personens namn", FieldKind::kLine, false, 120},
    FieldSpec{"summary", "Behov av samordning, med handläggarens ord", FieldKind::kText, false, 4000},
    kCaseworkerName,
    kCaseworkerPhone,
    kCaseworkerEmail,
};

std::string Trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Code points of valid UTF-8 text, or nothing when it is not valid UTF-8 (overlong forms,
// surrogates and values past U+10FFFF are invalid).
std::optional<size_t> CodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) { n = 1; cp = c; }
    else if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
    else return std::nullopt;
    if (i + n > s.size()) return std::nullopt;
    for (size_t k = 1; k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return std::nullopt;
    i += n;
  }
  return count;
}

Status CheckField(const FieldSpec& spec, const std::string& value, Date today) {
  const std::string field(spec.name);
  const auto length = CodePoints(value);
  if (!length) return Error{field, "must be valid UTF-8 text"};
  if (*length > spec.max_length) return Error{field, "is too long: at most " + std::to_string(spec.max_length) + " characters"};
  for (unsigned char c : value) {
    if (c == '\n' && spec.kind == FieldKind::kText) continue;
    if (c < 0x20 || c == 0x7F)
      return Error{field, spec.kind == FieldKind::kText ? "must not contain control characters (tabs and such)"
                                                        : "must be one line without control characters"};
  }
  switch (spec.kind) {
    case FieldKind::kLine:
    case FieldKind::kText:
      break;
    case FieldKind::kDate: {
      const auto date = Date::Parse(value);
      if (!date) return Error{field, "must be a date as YYYY-MM-DD"};
      if (*date < today) return Error{field, "must not be before today (" + today.ToString() + ")"};
      break;
    }
    case FieldKind::kPhone: {
      int digits = 0;
      for (char c : value) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')')
          return Error{field, "must be a phone number: digits, spaces, +, - and parentheses"};
      }
      if (digits < 5) return Error{field, "must be a phone number with at least 5 digits"};
      break;
    }
    case FieldKind::kEmail: {
      const size_t at = value.find('@');
      if (at == std::string::npos || at == 0 || at + 1 >= value.size() || value.find('@', at + 1) != std::string::npos ||
          value.find(' ') != std::string::npos || value.find('.', at) == std::string::npos)
        return Error{field, "must be an e-mail address such as namn@kommun.se"};
      break;
    }
  }
  return Status::Ok();
}

std::string DateText(const std::optional<Date>& d) { return d ? d->ToString() : std::string(); }

std::string Field(const WrittenFields& fields, std::string_view name) {
  const auto it = fields.find(std::string(name));
  return it == fields.end() ? std::string() : it->second;
}

std::string_view SwedishExit(ExitReason r) {
  static constexpr std::string_view kNames[] = {
      "Sjukersättning", "Aktivitetsersättning", "Sjukpenning", "Anställning", "Make/makas inkomst",
      "Ålderspension", "Avliden", "Flyttat", "Studier", "Annan ersättning", "Okänd orsak"};
  static_assert(std::size(kNames) == kExitReasonCount);
  return kNames[static_cast<size_t>(r)];
}

// The open EB period in the case's municipality, if any.
const EbPeriod* OpenEbPeriod(const CaseProjection& p) {
  const EbPeriod* open = nullptr;
  for (const EbPeriod& e : p.eb_periods)
    if (e.municipality == p.municipality && !e.end && e.start <= p.as_of) open = &e;
  return open;
}

std::string SpellText(const SickLeaveSpell& s) {
  return s.start.ToString() + " – " + s.end.ToString() + " (" + std::to_string(s.certificates) +
         " läkarintyg" + ", högst " + std::to_string(s.max_extent) + " %)";
}

// The spell covering the as-of date, else the latest one, with a word on which it is.
std::string CurrentSpellText(const CaseProjection& p) {
  if (p.spells.empty()) return "Ingen sjukskrivning registrerad";
  for (const SickLeaveSpell& s : p.spells)
    if (s.start <= p.as_of && p.as_of <= s.end) return "Pågår: " + SpellText(s);
  return "Ingen pågående. Senaste: " + SpellText(p.spells.back());
}

std::string StanceText(const CaseProjection& p) {
  if (!p.last_stance_date || !p.last_stance_direction) return "Inget ställningstagande registrerat";
  std::string text = p.last_stance_date->ToString() + ": " + std::string(MethodTitle(*p.last_stance_direction));
  if (p.last_review_date) text += " (följs upp " + p.last_review_date->ToString() + ")";
  return text;
}

std::string EbText(const CaseProjection& p) {
  if (const EbPeriod* open = OpenEbPeriod(p)) return "Sedan " + open->start.ToString();
  if (!p.eb_periods.empty() && p.eb_periods.back().end)
    return "Inget pågående (senaste period slutade " + p.eb_periods.back().end->ToString() + ")";
  return "Inget registrerat";
}

std::string SgiText(const CaseProjection& p) {
  if (!p.sgi) return "Inte kontrollerad";
  return *p.sgi == Sgi::kZero ? "Nollplacerad (ingen SGI)" : "Har SGI";
}

void Add(Document& d, Block block) { d.blocks.push_back(std::move(block)); }

void CaseworkerBlock(Document& d, const WrittenFields& f, const std::string& municipality) {
  Add(d, LabelValues{{{"Handläggare", Field(f, "caseworker_name")},
                      {"Telefon", Field(f, "caseworker_phone")},
                      {"E-post", Field(f, "caseworker_email")},
                      {"Enhet", "Ekonomiskt bistånd, socialtjänsten i " + municipality}}});
}

Document Base(FormKind kind, const CaseFacts& facts) {
  Document d;
  d.title = std::string(SwedishTitle(kind));
  d.municipality = "Socialtjänsten i " + facts.municipality_name;
  d.author = d.municipality;
  d.generated = facts.projection.as_of;
  return d;
}

Document Lakarunderlag(const CaseFacts& facts, const WrittenFields& f) {
  Document d = Base(FormKind::kLakarunderlag, facts);
  d.subtitle = "Ekonomiskt bistånd – till behandlande läkare";
  d.subject = "Underlag till läkare om planerade aktiviteter och svårigheter att delta";
  const CaseProjection& p = facts.projection;
  Add(d, Paragraph{"Personen nedan har ekonomiskt bistånd och har planerade aktiviteter genom socialtjänsten. "
                   "Personen uppger att sjukdom gör det svårt att delta. Underlaget ger dig som läkare kort information "
                   "om aktiviteterna, så att du kan ta ställning till om ett läkarintyg för sjukskrivning behövs, "
                   "eller om aktiviteterna i stället kan anpassas så att personen kan delta. Personen tar själv med "
                   "sig underlaget till dig."});
  Add(d, Heading{"Personen"});
  Add(d, LabelValues{{{"Namn", Field(f, "person_name")},
                      {"Personnummer", FormatPersonnummer(facts.personnummer)},
                      {"Ekonomiskt bistånd", EbText(p)},
                      {"Sjukskrivning", CurrentSpellText(p)},
                      {"Socialtjänstens ställningstagande", StanceText(p)}}});
  Add(d, Heading{"Planerade aktiviteter"});
  Add(d, Paragraph{Field(f, "activities")});
  if (!Field(f, "schedule").empty()) Add(d, LabelValues{{{"Omfattning och tider", Field(f, "schedule")}}});
  Add(d, Heading{"Svårigheter att delta"});
  Add(d, Paragraph{"Så som personen själv beskriver dem:", Paragraph::Style::kEmphasis});
  Add(d, Paragraph{Field(f, "difficulties")});
  Add(d, Heading{"Anpassade aktiviteter i stället för sjukskrivning"});
  Add(d, Paragraph{"Socialtjänsten kan anpassa aktiviteterna efter personens förutsättningar, till exempel "
                   "omfattning, tider, arbetsuppgifter eller miljö. Ett alternativ till sjukskrivning är att du "
                   "beskriver hur aktiviteten bör anpassas för att personen ska kunna delta."});
  if (!Field(f, "adaptations").empty()) {
    Add(d, Heading{"Anpassningar som socialtjänsten kan erbjuda", 2});
    Add(d, Paragraph{Field(f, "adaptations")});
  }
  if (!Field(f, "questions").empty()) {
    Add(d, Heading{"Frågor till läkaren"});
    Add(d, Paragraph{Field(f, "questions")});
  }
  Add(d, Heading{"Kontakt på socialtjänsten"});
  CaseworkerBlock(d, f, facts.municipality_name);
  if (!Field(f, "reply_by").empty()) Add(d, LabelValues{{{"Svar önskas senast", Field(f, "reply_by")}}});
  Add(d, Heading{"Läkarens bedömning"});
  Add(d, Paragraph{"Kryssa i det som stämmer. Lämna underlaget till personen eller skicka det till handläggaren ovan."});
  Add(d, Checkbox{"Personen kan delta i aktiviteterna som de är planerade."});
  Add(d, Checkbox{"Personen kan delta om aktiviteterna anpassas så här (omfattning, tider, arbetsuppgifter, miljö):", 4});
  Add(d, Checkbox{"Personen kan inte delta i aktiviteterna just nu. Läkarintyg för sjukskrivning utfärdas."});
  Add(d, Checkbox{"Övriga upplysningar:", 2});
  Add(d, SignatureLines{{"Ort och datum", "Läkarens underskrift", "Namnförtydligande", "Vårdenhet och telefon"}});
  Add(d, Heading{"Personens medgivande", 2});
  Add(d, Paragraph{"Jag har tagit del av underlaget och lämnar det själv till läkaren. Läkaren får lämna sin "
                   "bedömning till socialtjänsten.",
                   Paragraph::Style::kSmall});
  Add(d, SignatureLines{{"Datum", "Personens underskrift"}});
  return d;
}

Document Kontaktplan(const CaseFacts& facts, const WrittenFields& f) {
  Document d = Base(FormKind::kKontaktplan, facts);
  d.subtitle = "Så håller du och socialtjänsten kontakt";
  d.subject = "Skriftlig plan för kontakten mellan den enskilde och socialsekreteraren";
  const CaseProjection& p = facts.projection;
  Add(d, Paragraph{"Planen beskriver hur du och din handläggare på socialtjänsten håller kontakt medan du har "
                   "ekonomiskt bistånd och ohälsa gör att du inte kan arbeta just nu. Vi har gjort planen "
                   "tillsammans, och vi ändrar den när det behövs."});
  Add(d, Heading{"Du"});
  Add(d, LabelValues{{{"Namn", Field(f, "person_name")},
                      {"Personnummer", FormatPersonnummer(facts.personnummer)},
                      {"Telefon", Field(f, "person_phone")}}});
  Add(d, Heading{"Din handläggare"});
  CaseworkerBlock(d, f, facts.municipality_name);
  Add(d, Heading{"Så här håller vi kontakt"});
  Add(d, Paragraph{Field(f, "contact_ways")});
  Add(d, LabelValues{{{"Hur ofta", Field(f, "frequency")}}});
  Add(d, Heading{"Nästa kontakt"});
  Add(d, LabelValues{{{"Datum", Field(f, "next_contact")}, {"Hur och var", Field(f, "next_contact_how")}}});
  Add(d, Heading{"Om du inte kan komma"});
  Add(d, Paragraph{Field(f, "if_absent").empty()
                       ? "Hör av dig till din handläggare så snart du kan, så bestämmer vi en ny tid tillsammans."
                       : Field(f, "if_absent")});
  if (!Field(f, "agreements").empty()) {
    Add(d, Heading{"Det här har vi också kommit överens om"});
    Add(d, Paragraph{Field(f, "agreements")});
  }
  Add(d, Heading{"Din planering just nu"});
  std::string tracks;
  for (const Track& t : p.tracks) tracks += (tracks.empty() ? "" : ", ") + std::string(SwedishName(t.kind));
  Add(d, LabelValues{{{"Ekonomiskt bistånd", EbText(p)},
                      {"Sjukskrivning", CurrentSpellText(p)},
                      {"Inriktning", StanceText(p)},
                      {"Pågående", tracks}}});
  Add(d, Heading{"Underskrifter", 2});
  Add(d, SignatureLines{{"Datum", "Din underskrift", "Datum", "Handläggarens underskrift"}});
  return d;
}

Document Remissammanfattning(const CaseFacts& facts, const WrittenFields& f, const ConsentView& consent) {
  Document d = Base(FormKind::kRemissammanfattning, facts);
  d.subtitle = "Samordnad rehabilitering – uppgifter från ekonomiskt bistånd";
  d.subject = "Sammanfattning av ärendet inför samordnad rehabilitering";
  const CaseProjection& p = facts.projection;
  std::string ground = "Uppgifterna lämnas med personens samtycke " + consent.consent_id + ", lämnat " +
                       consent.given.ToString();
  ground += consent.until ? ", gäller till och med " + consent.until->ToString() + "." : ", tills vidare.";
  if (!consent.purpose.empty()) ground += " Syfte: " + consent.purpose + ".";
  Add(d, Paragraph{ground, Paragraph::Style::kEmphasis});
  Add(d, Heading{"Personen"});
  LabelValues person;
  if (!Field(f, "person_name").empty()) person.rows.emplace_back("Namn", Field(f, "person_name"));
  person.rows.emplace_back("Personnummer", FormatPersonnummer(facts.personnummer));
  person.rows.emplace_back("Kommun", facts.municipality_name);
  person.rows.emplace_back("Registrerad i målgruppen", DateText(p.registered));
  person.rows.emplace_back("SGI", SgiText(p));
  person.rows.emplace_back("Steg i metoden", std::string(SwedishName(p.step)));
  Add(d, std::move(person));

  Add(d, Heading{"Ekonomiskt bistånd"});
  Table eb{"", {"Kommun", "Från", "Till", "Orsak till avslut"}, {1.2, 1, 1, 1.6}, {}, "Inga perioder registrerade."};
  for (const EbPeriod& e : p.eb_periods)
    eb.rows.push_back({e.municipality == p.municipality ? facts.municipality_name : e.municipality, e.start.ToString(),
                       e.end ? e.end->ToString() : "pågår", e.end ? std::string(SwedishExit(e.reason)) : ""});
  Add(d, std::move(eb));

  Add(d, Heading{"Sjukskrivning"});
  Table spells{"", {"Från", "Till", "Läkarintyg", "Högsta omfattning", "Ställningstagande"}, {1, 1, 0.8, 0.9, 2.2}, {},
               "Ingen sjukskrivning registrerad."};
  for (const SickLeaveSpell& s : p.spells)
    spells.rows.push_back({s.start.ToString(), s.end.ToString(), std::to_string(s.certificates),
                           std::to_string(s.max_extent) + " %",
                           s.stance_date ? s.stance_date->ToString() + ": " +
                                               std::string(s.stance_direction ? MethodTitle(*s.stance_direction) : "")
                                         : "Inget (senast " + s.stance_due.ToString() + ")"});
  Add(d, std::move(spells));
  Add(d, LabelValues{{{"Senaste ställningstagande", StanceText(p)}}});

  Add(d, Heading{"Kontakt med Försäkringskassan"});
  Table referrals{"", {"Remiss", "Skickad", "Återkoppling senast", "Kontakt tagen"}, {1.4, 1, 1.2, 1}, {},
                  "Ingen remiss skickad."};
  for (const ReferralView& r : p.referrals)
    referrals.rows.push_back({r.referral_id, r.sent.ToString(), r.callback_due.ToString(),
                              r.contacted ? r.contacted->ToString() : "inte ännu"});
  Add(d, std::move(referrals));
  if (p.coordination_open_since || p.coordination_ended) {
    LabelValues coordination;
    coordination.rows.emplace_back("Samordning påbörjad", DateText(p.coordination_open_since));
    if (p.coordination_ended)
      coordination.rows.emplace_back("Samordning avslutad", p.coordination_ended->ToString() + " (" +
                                                                std::string(SwedishCoordinationEnd(
                                                                    p.coordination_end_reason.value_or(
                                                                        CoordinationEndReason::kOther))) +
                                                                ")");
    if (p.last_readiness_date)
      coordination.rows.emplace_back("Senaste bedömning", p.last_readiness_date->ToString() + ": " +
                                                              (p.last_readiness_ready ? "redo för samordnad rehabilitering"
                                                                                      : "inte redo ännu"));
    Add(d, std::move(coordination));
  }

  Add(d, Heading{"Förmåner"});
  Table applications{"Ansökningar", {"Förmån", "Ansökt"}, {2, 1}, {}, "Inga ansökningar registrerade."};
  for (const auto& [benefit, date] : p.applications)
    applications.rows.push_back({std::string(SwedishBenefit(benefit)), date.ToString()});
  Add(d, std::move(applications));
  Table decisions{"Beslut", {"Förmån", "Beslut", "Datum", "Omfattning"}, {2, 1, 1, 1}, {}, "Inga beslut registrerade."};
  for (const BenefitDecisionView& b : p.decisions)
    decisions.rows.push_back({std::string(SwedishBenefit(b.benefit)),
                              b.outcome == Outcome::kGranted ? "Beviljad" : "Avslag", b.date.ToString(),
                              b.extent > 0 ? std::to_string(b.extent) + " %" : ""});
  Add(d, std::move(decisions));

  if (!Field(f, "summary").empty()) {
    Add(d, Heading{"Behov av samordning"});
    Add(d, Paragraph{Field(f, "summary")});
  }
  Add(d, Heading{"Kontakt på socialtjänsten"});
  CaseworkerBlock(d, f, facts.municipality_name);
  return d;
}

}  // namespace

std::string_view Name(FormKind kind) { return kFormNames[static_cast<size_t>(kind)]; }
std::string_view SwedishTitle(FormKind kind) { return kFormTitles[static_cast<size_t>(kind)]; }
std::optional<FormKind> ParseFormKind(std::string_view name) {
  for (size_t i = 0; i < kFormNames.size(); ++i)
    if (kFormNames[i] == name) return static_cast<FormKind>(i);
  return std::nullopt;
}

std::span<const FieldSpec> FieldsOf(FormKind kind) {
  switch (kind) {
    case FormKind::kLakarunderlag:
      return kLakarunderlagFields;
    case FormKind::kKontaktplan:
      return kKontaktplanFields;
    case FormKind::kRemissammanfattning:
      return kRemissammanfattningFields;
  }
  return {};
}

Result<WrittenFields> CheckFields(FormKind kind, const WrittenFields& fields, Date today) {
  const auto specs = FieldsOf(kind);
  for (const auto& entry : fields) {
    const std::string& name = entry.first;  // Clang 14 (the fuzz build) cannot capture a structured binding.
    if (std::none_of(specs.begin(), specs.end(), [&](const FieldSpec& s) { return s.name == name; }))
      return Error{name, "is not a field of the form " + std::string(Name(kind))};
  }
  WrittenFields checked;
  for (const FieldSpec& spec : specs) {
    const auto it = fields.find(std::string(spec.name));
    const std::string value = it == fields.end() ? std::string() : Trim(it->second);
    if (value.empty()) {
      if (spec.required) return Error{std::string(spec.name), "is required"};
      checked[std::string(spec.name)] = "";
      continue;
    }
    RATTVAG_TRY_STATUS(CheckField(spec, value, today));
    checked[std::string(spec.name)] = value;
  }
  return checked;
}

const ConsentView* ConsentCoveringFk(std::span<const ConsentView> consents, Date on) {
  for (const ConsentView& c : consents)
    if ((c.parties & PartyBit(Party::kFk)) && ConsentInForce(c, on)) return &c;
  return nullptr;
}

Result<Document> BuildForm(FormKind kind, const CaseFacts& facts, const WrittenFields& fields) {
  switch (kind) {
    case FormKind::kLakarunderlag:
      return Lakarunderlag(facts, fields);
    case FormKind::kKontaktplan:
      return Kontaktplan(facts, fields);
    case FormKind::kRemissammanfattning: {
      const ConsentView* consent = ConsentCoveringFk(facts.projection.consents, facts.projection.as_of);
      if (!consent)
        return Error{"consent", "the person has no consent in force that covers Försäkringskassan; record the "
                                "person's consent first"};
      return Remissammanfattning(facts, fields, *consent);
    }
  }
  return Error{"form", "is not a known form"};
}

std::string FormatPersonnummer(std::string_view digits) {
  if (digits.size() != 12) return std::string(digits);
  return std::string(digits.substr(0, 8)) + "-" + std::string(digits.substr(8));
}

std::string_view SwedishBenefit(Benefit benefit) {
  static constexpr std::string_view kNames[] = {"Sjukpenning", "Sjukpenning i särskilda fall", "Sjukersättning",
                                                "Aktivitetsersättning"};
  static_assert(std::size(kNames) == kBenefitCount);
  return kNames[static_cast<size_t>(benefit)];
}

std::string_view SwedishCoordinationEnd(CoordinationEndReason reason) {
  static constexpr std::string_view kNames[] = {"genomförd", "inte redo", "SGI fanns", "förmån beviljad", "annat skäl"};
  return kNames[static_cast<size_t>(reason)];
}

}  // namespace rattvag::pdf
