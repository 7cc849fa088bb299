// Small-cell suppression (DOMAIN.md §3): primary and complementary, on hand-made tables and
// reports. Each result is checked by an attacker written here independently of the code under
// test: it knows the relations between the figures (DOMAIN.md §9: the exit reasons sum to the
// exits, the municipalities to the total, …), guesses that an implicit difference is 0 when it
// is, and derives what it can — by repeated subtraction, and by exact linear algebra (rank
// modulo a prime) for combinations of several sums.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>
#include <set>

#include "codec/report_format.hpp"
#include "domain/suppression.hpp"

namespace rattvag {
namespace {

namespace json = boost::json;

// ---- The attacker --------------------------------------------------------------------------

// What the reader sees of one figure.
struct Seen {
  std::string name;
  int64_t value = 0;
  bool unknown = false;    // Hidden, or an implicit difference that is not 0.
  bool protect = false;    // Must stay unknown: hidden, or a small implicit difference.
};

struct Model {
  std::vector<Seen> cells;
  std::vector<std::vector<std::pair<int, int>>> relations;  // Σ coefficient × value = 0.
  std::map<std::string, int> index;

  int Add(std::string name, int64_t value, bool unknown, bool protect) {
    index[name] = static_cast<int>(cells.size());
    cells.push_back({std::move(name), value, unknown, protect});
    return static_cast<int>(cells.size()) - 1;
  }
  int At(const std::string& name) const {
    auto it = index.find(name);
    EXPECT_NE(it, index.end()) << name;
    return it == index.end() ? 0 : it->second;
  }
};

// Repeated subtraction: a relation with exactly one unknown gives it; repeat until nothing new.
// Returns the names of the protected cells so derived.
std::vector<std::string> SubtractionAttack(const Model& m) {
  std::vector<bool> unknown(m.cells.size());
  for (size_t i = 0; i < m.cells.size(); ++i) unknown[i] = m.cells[i].unknown;
  for (bool progress = true; progress;) {
    progress = false;
    for (const auto& relation : m.relations) {
      int count = 0, which = -1;
      for (const auto& [cell, coefficient] : relation)
        if (unknown[cell]) ++count, which = cell;
      if (count == 1) {
        unknown[which] = false;
        progress = true;
      }
    }
  }
  std::vector<std::string> derived;
  for (size_t i = 0; i < m.cells.size(); ++i)
    if (m.cells[i].protect && !unknown[i]) derived.push_back(m.cells[i].name);
  return derived;
}

constexpr int64_t kPrime = 2147483647;
int64_t Mod(int64_t x) { return ((x % kPrime) + kPrime) % kPrime; }
int64_t Power(int64_t base, int64_t exponent) {
  int64_t result = 1;
  for (base = Mod(base); exponent > 0; exponent >>= 1, base = base * base % kPrime)
    if (exponent & 1) result = result * base % kPrime;
  return result;
}
// Reduced row echelon form modulo the prime (exact: the coefficients are small integers).
// Returns the pivot column of each nonzero row.
std::vector<size_t> ReduceModPrime(std::vector<std::vector<int64_t>>& a) {
  std::vector<size_t> pivots;
  const size_t columns = a.empty() ? 0 : a[0].size();
  size_t rank = 0;
  for (size_t c = 0; c < columns && rank < a.size(); ++c) {
    size_t pivot = rank;
    while (pivot < a.size() && a[pivot][c] == 0) ++pivot;
    if (pivot == a.size()) continue;
    std::swap(a[pivot], a[rank]);
    const int64_t inverse = Power(a[rank][c], kPrime - 2);
    for (auto& x : a[rank]) x = x * inverse % kPrime;
    for (size_t r = 0; r < a.size(); ++r) {
      if (r == rank || a[r][c] == 0) continue;
      const int64_t factor = a[r][c];
      for (size_t k = 0; k < columns; ++k) a[r][k] = Mod(a[r][k] - factor * a[rank][k]);
    }
    pivots.push_back(c);
    ++rank;
  }
  return pivots;
}

// Linear algebra: an unknown is determined when its unit vector lies in the row space of the
// relations restricted to the unknowns, that is when it is a pivot of the reduced form whose
// row has no other nonzero. Returns the names of the protected cells so derived.
std::vector<std::string> RankAttack(const Model& m) {
  std::vector<int> column(m.cells.size(), -1);
  std::vector<size_t> cell_of;
  for (size_t i = 0; i < m.cells.size(); ++i)
    if (m.cells[i].unknown) column[i] = static_cast<int>(cell_of.size()), cell_of.push_back(i);
  std::vector<std::vector<int64_t>> a;
  for (const auto& relation : m.relations) {
    std::vector<int64_t> row(cell_of.size(), 0);
    bool any = false;
    for (const auto& [cell, coefficient] : relation)
      if (column[cell] >= 0) row[column[cell]] = Mod(row[column[cell]] + coefficient), any = true;
    if (any) a.push_back(std::move(row));
  }
  const std::vector<size_t> pivots = ReduceModPrime(a);
  std::vector<bool> determined(m.cells.size());
  for (size_t r = 0; r < pivots.size(); ++r)
    if (std::count_if(a[r].begin(), a[r].end(), [](int64_t x) { return x != 0; }) == 1) determined[cell_of[pivots[r]]] = true;
  std::vector<std::string> derived;
  for (size_t i = 0; i < m.cells.size(); ++i)
    if (m.cells[i].protect && (!m.cells[i].unknown || determined[i])) derived.push_back(m.cells[i].name);
  return derived;
}

// The reader's view of a suppressed follow-up, with the relations of DOMAIN.md §9.
// With `everything_hidden`, every figure the viewer is not entitled to is unknown: what can be
// derived then follows from the viewer's own figures alone.
Model ModelOf(const FollowUpReport& report, const FollowUpSuppression& s, const std::vector<std::string>& entitled,
              bool everything_hidden = false, int threshold = 5) {
  Model m;
  std::vector<std::pair<std::string, const FollowUpFigures*>> columns;
  for (const auto& [code, f] : report.municipalities) columns.push_back({code, &f});
  columns.push_back({"total", &report.total});
  std::vector<std::string> fields;
  auto small = [&](int64_t v) { return v > 0 && v < threshold; };
  bool all_own = true;
  for (const auto& [code, f] : report.municipalities)
    all_own = all_own && std::find(entitled.begin(), entitled.end(), code) != entitled.end();
  for (const auto& [code, f] : columns) {
    // The total is the viewer's when every municipality of the report is.
    const bool own = code == "total" ? all_own : std::find(entitled.begin(), entitled.end(), code) != entitled.end();
    const HiddenFigures none;
    const HiddenFigures& h = code == "total" ? s.total : s.municipalities.count(code) ? s.municipalities.at(code) : none;
    std::vector<std::tuple<std::string, int64_t, bool>> shown = {
        {"cohort", f->cohort, h.cohort},
        {"se_granted", f->se_granted, h.se_granted},
        {"se_pending", f->se_pending, h.se_pending},
        {"ae_granted", f->ae_granted, h.ae_granted},
        {"sp_granted", f->sp_granted, h.sp_granted},
        {"coordinated_rehab", f->coordinated_rehab, h.coordinated_rehab},
        {"se_denied", f->se_denied, h.se_denied},
        {"ae_denied", f->ae_denied, h.ae_denied},
        {"se_or_ae_granted", f->se_or_ae_granted, h.se_or_ae_granted},
        {"exited_total", f->exited_total, h.exited_total},
        {"referrals", f->referrals, h.referrals},
        {"contacted", f->contacted, h.contacted},
        {"contacted_within_3", f->contacted_within_3, h.contacted_within_3},
        {"referrals_overdue_open", f->referrals_overdue_open, h.referrals_overdue_open},
        {"sick_leave_spells", f->sick_leave_spells, h.sick_leave_spells},
        {"spells_on_time", f->spells_on_time, h.spells_on_time},
        {"spells_overdue_open", f->spells_overdue_open, h.spells_overdue_open}};
    for (int b = 0; b < kTimeOnEbBuckets; ++b) {
      shown.push_back({"se_bucket" + std::to_string(b), f->time_on_eb_se[b], h.time_on_eb_se[b]});
      shown.push_back({"ae_bucket" + std::to_string(b), f->time_on_eb_ae[b], h.time_on_eb_ae[b]});
    }
    for (int r = 0; r < kExitReasonCount; ++r)
      shown.push_back({"exit" + std::to_string(r), f->exit_reasons[r], h.exit_reasons[r]});
    int64_t se_buckets = 0, ae_buckets = 0;
    for (int b = 0; b < kTimeOnEbBuckets; ++b) se_buckets += f->time_on_eb_se[b], ae_buckets += f->time_on_eb_ae[b];
    const std::vector<std::pair<std::string, int64_t>> implicit = {
        {"se_not_bucketed", f->se_granted - se_buckets},
        {"ae_not_bucketed", f->ae_granted - ae_buckets},
        {"se_and_ae", f->se_granted + f->ae_granted - f->se_or_ae_granted},
        {"referrals_waiting", f->referrals - f->contacted - f->referrals_overdue_open},
        {"contacted_later", f->contacted - f->contacted_within_3},
        {"spells_other", f->sick_leave_spells - f->spells_on_time - f->spells_overdue_open}};
    fields.clear();
    // A count shown only through a share needs protection while the share's denominator is
    // shown (else the share cannot be recomputed), or when it is small itself.
    const std::map<std::string, bool> denominator_hidden = {
        {"se_or_ae_granted", h.cohort}, {"contacted_within_3", h.contacted}, {"spells_on_time", h.sick_leave_spells}};
    for (const auto& [name, value, hidden] : shown) {
      if (own) {
        EXPECT_FALSE(hidden) << code << "/" << name << ": the viewer is entitled to it";
      } else {
        EXPECT_FALSE(small(value) && !hidden) << code << "/" << name << " = " << value << " is shown";
      }
      const auto share = denominator_hidden.find(name);
      const bool protect = hidden && (share == denominator_hidden.end() || !share->second || small(value));
      m.Add(code + "/" + name, value, everything_hidden ? !own : hidden, protect);
      fields.push_back(name);
    }
    for (const auto& [name, value] : implicit) {
      EXPECT_GE(value, 0) << "hand-made report is inconsistent: " << code << "/" << name;
      m.Add(code + "/" + name, value, !own && value != 0, !own && small(value));
      fields.push_back(name);
    }
  }
  auto rel = [&](const std::string& column, const std::string& whole, const std::vector<std::string>& parts) {
    std::vector<std::pair<int, int>> r = {{m.At(column + "/" + whole), 1}};
    for (const auto& p : parts) r.push_back({m.At(column + "/" + p), -1});
    m.relations.push_back(std::move(r));
  };
  for (const auto& [code, f] : columns) {
    std::vector<std::string> se, ae, exits;
    for (int b = 0; b < kTimeOnEbBuckets; ++b) se.push_back("se_bucket" + std::to_string(b)), ae.push_back("ae_bucket" + std::to_string(b));
    for (int r = 0; r < kExitReasonCount; ++r) exits.push_back("exit" + std::to_string(r));
    se.push_back("se_not_bucketed");
    ae.push_back("ae_not_bucketed");
    rel(code, "se_granted", se);
    rel(code, "ae_granted", ae);
    rel(code, "exited_total", exits);
    // Persons granted SE or AE: SE + AE − both.
    m.relations.push_back({{m.At(code + "/se_or_ae_granted"), 1}, {m.At(code + "/se_and_ae"), 1},
                           {m.At(code + "/se_granted"), -1}, {m.At(code + "/ae_granted"), -1}});
    rel(code, "referrals", {"contacted", "referrals_overdue_open", "referrals_waiting"});
    rel(code, "contacted", {"contacted_within_3", "contacted_later"});
    rel(code, "sick_leave_spells", {"spells_on_time", "spells_overdue_open", "spells_other"});
  }
  for (const auto& field : fields) {
    std::vector<std::pair<int, int>> r = {{m.At("total/" + field), -1}};
    for (const auto& [code, f] : report.municipalities) r.push_back({m.At(code + "/" + field), 1});
    m.relations.push_back(std::move(r));
  }
  return m;
}

std::vector<std::string> Without(std::vector<std::string> derived, const std::vector<std::string>& excused) {
  std::erase_if(derived, [&](const std::string& d) { return std::find(excused.begin(), excused.end(), d) != excused.end(); });
  return derived;
}

// Checks the suppression of `report` for a viewer entitled to `entitled`: no small figure shown,
// nothing hidden in the viewer's own columns, and nothing protected derivable, except what
// follows from the viewer's own figures alone.
FollowUpSuppression CheckSuppression(const FollowUpReport& report, const std::vector<std::string>& entitled) {
  const FollowUpSuppression s = SuppressFollowUp(report, entitled);
  const Model m = ModelOf(report, s, entitled);
  const std::vector<std::string> own = RankAttack(ModelOf(report, s, entitled, true));
  EXPECT_EQ(Without(SubtractionAttack(m), own), std::vector<std::string>{});
  EXPECT_EQ(Without(RankAttack(m), own), std::vector<std::string>{});
  return s;
}

// ---- Hand-made reports ----------------------------------------------------------------------

FollowUpReport ReportOf(const std::map<std::string, FollowUpFigures>& municipalities) {
  FollowUpReport r;
  r.as_of = Date(2026, 6, 1);
  r.municipalities = municipalities;
  for (const auto& [code, f] : municipalities) r.total.Add(f);
  return r;
}

size_t Reason(ExitReason r) { return static_cast<size_t>(r); }

TEST(SuppressionTest, PrimaryHidesSmallNonzeroCountsOnly) {
  EXPECT_FALSE(Suppressed(0));
  EXPECT_TRUE(Suppressed(1));
  EXPECT_TRUE(Suppressed(4));
  EXPECT_FALSE(Suppressed(5));
  EXPECT_FALSE(Suppressed(3, 3));
  EXPECT_TRUE(Suppressed(2, 3));
  // One cell per value, in no relation: exactly the small nonzero ones are hidden.
  SuppressionTable table;
  for (int64_t v : {0, 1, 2, 4, 5, 9}) table.cells.push_back({v, true, true, 1});
  EXPECT_EQ(SuppressCells(table, 5), (std::vector<bool>{false, true, true, true, false, false}));
  // A cell the viewer is entitled to is never hidden.
  table.cells[1].hideable = false;
  EXPECT_FALSE(SuppressCells(table, 5)[1]);
}

// A 2-D table with margins where every row and column has 0 or at least 2 hidden cells, yet
// one is determined: two hidden rectangles joined by one cell (r0, c2), a bridge between them.
// Rows r0–r3 and the margin row; columns c0–c3 and the margin column.
SuppressionTable BridgeTable(const std::vector<std::pair<int, int>>& small) {
  SuppressionTable t;
  auto at = [](int r, int c) { return r * 5 + c; };
  int64_t values[4][4];
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) values[r][c] = 20 + r + c;
  for (const auto& [r, c] : small) values[r][c] = 1 + (r + c) % 4;
  t.cells.resize(25);
  int64_t grand = 0;
  for (int r = 0; r < 4; ++r) {
    int64_t row = 0;
    for (int c = 0; c < 4; ++c) t.cells[at(r, c)].value = values[r][c], row += values[r][c];
    t.cells[at(r, 4)].value = row;
    grand += row;
  }
  for (int c = 0; c < 4; ++c) {
    int64_t column = 0;
    for (int r = 0; r < 4; ++r) column += values[r][c];
    t.cells[at(4, c)].value = column;
  }
  t.cells[at(4, 4)].value = grand;
  for (int r = 0; r < 5; ++r) {
    SuppressionEquation e;
    for (int c = 0; c < 4; ++c) e.terms.push_back({at(r, c), 1});
    e.terms.push_back({at(r, 4), -1});
    t.equations.push_back(e);
  }
  for (int c = 0; c < 5; ++c) {
    SuppressionEquation e;
    for (int r = 0; r < 4; ++r) e.terms.push_back({at(r, c), 1});
    e.terms.push_back({at(4, c), -1});
    t.equations.push_back(e);
  }
  return t;
}

const std::vector<std::pair<int, int>> kBridgePattern = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2},
                                                         {2, 3}, {3, 2}, {3, 3}, {0, 2}};

