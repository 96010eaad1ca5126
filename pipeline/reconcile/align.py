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

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..config import ReconcileConfig
from ..records import Mention
from .lexicon import Lexicon, load_lexicon
from .places import place_value
from .values import (
    Interval,
    date_interval,
    date_span,
    duration_days,
    duration_interval,
    number_interval,
    partial_date_interval,
)

ENTITY_KINDS = ("person", "place", "organisation")
# Slots a place fills that say where something happened or is, where it came from, where it went.
PLACE_SLOTS = {"location": "where", "attribute": "where", "origin": "from", "destination": "to", "": "other"}
# Word overlap (Jaccard) above which two sentences are one sentence reworded or copied.
SAME_SENTENCE = 0.5
# Sentence word overlap that, with one predicate, says two statements are about one thing.
CORROBORATING_WORDS = 0.25
# A counted thing with at most this many distinct values in an event is specific enough to align on shared names.
SPECIFIC_VALUES = 3
# Two statements naming at least this many of the same people, places or organisations are about one thing.
SHARED_NAMES = 2
_OFFSET_WORDS = frozenset({"later", "earlier", "ago", "after", "before", "since"})
# Time units of counts → their TIMEX3 duration code ("T" for hours and less).
_TIME_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "TH", "minute": "TM", "second": "TS"}
# Units of ages: "a 60-year-old woman", "Smith, 61".
AGE_UNITS = frozenset({"year of age", "month of age", "week of age", "day of age"})


@dataclass(frozen=True, slots=True)
class Context:
    """What the sentence around one mention says, folded to classes and canonical names."""

    block: str
    interval: Interval
    unit: str
    verb: str  # the predicate: an event noun's verb ("announcement" → "announce") or the governing verb
    subject: str
    subject_named: bool
    entities: frozenset[str]
    places: frozenset[str]
    sentence_verbs: frozenset[str]
    things: frozenset[str]
    modifiers: frozenset[str]
    anchor: str = ""  # the name or noun the value hangs on ("LaSalle", "Betty Ford Clinic"), lower case
    anchor_named: bool = False  # the anchor is a person, place or organisation the sentence names
    theme: str = ""  # the predicate's object ("award", "fellowship"), for dates and durations
    words: frozenset[str] = frozenset()  # the sentence's words but the mention's own: wire copy shares most
    counted: frozenset[tuple[str, str]] = frozenset()  # the sentence's other counts: (counted thing, value)
    when: frozenset[Interval] = frozenset()  # the days the sentence's dates cover, for a count ("in January")
    dated: frozenset[str] = frozenset()  # the sentence's other dates and durations (TIMEX3 values)
    additive: bool = False  # a count of more or of others ("two other victims", "two more times")
    # The noun an adjectival measure describes: "drive" of "a 73-yard drive", "lead" of "a 10-point lead".
    head: str = ""


@dataclass(slots=True)
class Group:
    """Mentions aligned into one fact (mutable while linking)."""

    mentions: list[Mention] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    best_score: float = 0.0
    nearest: float = 0.0


def synonym_classes(config: ReconcileConfig) -> dict[str, str]:
    """Word → its synonym class name (the first class of the user's ``synonyms`` overrides that lists it)."""
    out: dict[str, str] = {}
    for name, words in config.synonyms.items():
        for word in words:
            out.setdefault(word.lower(), name)
    return out


def thing_classes(units: Iterable[str], lexicon: Lexicon, classes: dict[str, str]) -> dict[str, str]:
    """Counted-noun lemma → the class name of the event's nouns that count the same kind of thing.

    "soldier", "troop" and "contingent" become one class (WordNet: military
    personnel), "civilian" stays apart; the class is named by its first lemma.
    """
    names = sorted({u.lower() for u in units if u})
    parent = {n: classes.get(n, n) for n in names}

    def find(n: str) -> str:
        while parent.get(n, n) != n:
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if find(a) != find(b) and lexicon.same_thing(a, b):
                ra, rb = sorted((find(a), find(b)))
                parent[rb] = ra
    return {n: find(n) for n in names}


