"""A large unit family, a year at a time: memory follows the largest year, not the family.

A family of more than SLICE facts (counts of people over a million articles) is merged in slices: its
undated mentions first (clustered among themselves, kept in memory), then each year's dated mentions,
which are clustered, scored as candidates for the undated clusters (cluster.undated_scores), and
written out at once but for the candidate clusters, kept until every year has been seen. Then each
undated cluster joins its single best candidate over all years (cluster.undated_choices), and the
kept clusters and the undated ones are written. Series are numbered over the whole family from the
records' stubs (records.Stub).

The cost of slicing: two mentions dated in two years are never one record (a figure dated 31 December
by one article and 1 January by another; a fiscal year 2018-2019 and a date in 2018). A family up to
SLICE facts is merged at once, without that cost.

- by_year(offsets, years) -> {year: offsets} (0: undated)
- merge_by_year(slices, read, emit, shared): read(offsets) -> items; emit(items, clusters, groups)
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Callable, Optional

from .cluster import (UNDATED_JOINED, Clusters, Side, by_doc, cluster_family, undated_choices, undated_scores)
from .items import Item
from .stories import SharedFigures, StoryAffinity

SLICE = 50_000  # a unit family with more facts than this is merged a year at a time


def by_year(offsets: array, years: array) -> dict[int, array]:
    out: dict[int, array] = defaultdict(lambda: array("q"))
    for at, year in zip(offsets, years):
        out[year].append(at)
    return dict(out)


def _affinity(shared: Optional[SharedFigures], sides: list[Side]) -> StoryAffinity:
    affinity = StoryAffinity.load(shared, (it.did for side in sides for it in side.items))
    affinity.add_groups([side.items[k].did for k in g] for side in sides for g in side.uf.groups())
    return affinity


def merge_by_year(slices: dict[int, array], read: Callable[[array], list[Item]],
                  emit: Callable[..., None], shared: Optional[SharedFigures]) -> None:
    """Cluster and emit a large family slice by slice (see the module doc)."""
    undated = read(slices.get(0, array("q")))
    und = Side(undated, cluster_family(undated, shared), [i for i, it in enumerate(undated) if not it.date])
    und_docs = by_doc(undated)
    candidates: dict[int, dict] = defaultdict(dict)  # undated root -> (year, dated root) -> score and more
    kept: dict[tuple[int, int], tuple[list[Item], list[str]]] = {}
    for year in sorted(y for y in slices if y):
        items = read(slices[year])
        uf = cluster_family(items, shared)
        wanted: set[int] = set()
        if und.idx:
            dated = Side(items, uf, [i for i, it in enumerate(items) if it.date])
            docs = by_doc(items)
            for doc, found in und_docs.items():
                docs[doc] = docs.get(doc, []) + found
            for u, found in undated_scores(und, dated, docs, _affinity(shared, [und, dated])).items():
                for g, score in found.items():
                    candidates[u][(year, g)] = (score, dated.period(g), dated.min_fid(g), und.min_fid(u))
                    wanted.add(g)
        for g in sorted(wanted):
            kept[(year, g)] = ([items[k] for k in uf.of(g)], uf.reasons_of(g))
        emit(items, uf, [g for g in uf.groups() if uf.find(g[0]) not in wanted])
        del items, uf
    joined: dict[tuple, list[int]] = defaultdict(list)
    for key, u in undated_choices(candidates):
        joined[key].append(u)
    for key in sorted(kept):
        members, reasons = kept.pop(key)
        local = list(members)
        starts = []
        for u in joined.get(key, ()):
            starts.append(len(local))
            local += [undated[k] for k in und.uf.of(u)]
        uf = Clusters(local)
        uf.rebuild(list(range(len(members))), reasons)
        for n, u in enumerate(joined.get(key, ())):
            end = starts[n + 1] if n + 1 < len(starts) else len(local)
            uf.rebuild(list(range(starts[n], end)), und.uf.reasons_of(u))
            uf.union(0, starts[n], UNDATED_JOINED)
        emit(local, uf)
    taken = {u for us in joined.values() for u in us}
    emit(undated, und.uf, [g for g in und.uf.groups() if und.uf.find(g[0]) not in taken])
