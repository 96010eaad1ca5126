"""The nightly run over an unchanged input: the published files are linked into the new generation, not written.

Uses the ``blank:en`` stand-in model (the plumbing is the point). Every run still publishes a complete dated
generation with its run record, and its files equal what a run from scratch writes.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SAMPLE_EVENT
from pipeline import outputs, runner
from pipeline.config import Config, load_config
from pipeline.outputs import read_csv_rows

BLANK_ENV = {"PIPELINE__NLP__MODEL": "blank:en", "PIPELINE__NLP__MIN_CITY_POPULATION": "1000000"}
DAY = date(2022, 11, 16)
EVENT_FILES = ("findings.csv", "facts.csv", "mentions.csv", "summary.csv", "report.html", "report.xlsx")
COMBINED = ("findings.csv", "facts.csv", "mentions.csv", "summary.csv", "index.html")


@pytest.fixture(scope="module")
def blank() -> Config:
    cfg = load_config(environ=BLANK_ENV)
    return cfg.model_copy(update={"run": cfg.run.model_copy(update={"workers": 1})})


def _events(root: Path, n: int = 3) -> Path:
    for i in range(n):
        shutil.copytree(SAMPLE_EVENT, root / f"event-{i:03d}")
    return root


def _generation(out: Path) -> Path:
    return (out / os.readlink(out / "current")).resolve()


def _ino(path: Path) -> int:
    return path.stat().st_ino


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unchanged_run_links_every_file_of_the_published_generation(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    first_summary = runner.report(root, out, blank, run_date=DAY)
    first = _generation(out)
    second_summary = runner.report(root, out, blank, run_date=DAY)
    second = _generation(out)
    assert second != first and second.name == "2022-11-16.2"
    for event in ("event-000", "event-001", "event-002"):
        for name in EVENT_FILES:
            assert _ino(second / event / name) == _ino(first / event / name), (event, name)
    for name in COMBINED:
        assert _ino(second / name) == _ino(first / name), name
    assert read_csv_rows(second / "changes.csv") == [] and second_summary.new_findings == 0
    counts = ("events", "sources", "mentions", "facts", "conflicts", "unique")
    assert [getattr(second_summary, c) for c in counts] == [getattr(first_summary, c) for c in counts]
    assert second_summary.unique > 0  # the summary still counts the report
    # The cold run's changes listed everything as new, so this one's workbook has another changes sheet.
    assert _ino(second / "report.xlsx") != _ino(first / "report.xlsx")
    assert load_workbook(second / "report.xlsx").sheetnames == ["summary", "findings", "changes"]
    # The third run: no changes again, so changes.csv and the workbook are the second's too.
    runner.report(root, out, blank, run_date=DAY)
    third = _generation(out)
    assert _ino(third / "changes.csv") == _ino(second / "changes.csv")
    assert _ino(third / "report.xlsx") == _ino(second / "report.xlsx")
    # Each generation is complete, with its run record, and holds what a run from scratch writes.
    fresh = tmp_path / "fresh"
    runner.report(root, fresh, blank, run_date=DAY, full=True)
    scratch = _generation(fresh)
    want = {k: v for k, v in _files(scratch).items() if k not in ("changes.csv", "report.xlsx")}
    for generation in (second, third):
        got = {k: v for k, v in _files(generation).items() if k not in ("changes.csv", "report.xlsx")}
        assert got == want
        record = json.loads((generation / ".run.json").read_text(encoding="utf-8"))
        assert record["events"] == ["event-000", "event-001", "event-002"]
        assert [r[:2] for r in record["reports"]] == [[e, e] for e in record["events"]]
    assert all(not p.is_symlink() for p in third.rglob("*"))  # links are hard links: no symlink in a generation


def test_a_changed_event_is_written_and_the_others_linked(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    first = _generation(out)
    article = next((root / "event-001").glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nSweden said on Friday that 80 troops would leave.\n")
    summary = runner.report(root, out, blank, run_date=DAY)
    second = _generation(out)
    assert summary.parsed == 1
    assert _ino(second / "event-000" / "facts.csv") == _ino(first / "event-000" / "facts.csv")
    assert _ino(second / "event-002" / "report.xlsx") == _ino(first / "event-002" / "report.xlsx")
    assert _ino(second / "event-001" / "mentions.csv") != _ino(first / "event-001" / "mentions.csv")
    for name in COMBINED:
        assert _ino(second / name) != _ino(first / name), name
    assert "80" in (second / "event-001" / "mentions.csv").read_text(encoding="utf-8-sig")
    assert "80" in (second / "mentions.csv").read_text(encoding="utf-8-sig")
    # The linked first event's rows were read back into the combined files: the same bytes as a run from scratch.
    runner.report(root, tmp_path / "fresh", blank, run_date=DAY, full=True)
    scratch = _generation(tmp_path / "fresh")
    for name in COMBINED:
        assert (second / name).read_bytes() == (scratch / name).read_bytes(), name


@pytest.mark.parametrize("change", ["added", "removed", "renamed"])
def test_events_added_or_removed_after_linked_ones_give_the_combined_files_of_a_full_run(
    tmp_path: Path, blank: Config, change: str
) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    if change == "added":
        shutil.copytree(SAMPLE_EVENT, root / "event-003")
    elif change == "removed":
        shutil.rmtree(root / "event-002")
    else:
        (root / "event-000").rename(root / "event-999")
    runner.report(root, out, blank, run_date=DAY)
    second = _generation(out)
    runner.report(root, tmp_path / "fresh", blank, run_date=DAY, full=True)
    scratch = _generation(tmp_path / "fresh")
    for name in (*COMBINED, "report.xlsx"):
        if name != "report.xlsx":
            assert (second / name).read_bytes() == (scratch / name).read_bytes(), name
    assert load_workbook(second / "report.xlsx")["findings"].max_row == len(read_csv_rows(second / "findings.csv")) + 1
    assert _ino(second / "event-001" / "facts.csv") == _ino(
        _generation(out).parent / "2022-11-16" / "event-001" / "facts.csv"
    )


def test_a_published_file_that_cannot_be_linked_is_written_instead(tmp_path: Path, blank: Config) -> None:
    """A published file gone (deleted by hand) or not linkable: the event's files and the combined ones are written
    again, complete, never a half-linked folder."""
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    first = _generation(out)
    want = _files(first / "event-001")
    (first / "event-001" / "facts.csv").unlink()
    runner.report(root, out, blank, run_date=DAY)
    second = _generation(out)
    assert _files(second / "event-001") == want
    assert _ino(second / "event-001" / "mentions.csv") != _ino(first / "event-001" / "mentions.csv")
    assert _ino(second / "event-000" / "mentions.csv") == _ino(first / "event-000" / "mentions.csv")
    assert _ino(second / "facts.csv") != _ino(first / "facts.csv")  # not every event was linked: written


def test_a_link_that_fails_midway_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = tmp_path / "published", tmp_path / "new"
    source.mkdir()
    for name in ("a.csv", "b.csv", "c.csv"):
        (source / name).write_text(name)
    real = os.link
    calls: list[str] = []

    def failing(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == 3:
            raise PermissionError(1, "Operation not permitted", str(src))  # as for an immutable (chattr +i) file
        real(src, dst)

    monkeypatch.setattr(outputs.os, "link", failing)
    assert not outputs.link_files(source, target, ["a.csv", "b.csv", "c.csv"])
    assert list(target.iterdir()) == []
    assert outputs.link_files(source, tmp_path / "other", ["a.csv", "b.csv"]) is True  # the fourth and fifth call


def test_a_generation_of_another_version_or_without_reports_is_not_linked(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    first = _generation(out)
    record = first / ".run.json"
    info = json.loads(record.read_text(encoding="utf-8"))
    assert outputs.previous_reports(out, info["version"]) == [tuple(r) for r in info["reports"]]
    assert outputs.previous_reports(out, "0.0.0") == []
    record.write_text(json.dumps({**info, "version": "0.0.0"}), encoding="utf-8")
    runner.report(root, out, blank, run_date=DAY)
    second = _generation(out)
    assert _ino(second / "event-000" / "facts.csv") != _ino(first / "event-000" / "facts.csv")
    assert (second / "event-000" / "facts.csv").read_bytes() == (first / "event-000" / "facts.csv").read_bytes()
    (second / ".run.json").write_text("{not json", encoding="utf-8")  # a damaged run record: nothing is linked
    assert outputs.previous_reports(out, info["version"]) == []
    runner.report(root, out, blank, run_date=DAY)
    third = _generation(out)
    assert _ino(third / "event-000" / "facts.csv") != _ino(second / "event-000" / "facts.csv")
    assert outputs.previous_reports(tmp_path / "nowhere", info["version"]) == []


@pytest.mark.slow
def test_linked_events_with_conflicts_are_read_back_in_order_when_a_later_event_is_new(
    tmp_path: Path, config: Config
) -> None:
    """With the real model the sample event has conflicts, spelling and wording findings: read back from a linked
    event's files, they go to the combined files' conflicts part, its unique facts to the unique part."""
    cfg = config.model_copy(update={"run": config.run.model_copy(update={"workers": 1})})
    root, out = _events(tmp_path / "in", 2), tmp_path / "out"
    runner.report(root, out, cfg, run_date=DAY)
    statuses = {r["status"] for r in read_csv_rows(_generation(out) / "findings.csv")}
    assert "unique" in statuses and statuses - {"unique"}
    shutil.copytree(SAMPLE_EVENT, root / "event-002")
    runner.report(root, out, cfg, run_date=DAY)
    runner.report(root, tmp_path / "fresh", cfg, run_date=DAY, full=True)
    second, scratch = _generation(out), _generation(tmp_path / "fresh")
    for name in COMBINED:
        assert (second / name).read_bytes() == (scratch / name).read_bytes(), name