def predicate_of(
    mention: Mention, lexicon: Lexicon, light: frozenset[str], support: frozenset[str] = frozenset()
) -> str:
    """The predicate a mention's value belongs to: an event noun's verb, else the governing verb ("" if light).

    A light or support verb with an event noun for object stands for that noun's verb ("suffered damage").
    """
    frame = mention.frame
    if frame.event_noun and lexicon.is_event_noun(frame.event_noun):
        return lexicon.predicate(frame.event_noun)
    if mention.kind == "number" and frame.preposition not in ("", "of") and frame.anchor and frame.event_noun:
        # "Qeshm island, home to 120,000 people": the noun it hangs on, not the clause's verb. Not with "of":
        # "a contingent of 300 troops", "a crowd of 5,000" hold the count, the verb still says what it is.
        return frame.event_noun
    verb = mention.verb or frame.predicate
    if (verb in light or verb in support) and frame.predicate and frame.predicate not in light:
        verb = frame.predicate  # "they have six months to leave": the frame's purpose verb
    if (verb in light or verb in support) and frame.theme and lexicon.is_event_noun(frame.theme):
        return lexicon.predicate(frame.theme)
    return "" if verb in light else verb


def entity_name(mention: Mention) -> str:
    """The canonical name of an entity mention (a person's cluster, else its value)."""
    if mention.kind == "person":
        return mention.person_cluster or mention.value
    return mention.value


_SCORE = re.compile(r"\d\s*[-–]\s*\d")
_ADJECTIVAL = re.compile(r"\d\s*[-–]\s*[^\W\d]")  # "73-yard", "10-point", "three-point"
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def is_score(mention: Mention) -> bool:
    """ "a 20-13 win", "the jury split 9-3": two counts written high to low with a dash are a score, not a range."""
    high = mention.high
    try:
        descending = bool(high) and float(high) < float(mention.value)
    except ValueError:
        return False
    return descending and bool(_SCORE.search(mention.text)) and "from" not in mention.sentence.lower().split()


def block_and_interval(
    mention: Mention, config: ReconcileConfig, classes: dict[str, str]
) -> tuple[str, Interval] | None:
    """The comparison block of a number or date mention and its interval, or None if it cannot be compared."""
    if mention.kind == "number":
        if is_score(mention):
            return None
        interval = number_interval(mention.value, mention.qualifier, mention.high, config.approx_tolerance)
        if interval is None:
            return None
        code = _TIME_UNITS.get(mention.unit.lower())
        if code and interval.bounded and interval.low == interval.high:
            # "90 days", "a 10-year sentence" read as counts of days or years: lengths, like durations.
            value = f"PT{interval.low:g}{code[1:]}" if code.startswith("T") else f"P{interval.low:g}{code}"
            length = duration_interval(value, "approx" if mention.qualifier == "~" else "", config.approx_tolerance)
            return ("duration", length) if length is not None else None
        thing = classes.get(mention.unit.lower(), mention.unit.lower())
        if not thing:
            verb = mention.verb
            # A count of nothing named is compared only as a verb's subject or object ("12 were injured"):
            # elsewhere it is a phone number, a score or a jersey far more often than a count.
            return (f"number:?{verb}", interval) if verb and mention.frame.slot in ("agent", "theme") else None
        return f"number:{thing}", interval
    if mention.kind == "place":
        slot = mention.frame.slot if mention.frame.preposition or mention.frame.slot == "attribute" else ""
        family = PLACE_SLOTS.get(slot, "other")
        place = place_value(mention.value) if family else None
        return (f"place:{family}", place) if place is not None else None  # type: ignore[return-value]
    if mention.kind == "date" and mention.unit == "partial" and mention.verb not in config.ignore_date_verbs:
        # "on Friday", "in December" with no publication date: compared with other partial dates only.
        interval = partial_date_interval(mention.value)
        return ("date", interval) if interval is not None else None
    if mention.kind == "date" and mention.unit in ("quarter", "half") and not _YEAR.search(mention.text):
        return None  # "the fourth quarter", "the second half" of a game far more often than of a year
    # "annual" (a set, P1Y) and "now" (a reference) say when something recurs or that it is current, not when it was.
    if (
        mention.kind == "date"
        and mention.value
        and mention.unit not in ("set", "reference", "unresolved")
        # A date no verb governs (a dateline, a byline, a tweet's timestamp) dates no event.
        and mention.verb
        and mention.verb not in config.ignore_date_verbs
    ):
        if date_span(mention.value) is not None:
            interval = date_interval(mention.value, mention.qualifier)
            return ("date", interval) if interval is not None else None
        if duration_days(mention.value) is not None:
            interval = duration_interval(mention.value, mention.qualifier, config.approx_tolerance)
            # "a year later", "nine days after", "three weeks ago" say when, counted from something else:
            # compared with other such offsets only, not with how long something lasted.
            offset = bool(_OFFSET_WORDS & set(mention.text.lower().split()))
            return ("offset" if offset else "duration", interval) if interval is not None else None
    return None


