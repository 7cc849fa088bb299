// The audit log (DOMAIN.md §3, issue 3 item 6): every read and write of a person's data, who,
// as which party, unit and role, when, what, and under which legal ground. Entries form a hash
// chain, so that a changed, removed, inserted or reordered entry is detected. The hash function
// is supplied by the caller (SHA-256 in production), which keeps these rules pure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rattvag {

struct AuditEntry {
  std::string at;       // UTC time, ISO 8601 with milliseconds: 2026-11-27T08:21:03.123Z.
  std::string user;     // The user's id.
  std::string party;    // Wire name of the party (eb, fk, …) or "forbund" / "admin".
  std::string unit;     // The unit's id.
  std::string role;     // Wire name of the role.
  std::string person;   // 12-digit personnummer; empty when the entry concerns no person.
  std::string action;   // What was done, e.g. "read_case", "record:sick_certificate", "login".
  std::string ground;   // "ownership", "consent:<id>", or "none" for a denial.
  std::string outcome;  // "allowed" or "denied".
  std::string detail;   // Free text for the reviewer; never case content.
};

// An entry as stored: its place in the chain and the hashes that bind it.
struct ChainedAuditEntry {
  int64_t sequence;           // 1, 2, 3… without gaps.
  AuditEntry entry;
  std::string previous_hash;  // The hash of entry sequence − 1; kGenesisHash for the first.
  std::string hash;           // Hash(AuditChainBytes(sequence, entry, previous_hash)).
};

using HashFunction = std::function<std::string(std::string_view)>;

// The bytes an entry's hash covers: its sequence, every field and the previous hash, each
// length-prefixed, so that no two different entries share them.
std::string AuditChainBytes(int64_t sequence, const AuditEntry& entry, std::string_view previous_hash);

// The previous hash of the first entry: 32 zero bytes.
std::string GenesisHash();

// Links `entry` after `previous` (none for the first entry).
ChainedAuditEntry ChainAuditEntry(const AuditEntry& entry, const ChainedAuditEntry* previous, const HashFunction& hash);

struct AuditVerification {
  int64_t entries = 0;
  std::string head_hash;                 // The last entry's hash (GenesisHash() when empty).
  std::optional<int64_t> broken_at;      // The first sequence (1-based position) that fails.
  std::string reason;                    // Why, when broken.
  bool ok() const { return !broken_at; }
};

// Checks `entries` as read in storage order: sequences 1…n without gaps, each previous hash the
// hash before it, each hash recomputed. Removing the last entries leaves a shorter valid chain:
// compare the head hash with one kept elsewhere to detect that.
AuditVerification VerifyAuditChain(std::span<const ChainedAuditEntry> entries, const HashFunction& hash);

}  // namespace rattvag
