"""Golden tests for the numbers extractor: real sentences of the sample event and news-style sentences."""

from __future__ import annotations

import re

import pytest

from pipeline.config import Config
from pipeline.extract.numbers import extract_numbers, format_value, words_value
from pipeline.records import Mention
from tests.conftest import ParseFn, sample_sentence


def numbers(parse_text: ParseFn, config: Config, text: str) -> list[Mention]:
    doc, article = parse_text(text)
    return extract_numbers(doc, article=article, config=config.extract.numbers)


def the_one(found: list[Mention], value: str) -> Mention:
    matches = [m for m in found if m.value == value]
    assert len(matches) == 1, [(m.text, m.value, m.unit) for m in found]
    return matches[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "modifiers"),
    [
        (sample_sentence("the British contingent of 300 troops"), "300", "troop", "=", ""),
        (sample_sentence("288 UN soldiers"), "288", "soldier", "=", "un"),
        (sample_sentence("some 300 civilians"), "300", "civilian", "~", ""),
        (sample_sentence("12,000-strong"), "12000", "force", "=", None),
        (sample_sentence("More than 4,000 people"), "4000", "people", ">", ""),
        (sample_sentence("two coups in Mali"), "2", "coup", "=", ""),
        (sample_sentence("Two (state) coups"), "2", "coup", "=", None),
        ("Around 300 British soldiers will leave Gao next month.", "300", "soldier", "~", "british"),
        ("The mission has lost 288 peacekeepers since it began.", "288", "peacekeeper", "=", ""),
        ("Under 50 people attended the rally in Bamako.", "50", "people", "<", ""),
        ("Nearly 1.5 million people have fled their homes.", "1500000", "people", "~", ""),
        ("A contingent of 300 will stay until the spring.", "300", "contingent", "=", ""),
        ("Only 300 of the troops will return before Christmas.", "300", "troop", "=", ""),
        ("At least twenty-five soldiers were wounded.", "25", "soldier", ">", ""),
        ("Officials said 300 or more fighters had crossed the border.", "300", "fighter", ">", ""),
        ("Lampard won four FA Cup finals with Chelsea.", "4", "final", "=", "fa cup"),
    ],
)
def test_counts(
    parse_text: ParseFn, config: Config, text: str, value: str, unit: str, qualifier: str, modifiers: str | None
) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert (m.unit, m.qualifier) == (unit, qualifier)
    assert m.text == text[m.start : m.end]
    if modifiers is not None:
        assert m.modifiers == tuple(modifiers.split())


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "high"),
    [
        ("Dozens of protesters gathered outside the embassy.", "12", "protester", "~", "120"),
        ("Police arrested several dozen youths on Saturday.", "36", "youth", "~", "108"),  # that many dozens
        ("Several hundred protesters marched through the city.", "300", "protester", "~", "900"),
        ("The UK spent $5 million on the mission.", "5000000", "dollar", "=", ""),
        ("The deployment cost £1.2bn over three years.", "1200000000", "pound sterling", "=", ""),
        ("Between 200 and 300 soldiers remain in the country.", "200", "soldier", "=", "300"),
        ("Turnout was about 19 per cent in the north.", "19", "percentage", "~", ""),
        ("The convoy travelled 87 mph on the highway.", "87", "mile per hour", "=", ""),
        ("Winds reached 15 to 22 miles per hour overnight.", "15", "mile per hour", "=", "22"),
        ("Tens of thousands of people marched in Bamako.", "10000", "people", "~", "100000"),
        ("Hundreds of families were evacuated overnight.", "100", "family", "~", "1000"),
        ("The leak exposed the data of millions of customers.", "1000000", "customer", "~", "10000000"),
        ("Revenue in the quarter rose to $7.36 billion from a year earlier.", "7360000000", "dollar", "=", ""),
        ("Prices are expected to increase between 5% and 6% next year.", "5", "percentage", "=", "6"),
        ("Savings range from $200,000 to $414 million.", "200000", "dollar", "=", "414000000"),
        ("The laptop is worth exactly $2000.", "2000", "dollar", "=", ""),
        ("Inflation eased from 6.2 to 5.9 per cent in March.", "6.2", "percentage", "=", "5.9"),
        ("Tickets will cost between $40 and $55 each.", "40", "dollar", "=", "55"),
        ("The debt grew by $2.1 billion to $40 billion.", "2100000000", "dollar", "=", ""),
        ("The plan needs several hundred megawatts of capacity.", "300", "megawatt", "~", "900"),
        # Currency symbols glued to the digits, and multipliers split off by the tokenizer.
        ("The villa sold for $US12,500,000 last spring.", "12500000", "dollar", "=", ""),
        ("That is about $A18,300,000 at current rates.", "18300000", "australian dollar", "~", ""),
        ("The club paid USD25m for the striker.", "25000000", "dollar", "=", ""),
        ("The refit will cost RM4.80 per passenger.", "4.8", "malaysian ringgit per passenger", "=", ""),
        ("The firm plans to spend $13.6M on a new plant.", "13600000", "dollar", "=", ""),
        ("Fares that should have cost HK $2.1m were refunded.", "2100000", "hong kong dollar", "=", ""),
        ("The bid valued the group at PS3.4bn on Friday.", "3400000000", "pound sterling", "=", ""),
        ("Toyota shares rose to Y=7,250 in Tokyo.", "7250", "japanese yen", "=", ""),
        ("The phone ships with 128 GB of storage.", "128", "gigabyte", "=", ""),
        # Rates: a per-word and a noun after the unit.
        ("Brent crude settled at $82.40 per barrel on Friday.", "82.4", "dollar per barrel", "=", ""),
        ("Families now pay $1,200 a month in rent.", "1200", "dollar per month", "=", ""),
        ("The company lost 45 cents per share in the quarter.", "45", "cent per share", "=", ""),
        ("The warehouse leased at $95 per square foot.", "95", "dollar per square foot", "=", ""),
        ("The jet climbed at a 12 degree angle.", "12", "degree", "=", ""),
    ],
)
def test_measures_money_ranges(
    parse_text: ParseFn, config: Config, text: str, value: str, unit: str, qualifier: str, high: str
) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert (m.unit, m.qualifier, m.high) == (unit, qualifier, high)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # A scale word joined by hyphens is part of the amount (ECB+ wire copy).
        ("Sabathia agreed to a seven-year, $161-million deal with the Yankees.", "161000000", "dollar"),
        ("They agreed a 110-billion ($143-billion) EU and IMF debt bailout.", "143000000000", "dollar"),
        ("The robbers made off with a two-million-euro booty.", "2000000", "euro"),
        ("Four armed robbers made off with $137-million of diamonds.", "137000000", "dollar"),
        # A money multiplier before a currency noun is millions of money, not metres.
        ("They made off with 2m euros (£1.7m; $2.6m) in gems and watches.", "2000000", "euro"),
        ("He had escaped with 11m euros of jewellery.", "11000000", "euro"),
        ("The government wants to save 30bn pounds over three years.", "30000000000", "pound sterling"),
        ("The 2m-euro necklace was never found.", "2000000", "euro"),
        # The euro sign lost in wire copy: "e80 million", "E75m", AP's "euro110 billion".
        ("Robbers in drag steal e80 million from a Paris diamond store.", "80000000", "euro"),
        ("Robbers in drag steal E80 million from a Paris diamond store.", "80000000", "euro"),
        ("Pirates seized a supertanker loaded with e75m worth of crude oil.", "75000000", "euro"),
        ("Greece gets a euro110 billion ($141 billion) loan package.", "110000000000", "euro"),
        ("He gets euro345 a month from his farming pension.", "345", "euro per month"),
        ("They paid EUR 80 million for the striker.", "80000000", "euro"),
        ("The Red Sox offered an eight-year, $200MM deal.", "200000000", "dollar"),
        ("Thieves made off with a 2 mn-euro jewelry haul.", "2000000", "euro"),
        # The country after the dollar sign, one digit ("$US1 million", AAP's way): money, not a model name.
        ("Damage was estimated at $US1 million ($1.52 million).", "1000000", "dollar"),
    ],
)
def test_scaled_and_wire_money(parse_text: ParseFn, config: Config, text: str, value: str, unit: str) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert m.unit == unit
    assert m.text == text[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "value", "high"),
    [
        # The currency before the lower bound and the multiplier after the upper one apply to both.
        ("The Orioles offered seven years, $140-150 million.", "140000000", "150000000"),
        ("The Orioles offered seven years, $140-150MM.", "140000000", "150000000"),
        ("The club paid $5 to 6 million for the striker.", "5000000", "6000000"),
        ("The Orioles offered $140-$150 million over seven years.", "140000000", "150000000"),  # one token
    ],
)
def test_money_range_written_once(parse_text: ParseFn, config: Config, text: str, value: str, high: str) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert (m.unit, m.high) == ("dollar", high)