def contexts(
    mentions: Sequence[Mention], config: ReconcileConfig, lexicon: Lexicon | None = None
) -> dict[str, Context]:
    """The context of every comparable number and date mention, by mention id."""
    lexicon = lexicon or load_lexicon()
    overrides = synonym_classes(config)
    light = frozenset(w.lower() for w in config.light_verbs)
    support = frozenset(w.lower() for w in config.support_verbs)
    classes = thing_classes((m.unit for m in mentions if m.kind == "number"), lexicon, overrides)
    ignore = {w.lower() for w in config.ignore_subjects}
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[(m.source, m.sent_start)].append(m)

    # "three years" is both a duration (date) and a count of years (number): compare it once, as the duration.
    date_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        if m.kind == "date":
            date_spans[m.source].append((m.start, m.end))

    out: dict[str, Context] = {}
    for m in mentions:
        if m.kind == "number" and (
            _inside_date(m, date_spans) or _is_conversion(m, by_sentence[(m.source, m.sent_start)])
        ):
            continue
        placed = block_and_interval(m, config, classes)
        if placed is None:
            continue
        block, interval = placed
        neighbours = [n for n in by_sentence[(m.source, m.sent_start)] if n.mention_id != m.mention_id]
        named = {n.text.lower(): entity_name(n) for n in neighbours if n.kind in ENTITY_KINDS}
        subject = (m.frame.agent or m.subject).lower().removeprefix("the ")
        subject_named = subject in named
        if subject_named:
            subject = named[subject]
        elif subject in ignore:
            subject = ""
        if not subject_named:
            # A nationality on the counted noun says who ("around 300 British soldiers" → United Kingdom).
            nationality = next((named[w] for w in m.modifiers if w in named), "")
            if nationality:
                subject, subject_named = nationality, True
        things = {
            classes.get(n.unit.lower(), n.unit.lower())
            for n in neighbours
            if n.kind == "number" and n.unit and not _inside_date(n, date_spans)
        }
        things |= {n.value[:4] for n in neighbours if n.kind == "date" and date_span(n.value) is not None}
        counted = frozenset(
            (classes.get(n.unit.lower(), n.unit.lower()), n.value)
            for n in neighbours
            if n.kind == "number" and n.unit and n.unit.lower() != m.unit.lower() and not _inside_date(n, date_spans)
        )
        when = frozenset(
            i for n in neighbours if m.kind == "number" and n.kind == "date" and (i := _date_of(n, config)) is not None
        )
        out[m.mention_id] = Context(
            block=block,
            interval=interval,
            unit=m.unit.lower() if m.kind == "number" else "",
            verb=overrides.get(p, p) if (p := predicate_of(m, lexicon, light, support)) else "",
            subject=subject,
            subject_named=subject_named,
            entities=frozenset(entity_name(n) for n in neighbours if n.kind in ENTITY_KINDS),
            places=frozenset(n.value for n in neighbours if n.kind == "place"),
            sentence_verbs=frozenset(overrides.get(n.verb, n.verb) for n in [m, *neighbours] if n.verb),
            things=frozenset(things),
            modifiers=frozenset(m.modifiers),
            anchor=_canonical(m.frame.anchor, named),
            anchor_named=m.frame.anchor.lower().removeprefix("the ") in named,
            words=_words(m),
            counted=counted,
            when=when,
            dated=frozenset(n.value for n in neighbours if n.kind == "date" and n.value),
            additive=m.kind == "number" and _is_additive(m),
            head=m.frame.event_noun if m.kind == "number" and _ADJECTIVAL.search(m.text) else "",
            theme=m.frame.theme if m.kind == "date" else "",
        )
    return out


