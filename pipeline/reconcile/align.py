"""Align number and date mentions across sources into facts, value-blind.

Each mention gets a :class:`Context`: its claim frame folded to classes (the
predicate's WordNet class, the counted thing's class) and what its sentence
names around the value (subject, entities, other counted things, years). Two
mentions of different sources are one fact when their frames are compatible
(same kind of thing counted, predicates of one class or a light verb, no
different named subject) and their contexts score at least ``min_link_score``,
*whatever their values*: the values are compared only afterwards, so a changed
count still lines up with the count it contradicts. Links are taken best first
into groups (Kruskal); a group never holds two disagreeing mentions of one
source. Only mentions in the same block (number: counted-thing class; date:
date, partial date or duration) that share a predicate class, a named subject
or a value are scored, and mentions with identical context and value are
scored once, so an event costs far less than all pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

from ..config import ReconcileConfig
from ..records import Mention
from ..unionfind import UnionFind
from .lexicon import load_lexicon
from .match import context_score, frame_evidence, link_score, other_places, places_apart, plausible, told_apart
from .readings import AGE_UNITS
from .slots import SPECIFIC_VALUES, Context, contexts
from .values import Interval


@dataclass(slots=True)
class Group:
    """Mentions aligned into one fact (mutable while linking)."""

    mentions: list[Mention] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    best_score: float = 0.0
    nearest: float = 0.0


def _signature(c: Context) -> tuple[object, ...]:
    """Everything scoring and frame evidence read of a context: mentions alike in all of it are one node."""
    return (
        c.interval,
        c.unit,
        c.verb,
        c.subject,
        c.subject_named,
        c.entities,
        c.places,
        c.sentence_verbs,
        c.things,
        c.modifiers,
        c.anchor,
        c.theme,
        c.words,
        c.counted,
        c.when,
        c.dated,
        c.additive,
        c.head,
        c.coordinated,
        c.patient,
    )


def align(
    mentions: Sequence[Mention], config: ReconcileConfig, aliases: Mapping[str, str] | None = None
) -> list[Group]:
    """Group the comparable number and date mentions of one event into facts (``aliases``: see ``contexts``)."""
    ctx = contexts(mentions, config, aliases=aliases)
    ctx = story_events(mentions, ctx)
    by_block: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if (c := ctx.get(m.mention_id)) is not None:
            # A direction is reported as itself ("west of Aden"), not as the place it is taken from.
            bearing = c.block == "place:bearing"
            by_block[c.block].append(replace(m, value=c.interval.name) if bearing else m)  # type: ignore[union-attr]
    groups: list[Group] = []
    for block in sorted(by_block):
        found = _align_block(by_block[block], ctx, config)
        groups.extend(merge_restated(found) if block.startswith("number:") else found)
    return groups


# Source pairs that must date two verbs alike, around a name in common, before the verbs are one event of the story.
STORY_SUPPORT = 2
# Dates told as days: the story's events are dated to the day, its background to the year.
STORY_KINDS = ("day", "weekday")


def story_events(mentions: Sequence[Mention], ctx: dict[str, Context]) -> dict[str, Context]:
    """Verbs the sources use for one event of the story: two verbs are one when at least ``STORY_SUPPORT`` pairs
    of sources give them the same day, around a name in common ("opened fire … Friday" / "walked into … Friday
    and shot"). The values of the other sources say which verbs tell one event; a date is then aligned by its
    verb, whatever its own value."""
    by_value: dict[Interval, list[tuple[str, Context]]] = defaultdict(list)
    for m in mentions:
        c = ctx.get(m.mention_id)
        if c is not None and _a_day(c) and c.verb and c.interval.bounded:
            by_value[c.interval].append((m.source, c))
    support: dict[tuple[str, str], set[frozenset[str]]] = defaultdict(set)
    for told in by_value.values():
        for (sa, a), (sb, b) in combinations(told, 2):
            if sa != sb and a.verb != b.verb and a.entities & b.entities:
                support[(min(a.verb, b.verb), max(a.verb, b.verb))].add(frozenset((sa, sb)))
    verbs = sorted({v for pair, s in support.items() if len(s) >= STORY_SUPPORT for v in pair})
    if not verbs:
        return ctx
    sets: UnionFind[str] = UnionFind(verbs)
    for (x, y), s in support.items():
        if len(s) >= STORY_SUPPORT:
            sets.union(x, y)
    return {k: replace(c, story=sets.find(c.verb)) if _a_day(c) and c.verb in verbs else c for k, c in ctx.items()}


def _a_day(c: Context) -> bool:
    """A date told as a day or a weekday (``STORY_KINDS``)."""
    return c.block == "date" and c.interval.kind in STORY_KINDS


def merge_restated(groups: list[Group]) -> list[Group]:
    """Two groups of counts of one thing that tell the same disagreement are one fact: at least two sources in
    both, each with values in one that agree with its values in the other, and those sources disagree ("killing at least 10 people" / "three people
    killed", told again in other sentences of the same two outlets)."""
    merged: list[Group] = []
    for group in groups:
        target = next((g for g in merged if _restates(g, group)), None)
        if target is None:
            merged.append(group)
            continue
        target.mentions.extend(group.mentions)
        target.contexts.extend(group.contexts)
        target.best_score = max(target.best_score, group.best_score)
        target.nearest = max(target.nearest, group.nearest)
    return merged


def _values_by_source(group: Group) -> dict[str, frozenset[Interval]]:
    found: dict[str, set[Interval]] = defaultdict(set)
    for m, c in zip(group.mentions, group.contexts, strict=True):
        found[m.source].add(c.interval)
    return {source: frozenset(values) for source, values in found.items()}


def _restates(a: Group, b: Group) -> bool:
    here, there = ({c.own_place for c in g.contexts if c.own_place} for g in (a, b))
    if any(places_apart(p, q) for p in here for q in there):
        return False  # "55 percent … in Saudi Arabia" / "52 percent in Egypt": a count per place
    x, y = _values_by_source(a), _values_by_source(b)
    shared = x.keys() & y.keys()
    if len(shared) < 2 or not all(v.meets(w) for s in shared for v in x[s] for w in y[s]):
        return False  # each source says the same in both ("at least three people" / "three people killed")
    # Both tell the disagreement: "tens of thousands of scientists" twice agrees with anything, and is no restating.
    return all(
        any(not v.meets(w) for s, t in combinations(sorted(shared), 2) for v in found[s] for w in found[t])
        for found in (x, y)
    )


def candidate_pairs(node_ctx: Sequence[Context], cap: int) -> set[tuple[int, int]]:
    """Pairs of nodes that share a predicate class, a named subject, a known holder, an entity or a value: the only ones that can link.

    A bucket larger than ``cap`` pairs each node with its ``cap`` neighbours in value order
    only, so a huge event costs O(n·cap) pairs instead of O(n²).
    """
    buckets: dict[tuple[str, object], list[int]] = defaultdict(list)
    lexicon = load_lexicon()
    for i, c in enumerate(node_ctx):
        for verb in c.coordinated | {c.verb} if c.verb else ():
            buckets[("verb", verb)].append(i)
            for cls in lexicon.verb_classes(verb):
                buckets[("class", cls)].append(i)
        for e in c.entities:
            buckets[("entity", e)].append(i)
        if c.subject:
            buckets[("subject", c.subject)].append(i)
        named_holder = c.unit in AGE_UNITS and c.anchor and not lexicon.noun_classes(c.anchor)
        if c.known_holder or named_holder:
            buckets[("holder", c.anchor)].append(i)  # "the 33-year-old actress", "Tara Reid, 33", whatever the verbs
        if c.block == "place:bearing":
            buckets[("bearing", c.anchor)].append(i)  # "west of Aden" / "east of Aden", whatever the verbs
        for counted in c.counted:
            buckets[("counted", counted)].append(i)  # "59 receptions, 1,098 yards and seven touchdowns"
        buckets[("value", c.interval)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        members = list(dict.fromkeys(members))  # a node in a bucket once, though two of its verbs share a class
        if len(members) > cap:
            members = sorted(members, key=lambda i: (node_ctx[i].interval.low, node_ctx[i].interval.high, i))
            for k, i in enumerate(members):
                for j in members[k + 1 : k + 1 + cap]:
                    pairs.add((min(i, j), max(i, j)))
        else:
            for k, i in enumerate(members):
                for j in members[k + 1 :]:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _align_block(mentions: list[Mention], ctx: dict[str, Context], config: ReconcileConfig) -> list[Group]:
    # Nodes: mentions with identical value and context, whichever source (repeats of one statement).
    nodes: dict[tuple[object, ...], list[Mention]] = defaultdict(list)
    for m in mentions:
        nodes[_signature(ctx[m.mention_id])].append(m)
    keys = list(nodes)
    node_ctx = [ctx[nodes[k][0].mention_id] for k in keys]
    block = node_ctx[0].block if node_ctx else ""
    values_of: dict[str, set[Interval]] = defaultdict(set)
    for m in mentions:
        values_of[m.source].add(ctx[m.mention_id].interval)
    # A thing the event counts a few times, or once per source ("two undersea cables" / "three undersea cables").
    specific = (
        block.startswith("number:")
        and not block.startswith("number:?")
        and (len({c.interval for c in node_ctx}) <= SPECIFIC_VALUES or max(map(len, values_of.values())) == 1)
    )
    node_sources = [frozenset(m.source for m in nodes[k]) for k in keys]

    edges: list[tuple[float, int, int]] = []
    near = [0.0] * len(keys)  # best context score with any other source's statement, linked or not
    for i, j in candidate_pairs(node_ctx, config.max_candidates):
        if len(node_sources[i] | node_sources[j]) < 2:
            continue  # one source: never linked to itself
        score = link_score(node_ctx[i], node_ctx[j], config)
        near[i], near[j] = max(near[i], score), max(near[j], score)
        if not frame_evidence(node_ctx[i], node_ctx[j], specific=specific):
            continue
        if not plausible(node_ctx[i], node_ctx[j], config.max_count_ratio, config.max_date_gap_days):
            continue
        a, b = node_ctx[i].interval, node_ctx[j].interval
        # An open value ("before 2022", "more than 4,000") agrees with too much to count as evidence.
        bounded = a.bounded and b.bounded
        if score >= (config.min_link_score if bounded else config.min_open_score):
            edges.append((score, i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))

    sets: UnionFind[int] = UnionFind(range(len(keys)))
    find = sets.find
    best = [context_score(c, c, config) if len(src) > 1 else 0.0 for c, src in zip(node_ctx, node_sources, strict=True)]
    members = [[i] for i in range(len(keys))]

    def may_join(a: list[int], b: list[int]) -> bool:
        """Two groups join only if every disagreement between them is one a strong context backs.

        Mentions of one source must agree outright; this also stops a wide value
        ("earlier this year") from bridging two dates that no context links.
        """
        for x in a:
            for y in b:
                if other_places(node_ctx[x], node_ctx[y]):
                    return False  # "as much as 55 percent … in Saudi Arabia" meets "52 percent in Egypt", and is not it
                if node_ctx[x].interval.meets(node_ctx[y].interval):
                    continue
                if node_sources[x] & node_sources[y]:
                    return False
                if told_apart(node_ctx[x], node_ctx[y]):
                    return False  # "five cables were cut in January" linked to "three … on Friday" through a third
                if not plausible(node_ctx[x], node_ctx[y], config.max_count_ratio, config.max_date_gap_days):
                    return False
                if link_score(node_ctx[x], node_ctx[y], config) < config.min_link_score:
                    return False
        return True

    for score, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj or not may_join(members[ri], members[rj]):
            continue
        sets.union(ri, rj)
        best[ri] = max(best[ri], best[rj], score)
        members[ri].extend(members[rj])
        members[rj] = []

    grouped: dict[int, Group] = {}
    for i, key in enumerate(keys):
        root = find(i)
        group = grouped.setdefault(root, Group())
        group.best_score = best[root]
        group.nearest = max(group.nearest, near[i])
        for m in nodes[key]:
            group.mentions.append(m)
            group.contexts.append(node_ctx[i])
    return list(grouped.values())


def most_common(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""
