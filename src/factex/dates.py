"""Dates in Arabic news text: month names of every region (Maghrebi يوليوز/غشت/دجنبر, Mashriqi
يوليو/أغسطس, Levantine تموز/آب/كانون الأول, Hijri months), numeric dates, years and year
spans, quarters, and relative expressions («مارس الماضي», «العام الماضي», «أمس») resolved
against the article's date. Results are ISO strings at the precision the text supports.

Works on the folded text and tokens of `factex.numbers`.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from .lexicon import load_table, words
from .normalize import fold
from .numbers import Token, tokenize
from .numbers import word_at as _word


@dataclass
class DateMention:
    start: int  # offsets in the folded text
    end: int
    iso: str  # YYYY, YYYY-MM or YYYY-MM-DD
    role: str = "point"  # point | since | span_start | span_end
    period_start: Optional[str] = None  # for quarters and halves: the first month


@lru_cache(maxsize=None)
def months() -> dict[str, tuple[int, str]]:
    return {fold(r["name"]): (int(r["month"]), r["region"]) for r in load_table("months")}


@lru_cache(maxsize=None)
def date_words() -> dict[str, tuple[str, str]]:
    return {fold(r["word"]): (r["kind"], r["value"]) for r in load_table("date_words")}


@lru_cache(maxsize=None)
def relative_phrases() -> list[tuple[tuple[str, ...], str, int]]:
    rows = [(tuple(fold(r["phrase"]).split()), r["unit"], int(r["offset"])) for r in load_table("relative_dates")]
    return sorted(rows, key=lambda r: -len(r[0]))


@lru_cache(maxsize=None)
def periods() -> list[tuple[tuple[str, ...], int, int]]:
    rows = [(tuple(fold(r["phrase"]).split()), int(r["first"]), int(r["last"])) for r in load_table("periods")]
    return sorted(rows, key=lambda r: -len(r[0]))



_NUMERIC = regex.compile(
    r"(?<!\d)(?:(?P<d>\d{1,2})\s?(?P<s>[-/.])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4})"
    r"|(?P<y2>\d{4})\s?(?P<s2>[-/.])\s?(?P<m2>\d{1,2})\s?(?P=s2)\s?(?P<d2>\d{1,2}))(?!\d)"
)


def _int(tokens: list[Token], i: int) -> Optional[int]:
    if 0 <= i < len(tokens) and tokens[i].kind == "num" and tokens[i].text.isdigit() and len(tokens[i].text) <= 4:
        return int(tokens[i].text)
    return None


def _month_at(tokens: list[Token], i: int) -> Optional[tuple[int, str, int]]:
    """(month, region, last token index) of a month name at token i («كانون الثاني» is two tokens)."""
    word = _word(tokens, i)
    if not word:
        return None
    for candidate in (word, word[1:] if word[:1] in "وب" else None):
        if not candidate:
            continue
        pair = candidate + " " + _word(tokens, i + 1)
        if pair in months():
            month, region = months()[pair]
            return month, region, i + 1
        if candidate in months():
            month, region = months()[candidate]
            return month, region, i
    return None


def _year_after(tokens: list[Token], j: int) -> tuple[Optional[int], int]:
    """A year right after token j, skipping «/آذار» alternates, «من», «سنة/عام»: (year, last index)."""
    k = j + 1
    if k < len(tokens) and tokens[k].text == "/" and _month_at(tokens, k + 1):
        k = _month_at(tokens, k + 1)[2] + 1
    while _word(tokens, k) in words("year_word"):
        k += 1
    year = _int(tokens, k)
    if year is not None and (1900 <= year <= 2100 or 1300 <= year <= 1500):
        return year, k
    return None, j


def hijri_to_gregorian(year: int, month: int, day: int = 1) -> dt.date:
    """Tabular Islamic calendar (may differ from the sighted calendar by a day or two)."""
    julian_day = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return dt.date.fromordinal(julian_day - 1721425)


def _iso(year: int, month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    try:
        if day:
            return dt.date(year, month, day).isoformat()
    except ValueError:
        day = None
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _shift_month(anchor: dt.date, months_: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + months_
    return index // 12, index % 12 + 1


def _relative_month(month: int, kind: str, anchor: Optional[dt.date]) -> Optional[str]:
    """«مارس الماضي» -> the last March before the anchor; «المقبل» the next; «الجاري» this year's."""
    if anchor is None:
        return None
    year = anchor.year
    if kind == "past" and month >= anchor.month:
        year -= 1
    elif kind == "next" and month <= anchor.month:
        year += 1
    return _iso(year, month)


def _resolve(unit: str, offset: int, anchor: Optional[dt.date]) -> Optional[str]:
    if anchor is None:
        return None
    if unit == "day":
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        return (anchor + dt.timedelta(weeks=offset)).isoformat()
    if unit == "month":
        return _iso(*_shift_month(anchor, offset))
    return _iso(anchor.year + offset)


