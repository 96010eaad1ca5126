"""0.6.33: counts of a noun described by one verb are of one kind ("355 damaged shops" / "565 shops suffering
serious damage"; "infected 30,000 websites" / "10,000 websites that have been infected")."""

from __future__ import annotations

from conftest import make_context
from conftest import make_doc as doc
from pipeline.extract.frames import frame_of
from pipeline.reconcile.lexicon import load_lexicon
from pipeline.reconcile.links import same_kind_counted


def test_the_frame_lists_the_verbs_that_describe_the_noun() -> None:
    damaged = doc(["355", "damaged", "shops"], [2, 2, 2], ["nummod", "amod", "ROOT"], ["NUM", "ADJ", "NOUN"])
    assert frame_of(damaged[2]).described == ("damaged",)
    # "565 shops suffering serious damage"
    suffering = doc(
        ["565", "shops", "suffering", "serious", "damage"],
        [1, 1, 1, 4, 2],
        ["nummod", "ROOT", "acl", "amod", "dobj"],
        ["NUM", "NOUN", "VERB", "ADJ", "NOUN"],
        ["565", "shop", "suffer", "serious", "damage"],
    )
    assert frame_of(suffering[1]).described == ("suffer", "damage")
    # "10,000 websites that have been infected"
    infected = doc(
        ["10,000", "websites", "that", "have", "been", "infected"],
        [1, 1, 5, 5, 5, 1],
        ["nummod", "ROOT", "nsubjpass", "aux", "auxpass", "relcl"],
        ["NUM", "NOUN", "PRON", "AUX", "AUX", "VERB"],
        ["10,000", "website", "that", "have", "be", "infect"],
    )
    assert frame_of(infected[1]).described == ("infect",)
    # an adjective that is no participle describes nothing done to the noun
    big = doc(["three", "big", "shops"], [2, 2, 2], ["nummod", "amod", "ROOT"], ["NUM", "ADJ", "NOUN"])
    assert frame_of(big[2]).described == ()


def test_a_participle_is_read_as_its_verb() -> None:
    lexicon = load_lexicon()
    assert [lexicon.verb_of(w) for w in ("damaged", "infected", "wounded", "stolen", "shop")] == [
        "damage",
        "infect",
        "wound",
        "stolen",  # irregular: as written
        "shop",
    ]


def test_counts_described_by_one_verb_are_of_one_kind() -> None:
    def shops(**fields: object) -> object:
        return make_context(block="number:shop", unit="shop", **fields)

    damaged, suffering = shops(described=frozenset({"damage"})), shops(described=frozenset({"suffer", "damage"}))
    assert same_kind_counted(damaged, suffering)
    assert same_kind_counted(shops(verb="infect"), shops(described=frozenset({"infect"})))
    assert same_kind_counted(shops(described=frozenset({"infect"})), shops(verb="infect"))
    assert not same_kind_counted(shops(described=frozenset({"loot"})), damaged)
    assert not same_kind_counted(shops(), shops())  # nothing said of either
    # another thing counted
    assert not same_kind_counted(damaged, make_context(block="number:bank", unit="bank", described=damaged.described))
