#include "domain/suppression.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <optional>
#include <tuple>

namespace rattvag {

namespace {

// Unknown to the reader before any reasoning: a hidden cell, or a nonzero implicit one; never a
// cell the viewer is entitled to.
bool Unknown(const SuppressionCell& cell, bool hidden) {
  if (!cell.hideable) return false;
  return cell.published ? hidden : cell.value != 0;
}

int Find(std::vector<int>& parent, int x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<bool> KnownCells(const SuppressionTable& table, const std::vector<bool>& hidden) {
  assert(hidden.size() == table.cells.size());
  const size_t n = table.cells.size();
  std::vector<bool> known(n);
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < n; ++i) known[i] = !Unknown(table.cells[i], hidden[i]);
  // The unknowns split into independent blocks: those linked through equations.
  for (const auto& equation : table.equations) {
    int first = -1;
    for (const auto& [cell, coefficient] : equation.terms) {
      if (known[cell]) continue;
      if (first < 0) first = cell;
      else parent[Find(parent, cell)] = Find(parent, first);
    }
  }
  std::map<int, std::vector<int>> block_cells, block_equations;
  for (size_t i = 0; i < n; ++i)
    if (!known[i]) block_cells[Find(parent, static_cast<int>(i))].push_back(static_cast<int>(i));
  for (size_t e = 0; e < table.equations.size(); ++e)
    for (const auto& [cell, coefficient] : table.equations[e].terms)
      if (!known[cell]) {
        block_equations[Find(parent, cell)].push_back(static_cast<int>(e));
        break;
      }

  // Per block, the reduced row echelon form of the equations over the unknowns: an unknown is
  // determined exactly when it is a pivot whose row holds no other unknown.
  constexpr double kEpsilon = 1e-9;
  for (const auto& [root, cells] : block_cells) {
    const auto found = block_equations.find(root);
    if (found == block_equations.end()) continue;  // In no equation: stays unknown.
    const std::vector<int>& rows = found->second;
    std::map<int, size_t> column;
    for (size_t c = 0; c < cells.size(); ++c) column[cells[c]] = c;
    std::vector<std::vector<double>> a(rows.size(), std::vector<double>(cells.size(), 0.0));
    for (size_t r = 0; r < rows.size(); ++r)
      for (const auto& [cell, coefficient] : table.equations[rows[r]].terms)
        if (!known[cell]) a[r][column[cell]] += coefficient;
    size_t pivot_row = 0;
    std::vector<std::pair<size_t, size_t>> pivots;  // (row, column)
    for (size_t c = 0; c < cells.size() && pivot_row < rows.size(); ++c) {
      size_t best = pivot_row;
      for (size_t r = pivot_row + 1; r < rows.size(); ++r)
        if (std::fabs(a[r][c]) > std::fabs(a[best][c])) best = r;
      if (std::fabs(a[best][c]) < kEpsilon) continue;
      std::swap(a[best], a[pivot_row]);
      const double scale = a[pivot_row][c];
      for (double& x : a[pivot_row]) x /= scale;
      for (size_t r = 0; r < rows.size(); ++r) {
        if (r == pivot_row || std::fabs(a[r][c]) < kEpsilon) continue;
        const double factor = a[r][c];
        for (size_t k = 0; k < cells.size(); ++k) a[r][k] -= factor * a[pivot_row][k];
      }
      pivots.emplace_back(pivot_row, c);
      ++pivot_row;
    }
    for (const auto& [r, c] : pivots) {
      int nonzero = 0;
      for (double x : a[r]) nonzero += std::fabs(x) >= kEpsilon;
      if (nonzero == 1) known[cells[c]] = true;
    }
  }
  return known;
}

std::vector<bool> SuppressCells(const SuppressionTable& table, int threshold) {
  assert(threshold >= 1);
  const size_t n = table.cells.size();
  for ([[maybe_unused]] const auto& equation : table.equations) {
    [[maybe_unused]] int64_t sum = 0;
    for (const auto& [cell, coefficient] : equation.terms) sum += coefficient * table.cells[cell].value;
    assert(sum == 0);
  }
  std::vector<std::vector<int>> equations_of(n);
  for (size_t e = 0; e < table.equations.size(); ++e)
    for (const auto& [cell, coefficient] : table.equations[e].terms) equations_of[cell].push_back(static_cast<int>(e));

  std::vector<bool> hidden(n);
  std::vector<int> denominator(n, -1);  // Of a cell hidden only by a dependency.
  auto hideable = [&](int i) { return table.cells[i].published && table.cells[i].hideable && !hidden[i]; };
  // Primary suppression.
  for (size_t i = 0; i < n; ++i)
    if (table.cells[i].published && table.cells[i].hideable) hidden[i] = Suppressed(table.cells[i].value, threshold);
  // The cells whose value must stay unknown: hidden ones, and small implicit ones.
  auto protect = [&](int i) {
    const SuppressionCell& c = table.cells[i];
    if (!c.hideable) return false;
    if (!c.published) return Suppressed(c.value, threshold);
    return hidden[i] && (denominator[i] < 0 || !hidden[denominator[i]]);
  };
  // The best complement for cell `i`: a candidate of the equations it is in, or of those
  // reached from them through unknown cells, and so on outwards. A nonzero candidate anywhere
  // beats a zero (a hidden zero protects little), then the nearer, the lower preference, the
  // smaller value.
  auto complement = [&](int i) -> std::optional<int> {
    std::vector<bool> seen_equation(table.equations.size()), seen_cell(n);
    std::vector<int> layer = equations_of[i];
    for (int e : layer) seen_equation[e] = true;
    seen_cell[i] = true;
    std::optional<int> best;
    std::tuple<bool, int, int, int64_t, int> best_key;
    for (int distance = 0; !layer.empty(); ++distance) {
      std::vector<int> next;
      for (int e : layer)
        for (const auto& [c, coefficient] : table.equations[e].terms) {
          if (seen_cell[c]) continue;
          seen_cell[c] = true;
          const SuppressionCell& cell = table.cells[c];
          if (hideable(c)) {
            const auto key = std::make_tuple(cell.value == 0, distance, cell.preference, cell.value, c);
            if (!best || key < best_key) best = c, best_key = key;
          } else if (Unknown(cell, hidden[c])) {
            for (int f : equations_of[c])
              if (!seen_equation[f]) {
                seen_equation[f] = true;
                next.push_back(f);
              }
          }
        }
      layer = std::move(next);
    }
    return best;
  };

  // Every round hides at least one more cell, or ends: at most n + 1 rounds.
  for (size_t round = 0; round <= n; ++round) {
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& d : table.dependencies)
        if (hideable(d.cell) && std::any_of(d.because.begin(), d.because.end(), [&](int b) { return hidden[b]; })) {
          hidden[d.cell] = true;
          denominator[d.cell] = d.denominator;
          changed = true;
        }
    }
    const std::vector<bool> known = KnownCells(table, hidden);
    // One complement per round: it may well protect the next failing cell too, and a choice made
    // on what was known before it could hide a cell for nothing.
    bool hid = false;
    for (size_t i = 0; i < n && !hid; ++i) {
      if (!protect(static_cast<int>(i)) || !known[i]) continue;
      const auto chosen = complement(static_cast<int>(i));
      if (!chosen) continue;  // Follows from cells the viewer is entitled to.
      hidden[*chosen] = true;
      hid = true;
    }
    if (!hid) break;
  }
  return hidden;
}

