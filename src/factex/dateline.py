"""The dateline that opens a news story: where it was filed, by which agency, on which date.

    «عمّان 3-5-2016 (بترا) -»      place عمان, agency بترا, date 3-5-2016
    «بيروت (رويترز) -»              place بيروت, agency رويترز
    «الرياض - واس»، «واس- الرياض:»  place الرياض, agency واس
    «القاهرة - د ب أ»              place القاهرة, agency د ب أ
    «سبق- جدة:»                     place جدة (سبق signs its own story: no agency)
    «القاهرة، مصر (CNN)—»          place «القاهرة، مصر», agency CNN

`find_dateline(text)` works on folded text (`normalize.fold`) and looks at the start of the first
few lines (a headline may come first); offsets are in that text. Agency names are the table
`data/ar/agencies.tsv`; a place is recognised by its position (beside an agency or a bracketed
signature) or, alone before a dash or colon, by the `place` rows of `data/ar/countries.tsv`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .lexicon import load_months, load_table
from .normalize import fold

LINES_SEARCHED = 3  # a headline, a byline, then the dateline at the latest
HEAD_CHARS = 90
_BULLETS = " \t*•·\u202f\xa0"  # a dateline is short: it ends within the first characters of its line
MAX_PLACE_WORDS = 4
MAX_SEGMENT_WORDS = 3

_NUMERIC_DATE = re.compile(r"\d{1,4}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{1,4}")
_BRACKET = re.compile(r"\(\s*([^()\n]{1,30}?)\s*\)[\s\-–—:]*")
_SEPARATOR = re.compile(r"\s*[-–—/]+\s*")  # between the parts of «خالد العمري-سبق-الرياض»
_DIGIT = re.compile(r"\d")
_SEPARATOR_AT = re.compile(r"\s[-–—/]|[-–—/]\s")
_END = re.compile(r"\s*[:\-–—/]*\s*")


@dataclass(frozen=True)
class Dateline:
    start: int  # the dateline's span in the text (up to and including its closing dash or colon)
    end: int
    place: Optional[str]  # as written (folded), «القاهرة، مصر»
    agency: Optional[str]  # a news agency (not the outlet signing its own story)
    date_start: Optional[int] = None  # span of the date written in the dateline, if any
    date_end: Optional[int] = None
    place_span: Optional[tuple[int, int]] = None
    agency_span: Optional[tuple[int, int]] = None


@lru_cache(maxsize=None)
def _agencies() -> dict[str, str]:
    """Folded agency name (also without spaces or dots: «د.ب.أ» = «د ب أ») -> kind."""
    names = {}
    for row in load_table("agencies"):
        name = fold(row["name"])
        names[name] = names[_squeeze(name)] = row["kind"]
    return names


@lru_cache(maxsize=None)
def _places() -> frozenset[str]:
    return frozenset(fold(row["term"]) for row in load_table("countries") if row["kind"] == "place")


@lru_cache(maxsize=None)
def _month_names() -> frozenset[str]:
    return frozenset(fold(name) for name in load_months("all"))


def _squeeze(text: str) -> str:
    return re.sub(r"[\s.]+", "", text)


@lru_cache(maxsize=4096)
def agency_kind(name: str) -> Optional[str]:
    """agency / outlet / generic for a folded name of the agencies table, else None."""
    table = _agencies()
    name = name.strip()
    if len(name) > 30:
        return None
    return table.get(name) or table.get(_squeeze(name))


def find_dateline(text: str) -> Optional[Dateline]:
    """The dateline at the start of one of the first lines of the folded text, or None."""
    offset, searched = 0, 0
    while searched < LINES_SEARCHED and offset <= len(text):
        stop = text.find("\n", offset)
        stop = len(text) if stop < 0 else stop
        start = offset
        while start < stop and text[start] in _BULLETS:
            start += 1
        if start < stop:
            searched += 1
            found = _in_line(text[start : min(stop, start + HEAD_CHARS)], start, stop - start <= HEAD_CHARS)
            if found:
                return found
        offset = stop + 1
    return None


def _in_line(head: str, base: int, whole_line: bool) -> Optional[Dateline]:
    return _bracketed(head, base) or _segmented(head, base, whole_line) or _agency_alone(head, base)


def _bracketed(head: str, base: int) -> Optional[Dateline]:
    """«بيروت (رويترز) -», «عمان 3-5-2016 (بترا) -», «القاهرة، مصر (CNN)—»."""
    bracket = head.find("(", 1, 70)
    if bracket < 0 or _SEPARATOR_AT.search(head, 0, bracket):
        return None  # «رويترز - بنغازي (ليبيا):» has parts: `_segmented` reads it
    m = _BRACKET.match(head, bracket)
    if not m:
        return None
    agency = m.group(1)
    if len(agency.split()) > 4 or any(ch.isdigit() for ch in agency):
        return None
    place_text, place_span, date_span = _place_and_date(head, 0, m.start())
    if place_text is None or len(place_text.split()) > MAX_PLACE_WORDS:
        return None
    closed = head[head.index(")", m.start()) + 1 : m.end()]
    known = agency_kind(agency) or date_span or _is_place(place_text.split("،")[0].strip())
    if not known or not any(ch in closed for ch in ":-–—"):
        return None  # «وقال أنس (محلل): », «ارتفاع الأسعار (تقرير)»: brackets, not a signature
    kind = agency_kind(agency)
    a_span = (m.start(1), m.end(1)) if kind != "generic" else None
    return _make(base, m.end(), place_text, place_span, agency if a_span else None, a_span, date_span)


def _segmented(head: str, base: int, whole_line: bool) -> Optional[Dateline]:
    """«الرياض - واس», «واس- الرياض:», «خالد العمري-سبق-الرياض:», «سبق- جدة:», «الرياض:»."""
    colon = head.find(":", 0, 60)
    pieces = _split(head, 0, colon if colon >= 0 else len(head))
    kinds = [_kind(head[a:b]) for a, b in pieces]
    if colon >= 0:
        if len(pieces) > 3 or any(_too_long(head, p) for p in pieces):
            return None
        kept = pieces
        end = colon + 1
    else:
        if len(pieces) < 2:
            return None
        kept = _leading_parts(head, pieces, kinds, whole_line)
        if not kept:
            return None
        end = _END.match(head, kept[-1][1]).end()
    kinds = kinds[: len(kept)]
    if len(kept) == 2 and kinds.count("agency") == 1 and None in kinds:
        kinds = ["place" if k is None else k for k in kinds]  # «واس - بريدة»: beside an agency, the place
    if "agency" not in kinds and "place" not in kinds:
        return None
    place = next((p for p, k in zip(reversed(kept), reversed(kinds)) if k == "place"), None)
    agency = next((p for p, k in zip(kept, kinds) if k == "agency"), None)
    return _make(base, end, head[place[0]:place[1]] if place else None, place,
                 head[agency[0]:agency[1]] if agency else None, agency, None)


def _leading_parts(head: str, pieces, kinds, whole_line: bool) -> list[tuple[int, int]]:
    """Without a colon, the dateline is the parts before the story: known places and agencies,
    after a reporter's name at most («خالد العمري - سبق - تبوك - ...»)."""
    kept = []
    for k, (piece, kind) in enumerate(zip(pieces[:-1], kinds)):  # the last piece is the story
        if _too_long(head, piece):
            break
        if kind is not None or (k == 0 and len(pieces) > 2 and kinds[1] is not None):
            kept.append(piece)
        elif len(kept) == 1 and kinds[0] == "agency" and len(pieces) == 2:
            kept.append(piece)
        else:
            break
    last, last_kind = pieces[-1], kinds[len(pieces) - 1]
    if len(kept) == len(pieces) - 1 and whole_line and not _too_long(head, last) and (last_kind or len(kept) == 1 and kinds[0] == "agency"):
        kept.append(last)  # «الرياض - واس» alone on its line
    return kept


