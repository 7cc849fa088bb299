#include "security/random.hpp"

#include <sodium.h>


#include "security/sha256.hpp"

namespace rattvag {

std::string RandomHex(size_t bytes) {
  EnsureSodium();
  std::string buffer(bytes, '\0');
  randombytes_buf(buffer.data(), buffer.size());
  return Hex(buffer);
}

}  // namespace rattvag
