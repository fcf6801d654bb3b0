#!/usr/bin/env bash
# The monthly charge job benchmark (issue 4: 100,000 leases in under 10 s, idempotent).
#
#   benches/charge.sh [SCALE] [--years Y] [--through YYYY-MM-DD] [--backends "postgres sqlite"]
#                     [--debug] [--smoke]
#
# Builds the release generator, and for each backend: creates a fresh database (a new
# PostgreSQL database on $RENTMARK_BENCH_PG, default postgres://postgres@127.0.0.1:5432;
# a SQLite file in a temporary folder), loads the workload at SCALE (default 10: the
# 100,000-unit organization) with Y years of ledger (default 1) posted through the
# given date (default 2026-10-01, so that every lease has charges due when the job
# runs), then runs the charge job twice over every organization (the second run must
# post nothing) and the reconciliation (0 differences). On PostgreSQL it also prints
# what the first run wrote: WAL records, full-page images, WAL bytes and checkpoints
# (`pg_stat_wal` and `pg_stat_bgwriter` deltas; nothing else should run meanwhile).
# Everything it created is dropped on exit.
#
# --smoke: scale 0.25 (about 2,600 leases: more than one of the job's pages on either
# backend, 2,000 leases a transaction on SQLite), and checks that the first run posts
# something and the second nothing (CI runs this with --debug).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=10 years=1 through=2026-10-01 profile=release smoke=0
backends="postgres"
pg_base="${RENTMARK_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1; scale=0.25 ;;
    --debug) profile=debug ;;
    --years) years="$2"; shift ;;
    --through) through="$2"; shift ;;
    --backends) backends="$2"; shift ;;
    --*) echo "unknown option $1" >&2; exit 2 ;;
    *) scale="$1" ;;
  esac
  shift
done

echo "== building ($profile)"
# The same packages as run.sh builds, so that the two share one build.
build=(--locked -q -p rentmark-http --bin rentmark --bin rentmark-workload)
if [[ "$profile" == release ]]; then cargo build --release "${build[@]}"; else cargo build "${build[@]}"; fi
workload="target/$profile/rentmark-workload"

work="$(mktemp -d -t rentmark-charge.XXXXXX)"
pg_db=""
cleanup() {
  if [[ -n "$pg_db" ]]; then
    psql -q "$pg_base/postgres" -c "drop database if exists $pg_db" > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }

# wal_counters: "records fpi bytes requested_checkpoints" of the whole server.
wal_counters() {
  psql -Atq "$pg_base/postgres" -F ' ' -c \
    "select w.wal_records, w.wal_fpi, w.wal_bytes, b.checkpoints_req + b.checkpoints_timed
       from pg_stat_wal w, pg_stat_bgwriter b"
}

for backend in $backends; do
  case "$backend" in
    sqlite) url="sqlite://$work/charge.db" ;;
    postgres)
      pg_db="rentmark_charge_$$_$RANDOM"
      psql -q "$pg_base/postgres" -c "create database $pg_db" > /dev/null
      url="$pg_base/$pg_db"
      ;;
    *) fail "unknown backend $backend" ;;
  esac
  echo "== $backend: loading scale $scale ($years years of ledger through $through)"
  "$workload" load --database "$url" --scale "$scale" --years "$years" --through "$through" \
    --listings 1000 --out "$work/ids" | tail -1
  if [[ "$backend" == postgres ]]; then
    # The load leaves work for autovacuum (and stale statistics): done first, so that
    # the job is measured alone, as on a database that has been in use.
    psql -q "$pg_base/$pg_db" -c "vacuum analyze" > /dev/null
    # A checkpoint first, so that the run starts from clean pages (needs superuser or
    # pg_checkpoint; skipped otherwise).
    psql -q "$pg_base/$pg_db" -c "checkpoint" > /dev/null 2>&1 || true
    read -r r0 f0 b0 c0 <<< "$(wal_counters)"
  fi
  echo "== $backend: the charge job, twice"
  "$workload" charge-job --database "$url" | tee "$work/charge.log"
  if [[ "$backend" == postgres ]]; then
    read -r r1 f1 b1 c1 <<< "$(wal_counters)"
    echo "   written: $((r1 - r0)) WAL records, $((f1 - f0)) full-page images," \
      "$(((b1 - b0) / 1048576)) MB of WAL, $((c1 - c0)) checkpoints"
  fi
  first=$(sed -nE 's/^charge job run 1: ([0-9]+) leases due, ([0-9]+) entries.*/\2/p' "$work/charge.log")
  second=$(sed -nE 's/^charge job run 2: ([0-9]+) leases due, ([0-9]+) entries.*/\2/p' "$work/charge.log")
  [[ -n "$first" && "$first" -gt 0 ]] || fail "$backend: the first run posted nothing"
  [[ "$second" == 0 ]] || fail "$backend: the second run posted $second entries"
  "$workload" reconcile --database "$url"
  if [[ "$backend" == postgres ]]; then
    psql -q "$pg_base/postgres" -c "drop database if exists $pg_db" > /dev/null
    pg_db=""
  fi
done
echo "== done"