Model ModelOfTable(const SuppressionTable& t, const std::vector<bool>& hidden) {
  Model m;
  for (size_t i = 0; i < t.cells.size(); ++i) m.Add("cell" + std::to_string(i), t.cells[i].value, hidden[i], hidden[i]);
  for (const auto& e : t.equations) m.relations.push_back(e.terms);
  return m;
}

TEST(SuppressionTest, KnownCellsFindsACellNoSingleSubtractionGives) {
  const SuppressionTable t = BridgeTable(kBridgePattern);
  std::vector<bool> hidden(t.cells.size());
  for (const auto& [r, c] : kBridgePattern) hidden[r * 5 + c] = true;
  const std::vector<bool> known = KnownCells(t, hidden);
  // The bridge is determined (a row sum minus a column sum, so to speak); the rectangles not.
  EXPECT_TRUE(known[0 * 5 + 2]);
  for (const auto& [r, c] : kBridgePattern)
    if (!(r == 0 && c == 2)) {
      EXPECT_FALSE(known[r * 5 + c]) << r << "," << c;
    }
  // The independent attackers agree: subtraction alone finds nothing, linear algebra the bridge.
  const Model m = ModelOfTable(t, hidden);
  EXPECT_EQ(SubtractionAttack(m), std::vector<std::string>{});
  EXPECT_EQ(RankAttack(m), std::vector<std::string>{"cell2"});
}

