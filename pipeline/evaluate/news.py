"""Finding disagreements on real news: ECB+ events through the report's own code path, then scored.

Each ECB+ event runs as ``make report`` runs it (parse and extract per
article, resolve and reconcile per event, on the configured executor). The
injected cases then re-run their event with one article changed: the other
articles' mentions come from the clean run, as the nightly cache gives them,
so only the changed article is parsed again.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config
from ..executor import EventResult, EventTask, Executor, make_executor
from ..records import Article, Mention
from ..report import write_csv
from .disagreements import ConflictLine, clean_conflicts, missed_lines, score_alignment, score_gold
from .ecbplus import read_ecbplus, read_gold
from .injections import (
    Injection,
    InjectionLine,
    apply_injection,
    find_injections,
    injection_line,
    sample_injections,
    score_injection,
)

CONFLICT_FILE = "ecbplus-conflicts.csv"
CONFLICT_COLUMNS = ("event", "finding_id", "status", "kind", "fact", "values", "quotes")
# Every injected case with its outcome, and the real discrepancies not found: what a change moved, case by case.
INJECTION_FILE = "ecbplus-injections.csv"
INJECTION_COLUMNS = ("case", "event", "source", "kind", "old", "new", "partner", "caught", "unrelated", "why")
MISSED_FILE = "ecbplus-gold-missed.csv"
MISSED_COLUMNS = ("event", "kind", "sides")


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure: benchmark, metric, value, counts behind it."""

    benchmark: str
    metric: str
    value: float
    detail: str = ""


@dataclass(frozen=True, slots=True)
class EventRun:
    """An event's articles, per-article mentions and report rows."""

    articles: tuple[Article, ...]
    parsed: dict[str, list[Mention]]
    rows: list


def run_events(tasks: Iterable[EventTask], config: Config, executor: Executor) -> dict[str, EventResult]:
    """Every task through ``executor``; an event that fails raises (a benchmark must not skip silently)."""
    out: dict[str, EventResult] = {}
    for task, outcome in executor.run(tasks, config):
        if isinstance(outcome, BaseException):
            raise RuntimeError(f"{task.event}: event failed in the benchmark ({outcome})") from outcome
        out[task.key or task.event] = outcome
    return out


def _injected_tasks(injections: Sequence[Injection], runs: dict[str, EventRun]) -> Iterator[EventTask]:
    for i, inj in enumerate(injections):
        run = runs[inj.event]
        articles = tuple(
            replace(a, text=apply_injection(a.text, inj)) if a.source == inj.source else a for a in run.articles
        )
        cached = {s: ms for s, ms in run.parsed.items() if s != inj.source}
        yield EventTask(inj.event, articles, cached, key=f"injection-{i}")


def score_injections(
    benchmark: str,
    injections: Sequence[Injection],
    runs: dict[str, EventRun],
    config: Config,
    executor: Executor,
    out_path: Path | None = None,
) -> list[Metric]:
    """Caught per kind and unrelated new disagreements per case; ``out_path``: every case's outcome as CSV."""
    results = run_events(_injected_tasks(injections, runs), config, executor)
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unrelated = 0
    lines: list[InjectionLine] = []
    for i, inj in enumerate(injections):
        hit, extra = score_injection(inj, runs[inj.event].rows, results[f"injection-{i}"].facts)
        caught[inj.kind][0] += hit
        caught[inj.kind][1] += 1
        unrelated += extra
        lines.append(injection_line(i, inj, hit, extra))
    if out_path is not None:
        write_csv(out_path, INJECTION_COLUMNS, lines)
    out = [
        Metric(benchmark, f"{kind} caught", n / total, f"{n}/{total}") for kind, (n, total) in sorted(caught.items())
    ]
    n = len(injections)
    events = len({inj.event for inj in injections})
    out.append(
        Metric(
            benchmark,
            "unrelated new conflicts per case",
            unrelated / n if n else 0.0,
            f"{unrelated} in {n} cases, {events} events",
        )
    )
    return out


