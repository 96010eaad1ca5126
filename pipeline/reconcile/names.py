"""Facts about names: how each source spells a person, which role it gives them, which places and organisations it names.

* **Spelling**: the extractor clusters the spellings of one person ("Heappey",
  "Hebby", "Hebe"); sources that share no spelling of them disagree on the
  *spelling* of one person. Middle names and initials, accents, case,
  punctuation, "al-"/"el-" particles and the marks of transliteration
  that English spelling never varies ("Yiannis" / "Giannis", "Heydar" /
  "Heidar", "Dimitrios" / "Dimitris") are no difference on their own.
* **Identity**: two clusters with the same surname and different first names
  ("Dale Stevens" / "David Stevens"), which no source names both of and
  whose sentences share another name or a role word, are one person named
  differently: a *conflict*.
* **Roles**: a role's core is its title words (``role_words``, rank words,
  acronyms). Cores that differ only by a rank word ("associate director" /
  "deputy associate director") or are different acronyms ("CEO" / "COO")
  conflict; other differences are *wording* ("Defence Minister" / "Minister
  for the Armed Forces"); one core inside the other agrees ("General Manager"
  / "Chargers General Manager").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import OSA, JaroWinkler

from ..config import ReconcileConfig
from ..records import Mention, lower_case_words
from ..unionfind import UnionFind
from .spellings import is_headline, is_nickname, no_opener, transliterated

# First names at least this alike (Jaro-Winkler) are one name spelled two ways.
FIRST_NAME_SIMILARITY = 0.85
# A name word of at least this many letters, one edit (a letter changed, added, dropped or two swapped; two
# edits from eight letters) from another source's and used by no other source, is that word misspelt.
NEAR_MISS_MIN_LENGTH = 4
NEAR_MISS_LONG = 8
# Titles before a name that are no part of it.
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "fr",
        "prof",
        "gen",
        "col",
        "maj",
        "capt",
        "lt",
        "sgt",
        "cpl",
        "pvt",
        "det",
        "insp",
        "supt",
        "gov",
        "sen",
        "rep",
        "trooper",
        "officer",
        "deputy",
        "sheriff",
        "judge",
        "justice",
        "coach",
        "president",
        "senator",
        "governor",
        "mayor",
        "detective",
        "sergeant",
        "captain",
        "lieutenant",
        "general",
        "colonel",
        "major",
        "corporal",
        "private",
        "inspector",
        "constable",
        "pc",
        "father",
        "brother",
        "sister",
        "rabbi",
        "imam",
        "sheikh",
        "prince",
        "princess",
        "king",
        "queen",
        "chief",
    }
)
PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "van", "von", "de", "der", "da", "di", "la", "le", "du"})


@dataclass(frozen=True, slots=True)
class NameFact:
    """Mentions of one person's name, one person's role, or one place or organisation."""

    kind: str
    subject: str
    mentions: tuple[Mention, ...]
    # Person facts holding two clusters with one surname ("Jon Owen" / "John Owen"): an identity question.
    identity: bool = False
    # Place or organisation facts holding two names one word misspelt apart ("Independence Street" /
    # "Independent Street", "Alexandra" / "Alexandria"): one place spelled two ways.
    respelled: bool = False


def fold(text: str, config: ReconcileConfig, *, drop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Words of ``text`` without case, accents, punctuation, spelling variants or the ``drop`` words."""
    return _fold(text, tuple(sorted(_variants(config).items())), drop)


def _variants(config: ReconcileConfig) -> dict[str, str]:
    return {v.lower(): k.lower() for k, vs in config.spelling_variants.items() for v in vs}


@lru_cache(maxsize=65536)
def _fold(text: str, variant_items: tuple[tuple[str, str], ...], drop: frozenset[str]) -> tuple[str, ...]:
    variants = dict(variant_items)
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return tuple(variants.get(w, w) for w in words if w not in drop)


