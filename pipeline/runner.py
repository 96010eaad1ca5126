"""Plain functions that chain the stages: ingest → nlp → extract → reconcile → report.

``report`` is the nightly run: it streams events from the input root, takes
each article's mentions from the cache or has an executor parse it, reconciles
each event on its own, and writes the CSVs through a staging folder so a
crash never leaves a half-written report.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .cache import MentionCache, article_key, event_key, fingerprint, report_fingerprint
from .config import Config, ConfigError
from .executor import STAGES, EventResult, EventTask, Executor, make_executor
from .executor import event_report as format_event
from .html import INDEX_NAME, PAGE_NAME, IndexEntry, index_page, write_page
from .ingest import Batch, count_articles, read_events
from .lock import RunLock
from .outputs import (
    CURRENT,
    CsvSink,
    catch_up,
    changed_rows,
    concat,
    link_files,
    previous_events,
    previous_reports,
    publish,
    read_csv_rows,
    safe_name,
    same_bytes,
    start_staging,
    write_manifest,
)
from .reconcile import FINDING_COLUMNS
from .records import MENTION_COLUMNS, Skipped
from .report import EventReport, csv_text
from .summary import SUMMARY_COLUMNS
from .workbook import WORKBOOK_NAME, write_bytes, write_workbook

log = logging.getLogger(__name__)

CHANGE_KEY = ("event", "status", "kind", "fact", "source", "value", "unit", "qualifier", "text")
CHANGE_COLUMNS = ("change", *FINDING_COLUMNS)
LOADING = "loading the model"
ARTICLES = "articles"


class InputError(Exception):
    """The input root cannot be used at all (missing, not a folder or feed, gone during the run)."""


class CollapseError(Exception):
    """The run found far fewer events than the published report holds: nothing was published."""


@dataclass
class Summary:
    """What a run did, for the terminal and the log."""

    events: int = 0
    sources: int = 0
    parsed: int = 0
    cached: int = 0
    mentions: int = 0
    facts: int = 0
    conflicts: int = 0
    unique: int = 0
    new_findings: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # CPU seconds per stage (``time.process_time`` of the process that ran it, summed over processes).
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(("ingest", *STAGES, "report"), 0.0))
    elapsed: float = 0.0
    # Peak RSS (KiB) of every worker process that parsed or finished an event, by process id.
    worker_rss_kib: dict[int, int] = field(default_factory=dict)
    # False for the ``mentions`` command, which finds no facts: its summary does not list them.
    reconciled: bool = True

    @property
    def files_skipped(self) -> list[Skipped]:
        return [s for s in self.skipped if not s.reason.startswith("warning")]

    def lines(self) -> list[str]:
        seconds = self.seconds if self.reconciled else {k: v for k, v in self.seconds.items() if k in _MENTION_STAGES}
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in seconds.items())
        facts = [
            f"facts: {self.facts}",
            f"conflicts: {self.conflicts}",
            f"unique facts: {self.unique}",
            f"new findings since the last run: {self.new_findings}",
        ]
        return [
            f"events: {self.events}",
            f"sources: {self.sources} ({self.parsed} parsed, {self.cached} from cache)",
            f"mentions: {self.mentions}",
            *(facts if self.reconciled else []),
            f"files skipped: {len(self.files_skipped)}",
            f"time: {self.elapsed:.1f}s (CPU per stage: {stages})",
        ]


_MENTION_STAGES = ("ingest", "parse", "extract", "resolve")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def prepare_output(output: Path) -> None:
    """Create ``output`` and check it is writable before any work is done (raises ``OSError``)."""
    output.mkdir(parents=True, exist_ok=True)
    probe = output / ".write-test"
    probe.write_text("")
    probe.unlink()


def _timed(batches: Iterable[Batch], summary: Summary) -> Iterator[Batch]:
    it = iter(batches)
    while True:
        t = time.process_time()
        batch = next(it, None)
        summary.seconds["ingest"] += time.process_time() - t
        if batch is None:
            return
        yield batch


def _tasks(
    batches: Iterable[Batch],
    cache: MentionCache | None,
    report_fp: str,
    summary: Summary,
    bar: tqdm | None,
    report_only: bool,
) -> Iterator[EventTask]:
    """Event tasks with cached mentions (or the whole cached report) attached; skipped inputs are logged."""
    for event, articles, skipped in batches:
        for item in skipped:
            log.warning("%s", item)
        summary.skipped.extend(skipped)
        if not event or not articles:
            continue
        if len(articles) == 1:
            log.warning("%s: event has a single source; every fact will be unique", event)
        if bar is not None and bar.n + len(articles) > (bar.total or 0):  # only if the count up front fell short
            bar.total = bar.n + len(articles)
        keys = {a.source: article_key(a) for a in articles}
        key = event_key(event, articles, keys, report_fp)
        report = cache.get_report(event, key) if cache is not None else None
        if cache is not None and report is not None:
            cache.touch(keys.values())
            yield EventTask(event, tuple(articles), report=report, key=key, report_only=report_only)
            continue
        cached: dict[str, list] = {}
        if cache is not None:
            sources = {k: source for source, k in keys.items()}
            cached = {sources[k]: ms for k, ms in cache.get(sources).items()}
        yield EventTask(event, tuple(articles), cached, key=key, report_only=report_only)


def _process(
    input_root: Path,
    output: Path,
    config: Config,
    summary: Summary,
    *,
    full: bool,
    progress: bool,
    executor: Executor | None,
    run_date: date,
    expire: Callable[[Summary], bool] = lambda _: True,
    workbooks: bool = False,
) -> Iterator[tuple[EventTask, EventReport, bytes | None]]:
    """Run every event of ``input_root`` and yield the good ones' reports; ``summary`` fills as it goes.

    With ``workbooks``, whoever finishes an event (a worker) also formats its report and builds its workbook,
    yielded as bytes (``None`` for a report reused from the cache). Old cache entries are dropped at the end
    when ``expire(summary)`` (not after a run that will not publish).
    """
    if not input_root.exists():
        raise InputError(f"{input_root}: input not found; pass --input with a folder of event folders or a feed file")
    identity = _identity(input_root)
    cache_path = Path(config.run.cache) if config.run.cache else output / ".cache" / "mentions.sqlite"
    cache = MentionCache(cache_path, fingerprint(config), today=run_date)
    own = executor is None
    executor = executor or make_executor(
        config.run.executor, workers=config.run.workers, scheduler=config.run.scheduler
    )
    bar = None
    if progress:
        # The total is counted up front, so it never jumps; the first phase is the workers loading the model.
        total = count_articles(input_root, config.ingest)
        bar = tqdm(total=total, unit="article", desc=LOADING, leave=False)
    try:
        batches = _timed(read_events(input_root, config.ingest), summary)
        tasks = _tasks(batches, None if full else cache, report_fingerprint(config), summary, bar, workbooks)
        for task, outcome in executor.run(tasks, config):
            if bar is not None:
                if bar.desc == LOADING:
                    bar.set_description(ARTICLES, refresh=False)
                bar.update(len(task.articles))
            if isinstance(outcome, ConfigError):
                raise outcome  # the same for every event (e.g. the model cannot load): stop now
            if isinstance(outcome, BaseException):
                reason = f"event failed and was left out of the report ({type(outcome).__name__}: {outcome})"
                log.error("%s: %s", task.event, reason)
                log.error("%s: traceback", task.event, exc_info=outcome, extra={"file_only": True})
                summary.skipped.append(Skipped(task.event, reason))
                continue
            for source, reason in sorted(outcome.failed.items()):
                log.warning("%s/%s: %s", task.event, source, reason)
                summary.skipped.append(Skipped(f"{task.event}/{source}", reason))
            if outcome.parsed:
                cache.put(
                    (article_key(a), outcome.parsed[a.source]) for a in task.articles if a.source in outcome.parsed
                )
            summary.events += 1
            summary.sources += len(task.articles)
            summary.parsed += len(outcome.parsed)
            summary.cached += len(task.articles) - len(outcome.parsed) - len(outcome.failed)
            report = outcome.report
            if report is None:
                t = time.process_time()
                report = event_report(outcome)
                summary.seconds["report"] += time.process_time() - t
            if task.report is None and not outcome.failed:  # an event with a failed article is retried next run
                cache.put_report(task.event, task.key, report)
            summary.mentions += report.n_mentions
            for stage, secs in outcome.seconds.items():
                summary.seconds[stage] += secs
            for pid, kib in outcome.rss_kib.items():
                summary.worker_rss_kib[pid] = max(summary.worker_rss_kib.get(pid, 0), kib)
            yield task, report, outcome.workbook
        if _identity(input_root) != identity:
            raise InputError(
                f"{input_root}: the input folder was moved, replaced or unmounted during the run; "
                "nothing published, the previous report is kept"
            )
        if full:
            cache.prune()
        dropped = cache.expire(config.run.cache_days) if expire(summary) else 0
        if dropped:
            log.info("cache: dropped %d entries unused for more than %d days", dropped, config.run.cache_days)
    finally:
        if bar is not None:
            bar.close()
        cache.close()
        if own:
            executor.close()


def report(
    input_root: Path,
    output: Path,
    config: Config,
    *,
    run_date: date,
    full: bool = False,
    progress: bool = False,
    executor: Executor | None = None,
    allow_collapse: bool = False,
) -> Summary:
    """The nightly run: findings, facts and mentions per event and combined, a dated copy and changes.

    Everything is written into a staging folder and published all at once (:func:`~pipeline.outputs.publish`).
    Raises ``LockedError`` when another run holds ``output``, ``InputError`` when the input is unusable,
    ``CollapseError`` when far fewer events than the published report's were found (unless
    ``allow_collapse``), ``InfrastructureError`` when workers kept dying; none of them publishes anything.
    """
    started = time.perf_counter()
    prepare_output(output)
    with RunLock(output / ".lock"):
        staging = start_staging(output)
        try:
            previous = None if allow_collapse else previous_events(output)
            fraction = config.run.collapse_fraction
            summary, events = _write_staging(
                input_root,
                output,
                staging,
                config,
                run_date=run_date,
                full=full,
                progress=progress,
                executor=executor,
                expire=lambda s: not is_collapse(previous, s.events, fraction),
            )
            t = time.process_time()
            if is_collapse(previous, summary.events, fraction):
                raise CollapseError(
                    f"this run found {summary.events} events where the published report has {previous} "
                    f"(fewer than {fraction:.0%}, run.collapse_fraction): nothing published, the previous report "
                    "is kept; check that --input is the right, mounted folder, or pass --allow-collapse to publish "
                    "anyway"
                )
            names = [event for event, _, _ in events]
            write_manifest(staging, run_date=run_date, version=__version__, events=names, reports=events)
            publish(output, staging, run_date)
            summary.seconds["report"] += time.process_time() - t
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    summary.elapsed = time.perf_counter() - started
    return summary


def is_collapse(previous: int | None, found: int, fraction: float) -> bool:
    """Whether ``found`` events replacing a published report of ``previous`` events looks like an accident.

    A collapse is no events at all where the report had some, or fewer than ``fraction`` of them with more
    than two lost (events that leave one or two at a time still retire).
    """
    if not previous:
        return False
    return found == 0 or (previous - found > 2 and found < fraction * previous)


EVENT_FILES = ("findings.csv", "facts.csv", "mentions.csv", "summary.csv", PAGE_NAME, WORKBOOK_NAME)
# The combined files that are a function of the events' reports alone (changes.csv and report.xlsx also depend on
# the previous run).
COMBINED_FILES = ("findings.csv", "facts.csv", "mentions.csv", "summary.csv", INDEX_NAME)


def _write_staging(
    input_root: Path,
    output: Path,
    staging: Path,
    config: Config,
    *,
    run_date: date,
    full: bool,
    progress: bool,
    executor: Executor | None,
    expire: Callable[[Summary], bool],
) -> tuple[Summary, list[tuple[str, str, str]]]:
    """Run every event into ``staging``: its folder, the combined CSVs and ``changes.csv``.

    An event whose report is unchanged since the published generation (same report key, same folder) gets
    that generation's files hard-linked, not written; when every event is (the nightly run over an unchanged
    input), so do the combined files, and ``changes.csv`` is empty without reading a row. Returns the summary
    and the (event, folder, report key) of every event, for the manifest.
    """
    summary = Summary()
    published = output / CURRENT
    before = previous_reports(output, __version__)
    was = {event: (folder, key) for event, folder, key in before}
    conflicts = CsvSink(staging / ".conflicts.csv", FINDING_COLUMNS)
    unique = CsvSink(staging / ".unique.csv", FINDING_COLUMNS)
    facts = CsvSink(staging / "facts.csv", FINDING_COLUMNS)
    mentions = CsvSink(staging / "mentions.csv", MENTION_COLUMNS)
    summary_conflicts = CsvSink(staging / ".summary-conflicts.csv", SUMMARY_COLUMNS)
    summary_unique = CsvSink(staging / ".summary-unique.csv", SUMMARY_COLUMNS)
    sinks = (conflicts, unique, facts, mentions, summary_conflicts, summary_unique)
    used: set[str] = set()
    events: list[tuple[str, str, str]] = []
    index: list[IndexEntry] = []
    # Linked events, in the published generation's order, whose rows are not in the combined files yet: while
    # every event is one, the combined files may be the published ones, so nothing is written to them.
    pending: list[Path] = []
    lazy = bool(before)
    try:
        for task, result, book in _process(
            input_root,
            output,
            config,
            summary,
            full=full,
            progress=progress,
            executor=executor,
            run_date=run_date,
            expire=expire,
            workbooks=True,
        ):
            t = time.process_time()
            folder = _event_folder(staging, task.event, used)
            events.append((task.event, folder.name, task.key))
            unchanged = task.report is not None and was.get(task.event) == (folder.name, task.key)
            linked = unchanged and link_files(published / folder.name, folder, EVENT_FILES)
            if not linked:
                _write_event(output, folder, result, book)
            index.append(IndexEntry(task.event, folder.name, result.n_conflicts, result.n_unique))
            lazy = lazy and linked and len(events) <= len(before) and events[-1] == before[len(events) - 1]
            if lazy:
                pending.append(folder)
            else:
                catch_up(pending, sinks)
                summary_conflicts.write_body(result.summary_conflicts)
                summary_unique.write_body(result.summary_unique)
                conflicts.write_body(result.conflicts)
                unique.write_body(result.unique)
                facts.write_body(result.facts)
                mentions.write_body(result.mentions)
            summary.facts += result.n_facts
            summary.conflicts += result.n_conflicts
            summary.unique += result.n_unique
            summary.seconds["report"] += time.process_time() - t
        t = time.process_time()
        # Nothing changed since the published generation: its combined files are this run's, byte for byte.
        same = lazy and events == before and link_files(published, staging, COMBINED_FILES)
        if not same:
            catch_up(pending, sinks)
        for sink in sinks:
            if same:
                sink.discard()
            else:
                sink.commit()
    except BaseException:
        for sink in sinks:
            sink.discard()
        raise
    if same:
        changes: list[dict[str, str]] = []
    else:
        concat(staging / "findings.csv", [conflicts.path, unique.path])
        concat(staging / "summary.csv", [summary_conflicts.path, summary_unique.path])
        current = read_csv_rows(staging / "findings.csv")
        changes = changed_rows(read_csv_rows(output / "findings.csv"), current, CHANGE_KEY)
    summary.new_findings = len({(c["event"], c["finding_id"]) for c in changes if c["change"] == "new"})
    # No changes twice in a row (the nightly case): the published changes.csv is this one too.
    empty = "\ufeff".encode() + csv_text(CHANGE_COLUMNS, []).encode()
    if changes or not (
        same_bytes(published / "changes.csv", empty) and link_files(published, staging, ["changes.csv"])
    ):
        with CsvSink(staging / "changes.csv", CHANGE_COLUMNS) as sink:
            sink.write(changes)
    jobs = config.run.workers  # the workers are done: their cores format the workbook's sheets
    summary.seconds["report"] += write_workbook(
        staging / WORKBOOK_NAME, _sheets(staging, "changes"), previous=output / WORKBOOK_NAME, jobs=jobs
    )
    if not same:
        write_page(staging / INDEX_NAME, index_page(index))
    summary.seconds["report"] += time.process_time() - t
    return summary, events


def _write_event(output: Path, folder: Path, result: EventReport, book: bytes | None) -> None:
    """Write one event's files into its staging ``folder``."""
    with CsvSink(folder / "findings.csv", FINDING_COLUMNS) as sink:
        sink.write_body(result.conflicts)
        sink.write_body(result.unique)
    with CsvSink(folder / "facts.csv", FINDING_COLUMNS) as sink:
        sink.write_body(result.facts)
    with CsvSink(folder / "mentions.csv", MENTION_COLUMNS) as sink:
        sink.write_body(result.mentions)
    with CsvSink(folder / "summary.csv", SUMMARY_COLUMNS) as sink:
        sink.write_body(result.summary_conflicts)
        sink.write_body(result.summary_unique)
    write_page(folder / PAGE_NAME, result.page)
    if book is not None:
        write_bytes(folder / WORKBOOK_NAME, book)
    else:
        write_workbook(folder / WORKBOOK_NAME, _sheets(folder), previous=output / folder.name / WORKBOOK_NAME)


