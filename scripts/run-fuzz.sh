#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ side by side for FUZZ_SECONDS each (README "Fuzzing").
# Usage: scripts/run-fuzz.sh BUILD_DIR TARGET...
# Each target starts from its seeds in fuzz/corpus/TARGET (read only) and what earlier runs in
# this build directory found (BUILD_DIR/fuzz-corpus/TARGET); crash reproducers go to
# BUILD_DIR/fuzz-artifacts/TARGET/, never into the source tree. Fails when any target fails and
# prints the reproducer's path and the command that replays it.
set -uo pipefail
build_dir=$1
shift
seconds=${FUZZ_SECONDS:-60}
source_dir=$(cd "$(dirname "$0")/.." && pwd)

pids=()
for target in "$@"; do
  mkdir -p "$build_dir/fuzz-corpus/$target" "$build_dir/fuzz-artifacts/$target"
  dict=()
  [ -f "$source_dir/fuzz/$target.dict" ] && dict=(-dict="$source_dir/fuzz/$target.dict")
  # -timeout: one input may take 10 s at most; -rss_limit_mb: the process stays under 2 GiB;
  # -max_len: requests and lines up to 8 KiB.
  "$build_dir/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 "${dict[@]}" -artifact_prefix="$build_dir/fuzz-artifacts/$target/" \
    "$build_dir/fuzz-corpus/$target" "$source_dir/fuzz/corpus/$target" >"$build_dir/fuzz-$target.log" 2>&1 &
  pids+=($!)
done

status=0
i=0
for target in "$@"; do
  wait "${pids[$i]}"
  rc=$?
  i=$((i + 1))
  log="$build_dir/fuzz-$target.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [ "$rc" -eq 0 ]; then
    echo "fuzz: $target: no failure in ${seconds} s (${runs:-?} inputs)"
    continue
  fi
  status=1
  echo "fuzz: $target FAILED (exit $rc); the end of $log:" >&2
  grep -v '^#[0-9]' "$log" | tail -n 40 >&2
  reproducer=$(grep -o 'Test unit written to .*' "$log" | tail -n 1 | sed 's/Test unit written to //')
  if [ -n "$reproducer" ]; then
    echo "fuzz: reproducer: $reproducer" >&2
    echo "fuzz: replay it with: $build_dir/$target $reproducer" >&2
  fi
done
exit $status
