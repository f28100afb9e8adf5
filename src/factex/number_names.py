"""Numbers that are part of a name or a code, not figures: «Bloons TD 5», «GPW1000», «5+1», a style
sheet's «0 1px», and digits that close a quoted name («إس 300», "عيد طيبة 36", «الفورمولا 1»).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .lexicon import metric_verbs
from .number_tables import qualifier_phrases
from .units import currency_codes, is_unit_word

_LATIN = regex.compile(r"[A-Za-z]")
_CODE = regex.compile(r"[{}][^{}]{0,80}[a-z-]{3,}\s*:\s*[^;{}]{1,80};|[a-z-]{3,}\s*:\s*[^;{}]{1,80};[^{}]{0,80}[{}]")  # a style rule


def _word(tokens, k: int) -> str:
    return tokens[k].text if 0 <= k < len(tokens) and tokens[k].kind == "word" else ""


@lru_cache(maxsize=1)
def _qualifier_words() -> frozenset:
    """«نحو», «حوالي»: one-word qualifiers before a figure."""
    return frozenset(phrase[0] for phrase, _q, where in qualifier_phrases() if len(phrase) == 1 and where != "after")


def plus_glued(tokens, i: int) -> bool:
    """«5+1», «4+4»: two numbers glued by «+» name a group or a format, they count nothing."""
    glued = lambda a, b: tokens[a].end == tokens[b].start
    after = i + 2 < len(tokens) and tokens[i + 1].text == "+" and tokens[i + 2].kind == "num" and glued(i, i + 1) and glued(i + 1, i + 2)
    before = i >= 2 and tokens[i - 1].text == "+" and tokens[i - 2].kind == "num" and glued(i - 1, i) and glued(i - 2, i - 1)
    return after or before


def in_latin_name(tokens, i: int, end: int) -> bool:
    """«Bloons TD 5», «48 Hours», «7 Minute Workout», «13 Old Town»: a number next to a Latin word (not
    a unit or a currency code) is part of a title, a product's or a street's name."""
    after = tokens[end + 1].text if end + 1 < len(tokens) and tokens[end + 1].kind == "word" else ""
    before = tokens[i - 1].text if i >= 1 and tokens[i - 1].kind == "word" else ""
    latin = lambda w, n: len(w) >= n and w.isascii() and w.isalpha() and not is_unit_word(w) and w not in currency_codes()
    return latin(after, 3) or latin(before, 2)


def ends_quoted_name(tokens, i: int, end: int) -> bool:
    """«إس 300», "عيد طيبة 36", «الفورمولا 1»: digits that close a quotation of a few words are part of a
    name (a model, a flight, a title, a festival)."""
    if end + 1 >= len(tokens) or tokens[end + 1].text not in _CLOSING_QUOTES:
        return False
    for k in range(i - 1, max(-1, i - 5), -1):
        if tokens[k].text in _OPENING_QUOTES:
            return k < i - 1
        if tokens[k].kind != "word" or _word(tokens, k) in _figure_verbs() or _word(tokens, k) in _qualifier_words():
            return False  # «بلغ 500», «نحو 500»: a quoted statement of a figure
    return False


@lru_cache(maxsize=1)
def _figure_verbs() -> frozenset:
    """The verbs of metric_verbs.tsv in all their forms («بلغ», «يبلغ», «ارتفعت», «وبلغ»)."""
    return frozenset(form for form, (_kind, _noun, is_verb) in metric_verbs().items() if is_verb)


_OPENING_QUOTES = frozenset('«"“')
_CLOSING_QUOTES = frozenset('»"”″')


def latin_glued(text: str, tok) -> bool:
    before = text[max(0, tok.start - 2) : tok.start]
    after = text[tok.end : tok.end + 2]
    glued_word = before.endswith("-") and text[max(0, tok.start - 2) : tok.start - 1].isalpha()
    return bool(_LATIN.search(before[-1:] or "") or _LATIN.search(after[:1] or "")) or glued_word


def in_code(text: str, tok) -> bool:
    """A number in a style sheet or script the page left in its text («text-shadow: 0 1px 0 white;»)."""
    return _CODE.search(text, max(0, tok.start - 80), tok.end + 80) is not None