@pytest.mark.parametrize(
    "text",
    [
        "Traffic was jammed on the E80 for hours.",  # a road: a lone letter is money only before a multiplier
        "The E40 motorway was closed.",
        "He ran the 100m in record time.",  # no currency noun after "m": metres
    ],
)
def test_lone_letter_before_digits_is_no_money(parse_text: ParseFn, config: Config, text: str) -> None:
    assert not [m for m in numbers(parse_text, config, text) if m.unit == "euro" or float(m.value) >= 1e6]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # Numbers glued to or followed by a unit, which the tagger reads as dates, ordinals or names.
        ("Heineken Malaysia rose 18 sen to RM23.50 on Monday.", "18", "sen"),
        ("The shares closed at 1112 p on Friday.", "1112", "penny"),
        ("The shares were up 5pc after the bid was announced.", "5", "percentage"),
        ("The new model accelerates to 100km/hr in under four seconds.", "100", "kilometre per hour"),
        ("The flat has a floor area of 32m2 and two bedrooms.", "32", "square metre"),
        ("The 1520 sq m medical centre opened in May.", "1520", "square metre"),
        ("Oil peaked at over $76 US a barrel in October.", "76", "dollar"),
        # A unit between the number and the noun it describes.
        ("The car is powered by a 5.2 litre V10 engine.", "5.2", "litre"),
        ("Pharmacies will only sell 500 mg tablets in small packs.", "500", "milligram"),
        ("The tablet comes with a 5 W charger and 64 GB of storage.", "5", "watt"),
        ("Buyers can choose a six-cylinder engine for 3,000 dollars more.", "6", "cylinder"),
        ("The city hosts one 52,000 barrel-a-day refinery.", "52000", "barrel per day"),
        # An age keeps its unit when quantulum3 reads the sentence.
        ("Police arrested a 50 year-old man and seized 3 kilograms of cocaine and 20 phones.", "50", "year of age"),
    ],
)
def test_units_next_to_the_number(parse_text: ParseFn, config: Config, text: str, value: str, unit: str) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert m.unit == unit
    assert m.text == text[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "high"),
    [
        # Sign words, apart or hyphenated, and "~" glued to the digits.
        ("Temperatures on the ridge fell to minus 12 degrees Celsius overnight.", "-12", "degree Celsius", "=", ""),
        ("The team's net rushing was minus-14 yards in the first half.", "-14", "yard", "=", ""),
        ("Cooking takes ~25 minutes and each sample weighs only ~45g.", "45", "gram", "~", ""),
        ("Inflation has been sub-2 percent for a decade.", "2", "percentage", "<", ""),
        # "from X ... to Y" with words between: one quantity, the unit from either side.
        ("The weight limit will be cut from 208 pounds to 193 next season.", "208", "pound-mass", "=", "193"),
        ("Bitcoin plummeted from $36,040 at 10.45pm last night to $34,935 at 5am.", "36040", "dollar", "=", "34935"),
        ("Exports fell from 2,000 tonnes in 2019 to 300 tonnes.", "2000", "tonne", "=", "300"),
    ],
)
def test_signs_and_from_to(
    parse_text: ParseFn, config: Config, text: str, value: str, unit: str, qualifier: str, high: str
) -> None:
    found = numbers(parse_text, config, text)
    m = the_one(found, value)
    assert (m.unit, m.qualifier, m.high) == (unit, qualifier, high)
    if high:
        assert len(found) == 1
    assert m.text == text[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("A crowd of 5,000 gathered outside the stadium.", "5000", "crowd"),
        ("The brothers have a net worth of 1.3 billion.", "1300000000", ""),
        ("Analysts had expected deliveries of 64,900 in the quarter.", "64900", ""),
    ],
)
def test_of_a_number(parse_text: ParseFn, config: Config, text: str, value: str, unit: str) -> None:
    """ "<noun> of N": a group's size counts the group; an amount ("worth of") counts nothing."""
    assert the_one(numbers(parse_text, config, text), value).unit == unit


