"""Helpers shared by the extractors: building a :class:`Mention` from a span and its context."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection
from functools import wraps
from typing import TypeVar

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, SHAPE
from spacy.tokens import Doc, Span, Token

from ..records import Article, Kind, Mention

_VERB_POS = {"VERB", "AUX"}

C = TypeVar("C")
T = TypeVar("T")


def per_config(build: Callable[[C], T]) -> Callable[[C], T]:
    """Cache ``build(config)`` for the last few config objects.

    Config sections are unhashable (they hold lists), and a worker receives a
    fresh copy with every task, so entries are keyed by identity and few are kept.
    """
    cache: OrderedDict[int, tuple[C, T]] = OrderedDict()

    @wraps(build)
    def get(config: C) -> T:
        hit = cache.get(id(config))
        if hit is not None and hit[0] is config:
            return hit[1]
        value = build(config)
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


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per doc (spaCy builds a new ``Span`` for every entity on each access)."""
    ents = doc.user_data.get("pipeline_ents")
    if ents is None:
        ents = doc.user_data["pipeline_ents"] = doc.ents
    return ents  # type: ignore[no-any-return]


def tokens_with(doc: Doc, words: Collection[str] = (), *, digits: bool = False, like_num: bool = False) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``words``, that hold a digit (``digits``) or that
    look like a number (``like_num``), in order.

    One pass over spaCy's token arrays: a scan for rare tokens need not build a ``Token`` for every word.
    """
    table = doc.to_array([LOWER, SHAPE, LIKE_NUM])
    if not len(table):
        return []
    strings = doc.vocab.strings
    mask = np.isin(table[:, 0], np.array([strings[w] for w in words], dtype=np.uint64))
    if digits:
        shapes = [h for h in np.unique(table[:, 1]).tolist() if "d" in strings[h]]
        mask |= np.isin(table[:, 1], np.array(shapes, dtype=np.uint64))
    if like_num:
        mask |= table[:, 2] == 1
    return mask.nonzero()[0].tolist()


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the dependency tree (itself if it is one)."""
    node = token
    for _ in range(64):  # parse trees are shallow; the bound guards against cycles
        if node.pos_ in _VERB_POS and node.dep_ != "aux":
            return node
        head = node.head
        if head.i == node.i:  # the root (spaCy builds a new Token on every access: compare positions)
            return None
        node = head
    return None


def verb_subject(verb: Token | None) -> Token | None:
    """The nominal subject of ``verb`` (following conjunctions and ``xcomp`` up to their head).

    Remembered per doc by the verb's position: a mention and its frame ask it of the same verbs, and reading
    a token's children builds a ``Token`` for each.
    """
    if verb is None:
        return None
    doc = verb.doc
    known: dict[int, int] = doc.user_data.setdefault("pipeline_subjects", {})
    found = known.get(verb.i)
    if found is None:
        subject = _verb_subject(verb)
        found = known[verb.i] = -1 if subject is None else subject.i
    return None if found < 0 else doc[found]


def _verb_subject(verb: Token) -> Token | None:
    node = verb
    for _ in range(8):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if node.dep_ in ("conj", "xcomp", "ccomp", "advcl"):  # never the root
            node = node.head
        else:
            return None
    return None


def subject_text(subject: Token | None) -> str:
    """The subject as its named entity's text when it is inside one, else its lemma."""
    if subject is None:
        return ""
    if subject.ent_type_:
        # Walk the token's own entity (IOB tags) instead of building every entity span of the doc.
        doc = subject.doc
        start = subject.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = subject.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc_text(doc)[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])]
    return subject.lemma_.lower()


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
    sent = span.sent
    from .frames import frame_of  # frames builds on the helpers above

    head = anchor if anchor is not None else span.root
    verb = governing_verb(head)
    subject = verb_subject(verb)
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
        sentence=" ".join(article.text[sent.start_char : sent.end_char].split()),
        sent_start=sent.start_char,
        sent_end=sent.end_char,
        verb=verb.lemma_.lower() if verb is not None else "",
        subject=subject_text(subject),
        frame=frame_of(head),
        **details,  # type: ignore[arg-type]
    )
