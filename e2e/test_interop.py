"""Other engines read the store's Delta tables as they lie on disk and agree with tradewatch:
DuckDB through its own delta extension (`delta_scan`, not the deltalake package), and Polars
through the deltalake package (`scan_delta`). For `observations`, `releases` and `facts`, the
same aggregate queries (row counts, sums of the numeric columns, distinct and non-null counts)
are answered by `tradewatch sql`, DuckDB and Polars over one store, and the answers must be
equal; so must the columns each of them sees. They must still be equal after a second ingest,
`facts --all` run again (it swaps in a new table) and `optimize` (it leaves the superseded
observations files in the folder): a reader that took every Parquet file in a table's folder,
not the current version's files, would count rows twice.

DuckDB cannot download its extensions on a machine without internet access, so the extension
comes from PyPI: `duckdb-extension-delta` ships `delta.duckdb_extension` for exactly one DuckDB
version (requirements.txt pins the two together). The file is signed, so a plain `LOAD` takes it.
"""

import csv
import io
import json
import subprocess
from pathlib import Path

import duckdb
import duckdb_extension_delta
import polars as pl
import pytest

from conftest import binary

TABLES = ("observations", "releases", "facts")

# The extension built for the DuckDB that is installed; missing when the two pins disagree.
DELTA_EXTENSION = (Path(duckdb_extension_delta.__file__).parent / "extensions"
                   / f"v{duckdb.__version__}" / "delta.duckdb_extension")

# Each query is run as written by all three engines, over tables named as tradewatch names them.
# The WHERE clauses give the readers a filter they may answer by skipping files on the add
# actions' statistics (the deltalake package once answered such a filter with no rows when
# statistics were missing: BENCHMARKS.md).
QUERIES = {
    "observations": """
        SELECT count(*) AS n, count(DISTINCT release) AS releases, sum(value) AS value,
               sum(resolution) AS resolution, sum(period_start) AS period_start,
               sum(period_months) AS period_months, sum(line) AS line, count(note) AS notes,
               sum(CASE WHEN estimated THEN 1 ELSE 0 END) AS estimated,
               sum(CASE WHEN suppressed THEN 1 ELSE 0 END) AS suppressed,
               count(DISTINCT ingested_at) AS ingested_at,
               CAST(min(published) AS VARCHAR) AS first_published,
               CAST(max(published) AS VARCHAR) AS last_published
        FROM observations""",
    "observations, exported kilograms": """
        SELECT count(*) AS n, sum(value) AS value
        FROM observations WHERE measure = 'quantity' AND flow = 'export' AND unit = 'kg'""",
    "releases": """
        SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(seq) AS seq, sum("rows") AS "rows",
               sum(rows_rejected) AS rows_rejected,
               CAST(min(published) AS VARCHAR) AS first_published,
               CAST(max(published) AS VARCHAR) AS last_published
        FROM releases""",
    "facts": """
        SELECT count(*) AS n, count(DISTINCT code) AS codes, sum(value) AS value,
               sum(mom_pct) AS mom_pct, count(mom_pct) AS mom_pct_n,
               sum(yoy_pct) AS yoy_pct, count(yoy_pct) AS yoy_pct_n,
               sum(streak) AS streak, count(streak) AS streak_n,
               sum(record_months) AS record_months,
               sum(CASE WHEN record_open THEN 1 ELSE 0 END) AS record_open,
               sum(period_start) AS period_start, sum(line) AS line
        FROM facts""",
    "facts, quantities with a m/m change": """
        SELECT count(*) AS n, sum(mom_pct) AS mom_pct, sum(value) AS value
        FROM facts WHERE measure = 'quantity' AND mom_pct IS NOT NULL""",
}

# Each engine adds floating-point numbers in its own order, so float sums may differ in their
# last digits: they are compared within a relative 1e-9. Counts and integer sums must be equal.
REL = 1e-9

# A revision of CHN→USA September 2025 (420.5 t in the bundled data), as a second release.
REVISION = (
    "source,reporter,partner,flow,commodity,hs_code,period,measure,value,unit,source_url,"
    "published,quality,note\n"
    "press,CHN,USA,export,rare_earth_magnets,850511,2025-09,quantity,431.5,t,"
    "https://example.org/interop-revision,2026-05-02,ok,revised figure\n"
)


