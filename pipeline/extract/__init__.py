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
        for key in ("pipeline_ents", "pipeline_parse"):
            doc.user_data.pop(key, None)
    return sorted(mentions, key=sort_key)


def warm_up(config: ExtractConfig) -> None:
    """Import the extractors and build what they otherwise build on their first articles: quantulum3's patterns,
    units and training index (its training words counted per unit), dateparser's locale and time-zone tables, the
    entity tables (about 0.9 s of CPU, once instead of in every worker).

    For a process that forks workers: they share it instead of each building it again. Only outputs of pure,
    cached functions are computed, so what any article gives is unchanged.
    """
    from . import dates, entities, numbers  # noqa: F401
    from .date_normalise import _dateparser
    from .entity_names import tables
    from .number_measures import _parse_window, _training_words, is_measure_word

    tables(config.entities)  # the names' lookups, pycountry's countries among them (about 0.07 s)
    is_measure_word("km")
    _parse_window("about 5 km per hour")
    _training_words("en_US")  # what quantulum3's unit disambiguation reads (the window above needs none)
    _dateparser("7/8/07", tuple(config.dates.languages), None)


def resolve_event(mentions: Iterable[Mention], config: ExtractConfig) -> list[Mention]:
    """Event-level resolution of the per-article mentions of one event."""
    from .entity_resolve import resolve_entities

    return sorted(resolve_entities(list(mentions), config=config.entities), key=sort_key)


__all__ = ["extract_article", "resolve_event", "sort_key", "warm_up"]
