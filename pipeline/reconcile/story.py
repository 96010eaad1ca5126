"""Where the story is: the places its sources name, and which they put inside which.

A fact told of a place outside the story's is another event's ("more than a dozen were killed by a quake in
eastern China" in a story of a quake in Iran). Pure functions over one event's mentions.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..records import Mention
from .places import PlaceValue, place_value

_HOLDS = re.compile(r"^(?:,|,? in|,? near)\s*$")


def written_holders(sentences: Iterable[list[Mention]]) -> dict[str, frozenset[str]]:
    """Which place two or more of the event's sources put inside which: "Banstead, Surrey", "Banstead in Surrey"
    put Banstead in Surrey, which the gazetteer does not know (it has no counties, and Surrey is also a Canadian
    city). Lower-case names → the places written as holding them."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ms in sentences:
        places = sorted((m for m in ms if m.kind == "place" and m.value and m.label != "NORP"), key=lambda m: m.start)
        gaps = [_between(a, b) for a, b in itertools.pairwise(places)]
        for i, (a, b) in enumerate(itertools.pairwise(places)):
            in_list = (i > 0 and _LISTED.match(gaps[i - 1])) or (i + 1 < len(gaps) and _LISTED.match(gaps[i + 1]))
            known = place_value(a.value)
            if in_list or (known is not None and known.level == "country"):
                continue  # "Germany, Spain, Italy" is a list; no source puts a country inside another
            if _HOLDS.match(gaps[i]) and a.value.lower() != b.value.lower():
                found[(a.value.lower(), b.value.lower())].add(a.source)
    held: dict[str, set[str]] = defaultdict(set)
    for (name, holder), sources in found.items():
        if len(sources) >= 2:  # one source's "Banstead in Mogadishu" is that source's error, not a fact
            held[name].add(holder)
    return {name: frozenset(holders) for name, holders in held.items()}


_LISTED = re.compile(r"^(?:,|,? and|,? or)\s*$")


def _between(a: Mention, b: Mention) -> str:
    return a.sentence[a.end - a.sent_start : b.start - a.sent_start]


def story_places(mentions: Sequence[Mention], min_sources: int = 2) -> frozenset[str]:
    """The places, and what holds them, that at least ``min_sources`` sources name: where the story is."""
    sources: dict[str, set[str]] = defaultdict(set)
    known: dict[str, PlaceValue] = {}
    for m in mentions:
        if m.kind == "place" and (place := place_value(m.value)) is not None:
            sources[place.name].add(m.source)
            known[place.name] = place
    story = (known[name].within | {name} for name, named_by in sources.items() if len(named_by) >= min_sources)
    return frozenset().union(*story)


def foreign(around: Sequence[Mention], story: frozenset[str]) -> bool:
    """Every known place of ``around`` lies outside ``story`` (False when it names none, or no story is known)."""
    places = [p for n in around if n.kind == "place" and (p := place_value(n.value)) is not None]
    return bool(places and story) and not any((p.within | {p.name}) & story for p in places)
