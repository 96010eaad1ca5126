"""The ECB+ reader and the disagreement scorers, on hand-made files and rows with known scores."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from conftest import SHARED
from pipeline.evaluate.disagreements import (
    case_found,
    clean_conflicts,
    false_alarm,
    missed_lines,
    score_alignment,
    score_gold,
)
from pipeline.evaluate.ecbplus import (
    GoldCase,
    GoldSide,
    detokenize_sentence,
    find_root,
    read_ecbplus,
    read_gold,
    url_date,
)
from pipeline.evaluate.news import MISSED_COLUMNS
from pipeline.report import csv_text

DOC = """<Document doc_name="{name}" doc_id="D1">
{tokens}
<Markables>
<TIME_DATE m_id="1"><token_anchor t_id="{when}"/></TIME_DATE>
<LOC_GEO m_id="2"><token_anchor t_id="{where}"/></LOC_GEO>
<HUMAN_PART_PER m_id="3"><token_anchor t_id="{who}"/><token_anchor t_id="{who2}"/></HUMAN_PART_PER>
<TIME_DATE m_id="9" TAG_DESCRIPTOR="t1_friday" instance_id="TIM1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="TIM1"><source m_id="1" /><target m_id="9" /></CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" note="LOC1"><source m_id="2" /><target m_id="9" /></CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="3" note="HUM1"><source m_id="3" /><target m_id="9" /></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def _tokens(sentences: list[list[str]]) -> str:
    out, t = [], 0
    for s, words in enumerate(sentences):
        for n, w in enumerate(words):
            t += 1
            out.append(f'<token t_id="{t}" sentence="{s}" number="{n}">{w}</token>')
    return "\n".join(out)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "ecbplus"
    (root / "1").mkdir(parents=True)
    a = [["Tara", "Reid", "checked", "into", "Promises", "on", "Friday", "in", "Malibu", "."]]
    (root / "1" / "1_1ecb.xml").write_text(
        DOC.format(name="1_1ecb.xml", tokens=_tokens(a), when=7, where=9, who=1, who2=2)
    )
    b = [
        ["http", ":", "/", "/", "x", ".", "com", "/", "2008", "/", "12", "/", "13", "/", "reid"],
        ["Tara", "Reid", "did", "n't", "check", "in", "Tuesday", "in", "Malibu", "."],
    ]
    (root / "1" / "1_2ecbplus.xml").write_text(
        DOC.format(name="1_2ecbplus.xml", tokens=_tokens(b), when=22, where=24, who=16, who2=17)
    )
    (root / "ECBplus_coreference_sentences.csv").write_text("Topic,File,Sentence Number\n1,1ecb,0\n1,2ecbplus,1\n")
    gold = (
        '{"cases": [{"event": "1_ecb", "kind": "date", "what": "day", "sides": ['
        '{"file": "1_1ecb.xml", "sentence": 0, "first_t_id": 6, "last_t_id": 7, "quote": "on Friday", "value": "2008-12-12"},'
        '{"file": "1_9ecb.xml", "sentence": 0, "first_t_id": 6, "last_t_id": 7, "quote": "x", "value": "y"}]}],'
        ' "agreements": []}'
    )
    (root / "gold.json").write_text(gold)
    return root


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (["He", "said", ",", "``", "I", "do", "n't", "know", "''", "."], 'He said, "I don\'t know".'),
        (["a", "90", "-", "day", "court", "-", "mandated", "stay"], "a 90-day court-mandated stay"),
        (["Reid", "'s", "rep", "(", "Jack", ")", "told", "People", "."], "Reid's rep (Jack) told People."),
        (["at", "11", ":", "00", "on", "05", "/", "03", "/", "2013"], "at 11:00 on 05/03/2013"),
        (["Reid", "-", "who", "was", "there"], "Reid-who was there"),  # a dash glued: the known cost of the hyphen rule
        (["The", "170", ",", "000", "-", "square", "-", "foot", "building"], "The 170,000-square-foot building"),
        (["On", "May", "2", ",", "2013", "and", "52-3", ",", "46", "KOs"], "On May 2, 2013 and 52-3, 46 KOs"),
        (["falling", "around", "2", ",", "000ft", "in", "1", ",", "2014"], "falling around 2,000ft in 1, 2014"),
    ],
)
def test_detokenize_reads_like_the_original(tokens: list[str], text: str) -> None:
    got, offsets = detokenize_sentence(tokens)
    assert got == text
    surface = ['"' if t in ("``", "''") else t for t in tokens]
    assert [got[s:e] for s, e in offsets] == surface


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://articles.latimes.com/2013/may/03/local/la-me-0504-lohan-rehab-20130504", date(2013, 5, 3)),
        ("http://x.com/news/2011/01/04/saints", date(2011, 1, 4)),
        ("http://x.com/story-20130504.html", date(2013, 5, 4)),
        ("http://www.people.com/people/article/0,,20697025,00.html", None),
        ("", None),
    ],
)
def test_url_date(url: str, day: date | None) -> None:
    assert url_date(url) == day


