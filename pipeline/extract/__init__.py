"""Extract stage: one module per fact kind.

``extract_article`` runs per article (cacheable, parallel); ``resolve_event``
runs once per event over all its articles' mentions (label voting across
mentions, canonical names, attaching roles to people).

The extractors (and spaCy, dateparser, quantulum3 behind them) are imported
on first use, so importing this package costs nothing to a run that finds
everything in the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..config import ExtractConfig
from ..records import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def sort_key(m: Mention) -> tuple[str, str, int, int, str]:
    return (m.event, m.source, m.start, m.end, m.kind)


def extract_article(doc: Doc, article: Article, config: ExtractConfig) -> list[Mention]:
    """Dates, numbers and raw entity candidates of one parsed article."""
    from .dates import extract_dates
    from .entities import entity_candidates
    from .numbers import extract_numbers

    # The doc was parsed from exactly this text; spaCy would rebuild it token by token on every access.
    doc.user_data.setdefault("pipeline_text", article.text)
    try:
        mentions = [
            *extract_dates(doc, article=article, config=config.dates),
            *extract_numbers(doc, article=article, config=config.numbers),
            *entity_candidates(doc, article=article, config=config.entities),
        ]
    finally:
        # What the extractors remembered about this doc (its entity spans hold the doc: no cycle left behind).
        for key in ("pipeline_ents", "pipeline_subjects"):
            doc.user_data.pop(key, None)
    return sorted(mentions, key=sort_key)


def resolve_event(mentions: Iterable[Mention], config: ExtractConfig) -> list[Mention]:
    """Event-level resolution of the per-article mentions of one event."""
    from .entity_resolve import resolve_entities

    return sorted(resolve_entities(list(mentions), config=config.entities), key=sort_key)


__all__ = ["extract_article", "resolve_event", "sort_key"]
