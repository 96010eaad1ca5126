"""Run the per-event work (parse → extract → resolve → reconcile) inline, on local processes, or on Dask.

The parallel unit is a chunk of an event's uncached articles (parse +
extract); each event is then finished (entities resolved across its
articles, facts reconciled) once all its chunks are in. An event task carries
the mentions already cached, so only new articles are parsed. Every worker process
loads the spaCy model once and keeps it. Results come back in submission
order whatever the executor, so the report is identical across executors.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from .config import Config, NlpConfig
from .extract import extract_article, resolve_event, warm_up
from .html import event_page
from .lock import close_inherited
from .nlp import load_nlp
from .reconcile import FINDING_COLUMNS, FactRow, reconcile_event
from .reconcile.facts import DISAGREEING
from .records import MENTION_COLUMNS, Article, Mention
from .report import EventReport, csv_body, csv_lines, csv_rows
from .spool import spooled, unspooled
from .summary import SUMMARY_COLUMNS, summary_rows
from .workbook import event_workbook

if TYPE_CHECKING:  # spaCy is imported when a worker loads the model, not by a run that finds everything cached
    from spacy.language import Language

log = logging.getLogger(__name__)

STAGES = ("parse", "extract", "resolve", "reconcile")


@dataclass(frozen=True, slots=True)
class EventTask:
    """One event to process; ``cached`` maps a source to its cached per-article mentions."""

    event: str
    articles: tuple[Article, ...]
    cached: dict[str, list[Mention]] = field(default_factory=dict)
    # The event's finished report from the cache, when nothing it depends on changed: nothing to do.
    report: EventReport | None = None
    # Hash of everything the event's report depends on (its cache key).
    key: str = ""
    # True for a report run: the worker that finishes the event formats its report and workbook and sends back
    # only those (and the new per-article mentions for the cache), not the event's mentions and facts.
    report_only: bool = False


@dataclass(frozen=True, slots=True)
class EventResult:
    """What a worker returns: new per-article mentions (for the cache), the event's mentions and facts."""

    event: str
    parsed: dict[str, list[Mention]]
    mentions: list[Mention]
    facts: list[FactRow]
    seconds: dict[str, float]
    # Articles left out because parsing or extracting them failed: source → reason.
    failed: dict[str, str] = field(default_factory=dict)
    report: EventReport | None = None
    # The event's report.xlsx, built where the event was finished (``report_only`` tasks).
    workbook: bytes | None = None
    # Peak RSS (KiB) of each process that worked on the event, by process id (``pid`` → KiB).
    rss_kib: dict[int, int] = field(default_factory=dict)


_NLP: dict[str, Language] = {}


def worker_nlp(config: NlpConfig) -> Language:
    """The spaCy pipeline of this process, loaded on first use and kept."""
    key = config.model_dump_json()
    if key not in _NLP:
        _NLP[key] = load_nlp(config)
    return _NLP[key]


# Mentions per source, CPU seconds per stage, failed articles (source → reason), peak RSS by process id.
Chunk = tuple[dict[str, list[Mention]], dict[str, float], dict[str, str], dict[int, int]]


def peak_rss() -> dict[int, int]:
    """This process's peak resident memory so far, in KiB, by its process id."""
    return {os.getpid(): resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def extract_chunk(articles: tuple[Article, ...], config: Config) -> Chunk:
    """Parse and extract a few articles of one event: the unit of parallel work.

    Returns the mentions per source, CPU seconds per stage (``time.process_time`` of this process, so a busy
    machine does not inflate them), and the articles that failed with the reason (when the batch fails, each
    article is retried alone, so one article that breaks the parser or an extractor costs only itself).
    """
    nlp = worker_nlp(config.nlp)
    seconds = {"parse": 0.0, "extract": 0.0}
    try:
        t = time.process_time()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=config.nlp.batch_size))
        seconds["parse"] += time.process_time() - t
        t = time.process_time()
        out = {a.source: extract_article(doc, a, config.extract) for a, doc in zip(articles, docs, strict=True)}
        seconds["extract"] += time.process_time() - t
        return out, seconds, {}, peak_rss()
    except Exception:
        if len(articles) == 1:
            raise
    out, failed = {}, {}
    for article in articles:
        try:
            found, secs, _, _ = extract_chunk((article,), config)
        except Exception as exc:
            failed[article.source] = f"article failed and was left out ({type(exc).__name__}: {exc})"
            continue
        out.update(found)
        for stage, value in secs.items():
            seconds[stage] += value
    return out, seconds, failed, peak_rss()


