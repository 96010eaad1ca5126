"""Entities: the name lookups built from the config, canonical names of places, organisations and people,
and whether two spellings name one person ("Heappey" / "Hebby")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import JaroWinkler, Levenshtein

from ..config import EntitiesConfig
from ..records import Kind
from .common import per_config

LEADING = {"the", "a", "an"}
# Lower-case words inside a person's name ("Ludwig van Beethoven", "Osama bin Laden", "Carlos de la Cruz").
NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "das",
        "di",
        "dos",
        "du",
        "del",
        "la",
        "le",
    }
)
# Particles a surname may open with, capitalised ("Gaetano Lo Presti", "Carlos De la Cruz"): "Lo Presti" alone is
# that surname, no given name "Lo". Not "Van", "Del" or "Al", which are given names too ("Van Morrison", "Al Gore").
SURNAME_PARTICLES = frozenset(
    {"lo", "la", "le", "de", "di", "da", "du", "della", "dello", "dei", "des", "von", "bin", "ibn"}
)
POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(frozen=True, slots=True)
class Tables:
    """Lower-cased lookups built once from the config."""

    places: dict[str, str]  # alias, country name or nationality word → canonical place
    organisations: dict[str, str]
    roles: dict[str, str]
    honorifics: frozenset[str]
    connectives: frozenset[str]
    time_words: frozenset[str]
    role_words: tuple[str, ...]
    stoplist: frozenset[str]
    organisation_words: frozenset[str]
    model_code: re.Pattern[str]
    product_names: tuple[re.Pattern[str], ...]
    market_indices: frozenset[str]
    numbered_words: frozenset[str]
    organisation_suffixes: frozenset[str]
    title_words: frozenset[str]
    demonyms: frozenset[str]


def _country_names() -> dict[str, str]:
    """pycountry names, official and common names → the common name ("Iran, Islamic Republic of" → "Iran")."""
    import pycountry

    out: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                out[value.lower()] = canonical
    return out


def _invert(aliases: dict[str, list[str]]) -> dict[str, str]:
    return {alias.lower(): canonical for canonical, names in aliases.items() for alias in [canonical, *names]}


@per_config
def tables(config: EntitiesConfig) -> Tables:
    """The lookups of ``config`` (cached per config object)."""
    places = {**_country_names(), **_invert(config.demonyms), **_invert(config.place_aliases)}
    return Tables(
        places=places,
        organisations=_invert(config.organisation_aliases),
        roles=_invert(config.role_aliases),
        honorifics=frozenset(h.lower() for h in config.honorifics),
        connectives=frozenset(w.lower() for w in config.role_connectives),
        time_words=frozenset(w.lower() for w in config.role_time_words),
        role_words=tuple(w.lower() for w in config.role_words),
        stoplist=frozenset(config.entity_stoplist),
        organisation_words=frozenset(w.lower() for w in config.organisation_words),
        model_code=re.compile(config.model_code_pattern),
        product_names=tuple(re.compile(p) for p in config.product_name_patterns),
        market_indices=frozenset(w.lower() for w in config.market_indices),
        numbered_words=frozenset(w.lower() for w in config.numbered_words),
        organisation_suffixes=frozenset(w.lower().rstrip(".") for w in config.organisation_suffixes),
        title_words=frozenset(w.lower() for w in config.title_words),
        demonyms=frozenset(w.lower() for ws in config.demonyms.values() for w in ws),
    )


def name_key(text: str) -> str:
    """Lower-cased text without a leading article, possessive or extra spaces."""
    words = text.split()
    if len(words) > 1 and words[0].lower() in LEADING:
        words = words[1:]
    out = " ".join(words).lower()
    for suffix in POSSESSIVE:
        if out.endswith(suffix) and len(out) > len(suffix):
            out = out[: -len(suffix)]
            break
    return out


def _display(text: str, *, title_caps: bool = False) -> str:
    """Text as a value: no leading article or possessive; with ``title_caps`` "LONDON" becomes "London"."""
    words = text.split()
    if len(words) > 1 and words[0].lower() in LEADING:
        words = words[1:]
    out = " ".join(words)
    for suffix in POSSESSIVE:
        if out.endswith(suffix) and len(out) > len(suffix):
            out = out[: -len(suffix)]
            break
    return out.title() if title_caps and out.isupper() and len(out) > 4 else out


def place_value(text: str, t: Tables) -> str:
    """Canonical place name: aliases, nationality words and pycountry names, else the text."""
    return t.places.get(name_key(text)) or _display(text, title_caps=True)


def organisation_value(text: str, t: Tables) -> str:
    """Canonical organisation name: aliases, else the name without a legal suffix ("Apple Inc." → "Apple") and
    with a leading country abbreviation spelt out ("U.S. Air Force" → "United States Air Force")."""
    hit = t.organisations.get(name_key(text))
    if hit:
        return hit
    words = _display(text).split()
    while len(words) > 1 and words[-1].lower().rstrip(".") in t.organisation_suffixes:
        words.pop()
    if len(words) > 1 and _is_abbreviation(words[0]) and words[0].lower() in t.places:
        words = [*t.places[words[0].lower()].split(), *words[1:]]
    out = " ".join(words).rstrip(",")
    return t.organisations.get(out.lower(), out)


def _is_abbreviation(word: str) -> bool:
    return word.replace(".", "").isupper() and len(word) <= 5


def longer_names(values: Iterable[str], t: Tables, *, kind: Kind, min_place_words: int = 2) -> dict[str, str]:
    """Each name that is the start of exactly one longer name of the event → that name ("New York" → "New York
    City", "Northrop" → "Northrop Grumman"). For organisations a name may also end the longer one when the words
    in front are a place ("Air Force" → "United States Air Force"). Countries and place names shorter than
    ``min_place_words`` are never extended."""
    names = sorted(set(values))
    out: dict[str, str] = {}
    for short in names:
        if kind == "place" and (short.lower() in t.places or len(short.split()) < min_place_words):
            continue  # "West" is no short "West Africa", nor "Paris" a short "Paris Air Show"
        found = [n for n in names if n != short and n.startswith(short + " ")]
        if kind == "organisation":
            found += [n for n in names if n.endswith(" " + short) and n[: -len(short) - 1].lower() in t.places]
        if len(found) == 1:
            out[short] = found[0]
    return {short: _follow(out, long) for short, long in out.items()}


def _follow(mapping: dict[str, str], name: str) -> str:
    seen = {name}
    while name in mapping and mapping[name] not in seen:
        name = mapping[name]
        seen.add(name)
    return name


def person_name(text: str, t: Tables) -> str:
    """A person's name without honorifics ("Mr Howard" → "Howard"), leading article or possessive."""
    words = _display(text).split()
    while len(words) > 1 and words[0].lower() in t.honorifics:
        words = words[1:]
    return " ".join(words)


def one_letter_off(word: str, surname: str) -> bool:
    """``word`` is ``surname`` with one letter changed, added or dropped, its first letter kept, both of four letters
    or more ("Tammons" / "Timmons", "Ruhman" / "Rahman"): a misspelling, not another name."""
    return len(word) >= 4 and len(surname) >= 4 and word[0] == surname[0] and Levenshtein.distance(word, surname) == 1


def misspelt_surname(word: str, surnames: Iterable[str]) -> bool:
    """``word`` (no acronym) is one letter off one of ``surnames``."""
    return not word.isupper() and any(one_letter_off(word, s) for s in surnames)


def surnames_similar(a: str, b: str, config: EntitiesConfig) -> bool:
    """Same surname, allowing spelling variants.

    One typo always counts when Jaro-Winkler reaches ``name_similarity``;
    bigger differences ("Heappey" / "Hebby") need the names to sound alike
    (same Soundex or Metaphone) and Jaro-Winkler at least ``phonetic_similarity``.
    "Healey" / "Heappey" (0.89, two edits, different sounds) are different names.
    """
    return _similar(a.lower(), b.lower(), config.name_similarity, config.phonetic_similarity)


@lru_cache(maxsize=1 << 16)
def _similar(a: str, b: str, name_similarity: float, phonetic_similarity: float) -> bool:
    """:func:`surnames_similar` of lower-case names (remembered: a worker compares the same words again and again)."""
    if a == b:
        return True
    jw = JaroWinkler.similarity(a, b)
    if jw >= name_similarity and Levenshtein.distance(a, b) <= 1:
        return True
    sounds = jellyfish.soundex(a) == jellyfish.soundex(b) or jellyfish.metaphone(a) == jellyfish.metaphone(b)
    return sounds and jw >= phonetic_similarity


def _first_names_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """First names equal, or one is the other's initial ("J. Heappey"); a leading initial before a first name is
    no first name of its own ("W. Mark Felt" / "Mark Felt"); an initial alone is also the other's middle initial
    ("W. Bush" / "George W. Bush")."""
    if any(_first_name_agrees(x, y) for x in _first_names(a) for y in _first_names(b)):
        return True
    return _middle_initial(a, b) or _middle_initial(b, a)


def _middle_initial(a: Sequence[str], b: Sequence[str]) -> bool:
    """``a`` is an initial and a surname, the initial of a middle name of ``b``."""
    if len(a) != 2 or len(a[0].rstrip(".")) != 1:
        return False
    initial = a[0][0].lower()
    return any(w[:1].lower() == initial for w in b[1:-1])


def _first_names(tokens: Sequence[str]) -> list[str]:
    first = [tokens[0].lower().rstrip(".")]
    if len(first[0]) == 1 and len(tokens) >= 3 and len(tokens[1].rstrip(".")) > 1:
        first.append(tokens[1].lower())
    return first


def _first_name_agrees(x: str, y: str) -> bool:
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


# Generational suffixes after a surname: "W. Mark Felt Sr.", "Arcade Joseph Comeaux Jr.".
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_suffix(name: str) -> str:
    """The generational suffix a full name ends with ("jr", "sr", "iii"), else ""."""
    words = name.split()
    last = words[-1].lower().rstrip(".,") if len(words) > 2 else ""
    return last if last in SUFFIXES else ""


def surname(name: str) -> str:
    """The last word of a full name but a generational suffix ("Felt" of "W. Mark Felt Sr."), with the particle
    it opens with ("Lo Presti" of "Gaetano Lo Presti")."""
    words = name.split()
    if name_suffix(name):
        words = words[:-1]
    if len(words) >= 2 and words[-2].lower() in SURNAME_PARTICLES:
        return " ".join(words[-2:])
    return words[-1]


def has_given_name(name: str) -> bool:
    """More than a surname: "Gaetano Lo Presti", "Mark Felt"; not "Felt" or "Lo Presti"."""
    words = name.split()
    return len(words) > 1 and not (len(words) == 2 and words[0].lower() in SURNAME_PARTICLES)


def same_person(a: str, b: str, config: EntitiesConfig) -> bool:
    """Two full names of one person: first names agree and surnames are similar. A suffix is no surname
    ("W. Mark Felt Sr." / "Mark Felt"); two different suffixes are two people ("Jr." / "Sr.")."""
    sa, sb = name_suffix(a), name_suffix(b)
    if sa and sb and sa != sb:
        return False
    ta, tb = a.split()[: -1 if sa else None], b.split()[: -1 if sb else None]
    return _first_names_agree(ta, tb) and surnames_similar(ta[-1], tb[-1], config)


def match_full_name(bare: str, full_names: Iterable[str], config: EntitiesConfig) -> str | None:
    """The full name whose surname is ``bare``; else the most similar surname.

    A word that is the first name of one of the names is no misspelt surname and matches none: the character
    "Bella" (of "Bella Swan") is not the actress "Kristen Bell", nor is "her husband Eric" "Eric Kirkpatrick".
    """
    names = list(dict.fromkeys(full_names))
    low = bare.lower()
    for name in names:
        if surname(name).lower() == low:
            return name
    if any(name.split()[0].lower() == low for name in names):
        return None
    similar = [n for n in names if surnames_similar(bare, surname(n), config)]
    if similar:
        return max(similar, key=lambda n: JaroWinkler.similarity(low, surname(n).lower()))
    return None
