"""factex: structured, checkable facts from Arabic news.

    >>> import factex
    >>> facts = factex.extract("بلغ عدد المسجلين حوالي 22,5 مليون شخص")
    >>> facts[0].value, facts[0].unit, facts[0].qualifier
    (22500000.0, 'شخص', 'approx')

Nothing is imported until it is used (`factex merge` needs neither the extraction stack nor pydantic).
"""
from __future__ import annotations

import sys
import types

__version__ = "0.1.0"
__all__ = ["extract", "extract_document", "merge", "read", "Document", "DocumentMeta", "Fact", "Mention", "Record", "Variant"]
_SCHEMA = ("Document", "DocumentMeta", "Fact", "Mention", "Record", "Variant")


def extract(text_or_path, **meta) -> list:
    """Facts of one article, given as text or as a path to a file (.txt, .html, .json...)."""
    from . import api

    return api.extract(text_or_path, **meta)


def extract_document(document) -> list:
    from . import api

    return api.extract_facts(document)


def read(path) -> list:
    from .read import read_path

    return read_path(path)


def merge(facts) -> list:
    from .merge import merge as _merge

    return _merge(facts)


def __getattr__(name: str):
    if name in _SCHEMA:
        from . import schema

        return getattr(schema, name)
    raise AttributeError(f"module 'factex' has no attribute {name!r}")


class _Package(types.ModuleType):
    """Importing a submodule sets it as an attribute of the package: the modules factex.extract,
    factex.read and factex.merge must not replace the functions of the same names."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and isinstance(self.__dict__.get(name), types.FunctionType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
