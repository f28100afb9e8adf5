"""The metric slot: what a figure measures, as a short noun phrase from the article's own words.
A head noun before the figure («عدد المسجلين في السجل الوطني»), else the words before it in its
clause, plus the counted noun and what follows it; a programme the sentence is about is added for
elliptic figures («استفاد منه حوالي 4 ملايين أسرة» about «أمو-تضامن»).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from .. import attribution, numbers
from ..context import CLAUSE_BREAKS, Context
from ..lexicon import words
from ..normalize import fold, strip_article
from ..numbers import Figure

MAX_METRIC_WORDS = 15
SCAN_LIMIT = 60  # tokens looked back for a metric head or a topic: keeps long sentences linear


def _clean_head(word: str) -> str:
    """«كلفتها» -> «كلفة»: a head noun loses its pronoun suffix."""
    for suffix in ("تها", "تهم", "ته"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + "ة"
    return word


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
    # an earlier clause's metric only reaches a figure whose own clause names nothing («مقابل 93.000 ملف»)
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
def _trailing_stops() -> frozenset[str]:
    return _head_stops() - {"الي"}


@lru_cache(maxsize=None)
def _qualifier_words() -> frozenset[str]:
    return frozenset(w for phrase, _, _ in numbers.qualifier_phrases() for w in phrase) - words("function") - {"لا", "فوق"}


def trailing_phrase(ctx: Context, after: int, sentence_end: int, limit: int = 8) -> Optional[tuple[int, int]]:
    end = _phrase_end(ctx, after + 1, sentence_end, limit, _trailing_stops())
    while end > after and ctx.word(end) in words("function"):
        end -= 1
    return (after + 1, end) if end > after else None


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


def topic_phrase(ctx: Context, figure: Figure, sentence: tuple[int, int]) -> Optional[str]:
    """The programme the sentence is about («بنظام "أمو-تضامن"»), for elliptic figures."""
    topics = words("topic_head")
    for i in range(figure.first_token - 1, max(sentence[0], figure.first_token - SCAN_LIMIT) - 1, -1):
        word = strip_article(ctx.word(i))
        word = word[1:] if word[:1] in "بلو" and word[1:] in topics else word
        if word in topics:
            end = min(i + 4, figure.first_token - 1)
            k, last = i + 1, i
            while k <= end and not (ctx.tokens[k].kind == "sym" and ctx.tokens[k].text in "،,."):
                if ctx.tokens[k].kind == "num":
                    break
                last = k
                k += 1
            while last > i and ctx.word(last) in words("function"):
                last -= 1
            return _word_text(ctx, i, last)
    return None


def _word_text(ctx: Context, first: int, last: int) -> str:
    text = ctx.words(first, last)
    return text[1:] if text[:1] in ("ب", "ل") and fold(text[1:4]) in ("نظا", "برن", "ورش", "صند") else text


def build_metric(ctx: Context, figure: Figure, unit_last: int, sentence: tuple[int, int], head) -> str:
    parts = []
    if head:
        first_word = ctx.words(head[0], head[0])
        cleaned = _clean_head(first_word)
        rest = ctx.words(head[0] + 1, head[1])
        parts.append(f"{cleaned} {rest}".strip())
    else:
        context = context_phrase(ctx, figure)
        if context:
            parts.append(ctx.words(*context))
    unit_first = figure.last_token + 1
    trailing = trailing_phrase(ctx, unit_last, sentence[1])
    if unit_last > figure.last_token and (trailing or not head):
        parts.append(ctx.words(unit_first, trailing[1] if trailing else unit_last))
    elif trailing:
        parts.append(ctx.words(*trailing))
    metric = " ".join(p for p in parts if p)
    metric = " ".join(w for w in metric.split() if regex.search(r"\w", w))
    topic = topic_phrase(ctx, figure, sentence)
    if topic and fold(topic.split()[-1]) not in fold(metric):
        metric = f"{metric} ({topic})" if metric else topic
    return " ".join(metric.split()[:MAX_METRIC_WORDS])

