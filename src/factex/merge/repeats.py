"""Repeats within one article: a figure repeated in a (near-)repeated paragraph is one fact.

- collapse_repeats(facts) -> list[Fact]: one fact per figure per article; the other occurrences'
  offsets go to `repeats`
"""
from __future__ import annotations

from collections import defaultdict

from ..normalize import fold
from ..schema import Fact
from .terms import WORD

NEAR_REPEAT = 0.8  # Jaccard of two sentences' words above which one repeats the other


def _sentence_words(text: str) -> frozenset:
    return frozenset(WORD.findall(fold(text or "")))


def _near_repeat(a: Fact, b: Fact) -> bool:
    """Same figure in a repeated or nearly repeated sentence (not the same sentence twice)."""
    if (a.start, a.end) == (b.start, b.end):
        return True
    if a.sentence and b.sentence:
        if a.sentence_start == b.sentence_start and a.sentence == b.sentence:
            return False  # one sentence: two figures in it are two facts
        if " ".join(a.sentence.split()) == " ".join(b.sentence.split()):
            return True
        wa, wb = _sentence_words(a.sentence), _sentence_words(b.sentence)
        return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= NEAR_REPEAT
    return bool(a.metric) and a.metric == b.metric and a.date == b.date


def collapse_repeats(facts: list[Fact]) -> list[Fact]:
    """One fact per figure per article: a figure repeated in a (near-)repeated paragraph is kept once,
    at its first occurrence, with the other occurrences' offsets in `repeats`."""
    kept: list[Fact] = []
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in sorted(facts, key=lambda f: (f.doc, f.start, f.end)):
        key = (fact.doc, fact.value, fact.value_max, fact.unit, fact.qualifier)
        for first in groups[key]:
            if _near_repeat(first, fact):
                span = (fact.start, fact.end)
                if span != (first.start, first.end) and span not in {tuple(r) for r in first.repeats}:
                    first.repeats.append(span)
                break
        else:
            groups[key].append(fact)
            kept.append(fact)
    order = {id(f): i for i, f in enumerate(facts)}
    kept.sort(key=lambda f: order.get(id(f), 0))
    return kept
