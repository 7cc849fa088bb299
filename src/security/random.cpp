#include "security/random.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "security/sha256.hpp"

namespace rattvag {

std::string RandomHex(size_t bytes) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
  std::string buffer(bytes, '\0');
  randombytes_buf(buffer.data(), buffer.size());
  return Hex(buffer);
}

}  // namespace rattvag