def event_report(event: str, mentions: list[Mention], facts: list[FactRow]) -> EventReport:
    """An event's rows formatted once as CSV bodies (its own files and the combined ones), its page and counts.

    A finding's cells are made once, for its row of ``facts.csv`` and of ``findings.csv`` alike.
    """
    findings = [f for f in facts if f.status != "agree"]
    summary = summary_rows(findings)
    cells = list(csv_rows(FINDING_COLUMNS, facts, words=True))
    return EventReport(
        conflicts=csv_lines(c for f, c in zip(facts, cells, strict=True) if f.status in DISAGREEING),
        unique=csv_lines(c for f, c in zip(facts, cells, strict=True) if f.status == "unique"),
        facts=csv_lines(cells),
        mentions=csv_body(MENTION_COLUMNS, mentions, words=True),
        summary_conflicts=csv_body(SUMMARY_COLUMNS, (r for r in summary if r["status"] in DISAGREEING)),
        summary_unique=csv_body(SUMMARY_COLUMNS, (r for r in summary if r["status"] == "unique")),
        page=event_page(event, findings),
        n_mentions=len(mentions),
        n_facts=len({f.finding_id for f in facts}),
        n_conflicts=len({f.finding_id for f in findings if f.status in DISAGREEING}),
        n_unique=len({f.finding_id for f in findings if f.status == "unique"}),
    )


def finish_event(task: EventTask, chunks: list[Chunk], config: Config, *, send_parsed: bool = True) -> EventResult:
    """Resolve entities across the event's articles and reconcile its facts (CPU seconds per stage).

    A ``report_only`` task also formats the event's report and workbook here and returns them instead of its
    mentions and facts. ``send_parsed=False``: the caller already holds the chunks' mentions (the local pool),
    so they are not sent back.
    """
    seconds = dict.fromkeys((*STAGES, "report"), 0.0)
    if task.report is not None:
        return EventResult(task.event, {}, [], [], seconds, report=task.report)
    parsed: dict[str, list[Mention]] = {}
    failed: dict[str, str] = {}
    rss: dict[int, int] = {}
    for found, secs, bad, peaks in chunks:
        parsed.update(found)
        failed.update(bad)
        for stage, value in secs.items():
            seconds[stage] += value
        for pid, kib in peaks.items():
            rss[pid] = max(rss.get(pid, 0), kib)
    t = time.process_time()
    per_article = [m for a in task.articles for m in task.cached.get(a.source, parsed.get(a.source, []))]
    mentions = resolve_event(per_article, config.extract)
    seconds["resolve"] = time.process_time() - t
    t = time.process_time()
    facts = reconcile_event(mentions, list(task.articles), config.reconcile)
    seconds["reconcile"] = time.process_time() - t
    if not send_parsed:
        parsed = {}
    if not task.report_only:
        return EventResult(task.event, parsed, mentions, facts, seconds, failed, rss_kib={**rss, **peak_rss()})
    t = time.process_time()
    report = event_report(task.event, mentions, facts)
    book = event_workbook(report)
    seconds["report"] = time.process_time() - t
    return EventResult(task.event, parsed, [], [], seconds, failed, report, book, {**rss, **peak_rss()})


def chunks_of(task: EventTask, size: int) -> list[tuple[Article, ...]]:
    """The event's uncached articles in chunks of at most ``size``."""
    if task.report is not None:
        return []
    todo = [a for a in task.articles if a.source not in task.cached]
    return [tuple(todo[i : i + size]) for i in range(0, len(todo), size)]


def process_event(task: EventTask, config: Config) -> EventResult:
    """Parse the uncached articles of one event, extract, resolve and reconcile, in this process."""
    return finish_event(task, [extract_chunk(c, config) for c in chunks_of(task, config.run.chunk_size)], config)


def _finish_in_worker(task: EventTask, chunks: list[Chunk], config: Config) -> EventResult:
    """The pool's finishing step: the main process keeps the chunks' mentions, so they are not sent back."""
    return finish_event(task, chunks, config, send_parsed=False)


Outcome = EventResult | BaseException


