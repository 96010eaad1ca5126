"""Feed files: one article per row, as scrapers write them.

A JSON Lines (``.jsonl``) or CSV (``.csv``) file whose rows have
``event, source, outlet, published, url, text``. JSON Lines feeds are indexed
by byte offset first and read one event at a time, so a large feed is never
held in memory whole; CSV feeds are read whole (prefer JSON Lines for big
feeds).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import IngestConfig
from ..records import Article, Skipped
from .files import decode, find_dateline, parse_iso, resolve_event_dates
from .furniture import blank_furniture, outlet_name

FEED_EXTENSIONS = (".jsonl", ".csv")
FEED_FIELDS = ("event", "source", "outlet", "published", "url", "text")


@dataclass(frozen=True, slots=True)
class _Row:
    where: str
    fields: dict[str, str]


def _row_article(row: _Row, config: IngestConfig, warn: list[Skipped]) -> tuple[Article, tuple[int, int] | None] | None:
    """One feed row as an :class:`Article`, or ``None`` with a warning saying why it was skipped."""
    f = row.fields
    event, text = f.get("event", "").strip(), f.get("text", "")
    if not event:
        warn.append(Skipped(row.where, "row has no 'event'; skipped"))
        return None
    if not text.strip():
        warn.append(Skipped(row.where, "row has no 'text'; skipped"))
        return None
    if len(text) > config.max_chars or len(text.encode("utf-8", "replace")) > config.max_file_bytes:
        warn.append(
            Skipped(
                row.where, f"text is over the limit of {config.max_file_bytes} bytes or {config.max_chars} characters"
            )
        )
        return None
    source = f.get("source", "").strip() or row.where.rsplit("/", 1)[-1]
    published = parse_iso(f.get("published", "").strip()) if f.get("published", "").strip() else None
    if f.get("published", "").strip() and published is None:
        warn.append(Skipped(row.where, f"warning: published {f['published']!r} is not a YYYY-MM-DD date; ignored"))
    part = None
    published_from = "metadata" if published else ""
    if published is None:
        published, part = find_dateline(text)
        published_from = "dateline" if published else ""
    url = f.get("url", "").strip()
    article = Article(
        event=event,
        source=source,
        text=blank_furniture(text) if config.drop_furniture else text,
        path=None,
        outlet=outlet_name(f.get("outlet", ""), url, text, source),
        url=url,
        published=published,
        published_from=published_from,
    )
    return article, part


def _event_articles(rows: list[_Row], config: IngestConfig, warn: list[Skipped]) -> list[Article]:
    articles: list[Article] = []
    partial: dict[str, tuple[int, int]] = {}
    seen: set[str] = set()
    for row in rows:
        made = _row_article(row, config, warn)
        if made is None:
            continue
        article, part = made
        if article.source in seen:
            warn.append(Skipped(row.where, f"source {article.source!r} repeats an earlier row of this event; skipped"))
            continue
        seen.add(article.source)
        if part is not None:
            partial[article.source] = part
        articles.append(article)
    return resolve_event_dates(articles, partial)


def _jsonl_index(path: Path, warn: list[Skipped]) -> dict[str, list[tuple[int, int]]]:
    """Byte offsets and line numbers of each event's rows."""
    index: dict[str, list[tuple[int, int]]] = {}
    with path.open("rb") as fh:
        offset = 0
        for lineno, line in enumerate(fh, start=1):
            here, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                warn.append(Skipped(f"{path}:{lineno}", f"not valid JSON ({exc.__class__.__name__}); line skipped"))
                continue
            if not isinstance(record, dict):
                warn.append(Skipped(f"{path}:{lineno}", "line is not a JSON object; skipped"))
                continue
            index.setdefault(str(record.get("event", "")).strip(), []).append((here, lineno))
    return index


def _jsonl_rows(path: Path, where: list[tuple[int, int]]) -> list[_Row]:
    rows: list[_Row] = []
    with path.open("rb") as fh:
        for offset, lineno in where:
            fh.seek(offset)
            record = json.loads(fh.readline())
            fields = {k: "" if record.get(k) is None else str(record.get(k)) for k in FEED_FIELDS}
            rows.append(_Row(f"{path}:{lineno}", fields))
    return rows


def _csv_rows(path: Path, warn: list[Skipped]) -> dict[str, list[_Row]]:
    try:
        text, _ = decode(path.read_bytes())
    except ValueError as exc:
        warn.append(Skipped(str(path), str(exc)))
        return {}
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if "event" not in header or "text" not in header:
        warn.append(Skipped(str(path), f"feed needs the columns {', '.join(FEED_FIELDS)}; header has {header}"))
        return {}
    out: dict[str, list[_Row]] = {}
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                warn.append(Skipped(where, f"row has {len(row)} fields, header has {len(header)}; skipped"))
                continue
            fields = dict(zip(header, row, strict=True))
            out.setdefault(fields.get("event", "").strip(), []).append(_Row(where, fields))
    except csv.Error as exc:
        warn.append(Skipped(f"{path}:{reader.line_num}", f"malformed CSV ({exc}); the rest of the file is skipped"))
    return out


def read_feed(path: Path, config: IngestConfig) -> Iterator[tuple[str, list[Article], list[Skipped]]]:
    """Yield ``(event, articles, skipped)`` per event of a feed file, events in name order."""
    warn: list[Skipped] = []
    try:
        if path.suffix.lower() == ".jsonl":
            index = _jsonl_index(path, warn)
            groups = {event: (lambda w=where: _jsonl_rows(path, w)) for event, where in index.items()}
        else:
            by_event = _csv_rows(path, warn)
            groups = {event: (lambda r=rows: r) for event, rows in by_event.items()}
    except OSError as exc:
        yield "", [], [Skipped(str(path), f"cannot read feed ({exc.strerror or exc}); check it exists and is readable")]
        return
    if "" in groups:
        for row in groups.pop("")():
            warn.append(Skipped(row.where, "row has no 'event'; skipped"))
    if warn:
        yield "", [], warn
    for event in sorted(groups):
        skipped: list[Skipped] = []
        try:
            rows = groups[event]()
        except OSError as exc:
            yield event, [], [Skipped(str(path), f"feed changed or vanished during the run ({exc}); event skipped")]
            continue
        except ValueError:
            yield event, [], [Skipped(str(path), "feed changed during the run; event skipped, run again")]
            continue
        articles = _event_articles(rows, config, skipped)
        yield event, articles, skipped
