"""The ``.xlsx`` workbook beside the CSVs: one sheet per file, typed cells, no formulas.

Written with XlsxWriter from the CSVs of the same run (the files, or for an
event the CSV text its worker formatted), so it holds exactly what they hold:
counts, offsets and confidence as numbers, everything else (ids, values,
dates, quotes) as text cells, which a spreadsheet never evaluates or converts.
Every sheet has a frozen header, filters and column widths. Rows past Excel's
limit are left to the CSV, with a last row saying so.

XlsxWriter builds the package (workbook, styles, the header row, panes,
filters, widths) in its constant-memory mode, where a sheet's rows are
streamed to a file as inline strings. The data rows are appended to that
stream here, as XlsxWriter itself would write them (a test checks the bytes
are the same), minus its per-cell bookkeeping, which cost about 20 µs a cell;
and unlike XlsxWriter, a text that looks like rich-text XML (``<r>…</r>``) is
escaped like any other. A workbook whose CSVs are byte for byte those of the
previous run's workbook (an unchanged event) is linked, not written again.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import filecmp
import io
import os
import re
import shutil
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import __version__
from .reconcile import FINDING_COLUMNS
from .report import FILE_MODE, EventReport, csv_text, unsafe_cell
from .summary import INT_COLUMNS, SUMMARY_COLUMNS

if TYPE_CHECKING:  # imported only when a workbook is written (an unchanged one is linked from the last run)
    import xlsxwriter

WORKBOOK_NAME = "report.xlsx"
MAX_ROWS = 1_048_576
MAX_CELL = 32_767
NUMBER_COLUMNS = frozenset({"start", "end", "side", "confidence", *INT_COLUMNS})
_WIDTH_ROWS = 200
FIXED_CREATED = datetime(2000, 1, 1, tzinfo=UTC)
_MAX_WIDTH = 60
# A sheet's source: a CSV file this tool wrote, or the CSV text itself (header and rows).
Source = Path | str

# XlsxWriter's own rules for an inline string (xlsxwriter.xmlwriter, xlsxwriter.utility).
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


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


def _signature(sheets: Sequence[tuple[str, Source]]) -> str:
    return f"newsdiff {__version__}; sheets {','.join(name for name, _ in sheets)}"


def _signed(book: zipfile.ZipFile, sheets: Sequence[tuple[str, Source]]) -> bool:
    """Whether ``book`` was written by this version from exactly these sheets (its comment is the signature)."""
    return f">{escape(_signature(sheets))}<" in book.read("docProps/core.xml").decode("utf-8", "replace")


def _same_file(path: Path, old: Path) -> bool:
    """Whether two CSVs hold the same bytes (one file linked into two generations is compared by its inode)."""
    return os.path.samefile(path, old) or filecmp.cmp(path, old, False)


def _reusable(previous: Path, sheets: Sequence[tuple[str, Path]]) -> bool:
    """Whether ``previous`` was written by this version from the same sheets of identical CSVs."""
    try:
        for _, csv_path in sheets:
            old = previous.parent / csv_path.name
            if csv_path.is_file() != old.is_file() or (csv_path.is_file() and not _same_file(csv_path, old)):
                return False
        with zipfile.ZipFile(previous) as book:
            return _signed(book, sheets)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def write_workbook(
    path: Path, sheets: Sequence[tuple[str, Path]], *, previous: Path | None = None, jobs: int = 1
) -> float:
    """Write ``sheets`` (sheet name, CSV file written by this tool) to ``path`` atomically; missing files are skipped.

    ``previous``: last run's workbook of the same files; linked (or copied) instead when :func:`_reusable`.
    ``jobs`` > 1 (the cores this run may use): each sheet to write is formatted by a process of its own, all at
    once (:func:`_apart`). Returns the CPU seconds of those other processes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    parts: dict[int, Path] = {}
    made: set[Path] = set()  # the parts' files, removed at the end
    cpu = 0.0
    try:
        if previous is not None and _reusable(previous, sheets):
            os.unlink(tmp)
            # The file itself: a top-level name is a symlink into current/, and link(2) would link the symlink.
            source = os.path.realpath(previous)
            try:
                os.link(source, tmp)
            except OSError:
                shutil.copyfile(source, tmp)
                os.chmod(tmp, FILE_MODE)
            os.replace(tmp, path)
            return cpu
        present = [(name, p) for name, p in sheets if p.is_file()]
        kept = _unchanged_sheets(previous, present) if previous is not None else {}
        todo = [i for i in range(len(present)) if i not in kept]
        if jobs > 1 and len(todo) > 1 and _fork_safe():
            parts, cpu = _apart(Path(tmp), present, todo)
            made.update(parts.values())
        filters = {i: row for part in set(parts.values()) for i, row in _filters(part).items() if parts.get(i) == part}
        if parts and len(filters) < len(todo):  # a part failed, or a sheet has no filter: written here after all
            parts, filters = {}, {}
        _build(tmp, present, {**kept, **filters})
        if parts:
            _splice(Path(tmp), parts, check=False)
        if kept:
            try:
                _splice(Path(tmp), dict.fromkeys(kept, Path(os.path.realpath(previous))))  # type: ignore[arg-type]
            except (OSError, EOFError, zlib.error, zipfile.BadZipFile):  # the previous workbook is damaged
                _build(tmp, present)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    finally:
        for part in made:
            part.unlink(missing_ok=True)
    return cpu


