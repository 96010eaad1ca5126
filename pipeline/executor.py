"""Run the per-event work (parse → extract → resolve → reconcile) inline, on local processes, or on Dask.

The parallel unit is a chunk of an event's uncached articles (parse +
extract); each event is then finished (entities resolved across its
articles, facts reconciled) once all its chunks are in. An event task carries
the mentions already cached, so only new articles are parsed. Every worker process
loads the spaCy model once and keeps it. Results come back in submission
order whatever the executor, so the report is identical across executors.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .config import Config, NlpConfig
from .extract import extract_article, resolve_event
from .lock import close_inherited
from .nlp import load_nlp
from .reconcile import FactRow, reconcile_event
from .records import Article, Mention
from .report import EventReport

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


_NLP: dict[str, Language] = {}


def worker_nlp(config: NlpConfig) -> Language:
    """The spaCy pipeline of this process, loaded on first use and kept."""
    key = config.model_dump_json()
    if key not in _NLP:
        _NLP[key] = load_nlp(config)
    return _NLP[key]


Chunk = tuple[dict[str, list[Mention]], dict[str, float], dict[str, str]]


def extract_chunk(articles: tuple[Article, ...], config: Config) -> Chunk:
    """Parse and extract a few articles of one event: the unit of parallel work.

    Returns the mentions per source, seconds per stage, and the articles that
    failed with the reason (when the batch fails, each article is retried alone,
    so one article that breaks the parser or an extractor costs only itself).
    """
    nlp = worker_nlp(config.nlp)
    seconds = {"parse": 0.0, "extract": 0.0}
    try:
        t = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=config.nlp.batch_size))
        seconds["parse"] += time.perf_counter() - t
        t = time.perf_counter()
        out = {a.source: extract_article(doc, a, config.extract) for a, doc in zip(articles, docs, strict=True)}
        seconds["extract"] += time.perf_counter() - t
        return out, seconds, {}
    except Exception:
        if len(articles) == 1:
            raise
    out, failed = {}, {}
    for article in articles:
        try:
            found, secs, _ = extract_chunk((article,), config)
        except Exception as exc:
            failed[article.source] = f"article failed and was left out ({type(exc).__name__}: {exc})"
            continue
        out.update(found)
        for stage, value in secs.items():
            seconds[stage] += value
    return out, seconds, failed


def finish_event(task: EventTask, chunks: list[Chunk], config: Config) -> EventResult:
    """Resolve entities across the event's articles and reconcile its facts."""
    seconds = dict.fromkeys(STAGES, 0.0)
    if task.report is not None:
        return EventResult(task.event, {}, [], [], seconds, report=task.report)
    parsed: dict[str, list[Mention]] = {}
    failed: dict[str, str] = {}
    for found, secs, bad in chunks:
        parsed.update(found)
        failed.update(bad)
        for stage, value in secs.items():
            seconds[stage] += value
    t = time.perf_counter()
    per_article = [m for a in task.articles for m in task.cached.get(a.source, parsed.get(a.source, []))]
    mentions = resolve_event(per_article, config.extract)
    seconds["resolve"] = time.perf_counter() - t
    t = time.perf_counter()
    facts = reconcile_event(mentions, list(task.articles), config.reconcile)
    seconds["reconcile"] = time.perf_counter() - t
    return EventResult(task.event, parsed, mentions, facts, seconds, failed)


def chunks_of(task: EventTask, size: int) -> list[tuple[Article, ...]]:
    """The event's uncached articles in chunks of at most ``size``."""
    if task.report is not None:
        return []
    todo = [a for a in task.articles if a.source not in task.cached]
    return [tuple(todo[i : i + size]) for i in range(0, len(todo), size)]


def process_event(task: EventTask, config: Config) -> EventResult:
    """Parse the uncached articles of one event, extract, resolve and reconcile, in this process."""
    return finish_event(task, [extract_chunk(c, config) for c in chunks_of(task, config.run.chunk_size)], config)


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
    """One chunk of articles on the pool; ``tries`` counts the times it was run again after its pool broke."""

    articles: tuple[Article, ...]
    future: Future
    tries: int = 0


