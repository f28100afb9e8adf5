"""Facts of a document of any size, in bounded memory and linear time: a long body is extracted window by window.

    document_facts(document, extract=extract_facts) -> list[Fact]   # one per figure (repeats collapsed)
    one_window(document) -> bool                                      # a body extracted in one piece
    windows(text, start, end, size=WINDOW) -> [(start, end), ...]

A body longer than WINDOW characters (a book, a crawl dumped into one file, a page repeated a thousand
times) is cut into windows of at most WINDOW characters: at the last paragraph break of each window, else
its last sentence end, else its last space. Each window is extracted as the document's body (offsets stay
those of the whole text, fact ids do not change), so the cost of a window is bounded and the whole is linear
in the input. Articles (a few thousand characters) are one window: nothing changes for them.
"""
from __future__ import annotations

import re
from typing import Callable

from .merge import collapse_repeats
from .extract import extract_facts
from .schema import Document, Fact

WINDOW = 20_000  # characters; news articles are far shorter
# where to cut, best first: before a line break (the next window starts with it, so its first line is not
# taken for a headline), after a sentence end (not inside a number), after a space
_CUTS = ((re.compile(r"\n"), 0), (re.compile(r"(?<!\d)[.!؟?](?!\d)\s*"), 1), (re.compile(r"\s+"), 1))


def windows(text: str, start: int = 0, end: int | None = None, size: int = WINDOW) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    spans = []
    while end - start > size:
        cut = _cut(text, start, start + size)
        spans.append((start, cut))
        start = cut
    if end > start:
        spans.append((start, end))
    return spans


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the window that starts at `start`: the last good break before `limit` (past its midpoint)."""
    middle = start + (limit - start) // 2
    for pattern, after in _CUTS:
        last = None
        for last in pattern.finditer(text, middle, limit):
            pass
        if last is not None:
            return last.end() if after else last.start()
    return limit  # no space in half a window: a hard cut


def _body_end(document: Document) -> int:
    return len(document.text or "") if document.body_end is None else document.body_end


def one_window(document: Document) -> bool:
    """Is the document's body extracted in one piece (as news articles are)?"""
    return _body_end(document) - document.body_start <= WINDOW


def document_facts(document: Document, extract: Callable[[Document], list[Fact]] = extract_facts) -> list[Fact]:
    """Every figure of the document's body as a Fact, a figure repeated in repeated paragraphs once."""
    if document.status != "ok" or not document.text:
        return []
    spans = windows(document.text, document.body_start, _body_end(document))
    if len(spans) == 1:
        return collapse_repeats(extract(document))
    facts: list[Fact] = []
    for start, stop in spans:
        facts.extend(extract(document.model_copy(update={"body_start": start, "body_end": stop})))
    return collapse_repeats(facts)
