"""The unit slot: what a figure counts. The unit written after it (a currency, «%», a counted
noun), else one shared with a partner figure («من 5,2 مليون إلى 11,8 مليون مشترك»), the figure a
«منها» takes a part of («75 مليون شتلة منها 40 مليونا»), the victims an event noun names («وإصابة
سبعة آخرين»), the previous figure («وأصيب 2000 آخرون»), the noun its metric names («عدد الملفات ...
14 مليوناً»), the noun its clause is about («بلغت بلاغات الحرائق ٢٥٦»), or the unit of the figure
before it in a list («الكويت 500 مليون دولار، والإمارات 300 مليون»).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .. import attribution, numbers, units
from . import phrase
from ..context import Context, Draft
from ..lexicon import load_table, words
from ..normalize import fold, strip_article
from ..numbers import Figure

_BRACKETS = (")", "(", "-", "\"", "«", "»", "”", "“")
_THREE_DECIMALS = re.compile(r"(\d{1,3})[.,](\d{3})")
LIST_REACH = 40  # tokens a figure looks back for the list it continues
FORWARD_REACH = 12  # tokens a scaled amount looks ahead for its currency
SUBJECT_REACH = 5  # tokens a bare figure looks back in its clause for the noun it counts


def unit_after(ctx: Context, figure: Figure) -> tuple[Optional[units.Unit], int]:
    """The unit written after the figure, and the index of its last token."""
    if figure.percent:
        return units.Unit("%", "percent", 0), figure.last_token
    k = figure.last_token + 1
    while k < len(ctx.tokens) and ctx.tokens[k].text in _BRACKETS:
        k += 1
    partitive = ctx.word(k) in words("partitive")
    k += partitive
    following = [ctx.word(k), ctx.word(k + 1)]
    unit = units.lookup(following, ctx.country, lambda: mentioned(ctx)) if following[0] else None
    if unit and unit.kind == "time" and _year_after(ctx, k + unit.words):
        return None, figure.last_token  # «14 مليارا سنة 2024»: a date, not a duration
    if unit:
        return unit, k + unit.words - 1
    if partitive:
        lemma = _plural_lemma(ctx.word(k))
        return (units.Unit(lemma, "count", 1, guessed=True), k) if lemma else (_noun_before(ctx, figure), figure.last_token)
    scaled = figure.scaled and ctx.tokens[figure.last_token].kind != "num"  # «47 ألفا و270 منتسبا» ends in digits
    guess = units.guess_noun(ctx.words(k, k), figure.value, _not_units(), scaled) if following[0] and not figure.words_only else None
    if guess and ctx.tokens[k].start - ctx.tokens[figure.last_token].end <= 2:
        return units.Unit(guess, "count", 1, guessed=True), k
    return _noun_before(ctx, figure), figure.last_token


def _year_after(ctx: Context, k: int) -> bool:
    tok = ctx.tokens[k] if k < len(ctx.tokens) else None
    return tok is not None and tok.kind == "num" and tok.text.isdigit() and (1900 <= int(tok.text) <= 2100 or 1300 <= int(tok.text) <= 1500)


def _plural_lemma(word: str) -> Optional[str]:
    """«من العاملين» -> عامل, «من منسوبي القوات» -> منسوب, «من مساعديه» -> مساعد, «من عناصرها» -> عنصر:
    the plural after a partitive «من»."""
    lemma = units.noun_unit(word) or units.singular_of_plural(word) or _construct_lemma(word)
    if lemma is None and not word.startswith("ال"):
        for suffix in _possessive_suffixes():
            noun = word[: -len(suffix)]
            if word.endswith(suffix) and len(noun) >= 4:
                return units.noun_unit(noun) or _construct_lemma(noun)
    return lemma


@lru_cache(maxsize=None)
def _possessive_suffixes() -> tuple[str, ...]:
    return tuple(sorted(words("possessive_suffix"), key=len, reverse=True))  # longest first: «هم» before «ه»


def _construct_lemma(word: str) -> Optional[str]:
    """A sound plural in construct: «منسوبي» (منسوبين) -> منسوب."""
    if word.endswith("ي") and len(word) >= 5 and not word.startswith("ال"):
        return units.noun_unit(word + "ن") or word[:-1]
    return None


def _noun_before(ctx: Context, figure: Figure) -> Optional[units.Unit]:
    """«حالة واحدة», «انتحاريين اثنين»: one and two follow the noun they count."""
    if not (figure.words_only and figure.value in (1, 2) and figure.first_token == figure.last_token):
        return None
    word = ctx.word(figure.first_token - 1)
    unit = units.lookup([word], ctx.country, lambda: mentioned(ctx)) if word else None
    if unit is None and figure.value == 2 and word.endswith(("ين", "ان")) and len(word) >= 5:
        unit = units.lookup([word[:-2]], ctx.country) or units.Unit(word[:-2], "count", 1, guessed=True)
    return unit


def mentioned(ctx: Context) -> tuple[str, ...]:
    """Countries the article names, most named first (fixes a bare «دينار» or «ريال»)."""
    cached = ctx.__dict__.get("_mentioned_countries")
    if cached is None:
        cached = ctx.__dict__["_mentioned_countries"] = units.mentioned_countries(ctx.norm.text)
    return cached


def unit_from_metric(ctx: Context, head: Optional[int]) -> Optional[str]:
    """«بلغ عدد الملفات الطبية ... 14 مليوناً» -> ملف; «العدد الإجمالي للقتلى» -> قتيل"""
    if head is None:
        return None
    for k in range(head + 1, head + 4):
        word = ctx.word(k)
        if strip_article(word) in words("total") or word in words("count_head"):
            continue
        return units.noun_unit(word) or units.singular_of_plural(word)
    return None


@lru_cache(maxsize=None)
def _not_units() -> frozenset[str]:
    """Words that never name what a figure counts (verbs, connectives, metric nouns, cues)."""
    return (
        words("metric_stops") | words("function") | words("metric_heads") | frozenset(attribution.cues())
        | words("others") | words("not_unit") | words("complementizer") | words("time_adjunct") | words("list_follower")
    )


@lru_cache(maxsize=None)
def _event_units() -> dict[str, str]:
    return {fold(r["event"]): r["unit"] for r in load_table("event_units")}


def event_unit(ctx: Context, figure: Figure) -> Optional[units.Unit]:
    """«وإصابة سبعة آخرين» -> مصاب, «مقتل 30 بانفجار» -> قتيل: the victims an event noun before the
    figure counts."""
    start = _lead_in(ctx, figure)
    word = ctx.word(start - 1)
    lemma = _event_units().get(word) or (_event_units().get(word[1:]) if word[:1] in "وفب" else None)
    if lemma is None or (word[:1] not in "وف" and units.is_unit_word(ctx.word(start - 2))):
        return None  # «4 حالات إصابة ... 3»: the event word qualifies a counted noun
    return units.Unit(lemma, "count", 0)


def _lead_in(ctx: Context, figure: Figure) -> int:
    """Index where the figure's lead-in starts: its qualifier («نحو», «أكثر من») and an opening bracket."""
    start = figure.first_token
    while start > 0 and ctx.tokens[start - 1].text in ("(", "«", "\"", "“"):
        start -= 1
    _, start = numbers.qualifier_before(ctx.tokens, start)
    return start