def _fork_safe() -> bool:
    """Whether this process may fork a plain worker: no other thread (one might hold a lock the child needs)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _apart(tmp: Path, sheets: Sequence[tuple[str, Source]], todo: Sequence[int]) -> tuple[dict[int, Path], float]:
    """Format the sheets ``todo`` at once, each in a workbook of its own (the others header only) beside ``tmp``:
    the first in this process, every other in a forked one. Returns sheet index → its workbook, for the ones
    written (a failed process leaves its sheet out), and the other processes' CPU seconds."""
    header_only = dict.fromkeys(range(len(sheets)), 1)
    children: dict[int, tuple[int, Path]] = {}
    parts: dict[int, Path] = {}
    for i in todo:
        part = tmp.with_name(f"{tmp.name}.part{i}")
        if i == todo[0]:
            parts[i] = part
            continue
        try:
            pid = os.fork()
        except OSError:  # no process to spare: that sheet is written with the rest
            continue
        if pid == 0:  # the child: its sheet, then out without running the parent's exit handlers
            code = 1
            try:
                _build(str(part), sheets, {j: 1 for j in header_only if j != i})
                code = 0
            finally:
                os._exit(code)
        children[i] = (pid, part)
    cpu, done = 0.0, False
    try:
        first = todo[0]
        _build(str(parts[first]), sheets, {j: 1 for j in header_only if j != first})
        done = True
    finally:
        for i, (pid, part) in children.items():
            _, status, usage = os.wait4(pid, 0)
            cpu += usage.ru_utime + usage.ru_stime
            if done and os.waitstatus_to_exitcode(status) == 0:
                parts[i] = part
            else:
                part.unlink(missing_ok=True)
        if not done:
            for part in parts.values():
                part.unlink(missing_ok=True)
    return parts, cpu


def _filters(book: Path) -> dict[int, int]:
    """The last row of each sheet's filter in ``book`` (by sheet index)."""
    with zipfile.ZipFile(book) as zf:
        return {int(i): int(r) for i, r in _FILTER.findall(zf.read("xl/workbook.xml").decode("utf-8"))}


_FILTER = re.compile(
    r'<definedName name="_xlnm._FilterDatabase" localSheetId="(\d+)" hidden="1">[^<]*?\$(\d+)</definedName>'
)


