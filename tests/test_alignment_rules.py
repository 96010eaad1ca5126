"""Alignment rules of 0.6.3 on hand-built parses and contexts: stat lines, who acted and who underwent,
coordinated verbs, places of other things, a disagreement told twice."""

from __future__ import annotations

import math
from dataclasses import replace

from conftest import make_context
from conftest import make_doc as doc
from pipeline.config import Config
from pipeline.extract.frames import frame_of
from pipeline.reconcile.align import Group, candidate_pairs, merge_restated
from pipeline.reconcile.lexicon import load_lexicon
from pipeline.reconcile.links import same_stat_line
from pipeline.reconcile.match import context_score, coordinated_match, frame_evidence, link_score
from pipeline.reconcile.places import place_value
from pipeline.reconcile.readings import is_part
from pipeline.reconcile.slots import Context, contexts
from pipeline.reconcile.values import Interval
from pipeline.records import Frame, Mention


def _ctx(**kw: object) -> Context:
    return make_context(
        **{"block": "number:reception", "interval": Interval("count", 59, 59), "unit": "reception", **kw}
    )


LINE = frozenset({("yard", "1098"), ("touchdown", "7")})


def test_a_count_in_one_line_of_counts_is_one_fact_whatever_the_span_is_called(config: Config) -> None:
    # "his finest season in 2008 with 177 receptions for 1,098 yards and seven touchdowns" /
    # "He set career-highs of 59 receptions, 1,098 yards and seven touchdowns."
    season = _ctx(counted=LINE, words=frozenset({"his", "finest", "season", "with", "for", "yards"}), tense="past")
    career = _ctx(
        interval=Interval("count", 177, 177),
        counted=LINE,
        words=frozenset({"he", "set", "career", "highs", "of", "yards"}),
        tense="future",
    )
    assert same_stat_line(season, career)
    assert frame_evidence(season, career)
    assert link_score(season, career, config.reconcile) >= config.reconcile.min_link_score
    assert candidate_pairs([season, career], 50) == {(0, 1)}  # no verb, subject or name in common: the line


def test_one_shared_count_or_a_part_is_no_stat_line() -> None:
    one = _ctx(counted=frozenset({("yard", "1098")}))
    assert not same_stat_line(one, _ctx(counted=LINE))
    # "swatted 5 of his season-high 6 blocked shots" / "had 11 points, 11 rebounds and six blocked shots"
    assert not same_stat_line(_ctx(counted=LINE, part=True), _ctx(counted=LINE))
    # "played in just 10 games this year" / "Through 14 games in the 2008 season": a span told once only
    scoped = _ctx(counted=LINE, words=frozenset({"through", "the", "season"}))
    assert not same_stat_line(scoped, _ctx(counted=LINE, words=frozenset({"played", "this", "year"})))
    assert not same_stat_line(_ctx(block="date", counted=LINE), _ctx(block="date", counted=LINE))


def _charge(source: str, sentence: str, subject: str, theme: str, *, agent: str = "") -> list[Mention]:
    at = sentence.index("Friday")
    date = Mention(
        "e", source, f"{source}:d", "date", "Friday", "XXXX-WXX-5", "partial", "", at, at + 6, sentence,
        subject=subject, verb="charge", frame=Frame(predicate="charge", agent=agent, theme=theme),
    )  # fmt: skip
    name = sentence.index(subject)
    person = Mention(
        "e", source, f"{source}:p", "person", subject, subject, "", "", name, name + len(subject), sentence
    )
    return [date, person]


def test_one_who_acted_and_one_it_happened_to_are_no_two_actors(config: Config) -> None:
    filed = _charge("a", "The County Attorney charged Anthony LaSalle on Friday.", "County Attorney", "lasalle")
    charged = _charge("b", "Anthony LaSalle was charged on Friday.", "Anthony LaSalle", "lasalle")
    ctx = contexts(filed + charged, config.reconcile)
    a, b = ctx["a:d"], ctx["b:d"]
    assert (a.patient, b.patient) == (False, True)
    assert context_score(a, b, config.reconcile) > -math.inf
    # Two who underwent it are still two: "Smith was charged on Friday" / "Jones was charged on Friday".
    other = _charge("c", "Mark Jones was charged on Friday.", "Mark Jones", "jones")
    c = contexts(charged + other, config.reconcile)["c:d"]
    assert c.patient and context_score(b, c, config.reconcile) == -math.inf


