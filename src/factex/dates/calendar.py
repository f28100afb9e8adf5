"""Calendar arithmetic for date expressions: ISO strings at the precision the text supports,
month shifts, the article's anchor date, and the Hijri calendar."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex
from hijridate import Hijri

_DIGITS = regex.compile(r"\d+")


@dataclass(frozen=True)
class Anchor:
    """The article's date: what relative expressions («أمس», «مارس الماضي») resolve against.
    `precision` is day, month or year (an article whose text only fixes the year)."""

    date: dt.date
    precision: str = "day"

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def month(self) -> Optional[int]:
        return self.date.month if self.precision != "year" else None


def iso(year: int, month: Optional[int] = None, day: Optional[int] = None) -> str:
    """ISO text at the precision given (a day that does not exist gives the month)."""
    if day and month:
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            pass
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def step_back(unit: str, date: str) -> tuple[str, Optional[str]]:
    """(end, start) of the year / quarter / month / week before the one of ISO `date` ('' when `date` is
    not precise enough): 2018 -> 2017; 2019-06 (the second quarter) -> 2019-03, from 2019-01."""
    if not date:
        return "", None
    year, month = int(date[:4]), int(date[5:7]) if len(date) >= 7 else None
    if unit == "year":
        return iso(year - 1), None
    if month is None:
        return "", None
    if unit == "month":
        return iso(*shift_month(year, month, -1)), None
    if unit == "quarter":
        end = shift_month(year, month - (month - 1) % 3, -1)  # the month before the quarter's first
        return iso(*end), iso(*shift_month(*end, -2))
    if unit == "week" and len(date) >= 10:
        return (dt.date.fromisoformat(date[:10]) - dt.timedelta(weeks=1)).isoformat(), None
    return "", None


@lru_cache(maxsize=8192)
def to_date(text: Optional[str]) -> Optional[dt.date]:
    """A date from an ISO string of any precision (the first day of the period). (Cached: the same few
    dates are read for every figure of an article.)"""
    if not text:
        return None
    parts = [int(p) for p in _DIGITS.findall(text)[:3]]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


@lru_cache(maxsize=8192)
def to_anchor(text: Optional[str]) -> Optional[Anchor]:
    """An anchor from an ISO string; its precision is the string's."""
    date = to_date(text)
    if date is None:
        return None
    precision = {1: "year", 2: "month"}.get(len(_DIGITS.findall(text)[:3]), "day")
    return Anchor(date, precision)


@lru_cache(maxsize=4096)
def hijri_to_gregorian(year: int, month: int, day: int = 1) -> dt.date:
    """The Umm al-Qura calendar (hijridate: the official one of Saudi Arabia, 1343-1500 AH), whose
    month starts the arithmetic calendar can miss by a day («عيد الفطر 1436»: 17 July 2015, not the
    18th); outside its years, the tabular Islamic calendar."""
    try:
        return Hijri(year, month, 1).to_gregorian() + dt.timedelta(days=day - 1)
    except (ValueError, OverflowError):
        julian_day = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
        return dt.date.fromordinal(julian_day - 1721425)


def gregorian_year(hijri_year: int) -> int:
    """The Gregorian year in which most of a Hijri year falls."""
    return hijri_to_gregorian(hijri_year, 7, 1).year


def relative_month(month: int, kind: str, anchor: Optional[Anchor]) -> Optional[str]:
    """«مارس الماضي» -> the last March before the anchor; «المقبل» the next; «الجاري» this year's.
    With a year-precision anchor the month is taken in that year."""
    if anchor is None:
        return None
    year = anchor.year
    if anchor.month is not None:
        if kind == "past" and month >= anchor.month:
            year -= 1
        elif kind == "next" and month <= anchor.month:
            year += 1
    return iso(year, month)


def latest_month(month: int, anchor: Optional[Anchor]) -> Optional[int]:
    """The year of the latest such month not after the anchor (a month written without a year)."""
    if anchor is None:
        return None
    if anchor.month is None:
        return anchor.year
    return anchor.year - (1 if month > anchor.month else 0)


def resolve(unit: str, offset: int, anchor: Optional[Anchor]) -> Optional[str]:
    """`offset` days/weeks/months/years from the anchor, at that unit's precision."""
    if anchor is None:
        return None
    if unit in ("day", "week") and anchor.precision != "day":
        return None
    if unit == "day":
        return (anchor.date + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        return (anchor.date + dt.timedelta(weeks=offset)).isoformat()
    if unit == "month":
        if anchor.month is None:
            return None
        return iso(*shift_month(anchor.year, anchor.date.month, offset))
    return iso(anchor.year + offset)


def latest_hijri(month: int, day: int, anchor: Optional[Anchor], slack_days: int = 10) -> Optional[int]:
    """The Hijri year of the latest (month, day) that starts no later than the anchor (plus a
    few days: an article may be dated the day before an announced feast)."""
    if anchor is None:
        return None
    guess = int((anchor.year - 622) * 33 / 32) + 1
    limit = anchor.date + dt.timedelta(days=slack_days)
    years = [y for y in (guess - 1, guess, guess + 1) if hijri_to_gregorian(y, month, day) <= limit]
    return max(years) if years else None


def hijri_period(year: int, month: int, first: int = 1, last: Optional[int] = None) -> tuple[str, str]:
    """(end, start) ISO of days first..last of a Hijri month (the whole month without `last`):
    the end at day precision for a few days, at month precision for a whole month."""
    start = hijri_to_gregorian(year, month, first)
    if last is None:
        following = hijri_to_gregorian(year + (month == 12), month % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
        return iso(end.year, end.month), iso(start.year, start.month)
    end = hijri_to_gregorian(year, month, last)
    return start.isoformat() if first == last else end.isoformat(), start.isoformat()
