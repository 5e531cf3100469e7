"""Runs the three ingest contenders on one file and prints rows/s, ratios and peak RSS.

Each contender runs in its own process (timed wall clock; peak RSS from the OS), on the same
file, writing Parquet into a fresh directory:

* tradewatch: `tradewatch ingest FILE` into a fresh store (parse, validate, map M49 to
  ISO3, keep each key's total and never its breakdowns, two observations per row, one
  Delta commit);
* DuckDB: COPY (SELECT * FROM read_csv(FILE, explicit types)) TO parquet;
* Polars: scan_csv(FILE, explicit types).sink_parquet(...).

Codes are read as strings in all three (a code column read as integers loses its zeros).
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time

SCHEMA = {
    "datasetCode": "VARCHAR", "typeCode": "VARCHAR", "freqCode": "VARCHAR",
    "refPeriodId": "VARCHAR", "refYear": "INTEGER", "refMonth": "INTEGER",
    "period": "VARCHAR", "reporterCode": "VARCHAR", "flowCode": "VARCHAR",
    "partnerCode": "VARCHAR", "partner2Code": "VARCHAR",
    "classificationSearchCode": "VARCHAR", "classificationCode": "VARCHAR",
    "isOriginalClassification": "INTEGER", "cmdCode": "VARCHAR", "customsCode": "VARCHAR",
    "mosCode": "VARCHAR", "motCode": "VARCHAR", "qtyUnitCode": "INTEGER", "qty": "DOUBLE",
    "isQtyEstimated": "INTEGER", "altQtyUnitCode": "INTEGER", "altQty": "DOUBLE",
    "isAltQtyEstimated": "INTEGER", "netWgt": "DOUBLE", "isNetWgtEstimated": "INTEGER",
    "grossWgt": "DOUBLE", "isGrossWgtEstimated": "INTEGER", "cifvalue": "DOUBLE",
    "fobvalue": "DOUBLE", "primaryValue": "DOUBLE", "legacyEstimationFlag": "INTEGER",
    "isReported": "INTEGER", "isAggregate": "INTEGER",
}

DUCKDB = """
import duckdb, sys, json
file, out, schema = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
con = duckdb.connect()
con.execute(f"COPY (SELECT * FROM read_csv('{file}', delim='\\t', header=true, columns={schema!r})) TO '{out}/duckdb.parquet' (FORMAT parquet)")
"""

POLARS = """
import polars as pl, sys, json
file, out, schema = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
types = {"VARCHAR": pl.Utf8, "INTEGER": pl.Int64, "DOUBLE": pl.Float64}
pl.scan_csv(file, separator="\\t", schema={k: types[v] for k, v in schema.items()}).sink_parquet(f"{out}/polars.parquet")
"""


def measure(name, cmd):
    # A fresh Python process per contender, so RUSAGE_CHILDREN is that contender's peak.
    code = (
        "import resource, subprocess, sys, time, json\n"
        "cmd = json.loads(sys.argv[1])\n"
        "t = time.perf_counter()\n"
        "subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)\n"
        "s = time.perf_counter() - t\n"
        "print(json.dumps([s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, json.dumps(cmd)], check=True,
                         capture_output=True, text=True)
    seconds, rss = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{name:<11} {seconds:8.2f} s", flush=True)
    return seconds, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--tradewatch", required=True)
    a = ap.parse_args()
    out = os.path.join(a.work, "run")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    schema = json.dumps(SCHEMA)
    store = os.path.join(out, "store")
    # Create the store (it ingests the small bundled dataset) outside the timing.
    subprocess.run([a.tradewatch, "--data-dir", store, "releases"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = {
        "tradewatch": measure("tradewatch", [a.tradewatch, "--data-dir", store, "ingest", a.file]),
        "duckdb": measure("duckdb", [sys.executable, "-c", DUCKDB, a.file, out, schema]),
        "polars": measure("polars", [sys.executable, "-c", POLARS, a.file, out, schema]),
    }
    tw = a.rows / results["tradewatch"][0]
    print()
    print(f"rows: {a.rows:,}  file: {os.path.getsize(a.file) / 2**20:,.0f} MiB  "
          f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"{'contender':<11} {'rows/s':>14} {'tradewatch ÷ it':>16} {'peak RSS':>10}")
    for name, (seconds, rss) in results.items():
        rate = a.rows / seconds
        print(f"{name:<11} {rate:14,.0f} {tw / rate:16.2f} {rss:8,.0f} MiB")


if __name__ == "__main__":
    main()