TEST(SuppressionTest, ComplementsProtectEveryHiddenCellOfATwoWayTable) {
  const SuppressionTable t = BridgeTable(kBridgePattern);
  const std::vector<bool> hidden = SuppressCells(t, 5);
  for (const auto& [r, c] : kBridgePattern) EXPECT_TRUE(hidden[r * 5 + c]);
  const Model m = ModelOfTable(t, hidden);
  EXPECT_EQ(RankAttack(m), std::vector<std::string>{});
  // And for a single small cell in each position: at least a rectangle of four cells.
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const SuppressionTable one = BridgeTable({{r, c}});
      const std::vector<bool> h = SuppressCells(one, 5);
      EXPECT_GE(std::count(h.begin(), h.end(), true), 4) << r << "," << c;
      EXPECT_EQ(RankAttack(ModelOfTable(one, h)), std::vector<std::string>{});
    }
}

// Two municipalities; Halmstad has 2 exits to "flyttat" (small). Worked by hand with the rule of
// suppression.hpp (a complement is nonzero first, then of lower preference — a municipality
// before the total — then the smallest): flyttat 1380 (2) is determined by its column and its
// row; the best complement is flyttat 1381 (6, before anstallning 1380, 8). Then 1380's column
// still has one unknown: anstallning 1380 (8, before sjukersattning 10). Then the anstallning
// row: anstallning 1381 (9, before sjukersattning 1380, 10). Four cells in a rectangle.
TEST(SuppressionTest, ExitReasonsAndMunicipalitiesGetARectangle) {
  FollowUpFigures halmstad, laholm;
  halmstad.cohort = 40;
  halmstad.exit_reasons[Reason(ExitReason::kFlyttat)] = 2;
  halmstad.exit_reasons[Reason(ExitReason::kAnstallning)] = 8;
  halmstad.exit_reasons[Reason(ExitReason::kSjukersattning)] = 10;
  halmstad.exited_total = 20;
  laholm.cohort = 30;
  laholm.exit_reasons[Reason(ExitReason::kFlyttat)] = 6;
  laholm.exit_reasons[Reason(ExitReason::kAnstallning)] = 9;
  laholm.exited_total = 15;
  const FollowUpReport report = ReportOf({{"1380", halmstad}, {"1381", laholm}});
  const FollowUpSuppression s = CheckSuppression(report, {});
  const auto& h = s.municipalities.at("1380");
  const auto& l = s.municipalities.at("1381");
  EXPECT_TRUE(h.exit_reasons[Reason(ExitReason::kFlyttat)]);
  EXPECT_TRUE(h.exit_reasons[Reason(ExitReason::kAnstallning)]);
  EXPECT_TRUE(l.exit_reasons[Reason(ExitReason::kFlyttat)]);
  EXPECT_TRUE(l.exit_reasons[Reason(ExitReason::kAnstallning)]);
  EXPECT_EQ(h.Count(), 2);
  EXPECT_EQ(l.Count(), 2);
  EXPECT_FALSE(s.total.Any());

  // The JSON: those four are null and listed; the rest is as the full report.
  const json::value body = json::parse(FollowUpJsonSuppressed(report, s));
  EXPECT_TRUE(body.at("municipalities").at("1380").at("exited_eb").at("reasons").at("flyttat").is_null());
  EXPECT_EQ(body.at("municipalities").at("1380").at("exited_eb").at("reasons").at("sjukersattning").as_int64(), 10);
  EXPECT_EQ(body.at("total").at("exited_eb").at("reasons").at("flyttat").as_int64(), 8);
  EXPECT_EQ(body.at("suppression_threshold").as_int64(), 5);
  std::set<std::string> pointers;
  for (const auto& p : body.at("suppressed").as_array()) pointers.insert(std::string(p.as_string()));
  EXPECT_EQ(pointers, (std::set<std::string>{"/municipalities/1380/exited_eb/reasons/anstallning",
                                             "/municipalities/1380/exited_eb/reasons/flyttat",
                                             "/municipalities/1381/exited_eb/reasons/anstallning",
                                             "/municipalities/1381/exited_eb/reasons/flyttat"}));
  // The CSV: ".." in those places, the header unchanged.
  const std::string csv = FollowUpCsv(report, &s);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), FollowUpCsv(report).substr(0, csv.find("\r\n")));
  EXPECT_NE(csv.find(",..,"), std::string::npos);
  EXPECT_EQ(FollowUpCsv(report).find(".."), std::string::npos);
}

