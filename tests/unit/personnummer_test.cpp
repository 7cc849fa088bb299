// Personal identity numbers and samordningsnummer (DOMAIN.md §8). All numbers are synthetic:
// the serial digits NNN are in 980–999. Check digits were worked out by hand with the Luhn rule
// (weights 2,1,2,1,… over YYMMDDNNN, add the digits of each product, C = (10 - sum mod 10) mod 10)
// and double-checked with the npm package `personnummer`; the test never asks our code for them.
#include "domain/personnummer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rattvag {
namespace {

const Date kReference(2024, 6, 1);

TEST(PersonnummerLuhn, HandWorkedCheckDigits) {
  // 811218987: 8·2=16→1+6=7, 1, 1·2=2, 2, 1·2=2, 8, 9·2=18→9, 8, 7·2=14→5; sum 44; C = 6.
  EXPECT_EQ(LuhnCheckDigit("811218987"), 6);
  // 900101998: 18→9, 0, 0, 1, 0, 1, 18→9, 9, 16→7; sum 36; C = 4.
  EXPECT_EQ(LuhnCheckDigit("900101998"), 4);
  // 811278982: 16→7, 1, 2, 2, 14→5, 8, 18→9, 8, 4; sum 46; C = 4.
  EXPECT_EQ(LuhnCheckDigit("811278982"), 4);
  // 240601994: 4, 4, 0, 6, 0, 1, 18→9, 9, 8; sum 41; C = 9.
  EXPECT_EQ(LuhnCheckDigit("240601994"), 9);
  // 000229999: 0, 0, 0, 2, 4, 9, 9, 9, 9; sum 42; C = 8.
  EXPECT_EQ(LuhnCheckDigit("000229999"), 8);
  // 230230984: 4, 3, 0, 2, 6, 0, 9, 8, 8; sum 40; C = 0 (the (10 - 0) mod 10 case).
  EXPECT_EQ(LuhnCheckDigit("230230984"), 0);
}

struct ValidCase {
  const char* text;
  Date reference;
  const char* digits;  // Expected 12-digit form.
  Date birth_date;
  bool samordningsnummer;
  Sex sex;
  const char* why;
};

TEST(PersonnummerParse, Valid) {
  const ValidCase kCases[] = {
      // Every accepted form of the same number. The second-to-last digit 7 is odd: a man.
      {"19811218-9876", kReference, "198112189876", Date(1981, 12, 18), false, Sex::kMale, "12 digits with '-'"},
      {"198112189876", kReference, "198112189876", Date(1981, 12, 18), false, Sex::kMale, "12 digits"},
      {"811218-9876", kReference, "198112189876", Date(1981, 12, 18), false, Sex::kMale, "10 digits with '-'"},
      {"8112189876", kReference, "198112189876", Date(1981, 12, 18), false, Sex::kMale, "10 digits"},
      // Second-to-last digit 8 and 0: women; 1: a man.
      {"19900101-9984", kReference, "199001019984", Date(1990, 1, 1), false, Sex::kFemale, "female 8"},
      {"19900101-9802", kReference, "199001019802", Date(1990, 1, 1), false, Sex::kFemale, "female 0"},
      {"19811218-9819", kReference, "198112189819", Date(1981, 12, 18), false, Sex::kMale, "male 1"},
      // Samordningsnummer: day 78 = 18 + 60.
      {"19811278-9824", kReference, "198112789824", Date(1981, 12, 18), true, Sex::kFemale, "samordningsnummer"},
      {"811278-9824", kReference, "198112789824", Date(1981, 12, 18), true, Sex::kFemale, "samordningsnummer, 10 digits"},
      // Samordningsnummer on the last day of a month: day 91 = 31 + 60.
      {"19811291-9801", kReference, "198112919801", Date(1981, 12, 31), true, Sex::kFemale, "samordningsnummer day 91"},
      // Century from the reference date 2024-06-01, '-' or none: younger than 100.
      {"050101-9913", kReference, "200501019913", Date(2005, 1, 1), false, Sex::kMale, "2005, not 1905"},
      {"250101-9935", kReference, "192501019935", Date(1925, 1, 1), false, Sex::kMale, "2025 is in the future: 1925"},
      {"240601-9949", kReference, "202406019949", Date(2024, 6, 1), false, Sex::kFemale, "born on the reference day"},
      {"2406019949", kReference, "202406019949", Date(2024, 6, 1), false, Sex::kFemale, "same, no separator"},
      {"240602-9955", kReference, "192406029955", Date(1924, 6, 2), false, Sex::kMale, "tomorrow in 2024: 1924, aged 99"},
      // '+': 100 or older on the reference date.
      {"240601+9964", kReference, "192406019964", Date(1924, 6, 1), false, Sex::kFemale, "'+' turning 100 today"},
      {"240602+9971", kReference, "182406029971", Date(1824, 6, 2), false, Sex::kMale, "'+' and 1924 gives 99: 1824"},
      {"121212+9983", kReference, "191212129983", Date(1912, 12, 12), false, Sex::kFemale, "centenarian"},
      // 29 February in a leap year.
      {"000229-9998", kReference, "200002299998", Date(2000, 2, 29), false, Sex::kMale, "leap day 2000"},
      {"20000229-9998", kReference, "200002299998", Date(2000, 2, 29), false, Sex::kMale, "leap day 2000, 12 digits"},
      // The 12-digit form is taken as written, also when 100 or older.
      {"19460704-9949", kReference, "194607049949", Date(1946, 7, 4), false, Sex::kFemale, "12 digits, 77 years"},
      // A different reference moves the century: on 2004-06-01, 050101 is still in the future.
      {"050101-9913", Date(2004, 6, 1), "190501019913", Date(1905, 1, 1), false, Sex::kMale, "reference 2004"},
  };
  for (const ValidCase& c : kCases) {
    SCOPED_TRACE(c.why);
    const Result<Personnummer> parsed = ParsePersonnummer(c.text, c.reference);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(parsed->digits, c.digits);
    EXPECT_EQ(parsed->birth_date, c.birth_date) << parsed->birth_date.ToString();
    EXPECT_EQ(parsed->samordningsnummer, c.samordningsnummer);
    EXPECT_EQ(parsed->sex, c.sex);
  }
}

TEST(PersonnummerParse, Formatted) {
  const Result<Personnummer> parsed = ParsePersonnummer("8112189876", kReference);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Formatted(), "19811218-9876");
}

