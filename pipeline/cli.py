"""Command line: ``python -m pipeline mentions|eval``. Thin: parse, validate, call, exit."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, bench, runner
from .config import Config, ConfigError, load_config
from .evaluate import BENCHMARKS, evaluate, format_table, write_json
from .evaluate.readers import DataError
from .executor import InfrastructureError
from .lock import LockedError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find where news outlets disagree about one event.")

EXIT_OK = 0
EXIT_CRASH = 1
EXIT_CONFIG = 2
EXIT_SKIPPED = 3
EXIT_LOCKED = 4
EXIT_COLLAPSE = 5
EXIT_INFRASTRUCTURE = 6

InputOpt = Annotated[Path, typer.Option("--input", "-i", help="Folder of event folders and/or .jsonl/.csv feeds.")]
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="Folder the CSV files are written to.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="TOML file merged over configs/default.toml.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings and errors (for cron).")]
FullOpt = Annotated[bool, typer.Option("--full", help="Ignore the cache and parse every article again.")]
TodayOpt = Annotated[
    datetime | None,
    typer.Option("--today", formats=["%Y-%m-%d"], help="Run date (YYYY-MM-DD) for runs/<date>/ and cache expiry."),
]
ExecutorOpt = Annotated[
    str | None, typer.Option("--executor", help="'local' (worker processes) or 'dask' (needs --scheduler).")
]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786.")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", min=1, help="Local worker processes (1 = inline).")]
AllowCollapseOpt = Annotated[
    bool,
    typer.Option(
        "--allow-collapse",
        help="Publish even when far fewer events than the published report's are found (else exit 5).",
    ),
]

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

log = logging.getLogger("pipeline")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _setup_logging(quiet: bool, log_file: Path | None = None) -> None:
    """Warnings and errors to stderr (info too unless quiet); everything to ``log_file``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING if quiet else logging.INFO)
    handler.addFilter(lambda record: not getattr(record, "file_only", False))
    root = logging.getLogger()
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            file_handler = _QuietFileHandler(log_file, encoding="utf-8")
        except OSError:
            return  # reported when the output folder is checked
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(file_handler)


class _QuietFileHandler(logging.FileHandler):
    """The log file; when it cannot be written (a full disk) the message still reaches stderr, once."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _fail(message: str, code: int) -> typer.Exit:
    log.error("exit %d: %s", code, message, extra={"file_only": True})
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _config(path: Path | None, **run: object) -> Config:
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        raise _fail(str(exc), EXIT_CONFIG) from None
    overrides = {k: v for k, v in run.items() if v is not None}
    if overrides:
        cfg = cfg.model_copy(update={"run": cfg.run.model_copy(update=overrides)})
    if cfg.run.executor == "dask" and not cfg.run.scheduler:
        raise _fail("--executor dask needs --scheduler ADDRESS (or run.scheduler in the config)", EXIT_CONFIG)
    if cfg.run.executor not in ("local", "dask"):
        raise _fail(f"unknown executor {cfg.run.executor!r}; use 'local' or 'dask'", EXIT_CONFIG)
    return cfg


def _finish(summary: runner.Summary, quiet: bool) -> None:
    for line in summary.lines():
        log.info("summary: %s", line, extra={"file_only": True})
        if not quiet:
            typer.echo(line)
    if summary.events == 0 and not summary.skipped:
        log.warning("no articles found in the input; the report is empty")
    raise typer.Exit(EXIT_SKIPPED if summary.files_skipped or summary.events == 0 else EXIT_OK)


def _run(work: Callable[[], runner.Summary], output: Path, quiet: bool) -> None:
    """Run ``work`` and turn every expected failure into one line and its exit code."""
    try:
        summary = work()
    except LockedError as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    except (runner.InputError, ConfigError) as exc:
        raise _fail(str(exc), EXIT_CONFIG) from None
    except runner.CollapseError as exc:
        raise _fail(str(exc), EXIT_COLLAPSE) from None
    except InfrastructureError as exc:
        log.error("infrastructure failure", exc_info=True, extra={"file_only": True})
        raise _fail(str(exc), EXIT_INFRASTRUCTURE) from None
    except OSError as exc:
        where = f"{exc.filename} → {exc.filename2}" if exc.filename and exc.filename2 else exc.filename or output
        raise _fail(
            f"{where}: cannot write output ({exc.strerror or exc}); nothing published, the previous "
            "report is kept; free some space or check the folder is writable",
            EXIT_CONFIG,
        ) from None
    except Exception as exc:
        log.error("crashed: %s", exc, exc_info=True, extra={"file_only": True})
        raise _fail(
            f"crashed ({type(exc).__name__}: {exc}); the previous report is untouched; see {output / LOG_NAME}",
            EXIT_CRASH,
        ) from None
    _finish(summary, quiet)


LOG_NAME = "pipeline.log"


def _run_date(today: datetime | None) -> date:
    """``--today``, else the wall clock: the only clock read, for the dated folder of the run's copy and the
    cache's last-used stamps. Extraction never sees it."""
    return today.date() if today else date.today()


