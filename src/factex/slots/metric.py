"""The metric slot: what a figure measures, as a noun phrase of the article's own words.

`build_metric(ctx, draft)` reads the words before the figure (slots/metric_reading.py): the subject
noun phrase («عدد المسجلين في السجل الوطني»), the measure a value word hands over («بنسبة» -> نسبة),
a verb or noun of change («ارتفعت الصادرات بنسبة 6%» -> «نسبة ارتفاع الصادرات»), a toll («لقي 14
عاملا مصرعهم» -> «عدد القتلى»). Without a subject it falls back on the group after «من», the counted
noun and the verb or action around it («تسريح 420 عاملا» -> «تسريح عامل»), what an amount is for, a
head noun earlier in the sentence, the subject of its verb, its topic («أما الواردات»). Figures that
restate another («مقابل»، «(قرابة ...)»، «بنسبة» after a count, «بزيادة» after a total, «22%
ليسجل سعر اللتر») take its metric; a list item that only says where («، وفي قطاع الزراعة 2240
دينارا», «26% في شقق») takes the metric of the item before it (slots/metric_scope.py, which also
says where a toll happened and which named entity «الشركة» or «أرباحه» stands for). The entity the
sentence is about is added in brackets when the phrase lacks it. Phrases come from slots/phrase.py
and are written by slots/metric_render.py, so they never hold a number, a unit, a verb fragment or
a dangling particle, and never cross a sentence. `head_phrase` (used by the unit slot) is the older
head-noun search.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import attribution, numbers, units
from ..context import CLAUSE_BREAKS, Context, Draft
from ..lexicon import words
from ..normalize import fold, strip_article
from ..numbers import Figure
from . import metric_around as around_
from . import metric_reading as reading_
from . import metric_share as share_
from . import metric_render as render_
from . import metric_scope as scope_
from . import metric_subject as subject_
from . import metric_toll as toll_
from . import phrase
from . import restated
from . import unit as unit_slot

MAX_METRIC_WORDS = 15
SCAN_LIMIT = 60  # tokens looked back for a metric head or a topic: keeps long sentences linear
MAX_ELLIPSIS = 6  # a list item takes the metric of the item before it, at most this many items back


def _clean_head(word: str) -> str:
    """«كلفتها» -> «كلفة»: a head noun loses its pronoun suffix."""
    for suffix in ("تها", "تهم", "ته"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + "ة"
    return word


@lru_cache(maxsize=1 << 16)
def _is_head(word: str) -> bool:
    stem = strip_article(word)
    if stem[:1] in "بلو" and stem[1:] in words("metric_heads"):
        return True
    stem = _clean_head(stem)
    return stem in words("metric_heads") or fold(stem) in words("metric_heads")


def head_phrase(ctx: Context, figure: Figure, sentence: tuple[int, int]) -> Optional[tuple[int, int]]:
    """«عدد المسجلين في السجل الوطني» before the figure: own clause first, else earlier in the sentence."""
    own_clause = ctx.clause_ids[figure.first_token]
    best, anaphor = None, False
    for i in range(figure.first_token - 1, max(sentence[0], figure.first_token - SCAN_LIMIT) - 1, -1):
        if not _is_head(ctx.word(i)):
            continue
        end = _phrase_end(ctx, i + 1, figure.first_token, limit=8)
        while end > i and ctx.word(end) in words("function"):
            end -= 1
        if end <= i:  # a bare «العدد» refers back: keep looking
            anaphor = anaphor or ctx.clause_ids[i] == own_clause
            continue
        i = _outer_head(ctx, i, sentence[0])
        if ctx.clause_ids[i] == own_clause:
            return i, end
        best = best or (i, end)
    # an earlier clause's metric only reaches a figure whose own clause names nothing («مقابل 76.000 ملف»)
    return best if anaphor or context_phrase(ctx, figure) is None else None


def _outer_head(ctx: Context, i: int, floor: int) -> int:
    """«إيرادات الميزانية العامة»: a head just before another head opens the phrase."""
    for k in range(i - 1, max(floor - 1, i - 4), -1):
        tok = ctx.tokens[k]
        if tok.kind != "word" or tok.text in _head_stops():
            break
        if _is_head(tok.text):
            return k
    return i


def _phrase_end(ctx: Context, k: int, stop: int, limit: int, stops: frozenset = frozenset()) -> int:
    """Index of the last token of a noun phrase starting at k (k-1 when empty)."""
    stops = stops or _head_stops()
    last, first = k - 1, k
    while k < stop and k - first < limit:
        tok = ctx.tokens[k]
        if tok.kind == "num" or (tok.kind == "sym" and tok.text in CLAUSE_BREAKS) or tok.text in stops:
            break
        if tok.text == "الي" and (ctx.word(k + 1) in words("limit") or ctx.is_date_token(k + 1)):
            break
        if ctx.is_date_token(k):
            break
        last = k
        k += 1
    return last


@lru_cache(maxsize=None)
def _head_stops() -> frozenset[str]:
    return words("metric_stops") | _qualifier_words()


@lru_cache(maxsize=None)
def _qualifier_words() -> frozenset[str]:
    return frozenset(w for phrase, _, _ in numbers.qualifier_phrases() for w in phrase) - words("function") - {"لا", "فوق"}


def context_phrase(ctx: Context, figure: Figure, limit: int = 6) -> Optional[tuple[int, int]]:
    """The words before the figure in its clause («استفاد منه», «عبر إدماج»)."""
    own = ctx.clause_ids[figure.first_token]
    first = figure.first_token
    while first > 0 and ctx.clause_ids[first - 1] == own and figure.first_token - first < limit + 3:
        if ctx.tokens[first - 1].kind == "num" or ctx.word(first - 1) in numbers.scales():
            break
        first -= 1
    taken = [i for i in range(first, figure.first_token) if ctx.tokens[i].kind == "word"]
    taken = [i for i in taken if ctx.tokens[i].text not in _qualifier_words() and ctx.tokens[i].text not in attribution.cues()]
    while taken and ctx.word(taken[0]) in words("function"):
        taken.pop(0)
    while taken and ctx.word(taken[-1]) in words("function"):
        taken.pop()
    if not taken:
        return None
    return taken[max(0, len(taken) - limit)], taken[-1]


# ---------------------------------------------------------------- the metric phrase


def build_metric(ctx: Context, draft: Draft, depth: int = 0) -> str:
    """The metric phrase of a figure (see the module doc)."""
    metric = _core_metric(ctx, draft, depth)
    if depth:
        return metric
    if "(" not in metric and unit_slot.whole_before(ctx, draft.figure) is None:  # (a part of a group is the group's)
        entity = around_.main_subject(ctx, draft.sentence[0], draft.figure.first_token)
        entity = None if entity is not None and scope_.not_the_possessor(ctx, draft, metric, entity) else entity
        metric = scope_.with_entity(ctx, metric, entity, draft.source)
    metric = scope_.named(ctx, draft, metric)
    programme = topic_phrase(ctx, draft.figure, draft.sentence) if "(" not in metric else None
    if programme and fold(programme.split()[-1]) not in fold(metric) and len(metric.split()) + len(programme.split()) <= phrase.MAX_WORDS:
        metric = f"{metric} ({programme})" if metric else programme
    first = draft.figure.first_token
    if draft.pair_role is not None or phrase.after_word(ctx, first, "change_start") or phrase.after_word(ctx, first, "to"):
        metric = _without_change(metric, draft.figure.percent)
    if phrase.share_base_at(ctx, draft.figure.first_token - 2):
        metric = _without_base_word(metric)
    return metric


def _without_base_word(metric: str) -> str:
    """«أصل مقعد» for the total of «41 من أصل 129 مقعدا»: «أصل» (out of) names no measure («مجموع» does)."""
    first, _, rest = metric.partition(" ")
    keep = not rest or rest.startswith("(") or fold(first) not in words("share_base") or phrase.head_of(fold(first)) is not None
    return metric if keep else rest


def _without_change(metric: str, percent: bool) -> str:
    """«زيادة المبيعات السنوية» for «زيادة مبيعاتها من 2.1 مليار إلى 4.6 مليار»: the two figures of
    «من ... إلى» are levels of the measure before and after its change, not the change (but «تباطأ نمو
    الناتج من 3.5% إلى 1.2%»: rates of the change itself)."""
    first, _, rest = metric.partition(" ")
    entry = phrase.metric_verbs().get(fold(first))  # «زيادة X», not «النمو السنوي ...» nor «ارتفاع ملحوظ»
    if not rest or entry is None or entry[0] not in ("up", "down") or entry[2]:
        return metric
    after = fold(rest.split()[0])
    if phrase.head_of(after) is not None or (after.startswith("ال") and not percent):
        return rest
    return metric


def _core_metric(ctx: Context, draft: Draft, depth: int) -> str:
    """The phrase from the words around the figure, or from the figure it restates."""
    figure = draft.figure
    floor = reading_.clause_start(ctx, figure.first_token, draft.sentence[0])
    equal_to = restated.figure_in_brackets_of(ctx, figure, draft.sentence[0]) if not depth else None
    if equal_to is not None:  # «48 مليار جنيه (قرابة 2.71 مليار دولار)»: the same amount
        return build_metric(ctx, _draft_of(ctx, draft, *equal_to), depth + 1)
    change_of = restated.figure_before_change(ctx, figure, draft.sentence[0]) if not depth else None
    if change_of is not None:  # «بلغ 9247 مركبة بزيادة 86 مركبة» -> «الزيادة في <the metric of 9247>»
        whole = build_metric(ctx, _draft_of(ctx, draft, *change_of), depth + 1)
        reading = reading_.read_left(ctx, figure, floor)
        if whole and reading.change:
            lead = render_.word_for("share") + " " if figure.percent else ""
            return f"{lead}{render_.with_article(render_.display(reading.change))} في {whole}"
    size_of = restated.share_before_amount(ctx, figure, draft.sentence[0]) if not figure.percent and not depth else None
    if size_of is not None:  # «بارتفاع نسبته 1% وبنحو 289 مليونا» -> «الارتفاع في ...», the share's metric without «نسبة»
        share = build_metric(ctx, _draft_of(ctx, draft, *size_of), depth + 1)
        first, _, rest = share.partition(" ")
        if fold(first) == fold(render_.word_for("share")) and rest and strip_article(fold(rest.split()[0])) in render_.change_nouns():
            return rest
    share_of = restated.figure_before_break(ctx, figure, draft.sentence[0]) if figure.percent and not depth else None
    if share_of is not None:  # «14 مليون صوت، بنسبة 91%» -> «نسبة <the metric of the votes>»
        whole = build_metric(ctx, _draft_of(ctx, draft, *share_of), depth + 1)
        if whole:
            first, _, rest = whole.partition(" ")
            part = rest if phrase.head_of(fold(first)) in phrase.measures() and rest else whole
            return share_.of_whole(ctx, draft, f"{render_.word_for('share')} {part}")  # «... تمثل 74% من حجم الودائع»
    compared = restated.previous_figure_end(ctx, figure, floor)
    if compared is not None:  # «2,8 نقطة مقابل 2,5 نقطة»: the metric of the figure compared with
        figure = _figure_ending_at(ctx, compared, floor) or figure
    base = restated.compared_across_break(ctx, figure, draft.sentence[0]) if compared is None and not depth else None
    if base is not None:  # «120 ألف مسافر عبروا المطار ...، مقابل 87 ألفا في الفترة ذاتها»: a base of the same unit
        other = _draft_of(ctx, draft, *base)
        if other.unit is not None and draft.unit is not None and other.unit.name == draft.unit.name and _only_dated(ctx, draft):
            return build_metric(ctx, other, depth + 1)
    named = around_.named_before_total(ctx, draft) if figure is draft.figure and not depth else None
    if named is not None:  # «... من البطاقات الملغاة ... بمجموع مليون و318 ألف بطاقة» -> «عدد البطاقات الملغاة»
        return f"{render_.word_for('count')} {phrase.render(ctx, [named])}"
    said = share_.verb_share(ctx, draft, floor) if figure is draft.figure else None
    if said is not None:  # «واستقى 41% من المشاركين معلوماتهم من الإذاعة»
        return phrase.render(ctx, said)
    reading = reading_.read_left(ctx, figure, floor)
    scope_.ranked(ctx, draft, reading)
    scope_.recorder_as_owner(ctx, draft, reading)
    _measure_as_head(draft, reading)
    _price_as_head(ctx, draft, reading)
    item = scope_.list_item(ctx, draft, reading, floor) if depth < MAX_ELLIPSIS and figure is draft.figure else None
    if item is not None:  # «..., وفي قطاع الزراعة 2240 دينارا», «قابلهم 26% في شقق»
        previous, preposition, scope = item
        base = build_metric(ctx, _draft_of(ctx, draft, *previous), depth + 1)
        if base:
            return scope_.with_pp(base, preposition, phrase.render(ctx, [scope]))
    part = scope_.part_of_whole(ctx, draft) if figure is draft.figure else None
    if part is not None:  # «عدد من الحالات منها ثلاث في حالة حرجة» -> «عدد الحالات في حالة حرجة»
        whole, preposition, scope = part
        return scope_.with_pp(whole, preposition, phrase.render(ctx, [scope]))
    if reading.head and reading.subject is None and reading.unit_of is not None and not depth:
        # «2.437 مليون طن بقيمة 18 مليار دينار» -> «قيمة <the metric of the tonnage>»
        whole = build_metric(ctx, _draft_of(ctx, draft, *reading.unit_of), depth + 1)
        if whole:
            first, _, rest = whole.partition(" ")
            rest = rest if phrase.head_of(fold(first)) in phrase.measures() and rest else whole
            return f"{render_.display(reading.head)} {rest}"
    result_of = _result_clause_of(ctx, draft, reading) if not depth else None
    if result_of is not None:  # «بلغت نسبة ارتفاع سعر الديزل 22% ليسجل سعر اللتر 4,80 دينارا»
        base = render_.thing(build_metric(ctx, _draft_of(ctx, draft, *result_of), depth + 1))
        own = phrase.render(ctx, [reading.subject])
        if base and own and not render_.overlaps(base, own) and len(own.split()) + len(base.split()) <= phrase.MAX_WORDS:
            return f"{own} ({base})"
    counted = around_.counted_phrase(ctx, draft) if figure is draft.figure else None
    item = scope_.elliptic_item(ctx, draft) if counted is None else None  # «40 ألف سيارة و12 ألفا صدرت ...»
    after = around_.toll_after(ctx, draft) if item or (counted is not None and figure is draft.figure) else ""
    if not reading.toll and figure is draft.figure and (counted is not None or item):
        reading.toll = after  # («قتل 12 شخصا و3 أصيبوا»: the injured)
    if not reading.toll and figure is draft.figure and not (reading.head or reading.change or reading.share):
        reading.toll = toll_.toll_of_victims(ctx, draft, reading.subject, floor)  # «أسفر الهجوم عن 12 قتيلا»
    if not reading.toll and figure is draft.figure and draft.toll_of is not None:
        reading.toll = draft.toll_of.toll  # «مقتل 20 شخصا، منهم ستة أطفال» -> «عدد القتلى (أطفال)»
    subject_.drop_weak_subject(ctx, draft, reading, counted)
    if reading.toll:
        parts = toll_.toll_parts(ctx, draft, reading, counted, _generic(draft), None if after else item)
    else:
        parts = _parts(ctx, draft, figure, floor, reading, counted, item)
    return phrase.render(ctx, [p for p in parts if p])


def _result_clause_of(ctx: Context, draft: Draft, reading: reading_.Reading) -> Optional[tuple[int, int]]:
    """«... 22% ليسجل سعر اللتر 4,80 دينارا»: a subject after «ليسجل/ليصل» names what the figure before
    it changed; that figure's number tokens."""
    if reading.subject is None:
        return None
    k = reading_.skip_marks(ctx, reading.subject[0] - 1, draft.sentence[0])
    word = ctx.word(k)
    entry = phrase.metric_verbs().get(word)
    if entry is None or not entry[2] or entry[0] not in ("reach", "up", "down") or word[:1] != "ل":
        return None
    return scope_.previous_figure(ctx, draft)


