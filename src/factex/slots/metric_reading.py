"""What the words around a figure say it measures, for the metric slot (slots/metric.py).

Read from the figure leftwards within its clause: value words («بنسبة», «بقيمة»), links («إلى»),
verbs and nouns of change, reach or toll (metric_verbs.tsv), then the subject noun phrase, then
what stands before the subject (the change it follows, the agent that owns it). Around it: the
counted noun after the figure («3 حالات إصابة»), the group after «من» («37% من المركبات»), the
sentence's topic («أما الواردات، ...», «... بالنسبة للصادرات»), the agent of a verb («حصل السيسي
على ...»). Every scan is capped (SCAN_LIMIT tokens), so a figure costs a bounded number of looks.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import attribution, numbers, units
from ..context import CLAUSE_BREAKS, Context, Draft
from ..lexicon import words
from ..numbers import Figure
from . import phrase

SCAN_LIMIT = 60
Span = tuple[int, int]
_MARKS = frozenset('"«»“”\'()[]-')


@dataclass
class Reading:
    """«وسجلت الكتلة النقدية ارتفاعا بنسبة 2.3%» -> subject «الكتلة النقدية», change «ارتفاع», head «نسبة»."""

    subject: Optional[Span] = None  # the noun phrase whose value the figure is
    owner: Optional[Span] = None  # «حققت المصارف أرباحا بلغت ...»: whose the subject is
    head: str = ""  # the measure a value word hands over: «بنسبة» -> نسبه (folded)
    change: str = ""  # «ارتفعت ... بنسبة»: the change, as its verbal noun
    toll: str = ""  # «لقي 27 شخصا مصرعهم»: the victims the figure counts
    amount: bool = False  # the figure is the size of the change («بنسبة», «بمقدار»), not the level reached
    adjacent: bool = False  # the subject stands right before the figure: a label («حالات الاختطاف 36 حالة»)
    action: str = ""  # «تسريح 350 صحفيا»: the verbal noun done to the counted noun
    anaphor: bool = False  # «انتقل العدد من ...»: a bare measure that refers back
    reached: bool = False  # a verb of reach stands between the subject and the figure («X بلغ N»)
    clause: Optional[Span] = None  # «أعلنت 94 شركة»: the verb clause before a counted noun
    unit_of: Optional[Span] = None  # «1.581 مليون طن بقيمة ...»: the earlier figure whose unit ends the reading


def clause_start(ctx: Context, k: int, floor: int) -> int:
    own = ctx.clause_ids[k]
    first = k
    while first > floor and ctx.clause_ids[first - 1] == own and k - first < SCAN_LIMIT:
        first -= 1
    return first


def skip_marks(ctx: Context, k: int, floor: int) -> int:
    while k >= floor and ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in _MARKS:
        k -= 1
    return k


@lru_cache(maxsize=None)
def _qualifier_word_set() -> frozenset[str]:
    return frozenset(w for phrase_, _, _ in numbers.qualifier_phrases() for w in phrase_) - words("function")


def is_qualifier_word(word: str) -> bool:
    """«أكثر», «لأزيد», «بما»: words of a qualifier phrase, with a clitic or not."""
    return word in _qualifier_word_set() or (word[:1] in "بلو" and word[1:] in _qualifier_word_set() | {"ما", "من", "عن", "لا"})


def read_left(ctx: Context, figure: Figure, floor: int) -> Reading:
    reading = Reading()
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k -= 1
    after_verb = after_to = False
    for _ in range(10):
        k = skip_marks(ctx, k, floor)
        if k >= floor and ctx.is_date_token(k):
            while k >= floor and ctx.is_date_token(k):
                k = skip_marks(ctx, k - 1, floor)
            while k >= floor and (ctx.word(k) in words("adjunct_preposition") or ctx.word(k) in words("month_context")):
                k = skip_marks(ctx, k - 1, floor)  # «في مايو الماضي», «في شهر مايو»
        if after_to and k >= floor:
            k = _skip_range_start(ctx, k, floor)  # «من 8,6 مليون إلى 24,3 مليون»: the start of the range
        if k < floor or not phrase.is_word(ctx, k):
            return reading
        word = ctx.word(k)
        after_to = word in words("to")
        value = phrase.value_word(word)
        entry = phrase.metric_verbs().get(word)
        if is_qualifier_word(word) or word in ("ال", "الـ"):
            pass  # «فاقت الـ(3.462) مليار»
        elif value is not None:
            reading.head, reading.amount = reading.head or value, True
            if word in words("appositive_pronoun") and k - 1 >= 0 and ctx.tokens[k - 1].text in CLAUSE_BREAKS:
                k -= 1  # «حالات الاعتداء والتهديد، وهي 40 حالة»: the phrase before the comma
                floor = clause_start(ctx, k - 1, max(0, k - SCAN_LIMIT)) if k > 0 else floor
        elif entry is not None:
            kind, noun, is_verb = entry
            if kind in ("up", "down"):
                reading.change = reading.change or noun
                reading.amount = reading.amount or not is_verb
            elif kind != "reach":
                reading.toll = noun
                return reading
            else:
                reading.reached = reading.reached or is_verb
        elif word in words("figure_link") and (word not in words("complementizer") or after_verb):
            pass
        else:
            break
        after_verb = entry is not None and entry[2]
        k -= 1
    else:
        return reading
    _read_subject(ctx, figure, reading, k, floor)
    return reading


def _skip_range_start(ctx: Context, k: int, floor: int) -> int:
    """k before «من X [unit]» when tokens from k back are such a start of a range, else k."""
    j = k
    for _ in range(6):  # «من 5.3 مليار دولار في المتوسط حاليا إلى»: the start's unit and adjuncts
        if j < floor or ctx.tokens[j].kind == "num":
            break
        word = ctx.word(j)
        if ctx.word(j - 1) in words("phrase_preposition"):
            j = skip_marks(ctx, j - 2, floor)
        elif units.is_unit_word(word) or word in numbers.scales() or _time_word(word) or word in words("phrase_stop"):
            j = skip_marks(ctx, j - 1, floor)
        else:
            return k
    if j < floor or ctx.tokens[j].kind != "num":
        return k
    while j >= floor and (ctx.tokens[j].kind == "num" or ctx.word(j) in numbers.scales() or ctx.word(j) == "و"):
        j -= 1
    while j >= floor and phrase.is_word(ctx, j) and is_qualifier_word(ctx.word(j)):
        j -= 1
    return skip_marks(ctx, j - 1, floor) if ctx.word(j) == "من" else k


def _read_subject(ctx: Context, figure: Figure, reading: Reading, k: int, floor: int) -> None:
    start = subject_ending_at(ctx, k, floor)
    if start is None:
        return
    adjunct = _adjunct_start(ctx, start, k, floor)
    if adjunct is not None:
        # «بلغت خلال الدخول المدرسي الحالي 3,2 مليون», «خلال أقل من شهر إلى 50»: an adjunct, not the subject
        _read_after_adjunct(ctx, reading, adjunct - 1, floor)
        return
    if ctx.word(start - 1) in ("الي", "الى") or ctx.word(start - 1) in words("pronoun_pp"):
        return  # «نقل منها إلى مستشفيات المنطقة 121 مصابا»: a destination, not what is counted
    if is_unit_of_figure(ctx, start, k, floor):
        reading.unit_of = _number_before(ctx, start, floor)
        reading.subject = label_before(ctx, start, floor)
        if reading.subject is None and reading.head and units.noun_unit(ctx.word(start)):
            reading.subject = (start, k)  # «58047 قرضا اجتماعيا بقيمة ...» -> قيمة قرض اجتماعي
        reading.adjacent = reading.subject is not None
        return
    reading.subject = (start, k)
    reading.adjacent = _only_links_between(ctx, k, figure)
    label = label_before(ctx, start, floor)
    if label is not None:
        reading.subject, reading.adjacent = label, True
        return
    _read_before_subject(ctx, reading, start - 1, floor)


def subject_ending_at(ctx: Context, k: int, floor: int) -> Optional[int]:
    """Start of the noun phrase ending at k, with the value word it follows («بطاقة إضافية»); a
    verbal noun after «تم» is an action, not part of the subject («تم تسجيل نمو» -> نمو)."""
    start = phrase.ending_at(ctx, k, floor)
    if start is None:
        return None
    if phrase.value_word(ctx.word(start - 1)):
        start -= 1
    if ctx.word(start - 1) in words("passive_aux"):  # «تم تسجيل نمو»: the verbal noun after «تم» is the verb
        start += 1
        while start <= k and not phrase.can_start(ctx, start):
            start += 1
        if start > k:
            return None
    return start


def _adjunct_start(ctx: Context, start: int, end: int, floor: int) -> Optional[int]:
    """Index where a time or place adjunct ending at `end` starts («خلال التسعة أشهر الماضية»,
    «مساء أول من أمس», «وحتى اليوم»), or None when the phrase at `start` is no adjunct."""
    k = start - 1
    for _ in range(4):
        if k < floor or not phrase.is_word(ctx, k):
            break
        word = ctx.word(k)
        if word in words("adjunct_preposition") or (word[:1] == "و" and word[1:] in words("adjunct_preposition")):
            verb_before = phrase.is_verb(ctx.word(skip_marks(ctx, k - 1, floor)))
            return k if word != "في" or verb_before or _time_phrase(ctx, start, end) else None
        if not (is_qualifier_word(word) or word == "من" or word in numbers.number_words() or _time_word(word)):
            break
        k -= 1
    if _time_phrase(ctx, start, end):
        return k + 1
    return None


def _time_phrase(ctx: Context, start: int, end: int) -> bool:
    return all(_time_word(ctx.word(j)) or not phrase.is_word(ctx, j) or ctx.is_date_token(j) for j in range(start, end + 1)) or _time_word(ctx.word(end))


def _time_word(word: str) -> bool:
    return word in words("time_word") or phrase.strip_clitics(word) in words("time_word") or word in numbers.month_words()


def _read_after_adjunct(ctx: Context, reading: Reading, k: int, floor: int) -> None:
    k = skip_marks(ctx, k, floor)
    if k < floor or not phrase.is_word(ctx, k):
        return
    entry = phrase.metric_verbs().get(ctx.word(k))
    if entry is not None and entry[2]:
        if entry[0] in ("up", "down"):
            reading.change = reading.change or entry[1]
        elif entry[0] == "reach":
            reading.reached = True
        elif not reading.subject:
            reading.toll = entry[1]
            return
        k -= 1
    start = subject_ending_at(ctx, k, floor)
    if start is not None and not is_unit_of_figure(ctx, start, k, floor):
        reading.subject = (start, k)
        _read_before_subject(ctx, reading, start - 1, floor)


def _read_before_subject(ctx: Context, reading: Reading, k: int, floor: int) -> None:
    """«ارتفع حجم الكتلة النقدية بمقدار ...»: the change the subject follows; «حققت المصارف كافة
    أرباحا صافية بلغت ...»: the agent that owns it."""
    k = skip_marks(ctx, k, floor)
    if k < floor or not phrase.is_word(ctx, k):
        return
    entry = phrase.metric_verbs().get(ctx.word(k))
    if entry is not None:
        if entry[0] in ("up", "down") and not reading.change:
            reading.change = entry[1]
            reading.amount = reading.amount or not entry[2]
        return
    start = phrase.ending_at(ctx, k, floor)
    if start is None or is_unit_of_figure(ctx, start, k, floor):
        return
    before = skip_marks(ctx, start - 1, floor)
    measured = reading.subject is not None and phrase.value_word(ctx.word(reading.subject[0]))
    # «حققت المصارف أرباحا صافية»: an agent owns an indefinite object, not «رفعت الوزارة سعر الغاز»
    owned = reading.subject is not None and not phrase.has_article(ctx.word(reading.subject[1]))
    if measured or (owned and before >= floor and phrase.is_word(ctx, before) and phrase.is_verb(ctx.word(before))):
        reading.owner = (start, k)  # «مركزين صحيين بمجموع مالي قدر بـ 45 مليون»: what the amount is of


def _only_links_between(ctx: Context, k: int, figure: Figure) -> bool:
    _, first = numbers.qualifier_before(ctx.tokens, figure.first_token)
    return all(
        not phrase.is_word(ctx, j) or ctx.word(j) in words("figure_link") or phrase.value_word(ctx.word(j)) is not None or is_qualifier_word(ctx.word(j))
        for j in range(k + 1, first)
    )


def is_unit_of_figure(ctx: Context, start: int, end: int, floor: int) -> bool:
    """«من 5 جنيهات إلى»: words right after a number are its unit, not a subject."""
    k = skip_marks(ctx, start - 1, floor)
    glued = ctx.word(start)[:1] in "بل" and not phrase.has_article(ctx.word(start))
    for _ in range(2 if glued else 0):  # «5.50 جنيه للتر»: a phrase glued to a figure's unit belongs to it
        if k >= floor and phrase.is_word(ctx, k) and (ctx.word(k) in units.currencies() or ctx.word(k) in numbers.scales()):
            k = skip_marks(ctx, k - 1, floor)
    if k >= floor and ctx.tokens[k].kind == "num":
        return True
    return all(
        not phrase.is_word(ctx, j) or ctx.word(j) in units.currencies() or ctx.word(j) in numbers.scales()
        for j in range(start, end + 1)
    )


def _number_before(ctx: Context, start: int, floor: int) -> Optional[tuple[int, int]]:
    """The first and last token of the number whose unit starts at `start`."""
    k = skip_marks(ctx, start - 1, floor)
    while k >= floor and phrase.is_word(ctx, k) and (ctx.word(k) in units.currencies() or ctx.word(k) in numbers.scales()):
        k = skip_marks(ctx, k - 1, floor)
    while k >= floor and ctx.word(k) in numbers.scales():
        k -= 1
    if k < floor or ctx.tokens[k].kind != "num":
        return None
    last = k
    while last + 1 < start and ctx.word(last + 1) in numbers.scales():
        last += 1
    first = k
    while first - 1 >= floor and (ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) == "و" or ctx.word(first - 1) in numbers.scales()):
        first -= 1
    return first, last


def label_before(ctx: Context, start: int, floor: int) -> Optional[Span]:
    """«والمشاريع الناشئة 509 مشروعات بقيمة ...»: the counted noun of an earlier figure is no subject;
    the label before that figure is."""
    k = skip_marks(ctx, start - 1, floor)
    if k < floor or ctx.tokens[k].kind != "num" or ctx.is_date_token(k) or not units.is_unit_word(ctx.word(start)):
        return None
    while k >= floor and (ctx.tokens[k].kind == "num" or ctx.word(k) in numbers.scales() or ctx.word(k) == "و" or ctx.tokens[k].text in _MARKS):
        k -= 1
    begin = phrase.ending_at(ctx, k, floor) if k >= floor else None
    agent = begin is not None and phrase.is_verb(ctx.word(skip_marks(ctx, begin - 1, floor)))  # «ومولت الوكالة 120 مشروعا»
    if begin is None or agent or _time_word(ctx.word(k)) or not phrase.has_article(ctx.word(k)) or _adjunct_start(ctx, begin, k, floor) is not None:
        return None  # «والمشاريع الناشئة 509 مشروعات», not «تلتها 36 حالة»
    return begin, k


def previous_figure_end(ctx: Context, figure: Figure, floor: int) -> Optional[int]:
    """«إلى حوالي 3,4 نقطة مقابل 3,7 نقطة»: the last token of the figure compared with this one."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = skip_marks(ctx, k - 1, floor)
    if ctx.word(k) not in words("comparison"):  # «مقابل 3,7», «إلى 5.50 جنيه للتر من 3.65 جنيه»: a reversed range
        return None
    k = skip_marks(ctx, k - 1, floor)
    for _ in range(3):
        if k < floor or ctx.tokens[k].kind == "num":
            break
        k -= 1
    return k if k >= floor and ctx.tokens[k].kind == "num" else None


