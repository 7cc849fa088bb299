#include "security/sha256.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <stdexcept>

namespace rattvag {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

// OpenSSL's SHA-256 uses the processor's SHA instructions where it has them: about four times
// libsodium's portable code on the benchmark machine (300-byte messages, 0.5-1.0 against 2.8-3.2
// microseconds), and every audit entry is hashed into the chain (docs/BENCHMARKS.md, run g).
std::string Sha256(std::string_view bytes) {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (kSha256 == nullptr || EVP_Digest(bytes.data(), bytes.size(), out, &size, kSha256, nullptr) != 1 || size != 32)
    throw std::runtime_error("OpenSSL's SHA-256 is not available");
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace rattvag
