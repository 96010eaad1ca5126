"""CSV output: opens cleanly in spreadsheets and cannot run formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report import safe_cell, write_csv

COLUMNS = ("name", "value", "quote")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://example.invalid","click")', '\'=HYPERLINK("http://example.invalid","click")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1 555", "'+1 555"),
        ("-cmd", "'-cmd"),
        ("\tTAB", "'\tTAB"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("300", "300"),
        ("plain text", "plain text"),
        (12, 12),
        (None, ""),
        ("bell\x07 and nul\x00", "bell  and nul "),
    ],
)
def test_safe_cell(cell: object, expected: object) -> None:
    assert safe_cell(cell) == expected


def test_write_csv_round_trips_through_pandas_and_csv(tmp_path: Path) -> None:
    rows = [
        {"name": "Heappey", "value": "300", "quote": 'He said, "we\nleave"'},
        {"name": "Café Gao", "value": "-5", "quote": "=1+1"},
    ]
    path = tmp_path / "out" / "x.csv"
    write_csv(path, COLUMNS, rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[0, "quote"] == 'He said, "we\nleave"'
    assert frame.loc[1, "name"] == "Café Gao"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        read = list(csv.DictReader(fh, dialect="excel"))
    assert read[1]["quote"] == "'=1+1"
    assert read[1]["value"] == "-5"
    assert [p.name for p in path.parent.iterdir()] == ["x.csv"]


def test_write_csv_failure_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_csv(path, COLUMNS, [{"name": "old"}])
    before = path.read_bytes()

    def rows():
        yield {"name": "new"}
        raise RuntimeError("crash while producing rows")

    with pytest.raises(RuntimeError):
        write_csv(path, COLUMNS, rows())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
