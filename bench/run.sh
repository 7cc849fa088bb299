#!/usr/bin/env bash
# National-scale benchmarks of issue 2; the figures go to docs/BENCHMARKS.md by hand, with the
# machine and the date.
#   bench/run.sh [PERSONS] [MUNICIPALITIES] [RUNS]      (default 100000 290 5)
# Work files go to ${RATTVAG_BENCH_DIR:-build/bench}. Bounded: every step runs a fixed number of
# times. The machine is shared and noisy, so each figure is a median, and each has a baseline
# measured in the same run:
#   import  vs  copying the same rows into an empty journal with SQLite alone (INSERT … SELECT),
#   report  vs  the same follow-up as one plain SQL query over the raw event table.
# The HTTP server's benchmark (issue 3) is bench/server/run.sh (`make bench-server`).
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${1:-100000}
municipalities=${2:-290}
runs=${3:-5}
dir=${RATTVAG_BENCH_DIR:-build/bench}
bin=build/rattvag
as_of=2026-10-01
mkdir -p "$dir"
file="$dir/national-$persons-$municipalities.jsonl"
db="$dir/national.db"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
clean() { rm -f "$1" "$1-wal" "$1-shm"; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "== dataset: rattvag demo --persons $persons --municipalities $municipalities --seed 1 --today 2026-11-01"
[ -f "$file" ] || $bin demo --persons "$persons" --municipalities "$municipalities" --seed 1 --today 2026-11-01 --jsonl "$file"
events=$(wc -l < "$file")
echo "events: $events, file: $(du -m "$file" | cut -f1) MB"

echo "== import into a fresh journal ($runs runs) and the SQLite-only baseline"
import_times=(); import_rss=(); copy_times=()
for run in $(seq "$runs"); do
  clean "$db"
  sync  # Nothing of the previous step is still being written back while this one runs.
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" $bin import --db "$db" "$file" >/dev/null
  read -r seconds rss < "$dir/time.txt"
  import_times+=("$seconds"); import_rss+=("$rss")
  # Baseline: the rows just stored, copied by SQLite alone into an empty journal of the same
  # schema (one transaction, no parsing, no validation, no projections computed).
  clean "$dir/copy.db"
  $bin import --db "$dir/copy.db" /dev/null >/dev/null
  sync
  start=$(date +%s.%N)
  sqlite3 "$dir/copy.db" "PRAGMA cache_size=-131072; ATTACH '$db' AS n; BEGIN;
    INSERT INTO persons SELECT * FROM n.persons; INSERT INTO events SELECT * FROM n.events ORDER BY id; COMMIT;" >/dev/null
  end=$(date +%s.%N)
  copy_times+=("$(echo "$end - $start" | bc)")
done
import_median=$(printf '%s\n' "${import_times[@]}" | median)
copy_median=$(printf '%s\n' "${copy_times[@]}" | median)
echo "import seconds: ${import_times[*]} -> median $import_median; events/s: $(echo "$events / $import_median" | bc)"
echo "import peak RSS (KB): ${import_rss[*]} -> median $(printf '%s\n' "${import_rss[@]}" | median)"
echo "SQLite-only copy seconds: ${copy_times[*]} -> median $copy_median; import / copy: $(echo "scale=2; $import_median / $copy_median" | bc)"
echo "journal size: $(du -m "$db" | cut -f1) MB"

echo "== peak memory and wall time of the command line ($runs runs each, warm)"
for args in "report --as-of $as_of --format json" "report --as-of $as_of --municipality 1380 --format json" \
            "deadlines --as-of $as_of --municipality 1380 --format json"; do
  walls=(); rss=()
  for run in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" $bin $args --db "$db" >/dev/null
    read -r seconds kb < "$dir/time.txt"
    walls+=("$seconds"); rss+=("$kb")
  done
  echo "rattvag $args: wall ${walls[*]} s (median $(printf '%s\n' "${walls[@]}" | median)); peak RSS median $(printf '%s\n' "${rss[@]}" | median) KB"
done

echo "== in process (Google Benchmark; medians of $runs repetitions, the plain-SQL baseline of 3)"
RATTVAG_BENCH_DB="$db" RATTVAG_BENCH_AS_OF=$as_of build/rattvag_bench --benchmark_repetitions="$runs" \
  --benchmark_report_aggregates_only=true 2>&1 | grep -E "Benchmark|median|---"
