#!/usr/bin/env bash
# Facts benchmark: every monthly series of a store, m/m %, y/y %, streak and highest/lowest-since
# for each observation. The store is a dense Comtrade bulk file (default 10 M rows, so about
# 20 M monthly observations: value and quantity) ingested once into WORK/facts-store; the
# ingest is not part of the comparison. Then, each in its own process and over the same
# Parquet files: tradewatch `facts --all`, one DuckDB window-SQL statement, and pandas with
# numpy. Prints each one's time, peak RSS and rows/s, the ratios, and how many rows of a
# 2,000-series sample the three disagree on (0 expected).
# Installs its Python packages into bench/.venv; needs nothing set up by hand.
#
#   bench/facts.sh            # 10,000,000 bulk rows
#   ROWS=1000000 bench/facts.sh
#   bench/.venv/bin/python bench/facts.py --selfcheck   # DuckDB and pandas against a reference
set -euo pipefail
. "$(dirname "$0")/common.sh" duckdb pandas pyarrow numpy

FILE="$WORK/comtrade-dense-$ROWS.tsv"
if [ ! -s "$FILE" ]; then
  echo "== generating $ROWS dense rows"
  ./target/release/tradewatch-gen --dense --rows "$ROWS" --out "$FILE"
fi

# The store is made once and reused. It counts as made when its releases table lists the
# file: tradewatch records a release only after committing its observations, so a store left
# by an interrupted ingest (Parquet files but no release row) is made again from scratch.
STORE="$WORK/facts-store"
ingested() {
  bench/.venv/bin/python - "$STORE" "$(basename "$FILE")" 2>/dev/null <<'PY'
import glob, sys
import pyarrow.parquet as pq
store, name = sys.argv[1:]
names = [n for f in glob.glob(f"{store}/releases/*.parquet")
         for n in pq.read_table(f, columns=["file_name"])["file_name"].to_pylist()]
sys.exit(0 if name in names else 1)
PY
}
if ! ingested; then
  rm -rf "$STORE"
  echo "== ingesting $FILE into $STORE (not part of the comparison)"
  start=$(date +%s.%N)
  ./target/release/tradewatch --data-dir "$STORE" ingest "$FILE"
  end=$(date +%s.%N)
  echo "ingest took $(echo "$start $end" | awk '{printf "%.1f", $2 - $1}') s"
fi

bench/.venv/bin/python bench/facts.py --store "$STORE" --work "$WORK" \
  --tradewatch ./target/release/tradewatch
