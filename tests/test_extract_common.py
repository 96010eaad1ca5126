"""Helpers shared by the extractors: array-based token scans and the per-config cache."""

from __future__ import annotations

import gc
import random

import pytest
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from pipeline.config import Config
from pipeline.extract import extract_article, string_tests
from pipeline.extract.common import (
    doc_ents,
    governing_verb,
    parse_of,
    per_config,
    sent_start_char,
    sentence_tokens,
    span_text,
    subject_text,
    verb_subject,
)
from pipeline.extract.string_tests import StringTests, has_digit, tokens_in, tokens_where, tokens_with
from tests.conftest import ParseFn

VOCAB = Vocab()
TEXT = "On Monday, 300 troops left Gao; two-thirds flew home on 14/11/2022, the rest in the '90s style convoy."


@pytest.mark.parametrize(
    ("words", "digits", "like_num"),
    [({"monday", "the"}, False, False), (set(), True, False), (set(), False, True), ({"home"}, True, True)],
)
def test_tokens_with_matches_a_token_scan(parse_text: ParseFn, words: set[str], digits: bool, like_num: bool) -> None:
    doc, _ = parse_text(TEXT)
    expected = [
        t.i
        for t in doc
        if t.lower_ in words or (digits and any(c.isdigit() for c in t.text)) or (like_num and t.like_num)
    ]
    assert expected  # the case is not vacuous
    assert tokens_with(doc, words, digits=digits, like_num=like_num) == expected


def test_tokens_with_empty_doc(parse_text: ParseFn) -> None:
    doc, _ = parse_text("")
    assert tokens_with(doc, {"a"}, digits=True, like_num=True) == []


def test_per_config_caches_by_object_and_keeps_few() -> None:
    calls: list[object] = []

    @per_config
    def build(config: list[str]) -> int:
        calls.append(config)
        return len(calls)

    a, b = ["x"], ["x"]  # equal but distinct objects: a worker's fresh copy must not reuse a stale entry
    assert build(a) == build(a) == 1
    assert build(b) == 2
    for _ in range(5):
        build([])
    assert build(a) == 8  # evicted after more than four other configs


def test_what_the_extractors_remember_of_a_doc_is_what_spacy_says_and_is_dropped_after(
    parse_text: ParseFn, config: Config
) -> None:
    doc, article = parse_text("Defence Minister James Heappey said Britain would withdraw its troops from Mali.")
    assert doc_ents(doc) == doc.ents and doc_ents(doc) is doc_ents(doc)  # built once
    for token in doc:
        verb = governing_verb(token)
        subject = verb_subject(verb)
        assert subject == verb_subject(verb)  # the remembered answer is the computed one
        if token.lower_ == "withdraw":
            assert subject is not None and subject.text == "Britain"
    assert {"pipeline_ents", "pipeline_parse"} <= doc.user_data.keys()
    fresh, _ = parse_text(article.text)
    assert extract_article(doc, article, config.extract) == extract_article(fresh, article, config.extract)
    assert not {"pipeline_ents", "pipeline_parse"} & doc.user_data.keys()  # no doc-holding cycle is left


LONG = (
    "Defence Minister James Heappey said on Monday that Britain would withdraw its 300 troops from Mali, "
    "which it had sent in 2020. The German army, whose chief spoke in Berlin, is expected to stay.\n"
    "Dozens of protesters gathered outside the embassy. They were not arrested."
)


def _verb_by_tokens(token: Token) -> Token | None:
    """The climb of ``governing_verb`` written with spaCy's own ``Token`` attributes (the reference)."""
    node = token
    for _ in range(64):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def test_the_parse_columns_say_what_spacy_says(parse_text: ParseFn) -> None:
    doc, _ = parse_text(LONG)
    p = parse_of(doc)
    assert parse_of(doc) is p  # built once per doc
    assert [s.start for s in doc.sents] == [first for first, _ in p.sentences()] and len(p.sentences()) > 3
    for t in doc:
        assert p.children(t.i) == [c.i for c in t.children]
        assert (p.head[t.i], p.text(t.i), p.lower(t.i), p.lemma(t.i)) == (t.head.i, t.text, t.lower_, t.lemma_)
        assert (p.ent[t.i] != 0, p.iob[t.i]) == (bool(t.ent_type_), t.ent_iob)
        assert p.sentence(t.i) == (doc[t.i : t.i + 1].sent.start_char, doc[t.i : t.i + 1].sent.end_char)
        verb = _verb_by_tokens(t)
        assert (governing_verb(t) or t).i == (verb or t).i and (governing_verb(t) is None) == (verb is None)
        if t.ent_type_:
            assert subject_text(t) in {e.text for e in doc.ents if e.start <= t.i < e.end}
        else:
            assert subject_text(t) == t.lemma_.lower()


def test_sentence_bounds_and_span_texts_are_what_spacy_says(parse_text: ParseFn) -> None:
    doc, _ = parse_text(LONG + "\nA headline without a stop\n\nAnd a last line.")
    for t in doc:
        assert sent_start_char(doc, t.i) == t.sent.start_char
        assert sentence_tokens(doc, t.i) == (t.sent.start, t.sent.end)
    # Every span of up to six tokens, across sentence bounds and line breaks: the span's sentence is its first token's.
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            span = doc[start:end]
            assert span_text(span) == span.text
            assert sentence_tokens(doc, span.start) == (span.sent.start, span.sent.end)