def _money(draft: Draft) -> bool:
    return draft.unit is not None and draft.unit.kind == "currency"


def _measure_as_head(draft: Draft, reading: reading_.Reading) -> None:
    """«المشروع كلف 30 مليون ريال» -> «تكلفة المشروع», «تزن القطعة 60 كلغ» -> «وزن القطعة»: the measure
    a verb names heads an amount of money or a physical measure (not a count: «كلف ثلاثة قضاة» is «assigned»)."""
    if reading.measure and (_money(draft) or (draft.unit is not None and draft.unit.kind == "measure")):
        reading.head = reading.head or reading.measure


def _price_as_head(ctx: Context, draft: Draft, reading: reading_.Reading) -> None:
    """«هبط البلاتين إلى 942 دولارا للأوقية» -> «سعر ...»: an amount paid per unit is a price."""
    if not _money(draft) or reading.head or not around_.priced_unit_after(ctx, draft):
        return
    if reading.subject is not None and any(phrase.head_at(ctx, k) for k in range(reading.subject[0], reading.subject[1] + 1)):
        return  # «أسعار الذهب», «متوسط سعر المتر»: the subject names its measure
    reading.head = fold(render_.word_for("price"))


def _draft_of(ctx: Context, draft: Draft, first: int, last: int) -> Draft:
    """A stand-in draft for an earlier figure of the sentence (tokens first..last), with its unit."""
    figure = Figure(start=ctx.tokens[first].start, end=ctx.tokens[last].end, value=0.0, first_token=first, last_token=last)
    sign = _percent_end(ctx, last)
    if sign is not None:  # «44 %», «44 في المائة»: the stand-in is a percentage, its sign part of it
        figure.percent, figure.last_token = True, sign
    unit, unit_last = unit_slot.unit_after(ctx, figure)
    return Draft(figure, draft.sentence, draft.sentence_no, unit, unit_last, None, None)


