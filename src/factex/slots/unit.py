"""The unit slot: what a figure counts. The unit written after it (a currency, «%», a counted
noun), else one shared with a partner figure («من 8,6 مليون إلى 24,3 مليون مستفيد»), the previous
figure («وأصيب 2000 آخرون»), the noun its metric names («عدد الملفات ... 14 مليوناً») or the noun its
clause is about («بلغت بلاغات الحوادث ١٤٣»).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .. import attribution, units
from ..context import Context, Draft
from ..lexicon import words
from ..normalize import strip_article
from ..numbers import Figure

_BRACKETS = (")", "(", "-", "\"", "«", "»", "”", "“")


def unit_after(ctx: Context, figure: Figure) -> tuple[Optional[units.Unit], int]:
    """The unit written after the figure, and the index of its last token."""
    if figure.percent:
        return units.Unit("%", "percent", 0), figure.last_token
    k = figure.last_token + 1
    while k < len(ctx.tokens) and ctx.tokens[k].text in _BRACKETS:
        k += 1
    if ctx.word(k) in words("partitive"):
        k += 1
    following = [ctx.word(k), ctx.word(k + 1)]
    unit = units.lookup(following, ctx.country) if following[0] else None
    if unit:
        return unit, k + unit.words - 1
    guess = units.guess_noun(ctx.words(k, k), figure.value, _not_units()) if following[0] and not figure.words_only else None
    if guess and ctx.tokens[k].start - ctx.tokens[figure.last_token].end <= 2:
        return units.Unit(guess, "count", 1), k
    return None, figure.last_token


def unit_from_metric(ctx: Context, head: Optional[int]) -> Optional[str]:
    """«بلغ عدد الملفات الطبية ... 14 مليوناً» -> ملف"""
    if head is None:
        return None
    word = ctx.word(head + 1)
    return units.noun_unit(word) or units.singular_of_plural(word)


@lru_cache(maxsize=None)
def _not_units() -> frozenset[str]:
    """Words that never name what a figure counts (verbs, connectives, metric nouns, cues)."""
    return (
        words("metric_stops") | words("function") | words("metric_heads") | frozenset(attribution.cues())
        | words("others") | words("not_unit")
    )


def share_units(ctx: Context, drafts: list[Draft]) -> None:
    """«من 8,6 مليون إلى 24,3 مليون مستفيد»: the first takes the second's unit; «وأصيب 2000 آخرون»
    and «82 منهم» take the unit of the figure before; «عدد الملفات ... 14 مليوناً» takes ملف."""
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
    for left, right in zip(drafts, drafts[1:]):
        between = [t.text for t in ctx.tokens[left.figure.last_token + 1 : right.figure.first_token]]
        if left.unit is None and right.unit is not None and between in (["من", "اصل"], ["من", "مجموع"], ["من", "بين"]):
            left.unit = right.unit  # «بتصويت 176 من أصل 328 نائبا»
    previous = None
    for draft in drafts:
        if draft.unit is None and draft.head is None:
            draft.unit = subject_noun(ctx, draft.figure)
        if draft.unit is None:
            word = ctx.word(draft.figure.last_token + 1)
            if word in words("anaphoric_unit") and previous is not None and previous.sentence == draft.sentence:
                draft.unit = previous.unit
            elif draft.head is not None:
                lemma = unit_from_metric(ctx, draft.head[0])
                if lemma:
                    draft.unit = units.Unit(lemma, "count", 0)
        if draft.unit is not None:
            previous = draft


def subject_noun(ctx: Context, figure: Figure) -> Optional[units.Unit]:
    """«بلغت بلاغات الحوادث ١٤٣»: a bare figure counts the noun its clause is about."""
    own, found = ctx.clause_ids[figure.first_token], None
    for i in range(figure.first_token - 1, max(-1, figure.first_token - 6), -1):
        if ctx.clause_ids[i] != own or ctx.tokens[i].kind == "num":
            break
        lemma = units.noun_unit(ctx.word(i))
        found = units.Unit(lemma, "count", 0) if lemma else found  # the leftmost noun heads the phrase
    return found


def keep(ctx: Context, draft: Draft) -> bool:
    """Is the figure a fact? A bare number only under «عدد/نسبة ...» or with a scale word."""
    if draft.unit is None:
        counted = draft.head is not None and strip_article(ctx.word(draft.head[0])) in words("count_head")
        return not draft.figure.words_only and (counted or draft.figure.scaled)
    return draft.unit.kind != "time"