# "another" is left out: "another 20,000 marched in Thessaloniki" counts all of another place's marchers.
def _is_conversion(m: Mention, sentence: Sequence[Mention]) -> bool:
    """A count in brackets right after another is that count converted: "$US1 million ($1.52 million)",
    "600 metres (2,000 feet)"; the source states one value, in two units."""
    at = m.sentence.find(m.text, max(0, m.start - m.sent_start - 8))
    if at < 1 or "(" not in m.sentence[max(0, at - 2) : at]:
        return False
    return any(n.kind == "number" and n is not m and 0 <= m.start - n.end <= 4 for n in sentence)


ADDITIVE = frozenset({"other", "more", "additional", "further", "extra"})


def _is_additive(m: Mention) -> bool:
    """The count says how many more or how many others, not how many in all."""
    before = m.sentence[: max(0, m.start - m.sent_start)].lower().split()[-2:]
    return bool(ADDITIVE & (set(m.text.lower().split()) | set(before) | set(m.modifiers)))


def _date_of(m: Mention, config: ReconcileConfig) -> Interval | None:
    """The stretch of days a date mention covers (weekdays and months of no year on their own axis)."""
    if m.unit == "partial":
        return partial_date_interval(m.value)
    if m.value and date_span(m.value) is not None and m.unit not in ("set", "reference", "unresolved"):
        return date_interval(m.value, m.qualifier)
    return None


def _words(m: Mention) -> frozenset[str]:
    sentence = m.sentence.lower()
    own = set(m.text.lower().split())
    return frozenset(w for w in "".join(c if c.isalnum() else " " for c in sentence).split() if w not in own)


def _canonical(text: str, named: dict[str, str]) -> str:
    """An anchor as the entity it names ("Jackman" → "hugh jackman"), else its lower-case text."""
    key = text.lower().removeprefix("the ")
    return named.get(key, key).lower()