// The viewer is entitled to Halmstad (its own EB unit) and not to Laholm, where 3 persons were
// granted SE, all with 2–3 years on EB. Halmstad is shown in full; Laholm's three figures are
// small, and since Halmstad is known, each total would give them: the total's three go too
// (Laholm's other cells in those sums are zeros; a nonzero complement further out is preferred).
TEST(SuppressionTest, TheOwnMunicipalityStaysInFullAndTheTotalProtectsTheOther) {
  FollowUpFigures halmstad, laholm;
  halmstad.cohort = 30;
  halmstad.se_granted = halmstad.se_or_ae_granted = halmstad.time_on_eb_se[2] = 10;
  laholm.cohort = 20;
  laholm.se_granted = laholm.se_or_ae_granted = laholm.time_on_eb_se[2] = 3;
  const FollowUpReport report = ReportOf({{"1380", halmstad}, {"1381", laholm}});
  const FollowUpSuppression s = CheckSuppression(report, {"1380"});
  EXPECT_FALSE(s.municipalities.at("1380").Any());
  const auto& l = s.municipalities.at("1381");
  EXPECT_TRUE(l.se_granted);
  EXPECT_TRUE(l.se_or_ae_granted);
  EXPECT_TRUE(l.time_on_eb_se[2]);
  EXPECT_EQ(l.Count(), 3);
  EXPECT_TRUE(s.total.se_granted);
  EXPECT_TRUE(s.total.se_or_ae_granted);
  EXPECT_TRUE(s.total.time_on_eb_se[2]);
  EXPECT_EQ(s.total.Count(), 3);
  // Entitled to both: nothing hidden at all.
  const FollowUpSuppression all = SuppressFollowUp(report, std::vector<std::string>{"1380", "1381"});
  EXPECT_FALSE(all.municipalities.at("1381").Any());
  EXPECT_FALSE(all.total.Any());
}

