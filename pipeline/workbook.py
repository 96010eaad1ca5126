"""The ``.xlsx`` workbook beside the CSVs: one sheet per file, typed cells, no formulas.

Written with XlsxWriter from the CSV files of the same run, so it holds exactly
what they hold: counts, offsets and confidence as numbers, everything else
(ids, values, dates, quotes) as text cells, which a spreadsheet never
evaluates or converts. Every sheet has a frozen header, filters and column
widths. Rows past Excel's limit are left to the CSV, with a last row saying so.

Writing cells costs about 100 µs a row, so a workbook whose CSVs are byte for
byte those of the previous run's workbook (an unchanged event) is linked, not
written again.
"""

from __future__ import annotations

import contextlib
import csv
import filecmp
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .report import FILE_MODE, unsafe_cell
from .summary import INT_COLUMNS

if TYPE_CHECKING:  # imported only when a workbook is written (an unchanged one is linked from the last run)
    import xlsxwriter

WORKBOOK_NAME = "report.xlsx"
MAX_ROWS = 1_048_576
MAX_CELL = 32_767
NUMBER_COLUMNS = frozenset({"start", "end", "side", "confidence", *INT_COLUMNS})
_WIDTH_ROWS = 200
IN_MEMORY_BYTES = 2_000_000
FIXED_CREATED = datetime(2000, 1, 1, tzinfo=UTC)
_MAX_WIDTH = 60


def _number(text: str) -> float | int | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _signature(sheets: Sequence[tuple[str, Path]]) -> str:
    return f"newsdiff {__version__}; sheets {','.join(name for name, _ in sheets)}"


def _reusable(previous: Path, sheets: Sequence[tuple[str, Path]]) -> bool:
    """Whether ``previous`` was written by this version from the same sheets of identical CSVs."""
    try:
        for _, csv_path in sheets:
            old = previous.parent / csv_path.name
            if csv_path.is_file() != old.is_file() or (csv_path.is_file() and not filecmp.cmp(csv_path, old, False)):
                return False
        with zipfile.ZipFile(previous) as book:
            return _signature(sheets) in book.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def write_workbook(path: Path, sheets: Sequence[tuple[str, Path]], *, previous: Path | None = None) -> None:
    """Write ``sheets`` (sheet name, CSV file written by this tool) to ``path`` atomically; missing files are skipped.

    ``previous``: last run's workbook of the same files; linked (or copied) instead when :func:`_reusable`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        if previous is not None and _reusable(previous, sheets):
            os.unlink(tmp)
            try:
                os.link(previous, tmp)
            except OSError:
                shutil.copyfile(previous, tmp)
                os.chmod(tmp, FILE_MODE)
            os.replace(tmp, path)
            return
        # Small workbooks are built in memory (no temporary files); large ones row by row, in constant memory.
        size = sum(p.stat().st_size for _, p in sheets if p.is_file())
        import xlsxwriter

        book = xlsxwriter.Workbook(
            tmp,
            {
                "in_memory": size <= IN_MEMORY_BYTES,
                "constant_memory": size > IN_MEMORY_BYTES,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        # A fixed creation time: the same CSVs give the same bytes, so reruns are byte-identical.
        book.set_properties({"comments": _signature(sheets), "created": FIXED_CREATED})
        header = book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1})
        for name, csv_path in sheets:
            if csv_path.is_file():
                _sheet(book, name, csv_path, header)
        book.close()
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _sheet(book: xlsxwriter.Workbook, name: str, csv_path: Path, header_format: object) -> None:
    ws = book.add_worksheet(name[:31])
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        columns = next(reader, [])
        widths = [min(max(len(c) + 2, 8), _MAX_WIDTH) for c in columns]
        numeric = [c in NUMBER_COLUMNS for c in columns]
        for col, title in enumerate(columns):
            ws.write_string(0, col, title, header_format)
        row = 0
        for cells in reader:
            if row + 1 >= MAX_ROWS - 1:
                ws.write_string(row + 1, 0, f"more rows than a sheet holds: see {csv_path.name}")
                row += 1
                break
            row += 1
            for col, cell in enumerate(cells[: len(columns)]):
                if numeric[col] and (number := _number(cell)) is not None:
                    ws.write_number(row, col, number)
                    continue
                text = unsafe_cell(cell)[:MAX_CELL]
                if text:
                    ws.write_string(row, col, text)
                if row <= _WIDTH_ROWS:
                    widths[col] = min(max(widths[col], len(text) + 2), _MAX_WIDTH)
    if columns:
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(row, 1), len(columns) - 1)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
