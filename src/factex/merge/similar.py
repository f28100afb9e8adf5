"""Is it the same statistic? Similarity of two mentions' wordings and the edges that clustering uses.

- similarity(a, b): the metric phrases, raised by the words around the figures and (less) by the
  sentences (noisy-or); terms match exactly after stemming and synonym classes, or nearly (rapidfuzz:
  «أوكتين»/«أوكتان», two spellings of one ship's name)
- edge(a, b, rel) -> (AGREE | DISAGREE, similarity, reason) or None
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterable, NamedTuple, Optional

import numpy as np

from rapidfuzz import process
from rapidfuzz.distance import Indel

from ..lexicon import load_table, words
from ..normalize import fold
from ..reporting import head_kind
from .compare import (TOL_LOOSE, close, gap, is_specific, is_toll, months_apart, significant_digits,
                      unit_key, units_compatible, values_agree)
from .items import Item
from .terms import opposite, place_stems, terms

SIM_AGREE = 0.5  # similarity for two agreeing figures to be the same statistic
SIM_SPECIFIC = 0.2  # ... when the figure is specific (3+ significant digits, or 2 and >= 100 000)
SIM_CONFLICT = 0.6  # similarity for two disagreeing figures of one period to be a conflict
SIM_STORY_TOLL = 0.5  # ... for two tolls of one kind (the injured) in two articles on one story
SIM_ONE_ARTICLE = 0.85  # ... for two agreeing figures of one article (else two statistics that happen to agree)
PRECISE_DIGITS = 4  # a figure this precise given twice by one article is one statistic, however worded
SIM_NEAR = 0.8  # ... for a small figure restated at an adjacent date
CONTEXT_WEIGHT = 0.8  # how much the words around the figure count next to the metric phrase
MAX_RATIO = 2.0  # a conflict between figures further apart than this is not believed ...
MAX_RATIO_SAME_WORDING = 20.0  # ... unless the wordings are nearly the same (a digit dropped)
MAX_RATIO_TOLL = 10.0  # ... or an earlier report of a toll that grew
NEAR_TERM = 0.8  # normalized Indel similarity for two spellings of one word ...
NEAR_NAME = 0.65  # ... of two long ones (NAME_LETTERS or more: transliterated names)
NAME_LETTERS = 7
AGREE, DISAGREE = 0, 1
SPECIFIC = "the same specific figure"  # (a reason the story links weigh differently)


class Edge(NamedTuple):
    kind: int
    similarity: float
    reason: str


def _spellable(term: str) -> bool:
    """A term that may match another nearly: a word of 4 letters or more."""
    return len(term) >= 4 and not term.isdigit()


@lru_cache(maxsize=4096)
def _near_terms(a: frozenset, b: frozenset) -> int:
    """How many terms of a, not in b, match a term of b nearly (one spelling for another; long names,
    often transliterated, more loosely)."""
    rest_b = [t for t in b - a if _spellable(t)]
    if not rest_b:
        return 0
    found = 0
    for t in a - b:
        if _spellable(t):
            if process.extractOne(t, rest_b, scorer=Indel.normalized_similarity, score_cutoff=NEAR_TERM) or (
                    len(t) >= NAME_LETTERS and process.extractOne(t, [u for u in rest_b if len(u) >= NAME_LETTERS],
                                                                  scorer=Indel.normalized_similarity,
                                                                  score_cutoff=NEAR_NAME)):
                found += 1
    return found


def near_spelled(terms: Iterable[str]) -> set[str]:
    """The terms (distinct) that _near_terms could match with another of them; a few more at most, never
    fewer. Two spellings this near share a letter pair (their longest common subsequence keeps two
    letters side by side in both), so each term is compared with the terms sharing one of its pairs, not
    with all; long names, matched more loosely, are compared all with all."""
    pairs_of = {t: {t[i:i + 2] for i in range(len(t) - 1)} for t in sorted(set(terms)) if _spellable(t)}
    by_pair: dict[str, list[str]] = defaultdict(list)
    for t, pairs in pairs_of.items():
        for pair in pairs:
            by_pair[pair].append(t)
    found = set()
    for t, pairs in pairs_of.items():
        for pair in pairs:
            if len(process.extract(t, by_pair[pair], scorer=Indel.normalized_similarity,
                                   score_cutoff=NEAR_TERM - 1e-6, limit=2)) > 1:  # (t itself, and another)
                found.add(t)
                break
    names = [t for t in pairs_of if len(t) >= NAME_LETTERS]
    for at in range(0, len(names), 1024):
        scores = process.cdist(names[at:at + 1024], names, scorer=Indel.normalized_similarity,
                               score_cutoff=NEAR_NAME - 1e-6)
        scores[np.arange(len(scores)), np.arange(at, at + len(scores))] = 0  # (not itself)
        found.update(names[at + k] for k in np.flatnonzero(scores.any(1)))
    return found


def shared(a: frozenset, b: frozenset, near: bool = True) -> int:
    """Terms in common; with `near`, also near spellings, once the phrases share a word exactly."""
    if not a or not b:
        return 0
    n = len(a & b)
    return n + _near_terms(a, b) if near and n and n < min(len(a), len(b)) else n


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
    ta, tb = with_noun(a, b, a.mterms), with_noun(b, a, b.mterms)
    common = ta & tb
    if common and common <= _measure_terms() and (ta - common or tb - common) and not _near_terms(ta, tb):
        return 0.0  # «سعر المسدس» / «سعر الأوقية (البلاتين)»: one measure of two things
    return dice(ta, tb)


@lru_cache(maxsize=1)
def _measure_terms() -> frozenset:
    return frozenset(t for row in load_table("metric_heads") if row["kind"] == "measure" for t in terms(row["word"]))


def similarity(a: Item, b: Item) -> float:
    """Metric phrase, raised by the words around the figure (noisy-or); which event is the articles'
    story's business (stories.py), not the sentence's."""
    m = metric_similarity(a, b)
    if m >= 1.0:
        return m
    ca, cb = a.cterms, b.cterms
    if not (ca and cb):
        return m
    return 1.0 - (1.0 - m) * (1.0 - CONTEXT_WEIGHT * dice(ca, cb, near=False))


def quantity_similarity(a, b) -> float:
    """Metric phrase and words around the figure only (a series spans several events)."""
    m = dice(with_noun(a, b, a.mterms), with_noun(b, a, b.mterms))
    return 1.0 - (1.0 - m) * (1.0 - CONTEXT_WEIGHT * dice(a.cterms, b.cterms, near=False))


def same_quantity(a, b) -> bool:
    """Evidence that two disagreeing figures count the same thing: two words shared by the metric phrases
    and the words around the figures (a head in both phrases, a cue of the period near both figures), or
    near-identical short metric phrases («عدد القتلى» / «لقي ... مصرعهم»)."""
    ma, mb = with_noun(a, b, a.mterms), with_noun(b, a, b.mterms)
    return shared(ma, mb) >= 2 or shared(ma | a.cterms, mb | b.cterms, near=False) >= 2 or dice(ma, mb) >= 0.65


def agree(a: Item, b: Item) -> bool:
    if a.value == b.value and a.vmax == b.vmax:
        return True
    if a.vmax is None and b.vmax is None and not close(a.value, b.value, TOL_LOOSE):
        return False  # fast path: no reading of two figures this far apart agrees
    return values_agree(a.value, a.vmax, a.qual, b.value, b.vmax, b.qual)


def identical(a: Item, b: Item) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) and a.vmax == b.vmax


def counts_alike(a: Item, b: Item) -> bool:
    """Compatible counted nouns, and no two different ones named in the metric phrases («حالات الوفاة» /
    «حالات الإصابة»), nor two sides of one scope («القناة الجديدة» / «القناة الحالية»)."""
    return (units_compatible(a.uclass, b.uclass) and units_compatible(a.mclass, b.mclass) and a.change == b.change
            and not opposite(a.sides, b.sides))


def same_sentence(a: Item, b: Item) -> bool:
    return a.doc == b.doc and a.sent is not None and a.sent == b.sent


def two_scopes(a: Item, b: Item) -> bool:
    """Each wording names a place the other does not («... في الرياض» / «... في جدة»): two statistics,
    unless the articles are on one story (then it is one event worded twice)."""
    places = place_stems()
    only_a = (a.mterms - b.mterms - b.cterms) & places
    only_b = (b.mterms - a.mterms - a.cterms) & places
    return bool(only_a and only_b)


def two_entities(a: Item, b: Item) -> bool:
    """Each wording names an entity the other does not («أرباح مصرف النور» / «أرباح مجموعة بنك الساحل»:
    the words after a noun of words/entity_noun.txt, but a place, which names many: «بنك الكويت الدولي» /
    «البنك التجاري الكويتي»): two statistics, in one story too."""
    return bool(a.names and b.names) and a.names.isdisjoint(b.names)


def restated(a: Item, b: Item) -> bool:
    """Two agreeing figures of one article are one statistic only when worded nearly the same (Dice: a
    wording with words the other lacks is another statistic that happens to agree), or when the very
    same specific figure comes back with one wording within the other, or with PRECISE_DIGITS digits
    («97.08 %» in the lead and in the body)."""
    ta, tb = with_noun(a, b, a.mterms), with_noun(b, a, b.mterms)
    if bool(ta or tb) and 2.0 * shared(ta, tb) / max(len(ta) + len(tb), 1) >= SIM_ONE_ARTICLE:
        return True
    return identical(a, b) and (significant_digits(a.value) >= PRECISE_DIGITS or
                                (is_specific(a.value) and contained(a, b, allow_empty=True)))


def other_source(a: Item, b: Item) -> bool:
    """Two figures of one article that it attributes to two named sources (it reports a disagreement);
    a source named again shorter («المرصد» after «المرصد السوري لحقوق الإنسان») is the same one, and a
    document alone («التقرير») is no second voice."""
    if not (a.source and b.source) or a.source == b.source or _document_only(a.source) or _document_only(b.source):
        return False
    wa, wb = _source_terms(a.source), _source_terms(b.source)
    return not (wa and wb and (wa <= wb or wb <= wa))


@lru_cache(maxsize=4096)
def _document_only(source: str) -> bool:
    """«التقرير», «البيان», «أحدث الأرقام»: a document or data that names no one; the other source named
    beside it is likely its issuer («مؤسسة النقد»), not a second voice."""
    named = source.split()
    return len(named) <= 2 and any(head_kind(fold(w)) in ("document", "data") for w in named)


@lru_cache(maxsize=4096)
def _source_terms(source: str) -> frozenset:
    return terms(source)


def contained(a: Item, b: Item, allow_empty: bool = False) -> bool:
    """One wording within the other: what one counts (its terms and counted noun) is all in the other's
    («عدد القتلى» in «عدد قتلى انفجار المرفأ»); an empty phrase (or a bare measure) counts only when `allow_empty`."""
    ta = a.mterms | ({a.uclass} if a.uclass else set())
    tb = b.mterms | ({b.uclass} if b.uclass else set())
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if not small or (not allow_empty and not (small - {a.uclass, b.uclass} - _measure_terms())):  # «سعر» alone says nothing
        return False
    return len(small & large) + _near_terms(small, large) >= len(small)


def edge(a: Item, b: Item, rel: Optional[str], story: bool = False, s: Optional[float] = None) -> Optional[Edge]:
    """An Edge when a and b may be the same statistic; rel = their date relation, story: the two
    articles are one (or cover one story: they give the same figures)."""
    if rel is None or not counts_alike(a, b) or same_sentence(a, b) or two_entities(a, b):
        return None
    agreeing = agree(a, b)
    far = gap(a.value, a.vmax, b.value, b.vmax)
    if not agreeing and far > MAX_RATIO_SAME_WORDING:
        return None
    one_article = a.doc == b.doc
    if agreeing:
        return _agree_edge(a, b, rel, story or one_article, s, one_article)
    if rel != "same" or (a.cum != b.cum and not (a.stock and b.stock)):
        return None  # disagreeing: one period, both running totals or neither (a register's «total» is no running one)
    if a.date and b.date and a.date != b.date and min(len(a.date), len(b.date)) < 7 and not (a.yearly and b.yearly):
        return None  # a yearly figure and a dated report of that year: not one period to disagree on
    if one_article and not (a.earlier or b.earlier or other_source(a, b)):
        return None  # one article, two figures: two statistics, unless it reports an earlier or another source's
    if one_article and _two_owners(a, b):
        return None  # «الحمولة (نجمة الشمال)» / «الحمولة (الناقلة الثانية)»: two ships of one article
    growing = growing_toll(a, b, story or one_article, far)
    if far > MAX_RATIO and not growing and (metric_similarity(a, b) < 0.9 or shared(a.mterms, b.mterms) < 3):
        return None  # a digit dropped or added: only between nearly the same long wordings
    if not one_article and _quote(a) and _quote(b):
        return None  # two articles' quotes of a market (an index, an ounce of gold) are two moments
    if s is None:  # (computed last: most pairs are rejected by the cheaper tests above)
        s = similarity(a, b)
    if s >= SIM_CONFLICT and same_quantity(a, b) and (story or (not two_scopes(a, b) and _says_enough(a, b))):
        return Edge(DISAGREE, s, "disagreeing figures, similar wording, one period")
    if a.uclass and a.uclass == b.uclass and (far <= MAX_RATIO or growing):
        if one_article and contained(a, b, allow_empty=is_toll(a.uclass)):
            return Edge(DISAGREE, s, "one article gives both, from two sources or as an earlier report")
        if story and contained(a, b, allow_empty=is_toll(a.uclass)):
            return Edge(DISAGREE, s, "articles on one story, one wording within the other")
        if story and not one_article and is_toll(a.uclass) and s >= SIM_STORY_TOLL:
            return Edge(DISAGREE, s, "articles on one story, its toll of one kind worded alike")
    return None


def _moved_since(a: Item, b: Item, rel: str) -> bool:
    """Two days of a running total: a day apart («near»), or a day before the end of a total run since long
    ago («471 وفاة منذ يونيو 2012» on the 5th, 471 on the 4th: «within» its period, yet another cut-off)."""
    if min(len(a.date), len(b.date)) < 10:
        return False
    if rel == "near":
        return a.cum or b.cum
    return any(x.pstart and months_apart(x.pstart, x.date) >= 1 for x in (a, b))


def _two_owners(a: Item, b: Item) -> bool:
    """Each metric names whose it is in brackets, and the two share no word."""
    oa, ob = _owner_terms(a.metric), _owner_terms(b.metric)
    return bool(oa and ob) and oa.isdisjoint(ob)


@lru_cache(maxsize=16_384)
def _owner_terms(metric: Optional[str]) -> frozenset:
    if not metric or "(" not in metric:
        return frozenset()
    return terms(metric[metric.index("(") + 1:].rstrip(")"))


def _says_enough(a: Item, b: Item) -> bool:
    """Outside one story, a conflict needs wordings that say what is measured: two terms on each side,
    a counted noun being one («عدد المصوتين في الداخل»); an amount's or a share's one word does not
    («نسبة كبيرة», «حصة», «أسعار» in two markets, «نسبة نمو الاقتصاد» of two countries)."""
    return min(_what_is_said(a), _what_is_said(b)) >= 2


def _what_is_said(a: Item) -> int:
    """Terms of the wording and its counted noun; a word that only names the class counted («حالات إصابة»:
    the injured) says no more than «عدد المصابين» does (currencies and «%» are ascii: no counted noun)."""
    return len(a.mterms - {a.mclass}) + bool(a.uclass and not a.uclass.isascii())


def _quote(a: Item) -> bool:
    return bool(a.mterms & _quote_terms())


@lru_cache(maxsize=1)
def _quote_terms() -> frozenset:
    return frozenset(t for w in words("market_quote") for t in terms(w))


def moves_daily(a: Item) -> bool:
    """A toll or an outbreak's cases: a running total of it is a new figure every day («471 وفاة منذ
    2012» on two days), unlike a stock since a year («13 محطة إذاعة منذ 2011»)."""
    return is_toll(a.uclass) or is_toll(a.mclass) or a.uclass in _daily_classes()


@lru_cache(maxsize=1)
def _daily_classes() -> frozenset:
    return frozenset(unit_key(w)[1] for w in words("daily_total"))


def growing_toll(a: Item, b: Item, story: bool, far: float) -> bool:
    """A toll first reported low («حصيلة أولية: 20 جريحا», then 100): an earlier report of one story's
    toll may lie further below the latest one than two reports of one figure."""
    return story and far <= MAX_RATIO_TOLL and (a.earlier or b.earlier) and is_toll(a.uclass) and a.uclass == b.uclass


def _agree_edge(a: Item, b: Item, rel: str, story: bool, s: Optional[float], one_article: bool) -> Optional[Edge]:
    specific = is_specific(a.value) and is_specific(b.value)
    if one_article:
        return Edge(AGREE, similarity(a, b) if s is None else s, "restated in one article") if restated(a, b) else None
    if not (specific or story) and two_scopes(a, b):
        return None  # «60% من النفط الليبي» / «60% من احتياجات اليمن النفطية»: a common figure of two places
    if rel in ("near", "within"):
        if not identical(a, b) or (_moved_since(a, b, rel) and (moves_daily(a) or moves_daily(b))):
            return None  # adjacent dates: only the very same figure restated (a toll's running total moves daily)
        s = similarity(a, b) if s is None else s
        if not (specific or s >= SIM_NEAR or story):
            return None  # a small figure restated a day later: the same wording, or one story
    s = similarity(a, b) if s is None else s
    if rel == "undated" and not (specific or story):
        return None  # «16 dead» in two undated articles: only their articles' story can tell
    if s >= SIM_AGREE:
        return Edge(AGREE, s, "agreeing figures, similar wording")
    # a specific figure (8,6 million; 102 000) in two articles: a loosely similar wording is enough
    if specific and s >= SIM_SPECIFIC:
        return Edge(AGREE, s, SPECIFIC)
    if specific and rel == "same" and a.uclass is not None and a.uclass == b.uclass and not (a.mterms and b.mterms):
        return Edge(AGREE, s, SPECIFIC)  # «عدد المصوتين»: a wording that is only the counted noun
    same_noun = rel == "same" and a.uclass is not None and a.unit == b.unit  # «350 صحفيا» / «350 صحفيا فقدوا أعمالهم»
    if story and identical(a, b) and (specific or s >= SIM_AGREE / 2 or contained(a, b, allow_empty=same_noun)
                                      or a.mterms == b.mterms):
        return Edge(AGREE, s, "the same figure in articles on one story")
    return None
