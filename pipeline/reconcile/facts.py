"""Decide agree / conflict / unique for each aligned fact and lay it out as report rows."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from ..config import ReconcileConfig
from ..records import Article, Mention
from .align import Group, align, most_common
from .match import context_score
from .names import NameFact, name_facts, near_miss, person_aliases, role_verdict, side_values, sides_conflict
from .places import PlaceValue
from .sides import article_link, sides, value_bounds
from .slots import Context

Status = Literal["conflict", "spelling", "wording", "unique", "agree"]
# Most important first: outlets contradict each other, spell one person differently, word one role
# differently (these three are the report's disagreements), say what no other says; agreements last.
STATUS_ORDER: dict[str, int] = {"conflict": 0, "spelling": 1, "wording": 2, "unique": 3, "agree": 4}
DISAGREEING: frozenset[str] = frozenset({"conflict", "spelling", "wording"})

FINDING_COLUMNS: tuple[str, ...] = (
    "event",
    "finding_id",
    "status",
    "kind",
    "fact",
    "source",
    "outlet",
    "value",
    "unit",
    "qualifier",
    "text",
    "sentence",
    "start",
    "end",
    "confidence",
    "side",
    "value_low",
    "value_high",
    "url",
    "published",
)


@dataclass(frozen=True, slots=True)
class FactRow:
    """One mention of one aligned fact: a row of ``findings.csv`` and ``facts.csv``."""

    event: str
    finding_id: str
    status: Status
    kind: str
    fact: str
    source: str
    outlet: str
    value: str
    unit: str
    qualifier: str
    text: str
    sentence: str
    start: int
    end: int
    confidence: float
    # Which side of its finding the mention is on: the finding's mentions grouped by the value they compare
    # (see ``sides``); 0 is the side the most sources hold.
    side: int = 0
    # The range the value states, as text: numbers as plain decimals, dates as ISO days; "" where open or n/a.
    value_low: str = ""
    value_high: str = ""
    # The article's address (metadata or feed), else a file:// URI of the local file, else "".
    url: str = ""
    # The article's publication date (ISO), "" when unknown.
    published: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """An aligned fact before it is laid out as rows."""

    kind: str
    label: str
    status: Status
    confidence: float
    mentions: tuple[Mention, ...]


def reconcile_event(mentions: Sequence[Mention], articles: Sequence[Article], config: ReconcileConfig) -> list[FactRow]:
    """Every fact of one event, most important first: conflicts, then unique facts, then agreements."""
    names = name_facts(mentions, config)
    value_facts = (_value_fact(g, config) for g in align(mentions, config, person_aliases(names)))
    facts = [
        # A place slot is reported only where outlets disagree: "place: X" facts already say who names it.
        *(f for f in value_facts if f.kind != "place" or f.status == "conflict"),
        *(_name_fact(nf, config) for nf in names),
    ]
    facts = [f for f in facts if f.status != "unique" or f.kind in config.unique_kinds]
    facts.sort(key=lambda f: (STATUS_ORDER[f.status], -f.confidence, f.kind, f.label))
    by_source = {a.source: a for a in articles}
    links = {a.source: article_link(a) for a in articles}
    rows: list[FactRow] = []
    for fact in facts:
        fid = _finding_id(fact)
        side_of = sides(fact.kind, fact.mentions, config)
        for m in sorted(fact.mentions, key=lambda m: (m.source, m.start, m.end)):
            article = by_source.get(m.source)
            low, high = value_bounds(m, config)
            rows.append(
                FactRow(
                    event=m.event,
                    finding_id=fid,
                    status=fact.status,
                    kind=m.kind,
                    fact=fact.label,
                    source=m.source,
                    outlet=article.outlet if article is not None else "",
                    value=m.value,
                    unit=m.unit,
                    qualifier=m.qualifier,
                    text=m.text,
                    sentence=m.sentence,
                    start=m.start,
                    end=m.end,
                    confidence=round(fact.confidence, 3),
                    side=side_of[m.mention_id],
                    value_low=low,
                    value_high=high,
                    url=links.get(m.source, ""),
                    published=article.published.isoformat() if article is not None and article.published else "",
                )
            )
    return rows


def _finding_id(fact: Fact) -> str:
    """Stable across runs while the fact's mentions stay the same; unique across events."""
    key = "|".join(sorted(m.mention_id for m in fact.mentions))
    event = fact.mentions[0].event
    # A letter first, so no spreadsheet reads an id as a number ("864e874657" is 8.64e876).
    return "f" + hashlib.sha1(f"{event}|{fact.kind}|{fact.label}|{key}".encode()).hexdigest()[:10]


def _weight(kind: str, config: ReconcileConfig) -> float:
    return config.kind_weight.get(kind, 1.0)  # type: ignore[call-overload]


