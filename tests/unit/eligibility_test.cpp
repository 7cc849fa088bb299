// Eligibility hints and their rule data (DOMAIN.md §5).
#include <gtest/gtest.h>

#include "domain/eligibility.hpp"
#include "journal_builder.hpp"

namespace rattvag {
namespace {

using testing::D;
using testing::Journal;

std::vector<HintKind> Kinds(const char* birth, const Journal& j, const char* as_of) {
  auto events = j.Events();
  std::vector<HintKind> kinds;
  for (const auto& h : EligibilityHints(D(birth), Project(events, D(as_of)), DefaultEligibilityRules())) kinds.push_back(h.kind);
  return kinds;
}

bool Has(const std::vector<HintKind>& v, HintKind k) { return std::find(v.begin(), v.end(), k) != v.end(); }

// Born 1995-10-10: AE from July of the year of turning 19 (2014-07-01) through September 2025 (the
// month before turning 30).
TEST(EligibilityTest, AeWindowFromJulyOfNineteenToTheMonthBeforeThirty) {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380");
  EXPECT_FALSE(Has(Kinds("1995-10-10", j, "2014-06-30"), HintKind::kAeWindow));
  EXPECT_TRUE(Has(Kinds("1995-10-10", j, "2014-07-01"), HintKind::kAeWindow));
  EXPECT_TRUE(Has(Kinds("1995-10-10", j, "2025-09-30"), HintKind::kAeWindow));
  EXPECT_FALSE(Has(Kinds("1995-10-10", j, "2025-10-01"), HintKind::kAeWindow));
}

// SE to the month before 65 under the old rule and before 66 from 2023-01-01.
TEST(EligibilityTest, SeUpperAgeFollowsTheRuleInForce) {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380");
  // Born 1957-05-20: turns 65 in May 2022 → SE window ends 2022-04-30 under the old rule.
  EXPECT_TRUE(Has(Kinds("1957-05-20", j, "2022-04-30"), HintKind::kSeWindow));
  EXPECT_FALSE(Has(Kinds("1957-05-20", j, "2022-05-01"), HintKind::kSeWindow));
  // Born 1958-05-20, in 2023: turns 65 in May 2023, but the rule is now 66 → still within.
  EXPECT_TRUE(Has(Kinds("1958-05-20", j, "2023-06-01"), HintKind::kSeWindow));
  EXPECT_EQ(RuleOn(DefaultEligibilityRules(), D("2022-12-31")).se_until_age, 65);
  EXPECT_EQ(RuleOn(DefaultEligibilityRules(), D("2023-01-01")).se_until_age, 66);
}

TEST(EligibilityTest, SgiAndStanceHints) {
  Journal j;
  j.EbStarted("2013-01-01", "1380").Identified("2013-02-01", "1380").Certificate("2014-01-10", "2014-01-10", "2014-06-30");
  auto kinds = Kinds("1980-01-01", j, "2014-02-01");
  EXPECT_TRUE(Has(kinds, HintKind::kSgiUnknown));
  EXPECT_TRUE(Has(kinds, HintKind::kStanceMissing));
  Event sgi; sgi.type = EventType::kSgiChecked; sgi.date = D("2014-01-15"); sgi.sgi = Sgi::kPositive;
  j.Add(sgi).Stance("2014-01-20");
  kinds = Kinds("1980-01-01", j, "2014-02-01");
  EXPECT_TRUE(Has(kinds, HintKind::kSgiPositive));
  EXPECT_FALSE(Has(kinds, HintKind::kStanceMissing));
}

TEST(EligibilityTest, FirstOfMonthTurning) {
  EXPECT_EQ(FirstOfMonthTurning(D("1990-08-15"), 30), D("2020-08-01"));
  EXPECT_EQ(FirstOfMonthTurning(D("1992-02-29"), 30), D("2022-02-01"));
}

}  // namespace
}  // namespace rattvag
