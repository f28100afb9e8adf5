"""Where the metric slot looks when the words right before a figure name nothing (slots/metric.py):
the counted noun after it and the verb or action around it (the group after «من» and shares are
slots/metric_share.py's), what an amount is for, the subject of the sentence's verb, its topic («أما X»،
«بالنسبة لـ X»), the agent of a verb, the entity the sentence is about, where a toll happened. Every
scan is capped.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import attribution, numbers, units
from ..context import CLAUSE_BREAKS, Context, Draft
from ..lexicon import load_table, words
from ..normalize import fold
from ..reporting import cue_kind
from ..numbers import Figure
from . import metric_reading as reading_
from . import clause, phrase

Span = tuple[int, int]
ANTECEDENT_WORDS = 4  # «الملعب الذي يتسع لـ ...»: a longer phrase before the verb is more than its subject
NAMED_TOTAL_REACH = 12  # words back from «بمجموع» to the noun it totals
MAX_CLAUSE_WORDS = 5  # «نقل منها إلى مراكز المدينة 64 مصابا»: a verb and its complements before a counted noun


def counted_phrase(ctx: Context, draft: Draft) -> Optional[Span]:
    """«5 حالات إصابة», «3 ملايين عائلة استفادت من المبادرة», «120 من المعلمين تركوا وظائفهم»: the counted
    noun and what qualifies it."""
    if draft.unit is None or draft.unit.kind != "count":
        return None
    if draft.unit_last <= draft.figure.last_token:
        return _base_counted(ctx, draft)
    k = draft.figure.last_token + 1
    while k <= draft.unit_last and not phrase.is_word(ctx, k):
        k += 1
    partitive = ctx.word(k) in words("partitive") and k < draft.unit_last
    k += partitive
    if k > draft.unit_last or not phrase.is_word(ctx, k):
        return None
    end = phrase.extend(ctx, k, draft.sentence[1], limit=8)
    if (partitive or not phrase.has_article(ctx.word(k))) and not _total_of_bare_part(ctx, draft):
        end = max(end, clause.verb_clause(ctx, end + 1, draft.sentence[1], resumptive=end == k))
    return k, end  # («420 من العمال فقدوا وظائفهم»: the group's verb)


def named_before_total(ctx: Context, draft: Draft) -> Optional[Span]:
    """«أكبر نسبة من البطاقات الملغاة ... بمجموع مليون و318 ألف بطاقة», «إقبال كبير من الزوار بإجمالي 12 ألف
    زائر»: a total («بمجموع», «بإجمالي») of a counted noun the sentence named before it, definite; that
    noun's phrase (its adjectives), what the total counts."""
    if draft.unit is None or draft.unit.kind != "count":
        return None
    _, k = numbers.qualifier_before(ctx.tokens, draft.figure.first_token)
    word = ctx.word(k - 1)
    if not (word[:1] == "ب" and word[1:] in words("count_head")):
        return None
    lemma = fold(draft.unit.name)
    for j in range(k - 2, max(draft.sentence[0], k - 2 - NAMED_TOTAL_REACH) - 1, -1):
        if ctx.tokens[j].text in CLAUSE_BREAKS:
            return None
        noun = units.noun_unit(ctx.word(j)) if phrase.has_article(ctx.word(j)) else None
        if noun is not None and fold(noun) == lemma:
            return j, _adjectives_end(ctx, j, k - 1)
    return None


def _adjectives_end(ctx: Context, j: int, stop: int) -> int:
    """The last definite word right after j, before `stop` («البطاقات الملغاة», «الزوار الأجانب»)."""
    last = j
    while last + 1 < stop and phrase.is_word(ctx, last + 1) and phrase.has_article(ctx.word(last + 1)):
        last += 1
    return last


def _total_of_bare_part(ctx: Context, draft: Draft) -> bool:
    """«9 ملايين من أصل 14 مليون مواطن مسجل أدلوا بأصواتهم»: a total after a bare count; the clause after the
    total's noun says what the part did (not «15977 وافدا من أصل 52617 موظفا يعملون ...», nor a share's total)."""
    base = reading_.skip_marks(ctx, draft.figure.first_token - 1, 0) - 1
    if not phrase.share_base_at(ctx, base):
        return False
    return base >= 1 and _number_at(ctx, base - 1)  # («المئة من إجمالي»: a share is no bare number)


