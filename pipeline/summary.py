"""One row per finding: who says what, side by side (``summary.csv``).

Built from the reconciler's rows (:class:`~pipeline.reconcile.FactRow`): a
finding's mentions are grouped by their ``side``; side A (0) is what most
sources say, side B (1) the main disagreement, and any further sides are
listed in ``other_sides``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .reconcile import FactRow
from .report import QUALIFIER_WORDS

_SIDE_FIELDS = (
    "value",
    "qualifier",
    "low",
    "high",
    "sources",
    "outlets",
    "quote",
    "sentence",
    "source",
    "start",
    "end",
    "url",
)

SUMMARY_COLUMNS: tuple[str, ...] = (
    "event",
    "finding_id",
    "status",
    "kind",
    "fact",
    "confidence",
    "sides",
    *(f"a_{f}" for f in _SIDE_FIELDS),
    *(f"b_{f}" for f in _SIDE_FIELDS),
    "other_sides",
)
INT_COLUMNS = frozenset({"sides", "a_sources", "b_sources", "a_start", "a_end", "b_start", "b_end"})


@dataclass(frozen=True, slots=True)
class Side:
    """The mentions of one finding that give one value."""

    value: str
    qualifier: str
    low: str
    high: str
    sources: int
    outlets: str
    quote: str
    sentence: str
    source: str
    start: int | str
    end: int | str
    url: str


_NO_SIDE = Side("", "", "", "", 0, "", "", "", "", "", "", "")


def side_of(rows: Sequence[FactRow]) -> Side:
    """One side's value, how many sources say it, which outlets, and one quote (the longest, then the first)."""
    sources = sorted({r.source for r in rows})
    outlets = list(dict.fromkeys(r.outlet or r.source for r in sorted(rows, key=lambda r: r.source)))
    quote = max(rows, key=lambda r: (len(r.text), -r.start))
    return Side(
        value=quote.text if quote.kind == "person" else quote.value,  # a person's side is a spelling
        qualifier=QUALIFIER_WORDS.get(quote.qualifier, quote.qualifier),
        low=quote.value_low,
        high=quote.value_high,
        sources=len(sources),
        outlets="; ".join(outlets),
        quote=quote.text,
        sentence=quote.sentence,
        source=quote.source,
        start=quote.start,
        end=quote.end,
        url=quote.url,
    )


def finding_groups(rows: Iterable[FactRow]) -> list[list[FactRow]]:
    """The rows of each finding, findings in the order they come (most important first)."""
    groups: dict[str, list[FactRow]] = {}
    for r in rows:
        groups.setdefault(r.finding_id, []).append(r)
    return list(groups.values())


def sides_of(rows: Sequence[FactRow]) -> list[list[FactRow]]:
    """A finding's rows split by side, side 0 first."""
    by_side: dict[int, list[FactRow]] = {}
    for r in rows:
        by_side.setdefault(r.side, []).append(r)
    return [by_side[k] for k in sorted(by_side)]


def summary_rows(rows: Iterable[FactRow]) -> list[dict[str, object]]:
    """One row per finding, in the order of ``rows``; columns :data:`SUMMARY_COLUMNS`."""
    out: list[dict[str, object]] = []
    for group in finding_groups(rows):
        first = group[0]
        sides = [side_of(s) for s in sides_of(group)]
        a, b = sides[0], sides[1] if len(sides) > 1 else _NO_SIDE
        row: dict[str, object] = {
            "event": first.event,
            "finding_id": first.finding_id,
            "status": first.status,
            "kind": first.kind,
            "fact": first.fact,
            "confidence": first.confidence,
            "sides": len(sides),
        }
        for prefix, side in (("a", a), ("b", b)):
            for f in _SIDE_FIELDS:
                row[f"{prefix}_{f}"] = getattr(side, f)
        row["other_sides"] = "; ".join(f"{s.value} ({s.sources} sources: {s.outlets})" for s in sides[2:])
        out.append(row)
    return out
