"""Helpers shared by the extractors: array-based token scans and the per-config cache."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.extract import extract_article
from pipeline.extract.common import doc_ents, governing_verb, per_config, tokens_with, verb_subject
from tests.conftest import ParseFn

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
    assert {"pipeline_ents", "pipeline_subjects"} <= doc.user_data.keys()
    fresh, _ = parse_text(article.text)
    assert extract_article(doc, article, config.extract) == extract_article(fresh, article, config.extract)
    assert not {"pipeline_ents", "pipeline_subjects"} & doc.user_data.keys()  # no doc-holding cycle is left