def _only_dated(ctx: Context, draft: Draft) -> bool:
    """Nothing said after the figure but its date («مقابل 87 ألفا في الفترة ذاتها من 2016»), not «مقابل 19% للعلاج»."""
    k = max(draft.unit_last, draft.figure.last_token) + 1
    if ctx.word(k) in words("adjunct_preposition"):
        k += 1
    return k >= draft.sentence[1] or ctx.is_date_token(k) or ctx.tokens[k].text in CLAUSE_BREAKS


def _percent_end(ctx: Context, last: int) -> Optional[int]:
    """The last token of a percent sign or phrase right after token `last`, or None."""
    k = last + 1
    if k >= len(ctx.tokens):
        return None
    if ctx.tokens[k].text in ("%", "٪") or ctx.word(k) in words("percent_glued"):
        return k
    if ctx.word(k) == "في" and ctx.word(k + 1) in words("percent_word"):
        return k + 1
    return None


def _figure_ending_at(ctx: Context, last: int, floor: int) -> Optional[Figure]:
    """A stand-in for the earlier figure whose last number token is `last` (for its reading)."""
    first = reading_.number_span(ctx, last, floor, last + 1)[0]
    return Figure(start=ctx.tokens[first].start, end=ctx.tokens[last].end, value=0.0, first_token=first, last_token=last)


