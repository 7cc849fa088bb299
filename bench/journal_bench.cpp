// Read-side benchmarks on a journal made by `rattvag demo` (see bench/run.sh): the follow-up
// for all municipalities and for one, the deadline list for one, and the baseline: the same
// follow-up as one plain SQL query over the raw event table (bench/plain_sql_followup.sql).
// The journal path comes from RATTVAG_BENCH_DB; the as-of date from RATTVAG_BENCH_AS_OF; the
// municipality from RATTVAG_BENCH_MUNICIPALITY (default 1380).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cstdlib>
#include <iostream>

#include "app/queries.hpp"
#include "plain_sql_followup.hpp"

namespace rattvag {
namespace {

Journal& BenchJournal() {
  static std::unique_ptr<Journal> journal = [] {
    const char* path = std::getenv("RATTVAG_BENCH_DB");
    if (!path) {
      std::cerr << "RATTVAG_BENCH_DB must name a journal made by `rattvag demo`\n";
      std::exit(2);
    }
    auto j = OpenSqliteJournal(path, OpenMode::kReadOnly);
    if (!j.ok()) {
      std::cerr << j.error().ToString() << "\n";
      std::exit(2);
    }
    return std::move(j).value();
  }();
  return *journal;
}

std::vector<std::string> OneMunicipality() {
  const char* v = std::getenv("RATTVAG_BENCH_MUNICIPALITY");
  return {v ? v : "1380"};
}

Date AsOf() {
  const char* v = std::getenv("RATTVAG_BENCH_AS_OF");
  return v ? Date::Parse(v).value_or(Date(2026, 10, 1)) : Date(2026, 10, 1);
}

void BM_FollowUpAllMunicipalities(benchmark::State& state) {
  for (auto _ : state) {
    auto report = BuildFollowUp(BenchJournal(), AsOf(), {});
    if (!report.ok()) state.SkipWithError(report.error().ToString().c_str());
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_FollowUpAllMunicipalities)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_FollowUpOneMunicipality(benchmark::State& state) {
  for (auto _ : state) {
    auto report = BuildFollowUp(BenchJournal(), AsOf(), OneMunicipality());
    if (!report.ok()) state.SkipWithError(report.error().ToString().c_str());
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_FollowUpOneMunicipality)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_DeadlinesOneMunicipality(benchmark::State& state) {
  for (auto _ : state) {
    auto rows = ListDeadlines(BenchJournal(), AsOf(), OneMunicipality(), DefaultEligibilityRules());
    if (!rows.ok()) state.SkipWithError(rows.error().ToString().c_str());
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_DeadlinesOneMunicipality)->Unit(benchmark::kMillisecond)->MinTime(1.0);

// The baseline: a read-only connection of its own, the holiday table filled before timing.
void BM_PlainSqlFollowUpAllMunicipalities(benchmark::State& state) {
  static sqlite3* db = [] {
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(std::getenv("RATTVAG_BENCH_DB"), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      std::cerr << "cannot open RATTVAG_BENCH_DB for the plain-SQL baseline\n";
      std::exit(2);
    }
    sqlite3_exec(handle, "PRAGMA cache_size = -131072; PRAGMA mmap_size = 4294967296", nullptr, nullptr, nullptr);
    if (auto s = bench::EnsureClosedDays(handle); !s.ok()) {
      std::cerr << s.error().ToString() << "\n";
      std::exit(2);
    }
    return handle;
  }();
  static const std::string sql = [] {
    auto text = bench::ReadPlainSqlFollowUp();
    if (!text.ok()) {
      std::cerr << text.error().ToString() << "\n";
      std::exit(2);
    }
    return *text;
  }();
  for (auto _ : state) {
    auto rows = bench::RunPlainSqlFollowUp(db, AsOf(), sql);
    if (!rows.ok()) state.SkipWithError(rows.error().ToString().c_str());
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_PlainSqlFollowUpAllMunicipalities)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

}  // namespace
}  // namespace rattvag

BENCHMARK_MAIN();
