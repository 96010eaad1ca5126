"""A small deterministic unit normaliser for scoring value+unit (lower case, singular, one name per unit)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Canonical unit → spellings (already lower-cased; plurals are handled by `singular`).
UNIT_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "percentage": ("%", "percent", "per cent", "pc", "pct"),
    "dollar": ("$", "us$", "usd", "us dollar", "u.s. dollar", "united states dollar", "$ us", "buck"),
    "australian dollar": ("$a", "a$", "au$", "aud"),
    "canadian dollar": ("ca$", "c$", "cad"),
    "hong kong dollar": ("hk$", "hkd"),
    "euro": ("€", "eur"),
    "pound sterling": ("£", "gbp", "british pound", "sterling"),
    "japanese yen": ("¥", "yen", "jpy", "y"),
    "cent": ("¢", "c"),
    "penny": ("p", "pence"),  # British share prices ("118.5p"), as "c" is the cent
    "kilometre": ("km", "kilometer"),
    "metre": ("m", "meter"),
    "centimetre": ("cm", "centimeter"),
    "millimetre": ("mm", "millimeter"),
    "micrometre": ("μm", "micron", "micrometer"),
    "mile": ("mi",),
    "foot": ("ft",),
    "yard": ("yd",),
    "litre": ("l", "liter"),
    "gram": ("g",),
    "kilogram": ("kg", "kilo"),
    "tonne": ("t", "metric ton"),
    "pound-mass": ("lb", "lbs"),
    "mile per hour": ("mph",),
    "kilometre per hour": ("km/h", "kph", "kmh"),
    "mile per gallon": ("mpg",),
    "watt": ("w",),
    "kilowatt": ("kw",),
    "gigawatt": ("gw",),
    "kilowatt hour": ("kwh",),
    "horsepower": ("hp", "bhp", "brake horsepower"),
    "gigabyte": ("gb",),
    "minute": ("min",),
    "second": ("s", "sec"),
    "hour": ("h", "hr"),
    "year of age": ("year-old", "year old"),
    "degree celsius": ("celsius", "°c", "degree c"),
    "degree fahrenheit": ("fahrenheit", "°f", "degree f"),
    "people": ("person",),
}

_IRREGULAR: dict[str, str] = {
    "people": "people",
    "feet": "foot",
    "men": "man",
    "women": "woman",
    "children": "child",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "series": "series",
    "species": "species",
    "news": "news",
    "celsius": "celsius",
    "aircraft": "aircraft",
}
_KEEP_S = ("ss", "us", "is", "'s")

_LOOKUP: dict[str, str] = {alias: canon for canon, aliases in UNIT_EQUIVALENTS.items() for alias in (canon, *aliases)}


def singular(word: str) -> str:
    """English plural → singular by rule (``"troops"`` → ``"troop"``, ``"countries"`` → ``"country"``)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def normalise_unit(unit: str) -> str:
    """Lower case, collapse spaces, singularise each word, then fold through :data:`UNIT_EQUIVALENTS`."""
    text = re.sub(r"\s+", " ", unit.strip().lower())
    if text in ("", "-"):
        return ""
    if text in _LOOKUP:
        return _LOOKUP[text]
    words = " ".join(singular(w) for w in text.split(" "))
    return _LOOKUP.get(words, words)


def units_match(ours: str, gold: Iterable[str], *, modifiers: Sequence[str] = ()) -> bool:
    """Does our unit equal any gold spelling after normalising?

    A multi-word gold unit ("european countries") also matches our counted
    noun ("country") when every other gold word is among our ``modifiers``.
    """
    mine = normalise_unit(ours)
    mods = {normalise_unit(m) for m in modifiers}
    for spelling in gold:
        target = normalise_unit(spelling)
        if target == mine:
            return True
        words = target.split(" ")
        if mine and len(words) > 1 and words[-1] == mine and set(words[:-1]) <= mods:
            return True
    return False
