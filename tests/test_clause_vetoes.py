"""Vetoes of 0.6.26 on hand-built parses and mentions: a merge checks every disagreement it brings, a weekday and a
month are two times, a date does not date a count in a clause describing a noun, nor a statement's day a count;
and 0.6.27's kinds of counted things ("public comments", "volunteer firefighters")."""

from __future__ import annotations

from dataclasses import replace

from test_reconcile import Sentence, run, statuses

from conftest import make_context
from conftest import make_doc as doc
from pipeline.config import Config
from pipeline.extract.frames import frame_of
from pipeline.extract.number_counted import modifiers
from pipeline.reconcile.lexicon import load_lexicon, thing_classes
from pipeline.reconcile.links import same_described_thing, same_kind_counted
from pipeline.reconcile.match import frame_evidence, link_score, told_apart
from pipeline.reconcile.readings import head_noun
from pipeline.reconcile.slots import Context, contexts
from pipeline.reconcile.values import Interval
from pipeline.records import Frame, Mention

JANUARY = Interval("month of year", 1, 1)
FRIDAY = Interval("weekday", 5, 5)


def _cut(source: str, text: str, written: str, value: str, date: tuple[str, str] | None = None) -> Sentence:
    s = Sentence(source, text).add("place", "Sicily", "Sicily")
    s.add("number", written, value, unit="cable", verb="cut", subject="cable")
    if date is not None:
        s.add("date", date[0], date[1], unit="partial", verb="cut", subject="cable")
    return s


def test_a_merge_checks_every_disagreement_it_brings(config: Config) -> None:
    january = _cut(
        "a.txt",
        "In January, five cables in the Mediterranean off Sicily were cut by a ship's anchor.",
        "five cables",
        "5",
        ("January", "XXXX-01"),
    )
    friday = _cut(
        "b.txt",
        "The ministry says Three cables were cut off the coast of Sicily on Friday morning.",
        "Three cables",
        "3",
        ("Friday", "XXXX-WXX-5"),
    )
    undated = _cut(
        "c.txt", "Five cables were cut off Sicily between late January and early February.", "Five cables", "5"
    )
    sentences = (january, friday, undated)
    ctx = contexts([m for s in sentences for m in s.mentions], config.reconcile)
    a, b, c = (ctx[s.mentions[1].mention_id] for s in sentences)
    # The undated count links to both; the two dated ones are of two times.
    assert frame_evidence(b, c) and frame_evidence(a, c)
    assert told_apart(a, b) and not frame_evidence(a, b)
    assert statuses(run(config, *sentences), "number") == [
        ("agree", frozenset({"5"})),
        ("unique", frozenset({"3"})),
    ]


def test_a_weekday_and_a_month_are_two_times_and_one_axis_must_meet() -> None:
    def count(*when: Interval, words: frozenset[str] = frozenset()) -> Context:
        return make_context(block="number:cable", unit="cable", verb="cut", when=frozenset(when), words=words)

    assert told_apart(count(JANUARY), count(FRIDAY))
    assert told_apart(count(Interval("weekday", 3, 3)), count(FRIDAY))
    assert not told_apart(count(FRIDAY), count(FRIDAY))
    assert not told_apart(count(JANUARY, FRIDAY), count(FRIDAY))  # one date of each meets
    assert not told_apart(count(JANUARY), count())  # the other dates nothing
    copied = frozenset({"the", "ministry", "says", "were", "cut", "off", "coast", "of", "sicily"})
    assert not told_apart(count(JANUARY, words=copied), count(FRIDAY, words=copied))  # one sentence, copied
    # Ages have their own test (the person they describe), places theirs.
    age = make_context(block="number:year of age", unit="year of age", when=frozenset({JANUARY}))
    assert not told_apart(age, replace(age, when=frozenset({FRIDAY})))
    where = make_context(block="place:where", when=frozenset({JANUARY}))
    assert not told_apart(where, replace(where, when=frozenset({FRIDAY})))


def test_a_predicate_in_a_clause_that_describes_a_noun_is_relative() -> None:
    # "Workers handed blankets Monday to survivors of a quake that killed 10 people"
    d = doc(
        [
            "Workers",
            "handed",
            "blankets",
            "Monday",
            "to",
            "survivors",
            "of",
            "a",
            "quake",
            "that",
            "killed",
            "10",
            "people",
        ],
        [1, 1, 1, 1, 1, 4, 5, 8, 6, 10, 8, 12, 10],
        [
            "nsubj",
            "ROOT",
            "dobj",
            "npadvmod",
            "prep",
            "pobj",
            "prep",
            "det",
            "pobj",
            "nsubj",
            "relcl",
            "nummod",
            "dobj",
        ],
        ["NOUN", "VERB", "NOUN", "PROPN", "ADP", "NOUN", "ADP", "DET", "NOUN", "PRON", "VERB", "NUM", "NOUN"],
        ["worker", "hand", "blanket", "Monday", "to", "survivor", "of", "a", "quake", "that", "kill", "10", "people"],
    )
    people, monday = frame_of(d[12]), frame_of(d[3])
    assert people.predicate == "kill" and people.relative
    assert monday.predicate == "hand" and not monday.relative


def _quake(*, count_relative: bool, date_relative: bool = False, date_verb: str = "hand") -> Sentence:
    s = Sentence("a.txt", "Workers handed blankets Monday to survivors of a quake that killed 10 people.")
    s.add("date", "Monday", "XXXX-WXX-1", unit="partial", verb=date_verb)
    s.add("number", "10 people", "10", unit="people", verb="kill")
    date, count = s.mentions
    s.mentions[0] = replace(date, frame=Frame(predicate=date_verb, relative=date_relative))
    s.mentions[1] = replace(count, frame=Frame(predicate="kill", relative=count_relative))
    return s