def eval_ecbplus(
    root: Path,
    config: Config,
    *,
    limit: int | None = None,
    out_dir: Path | None = None,
    executor: Executor | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[list[Metric], list[str]]:
    """Every ECB+ figure: real discrepancies, clean events, alignment and injected changes."""
    start = clock()
    docs = read_ecbplus(root, limit=limit)
    by_event: dict[str, list[Article]] = defaultdict(list)
    for d in docs:
        by_event[d.event].append(d.article())
    own = executor is None
    executor = executor or make_executor("local", workers=config.run.workers)
    notes: list[str] = []
    try:
        results = run_events((EventTask(e, tuple(a)) for e, a in by_event.items()), config, executor)
        runs = {e: EventRun(tuple(by_event[e]), r.parsed, r.facts) for e, r in results.items()}
        rows = {e: r.rows for e, r in runs.items()}
        parsed_at = clock()
        metrics = _gold_metrics(root, docs, rows, out_dir)
        metrics += _clean_metrics(rows, out_dir, notes)
        for kind in ("date", "place", "person"):
            a = score_alignment(docs, rows, kind)
            s = a.score
            detail = f"tp={s.tp} ours={s.predicted} gold={s.gold} pairs; {a.matched}/{a.mentions} gold mentions matched"
            metrics.append(Metric("ecbplus-alignment", f"{kind} pairwise P", s.precision, detail))
            metrics.append(Metric("ecbplus-alignment", f"{kind} pairwise R", s.recall, detail))
        injections = find_injections(docs)
        injected_at = clock()
        cases = out_dir / INJECTION_FILE if out_dir is not None else None
        metrics += score_injections("ecbplus-injected", injections, runs, config, executor, cases)
        if out_dir is not None:
            notes.append(
                f"ecbplus: every injected case is listed in {cases}, the real discrepancies not found in "
                f"{out_dir / MISSED_FILE}"
            )
        notes.append(
            f"ecbplus: {len(docs)} articles, {len(by_event)} events; clean run {parsed_at - start:.1f} s, "
            f"{len(injections)} injected cases {clock() - injected_at:.1f} s"
        )
    finally:
        if own:
            executor.close()
    return metrics, notes


def _gold_metrics(root: Path, docs: Sequence, rows: dict[str, list], out_dir: Path | None = None) -> list[Metric]:
    cases = read_gold(root, docs)
    if not cases:
        return []
    score = score_gold(cases, rows)
    if out_dir is not None:
        write_csv(out_dir / MISSED_FILE, MISSED_COLUMNS, missed_lines(score.missed))
    out = []
    found, total = score.total
    out.append(Metric("ecbplus-gold", "real discrepancies found", found / total if total else 0.0, f"{found}/{total}"))
    for kind, (n, t) in score.found.items():
        out.append(Metric("ecbplus-gold", f"{kind} found", n / t if t else 0.0, f"{n}/{t}"))
    fa, agreements = score.false_alarms
    out.append(Metric("ecbplus-gold", "false alarms on agreements", fa, f"{fa}/{agreements}"))
    ev, evolving = score.evolving
    out.append(Metric("ecbplus-gold", "evolving numbers found", ev, f"{ev}/{evolving}"))
    return out


def _clean_metrics(rows: dict[str, list], out_dir: Path | None, notes: list[str]) -> list[Metric]:
    lines = clean_conflicts(rows)
    per_event = Counter(line.event for line in lines)
    counts = [per_event.get(e, 0) for e in rows]
    if out_dir is not None:
        path = out_dir / CONFLICT_FILE
        write_csv(path, CONFLICT_COLUMNS, lines)
        notes.append(f"ecbplus-clean: the {len(lines)} conflicts are listed in {path}")
    worst = max(per_event, key=per_event.__getitem__, default="")
    return [
        Metric(
            "ecbplus-clean",
            "conflicts per event (mean)",
            sum(counts) / len(counts) if counts else 0.0,
            f"{sum(counts)} in {len(counts)} events",
        ),
        Metric("ecbplus-clean", "conflicts per event (max)", max(counts, default=0), worst),
    ]


def eval_sample(event_dir: Path, config: Config, *, executor: Executor | None = None) -> list[Metric]:
    """The sample event's hand-written injections, caught per kind."""
    from ..ingest import read_events

    batches = [b for b in read_events(event_dir.parent, config.ingest) if b[0] == event_dir.name]
    if not batches:
        return []
    event, articles, _ = batches[0]
    own = executor is None
    executor = executor or make_executor("local", workers=1)
    try:
        clean = run_events([EventTask(event, tuple(articles))], config, executor)[event]
        runs = {event: EventRun(tuple(articles), clean.parsed, clean.facts)}
        return score_injections("sample-injected", sample_injections(articles), runs, config, executor)
    finally:
        if own:
            executor.close()


__all__ = ["ConflictLine", "Metric", "eval_ecbplus", "eval_sample"]