def _number_at(ctx: Context, k: int) -> bool:
    """A number token, a scale word («مليونا») or a number word at k."""
    return ctx.tokens[k].kind == "num" or ctx.word(k) in numbers.scales() or phrase.value_word(ctx.word(k)) is not None


def _base_counted(ctx: Context, draft: Draft) -> Optional[Span]:
    """«9 ملايين من أصل 14 مليون مواطن مسجل أدلوا بأصواتهم»: a part counts the total's noun, and the
    clause after it says what the part did."""
    k = draft.figure.last_token + 1
    own_noun = units.is_unit_word(phrase.strip_clitics(ctx.word(draft.figure.first_token - 1)))
    if own_noun or not phrase.share_base_at(ctx, k):
        return None  # (not «بمقعد واحد من أصل 41 مقعدا»: the part writes its noun)
    k += 2
    while k < draft.sentence[1] and _number_at(ctx, k):
        k += 1
    if not phrase.is_word(ctx, k) or not units.is_unit_word(ctx.word(k)):
        return None
    end = phrase.extend(ctx, k, draft.sentence[1], limit=8)
    return k, max(end, clause.verb_clause(ctx, end + 1, draft.sentence[1]))


def mentions_unit(ctx: Context, span: Span, draft: Draft) -> bool:
    lemma = draft.unit.name if draft.unit else None
    return lemma is not None and any(units.noun_unit(ctx.word(k)) == lemma for k in range(span[0], span[1] + 1))


def after_speaker(ctx: Context, draft: Draft, subject: Optional[Span]) -> Optional[Span]:
    """«وتوقعت الحكومة وصول العجز إلى 20 مليارا»: a phrase that opens with the figure's speaker goes on
    with what is measured: the words after the speaker, past a verbal noun of reach («وصول»)."""
    words_ = draft.source.tokens if draft.source is not None else ()
    if subject is None or not words_ or not words_[0] <= subject[0] <= words_[-1] + 1 or words_[-1] >= subject[1] or \
            cue_kind(ctx.word(reading_.skip_marks(ctx, words_[0] - 1, draft.sentence[0]))) is None:
        return subject  # (a speaker its verb of saying names, right before it)
    start = words_[-1] + 1
    entry = phrase.metric_verbs().get(ctx.word(start))
    if entry is not None and entry[0] == "reach" and not entry[2] and start < subject[1]:
        start += 1
    return (start, subject[1]) if phrase.can_start(ctx, start) else subject


def copula_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«12 مليار دولار هي ودائع من أرباح الصندوق»: what a pronoun after the figure says it is."""
    k = draft.unit_last + 1
    if ctx.word(k) not in words("copula_pronoun") or not phrase.can_start(ctx, k + 1):
        return None
    return k + 1, phrase.extend(ctx, k + 1, draft.sentence[1], limit=6)


def predicate_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«40 في المائة منها مخصصة للمدارس الريفية», «64 منهم خطيرة»: what is said of the share."""
    k = draft.unit_last + 1
    if ctx.word(k) not in words("partitive_pronoun") or not phrase.can_start(ctx, k + 1):
        return None
    return k + 1, phrase.extend(ctx, k + 1, draft.sentence[1], limit=6)


def purpose_after(ctx: Context, draft: Draft) -> Optional[Span]:
    """«215 مليون درهم لإنشاء جامعة», «من أجل إحداث مركزين»: what an amount is for."""
    k = draft.unit_last + 1
    if k < draft.sentence[1] and ctx.tokens[k].text == "(":  # «20 مليار درهم (قرابة 2 مليار دولار) لتمويل»
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


def priced_unit_after(ctx: Context, draft: Draft) -> bool:
    """«942 دولارا للأوقية», «464 ريالا للمتر المربع»: an amount paid per unit is a price."""
    word = ctx.word(draft.unit_last + 1)
    return word.startswith("لل") and word[2:] in words("priced_unit")


