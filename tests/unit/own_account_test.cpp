// The pure rules of individuals' accounts (issue 5 item 3): activation codes, first names, the
// session limits and the plain Swedish of the log extract.
#include <gtest/gtest.h>

#include "domain/own_account.hpp"

namespace rattvag {
namespace {

TEST(OwnAccount, ActivationCodesAreTwelveCharactersInThreeGroups) {
  const std::string random(12, '\0');  // Byte 0 picks the alphabet's first character.
  EXPECT_EQ(MakeActivationCode(random), "AAAA-AAAA-AAAA");
  const std::string bytes = {0, 1, 2, 3, 31, 32, 33, 63, 64, 95, 127, static_cast<char>(255)};
  // 32 characters: byte % 32 picks, so 31, 63, 95, 127 and 255 are the last ('9').
  EXPECT_EQ(MakeActivationCode(bytes), "ABCD-9AB9-A999");
}

TEST(OwnAccount, TypedCodesAreNormalizedOrRefused) {
  EXPECT_EQ(NormalizeActivationCode("abcd-efgh-jkmn"), "ABCDEFGHJKMN");
  EXPECT_EQ(NormalizeActivationCode(" ABCD EFGH JKMN "), "ABCDEFGHJKMN");
  EXPECT_EQ(NormalizeActivationCode("ABCD-EFGH-JKM"), std::nullopt);      // 11 characters.
  EXPECT_EQ(NormalizeActivationCode("ABCD-EFGH-JKM0"), std::nullopt);     // 0 is not in the alphabet.
  EXPECT_EQ(NormalizeActivationCode("ABCD-EFGH-JKMI"), std::nullopt);     // Nor I.
  EXPECT_EQ(NormalizeActivationCode("ABCD-EFGH-JKMN-P"), std::nullopt);   // 13.
  EXPECT_EQ(NormalizeActivationCode(""), std::nullopt);
}

TEST(OwnAccount, FirstNamesAreLettersOnly) {
  EXPECT_TRUE(CheckFirstName("").ok());
  EXPECT_TRUE(CheckFirstName("Åsa").ok());
  EXPECT_TRUE(CheckFirstName("Anna-Karin").ok());
  EXPECT_TRUE(CheckFirstName("D'Artagnan").ok());
  EXPECT_TRUE(CheckFirstName("Zoë Ñúñez").ok());
  for (const char* bad : {"19850312-9804", "Anna2", "<script>", "a@b", "Ann\n"}) {
    const Status s = CheckFirstName(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().field, "first_name");
  }
  EXPECT_FALSE(CheckFirstName(std::string(41, 'a')).ok());
  EXPECT_FALSE(CheckFirstName("\xC3").ok());  // Not UTF-8.
  EXPECT_EQ(FirstNameOf("Anna Maria"), "Anna");
  EXPECT_EQ(FirstNameOf("  Bo"), "Bo");
  EXPECT_EQ(FirstNameOf(""), "");
}

TEST(OwnAccount, SessionsAreShorterThanStaffSessions) {
  const LoginPolicy own = OwnLoginPolicy(), staff;
  EXPECT_EQ(own.idle_seconds, 15 * 60);
  EXPECT_EQ(own.absolute_seconds, 2 * 60 * 60);
  EXPECT_LT(own.idle_seconds, staff.idle_seconds);
  EXPECT_LT(own.absolute_seconds, staff.absolute_seconds);
  EXPECT_EQ(own.free_failures, staff.free_failures);  // The same lockout.
  EXPECT_EQ(own.min_password_length, staff.min_password_length);
}

TEST(OwnAccount, LogActionsInPlainSwedish) {
  EXPECT_EQ(PlainSwedishAction("read_person"), "Läste ditt ärende");
  EXPECT_EQ(PlainSwedishAction("record:sick_certificate"), "Skrev in ett läkarintyg");
  EXPECT_EQ(PlainSwedishAction("record:no_such_type"), "Skrev i ditt ärende");
  EXPECT_EQ(PlainSwedishAction("own_consent_revoke"), "Du tog tillbaka ett samtycke");
  EXPECT_EQ(PlainSwedishAction("own_denied"), "Du försökte öppna något som inte är ditt");
  EXPECT_EQ(PlainSwedishAction("sip_update"), "Din plan (SIP)");
  EXPECT_EQ(PlainSwedishAction("frobnicate"), "Annan åtgärd (frobnicate)");
}

}  // namespace
}  // namespace rattvag
