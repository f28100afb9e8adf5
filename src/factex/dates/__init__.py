"""Dates in Arabic news text, resolved to ISO strings at the precision the text supports.

    find_dates(folded_text, tokens, anchor) -> [DateMention]   (offsets in the folded text)

Month names of every region (Maghrebi يوليوز/غشت/دجنبر, Mashriqi يوليو/أغسطس, Levantine تموز/آب,
Algerian جويلية, Hijri months), numeric dates, years and spans, parts of a year, the last N months,
weekdays, and relative expressions resolved against the article's date (`Anchor`). A period is
dated by its end, with `period_start`; `role` says how the date stands in its clause (since:
«منذ», from: «ابتداء من», span_start/span_end: «بين 2019 و2023»).

This is a small grammar over the project's tables rather than dateparser: dateparser finds single
dates in short strings, but not Arabic periods («النصف الأول من العام الحالي»), the regional month
names with their pairs («يونيو/حزيران»), or the roles a date plays for a figure, and its
`search_dates` is about 4x slower than this whole pipeline (see `make bench`).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Optional, Union

from ..lexicon import load_table, words
from ..normalize import fold
from ..numbers import Token, tokenize
from ..numbers import word_at as _word
from .calendar import Anchor, hijri_to_gregorian, iso, to_anchor, to_date
from .expressions import (
    NUMERIC,
    DateMention,
    date_words,
    month_at,
    month_date,
    months,
    numeric_date,
    phrase_date,
    triggers,
    weekday_date,
    weekdays,
    year_date,
)
from .spans import join_pairs, mark_spans, resolve_same_periods

__all__ = [
    "Anchor", "DateMention", "find_dates", "parse_date", "to_date", "to_anchor", "hijri_to_gregorian", "iso",
    "month_at", "months", "weekdays",
]


def find_dates(text: str, tokens: Optional[list[Token]] = None, anchor: Union[Anchor, dt.date, None] = None) -> list[DateMention]:
    """Date expressions of folded `text`, in text order."""
    tokens = tokens if tokens is not None else tokenize(text)
    if isinstance(anchor, dt.date):
        anchor = Anchor(anchor)
    numeric = {m.start(): m for m in NUMERIC.finditer(text)}
    found: list[DateMention] = []
    used_until = -1
    starts = triggers()
    for i, tok in enumerate(tokens):
        if i <= used_until:
            continue
        if tok.kind != "num" and tok.text not in starts and tok.text[1:] not in starts and not (
                tok.text.startswith("لل") and "ال" + tok.text[2:] in starts):  # «للعام الحالي»
            continue
        mention, last = _date_at(text, tokens, i, anchor, numeric)
        if mention:
            if mention.role == "point":
                first = i
                while first > 0 and tokens[first - 1].start >= mention.start:
                    first -= 1  # the mention's first token («1» of «1 يوليو»)
                mention.role = "since" if _since_after(tokens, last) or _from_start_of_current(tokens, first, mention, anchor) \
                    else _role(tokens, first)
            if mention.role == "from" and mention.kind == "relative" and anchor is not None:
                _nearest_occurrence(mention, anchor)
            found.append(mention)
            used_until = last
    found = join_pairs(found, tokens, text)
    mark_spans(found, text)
    found = resolve_same_periods(found, text)
    return found


def _date_at(text, tokens, i, anchor, numeric) -> tuple[Optional[DateMention], int]:
    if tokens[i].kind == "num":
        mention, last = numeric_date(text, tokens, i, numeric)
        if mention:
            return mention, last
    for parse in (phrase_date, month_date, weekday_date):
        mention, last = parse(tokens, i, anchor)
        if mention:
            return mention, last
    return year_date(tokens, i)


def _role(tokens: list[Token], i: int) -> str:
    """«since» when منذ stands a few words before in the same clause, «from» after ابتداء/اعتبارا من."""
    for k in range(i - 1, max(-1, i - 12), -1):
        if tokens[k].kind == "sym" and tokens[k].text in "،,;:.":
            return "point"
        if tokens[k].kind == "num" and not (tokens[k].text.isdigit() and 1300 <= int(tokens[k].text) <= 2100):
            return "point"  # «اعتبارا من العام 2016 و795 مليون يورو هذه السنة»: the «من» opens another date
        word = _word(tokens, k)
        joiner = word in words("span_joiner") or word[1:] in words("span_joiner")
        if joiner and (k >= i - 2 or word in _until_words() or word[1:] in _until_words()):
            return "point"  # «منذ مطلع مارس وحتى متم أغسطس», «بدءا من أول أيام العيد حتى انتهاء الإجازة لهذا العام»: a span's end
        kind = _date_word_kind(word)
        if kind == "from" and any(_date_word_kind(_word(tokens, j)) == "since" for j in range(max(0, k - 2), k)):
            return "since"  # «منذ بدء المعركة في الثالث من يوليو»: since the start, not from a date on
        if kind in ("since", "from"):
            return kind
    return "point"


def _since_after(tokens: list[Token], last: int) -> bool:
    """«في سبتمبر 2014 وما تلاها»: a date followed by «and what followed it» starts a period."""
    return last + 2 < len(tokens) and f"{_word(tokens, last + 1)} {_word(tokens, last + 2)}" in words("since_after")


def _from_start_of_current(tokens: list[Token], first: int, mention: DateMention, anchor: Optional[Anchor]) -> bool:
    """«من بداية هذا العام», «من مطلع الشهر الجاري»: from the start of the period the article is in, to
    now, as «منذ» says; not a named period with its own start («من بداية رمضان» in the month it ended:
    the figures after it are of it)."""
    if first < 2 or anchor is None or mention.period_start or not anchor.date.isoformat().startswith(mention.iso):
        return False
    return _word(tokens, first - 1) in words("period_edge") and _word(tokens, first - 2) == "من"


def _date_word_kind(word: str) -> str:
    return date_words().get(word, ("",))[0] or date_words().get(word[1:], ("",))[0]


@lru_cache(maxsize=1)
def _until_words() -> frozenset:
    """«حتى»: the words of date_prepositions.tsv that end a span («until»)."""
    return frozenset(fold(r["word"]) for r in load_table("date_prepositions") if r["kind"] == "until")


def _nearest_occurrence(mention: DateMention, anchor: Anchor) -> None:
    """«اعتبارا من أول تموز» in June: this July, not last year's (a start is often ahead); a year named
    relative to the article («هذا العام») stays."""
    if len(mention.iso) == 4:
        return
    date = to_date(mention.iso)
    ahead = date.replace(year=date.year + 1) if date and date < anchor.date else None
    if ahead is not None and (ahead - anchor.date) < (anchor.date - date):
        mention.iso = f"{ahead.year:04d}{mention.iso[4:]}"


def parse_date(text: str, anchor: Optional[dt.date] = None) -> Optional[str]:
    """The first date of a short string («سبتمبر 17, 2025», «04 - 11 - 2025»), ISO."""
    import regex

    folded = fold(text)
    month_day_year = regex.search(r"([^\W\d_]+)\s+(\d{1,2})\s*[,،]\s*(\d{4})", folded)
    if month_day_year and month_day_year[1] in months():
        return iso(int(month_day_year[3]), months()[month_day_year[1]][0], int(month_day_year[2]))
    found = find_dates(folded, anchor=anchor)
    return found[0].iso if found else None

