#!/usr/bin/env bash
# Server benchmark of issue 3 ("Speed"); the figures go to docs/BENCHMARKS.md by hand, with the
# machine and the date.
#   bench/server/run.sh [RUNS] [SECONDS] [CONNECTIONS]     (default 3 20 32; `make bench-server`)
# Environment: RATTVAG_BENCH_DIR (where the national journal is kept, default build/bench),
# BENCH_MIX (read/worklist/write percentages, default 80/15/5), BENCH_WRK_THREADS (default 2),
# BENCH_EXPERIMENTS=0 to skip the labelled experiments, BENCH_SERVER_THREADS (`serve --threads`;
# default: the server's own default), BENCH_PERF=1 to add perf profiles (kept in BENCH_PERF_DIR
# when set, as perf-read.data and perf-worklist.data), BENCH_SERVER_ENV (NAME=VALUE words put in
# the server's environment only, e.g. LD_PRELOAD=… to try another allocator), BENCH_MIX_ONLY=1 to
# stop after the mix and its baseline (quick comparisons).
#
# What it does, every step bounded in time:
#  * the national demo journal (100,000 persons, 290 municipalities, the seed of bench/run.sh,
#    with the demo users) is made once; each run of this script works on a fresh copy of it,
#    plus one bench caseworker (socialsekreterare) in each of the five other demo EB units, so
#    that the caseworkers of six municipalities are busy;
#  * `rattvag serve` on 127.0.0.1 (a free port, its default 2 threads); the EB caseworkers log
#    in and their work lists (GET /api/v1/worklist) give the persons they open;
#  * nginx on 127.0.0.1 (2 workers, no access log) serves a static JSON file as large as the
#    median answer of GET /api/v1/persons/{id}: the baseline, measured in the same run with the
#    same wrk settings, alternating with ours;
#  * wrk --latency with bench/server/mix.lua: RUNS runs of SECONDS each of the caseworker mix
#    and of the baseline, then each route alone, then login (Argon2id) on its own; the CPU time
#    the servers and wrk used in each run (from /proc);
#  * experiments (labelled; the production code is unchanged): a second server on a copy of the
#    journal on tmpfs (/dev/shm: fsync costs nothing there), measured in every run right after
#    ours; and the mix while one login a second goes on.
# The servers listen on loopback only and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
seconds=${2:-20}
connections=${3:-32}
wrk_threads=${BENCH_WRK_THREADS:-2}
mix=${BENCH_MIX:-80/15/5}
experiments=${BENCH_EXPERIMENTS:-1}
server_threads=()
[ -n "${BENCH_SERVER_THREADS:-}" ] && server_threads=(--threads "$BENCH_SERVER_THREADS")
dir=${RATTVAG_BENCH_DIR:-build/bench}
bin=build/rattvag
lua=bench/server/mix.lua
persons=100000
municipalities=290
password=demo-lösenord-2026  # The demo users' password (README); the bench users get it too.
IFS=/ read -r mix_read mix_worklist mix_write <<< "$mix"
[ $((mix_read + mix_worklist + mix_write)) -eq 100 ] || { echo "BENCH_MIX must add up to 100: $mix" >&2; exit 2; }
for tool in wrk nginx curl sqlite3 bc; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run \`make bench-server\` (installs it)" >&2; exit 2; }
done

mkdir -p "$dir"
pristine="$dir/server-national-$persons-$municipalities.db"
work=$(mktemp -d "${TMPDIR:-/tmp}/rattvag-bench-server.XXXXXX")
chmod 755 "$work"  # nginx's workers (user nobody) read the static file from here.
pids=(); shm_db=""
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
  [ -n "$shm_db" ] && rm -f "$shm_db" "$shm_db-wal" "$shm_db-shm"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { grep -o "$1=[0-9.]*" | cut -d= -f2; }  # field NAME < RESULT line
load() { cut -d' ' -f1-3 /proc/loadavg; }
ticks=$(getconf CLK_TCK)
# CPU time (user + system, clock ticks) used so far by the given processes, all their threads.
cpu_ticks() {
  local sum=0 p
  for p in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$sum"
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load $(load)"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1)"
echo "== dataset: rattvag demo --persons $persons --municipalities $municipalities --seed 1 --today 2026-11-01 --users"
if [ ! -f "$pristine" ]; then
  rm -f "$pristine.tmp"
  $bin demo --db "$pristine.tmp" --persons $persons --municipalities $municipalities --seed 1 --today 2026-11-01 --users
  mv "$pristine.tmp" "$pristine"
fi
db="$work/journal.db"
cp "$pristine" "$db"
# One bench caseworker in each demo EB unit besides the demo users' own (Halmstad, 1380).
logins=(eb.handlaggare eb.kontakt eb.chef)
for unit in $(sqlite3 "$db" "SELECT id FROM units WHERE kind = 'eb' AND id <> 'eb-1380' ORDER BY id"); do
  printf '%s\n' "$password" | $bin user add --db "$db" --username "bench.$unit" --name "Bench ($unit)" \
    --role socialsekreterare --unit "$unit" --password-stdin >/dev/null
  logins+=("bench.$unit")
done
echo "users logged in: ${logins[*]}"

# start_server DB OUT: `rattvag serve` on a free loopback port; sets started_pid and started_base.
start_server() {
  env ${BENCH_SERVER_ENV:-} $bin serve --db "$1" --listen 127.0.0.1:0 "${server_threads[@]}" > "$2" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 100); do
    grep -q "listening on" "$2" 2>/dev/null && break
    sleep 0.1
  done
  started_base=$(grep -o 'http://127.0.0.1:[0-9]*' "$2") || { cat "$2" >&2; exit 3; }
}

# log_in BASE DATA: every user logs in; writes the wrk data file (users, then the persons of
# their work lists; DATA.persons holds the person lines alone).
log_in() {
  local base=$1 data=$2 n=0 user cookie csrf
  : > "$data"
  : > "$data.persons"
  for user in "${logins[@]}"; do
    n=$((n + 1))
    curl -sS --max-time 10 -D "$work/headers.txt" -o "$work/answer.json" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"$password\"}" "$base/api/v1/session"
    cookie=$(grep -io '__Host-rattvag_session=[0-9a-f]*' "$work/headers.txt") || { echo "login of $user failed" >&2; exit 3; }
    csrf=$(grep -o '"csrf_token":"[0-9a-f]*' "$work/answer.json" | cut -d'"' -f4)
    echo "user $cookie $csrf $user $password" >> "$data"
    curl -sS --max-time 10 -H "Cookie: $cookie" -o "$work/worklist.json" "$base/api/v1/worklist?scope=unit&limit=500"
    grep -o '"person_id":"[0-9a-f]*","personnummer":"[0-9]*"' "$work/worklist.json" | cut -d'"' -f4,8 | tr '"' ' ' |
      sort -u | awk -v n="$n" '{print "person", n, $1, $2}' >> "$data.persons"
  done
  # A person on the lists of several users of one unit is kept once (the first user's), so
  # that no two wrk threads write on the same case.
  awk '!seen[$3]++' "$data.persons" > "$data.unique"
  mv "$data.unique" "$data.persons"
  cat "$data.persons" >> "$data"
}

# free_port: a loopback port nothing listens on (bounded tries).
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; exit 3
}

# wrk_run NAME URL "SERVER PIDS" ARGS...: one bounded wrk run; prints its RESULT (and MIX)
# lines and the CPU that the server and wrk used, each prefixed with NAME.
wrk_run() {
  local name=$1 url=$2 server=$3 before after requests
  shift 3
  before=$(cpu_ticks $server)
  /usr/bin/time -f "%U %S" -o "$work/wrk.time" wrk -t "$wrk_threads" -c "$connections" -d "${seconds}s" --timeout 5s \
    --latency -s "$lua" "$url" -- "$@" > "$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; exit 3; }
  after=$(cpu_ticks $server)
  requests=$(grep RESULT "$work/wrk.out" | field requests)
  grep -E '^(RESULT|MIX)' "$work/wrk.out" | sed "s/^/$name /"
  echo "$name CPU server_ms_per_request=$(echo "scale=3; ($after - $before) * 1000 / $ticks / $requests" | bc)" \
    "server_cores=$(echo "scale=2; ($after - $before) / $ticks / $seconds" | bc)" \
    "wrk_cores=$(awk -v s="$seconds" '{printf "%.2f", ($1 + $2) / s}' "$work/wrk.time")"
}

start_server "$db" "$work/serve.out"
server_pid=$started_pid; base=$started_base
log_in "$base" "$work/data.txt"
echo "persons in the work lists: $(wc -l < "$work/data.txt.persons") (opened at random; each wrk thread writes only on its own share)"
mix_args=(mix "$work/data.txt" "$wrk_threads" "$mix_read" "$mix_worklist" "$mix_write")

# The baseline file: as large as the median answer of GET /api/v1/persons/{id} (sampled).
sizes=()
while read -r _ user id _; do
  cookie=$(sed -n "${user}p" "$work/data.txt" | cut -d' ' -f2)
  sizes+=("$(curl -sS --max-time 10 -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$base/api/v1/persons/$id")")
done < <(awk 'NR % 5 == 1' "$work/data.txt.persons" | head -n 200)
size=$(printf '%s\n' "${sizes[@]}" | median | cut -d. -f1)
echo "GET /api/v1/persons/{id}: ${#sizes[@]} sampled, answer size median $size bytes" \
  "(min $(printf '%s\n' "${sizes[@]}" | sort -n | head -1), max $(printf '%s\n' "${sizes[@]}" | sort -n | tail -1))"
mkdir -p "$work/www"
{ printf '{"padding":"'; head -c $((size - 14)) /dev/zero | tr '\0' x; printf '"}\n'; } > "$work/www/person.json"
chmod -R a+rX "$work/www"

nginx_port=$(free_port)
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log" &
nginx_pid=$!
pids+=("$nginx_pid")
nginx_url="http://127.0.0.1:$nginx_port/person.json"
for _ in $(seq 50); do curl -s -o /dev/null --max-time 1 "$nginx_url" && break; sleep 0.1; done
nginx_pids="$nginx_pid $(cat /proc/"$nginx_pid"/task/*/children)"
echo "nginx baseline: $nginx_url, $(wc -c < "$work/www/person.json") bytes"

if [ "$experiments" = 1 ]; then
  # Experiment: a second server on a copy of the journal on tmpfs (fsync costs nothing there),
  # measured in every run right after ours.
  shm_db=$(mktemp /dev/shm/rattvag-bench.XXXXXX)
  cp "$db" "$shm_db"
  start_server "$shm_db" "$work/serve-tmpfs.out"
  tmpfs_pid=$started_pid; tmpfs_base=$started_base
  log_in "$tmpfs_base" "$work/data-tmpfs.txt"
  tmpfs_args=(mix "$work/data-tmpfs.txt" "$wrk_threads" "$mix_read" "$mix_worklist" "$mix_write")
  echo "experiment: a second server on a tmpfs copy of the journal"
fi

echo "== warm-up (5 s each, not counted)"
seconds=5 wrk_run warmup-ours "$base" "$server_pid" "${mix_args[@]}" >/dev/null
seconds=5 wrk_run warmup-nginx "$nginx_url" "$nginx_pids" static >/dev/null
if [ "$experiments" = 1 ]; then seconds=5 wrk_run warmup-tmpfs "$tmpfs_base" "$tmpfs_pid" "${tmpfs_args[@]}" >/dev/null; fi

echo "== caseworker mix $mix (read a person / work list of 50 / record an event) vs nginx," \
  "$runs runs of ${seconds}s, wrk -t$wrk_threads -c$connections"
ours=(); ours_p50=(); ours_p99=(); cpu=(); base_rps=(); base_p50=(); base_p99=(); tmpfs=(); tmpfs_p99=()
for run in $(seq "$runs"); do
  echo "run $run: load before $(load)"
  wrk_run "ours-$run" "$base" "$server_pid" "${mix_args[@]}" | tee "$work/r.txt"
  ours+=("$(grep RESULT "$work/r.txt" | field rps)"); ours_p50+=("$(grep RESULT "$work/r.txt" | field p50_ms)")
  ours_p99+=("$(grep RESULT "$work/r.txt" | field p99_ms)"); cpu+=("$(grep CPU "$work/r.txt" | field server_ms_per_request)")
  wrk_run "nginx-$run" "$nginx_url" "$nginx_pids" static | tee "$work/r.txt"
  base_rps+=("$(grep RESULT "$work/r.txt" | field rps)"); base_p50+=("$(grep RESULT "$work/r.txt" | field p50_ms)")
  base_p99+=("$(grep RESULT "$work/r.txt" | field p99_ms)")
  if [ "$experiments" = 1 ]; then
    wrk_run "tmpfs-$run" "$tmpfs_base" "$tmpfs_pid" "${tmpfs_args[@]}" | tee "$work/r.txt"
    tmpfs+=("$(grep RESULT "$work/r.txt" | field rps)"); tmpfs_p99+=("$(grep RESULT "$work/r.txt" | field p99_ms)")
  fi
done
echo "load after: $(load)"
m_ours=$(printf '%s\n' "${ours[@]}" | median)
m_base=$(printf '%s\n' "${base_rps[@]}" | median)
echo "SUMMARY ours: requests/s ${ours[*]} -> median $m_ours; p50 ms median $(printf '%s\n' "${ours_p50[@]}" | median);" \
  "p99 ms ${ours_p99[*]} -> median $(printf '%s\n' "${ours_p99[@]}" | median); server CPU ms a request median $(printf '%s\n' "${cpu[@]}" | median)"
echo "SUMMARY nginx: requests/s ${base_rps[*]} -> median $m_base; p50 ms median $(printf '%s\n' "${base_p50[@]}" | median);" \
  "p99 ms ${base_p99[*]} -> median $(printf '%s\n' "${base_p99[@]}" | median)"
echo "SUMMARY ratio ours / nginx (medians): $(echo "scale=4; $m_ours / $m_base" | bc)"
if [ "$experiments" = 1 ]; then
  echo "SUMMARY experiment tmpfs: requests/s ${tmpfs[*]} -> median $(printf '%s\n' "${tmpfs[@]}" | median);" \
    "p99 ms median $(printf '%s\n' "${tmpfs_p99[@]}" | median)"
fi

[ "${BENCH_MIX_ONLY:-0}" = 1 ] && exit 0

echo "== each route alone (1 run of ${seconds}s each; the same wrk settings)"
wrk_run "read-only" "$base" "$server_pid" mix "$work/data.txt" "$wrk_threads" 100 0 0
wrk_run "worklist-only" "$base" "$server_pid" mix "$work/data.txt" "$wrk_threads" 0 100 0
wrk_run "read+write-50-50" "$base" "$server_pid" mix "$work/data.txt" "$wrk_threads" 50 0 50
if [ "$experiments" = 1 ]; then
  wrk_run "tmpfs-read-only" "$tmpfs_base" "$tmpfs_pid" mix "$work/data-tmpfs.txt" "$wrk_threads" 100 0 0
  wrk_run "tmpfs-read+write-50-50" "$tmpfs_base" "$tmpfs_pid" mix "$work/data-tmpfs.txt" "$wrk_threads" 50 0 50
fi

if [ "${BENCH_PERF:-0}" = 1 ] && command -v perf >/dev/null; then
  # Where the CPU goes (perf, sampled call stacks): the share of the server's samples spent in
  # (below) each named function, for a read-only run and a work-list-only run.
  for route in "read 100 0 0" "worklist 0 100 0"; do
    read -r name r w x <<< "$route"
    (seconds=10 wrk_run "perf-$name" "$base" "$server_pid" mix "$work/data.txt" "$wrk_threads" "$r" "$w" "$x" >/dev/null) &
    sleep 2
    perf_data="${BENCH_PERF_DIR:-$work}/perf-$name.data"
    perf record -q -F 199 --call-graph dwarf,32768 -p "$server_pid" -o "$perf_data" -- sleep 6 2>/dev/null
    wait $!
    echo "perf, $name only: share of the server's CPU samples below each function"
    perf report -i "$perf_data" --children --sort sym --stdio -g none 2>/dev/null |
      grep -E '\] (rattvag::(PersonJson|LoadPersonView|ListDeadlines|ResolveSession|http::(DecideAndLog|WriteAudit|RequireSession))|sqlite3_step|boost::json::parse[^r]|rattvag::\(anonymous namespace\)::SqliteJournal::(Commit|ScanPersons|AppendAudit|LoadPerson))' |
      sed -E 's/^ *([0-9.]+%) +[0-9.]+% +\[\.\] +/\1 /; s/\(anonymous namespace\):://g; s/[[(].*//' |
      sort -k2,2 -u | sort -rn | sed 's/^/  /'
  done
fi

echo "== login (POST /api/v1/session, Argon2id interactive, correct passwords), $runs runs of ${seconds}s, wrk -t1 -c2"
login=(); login_p99=()
for run in $(seq "$runs"); do
  wrk_threads=1 connections=2 wrk_run "login-$run" "$base" "$server_pid" login "$work/data.txt" | tee "$work/r.txt"
  login+=("$(grep RESULT "$work/r.txt" | field rps)"); login_p99+=("$(grep RESULT "$work/r.txt" | field p99_ms)")
done
echo "SUMMARY login: logins/s ${login[*]} -> median $(printf '%s\n' "${login[@]}" | median);" \
  "p99 ms median $(printf '%s\n' "${login_p99[@]}" | median)"

if [ "$experiments" = 1 ]; then
  echo "== experiment: the mix while one login a second goes on (a morning's logins), 1 run of ${seconds}s"
  (
    end=$((SECONDS + seconds))
    while [ $SECONDS -lt $end ]; do
      curl -s -o /dev/null --max-time 5 -H 'Content-Type: application/json' \
        -d "{\"username\":\"eb.chef\",\"password\":\"$password\"}" "$base/api/v1/session"
      sleep 1
    done
  ) &
  logins_pid=$!
  pids+=("$logins_pid")
  wrk_run "mix+logins" "$base" "$server_pid" "${mix_args[@]}"
  wait "$logins_pid"
fi
echo "== load at the end: $(load)"
