"""Helpers shared by the extractors: building a :class:`Mention` from a span and its context."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from itertools import pairwise
from typing import TypeVar

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Span, Token

from ..records import Article, Frame, Kind, Mention

C = TypeVar("C")
T = TypeVar("T")


def per_config(build: Callable[[C], T]) -> Callable[[C], T]:
    """Cache ``build(config)`` for the last few config objects.

    Config sections are unhashable (they hold lists), and a worker receives a fresh copy with every task, so
    entries are keyed by identity and few are kept. A pydantic section is also keyed by its content (its JSON,
    taken once per object): the next task's equal copy gets the same value, and what the value remembers (the
    words a worker has tested, see :class:`~pipeline.extract.string_tests.StringTests`) is not lost with every task. ``build`` must be a
    function of the section's content.
    """
    cache: OrderedDict[int, tuple[C, T]] = OrderedDict()
    by_content: OrderedDict[tuple[type, str], T] = OrderedDict()

    @wraps(build)
    def get(config: C) -> T:
        hit = cache.get(id(config))
        if hit is not None and hit[0] is config:
            return hit[1]
        dump = getattr(config, "model_dump_json", None)
        content = (type(config), dump()) if callable(dump) else None
        if content is not None and content in by_content:
            value = by_content[content]
        else:
            value = build(config)
            if content is not None:
                by_content[content] = value
                if len(by_content) > 4:
                    by_content.popitem(last=False)
        cache[id(config)] = (config, value)
        if len(cache) > 4:
            cache.popitem(last=False)
        return value

    return get


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins every token's text on each access)."""
    text = doc.user_data.get("pipeline_text")
    if text is None:
        text = doc.user_data["pipeline_text"] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text`` as a slice of the doc's text (spaCy joins the span's tokens on each access)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per doc (spaCy builds a new ``Span`` for every entity on each access)."""
    ents = doc.user_data.get("pipeline_ents")
    if ents is None:
        ents = doc.user_data["pipeline_ents"] = doc.ents
    return ents  # type: ignore[no-any-return]


_PARSE_ATTRS = (HEAD, DEP, POS, ORTH, LEMMA, ENT_TYPE, ENT_IOB, IDX, LENGTH, LOWER)


class Parse:
    """A doc's parse as columns of ints, built once per doc (one ``to_array`` call).

    Reading ``token.head``, ``token.dep_`` or ``token.children`` builds a new ``Token`` (and a string) every
    time; the climbs of :func:`governing_verb`, :func:`verb_subject` and the frames read these columns instead.
    Labels are compared as string-store ids (``ids``); ``text`` and ``lemma`` give a token's strings.
    """

    __slots__ = (
        "_arrays",
        "_columns",
        "_kid_starts",
        "_kids",
        "_sentences",
        "_strings",
        "_table",
        "bits",
        "dep",
        "doc",
        "ent",
        "found",
        "frames",
        "has_sents",
        "head",
        "idx",
        "iob",
        "lemma_id",
        "length",
        "lower_id",
        "n",
        "orth",
        "pos",
        "predicates",
        "sent_bounds",
        "subjects",
    )

    def __init__(self, doc: Doc) -> None:
        table = doc.to_array(list(_PARSE_ATTRS))
        n = self.n = len(table)
        self.doc = doc
        self._strings = doc.vocab.strings
        # One column per attribute, read through memoryviews (indexing one gives a plain int, and no list is built).
        columns = np.ascontiguousarray(table.T)
        columns[0] = (columns[0].view(np.int64) + np.arange(n, dtype=np.int64)).view(np.uint64)  # HEAD: offset
        self._table = columns
        self.head: memoryview = memoryview(columns[0].view(np.int64))
        self.dep, self.pos, self.orth, self.lemma_id, self.ent, self.iob, self.idx, self.length, self.lower_id = (
            memoryview(columns[k]) for k in range(1, len(_PARSE_ATTRS))
        )
        self.found: dict[object, list[int]] = {}  # see ``string_tests.tokens_where``
        self.bits: dict[int, tuple[int, np.ndarray]] = {}  # see ``string_tests._token_bits``
        self._columns: dict[int, np.ndarray] = {}
        self._arrays: dict[int, memoryview] = {}
        self._kids: list[int] | None = None
        self._kid_starts: list[int] = []
        self.subjects: dict[int, int] = {}  # verb → its subject (-1: none), see ``verb_subject``
        self.predicates: dict[
            int, tuple[str, str, bool, str, str, tuple[str, ...], str]
        ] = {}  # ``frames._predicate_slots``
        self.frames: dict[int, Frame] = {}  # by head token, see ``make_mention``
        self.sent_bounds: list[int] | None = None
        self.has_sents = doc.has_annotation("SENT_START")
        self._sentences: dict[int, str] = {}

    def text(self, i: int) -> str:
        return self._strings[self.orth[i]]  # type: ignore[no-any-return]

    def column(self, attr: int) -> np.ndarray:
        """The doc's values of a string attribute (``ORTH``, ``LOWER``, ``LEMMA`` ...), once per doc."""
        found = self._columns.get(attr)
        if found is None:
            found = self._table[_PARSE_ATTRS.index(attr)] if attr in _PARSE_ATTRS[1:] else self.doc.to_array(attr)
            self._columns[attr] = found
        return found

    def array(self, attr: int) -> memoryview:
        """The doc's values of another token attribute (``LIKE_NUM``, ``IS_PUNCT``), read once per doc."""
        found = self._arrays.get(attr)
        if found is None:
            found = self._arrays[attr] = memoryview(self.doc.to_array(attr))
        return found

    def lower(self, i: int) -> str:
        return self._strings[self.lower_id[i]]  # type: ignore[no-any-return]

    def lemma(self, i: int) -> str:
        return self._strings[self.lemma_id[i]]  # type: ignore[no-any-return]

    def text_lower(self, i: int) -> str:
        """``text(i).lower()``, each string lowered once per process (:func:`lowered`)."""
        return lowered(self._strings, self.orth[i])

    def lemma_lower(self, i: int) -> str:
        """``lemma(i).lower()``, each string lowered once per process (:func:`lowered`)."""
        return lowered(self._strings, self.lemma_id[i])

    def children(self, i: int) -> list[int]:
        if self._kids is None:
            # Children of token i: tokens whose head is i (not i itself), in order, as spaCy's ``children`` are.
            heads = self._table[0].view(np.int64)
            order = np.argsort(heads, kind="stable")
            order = order[heads[order] != order]  # a root is its own head, not its own child
            self._kids = order.tolist()
            self._kid_starts = np.searchsorted(heads[order], np.arange(self.n + 1)).tolist()
        return self._kids[self._kid_starts[i] : self._kid_starts[i + 1]]

    def bounds(self) -> list[int]:
        """The first token of every sentence, then the doc's length (as ``doc.sents`` cuts it)."""
        bounds = self.sent_bounds
        if bounds is None:
            starts = self.doc.to_array([SENT_START])
            bounds = self.sent_bounds = [0, *(k for k in (starts == 1).nonzero()[0].tolist() if k), self.n]
        return bounds

    def sentences(self) -> list[tuple[int, int]]:
        """(first token, end token) of each sentence, in order: ``doc.sents`` without a ``Span`` for each."""
        bounds = self.bounds()
        return list(pairwise(bounds)) if self.n else []

    def sentence(self, i: int) -> tuple[int, int]:
        """Character offsets of the sentence of token ``i`` (``Span.sent`` of a span starting at ``i``)."""
        bounds = self.bounds()
        k = bisect_right(bounds, i)
        first, end = bounds[k - 1], bounds[k]
        return self.idx[first], self.idx[end - 1] + self.length[end - 1]

    def sentence_text(self, text: str, start: int, end: int) -> str:
        """The sentence between ``start`` and ``end`` (characters) with its whitespace collapsed, once."""
        found = self._sentences.get(start)
        if found is None:
            found = self._sentences[start] = " ".join(text[start:end].split())
        return found


