"""The faster readings of the extraction passes (issue 15, seventh part) give what the slower ones they replace gave.

Each test checks a helper against the plain reading it stands for, on hand-built parses or random inputs."""

from __future__ import annotations

import random
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields, replace

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.config import Config
from pipeline.extract.common import parse_of
from pipeline.extract.date_words import build_lexicon
from pipeline.extract.dates import (
    _leading_qualifier,
    _next_word,
    _number_unit_end,
    _phrase_end,
    _phrases_by_first_word,
    _qualifiers_by_last_word,
)
from pipeline.extract.number_context import (
    _US_HK,
    _percent_ids,
    _phrase_after,
    _phrase_before,
    _qualifier_phrases,
    qualifier_of,
    words_between,
)
from pipeline.extract.numbers import Quantity
from pipeline.records import Frame, Mention, slot_init

VOCAB = spacy.blank("en").vocab  # lexeme attributes (like_num, is_currency) as the model computes them


def _doc(words: list[str], pos: list[str] | None = None, spaces: list[bool] | None = None) -> Doc:
    return Doc(VOCAB, words=words, pos=pos or ["X"] * len(words), spaces=spaces)


# ---------------------------------------------------------------- qualifier phrases


def _slow_before(prefix: str, phrases: list[str]) -> str:
    best = ""
    for phrase in phrases:
        p = phrase.lower()
        if len(p) > len(best) and (
            prefix == p or prefix.endswith(" " + p) or (not p[-1].isalnum() and prefix.endswith(p))
        ):
            best = p
    return best


def _slow_after(suffix: str, phrases: list[str]) -> str:
    best = ""
    for phrase in phrases:
        p = phrase.lower()
        if len(p) > len(best) and (
            suffix == p
            or suffix.startswith(p + " ")
            or suffix.startswith(p + ",")
            or (suffix.startswith(p) and not p[0].isalnum())
        ):
            best = p
    return best


def _slow_qualifier(before: str, after: str, config: Config) -> tuple[str, str]:
    n = config.extract.numbers
    before = " ".join(before.lower().split())
    after = " ".join(after.lower().split()).lstrip("-")
    found = [
        (_slow_before(before, n.less_words), "<"),
        (_slow_before(before, n.more_words), ">"),
        (_slow_before(before, n.approx_words), "~"),
    ]
    phrase, qualifier = max(found, key=lambda f: len(f[0]))
    rest = before[: len(before) - len(phrase)].rstrip() if phrase else before
    if not phrase:
        qualifier = "="
    for words, q in ((n.more_after_words, ">"), (n.less_after_words, "<"), (n.approx_after_words, "~")):
        if _slow_after(after, words):
            qualifier = q
    return qualifier, rest


def test_qualifier_phrases_found_after_one_pretest_are_those_of_the_full_scan(config: Config) -> None:
    numbers = config.extract.numbers
    before, after = _qualifier_phrases(numbers)
    lists = [numbers.less_words, numbers.more_words, numbers.approx_words]
    lists_after = [numbers.more_after_words, numbers.less_after_words, numbers.approx_after_words]
    assert [list(words) for words, _ in before] == [[p.lower() for p in w] for w in lists]
    assert [list(words) for words, _ in after] == [[p.lower() for p in w] for w in lists_after]
    pieces = [p.lower() for w in (*lists, *lists_after) for p in w] + ["~", "-", "+", ",", "rose", "the", "x"]
    pieces += ["", " ", "Up To", "More-than", "ABOUT"]
    rng = random.Random(7)
    odd = ["", "about", "~", "Some"]  # an empty phrase, one that ends in no letter, a capitalised one
    for _ in range(4000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randrange(0, 5)))
        text = rng.choice(["", " ", ","]) + text + rng.choice(["", " ", ",", "-"])
        for words in (*lists, *lists_after, odd):
            lowered = tuple(p.lower() for p in words)
            assert _phrase_before(text, lowered) == _slow_before(text, words), (text, words)
            assert _phrase_after(text, lowered) == _slow_after(text, words), (text, words)
        other = " ".join(rng.choice(pieces) for _ in range(rng.randrange(0, 4)))
        assert qualifier_of(text, other, numbers) == _slow_qualifier(text, other, config), (text, other)


