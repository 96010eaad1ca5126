"""Injected changes: one fact of one article changed so that it surely disagrees with another article.

The facts are chosen without the pipeline's extractors: gold ECB+ ``TIME_*``,
``LOC_*`` and ``HUMAN_PART_PER`` mentions whose cross-document instance another
article of the event also mentions with the same name, date part or place, and
numbers found by a plain pattern that another article states with the same
noun after them. Each change is far outside any hedge (a number ×3 or ×4, a
date part moved past its granularity, a place swapped for one of the same kind
elsewhere, a surname with one letter changed or a different first name).
Everything random comes from ``random.Random`` seeded per event, so the same
inputs and seed give the same list in the same order.
"""

from __future__ import annotations

import logging
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from ..records import Article
from .disagreements import DISAGREEING, findings
from .ecbplus import EcbDoc, GoldMention
from .injection_facts import (
    AGE,
    PART_OF,
    date_parts,
    first_name,
    new_date,
    new_number,
    new_place,
    number_facts,
    one_letter,
    person_name,
    place_names,
    places,
    words_of,
)

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("number", "date", "place", "person")
# Places two articles name alike are scarce in ECB+ (70 facts over 66 events): one more per event for them.
EXTRA_PER_EVENT: dict[str, int] = {"place": 1}


@dataclass(frozen=True, slots=True)
class Injection:
    """One changed fact: ``text[start:end]`` of ``source`` (== ``old``) becomes ``new``."""

    event: str
    source: str
    kind: str  # "number" | "date" | "place" | "person"
    start: int
    end: int
    old: str
    new: str
    partner: str  # another article of the event stating the same fact
    why: str


class Row(Protocol):
    """What the scorer reads of a finding row (``pipeline.reconcile.facts.FactRow`` has it)."""

    @property
    def finding_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def value(self) -> str: ...


# --------------------------------------------------------------------------- applying and scoring


def apply_injection(text: str, inj: Injection) -> str:
    """``text`` with the injection's span replaced; ValueError if the span does not hold ``old``."""
    if text[inj.start : inj.end] != inj.old:
        raise ValueError(
            f"{inj.source}: expected {inj.old!r} at {inj.start}-{inj.end}, found {text[inj.start : inj.end]!r}"
        )
    return text[: inj.start] + inj.new + text[inj.end :]


def shift(offset: int, inj: Injection) -> int:
    """Where an offset of the original text lands in the changed text (inside the span: clamped into the new text)."""
    if offset <= inj.start:
        return offset
    if offset >= inj.end:
        return offset + len(inj.new) - (inj.end - inj.start)
    return inj.start + min(offset - inj.start, len(inj.new))


