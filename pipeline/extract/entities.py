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

from bisect import bisect_left
from operator import attrgetter

from spacy.attrs import IS_PUNCT, IS_STOP, ORTH
from spacy.tokens import Doc, Span, Token

from ..config import EntitiesConfig
from ..nlp import GAZETTEER_SPANS
from ..records import Article, Kind, Mention
from .common import doc_ents, doc_text, label_ids, make_mention, parse_of, per_config, span_text
from .entity_names import (
    LEADING,
    NAME_PARTICLES,
    POSSESSIVE,
    Tables,
    match_full_name,
    misspelt_surname,
    name_key,
    organisation_value,
    person_name,
    place_value,
    surnames_similar,
    tables,
)
from .entity_roles import NOT_IN_ROLE, PLACE_LABELS, role_copula, role_left, role_right, role_value
from .string_tests import StringTests, tokens_in, tokens_where

_LABEL_KINDS: dict[str, Kind] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "place",
    "ORG": "organisation",
}


_LEADING_IDS, _POSSESSIVE_IDS = label_ids(*LEADING), label_ids(*POSSESSIVE)


def _trim(span: Span) -> Span | None:
    """The span without a leading article, a trailing possessive, anything past a line break, or a person's past
    a lower-case word."""
    doc = span.doc
    start, end = span.start, span.end
    # A line break inside the span is in its text (a token's, or the space between two of its tokens).
    for i in range(start, end) if "\n" in doc_text(doc)[span.start_char : span.end_char] else ():
        if "\n" in doc[i].text or (i < end - 1 and "\n" in doc[i].whitespace_):
            end = i + (0 if "\n" in doc[i].text else 1)
            break
    p = parse_of(doc)
    lower, orth, punct = p.lower_id, p.orth, p.array(IS_PUNCT)
    while start < end and lower[start] in _LEADING_IDS:
        start += 1
    if span.label_ == "PERSON":
        # A lower-case word that is no particle ends a name: "Chris Ivory on Injured Reserve", "Ross doesn't".
        end = next(
            (
                i
                for i in range(start + 1, end)
                if (w := p.text(i)).isalpha() and w.islower() and w not in NAME_PARTICLES
            ),
            end,
        )
    while end > start and (orth[end - 1] in _POSSESSIVE_IDS or punct[end - 1]):
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
    if name_key(span_text(span)) in t.organisations:
        return span, organisation_value(span_text(span), t)
    longer: Span | None = None
    following = bisect_left(ents, span.end, key=attrgetter("start"))
    place = ents[following] if following < len(ents) else None
    if place is not None and place.label_ in PLACE_LABELS and 0 < place.start - span.end <= 2:
        gap = doc[span.end : place.start]
        if gap[0].lower_ in ("in", "of", "for") and all(tok.lower_ in ("in", "of", "for", "the") for tok in gap):
            longer = Span(doc, span.start, place.end, label=span.label_)
    if longer is not None and name_key(span_text(longer)) in t.organisations:
        return longer, organisation_value(span_text(longer), t)
    if longer is not None and (acronym := _acronym_after(doc, longer.end)) is not None:
        return longer, organisation_value(acronym.text, t)
    if (acronym := _acronym_after(doc, span.end)) is not None:
        return span, organisation_value(acronym.text, t)
    return span, organisation_value(span_text(span), t)


def _gazetteer_keys(doc: Doc) -> set[str]:
    return {name_key(span_text(s)) for s in doc.spans[GAZETTEER_SPANS]} if GAZETTEER_SPANS in doc.spans else set()


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


def _title_word(text: str) -> bool:
    """spaCy's ``is_title`` and ``is_alpha`` (``str.istitle``, ``str.isalpha``) and ``len(text) >= 3``."""
    return len(text) >= 3 and text.istitle() and text.isalpha()


_TITLE_WORDS = StringTests(((ORTH, _title_word),))
_NOT_PERSON_ENTS = label_ids(*(NOT_IN_ROLE - {"PERSON"}))