def name_core(words: tuple[str, ...]) -> tuple[str, ...]:
    """A folded name without middle names, initials and particles: ("raymond", "w", "kelly") → ("raymond", "kelly")."""
    kept = [w for w in words if len(w) > 1 and w not in PARTICLES and w not in ("jr", "sr", "ii", "iii")]
    while len(kept) > 1 and kept[0] in HONORIFICS:
        kept = kept[1:]  # "Trooper William Hakim", "Dr. Regina Benjamin"
    if len(kept) > 2:
        kept = [kept[0], kept[-1]]
    return tuple(kept)


def names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "James Heappey" agrees with "James Heappey", "Heappey" and "James W. Heappey", not with "James Hebby".

    A name that ends another ("Scott Boras" / "Naturally Scott Boras", "Jeremy Shockey" / "TE Jeremy Shockey",
    "Lucky Luciano" / "Charles Lucky Luciano") agrees with it: the words before are a title, a position or a
    stray word of the sentence, not another name.
    """
    short, long = sorted((a, b), key=len)
    if len(short) >= 2 and long[-len(short) :] == short:
        return True
    for x, y in ((a, b), (b, a)):
        if len(x) >= 2 and len(y) >= 2 and len(x[0]) == 1 and len(y[0]) > 1 and y[0][0] == x[0]:
            return names_agree(x[1:], y[1:])  # "W. Mark Felt" is "William Mark Felt" with his first initial
    a, b = name_core(a), name_core(b)
    if a == b:
        return True
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        return a[-1] == b[-1]
    return a[-1] == b[-1] and one_given_name(a[0], b[0])


def one_given_name(a: str, b: str) -> bool:
    """A first name and its short form ("Stan" / "Stanley", "Fred" / "Frederick") or nickname ("Bill" / "William",
    "Dave" / "David") are one name."""
    short, long = sorted((a, b), key=len)
    return (len(short) >= 3 and long.startswith(short)) or is_nickname(a, b)


def person_aliases(facts: Sequence[NameFact]) -> dict[str, str]:
    """Each person's name as some source spells it → the one spelling of its name fact ("Hebby" → "James
    Heappey"); clusters of one surname and two first names stay apart (who is who is the question)."""
    return {
        m.person_cluster or m.value: nf.subject
        for nf in facts
        if nf.kind == "person" and not nf.identity
        for m in nf.mentions
        if (m.person_cluster or m.value) != nf.subject
    }


def name_facts(mentions: Sequence[Mention], config: ReconcileConfig | None = None) -> list[NameFact]:
    """One fact per person (their name), per person with roles (their role), per place and per organisation.

    People whose clusters share a surname and differ in first name, and whom no
    source names together, are one fact (an identity question).
    """
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    common = lower_case_words(mentions)
    for m in mentions:
        if m.kind == "person" and is_headline(m.sentence):
            continue  # "Lindsay Lohan Checks Into Rehab", "Obama Reverses Bush Rule": names run into verbs
        if m.kind == "person":
            m = replace(m, value=no_opener(m.value, common), person_cluster=no_opener(m.person_cluster, common))
            groups[("person", m.person_cluster or m.value)].append(m)
        elif m.kind == "role" and m.unit:
            groups[("role", m.unit)].append(m)
        elif m.kind in ("place", "organisation") and m.value:
            groups[(m.kind, m.value)].append(m)
    merged = _merged_clusters(groups, _names_around(mentions)) | _respelled_names(groups)
    out = []
    for (kind, subject), ms in sorted(groups.items()):
        if (kind, subject) in merged:
            continue
        partners = [s for (k, s), target in merged.items() if target == subject]
        if kind == "person" and partners:
            ms = ms + [m for p in partners for m in groups[("person", p)]]
        # First names that are one name spelled or shortened two ways ("Vassilis" / "Vassilios", "Alexis" /
        # "Alexandros", "Heidar" / "Heydar") are a spelling of one person, not another person.
        other = kind == "person" and any(not _first_names_alike(subject, p) for p in partners)
        respelled = kind != "person" and bool(partners)
        if respelled:
            ms = ms + [m for p in partners for m in groups[(kind, p)]]
        out.append(NameFact(kind, subject, tuple(ms), identity=other, respelled=respelled))
    return out


