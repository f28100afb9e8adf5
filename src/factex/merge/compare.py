"""Comparing two mentions' figures, dates and counted nouns.

- values_agree(v1, max1, q1, v2, max2, q2) -> bool: can both figures be true (GUIDELINES: within
  0.5 %, or 5 % when either is qualified; ranges by both bounds; a point inside a range agrees)
- date_relation(d1, d2, start1, start2) -> 'same' | 'near' | 'within' | 'undated' | None
- unit_key(unit) -> (family, class): counts of people are one family; «قتيل»/«شهيد»/«جثة» one class
- is_specific(value): a figure unlikely to be reported for two statistics in one month
"""
from __future__ import annotations

import math
import re
from datetime import date as _date
from functools import lru_cache
from typing import Optional

from ..lexicon import load_table
from ..normalize import fold
from .terms import WORD, stem

TOL_EXACT = 0.005  # exact figures within 0.5 % agree (the guidelines' scorer: «cannot all be true»)
TOL_LOOSE = 0.05  # with an approx / gt / lt qualifier on either side, within 5 %
NEAR_DAYS = 3  # day-precision dates this close are "near" (a restated figure)
STOCK_DAYS = 7  # ... this close, one period of a register's count (words/register_word.txt)
GENERIC = "*"  # the class of a generic noun (شخص): it may stand for any class of its family


def tolerance(q1: Optional[str], q2: Optional[str]) -> float:
    return TOL_LOOSE if (q1 or q2) else TOL_EXACT


def close(x: float, y: float, tol: float) -> bool:
    return abs(x - y) <= tol * max(abs(x), abs(y)) + 1e-9


def values_agree(v1, m1, q1, v2, m2, q2) -> bool:
    """Can both figures be true? Exact figures: within TOL_EXACT (59 078 000 and 59 078 138; 170 and
    173 disagree). With an approx / gt / lt qualifier on either side: within TOL_LOOSE.
    Ranges: both bounds; a point inside the other's range agrees."""
    tol = tolerance(q1, q2)
    if m1 is None and m2 is None:
        return close(v1, v2, tol)
    if m1 is not None and m2 is not None:
        return close(v1, v2, tol) and close(m1, m2, tol)
    lo, hi, v = (v1, m1, v2) if m1 is not None else (v2, m2, v1)
    return lo * (1 - tol) <= v <= hi * (1 + tol)


@lru_cache(maxsize=16_384)
def significant_digits(value: float) -> int:
    text = f"{abs(value):.10g}".replace(".", "").lstrip("0").rstrip("0")
    return len(text.split("e")[0])


def is_specific(value: float) -> bool:
    """A figure unlikely to be reported for two different statistics in one month: 3+ significant digits,
    or 2 and at least 100 000 (8,6 million; 102 000; 97.08 %)."""
    sig = significant_digits(value)
    return sig >= 3 or (sig == 2 and abs(value) >= 100_000)


def ratio(x: float, y: float) -> float:
    x, y = abs(x), abs(y)
    return math.inf if min(x, y) == 0 else max(x, y) / min(x, y)


def gap(v1: float, m1: Optional[float], v2: float, m2: Optional[float]) -> float:
    """How far apart two figures are: the ratio of their nearest ends (a range's bound nearest the other
    figure: «ما بين 30 و40» is 2 times below 80), 1 when two ranges overlap."""
    hi1, hi2 = v1 if m1 is None else m1, v2 if m2 is None else m2
    if hi1 < v2:
        return ratio(hi1, v2)
    if hi2 < v1:
        return ratio(v1, hi2)
    return ratio(v1, v2) if m1 is None and m2 is None else 1.0


# ---------------------------------------------------------------- dates


