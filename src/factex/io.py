"""Reading articles: files, folders, stdin; txt, html, json/jsonl records; encodings; body and metadata.

Interface (used by api, batch and cli):
- iter_files(paths) -> Iterator[tuple[Path, str]]: input files and their `doc` name (relative to the folder
  given; the file name for a file argument; "stdin" for "-"). NAME.meta.json sidecars are not inputs.
- read_path(path, doc=None, max_bytes=None) -> list[Document]: one file (a JSON/JSONL file gives one
  Document per record); never raises for bad content: a Document with status="error" and a reason instead.
  iter_path() is the same as a generator (a JSONL file is streamed).
- read_text(text, doc, meta, path) -> Document: an article given as a string (body and metadata detection
  apply; given metadata wins over guesses).
- decode(data) -> (text, encoding); find_body(text) -> Page; guess_country(meta, text) -> ISO code or None.

Plain-text pages with web chrome (menus, tickers, "Next Post", related news, copyright) keep their full
text (offsets match the file); `body_start`/`body_end` mark the article body found by `find_body`.
Language data (chrome phrases, month names, countries) lives in data/ar/*.tsv.
"""
from __future__ import annotations

import codecs
import html as htmllib
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .lexicon import load_months, load_table, load_weekdays
from .normalize import fold, normalize
from .schema import Document, DocumentMeta, stable_id

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".html", ".htm", ".json", ".jsonl"}
SIDECAR = ".meta.json"
STDIN = "-"
MAX_BYTES = 20 * 1024 * 1024  # files of this size or more are rejected unread (read_path(max_bytes=...))
TEXT_FIELDS = ("text", "content", "body")
DATE_FIELDS = ("published", "date", "date_extracted")
PUBLISHER_FIELDS = ("publisher", "source")


class Reject(ValueError):
    """An input that cannot be read as an article; the message is the Document's `error`."""


# ---------------------------------------------------------------------------------------------- files


def iter_files(paths: Iterable) -> Iterator[tuple[Path, str]]:
    """Input files (recursive, sorted, hidden files skipped) and their `doc` names."""
    for given in paths:
        if str(given) == STDIN:
            yield Path(STDIN), "stdin"
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif not _is_sidecar(path):
            yield path, path.name


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or _is_sidecar(path):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file():
            found.append((rel.as_posix(), path))
    for rel, path in sorted(found):
        yield path, rel


def _is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR)


def read_path(path, doc: Optional[str] = None, max_bytes: Optional[int] = None) -> list[Document]:
    return list(iter_path(path, doc, max_bytes))


def iter_path(path, doc: Optional[str] = None, max_bytes: Optional[int] = None) -> Iterator[Document]:
    path = Path(path)
    stdin = str(path) == STDIN
    name = doc or ("stdin" if stdin else path.name)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        if _suffix_kind(path) == "jsonl" and not stdin:
            yield from _read_jsonl_file(path, name, limit)
            return
        data = _read_stdin(limit) if stdin else _read_bytes(path, limit)
        yield from _read_data(data, path, name, sidecar=not stdin)
    except Reject as err:
        yield error_document(name, path, str(err))
    except Exception as err:  # a bug must not stop a batch: report it on this input
        log.exception("reading %s", path)
        yield error_document(name, path, f"unexpected error: {type(err).__name__}: {err}")


def error_document(doc: str, path, reason: str) -> Document:
    return Document(id=stable_id(doc), doc=doc, path=None if path is None else str(path), status="error", error=reason)


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
        raise Reject(f"cannot read: {err.strerror or err}") from None


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
    text, encoding, warnings = decode_checked(data, declared=_declared_charset(data) if kind == "html" else None)
    kind = kind or _sniff_kind(text)
    if kind in ("json", "jsonl"):
        yield from _read_json_text(text, name, path, encoding)
        return
    given, more = _read_sidecar(path) if sidecar else (None, [])
    warnings += more
    if kind == "html":
        text, guessed = extract_html(text)
        if not text.strip():
            raise Reject("no article text in HTML page")
        given = merge_meta(guessed, given)
    yield read_text(text, doc=name, meta=given, path=str(path), encoding=encoding, warnings=warnings)


def _read_sidecar(path: Path) -> tuple[Optional[DocumentMeta], list[str]]:
    side = path.with_suffix(SIDECAR) if path.suffix else path.with_name(path.name + SIDECAR)
    if not side.is_file():
        return None, []
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as err:
        return None, [f"sidecar {side.name} ignored: {err}"]
    return _meta_from_record(data), []