def _surname_first(name: str) -> tuple[str, str]:
    core = name_core(_fold(name, (), frozenset()))
    return (core[-1], core[0]) if len(core) >= 2 else ("", "")


def _first_names_alike(a: str, b: str) -> bool:
    fa, fb = _surname_first(a)[1], _surname_first(b)[1]
    return fa[:3] == fb[:3] or JaroWinkler.similarity(fa, fb) >= FIRST_NAME_SIMILARITY or is_nickname(fa, fb)


def _names_around(mentions: Sequence[Mention]) -> dict[str, set[str]]:
    """Person cluster → the other names (places, organisations, people) of the sentences that name it, and the
    words of its roles ("coroner")."""
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    out: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.kind in ("person", "place", "organisation"):
            by_sentence[(m.source, m.sent_start)].append(m)
        elif m.kind == "role" and m.unit:
            out[m.unit] |= {f"role:{w}" for w in _fold(m.value, (), frozenset())}
    for ms in by_sentence.values():
        names = {m.person_cluster or m.value for m in ms}
        for m in ms:
            if m.kind == "person":
                cluster = m.person_cluster or m.value
                out[cluster] |= names - {cluster}
    return out


def _merged_clusters(
    groups: dict[tuple[str, str], list[Mention]], around: dict[str, set[str]]
) -> dict[tuple[str, str], str]:
    """Person clusters to fold into another cluster (value: the cluster kept), when no source names both.

    * one surname, first names spelled two ways ("Catherine" / "Katherine" / "Kathryn Gomes"), or one first
      name and a surname one edit apart ("Anthony Calamita" / "Anthony LaCalamita"): one person spelled two ways;
    * one surname and other first names ("Dale Stevens" / "David Stevens", both said to have drawn The
      Rocketeer): folded into the cluster most sources name, as an identity question, when their sentences
      share another name; "Tyler Smith added 17 points" and "coach Dean Smith" are two people.
    """
    people = [subject for kind, subject in groups if kind == "person" and _surname_first(subject)[0]]
    sources = {c: {m.source for m in groups[("person", c)]} for c in people}
    sets = UnionFind(people)
    find = sets.find

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            keep, other = sorted((ra, rb), key=lambda c: (-len(sources[c]), c))
            sets.union(keep, other)
            sources[keep] = sources[keep] | sources[other]

    for a, b in combinations(sorted(people), 2):
        (sa, fa), (sb, fb) = _surname_first(a), _surname_first(b)
        if fa == fb and sa == sb:
            continue
        if sources[a] & sources[b] and not _short_form(a, b):
            continue  # a source that names both knows them apart
        if _first_names_alike(a, b) and (sa == sb or _one_edit(sa, sb)):
            union(a, b)
    # Other first names of one surname: one identity question with the cluster most sources name.
    by_surname: dict[str, list[str]] = defaultdict(list)
    for c in people:
        if find(c) == c:
            by_surname[_surname_first(c)[0]].append(c)
    for clusters in by_surname.values():
        keep = max(clusters, key=lambda c: (len(sources[c]), c))
        for c in clusters:
            shared = bool(around.get(c, set()) & around.get(keep, set()))
            relative = _a_relative(groups[("person", c)]) or _a_relative(groups[("person", keep)])
            if c != keep and not sources[c] & sources[keep] and shared and not relative:
                sets.union(keep, c)
    return {("person", c): find(c) for c in people if find(c) != c}


# A place or organisation word at least this long, misspelt, is still recognisably the other ("Alexandra").
RESPELLED_MIN_LENGTH = 6


