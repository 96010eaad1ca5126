"""Golden tests for the dates extractor: real sentences of the sample event and news-style ones."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SAMPLE_EVENT, ParseFn, sample_sentence
from pipeline.config import Config
from pipeline.extract.date_normalise import normalise_date
from pipeline.extract.date_words import build_lexicon
from pipeline.extract.dates import extract_dates
from pipeline.records import Mention


def dates_in(
    parse_text: ParseFn, config: Config, text: str, published: date | None = date(2022, 11, 15)
) -> list[Mention]:
    doc, article = parse_text(text, published=published)
    return extract_dates(doc, article=article, config=config.extract.dates)


def find(mentions: list[Mention], fragment: str) -> Mention:
    hits = [m for m in mentions if fragment in m.text]
    assert len(hits) == 1, f"{fragment!r} in {[(m.text, m.value) for m in mentions]}"
    return hits[0]


# (line of the sample event, date text, value, unit, qualifier)
SAMPLE_CASES = [
    ("Britain announced Monday that it", "Monday", "2022-11-14", "day", ""),
    ("told Parliament on Monday that", "Monday", "2022-11-14", "day", ""),
    ("LONDON, November 14 (DPA/EP)", "November 14", "2022-11-14", "day", ""),
    ("dispatched 300 troops to Mali in December 2020", "December 2020", "2020-12", "month", ""),
    ("Since 2020, there have been", "Since 2020", "2020", "year", "since"),
    ("London authorized in 2020", "2020", "2020", "year", ""),
    ("they would remain there for three years", "three years", "P3Y", "duration", ""),
    ("within the next six months", "six months", "P6M", "duration", ""),
    ("they now have six months to leave", "six months", "P6M", "duration", ""),
    ("Since 2012, Mali has been battling", "Since 2012", "2012", "year", "since"),
    ("Emmanuel Macron in February", "February", "2022-02", "month", ""),
    ("Sweden announced in March", "March", "2022-03", "month", ""),
    ("And on January, Denmark announced", "January", "2022-01", "month", ""),
    ("were killed last year", "last year", "2021", "year", ""),
    ("On September 19, the German army", "September 19", "2022-09-19", "day", ""),
    ("lost their lives there since 2013", "since 2013", "2013", "year", "since"),
    ("In 2014, the 12,000-strong", "2014", "2014", "year", ""),
    ("some 300 civilians in April", "April", "2022-04", "month", ""),
    ("Nine months after France announced", "Nine months", "P9M", "duration", "after"),
    ("out of Mali earlier this year", "earlier this year", "2022", "year", "before"),
    ("first erupted in the country's north in 2012", "2012", "2012", "year", ""),
]


@pytest.mark.parametrize(("line", "fragment", "value", "unit", "qualifier"), SAMPLE_CASES)
def test_sample_event_dates(
    parse_text: ParseFn, config: Config, line: str, fragment: str, value: str, unit: str, qualifier: str
) -> None:
    m = find(dates_in(parse_text, config, sample_sentence(line)), fragment)
    assert (m.value, m.unit, m.qualifier) == (value, unit, qualifier)
    assert m.kind == "date"


# (news-style sentence, date text, value, unit, qualifier), published Tuesday 15 November 2022
WRITTEN_CASES = [
    ("Inflation was far lower in the 1990s, the report said.", "1990s", "199", "decade", ""),
    ("The gang was founded in the 1930's by Luciano.", "1930's", "193", "decade", ""),
    ("Talks on the withdrawal resume this week in Geneva.", "this week", "2022-W46", "week", ""),
    ("Prices of fuel soared last summer.", "last summer", "2021-SU", "season", ""),
    # The governing verb is future ("will"), so a bare month is the coming one.
    ("The last British troops will return home in January.", "January", "2023-01", "month", ""),
    ("The last British troops returned home in January.", "January", "2022-01", "month", ""),
    ("The minister will visit Bamako on Friday.", "Friday", "2022-11-18", "day", ""),
    ("The minister visited Bamako on Friday.", "Friday", "2022-11-11", "day", ""),
    ("A summit is planned for next Monday.", "next Monday", "2022-11-21", "day", ""),
    ("Officials are currently reviewing the plan.", "currently", "PRESENT_REF", "reference", ""),
    ("The mission began two weeks ago.", "two weeks ago", "2022-11-01", "day", ""),
    ("The base was built 20 years ago.", "20 years ago", "2002", "year", ""),
    ("The contract runs until 2024.", "until 2024", "2024", "year", "until"),
    ("Troops must leave before March 2023.", "before March 2023", "2023-03", "month", "before"),
    ("The deployment lasted about two and a half years.", "two and a half years", "P2.5Y", "duration", "approx"),
    ("Profits fell in the third quarter of 2009.", "third quarter of 2009", "2009-Q3", "quarter", ""),
    ("The talks stalled after 14 November 2022.", "14 November 2022", "2022-11-14", "day", "after"),
    ("The ceasefire was agreed on 2022-10-03.", "2022-10-03", "2022-10-03", "day", ""),
    ("The war of the '80s left scars.", "'80s", "198", "decade", ""),
    ("Sales peaked in the 70s and 80s.", "70s", "197", "decade", ""),
    ("Prices will stay high for the time being, he said.", "the time being", "PRESENT_REF", "reference", ""),
    ("Just two weeks after the coup, the army withdrew.", "two weeks", "P2W", "duration", "after"),
]


@pytest.mark.parametrize(("text", "fragment", "value", "unit", "qualifier"), WRITTEN_CASES)
def test_written_dates(
    parse_text: ParseFn, config: Config, text: str, fragment: str, value: str, unit: str, qualifier: str
) -> None:
    m = find(dates_in(parse_text, config, text), fragment)
    assert (m.value, m.unit, m.qualifier) == (value, unit, qualifier)


def test_range_keeps_its_end_and_mod_goes_to_its_own_field(parse_text: ParseFn, config: Config) -> None:
    mentions = dates_in(parse_text, config, "Troops were deployed between 2014 and 2016, and again in early 2020.")
    span = find(mentions, "2014")
    assert (span.value, span.qualifier, span.until, span.mod) == ("2014", "since", "2016", "")
    early = find(mentions, "2020")
    assert (early.value, early.unit, early.until, early.mod) == ("2020", "year", "", "START")


@pytest.mark.parametrize(
    "text",
    [
        "The 60-year-old minister resigned.",
        "Barra, 51, will lead the firm.",
        "He died at the age of 56.",
        "The minister spoke to reporters this morning.",
    ],
)
def test_ages_and_times_of_day_are_not_dates(parse_text: ParseFn, config: Config, text: str) -> None:
    assert dates_in(parse_text, config, text) == []


# Without a publication date, relative expressions stay unresolved, absolute ones resolve, and a weekday or a
# month (and day) without a year keeps what it says as a TIMEX3 partial value.
UNPUBLISHED_CASES = [
    ("The minister spoke on Monday.", "Monday", "XXXX-WXX-1", "partial"),
    ("More than 4,000 people were killed last year.", "last year", "", "unresolved"),
    ("Sweden announced in March it would leave.", "March", "XXXX-03", "partial"),
    ("It sank on November 18.", "November 18", "XXXX-11-18", "partial"),
    ("Britain sent troops in December 2020.", "December 2020", "2020-12", "month"),
    ("The decision was announced on 14 November 2022.", "14 November 2022", "2022-11-14", "day"),
    ("They will stay for three years.", "three years", "P3Y", "duration"),
]


@pytest.mark.parametrize(("text", "fragment", "value", "unit"), UNPUBLISHED_CASES)
def test_without_publication_date(
    parse_text: ParseFn, config: Config, text: str, fragment: str, value: str, unit: str
) -> None:
    m = find(dates_in(parse_text, config, text, published=None), fragment)
    assert (m.value, m.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12-year", "P12Y", "duration"),
        ("several years", "PXY", "duration"),
        ("the past decade", "P10Y", "duration"),
        ("thirty minutes", "PT30M", "duration"),
        ("4 minutes 48 seconds", "PT4M48S", "duration"),  # one length in two units
        ("one year and six months", "P1Y6M", "duration"),
        ("2 hours, 30 minutes", "PT2H30M", "duration"),
        ("7/8/07", "2007-07-08", "day"),
        ("October of next year", "2023-10", "month"),
        ("the fourth quarter", "2022-Q4", "quarter"),
        ("last quarter", "2022-Q3", "quarter"),
        ("this weekend", "2022-W46-WE", "week"),
        ("February 29", "2020-02-29", "day"),
        ("annual", "P1Y", "set"),
    ],
)
def test_normalise_date_expressions(config: Config, text: str, value: str, unit: str) -> None:
    r = normalise_date(text, date(2022, 11, 15), future=False, lex=build_lexicon(config.extract.dates))
    assert r is not None
    assert (r.value, r.unit) == (value, unit)


@pytest.mark.parametrize("text", ["48 seconds 4 minutes", "three days two days", "two years three hours"])
def test_units_out_of_order_or_of_two_kinds_are_no_one_length(config: Config, text: str) -> None:
    assert normalise_date(text, date(2022, 11, 15), future=False, lex=build_lexicon(config.extract.dates)) is None


def test_mention_text_is_the_article_slice(parse_text: ParseFn, config: Config) -> None:
    for path in sorted(SAMPLE_EVENT.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc, article = parse_text(text, source=path.name)
        mentions = extract_dates(doc, article=article, config=config.extract.dates)
        assert mentions
        for m in mentions:
            assert m.text == text[m.start : m.end] and m.text == m.text.strip()
            assert m.value or m.unit == "unresolved"
