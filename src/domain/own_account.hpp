// The person's own view (issue 5 item 3, "Mina sidor"): the pure rules of individuals' accounts.
// An individual's account is apart from staff users: tied to one person, created or reset by
// the owning EB unit, opened once with a one-time activation code, then used with a password
// (or, later, BankID: docs/OWN.md). Times are seconds since 1970-01-01 UTC, supplied by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/result.hpp"

namespace rattvag {

// The login rules of individuals: the same password length and lockout as staff, shorter
// sessions (a person reads a few pages, often on a shared or public computer): 15 minutes idle,
// 2 hours at most.
LoginPolicy OwnLoginPolicy();

// An activation code is valid this long after the caseworker created it.
inline constexpr int64_t kActivationCodeSeconds = 14 * 24 * 60 * 60;

// Activation codes: 12 characters of a 32-character alphabet without look-alikes (no 0/O,
// 1/I), shown in three groups "ABCD-EFGH-JKMN"; 60 bits.
inline constexpr std::string_view kActivationAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
inline constexpr size_t kActivationCodeLength = 12;

// The code made from `random` (at least kActivationCodeLength bytes; each byte picks a
// character), in its grouped form.
std::string MakeActivationCode(std::string_view random);

// A code as a person types it (any case, spaces or hyphens anywhere) in its plain form of 12
// characters; nothing when it cannot be a code.
std::optional<std::string> NormalizeActivationCode(std::string_view typed);

// A first name as the caseworker enters it (what the person is called in their own view): at
// most 40 characters, letters (any script), spaces, hyphens and apostrophes; no digits, so no
// personnummer. Empty is allowed (the view then greets without a name). Errors name "first_name".
Status CheckFirstName(std::string_view name);

// The first word of a name ("Anna Maria" → "Anna"): the who-am-I answer shows the first name only.
std::string FirstNameOf(std::string_view name);

// What an audit action means, in plain Swedish for the person's log extract ("Läste ditt
// ärende", "Skrev in ett läkarintyg", …); the action itself for anything unknown.
std::string PlainSwedishAction(std::string_view action);

}  // namespace rattvag