def figure_in_brackets_of(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«60 مليار جنيه (قرابة 7.66 مليار دولار)»: the figure this one restates in another unit."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k -= 1
    while k >= lo and phrase.is_word(ctx, k) and is_qualifier_word(ctx.word(k)):
        k -= 1
    if k < lo or ctx.tokens[k].text != "(":
        return None
    k -= 1
    unit_words = 0
    while k >= lo and phrase.is_word(ctx, k) and unit_words < 2 and (units.is_unit_word(ctx.word(k)) or ctx.word(k) in numbers.scales()):
        k, unit_words = k - 1, unit_words + 1
    while k >= lo and ctx.word(k) in numbers.scales() and unit_words:
        k -= 1
    if k < lo or ctx.tokens[k].kind != "num" or not unit_words:
        return None
    last = k
    while last + 1 < len(ctx.tokens) and ctx.word(last + 1) in numbers.scales():
        last += 1
    first = k
    while first - 1 >= lo and (ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) in ("و",) or ctx.word(first - 1) in numbers.scales()):
        first -= 1
    return first, last


def figure_before_change(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«بلغ 16312 جهازا بزيادة 113 جهازا»: the figure whose change this one is (number tokens)."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = skip_marks(ctx, k - 1, lo)
    changed = False
    for _ in range(4):
        if k < lo or not phrase.is_word(ctx, k):
            return None
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is not None and entry[0] in ("up", "down") and not entry[2]:
            changed = True
        elif not (is_qualifier_word(ctx.word(k)) or phrase.value_word(ctx.word(k)) is not None or (entry and entry[0] == "reach")):
            break
        k = skip_marks(ctx, k - 1, lo)
    if not changed:
        return None
    for _ in range(10):  # back over the unit and a date adjunct to the number
        if k < lo or ctx.tokens[k].kind == "num" and not ctx.is_date_token(k):
            break
        word = ctx.word(k)
        after_number = k - 1 >= lo and (ctx.tokens[k - 1].kind == "num" or ctx.word(k - 1) in numbers.scales())
        passable = after_number or (
            ctx.is_date_token(k) or ctx.tokens[k].text in _MARKS or units.is_unit_word(word) or word in numbers.scales()
            or word in words("adjunct_preposition") or _time_word(word) or word in words("year_word")
            or word in words("percent_word") or word in words("percent_glued")
        )
        if not passable:
            return None
        k -= 1
    if k < lo or ctx.tokens[k].kind != "num":
        return None
    while k >= lo and ctx.word(k) in numbers.scales():
        k -= 1
    last = k
    while last + 1 < len(ctx.tokens) and ctx.word(last + 1) in numbers.scales():
        last += 1
    first = k
    while first - 1 >= lo and (ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) == "و" or ctx.word(first - 1) in numbers.scales()):
        first -= 1
    return first, last