@app.command("report")
def report_cli(
    input: InputOpt,
    output: OutputOpt,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
    full: FullOpt = False,
    today: TodayOpt = None,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    allow_collapse: AllowCollapseOpt = False,
) -> None:
    """Reconcile every event and write findings.csv, facts.csv, mentions.csv and changes.csv."""
    _setup_logging(quiet, output / LOG_NAME)
    cfg = _config(config, executor=executor, scheduler=scheduler, workers=workers)
    run_date = _run_date(today)
    progress = not quiet and sys.stderr.isatty()
    _run(
        lambda: runner.report(
            input, output, cfg, run_date=run_date, full=full, progress=progress, allow_collapse=allow_collapse
        ),
        output,
        quiet,
    )


@app.command("mentions")
def mentions_cli(
    input: InputOpt,
    output: OutputOpt,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
    full: FullOpt = False,
    today: TodayOpt = None,
) -> None:
    """Extract normalised mentions (dates, numbers, people, roles, places, organisations) to mentions.csv."""
    _setup_logging(quiet, output / LOG_NAME)
    cfg = _config(config)
    run_date = _run_date(today)
    progress = not quiet and sys.stderr.isatty()
    _run(lambda: runner.mentions(input, output, cfg, run_date=run_date, full=full, progress=progress), output, quiet)


@app.command("bench")
def bench_cli(
    work: Annotated[Path, typer.Option("--work", help="Folder for the generated corpus and its reports.")] = Path(
        ".bench"
    ),
    articles: Annotated[int, typer.Option("--articles", min=20, help="Corpus size in articles.")] = 2000,
    data: Annotated[Path, typer.Option("--data", help="Development data (sentences for the corpus).")] = DEFAULT_DATA,
    config: ConfigOpt = None,
) -> None:
    """Time spaCy alone vs the full pipeline (cold and warm) on a generated corpus; print the table."""
    _setup_logging(True)
    cfg = _config(config)
    spec = bench.CorpusSpec(
        articles=articles,
        large_events=(articles // 2, *(articles // 20,) * 5) if articles < 2000 else (1000, *(100,) * 5),
    )
    typer.echo(bench.run_bench(work, cfg, config, data if data.is_dir() else None, spec))


@app.command("eval")
def eval_cli(
    data: Annotated[
        Path, typer.Option("--data", help="Folder with newsquant/, meantime/ and ecbplus/ (or an ECB+-like folder).")
    ] = DEFAULT_DATA,
    only: Annotated[
        list[str] | None, typer.Option("--only", help=f"Benchmark to run (repeatable): {', '.join(BENCHMARKS)}.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N sentences / documents per set.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the rows to this JSON file.")] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the files a person reads (the clean events' conflicts).")
    ] = Path("reports") / "eval",
    config: ConfigOpt = None,
) -> None:
    """Score the extractors on the development benchmarks and print one table."""
    _setup_logging(quiet=True)
    unknown = sorted(set(only or ()) - set(BENCHMARKS))
    if unknown:
        raise _fail(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", EXIT_CONFIG)
    cfg = _config(config)
    try:
        result = evaluate(data, cfg, only=tuple(only or BENCHMARKS), limit=limit, out_dir=out)
    except (ConfigError, DataError) as exc:
        raise _fail(str(exc), EXIT_CONFIG) from None
    for note in result.notes:
        typer.echo(note)
    if result.rows:
        typer.echo(format_table(result.rows))
    if json_out is not None:
        try:
            write_json(json_out, result.rows)
        except OSError as exc:
            raise _fail(f"{json_out}: cannot write JSON ({exc.strerror})", EXIT_CONFIG) from None


@app.command("version")
def version_cli() -> None:
    """Print the pipeline version."""
    typer.echo(__version__)


def main() -> None:
    app()