class ProcessExecutor:
    """Chunks of articles spread over local worker processes (each loads the model once).

    Chunks, not whole events, are the unit, so one large event still uses
    every core; the cheap per-event finish runs in the main process. Workers
    are forked, close their copy of the run lock and are killed by the kernel
    when the main process dies (``PR_SET_PDEATHSIG``). When a worker dies (an
    OOM kill), the pool breaks: every chunk it had not finished runs again
    once on a fresh pool; a chunk whose second pool breaks too raises
    :class:`InfrastructureError`.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

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
        window = 4 * self.workers
        inflight: deque[tuple[EventTask, list[_Job]]] = deque()
        queued: set[Future] = set()  # chunks submitted and not yet done

        def recover(force: bool = False) -> None:
            """If the pool broke, run every chunk it did not finish again on a fresh pool (once)."""
            jobs = [(task, job) for task, js in inflight for job in js]
            lost = [(task, job) for task, job in jobs if _is_broken(job.future)]
            if not lost and not force:
                return
            assert self._pool is not None
            self._pool.shutdown(wait=True, cancel_futures=True)  # a broken pool has no live worker left
            self._pool = self._new_pool()
            lost = [(task, job) for task, job in jobs if _is_broken(job.future)]
            for task, job in lost:
                if job.tries:
                    raise InfrastructureError(
                        f"{task.event}: a worker process died again running {len(job.articles)} of its articles "
                        "on a fresh pool (out of memory?); nothing published, the previous report is kept"
                    )
            reason = next((str(j.future.exception()) for _, j in lost if not j.future.cancelled()), "pool broken")
            log.warning("a worker process died (%s); %d chunks run again on a fresh pool", reason, len(lost))
            for _, job in lost:
                job.tries += 1
                job.future = self._pool.submit(extract_chunk, job.articles, config)
            queued.clear()
            queued.update(job.future for _, job in jobs if not job.future.done())

        def submit(articles: tuple[Article, ...]) -> Future:
            assert self._pool is not None
            try:
                return self._pool.submit(extract_chunk, articles, config)
            except BrokenProcessPool:  # a worker died while no chunk of ours was running
                recover(force=True)
                return self._pool.submit(extract_chunk, articles, config)

        def finished_heads() -> Iterator[tuple[EventTask, Outcome]]:
            while inflight and all(job.future.done() for job in inflight[0][1]):
                recover()
                if not all(job.future.done() for job in inflight[0][1]):
                    return
                head, jobs = inflight.popleft()
                yield head, _outcome(_finish_jobs, head, jobs, config)

        for task in tasks:
            jobs: list[_Job] = []
            inflight.append((task, jobs))  # first, so a pool that breaks while its chunks go in recovers them
            for chunk in chunks_of(task, config.run.chunk_size):
                jobs.append(_Job(chunk, submit(chunk)))
            queued.update(job.future for job in jobs)
            # Keep ``window`` chunks queued, so the workers never wait while an event is finished here.
            while len(queued) >= window:
                _, pending = wait(queued, return_when=FIRST_COMPLETED)
                queued.intersection_update(pending)
                recover()
                yield from finished_heads()
            yield from finished_heads()
        while inflight:
            wait([job.future for job in inflight[0][1]])
            recover()
            yield from finished_heads()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _finish_jobs(task: EventTask, jobs: list[_Job], config: Config) -> EventResult:
    if any(_is_broken(job.future) for job in jobs):  # never an event's own failure
        raise InfrastructureError(f"{task.event}: the worker pool broke; nothing published")
    return finish_event(task, [job.future.result() for job in jobs], config)


def _lost_worker_errors() -> tuple[type[BaseException], ...]:
    from concurrent.futures import CancelledError

    from distributed import KilledWorker

    return (KilledWorker, CancelledError, OSError, TimeoutError)  # OSError covers CommClosedError


class DaskExecutor:
    """Chunk extraction and per-event finishing as tasks on a dask.distributed cluster.

    ``--scheduler tcp://host:8786`` names an existing scheduler; every worker
    loads the model once. The finish task takes its chunks' futures, so the
    mentions move between workers, not through this process. Every wait is
    bound to this executor's own client (it is never made the default
    client). Tasks of a worker that dies are re-run by the scheduler on the
    others; when it gives up (``KilledWorker``) or the cluster is lost, the
    run raises :class:`InfrastructureError`.
    """

    def __init__(self, scheduler: str | Any) -> None:
        from dask.distributed import Client

        try:
            self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InfrastructureError(
                f"{scheduler}: cannot reach the Dask scheduler ({exc}); nothing published, the previous report is kept"
            ) from exc
        self._owned = not isinstance(scheduler, Client)

    def _result(self, task: EventTask, fut: Any) -> Outcome:
        try:
            return fut.result()
        except _lost_worker_errors() as exc:
            raise InfrastructureError(
                f"{task.event}: the Dask cluster lost the work ({type(exc).__name__}: {exc}); "
                "nothing published, the previous report is kept"
            ) from exc
        except Exception as exc:
            return exc

    def run(self, tasks: Iterable[EventTask], config: Config) -> Iterator[tuple[EventTask, Outcome]]:
        from dask.distributed import as_completed

        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        window = 4 * workers
        inflight: deque[tuple[EventTask, Any]] = deque()
        queued: set[Any] = set()  # chunk futures not yet done
        done = as_completed(loop=self.client.loop)  # bound to our client, not to a default one

        def finished_heads() -> Iterator[tuple[EventTask, Outcome]]:
            while inflight and inflight[0][1].done():
                head, fut = inflight.popleft()
                yield head, self._result(head, fut)

        for task in tasks:
            chunks = [
                self.client.submit(extract_chunk, c, config, pure=False) for c in chunks_of(task, config.run.chunk_size)
            ]
            inflight.append((task, self.client.submit(finish_event, task, chunks, config, pure=False)))
            queued.update(chunks)
            for chunk in chunks:
                done.add(chunk)
            while len(queued) >= window:
                queued.discard(next(done))
                yield from finished_heads()
            yield from finished_heads()
        while inflight:
            head, fut = inflight.popleft()
            yield head, self._result(head, fut)

    def close(self) -> None:
        if self._owned:
            self.client.close()


def make_executor(kind: str, *, workers: int, scheduler: str = "") -> Executor:
    """The executor named in config or on the command line."""
    if kind == "dask":
        return DaskExecutor(scheduler)
    if kind == "local" and workers > 1:
        return ProcessExecutor(workers)
    return InlineExecutor()
