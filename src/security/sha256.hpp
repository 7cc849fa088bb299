// SHA-256 from libsodium, for the audit log's hash chain.
#pragma once

#include <string>
#include <string_view>

namespace rattvag {

// The 32-byte SHA-256 digest of `bytes`. Thread-safe.
std::string Sha256(std::string_view bytes);

// Lower-case hexadecimal of `bytes`.
std::string Hex(std::string_view bytes);

}  // namespace rattvag
