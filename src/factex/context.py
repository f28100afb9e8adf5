"""The article as the slots see it: its body folded and tokenised once, cut into paragraphs,
sentences and clauses, with every date expression found once. Each figure gets a `Draft` that
the slot modules fill (unit, metric head, source...) before it becomes a `Fact`.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Optional

import regex

from . import dates, numbers, units
from .dateline import find_dateline
from .lexicon import words
from .normalize import Normalized, normalize
from .numbers import Figure, Token
from .schema import Document

_QUOTES = regex.compile(r"[\"«»“”()\[\]]")
# a full stop ends a sentence unless it sits inside a number («1.5», «102.000»)
_SENTENCE_END = regex.compile(r"[.!؟?](?=\s|$)|(?<!\d)[.!؟?](?!\d)|\n")
CLAUSE_BREAKS = frozenset("،,;:؛")  # brackets do not break: «بلغت (143) حالة»


@dataclass
class Context:
    """One article body, folded and tokenised once, shared by every figure."""

    document: Document
    norm: Normalized
    tokens: list[Token]
    sentences: list[tuple[int, int]]  # token ranges [start, end)
    paragraphs: list[int]  # paragraph number of every sentence
    clause_ids: list[int]  # clause number of every token
    dates: list[dates.DateMention]
    anchor: Optional[dates.Anchor]
    country: Optional[str]
    starts: list[int] = field(default_factory=list)  # token start offsets, for bisect
    date_starts: list[int] = field(default_factory=list)
    figures: Optional[list[Figure]] = None  # set by the spaCy figures component, for the facts component
    after_dateline: int = 0  # the first token after the body's dateline («عبدالله الراجحي- سبق- جدة:»)

    def original(self, start: int, end: int) -> str:
        """Original text of the folded span [start, end)."""
        a, b = self.norm.span(start, end)
        return self.norm.original[a:b]

    def words(self, first: int, last: int) -> str:
        """Original text of tokens first..last (inclusive), quotes and brackets dropped."""
        if first > last:
            return ""
        text = self.original(self.tokens[first].start, self.tokens[last].end)
        return " ".join(_QUOTES.sub(" ", text).split())

    def __post_init__(self):
        self._word_list = [t[2] if t[3] == "word" else "" for t in self.tokens]
        self._word_count = len(self._word_list)

    def word(self, i: int) -> str:
        """The word at token i ('' for numbers, symbols and positions outside the text)."""
        return self._word_list[i] if 0 <= i < self._word_count else ""

    def token_at(self, offset: int) -> int:
        """Index of the token starting at or after the folded offset."""
        return min(bisect.bisect_left(self.starts, offset), len(self.starts) - 1)

    def sentence_of(self, token: int) -> int:
        return bisect.bisect_right(self._sentence_starts, token) - 1

    @property
    def _sentence_starts(self) -> list[int]:
        cached = self.__dict__.get("_sentence_starts_cache")
        if cached is None:
            cached = self.__dict__["_sentence_starts_cache"] = [s for s, _ in self.sentences]
        return cached

    def is_date_token(self, k: int) -> bool:
        """Is token k part of a date («مارس 2015»), a year's noun before its number included («عام 2013»)?"""
        if k >= len(self.tokens) or k < 0:
            return False
        start = self.tokens[k].start
        j = bisect.bisect_right(self.date_starts, start) - 1
        if j >= 0 and self.dates[j].start <= start < self.dates[j].end:
            return True
        word = self._word_list[k]
        noun = word in _year_nouns() or (word[:1] in "وبلف" and word[1:] in _year_nouns())
        return noun and k + 1 < len(self.tokens) and self.tokens[k + 1].kind == "num" and self.is_date_token(k + 1)


@lru_cache(maxsize=1)
def _year_nouns() -> frozenset:
    return words("year_noun") | frozenset("ال" + w for w in words("year_noun"))


@dataclass
class Draft:
    """A figure and the slots found for it so far."""

    figure: Figure
    sentence: tuple[int, int]
    sentence_no: int
    unit: Optional[units.Unit]
    unit_last: int
    head: Optional[tuple[int, int]]
    source: Optional[tuple[int, int]]
    pair_role: Optional[str] = None
    metric_of: Optional["Draft"] = None  # «من 3,1 مليون إلى 5,4 مليون مشترك في ...»: the partner's metric
    toll_of: Optional["TollLink"] = None  # «مقتل 20 شخصا، منهم ستة أطفال»: the toll it is joined to


class TollLink(NamedTuple):
    """The toll a count is joined to (it is dated by that toll's event: slots/metric_toll.py), and how the
    metric names the toll when the count is a part of it («القتلى» for «منهم ستة أطفال»); '' when the count
    is another toll of the event («33 قتيلا و25 جريحا و50 أسيرا»)."""

    whole: Draft
    toll: str


