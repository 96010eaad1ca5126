"""On-disk cache (SQLite), so unchanged input is not processed again.

Two tables. ``article_mentions``: an article's mentions, keyed by its content
(event, source, publication date, text) and valid only for the fingerprint it
was written with (the pipeline version plus the nlp and extract config).
``event_reports``: an event's finished report (its CSV rows), one entry per
event, valid while the event's articles and metadata and the whole
fingerprint (reconcile settings included) are unchanged. Changing anything
re-processes exactly what it affects. Payloads are JSON, never pickles.

Every entry records the last run date that wrote or read it (``used``);
:meth:`MentionCache.expire` drops those unused for longer than
``run.cache_days``, so a nightly cache over changing input stays bounded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, fields, is_dataclass
from datetime import date, timedelta
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from . import __version__
from .config import Config
from .records import Article, Mention
from .report import EventReport

log = logging.getLogger(__name__)
_T = TypeVar("_T")
_FIELDS = tuple(f.name for f in fields(Mention))
# The payload's layout: every field of a mention (and of its nested records) by name, in order. It is part
# of the fingerprint, so adding, renaming or moving a field makes older entries invisible (they are re-parsed).
LAYOUT = ",".join(
    f"{f.name}({','.join(g.name for g in fields(f.default))})" if is_dataclass(f.default) else f.name
    for f in fields(Mention)
)
# Bumped when the tables or the payload change; a cache file of another layout is rebuilt (a cache is only lost
# time). 4: typed kind fields (``high``, ``person_cluster`` ...) instead of the ``extra`` pairs.
_SCHEMA_VERSION = 4
# Last-used dates live in their own small tables: SQLite rewrites a whole row on UPDATE, payload included.
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS article_mentions (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_used (key TEXT PRIMARY KEY, used TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS event_reports (
    event TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_used (event TEXT PRIMARY KEY, used TEXT NOT NULL);
PRAGMA user_version = {_SCHEMA_VERSION};
"""
_TABLES = ("article_mentions", "article_used", "event_reports", "event_used")


