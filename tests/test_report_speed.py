"""The faster report paths give what the plain ones gave: cells and CSV bodies."""

from __future__ import annotations

import csv
import io

from pipeline.executor import event_report
from pipeline.reconcile import FINDING_COLUMNS
from pipeline.reconcile.facts import DISAGREEING
from pipeline.records import MENTION_COLUMNS
from pipeline.report import csv_body, csv_lines, csv_rows, readable, safe_cell, safe_cells
from tests.test_report_units import HARD_CELLS, mention, row

CELLS: list[object] = [
    *HARD_CELLS,
    None,
    0,
    -3,
    2.5,
    float("nan"),
    True,
    "-12",
    "+ plus",
    "@user",
    "'already quoted",
    "''=twice",
    "\r carriage return first",
    "\x00nul",
    "\x7fdel",
    "ordinary words",
    "\u00a0non-breaking space first",
]


def test_safe_cells_equals_safe_cell_on_each_cell() -> None:
    got = safe_cells(CELLS)
    want = [safe_cell(c) for c in CELLS]
    assert [(type(g), repr(g)) for g in got] == [(type(w), repr(w)) for w in want]


def _readable_rows(columns: tuple[str, ...], rows: list[object]) -> list[list[object]]:
    return [[safe_cell(getattr(readable(r), col)) for col in columns] for r in rows]


def test_csv_rows_with_words_equals_the_readable_rows() -> None:
    rows = [
        row("a", "300", 0, qualifier="~"),
        row("b", "=1+1", 1, qualifier=">"),
        row("c", "12", 0, qualifier="since"),
        row("d", "\x07", 0, qualifier=""),
    ]
    assert list(csv_rows(FINDING_COLUMNS, rows, words=True)) == _readable_rows(FINDING_COLUMNS, rows)
    mentions = [mention("a", "number", "about 300", "300", "~"), mention("b", "date", "=2020", "2020", "since")]
    assert list(csv_rows(MENTION_COLUMNS, mentions, words=True)) == _readable_rows(MENTION_COLUMNS, mentions)
    # Without words the qualifier stays as the record has it; mappings work as before.
    assert list(csv_rows(("qualifier",), rows[:1])) == [["~"]]
    assert list(csv_rows(("a", "b"), [{"a": "=x"}])) == [["'=x", ""]]


def test_csv_lines_is_the_csv_writer_of_the_rows() -> None:
    cells = [["a", 1, 2.5, ""], ["line\nbreak", '"quoted"', None, "x,y"]]
    buf = io.StringIO()
    csv.writer(buf, dialect="excel").writerows(cells)
    assert csv_lines(cells) == buf.getvalue()
    assert csv_body(("value", "qualifier"), [row("a", "300", 0, qualifier="~")], words=True) == "300,about\r\n"


def test_event_report_formats_each_fact_once_as_before() -> None:
    facts = [
        row("a", "300", 0, fid="f1", status="conflict", qualifier="~"),
        row("b", "250", 1, fid="f1", status="conflict"),
        row("a", "7", 0, fid="f2", status="agree"),
        row("c", "=9", 0, fid="f3", status="unique", qualifier="<"),
        row("d", "Jon", 0, fid="f4", status="spelling", kind="person"),
    ]
    mentions = [mention("a", "number", "about 300", "300", "~"), mention("b", "number", "250", "250", "=")]
    report = event_report("e", mentions, facts)
    body = lambda rows: csv_lines(_readable_rows(FINDING_COLUMNS, rows))  # noqa: E731
    assert report.conflicts == body([f for f in facts if f.status in DISAGREEING])
    assert report.unique == body([f for f in facts if f.status == "unique"])
    assert report.facts == body(facts)
    assert report.mentions == csv_lines(_readable_rows(MENTION_COLUMNS, mentions))
    assert (report.n_facts, report.n_conflicts, report.n_unique) == (4, 2, 1)
