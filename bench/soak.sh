#!/usr/bin/env bash
# The soak: the release server under a mixed load from 100 connections for 30 minutes —
# cached and uncached series, facts, briefs and charts (one request in ten misses the
# response cache), lists, verify POSTs, and an ingest by token every minute — sampling its
# resident memory and open descriptors every 10 s.
#
# The load comes from our own driver (crates/server/examples/soak.rs, the same code as the
# short load test in the test command), not oha or wrk: those count statuses, and the soak must
# also check every answer of the series the ingests revise — wholly from one release, never
# half before an ingest and half after, and no older than the last ingest answered before
# the request was sent.
#
# Targets: 0 failed requests, 0 mixed or stale answers, RSS and fds within 10% from the end
# of warm-up (the first tenth) to the end. Exits 1 if one is missed.
#
#   bench/soak.sh                          # MINUTES=30 CONNECTIONS=100 INGEST_EVERY=60 SAMPLE_EVERY=10
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MINUTES="${MINUTES:-30}"
CONNECTIONS="${CONNECTIONS:-100}"
INGEST_EVERY="${INGEST_EVERY:-60}"
SAMPLE_EVERY="${SAMPLE_EVERY:-10}"
WORK="${WORK:-bench/out}"
mkdir -p "$WORK"

. bench/build.sh

LOG="$WORK/soak-server.log"
TOKEN="soak-$$-$RANDOM"
# The server's own defaults (64 requests in flight, the rest queue), as a user would start it.
. bench/server.sh
start_server "$WORK/soak-store" "$LOG" --token "$TOKEN"
echo "== server at $BASE, pid $PID ($(nproc) cores); ${MINUTES} min, $CONNECTIONS connections"

status=0
target/release/examples/soak "$BASE" "$TOKEN" "$PID" $((MINUTES * 60)) "$CONNECTIONS" \
  "$INGEST_EVERY" "$SAMPLE_EVERY" | tee "$WORK/soak.txt" || status=$?
grep '^sample,' "$WORK/soak.txt" | cut -d, -f2- >"$WORK/soak-samples.csv"
echo "== samples in $WORK/soak-samples.csv, server log in $LOG"
kill -TERM $PID
wait $PID || { echo "the server did not exit cleanly on SIGTERM"; status=1; }
trap - EXIT
exit $status