def _kind(text: str) -> Optional[str]:
    """agency / outlet / generic (the agencies table), place (a known place), None."""
    if len(text) > 40 or _DIGIT.search(text):
        return "digits" if _DIGIT.search(text) else None
    return agency_kind(text) or ("place" if _is_place(text) else None)


def _too_long(head: str, span: tuple[int, int]) -> bool:
    return span[0] == span[1] or len(head[span[0]:span[1]].split()) > MAX_SEGMENT_WORDS


def _agency_alone(head: str, base: int) -> Optional[Dateline]:
    """A line that is only an agency's signature: «و م ع», «(واس)»."""
    core = head.strip().strip("()-–—: ")
    if not core or agency_kind(core) != "agency" or len(head.strip()) > len(core) + 6:
        return None
    start = head.find(core)
    return _make(base, len(head.rstrip()), None, None, core, (start, start + len(core)), None)


def _split(head: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for m in _SEPARATOR.finditer(head, start, end):
        spans.append((begin, m.start()))
        begin = m.end()
    spans.append((begin, end))
    return [_trim(head, a, b) for a, b in spans]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ،,\u202f":
        a += 1
    while b > a and text[b - 1] in " ،,\u202f":
        b -= 1
    return a, b


def _place_and_date(head: str, a: int, b: int):
    """Split «عمان 3-5-2016» into the place and the date's span."""
    date = _NUMERIC_DATE.search(head, a, b) or _written_date(head, a, b)
    place_end = date.start() if date else b
    pa, pb = _trim(head, a, place_end)
    if pa >= pb or any(ch.isdigit() for ch in head[pa:pb]):
        return None, None, None
    return head[pa:pb], (pa, pb), (date.start(), date.end()) if date else None


def _written_date(head: str, a: int, b: int):
    """«عمان 3 مايو 2016 (بترا)»: a day, a month name and a year."""
    for m in re.finditer(r"(\d{1,2})\s+(\S+)\s+(\d{4})", head[a:b]):
        if m.group(2) in _month_names():
            return re.compile(re.escape(m.group(0))).search(head, a + m.start(), b)
    return None


def _is_place(text: str) -> bool:
    places = _places()
    words = text.split()
    return text in places or (bool(words) and words[0] in places and len(words) <= 2)


def _shift(span, base):
    return (base + span[0], base + span[1]) if span else None


def _make(base, end, place, place_span, agency, agency_span, date_span) -> Dateline:
    """A Dateline from spans relative to the line starting at `base`."""
    date_span = _shift(date_span, base)
    return Dateline(
        start=base, end=base + end, place=place, agency=agency,
        date_start=date_span[0] if date_span else None, date_end=date_span[1] if date_span else None,
        place_span=_shift(place_span, base), agency_span=_shift(agency_span, base),
    )
