"""A stretch of time before or after a clause dates the main clause's event; a value its sentence says nothing
else about is one fact with the same predicate elsewhere (hand-built parses and contexts)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from conftest import make_context
from conftest import make_doc as doc
from pipeline.config import Config
from pipeline.extract.common import make_mention, parse_of
from pipeline.extract.frames import frame_of, main_clause
from pipeline.reconcile.links import same_bare_stretch
from pipeline.reconcile.match import frame_evidence, link_score
from pipeline.reconcile.slots import Context, contexts
from pipeline.reconcile.values import Interval
from pipeline.records import Article, Mention


def married_before_murdered() -> Doc:
    # "Ortiz married the deputy three weeks before he was murdered": the parser hangs "weeks" on "murdered"
    return doc(
        ["Ortiz", "married", "the", "deputy", "three", "weeks", "before", "he", "was", "murdered"],
        [1, 1, 3, 1, 5, 9, 9, 9, 9, 1],
        ["nsubj", "ROOT", "det", "dobj", "nummod", "npadvmod", "mark", "nsubjpass", "auxpass", "advcl"],
        ["PROPN", "VERB", "DET", "NOUN", "NUM", "NOUN", "SCONJ", "PRON", "AUX", "VERB"],
        ["ortiz", "marry", "the", "deputy", "three", "week", "before", "he", "be", "murder"],
    )


def resigned_before_held() -> Doc:
    # "He resigned three months before the election was held": here it hangs "months" on "before"
    return doc(
        ["He", "resigned", "three", "months", "before", "the", "election", "was", "held"],
        [1, 1, 3, 4, 8, 6, 8, 8, 1],
        ["nsubj", "ROOT", "nummod", "npadvmod", "mark", "det", "nsubjpass", "auxpass", "advcl"],
        ["PRON", "VERB", "NUM", "NOUN", "SCONJ", "DET", "NOUN", "AUX", "VERB"],
        ["he", "resign", "three", "month", "before", "the", "election", "be", "hold"],
    )


def test_time_before_a_clause_dates_the_main_verb() -> None:
    d = married_before_murdered()
    assert main_clause(parse_of(d), 5) == 1
    assert frame_of(d[5]).predicate == "marry"
    r = resigned_before_held()
    assert main_clause(parse_of(r), 3) == 1
    assert frame_of(r[3]).predicate == "resign"


def test_the_mention_takes_the_main_verb_too() -> None:
    d = married_before_murdered()
    article = Article("e", "a.txt", d.text)
    m = make_mention(article, d[4:6], kind="date", value="P3W", unit="duration")
    assert (m.verb, m.subject) == ("marry", "ortiz")  # no entity tagged: the lemma


def test_time_without_a_clause_after_keeps_its_own_verb() -> None:
    # "He left two days ago" (no "before"/"after" clause) and "killed after he left" (a clause, no stretch of time)
    left = doc(
        ["He", "left", "two", "days", "ago"],
        [1, 1, 3, 4, 1],
        ["nsubj", "ROOT", "nummod", "npadvmod", "advmod"],
        ["PRON", "VERB", "NUM", "NOUN", "ADV"],
        ["he", "leave", "two", "day", "ago"],
    )
    assert main_clause(parse_of(left), 3) == -1
    assert frame_of(left[3]).predicate == "leave"
    # "Two days later he was killed after it left": "days" on "killed", whose "after" clause is another verb's
    later = doc(
        ["two", "days", "later", "he", "was", "killed"],
        [1, 2, 5, 5, 5, 5],
        ["nummod", "npadvmod", "advmod", "nsubjpass", "auxpass", "ROOT"],
        ["NUM", "NOUN", "ADV", "PRON", "AUX", "VERB"],
        ["two", "day", "later", "he", "be", "kill"],
    )
    assert main_clause(parse_of(later), 1) == -1


def _ctx(**kw: object) -> Context:
    base = {"block": "offset", "interval": Interval("length", 14, 14), "verb": "marry", "tense": "past"}
    return make_context(**{**base, "sentence_verbs": frozenset({"marry"}), **kw})


def test_a_value_its_sentence_says_nothing_else_of_is_the_predicate_s() -> None:
    # "He had married two weeks before the shooting" / "Chela Ortiz, who married the deputy three weeks before …"
    bare = _ctx()
    told = _ctx(interval=Interval("length", 21, 21), subject="Chela Ortiz", entities=frozenset({"Chela Ortiz"}))
    assert frame_evidence(bare, told)
    # Two sentences that each name who did it still need something in common.
    other = _ctx(interval=Interval("length", 21, 21), subject="Rosa Ortiz", entities=frozenset({"Rosa Ortiz"}))
    assert not frame_evidence(told, other)
    # A sentence with another value in it says more than its predicate ("one to three years, all but six months").
    assert not frame_evidence(_ctx(dated=frozenset({"P6M"})), told)
    # Dates are not stretches of time: "married in June" says too little to be any other marrying.
    assert not frame_evidence(_ctx(block="date"), _ctx(block="date", subject="Chela Ortiz"))


def test_a_bare_stretch_of_one_verb_reaches_the_link_bar(config: Config) -> None:
    # "The jury was unable to come to a decision after 30 hours of deliberation" / "the panel deliberated Nichols'
    # fate for 40 hours over four days": one deliberation, whatever else the second sentence says.
    bare = _ctx(block="duration", verb="deliberate", interval=Interval("length", 1.25, 1.25), tense="")
    told = _ctx(
        block="duration",
        verb="deliberate",
        interval=Interval("length", 1.67, 1.67),
        subject="panel",
        entities=frozenset({"Brian Nichols"}),
        dated=frozenset({"P4D"}),
    )
    assert same_bare_stretch(bare, told)
    assert link_score(bare, told, config.reconcile) >= config.reconcile.min_link_score
    # Not for offsets, which count from different things ("four days earlier" / "for the last five years"), nor
    # for two verbs of one class, nor when both sentences say more.
    assert not same_bare_stretch(_ctx(verb="work"), _ctx(verb="work", subject="he"))
    assert not same_bare_stretch(bare, replace(told, verb="discuss"))
    assert not same_bare_stretch(replace(bare, subject="jury"), told)


def test_an_offset_from_now_is_no_offset_from_an_event() -> None:
    # "hosting the Oscars for the last 20 years" / "hosted the 2007 Oscars only 11 days after the strike ended".
    window = _ctx(verb="host", interval=Interval("length", 7305, 7305), from_now=True)
    after = _ctx(verb="host", interval=Interval("length", 11, 11), from_now=False)
    assert not frame_evidence(window, after)
    # Two offsets of one kind still line up: "married two weeks before" / "three weeks before".
    assert frame_evidence(_ctx(), _ctx(interval=Interval("length", 21, 21)))


def test_which_offsets_count_from_now(config: Config) -> None:
    def offset(text: str, sentence: str) -> Context:
        start = sentence.index(text)
        m = Mention(
            "e", "a.txt", "a:1", "date", text, "P3W", "duration", "", start, start + len(text), sentence, verb="marry"
        )
        return contexts([m], config.reconcile)["a:1"]

    assert offset("three weeks ago", "He married three weeks ago.").from_now
    assert offset("the last 20 years", "He has hosted it for the last 20 years.").from_now
    assert offset("three weeks", "He married three weeks ago.").from_now  # "ago" after the mention
    assert not offset("three weeks", "He married three weeks before the shooting.").from_now
    assert not offset("three weeks later", "He married three weeks later.").from_now
