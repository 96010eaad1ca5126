"""Command line: ``python -m pipeline mentions|eval``. Thin: parse, validate, call, exit."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, runner
from .config import Config, ConfigError, load_config
from .evaluate import BENCHMARKS, evaluate, format_table, write_json
from .evaluate.readers import DataError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find where news outlets disagree about one event.")

EXIT_OK = 0
EXIT_CRASH = 1
EXIT_CONFIG = 2
EXIT_SKIPPED = 3

InputOpt = Annotated[Path, typer.Option("--input", "-i", help="Folder with one sub-folder per event.")]
OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="Folder the CSV files are written to.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="TOML file merged over configs/default.toml.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings and errors.")]

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

log = logging.getLogger("pipeline")


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.INFO)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _config(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise _fail(str(exc), EXIT_CONFIG) from None


def _finish(summary: runner.Summary, quiet: bool) -> None:
    if not quiet:
        for line in summary.lines():
            typer.echo(line)
    skipped = [s for s in summary.skipped if not s.reason.startswith("warning")]
    raise typer.Exit(EXIT_SKIPPED if skipped else EXIT_OK)


@app.command("mentions")
def mentions_cli(input: InputOpt, output: OutputOpt, config: ConfigOpt = None, quiet: QuietOpt = False) -> None:
    """Extract normalised mentions (dates, numbers, people, roles, places, organisations) to mentions.csv."""
    _setup_logging(quiet)
    cfg = _config(config)
    try:
        summary = runner.mentions(input, output, cfg)
    except (runner.InputError, ConfigError) as exc:
        raise _fail(str(exc), EXIT_CONFIG) from None
    except OSError as exc:
        raise _fail(
            f"{exc.filename or output}: cannot write output ({exc.strerror}); check the folder is writable", EXIT_CONFIG
        ) from None
    _finish(summary, quiet)


@app.command("eval")
def eval_cli(
    data: Annotated[Path, typer.Option("--data", help="Folder with newsquant/ and meantime/.")] = DEFAULT_DATA,
    only: Annotated[
        list[str] | None, typer.Option("--only", help=f"Benchmark to run (repeatable): {', '.join(BENCHMARKS)}.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N sentences / documents per set.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the rows to this JSON file.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Score the extractors on the development benchmarks and print one table."""
    _setup_logging(quiet=True)
    unknown = sorted(set(only or ()) - set(BENCHMARKS))
    if unknown:
        raise _fail(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", EXIT_CONFIG)
    cfg = _config(config)
    try:
        result = evaluate(data, cfg, only=tuple(only or BENCHMARKS), limit=limit)
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
