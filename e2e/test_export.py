"""`tradewatch export` read back by the tools analysts use: openpyxl for XLSX, pandas for CSV,
Polars for Parquet and JSON Lines. The figures must come back as numbers, with their sources."""

import json
import subprocess

import openpyxl
import pandas as pd
import polars as pl
import pytest

from conftest import binary


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data = tmp_path_factory.mktemp("export") / "data"
    subprocess.run([binary(), "--data-dir", str(data), "releases"], check=True,
                   capture_output=True, text=True)
    return data


def export(data, *args):
    done = subprocess.run([binary(), "--data-dir", str(data), "export", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def test_the_us_series_as_a_workbook_reads_back_in_openpyxl(data, tmp_path):
    out = tmp_path / "us.xlsx"
    export(data, "--series", "--reporter", "CHN", "--partner", "USA",
           "--basket", "rare-earth-magnets", "--format", "xlsx", "--out", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["series", "sources", "about"]
    sheet = book["series"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    col = {name: i for i, name in enumerate(header)}
    september = [r for r in rows[1:] if r[col["period"]] == "2025-09"]
    assert len(september) == 1, rows
    row = september[0]
    assert row[col["value"]] == 420.5
    assert isinstance(row[col["value"]], float)
    assert row[col["unit"]] == "t"
    assert round(row[col["change_mom_pct"]], 1) == -28.7
    assert row[col["release"]] == "bundled"
    assert row[col["citation"]].startswith("http")
    assert sheet.freeze_panes == "A2"
    sources = list(book["sources"].iter_rows(values_only=True))
    assert sources[0][:3] == ("release", "seq", "source")
    assert [r[0] for r in sources[1:]] == ["bundled"]
    about = dict(book["about"].iter_rows(values_only=True))
    assert "rare-earth-magnets" in about["subject"]


def test_text_a_spreadsheet_could_run_stays_text(data, tmp_path):
    query = "SELECT '=HYPERLINK(\"http://x\")' AS a, '+1' AS b, '@SUM(A1)' AS c, -5.5 AS n"
    xlsx = tmp_path / "q.xlsx"
    export(data, "--sql", query, "--out", str(xlsx))
    row = list(openpyxl.load_workbook(xlsx)["query"].iter_rows(values_only=True))[1]
    # openpyxl gives a formula cell as its text with data_type "f": these must be strings.
    cells = list(openpyxl.load_workbook(xlsx)["query"].iter_rows(min_row=2))[0]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n"], [c.data_type for c in cells]
    assert row == ('=HYPERLINK("http://x")', "+1", "@SUM(A1)", -5.5)
    csv = export(data, "--sql", query, "--format", "csv", "--out", "-").stdout
    assert csv.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'@SUM(A1),-5.5", csv


def test_csv_parquet_and_jsonl_read_back_in_pandas_and_polars(data, tmp_path):
    csv, parquet, jsonl = tmp_path / "c.csv", tmp_path / "c.parquet", tmp_path / "c.jsonl"
    for out in (csv, parquet, jsonl):
        export(data, "--current", "--reporter", "CHN", "--partner", "USA",
               "--basket", "rare-earth-magnets", "--measure", "quantity", "--out", str(out))
    frame = pd.read_csv(csv)
    table = pl.read_parquet(parquet)
    lines = pl.read_ndjson(jsonl)
    assert len(frame) == table.height == lines.height > 12
    for f in (table, lines):
        row = f.filter((pl.col("period") == "2025-09") & (pl.col("release") == "bundled"))
        assert row["value"].to_list() == [420500.0], row
        assert row["citation"].to_list()[0].startswith("http")
    assert list(table.columns) == list(frame.columns) == list(lines.columns)
    first = json.loads(jsonl.read_text().splitlines()[0])
    assert list(first)[:3] == ["source", "release", "reporter"]
