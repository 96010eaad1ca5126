"""Whether two contexts state one fact: the context score, frame evidence and the vetoes.

Values play no part in the score ("300 troops" and "800 soldiers" deployed
score alike); the vetoes read values only where a value says which fact it is
(an age's holder, counts far apart, counts dated on days apart).
"""

from __future__ import annotations

import math
import re

from ..config import ReconcileConfig
from .lexicon import Lexicon, load_lexicon
from .links import (
    jaccard,
    same_actors,
    same_bare_stretch,
    same_count,
    same_dated_act,
    same_described_thing,
    same_holder,
    same_holding,
    same_home,
    same_kind_counted,
    same_lede,
    same_lede_site,
    same_named_thing,
    same_onset,
    same_predicate,
    same_sentence,
    same_site,
    same_stat_line,
    same_story_event,
    scope_words,
    unframed,
)
from .places import PlaceValue, place_value
from .readings import AGE_UNITS
from .slots import CORROBORATING_WORDS, SAME_SENTENCE, SHARED_NAMES, Context
from .values import date_interval, too_long_for_a_weekday


def one_verb(a: str, b: str, lexicon: Lexicon) -> bool:
    """The same predicate, not only the same class: "announcement" / "announced", "passed away" / "died"."""
    return lexicon.same_verb(a, b)


def context_score(a: Context, b: Context, config: ReconcileConfig, lexicon: Lexicon | None = None) -> float:
    """How sure we are that two mentions state the same fact, from context alone (−inf: they cannot).

    Values play no part: "300 troops" and "800 soldiers" deployed score as high as two "300 troops".
    """
    w = config.weights
    if _other_actors(a, b) or _opposite(a, b, lexicon) or other_places(a, b):
        # "Sweden announced" / "Denmark announced"; "married in 1943" / "divorced in 1947"; "55 percent … in
        # Saudi Arabia" / "52 percent in Egypt" (one line of counts, a count per place, even copied whole)
        return -math.inf
    score = 0.0
    if a.verb and b.verb:
        same = same_predicate(a.verb, b.verb, lexicon) or coordinated_match(a, b, lexicon)
        score += w.verb if same else -w.verb_mismatch
    if a.unit and a.unit == b.unit:
        score += w.unit
    if a.subject and a.subject == b.subject:
        score += w.subject
    score += w.entities * jaccard(a.entities, b.entities)
    if a.places and b.places and not a.places & b.places:
        score -= w.place_mismatch
    score += w.sentence_verbs * jaccard(a.sentence_verbs, b.sentence_verbs)
    score += w.sentence * jaccard(a.words, b.words)
    score += w.things * jaccard(a.things, b.things)
    if a.modifiers and b.modifiers:
        score += w.modifiers if a.modifiers & b.modifiers else -w.modifier_mismatch
    return score


def coordinated_match(a: Context, b: Context, lexicon: Lexicon | None = None, *, exact: bool = False) -> bool:
    """One's predicate (``exact``: its verb) is a verb the other's is coordinated with ("shot three people
    Thursday" / "shot and killed a woman and wounded two men Monday"): a value after the last verb of one subject
    may be said of them all."""
    if not (a.verb and b.verb):
        return False
    lexicon = lexicon or load_lexicon()
    # A class alone is no match across voices: "was fired last week" (dismissed) / "shot one and injured two Monday".
    same = one_verb if exact or a.patient != b.patient else same_predicate
    return any(same(a.verb, y, lexicon) for y in b.coordinated) or any(same(x, b.verb, lexicon) for x in a.coordinated)


