#include "domain/audit.hpp"

namespace rattvag {

namespace {

void Field(std::string& out, std::string_view value) {
  const uint64_t n = value.size();
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(value);
}

}  // namespace

std::string GenesisHash() { return std::string(32, '\0'); }

std::string AuditChainBytes(int64_t sequence, const AuditEntry& e, std::string_view previous_hash) {
  const std::string number = std::to_string(sequence);
  const std::string* fields[] = {&e.at,     &e.user,   &e.party,  &e.unit,    &e.role,
                                 &e.person, &e.action, &e.ground, &e.outcome, &e.detail};
  size_t size = 15 + 8 * 12 + number.size() + previous_hash.size();
  for (const std::string* f : fields) size += f->size();
  std::string out;
  out.reserve(size);
  out = "rattvag-audit-1";
  Field(out, number);
  for (const std::string* f : fields) Field(out, *f);
  Field(out, previous_hash);
  return out;
}

ChainedAuditEntry ChainAuditEntry(const AuditEntry& entry, const ChainedAuditEntry* previous, const HashFunction& hash) {
  ChainedAuditEntry chained;
  chained.sequence = previous ? previous->sequence + 1 : 1;
  chained.entry = entry;
  chained.previous_hash = previous ? previous->hash : GenesisHash();
  chained.hash = hash(AuditChainBytes(chained.sequence, entry, chained.previous_hash));
  return chained;
}

AuditVerification VerifyAuditChain(std::span<const ChainedAuditEntry> entries, const HashFunction& hash) {
  AuditVerification v;
  std::string expected_previous = GenesisHash();
  for (size_t i = 0; i < entries.size(); ++i) {
    const ChainedAuditEntry& e = entries[i];
    const auto position = static_cast<int64_t>(i) + 1;
    auto broken = [&](std::string reason) {
      v.broken_at = position;
      v.reason = std::move(reason);
      return v;
    };
    if (e.sequence != position)
      return broken("sequence " + std::to_string(e.sequence) + " where " + std::to_string(position) +
                    " was expected (an entry is missing, inserted or moved)");
    if (e.previous_hash != expected_previous)
      return broken("its previous hash is not the hash of the entry before (removed, inserted or reordered)");
    if (hash(AuditChainBytes(e.sequence, e.entry, e.previous_hash)) != e.hash)
      return broken("its content does not match its hash (changed)");
    expected_previous = e.hash;
    v.entries = position;
  }
  v.head_hash = expected_previous;
  return v;
}

}  // namespace rattvag
