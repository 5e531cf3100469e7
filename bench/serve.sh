#!/usr/bin/env bash
# Load on the HTTP API: GET /api/v1/series and /api/v1/facts at 64 connections for 30 s each,
# with wrk (installed from Debian if missing). Prints req/s and p99 for each. Those repeat one
# URL, so after the first request they are served from the response cache; a third run,
# series-uncached, gives every request its own query string (an extra parameter the API
# ignores), so each one is computed afresh: the cost of a cache miss; facts-uncached does the
# same for facts.
#
#   bench/serve.sh                  # DURATION=30s CONNECTIONS=64 THREADS=2
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WORK="${WORK:-bench/out}"
mkdir -p "$WORK"

if ! command -v wrk >/dev/null; then
  echo "== installing wrk (apt)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends wrk
fi

. bench/build.sh

. bench/server.sh
start_server "$WORK/serve-store" "$WORK/serve.log" --concurrency 256
echo "== server at $BASE ($(nproc) cores)"

SERIES="$BASE/api/v1/series?reporter=CHN&partner=USA&basket=rare-earth-magnets"
FACTS="$BASE/api/v1/facts?reporter=CHN&partner=USA&basket=rare-earth-magnets&period=2025-09"
# One request each first: the answer must be right before it is fast.
curl -sf "$SERIES" | grep -q '"display":"420.5 t"' || { echo "series answer is wrong"; exit 1; }
curl -sf "$FACTS" | grep -q '"kind":"change_mom"' || { echo "facts answer is wrong"; exit 1; }

# Every request its own URL: a counter per wrk thread, and the thread's id.
cat >"$WORK/unique.lua" <<'LUA'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
counter = 0
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&nocache=" .. tid .. "-" .. counter)
end
LUA

run() {
  local name="$1" url="$2"; shift 2
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s $*"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$@" "$url" | tee "$WORK/wrk-$name.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk-$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk-$name.txt")
  echo "RESULT $name req/s=$rps p99=$p99"
}
run series "$SERIES"
run facts "$FACTS"
curl -sf "$SERIES&nocache=check" | grep -q '"display":"420.5 t"' || { echo "an extra parameter is not ignored"; exit 1; }
run series-uncached "$SERIES" -s "$WORK/unique.lua"
run facts-uncached "$FACTS" -s "$WORK/unique.lua"