def _part_of(ctx: Context, figure: Figure) -> bool:
    """«منها 12 مليون», «منهم 3»: the figure counts a part of the one before."""
    return ctx.word(_lead_in(ctx, figure) - 1) in words("part_of")


def whole_before(ctx: Context, figure: Figure) -> Optional[int]:
    """«عدد من الحالات منها أربعة»: the counted noun right before a partitive pronoun before the figure
    (the whole it is a part of), as a token index."""
    start = _lead_in(ctx, figure)
    if ctx.word(start - 1) not in words("part_of") or not units.noun_unit(ctx.word(start - 2)):
        return None
    if any(ctx.tokens[j].kind == "num" for j in range(max(0, start - 4), start - 2)):
        return None  # «20 شخصا منهم خمسة»: a part of that figure (its own rules)
    return start - 2


def _whole_before(ctx: Context, figure: Figure) -> Optional[units.Unit]:
    k = whole_before(ctx, figure)
    return units.Unit(units.noun_unit(ctx.word(k)), "count", 0) if k is not None else None


def _next_part(ctx: Context, figure: Figure, previous: Draft) -> bool:
    """«منها 25 ألفا حلوب و15 ألفا تسمين»: the figure joined by «و» to a part («منها ...») before it."""
    return ctx.word(_lead_in(ctx, figure) - 1) in words("conjunction") and _part_of(ctx, previous.figure)


