"""Spellings that are no misspelling: transliterations, nicknames, plural team names, words the tagger joined to
a name (a sentence opener, a headline's verbs). Pure functions of the words; the curated tables load on first use."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from ..records import Mention

_INNER_GAMMA = re.compile(r"(?<=[aeiou])gi(?=[aou])")
_EY = re.compile(r"ey(?=[b-df-hj-np-tv-z])")  # "Heydar"; "Grey" / "Gray" is English spelling
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1")  # "Massoud": a consonant written twice
_HARD_C = re.compile(r"c(?=[aoulr])")


@lru_cache(maxsize=65536)
def transliteration_key(word: str) -> str:
    """One key for the romanisations of a Greek or Persian name word that English spelling never varies:
    "yiannis" / "giannis" (gamma), "heydar" / "heidar", "dimitrios" / "dimitris" (formal and everyday forms).

    Letters English names are also spelled with ("Catherine" / "Katherine", "Robyn" / "Robin", "Miliote" /
    "Milliote") keep their difference: a source that writes one is not transliterating.
    """
    w = "y" + word[1:] if word[:2] == "gi" and len(word) > 4 and word[2] in "aeiou" else word  # Giorgos / Yiorgos
    w = _INNER_GAMMA.sub("yi", w)  # Kougias / Kouyias
    w = _EY.sub("ei", w)
    if w.endswith("ios") and len(w) > 5:
        w = w[:-3] + "is"
    return w


def transliterated(words: tuple[str, ...]) -> tuple[str, ...]:
    """Name words by their transliteration key, the last without a plural "s": "Tony Awards" / "Tony Award", "Tar Heels"
    / "Tar Heel" are a team's or a prize's name the tagger took for a person, not a misspelling. A given name no
    English name table lists is read without its doubled consonants ("Massoud" / "Masoud", "Mohammed" /
    "Mohamed": two romanisations of one Persian or Arabic name); "Phillip" / "Philip" keep their difference."""
    keys = [transliteration_key(w) for w in words]
    if len(keys) > 1 and words[0] not in given_names():
        # "Karolos" / "Carolos", "Konstantinos" / "Constantinos": a hard c is a k romanised two ways.
        keys[0] = _HARD_C.sub("k", _DOUBLED.sub(r"\1", keys[0]))
    if keys and len(keys[-1]) > 4:
        keys[-1] = keys[-1].removesuffix("s")
    return tuple(keys)


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer  # a curated table of English given names and their nicknames (Apache-2.0)

    return {name: frozenset(nicks) for name, nicks in NickNamer().nickname_lookup.items()}


def is_nickname(a: str, b: str) -> bool:
    """One first name is a nickname of the other ("bill" / "william", "dave" / "david"); two nicknames of one name
    are not. The table also lists spellings ("brian" / "bryan", "bryant"): a nickname is no longer than its name
    and more than one edit from it, so those stay a spelling."""
    table = _nicknames()
    nick, full = sorted((a.lower(), b.lower()), key=len)
    if OSA.distance(nick, full) < 2:
        return False
    return nick in table.get(full, ()) or (len(nick) == len(full) and full in table.get(nick, ()))


def no_opener(name: str, common: frozenset[str]) -> str:
    """A name without a first word that is a common word and no given name: a sentence opener the tagger joined
    to it ("Following Gigante's conviction", "Born Vincenzo"); "Will Smith" and "Mark Felt" keep theirs."""
    words = name.split()
    if len(words) < 2 or words[0].lower() not in common or words[0].lower() in given_names():
        return name
    return " ".join(words[1:])


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    table = _nicknames()
    return frozenset(table) | frozenset(n for nicks in table.values() for n in nicks)


# A sentence whose long words are this capitalised is a headline, where the tagger runs names into verbs.
HEADLINE_CAPITALS = 0.75


def is_headline(sentence: str) -> bool:
    """Title case and no full stop: most words of four letters or more start with a capital ("Obama Reverses Bush
    Rule on Endangered Species"); "Kathryn Gomes and Robin Mendes are the victims." is a sentence."""
    text = sentence.strip()
    if not text or text[-1] in ".!?\"'”’":
        return False
    long = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= HEADLINE_CAPITALS * len(long)


ENTITY_KINDS = ("person", "place", "organisation")


def entity_name(mention: Mention) -> str:
    """The canonical name of an entity mention (a person's cluster, else its value)."""
    if mention.kind == "person":
        return mention.person_cluster or mention.value
    return mention.value


def one_spelling(mentions: Sequence[Mention]) -> dict[str, str]:
    """Place and organisation names written two ways (British and American, hyphens, case, a plural: "Organization
    for Security and Cooperation" / "Organisation for Security and Co-operation", "Champs-Elysees" /
    "Champs-Elysee"), each to the most written one; a name that is another name of the event and a company's or an
    island's word ("Harry Winston Diamond Corp.", "Qeshm Island") to that name."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.kind in ("place", "organisation") and m.value:
            by_key[_spelling_key(m.value)][m.value] += 1
    out = {name: max(names, key=lambda n: (names[n], n)) for names in by_key.values() for name in names}
    known = {tuple(_spelling_key(entity_name(m)).split()): entity_name(m) for m in mentions if m.kind in ENTITY_KINDS}
    for key, name in known.items():
        names = by_key.get(" ".join(key)) or Counter([name])  # a company the tagger took for a person, too
        shorter = _named_without_suffix(key, known)
        if shorter is not None and shorter not in names:
            out.update({n: out.get(shorter, shorter) for n in names})
    return out


def _named_without_suffix(key: tuple[str, ...], known: dict[tuple[str, ...], str]) -> str | None:
    """The event's name that ``key`` is followed by a company's or an island's word ("harry winston diamond corp"
    → Harry Winston: the words between belong to the company's name; "qeshm island" → Qeshm), else None. One word
    stands for a name only right before the suffix ("apple daily co" is no company of Apple)."""
    words = list(key)
    if len(words) < 2 or words[-1] not in NAME_SUFFIXES:
        return None
    words.pop()
    for cut in range(len(words), 0, -1):
        if (cut > 1 or len(words) == 1) and (shorter := known.get(tuple(words[:cut]))) is not None:
            return shorter
    return None


# The last word of a name that says what kind of thing the rest names: "Harry Winston Diamond Corp.", "Qeshm
# Island" are the company and the island the event also names without it.
NAME_SUFFIXES = frozenset(
    {"corp", "corporation", "inc", "incorporated", "ltd", "limited", "co", "company", "plc", "llc", "island", "isle"}
)


def _spelling_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = "".join(c for c in plain if c.isalnum() or c.isspace()).split()
    kept = (w.removesuffix("s") if len(w) > 3 else w for w in words if w not in ("the", "of", "and", "in", "for"))
    return " ".join(kept).replace("z", "s")


def people_by_surname(mentions: Sequence[Mention], spelled: Mapping[str, str]) -> dict[str, str]:
    """The event's people by the surname alone, lower case ("klitschko" → "Wladimir Klitschko"), for a subject the
    tagger left untagged ("Klitschko dumped Thompson onto the canvas"); a surname two people share is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.kind == "person":
            name = spelled.get(entity_name(m), entity_name(m))
            if len(words := name.split()) > 1:
                found[words[-1].lower()].add(name)
    return {surname: next(iter(names)) for surname, names in found.items() if len(names) == 1}
