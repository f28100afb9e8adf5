"""The work unit of the batch job, run in worker processes: one input -> documents and facts as JSON lines,
within a budget of time and memory.

    work(job) -> [result, ...]     # job = (items, limits, reasons folder or None)
    pool_setup()                   # once per local pool worker: hard stops allowed, models loaded

An item is (path, doc, text, meta): text None: read the file; a str: an article given as text (with meta);
a Document: already read (stdin is read in the parent). A result is (documents lines, facts lines,
n documents, n facts, errors, read CPU seconds, extract CPU seconds).

Budget: while an input runs, a watchdog thread checks its wall-clock time and the process's resident memory.
Over either limit, the input's thread gets `OverBudget` (the input fails with the reason, the worker goes on).
A worker process that does not stop within `Limits.grace` seconds (stuck in C code) or keeps growing to twice the
memory limit is ended (`os._exit`), after writing the reason where the parent finds it (`reason_path`).
"""
from __future__ import annotations

import ctypes
import gc
import json
import os
import threading
import time
from pathlib import Path
from typing import NamedTuple, Optional

from .extract import forget_ahead, name_ahead, read_ahead
from .read import read_path, read_text
from .schema import Document, DocumentMeta, stable_id
from .windows import document_facts, one_window

Item = tuple
EXIT_OVER_BUDGET = 86
_POLL = 0.25  # seconds between two checks of the budget


class Limits(NamedTuple):
    """Per-input budget: wall-clock seconds and resident memory of the worker (MB); None: no limit.
    `grace`: seconds a stopped input has to unwind before its worker process is ended."""

    seconds: Optional[float] = 120.0
    memory_mb: Optional[int] = 2048
    grace: float = 10.0


class OverBudget(BaseException):
    """Raised in the thread of an input over its budget (a BaseException: `except Exception` does not stop it)."""


def reason_path(folder: str, item: Item) -> Path:
    """Where a worker ended for an input's budget writes why."""
    return Path(folder) / f"{stable_id(item[0], item[1])}.reason"


def reason(err: BaseException) -> str:
    text = " ".join(f"{type(err).__name__}: {err}".split())
    return text if len(text) <= 300 else text[:297] + "..."


# ---------------------------------------------------------------- the work unit


def warm_up() -> None:
    """Load whatever the extractor loads lazily (once per worker): tables, the NER model."""
    try:
        document_facts(read_text("بلغ عدد السكان 5 ملايين نسمة في 2015", doc="warm-up"))
        from . import ner

        ner.load_ner()
    except Exception:  # no NER model: extraction goes on without it
        pass


def pool_setup() -> None:
    """Run once in every local pool worker: may end the process when an input is stuck; models loaded."""
    _WATCHDOG.hard = True
    warm_up()


def work(job: tuple) -> list:
    """A chunk of inputs: each read and its articles made ready (extract.read_ahead), the NER asked about
    the speakers of all of them in one call (its cost is mostly per call), then each extracted."""
    items, limits, reasons = job
    forget_ahead()
    try:
        read = [read_one(item, limits, reasons) for item in items]
        t0 = time.process_time()
        name_ahead()
        share = (time.process_time() - t0) / max(1, sum(isinstance(r, Read) for r in read))  # (counted as extraction)
        return [work_one(item, limits, reasons, r._replace(ahead_seconds=r.ahead_seconds + share))
                if isinstance(r, Read) else r for item, r in zip(items, read)]
    finally:
        forget_ahead()


class Read(NamedTuple):
    """An input read: its documents, the CPU seconds of reading them and of making them ready."""

    documents: list
    read_seconds: float
    ahead_seconds: float


def read_one(item: Item, limits: Limits = Limits(), reasons: Optional[str] = None):
    """Read (within the input's budget) -> Read, or the failed result when over budget."""
    try:
        with _WATCHDOG.watching(item, limits, reasons):
            t0 = time.process_time()
            documents = _documents(item)
            t1 = time.process_time()
            read_ahead(d for d in documents if d.status == "ok" and one_window(d))
            return Read(documents, t1 - t0, time.process_time() - t1)
    except OverBudget:
        return failed(item, _WATCHDOG.reasons.pop(threading.get_ident(), "over budget"))


def work_one(item: Item, limits: Limits = Limits(), reasons: Optional[str] = None, read: Optional[Read] = None) -> tuple:
    try:
        with _WATCHDOG.watching(item, limits, reasons):
            return _work_one(item, read)
    except OverBudget:
        return failed(item, _WATCHDOG.reasons.pop(threading.get_ident(), "over budget"))


def _documents(item: Item) -> list[Document]:
    path, doc, text, meta = item
    try:
        if text is None:
            return read_path(path, doc=doc)
        if isinstance(text, Document):
            return [text]
        return [read_text(text, doc=doc, meta=DocumentMeta(**(meta or {})), path=path)]
    except Exception as err:  # reading promises not to raise; this is the belt to its braces
        return [Document(id=stable_id(doc), doc=doc, path=path, status="error", error=reason(err))]


