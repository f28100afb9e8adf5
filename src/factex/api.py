"""Library entry points behind `factex.extract`."""
from __future__ import annotations

import os
from pathlib import Path

from .extract import extract_facts
from .read import SUFFIXES, read_path, read_text
from .schema import DocumentMeta, Fact
from .windows import document_facts

__all__ = ["extract", "extract_facts"]


def _as_path(value):
    """A Path, or a one-line string naming an input file (it exists, or ends like one: «typo/path.txt»)."""
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or "\n" in value or len(value) >= 4096:
        return None
    if os.path.exists(value) or os.path.splitext(value.strip())[1].lower() in SUFFIXES:
        return Path(value)
    return None


def extract(text_or_path, **meta) -> list[Fact]:
    path = _as_path(text_or_path)
    if path is not None:
        if not path.exists():
            raise FileNotFoundError(f"no such file: {path}")
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder: give one file (or use `factex run` on folders)")
        documents = read_path(path)
        if documents and all(d.status == "error" for d in documents):
            raise ValueError(f"{path}: {documents[0].error}")
        return [fact for document in documents for fact in document_facts(document)]
    document = read_text(str(text_or_path), doc=meta.pop("doc", "<text>"), meta=DocumentMeta(**meta))
    return document_facts(document)
