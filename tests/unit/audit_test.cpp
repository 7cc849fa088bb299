// The audit log's hash chain (issue 3): any change, removal, insertion or reordering of an entry
// is found. The hash here is a stand-in (FNV-1a); SHA-256 is used with the real store.
#include <gtest/gtest.h>

#include <vector>

#include "domain/audit.hpp"

namespace rattvag {
namespace {

std::string Fnv(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return std::string(reinterpret_cast<const char*>(&h), sizeof h);
}

AuditEntry Entry(const std::string& action, const std::string& person = "198503129804") {
  return {"2026-11-27T08:00:00.000Z", "u1", "eb", "unit-1380", "socialsekreterare", person, action, "ownership",
          "allowed", ""};
}

std::vector<ChainedAuditEntry> Chain(int n) {
  std::vector<ChainedAuditEntry> chain;
  for (int i = 0; i < n; ++i)
    chain.push_back(ChainAuditEntry(Entry("read_case:" + std::to_string(i)), chain.empty() ? nullptr : &chain.back(), Fnv));
  return chain;
}

TEST(AuditChain, AnUntouchedChainVerifies) {
  const auto chain = Chain(5);
  EXPECT_EQ(chain[0].sequence, 1);
  EXPECT_EQ(chain[0].previous_hash, GenesisHash());
  EXPECT_EQ(chain[4].previous_hash, chain[3].hash);
  const auto v = VerifyAuditChain(chain, Fnv);
  EXPECT_TRUE(v.ok()) << v.reason;
  EXPECT_EQ(v.entries, 5);
  EXPECT_EQ(v.head_hash, chain[4].hash);
  const auto empty = VerifyAuditChain({}, Fnv);
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.head_hash, GenesisHash());
}

TEST(AuditChain, AChangedFieldIsFound) {
  for (int field = 0; field < 10; ++field) {
    auto chain = Chain(5);
    AuditEntry& e = chain[2].entry;
    std::string* fields[] = {&e.at, &e.user, &e.party, &e.unit, &e.role, &e.person, &e.action, &e.ground, &e.outcome, &e.detail};
    *fields[field] += "x";
    const auto v = VerifyAuditChain(chain, Fnv);
    ASSERT_FALSE(v.ok()) << field;
    EXPECT_EQ(*v.broken_at, 3) << field;
    EXPECT_NE(v.reason.find("changed"), std::string::npos);
  }
}

TEST(AuditChain, ARemovedInsertedOrMovedEntryIsFound) {
  {
    auto chain = Chain(5);
    chain.erase(chain.begin() + 1);  // Removed from the middle.
    const auto v = VerifyAuditChain(chain, Fnv);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.broken_at, 2);
  }
  {
    auto chain = Chain(5);
    std::swap(chain[1], chain[3]);  // Moved.
    const auto v = VerifyAuditChain(chain, Fnv);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.broken_at, 2);
  }
  {
    auto chain = Chain(5);
    std::swap(chain[1].entry, chain[3].entry);  // Contents swapped, places kept.
    const auto v = VerifyAuditChain(chain, Fnv);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.broken_at, 2);
  }
  {
    // A forged entry inserted and the sequences renumbered: its hash cannot link both ways.
    auto chain = Chain(5);
    ChainedAuditEntry forged = ChainAuditEntry(Entry("forged"), &chain[1], Fnv);
    chain.insert(chain.begin() + 2, forged);
    for (size_t i = 3; i < chain.size(); ++i) chain[i].sequence = static_cast<int64_t>(i) + 1;
    const auto v = VerifyAuditChain(chain, Fnv);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.broken_at, 4);
  }
  {
    // Rehashing a changed entry without relinking the next one is found at the next one.
    auto chain = Chain(5);
    chain[2] = ChainAuditEntry(Entry("rewritten"), &chain[1], Fnv);
    const auto v = VerifyAuditChain(chain, Fnv);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(*v.broken_at, 4);
  }
}

TEST(AuditChain, RemovingTheNewestEntriesLeavesAValidShorterChainWithAnotherHead) {
  auto chain = Chain(5);
  const std::string head = VerifyAuditChain(chain, Fnv).head_hash;
  chain.pop_back();
  const auto v = VerifyAuditChain(chain, Fnv);
  EXPECT_TRUE(v.ok());
  EXPECT_NE(v.head_hash, head);  // Only a head kept elsewhere shows it.
}

TEST(AuditChain, FieldBoundariesAreUnambiguous) {
  AuditEntry a = Entry("ab"), b = Entry("a");
  a.ground = "c";
  b.ground = "bc";
  EXPECT_NE(AuditChainBytes(1, a, GenesisHash()), AuditChainBytes(1, b, GenesisHash()));
  EXPECT_NE(AuditChainBytes(1, a, GenesisHash()), AuditChainBytes(2, a, GenesisHash()));
}

}  // namespace
}  // namespace rattvag
