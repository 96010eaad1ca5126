"""The local process pool gives the inline executor's results, in submission order, whatever the event sizes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.executor import EventResult, EventTask, InlineExecutor, ProcessExecutor
from pipeline.extract import warm_up
from pipeline.records import Article

SENTENCES = [
    "Britain will withdraw 300 troops from Mali by December.",
    "Around 250 soldiers left Gao on Monday, Armed Forces Minister James Heappey said.",
    "More than 4,000 people have fled the fighting since 2020.",
]


def _tasks(sizes: list[int]) -> list[EventTask]:
    tasks = []
    for e, size in enumerate(sizes):
        articles = tuple(
            Article(
                event=f"event-{e}",
                source=f"a{a}.txt",
                text=f"{SENTENCES[(e + a) % 3]} It was article {a + 1}.",
                published=date(2022, 11, 14),
            )
            for a in range(size)
        )
        tasks.append(EventTask(f"event-{e}", articles))
    return tasks


def _summary(outcome: EventResult | BaseException) -> tuple:
    assert isinstance(outcome, EventResult), outcome
    return (outcome.event, [(m.mention_id, m.value, m.unit) for m in outcome.mentions], len(outcome.facts))


def test_process_pool_matches_inline_in_order_with_a_large_event_first(config: Config) -> None:
    """A large event ahead of small ones (the case where the pool must keep queuing while it waits)."""
    cfg = config.model_copy(update={"run": config.run.model_copy(update={"chunk_size": 2})})
    tasks = _tasks([9, 1, 2, 1, 3, 1, 1, 2])
    inline = [(t.event, _summary(o)) for t, o in InlineExecutor().run(tasks, cfg)]
    pool = ProcessExecutor(2)
    try:
        pooled = [(t.event, _summary(o)) for t, o in pool.run(tasks, cfg)]
    finally:
        pool.close()
    assert [event for event, _ in pooled] == [t.event for t in tasks]
    assert pooled == inline
    assert any(mentions for _, (_, mentions, _) in pooled)


def test_report_tasks_are_finished_in_the_workers_with_the_inline_report_and_workbook(config: Config) -> None:
    """Report runs: a worker resolves, reconciles and formats each event (one chunk or several), the same bytes as
    inline; only the new per-article mentions come back with it, and each worker's peak memory."""
    cfg = config.model_copy(update={"run": config.run.model_copy(update={"chunk_size": 2})})
    tasks = [EventTask(t.event, t.articles, t.cached, key=t.key, report_only=True) for t in _tasks([5, 1, 2, 3, 1])]
    inline = {t.event: o for t, o in InlineExecutor().run(tasks, cfg)}
    pool = ProcessExecutor(2)
    try:
        pooled = [(t.event, o) for t, o in pool.run(tasks, cfg)]
    finally:
        pool.close()
    assert [event for event, _ in pooled] == [t.event for t in tasks]
    for event, got in pooled:
        want = inline[event]
        assert isinstance(got, EventResult) and isinstance(want, EventResult)
        assert got.report == want.report and got.report is not None
        assert got.workbook == want.workbook and got.workbook is not None
        assert got.mentions == [] and got.facts == []  # the rows stay in the worker
        assert got.parsed == want.parsed and set(got.parsed) == {
            a.source for a in next(t for t in tasks if t.event == event).articles
        }
        assert got.rss_kib and all(kib > 50_000 for kib in got.rss_kib.values())
        assert set(got.seconds) == {"parse", "extract", "resolve", "reconcile", "report"}
    assert len({pid for _, o in pooled for pid in o.rss_kib}) == 2  # both workers worked, each reports its peak


def test_extraction_is_warmed_up_once_in_the_main_process_before_the_workers_fork(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers inherit what extraction builds on first use; a warm-up that fails costs nothing but time."""
    import pipeline.executor as executor

    calls: list[int] = []

    def recorded(cfg: object) -> None:
        calls.append(os.getpid())
        if len(calls) > 1:
            raise RuntimeError("warm-up broke")
        warm_up(cfg)  # type: ignore[arg-type]

    monkeypatch.setattr(executor, "warm_up", recorded)
    tasks = _tasks([3, 1, 2])
    inline = [(t.event, _summary(o)) for t, o in InlineExecutor().run(tasks, config)]
    pool = ProcessExecutor(2)
    try:
        first = list(pool.run(tasks, config))
        again = [(t.event, _summary(o)) for t, o in pool.run(tasks, config)]
    finally:
        pool.close()
    assert calls == [os.getpid()]  # once, here, for both runs
    assert [(t.event, _summary(o)) for t, o in first] == inline == again
    extract = [o.seconds["extract"] for _, o in first if isinstance(o, EventResult)]
    assert extract[0] > 0 and all(s > 0 for s in extract)

    broken = ProcessExecutor(2)
    calls.append(0)  # the next warm-up raises
    try:
        assert [(t.event, _summary(o)) for t, o in broken.run(tasks, config)] == inline
    finally:
        broken.close()
    assert len(calls) == 3


def test_the_warm_up_is_timed_after_importing_spacy() -> None:
    """Importing spaCy is the model loader's (the workers parse with it), not extraction's CPU."""
    code = (
        "import sys\n"
        "import pipeline.executor as ex\n"
        "from pipeline.config import load_config\n"
        "assert 'spacy' not in sys.modules\n"
        "ex.warm_up = lambda cfg: print('spacy' in sys.modules)\n"
        "ex.ProcessExecutor(2)._warm_up(load_config(environ={}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.stdout.strip() == "True"