def test_reader_builds_events_texts_offsets_and_gold(corpus: Path) -> None:
    docs = read_ecbplus(corpus)
    assert [(d.event, d.name) for d in docs] == [("1_ecb", "1_1ecb.xml"), ("1_ecbplus", "1_2ecbplus.xml")]
    plain, plus = docs
    assert plain.text == "Tara Reid checked into Promises on Friday in Malibu.\n"
    assert plus.url == "http://x.com/2008/12/13/reid" and "http" not in plus.text
    assert plus.published == date(2008, 12, 13) and plus.article().published_from == "metadata"
    assert plus.text.startswith("Tara Reid didn't check in Tuesday")
    for d in docs:
        for m in d.mentions:
            assert d.text[m.start : m.end] in {"Friday", "Tuesday", "Malibu", "Tara Reid"}
        assert {m.kind for m in d.mentions} == {"date", "place", "person"}
        assert {m.instance for m in d.mentions} == {"TIM1", "LOC1", "HUM1"}
    assert plain.annotated == frozenset({0}) and plus.annotated == frozenset({1})
    cases = read_gold(corpus, docs)
    assert cases == []  # the one case names a file that is not in the folder: fewer than two sides


def test_find_root_accepts_the_parent_or_the_folder(corpus: Path) -> None:
    assert find_root(corpus.parent) == corpus
    assert find_root(corpus) == corpus
    assert find_root(corpus / "1" / "nothing") is None


@dataclass(frozen=True)
class R:
    finding_id: str
    status: str
    kind: str
    source: str
    start: int
    end: int
    value: str
    fact: str = "f"
    text: str = "t"
    sentence: str = "s"
    unit: str = ""


CASE = GoldCase("e", "date", "day", (GoldSide("a", 10, 20, "q", "2008-12-12"), GoldSide("b", 5, 15, "q", "2008-12-09")))
AGREE = GoldCase("e", "number", "n", (GoldSide("a", 10, 20, "q", "90"), GoldSide("b", 5, 15, "q", "90")), True)


def test_a_case_is_found_by_one_conflict_holding_both_sides() -> None:
    rows = [R("f1", "conflict", "date", "a", 12, 14, "2008-12-12"), R("f1", "conflict", "date", "b", 14, 16, "x")]
    assert case_found(CASE, rows)


@pytest.mark.parametrize(
    "rows",
    [
        # the two sides in two findings
        [R("f1", "conflict", "date", "a", 12, 14, "1"), R("f2", "conflict", "date", "b", 14, 16, "2")],
        # agreeing, not conflicting
        [R("f1", "agree", "date", "a", 12, 14, "1"), R("f1", "agree", "date", "b", 14, 16, "1")],
        # a number finding cannot hold a date case
        [R("f1", "conflict", "number", "a", 12, 14, "1"), R("f1", "conflict", "number", "b", 14, 16, "2")],
        # a row outside the quote
        [R("f1", "conflict", "date", "a", 0, 9, "1"), R("f1", "conflict", "date", "b", 14, 16, "2")],
        # a catch-all of seven values
        [R("f1", "conflict", "date", "a", 12, 14, "1"), R("f1", "conflict", "date", "b", 14, 16, "2")]
        + [R("f1", "conflict", "date", f"c{i}", 0, 1, str(i + 3)) for i in range(5)],
    ],
)
def test_a_case_is_missed(rows: list[R]) -> None:
    assert not case_found(CASE, rows)


def test_spelling_findings_count_as_disagreeing() -> None:
    rows = [R("f1", "spelling", "date", "a", 12, 14, "1"), R("f1", "spelling", "date", "b", 14, 16, "2")]
    assert case_found(CASE, rows)


def test_an_agreement_held_by_one_conflict_is_a_false_alarm() -> None:
    assert false_alarm(
        AGREE, [R("f1", "conflict", "number", "a", 12, 14, "90"), R("f1", "conflict", "number", "b", 5, 6, "3")]
    )
    assert not false_alarm(
        AGREE, [R("f1", "agree", "number", "a", 12, 14, "90"), R("f1", "agree", "number", "b", 5, 6, "90")]
    )


def test_score_gold_counts_per_kind_alarms_and_evolving() -> None:
    evolving = GoldCase("e", "evolving", "n", (GoldSide("a", 10, 20, "q", "3"), GoldSide("b", 5, 15, "q", "10")))
    rows = {
        "e": [
            R("f1", "conflict", "date", "a", 12, 14, "1"),
            R("f1", "conflict", "date", "b", 14, 16, "2"),
            R("f2", "conflict", "number", "a", 12, 14, "3"),
            R("f2", "conflict", "number", "b", 5, 6, "10"),
        ]
    }
    score = score_gold([CASE, AGREE, evolving, GoldCase("other", "place", "p", CASE.sides)], rows)
    assert score.found == {"date": (1, 1), "place": (0, 1)}
    assert score.total == (1, 2)
    assert score.false_alarms == (1, 1)  # f2 holds both sides of the agreement
    assert score.evolving == (1, 1)
    assert [c.event for c in score.missed] == ["other"]