def share_units(ctx: Context, drafts: list[Draft]) -> None:
    """Units a figure does not write itself, from its neighbours (see the module's docstring); then
    sub-units and three-decimal dinars are read as the currency's value."""
    _pair_units(ctx, drafts)
    previous = None
    for index, draft in enumerate(drafts):
        if previous is not None and previous.sentence != draft.sentence:
            previous = None
        following = drafts[index + 1] if index + 1 < len(drafts) and drafts[index + 1].sentence == draft.sentence else None
        guessed = draft.unit if draft.unit is not None and draft.unit.guessed else None
        draft.unit = _context_unit(ctx, draft, previous, following, drafts, index)
        if guessed is not None and draft.unit is not guessed and draft.unit is not None and draft.unit.kind == "currency":
            draft.unit_last = draft.figure.last_token  # «40 ملياراً لصندوق التنمية»: the guessed word is the metric's
        if draft.unit is not None:
            previous = draft
    _same_value_units(drafts)
    for draft in drafts:
        _money_value(ctx, draft)


def _pair_units(ctx: Context, drafts: list[Draft]) -> None:
    """«من 5,2 مليون إلى 11,8 مليون مشترك», «بتصويت 94 من أصل 150 عضوا»."""
    for left, right in zip(drafts, drafts[1:]):
        gap = ctx.tokens[left.figure.last_token + 1 : right.figure.first_token]
        between = [t.text for t in gap]
        same_kind = left.figure.percent == right.figure.percent
        if left.sentence == right.sentence and same_kind and between and between[0] in words("to") and len(between) <= 2:
            left.pair_role, right.pair_role = "from", "to"
            left.metric_of = right
            if left.unit is None and right.unit is not None:
                left.unit = right.unit
            elif right.unit is None and left.unit is not None:
                right.unit = left.unit
        if left.unit is None and right.unit is not None and between in (["من", "اصل"], ["من", "مجموع"], ["من", "بين"]):
            left.unit = right.unit


def _context_unit(ctx: Context, draft: Draft, previous: Optional[Draft], following: Optional[Draft],
                  drafts: list[Draft], index: int) -> Optional[units.Unit]:
    """The unit the words around a figure give it when it writes none (or only a guessed adjective)."""
    figure, unit = draft.figure, draft.unit
    weak = unit is None or (unit.guessed and _adjective_like(unit.name))
    after = ctx.word(figure.last_token + 1)
    whole = _whole_before(ctx, figure) if unit is None else None
    if whole is not None:
        return whole  # «عدد من الحالات منها أربعة في حالة خطرة»: the noun before the pronoun, not the last figure's
    if previous is not None and (unit is None or unit.guessed) and (_part_of(ctx, figure) or after in words("part_of")):
        return previous.unit  # «منها 12 مليون لاحم», «718 حالة، 245 منها»
    if previous is not None and unit is not None and unit.guessed and _next_part(ctx, figure, previous):
        return previous.unit  # «منها 25 ألفا حلوب و15 ألفا تسمين»: the parts' words describe them
    anaphoric = after in words("anaphoric_unit")
    if unit is None or anaphoric or (unit.guessed and fold(unit.name)[:1] in "بلك"):
        event = event_unit(ctx, figure)  # «وإصابة نحو 20 بجروح»: a preposition, not the counted noun
        if event is not None:
            return event
    if figure.scaled and draft.head is None and (unit is None or (unit.guessed and fold(unit.name)[:1] in "بلك")):
        amount = _amount_before(drafts, index)
        if amount is not None:  # «250 مليار ريال لبناء 500 ألف وحدة سكنية، ثم أضافت 40 ملياراً لصندوق ...»
            return amount.unit
    if not weak:
        return unit
    if unit is None and not (figure.scaled or figure.words_only) and _after_percent_head(ctx, figure):
        return units.Unit("%", "percent", 0)  # «نموا بنسبة 1.7 خلال العام»
    if figure.words_only:  # a number word names its noun itself («صورة واحدة», «ست أقدام وسبع»)
        if anaphoric and previous is not None:
            return previous.unit  # «والبحث جار عن ستة آخرين»
        first = ctx.word(figure.first_token)
        glued = first[:1] == "و" and first[1:] in numbers.number_words()  # «وواحدة», not «واحدة»
        noun_after = units.guess_noun(ctx.word(figure.last_token + 1), figure.value, _not_units()) is not None
        right_after = index > 0 and drafts[index - 1] is previous and glued and not noun_after
        return previous.unit if right_after and _continues_list(ctx, draft, previous) else unit
    if _money_cue(ctx, figure):
        currency = _paragraph_currency(ctx, drafts, index)
        if currency is not None:
            return currency  # «34500 قرض بقيمة 2.063.000.000»
    money_list = previous is not None and figure.scaled and previous.figure.scaled and previous.unit.kind == "currency"
    if previous is not None and (money_list or unit is not None) and _continues_list(ctx, draft, previous):
        return previous.unit
    if not (figure.scaled or figure.value == int(figure.value)):
        return unit if previous is None or not _continues_list(ctx, draft, previous) else previous.unit
    if unit is None and draft.head is None:
        unit = subject_noun(ctx, figure)
    if unit is None and anaphoric and previous is not None:
        return previous.unit
    if unit is None and previous is not None and _continues_list(ctx, draft, previous):
        return previous.unit
    if unit is None and draft.head is not None:
        lemma = unit_from_metric(ctx, draft.head[0])
        unit = units.Unit(lemma, "count", 0) if lemma else None
    if (unit is None or unit is draft.unit) and following is not None and _announces_unit(ctx, draft, following):
        return following.unit  # «رقم 80 مليار كان يضم 25 مليار يورو»
    return unit


