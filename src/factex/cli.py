"""The `factex` command line.

Every command reports a user mistake (a mistyped path, an unknown engine or schema, a file that is not
facts) as one line, `factex: error: ...`, and exits with status 1; Ctrl-C stops with status 130 and leaves
the previous output as it was. Never a traceback (`@clean_errors` on each command).
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import UserError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Structured, checkable facts from Arabic news.")


def fail(message: str, status: int = 1):
    print(f"factex: error: {' '.join(str(message).split())}", file=sys.stderr, flush=True)
    raise typer.Exit(status)


def clean_errors(command):
    """User mistakes as one line on stderr (status 1); Ctrl-C as one line (status 130)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UserError as err:
            fail(str(err))
        except KeyboardInterrupt:
            print("factex: interrupted: the previous output is left as it was", file=sys.stderr, flush=True)
            raise typer.Exit(130)

    return wrapper


def _limits(seconds: float, memory: int):
    from .work import Limits

    return Limits(seconds=seconds or None, memory_mb=memory or None)


FILE_SECONDS = typer.Option(120.0, "--file-timeout", min=0, help="seconds an input may take (0: no limit)")
FILE_MEMORY = typer.Option(2048, "--file-memory", min=0, help="MB a worker may use on an input (0: no limit)")


@app.command()
@clean_errors
def extract(
    paths: List[str] = typer.Argument(..., help="files or folders ('-' reads stdin)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="facts JSONL (default: stdout)"),
    file_timeout: float = FILE_SECONDS,
    file_memory: int = FILE_MEMORY,
):
    """Extract facts (one line per figure per article)."""
    from .batch import extract_to

    failed = extract_to(paths, output, limits=_limits(file_timeout, file_memory))
    raise typer.Exit(1 if failed else 0)


@app.command()
@clean_errors
def run(
    paths: List[str] = typer.Argument(..., help="files or folders of articles"),
    out_dir: Path = typer.Option(Path("out"), "--out-dir", "-d", help="where documents/facts/records.jsonl go"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="worker processes"),
    resume: bool = typer.Option(False, "--resume", help="skip files already done (same content hash)"),
    engine: str = typer.Option("local", "--engine", help="local or dask"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask scheduler address (default: a LocalCluster)"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    report: bool = typer.Option(False, "--report", help="also build the HTML report in OUT_DIR/report"),
    file_timeout: float = FILE_SECONDS,
    file_memory: int = FILE_MEMORY,
):
    """Extract and merge: the batch job."""
    from .batch import run as run_batch

    summary = run_batch(paths, out_dir, workers=workers, resume=resume, engine=engine, scheduler=scheduler,
                        quiet=quiet, limits=_limits(file_timeout, file_memory))
    report_failed = report and not _build_report(out_dir, None, quiet, workers)
    raise typer.Exit(1 if summary.failures or report_failed else 0)


@app.command()
@clean_errors
def merge(
    facts: Path = typer.Argument(..., help="facts JSONL"),
    output: Path = typer.Option(Path("records.jsonl"), "-o", "--output"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, show_default=False,
                                          help="worker processes (default: as many as the CPUs factex may use)"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
):
    """Merge facts into records (single / corroborated / conflict)."""
    from .reduce import merge_command

    records, conflicts = merge_command(facts, output, workers=workers, quiet=quiet)
    if not quiet:
        print(f"factex: {records} records ({conflicts} conflicts) -> {output}", file=sys.stderr)


@app.command()
@clean_errors
def schema(name: str = typer.Argument("all", help="document, fact, record or all")):
    """Print the JSON Schema of the output."""
    from .schema import MODELS

    if name != "all" and name not in MODELS:
        raise UserError(f"unknown schema {name!r} (choose {', '.join(MODELS)} or all)")
    names = list(MODELS) if name == "all" else [name]
    out = {n: MODELS[n].model_json_schema() for n in names}
    json.dump(out if name == "all" else out[name], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# ---------------------------------------------------------------- the HTML report (factex.report)


@app.command("report")
def report_command(
    out_dir: Path = typer.Argument(..., help="the --out-dir of a factex run"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="report folder (default: OUT_DIR/report)"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="processes rendering the article pages"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
):
    """Build the static HTML report of a run (open REPORT_DIR/index.html in a browser)."""
    raise typer.Exit(0 if _build_report(out_dir, output, quiet, workers) else 1)


def _build_report(out_dir: Path, output: Optional[Path], quiet: bool, workers: int = 1) -> bool:
    from .report import RunError, build_report

    try:
        summary = build_report(out_dir, output, workers=workers)
    except (RunError, OSError) as err:
        typer.echo(f"factex: error: report: {err}", err=True)
        return False
    if not quiet:
        typer.echo(f"factex: report: {summary.pages} article pages, {summary.records} records, "
                   f"{summary.conflicts} conflicts, {summary.series} series, {summary.seconds:.1f} s -> {summary.index}",
                   err=True)
    return True


def main():  # pragma: no cover
    app()
