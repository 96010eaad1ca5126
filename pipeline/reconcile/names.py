"""Facts about names: how each source spells a person, which role it gives them, which places and organisations it names."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from ..config import ReconcileConfig
from ..records import Mention
from .align import extra_value


@dataclass(frozen=True, slots=True)
class NameFact:
    """Mentions of one person's name, one person's role, or one place or organisation."""

    kind: str
    subject: str
    mentions: tuple[Mention, ...]


def fold(text: str, config: ReconcileConfig, *, drop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Words of ``text`` without case, accents, punctuation, spelling variants or the ``drop`` words."""
    return _fold(text, tuple(sorted(_variants(config).items())), drop)


def _variants(config: ReconcileConfig) -> dict[str, str]:
    return {v.lower(): k.lower() for k, vs in config.spelling_variants.items() for v in vs}


@lru_cache(maxsize=65536)
def _fold(text: str, variant_items: tuple[tuple[str, str], ...], drop: frozenset[str]) -> tuple[str, ...]:
    variants = dict(variant_items)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() or ch == "." else " " for ch in plain).split()
    return tuple(variants.get(w, w) for w in words if w not in drop)


def names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "James Heappey" agrees with "James Heappey" and with the bare "Heappey", not with "James Hebby"."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return bool(a) and bool(b) and a[-1] == b[-1]
    return False


def name_facts(mentions: Sequence[Mention]) -> list[NameFact]:
    """One fact per person (their name), per person with roles (their role), per place and per organisation."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind == "person":
            groups[("person", extra_value(m, "person_cluster") or m.value)].append(m)
        elif m.kind == "role" and m.unit:
            groups[("role", m.unit)].append(m)
        elif m.kind in ("place", "organisation") and m.value:
            groups[(m.kind, m.value)].append(m)
    return [NameFact(kind, subject, tuple(ms)) for (kind, subject), ms in sorted(groups.items())]


def side_values(fact: NameFact, config: ReconcileConfig) -> dict[str, set[tuple[str, ...]]]:
    """Each source's folded values for the fact."""
    drop = frozenset(w.lower() for w in config.role_ignore_words) if fact.kind == "role" else frozenset()
    variants = tuple(sorted(_variants(config).items()))
    out: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for m in fact.mentions:
        out[m.source].add(_fold(m.value, variants, drop))
    return out


def sides_conflict(a: AbstractSet[tuple[str, ...]], b: AbstractSet[tuple[str, ...]], kind: str) -> bool:
    """Two sources disagree when none of one's values matches any of the other's."""
    if kind == "person":
        return not any(names_agree(x, y) for x in a for y in b)
    if kind == "role":
        return not a & b
    return False