// A share reveals its numerator, and with it the difference to its denominator: 28 of 30
// callbacks within 3 working days means 2 late ones. The share goes; then Halmstad's count
// behind it would follow from the total, so another municipality's share (Laholm's, a count
// shown only through a share) goes too. The counts themselves stay.
TEST(SuppressionTest, ASmallDifferenceHidesTheShareThatRevealsIt) {
  FollowUpFigures halmstad, laholm;
  halmstad.cohort = 50;
  halmstad.referrals = halmstad.contacted = 30;
  halmstad.contacted_within_3 = 28;
  halmstad.callback_days_histogram = {0, 10, 18, 0, 0, 2};
  laholm.cohort = 50;
  laholm.referrals = laholm.contacted = 20;
  laholm.contacted_within_3 = 10;
  laholm.callback_days_histogram = {0, 10, 0, 0, 10};
  const FollowUpReport report = ReportOf({{"1380", halmstad}, {"1381", laholm}});
  const FollowUpSuppression s = CheckSuppression(report, {});
  EXPECT_TRUE(s.municipalities.at("1380").contacted_within_3);
  EXPECT_TRUE(s.municipalities.at("1381").contacted_within_3);
  EXPECT_FALSE(s.municipalities.at("1380").contacted);
  EXPECT_FALSE(s.municipalities.at("1380").median_working_days());
  EXPECT_FALSE(s.total.contacted_within_3);  // 38 of 50: 12 late, not small.
  const json::value body = json::parse(FollowUpJsonSuppressed(report, s));
  EXPECT_TRUE(body.at("municipalities").at("1380").at("fk_referrals").at("within_3_working_days_share").is_null());
  EXPECT_EQ(body.at("municipalities").at("1380").at("fk_referrals").at("median_working_days").as_double(), 2.0);
}