def verb_subject(ctx: Context, lo: int, hi: int) -> tuple[Optional[Span], str, str]:
    """«وارتفع سعر بنزين 91، ... من 1.60 ريال»: the noun phrase after the nearest verb of change or
    reach before the figure, the verb's noun («ارتفاع»; for reach, the measure it names: «تكلفة»)
    and its kind."""
    for k in range(hi - 1, max(lo, hi - reading_.SCAN_LIMIT) - 1, -1):
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is None or not entry[2] or entry[0] not in ("reach", "up", "down"):
            continue
        start = k + 1
        while start < hi and phrase.is_quote(ctx, start):
            start += 1
        if start < hi and phrase.can_start(ctx, start) and phrase.metric_verbs().get(ctx.word(start)) is None:
            span = (start, phrase.extend(ctx, start, hi))
            return (None, "", "") if _accusative(ctx, span) else (span, entry[1], entry[0])
    return None, "", ""


def _accusative(ctx: Context, span: Span) -> bool:
    """«وأصبحت أمرا طبيعيا»: an indefinite noun and adjective in the accusative are what the subject
    became, a predicate, not a subject (a single word in «ـا» may be a name: «روسيا»)."""
    first, last = span
    return last > first and all(ctx.word(k).endswith("ا") and not phrase.has_article(ctx.word(k)) for k in (first, first + 1))


def topic(ctx: Context, lo: int, hi: int) -> Optional[Span]:
    """«أما الواردات، فقد سجلت ...», «بالنسبة للمقاولات»: what the part [lo, hi) is about."""
    for k in range(lo, min(hi, lo + reading_.SCAN_LIMIT)):
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
    """«نموا بلغ 17 بالمائة بالنسبة للواردات»: the topic named after the figure, in its clause."""
    k = draft.unit_last + 1
    hi = min(draft.sentence[1], k + 4)
    while k < hi and ctx.clause_ids[k] == ctx.clause_ids[draft.figure.first_token]:
        if ctx.word(k) in words("topic_after"):
            return topic(ctx, k, draft.sentence[1])
        k += 1
    return None


def verb_before(ctx: Context, figure: Figure, floor: int) -> Optional[Span]:
    """«أعلنت 63 شركة», «تماثلت للشفاء منها 310 حالات», «نقل منها إلى مراكز المدينة 64 مصابا»:
    the verb (and its prepositional phrase) that says what the counted noun did or underwent."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    end = reading_.skip_marks(ctx, k - 1, floor)
    while end >= floor and (pronoun_pp(ctx.word(end)) or reading_.is_qualifier_word(ctx.word(end))):
        end = reading_.skip_marks(ctx, end - 1, floor)
    j = end
    for _ in range(6):
        if j < floor or not phrase.is_word(ctx, j):
            return None
        word = ctx.word(j)
        if phrase.metric_verbs().get(word) is not None or phrase.strip_clitics(word) in words("aux_verb"):
            return None  # «بلغ», «ارتفع»: verbs that introduce the figure describe nothing, nor does «وكانت»
        after = ctx.word(j + 1)
        named = j - 1 >= floor and (ctx.word(j - 1) in words("named_head") or ctx.tokens[j - 1].text == "-")  # «الملك فهد», «فاس-سايس»
        if phrase.is_verb(word) or ((j == end or pronoun_pp(after) or after in words("phrase_preposition")) and _verb_like(word) and not named):
            while end > j and (ctx.word(end) in words("phrase_preposition") or ctx.word(end) in words("function") or ctx.word(end) in ("و", "او")):
                end -= 1
            if end - j > MAX_CLAUSE_WORDS - 1 or not _clean_clause(ctx, j, end) or (end > j and not _complement(ctx.word(j + 1))):
                return None  # «حصل منافسه سالم أحمد على», «وباشرت الفرق 90 حادثا»: the agent names it better
            return j, end
        if phrase.breaks(word) and not pronoun_pp(word):
            return None
        j -= 1
    return None


def state_before(ctx: Context, figure: Figure, floor: int) -> str:
    """«كما توقفت سبع محطات», «ونفق 140 ألف طير»: the verbal noun of what befell the counted noun, when
    a verb of it (state_verbs.tsv) stands right before the figure; '' otherwise."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = reading_.skip_marks(ctx, k - 1, floor)
    return state_noun(ctx.word(k)) if k >= floor else ""


def state_noun(word: str) -> str:
    """«وتوقفت», «نفق» -> «توقف», «نفوق»: the verbal noun of a verb of state_verbs.tsv; '' for other words."""
    return _state_verbs().get(word, "")


