"""Report stage: CSV files that open cleanly in spreadsheets.

Every file is UTF-8 with a byte-order mark, Excel dialect, written to a
temporary file and renamed into place so a crash never leaves half a report.
Text cells that a spreadsheet would run as a formula are prefixed with ``'``
(reversibly: :func:`unsafe_cell` gives the text back); number qualifiers are
written as words (``exact``, ``about``, ``more than``, ``less than``).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, is_dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_OR_QUOTE = frozenset((*FORMULA_PREFIXES, "'"))
# A text that a spreadsheet would run, behind any number of quotes: one more quote is added (and removed on reading).
_QUOTED_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")
# The extractor's number qualifiers as the words a reader sees (the mentions keep the symbols).
QUALIFIER_WORDS: dict[str, str] = {
    "=": "exact",
    "~": "about",
    ">": "more than",
    "<": "less than",
    ">=": "at least",
    "<=": "at most",
}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell a spreadsheet would evaluate; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = value if type(value) is str else str(value)
    if not text.isprintable():  # fast path: most cells have no control character at all
        text = _CONTROL.sub(" ", text)
    if text and text[0] in _FORMULA_OR_QUOTE and _QUOTED_FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """The text :func:`safe_cell` was given (its one added quote removed), for writers that need no neutralising."""
    if text.startswith("'") and _QUOTED.match(text):
        return text[1:]
    return text


def readable(row: Any) -> Any:
    """``row`` (a dataclass with a ``qualifier``) with its number qualifier as a word."""
    word = QUALIFIER_WORDS.get(row.qualifier)
    return replace(row, qualifier=word) if word is not None else row


def safe_cells(cells: Iterable[Any]) -> list[Any]:
    """:func:`safe_cell` of each of ``cells``; a plain text or number (most cells) is taken as it is, uncalled."""
    return [
        cell
        if ((kind := type(cell)) is str and cell.isprintable() and cell[:1] not in _FORMULA_OR_QUOTE)
        or kind is int
        or kind is float
        else safe_cell(cell)
        for cell in cells
    ]


def csv_rows(columns: Sequence[str], rows: Iterable[Any], *, words: bool = False) -> Iterator[list[Any]]:
    """The safe cells of ``rows`` (dataclasses or mappings), exactly ``columns``, in order.

    ``words``: the ``qualifier`` column as a word, as :func:`readable` gives it (without copying the record).
    """
    get = attrgetter(*columns)
    get_fields = get if len(columns) > 1 else lambda row: (get(row),)  # one name: attrgetter returns no tuple
    at = columns.index("qualifier") if words and "qualifier" in columns else -1
    records: dict[type, bool] = {}  # whether a row's type is a dataclass (looked up once per type)
    for row in rows:
        kind = type(row)
        record = records.get(kind)
        if record is None:
            record = records[kind] = is_dataclass(row) and not isinstance(row, type)
        raw = get_fields(row) if record else [row.get(col, "") for col in columns]
        cells = safe_cells(raw)
        if at >= 0 and (word := QUALIFIER_WORDS.get(raw[at])) is not None:
            cells[at] = word
        yield cells


def csv_text(columns: Sequence[str], rows: Iterable[Any]) -> str:
    """The CSV (without BOM) of ``rows`` (dataclasses or mappings) with exactly ``columns``."""
    buf = io.StringIO()
    writer = csv.writer(buf, dialect="excel")
    writer.writerow(columns)
    writer.writerows(csv_rows(columns, rows))
    return buf.getvalue()


@dataclass(frozen=True, slots=True)
class EventReport:
    """One event's report as CSV bodies (no header), formatted once for its own files and the combined ones."""

    conflicts: str
    unique: str
    facts: str
    mentions: str
    n_mentions: int
    n_facts: int
    n_conflicts: int
    n_unique: int
    # One row per finding (summary.csv), conflicts and unique facts apart so the combined file can be ordered.
    summary_conflicts: str
    summary_unique: str
    # The event's HTML page (see pipeline.html).
    page: str


def csv_body(columns: Sequence[str], rows: Iterable[Any], *, words: bool = False) -> str:
    """The CSV rows of ``rows`` without a header (``words``: qualifiers as words, see :func:`csv_rows`)."""
    return csv_lines(csv_rows(columns, rows, words=words))


def csv_lines(cells: Iterable[Sequence[Any]]) -> str:
    """Rows of cells already made safe (:func:`csv_rows`) as CSV text, without a header."""
    buf = io.StringIO()
    csv.writer(buf, dialect="excel").writerows(cells)
    return buf.getvalue()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; a report is for other readers too
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Any]) -> None:
    """Write a spreadsheet-safe CSV (UTF-8 with BOM, Excel dialect) atomically."""
    atomic_write_text(path, csv_text(columns, rows), encoding="utf-8-sig")