def _sound_alike_tokens(doc: Doc, taken: set[int], surnames: set[str], config: EntitiesConfig) -> list[Span]:
    """Untagged proper nouns that are a (misspelt) surname of the article ("Hebe" next to "James Hebby")."""
    out: list[Span] = []
    if not surnames:
        return out
    # Title-case words of three letters or more (each distinct word tested once) that are not stop words.
    p = parse_of(doc)
    stop, ent = p.array(IS_STOP), p.ent
    similar: dict[str, bool] = {}  # a word → sounds like one of the surnames (asked once per distinct word)
    for i in tokens_where(doc, _TITLE_WORDS):
        if i in taken or stop[i] or ent[i] in _NOT_PERSON_ENTS:
            continue
        tok = doc[i]
        # The surname itself may be tagged a noun ("Jobs said"): at a sentence start only before a singular verb.
        exact = tok.text in surnames and (not tok.is_sent_start or _singular_verb_follows(tok))
        if not exact and _inside_longer_name(tok):
            continue  # "the Joint Strike Fighter" is no misspelt "Strauss"
        # A capitalised noun inside a sentence is a name too: the tagger calls an unknown "Groy" a noun.
        named = tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not tok.is_sent_start)
        if not exact and named:
            if (alike := similar.get(tok.text)) is None:
                alike = similar[tok.text] = any(surnames_similar(tok.text, s, config) for s in surnames)
            exact = alike
        if exact:
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
        and name_key(span_text(span)) not in t.organisations
    ):
        return Span(span.doc, rest.start, rest.end, label="PERSON")
    return span


def _headline(span: Span, lines: dict[tuple[int, int], bool] | None = None) -> bool:
    """Is the span's line in Title Case, every longer word capitalised ("Lindsay Lohan Checks Into Rehab")?

    ``lines`` remembers the answer per line (by its character bounds) across the spans of one doc.
    """
    text = doc_text(span.doc)
    bounds = (text.rfind("\n", 0, span.start_char) + 1, text.find("\n", span.end_char) % (len(text) + 1))
    found = lines.get(bounds) if lines is not None else None
    if found is None:
        line = text[bounds[0] : bounds[1]]
        words = [w for w in (w.strip(".,;:!?\"'()“”‘’") for w in line.split()) if len(w) > 3 and w.isalpha()]
        found = len(words) >= 3 and all(w[0].isupper() for w in words)
        if lines is not None:
            lines[bounds] = found
    return found


def _person_parts(spans: list[Span]) -> list[Span]:
    """PERSON spans without the words spaCy joins to a name where capitals tell nothing.

    A span with no capitalised word is no name ("lesbian host"); a lower-case word glued by a hyphen ends it
    ("Wright-director"). In a headline a span is cut down to the names of the article's body it holds, when
    its other words are in none of them: "Lindsay Lohan Checks Into Rehab" → "Lindsay Lohan", "Obama Reverses
    Bush" → "Obama", "Bush".
    """
    lines: dict[tuple[int, int], bool] = {}
    body = [s for s in spans if s.label_ == "PERSON" and not _headline(s, lines)]
    known = {span_text(s) for s in body} | {s[-1].text for s in body if len(s) > 1}
    body_words = {tok.text for s in body for tok in s}
    out: list[Span] = []
    for span in spans:
        if span.label_ != "PERSON":
            out.append(span)
            continue
        if not any(tok.text[:1].isupper() for tok in span):
            continue
        cut = next((tok.i for tok in span[1:-1] if tok.text == "-" and tok.nbor(1).is_lower), span.end)
        span = Span(span.doc, span.start, cut, label="PERSON")
        parts = _known_parts(span, known, body_words) if len(span) > 1 and _headline(span, lines) else [span]
        out.extend(parts)
    return out


def _known_parts(span: Span, known: set[str], body_words: set[str]) -> list[Span]:
    """The longest runs of ``span`` that are ``known`` names, or the span itself when it is one or when its
    other words are words of those names."""
    if span_text(span) in known:
        return [span]
    doc, parts, i = span.doc, [], span.start
    while i < span.end:
        j = next((j for j in range(span.end, i, -1) if doc[i:j].text in known), None)
        if j is None:
            if doc[i].text in body_words:
                return [span]
            i += 1
            continue
        parts.append(Span(doc, i, j, label="PERSON"))
        i = j
    return parts or [span]


@per_config
def _model_code_tests(t: Tables) -> StringTests:
    return StringTests(((ORTH, lambda text: t.model_code.match(text) is not None),))


