// TOTP codes (RFC 6238) through liboath, checked against the RFC's own test vectors (Appendix
// B, SHA-1; a 6-digit code is the last 6 digits of the 8-digit one), with the clock drift
// window and the no-replay rule at their boundaries.
#include <gtest/gtest.h>

#include <set>

#include "domain/accounts.hpp"
#include "security/totp.hpp"

namespace rattvag {
namespace {

// Base32 of the ASCII secret "12345678901234567890" of RFC 6238 Appendix B.
constexpr const char* kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(Totp, CodesAreThoseOfRfc6238AppendixB) {
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "287082"},          {1111111109, "081804"}, {1111111111, "050471"},
      {1234567890, "005924"},  {2000000000, "279037"}, {20000000000, "353130"},
  };
  for (const auto& [time, code] : vectors) {
    SCOPED_TRACE(time);
    auto generated = TotpCode(kRfcSecret, time);
    ASSERT_TRUE(generated.ok()) << generated.error().ToString();
    EXPECT_EQ(*generated, code);
    auto step = MatchTotp(kRfcSecret, code, time);
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(*step, std::optional<int64_t>(time / 30));
  }
}

TEST(Totp, OneStepOfDriftEitherWayIsAcceptedTwoAreNot) {
  const int64_t now = 1111111111;  // Step 37037037, whose first second is 1111111110.
  ASSERT_EQ(TotpStep(now), 37037037);
  for (int offset = -3; offset <= 3; ++offset) {
    SCOPED_TRACE(offset);
    auto code = TotpCode(kRfcSecret, now + 30 * offset);
    ASSERT_TRUE(code.ok());
    auto step = MatchTotp(kRfcSecret, *code, now);
    ASSERT_TRUE(step.ok());
    if (offset >= -1 && offset <= 1) {
      EXPECT_EQ(*step, std::optional<int64_t>(37037037 + offset));
    } else {
      EXPECT_EQ(*step, std::nullopt);
    }
  }
  // The step boundary: 1111111109 is the last second of step 37037036.
  EXPECT_EQ(TotpStep(1111111109), 37037036);
  EXPECT_EQ(TotpStep(1111111110), 37037037);
}

TEST(Totp, WrongOrMalformedCodesDoNotMatch) {
  for (const char* code : {"287083", "28708", "2870820", "28708a", "", " 287082", "94287082"}) {
    SCOPED_TRACE(code);
    auto step = MatchTotp(kRfcSecret, code, 59);
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(*step, std::nullopt);
  }
  EXPECT_TRUE(IsTotpCodeFormat("000000"));
  EXPECT_FALSE(IsTotpCodeFormat("00000"));
  EXPECT_FALSE(IsTotpCodeFormat("0000000"));
  EXPECT_FALSE(IsTotpCodeFormat("12345x"));
  auto bad = MatchTotp("not base32!", "123456", 59);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "totp");
}

TEST(Totp, NewSecretsAre160RandomBitsInBase32) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string secret = NewTotpSecret();
    EXPECT_EQ(secret.size(), 32u) << secret;  // 20 bytes = 160 bits = 32 base32 characters.
    EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos) << secret;
    EXPECT_TRUE(TotpCode(secret, 59).ok());
    seen.insert(secret);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Totp, TheUriIsTheKeyUriFormatAppsRead) {
  EXPECT_EQ(TotpUri("anna.eb", kRfcSecret),
            "otpauth://totp/R%C3%A4tt%20v%C3%A4g:anna.eb?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=R%C3%A4tt%20v%C3%A4g&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, EachStepIsUsedOnceAndNeverAnOlderOne) {
  EXPECT_TRUE(TotpStepUsable(101, 100));
  EXPECT_FALSE(TotpStepUsable(100, 100));
  EXPECT_FALSE(TotpStepUsable(99, 100));
  EXPECT_TRUE(TotpStepUsable(1, 0));  // Never used yet.
}

}  // namespace
}  // namespace rattvag
