// A realistic synthetic caseload for demos, tests and benchmarks (issue 2).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/contacts.hpp"
#include "domain/date.hpp"
#include "domain/event.hpp"

namespace rattvag {

struct DemoOptions {
  int persons = 1000;         // Persons in the target group (the cohort).
  int municipalities = 6;     // The first six are the seeds' municipalities, the rest synthetic codes.
  uint64_t seed = 1;          // Same seed, same options: the same events, byte for byte.
  Date today = Date(2026, 11, 1);  // No event is dated after this day.
};

// Generates the caseload and hands each event to `sink`, person after person, each person's
// events in date order. Every event passes ValidateEventFields and the relational checks of
// CaseState; personnummer are synthetic (Luhn-valid, serials 980–999). Anonymous survey answers
// come last. Covers every event type, every stance direction and every EB exit reason.
void GenerateDemo(const DemoOptions& options, const std::function<void(const Event&)>& sink);

// The personnummer (12 digits) of the i-th demo person (0-based), whatever the options.
std::string DemoPersonnummer(int index);

// The SCB code of the i-th demo municipality (0-based): 1380, 1381, 1499, 1231, 1230, 1763, then
// synthetic four-digit codes that never collide with those.
std::string DemoMunicipalityCode(int index);

// Demo units and users for logging in to the demo server: per demo municipality (the first six at
// most) an EB, an AME and a nurse unit; one FK office, region and AF office and one förbund
// serving them; an administration. One user per role, all with the password kDemoPassword.
struct DemoAccounts {
  std::vector<Unit> units;
  std::vector<User> users;
};
inline constexpr const char* kDemoPassword = "demo-lösenord-2026";
DemoAccounts MakeDemoAccounts(int municipalities);

// The Kunskapsbank's contact list for the demo (issue 4): per demo municipality (the first six
// at most) its EB, AME and nurse units, and the FK office, region, AF office and förbund. All
// synthetic: phone numbers from the range PTS reserves for fiction (070-174 06 05 – 070-174 06
// 99) and addresses under example.se. Ids are stable ("k-demo-…").
std::vector<Contact> MakeDemoContacts(int municipalities);

}  // namespace rattvag