def test_object_of_verb_without_noun(parse_text: ParseFn, config: Config) -> None:
    m = the_one(numbers(parse_text, config, "The explosion killed 288 and wounded many more."), "288")
    assert (m.unit, m.object_of) == ("", "kill")


@pytest.mark.parametrize(
    ("text", "value", "change"),
    [
        ("Shares in the company rose 5% on Monday.", "5", "up"),
        ("Exports to China dropped 7% to $2.3 billion.", "7", "down"),
        ("The index was down 2.3% before the bell.", "2.3", "down"),
        ("Healthcare, the best performing sector, fell 1.61% on Friday.", "1.61", "down"),
        ("Exports to China dropped 7% to $2.3 billion.", "2300000000", ""),
    ],
)
def test_change(parse_text: ParseFn, config: Config, text: str, value: str, change: str) -> None:
    assert the_one(numbers(parse_text, config, text), value).change == change


@pytest.mark.parametrize(
    "text",
    [
        "The coup took place in 2020 after weeks of protests.",
        "Britain dispatched troops to Mali in December 2020 to join the mission.",
        "The announcement came on November 14 in parliament.",
        "The mission has operated in Mali since 2013.",
        "Two coups in the past year have undermined the effort.",  # only "two" is a number
        "It was the second withdrawal this year.",
        "It is one of the most dangerous missions in the world.",
        "The mandate was renewed under UN Resolution 2100.",
        "The minister spoke at 10:30 on Monday.",
        "The base iPhone 12 has a bigger battery.",
        "Sony sold the PS4 console at a loss.",
    ],
)
def test_not_numbers(parse_text: ParseFn, config: Config, text: str) -> None:
    found = [(m.text, m.value) for m in numbers(parse_text, config, text)]
    assert found in ([], [("Two coups", "2")])