// A hidden count hides the shares and medians built on it.
TEST(SuppressionTest, SharesAndMediansGoWithTheirCounts) {
  FollowUpFigures f;
  f.cohort = 3;
  f.referrals = f.contacted = f.contacted_within_3 = 2;
  f.callback_days_histogram = {0, 2};
  f.sick_leave_spells = f.spells_on_time = 3;
  const FollowUpReport report = ReportOf({{"1380", f}});
  const FollowUpSuppression s = CheckSuppression(report, {});
  const json::value body = json::parse(FollowUpJsonSuppressed(report, s));
  const auto& m = body.at("municipalities").at("1380");
  EXPECT_TRUE(m.at("cohort").is_null());
  EXPECT_TRUE(m.at("se_or_ae_granted_share").is_null());  // Its denominator is hidden.
  EXPECT_TRUE(m.at("fk_referrals").at("median_working_days").is_null());
  EXPECT_TRUE(m.at("fk_referrals").at("within_3_working_days_share").is_null());
  EXPECT_TRUE(m.at("stances").at("within_2_months_share").is_null());
  EXPECT_EQ(m.at("snapshot").at("se_granted").as_int64(), 0);  // Zero is shown.
  std::set<std::string> pointers;
  for (const auto& p : body.at("suppressed").as_array()) pointers.insert(std::string(p.as_string()));
  EXPECT_TRUE(pointers.count("/municipalities/1380/fk_referrals/median_working_days"));
  EXPECT_TRUE(pointers.count("/total/cohort"));
  EXPECT_FALSE(pointers.count("/municipalities/1380/snapshot/se_granted"));
}