def test_missed_cases_read_as_lines_of_sides() -> None:
    sides = (GoldSide("a.xml", 0, 9, "on Friday", "2008-12-12"), GoldSide("b.xml", 3, 13, "=Tuesday", "2008-12-09"))
    lines = missed_lines([GoldCase("1_ecb", "date", "day", sides)])
    assert [(line.event, line.kind) for line in lines] == [("1_ecb", "date")]
    assert lines[0].sides == "a.xml: 2008-12-12: on Friday | b.xml: 2008-12-09: =Tuesday"
    text = csv_text(MISSED_COLUMNS, lines)
    assert text.splitlines()[0] == "event,kind,sides"
    assert "1_ecb,date,a.xml: 2008-12-12: on Friday" in text


def test_a_number_case_of_hours_is_held_by_duration_rows() -> None:
    hours = GoldCase("e", "number", "hours", (GoldSide("a", 10, 20, "q", "40"), GoldSide("b", 5, 15, "q", "30")))
    durations = [
        R("f1", "conflict", "date", "a", 12, 14, "PT40H", unit="duration"),
        R("f1", "conflict", "date", "b", 5, 6, "PT30H", unit="duration"),
    ]
    assert case_found(hours, durations)
    days = [replace(r, unit="day") for r in durations]  # dates are no numbers
    assert not case_found(hours, days)


def test_clean_conflicts_lists_values_and_quotes() -> None:
    rows = {
        "e": [
            R("f1", "conflict", "date", "a", 1, 2, "1"),
            R("f1", "conflict", "date", "b", 1, 2, "2"),
            R("f2", "unique", "date", "a", 1, 2, "1"),
        ]
    }
    (line,) = clean_conflicts(rows)
    assert (line.event, line.finding_id, line.values) == ("e", "f1", "1 (a); 2 (b)")
    assert line.quotes.count("«t»") == 2


def test_alignment_pairwise_precision_and_recall(corpus: Path) -> None:
    docs = read_ecbplus(corpus)
    plain, plus = docs
    # Place and person mentions of the two files, found by us: places in one finding, people in two.
    place = {d.name: next(m for m in d.mentions if m.kind == "place") for d in docs}
    person = {d.name: next(m for m in d.mentions if m.kind == "person") for d in docs}
    rows = {
        "1_ecb": [
            R("p1", "agree", "place", plain.name, place[plain.name].start, place[plain.name].end, "Malibu"),
            R("h1", "unique", "person", plain.name, person[plain.name].start, person[plain.name].end, "x"),
        ],
        "1_ecbplus": [
            R("p1", "agree", "place", plus.name, place[plus.name].start, place[plus.name].end, "Malibu"),
            R("h2", "unique", "person", plus.name, person[plus.name].start, person[plus.name].end, "x"),
        ],
    }
    # The two files are two events here, so nothing pairs across them.
    assert score_alignment(docs, rows, "place").score.gold == 0
    merged = [d.__class__(**{**{f: getattr(d, f) for f in d.__slots__}, "event": "1_ecb"}) for d in docs]
    rows_one = {"1_ecb": rows["1_ecb"] + rows["1_ecbplus"]}
    places = score_alignment(merged, rows_one, "place")
    assert (places.score.tp, places.score.predicted, places.score.gold, places.matched) == (1, 1, 1, 2)
    assert places.score.precision == places.score.recall == 1.0
    people = score_alignment(merged, rows_one, "person")
    assert (people.score.tp, people.score.predicted, people.score.gold) == (0, 0, 1)
    assert people.score.recall == 0.0


@pytest.mark.skipif(
    not (SHARED / "data" / "ecbplus" / "gold.json").is_file(), reason="../shared/data/ecbplus not present"
)
def test_the_development_set_reads_whole_and_every_gold_quote_is_found() -> None:
    root = SHARED / "data" / "ecbplus"
    docs = read_ecbplus(root)
    assert len(docs) == 772 and len({d.event for d in docs}) == 66
    cases = read_gold(root, docs)
    assert sum(not c.agreement for c in cases) == 66 and sum(c.agreement for c in cases) == 20
    texts = {d.name: d.text for d in docs}
    squeeze = str.maketrans("", "", " `'\"")
    for case in cases:
        for side in case.sides:
            assert texts[side.file][side.start : side.end].translate(squeeze) == side.quote.translate(squeeze)
