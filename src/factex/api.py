"""Library entry points behind `factex.extract`."""
from __future__ import annotations

import os
from pathlib import Path

from .dedup import collapse_repeats
from .extract import extract_facts
from .read import read_path, read_text
from .schema import DocumentMeta, Fact


def _looks_like_path(value) -> bool:
    if isinstance(value, Path):
        return True
    return isinstance(value, str) and "\n" not in value and len(value) < 4096 and os.path.exists(value)


def extract(text_or_path, **meta) -> list[Fact]:
    if _looks_like_path(text_or_path):
        facts: list[Fact] = []
        for document in read_path(Path(text_or_path)):
            if document.status == "ok":
                facts.extend(collapse_repeats(extract_facts(document)))
        return facts
    document = read_text(str(text_or_path), doc=meta.pop("doc", "<text>"), meta=DocumentMeta(**meta))
    return collapse_repeats(extract_facts(document))
