"""Entities: roles with their person, places, organisations, label voting and person clusters across an event."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from conftest import SAMPLE_EVENT, ParseFn, sample_sentence
from pipeline.config import Config
from pipeline.extract.entities import _sound_alike_tokens, _trim, entity_candidates, is_owned
from pipeline.extract.entity_names import (
    longer_names,
    match_full_name,
    misspelt_surname,
    same_person,
    surnames_similar,
    tables,
)
from pipeline.extract.entity_resolve import _extend_short_names, person_index, resolve_entities, vote_kinds
from pipeline.ingest import read_event_dir
from pipeline.records import Article, Kind, Mention


def _resolved(parse_text: ParseFn, config: Config, text: str) -> list[Mention]:
    doc, article = parse_text(text)
    mentions = entity_candidates(doc, article=article, config=config.extract.entities)
    return resolve_entities(mentions, config=config.extract.entities)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        (sample_sentence("Defence Minister James Heappey told"), "Defence Minister", "James Heappey", ""),
        (sample_sentence("Defense Minister James Heappey told"), "Defense Minister", "James Heappey", ""),
        (
            sample_sentence("UK Minister of State for the Armed Forces"),
            "Minister of State for the Armed Forces",
            "James Heappey",
            "",
        ),
        (sample_sentence("British Armed Forces Minister James"), "Armed Forces Minister", "James Heappey", ""),
        (
            sample_sentence("The Secretary of State for the Armed Forces, James"),
            "Secretary of State for the Armed Forces",
            "James Heappey",
            "",
        ),
        (sample_sentence("British Defense Secretary James Hebby"), "Defense Secretary", "James Hebby", ""),
        (sample_sentence("then British Prime Minister Boris Johnson"), "Prime Minister", "Boris Johnson", "then"),
        (sample_sentence("French President Emmanuel Macron"), "President", "Emmanuel Macron", ""),
        (
            "James Heappey spoke to MPs on Monday. Heappey, the armed forces minister, said the troops would leave.",
            "Armed Forces Minister",
            "James Heappey",
            "",
        ),
        (
            "Boris Johnson, the then prime minister, hailed the deployment in 2020.",
            "Prime Minister",
            "Boris Johnson",
            "then",
        ),
        # Lower-case appositives with "a"/"an", possessives and "with" (ECB+ wire copy).
        (
            "Gigante's death was confirmed by Christine Monaco, a spokeswoman for the FBI.",
            "Spokeswoman for the FBI",
            "Christine Monaco",
            "",
        ),
        (
            "Janette Brimmer, an attorney with Earthjustice, said the rule was unlawful.",
            "Attorney with Earthjustice",
            "Janette Brimmer",
            "",
        ),
        ("Jon Owen, the city's public safety director, said a call came in.", "Public Safety Director", "Jon Owen", ""),
        ("Scott Boras, Teixeira's agent, presented the offer.", "Agent", "Scott Boras", ""),
        (
            "Los Angeles County Sheriff's Deputy Jerry Ortiz died on Friday.",
            "Los Angeles County Sheriff's Deputy",
            "Jerry Ortiz",
            "",
        ),
        ("The company's chief executive, Steve Ballmer, said sales rose.", "Chief Executive", "Steve Ballmer", ""),
        ("FBI associate director Mark Felt said the agency would help.", "FBI Associate Director", "Mark Felt", ""),
        (
            "Mark Felt, the associate director of the FBI, said the agency would help.",
            "Associate Director of the FBI",
            "Mark Felt",
            "",
        ),
        # A title said with "be", and an appositive a phrase of time follows (after a suffix's full stop).
        (
            "Mark Felt was deputy associate director of the FBI in 1972.",
            "Deputy Associate Director of the FBI",
            "Mark Felt",
            "",
        ),
        (
            "W. Mark Felt Sr., the associate director of the FBI during the Watergate scandal, died.",
            "Associate Director of the FBI",
            "W. Mark Felt Sr",
            "",
        ),
        (
            "He worked for John Mitchell, the former attorney general who headed the campaign.",
            "Attorney General",
            "John Mitchell",
            "former",
        ),
        (
            "Alfredo Perez, a spokesman for the U.S. Marshals Service, said he was caught.",
            "Spokesman for the U.S. Marshals Service",
            "Alfredo Perez",
            "",
        ),
    ],
)
def test_role_attached_to_person(
    parse_text: ParseFn, config: Config, text: str, value: str, unit: str, qualifier: str
) -> None:
    doc, article = parse_text(text)
    roles = [m for m in entity_candidates(doc, article=article, config=config.extract.entities) if m.kind == "role"]
    assert [(r.value, r.unit, r.qualifier) for r in roles] == [(value, unit, qualifier)]
    assert all(r.text == text[r.start : r.end] for r in roles)


@pytest.mark.parametrize(
    "text",
    [
        sample_sentence("Heappey accused Mali of working"),
        # The name is the object of the title's preposition, not its holder.
        "Stephen Devine, a civil attorney for the Brown family, said relatives would hold a vigil.",
        "Deborah Teasley, a mother of two, said she was afraid.",
        "The son of Mark Felt was president of the club.",  # the name is no subject of "be"
    ],
)
def test_no_role_of_the_name(parse_text: ParseFn, config: Config, text: str) -> None:
    doc, article = parse_text(text)
    roles = [m for m in entity_candidates(doc, article=article, config=config.extract.entities) if m.kind == "role"]
    assert [(r.value, r.unit) for r in roles if any(n in r.unit for n in ("Brown", "Teasley", "Heappey", "Felt"))] == []


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # A headline's capitals join words to a name; the body's names say where it ends.
        (
            "Obama Reverses Bush on Endangered Species\nPresident Barack Obama reversed a rule of George Bush.",
            ["Obama", "Bush", "Barack Obama", "George Bush"],
        ),
        ("Sarah Palin Speaks\nGovernor Sarah Palin spoke.", ["Sarah Palin", "Sarah Palin"]),
        ("Barack Obama Wins Election\nBarack Obama won the election on Tuesday.", ["Barack Obama", "Barack Obama"]),
        # A lower-case word glued by a hyphen ends a name; names with inner capitals stay ("McCain").
        ("Jonathan Wright-director of wholesale products at Interoute-told the BBC.", ["Jonathan Wright"]),
        ("Senator John McCain spoke. Senator McCain has been the deal's critic.", ["John McCain", "McCain"]),
        # A particle is part of a name (see test_a_lower_case_word_ends_a_name for the words that end one).
        ("Coach Louis van Gaal said the team played well.", ["Louis van Gaal"]),
        ("Osama bin Laden was killed in Abbottabad.", ["Osama bin Laden"]),
    ],
)
def test_person_spans_without_stray_words(parse_text: ParseFn, config: Config, text: str, people: list[str]) -> None:
    doc, article = parse_text(text)
    found = [
        m.text for m in entity_candidates(doc, article=article, config=config.extract.entities) if m.kind == "person"
    ]
    assert [m for m in found if any(p in m for p in people)] == people


def test_no_role_without_a_title(parse_text: ParseFn, config: Config) -> None:
    doc, article = parse_text(sample_sentence("Heappey accused Mali of working"))
    assert [
        m for m in entity_candidates(doc, article=article, config=config.extract.entities) if m.kind == "role"
    ] == []


@pytest.mark.parametrize(
    ("text", "fragment", "value"),
    [
        (sample_sentence("Heappey accused Mali of working"), "Mali", "Mali"),
        (sample_sentence("stationed in the remote town of Gao"), "Gao", "Gao"),
        (sample_sentence("a troop destination to Gao"), "Gao", "Gao"),
        (sample_sentence("bolster the troubled Sahel nation"), "Sahel", "Sahel"),
        (sample_sentence("Bamako has previously denied"), "Bamako", "Bamako"),
        (sample_sentence("Responsibility for all this falls on Bamako"), "Bamako", "Bamako"),
        (sample_sentence("Britain dispatched 300 troops"), "Britain", "United Kingdom"),
        (sample_sentence("British Defense Secretary James Hebby"), "British", "United Kingdom"),
        (
            sample_sentence("the Central African Republic (MINUSCA)"),
            "Central African Republic",
            "Central African Republic",
        ),
        ("The US and Canada will send observers to Gao and Timbuktu.", "US", "United States"),
    ],
)
def test_place(parse_text: ParseFn, config: Config, text: str, fragment: str, value: str) -> None:
    mentions = [m for m in _resolved(parse_text, config, text) if m.text == fragment]
    assert mentions and {(m.kind, m.value) for m in mentions} == {("place", value)}


@pytest.mark.parametrize(
    ("text", "fragment", "value"),
    [
        (sample_sentence("Known as a Russian private military company"), "Wagner Group", "Wagner"),
        (sample_sentence("Heappey accused Mali of working"), "Wagner", "Wagner"),
        (
            sample_sentence("(MINUSCA) peacekeeping force"),
            "UN Multidimensional Integrated Stabilization Mission in the Central African Republic",
            "MINUSCA",
        ),
        (sample_sentence("who relies on the Ministry of Defence"), "Ministry of Defence", "Ministry of Defence"),
    ],
)
def test_organisation(parse_text: ParseFn, config: Config, text: str, fragment: str, value: str) -> None:
    mentions = [m for m in _resolved(parse_text, config, text) if m.text == fragment]
    assert mentions and {(m.kind, m.value) for m in mentions} == {("organisation", value)}


def test_organisation_aliases_a_user_adds_fold_names(parse_text: ParseFn, config: Config) -> None:
    aliases = {"MINUSMA": ["MINUSMA", "UN Multidimensional Integrated Stabilization Mission in Mali"]}
    entities = config.extract.entities.model_copy(update={"organisation_aliases": aliases})
    aliased = config.model_copy(update={"extract": config.extract.model_copy(update={"entities": entities})})
    text = sample_sentence("Defence Minister James Heappey told parliament, referring")
    fragment = "UN Multidimensional Integrated Stabilization Mission in Mali"
    mentions = [m for m in _resolved(parse_text, aliased, text) if m.text == fragment]
    assert mentions and {(m.kind, m.value) for m in mentions} == {("organisation", "MINUSMA")}


# (text, mention text, kinds and values of every mention with that text; empty: no such mention)
@pytest.mark.parametrize(
    ("text", "fragment", "found"),
    [
        # A one-word "person" no full name explains is a product ...
        (
            "Mac users are buzzing about Tiger, the newest version of the operating system. "
            "Apple reports that Tiger has sold two million copies.",
            "Tiger",
            set(),
        ),
        (
            "Chief executive Steve Jobs showed the new Nano on stage. Jobs said Nano would ship on Friday.",
            "Nano",
            set(),
        ),
        # ... or a company, when another mention of it is tagged one.
        (
            "Ryanair said on Monday it would buy ten more jets. "
            "The order brings Ryanair's fleet to 300 aircraft, the airline Ryanair said.",
            "Ryanair",
            {("organisation", "Ryanair")},
        ),
        # A word of a longer name is no misspelt surname.
        ("Lockheed test pilot David Strauss flew the Joint Strike Fighter on Tuesday.", "Strike", set()),
        # A title swallowed into a name tagged ORG; the surname alone is also a gazetteer city.
        (
            'Spokeswoman Sandy Angers said the team would report in June. "We need breakthroughs," said Angers.',
            "Sandy Angers",
            {("person", "Sandy Angers")},
        ),
        (
            'Spokeswoman Sandy Angers said the team would report in June. "We need breakthroughs," said Angers.',
            "Angers",
            {("person", "Sandy Angers")},
        ),
        # A name tagged PERSON that holds an organisation word.
        (
            "The jet was the last plane built by Douglas Aircraft in Long Beach.",
            "Douglas Aircraft",
            {("organisation", "Douglas Aircraft")},
        ),
        # Products and stock indices are no organisations.
        ("Qantas will take delivery of its first Airbus A380 in October, the airline said.", "Airbus", set()),
        ("Ryanair has ordered five more Boeing 737-800s, bringing its total to 230.", "Boeing", set()),
        (
            "Apple said it sold 22 million iPods in the quarter and that the iPhone would go on sale in June.",
            "iPhone",
            set(),
        ),
        ("The FTSE 100 fell 2.3 per cent in London, while the Dow Jones lost 300 points in New York.", "FTSE", set()),
        (
            "The FTSE 100 fell 2.3 per cent in London, while the Dow Jones lost 300 points in New York.",
            "Dow Jones",
            set(),
        ),
        # A flight number is no model code.
        (
            "Investigators are still searching for the black boxes of Air France Flight 447.",
            "Air France",
            {("organisation", "Air France")},
        ),
        # Event-level names: a short name that begins (or, for organisations, ends after a place) one longer name.
        (
            "Northrop Grumman and EADS won the contract, the U.S. Air Force said on Friday. Northrop will build "
            "the tankers in Alabama, and the Air Force expects the first in 2010.",
            "Northrop",
            {("organisation", "Northrop Grumman")},
        ),
        (
            "Northrop Grumman and EADS won the contract, the U.S. Air Force said on Friday. Northrop will build "
            "the tankers in Alabama, and the Air Force expects the first in 2010.",
            "Air Force",
            {("organisation", "United States Air Force")},
        ),
        (
            "Apple Inc. reported record profits on Wednesday. Apple sold more computers in New York City than "
            "anywhere else, and its New York store was busy.",
            "Apple Inc.",
            {("organisation", "Apple")},
        ),
        (
            "Apple Inc. reported record profits on Wednesday. Apple sold more computers in New York City than "
            "anywhere else, and its New York store was busy.",
            "New York",
            {("place", "New York City")},
        ),
        # A gazetteer place after "<Name> of" is part of a longer name.
        ("The Bank of Japan left interest rates unchanged on Tuesday, and shares in Tokyo rose.", "Japan", set()),
        (
            "The Bank of Japan left interest rates unchanged on Tuesday, and shares in Tokyo rose.",
            "Bank of Japan",
            {("organisation", "Bank of Japan")},
        ),
    ],
)
def test_name_kind(parse_text: ParseFn, config: Config, text: str, fragment: str, found: set[tuple[str, str]]) -> None:
    mentions = [m for m in _resolved(parse_text, config, text) if m.text == fragment]
    assert {(m.kind, m.value) for m in mentions} == found


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Heappey", "Hebby", True),
        ("Heappey", "Hebe", True),
        ("Hebby", "Hebe", True),
        ("Heappey", "Heappy", True),
        ("Heappey", "Healey", False),
        ("Macron", "Johnson", False),
    ],
)
def test_surnames_similar(config: Config, a: str, b: str, similar: bool) -> None:
    assert surnames_similar(a, b, config.extract.entities) is similar


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("James Heappey", "James Hebby", True),
        ("J. Heappey", "James Heappey", True),
        ("John Healey", "James Heappey", False),
        ("James Healey", "James Heappey", False),
        ("W. Mark Felt", "Mark Felt", True),
        ("W. Mark Felt", "W. Felt", True),
        ("J. Edgar Hoover", "John Hoover", True),
        ("W. Mark Felt", "John Felt", False),
        ("W. Mark Felt Sr.", "Mark Felt", True),  # a suffix is no surname
        ("Arcade Joseph Comeaux Jr.", "Arcade Comeaux", True),
        ("Mark Felt Jr.", "Mark Felt Sr.", False),  # father and son
        ("W. Bush", "George W. Bush", True),  # an initial alone may be the middle name's
        ("George W. Bush", "W. Bush", True),
        ("H. Bush", "George W. Bush", False),
    ],
)
def test_same_person(config: Config, a: str, b: str, same: bool) -> None:
    assert same_person(a, b, config.extract.entities) is same


@pytest.mark.parametrize(
    ("bare", "names", "full"),
    [
        ("Hebby", ["James Heappey"], "James Heappey"),  # a misspelt surname
        ("Lock", ["Gary Locke"], "Gary Locke"),
        ("Heappey", ["James Heappey", "Kristen Bell"], "James Heappey"),
        # A first name of one of the names is never a misspelt surname ("Bella" / "Bell"), nor that person.
        ("Bella", ["Kristen Bell", "Bella Swan"], None),
        ("Eric", ["Eric Allen Kirkpatrick", "Erica Banky"], None),
        ("Bell", ["Kristen Bell", "Bella Swan"], "Kristen Bell"),
        # A surname that opens with a particle is the whole surname ("Lo Presti", not a given name "Lo").
        ("Lo Presti", ["Gaetano Lo Presti", "Salvatore Riina"], "Gaetano Lo Presti"),
    ],
)
def test_match_full_name(config: Config, bare: str, names: list[str], full: str | None) -> None:
    assert match_full_name(bare, names, config.extract.entities) == full


def test_first_name_is_no_similar_surname_across_the_event(parse_text: ParseFn, config: Config) -> None:
    texts = [
        "The film centres on the ordinary teenager Bella and the vampire Edward.",
        "Robert Pattinson and Kristen Bell will play the lead roles in the film.",
        "Bella Swan moves to the small town of Forks.",
    ]
    mentions = []
    for n, text in enumerate(texts):
        doc, article = parse_text(text, source=f"{n}.txt")
        mentions += entity_candidates(doc, article=article, config=config.extract.entities)
    resolved = resolve_entities(mentions, config=config.extract.entities)
    clusters = {m.text: m.person_cluster for m in resolved if m.kind == "person"}
    # "Bella" names no full name of its own article: a lone first name, left out, and never "Kristen Bell".
    assert "Bella" not in clusters
    assert clusters["Kristen Bell"] == "Kristen Bell"
    assert clusters["Bella Swan"] == "Bella Swan"


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [
        ("place", ["New York", "New York City", "Mali"], {"New York": "New York City"}),
        ("place", ["West", "West Africa", "Africa"], {}),  # one-word and continent names stay
        ("place", ["Mali", "Mali Republic"], {}),  # a country is never extended
        ("organisation", ["Boeing", "Boeing Commercial Airplanes", "Boeing Capital"], {}),  # ambiguous
        ("organisation", ["Ford", "Ford Motor"], {"Ford": "Ford Motor"}),
        (
            "organisation",
            ["Federal Reserve", "United States Federal Reserve"],
            {"Federal Reserve": "United States Federal Reserve"},
        ),
        ("organisation", ["Air Force", "Air Force Academy", "United States Air Force"], {}),  # ambiguous
    ],
)
def test_longer_names(config: Config, kind: Kind, values: list[str], expected: dict[str, str]) -> None:
    assert longer_names(values, tables(config.extract.entities), kind=kind) == expected


def _mention(source: str, kind: str, text: str, gazetteer: bool = False) -> Mention:
    return Mention("e", source, f"{source}:{text}", kind, text, text, "", "", 0, len(text), text, gazetteer=gazetteer)  # type: ignore[arg-type]


def test_vote_turns_a_gazetteer_name_tagged_person_into_a_place(config: Config) -> None:
    gaz = True
    mentions = [
        _mention("a", "person", "Gao", gaz),
        _mention("b", "person", "Gao", gaz),
        _mention("c", "place", "Sahel", gaz),
        _mention("c", "person", "Fritz Henderson"),
        _mention("d", "place", "Henderson", gaz),
        _mention("d", "organisation", "Wagner"),
    ]
    kinds = vote_kinds(mentions, config.extract.entities)
    assert kinds == ["place", "place", "place", "person", "person", "organisation"]


def test_vote_turns_a_misspelt_full_name_tagged_organisation_into_a_person(config: Config) -> None:
    mentions = [
        _mention("a", "person", "Hugh Hefner"),
        _mention("b", "organisation", "Hugh Heffner"),  # one letter off, first name kept: a person
        _mention("c", "organisation", "Hugh Hefner Foundation"),  # its last word is no surname
        _mention("d", "person", "Fire Marshall"),
        _mention("d", "organisation", "Fire Marshal"),  # "fire" is a word the event writes in lower case
        _mention("e", "organisation", "Hugo Heffner"),  # another first name
    ]
    mentions[-2] = replace(mentions[-2], sentence="The fire spread. Fire Marshal said so.")
    kinds = vote_kinds(mentions, config.extract.entities)
    assert kinds == ["person", "person", "organisation", "person", "organisation", "organisation"]


@pytest.fixture(scope="module")
def sample_event(nlp: Language, config: Config) -> list[Mention]:
    """The five sample articles and a synthetic one about John Healey, resolved as one event."""
    _, articles, _ = read_event_dir(SAMPLE_EVENT, config.ingest)
    assert len(articles) == 5
    healey = Article(
        event=articles[0].event,
        source="999_healey.txt",
        text="Labour's shadow defence secretary John Healey criticised the withdrawal. Healey said the "
        "government had no strategy for the Sahel.",
        published=date(2022, 11, 15),
    )
    mentions: list[Mention] = []
    for article in [*articles, healey]:
        mentions += entity_candidates(nlp(article.text), article=article, config=config.extract.entities)
    return resolve_entities(mentions, config=config.extract.entities)


def test_heappey_cluster_across_spellings(sample_event: list[Mention]) -> None:
    cluster = [m for m in sample_event if m.kind == "person" and m.person_cluster == "James Heappey"]
    values: dict[str, set[str]] = defaultdict(set)
    for m in cluster:
        values[m.source[:3]].add(m.value)
    assert values == {
        "000": {"James Heappey"},
        "001": {"James Heappey"},
        "002": {"James Heappey"},
        "003": {"James Heappey"},
        "004": {"James Hebby"},
    }
    assert {m.text for m in cluster} == {"James Heappey", "Heappey", "James Hebby", "Hebe"}
    hebe = [m for m in cluster if m.text == "Hebe"]
    assert len(hebe) == 1 and hebe[0].source.startswith("004") and hebe[0].value == "James Hebby"


def test_healey_is_another_person(sample_event: list[Mention]) -> None:
    healey = {
        (m.source[:3], m.text, m.value, m.person_cluster)
        for m in sample_event
        if m.kind == "person" and "Heal" in m.text
    }
    # 001 names him only in a tweet embed ("— John Healey MP (@JohnHealey_MP) ..."), which is page furniture.
    assert healey == {
        ("999", "John Healey", "John Healey", "John Healey"),
        ("999", "Healey", "John Healey", "John Healey"),
    }
    roles = {(m.value, m.unit) for m in sample_event if m.kind == "role" and m.source.startswith("999")}
    assert roles == {("Shadow Defence Secretary", "John Healey")}


def test_roles_name_the_cluster(sample_event: list[Mention]) -> None:
    roles = {(m.source[:3], m.value, m.unit) for m in sample_event if m.kind == "role" and "Heappey" in m.unit}
    assert roles == {
        ("000", "Defence Minister", "James Heappey"),
        ("001", "Minister of State for the Armed Forces", "James Heappey"),
        ("001", "Defense Minister", "James Heappey"),
        ("002", "Armed Forces Minister", "James Heappey"),
        ("003", "Secretary of State for the Armed Forces", "James Heappey"),
        ("004", "Defense Secretary", "James Heappey"),
    }


def test_no_place_is_left_a_person(sample_event: list[Mention]) -> None:
    people = {m.text for m in sample_event if m.kind == "person"}
    assert not people & {"Mali", "Sahel", "Gao", "Bamako", "Niger", "Burkina Faso"}


def test_mentions_quote_the_article(sample_event: list[Mention], config: Config) -> None:
    _, articles, _ = read_event_dir(SAMPLE_EVENT, config.ingest)
    texts = {a.source: a.text for a in articles}
    for m in sample_event:
        if m.source in texts:
            assert m.text == texts[m.source][m.start : m.end]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "organisations"),
    [
        ("The Secretary of State for the Armed Forces, James Heappey, spoke on Monday.", set()),
        ("UK Minister of State for the Armed Forces James Heappey told Parliament.", {"House of Commons"}),
        ("British Defense Secretary James Hebby said the United Kingdom was withdrawing.", set()),
        ("British Armed Forces Minister James Heappey said that two coups had undermined peace.", set()),
        ("The State Department said on Monday that Apple had agreed.", {"State Department", "Apple"}),
        ("Tim Cook, the chief executive of Apple, said sales rose.", {"Apple"}),
    ],
)
def test_office_words_are_no_organisations(
    parse_text: ParseFn, config: Config, text: str, organisations: set[str]
) -> None:
    doc, article = parse_text(text)
    found = {
        m.value
        for m in entity_candidates(doc, article=article, config=config.extract.entities)
        if m.kind == "organisation"
    }
    assert found == organisations


def _person(source: str, name: str) -> Mention:
    return Mention("e", source, f"{source}:{name}", "person", name, name, "", "", 0, len(name), f"{name} spoke.")


def test_a_suffixed_name_is_the_plain_one_unless_an_article_names_both(config: Config) -> None:
    resolved = resolve_entities(
        [_person("a.txt", "W. Mark Felt Sr."), _person("b.txt", "Mark Felt")], config=config.extract.entities
    )
    assert len({m.person_cluster for m in resolved}) == 1
    family = resolve_entities(
        [_person("a.txt", "Mark Felt"), _person("a.txt", "Mark Felt Jr."), _person("b.txt", "Mark Felt")],
        config=config.extract.entities,
    )
    clusters = {m.text: m.person_cluster for m in family}
    assert clusters["Mark Felt"] != clusters["Mark Felt Jr."]  # the obituary names father and son


def test_a_lower_case_word_ends_a_name() -> None:
    # The tagger's span "Chris Ivory on Injured Reserve": the name ends before "on"; "van" and "bin" are no end.
    doc = Doc(
        Vocab(), words=["Saints", "put", "Chris", "Ivory", "on", "Injured", "Reserve", "for", "Louis", "van", "Gaal"]
    )
    ivory = _trim(Span(doc, 2, 7, label="PERSON"))
    assert ivory is not None and ivory.text == "Chris Ivory"
    gaal = _trim(Span(doc, 8, 11, label="PERSON"))
    assert gaal is not None and gaal.text == "Louis van Gaal"
    # Only people: "Bank of America" keeps its "of".
    bank = Doc(Vocab(), words=["Bank", "of", "America"])
    org = _trim(Span(bank, 0, 3, label="ORG"))
    assert org is not None and org.text == "Bank of America"


def test_a_misspelt_surname_the_tagger_calls_a_noun_is_still_a_name(config: Config) -> None:
    # "After the shooting Groy was rushed to a hospital": an unknown capitalised word, tagged NOUN.
    vocab = spacy.blank("en").vocab
    words = ["After", "the", "shooting", "Groy", "was", "rushed", ".", "Grey", "clouds", "hung", "low", "."]
    pos = ["ADP", "DET", "NOUN", "NOUN", "AUX", "VERB", "PUNCT", "NOUN", "NOUN", "VERB", "ADV", "PUNCT"]
    starts = [True] + [False] * 6 + [True] + [False] * 4
    doc = Doc(vocab, words=words, pos=pos, sent_starts=starts)
    found = _sound_alike_tokens(doc, set(), {"Gray"}, config.extract.entities)
    assert [s.text for s in found] == ["Groy"]  # "Grey" is a noun that opens its sentence: no name


@pytest.mark.parametrize(
    ("word", "misspelt"),
    [
        ("Tammons", True),  # Timmons, one letter off
        ("Owon", True),  # Owen
        ("Timmons", False),  # the surname itself is matched exactly elsewhere
        ("Simmons", False),  # another first letter: another name
        ("Cairo", False),
        ("CHA", False),  # an acronym
    ],
)
def test_a_misspelt_surname_the_tagger_took_for_something_else(word: str, misspelt: bool) -> None:
    assert misspelt_surname(word, {"Timmons", "Owen", "Qir"}) is misspelt


def test_a_misspelt_surname_tagged_nationality_is_a_person(parse_text: ParseFn, config: Config) -> None:
    doc, article = parse_text(
        "Jermayne Timmons was convicted on Friday. Police have released an alleged confession from Tammons."
    )
    people = [
        m.text for m in entity_candidates(doc, article=article, config=config.extract.entities) if m.kind == "person"
    ]
    assert "Tammons" in people  # the tagger calls it NORP


def test_a_nationality_the_tagger_joined_to_a_misspelt_name_is_cut_off(config: Config) -> None:
    text = "a lopsided victory over the American Hasim Ruhman"
    org = replace(_mention("b", "organisation", "American Hasim Ruhman"), sentence=text, start=28, end=len(text))
    people = [_mention("a", "person", "Hasim Rahman"), org]
    resolved = {m.source: m for m in resolve_entities(people, config=config.extract.entities) if m.kind == "person"}
    ruhman = resolved["b"]
    assert (ruhman.text, ruhman.start, ruhman.end) == ("Hasim Ruhman", 37, len(text))
    assert text[ruhman.start : ruhman.end] == ruhman.text


def test_a_cluster_is_named_by_a_given_name_written_out(config: Config) -> None:
    def person(source: str, text: str, n: int) -> Mention:
        return Mention("e", source, f"{source}:{n}", "person", text, text, "", "", n, n + len(text), text)

    people = [person("a.txt", "W. Bush", i) for i in range(3)] + [person("b.txt", "George W. Bush", 0)]
    index = person_index(people, config.extract.entities)
    # "W. Bush" is written more often, but "George W. Bush" says who: the cluster's name (and label).
    assert index.canonical == {"W. Bush": "George W. Bush", "George W. Bush": "George W. Bush"}


def test_a_bare_surname_is_the_bearer_most_articles_name(config: Config) -> None:
    # A story of Vincent Gigante that also names his brothers: an article writing only "Gigante" means Vincent,
    # whatever the alphabet says.
    people = [
        _person("a.txt", "Vincent Gigante"),
        _person("b.txt", "Vincent Gigante"),
        _person("c.txt", "Vincent Gigante"),
        _person("a.txt", "Louis Gigante"),
        _person("b.txt", "Following Gigante"),
        _person("d.txt", "Gigante"),
    ]
    resolved = resolve_entities(people, config=config.extract.entities)
    assert {m.person_cluster for m in resolved if m.source == "d.txt"} == {"Vincent Gigante"}


def test_a_word_capitalised_only_to_open_a_sentence_is_no_place(config: Config) -> None:
    def at_start(source: str, sentence: str, word: str) -> Mention:
        start = sentence.index(word)
        return Mention("e", source, f"{source}:{word}", "place", word, word, "", "", start, start + len(word), sentence)

    most = at_start("a.txt", "Most of the shops were shut in Athens.", "Most")
    athens = at_start("a.txt", "Most of the shops were shut in Athens.", "Athens")
    lower = at_start("b.txt", "Police said most of them were students in Athens.", "Athens")
    named = at_start("c.txt", "Federal is a town in Argentina.", "Federal")
    us = at_start("d.txt", "US automakers seek more aid from us.", "US")  # an acronym, not the pronoun
    resolved = resolve_entities([most, athens, lower, named, us], config=config.extract.entities)
    places = {(m.source, m.text) for m in resolved if m.kind == "place"}
    # "Most" opens its sentence and the event writes "most": a capitalised word. "Federal" is written nowhere
    # in lower case: a name as far as the event shows.
    assert ("a.txt", "Most") not in places
    assert {("a.txt", "Athens"), ("b.txt", "Athens"), ("c.txt", "Federal"), ("d.txt", "US")} <= places


def test_a_surname_with_its_particle_is_no_full_name(config: Config) -> None:
    people = [_person("a.txt", "Gaetano Lo Presti"), _person("b.txt", "Lo Presti"), _person("c.txt", "Van Morrison")]
    resolved = resolve_entities(people, config=config.extract.entities)
    clusters = {m.source: m.person_cluster for m in resolved}
    assert clusters["b.txt"] == "Gaetano Lo Presti"
    assert clusters["c.txt"] == "Van Morrison"  # "Van" is a given name too


def test_a_given_name_the_tagger_cut_off_its_surname_is_no_place(config: Config) -> None:
    sentence = 'Mob boss Vincent "The Chin" Gigante died Monday in Springfield.'

    def at(kind: str, word: str) -> Mention:
        start = sentence.index(word)
        return Mention("e", "a.txt", f"a:{word}", kind, word, word, "", "", start, start + len(word), sentence)

    other = Mention(
        "e", "b.txt", "b:1", "person", "Vincent Gigante", "Vincent Gigante", "", "", 0, 15, "Vincent Gigante died."
    )
    resolved = resolve_entities(
        [at("place", "Vincent"), at("person", "Gigante"), at("place", "Springfield"), other],
        config=config.extract.entities,
    )
    places = {m.text for m in resolved if m.kind == "place"}
    # Vincent Gigante's given name before his nickname is no Saint Vincent; Springfield stays where he died.
    assert places == {"Springfield"}


def test_a_listed_town_keeps_its_own_name(config: Config) -> None:
    # "New Bedford" is a town the gazetteer lists, not the start of "New Bedford District Court"; "New York" becomes
    # "New York City" when the gazetteer lists both.
    t = tables(config.extract.entities)
    mentions = [
        _mention("a", "place", "New Bedford", True),
        _mention("b", "place", "New Bedford District Court"),
        _mention("a", "place", "New York", True),
        _mention("b", "place", "New York City", True),
    ]
    values = [m.value for m in _extend_short_names(mentions, t, 2)]
    assert values == ["New Bedford", "New Bedford District Court", "New York City", "New York City"]


def test_a_name_someone_owns_is_no_place() -> None:
    # "speeding in his Bentley": a car the tagger took for a town; "his native Maryland" is still a place.
    car = Doc(
        Vocab(),
        words=["speeding", "in", "his", "Bentley"],
        heads=[0, 0, 3, 1],
        deps=["ROOT", "prep", "poss", "pobj"],
        tags=["VBG", "IN", "PRP$", "NNP"],
    )
    assert is_owned(Span(car, 3, 4, label="GPE"))
    home = Doc(
        Vocab(),
        words=["back", "to", "his", "native", "Maryland"],
        heads=[0, 0, 4, 4, 1],
        deps=["ROOT", "prep", "poss", "amod", "pobj"],
        tags=["RB", "IN", "PRP$", "JJ", "NNP"],
    )
    assert not is_owned(Span(home, 4, 5, label="GPE"))
    city = Doc(Vocab(), words=["in", "Paris"], heads=[0, 0], deps=["ROOT", "pobj"], tags=["IN", "NNP"])
    assert not is_owned(Span(city, 1, 2, label="GPE"))