@lru_cache(maxsize=1 << 16)
def parse_date(d: str) -> tuple[int, int, int]:
    parts = [int(p) for p in re.findall(r"\d+", d)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def _month_number(d: str) -> Optional[int]:
    y, m, _ = parse_date(d)
    return y * 12 + m - 1 if m else None


def months_apart(d1: Optional[str], d2: Optional[str]) -> int:
    """Months between two dates (a bare year read as its December); large when either is missing."""
    if not d1 or not d2:
        return 1 << 30
    (y1, m1, _), (y2, m2, _) = parse_date(d1), parse_date(d2)
    return abs((y1 * 12 + (m1 or 12)) - (y2 * 12 + (m2 or 12)))


def _span(d: str, start: Optional[str]) -> tuple[str, str]:
    """The period [first, last] a date with an optional period start covers, as ISO prefixes."""
    return (start or d), d


def _inside(d: str, first: str, last: str) -> bool:
    return first[: len(d)] <= d[: len(first)] and d[: len(last)] <= last[: len(d)]


def _finer(d: str, start: str) -> bool:
    """Is d a date inside a period rather than a period of the same kind (the year 2018 is not the
    fiscal year 2018-2019; the day 2015-08-04 is a day of the two days 2015-08-04 to 2015-08-05)?"""
    return len(d) > len(start) or len(d) >= 7


@lru_cache(maxsize=1 << 16)
def date_relation(d1: Optional[str], d2: Optional[str], start1: Optional[str] = None,
                  start2: Optional[str] = None) -> Optional[str]:
    """'same' (one a prefix of the other), 'near' (adjacent months, or days <= NEAR_DAYS apart),
    'within' (a date inside the other's period: 2018-06-16 in the fiscal year 2018-2019),
    'undated' (both missing), or None (different periods, or one date missing)."""
    if d1 is None and d2 is None:
        return "undated"
    if d1 is None or d2 is None:
        return None
    if d1.startswith(d2) or d2.startswith(d1):
        return "same"
    # a date inside the other's period; not a period inside a period (two running totals since one
    # day, to two days, are two figures: compared by their ends below)
    if (start1 and not start2 and _inside(d2, *_span(d1, start1)) and _finer(d2, start1)) or \
            (start2 and not start1 and _inside(d1, *_span(d2, start2)) and _finer(d1, start2)):
        return "within"
    if len(d1) < 7 or len(d2) < 7:
        return None
    try:
        if len(d1) >= 10 and len(d2) >= 10:
            a, b = _date(*parse_date(d1)), _date(*parse_date(d2))
            return "near" if abs((a - b).days) <= NEAR_DAYS else None
        return "near" if abs(_month_number(d1) - _month_number(d2)) == 1 else None
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------- counted nouns


@lru_cache(maxsize=1)
def _classes() -> dict[str, tuple[str, str]]:
    """Folded noun (lemma and its forms from units.tsv) -> (family, class)."""
    forms: dict[str, list[str]] = {}
    for row in load_table("units"):
        forms[fold(row["lemma"])] = [fold(f.strip()) for f in (row.get("forms") or "").split(",") if f.strip()]
    table: dict[str, tuple[str, str]] = {}
    for row in load_table("counted_classes"):
        lemma = fold(row["lemma"])
        entry = (fold(row["family"]), row["class"] if row["class"] == GENERIC else fold(row["class"]))
        for form in [lemma, *forms.get(lemma, ())]:
            table.setdefault(form, entry)
            table.setdefault(stem(form), entry)
    return table


@lru_cache(maxsize=1)
def _named_classes() -> dict[str, str]:
    """Stem -> class of the nouns that fix what a count counts when a metric phrase names them."""
    named = {fold(r["class"]) for r in load_table("counted_classes") if r.get("in_metric") == "yes"}
    return {w: cls for w, (_fam, cls) in _classes().items() if cls in named}


def is_toll(cls: Optional[str]) -> bool:
    """A class that a metric naming it fixes (the dead, the injured, the missing, the detained): a toll,
    which an event's articles give bare («عدد القتلى») as often as worded in full."""
    return cls is not None and cls in _named_classes().values()


@lru_cache(maxsize=10_000)
def unit_key(unit: Optional[str]) -> tuple[str, Optional[str]]:
    """(family, class): ISO codes and '%' are their own family; counted nouns by counted_classes.tsv
    (counts of people share the family 'person'; شخص/مواطن are generic: class None); any other noun
    is a family and class of its own."""
    if not unit:
        return "", None
    u = unit.strip()
    if u.isascii():
        return u.upper(), u.upper()
    f = fold(u)
    words = f.split()
    stemmed = " ".join([stem(words[0]), *words[1:]]) if words else f
    classes = _classes()
    found = classes.get(f) or classes.get(stemmed)
    if found:
        family, cls = found
        return family, None if cls == GENERIC else cls
    return stemmed, stemmed


def units_compatible(c1: Optional[str], c2: Optional[str]) -> bool:
    return c1 is None or c2 is None or c1 == c2


def is_person(family: str) -> bool:
    return family == "person"


@lru_cache(maxsize=1)
def generic_person_stems() -> frozenset:
    """Stems of the generic nouns of people (شخص، مواطن): left out of a person count's metric phrase."""
    return frozenset(stem(w) for w, (fam, cls) in _classes().items() if cls == GENERIC and WORD.fullmatch(w))


@lru_cache(maxsize=8192)
def class_in_metric(terms: frozenset) -> tuple[Optional[str], frozenset]:
    """The class of people a metric phrase names («عدد القتلى», «حالات الوفاة»): (that class, the terms
    without it); (None, terms) when the phrase names none, or two."""
    classes = _named_classes()
    found = {t: classes[t] for t in terms if t in classes}
    if len(set(found.values())) != 1:
        return None, terms
    return next(iter(found.values())), terms - set(found)


def within_days(d1: Optional[str], d2: Optional[str], days: int) -> bool:
    """Two day-precision dates at most `days` apart."""
    if not d1 or not d2 or len(d1) < 10 or len(d2) < 10:
        return False
    try:
        return abs((_date(*parse_date(d1)) - _date(*parse_date(d2))).days) <= days
    except (ValueError, TypeError):
        return False
