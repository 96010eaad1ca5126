"""Dates: spaCy DATE/TIME spans (plus a weekday and reference-word fallback) normalised to TIMEX3 values.

``value`` keeps the expression's own granularity and ``unit`` names it: "day" (2022-11-14), "week"
(2022-W46, 2022-W46-WE), "month" (2020-12), "quarter" (2022-Q3), "half" (2009-H1), "season"
(2021-SU), "year" (2020), "decade" (199), "century" (20), "duration" (P3Y, PT5H, PXY), "set" (P1Y for "annual"),
"reference" (PRESENT_REF, PAST_REF, FUTURE_REF) and "unresolved" (value "": a relative expression
in an article without a publication date). ``qualifier`` is "since", "before", "until", "after",
"approx" or ""; TIMEX3 mods go to ``extra`` as ("mod", ...): "early"/"mid"/"late" → START/MID/END,
"more than"/"at least" → MORE_THAN/EQUAL_OR_MORE...; the end of a range ("between 2014 and 2016") as
("until", "2016").

Decisions:

- The anchor is ``article.published``, never the wall clock.
- A bare weekday, month, month-day, quarter or season is the most recent one starting on or before
  publication; it is the next one instead when the expression says "next"/"coming" or the governing
  verb is future: it has an auxiliary in ``future_aux`` ("will leave in January") or it, or a verb
  it is the ``xcomp``/``advcl`` of, is in ``future_verbs`` ("is expected to close in March"); a
  month-day up to ``future_window_days`` after publication is the coming one ("held on June 1").
- "last <weekday>" / "last <month>" is the most recent one strictly before publication; "last
  week/month/quarter/year" the previous calendar one; "last <season>" that season a year earlier.
- "N units ago" is a date at the unit's granularity; "N units" (also "the past/next N units") is
  a duration, "nine months after" a duration qualified "after".
- Words for "now", "recently", "soon" (``references``) give TIMEX3 reference values; times of day
  ("this morning", "16:00 GMT") are skipped; ages ("60-year-old", "aged 56", "49") are not dates;
  expressions no rule or dateparser resolves are dropped.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from ..config import DatesConfig
from ..records import Article, Mention
from .common import governing_verb, make_mention, tokens_with

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower() + "."] = _i
_MONTHS.update({"sept": 9, "sept.": 9})
_MONTHS.pop("may.", None)
_WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAYS.update({calendar.day_abbr[i].lower() + ".": i for i in range(7)})
_SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}
_ORDINALS: dict[str, int] = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
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
_VAGUE_COUNTS = {"several", "few", "many", "some", "multiple", "numerous", "recent", "the"}
_TIMES_OF_DAY = {"morning", "afternoon", "evening", "night", "tonight", "noon", "midnight", "overnight"}
_RELATIVE_WORDS = {"last", "this", "next", "coming", "previous", "current", "past"}
_RANGE_OPENERS = {"between", "from"}
_RANGE_LINKS = {"and", "to", "through", "until", "till"}
_DAY_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR_RE = re.compile(r"(1[0-9]\d\d|20\d\d|21\d\d)$")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?$")
_NUMERIC_DATE_RE = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
# Date-like tokens the model tags as numbers: ISO and numeric dates, decades, "'82".
_FALLBACK_TOKEN_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|(?:1[89]|20)?\d0s|'\d0s|'\d\d")
# Entity labels a date-like token may wrongly carry and still be taken by the fallback.
_NUMERIC_LABELS = {"", "CARDINAL", "QUANTITY", "ORDINAL"}
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


# ---------------------------------------------------------------- pure normalisation


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


def _unit_word(word: str) -> str | None:
    """Singular time unit of ``word`` ("years" → "year", "centuries" → "century")."""
    if word in _DURATION_UNITS:
        return word
    if word == "centuries":
        return "century"
    if word.endswith("s") and word[:-1] in _DURATION_UNITS:
        return word[:-1]
    return None


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _ago(n: float, unit: str, published: date) -> Resolved | None:
    """ "three years ago" → the year three years before publication, at the unit's granularity."""
    if n != int(n):
        return None
    k = int(n)
    if unit == "day":
        return Resolved((published - timedelta(days=k)).isoformat(), "day")
    if unit in ("week", "fortnight"):
        return Resolved((published - timedelta(weeks=k * (2 if unit == "fortnight" else 1))).isoformat(), "day")
    if unit == "month":
        d = _shift_months(published, -k)
        return Resolved(f"{d.year:04d}-{d.month:02d}", "month")
    if unit == "year":
        return Resolved(f"{published.year - k:04d}", "year")
    if unit == "decade":
        return Resolved(str((published.year - 10 * k) // 10), "decade")
    return None


def _duration(words: list[str], lex: Lexicon, published: date | None) -> Resolved | None:
    """ "three years", "the next six months", "12-year", "several years", "two days ago", "a year earlier"."""
    if not words:
        return None
    tail = words[-1]
    qualifier = ""
    ago = tail == "ago"
    if ago or (tail in lex.following and len(words) > 1):
        qualifier = "" if ago else lex.following[tail]
        words = words[:-1]
    while len(words) > 1 and words[-1] in lex.fillers:
        words = words[:-1]
    unit = _unit_word(words[-1]) if words else None
    if unit is None:
        return None
    plural = words[-1] != unit
    rest = [w for w in words[:-1] if w not in lex.fillers]
    lead = rest.pop(0) if rest and rest[0] in _RELATIVE_WORDS | {"first", "final", "another", "over"} else ""
    if not rest:
        if plural and lead in ("", "past", "over"):
            n: float | None = None
        elif lead == "past":
            n = 1.0
        else:
            return None  # "last year", "next month": calendar, not duration
    elif all(w in _VAGUE_COUNTS for w in rest) and plural:
        n = None
    else:
        n = parse_number(rest)
        if n is None:
            return None
    if ago:
        if n is None or lead:
            return None
        if published is None:
            return Resolved("", "unresolved")
        return _ago(n, unit, published)
    return Resolved(duration_value(n, unit), "duration", qualifier)


def _month_year(month: int, published: date, *, future: bool, strictly: bool = False) -> int:
    """Year of a bare month: the most recent one (or the next one when ``future``)."""
    if future:
        return (
            published.year
            if (month > published.month if strictly else month >= published.month)
            else published.year + 1
        )
    return published.year if (month < published.month if strictly else month <= published.month) else published.year - 1


def _day_year(month: int, day: int, published: date, *, future: bool, window: int) -> int:
    """Year of a month-day: the most recent one, or the coming one when ``future`` or within ``window`` days."""
    key = (month, day)
    now = (published.month, published.day)
    if future:
        return published.year if key >= now else published.year + 1
    if key <= now:
        return published.year
    try:
        ahead = (date(published.year, month, day) - published).days
    except ValueError:  # 29 February in a common year
        ahead = window + 1
    return published.year if ahead <= window else published.year - 1


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _two_digit_year(digits: str, published: date | None) -> int:
    yy = int(digits)
    pivot = (published.year % 100) if published else 30
    return 2000 + yy if yy <= pivot else 1900 + yy


def _year_expr(words: list[str], published: date | None, future: bool) -> int | str | None:
    """A year given by ``words`` ("2009", "this year", "last year"); "" when relative and no anchor."""
    r = _calendar(words, published, future)
    if r is None or r.unit not in ("year", "unresolved"):
        return None
    return int(r.value) if r.value else ""


def _calendar(words: list[str], published: date | None, future: bool, window: int = 0) -> Resolved | None:
    """Calendar expressions: years, decades, months, days, weekdays, weeks, quarters, seasons, today."""
    n = len(words)
    if n == 0:
        return None
    w0 = words[0]
    # ---- absolute
    if n == 1 and _YEAR_RE.match(w0):
        return Resolved(w0, "year")
    if n == 1 and re.fullmatch(r"'\d\d", w0):
        return Resolved(str(_two_digit_year(w0[1:], published)), "year")
    m = re.fullmatch(r"'?(\d{1,3})0'?s", w0) if n == 1 else None
    if m:
        digits = m.group(1)
        if len(digits) == 3:
            return Resolved(digits, "decade")
        if len(digits) == 1:
            return Resolved(str(_two_digit_year(digits + "0", published) // 10), "decade")
    m = _ISO_RE.match(w0) if n == 1 else None
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        if not 1 <= mo <= 12 or (d and not _valid_day(y, mo, int(d))):
            return None
        return Resolved(w0, "day" if d else "month")
    if w0 in ("year", "fiscal") and n == 2 and _YEAR_RE.match(words[1]):
        return Resolved(words[1], "year")
    # weekday in front of a full date: "Monday, November 14"
    if w0 in _WEEKDAYS and n > 1 and (words[1] in _MONTHS or _DAY_RE.match(words[1])):
        return _calendar(words[1:], published, future, window)
    core = [w for w in words if w != "of"]
    months = [i for i, w in enumerate(core) if w in _MONTHS]
    if len(core) == 3 and core[0] in _MONTHS and core[2] == "year":
        year = _year_expr(core[1:], published, future)  # "October of next year"
        if year is None:
            return None
        return Resolved(f"{year}-{_MONTHS[core[0]]:02d}", "month") if year != "" else Resolved("", "unresolved")
    if months and len(core) <= 3:
        i = months[0]
        month = _MONTHS[core[i]]
        others = core[:i] + core[i + 1 :]
        years = [w for w in others if _YEAR_RE.match(w)]
        days = [int(mm.group(1)) for w in others if (mm := _DAY_RE.match(w)) and not _YEAR_RE.match(w)]
        rel = [w for w in others if w in _RELATIVE_WORDS]
        if len(years) + len(days) + len(rel) != len(others) or len(years) > 1 or len(days) > 1 or len(rel) > 1:
            return None
        if years:
            year = int(years[0])
            if days:
                return (
                    Resolved(f"{year:04d}-{month:02d}-{days[0]:02d}", "day")
                    if _valid_day(year, month, days[0])
                    else None
                )
            return Resolved(f"{year:04d}-{month:02d}", "month")
        if published is None:
            # No year to give it, but a month (and day) of the year to compare: TIMEX3 "XXXX-12", "XXXX-11-18".
            if rel:
                return Resolved("", "unresolved")
            if days:
                return Resolved(f"XXXX-{month:02d}-{days[0]:02d}", "partial") if days[0] <= 31 else None
            return Resolved(f"XXXX-{month:02d}", "partial")
        if days:
            year = _day_year(month, days[0], published, future=future, window=window)
            step = 1 if year > published.year or future else -1
            for _ in range(4):  # 29 February: the nearest leap year in that direction
                if _valid_day(year, month, days[0]):
                    break
                year += step
            return (
                Resolved(f"{year:04d}-{month:02d}-{days[0]:02d}", "day") if _valid_day(year, month, days[0]) else None
            )
        relword = rel[0] if rel else ""
        if relword in ("last", "previous", "past"):
            year = _month_year(month, published, future=False, strictly=True)
        elif relword in ("next", "coming"):
            year = _month_year(month, published, future=True, strictly=True)
        elif relword in ("this", "current"):
            year = published.year
        else:
            year = _month_year(month, published, future=future)
        return Resolved(f"{year:04d}-{month:02d}", "month")
    # ---- relative
    rel = w0 if w0 in _RELATIVE_WORDS and n > 1 else ""
    rest = words[1:] if rel else words
    if rel == "past":
        rel = "last"
    if len(rest) > 1 and rest[-1] in _TIMES_OF_DAY and rest[0] in _WEEKDAYS:
        rest = rest[:1]  # "Monday morning": the day
    head = rest[0] if len(rest) == 1 else ""
    if head in ("today", "yesterday", "tomorrow") and not rel:
        if published is None:
            return Resolved("", "unresolved")
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[head]
        return Resolved((published + timedelta(days=delta)).isoformat(), "day")
    if head in _WEEKDAYS:
        if published is None:
            return Resolved(f"XXXX-WXX-{_WEEKDAYS[head] + 1}", "partial")  # TIMEX3: the weekday, week unknown
        wd = _WEEKDAYS[head]
        if rel in ("next", "coming") or (future and rel not in ("last", "previous")):
            delta = (wd - published.weekday()) % 7 or (7 if rel else 0)
            return Resolved((published + timedelta(days=delta)).isoformat(), "day")
        delta = (published.weekday() - wd) % 7 or (7 if rel in ("last", "previous") else 0)
        return Resolved((published - timedelta(days=delta)).isoformat(), "day")
    if head in _SEASONS or (len(rest) == 2 and rest[0] in _SEASONS and _YEAR_RE.match(rest[1])):
        code, start_month = _SEASONS[rest[0]]
        if len(rest) == 2:
            return Resolved(f"{rest[1]}-{code}", "season")
        if published is None:
            return Resolved("", "unresolved")
        shift = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        if rel in ("this", "current") or shift:
            year = published.year + shift
        else:
            year = _month_year(start_month, published, future=future)
        return Resolved(f"{year}-{code}", "season")
    if rel and head in ("year", "month", "week", "weekend", "quarter", "decade", "century"):
        if published is None:
            return Resolved("", "unresolved")
        shift = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        if head == "year":
            return Resolved(str(published.year + shift), "year")
        if head == "month":
            d = _shift_months(published, shift)
            return Resolved(f"{d.year:04d}-{d.month:02d}", "month")
        if head in ("week", "weekend"):
            week = _week(published + timedelta(weeks=shift))
            return Resolved(week + "-WE", "week") if head == "weekend" else Resolved(week, "week")
        if head == "quarter":
            year, q = _quarter(_shift_months(published, 3 * shift))
            return Resolved(f"{year}-Q{q}", "quarter")
        if head == "decade":
            return Resolved(str(published.year // 10 + shift), "decade")
        return Resolved(str(published.year // 100 + shift), "century")
    if len(words) == 2 and words[0] in ("year", "month") and words[1] in ("previous", "before", "earlier"):
        return _calendar(["last", words[0]], published, future)
    # quarters and halves: "the third quarter of 2009", "third-quarter", "q3", "the first half of last year"
    m = re.fullmatch(r"q([1-4])", w0)
    part = ""
    if m:
        index, part, tail = int(m.group(1)), "quarter", words[1:]
    elif n >= 2 and words[1] in ("quarter", "half") and (w0 in _ORDINALS or w0 in ("final", "last")):
        part, tail = words[1], [w for w in words[2:] if w != "of"]
        index = _ORDINALS.get(w0, 4 if part == "quarter" else 2)
        if w0 == "last" and not tail:
            return _calendar(["last", part], published, future) if part == "quarter" else None
    if part:
        if part == "half" and index > 2:
            return None
        unit, code = ("quarter", "Q") if part == "quarter" else ("half", "H")
        if tail:
            year = _year_expr(tail, published, future)
            if year is None:
                return None
            return Resolved(f"{year}-{code}{index}", unit) if year != "" else Resolved("", "unresolved")
        if published is None:
            return Resolved("", "unresolved")
        start_month = 1 + (index - 1) * (3 if part == "quarter" else 6)
        return Resolved(f"{_month_year(start_month, published, future=future)}-{code}{index}", unit)
    return None


def _range(words: list[str], lex: Lexicon, published: date | None, future: bool) -> Resolved | None:
    """ "between 2014 and 2016", "from 2009 to 2011", "2020 2022" (hyphen split) → the start, until the end."""
    body = words[1:] if words[0] in _RANGE_OPENERS else words
    links = [i for i, w in enumerate(body) if w in _RANGE_LINKS]
    if len(links) == 1:
        left, right = body[: links[0]], body[links[0] + 1 :]
    elif len(body) == 2 and all(_YEAR_RE.match(w) for w in body):
        left, right = body[:1], body[1:]
    else:
        return None
    if not left or not right:
        return None
    a, b = _calendar(left, published, future), _calendar(right, published, future)
    if a is None or b is None or "unresolved" in (a.unit, b.unit):
        return None
    return Resolved(a.value, a.unit, "since", until=b.value)


def _strip_leading(words: list[str], lex: Lexicon) -> tuple[list[str], str, str, str | None]:
    """Drop leading qualifier, mod and filler words; returns (words, qualifier, mod, reference value)."""
    qualifier = mod = ""
    while words:
        ref = lex.references.get(tuple(words))
        if ref is not None:
            return words, qualifier, mod, ref
        for phrase, q in lex.qualifiers:
            if tuple(words[: len(phrase)]) == phrase and len(words) > len(phrase):
                words, qualifier = words[len(phrase) :], qualifier or q
                break
        else:
            for phrase, md in lex.mods:
                if tuple(words[: len(phrase)]) == phrase and len(words) > len(phrase):
                    words, mod = words[len(phrase) :], mod or md
                    break
            else:
                if words[0] in lex.drop and len(words) > 1:
                    words = words[1:]
                else:
                    return words, qualifier, mod, None
    return words, qualifier, mod, None


def _words(text: str) -> list[str]:
    """Lower-cased words of a date expression, commas and hyphens dropped ("12-year" → 12, year)."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    out: list[str] = []
    for raw in text.replace(",", " ").split():
        if _ISO_RE.match(raw) or _NUMERIC_DATE_RE.match(raw):
            out.append(raw)
        else:
            out.extend(p for p in raw.split("-") if p)
    return [w.strip('.;:!?()[]"') if not (w in _MONTHS or w in _WEEKDAYS) else w for w in out if w.strip(".;:")]


@lru_cache(maxsize=4096)
def _dateparser(text: str, languages: tuple[str, ...], published: date | None) -> date | None:
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"]}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(text, languages=list(languages), settings=settings)
    return parsed.date() if parsed is not None else None


def _absolute(text: str, words: list[str], lex: Lexicon, published: date | None) -> Resolved | None:
    """Numeric dates the rules leave ("7/8/07", "14.11.2022"): dateparser, granularity from the text."""
    if len(words) != 1 or not _NUMERIC_DATE_RE.match(words[0]):
        return None
    parsed = _dateparser(words[0], lex.languages, published)
    return Resolved(parsed.isoformat(), "day") if parsed is not None else None


def normalise_date(text: str, published: date | None, *, future: bool, lex: Lexicon) -> Resolved | None:
    """TIMEX3 value of one date expression; ``None`` when it is not a date or cannot be resolved."""
    words = _words(text)
    if not words:
        return None
    key = tuple(phrase_words(" ".join(words)))
    if key in lex.sets:
        return Resolved(lex.sets[key], "set")
    if any(w in lex.age for w in words):
        return None
    words, qualifier, mod, ref = _strip_leading(words, lex)
    if ref is not None:
        return Resolved(ref, "reference", qualifier, mod)
    if all(w in _TIMES_OF_DAY or w in ("this", "the", "early", "late") for w in words):
        return None
    resolved = (
        _duration(words, lex, published)
        or _calendar(words, published, future, lex.future_window_days)
        or _range(words, lex, published, future)
        or _absolute(text, words, lex, published)
    )
    if resolved is None:
        return None
    return Resolved(resolved.value, resolved.unit, resolved.qualifier or qualifier, mod, resolved.until)


# ---------------------------------------------------------------- spans in the parsed document


def _is_future(span: Span, lex: Lexicon) -> bool:
    """The governing verb (or one it is the xcomp/advcl of) is future: "will leave", "is expected to close"."""
    node: Token | None = governing_verb(span.root)
    for _ in range(4):
        if node is None:
            return False
        if node.lemma_.lower() in lex.future_verbs or node.lower_ in lex.future_aux:
            return True
        if any(c.dep_ == "aux" and (c.lower_ in lex.future_aux or c.lemma_ in lex.future_aux) for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "advcl") or node.head is node:
            return False
        node = node.head
    return False


def _leading_qualifier(doc: Doc, start: int, lex: Lexicon) -> int:
    """Token index where a qualifier phrase just before ``start`` begins ("since 2012"), else ``start``.

    A relative word the model left out ("this" of "this year's") is taken in first.
    """
    while start > 0 and doc[start - 1].lower_ in _RELATIVE_WORDS and not doc[start - 1].ent_type_:
        start -= 1
    longest = max((len(phrase) for phrase, _ in lex.qualifiers), default=0)
    before = tuple(doc[k].lower_ for k in range(max(0, start - longest), start))
    for phrase, _ in lex.qualifiers:
        if len(phrase) <= len(before) and before[len(before) - len(phrase) :] == phrase:
            return start - len(phrase)
    return start


def _is_age(span: Span, lex: Lexicon) -> bool:
    """ "aged 56", "the age of 56", "49" (a bare small number after a name)."""
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return (prev is not None and prev.lower_ in lex.age) or bool(re.fullmatch(r"\d{1,3}", span.text.strip()))


def _phrase_end(doc: Doc, i: int, phrase: tuple[str, ...]) -> int:
    """End of ``phrase`` if the words from token ``i`` spell it (hyphen tokens skipped), else 0."""
    j = 0
    for k in range(i, min(len(doc), i + 2 * len(phrase))):
        word = doc[k].lower_
        if word == "-" and j:
            continue
        if word != phrase[j]:
            return 0
        j += 1
        if j == len(phrase):
            return k + 1
    return 0


def _phrases_by_first_word(lex: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({*lex.references, *lex.sets}, key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def _fallback_spans(doc: Doc, lex: Lexicon, taken: set[int]) -> Iterator[Span]:
    """Weekdays, numeric dates, "two weeks" and reference words ("currently") the model did not tag."""
    by_first = _phrases_by_first_word(lex)
    end = 0  # tokens before ``end`` are inside a span already found
    for i in tokens_with(doc, {*_WEEKDAYS, *by_first}, digits=True, like_num=True):
        tok = doc[i]
        if i < end or i in taken or tok.ent_type_ not in _NUMERIC_LABELS:
            continue
        if _FALLBACK_TOKEN_RE.fullmatch(tok.text):
            yield doc[i : i + 1]
            end = i + 1
            continue
        unit_at = _number_unit_end(doc, i, lex)
        if unit_at and not taken.intersection(range(i, unit_at)):
            yield doc[i:unit_at]
            end = unit_at
            continue
        if tok.ent_type_:
            continue
        if tok.lower_ in _WEEKDAYS and tok.text[:1].isupper():
            yield doc[i : i + 1]
            end = i + 1
            continue
        for phrase in by_first.get(tok.lower_, ()):
            phrase_end = _phrase_end(doc, i, phrase)
            if phrase_end and not taken.intersection(range(i, phrase_end)):
                if phrase in lex.references and not _adverbial_reference(doc[i:phrase_end]):
                    continue
                yield doc[i:phrase_end]
                end = phrase_end
                break


def _number_unit_end(doc: Doc, i: int, lex: Lexicon) -> int:
    """End of "two weeks", "two and a half years" starting at a number token ``i``; 0 when none."""
    if not doc[i].like_num or (i > 0 and doc[i - 1].like_num):
        return 0
    j = i
    while j < len(doc) and j - i < 6 and (doc[j].like_num or doc[j].lower_ in ("and", "a", "half", "-")):
        j += 1
    while j < len(doc) and doc[j].lower_ in lex.fillers:
        j += 1
    if j < len(doc) and _unit_word(doc[j].lower_) and doc[j].pos_ == "NOUN":
        return j + 1
    return 0


def _adverbial_reference(span: Span) -> bool:
    """A reference word used as a time expression, not "the current account" or "a recent Apple".

    Kept: multi-word phrases ("the time being"), adverbs, and adjectives/nouns not attached to a named entity.
    """
    if len([t for t in span if t.text != "-"]) > 1:
        return True
    root = span.root
    if root.pos_ == "ADV":
        return True
    if root.pos_ in ("ADJ", "NOUN"):
        return not root.head.ent_type_
    return False


def _resolve_span(span: Span, published: date | None, lex: Lexicon) -> list[tuple[Span, Resolved, Span]]:
    """(span, value, span widened by a leading qualifier) for a candidate; a candidate that does
    not resolve as a whole is tried piece by piece between commas ("June 17, two days")."""
    if _is_age(span, lex):
        return []
    doc = span.doc
    widened = doc[_leading_qualifier(doc, span.start, lex) : span.end]
    resolved = normalise_date(widened.text, published, future=_is_future(span, lex), lex=lex)
    if resolved is not None:
        return [(span, resolved, widened)]
    commas = [t.i for t in span if t.text == ","]
    if not commas:
        return []
    bounds = [span.start, *commas, span.end]
    out: list[tuple[Span, Resolved, Span]] = []
    for a, b in pairwise(bounds):
        part = doc[a + (a != span.start) : b]
        if len(part):
            out += _resolve_span(part, published, lex)
    return out


def _trim(span: Span) -> Span:
    """``span`` without trailing conjunctions, punctuation and spaces ("the 70s and")."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].pos_ in ("CCONJ", "PUNCT", "SPACE"):
        end -= 1
    return span.doc[span.start : end]


def _candidates(doc: Doc, lex: Lexicon) -> list[Span]:
    spans = [_trim(e) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    taken = {i for e in spans for i in range(e.start, e.end)}
    spans += list(_fallback_spans(doc, lex, taken))
    return sorted(spans, key=lambda s: s.start)


def extract_dates(doc: Doc, *, article: Article, config: DatesConfig) -> list[Mention]:
    """Date mentions of one article, normalised against ``article.published``."""
    lex = build_lexicon(config)
    mentions: list[Mention] = []
    for candidate in _candidates(doc, lex):
        for span, resolved, widened in _resolve_span(candidate, article.published, lex):
            qualifier = resolved.qualifier
            if not qualifier and resolved.unit == "duration" and span.end < len(doc):
                qualifier = lex.following.get(doc[span.end].lower_, "")
            text = widened.text
            start = widened.start_char + (len(text) - len(text.lstrip()))
            end = widened.start_char + len(text.rstrip())
            extra = tuple((k, v) for k, v in (("mod", resolved.mod), ("until", resolved.until)) if v)
            mentions.append(
                make_mention(
                    article,
                    span,
                    kind="date",
                    value=resolved.value,
                    unit=resolved.unit,
                    qualifier=qualifier,
                    start=start,
                    end=end,
                    extra=extra,
                )
            )
    return mentions