@pytest.mark.parametrize(
    ("text", "value", "unit", "high"),
    [
        ("Two coups in three years have undermined the effort.", "3", "year", ""),
        ("The troops will leave within six months.", "6", "month", ""),
        ("The mission was grounded for 70 days after the attack.", "70", "day", ""),
        ("He signed a five-year contract with the club.", "5", "year", ""),
        ("Over the past two or three decades the town has shrunk.", "2", "decade", "3"),
        ("A 34-year-old man was arrested at the scene.", "34", "year of age", ""),
        ("The victim, a 19 year-old student, was taken to hospital.", "19", "year of age", ""),
        ("Their daughter is only two years old.", "2", "year of age", ""),
        ("Archaeologists found a 3,000 year-old coin near the wall.", "3000", "year of age", ""),
    ],
)
def test_durations_and_ages(parse_text: ParseFn, config: Config, text: str, value: str, unit: str, high: str) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert (m.unit, m.high) == (unit, high)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("Nearly two-thirds of the displaced families are children.", "0.6666666666666666", "fraction of family", "~"),
        ("A quarter of the budget goes to defence.", "0.25", "fraction of budget", "="),
        ("More than half of the voters stayed at home.", "0.5", "fraction of voter", ">"),
        ("One out of four soldiers was injured.", "0.25", "fraction of soldier", "="),
        ("One in five adults in the region smoke.", "0.2", "fraction of adult", "="),
        ("The dose is 1/8 of a teaspoon.", "0.125", "teaspoon", "="),
        # A share of a unit of measure is an amount of that unit.
        ("The recipe calls for 1/16 of a pint of cream.", "0.0625", "pint", "="),
        ("The bridge is a quarter of a mile long.", "0.25", "mile", "="),
    ],
)
def test_fractions(parse_text: ParseFn, config: Config, text: str, value: str, unit: str, qualifier: str) -> None:
    m = the_one(numbers(parse_text, config, text), value)
    assert (m.unit, m.qualifier) == (unit, qualifier)


def test_second_half_is_not_a_share(parse_text: ParseFn, config: Config) -> None:
    assert numbers(parse_text, config, "He scored twice in the second half of the match.") == []


