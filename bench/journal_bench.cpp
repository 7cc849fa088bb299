// Read-side benchmarks on a journal made by `rattvag demo` (see bench/run.sh):
// the follow-up for all municipalities and for one, and the deadline list for one.
// The journal path comes from RATTVAG_BENCH_DB; the as-of date from RATTVAG_BENCH_AS_OF.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "app/queries.hpp"

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
    auto report = BuildFollowUp(BenchJournal(), AsOf(), {"1380"});
    if (!report.ok()) state.SkipWithError(report.error().ToString().c_str());
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_FollowUpOneMunicipality)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_DeadlinesOneMunicipality(benchmark::State& state) {
  for (auto _ : state) {
    auto rows = ListDeadlines(BenchJournal(), AsOf(), {"1380"}, DefaultEligibilityRules());
    if (!rows.ok()) state.SkipWithError(rows.error().ToString().c_str());
    benchmark::DoNotOptimize(rows);
  }
}
BENCHMARK(BM_DeadlinesOneMunicipality)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace
}  // namespace rattvag

BENCHMARK_MAIN();
