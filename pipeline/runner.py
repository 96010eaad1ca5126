"""Plain functions that chain the stages: ingest → nlp → extract → reconcile → report."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .config import Config
from .extract import extract_article, resolve_event
from .ingest import read_events
from .nlp import load_nlp, parse
from .records import MENTION_COLUMNS, Article, Mention, Skipped
from .report import write_csv

log = logging.getLogger(__name__)


class InputError(Exception):
    """The input root cannot be used at all (missing, not a folder)."""


@dataclass
class Summary:
    """What a run did, for the terminal and the log."""

    events: int = 0
    sources: int = 0
    mentions: int = 0
    facts: int = 0
    conflicts: int = 0
    unique: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"events: {self.events}",
            f"sources: {self.sources}",
            f"mentions: {self.mentions}",
            f"facts: {self.facts}",
            f"conflicts: {self.conflicts}",
            f"unique facts: {self.unique}",
            f"files skipped: {sum(1 for s in self.skipped if not s.reason.startswith('warning'))}",
        ]


def event_mentions(articles: list[Article], nlp: Language, config: Config) -> list[Mention]:
    """Parse and extract every article of one event, then resolve entities across them."""
    docs = parse(nlp, (a.text for a in articles), batch_size=config.nlp.batch_size, n_process=config.nlp.n_process)
    per_article: list[Mention] = []
    for article, doc in zip(articles, docs, strict=True):
        per_article.extend(extract_article(doc, article, config.extract))
    return resolve_event(per_article, config.extract)


def iter_event_mentions(input_root: Path, config: Config, summary: Summary) -> Iterator[tuple[str, list[Mention]]]:
    """Yield ``(event, mentions)`` per event under ``input_root``; skipped inputs go to ``summary``."""
    if not input_root.exists():
        raise InputError(f"{input_root}: input not found; pass --input with a folder of event folders or a feed file")
    nlp: Language | None = None
    for event, articles, skipped in read_events(input_root, config.ingest):
        for item in skipped:
            log.warning("%s", item)
        summary.skipped.extend(skipped)
        if not event or not articles:
            continue
        if len(articles) == 1:
            log.warning("%s: event has a single source; every fact will be unique", event)
        nlp = nlp or load_nlp(config.nlp)
        mentions = event_mentions(articles, nlp, config)
        summary.events += 1
        summary.sources += len(articles)
        summary.mentions += len(mentions)
        yield event, mentions


def prepare_output(output: Path) -> None:
    """Create ``output`` and check it is writable before any work is done (raises ``OSError``)."""
    output.mkdir(parents=True, exist_ok=True)
    probe = output / ".write-test"
    probe.write_text("")
    probe.unlink()


def mentions(input_root: Path, output: Path, config: Config) -> Summary:
    """Extract every mention under ``input_root`` into ``output/mentions.csv``."""
    prepare_output(output)
    summary = Summary()
    rows: list[Mention] = []
    for _, event_rows in iter_event_mentions(input_root, config, summary):
        rows.extend(event_rows)
    write_csv(output / "mentions.csv", MENTION_COLUMNS, rows)
    return summary
