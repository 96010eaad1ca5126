"""Fault injection: killed and dying processes, corrupt caches, vanished inputs, immutable folders, full disks.

Each test reproduces one break of issue 14 and checks that the published
report is never lost or mixed: readers see the previous complete set or the
new one. They use the ``blank:en`` stand-in model; the faults are real (SIGKILL
of workers and of the main process, bytes overwritten in the SQLite file,
``chattr +i``, a 1 MB tmpfs) and skip where the machine does not allow them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_EVENT
from pipeline import executor as executor_mod
from pipeline import runner
from pipeline.cli import EXIT_COLLAPSE, EXIT_CONFIG, EXIT_INFRASTRUCTURE, EXIT_LOCKED, EXIT_OK, app
from pipeline.config import Config, load_config
from pipeline.executor import EventTask, Executor, InfrastructureError, InlineExecutor, Outcome
from pipeline.outputs import publish, read_csv_rows, start_staging
from pipeline.records import KINDS, Article
from pipeline.report import EventReport

cli = CliRunner()
BLANK_ENV = {"PIPELINE__NLP__MODEL": "blank:en", "PIPELINE__NLP__MIN_CITY_POPULATION": "1000000"}
DAY = date(2022, 11, 16)
SOURCES = sorted(p.name for p in SAMPLE_EVENT.glob("*.txt"))
HIDDEN = {"runs", "current", "pipeline.log"}


@pytest.fixture(scope="module")
def blank() -> Config:
    cfg = load_config(environ=BLANK_ENV)
    return cfg.model_copy(update={"run": cfg.run.model_copy(update={"workers": 1})})


def _with_run(cfg: Config, **run: object) -> Config:
    return cfg.model_copy(update={"run": cfg.run.model_copy(update=run)})


def _events(root: Path, n: int, prefix: str = "event") -> Path:
    for i in range(n):
        shutil.copytree(SAMPLE_EVENT, root / f"{prefix}-{i:03d}")
    return root


def _published(out: Path) -> dict[str, bytes]:
    """Everything a reader of ``OUT`` sees at the top level (through the links), by relative path."""
    seen: dict[str, bytes] = {}
    if not out.is_dir():
        return seen
    for top in sorted(out.iterdir()):
        if top.name.startswith(".") or top.name in HIDDEN or not top.exists():
            continue
        if top.is_file():
            seen[top.name] = top.read_bytes()
        else:
            for f in sorted(top.rglob("*")):
                if f.is_file():
                    seen[str(f.relative_to(out))] = f.read_bytes()
    return seen


def _csvs(out: Path) -> dict[str, bytes]:
    """The published files but what says what changed since the previous run (changes.csv, the combined
    workbook, whose third sheet is it)."""
    return {k: v for k, v in _published(out).items() if not k.endswith("changes.csv") and k != "report.xlsx"}


def _env(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE__")}
    return {**environ, **BLANK_ENV, "PIPELINE__RUN__WORKERS": "1", **extra}


def _cmd(root: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "report", "-i", str(root), "-o", str(out), "-q", *args]


def _run(cmd: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=_env(**extra), capture_output=True, text=True, timeout=300, check=False)


# 1. A dead worker must not drop events from the published report.


def _kill_worker_on(monkeypatch: pytest.MonkeyPatch, marker: Path, *, always: bool) -> None:
    """The worker that extracts event-003's third article kills itself with SIGKILL (an OOM kill), once or
    every time. The patch is made before the pool forks, so the workers run it."""
    real = executor_mod.extract_article

    def extract(doc: object, article: Article, config: object) -> list:
        if article.event == "event-003" and article.source == SOURCES[2] and (always or not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(doc, article, config)

    monkeypatch.setattr(executor_mod, "extract_article", extract)


def test_a_worker_killed_mid_run_is_replaced_and_no_event_is_lost(
    tmp_path: Path, blank: Config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = _events(tmp_path / "in", 6)
    runner.report(root, tmp_path / "inline", blank, run_date=DAY, executor=InlineExecutor())
    _kill_worker_on(monkeypatch, tmp_path / "killed", always=False)
    summary = runner.report(root, tmp_path / "pool", _with_run(blank, workers=2, chunk_size=2), run_date=DAY)
    assert (tmp_path / "killed").exists()  # the worker did die
    assert "a worker process died" in caplog.text
    assert summary.events == 6 and not summary.skipped
    assert _published(tmp_path / "pool") == _published(tmp_path / "inline")


def test_a_worker_that_dies_again_fails_the_run_and_publishes_nothing(
    tmp_path: Path, blank: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = _events(tmp_path / "in", 6), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    before = _published(out)
    for path in (root / "event-003").glob("*.txt"):  # changed, so the next run must parse it
        path.write_text(path.read_text(encoding="utf-8") + "\nA later update.\n", encoding="utf-8")
    _kill_worker_on(monkeypatch, tmp_path / "killed", always=True)
    with pytest.raises(InfrastructureError, match="event-003: a worker process died again"):
        runner.report(root, out, _with_run(blank, workers=2, chunk_size=2), run_date=date(2022, 11, 17))
    assert _published(out) == before
    assert sorted(p.name for p in (out / "runs").iterdir()) == ["2022-11-16"]
    assert not (out / ".staging").exists()
    for key, value in {**BLANK_ENV, "PIPELINE__RUN__WORKERS": "2", "PIPELINE__RUN__CHUNK_SIZE": "2"}.items():
        monkeypatch.setenv(key, value)
    result = cli.invoke(app, ["report", "-i", str(root), "-o", str(out), "-q", "--today", "2022-11-17"])
    assert result.exit_code == EXIT_INFRASTRUCTURE
    [error] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "worker process died again" in error and "nothing published" in error
    assert _published(out) == before
    assert "exit 6:" in (out / "pipeline.log").read_text(encoding="utf-8")


def test_a_worker_killed_from_outside_mid_run_costs_nothing(tmp_path: Path) -> None:
    """kill -9 of one worker process of a real run (the OOM killer's way): the run completes, every event in."""
    root = _events(tmp_path / "in", 20)
    assert _run(_cmd(root, tmp_path / "ref")).returncode == EXIT_OK
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _cmd(root, out), env=_env(PIPELINE__RUN__WORKERS="2", PIPELINE__RUN__CHUNK_SIZE="1"), stderr=subprocess.PIPE
    )
    main = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while not any((out / ".staging").glob("event-00*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = [c for c in main.children() if c.cmdline() == main.cmdline()]  # forked pool workers
    assert workers, "no worker process to kill"
    workers[0].kill()
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == EXIT_OK, stderr
    assert b"a worker process died" in stderr
    assert _csvs(out) == _csvs(tmp_path / "ref")


# 2. An empty, unmounted or vanishing input must not wipe the report.


def test_an_empty_input_publishes_nothing_and_exits_5(tmp_path: Path) -> None:
    root, out, empty = _events(tmp_path / "in", 20), tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    assert _run(_cmd(root, out, "--today", "2022-11-16")).returncode == EXIT_OK
    before = _published(out)
    done = _run(_cmd(empty, out, "--today", "2022-11-17"))
    assert done.returncode == EXIT_COLLAPSE
    assert done.stderr.count("\n") == 1 and "found 0 events where the published report has 20" in done.stderr
    assert _published(out) == before and len([p for p in out.iterdir() if p.name.startswith("event-")]) == 20
    assert sorted(p.name for p in (out / "runs").iterdir()) == ["2022-11-16"]
    assert "exit 5:" in (out / "pipeline.log").read_text(encoding="utf-8")
    with sqlite3.connect(out / ".cache" / "mentions.sqlite") as con:  # the cache was not expired either
        assert con.execute("SELECT count(*) FROM article_mentions").fetchone()[0] == 100
    forced = _run(_cmd(empty, out, "--today", "2022-11-17", "--allow-collapse"))
    assert forced.returncode == 3  # published, and the exit code says there was nothing to read
    assert read_csv_rows(out / "findings.csv") == [] and not (out / "event-000").exists()
    assert (out / "runs" / "2022-11-16" / "event-000" / "findings.csv").is_file()


def test_far_fewer_events_is_a_collapse_but_one_or_two_leaving_retire(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in", 10), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    for i in (8, 9):
        shutil.rmtree(root / f"event-{i:03d}")
    assert runner.report(root, out, blank, run_date=DAY).events == 8  # two leave: they retire
    assert not (out / "event-009").exists() and (out / "event-007").exists()
    for i in range(1, 8):
        shutil.rmtree(root / f"event-{i:03d}")
    with pytest.raises(runner.CollapseError, match="found 1 events where the published report has 8"):
        runner.report(root, out, blank, run_date=DAY)
    assert (out / "event-007" / "findings.csv").is_file()
    lenient = _with_run(blank, collapse_fraction=0.1)
    assert runner.report(root, out, lenient, run_date=DAY).events == 1  # 1 of 8 is not under 10 %
    assert not (out / "event-007").exists()


class _After:
    """Wraps an executor: runs ``action`` once ``n`` events are out (a fault injected mid-run)."""

    def __init__(self, inner: Executor, n: int, action: object) -> None:
        self.inner, self.n, self.action = inner, n, action

    def run(self, tasks: object, config: Config) -> Iterator[tuple[EventTask, Outcome]]:
        for i, item in enumerate(self.inner.run(tasks, config), start=1):  # type: ignore[arg-type]
            yield item
            if i == self.n:
                self.action()  # type: ignore[operator]

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("after", [2, 15])
def test_an_input_folder_renamed_mid_run_publishes_nothing(tmp_path: Path, blank: Config, after: int) -> None:
    root, out = _events(tmp_path / "in", 20), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    before = _published(out)
    for path in root.glob("*/*.txt"):  # changed input, so the run has work to do
        path.write_text(path.read_text(encoding="utf-8") + "\nA later update.\n", encoding="utf-8")
    moved = _After(InlineExecutor(), after, lambda: root.rename(tmp_path / "moved"))
    with pytest.raises(runner.InputError, match="moved, replaced or unmounted during the run"):
        runner.report(root, out, blank, run_date=date(2022, 11, 17), executor=moved)
    assert _published(out) == before
    assert not (out / ".staging").exists() and not (out / "runs" / "2022-11-17").exists()


# 3. A backdated --today (or a clock going back) never overwrites history.


def test_a_backdated_run_keeps_every_dated_copy(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in", 2), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    first = {p.relative_to(out): p.read_bytes() for p in (out / "runs" / "2022-11-16").rglob("*") if p.is_file()}
    runner.report(root, out, blank, run_date=date(2022, 11, 17))
    (root / "event-000" / "extra.txt").write_text("Norway announced in January it would withdraw from Chad.\n")
    runner.report(root, out, blank, run_date=DAY)  # --today 2022-11-16 again
    runner.report(root, out, blank, run_date=DAY)
    assert sorted(p.name for p in (out / "runs").iterdir()) == [
        "2022-11-16",
        "2022-11-16.2",
        "2022-11-16.3",
        "2022-11-17",
    ]
    assert {
        p.relative_to(out): p.read_bytes() for p in (out / "runs" / "2022-11-16").rglob("*") if p.is_file()
    } == first
    assert os.readlink(out / "current") == "runs/2022-11-16.3"
    assert any(r["source"] == "extra.txt" for r in read_csv_rows(out / "event-000" / "mentions.csv"))


# 4. Publishing is atomic across files: a kill or a failure at any step leaves the old set or the new one.

_FAULTY_PUBLISH = textwrap.dedent(
    """
    import errno, os, signal, sys
    from datetime import date
    from pathlib import Path
    from pipeline.outputs import publish

    out, at, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    calls = 0

    def faulty(fn):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == at:
                if mode == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                raise OSError(errno.EIO, "injected fault", str(args[-1]))
            return fn(*args, **kwargs)
        return call

    for name in ("rename", "replace", "symlink", "unlink", "rmdir", "mkdir", "fsync"):
        setattr(os, name, faulty(getattr(os, name)))
    try:
        publish(out, out / ".staging", date(2022, 11, 17))
    except OSError as exc:
        print(calls, "failed", exc)
        sys.exit(2)
    print(calls)
    """
)

OLD = {"findings.csv": "old findings", "facts.csv": "old facts", "changes.csv": "old changes",
       "ev-a/findings.csv": "old a", "ev-b/findings.csv": "old b", "ev-c/findings.csv": "same c"}  # fmt: skip
NEW = {"findings.csv": "new findings", "facts.csv": "new facts", "changes.csv": "new changes", "summary.html": "new",
       "ev-b/findings.csv": "new b", "ev-c/findings.csv": "same c", "ev-d/findings.csv": "new d"}  # fmt: skip


def _stage(out: Path, files: dict[str, str]) -> None:
    staging = start_staging(out)
    for name, text in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(text, encoding="utf-8")


def _view(out: Path) -> dict[str, str]:
    return {k: v.decode() for k, v in _published(out).items()}


def _faulty_publish(out: Path, at: int, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _FAULTY_PUBLISH, str(out), str(at), mode],
        capture_output=True, text=True, timeout=60, check=False, env=_env(),
    )  # fmt: skip


def test_a_kill_or_a_failure_at_any_step_of_publishing_shows_the_old_set_or_the_new(tmp_path: Path) -> None:
    template = tmp_path / "template"
    _stage(template, OLD)
    publish(template, template / ".staging", DAY)
    _stage(template, NEW)
    dry = _faulty_publish(shutil.copytree(template, tmp_path / "dry", symlinks=True), 0, "none")
    steps = int(dry.stdout.split()[0])
    assert dry.returncode == 0 and _view(tmp_path / "dry") == NEW and steps > 5
    for mode in ("kill", "raise"):
        for at in range(1, steps + 1):
            out = shutil.copytree(template, tmp_path / f"{mode}-{at}", symlinks=True)
            done = _faulty_publish(out, at, mode)
            seen = _view(out)
            assert seen in (OLD, NEW), (mode, at, done.stdout, done.stderr, seen)
            if mode == "raise" and done.returncode == 2:  # publish failed: nothing of the run is left behind
                assert seen == OLD, (at, done.stdout)
                assert sorted(p.name for p in (out / "runs").iterdir()) == ["2022-11-16"], (at, done.stdout)
            _stage(out, NEW)  # the next run publishes normally whatever was left
            publish(out, out / ".staging", date(2022, 11, 17))
            assert _view(out) == NEW, (mode, at)
            assert all(os.path.exists(p) for p in out.iterdir()), (mode, at)  # no dangling link is left


def test_a_report_of_the_0_2_layout_becomes_links_without_losing_anything(tmp_path: Path, blank: Config) -> None:
    out = tmp_path / "out"
    (out / "runs" / "2022-11-15").mkdir(parents=True)
    for name in ("findings.csv", "facts.csv", "mentions.csv", "changes.csv"):
        (out / name).write_text("old", encoding="utf-8")
    for event in ("event-000", "gone-event"):
        (out / event).mkdir()
        (out / event / "findings.csv").write_text("old", encoding="utf-8")
    (out / "runs" / "2022-11-15" / "findings.csv").write_text("old", encoding="utf-8")
    runner.report(_events(tmp_path / "in", 1), out, blank, run_date=DAY)
    assert os.readlink(out / "findings.csv") == "current/findings.csv"
    assert os.readlink(out / "event-000") == "current/event-000" and not (out / "gone-event").exists()
    assert read_csv_rows(out / "event-000" / "mentions.csv")
    assert (out / "runs" / "2022-11-15" / "findings.csv").read_text(encoding="utf-8") == "old"


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[None]:
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.mark.parametrize(
    ("immutable", "code"),
    [("runs", EXIT_CONFIG), (".", EXIT_CONFIG), ("runs/2022-11-16/event-000", EXIT_OK)],
)
def test_an_immutable_folder_fails_with_one_line_and_keeps_the_report(
    tmp_path: Path, immutable: str, code: int
) -> None:
    """``chattr +i`` on ``runs/``, on the output folder, or on an event folder of the published run."""
    root, out = _events(tmp_path / "in", 3), tmp_path / "out"
    assert _run(_cmd(root, out, "--today", "2022-11-16")).returncode == EXIT_OK
    before = _published(out)
    shutil.rmtree(root / "event-002")
    with _immutable(out / immutable):
        done = _run(_cmd(root, out, "--today", "2022-11-17"))
    assert done.returncode == code, done.stderr
    if code == EXIT_OK:  # the published run is never written again: its immutable folder is no obstacle
        assert done.stderr == "" and not (out / "event-002").exists()
        assert os.readlink(out / "current") == "runs/2022-11-17"
        return
    assert done.stderr.count("\n") == 1 and "cannot write output" in done.stderr
    assert _published(out) == before and not (out / ".staging").exists()
    assert "exit 2:" in (out / "pipeline.log").read_text(encoding="utf-8")


# 5. No worker outlives its main process, and the next run starts normally.


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_main_process_kills_its_workers_and_frees_the_lock(tmp_path: Path, sig: signal.Signals) -> None:
    root, out = _events(tmp_path / "in", 30), tmp_path / "out"
    cmd = _cmd(root, out)
    proc = subprocess.Popen(cmd, env=_env(PIPELINE__RUN__WORKERS="2", PIPELINE__RUN__CHUNK_SIZE="1"))
    main = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while len(main.children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = main.children()
    assert len(workers) >= 2
    main.send_signal(sig)
    proc.wait(30)
    _, alive = psutil.wait_procs(workers, timeout=10)
    for orphan in alive:  # never leave one behind, even when the test fails
        orphan.kill()
    assert alive == []
    done = _run(cmd)
    assert done.returncode == EXIT_OK, done.stderr
    assert (out / "event-029" / "findings.csv").is_file()


def test_a_blocked_run_names_the_holder_and_when_it_started(tmp_path: Path) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    out.mkdir()
    hold = "import sys, time; from pathlib import Path; from pipeline.lock import RunLock\n"
    hold += "RunLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(out / ".lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = _run(_cmd(root, out))
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == EXIT_LOCKED
    assert f"pid {holder.pid} on " in done.stderr and ", started 20" in done.stderr


# 6. A damaged cache only costs time.


def _corrupt(db: Path) -> None:
    """What ``dd if=/dev/urandom of=db bs=4096 seek=2 count=200 conv=notrunc`` does, reproducibly."""
    with db.open("r+b") as fh:
        fh.seek(2 * 4096)
        fh.write(random.Random(14).randbytes(200 * 4096))


def test_a_cache_with_corrupt_pages_costs_only_time(tmp_path: Path) -> None:
    root, out = _events(tmp_path / "in", 20), tmp_path / "out"
    assert _run(_cmd(root, out)).returncode == EXIT_OK
    before = _csvs(out)
    db = out / ".cache" / "mentions.sqlite"
    for args in ([], ["--full"]):
        _corrupt(db)
        done = _run(_cmd(root, out, *args))
        assert done.returncode == EXIT_OK, (args, done.stderr)
        [line] = done.stderr.splitlines()
        assert "cache unusable" in line and "mentions.sqlite.bad" in line
        assert _csvs(out) == before and read_csv_rows(out / "changes.csv") == []
    again = _run(_cmd(root, out))  # the fresh cache serves the next run
    assert again.returncode == EXIT_OK and again.stderr == ""
    assert "cache unusable" in (out / "pipeline.log").read_text(encoding="utf-8")


def test_a_cache_deleted_mid_run_costs_only_time(tmp_path: Path, blank: Config) -> None:
    root = _events(tmp_path / "in", 6)
    runner.report(root, tmp_path / "ref", blank, run_date=DAY)
    out = tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    for path in root.glob("*/*.txt"):
        path.write_text(path.read_text(encoding="utf-8") + "\nA later update.\n", encoding="utf-8")
    runner.report(root, tmp_path / "ref", blank, run_date=DAY)
    deleting = _After(InlineExecutor(), 2, lambda: shutil.rmtree(out / ".cache"))
    summary = runner.report(root, out, blank, run_date=DAY, executor=deleting)
    assert summary.events == 6
    assert _csvs(out) == _csvs(tmp_path / "ref")


def test_every_cache_call_survives_a_corrupt_file(
    tmp_path: Path, blank: Config, caplog: pytest.LogCaptureFixture
) -> None:
    from pipeline.cache import MentionCache, fingerprint

    root, out = _events(tmp_path / "in", 20), tmp_path / "out"
    runner.report(root, out, blank, run_date=DAY)
    db = out / ".cache" / "mentions.sqlite"
    with sqlite3.connect(db) as con:
        keys = [k for (k,) in con.execute("SELECT key FROM article_mentions")]
    cache = MentionCache(db, fingerprint(blank), today=DAY)
    _corrupt(db)
    assert cache.get(keys) == {}  # the damaged pages are met, the cache set aside: nothing cached
    cache.put_report("ev", "k", EventReport("", "", "", "", 0, 0, 0, 0, "", "", ""))
    assert cache.get_report("ev", "k") is not None  # the fresh cache works
    assert (cache.prune(), cache.expire(0) >= 0, len(cache)) == (0, True, 0)
    cache.close()
    assert caplog.text.count("cache unusable") == 1
    assert (out / ".cache" / "mentions.sqlite.bad").is_file()


# 7. Event folder names are stable and distinct.


def _feed_event(root: Path, event: str) -> None:
    rows = [{"event": event, "source": s, "text": f"Troops of {event} left Gao on Monday."} for s in ("x", "y")]
    with (root / "feed.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def _folders(out: Path) -> dict[str, str]:
    """event → its top-level folder name."""
    found = {}
    for top in out.iterdir():
        if top.is_dir() and top.name not in HIDDEN and not top.name.startswith("."):
            [event] = {r["event"] for r in read_csv_rows(top / "mentions.csv")}
            found[event] = top.name
    return found


def test_non_ascii_event_names_keep_their_folders_from_run_to_run(tmp_path: Path, blank: Config) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    for event in ("中文", "日本"):
        _feed_event(root, event)
    runner.report(root, out, blank, run_date=DAY)
    first = _folders(out)
    for event in ("一", "event"):
        _feed_event(root, event)
    runner.report(root, out, blank, run_date=DAY)
    second = _folders(out)
    assert {e: second[e] for e in first} == first  # each event's folder holds its own rows, still
    assert len(set(second.values())) == 4 and second["event"] == "event"


# 9. Smaller breaks.


def test_a_full_disk_is_an_environment_error_named_in_the_log_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(out)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        root = _events(tmp_path / "in", 2)
        assert _run(_cmd(root, out)).returncode == EXIT_OK
        before = _published(out)
        big = _events(tmp_path / "big", 30, prefix="more")
        for event in root.iterdir():
            shutil.copytree(event, big / event.name)
        free = shutil.disk_usage(out).free
        (out / "filler").write_bytes(b"\0" * max(0, free - 256 * 1024))
        done = _run(_cmd(big, out))
        assert done.returncode == EXIT_CONFIG, done.stderr
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "No space left on device" in errors[0] and str(out) in errors[0]
        assert _published(out) == {**before, "filler": (out / "filler").read_bytes()}
        assert not (out / ".staging").exists()
        (out / "filler").unlink()
        assert "exit 2:" in (out / "pipeline.log").read_text(encoding="utf-8")
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_a_rebuilt_cache_says_so(tmp_path: Path, blank: Config, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "out" / ".cache" / "mentions.sqlite"
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as con:
        con.executescript("CREATE TABLE mentions (key TEXT, payload TEXT); PRAGMA user_version = 1;")
    caplog.set_level(logging.INFO, logger="pipeline.cache")  # an INFO line: captured whichever tests ran before
    runner.report(_events(tmp_path / "in", 1), tmp_path / "out", blank, run_date=DAY)
    assert "cache of another layout; rebuilt" in caplog.text


def test_inputs_skipped_without_a_word_before_now_get_one(tmp_path: Path, blank: Config) -> None:
    root = _events(tmp_path / "in", 2)
    (root / "empty-event").mkdir()
    (root / "event-000" / "more").mkdir()
    (root / "event-000" / "more" / "a.txt").write_text("Troops left Gao.")
    (root / "event-001" / "sources.csv").write_text(f"file,outlet\n{SOURCES[0]},A\n{SOURCES[0]},B\n")
    summary = runner.report(root, tmp_path / "out", blank, run_date=DAY)
    reasons = {Path(s.path.split(":")[0]).name: s.reason for s in summary.skipped}
    assert "holds no articles" in reasons["empty-event"]
    assert "sub-folder not read" in reasons["more"]
    assert "listed again (line 2); this row is used" in reasons["sources.csv"]
    assert summary.files_skipped == []  # warnings: the exit code stays 0


def test_summaries_count_findings_and_mentions_lists_no_facts(tmp_path: Path, blank: Config) -> None:
    root, out = _events(tmp_path / "in", 1), tmp_path / "out"
    # Every kind's unique facts, so that findings of several rows (places named twice) are among them.
    every = blank.model_copy(update={"reconcile": blank.reconcile.model_copy(update={"unique_kinds": list(KINDS)})})
    summary = runner.report(root, out, every, run_date=DAY)
    rows = read_csv_rows(out / "findings.csv")
    assert summary.new_findings == len({r["finding_id"] for r in rows}) < len(rows)
    assert "new findings since the last run: " + str(summary.new_findings) in summary.lines()
    only = runner.mentions(root, tmp_path / "m", blank, run_date=DAY)
    assert not any(line.startswith(("facts", "conflicts", "unique", "new findings")) for line in only.lines())


def test_a_worker_that_dies_while_the_pool_is_idle_is_replaced(
    tmp_path: Path, blank: Config, caplog: pytest.LogCaptureFixture
) -> None:
    """The pool breaks between two events (nothing of ours running): the next submit gets a fresh pool."""
    import multiprocessing

    from pipeline.executor import ProcessExecutor

    cfg = _with_run(blank, chunk_size=2)
    texts = {s: (SAMPLE_EVENT / s).read_text(encoding="utf-8") for s in SOURCES}
    tasks = [
        EventTask(e, tuple(Article(event=e, source=s, text=t, published=DAY) for s, t in texts.items()))
        for e in ("a", "b", "c")
    ]

    def slow_tasks() -> Iterator[EventTask]:
        yield tasks[0]
        time.sleep(1.0)  # the first event's chunks are done; the workers idle
        victim = multiprocessing.active_children()[0]
        os.kill(victim.pid or 0, signal.SIGKILL)
        time.sleep(1.0)  # the pool notices and marks itself broken
        yield from tasks[1:]

    pool = ProcessExecutor(2)
    try:
        pooled = [(t.event, o) for t, o in pool.run(slow_tasks(), cfg)]
    finally:
        pool.close()
    inline = [(t.event, o) for t, o in InlineExecutor().run(tasks, cfg)]
    assert [e for e, _ in pooled] == ["a", "b", "c"]
    assert "a worker process died" in caplog.text
    for (_, got), (_, want) in zip(pooled, inline, strict=True):
        assert not isinstance(got, BaseException), got
        assert not isinstance(want, BaseException)
        assert (got.mentions, got.facts) == (want.mentions, want.facts)
