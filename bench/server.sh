# Sourced by the bench scripts that load the HTTP API: start_server DATA LOG [SERVE_ARGS…]
# starts the release `tradewatch serve` on a fresh data dir (the bundled dataset) and a free
# loopback port, waits until it listens, and sets PID and BASE; the server is killed on exit.
start_server() {
  local data="$1" log="$2"
  shift 2
  rm -rf "$data"
  target/release/tradewatch --data-dir "$data" serve --addr 127.0.0.1:0 "$@" 2>"$log" &
  PID=$!
  trap 'kill $PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do
    grep -q '^listening on ' "$log" && break
    sleep 0.5
  done
  BASE=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log" | head -1)
  [ -n "$BASE" ] || { echo "the server did not start:"; cat "$log"; exit 1; }
}
