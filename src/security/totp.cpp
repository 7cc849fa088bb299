#include "security/totp.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "security/sha256.hpp"

namespace rattvag {

namespace {

void EnsureOath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath cannot start");
  });
}

// The secret's bytes, or nothing when it is not base32.
std::optional<std::string> DecodeSecret(std::string_view base32) {
  EnsureOath();
  char* out = nullptr;
  size_t length = 0;
  if (base32.empty() || oath_base32_decode(base32.data(), base32.size(), &out, &length) != OATH_OK) return std::nullopt;
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  std::string bytes(out, length);
  sodium_memzero(out, length);
  return bytes;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' ||
        u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

std::string NewTotpSecret() {
  EnsureSodium();
  EnsureOath();
  std::string bytes(20, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  char* out = nullptr;
  size_t length = 0;
  const int rc = oath_base32_encode(bytes.data(), bytes.size(), &out, &length);
  sodium_memzero(bytes.data(), bytes.size());
  if (rc != OATH_OK) throw std::runtime_error("liboath cannot encode base32");
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  std::string secret(out, length);
  while (!secret.empty() && secret.back() == '=') secret.pop_back();  // 20 bytes need none; apps refuse it.
  return secret;
}

std::string TotpUri(std::string_view username, std::string_view base32_secret) {
  const std::string issuer = PercentEncode("Rätt väg");
  return "otpauth://totp/" + issuer + ":" + PercentEncode(username) + "?secret=" + std::string(base32_secret) +
         "&issuer=" + issuer + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

int64_t TotpStep(int64_t now) {
  return now >= 0 ? now / kTotpStepSeconds : -((-now + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

bool IsTotpCodeFormat(std::string_view code) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return false;
  for (const char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

Result<std::optional<int64_t>> MatchTotp(std::string_view base32_secret, std::string_view code, int64_t now, int drift) {
  auto secret = DecodeSecret(base32_secret);
  if (!secret) return Error{"totp", "the stored secret is not base32"};
  if (!IsTotpCodeFormat(code)) return std::optional<int64_t>();
  const std::string otp(code);
  int position = 0;
  uint64_t counter = 0;
  const int rc = oath_totp_validate3(secret->data(), secret->size(), static_cast<time_t>(now), kTotpStepSeconds,
                                     OATH_TOTP_DEFAULT_START_TIME, static_cast<size_t>(drift), &position, &counter,
                                     otp.c_str());
  sodium_memzero(secret->data(), secret->size());
  if (rc < 0) return std::optional<int64_t>();  // OATH_INVALID_OTP, or a failure: no match either way.
  return std::optional<int64_t>(static_cast<int64_t>(counter));
}

Result<std::string> TotpCode(std::string_view base32_secret, int64_t now) {
  auto secret = DecodeSecret(base32_secret);
  if (!secret) return Error{"totp", "the stored secret is not base32"};
  char otp[kTotpDigits + 1] = {};
  const int rc = oath_totp_generate(secret->data(), secret->size(), static_cast<time_t>(now), kTotpStepSeconds,
                                    OATH_TOTP_DEFAULT_START_TIME, kTotpDigits, otp);
  sodium_memzero(secret->data(), secret->size());
  if (rc != OATH_OK) return Error{"totp", std::string("cannot compute a code: ") + oath_strerror(rc)};
  return std::string(otp);
}

}  // namespace rattvag
