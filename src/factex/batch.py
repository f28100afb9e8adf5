"""The batch job: many files -> DIR/documents.jsonl, DIR/facts.jsonl, DIR/records.jsonl (+ DIR/errors.jsonl).

    run(paths, out_dir, workers=1, resume=False, engine="local", scheduler=None, quiet=False, limits=Limits())
        -> Summary
    run_items(items, out_dir, ...) -> Summary               # articles given as items (path, doc, text, meta)
    extract_to(paths, output=None, workers=1) -> bool       # facts only (stdout when output is None); True if a file failed
    merge_to(facts_path, records_path, workers=1, progress=None) -> (records, conflicts)

- Inputs are checked before anything is written: a path that does not exist, or paths without a single input
  file, are a UserError and the previous output stays. Folders and files that cannot be walked are reported in
  errors.jsonl and on stderr (the run goes on; the exit status says so). A file reached twice is read once.
- Work unit (`factex.work`): one input -> read -> facts (window by window) -> JSON lines, in a worker, within a
  budget of time and memory (`Limits`); an input over it fails with the reason and the batch goes on. Inputs go
  to the engine in chunks; results are consumed in submission order, so the output is byte-for-byte the same
  for any number of workers and any engine.
- Nothing lost: outputs are streamed to DIR/.NAME.tmp and renamed over NAME when the run is complete (a
  failed or interrupted run leaves the previous output as it was). Each finished input is also stored in
  DIR/.state.sqlite (`factex.state`); `resume=True` reuses those results, so a killed run goes on where it
  stopped and an edited file is redone. Failed inputs are not stored (they are tried again).
- The merge (`factex.reduce`) runs in this process with one worker, in a process of its own with more, with
  its own progress.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import engines
from .errors import UserError, check_out_dir
from .progress import Progress
from .read import SUFFIXES, iter_files, missing_inputs, read_path
from .reduce import merge_facts
from .state import State, code_version, content_key
from .work import Item, Limits, failed, pool_setup, reason, reason_path, warm_up, work

OUTPUTS = ("documents.jsonl", "facts.jsonl", "records.jsonl", "errors.jsonl")
STATE = ".state.sqlite"


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    facts: int = 0
    records: int = 0
    conflicts: int = 0
    failures: list = field(default_factory=list)
    seconds: float = 0.0
    reused: int = 0
    stages: dict = field(default_factory=dict)


def make_engine(engine: str = "local", workers: int = 1, scheduler: Optional[str] = None):
    return engines.make(engine, workers, scheduler, setup=warm_up, pool_setup=pool_setup, preload=("factex.work",))


# ---------------------------------------------------------------- ordered map over an engine


def _done_within(future, seconds: float) -> bool:
    """Wait up to `seconds` for a future (concurrent.futures or dask); True when it has finished, however."""
    try:
        future.result(timeout=seconds)
    except Exception:
        pass
    return future.done()


def _succeeded(future) -> bool:
    return future is None or (future.done() and not future.cancelled() and future.exception() is None)


def _results(items: Iterable[Item], engine, state: Optional[State] = None, chunk: int = 16,
             lookahead: int = 64, limits: Limits = Limits()) -> Iterator[tuple]:
    """(item, key, result, reused) for every item, in input order.

    About two chunks per worker are queued or running at any time. Finished chunks wait, in memory, for the
    slower ones before them (up to `lookahead` chunks per worker), so one slow input does not idle the others.
    A chunk whose worker died is redone one input at a time; an input whose worker was ended for its budget
    fails with that reason, without a second try.
    """
    version = code_version() if state is not None else ""
    items = iter(items)
    busy_limit = 2 * engine.workers
    max_pending = 1 if engine.workers == 1 else lookahead * engine.workers
    pending: deque = deque()  # [entries, future]; entries = [(item, key, cached result or None)]
    reasons = tempfile.mkdtemp(prefix="factex-budget-")

    def submit(todo):
        return engine.submit(work, (todo, limits, reasons)) if todo else None

    def top_up():
        while len(pending) < max_pending:
            if sum(f is not None and not f.done() for _, f in pending) >= busy_limit:
                return
            entries = []
            for item in items:
                key = content_key(item, version) if state is not None else None
                entries.append((item, key, state.get(key) if state is not None else None))
                if len(entries) == chunk:
                    break
            if not entries:
                return
            pending.append([entries, submit([item for item, key, cached in entries if cached is None])])

    def resubmit():  # after a pool restart: what had not finished well is lost
        for entry in pending:
            if not _succeeded(entry[1]):
                entry[1] = submit([item for item, key, cached in entry[0] if cached is None])

    def one_by_one(todo):
        computed = []
        for item in todo:
            ended = reason_path(reasons, item)
            if ended.exists():
                computed.append(failed(item, ended.read_text(encoding="utf-8")))
                continue
            try:
                computed.extend(submit([item]).result())
            except Exception as err:
                why = ended.read_text(encoding="utf-8") if ended.exists() else f"worker failed: {reason(err)}"
                computed.append(failed(item, why))
                if engine.restart():
                    resubmit()
        return computed

    try:
        top_up()
        while pending:
            while pending[0][1] is not None and not _done_within(pending[0][1], 0.05):
                top_up()
            entries, future = pending.popleft()
            todo = [item for item, key, cached in entries if cached is None]
            try:
                computed = future.result() if future is not None else []
            except Exception:  # a worker died (or the engine failed): redo this chunk one input at a time
                if engine.restart():
                    resubmit()
                computed = one_by_one(todo)
            top_up()  # keep the workers busy while this chunk is written
            done = iter(computed)
            for item, key, cached in entries:
                result = cached if cached is not None else next(done)
                if state is not None and cached is None:
                    state.put(key, result)
                yield item, key, result, cached is not None
    finally:
        shutil.rmtree(reasons, ignore_errors=True)


# ---------------------------------------------------------------- inputs


def file_items(paths: Iterable, skipped: Optional[list] = None, exclude: Optional[Path] = None) -> list[Item]:
    """Input files as items, checked: raises UserError when a path does not exist or no input file is found.
    stdin ('-') is read here, in the parent (workers have no stdin). Paths that could not be walked are
    appended to `skipped` as error entries; files under `exclude` (the output folder) are left out."""
    paths = [str(p) for p in paths]
    if not paths:
        raise UserError("no input given")
    missing = missing_inputs(paths)
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise UserError(f"{missing[0]}: no such file or folder{more}")
    found: list = []

    def skip(path: str, why: str) -> None:
        found.append({"path": path, "doc": None, "error": why})

    items: list[Item] = []
    for path, doc in iter_files(paths, skip=skip):
        if str(path) == "-":
            items.extend((None, d.doc, d, None) for d in read_path(path, doc=doc))
        elif exclude is None or exclude not in Path(path).resolve().parents:
            items.append((str(path), doc, None, None))
    if not items:
        why = f"; {found[0]['path']}: {found[0]['error']}" if found else ""
        raise UserError(f"no input files in {', '.join(paths)} (looked for {' '.join(sorted(SUFFIXES))}){why}")
    if skipped is not None:
        skipped.extend(found)
    return items


# ---------------------------------------------------------------- the jobs


def run(paths, out_dir, workers: int = 1, resume: bool = False, engine: str = "local", scheduler=None,
        quiet: bool = False, limits: Limits = Limits()) -> Summary:
    skipped: list = []
    items = file_items(paths, skipped, exclude=Path(out_dir).resolve())
    return run_items(items, out_dir, total=len(items), workers=workers, resume=resume, engine=engine,
                     scheduler=scheduler, quiet=quiet, skipped=skipped, limits=limits)


def run_items(items: Iterable[Item], out_dir, total: Optional[int] = None, workers: int = 1, resume: bool = False,
              engine="local", scheduler=None, quiet: bool = False, unit: str = "files", chunk: int = 16,
              skipped: Iterable[dict] = (), limits: Limits = Limits()) -> Summary:
    """The batch job over items (path, doc, text, meta); `engine` is a name or an engine object (kept open)."""
    start = time.perf_counter()
    out = Path(out_dir)
    check_out_dir(out, create=False)
    own = isinstance(engine, str)
    pool = make_engine(engine, workers, scheduler) if own else engine
    try:
        check_out_dir(out)
    except UserError:
        if own:
            pool.close()
        raise
    tmp = {name: out / f".{name}.tmp" for name in OUTPUTS}
    summary = Summary()
    stages = summary.stages = {"read": 0.0, "extract": 0.0, "map": 0.0, "merge": 0.0}
    state = State(out / STATE, resume)
    complete = interrupted = False
    try:
        with Progress(total, quiet=quiet, unit=unit) as progress:
            handles = {name: open(tmp[name], "w", encoding="utf-8", buffering=1 << 20) for name in OUTPUTS}
            try:
                for error in skipped:
                    _report(error, handles, progress, summary)
                for item, key, result, reused in _results(items, pool, state, chunk=chunk, limits=limits):
                    docs, facts, n_docs, n_facts, errors, t_read, t_extract = result
                    handles["documents.jsonl"].write(docs)
                    handles["facts.jsonl"].write(facts)
                    for error in errors:
                        _report(error, handles, progress, summary)
                    summary.files += 1
                    summary.documents += n_docs
                    summary.facts += n_facts
                    summary.reused += reused
                    stages["read"] += t_read
                    stages["extract"] += t_extract
                    progress.advance(1, n_facts)
            finally:
                for fh in handles.values():
                    fh.close()
            stages["map"] = time.perf_counter() - start
            progress.merge("starting", 0, None)
            summary.records, summary.conflicts = merge_to(tmp["facts.jsonl"], tmp["records.jsonl"], pool.workers,
                                                          progress=progress.merge)
            stages["merge"] = time.perf_counter() - start - stages["map"]
            for name in OUTPUTS:
                os.replace(tmp[name], out / name)
            complete = True
            summary.seconds = time.perf_counter() - start
            progress.summary(summary, out)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        state.finish(complete)
        if own:
            pool.close(abort=interrupted)
        if not complete:
            for path in out.glob(".*.tmp"):
                path.unlink(missing_ok=True)
    return summary


def _report(error: dict, handles: dict, progress: Progress, summary: Summary) -> None:
    handles["errors.jsonl"].write(json.dumps(error, ensure_ascii=False) + "\n")
    progress.error(error["path"] or error["doc"], error["error"])
    summary.failures.append(error)


def merge_to(facts_path: Path, records_path: Path, workers: int = 1, progress=None) -> tuple[int, int]:
    """The reduce: facts JSONL -> records JSONL, in bounded memory (factex.reduce) -> (records, conflicts)."""
    return merge_facts(facts_path, records_path, workers=workers, progress=progress)


def extract_to(paths, output=None, workers: int = 1, limits: Limits = Limits()) -> bool:
    """Facts only, one line per figure per article: to `output` (written atomically) or stdout. True if a file failed."""
    target = Path(output) if output is not None else None
    if target is not None and target.is_dir():
        raise UserError(f"-o {target}: is a folder (give a file name, e.g. {target / 'facts.jsonl'})")
    skipped: list = []
    items = file_items(paths, skipped)
    if target is not None:
        check_out_dir(target.parent)
    tmp = target.with_name(f".{target.name}.tmp") if target is not None else None
    report = Progress(None, quiet=True)
    for error in skipped:
        report.error(error["path"], error["error"])
    failed_any = bool(skipped)
    pool = make_engine("local", workers)
    interrupted = False
    try:
        with open(tmp, "w", encoding="utf-8", buffering=1 << 20) if tmp else _stdout() as fh:
            for item, key, result, reused in _results(items, pool, limits=limits):
                fh.write(result[1])
                for error in result[4]:
                    failed_any = True
                    report.error(error["path"] or error["doc"], error["error"])
        if tmp is not None:
            os.replace(tmp, target)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        pool.close(abort=interrupted)
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return failed_any


class _stdout:
    """stdout as UTF-8 whatever the locale (JSON lines are UTF-8)."""

    def __enter__(self):
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        self.fh = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n") if buffer is not None else sys.stdout
        return self.fh

    def __exit__(self, *exc):
        self.fh.flush()
        if self.fh is not sys.stdout:
            self.fh.detach()
