// The follow-up ("synliggöra", DOMAIN.md §9): figures for each municipality and in total, as of
// any date, computed from the persons' events.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/event.hpp"

namespace rattvag {

// Time-on-EB buckets: "<1", "1-2", … "8-9", ">9" (9 years or more).
inline constexpr int kTimeOnEbBuckets = 10;
std::string_view TimeOnEbBucketName(int bucket);
// The bucket of a whole number of years. REQUIRES: years >= 0.
int TimeOnEbBucket(int years);

// The figures of one municipality (or of the total). All counts follow §9/§10: persons, except
// referrals and spells.
struct FollowUpFigures {
  int64_t cohort = 0;
  // Snapshot.
  int64_t se_granted = 0;
  int64_t se_pending = 0;
  int64_t ae_granted = 0;
  int64_t sp_granted = 0;
  // During the period.
  int64_t coordinated_rehab = 0;
  int64_t se_denied = 0;
  int64_t ae_denied = 0;
  int64_t se_or_ae_granted = 0;
  std::array<int64_t, kTimeOnEbBuckets> time_on_eb_se{};
  std::array<int64_t, kTimeOnEbBuckets> time_on_eb_ae{};
  int64_t exited_total = 0;
  std::array<int64_t, kExitReasonCount> exit_reasons{};
  // Waiting: FK referrals.
  int64_t referrals = 0;
  int64_t contacted = 0;
  int64_t contacted_within_3 = 0;
  int64_t referrals_overdue_open = 0;
  std::vector<int64_t> callback_days_histogram;  // [working days] -> number of callbacks.
  // Waiting: stances.
  int64_t sick_leave_spells = 0;
  int64_t spells_on_time = 0;
  int64_t spells_overdue_open = 0;

  void Add(const FollowUpFigures& other);

  // Derived figures; nothing over an empty set. Shares are rounded to 4 decimals.
  std::optional<double> SeOrAeGrantedShare() const;
  std::optional<double> MedianCallbackWorkingDays() const;
  std::optional<double> Within3WorkingDaysShare() const;
  std::optional<double> Within2MonthsShare() const;
};

struct FollowUpReport {
  Date as_of;
  std::map<std::string, FollowUpFigures> municipalities;  // By SCB code.
  FollowUpFigures total;
};

// The event types the follow-up reads (bits 1 << type): a scan may leave the others out.
inline constexpr uint32_t kFollowUpEventTypes = [] {
  uint32_t bits = 0;
  for (EventType t : {EventType::kEbPeriodStarted, EventType::kEbPeriodEnded, EventType::kTargetGroupIdentified,
                      EventType::kFkCoordinationStarted, EventType::kAvstamningsmoteHeld, EventType::kFkReferralSent,
                      EventType::kFkContactMade, EventType::kBenefitApplied, EventType::kBenefitDecided,
                      EventType::kSickCertificate, EventType::kStanceTaken})
    bits |= 1u << static_cast<unsigned>(t);
  return bits;
}();

// Builds the report person by person, so that a journal of any size streams through it.
// Not thread-safe; build one per thread and Merge.
class FollowUpBuilder {
 public:
  // `only`: the municipalities to report (exactly these, zeros included); empty for every
  // municipality with cohort members.
  FollowUpBuilder(Date as_of, std::vector<std::string> only);

  // Adds one person. REQUIRES: `events` are one person's events in case order: all of them, or
  // at least all those of the types in kFollowUpEventTypes (the others are not read).
  void AddPerson(std::span<const Event> events);
  // Adds another builder's persons. REQUIRES: same as_of and filter.
  void Merge(const FollowUpBuilder& other);

  FollowUpReport Finish() const;

 private:
  FollowUpFigures* FiguresFor(const std::string& municipality);

  Date as_of_;
  std::vector<std::string> only_;
  std::map<std::string, FollowUpFigures> figures_;
};

// Rounds to 4 decimals, half away from zero.
double RoundShare(double value);

}  // namespace rattvag
