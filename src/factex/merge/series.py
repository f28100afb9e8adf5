"""Series: records of one metric at different dates (series_id, series_index in time order). A running
total (منذ، إجمالي، period_start) lower than an earlier one of its series is flagged
`cumulative_decrease`.

- link_series(records) -> None: sets series_id / series_index and the flag on the record dicts of one
  unit family (as records.build_records makes them)
"""
from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from ..ids import stable_id
from . import blocking
from .compare import date_relation, parse_date, ratio, units_compatible, values_agree
from .similar import quantity_similarity, same_quantity
from .terms import generic_terms

SIM_SERIES = 0.7  # similarity for records at different dates to form a series
MAX_POSTING_SERIES = 500  # a blocking key shared by more records than this is skipped
PAIRS_AT_ONCE = 1 << 16  # candidate pairs made Python ints at a time (not millions at once: memory)


SERIES_PAIR, SERIES_TERM = 5, 6  # blocking key kinds (blocking.py has 1 to 4)


def _decade(v: float) -> int:
    """The value's power of ten (16 bits)."""
    return min(max(int(math.floor(math.log10(abs(v)))) + 128, 1), 65534) if v and math.isfinite(v) else 0


def _keys(tids: list[int], decade: int, query: bool) -> list[int]:
    """Blocking of series: the pairs of metric terms (a series needs two shared words, same_quantity),
    single terms for phrases of one or two words, each with the value's decade (± 1 queried); no metric
    phrase, no series."""
    first = tids[:blocking.PAIR_TERMS]
    decades = [decade + d for d in (-1, 0, 1)] if query else [decade]
    heads = [(SERIES_PAIR << 60) | (x << 36) | (y << 16) for k, x in enumerate(first) for y in first[k + 1:]]
    if len(first) <= 2:
        heads += [(SERIES_TERM << 60) | (t << 16) for t in first]
    return [h | d for h in heads for d in decades]


def _candidates(records: list) -> np.ndarray:
    """Pair codes (k << 32 | m, k < m) of records sharing two metric terms, within a decade of each
    other's value, sorted."""
    terms, keys = blocking.Terms(), blocking.Keys()
    tids = [terms(r.rep.mterms) for r in records]
    decades = [_decade(r.rep.value) for r in records]
    for k in range(len(records)):
        keys.add(k, _keys(tids[k], decades[k], query=False))
    queries = ((k, _keys(tids[k], decades[k], query=True)) for k in range(len(records)))
    return blocking.pairs(keys, queries, MAX_POSTING_SERIES)


def _edges(records: list) -> list[tuple]:
    generic = generic_terms()
    edges = []
    codes = _candidates(records)
    for at in range(0, len(codes), PAIRS_AT_ONCE):  # a large family has millions of candidate pairs
        for k, m in blocking.split(codes[at:at + PAIRS_AT_ONCE]):
            a, b = records[k].rep, records[m].rep
            if not units_compatible(a.uclass, b.uclass) or ratio(a.value, b.value) > 10 or \
                    records[k].cum != records[m].cum:
                continue
            s = quantity_similarity(a, b)
            subject = (a.mterms | a.cterms) & (b.mterms | b.cterms) - generic
            if s >= SIM_SERIES and same_quantity(a, b) and subject:
                edges.append((-s, records[k].min_fid, records[m].min_fid, k, m))
    edges.sort()
    return edges


def link_series(records: list) -> None:
    """One series: one record per period, one counted noun, one order of magnitude."""
    dated = sorted((r for r in records if r.date), key=lambda r: r.record_id)
    if len(dated) < 2:
        return
    parent = list(range(len(dated)))
    merged: dict[int, tuple[set, set, tuple]] = {}  # root of 2+ records -> (dates, counted nouns, value span)

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def state(r):
        rec = dated[r]
        return merged.get(r) or ({rec.date}, {rec.rep.uclass} - {None}, (abs(rec.value),) * 2)

    for _s, _a, _b, k, m in _edges(dated):
        rk, rm = find(k), find(m)
        if rk == rm:
            continue
        (dk, uk, sk), (dm, um, sm) = state(rk), state(rm)
        lo, hi = min(sk[0], sm[0]), max(sk[1], sm[1])
        if len(uk | um) > 1 or hi > 10 * lo or any(date_relation(x, y) in ("same", "near") for x in dk for y in dm):
            continue
        parent[rm] = rk
        merged.pop(rm, None)
        merged[rk] = (dk | dm, uk | um, (lo, hi))
    series: dict[int, list[int]] = defaultdict(list)
    for k in range(len(dated)):
        series[find(k)].append(k)
    for members in series.values():
        if len(members) >= 2:
            _number(dated, members)


def _number(records: list, members: list[int]) -> None:
    members.sort(key=lambda k: (parse_date(records[k].date), records[k].date, records[k].record_id))
    sid = stable_id("series", min(records[k].record_id for k in members))
    top = None
    for pos, k in enumerate(members):
        r = records[k]
        decrease = r.cum and top is not None and r.value < top[0] and \
            not values_agree(r.value, None, r.qualifier, top[0], None, top[1])
        r.series_id, r.series_index = sid, pos
        if decrease:
            r.flags = [*r.flags, "cumulative_decrease"]
        if r.cum and (top is None or r.value > top[0]):
            top = (r.value, r.qualifier)
