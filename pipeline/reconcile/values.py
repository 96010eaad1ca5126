"""Normalised values as intervals: two mentions of one fact agree when their intervals meet.

Numbers become ranges of counts, dates ranges of days (ordinal numbers), durations
ranges of days. A value that cannot be placed on a line (``PRESENT_REF``, an
unresolved date) has no interval and is compared by its text.
"""

from __future__ import annotations

import calendar
import contextlib
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

INF = math.inf

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_PARTIAL_MONTH = re.compile(r"^XXXX-(\d{2})$")
_PARTIAL_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})$")
_PARTIAL_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?$")
_TIME_DURATION = re.compile(r"^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")
# Northern-hemisphere meteorological seasons, as (first month, number of months).
_SEASONS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed range ``[low, high]`` on one axis (``kind``: count, day or length)."""

    kind: str
    low: float
    high: float

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    def meets(self, other: Interval) -> bool:
        """Overlap on one axis; a partial date ("Friday", "December 6") meets the days it may be."""
        if self.kind == other.kind:
            return self.low <= other.high and other.low <= self.high
        if self.kind in PARTIAL_AXES and other.kind in PARTIAL_AXES:
            return True  # "Thursday" and "December 11" of no year: nothing says they differ
        if self.kind in PARTIAL_AXES and other.kind == "day":
            return _may_be(self, other)
        if other.kind in PARTIAL_AXES and self.kind == "day":
            return _may_be(other, self)
        return False


PARTIAL_AXES = frozenset({"weekday", "day of year", "month of year"})
# The longest stretch of days a weekday may be a day of: a month ("on Saturday" / "in December").
WEEKDAY_SPAN = 31


def too_long_for_a_weekday(days: Interval) -> bool:
    """``days`` (of the "day" axis) is longer than the stretch a weekday may be a day of (``WEEKDAY_SPAN``), or open:
    a year, a decade, "since 2001"."""
    return not days.bounded or days.high - days.low > WEEKDAY_SPAN


def _may_be(partial: Interval, days: Interval) -> bool:
    """Some day of ``days`` is the weekday, day of year or month of year ``partial`` names. A weekday is a day of
    the week the article tells (news writes "Saturday" for this week only): it is no day of a year or a decade
    ("stopped Rahman on Saturday" / "won the belt from Lewis in 2001")."""
    if partial.kind == "weekday" and too_long_for_a_weekday(days):
        return False
    if not days.bounded or days.high - days.low > 366:
        return True
    for ordinal in range(int(days.low), int(days.high) + 1):
        d = date.fromordinal(ordinal)
        seen = {"weekday": d.isoweekday(), "day of year": d.month * 100 + d.day, "month of year": d.month}
        if seen[partial.kind] == partial.low:
            return True
    return False


def _month_span(year: int, month: int, months: int) -> tuple[date, date]:
    first = date(year, month, 1)
    end_month = month + months - 1
    end_year = year + (end_month - 1) // 12
    end_month = (end_month - 1) % 12 + 1
    last = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return first, last


def date_span(value: str) -> tuple[date, date] | None:
    """The first and last day a TIMEX3 date value covers, or None if it names no stretch of days."""
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            return _month_span(int(m[1]), int(m[2]), 1)
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _QUARTER.match(value):
            return _month_span(int(m[1]), 3 * int(m[2]) - 2, 3)
        if m := _HALF.match(value):
            return _month_span(int(m[1]), 6 * int(m[2]) - 5, 6)
        if m := _SEASON.match(value):
            first_month, months = _SEASONS[m[2]]
            return _month_span(int(m[1]), first_month, months)
        if m := _DECADE.match(value):
            return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
        if m := _CENTURY.match(value):
            return date(int(m[1]) * 100, 1, 1), date(int(m[1]) * 100 + 99, 12, 31)
    except ValueError:  # month 13, week 54: not a real date
        return None
    return None


def partial_date_interval(value: str) -> Interval | None:
    """A date without its year or week ("in December", "on Friday") on its own axis: month of year, day of year
    (month × 100 + day) or weekday. Two partial dates of one axis agree only when they are the same."""
    if m := _PARTIAL_WEEKDAY.match(value):
        return Interval("weekday", float(m[1]), float(m[1]))
    if m := _PARTIAL_DAY.match(value):
        day = float(int(m[1]) * 100 + int(m[2]))
        return Interval("day of year", day, day)
    if m := _PARTIAL_MONTH.match(value):
        return Interval("month of year", float(m[1]), float(m[1]))
    return None


# A year written in words of a mention or a sentence ("1967", "2005"), not a count.
YEAR_WRITTEN = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH_NAME = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)
_RELATIVE_MONTH = re.compile(r"\b(?:last|next|this|coming|past|previous)\s+(?:month|year)\b", re.IGNORECASE)
_CALENDAR_DAY = re.compile(r"^\d{4}-(\d{2})(?:-(\d{2}))?$")


def year_guessed(value: str, text: str) -> Interval | None:
    """A month or month-day written without a year ("killed on June 24", "in May") that ``value`` gives a year
    from the publication date: the year is the reader's guess, not the outlet's claim, so it is compared as a
    day or month of no year ("June 24" in a trial report a year on is the day's report's "Friday, June 24, 2005")."""
    found = _CALENDAR_DAY.match(value)
    if not found or YEAR_WRITTEN.search(text) or not _MONTH_NAME.search(text) or _RELATIVE_MONTH.search(text):
        return None
    return partial_date_interval(f"XXXX-{found[1]}-{found[2]}" if found[2] else f"XXXX-{found[1]}")


def duration_days(value: str) -> float | None:
    """The length of a TIMEX3 duration (``P3Y``, ``P6M``, ``PT5H``) in days, or None."""
    if value in ("P", "PT"):
        return None
    if m := _DURATION.match(value):
        y, mo, w, d = (float(g) if g else 0.0 for g in m.groups())
        return y * 365.25 + mo * 30.44 + w * 7 + d
    if m := _TIME_DURATION.match(value):
        h, mi, s = (float(g) if g else 0.0 for g in m.groups())
        return h / 24 + mi / 1440 + s / 86400
    return None


def number_interval(
    value: str, qualifier: str, high: str, tolerance: float, headroom: float = math.inf
) -> Interval | None:
    """The counts a number mention allows: ``~`` widens by ``tolerance`` (at least 1), ``<`` opens the low end,
    ``>`` allows up to ``headroom`` times more: news writes "more than 50 firefighters" for a few more than 50,
    not for 200, so two sources saying "more than 50" and "more than 200" disagree."""
    try:
        v = float(value)
    except ValueError:
        return None
    top = v
    if high:
        with contextlib.suppress(ValueError):
            v, top = min(v, float(high)), max(v, float(high))  # "from 300 to 250" is written high to low
    if qualifier == "~":
        slack = max(abs(v) * tolerance, 1.0)
        return Interval("count", v - slack, top + slack)
    if qualifier in (">", ">="):
        return Interval("count", v, v + abs(v) * headroom if v else INF)
    if qualifier in ("<", "<="):
        # "up to 3,000 people", "under 50": a figure near the one written, at most, as "more than" is one above.
        return Interval("count", top / (1 + headroom) if top > 0 and math.isfinite(headroom) else -INF, top)
    return Interval("count", v, top)


def date_interval(value: str, qualifier: str, until: str = "") -> Interval | None:
    """The days a date mention allows.

    "since 2020" says the state began some day of 2020, so it keeps 2020's days;
    "before"/"until" open the start, "after" the end, "approx" widens by the span's own length;
    a range ("from 1974 to 1978", ``until`` "1978") runs to the end of its last date.
    """
    span = date_span(value)
    if span is None:
        return None
    low, high = float(span[0].toordinal()), float(span[1].toordinal())
    if until and (last := date_span(until)) is not None and last[1].toordinal() > high:
        high = float(last[1].toordinal())
    if qualifier in ("before", "until", "by"):
        return Interval("day", -INF, high)
    if qualifier == "after":
        return Interval("day", low, INF)
    if qualifier == "approx":
        width = high - low + 1
        return Interval("day", low - width, high + width)
    return Interval("day", low, high)


def duration_interval(value: str, qualifier: str, tolerance: float) -> Interval | None:
    """The lengths a duration mention allows, in days (``approx`` widens by ``tolerance``)."""
    days = duration_days(value)
    if days is None:
        return None
    if qualifier == "approx":
        return Interval("length", days * (1 - tolerance), days * (1 + tolerance))
    if qualifier in ("until", "<", "within"):
        return Interval("length", 0.0, days)
    # Calendar months differ by a few days; "six months" and "half a year" are one length.
    return Interval("length", days * 0.97, days * 1.03)