def _respelled_names(groups: dict[tuple[str, str], list[Mention]]) -> dict[tuple[str, str], str]:
    """Places and organisations whose names differ in one word, a misspelling of the other's (value: the name
    kept, the one more sources write), when no source writes both: "Independent Street" / "Independence Street"."""
    out: dict[tuple[str, str], str] = {}
    for kind in ("place", "organisation"):
        names = sorted(subject for k, subject in groups if k == kind)
        sources = {n: {m.source for m in groups[(kind, n)]} for n in names}
        for a, b in combinations(names, 2):
            if sources[a] & sources[b] or (kind, a) in out or (kind, b) in out or not _respelled(a, b):
                continue
            keep, other = sorted((a, b), key=lambda n: (-len(sources[n]), n))
            out[(kind, other)] = keep
    return out


def _respelled(a: str, b: str) -> bool:
    wa, wb = _fold(a, (), frozenset()), _fold(b, (), frozenset())
    differ = [(x, y) for x, y in zip(wa, wb, strict=False) if x != y]
    if len(wa) != len(wb) or len(differ) != 1:
        return False
    x, y = differ[0]
    short = min(x, y, key=len)
    if _consonants(x) == _consonants(y):
        return False  # vowels, plurals and "-ise"/"-ize": "Centre" / "Center", "Advisors" / "Advisers", "Hormozgan"
    return x[0] == y[0] and len(short) >= RESPELLED_MIN_LENGTH and OSA.distance(x, y) <= _edits_allowed(short)


def _consonants(word: str) -> str:
    """A word's consonants without a plural "s", "z" written "s": what British, American and transliterated
    spellings of one name share."""
    return "".join(c for c in word.removesuffix("s") if c not in "aeiouy").replace("z", "s")


# Words that name someone as another's relative: "his nephew William T. LaRue", "her grandson Rob Jones".
KIN = frozenset(
    {"son", "daughter", "wife", "husband", "brother", "sister", "father", "mother", "nephew", "niece", "uncle"}
    | {"aunt", "cousin", "grandson", "granddaughter", "grandfather", "grandmother", "widow", "widower", "stepson"}
    | {"stepdaughter", "sons", "daughters", "brothers", "sisters", "grandsons", "granddaughters", "parents"}
)


def _short_form(a: str, b: str) -> bool:
    """One name is the other's short form, as an obituary writes both ("Fred LaRue" / "Frederick Cheney LaRue
    was born …"): one surname, one first name the other's start or nickname, no generation ("Fred Jr.")."""
    (sa, fa), (sb, fb) = _surname_first(a), _surname_first(b)
    if not sa or sa != sb or fa == fb or GENERATION & {*_fold(a, (), frozenset()), *_fold(b, (), frozenset())}:
        return False
    return one_given_name(fa, fb)


# Words that tell a father from his son.
GENERATION = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})


def _a_relative(mentions: Sequence[Mention]) -> bool:
    """Some source names the person as someone's relative, right before the name ("his nephew X", "X's son")."""
    for m in mentions:
        before = m.sentence[: m.start - m.sent_start].lower().replace(",", " ").split()[-3:]
        if KIN & set(before):
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """Surnames one edit apart (two from eight letters), or one the other with a particle joined ("LaCalamita")."""
    short, long = sorted((a, b), key=len)
    if len(short) >= NEAR_MISS_LONG - 3 and long.endswith(short) and long[: -len(short)] in PARTICLES:
        return True
    return len(short) >= NEAR_MISS_MIN_LENGTH and OSA.distance(a, b) <= _edits_allowed(short)


def _edits_allowed(word: str) -> int:
    """How many edits still make a misspelling of ``word``: one, two from eight letters."""
    return 2 if len(word) >= NEAR_MISS_LONG else 1


