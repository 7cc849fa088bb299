// The PDF renderer (src/pdf/render.hpp) checked from the outside with poppler's tools: the text
// is there with å, ä and ö, every page has "Sida N av M", the metadata is set, every page renders
// to PNG, long content spills over pages, and a table row is never split between two pages.
#include <gtest/gtest.h>

#include "pdf/render.hpp"
#include "pdf_tools.hpp"

namespace rattvag::pdf {
namespace {

using rattvag::testing::LooksLikePng;
using rattvag::testing::PdfInfo;
using rattvag::testing::PdfScratch;
using rattvag::testing::PdfText;
using rattvag::testing::PdfToPng;

Document Small() {
  Document d;
  d.title = "Kontaktplan för åäö";
  d.subtitle = "Så håller vi kontakt";
  d.author = "Socialtjänsten i Falköping";
  d.municipality = "Socialtjänsten i Falköping";
  d.subject = "Prov";
  d.generated = Date(2026, 11, 27);
  d.blocks.push_back(Heading{"Öppna frågor"});
  d.blocks.push_back(Paragraph{"Räksmörgås på Ängö: ÅÄÖ åäö é ü."});
  d.blocks.push_back(LabelValues{{{"Nästa kontakt", "2026-12-03"}, {"Hur och var", ""}}});
  d.blocks.push_back(Table{"Insatser", {"Insats", "Ansvarig"}, {2, 1}, {{"Arbetsträning på AME", "Kommunen"}}});
  d.blocks.push_back(Checkbox{"Personen kan delta med anpassningar", 2});
  d.blocks.push_back(SignatureLines{{"Ort och datum", "Underskrift"}});
  return d;
}

TEST(PdfRender, ASmallDocumentHasItsTextHeaderFooterAndMetadata) {
  auto bytes = RenderPdf(Small());
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_EQ(bytes->substr(0, 5), "%PDF-");
  PdfScratch scratch;
  const std::string path = scratch.Write(*bytes);
  const std::string text = PdfText(path);
  for (const char* expected : {"Kontaktplan för åäö", "Så håller vi kontakt", "Öppna frågor", "Räksmörgås på Ängö: ÅÄÖ åäö é ü.",
                               "Nästa kontakt", "2026-12-03", "Arbetsträning på AME", "Personen kan delta med anpassningar",
                               "Ort och datum", "Socialtjänsten i Falköping", "Utskrivet 2026-11-27", "Sida 1 av 1"})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
  EXPECT_EQ(PdfInfo(path, "Pages"), "1");
  EXPECT_EQ(PdfInfo(path, "Title"), "Kontaktplan för åäö");
  EXPECT_EQ(PdfInfo(path, "Author"), "Socialtjänsten i Falköping");
  EXPECT_EQ(PdfInfo(path, "Subject"), "Prov");
  EXPECT_EQ(PdfInfo(path, "CreationDate").substr(0, 10), "2026-11-27");
  EXPECT_EQ(PdfInfo(path, "Page size").substr(0, 17), "595.276 x 841.89 ");  // A4.
  const auto pngs = PdfToPng(path, scratch.dir());
  ASSERT_EQ(pngs.size(), 1u);
  EXPECT_TRUE(LooksLikePng(pngs[0]));
}

TEST(PdfRender, LongTextSpillsOverPagesAndEveryPageIsNumbered) {
  Document d = Small();
  std::string long_text;
  for (int i = 1; i <= 400; ++i) long_text += "Mening nummer " + std::to_string(i) + " om hur det går på dagarna. ";
  d.blocks.push_back(Heading{"Lång text"});
  d.blocks.push_back(Paragraph{long_text + "Sista meningen."});
  auto bytes = RenderPdf(d);
  ASSERT_TRUE(bytes.ok());
  PdfScratch scratch;
  const std::string path = scratch.Write(*bytes);
  const int pages = std::stoi(PdfInfo(path, "Pages"));
  ASSERT_GE(pages, 3);
  for (int page = 1; page <= pages; ++page) {
    const std::string text = PdfText(path, page, page);
    EXPECT_NE(text.find("Sida " + std::to_string(page) + " av " + std::to_string(pages)), std::string::npos) << page;
    EXPECT_NE(text.find("Socialtjänsten i Falköping"), std::string::npos) << page;
  }
  const std::string all = PdfText(path);
  EXPECT_NE(all.find("Mening nummer 1 "), std::string::npos);
  EXPECT_NE(all.find("Sista meningen."), std::string::npos);
  EXPECT_NE(PdfText(path, pages, pages).find("Sista meningen."), std::string::npos);
  const auto pngs = PdfToPng(path, scratch.dir());
  ASSERT_EQ(static_cast<int>(pngs.size()), pages);
  for (const auto& png : pngs) EXPECT_TRUE(LooksLikePng(png)) << png;
}

TEST(PdfRender, ATableRowIsNeverSplitBetweenPages) {
  Document d = Small();
  Table table{"Många rader", {"Nr", "Text"}, {1, 4}, {}};
  // Rows of different heights: each one's first and last line carry its number.
  for (int i = 1; i <= 90; ++i) {
    std::string text = "början-" + std::to_string(i) + "\n";
    for (int k = 0; k < i % 5; ++k) text += "mitten av raden\n";
    text += "slut-" + std::to_string(i);
    table.rows.push_back({std::to_string(i), text});
  }
  d.blocks.push_back(table);
  auto bytes = RenderPdf(d);
  ASSERT_TRUE(bytes.ok());
  PdfScratch scratch;
  const std::string path = scratch.Write(*bytes);
  const int pages = std::stoi(PdfInfo(path, "Pages"));
  ASSERT_GE(pages, 3);
  std::vector<std::string> page_text;
  for (int page = 1; page <= pages; ++page) page_text.push_back(PdfText(path, page, page));
  for (int i = 1; i <= 90; ++i) {
    const std::string start = "början-" + std::to_string(i) + "\n", end = "slut-" + std::to_string(i) + "\n";
    int start_page = -1, end_page = -1;
    for (int p = 0; p < pages; ++p) {
      if (page_text[p].find(start) != std::string::npos) start_page = p;
      if (page_text[p].find(end) != std::string::npos) end_page = p;
    }
    EXPECT_NE(start_page, -1) << i;
    EXPECT_EQ(start_page, end_page) << "row " << i << " is split";
  }
  // The header row is repeated on every page the table continues on.
  for (int p = 1; p < pages; ++p) EXPECT_NE(page_text[p].find("Text"), std::string::npos) << p;
}

TEST(PdfRender, ARowTallerThanAPageIsPrintedWhole) {
  Document d = Small();
  std::string huge;
  for (int i = 1; i <= 500; ++i) huge += "ord" + std::to_string(i) + " ";
  huge += "allra-sist";
  d.blocks.push_back(Table{"", {"Insats", "Beskrivning"}, {1, 1}, {{"Kort", huge}, {"Efter", "raden efter"}}});
  d.blocks.push_back(LabelValues{{{"Etikett", huge + " igen"}}});
  auto bytes = RenderPdf(d);
  ASSERT_TRUE(bytes.ok());
  PdfScratch scratch;
  const std::string path = scratch.Write(*bytes);
  const std::string text = PdfText(path);
  EXPECT_NE(text.find("ord1 "), std::string::npos);
  EXPECT_NE(text.find("allra-sist\n"), std::string::npos);
  EXPECT_NE(text.find("allra-sist igen"), std::string::npos);
  EXPECT_NE(text.find("raden efter"), std::string::npos);
  EXPECT_GE(std::stoi(PdfInfo(path, "Pages")), 2);
}

TEST(PdfRender, TextThatIsNotUtf8IsRefused) {
  Document d = Small();
  d.blocks.push_back(Paragraph{"bad \xC3("});
  auto bytes = RenderPdf(d);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().field, "document");
}

}  // namespace
}  // namespace rattvag::pdf