bool HiddenFigures::Any() const { return Count() > 0; }

int HiddenFigures::Count() const {
  int n = 0;
  for (bool b : {cohort, se_granted, se_pending, ae_granted, sp_granted, coordinated_rehab, se_denied, ae_denied,
                 se_or_ae_granted, exited_total, referrals, contacted, contacted_within_3, referrals_overdue_open,
                 sick_leave_spells, spells_on_time, spells_overdue_open})
    n += b;
  for (bool b : time_on_eb_se) n += b;
  for (bool b : time_on_eb_ae) n += b;
  for (bool b : exit_reasons) n += b;
  return n;
}

namespace {

// The cells of one column (a municipality or the total): the published counts, then the
// implicit ones.
enum Field : int {
  kCohort,
  kSeGranted,
  kSePending,
  kAeGranted,
  kSpGranted,
  kCoordinatedRehab,
  kSeDenied,
  kAeDenied,
  kSeOrAeGranted,  // Shown through se_or_ae_granted_share.
  kSeBucket0,
  kAeBucket0 = kSeBucket0 + kTimeOnEbBuckets,
  kExitedTotal = kAeBucket0 + kTimeOnEbBuckets,
  kExitReason0,
  kReferrals = kExitReason0 + kExitReasonCount,
  kContacted,
  kContactedWithin3,  // Shown through within_3_working_days_share.
  kReferralsOverdueOpen,
  kSickLeaveSpells,
  kSpellsOnTime,  // Shown through within_2_months_share.
  kSpellsOverdueOpen,
  kFirstImplicit,
  kSeNotBucketed = kFirstImplicit,  // SE grants before any EB period.
  kAeNotBucketed,
  kSeAndAeGranted,       // Persons granted both.
  kReferralsWaiting,     // Not called back, third working day not passed.
  kContactedLater,       // Called back after more than 3 working days.
  kSpellsOther,          // Stance late, or not due yet.
  kFieldCount
};

int64_t Sum(const auto& values) { return std::accumulate(values.begin(), values.end(), int64_t{0}); }

int64_t Value(const FollowUpFigures& f, int field) {
  if (field >= kSeBucket0 && field < kSeBucket0 + kTimeOnEbBuckets) return f.time_on_eb_se[field - kSeBucket0];
  if (field >= kAeBucket0 && field < kAeBucket0 + kTimeOnEbBuckets) return f.time_on_eb_ae[field - kAeBucket0];
  if (field >= kExitReason0 && field < kExitReason0 + kExitReasonCount) return f.exit_reasons[field - kExitReason0];
  switch (field) {
    case kCohort: return f.cohort;
    case kSeGranted: return f.se_granted;
    case kSePending: return f.se_pending;
    case kAeGranted: return f.ae_granted;
    case kSpGranted: return f.sp_granted;
    case kCoordinatedRehab: return f.coordinated_rehab;
    case kSeDenied: return f.se_denied;
    case kAeDenied: return f.ae_denied;
    case kSeOrAeGranted: return f.se_or_ae_granted;
    case kExitedTotal: return f.exited_total;
    case kReferrals: return f.referrals;
    case kContacted: return f.contacted;
    case kContactedWithin3: return f.contacted_within_3;
    case kReferralsOverdueOpen: return f.referrals_overdue_open;
    case kSickLeaveSpells: return f.sick_leave_spells;
    case kSpellsOnTime: return f.spells_on_time;
    case kSpellsOverdueOpen: return f.spells_overdue_open;
    case kSeNotBucketed: return f.se_granted - Sum(f.time_on_eb_se);
    case kAeNotBucketed: return f.ae_granted - Sum(f.time_on_eb_ae);
    case kSeAndAeGranted: return f.se_granted + f.ae_granted - f.se_or_ae_granted;
    case kReferralsWaiting: return f.referrals - f.contacted - f.referrals_overdue_open;
    case kContactedLater: return f.contacted - f.contacted_within_3;
    case kSpellsOther: return f.sick_leave_spells - f.spells_on_time - f.spells_overdue_open;
  }
  assert(false);
  return 0;
}

bool* Flag(HiddenFigures& h, int field) {
  if (field >= kSeBucket0 && field < kSeBucket0 + kTimeOnEbBuckets) return &h.time_on_eb_se[field - kSeBucket0];
  if (field >= kAeBucket0 && field < kAeBucket0 + kTimeOnEbBuckets) return &h.time_on_eb_ae[field - kAeBucket0];
  if (field >= kExitReason0 && field < kExitReason0 + kExitReasonCount) return &h.exit_reasons[field - kExitReason0];
  switch (field) {
    case kCohort: return &h.cohort;
    case kSeGranted: return &h.se_granted;
    case kSePending: return &h.se_pending;
    case kAeGranted: return &h.ae_granted;
    case kSpGranted: return &h.sp_granted;
    case kCoordinatedRehab: return &h.coordinated_rehab;
    case kSeDenied: return &h.se_denied;
    case kAeDenied: return &h.ae_denied;
    case kSeOrAeGranted: return &h.se_or_ae_granted;
    case kExitedTotal: return &h.exited_total;
    case kReferrals: return &h.referrals;
    case kContacted: return &h.contacted;
    case kContactedWithin3: return &h.contacted_within_3;
    case kReferralsOverdueOpen: return &h.referrals_overdue_open;
    case kSickLeaveSpells: return &h.sick_leave_spells;
    case kSpellsOnTime: return &h.spells_on_time;
    case kSpellsOverdueOpen: return &h.spells_overdue_open;
    default: return nullptr;  // Implicit.
  }
}

}  // namespace

