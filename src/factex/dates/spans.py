"""Dates read together: a pair that names one period («يناير وفبراير 2025», «يومي الأحد والاثنين»),
the two ends of a span («بين 2019 و2023», «من 14 يوليوز إلى 2 غشت 2022»), and a period named again
in another year («الفترة ذاتها من 2022»), which takes the period of the date named before it, and the
period before it («العام الذي سبقه»)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from ..lexicon import words
from ..normalize import fold
from ..numbers import Token
from .calendar import iso, step_back
from .expressions import DateMention

DASHES = ("-", "–", "—")
SAME_PERIOD_REACH = 400  # characters back to the date whose period «الفترة ذاتها» repeats


def join_pairs(found: list[DateMention], tokens: list[Token], text: str) -> list[DateMention]:
    """Two months or two days joined by «و» are one period, dated by the later one."""
    joined: list[DateMention] = []
    for mention in found:
        previous = joined[-1] if joined else None
        if previous is not None and _restates(previous, mention, text):
            mention.start = previous.start  # «5-9 شوال 1440هـ الموافق 8 – 12 يونيو 2019م»: one date
            joined[-1] = mention
        elif previous is not None and _pair(previous, mention, text):
            joined[-1] = _period_of(previous, mention)
        else:
            joined.append(mention)
    return joined


def _restates(left: DateMention, right: DateMention, text: str) -> bool:
    """The second date gives the first in another calendar («... 1445هـ الموافق 19 مارس»)."""
    between = [w for w in fold(text[left.end : right.start]).split() if w not in words("hijri_mark")]
    return len(between) == 1 and between[0] in words("equivalent_date")


def _pair(left: DateMention, right: DateMention, text: str) -> bool:
    between = text[left.end : right.start].strip()
    if between in DASHES and len(left.iso) == len(right.iso) == 10 and left.iso < right.iso and not left.period_start:
        return True  # «25 فبراير – 3 مارس 2019»
    glued = between == "" and text[right.start : right.start + 1] == "و"
    rest = fold(between[1:]).strip(" (")
    if between[:1] == "و" and (rest in words("month_pair_noun") or (right.kind == "weekday" and rest in words("today"))):
        between = "و"  # «يونيو وشهر يوليو», «يوم أمس واليوم (الأربعاء)»
    if not (glued or between == "و") or left.role != "point" or _spans_months(left) or right.period_start:
        return False
    months_ = len(left.iso) == 7 and len(right.iso) == 7
    days = left.kind == "weekday" and right.kind == "weekday"
    # «يوم أمس واليوم (الأربعاء)», «أمس وأول أمس»: two days said relative to the article's, one period
    relative_days = {left.kind, right.kind} <= {"weekday", "relative"} and len(left.iso) == len(right.iso) == 10 \
        and 0 < abs(_days_apart(left.iso, right.iso)) <= 2 and not any(ch.isdigit() for ch in text[left.start : right.end])
    return months_ or days or relative_days


def _days_apart(a: str, b: str) -> int:
    return (dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days


def _spans_months(mention: DateMention) -> bool:
    """A period of more than its own month («الربع الأول»; not «النصف الثاني من يونيو»)."""
    return bool(mention.period_start) and mention.period_start != mention.iso


def _period_of(left: DateMention, right: DateMention) -> DateMention:
    if len(left.iso) == 7 and left.kind != "absolute":  # «يناير وفبراير 2025»: the first month takes the second's year
        year, month = int(right.iso[:4]), int(left.iso[5:7])
        start = iso(year if month <= int(right.iso[5:7]) else year - 1, month)
    else:
        start = left.iso
    start, end = sorted((start, right.iso))
    return DateMention(left.start, right.end, end, role=right.role, period_start=start, kind=right.kind)


def mark_spans(found: list[DateMention], text: str) -> None:
    """«بين 2019 و2023», «من 2019 إلى 2023», «بين سنة 2019 ومتم سنة 2023»: a span start and end."""
    for left, right in zip(found, found[1:]):
        between = [w for w in fold(text[left.end : right.start]).split() if w not in ("،", ",")]
        while len(between) > 1 and _bare(between[-1]) in words("period_edge"):
            between.pop()  # «وحتى متم يونيو»
        if not between or len(between) > 4:
            continue
        before = text[max(0, left.start - 24) : left.start].split()
        while len(before) > 1 and (before[-1] in words("year_noun") or before[-1] in _weekday_words()
                                   or before[-1] in words("period_edge")):
            before.pop()  # «بين سنة 2019», «من الأحد 9 مارس»
        opener = before[-1] if before else ""
        joined = between[0].startswith("و") or between[0] in words("span_joiner")
        if joined and opener in words("span_opener") and len(left.iso) <= len(right.iso) + 3:
            if left.role == "point":
                left.role = "span_start"
            right.role = "span_end"


def _bare(word: str) -> str:
    return word[1:] if word[:1] == "و" and len(word) > 3 else word


def _weekday_words() -> frozenset[str]:
    from .expressions import weekdays

    return frozenset(weekdays())


def resolve_same_periods(found: list[DateMention], text: str = "") -> list[DateMention]:
    """«مقابل 61 ألف زائر في الشهر نفسه من العام السابق»: the month of the date before, a year back;
    «خلال الفترة نفسها» (no year): the period named before itself. Unresolved ones are dropped. «في العام
    الذي سبقه», «الربع السابق»: the period before the date named before (else, as read, before the article's)."""
    kept = []
    for k, mention in enumerate(found):
        if mention.back:  # «مقابل 750 مليونا في العام الذي سبقه»: the period before the date named before
            model = _previous_dated(found, k, text, 4 if mention.back == "year" else 7)
            end, start = step_back(mention.back, model.iso) if model is not None else ("", None)
            if end:
                mention.iso, mention.period_start = end, start
        if mention.kind == "same_period":
            model = _previous_with_month(found, k, text)
            if model is None and not mention.iso:
                continue
            if model is not None:
                year = int(mention.iso[:4]) if mention.iso else int(model.iso[:4])
                shift = year - int(model.iso[:4])
                mention.iso = f"{year:04d}{model.iso[4:]}"
                if model.period_start:
                    mention.period_start = f"{int(model.period_start[:4]) + shift:04d}{model.period_start[4:]}"
        kept.append(mention)
    return kept


def _previous_with_month(found: list[DateMention], k: int, text: str) -> Optional[DateMention]:
    return _previous_dated(found, k, text, 7)


def _previous_dated(found: list[DateMention], k: int, text: str, precision: int) -> Optional[DateMention]:
    """The date named before mention k (within SAME_PERIOD_REACH), at least `precision` characters of ISO."""
    for candidate in reversed(found[:k]):
        if found[k].start - candidate.end > SAME_PERIOD_REACH:
            return None
        if len(candidate.iso) >= precision and (candidate.kind != "same_period" or candidate.period_start) \
                and not _compared(candidate, text):
            return candidate
    return None


def _compared(mention: DateMention, text: str) -> bool:
    """«مقارنة بشهر أبريل»: the base of a comparison, not the period a later «ذات الفترة» repeats."""
    before = fold(text[max(0, mention.start - 24) : mention.start]).split()[-2:]
    return any(w in words("compared_with") or (w[:1] in "وب" and w[1:] in words("compared_with")) for w in before)
