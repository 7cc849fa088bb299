// Password hashes with Argon2id (libsodium's crypto_pwhash_str, issue 3): the hash string holds
// the algorithm, its parameters and a random salt, so a stored hash can be checked (and
// recognised as needing a stronger hash) without anything else.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace rattvag {

// The Argon2id hash of `password` with libsodium's interactive limits (64 MiB, 2 passes):
// the recommendation for an online login. Errors only when memory runs out.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash` (constant time in the password). False for anything
// that is not a valid hash string.
bool VerifyPassword(std::string_view hash, std::string_view password);

// True when `hash` was made with weaker parameters than HashPassword uses now.
bool PasswordNeedsRehash(std::string_view hash);

}  // namespace rattvag
