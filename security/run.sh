#!/usr/bin/env bash
# Debian's sqlmap and wapiti against a live `rattvag serve` on loopback: `make security`, and
# the ctest test `security_scan` of `make test` (docs/SECURITY.md).
#
# Makes a fresh demo journal with the demo users in a temporary directory, starts the server on
# 127.0.0.1 (a free port), logs in, and runs
#   (a) sqlmap on every parameter of the API that reaches the database: the login body, the
#       search body, the referral and administration bodies, the query parameters of the
#       report, the work list and the log extract, the `{id}` path segments, and the session
#       cookie; any injectable parameter fails the run, and so does a run that did not finish;
#   (b) wapiti, logged in, on every GET route (JSON and the HTML log extract); a finding of
#       medium severity or higher fails the run (security/check_wapiti.py).
# Afterwards the server must still be healthy, have answered no 500, and its audit chain must
# verify. The server is stopped on every exit (trap). Everything is bounded in time.
#
# The whole run happens in a private network namespace with only a loopback interface
# (`unshare -n`, or `unshare -rn` without root), so no request can leave the machine: wapiti
# 3.0.4 tries to download module databases (wapp) at start even when those modules are off. Its
# modules that call out (ssrf, xxe, nikto, wapp) and its crash reports are off as well.
#
# Usage: security/run.sh [BINARY]      (default build/rattvag)
# Environment: SECURITY_OUT (reports; default build/security), SQLMAP_LEVEL (default 5),
# SQLMAP_RISK (default 3), SQLMAP_TIMEOUT per target in seconds (default 300),
# WAPITI_MAX_SCAN_TIME in seconds (default 600), SECURITY_ONLY (a comma-separated list of the
# targets to run, e.g. "search,wapiti"; default all).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
binary=$(realpath "${1:-$root/build/rattvag}")
out=${SECURITY_OUT:-$root/build/security}
sqlmap_level=${SQLMAP_LEVEL:-5}
sqlmap_risk=${SQLMAP_RISK:-3}
sqlmap_timeout=${SQLMAP_TIMEOUT:-300}
wapiti_time=${WAPITI_MAX_SCAN_TIME:-600}

# Into a network namespace of our own, with loopback only (once).
if [ -z "${RATTVAG_SECURITY_NETNS:-}" ]; then
  command -v ip >/dev/null || { echo "security: ip is missing (package iproute2; make security installs it)" >&2; exit 2; }
  for flags in -n -rn; do
    if unshare $flags true 2>/dev/null; then
      exec unshare $flags env RATTVAG_SECURITY_NETNS=1 bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
    fi
  done
  # wapiti's modules try to download their databases when loaded, whether used or not: without
  # a namespace of our own nothing would stop them, so the run refuses.
  echo "security: needs a private network namespace (unshare -n, as root, or unshare -rn) so that no request leaves the machine" >&2
  exit 2
fi

for tool in sqlmap wapiti curl python3; do
  command -v "$tool" >/dev/null || { echo "security: $tool is missing (make security installs it)" >&2; exit 2; }
done
[ -x "$binary" ] || { echo "security: no binary at $binary (make build)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/rattvag-security.XXXXXX")
server_pid=""
tool_pid=""
cleanup() {
  # A tool still running (when the run is interrupted): `timeout` passes the signal on to it.
  if [ -n "$tool_pid" ] && kill -0 "$tool_pid" 2>/dev/null; then
    kill -TERM "$tool_pid" 2>/dev/null || true
    wait "$tool_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$out"
mkdir -p "$out/sqlmap"
summary="$out/summary.txt"
: >"$summary"
note() { echo "$*" | tee -a "$summary"; }
# Runs a tool under `timeout SECONDS` in the background and waits for it, so that an interrupted
# run can stop it (cleanup); returns its exit status.
bounded() {
  local seconds=$1
  shift
  timeout --kill-after=30 "$seconds" "$@" &
  tool_pid=$!
  local rc=0
  wait "$tool_pid" || rc=$?
  tool_pid=""
  return "$rc"
}
started=$(date +%s)
failures=0
fail() { note "FAIL: $*"; failures=$((failures + 1)); }

note "rattvag security run, $(date -u +%FT%TZ)"
note "sqlmap $(sqlmap --version 2>/dev/null | head -n1), $(wapiti --version 2>/dev/null | tail -n1)"
note "network: a private namespace, loopback only"

# A fresh demo journal with the demo units and users.
db="$work/security.db"
"$binary" demo --db "$db" --persons 200 --municipalities 6 --seed 1 --users >"$work/demo.log"

# The server on a free loopback port (it prints the address it listens on).
"$binary" serve --db "$db" --listen 127.0.0.1:0 --threads 2 >"$work/serve.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 100); do
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" 2>/dev/null | head -n1 || true)
  [ -n "$base" ] && curl -fsS --max-time 2 "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "security: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "security: the server did not say where it listens" >&2; exit 1; }