@lru_cache(maxsize=1)
def _state_verbs() -> dict[str, str]:
    """Folded verb form (perfect, its feminine ـت, with و / ف or not) and the verbal noun itself («إضافة إلى
    نفوق 250 ألف طير») -> the verbal noun as written."""
    table = {}
    for row in load_table("state_verbs"):
        for form in (fold(row["word"]), fold(row["word"]) + "ت", fold(row["noun"])):
            for prefix in ("", "و", "ف"):
                table[prefix + form] = row["noun"]
    return table


def antecedent(ctx: Context, clause: Span, lo: int) -> Optional[Span]:
    """«الفندق الذي يتكون من 137 غرفة», «بكين التي يقطنها 21 مليون نسمة»: the noun phrase a relative
    pronoun right before the clause's verb refers to (whose rooms, whose inhabitants)."""
    k = clause[0] - 1
    if k < lo:
        return None
    if ctx.word(k) in words("relative"):
        end = reading_.skip_marks(ctx, k - 1, lo)
    elif ctx.word(clause[0])[:1] in "يت" and phrase.is_word(ctx, k) and not phrase.breaks(ctx.word(k)) and \
            ctx.word(k) not in words("phrase_preposition") and not phrase.is_verb(ctx.word(k)):
        end = k  # «مسجدا يصلي فيه 3 آلاف», «الشركة تضم 30 موظفا»: the noun before the verb is its subject
    else:
        return None
    start = phrase.ending_at(ctx, end, lo, limit=ANTECEDENT_WORDS) if end >= lo else None
    while start is not None and start < end and (phrase.is_verb(ctx.word(start)) or ctx.word(start) in words("phrase_preposition")):
        start += 1  # «تحتاج إلى محرك يحتوي»: the noun, not the verb that governs it
    if start is None or end - start >= ANTECEDENT_WORDS or (start > lo and ctx.tokens[start - 1].kind == "num"):
        return None  # (not «15 يوما يعرض فيه»: the unit of another figure)
    return start, end


def _complement(word: str) -> bool:
    """«منها», «إلى المستشفى», «للشفاء»: what may follow the verb of a clause before a counted noun."""
    glued = word[:1] in "بل" and len(word) > 3 and (word.startswith(("لل", "بال")) or not phrase.has_article(word))
    return pronoun_pp(word) or word in words("phrase_preposition") or glued


def pronoun_pp(word: str) -> bool:
    """«عليه», «منها»: a preposition with a pronoun (a partitive «منها» too)."""
    return word in words("pronoun_pp") or word in words("partitive_pronoun")


def _verb_like(word: str) -> bool:
    """A verb by the cheap test, or a short bare perfect («نقل», «شارك», «أعلن»)."""
    if phrase.metric_verbs().get(word) is not None or word in words("aux_verb"):
        return False
    if word in words("figure_link") or word in words("clause_adverb") or word in words("function") or word in words("phrase_preposition"):
        return False  # «عند 8415 نقطة»
    if phrase.is_verb(word):
        return True
    return 3 <= len(word) <= 4 and not word.startswith(("ال", "و")) and not word.endswith(("ه", "ا", "ي")) and phrase.head_of(word) is None


def _clean_clause(ctx: Context, first: int, last: int) -> bool:
    """Words only, no date, and not ending on the unit of another figure («بلغت 143 بلاغا، نقل ...»)."""
    return all(phrase.is_word(ctx, j) and not ctx.is_date_token(j) for j in range(first, last + 1)) and not (
        ctx.tokens[last - 1].kind == "num" and units.is_unit_word(ctx.word(last))
    )


