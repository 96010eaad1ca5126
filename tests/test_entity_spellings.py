"""One name of a place or organisation however the outlets write it: the names around a value say which event."""

from __future__ import annotations

from dataclasses import replace

from pipeline.config import Config
from pipeline.reconcile.match import frame_evidence
from pipeline.reconcile.slots import contexts
from pipeline.reconcile.spellings import one_spelling, people_by_surname
from pipeline.records import Frame, Mention


def _entity(source: str, kind: str, name: str, n: int = 1) -> Mention:
    return Mention("e", source, f"{source}:{kind}:{name}:{n}", kind, name, name, "", "", 0, len(name), name)


def test_a_plural_or_a_hyphen_is_one_spelling() -> None:
    spelled = one_spelling(
        [
            _entity("a", "place", "Champs-Elysees"),
            _entity("b", "place", "Champs-Elysee"),
            _entity("c", "place", "Champs-Elysees", 2),
        ]
    )
    assert spelled["Champs-Elysee"] == spelled["Champs-Elysees"] == "Champs-Elysees"


def test_a_company_or_island_word_after_a_name_of_the_event_is_that_name() -> None:
    mentions = [
        _entity("a", "person", "Harry Winston"),
        _entity("b", "person", "Harry Winston Diamond Corp."),  # the tagger took the company for a person
        _entity("a", "place", "Qeshm"),
        _entity("b", "place", "Qeshm Island"),
    ]
    spelled = one_spelling(mentions)
    assert spelled["Harry Winston Diamond Corp."] == "Harry Winston"
    assert spelled["Qeshm Island"] == "Qeshm"


def test_a_longer_name_without_such_a_word_stays_itself() -> None:
    mentions = [_entity("a", "place", "New York"), _entity("b", "organisation", "New York Times")]
    assert one_spelling(mentions).get("New York Times", "New York Times") == "New York Times"
    # One word and a company's word after another: "Apple Daily Co." is no company of "Apple".
    mentions = [_entity("a", "organisation", "Apple"), _entity("b", "organisation", "Apple Daily Co.")]
    assert one_spelling(mentions).get("Apple Daily Co.", "Apple Daily Co.") == "Apple Daily Co."


def test_names_spelled_two_ways_are_names_in_common(config: Config) -> None:
    def robbed(source: str, sentence: str, verb: str, *names: tuple[str, str]) -> list[Mention]:
        start = sentence.index("Thursday")
        date = Mention(
            "e",
            source,
            f"{source}:date",
            "date",
            "Thursday",
            "XXXX-WXX-4",
            "partial",
            "",
            start,
            start + 8,
            sentence,
            verb=verb,
            frame=Frame(predicate=verb, slot="location", preposition="on"),
        )
        others = []
        for kind, name in names:
            i = sentence.index(name)
            others.append(
                Mention("e", source, f"{source}:{name}", kind, name, name, "", "", i, i + len(name), sentence)
            )
        return [date, *others]

    a = robbed(
        "a.txt",
        "Thieves on Thursday stole the jewels at the Harry Winston boutique off the Champs-Elysees.",
        "steal",
        ("person", "Harry Winston"),
        ("place", "Champs-Elysees"),
    )
    b = robbed(
        "b.txt",
        "Harry Winston Diamond Corp.'s store near the Champs-Elysee was stormed by robbers on Thursday.",
        "storm",
        ("person", "Harry Winston Diamond Corp."),
        ("place", "Champs-Elysee"),
    )
    ctx = contexts([*a, *b], config.reconcile)
    x, y = ctx["a.txt:date"], ctx["b.txt:date"]
    assert x.entities == y.entities == {"Harry Winston", "Champs-Elysees"}
    assert frame_evidence(x, y)  # two verbs of one event, told around the same two names


def test_a_surname_alone_stands_for_the_one_person_of_the_event_who_bears_it(config: Config) -> None:
    people = [
        _entity("a", "person", "Wladimir Klitschko"),
        _entity("b", "person", "Tony Thompson"),
        _entity("b", "person", "Thompson", 2),  # one word: no full name to stand for
    ]
    assert people_by_surname(people, {}) == {"klitschko": "Wladimir Klitschko", "thompson": "Tony Thompson"}
    # Two people share it (the brothers Klitschko): the surname alone says neither.
    assert "klitschko" not in people_by_surname([*people, _entity("c", "person", "Vitali Klitschko")], {})
    # "Klitschko dumped Thompson onto the canvas" with no person tagged: the subject is still named.
    count = Mention(
        "e", "c", "c:number:5", "number", "fifth", "5", "round", "", 0, 5,
        "Klitschko dumped Thompson in the fifth round.", verb="dump",
        frame=Frame(predicate="dump", agent="Klitschko", slot="attribute"),
    )  # fmt: skip
    ctx = contexts([*people, count], config.reconcile)["c:number:5"]
    assert (ctx.subject, ctx.subject_named) == ("Wladimir Klitschko", True)
    # A lower-case subject is a common noun, whatever it spells.
    lower = replace(count, mention_id="c:number:6", frame=replace(count.frame, agent="thompson"))
    assert not contexts([*people, lower], config.reconcile)["c:number:6"].subject_named
