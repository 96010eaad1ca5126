"""Dates: the word tables and the configured :class:`Lexicon` the date rules read, and the
:class:`Resolved` value they produce; numbers and durations in TIMEX3 notation ("two and a half" → 2.5, P3Y)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import DatesConfig

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower() + "."] = _i
MONTHS.update({"sept": 9, "sept.": 9})
MONTHS.pop("may.", None)
WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}
WEEKDAYS.update({calendar.day_abbr[i].lower() + ".": i for i in range(7)})
# unit word → (TIMEX3 designator, multiplier, is a time-of-day unit)
_DURATION_UNITS: dict[str, tuple[str, int, bool]] = {
    "year": ("Y", 1, False),
    "yr": ("Y", 1, False),
    "month": ("M", 1, False),
    "week": ("W", 1, False),
    "fortnight": ("W", 2, False),
    "day": ("D", 1, False),
    "decade": ("Y", 10, False),
    "century": ("Y", 100, False),
    "quarter": ("Q", 1, False),
    "hour": ("H", 1, True),
    "minute": ("M", 1, True),
    "second": ("S", 1, True),
}
_VAGUE_DESIGNATOR = {"decade": "DE", "century": "CE"}
_NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        (
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        )
    )
}  # fmt: skip
_NUMBER_WORDS.update({"a": 1, "an": 1, "couple": 2, "dozen": 12})
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))
}
RELATIVE_WORDS = {"last", "this", "next", "coming", "previous", "current", "past"}
_PHRASE_TOKEN_RE = re.compile(r"\w+\.?|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A normalised date expression."""

    value: str
    unit: str
    qualifier: str = ""
    mod: str = ""
    until: str = ""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The configured word lists, as phrase tuples ready for matching."""

    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    following: dict[str, str]
    mods: tuple[tuple[tuple[str, ...], str], ...]
    drop: frozenset[str]
    fillers: frozenset[str]
    age: frozenset[str]
    references: dict[tuple[str, ...], str]
    sets: dict[tuple[str, ...], str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    future_window_days: int
    languages: tuple[str, ...]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Lower-cased words of a phrase, hyphens split off as spaCy does ("short-term" → short, term)."""
    return tuple(w for w in _PHRASE_TOKEN_RE.findall(phrase.lower().replace("’", "'")) if w != "-")


def _phrases(table: dict[str, list[str]]) -> tuple[tuple[tuple[str, ...], str], ...]:
    pairs = [(phrase_words(p), key) for key, phrases in table.items() for p in phrases]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def build_lexicon(config: DatesConfig) -> Lexicon:
    """Turn the configured word lists into a :class:`Lexicon`."""
    return Lexicon(
        qualifiers=_phrases(config.qualifiers),
        following={w: q for q, words in config.following_qualifiers.items() for w in words},
        mods=_phrases(config.mods),
        drop=frozenset(config.drop_words),
        fillers=frozenset(config.duration_fillers),
        age=frozenset(config.age_words),
        references={phrase_words(p): v for v, phrases in config.references.items() for p in phrases},
        sets={phrase_words(p): v for v, phrases in config.sets.items() for p in phrases},
        future_aux=frozenset(config.future_aux),
        future_verbs=frozenset(config.future_verbs),
        future_window_days=config.future_window_days,
        languages=tuple(config.languages),
    )


# ---------------------------------------------------------------- numbers and durations


def parse_number(words: Sequence[str]) -> float | None:
    """ "two and a half" → 2.5, "12" → 12, "twenty five" → 25; ``None`` when not a number."""
    words = [w for w in words if w != "of"]
    if not words:
        return None
    if len(words) >= 3 and tuple(words[-3:]) == ("and", "a", "half"):
        base = parse_number(words[:-3])
        return None if base is None else base + 0.5
    if tuple(words) in {("half", "a"), ("half", "an"), ("a", "half")}:
        return 0.5
    if len(words) == 1 and re.fullmatch(r"\d+(?:\.\d+)?", words[0]):
        return float(words[0])
    total = 0
    for i, word in enumerate(words):
        if word in _TENS:
            total += _TENS[word]
        elif word in _NUMBER_WORDS and not (word in ("a", "an") and i > 0):
            total += _NUMBER_WORDS[word]
        elif word == "hundred":
            total = max(total, 1) * 100
        else:
            return None
    return float(total)


def _fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration for ``n`` ``unit``s (``None`` = unspecified: "PXY")."""
    designator, factor, is_time = _DURATION_UNITS[unit]
    prefix = "PT" if is_time else "P"
    if n is None:
        return prefix + "X" + _VAGUE_DESIGNATOR.get(unit, designator)
    return prefix + _fmt_number(n * factor) + designator


def compound_duration(words: Sequence[str]) -> str | None:
    """TIMEX3 duration of "4 minutes 48 seconds", "one year and six months", "2 hours, 30 minutes": two or more
    counted units of one kind (clock or calendar), largest first; ``None`` otherwise."""
    parts: list[tuple[float, str]] = []
    count: list[str] = []
    for word in words:
        unit = unit_word(word)
        if unit is None:
            if word not in ("and", ","):
                count.append(word)
            continue
        n = parse_number(count)
        if n is None or unit not in _DURATION_UNITS:
            return None
        parts.append((n, unit))
        count = []
    if len(parts) < 2 or count or len({_DURATION_UNITS[u][2] for _, u in parts}) > 1:
        return None
    units = [u for _, u in parts]
    if len(set(units)) < len(units) or units != sorted(units, key=list(_DURATION_UNITS).index):
        return None  # "3 days 2 days", "48 seconds 4 minutes": no one length
    prefix = "PT" if _DURATION_UNITS[parts[0][1]][2] else "P"
    return prefix + "".join(_fmt_number(n * _DURATION_UNITS[u][1]) + _DURATION_UNITS[u][0] for n, u in parts)


def unit_word(word: str) -> str | None:
    """Singular time unit of ``word`` ("years" → "year", "centuries" → "century")."""
    if word in _DURATION_UNITS:
        return word
    if word == "centuries":
        return "century"
    if word.endswith("s") and word[:-1] in _DURATION_UNITS:
        return word[:-1]
    return None