def test_one_soldier_counts(parse_text: ParseFn, config: Config) -> None:
    m = the_one(numbers(parse_text, config, "Only one soldier was injured in the attack."), "1")
    assert m.unit == "soldier"


@pytest.mark.parametrize(
    ("words", "value"),
    [(["12,000"], 12000.0), (["1.5", "million"], 1_500_000.0), (["twenty", "-", "five"], 25.0), (["a", "dozen"], None)],
)
def test_words_value(config: Config, words: list[str], value: float | None) -> None:
    assert words_value(words, config.extract.numbers) == value


@pytest.mark.parametrize(
    ("value", "text"), [(300.0, "300"), (2.5, "2.5"), (1.5e6, "1500000"), (1.99e-29, "0." + "0" * 28 + "199")]
)
def test_format_value(value: float, text: str) -> None:
    assert format_value(value) == text


@pytest.mark.parametrize(
    "text",
    [
        "The Dow Jones fell by 252.01 points (2.90%) to 8,439.24, while the Nasdaq lost 2.30%.",
        "The package weighs 5 pounds and costs 20 pounds sterling.",
        "The screen has 326 pixels per inch and the battery holds 1,420 mAh.",
        "Temperatures reached 40 degrees in the shade.",
    ],
)
def test_indexed_disambiguation_chooses_as_quantulum3_does(text: str) -> None:
    """Our indexed ``disambiguate_no_classifier`` picks the same unit as quantulum3's own, for every ambiguous
    surface quantulum3 knows, in several contexts."""
    from pipeline.extract.number_measures import _quantulum

    load, _ = _quantulum()
    from quantulum3 import no_classifier

    fast = no_classifier.disambiguate_no_classifier
    original = fast.__wrapped__
    units = load.units("en_US")
    groups = [g for table in (units.symbols, units.surfaces) for g in table.values() if len(g) > 1]
    groups += [g for g in load.entities("en_US").derived.values() if len(g) > 1]
    assert len(groups) > 20
    for group in groups:
        assert fast(group, text) == original(group, text)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("words", "texts"),
    [
        (["ab", "abc", "a"], ["abcd ab a", "abc", "ab-c a.", "xabc"]),  # the longest that lets the rest match
        (["km", "KM", "kmh", "k"], ["5 KMH", "5 Km k", "kmhx kmh"]),  # case-blind twins share a branch
        (["µm", "μm", "m", "mm"], ["3 μm", "3 µm", "3 mmm", "3 M"]),  # micro sign and Greek mu are one letter
        (["sq km", "sq", "#", "a.b"], ["1 sq km", "2 sq", "#", "a.b axb"]),  # spaces, "#", "." in VERBOSE mode
    ],
)
def test_trie_alternation_matches_as_the_sorted_alternation(words: list[str], texts: list[str]) -> None:
    from pipeline.extract.number_measures import trie_alternation

    ordered = sorted(words, key=len, reverse=True)
    template = r"(?<!\w) (?P<unit>(?:%s))  (?!\w)"  # VERBOSE, IGNORECASE, as quantulum3 compiles
    flags = re.VERBOSE | re.IGNORECASE
    plain = re.compile(template % "|".join(re.escape(w) for w in ordered), flags)
    trie = re.compile(template % trie_alternation(ordered), flags)
    for text in texts:
        assert _matches(trie, text) == _matches(plain, text), text


def test_units_regex_finds_what_quantulum3s_own_finds() -> None:
    """The trie-written units pattern gives the same matches, spans and groups as quantulum3's, for every unit
    name and symbol it knows, alone, glued, after a currency, in a rate and in a range."""
    from pipeline.extract.number_measures import _quantulum, _units_regex

    load, parser = _quantulum()
    ours, theirs = _units_regex("en_US"), _units_regex.__wrapped__("en_US")
    assert ours.pattern != theirs.pattern and ours.groupindex == theirs.groupindex
    from quantulum3 import regex

    assert regex.re is re  # the pattern was read without compiling it, and quantulum3's ``re`` is back
    units = load.units("en_US")
    names = sorted({*units.surfaces, *units.symbols})
    assert len(names) > 1000
    for i, name in enumerate(names):
        other = names[(i * 7919) % len(names)]
        text = parser.clean_text(
            f"about 12 {name}, 3{name}/{other}, $5-7 {other} {name} and 1.5 to 2 {name}s.", "en_US"
        )
        assert _matches(ours, text) == _matches(theirs, text), text