def _work_one(item: Item, read: Optional[Read] = None) -> tuple:
    path, _doc, text, _meta = item
    if read is None:
        t0 = time.process_time()
        read = Read(_documents(item), time.process_time() - t0, 0.0)
    documents = read.documents
    t1 = time.process_time()
    file_text = _file_text(path) if text is None and len(documents) == 1 and documents[0].text else None
    doc_lines, fact_lines, errors = [], [], []
    for document in documents:
        if document.status == "ok":
            try:
                fact_lines.extend([_dump(f) + "\n" for f in document_facts(document)])
            except Exception as err:
                document.status, document.error = "error", reason(err)
        doc_lines.append(document_line(document, file_text) + "\n")
        if document.status != "ok":
            errors.append({"path": path, "doc": document.doc, "error": document.error or "unreadable"})
    return ("".join(doc_lines), "".join(fact_lines), len(doc_lines), len(fact_lines), errors, read.read_seconds,
            read.ahead_seconds + time.process_time() - t1)


def failed(item: Item, why: str) -> tuple:
    path, doc = item[0], item[1]
    document = Document(id=stable_id(doc), doc=doc, path=path, status="error", error=why)
    return document_line(document, None) + "\n", "", 1, 0, [{"path": path, "doc": doc, "error": why}], 0.0, 0.0


def _dump(model) -> str:
    return json.dumps(model.model_dump(mode="json", exclude_none=True), ensure_ascii=False)


def _file_text(path: str) -> Optional[str]:
    """The file as UTF-8 text, when it is that (documents.jsonl omits a text equal to its file)."""
    try:
        raw = Path(path).read_bytes()
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def document_line(document: Document, file_text: Optional[str]) -> str:
    data = document.model_dump(mode="json", exclude_none=True)
    if not document.text or document.text == file_text:
        data.pop("text", None)
    return json.dumps(data, ensure_ascii=False)


# ---------------------------------------------------------------- the budget


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc; 0 elsewhere: no memory limit there)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _raise_in(thread_id: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """One per process: watches the input that runs (one at a time per thread of this process)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: dict[int, list] = {}  # thread id -> [item, limits, reasons folder, start, stop time or None]
        self.hard = False  # pool worker: may end the process
        self.reasons: dict[int, str] = {}  # thread id -> why its input was stopped
        self.thread: Optional[threading.Thread] = None

    def watching(self, item: Item, limits: Limits, reasons: Optional[str]):
        watchdog = self

        class _Scope:
            def __enter__(self):
                if limits.seconds is None and limits.memory_mb is None:
                    return self
                watchdog._start()
                with watchdog.lock:
                    watchdog.running[threading.get_ident()] = [item, limits, reasons, time.monotonic(), None]
                return self

            def __exit__(self, *exc):
                with watchdog.lock:
                    entry = watchdog.running.pop(threading.get_ident(), None)
                    if entry is not None and entry[4] is not None:
                        _raise_in(threading.get_ident(), None)  # a stop sent too late is withdrawn
                if entry is not None and entry[4] is not None:
                    gc.collect()
                    _trim()
                return False

        return _Scope()

    def _start(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._loop, name="factex-budget", daemon=True)
            self.thread.start()

    def _loop(self) -> None:
        while True:
            time.sleep(_POLL)
            with self.lock:
                for thread_id, entry in list(self.running.items()):
                    self._check(thread_id, entry)

    def _check(self, thread_id: int, entry: list) -> None:
        item, limits, reasons, start, stopped = entry
        now, memory = time.monotonic(), rss_mb()
        if stopped is not None:
            if self.hard and (now - stopped > limits.grace or (limits.memory_mb and memory > 2 * limits.memory_mb)):
                self._end_process(item, reasons, self.reasons.get(thread_id))
            return
        why = None
        if limits.seconds is not None and now - start > limits.seconds:
            why = f"time limit exceeded: more than {limits.seconds:g} s on this input"
        elif limits.memory_mb is not None and memory > limits.memory_mb:
            why = f"memory limit exceeded: {memory:.0f} MB > {limits.memory_mb} MB"
        if why:
            self.reasons[thread_id] = why
            entry[4] = now
            _raise_in(thread_id, OverBudget)

    def _end_process(self, item: Item, reasons: Optional[str], why: Optional[str]) -> None:
        if reasons:
            try:
                reason_path(reasons, item).write_text(f"{why or 'over budget'} (worker ended)", encoding="utf-8")
            except OSError:
                pass
        os._exit(EXIT_OVER_BUDGET)


def _trim() -> None:
    """Give freed memory back to the system (glibc), so the next input starts under the limit."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


_WATCHDOG = _Watchdog()