def _parts(ctx: Context, draft: Draft, figure: Figure, floor: int, reading: reading_.Reading, counted, item) -> list:
    """The subject (read before the figure, else found around it) with its measure, change and scope."""
    subject, scope = around_.after_speaker(ctx, draft, reading.subject), None
    if subject is None:
        subject, scope = _fallback(ctx, draft, figure, floor, reading, counted, item)
        if subject is not None:
            subject = around_.after_speaker(ctx, draft, subject)  # «أظهرت بيانات هبوط الواردات 3%»: not the data
            _change_before(ctx, subject, figure, reading)
    if subject is None:
        return [render_.display(reading.head)] if reading.head else []
    predicate = around_.predicate_after(ctx, draft) if figure is draft.figure else None
    parts = _compose(ctx, draft, figure, reading, subject)
    if reading.scope is not None and reading.subject == subject:
        parts += ["في", reading.scope]
    if predicate is None and figure is draft.figure and _money(draft) and reading.subject is not None:
        purpose = around_.purpose_after(ctx, draft)  # «صرف مبلغ 5 آلاف دينار لكل متضرر»
        if purpose is not None and not phrase.has_article(ctx.word(subject[1])):
            parts.append(purpose)
    if predicate is not None:
        parts.append(render_.definite_predicate(ctx, predicate))
    scope_text = phrase.render(ctx, render_.scope_words(ctx, scope)) if scope is not None else ""
    if scope_text and not render_.overlaps(scope_text, phrase.render(ctx, parts)):
        parts.append(f"({scope_text})")
    return parts