def test_spelled_number_pattern_finds_what_quantulum3s_own_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The factored pattern finds the same matches (spans, text) as quantulum3's, and quantulum3 reads the same
    spelled-out values from them (its own pattern's groups, which ours lacks, are not read)."""
    from pipeline.extract.number_measures import _quantulum, _text_pattern

    _, parser = _quantulum()
    from quantulum3 import regex

    ours, theirs = _text_pattern("en_US"), _text_pattern.__wrapped__("en_US")
    assert ours.pattern != theirs.pattern and ours.groups < theirs.groups
    words = [w for w in regex.numberwords("en_US") if w]
    assert len(words) > 40
    texts = []
    for i, word in enumerate(words):
        other = words[(i * 31) % len(words)]
        for text in (
            f"{word} {other} people",
            f"some 3 {word}-{other}, {word.upper()} and {other}s",
            f"Area51{word} {word}2 a {word} and a half",
            f"{word}{other} &{word} {word}& ({word}), one hundred & {word} {other}-{word}th",
        ):
            text = parser.clean_text(text, "en_US")
            texts.append(text)
            found = [(m.span(), m.group(0)) for m in ours.finditer(text)]
            assert found == [(m.span(), m.group(0)) for m in theirs.finditer(text)], text
    values = [parser.extract_spellout_values(text, "en_US") for text in texts]
    assert regex.text_pattern_reg("en_US") is ours
    monkeypatch.setattr(regex, "text_pattern_reg", _text_pattern.__wrapped__)
    assert [parser.extract_spellout_values(text, "en_US") for text in texts] == values
    assert any(values)


def test_quantulum3_reads_only_windows_around_open_units(parse_text: ParseFn, config: Config) -> None:
    """A measure far from any number is not read, and a unit next to its number still is."""
    from pipeline.extract.numbers import _quantities, measure_windows

    doc, _ = parse_text(
        "The convoy of 40 trucks drove 120 km north on Monday morning, long after the rest of the 300 troops left Gao."
    )
    sent = next(iter(doc.sents))
    windows = measure_windows(sent, _quantities(sent, config.extract.numbers))
    assert len(windows) == 1  # quantulum3 is called, on this one window
    assert "120 km" in doc.text[windows[0][0] : windows[0][1]]
    assert "300 troops" not in doc.text[windows[0][0] : windows[0][1]]
    found = {m.value: m.unit for m in numbers(parse_text, config, doc.text)}
    assert found == {"40": "truck", "120": "kilometre", "300": "troop"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Nobody was hurt.", False),
        ("Someone said it was done.", False),  # "one" inside a word
        ("Three soldiers were hurt.", True),
        ("Hundreds of people marched.", True),
        ("Two-thirds of voters agreed.", True),
        ("Prices rose by 5pc.", True),
    ],
)
def test_sentence_prefilter(config: Config, text: str, found: bool) -> None:
    from pipeline.extract.numbers import _may_count

    assert bool(_may_count(config.extract.numbers).search(text)) is found


def test_sentence_prefilter_finds_what_the_plain_alternation_finds(config: Config) -> None:
    """The prefilter's tries find something in exactly the texts the alternation of its words finds something in."""
    import re

    from pipeline.extract.numbers import _may_count

    numbers = config.extract.numbers
    words = sorted({*numbers.number_words, *numbers.scale_words, *numbers.vague_counts}, key=len, reverse=True)
    fractions = sorted(numbers.fraction_words, key=len, reverse=True)
    alternatives = [re.escape(w) for w in words] + [re.escape(w) + "s*" for w in fractions]
    plain = re.compile(rf"\d|(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])", re.IGNORECASE)
    ours = _may_count(numbers)
    assert ours.pattern != plain.pattern
    texts = []
    for i, word in enumerate([*words, *fractions]):
        other = words[(i * 13) % len(words)]
        texts += [
            f"The {word} came.",
            f"{word.upper()}s and {word}ths",
            f"x{word} {word}y {word}-{other}",
            f"{word[:-1]} {word[1:]}",
            f"{word}sss, {other}s",
        ]
    assert any(plain.search(t) is None for t in texts) and any(plain.search(t) for t in texts)
    for text in texts:
        assert (ours.search(text) is None) == (plain.search(text) is None), text


