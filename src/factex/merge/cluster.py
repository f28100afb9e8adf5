"""Clustering the mentions of one unit family into statistics.

- Blocking, never all pairs: two mentions are compared only if they share a metric term (a context
  term when a metric phrase has none), have compatible months and values within a factor 2 (postings
  keyed by term, month and value octave; undated mentions by term and octave), or are long wordings
  that begin alike in one month (any value: a digit dropped), or are of one article or story.
- Edges (similar.edge): *agree* and *disagree*, strongest first, single link under the constraints of
  one record (Clusters.can_join), so the result does not depend on input order.
- Stories: articles that share figures or records cover one story (stories.StoryAffinity); between
  them an identical figure is the same statistic even when the wordings share nothing.
- Undated mentions join a dated cluster only when it is their single best candidate over all dates and
  the figure is specific or the articles share a story; a tie leaves them undated.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import Iterable, NamedTuple, Optional

import numpy as np

from . import blocking
from .blocking import Columns
from .compare import STOCK_DAYS, date_relation, gap, is_specific, months_apart, units_compatible, within_days
from .items import Item
from .similar import (AGREE, DISAGREE, Edge, MAX_RATIO, SIM_AGREE, SPECIFIC, agree, contained, edge, growing_toll, identical,
                      metric_similarity, moves_daily, other_source, restated, same_sentence)
from .stories import STRONG_STORY, SharedFigures, StoryAffinity
from .terms import opposite

MAX_POSTING = 1000  # a blocking key shared by more mentions than this is skipped (it tells nothing)
MAX_ARTICLE_MENTIONS = 500  # an article with more figures of one family is compared through blocking only


class _Traits(NamedTuple):
    """What a cluster's constraints look at, kept per root: its counted classes, changes, periods and
    members by article."""

    uclasses: frozenset
    mclasses: frozenset
    changes: frozenset
    dates: frozenset
    docs: dict
    sides: frozenset

    @classmethod
    def of(cls, it: Item, i: int) -> "_Traits":
        return cls(frozenset((it.uclass,)) - {None}, frozenset((it.mclass,)) - {None}, frozenset((it.change,)),
                   frozenset(((it.date, it.pstart, it.yearly, it.stock),)) if it.date else frozenset(), {it.doc: [i]}, it.sides)

    def union(self, other: "_Traits") -> "_Traits":
        """Both clusters' traits (self's docs are extended, not copied: a cluster's own, and copying the
        larger side's at each union made a large cluster's cost grow with the square of its size)."""
        docs = self.docs
        for d, m in other.docs.items():
            docs.setdefault(d, []).extend(m)
        return _Traits(self.uclasses | other.uclasses, self.mclasses | other.mclasses, self.changes | other.changes,
                       self.dates | other.dates, docs, self.sides | other.sides)


class Clusters:
    """Union-find whose unions respect the constraints of one record: compatible counted nouns, dates
    that are one period, and no two different statistics of one article."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.parent = list(range(len(items)))
        self.members: dict[int, list[int]] = {}  # root -> members, for clusters of two or more
        self.reasons: dict[int, list[str]] = {}  # root -> why its members were joined
        self._traits: dict[int, _Traits] = {}  # root -> its traits, for clusters of two or more

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def traits(self, root: int) -> _Traits:
        return self._traits.get(root) or _Traits.of(self.items[root], root)

    def can_join(self, ra: int, rb: int, stretch: int = 0) -> bool:
        ta, tb = self.traits(ra), self.traits(rb)
        if len(ta.uclasses | tb.uclasses) > 1 or len(ta.mclasses | tb.mclasses) > 1 or len(ta.changes | tb.changes) > 1:
            return False
        if opposite(ta.sides, tb.sides):
            return False
        for db, sb, yb, kb in tb.dates:
            for da, sa, ya, ka in ta.dates:
                if date_relation(da, db, sa, sb) in (None, "undated") and months_apart(da, db) > stretch and not \
                        (_one_year(da, ya, db, yb) or _one_week(da, ka, db, kb)):
                    return False
        items = self.items
        for doc, own in tb.docs.items():
            for i in ta.docs.get(doc, ()):
                for j in own:
                    if not _may_share_article(items[i], items[j]):
                        return False
        return True

    def union(self, a: int, b: int, reason: str = "", stretch: int = 0) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.can_join(ra, rb, stretch):
            return False
        self.attach(ra, rb, reason)
        return True

    def attach(self, a: int, b: int, reason: str = "") -> None:
        """Union without checks (rebuilding clusters already checked)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.of(ra)) < len(self.of(rb)):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self._traits[ra] = self.traits(ra).union(self._traits.pop(rb, None) or self.traits(rb))
        self.members[ra] = self.of(ra)
        self.members[ra].extend(self.members.pop(rb, [rb]))
        why = self.reasons.pop(ra, [])
        why.extend(self.reasons.pop(rb, []))
        if reason:
            why.append(reason)
        if why:
            self.reasons[ra] = why

    def groups(self) -> list[list[int]]:
        return [sorted(self.of(i)) for i in range(len(self.parent)) if self.parent[i] == i]

    def reasons_of(self, i: int) -> list[str]:
        return self.reasons.get(self.find(i), [])


def _may_share_article(a: Item, b: Item) -> bool:
    """Two mentions of one article in one record: not of one sentence; agreeing, only restated (or two
    sources, one loose); else an earlier report or another source's, worded alike."""
    if same_sentence(a, b):
        return False
    if agree(a, b):
        return restated(a, b) or _two_sources_loosely(a, b)  # else two statistics of one article («6 آلاف أسرة»)
    return bool(a.earlier or b.earlier or other_source(a, b)) and _loosely_alike(a, b)


