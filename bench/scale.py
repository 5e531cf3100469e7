"""Scale check: a store of about 100 M observations, end to end.

Called by bench/scale.sh, which generates the file and builds the release binaries. Steps, each
timed in its own process (wall clock and that process's peak RSS):

1. `tradewatch ingest FILE` into a fresh store (skipped when the store already lists the file);
2. `tradewatch optimize`, the observations rewritten in series order (unless --skip-optimize);
3. `tradewatch facts --all`;
4. QUERIES random subjects (reporter, partner, code, flow, period) drawn from the store, then
   for each one a `series` and a `facts --period` through the CLI, a whole process each;
5. the same subjects through the HTTP API of one `tradewatch serve` on the store, one request
   at a time, every URL asked once (so never from the response cache).

Every answer is checked (exit status 0, HTTP 200, the subject's period in the body), so a fast
wrong answer cannot pass. Prints p50/p99/max per kind and writes WORK/scale-summary.json.
Standard library only.
"""

import argparse
import csv
import http.client
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
import urllib.parse

from timing import timed

# Targets of the scale check (issue 17): milliseconds and MiB.
API_SERIES_P99_MS = 50
CLI_SERIES_P99_MS = 150
FACTS_ALL_RSS_MIB = 2048


def sql(tw, store, query):
    out = subprocess.run([tw, "--data-dir", store, "sql", "--format", "csv", query],
                         check=True, capture_output=True, text=True)
    return list(csv.DictReader(io.StringIO(out.stdout)))


def holds_file(tw, store, name):
    if not os.path.isdir(os.path.join(store, "releases", "_delta_log")):
        return False
    rows = sql(tw, store, "SELECT file_name FROM releases")
    return any(r["file_name"] == name for r in rows)


def subjects(tw, store, count, seed):
    """count series (reporter, partner, code, flow of the value observations) drawn with a
    seeded random generator, each with its latest period: the same draw on the same store."""
    rows = sql(tw, store,
               "SELECT reporter, partner, code, flow, max(period) AS period FROM observations "
               "WHERE measure = 'value' GROUP BY reporter, partner, code, flow "
               "ORDER BY reporter, partner, code, flow")
    if len(rows) < count:
        sys.exit(f"only {len(rows)} series in the store, {count} asked")
    return random.Random(seed).sample(rows, count)


def percentile(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def summary(name, ms):
    row = {"requests": len(ms), "p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99),
           "max_ms": max(ms)}
    print(f"{name:<14} n={row['requests']:<5} p50 {row['p50_ms']:8.1f} ms   "
          f"p99 {row['p99_ms']:8.1f} ms   max {row['max_ms']:8.1f} ms", flush=True)
    return row


def cli_args(s):
    """The subject's flags for the CLI: the API's parameters as `--name value`."""
    return [arg for name, value in api_params(s).items() for arg in (f"--{name}", value)]


def run_cli(tw, store, picked):
    series, facts = [], []
    for s in picked:
        for kind, extra, out in (("series", [], series),
                                 ("facts", ["--period", s["period"]], facts)):
            cmd = [tw, "--data-dir", store, kind, *cli_args(s), *extra, "--format", "json"]
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            out.append((time.perf_counter() - start) * 1000)
            if done.returncode != 0 or s["period"] not in done.stdout:
                sys.exit(f"cli {kind} gave a wrong answer for {s}: exit {done.returncode}\n"
                         f"{done.stderr[-2000:]}")
    return series, facts


def start_server(tw, store, log_path, resident_rows):
    log = open(log_path, "w")
    cmd = [tw, "--data-dir", store, "serve", "--addr", "127.0.0.1:0"]
    env = dict(os.environ)
    if resident_rows is not None:
        env["TRADEWATCH_RESIDENT_ROWS"] = str(resident_rows)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=env)
    for _ in range(1200):
        time.sleep(0.25)
        with open(log_path) as f:
            m = re.search(r"^listening on http://([^/\s]+)", f.read(), re.M)
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
    proc.kill()
    sys.exit(f"the server did not start; see {log_path}")


def get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read().decode()


