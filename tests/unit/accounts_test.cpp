// Units, users and the login rules (DOMAIN.md §2, issue 3), at their boundaries.
#include <gtest/gtest.h>

#include "domain/accounts.hpp"

namespace rattvag {
namespace {

Unit EbUnit() { return {"eb-halmstad", "Ekonomiskt bistånd Halmstad", "eb", "1380", {}}; }
Unit FkUnit() { return {"fk-halland", "FK Halland", "fk", "", {"1380", "1381"}}; }

std::vector<std::string> Fields(const std::vector<Error>& errors) {
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  return fields;
}

TEST(Accounts, UnitsNeedTheirMunicipalityOrArea) {
  EXPECT_TRUE(ValidateUnit(EbUnit()).empty());
  EXPECT_TRUE(ValidateUnit(FkUnit()).empty());
  EXPECT_TRUE(ValidateUnit({"admin", "Förvaltning", "admin", "", {}}).empty());
  using V = std::vector<std::string>;
  EXPECT_EQ(Fields(ValidateUnit({"eb-x", "EB", "eb", "", {}})), V{"municipality"});
  EXPECT_EQ(Fields(ValidateUnit({"eb-x", "EB", "eb", "138", {}})), V{"municipality"});
  EXPECT_EQ(Fields(ValidateUnit({"fk-x", "FK", "fk", "", {}})), V{"area"});
  EXPECT_EQ(Fields(ValidateUnit({"fk-x", "FK", "fk", "1380", {"1380"}})), V{"municipality"});
  EXPECT_EQ(Fields(ValidateUnit({"fk-x", "FK", "fk", "", {"1380", "13a0"}})), V{"area"});
  EXPECT_EQ(Fields(ValidateUnit({"eb x", "", "eb", "1380", {}})), (V{"id", "name"}));
  EXPECT_EQ(Fields(ValidateUnit({"x", "X", "police", "", {}})), V{"kind"});
}

TEST(Accounts, EveryRoleBelongsToOneKindOfUnit) {
  const std::map<Role, std::string> kinds = {
      {Role::kSocialsekreterare, "eb"},   {Role::kKontaktpersonEb, "eb"},  {Role::kEnhetschef, "eb"},
      {Role::kPersonligHandlaggareFk, "fk"}, {Role::kRehabsamordnare, "region"}, {Role::kAfHandlaggare, "af"},
      {Role::kAmeHandlaggare, "ame"},     {Role::kSjukskoterska, "nurse"}, {Role::kForbundAnalyst, "forbund"},
      {Role::kAdministrator, "admin"}};
  ASSERT_EQ(kinds.size(), static_cast<size_t>(kRoleCount));
  for (const auto& [role, kind] : kinds) EXPECT_EQ(UnitKindOf(role), kind) << Name(role);
}

TEST(Accounts, UsersAreCheckedAgainstTheirUnit) {
  User anna{"u-1", "anna.eb", "Anna EB", Role::kSocialsekreterare, "eb-halmstad"};
  EXPECT_TRUE(ValidateUser(anna, EbUnit()).empty());
  const auto wrong_unit = ValidateUser(anna, FkUnit());
  ASSERT_EQ(Fields(wrong_unit), std::vector<std::string>{"role"});
  EXPECT_NE(wrong_unit[0].reason.find("fk-halland is a fk unit"), std::string::npos);
  User bad{"u-2", "Anna EB", "", Role::kPersonligHandlaggareFk, "fk-halland"};
  EXPECT_EQ(Fields(ValidateUser(bad, FkUnit())), (std::vector<std::string>{"username", "display_name"}));
  EXPECT_EQ(Fields(ValidateUser({"u", "ab", "A", Role::kPersonligHandlaggareFk, "fk-halland"}, FkUnit())),
            std::vector<std::string>{"username"});
}

TEST(Accounts, TheActorCarriesTheUnitsPlace) {
  const Actor eb = ActorOf({"u-1", "anna.eb", "Anna", Role::kSocialsekreterare, "eb-halmstad"}, EbUnit());
  EXPECT_EQ(eb.municipality, "1380");
  const Actor fk = ActorOf({"u-2", "fk.one", "F", Role::kPersonligHandlaggareFk, "fk-halland"}, FkUnit());
  EXPECT_EQ(fk.area, (std::vector<std::string>{"1380", "1381"}));
  EXPECT_EQ(fk.role, Role::kPersonligHandlaggareFk);
}

TEST(Accounts, PasswordPolicy) {
  const LoginPolicy policy;
  EXPECT_TRUE(CheckNewPassword("tolv tecken!", "anna", policy).empty());           // 12 characters.
  EXPECT_EQ(CheckNewPassword("elva tecken", "anna", policy).size(), 1u);           // 11.
  EXPECT_TRUE(CheckNewPassword("åäöåäöåäöåäö", "anna", policy).empty());         // 12 characters, 24 bytes.
  EXPECT_EQ(CheckNewPassword("åäöåäöåäöåä", "anna", policy).size(), 1u);          // 11 characters, 22 bytes.
  EXPECT_EQ(CheckNewPassword(std::string(129, 'x'), "anna", policy).size(), 1u);
  EXPECT_TRUE(CheckNewPassword(std::string(128, 'x'), "anna", policy).empty());
  const auto contains = CheckNewPassword("hemligt-ANNA.EB-2026", "anna.eb", policy);
  ASSERT_EQ(contains.size(), 1u);
  EXPECT_EQ(contains[0].field, "password");
  EXPECT_EQ(contains[0].reason.find("hemligt"), std::string::npos);  // Never repeats the password.
}

TEST(Accounts, LockoutStartsAfterFiveFailuresAndDoublesUpToAnHour) {
  const LoginPolicy policy;  // 5 free failures, then 60 s doubling to 3600 s.
  const int64_t t = 1'800'000'000;
  EXPECT_FALSE(LockedUntil(0, t, policy).has_value());
  EXPECT_FALSE(LockedUntil(4, t, policy).has_value());
  EXPECT_EQ(LockedUntil(5, t, policy), t + 60);
  EXPECT_EQ(LockedUntil(6, t, policy), t + 120);
  EXPECT_EQ(LockedUntil(7, t, policy), t + 240);
  EXPECT_EQ(LockedUntil(10, t, policy), t + 1920);
  EXPECT_EQ(LockedUntil(11, t, policy), t + 3600);  // 3840 capped.
  EXPECT_EQ(LockedUntil(1000, t, policy), t + 3600);
}

TEST(Accounts, SessionsEndWhenIdleOrTooOld) {
  const LoginPolicy policy;  // Idle 20 minutes, absolute 10 hours.
  const int64_t created = 1'800'000'000;
  EXPECT_FALSE(SessionExpired(created, created, created + 1199, policy));
  EXPECT_TRUE(SessionExpired(created, created, created + 1200, policy));
  // Kept alive by use, but not past ten hours.
  const int64_t ten_hours = 10 * 3600;
  EXPECT_FALSE(SessionExpired(created, created + ten_hours - 60, created + ten_hours - 1, policy));
  EXPECT_TRUE(SessionExpired(created, created + ten_hours - 60, created + ten_hours, policy));
}

}  // namespace
}  // namespace rattvag
