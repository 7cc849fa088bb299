#!/usr/bin/env bash
# National-scale benchmarks of issue 2 (figures go to docs/BENCHMARKS.md by hand, with the machine).
#   bench/run.sh [PERSONS] [MUNICIPALITIES]      (default 100000 290)
# Work files go to ${RATTVAG_BENCH_DIR:-build/bench}. Bounded: each step runs a fixed number of times.
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${1:-100000}
municipalities=${2:-290}
dir=${RATTVAG_BENCH_DIR:-build/bench}
bin=build/rattvag
as_of=2026-10-01
mkdir -p "$dir"
file="$dir/national-$persons.jsonl"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)"
echo "== dataset: demo --persons $persons --municipalities $municipalities --seed 1 --today 2026-11-01"
[ -f "$file" ] || $bin demo --db '' --persons "$persons" --municipalities "$municipalities" --seed 1 --today 2026-11-01 --jsonl "$file"
events=$(wc -l < "$file")
echo "events: $events"

echo "== import (3 runs into a fresh database; median)"
times=()
for run in 1 2 3; do
  rm -f "$dir/national.db" "$dir/national.db-wal" "$dir/national.db-shm"
  start=$(date +%s.%N)
  $bin import --db "$dir/national.db" "$file" >/dev/null
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
echo "import seconds: ${times[*]} -> median $median; events/s: $(echo "$events / $median" | bc)"

echo "== report and deadlines from the command line (hyperfine, warm)"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 2 --runs 10 --export-markdown "$dir/cli.md" \
    "$bin report --db $dir/national.db --as-of $as_of --format json" \
    "$bin report --db $dir/national.db --as-of $as_of --municipality 1380 --format json" \
    "$bin deadlines --db $dir/national.db --as-of $as_of --municipality 1380 --format json" \
    "sqlite3 $dir/national.db 'SELECT count(*) FROM persons'"
  cat "$dir/cli.md"
fi

echo "== peak memory of report (all municipalities)"
/usr/bin/time -f "maxrss_kb %M wall %e" $bin report --db "$dir/national.db" --as-of $as_of --format json >/dev/null

echo "== in-process (Google Benchmark)"
if [ -x build/rattvag_bench ]; then
  RATTVAG_BENCH_DB="$dir/national.db" RATTVAG_BENCH_AS_OF=$as_of build/rattvag_bench --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true
fi