def _after_percent_head(ctx: Context, figure: Figure) -> bool:
    _, k = numbers.qualifier_before(ctx.tokens, figure.first_token)
    return phrase.head_of(fold(ctx.word(k - 1))) in words("percent_head")


def _paragraph_currency(ctx: Context, drafts: list[Draft], index: int) -> Optional[units.Unit]:
    """The currency last named before the figure in its paragraph, else next in its sentence."""
    draft = drafts[index]
    paragraph = ctx.paragraphs[ctx.sentence_of(draft.figure.first_token)]
    for other in reversed(drafts[:index]):
        if ctx.paragraphs[ctx.sentence_of(other.figure.first_token)] != paragraph:
            break
        if other.unit is not None and other.unit.kind == "currency":
            return other.unit
    for other in drafts[index + 1 :]:
        if other.sentence != draft.sentence:
            break
        if other.unit is not None and other.unit.kind == "currency":
            return other.unit
    return None


def _adjective_like(name: str) -> bool:
    """«110 مليارات مستهدفة», «59 مليونا مسجلة»: a participle or adjective, not a counted noun."""
    folded = fold(name)
    return len(folded) >= 5 and ((folded[0] == "م" and folded.endswith("ه")) or folded.endswith("يه"))


def _money_cue(ctx: Context, figure: Figure) -> bool:
    return ctx.word(_lead_in(ctx, figure) - 1) in words("money_cue")


def _big(figure: Figure) -> bool:
    return figure.scaled or abs(figure.value) >= 10000


def _amount_before(drafts: list[Draft], index: int) -> Optional[Draft]:
    """The last amount of money in words of scale («250 مليار ريال») before a figure of its sentence,
    past the counts between them: what a bare «40 ملياراً» after them is in."""
    draft = drafts[index]
    for other in reversed(drafts[:index]):
        if other.sentence != draft.sentence:
            return None
        if other.figure.scaled and other.unit is not None and other.unit.kind == "currency":
            return other
    return None


