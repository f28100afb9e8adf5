"""Clauses that describe a counted noun right after it («6 آلاف أسرة استفادت من الدعم», «25 رأسا
شملها الإعدام»), for the metric slot's counted phrase (slots/metric_around.py)."""
from __future__ import annotations

from .. import units
from ..context import Context
from ..lexicon import words
from . import phrase


def verb_clause(ctx: Context, k: int, stop: int, limit: int = phrase.MAX_RELATIVE_WORDS, resumptive: bool = False) -> int:
    """«6 آلاف أسرة استفادت من الدعم»: a verb right after an indefinite noun describes it; the
    clause's last token, or k - 1 when there is none. With `resumptive` (k follows the counted noun
    itself), so does a word whose pronoun refers back to it («25 رأسا شملها الإعدام»)."""
    word = ctx.word(k)
    if word in words("future_particle") and phrase.is_verb(ctx.word(k + 1)):
        k, word = k + 1, ctx.word(k + 1)  # «3 شركات قد زايدت على الدار»: the verb after its particle
    present = word[:1] == "ت" and len(word) >= 4 and not word.endswith(("ه", "ات")) and phrase.head_of(word) is None
    entry = phrase.metric_verbs().get(word)
    # «34 مؤسسة سجلت ارتفاعا»: a verb of reach with a noun after it describes the noun, not another figure
    described = entry is not None and entry[0] == "reach" and entry[2] and phrase.is_word(ctx, k + 1) and not phrase.breaks(ctx.word(k + 1))
    opens = phrase.is_verb(word) or present or (resumptive and _resumptive(word))
    if not phrase.is_word(ctx, k) or not opens or (word in phrase.stop_words() and word not in words("aux_verb") and not described):
        return k - 1
    changes = entry is not None and entry[0] in ("up", "down") and (word[:1] == "م" or _figure_within(ctx, k + 1, 3))
    if entry is not None and (word[:1] in "وف" or changes):
        return k - 1  # «قتل 3 عناصر وجرح تسعة», «11846 نقطة مرتفعا 162 نقطة»: the next item, not a description
    if word[:1] == "و" and len(word) >= 5 and phrase.is_verb(word[1:]):
        return k - 1  # «39500 طالب وقدمت 250 ألفا»: «و» joins the next clause («وصلت», «وزعت»: «و» of the root)
    return phrase.relative_clause(ctx, k - 1, stop, limit, k - 1)


def _resumptive(word: str) -> bool:
    """«25 رأسا شملها الإعدام», «44 قطعة أرسلها المصمم»: a word with a pronoun that refers back to the
    noun before it opens a clause describing it."""
    if len(word) < 5 or not word.endswith(("ها", "هم", "هن")) or word.endswith(("اتها", "اتهم")) or word[:1] in "وفلب":
        return False  # (not «رحلاتها», «وبيعها», «لحسابها»: nouns, the next item, a preposition's object)
    return not phrase.has_article(word) and phrase.head_of(word) is None and word not in words("function") and \
        word[:-2] not in words("function") and not units.is_unit_word(word)


def _figure_within(ctx: Context, k: int, n: int) -> bool:
    return any(ctx.tokens[j].kind == "num" for j in range(k, min(len(ctx.tokens), k + n)))
