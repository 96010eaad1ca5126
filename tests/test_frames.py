"""Claim frames on hand-built parses, the WordNet lexicon, places as values, and the name and role verdicts."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from spacy.tokens import Doc

from conftest import make_context
from conftest import make_doc as doc
from pipeline.config import Config
from pipeline.extract.common import make_mention
from pipeline.extract.frames import age_holder, frame_of
from pipeline.reconcile import reconcile_event
from pipeline.reconcile.facts import sides_disagree
from pipeline.reconcile.lexicon import build_tables, load_lexicon, wordnet_dir
from pipeline.reconcile.links import same_actors, same_onset
from pipeline.reconcile.match import context_score, frame_evidence, link_score, plausible
from pipeline.reconcile.names import NameFact, name_core, names_agree, person_aliases, role_core, role_verdict
from pipeline.reconcile.places import bearing, nation_of, place_value
from pipeline.reconcile.shapes import is_conversion, is_score, scores_in
from pipeline.reconcile.slots import Context, block_and_interval, contexts, predicate_of
from pipeline.reconcile.values import Interval, date_interval, partial_date_interval
from pipeline.records import Article, Frame, Mention


def dispatched() -> Doc:
    # "Britain dispatched 300 troops to Mali in December"
    return doc(
        ["Britain", "dispatched", "300", "troops", "to", "Mali", "in", "December"],
        [1, 1, 3, 1, 1, 4, 1, 6],
        ["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj", "prep", "pobj"],
        ["PROPN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "ADP", "PROPN"],
        ["britain", "dispatch", "300", "troop", "to", "mali", "in", "december"],
    )


def test_frame_slots_of_one_claim() -> None:
    d = dispatched()
    troops, mali, december, britain = (frame_of(d[i]) for i in (3, 5, 7, 0))
    assert (troops.predicate, troops.slot, troops.agent, troops.theme) == ("dispatch", "theme", "britain", "troop")
    assert (mali.slot, mali.preposition) == ("destination", "to")
    assert (december.preposition, december.predicate) == ("in", "dispatch")
    assert britain.slot == "agent"
    assert not troops.negated and troops.modality == "past"  # "dispatched"


def test_a_stretch_of_time_is_of_the_event_noun_it_measures() -> None:
    # "The jury was unable to decide after 30 hours of deliberation"
    d = doc(
        ["The", "jury", "was", "unable", "to", "decide", "after", "30", "hours", "of", "deliberation"],
        [1, 2, 2, 2, 5, 3, 5, 8, 6, 8, 9],
        ["det", "nsubj", "ROOT", "acomp", "aux", "xcomp", "prep", "nummod", "pobj", "prep", "pobj"],
        ["DET", "NOUN", "AUX", "ADJ", "PART", "VERB", "ADP", "NUM", "NOUN", "ADP", "NOUN"],
        ["the", "jury", "be", "unable", "to", "decide", "after", "30", "hour", "of", "deliberation"],
    )
    assert frame_of(d[8]).event_noun == "deliberation"
    assert frame_of(d[1]).event_noun == ""  # only a time word measures what it is "of"


def test_a_naming_participle_is_no_predicate() -> None:
    # "Reid launched a line called Mantra in December": the date is the launching's, not the calling's
    d = doc(
        ["Reid", "launched", "a", "line", "called", "Mantra", "in", "December"],
        [1, 1, 3, 1, 3, 4, 4, 6],
        ["nsubj", "ROOT", "det", "dobj", "acl", "oprd", "prep", "pobj"],
        ["PROPN", "VERB", "DET", "NOUN", "VERB", "PROPN", "ADP", "PROPN"],
        ["reid", "launch", "a", "line", "call", "mantra", "in", "december"],
    )
    assert frame_of(d[7]).predicate == "launch"
    d = doc(  # "Reid launched a line sold in December": a participle with a meaning of its own keeps it
        ["Reid", "launched", "a", "line", "sold", "in", "December"],
        [1, 1, 3, 1, 3, 4, 5],
        ["nsubj", "ROOT", "det", "dobj", "acl", "prep", "pobj"],
        ["PROPN", "VERB", "DET", "NOUN", "VERB", "ADP", "PROPN"],
        ["reid", "launch", "a", "line", "sell", "in", "december"],
    )
    assert frame_of(d[6]).predicate == "sell"


def test_a_past_participle_after_a_counted_noun_is_its_predicate() -> None:
    # "Presti, one of 99 members seized Tuesday, hanged himself": the count is of the seizing
    words = ["Presti", ",", "one", "of", "99", "members", "seized", "Tuesday", ",", "hanged", "himself"]
    heads = [9, 0, 0, 2, 5, 3, 5, 6, 0, 9, 9]
    deps = ["nsubj", "punct", "appos", "prep", "nummod", "pobj", "acl", "npadvmod", "punct", "ROOT", "dobj"]
    pos = ["PROPN", "PUNCT", "NUM", "ADP", "NUM", "NOUN", "VERB", "PROPN", "PUNCT", "VERB", "PRON"]
    lemmas = ["presti", ",", "one", "of", "99", "member", "seize", "tuesday", ",", "hang", "himself"]
    tags = ["NNP", ",", "CD", "IN", "CD", "NNS", "VBN", "NNP", ",", "VBD", "PRP"]
    d = doc(words, heads, deps, pos, lemmas, tags=tags)
    members = frame_of(d[5])
    assert (members.predicate, members.theme) == ("seize", "member")
    assert frame_of(d[0]).predicate == "hang"  # the sentence's own subject keeps the main verb
    article = Article("e", "a.txt", d.text)
    m = make_mention(article, d[4:6], kind="number", value="99", unit="member", anchor=d[5])
    assert m.verb == "seize"  # the mention's verb, which the reconciler reads first, too
    # "… 99 members seizing …": a present participle is what the members do, no event that happened to them
    d = doc(words, heads, deps, pos, lemmas, tags=[*tags[:6], "VBG", *tags[7:]])
    assert frame_of(d[5]).predicate == "hang"
    # "… with 12 seconds left": a clock, not an event that happened to the seconds
    d = doc(
        ["Garrard", "passed", "with", "12", "seconds", "left"],
        [1, 1, 1, 4, 2, 4],
        ["nsubj", "ROOT", "prep", "nummod", "pobj", "acl"],
        ["PROPN", "VERB", "ADP", "NUM", "NOUN", "VERB"],
        ["garrard", "pass", "with", "12", "second", "leave"],
        tags=["NNP", "VBD", "IN", "CD", "NNS", "VBN"],
    )
    assert frame_of(d[4]).predicate == "pass"


def test_a_place_of_a_place_noun_fills_that_nouns_slot(config: Config) -> None:
    # "Troops were stationed in the remote town of Gao"
    d = doc(
        ["Troops", "were", "stationed", "in", "the", "remote", "town", "of", "Gao"],
        [2, 2, 2, 2, 6, 6, 3, 6, 7],
        ["nsubjpass", "auxpass", "ROOT", "prep", "det", "amod", "pobj", "prep", "pobj"],
        ["NOUN", "AUX", "VERB", "ADP", "DET", "ADJ", "NOUN", "ADP", "PROPN"],
        ["troop", "be", "station", "in", "the", "remote", "town", "of", "gao"],
    )
    gao = frame_of(d[8])
    assert (gao.slot, gao.preposition, gao.event_noun) == ("theme", "of", "town")
    assert (gao.holder_slot, gao.holder_preposition) == ("location", "in")

    def block(frame: Frame) -> str:
        sentence = "Troops were stationed in the remote town of Gao."
        m = Mention("e", "a", "a:1", "place", "Gao", "Gao", "", "", 44, 47, sentence, verb="station", frame=frame)
        placed = block_and_interval(m, config.reconcile, {})
        assert placed is not None
        return placed[0]

    assert block(gao) == "place:where"  # where the town is, Gao is: "… of Timbuktu" disagrees
    assert block(replace(gao, event_noun="president", holder_slot="agent", holder_preposition="")) == "place:other"
    # "the people of Gao fled to the hills": a noun that is no place says whose, not where
    assert block(replace(gao, event_noun="people")) == "place:other"
    # "felt in the Gulf states of Oman and the UAE": one place of a list says no single where
    assert block(replace(gao, listed=True)) == "place:other"
    # "after a string of high-profile robberies in Cannes": where other robberies happened
    robberies = replace(gao, slot="location", preposition="in", event_noun="robbery", series=True)
    assert block(robberies) == "place:other"
    assert block(replace(robberies, series=False)) == "place:where"  # "the robbery in Cannes"
    assert block(replace(robberies, event_noun="people")) == "place:where"  # "the killing of two people in Athens"


def test_a_plural_counted_through_of_is_a_series() -> None:
    # "Thieves struck after a string of robberies in Cannes"
    words = ["Thieves", "struck", "after", "a", "string", "of", "robberies", "in", "Cannes"]
    heads = [1, 1, 1, 4, 2, 4, 5, 6, 7]
    deps = ["nsubj", "ROOT", "prep", "det", "pobj", "prep", "pobj", "prep", "pobj"]
    pos = ["NOUN", "VERB", "ADP", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN"]
    tags = ["NNS", "VBD", "IN", "DT", "NN", "IN", "NNS", "IN", "NNP"]
    lemmas = ["thief", "strike", "after", "a", "string", "of", "robbery", "in", "cannes"]
    cannes = frame_of(doc(words, heads, deps, pos, lemmas, tags=tags)[8])
    assert cannes.series and cannes.event_noun == "robbery"
    one = doc(words, heads, deps, pos, lemmas, tags=[*tags[:6], "NN", *tags[7:]])  # "… of robbery in Cannes"
    assert not frame_of(one[8]).series


def test_a_name_coordinated_with_another_noun_is_listed() -> None:
    # "The quake was felt in Oman and the UAE"
    d = doc(
        ["The", "quake", "was", "felt", "in", "Oman", "and", "the", "UAE"],
        [1, 3, 3, 3, 3, 4, 5, 8, 5],
        ["det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj", "cc", "det", "conj"],
        ["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "CCONJ", "DET", "PROPN"],
    )
    assert frame_of(d[5]).listed and frame_of(d[8]).listed
    assert not frame_of(d[1]).listed  # the quake is no list
    # "… in Sanaa and parts of the delta": a place and some of its surroundings, no list of places
    d = doc(
        ["Cuts", "hit", "Sanaa", "and", "parts", "of", "the", "delta"],
        [1, 1, 1, 2, 2, 4, 7, 5],
        ["nsubj", "ROOT", "dobj", "cc", "conj", "prep", "det", "pobj"],
        ["NOUN", "VERB", "PROPN", "CCONJ", "NOUN", "ADP", "DET", "NOUN"],
    )
    assert not frame_of(d[2]).listed


def test_frame_of_a_place_hanging_on_a_noun_names_its_anchor() -> None:
    # "Police stopped LaSalle of Bloomington"
    d = doc(
        ["Police", "stopped", "LaSalle", "of", "Bloomington"],
        [1, 1, 1, 2, 3],
        ["nsubj", "ROOT", "dobj", "prep", "pobj"],
        ["NOUN", "VERB", "PROPN", "ADP", "PROPN"],
    )
    f = frame_of(d[4])
    assert (f.preposition, f.anchor, f.predicate) == ("of", "lasalle", "stopped")


def test_frame_of_a_date_on_an_event_noun_takes_the_noun_and_its_agent() -> None:
    # "an announcement by Macron in June came"
    d = doc(
        ["an", "announcement", "by", "Macron", "in", "June", "came"],
        [1, 6, 1, 2, 1, 4, 6],
        ["det", "nsubj", "prep", "pobj", "prep", "pobj", "ROOT"],
        ["DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "VERB"],
    )
    f = frame_of(d[5])
    assert (f.event_noun, f.agent, f.predicate) == ("announcement", "macron", "came")


def test_frame_negation_future_and_reported_speech() -> None:
    # "police said troops will not leave"
    d = doc(
        ["police", "said", "troops", "will", "not", "leave"],
        [1, 1, 5, 5, 5, 1],
        ["nsubj", "ROOT", "nsubj", "aux", "neg", "ccomp"],
        ["NOUN", "VERB", "NOUN", "AUX", "PART", "VERB"],
        ["police", "say", "troop", "will", "not", "leave"],
    )
    f = frame_of(d[2])
    assert (f.predicate, f.negated, f.modality, f.reporter) == ("leave", True, "future", "police")


def test_a_relative_pronoun_subject_stands_for_its_noun() -> None:
    # "Paris, which announced in February"
    d = doc(
        ["Paris", ",", "which", "announced", "in", "February"],
        [0, 0, 3, 0, 3, 4],
        ["ROOT", "punct", "nsubj", "relcl", "prep", "pobj"],
        ["PROPN", "PUNCT", "PRON", "VERB", "ADP", "PROPN"],
    )
    assert frame_of(d[5]).agent == "paris"


def test_an_age_is_a_fact_about_the_noun_it_describes() -> None:
    # "The 33 - year - old Reid checked in"
    d = doc(
        ["The", "33", "-", "year", "-", "old", "Reid", "checked", "in"],
        [6, 3, 3, 5, 5, 6, 7, 7, 7],
        ["det", "nummod", "punct", "npadvmod", "punct", "amod", "nsubj", "ROOT", "prt"],
        ["DET", "NUM", "PUNCT", "NOUN", "PUNCT", "ADJ", "PROPN", "VERB", "ADP"],
        ["the", "33", "-", "year", "-", "old", "reid", "check", "in"],
    )
    assert age_holder(d[5]).i == age_holder(d[3]).i == 6  # type: ignore[union-attr]
    f = frame_of(d[5])
    assert (f.anchor, f.slot, f.predicate) == ("reid", "attribute", "check")
    assert age_holder(d[7]) is None and frame_of(d[6]).anchor == ""


def test_a_stretch_of_time_belongs_to_the_verb_it_is_given_for() -> None:
    # "they have six months to leave"
    d = doc(
        ["they", "have", "six", "months", "to", "leave"],
        [1, 1, 3, 1, 5, 3],
        ["nsubj", "ROOT", "nummod", "dobj", "aux", "relcl"],
        ["PRON", "VERB", "NUM", "NOUN", "PART", "VERB"],
        ["they", "have", "six", "month", "to", "leave"],
    )
    f = frame_of(d[3])
    assert (f.predicate, f.agent) == ("leave", "they")


def test_the_time_something_takes_belongs_to_what_is_done() -> None:
    # "it would take 36 days to repair the cable": the infinitive hangs on "take", not on the days.
    d = doc(
        ["it", "would", "take", "36", "days", "to", "repair", "the", "cable"],
        [2, 2, 2, 4, 2, 6, 2, 8, 6],
        ["nsubj", "aux", "ROOT", "nummod", "dobj", "aux", "xcomp", "det", "dobj"],
        ["PRON", "AUX", "VERB", "NUM", "NOUN", "PART", "VERB", "DET", "NOUN"],
        ["it", "would", "take", "36", "day", "to", "repair", "the", "cable"],
    )
    assert frame_of(d[4]).predicate == "repair"
    # Another verb's complement is no purpose of the days: "they wanted three days to rest" keeps "want".
    w = doc(
        ["they", "wanted", "three", "days", "to", "rest"],
        [1, 1, 3, 1, 5, 1],
        ["nsubj", "ROOT", "nummod", "dobj", "aux", "xcomp"],
        ["PRON", "VERB", "NUM", "NOUN", "PART", "VERB"],
        ["they", "want", "three", "day", "to", "rest"],
    )
    assert frame_of(w[3]).predicate == "want"


def test_a_copular_age_describes_the_subject() -> None:
    # "Jerry was 35 years old"
    d = doc(
        ["Jerry", "was", "35", "years", "old"],
        [1, 1, 3, 4, 1],
        ["nsubj", "ROOT", "nummod", "npadvmod", "acomp"],
        ["PROPN", "AUX", "NUM", "NOUN", "ADJ"],
        ["jerry", "be", "35", "year", "old"],
    )
    assert age_holder(d[4]).i == 0  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("soldier", "troop", True),
        ("troop", "contingent", True),
        ("peacekeeper", "soldier", True),
        ("expert", "observer", True),
        ("civilian", "troop", False),
        ("civilian", "soldier", False),
        ("engine", "appliance", False),
    ],
)
def test_lexicon_counted_things(lexicon, a: str, b: str, same: bool) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.same_thing(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("kill", "murder", True),
        ("kill", "die", True),
        ("injure", "wound", True),
        ("kill", "injure", False),
        ("announce", "kill", False),
        ("divorce", "marry", False),  # WordNet: divorcing entails marrying, a different event before it
    ],
)
def test_lexicon_predicates(lexicon, a: str, b: str, same: bool) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.same_predicate(a, b) is same


def test_lexicon_kinds_of_noun(lexicon) -> None:  # type: ignore[no-untyped-def]
    # First senses: a film is a movie (one synset), a book is not, though both are works.
    assert lexicon.synonyms("film", "movie") and not lexicon.synonyms("book", "movie")
    assert lexicon.same_thing("book", "movie")
    assert lexicon.is_person("deputy") and not lexicon.is_person("store")
    assert lexicon.is_artifact("store") and lexicon.is_artifact("prison") and not lexicon.is_artifact("quake")


def test_lexicon_event_nouns_stand_for_their_verb(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.predicate("withdrawal") == "withdraw"
    assert lexicon.predicate("deployment") == "deploy"
    assert lexicon.predicate("table") == "table"  # not an event: the word itself


def test_lexicon_mends_a_lemma_the_tagger_broke(lexicon) -> None:  # type: ignore[no-untyped-def]
    # spaCy's small model lemmatises "deadlocked" as "deadlocke": no WordNet word, "deadlock" is.
    assert lexicon.lemma("deadlocke") == "deadlock"
    assert lexicon.lemma("escape") == "escape"  # a word WordNet knows keeps its "e"
    assert lexicon.lemma("Xyzzye") == "Xyzzye"  # and so does one it knows in neither form


def test_lexicon_tables_are_cached_on_disk_and_rebuilt_when_missing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    load_lexicon.cache_clear()
    first = load_lexicon(tmp_path)
    written = list(tmp_path.glob("wordnet-*.json"))
    assert len(written) == 1
    load_lexicon.cache_clear()
    assert load_lexicon(tmp_path).nouns == first.nouns  # read back, same tables
    written[0].write_text("not json")
    load_lexicon.cache_clear()
    assert load_lexicon(tmp_path).same_thing("soldier", "troop")  # a damaged file is rebuilt
    load_lexicon.cache_clear()


def test_only_the_most_recent_lexicon_tables_are_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from pipeline.reconcile.lexicon import KEPT_TABLES

    for i in range(5):  # tables of earlier upgrades, oldest first
        old = tmp_path / f"wordnet-old{i}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "gazetteer-x.json").write_text("{}")  # another cache's file is left alone
    load_lexicon.cache_clear()
    load_lexicon(tmp_path)
    load_lexicon.cache_clear()
    kept = sorted(p.name for p in tmp_path.glob("wordnet-*.json"))
    assert len(kept) == KEPT_TABLES and "wordnet-old4.json" in kept and "wordnet-old3.json" in kept
    assert (tmp_path / "gazetteer-x.json").exists()


def test_build_tables_reads_the_packaged_wordnet() -> None:
    tables = build_tables(wordnet_dir())
    assert "troop" in tables["nouns"] and "deploy" in tables["verbs"]
    assert tables["event_nouns"]["withdrawal"] == "withdraw"


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("Gao", "Mali", True),  # city and country: left compatible
        ("Gao", "Timbuktu", False),
        ("Niger", "Chad", False),
        ("Beijing", "Shanghai", False),
        ("Rancho Mirage", "Palm Springs", False),
        ("Mali", "Mali", True),
        ("California", "Texas", False),
    ],
)
def test_places_meet_when_one_holds_the_other(a: str, b: str, meet: bool) -> None:
    pa, pb = place_value(a), place_value(b)
    assert pa is not None and pb is not None
    assert pa.meets(pb) is meet and pb.meets(pa) is meet


@pytest.mark.parametrize(
    ("a", "b", "disagree"),
    [
        (("Gao", "Mali"), ("Timbuktu", "Mali"), True),  # the town differs, the country is only context
        (("Gao",), ("Timbuktu", "Gao"), False),  # one side names more towns, one of them the other's
        (("Gao",), ("Mali",), False),
        (("Niger",), ("Chad",), True),
    ],
)
def test_place_sides_compare_like_with_like(a: tuple[str, ...], b: tuple[str, ...], disagree: bool) -> None:
    def side(names: tuple[str, ...]) -> list[Context]:
        return [_ctx(block="place:where", interval=place_value(n), unit="") for n in names]

    assert sides_disagree(side(a), side(b)) is disagree


@pytest.mark.parametrize(
    ("low", "high", "words_b", "ok"),
    [
        (24, 2282, frozenset({"scored"}), False),  # a game's points and a career's: two facts
        (300, 800, frozenset({"scored"}), True),
        (24, 2282, frozenset({"he", "scored", "points", "in", "the", "game"}), True),  # one sentence reworded
    ],
)
def test_counts_far_apart_are_two_facts(low: float, high: float, words_b: frozenset[str], ok: bool) -> None:
    a = _ctx(
        block="number:point",
        interval=Interval("count", low, low),
        words=frozenset({"he", "scored", "points", "in", "the", "game"}),
    )
    b = _ctx(block="number:point", interval=Interval("count", high, high), words=words_b)
    assert plausible(a, b, 10.0) is ok
    age = {"block": "number:year of age", "unit": "year of age"}
    assert plausible(
        _ctx(**age, interval=Interval("count", 3, 3)), _ctx(**age, interval=Interval("count", 60, 60)), 10.0
    )


def _year(y: int) -> Interval:
    """The days of year ``y``, as the reconciler reads "in 1997"."""
    year = date_interval(str(y), "")
    assert year is not None
    return year


def test_dates_years_apart_are_two_events_unless_one_sentence_is_reworded() -> None:
    def year(y: int, words: str) -> Context:
        return _ctx(block="date", interval=_year(y), words=frozenset(words.split()))

    convicted = year(1997, "gigante was convicted of racketeering")
    assert not plausible(
        convicted, year(1959, "a narcotics conviction with genovese followed"), 10.0, 2200
    )  # two convictions
    assert plausible(
        convicted, year(1993, "a narcotics conviction with genovese followed"), 10.0, 2200
    )  # one, told two ways
    assert plausible(convicted, year(1959, "gigante was convicted of racketeering charges"), 10.0, 2200)
    assert plausible(
        convicted, year(1959, "a narcotics conviction with genovese followed"), 10.0
    )  # no limit by default


def test_a_partial_date_meets_the_days_it_may_be() -> None:
    from datetime import date

    def day(y: int, m: int, d: int) -> Interval:
        o = float(date(y, m, d).toordinal())
        return Interval("day", o, o)

    friday = partial_date_interval("XXXX-WXX-5")
    assert friday is not None and friday.meets(day(2008, 12, 19)) and day(2008, 12, 19).meets(friday)
    assert not friday.meets(day(2008, 12, 18))  # a Thursday
    december_6 = partial_date_interval("XXXX-12-06")
    assert december_6 is not None and december_6.meets(day(2008, 12, 6)) and not december_6.meets(day(2008, 12, 20))
    assert friday.meets(december_6)  # no year: nothing says a Friday is not the 6th of December


def test_an_unknown_place_has_no_value() -> None:
    assert place_value("Independence Street") is None


@pytest.mark.parametrize(
    ("value", "kind", "low"),
    [("XXXX-WXX-5", "weekday", 5), ("XXXX-12", "month of year", 12), ("XXXX-11-18", "day of year", 1118)],
)
def test_partial_dates_have_their_own_axis(value: str, kind: str, low: float) -> None:
    interval = partial_date_interval(value)
    assert interval is not None and (interval.kind, interval.low, interval.high) == (kind, low, low)
    assert partial_date_interval("2022-11-18") is None


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (("raymond", "w", "kelly"), ("raymond", "kelly"), True),
        (("robert", "j", "pickell"), ("robert", "pickell"), True),
        (("bashar", "al", "assad"), ("bashar", "assad"), True),
        (("andrew", "wetzler"), ("andrew", "welzler"), False),
        (("jon", "owen"), ("john", "owen"), False),
        # A first initial before a middle name: "W. Mark Felt" is William Mark Felt.
        (("w", "mark", "felt"), ("william", "mark", "felt"), True),
        (("w", "mark", "felt"), ("john", "mark", "felt"), False),
    ],
)
def test_middle_initials_and_particles_are_no_spelling_difference(a: tuple, b: tuple, agree: bool) -> None:
    assert names_agree(a, b) is agree
    assert name_core(("w", "mark", "felt", "sr")) == ("mark", "felt")


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("General Manager", "Chargers General Manager", "agree"),
        ("Police Chief", "Woodburn Chief of Police", "agree"),
        ("associate director", "deputy associate director", "conflict"),
        ("CEO", "COO", "conflict"),
        ("Red Sox CEO", "Red Sox COO", "conflict"),
        ("IMF chief", "IMF head", "wording"),  # the organisation's acronym is in both
        ("Defence Minister", "Secretary of State for the Armed Forces", "wording"),
    ],
)
def test_role_verdicts(config: Config, a: str, b: str, verdict: str) -> None:
    ca, cb = (tuple(sorted(role_core(r, config.reconcile))) for r in (a, b))
    assert role_verdict(ca, cb, config.reconcile) == verdict


def test_units_of_measure_are_never_one_class(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.is_measure("mile") and lexicon.is_measure("kilometre")
    assert not lexicon.same_thing("mile", "kilometre")  # 30 miles and 48 km: one length, two numbers
    assert not lexicon.is_measure("soldier")


def _number(text: str, value: str, high: str, sentence: str) -> Mention:
    at = max(sentence.find(text), 0)
    return Mention("e", "a", "m", "number", text, value, "", "", at, at + len(text), sentence, high=high)


@pytest.mark.parametrize(
    ("text", "value", "high", "sentence", "score"),
    [
        ("20-13 win", "20", "13", "Colts clinch berth with 20-13 win.", True),
        ("9-3", "9", "3", "The jury deadlocked at 9-3.", True),  # a vote split is a score too
        ("from 300 to 250", "300", "250", "Troops went from 300 to 250.", False),
        ("15-20", "15", "20", "Some 15-20 people died.", False),
        ("72 loss", "72", "", "Friday's 88-72 loss in Cleveland.", True),  # a score's second half read alone
        ("$150 million", "150000000", "", "The Orioles offered $140- $150 million.", False),  # a range's end
    ],
)
def test_scores_are_no_ranges(text: str, value: str, high: str, sentence: str, score: bool) -> None:
    assert is_score(_number(text, value, high, sentence)) is score


def _ctx(**kw: object) -> Context:
    base = {"block": "number:homer", "unit": "homer", "verb": "hit", "subject": "teixeira", "subject_named": True}
    return make_context(**{**base, "entities": frozenset({"angels"}), **kw})


def test_other_counts_that_all_differ_mean_another_scope() -> None:
    a = _ctx(counted=frozenset({("rbi", "43"), ("game", "54")}))
    b = _ctx(counted=frozenset({("rbi", "121"), ("game", "157")}))
    assert not frame_evidence(a, b)  # "13 homers, 43 RBIs in 54 games" / "33 homers, 121 RBIs in 157 games"
    c = _ctx(counted=frozenset({("rbi", "43")}))
    assert frame_evidence(a, c)  # one shared count agrees: the same scope
    assert frame_evidence(_ctx(), _ctx())  # same predicate and named subject


def test_a_count_of_part_of_the_event_is_not_the_whole_events() -> None:
    punch = {"block": "number:punch", "unit": "punch", "verb": "throw"}
    round_ = _ctx(**punch, words=frozenset({"landed", "his", "punches", "thrown", "during", "the", "round"}))
    fight = _ctx(**punch, words=frozenset({"final", "numbers", "showed", "landing", "punches", "thrown"}))
    assert not frame_evidence(round_, fight)  # "68 punches thrown during the round" / "369 punches thrown"
    career = _ctx(words=frozenset({"his", "career", "homers"}))
    assert not frame_evidence(career, _ctx(words=frozenset({"homers", "in", "the", "game"})))
    assert frame_evidence(round_, _ctx(**punch, words=frozenset({"threw", "in", "the", "round"})))


def test_adjectival_measures_of_different_things_are_two_facts() -> None:
    yard = {"block": "number:yard", "unit": "yard"}
    drive, pass_ = _ctx(**yard, head="drive"), _ctx(**yard, head="pass")
    assert not frame_evidence(drive, pass_)  # "a 73-yard drive" / "a 41-yard pass"
    assert not frame_evidence(drive, _ctx(**yard))  # "a 73-yard drive" / "rushed for 352 yards"
    assert frame_evidence(drive, _ctx(**yard, head="drive"))


def test_one_predicate_needs_one_more_thing_in_common() -> None:
    won = {"block": "date", "unit": "", "verb": "win", "subject": "", "subject_named": False}
    tony = _ctx(**won, entities=frozenset({"Tony Award"}), words=frozenset({"won", "a", "tony", "musical", "oz"}))
    emmy = _ctx(**won, entities=frozenset({"Emmy"}), words=frozenset({"won", "an", "emmy", "hosting", "show"}))
    assert not frame_evidence(tony, emmy)  # "won a Tony in 2004" / "won an Emmy in 2005"
    assert frame_evidence(tony, _ctx(**won, entities=frozenset({"Tony Award"})))
    killed = {"block": "number:people", "unit": "people", "verb": "kill", "subject": "", "subject_named": False}
    toll = _ctx(**killed, entities=frozenset(), counted=frozenset({("people", "1400")}))
    assert frame_evidence(toll, _ctx(**killed, entities=frozenset({"Zarand"}), counted=frozenset({("people", "1400")})))
    assert not frame_evidence(_ctx(**killed, entities=frozenset()), _ctx(**killed, entities=frozenset({"Zarand"})))
    # A count of nothing named, with one value in both: "killed 1,836 people and injured more than 1,400".
    bare = _ctx(**killed, entities=frozenset(), bare=frozenset({"1400"}))
    assert frame_evidence(bare, _ctx(**killed, entities=frozenset(), bare=frozenset({"1400"})))
    left = {"block": "duration", "unit": "", "verb": "withdraw", "subject": "", "subject_named": False}
    stay = _ctx(**left, entities=frozenset(), dated=frozenset({"P3Y"}))  # "… three years, but … six months to leave"
    assert frame_evidence(stay, _ctx(**left, entities=frozenset(), dated=frozenset({"P3Y"})))


def test_two_verbs_of_one_class_need_two_things_in_common() -> None:
    felt = {"block": "date", "unit": "", "subject": "mark felt", "entities": frozenset({"Mark Felt"})}
    left, stepped = _ctx(**felt, verb="withdraw"), _ctx(**felt, verb="step")
    assert not frame_evidence(left, stepped)  # "Felt left the FBI in 1973" / "Felt stepped forward in 2005"
    assert frame_evidence(left, _ctx(**felt, verb="withdraw"))  # one verb: one more thing in common is enough
    paid = {"block": "number:percentage", "unit": "percentage", "subject": "", "subject_named": False}
    counts = frozenset({("dollar", "3000000")})  # "paid $3 million … plus 20 percent" / "given $3 million … and 5%"
    assert frame_evidence(_ctx(**paid, verb="pay", counted=counts), _ctx(**paid, verb="give", counted=counts))
    fbi = frozenset({"Mark Felt", "FBI"})
    assert frame_evidence(
        _ctx(**{**felt, "entities": fbi}, verb="withdraw"), _ctx(**{**felt, "entities": fbi}, verb="retire")
    )


def test_two_verbs_with_their_own_themes_and_the_same_actors_state_one_date(config: Config) -> None:
    names = frozenset({"Wladimir Klitschko", "Hasim Rahman"})
    base = {"block": "date", "unit": "", "subject": "Wladimir Klitschko", "entities": names}
    stopped = _ctx(**base, verb="stop", theme="champion")  # "Klitschko stopped the former champion on Saturday"
    blasted = _ctx(**base, verb="blast", theme="rahman")  # "Klitschko blasted Rahman on Saturday night"
    assert frame_evidence(stopped, blasted)  # a theme differs with its verb: no veto
    assert same_actors(stopped, blasted) and link_score(stopped, blasted, config.reconcile) >= 0.4
    other = _ctx(**{**base, "subject": "Hasim Rahman"}, verb="show", theme="sign")
    assert not same_actors(stopped, other)  # another subject: the score decides
    award = _ctx(**base, verb="receive", theme="award")
    assert not frame_evidence(award, _ctx(**base, verb="receive", theme="fellowship"))  # one verb, two themes


@pytest.mark.parametrize(
    ("text", "head"), [("three-point", "play"), ("73-yard", "play"), ("twenty-five", ""), ("3 points", "")]
)
def test_a_number_written_before_a_hyphen_measures_the_noun_it_describes(config: Config, text: str, head: str) -> None:
    sentence = f"He finished the {text} play with a free throw."
    m = Mention(
        "e",
        "a",
        "a:1",
        "number",
        text,
        "3",
        "point",
        "",
        0,
        len(text),
        sentence,
        verb="finish",
        frame=Frame(predicate="finish", slot="theme", event_noun="play"),
    )
    assert contexts([m], config.reconcile)["a:1"].head == head


def test_a_date_of_a_light_verb_needs_more_than_who_acted() -> None:
    acquitted = _ctx(block="date", unit="", verb="acquit", subject="vincent gigante")
    was = _ctx(block="date", unit="", verb="", subject="vincent gigante")  # "In 1957, Gigante was the hitman"
    assert not frame_evidence(acquitted, was)
    assert frame_evidence(_ctx(block="date", unit="", verb="", subject="vincent gigante"), was)


def test_two_onsets_around_one_name_are_one_date(config: Config) -> None:
    mali = frozenset({"Mali"})
    since = _ctx(block="date", unit="", verb="battle", subject="Mali", entities=mali, onset=True)  # "Since 2012, Mali"
    erupted = _ctx(
        block="date", unit="", verb="erupt", subject="insurgency", subject_named=False, entities=mali, onset=True
    )
    assert same_onset(since, erupted) and frame_evidence(since, erupted)
    assert link_score(since, erupted, config.reconcile) >= config.reconcile.min_link_score
    elsewhere = _ctx(
        block="date",
        unit="",
        verb="erupt",
        subject="insurgency",
        subject_named=False,
        entities=frozenset({"Chad"}),
        onset=True,
    )
    assert not same_onset(since, elsewhere)


def test_a_date_belongs_to_its_predicate_not_to_who_acted() -> None:
    took = _ctx(block="date", unit="", verb="take", subject="george papandreou")
    vowed = _ctx(block="date", unit="", verb="vow", subject="george papandreou")
    assert not frame_evidence(took, vowed)  # "took office last October" / "vowed Wednesday"
    assert frame_evidence(took, _ctx(block="date", unit="", verb="take", subject="george papandreou"))


def test_a_count_in_brackets_after_another_is_a_conversion() -> None:
    sentence = "The climber fell about 600 metres (2,000 feet) on Saturday."

    def number(text: str, unit: str) -> Mention:
        start = sentence.index(text)
        return Mention("e", "a", f"a:{start}", "number", text, "1", unit, "", start, start + len(text), sentence)

    metres, feet = number("600 metres", "metre"), number("2,000 feet", "foot")
    assert is_conversion(feet, [metres, feet]) and not is_conversion(metres, [metres, feet])


def test_a_career_count_is_not_a_game_count() -> None:
    points = {"block": "number:point", "unit": "point"}
    career = _ctx(**points, words=frozenset({"his", "career", "points", "scored"}))
    game = _ctx(**points, words=frozenset({"he", "scored", "points", "tonight"}))
    assert not frame_evidence(career, game)
    assert frame_evidence(career, _ctx(**points, words=frozenset({"career", "points", "total"})))
    # A part of the game is another scope too: "17 points in the first half" / "finished with 22 points".
    first_half = _ctx(**points, words=frozenset({"had", "points", "in", "the", "first", "half"}))
    assert not frame_evidence(first_half, game)


def test_a_count_of_others_is_not_the_whole() -> None:
    victims = {"block": "number:victim", "unit": "victim"}
    assert not frame_evidence(_ctx(**victims), _ctx(**victims, additive=True))  # "the three" / "two other victims"
    assert frame_evidence(_ctx(**victims, additive=True), _ctx(**victims, additive=True))


def test_counts_dated_on_days_apart_are_two_events() -> None:
    january, friday = Interval("day", 733043, 733073), Interval("day", 733395, 733395)
    assert not frame_evidence(_ctx(when=frozenset({january})), _ctx(when=frozenset({friday})))
    assert frame_evidence(_ctx(when=frozenset({friday})), _ctx(when=frozenset({friday})))
    weekday = Interval("weekday", 5, 5)  # "on Friday" with no year: another axis, no evidence either way
    assert frame_evidence(_ctx(when=frozenset({january})), _ctx(when=frozenset({weekday})))


def test_a_count_of_nothing_named_is_compared_only_as_an_argument(config: Config) -> None:
    def bare(slot: str, preposition: str = "") -> Mention:
        return Mention(
            "e",
            "a",
            "a:1",
            "number",
            "12",
            "12",
            "",
            "",
            0,
            2,
            "Police said 12 were injured.",
            verb="injure",
            frame=Frame(predicate="injure", slot=slot, preposition=preposition),
        )

    assert block_and_interval(bare("agent"), config.reconcile, {}) is not None  # "12 were injured"
    assert block_and_interval(bare("location", "on"), config.reconcile, {}) is None  # "call police on 0845 125 2222"
    the = replace(bare("agent"), sentence="The two met in November.", text="two", value="2", start=4, end=7)
    assert block_and_interval(the, config.reconcile, {}) is None  # the people counted before, no count of its own


def test_a_count_of_days_is_a_length_like_a_duration(config: Config) -> None:
    days = Mention("e", "a", "a:1", "number", "90 days", "90", "day", "", 0, 7, "She must stay 90 days.", verb="stay")
    block, length = block_and_interval(days, config.reconcile, {})  # type: ignore[misc]
    assert block == "duration" and length.low <= 90 <= length.high


def test_an_offset_is_no_length(config: Config) -> None:
    def duration(text: str) -> Mention:
        return Mention(
            "e",
            "a",
            "a:1",
            "date",
            text,
            "P1Y",
            "duration",
            "",
            0,
            len(text),
            f"{text}, he was convicted.",
            verb="convict",
        )

    assert block_and_interval(duration("A year later"), config.reconcile, {})[0] == "offset"  # type: ignore[index]
    assert block_and_interval(duration("a year"), config.reconcile, {})[0] == "duration"  # type: ignore[index]
    # "the past 50 years", "the last three years": a window counted back, like "ago".
    assert block_and_interval(duration("the past year"), config.reconcile, {})[0] == "offset"  # type: ignore[index]
    assert block_and_interval(duration("the next year"), config.reconcile, {})[0] == "duration"  # type: ignore[index]
    # The offset word after the mention: "two days after the break-in".
    after = replace(duration("a year"), sentence="They met a year after the break-in.", start=9, end=15)
    assert block_and_interval(after, config.reconcile, {})[0] == "offset"  # type: ignore[index]
    # A stretch of something is how long it lasted, whatever comes before: "after 30 hours of deliberation".
    of = replace(duration("after a year"), sentence="after a year of talks, he was convicted.")
    assert block_and_interval(of, config.reconcile, {})[0] == "duration"  # type: ignore[index]


def test_a_place_measured_from_is_not_where(config: Config) -> None:
    sentence = "A motorist 50 miles north of Detroit spotted the car."
    start = sentence.index("Detroit")
    place = Mention(
        "e",
        "a",
        "a:1",
        "place",
        "Detroit",
        "Detroit",
        "",
        "",
        start,
        start + 7,
        sentence,
        verb="spot",
        frame=Frame(predicate="spot", slot="location", preposition="of"),
    )
    placed = block_and_interval(place, config.reconcile, {})
    assert placed is not None and placed[0] == "place:bearing"  # compared by its direction, never as "where"
    where = replace(place, sentence="A motorist in Detroit spotted the car.", start=13, end=20)
    placed = block_and_interval(where, config.reconcile, {})
    assert placed is not None and placed[0] == "place:where"


@pytest.mark.parametrize(
    ("text", "unit", "compared"),
    [
        ("76ers", "", False),
        ("49ers", "", False),
        ("3mph", "mile per hour", True),
        ("10km", "kilometre", True),
        ("76", "", True),
    ],
)
def test_digits_run_into_a_word_name_a_team_not_a_count(config: Config, text: str, unit: str, compared: bool) -> None:
    m = Mention(
        "e",
        "a",
        "a:1",
        "number",
        text,
        text.rstrip("ersmphk"),
        unit,
        "",
        0,
        len(text),
        f"The {text} were fired.",
        verb="fire",
        frame=Frame(predicate="fire", slot="agent"),
    )
    assert (block_and_interval(m, config.reconcile, {}) is not None) is compared


def test_a_support_verb_stands_for_its_event_noun(lexicon) -> None:  # type: ignore[no-untyped-def]
    suffered = Mention(
        "e",
        "a",
        "a:1",
        "number",
        "two cables",
        "2",
        "cable",
        "",
        0,
        10,
        "Two cables suffered damage.",
        verb="suffer",
        frame=Frame(predicate="suffer", slot="agent", theme="damage"),
    )
    assert predicate_of(suffered, lexicon, frozenset({"be"}), frozenset({"suffer"})) == "damage"
    assert predicate_of(suffered, lexicon, frozenset({"be"})) == "suffer"
    home = Frame(predicate="strike", slot="destination", preposition="to", anchor="home", event_noun="home")
    people = Mention(
        "e", "a", "a:2", "number", "120,000 people", "120000", "people", "", 0, 14, "", verb="strike", frame=home
    )
    assert predicate_of(people, lexicon, frozenset()) == "home"  # "Qeshm island, home to 120,000 people"
    held = Frame(predicate="withdraw", slot="theme", preposition="of", anchor="contingent", event_noun="contingent")
    troops = Mention(
        "e", "a", "a:3", "number", "300 troops", "300", "troop", "", 0, 10, "", verb="withdraw", frame=held
    )
    assert predicate_of(troops, lexicon, frozenset()) == "withdraw"  # "the contingent of 300 troops will withdraw"


def test_a_date_on_a_noun_of_saying_is_the_date_of_the_saying(lexicon) -> None:  # type: ignore[no-untyped-def]
    on_noun = Frame(
        predicate="follow", slot="location", preposition="in", anchor="announcement", event_noun="announcement"
    )
    february = Mention(
        "e", "a", "a:1", "date", "February", "2022-02", "month", "", 0, 8, "", verb="follow", frame=on_noun
    )
    assert predicate_of(february, lexicon, frozenset()) == "announce"  # "an announcement by Macron in February"
    # Without a preposition the noun is only a word of the sentence: "the February announcement" is not rewritten.
    plain = Frame(predicate="follow", slot="", event_noun="announcement")
    other = Mention("e", "a", "a:2", "date", "February", "2022-02", "month", "", 0, 8, "", verb="follow", frame=plain)
    assert predicate_of(other, lexicon, frozenset()) == "follow"
    # A stretch "of" the noun is how long it lasted, whatever the clause's verb: "After four days and more than 90
    # hours of deliberations, the jury was deadlocked".
    sentence = "After four days and more than 90 hours of deliberations, the jury was deadlocked."
    start = sentence.index("more than 90 hours")
    hours = Mention(
        "e",
        "a",
        "a:3",
        "date",
        "more than 90 hours",
        "PT90H",
        "duration",
        "",
        start,
        start + 18,
        sentence,
        verb="deadlock",
        frame=Frame(predicate="deadlock", event_noun="deliberation"),
    )
    assert predicate_of(hours, lexicon, frozenset()) == "deliberate"


def test_a_capital_and_a_person_titled_by_its_country_act_for_one_nation(config: Config) -> None:
    text = "The decision followed an announcement by French President Emmanuel Macron in February."

    def at(word: str, kind: str, value: str, **kw: object) -> Mention:
        start = text.index(word)
        return Mention(
            "e",
            "a",
            f"a:{start}",
            kind,
            word,
            value,
            "",
            "",
            start,
            start + len(word),
            text,
            **kw,  # type: ignore[arg-type]
        )

    date = at(
        "February", "date", "2022-02", verb="announce", frame=Frame(predicate="announce", agent="Emmanuel Macron")
    )
    date = replace(date, unit="month")
    mentions = [
        at("French", "place", "France"),
        at("President Emmanuel Macron", "role", "President"),
        at("Emmanuel Macron", "person", "Emmanuel Macron"),
        date,
    ]
    assert contexts(mentions, config.reconcile)[date.mention_id].nation == "France"
    paris = _ctx(block="date", unit="", verb="announce", subject="Paris", nation="France")
    macron = _ctx(block="date", unit="", verb="announce", subject="Emmanuel Macron", nation="France")
    denmark = _ctx(block="date", unit="", verb="announce", subject="Denmark", nation="Denmark")
    assert context_score(paris, macron, config.reconcile) > -math.inf
    assert context_score(paris, denmark, config.reconcile) == -math.inf
    assert (nation_of("Paris"), nation_of("France"), nation_of("Gao")) == ("France", "France", "")


def test_ages_line_up_only_on_the_person_they_describe() -> None:
    age = {"block": "number:year of age", "unit": "year of age", "verb": "", "subject": "", "subject_named": False}
    assert frame_evidence(_ctx(**age, anchor="hasim rahman"), _ctx(**age, anchor="hasim rahman"))
    assert not frame_evidence(_ctx(**age, anchor="hugh jackman"), _ctx(**age, anchor="oscar maximillian"))


def test_two_ages_of_one_holder_link_whatever_their_verbs(config: Config) -> None:
    age = {"block": "number:year of age", "unit": "year of age", "subject": "", "subject_named": False}
    a = _ctx(**age, verb="win", anchor="wladimir klitschko")
    b = _ctx(**age, verb="follow", anchor="wladimir klitschko", entities=frozenset())
    c = _ctx(**age, verb="follow", anchor="hasim rahman", entities=frozenset())
    assert link_score(a, b, config.reconcile) >= config.reconcile.min_link_score
    assert link_score(a, c, config.reconcile) < config.reconcile.min_link_score
    # "a 32-year-old British climber" / "a 36-year-old Australian climber": one holder noun, two nationalities.
    uk = _ctx(**{**age, "subject": "United Kingdom", "subject_named": True}, verb="die", anchor="climber")
    au = _ctx(**{**age, "subject": "Australia", "subject_named": True}, verb="", anchor="climber")
    assert link_score(uk, au, config.reconcile) == -math.inf


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("scott", "boras"), ("naturally", "scott", "boras")),
        (("jeremy", "shockey"), ("te", "jeremy", "shockey")),
        (("lucky", "luciano"), ("charles", "lucky", "luciano")),
    ],
)
def test_a_name_that_ends_another_agrees_with_it(a: tuple, b: tuple) -> None:
    assert names_agree(a, b) and names_agree(b, a)
    assert not names_agree(("herbert", "hoover"), ("j", "edgar", "hoover"))


def _home_sentence(source: str, sentence: str, person: str, place: str, frame: Frame) -> list[Mention]:
    at, where = sentence.index(person), sentence.index(place)
    return [
        Mention("e", source, f"{source}:p", "person", person, person, "", "", at, at + len(person), sentence),
        Mention(
            "e", source, f"{source}:l", "place", place, place, "", "", where, where + len(place), sentence, frame=frame
        ),
    ]


def test_a_place_a_person_is_of_is_their_home_and_two_homes_disagree(config: Config) -> None:
    of = Frame(predicate="stop", slot="theme", preposition="of", anchor="Anthony LaSalle")
    a = _home_sentence(
        "a", "Police stopped Anthony LaSalle, 36, of Bloomington, at a junction.", "Anthony LaSalle", "Bloomington", of
    )
    b = _home_sentence(
        "b",
        "Anthony LaSalle, 36, of Minneapolis, was charged with murder.",
        "Anthony LaSalle",
        "Minneapolis",
        replace(of, predicate="charge"),
    )
    c = _home_sentence(
        "c",
        "John Smith, 40, of Minneapolis, was charged with theft.",
        "John Smith",
        "Minneapolis",
        replace(of, predicate="charge", anchor="John Smith"),
    )
    ctx = contexts([*a, *b, *c], config.reconcile)
    x, y, z = ctx["a:l"], ctx["b:l"], ctx["c:l"]
    assert x.block == y.block == z.block == "place:home" and x.anchor == y.anchor == "anthony lasalle"
    assert frame_evidence(x, y) and link_score(x, y, config.reconcile) >= config.reconcile.min_link_score
    assert sides_disagree([x], [y])
    assert not frame_evidence(x, z)  # somebody else's home
    lived = Frame(predicate="live", slot="location", preposition="in")
    unnamed = _home_sentence("d", "The man, who lived in Bloomington, fell.", "man", "Bloomington", lived)
    d = contexts(unnamed[1:], config.reconcile)["d:l"]
    assert d.block == "place:home" and not d.anchor and not frame_evidence(x, d)  # nobody's home: never aligned


def test_two_homes_of_one_person_are_a_conflict_labelled_with_whose_home(config: Config) -> None:
    of = Frame(predicate="stop", slot="theme", preposition="of", anchor="Anthony LaSalle")
    a = _home_sentence("a", "Police stopped Anthony LaSalle, 36, of Bloomington.", "Anthony LaSalle", "Bloomington", of)
    b = _home_sentence("b", "Anthony LaSalle, 36, of Minneapolis, was charged.", "Anthony LaSalle", "Minneapolis", of)
    articles = [Article("e", s, "") for s in ("a", "b")]
    rows = [r for r in reconcile_event([*a, *b], articles, config.reconcile) if r.kind == "place"]
    assert {(r.status, r.fact, r.value) for r in rows} == {
        ("conflict", "home of Anthony LaSalle", "Bloomington"),
        ("conflict", "home of Anthony LaSalle", "Minneapolis"),
    }


def test_a_country_and_a_person_of_no_known_country_may_be_one_actor(config: Config) -> None:
    day = {"block": "date", "unit": "", "verb": "die", "interval": Interval("day", 1, 1), "entities": frozenset()}
    australian = _ctx(**day, subject="Australia", nation="Australia", counted=frozenset({("year of age", "36")}))
    rait = _ctx(**day, subject="Duncan Rait", nation="", person=True, counted=frozenset({("year of age", "36")}))
    assert context_score(australian, rait, config.reconcile) > -math.inf  # "an Australian man died" / "Rait died"
    # One predicate and the same other count ("36-year-old") in both: one fact.
    assert link_score(australian, rait, config.reconcile) >= config.reconcile.min_link_score
    older = replace(rait, counted=frozenset({("year of age", "63")}))
    assert link_score(australian, older, config.reconcile) < config.reconcile.min_link_score
    sweden, denmark = (_ctx(**day, subject=c, nation=c) for c in ("Sweden", "Denmark"))
    assert context_score(sweden, denmark, config.reconcile) == -math.inf
    klitschko, thompson = (_ctx(**day, subject=p, nation="", person=True) for p in ("Klitschko", "Thompson"))
    assert context_score(klitschko, thompson, config.reconcile) == -math.inf
    un = _ctx(**day, subject="United Nations", nation="")  # an organisation of no country is no person
    assert context_score(australian, un, config.reconcile) == -math.inf


def test_a_date_the_other_sentence_also_states_is_matched_there(config: Config) -> None:
    def year(y: int, dated: frozenset[str]) -> Context:
        day = _year(y)
        return _ctx(
            block="date", unit="", verb="win", interval=day, dated=dated, words=frozenset({f"{y}", f"x{y}", "won"})
        )

    tony = year(2004, frozenset())  # "He won a Tony Award in 2004"
    emmy = year(2005, frozenset({"2004"}))  # "He won an Emmy in 2005 for hosting the Tony Awards in 2004"
    assert not frame_evidence(tony, emmy) and not frame_evidence(emmy, tony)
    assert frame_evidence(tony, year(2005, frozenset({"1999"})))  # nothing else in it says 2004


def test_a_place_the_other_sentence_also_names_is_no_contradiction() -> None:
    def spread(country: str, others: set[str]) -> Context:
        value = place_value(country)
        assert value is not None
        words = frozenset({country.lower(), "protests", "spread", f"to{len(others)}"})
        return _ctx(block="place:to", unit="", verb="spread", interval=value, places=frozenset(others), words=words)

    italy = spread("Italy", {"Spain"})  # "spread to Italy and Spain"
    turkey = spread("Turkey", {"Germany", "Spain", "Italy", "Russia"})  # "spread to Turkey, as well as ... Italy"
    assert not frame_evidence(italy, turkey) and not frame_evidence(turkey, italy)
    lone = spread("Turkey", {"Germany"})
    assert sides_disagree([italy], [lone])  # what the rule leaves: two places that do contradict


def test_a_count_the_other_sentence_also_states_is_matched_there() -> None:
    def tds(n: int, also: frozenset[Interval]) -> Context:
        words = frozenset({"touchdowns", f"x{n}", f"y{len(also)}"})
        return _ctx(
            block="number:touchdown",
            unit="touchdown",
            verb="score",
            interval=Interval("count", n, n),
            also=also,
            words=words,
        )

    runbacks = tds(3, frozenset())  # "scored three touchdowns on punt runbacks"
    rushing = tds(2, frozenset({Interval("count", 3, 3), Interval("count", 4, 4)}))  # "... two TDs, ... three"
    assert not frame_evidence(runbacks, rushing) and not frame_evidence(rushing, runbacks)
    assert frame_evidence(runbacks, tds(2, frozenset({Interval("count", 4, 4)})))


def test_a_year_on_a_noun_dates_that_thing(config: Config) -> None:
    # "She received the 2000 National Caring Award"
    d = doc(
        ["She", "received", "the", "2000", "National", "Caring", "Award"],
        [1, 1, 6, 6, 6, 6, 1],
        ["nsubj", "ROOT", "det", "nummod", "compound", "compound", "dobj"],
        ["PRON", "VERB", "DET", "NUM", "PROPN", "PROPN", "PROPN"],
        ["she", "receive", "the", "2000", "national", "caring", "award"],
    )
    assert frame_of(d[3]).modifies == "award"
    assert frame_of(d[0]).modifies == ""

    def year(y: int, head: str, verb: str = "receive") -> Context:
        day = _year(y)
        return _ctx(block="date", unit="", verb=verb, interval=day, head=head, words=frozenset({f"w{y}", head}))

    caring, mandela = year(2000, "award"), year(1998, "")  # "... received the Mandela Award in 1998"
    assert not frame_evidence(caring, mandela)  # a dated award is not the date of any receiving
    assert frame_evidence(caring, year(1998, "award"))  # two dated things of one kind
    crash = year(2012, "crash", verb="crash")  # "a plea deal stemming from her 2012 car crash": its predicate
    assert frame_evidence(crash, year(2011, "", verb="crash"))  # the date of the event the noun names


def test_a_future_date_and_a_past_one_are_two_events() -> None:
    def hosting(y: int, future: bool) -> Context:
        day = _year(y)
        words = frozenset({f"w{y}", "host", "oscars", str(future)})
        return _ctx(block="date", unit="", verb="host", interval=day, tense="future" if future else "past", words=words)

    assert not frame_evidence(hosting(2014, True), hosting(2007, False))  # "will host next year" / "hosted in 2007"
    assert frame_evidence(hosting(2014, True), hosting(2015, True))


def test_two_lengths_dated_apart_are_two_facts(config: Config) -> None:
    def sentence(years: float, year: int) -> Context:
        dated = _year(year)
        length = Interval("length", years * 365 * 0.97, years * 365 * 1.03)
        words = frozenset({"sentence", f"w{year}", f"y{years}"})
        return _ctx(block="duration", unit="", verb="sentence", interval=length, when=frozenset({dated}), words=words)

    assert not frame_evidence(sentence(12, 1997), sentence(5, 1959))  # "imposed in 1997" / "in 1959"
    assert frame_evidence(sentence(12, 1997), sentence(15, 1997))
    ctx = contexts(
        [
            Mention(
                "e",
                "a",
                "a:1",
                "date",
                "12-year",
                "P12Y",
                "duration",
                "",
                10,
                17,
                "He served a 12-year term in 1997.",
                verb="serve",
                frame=Frame(predicate="serve"),
            ),
            Mention(
                "e",
                "a",
                "a:2",
                "date",
                "1997",
                "1997",
                "year",
                "",
                28,
                32,
                "He served a 12-year term in 1997.",
                verb="serve",
                frame=Frame(predicate="serve"),
            ),
        ],
        config.reconcile,
    )
    assert len(ctx["a:1"].when) == 1  # the length is dated by its sentence


def test_a_future_count_and_a_past_one_are_two_facts() -> None:
    def games(n: int, future: bool) -> Context:
        words = frozenset({"bush", "miss", f"g{n}", str(future)})
        return _ctx(
            block="number:game",
            unit="game",
            verb="miss",
            interval=Interval("count", n, n),
            tense="future" if future else "past",
            words=words,
        )

    assert not frame_evidence(games(2, True), games(4, False))  # "will miss the final two games" / "missed four"
    assert frame_evidence(games(2, False), games(4, False))
    withdraws = replace(games(800, False), tense="")  # "UK withdraws 800 troops": a headline's present
    assert frame_evidence(games(2, True), withdraws)  # may be the plan "will withdraw" announces


@pytest.mark.parametrize(
    ("words", "lemmas", "aux", "tense"),
    [
        (["Bush", "missed", "four", "games"], ["bush", "miss", "four", "game"], "", "past"),
        (["Bush", "misses", "four", "games"], ["bush", "miss", "four", "game"], "", ""),
        (["Bush", "will", "miss", "four", "games"], ["bush", "will", "miss", "four", "game"], "will", "future"),
        (["Bush", "has", "missed", "four", "games"], ["bush", "have", "miss", "four", "game"], "has", "past"),
    ],
)
def test_the_tense_of_a_claim(words: list[str], lemmas: list[str], aux: str, tense: str) -> None:
    verb = 2 if aux else 1
    heads = [verb] * len(words)
    deps = ["nsubj", *(["aux"] if aux else []), "ROOT", "nummod", "dobj"]
    pos = ["PROPN", *(["AUX"] if aux else []), "VERB", "NUM", "NOUN"]
    heads[-2] = len(words) - 1
    d = doc(words, heads, deps, pos, lemmas)
    assert frame_of(d[len(words) - 1]).modality == tense


def test_kin_of_another_generation_is_another_thing(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert not lexicon.same_thing("child", "grandson")  # "two children" / "four grandsons" survive him
    assert not lexicon.same_thing("grandchild", "child")
    assert lexicon.same_thing("grandchild", "grandson")


def test_a_place_home_to_a_count_is_where_the_count_lives() -> None:
    # "The quake struck Qeshm island, home to 120,000 people": the tagger's adverb "home" still holds the count
    d = doc(
        ["The", "quake", "struck", "Qeshm", "island", "home", "to", "120,000", "people"],
        [1, 2, 2, 4, 2, 4, 5, 8, 6],
        ["det", "nsubj", "ROOT", "compound", "dobj", "advmod", "prep", "nummod", "pobj"],
        ["DET", "NOUN", "VERB", "PROPN", "NOUN", "ADV", "ADP", "NUM", "NOUN"],
        ["the", "quake", "strike", "qeshm", "island", "home", "to", "120,000", "people"],
    )
    f = frame_of(d[8])
    assert (f.event_noun, f.preposition) == ("home", "to")


def test_a_named_subject_keeps_its_name_over_its_team() -> None:
    # "Chargers wide receiver Jackson was arrested Sunday": the team modifies Jackson, who was arrested.
    d = doc(
        ["Chargers", "wide", "receiver", "Jackson", "was", "arrested", "Sunday"],
        [3, 2, 3, 5, 5, 5, 5],
        ["compound", "amod", "compound", "nsubjpass", "auxpass", "ROOT", "npadvmod"],
        ["PROPN", "ADJ", "NOUN", "PROPN", "AUX", "VERB", "PROPN"],
        ["chargers", "wide", "receiver", "jackson", "be", "arrest", "sunday"],
        ents=["B-ORG", "O", "O", "O", "O", "O", "B-DATE"],
    )
    assert frame_of(d[6]).agent == "jackson"
    # A common noun still acts for the country or organisation before it: "the German army announced".
    army = doc(
        ["The", "German", "army", "announced", "Monday"],
        [2, 2, 3, 3, 3],
        ["det", "amod", "nsubj", "ROOT", "npadvmod"],
        ["DET", "ADJ", "NOUN", "VERB", "PROPN"],
        ["the", "german", "army", "announce", "monday"],
        ents=["O", "B-NORP", "O", "O", "B-DATE"],
    )
    assert frame_of(army[4]).agent == "German"


def test_a_subject_parsed_twice_is_the_head_of_its_phrase() -> None:
    # "Chargers receiver Vincent Jackson was arrested Sunday", the tagger giving two subjects: Jackson's arrest.
    d = doc(
        ["Chargers", "receiver", "Vincent", "Jackson", "was", "arrested", "Sunday"],
        [5, 3, 3, 5, 5, 5, 5],
        ["nsubjpass", "compound", "compound", "nsubjpass", "auxpass", "ROOT", "npadvmod"],
        ["PROPN", "NOUN", "PROPN", "PROPN", "AUX", "VERB", "PROPN"],
        ents=["B-ORG", "O", "B-PERSON", "I-PERSON", "O", "O", "B-DATE"],
    )
    assert frame_of(d[6]).agent == "Vincent Jackson"


def test_two_subjects_of_their_own_keep_the_first() -> None:
    # "Manning's pass to Clark and Vinatieri's goal tied the scores", parsed with "pass" and "Clark" as subjects.
    d = doc(
        ["pass", "to", "Clark", "tied", "the", "scores"],
        [3, 0, 3, 3, 5, 3],
        ["nsubj", "prep", "nsubj", "ROOT", "det", "dobj"],
        ["NOUN", "ADP", "PROPN", "VERB", "DET", "NOUN"],
        ["pass", "to", "clark", "tie", "the", "score"],
    )
    assert frame_of(d[5]).agent == "pass"  # "to" hangs on "pass", outside the words up to "Clark"


def test_a_headline_infinitive_is_future() -> None:
    # "Bush to miss last 2 games"
    d = doc(
        ["Bush", "to", "miss", "last", "2", "games"],
        [2, 2, 2, 5, 5, 2],
        ["nsubj", "aux", "ROOT", "amod", "nummod", "dobj"],
        ["PROPN", "PART", "VERB", "ADJ", "NUM", "NOUN"],
    )
    assert frame_of(d[5]).modality == "future"
    # "he wanted to miss two games": an infinitive under another verb says nothing of when
    d = doc(
        ["he", "wanted", "to", "miss", "two", "games"],
        [1, 1, 3, 1, 5, 3],
        ["nsubj", "ROOT", "aux", "xcomp", "nummod", "dobj"],
        ["PRON", "VERB", "PART", "VERB", "NUM", "NOUN"],
    )
    assert frame_of(d[5]).modality != "future"


def test_would_with_an_if_clause_is_no_future() -> None:
    # "If it had, we would not have 355 damaged shops": what there would be, not what there will be
    words = ["If", "it", "had", ",", "we", "would", "not", "have", "355", "damaged", "shops"]
    heads = [2, 2, 7, 7, 7, 7, 7, 7, 10, 10, 7]
    deps = ["mark", "nsubj", "advcl", "punct", "nsubj", "aux", "neg", "ROOT", "nummod", "amod", "dobj"]
    pos = ["SCONJ", "PRON", "VERB", "PUNCT", "PRON", "AUX", "PART", "VERB", "NUM", "ADJ", "NOUN"]
    assert frame_of(doc(words, heads, deps, pos)[10]).modality == "modal"
    # without the condition, "would" is the future of reported speech ("he said he would have two weeks")
    plain = doc(words[4:], [h - 4 for h in heads[4:]], deps[4:], pos[4:])
    assert frame_of(plain[6]).modality == "future"


@pytest.mark.parametrize(
    ("sentence", "scores"),
    [
        ("the Tar Heels bounced back with a 108-70 rout of the Cougars", {(108, 70)}),
        ("as the Colts beat the host Jaguars, 31-24, on Thursday night", {(31, 24)}),
        ("Creighton (25-7) will play Indiana State", set()),  # a record
        ("Creighton improved to 25-7 on the season", set()),
        ("offers between $140-150 million", set()),
        ("played for the Bluejays from 1995-99", set()),
        ("stopping the fight at 2:56", set()),
    ],
)
def test_scores_in_running_text(sentence: str, scores: set[tuple[int, int]]) -> None:
    assert scores_in(sentence) == scores


def test_counts_told_with_two_different_game_scores_are_two_games() -> None:
    points = {"block": "number:point", "unit": "point", "verb": "score", "subject": "hansbrough"}
    rout = _ctx(**points, scores=frozenset({(108, 70)}))
    assert not frame_evidence(rout, _ctx(**points, scores=frozenset({(91, 73)})))
    assert frame_evidence(rout, _ctx(**points, scores=frozenset({(108, 70)})))
    assert frame_evidence(rout, _ctx(**points))  # a sentence with no score says nothing of which game


def test_statements_about_different_organisations_are_two_facts() -> None:
    elected = {"block": "date", "unit": "", "verb": "elect", "subject": "benjamin", "entities": frozenset()}
    ama = _ctx(**elected, organisations=frozenset({"American Medical Association Board of Trustees"}))
    alabama = _ctx(**elected, organisations=frozenset({"Medical Association of Alabama"}))
    assert not frame_evidence(ama, alabama)  # "elected to the AMA's board in 1995" / "chosen … in 2002"
    assert frame_evidence(
        ama, _ctx(**elected, organisations=frozenset({"American Medical Association Board of Trustees"}))
    )
    # Another name in common says they may still be one: "Seacom announced" / "Seacom and Mweb announced".
    shared = {"entities": frozenset({"Seacom"})}
    assert frame_evidence(
        _ctx(**{**elected, **shared}, organisations=frozenset({"Seacom"})),
        _ctx(**{**elected, **shared}, organisations=frozenset({"Mweb"})),
    )


def test_who_says_it_is_no_organisation_the_statement_is_about(config: Config) -> None:
    sentence = "Ten people died in the quake, AFP said, quoting the Red Crescent."
    toll = Mention("e", "a", "a:1", "number", "Ten people", "10", "people", "", 0, 10, sentence, verb="die")
    afp = Mention("e", "a", "a:2", "organisation", "AFP", "AFP", "", "", 30, 33, sentence, frame=Frame(predicate="say"))
    crescent = Mention("e", "a", "a:3", "organisation", "Red Crescent", "Red Crescent", "", "", 51, 63, sentence)
    assert contexts([toll, afp, crescent], config.reconcile)["a:1"].organisations == {"Red Crescent"}


def test_one_sentence_reworded_links_whatever_the_verbs(config: Config) -> None:
    words = frozenset(["jackson", "status", "sunday", "divisional", "playoff", "game", "chargers", "receiver"])
    affect = _ctx(block="place:where", unit="", verb="affect", subject="", subject_named=False, words=words)
    play = _ctx(block="place:where", unit="", verb="play", subject="", subject_named=False, words=words | {"afc"})
    assert link_score(affect, play, config.reconcile) >= config.reconcile.min_link_score
    other = _ctx(block="place:where", unit="", verb="play", subject="", subject_named=False, words=frozenset({"afc"}))
    assert link_score(affect, other, config.reconcile) < config.reconcile.min_link_score


@pytest.mark.parametrize(("text", "wider"), [("today", True), ("late yesterday", True), ("Monday", False)])
def test_a_day_counted_from_the_article_date_allows_a_day_either_side(config: Config, text: str, wider: bool) -> None:
    m = Mention("e", "a", "a:1", "date", text, "2007-04-10", "day", "", 0, len(text), f"He left {text}.", verb="leave")
    placed = block_and_interval(m, config.reconcile, {})
    assert placed is not None
    assert placed[1].meets(date_interval("2007-04-09", "")) is wider  # type: ignore[arg-type]


def _place(source: str, start: int, name: str, sentence: str, **kw: object) -> Mention:
    at = sentence.index(name)
    return Mention("e", source, f"{source}:{at}", "place", name, name, "", "", at, at + len(name), sentence, **kw)  # type: ignore[arg-type]


def test_the_place_after_a_town_and_a_comma_is_where_the_town_is(config: Config) -> None:
    def where(source: str, state: str) -> Context:
        sentence = f"A fire damaged Sarah Palin's church in Wasilla, {state}, on Friday."
        frame = Frame(predicate="damage", slot="location", preposition="in")
        town = _place(source, 0, "Wasilla", sentence, frame=frame)
        held = _place(source, 0, state, sentence, frame=Frame(predicate="damage", slot="attribute"))
        return contexts([town, held], config.reconcile)[held.mention_id]

    alaska, virginia = where("a", "Alaska"), where("b", "West Virginia")
    assert (alaska.block, alaska.anchor) == ("place:within", "wasilla")
    assert frame_evidence(alaska, virginia)
    assert link_score(alaska, virginia, config.reconcile) >= config.reconcile.min_link_score
    # A list of countries is no place inside another.
    sentence = "It connects Pakistan, India, Sri Lanka and Egypt."
    listed = [
        _place("a", 0, n, sentence, frame=Frame(predicate="connect", slot="theme")) for n in ("India", "Sri Lanka")
    ]
    assert contexts(listed, config.reconcile).get(listed[1].mention_id, alaska).block != "place:within"


def test_a_place_that_describes_a_noun_is_not_where_the_event_was() -> None:
    where = {"block": "place:where", "unit": "", "verb": "die", "subject": "larue", "subject_named": True}
    names = frozenset({"larue", "nixon"})
    died = _ctx(**where, entities=names)
    assert same_actors(died, _ctx(**where, entities=names))
    assert not same_actors(died, _ctx(**where, entities=names, describes=True))  # "at Nixon's Florida holiday home"


def test_a_statement_date_lines_up_only_with_the_same_statement(config: Config) -> None:
    def said(source: str, day: str, sentence: str) -> Context:
        at = sentence.index(day)
        m = Mention(
            "e", source, f"{source}:d", "date", day, day, "partial", "", at, at + len(day), sentence, verb="say"
        )
        placed = block_and_interval(m, config.reconcile, {})
        assert placed is not None and placed[0] == "date:said"
        return _ctx(block=placed[0], interval=placed[1], unit="", verb="say", words=_words_of(sentence, day))

    copy = "An explosion at a bank killed a police officer and a bomb technician, officials said {}."
    monday, saturday = (
        said("a", "XXXX-WXX-1", copy.format("XXXX-WXX-1")),
        said("b", "XXXX-WXX-6", copy.format("XXXX-WXX-6")),
    )
    assert frame_evidence(monday, saturday)  # one statement, two days: a disagreement
    other = said("c", "XXXX-WXX-6", "Police said XXXX-WXX-6 they had no suspects yet.")
    assert not frame_evidence(monday, other)  # two statements: each outlet quotes its own day
    byline = Mention(
        "e", "a", "a:p", "date", "Monday", "XXXX-WXX-1", "partial", "", 11, 17, "Published: Monday", verb="publish"
    )
    assert block_and_interval(byline, config.reconcile, {}) is None


def _words_of(sentence: str, own: str) -> frozenset[str]:
    return frozenset(
        w for w in "".join(c if c.isalnum() else " " for c in sentence.lower()).split() if w != own.lower()
    )


def test_the_noun_a_participle_describes_is_its_object() -> None:
    # "a bill signed by Obama on March 11"
    d = doc(
        ["a", "bill", "signed", "by", "Obama", "on", "March", "11"],
        [1, 1, 1, 2, 3, 2, 5, 6],
        ["det", "ROOT", "acl", "agent", "pobj", "prep", "pobj", "nummod"],
        ["DET", "NOUN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "NUM"],
        ["a", "bill", "sign", "by", "obama", "on", "march", "11"],
    )
    f = frame_of(d[6])
    assert (f.predicate, f.theme) == ("sign", "bill")
    d = doc(
        ["people", "living", "in", "Gao"],
        [0, 0, 1, 2],
        ["ROOT", "acl", "prep", "pobj"],
        ["NOUN", "VERB", "ADP", "PROPN"],
        ["people", "live", "in", "gao"],
    )
    assert frame_of(d[3]).theme == ""  # a present participle describes who, it has no object


def test_opposite_predicates_are_never_one_fact(config: Config) -> None:
    lexicon = load_lexicon()
    assert lexicon.opposite("win", "lose") and lexicon.opposite("hire", "fire") and not lexicon.opposite("kill", "die")
    won, lost = _ctx(verb="win"), _ctx(verb="lose")
    assert not frame_evidence(won, lost)
    assert link_score(won, lost, config.reconcile) == -math.inf


@pytest.mark.parametrize(
    ("text", "sentence", "part"),
    [
        ("two", "It affected Etisalat and LINKdotNET, two of Egypt's largest providers.", True),
        ("three telecom providers", "The country's three telecom providers were affected.", False),
        ("55 percent", "As much as 55 percent of voice traffic was out of service.", False),
        ("12 children", "Horton was the mother of 12 children.", False),
    ],
)
def test_a_count_of_some_of_a_set_is_a_part(config: Config, text: str, sentence: str, part: bool) -> None:
    at = sentence.index(text)
    unit = "percentage" if "percent" in text else "provider"
    m = Mention("e", "a", "a:1", "number", text, "2", unit, "", at, at + len(text), sentence, verb="affect")
    assert contexts([m], config.reconcile)["a:1"].part is part
    providers = {"block": "number:provider", "unit": "provider", "verb": "affect"}
    assert not frame_evidence(_ctx(**providers, part=True), _ctx(**providers))


def test_a_count_still_needed_is_no_count_made(config: Config) -> None:
    sentence = "Hansbrough needed nine points to pass Ford."
    m = Mention("e", "a", "a:1", "number", "nine points", "9", "point", "", 18, 29, sentence, verb="need")
    assert contexts([m], config.reconcile)["a:1"].tense == "future"
    points = {"block": "number:point", "unit": "point", "verb": "score"}
    assert not frame_evidence(_ctx(**points, tense="future"), _ctx(**points, tense="past"))


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("west", "east", False),
        ("north", "south-west", False),
        ("north-west", "west", True),
        ("south west", "southern", True),
        ("north", "east", True),  # two directions, no contradiction
    ],
)
def test_two_directions_from_a_place_disagree_only_when_opposite(a: str, b: str, meet: bool) -> None:
    x, y = bearing(a, "Aden"), bearing(b, "Aden")
    assert x is not None and y is not None
    assert x.meets(y) is meet


def test_a_place_measured_from_is_compared_by_direction(config: Config) -> None:
    def attacked(source: str, way: str) -> tuple[Mention, Context]:
        sentence = f"Pirates attacked the ship 150 nautical miles {way} of Aden."
        m = _place(source, 0, "Aden", sentence, frame=Frame(predicate="attack", slot="", preposition="of"))
        return m, contexts([m], config.reconcile)[m.mention_id]

    (_, west), (_, east) = attacked("a", "west"), attacked("b", "east")
    assert (west.block, west.anchor, west.interval.name) == ("place:bearing", "aden", "west of Aden")  # type: ignore[union-attr]
    assert frame_evidence(west, east) and not west.interval.meets(east.interval)
    assert bearing("upstream", "Aden") is None


def test_two_directions_from_one_place_are_a_conflict_showing_the_directions(config: Config) -> None:
    frame = Frame(predicate="attack", slot="", preposition="of")
    mentions = [
        _place(s, 0, "Aden", f"Pirates attacked the ship 150 nautical miles {way} of Aden.", frame=frame)
        for s, way in (("a", "west"), ("b", "east"))
    ]
    articles = [Article("e", s, "") for s in ("a", "b")]
    rows = [r for r in reconcile_event(mentions, articles, config.reconcile) if r.kind == "place"]
    assert {(r.status, r.fact, r.value, r.text) for r in rows} >= {
        ("conflict", "direction from Aden", "west of Aden", "Aden"),
        ("conflict", "direction from Aden", "east of Aden", "Aden"),
    }


def test_a_count_in_a_stretch_of_a_game_is_not_the_game_count() -> None:
    points = {"block": "number:point", "unit": "point", "verb": "have", "subject": "clark"}
    early = _ctx(**points, words=frozenset({"clark", "had", "in", "the", "first", "eight", "minutes", "game"}))
    final = _ctx(**points, words=frozenset({"clark", "finished", "with", "and", "nine", "rebounds"}))
    assert not frame_evidence(early, final)  # "17 points in the first eight minutes" / "finished with 22 points"
    again = _ctx(**points, words=frozenset({"clark", "scored", "in", "the", "first", "minutes"}))
    assert frame_evidence(early, again)


def test_a_misspelt_name_still_says_whose_age_it_is(config: Config) -> None:
    def aged(source: str, name: str, aliases: dict[str, str]) -> Context:
        sentence = f"The trial of 16-year-old {name} started."
        at = sentence.index(name)
        person = Mention("e", source, f"{source}:p", "person", name, name, "", "", at, at + len(name), sentence)
        age = Mention(
            "e", source, f"{source}:a", "number", "16", "16", "year of age", "", 13, 15, sentence,
            verb="start", frame=Frame(predicate="start", slot="attribute", anchor=name),
        )  # fmt: skip
        return contexts([person, age], config.reconcile, aliases=aliases)[age.mention_id]

    fact = NameFact(
        "person",
        "Jermayne Timmons",
        (
            Mention("e", "a", "a:p", "person", "Jermayne Timmons", "Jermayne Timmons", "", "", 0, 1, ""),
            Mention("e", "b", "b:p", "person", "Jerymayne Timmons", "Jerymayne Timmons", "", "", 0, 1, ""),
        ),
    )
    aliases = person_aliases([fact])
    assert aliases == {"Jerymayne Timmons": "Jermayne Timmons"}
    assert aged("a", "Jermayne Timmons", aliases).anchor == aged("b", "Jerymayne Timmons", aliases).anchor
    assert aged("b", "Jerymayne Timmons", {}).anchor == "jerymayne timmons"
    assert person_aliases([replace(fact, identity=True)]) == {}  # "Jon Owen" / "John Owen": who is who
