"""The qualifier slot beyond the words next to the number (those are found with the figure,
`numbers.qualifier_before`): a verb governing the figure («تجاوز», «فاق», «ناهز»), or a phrase after
the figure and its counted noun («23 شخصا على الأقل»).
"""
from __future__ import annotations

from typing import Optional

from .. import numbers
from ..context import Context
from ..lexicon import words
from ..normalize import without_conjunction
from ..numbers import Figure


def verb_qualifier(ctx: Context, figure: Figure) -> Optional[str]:
    """«تجاوز عدد الملفات المودعة يوميا ... 102 ألف ملف»: the clause's verb qualifies the figure."""
    own = ctx.clause_ids[figure.first_token]
    verbs = {phrase[0]: q for phrase, q, where in numbers.qualifier_phrases() if where == "verb"}
    for i in range(figure.first_token - 1, max(-1, figure.first_token - 14), -1):
        if ctx.clause_ids[i] != own or ctx.tokens[i].kind == "num":
            return None
        word = ctx.word(i)
        word = word[1:] if word[:1] in "وف" and word[1:] in verbs else word
        if word in verbs:
            return verbs[word]
    return None


def qualifier_after(ctx: Context, last: int) -> Optional[str]:
    """«مقتل 23 شخصا على الأقل», «20 ألف مسافر تقريبا»: a phrase right after the figure or its noun."""
    for phrase, qualifier, where in numbers.qualifier_phrases():
        if where != "after":
            continue
        if all(ctx.word(last + 1 + k) == word for k, word in enumerate(phrase)):
            if not _opens_next_figure(ctx, phrase, last + 1 + len(phrase)):
                return qualifier
    return None


def _opens_next_figure(ctx: Context, phrase: tuple, after: int) -> bool:
    """«4,2 مليون طالب وأكثر من 1,7 مليون»: a comparative with «من» after it qualifies the next figure
    («قتل 150 على الأقل من المسلحين»: that «من» is this figure's partitive)."""
    return ctx.word(after) in words("partitive") and without_conjunction(phrase[-1]) in words("comparative")