// Many random small reports (a fixed seed, so every run checks the same ones): whatever the
// pattern, no small figure is shown and the attackers derive nothing.
TEST(SuppressionTest, RandomReportsLeakNothing) {
  std::mt19937 random(20260601);
  auto draw = [&](int high) { return static_cast<int64_t>(std::uniform_int_distribution<int>(0, high)(random)); };
  int hidden_somewhere = 0;
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::map<std::string, FollowUpFigures> municipalities;
    const int count = 1 + static_cast<int>(draw(3));
    for (int m = 0; m < count; ++m) {
      FollowUpFigures f;
      for (int b = 0; b < kTimeOnEbBuckets; ++b) f.time_on_eb_se[b] = draw(1) ? draw(7) : 0, f.time_on_eb_ae[b] = draw(3) ? 0 : draw(6);
      for (auto& x : f.time_on_eb_se) f.se_granted += x;
      for (auto& x : f.time_on_eb_ae) f.ae_granted += x;
      f.se_granted += draw(3) ? 0 : draw(2);
      f.ae_granted += draw(3) ? 0 : draw(2);
      f.se_or_ae_granted = f.se_granted + f.ae_granted - (draw(1) ? 0 : draw(std::min<int>(f.se_granted, f.ae_granted)));
      f.cohort = f.se_or_ae_granted + draw(30);
      f.se_pending = draw(8);
      f.sp_granted = draw(8);
      f.coordinated_rehab = draw(12);
      f.se_denied = draw(6);
      f.ae_denied = draw(6);
      for (auto& x : f.exit_reasons) x = draw(2) ? 0 : draw(9), f.exited_total += x;
      f.contacted_within_3 = draw(12);
      f.contacted = f.contacted_within_3 + (draw(1) ? 0 : draw(4));
      f.referrals_overdue_open = draw(4);
      f.referrals = f.contacted + f.referrals_overdue_open + (draw(1) ? 0 : draw(3));
      f.callback_days_histogram = {0, f.contacted_within_3, 0, 0, f.contacted - f.contacted_within_3};
      f.spells_on_time = draw(12);
      f.spells_overdue_open = draw(5);
      f.sick_leave_spells = f.spells_on_time + f.spells_overdue_open + draw(4);
      municipalities[std::to_string(1380 + m)] = f;
    }
    const FollowUpReport report = ReportOf(municipalities);
    const std::vector<std::string> entitled = draw(2) == 0 ? std::vector<std::string>{"1380"} : std::vector<std::string>{};
    const FollowUpSuppression s = CheckSuppression(report, entitled);
    hidden_somewhere += s.total.Any();
    // The JSON nulls exactly what is listed, and lists every hidden count.
    const json::value body = json::parse(FollowUpJsonSuppressed(report, s));
    int listed_counts = 0;
    for (const auto& p : body.at("suppressed").as_array()) {
      const std::string pointer(p.as_string());
      EXPECT_TRUE(body.at_pointer(pointer).is_null()) << pointer;
      listed_counts += pointer.find("share") == std::string::npos && pointer.find("median") == std::string::npos;
    }
    int hidden_counts = s.total.Count();
    for (const auto& [code, h] : s.municipalities) hidden_counts += h.Count();
    // Counts shown only through a share are listed as that share.
    int share_only = s.total.se_or_ae_granted + s.total.contacted_within_3 + s.total.spells_on_time;
    for (const auto& [code, h] : s.municipalities) share_only += h.se_or_ae_granted + h.contacted_within_3 + h.spells_on_time;
    EXPECT_EQ(listed_counts, hidden_counts - share_only);
  }
  EXPECT_GT(hidden_somewhere, 100);  // The data are small enough to test something.
}

}  // namespace
}  // namespace rattvag
