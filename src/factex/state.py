"""Resume state of the batch job: DIR/.state.sqlite maps the content key of an input (code version, path, name,
metadata, the bytes of the file and of its sidecar) to its serialised results, so a killed run goes on where
it stopped and an edited file is redone.

    State(path, resume); state.get(key) -> result or None; state.put(key, result); state.finish(complete)
    content_key(item, code_version()) -> key or None (unreadable: never cached)
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Optional

from .read import sidecar_of
from .schema import Document


def code_version() -> str:
    """Hash of factex's own files: results cached by another version of the code are not reused."""
    h = hashlib.blake2b(digest_size=8)
    root = Path(__file__).parent
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def content_key(item: tuple, version: str) -> Optional[str]:
    """Content key of an input: code version, path, name, metadata, the bytes of the file and of its sidecar."""
    path, doc, text, meta = item
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([version, path, doc, meta], ensure_ascii=False, sort_keys=True).encode())
    if text is not None:
        text = text.model_dump_json() if isinstance(text, Document) else text
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    p = Path(path)
    sidecar = sidecar_of(p)
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