# Lower-case forms of the strings met, by string id (an id is the string's hash: the same in every vocab).
_LOWERED: dict[int, str] = {}


def lowered(strings: StringStore, key: int) -> str:
    """``strings[key].lower()``, remembered by the string's id: the frames lower the same lemmas and words in
    article after article."""
    found = _LOWERED.get(key)
    if found is None:
        found = _LOWERED[key] = strings[key].lower()
    return found


def label_ids(*labels: str) -> frozenset[int]:
    """String-store ids of ``labels`` (the same in every vocab: a spaCy symbol or the string's hash)."""
    return frozenset(get_string_id(label) for label in labels)


VERB_POS = frozenset((POS_IDS["VERB"], POS_IDS["AUX"]))
_AUX = label_ids("aux")
_SUBJECT = label_ids("nsubj", "nsubjpass")
_CLIMB = label_ids("conj", "xcomp", "ccomp", "advcl")


def parse_of(doc: Doc) -> Parse:
    """The doc's :class:`Parse`, built on first use (dropped with the doc's other per-article state)."""
    p = doc.user_data.get("pipeline_parse")
    if p is None:
        p = doc.user_data["pipeline_parse"] = Parse(doc)
    return p  # type: ignore[no-any-return]


def sent_start_char(doc: Doc, i: int) -> int:
    """``doc[i].sent.start_char`` from the parse's sentence bounds (spaCy builds the sentence's ``Span``)."""
    p = parse_of(doc)
    return p.sentence(i)[0] if p.has_sents else doc[i].sent.start_char  # type: ignore[no-any-return]


def sentence_tokens(doc: Doc, i: int) -> tuple[int, int]:
    """(first token, end token) of the sentence of token ``i``: ``doc[i].sent``'s ``start`` and ``end``."""
    p = parse_of(doc)
    if not p.has_sents:
        sent = doc[i].sent
        return sent.start, sent.end
    bounds = p.bounds()
    k = bisect_right(bounds, i)
    return bounds[k - 1], bounds[k]


