// The forms' content (src/pdf/forms.hpp) and the SIP document (src/pdf/sip_document.hpp) as pure
// functions of hand-made cases and plans: the written fields' checks, what each form says about
// the case, the referral summary's consent rule; then each document rendered and read back with
// pdftotext and pdftoppm.
#include <gtest/gtest.h>

#include <type_traits>

#include "journal_builder.hpp"
#include "pdf/forms.hpp"
#include "pdf/render.hpp"
#include "pdf/sip_document.hpp"
#include "pdf_tools.hpp"

namespace rattvag::pdf {
namespace {

using rattvag::testing::D;

// Every text of a document, one per line, to search in.
std::string AllText(const Document& d) {
  std::string out = d.title + "\n" + d.subtitle + "\n";
  for (const Block& block : d.blocks) {
    std::visit(
        [&](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, Heading> || std::is_same_v<T, Paragraph> || std::is_same_v<T, Checkbox>) {
            out += b.text + "\n";
          } else if constexpr (std::is_same_v<T, LabelValues>) {
            for (const auto& [l, v] : b.rows) out += l + ": " + v + "\n";
          } else if constexpr (std::is_same_v<T, Table>) {
            out += b.caption + "\n";
            if (b.rows.empty()) out += b.empty_text + "\n";
            for (const auto& row : b.rows) {
              for (const auto& c : row) out += c + " | ";
              out += "\n";
            }
          } else {
            for (const auto& l : b.labels) out += l + "\n";
          }
        },
        block);
  }
  return out;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const Date kToday = D("2026-11-27");

WrittenFields GoodLakarunderlag() {
  return {{"person_name", "Kim Åberg"},
          {"activities", "Arbetsträning på Arbetsmarknadscenter, köket."},
          {"schedule", "Måndag–onsdag 09.00–12.00"},
          {"difficulties", "Orkar inte stå länge; ont i ryggen efter en timme."},
          {"adaptations", "Sittande arbetsuppgifter, kortare pass."},
          {"caseworker_name", "Sara Ek"},
          {"caseworker_phone", "0515-88 50 00"},
          {"caseworker_email", "sara.ek@falkoping.example.se"},
          {"reply_by", "2026-12-15"}};
}

WrittenFields GoodKontaktplan() {
  return {{"person_name", "Kim Åberg"},
          {"contact_ways", "Telefon varannan vecka och ett besök i månaden på kontoret."},
          {"frequency", "Varannan vecka"},
          {"next_contact", "2026-12-03"},
          {"next_contact_how", "Besök, Stora torget 1"},
          {"caseworker_name", "Sara Ek"},
          {"caseworker_phone", "0515-88 50 00"}};
}

// A case of Falköping (1499): EB since 2026-01-05, a sick-leave spell from 2026-09-01 to
// 2026-12-31 of two certificates, a stance to clarify with healthcare, a referral to FK.
CaseFacts Facts(PartySet consent_parties, const char* consent_until = nullptr) {
  testing::Journal j("198503129984");
  j.Identified("2026-01-05", "1499")
      .EbStarted("2026-01-05", "1499")
      .Certificate("2026-09-01", "2026-09-01", "2026-10-31", 100)
      .Certificate("2026-10-30", "2026-11-01", "2026-12-31", 50)
      .Stance("2026-10-15", Direction::kClarifyWithHealthcare)
      .Referral("2026-11-02", "R-77")
      .Contact("2026-11-04", "R-77")
      .Applied("2026-11-10", Benefit::kSjukersattning);
  if (consent_parties) j.Consent("2026-11-01", "S-12", consent_parties, consent_until);
  const auto events = j.Events();
  return {"198503129984", "Falköping", Project(events, kToday)};
}

TEST(PdfForms, FormNamesRoundTrip) {
  for (FormKind k : {FormKind::kLakarunderlag, FormKind::kKontaktplan, FormKind::kRemissammanfattning})
    EXPECT_EQ(ParseFormKind(Name(k)), k);
  EXPECT_FALSE(ParseFormKind("intyg"));
}

TEST(PdfForms, CheckFieldsNamesTheWrongField) {
  struct Case {
    const char* field;
    std::string value;
    const char* reason_part;
  };
  const Case cases[] = {
      {"activities", "", "required"},
      {"activities", "   \n ", "required"},
      {"person_name", std::string(121, 'a'), "at most 120"},
      {"person_name", "Kim\nÅberg", "one line"},
      {"difficulties", "tab\there", "control characters"},
      {"difficulties", "bad \xC3(", "UTF-8"},
      {"reply_by", "2026-11-26", "before today"},
      {"reply_by", "2026-02-30", "YYYY-MM-DD"},
      {"caseworker_phone", "ring mig", "phone number"},
      {"caseworker_phone", "12-3", "at least 5 digits"},
      {"caseworker_email", "sara.ek", "e-mail"},
      {"caseworker_email", "a@b@c.se", "e-mail"},
      {"shoe_size", "44", "not a field"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.field) + "=" + c.value);
    WrittenFields fields = GoodLakarunderlag();
    fields[c.field] = c.value;
    auto checked = CheckFields(FormKind::kLakarunderlag, fields, kToday);
    ASSERT_FALSE(checked.ok());
    EXPECT_EQ(checked.error().field, c.field);
    EXPECT_TRUE(Has(checked.error().reason, c.reason_part)) << checked.error().reason;
  }
  WrittenFields missing = GoodKontaktplan();
  missing.erase("next_contact");
  auto checked = CheckFields(FormKind::kKontaktplan, missing, kToday);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().field, "next_contact");
}