def figure_before_break(ctx: Context, figure: Figure, lo: int) -> Optional[tuple[int, int]]:
    """«حصل على 21 مليونا صوتا، بنسبة 97 بالمئة»: a share stated after a figure of its own; the first
    and last token of that figure's number (the unit follows it)."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = skip_marks(ctx, k - 1, lo)
    valued = False
    while k >= lo and phrase.is_word(ctx, k) and (phrase.value_word(ctx.word(k)) is not None or is_qualifier_word(ctx.word(k))):
        valued = valued or bool(phrase.value_word(ctx.word(k)))
        k = skip_marks(ctx, k - 1, lo)
    if not valued or k < lo or ctx.tokens[k].kind != "sym" or ctx.tokens[k].text not in CLAUSE_BREAKS:
        return None
    k = skip_marks(ctx, k - 1, lo)
    unit_words = 0
    while k >= lo and phrase.is_word(ctx, k) and unit_words < 2 and (units.is_unit_word(ctx.word(k)) or ctx.word(k) in numbers.scales()):
        k, unit_words = skip_marks(ctx, k - 1, lo), unit_words + 1
    while k >= lo and ctx.word(k) in numbers.scales():
        k -= 1
    if k < lo or ctx.tokens[k].kind != "num":
        return None
    last, first = k, k
    while last + 1 < len(ctx.tokens) and ctx.word(last + 1) in numbers.scales():
        last += 1
    while first - 1 >= lo and (ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) in ("و",) or ctx.word(first - 1) in numbers.scales()):
        first -= 1
    return first, last


# ---------------------------------------------------------------- around the figure


def counted_phrase(ctx: Context, draft: Draft) -> Optional[Span]:
    """«3 حالات إصابة», «4 ملايين أسرة استفادت من البرنامج»: the counted noun and what qualifies it."""
    if draft.unit is None or draft.unit.kind != "count" or draft.unit_last <= draft.figure.last_token:
        return None
    k = draft.figure.last_token + 1
    while k <= draft.unit_last and not phrase.is_word(ctx, k):
        k += 1
    if ctx.word(k) in words("partitive") and k < draft.unit_last:
        k += 1
    if k > draft.unit_last or not phrase.is_word(ctx, k):
        return None
    end = phrase.extend(ctx, k, draft.sentence[1], limit=8)
    if not phrase.has_article(ctx.word(k)):
        end = max(end, phrase.verb_clause(ctx, end + 1, draft.sentence[1]))
    return k, end


def mentions_unit(ctx: Context, span: Span, draft: Draft) -> bool:
    lemma = draft.unit.name if draft.unit else None
    return lemma is not None and any(units.noun_unit(ctx.word(k)) == lemma for k in range(span[0], span[1] + 1))


def partitive_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«37 بالمائة من حظيرة مركبات النقل»: a share of the group named after «من»."""
    k = draft.unit_last + 1
    if ctx.word(k) != "من" or not phrase.can_start(ctx, k + 1):
        return None
    end = phrase.extend(ctx, k + 1, draft.sentence[1], limit=8)
    return k + 1, max(end, phrase.verb_clause(ctx, end + 1, draft.sentence[1]))