def _value_fact(group: Group, config: ReconcileConfig) -> Fact:
    kind = group.mentions[0].kind
    label = _value_label(group)
    sources = {m.source for m in group.mentions}
    w = _weight(kind, config)
    if len(sources) == 1:
        # Surer the further it is from anything another source says.
        return Fact(kind, label, "unique", w * (1 - min(max(group.nearest, 0.0), 1.0) / 2), tuple(group.mentions))
    # Sources that said exactly the same values are one side: compare distinct sides, not all pairs of sources.
    by_source: dict[str, set[Context]] = {}
    for m, c in zip(group.mentions, group.contexts, strict=True):
        by_source.setdefault(m.source, set()).add(c)
    sides = {frozenset(cs) for cs in by_source.values()}
    disagreeing = [(a, b) for a, b in combinations(sides, 2) if sides_disagree(a, b)]
    if disagreeing:
        best = max(context_score(x, y, config) for a, b in disagreeing for x in a for y in b)
        return Fact(kind, label, "conflict", w * min(max(best, 0.0), 1.0), tuple(group.mentions))
    return Fact(kind, label, "agree", w * min(group.best_score, 1.0), tuple(group.mentions))


def sides_disagree(a: Iterable[Context], b: Iterable[Context]) -> bool:
    """No value of one source's side meets one of the other's.

    Places compare level by level: "in Gao, Mali" and "in Timbuktu, Mali" disagree on the town although
    both name Mali, and "in Gao" and "in Timbuktu and Gao" agree.
    """
    xs, ys = [c.interval for c in a], [c.interval for c in b]
    if any(isinstance(x, PlaceValue) for x in xs):
        places_a = [x for x in xs if isinstance(x, PlaceValue)]
        places_b = [y for y in ys if isinstance(y, PlaceValue)]
        levels = {x.level for x in places_a} & {y.level for y in places_b}
        return any(
            not any(x.meets(y) for x in places_a if x.level == level for y in places_b if y.level == level)
            for level in levels
        )
    return not any(x.meets(y) for x in xs for y in ys)


def _value_label(group: Group) -> str:
    """A short readable name of what is compared: "troop count (deploy): United Kingdom, Mali"."""
    first = group.mentions[0]
    verb = most_common(c.verb for c in group.contexts)
    entities = Counter(e for c in group.contexts for e in c.entities)
    subject = most_common(c.subject for c in group.contexts)
    names = [subject] if subject and subject in entities else []
    names += [e for e, _ in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0])) if e not in names][
        : 3 - len(names)
    ]
    where = f": {', '.join(names)}" if names else ""
    if first.kind == "number":
        thing = most_common(m.unit for m in group.mentions) or "number"
        return f"{thing} count" + (f" ({verb})" if verb else "") + where
    block = group.contexts[0].block
    if first.kind == "place" and block in ("place:home", "place:bearing", "place:within"):
        anchor = most_common(c.anchor for c in group.contexts)  # whose home, where from, what is where (lower case)
        named = next((e for e in entities if e.lower() == anchor), anchor)
        if block == "place:home":
            return "home" + (f" of {named}" if anchor else "")
        return f"direction from {anchor.title()}" if block == "place:bearing" else f"where {named} is"
    if first.kind == "place":
        slot = {"place:from": "origin", "place:to": "destination"}.get(group.contexts[0].block, "place")
        return f"{slot}" + (f" of {verb}" if verb else "") + where
    things = most_common(t for c in group.contexts for t in c.things if not t.isdigit())
    head = {"duration": "duration", "offset": "time after"}.get(group.contexts[0].block, "date")
    return head + (f" of {verb}" if verb else "") + (f" ({things})" if things else "") + where


def _name_fact(nf: NameFact, config: ReconcileConfig) -> Fact:
    labels = {"person": "name of", "role": "role of", "place": "place:", "organisation": "organisation:"}
    label = f"{labels[nf.kind]} {nf.subject}"
    sides = side_values(nf, config)
    w = _weight(nf.kind, config)
    if len(sides) == 1:
        return Fact(nf.kind, label, "unique", w, nf.mentions)
    distinct = {frozenset(values) for values in sides.values()}
    pairs = list(combinations(distinct, 2))
    if nf.kind == "role":
        verdicts = {_role_sides(a, b, config) for a, b in pairs}
        status = "conflict" if "conflict" in verdicts else "wording" if "wording" in verdicts else "agree"
        if status != "agree":
            return Fact(nf.kind, label, status, w * (1.0 if status == "conflict" else 0.5), nf.mentions)
    elif any(sides_conflict(a, b, nf.kind) for a, b in pairs):
        # Clusters of one surname and two first names: which person? Else one person spelled two ways.
        return Fact(nf.kind, label, "conflict" if nf.identity else "spelling", w, nf.mentions)
    elif nf.respelled or (nf.kind == "person" and near_miss(nf, config)):
        return Fact(nf.kind, label, "spelling", w * 0.75, nf.mentions)
    return Fact(nf.kind, label, "agree", w * min(1.0, len(sides) / 3), nf.mentions)


def _role_sides(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]], config: ReconcileConfig) -> str:
    """Two sources' roles for a person: agree if any pair agrees, else conflict if any pair conflicts, else wording."""
    verdicts = {role_verdict(x, y, config) for x in a for y in b}
    if "agree" in verdicts:
        return "agree"
    return "conflict" if "conflict" in verdicts else "wording"
