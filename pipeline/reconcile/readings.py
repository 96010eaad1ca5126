"""What one mention's sentence says of it, read from the text and the frame: its day, its head noun, its tense,
whether it is a part, an age of a known holder, a home, a lead sentence's, a day on the world's clock.

Pure functions of one mention (and the mentions of its sentence); :mod:`.slots` folds them into a
:class:`~.slots.Context`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..records import Mention
from .lexicon import Lexicon
from .places import place_value
from .spellings import is_headline
from .values import Interval, date_interval, date_span, partial_date_interval, year_guessed

WINDOW = re.compile(r"^(?:the |over the |in the )?(?:past|last)\b", re.IGNORECASE)
# Units of ages: "a 60-year-old woman", "Smith, 61".
AGE_UNITS = frozenset({"year of age", "month of age", "week of age", "day of age"})
ADJECTIVAL = re.compile(  # "73-yard", "10-point", "three-point", "a four-time champion"
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)"
    r")\s*[-–]\s*(?!(?:one|two|three|four|five|six|seven|eight|nine)\b)[^\W\d]",  # not "twenty-five"
    re.IGNORECASE,
)
_THE = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)


def counted_from_now(m: Mention) -> bool:
    """ "three weeks ago", "the past year", "for the last 20 years": counted back from the article's now."""
    return "ago" in m.text.lower().split() or bool(WINDOW.match(m.text)) or word_after(m) == "ago"


def on_world_clock(m: Mention) -> bool:
    """A day told on the world's clock, after a time in GMT ("passed away at 6:41pm PST this evening (0241 GMT
    Friday)"): the wire's conversion, not the day where it happened."""
    before = m.sentence[: max(0, m.start - m.sent_start)].split()[-1:]
    return bool(before) and before[0].strip("(,").upper() in WORLD_CLOCKS


WORLD_CLOCKS = frozenset({"GMT", "UTC", "Z"})


def word_after(m: Mention) -> str:
    """The sentence's word right after the mention, lower case, without a comma or full stop ("" at its end)."""
    after = m.sentence[m.end - m.sent_start :].split()[:1]
    return after[0].lower().strip(",.;") if after else ""


def names_a_road(m: Mention, lexicon: Lexicon) -> bool:
    """The place is part of a road's name ("on the Newberg 214 Highway", "Beijing Road"): a road is named after
    where it leads, it is not there. Written in lower case ("a Baghdad street") the road is in the place."""
    for word in m.sentence[m.end - m.sent_start :].split()[:3]:
        bare = word.strip(",.;:")
        if bare[:1].isupper() and bare.isalpha():
            return lexicon.same_thing(bare.lower(), "thoroughfare")
        if bare != word or not bare[:1].isdigit():
            return False  # the name ends here ("in Woodburn, Oregon"; "in Beijing on Monday")
    return False


def lede_sentences(mentions: Sequence[Mention]) -> dict[str, int]:
    """Each source's lead: the start of its first sentence that has a value or a name and is no headline (one that
    ends like a sentence)."""
    out: dict[str, int] = {}
    for m in mentions:
        text = m.sentence.rstrip()
        if text and text[-1] in _SENTENCE_END and not is_headline(text) and m.sent_start < out.get(m.source, 1 << 62):
            out[m.source] = m.sent_start
    return out


_SENTENCE_END = frozenset(".!?\"'”’")


def capitalised(word: str, sentence: str) -> bool:
    """``word`` is written with a capital inside ``sentence`` (not only as its first word)."""
    return bool(word) and " " not in word and word in capitalised_words(sentence)


@lru_cache(maxsize=4096)
def capitalised_words(sentence: str) -> frozenset[str]:
    """The words ``sentence`` writes with a capital after its first word, lower case, without punctuation or a
    possessive "'s"."""
    return frozenset(w.strip(".,;:'\"()").lower().removesuffix("'s") for w in sentence.split()[1:] if w[:1].isupper())


def known_holder(m: Mention, lexicon: Lexicon) -> bool:
    """An age of a person noun after a definite article: "the 33-year-old actress", "the 29-year-old gang member"
    (one person of the story, whichever verbs); "a 47-year-old man" may be anybody."""
    before = m.sentence[: max(0, m.start - m.sent_start)]
    return m.unit in AGE_UNITS and lexicon.is_person(m.frame.anchor) and _THE.search(before) is not None


# Verbs whose place is where their subject lives: "Raj Chohan, who lived in South Ozone Park".
HOME_VERBS = frozenset({"live", "reside", "hail"})


def home_of(m: Mention, people: dict[str, Mention]) -> str:
    """Whose home a place is when it hangs on a person by "of": "Anthony LaSalle, 36, of Bloomington" → the
    person's name, lower case ("" when it hangs on no person of the sentence). ``people``: the sentence's
    people by their one spelling of the event."""
    if m.frame.preposition != "of" or not m.frame.anchor:
        return ""
    anchor = m.frame.anchor.lower()
    return next((name.lower() for name, n in people.items() if n.text.lower() == anchor), "")


_NEEDING = frozenset({"need", "require"})


def tense_of(m: Mention) -> str:
    """ "future", "past" or "": a count still needed ("needed nine points to pass Ford") is one to be made."""
    if m.verb in _NEEDING:
        return "future"
    return m.frame.modality if m.frame.modality in ("future", "past") else ""