def test_unit_disambiguation_chooses_what_quantulum3s_own_chooses() -> None:
    """Scoring the training words through the text's substrings picks the same unit as quantulum3's rescan, for
    every surface and symbol with several candidate units, in texts made of training words short and long."""
    from pipeline.extract.number_measures import _SHORT, _disambiguate, _quantulum, _training_words

    load, _ = _quantulum()
    original = _disambiguate.__wrapped__  # type: ignore[attr-defined]
    units = load.units("en_US")
    groups = [*units.surfaces.values(), *units.symbols.values()]
    ambiguous = [sorted(found, key=lambda u: u.name) for found in groups if len(found) > 1]
    assert len(ambiguous) > 20
    index = _training_words("en_US")
    words = sorted({w for _, short, long, _ in index.values() for w in (*short, *long)})
    assert any(len(w) > _SHORT for w in words) and "" in words
    checked = 0
    for i, candidates in enumerate(ambiguous):
        pick = [words[(i * 7919 + k * 104729) % len(words)] for k in range(6)]
        for text in (
            f"about 12 {candidates[0].name} and {' '.join(pick)}",
            f"{pick[0]}  {pick[1]}{pick[2]}, 5 {candidates[-1].name}",
            "the 3 of them",
            " ".join(w for c in candidates[1:] for w in index.get(c.name, (0, {}, (), ()))[2][:3]),
        ):
            assert _disambiguate(candidates, text) is original(candidates, text), (text, candidates)
            checked += 1
    assert checked > 30


def test_training_word_occurrences_are_those_of_the_words_in_the_text() -> None:
    """A unit's score counts the occurrences of exactly its training words found in the text, short and long."""
    from collections import Counter

    from quantulum3 import load

    from pipeline.extract.number_measures import _SHORT, _occurrences, _substrings, _training_words

    index = _training_words("en_US")
    counted: dict[str, Counter[str]] = {}
    for word_set in load.training_set("en_US"):
        counted.setdefault(word_set["unit"], Counter()).update(word_set["text"].split(" "))
    assert counted.keys() == index.keys() and sum(bool(long) for _, _, long, _ in index.values()) > 20
    for n, (name, words) in enumerate(sorted(counted.items())):
        _, short, long, long_counts = index[name]
        assert all(len(w) > _SHORT for w in long) and all(len(w) <= _SHORT for w in short)
        ordered = sorted(words)
        text = " x".join(ordered[(n * 31 + k * 977) % len(ordered)] for k in range(8)) + " " + " ".join(long[:2])
        for probe in (text, text[: len(text) // 2], "no", ""):
            expected = sum(c for w, c in words.items() if w in probe)
            assert _occurrences(short, long, long_counts, probe, _substrings(probe)) == expected, (name, probe)


def test_the_qualifier_reads_only_the_words_near_the_number(config: Config) -> None:
    """The qualifier and the text before it, as far as a change reads it (its last word, a "+"), are the same from
    the few words either side as from the whole sentence."""
    import random

    from pipeline.extract.number_context import qualifier_of
    from pipeline.extract.numbers import _near_words, _qualifier_reach

    numbers = config.extract.numbers
    phrases = [
        *numbers.less_words,
        *numbers.more_words,
        *numbers.approx_words,
        *numbers.more_after_words,
        *numbers.less_after_words,
        *numbers.approx_after_words,
    ]
    words = [*phrases, "rose", "by", "fell", "the", "-", "+", "troops", "US$", "from", ",", "Up", "  ", "\n"]
    rng = random.Random(15)
    n = _qualifier_reach(numbers)
    for _ in range(3000):
        before = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 2 * n)))
        after = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 2 * n)))
        before += rng.choice(["", " ", "  "])
        after = rng.choice(["", " ", "-"]) + after
        full, near = qualifier_of(before, after, numbers), qualifier_of(*_near_words(before, after, numbers), numbers)
        assert near[0] == full[0], (before, after)
        assert near[1].split()[-1:] == full[1].split()[-1:] and near[1].endswith("+") == full[1].endswith("+")
