"""Dates: one date expression's text → its TIMEX3 value (a pure function of the words, the publication date
and the :class:`~pipeline.extract.date_words.Lexicon`); see :mod:`pipeline.extract.dates` for the decisions."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from .date_words import (
    MONTHS,
    RELATIVE_WORDS,
    WEEKDAYS,
    Lexicon,
    Resolved,
    compound_duration,
    duration_value,
    parse_number,
    phrase_words,
    unit_word,
)

_SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}
_ORDINALS: dict[str, int] = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_VAGUE_COUNTS = {"several", "few", "many", "some", "multiple", "numerous", "recent", "the"}
_TIMES_OF_DAY = {"morning", "afternoon", "evening", "night", "tonight", "noon", "midnight", "overnight"}
_RANGE_OPENERS = {"between", "from"}
_RANGE_LINKS = {"and", "to", "through", "until", "till"}
_DAY_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR_RE = re.compile(r"(1[0-9]\d\d|20\d\d|21\d\d)$")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?$")
_NUMERIC_DATE_RE = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")


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
    if not ago and (compound := compound_duration(words)):
        return Resolved(compound, "duration", qualifier)  # "4 minutes 48 seconds"
    unit = unit_word(words[-1]) if words else None
    if unit is None:
        return None
    plural = words[-1] != unit
    rest = [w for w in words[:-1] if w not in lex.fillers]
    lead = rest.pop(0) if rest and rest[0] in RELATIVE_WORDS | {"first", "final", "another", "over"} else ""
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
    if n == 2 and words[1] in ("'s", "’s") and re.fullmatch(r"\d{3}0", w0):
        return Resolved(w0[:3], "decade")  # "the 1930's", tokenised as "1930" "'s"
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
    if w0 in WEEKDAYS and n > 1 and (words[1] in MONTHS or _DAY_RE.match(words[1])):
        return _calendar(words[1:], published, future, window)
    core = [w for w in words if w != "of"]
    months = [i for i, w in enumerate(core) if w in MONTHS]
    if len(core) == 3 and core[0] in MONTHS and core[2] == "year":
        year = _year_expr(core[1:], published, future)  # "October of next year"
        if year is None:
            return None
        return Resolved(f"{year}-{MONTHS[core[0]]:02d}", "month") if year != "" else Resolved("", "unresolved")
    if months and len(core) <= 3:
        i = months[0]
        month = MONTHS[core[i]]
        others = core[:i] + core[i + 1 :]
        years = [w for w in others if _YEAR_RE.match(w)]
        days = [int(mm.group(1)) for w in others if (mm := _DAY_RE.match(w)) and not _YEAR_RE.match(w)]
        rel = [w for w in others if w in RELATIVE_WORDS]
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
    rel = w0 if w0 in RELATIVE_WORDS and n > 1 else ""
    rest = words[1:] if rel else words
    if rel == "past":
        rel = "last"
    if len(rest) > 1 and rest[-1] in _TIMES_OF_DAY and rest[0] in WEEKDAYS:
        rest = rest[:1]  # "Monday morning": the day
    head = rest[0] if len(rest) == 1 else ""
    if head in ("today", "yesterday", "tomorrow") and not rel:
        if published is None:
            return Resolved("", "unresolved")
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[head]
        return Resolved((published + timedelta(days=delta)).isoformat(), "day")
    if head in WEEKDAYS:
        if published is None:
            return Resolved(f"XXXX-WXX-{WEEKDAYS[head] + 1}", "partial")  # TIMEX3: the weekday, week unknown
        wd = WEEKDAYS[head]
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
    return [w.strip('.;:!?()[]"') if not (w in MONTHS or w in WEEKDAYS) else w for w in out if w.strip(".;:")]


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