def is_part(m: Mention) -> bool:
    """A count of some of a larger set: "two of Egypt's largest providers", "five of Creighton's first eight
    points" (the share a percentage is "of" is no set: "55 percent of voice traffic")."""
    if m.unit in ("percent", "percentage") or "%" in m.text or "cent" in m.text.lower():
        return False
    after = m.sentence[m.end - m.sent_start :]
    if _LAST_OF.search(m.text):
        return True  # "one final chance", "the last two games": the end of a larger set
    return re.match(r"\s+of\s+(?!the\s+(?:year|season|month|week|day)\b)", after, re.IGNORECASE) is not None


_LAST_OF = re.compile(r"\b(?:final|last|remaining)\b", re.IGNORECASE)


def holding(m: Mention, neighbours: Sequence[Mention]) -> str:
    """The place a place mention is written after, with a comma between: "Wasilla" of "in Wasilla, Alaska" (where
    the town is, whatever the sentence's verb), "" when none."""
    outer = place_value(m.value)
    if outer is None or outer.level == "city":
        return ""
    for n in neighbours:
        between = m.sentence[n.end - m.sent_start : m.start - m.sent_start]
        if n.kind == "place" and n.end < m.start <= n.end + 3 and between.strip() == ",":
            inner = place_value(n.value)
            # A smaller place before a larger one; "India, Sri Lanka, United Arab Emirates" is a list.
            return n.value if inner is None or _LEVELS[inner.level] < _LEVELS[outer.level] else ""
    return ""


_LEVELS = {"city": 0, "state": 1, "country": 2}


def head_noun(m: Mention) -> str:
    """The noun a value describes: "a 73-yard drive" → drive, "the 2000 National Caring Award" → award."""
    if m.kind == "number":
        # "a 73-yard drive", and a measure written open before its noun: "a .38 caliber revolver".
        written_before = m.unit and m.text.lower().endswith(m.unit.lower()) and _before_its_noun(m, m.frame.event_noun)
        return m.frame.event_noun if ADJECTIVAL.search(m.text) or written_before else ""
    if m.kind != "date" or m.frame.modifies in _TIME_NOUNS:
        return ""  # "Friday morning", "Saturday night": a time
    if m.unit in ("year", "decade") or (m.unit != "duration" and _before_its_noun(m)):
        return m.frame.modifies  # "the 2005 film", "the March 11, 2005, incident": that thing's date
    return ""


def _before_its_noun(m: Mention, noun: str | None = None) -> bool:
    """The value is written right before the noun it modifies (``noun``, else the frame's: "the June 20 shooting"),
    not after a noun the parser hung it on ("placed him on the injured list Wednesday")."""
    noun = m.frame.modifies if noun is None else noun
    after = m.sentence[m.end - m.sent_start :].lstrip(" ,").lower()
    return bool(noun) and after.startswith(noun[:4])


# Nouns a date is part of that are times themselves ("Friday morning", "Saturday night"), no dated thing.
_TIME_NOUNS = frozenset(
    {
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "week",
        "weekend",
        "month",
        "year",
        "time",
        "hour",
        "season",
        "minute",
        "period",
        "date",
        "noon",
        "midnight",
        "dawn",
        "era",
        "decade",
        "century",
        "half",
        "quarter",
    }
)


def date_of(m: Mention) -> Interval | None:
    """The stretch of days a date mention covers (weekdays and months of no year on their own axis)."""
    if m.unit == "partial":
        return partial_date_interval(m.value)
    if not m.qualifier and not m.until and (guessed := year_guessed(m.value, m.text)) is not None:
        return guessed
    if m.value and date_span(m.value) is not None and m.unit not in ("set", "reference", "unresolved"):
        return date_interval(m.value, m.qualifier, m.until)
    return None


def sentence_words(m: Mention) -> frozenset[str]:
    """The words of the mention's sentence, lower case, but the mention's own."""
    return _words_of(m.sentence) - frozenset(m.text.lower().split())


@lru_cache(maxsize=4096)
def _words_of(sentence: str) -> frozenset[str]:
    """A sentence's words, lower case (a sentence holds several mentions: split once)."""
    return frozenset(_WORD.findall(sentence.lower()))


_WORD = re.compile(r"[^\W_]+")  # runs of characters ``str.isalnum`` accepts (``\w`` is those and "_")


def canonical(text: str, named: dict[str, str]) -> str:
    """An anchor as the entity it names ("Jackman" → "hugh jackman"), else its lower-case text."""
    key = text.lower().removeprefix("the ")
    return named.get(key, key).lower()


def inside_date(m: Mention, date_spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(s < m.end and m.start < e for s, e in date_spans[m.source])


_OWN_PLACE = re.compile(r"^(?:\s+of\s+[\w\s-]{1,30}?)?\s+in\s+(?:the\s+)?$", re.IGNORECASE)


def own_place(m: Mention, neighbours: Sequence[Mention]) -> str:
    """The place written right after a count, through "in" ("52 percent in Egypt", "55 percent of voice traffic
    in Saudi Arabia"), lower case; "" when none."""
    tail = m.sentence[m.end - m.sent_start :]
    for n in neighbours:
        if n.kind == "place" and n.start >= m.end and _OWN_PLACE.match(tail[: n.start - m.end]):
            return n.value.lower()
    return ""
