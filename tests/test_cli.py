"""CLI: the ``mentions`` command, exit codes and one-line errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_EVENT
from pipeline.cli import EXIT_CONFIG, EXIT_OK, EXIT_SKIPPED, app
from pipeline.records import MENTION_COLUMNS

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_mentions(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["mentions", "--input", str(SAMPLE_EVENT.parent), "--output", str(out)])
    assert result.exit_code == EXIT_OK, result.output
    assert "sources: 5" in result.stdout
    return pd.read_csv(out / "mentions.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_mentions_columns(sample_mentions: pd.DataFrame) -> None:
    assert tuple(sample_mentions.columns) == MENTION_COLUMNS
    assert set(sample_mentions["kind"]) <= {"date", "number", "person", "role", "place", "organisation"}
    assert sample_mentions["mention_id"].is_unique


def test_every_mention_text_is_the_files_characters(sample_mentions: pd.DataFrame) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in SAMPLE_EVENT.glob("*.txt")}
    for row in sample_mentions.itertuples():
        assert texts[row.source][int(row.start) : int(row.end)] == row.text.removeprefix("'"), row


def test_help_for_every_command() -> None:
    for command in ("mentions", "version"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_missing_input_is_a_config_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["mentions", "--input", str(tmp_path / "nope"), "--output", str(tmp_path)])
    assert result.exit_code == EXIT_CONFIG
    assert "input not found" in result.stderr


def test_unknown_config_key_exits_before_work(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[nlp]\nmodle = 'x'\n")
    result = runner.invoke(
        app, ["mentions", "--input", str(SAMPLE_EVENT.parent), "--output", str(tmp_path), "--config", str(bad)]
    )
    assert result.exit_code == EXIT_CONFIG
    assert result.stderr.strip().count("\n") == 0
    assert "unknown key 'nlp.modle'" in result.stderr
    assert not (tmp_path / "mentions.csv").exists()


def test_bad_file_is_skipped_and_reported(tmp_path: Path) -> None:
    root = tmp_path / "in"
    event = root / "ev"
    shutil.copytree(SAMPLE_EVENT, event)
    (event / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (event / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "mentions", "--input", str(root), "--output", str(out), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == EXIT_SKIPPED
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert any("broken.txt" in line and "binary" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    frame = pd.read_csv(out / "mentions.csv", encoding="utf-8-sig", dtype=str)
    assert frame["source"].nunique() == 5


def test_unknown_model_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.toml"
    bad.write_text("[nlp]\nmodel = 'no_such_model_xx'\n")
    result = runner.invoke(
        app, ["mentions", "--input", str(SAMPLE_EVENT.parent), "--output", str(tmp_path), "--config", str(bad)]
    )
    assert result.exit_code == EXIT_CONFIG
    assert "no_such_model_xx" in result.stderr and "not installed" in result.stderr


def test_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = runner.invoke(app, ["mentions", "--input", str(SAMPLE_EVENT.parent), "--output", str(blocker), "-q"])
    assert result.exit_code == EXIT_CONFIG
    assert "cannot write output" in result.stderr
    assert blocker.read_text() == "a file where the output folder should be"