def test_a_date_does_not_date_a_count_in_a_clause_describing_a_noun(config: Config) -> None:
    def counted(s: Sentence) -> frozenset[tuple[str, str]]:
        return contexts(s.mentions, config.reconcile)[s.mentions[0].mention_id].counted

    assert counted(_quake(count_relative=True)) == frozenset()
    assert counted(_quake(count_relative=False)) == {("people", "10")}
    # A date in such a clause may date the sentence's count: "captured 23 pirates who attacked a ship on Saturday".
    assert counted(_quake(count_relative=False, date_relative=True)) == {("people", "10")}


def test_a_statements_day_is_no_day_of_what_it_counts(config: Config) -> None:
    def when(verb: str) -> frozenset[Interval]:
        s = _quake(count_relative=False, date_verb=verb)
        return contexts(s.mentions, config.reconcile)[s.mentions[1].mention_id].when

    assert when("kill") == {Interval("weekday", 1, 1)}
    assert when("say") == frozenset()  # "10 people were killed, officials said Monday"


# --- 0.6.27: the kind of the counted thing ------------------------------------------------------------------


def test_a_counted_nouns_modifiers_are_as_written_and_say_what_is_counted() -> None:
    # "an estimated 1,500 volunteer firefighters": the tagger's verb "estimate" is a hedge, not a kind
    d = doc(
        ["an", "estimated", "1,500", "volunteer", "firefighters"],
        [4, 4, 4, 4, 4],
        ["det", "amod", "nummod", "compound", "ROOT"],
        ["DET", "VERB", "NUM", "NOUN", "NOUN"],
        ["an", "estimate", "1,500", "volunteer", "firefighter"],
    )
    assert modifiers(d[4], range(2, 3)) == ("volunteer",)
    # "three wounded soldiers", tagged "wounded" once as a verb (lemma "wound"), once as an adjective
    for pos, lemma in (("VERB", "wound"), ("ADJ", "wounded")):
        d = doc(["three", "wounded", "soldiers"], [2, 2, 2], ["nummod", "amod", "ROOT"], ["NUM", pos, "NOUN"])
        d[1].lemma_ = lemma
        assert modifiers(d[2], range(0, 1)) == ("wounded",)


def test_counts_of_one_kind_of_thing_are_one_fact_even_where_the_event_counts_it_often() -> None:
    def comments(value: float, *mods: str) -> Context:
        return make_context(
            block="number:comment", unit="comment", interval=Interval("count", value, value), modifiers=frozenset(mods)
        )

    # "the estimated 940,000 public comments were processed" / "the bulk of nearly 235,000 public comments"
    public, other = comments(940000, "public"), comments(235000, "public")
    assert same_kind_counted(public, other)
    assert frame_evidence(public, other, specific=False)
    assert not frame_evidence(comments(940000), comments(235000), specific=False)  # nothing says it is one
    assert not same_kind_counted(public, comments(235000, "written"))
    age = make_context(block="number:year of age", unit="year of age", modifiers=frozenset({"old"}))
    assert not same_kind_counted(age, age)


def test_a_plural_the_tagger_kept_counts_what_its_singular_counts() -> None:
    lexicon = load_lexicon()
    # "14 AK-47 Rifles" (a headline's proper noun keeps its plural) / "14 AK-47 rifles"; "two Somalis" / "a Somali"
    classes = thing_classes(["rifles", "rifle", "somalis", "bodies", "news"], lexicon, {})
    assert classes["rifles"] == classes["rifle"] == "rifle"
    assert classes["somalis"] == "somali"
    assert classes["bodies"] == "body"
    assert classes["news"] == "news"  # a noun WordNet knows as it is stays as it is


# --- 0.6.29: a measure of the event's one made thing ---------------------------------------------------------


def _calibre(source: str, text: str, written: str, value: str, verb: str) -> Mention:
    s = Sentence(source, text).add("number", written, value, unit="caliber", verb=verb)
    return replace(s.mentions[0], frame=Frame(predicate=verb, event_noun="revolver", modifies="revolver"))


def test_a_measure_written_open_before_its_noun_describes_that_noun() -> None:
    hyphen = _calibre("a.txt", "A loaded .38-caliber revolver was recovered.", "38-caliber", "38", "recover")
    open_ = _calibre("b.txt", "He pointed a .357 caliber revolver at them.", "357 caliber", "357", "point")
    assert head_noun(hyphen) == head_noun(open_) == "revolver"
    after = _calibre("c.txt", "The gun was a .38 caliber, police said.", "38 caliber", "38", "be")
    assert head_noun(after) == ""  # no noun right after it


def test_measures_of_the_events_one_made_thing_are_one_fact(config: Config) -> None:
    mentions = [
        _calibre("a.txt", "A loaded .38-caliber revolver was recovered at the scene.", "38-caliber", "38", "recover"),
        _calibre("b.txt", "He pointed a .357 caliber revolver at them.", "357 caliber", "357", "point"),
    ]
    ctx = contexts(mentions, config.reconcile)
    a, b = (ctx[m.mention_id] for m in mentions)
    assert same_described_thing(a, b)
    assert frame_evidence(a, b, specific=True) and not frame_evidence(a, b, specific=False)
    assert link_score(a, b, config.reconcile) >= config.reconcile.min_link_score
    # Two measures of an act are two acts: "an 11-yard pass to Hilton" / "a 7-yard touchdown pass to Wayne".
    passes = [replace(x, block="number:yard", unit="yard", head="pass") for x in (a, b)]
    assert not same_described_thing(*passes)