def _digest(basis: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()[:16]


def fingerprint(config: Config) -> str:
    """What the cached mentions depend on besides the article: version, model and extractor settings."""
    return _digest(
        {
            "version": __version__,
            "layout": LAYOUT,
            "nlp": config.nlp.model_dump(exclude={"cache_dir"}),  # where the gazetteer is kept changes no mention
            "extract": config.extract.model_dump(),
        }
    )


def report_fingerprint(config: Config) -> str:
    """What an event's report depends on besides its articles: the mentions' fingerprint and the reconciler."""
    return _digest({"mentions": fingerprint(config), "reconcile": config.reconcile.model_dump()})


def event_key(event: str, articles: Sequence[Article], article_keys: Mapping[str, str], report_fp: str) -> str:
    """Hash of everything an event's report depends on: its articles (``article_keys``: source → key), their
    metadata and the settings."""
    h = hashlib.sha256(f"{report_fp}\x00{event}\x00".encode("utf-8", "surrogatepass"))
    for a in sorted(articles, key=lambda a: a.source):
        for part in (article_keys[a.source], a.outlet, a.url):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
    return h.hexdigest()


def article_key(article: Article) -> str:
    """Content hash of everything about an article that its mentions depend on."""
    h = hashlib.sha256()
    for part in (article.event, article.source, str(article.published or ""), article.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


_ROW = attrgetter(*_FIELDS)
# Fields that hold a record of their own (the frame, of plain fields): stored as that record's fields, in order.
_NESTED = {
    i: (f.default.__class__, attrgetter(*(g.name for g in fields(f.default))))
    for i, f in enumerate(fields(Mention))
    if is_dataclass(f.default)
}
# The nested records' tuple fields ("coordinated" of the frame), by the record's field index.
_NESTED_TUPLES = {
    i: tuple(k for k, g in enumerate(fields(f.default)) if isinstance(g.default, tuple))
    for i, f in enumerate(fields(Mention))
    if is_dataclass(f.default)
}
# Fields that hold a tuple (JSON gives a list back).
_TUPLES = tuple(i for i, f in enumerate(fields(Mention)) if isinstance(f.default, tuple))


def _dump(mentions: Sequence[Mention]) -> str:
    """A JSON list of rows, one per mention: its fields in the order of :data:`LAYOUT`."""
    # attrgetter, not dataclasses.astuple: astuple deep-copies every field and is ten times slower.
    rows: list[list[Any]] = []
    for m in mentions:
        row = list(_ROW(m))
        for i, (_, getter) in _NESTED.items():
            row[i] = getter(row[i])
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False)


def _load(payload: str) -> list[Mention]:
    """The mentions of a :func:`_dump` payload; ``ValueError``/``TypeError`` when it is of another layout."""
    out = []
    for row in json.loads(payload):
        if len(row) != len(_FIELDS):
            raise ValueError(f"a row of {len(row)} fields, not {len(_FIELDS)}")
        for i, (cls, _) in _NESTED.items():
            values = row[i]
            for k in _NESTED_TUPLES[i]:
                values[k] = tuple(values[k])
            row[i] = cls(*values)
        for i in _TUPLES:
            row[i] = tuple(row[i])
        out.append(Mention(*row))
    return out


# Seconds between two commits of the writes of a run (see ``MentionCache._commit_soon``).
COMMIT_EVERY = 2.0


class MentionCache:
    """Per-article mentions keyed by :func:`article_key`; valid for one :func:`fingerprint`.

    A damaged cache only costs time: any SQLite error, at opening or at any
    later call (corrupt pages, the file deleted or unwritable mid-run, a full
    disk), sets the file aside as ``<name>.bad``, logs one warning and goes
    on with a fresh, empty cache; if that fails too, the run goes on without
    one.
    """

    def __init__(self, path: Path, fingerprint: str, today: date | None = None) -> None:
        """Open (or create) the cache at ``path``; entries read or written are stamped ``today`` when given."""
        self.path = path
        self.fingerprint = fingerprint
        self.today = today.isoformat() if today is not None else ""
        self._db: sqlite3.Connection | None = None
        self._failures = 0
        self._committed = time.monotonic()
        try:
            self._db = self._open(path)
        except (sqlite3.Error, OSError) as exc:
            self._set_aside(exc)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
                if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    log.info("%s: cache of another layout; rebuilt (this run parses everything again)", path)
                db.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in _TABLES))
            db.executescript(_SCHEMA)
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _set_aside(self, exc: BaseException) -> None:
        """The cache failed: move its file aside and go on with a fresh one (or, failing that, none)."""
        self._failures += 1
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        aside = self.path.with_name(self.path.name + ".bad")
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass
        if self._failures == 1:
            try:
                self._db = self._open(self.path)
            except (sqlite3.Error, OSError):
                self._db = None
        where = f"set aside as {aside.name}" if aside.exists() else "gone"
        then = "a fresh cache is used" if self._db is not None else "the run goes on without a cache"
        log.warning(
            "%s: cache unusable (%s: %s); %s, %s (costs only time)", self.path, type(exc).__name__, exc, where, then
        )

    def _safe(self, work: Callable[[sqlite3.Connection], _T], default: _T) -> _T:
        if self._db is None:
            return default
        try:
            return work(self._db)
        except sqlite3.Error as exc:
            self._set_aside(exc)
            return default

    def get(self, keys: Iterable[str]) -> dict[str, list[Mention]]:
        """Cached mentions of those ``keys`` that have an entry for the current fingerprint."""
        wanted = list(keys)

        def work(db: sqlite3.Connection) -> dict[str, list[Mention]]:
            found: dict[str, list[Mention]] = {}
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, payload FROM article_mentions WHERE fingerprint = ? AND key IN ({marks})",
                    (self.fingerprint, *chunk),
                )
                for key, payload in rows:
                    try:
                        found[key] = _load(payload)
                    except (ValueError, TypeError):
                        continue  # an unreadable entry is re-computed
            return found

        found = self._safe(work, {})
        self.touch(found)
        return found

    def touch(self, keys: Iterable[str]) -> None:
        """Stamp the entries of ``keys`` as used today (an event whose cached report was reused keeps its
        articles too, so a later change to one article re-parses only that one)."""
        if self.today:
            rows = [(k, self.today) for k in keys]
            self._safe(
                lambda db: db.executemany("INSERT OR REPLACE INTO article_used (key, used) VALUES (?, ?)", rows), None
            )

    def put(self, items: Iterable[tuple[str, Sequence[Mention]]]) -> None:
        written = [(key, self.fingerprint, _dump(ms)) for key, ms in items]

        def work(db: sqlite3.Connection) -> None:
            db.executemany(
                "INSERT OR REPLACE INTO article_mentions (key, fingerprint, payload) VALUES (?, ?, ?)", written
            )
            if self.today:
                db.executemany(
                    "INSERT OR REPLACE INTO article_used (key, used) VALUES (?, ?)",
                    [(key, self.today) for key, _, _ in written],
                )
            self._commit_soon(db)

        self._safe(work, None)

    def _commit_soon(self, db: sqlite3.Connection) -> None:
        """Commit once ``COMMIT_EVERY`` seconds have passed since the last commit (and at ``close``): a commit per
        write was 140 commits and their fsyncs per cold run of 70 events, in the process that also feeds the
        workers; a killed run loses at most those seconds of cache, never a report."""
        now = time.monotonic()
        if now - self._committed >= COMMIT_EVERY:
            db.commit()
            self._committed = now

    def get_report(self, event: str, key: str) -> EventReport | None:
        """The event's cached report if it was written for exactly ``key``."""
        row = self._safe(
            lambda db: db.execute("SELECT key, payload FROM event_reports WHERE event = ?", (event,)).fetchone(), None
        )
        if row is None or row[0] != key:
            return None
        try:
            report = EventReport(**json.loads(row[1]))
        except (ValueError, TypeError):
            return None  # an unreadable entry is re-computed
        self._touch_event(event)
        return report

    def _touch_event(self, event: str) -> None:
        if self.today:
            self._safe(
                lambda db: db.execute(
                    "INSERT OR REPLACE INTO event_used (event, used) VALUES (?, ?)", (event, self.today)
                ),
                None,
            )

    def put_report(self, event: str, key: str, report: EventReport) -> None:
        payload = json.dumps(asdict(report), ensure_ascii=False)

        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT OR REPLACE INTO event_reports (event, key, payload) VALUES (?, ?, ?)", (event, key, payload)
            )
            if self.today:
                db.execute("INSERT OR REPLACE INTO event_used (event, used) VALUES (?, ?)", (event, self.today))
            self._commit_soon(db)

        self._safe(work, None)

    def prune(self) -> int:
        """Drop entries written under another fingerprint; returns how many."""

        def work(db: sqlite3.Connection) -> int:
            cur = db.execute("DELETE FROM article_mentions WHERE fingerprint != ?", (self.fingerprint,))
            db.commit()
            return cur.rowcount

        return self._safe(work, 0)

    def expire(self, keep_days: int) -> int:
        """Drop entries no run has used for more than ``keep_days`` days before today; returns how many."""
        if not self.today:
            return 0
        cutoff = (date.fromisoformat(self.today) - timedelta(days=keep_days)).isoformat()

        def work(db: sqlite3.Connection) -> int:
            # An entry without a stamp (written by a run without a date) counts as unused.
            dropped = db.execute(
                "DELETE FROM article_mentions WHERE key NOT IN (SELECT key FROM article_used WHERE used >= ?)",
                (cutoff,),
            ).rowcount
            dropped += db.execute(
                "DELETE FROM event_reports WHERE event NOT IN (SELECT event FROM event_used WHERE used >= ?)",
                (cutoff,),
            ).rowcount
            db.execute("DELETE FROM article_used WHERE used < ?", (cutoff,))
            db.execute("DELETE FROM event_used WHERE used < ?", (cutoff,))
            db.commit()
            return dropped

        return self._safe(work, 0)

    def __len__(self) -> int:
        return self._safe(lambda db: int(db.execute("SELECT COUNT(*) FROM article_mentions").fetchone()[0]), 0)

    def close(self) -> None:
        self._safe(lambda db: db.commit(), None)  # last-used stamps are committed with the next write or here
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def __enter__(self) -> MentionCache:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
