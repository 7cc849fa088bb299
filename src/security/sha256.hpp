// SHA-256 from libsodium, for the audit log's hash chain; and libsodium's initialisation.
#pragma once

#include <string>
#include <string_view>

namespace rattvag {

// Initialises libsodium once (thread-safe); every use of it calls this first. Throws when the
// library cannot start (no usable random source): nothing secure can be done then.
void EnsureSodium();

// The 32-byte SHA-256 digest of `bytes`. Thread-safe.
std::string Sha256(std::string_view bytes);

// Lower-case hexadecimal of `bytes`.
std::string Hex(std::string_view bytes);

}  // namespace rattvag