def _loosely_alike(a: Item, b: Item) -> bool:
    """Metrics half as alike as agreement needs, or one phrase within the other."""
    return metric_similarity(a, b) >= SIM_AGREE / 2 or contained(a, b, allow_empty=True)


def _two_sources_loosely(a: Item, b: Item) -> bool:
    """One article, two sources, one figure loose («أكثر من 40 جريحا» say witnesses, «بين 40 و50» a local
    politician, 46 the ministry): one statistic when one wording is within the other."""
    loose = a.qual or b.qual or a.vmax is not None or b.vmax is not None
    return bool(loose) and other_source(a, b) and contained(a, b, allow_empty=True)


def by_doc(items: list[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        out[it.doc].append(it)
    return out


def by_doc_id(items: list[Item]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        out[it.did].append(i)
    return out


def co_reported(a: Item, b: Item, docs: dict[str, list[Item]]) -> bool:
    """Does a's sentence also give b's figure (or b's give a's)? Then a vs b is a change the articles
    report («رفع سعر البنزين إلى 8.75 جنيه من 6.25»), not a disagreement between them; within one article,
    not when that figure is said of something else («إنقاذ خمسة، والبحث جار عن ستة آخرين» against the
    same article's «إنقاذ ستة»)."""
    for x, y in ((a, b), (b, a)):
        for z in docs.get(x.doc, ()):
            if z is not x and same_sentence(z, x) and agree(z, y) and \
                    (y.doc != x.doc or _loosely_alike(z, y)):
                return True
    return False


def _relation(a: Item, b: Item) -> Optional[str]:
    if _one_year(a.date, a.yearly, b.date, b.yearly) or _one_week(a.date, a.stock, b.date, b.stock):
        return "same"  # two reports, at two months, of one year's amount («الإيرادات السنوية»); a register's count
    return date_relation(a.date, b.date, a.pstart, b.pstart)


def _one_week(d1: Optional[str], stock1: bool, d2: Optional[str], stock2: bool) -> bool:
    """Two reports of a register's count (Item.stock) at most STOCK_DAYS apart."""
    return stock1 and stock2 and within_days(d1, d2, STOCK_DAYS)


def _one_year(d1: Optional[str], yearly1: bool, d2: Optional[str], yearly2: bool) -> bool:
    """Two yearly amounts (Item.yearly: dated) of one year."""
    return yearly1 and yearly2 and d1[:4] == d2[:4]


def _worth_comparing(a: Item, b: Item) -> bool:
    """A pair of one article or story that shares no blocked key: only agreeing figures, or close ones
    of one counted class (in one article, an earlier report or another source's) can make an edge."""
    if agree(a, b):
        return True
    if not (a.uclass and a.uclass == b.uclass):
        return False
    far = gap(a.value, a.vmax, b.value, b.vmax)
    if far > MAX_RATIO and not growing_toll(a, b, True, far):
        return False
    return a.did != b.did or a.earlier or b.earlier or other_source(a, b)


_REASONS: dict[str, int] = {}


def _story_pairs(items: list[Item], affinity: StoryAffinity) -> np.ndarray:
    """Pairs of one article, or of two articles on one story (their wordings may share no word: «عدد
    القتلى» / «لقي ... مصرعهم»), as pair codes."""
    by_id = by_doc_id(items)
    left, right = array("q"), array("q")
    for d, own in by_id.items():
        if len(own) <= MAX_ARTICLE_MENTIONS:  # (a page of figures only: its blocked pairs are enough)
            for k, i in enumerate(own):
                left.extend([i] * (len(own) - k - 1))
                right.extend(own[k + 1:])
        for e in affinity.neighbours(d):
            if len(own) * len(by_id.get(e, ())) > MAX_ARTICLE_MENTIONS ** 2:
                continue
            if e in by_id and (e > d or d not in affinity.neighbours(e)):
                for i in own:
                    left.extend([i] * len(by_id[e]))
                    right.extend(by_id[e])
    a, b = np.frombuffer(left, np.int64), np.frombuffer(right, np.int64)
    # each pair once by construction, in no particular order (the edges are sorted by _dated_edges)
    return blocking.encode(np.minimum(a, b), np.maximum(a, b)) if len(a) else np.empty(0, np.int64)


BULK_KEYS = 500  # mentions from which their keys are made with numpy (blocking.all_mention_keys, all_ever_keys)


def _blocked_pairs(items: list[Item], cols: Columns) -> np.ndarray:
    terms, keys = blocking.Terms(), blocking.Keys()
    tids = [terms(it.key_terms) for it in items]
    if len(items) >= BULK_KEYS:
        codes = blocking.all_mention_keys(tids, [blocking.suffixes(it.block_date, it.value, it.vmax) for it in items],
                                          [len(t) <= 2 for t in tids])
        return cols.plausible(blocking.array_pairs(*codes, limit=MAX_POSTING))
    for i, it in enumerate(items):
        keys.add(i, blocking.mention_keys(tids[i], it.block_date, it.value, it.vmax, len(tids[i]) <= 2, query=False))
    queries = ((i, blocking.mention_keys(tids[i], it.block_date, it.value, it.vmax, len(tids[i]) <= 2, query=True))
               for i, it in enumerate(items))
    return cols.plausible(blocking.pairs(keys, queries, MAX_POSTING))


def _dated_edges(items: list[Item], docs: dict, affinity: StoryAffinity) -> Iterable[tuple[int, int, str]]:
    """Edges between mentions with compatible dates (undated mentions only with undated ones), strongest
    first: (i, j, reason). Kept in arrays: a family's edges can number in the millions."""
    cols = Columns(items)
    blocked = cols.may_edge(_blocked_pairs(items, cols))
    story = cols.may_edge(cols.plausible(_story_pairs(items, affinity)))
    story = story[~blocking.member(story, blocked)]
    rank = cols.rank
    kinds, sims, firsts, seconds, lefts, rights, why = (array("b"), array("f"), array("i"), array("i"), array("i"),
                                                         array("i"), array("b"))
    for codes, checked in ((blocked, True), (story, False)):
        for i, j in blocking.split(codes):
            a, b = items[i], items[j]
            if not checked and not _worth_comparing(a, b):
                continue
            one_story = a.did == b.did or affinity.same_story(a.did, b.did)
            e = edge(a, b, _relation(a, b), one_story)
            if e and not (e.kind == DISAGREE and co_reported(a, b, docs)):
                kinds.append(e.kind)
                sims.append(-e.similarity)
                firsts.append(min(rank[i], rank[j]))
                seconds.append(max(rank[i], rank[j]))
                lefts.append(i)
                rights.append(j)
                why.append(_REASONS.setdefault(e.reason, len(_REASONS)))
    names = {n: r for r, n in _REASONS.items()}
    order = np.lexsort((np.frombuffer(seconds, np.int32), np.frombuffer(firsts, np.int32),
                        np.frombuffer(sims, np.float32), np.frombuffer(kinds, np.int8))) if len(kinds) else []
    for k in order.tolist() if len(kinds) else ():
        yield lefts[k], rights[k], names[why[k]]


def _story_links(items: list[Item], uf: Clusters, affinity: StoryAffinity) -> None:
    """Between two articles on the same story, an identical figure (same counted noun, compatible date)
    is the same statistic even when the two metric phrases share no word («8,6 مليون مستفيد» in 2021):
    always when it is specific (then, between articles that share many figures, a date of the same year
    is enough: they anchor it differently), else when the metrics are somewhat similar."""
    docs = by_doc_id(items)
    by_value = {d: _ValueIndex(items, own) for d, own in docs.items()}
    pairs = []
    for d in sorted(docs):
        for e in affinity.neighbours(d):
            if e <= d or e not in docs:
                continue
            for i in docs[d]:
                a = items[i]
                for j in by_value[e].near(a.value):
                    b = items[j]
                    if not identical(a, b) or not units_compatible(a.uclass, b.uclass) or uf.find(i) == uf.find(j):
                        continue
                    rel = _relation(a, b) if a.date and b.date else "same"
                    specific = is_specific(a.value)
                    if rel is None and not (affinity.get(d, e) >= STRONG_STORY and _restated_later(a, b, specific)):
                        continue
                    found = edge(a, b, rel or "same", story=True)
                    if found is None and _restated_in_story(a, b, rel) and affinity.get(d, e) >= STRONG_STORY:
                        # articles that share many figures: the same count of the same noun in one period
                        found = Edge(AGREE, 0.0, "the same figure in articles on one story")
                    if found is not None and (specific or found.reason != SPECIFIC) and \
                            (rel is not None or specific or found.similarity >= SIM_AGREE / 2):
                        stretch = 0 if rel is not None else _STRETCH_SPECIFIC if specific else _STRETCH
                        pairs.append((-found.similarity, min(a.fid, b.fid), max(a.fid, b.fid), i, j, stretch))
    for _s, _a, _b, i, j, stretch in sorted(pairs):
        uf.union(i, j, "the same figure in articles on one story", stretch=stretch)


def _restated_in_story(a: Item, b: Item, rel: Optional[str]) -> bool:
    """The same count of one counted noun in one period («300 صحفي» / «300 إعلامي»), or a day apart when
    the count is no running total that moves daily («16 قناة» in reports a day apart)."""
    if a.unit != b.unit and (a.uclass is None or a.uclass != b.uclass):
        return False
    return rel == "same" or (rel == "near" and not (moves_daily(a) or moves_daily(b)))


_STRETCH_SPECIFIC, _STRETCH = 12, 9  # months a restated figure of one story may span


class _ValueIndex:
    """Some mentions sorted by value: those whose value may be identical to one (similar.identical; an
    article's mentions against each of another's was most of the story links)."""

    def __init__(self, items: list[Item], idx: list[int]):
        self.idx = sorted(idx, key=lambda k: items[k].value)
        self.values = [items[k].value for k in self.idx]

    def near(self, value: float) -> list[int]:
        tol = 2e-9 * max(1.0, abs(value))  # (twice identical's tolerance: whatever the rounding of value ± tol)
        return self.idx[bisect_left(self.values, value - tol):bisect_right(self.values, value + tol)]


def _restated_later(a: Item, b: Item, specific: bool) -> bool:
    """Two dates for one figure of one story: a specific figure within a year, any figure within
    the next: a stock restated months later («28 مرسوما» in November, again in May) keeps its value."""
    return months_apart(a.date, b.date) <= (_STRETCH_SPECIFIC if specific else _STRETCH)


class Side(NamedTuple):
    """Some mentions of a list and their clusters (undated and dated mentions may sit in two lists)."""

    items: list[Item]
    uf: Clusters
    idx: list[int]

    def period(self, root: int) -> tuple:
        return tuple(sorted({self.items[k].date for k in self.uf.of(root) if self.items[k].date}))

    def min_fid(self, root: int) -> str:
        return min(self.items[k].fid for k in self.uf.of(root))


def undated_scores(und: Side, dated: Side, docs: dict, affinity: StoryAffinity) -> dict[int, dict[int, tuple]]:
    """undated root -> dated root -> (agrees, shared figures of the articles, similarity) of the best
    pair: agreeing is enough for a specific figure; otherwise the articles must also share a story."""
    terms, keys = blocking.Terms(), blocking.Keys()
    posted = [dated.items[j] for j in dated.idx]
    if len(posted) >= BULK_KEYS:
        keys = blocking.all_ever_keys(dated.idx, (terms(it.key_terms) for it in posted), ((it.value, it.vmax) for it in posted))
    else:
        for j, it in zip(dated.idx, posted):
            keys.add(j, blocking.ever_keys(terms(it.key_terms), it.value, it.vmax, query=False))
    queries = ((i, blocking.ever_keys(terms(und.items[i].key_terms), und.items[i].value, und.items[i].vmax, query=True))
               for i in und.idx)
    candidates: dict[int, set[int]] = defaultdict(set)
    for i, j in blocking.split(blocking.pairs(keys, queries, MAX_POSTING, symmetric=False)):
        candidates[i].add(j)
    by_id = by_doc_id([dated.items[j] for j in dated.idx])
    for i in und.idx:
        for e in affinity.neighbours(und.items[i].did):
            candidates[i].update(dated.idx[k] for k in by_id.get(e, ()))
    by_cluster: dict[int, dict[int, list]] = defaultdict(dict)
    for i in und.idx:
        a = und.items[i]
        for j in sorted(candidates.get(i, ())):
            b = dated.items[j]
            if b.doc == a.doc or not units_compatible(a.uclass, b.uclass):
                continue
            agreeing = agree(a, b)
            if not agreeing and gap(a.value, a.vmax, b.value, b.vmax) > MAX_RATIO:
                continue
            story = affinity.same_story(a.did, b.did)
            specific = agreeing and is_specific(a.value) and is_specific(b.value)
            if not (story or specific):
                continue
            e = edge(a, b, "same", story)
            if e is None or (e.kind == DISAGREE and co_reported(a, b, docs)):
                continue
            score = by_cluster[und.uf.find(i)].setdefault(dated.uf.find(j), [0, 0, 0.0])
            score[0] = max(score[0], int(e.kind == AGREE))
            score[1] = max(score[1], affinity.get(a.did, b.did))
            score[2] = max(score[2], round(e.similarity, 6))
    return {u: {g: tuple(s) for g, s in scores.items()} for u, scores in by_cluster.items()}


def undated_choices(candidates: dict[int, dict]) -> list[tuple]:
    """Each undated cluster's single best dated cluster, from candidates {undated root: {key: (score,
    period, smallest fact id, undated's smallest fact id)}}: -> [(key, undated root)] in the order they
    are joined. Best candidates of two periods: none (a missing date never glues a figure to one of
    several periods)."""
    decisions = []
    for u, found in candidates.items():
        top = max(score for score, _p, _f, _uf in found.values())
        best = [(fid, key, period, ufid) for key, (score, period, fid, ufid) in found.items() if score == top]
        if len({period for _f, _k, period, _u in best}) > 1:
            continue
        fid, key, _period, ufid = min(best)
        decisions.append((tuple(-x for x in top), ufid, key, u))
    return [(key, u) for _rank, _fid, key, u in sorted(decisions)]


UNDATED_JOINED = "undated, joined to its single best match"


def _undated_links(items: list[Item], uf: Clusters, docs: dict, affinity: StoryAffinity) -> None:
    """Each undated cluster joins its single best dated cluster (undated_scores, undated_choices)."""
    dated = Side(items, uf, [i for i, it in enumerate(items) if it.date])
    und = Side(items, uf, [i for i, it in enumerate(items) if not it.date])
    if not dated.idx or not und.idx:
        return
    candidates = {u: {g: (score, dated.period(g), dated.min_fid(g), und.min_fid(u)) for g, score in found.items()}
                  for u, found in undated_scores(und, dated, docs, affinity).items()}
    for g, u in undated_choices(candidates):
        uf.union(g, u, UNDATED_JOINED)


def cluster_family(items: list[Item], shared: Optional[SharedFigures] = None) -> Clusters:
    """The records of one unit family: clusters from agree / disagree edges between mentions with
    compatible dates, then same-story figures, then the undated mentions' single best matches.
    `shared`: the figures articles share (stories.StoryCounter), over all families."""
    uf = Clusters(items)
    if len(items) < 2:
        return uf
    docs = by_doc(items)
    affinity = StoryAffinity.load(shared, (it.did for it in items))
    for i, j, reason in _dated_edges(items, docs, affinity):
        uf.union(i, j, reason)
    affinity.add_groups([items[i].did for i in g] for g in uf.groups())
    _story_links(items, uf, affinity)
    _undated_links(items, uf, docs, affinity)
    return uf
