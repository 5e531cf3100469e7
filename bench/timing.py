"""Timing a command the way every bench script does: wall clock and the command's own peak RSS.
Standard library only, so both the bench venv and the system Python can import it."""

import json
import subprocess
import sys

# Runs in a fresh Python process whose only child is the command, so that process's
# RUSAGE_CHILDREN peak is the command's.
TIMER = """
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
start = time.perf_counter()
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
"""


def timed(name, cmd, width=11):
    """Runs cmd, prints its name, time and peak RSS, and returns (seconds, peak RSS in MiB);
    exits naming the command when it fails."""
    done = subprocess.run([sys.executable, "-c", TIMER, json.dumps(cmd)],
                          stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{name} failed (exit {done.returncode}): {' '.join(cmd)}")
    seconds, rss = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{name:<{width}} {seconds:8.2f} s {rss:8,.0f} MiB", flush=True)
    return seconds, rss