# ---------------------------------------------------------------- the words between two numbers


def test_words_between_two_numbers_are_the_full_scan_cut_after_the_limit(config: Config) -> None:
    numbers = config.extract.numbers
    words = ["5", "US", "$", "to", "6", "per", "cent", "of", "€", "the", "HK", "£", "and", "more", "7"]
    doc = _doc(words)
    skipped = _percent_ids(numbers)
    full = [
        k
        for k in range(len(doc))
        if not doc[k].is_currency and doc[k].orth not in _US_HK and doc[k].lower not in skipped
    ]
    assert full != list(range(len(doc)))  # the currency symbols, "US", "HK" and the per-cent words are left out
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            slow = [k for k in full if start <= k < end]
            for limit in (1, 2, 3, 8):
                assert words_between(doc, start, end, limit, numbers) == slow[: limit + 1], (start, end, limit)


# ---------------------------------------------------------------- dates


def _slow_leading(doc: Doc, start: int, qualifiers: tuple[tuple[tuple[str, ...], str], ...]) -> int:
    from pipeline.extract.date_words import RELATIVE_WORDS

    while start > 0 and doc[start - 1].lower_ in RELATIVE_WORDS and not doc[start - 1].ent_type:
        start -= 1
    longest = max((len(phrase) for phrase, _ in qualifiers), default=0)
    before = tuple(doc[k].lower_ for k in range(max(0, start - longest), start))
    for phrase, _ in qualifiers:
        if len(phrase) <= len(before) and before[len(before) - len(phrase) :] == phrase:
            return start - len(phrase)
    return start


def test_leading_qualifier_tries_only_the_phrases_ending_with_the_word_before(config: Config) -> None:
    lex = build_lexicon(config.extract.dates)
    with_empty = replace(lex, qualifiers=(*lex.qualifiers[:2], ((), "odd"), *lex.qualifiers[2:]))
    vocabulary = sorted({w for phrase, _ in lex.qualifiers for w in phrase} | {"this", "the", "year", "in", "2012"})
    rng = random.Random(3)
    for _ in range(300):
        doc = _doc([rng.choice(vocabulary) for _ in range(rng.randrange(1, 9))])
        for lexicon in (lex, with_empty):
            for start in range(len(doc) + 1):
                expected = _slow_leading(doc, start, lexicon.qualifiers)
                assert _leading_qualifier(doc, start, lexicon) == expected, ([t.text for t in doc], start)
    longest, by_last = _qualifiers_by_last_word(with_empty)
    assert longest == max(len(phrase) for phrase, _ in lex.qualifiers)
    assert by_last[None] == ((),) and all(() in phrases for phrases in by_last.values())


def _slow_unit_end(doc: Doc, i: int, fillers: frozenset[str]) -> int:
    from pipeline.extract.date_words import unit_word

    if not doc[i].like_num or (i > 0 and doc[i - 1].like_num):
        return 0
    j = i
    while j < len(doc) and j - i < 6 and (doc[j].like_num or doc[j].lower_ in ("and", "a", "half", "-")):
        j += 1
    while j < len(doc) and doc[j].lower_ in fillers:
        j += 1
    if j < len(doc) and unit_word(doc[j].lower_) and doc[j].pos_ == "NOUN":
        return j + 1
    return 0


def test_number_unit_end_on_the_parse_columns_is_the_token_reading(config: Config) -> None:
    lex = build_lexicon(config.extract.dates)
    words = ["two", "and", "a", "half", "years", "3", "-", "Weeks", "more", "days", "ten", "months", "of", "twenty"]
    rng = random.Random(5)
    for _ in range(300):
        picked = [rng.choice([*words, *sorted(lex.fillers)[:3]]) for _ in range(rng.randrange(1, 10))]
        pos = [rng.choice(["NOUN", "NUM", "ADJ"]) for _ in picked]
        doc = _doc(picked, pos)
        assert [_number_unit_end(doc, i, lex) for i in range(len(doc))] == [
            _slow_unit_end(doc, i, lex.fillers) for i in range(len(doc))
        ], picked


