"""Entities across one event: each name's kind voted over all its mentions (the gazetteer votes "place",
being the surname of a full name votes "person"), people clustered across articles, and every person and role
given the cluster's canonical name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..config import EntitiesConfig
from ..records import Kind, Mention, lower_case_words
from ..unionfind import UnionFind
from .entity_names import (
    Tables,
    has_given_name,
    longer_names,
    match_full_name,
    name_key,
    name_suffix,
    one_letter_off,
    organisation_value,
    person_name,
    place_value,
    same_person,
    tables,
)

_NAME_KINDS: tuple[Kind, ...] = ("person", "place", "organisation")


def _vote_key(mention: Mention, t: Tables) -> str:
    return name_key(person_name(mention.text, t) if mention.kind == "person" else mention.text)


def _misspelt_full_name(key: str, full_names: set[tuple[str, str]]) -> int:
    """Where an article's full name starts in ``key`` (a word index), its surname one letter off: 0 in "barack
    obame" / Barack Obama, 1 in "american hasim ruhman" / Hasim Rahman (a nationality the tagger joined to the
    name); -1 when it holds none."""
    words = key.split()
    if not 2 <= len(words) <= 3:
        return -1
    last = words[-1]
    for start in sorted({0, len(words) - 2}):
        if any(f == words[start] and one_letter_off(last, s) for f, s in full_names):
            return start
    return -1


def _first_names(full_names: Sequence[list[str]], mentions: Sequence[Mention]) -> set[tuple[str, str]]:
    """(first name, surname) of the event's full names, but first words the event also writes in lower case
    ("Fire Marshall")."""
    pairs = {(words[0].lower(), words[-1].lower()) for words in full_names if len(words) > 1}
    lower = lower_case_words(mentions)
    return {pair for pair in pairs if pair[0] not in lower}


def _full_names(mentions: Sequence[Mention], t: Tables) -> list[list[str]]:
    return [person_name(m.text, t).split() for m in mentions if m.kind == "person"]


def vote_kinds(
    mentions: Sequence[Mention], config: EntitiesConfig, firsts: set[tuple[str, str]] | None = None
) -> list[Kind]:
    """The kind of each name after voting across the event's mentions of the same string.

    Each mention votes its own kind (1); a mention the gazetteer lists as a
    place also votes ``place_votes`` for place, and one that is the surname of
    a full person name in the event votes ``name_votes`` for person. Ties keep
    each mention's own kind, and so do aliases and country names. An organisation that is one of those full
    names misspelt votes for person too (``firsts``: the event's first names and surnames, when already known).
    """
    t = tables(config)
    full_names = _full_names(mentions, t)
    surnames = {words[-1].lower() for words in full_names if len(words) > 1}
    firsts = _first_names(full_names, mentions) if firsts is None else firsts
    votes: dict[str, Counter[Kind]] = defaultdict(Counter)
    for m in mentions:
        key = _vote_key(m, t)
        counter = votes[key]
        counter[m.kind] += 1
        if m.gazetteer:
            counter["place"] += config.place_votes
        if key in surnames:
            counter["person"] += config.name_votes
        elif m.kind == "organisation" and not m.gazetteer and _misspelt_full_name(key, firsts) >= 0:
            counter["person"] += config.name_votes  # "Hugh Heffner" tagged ORG, where the event writes Hugh Hefner
    kinds: list[Kind] = []
    for m in mentions:
        key = _vote_key(m, t)
        if key in t.places or key in t.organisations:
            kinds.append(m.kind)  # aliases and country names already decided the kind
            continue
        ranked = votes[key].most_common()
        top = ranked[0]
        tie = len(ranked) > 1 and ranked[1][1] == top[1]
        kinds.append(m.kind if tie else top[0])
    return kinds


@dataclass(frozen=True, slots=True)
class PersonIndex:
    """Full names per article, their clusters across the event, and each cluster's canonical spelling."""

    by_source: dict[str, list[str]]
    canonical: dict[str, str]  # full spelling → cluster canonical
    # Full spellings, the names of the clusters most articles name first: what a bare surname of an article
    # naming no full name of it is taken for ("Gigante" in a story of Vincent, Louis and Salvatore Gigante).
    by_prominence: tuple[str, ...] = ()


def person_index(people: Sequence[Mention], config: EntitiesConfig) -> PersonIndex:
    """Cluster the event's full names: first names agree and surnames are similar.

    The canonical name of a cluster is its most frequent full spelling with a first name written out, counting
    the bare surnames each article resolves to it.
    """
    t = tables(config)
    by_source: dict[str, list[str]] = defaultdict(list)
    for m in people:
        name = person_name(m.text, t)
        if has_given_name(name) and name not in by_source[m.source]:
            by_source[m.source].append(name)
    counts: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    for m in people:
        name = person_name(m.text, t)
        full = name if has_given_name(name) else match_full_name(name, by_source[m.source], config)
        if full:
            counts[full] += 1
            sources[full].add(m.source)
    names = sorted(counts)
    sets = UnionFind(names)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if same_person(a, b, config) and not (name_suffix(a) != name_suffix(b) and sources[a] & sources[b]):
                sets.union(b, a)  # an article naming "Mark Felt" and "Mark Felt Jr." knows father and son apart
    canonical: dict[str, str] = {}
    for members in sets.groups().values():
        # A name with a given name written out ("George W. Bush", "J. Edgar Hoover") before an initial and a
        # surname ("W. Bush").
        best = min(members, key=lambda n: (_initial_only(n), -counts[n], -len(sources[n]), n))
        canonical.update((n, best) for n in members)
    named_by: dict[str, set[str]] = defaultdict(set)
    for n in names:
        named_by[canonical[n]] |= sources[n]
    prominence = sorted(canonical, key=lambda n: (-len(named_by[canonical[n]]), n))
    return PersonIndex(dict(by_source), canonical, tuple(prominence))


def _initial_only(name: str) -> bool:
    words = name.split()
    return len(words) == 2 and len(words[0].rstrip(".")) == 1


def _resolve_name(source: str, name: str, index: PersonIndex, config: EntitiesConfig) -> tuple[str, str]:
    """(value as spelled in ``source``, cluster canonical) of a name written in article ``source``."""
    if has_given_name(name):
        return name, index.canonical.get(name, name)
    full = match_full_name(name, index.by_source.get(source, []), config)
    if full:
        return full, index.canonical.get(full, full)
    full = match_full_name(name, index.by_prominence or index.canonical, config)
    if full:
        return index.canonical[full], index.canonical[full]
    return name, name


def resolve_entities(mentions: list[Mention], *, config: EntitiesConfig) -> list[Mention]:
    """Vote kinds across the event, canonicalise places and organisations, cluster people, name roles' people."""
    t = tables(config)
    common = lower_case_words(mentions)
    names = [m for m in mentions if m.kind in _NAME_KINDS and not _capitalised_word(m, common)]
    roles = [m for m in mentions if m.kind == "role"]
    others = [m for m in mentions if m.kind not in _NAME_KINDS and m.kind != "role"]

    voted: list[Mention] = []
    firsts = _first_names(_full_names(names, t), names)
    names = [m for m in names if not _given_name(m, firsts)]
    for m, kind in zip(names, vote_kinds(names, config, firsts), strict=True):
        if kind == m.kind:
            voted.append(m)
        elif kind == "place":
            voted.append(replace(m, kind="place", value=place_value(m.text, t)))
        elif kind == "organisation":
            voted.append(replace(m, kind="organisation", value=organisation_value(m.text, t)))
        else:
            if m.kind == "organisation" and (start := _misspelt_full_name(name_key(m.text), firsts)) > 0:
                cut = m.text.find(m.text.split()[start])  # "American Hasim Ruhman" is Hasim Ruhman
                m = replace(m, text=m.text[cut:], start=m.start + cut)
            voted.append(replace(m, kind="person", value=person_name(m.text, t)))
    people = [m for m in voted if m.kind == "person"]
    index = person_index(people, config)

    out = [*others, *(m for m in voted if m.kind != "person")]
    organisations = {name_key(m.text) for m in names if m.kind == "organisation" or m.label == "ORG"}
    persons_at: set[tuple[str, int, int]] = set()
    for m in people:
        value, cluster = _resolve_name(m.source, person_name(m.text, t), index, config)
        if config.drop_lone_names and len(value.split()) == 1:
            # A lone word no full name of the event explains: a product ("Tiger", "iPod") or a company.
            if name_key(m.text) in organisations:
                out.append(replace(m, kind="organisation", value=organisation_value(m.text, t)))
            continue
        persons_at.add((m.source, m.start, m.end))
        out.append(replace(m, value=value, person_cluster=cluster))
    for r in roles:
        # A role whose "person" was voted a place ("President Mali") is no role.
        written = r.person or r.unit
        if not any(src == r.source and s >= r.start and e <= r.end for src, s, e in persons_at):
            continue
        _, cluster = _resolve_name(r.source, r.unit if has_given_name(r.unit) else written, index, config)
        out.append(replace(r, unit=cluster))
    if config.extend_short_names:
        out = _extend_short_names(out, t, config.extend_place_min_words)
    return out


def _capitalised_word(m: Mention, common: frozenset[str]) -> bool:
    """A place of one word that opens its sentence and that the event writes in lower case elsewhere: a word
    capitalised by its place in the sentence, not a name ("Federal authorities said", "Most of the shops"; the
    gazetteer's Federal, Argentina and Most, Czechia)."""
    if m.kind != "place" or " " in m.text or not m.text.istitle() or m.text.lower() not in common:
        return False  # "US" is no "us": only a word written as a sentence opens it ("Most", "Federal")
    return not m.sentence[: max(0, m.start - m.sent_start)].strip(" \"'“‘(")


def _given_name(m: Mention, firsts: set[tuple[str, str]]) -> bool:
    """A one-word place that is the given name of an event's person whose surname follows it in the sentence: the
    tagger cut the name in two ("Mob boss Vincent "The Chin" Gigante": Vincent is no Saint Vincent)."""
    if m.kind != "place" or " " in m.text:
        return False
    after = m.sentence[max(0, m.end - m.sent_start) :].lower()
    return any(first == m.text.lower() and re.search(rf"\b{re.escape(last)}\b", after) for first, last in firsts)


def _extend_short_names(mentions: list[Mention], t: Tables, min_place_words: int) -> list[Mention]:
    """Give places and organisations the one longer name of the event their name begins (see ``longer_names``)."""
    out = mentions
    # A town the gazetteer lists is a place of its own, not the start of a longer one's name ("New Bedford" /
    # "New Bedford District Court"), unless the longer is listed too ("New York" / "New York City").
    listed = {m.value for m in mentions if m.kind == "place" and m.gazetteer}
    for kind in ("place", "organisation"):
        values = (m.value for m in out if m.kind == kind)
        mapping = longer_names(values, t, kind=kind, min_place_words=min_place_words)  # type: ignore[arg-type]
        if kind == "place":
            mapping = {short: long for short, long in mapping.items() if short not in listed or long in listed}
        if mapping:
            out = [replace(m, value=mapping[m.value]) if m.kind == kind and m.value in mapping else m for m in out]
    return out