# ---------------------------------------------------------------------------------------------- encodings

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY = ("cp1256", "iso-8859-6")
UNDECODABLE = "cannot decode: not UTF-8/UTF-16/cp1256/ISO-8859-6"
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# non-ASCII characters that are unusual in Arabic text (Latin-1 letters, symbols, C1 controls)
_ODD = re.compile(r"[^\x00-\x7f\u0600-\u06ff\u00a0\u00ab\u00bb\u00d7\u00f7\u200c-\u200f\u2013\u2014\u2018\u2019\u201c\u201d\u2026\ufffd]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """(text, encoding) of raw bytes; raises Reject with the reason."""
    text, encoding, _ = decode_checked(data, declared)
    return text, encoding


def decode_checked(data: bytes, declared: Optional[str] = None) -> tuple[str, str, list[str]]:
    """Decode and check that the result is text: (text, encoding, warnings) or Reject."""
    if not data:
        raise Reject("empty file")
    text, encoding, warnings = _decode(data, declared)
    if not text.strip():
        raise Reject("empty file (whitespace only)")
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise Reject("binary file (control characters)")
    return text, encoding, warnings


def _decode(data: bytes, declared: Optional[str]) -> tuple[str, str, list[str]]:
    for bom, name in BOMS:
        if data.startswith(bom):
            return _strict(data, name), name, []
    if b"\x00" in data:
        name = _utf16_by_nuls(data[:8192])
        try:
            return _strict(data, name), name, []
        except Reject:
            raise Reject("binary file (NUL bytes)") from None
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, declared)


def _strict(data: bytes, encoding: Optional[str]) -> str:
    if encoding is None:
        raise Reject(UNDECODABLE)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise Reject(f"cannot decode as {encoding}: {err}") from None


def _utf16_by_nuls(sample: bytes) -> Optional[str]:
    """UTF-16 without BOM: ASCII characters (spaces, digits, newlines) put a NUL in every other byte."""
    if len(sample) % 2:
        sample = sample[:-1]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enough = len(sample) // 40
    if odd > enough and even <= odd // 20:
        return "utf-16-le"
    if even > enough and odd <= even // 20:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, declared: Optional[str]) -> tuple[str, str, list[str]]:
    text, bad = _mostly_utf8(data)
    if text is not None:
        return text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]
    options = []
    for name in ((declared,) if declared else ()) + LEGACY:
        try:
            decoded = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        options.append((_arabic_score(decoded), name, decoded))
    if options:
        score, name, decoded = max(options, key=lambda o: o[0])  # first of equals: declared, then cp1256
        if score > 0:
            return decoded, _codec_name(name), []
    return _decode_other(data)


def _mostly_utf8(data: bytes) -> tuple[Optional[str], int]:
    """UTF-8 with a few corrupt bytes (common in crawls) is read as UTF-8, not as a legacy encoding."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    multibyte = len(data) - len(text) + bad  # bytes beyond one per character, roughly
    if bad <= max(3, multibyte // 200) and multibyte > 10 * bad:
        return text, bad
    return None, bad


def _arabic_score(text: str) -> int:
    """Positive when the text reads as Arabic: mostly Arabic letters, hardly any odd symbols or Latin-1 letters."""
    letters = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if letters < 0.3 * (letters + latin):
        return 0
    return letters - 10 * len(_ODD.findall(text))


def _decode_other(data: bytes) -> tuple[str, str, list[str]]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is not None and best.chaos < 0.1:
        try:
            return data.decode(best.encoding), _codec_name(best.encoding), []
        except (UnicodeDecodeError, LookupError):
            pass
    raise Reject(UNDECODABLE)


def _codec_name(name: str) -> str:
    try:
        return {"iso8859-6": "iso-8859-6"}.get(codecs.lookup(name).name, codecs.lookup(name).name)
    except LookupError:
        return name


def _declared_charset(data: bytes) -> Optional[str]:
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


# ---------------------------------------------------------------------------------------------- JSON records


def _read_json_text(text: str, name: str, path: Path, encoding: str) -> Iterator[Document]:
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


def _read_jsonl_file(path: Path, name: str, limit: int) -> Iterator[Document]:
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
    return read_text(text, doc=doc, meta=_meta_from_record(record), path=str(path), encoding=encoding)


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


def _meta_from_record(record: dict) -> DocumentMeta:
    return DocumentMeta(
        title=_field(record, ("title",)),
        published=iso_date(_field(record, DATE_FIELDS, numbers=True)),
        publisher=_field(record, PUBLISHER_FIELDS),
        author=_field(record, ("author",)),
        url=_field(record, ("url",)),
        country=_field(record, ("country",)),
    )


def iso_date(value) -> Optional[str]:
    """A given date ("2015-07-21 02:51:32", "2018-06-16T10:00Z", "17 سبتمبر 2025", epoch seconds) -> ISO date."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).date().isoformat()
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match:
        return _valid_date(*match.groups())
    found = parse_date(value)
    if found:
        return found
    import dateparser

    parsed = dateparser.parse(value, settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


# ---------------------------------------------------------------------------------------------- HTML

_HTML_DROP = re.compile(r"<(script|style|noscript|template|svg|head)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|nav|blockquote|pre|hr)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)


def extract_html(page: str) -> tuple[str, DocumentMeta]:
    """Main text and metadata of an HTML page: trafilatura, or a plain tag-strip when it fails."""
    try:
        import trafilatura

        result = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # deep or broken trees: RecursionError, lxml errors
        log.info("trafilatura failed (%s); stripping tags", type(err).__name__)
        result = None
    if result is not None and (result.text or "").strip():
        meta = DocumentMeta(title=result.title, published=iso_date(result.date), author=result.author,
                            publisher=result.sitename, url=result.url)
        return result.text, meta
    title = _HTML_TITLE.search(page[:100_000])
    return strip_tags(page), DocumentMeta(title=_clean(htmllib.unescape(title.group(1))) if title else None)


def strip_tags(page: str) -> str:
    text = _HTML_COMMENT.sub(" ", page)
    text = _HTML_DROP.sub(" ", text)
    text = _HTML_BLOCK.sub("\n", text)
    text = htmllib.unescape(_HTML_TAG.sub("", text))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean(text: Optional[str]) -> Optional[str]:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text or None


# ---------------------------------------------------------------------------------------------- documents


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


# ---------------------------------------------------------------------------------------------- page body

PROSE_CHARS = 60  # a paragraph: at least this long, with PROSE_WORDS words, ending like a sentence...
PROSE_WORDS = 8
LONG_PROSE = 160  # ...or this long whatever its end
TICKER_ITEMS = 6  # a ticker: this many headlines (2+ words, mostly <= TICKER_ITEM chars, few full stops)
TICKER_ITEM = 150
SHORT_LINE = 120  # chrome phrases count only in lines up to this long
MENU_LINE = 30  # menu items: short lines (MENU_WORDS words at most) without digits
MENU_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?؟…:؛][\"'»”)\]]*\s*$")
_TICKER_GAP = re.compile(r"\s{3,}")
_BULLET = re.compile(r"^[•·▪●◦►▶■□\-–—*|»]\s*")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_WORD = re.compile(r"\w+")
_MARKS = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff \t"  # invisible marks around a title
_DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,})+\.?")


@dataclass
class Line:
    start: int  # offsets of the stripped line in the text
    end: int
    text: str
    kind: str = "short"  # blank | prose | short | menu (soft chrome) | break (chrome that splits the page)


@dataclass
class Page:
    lines: list[Line]
    body_start: int = 0
    body_end: Optional[int] = None
    lo: int = 0  # the body block: lines[lo:hi]; its paragraphs run from lines[first] to lines[last]
    hi: int = 0
    first: int = 0
    last: int = -1
    notes: list[str] = field(default_factory=list)  # why the body was cut (explainable)

    @property
    def header(self) -> list[Line]:
        """Lines of the body block before its first paragraph (title, date, byline)."""
        return self.lines[self.lo : self.first]


@lru_cache(maxsize=None)
def _cues() -> dict[str, re.Pattern]:
    """One regex per kind of boilerplate.tsv, matched on the folded line (case-insensitive)."""
    phrases: dict[str, list[str]] = {}
    for row in load_table("boilerplate"):
        phrases.setdefault(row["kind"], []).append(re.escape(fold(row["phrase"])))
    start_kinds = ("published", "updated", "byline")
    return {
        kind: re.compile((r"^(?:%s)(?=$|[\s:：,،.-])" if kind in start_kinds else "(?:%s)") % "|".join(sorted(p, key=len, reverse=True)), re.I)
        for kind, p in phrases.items()
    }


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    return fold(text)


def _cue(kind: str, text: str) -> bool:
    pattern = _cues().get(kind)
    return bool(pattern and pattern.search(_folded(text)))


def _after_cue(kind: str, text: str) -> Optional[str]:
    """The line as written after a cue that starts it («بقلم هند» -> « هند»), or None without the cue."""
    folded = normalize(text)
    match = _cues()[kind].search(folded.text) if kind in _cues() else None
    return text[folded.to_original(match.end()) :] if match else None


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = content.strip()
        lead = len(content) - len(content.lstrip())
        lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw)
    return lines


def is_ticker(text: str) -> bool:
    """A headline ticker: many headlines on one line separated by runs of spaces (not sentences)."""
    items = [p for p in _TICKER_GAP.split(text) if len(p.split()) >= 2] if len(text) > 300 else []
    if len(items) < TICKER_ITEMS:
        return False
    short = sum(len(p) <= TICKER_ITEM for p in items)
    stops = sum(bool(_SENTENCE_END.search(p)) for p in items)
    return short >= 0.8 * len(items) and stops < 0.3 * len(items)


def _kind(line: Line) -> str:
    text = line.text
    if not text:
        return "blank"
    if is_ticker(text):
        return "break"
    if len(text) <= SHORT_LINE and (_cue("end", text) or _cue("chrome", text)):
        return "break"
    words = text.count(" ") + 1
    if len(text) >= LONG_PROSE and words >= 2 * PROSE_WORDS:
        return "prose"
    if len(text) >= PROSE_CHARS and words >= PROSE_WORDS and _SENTENCE_END.search(text):
        return "prose"
    return "short"


def _mark_inline(lines: list[Line]) -> None:
    """"Read also" lines are chrome unless a paragraph follows within 3 lines."""
    for i, line in enumerate(lines):
        if line.kind == "short" and len(line.text) <= SHORT_LINE and _cue("inline", line.text):
            following = [ln for ln in lines[i + 1 :] if ln.kind != "blank"][:3]
            if not any(ln.kind == "prose" for ln in following):
                line.kind = "break"


def _is_menu_item(text: str) -> bool:
    item = _BULLET.sub("", text)
    return (len(item) <= MENU_LINE and len(item.split()) <= MENU_WORDS
            and not _DIGIT.search(item) and not _SENTENCE_END.search(item))


def _mark_menus(lines: list[Line]) -> None:
    """Runs of menu items (3+ bullets, or 5+ short digit-free lines) are soft chrome: they never split
    paragraphs apart, they only mark the page around the body (they hold no figures to lose)."""
    run: list[Line] = []
    for line in lines + [Line(0, 0, "<end>", "prose")]:
        if line.kind == "blank":
            continue
        if line.kind == "short" and _is_menu_item(line.text):
            run.append(line)
            continue
        if sum(bool(_BULLET.match(ln.text)) for ln in run) >= 3 or len(run) >= 5:
            for item in run:
                item.kind = "menu"
        run = []


def _best_block(lines: list[Line]) -> Optional[tuple[int, int]]:
    """The run of lines between chrome breaks with the most paragraph text."""
    best, best_mass, lo, mass = None, 0, 0, 0
    for i, line in enumerate(lines + [Line(0, 0, "", "break")]):
        if line.kind == "break":
            if mass > best_mass:
                best, best_mass = (lo, i), mass
            lo, mass = i + 1, 0
        elif line.kind == "prose":
            mass += len(line.text)
    return best


def _nonblank(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.kind != "blank"]


def _body_end(lines: list[Line], last: int, hi: int) -> int:
    """End of the body after its last paragraph: keep short lines (a byline) up to a menu or the break."""
    end = lines[last].end
    for line in lines[last + 1 : hi]:
        if line.kind == "menu":
            break
        if line.kind != "blank":
            end = line.end
    return end


def find_body(text: str) -> Page:
    """Locate the article body among web chrome; the whole text when there is no chrome.

    Lines are paragraphs (long, sentence-like), short lines, menus (runs of short digit-free items) or
    breaks (chrome phrases of boilerplate.tsv, headline tickers). The block between breaks with the
    most paragraph text holds the body; it runs from its first to its last paragraph when chrome
    (a break or a menu) comes before/after it, else from the start/to the end of the text.
    """
    lines = split_lines(text)
    for line in lines:
        line.kind = _kind(line)
    _mark_inline(lines)
    _mark_menus(lines)
    page = Page(lines, hi=len(lines), last=len(lines) - 1)
    block = _best_block(lines)
    if block is None:  # no paragraph at all: keep everything
        page.first = next((i for i, ln in enumerate(lines) if ln.kind != "blank"), 0)
        return page
    page.lo, page.hi = block
    prose = [i for i in range(*block) if lines[i].kind == "prose"]
    page.first, page.last = prose[0], prose[-1]
    if any(ln.kind in ("break", "menu") for ln in lines[: page.first]):
        page.body_start = lines[page.first].start
        page.notes.append(f"chrome before line {page.first + 1}")
    if any(ln.kind in ("break", "menu") for ln in lines[page.last + 1 :]):
        page.body_end = _body_end(lines, page.last, page.hi)
        page.notes.append(f"chrome after line {page.last + 1}")
    return page


# ---------------------------------------------------------------------------------------------- metadata


@lru_cache(maxsize=None)
def _date_patterns() -> tuple[re.Pattern, ...]:
    months = "|".join(re.escape(m) for m in sorted({fold(m) for m in load_months()}, key=len, reverse=True))
    month = rf"(?P<mon>{months})(?:\s*/\s*(?:{months}))?"
    return (
        re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})(?!\d)"),
        re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
        re.compile(rf"(?<!\w){month}\s+(?P<d>\d{{1,2}})\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)"),
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+{month}\s*[,،]?\s*(?P<y>\d{{4}})(?!\d)"),
    )


def _valid_date(year, month, day) -> Optional[str]:
    """ISO date of a Gregorian year/month/day (a Hijri year such as 1436 is not one)."""
    try:
        return date(int(year), int(month), int(day)).isoformat() if 1800 <= int(year) <= 2200 else None
    except ValueError:
        return None


def _find_date(text: str) -> Optional[tuple[str, re.Match, str]]:
    folded = fold(text)
    for pattern in _date_patterns():
        for match in pattern.finditer(folded):
            parts = match.groupdict()
            month = parts.get("m") or load_months().get(parts.get("mon") or "")
            found = _valid_date(parts["y"], month, parts["d"])
            if found:
                return found, match, folded
    return None


def parse_date(text: str) -> Optional[str]:
    """The first full date in `text` ("سبتمبر 17, 2025", "09 - 02 - 2026", "27 ماي 2025") as ISO, or None."""
    found = _find_date(text)
    return found[0] if found else None


def date_line(text: str) -> Optional[str]:
    """The date of a line that is only a date (with a weekday, a time, punctuation), else None."""
    return parse_date(text) if _date_only(text) else None


def _date_only(text: str) -> bool:
    """A short line made of date parts only: numbers, month names (any calendar), weekdays, a time."""
    if len(text) > 60 or not _DIGIT.search(text):
        return False
    return sum(not w.isdigit() and w not in _date_words() for w in _WORD.findall(fold(text))) <= 1


@lru_cache(maxsize=None)
def _date_words() -> frozenset[str]:
    months = (word for name in load_months("all") for word in fold(name).split())
    return frozenset([*months, *(fold(w) for w in load_weekdays())])


def _publication(line: Line) -> Optional[tuple[str, Optional[str]]]:
    """A line such as «نشر في الأول يوم 09 - 02 - 2026»: (date, publisher or None)."""
    rest = _after_cue("published", line.text)
    published = parse_date(rest) if rest else None
    if not published:
        return None
    name = re.split(r"\s(?:يوم|بتاريخ|في)\s|\d|[|:،,]", f" {rest} ", maxsplit=1)[0].strip(" -")
    return published, name if name and len(name.split()) <= 5 else None


def _headline(text: str) -> bool:
    words = text.split()
    return 3 <= len(words) <= 40 and 15 <= len(text) <= 250 and not re.search(r"[.:]\s*$", text) and not _DIGIT.fullmatch(text)


def _skippable(text: str) -> bool:
    """Header lines between a title and the body: dates, times, bylines, categories, counters."""
    return (not text or _date_only(text) or re.fullmatch(r"[\d:\s./-]+", text) is not None
            or any(_cue(kind, text) for kind in ("published", "updated", "byline")) or len(text.split()) <= 2)


def _guess_title(page: Page) -> Optional[str]:
    for line in reversed(page.header[-8:]):
        if _skippable(line.text):
            continue
        return line.text.strip(_MARKS) if _headline(line.text) and line.kind == "short" else None
    return None


def _guess_date(page: Page) -> tuple[Optional[str], Optional[str]]:
    """(published, publisher) from a publication line, else the last date line before the body."""
    dated = None
    for line in page.header:
        publication = _publication(line)
        if publication:
            return publication
        if _cue("updated", line.text):
            continue
        dated = date_line(line.text) or dated
    return dated, None


def _guess_site(page: Page) -> Optional[str]:
    """A site-name line at the top that comes back elsewhere (page footer, copyright), or a domain name."""
    top = [ln.text for ln in _nonblank(page.lines)[:4]]
    counts = Counter(ln.text for ln in page.lines if ln.text)
    footer = " ".join(ln.text for ln in page.lines if ln.text and len(ln.text) <= SHORT_LINE and _cue("end", ln.text))
    for text in top:
        if _DOMAIN.fullmatch(text):
            return text
        siteish = len(text) <= MENU_LINE and len(text.split()) <= 4 and not _DIGIT.search(text) and not _BULLET.match(text)
        if siteish and (counts[text] >= 2 or text in footer):
            return text
    return None


def _guess_author(page: Page) -> Optional[str]:
    for line in page.lines[page.lo : page.hi]:
        if not line.text or len(line.text) > 60:
            continue
        name = (_after_cue("byline", line.text) or "").strip(" :：-–,،.")
        if 1 <= len(name.split()) <= 5 and not _DIGIT.search(name):
            return name
    return None


def guess_meta(page: Page) -> DocumentMeta:
    published, publisher = _guess_date(page)
    return DocumentMeta(
        title=_guess_title(page), published=published,
        publisher=publisher or _guess_site(page), author=_guess_author(page),
    )


# ---------------------------------------------------------------------------------------------- country

COUNTRY_TEXT_CHARS = 5000  # place names are counted in the first characters of the body


@lru_cache(maxsize=None)
def _country_tables() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(outlet rows (kind, simplified term, country), folded place word -> country)."""
    rows = [(r["term"], r["country"], r["kind"]) for r in load_table("countries")]
    places = {fold(term): country for term, country, kind in rows if kind == "place"}
    outlets = [(kind, term if kind == "tld" else _simple(term), country) for term, country, kind in rows if kind != "place"]
    return outlets, places


def _place(word: str, places: dict[str, str]) -> Optional[str]:
    """The country of a place word, with clitics: والمغرب، بالمغرب، للمغرب، فلمصر."""
    if word in places:
        return places[word]
    if word[:1] in "وف":
        word = word[1:]
        if word in places:
            return places[word]
    if word[:2] == "لل" and "ال" + word[2:] in places:
        return places["ال" + word[2:]]
    return places.get(word[1:]) if word[:1] in "بلك" else None


def _simple(text: str) -> str:
    return re.sub(r"[^\w]+", "", fold(text).lower())


def _outlet_country(meta: DocumentMeta) -> Optional[str]:
    """The country of a national outlet named by the url's host or the publisher."""
    host = re.sub(r"^[a-z]+://", "", (meta.url or "").lower()).split("/")[0].split(":")[0]
    simple_host, publisher = _simple(host), _simple(meta.publisher or "")
    for kind, term, country in _country_tables()[0]:
        if kind == "tld" and host.endswith(term):
            return country
        if kind == "site" and term and ((len(term) >= 4 and term in simple_host) or publisher == term
                                        or (len(term) >= 5 and term in publisher)):
            return country
    return None


def guess_country(meta: DocumentMeta, text: str) -> Optional[str]:
    """ISO country of an article: its outlet (url, publisher: 2 points) and the places it names (1 point
    each); at least 2 points. Used to read ريال/دينار/جنيه."""
    places = _country_tables()[1]
    scores: Counter = Counter()
    outlet = _outlet_country(meta)
    if outlet:
        scores[outlet] += 2
    for word in _WORD.findall(fold(" ".join(filter(None, [meta.title, text[:COUNTRY_TEXT_CHARS]])))):
        country = _place(word, places)
        if country:
            scores[country] += 1
    if not scores:
        return None
    best, points = max(scores.items(), key=lambda kv: (kv[1], kv[0] == outlet))
    return best if points >= 2 else None
