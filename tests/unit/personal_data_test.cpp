// Personal data in the free text of an anonymous referral (DOMAIN.md §3, §5.5). The numbers are
// synthetic; their check digits were worked out by hand (Luhn over YYMMDDNNN).
#include <gtest/gtest.h>

#include <string>

#include "domain/personal_data.hpp"

namespace rattvag {
namespace {

const Date kToday(2026, 11, 27);

struct Expected {
  PersonalDataKind kind;
  Severity severity;
  std::string text;  // The bytes the finding covers.
};

void ExpectFindings(const std::string& text, const std::vector<Expected>& expected) {
  SCOPED_TRACE(text);
  const auto found = FindPersonalData(text, kToday);
  ASSERT_EQ(found.size(), expected.size());
  for (size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(found[i].kind, expected[i].kind) << i;
    EXPECT_EQ(found[i].severity, expected[i].severity) << i;
    EXPECT_EQ(text.substr(found[i].offset, found[i].length), expected[i].text) << i;
  }
}

constexpr auto kPnr = PersonalDataKind::kPersonnummer;
constexpr auto kShape = PersonalDataKind::kIdentityNumberShape;
constexpr auto kName = PersonalDataKind::kProbableName;
constexpr auto kEmail = PersonalDataKind::kEmailAddress;
constexpr auto kRefuse = Severity::kRefuse;
constexpr auto kWarn = Severity::kWarn;

TEST(PersonalData, AValidPersonnummerInEveryFormIsRefused) {
  // 850312-9804: check digit 4.
  for (const std::string number : {"19850312-9804", "198503129804", "850312-9804", "8503129804", "850312 9804",
                                   "19850312 9804"}) {
    ExpectFindings("Gäller " + number + ", sjukskriven sedan mars.", {{kPnr, kRefuse, number}});
    EXPECT_TRUE(MustRefuse(FindPersonalData("(" + number + ")", kToday))) << number;
  }
  // A samordningsnummer (day + 60; check digit 9) and a centenarian with '+' (1912-12-12, 2).
  ExpectFindings("samordningsnr 850372-9819 finns", {{kPnr, kRefuse, "850372-9819"}});
  ExpectFindings("född 121212+1212", {{kPnr, kRefuse, "121212+1212"}});
}

TEST(PersonalData, AWrongCheckDigitOrImpossibleDateIsAWarning) {
  ExpectFindings("pnr 850312-9805?", {{kShape, kWarn, "850312-9805"}});
  ExpectFindings("pnr 19850230-9804", {{kShape, kWarn, "19850230-9804"}});
  EXPECT_FALSE(MustRefuse(FindPersonalData("pnr 850312-9805", kToday)));
}

TEST(PersonalData, DatesAmountsPhoneNumbersAndCaseNumbersAreNotFindings) {
  for (const std::string text :
       {"Sjukskriven 100 % från 2014-10-01 till 2014-12-31, läkarintyg 2014-09-28.",
        "Försörjningsstöd 12 500 kr i månaden sedan 2012.", "Ring mig på 035-13 70 00 eller 070-123 45 67.",
        "Ärende 2014/1234, dnr 123456-7.", "Kontonummer 8327-9 123 456 789-0.", "12345678901234567890",
        "Fyra år på EB, ingen SGI, behöver samordnad rehabilitering."}) {
    ExpectFindings(text, {});
  }
}

TEST(PersonalData, NumbersInsideLongerDigitRunsAreNotCut) {
  // Twelve valid digits inside a longer number are part of that number, not a personnummer.
  ExpectFindings("id 01985031298040", {});
  ExpectFindings("x198503129804x", {{kPnr, kRefuse, "198503129804"}});
}

TEST(PersonalData, FullNamesAreWarnedAbout) {
  ExpectFindings("Vi har träffat Anna Svensson två gånger.", {{kName, kWarn, "Anna Svensson"}});
  ExpectFindings("Gäller Karl-Erik Öberg Lind, 54 år.", {{kName, kWarn, "Karl-Erik Öberg Lind"}});
  ExpectFindings("Åsa Ängström har sökt SE.", {{kName, kWarn, "Åsa Ängström"}});
  ExpectFindings("Kontakt: Émile Zola", {{kName, kWarn, "Émile Zola"}});
}

TEST(PersonalData, PlacesAgenciesAndSentenceStartsAreNotNames) {
  for (const std::string text :
       {"Försäkringskassan Halmstad och Region Halland är informerade.",
        "Personen är inskriven på Arbetsförmedlingen. Hen vill delta i SIP.",
        "Enligt Försäkringskassan finns ingen SGI. Vi behöver råd.", "Anna träffade oss igår.",
        "EB AME FK SIP", "Hej! Mvh Socialtjänsten Falköping", "Anna, Svensson"}) {
    ExpectFindings(text, {});
  }
}

TEST(PersonalData, EmailAddressesAreWarnedAbout) {
  ExpectFindings("Svar till anna.svensson@example.se tack", {{kEmail, kWarn, "anna.svensson@example.se"}});
  ExpectFindings("a@b inte en adress, @ inte heller", {});
}

TEST(PersonalData, SeveralFindingsComeInTextOrder) {
  ExpectFindings("Anna Svensson 850312-9804 anna@example.se",
                 {{kName, kWarn, "Anna Svensson"}, {kPnr, kRefuse, "850312-9804"}, {kEmail, kWarn, "anna@example.se"}});
}

TEST(PersonalData, BrokenUtf8AndEmptyTextAreHandled) {
  ExpectFindings("", {});
  ExpectFindings(std::string("\xC3", 1), {});
  ExpectFindings(std::string("Anna \xC3\x28 Svensson"), {});
}

}  // namespace
}  // namespace rattvag