TEST(PdfForms, CheckFieldsTrimsAndAcceptsTheLimits) {
  WrittenFields fields = GoodLakarunderlag();
  fields["person_name"] = "  Kim Åberg \n";
  fields["activities"] = std::string(3999, 'x') + "ö";  // 4000 characters, 4001 bytes.
  fields["reply_by"] = "2026-11-27";                   // Today is allowed.
  fields.erase("questions");
  auto checked = CheckFields(FormKind::kLakarunderlag, fields, kToday);
  ASSERT_TRUE(checked.ok()) << checked.error().ToString();
  EXPECT_EQ(checked->at("person_name"), "Kim Åberg");
  EXPECT_EQ(checked->at("questions"), "");
  fields["activities"] += "x";
  EXPECT_FALSE(CheckFields(FormKind::kLakarunderlag, fields, kToday).ok());
}

TEST(PdfForms, LakarunderlagTellsTheDoctorAboutActivitiesDifficultiesAndTheAlternative) {
  const CaseFacts facts = Facts(0);
  auto fields = CheckFields(FormKind::kLakarunderlag, GoodLakarunderlag(), kToday);
  ASSERT_TRUE(fields.ok());
  auto doc = BuildForm(FormKind::kLakarunderlag, facts, *fields);
  ASSERT_TRUE(doc.ok());
  const std::string text = AllText(*doc);
  EXPECT_EQ(doc->title, "Underlag från socialtjänsten till läkare vid svårigheter att delta i aktivitet");
  EXPECT_EQ(doc->municipality, "Socialtjänsten i Falköping");
  EXPECT_EQ(doc->generated, kToday);
  for (const char* part : {"Namn: Kim Åberg", "Personnummer: 19850312-9984", "Ekonomiskt bistånd: Sedan 2026-01-05",
                           "Pågår: 2026-09-01 – 2026-12-31 (2 läkarintyg, högst 100 %)",
                           "2026-10-15: Förtydliga med vården", "Arbetsträning på Arbetsmarknadscenter, köket.",
                           "Måndag–onsdag 09.00–12.00", "Orkar inte stå länge", "Sittande arbetsuppgifter",
                           "Anpassade aktiviteter i stället för sjukskrivning",
                           "Personen kan delta om aktiviteterna anpassas", "Läkarintyg för sjukskrivning utfärdas",
                           "Läkarens underskrift", "Handläggare: Sara Ek", "Svar önskas senast: 2026-12-15"})
    EXPECT_TRUE(Has(text, part)) << part << "\n" << text;
  EXPECT_FALSE(Has(text, "Frågor till läkaren")) << "no questions were written";
}

TEST(PdfForms, KontaktplanSaysHowHowOftenAndWhenNext) {
  auto fields = CheckFields(FormKind::kKontaktplan, GoodKontaktplan(), kToday);
  ASSERT_TRUE(fields.ok());
  auto doc = BuildForm(FormKind::kKontaktplan, Facts(0), *fields);
  ASSERT_TRUE(doc.ok());
  const std::string text = AllText(*doc);
  for (const char* part : {"Kontaktplan", "Namn: Kim Åberg", "Telefon varannan vecka och ett besök", "Hur ofta: Varannan vecka",
                           "Datum: 2026-12-03", "Hur och var: Besök, Stora torget 1", "Om du inte kan komma",
                           "Hör av dig till din handläggare", "Handläggare: Sara Ek", "Telefon: 0515-88 50 00",
                           "Handläggarens underskrift"})
    EXPECT_TRUE(Has(text, part)) << part << "\n" << text;
}