def _change_before(ctx: Context, subject, figure: Figure, reading: reading_.Reading) -> None:
    """«انخفض الاحتياطي ... ما يعادل 9.3%»: a share after a subject that a verb of change opens."""
    k = reading_.skip_marks(ctx, subject[0] - 1, 0)
    entry = phrase.metric_verbs().get(ctx.word(k)) if k >= 0 else None
    if entry is not None and entry[0] in ("up", "down") and not reading.change:
        reading.change = entry[1]
        reading.amount = reading.amount or figure.percent


def _fallback(ctx: Context, draft: Draft, figure: Figure, floor: int, reading: reading_.Reading, counted, item):
    """No subject right before the figure: the group after «من», the counted noun, what an amount is
    for, a head noun earlier in the sentence, the subject of the sentence's verb, its topic, the last
    noun phrase before the figure. Returns (subject, scope): a scope names whose it is."""
    lo = draft.sentence[0]
    around = figure is draft.figure
    owner = around_.agent(ctx, figure, floor) or around_.topic_after(ctx, draft) if around else None
    owner = owner or around_.topic(ctx, lo, figure.first_token)
    copula = around_.copula_after(ctx, draft) if around else None
    if copula is not None:  # «12 مليار دولار هي ودائع من أرباح الصندوق»
        return copula, None
    relative = reading_.relative_antecedent(ctx, figure, lo) if around and counted is None else None
    if relative is not None:  # «معدل البطالة في البلاد، والذي شهد ارتفاعات ...، وتجاوز 12%»
        return relative, None
    if around and (figure.percent or (draft.unit is not None and draft.unit.kind == "measure")) and \
            (not reading.head or reading.head == fold(render_.word_for("share"))):  # («بنسبة 91% من إجمالي الأصوات»)
        partitive = share_.partitive_after(ctx, draft)  # «37% من حظيرة المركبات», «1320 كيلوغراما من مخدر الشيرا»
        if partitive is not None:
            if figure.percent:  # «40% من احتياطيات الغاز», «من عدد الأصوات»: a share of what is counted
                partitive, reading.head = share_.without_count_word(ctx, partitive), fold(render_.word_for("share"))
            reading.action = reading.action or share_.those_who(ctx, partitive)  # «62% يفضلون» -> «نسبة من يفضلون»
            return partitive, _scope(owner, partitive)
    after = around_.topic_after(ctx, draft) if around else None
    if after is not None and counted is None:
        return after, None
    legacy = _legacy_head(ctx, draft, figure) if around else None
    if legacy is not None and (reading.anaphor or counted is None or (counted[0] == counted[1] and _generic(draft))):
        return legacy, None
    if around and item is not None:  # «40 ألف سيارة و12 ألفا صدرت إلى الخارج» -> «سيارة صدرت إلى الخارج»
        counted, reading.clause = item
        return counted, _scope(owner, counted)
    if counted is not None:
        if around and not reading.action:
            reading.action = around_.state_before(ctx, figure, floor)  # «توقفت 9 إذاعات» -> «توقف إذاعة»
        if around and not reading.action and _plain_count(ctx, counted):
            reading.clause = around_.verb_before(ctx, figure, floor)
            whose = around_.antecedent(ctx, reading.clause, lo) if reading.clause is not None else None
            if whose is not None:  # «الفندق الذي يتكون من 137 غرفة» -> «غرفة (الفندق)»
                owner = whose
                reading.clause = None if reading.clause[0] == reading.clause[1] else reading.clause
        scope, reading.owner = _scope(reading.owner or owner, counted), None
        return counted, scope
    purpose = around_.purpose_after(ctx, draft) if around and _money(draft) else None
    if purpose is not None:
        reading.head = reading.head or fold(render_.word_for("amount"))
        return purpose, None
    if legacy is not None:
        return legacy, None
    subject, noun, kind = around_.verb_subject(ctx, lo, figure.first_token)
    if subject is not None:
        if noun and kind == "reach":  # «ويكلف تشغيل المحطة 12 مليون دولار»: its cost
            reading.measure = reading.measure or fold(noun)
            _measure_as_head(draft, reading)
        elif noun and figure.percent:
            reading.change, reading.amount = reading.change or noun, True
        return subject, None
    if owner is not None:
        return owner, None
    after = around_.after_phrase(ctx, draft) if around else None
    if after is not None:
        return after, None
    return around_.nearest_phrase(ctx, figure, floor) or around_.nearest_phrase(ctx, figure, lo), None


