"""The `factex` console script: `factex merge` goes straight to the merge; everything else to the typer
app (cli.py).

Typer checks each parameter with a pydantic TypeAdapter: importing typer, click and pydantic and
building those adapters took 0.15-0.2 s of the two seconds a merge of 3,000 articles' facts takes.
So `factex merge FACTS [-o|--output PATH] [-w|--workers N] [-q|--quiet]` is read here, in the forms
typer reads the same way; anything else (`--help`, an unknown option, a bad number, a missing value)
goes to typer, which gives its own help or error. Errors and Ctrl-C end as in cli.clean_errors.
A merge in this process (reduce.merges_here) ends the process at once once its output is written: tearing
the interpreter down, freeing the merge's caches object by object, took 0.1 s of a 2.6 s merge.

- main() -> int: the exit status
"""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Optional

_OPTIONS = {"-o": "output", "--output": "output", "-w": "workers", "--workers": "workers"}
_FLAGS = ("-q", "--quiet")


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["merge"]:
        parsed = merge_args(args[1:])
        if parsed is not None:
            from .cpus import usable_cpus

            parsed["workers"] = parsed["workers"] or usable_cpus()  # (as merge_command would)
            status = _merge(**parsed)
            if _merged_here(parsed):
                _end_now(status)
            return status
    from .cli import app

    return app()


def merge_args(args: list[str]) -> Optional[dict]:
    """The arguments of `factex merge` (facts, output, workers, quiet) in the plain forms (`-o PATH`,
    `--output=PATH`, `-w 2`, `-q` ...), or None for anything else (typer reads it)."""
    out = {"facts": None, "output": Path("records.jsonl"), "workers": None, "quiet": False}
    k = 0
    while k < len(args):
        arg = args[k]
        if arg in _FLAGS:
            out["quiet"] = True
        elif arg in _OPTIONS or (arg.startswith("--") and arg.split("=", 1)[0] in _OPTIONS):
            option, equals, value = arg.partition("=")  # (--output=PATH)
            if not equals and k + 1 < len(args) and not args[k + 1].startswith("-"):
                k += 1
                value = args[k]
            name = _OPTIONS[option]
            if not value:
                return None
            if name == "workers":
                if not value.isascii() or not value.isdigit() or int(value) < 1:
                    return None
                out["workers"] = int(value)
            else:
                out["output"] = Path(value)
        elif arg.startswith("-") or out["facts"] is not None or not arg:
            return None
        else:
            out["facts"] = Path(arg)
        k += 1
    return out if out["facts"] is not None else None


def _merged_here(parsed: dict) -> bool:
    """Did the merge run in this process (its pool, if any, already shut down)?"""
    from .reduce import merges_here

    try:
        return merges_here(parsed["facts"], parsed["workers"])
    except OSError:  # (no such file: the error is already told)
        return parsed["workers"] <= 1


def _end_now(status: int) -> None:
    """Exit without the interpreter's teardown: the output files are closed, stdout and stderr flushed;
    no atexit handler of the merge is left (its temporary folder is gone, its pool's processes ended)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _merge(facts: Path, output: Path, workers: int, quiet: bool) -> int:
    # the merge does no linear algebra: OpenBLAS, loaded with numpy, would start a thread per core that
    # spins a while (0.1 s of CPU per process, the merge's workers included)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # nor does it make reference cycles to speak of (partitioned._job), and this process ends with it: no
    # cycle collector, which walked the imported modules, then all of the merge's caches once more
    gc.disable()
    from .errors import UserError
    from .reduce import merge_command

    try:
        records, conflicts = merge_command(facts, output, workers=workers, quiet=quiet)
    except UserError as err:
        print(f"factex: error: {' '.join(str(err).split())}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("factex: interrupted: the previous output is left as it was", file=sys.stderr, flush=True)
        return 130
    if not quiet:
        print(f"factex: {records} records ({conflicts} conflicts) -> {output}", file=sys.stderr)
    return 0
