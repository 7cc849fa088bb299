// The demo caseload (issue 2): reproducible from the seed, every event valid on its own and in
// its person's case, synthetic personnummer only, and every type, direction and exit reason there.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/demo.hpp"
#include "codec/event_json.hpp"
#include "domain/case.hpp"
#include "domain/personnummer.hpp"

namespace rattvag {
namespace {

std::vector<Event> Generate(int persons, int municipalities, uint64_t seed, Date today = Date(2026, 11, 1)) {
  DemoOptions options;
  options.persons = persons;
  options.municipalities = municipalities;
  options.seed = seed;
  options.today = today;
  std::vector<Event> events;
  GenerateDemo(options, [&](const Event& e) { events.push_back(e); });
  return events;
}

std::vector<std::string> Lines(const std::vector<Event>& events) {
  std::vector<std::string> lines;
  for (const auto& e : events) lines.push_back(EncodeEventJson(e, /*include_person=*/true));
  return lines;
}

TEST(Demo, TheSameSeedGivesTheSameEventsAndAnotherSeedOthers) {
  const auto a = Lines(Generate(300, 6, 7));
  const auto b = Lines(Generate(300, 6, 7));
  const auto c = Lines(Generate(300, 6, 8));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // More persons add persons; the first ones keep their stories.
  const auto longer = Lines(Generate(301, 6, 7));
  const size_t surveys_a = static_cast<size_t>(std::count_if(a.begin(), a.end(), [](const std::string& l) {
    return l.find("\"survey_answered\"") != std::string::npos;
  }));
  EXPECT_TRUE(std::equal(a.begin(), a.end() - static_cast<long>(surveys_a), longer.begin()));
}

TEST(Demo, EveryEventIsValidAndEveryCaseFollowsTheTransitionTable) {
  const Date today(2026, 11, 1);
  const auto events = Generate(2000, 8, 3, today);
  std::map<std::string, std::vector<Event>> by_person;
  std::set<std::string> ids;
  for (const auto& e : events) {
    const auto errors = ValidateEventFields(e);
    EXPECT_TRUE(errors.empty()) << EncodeEventJson(e, true) << ": " << (errors.empty() ? "" : errors[0].ToString());
    EXPECT_LE(e.date, today) << EncodeEventJson(e, true);
    EXPECT_FALSE(e.id.empty());
    EXPECT_TRUE(ids.insert(e.id).second) << "repeated id " << e.id;
    // What is written as JSON decodes to the same line: the demo speaks the exchange format.
    const std::string line = EncodeEventJson(e, true);
    const auto decoded = DecodeEventLine(line, today);
    ASSERT_TRUE(decoded.errors.empty()) << line << ": " << decoded.errors[0].ToString();
    EXPECT_EQ(EncodeEventJson(decoded.event, true), line);
    if (RequiresPerson(e.type)) by_person[e.person].push_back(e);
  }
  EXPECT_EQ(by_person.size(), 2000u);
  for (auto& [person, stream] : by_person) {
    // Each person's events come in date order, and the case accepts them in that order.
    EXPECT_TRUE(std::is_sorted(stream.begin(), stream.end(),
                               [](const Event& a, const Event& b) { return a.date < b.date; }))
        << person;
    CaseState state;
    for (const auto& e : stream) {
      const Status s = state.Apply(e);
      EXPECT_TRUE(s.ok()) << EncodeEventJson(e, true) << ": " << s.error().ToString();
      if (!s.ok()) break;
    }
  }
}

TEST(Demo, PersonnummerAreSyntheticValidAndDistinct) {
  const auto events = Generate(3000, 6, 1);
  std::set<std::string> persons;
  for (const auto& e : events)
    if (!e.person.empty()) persons.insert(e.person);
  EXPECT_EQ(persons.size(), 3000u);
  for (const auto& p : persons) {
    const auto parsed = ParsePersonnummer(p, Date(2026, 11, 1));
    ASSERT_TRUE(parsed.ok()) << p << ": " << parsed.error().ToString();
    EXPECT_EQ(parsed->digits, p);
    const int serial = std::stoi(p.substr(8, 3));
    EXPECT_GE(serial, 980) << p;
    EXPECT_LE(serial, 999) << p;
  }
}

TEST(Demo, CoversEveryTypeDirectionExitReasonAndMunicipality) {
  const auto events = Generate(1000, 6, 1);
  std::set<EventType> types;
  std::set<Direction> directions;
  std::set<ExitReason> exits;
  std::set<std::string> municipalities;
  std::map<std::string, int> per_person;
  for (const auto& e : events) {
    types.insert(e.type);
    if (e.type == EventType::kStanceTaken) directions.insert(e.direction);
    if (e.type == EventType::kEbPeriodEnded) exits.insert(e.exit_reason);
    if (e.type == EventType::kTargetGroupIdentified) municipalities.insert(e.municipality);
    if (!e.person.empty()) ++per_person[e.person];
  }
  EXPECT_EQ(types.size(), static_cast<size_t>(kEventTypeCount));
  EXPECT_EQ(directions.size(), static_cast<size_t>(kDirectionCount));
  EXPECT_EQ(exits.size(), static_cast<size_t>(kExitReasonCount));
  EXPECT_EQ(municipalities, (std::set<std::string>{"1380", "1381", "1499", "1231", "1230", "1763"}));
  // Years of history: a national journal of 100,000 persons holds about 3 million events.
  const double mean = static_cast<double>(events.size()) / static_cast<double>(per_person.size());
  EXPECT_GT(mean, 20.0);
  EXPECT_LT(mean, 40.0);
}

TEST(Demo, NothingIsDatedAfterTodayAndRecentWorkIsStillOpen) {
  const Date today(2026, 11, 1);
  const auto events = Generate(1500, 6, 2, today);
  Date latest;
  int recent_referrals = 0;
  for (const auto& e : events) {
    latest = std::max(latest, e.date);
    if (e.type == EventType::kFkReferralSent && e.date > today.AddDays(-60)) ++recent_referrals;
  }
  EXPECT_LE(latest, today);
  EXPECT_GT(latest, today.AddDays(-14));  // The caseload is alive up to today.
  EXPECT_GT(recent_referrals, 0);
}

TEST(Demo, ANationalDemoSpreadsPersonsOverEveryMunicipalityWithoutOneDominating) {
  const auto events = Generate(5800, 290, 1);
  std::map<std::string, int> cohort;
  for (const auto& e : events)
    if (e.type == EventType::kTargetGroupIdentified) ++cohort[e.municipality];
  EXPECT_EQ(cohort.size(), 290u);
  int largest = 0;
  for (const auto& [m, n] : cohort) largest = std::max(largest, n);
  EXPECT_LT(largest, 5800 / 20);  // Under 5 % each (the seed municipalities get about 1 %).
  EXPECT_EQ(DemoMunicipalityCode(0), "1380");
  EXPECT_EQ(DemoMunicipalityCode(289).size(), 4u);
}

TEST(Demo, AccountsHaveOneValidUserPerRole) {
  for (int municipalities : {1, 6, 290}) {
    SCOPED_TRACE(municipalities);
    const DemoAccounts demo = MakeDemoAccounts(municipalities);
    std::map<std::string, const Unit*> units;
    for (const Unit& u : demo.units) {
      EXPECT_TRUE(ValidateUnit(u).empty()) << u.id << ": " << ValidateUnit(u)[0].ToString();
      EXPECT_TRUE(units.emplace(u.id, &u).second) << "repeated unit " << u.id;
    }
    std::set<Role> roles;
    std::set<std::string> usernames;
    for (const User& user : demo.users) {
      ASSERT_TRUE(units.count(user.unit_id)) << user.unit_id;
      const auto errors = ValidateUser(user, *units.at(user.unit_id));
      EXPECT_TRUE(errors.empty()) << user.username << ": " << (errors.empty() ? "" : errors[0].ToString());
      roles.insert(user.role);
      EXPECT_TRUE(usernames.insert(user.username).second);
    }
    EXPECT_EQ(roles.size(), static_cast<size_t>(kRoleCount));
    // The EB users work in Halmstad, which FK, the region and AF serve.
    EXPECT_EQ(units.at("eb-1380")->municipality, "1380");
    EXPECT_EQ(units.at("fk-demo")->area.front(), "1380");
  }
  EXPECT_TRUE(CheckNewPassword(kDemoPassword, "admin", LoginPolicy{}).empty());
}

}  // namespace
}  // namespace rattvag