def predicate_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«60 في المائة منها موجهة للأسر القروية», «82 منهم بليغة»: what is said of the share."""
    k = draft.unit_last + 1
    if ctx.word(k) not in words("partitive_pronoun") or not phrase.can_start(ctx, k + 1):
        return None
    return k + 1, phrase.extend(ctx, k + 1, draft.sentence[1], limit=6)


def purpose_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«374 مليون درهم لإنشاء مستشفى», «من أجل إحداث معهدين»: what an amount is for."""
    k = draft.unit_last + 1
    if k < draft.sentence[1] and ctx.tokens[k].text == "(":  # «60 مليار جنيه (قرابة 7.66 مليار دولار) لتمويل»
        while k < min(draft.sentence[1], draft.unit_last + 10) and ctx.tokens[k].text != ")":
            k += 1
        k += 1
    if ctx.word(k) == "من" and ctx.word(k + 1) == "اجل":
        k += 2
    elif not (ctx.word(k)[:1] == "ل" and len(ctx.word(k)) > 3):
        return None
    if not phrase.is_word(ctx, k) or phrase.breaks(ctx.word(k)):
        return None
    return k, phrase.extend(ctx, k, draft.sentence[1], limit=6)


def verb_subject(ctx: Context, lo: int, hi: int) -> tuple[Optional[Span], str]:
    """«وارتفع سعر بنزين 92، ... من 5 جنيهات»: the noun phrase after the nearest verb of change or
    reach before the figure, and the verb's noun («ارتفاع») or kind."""
    for k in range(hi - 1, max(lo, hi - SCAN_LIMIT) - 1, -1):
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is None or not entry[2] or entry[0] not in ("reach", "up", "down"):
            continue
        start = k + 1
        while start < hi and phrase.is_quote(ctx, start):
            start += 1
        if start < hi and phrase.can_start(ctx, start) and phrase.metric_verbs().get(ctx.word(start)) is None:
            return (start, phrase.extend(ctx, start, hi)), entry[1]
    return None, ""


