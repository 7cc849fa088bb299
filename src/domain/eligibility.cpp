#include "domain/eligibility.hpp"

#include <algorithm>
#include <cassert>

#include "domain/personnummer.hpp"

namespace rattvag {

namespace {

// Sources: Socialförsäkringsbalken (2010:110) 33 kap. 5–7 §§. AE from July of the year the person
// turns 19 until the month before 30, at most three years per decision; SE from 19. SE's upper age
// followed the general pension age: 65 until 2022, raised to 66 from 2023-01-01 (prop. 2021/22:181).
// FIXME: the link to riktåldern from 2026 (67) is expected but must be confirmed against FK's
// rules before it is added as a new row here.
constexpr EligibilityRule kRules[] = {
    {Date(1900, 1, 1), 19, 30, 3, 19, 65, 6, "SFB 33 kap. (SE till 65 år)"},
    {Date(2023, 1, 1), 19, 30, 3, 19, 66, 6, "SFB 33 kap. efter 2023-01-01 (SE till 66 år)"},
};

std::string YearMonth(Date d) { return d.ToString().substr(0, 7); }

}  // namespace

std::span<const EligibilityRule> DefaultEligibilityRules() { return kRules; }

const EligibilityRule& RuleOn(std::span<const EligibilityRule> rules, Date on) {
  assert(!rules.empty() && rules.front().effective_from <= on);
  const EligibilityRule* current = &rules.front();
  for (const auto& r : rules)
    if (r.effective_from <= on) current = &r;
  return *current;
}

Date FirstOfMonthTurning(Date birth_date, int age) {
  Date birthday = birth_date.AddMonthsClamped(12 * age);
  return Date(birthday.Year(), birthday.Month(), 1);
}

std::string_view Name(HintKind kind) {
  static constexpr std::string_view kNames[] = {"ae_window", "ae_ends_soon", "se_window",
                                                "sgi_unknown", "sgi_positive", "stance_missing"};
  return kNames[static_cast<size_t>(kind)];
}

std::vector<Hint> EligibilityHints(Date birth_date, const CaseProjection& p, std::span<const EligibilityRule> rules) {
  std::vector<Hint> hints;
  const Date today = p.as_of;
  const EligibilityRule& rule = RuleOn(rules, today);
  const int age = AgeOn(birth_date, today);

  // AE window: July of the year of turning ae_from_age through the month before ae_until_age.
  Date ae_start(birth_date.Year() + rule.ae_from_age, 7, 1);
  Date ae_end = FirstOfMonthTurning(birth_date, rule.ae_until_age).AddDays(-1);
  bool on_ae = std::any_of(p.decisions.begin(), p.decisions.end(), [](const BenefitDecisionView& d) {
    return d.benefit == Benefit::kAktivitetsersattning && d.outcome == Outcome::kGranted;
  });
  if (today >= ae_start && today <= ae_end) {
    hints.push_back({HintKind::kAeWindow, "Aktivitetsersättning kan prövas (" + std::to_string(age) + " år): från " +
                                              YearMonth(ae_start) + " till och med " + YearMonth(ae_end) +
                                              ", högst " + std::to_string(rule.ae_max_years_per_decision) +
                                              " år per beslut. Kräver nedsatt arbetsförmåga i alla arbeten på hela arbetsmarknaden."});
    Date planning = FirstOfMonthTurning(birth_date, rule.ae_until_age).AddMonthsClamped(-rule.ae_planning_months);
    if (on_ae && today >= planning.AddMonthsClamped(-6))
      hints.push_back({HintKind::kAeEndsSoon, "Aktivitetsersättningen upphör när personen fyller " +
                                                  std::to_string(rule.ae_until_age) + " (" +
                                                  YearMonth(FirstOfMonthTurning(birth_date, rule.ae_until_age)) +
                                                  "): planera senast " + planning.ToString() + "."});
  }
  Date se_end = FirstOfMonthTurning(birth_date, rule.se_until_age).AddDays(-1);
  if (age >= rule.se_from_age && today <= se_end)
    hints.push_back({HintKind::kSeWindow, "Sjukersättning kan prövas om arbetsförmågan är stadigvarande nedsatt med minst en fjärdedel (från " +
                                              std::to_string(rule.se_from_age) + " år till och med " + YearMonth(se_end) + ")."});
  if (!p.sgi)
    hints.push_back({HintKind::kSgiUnknown, "SGI är inte kontrollerad: stäm av med Försäkringskassan om personen har rätt till sjukpenning."});
  else if (*p.sgi == Sgi::kPositive)
    hints.push_back({HintKind::kSgiPositive, "FK har funnit en SGI: personen kan ha rätt till sjukpenning i stället för ekonomiskt bistånd."});
  for (const auto& s : p.spells)
    if (s.start <= today && s.end >= today && !s.stance_date)
      hints.push_back({HintKind::kStanceMissing, "Ställningstagande om planeringens inriktning ska tas senast " +
                                                     s.stance_due.ToString() + " (två månader efter sjukskrivningens start " +
                                                     s.start.ToString() + ")."});
  return hints;
}

}  // namespace rattvag