def _inside_date(m: Mention, date_spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(s < m.end and m.start < e for s, e in date_spans[m.source])


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def same_predicate(a: str, b: str, lexicon: Lexicon | None = None) -> bool:
    return a == b or (lexicon or load_lexicon()).same_predicate(a, b)


def context_score(a: Context, b: Context, config: ReconcileConfig, lexicon: Lexicon | None = None) -> float:
    """How sure we are that two mentions state the same fact, from context alone (−inf: they cannot).

    Values play no part: "300 troops" and "800 soldiers" deployed score as high as two "300 troops".
    """
    w = config.weights
    if a.subject_named and b.subject_named and a.subject != b.subject:
        return -math.inf  # "Sweden announced" and "Denmark announced" are never one fact
    score = 0.0
    if a.verb and b.verb:
        score += w.verb if same_predicate(a.verb, b.verb, lexicon) else -w.verb_mismatch
    if a.unit and a.unit == b.unit:
        score += w.unit
    if a.subject and a.subject == b.subject:
        score += w.subject
    score += w.entities * _jaccard(a.entities, b.entities)
    if a.places and b.places and not a.places & b.places:
        score -= w.place_mismatch
    score += w.sentence_verbs * _jaccard(a.sentence_verbs, b.sentence_verbs)
    score += w.sentence * _jaccard(a.words, b.words)
    score += w.things * _jaccard(a.things, b.things)
    if a.modifiers and b.modifiers:
        score += w.modifiers if a.modifiers & b.modifiers else -w.modifier_mismatch
    return score


def same_holder(a: Context, b: Context) -> bool:
    """Two ages of one named person ("the 33-year-old Reid", "Tara Reid, 33"): one fact, whatever the verbs."""
    return a.unit in AGE_UNITS and b.unit in AGE_UNITS and bool(a.anchor) and a.anchor == b.anchor


def link_score(a: Context, b: Context, config: ReconcileConfig) -> float:
    """The context score, raised to the link bar when the frames name one holder of an age."""
    score = context_score(a, b, config)
    return max(score, config.min_link_score) if same_holder(a, b) else score


def plausible(a: Context, b: Context, max_ratio: float) -> bool:
    """Counts of one fact told two ways stay within ``max_ratio`` of each other, unless one sentence reworded."""
    if not a.block.startswith("number:") or a.unit in AGE_UNITS:
        return True
    x, y = a.interval, b.interval
    if not (x.bounded and y.bounded) or x.meets(y):
        return True
    near, far = min(abs(x.high), abs(y.high)), max(abs(x.low), abs(y.low))  # the facing ends of two apart ranges
    if near == 0 or far / near <= max_ratio:
        return True
    return _jaccard(a.words, b.words) >= SAME_SENTENCE


def frame_evidence(a: Context, b: Context, lexicon: Lexicon | None = None, *, specific: bool = False) -> bool:
    """Two values can be one fact only when their frames say so: one predicate class, or the same named subject,
    or the same anchor. Shared entities alone ("Teixeira", "Angels") do not make "13 homers" and "33 homers" one fact.
    """
    lexicon = lexicon or load_lexicon()
    if _jaccard(a.words, b.words) >= SAME_SENTENCE:
        return True  # one sentence, as wire copy repeats it: the value is the only difference
    if a.head != b.head and not (a.head and b.head and lexicon.same_thing(a.head, b.head)):
        return False  # "a 73-yard drive" / "a 41-yard pass" / "352 yards rushing": lengths of different things
    if a.additive != b.additive:
        return False  # "the three victims" / "the two other victims": a part is not the whole
    if _other_times(a, b):
        return False  # "five cables were cut in January" / "three cables were cut on Friday": two events
    if _other_counts_differ(a, b):
        return False  # "13 homers and 43 RBIs in 54 games" / "33 homers and 121 RBIs in 157 games": another scope
    if a.block.endswith(":other"):
        return False  # a place in no slot we read lines up only in the same sentence
    if a.theme and b.theme and a.theme != b.theme and not lexicon.same_thing(a.theme, b.theme):
        return False  # "received the award in 2000" / "received a fellowship in 2008"
    if a.unit in AGE_UNITS or b.unit in AGE_UNITS:
        return bool(a.anchor) and a.anchor == b.anchor  # an age belongs to the person it describes
    if a.verb and b.verb and same_predicate(a.verb, b.verb, lexicon):
        return _corroborated(a, b)
    if a.block in ("date", "duration", "offset") and a.verb and b.verb:
        # One person does many things at many times: a date belongs to its predicate, not to who acted; but
        # two of the same names ("Klitschko stopped Rahman" / "Klitschko blasted Rahman") say which event.
        return (bool(a.anchor) and a.anchor == b.anchor) or len(a.entities & b.entities) >= SHARED_NAMES
    if a.subject_named and b.subject_named and a.subject == b.subject:
        return True
    if len(a.entities & b.entities) >= SHARED_NAMES:
        return True  # the same names around it: "happened on 8 October ... between Abu Talat and Marseilles"
    if specific and (a.entities & b.entities or a.modifiers & b.modifiers):
        return True  # a thing the event counts once or twice ("websites", "receptions"), said of the same names
    return bool(a.anchor) and a.anchor == b.anchor


def _corroborated(a: Context, b: Context) -> bool:
    """One predicate is one fact only with one more thing in common: a name, the subject, the theme, the anchor,
    another count of the sentence, or much of the sentence. "won a Tony in 2004" / "won an Emmy in 2005" share only the verb."""
    return bool(
        a.entities & b.entities
        or (a.subject and a.subject == b.subject)
        or (a.theme and a.theme == b.theme)
        or (a.anchor and a.anchor == b.anchor)
        or a.counted & b.counted  # "killing 612 people and wounding around 1,400" / "… injured more than 1,400"
        or a.dated & b.dated  # "stay for three years, but … six months to leave" / "… three years, … pull out"
        or _jaccard(a.words, b.words) >= CORROBORATING_WORDS
    )


def _other_times(a: Context, b: Context) -> bool:
    """Both sentences date what they count, on one axis, and no date of one meets a date of the other."""
    pairs = [(x, y) for x in a.when for y in b.when if x.kind == y.kind]
    return bool(pairs) and not any(x.meets(y) for x, y in pairs)


def _other_counts_differ(a: Context, b: Context) -> bool:
    """Both sentences count other things too, and every thing both count has different values in each."""
    things_a = {t for t, _ in a.counted}
    shared = things_a & {t for t, _ in b.counted}
    return bool(shared) and not any((t, v) in b.counted for t, v in a.counted if t in shared)


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
        c.anchor_named,
        c.theme,
        c.words,
        c.counted,
        c.when,
        c.dated,
        c.additive,
        c.head,
    )


