"""0.6.31: a verb's particle is part of its predicate ("passed away" is "died"), one verb is one sense of WordNet's
(not one class of it), an occurrence verb stands for its subject ("the explosion occurred"), and a town in a road's
name is not where the road is."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_reconcile import Sentence, run, statuses

from conftest import make_doc as doc
from pipeline.config import Config
from pipeline.extract.frames import frame_of
from pipeline.reconcile.lexicon import Lexicon, load_lexicon
from pipeline.reconcile.readings import names_a_road
from pipeline.reconcile.slots import contexts, predicate_of
from pipeline.records import Frame, Mention


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_the_frame_keeps_the_predicates_particle() -> None:
    d = doc(
        ["Page", "passed", "away", "Sunday"],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "prt", "npadvmod"],
        ["PROPN", "VERB", "ADP", "PROPN"],
        ["Page", "pass", "away", "Sunday"],
    )
    frame = frame_of(d[3])
    assert (frame.predicate, frame.particle) == ("pass", "away")
    plain = doc(["Page", "died", "Sunday"], [1, 1, 1], ["nsubj", "ROOT", "npadvmod"], ["PROPN", "VERB", "PROPN"])
    assert frame_of(plain[2]).particle == ""


def _mention(verb: str, **frame: str) -> Mention:
    return Sentence("a.txt", "x Sunday").add("date", "Sunday", "XXXX-WXX-7", unit="partial", verb=verb).mentions[0]


def _with(verb: str, **fields: str) -> Mention:
    return replace(_mention(verb), frame=Frame(predicate=verb, **fields))


def test_a_phrasal_verb_is_its_own_predicate_unless_its_verb_is_light(lexicon: Lexicon, config: Config) -> None:
    light = frozenset(config.reconcile.light_verbs)
    support = frozenset(config.reconcile.support_verbs)
    assert predicate_of(_with("pass", particle="away"), lexicon, light, support) == "pass away"
    assert predicate_of(_with("pass"), lexicon, light, support) == "pass"
    # WordNet does not know it: the verb alone
    assert predicate_of(_with("pass", particle="upward"), lexicon, light, support) == "pass"
    # "went out for nine weeks": a light verb stays light
    assert predicate_of(_with("go", particle="out"), lexicon, light, support) == ""
    # "cast ballots": a support verb with an event noun for object is that noun's verb
    assert predicate_of(_with("cast", theme="ballot"), lexicon, light, support) == "ballot"


def test_an_occurrence_verb_stands_for_its_subject(lexicon: Lexicon, config: Config) -> None:
    light = frozenset(config.reconcile.light_verbs)
    assert predicate_of(_with("occur", agent="explosion"), lexicon, light) == "explode"
    assert predicate_of(_with("happen", agent="entanglement"), lexicon, light) == "entanglement"
    assert predicate_of(_with("happen", agent="Mark Felt"), lexicon, light) == "happen"  # a name did it


def test_one_verb_is_one_sense_not_one_class(lexicon: Lexicon) -> None:
    assert lexicon.same_verb("pass away", "die")  # one synset
    assert lexicon.same_verb("ballot", "vote")  # balloting is a kind of voting
    assert lexicon.same_verb("check in", "check")  # one writer's particle is another's preposition
    assert lexicon.same_predicate("check in", "check")
    # One class (kinds of seizing; a rarer sense), two verbs: they need more in common to be one fact.
    assert lexicon.same_predicate("hijack", "abduct") and not lexicon.same_verb("hijack", "abduct")
    assert not lexicon.same_verb("capture", "seize")
    assert not lexicon.same_verb("give up", "give in")


def _place(sentence: str, place: str) -> Mention:
    return Sentence("a.txt", sentence).add("place", place, place).mentions[0]


def test_a_town_in_a_roads_name_is_not_where_the_road_is(lexicon: Lexicon) -> None:
    assert names_a_road(
        _place("It happened at the bank on the Newberg 214 Highway just before 5:30 p.m.", "Newberg"), lexicon
    )
    assert names_a_road(_place("a shop on Beijing Road.", "Beijing"), lexicon)
    assert not names_a_road(_place("a bomb went off on a Baghdad street on Monday", "Baghdad"), lexicon)
    assert not names_a_road(_place("The explosion occurred at a branch in Woodburn, Oregon.", "Woodburn"), lexicon)
    assert not names_a_road(_place("a bank in Beijing on Monday", "Beijing"), lexicon)


def test_died_and_passed_away_on_two_days_conflict(config: Config) -> None:
    def death(source: str, text: str, day: str, value: str, verb: str, particle: str = "") -> Sentence:
        s = Sentence(source, text).add("person", "Bettie Page", "Bettie Page")
        s.add("date", day, value, unit="partial", verb=verb, subject="Bettie Page")
        s.mentions[1] = replace(
            s.mentions[1], frame=Frame(predicate=verb, particle=particle, agent="Bettie Page", slot="time")
        )
        return s

    died = death(
        "a.txt", "Bettie Page, the pin-up queen, died Thursday in Los Angeles.", "Thursday", "XXXX-WXX-4", "die"
    )
    passed = death(
        "b.txt",
        "Bettie Page, the 1950s pin-up queen, passed away Sunday at age 85.",
        "Sunday",
        "XXXX-WXX-7",
        "pass",
        "away",
    )
    assert statuses(run(config, died, passed), "date") == [("conflict", frozenset({"XXXX-WXX-4", "XXXX-WXX-7"}))]


def test_a_phrasal_verb_not_listed_is_in_its_verbs_synonym_class(config: Config) -> None:
    s = Sentence("a.txt", "They will now pull out within the next six months.")
    s.add("date", "the next six months", "P6M", unit="duration", verb="pull")
    m = replace(s.mentions[0], frame=Frame(predicate="pull", particle="out", slot="time"))
    assert "pull" in config.reconcile.synonyms["withdraw"]
    assert contexts([m], config.reconcile)[m.mention_id].verb == "withdraw"
