"""Reading articles: files, folders, stdin; txt, html, json/jsonl records; encodings; body and metadata.

Interface (used by api, batch and cli):
- iter_files(paths) -> Iterator[tuple[Path, str]]: input files and their `doc` name (relative to the folder given)
- read_path(path, doc=None) -> list[Document]: one file (a JSONL file gives many); never raises for bad
  content: a Document with status="error" and a reason instead
- read_text(text, doc, meta) -> Document: an article given as a string
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

from .schema import Document, DocumentMeta, stable_id

SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}


def iter_files(paths: Iterable) -> Iterator[tuple[Path, str]]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                yield child, child.relative_to(path).as_posix()
        else:
            yield path, path.name


def read_text(text: str, doc: str = "<text>", meta: Optional[DocumentMeta] = None, path: Optional[str] = None) -> Document:
    return Document(id=stable_id(doc, text), doc=doc, path=path, meta=meta or DocumentMeta(), text=text)


def read_path(path, doc: Optional[str] = None) -> list[Document]:
    path = Path(path)
    doc = doc or path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        return [Document(id=stable_id(doc), doc=doc, path=str(path), status="error", error=str(err))]
    return [read_text(text, doc=doc, path=str(path))]