def align(mentions: Sequence[Mention], config: ReconcileConfig) -> list[Group]:
    """Group the comparable number and date mentions of one event into facts."""
    ctx = contexts(mentions, config)
    by_block: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.mention_id in ctx:
            by_block[ctx[m.mention_id].block].append(m)
    groups: list[Group] = []
    for block in sorted(by_block):
        groups.extend(_align_block(by_block[block], ctx, config))
    return groups


def candidate_pairs(node_ctx: Sequence[Context], cap: int) -> set[tuple[int, int]]:
    """Pairs of nodes that share a predicate class, a named subject, an entity or a value: the only ones that can link.

    A bucket larger than ``cap`` pairs each node with its ``cap`` neighbours in value order
    only, so a huge event costs O(n·cap) pairs instead of O(n²).
    """
    buckets: dict[tuple[str, object], list[int]] = defaultdict(list)
    lexicon = load_lexicon()
    for i, c in enumerate(node_ctx):
        if c.verb:
            buckets[("verb", c.verb)].append(i)
            for cls in lexicon.verb_classes(c.verb):
                buckets[("class", cls)].append(i)
        for e in c.entities:
            buckets[("entity", e)].append(i)
        if c.subject:
            buckets[("subject", c.subject)].append(i)
        buckets[("value", c.interval)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
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
        if not plausible(node_ctx[i], node_ctx[j], config.max_count_ratio):
            continue
        a, b = node_ctx[i].interval, node_ctx[j].interval
        # An open value ("before 2022", "more than 4,000") agrees with too much to count as evidence.
        bounded = a.bounded and b.bounded
        if score >= (config.min_link_score if bounded else config.min_open_score):
            edges.append((score, i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))

    parent = list(range(len(keys)))
    best = [context_score(c, c, config) if len(src) > 1 else 0.0 for c, src in zip(node_ctx, node_sources, strict=True)]
    members = [[i] for i in range(len(keys))]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def may_join(a: list[int], b: list[int]) -> bool:
        """Two groups join only if every disagreement between them is one a strong context backs.

        Mentions of one source must agree outright; this also stops a wide value
        ("earlier this year") from bridging two dates that no context links.
        """
        for x in a:
            for y in b:
                if node_ctx[x].interval.meets(node_ctx[y].interval):
                    continue
                if node_sources[x] & node_sources[y]:
                    return False
                if not plausible(node_ctx[x], node_ctx[y], config.max_count_ratio):
                    return False
                if link_score(node_ctx[x], node_ctx[y], config) < config.min_link_score:
                    return False
        return True

    for score, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj or not may_join(members[ri], members[rj]):
            continue
        parent[rj] = ri
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