def agent(ctx: Context, figure: Figure, floor: int) -> Optional[Span]:
    """«المرشح حصل على 14 مليون صوت», «حصل منافسه سالم على 4,2%», «ينتج الحقل الشمالي 180 ألف برميل»:
    who does what the figure counts, around a verb that is no verb of reach or change."""
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    k = reading_.skip_marks(ctx, k - 1, floor)
    governed = k >= floor and (ctx.word(k) in words("phrase_preposition") or ctx.word(k) in ("ب", "بـ", "ل"))
    if governed:
        k = reading_.skip_marks(ctx, k - 1, floor)
    if k < floor or not phrase.is_word(ctx, k):
        return None
    before_verb = reading_.skip_marks(ctx, k - 1, floor)
    if _generic_verb(ctx.word(k)) or (governed and _bare_verb(ctx, k, before_verb)):
        start = phrase.ending_at(ctx, before_verb, floor)
        if start is None or not _agent_like(ctx, start) or reading_.is_unit_of_figure(ctx, start, before_verb, floor):
            return None
        return start, before_verb
    start = phrase.ending_at(ctx, k, floor)
    if start is None or not _agent_like(ctx, start):
        return None
    start = without_opening_verb(ctx, (start, k), floor)[0]  # «بينما حصل منافسه سالم على»: «حصل» is the verb
    before = reading_.skip_marks(ctx, start - 1, floor)
    if before >= floor and phrase.has_pronoun(ctx, before) and not phrase.is_verb(ctx.word(before)):
        start, before = before, reading_.skip_marks(ctx, before - 1, floor)  # «منافسه سالم أحمد السالم»: a name in apposition
    if before < floor or not phrase.is_word(ctx, before):
        if not governed or not phrase.has_article(ctx.word(k)):
            return None
        if start < k and not phrase.has_article(ctx.word(start)) and not phrase.has_pronoun(ctx, start) and phrase.extend(ctx, start + 1, k + 1) >= k:
            start += 1  # «صادق مجلس الحكومة على 28 مرسوما»: a bare word opening the clause is its verb
        return start, k  # «، وحزب الوسط بـ 46 مقعدا»
    opener = reading_.skip_marks(ctx, before - 1, floor)
    verb_first = governed and not phrase.has_article(ctx.word(before)) and (
        opener < floor or not phrase.is_word(ctx, opener) or phrase.breaks(ctx.word(opener))
    )  # «بينما حصل منافسه سالم على»: a bare word after a connective, before its subject, is a verb
    return (start, k) if _generic_verb(ctx.word(before)) or (verb_first and not phrase.breaks(ctx.word(before))) else None


def without_opening_verb(ctx: Context, span: Optional[Span], floor: int) -> Optional[Span]:
    """«أدى فريضة الحج» -> «فريضة الحج»: a bare word opening the clause before a phrase is its verb."""
    if span is None:
        return None
    start, end = span
    before = reading_.skip_marks(ctx, start - 1, floor)
    after_verb = before >= floor and phrase.is_verb(ctx.word(before)) and not _passive_aux(ctx.word(before))
    # («استقبل مطار هونغتشياو»: the verb is before it; but «وتم انتخاب الرئيس»: the verbal noun is the verb)
    opens = before < floor or not phrase.is_word(ctx, before) or (phrase.breaks(ctx.word(before)) and not after_verb) or \
        ctx.word(before) in ("و", "ف")
    word = ctx.word(start)
    if (
        opens and start < end and not phrase.has_article(word) and not phrase.has_pronoun(ctx, start)
        and phrase.head_of(word) is None and not units.is_unit_word(word) and phrase.can_start(ctx, start + 1)
        and phrase.extend(ctx, start + 1, end + 1) >= end
    ):
        return start + 1, end
    return span


def after_generic_verb(ctx: Context, first: int, percent: bool = True) -> bool:
    """A verb that acts, not one of reach, change or (before a share) share, right before `first`."""
    k = reading_.skip_marks(ctx, first - 1, 0)
    entry = phrase.metric_verbs().get(ctx.word(k))
    measuring = ("reach", "share", "up", "down") if percent else ("reach", "up", "down")
    return k >= 0 and phrase.is_verb(ctx.word(k)) and (entry is None or entry[0] not in measuring) and \
        not phrase.is_copula(ctx.word(k))  # «سيكون السقف 420 يورو»: what is measured, not who acts


def _passive_aux(word: str) -> bool:
    return phrase.joined_in(word, "passive_aux")


def _generic_verb(word: str) -> bool:
    entry = phrase.metric_verbs().get(word)
    return phrase.is_verb(word) and (entry is None or entry[0] not in ("reach", "share", "up", "down")) and word not in words("aux_verb")


