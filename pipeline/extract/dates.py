"""Dates: spaCy DATE/TIME spans (plus a weekday and reference-word fallback) normalised to TIMEX3 values.

``value`` keeps the expression's own granularity and ``unit`` names it: "day" (2022-11-14), "week"
(2022-W46, 2022-W46-WE), "month" (2020-12), "quarter" (2022-Q3), "half" (2009-H1), "season"
(2021-SU), "year" (2020), "decade" (199), "century" (20), "duration" (P3Y, PT5H, PXY), "set" (P1Y for "annual"),
"reference" (PRESENT_REF, PAST_REF, FUTURE_REF) and "unresolved" (value "": a relative expression
in an article without a publication date). ``qualifier`` is "since", "before", "until", "after",
"approx" or ""; the TIMEX3 mod goes to ``mod``: "early"/"mid"/"late" → START/MID/END,
"more than"/"at least" → MORE_THAN/EQUAL_OR_MORE...; the end of a range ("between 2014 and 2016") to
``until`` ("2016").

Decisions:

- The anchor is ``article.published``, never the wall clock.
- A bare weekday, month, month-day, quarter or season is the most recent one starting on or before
  publication; it is the next one instead when the expression says "next"/"coming" or the governing
  verb is future: it has an auxiliary in ``future_aux`` ("will leave in January") or it, or a verb
  it is the ``xcomp``/``advcl`` of, is in ``future_verbs`` ("is expected to close in March"); a
  month-day up to ``future_window_days`` after publication is the coming one ("held on June 1").
- "last <weekday>" / "last <month>" is the most recent one strictly before publication; "last
  week/month/quarter/year" the previous calendar one; "last <season>" that season a year earlier.
- "N units ago" is a date at the unit's granularity; "N units" (also "the past/next N units") is
  a duration, "nine months after" a duration qualified "after".
- Words for "now", "recently", "soon" (``references``) give TIMEX3 reference values; times of day
  ("this morning", "16:00 GMT") are skipped; ages ("60-year-old", "aged 56", "49") are not dates;
  expressions no rule or dateparser resolves are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import pairwise

from spacy.attrs import LIKE_NUM
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..config import DatesConfig
from ..records import Article, Mention
from .common import Parse, doc_ents, label_ids, make_mention, parse_of, per_config, span_text, verb_at
from .date_normalise import normalise_date
from .date_words import RELATIVE_WORDS, WEEKDAYS, Lexicon, Resolved, build_lexicon, unit_word
from .string_tests import tokens_with

# Date-like tokens the model tags as numbers: ISO and numeric dates, decades, "'82".
_FALLBACK_TOKEN_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|(?:1[89]|20)?\d0s|'\d0s|'\d\d")
# Entity labels a date-like token may wrongly carry and still be taken by the fallback.
_NUMERIC_LABEL_IDS = frozenset({0, *label_ids("CARDINAL", "QUANTITY", "ORDINAL")})  # "" is id 0
_AUX = get_string_id("aux")
_NOUN = POS_IDS["NOUN"]
_CLAUSES = label_ids("xcomp", "advcl")
# The lexicon is built once per config, not per article.
_lexicon = per_config(build_lexicon)


def _is_future(span: Span, lex: Lexicon) -> bool:
    """The governing verb (or one it is the xcomp/advcl of) is future: "will leave", "is expected to close"."""
    p = parse_of(span.doc)
    node = verb_at(p, span.root.i)
    for _ in range(4):
        if node < 0:
            return False
        if p.lemma(node).lower() in lex.future_verbs or p.lower(node) in lex.future_aux:
            return True
        for c in p.children(node):
            if p.dep[c] == _AUX and (p.lower(c) in lex.future_aux or p.lemma(c) in lex.future_aux):
                return True
        if p.dep[node] not in _CLAUSES:  # never the root
            return False
        node = p.head[node]
    return False


def _leading_qualifier(doc: Doc, start: int, lex: Lexicon) -> int:
    """Token index where a qualifier phrase just before ``start`` begins ("since 2012"), else ``start``.

    A relative word the model left out ("this" of "this year's") is taken in first.
    """
    p = parse_of(doc)
    while start > 0 and p.lower(start - 1) in RELATIVE_WORDS and not p.ent[start - 1]:
        start -= 1
    longest, by_last = _qualifiers_by_last_word(lex)
    candidates = by_last.get(p.lower(start - 1) if start > 0 else None, by_last[None])
    if not candidates:
        return start
    before = tuple(p.lower(k) for k in range(max(0, start - longest), start))
    for phrase in candidates:
        if len(phrase) <= len(before) and before[len(before) - len(phrase) :] == phrase:
            return start - len(phrase)
    return start


@per_config
def _qualifiers_by_last_word(lex: Lexicon) -> tuple[int, dict[str | None, tuple[tuple[str, ...], ...]]]:
    """The longest qualifier phrase's length, and by a word the phrases that can end with it, in the lexicon's order
    (which decides between them). An empty phrase ends with any word: under ``None`` alone, the default."""
    ordered = [phrase for phrase, _ in lex.qualifiers]
    by_last: dict[str | None, tuple[tuple[str, ...], ...]] = {
        word: tuple(phrase for phrase in ordered if not phrase or phrase[-1] == word)
        for word in {phrase[-1] for phrase in ordered if phrase}
    }
    by_last[None] = tuple(phrase for phrase in ordered if not phrase)
    return max(map(len, ordered), default=0), by_last


def _is_age(span: Span, lex: Lexicon) -> bool:
    """ "aged 56", "the age of 56", "49" (a bare small number after a name)."""
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return (prev is not None and prev.lower_ in lex.age) or bool(_SMALL_NUMBER.fullmatch(span_text(span).strip()))


_SMALL_NUMBER = re.compile(r"\d{1,3}")


def _phrase_end(doc: Doc, i: int, phrase: tuple[str, ...]) -> int:
    """End of ``phrase`` if the words from token ``i`` spell it (hyphen tokens skipped), else 0."""
    p = parse_of(doc)
    j = 0
    for k in range(i, min(p.n, i + 2 * len(phrase))):
        word = p.lower(k)
        if word == "-" and j:
            continue
        if word != phrase[j]:
            return 0
        j += 1
        if j == len(phrase):
            return k + 1
    return 0


@per_config
def _phrases_by_first_word(lex: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({*lex.references, *lex.sets}, key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


@per_config
def _fallback_words(lex: Lexicon) -> frozenset[str]:
    """The words a fallback span may start with (besides numbers): weekdays and first words of phrases."""
    return frozenset({*WEEKDAYS, *_phrases_by_first_word(lex)})


def _fallback_spans(doc: Doc, lex: Lexicon, taken: set[int]) -> Iterator[Span]:
    """Weekdays, numeric dates, "two weeks" and reference words ("currently") the model did not tag."""
    by_first = _phrases_by_first_word(lex)
    p = parse_of(doc)
    end = 0  # tokens before ``end`` are inside a span already found
    for i in tokens_with(doc, _fallback_words(lex), digits=True, like_num=True):
        if i < end or i in taken or p.ent[i] not in _NUMERIC_LABEL_IDS:
            continue
        text = p.text(i)
        if _FALLBACK_TOKEN_RE.fullmatch(text):
            yield doc[i : i + 1]
            end = i + 1
            continue
        unit_at = _number_unit_end(doc, i, lex)
        if unit_at and not taken.intersection(range(i, unit_at)):
            yield doc[i:unit_at]
            end = unit_at
            continue
        if p.ent[i]:
            continue
        lower = p.lower(i)
        if lower in WEEKDAYS and text[:1].isupper():
            yield doc[i : i + 1]
            end = i + 1
            continue
        phrases = by_first.get(lower, ())
        second = _next_word(p, i) if phrases else ""
        for phrase in phrases:
            if len(phrase) > 1 and phrase[1] != second:
                continue  # the second word is no hyphen's: :func:`_phrase_end` would find nothing
            phrase_end = _phrase_end(doc, i, phrase)
            if phrase_end and not taken.intersection(range(i, phrase_end)):
                if phrase in lex.references and not _adverbial_reference(doc[i:phrase_end]):
                    continue
                yield doc[i:phrase_end]
                end = phrase_end
                break


def _next_word(p: Parse, i: int) -> str | None:
    """The lower-case form of the first token after ``i`` that is no "-" (``None`` at the doc's end): the second
    word of any phrase :func:`_phrase_end` finds at ``i``."""
    k = i + 1
    while k < p.n and p.lower(k) == "-":
        k += 1
    return p.lower(k) if k < p.n else None


def _number_unit_end(doc: Doc, i: int, lex: Lexicon) -> int:
    """End of "two weeks", "two and a half years" starting at a number token ``i``; 0 when none."""
    p = parse_of(doc)
    like_num, n = p.array(LIKE_NUM), p.n
    if not like_num[i] or (i > 0 and like_num[i - 1]):
        return 0
    j = i
    while j < n and j - i < 6 and (like_num[j] or p.lower(j) in ("and", "a", "half", "-")):
        j += 1
    while j < n and p.lower(j) in lex.fillers:
        j += 1
    if j < n and unit_word(p.lower(j)) and p.pos[j] == _NOUN:
        return j + 1
    return 0


def _adverbial_reference(span: Span) -> bool:
    """A reference word used as a time expression, not "the current account" or "a recent Apple".

    Kept: multi-word phrases ("the time being"), adverbs, and adjectives/nouns not attached to a named entity.
    """
    if len([t for t in span if t.text != "-"]) > 1:
        return True
    root = span.root
    if root.pos_ == "ADV":
        return True
    if root.pos_ in ("ADJ", "NOUN"):
        return not root.head.ent_type_
    return False


def _resolve_span(span: Span, published: date | None, lex: Lexicon) -> list[tuple[Span, Resolved, Span]]:
    """(span, value, span widened by a leading qualifier) for a candidate; a candidate that does
    not resolve as a whole is tried piece by piece between commas ("June 17, two days")."""
    if _is_age(span, lex):
        return []
    doc = span.doc
    widened = doc[_leading_qualifier(doc, span.start, lex) : span.end]
    resolved = _normalised(span_text(widened), published, _is_future(span, lex), lex)
    if resolved is not None:
        return [(span, resolved, widened)]
    commas = [t.i for t in span if t.text == ","]
    if not commas:
        return []
    bounds = [span.start, *commas, span.end]
    out: list[tuple[Span, Resolved, Span]] = []
    for a, b in pairwise(bounds):
        part = doc[a + (a != span.start) : b]
        if len(part):
            out += _resolve_span(part, published, lex)
    return out


@per_config
def _normalised_memo(lex: Lexicon) -> dict[tuple[str, date | None, bool], Resolved | None]:
    return {}


def _normalised(text: str, published: date | None, future: bool, lex: Lexicon) -> Resolved | None:
    """:func:`normalise_date`, remembered per lexicon (a pure function: outlets repeat "Monday", "last year")."""
    memo = _normalised_memo(lex)
    key = (text, published, future)
    if key not in memo:
        if len(memo) >= 8192:
            memo.clear()
        memo[key] = normalise_date(text, published, future=future, lex=lex)
    return memo[key]


def _trim(span: Span) -> Span:
    """``span`` without trailing conjunctions, punctuation and spaces ("the 70s and"), with a decade's "'s"."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].pos_ in ("CCONJ", "PUNCT", "SPACE"):
        end -= 1
    doc = span.doc
    if (
        end < len(doc)
        and doc[end].text in ("'s", "’s")
        and doc[end - 1].text.isdigit()
        and doc[end - 1].text.endswith("0")
    ):
        end += 1  # "the 1930's": a decade the tokenizer split from its "'s"
    return doc[span.start : end]


