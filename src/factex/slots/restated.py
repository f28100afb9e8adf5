"""Figures that restate or are compared with another figure of their sentence, for the metric slot
(slots/metric.py): «مقابل 3,1 نقطة» (compared with), «45 مليار جنيه (قرابة 2.9 مليار دولار)» (the same
amount in brackets), «بلغ 8475 جهازا بزيادة 264 جهازا» (the change of a total), «14 مليون صوت، بنسبة
62%» (a share of a count). Each returns the tokens of the other figure, whose metric this one takes.
"""
from __future__ import annotations

from typing import Optional

from .. import numbers, units
from ..context import CLAUSE_BREAKS, Context
from ..lexicon import words
from ..numbers import Figure
from . import metric_reading as reading_
from . import phrase


def previous_figure_end(ctx: Context, figure: Figure, floor: int) -> Optional[int]:
    """«إلى حوالي 2,8 نقطة مقابل 3,1 نقطة»: the last token of the figure compared with this one."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = reading_.skip_marks(ctx, k - 1, floor)
    if ctx.word(k) in words("comparison_link") and ctx.word(k - 1) in words("comparison"):
        k -= 1  # «مقارنة بـ 327.6»
    if ctx.word(k) not in words("comparison"):  # «مقابل 3,1», «إلى 7.25 جنيه للتر من 6.75 جنيه»: a reversed range
        return None
    k = reading_.skip_marks(ctx, k - 1, floor)
    steps = 0
    while k >= floor and steps < 3 and (ctx.tokens[k].kind != "num" or ctx.is_date_token(k)):
        steps += 0 if ctx.is_date_token(k) or ctx.word(k) in words("date_preposition_gap") else 1
        k -= 1  # «215 مليون ريال في الربع الأول مقارنة بـ»: the date of the figure is stepped over
    return k if k >= floor and ctx.tokens[k].kind == "num" and not phrase.name_number(ctx, k) else None  # not «بنزين 80 الأكثر استهلاكا من 4.75»


def compared_across_break(ctx: Context, figure: Figure, lo: int, reach: int = 30) -> Optional[tuple[int, int]]:
    """«120 ألف مسافر عبروا المطار خلال النصف الأول، مقابل 98 ألفا في الفترة ذاتها»: a comparison base after
    a comma; the number tokens of the last figure before the comma (not a date, not a name's number)."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = reading_.skip_marks(ctx, k - 1, lo)
    if ctx.word(k) in words("comparison_link"):
        k -= 1  # «مقارنة بـ 98 ألفا»
    if k - 1 < lo or ctx.word(k) not in words("compared_with") or ctx.tokens[k - 1].text not in CLAUSE_BREAKS:
        return None
    for last in range(k - 2, max(lo, k - reach) - 1, -1):
        if not _number_token(ctx, last) or ctx.is_date_token(last) or (ctx.tokens[last].kind == "num" and phrase.name_number(ctx, last)):
            continue
        return reading_.number_span(ctx, last, lo, k)
    return None


def figure_in_brackets_of(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«45 مليار جنيه (قرابة 2.9 مليار دولار)»: the figure this one restates in another unit."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k -= 1
    while k >= lo and phrase.is_word(ctx, k) and reading_.is_qualifier_word(ctx.word(k)):
        k -= 1
    if k < lo or ctx.tokens[k].text != "(":
        return None
    k -= 1
    unit_words = 0
    if k - 1 >= lo and phrase.is_word(ctx, k - 1) and units.is_unit_word(f"{ctx.word(k - 1)} {ctx.word(k)}"):
        k, unit_words = k - 2, 2  # «دينار كويتي (190 مليار دولار)»
    while k >= lo and phrase.is_word(ctx, k) and unit_words < 2 and (units.is_unit_word(ctx.word(k)) or ctx.word(k) in numbers.scales()):
        k, unit_words = k - 1, unit_words + 1
    while k >= lo and ctx.word(k) in numbers.scales() and unit_words:
        k -= 1
    if k < lo or not _number_token(ctx, k) or not unit_words:
        return None  # («ستة مليارات فرنك أفريقي (نحو 9.15 مليون يورو)»: a number in words too)
    last = k
    while last + 1 < len(ctx.tokens) and ctx.word(last + 1) in numbers.scales():
        last += 1
    first = k
    while first - 1 >= lo and (_number_token(ctx, first - 1) or ctx.word(first - 1) in ("و",) or ctx.word(first - 1) in numbers.scales()):
        first -= 1
    return first, last


def share_before_amount(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«بارتفاع نسبته 1 في المائة وبنحو 289 مليون دينار»: an amount joined by «وبـ» to the share of a
    change right before it is that change's size; the share's number tokens."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    word = ctx.word(k) if k < figure.first_token else ctx.word(k - 1)
    if not word.startswith("وب"):
        return None  # «وبنحو», «وبمقدار», «وب 289»
    k = k - 1 if k < figure.first_token else k - 2
    if k >= lo and ctx.word(k) in words("percent_word"):
        k -= 2 if ctx.word(k - 1) == "في" else 1
    elif k >= lo and ctx.tokens[k].text in ("%", "٪"):
        k -= 1
    else:
        return None
    return (k, k) if k >= lo and ctx.tokens[k].kind == "num" else None


def _number_token(ctx: Context, k: int) -> bool:
    return ctx.tokens[k].kind == "num" or ctx.word(k) in numbers.number_words()


def figure_before_change(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«بلغ 8475 جهازا بزيادة 264 جهازا»: the figure whose change this one is (number tokens)."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = reading_.skip_marks(ctx, k - 1, lo)
    changed = False
    for _ in range(4):
        if k < lo or not phrase.is_word(ctx, k):
            break  # «... عام 2019 بزيادة قدرها 8.4»: the change word follows a date
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is not None and entry[0] in ("up", "down") and (not entry[2] or ctx.word(k)[:1] == "م"):
            changed = True  # «بزيادة», «مرتفعا 285 نقطة»: a verbal noun or a participle
        elif not (reading_.is_qualifier_word(ctx.word(k)) or phrase.value_word(ctx.word(k)) is not None or (entry and entry[0] == "reach")):
            break
        k = reading_.skip_marks(ctx, k - 1, lo)
    if not changed:
        return None
    for _ in range(10):  # back over the unit and a date adjunct to the number
        if k < lo or ctx.tokens[k].kind == "num" and not ctx.is_date_token(k):
            break
        word = ctx.word(k)
        after_number = k - 1 >= lo and (ctx.tokens[k - 1].kind == "num" or ctx.word(k - 1) in numbers.scales())
        passable = after_number or (
            ctx.is_date_token(k) or ctx.tokens[k].text in reading_.MARKS or units.is_unit_word(word) or word in numbers.scales()
            or word in words("adjunct_preposition") or reading_.time_word(word) or word in words("year_word")
            or word in words("percent_word") or word in words("percent_glued")
        )
        if not passable:
            return None
        k -= 1
    if k < lo or ctx.tokens[k].kind != "num":
        return None
    while k >= lo and ctx.word(k) in numbers.scales():
        k -= 1
    return reading_.number_span(ctx, k, lo, len(ctx.tokens))


def figure_before_break(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«حصل على 14 مليون صوت، بنسبة 62 بالمئة», «52 حالة أي بنسبة 38%»: a share stated after a figure of its own; the first
    and last token of that figure's number (the unit follows it)."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = reading_.skip_marks(ctx, k - 1, lo)
    valued = restated = False
    while k >= lo and phrase.is_word(ctx, k):
        word = ctx.word(k)
        shares = phrase.verb_of(word, "share")  # «1.1 ترليون ريال تمثل 74%»: a share said of the figure before
        if phrase.value_word(word) is None and not reading_.is_qualifier_word(word) and not shares:
            break
        valued = valued or bool(phrase.value_word(word)) or shares
        restated = restated or word in words("restatement") or shares
        k = reading_.skip_marks(ctx, k - 1, lo)
    broken = k >= lo and ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in CLAUSE_BREAKS
    if not valued or k < lo or not (broken or restated):
        return None  # «52 حالة أي بنسبة 38%»: «أي» restates the figure before without a comma
    if broken:
        k = reading_.skip_marks(ctx, k - 1, lo)
    unit_words = 0
    while k >= lo and phrase.is_word(ctx, k) and unit_words < 2 and (units.is_unit_word(ctx.word(k)) or ctx.word(k) in numbers.scales()):
        k, unit_words = reading_.skip_marks(ctx, k - 1, lo), unit_words + 1
    while k >= lo and ctx.word(k) in numbers.scales():
        k -= 1
    if k < lo or not (ctx.tokens[k].kind == "num" or ctx.word(k) in numbers.number_words()):
        return None  # «بواقع خمس حالات، بنسبة 7%»: a number in words too
    return reading_.number_span(ctx, k, lo, len(ctx.tokens))