def test_a_value_said_once_belongs_to_every_coordinated_verb() -> None:
    # "He shot and killed a woman and wounded two men Monday"
    d = doc(
        ["He", "shot", "and", "killed", "a", "woman", "and", "wounded", "two", "men", "Monday"],
        [1, 1, 1, 1, 5, 3, 3, 3, 9, 7, 7],
        ["nsubj", "ROOT", "cc", "conj", "det", "dobj", "cc", "conj", "nummod", "dobj", "npadvmod"],
        ["PRON", "VERB", "CCONJ", "VERB", "DET", "NOUN", "CCONJ", "VERB", "NUM", "NOUN", "PROPN"],
        ["he", "shoot", "and", "kill", "a", "woman", "and", "wound", "two", "man", "monday"],
    )
    monday = frame_of(d[10])
    assert (monday.predicate, monday.coordinated) == ("wound", ("kill", "shoot"))
    assert frame_of(d[5]).coordinated == ("shoot", "wound")  # the woman killed
    # "A gunman shot three people … Thursday morning" / "… shot and killed a woman and wounded two men Monday"
    shot = _ctx(block="date", verb="shoot", entities=frozenset({"Detroit"}))
    wounded = _ctx(
        block="date", verb="wound", coordinated=frozenset({"kill", "shoot"}), entities=frozenset({"Detroit"})
    )
    assert coordinated_match(shot, wounded) and frame_evidence(shot, wounded)
    assert coordinated_match(shot, wounded, exact=True)
    assert not coordinated_match(shot, replace(wounded, coordinated=frozenset({"announce"})), exact=True)
    assert not coordinated_match(replace(shot, verb="announce"), wounded)
    assert candidate_pairs([shot, wounded], 50) == {(0, 1)}


def test_a_class_alone_is_no_coordinated_match_across_voices() -> None:
    # "who was fired last week" (dismissed) / "shot one person and injured two others Monday"
    fired = _ctx(block="date", verb="fire", patient=True)
    injured = _ctx(block="date", verb="injure", coordinated=frozenset({"shoot"}))
    assert load_lexicon().same_predicate("fire", "shoot")  # WordNet: to fire a gun
    assert not coordinated_match(fired, injured)
    assert coordinated_match(replace(fired, patient=False), injured)
    assert coordinated_match(replace(fired, verb="shoot"), injured)  # the same verb is the same verb


def test_a_relative_pronoun_object_stands_for_its_noun() -> None:
    # "a Troy resident who was fired on Thursday"
    d = doc(
        ["a", "resident", "who", "was", "fired", "on", "Thursday"],
        [1, 1, 4, 4, 1, 4, 5],
        ["det", "ROOT", "nsubjpass", "auxpass", "relcl", "prep", "pobj"],
        ["DET", "NOUN", "PRON", "AUX", "VERB", "ADP", "PROPN"],
        ["a", "resident", "who", "be", "fire", "on", "thursday"],
    )
    thursday = frame_of(d[6])
    assert (thursday.predicate, thursday.agent, thursday.theme) == ("fire", "resident", "resident")


def test_places_of_two_different_things_are_two_facts() -> None:
    # "a six-game loss to Detroit" / "at the helm for Philadelphia"
    loss = _ctx(block="place:to", verb="compile", subject="cheeks", anchor="loss")
    helm = _ctx(block="place:to", verb="compile", subject="cheeks", anchor="helm")
    assert not frame_evidence(loss, helm)
    assert frame_evidence(loss, replace(helm, anchor="loss"))
    assert frame_evidence(loss, replace(helm, anchor=""))  # a place on the verb may be the loss's


def test_a_place_the_other_names_a_thing_after_is_no_contradiction() -> None:
    # "Lohan should remain at Morningside" / "checked into Morningside Recovery in Newport Beach"
    morningside = _ctx(block="place:at", verb="remain", interval=place_value("Morningside"), subject="lohan")
    newport = _ctx(
        block="place:at",
        verb="remain",
        interval=place_value("Newport Beach"),
        subject="lohan",
        anchor="morningside recovery",
    )
    assert morningside.interval is not None and newport.interval is not None
    assert not frame_evidence(morningside, newport)
    assert frame_evidence(morningside, replace(newport, anchor=""))


def test_a_statement_reworded_by_the_same_speaker_is_dated_once() -> None:
    # "A bomb explosion at a bank killed a police officer …, officials said Monday" / "An explosion at a bank
    # killed a police officer …, officials said Saturday, offering a reward"
    words = frozenset({"explosion", "bank", "killed", "officer", "officials", "said"})
    monday = _ctx(block="date:said", verb="say", subject="official", words=words | {"bomb", "state", "did", "not"})
    saturday = _ctx(
        block="date:said", verb="say", subject="official", words=words | {"an", "offering", "reward", "for"}
    )
    assert frame_evidence(monday, saturday)
    assert not frame_evidence(monday, replace(saturday, subject="police"))  # another speaker: another statement
    other = frozenset({"the", "toll", "rose", "to", "officials", "said"})
    assert not frame_evidence(monday, replace(saturday, words=other))  # the same speaker, another statement