def _candidates(doc: Doc, lex: Lexicon) -> list[Span]:
    spans = [_trim(e) for e in doc_ents(doc) if e.label_ in ("DATE", "TIME")]
    taken = {i for e in spans for i in range(e.start, e.end)}
    spans += list(_fallback_spans(doc, lex, taken))
    return sorted(spans, key=lambda s: s.start)


def extract_dates(doc: Doc, *, article: Article, config: DatesConfig) -> list[Mention]:
    """Date mentions of one article, normalised against ``article.published``."""
    lex = _lexicon(config)
    mentions: list[Mention] = []
    for candidate in _candidates(doc, lex):
        for span, resolved, widened in _resolve_span(candidate, article.published, lex):
            qualifier = resolved.qualifier
            if not qualifier and resolved.unit == "duration" and span.end < len(doc):
                qualifier = lex.following.get(doc[span.end].lower_, "")
            text = span_text(widened)
            start = widened.start_char + (len(text) - len(text.lstrip()))
            end = widened.start_char + len(text.rstrip())
            mentions.append(
                make_mention(
                    article,
                    span,
                    kind="date",
                    value=resolved.value,
                    unit=resolved.unit,
                    qualifier=qualifier,
                    start=start,
                    end=end,
                    mod=resolved.mod,
                    until=resolved.until,
                )
            )
    return mentions
