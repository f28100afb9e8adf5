"""The batch job: many files -> DIR/documents.jsonl, DIR/facts.jsonl, DIR/records.jsonl (+ DIR/errors.jsonl).

    run(paths, out_dir, workers=1, resume=False, engine="local", scheduler=None, quiet=False) -> Summary
    extract_to(paths, output=None) -> bool        # facts only (stdout when output is None); True if a file failed

- Work unit: one input (a file, or an article given as text) -> read -> extract_facts -> collapse_repeats,
  serialised to JSON lines in a worker (`_work`). Inputs go to the engine in chunks; results are consumed
  in submission order, so the output is byte-for-byte the same for any number of workers and any engine.
- Nothing lost: outputs are streamed to DIR/.NAME.tmp and renamed over NAME when the run is complete.
  Each finished input is also stored in DIR/.state.sqlite under a content key (code version, path, name,
  content); `resume=True` reuses those results, so a killed run goes on where it stopped and an edited file
  is redone. Failed inputs are not stored (they are tried again).
- Errors: an input that cannot be read, or whose extraction raises, gets status "error" in documents.jsonl,
  a line in errors.jsonl and one on stderr; the batch goes on.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sqlite3
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import dedup
from .dedup import collapse_repeats
from .extract import extract_facts
from .read import iter_files, read_path, read_text
from .schema import Document, DocumentMeta, stable_id

OUTPUTS = ("documents.jsonl", "facts.jsonl", "records.jsonl", "errors.jsonl")
STATE = ".state.sqlite"
SIDECAR = ".meta.json"  # io reads NAME.meta.json beside NAME.txt: part of the input, so part of the key
logging.getLogger("factex").addHandler(logging.NullHandler())  # errors are reported per file, not logged


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


def _dump(model) -> str:
    return json.dumps(model.model_dump(mode="json", exclude_none=True), ensure_ascii=False)


def _reason(err: BaseException) -> str:
    text = " ".join(f"{type(err).__name__}: {err}".split())
    return text if len(text) <= 300 else text[:297] + "..."


# ---------------------------------------------------------------- the work unit (runs in a worker process)

# An item is (path, doc, text, meta): text None: read the file; a str: an article given as text (with meta);
# a Document: already read (stdin is read in the parent).
Item = tuple


def warm_up() -> None:
    """Called once per worker: load whatever the extractor loads lazily."""
    try:
        extract_facts(read_text("بلغ عدد السكان 5 ملايين نسمة في 2015", doc="warm-up"))
    except Exception:
        pass


def _file_text(path: str) -> Optional[str]:
    """The file as UTF-8 text, when it is that (documents.jsonl omits a text equal to its file)."""
    try:
        raw = Path(path).read_bytes()
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _document_line(document: Document, file_text: Optional[str]) -> str:
    data = document.model_dump(mode="json", exclude_none=True)
    if not document.text or document.text == file_text:
        data.pop("text", None)
    return json.dumps(data, ensure_ascii=False)


def _work_one(item: Item) -> tuple:
    """-> (documents lines, facts lines, n documents, n facts, errors, read CPU seconds, extract CPU seconds)."""
    path, doc, text, meta = item
    t0 = time.process_time()
    try:
        if text is None:
            documents = read_path(path, doc=doc)
        elif isinstance(text, Document):
            documents = [text]
        else:
            documents = [read_text(text, doc=doc, meta=DocumentMeta(**(meta or {})), path=path)]
    except Exception as err:  # io promises not to raise; this is the belt to its braces
        documents = [Document(id=stable_id(doc), doc=doc, path=path, status="error", error=_reason(err))]
    t1 = time.process_time()
    file_text = _file_text(path) if text is None and len(documents) == 1 and documents[0].text else None
    doc_lines, fact_lines, errors = [], [], []
    for document in documents:
        if document.status == "ok":
            try:
                fact_lines.extend([_dump(f) + "\n" for f in collapse_repeats(extract_facts(document))])
            except Exception as err:
                document.status, document.error = "error", _reason(err)
        doc_lines.append(_document_line(document, file_text) + "\n")
        if document.status != "ok":
            errors.append({"path": path, "doc": document.doc, "error": document.error or "unreadable"})
    n_facts = len(fact_lines)
    return "".join(doc_lines), "".join(fact_lines), len(doc_lines), n_facts, errors, t1 - t0, time.process_time() - t1


def _work(items: list) -> list:
    return [_work_one(item) for item in items]


def _failed(item: Item, reason: str) -> tuple:
    path, doc = item[0], item[1]
    document = Document(id=stable_id(doc), doc=doc, path=path, status="error", error=reason)
    return _document_line(document, None) + "\n", "", 1, 0, [{"path": path, "doc": doc, "error": reason}], 0.0, 0.0


# ---------------------------------------------------------------- resume state


def code_version() -> str:
    """Hash of factex's own files: results cached by another version of the code are not reused."""
    h = hashlib.blake2b(digest_size=8)
    root = Path(__file__).parent
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _key(item: Item, version: str) -> Optional[str]:
    """Content key of an input: code version, path, name, metadata, the bytes of the file and of its sidecar."""
    path, doc, text, meta = item
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([version, path, doc, meta], ensure_ascii=False, sort_keys=True).encode())
    if text is not None:
        text = text.model_dump_json() if isinstance(text, Document) else text
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    p = Path(path)
    sidecar = p.with_suffix(SIDECAR) if p.suffix else p.with_name(p.name + SIDECAR)
    try:
        for part in (p, sidecar):
            h.update(b"\0file\0")
            if part is sidecar and not sidecar.is_file():
                break
            with open(part, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
    except OSError:
        return None  # unreadable: never cached
    return h.hexdigest()


class State:
    """DIR/.state.sqlite: content key -> the serialised results of one input. Committed every 0.25 s."""

    def __init__(self, path: Path, resume: bool):
        self.resume, self.run_id, self.last = resume, os.urandom(8).hex(), time.monotonic()
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError:  # a damaged state is only a lost cache
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            self.db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS done (key TEXT PRIMARY KEY, docs TEXT, facts TEXT,"
                   " ndocs INTEGER, nfacts INTEGER, run TEXT)")
        return db

    def get(self, key: Optional[str]) -> Optional[tuple]:
        if not self.resume or key is None:
            return None
        row = self.db.execute("SELECT docs, facts, ndocs, nfacts FROM done WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        self.db.execute("UPDATE done SET run = ? WHERE key = ?", (self.run_id, key))
        return (*row, [], 0.0, 0.0)

    def put(self, key: Optional[str], result: tuple) -> None:
        if key is not None and not result[4]:
            self.db.execute("INSERT OR REPLACE INTO done VALUES (?, ?, ?, ?, ?, ?)", (key, *result[:4], self.run_id))
        if time.monotonic() - self.last > 0.25:
            self.db.commit()
            self.last = time.monotonic()

    def finish(self, complete: bool) -> None:
        """After a complete run keep only what this run used (stale entries of edited or removed files go)."""
        if complete:
            self.db.execute("DELETE FROM done WHERE run != ?", (self.run_id,))
        self.db.commit()
        self.db.close()


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
             lookahead: int = 64) -> Iterator[tuple]:
    """(item, key, result, reused) for every item, in input order.

    About two chunks per worker are queued or running at any time. Finished chunks wait, in memory, for the
    slower ones before them (up to `lookahead` chunks per worker), so one slow input does not idle the others.
    """
    version = code_version() if state is not None else ""
    items = iter(items)
    busy_limit = 2 * engine.workers
    max_pending = 1 if engine.workers == 1 else lookahead * engine.workers
    pending: deque = deque()  # [entries, future]; entries = [(item, key, cached result or None)]

    def submit(entries):
        todo = [item for item, key, cached in entries if cached is None]
        return engine.submit(_work, todo) if todo else None

    def top_up():
        while len(pending) < max_pending:
            if sum(f is not None and not f.done() for _, f in pending) >= busy_limit:
                return
            entries = []
            for item in items:
                key = _key(item, version) if state is not None else None
                entries.append((item, key, state.get(key) if state is not None else None))
                if len(entries) == chunk:
                    break
            if not entries:
                return
            pending.append([entries, submit(entries)])

    def resubmit():  # after a pool restart: what had not finished well is lost
        for entry in pending:
            if not _succeeded(entry[1]):
                entry[1] = submit(entry[0])

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
            computed = []
            for item in todo:
                try:
                    computed.extend(engine.submit(_work, [item]).result())
                except Exception as err:
                    computed.append(_failed(item, f"worker failed: {_reason(err)}"))
                    if engine.restart():
                        resubmit()
        top_up()  # keep the workers busy while this chunk is written
        done = iter(computed)
        for item, key, cached in entries:
            result = cached if cached is not None else next(done)
            if state is not None and cached is None:
                state.put(key, result)
            yield item, key, result, cached is not None


# ---------------------------------------------------------------- inputs


def file_items(paths: Iterable) -> list[Item]:
    """Input files as items; stdin ('-') is read here, in the parent (workers have no stdin)."""
    items: list[Item] = []
    for path, doc in iter_files(paths):
        if str(path) == "-":
            items.extend((None, d.doc, d, None) for d in read_path(path, doc=doc))
        else:
            items.append((str(path), doc, None, None))
    return items


def merge_to(facts_path: Path, records_path: Path, workers: int = 1) -> tuple[int, int]:
    """The reduce: facts JSONL -> records JSONL, in bounded memory (dedup.merge_file) -> (records, conflicts)."""
    stats = dedup.merge_file(facts_path, records_path, workers=workers)
    return stats["records"], stats["conflicts"]


# ---------------------------------------------------------------- the jobs


def run(paths, out_dir, workers: int = 1, resume: bool = False, engine: str = "local", scheduler=None,
        quiet: bool = False) -> Summary:
    out = Path(out_dir).resolve()
    items = [it for it in file_items(paths) if it[0] is None or out not in Path(it[0]).resolve().parents]
    return run_items(items, out_dir, total=len(items), workers=workers, resume=resume, engine=engine,
                     scheduler=scheduler, quiet=quiet)


def run_items(items: Iterable[Item], out_dir, total: Optional[int] = None, workers: int = 1, resume: bool = False,
              engine="local", scheduler=None, quiet: bool = False, unit: str = "files", chunk: int = 16) -> Summary:
    """The batch job over items (path, doc, text, meta); `engine` is a name or an engine object (kept open)."""
    from . import engines
    from .progress import Progress

    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = {name: out / f".{name}.tmp" for name in OUTPUTS}
    summary = Summary()
    stages = summary.stages = {"read": 0.0, "extract": 0.0, "map": 0.0, "merge": 0.0}
    state = State(out / STATE, resume)
    own = isinstance(engine, str)
    pool = engines.make(engine, workers, scheduler) if own else engine
    complete = False
    try:
        with Progress(total, quiet=quiet, unit=unit) as progress:
            handles = {name: open(tmp[name], "w", encoding="utf-8", buffering=1 << 20) for name in OUTPUTS}
            try:
                for item, key, result, reused in _results(items, pool, state, chunk=chunk):
                    docs, facts, n_docs, n_facts, errors, t_read, t_extract = result
                    handles["documents.jsonl"].write(docs)
                    handles["facts.jsonl"].write(facts)
                    for error in errors:
                        handles["errors.jsonl"].write(json.dumps(error, ensure_ascii=False) + "\n")
                        progress.error(error["path"] or error["doc"], error["error"])
                    summary.files += 1
                    summary.documents += n_docs
                    summary.facts += n_facts
                    summary.failures.extend(errors)
                    summary.reused += reused
                    stages["read"] += t_read
                    stages["extract"] += t_extract
                    progress.advance(1, n_facts)
            finally:
                for fh in handles.values():
                    fh.close()
            stages["map"] = time.perf_counter() - start
            summary.records, summary.conflicts = merge_to(tmp["facts.jsonl"], tmp["records.jsonl"], pool.workers)
            stages["merge"] = time.perf_counter() - start - stages["map"]
            for name in OUTPUTS:
                os.replace(tmp[name], out / name)
            complete = True
            summary.seconds = time.perf_counter() - start
            progress.summary(summary, out)
    finally:
        state.finish(complete)
        if own:
            pool.close()
        if not complete:
            for path in out.glob(".*.tmp"):
                path.unlink(missing_ok=True)
    return summary


def extract_to(paths, output=None, workers: int = 1) -> bool:
    """Facts only, one line per figure per article: to `output` (written atomically) or stdout. True if a file failed."""
    from . import engines
    from .progress import Progress

    target = Path(output) if output is not None else None
    tmp = target.with_name(f".{target.name}.tmp") if target is not None else None
    failed = False
    pool = engines.make("local", workers)
    report = Progress(None, quiet=True)
    try:
        with open(tmp, "w", encoding="utf-8", buffering=1 << 20) if tmp else _stdout() as fh:
            for item, key, result, reused in _results(file_items(paths), pool):
                fh.write(result[1])
                for error in result[4]:
                    failed = True
                    report.error(error["path"] or error["doc"], error["error"])
        if tmp is not None:
            os.replace(tmp, target)
    finally:
        pool.close()
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return failed


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
