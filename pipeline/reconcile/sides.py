"""How a finding's mentions line up for a reader: its sides, each value's range, the article's link.

A *side* is the mentions of one finding that compare the same value: numbers and
dates by their value, qualifier and upper bound; people by spelling (a bare
surname joins the full name it ends); roles by their folded title; places and
organisations by name. Side 0 is the one held by the most sources.
"""

from __future__ import annotations

import contextlib
import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from datetime import date

from ..config import ReconcileConfig
from ..records import Article, Mention
from .names import fold, names_agree
from .values import date_interval


def _key(mention: Mention, config: ReconcileConfig) -> Hashable:
    if mention.kind in ("number", "date"):
        return (mention.value, mention.qualifier, mention.high)
    if mention.kind == "person":
        return fold(mention.written or mention.text, config)
    if mention.kind == "role":
        return fold(mention.value, config, drop=frozenset(w.lower() for w in config.role_ignore_words))
    return mention.value


def sides(kind: str, mentions: Sequence[Mention], config: ReconcileConfig) -> dict[str, int]:
    """Each mention's side (by ``mention_id``): 0 for the value most sources give, then 1, 2, ..."""
    groups: dict[Hashable, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[_key(m, config)].append(m)
    if kind == "person":
        # "Heappey" is on the side of the "James Heappey" most sources write, not a side of its own.
        full = sorted(
            (k for k in groups if isinstance(k, tuple) and len(k) > 1),
            key=lambda k: (-len({m.source for m in groups[k]}), k),
        )
        for bare in [k for k in groups if isinstance(k, tuple) and len(k) == 1]:
            target = next((k for k in full if names_agree(bare, k)), None)
            if target is not None:
                groups[target].extend(groups.pop(bare))
        # "W. Mark Felt", "William Mark Felt" and "Mark Felt" are one spelling: a misspelt "Feld" is the side
        # a reader looks for, not a middle initial.
        kept: list[Hashable] = []
        for k in full:
            target = next((t for t in kept if names_agree(k, t)), None)  # type: ignore[arg-type]
            if target is None:
                kept.append(k)
            else:
                groups[target].extend(groups.pop(k))
    order = sorted(
        groups.values(),
        key=lambda ms: (-len({m.source for m in ms}), -len(ms), min((m.source, m.start) for m in ms)),
    )
    if kind == "person" and len(order) > 2:
        # After the spelling most sources write, the ones with another surname (a misspelling: "Feld" of "Felt")
        # before the ones that differ in a first word ("Without Felt", a tagger's stray).
        surname = _surname_of(order[0], config)
        order = [order[0], *sorted(order[1:], key=lambda ms: _surname_of(ms, config) == surname)]
    return {m.mention_id: i for i, ms in enumerate(order) for m in ms}


def _surname_of(mentions: Sequence[Mention], config: ReconcileConfig) -> str:
    words = fold(mentions[0].written or mentions[0].text, config)
    return words[-1] if words else ""


def _decimal(x: float) -> str:
    if not math.isfinite(x):
        return ""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.6f}".rstrip("0").rstrip(".")


def value_bounds(mention: Mention, config: ReconcileConfig) -> tuple[str, str]:
    """The range a number or date mention states, as ``(low, high)`` text; ``""`` for an open end or no range.

    Numbers: the value itself, its upper bound when it is a range or a vague count ("dozens" = 12 to 120),
    ``approx_tolerance`` either side of a single approximate number ("about 300" = 270 to 330), one end open for
    "more than"/"less than". Dates: the first and last day the date covers, one end open for "before"/"after".
    """
    if mention.kind == "number":
        try:
            low = high = float(mention.value)
        except ValueError:
            return "", ""
        top = mention.high
        if top:
            with contextlib.suppress(ValueError):
                low, high = min(low, float(top)), max(low, float(top))
        q = mention.qualifier
        if q == "~" and not top:
            slack = max(abs(low) * config.approx_tolerance, 1.0)
            low, high = low - slack, high + slack
        elif q in (">", ">="):
            high = math.inf
        elif q in ("<", "<="):
            low = -math.inf
        return _decimal(low), _decimal(high)
    if mention.kind == "date":
        interval = date_interval(mention.value, mention.qualifier, mention.until)
        if interval is None:
            return "", ""
        return tuple(  # type: ignore[return-value]
            date.fromordinal(int(x)).isoformat() if math.isfinite(x) else "" for x in (interval.low, interval.high)
        )
    return "", ""


def article_link(article: Article) -> str:
    """Where a reader finds the article: its URL, else its local file as a ``file://`` URI, else ``""``."""
    if article.url:
        return article.url
    if article.path is not None:
        try:
            return article.path.resolve().as_uri()
        except (OSError, ValueError):
            return ""
    return ""
