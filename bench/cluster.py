"""The bulk facts job of bench/facts.sh three ways over the same store: in one process
(`--engine local`), on `tradewatch cluster up --executors 2` (scheduler and executors in one
process), and on a scheduler and two executors in three processes of their own. Prints each
run's time, the peak RSS of every process involved, the shuffle bytes the executors wrote, and
how many rows of a sample of series the three outputs disagree on (0 expected).

On one machine the point is the overhead and the memory per process, not speed: the cluster
shares the same two cores and adds a shuffle over loopback.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from facts import compare, machine, parquet_glob  # noqa: E402
from timing import timed  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mib(pid):
    """A live process's peak RSS (VmHWM), in MiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_listening(port, proc, what, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{what} stopped (exit {proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{what} did not listen on {port} within {timeout} s")


def du_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def stop(procs):
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--tradewatch", required=True)
    ap.add_argument("--vcores", type=int, default=1, help="tasks each executor runs at once")
    ap.add_argument("--memory", default="2G", help="each executor's memory before it spills")
    ap.add_argument("--partitions", type=int, default=0,
                    help="the cluster job's shuffle partitions (0: sized from the store)")
    a = ap.parse_args()
    tw = a.tradewatch
    partitions = ["--partitions", str(a.partitions)] if a.partitions else []
    out = os.path.join(a.work, "cluster-run")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    logs = open(os.path.join(out, "roles.log"), "w")
    results, outputs, processes = {}, {}, {}

    print(f"== facts --all over {a.store}, three ways")
    local_out = os.path.join(out, "local")
    results["local"] = timed("local", [tw, "--data-dir", a.store, "facts", "--all",
                                       "--out", local_out])
    outputs["local"] = parquet_glob(local_out)

    # 2. `cluster up`: one process holds the scheduler and both executors.
    port = free_port()
    up = subprocess.Popen([tw, "cluster", "up", "--executors", "2", "--bind",
                           f"127.0.0.1:{port}", "--vcores", str(a.vcores), "--memory", a.memory],
                          stdout=logs, stderr=logs)
    try:
        wait_listening(port, up, "cluster up")
        time.sleep(2)  # the executors register
        up_out = os.path.join(out, "up")
        results["cluster-up"] = timed("cluster-up", [
            tw, "--data-dir", a.store, "facts", "--all", "--engine", f"df://127.0.0.1:{port}",
            *partitions, "--out", up_out])
        processes["cluster-up"] = {"cluster up (scheduler + 2 executors)": peak_rss_mib(up.pid)}
        outputs["cluster-up"] = parquet_glob(up_out)
    finally:
        stop([up])

    # 3. Three processes: a scheduler and two executors with work directories we can measure.
    port = free_port()
    scheduler = subprocess.Popen([tw, "cluster", "scheduler", "--bind", f"127.0.0.1:{port}"],
                                 stdout=logs, stderr=logs)
    executors, dirs = [], []
    try:
        wait_listening(port, scheduler, "scheduler")
        for i in range(2):
            d = os.path.join(out, f"executor-{i}")
            os.makedirs(d)
            dirs.append(d)
            grpc = free_port()
            executors.append(subprocess.Popen(
                [tw, "cluster", "executor", "--scheduler", f"127.0.0.1:{port}",
                 "--grpc-port", str(grpc), "--vcores", str(a.vcores), "--memory", a.memory,
                 "--work-dir", d], stdout=logs, stderr=logs))
            wait_listening(grpc, executors[-1], f"executor {i}")
        time.sleep(2)
        three_out = os.path.join(out, "three")
        results["three-procs"] = timed("three-procs", [
            tw, "--data-dir", a.store, "facts", "--all", "--engine", f"df://127.0.0.1:{port}",
            *partitions, "--out", three_out])
        processes["three-procs"] = {"scheduler": peak_rss_mib(scheduler.pid)}
        for i, e in enumerate(executors):
            processes["three-procs"][f"executor {i}"] = peak_rss_mib(e.pid)
        shuffle = sum(du_bytes(d) for d in dirs)
        outputs["three-procs"] = parquet_glob(three_out)
    finally:
        stop([scheduler, *executors])

    print()
    disagreements, counts = compare(outputs)
    info = machine()
    print()
    print(f"machine: {info['machine']}, {info['cores']} cores, {info.get('memory_gib', '?')} GiB, "
          f"{info.get('cpu', '?')}")
    print(f"{'run':<13} {'seconds':>9} {'client RSS':>12}  other processes' peak RSS")
    for name, (seconds, rss) in results.items():
        others = ", ".join(f"{k} {v:,.0f} MiB" for k, v in processes.get(name, {}).items())
        print(f"{name:<13} {seconds:9.2f} {rss:8,.0f} MiB  {others}")
    print(f"shuffle written by the two executors (three-procs): {shuffle / 2**20:,.0f} MiB")
    print(f"cluster-up ÷ local: {results['cluster-up'][0] / results['local'][0]:.2f}× the time")
    print(f"disagreements: {disagreements}")
    summary = {
        "benchmark": "cluster",
        "date": time.strftime("%Y-%m-%d"),
        "store": a.store,
        "runs": {n: {"seconds": round(s, 3), "client_peak_rss_mib": round(r, 1),
                     "processes_peak_rss_mib": {k: round(v, 1)
                                                for k, v in processes.get(n, {}).items()},
                     "rows_out": counts[n]} for n, (s, r) in results.items()},
        "shuffle_bytes": shuffle,
        "executor_vcores": a.vcores,
        "executor_memory": a.memory,
        "partitions": a.partitions or "sized from the store",
        "disagreements": disagreements,
        "machine": info,
    }
    with open(os.path.join(a.work, "cluster-summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
