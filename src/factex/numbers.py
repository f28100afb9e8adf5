"""Number expressions in Arabic text: digits in any script, decimal commas, thousands dots,
scale words, number words, compounds («3 ملايين و250 ألف و120»), clitics glued to digits,
percentages, ranges and qualifiers; and the numbers that are not figures (years, dates,
times, ordinals, phone numbers, list numbers: list_numbers.py, scores: scores.py).

Everything works on the folded text of `factex.normalize` and its tokens; `parse_figures(text)`
is the convenience entry point that reports offsets in the text as given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Optional

import bisect
import re

import regex

from .digits import digits_value
from .lexicon import words
from .list_numbers import is_list_number
from .number_names import ends_quoted_name, in_code, in_latin_name, latin_glued, plus_glued
from .scores import is_score
from .normalize import normalize
from .units import currency_codes, is_unit_word
from .number_tables import label_words, month_words, number_words, ordinal_cues, qualifier_phrases, scales, starter_words


# «4ر25»: Gulf and Jordanian papers write ر as the decimal mark
_TOKEN_KINDS = (r"\d+(?:[.,٫٬\u202fر]\d+)*", r"[^\W\d_]+", r"\S")  # num | word | sym
_TOKEN = regex.compile("|".join(_TOKEN_KINDS))
# the stdlib engine is faster on this simple, linear pattern; one group per token kind
_FAST_TOKEN = re.compile("|".join(f"({kind})" for kind in _TOKEN_KINDS))
_NUMERIC_DATE = regex.compile(r"(?<!\d)(?:\d{1,2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{2,4}|\d{4}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?)(?!\d)")
_PHONE = regex.compile(r"(?<![\d.,])(?:\+|00)?\d{2,4}(?:[ \-]\d{2,4}){2,}(?![\d.,])|(?<![\d.,])0\d{8,}(?![\d.,])")
TIMES_SIGNS = frozenset(("×", "x", "X", "*", "⨯"))  # «1920 × 1080»: the sides of a size


class Token(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  # num | word | sym


@dataclass
class Figure:
    """A number expression that may be a figure. Offsets are in the folded text."""

    start: int
    end: int
    value: float
    value_max: Optional[float] = None
    qualifier: Optional[str] = None
    percent: bool = False
    scaled: bool = False
    words_only: bool = False  # written with number words alone («سبعة»): needs a counted noun
    first_token: int = 0
    last_token: int = 0  # index of the last token of the expression (inclusive)
    notes: list = field(default_factory=list)


_KINDS = (None, "num", "word", "sym")  # by the group of _FAST_TOKEN that matched


def tokenize(text: str) -> list[Token]:
    new, kinds = tuple.__new__, _KINDS
    return [new(Token, (m.start(), m.end(), m.group(), kinds[m.lastindex])) for m in _FAST_TOKEN.finditer(text)]


def word_at(tokens: list[Token], i: int) -> str:
    """The word at token i ('' for numbers, symbols and positions outside the text)."""
    if 0 <= i < len(tokens):
        token = tokens[i]
        return token[2] if token[3] == "word" else ""  # by index: the hottest function of extraction
    return ""


_word = word_at


def _strip_clitic(word: str) -> str:
    """و/ف/ب/ل glued to a number word or scale word («وعشرين», «بمليون»)."""
    glued = len(word) > 3 and word[0] in "وفبل" and (word[1:] in number_words() or word[1:] in scales())
    return word[1:] if glued else word


# ---------------------------------------------------------------- expressions


@dataclass
class _Term:
    value: float
    scale: float  # the scale word's multiplier, or a magnitude for word numbers
    end: int  # index of its last token
    scaled: bool
    words_only: bool


def _scale_at(tokens, i):
    return scales().get(_strip_clitic(_word(tokens, i)))


def _word_group(tokens: list[Token], i: int) -> Optional[tuple[float, int]]:
    """Number words joined by و («مائة وخمسون», «خمسة وعشرون»): (value, last index)."""
    words = number_words()
    total, last, j, first = 0.0, None, i, True
    while j < len(tokens):
        word = _word(tokens, j)
        if first and word[:1] in "بل" and word[1:] in words:
            word = word[1:]  # «لثلاثة مواطنين»
        elif word.startswith("و") and word[1:] in words and (not first or word not in words):
            word = word[1:]
        elif not first and word == "و" and _word(tokens, j + 1) in words:
            j += 1
            word = _word(tokens, j)
        elif not first:
            break
        pair = word + " " + _word(tokens, j + 1)
        if pair in words:
            value, kind = words[pair]
            j += 1
        elif word in words:
            value, kind = words[word]
        else:
            break
        if kind == "fraction":
            break
        total += value
        last, first = j, False
        j += 1
    return (total, last) if last is not None and total > 0 else None


_CLOSING = frozenset(')»"”\'')


def _restated_in_words(tokens: list[Token], i: int) -> Optional[_Term]:
    """«(500) خمسمائة ريال», «(210) مائتين وعشرة ملايين»: digits in brackets, then the same number in words."""
    if tokens[i].kind != "num" or i + 2 >= len(tokens) or tokens[i + 1].text not in _CLOSING or tokens[i + 2].kind != "word":
        return None
    said, digits = _expression(tokens, i + 2), digits_value(tokens[i].text, before_scale=False)
    same = said and said.words_only and digits is not None and said.value in (digits, digits * said.scale if said.scaled else None)
    return _Term(said.value, said.scale, said.end, said.scaled, False) if same else None


def _term(tokens: list[Token], i: int) -> Optional[_Term]:
    tok = tokens[i]
    if tok.kind == "num":
        k = i + 2 if i + 1 < len(tokens) and tokens[i + 1].text in _CLOSING else i + 1  # «(174) مليون», «"6.9" مليون»
        scale = _scale_at(tokens, k)
        value = digits_value(tok.text, before_scale=scale is not None)
        if value is None:
            return None
        if scale:
            return _Term(value * scale[0], scale[0], k, True, False)
        return _Term(value, 1.0, i, False, False)
    word = _strip_clitic(_word(tokens, i))
    if word in number_words() and number_words()[word][1] == "fraction":
        scale = _scale_at(tokens, i + 1)
        if scale:
            return _Term(number_words()[word][0] * scale[0], scale[0], i + 1, True, True)
        return None
    if word in scales():
        multiplier, count = scales()[word]
        if count:
            return _Term(count * multiplier, multiplier, i, True, True)
        return None
    group = _word_group(tokens, i)
    if group:
        value, last = group
        scale = _scale_at(tokens, last + 1)
        if scale:
            return _Term(value * scale[0], scale[0], last + 1, True, True)
        return _Term(value, 100.0 if value >= 100 else 1.0, last, False, True)
    return None


def _next_term_start(tokens: list[Token], j: int) -> Optional[int]:
    """Index where a «و»-joined addend starts after token j, if any."""
    word = _word(tokens, j + 1)
    if word in words("conjunction") and j + 2 < len(tokens):
        return j + 2
    if word.startswith("و") and len(word) > 1 and (_strip_clitic(word) != word):
        return j + 1  # «وعشرين», «ومليون»: the clitic is part of the word token
    return None


def _expression(tokens: list[Token], i: int) -> Optional[_Term]:
    """A term plus «و» addends smaller than its scale: «3 ملايين و250 ألف و120»."""
    head = _restated_in_words(tokens, i) or _term(tokens, i)
    if head is None:
        return None
    value, scale, end = head.value, head.scale, head.end
    while scale > 1:
        k = _next_term_start(tokens, end)
        if k is None:
            break
        fraction = number_words().get(_strip_clitic(_word(tokens, k)))
        if fraction and fraction[1] == "fraction" and _scale_at(tokens, k + 1) is None:
            value += fraction[0] * scale  # «مليون ونصف»
            end = k
            break
        addend = _term(tokens, k)
        if addend is None or addend.value >= scale or (addend.words_only and not head.words_only and not addend.scaled and tokens[k].kind != "num"):
            break
        value, scale, end = value + addend.value, addend.scale if addend.scaled else 1.0, addend.end
    return _Term(value, scale, end, head.scaled, head.words_only)


# ---------------------------------------------------------------- what is not a figure


def _masked_spans(text: str) -> list[tuple[int, int]]:
    spans = sorted([m.span() for m in _NUMERIC_DATE.finditer(text)] + [m.span() for m in _PHONE.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is [start, end) inside one of `spans` (sorted, not overlapping)?"""
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def _is_year(term: _Term, tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.kind != "num" or term.scaled or not tok.text.isdigit():
        return False
    value = int(tok.text)
    if _word(tokens, i + 1) in words("era_mark") and value <= 2100:
        return True  # «568 ميلادي», «70 للميلاد»
    if not (1900 <= value <= 2100 or 1300 <= value <= 1500):  # an older year only after «عام» («عام 1867», «سنة 639»)
        return 100 <= value < 1900 and _word(tokens, i - 1) in words("year_cue") and not _counted_after(tokens, i)
    if _word(tokens, i - 1) in words("year_cue") or _after_month(tokens, i):
        return True  # «عام 2017 مسجلا», «من عام 1427», «في مايو 2015 سيارات»
    if is_unit_word(_word(tokens, i + 1)) or _word(tokens, i + 1) in words("others"):
        return False  # «2000 شخص», «وأصيب 2000 آخرون»
    hijri = 1300 <= value <= 1500 and (_word(tokens, i + 1) in words("hijri_mark") or _word(tokens, i - 1) in words("year_span")
                                       or _next_year_after_slash(tokens, i, value))
    return 1900 <= value <= 2100 or hijri


def _next_year_after_slash(tokens: list[Token], i: int, value: int) -> bool:
    """«1436 / 1437هـ»: a Hijri fiscal or academic year written as two years."""
    return i + 2 < len(tokens) and tokens[i + 1].text in "/-" and tokens[i + 2].text.isdigit() and int(tokens[i + 2].text) == value + 1


def _before_month(tokens: list[Token], i: int) -> bool:
    """«27 ماي», «8 و9 و10 فبراير», «14 يوليوز»: days of a month."""
    months = month_words()
    for j in range(i + 1, min(i + 8, len(tokens))):
        tok = tokens[j]
        if tok.kind == "word":
            if tok.text in months or (tok.text.startswith("و") and tok.text[1:] in months):
                return True
            if tok.text not in words("range_joiner"):
                return False
        elif tok.kind == "num":
            if not tok.text.isdigit() or int(tok.text) > 31:
                return False
        elif tok.text not in "-–/":
            return False
    return False


def _after_month(tokens: list[Token], i: int) -> bool:
    return _word(tokens, i - 1) in month_words()


def times_joined(tokens: list[Token], i: int) -> bool:
    """«1920 × 1080», «1920x1080», «2 * 3»: a number joined to another by a times sign is one side of
    a size (a screen's pixels, a board's metres), neither a count nor a year."""
    near = lambda k: 0 <= k < len(tokens) and tokens[k].kind == "num"
    return (i + 2 < len(tokens) and tokens[i + 1].text in TIMES_SIGNS and near(i + 2)) or (
        i >= 2 and tokens[i - 1].text in TIMES_SIGNS and near(i - 2))


def _counted_after(tokens: list[Token], end: int) -> bool:
    return is_unit_word(_word(tokens, end + 2 if end + 1 < len(tokens) and tokens[end + 1].text in ")»\"" else end + 1))


def _ordinal_cue(tokens: list[Token], i: int) -> Optional[str]:
    quoted = i > 1 and tokens[i - 1].text in "(«\"“"
    prev = _word(tokens, i - 1)
    if i > 1 and tokens[i - 1].text in "«\"“" and _word(tokens, i - 2) not in ("ال", "الـ"):
        prev = _word(tokens, i - 2)  # «طراز "777"»: the cue before the quote (not «الـ"3 روبوتات"»)
    cues = [w for w in (_word(tokens, i - 2), _word(tokens, i - 3)) if w in words("id_cue")] if quoted else []
    if cues:  # «بمبنى رقم (209)», «المادة (79)», «رقم البناء “10240”»
        return cues[0]
    return prev if prev in ordinal_cues() else prev[1:] if prev and prev[:1] in "وبل" and prev[1:] in ordinal_cues() else None


def _one_of(tokens: list[Token], i: int, end: int) -> bool:
    """«واحدة من الدوريات»: one of a group, not a count (but «حالة وفاة واحدة من بين المصابين», and «أربع
    حالات ... من ضمنها واحدة من الحالات»: a sub-count); «من عائلة واحدة»: of one family, said of others."""
    if _word(tokens, i - 2) == "من" and is_unit_word(_word(tokens, i - 1)):
        return qualifier_before(tokens, i - 1)[0] is None  # (not «أكثر من شخص واحد»)
    after = _word(tokens, end + 2)
    if _word(tokens, end + 1) == "من" and after[:1] in "اأ" and 3 <= len(after) <= 4 and not after.startswith("ال") \
            and after not in words("share_base"):
        return True  # «زيارة واحد من أهم المعابد»: one of the most ..., a superlative (أفعل)
    if _word(tokens, end + 1) != "من" or is_unit_word(_word(tokens, i - 1)) or after in words("share_base"):
        return False
    return not any(_word(tokens, j) == (after[2:] if after.startswith("ال") else after) for j in range(max(0, i - 20), i))


def not_a_figure(text: str, tokens: list[Token], i: int, term: _Term, masked) -> Optional[str]:
    """Why the expression at token i is not a figure (None: it may be one)."""
    tok = tokens[i]
    if _inside(masked, tok.start, tok.end):
        return "date/time/phone"
    if tok.kind == "num":
        if latin_glued(text, tok) or plus_glued(tokens, i) or in_code(text, tok):
            return "code"  # «GPW1000», «مجموعة 5+1», «padding:10px 5px;»
        if times_joined(tokens, i):
            return "size"  # «بدقة 1920 × 1080 بيكسل»
        if is_score(text, tok.start, tok.end):
            return "score"  # «انتهت المباراة بالتعادل 1 / 1»
        if in_latin_name(tokens, i, term.end) or ends_quoted_name(tokens, i, term.end):
            return "name"  # «لعبة Bloons TD 5», «صواريخ «إس 300»», «فيلم "العراب 2"»
        if is_list_number(text, tok.start, tok.end, tok.text):
            return "list number"
        if not term.scaled and (_before_month(tokens, i) or _word(tokens, i + 1) in words("same_month")):
            return "day of month"  # («حتى 19 منه»: of the month just named)
        if _is_year(term, tokens, i):
            return "year"
    cue = _ordinal_cue(tokens, i) if not term.scaled else None
    if cue and (cue in words("id_cue") or not _counted_after(tokens, term.end)) and _percent_after(tokens, term.end) < 0:
        return "ordinal"  # «الدورة 61», but not «حضر المباراة 500 متفرج» nor «نسبة الـ 64 في المائة»
    if term.words_only and term.value == 1 and (_word(tokens, i + 1).startswith("ال") or _one_of(tokens, i, term.end)):
        return "one of"  # «وأحد المواطنين» (أحد folds to احد), «واحدة من الدوريات البارزة»
    if term.words_only and term.value == 10 and _word(tokens, i - 1).startswith("ال"):
        return "ordinal"  # «الفصل السادس عشر»
    following = tokens[term.end + 1].text if term.end + 1 < len(tokens) else ""
    before = _word(tokens, i - 1)  # («وبنزين 80»)
    if following in label_words() or ((before in label_words() or (before[:1] in "وف" and before[1:] in label_words())) and _percent_after(tokens, term.end) < 0):
        return "label"  # «بنزين 92 أوكتان», «أوكتان 92», but not «أوكتان 35%»
    return None


# ---------------------------------------------------------------- qualifiers, percent, ranges


def _phrase_before(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if i - n < 0:
        return False
    words = [_word(tokens, k) for k in range(i - n, i)]
    if n == 1:
        return _with_clitics(words[0], phrase[0])
    return words[1:] == list(phrase[1:]) and _with_clitics(words[0], phrase[0])


def _with_clitics(word: str, bare: str) -> bool:
    """`word` is `bare` with a clitic or two before it, or none: «أكثر», «بأكثر», «وبأكثر»."""
    return word == bare or (word[:1] in "وبلف" and word[1:] == bare) or (word[:1] in "وف" and word[1:2] in "بل" and word[2:] == bare)


@lru_cache(maxsize=None)
def _qualifiers_by_last_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, qualifier, where in qualifier_phrases():
        if where != "after":
            index.setdefault(phrase[-1], []).append((phrase, qualifier))
    return index


def qualifier_before(tokens: list[Token], i: int) -> tuple[Optional[str], int]:
    """The qualifier standing right before token i, and the index where it starts."""
    if i >= 1 and tokens[i - 1].text in "(«\"":  # «أكثر من (500)»: the bracket is part of the number
        qualifier, start = qualifier_before(tokens, i - 1)
        return (qualifier, start) if qualifier else (None, i)
    if _word(tokens, i - 1) == "ال" and i - 1 >= 0 and tokens[i].start - tokens[i - 1].end <= 1:
        i -= 1  # «ما يقارب الـ1432»: the article written on the number («الـ») is part of it
    word = _word(tokens, i - 1)
    index = _qualifiers_by_last_word()
    candidates = index.get(word, []) + (index.get(word[1:], []) if word[:1] in "وبلف" else []) + \
        (index.get(word[2:], []) if word[:1] in "وف" and word[1:2] in "بل" else [])
    for phrase, qualifier in sorted(candidates, key=lambda c: -len(c[0])):
        if _phrase_before(tokens, i, phrase):
            return qualifier, i - len(phrase)
    return None, i


def _percent_after(tokens: list[Token], j: int) -> int:
    """Index of the last token of a percent sign/phrase after token j, or -1."""
    if (j + 1 < len(tokens) and tokens[j + 1].text == "%") or _word(tokens, j + 1) in words("percent_glued"):
        return j + 1
    word = _word(tokens, j + 1)
    if word == "في" and _word(tokens, j + 2) in words("percent_word"):
        return j + 2
    return -1


def _percent_before(tokens: list[Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].text == "%" and tokens[i - 1].end == tokens[i].start


# ---------------------------------------------------------------- the scan


def find_figures(text: str, tokens: Optional[list[Token]] = None) -> list[Figure]:
    """Figures in folded `text` (offsets in `text`). Years, dates and the like are left out."""
    tokens = tokens if tokens is not None else tokenize(text)
    masked = _masked_spans(text)
    figures: list[Figure] = []
    i = 0
    starters = starter_words()
    while i < len(tokens):
        tok = tokens[i]
        may_start = tok.kind == "num" or (tok.kind == "word" and (tok.text in starters or tok.text[1:] in starters))
        term = _expression(tokens, i) if may_start else None
        if term is None:
            i += 1
            continue
        reason = not_a_figure(text, tokens, i, term, masked)
        figure = None if reason else _figure(text, tokens, i, term)
        figure = _with_range(text, tokens, figure, masked, figures) if figure is not None else None
        if figure is not None:
            figures.append(figure)
            i = figure.last_token + 1
            continue
        i = term.end + 1
    _share_scales(figures, tokens)
    _share_percent(figures, tokens)
    return figures


def _comma_decimal(tokens: list[Token], i: int, term: _Term) -> _Term:
    """An Arabic comma typed as the decimal mark of a percentage or a scaled amount. With a space after
    the comma the two parts were typed right to left so that the number reads «12,48» on screen:
    «ارتفاعا بنسبة 48، 12 في المائة» is 12.48 %, «4، 3 مليون» 3.4 million; «48،12» (no space) is 48.12."""
    j = term.end
    if not (
        not term.scaled and tokens[i].kind == "num" and tokens[i].text.isdigit() and term.value < 1000
        and j + 2 < len(tokens) and tokens[j + 1].text == "،" and tokens[j + 2].kind == "num"
        and tokens[j + 2].text.isdigit() and tokens[j + 1].start == tokens[i].end
    ):
        return term
    first, second = tokens[i].text, tokens[j + 2].text
    swapped = tokens[j + 2].start > tokens[j + 1].end
    whole, fraction = (second, first) if swapped else (first, second)
    if len(fraction) > 2 or len(whole) > 3:
        return term
    value = float(f"{whole}.{fraction}")
    if value <= 100 and _percent_after(tokens, j + 2) >= 0:
        return _Term(value, 1.0, j + 2, False, False)
    scale = _scale_at(tokens, j + 3)  # «لإنتاج 4، 3 مليون طن»
    if scale and scale[1]:
        return _Term(value * scale[0], scale[0], j + 3, True, False)
    return term


def _negative_sign(text: str, tokens: list[Token], i: int) -> bool:
    """«-0,5%», «−3 درجات», «سالب 2%»: a minus glued to the number (not a range «2014-2015», not a bullet)
    or a word for minus."""
    if _word(tokens, i - 1) in words("negative"):
        return True
    if i == 0 or tokens[i - 1].text not in ("-", "−") or tokens[i - 1].end != tokens[i].start:
        return False
    before = tokens[i - 2] if i >= 2 else None
    line_start = before is None or "\n" in text[before.end : tokens[i - 1].start]
    return not line_start and before.kind != "num" and before.end < tokens[i - 1].start


def _figure(text: str, tokens: list[Token], i: int, term: _Term) -> Optional[Figure]:
    term = _comma_decimal(tokens, i, term)
    end = term.end
    percent_end = _percent_after(tokens, end)
    percent = percent_end >= 0 or _percent_before(tokens, i)
    if percent_end >= 0:
        end = percent_end
    start_tok = i - 1 if _percent_before(tokens, i) else i
    value = term.value
    if _negative_sign(text, tokens, start_tok):
        start_tok, value = start_tok - 1, -value
    qualifier, _ = qualifier_before(tokens, start_tok)
    if qualifier is None and _word(tokens, end + 1) == "تقريبا":
        qualifier = "approx"
    return Figure(
        start=tokens[start_tok].start,
        end=tokens[end].end,
        value=value,
        qualifier=qualifier,
        percent=percent,
        scaled=term.scaled,
        words_only=term.words_only,
        first_token=start_tok,
        last_token=end,
    )


def _with_range(text, tokens, figure: Figure, masked, figures) -> Optional[Figure]:
    """«بين 300 و850 دينارا», «يتراوح بين ... و...», «من 3 إلى 5 ملايين» (with a range verb)."""
    i = figure.first_token
    between = _word(tokens, i - 1) in words("between") or (_word(tokens, i - 1) == "من" and _word(tokens, i - 2) in words("range_verb"))
    last = figure.last_token
    dashed = last + 2 < len(tokens) and tokens[last + 1].text in ("-", "–") and tokens[last + 2].kind == "num"
    about = not between and not dashed and _about_to(tokens, figure)  # «نحو 97 إلى 145 كيلومترا»
    if not between and not dashed and not about:
        return figure
    k = last + 2 if dashed else _next_term_start(tokens, last)
    if k is None and (_word(tokens, last + 1) in words("to") or _word(tokens, last + 1) in words("range_or")):
        k = last + 2  # «من 3 إلى 5», «بين 15 أو 25»
    repeated = k is None and between
    if repeated:
        k = _past_repeated_unit(tokens, last)  # «بين 10 درجات مئوية و15 درجة مئوية»
    if k is None or k >= len(tokens):
        return figure
    upper = _expression(tokens, k)
    if upper is None or not_a_figure(text, tokens, k, upper, masked) == "date/time/phone":
        return figure
    if repeated and upper.value <= figure.value:
        return figure  # («بين 549 ولادة طبيعية و280 ولادة قيصرية»: a range goes up)
    if about and (not figure.value < upper.value <= ABOUT_RANGE * figure.value or (upper.scaled and not figure.scaled)):
        return figure  # («نحو 2 إلى 50 ريالا»: a change to a level, not a range)
    if dashed and not between and (figure.scaled or figure.percent or upper.value <= figure.value):
        return figure  # «29 - 41 درجة» is a range, a score «3 - 1» is not
    swapped = dashed and not figure.scaled and not upper.scaled and upper.value < figure.value  # «بين 70-50» typed right to left
    first_is_year = tokens[i].kind == "num" and not figure.scaled and _is_year(_Term(figure.value, 1, i, False, False), tokens, i)
    if first_is_year:
        return None
    last = upper.end
    percent_end = _percent_after(tokens, last)
    if percent_end >= 0:
        last, figure.percent = percent_end, True
    value = figure.value
    if not figure.scaled and upper.scaled and value < upper.value / upper.scale * 10:
        value *= upper.scale  # «بين 3 و5 ملايين»
    figure.value, figure.value_max = (upper.value, value) if swapped else (value, upper.value)
    figure.end, figure.last_token = tokens[last].end, last
    return figure


REPEATED_UNIT_WORDS = 2  # words of a unit written after both bounds of a range
ABOUT_RANGE = 3  # «نحو 300 إلى 400 شخص» is a range; an upper bound more than this times the lower is a level


def _about_to(tokens: list[Token], figure: Figure) -> bool:
    """«نحو 97 إلى 145 كيلومترا», «حوالي 300 إلى 400 شخص»: an approximate bare number, «إلى» and a number."""
    last = figure.last_token
    return (figure.qualifier == "approx" and not figure.percent and last + 2 < len(tokens)
            and _word(tokens, last + 1) in words("to") and tokens[last + 2].kind == "num")


def _past_repeated_unit(tokens: list[Token], last: int) -> Optional[int]:
    """«بين 10 درجات مئوية و15 درجة مئوية»: where the upper bound starts when the unit after the lower one
    (a word or two) comes again after it; None otherwise (and for «بين 549 ولادة طبيعية و280 ولادة
    قيصرية»: two kinds, not one unit)."""
    for n in range(1, REPEATED_UNIT_WORDS + 1):
        if any(t.kind != "word" for t in tokens[last + 1 : last + 1 + n]):
            return None
        k = _next_term_start(tokens, last + n)
        upper = _expression(tokens, k) if k is not None and k < len(tokens) and tokens[k].kind == "num" else None
        if upper is not None and all(_word(tokens, upper.end + j)[:3] == _word(tokens, last + j)[:3] for j in range(1, n + 1)):
            return k
    return None


def _share_scales(figures: list[Figure], tokens: list[Token]) -> None:
    """«من 8 إلى 10 ملايين»: a bare first number takes the scale of its partner."""
    for left, right in zip(figures, figures[1:]):
        if left.scaled or not right.scaled or left.value_max is not None or left.percent or right.percent:
            continue
        gap = [t.text for t in tokens[left.last_token + 1 : right.first_token]]
        if gap and gap[0] in words("to") and len(gap) == 1:
            magnitude = 10 ** (len(str(int(right.value))) - 1)
            scale = max(s for s, _ in scales().values() if s <= magnitude)
            if left.value * scale <= right.value * 10:
                left.value *= scale
                left.scaled = True


def _share_percent(figures: list[Figure], tokens: list[Token]) -> None:
    """«من 40 إلى 50 في المائة», «20 و30 في المائة»: a bare first number is a percentage like its partner."""
    for left, right in zip(figures, figures[1:]):
        if left.percent or not right.percent or left.scaled or left.value_max is not None:
            continue
        gap = [t.text for t in tokens[left.last_token + 1 : right.first_token]]
        if len(gap) == 1 and (gap[0] in words("to") or gap[0] == "و"):
            left.percent = True


def parse_figures(text: str) -> list[Figure]:
    """Figures of `text` with offsets in `text` itself (not the folded form)."""
    norm = normalize(text)
    figures = find_figures(norm.text)
    for f in figures:
        f.start, f.end = norm.span(f.start, f.end)
    return figures