def _bare_verb(ctx: Context, k: int, before: int) -> bool:
    """«المرشح حصل على»: a bare word between a definite noun and a preposition is a verb."""
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
    """«11 راكبا على الأقل بينهم أطفال لقوا مصرعهم»: a toll verb after the counted noun, in its clause."""
    k, hi = draft.unit_last + 1, min(draft.sentence[1], draft.unit_last + 9)
    own = ctx.clause_ids[draft.figure.first_token]
    while k < hi and ctx.clause_ids[k] == own and ctx.tokens[k].kind != "num":
        entry = phrase.metric_verbs().get(ctx.word(k))
        if entry is not None and entry[2] and entry[0] in phrase.TOLLS:
            following = ctx.word(k + 1)
            if following in words("partitive_pronoun") or ctx.tokens[min(k + 1, hi)].kind == "num":
                return ""  # «4 ملايين مدخن يتوفى منهم 17 ألفا»: the toll of the figure after
            return entry[1]
        k += 1
    return ""


def event_scope(ctx: Context, draft: Draft, counted: Optional[Span]) -> Optional[Span]:
    """«قتل 6 أشخاص في انفجار شاحنة مفخخة», «9 أشخاص قتلوا في الانفجار»: where a toll happened, from
    «في/جراء/بسبب» on (inside the clause said of the counted noun too)."""
    k = (counted[0] if counted else draft.unit_last) + 1
    hi = min(draft.sentence[1], max(k, counted[1] + 1 if counted else k) + 8)
    while k < hi:
        word = ctx.word(k)
        if word in words("event_preposition") and phrase.can_start(ctx, k + 1):
            return k, phrase.extend(ctx, k + 1, draft.sentence[1], limit=6)
        if ctx.tokens[k].kind == "num" or (ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in CLAUSE_BREAKS) or \
                word in words("part_of"):
            return None  # («أصيب 20 شخصا منهم خمسة في حالة حرجة»: what is said of the part)
        k += 1
    return None


def after_phrase(ctx: Context, draft: Draft) -> Optional[Span]:
    """«مقابل 19 ٪ للعلاج», «14٪ من جازان»: the phrase right after the figure, its preposition dropped."""
    k = draft.unit_last + 1
    if ctx.word(k) in words("phrase_preposition") and k + 1 < draft.sentence[1]:
        k += 1
    if k >= draft.sentence[1] or not phrase.is_word(ctx, k) or phrase.breaks(ctx.word(k)) or ctx.is_date_token(k):
        return None
    return k, phrase.extend(ctx, k, draft.sentence[1], limit=6)


def main_subject(ctx: Context, lo: int, hi: int) -> Optional[Span]:
    """«ولم يختلف أداء مصرف النور عن بقية البنوك، إذ حقق ...»: the first noun phrase of the
    sentence's main clause (after what a speaker says «أن/إن»), the entity a figure is about."""
    start = opened = _after_opener(ctx, max(lo, ctx.after_dateline) if ctx.after_dateline < hi else lo)
    for k in range(max(start, hi - reading_.SCAN_LIMIT), hi):
        if ctx.word(k) in words("complementizer"):
            start = k + 1
    k = start
    while k < hi and k - start < 8:
        word = ctx.word(k)
        if ctx.tokens[k].kind == "num":
            return None
        if phrase.can_start(ctx, k) and not reading_.time_word(word) and not ctx.is_date_token(k):
            if k > lo and cue_kind(ctx.word(k - 1)) == "frame":
                return None  # «وحسب وزارة العمل بلغ ...»: who says the figure, not what it is about
            end = phrase.extend(ctx, k, hi, limit=6, relative=False)
            if end - k >= 5:  # too long for a bracket: «شركة الإسمنت» without «عن باقي الشركات»
                cut = next((j for j in range(k + 1, end + 1) if ctx.word(j) in words("phrase_preposition")), None)
                end = cut - 1 if cut is not None else k + 4
            if end == hi - 1 and end > k and phrase.toll_verb(ctx.word(end)):
                end -= 1  # «انفجار كبير خلف 12 قتيلا»: the verb of the toll is no part of its event
            span = without_opening_verb(ctx, (k, end), opened)
            if span is None or reading_.is_unit_of_figure(ctx, span[0], span[1], lo) or not _entity_like(ctx, span, lo) \
                    or _accusative(ctx, span):
                return None
            if span[0] > lo and ctx.word(span[0] - 1) in words("time_adjunct"):
                return None  # «أثناء قيام مجموعة من ...»: a time adjunct, not what the figures are about
            if _speaks_after(ctx, span[1] + 1):
                return None  # «وكانت الشرطة ومصادر محلية أعلنت مصرع 13 شخصا»: who says it, not what it is about
            return span
        k += 1
    return None