def _plain_count(ctx: Context, counted) -> bool:
    """«مصابا», «مصابا ومريضا»: counted nouns with nothing said of them."""
    return all(k == counted[0] or (ctx.word(k)[:1] == "و" and units.is_unit_word(ctx.word(k)[1:])) for k in range(counted[0], counted[1] + 1))


def _legacy_head(ctx: Context, draft: Draft, figure: Figure):
    """The head noun phrase found for the unit slot (`head_phrase`), as a clean phrase."""
    if draft.head is None or not phrase.can_start(ctx, draft.head[0]):
        return None
    first = draft.head[0]
    return first, phrase.extend(ctx, first, figure.first_token)


def _generic(draft: Draft) -> bool:
    return draft.unit is not None and fold(draft.unit.name) in words("generic_count")


def _scope(owner, subject):
    if owner is None or owner[0] <= subject[0] <= owner[1] or subject[0] <= owner[0] <= subject[1]:
        return None
    return owner


def _elliptic_head(ctx: Context, draft: Draft, subject) -> list:
    """«رفع سعر الديزل إلى 1.15 ريال، وبنزين 91 أوكتين إلى 2.05 ريال»: a coordinated subject
    takes the measure of the sentence's head phrase («سعر بنزين 91 أوكتين»)."""
    word = ctx.word(subject[0])
    if word[:1] != "و" or phrase.head_of(word) is not None:
        return []
    first = next(
        (k for k in range(subject[0] - 1, max(draft.sentence[0], subject[0] - SCAN_LIMIT) - 1, -1)
         if phrase.head_of(ctx.word(k)) in phrase.measures() and phrase.can_start(ctx, k)),
        None,
    )
    if first is None:
        return []
    if not phrase.has_article(word):
        return [render_.display(phrase.head_of(ctx.word(first)))]
    core, end = first, phrase.extend(ctx, first, subject[0])
    while core + 1 <= end and phrase.is_word(ctx, core + 1) and ctx.word(core + 1) not in words("phrase_preposition") and not ctx.word(core + 1).startswith(("لل", "بال")):
        core += 1
    return [(first, core), "ل"]


