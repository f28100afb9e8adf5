"""JSON and JSON Lines inputs: one Document per record (`text`/`content`/`body` and metadata fields).

    read_json_text(text, name, path, encoding) -> Iterator[Document]     # a JSON document, or JSONL as text
    read_jsonl_file(path, name, limit) -> Iterator[Document]             # streamed, one line at a time
    meta_from_record(record) -> DocumentMeta                             # also reads NAME.meta.json sidecars
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

from ..schema import Document, DocumentMeta
from .article import error_document, read_text
from .decode import Reject, decode
from .meta import iso_date

TEXT_FIELDS = ("text", "content", "body")
DATE_FIELDS = ("published", "date", "date_extracted")
PUBLISHER_FIELDS = ("publisher", "source")


def read_json_text(text: str, name: str, path: Path, encoding: str) -> Iterator[Document]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # one record a line
            yield from _records_from_lines(enumerate(text.splitlines(), 1), name, path, encoding)
            return
        raise Reject(f"invalid JSON: {err.msg} (line {err.lineno}, column {err.colno})") from None
    records = _records_of(value)
    if not records:
        raise Reject("no records")
    for index, record in enumerate(records):
        yield _record_document(record, name, index, path, encoding)


def _records_of(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and not any(f in value for f in TEXT_FIELDS):
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:  # {"articles": [...]}
            return lists[0]
    return [value]


def read_jsonl_file(path: Path, name: str, limit: int) -> Iterator[Document]:
    try:
        if path.stat().st_size == 0:
            raise Reject("empty file")
        with open(path, "rb") as fh:
            yield from _records_from_lines(_binary_lines(fh, limit), name, path, None)
    except FileNotFoundError:
        raise Reject("no such file") from None
    except OSError as err:
        raise Reject(f"cannot read: {err.strerror or err}") from None


def _binary_lines(fh, limit: int) -> Iterator[tuple[int, object]]:
    """(line number, bytes) of a JSONL file; a line longer than `limit` gives a Reject instead."""
    lineno = 0
    while True:
        raw = fh.readline(limit)
        if not raw:
            return
        lineno += 1
        if len(raw) >= limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(limit)
            yield lineno, Reject(f"line {lineno}: record too large: more than {limit / 2**20:g} MB")
        else:
            yield lineno, raw


def _records_from_lines(lines, name: str, path: Path, encoding: Optional[str]) -> Iterator[Document]:
    index = -1
    for lineno, raw in lines:
        if isinstance(raw, (bytes, str)) and not raw.strip():
            continue
        index += 1
        try:
            if isinstance(raw, Reject):
                raise raw
            line, line_encoding = (raw, encoding) if isinstance(raw, str) else decode(raw)
            record = json.loads(line)
        except Reject as err:
            yield error_document(f"{name}#{index}", path, str(err))
            continue
        except json.JSONDecodeError as err:
            yield error_document(f"{name}#{index}", path, f"line {lineno}: invalid JSON: {err.msg} (column {err.colno})")
            continue
        yield _record_document(record, name, index, path, line_encoding)
    if index < 0:
        raise Reject("no records")


def _record_document(record, name: str, index: int, path: Path, encoding: Optional[str]) -> Document:
    if not isinstance(record, dict):
        return error_document(f"{name}#{index}", path, f"record {index} is not a JSON object")
    ident = record.get("id")
    doc = f"{name}#{ident}" if isinstance(ident, (str, int)) and str(ident) else f"{name}#{index}"
    text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
    if text is None:
        return error_document(doc, path, "no text field (text/content/body)")
    if not text.strip():
        return error_document(doc, path, "empty text")
    return read_text(text, doc=doc, meta=meta_from_record(record), path=str(path), encoding=encoding)


def _field(record: dict, names, numbers: bool = False):
    """The first non-empty string among `names` (a list is joined; a number is kept if `numbers`)."""
    for name in names:
        value = record.get(name)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, (str, int)) and str(v).strip())
        if isinstance(value, str) and value.strip():
            return value.strip()
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    return None


def meta_from_record(record: dict) -> DocumentMeta:
    return DocumentMeta(
        title=_field(record, ("title",)),
        published=iso_date(_field(record, DATE_FIELDS, numbers=True)),
        publisher=_field(record, PUBLISHER_FIELDS),
        author=_field(record, ("author",)),
        url=_field(record, ("url",)),
        country=_field(record, ("country",)),
    )