def _group(*said: tuple[str, float, float]) -> Group:
    """A group of counts of one thing: (source, low, high) per mention."""
    mentions = [
        Mention("e", s, f"{s}:{i}", "number", "x", str(low), "people", "", i, i + 1, "")
        for i, (s, low, _) in enumerate(said)
    ]
    return Group(
        mentions, [_ctx(block="number:people", interval=Interval("count", low, high)) for _, low, high in said]
    )


def test_the_same_disagreement_told_twice_is_one_finding() -> None:
    # "killing at least 10 people" / "killing at least three people"; "10 people had been killed" / "three killed"
    def first() -> Group:
        return _group(("a", 10, 10), ("b", 10, 10), ("c", 3, 4.5))

    merged = merge_restated([first(), _group(("d", 10, 10), ("b", 10, 10), ("c", 3, 3))])
    assert len(merged) == 1 and {m.source for m in merged[0].mentions} == {"a", "b", "c", "d"}
    # One source in common is no restating; nor is a group in which the two agree ("tens of thousands" twice).
    assert len(merge_restated([first(), _group(("d", 10, 10), ("c", 3, 3))])) == 2
    vague = _group(("b", 10_000, 100_000), ("c", 10_000, 100_000))
    assert len(merge_restated([_group(("b", 80_000, 80_000), ("c", 20_000, 20_000)), vague])) == 2


def test_a_place_noun_or_a_name_ending_in_the_same_noun_is_the_same_thing() -> None:
    lexicon = load_lexicon()
    assert lexicon.is_location("town") and not lexicon.is_location("loss")
    gao = _ctx(block="place:where", verb="base", subject="uk", anchor="town")  # "the remote town of Gao"
    destination = _ctx(block="place:where", verb="base", subject="uk", anchor="destination")  # "a destination to Gao"
    assert frame_evidence(gao, destination)
    mission = _ctx(block="place:where", verb="withdraw", subject="uk", anchor="mission")  # "UN mission in Mali"
    named = replace(mission, anchor="united nations multidimensional integrated stabilization mission")
    assert frame_evidence(mission, named)


def test_an_event_noun_has_no_coordinated_verbs_of_its_clause(config: Config) -> None:
    sentence = "The government agreed to slash spending and jack up taxes in return for 110 billion euros."
    start = sentence.index("110 billion euros")

    def euros(frame: Frame) -> Mention:
        return Mention(
            "e",
            "a.txt",
            "a:1",
            "number",
            "110 billion euros",
            "110000000000",
            "euro",
            "",
            start,
            start + 17,
            sentence,
            verb="jack",
            frame=frame,
        )

    returned = euros(Frame(predicate="jack", event_noun="return", coordinated=("slash",)))
    ctx = contexts([returned], config.reconcile)[returned.mention_id]
    # The count is the returning's ("in return for"), which no verb of the clause is coordinated with.
    assert ctx.verb == "return" and ctx.coordinated == frozenset()
    jacked = euros(Frame(predicate="jack", coordinated=("slash",)))
    assert contexts([jacked], config.reconcile)[jacked.mention_id].coordinated == frozenset({"slash"})


def test_a_last_one_is_a_part_of_the_others() -> None:
    def count(sentence: str, text: str) -> Mention:
        start = sentence.index(text)
        return Mention("e", "a.txt", "a:1", "number", text, "1", "chance", "", start, start + len(text), sentence)

    # "The Jaguars had two chances to tie" / "… one final chance to win": the last of the two, not another count.
    assert is_part(count("The Jaguars had one final chance to win the game.", "one final chance"))
    assert is_part(count("Two of Egypt's largest providers were cut.", "Two"))
    assert not is_part(count("The Jaguars had two chances to tie the score.", "two chances"))


def test_two_counts_of_who_acted_are_two_groups_of_people(config: Config) -> None:
    # "The two met from June 19, 1972" (Felt and Woodward) / "The three met … in November" (with Felt's grandson)
    two = make_context(block="date", interval=Interval("day", 1, 1), verb="meet", subject="two")
    three = replace(two, subject="three", interval=Interval("month of year", 11, 11))
    assert context_score(two, three, config.reconcile) == -math.inf
    assert context_score(two, replace(three, subject="two"), config.reconcile) > 0
