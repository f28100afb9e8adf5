"""Input paths -> files -> Documents.

    iter_files(paths, skip=None) -> Iterator[(Path, doc)]   # files of the paths given, each real file once
    missing_inputs(paths) -> list[str]                      # given paths that do not exist
    read_path(path, doc=None, max_bytes=None) -> list[Document]; iter_path(...) streams (JSONL record by record)

Folders are walked recursively (symbolic links followed, hidden entries skipped) and their files sorted by
their `doc` name (relative to the folder given; the file name for a file argument; "stdin" for "-").
NAME.meta.json sidecars are not inputs. What cannot be walked (an unreadable folder, a symlink loop, a
broken link) is passed to `skip(path, reason)`. Reading never raises for bad content: a Document with
status="error" and the reason instead.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from ..schema import Document, DocumentMeta
from .article import error_document, merge_meta, read_text
from .decode import Reject, declared_charset, decode_checked
from .html import extract_html
from .records import meta_from_record, read_json_text, read_jsonl_file

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}
SIDECAR = ".meta.json"
STDIN = "-"
MAX_BYTES = 20 * 1024 * 1024  # files of this size or more are rejected unread (read_path(max_bytes=...))
Skip = Callable[[str, str], None]


# ---------------------------------------------------------------------------------------------- walking


def missing_inputs(paths: Iterable) -> list[str]:
    return [str(p) for p in paths if str(p) != STDIN and not os.path.lexists(p)]


def iter_files(paths: Iterable, skip: Optional[Skip] = None) -> Iterator[tuple[Path, str]]:
    """Input files and their `doc` names; a file reached twice (given twice, or by a link) comes once."""
    skip = skip or _log_skip
    seen: set[str] = set()
    for given in paths:
        if str(given) == STDIN:
            yield Path(STDIN), "stdin"
            continue
        path = Path(given)
        found = _walk(path, skip) if path.is_dir() else [] if _is_sidecar(path) else [(path, path.name, None)]
        for file, doc, real in found:
            real = real or os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                yield file, doc


def _log_skip(path: str, reason: str) -> None:
    log.warning("skipped %s: %s", path, reason)


def _walk(root: Path, skip: Skip) -> list[tuple[Path, str, str]]:
    """(path, doc, real path) of the input files under `root`, sorted by doc."""
    found = []
    pending = [(root, "", frozenset())]  # folder, its doc prefix, identities of the folders above it
    while pending:
        folder, prefix, above = pending.pop()
        try:
            status = folder.stat()
            ident = (status.st_dev, status.st_ino)
            if ident in above:
                skip(str(folder), "symlink loop (a link to a folder above it): skipped")
                continue
            with os.scandir(folder) as scan:
                entries = list(scan)
            real_folder = os.path.realpath(folder)
        except OSError as err:
            skip(str(folder), f"cannot read folder: {_why(err)}: skipped")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            kind = _entry_kind(entry, skip)
            if kind == "dir":
                pending.append((Path(entry.path), f"{prefix}{entry.name}/", above | {ident}))
            elif kind == "file" and _is_input(entry.name):
                real = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_folder, entry.name)
                found.append((f"{prefix}{entry.name}", Path(entry.path), real))
    return [(path, doc, real) for doc, path, real in sorted(found)]


def _entry_kind(entry: os.DirEntry, skip: Skip) -> Optional[str]:
    try:
        if entry.is_dir():
            return "dir"
        if entry.is_file():
            return "file"
        if entry.is_symlink() and _is_input(entry.name):
            os.stat(entry.path)  # raises the reason
    except OSError as err:
        skip(entry.path, f"{'broken link' if entry.is_symlink() else 'cannot read'}: {_why(err)}: skipped")
    return None


def _why(err: OSError) -> str:
    return err.strerror or str(err)


def _is_input(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUFFIXES and not _is_sidecar(Path(name))


def _is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR)


# ---------------------------------------------------------------------------------------------- reading


def read_path(path, doc: Optional[str] = None, max_bytes: Optional[int] = None) -> list[Document]:
    return list(iter_path(path, doc, max_bytes))


def iter_path(path, doc: Optional[str] = None, max_bytes: Optional[int] = None) -> Iterator[Document]:
    path = Path(path)
    stdin = str(path) == STDIN
    name = doc or ("stdin" if stdin else path.name)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        if _suffix_kind(path) == "jsonl" and not stdin:
            yield from read_jsonl_file(path, name, limit)
            return
        data = _read_stdin(limit) if stdin else _read_bytes(path, limit)
        yield from _read_data(data, path, name, sidecar=not stdin)
    except Reject as err:
        yield error_document(name, path, str(err))
    except Exception as err:  # a bug must not stop a batch: report it on this input
        log.exception("reading %s", path)
        yield error_document(name, path, f"unexpected error: {type(err).__name__}: {err}")


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise Reject("not a file")
        if size >= limit:
            raise Reject(f"file too large: {size / 2**20:.1f} MB > {limit / 2**20:g} MB limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise Reject("no such file") from None
    except OSError as err:
        raise Reject(f"cannot read: {_why(err)}") from None


def _read_stdin(limit: int) -> bytes:
    data = sys.stdin.buffer.read(limit)
    if len(data) >= limit:
        raise Reject(f"input too large: {limit / 2**20:g} MB limit reached")
    return data


def _suffix_kind(path: Path) -> Optional[str]:
    return {".jsonl": "jsonl", ".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}.get(path.suffix.lower())


def _sniff_kind(text: str) -> str:
    head = text[:2048].lstrip()
    if head[:1] in ("{", "["):
        return "json"
    if head[:1] == "<" and re.search(r"<(?:!doctype|html|head|body|div|p)\b", head, re.I):
        return "html"
    return "text"


def _read_data(data: bytes, path: Path, name: str, sidecar: bool) -> Iterator[Document]:
    kind = _suffix_kind(path)
    text, encoding, warnings = decode_checked(data, declared=declared_charset(data) if kind == "html" else None)
    kind = kind or _sniff_kind(text)
    if kind in ("json", "jsonl"):
        yield from read_json_text(text, name, path, encoding)
        return
    given, more = _read_sidecar(path) if sidecar else (None, [])
    warnings += more
    if kind == "html":
        text, guessed = extract_html(text)
        if not text.strip():
            raise Reject("no article text in HTML page")
        given = merge_meta(guessed, given)
    yield read_text(text, doc=name, meta=given, path=str(path), encoding=encoding, warnings=warnings)


def sidecar_of(path: Path) -> Path:
    return path.with_suffix(SIDECAR) if path.suffix else path.with_name(path.name + SIDECAR)


def _read_sidecar(path: Path) -> tuple[Optional[DocumentMeta], list[str]]:
    side = sidecar_of(path)
    if not side.is_file():
        return None, []
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as err:
        return None, [f"sidecar {side.name} ignored: {err}"]
    return meta_from_record(data), []
