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
from collections import defaultdict
from typing import Iterable, Optional

import numpy as np

from .compare import date_relation, is_specific, months_apart, ratio, units_compatible
from .items import Item
from .similar import (AGREE, DISAGREE, MAX_RATIO, SIM_AGREE, SPECIFIC, agree, contained, edge, identical, metric_similarity, other_source, restated,
                      same_sentence)
from .stories import STRONG_STORY, SharedFigures, StoryAffinity

MAX_POSTING = 2000  # safety valve: a posting list longer than this is skipped (pathological blocks)
MAX_POSTING_UNDATED = 200  # ... for undated figures, whose candidates span all dates


class Clusters:
    """Union-find whose unions respect the constraints of one record: compatible counted nouns, dates
    that are one period, and no two different statistics of one article."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.parent = list(range(len(items)))
        self.members: dict[int, list[int]] = {}  # root -> members, for clusters of two or more
        self.reasons: dict[int, list[str]] = {}  # root -> why its members were joined

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def can_join(self, ra: int, rb: int, stretch: int = 0) -> bool:
        ma, mb = self.of(ra), self.of(rb)
        items = self.items
        if len({items[i].uclass for i in ma + mb} - {None}) > 1 or len({items[i].mclass for i in ma + mb} - {None}) > 1 \
                or len({items[i].change for i in ma + mb}) > 1:
            return False
        dates_a = {(items[i].date, items[i].pstart) for i in ma if items[i].date}
        for db, sb in {(items[j].date, items[j].pstart) for j in mb if items[j].date}:
            for da, sa in dates_a:
                if date_relation(da, db, sa, sb) in (None, "undated") and months_apart(da, db) > stretch:
                    return False
        by_doc = defaultdict(list)
        for i in ma:
            by_doc[items[i].doc].append(i)
        for j in mb:
            for i in by_doc.get(items[j].doc, ()):
                a, b = items[i], items[j]
                if same_sentence(a, b):
                    return False
                if agree(a, b):
                    if not restated(a, b):
                        return False  # two statistics of one article (often both round: «4 ملايين أسرة»)
                elif not (a.earlier or b.earlier or other_source(a, b)) or not (
                        metric_similarity(a, b) >= SIM_AGREE / 2 or contained(a, b, allow_empty=True)):
                    return False  # one article, two values: one statistic only if one is an earlier or another's
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
        self.members[ra] = self.of(ra) + self.members.pop(rb, [rb])
        why = self.reasons.pop(ra, []) + self.reasons.pop(rb, []) + ([reason] if reason else [])
        if why:
            self.reasons[ra] = why

    def groups(self) -> list[list[int]]:
        return [sorted(self.of(i)) for i in range(len(self.parent)) if self.parent[i] == i]

    def reasons_of(self, i: int) -> list[str]:
        return self.reasons.get(self.find(i), [])


class Postings:
    """Blocking keys of many mentions in two sorted int64 arrays (a dict of tuples would take hundreds of
    bytes a key: a family can hold hundreds of thousands of mentions). Keys: (term, month, octave) for
    dated mentions, (term, octave) across dates, and the start of a long wording at any value.
    Python's hash of str differs between processes; codes never leave this one and only choose which
    pairs are compared (two keys with one code would add candidates, never remove one)."""

    def __init__(self, items: list[Item], idx: Iterable[int], with_date: bool = True):
        self.items, self.with_date = items, with_date
        codes, owners = array("q"), array("q")
        for i in idx:
            own = self._keys(items[i], query=False)
            codes.extend(own)
            owners.extend([i] * len(own))
        order = np.argsort(np.frombuffer(codes, dtype=np.int64), kind="stable")
        self.codes = np.frombuffer(codes, dtype=np.int64)[order]
        self.owners = np.frombuffer(owners, dtype=np.int64)[order]

    def _keys(self, it: Item, query: bool) -> list[int]:
        octaves = (it.oct - 1, it.oct, it.oct + 1) if query else (it.oct,)
        if not self.with_date:
            return [hash((t, o)) for t in it.key_terms for o in octaves]
        months = it.dquery if query else (it.dkey,)
        keys = [hash((t, m, o)) for t in it.key_terms for m in months for o in octaves]
        if len(it.mterms) >= 3:  # one outlet may drop a digit (133 000 / 13 000 tons): any value
            start = tuple(sorted(it.mterms)[:2])
            keys += [hash((start, m)) for m in months]
        return keys

    def candidates(self, it: Item) -> set[int]:
        limit = MAX_POSTING if self.with_date else MAX_POSTING_UNDATED
        queries = np.unique(np.array(self._keys(it, query=True), dtype=np.int64))
        lo = np.searchsorted(self.codes, queries, "left")
        hi = np.searchsorted(self.codes, queries, "right")
        found: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist()):
            if 0 < b - a <= limit:
                found.update(self.owners[a:b].tolist())
        return found


def by_doc(items: list[Item]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        out[it.doc].append(i)
    return out


def by_doc_id(items: list[Item]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        out[it.did].append(i)
    return out


def co_reported(a: Item, b: Item, docs: dict, items: list[Item]) -> bool:
    """Does a's sentence also give b's figure (or b's give a's)? Then a vs b is a change the articles
    report («رفع سعر السولار إلى 5.50 جنيه من 3.65»), not a disagreement between them."""
    for x, y in ((a, b), (b, a)):
        for k in docs.get(x.doc, ()):
            z = items[k]
            if z is not x and same_sentence(z, x) and agree(z, y):
                return True
    return False


def _relation(a: Item, b: Item) -> Optional[str]:
    return date_relation(a.date, b.date, a.pstart, b.pstart)


def _story_candidates(i: int, a: Item, docs: dict[int, list[int]], affinity: StoryAffinity) -> Iterable[int]:
    """Mentions to compare with a besides the blocked ones: of its article, and of articles on its story
    (their wordings may share no word: «عدد القتلى» / «لقي ... مصرعهم»)."""
    for e in [a.did, *affinity.neighbours(a.did)]:
        for j in docs.get(e, ()):
            if j > i:
                yield j


def _worth_comparing(a: Item, b: Item) -> bool:
    """A pair of one article or story that shares no blocked key: only agreeing figures, or close ones
    of one counted class (in one article, an earlier report or another source's) can make an edge."""
    if agree(a, b):
        return True
    if ratio(a.value, b.value) > MAX_RATIO or not (a.uclass and a.uclass == b.uclass):
        return False
    return a.did != b.did or a.earlier or b.earlier or other_source(a, b)


_REASONS: dict[str, int] = {}


def _dated_edges(items: list[Item], docs: dict, affinity: StoryAffinity) -> Iterable[tuple[int, int, str]]:
    """Edges between mentions with compatible dates (undated mentions only with undated ones), strongest
    first: (i, j, reason). Kept in arrays: a family's edges can number in the millions."""
    post = Postings(items, range(len(items)))
    rank = array("q", bytes(8 * len(items)))  # each item's place in fact id order (the tie-break)
    for r, k in enumerate(sorted(range(len(items)), key=lambda k: items[k].fid)):
        rank[k] = r
    by_id = by_doc_id(items)
    kinds, sims, firsts, seconds, lefts, rights, why = (array("b"), array("f"), array("i"), array("i"), array("i"),
                                                         array("i"), array("b"))
    for i, a in enumerate(items):
        blocked = post.candidates(a)
        for j in sorted(blocked | set(_story_candidates(i, a, by_id, affinity))):
            if j <= i:
                continue
            b = items[j]
            if j not in blocked and not _worth_comparing(a, b):
                continue
            story = a.did == b.did or affinity.same_story(a.did, b.did)
            e = edge(a, b, _relation(a, b), story)
            if e and not (e.kind == DISAGREE and co_reported(a, b, docs, items)):
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
    pairs = []
    for d in sorted(docs):
        for e in affinity.neighbours(d):
            if e <= d or e not in docs:
                continue
            for i in docs[d]:
                a = items[i]
                for j in docs[e]:
                    b = items[j]
                    if not identical(a, b) or not units_compatible(a.uclass, b.uclass) or uf.find(i) == uf.find(j):
                        continue
                    rel = _relation(a, b) if a.date and b.date else "same"
                    specific = is_specific(a.value)
                    if rel is None and not (affinity.get(d, e) >= STRONG_STORY and _restated_later(a, b, specific)):
                        continue
                    found = edge(a, b, rel or "same", story=True)
                    if found is not None and (specific or found.reason != SPECIFIC) and \
                            (rel is not None or specific or found.similarity >= SIM_AGREE / 2):
                        stretch = 0 if rel is not None else _STRETCH_SPECIFIC if specific else _STRETCH
                        pairs.append((-found.similarity, min(a.fid, b.fid), max(a.fid, b.fid), i, j, stretch))
    for _s, _a, _b, i, j, stretch in sorted(pairs):
        uf.union(i, j, "the same figure in articles on one story", stretch=stretch)


_STRETCH_SPECIFIC, _STRETCH = 12, 9  # months a restated figure of one story may span


def _restated_later(a: Item, b: Item, specific: bool) -> bool:
    """Two dates for one figure of one story: a specific figure within a year, any figure within
    the next: a stock restated months later («28 مرسوما» in November, again in May) keeps its value."""
    return months_apart(a.date, b.date) <= (_STRETCH_SPECIFIC if specific else _STRETCH)


def _undated_links(items: list[Item], uf: Clusters, docs: dict, affinity: StoryAffinity) -> None:
    """Each undated cluster joins its single best dated cluster: agreeing with it is enough for a
    specific figure; otherwise the articles must also share a story. Candidates that tie: it stays
    undated (a missing date never glues a figure to one of several periods)."""
    dated = [i for i, it in enumerate(items) if it.date]
    undated = [i for i, it in enumerate(items) if not it.date]
    if not dated or not undated:
        return
    post = Postings(items, dated, with_date=False)
    by_cluster: dict[int, dict[int, list]] = defaultdict(dict)  # undated root -> dated root -> score
    for i in undated:
        a = items[i]
        for j in sorted(post.candidates(a)):
            b = items[j]
            if b.doc == a.doc or not units_compatible(a.uclass, b.uclass):
                continue
            agreeing = agree(a, b)
            if not agreeing and ratio(a.value, b.value) > MAX_RATIO:
                continue
            story = affinity.same_story(a.did, b.did)
            specific = agreeing and is_specific(a.value) and is_specific(b.value)
            if not (story or specific):
                continue
            e = edge(a, b, "same", story)
            if e is None or (e.kind == DISAGREE and co_reported(a, b, docs, items)):
                continue
            specific = e.kind == AGREE and specific
            score = by_cluster[uf.find(i)].setdefault(uf.find(j), [0, 0, 0.0])
            score[0] = max(score[0], int(e.kind == AGREE))
            score[1] = max(score[1], affinity.get(a.did, b.did))
            score[2] = max(score[2], round(e.similarity, 6))
    decisions = []
    for u, scores in by_cluster.items():
        ranked = sorted(((tuple(s), g) for g, s in scores.items()), reverse=True)
        best = [g for rank, g in ranked if rank == ranked[0][0]]
        if len({_period(items, uf, g) for g in best}) > 1:
            continue  # ambiguous: stays undated rather than glued to one of several periods
        rank = ranked[0][0]
        g = min(best, key=lambda g: min(items[k].fid for k in uf.of(g)))
        decisions.append((tuple(-x for x in rank), min(items[k].fid for k in uf.of(u)), g, u))
    for _rank, _fid, g, u in sorted(decisions):
        uf.union(g, u, "undated, joined to its single best match")


def _period(items: list[Item], uf: Clusters, root: int) -> tuple:
    return tuple(sorted({items[k].date for k in uf.of(root) if items[k].date}))


def cluster_family(items: list[Item], shared: Optional[SharedFigures] = None) -> Clusters:
    """The records of one unit family: clusters from agree / disagree edges between mentions with
    compatible dates, then same-story figures, then the undated mentions' single best matches.
    `shared`: the figures articles share (stories.StoryCounter), over all families."""
    docs = by_doc(items)
    uf = Clusters(items)
    affinity = StoryAffinity.load(shared, (it.did for it in items))
    for i, j, reason in _dated_edges(items, docs, affinity):
        uf.union(i, j, reason)
    affinity.add_groups([items[i].did for i in g] for g in uf.groups())
    _story_links(items, uf, affinity)
    _undated_links(items, uf, docs, affinity)
    return uf
