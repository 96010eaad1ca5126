"""Evaluation harness: scorers on hand-made cases, readers on fixture files, the ``eval`` command."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from pipeline.cli import EXIT_CONFIG, EXIT_OK, app
from pipeline.evaluate import Row, format_table
from pipeline.evaluate.readers import (
    GoldEntity,
    GoldQuantity,
    GoldTimex,
    MeantimeDoc,
    detokenize,
    parse_value,
    read_meantime,
    read_meantime_doc,
    read_newsquant,
)
from pipeline.evaluate.scoring import (
    Score,
    chain_consistency,
    entity_golds,
    max_matching,
    score_dates_doc,
    score_entities_doc,
    score_sentence,
)
from pipeline.evaluate.units import normalise_unit, singular, units_match
from pipeline.records import Kind, Mention

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MEANTIME_FIXTURE = FIXTURES / "meantime" / "corpus_mali" / "1_UK_to_end_deployment_in_Mali.xml"
NEWSQUANT_FIXTURE = FIXTURES / "newsquant" / "dev.json"
SHARED_DATA = SHARED / "data"

cli = CliRunner()


def mention(
    kind: Kind,
    start: int,
    end: int,
    value: str,
    *,
    unit: str = "",
    qualifier: str = "",
    source: str = "a",
    high: str = "",
    change: str = "",
) -> Mention:
    return Mention(
        "e",
        source,
        f"{source}:{kind}:{start}-{end}",
        kind,
        "",
        value,
        unit,
        qualifier,
        start,
        end,
        "",
        high=high,
        change=change,
    )


def gold_quantity(value: str, unit: str = "", normalized: str = "", change: str = "=") -> GoldQuantity:
    low, high = parse_value(value)
    return GoldQuantity(value, low, high, unit, normalized or unit, change, "-")


def doc_with(
    *, timexes: tuple[GoldTimex, ...] = (), entities: tuple[GoldEntity, ...] = (), name: str = "a", end: int = 1000
) -> MeantimeDoc:
    return MeantimeDoc("t", name, "x" * end, date(2022, 11, 15), end, timexes, entities)


def timex(start: int, end: int, value: str) -> GoldTimex:
    return GoldTimex("1", start, end, "", "DATE", value, False)


def entity(start: int, end: int, etype: str, *, named: bool = True, chain: str = "", syntax: str = "NAM") -> GoldEntity:
    return GoldEntity("1", start, end, "", etype, syntax, named, chain)


# ---------------------------------------------------------------- scores and matching


def test_score_precision_recall_f1() -> None:
    s = Score(tp=2, predicted=4, gold=3)
    assert (s.precision, s.recall) == (0.5, pytest.approx(2 / 3))
    assert s.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert Score(0, 0, 0).f1 == 0.0
    assert Score(1, 2, 3) + Score(1, 1, 1) == Score(2, 3, 4)


def test_matching_is_maximum_not_greedy() -> None:
    # Gold 0 overlaps both predictions; gold 1 only the first. Greedy in gold order finds 1 pair, the maximum is 2.
    golds = [(0, 10), (0, 3)]
    preds = [(0, 3), (5, 8)]
    pairs = max_matching(golds, preds, lambda g, p: g[0] < p[1] and p[0] < g[1])
    assert pairs == [(0, 1), (1, 0)]


def test_one_mention_over_two_golds_counts_once() -> None:
    doc = doc_with(timexes=(timex(0, 6, "2022-11-14"), timex(7, 12, "2022-11-15")))
    scores = score_dates_doc(doc, [mention("date", 0, 12, "2022-11-14")])
    assert scores.span == Score(tp=1, predicted=1, gold=2)


def test_wrong_value_on_matched_span_is_not_value_correct() -> None:
    doc = doc_with(timexes=(timex(10, 24, "2020-12"),))
    scores = score_dates_doc(doc, [mention("date", 13, 24, "2020-12-15")])
    assert scores.span.tp == 1
    assert scores.value.tp == 0
    assert scores.value_accuracy == 0.0


def test_duplicates_lower_precision() -> None:
    doc = doc_with(timexes=(timex(10, 24, "2020-12"),))
    scores = score_dates_doc(doc, [mention("date", 10, 24, "2020-12"), mention("date", 10, 24, "2020-12")])
    assert scores.value == Score(tp=1, predicted=2, gold=1)
    assert scores.value.precision == 0.5


def test_mentions_after_the_annotated_window_are_not_scored() -> None:
    doc = doc_with(timexes=(timex(10, 24, "2020-12"),), end=100)
    scores = score_dates_doc(doc, [mention("date", 10, 24, "2020-12"), mention("date", 150, 160, "2021")])
    assert scores.span == Score(tp=1, predicted=1, gold=1)


def test_other_kinds_are_not_counted_as_dates() -> None:
    doc = doc_with(timexes=(timex(10, 24, "2020"),))
    assert score_dates_doc(doc, [mention("number", 10, 14, "2020")]).span == Score(0, 0, 1)


# ---------------------------------------------------------------- NewsQuant


@pytest.mark.parametrize(
    ("gold", "ours", "value", "unit", "change"),
    [
        (gold_quantity("300", "troops", "troop"), mention("number", 0, 3, "300", unit="troop", qualifier="="), 1, 1, 1),
        (gold_quantity("300.0", "troops", "troop"), mention("number", 0, 3, "300", unit="soldier"), 1, 0, 1),
        (
            gold_quantity("4.5", "per cent", "percentage", "up"),
            mention("number", 0, 3, "4.5", unit="percentage"),
            1,
            1,
            0,
        ),
        (
            gold_quantity("1.0", "%", "percentage", "~"),
            mention("number", 0, 3, "1", unit="percentage", qualifier="~"),
            1,
            1,
            1,
        ),
        (
            gold_quantity("12.4", "$", "dollar", ">"),
            mention("number", 0, 3, "12.4", unit="dollar", qualifier="<"),
            1,
            1,
            0,
        ),
        (
            gold_quantity("1.99E-29", "g", "gram"),
            mention("number", 0, 3, "0.0000000000000000000000000000199", unit="gram"),
            1,
            1,
            1,
        ),
        (gold_quantity("12000"), mention("number", 0, 3, "12001"), 0, 0, 0),
        (gold_quantity("15.0-22.0", "mph", "mile per hour"), mention("number", 0, 3, "15", unit="mph"), 0, 0, 0),
        (
            gold_quantity("15.0-22.0", "miles per hour", "mile per hour"),
            mention("number", 0, 3, "15", unit="mile per hour", high="22"),
            1,
            1,
            1,
        ),
        (gold_quantity("1", "-", "-"), mention("number", 0, 3, "1"), 1, 1, 1),
        (
            gold_quantity("4", "%", "percentage", "down"),
            mention("number", 0, 3, "4", change="down"),
            1,
            0,
            1,
        ),
    ],
)
def test_newsquant_sentence_scores(gold: GoldQuantity, ours: Mention, value: int, unit: int, change: int) -> None:
    scores = score_sentence([gold], [ours])
    assert (scores.value.tp, scores.value_unit.tp, scores.value_change.tp) == (value, unit, change)


def test_newsquant_one_mention_matches_one_gold() -> None:
    golds = [gold_quantity("300", "troops", "troop"), gold_quantity("300", "civilians", "civilian")]
    scores = score_sentence(golds, [mention("number", 0, 3, "300", unit="troop")])
    assert scores.value == Score(tp=1, predicted=1, gold=2)
    assert scores.value_unit.tp == 1


def test_newsquant_ignores_non_number_mentions() -> None:
    scores = score_sentence([gold_quantity("2020")], [mention("date", 0, 4, "2020")])
    assert scores.value == Score(tp=0, predicted=0, gold=1)


@pytest.mark.parametrize(
    ("unit", "normalised"),
    [
        ("%", "percentage"),
        ("percent", "percentage"),
        ("per cent", "percentage"),
        ("$", "dollar"),
        ("dollars", "dollar"),
        ("US$", "dollar"),
        ("USD", "dollar"),
        ("troops", "troop"),
        ("Countries", "country"),
        ("people", "people"),
        ("feet", "foot"),
        ("kilometers", "kilometre"),
        ("miles per hour", "mile per hour"),
        ("mph", "mile per hour"),
        ("viruses", "virus"),
        ("mosques", "mosque"),
        ("p", "penny"),
        ("pence", "penny"),
        ("-", ""),
    ],
)
def test_normalise_unit(unit: str, normalised: str) -> None:
    assert normalise_unit(unit) == normalised


@pytest.mark.parametrize(
    ("word", "expected"), [("species", "species"), ("bus", "bus"), ("class", "class"), ("gas", "gas")]
)
def test_singular_leaves_singulars_alone(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_multiword_gold_unit_needs_our_modifiers() -> None:
    gold = ("European countries", "european country")
    assert units_match("country", gold, modifiers=("european",))
    assert not units_match("country", gold)
    assert not units_match("euro", gold, modifiers=("european",))


def test_parse_value_reads_ranges_and_rejects_junk() -> None:
    assert parse_value("3.0 - 4.0") == (3.0, 4.0)
    assert parse_value("-50800000000.0") == (-50800000000.0, None)
    with pytest.raises(ValueError, match="not a number"):
        parse_value("about ten")


# ---------------------------------------------------------------- MEANTIME entities and chains


def test_entity_golds_keep_inner_names_and_ignore_the_rest() -> None:
    outer = entity(0, 30, "PER")  # "Defence Minister James Heappey"
    inner = entity(17, 30, "PER")  # "James Heappey"
    pronoun = entity(40, 42, "PER", named=False, syntax="PRO")
    place = entity(50, 54, "LOC")
    scored, ignored = entity_golds(doc_with(entities=(outer, inner, pronoun, place)), "PER")
    assert scored == [inner]
    assert set(ignored) == {outer, pronoun}


def test_entity_span_and_exact_scores() -> None:
    doc = doc_with(
        entities=(
            entity(0, 30, "PER"),
            entity(17, 30, "PER"),
            entity(50, 54, "LOC"),
            entity(60, 87, "ORG", syntax="NAM"),
        )
    )
    ours = [
        mention("person", 0, 16, "Defence Minister"),  # overlaps only the ignored outer mention
        mention("person", 17, 30, "James Heappey"),
        mention("person", 50, 54, "Mali"),  # a place tagged as a person
    ]
    scores = score_entities_doc(doc, ours, "person")
    assert scores.span == Score(tp=1, predicted=2, gold=1)
    assert scores.exact.tp == 1


def test_exact_match_allows_a_leading_article_in_the_gold() -> None:
    gold = GoldEntity("1", 0, 27, "the United States Air Force", "ORG", "NAM", True, "")
    doc = doc_with(entities=(gold,))
    assert (
        score_entities_doc(doc, [mention("organisation", 4, 27, "United States Air Force")], "organisation").exact.tp
        == 1
    )
    assert score_entities_doc(doc, [mention("organisation", 4, 17, "United States")], "organisation").exact.tp == 0


def test_chain_consistency() -> None:
    uk = "LOC1"
    docs = [
        doc_with(name="a", entities=(entity(0, 2, "LOC", chain=uk), entity(10, 14, "LOC", chain="LOC2"))),
        doc_with(name="b", entities=(entity(5, 12, "LOC", chain=uk),)),
        doc_with(name="c", entities=(entity(0, 7, "LOC", chain=uk),)),
    ]
    together = [
        [mention("place", 0, 2, "United Kingdom", source="a"), mention("place", 10, 14, "Mali", source="a")],
        [mention("place", 5, 12, "United Kingdom", source="b")],
        [],
    ]
    result = chain_consistency(docs, together)
    assert (result.chains, result.consistent) == (1, 1)  # LOC2 is found in one document only
    split = [*together[:2], [mention("place", 0, 7, "Britain", source="c")]]
    result = chain_consistency(docs, split)
    assert (result.chains, result.consistent) == (1, 0)
    assert result.examples == ((uk, ("Britain", "United Kingdom")),)


# ---------------------------------------------------------------- readers


def test_detokenize_glues_punctuation_and_quotes() -> None:
    tokens = [
        "Title",
        "Date",
        "``",
        "Hi",
        ",",
        "''",
        "he",
        "said",
        "(",
        "EADS",
        ")",
        "US$",
        "40",
        "Apple",
        "'s",
        "5",
        "%",
    ]
    sents = [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    text, offsets = detokenize(tokens, sents)
    assert text == 'Title\nDate\n"Hi," he said (EADS) US$40 Apple\'s 5%'
    assert [text[s:e] for s, e in offsets] == [t if t not in ("``", "''") else '"' for t in tokens]


def test_read_meantime_fixture() -> None:
    doc = read_meantime_doc(MEANTIME_FIXTURE, "mali")
    assert doc.text.startswith("UK To End Deployment Of 300 Troops To UN Mission In Mali\nNovember 15, 2022\nBritain")
    assert doc.published == date(2022, 11, 15)
    assert doc.text[: doc.annotated_end].endswith("Defence Minister James Heappey said.")
    assert [(t.text, t.type, t.value, t.creation_time) for t in doc.timexes] == [
        ("November 15, 2022", "DATE", "2022-11-15", True),
        ("Monday", "DATE", "2022-11-14", False),
        ("three years", "DURATION", "P3Y", False),
    ]
    by_text = {(e.text, e.start): e for e in doc.entities}
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
    assert by_text[("UK", 0)].type == "LOC" and by_text[("UK", 0)].chain == by_text[("Britain", 75)].chain
    assert not by_text[("it", 105)].named
    assert not by_text[("the UN's mission in Mali", 150)].named  # first layer, not NAM
    heappey = [e for e in doc.entities if e.text == "Heappey"]
    assert heappey and heappey[0].named and heappey[0].syntactic_type == "" and heappey[0].type == "PER"
    london = next(e for e in doc.entities if e.text == "London")
    assert london.chain == "" and london.start >= doc.annotated_end


def test_read_newsquant_fixture() -> None:
    sentences = read_newsquant(NEWSQUANT_FIXTURE)
    assert [len(s.quantities) for s in sentences] == [1, 3, 1, 0]
    rng = sentences[2].quantities[0]
    assert (rng.low, rng.high, rng.normalized_unit) == (15.0, 22.0, "mile per hour")
    assert [q.change for q in sentences[1].quantities] == ["up", "=", "~"]


@pytest.mark.skipif(not (SHARED_DATA / "meantime").is_dir(), reason="shared MEANTIME data not available")
def test_read_real_meantime() -> None:
    docs = read_meantime(SHARED_DATA / "meantime")
    assert {d.topic for d in docs} == {"airbus", "apple", "gm", "stock"}
    for doc in docs:
        assert 0 < doc.annotated_end <= len(doc.text)
        for t in doc.timexes:
            assert doc.text[t.start : t.end] == t.text and t.text == t.text.strip()
        for e in doc.entities:
            assert doc.text[e.start : e.end] == e.text
    # Nearly every article carries its creation time, and it is the dateline under the title.
    with_dct = [d for d in docs if d.published is not None]
    assert len(with_dct) >= 0.95 * len(docs)
    for d in with_dct:
        dct = [t for t in d.timexes if t.creation_time]
        assert not dct or d.text.split("\n")[1] == dct[0].text


@pytest.mark.skipif(
    not (SHARED_DATA / "newsquant" / "dev.json").is_file(), reason="shared NewsQuant data not available"
)
def test_read_real_newsquant() -> None:
    sentences = read_newsquant(SHARED_DATA / "newsquant" / "dev.json")
    quantities = [q for s in sentences for q in s.quantities]
    assert quantities and {q.change for q in quantities} <= {"=", "~", ">", "<", "up", "down"}
    assert any(q.high is not None for q in quantities)


# ---------------------------------------------------------------- table and CLI


def test_format_table_marks_targets() -> None:
    rows = [
        Row("newsquant", "value F1", 0.95, "CQE 0.920", 0.93),
        Row("newsquant", "value+unit F1", 0.5, "", 0.86),
        Row("newsquant", "value P", 0.7),
    ]
    lines = format_table(rows).splitlines()
    assert lines[0].split()[:5] == ["benchmark", "metric", "ours", "reference", "target"]
    assert "0.950" in lines[2] and ">= 0.93 met" in lines[2]
    assert ">= 0.86 NOT MET" in lines[3]
    assert "met" not in lines[4].lower()


def test_eval_without_data_skips_every_shared_benchmark(tmp_path: Path) -> None:
    only = ["--only", "newsquant", "--only", "meantime-dates", "--only", "meantime-entities", "--only", "ecbplus"]
    result = cli.invoke(app, ["eval", "--data", str(tmp_path), *only])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.count("skipped") == 4
    assert "ecbplus: skipped, no data at" in result.stdout


def test_at_most_targets_are_met_below_the_ceiling() -> None:
    lines = format_table(
        [Row("b", "false alarms", 1, "", 1, at_most=True), Row("b", "false alarms", 2, "", 1, at_most=True)]
    ).splitlines()
    assert "<= 1.00 met" in lines[2]
    assert "<= 1.00 NOT MET" in lines[3]


def test_eval_rejects_unknown_benchmark(tmp_path: Path) -> None:
    result = cli.invoke(app, ["eval", "--data", str(tmp_path), "--only", "tempeval"])
    assert result.exit_code == EXIT_CONFIG
    assert "unknown benchmark tempeval" in result.stderr


def test_eval_help() -> None:
    result = cli.invoke(app, ["eval", "--help"])
    assert result.exit_code == 0 and "--only" in result.stdout


@pytest.mark.slow
def test_eval_on_fixture_data_writes_rows(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data)
    out = tmp_path / "rows.json"
    result = cli.invoke(
        app, ["eval", "--data", str(data), "--only", "newsquant", "--only", "meantime-dates", "--json", str(out)]
    )
    assert result.exit_code == EXIT_OK, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["benchmark"] for r in rows} == {"newsquant", "meantime-dates"}
    detail = {(r["benchmark"], r["metric"]): r["detail"] for r in rows}
    assert "gold=5" in detail["newsquant", "value F1"]
    assert "gold=3" in detail["meantime-dates", "span F1"]
    assert all(0.0 <= r["ours"] <= 1.0 for r in rows)
    assert "meantime-entities" not in result.stdout
