"""Nightly operation: incremental runs, safe output, locks, changes and failures a cron user can act on.

These use the ``blank:en`` stand-in model (tokenizer and sentencizer only): the
model is not the point here, the plumbing is.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_EVENT
from pipeline import executor as executor_mod
from pipeline import runner
from pipeline.cli import EXIT_CONFIG, EXIT_CRASH, EXIT_LOCKED, EXIT_OK, EXIT_SKIPPED, app
from pipeline.config import Config, load_config
from pipeline.executor import InlineExecutor
from pipeline.lock import RunLock
from pipeline.outputs import read_csv_rows
from pipeline.records import Article

cli = CliRunner()
BLANK_ENV = {"PIPELINE__NLP__MODEL": "blank:en", "PIPELINE__NLP__MIN_CITY_POPULATION": "1000000"}
DAY = date(2022, 11, 16)


@pytest.fixture(scope="module")
def blank() -> Config:
    cfg = load_config(environ=BLANK_ENV)
    return cfg.model_copy(update={"run": cfg.run.model_copy(update={"workers": 1})})


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {**BLANK_ENV, "PIPELINE__RUN__WORKERS": "1"}.items():
        monkeypatch.setenv(key, value)


SOURCE_000 = sorted(p.name for p in SAMPLE_EVENT.glob("*.txt"))[0]


def _events(root: Path, n: int = 2) -> Path:
    """``n`` copies of the sample event under ``root``."""
    for i in range(n):
        shutil.copytree(SAMPLE_EVENT, root / f"event-{i:03d}")
    return root


def _csvs(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.csv")) if p.name != "changes.csv"}


def test_second_run_parses_nothing_and_writes_identical_csvs(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    first = runner.report(root, out, blank, run_date=DAY)
    before = _csvs(out)
    second = runner.report(root, out, blank, run_date=DAY)
    assert (first.parsed, first.cached) == (10, 0)
    assert (second.parsed, second.cached) == (0, 10)
    assert _csvs(out) == before
    assert read_csv_rows(out / "changes.csv") == []
    assert second.mentions == first.mentions > 0


def test_changed_file_and_changed_config_reprocess_exactly_what_they_affect(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    target = next((root / "event-001").glob("*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\nSweden said on Friday it would leave too.\n")
    assert runner.report(root, out, blank, run_date=DAY).parsed == 1
    changed = blank.model_copy(
        update={
            "extract": blank.extract.model_copy(
                update={"dates": blank.extract.dates.model_copy(update={"languages": ["en", "fr"]})}
            )
        }
    )
    assert runner.report(root, out, changed, run_date=DAY).parsed == 10
    assert runner.report(root, out, changed, run_date=DAY, full=True).parsed == 10


def test_an_unchanged_event_reuses_its_report_and_a_change_recomputes_only_its_event(
    tmp_path: Path, blank: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    before = _csvs(out)
    reconciled: list[str] = []
    real = executor_mod.reconcile_event

    def counting(mentions: list, articles: list, config: object) -> list:
        reconciled.append(articles[0].event)
        return real(mentions, articles, config)

    monkeypatch.setattr(executor_mod, "reconcile_event", counting)
    runner.report(root, out, blank, run_date=DAY, executor=InlineExecutor())
    assert reconciled == [] and _csvs(out) == before

    (root / "event-001" / "sources.csv").write_text("file,outlet\n" + f"{SOURCE_000},Reuters\n", encoding="utf-8")
    runner.report(root, out, blank, run_date=DAY, executor=InlineExecutor())
    assert reconciled == ["event-001"]
    outlets = {r["outlet"] for r in read_csv_rows(out / "event-001" / "facts.csv") if r["source"] == SOURCE_000}
    assert outlets == {"Reuters"}

    stricter = blank.model_copy(update={"reconcile": blank.reconcile.model_copy(update={"min_link_score": 0.9})})
    runner.report(root, out, stricter, run_date=DAY, executor=InlineExecutor())
    assert reconciled == ["event-001", "event-000", "event-001"]


def test_combined_findings_put_conflicts_first_then_confidence_and_keep_each_finding_together(
    tmp_path: Path, blank: Config
) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    (root / "event-001" / "extra.txt").write_text("Norway announced in January it would withdraw from Chad.\n")
    runner.report(root, out, blank, run_date=DAY)
    rows = read_csv_rows(out / "findings.csv")
    assert {r["event"] for r in rows} == {"event-000", "event-001"}
    order = [({"conflict": 0, "unique": 1}[r["status"]], -float(r["confidence"])) for r in rows]
    assert order == sorted(order)
    ids = [r["finding_id"] for r in rows]
    starts = [i for i, fid in enumerate(ids) if i == 0 or ids[i - 1] != fid]
    assert len(starts) == len(set(ids))  # every finding's rows are contiguous


def test_each_event_gets_its_own_folder_and_the_run_a_dated_copy(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    runner.report(root, out, blank, run_date=date(2022, 11, 17))
    for name in ("findings.csv", "facts.csv", "mentions.csv", "changes.csv"):
        assert (out / name).is_file()
        assert (out / "runs" / "2022-11-16" / name).is_file() and (out / "runs" / "2022-11-17" / name).is_file()
    for event in ("event-000", "event-001"):
        rows = read_csv_rows(out / event / "mentions.csv")
        assert rows and {r["event"] for r in rows} == {event}
    combined = read_csv_rows(out / "mentions.csv")
    assert len(combined) == sum(len(read_csv_rows(out / e / "mentions.csv")) for e in ("event-000", "event-001"))
    assert not (out / ".staging").exists()


def test_an_event_gone_from_the_input_leaves_the_top_level_but_stays_in_its_dated_run(
    tmp_path: Path, blank: Config
) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("not ours")
    shutil.rmtree(root / "event-001")
    runner.report(root, out, blank, run_date=date(2022, 11, 17))
    assert (out / "event-000" / "findings.csv").is_file()
    assert not (out / "event-001").exists()
    assert (out / "runs" / "2022-11-16" / "event-001" / "findings.csv").is_file()
    assert (out / "notes" / "todo.txt").read_text() == "not ours"  # a folder we did not write is left alone
    assert {r["event"] for r in read_csv_rows(out / "findings.csv")} == {"event-000"}


def test_the_cache_forgets_what_no_run_used_for_cache_days(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    db = out / ".cache" / "mentions.sqlite"

    def events_cached() -> tuple[set[str], set[str]]:
        with sqlite3.connect(db) as con:
            reports = {r[0] for r in con.execute("SELECT event FROM event_reports")}
            articles = {r[0] for r in con.execute("SELECT count(*) FROM article_mentions")}
        return reports, articles

    runner.report(root, out, blank, run_date=DAY)
    assert events_cached() == ({"event-000", "event-001"}, {10})
    shutil.rmtree(root / "event-001")
    runner.report(root, out, blank, run_date=DAY + timedelta(days=20))
    assert events_cached() == ({"event-000", "event-001"}, {10})  # unused for 20 days: kept
    summary = runner.report(root, out, blank, run_date=DAY + timedelta(days=31))
    assert events_cached() == ({"event-000"}, {5})  # event-001 unused for 31 days: gone
    assert summary.cached == 5 and summary.parsed == 0  # what the runs kept using stays cached


def test_changes_lists_findings_new_since_the_last_run(tmp_path: Path, blank: Config) -> None:
    kinds = [*blank.reconcile.unique_kinds, "place"]  # places named by one source are findings here
    blank = blank.model_copy(update={"reconcile": blank.reconcile.model_copy(update={"unique_kinds": kinds})})
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    (root / "event-000" / "extra.txt").write_text("Norway announced in January it would withdraw from Chad.\n")
    runner.report(root, out, blank, run_date=date(2022, 11, 17))
    changes = read_csv_rows(out / "changes.csv")
    new = [c for c in changes if c["change"] == "new"]
    assert {c["source"] for c in new} >= {"extra.txt"}
    # Mali was named by one source, now by two: its "unique" finding is gone, not repeated.
    assert {c["change"] for c in changes} <= {"new", "gone"}
    assert all(c["source"] != "extra.txt" for c in changes if c["change"] == "gone")
    assert read_csv_rows(out / "runs" / "2022-11-16" / "changes.csv") != changes


def test_a_failing_event_is_left_out_and_the_others_reported(
    tmp_path: Path, blank: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = _events(tmp_path / "in"), tmp_path / "out"
    real = executor_mod.reconcile_event

    def flaky(mentions: list, articles: list, config: object) -> list:
        if articles[0].event == "event-000":
            raise RuntimeError("reconciler bug")
        return real(mentions, articles, config)

    monkeypatch.setattr(executor_mod, "reconcile_event", flaky)
    summary = runner.report(root, out, blank, run_date=DAY, executor=InlineExecutor())
    assert summary.events == 1
    assert any(s.path == "event-000" and "reconciler bug" in s.reason for s in summary.skipped)
    assert {r["event"] for r in read_csv_rows(out / "mentions.csv")} == {"event-001"}


def test_an_article_that_breaks_extraction_costs_only_itself(
    tmp_path: Path, blank: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    real = executor_mod.extract_article

    def flaky(doc: object, article: Article, config: object) -> list:
        if article.source.startswith("002"):
            raise ValueError("extractor bug")
        return real(doc, article, config)

    monkeypatch.setattr(executor_mod, "extract_article", flaky)
    summary = runner.report(root, out, blank, run_date=DAY, executor=InlineExecutor())
    assert summary.events == 1 and summary.parsed == 4 and summary.cached == 0
    [skipped] = summary.skipped
    assert skipped.path.startswith("event-000/002") and "extractor bug" in skipped.reason
    sources = {r["source"] for r in read_csv_rows(out / "mentions.csv")}
    assert len(sources) == 4 and not any(s.startswith("002") for s in sources)


def test_locked_output_exits_with_its_own_code(tmp_path: Path, env: None) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    out.mkdir()
    lock = RunLock(out / ".lock")
    lock.acquire()
    try:
        result = cli.invoke(app, ["report", "-i", str(root), "-o", str(out), "-q"])
    finally:
        lock.release()
    assert result.exit_code == EXIT_LOCKED
    assert "another run is writing this output folder" in result.stderr
    assert not (out / "findings.csv").exists()


def test_quiet_success_prints_nothing_and_logs_the_summary_to_a_file(tmp_path: Path, env: None) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    result = cli.invoke(app, ["report", "-i", str(root), "-o", str(out), "-q", "--today", "2022-11-16"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "" and result.stderr == ""
    log_text = (out / "pipeline.log").read_text(encoding="utf-8")
    assert "summary: events: 1" in log_text and "summary: files skipped: 0" in log_text
    assert (out / "runs" / "2022-11-16" / "findings.csv").is_file()


def test_quiet_run_as_cron_starts_it_prints_nothing(tmp_path: Path) -> None:
    """The real entry point in a fresh process with worker processes: no library warning reaches stderr."""
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE__")}
    environ.update({**BLANK_ENV, "PIPELINE__RUN__WORKERS": "2", "PIPELINE__RUN__CHUNK_SIZE": "2"})
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "report", "-i", str(root), "-o", str(out), "-q"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert (done.stdout, done.stderr) == ("", "")


def test_summary_names_skipped_files_and_exit_code_says_so(tmp_path: Path, env: None) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    (root / "event-000" / "empty.txt").write_text("")
    (root / "event-000" / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    result = cli.invoke(app, ["report", "-i", str(root), "-o", str(out)])
    assert result.exit_code == EXIT_SKIPPED
    assert "files skipped: 2" in result.stdout
    assert "empty.txt: empty article" in result.stderr and "binary.txt:" in result.stderr
    assert "Traceback" not in result.output
    assert (out / "findings.csv").is_file()


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_latin1_and_utf16_articles_are_read(tmp_path: Path, encoding: str, blank: Config) -> None:
    event = tmp_path / "in" / "ev"
    event.mkdir(parents=True)
    (event / "a.txt").write_text("Le ministre de la Défense a parlé à Gao.\n", encoding=encoding)
    (event / "b.txt").write_text("The Défense minister spoke in Gao.\n", encoding="utf-8")
    summary = runner.report(tmp_path / "in", tmp_path / "out", blank, run_date=DAY)
    assert summary.sources == 2 and not summary.files_skipped
    texts = {r["source"]: r["sentence"] for r in read_csv_rows(tmp_path / "out" / "mentions.csv")}
    assert "Défense" in texts.get("a.txt", "Défense")


def test_oversized_file_is_skipped_not_read(tmp_path: Path, env: None) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    big = root / "event-000" / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    result = cli.invoke(app, ["report", "-i", str(root), "-o", str(out), "-q"])
    assert result.exit_code == EXIT_SKIPPED
    assert "huge.txt: 52428800 bytes is over the limit" in result.stderr


def test_empty_input_root_is_a_clear_message(tmp_path: Path, env: None) -> None:
    (tmp_path / "in").mkdir()
    result = cli.invoke(app, ["report", "-i", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_SKIPPED
    assert "no articles found in the input" in result.stderr
    assert read_csv_rows(tmp_path / "out" / "findings.csv") == []


def test_single_source_event_is_reported_with_a_warning(tmp_path: Path, env: None) -> None:
    event = tmp_path / "in" / "lonely"
    event.mkdir(parents=True)
    shutil.copy(next(SAMPLE_EVENT.glob("*.txt")), event / "only.txt")
    result = cli.invoke(app, ["report", "-i", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_OK
    assert "lonely: event has a single source" in result.stderr


def test_unwritable_output_is_a_config_error_and_nothing_is_lost(tmp_path: Path, env: None) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = cli.invoke(app, ["report", "-i", str(SAMPLE_EVENT.parent), "-o", str(blocker)])
    assert result.exit_code == EXIT_CONFIG
    assert "cannot write output" in result.stderr and blocker.read_text() == "not a folder"


def test_unknown_config_key_and_bad_executor_are_config_errors(tmp_path: Path, env: None) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[run]\nexecutr = 'dask'\n")
    result = cli.invoke(app, ["report", "-i", str(SAMPLE_EVENT.parent), "-o", str(tmp_path / "o"), "-c", str(bad)])
    assert result.exit_code == EXIT_CONFIG and "unknown key 'run.executr'" in result.stderr
    result = cli.invoke(
        app, ["report", "-i", str(SAMPLE_EVENT.parent), "-o", str(tmp_path / "o"), "--executor", "dask"]
    )
    assert result.exit_code == EXIT_CONFIG and "needs --scheduler" in result.stderr


def test_unexpected_crash_is_one_line_and_keeps_the_previous_report(
    tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    assert cli.invoke(app, ["report", "-i", str(root), "-o", str(out), "-q"]).exit_code == EXIT_OK
    before = _csvs(out)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(runner, "publish", broken)
    result = cli.invoke(app, ["report", "-i", str(root), "-o", str(out), "-q"])
    assert result.exit_code == EXIT_CRASH
    assert result.stderr.count("\n") == 1 and "disk on fire" in result.stderr
    assert _csvs(out) == before
    assert "Traceback" in (out / "pipeline.log").read_text(encoding="utf-8")


def test_a_killed_run_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    root, out = _events(tmp_path / "in", 40), tmp_path / "out"
    env = {**os.environ, **BLANK_ENV, "PIPELINE__RUN__WORKERS": "1"}
    cmd = [sys.executable, "-m", "pipeline", "report", "-i", str(root), "-o", str(out), "-q"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=300)
    before = _csvs(out)
    for event in sorted(root.iterdir()):  # new content, so the next run must parse again
        for path in event.glob("*.txt"):
            path.write_text(path.read_text(encoding="utf-8") + "\nA later update from Mali.\n", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while not any((out / ".staging").glob("event-00*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert _csvs(out) == before
    done = subprocess.run(cmd, cwd=ROOT, env=env, timeout=300, capture_output=True, text=True)
    assert done.returncode == EXIT_OK, done.stderr
    assert "stale lock" in (out / "pipeline.log").read_text(encoding="utf-8")
    assert _csvs(out) != before


def test_file_that_vanishes_before_it_is_read_is_skipped(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    gone = root / "event-000" / ".target.txt"
    gone.write_text("Soon deleted.")
    os.symlink(gone, root / "event-000" / "gone.txt")
    gone.unlink()  # listed in the folder, gone by the time it is read
    summary = runner.report(root, out, blank, run_date=DAY)
    assert summary.events == 1 and summary.sources == 5
    assert any(s.path.endswith("gone.txt") and "cannot read file" in s.reason for s in summary.skipped)
