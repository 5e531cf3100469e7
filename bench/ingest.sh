#!/usr/bin/env bash
# Ingest benchmark: N rows of a UN Comtrade bulk file (default 10 M), ingested by tradewatch,
# and in the same run loaded by DuckDB (read_csv → Parquet) and Polars (scan_csv →
# sink_parquet). Prints each one's rows/s, the ratios, and tradewatch's peak RSS.
# Installs its Python packages into bench/.venv; needs nothing set up by hand.
#
#   bench/ingest.sh            # 10,000,000 rows
#   ROWS=1000000 bench/ingest.sh
set -euo pipefail
. "$(dirname "$0")/common.sh" duckdb polars

FILE="$WORK/comtrade-bulk-$ROWS.tsv"
if [ ! -s "$FILE" ]; then
  echo "== generating $ROWS rows"
  ./target/release/tradewatch-gen --rows "$ROWS" --out "$FILE"
fi

bench/.venv/bin/python bench/ingest.py --file "$FILE" --rows "$ROWS" --work "$WORK" \
  --tradewatch ./target/release/tradewatch