def _unchanged_sheets(previous: Path, sheets: Sequence[tuple[str, Path]]) -> dict[int, int]:
    """Sheets (by index) whose CSV is byte for byte the one ``previous`` was written from, with the last row of
    their filter there: their part of ``previous`` can be copied as it is. Empty when ``previous`` was written by
    another version or from other sheets (or cannot be read)."""
    try:
        with zipfile.ZipFile(previous) as book:
            if not _signed(book, sheets):
                return {}
            filters = {int(i): int(r) for i, r in _FILTER.findall(book.read("xl/workbook.xml").decode("utf-8"))}
        kept = {}
        for i, (_, csv_path) in enumerate(sheets):
            old = previous.parent / csv_path.name
            if i in filters and old.is_file() and _same_file(csv_path, old):
                kept[i] = filters[i]
        return kept
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}


def _splice(path: Path, sources: Mapping[int, Path], *, check: bool = True) -> None:
    """Replace the parts of the sheets in ``sources`` (index → the workbook to take that sheet's part from) in the
    workbook at ``path``, copied compressed as they are (the bytes a full write gives, without formatting and
    compressing those rows again). ``check``: read each copied part through first (a previous run's workbook)."""
    spliced = path.with_name(path.name + ".splice")
    try:
        with contextlib.ExitStack() as stack:
            new = stack.enter_context(zipfile.ZipFile(path))
            books = {p: stack.enter_context(zipfile.ZipFile(p)) for p in set(sources.values())}
            reused = {f"xl/worksheets/sheet{i + 1}.xml": books[p] for i, p in sources.items()}
            fh = stack.enter_context(spliced.open("wb"))
            for name, old in reused.items() if check else ():
                with old.open(name) as part:  # a damaged part fails its CRC here instead of being copied
                    while part.read(1 << 20):
                        pass
            central = []
            for name in new.namelist():
                source = reused.get(name, new)
                central.append(_copy_member(source, source.getinfo(name), fh))
            start = fh.tell()
            for info in central:
                fh.write(_central_record(info))
            end = fh.tell()
            fh.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), end - start, start, 0))
        os.replace(spliced, path)
    except BaseException:
        spliced.unlink(missing_ok=True)
        raise


def _copy_member(source: zipfile.ZipFile, info: zipfile.ZipInfo, out: IO[bytes]) -> zipfile.ZipInfo:
    """Copy one member, its local header and compressed data as they are, to ``out``; returns its entry at its new
    offset (a local header holds no offset, so it needs no change)."""
    assert source.fp is not None
    source.fp.seek(info.header_offset)
    header = source.fp.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    copied = copy.copy(info)
    copied.header_offset = out.tell()
    out.write(header + source.fp.read(name_len + extra_len + info.compress_size))
    return copied


def _central_record(info: zipfile.ZipInfo) -> bytes:
    """The central directory entry of ``info`` (no ZIP64: a workbook part is far below 4 GiB)."""
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "ascii")
    fixed = struct.pack(
        "<4s4B4HL2L5H2L",
        b"PK\x01\x02",
        info.create_version,
        info.create_system,
        info.extract_version,
        info.reserved,
        info.flag_bits,
        info.compress_type,
        dostime,
        dosdate,
        info.CRC,
        info.compress_size,
        info.file_size,
        len(name),
        len(info.extra),
        len(info.comment),
        0,
        info.internal_attr,
        info.external_attr,
        info.header_offset,
    )
    return fixed + name + info.extra + info.comment


def write_bytes(path: Path, data: bytes) -> None:
    """Write a workbook built elsewhere (by the worker that finished the event) to ``path`` atomically."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def event_sheets(report: EventReport) -> list[tuple[str, str]]:
    """An event's sheets (``summary``, ``findings``) as the CSV text of its files."""
    return [
        ("summary", csv_text(SUMMARY_COLUMNS, []) + report.summary_conflicts + report.summary_unique),
        ("findings", csv_text(FINDING_COLUMNS, []) + report.conflicts + report.unique),
    ]


def event_workbook(report: EventReport) -> bytes:
    """The bytes of an event's ``report.xlsx``: the same as :func:`write_workbook` writes from its CSV files."""
    out = io.BytesIO()
    _build(out, event_sheets(report))
    return out.getvalue()


