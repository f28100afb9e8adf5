"""Reading articles: files, folders, stdin; txt, html, json/jsonl records; encodings; body and metadata.

    files    iter_files(paths, skip) -> (Path, doc); read_path(path, doc, max_bytes) -> [Document]
    decode   bytes -> text (encodings, stray NUL bytes, binary files refused)
    records  JSON / JSON Lines records -> Documents
    html     HTML page -> main text and metadata
    page     find_body(text) -> Page: the article body among web chrome
    meta     guess_meta(page), guess_country(meta, text), parse_date / date_line / iso_date
    article  read_text(text, doc, meta, path) -> Document (given metadata wins over guesses)

Reading never raises for bad content: a Document with status="error" and a one-line reason instead.
Language data (chrome phrases, month names, countries) lives in data/ar/*.tsv.
"""
from .article import error_document, merge_meta, read_text
from .decode import Reject, decode, decode_checked
from .files import MAX_BYTES, SIDECAR, STDIN, SUFFIXES, iter_files, iter_path, missing_inputs, read_path, sidecar_of
from .html import extract_html, strip_tags
from .meta import date_line, guess_country, guess_meta, iso_date, parse_date
from .page import Page, find_body

__all__ = [
    "MAX_BYTES", "SIDECAR", "STDIN", "SUFFIXES", "Page", "Reject", "date_line", "decode", "decode_checked",
    "error_document", "extract_html", "find_body", "guess_country", "guess_meta", "iso_date", "iter_files",
    "iter_path", "merge_meta", "missing_inputs", "parse_date", "read_path", "read_text", "sidecar_of", "strip_tags",
]