def _role(tokens: list[Token], i: int) -> str:
    """«since» when منذ / ابتداء من stands a few words before, in the same clause."""
    for k in range(i - 1, max(-1, i - 8), -1):
        if tokens[k].kind == "sym" and tokens[k].text in "،,;:.":
            return "point"
        word = _word(tokens, k)
        if date_words().get(word, ("",))[0] == "since" or date_words().get(word[1:], ("",))[0] == "since":
            return "since"
    return "point"


@lru_cache(maxsize=None)
def _triggers() -> frozenset[str]:
    """Words that can start a date expression (numbers always can)."""
    return frozenset(_phrase_index()) | frozenset(name.split()[0] for name in months()) | frozenset(weekdays())


@lru_cache(maxsize=None)
def _phrase_index() -> dict[str, list[tuple[str, tuple]]]:
    """First word -> [(kind, row)] for periods and relative phrases, so each token costs one lookup."""
    index: dict[str, list[tuple[str, tuple]]] = {}
    for row in periods():
        index.setdefault(row[0][0], []).append(("period", row))
    for row in relative_phrases():
        index.setdefault(row[0][0], []).append(("relative", row))
    return index


def _phrases_at(tokens: list[Token], i: int) -> list[tuple[str, tuple]]:
    word = _word(tokens, i)
    found = _phrase_index().get(word)
    if found is None and word[:1] in "وبل":
        found = _phrase_index().get(word[1:])
    return found or []


