#!/usr/bin/env bash
# The "portfolio" load benchmark (issue 4, ../shared/bench/WORKLOAD.md).
#
#   benches/run.sh [SCALE] [--years Y] [--backends "sqlite postgres"] [--queries "q1 q2 q3 q5 q4"]
#                  [--runs 3] [--warmup 5] [--duration 15] [--debug] [--smoke]
#
# Builds the release server and generator, and for each backend: creates a fresh
# database (a SQLite file in a temporary folder; a new PostgreSQL database on the local
# server, $RENTMARK_BENCH_PG, default postgres://postgres@127.0.0.1:5432), loads the
# workload at SCALE (default 1) through the bulk path, starts the server on loopback
# (worker off), signs in (an API token; a session cookie through the /login form for
# Q5), and drives each request with wrk (2 threads, 32 connections): a warm-up, then
# RUNS measured runs. Prints the median req/s, p50 and p99 of each request and
# backend, and the server's peak RSS (VmHWM); after the Q4 write runs the
# reconciliation must report 0 differences. Everything it started is stopped on exit.
#
# --smoke: scale 0.01, one 1-second run, no warm-up, and checks that every request
# answers 200 (201 for the payment) with plausible data (CI runs this, with --debug: the debug build its tests
# already made, instead of a cold release build).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1 years=2 runs=3 warmup=5 duration=15 smoke=0 profile=release
backends="sqlite postgres"
queries="q1 q2 q3 q5 q4"
pg_base="${RENTMARK_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; scale=0.01; runs=1; warmup=0; duration=1 ;;
    --debug) profile=debug ;;
    --years) years="$2"; shift ;;
    --backends) backends="$2"; shift ;;
    --queries) queries="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --*) echo "unknown option $1" >&2; exit 2 ;;
    *) scale="$1" ;;
  esac
  shift
done

if ! command -v wrk > /dev/null; then
  echo "== installing wrk"
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y wrk > /dev/null; else sudo apt-get install -y wrk > /dev/null; fi
fi

echo "== building ($profile)"
build=(--locked -q -p rentmark-http --bin rentmark --bin rentmark-workload)
if [[ "$profile" == release ]]; then cargo build --release "${build[@]}"; else cargo build "${build[@]}"; fi
bin="target/$profile"

work="$(mktemp -d -t rentmark-bench.XXXXXX)"
server_pid=""
pg_db=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2> /dev/null; then
    kill "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
  fi
  if [[ -n "$pg_db" ]]; then
    psql -q "$pg_base/postgres" -c "drop database if exists $pg_db" > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A free port below the kernel's ephemeral range (32768 up by default), where outgoing
# connections (wrk's, the tests', PostgreSQL clients') take their local ports and may
# hold one in TIME_WAIT: the server could not bind there.
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 12000))
    if ! ss -Htan "( sport = :$candidate )" 2> /dev/null | grep -q .; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}
port=$(free_port)
base="http://127.0.0.1:$port"
results="$work/results.tsv"
: > "$results"

fail() { echo "FAIL: $*" >&2; exit 1; }

# check NAME STATUS URL EXPECTED [curl options..]: a STATUS answer whose body contains
# EXPECTED (a regex).
check() {
  local name="$1" status="$2" url="$3" expected="$4"
  shift 4
  local code
  code=$(curl -s -o "$work/body" -w '%{http_code}' "$@" "$url")
  [[ "$code" == "$status" ]] || fail "$name answered $code: $(head -c 300 "$work/body")"
  grep -Eq "$expected" "$work/body" || fail "$name: no match for $expected in $(head -c 300 "$work/body")"
  echo "   $name: $status ok"
}

# The server logs at RENTMARK_LOG's level, by default info: one access-log line per
# request, as in production (about 13 us of CPU a request, ~7 % of Q1's on SQLite).
start_server() {
  local url="$1"
  RENTMARK_DATABASE_URL="$url" RENTMARK_DATA_DIR="$work/data" RENTMARK_RUN_WORKER=false \
    RENTMARK_SECRET="$(head -c 64 /dev/urandom | base64 -w0)" \
    ROCKET_ADDRESS=127.0.0.1 ROCKET_PORT="$port" ROCKET_LOG_LEVEL=off \
    "$bin/rentmark" serve > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "$base/healthz" > /dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2> /dev/null || { cat "$work/server.log" >&2; fail "the server exited"; }
    sleep 0.1
  done
  fail "the server did not answer on $base"
}

stop_server() {
  kill "$server_pid" 2> /dev/null || true
  wait "$server_pid" 2> /dev/null || true
  server_pid=""
}

