// Small-cell suppression of published aggregates (DOMAIN.md §3, §9): which cells of the
// follow-up a viewer who is not entitled to the underlying cases must not see.
//
// Primary suppression, as in SCB's and Socialstyrelsen's official statistics: a count of
// persons, referrals or sick-leave spells from 1 to threshold − 1 is hidden; 0 is shown (a zero
// names nobody, and hiding every zero would hide most of a small municipality's report).
// Complementary suppression: the published cells are bound by exact sums (the exit reasons add up
// to exited_eb.total, the municipalities to the total, …). More cells are hidden until no hidden
// cell follows from the published ones by any combination of those sums, not just by one
// subtraction. Shares and medians built on a hidden count are hidden with it.
//
// Pure: the standard library only.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/access.hpp"
#include "domain/report.hpp"

namespace rattvag {

// The general problem: counts bound by exact linear relations.
struct SuppressionCell {
  int64_t value = 0;
  // False for an implicit cell: a count that is never shown but is the difference of shown ones
  // (e.g. SE grants not bucketed by time on EB). An implicit cell of value 0 counts as known to
  // the reader (it is the likely guess); one that is nonzero is unknown, and protected like a
  // hidden cell when it is small.
  bool published = true;
  // False when the viewer is entitled to the cell (their own municipality): never hidden, and
  // known to the viewer, implicit or not.
  bool hideable = true;
  // Lower is hidden first as a complement, before the smallest value decides.
  int preference = 1;
};

// Σ coefficient × value = 0 over the terms (cell index, coefficient ±1).
struct SuppressionEquation {
  std::vector<std::pair<int, int>> terms;
};

// `cell` is hidden whenever one of `because` is (a count shown only through a share, with a
// count the share is built on). Hidden so, it needs protection itself only while `denominator`
// is shown: without the denominator the share cannot be recomputed.
struct SuppressionDependency {
  int cell;
  std::vector<int> because;
  int denominator;
};

struct SuppressionTable {
  std::vector<SuppressionCell> cells;
  std::vector<SuppressionEquation> equations;
  std::vector<SuppressionDependency> dependencies;
};

// Per cell: whether the reader knows its value when the cells marked in `hidden` are not shown:
// a shown cell, an implicit cell that is zero or not hideable, or an unknown one that follows
// from the known ones through the equations (linear algebra over all of them at once).
// REQUIRES: hidden.size() == table.cells.size().
std::vector<bool> KnownCells(const SuppressionTable& table, const std::vector<bool>& hidden);

// The cells to hide (true) for a viewer: every hideable published cell from 1 to threshold − 1,
// every cell a dependency hides, and complements until no hidden cell (but one a dependency hid
// whose denominator is hidden too) and no small implicit cell is known. A complement is a shown cell of an equation with the failing one, or of one reached
// from those through unknown cells: nonzero first, then the nearest, then the lowest
// preference, then the smallest. Cells the viewer is entitled to are never hidden;
// a cell that follows from those alone stays derivable (the viewer may see it anyway).
// REQUIRES: every equation holds for the values; threshold >= 1.
std::vector<bool> SuppressCells(const SuppressionTable& table, int threshold);

// The follow-up: which figures of one municipality (or of the total) are hidden. A share or
// median is hidden with the count it is built on: se_or_ae_granted_share with se_or_ae_granted,
// within_3_working_days_share with contacted_within_3, median_working_days with contacted,
// within_2_months_share with spells_on_time.
struct HiddenFigures {
  bool cohort = false;
  bool se_granted = false;
  bool se_pending = false;
  bool ae_granted = false;
  bool sp_granted = false;
  bool coordinated_rehab = false;
  bool se_denied = false;
  bool ae_denied = false;
  bool se_or_ae_granted = false;
  std::array<bool, kTimeOnEbBuckets> time_on_eb_se{};
  std::array<bool, kTimeOnEbBuckets> time_on_eb_ae{};
  bool exited_total = false;
  std::array<bool, kExitReasonCount> exit_reasons{};
  bool referrals = false;
  bool contacted = false;
  bool contacted_within_3 = false;
  bool referrals_overdue_open = false;
  bool sick_leave_spells = false;
  bool spells_on_time = false;
  bool spells_overdue_open = false;

  bool median_working_days() const { return contacted; }
  bool Any() const;
  int Count() const;  // Hidden counts (not the shares and medians that go with them).
};

struct FollowUpSuppression {
  int threshold = kDefaultSuppressionThreshold;
  std::map<std::string, HiddenFigures> municipalities;  // Every municipality of the report.
  HiddenFigures total;
};

// The figures to hide from a viewer entitled to the municipalities in `entitled` (shown in full)
// and not to the others of the report; the total is shown in full only when every municipality
// of the report is entitled. The relations used: the exit reasons sum to exited_eb.total; the
// time-on-EB buckets and the SE (AE) grants not bucketed sum to se_granted (ae_granted); SE
// grants and AE grants sum to the persons granted either plus those granted both; referrals
// are the contacted, the overdue open and the waiting ones; contacted are those within 3
// working days and the later ones; sick-leave spells are those on time, the overdue open and
// the others; and every figure of the total is the sum of the municipalities'.
// REQUIRES: report.total is the sum of report.municipalities (as FollowUpBuilder makes it).
FollowUpSuppression SuppressFollowUp(const FollowUpReport& report, std::span<const std::string> entitled,
                                     int threshold = kDefaultSuppressionThreshold);

}  // namespace rattvag