def run_api(tw, store, picked, log_path, resident_rows):
    proc, addr = start_server(tw, store, log_path, resident_rows)
    try:
        host, port = addr.rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=600)
        # The first read of a store builds what later reads use (its copy in memory, when the
        # store fits the resident limit): timed on its own, not among the queries.
        warm = picked[0]
        start = time.perf_counter()
        status, _ = get(conn, "/api/v1/series?" + urllib.parse.urlencode(
            {**api_params(warm), "warm": "1"}))
        first_ms = (time.perf_counter() - start) * 1000
        if status != 200:
            sys.exit(f"the first API request answered {status}")
        print(f"{'api first':<14} {first_ms:9.1f} ms (builds what later reads use)", flush=True)
        rss_before = rss_kib(proc.pid)
        series, facts = [], []
        for i, s in enumerate(picked):
            for kind, extra, out in (("series", {}, series),
                                     ("facts", {"period": s["period"]}, facts)):
                q = urllib.parse.urlencode({**api_params(s), **extra, "nocache": str(i)})
                start = time.perf_counter()
                status, body = get(conn, f"/api/v1/{kind}?{q}")
                out.append((time.perf_counter() - start) * 1000)
                if status != 200 or s["period"] not in body:
                    sys.exit(f"api {kind} gave a wrong answer for {s}: {status} {body[:500]}")
        return series, facts, first_ms, rss_before, rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def api_params(s):
    return {"reporter": s["reporter"], "partner": s["partner"], "code": s["code"],
            "flow": s["flow"], "measure": "value"}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--file", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--tradewatch", required=True)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--resident-rows", type=int, default=None)
    p.add_argument("--skip-facts", action="store_true",
                   help="do not run facts --all (to time the queries again on the same store)")
    p.add_argument("--skip-optimize", action="store_true",
                   help="do not rewrite the observations in series order (to time the "
                        "queries on the files as ingest wrote them, or again on a store "
                        "already rewritten)")
    a = p.parse_args()
    tw = os.path.abspath(a.tradewatch)
    result = {"machine": platform.machine(), "cores": os.cpu_count(), "file": a.file,
              "queries": a.queries, "resident_rows": a.resident_rows}

    if holds_file(tw, a.store, os.path.basename(a.file)):
        print(f"== {a.store} already holds {os.path.basename(a.file)}: ingest not repeated")
    else:
        subprocess.run(["rm", "-rf", a.store], check=True)
        print(f"== ingest {a.file}", flush=True)
        result["ingest_s"], result["ingest_rss_mib"] = timed(
            "ingest", [tw, "--data-dir", a.store, "ingest", a.file], width=14)
    count = int(sql(tw, a.store, "SELECT count(*) AS n FROM observations")[0]["n"])
    result["observations"] = count
    print(f"== {count:,} observations", flush=True)

    if a.skip_optimize:
        print("== optimize skipped (--skip-optimize)", flush=True)
    else:
        print("== optimize: the observations rewritten in series order", flush=True)
        result["optimize_s"], result["optimize_rss_mib"] = timed(
            "optimize", [tw, "--data-dir", a.store, "optimize"], width=14)

    if a.skip_facts:
        print("== facts --all skipped (--skip-facts)", flush=True)
    else:
        print("== facts --all", flush=True)
        result["facts_s"], result["facts_rss_mib"] = timed(
            "facts --all", [tw, "--data-dir", a.store, "facts", "--all"], width=14)

    print(f"== {a.queries} random subjects", flush=True)
    picked = subjects(tw, a.store, a.queries, a.seed)

    print("== through the CLI, a whole process per query", flush=True)
    cli_series, cli_facts = run_cli(tw, a.store, picked)
    result["cli_series"] = summary("cli series", cli_series)
    result["cli_facts"] = summary("cli facts", cli_facts)

    print("== through the API, every URL once (uncached), one at a time", flush=True)
    api_series, api_facts, first_ms, rss0, rss1 = run_api(
        tw, a.store, picked, os.path.join(a.work, "scale-server.log"), a.resident_rows)
    result["api_first_ms"] = first_ms
    result["api_rss_mib"] = [rss0 / 1024, rss1 / 1024]
    result["api_series"] = summary("api series", api_series)
    result["api_facts"] = summary("api facts", api_facts)
    print(f"server RSS after the first request {rss0 / 1024:,.0f} MiB, "
          f"after the queries {rss1 / 1024:,.0f} MiB")

    checks = [
        ("API series p99 <= 50 ms", result["api_series"]["p99_ms"] <= API_SERIES_P99_MS),
        ("CLI series p99 <= 150 ms", result["cli_series"]["p99_ms"] <= CLI_SERIES_P99_MS),
    ]
    if not a.skip_facts:
        checks.append(("facts --all peak RSS <= 2 GiB",
                       result["facts_rss_mib"] <= FACTS_ALL_RSS_MIB))
    result["targets"] = {name: ok for name, ok in checks}
    print("== targets")
    for name, ok in checks:
        print(f"{'met   ' if ok else 'MISSED'} {name}")
    with open(os.path.join(a.work, "scale-summary.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"== summary in {os.path.join(a.work, 'scale-summary.json')}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