def is_product(span: Span, t: Tables) -> bool:
    """A product or a stock index, not a name: "Airbus A380", "Boeing 737s", "iPod", "the FTSE 100"."""
    doc = span.doc
    parse = parse_of(doc)
    # A model code after the name's first word or right after the name (a code is never punctuation).
    for k in tokens_in(tokens_where(doc, _model_code_tests(t)), span.start + 1, span.end + 1):
        if parse.lower(k - 1) not in t.numbered_words:
            return True
    text = span_text(span)
    for pattern in t.product_names:
        if pattern.match(text):
            return True
    return starts_with_index(name_key(text).split(), t)


def is_owned(span: Span) -> bool:
    """A name someone owns, so no place: "speeding in his Bentley", "her Jaguar". A place is owned only as
    somebody's home ("his native Maryland"), which a modifier says."""
    root = span.root
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in root.children) and not any(
        c.dep_ == "amod" for c in root.children
    )


def starts_with_index(words: list[str], t: Tables) -> bool:
    """Do the first words spell a market index ("ftse 100 index")? Every index they could spell starts with the
    first of them: the joins are tried only when it is an index's first word."""
    if not words or words[0] not in _index_first_words(t):
        return False
    return any(" ".join(words[:n]) in t.market_indices for n in range(1, len(words) + 1))


@per_config
def _index_first_words(t: Tables) -> frozenset[str]:
    """The first words of the market indices ("ftse" of "ftse 100")."""
    return frozenset(index.split(" ")[0] for index in t.market_indices)


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
    if span.label_ in ("ORG", "NORP", "GPE") and len(span) == 1 and misspelt_surname(span.text, surnames):
        return "person"  # a surname one letter off the article's, taken for something else: "Tammons" (NORP)
    if span.label_ == "NORP":
        return None  # religions, political groups, nationalities without a country entry
    if span_text(span) in surnames:
        return "person"  # "Heappey" tagged ORG, "Henderson" tagged as a gazetteer city
    return _LABEL_KINDS[span.label_]


def entity_candidates(doc: Doc, *, article: Article, config: EntitiesConfig) -> list[Mention]:
    """People, places, organisations and roles of one article.

    Each name keeps spaCy's ``label`` ("PERSON"), and ``gazetteer`` when the
    gazetteer lists it as a place, for the event-level vote. A bare surname takes the article's full name as value.
    """
    t = tables(config)
    gazetteer = _gazetteer_keys(doc)
    ents = doc_ents(doc)
    spans = [s for e in ents if e.label_ in _LABEL_KINDS if (s := _trim(e)) is not None]
    spans = [s for s in spans if span_text(s) not in t.stoplist and any(c.isalpha() for c in span_text(s))]
    spans = [_relabel(s, t) for s in spans]
    spans = _person_parts(spans)
    full_names = [
        name for s in spans if s.label_ == "PERSON" and len((name := person_name(span_text(s), t)).split()) > 1
    ]
    surnames = {name.split()[-1] for name in full_names}
    taken = {i for s in spans for i in range(s.start, s.end)}
    spans += _sound_alike_tokens(doc, taken, surnames, config)

    out: list[Mention] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        key = name_key(span_text(span))
        label = span.label_
        listed = key in gazetteer
        kind = _candidate_kind(span, key, t, surnames)
        if kind is None or (kind != "place" and is_product(span, t)):
            continue
        if kind == "organisation":
            if is_title_part(span, t):
                continue
            span, value = _extend_organisation(span, t, ents)
            out.append(make_mention(article, span, kind="organisation", value=value, label=label, gazetteer=listed))
            continue
        if kind == "place":
            if is_owned(span):
                continue
            out.append(
                make_mention(
                    article, span, kind="place", value=place_value(span_text(span), t), label=label, gazetteer=listed
                )
            )
            continue
        written = person_name(span_text(span), t)
        full = written if len(written.split()) > 1 else match_full_name(written, full_names, config) or written
        out.append(make_mention(article, span, kind=kind, value=full, label=label, gazetteer=listed, written=written))
        for found in (
            role_left(doc, span, t, config.max_role_tokens),
            role_right(doc, span, t, config.max_role_tokens),
            role_copula(doc, span, t, config.max_role_tokens),
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
                    person=written,
                    role_text=span_text(role_tokens),
                )
            )
    return out
