"""The date grammar, token by token: numeric dates, month names of every region (with a day, a
year, «الماضي», a second name «يونيو/حزيران»), years (Gregorian and Hijri), relative expressions
(«أمس», «الشهر الماضي»), weekdays, parts of a year («الربع الثاني من العام الحالي»), the last N
months («خلال الشهرين الماضيين») and a period named again in another year («الفترة ذاتها من 2022»).

Every function takes the folded tokens and a position and returns (DateMention, last token) or
(None, position). The words come from the tables in data/ar (months, weekdays, date_words,
relative_dates, periods, recent_periods, same_periods, previous_periods) and the word lists in data/ar/words.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..lexicon import load_table, words
from ..normalize import fold
from ..numbers import Token
from ..numbers import word_at as _word
from .calendar import (
    Anchor, gregorian_year, hijri_period, hijri_to_gregorian, iso, latest_hijri, latest_month, relative_month, resolve, shift_month,
    step_back,
)


@dataclass
class DateMention:
    start: int  # offsets in the folded text
    end: int
    iso: str  # YYYY, YYYY-MM or YYYY-MM-DD: the date, or the end of a period
    role: str = "point"  # point | since | from | span_start | span_end
    period_start: Optional[str] = None  # for periods: the first month or day
    kind: str = "absolute"  # absolute | relative (resolved against the anchor) | weekday | same_period
    back: Optional[str] = None  # «العام السابق»: the unit to step back from the date named before (spans)


# ---------------------------------------------------------------- tables


@lru_cache(maxsize=None)
def months() -> dict[str, tuple[int, str]]:
    return {fold(r["name"]): (int(r["month"]), r["region"]) for r in load_table("months")}


@lru_cache(maxsize=None)
def date_words() -> dict[str, tuple[str, str]]:
    return {fold(r["word"]): (r["kind"], r["value"]) for r in load_table("date_words")}


@lru_cache(maxsize=None)
def weekdays() -> dict[str, int]:
    """folded weekday name -> Python weekday (Monday = 0)"""
    return {fold(r["name"]): int(r["weekday"]) - 1 for r in load_table("weekdays")}


def _phrases(table: str, *columns: str) -> list[tuple]:
    rows = [(tuple(fold(r["phrase"]).split()), *(r[c] for c in columns)) for r in load_table(table)]
    return sorted(set(rows), key=lambda r: -len(r[0]))


def _with_misspelt_duals(rows: list[tuple]) -> list[tuple]:
    """Rows of two units also under a dual written with a doubled ي («خلال الشهريين الماضيين» for
    «الشهرين»), a misspelling news sites print often enough to be read."""
    variants = [((phrase[0][:-2] + "يين", *phrase[1:]), unit, n) for phrase, unit, n in rows
                if n == "2" and phrase[0].endswith("ين") and not phrase[0].endswith("يين")]
    return rows + variants


@lru_cache(maxsize=None)
def phrase_index() -> dict[str, list[tuple[str, tuple]]]:
    """First word -> [(kind, row)], longest phrases first, so each token costs one lookup."""
    index: dict[str, list[tuple[str, tuple]]] = {}
    rows = [("period", (p, int(a), int(b))) for p, a, b in _phrases("periods", "first", "last")]
    rows += [("recent", (p, unit, int(n))) for p, unit, n in _with_misspelt_duals(_phrases("recent_periods", "unit", "count"))]
    rows += [("relative", (p, unit, int(n))) for p, unit, n in _phrases("relative_dates", "unit", "offset")]
    rows += [("same", (p,)) for (p,) in _phrases("same_periods")]
    rows += [("previous", (p, unit)) for p, unit in _phrases("previous_periods", "unit")]
    rows += [("feast", (p, int(m), int(a), int(b))) for p, m, a, b in _phrases("hijri_events", "month", "first", "last")]
    for kind, row in sorted(rows, key=lambda r: -len(r[1][0])):
        index.setdefault(row[0][0], []).append((kind, row))
    return index


@lru_cache(maxsize=None)
def relative_years() -> list[tuple[tuple[str, ...], int]]:
    """«العام الماضي» -> -1, «هذا العام» -> 0: the relative phrases whose unit is the year."""
    return [(p, int(n)) for p, unit, n in _phrases("relative_dates", "unit", "offset") if unit == "year"]


@lru_cache(maxsize=None)
def triggers() -> frozenset[str]:
    """Words that can start a date expression (numbers always can)."""
    return (
        frozenset(phrase_index()) | frozenset(name.split()[0] for name in months()) | frozenset(weekdays())
        | words("first_day") | words("day_part")
    )


# ---------------------------------------------------------------- helpers


NUMERIC = regex.compile(
    r"(?<![0-9])(?:(?P<d>[0-9]{1,2})\s?(?P<s>[-/.])\s?(?P<m>[0-9]{1,2})\s?(?P=s)\s?(?P<y>[0-9]{4})"
    r"|(?P<y2>[0-9]{4})\s?(?P<s2>[-/.])\s?(?P<m2>[0-9]{1,2})\s?(?P=s2)\s?(?P<d2>[0-9]{1,2}))(?![0-9])"
)


def _int(tokens: list[Token], i: int) -> Optional[int]:
    if 0 <= i < len(tokens) and tokens[i].kind == "num" and tokens[i].text.isdigit() and len(tokens[i].text) <= 4:
        return int(tokens[i].text)
    return None


def _bare(word: str, known) -> str:
    """The word without a proclitic و/ب/ل/ف when only that form is known («وفي», «بيونيو»)."""
    if word in known or len(word) < 3:
        return word
    return word[1:] if word[:1] in "وبلف" and word[1:] in known else word


def _names_by_date(word: str) -> bool:
    """«قصر», «بميدان», «الثورة»: a noun of words/date_name_head.txt, which a day and a month name."""
    heads = words("date_name_head")
    for article in ("", "ال", "وال", "بال", "لل", "فال"):
        if word.startswith(article) and _bare(word[len(article):], heads) in heads:
            return True
    return False


def _names_contract(tokens: list[Token], i: int) -> bool:
    """«للتسليم في سبتمبر», «عقود أغسطس»: a month after a noun of words/contract_month.txt."""
    k = i - 2 if _word(tokens, i - 1) == "في" else i - 1
    word = _word(tokens, k)
    for article in ("لل", "ال", "وال", "ل", "و", ""):
        if word.startswith(article) and word[len(article):] in words("contract_month"):
            return True
    return False


def _match(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    found = [_word(tokens, i + k) for k in range(len(phrase))]
    if found and found[0][:1] in "وبلف" and (found[0][1:] == phrase[0] or (found[0].startswith("لل") and "ال" + found[0][2:] == phrase[0])):
        found[0] = phrase[0]  # «وفي», «للعام» (ل + العام)
    return tuple(found) == phrase


def month_at(tokens: list[Token], i: int) -> Optional[tuple[int, str, int]]:
    """(month, region, last token index) of a month name at token i («كانون الثاني» is two tokens)."""
    word = _word(tokens, i)
    if not word:
        return None
    for candidate in (word, word[1:] if word[:1] in "وبل" else None):
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


def _skip_alternate(tokens: list[Token], j: int) -> int:
    """After a month name at j: skip a second name «/حزيران», «(حزيران)»; the new last index."""
    k = j + 1
    if k < len(tokens) and tokens[k].text in ("/", "-", "–") and month_at(tokens, k + 1):
        return month_at(tokens, k + 1)[2]  # «يونيو/حزيران», «أيلول - سبتمبر»
    if k < len(tokens) and tokens[k].text == "(" and month_at(tokens, k + 1):
        last = month_at(tokens, k + 1)[2]
        return last + 1 if last + 1 < len(tokens) and tokens[last + 1].text == ")" else last
    return j


def year_after(tokens: list[Token], j: int) -> tuple[Optional[int], int]:
    """A year right after token j, skipping «من», «سنة/عام»: (year, last index). Hijri years stay Hijri."""
    k = j + 1
    while _word(tokens, k) in words("year_word"):
        k += 1
    year = _int(tokens, k)
    if year is not None and (1900 <= year <= 2100 or 1300 <= year <= 1500):
        return year, k
    return None, j


def relative_year_after(tokens: list[Token], j: int, anchor: Optional[Anchor]) -> tuple[Optional[int], int]:
    """«من العام الحالي [2023]», «من السنة الماضية», «لهذا العام» after token j: (year, last index)."""
    k = j + 1
    if _word(tokens, k) in ("من", "في"):
        k += 1
    for phrase, offset in relative_years():
        if _match(tokens, k, phrase):
            last = k + len(phrase) - 1
            explicit, end = year_after(tokens, last)
            if explicit and 1900 <= explicit <= 2100:
                return explicit, end
            return (anchor.year + offset, last) if anchor else (None, j)
    return None, j


# ---------------------------------------------------------------- expressions


def numeric_date(text: str, tokens: list[Token], i: int, numeric: dict) -> tuple[Optional[DateMention], int]:
    m = numeric.get(tokens[i].start)
    if m is None:
        return None, i
    day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
    if not (1 <= int(month) <= 12 and 1900 <= int(year) <= 2100):
        return None, i
    last = max(k for k in range(i, len(tokens)) if tokens[k].start < m.end())
    return DateMention(m.start(), m.end(), iso(int(year), int(month), int(day))), last


def phrase_date(tokens: list[Token], i: int, anchor: Optional[Anchor]) -> tuple[Optional[DateMention], int]:
    """Periods of a year, the last N months, relative phrases, a period named again."""
    word = _word(tokens, i)
    found = phrase_index().get(word)
    if found is None and word[:1] in "وبلف":
        found = phrase_index().get(word[1:])
    if found is None and word.startswith("لل"):  # «للعام الحالي»: a relative year (not «للربع الثاني», a report's period)
        found = [(kind, row) for kind, row in phrase_index().get("ال" + word[2:], []) if kind == "relative"]
    for kind, row in found or []:
        if not _match(tokens, i, row[0]):
            continue
        j = i + len(row[0]) - 1
        parse = {"period": _period, "recent": _recent, "relative": _relative, "same": _same, "previous": _previous,
                 "feast": _feast}[kind]
        mention, last = parse(tokens, i, j, row, anchor)
        if mention is not None:
            return mention, last
    return None, i


def _period(tokens, i, j, row, anchor):
    """«الربع الثاني من 2015», «النصف الأول من العام الحالي», «في النصف الأول» (the anchor's year)."""
    _, first, last_month = row
    part_of_month = _month_after(tokens, j, anchor)
    if part_of_month is not None:  # «النصف الثاني من شهر يونيو»: a part of that month
        month, k = part_of_month
        return DateMention(tokens[i].start, month.end, month.iso[:7], period_start=month.iso[:7], kind=month.kind), k
    year, k = year_after(tokens, j)
    kind = "absolute"
    if year is None:
        year, k = relative_year_after(tokens, j, anchor)
        kind = "relative"
    if year is None and anchor is not None:
        year, k = anchor.year, j
        if anchor.month is not None and last_month > anchor.month:
            year -= 1  # «في النصف الثاني» read in March: last year's
    if year is None:
        return None, j
    if year < 1600:
        year = gregorian_year(year)
    return DateMention(tokens[i].start, tokens[k].end, iso(year, last_month), period_start=iso(year, first), kind=kind), k


def _month_after(tokens, j, anchor) -> Optional[tuple[DateMention, int]]:
    """The month of «من [شهر] يونيو» after token j, as month_date reads it."""
    k = j + 1
    if _word(tokens, k) != "من":
        return None
    k += 1
    if _word(tokens, k) in words("month_context") and month_at(tokens, k + 1):
        k += 1
    if not month_at(tokens, k):
        return None
    mention, last = month_date(tokens, k, anchor)
    if mention is None and anchor is not None:
        month = month_at(tokens, k)
        year = latest_month(month[0], anchor)
        mention, last = (DateMention(tokens[k].start, tokens[month[2]].end, iso(year, month[0]), kind="relative"), month[2]) \
            if year else (None, k)
    return (mention, last) if mention is not None else None


ROLLING_MONTHS = 4  # up to a quarter («الشهرين الماضيين»): the calendar months before; longer: a window up to the article


def _recent(tokens, i, j, row, anchor):
    """«خلال الشهرين الماضيين» in August: July, from June."""
    _, unit, count = row
    if anchor is None:
        return None, j
    if unit == "month" and anchor.month is not None and count >= ROLLING_MONTHS:
        # «خلال الأشهر التسعة الماضية» on 24 July: a window up to the article, October to July
        end, start = (anchor.year, anchor.month), shift_month(anchor.year, anchor.month, -count)
        return DateMention(tokens[i].start, tokens[j].end, iso(*end), period_start=iso(*start), kind="relative"), j
    if unit == "month" and anchor.month is not None:
        end, start = shift_month(anchor.year, anchor.month, -1), shift_month(anchor.year, anchor.month, -count)
        return DateMention(tokens[i].start, tokens[j].end, iso(*end), period_start=iso(*start), kind="relative"), j
    if unit == "week" and anchor.precision == "day":
        end, start = anchor.date - dt.timedelta(days=1), anchor.date - dt.timedelta(weeks=count)
        return DateMention(tokens[i].start, tokens[j].end, end.isoformat(), period_start=start.isoformat(), kind="relative"), j
    if unit == "year":
        return DateMention(tokens[i].start, tokens[j].end, iso(anchor.year - 1), period_start=iso(anchor.year - count), kind="relative"), j
    return None, j


def _relative(tokens, i, j, row, anchor):
    """«أمس», «الشهر الماضي», «العام الجاري»; «أمس الاثنين» and «أمس السبت» take the weekday in."""
    _, unit, offset = row
    value = resolve(unit, offset, anchor)
    if value is None:
        return None, j
    if unit == "day" and _bare(_word(tokens, j + 1), weekdays()) in weekdays():
        j += 1
    return DateMention(tokens[i].start, tokens[j].end, value, kind="relative"), j


def _same(tokens, i, j, row, anchor):
    """«الفترة ذاتها من 2022», «الشهر نفسه من العام الماضي»: the year now, the period later
    (`spans.resolve_same_periods` takes it from the date named before)."""
    year, k = year_after(tokens, j)
    if year is None:
        year, k = relative_year_after(tokens, j, anchor)
    if year is not None and year < 1600:
        return None, j
    # without a year («خلال الفترة نفسها») the period is the one named before, as it is
    return DateMention(tokens[i].start, tokens[k].end, iso(year) if year else "", kind="same_period"), k


def _previous(tokens, i, j, row, anchor):
    """«العام السابق», «الربع الذي سبقه»: the period before the article's for now (`spans.resolve_same_periods`
    steps back from the date named before it, when there is one)."""
    _, unit = row
    end, start = step_back(unit, _anchor_iso(anchor))
    if not end:
        return None, j
    return DateMention(tokens[i].start, tokens[j].end, end, period_start=start, kind="relative", back=unit), j


def _anchor_iso(anchor: Optional[Anchor]) -> str:
    """The article's date at its precision (a day, else a month or a year)."""
    if anchor is None:
        return ""
    return anchor.date.isoformat() if anchor.precision == "day" else iso(anchor.year, anchor.month)


def _feast(tokens, i, j, row, anchor):
    """«عيد الفطر [1436هـ]», «موسم الحج»: days of a Hijri month, the latest ones without a year."""
    _, month, first, last = row
    year, k = year_after(tokens, j)
    if year is None or not 1300 <= year <= 1500:
        year, k = latest_hijri(month, first, anchor), j
    if year is None:
        return None, j
    day, opening = _feast_day(tokens, i)
    if day is not None:  # «ثاني أيام عيد الفطر»: that day
        return DateMention(tokens[opening].start, tokens[k].end, hijri_to_gregorian(year, month, first + day - 1).isoformat(),
                           kind="relative"), k
    end, start = hijri_period(year, month, first, last)
    return DateMention(tokens[i].start, tokens[k].end, end, period_start=start if start != end else None, kind="relative"), k


def _feast_day(tokens: list[Token], i: int) -> tuple[Optional[int], int]:
    """«خامس أيام عيد الفطر»: (the day of the feast at i an ordinal names, its token), else (None, i)."""
    if i < 2 or _word(tokens, i - 1) not in words("feast_days"):
        return None, i
    day = _ordinal_days().get(_word(tokens, i - 2))
    return (day, i - 2) if day is not None else (None, i)


@lru_cache(maxsize=1)
def _ordinal_days() -> dict[str, int]:
    return {fold(row["word"]): int(row["day"]) for row in load_table("ordinal_days")}


def _ordinal_day(tokens: list[Token], i: int) -> tuple[Optional[int], int]:
    """«الرابع من آب», «الخامس عشر من مارس»: (the day, its first token) before «من» and the month at i."""
    if i < 2 or _word(tokens, i - 1) != "من":
        return None, i
    for n in (2, 1):
        first = i - 1 - n
        if first >= 0 and all(_word(tokens, k) for k in range(first, i - 1)):
            day = _ordinal_days().get(" ".join(_word(tokens, k) for k in range(first, i - 1)))
            if day is None:
                continue
            before = _word(tokens, first - 1) if first > 0 else ""
            if before.startswith("ال") and before != "اليوم":
                return None, i  # «النصف الثاني من يونيو», «الأسبوع الثالث من يوليو»: a part, not a day
            return day, first
    return None, i


def month_date(tokens: list[Token], i: int, anchor: Optional[Anchor]) -> tuple[Optional[DateMention], int]:
    info = month_at(tokens, i)
    if info is None:
        return None, i
    month, region, last = info
    if region != "hijri" and _names_contract(tokens, i):
        return None, last  # «برنت للتسليم في سبتمبر»: a contract
    day = _int(tokens, i - 1)
    if day is None and _word(tokens, i - 1) in words("first_day"):
        day = 1  # «فاتح يوليوز 2025», «أول تموز»
    start_tok = i - 1 if day is not None and 1 <= day <= 31 else i
    if day is None:
        day, start_tok = _ordinal_day(tokens, i)  # «في الرابع من آب 2020»
    with_day = start_tok < i
    last = _skip_alternate(tokens, last)
    year, k = year_after(tokens, last)
    start = tokens[start_tok].start
    if year is not None:
        if region == "hijri" or year < 1600:
            if region != "hijri":
                return None, k
            if with_day:
                return DateMention(start, tokens[k].end, hijri_to_gregorian(year, month, day).isoformat()), k
            end, first = hijri_period(year, month)  # a Hijri month straddles two Gregorian ones
            return DateMention(start, tokens[k].end, end, period_start=first if first != end else None), k
        return DateMention(start, tokens[k].end, iso(year, month, day if with_day else None)), k
    if region == "hijri":
        return _hijri_month(tokens, i, month, last, anchor)
    year, k = relative_year_after(tokens, last, anchor)
    if year is not None:  # «19 نوفمبر من السنة الجارية», «يونيو من العام الماضي»
        return DateMention(start, tokens[k].end, iso(year, month, day if with_day else None), kind="relative"), k
    kind = date_words().get(_word(tokens, last + 1), ("",))[0]
    if kind in ("past", "next", "current"):
        value = relative_month(month, kind, anchor)
        if value is None:
            return None, last + 1
        if with_day:
            value = iso(int(value[:4]), month, day)  # «14 مارس الجاري»
        return DateMention(start, tokens[last + 1].end, value, kind="relative"), last + 1
    ahead = _year_ahead(tokens, last)
    if ahead is not None and (with_day or month_at(tokens, last + 1)):  # «25 فبراير – 3 مارس 2019», «يناير وفبراير 2025»
        return DateMention(start, tokens[last].end, iso(ahead, month, day if with_day else None)), last
    if with_day and _names_by_date(_word(tokens, start_tok - 1)):
        return None, last  # «قصر 22 مايو», «ميدان 6 أكتوبر»: a name
    if with_day or _bare(_word(tokens, i - 1), words("month_context")) in words("month_context"):
        year = latest_month(month, anchor)
        if year is None:
            return None, last
        return DateMention(start, tokens[last].end, iso(year, month, day if with_day else None), kind="relative"), last
    return None, last


def _hijri_month(tokens, i, month, last, anchor) -> tuple[Optional[DateMention], int]:
    """«شهر رمضان», «خلال رمضان» without a year: the latest such month up to the article's date."""
    if _bare(_word(tokens, i - 1), words("month_context")) not in words("month_context"):
        return None, last
    year = latest_hijri(month, 1, anchor)
    if year is None:
        return None, last
    end, start = hijri_period(year, month)
    return DateMention(tokens[i].start, tokens[last].end, end, period_start=start if start != end else None, kind="relative"), last


def _year_ahead(tokens: list[Token], last: int) -> Optional[int]:
    """The year closing a day range a few tokens on, before any clause break."""
    for k in range(last + 1, min(last + 6, len(tokens))):
        if tokens[k].text in ("،", ",", ".", ";"):
            return None
        value = _int(tokens, k)
        if value is not None and 1900 <= value <= 2100:
            return value
    return None


def weekday_date(tokens: list[Token], i: int, anchor: Optional[Anchor]) -> tuple[Optional[DateMention], int]:
    """«اليوم الثلاثاء», «يوم الجمعة», «الأربعاء الماضي», «مساء الثلاثاء», a bare «الثلاثاء»: the latest
    such day up to the article's date (before it with الماضي, after it with المقبل). A weekday
    followed by a full date is left to that date."""
    first = i
    if _bare(_word(tokens, i), words("day_part")) in words("day_part"):
        i += 1
        if _word(tokens, i) in words("today"):
            i += 1
    day = weekdays().get(_bare(_word(tokens, i), weekdays()))
    if day is None or anchor is None or anchor.precision != "day":
        return None, first
    if month_at(tokens, i + 1) or (_int(tokens, i + 1) is not None and _full_date_after(tokens, i + 1)):
        return None, i  # («الأربعاء 12 حالة»: a count, not a day of a month)
    after = date_words().get(_word(tokens, i + 1), ("",))[0]
    if _word(tokens, first - 1) in words("today") and first == i:
        first = i - 1
    if after == "next":
        ahead = (day - anchor.date.weekday()) % 7 or 7
        return DateMention(tokens[first].start, tokens[i + 1].end, (anchor.date + dt.timedelta(days=ahead)).isoformat(), kind="weekday"), i + 1
    back = (anchor.date.weekday() - day) % 7 or (7 if after == "past" else 0)
    last = i + 1 if after == "past" else i
    return DateMention(tokens[first].start, tokens[last].end, (anchor.date - dt.timedelta(days=back)).isoformat(), kind="weekday"), last


def _full_date_after(tokens: list[Token], k: int) -> bool:
    """«الأربعاء 5 أغسطس», «الأربعاء 5/8/2015»: a day number that a month or a separator follows."""
    if k + 1 >= len(tokens):
        return False
    return bool(month_at(tokens, k + 1)) or tokens[k + 1].text in ("/", "-", ".")


def year_date(tokens: list[Token], i: int) -> tuple[Optional[DateMention], int]:
    """«2018», «سنة 2018», «عام 1428» / «1428هـ» (the Gregorian year most of it falls in)."""
    from ..numbers import times_joined

    value = _int(tokens, i)
    if value is None or (_counted(tokens, i + 1) and _bare(_word(tokens, i - 1), words("year_noun")) not in words("year_noun")):
        return None, i  # «2000 شخص» is a count; «عام 2017 مسجلا» a year
    if times_joined(tokens, i):
        return None, i  # «1080 × 1920 بيكسل»: a size
    if 1900 <= value <= 2100:
        if i + 2 < len(tokens) and tokens[i + 1].text in "/-" and _int(tokens, i + 2) == value + 1:
            # a fiscal or budget year «2017-2018», «2018/ 2019»: dated by its end
            return DateMention(tokens[i].start, tokens[i + 2].end, iso(value + 1), period_start=iso(value)), i + 2
        last = i + 1 if _word(tokens, i + 1) == "م" or _word(tokens, i + 1) in words("era_mark") else i  # «2014م»
        return DateMention(tokens[i].start, tokens[last].end, iso(value)), last
    if 1300 <= value <= 1500:
        if i + 2 < len(tokens) and tokens[i + 1].text in "/-" and _int(tokens, i + 2) == value + 1 and (
                _word(tokens, i + 3) in words("hijri_mark") or _word(tokens, i - 1) in words("year_word") - {"من"}):
            # a Hijri fiscal or academic year «1436/ 1437هـ»: dated by its end, like «2017-2018»
            last = i + 3 if _word(tokens, i + 3) in words("hijri_mark") else i + 2
            end, start = iso(gregorian_year(value + 1)), iso(gregorian_year(value))
            said = _gregorian_in_brackets(tokens, last + 1)
            if said is not None:  # «1435/ 1436هـ (2014م)»: the text says which Gregorian year it is
                year, last = said
                return DateMention(tokens[i].start, tokens[last].end, iso(year)), last
            return DateMention(tokens[i].start, tokens[last].end, end, period_start=start if start != end else None), last
        marked = _word(tokens, i + 1) in words("hijri_mark")
        if marked or _word(tokens, i - 1) in words("year_word") - {"من"}:
            last = i + 1 if marked else i
            return DateMention(tokens[i].start, tokens[last].end, iso(gregorian_year(value))), last
    return None, i


def _gregorian_in_brackets(tokens: list[Token], k: int) -> Optional[tuple[int, int]]:
    """«(2014م)» at token k: (the year, the index of the closing bracket)."""
    if k + 1 >= len(tokens) or tokens[k].text != "(":
        return None
    year = _int(tokens, k + 1)
    if year is None or not 1900 <= year <= 2100:
        return None
    close = k + 2 + (_word(tokens, k + 2) in words("era_mark") or _word(tokens, k + 2) == "م")  # «2014م»
    return (year, close) if close < len(tokens) and tokens[close].text == ")" else None


def _counted(tokens: list[Token], i: int) -> bool:
    """«2000 شخص», «2000 آخرون», «2000 ألف»: a count, not a year."""
    from ..numbers import scales
    from ..units import is_unit_word

    word = _word(tokens, i)
    return word in scales() or word in words("others") or is_unit_word(word)