def tw(data, *args):
    """Runs tradewatch over `data`; returns its stdout, and fails the test on an error."""
    done = subprocess.run([binary(), "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"tradewatch {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def tradewatch_row(data, query):
    """The one row `tradewatch sql` answers. Its JSON leaves out null values."""
    rows = json.loads(tw(data, "sql", "--format", "json", query))
    assert len(rows) == 1, rows
    return rows[0]


def quoted(path):
    return "'" + str(path).replace("'", "''") + "'"


def duckdb_over(data):
    """A DuckDB connection with the delta extension loaded from the wheel and each table a view
    over `delta_scan`. A new connection for each state of the store, so no snapshot is reused."""
    if not DELTA_EXTENSION.is_file():
        pytest.fail(f"no delta extension for DuckDB {duckdb.__version__} at {DELTA_EXTENSION}: "
                    "pin duckdb and duckdb-extension-delta to the same version")
    # Nothing downloaded or loaded behind our back: delta_scan can only come from that file.
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    con.execute(f"LOAD {quoted(DELTA_EXTENSION)}")
    for table in TABLES:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM delta_scan({quoted(data / table)})")
    return con


def duckdb_row(con, query):
    rel = con.sql(query)
    return dict(zip(rel.columns, rel.fetchone()))


def polars_over(data):
    """A Polars SQL context with each table a lazy `scan_delta`."""
    return pl.SQLContext({table: pl.scan_delta(str(data / table)) for table in TABLES})


def polars_row(ctx, query):
    return ctx.execute(query, eager=True).to_dicts()[0]


def disagreements(got, expected):
    """The columns where an engine's row differs from tradewatch's, as {column: (got, expected)}."""
    out = {c: ("missing", v) for c, v in expected.items() if c not in got}
    for column, value in got.items():
        want = expected.get(column)
        if isinstance(want, float):
            same = value is not None and value == pytest.approx(want, rel=REL)
        else:
            same = value == want
        if not same:
            out[column] = (value, want)
    return out


def assert_engines_agree(data, name):
    """DuckDB and Polars answer the query `name` as tradewatch does, over the store as it is."""
    query = QUERIES[name]
    expected = tradewatch_row(data, query)
    # A table that every engine read as empty would agree without showing anything.
    assert expected["n"] > 0, f"{name}: tradewatch counts no rows"
    assert disagreements(duckdb_row(duckdb_over(data), query), expected) == {}, f"DuckDB, {name}"
    assert disagreements(polars_row(polars_over(data), query), expected) == {}, f"Polars, {name}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A fresh store: the bundled dataset (made by the first command) and its facts table."""
    data = tmp_path_factory.mktemp("interop") / "data"
    tw(data, "releases")
    tw(data, "facts", "--all")
    return data


def test_duckdb_loads_the_delta_extension_from_its_wheel(store):
    """Loaded from the file, not installed into (or downloaded to) DuckDB's extension folder."""
    con = duckdb_over(store)
    delta = con.sql("SELECT loaded, installed FROM duckdb_extensions() "
                    "WHERE extension_name = 'delta'")
    assert delta.fetchall() == [(True, False)]


def test_duckdb_sums_the_values_as_tradewatch_does(store):
    """The issue's contract, in these words: DuckDB's sum(value) over observations, read with
    its own delta_scan, equals `tradewatch sql "select sum(value) from observations"`."""
    duckdb_sum = duckdb_over(store).sql(
        f"SELECT sum(value) FROM delta_scan({quoted(store / 'observations')})").fetchone()[0]
    [tradewatch_sum] = tradewatch_row(store, "select sum(value) from observations").values()
    assert isinstance(tradewatch_sum, float) and duckdb_sum is not None
    assert duckdb_sum == pytest.approx(tradewatch_sum, rel=REL)


@pytest.mark.parametrize("table", TABLES)
def test_each_engine_sees_tradewatchs_columns(store, table):
    header = tw(store, "sql", "--format", "csv", f"SELECT * FROM {table} LIMIT 1")
    columns = next(csv.reader(io.StringIO(header)))
    assert duckdb_over(store).sql(f"SELECT * FROM {table}").columns == columns, "DuckDB"
    assert pl.scan_delta(str(store / table)).collect_schema().names() == columns, "Polars"


@pytest.mark.parametrize("name", QUERIES)
def test_counts_and_sums_agree(store, name):
    assert_engines_agree(store, name)


def test_readers_take_only_the_current_version(tmp_path):
    """After a second release, facts rebuilt and the observations optimized, the observations
    folder holds superseded files besides the current one; DuckDB and Polars must still agree
    with tradewatch, which reads the current version only."""
    data = tmp_path / "data"
    tw(data, "releases")
    tw(data, "facts", "--all")
    facts_before = tradewatch_row(data, QUERIES["facts"])

    revision = tmp_path / "revision.csv"
    revision.write_text(REVISION, encoding="utf-8")
    tw(data, "ingest", str(revision))
    tw(data, "facts", "--all")
    tw(data, "optimize")

    # The checks below show something only if the store really changed under the readers: the
    # rebuilt facts differ from the first ones, and the observations folder holds more rows in
    # its Parquet files than the table's current version has (optimize's superseded files).
    assert tradewatch_row(data, QUERIES["facts"]) != facts_before
    current = tradewatch_row(data, "SELECT count(*) AS n FROM observations")["n"]
    on_disk = duckdb.sql(
        f"SELECT count(*) FROM read_parquet({quoted(data / 'observations' / '*.parquet')})"
    ).fetchone()[0]
    assert on_disk > current, "no superseded observations files: the check would prove nothing"

    for name in QUERIES:
        assert_engines_agree(data, name)
