"""End to end on the sample event (UK withdraws 300 troops from Mali): the findings a reader must see."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_EVENT
from pipeline.cli import app
from pipeline.reconcile import FINDING_COLUMNS

HEBBY_SOURCE = "004_8d2be5c7dc6ed3bb.txt"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--input",
            str(SAMPLE_EVENT.parent),
            "--output",
            str(out),
            "--today",
            "2022-11-16",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def findings(report_dir: Path) -> pd.DataFrame:
    return pd.read_csv(report_dir / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def facts(report_dir: Path) -> pd.DataFrame:
    return pd.read_csv(report_dir / "facts.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def fact_of(facts: pd.DataFrame, **where: str) -> pd.DataFrame:
    """All rows of the facts that have a row matching ``where``."""
    mask = pd.Series(True, index=facts.index)
    for column, value in where.items():
        mask &= facts[column] == value
    ids = set(facts.loc[mask, "finding_id"])
    return facts[facts["finding_id"].isin(ids)]


def test_findings_csv_opens_in_pandas_and_the_csv_module(report_dir: Path, findings: pd.DataFrame) -> None:
    raw = (report_dir / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw  # Excel dialect
    with (report_dir / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == FINDING_COLUMNS
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert len(rows) - 1 == len(findings) > 0
    assert set(findings["status"]) == {"spelling", "wording", "unique"}
    ranks = findings["status"].map({"conflict": 0, "spelling": 0, "wording": 0, "unique": 1}).tolist()
    assert ranks == sorted(ranks)


def test_at_most_five_findings_are_not_unique(findings: pd.DataFrame) -> None:
    assert findings.loc[findings["status"] != "unique", "finding_id"].nunique() <= 5


def test_every_quote_is_the_source_text_at_its_offsets(findings: pd.DataFrame) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in SAMPLE_EVENT.glob("*.txt")}
    for row in findings.itertuples():
        assert texts[row.source][int(row.start) : int(row.end)] == row.text


def test_the_ministers_name_is_a_spelling_finding(findings: pd.DataFrame) -> None:
    name = fact_of(findings, kind="person", value="James Heappey")
    assert set(name["status"]) == {"spelling"}
    assert name["finding_id"].nunique() == 1
    hebby = name[name["source"] == HEBBY_SOURCE]
    assert set(hebby["text"]) & {"James Hebby", "Hebby", "Hebe"}
    assert not set(hebby["value"]) & {"James Heappey"}
    assert name.loc[name["source"] != HEBBY_SOURCE, "source"].nunique() == 4
    assert not name["text"].str.contains("Healey").any()


def test_the_ministers_role_is_worded_differently(findings: pd.DataFrame) -> None:
    roles = findings[(findings["kind"] == "role") & (findings["status"] == "wording")]
    assert roles["finding_id"].nunique() == 1
    said = set(roles["text"].str.lower())
    assert any("defence minister" in t for t in said)
    assert any("defense secretary" in t for t in said)
    assert any("armed forces" in t for t in said)


def test_no_number_or_date_conflicts_where_the_sources_agree(findings: pd.DataFrame) -> None:
    conflicts = findings[findings["status"] != "unique"]
    assert set(conflicts["kind"]) <= {"person", "role"}


@pytest.mark.parametrize(
    ("value", "unit", "min_sources"),
    [
        ("300", "troop", 3),  # "300 troops" ×3 and "around 300 British soldiers"
        ("2", "coup", 4),  # two coups in three years
    ],
)
def test_counts_the_sources_agree_on(facts: pd.DataFrame, value: str, unit: str, min_sources: int) -> None:
    fact = fact_of(facts, kind="number", value=value, unit=unit)
    agreeing = fact[fact["status"] == "agree"]
    assert agreeing["source"].nunique() >= min_sources


@pytest.mark.parametrize("value", ["P3Y", "2022-11-14", "P6M", "2012", "2022-02"])  # … six months, 2012, February
def test_dates_the_sources_agree_on(facts: pd.DataFrame, value: str) -> None:
    fact = fact_of(facts, kind="date", value=value)
    assert "agree" in set(fact["status"])
    assert fact.loc[fact["status"] == "agree", "source"].nunique() >= 2


def test_the_deployment_date_agrees_across_granularities(facts: pd.DataFrame) -> None:
    december = fact_of(facts, kind="date", value="2020-12")
    assert set(december["status"]) == {"agree"}
    assert december["source"].nunique() >= 2


@pytest.mark.parametrize(
    ("kind", "value", "unit_or_qualifier"),
    [
        ("number", "288", ""),
        ("number", "12000", ""),
        ("number", "4000", "more than"),
        ("date", "2022-03", ""),  # Sweden's announcement in March
        ("date", "2022-09-19", ""),  # the German army's suspension
        ("date", "2014", ""),  # MINUSCA deployment
    ],
)
def test_facts_only_one_source_reports_are_unique(
    findings: pd.DataFrame, kind: str, value: str, unit_or_qualifier: str
) -> None:
    rows = findings[(findings["kind"] == kind) & (findings["value"] == value)]
    if unit_or_qualifier:
        rows = rows[rows["qualifier"] == unit_or_qualifier]
    assert not rows.empty
    assert set(rows["status"]) == {"unique"}


def test_civilians_killed_are_not_the_troops_deployed(facts: pd.DataFrame) -> None:
    civilians = fact_of(facts, kind="number", value="300", unit="civilian")
    assert not civilians.empty
    assert set(civilians["unit"]) == {"civilian"}
    assert set(civilians["status"]) == {"unique"}


def test_soldiers_killed_are_not_the_troops_deployed(facts: pd.DataFrame) -> None:
    killed = fact_of(facts, kind="number", value="288")
    assert set(killed["value"]) == {"288"}


def test_summary_names_the_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["report", "--input", str(SAMPLE_EVENT.parent), "--output", str(tmp_path), "--today", str(date(2022, 11, 16))],
    )
    assert result.exit_code == 0
    for word in ("events: 1", "sources: 5", "conflicts: 2", "unique facts:", "files skipped: 0"):
        assert word in result.output
