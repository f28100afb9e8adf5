"""The body of a text page: lines classified as paragraphs, short lines, menus or chrome breaks
(chrome phrases of data/ar/boilerplate.tsv, headline tickers); the block between breaks with the most
paragraph text holds the article body.

    find_body(text) -> Page    # body_start/body_end offsets, lines and their kinds, notes on the cuts
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..lexicon import load_table
from ..normalize import fold, normalize

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
BULLET = re.compile(r"^[•·▪●◦►▶■□\-–—*|»]\s*")
DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
WORD = re.compile(r"\w+")


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


def cue(kind: str, text: str) -> bool:
    pattern = _cues().get(kind)
    return bool(pattern and pattern.search(_folded(text)))


def after_cue(kind: str, text: str) -> Optional[str]:
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
    if len(text) <= SHORT_LINE and (cue("end", text) or cue("chrome", text)):
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
        if line.kind == "short" and len(line.text) <= SHORT_LINE and cue("inline", line.text):
            following = [ln for ln in lines[i + 1 :] if ln.kind != "blank"][:3]
            if not any(ln.kind == "prose" for ln in following):
                line.kind = "break"


def _is_menu_item(text: str) -> bool:
    item = BULLET.sub("", text)
    return (len(item) <= MENU_LINE and len(item.split()) <= MENU_WORDS
            and not DIGIT.search(item) and not _SENTENCE_END.search(item))


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
        if sum(bool(BULLET.match(ln.text)) for ln in run) >= 3 or len(run) >= 5:
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


def nonblank(lines: list[Line]) -> list[Line]:
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
    glued = _glued_end(lines[page.last])
    if glued is not None and (page.body_end is None or glued < page.body_end):
        page.body_end = glued
        page.notes.append(f"chrome glued to the end of line {page.last + 1}")
    return page


def _glued_end(line: Line) -> Optional[int]:
    """Where an end-of-article phrase glued to the last paragraph begins («... القادم. رابط الخبر بصحيفة
    الوئام: النفط يتراجع ...»: a page that lost its line breaks), when what follows it is a short line."""
    folded = normalize(line.text)
    for match in _cues()["end"].finditer(folded.text):
        start = folded.to_original(match.start())
        before = line.text[:start].rstrip()
        if before and len(line.text) - start <= SHORT_LINE and _SENTENCE_END.search(before):
            return line.start + len(before)
    return None