def _match_phrase(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    words = [_word(tokens, i + k) for k in range(len(phrase))]
    if words and words[0][:1] in "وبل" and words[0][1:] == phrase[0]:
        words[0] = phrase[0]
    return tuple(words) == phrase


def find_dates(text: str, tokens: Optional[list[Token]] = None, anchor: Optional[dt.date] = None) -> list[DateMention]:
    """Date expressions of folded `text`, in text order."""
    tokens = tokens if tokens is not None else tokenize(text)
    found: list[DateMention] = []
    numeric = {m.start(): m for m in _NUMERIC.finditer(text)}
    used_until = -1
    triggers = _triggers()
    for i, tok in enumerate(tokens):
        if i <= used_until:
            continue
        if tok.kind != "num" and tok.text not in triggers and tok.text[1:] not in triggers:
            continue
        mention, last = _date_at(text, tokens, i, anchor, numeric)
        if mention:
            mention.role = mention.role if mention.role != "point" else _role(tokens, i)
            found.append(mention)
            used_until = last
    _mark_spans(found, tokens, text)
    return found


def _date_at(text, tokens, i, anchor, numeric) -> tuple[Optional[DateMention], int]:
    tok = tokens[i]
    if tok.start in numeric:
        m = numeric[tok.start]
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        if 1 <= int(month) <= 12 and 1900 <= int(year) <= 2100:
            last = max(k for k in range(i, len(tokens)) if tokens[k].start < m.end())
            return DateMention(m.start(), m.end(), _iso(int(year), int(month), int(day))), last
    for kind, row in _phrases_at(tokens, i):
        if not _match_phrase(tokens, i, row[0]):
            continue
        j = i + len(row[0]) - 1
        if kind == "period":
            _, first, last_month = row
            year, k = _year_after(tokens, j)
            if year:
                return DateMention(tok.start, tokens[k].end, _iso(year, last_month), period_start=_iso(year, first)), k
            continue
        _, unit, offset = row
        iso = _resolve(unit, offset, anchor)
        return (DateMention(tok.start, tokens[j].end, iso), j) if iso else (None, j)
    month = _month_at(tokens, i)
    if month:
        return _month_date(tokens, i, month, anchor)
    weekday = _weekday_date(tokens, i, anchor)
    if weekday:
        return weekday
    value = _int(tokens, i)
    if value is not None and 1900 <= value <= 2100 and not _counted(tokens, i + 1):
        return DateMention(tok.start, tok.end, _iso(value)), i
    return None, i


def _counted(tokens: list[Token], i: int) -> bool:
    """«2000 شخص», «2000 آخرون», «2000 ألف»: a count, not a year."""
    from .numbers import scales
    from .units import is_unit_word

    word = _word(tokens, i)
    return word in scales() or word in words("others") or is_unit_word(word)


@lru_cache(maxsize=None)
def weekdays() -> dict[str, int]:
    """folded weekday name -> Python weekday (Monday = 0)"""
    return {fold(r["name"]): int(r["weekday"]) - 1 for r in load_table("weekdays")}


def _weekday_date(tokens, i, anchor) -> Optional[tuple[DateMention, int]]:
    """«اليوم الثلاثاء», «يوم الجمعة», «الأربعاء الماضي»: the latest such day up to the article's
    date (before it with الماضي). A weekday followed by a full date is left to that date."""
    word = _word(tokens, i)
    day = weekdays().get(word[1:] if word[:1] == "و" and word[1:] in weekdays() else word)
    if day is None or anchor is None:
        return None
    after = _word(tokens, i + 1)
    if _int(tokens, i + 1) is not None or _month_at(tokens, i + 1):
        return None
    past = date_words().get(after, ("",))[0] == "past"
    if not past and _word(tokens, i - 1) not in words("today"):
        return None
    back = (anchor.weekday() - day) % 7 or (7 if past else 0)
    start = tokens[i - 1].start if _word(tokens, i - 1) in words("today") else tokens[i].start
    last = i + 1 if past else i
    return DateMention(start, tokens[last].end, (anchor - dt.timedelta(days=back)).isoformat()), last


def _month_date(tokens, i, month_info, anchor) -> tuple[Optional[DateMention], int]:
    month, region, last = month_info
    day = _int(tokens, i - 1)
    if day is None and _word(tokens, i - 1) in words("first_day"):
        day = 1  # «فاتح يوليوز 2025»
    start_tok = i - 1 if day is not None and 1 <= day <= 31 else i
    year, k = _year_after(tokens, last)
    if year is not None:
        if region == "hijri" or year < 1600:
            if region != "hijri":
                return None, k
            gregorian = hijri_to_gregorian(year, month, day or 1)
            iso = gregorian.isoformat() if day else _iso(gregorian.year, gregorian.month)
            return DateMention(tokens[start_tok].start, tokens[k].end, iso), k
        return DateMention(tokens[start_tok].start, tokens[k].end, _iso(year, month, day if start_tok < i else None)), k
    if region == "hijri":
        return None, last
    kind = date_words().get(_word(tokens, last + 1), ("",))[0]
    if kind in ("past", "next", "current"):
        iso = _relative_month(month, kind, anchor)
        if iso and start_tok < i:
            iso = _iso(int(iso[:4]), month, day)  # «14 مارس الجاري»
        return (DateMention(tokens[start_tok].start, tokens[last + 1].end, iso), last + 1) if iso else (None, last + 1)
    year = _year_ahead(tokens, last)
    if year is not None and start_tok < i:  # «28 يونيو – 4 يوليو 2015»
        return DateMention(tokens[start_tok].start, tokens[last].end, _iso(year, month, day)), last
    if anchor is not None and (start_tok < i or _word(tokens, i - 1) in words("month_context")):
        # a month without a year: the latest such month not after the article's date
        year = anchor.year - (1 if month > anchor.month else 0)
        return DateMention(tokens[start_tok].start, tokens[last].end, _iso(year, month, day if start_tok < i else None)), last
    return None, last


def _year_ahead(tokens: list[Token], last: int) -> Optional[int]:
    """The year closing a day range a few tokens on, before any clause break."""
    for k in range(last + 1, min(last + 6, len(tokens))):
        if tokens[k].text in ("،", ",", ".", ";"):
            return None
        value = _int(tokens, k)
        if value is not None and 1900 <= value <= 2100:
            return value
    return None


def _mark_spans(found: list[DateMention], tokens: list[Token], text: str) -> None:
    """«بين 2021 و2024», «من 2021 إلى 2024», «بين سنة 2021 ومتم سنة 2024»: a span start and end."""
    for left, right in zip(found, found[1:]):
        between = fold(text[left.end : right.start]).split()
        if not between or len(between) > 4:
            continue
        before = text[max(0, left.start - 12) : left.start].split()
        opener = before[-1] if before else ""
        if opener in ("سنه", "عام") and len(before) > 1:
            opener = before[-2]
        joined = between[0].startswith("و") or between[0] in words("span_joiner")
        if joined and opener in words("span_opener") and len(left.iso) <= len(right.iso) + 3:
            if left.role == "point":
                left.role = "span_start"
            right.role = "span_end"


def parse_date(text: str, anchor: Optional[dt.date] = None) -> Optional[str]:
    """The first date of a short string («سبتمبر 17, 2025», «09 - 02 - 2026»), ISO."""
    folded = fold(text)
    month_day_year = regex.search(r"([^\W\d_]+)\s+(\d{1,2})\s*[,،]\s*(\d{4})", folded)
    if month_day_year and month_day_year[1] in months():
        return _iso(int(month_day_year[3]), months()[month_day_year[1]][0], int(month_day_year[2]))
    found = find_dates(folded, anchor=anchor)
    return found[0].iso if found else None


def to_date(iso: Optional[str]) -> Optional[dt.date]:
    """An anchor date from an ISO string of any precision (the first day of the period)."""
    if not iso:
        return None
    parts = [int(p) for p in regex.findall(r"\d+", iso)[:3]]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