def verb_at(p: Parse, i: int) -> int:
    """:func:`governing_verb` by position: the nearest verb at or above token ``i``, -1 when none."""
    pos, dep, head = p.pos, p.dep, p.head
    node = i
    for _ in range(64):  # parse trees are shallow; the bound guards against cycles
        if pos[node] in VERB_POS and dep[node] not in _AUX:
            return node
        up = head[node]
        if up == node:  # the root
            return -1
        node = up
    return -1


def subject_at(p: Parse, verb: int) -> int:
    """:func:`verb_subject` by position (-1: no verb or no subject), remembered per doc."""
    if verb < 0:
        return -1
    found = p.subjects.get(verb)
    if found is None:
        found = p.subjects[verb] = _subject_at(p, verb)
    return found


def _subject_at(p: Parse, verb: int) -> int:
    node = verb
    for _ in range(8):
        found = [child for child in p.children(node) if p.dep[child] in _SUBJECT]
        if found:
            return _phrase_head(p, found)
        if p.dep[node] in _CLIMB:  # never the root
            node = p.head[node]
        else:
            return -1
    return -1


def _phrase_head(p: Parse, subjects: list[int]) -> int:
    """The first subject, or a later one it is only a modifier of: "San Diego Chargers wide receiver Vincent
    Jackson was arrested", parsed with two subjects ("Chargers", "Jackson"), is Jackson's arrest (every word
    between them hangs on the words up to Jackson)."""
    pick = subjects[0]
    for later in subjects[1:]:
        if later > pick and all(pick < p.head[k] <= later for k in range(pick + 1, later)):
            pick = later
    return pick


def subject_text_at(p: Parse, i: int) -> str:
    """:func:`subject_text` by position ("" for -1)."""
    if i < 0:
        return ""
    if p.ent[i]:
        # Walk the token's own entity (IOB tags) instead of building every entity span of the doc.
        iob, start, end = p.iob, i, i + 1
        while start > 0 and iob[start] == 1:  # "I"
            start -= 1
        while end < p.n and iob[end] == 1:
            end += 1
        return doc_text(p.doc)[p.idx[start] : p.idx[end - 1] + p.length[end - 1]]
    return p.lemma_lower(i)


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the dependency tree (itself if it is one)."""
    found = verb_at(parse_of(token.doc), token.i)
    return None if found < 0 else token.doc[found]


def verb_subject(verb: Token | None) -> Token | None:
    """The nominal subject of ``verb`` (following conjunctions and ``xcomp`` up to their head).

    Remembered per doc by the verb's position: a mention and its frame ask it of the same verbs.
    """
    if verb is None:
        return None
    found = subject_at(parse_of(verb.doc), verb.i)
    return None if found < 0 else verb.doc[found]


def subject_text(subject: Token | None) -> str:
    """The subject as its named entity's text when it is inside one, else its lemma."""
    if subject is None:
        return ""
    return subject_text_at(parse_of(subject.doc), subject.i)


def make_mention(
    article: Article,
    span: Span,
    *,
    kind: Kind,
    value: str,
    unit: str = "",
    qualifier: str = "",
    start: int | None = None,
    end: int | None = None,
    anchor: Token | None = None,
    **details: str | bool | tuple[str, ...],
) -> Mention:
    """A mention of ``span`` (character offsets may be narrowed with ``start``/``end``).

    ``anchor`` is the token whose governing verb and subject give the context;
    it defaults to the span's root. ``details`` are the kind's own fields of
    :class:`~pipeline.records.Mention` (``high``, ``mod``, ``written`` ...).
    """
    s = span.start_char if start is None else start
    e = span.end_char if end is None else end
    p = parse_of(span.doc)
    if p.has_sents:
        sent_start, sent_end = p.sentence(span.start)
    else:
        sent = span.sent  # raises as spaCy does
        sent_start, sent_end = sent.start_char, sent.end_char
    head = anchor.i if anchor is not None else span.root.i
    verb = frames.main_clause(p, head)  # "married three weeks before he was murdered": the marrying
    if verb < 0:
        verb = frames.participle_of(p, head)  # "99 Mafia members seized on Tuesday": the seizing
    if verb < 0:
        verb = verb_at(p, head)
    frame = p.frames.get(head)  # a person and their role, a count and its noun: one head, one frame
    if frame is None:
        frame = p.frames[head] = frames.frame_at(p, head)
    return Mention(
        event=article.event,
        source=article.source,
        mention_id=f"{article.source}:{kind}:{s}-{e}",
        kind=kind,
        text=article.text[s:e],
        value=value,
        unit=unit,
        qualifier=qualifier,
        start=s,
        end=e,
        sentence=p.sentence_text(article.text, sent_start, sent_end),
        sent_start=sent_start,
        sent_end=sent_end,
        verb=p.lemma_lower(verb) if verb >= 0 else "",
        subject=subject_text_at(p, subject_at(p, verb)),
        frame=frame,
        **details,  # type: ignore[arg-type]
    )


# The frames build on the helpers above (bound now, read when a mention is made: either module may be imported first).
from . import frames  # noqa: E402
