"""One name of a place or organisation however the outlets write it: the names around a value say which event."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.reconcile.match import frame_evidence
from pipeline.reconcile.slots import contexts
from pipeline.reconcile.spellings import one_spelling
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