def test_tokens_where_tests_each_string_once_and_matches_a_token_scan(parse_text: ParseFn) -> None:
    doc, _ = parse_text(LONG)
    again, _ = parse_text(LONG)
    seen: list[str] = []

    def digits(text: str) -> bool:
        seen.append(text)
        return any(c.isdigit() for c in text)

    tests = StringTests(((ORTH, digits), (LOWER, {"dozens", "mali"}.__contains__), (LEMMA, {"be"}.__contains__)))
    expected = [t.i for t in doc if digits(t.text) or t.lower_ in ("dozens", "mali") or t.lemma_ == "be"]
    seen.clear()
    assert len(expected) > 4 and tokens_where(doc, tests) == expected
    # Each distinct text once (and the texts of the process's earlier docs, once, when the tests come into use).
    assert len(seen) == len(set(seen)) and {t.text for t in doc} <= set(seen)
    seen.clear()
    assert tokens_where(again, tests) == expected and seen == []  # another doc of the same words: no test again
    # Tests that come into use after the words were met find them too, testing each once.
    late = StringTests(((ORTH, digits), (LOWER, {"dozens", "mali"}.__contains__), (LEMMA, {"be"}.__contains__)))
    third, _ = parse_text(LONG)
    assert tokens_where(third, late) == expected
    assert len(seen) == len(set(seen)) and {t.text for t in doc} <= set(seen)
    assert tokens_in(expected, expected[1], expected[3]) == expected[1:3]


def test_per_config_shares_a_value_between_equal_config_sections(config: Config) -> None:
    """A worker's fresh copy of the same section (every task brings one) gets the value built for the first."""
    calls: list[object] = []

    @per_config
    def build(section: object) -> int:
        calls.append(section)
        return len(calls)

    numbers = config.extract.numbers
    copy = numbers.model_copy(deep=True)
    other = numbers.model_copy(update={"percent_words": ["pct"]})
    assert copy is not numbers and copy == numbers
    assert build(numbers) == build(copy) == 1 and calls == [numbers]
    assert build(other) == 2


def test_has_digit_reads_the_word_shape_from_the_text(parse_text: ParseFn) -> None:
    long_code = "x1" * 60  # 120 characters: spaCy's shape is "LONG", no digit in it
    doc, _ = parse_text(f"On 12/03/2019, 3,000 troops (2nd wave) left B52 bases; ref {long_code} ¹²³ ٣ done.")
    assert any(len(t.text) >= 100 for t in doc)
    assert [has_digit(t.text) for t in doc] == ["d" in t.shape_ for t in doc]
    assert sum(has_digit(t.text) for t in doc) >= 4


def _scan(doc: Doc, tests: list[tuple[int, object]]) -> list[int]:
    read = {ORTH: lambda t: t.text, LOWER: lambda t: t.lower_, LEMMA: lambda t: t.lemma_}
    return [t.i for t in doc if any(test(read[attr](t)) for attr, test in tests)]  # type: ignore[operator]


TEXTS = [
    "Dozens of 300 troops were in Mali in 2020 , Mali said .",
    "The 1990s were MALI 's decade ; 14/11 and 5 km .",
    "Nothing here is new but the 7 words",
]


def test_string_tests_merge_their_pending_strings_and_free_their_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(string_tests, "_PENDING", 2)  # every doc's new strings go into the sorted arrays
    rng = random.Random(1)
    words = sorted({w for text in TEXTS for w in text.split()} | {f"w{k}" for k in range(40)})

    def digits(text: str) -> bool:
        return any(c.isdigit() for c in text)

    tests = [(ORTH, digits), (LOWER, {"mali", "dozens"}.__contains__), (LEMMA, {"be", "say"}.__contains__)]
    one = StringTests(tests)
    for n in range(30):
        doc = Doc(VOCAB, words=[rng.choice(words) for _ in range(rng.randrange(0, 12))])
        assert tokens_where(doc, one) == _scan(doc, tests)
        if n == 10:
            # A test that comes into use late finds the strings met before; a gone test's bit serves another.
            late = [(ORTH, str.istitle)]
            gc.collect()  # the tests other tests left behind free their bits now, not below
            two = StringTests(late)
            assert tokens_where(doc, two) == _scan(doc, late)
            given = dict(two.masks)
            doc.user_data.pop("pipeline_parse")  # the doc's parse keeps what each test found
            del two
            gc.collect()
            three = StringTests([(ORTH, str.isupper)])
            assert tokens_where(doc, three) == _scan(doc, [(ORTH, str.isupper)])
            assert three.masks[ORTH] == given[ORTH]  # the freed bit, its old answers cleared
            again = Doc(VOCAB, words=[rng.choice(words) for _ in range(12)])
            assert tokens_where(again, three) == _scan(again, [(ORTH, str.isupper)])


def test_a_string_test_collected_while_another_tests_strings_is_cleared_before_its_bit_serves_again() -> None:
    held = [StringTests([(ORTH, str.isdigit)])]
    tokens_where(Doc(VOCAB, words=["7", "x"]), held[0])

    def collecting(text: str) -> bool:
        if text == "boom-1" and held:
            held.clear()  # the first tests die (their finalizer runs) while the new strings are tested
            gc.collect()
        return text.startswith("boom")

    second, third = StringTests([(ORTH, collecting)]), StringTests([(ORTH, str.isupper)])
    tokens_where(Doc(VOCAB, words=["x"]), second)
    tokens_where(Doc(VOCAB, words=["x"]), third)
    words = ["boom-1", "44", "ZQ", "boom-2", "7"]
    doc = Doc(VOCAB, words=words)
    assert tokens_where(doc, second) == [0, 3] and tokens_where(doc, third) == [2]
    fourth = StringTests([(ORTH, str.isalpha)])  # may take the first tests' bit: none of its answers left
    more = [*words, "8", "zz"]
    assert tokens_where(Doc(VOCAB, words=more), fourth) == [i for i, w in enumerate(more) if w.isalpha()]