TEST(PdfForms, TheReferralSummaryNeedsAConsentInForceCoveringFk) {
  const WrittenFields fields = *CheckFields(FormKind::kRemissammanfattning,
                                            {{"caseworker_name", "Sara Ek"}, {"caseworker_phone", "0515-88 50 00"}}, kToday);
  for (const CaseFacts& facts : {Facts(0), Facts(PartyBit(Party::kRegion)),
                                 Facts(PartyBit(Party::kFk), "2026-11-26")}) {  // None, another party, expired.
    auto doc = BuildForm(FormKind::kRemissammanfattning, facts, fields);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().field, "consent");
  }
  auto doc = BuildForm(FormKind::kRemissammanfattning, Facts(PartyBit(Party::kFk) | PartyBit(Party::kRegion), "2027-05-31"),
                       fields);
  ASSERT_TRUE(doc.ok());
  const std::string text = AllText(*doc);
  for (const char* part : {"samtycke S-12, lämnat 2026-11-01, gäller till och med 2027-05-31",
                           "Personnummer: 19850312-9984", "SGI: Inte kontrollerad",
                           "Falköping | 2026-01-05 | pågår", "2026-09-01 | 2026-12-31 | 2 | 100 % | 2026-10-15: Förtydliga med vården",
                           "R-77 | 2026-11-02 | 2026-11-05 | 2026-11-04", "Sjukersättning | 2026-11-10",
                           "Inga beslut registrerade."})
    EXPECT_TRUE(Has(text, part)) << part << "\n" << text;
}

Sip HandMadeSip() {
  Sip sip;
  sip.id = "sip-00ff";
  sip.person_public_id = "p1";
  sip.municipality = "1499";
  sip.called_by = Party::kEb;
  sip.called_on = D("2026-10-01");
  sip.invited = {Party::kFk, Party::kRegion};
  sip.title = "SIP kring arbete och hälsa";
  SipVersion v1;
  v1.number = 1;
  v1.created_at = "2026-10-05T09:00:00Z";
  v1.author_name = "Sara Ek";
  v1.plan.goals = {{"g1", "Jag vill orka gå till gymmet två gånger i veckan."}};
  v1.plan.coordinator_name = "Sara Ek";
  SipVersion v2 = v1;
  v2.number = 2;
  v2.created_at = "2026-11-20T10:30:00Z";
  v2.comment = "Nytt mål om studier";
  v2.plan.goals.push_back({"g2", "Jag vill läsa svenska på Komvux."});
  v2.plan.interventions = {{"i1", "Arbetsförmågebedömning vid Arbetsmarknadscenter", Party::kAme, "Olle Öst", "0515-1234",
                            D("2026-12-01"), D("2027-02-28"), InterventionStatus::kOngoing, "g2"},
                           {"i2", "Samtalsstöd", Party::kRegion, "Åsa Ärlig", "", D("2026-11-01"), std::nullopt,
                            InterventionStatus::kPlanned, std::nullopt}};
  v2.plan.others_do = "Min syster hjälper mig med handlingar.";
  v2.plan.participants = {{"Kim Åberg", std::nullopt, "Den enskilde"},
                          {"Sara Ek", Party::kEb, "Socialsekreterare"},
                          {"Per Fors", Party::kFk, "Personlig handläggare"}};
  v2.plan.follow_up = D("2027-01-15");
  v2.plan.person_consents = true;
  v2.plan.agreed_on = D("2026-11-20");
  sip.versions = {v1, v2};
  return sip;
}

