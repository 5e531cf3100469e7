# Sourced by the bench scripts: the settings they share, the release build, and the Python
# packages (given as arguments) in bench/.venv.
#
#   . bench/common.sh duckdb polars
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS="${ROWS:-10000000}"
WORK="${WORK:-bench/out}"
mkdir -p "$WORK"

. bench/build.sh

echo "== Python packages (bench/.venv)"
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install --quiet --disable-pip-version-check "$@"
