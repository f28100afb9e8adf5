"""An article given as a string -> Document: its body among web chrome, guessed metadata (given
metadata wins field by field), its country.

    read_text(text, doc, meta, path) -> Document; error_document(doc, path, reason) -> Document
"""
from __future__ import annotations

from typing import Optional

from ..schema import Document, DocumentMeta, stable_id
from .meta import guess_country, guess_meta, url_date
from .page import find_body


def error_document(doc: str, path, reason: str) -> Document:
    return Document(id=stable_id(doc), doc=doc, path=None if path is None else str(path), status="error", error=reason)


def read_text(
    text: str,
    doc: str = "<text>",
    meta: Optional[DocumentMeta] = None,
    path: Optional[str] = None,
    *,
    encoding: Optional[str] = None,
    warnings: Optional[list[str]] = None,
) -> Document:
    """An article as a string: find the body, guess metadata, let the given `meta` win."""
    page = find_body(text)
    guessed = guess_meta(page)
    merged = merge_meta(guessed, meta)
    if not merged.published:
        merged.published = url_date(merged.url)
    if not merged.country:
        merged.country = guess_country(merged, text[page.body_start : page.body_end])
    return Document(
        id=stable_id(doc, text), doc=doc, path=path, meta=merged, text=text,
        body_start=page.body_start, body_end=page.body_end, encoding=encoding, warnings=warnings or None,
    )


def merge_meta(guessed: DocumentMeta, given: Optional[DocumentMeta | dict]) -> DocumentMeta:
    """Given metadata (sidecar, record, caller) wins field by field over guesses from the text."""
    data = guessed.model_dump()
    if isinstance(given, dict):
        given = DocumentMeta(**given)
    if given is not None:
        data.update({k: v for k, v in given.model_dump().items() if v not in (None, "")})
    return DocumentMeta(**data)