def mentions(
    input_root: Path, output: Path, config: Config, *, run_date: date, full: bool = False, progress: bool = False
) -> Summary:
    """Extract every mention under ``input_root`` into ``output/mentions.csv``."""
    started = time.perf_counter()
    prepare_output(output)
    summary = Summary(reconciled=False)
    with RunLock(output / ".lock"), CsvSink(output / "mentions.csv", MENTION_COLUMNS) as sink:
        for _, result, _ in _process(
            input_root, output, config, summary, full=full, progress=progress, executor=None, run_date=run_date
        ):
            sink.write_body(result.mentions)
    summary.elapsed = time.perf_counter() - started
    return summary


def event_report(result: EventResult) -> EventReport:
    """An event's rows formatted once as CSV bodies, with its counts."""
    return format_event(result.event, result.mentions, result.facts)


def _sheets(folder: Path, *more: str) -> list[tuple[str, Path]]:
    """The workbook's sheets: the findings files of ``folder`` (facts and mentions, every mention, stay CSV only:
    as sheets they would cost more than the rest of the report)."""
    return [(name, folder / f"{name}.csv") for name in ("summary", "findings", *more)]


def _event_folder(staging: Path, event: str, used: set[str]) -> Path:
    """A folder for ``event`` inside ``staging`` whose name is safe and not taken by another event."""
    name = base = safe_name(event)
    n = 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return staging / name