def _continues_list(ctx: Context, draft: Draft, previous: Draft) -> bool:
    """Does the figure continue the list of the figure before it in the sentence («500 مليون دولار،
    والإمارات 300 مليون»; «ب 0,7 ٪ وكذلك الزوار العرب ب 2,3»; «مسافرا، مقابل 482 ألف و935»)?"""
    figure, before = draft.figure, previous.figure
    if figure.percent or figure.first_token - before.last_token > LIST_REACH or previous.unit.kind == "time":
        return False
    if previous.unit.kind == "percent":
        return not figure.scaled and 0 < abs(figure.value) <= 100 and figure.value != int(figure.value)
    if _big(figure) != _big(before):
        return False
    if figure.scaled or (figure.value_max is not None and before.value_max is not None):
        return True  # «24 - 36 درجة مئوية والمناطق الساحلية 22 - 31»
    start = _lead_in(ctx, figure)
    joiner = ctx.tokens[start - 1].text if start > 0 else ""
    return joiner in words("list_joiner") or (ctx.tokens[start].kind == "word" and ctx.word(start)[:1] == "و")


def _announces_unit(ctx: Context, draft: Draft, following: Draft) -> bool:
    """«رقم 80 مليار كان يضم 25 مليار يورو»: a scaled amount named by the next one's currency."""
    figure, after = draft.figure, following.figure
    return (figure.scaled and after.scaled and following.unit is not None and following.unit.kind == "currency"
            and after.first_token - figure.last_token <= FORWARD_REACH)


def _same_value_units(drafts: list[Draft]) -> None:
    """«الإيداعات المصرفية تتجاوز 48 مليارا» (headline) and «48 مليار ريال» (body): one statistic, one unit."""
    known = {}
    for draft in drafts:
        if draft.unit is not None and _big(draft.figure):
            known.setdefault(draft.figure.value, draft.unit)
    for draft in drafts:
        if draft.unit is None and _big(draft.figure):
            draft.unit = known.get(draft.figure.value)


def _money_value(ctx: Context, draft: Draft) -> None:
    """«250 مليون سنتيم» = 2.5 million MAD; «1,250 دينار» (Tunisian, Kuwaiti...) = 1.25 dinars."""
    unit, figure = draft.unit, draft.figure
    if unit is None or unit.kind != "currency":
        return
    if unit.per != 1:
        figure.value /= unit.per
        if figure.value_max is not None:
            figure.value_max /= unit.per
        draft.unit = unit._replace(per=1.0)
    elif unit.name in words("three_decimal_currency") and not figure.scaled and figure.value_max is None:
        match = _THREE_DECIMALS.fullmatch(ctx.tokens[figure.last_token].text)
        if match and figure.first_token == figure.last_token:
            figure.value = float(f"{match.group(1)}.{match.group(2)}")


def subject_noun(ctx: Context, figure: Figure) -> Optional[units.Unit]:
    """«بلغت بلاغات الحرائق ٢٥٦»: a bare figure counts the noun its clause is about."""
    own, found = ctx.clause_ids[figure.first_token], None
    floor = ctx.sentences[ctx.sentence_of(figure.first_token)][0]
    for i in range(figure.first_token - 1, max(floor, figure.first_token - SUBJECT_REACH) - 1, -1):
        if ctx.clause_ids[i] != own or ctx.tokens[i].kind == "num":
            break
        lemma = units.noun_unit(ctx.word(i))
        found = units.Unit(lemma, "count", 0) if lemma else found  # the leftmost noun heads the phrase
    return found


def keep(ctx: Context, draft: Draft) -> bool:
    """Is the figure a fact? A bare number only under «عدد/نسبة ...» or with a scale word; not a
    recipe's ingredient."""
    if draft.unit is None:
        counted = draft.head is not None and strip_article(ctx.word(draft.head[0])) in words("count_head")
        return not draft.figure.words_only and (counted or draft.figure.scaled)
    return draft.unit.kind != "time" and not _ingredient(ctx, draft)


INGREDIENT_MAX = 100  # an ingredient's number is small (statistics in a bulleted list are not)


def _ingredient(ctx: Context, draft: Draft) -> bool:
    """«- 2 ملعقة كبيرة من زيت الزيتون», «- 1/4 كوب من الفطر»: a line that opens with a small number of
    a kitchen measure (words/kitchen_measure.txt)."""
    figure = draft.figure
    if figure.value >= INGREDIENT_MAX or figure.scaled or ctx.word(figure.last_token + 1) not in words("kitchen_measure"):
        return False
    return all(ctx.tokens[k].kind != "word" for k in range(draft.sentence[0], figure.first_token))
