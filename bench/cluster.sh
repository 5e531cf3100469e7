#!/usr/bin/env bash
# Cluster benchmark: `facts --all` on the store of bench/facts.sh (made by it: run it first)
# locally, on `tradewatch cluster up --executors 2`, and on a scheduler and two executors in
# three processes, all on loopback. Prints each run's time, every process's peak RSS, the
# shuffle bytes, and `disagreements: 0` when the three outputs agree on a sample of series.
#
#   bench/cluster.sh
#   VCORES=2 MEMORY=4G bench/cluster.sh     # tasks per executor, and its memory before spilling
#   PARTITIONS=32 bench/cluster.sh          # the job's shuffle partitions (default: from the store)
set -euo pipefail
. "$(dirname "$0")/common.sh" duckdb pyarrow

STORE="${STORE:-$WORK/facts-store}"
if [ ! -d "$STORE/observations/_delta_log" ]; then
  echo "no store at $STORE: run bench/facts.sh first (or set STORE)" >&2
  exit 1
fi
bench/.venv/bin/python bench/cluster.py --store "$STORE" --work "$WORK" \
  --tradewatch ./target/release/tradewatch --vcores "${VCORES:-1}" --memory "${MEMORY:-2G}" \
  --partitions "${PARTITIONS:-0}"