def _findings(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """The disagreeing findings' rows, by finding id."""
    return {fid: group for fid, group in findings(rows).items() if group[0].status in DISAGREEING}


@dataclass(frozen=True, slots=True)
class InjectionLine:
    """One injected case and its outcome, for a person to read (``case``: its index in the run)."""

    case: int
    event: str
    source: str
    kind: str
    old: str
    new: str
    partner: str
    caught: bool
    unrelated: int
    why: str


def injection_line(case: int, inj: Injection, caught: bool, unrelated: int) -> InjectionLine:
    return InjectionLine(
        case, inj.event, inj.source, inj.kind, inj.old, inj.new, inj.partner, caught, unrelated, inj.why
    )


def score_injection(inj: Injection, before: Sequence[Row], after: Sequence[Row]) -> tuple[bool, int]:
    """(caught, unrelated new disagreements) of one injection.

    ``before``: the event's rows on the clean texts; ``after``: with the injection applied
    (offsets of ``inj.source`` in the changed text). Caught: one disagreeing finding holds a
    row of ``inj.source`` overlapping the new span and a row of another source. Unrelated:
    disagreeing findings of ``after`` that do not hold the new span and are not old. Findings
    are compared by their mentions (source, start, end), ids change: one is old when two of
    its mentions from different sources were in one disagreeing finding before, so an old
    finding that lost or gained members (an article's name now resolves apart) is not new.
    """
    lo, hi = inj.start, inj.start + len(inj.new)

    def pairs(group: list[Row], moved: bool) -> set[tuple[tuple[str, int, int], tuple[str, int, int]]]:
        spans = {
            (r.source, shift(r.start, inj), shift(r.end, inj))
            if moved and r.source == inj.source
            else (r.source, r.start, r.end)
            for r in group
        }
        across = {(a, b) for a in spans for b in spans if a[0] < b[0]}
        return across or {(a, b) for a in spans for b in spans if a <= b}  # one source: its own mentions

    old = set().union(*(pairs(g, True) for g in _findings(before).values()))
    caught, unrelated = False, 0
    for group in _findings(after).values():
        if any(r.source == inj.source and r.start < hi and r.end > lo for r in group):
            caught = caught or any(r.source != inj.source for r in group)
        elif not pairs(group, False) & old:
            unrelated += 1
    return caught, unrelated


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A fact that can be changed: where, what fact (for one change per fact), and how to build the new text."""

    doc: EcbDoc
    fact: str
    start: int
    end: int
    partner: str
    make: Callable[[random.Random], tuple[str, str] | None]  # rng → (new text, why), or None if nothing fits


def _number_candidates(docs: Sequence[EcbDoc]) -> list[_Candidate]:
    facts = {d.name: number_facts(d.text) for d in docs}
    stating: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        for key in dict.fromkeys(k for k, *_ in facts[d.name]):
            stating[key].append(d.name)
    out = []
    for d in docs:
        for key, start, end, raw in facts[d.name]:
            partners = [n for n in stating[key] if n != d.name]
            if not partners:
                continue

            age = AGE.match(d.text, end) is not None

            def make(rng: random.Random, raw: str = raw, key: str = key, age: bool = age) -> tuple[str, str]:
                new, how = new_number(raw, key.split(" ", 1)[1], age, rng)
                return new, f"number '{key}': {raw} -> {new} ({how})"

            out.append(_Candidate(d, f"number {key}", start, end, partners[0], make))
    return out


# --------------------------------------------------------------------------- gold candidates


def _has(word: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def _gold_candidates(docs: Sequence[EcbDoc]) -> dict[str, list[_Candidate]]:
    """Date, place and person candidates: a part of a gold mention that another article's mention of the instance shares."""
    chains: dict[str, list[tuple[EcbDoc, GoldMention]]] = defaultdict(list)
    for d in docs:
        for m in d.mentions:
            if m.instance and (m.tag.startswith(("TIME_", "LOC_")) or m.tag == "HUMAN_PART_PER"):
                chains[m.instance].append((d, m))
    words = words_of(" ".join(d.text for d in docs))
    lower = {w for w in words if w.islower()}
    out: dict[str, list[_Candidate]] = defaultdict(list)
    for instance, chain in chains.items():
        for doc, m in chain:
            span = doc.text[m.start : m.end]
            others = [(d.name, d.text[o.start : o.end]) for d, o in chain if d.name != doc.name]

            def partner(test: Callable[[str], bool], others: list[tuple[str, str]] = others) -> str:
                return next((name for name, t in others if test(t)), "")

            tag, at = f"{m.tag} instance {instance}", m.start
            found: list[tuple[str, int, int, str, Callable[[random.Random], tuple[str, str] | None]]] = []
            if m.tag.startswith("TIME_"):
                for part, value, s, e in date_parts(span):
                    p = partner(lambda t, pv=(part, value): any(x[:2] == pv for x in date_parts(t)))
                    raw = value.split("-")[1] if part == "day" else span[s:e]
                    found.append(("date", at + s, at + e, p, partial(_make_date, part, raw, span[s:e], tag)))
            elif m.tag.startswith("LOC_"):
                for name, s, e in place_names(span):
                    if name in places().kinds and not PART_OF.search(doc.text[max(0, at + s - 30) : at + s]):
                        p = partner(partial(_has, name))
                        found.append(("place", at + s, at + e, p, partial(_make_place, name, words, tag)))
            elif (parsed := person_name(span)) is not None:
                names, offset = parsed
                surname, first = names[-1], names[0]
                if any(w in lower or w.lower() in lower for w in names if len(w) > 2):
                    continue  # a capitalised common word ("Police", "Robbers"), not a name
                if len(names) == 1 and not any(len(t.split()) > 1 and _has(surname, t) for _, t in others):
                    continue  # one word no other article spells out as a full name: maybe not a name
                s = at + offset + len(" ".join(names[:-1])) + (len(names) > 1)
                p = partner(partial(_has, surname))
                found.append(("person", s, s + len(surname), p, partial(_make_surname, surname, words, tag)))
                if len(names) > 1 and len(first) > 2 and not first.endswith("."):
                    p = partner(
                        lambda t, f=first, s_=surname: re.search(rf"\b{f}\b.*\b{re.escape(s_)}\b", t) is not None
                    )
                    found.append(
                        ("person", at + offset, at + offset + len(first), p, partial(_make_first, first, words, tag))
                    )
            for kind, s, e, p, make in found:
                if p:
                    out[kind].append(_Candidate(doc, instance, s, e, p, make))
    return out


Made = tuple[str, str] | None


def _make_date(part: str, raw: str, old: str, tag: str, rng: random.Random) -> Made:
    got = new_date(part, raw, rng)
    return None if got is None else (got[0], f"{tag}: {old} -> {got[0]} ({got[1]})")


def _make_place(name: str, taken: set[str], tag: str, rng: random.Random) -> Made:
    got = new_place(name, taken, rng)
    return None if got is None else (got[0], f"{tag}: {name} -> {got[0]} ({got[1]})")


def _make_surname(surname: str, taken: set[str], tag: str, rng: random.Random) -> Made:
    new = one_letter(surname, taken, rng)
    return None if new is None else (new, f"{tag}: {surname} -> {new} (one letter of the surname)")


def _make_first(first: str, taken: set[str], tag: str, rng: random.Random) -> Made:
    new = first_name(first, taken, rng)
    return new, f"{tag}: {first} -> {new} (a different first name)"


# --------------------------------------------------------------------------- the generator


def find_injections(docs: Sequence[EcbDoc], *, seed: int = 20221114, per_kind_per_event: int = 2) -> list[Injection]:
    """Up to ``per_kind_per_event`` injections per kind and event, each on a different fact, reproducibly.

    Args:
        docs: the articles of one or more events (``read_ecbplus``).
        seed: seeds one ``random.Random`` per event (``f"{seed}:{event}"``), so a subset of events gives the same cases.
        per_kind_per_event: the most cases of one kind drawn from one event (plus ``EXTRA_PER_EVENT``).
    Returns:
        Injections by event (in input order), then kind (``KINDS``), then article and offset.
    """
    by_event: dict[str, list[EcbDoc]] = defaultdict(list)
    for d in docs:
        by_event[d.event].append(d)
    out: list[Injection] = []
    for event, event_docs in by_event.items():
        rng = random.Random(f"{seed}:{event}")
        candidates = _gold_candidates(event_docs)
        candidates["number"] = _number_candidates(event_docs)
        order = {d.name: i for i, d in enumerate(event_docs)}
        for kind in KINDS:
            facts: dict[str, list[_Candidate]] = defaultdict(list)
            for c in sorted(candidates.get(kind, []), key=lambda c: (order[c.doc.name], c.start, c.end)):
                facts[c.fact].append(c)
            chosen: list[Injection] = []
            for fact in rng.sample(sorted(facts), len(facts)):
                if len(chosen) >= per_kind_per_event + EXTRA_PER_EVENT.get(kind, 0):
                    break
                c = rng.choice(facts[fact])
                made = c.make(rng)
                if made is None or made[0] == c.doc.text[c.start : c.end]:
                    continue
                old = c.doc.text[c.start : c.end]
                chosen.append(Injection(event, c.doc.name, kind, c.start, c.end, old, made[0], c.partner, made[1]))
            out.extend(sorted(chosen, key=lambda i: (order[i.source], i.start)))
    return out


# --------------------------------------------------------------------------- the sample event

# (article, kind, context, old, new, partner, why): ``old`` is changed at its first place inside the first ``context``.
_A, _B, _C, _D, _E = (
    "000_e6fa0d107ab20ea2.txt",
    "001_69a855ec7e295e7d.txt",
    "002_74e1fe376063914d.txt",
    "003_d1a6dd415592760b.txt",
    "004_8d2be5c7dc6ed3bb.txt",
)
SAMPLE_CASES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (_B, "number", "UK withdraws 300 troops", "300", "800", _A, "troops withdrawn: 300 -> 800 (headline)"),
    (_A, "number", "dispatched 300 troops", "300", "1,200", _B, "troops dispatched: 300 -> 1,200 (x4)"),
    (_D, "number", "contingent of 300 troops", "300", "900", _A, "contingent: 300 -> 900 (x3)"),
    (_A, "date", "December 2020", "December 2020", "April 2021", _B, "deployment: December 2020 -> April 2021"),
    (_B, "date", "In December 2020", "December", "June", _A, "deployment month: December -> June (6 months)"),
    (_C, "date", "The UK announced Monday", "Monday", "Thursday", _A, "announcement: Monday -> Thursday (3 days)"),
    (_E, "date", "Since 2020, there", "2020", "2016", _D, "deployed since: 2020 -> 2016 (year -4)"),
    (_D, "place", "destination to Gao", "Gao", "Mombasa", _E, "base: Gao -> Mombasa (a city in another country)"),
    (_E, "place", "remote town of Gao", "Gao", "Kandahar", _D, "base: Gao -> Kandahar (a city in another country)"),
    (_C, "place", "from Mali to Niger", "Niger", "Chad", _D, "French move: Niger -> Chad (another country)"),
    (_B, "place", "UN mission in Mali", "Mali", "Somalia", _A, "mission: Mali -> Somalia (another country)"),
    (
        _A,
        "person",
        "Minister James Heappey told",
        "Heappey",
        "Heippey",
        _B,
        "minister: Heappey -> Heippey (one letter)",
    ),
    (_C, "person", "Minister James Heappey saying", "James", "Richard", _B, "minister: James -> Richard (first name)"),
    (_D, "person", "James Heappey, has", "Heappey", "Heapley", _C, "minister: Heappey -> Heapley (one letter)"),
)


def sample_injections(articles: Sequence[Article], *, skipped: list[str] | None = None) -> list[Injection]:
    """The sample event's hand-written injections (``SAMPLE_CASES``), located in ``articles``.

    A case whose article or text is missing is left out, with a one-line reason logged
    and appended to ``skipped`` when given.
    """
    by_source = {a.source: a for a in articles}
    out = []
    for source, kind, context, old, new, partner, why in SAMPLE_CASES:
        article = by_source.get(source)
        at = -1 if article is None else article.text.find(context)
        if article is None or at < 0 or partner not in by_source:
            missing = source if article is None else partner if at >= 0 else f"{context!r} in {source}"
            reason = f"sample injection {why!r} skipped: {missing} not found (edit SAMPLE_CASES in {__name__})"
            log.warning(reason)
            if skipped is not None:
                skipped.append(reason)
            continue
        start = at + context.index(old)
        out.append(Injection(article.event, source, kind, start, start + len(old), old, new, partner, why))
    return out
