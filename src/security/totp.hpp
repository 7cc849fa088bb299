// TOTP second factors (RFC 6238) through Debian's liboath: 30-second time steps counted from
// 1970-01-01 UTC, 6-digit codes, HMAC-SHA-1 (what authenticator apps expect from an otpauth://
// URI without parameters). Nothing here reads the clock: `now` is seconds since 1970 UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace rattvag {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr int kTotpDriftSteps = 1;  // A code of the step before or after now's is accepted too.

// A new random secret of 160 bits (RFC 4226 §4 recommends 160), base32 (RFC 4648) without
// padding, upper case: 32 characters. Thread-safe.
std::string NewTotpSecret();

// The otpauth:// URI authenticator apps read (often from a QR code): label "Rätt väg:USERNAME",
// issuer "Rätt väg", SHA1, 6 digits, period 30, percent-encoded.
std::string TotpUri(std::string_view username, std::string_view base32_secret);

// The time step of `now`: floor(now / 30).
int64_t TotpStep(int64_t now);

// The time step among TotpStep(now) ± `drift` whose code `code` is, or nothing (a wrong code,
// or not 6 digits). An error (field "totp") when the stored secret is not base32.
Result<std::optional<int64_t>> MatchTotp(std::string_view base32_secret, std::string_view code, int64_t now,
                                         int drift = kTotpDriftSteps);

// The 6-digit code of `now`'s time step (what the app shows then). An error (field "totp")
// when the secret is not base32.
Result<std::string> TotpCode(std::string_view base32_secret, int64_t now);

// True when `code` has the form of a code: exactly 6 ASCII digits.
bool IsTotpCodeFormat(std::string_view code);

}  // namespace rattvag