def test_a_fallback_phrase_is_found_only_after_its_second_word(config: Config) -> None:
    lex = build_lexicon(config.extract.dates)
    by_first = _phrases_by_first_word(lex)
    phrases = [phrase for found in by_first.values() for phrase in found]
    assert any(len(phrase) > 1 for phrase in phrases)
    rng = random.Random(11)
    vocabulary = sorted({w for phrase in phrases for w in phrase} | {"-", "the", "day"})
    for _ in range(400):
        doc = _doc([rng.choice(vocabulary) for _ in range(rng.randrange(1, 8))])
        p = parse_of(doc)
        for i in range(len(doc)):
            for phrase in by_first.get(p.lower(i), ()):
                if _phrase_end(doc, i, phrase) and len(phrase) > 1:
                    assert phrase[1] == _next_word(p, i), ([t.text for t in doc], i, phrase)


# ---------------------------------------------------------------- the parse's lower-case strings


def test_lower_case_strings_are_the_strings_lowered() -> None:
    words = ["The", "İstanbul", "ÉCOLE", "said", "U.S.", "ǅemal", "straße", "SAID"]
    doc = Doc(VOCAB, words=words, lemmas=["the", "İstanbul", "École", "Say", "U.S.", "ǅemal", "Straße", "SAY"])
    p = parse_of(doc)
    for i in range(len(doc)):
        assert p.text_lower(i) == doc[i].text.lower() and p.lemma_lower(i) == doc[i].lemma_.lower()
    doc.user_data.pop("pipeline_parse")


# ---------------------------------------------------------------- records built through their slots


def test_a_slotted_init_builds_what_the_dataclass_init_builds() -> None:
    rng = random.Random(2)
    for cls in (Frame, Mention, Quantity):
        assert cls.__init__ is not cls.dataclass_init  # type: ignore[attr-defined]
        for _ in range(50):
            values = {
                f.name: rng.choice(["", "x", 3, 2.5, ("a",), True])
                for f in fields(cls)
                if f.default is MISSING or rng.random() < 0.5  # a field with a default is left out half the time
            }
            made = cls(**values)
            slow = object.__new__(cls)
            cls.dataclass_init(slow, **values)  # type: ignore[attr-defined]
            assert [getattr(made, f.name) for f in fields(cls)] == [getattr(slow, f.name) for f in fields(cls)]
            assert made == slow and cls(*[getattr(made, f.name) for f in fields(cls)]) == made
    with pytest.raises(TypeError):
        Mention("event")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Frame(unknown="x")  # type: ignore[call-arg]
    with pytest.raises(FrozenInstanceError):
        Frame().slot = "agent"  # type: ignore[misc]


def test_a_class_with_a_factory_keeps_its_dataclass_init() -> None:
    @dataclass(frozen=True, slots=True)
    class Listed:
        items: list[int] = field(default_factory=list)

    init = Listed.__init__
    assert slot_init(Listed).__init__ is init and Listed().items == []


# ---------------------------------------------------------------- entities


def test_a_market_index_is_looked_for_only_after_its_first_word(config: Config) -> None:
    from pipeline.extract.entities import starts_with_index
    from pipeline.extract.entity_names import tables

    t = tables(config.extract.entities)
    assert t.market_indices
    vocabulary = sorted({w for index in t.market_indices for w in index.split()} | {"the", "index", "shares", ""})
    rng = random.Random(9)
    for _ in range(3000):
        words = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 5))]
        slow = any(" ".join(words[:n]) in t.market_indices for n in range(1, len(words) + 1))
        assert starts_with_index(words, t) == slow, words
    odd = replace(t, market_indices=frozenset({*t.market_indices, "", "two  spaces", " lead"}))
    for words in ([], [""], ["two", "", "spaces"], ["", "lead"], ["two"]):
        slow = any(" ".join(words[:n]) in odd.market_indices for n in range(1, len(words) + 1))
        assert starts_with_index(words, odd) == slow, words