def _opposite(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Opposite predicates (WordNet's antonyms: "won" / "lost", "hired" / "fired"): never one fact."""
    return bool(a.verb and b.verb) and (lexicon or load_lexicon()).opposite(a.verb, b.verb)


def _other_actors(a: Context, b: Context) -> bool:
    """Two named subjects that cannot be one: "Sweden announced" / "Denmark announced". "Paris announced" and
    "French President Emmanuel Macron announced" may be (one country), and so may a country and a person of no
    known country ("an Australian man died" / "Duncan Rait died"). Capitalised subjects the tagger found no entity
    for count as names here. One who acted and one it happened to ("the County Attorney filed charges" / "LaSalle
    was charged") are no two actors."""
    if a.patient != b.patient:
        return False
    if a.subject in _HOW_MANY and b.subject in _HOW_MANY and a.subject != b.subject:
        return True  # "The two met from June 19, 1972" / "The three met … in November": other people
    if a.subject_proper and b.subject_proper:
        # "Red Sox offer Teixeira $200 million" / "the Nationals have offered Teixeira $160 million"; "the Jays" are
        # the Bluejays.
        return a.subject not in b.subject and b.subject not in a.subject
    proper, named = (a, b) if a.subject_proper else (b, a)
    if proper.subject_proper and named.subject_named:
        return not any(w.endswith(proper.subject) for w in named.subject.lower().split())  # "Sox" / "the Orioles"
    if not (a.subject_named and b.subject_named) or a.subject == b.subject:
        return False
    if a.nation and a.nation == b.nation:
        return False
    country, other = (a, b) if a.nation and a.subject == a.nation else (b, a)
    return not (country.nation and country.subject == country.nation and not other.nation and other.person)


# Subjects that say how many acted ("the two", "the three"): two of them say two groups of people.
_HOW_MANY = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both"})


def link_score(a: Context, b: Context, config: ReconcileConfig) -> float:
    """The context score, raised to the link bar when the frames name one holder of an age, one event's actors
    or one onset; a contradiction (−inf) stays one."""
    score = context_score(a, b, config)
    if score == -math.inf:
        return score  # "a 32-year-old British climber" / "a 36-year-old Australian climber": two holders
    if score >= config.min_link_score:
        return score  # at the bar already: raising changes nothing
    raised = any(
        same(a, b)
        for same in (
            same_holder,
            same_actors,
            same_onset,
            same_home,
            same_holding,
            same_count,
            same_kind_counted,
            same_described_thing,
            same_site,
            same_named_thing,
            same_sentence,
            same_stat_line,
            same_lede,
            same_lede_site,
            same_bare_stretch,
            same_story_event,
            same_dated_act,
        )
    )
    return max(score, config.min_link_score) if raised else score


def plausible(a: Context, b: Context, max_ratio: float, max_gap_days: float = math.inf) -> bool:
    """Counts of one fact told two ways stay within ``max_ratio`` of each other and dates within ``max_gap_days``,
    unless the sentences share much of their words: "convicted in 1959" / "convicted in July 1997" are two
    events of a life, not one date two outlets disagree on."""
    x, y = a.interval, b.interval
    if (
        a.block == "date"
        and {x.kind, y.kind} == {"weekday", "day"}
        and too_long_for_a_weekday(x if x.kind == "day" else y)
    ):
        return False  # "on Saturday" / "in 2001": a day of this week and a year are two events
    if a.block == "date" and x.kind == y.kind == "day" and x.bounded and y.bounded and not x.meets(y):
        gap = max(x.low, y.low) - min(x.high, y.high)  # days between the facing ends
        return gap <= max_gap_days or jaccard(a.words, b.words) >= CORROBORATING_WORDS
    if not a.block.startswith("number:") or a.unit in AGE_UNITS:
        return True
    if not (x.bounded and y.bounded) or x.meets(y):
        return True
    near, far = min(abs(x.high), abs(y.high)), max(abs(x.low), abs(y.low))  # the facing ends of two apart ranges
    if near == 0 or far / near <= max_ratio:
        return True
    return jaccard(a.words, b.words) >= SAME_SENTENCE


def frame_evidence(a: Context, b: Context, lexicon: Lexicon | None = None, *, specific: bool = False) -> bool:
    """Two values can be one fact only when their frames say so and nothing says otherwise (see the vetoes below):
    one corroborated predicate class, the same named subject, the same anchor or two shared names. Shared entities
    alone ("Teixeira", "Angels") do not make "13 homers" and "33 homers" one fact.
    """
    lexicon = lexicon or load_lexicon()
    if jaccard(a.words, b.words) >= SAME_SENTENCE:
        return True  # one sentence, as wire copy repeats it: the value is the only difference
    if a.foreign != b.foreign:
        return False  # "killed by a quake in eastern China" in a story of a quake in Iran: another event
    if _opposite(a, b, lexicon):
        return False  # "won the title in 2004" / "lost the title in 2005"
    if a.block == "date:said":
        # A statement's date lines up only with the same statement: copied (above), or reworded by the same speaker
        # ("… and state police did not have any suspects, officials said Monday" / "…, officials said Saturday").
        return bool(a.subject) and a.subject == b.subject and jaccard(a.words, b.words) >= CORROBORATING_WORDS
    if a.block == "place:home":
        return same_home(a, b)  # where a person lives, whatever the sentence says they did
    if a.block in ("place:within", "place:bearing"):
        return same_holding(a, b)  # "Wasilla, Alaska" / "Wasilla, West Virginia"; "west of Aden" / "east of Aden"
    if a.block.startswith("place:") and _things_apart(a.anchor, b.anchor, lexicon):
        return False  # "a six-game loss to Detroit" / "at the helm for Philadelphia": where two things are
    # One line of counts ("59 receptions, 1,098 yards and seven touchdowns") is one statement, whatever its tense,
    # its game or what its span is called.
    line = same_stat_line(a, b)
    if (a.block == "date" or a.block.startswith("number:")) and {a.tense, b.tense} == {"future", "past"} and not line:
        return False  # "will host the Oscars next year" / "first hosted in 2007"; "will miss the final two games"
    if a.unit in AGE_UNITS or b.unit in AGE_UNITS:
        # An age belongs to the person it describes, whatever else the sentences date or count.
        return bool(a.anchor) and a.anchor == b.anchor
    if a.block == "date" and not _same_dated_thing(a, b, lexicon):
        return False  # "received the 2000 National Caring Award" / "received the Mandela Award in 1998"
    if _apart(a, b, lexicon, line=line):
        return False
    if line:
        return True
    if same_site(a, b, lexicon) or same_lede_site(a, b, lexicon):
        return True
    if a.block.endswith(":other"):
        return False  # a place in no slot we read lines up only in the same sentence
    if (
        a.theme
        and b.theme
        and a.theme != b.theme
        and same_predicate(a.verb, b.verb, lexicon)
        and not lexicon.same_thing(a.theme, b.theme)
    ):
        return False  # "received the award in 2000" / "received a fellowship in 2008"; two verbs have two themes
    if a.verb and b.verb and same_predicate(a.verb, b.verb, lexicon):
        if not one_verb(a.verb, b.verb, lexicon) and not coordinated_match(a, b, lexicon, exact=True):
            return _corroborated_twice(a, b)
        return _corroborated(a, b)
    if coordinated_match(a, b, lexicon):
        return _corroborated(a, b)
    if same_onset(a, b):
        return True
    if a.block in ("date", "duration", "offset") and (a.verb or b.verb):
        # One person does many things at many times: a date belongs to its predicate, not to who acted; but
        # two of the same names ("Klitschko stopped Rahman" / "Klitschko blasted Rahman") say which event.
        return (
            (bool(a.anchor) and a.anchor == b.anchor)
            or (len(a.entities & b.entities) >= SHARED_NAMES and not (_background(a) or _background(b)))
            or same_named_thing(a, b, lexicon)
            or same_lede(a, b)
            or same_story_event(a, b)
        )
    if a.subject_named and b.subject_named and a.subject == b.subject:
        return True
    if len(a.entities & b.entities) >= SHARED_NAMES:
        return True  # the same names around it: "happened on 8 October ... between Abu Talat and Marseilles"
    if (specific and a.entities & b.entities) or same_kind_counted(a, b):
        return True  # a thing the event counts once or twice ("websites", "receptions"), said of the same names
    if specific and same_described_thing(a, b, lexicon):
        return True  # the event's one thing of that measure: "a .38-caliber revolver" / "a .357 caliber revolver"
    return bool(a.anchor) and a.anchor == b.anchor


def told_apart(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Two counts or dates whose sentences say they are of two facts, whatever their values (another thing counted,
    scope, game, body, place or time): ``frame_evidence``'s vetoes, which a merge of two groups checks for every
    disagreement it brings, not only for the pair that links them. Ages and statements' dates have their own tests."""
    if not (a.block == "date" or a.block.startswith("number:")) or a.unit in AGE_UNITS or b.unit in AGE_UNITS:
        return False
    if jaccard(a.words, b.words) >= SAME_SENTENCE:
        return False
    return _apart(a, b, lexicon or load_lexicon(), line=same_stat_line(a, b))


def _apart(a: Context, b: Context, lexicon: Lexicon, *, line: bool) -> bool:
    """The vetoes of ``frame_evidence`` after its tests of blocks and ages (``line``: one line of counts)."""
    if a.block != "date" and a.head != b.head and not (a.head and b.head and lexicon.same_thing(a.head, b.head)):
        return True  # "a 73-yard drive" / "a 41-yard pass" / "352 yards rushing": lengths of different things
    if a.from_now != b.from_now:
        return True  # "hosting the Oscars for the last 20 years" / "hosted … only 11 days after the strike ended"
    if a.part != b.part:
        return True  # "two of Egypt's largest providers" / "the country's three telecom providers": a part, the whole
    if a.additive != b.additive:
        return True  # "the three victims" / "the two other victims": a part is not the whole
    if a.block.startswith("number:") and scope_words(a.words) != scope_words(b.words) and not line:
        return True  # "2,282 career points" / "24 points" in a game; "716 yards this season" / "in the game"
    if a.scores and b.scores and not a.scores & b.scores and not line:
        return True  # "24 points in a 108-70 rout" / "20 points as North Carolina beat Evansville 91-73": two games
    # "elected to the AMA's board in 1995" / "chosen as President of the Medical Association of Alabama in 2002"
    if (
        a.organisations
        and b.organisations
        and not a.organisations & b.organisations
        and not a.entities & b.entities
        and not line
    ):
        return True
    if _placed_elsewhere(a, b) or _placed_elsewhere(b, a):
        return True  # "spread to Italy and Spain" / "spread to Turkey, as well as Germany, Spain, Italy"
    if _said_elsewhere(a, b) or _said_elsewhere(b, a):
        return True  # "won a Tony in 2004" / "won an Emmy in 2005 for hosting the Tony Awards in 2004"
    if _other_times(a, b):
        return True  # "five cables were cut in January" / "three cables were cut on Friday": two events
    # "13 homers and 43 RBIs in 54 games" / "33 homers and 121 RBIs in 157 games": another scope
    return _other_counts_differ(a, b)


def other_places(a: Context, b: Context) -> bool:
    """Two counts, each written with a place of its own that does not meet the other's."""
    return bool(a.own_place and b.own_place) and places_apart(a.own_place, b.own_place)


def places_apart(a: str, b: str) -> bool:
    """Two places the gazetteer knows and neither holds the other (one it does not know says nothing: "10 people
    in Qeshm" may be "three people in Iran"'s)."""
    if a == b:
        return False
    x, y = place_value(a), place_value(b)
    return x is not None and y is not None and not x.meets(y)


def _background(c: Context) -> bool:
    """A date of a month or more ("in May 1972", "in 1972", "in the 1970s"): a life's background, where the story's
    names are in every sentence and say nothing of which event ("Felt left the FBI in 1973" / "Felt was deputy
    associate director of the FBI in 1972"; "in May 1972 Felt had been passed over" / "Felt died Thursday")."""
    x = c.interval
    return c.block == "date" and x.kind == "day" and x.bounded and x.high - x.low >= BACKGROUND_DAYS


# The fewest days a date of a month covers (February's, counted from its first day).
BACKGROUND_DAYS = 27


def _corroborated(a: Context, b: Context) -> bool:
    """One predicate is one fact only with one more thing in common: a name, the subject, the theme, the anchor,
    another count of the sentence, or much of the sentence. "won a Tony in 2004" / "won an Emmy in 2005" share only the verb."""
    return bool(
        a.entities & b.entities
        or (a.subject and a.subject == b.subject)
        or (a.theme and a.theme == b.theme)
        or (a.anchor and a.anchor == b.anchor)
        or a.counted & b.counted  # "killing 612 people and wounding around 1,400" / "… injured more than 1,400"
        or a.bare & b.bare
        or a.dated & b.dated  # "stay for three years, but … six months to leave" / "… three years, … pull out"
        or jaccard(a.words, b.words) >= CORROBORATING_WORDS
        # "He had married two weeks before the shooting" says no more than its predicate: nothing of it can differ
        or (a.block in ("duration", "offset") and (unframed(a) or unframed(b)))
    )


def _corroborated_twice(a: Context, b: Context) -> bool:
    """Two verbs of one class ("left the FBI" / "stepped forward", "admitted" / "was born") need two things in
    common: the one name a story is about is the subject of many of its sentences."""
    if a.counted & b.counted:
        return True  # another count of the same value in both: "paid $3 million … plus 20 percent" / "given $3 million … 5%"
    names = min(len(a.entities & b.entities), SHARED_NAMES)
    others = (a.theme and a.theme == b.theme, a.anchor and a.anchor == b.anchor, a.dated & b.dated)
    return names + sum(map(bool, others)) >= 2 or jaccard(a.words, b.words) >= CORROBORATING_WORDS


def _same_dated_thing(a: Context, b: Context, lexicon: Lexicon) -> bool:
    """A date on a noun dates that thing ("the 2005 film", "Nixon's 1968 election campaign"): it is one fact
    with a date on the same kind of thing, or with the date of the event the noun names ("the 2012 crash" /
    "crashed in 2012"), not with any date of the sentence's verb."""
    if not (a.head or b.head) or a.head == b.head:
        return True
    if a.head and b.head:
        # Two event nouns ("the 1972 scandal" / "the 1972 break-in") are left to their predicates.
        return lexicon.same_thing(a.head, b.head) or (lexicon.is_event_noun(a.head) and lexicon.is_event_noun(b.head))
    head, other = (a.head, b) if a.head else (b.head, a)
    return lexicon.is_event_noun(head) and bool(other.verb) and same_predicate(lexicon.predicate(head), other.verb)


def _things_apart(a: str, b: str, lexicon: Lexicon) -> bool:
    """Two places hung on two different things; a place noun ("the remote town of Gao", "its destination to Gao")
    is what the place is, no thing of its own."""
    if not (a and b):
        return False
    x, y = a.rsplit(" ", 1)[-1], b.rsplit(" ", 1)[-1]  # "the UN Multidimensional … Mission in Mali" is a mission
    if lexicon.is_location(x) or lexicon.is_location(y):
        return False
    return not lexicon.same_thing(x, y)


def _placed_elsewhere(a: Context, b: Context) -> bool:
    """``b``'s sentence names ``a``'s place too (or a place of its level that meets it, or its place hangs on a name
    that holds ``a``'s), in another of its places: a list, a second place or where that name is, not a place that
    contradicts ``a``."""
    x = a.interval
    if not isinstance(x, PlaceValue) or x.meets(b.interval):
        return False
    if b.anchor != x.name.lower() and re.search(rf"\b{re.escape(x.name.lower())}\b", b.anchor):
        return True  # "remain at Morningside" / "checked into Morningside Recovery in Newport Beach": where it is
    return any((y := place_value(name)) is not None and y.level == x.level and y.meets(x) for name in b.places)


def _said_elsewhere(a: Context, b: Context) -> bool:
    """``b``'s sentence states ``a``'s date or count too, in another of its dates or counts of the thing: that one,
    not ``b``, is ``a``'s match ("scored three touchdowns on punt runbacks" / "rushed for two touchdowns, caught
    four TDs and scored three touchdowns on punt runbacks")."""
    if a.interval.meets(b.interval):
        return False
    if a.block.startswith("number:"):
        return a.interval in b.also
    return a.block == "date" and any(
        (other := date_interval(v, "")) is not None and other == a.interval for v in b.dated
    )


def _other_times(a: Context, b: Context) -> bool:
    """Both sentences date what they count or how long it lasted, on one axis, and no date of one meets a date of
    the other: "a 12-year sentence imposed in 1997" / "a five-year sentence in 1959". A weekday and a month of no
    year are two times too: news writes "on Friday" for this week and "in January" for a month gone by ("five
    cables were cut in January" / "three cables were cut on Friday")."""
    pairs = [(x, y) for x in a.when for y in b.when if x.kind == y.kind or {x.kind, y.kind} == _WEEK_AND_MONTH]
    return bool(pairs) and not any(x.meets(y) for x, y in pairs if x.kind == y.kind)


_WEEK_AND_MONTH = frozenset({"weekday", "month of year"})


def _other_counts_differ(a: Context, b: Context) -> bool:
    """Both sentences count other things too, and every thing both count has different values in each."""
    things_a = {t for t, _ in a.counted}
    shared = things_a & {t for t, _ in b.counted}
    return bool(shared) and not any((t, v) in b.counted for t, v in a.counted if t in shared)
