// Read-side commands over the journal: the follow-up, the deadline list and one person's case.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case.hpp"
#include "domain/deadlines.hpp"
#include "domain/eligibility.hpp"
#include "domain/report.hpp"
#include "domain/report_over_time.hpp"
#include "storage/journal.hpp"

namespace rattvag {

// The follow-up of DOMAIN.md §9 as of `as_of`, for `municipalities` (all when empty).
Result<FollowUpReport> BuildFollowUp(Journal& journal, Date as_of, const std::vector<std::string>& municipalities);
// The target group on EB per month (domain/report_over_time.hpp). REQUIRES: 1 <= months <= kMaxOverTimeMonths.
Result<EbOverTimeReport> BuildEbOverTime(Journal& journal, Date as_of, int months,
                                         const std::vector<std::string>& municipalities);

struct DeadlineRow {
  std::string person;        // 12 digits.
  std::string municipality;
  Deadline deadline;
};

// Every open and overdue deadline as of `as_of`, most urgent first.
Result<std::vector<DeadlineRow>> ListDeadlines(Journal& journal, Date as_of,
                                               const std::vector<std::string>& municipalities,
                                               std::span<const EligibilityRule> rules);

// The order of ListDeadlines: most urgent first, then by person and reference.
bool DeadlineRowBefore(const DeadlineRow& a, const DeadlineRow& b);

// Appends the open and overdue deadlines of one person's stored digest as of `as_of` to `out`
// (unsorted): the rows ListDeadlines gives for that person.
Status AppendDeadlineRows(std::string_view person, std::string_view municipality, std::string_view digest, Date as_of,
                          std::span<const EligibilityRule> rules, std::vector<DeadlineRow>& out);

struct PersonView {
  std::string person;
  Date birth_date;
  std::vector<Event> events;  // In case order.
  CaseProjection projection;
  std::vector<Deadline> deadlines;  // Every status, most urgent first.
  std::vector<Hint> hints;
};

// One person's case as of `as_of`; nothing when the person has no events.
Result<std::optional<PersonView>> LoadPersonView(Journal& journal, const std::string& person, Date as_of,
                                                 std::span<const EligibilityRule> rules);
// The same from a record already loaded (no second lookup; the view matches the record).
PersonView LoadPersonView(const PersonRecord& record, Date as_of, std::span<const EligibilityRule> rules,
                          Status& status);

}  // namespace rattvag