@contextlib.contextmanager
def _records(source: Source) -> Iterator[Iterator[list[str]]]:
    if isinstance(source, Path):
        with source.open(encoding="utf-8-sig", newline="") as fh:
            yield csv.reader(fh)
    else:
        yield csv.reader(io.StringIO(source, newline=""))


def _build(target: str | IO[bytes], sheets: Sequence[tuple[str, Source]], kept: dict[int, int] | None = None) -> None:
    """Write the workbook; a sheet in ``kept`` (index → its filter's last row) gets only its header row, since its
    part is copied from the previous workbook afterwards (:func:`_splice`)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    # A fixed creation time: the same CSVs give the same bytes, so reruns are byte-identical.
    book.set_properties({"comments": _signature(sheets), "created": FIXED_CREATED})
    header = book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1})
    for i, (name, source) in enumerate(sheets):
        label = source.name if isinstance(source, Path) else f"{name}.csv"
        with _records(source) as records:
            if kept and i in kept:
                ws = book.add_worksheet(name[:31])
                columns = next(records, [])
                for col, title in enumerate(columns):
                    ws.write_string(0, col, title, header)
                ws.autofilter(0, 0, kept[i] - 1, max(len(columns), 1) - 1)  # what the workbook's filter names
            else:
                _sheet(book, name, records, label, header)
    book.close()


def inline_string(ref: str, text: str) -> str:
    """The XML of a text cell at ``ref``, as XlsxWriter writes an inline string (rich-text markup escaped too)."""
    if "_x" in text:
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    if not text.isprintable():
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    # XlsxWriter's ``^\s`` / ``\s$`` (``\s`` is ``str.isspace``; ``$`` before a last "\n" is a space at the end too).
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _sheet(
    book: xlsxwriter.Workbook, name: str, records: Iterator[list[str]], csv_name: str, header_format: object
) -> None:
    from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name

    ws = book.add_worksheet(name[:31])
    columns = next(records, [])
    widths = [min(max(len(c) + 2, 8), _MAX_WIDTH) for c in columns]
    numeric = [c in NUMBER_COLUMNS for c in columns]
    for col, title in enumerate(columns):
        ws.write_string(0, col, title, header_format)
    if not columns:
        return
    ws._write_single_row(1)  # the header row goes to the sheet's row stream; the data rows follow it there
    names = [xl_col_to_name(col) for col in range(len(columns))]
    out = ws.row_data_fh
    row = last = 0
    for cells in records:
        if row + 1 >= MAX_ROWS - 1:
            row += 1
            note = inline_string(f"A{row + 1}", f"more rows than a sheet holds: see {csv_name}")
            out.write(f'<row r="{row + 1}">{note}</row>')
            last = row
            break
        row += 1
        r = str(row + 1)
        parts = []
        for col, cell in enumerate(cells[: len(columns)]):
            if numeric[col] and (number := _number(cell)) is not None:
                parts.append(f'<c r="{names[col]}{r}"><v>{number:.16G}</v></c>')
                continue
            text = (unsafe_cell(cell) if cell[:1] == "'" else cell)[:MAX_CELL]
            if row <= _WIDTH_ROWS:
                widths[col] = min(max(widths[col], len(text) + 2), _MAX_WIDTH)
            if not text:
                continue
            if len(text) > MAX_CELL // 2 and _utf16_len(text) > MAX_CELL:
                text = _utf16_truncate(text, MAX_CELL)
            if "_x" in text or not text.isprintable() or text[0].isspace() or text[-1].isspace():
                parts.append(inline_string(names[col] + r, text))
                continue
            if "&" in text or "<" in text or ">" in text:  # the common case of inline_string, inline
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(f'<c r="{names[col]}{r}" t="inlineStr"><is><t>{text}</t></is></c>')
        if parts:
            out.write(f'<row r="{r}">{"".join(parts)}</row>')
            last = row
    # What XlsxWriter's own cell writes would have recorded: the sheet's extent and the last row streamed.
    ws.dim_rowmax = max(ws.dim_rowmax or 0, last)
    ws.previous_row = last
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(row, 1), len(columns) - 1)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
