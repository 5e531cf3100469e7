"""Every Python snippet in docs/python.md, run as written against a fresh store holding the
bundled dataset: the recipes a reader copies must work."""

import os
import re
import subprocess
import sys

import pytest

from conftest import REPO, binary

DOC = REPO / "docs" / "python.md"
BUNDLED_ROWS = 370


def snippets():
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(found) == 5, f"docs/python.md has {len(found)} python snippets, expected 5"
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data = tmp_path_factory.mktemp("python-docs") / "data"
    # The README's way in: the first command makes the store with the bundled data.
    subprocess.run([binary(), "--data-dir", str(data), "releases"], check=True,
                   capture_output=True, text=True)
    return data


def run(snippet, store, tmp_path):
    env = dict(os.environ, TRADEWATCH_DATA_DIR=str(store),
               TRADEWATCH_BIN=os.path.abspath(binary()))
    done = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"snippet failed:\n{snippet}\n{done.stderr}"
    return done.stdout


# What else each snippet must show: Polars and DuckDB the September 2025 rows to the US (420.5 t
# is the figure of record, in kg and in tonnes), pandas the rows per release.
@pytest.mark.parametrize("index,library,shows", [
    (0, "polars", "420500"),
    (1, "pandas", f"bundled    {BUNDLED_ROWS}"),
    (2, "duckdb", "420.5"),
])
def test_each_reader_counts_the_bundled_rows(store, tmp_path, index, library, shows):
    out = run(snippets()[index], store, tmp_path)
    assert f"observations: {BUNDLED_ROWS}" in out, f"{library}:\n{out}"
    assert shows in out, f"{library}:\n{out}"


def test_the_current_figures_come_from_tradewatch(store, tmp_path):
    out = run(snippets()[3], store, tmp_path)
    assert out.startswith("420.5 t from "), out


def test_an_export_reads_back_in_polars_and_pandas(store, tmp_path):
    out = run(snippets()[4], store, tmp_path)
    lines = out.splitlines()
    assert lines[0] == "420.5 t, -28.7% m/m, release bundled", out
    assert lines[1] == "['about', 'series', 'sources'] 1 release(s) cited", out
