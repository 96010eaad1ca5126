"""On-disk cache of per-article mentions (SQLite), so unchanged articles are not parsed again.

An entry is keyed by the article's content (event, source, publication date,
text) and valid only for the fingerprint it was written with: the pipeline
version plus the nlp and extract config. Changing either re-processes
exactly the articles it affects. Payloads are JSON, never pickles.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import astuple, fields
from pathlib import Path
from types import TracebackType

from . import __version__
from .config import Config
from .records import Article, Mention

_FIELDS = tuple(f.name for f in fields(Mention))
_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_mentions (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    payload TEXT NOT NULL
)
"""


def fingerprint(config: Config) -> str:
    """What the cached mentions depend on besides the article: version, model and extractor settings."""
    basis = {"version": __version__, "nlp": config.nlp.model_dump(), "extract": config.extract.model_dump()}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()[:16]


def article_key(article: Article) -> str:
    """Content hash of everything about an article that its mentions depend on."""
    h = hashlib.sha256()
    for part in (article.event, article.source, str(article.published or ""), article.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _dump(mentions: Sequence[Mention]) -> str:
    return json.dumps([astuple(m) for m in mentions], ensure_ascii=False)


def _load(payload: str) -> list[Mention]:
    out = []
    for row in json.loads(payload):
        rec = dict(zip(_FIELDS, row, strict=True))
        rec["extra"] = tuple(tuple(pair) for pair in rec["extra"])
        out.append(Mention(**rec))
    return out


class MentionCache:
    """Per-article mentions keyed by :func:`article_key`; valid for one :func:`fingerprint`."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.fingerprint = fingerprint
        try:
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError:
            # A corrupt cache is only lost time, never lost data: start a new one.
            path.unlink(missing_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
        self._db.commit()

    def get(self, keys: Iterable[str]) -> dict[str, list[Mention]]:
        """Cached mentions of those ``keys`` that have an entry for the current fingerprint."""
        found: dict[str, list[Mention]] = {}
        wanted = list(keys)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, payload FROM article_mentions WHERE fingerprint = ? AND key IN ({marks})",
                (self.fingerprint, *chunk),
            )
            for key, payload in rows:
                try:
                    found[key] = _load(payload)
                except (ValueError, TypeError):
                    continue  # an unreadable entry is re-computed
        return found

    def put(self, items: Iterable[tuple[str, Sequence[Mention]]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO article_mentions (key, fingerprint, payload) VALUES (?, ?, ?)",
            ((key, self.fingerprint, _dump(ms)) for key, ms in items),
        )
        self._db.commit()

    def prune(self) -> int:
        """Drop entries written under another fingerprint; returns how many."""
        cur = self._db.execute("DELETE FROM article_mentions WHERE fingerprint != ?", (self.fingerprint,))
        self._db.commit()
        return cur.rowcount

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM article_mentions").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MentionCache:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