def _compose(ctx: Context, draft: Draft, figure: Figure, reading: reading_.Reading, subject) -> list:
    subject_parts = _subject_parts(ctx, subject, draft, reading)
    shared = share_.share_of(ctx, draft, subject, subject_parts) if reading.share and figure is draft.figure else []
    if shared:  # «تمثل الصادرات النفطية 70% من إجمالي الصادرات» -> «نسبة الصادرات النفطية من إجمالي الصادرات»
        return shared
    elliptic = _elliptic_head(ctx, draft, subject) if reading.subject is not None and not (reading.change or reading.head in words("multiple_head")) else []
    if elliptic:
        if elliptic[-1] == "ل":  # «سعر اسطوانة البوتجاز» + «للاستخدام التجاري»
            return [elliptic[0], render_.with_lam(ctx, subject)]
        text = phrase.render(ctx, [subject])
        conjunction = fold(text)[:1] == "و" and fold(text.split()[0]) not in words("waw_initial")
        return [*elliptic, text[1:] if conjunction else text]  # «وبنزين 91» -> «سعر بنزين 91», not «وصول»
    if reading.action:
        subject_parts = [reading.action, *subject_parts]
    if reading.clause is not None:  # «حالة تماثلت للشفاء», «مصاب نقل إلى مستشفيات المنطقة»
        first, last = reading.clause  # the verb without its «و» after the noun («ويعمل بها 18 موظفا» -> «موظف يعمل»)
        verb = ctx.words(first, first)
        verb = verb[1:] if verb[:1] == "و" and phrase.is_verb(ctx.word(first)[1:]) else verb
        subject_parts.append(" ".join([verb, *(ctx.words(j, j) for j in range(first + 1, last + 1) if not around_.pronoun_pp(ctx.word(j)))]))
    subject_head = phrase.head_of(ctx.word(subject[0]))
    lead = render_.display(reading.head) if reading.head and reading.head != subject_head else ""
    if reading.change and reading.amount:
        lead = lead or (render_.word_for("share") if figure.percent else "")
        if subject_head in phrase.measures() and subject_head not in words("level_measure"):
            lead = ""
        said = strip_article(fold(ctx.word(subject[0])))
        named = strip_article(fold(reading.change)) in (said, said[:-1] if said.endswith("ا") else said)  # «ارتفاعا»
        return [lead, "" if named else render_.display(reading.change), *subject_parts]  # «على ارتفاع 3700 متر»
    if not lead and figure.percent and subject_head is None:
        lead = render_.word_for("share")
    if subject_head in phrase.measures() or (subject_head is not None and reading.head == fold(render_.word_for("price"))):
        lead = ""  # «أسعار الذهب» names its price
    return [lead, *subject_parts]