# sign_in: sets $token (API) and $cookie (a page session through the /login form).
sign_in() {
  # shellcheck disable=SC1091
  source "$work/ids/bench.env"
  token=$(curl -sf -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')
  [[ -n "$token" && "$token" != *"{"* ]] || fail "no API token"
  local jar="$work/cookies"
  rm -f "$jar"
  local csrf
  csrf=$(curl -sf -c "$jar" -b "$jar" "$base/login" | sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' | head -1)
  [[ -n "$csrf" ]] || fail "no CSRF token on /login"
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$csrf" "$base/login"
  cookie=$(sed -E 's/^#HttpOnly_//' "$jar" | awk -F'\t' '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }')
  [[ -n "$cookie" ]] || fail "no session cookie"
}

smoke_checks() {
  local tenant property pair lease tenant2
  tenant=$(head -1 "$work/ids/tenants.txt")
  property=$(head -1 "$work/ids/properties.txt")
  pair=$(head -1 "$work/ids/leases.txt")
  lease=${pair% *} tenant2=${pair#* }
  local auth=(-H "Authorization: Bearer $token")
  check Q1 200 "$base/api/v1/tenants/$tenant/balance" '"charges_total":"[0-9.]*[1-9]' "${auth[@]}"
  check Q2 200 "$base/api/v1/dashboard?property_id=$property" '"units":[1-9]' "${auth[@]}"
  grep -Eq '"outstanding":"[0-9.]*[1-9]' "$work/body" || fail "Q2: zero outstanding total"
  grep -Eq '"results":\[\{' "$work/body" || fail "Q2: no tenant rows"
  check Q3 200 "$base/api/v1/listings?city=$(head -1 "$work/ids/cities.txt")&price_max=2000&page=1&limit=20" '"total":[1-9]'
  check Q4 201 "$base/api/v1/payments" '"id"' "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"lease_id\":\"$lease\",\"tenant_id\":\"$tenant2\",\"amount\":\"1.00\",\"paid_on\":\"$(date -u +%F)\",\"method\":\"transfer\"}"
  check Q5 200 "$base/dashboard" '<html' -H "Cookie: $cookie"
}

# drive BACKEND QUERY: warm-up, then $runs measured runs appended to $results.
drive() {
  local backend="$1" q="$2" secret="$token"
  [[ "$q" == q5 ]] && secret="$cookie"
  local wrk_args=(-t2 -c32 --timeout 5s -s "benches/wrk/$q.lua" "$base")
  if [[ "$warmup" -gt 0 ]]; then
    wrk -d"${warmup}s" "${wrk_args[@]}" -- "$work/ids" "$secret" > /dev/null
  fi
  for run in $(seq 1 "$runs"); do
    local line
    line=$(wrk -d"${duration}s" "${wrk_args[@]}" -- "$work/ids" "$secret" | grep '^RESULT') \
      || fail "$q: wrk printed no result"
    read -r _ rps p50 p99 requests bad errors <<< "$line"
    echo "   $backend $q run $run: $rps req/s, p50 $p50 ms, p99 $p99 ms ($requests requests, $bad non-2xx, $errors socket errors)"
    [[ "$requests" -gt 0 ]] || fail "$q: no request completed"
    [[ "$bad" -eq 0 ]] || fail "$q: $bad answers were not successful"
    printf '%s\t%s\t%s\t%s\t%s\n' "$backend" "$q" "$rps" "$p50" "$p99" >> "$results"
  done
}

declare -A peak_rss
for backend in $backends; do
  echo "== $backend: loading scale $scale ($years years of ledger)"
  rm -rf "$work/ids" "$work/data"
  mkdir -p "$work/ids" "$work/data"
  case "$backend" in
    sqlite) url="sqlite://$work/data/bench.db" ;;
    postgres)
      pg_db="rentmark_bench_$$"
      psql -q "$pg_base/postgres" -c "drop database if exists $pg_db" -c "create database $pg_db" > /dev/null
      url="$pg_base/$pg_db" ;;
    *) fail "unknown backend $backend" ;;
  esac
  "$bin/rentmark-workload" load --database "$url" --scale "$scale" --years "$years" --out "$work/ids"
  "$bin/rentmark-workload" reconcile --database "$url"
  start_server "$url"
  sign_in
  if [[ "$smoke" -eq 1 ]]; then smoke_checks; fi
  for q in $queries; do
    drive "$backend" "$q"
  done
  if [[ " $queries " == *" q4 "* ]]; then
    "$bin/rentmark-workload" reconcile --database "$url"
  fi
  peak_rss[$backend]=$(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server_pid/status")
  stop_server
  if [[ "$backend" == postgres ]]; then
    psql -q "$pg_base/postgres" -c "drop database if exists $pg_db" > /dev/null
    pg_db=""
  fi
done

echo
echo "== results: scale $scale, $years years of ledger, wrk -t2 -c32, ${warmup}s warm-up, median of $runs x ${duration}s"
printf '%-9s %-4s %10s %9s %9s\n' backend req "req/s" "p50 ms" "p99 ms"
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for backend in $backends; do
  for q in $queries; do
    rows=$(awk -F'\t' -v b="$backend" -v q="$q" '$1 == b && $2 == q' "$results")
    printf '%-9s %-4s %10s %9s %9s\n' "$backend" "$q" \
      "$(cut -f3 <<< "$rows" | median)" "$(cut -f4 <<< "$rows" | median)" "$(cut -f5 <<< "$rows" | median)"
  done
  echo "$backend server peak RSS: ${peak_rss[$backend]}"
done
