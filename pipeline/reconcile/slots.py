"""What a mention's sentence says around its value, folded to classes: the :class:`Context` alignment reads.

Each comparable number, date and place mention gets a block (numbers by
counted-thing class, dates, durations and offsets apart, places by slot) and
an interval, its predicate (an event noun's verb, a support verb's object,
the verb a stretch of time is given for), its named subject, the names,
places, dates and other counts of its sentence, and its anchor. Pure
functions of the mentions and the lexicon.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..config import ReconcileConfig
from ..records import Mention, lower_case_words
from .holders import named_holders
from .lexicon import Lexicon, load_lexicon, thing_classes
from .places import PlaceValue, bearing, nation_of, place_value
from .readings import (
    ADJECTIVAL,
    HOME_VERBS,
    WINDOW,
    canonical,
    capitalised,
    capitalised_words,
    counted_from_now,
    date_of,
    head_noun,
    holding,
    home_of,
    inside_date,
    is_part,
    known_holder,
    lede_sentences,
    names_a_road,
    on_world_clock,
    own_place,
    sentence_words,
    tense_of,
    word_after,
)
from .shapes import is_additive, is_conversion, is_name_number, is_score, scores_in
from .spellings import ENTITY_KINDS, entity_name, no_opener, one_spelling, people_by_surname
from .story import foreign, story_places, written_holders
from .values import (
    YEAR_WRITTEN,
    Interval,
    date_interval,
    date_span,
    duration_days,
    duration_interval,
    number_interval,
    partial_date_interval,
)

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
# "the past 50 years", "the last three years": a window counted back from now, like "ago", not a length.
# Time units of counts → their TIMEX3 duration code ("T" for hours and less).
_TIME_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "TH", "minute": "TM", "second": "TS"}


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
    theme: str = ""  # the predicate's object ("award", "fellowship"), for dates and durations
    words: frozenset[str] = frozenset()  # the sentence's words but the mention's own: wire copy shares most
    counted: frozenset[tuple[str, str]] = frozenset()  # the sentence's other counts: (counted thing, value)
    bare: frozenset[str] = frozenset()  # the values of the sentence's counts of nothing named ("more than 1,400")
    when: frozenset[Interval] = frozenset()  # the days the sentence's dates cover, for a count ("in January")
    # The verbs that describe the counted noun, as lemmas ("355 damaged shops": damage; see ``Frame.described``).
    described: frozenset[str] = frozenset()
    # Where a count is of, written right after it ("55 percent of voice traffic in Saudi Arabia, 52 percent in
    # Egypt"): the place a line of counts gives each; "" when none.
    own_place: str = ""
    dated: frozenset[str] = frozenset()  # the sentence's other dates and durations (TIMEX3 values)
    also: frozenset[Interval] = frozenset()  # the sentence's other counts of the same unit ("two touchdowns")
    additive: bool = False  # a count of more or of others ("two other victims", "two more times")
    # The noun an adjectival measure describes: "drive" of "a 73-yard drive", "lead" of "a 10-point lead".
    head: str = ""
    # The country a named subject acts for: a country, its capital ("Paris announced"), or a person whose title
    # names it ("French President Emmanuel Macron"); "" when none is known.
    nation: str = ""
    # The date says when something began: "since 2012", "first erupted in 2012", "started in 2012".
    onset: bool = False
    tense: str = ""  # "future" ("will host the Oscars next year"), "past" ("hosted in 2007") or "" (present)
    person: bool = False  # the named subject is a person ("Duncan Rait"), not a country or an organisation
    # An age's anchor is a person the story has already introduced: "the 33-year-old actress" (not "a … man").
    known_holder: bool = False
    # The sentence's organisations and titles ("HBO", "The Notorious Bettie Page"): names of things, not people.
    organisations: frozenset[str] = frozenset()
    # Every known place of the sentence lies outside the story's places: "more than a dozen people were killed by
    # a quake in eastern China" in a story of an Iranian quake tells another event.
    foreign: bool = False
    # The subject is no entity the tagger found but a capitalised word ("Red Sox offer", "the Nationals have offered").
    subject_proper: bool = False
    # The sentence's game scores, (higher, lower) ("a 91-73 victory" → (91, 73)): which game it tells.
    scores: frozenset[tuple[int, int]] = frozenset()
    # A count of some of a larger set: "two of Egypt's largest providers" (see ``is_part``).
    part: bool = False
    # A place written as a modifier of a noun ("an Athens bank", "Nixon's Florida holiday home"): where that
    # thing is, not where the sentence's event happened.
    describes: bool = False
    # The subject undergoes the predicate ("LaSalle was charged"): who it happened to, not who acted.
    patient: bool = False
    # The verbs coordinated with the predicate ("shot and killed … and wounded two men Monday"): one of them too.
    coordinated: frozenset[str] = frozenset()
    # The value is in its article's lead, the first sentence after the headline: where a report says what
    # happened, to whom, where and when ("A gang of four thieves on Thursday stole nearly all the jewels …").
    lede: bool = False
    # An offset counted back from the article's now ("three weeks ago", "for the last 20 years"), not from an
    # event its sentence names ("11 days after the strike ended", "a year later").
    from_now: bool = False
    # The story's event this date's predicate tells, as the other sources show it ("" when none): see
    # ``align.story_events``.
    story: str = ""


def synonym_classes(config: ReconcileConfig) -> dict[str, str]:
    """Word → its synonym class name (the first class of the user's ``synonyms`` overrides that lists it)."""
    out: dict[str, str] = {}
    for name, words in config.synonyms.items():
        for word in words:
            out.setdefault(word.lower(), name)
    return out


def predicate_of(
    mention: Mention, lexicon: Lexicon, light: frozenset[str], support: frozenset[str] = frozenset()
) -> str:
    """The predicate a mention's value belongs to: an event noun's verb, else the governing verb ("" if light).

    A light or support verb with an event noun for object stands for that noun's verb ("suffered damage").
    """
    frame = mention.frame
    if frame.event_noun and lexicon.is_event_noun(frame.event_noun):
        return lexicon.predicate(frame.event_noun)
    # "an announcement by Macron in February": announcing; "more than 90 hours of deliberations": how long the
    # deliberating lasted, whatever the clause's verb ("the jury was deadlocked").
    said = frame.event_noun in lexicon.said_nouns
    if mention.kind == "date" and said and (frame.preposition or word_after(mention) == "of"):
        return lexicon.said_nouns[frame.event_noun]
    if mention.kind == "number" and frame.preposition not in ("", "of") and frame.anchor and frame.event_noun:
        # "Qeshm island, home to 120,000 people": the noun it hangs on, not the clause's verb. Not with "of":
        # "a contingent of 300 troops", "a crowd of 5,000" hold the count, the verb still says what it is.
        return frame.event_noun
    verb = mention.verb or frame.predicate
    if (verb in light or verb in support) and frame.predicate and frame.predicate not in light:
        verb = frame.predicate  # "they have six months to leave": the frame's purpose verb
    if (verb in light or verb in support) and frame.theme and lexicon.is_event_noun(frame.theme):
        return lexicon.predicate(frame.theme)
    if frame.agent.islower() and verb and lexicon.same_verb(verb, "happen"):
        # "the explosion occurred Friday": the exploding; "the entanglement occurred in 1972": the entanglement
        return lexicon.predicate(frame.agent)
    if (
        verb == frame.predicate
        and frame.particle
        and verb not in light
        and lexicon.verb_classes(phrasal := f"{verb} {frame.particle}")
    ):
        return phrasal  # "passed away" is "died", not "passed"; "handed out" is "distributed"
    return "" if verb in light else lexicon.lemma(verb)


def _nation(subject: str, neighbours: Sequence[Mention]) -> str:
    """The country a named subject acts for (see ``Context.nation``)."""
    if found := nation_of(subject):
        return found
    for n in neighbours:
        if n.kind == "person" and entity_name(n) == subject:
            # A nationality right before the person's title or name: "French President Emmanuel Macron".
            starts = {n.start} | {r.start for r in neighbours if r.kind == "role" and r.start <= n.start < r.end}
            for place in neighbours:
                near = place.kind == "place" and any(0 <= s - place.end <= 1 for s in starts)
                if near and (found := nation_of(place.value)):
                    return found
    return ""


_SINCE = re.compile(r"^(?:ever )?since\b", re.IGNORECASE)  # not "from 1951-1957": a span, no onset
_BEARING = re.compile(r"\b((?:north|south|east|west)(?:[-\s]?(?:east|west))?(?:ern)?)\s+of\s+(?:the\s+)?$", re.I)


# Verbs of saying among ``ignore_date_verbs`` (not "publish", "update": a byline's date is each outlet's own).
SAYING = frozenset({"say", "tell", "report", "add"})
_DEICTIC = re.compile(
    r"^(?:earlier |later |late |early )?(?:today|yesterday|tonight|tomorrow|last night|this (?:morning|afternoon|evening))$",
    re.IGNORECASE,
)
# Objects that name no thing, only how many or which of one ("injured two others", "killed one"): no theme.
_PRONOUN_THEMES = frozenset({"other", "one", "some", "several", "many", "few", "all", "both", "each", "none", "any"})
_DEFINITE = re.compile(r"\b(?:the|these|those|all)\s+$", re.IGNORECASE)


def _count_interval(mention: Mention, config: ReconcileConfig) -> Interval | None:
    """The counts a number mention allows, with the configured tolerance and "more than" headroom."""
    return number_interval(
        mention.value, mention.qualifier, mention.high, config.approx_tolerance, config.more_than_headroom
    )


def block_and_interval(
    mention: Mention, config: ReconcileConfig, classes: dict[str, str], lexicon: Lexicon | None = None
) -> tuple[str, Interval] | None:
    """The comparison block of a number or date mention and its interval, or None if it cannot be compared."""
    if mention.kind == "number":
        if is_score(mention) or is_name_number(mention):
            return None
        interval = _count_interval(mention, config)
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
            if _DEFINITE.search(mention.sentence[: max(0, mention.start - mention.sent_start)]):
                return None  # "the two met": the people counted before, not a count of its own
            return (f"number:?{verb}", interval) if verb and mention.frame.slot in ("agent", "theme") else None
        return f"number:{thing}", interval
    if mention.kind == "place":
        if mention.label == "NORP":
            return None  # "a British climber dies": a nationality says who, not where
        if found := _BEARING.search(mention.sentence[: mention.start - mention.sent_start]):
            # "150 nautical miles west of Aden": a point to measure from, not where it happened; what is compared
            # is the direction from it.
            way = bearing(found[1], mention.value)
            return ("place:bearing", way) if way is not None else None  # type: ignore[return-value]
        frame, lexicon = mention.frame, lexicon or load_lexicon()
        slot = frame.slot if frame.preposition or frame.slot == "attribute" else ""
        if frame.preposition == "of" and frame.holder_preposition and lexicon.is_location(frame.event_noun):
            slot = frame.holder_slot  # "stationed in the remote town of Gao": where the town is, Gao is
        if frame.listed:
            slot = ""  # "felt in the Gulf states of Oman and the UAE": one place of a list says no single where
        if names_a_road(mention, lexicon):
            slot = ""  # "happened at the West Coast Bank on the Newberg 214 Highway": no town it happened in
        if frame.series and lexicon.is_event_noun(frame.event_noun):
            slot = ""  # "after a string of high-profile robberies in Cannes": where other events happened
        family = PLACE_SLOTS.get(slot, "other")
        place = place_value(mention.value) if family else None
        return (f"place:{family}", place) if place is not None else None  # type: ignore[return-value]
    if mention.kind == "date" and mention.verb in config.ignore_date_verbs:
        # "officials said Saturday": when a statement was made, compared only with the same statement as another
        # outlet copied it ("… officials said Monday"); outlets quote different statements on different days.
        if mention.verb not in SAYING or mention.unit in ("set", "reference", "unresolved", "duration"):
            return None
        if mention.unit == "partial":
            interval = partial_date_interval(mention.value)
        else:
            interval = date_interval(mention.value, mention.qualifier) if date_span(mention.value) else None
        return ("date:said", interval) if interval is not None else None
    if mention.kind == "date" and mention.unit == "partial":
        # "on Friday", "in December" with no publication date: compared with other partial dates only.
        interval = partial_date_interval(mention.value)
        return ("date", interval) if interval is not None else None
    if mention.kind == "date" and mention.unit in ("quarter", "half") and not YEAR_WRITTEN.search(mention.text):
        return None  # "the fourth quarter", "the second half" of a game far more often than of a year
    # "annual" (a set, P1Y) and "now" (a reference) say when something recurs or that it is current, not when it was.
    if (
        mention.kind == "date"
        and mention.value
        and mention.unit not in ("set", "reference", "unresolved")
        # A date no verb governs (a dateline, a byline, a tweet's timestamp) dates no event.
        and mention.verb
    ):
        if date_span(mention.value) is not None:
            interval = date_of(mention)
            if interval is not None and _DEICTIC.match(mention.text):
                # "today", "yesterday" count from the article's date, which is often its update or the wire's
                # time zone's: "at 10am today" in a copy dated a day later is the others' "Monday".
                interval = replace(interval, low=interval.low - 1, high=interval.high + 1)
            return ("date", interval) if interval is not None else None
        if duration_days(mention.value) is not None:
            interval = duration_interval(mention.value, mention.qualifier, config.approx_tolerance)
            # "a year later", "nine days after", "three weeks ago" say when, counted from something else:
            # compared with other such offsets only, not with how long something lasted.
            offset = bool(_OFFSET_WORDS & set(mention.text.lower().split())) or bool(WINDOW.match(mention.text))
            after = word_after(mention)
            offset = offset or after in _OFFSET_WORDS  # "two days after"
            if after == "of":
                offset = False  # "after 30 hours of deliberation": how long the deliberating lasted
            return ("offset" if offset else "duration", interval) if interval is not None else None
    return None


def contexts(
    mentions: Sequence[Mention],
    config: ReconcileConfig,
    lexicon: Lexicon | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, Context]:
    """The context of every comparable number and date mention, by mention id.

    ``aliases`` maps a person's name as one source spells it to the event's one spelling ("Jerymayne Timmons" →
    "Jermayne Timmons", from the name findings), so a misspelt name still says whose age or act it is.
    """
    lexicon = lexicon or load_lexicon()
    overrides = synonym_classes(config)
    light = frozenset(w.lower() for w in config.light_verbs)
    support = frozenset(w.lower() for w in config.support_verbs)
    classes = thing_classes((m.unit for m in mentions if m.kind == "number"), lexicon, overrides)
    ignore = {w.lower() for w in config.ignore_subjects}
    # Who says it is no part of what is said: "AFP said 60 died" / "the Red Cross said 50 died" are one toll.
    statement_verbs = {w.lower() for w in config.ignore_date_verbs} | {"accord"}
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_sentence[(m.source, m.sent_start)].append(m)

    # "three years" is both a duration (date) and a count of years (number): compare it once, as the duration.
    date_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        if m.kind == "date":
            date_spans[m.source].append((m.start, m.end))

    spelled = one_spelling(mentions)
    common = lower_case_words(mentions)
    for m in mentions:
        if m.kind == "person" and (name := entity_name(m)) != (plain := no_opener(name, common)):
            spelled[name] = plain  # "Following Gigante" is Gigante in labels and names around a value
    spelled.update(aliases or {})
    surnames = people_by_surname(mentions, spelled)
    # Words the event writes capitalised inside a sentence and never in lower case: names, wherever they stand.
    capitals = frozenset().union(*(capitalised_words(text) for text in {m.sentence for m in mentions})) - common
    holders = written_holders(by_sentence.values())
    story = story_places(mentions)
    ledes = lede_sentences(mentions)
    out: dict[str, Context] = {}
    for m in mentions:
        if m.kind == "number" and (
            inside_date(m, date_spans) or is_conversion(m, by_sentence[(m.source, m.sent_start)])
        ):
            continue
        if m.kind == "date" and on_world_clock(m):
            continue
        placed = block_and_interval(m, config, classes, lexicon)
        if placed is None:
            continue
        block, interval = placed
        if block == "duration" and ADJECTIVAL.search(m.text) and lexicon.is_person(m.frame.modifies):
            block = "tenure"  # "a 15-year employee", "a 20-year veteran": how long someone has been it
        if isinstance(interval, PlaceValue) and interval.name in holders:
            interval = replace(interval, within=interval.within | holders[interval.name])  # type: ignore[assignment]
        neighbours = [n for n in by_sentence[(m.source, m.sent_start)] if n.mention_id != m.mention_id]
        named = {
            n.text.lower(): spelled.get(entity_name(n), entity_name(n)) for n in neighbours if n.kind in ENTITY_KINDS
        }
        subject = (m.frame.agent or m.subject).lower().removeprefix("the ")
        patient = bool(m.frame.theme) and subject.rsplit(" ", 1)[-1] == m.frame.theme
        subject_named = subject in named
        if subject_named:
            subject = named[subject]
        elif m.frame.agent[:1].isupper() and subject in surnames:
            subject, subject_named = surnames[subject], True  # "Klitschko dumped Thompson": the tagger missed him
        elif subject in ignore:
            subject = ""
        if not subject_named:
            # A nationality on the counted noun says who ("around 300 British soldiers" → United Kingdom).
            nationality = next((named[w] for w in m.modifiers if w in named), "")
            if nationality:
                subject, subject_named = nationality, True
        people = {spelled.get(e, e): n for n in neighbours if n.kind == "person" for e in [entity_name(n)]}
        person = subject_named and subject in people
        home = ""
        if block.startswith("place:"):
            home = home_of(m, people) if block == "place:other" else ""
            if m.frame.predicate in HOME_VERBS:  # "Raj Chohan, who lived in South Ozone Park"; nobody's if unnamed
                home = home or (subject.lower() if person else "")
            if home or m.frame.predicate in HOME_VERBS:
                block = "place:home"
            elif block == "place:bearing":
                home = m.value.lower()  # the place the direction is from
            elif held := holding(m, neighbours):
                block, home = "place:within", held.lower()  # "Wasilla, Alaska": where Wasilla is
        counts = [
            n
            for n in neighbours
            if n.kind == "number"
            and n.unit
            and not inside_date(n, date_spans)
            # A date of the sentence's own clause does not date a count in a clause describing a noun: "handed out
            # blankets Monday to survivors of a quake that killed 10 people" (a date in such a clause may: "captured
            # 23 pirates who attacked a vessel on Saturday").
            and not (m.kind == "date" and n.frame.relative and not m.frame.relative)
        ]
        things = {classes.get(n.unit.lower(), n.unit.lower()) for n in counts}
        things |= {n.value[:4] for n in neighbours if n.kind == "date" and date_span(n.value) is not None}
        counted = frozenset(
            (classes.get(n.unit.lower(), n.unit.lower()), n.value) for n in counts if n.unit.lower() != m.unit.lower()
        )
        bare = frozenset(
            n.value
            for n in neighbours
            if n.kind == "number"
            and not n.unit
            and not inside_date(n, date_spans)
            and not YEAR_WRITTEN.fullmatch(n.value)
        )
        counted_now = m.kind == "number" or block == "duration"  # a count or a length, dated by its sentence
        # The days of what is counted, not of the statement ("10 people died, officials said Saturday").
        when = frozenset(
            i
            for n in neighbours
            if counted_now and n.kind == "date" and n.verb not in statement_verbs and (i := date_of(n)) is not None
        )
        also = frozenset(
            i
            for n in counts
            if m.kind == "number" and n.unit.lower() == m.unit.lower() and (i := _count_interval(n, config))
        )
        p = predicate_of(m, lexicon, light, support)
        # The verbs coordinated with the clause's verb, not with an event noun the value hangs on ("agreed to slash
        # spending and jack up taxes in return for 110 billion euros": the returning has none).
        of_noun = bool(
            m.frame.event_noun and p and p != m.frame.predicate and p == lexicon.predicate(m.frame.event_noun)
        )
        out[m.mention_id] = Context(
            block=block,
            interval=interval,
            unit=m.unit.lower() if m.kind == "number" else "",
            # a phrasal verb not listed is in its verb's class: "pull out" withdraws when "pull" does
            verb=(overrides.get(p) or overrides.get(p.split(" ", 1)[0], p)) if p else "",
            subject=subject,
            subject_named=subject_named,
            entities=frozenset(
                spelled.get(e, e) for n in neighbours if n.kind in ENTITY_KINDS for e in [entity_name(n)]
            ),
            places=frozenset(n.value for n in neighbours if n.kind == "place"),
            sentence_verbs=frozenset(overrides.get(n.verb, n.verb) for n in [m, *neighbours] if n.verb),
            things=frozenset(things),
            modifiers=frozenset(m.modifiers),
            described=frozenset(lexicon.verb_of(w) for w in m.frame.described) if m.kind == "number" else frozenset(),
            anchor=home or canonical(m.frame.anchor, named),
            words=sentence_words(m),
            counted=counted,
            bare=bare,
            when=when,
            own_place=own_place(m, neighbours) if m.kind == "number" else "",
            dated=frozenset(n.value for n in neighbours if n.kind == "date" and n.value),
            also=also,
            additive=m.kind == "number" and is_additive(m),
            head=head_noun(m),
            theme=m.frame.theme if m.kind == "date" and m.frame.theme not in _PRONOUN_THEMES else "",
            nation=_nation(subject, neighbours) if subject_named else "",
            tense=tense_of(m),
            part=m.kind == "number" and is_part(m),
            person=person,
            known_holder=known_holder(m, lexicon),
            foreign=m.kind != "place" and foreign(neighbours, story),  # a place's own value is what it says
            # "Genovese ran his organization … while serving a 15-year sentence": a name that opens its sentence.
            subject_proper=not subject_named and (capitalised(subject, m.sentence) or subject in capitals),
            organisations=frozenset(
                n.value for n in neighbours if n.kind == "organisation" and n.frame.predicate not in statement_verbs
            ),
            describes=m.kind == "place" and bool(m.frame.modifies),
            patient=patient,
            coordinated=frozenset(overrides.get(v, v) for v in m.frame.coordinated if v not in light and not of_noun),
            scores=scores_in(m.sentence) if m.kind in ("number", "date") else frozenset(),
            onset=m.kind == "date"
            and (_SINCE.match(m.text) is not None or (bool(p) and lexicon.same_predicate(p, "begin"))),
            lede=ledes.get(m.source) == m.sent_start,
            from_now=block == "offset" and counted_from_now(m),
        )
    return named_holders(mentions, out, spelled, lexicon)