def _after_opener(ctx: Context, lo: int) -> int:
    """The token after a phrase of words/discourse_opener.txt or topic_shift.txt at `lo`, else `lo`."""
    first = ctx.word(lo)
    first = first[1:] if first[:1] == "و" and len(first) > 2 else first
    for opener in _openers():
        if first == opener[0] and all(ctx.word(lo + i) == w for i, w in enumerate(opener[1:], 1)):
            end = lo + len(opener)  # and a label up to its colon («رابط الخبر بصحيفة الوئام:»)
            colon = next((k for k in range(end, min(end + 4, len(ctx.tokens))) if ctx.tokens[k].text == ":"), None)
            return colon + 1 if colon is not None else end
    return lo


@lru_cache(maxsize=1)
def _openers() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in words("discourse_opener") | words("topic_shift"))


def _speaks_after(ctx: Context, k: int) -> bool:
    """A reporting verb at k («الشرطة أعلنت», «الوزارة بينت أن»), not a verb that states a figure («سجل»)
    nor a word that is a reporting verb only before «أن» («بين المعادن»)."""
    word, kind = ctx.word(k), cue_kind(ctx.word(k))
    if word in phrase.metric_verbs():
        return False
    return kind == "verb" or (kind == "verb_that" and ctx.word(k + 1) in words("complementizer"))


def _entity_like(ctx: Context, span: Span, lo: int) -> bool:
    """A named thing, not the speaker («قال المتحدث الرسمي»), a verb («تصاب») or an adverb («بنهاية»)."""
    first, last = span
    word = ctx.word(first)
    word = word[1:] if word[:1] in "وف" and len(word) > 3 and not phrase.has_article(word) else word
    before = ctx.word(reading_.skip_marks(ctx, first - 1, lo))
    before = before[1:] if before[:1] in "وف" and before[1:] in attribution.cues() else before
    if before in attribution.cues() or word in attribution.cues():
        return False
    if before in words("passive_aux"):
        return False  # «تم التعامل مع 74 بلاغا»: the action, not what the sentence is about
    if _prepositional(word) or _prepositional(before) or before in words("phrase_preposition"):
        return False  # «(وبالنظر لهذا الارتفاع)», «(الأنباء الكويتية)» of «وفقا لوكالة»: a prepositional phrase, not a subject
    if word[:1] in "بلت" and not phrase.has_article(word) and not phrase.has_article(ctx.word(first + 1)):
        return False
    if phrase.head_of(word) in words("share_head"):
        return False  # «النسبة الأكبر من المخالفات تركزت في ...»: a share of the figures, not what they are about
    named = last > first or any(phrase.has_article(ctx.word(j)) for j in range(first, last + 1))
    return named and not reading_.time_phrase(ctx, first, last)


def _prepositional(word: str) -> bool:
    """«بالنظر», «للمقاولات», «لوكالة»: a preposition glued to a noun."""
    glued = word[1:] if word.startswith(("وب", "ول", "فب", "فل")) else word
    return glued.startswith(("بال", "لل")) or (glued[:1] in "بل" and _known_head(glued[1:]))


def _known_head(word: str) -> bool:
    """«وكالة», «وزارة», «عدد»: a head noun the tables know (speakers, entities, metric heads)."""
    return word in _known_heads()


@lru_cache(maxsize=None)
def _known_heads() -> frozenset[str]:
    return frozenset(fold(row["word"]) for row in load_table("speakers")) | words("entity_noun") | phrase.heads()


def nearest_phrase(ctx: Context, figure: Figure, floor: int) -> Optional[Span]:
    """The last noun phrase before the figure (from `floor` on), when nothing better names it."""
    k = figure.first_token - 1
    while k >= max(floor, figure.first_token - 20):
        if phrase.is_word(ctx, k) and not phrase.breaks(ctx.word(k)):
            start = phrase.ending_at(ctx, k, floor)
            if start is not None and not reading_.is_unit_of_figure(ctx, start, k, floor):
                return start, k
        k -= 1
    return None
