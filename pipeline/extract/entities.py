"""People, roles, places and organisations.

``entity_candidates`` works on one article: spaCy's PERSON / GPE / LOC / FAC /
ORG spans, nationality words (NORP) that stand for a country ("British" →
United Kingdom, as MEANTIME annotates them as locations), untagged tokens that
sound like a surname of the article ("Hebe" next to "James Hebby"), and role
phrases attached to a person ("Defence Minister James Heappey", "Heappey, the
armed forces minister").

``resolve_entities`` works on one event: it votes each name's kind across all
its mentions (the gazetteer votes "place", being the surname of a full name
votes "person"), then clusters people across articles and gives every person
and role the cluster's canonical name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

import jellyfish
from rapidfuzz.distance import JaroWinkler, Levenshtein
from spacy.attrs import IS_ALPHA, IS_STOP, IS_TITLE, LENGTH
from spacy.tokens import Doc, Span, Token

from ..config import EntitiesConfig
from ..nlp import GAZETTEER_SPANS
from ..records import Article, Kind, Mention
from .common import make_mention, per_config

_LABEL_KINDS: dict[str, Kind] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "place",
    "ORG": "organisation",
}
_NAME_KINDS: tuple[Kind, ...] = ("person", "place", "organisation")
# Entity types a role phrase never runs through.
_NOT_IN_ROLE = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_PLACE_LABELS = {"GPE", "NORP", "LOC"}
_LEADING = {"the", "a", "an"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


# ---------------------------------------------------------------- lookups


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


def _key(text: str) -> str:
    """Lower-cased text without a leading article, possessive or extra spaces."""
    words = text.split()
    if len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    out = " ".join(words).lower()
    for suffix in _POSSESSIVE:
        if out.endswith(suffix) and len(out) > len(suffix):
            out = out[: -len(suffix)]
            break
    return out


def _display(text: str, *, title_caps: bool = False) -> str:
    """Text as a value: no leading article or possessive; with ``title_caps`` "LONDON" becomes "London"."""
    words = text.split()
    if len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    out = " ".join(words)
    for suffix in _POSSESSIVE:
        if out.endswith(suffix) and len(out) > len(suffix):
            out = out[: -len(suffix)]
            break
    return out.title() if title_caps and out.isupper() and len(out) > 4 else out


def place_value(text: str, t: Tables) -> str:
    """Canonical place name: aliases, nationality words and pycountry names, else the text."""
    return t.places.get(_key(text)) or _display(text, title_caps=True)


def organisation_value(text: str, t: Tables) -> str:
    """Canonical organisation name: aliases, else the name without a legal suffix ("Apple Inc." → "Apple") and
    with a leading country abbreviation spelt out ("U.S. Air Force" → "United States Air Force")."""
    hit = t.organisations.get(_key(text))
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


def surnames_similar(a: str, b: str, config: EntitiesConfig) -> bool:
    """Same surname, allowing spelling variants.

    One typo always counts when Jaro-Winkler reaches ``name_similarity``;
    bigger differences ("Heappey" / "Hebby") need the names to sound alike
    (same Soundex or Metaphone) and Jaro-Winkler at least ``phonetic_similarity``.
    "Healey" / "Heappey" (0.89, two edits, different sounds) are different names.
    """
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    jw = JaroWinkler.similarity(a, b)
    if jw >= config.name_similarity and Levenshtein.distance(a, b) <= 1:
        return True
    sounds = jellyfish.soundex(a) == jellyfish.soundex(b) or jellyfish.metaphone(a) == jellyfish.metaphone(b)
    return sounds and jw >= config.phonetic_similarity


def _first_names_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """First names equal, or one is the other's initial ("J. Heappey")."""
    x, y = a[0].lower().rstrip("."), b[0].lower().rstrip(".")
    if x == y:
        return True
    return (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def same_person(a: str, b: str, config: EntitiesConfig) -> bool:
    """Two full names of one person: first names agree and surnames are similar."""
    ta, tb = a.split(), b.split()
    return _first_names_agree(ta, tb) and surnames_similar(ta[-1], tb[-1], config)


def match_full_name(bare: str, full_names: Iterable[str], config: EntitiesConfig) -> str | None:
    """The full name whose surname (or, failing that, first name) is ``bare``; else the most similar surname."""
    names = list(dict.fromkeys(full_names))
    low = bare.lower()
    for name in names:
        if name.split()[-1].lower() == low:
            return name
    similar = [n for n in names if surnames_similar(bare, n.split()[-1], config)]
    if similar:
        return max(similar, key=lambda n: JaroWinkler.similarity(low, n.split()[-1].lower()))
    return None


# ---------------------------------------------------------------- per article


def _trim(span: Span) -> Span | None:
    """The span without a leading article, a trailing possessive, or anything past a line break."""
    doc = span.doc
    start, end = span.start, span.end
    for i in range(start, end):
        if "\n" in doc[i].text or (i < end - 1 and "\n" in doc[i].whitespace_):
            end = i + (0 if "\n" in doc[i].text else 1)
            break
    while start < end and doc[start].lower_ in _LEADING:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _acronym_after(doc: Doc, end: int) -> Token | None:
    """The "ABC" of a "(ABC)" right after token ``end``."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        acronym = doc[end + 1]
        if acronym.is_upper and acronym.is_alpha and len(acronym) > 1:
            return acronym
    return None


def _extend_organisation(span: Span, t: Tables, ents: tuple[Span, ...]) -> tuple[Span, str]:
    """An organisation's span and value, taking in a following "in <place>" and "(ACRONYM)".

    "UN Multidimensional Integrated Stabilization Mission" + "in Mali" is a
    known name ("MINUSMA"); "... Mission in the Central African Republic
    (MINUSCA)" takes the acronym as its value.
    """
    doc = span.doc
    if _key(span.text) in t.organisations:
        return span, organisation_value(span.text, t)
    longer: Span | None = None
    following = bisect_left(ents, span.end, key=attrgetter("start"))
    place = ents[following] if following < len(ents) else None
    if place is not None and place.label_ in _PLACE_LABELS and 0 < place.start - span.end <= 2:
        gap = doc[span.end : place.start]
        if gap[0].lower_ in ("in", "of", "for") and all(tok.lower_ in ("in", "of", "for", "the") for tok in gap):
            longer = Span(doc, span.start, place.end, label=span.label_)
    if longer is not None and _key(longer.text) in t.organisations:
        return longer, organisation_value(longer.text, t)
    if longer is not None and (acronym := _acronym_after(doc, longer.end)) is not None:
        return longer, organisation_value(acronym.text, t)
    if (acronym := _acronym_after(doc, span.end)) is not None:
        return span, organisation_value(acronym.text, t)
    return span, organisation_value(span.text, t)


def _is_role_token(tok: Token, t: Tables) -> bool:
    if "\n" in tok.text or "\n" in tok.whitespace_:
        return False
    if tok.lower_ in t.connectives or tok.lower_ in t.time_words:
        return True
    if tok.text == "-" and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_:
        return True
    return tok.is_alpha and tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.ent_type_ not in _NOT_IN_ROLE


def _has_role_word(tokens: Sequence[Token], t: Tables) -> bool:
    phrase = " " + " ".join(tok.lower_ for tok in tokens) + " "
    return any(f" {word} " in phrase for word in t.role_words)


def _is_place_word(doc: Doc, i: int, end: int, t: Tables) -> int:
    """End of the nationality or place name starting at token ``i`` (``i`` itself when there is none)."""
    tok = doc[i]
    if tok.ent_type_ in _PLACE_LABELS and tok.ent_iob_ == "B":
        ent = next((e for e in doc.ents if e.start == i), None)
        if ent is not None and ent.end <= end and _key(ent.text) in t.places:
            return ent.end
    if tok.lower_ in t.places:
        return i + 1
    return i


def _trim_role(doc: Doc, start: int, end: int, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """Strip articles, connectives, "then"/"former" (returned as qualifier) and nationality from a role's edges."""
    qualifier = ""
    changed = True
    while changed and start < end:
        changed = False
        tok = doc[start]
        if tok.lower_ in t.connectives or tok.lower_ in _LEADING or tok.text == "-":
            start, changed = start + 1, True
        elif tok.lower_ in t.time_words:
            qualifier = qualifier or tok.lower_
            start, changed = start + 1, True
        else:
            nxt = _is_place_word(doc, start, end, t)
            if nxt > start and nxt < end:
                start, changed = nxt, True
    while end > start and (doc[end - 1].lower_ in t.connectives or doc[end - 1].text == "-"):
        end -= 1
    tokens = list(doc[start:end])
    if not tokens or len(tokens) > max_tokens or not _has_role_word(tokens, t):
        return None
    return start, end, qualifier


def role_value(tokens: Sequence[Token], t: Tables) -> str:
    """Title-cased role ("armed forces minister" → "Armed Forces Minister"), mapped through the role aliases."""
    parts: list[str] = []
    for n, tok in enumerate(tokens):
        text = tok.text
        if n > 0 and tok.lower_ in t.connectives:
            word = tok.lower_
        elif text.isupper() and len(text) > 1:
            word = text
        else:
            word = text[:1].upper() + (text[1:] if text[1:] != text[1:].upper() else text[1:].lower())
        parts.append(word + (tok.whitespace_ and " "))
    value = "".join(parts).strip()
    return t.roles.get(value.lower(), value)


def _role_left(doc: Doc, person: Span, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """A title right before the name ("then British Prime Minister Boris Johnson") or before "<title>, <name>"."""
    end = person.start
    appositive = end > 0 and doc[end - 1].text == ","
    if appositive:
        end -= 1
    start = end
    while start > person.sent.start and end - start < max_tokens + 4 and _is_role_token(doc[start - 1], t):
        start -= 1
    if start == end:
        return None
    # "The Secretary of State for the Armed Forces, James Heappey," must open a clause.
    if appositive and not (start == person.sent.start or doc[start - 1].is_punct):
        return None
    return _trim_role(doc, start, end, t, max_tokens)


def _role_right(doc: Doc, person: Span, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """An appositive title after the name ("Heappey, the armed forces minister,")."""
    start = person.end
    if start + 1 >= len(doc) or doc[start].text != ",":
        return None
    start += 1
    end = start
    sent_end = person.sent.end
    while end < sent_end and end - start < max_tokens + 4 and _is_role_token(doc[end], t):
        end += 1
    if end == start:
        return None
    if end < sent_end and not (doc[end].is_punct or doc[end].pos_ in ("VERB", "AUX")):
        return None
    return _trim_role(doc, start, end, t, max_tokens)


def _gazetteer_keys(doc: Doc) -> set[str]:
    return {_key(s.text) for s in doc.spans[GAZETTEER_SPANS]} if GAZETTEER_SPANS in doc.spans else set()


def _singular_verb_follows(tok: Token) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and (nxt.tag_ == "VBZ" or (nxt.tag_ == "VBD" and nxt.lower_ != "were"))


def _inside_longer_name(tok: Token) -> bool:
    """The token touches another capitalised word, so it is part of a longer name."""
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return any(
        n is not None and n.is_alpha and n.text[:1].isupper() and not n.is_sent_start and "\n" not in n.whitespace_
        for n in (before, after)
        if n is not None
    )


def _sound_alike_tokens(doc: Doc, taken: set[int], surnames: set[str], config: EntitiesConfig) -> list[Span]:
    """Untagged proper nouns that are a (misspelt) surname of the article ("Hebe" next to "James Hebby")."""
    out: list[Span] = []
    if not surnames:
        return out
    # Title-case words of three letters or more that are not stop words, found in one array pass.
    flags = doc.to_array([IS_TITLE, IS_ALPHA, IS_STOP, LENGTH])
    mask = (flags[:, 0] == 1) & (flags[:, 1] == 1) & (flags[:, 2] == 0) & (flags[:, 3] >= 3)
    for i in mask.nonzero()[0].tolist():
        if i in taken:
            continue
        tok = doc[i]
        if tok.ent_type_ in _NOT_IN_ROLE - {"PERSON"}:
            continue
        # The surname itself may be tagged a noun ("Jobs said"): at a sentence start only before a singular verb.
        exact = tok.text in surnames and (not tok.is_sent_start or _singular_verb_follows(tok))
        if not exact and _inside_longer_name(tok):
            continue  # "the Joint Strike Fighter" is no misspelt "Strauss"
        if exact or (tok.pos_ == "PROPN" and any(surnames_similar(tok.text, s, config) for s in surnames)):
            out.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
    return out


def _relabel(span: Span, t: Tables) -> Span:
    """Fix spaCy slips: a title swallowed into a name, an organisation tagged PERSON, a flight number's "Flight".

    "Spokeswoman Sandy Angers" (tagged ORG) is the person "Sandy Angers" after a
    title; "Douglas Aircraft" (tagged PERSON) holds a word only organisations have.
    """
    if span.label_ == "ORG" and len(span) > 1 and span[-1].lower_ in t.numbered_words:
        span = Span(span.doc, span.start, span.end - 1, label="ORG")  # "Air France Flight" 447
    words = {tok.lower_ for tok in span}
    if span.label_ == "PERSON" and words & t.organisation_words:
        return Span(span.doc, span.start, span.end, label="ORG")
    first, rest = span[0], span[1:]
    if (
        span.label_ in ("ORG", "PERSON")
        and first.pos_ == "NOUN"
        and first.lower_ in t.role_words
        and len(rest) >= 2
        and all(tok.is_title and tok.is_alpha for tok in rest)
        and not words & t.organisation_words
        and _key(span.text) not in t.organisations
    ):
        return Span(span.doc, rest.start, rest.end, label="PERSON")
    return span


def is_product(span: Span, t: Tables) -> bool:
    """A product or a stock index, not a name: "Airbus A380", "Boeing 737s", "iPod", "the FTSE 100"."""
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    codes = [tok for tok in span[1:]] + ([following] if following is not None and not following.is_punct else [])
    if any(t.model_code.match(tok.text) and doc[tok.i - 1].lower_ not in t.numbered_words for tok in codes):
        return True
    if any(p.match(span.text) for p in t.product_names):
        return True
    words = _key(span.text).split()
    return any(" ".join(words[:n]) in t.market_indices for n in range(1, len(words) + 1))


def is_title_part(span: Span, t: Tables) -> bool:
    """An office's words tagged as an organisation: "State" in "Secretary of State", "Defense" in "Defense
    Minister", "British Armed Forces" in "British Armed Forces Minister" (nationality words and "the" aside)."""
    words = [tok.lower_ for tok in span if tok.lower_ not in t.demonyms and tok.lower_ != "the"]
    if not words or " ".join(words) not in t.title_words:
        return False
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in t.role_words:
        return True
    # Back over "of", "for", "the" and other office words: "Minister of State for the Armed Forces".
    title_tokens = {w for phrase in t.title_words for w in phrase.split()}
    i, joined = span.start - 1, False
    while i >= max(span.start - 8, 0):
        word = doc[i].lower_
        if word in t.role_words:
            return joined
        if word in ("of", "for"):
            joined = True
        elif word not in title_tokens and word not in ("the", "and"):
            return False
        i -= 1
    return False


def _candidate_kind(span: Span, key: str, t: Tables, surnames: set[str]) -> Kind | None:
    """The kind of a name within its article: aliases first, then a surname of the article, then spaCy's label."""
    if key in t.organisations:
        return "organisation"
    if key in t.places:
        return "place"
    if span.label_ == "NORP":
        return None  # religions, political groups, nationalities without a country entry
    if span.text in surnames:
        return "person"  # "Heappey" tagged ORG, "Henderson" tagged as a gazetteer city
    return _LABEL_KINDS[span.label_]


def entity_candidates(doc: Doc, *, article: Article, config: EntitiesConfig) -> list[Mention]:
    """People, places, organisations and roles of one article.

    Each name keeps spaCy's label in ``extra`` (("label", "PERSON")), and
    ("gazetteer", "1") when the gazetteer lists it as a place, for the
    event-level vote. A bare surname takes the article's full name as value.
    """
    t = tables(config)
    gazetteer = _gazetteer_keys(doc)
    ents = doc.ents
    spans = [s for e in ents if e.label_ in _LABEL_KINDS if (s := _trim(e)) is not None]
    spans = [s for s in spans if s.text not in t.stoplist and any(c.isalpha() for c in s.text)]
    spans = [_relabel(s, t) for s in spans]
    full_names = [name for s in spans if s.label_ == "PERSON" and len((name := person_name(s.text, t)).split()) > 1]
    surnames = {name.split()[-1] for name in full_names}
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans += _sound_alike_tokens(doc, taken, surnames, config)

    out: list[Mention] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        key = _key(span.text)
        label = span.label_
        extra: tuple[tuple[str, str], ...] = (("label", label),)
        if key in gazetteer:
            extra += (("gazetteer", "1"),)
        kind = _candidate_kind(span, key, t, surnames)
        if kind is None or (kind != "place" and is_product(span, t)):
            continue
        if kind == "organisation":
            if is_title_part(span, t):
                continue
            span, value = _extend_organisation(span, t, ents)
            out.append(make_mention(article, span, kind="organisation", value=value, extra=extra))
            continue
        if kind == "place":
            out.append(make_mention(article, span, kind="place", value=place_value(span.text, t), extra=extra))
            continue
        written = person_name(span.text, t)
        full = written if len(written.split()) > 1 else match_full_name(written, full_names, config) or written
        out.append(make_mention(article, span, kind=kind, value=full, extra=(*extra, ("written", written))))
        for found in (
            _role_left(doc, span, t, config.max_role_tokens),
            _role_right(doc, span, t, config.max_role_tokens),
        ):
            if found is None:
                continue
            start, end, qualifier = found
            role_tokens = doc[start:end]
            whole = doc[min(start, span.start) : max(end, span.end)]
            out.append(
                make_mention(
                    article,
                    whole,
                    kind="role",
                    value=role_value(list(role_tokens), t),
                    unit=full,
                    qualifier=qualifier,
                    anchor=span.root,
                    extra=(("person", written), ("role_text", role_tokens.text)),
                )
            )
    return out


# ---------------------------------------------------------------- per event


def _extra(mention: Mention, key: str) -> str:
    return next((v for k, v in mention.extra if k == key), "")


def _set_extra(mention: Mention, key: str, value: str) -> tuple[tuple[str, str], ...]:
    return (*((k, v) for k, v in mention.extra if k != key), (key, value))


def _vote_key(mention: Mention, t: Tables) -> str:
    return _key(person_name(mention.text, t) if mention.kind == "person" else mention.text)


def vote_kinds(mentions: Sequence[Mention], config: EntitiesConfig) -> list[Kind]:
    """The kind of each name after voting across the event's mentions of the same string.

    Each mention votes its own kind (1); a mention the gazetteer lists as a
    place also votes ``place_votes`` for place, and one that is the surname of
    a full person name in the event votes ``name_votes`` for person. Ties keep
    each mention's own kind, and so do aliases and country names.
    """
    t = tables(config)
    full_names = [person_name(m.text, t).split() for m in mentions if m.kind == "person"]
    surnames = {words[-1].lower() for words in full_names if len(words) > 1}
    votes: dict[str, Counter[Kind]] = defaultdict(Counter)
    for m in mentions:
        key = _vote_key(m, t)
        counter = votes[key]
        counter[m.kind] += 1
        if _extra(m, "gazetteer"):
            counter["place"] += config.place_votes
        if key in surnames:
            counter["person"] += config.name_votes
    kinds: list[Kind] = []
    for m in mentions:
        key = _vote_key(m, t)
        if key in t.places or key in t.organisations:
            kinds.append(m.kind)  # aliases and country names already decided the kind
            continue
        ranked = votes[key].most_common()
        top = ranked[0]
        tie = len(ranked) > 1 and ranked[1][1] == top[1]
        kinds.append(m.kind if tie else top[0])
    return kinds


@dataclass(frozen=True, slots=True)
class PersonIndex:
    """Full names per article, their clusters across the event, and each cluster's canonical spelling."""

    by_source: dict[str, list[str]]
    canonical: dict[str, str]  # full spelling → cluster canonical


def person_index(people: Sequence[Mention], config: EntitiesConfig) -> PersonIndex:
    """Cluster the event's full names: first names agree and surnames are similar.

    The canonical name of a cluster is its most frequent full spelling, counting
    the bare surnames each article resolves to it.
    """
    t = tables(config)
    by_source: dict[str, list[str]] = defaultdict(list)
    for m in people:
        name = person_name(m.text, t)
        if len(name.split()) > 1 and name not in by_source[m.source]:
            by_source[m.source].append(name)
    counts: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    for m in people:
        name = person_name(m.text, t)
        full = name if len(name.split()) > 1 else match_full_name(name, by_source[m.source], config)
        if full:
            counts[full] += 1
            sources[full].add(m.source)
    names = sorted(counts)
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if same_person(a, b, config):
                parent[find(a)] = find(b)
    clusters: dict[str, list[str]] = defaultdict(list)
    for n in names:
        clusters[find(n)].append(n)
    canonical: dict[str, str] = {}
    for members in clusters.values():
        best = min(members, key=lambda n: (-counts[n], -len(sources[n]), n))
        canonical.update((n, best) for n in members)
    return PersonIndex(dict(by_source), canonical)


def _resolve_name(source: str, name: str, index: PersonIndex, config: EntitiesConfig) -> tuple[str, str]:
    """(value as spelled in ``source``, cluster canonical) of a name written in article ``source``."""
    if len(name.split()) > 1:
        return name, index.canonical.get(name, name)
    full = match_full_name(name, index.by_source.get(source, []), config)
    if full:
        return full, index.canonical.get(full, full)
    full = match_full_name(name, index.canonical, config)
    if full:
        return index.canonical[full], index.canonical[full]
    return name, name


def resolve_entities(mentions: list[Mention], *, config: EntitiesConfig) -> list[Mention]:
    """Vote kinds across the event, canonicalise places and organisations, cluster people, name roles' people."""
    t = tables(config)
    names = [m for m in mentions if m.kind in _NAME_KINDS]
    roles = [m for m in mentions if m.kind == "role"]
    others = [m for m in mentions if m.kind not in _NAME_KINDS and m.kind != "role"]

    voted: list[Mention] = []
    for m, kind in zip(names, vote_kinds(names, config), strict=True):
        if kind == m.kind:
            voted.append(m)
        elif kind == "place":
            voted.append(replace(m, kind="place", value=place_value(m.text, t)))
        elif kind == "organisation":
            voted.append(replace(m, kind="organisation", value=organisation_value(m.text, t)))
        else:
            voted.append(replace(m, kind="person", value=person_name(m.text, t)))
    people = [m for m in voted if m.kind == "person"]
    index = person_index(people, config)

    out = [*others, *(m for m in voted if m.kind != "person")]
    organisations = {_key(m.text) for m in names if m.kind == "organisation" or _extra(m, "label") == "ORG"}
    persons_at: set[tuple[str, int, int]] = set()
    for m in people:
        value, cluster = _resolve_name(m.source, person_name(m.text, t), index, config)
        if config.drop_lone_names and len(value.split()) == 1:
            # A lone word no full name of the event explains: a product ("Tiger", "iPod") or a company.
            if _key(m.text) in organisations:
                out.append(replace(m, kind="organisation", value=organisation_value(m.text, t)))
            continue
        persons_at.add((m.source, m.start, m.end))
        out.append(replace(m, value=value, extra=_set_extra(m, "person_cluster", cluster)))
    for r in roles:
        # A role whose "person" was voted a place ("President Mali") is no role.
        written = _extra(r, "person") or r.unit
        if not any(src == r.source and s >= r.start and e <= r.end for src, s, e in persons_at):
            continue
        _, cluster = _resolve_name(r.source, r.unit if len(r.unit.split()) > 1 else written, index, config)
        out.append(replace(r, unit=cluster))
    if config.extend_short_names:
        out = _extend_short_names(out, t, config.extend_place_min_words)
    return out


def _extend_short_names(mentions: list[Mention], t: Tables, min_place_words: int) -> list[Mention]:
    """Give places and organisations the one longer name of the event their name begins (see ``longer_names``)."""
    out = mentions
    for kind in ("place", "organisation"):
        values = (m.value for m in out if m.kind == kind)
        mapping = longer_names(values, t, kind=kind, min_place_words=min_place_words)  # type: ignore[arg-type]
        if mapping:
            out = [replace(m, value=mapping[m.value]) if m.kind == kind and m.value in mapping else m for m in out]
    return out