TEST(PdfForms, TheSipDocumentShowsOneVersionWithTheGoalsFirst) {
  const Sip sip = HandMadeSip();
  auto doc = BuildSipDocument(sip, 2, {"Falköping", "198503129984", kToday});
  ASSERT_TRUE(doc.ok());
  const std::string text = AllText(*doc);
  EXPECT_EQ(doc->subtitle, "SIP kring arbete och hälsa – version 2");
  for (const char* part : {"Personnummer: 19850312-9984", "Samordnare: Sara Ek (Ekonomiskt bistånd (kommunen))",
                           "Uppföljning: 2027-01-15", "Version: 2 av 2, 2026-11-20 av Sara Ek",
                           "Det här ändrades: Nytt mål om studier", "Status: Överenskommen 2026-11-20",
                           "1 | Jag vill orka gå till gymmet", "2 | Jag vill läsa svenska på Komvux.",
                           "Arbetsförmågebedömning vid Arbetsmarknadscenter (Mål 2) | Arbetsmarknadsenheten (kommunen) | "
                           "Olle Öst\n0515-1234 | 2026-12-01 –\n2027-02-28 | Pågår",
                           "Samtalsstöd | Regionen (vården) | Åsa Ärlig | 2026-11-01 – | Planerad",
                           "Min syster hjälper mig", "Kim Åberg | Den enskilde | Personen och närstående",
                           "Jag samtycker till planen"})
    EXPECT_TRUE(Has(text, part)) << part << "\n" << text;
  EXPECT_LT(text.find("Mina mål"), text.find("Insatser"));

  auto first = BuildSipDocument(sip, 1, {"Falköping", "", kToday});
  ASSERT_TRUE(first.ok());
  const std::string first_text = AllText(*first);
  EXPECT_FALSE(Has(first_text, "Komvux"));
  EXPECT_FALSE(Has(first_text, "Personnummer"));
  EXPECT_TRUE(Has(first_text, "Utkast, inte överenskommen ännu"));
  EXPECT_TRUE(Has(first_text, "Inga insatser planerade ännu."));

  auto missing = BuildSipDocument(sip, 3, {"Falköping", "", kToday});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "version");
}

// Each document rendered: the PDF's text has the content, with å, ä and ö, and its pages render.
TEST(PdfForms, EveryDocumentRendersToAReadablePdf) {
  const CaseFacts facts = Facts(PartyBit(Party::kFk));
  struct Made {
    std::string name;
    Document document;
    std::vector<std::string> expected;
  };
  std::vector<Made> made;
  made.push_back({"lakarunderlag",
                  *BuildForm(FormKind::kLakarunderlag, facts, *CheckFields(FormKind::kLakarunderlag, GoodLakarunderlag(), kToday)),
                  {"Underlag från socialtjänsten till läkare", "Kim Åberg", "19850312-9984", "Läkarens bedömning",
                   "Orkar inte stå länge; ont i ryggen efter en timme."}});
  made.push_back({"kontaktplan",
                  *BuildForm(FormKind::kKontaktplan, facts, *CheckFields(FormKind::kKontaktplan, GoodKontaktplan(), kToday)),
                  {"Kontaktplan", "Så här håller vi kontakt", "Varannan vecka", "2026-12-03"}});
  made.push_back({"remissammanfattning",
                  *BuildForm(FormKind::kRemissammanfattning, facts,
                             *CheckFields(FormKind::kRemissammanfattning,
                                          {{"caseworker_name", "Sara Ek"}, {"caseworker_phone", "0515-88 50 00"}}, kToday)),
                  {"Sammanfattning till Försäkringskassan", "R-77", "Sjukersättning", "Förtydliga med vården"}});
  made.push_back({"sip", *BuildSipDocument(HandMadeSip(), 2, {"Falköping", "198503129984", kToday}),
                  {"Samordnad individuell plan (SIP)", "Jag vill läsa svenska på Komvux.", "Åsa Ärlig", "Mina mål"}});
  for (const Made& m : made) {
    SCOPED_TRACE(m.name);
    auto bytes = RenderPdf(m.document);
    ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
    rattvag::testing::PdfScratch scratch;
    const std::string path = scratch.Write(*bytes, m.name);
    const std::string text = rattvag::testing::PdfText(path);
    // pdftotext may break lines where the layout wrapped: compare with white space folded.
    std::string folded;
    for (char c : text) {
      const char x = c == '\n' ? ' ' : c;
      if (x == ' ' && !folded.empty() && folded.back() == ' ') continue;
      folded += x;
    }
    for (const std::string& part : m.expected) EXPECT_TRUE(Has(folded, part)) << part << "\n" << text;
    EXPECT_TRUE(Has(text, "Socialtjänsten i Falköping"));
    EXPECT_TRUE(Has(text, "Utskrivet 2026-11-27"));
    const int pages = std::stoi(rattvag::testing::PdfInfo(path, "Pages"));
    EXPECT_TRUE(Has(text, "Sida 1 av " + std::to_string(pages)));
    const auto pngs = rattvag::testing::PdfToPng(path, scratch.dir());
    EXPECT_EQ(static_cast<int>(pngs.size()), pages);
    for (const auto& png : pngs) EXPECT_TRUE(rattvag::testing::LooksLikePng(png));
  }
}

}  // namespace
}  // namespace rattvag::pdf