def near_miss(fact: NameFact, config: ReconcileConfig) -> bool:
    """One source writes a word of the person's name as no other source does, one letter or two from theirs.

    "Selazar said" beside "Ken Salazar", "Kifoury" beside "Kafoury": a misspelling worth a look even when
    the same article also spells the name right elsewhere. Nicknames and first-name references ("Mo" for
    "Maurice Cheeks") are not alike enough to count.
    """
    words: dict[str, set[str]] = defaultdict(set)
    for m in fact.mentions:
        written = m.written or m.text
        words[m.source].update(transliterated(tuple(w for w in name_core(fold(written, config)) if w.isalpha())))
    for source, own in words.items():
        others = set().union(*(ws for s, ws in words.items() if s != source))
        for w in own - others:
            edits = _edits_allowed(w)
            if len(w) >= NEAR_MISS_MIN_LENGTH and any(u[0] == w[0] and OSA.distance(w, u) <= edits for u in others):
                return True
    return False


def role_core(text: str, config: ReconcileConfig) -> frozenset[str]:
    """The title words of a role: role words, rank words and acronyms ("Chargers General Manager" → general, manager).

    Acronyms are marked with a leading "=" ("CEO" → "=ceo").
    """
    titles = {w.lower() for phrase in config.role_words for w in phrase.split()}
    ranks = {w.lower() for w in config.role_rank_words}
    drop = frozenset(w.lower() for w in config.role_ignore_words)
    words = fold(text, config, drop=drop)
    acronyms = {w.lower() for w in text.replace(".", "").split() if w.isupper() and 2 <= len(w) <= 5}
    core = {f"={w}" if w in acronyms else w for w in words if w in titles or w in ranks or w in acronyms}
    return frozenset(core or words)


def side_values(fact: NameFact, config: ReconcileConfig) -> dict[str, set[tuple[str, ...]]]:
    """Each source's folded values for the fact (roles: their sorted core words)."""
    variants = tuple(sorted(_variants(config).items()))
    out: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for m in fact.mentions:
        if fact.kind == "role":
            # "Assistant General Manager and Senior Vice President" holds two titles, each compared on its own.
            for title in _titles(m.value, config):
                out[m.source].add(tuple(sorted(role_core(title, config))))
        elif fact.kind == "person":
            out[m.source].add(transliterated(_fold(m.value, variants, frozenset())))
        else:
            out[m.source].add(_fold(m.value, variants, frozenset()))
    return out


_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def _titles(role: str, config: ReconcileConfig) -> list[str]:
    """The titles a role joins with "and", when each part holds a title word ("Assistant General Manager and
    Senior Vice President"); "Secretary of State for Environment, Food and Rural Affairs" stays one."""
    parts = _AND.split(role)
    titles = {w.lower() for phrase in config.role_words for w in phrase.split()}
    if len(parts) > 1 and all(titles & set(fold(p, config)) for p in parts):
        return parts
    return [role]


def role_verdict(a: tuple[str, ...], b: tuple[str, ...], config: ReconcileConfig) -> str:
    """ "agree", "conflict" (a rank word or an acronym apart) or "wording" for two role cores."""
    sa, sb = set(a), set(b)
    if sa <= sb or sb <= sa:
        ranks = {w.lower() for w in config.role_rank_words}
        return "conflict" if (sa ^ sb) & ranks else "agree"
    if any(w.startswith("=") for w in sa - sb) and any(w.startswith("=") for w in sb - sa):
        return "conflict"  # "CEO" / "COO"; an acronym both share ("IMF chief" / "IMF head") is no difference
    return "wording"


def sides_conflict(a: AbstractSet[tuple[str, ...]], b: AbstractSet[tuple[str, ...]], kind: str) -> bool:
    """Two sources disagree on a person's name when none of one's spellings matches any of the other's.

    Places and organisations have no value to disagree on; roles are judged by :func:`role_verdict`.
    """
    return kind == "person" and not any(names_agree(x, y) for x in a for y in b)
