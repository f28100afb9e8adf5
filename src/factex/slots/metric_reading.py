"""What the words right before a figure say it measures, for the metric slot (slots/metric.py).

Read from the figure leftwards within its clause: value words («بنسبة», «بقيمة»), links («إلى»),
verbs and nouns of change, reach or toll (metric_verbs.tsv), then the subject noun phrase, then
what stands before the subject (the change it follows, the agent that owns it); time adjuncts
(«خلال الموسم الماضي») are stepped over. (The figures a figure restates or is compared with are
found by slots/restated.py.) Every scan is capped (SCAN_LIMIT tokens), so a figure costs a bounded
number of looks.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .. import numbers, units
from ..context import CLAUSE_BREAKS, Context
from ..lexicon import words
from ..normalize import fold
from ..numbers import Figure
from . import phrase

SCAN_LIMIT = 60
RELATIVE_SCAN = 8  # words of a relative clause between its pronoun and a subject
COORDINATED_SCAN = 14  # ... and between its pronoun and a verb that goes on with «و»
RELATIVE_ANTECEDENT_WORDS = 5  # words looked back for the head of the measure a relative clause hangs on
MAX_TIME_WORDS = 3  # «خلال الدخول المدرسي الحالي»: a time adjunct ending in a time word is short
Span = tuple[int, int]
MARKS = frozenset('"«»“”\'()[]-')


@dataclass
class Reading:
    """«وسجلت الكتلة النقدية ارتفاعا بنسبة 1.8%» -> subject «الكتلة النقدية», change «ارتفاع», head «نسبة»."""

    subject: Optional[Span] = None  # the noun phrase whose value the figure is
    owner: Optional[Span] = None  # «حققت المصارف أرباحا بلغت ...»: whose the subject is
    head: str = ""  # the measure a value word hands over: «بنسبة» -> نسبه (folded)
    change: str = ""  # «ارتفعت ... بنسبة»: the change, as its verbal noun
    toll: str = ""  # «لقي 14 عاملا مصرعهم»: the victims the figure counts
    amount: bool = False  # the figure is the size of the change («بنسبة», «بمقدار»), not the level reached
    adjacent: bool = False  # the subject stands right before the figure: a label («حالات السرقة 52 حالة»)
    action: str = ""  # «تسريح 420 عاملا»: the verbal noun done to the counted noun
    anaphor: bool = False  # «انتقل العدد من ...»: a bare measure that refers back
    reached: bool = False  # a verb of reach stands between the subject and the figure («X بلغ N»)
    clause: Optional[Span] = None  # «أعلنت 63 شركة»: the verb clause before a counted noun
    unit_of: Optional[Span] = None  # «2.437 مليون طن بقيمة ...»: the earlier figure whose unit ends the reading
    scope: Optional[Span] = None  # «عدد الطلبات التي بلغ عددها في العاصمة»: where, said in the relative clause
    apposed: bool = False  # «توزعت المخالفات على حالات السرعة، وهي 120 حالة»: the figure restates the phrase before
    measure: str = ""  # «المشروع كلف 30 مليونا»: the measure a verb names (تكلفه), the head of an amount of money
    share: bool = False  # «تمثل الصادرات النفطية 70% من ...»: the subject is a part of what follows «من»
    percent: bool = False  # the figure is a share: only then does a verb of share say so («وتشكل الحكومة 5 لجان»)


def clause_start(ctx: Context, k: int, floor: int) -> int:
    own = ctx.clause_ids[k]
    first = k
    while first > floor and ctx.clause_ids[first - 1] == own and k - first < SCAN_LIMIT:
        first -= 1
    return first


def skip_marks(ctx: Context, k: int, floor: int) -> int:
    while k >= floor and ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in MARKS:
        k -= 1
    return k


@lru_cache(maxsize=None)
def _qualifier_word_set() -> frozenset[str]:
    return frozenset(w for phrase_, _, _ in numbers.qualifier_phrases() for w in phrase_) - words("function")


def is_qualifier_word(word: str) -> bool:
    """«أكثر», «لأزيد», «بما», «وبما»: words of a qualifier phrase, with a clitic or two or none."""
    if word[:2] in ("وب", "ول", "فب", "فل") and len(word) > 3:
        word = word[1:]  # «وبما يوازي»: a conjunction before the preposition
    return word in _qualifier_word_set() or (word[:1] in "بلو" and word[1:] in _qualifier_word_set() | {"ما", "من", "عن", "لا"})


def read_left(ctx: Context, figure: Figure, floor: int) -> Reading:
    """What the words before the figure say of it (a copy: callers refine their reading). Read once per
    figure and floor: the date slot and the metric slot both ask."""
    memo = ctx.__dict__.setdefault("_read_left", {})
    key = (figure.first_token, floor)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _read_left(ctx, figure, floor)
    return copy.copy(found)


def _read_left(ctx: Context, figure: Figure, floor: int) -> Reading:
    reading = Reading(percent=figure.percent)
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    if _conjoined(ctx, figure, k):
        return reading  # «توقيف قائد المركب وثلاثة من مساعديه»: the noun before is another conjunct
    reading.reached = any(phrase.verb_of(ctx.word(j), "reach") for j in range(k, figure.first_token))  # «تجاوزت 47»
    reading.amount = k < figure.first_token and ctx.word(k)[:1] == "ب"  # «تراجع بنحو 3%»: by about, a change's size
    k -= 1
    after_verb = after_to = False
    for _ in range(10):
        k = skip_marks(ctx, k, floor)
        if k > floor and phrase.is_word(ctx, k) and phrase.has_article(ctx.word(k)) and ctx.is_date_token(k - 1):
            k -= 1  # «في شهر رمضان المبارك», «خلال عيد الفطر المبارك»: the epithet of a date is part of it
        if k >= floor and ctx.is_date_token(k):
            while k >= floor and ctx.is_date_token(k):
                k = skip_marks(ctx, k - 1, floor)
            while k >= floor and (ctx.word(k) in words("adjunct_preposition") or phrase.strip_clitics(ctx.word(k)) in words("month_context")):
                k = skip_marks(ctx, k - 1, floor)  # «في مايو الماضي», «في شهر مايو»
        if after_to and k >= floor:
            k = _skip_range_start(ctx, k, floor)  # «من 5,2 مليون إلى 17,8 مليون»: the start of the range
        if k < floor or not phrase.is_word(ctx, k):
            return reading
        word = ctx.word(k)
        after_to = word in words("to")
        value = phrase.value_word(word)
        entry = _entry(reading, word)
        if is_qualifier_word(word) or word in ("ال", "الـ"):
            reading.reached = reading.reached or phrase.verb_of(word, "reach")  # «فاقت الـ(2.915) مليار»
        elif value is not None:
            reading.head, reading.amount = reading.head or value, True
            if word in words("appositive_pronoun") and k - 1 >= 0 and ctx.tokens[k - 1].text in CLAUSE_BREAKS:
                k -= 1  # «حالات الغش والتزوير، وهي 65 حالة»: the phrase before the comma
                reading.apposed = True
                floor = clause_start(ctx, k - 1, max(0, k - SCAN_LIMIT)) if k > 0 else floor
        elif entry is not None:
            kind, noun, is_verb = entry
            if kind in ("up", "down"):
                reading.change = reading.change or noun
                reading.amount = reading.amount or not is_verb
            elif kind not in ("reach", "share"):
                if reading.head:
                    break  # «5 حالات إصابة بنسبة 2%», «خطة إنقاذ بقيمة 86 مليار يورو»: the head's, not a toll
                reading.toll = noun
                return reading
            else:
                reading.reached = reading.reached or is_verb
                # «المشروع كلف 30 مليونا»: its cost; «الصادرات تمثل 70%»: a share
                reading.measure, reading.share = reading.measure or fold(noun), reading.share or kind == "share"
        elif (word in words("figure_link") and (word not in words("complementizer") or after_verb)) or word in words("clause_adverb"):
            pass
        elif word in words("future_particle") and after_verb:
            k -= 1  # «التي سوف تكلف»: the verb's particle; what stands before it is still before the verb
            continue
        elif word in words("aux_verb") and after_verb:
            pass  # «كان مقدرا بنحو 74 مليار»
        elif (word in words("partitive_pronoun") or word in words("pronoun_pp")) and phrase.metric_verbs().get(ctx.word(k - 1)) is not None:
            pass  # «يتوفى منهم 17 ألف حالة», «ارتفع منها 20», «تمرد قتل فيه 40 ألف شخص»
        elif _relative(word) and after_verb:
            k = skip_marks(ctx, k - 1, 0)  # «الطلب الخارجي الموجه للمملكة، والذي ارتفع بنسبة 1,9%»
            if k >= 0 and ctx.tokens[k].text in CLAUSE_BREAKS:
                k -= 1
                floor = clause_start(ctx, k, max(0, k - SCAN_LIMIT)) if k > 0 else floor
            break
        else:
            break
        after_verb = entry is not None and entry[2]
        k -= 1
    else:
        return _bare_change(ctx, figure, reading)
    _read_subject(ctx, figure, reading, k, floor)
    return _bare_change(ctx, figure, reading)


def _conjoined(ctx: Context, figure: Figure, qualified_at: int) -> bool:
    """A figure that opens a conjunct with «و» glued to its number word or to its bare qualifier
    («وثلاثة من مساعديه», «المساعدة أو الحماية وأكثر من 10 ملايين شخص»), not «وبنحو» (a change's size)."""
    word = ctx.word(qualified_at) if qualified_at < figure.first_token else ctx.word(figure.first_token)
    if word[:1] != "و" or len(word) < 3:
        return False
    if qualified_at < figure.first_token:
        return word[1] not in "بل" and is_qualifier_word(word[1:])
    return figure.words_only and word not in numbers.number_words() and word[1:] in numbers.number_words()


def _bare_change(ctx: Context, figure: Figure, reading: Reading) -> Reading:
    """«وارتفعت الصادرات 6 في المائة», «وتراجع الذهب في السوق الفورية 1.5%»: after a verb of change, a
    figure with neither «إلى» (the level reached) nor «من» (the level left) is the size of the change."""
    if reading.change and not reading.amount and not reading.reached and not reading.toll and \
            not phrase.after_word(ctx, figure.first_token, "to") and not phrase.after_word(ctx, figure.first_token, "change_from"):
        reading.amount = True
    return reading


def _skip_range_start(ctx: Context, k: int, floor: int) -> int:
    """k before «من X [unit]» when tokens from k back are such a start of a range, else k."""
    j = k
    for _ in range(6):  # «من 2.1 مليار ريال في المعدل حاليا إلى»: the start's unit and adjuncts
        if j < floor or ctx.tokens[j].kind == "num":
            break
        word = ctx.word(j)
        if ctx.word(j - 1) in words("phrase_preposition"):
            j = skip_marks(ctx, j - 2, floor)
        elif units.is_unit_word(word) or word in numbers.scales() or time_word(word) or word in words("phrase_stop"):
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
    if reading.apposed:  # «على حالات السرعة، وهي 120 حالة»: the nearest noun phrase, after its preposition
        start = next((j for j in range(k, start, -1) if ctx.word(j - 1) in words("phrase_preposition") and phrase.can_start(ctx, j)), start)
        reading.subject, reading.adjacent = (start, k), True
        return
    adjunct = _adjunct_start(ctx, start, k, floor, measured=bool(reading.head))
    if adjunct is not None:
        # «بلغت خلال الموسم الزراعي الحالي 1,4 مليون», «خلال أقل من أسبوع إلى 70»: an adjunct, not the subject
        _read_after_adjunct(ctx, reading, adjunct - 1, floor)
        return
    if not reading.head and (ctx.word(start - 1) in ("الي", "الى") or ctx.word(start - 1) in words("pronoun_pp")):
        return  # «نقل منها إلى مراكز المدينة 64 مصابا»: a destination, not what is counted («إلى شق طريق بطول 18 كيلومترا» is measured)
    if ctx.word(start) in words("example_marker") and start - 1 >= floor:
        head = subject_ending_at(ctx, start - 1, floor)  # «دعم وقود النقل مثل البنزين والديزل»
        if head is not None:
            start, k = head, start - 1
    clause_subject = _past_time_clause(ctx, start, k)
    if clause_subject != start:
        reading.subject, reading.adjacent = (clause_subject, k), _only_links_between(ctx, k, figure)
        return
    if is_unit_of_figure(ctx, start, k, floor):
        reading.unit_of = _number_before(ctx, start, floor)
        reading.subject = label_before(ctx, start, floor)
        if reading.subject is None and reading.head and units.noun_unit(ctx.word(start)):
            reading.subject = (start, k)  # «37215 قرضا سكنيا بقيمة ...» -> قيمة قرض سكني
        elif reading.subject is not None and figure.percent and ctx.word(k + 1) in words("range_or"):
            _read_before_subject(ctx, reading, reading.subject[0] - 1, floor)  # «ارتفع المؤشر 19 نقطة أو 0.11%»: the same change
        reading.adjacent = reading.subject is not None
        return
    antecedent = _antecedent(ctx, start, floor)
    if antecedent is not None:
        # «درجة الحرارة التي سجلت ... في الظل تجاوزت 44», «عدد الطلبات التي بلغ عددها في العاصمة 1.3 مليون»
        if ctx.word(start - 1) == "في" and not reading.reached and _only_links_between(ctx, k, figure):
            reading.scope = (start, k)
        reading.subject, reading.adjacent = antecedent, False
        return
    reading.subject = (start, k)
    reading.adjacent = _only_links_between(ctx, k, figure)
    label = label_before(ctx, start, floor)
    if label is not None:
        reading.subject, reading.adjacent = label, True
        return
    _read_before_subject(ctx, reading, start - 1, floor)


def _entry(reading: Reading, word: str):
    """The metric_verbs.tsv entry of a word, but a verb of share only before a share («تشكل 70%»)."""
    entry = phrase.metric_verbs().get(word)
    return None if entry is not None and entry[0] == "share" and not reading.percent else entry


def pronoun_antecedent(ctx: Context, first: int, floor: int) -> Optional[Span]:
    """«تسبيق لا يفوق مبلغه»: the noun phrase a measure's pronoun stands for, before its verb."""
    k = skip_marks(ctx, first - 1, floor)
    if k < floor or not phrase.is_verb(ctx.word(k)):
        return None
    k = skip_marks(ctx, k - 1, floor)
    if k >= floor and ctx.word(k) in words("negation"):
        k = skip_marks(ctx, k - 1, floor)
    start = phrase.ending_at(ctx, k, floor) if k >= floor else None
    return (start, k) if start is not None else None


def coordinated_antecedent(ctx: Context, first: int, floor: int) -> Optional[Span]:
    """«الناقلة (نجمة الشمال) التي ترفع علم بنما، وتبلغ حمولتها 80 ألف طن»: a measure's pronoun
    after «و» and a verb that goes on a relative clause stands for that clause's antecedent."""
    k = skip_marks(ctx, first - 1, floor)
    if k < floor or ctx.word(k)[:1] != "و" or not phrase.is_verb(ctx.word(k)[1:]):
        return None
    for j in range(skip_marks(ctx, k - 1, floor), max(floor, k - COORDINATED_SCAN) - 1, -1):
        if phrase.is_word(ctx, j) and ctx.word(j) in words("relative"):
            end = j - 1
            while end >= floor and ctx.tokens[end].kind == "sym":
                end -= 1  # «الناقلة (نجمة الشمال) التي»: the name in brackets is the noun's
            start = phrase.ending_at(ctx, end, floor, limit=4) if end >= floor else None
            if start is not None:
                start = max(start, end - 1)  # a noun and its adjective («المصنع الجديد»), not «الوزير المصنع الجديد»
            while start is not None and start < end and (_verb_glued(ctx.word(start)) or not phrase.is_word(ctx, start)):
                start += 1  # «وتملك الشركة التي»: the noun, not the verb before it
            return (start, end) if start is not None else None
        if ctx.tokens[j].kind == "num" or (phrase.is_word(ctx, j) and ctx.word(j)[:1] == "و" and phrase.is_verb(ctx.word(j)[1:])):
            return None  # another figure, or another clause that «و» opens
    return None


def relative_antecedent(ctx: Context, figure: Figure, lo: int) -> Optional[Span]:
    """«معدل البطالة في البلاد، والذي شهد ارتفاعات ...، وتجاوز 12 في المئة»: a verb with «و» right after a comma
    and right before the figure (its qualifier or «إلى» aside) names no subject; it goes on the relative
    clause before it, whose antecedent, from its first head noun of a measure, is what reached the figure."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    if not _verb_glued(ctx.word(k)):  # («وتجاوز» is a qualifier too)
        k = skip_marks(ctx, k - 1, lo)
        k = k - 1 if k > lo and ctx.word(k) in words("to") else k  # «ووصلت إلى 2%»
    if k <= lo or ctx.word(k)[:1] != "و" or not phrase.is_verb(ctx.word(k)[1:]) or ctx.tokens[k - 1].text not in CLAUSE_BREAKS:
        return None  # (after a comma: the verb opens a clause of its own)
    for j in range(k - 1, max(lo, k - COORDINATED_SCAN) - 1, -1):
        if ctx.tokens[j].kind == "num":
            return None  # another figure's clause
        if phrase.is_word(ctx, j) and _relative(ctx.word(j)):
            end = j - 1
            while end >= lo and ctx.tokens[end].kind == "sym":
                end -= 1  # «معدل البطالة في البلاد، والذي»
            return _measure_ending_at(ctx, end, lo)
    return None


def _measure_ending_at(ctx: Context, end: int, lo: int) -> Optional[Span]:
    """The phrase from the first head noun of a measure («معدل», «نسبة النمو», «عدد») to `end`, a few words
    back at most."""
    first = None
    for s in range(end, max(lo, end - RELATIVE_ANTECEDENT_WORDS) - 1, -1):
        word = ctx.word(s)
        if not phrase.is_word(ctx, s) or _verb_glued(word) or (first is not None and word in words("phrase_preposition")):
            break  # (not past the preposition before the head: «على معدل البطالة في البلاد»)
        if phrase.head_at(ctx, s):
            first = s
    return (first, end) if first is not None else None


def _verb_glued(word: str) -> bool:
    """A verb, or «و» glued to one («وتملك»)."""
    return phrase.is_verb(word) or (word[:1] == "و" and phrase.is_verb(word[1:]))


def _relative(word: str) -> bool:
    return phrase.joined_in(word, "relative", "و")


def _antecedent(ctx: Context, start: int, floor: int) -> Optional[Span]:
    """The noun phrase a relative clause ending at the subject hangs on, when a verb of that clause
    stands between its pronoun and the subject («درجة الحرارة التي سجلت ظهيرة الأحد في الشمس»)."""
    verb = False
    for j in range(start - 1, max(floor, start - RELATIVE_SCAN) - 1, -1):
        if ctx.is_date_token(j):
            continue
        if not phrase.is_word(ctx, j):
            return None
        word = ctx.word(j)
        if _relative(word):
            end = skip_marks(ctx, j - 1, floor)
            first = phrase.ending_at(ctx, end, floor) if verb and end >= floor else None
            return (first, end) if first is not None else None
        verb = verb or phrase.is_verb(word)
        if phrase.breaks(word) and not phrase.is_verb(word) and phrase.value_word(word) is None:
            return None  # «التي بلغ عددها في الداخل»: a measure with its pronoun goes on
    return None


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


def _past_time_clause(ctx: Context, start: int, k: int) -> int:
    """«الوقت الذي بلغ فيه رصيد القروض» -> «رصيد القروض»: a time noun's relative clause holds the subject,
    after its verb and the pronoun that points back to the time (words/time_clause_head.txt)."""
    if ctx.word(start) not in words("time_clause_head") or ctx.word(start + 1) not in words("relative"):
        return start
    j = start + 2
    if phrase.is_word(ctx, j) and (phrase.is_verb(ctx.word(j)) or ctx.word(j) in phrase.metric_verbs()):
        j += 1
    while j <= k and ctx.word(j) in words("pronoun_pp"):
        j += 1
    return j if j <= k and phrase.can_start(ctx, j) else start


def _adjunct_start(ctx: Context, start: int, end: int, floor: int, measured: bool = False) -> Optional[int]:
    """Index where a time or place adjunct ending at `end` starts («خلال التسعة أشهر الماضية»,
    «مساء أول من أمس», «وحتى اليوم»), or None when the phrase at `start` is no adjunct."""
    k = start - 1
    for _ in range(4):
        if k < floor or not phrase.is_word(ctx, k):
            break
        word = ctx.word(k)
        if phrase.joined_in(word, "adjunct_preposition", "و"):
            verb = ctx.word(skip_marks(ctx, k - 1, floor))
            # «بلغت في الفصل الثاني 3 ملايين»: after the verb of the figure, an adjunct; «تمثلت في حالات
            # الغش، وهي 65 حالة»: after another verb, its complement names what is counted
            figure_verb = verb in phrase.metric_verbs() or (verb.endswith("نا") and verb[:-2] in phrase.metric_verbs())  # «سجلنا»
            verb_before = phrase.is_verb(verb) and (word != "في" or figure_verb or verb in words("aux_verb"))
            if measured and word in words("to") and not time_phrase(ctx, start, end):
                return None  # «يهدف إلى إنشاء طريق جديد بطول 27 كيلومترا»: what the value word measures
            return k if word != "في" or verb_before or time_phrase(ctx, start, end) else None
        if not (is_qualifier_word(word) or word == "من" or word in numbers.number_words() or time_word(word)):
            break
        k -= 1
    if time_phrase(ctx, start, end):
        return k + 1
    return None


def time_phrase(ctx: Context, start: int, end: int) -> bool:
    """«التسعة أشهر الماضية», «الموسم الماضي»; not «إنشاء طريق جديد مواز للطريق الحالي» (too long for one)."""
    if all(time_word(ctx.word(j)) or not phrase.is_word(ctx, j) or ctx.is_date_token(j) for j in range(start, end + 1)):
        return True
    return time_word(ctx.word(end)) and end - start <= MAX_TIME_WORDS and phrase.head_of(ctx.word(start)) is None
    # (not «عدد الأسهم المتداولة اليوم»: a measure's phrase, a time word after it)


def time_word(word: str) -> bool:
    if phrase.has_article(word) and phrase.strip_clitics(word) in words("period_adjective"):
        return False  # «الإنتاج اليومي»: daily, an adjective of the noun
    return word in words("time_word") or phrase.strip_clitics(word) in words("time_word") or word in numbers.month_words()


def _read_after_adjunct(ctx: Context, reading: Reading, k: int, floor: int) -> None:
    k = skip_marks(ctx, k, floor)
    while k > floor and ctx.word(k) in words("clause_adverb"):
        k = skip_marks(ctx, k - 1, floor)
    if k < floor or not phrase.is_word(ctx, k):
        return
    entry = _entry(reading, ctx.word(k))
    if entry is not None and entry[2]:
        if entry[0] in ("up", "down"):
            reading.change = reading.change or entry[1]
        elif entry[0] in ("reach", "share"):
            reading.reached, reading.share = True, reading.share or entry[0] == "share"
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
    k = _verb_before_date(ctx, k, floor)
    if k < floor or not phrase.is_word(ctx, k):
        return
    entry = _entry(reading, ctx.word(k))
    if entry is not None:
        reading.share = reading.share or entry[0] == "share"  # «وتمثل الصادرات النفطية 70% من ...»
        if entry[0] in ("up", "down") and not reading.change:
            reading.change = entry[1]
            reading.amount = reading.amount or not entry[2]
        elif entry[0] == "reach" and entry[1] and _opens_clause(ctx, k, floor):
            # «ويكلف تشغيل المحطة 12 مليونا»: its cost; not «الجسر كلف الدولة ...», whose subject is before
            reading.measure = reading.measure or fold(entry[1])
        return
    start = phrase.ending_at(ctx, k, floor)
    if start is None or is_unit_of_figure(ctx, start, k, floor):
        return
    before = skip_marks(ctx, start - 1, floor)
    word = ctx.word(before) if before >= floor and phrase.is_word(ctx, before) else ""
    verb = _entry(reading, word) if word else None
    if verb is not None and verb[0] in ("up", "down") and verb[2] and word[:1] != "م" and not reading.change:
        reading.change = verb[1]  # «رفعت الحكومة أسعار الكهرباء بنسبة 30%»: the change its agent made (not «متقدما»)
    measured = reading.subject is not None and phrase.value_word(ctx.word(reading.subject[0]))
    # «حققت المصارف أرباحا صافية»: an agent owns an indefinite object, not «رفعت الوزارة سعر الغاز»
    owned = reading.subject is not None and not phrase.has_article(ctx.word(reading.subject[1]))
    if measured or (owned and before >= floor and phrase.is_word(ctx, before) and phrase.is_verb(ctx.word(before))):
        reading.owner = (start, k)  # «ثلاث مدارس بمجموع مالي قدر بـ 30 مليون»: what the amount is of


def _verb_before_date(ctx: Context, k: int, floor: int) -> int:
    """«ارتفع خلال الربع الثاني عدد العقارات»: the verb of change before a date that stands between it
    and the subject, else k (an agent is not read across a date)."""
    j = k
    while j >= floor and ctx.is_date_token(j):
        j = skip_marks(ctx, j - 1, floor)
    while j >= floor and j < k and ctx.word(j) in words("adjunct_preposition"):
        j = skip_marks(ctx, j - 1, floor)
    entry = phrase.metric_verbs().get(ctx.word(j)) if j < k and j >= floor else None
    return j if entry is not None and entry[0] in ("up", "down") and entry[2] else k


def _opens_clause(ctx: Context, k: int, floor: int) -> bool:
    """Does the word at k open its clause (nothing but a complementizer before it)?"""
    j = skip_marks(ctx, k - 1, floor)
    return j < floor or not phrase.is_word(ctx, j) or ctx.word(j) in words("complementizer")


def _only_links_between(ctx: Context, k: int, figure: Figure) -> bool:
    _, first = numbers.qualifier_before(ctx.tokens, figure.first_token)
    return all(
        not phrase.is_word(ctx, j) or ctx.word(j) in words("figure_link") or ctx.word(j) in words("clause_adverb")
        or phrase.value_word(ctx.word(j)) is not None or is_qualifier_word(ctx.word(j))
        for j in range(k + 1, first)
    )


def is_unit_of_figure(ctx: Context, start: int, end: int, floor: int) -> bool:
    """«من 7 دنانير إلى»: words right after a number are its unit, not a subject."""
    k = skip_marks(ctx, start - 1, floor)
    glued = ctx.word(start)[:1] in "بل" and not phrase.has_article(ctx.word(start))
    for _ in range(2 if glued else 0):  # «2.05 ريال للتر»: a phrase glued to a figure's unit belongs to it
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
    return number_span(ctx, k, floor, start)


def number_span(ctx: Context, k: int, floor: int, stop: int) -> Span:
    """The whole number that token k is part of: the scale words after it (before `stop`), the numbers,
    «و» and scale words before it (from `floor`): «431 ألف و264», «1.5 مليار»."""
    last = k
    while last + 1 < stop and ctx.word(last + 1) in numbers.scales():
        last += 1
    first = k
    while first - 1 >= floor and (ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) == "و" or ctx.word(first - 1) in numbers.scales()):
        first -= 1
    return first, last


def label_before(ctx: Context, start: int, floor: int) -> Optional[Span]:
    """«والمؤسسات الصغيرة 318 مؤسسة بقيمة ...»: the counted noun of an earlier figure is no subject;
    the label before that figure is."""
    k = skip_marks(ctx, start - 1, floor)
    if k < floor or ctx.tokens[k].kind != "num" or ctx.is_date_token(k) or not units.is_unit_word(ctx.word(start)):
        return None
    while k >= floor and (ctx.tokens[k].kind == "num" or ctx.word(k) in numbers.scales() or ctx.word(k) == "و" or ctx.tokens[k].text in MARKS):
        k -= 1
    begin = phrase.ending_at(ctx, k, floor) if k >= floor else None
    verb = ctx.word(skip_marks(ctx, begin - 1, floor)) if begin is not None else ""
    # «ومولت الوكالة 120 مشروعا»: an agent; «بلغ تمويل السيارات 151 سيارة», «كان نصيب المشاريع (274) مشروع»: a subject
    agent = phrase.is_verb(verb) and phrase.metric_verbs().get(verb) is None and verb not in words("aux_verb")
    if begin is None or agent or time_word(ctx.word(k)) or not phrase.has_article(ctx.word(k)) or _adjunct_start(ctx, begin, k, floor) is not None:
        return None  # «والمؤسسات الصغيرة 318 مؤسسة», not «تلتها 29 حالة»
    return begin, k