def topic(ctx: Context, lo: int, hi: int) -> Optional[Span]:
    """«أما الواردات، فقد سجلت ...», «بالنسبة للمقاولات»: what the part [lo, hi) is about."""
    for k in range(lo, min(hi, lo + SCAN_LIMIT)):
        word = ctx.word(k)
        if word not in words("topic_opener"):
            continue
        start = k + 1
        while start < hi and (ctx.word(start) in words("function") or ctx.word(start) in words("topic_opener") or phrase.is_quote(ctx, start)):
            start += 1
        if start < hi and phrase.can_start(ctx, start):
            return start, phrase.extend(ctx, start, hi, relative=False)
    return None


def topic_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«نموا بلغ 52 بالمائة بالنسبة للصادرات»: the topic named after the figure, in its clause."""
    k = draft.unit_last + 1
    hi = min(draft.sentence[1], k + 4)
    while k < hi and ctx.clause_ids[k] == ctx.clause_ids[draft.figure.first_token]:
        if ctx.word(k) in words("topic_after"):
            return topic(ctx, k, draft.sentence[1])
        k += 1
    return None


def verb_before(ctx: Context, figure: Figure, floor: int) -> Optional[Span]:
    """«أعلنت 94 شركة», «تماثلت للشفاء منها 583 حالة», «نقل منها إلى مستشفيات المنطقة 121 مصابا»:
    the verb (and its prepositional phrase) that says what the counted noun did or underwent."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    end = skip_marks(ctx, k - 1, floor)
    while end >= floor and (ctx.word(end) in words("pronoun_pp") or is_qualifier_word(ctx.word(end))):
        end = skip_marks(ctx, end - 1, floor)
    j = end
    for _ in range(6):
        if j < floor or not phrase.is_word(ctx, j):
            return None
        word = ctx.word(j)
        if phrase.metric_verbs().get(word) is not None:
            return None  # «بلغ», «ارتفع»: verbs that introduce the figure describe nothing
        after = ctx.word(j + 1)
        if phrase.is_verb(word) or ((j == end or after in words("pronoun_pp") or after in words("phrase_preposition")) and _verb_like(word)):
            while end > j and (ctx.word(end) in words("phrase_preposition") or ctx.word(end) in words("function") or ctx.word(end) in ("و", "او")):
                end -= 1
            if end - j > 3 or not _clean_clause(ctx, j, end):
                return None  # «حصل منافسه موسى مصطفى موسى على»: the agent names it better
            return j, end
        if phrase.breaks(word) and word not in words("pronoun_pp"):
            return None
        j -= 1
    return None


