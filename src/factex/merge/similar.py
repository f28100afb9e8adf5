"""Is it the same statistic? Similarity of two mentions' wordings and the edges that clustering uses.

- similarity(a, b): the metric phrases, raised by the words around the figures and (less) by the
  sentences (noisy-or); terms match exactly after stemming and synonym classes, or nearly (rapidfuzz:
  «أوكتين»/«أوكتان», two spellings of one ship's name)
- edge(a, b, rel) -> (AGREE | DISAGREE, similarity, reason) or None
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Optional

from rapidfuzz.distance import Indel

from .compare import close, is_specific, ratio, units_compatible, values_agree, TOL_LOOSE
from .items import Item

SIM_AGREE = 0.5  # similarity for two agreeing figures to be the same statistic
SIM_SPECIFIC = 0.2  # ... when the figure is specific (3+ significant digits, or 2 and >= 100 000)
SIM_CONFLICT = 0.6  # similarity for two disagreeing figures of one period to be a conflict
CONTEXT_WEIGHT = 0.8  # how much the words around the figure count next to the metric phrase
SENTENCE_WEIGHT = 0.4  # ... and the whole sentence (the event)
MAX_RATIO = 2.0  # a conflict between figures further apart than this is not believed ...
MAX_RATIO_SAME_WORDING = 20.0  # ... unless the wordings are nearly the same (a digit dropped)
NEAR_TERM = 0.8  # normalized Indel similarity for two spellings of one word
AGREE, DISAGREE = 0, 1


class Edge(NamedTuple):
    kind: int
    similarity: float
    reason: str


@lru_cache(maxsize=1 << 18)
def _near_terms(a: frozenset, b: frozenset) -> int:
    """How many terms of a, not in b, match a term of b nearly (one spelling for another)."""
    rest_b = [t for t in b - a if len(t) >= 4 and not t.isdigit()]
    if not rest_b:
        return 0
    found = 0
    for t in a - b:
        if len(t) >= 4 and not t.isdigit() and any(Indel.normalized_similarity(t, u) >= NEAR_TERM for u in rest_b):
            found += 1
    return found


def shared(a: frozenset, b: frozenset, near: bool = True) -> int:
    if not a or not b:
        return 0
    return len(a & b) + _near_terms(a, b) if near else len(a & b)


def dice(a: frozenset, b: frozenset, near: bool = True) -> float:
    """Dice of two term sets (near spellings count as shared unless `near` is false: bags of context
    words); when two or more terms are shared, the containment of the shorter (a short and a long
    wording of one metric)."""
    n = shared(a, b, near)
    if not n:
        return 0.0
    s = 2.0 * n / (len(a) + len(b))
    if n >= 2:
        s = max(s, 0.9 * n / min(len(a), len(b)))
    return min(s, 1.0)


def with_noun(a: Item, b: Item, terms_a: frozenset) -> frozenset:
    """A specific counted noun (قتيل) is part of what is counted when the other side counts شخص."""
    return terms_a | {a.uclass} if a.uclass and b.uclass is None else terms_a


def metric_similarity(a: Item, b: Item) -> float:
    return dice(with_noun(a, b, a.mterms), with_noun(b, a, b.mterms))


def similarity(a: Item, b: Item) -> float:
    """Metric phrase, words around the figure, and (less) the whole sentence: which event."""
    m = metric_similarity(a, b)
    c = dice(a.cterms, b.cterms, near=False)
    t = dice(with_noun(a, b, a.sterms), with_noun(b, a, b.sterms), near=False)
    return 1.0 - (1.0 - m) * (1.0 - CONTEXT_WEIGHT * c) * (1.0 - SENTENCE_WEIGHT * t)


def quantity_similarity(a, b) -> float:
    """Metric phrase and words around the figure only (a series spans several events)."""
    m = dice(with_noun(a, b, a.mterms), with_noun(b, a, b.mterms))
    return 1.0 - (1.0 - m) * (1.0 - CONTEXT_WEIGHT * dice(a.cterms, b.cterms, near=False))


def same_quantity(a, b) -> bool:
    """Evidence that two disagreeing figures count the same thing: two shared words in the metric phrases
    or around the figures, or near-identical short metric phrases («عدد القتلى» / «لقي ... مصرعهم»)."""
    ma, mb = with_noun(a, b, a.mterms), with_noun(b, a, b.mterms)
    return shared(ma, mb) >= 2 or shared(a.cterms, b.cterms, near=False) >= 2 or dice(ma, mb) >= 0.65


def agree(a: Item, b: Item) -> bool:
    if a.value == b.value and a.vmax == b.vmax:
        return True
    if a.vmax is None and b.vmax is None and not close(a.value, b.value, TOL_LOOSE):
        return False  # fast path: no reading of two figures this far apart agrees
    return values_agree(a.value, a.vmax, a.qual, b.value, b.vmax, b.qual)


def identical(a: Item, b: Item) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) and a.vmax == b.vmax


def same_sentence(a: Item, b: Item) -> bool:
    return a.doc == b.doc and a.sent is not None and a.sent == b.sent


def edge(a: Item, b: Item, rel: Optional[str], s: Optional[float] = None) -> Optional[Edge]:
    """An Edge when a and b may be the same statistic; rel = their date relation."""
    if rel is None or not units_compatible(a.uclass, b.uclass) or same_sentence(a, b):
        return None
    agreeing = agree(a, b)
    far = ratio(a.value, b.value)
    if not agreeing and far > MAX_RATIO_SAME_WORDING:
        return None
    if s is None:
        s = similarity(a, b)
    if agreeing:
        specific = is_specific(a.value) and is_specific(b.value)
        if rel in ("near", "within") and not identical(a, b):
            return None  # adjacent dates: only the very same figure restated
        if rel == "undated" and not specific:
            return None  # «16 dead» in two undated articles: only their articles' story can tell
        if s >= SIM_AGREE:
            return Edge(AGREE, s, "same wording")
        # a specific figure (8,6 million; 102 000) in two articles: a loosely similar wording is enough
        if specific and a.doc != b.doc and s >= SIM_SPECIFIC:
            return Edge(AGREE, s, "same specific figure")
        return None
    if rel in ("near", "within", "undated") or a.doc == b.doc or a.cum != b.cum:
        return None  # disagreeing: same period, two articles, both running totals or neither
    if a.date and b.date and a.date != b.date and min(len(a.date), len(b.date)) < 7:
        return None  # a yearly figure and a dated report of that year: not one period to disagree on
    if s < SIM_CONFLICT or not same_quantity(a, b):
        return None
    if far > MAX_RATIO and metric_similarity(a, b) < 0.9:
        return None
    return Edge(DISAGREE, s, "same wording, same period")