class Executor(Protocol):
    def run(self, tasks: Iterable[EventTask], config: Config) -> Iterator[tuple[EventTask, Outcome]]: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Everything in this process: one core, no start-up cost."""

    def run(self, tasks: Iterable[EventTask], config: Config) -> Iterator[tuple[EventTask, Outcome]]:
        for task in tasks:
            try:
                yield task, process_event(task, config)
            except Exception as exc:  # one bad event must not stop the run
                yield task, exc

    def close(self) -> None:
        pass


class InfrastructureError(Exception):
    """The machinery failed (a worker process died twice on the same articles, a Dask cluster lost its
    workers): the run stops and publishes nothing, unlike an article or event that fails on its own."""


def _outcome(get: Callable[..., EventResult], *args: Any) -> Outcome:
    try:
        return get(*args)
    except InfrastructureError:
        raise
    except Exception as exc:
        return exc


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int) -> None:
    """First thing in a pool worker: die with the main process, and let go of the run lock it inherited."""
    close_inherited()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the main process died before the line above
        os._exit(1)


def _is_broken(future: Future) -> bool:
    return future.cancelled() or (future.done() and isinstance(future.exception(), BrokenProcessPool))


@dataclass(slots=True)
class _Job:
    """One call on the pool; ``tries`` counts the times it was run again after its pool broke. The future's
    value is the path of the file the worker spooled its result to (see :mod:`pipeline.spool`)."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    articles: int
    future: Future
    tries: int = 0
    _spooled: tuple[Any, BaseException | None] | None = None

    def error(self) -> BaseException | None:
        """The exception of the finished call: the pool's (it broke) or the worker's."""
        broken = self.future.exception()
        if broken is not None:
            return broken
        if self._spooled is None:
            self._spooled = unspooled(self.future.result())
        return self._spooled[1]

    def result(self) -> Any:
        error = self.error()
        if error is not None:
            raise error
        assert self._spooled is not None
        return self._spooled[0]


@dataclass(slots=True)
class _Event:
    """An event in flight: its chunk jobs, then the job that finishes it (or parses and finishes it whole)."""

    task: EventTask
    chunks: list[_Job] = field(default_factory=list)
    final: _Job | None = None
    outcome: Outcome | None = None

    def jobs(self) -> list[_Job]:
        return [*self.chunks, *([self.final] if self.final is not None else [])]