note "server: $base"

password='demo-lösenord-2026'
# A field of the JSON on standard input, by a dotted path ("items.0.person_id").
json_field() {
  python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if k.isdigit() else v[k]
print(v)' "$1"
}

# Logs in; prints "COOKIE CSRF".
login() {
  local headers body
  headers=$(mktemp "$work/h.XXXXXX")
  body=$(curl -sS --max-time 10 -D "$headers" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/session")
  local cookie
  cookie=$(grep -o '__Host-rattvag_session=[0-9a-f]*' "$headers" || true)
  [ -n "$cookie" ] || { echo "security: cannot log in as $1: $body" >&2; exit 1; }
  echo "$cookie $(echo "$body" | json_field csrf_token)"
}
read -r eb_cookie eb_csrf < <(login eb.handlaggare)
read -r fk_cookie fk_csrf < <(login fk.handlaggare)
read -r admin_cookie admin_csrf < <(login admin)
read -r chef_cookie chef_csrf < <(login eb.chef)

get() { curl -sS --max-time 10 -H "Cookie: $1" "$base$2"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }

# Real values to start from: a person on the work list, a referral in the mailbox.
worklist=$(get "$eb_cookie" "/api/v1/worklist?limit=100")
person_id=$(echo "$worklist" | json_field items.0.person_id)
personnummer=$(echo "$worklist" | json_field items.0.personnummer)
# A person on the work list but not on its first page (every read of the work list logs the
# persons on the page, which the log targets must not see grow); 1 is the last, 2 the one before.
unpaged_person() {
  echo "$worklist" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
first_page = {i["person_id"] for i in items[:10]}
later = []
for i in items[10:]:
    if i["person_id"] not in first_page and i["person_id"] not in later:
        later.append(i["person_id"])
print(later[-int(sys.argv[1])])' "$1"
}
log_person_id=$(unpaged_person 1)
log_id_person_id=$(unpaged_person 2)
referral=$(curl -sS --max-time 10 -H "Cookie: $eb_cookie" -H "X-CSRF-Token: $eb_csrf" -H 'Content-Type: application/json' \
  -d '{"contact_name":"Handläggare","contact_phone":"035-123 45","contact_email":"eb@example.org","description":"Behöver råd om planering."}' \
  "$base/api/v1/referrals")
referral_id=$(echo "$referral" | json_field id)
today=$(echo "$worklist" | json_field as_of)
[ "$(status_of -H "Cookie: $eb_cookie" "$base/api/v1/persons/$person_id")" = 200 ] || { echo "security: cannot read the work list's person" >&2; exit 1; }

# One sqlmap target: NAME, then sqlmap options. Passes when sqlmap finished, tested something
# and reports no injection point. (--skip-waf: the server answers an unknown query parameter
# with 400, which sqlmap's WAF heuristic would take for a firewall and report as critical.)
sqlmap_target() {
  local name=$1
  shift
  if [ -n "${SECURITY_ONLY:-}" ] && [[ ",$SECURITY_ONLY," != *",$name,"* ]]; then return; fi
  local dir="$out/sqlmap/$name" t0
  t0=$(date +%s)
  mkdir -p "$dir"
  local rc=0
  bounded "$sqlmap_timeout" sqlmap --batch --disable-coloring --flush-session --dbms=SQLite \
    --skip-waf --output-dir="$dir" --timeout=10 --retries=1 --ignore-code=401,403,404,409,422,429 "$@" >"$dir/sqlmap.log" 2>&1 || rc=$?
  local seconds=$(($(date +%s) - t0))
  local found
  # Rows sqlmap itself marks "false positive or unexploitable" are its own verdict after
  # re-checking (a heuristic hit on a route whose answers vary with the text, such as the
  # referral's personal-data warnings); every other row is a finding.
  found=$(cat "$dir"/results-*.csv 2>/dev/null | tail -n +2 | grep -v 'false positive or unexploitable' | grep -c . || true)
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    fail "sqlmap $name: did not finish in ${sqlmap_timeout}s"
  elif grep -q "identified the following injection point\|is vulnerable" "$dir/sqlmap.log" || [ "$found" -gt 0 ]; then
    fail "sqlmap $name: INJECTABLE (see $dir/sqlmap.log)"
  elif ! grep -q "all tested parameters do not appear to be injectable" "$dir/sqlmap.log"; then
    # Stopped before the end (a critical error, the target unreachable): not a pass.
    fail "sqlmap $name: did not finish its tests (exit $rc): $(grep -m1 '\[CRITICAL\]' "$dir/sqlmap.log" || echo "see $dir/sqlmap.log")"
  else
    local tested remark
    tested=$(grep -o "parameter '[^']*' does not seem to be injectable" "$dir/sqlmap.log" | sed "s/parameter '\(.*\)' does.*/\1/" | sort -u | paste -sd, -)
    remark=$(grep -m1 -o '\[CRITICAL\] .*' "$dir/sqlmap.log" | cut -c12- || true)
    note "sqlmap $name: no injectable parameter (${seconds}s; tested: $tested)${remark:+; sqlmap remarked: $remark}"
  fi
}

json='Content-Type: application/json'
level=(--level="$sqlmap_level" --risk="$sqlmap_risk")

note "sqlmap: level $sqlmap_level, risk $sqlmap_risk, DBMS SQLite, at most ${sqlmap_timeout}s a target"
# Login: a user of its own (the attempts lock it, as they should). Every attempt costs an
# Argon2id hash, so the login body is tested at level 2 (cookies and the body, not headers).
sqlmap_target login -u "$base/api/v1/session" --method=POST --headers="$json" \
  --data="{\"username\":\"ame.handlaggare\",\"password\":\"$password\"}" --level=2 --risk="$sqlmap_risk"
sqlmap_target search -u "$base/api/v1/persons/search" --method=POST --headers="$json
X-CSRF-Token: $eb_csrf" --cookie="$eb_cookie" --data="{\"personnummer\":\"$personnummer\"}" "${level[@]}"
sqlmap_target report -u "$base/api/v1/report?as_of=$today&municipalities=1380&format=json" --cookie="$eb_cookie" "${level[@]}"
sqlmap_target worklist -u "$base/api/v1/worklist?limit=10&offset=0&scope=unit" --cookie="$eb_cookie" "${level[@]}"
# The access review scans the whole audit log, which every request of the scan lengthens (to
# 30,000 entries): level 3, so that this target takes a minute rather than three.
sqlmap_target access-review -u "$base/api/v1/audit/review?from=$today&to=$today" --cookie="$chef_cookie" \
  --level=3 --risk="$sqlmap_risk"
sqlmap_target admin-users-list -u "$base/api/v1/admin/users?unit=eb-1380&role=socialsekreterare" --cookie="$admin_cookie" "${level[@]}"
# Every read of the log extract adds an entry to it, so the page grows with every request (to
# thousands of entries here) and sqlmap slows down to many minutes and sees delays that its
# time-based tests take for injections (it then rejects them as false positives). So the
# extract's query is tested on a person of its own, comparing status codes (a changed query
# answers 400, the right one 200), at level 3 and without the time-based and stacked
# techniques; the cookie and the headers are tested at full strength on the other routes.
sqlmap_target log-format -u "$base/api/v1/persons/$log_person_id/log?format=json" --cookie="$eb_cookie" --code=200 \
  --technique=BEU --level=3 --risk="$sqlmap_risk"
sqlmap_target person-id -u "$base/api/v1/persons/$person_id*" --cookie="$eb_cookie" "${level[@]}"
sqlmap_target log-id -u "$base/api/v1/persons/$log_id_person_id*/log" --cookie="$eb_cookie" "${level[@]}"
sqlmap_target consents-id -u "$base/api/v1/persons/$person_id*/consents" --cookie="$eb_cookie" "${level[@]}"
sqlmap_target events-id -u "$base/api/v1/persons/$person_id*/events" --method=POST --headers="$json
X-CSRF-Token: $eb_csrf
If-Match: \"0\"" --cookie="$eb_cookie" --data='{"type":"sip_meeting_held","date":"'"$today"'","parties":["eb","fk"]}' "${level[@]}"
sqlmap_target referral -u "$base/api/v1/referrals" --method=POST --headers="$json
X-CSRF-Token: $eb_csrf" --cookie="$eb_cookie" \
  --data='{"contact_name":"Handläggare","contact_phone":"035-123 45","contact_email":"eb@example.org","description":"Behöver råd om planering.","acknowledge_warnings":true}' \
  --level=3 --risk="$sqlmap_risk"
sqlmap_target callback-id -u "$base/api/v1/referrals/$referral_id*/callback" --method=POST --headers="X-CSRF-Token: $fk_csrf" \
  --cookie="$fk_cookie" "${level[@]}"
sqlmap_target admin-unit -u "$base/api/v1/admin/units" --method=POST --headers="$json
X-CSRF-Token: $admin_csrf" --cookie="$admin_cookie" \
  --data='{"id":"sec-unit","name":"Enhet","kind":"eb","municipality":"1380"}' --level=3 --risk="$sqlmap_risk"
sqlmap_target admin-user -u "$base/api/v1/admin/users" --method=POST --headers="$json
X-CSRF-Token: $admin_csrf" --cookie="$admin_cookie" \
  --data='{"username":"sec.user","display_name":"Sec User","role":"socialsekreterare","unit":"eb-1380"}' --level=3 --risk="$sqlmap_risk"

# Answers 200 of the routes that need a session, so far.
authenticated_200s() {
  get "$eb_cookie" /metrics |
    grep -E 'route="/api/v1/(persons/\{id\}[^"]*|worklist|report|mailbox|session)",method="GET",status="200"' |
    awk '{s += $2} END {print s + 0}'
}

# wapiti, logged in as the EB caseworker (who may read the person), on every GET route, at
# attack level 2 (the whole query string is attacked too).
if [ -z "${SECURITY_ONLY:-}" ] || [[ ",$SECURITY_ONLY," == *",wapiti,"* ]]; then
  before=$(authenticated_200s)
  t0=$(date +%s)
  wapiti_rc=0
  bounded $((wapiti_time + 300)) wapiti --no-bugreport -v 1 -f json -o "$out/wapiti.json" \
    -u "$base/" --scope domain --max-scan-time "$wapiti_time" --max-attack-time 180 -t 10 -l 2 \
    -m backup,blindsql,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,permanentxss,redirect,shellshock,sql,xss \
    --store-session "$work/wapiti-session" --store-config "$work/wapiti-config" \
    -H "Cookie: $eb_cookie" -H "X-CSRF-Token: $eb_csrf" \
    -s "$base/healthz" -s "$base/metrics" -s "$base/api/v1/openapi.json" -s "$base/api/v1/session" \
    -s "$base/api/v1/persons/$person_id" -s "$base/api/v1/persons/$person_id/consents" \
    -s "$base/api/v1/persons/$person_id/log?format=json" -s "$base/api/v1/persons/$person_id/log?format=html" \
    -s "$base/api/v1/worklist?limit=10&offset=0" -s "$base/api/v1/mailbox" \
    -s "$base/api/v1/report?as_of=$today&municipalities=1380&format=csv" \
    -s "$base/api/v1/worklist?limit=10&offset=0&scope=mine" >"$out/wapiti.log" 2>&1 || wapiti_rc=$?
  wapiti_seconds=$(($(date +%s) - t0))
  if [ ! -s "$out/wapiti.json" ]; then
    fail "wapiti: no report (exit $wapiti_rc; see $out/wapiti.log)"
  elif python3 "$here/check_wapiti.py" "$out/wapiti.json" >"$out/wapiti-findings.txt"; then
    note "wapiti: nothing of medium severity or higher (${wapiti_seconds}s, exit $wapiti_rc)"
    sed 's/^/  /' "$out/wapiti-findings.txt" | tee -a "$summary"
  else
    sed 's/^/  /' "$out/wapiti-findings.txt" | tee -a "$summary"
    fail "wapiti: findings of medium severity or higher (${wapiti_seconds}s)"
  fi
  # It was logged in: the routes that need a session answered it 200, at least once for each of
  # the eight start URLs that need one (an attack's changed query mostly answers 400).
  auth_ok=$(($(authenticated_200s) - before))
  note "wapiti: the routes that need a session answered it 200 $auth_ok times"
  [ "$auth_ok" -ge 8 ] || fail "wapiti: the scan does not seem to have been logged in"
fi

# The server survived, answered no 500, and its audit chain holds.
[ "$(status_of "$base/healthz")" = 200 ] || fail "the server is not healthy after the scans"
errors=$(get "$eb_cookie" /metrics | awk '/^rattvag_http_errors_total/ {print $2}')
note "server errors (5xx) during the run: ${errors:-unknown}"
[ "${errors:-1}" = 0 ] || fail "the server answered $errors requests with a server error"
verify=$("$binary" audit verify --db "$db" 2>&1) || fail "audit verify: $verify"
note "audit: $(echo "$verify" | head -n1)"
cp "$work/serve.log" "$out/serve.log"

note "duration: $(($(date +%s) - started))s; reports in $out"
if [ "$failures" -gt 0 ]; then
  note "security: $failures failure(s)"
  exit 1
fi
note "security: passed"
