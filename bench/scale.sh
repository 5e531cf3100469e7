#!/usr/bin/env bash
# Scale check: generate a dense Comtrade bulk file of about OBSERVATIONS monthly observations
# (default 100 M: value and quantity per row, so about half as many rows), ingest it into a
# fresh store, rewrite it in series order (`optimize`), run `facts --all`, then time QUERIES random series and facts queries through the
# CLI (a whole process each) and the HTTP API (one server, every URL once, so uncached). Prints
# ingest time and peak RSS, facts --all time and peak RSS, p50/p99 per kind, and whether the
# targets hold (API series p99 <= 50 ms, CLI series p99 <= 150 ms, facts --all <= 2 GiB); exits
# 1 if one is missed. Needs about 6 GB for the file and as much again for the store at 100 M.
#
#   bench/scale.sh                                   # OBSERVATIONS=100000000 QUERIES=1000
#   OBSERVATIONS=2000000 QUERIES=100 bench/scale.sh  # a quick try
#   RESIDENT_ROWS=120000000 bench/scale.sh           # the API with the whole store in memory
#   SKIP_FACTS=1 bench/scale.sh                      # the queries again, on the store made before
#   SKIP_OPTIMIZE=1 bench/scale.sh                   # the files as ingest wrote them
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OBSERVATIONS="${OBSERVATIONS:-100000000}"
QUERIES="${QUERIES:-1000}"
WORK="${WORK:-bench/out}"
mkdir -p "$WORK"

. bench/build.sh

# A dense row carries a value and, but for about one in forty, a quantity: 1.95 observations.
ROWS=$(( OBSERVATIONS * 100 / 195 ))
FILE="$WORK/comtrade-dense-$ROWS.tsv"
if [ ! -s "$FILE" ]; then
  echo "== generating $ROWS dense rows into $FILE"
  ./target/release/tradewatch-gen --dense --rows "$ROWS" --out "$FILE.part"
  mv "$FILE.part" "$FILE"
fi

args=(--file "$FILE" --store "$WORK/scale-store-$ROWS" --work "$WORK"
      --tradewatch ./target/release/tradewatch --queries "$QUERIES")
[ -n "${RESIDENT_ROWS:-}" ] && args+=(--resident-rows "$RESIDENT_ROWS")
[ -n "${SKIP_FACTS:-}" ] && args+=(--skip-facts)
[ -n "${SKIP_OPTIMIZE:-}" ] && args+=(--skip-optimize)
exec python3 bench/scale.py "${args[@]}"