def _verb_like(word: str) -> bool:
    """A verb by the cheap test, or a short bare perfect («نقل», «شارك», «أعلن»)."""
    if phrase.metric_verbs().get(word) is not None or word in words("aux_verb"):
        return False
    if phrase.is_verb(word):
        return True
    return 3 <= len(word) <= 4 and not word.startswith(("ال", "و")) and not word.endswith(("ه", "ا", "ي")) and phrase.head_of(word) is None


def _clean_clause(ctx: Context, first: int, last: int) -> bool:
    return all(phrase.is_word(ctx, j) and not ctx.is_date_token(j) for j in range(first, last + 1)) and not units.is_unit_word(ctx.word(last))


def agent(ctx: Context, figure: Figure, floor: int) -> Optional[Span]:
    """«السيسي حصل على 21 مليون صوت», «حصل منافسه موسى على 3,1%», «ينتج إقليم كردستان 250 ألف برميل»:
    who does what the figure counts, around a verb that is no verb of reach or change."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = skip_marks(ctx, k - 1, floor)
    governed = k >= floor and (ctx.word(k) in words("phrase_preposition") or ctx.word(k) in ("ب", "بـ", "ل"))
    if governed:
        k = skip_marks(ctx, k - 1, floor)
    if k < floor or not phrase.is_word(ctx, k):
        return None
    before_verb = skip_marks(ctx, k - 1, floor)
    if _generic_verb(ctx.word(k)) or (governed and _bare_verb(ctx, k, before_verb)):
        start = phrase.ending_at(ctx, before_verb, floor)
        if start is None or not _agent_like(ctx, start) or is_unit_of_figure(ctx, start, before_verb, floor):
            return None
        return start, before_verb
    start = phrase.ending_at(ctx, k, floor)
    if start is None or not _agent_like(ctx, start):
        return None
    before = skip_marks(ctx, start - 1, floor)
    if before < floor or not phrase.is_word(ctx, before):
        if not governed or not phrase.has_article(ctx.word(k)):
            return None
        if start < k and not phrase.has_article(ctx.word(start)) and not phrase.has_pronoun(ctx, start) and phrase.extend(ctx, start + 1, k + 1) >= k:
            start += 1  # «صادق مجلس الحكومة على 28 مرسوما»: a bare word opening the clause is its verb
        return start, k  # «، وحزب الحركة القومية بـ 80 مقعدا»
    opener = skip_marks(ctx, before - 1, floor)
    verb_first = governed and not phrase.has_article(ctx.word(before)) and (
        opener < floor or not phrase.is_word(ctx, opener) or phrase.breaks(ctx.word(opener))
    )  # «بينما حصل منافسه موسى على»: a bare word after a connective, before its subject, is a verb
    return (start, k) if _generic_verb(ctx.word(before)) or (verb_first and not phrase.breaks(ctx.word(before))) else None


def without_opening_verb(ctx: Context, span: Optional[Span], floor: int) -> Optional[Span]:
    """«أدى فريضة الحج» -> «فريضة الحج»: a bare word opening the clause before a phrase is its verb."""
    if span is None:
        return None
    start, end = span
    before = skip_marks(ctx, start - 1, floor)
    opens = before < floor or not phrase.is_word(ctx, before) or phrase.breaks(ctx.word(before)) or ctx.word(before) in ("و", "ف")
    word = ctx.word(start)
    if (
        opens and start < end and not phrase.has_article(word) and not phrase.has_pronoun(ctx, start)
        and phrase.head_of(word) is None and not units.is_unit_word(word) and phrase.can_start(ctx, start + 1)
        and phrase.extend(ctx, start + 1, end + 1) >= end
    ):
        return start + 1, end
    return span


def _generic_verb(word: str) -> bool:
    entry = phrase.metric_verbs().get(word)
    return phrase.is_verb(word) and (entry is None or entry[0] not in ("reach", "up", "down")) and word not in words("aux_verb")


def _bare_verb(ctx: Context, k: int, before: int) -> bool:
    """«السيسي حصل على»: a bare word between a definite noun and a preposition is a verb."""
    word = ctx.word(k)
    return (
        not phrase.has_article(word) and not phrase.breaks(word) and len(word) >= 3
        and phrase.is_word(ctx, before) and phrase.has_article(ctx.word(before))
    )


def _agent_like(ctx: Context, start: int) -> bool:
    """An agent is no prepositional phrase or verbal noun of the verb («قامت بتسجيل»)."""
    word = ctx.word(start)
    return not (word[:1] in "بل" and not word.startswith("ال"))


def toll_after(ctx: Context, draft: Draft) -> str:
    """«18 شخصا على الأقل بينهم نساء لقوا مصرعهم»: a toll verb after the counted noun, in its clause."""
    k, hi = draft.unit_last + 1, min(draft.sentence[1], draft.unit_last + 9)
    own = ctx.clause_ids[draft.figure.first_token]
    while k < hi and ctx.clause_ids[k] == own and ctx.tokens[k].kind != "num":
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is not None and entry[2] and entry[0] in ("killed", "injured", "dead"):
            return entry[1]
        k += 1
    return ""


def event_scope(ctx: Context, draft: Draft, counted: Optional[Span]) -> Optional[Span]:
    """«قتل 4 أشخاص في تفجير سيارة مفخخة»: where a toll happened, from «في/جراء/بسبب» on."""
    k = (counted[1] if counted else draft.unit_last) + 1
    hi = min(draft.sentence[1], k + 8)
    while k < hi:
        word = ctx.word(k)
        if word in words("event_preposition") and phrase.can_start(ctx, k + 1):
            return k, phrase.extend(ctx, k + 1, draft.sentence[1], limit=6)
        if ctx.tokens[k].kind == "num" or (ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in CLAUSE_BREAKS):
            return None
        k += 1
    return None


def after_phrase(ctx: Context, draft: Draft) -> Optional[Span]:
    """«مقابل 30 ٪ للسياحة», «12٪ من مكة»: the phrase right after the figure, its preposition dropped."""
    k = draft.unit_last + 1
    if ctx.word(k) in words("phrase_preposition") and k + 1 < draft.sentence[1]:
        k += 1
    if k >= draft.sentence[1] or not phrase.is_word(ctx, k) or phrase.breaks(ctx.word(k)) or ctx.is_date_token(k):
        return None
    return k, phrase.extend(ctx, k, draft.sentence[1], limit=6)


def main_subject(ctx: Context, lo: int, hi: int) -> Optional[Span]:
    """«ولم يختلف أداء بنك الخليج عن باقي المصارف، حيث حقق ...»: the first noun phrase of the
    sentence's main clause (after what a speaker says «أن/إن»), the entity a figure is about."""
    start = lo
    for k in range(max(lo, hi - SCAN_LIMIT), hi):
        if ctx.word(k) in words("complementizer"):
            start = k + 1
    k = start
    while k < hi and k - start < 8:
        word = ctx.word(k)
        if ctx.tokens[k].kind == "num":
            return None
        if phrase.can_start(ctx, k) and not _time_word(word) and not ctx.is_date_token(k):
            end = phrase.extend(ctx, k, hi, limit=6, relative=False)
            if end - k >= 5:  # too long for a bracket: «شركة الإسمنت» without «عن باقي الشركات»
                cut = next((j for j in range(k + 1, end + 1) if ctx.word(j) in words("phrase_preposition")), None)
                end = cut - 1 if cut is not None else k + 4
            span = without_opening_verb(ctx, (k, end), lo)
            if span is None or is_unit_of_figure(ctx, span[0], span[1], lo) or not _entity_like(ctx, span, lo):
                return None
            return span
        k += 1
    return None


