"""The merge stage (facts JSONL -> records JSONL): `factex merge`, and the batch job's last step.

    merge_command(facts_path, output, workers=None, quiet=False) -> (records, conflicts)   # `factex merge`
    merge_facts(facts_path, records_path, workers=1, progress=None) -> (records, conflicts)
    merges_here(facts_path, workers) -> bool   # in this process, or in a child process of its own
    check_facts(path)     # raises UserError unless the file reads as facts (first lines checked)

With one worker, or a file of up to HERE_BYTES, the merge runs in this process: Ctrl-C is a
KeyboardInterrupt here; its pool's processes (this process runs jobs beside them) ignore it, and their
few short jobs end before the merge stops. With more, the merging process (and its pool) sits in a
process group of its own and ignores Ctrl-C: the caller stays responsive, reports the merge's progress
(`progress(stage, done, total)`), and on Ctrl-C ends the whole group at once (no traceback per
process). Either way nothing is half written: the caller writes to a temporary file.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from .errors import UserError, check_out_dir
from .progress import Progress

CHECKED_LINES = 20
HERE_BYTES = 16 << 20  # a facts file up to this size is merged in this process, even with workers (see merge_facts)
FACT_FIELDS = {"doc": str, "value": (int, float), "start": int, "end": int}


def check_facts(path) -> None:
    """The file exists, is a file, and its first lines are JSON objects with a fact's fields."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a facts file")
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if lineno > CHECKED_LINES:
                    break
                if line.strip():
                    _check_fact_line(path, lineno, line)
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a facts file (not UTF-8 text)") from None
    except OSError as err:
        raise UserError(f"{path}: cannot read: {err.strerror or err}") from None


def _check_fact_line(path: Path, lineno: int, line: str) -> None:
    try:
        row = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        raise UserError(f"{path}: line {lineno}: invalid JSON: {err.msg} (column {err.colno})") from None
    if not isinstance(row, dict):
        raise UserError(f"{path}: line {lineno}: not a JSON object")
    wrong = [name for name, kind in FACT_FIELDS.items()
             if not isinstance(row.get(name), kind) or isinstance(row.get(name), bool)]
    if wrong:
        hint = " (it looks like documents.jsonl)" if "meta" in row and "status" in row else ""
        raise UserError(f"{path}: line {lineno}: not a fact (no valid {', '.join(wrong)}): "
                        f"`factex merge` reads facts.jsonl{hint}")


def merge_command(facts_path, output, workers: Optional[int] = None, quiet: bool = False) -> tuple[int, int]:
    """`factex merge`: check that the input is facts, merge (`workers`: None for as many as the CPUs this
    process may use, cpus.usable_cpus), write `output` atomically."""
    from .cpus import usable_cpus

    workers = workers or usable_cpus()
    check_facts(facts_path)
    target = Path(output)
    if target.is_dir():
        raise UserError(f"-o {target}: is a folder (give a file name, e.g. {target / 'records.jsonl'})")
    check_out_dir(target.parent)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with Progress(None, quiet=quiet, extract=False) as progress:
            result = merge_facts(Path(facts_path), tmp, workers, progress=progress.merge)
        os.replace(tmp, target)
        return result
    finally:
        tmp.unlink(missing_ok=True)


def merge_facts(facts_path, records_path, workers: int = 1,
                progress: Optional[Callable[[str, int, int], None]] = None) -> tuple[int, int]:
    """Merge: with one worker or a small file in this process (a process of its own took 0.3 s to start,
    a fifth of the merge of 3,000 articles' facts with two workers), else in a child process that
    Ctrl-C (KeyboardInterrupt here) ends at once with its pool."""
    if merges_here(facts_path, workers):
        return _merge_here(facts_path, records_path, progress, workers)
    from .engines import mp_context

    ctx = mp_context(("factex.merge",))
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(str(facts_path), str(records_path), workers, send, os.getpid()),
                        name="factex-merge")
    child.start()
    send.close()
    try:
        return _follow(child, receive, progress)
    except BaseException:
        _end_group(child)
        raise
    finally:
        receive.close()
        child.join(timeout=5)


def merges_here(facts_path, workers: int) -> bool:
    """Is a merge of this file with `workers` done in this process (merge_facts)?"""
    return workers <= 1 or Path(facts_path).stat().st_size <= HERE_BYTES


def _merge_here(facts_path, records_path, progress, workers: int = 1) -> tuple[int, int]:
    """The merge in this process, its young objects collected every 10,000 allocations instead of 700
    (as in a worker, engines.worker_gc: the cycle collector was 3 % of the merge of the corpus facts)."""
    from .merge import merge_file

    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    try:
        stats = merge_file(facts_path, records_path, workers=workers, progress=progress)
    except Exception as err:
        raise RuntimeError(f"merge failed: {_reason(err)}") from None
    finally:
        gc.set_threshold(*thresholds)
    return stats["records"], stats["conflicts"]


def _reason(err: Exception) -> str:
    return " ".join(f"{type(err).__name__}: {err}".split())[:300]


def _follow(child, receive, progress) -> tuple[int, int]:
    while True:
        if not receive.poll(0.2):
            if not child.is_alive() and not receive.poll(0):
                raise RuntimeError(f"merge: the merging process ended unexpectedly (exit status {child.exitcode})")
            continue
        try:
            message = receive.recv()
        except EOFError:
            raise RuntimeError(f"merge: the merging process ended unexpectedly (exit status {child.exitcode})") from None
        kind, *rest = message
        if kind == "progress" and progress is not None:
            progress(*rest)
        elif kind == "done":
            return rest[0], rest[1]
        elif kind == "error":
            raise RuntimeError(f"merge failed: {rest[0]}")


def _end_group(child) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        child.kill()


def _child(facts_path: str, records_path: str, workers: int, send, parent: int) -> None:
    """In the merging process: own process group, Ctrl-C ignored (inherited by the merge's pool)."""
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch(parent)
    import inspect

    from .merge import merge_file

    kwargs = {}
    if "progress" in inspect.signature(merge_file).parameters:
        last = [0.0]

        def report(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.2 or done >= total:
                last[0] = now
                send.send(("progress", stage, done, total))

        kwargs["progress"] = report
    try:
        stats = merge_file(facts_path, records_path, workers=workers, **kwargs)
        send.send(("done", stats["records"], stats["conflicts"]))
    except Exception as err:
        send.send(("error", _reason(err)))
    finally:
        send.close()


def _watch(parent: int) -> None:
    """End this process group when the parent is gone (it was killed: nobody waits for the merge)."""

    def loop():
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=loop, name="factex-merge-watch", daemon=True).start()
