"""Repeats within one article: a figure repeated in a (near-)repeated paragraph is one fact, and so is
a specific figure restated in another sentence (the lead's «67 مليار ريال» again in a later paragraph),
or any figure restated with its counted noun and that noun's relational adjective («17 فرقة إسعافية»
in two sentences).

- collapse_repeats(facts) -> list[Fact]: one fact per figure per article; the other occurrences'
  offsets go to `repeats`
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..lexicon import words
from ..normalize import fold
from .compare import is_specific
from .terms import WORD, is_relational_adjective, opposite, sides, stem, unit_stems

if TYPE_CHECKING:
    from ..schema import Fact

NEAR_REPEAT = 0.8  # Jaccard of two sentences' words above which one repeats the other


def _sentence_words(text: str) -> frozenset:
    return frozenset(WORD.findall(fold(text or "")))


REPEAT_CANDIDATES = 64  # earlier figures a figure is compared with (beyond them, exact repeats only): linear time


class _Seen:
    """A kept fact with what comparing it needs, computed once (sentences can be long)."""

    __slots__ = ("fact", "flat", "words", "spans", "noun_phrase")

    def __init__(self, fact: Fact):
        self.fact = fact
        self.flat = " ".join(fact.sentence.split()) if fact.sentence else ""
        self.words = _sentence_words(fact.sentence) if fact.sentence else frozenset()
        self.spans = {(fact.start, fact.end), *(tuple(r) for r in fact.repeats)}
        self.noun_phrase = _noun_phrase(fact)


def _noun_phrase(fact: Fact) -> tuple:
    """The words after a count: its noun and a relational adjective («فرقة إسعافية», «وحدة سكنية»,
    «مقعد إضافي»), or its noun alone («فرقة»); what a restated count names again. () for amounts and
    percentages (said of many things)."""
    if not fact.sentence or not fact.unit or fact.unit.isascii():
        return ()
    after = WORD.findall(fold(fact.sentence[fact.end - fact.sentence_start:][:60]))[:2]
    if not after or stem(after[0]) not in unit_stems(fact.unit):
        return ()  # «حالة وفاة واحدة من المرضية»: the word after the count is not its noun
    if len(after) == 2 and after[1] in words("others"):
        return ()  # «6 فرق أخرى»: as many others, not the same ones again
    if len(after) == 2 and is_relational_adjective(after[1]):
        return tuple(after)
    return tuple(after[:1])


def _named_alike(a: tuple, b: tuple) -> bool:
    """One noun phrase, or a noun with its relational adjective and the noun alone («17 فرقة إسعافية»,
    then «عبر 17 فرقة»); a noun alone twice says too little («3 أشخاص»)."""
    longer, other = (a, b) if len(a) >= len(b) else (b, a)
    return len(longer) == 2 and other in (longer, longer[:1])


def _near_repeat(a: _Seen, b: _Seen) -> bool:
    """Same figure in a repeated or nearly repeated sentence (not the same sentence twice)."""
    fa, fb = a.fact, b.fact
    if (fa.start, fa.end) == (fb.start, fb.end):
        return True
    if fa.sentence and fb.sentence:
        if fa.sentence_start == fb.sentence_start and fa.sentence == fb.sentence:
            return False  # one sentence: two figures in it are two facts
        if a.flat == b.flat:
            return True
        return bool(a.words and b.words) and len(a.words & b.words) / len(a.words | b.words) >= NEAR_REPEAT
    return bool(fa.metric) and fa.metric == fb.metric and fa.date == fb.date


def _restated(first, seen: _Seen, named_again: bool = False):
    """The first mention of a specific figure (with `named_again`: of a figure with the same noun phrase),
    which `seen` restates in another sentence of the same date (the guidelines: a statistic restated in
    the same article is one fact); two figures of one sentence stay two."""
    if first is None or (first.fact.sentence_start == seen.fact.sentence_start and first.fact.sentence == seen.fact.sentence):
        return None
    if named_again and not _named_alike(first.noun_phrase, seen.noun_phrase):
        return None
    dates = first.fact.date, seen.fact.date
    if opposite(sides(first.fact.metric), sides(seen.fact.metric)):
        return None  # «ارتفاع ... 29.7%», «انخفاض ... 29.7%»: two sides of one scope are two statistics
    return first if None in dates or dates[0] == dates[1] else None  # «924 مليونا» in 2011, again in 2012: two


def collapse_repeats(facts: list[Fact]) -> list[Fact]:
    """One fact per figure per article: a figure repeated in a (near-)repeated paragraph is kept once,
    at its first occurrence, with the other occurrences' offsets in `repeats`. Linear: each figure is
    compared with the first REPEAT_CANDIDATES kept figures of its value, then looked up by its sentence."""
    kept: list[Fact] = []
    groups: dict[tuple, list[_Seen]] = defaultdict(list)
    by_sentence: dict[tuple, _Seen] = {}
    restated: dict[tuple, _Seen] = {}  # the first mention of each specific figure
    for fact in sorted(facts, key=lambda f: (f.doc, f.start, f.end)):
        key = (fact.doc, fact.value, fact.value_max, fact.unit, fact.qualifier)
        seen = _Seen(fact)
        first = next((old for old in groups[key][:REPEAT_CANDIDATES] if _near_repeat(old, seen)), None)
        if first is None and seen.flat:
            twin = by_sentence.get((key, seen.flat))
            first = twin if twin is not None and _near_repeat(twin, seen) else None
        if first is None and (is_specific(fact.value) or seen.noun_phrase):
            first = _restated(restated.get(key), seen, named_again=not is_specific(fact.value))
        if first is not None:
            span = (fact.start, fact.end)
            if span not in first.spans:
                first.spans.add(span)
                first.fact.repeats.append(span)
            continue
        groups[key].append(seen)
        restated.setdefault(key, seen)
        if seen.flat:
            by_sentence.setdefault((key, seen.flat), seen)
        kept.append(fact)
    order = {id(f): i for i, f in enumerate(facts)}
    kept.sort(key=lambda f: order.get(id(f), 0))
    return kept
