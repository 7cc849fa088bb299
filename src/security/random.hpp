// Unpredictable identifiers and tokens (libsodium's randombytes).
#pragma once

#include <cstddef>
#include <string>

namespace rattvag {

// `bytes` random bytes as lower-case hexadecimal. Thread-safe.
std::string RandomHex(size_t bytes);

}  // namespace rattvag
