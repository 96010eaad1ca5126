"""Where a run's files go, and how they get there without ever exposing half a report.

A run writes everything into ``OUT/.staging/`` first: the combined CSVs
(streamed event by event, so the corpus is never held in memory), one folder
per event, ``changes.csv`` and whatever other report files the runner adds.
When the run has finished, :func:`publish` renames the staging folder to a new
dated generation ``OUT/runs/<YYYY-MM-DD>/`` (``<date>.2``, ``.3``, … when that
date already has one: a dated copy is never replaced) and switches the one
symlink ``OUT/current`` to it by an atomic rename. Every top-level report
name (``OUT/findings.csv``, ``OUT/<event>``, …) is a symlink into
``current/``, so readers see the previous generation or the new one, whole,
at every instant; a run killed at any point leaves the previous report as it
was.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from .report import FILE_MODE, csv_rows

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
STAGING = ".staging"
RUNS = "runs"
CURRENT = "current"
MANIFEST = ".run.json"
# Top-level names that are never an event folder.
RESERVED = frozenset({RUNS, CURRENT, "pipeline.log", "generations"})
_FILE_LIKE = re.compile(r"\.(csv|xlsx|xls|html?|json|log|txt|md|sqlite)$", re.IGNORECASE)
# What an event folder of the 0.2 layout (a real folder at the top level) may hold.
EVENT_FILES = frozenset({"findings.csv", "facts.csv", "mentions.csv"})


def safe_name(name: str, *, max_len: int = 100) -> str:
    """``name`` as a single, harmless path component (no separators, no leading dot, no ``..``).

    A name that is already safe is kept as it is; any other gets its ASCII
    folding plus a short hash of the full name, so folder names are stable
    from run to run and distinct for distinct names (``中文`` and ``日本``
    never share a folder).
    """
    plain = _UNSAFE.sub("-", name).strip("-.")[:max_len].strip("-.")
    if plain and plain == name and plain.lower() not in RESERVED and not _FILE_LIKE.search(plain):
        return plain
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = _UNSAFE.sub("-", folded).strip("-.")[: max_len - 9].strip("-.") or "event"
    return f"{base}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


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
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
        except BaseException:
            self.discard()
            raise
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the last flush too; the file goes anyway
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


def start_staging(out: Path) -> Path:
    """A fresh, empty staging folder (a killed run's leftovers are removed)."""
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def write_manifest(
    staging: Path, *, run_date: date, version: str, events: Sequence[str], reports: Sequence[Sequence[str]] = ()
) -> None:
    """What a generation holds (a hidden file: never linked at the top): its events, for the next run's collapse
    check, and each event's folder and report key (``reports``: event, folder, key), so the next run can link
    the files of an event whose report is unchanged instead of writing them again."""
    body = json.dumps(
        {
            "date": run_date.isoformat(),
            "version": version,
            "events": list(events),
            "reports": [list(r) for r in reports],
        },
        ensure_ascii=False,
    )
    fd = os.open(staging / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())


def previous_events(out: Path) -> int | None:
    """How many events the published report holds (``None`` when nothing was published yet)."""
    try:
        info = json.loads((out / CURRENT / MANIFEST).read_text(encoding="utf-8"))
        return len(info["events"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if (out / CURRENT).is_dir():  # a generation without a manifest: count its event folders
        return sum(1 for p in (out / CURRENT).iterdir() if p.is_dir() and (p / "findings.csv").is_file())
    if not (out / "findings.csv").is_file():
        return None
    # The 0.2 layout: real event folders at the top level.
    return sum(1 for p in out.iterdir() if p.is_dir() and not p.is_symlink() and _is_old_event_folder(p))


def previous_reports(out: Path, version: str) -> list[tuple[str, str, str]]:
    """The published generation's events as (event, folder, report key), in order; ``[]`` when unknown or written
    by another version."""
    try:
        info = json.loads((out / CURRENT / MANIFEST).read_text(encoding="utf-8"))
        if info.get("version") != version:
            return []
        return [(str(e), str(f), str(k)) for e, f, k in info.get("reports", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def link_files(source: Path, target: Path, names: Iterable[str]) -> bool:
    """Hard-link ``names`` of the published folder ``source`` into the new ``target``: the same bytes, nothing
    written. False (and ``target`` left without them) when any cannot be linked (missing, immutable, another
    file system)."""
    made: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            src = source / name
            if src.is_symlink() or not src.is_file():
                raise FileNotFoundError(src)
            os.link(src, target / name)
            made.append(target / name)
    except OSError:
        for path in made:
            path.unlink(missing_ok=True)
        return False
    return True


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _free_dated(runs: Path, run_date: date) -> Path:
    """``runs/<date>``, or ``<date>.2``, ``.3``, … when taken: a dated copy is never replaced."""
    dated, n = runs / run_date.isoformat(), 1
    while os.path.lexists(dated):
        n += 1
        dated = runs / f"{run_date.isoformat()}.{n}"
    return dated


def _is_ours(path: Path) -> bool:
    """A top-level link this tool made (into ``current/``)."""
    return path.is_symlink() and os.readlink(path).startswith(CURRENT + "/")


def _is_old_event_folder(path: Path) -> bool:
    files = list(path.iterdir())
    return bool(files) and all(f.is_file() and not f.is_symlink() and f.name in EVENT_FILES for f in files)


def _link(target: str, path: Path) -> None:
    """Make ``path`` a symlink to ``target`` in one rename (a file or link already there is replaced)."""
    tmp = path.with_name(f".{path.name}.link-{os.getpid()}")
    if os.path.lexists(tmp):
        os.unlink(tmp)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def publish(out: Path, staging: Path, run_date: date) -> Path:
    """Make the finished ``staging`` folder the published report, all at once; returns its dated folder.

    1. ``staging`` becomes ``runs/<date>`` (or the next free ``<date>.N``);
    2. every top-level name of that generation gets its link ``OUT/<name> → current/<name>`` (a new name's
       link dangles, so it is invisible, until the switch);
    3. ``OUT/current`` is switched to the generation by one atomic rename: the switch;
    4. links of names the generation no longer has (retired events) are removed; files and event folders
       of the 0.2 layout are turned into links (once, on the first run after upgrading).

    A kill between any two steps leaves either the previous generation or the new one visible.
    """
    runs = out / RUNS
    runs.mkdir(exist_ok=True)
    dated = _free_dated(runs, run_date)
    os.rename(staging, dated)
    made: list[Path] = []
    try:
        _fsync_dir(runs)
        names = sorted(p.name for p in dated.iterdir() if not p.name.startswith("."))
        for name in names:
            top = out / name
            if not os.path.lexists(top):
                os.symlink(f"{CURRENT}/{name}", top)
                made.append(top)
        _link(os.path.relpath(dated, out), out / CURRENT)
    except BaseException:
        # Not switched: the previous report is still the published one; this run leaves nothing behind.
        for top in made:
            top.unlink(missing_ok=True)
        shutil.rmtree(dated, ignore_errors=True)
        raise
    try:
        _fsync_dir(out)
        _tidy(out, set(names))
    except OSError as exc:  # published all the same; the next run tidies what is left
        log.warning("%s: the report is published, but tidying its top level failed (%s)", out, exc)
    return dated


def _tidy(out: Path, names: set[str]) -> None:
    """After the switch: drop dangling links of ours, turn 0.2-layout report files and folders into links."""
    for top in sorted(out.iterdir()):
        name = top.name
        if name.startswith(".") and (
            (".link-" in name and top.is_symlink()) or (".old-" in name and top.is_dir() and not top.is_symlink())
        ):
            _remove(top)  # left by a run killed while it published
            continue
        if name.startswith(".") or name in RESERVED:
            continue
        if top.is_symlink():
            if _is_ours(top) and name not in names:
                os.unlink(top)  # a retired event or report file: still under runs/
            elif not _is_ours(top) and name in names:
                log.warning("%s: left as it is (not made by this tool); this run's is %s", top, out / CURRENT / name)
            continue
        if top.is_file() and name in names:
            _link(f"{CURRENT}/{name}", top)  # a report file of the 0.2 layout (its copy is under runs/)
        elif top.is_file() and name in {"findings.csv", "facts.csv", "mentions.csv", "changes.csv"}:
            top.unlink()
        elif top.is_dir() and _is_old_event_folder(top):
            aside = out / f".{name}.old-{os.getpid()}"
            os.rename(top, aside)
            if name in names:
                os.symlink(f"{CURRENT}/{name}", top)
            shutil.rmtree(aside, ignore_errors=True)
        elif name in names:
            log.warning("%s: left as it is (not made by this tool); this run's is %s", top, out / CURRENT / name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def catch_up(folders: list[Path], sinks: tuple[CsvSink, ...]) -> None:
    """Add the rows of linked events to the combined files after all (a later event differs): read back from
    their files, one event at a time, and emptied from ``folders``."""
    conflicts, unique, facts, mentions, summary_conflicts, summary_unique = sinks
    for folder in folders:
        for sink, name in ((facts, "facts.csv"), (mentions, "mentions.csv")):
            with (folder / name).open(encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
            sink.write_body(text[text.index("\r\n") + 2 :])  # after the header line (names never need quotes)
        for (disagree, alone), name in (
            ((conflicts, unique), "findings.csv"),
            ((summary_conflicts, summary_unique), "summary.csv"),
        ):
            with (folder / name).open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                status = next(reader).index("status")
                rows = list(reader)
            for sink, unique_rows in ((disagree, False), (alone, True)):
                buf = io.StringIO()
                csv.writer(buf, dialect="excel").writerows(r for r in rows if (r[status] == "unique") is unique_rows)
                sink.write_body(buf.getvalue())
    folders.clear()


def concat(target: Path, parts: list[Path]) -> None:
    """Join CSVs with the same header into ``target`` (header once), each part's rows by confidence, highest first.

    The sort is stable and a finding's rows share its confidence, so they stay together and in order.
    Only findings are held in memory, never mentions.
    """
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, dialect="excel")
        for i, part in enumerate(parts):
            with part.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, None)
                if header is None:
                    continue
                if i == 0:
                    writer.writerow(header)
                col = header.index("confidence")
                writer.writerows(sorted(reader, key=lambda row: -float(row[col] or 0)))
            part.unlink()
