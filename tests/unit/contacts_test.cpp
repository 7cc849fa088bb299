// The contact list's field rules (domain/contacts.hpp).
#include <gtest/gtest.h>

#include "domain/contacts.hpp"

namespace rattvag {
namespace {

Contact Good() {
  return {"", "fk", "FK:s funktionsbrevlåda, samordnad rehabilitering", "", "samordning@fk.example.se", "070-174 06 05",
          "", "Ringer upp inom tre arbetsdagar"};
}

TEST(ContactsTest, AGoodContactHasNoProblems) { EXPECT_TRUE(ValidateContact(Good()).empty()); }

TEST(ContactsTest, EmailAddresses) {
  for (const char* ok : {"eva@halmstad.example.se", "a.b-c+d@x.se", "EB_1380@kommun.example.se"})
    EXPECT_TRUE(IsEmailAddress(ok)) << ok;
  for (const char* bad : {"", "eva", "eva@", "@x.se", "eva@x", "eva@@x.se", "eva@x..se", ".eva@x.se", "eva.@x.se",
                          "eva @x.se", "eva@-x.se", "eva@x.s", "eva@x.12", "eva@exämpel.se", "åsa@x.se"})
    EXPECT_FALSE(IsEmailAddress(bad)) << bad;
  EXPECT_FALSE(IsEmailAddress(std::string(65, 'a') + "@x.se"));
}

TEST(ContactsTest, SwedishPhoneNumbers) {
  for (const char* ok : {"070-174 06 05", "0701740699", "035-13 70 00", "+46 70 174 06 05", "08-123 45"})
    EXPECT_TRUE(IsSwedishPhoneNumber(ok)) << ok;
  for (const char* bad : {"", "123", "70-174 06 05", "+46 070 174 06 05", "070-174 06 05 ankn. 3", "070/1740605",
                          "070-174-", "0123456789012345", "+4470 174 06 05"})
    EXPECT_FALSE(IsSwedishPhoneNumber(bad)) << bad;
}

TEST(ContactsTest, EveryProblemNamesItsField) {
  auto first_field = [](const Contact& c) {
    auto errors = ValidateContact(c);
    return errors.empty() ? std::string() : errors[0].field;
  };
  Contact c = Good();
  c.party = "kommun";
  EXPECT_EQ(first_field(c), "party");
  c = Good();
  c.name = "  ";
  EXPECT_EQ(first_field(c), "name");
  c.name = std::string(121, 'x');
  EXPECT_EQ(first_field(c), "name");
  c.name = std::string(120, 'x');
  EXPECT_EQ(first_field(c), "");
  c = Good();
  c.municipality = "138";
  EXPECT_EQ(first_field(c), "municipality");
  c = Good();
  c.mailbox = "samordning-at-fk";
  EXPECT_EQ(first_field(c), "mailbox");
  c = Good();
  c.phone = "ring växeln";
  EXPECT_EQ(first_field(c), "phone");
  c = Good();
  c.email = "eva@halmstad";
  EXPECT_EQ(first_field(c), "email");
  c = Good();
  c.note = std::string(301, 'x');
  EXPECT_EQ(first_field(c), "note");
  // At least one way to reach the unit.
  c = Good();
  c.mailbox = c.phone = c.email = "";
  ASSERT_EQ(ValidateContact(c).size(), 1u);
  EXPECT_EQ(ValidateContact(c)[0].field, "phone");
  // Names of 120 characters count characters, not bytes.
  c = Good();
  c.name = "";
  for (int i = 0; i < 120; ++i) c.name += "å";
  EXPECT_TRUE(ValidateContact(c).empty());
}

}  // namespace
}  // namespace rattvag