def _entity_like(ctx: Context, span: Span, lo: int) -> bool:
    """A named thing, not the speaker («قال المتحدث الرسمي»), a verb («تصاب») or an adverb («بنهاية»)."""
    first, last = span
    word = ctx.word(first)
    word = word[1:] if word[:1] in "وف" and len(word) > 3 and not phrase.has_article(word) else word
    before = ctx.word(skip_marks(ctx, first - 1, lo))
    if before in attribution.cues() or word in attribution.cues():
        return False
    if word[:1] in "بلت" and not phrase.has_article(word) and not phrase.has_article(ctx.word(first + 1)):
        return False
    named = last > first or any(phrase.has_article(ctx.word(j)) for j in range(first, last + 1))
    return named and not _time_phrase(ctx, first, last)


def nearest_phrase(ctx: Context, figure: Figure, floor: int) -> Optional[Span]:
    """The last noun phrase before the figure (from `floor` on), when nothing better names it."""
    k = figure.first_token - 1
    while k >= max(floor, figure.first_token - 20):
        if phrase.is_word(ctx, k) and not phrase.breaks(ctx.word(k)):
            start = phrase.ending_at(ctx, k, floor)
            if start is not None and not is_unit_of_figure(ctx, start, k, floor):
                return start, k
        k -= 1
    return None