def sentence_ranges(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of sentences: split at . ! ؟ (not inside numbers) and newlines."""
    starts = [t.start for t in tokens]
    ranges, first = [], 0
    for m in _SENTENCE_END.finditer(text):
        last = bisect.bisect_right(starts, m.start())
        if last > first:
            ranges.append((first, last))
            first = last
    if first < len(tokens):
        ranges.append((first, len(tokens)))
    return ranges


def paragraph_numbers(text: str, tokens: list[Token], sentences: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of each sentence: a new paragraph starts after a line break."""
    numbers_, current = [], 0
    previous_end = 0
    for first, last in sentences:
        if "\n" in text[previous_end : tokens[first].start]:
            current += 1
        numbers_.append(current)
        previous_end = tokens[last - 1].end
    return numbers_


def clause_numbers(tokens: list[Token]) -> list[int]:
    ids, current = [], 0
    for tok in tokens:
        if tok.kind == "sym" and tok.text in CLAUSE_BREAKS:
            current += 1
        ids.append(current)
    return ids


def anchor_of(document: Document, found: list[dates.DateMention], norm_text: str = "") -> Optional[dates.Anchor]:
    """What relative dates resolve against: the publication date; else the first full date of the
    body (a dateline, the event reported) that is not a cited text's date («القانون ... الصادر في
    22 أكتوبر 2011»); else the year the text fixes («العام الحالي 2015», the year named most often)."""
    if document.meta.published:
        return dates.to_anchor(document.meta.published)
    for mention in found:
        if _issue_date(norm_text, mention):
            continue
        if len(mention.iso) == 10 and mention.role == "point" and mention.kind == "absolute":
            return dates.to_anchor(mention.iso)
    years = [m.iso[:4] for m in found if m.kind == "absolute" and m.role != "from"]
    if not years:
        return None
    counts = Counter(years)
    year = max(counts, key=lambda y: (counts[y], y))
    return dates.Anchor(dt.date(int(year), 1, 1), "year")


def _issue_date(norm_text: str, mention: dates.DateMention) -> bool:
    before = norm_text[max(0, mention.start - 30) : mention.start].split()[-3:]
    return any(word in words("issued") for word in before)


def build_context(document: Document) -> Context:
    end = document.body_end if document.body_end is not None else len(document.text)
    body = document.text[document.body_start : end]
    norm = normalize(body)
    tokens = numbers.tokenize(norm.text)
    anchor = dates.to_anchor(document.meta.published)
    found = dates.find_dates(norm.text, tokens, anchor)
    if anchor is None:
        anchor = anchor_of(document, found, norm.text)
        if anchor is not None:
            found = dates.find_dates(norm.text, tokens, anchor)
    tokens = _asides_as_dashes(tokens)
    sentences = sentence_ranges(norm.text, tokens)
    return Context(
        document=document,
        norm=norm,
        tokens=tokens,
        sentences=sentences,
        paragraphs=paragraph_numbers(norm.text, tokens, sentences),
        clause_ids=clause_numbers(tokens),
        dates=found,
        anchor=anchor,
        country=document.meta.country,
        starts=[t.start for t in tokens],
        date_starts=[d.start for d in found],
        after_dateline=_after_dateline(norm.text, tokens),
    )


def _asides_as_dashes(tokens: list[Token]) -> list[Token]:
    """The words of a formula of praise or blessing (words/pious_formula.txt) become dashes: an aside
    the metric and the speaker pass over, not words of theirs."""
    formulas = _pious_formulas()
    out = tokens
    for i, tok in enumerate(tokens):
        for formula in formulas.get(tok.text, ()) if tok.kind == "word" else ():
            n = len(formula)
            if tuple(t.text for t in tokens[i:i + n]) == formula and all(t.kind == "word" for t in tokens[i:i + n]):
                out = list(out) if out is tokens else out
                out[i:i + n] = [Token(t.start, t.end, "-", "sym") for t in tokens[i:i + n]]
                break
    return out


@lru_cache(maxsize=1)
def _pious_formulas() -> dict[str, list[tuple[str, ...]]]:
    """First word -> the formulas it opens, longest first."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for formula in sorted((tuple(f.split()) for f in words("pious_formula")), key=len, reverse=True):
        table.setdefault(formula[0], []).append(formula)
    return table


def _after_dateline(text: str, tokens: list[Token]) -> int:
    found = find_dateline(text)
    return bisect.bisect_left([t.start for t in tokens], found.end) if found is not None else 0