class ProcessExecutor:
    """Events spread over local worker processes (each loads the model once); the main process only writes.

    An event of one chunk is parsed and finished (resolved, reconciled, its report and workbook formatted) by
    one worker. A larger one is split into chunks, so it still uses every core, and once they are in, one
    worker finishes it. Workers are forked, close their copy of the run lock and are killed by the kernel
    when the main process dies (``PR_SET_PDEATHSIG``). When a worker dies (an OOM kill), the pool breaks:
    every job it had not finished runs again once on a fresh pool; a job whose second pool breaks too
    raises :class:`InfrastructureError`.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._warm = False
        self._spool: str | None = None  # where workers leave their results

    def _warm_up(self, config: Config) -> float:
        """Before the first fork: what extraction builds on first use, once for all workers (they inherit it).
        Returns its CPU seconds, which count as extraction's; 0 once done."""
        if self._warm:
            return 0.0
        self._warm = True
        with contextlib.suppress(ImportError):
            # spaCy itself (about 0.5 s of CPU) is the model loader's import, which every worker needs to parse:
            # imported here it is shared too, but it is no part of extraction's CPU.
            import spacy  # noqa: F401
        t = time.process_time()
        with contextlib.suppress(Exception):  # each worker builds it for itself after all
            warm_up(config.extract)
        return time.process_time() - t

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )

    def run(self, tasks: Iterable[EventTask], config: Config) -> Iterator[tuple[EventTask, Outcome]]:
        if self._pool is None:
            self._pool = self._new_pool()
        if self._spool is None:
            self._spool = tempfile.mkdtemp(prefix="pipeline-results-")
        spool = self._spool
        window = 4 * self.workers
        inflight: deque[_Event] = deque()
        queued: set[Future] = set()  # jobs submitted and not yet done
        warm = [0.0]  # the warm-up's CPU seconds, not yet added to an event's

        def recover(force: bool = False) -> None:
            """If the pool broke, run every job it did not finish again on a fresh pool (once)."""
            jobs = [(ev.task, job) for ev in inflight for job in ev.jobs()]
            if not force and not any(_is_broken(job.future) for _, job in jobs):
                return
            assert self._pool is not None
            self._pool.shutdown(wait=True, cancel_futures=True)  # a broken pool has no live worker left
            self._pool = self._new_pool()
            lost = [(task, job) for task, job in jobs if _is_broken(job.future)]
            for task, job in lost:
                if job.tries:
                    raise InfrastructureError(
                        f"{task.event}: a worker process died again running {job.articles} of its articles "
                        "on a fresh pool (out of memory?); nothing published, the previous report is kept"
                    )
            reason = next((str(j.future.exception()) for _, j in lost if not j.future.cancelled()), "pool broken")
            log.warning("a worker process died (%s); %d jobs run again on a fresh pool", reason, len(lost))
            for _, job in lost:
                job.tries += 1
                job.future = self._pool.submit(spooled, spool, job.fn, *job.args)
            queued.clear()
            queued.update(job.future for _, job in jobs if not job.future.done())

        def submit(fn: Callable[..., Any], articles: int, *args: Any) -> _Job:
            assert self._pool is not None
            warm[0] += self._warm_up(config)  # workers are forked at the first submit
            try:
                future = self._pool.submit(spooled, spool, fn, *args)
            except BrokenProcessPool:  # a worker died while no job of ours was running
                recover(force=True)
                future = self._pool.submit(spooled, spool, fn, *args)
            queued.add(future)
            return _Job(fn, args, articles, future)

        def advance() -> Iterator[tuple[EventTask, Outcome]]:
            """Finish the events whose chunks are all in, then yield the finished events at the head, in order."""
            recover()
            for ev in inflight:
                if ev.outcome is not None or ev.final is not None:
                    continue
                # A chunk whose pool broke after ``recover`` looked is not done: the next ``recover`` runs it again.
                if not all(j.future.done() and not _is_broken(j.future) for j in ev.chunks):
                    continue
                error = next((j.error() for j in ev.chunks if j.error() is not None), None)
                if error is not None:  # an article that fails alone fails its event, as inline
                    ev.outcome = error if isinstance(error, Exception) else InfrastructureError(str(error))
                    continue
                ev.final = submit(_finish_in_worker, len(ev.task.articles), ev.task, _results(ev), config)
            while inflight:
                ev = inflight[0]
                if ev.outcome is None:
                    if ev.final is None or not ev.final.future.done() or _is_broken(ev.final.future):
                        return
                    ev.outcome = _outcome(_merged, ev)
                inflight.popleft()
                outcome = ev.outcome
                if warm[0] and isinstance(outcome, EventResult):
                    seconds = {**outcome.seconds, "extract": outcome.seconds.get("extract", 0.0) + warm[0]}
                    outcome, warm[0] = replace(outcome, seconds=seconds), 0.0
                yield ev.task, outcome

        for task in tasks:
            ev = _Event(task)
            inflight.append(ev)  # first, so a pool that breaks while its jobs go in recovers them
            chunks = chunks_of(task, config.run.chunk_size)
            if task.report is not None:
                ev.outcome = _outcome(finish_event, task, [], config)
            elif len(chunks) <= 1:
                ev.final = submit(process_event, len(task.articles), task, config)
            else:
                ev.chunks = [submit(extract_chunk, len(chunk), chunk, config) for chunk in chunks]
            # Keep ``window`` jobs queued, so the workers never wait for this process.
            while len(queued) >= window:
                _, pending = wait(queued, return_when=FIRST_COMPLETED)
                queued.intersection_update(pending)
                yield from advance()
            yield from advance()
        while inflight:
            pending = [job.future for ev in inflight for job in ev.jobs() if not job.future.done()]
            if pending:
                wait(pending, return_when=FIRST_COMPLETED)
            queued.intersection_update(pending)
            yield from advance()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._spool is not None:
            shutil.rmtree(self._spool, ignore_errors=True)  # files of jobs whose results were never read
            self._spool = None


def _results(ev: _Event) -> list[Chunk]:
    return [job.result() for job in ev.chunks]


def _merged(ev: _Event) -> EventResult:
    """The finished event with the new per-article mentions its chunks sent to this process (for the cache)."""
    assert ev.final is not None
    result: EventResult = ev.final.result()
    if not ev.chunks:
        return result
    parsed: dict[str, list[Mention]] = {}
    for found, _, _, _ in _results(ev):
        parsed.update(found)
    return replace(result, parsed=parsed)


def make_executor(kind: str, *, workers: int, scheduler: str = "") -> Executor:
    """The executor named in config or on the command line."""
    if kind == "dask":
        from .dask_executor import DaskExecutor

        return DaskExecutor(scheduler)
    if kind == "local" and workers > 1:
        return ProcessExecutor(workers)
    return InlineExecutor()