def _subject_parts(ctx: Context, subject: tuple[int, int], draft: Draft, reading: reading_.Reading) -> list:
    """The subject, as nominative words, with its owner or the sentence's topic where it has one."""
    first, last = subject
    parts = render_.nominative(ctx, first, last)
    owner = reading.owner or around_.topic(ctx, draft.sentence[0], subject[0])
    if owner is not None and (owner[0] <= first <= owner[1] or first <= owner[0] <= last):
        owner = None
    if owner is not None and render_.overlaps(phrase.render(ctx, [owner]), phrase.render(ctx, [subject])):
        owner = None  # «أرباح بنك الكويت الوطني» already names its owner
    head = phrase.head_of(fold(render_.without_pronoun(ctx, first)))
    measure = head in phrase.measures()  # «مبلغه», «قيمتها»
    if phrase.has_pronoun(ctx, first) and isinstance(parts[0], tuple) and (measure or not units.is_unit_word(ctx.word(first)[:-1])):
        # «أما مصرف النور، فقد قفزت أرباحه الصافية» -> «أرباح مصرف النور الصافية»; «كلفتها السنوية» -> «الكلفة السنوية»
        rest = [(first + 1, last)] if last > first else []
        whose = reading_.coordinated_antecedent(ctx, first, draft.sentence[0])
        if whose is not None:  # «الناقلة (نجمة الشمال) التي ...، وتبلغ حمولتها» -> «الحمولة (نجمة الشمال)»
            named = render_.display(head) if measure else render_.without_pronoun(ctx, first)
            return [render_.with_article(named), *rest, "(" + phrase.render(ctx, [whose]) + ")"]
        if owner is None and not measure:
            owner = scope_.last_entity(ctx, draft, first)  # «حين بلغت أرباحه» -> «أرباح البنك التجاري الكويتي»
        elif owner is None:
            owner = reading_.pronoun_antecedent(ctx, first, draft.sentence[0])  # «تسبيق لا يفوق مبلغه» -> «مبلغ تسبيق»
        if owner is None:
            bare = render_.display(head) if measure else render_.uncontracted(render_.without_pronoun(ctx, first), draft.unit)
            return [render_.with_article(bare), *rest]  # «وبمساحته»
        return [render_.without_pronoun(ctx, first), owner, *rest]
    if owner is None:
        return parts
    if reading.subject is None:  # «مبلغ لتمويل المشروع (الحكومة)»: an agent, not an owner
        return [*parts, "(" + phrase.render(ctx, [owner]) + ")"]
    return [*parts, render_.with_lam(ctx, owner)]


def topic_phrase(ctx: Context, figure: Figure, sentence: tuple[int, int]) -> Optional[str]:
    """The programme the sentence is about («بنظام "أمو-تضامن"»), for elliptic figures."""
    topics = words("topic_head")
    for i in range(figure.first_token - 1, max(sentence[0], figure.first_token - SCAN_LIMIT) - 1, -1):
        word = strip_article(ctx.word(i))
        word = word[1:] if word[:1] in "بلو" and word[1:] in topics else word
        if word in topics and ctx.tokens[reading_.skip_marks(ctx, i - 1, sentence[0])].kind != "num":  # not «(274) مشروع»
            end = phrase.extend(ctx, i, figure.first_token, limit=4, relative=False)
            cut = next((j for j in range(i + 1, end + 1) if ctx.word(j) in words("phrase_preposition")), None)
            return phrase.render(ctx, [(i, cut - 1 if cut is not None else end)])
    return None
