"""Where a run's files go, and how they get there without ever exposing half a report.

A run writes everything into ``OUT/.staging/`` first: the combined CSVs
(streamed event by event, so the corpus is never held in memory), one folder
per event and ``changes.csv``. Only when the run has finished is the staging
folder renamed to ``OUT/runs/<YYYY-MM-DD>/`` and each file copied over the
top-level report by an atomic rename. A run killed at any point leaves
yesterday's report as it was.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from .report import FILE_MODE, csv_rows

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
STAGING = ".staging"


def safe_name(name: str, *, max_len: int = 100) -> str:
    """``name`` as a single, harmless path component (no separators, no leading dot, no ``..``)."""
    cleaned = _UNSAFE.sub("-", name).strip("-.")[:max_len].strip("-.")
    return cleaned or "event"


class CsvSink:
    """A spreadsheet-safe CSV written row by row to a temporary file and renamed into place on success."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.columns = tuple(columns)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, FILE_MODE)
        self._tmp = Path(tmp)
        self._fh = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh, dialect="excel")
        self._writer.writerow(self.columns)
        self.rows = 0

    def write(self, rows: Iterable[Any]) -> None:
        for cells in csv_rows(self.columns, rows):
            self._writer.writerow(cells)
            self.rows += 1

    def write_body(self, body: str) -> None:
        """Append CSV rows already formatted (and made safe) by :func:`~pipeline.report.csv_body`."""
        self._fh.write(body)

    def commit(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> CsvSink:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV this tool wrote (``[]`` when there is none yet)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, csv.Error, UnicodeDecodeError):
        return []


def changed_rows(
    previous: Sequence[dict[str, str]], current: Sequence[dict[str, str]], key: Sequence[str]
) -> list[dict[str, str]]:
    """Rows of ``current`` not in ``previous`` (change "new"), then rows gone since (change "gone")."""

    def ident(row: dict[str, str]) -> tuple[str, ...]:
        return tuple(row.get(k, "") for k in key)

    before = {ident(r) for r in previous}
    after = {ident(r) for r in current}
    new = [{"change": "new", **r} for r in current if ident(r) not in before]
    gone = [{"change": "gone", **r} for r in previous if ident(r) not in after]
    return new + gone


def _atomic_place(src: Path, dst: Path) -> None:
    """Put ``src``'s content at ``dst`` in one rename: a hard link where the file system allows, else a copy.

    Report files are never changed in place (every run writes new ones), so the
    dated copy and the top-level file may share their data.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    os.close(fd)
    try:
        try:
            os.unlink(tmp)
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
            os.chmod(tmp, FILE_MODE)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def start_staging(out: Path) -> Path:
    """A fresh, empty staging folder (a killed run's leftovers are removed)."""
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def publish(out: Path, staging: Path, run_date: date) -> Path:
    """Move the finished staging folder to ``runs/<date>`` and copy its files over the top-level report."""
    dated = out / "runs" / run_date.isoformat()
    dated.parent.mkdir(parents=True, exist_ok=True)
    if dated.exists():
        old = dated.with_name(f".{dated.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(dated, old)
        os.replace(staging, dated)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, dated)
    for src in sorted(dated.rglob("*")):
        if src.is_file():
            _atomic_place(src, out / src.relative_to(dated))
    _prune_vanished_events(out, dated)
    return dated


EVENT_FILES = frozenset({"findings.csv", "facts.csv", "mentions.csv", "summary.csv", "report.xlsx", "report.html"})


def _prune_vanished_events(out: Path, dated: Path) -> None:
    """Remove top-level event folders of events no longer in the input (their reports stay under ``runs/``).

    Only folders holding nothing but a previous run's event CSVs are removed.
    """
    for folder in out.iterdir():
        if (
            folder.name.startswith(".")
            or folder.name == "runs"
            or not folder.is_dir()
            or (dated / folder.name).exists()
        ):
            continue
        files = list(folder.iterdir())
        if files and all(f.is_file() and f.name in EVENT_FILES for f in files):
            for f in files:
                f.unlink()
            folder.rmdir()
