"""Ingest: read events into :class:`Article` records.

An input root holds one folder per event (every ``.txt``, ``.md`` or
``.html`` file in it is one source article, with optional ``sources.csv``
metadata) and/or feed files (``.jsonl``, ``.csv``) with one article per row.
A single feed file may also be given as the root. Bad inputs are skipped with
a one-line reason (:class:`Skipped`), never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from ..config import IngestConfig
from ..records import Article, Skipped
from .feeds import FEED_EXTENSIONS, read_feed
from .files import decode, find_dateline, html_to_text, read_article, read_event, read_sources_csv

Batch = tuple[str, list[Article], list[Skipped]]


def _has_articles(folder: Path, config: IngestConfig) -> bool:
    extensions = {e.lower() for e in config.extensions}
    return any(p.is_file() and p.suffix.lower() in extensions for p in folder.iterdir())


def read_events(root: Path, config: IngestConfig) -> Iterator[Batch]:
    """Yield ``(event, articles, skipped)`` for every event under ``root``, one event at a time.

    Batches with an empty event name carry skipped inputs that belong to no event.
    """
    if root.is_file():
        if root.suffix.lower() in FEED_EXTENSIONS:
            yield from read_feed(root, config)
        else:
            yield "", [], [Skipped(str(root), "not a folder or a .jsonl/.csv feed; nothing read")]
        return
    entries = sorted(p for p in root.iterdir() if not p.name.startswith("."))
    folders = [p for p in entries if p.is_dir()]
    feeds = [p for p in entries if p.is_file() and p.suffix.lower() in FEED_EXTENSIONS]
    if not folders and _has_articles(root, config):
        folders = [root]
    seen: set[str] = set()
    batches = chain(
        (read_event_dir(f, config) for f in folders), (b for feed in feeds for b in read_feed(feed, config))
    )
    for batch in batches:
        event, articles, skipped = batch
        if event and event in seen:
            where = articles[0].path if articles and articles[0].path else event
            yield "", [], [Skipped(str(where), f"event {event!r} appears in more than one input; later one skipped")]
            continue
        if event:
            seen.add(event)
        yield event, articles, skipped


def count_articles(root: Path, config: IngestConfig) -> int:
    """How many articles ``root`` holds, counted cheaply up front (files by name, feed rows by line), for a
    progress total that does not grow as the run goes. Skipped and unreadable inputs are counted too."""
    extensions = {e.lower() for e in config.extensions}

    def in_folder(folder: Path) -> int:
        try:
            return sum(
                1
                for p in folder.iterdir()
                if not p.name.startswith(".") and p.suffix.lower() in extensions and p.name != config.metadata_file
            )
        except OSError:
            return 0

    def in_feed(feed: Path) -> int:
        try:
            with feed.open("rb") as fh:
                lines = sum(1 for line in fh if line.strip())
        except OSError:
            return 0
        return lines - 1 if feed.suffix.lower() == ".csv" else lines  # a CSV feed's header (rows may span lines)

    if root.is_file():
        return in_feed(root) if root.suffix.lower() in FEED_EXTENSIONS else 0
    if not root.is_dir():
        return 0
    entries = [p for p in root.iterdir() if not p.name.startswith(".")]
    folders = [p for p in entries if p.is_dir()]
    feeds = [p for p in entries if p.is_file() and p.suffix.lower() in FEED_EXTENSIONS]
    if not folders and _has_articles(root, config):
        folders = [root]
    return sum(map(in_folder, folders)) + sum(map(in_feed, feeds))


def read_event_dir(folder: Path, config: IngestConfig) -> Batch:
    """One event folder as a batch; an unreadable folder is a skipped input."""
    try:
        articles, skipped = read_event(folder, config)
    except OSError as exc:
        return folder.name, [], [Skipped(str(folder), f"cannot read event folder ({exc.strerror or exc}); skipped")]
    return folder.name, articles, skipped


__all__ = [
    "Batch",
    "count_articles",
    "decode",
    "find_dateline",
    "html_to_text",
    "read_article",
    "read_event",
    "read_event_dir",
    "read_events",
    "read_feed",
    "read_sources_csv",
]