FollowUpSuppression SuppressFollowUp(const FollowUpReport& report, std::span<const std::string> entitled,
                                     int threshold) {
  FollowUpSuppression out;
  out.threshold = threshold;
  std::vector<const FollowUpFigures*> columns;
  std::vector<bool> column_entitled;
  std::vector<HiddenFigures*> flags;
  bool all_entitled = true;
  for (const auto& [code, figures] : report.municipalities) {
    const bool own = std::find(entitled.begin(), entitled.end(), code) != entitled.end();
    all_entitled = all_entitled && own;
    columns.push_back(&figures);
    column_entitled.push_back(own);
    flags.push_back(&out.municipalities[code]);
  }
  if (all_entitled) return out;  // Nothing to hide from this viewer.
  const int total_column = static_cast<int>(columns.size());
  columns.push_back(&report.total);
  column_entitled.push_back(false);
  flags.push_back(&out.total);

  SuppressionTable table;
  auto cell = [](int column, int field) { return column * kFieldCount + field; };
  for (size_t c = 0; c < columns.size(); ++c)
    for (int field = 0; field < kFieldCount; ++field) {
      SuppressionCell x;
      x.value = Value(*columns[c], field);
      x.published = field < kFirstImplicit;
      x.hideable = !column_entitled[c];
      // Counts shown only through a share go first, totals last.
      const bool share_only = field == kSeOrAeGranted || field == kContactedWithin3 || field == kSpellsOnTime;
      x.preference = (share_only ? 0 : 1) + (static_cast<int>(c) == total_column ? 2 : 0);
      table.cells.push_back(x);
    }
  auto sum_equation = [&](int column, int whole, std::initializer_list<int> parts) {
    SuppressionEquation e;
    e.terms.push_back({cell(column, whole), 1});
    for (int p : parts) e.terms.push_back({cell(column, p), -1});
    return e;
  };
  for (int c = 0; c < static_cast<int>(columns.size()); ++c) {
    for (const auto& [whole, first, not_bucketed] :
         {std::tuple{kSeGranted, kSeBucket0, kSeNotBucketed}, std::tuple{kAeGranted, kAeBucket0, kAeNotBucketed}}) {
      SuppressionEquation e = sum_equation(c, whole, {not_bucketed});
      for (int b = 0; b < kTimeOnEbBuckets; ++b) e.terms.push_back({cell(c, first + b), -1});
      table.equations.push_back(std::move(e));
    }
    table.equations.push_back(
        {{{cell(c, kSeGranted), 1}, {cell(c, kAeGranted), 1}, {cell(c, kSeOrAeGranted), -1}, {cell(c, kSeAndAeGranted), -1}}});
    SuppressionEquation exits = sum_equation(c, kExitedTotal, {});
    for (int r = 0; r < kExitReasonCount; ++r) exits.terms.push_back({cell(c, kExitReason0 + r), -1});
    table.equations.push_back(std::move(exits));
    table.equations.push_back(sum_equation(c, kReferrals, {kContacted, kReferralsOverdueOpen, kReferralsWaiting}));
    table.equations.push_back(sum_equation(c, kContacted, {kContactedWithin3, kContactedLater}));
    table.equations.push_back(sum_equation(c, kSickLeaveSpells, {kSpellsOnTime, kSpellsOverdueOpen, kSpellsOther}));
    table.dependencies.push_back(
        {cell(c, kSeOrAeGranted), {cell(c, kSeGranted), cell(c, kAeGranted), cell(c, kCohort)}, cell(c, kCohort)});
    table.dependencies.push_back({cell(c, kContactedWithin3), {cell(c, kContacted)}, cell(c, kContacted)});
    table.dependencies.push_back({cell(c, kSpellsOnTime), {cell(c, kSickLeaveSpells)}, cell(c, kSickLeaveSpells)});
  }
  if (total_column > 0)
    for (int field = 0; field < kFieldCount; ++field) {
      SuppressionEquation e;
      for (int c = 0; c < total_column; ++c) e.terms.push_back({cell(c, field), 1});
      e.terms.push_back({cell(total_column, field), -1});
      table.equations.push_back(std::move(e));
    }

  const std::vector<bool> hidden = SuppressCells(table, threshold);
  for (size_t c = 0; c < columns.size(); ++c)
    for (int field = 0; field < kFirstImplicit; ++field)
      if (hidden[cell(static_cast<int>(c), field)]) *Flag(*flags[c], field) = true;
  return out;
}

}  // namespace rattvag
