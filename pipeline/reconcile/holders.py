"""Whose age an age is when an article tells it of a person noun ("the 33-year-old actress"): pure functions over
one event's mentions and their contexts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..records import Mention
from .lexicon import Lexicon
from .readings import AGE_UNITS
from .spellings import entity_name

if TYPE_CHECKING:
    from .slots import Context


def named_holders(
    mentions: Sequence[Mention], ctx: dict[str, Context], spelled: Mapping[str, str], lexicon: Lexicon
) -> dict[str, Context]:
    """An age told of a person noun ("The 63-year-old actor plays …", a lead's "A 60-year-old woman charged with
    killing …") is the age of the one person of its article whom the event gives an age by name: its anchor
    becomes that name, as "the 40-year-old Jackman" has it. Two such people in the article, or none: kept."""
    people = {
        (m.source, spelled.get(name, name).lower()) for m in mentions if m.kind == "person" for name in [entity_name(m)]
    }
    names = {name for _, name in people}
    # Full names only: a title the tagger took for a name ("Sheriff") is nobody's.
    named = {c.anchor for c in ctx.values() if c.unit in AGE_UNITS and c.anchor in names and " " in c.anchor}
    if not named:
        return ctx
    # An article that gives an age by name, or ages to two kinds of person, tells of more than one aged person.
    nouns: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        c = ctx.get(m.mention_id)
        if c is not None and c.unit in AGE_UNITS and c.anchor:
            nouns[m.source].add(c.anchor)
    out = dict(ctx)
    for m in mentions:
        c = ctx.get(m.mention_id)
        if c is None or c.unit not in AGE_UNITS or not lexicon.is_person(c.anchor) or not (c.known_holder or c.lede):
            continue
        if nouns[m.source] != {c.anchor}:
            continue
        found = [name for name in named if (m.source, name) in people]
        if len(found) == 1:
            out[m.mention_id] = replace(c, anchor=found[0])
    return out