TEST(PersonnummerParse, AgeOn) {
  EXPECT_EQ(AgeOn(Date(1924, 6, 1), kReference), 100);
  EXPECT_EQ(AgeOn(Date(1924, 6, 2), kReference), 99);
  EXPECT_EQ(AgeOn(Date(2000, 2, 29), Date(2001, 2, 28)), 1);
  EXPECT_EQ(AgeOn(Date(2000, 2, 29), Date(2001, 2, 27)), 0);
  EXPECT_EQ(AgeOn(Date(2024, 6, 2), kReference), 0);  // Not born yet: 0, not negative.
}

struct InvalidCase {
  const char* text;
  Date reference;
  const char* reason;
};

TEST(PersonnummerParse, Invalid) {
  const InvalidCase kCases[] = {
      // Length.
      {"", kReference, "must have 10 or 12 digits"},
      {"811218987", kReference, "must have 10 or 12 digits"},
      {"19811218-987", kReference, "must have 10 or 12 digits"},
      {"811218-98761", kReference, "must have 10 or 12 digits"},
      {"1981121898765", kReference, "must have 10 or 12 digits"},
      // Characters.
      {"19811218-98A6", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      {"ABCDEFGH-IJKL", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      {"19811218 9876", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      {" 19811218-9876", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      {"19811218-9876\n", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      {"19811218--9876", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      {"1981-12-18-9876", kReference, "may contain only digits and one '-' or '+' before the last four digits"},
      // Separator in the wrong place, or '+' with 12 digits.
      {"198112-189876", kReference, "must have its '-' or '+' right before the last four digits"},
      {"81121-89876", kReference, "must have its '-' or '+' right before the last four digits"},
      {"19811218+9876", kReference, "may use '+' only in the 10-digit form (YYMMDD+NNNC)"},
      // Check digit (the right one is 6).
      {"19811218-9875", kReference, "has a wrong check digit"},
      {"811218-9870", kReference, "has a wrong check digit"},
      {"8112189877", kReference, "has a wrong check digit"},
      // Transposed serial digits change the Luhn sum: 9786 instead of 9876.
      {"19811218-9786", kReference, "has a wrong check digit"},
      // Impossible dates, each with a correct check digit.
      {"19000229-9816", kReference, "has an impossible date 1900-02-29"},  // 1900 is not a leap year.
      {"20230229-9835", kReference, "has an impossible date 2023-02-29"},
      {"20230230-9840", kReference, "has an impossible date 2023-02-30"},
      {"19811318-9859", kReference, "has an impossible date 1981-13-18"},
      {"19810100-9861", kReference, "has an impossible date 1981-01-00"},
      {"19811240-9894", kReference, "has an impossible date 1981-12-40"},  // Neither a day nor day + 60.
      {"19811292-9883", kReference, "has an impossible date 1981-12-32"},  // Samordningsnummer 92 = 32 + 60.
      // With '-' on 2000-01-15, 000229 is not yet born in 2000, so 1900, which has no 29 February.
      {"000229-9816", Date(2000, 1, 15), "has an impossible date 1900-02-29"},
      // A birth date after the reference date.
      {"20300101-9904", kReference, "is a birth date after today"},
      {"20240602-9922", kReference, "is a birth date after today"},
  };
  for (const InvalidCase& c : kCases) {
    SCOPED_TRACE(c.text);
    const Result<Personnummer> parsed = ParsePersonnummer(c.text, c.reference, "applicant");
    ASSERT_FALSE(parsed.ok()) << parsed->digits;
    EXPECT_EQ(parsed.error().field, "applicant");
    EXPECT_EQ(parsed.error().reason, c.reason);
  }
}

TEST(PersonnummerParse, EveryWrongCheckDigitIsRejected) {
  for (char c = '0'; c <= '9'; ++c) {
    const std::string text = std::string("19811218-987") + c;
    EXPECT_EQ(ParsePersonnummer(text, kReference).ok(), c == '6') << text;
  }
}

TEST(PersonnummerParse, ErrorsNeverContainTheNumber) {
  // Personal data must not end up in logs (DOMAIN.md §8): no error repeats the input, its
  // serial-and-check part or its YYMMDD part.
  const char* kInputs[] = {"19811218-9875", "811218-9870", "20300101-9904", "19811218+9876",
                           "198112-189876", "19811218-98A6", "1981121898765"};
  for (const char* text : kInputs) {
    const Result<Personnummer> parsed = ParsePersonnummer(text, kReference);
    ASSERT_FALSE(parsed.ok()) << text;
    const std::string message = parsed.error().ToString();
    const std::string input(text);
    EXPECT_EQ(message.find(input), std::string::npos) << message;
    EXPECT_EQ(message.find(input.substr(input.size() - 4)), std::string::npos) << message;
    EXPECT_EQ(message.find(input.substr(input.size() == 13 && input[8] == '-' ? 2 : 0, 6)), std::string::npos)
        << message;
  }
}

TEST(PersonnummerParse, DefaultFieldName) {
  const Result<Personnummer> parsed = ParsePersonnummer("19811218-9875", kReference);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "person");
  EXPECT_EQ(parsed.error().ToString(), "person: has a wrong check digit");
}

}  // namespace
}  // namespace rattvag
