"""factex: structured, checkable facts from Arabic news.

    >>> import factex
    >>> facts = factex.extract("بلغ عدد المسجلين حوالي 22,5 مليون شخص")
    >>> facts[0].value, facts[0].unit, facts[0].qualifier
    (22500000.0, 'شخص', 'approx')
"""
from __future__ import annotations

from . import api as _api  # loads the stage modules first: `factex.extract` below stays the function
from .schema import Document, DocumentMeta, Fact, Mention, Record, Variant

__version__ = "0.1.0"
__all__ = ["extract", "extract_document", "merge", "read", "Document", "DocumentMeta", "Fact", "Mention", "Record", "Variant"]


def extract(text_or_path, **meta) -> list[Fact]:
    """Facts of one article, given as text or as a path to a file (.txt, .html, .json...)."""
    return _api.extract(text_or_path, **meta)


def extract_document(document: Document) -> list[Fact]:
    return _api.extract_facts(document)


def read(path) -> list[Document]:
    from .read import read_path

    return read_path(path)


def merge(facts) -> list[Record]:
    from .merge import merge as _merge

    return _merge(facts)
