"""How the metric slot writes its words (slots/metric.py): the nominative of a counted noun
(«شخصا» -> «شخص»), the article and the «لـ» of an owner, a noun without its pronoun («أرباحه» ->
«أرباح»), the words the slot adds («نسبة», «عدد», «مبلغ») and the display form of a head.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..context import Context
from ..lexicon import load_table
from ..normalize import DIACRITICS, fold
from ..units import Unit
from . import phrase


def nominative(ctx: Context, first: int, last: int) -> list:
    """«مشروعا استشفائيا» -> «مشروع استشفائي»: the accusative ending of the phrase's first
    indefinite words dropped (an object moved into the metric's subject position); «قضايا», «خلايا»
    end in the plural's own alif, not the accusative's."""
    parts: list = []
    k = first
    while k <= last and phrase.is_word(ctx, k) and not phrase.has_article(ctx.word(k)):
        word = ctx.word(k)
        if not (len(word) >= 4 and word.endswith("ا") and not word.endswith(("اا", "ها", "نا", "ايا"))) or phrase.has_pronoun(ctx, k) or phrase.is_verb(word) \
                or phrase.own_alif(word):
            break
        text = ctx.words(k, k)
        parts.append(drop_alif(phrase.bare(text) if k == first else text))
        k += 1
    return parts + ([(k, last)] if k <= last else [])


def drop_alif(text: str) -> str:
    """«شخصًا» -> «شخص»: the accusative alif and the diacritics around it."""
    stripped = text.rstrip(DIACRITICS)
    if stripped.endswith("ا"):
        stripped = stripped[:-1].rstrip(DIACRITICS)
    return stripped


def with_article(word: str) -> str:
    return word if fold(word).startswith("ال") else "ال" + word


def scope_words(ctx: Context, scope) -> list:
    """An indefinite scope that a verb follows is its subject: nominative («مسجدا يصلي فيه» -> «مسجد»;
    not a name before «التي»: «تويوتا التي باعت»)."""
    return nominative(ctx, *scope) if phrase.is_verb(ctx.word(scope[1] + 1)) else [scope]


def without_pronoun(ctx: Context, k: int) -> str:
    """«أرباحه» -> «أرباح», «قيمتها» -> «قيمة»."""
    text = phrase.bare(ctx.words(k, k))
    for suffix in ("هما", "هم", "ها", "ه"):
        if text.endswith(suffix):
            stem = text[: -len(suffix)]
            if fold(stem).endswith("ت") and not fold(stem).endswith("ات"):
                stem = stem[:-1] + "ة"  # «حمولتها» -> «حمولة»: a ta marbuta before the pronoun
            return stem
    return text


def uncontracted(noun: str, unit: Optional[Unit]) -> str:
    """«موظفي» (of «من موظفيها») -> «موظفين»: a sound plural that lost its «ن» to the pronoun, when it
    is the plural of the counted unit."""
    name = unit.name if unit is not None else ""
    return noun + "ن" if noun.endswith("ي") and name and fold(noun[:-1]) == fold(name) else noun


def level_of(metric: str) -> str:
    """«تراجع قروض البنك» -> «قروض البنك»: the measure a change is of, its change word dropped."""
    first, _, rest = metric.partition(" ")
    return rest if rest and fold(first) in change_nouns() else metric


def with_lam(ctx: Context, span: tuple[int, int]) -> str:
    """«المصارف الكويتية» -> «للمصارف الكويتية»: the owner of a phrase, joined with لـ."""
    text = phrase.render(ctx, [span])
    if not text:
        return ""
    first, _, rest = text.partition(" ")
    folded = fold(first)
    raw = ctx.word(span[0])
    if raw[:1] in "بل" and not raw.startswith("لل") and fold(phrase.bare(ctx.words(span[0], span[0]))) != raw:
        return f"{ctx.words(span[0], span[0])} {rest}".strip()  # «لبنك الكويت»: its own preposition kept
    if folded[:1] in "بل" and not folded.startswith("لل") and fold(phrase.bare(first)) != folded:
        return text
    if folded.startswith("الل"):
        first = first[1:]  # «اللجنة» -> «للجنة»
    elif folded.startswith("ال"):
        first = "ل" + first[1:]
    elif not folded.startswith("ل"):
        first = "ل" + first
    return f"{first} {rest}".strip()


@lru_cache(maxsize=None)
def display_forms() -> dict[str, str]:
    forms = {fold(row["word"]): row["word"] for row in load_table("metric_heads")}
    forms.update({fold(row["noun"]): row["noun"] for row in load_table("metric_verbs") if row["noun"]})
    return forms


def definite_predicate(ctx: Context, span) -> str:
    """«منها موجهة للأسر القروية» -> «الموجهة للأسر القروية»: said of a definite group."""
    first, last = span
    if fold(ctx.word(first)).endswith(("هم", "هن", "ها")) and len(ctx.word(first)) > 4:
        # «منهم إصاباتهم بالغة» -> «بإصابات بالغة»: what the part has, with its adjective
        if last == first and phrase.is_word(ctx, last + 1) and ctx.word(last + 1) not in phrase.stop_words():
            last += 1
        rest = phrase.render(ctx, [(first + 1, last)]) if last > first else ""
        return " ".join(w for w in (f"ب{without_pronoun(ctx, first)}", rest) if w)
    text = phrase.render(ctx, [span])
    return with_article(text) if text and not fold(text).startswith(("ال", "لل")) else text


@lru_cache(maxsize=None)
def word_for(role: str) -> str:
    """The word the metric adds for a role of metric_words.tsv («share» -> «نسبة»)."""
    return next(row["word"] for row in load_table("metric_words") if row["role"] == role)


def display(folded: str) -> str:
    return display_forms().get(folded, folded)


def thing(metric: str) -> str:
    """«نسبة ارتفاع سعر البنزين» -> «سعر البنزين»: the thing a metric measures, without its measure or change."""
    words_ = metric.split("(")[0].split()
    if len(words_) > 1 and phrase.head_of(fold(words_[0])) in phrase.measures() and fold(words_[1]) in change_nouns():
        words_ = words_[2:]  # «نسبة ارتفاع», not the «سعر» it is of
    if len(words_) > 2 and fold(words_[0]) == "كل" and fold(words_[1]) == "من":
        words_ = words_[2:]
    return " ".join(words_)


@lru_cache(maxsize=None)
def change_nouns() -> frozenset[str]:
    return frozenset(fold(row["noun"]) for row in load_table("metric_verbs") if row["kind"] in ("up", "down") and row["noun"])


def overlaps(text: str, metric: str) -> bool:
    """Does the metric already name a content word of `text` («للفلاحة» names «الفلاحة»)?"""
    folded = [fold(w) for w in metric.replace("(", " ").replace(")", " ").split()]
    named = {phrase.strip_clitics(w) for w in folded} | {w[1:] for w in folded if w.startswith("لل")}  # «للجنة»: «اللجنة»
    return any(phrase.strip_clitics(fold(w)) in named for w in text.split() if len(fold(w)) > 3)
