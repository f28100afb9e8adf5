"""Series: records of one metric at different dates (series_id, series_index in time order). A running
total (منذ، إجمالي، period_start) lower than an earlier one of its series is flagged
`cumulative_decrease`.

- link_series(records) -> None: sets series_id / series_index and the flag on the record dicts of one
  unit family (as records.build_records makes them)
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable

import numpy as np

from ..schema import stable_id
from .compare import date_relation, parse_date, ratio, units_compatible, values_agree
from .similar import quantity_similarity, same_quantity
from .terms import generic_terms

SIM_SERIES = 0.7  # similarity for records at different dates to form a series
MAX_POSTING_SERIES = 500  # a blocking key shared by more records than this is skipped


def _decade(v: float) -> int:
    return int(math.floor(math.log10(abs(v)))) if v else -99


def _keys(rep) -> list:
    """Blocking of series: the pairs of metric terms (a series needs two shared words, same_quantity),
    single terms for phrases of one or two words; no metric phrase, no series."""
    terms_ = sorted(rep.mterms)[:8]
    keys: list = [(x, y) for n, x in enumerate(terms_) for y in terms_[n + 1:]]
    if len(terms_) <= 2:
        keys += [(x,) for x in terms_]
    return keys


def _code(key: tuple, decade: int) -> int:
    """A 64-bit code of (terms, decade): (terms, decade ± 1) is the code ± 1. (Python's hash of str
    differs between processes, but codes only choose which pairs are compared, in one process; two keys
    with one code would only add candidates.)"""
    return (hash(key) & 0x3FFF_FFFF_FFFF_FF00) | (decade + 128)


def _candidates(records: list[dict]) -> Iterable[tuple[int, list[int]]]:
    """(k, later records sharing two metric terms with k, within a decade of its value); the postings
    are sorted arrays of codes (a family's records can number in the hundreds of thousands)."""
    codes, owners, starts = [], [], [0]
    for k, r in enumerate(records):
        rep = r["_rep"]
        own = [_code(key, _decade(rep.value)) for key in _keys(rep)]
        codes.extend(own)
        owners.extend([k] * len(own))
        starts.append(len(codes))
    if len(records) < 1000:  # a small family: a dict is faster than arrays
        post: dict[int, list[int]] = defaultdict(list)
        for code, k in zip(codes, owners):
            post[code].append(k)
        for k in range(len(records)):
            seen = set()
            for code in codes[starts[k]:starts[k + 1]]:
                for c in (code - 1, code, code + 1):
                    hits = post.get(c, ())
                    if len(hits) <= MAX_POSTING_SERIES:
                        seen.update(m for m in hits if m > k)
            if seen:
                yield k, sorted(seen)
        return
    codes_np = np.array(codes, dtype=np.int64)
    order = np.argsort(codes_np, kind="stable")
    sorted_codes, sorted_owners = codes_np[order], np.array(owners, dtype=np.int64)[order]
    for k in range(len(records)):
        own = codes_np[starts[k]:starts[k + 1]]
        if not len(own):
            continue
        queries = np.concatenate((own - 1, own, own + 1))
        lo = np.searchsorted(sorted_codes, queries, "left")
        hi = np.searchsorted(sorted_codes, queries, "right")
        seen: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist()):
            if 0 < b - a <= MAX_POSTING_SERIES:
                hits = sorted_owners[a:b]
                seen.update(hits[hits > k].tolist())
        if seen:
            yield k, sorted(seen)


def _edges(records: list[dict]) -> list[tuple]:
    generic = generic_terms()
    edges = []
    for k, later in _candidates(records):
        a = records[k]["_rep"]
        for m in later:
            b = records[m]["_rep"]
            if not units_compatible(a.uclass, b.uclass) or ratio(a.value, b.value) > 10 or \
                    records[k]["_cum"] != records[m]["_cum"]:
                continue
            s = quantity_similarity(a, b)
            subject = (a.mterms | a.cterms) & (b.mterms | b.cterms) - generic
            if s >= SIM_SERIES and same_quantity(a, b) and subject:
                edges.append((-s, records[k]["_min_fid"], records[m]["_min_fid"], k, m))
    edges.sort()
    return edges


def link_series(records: list[dict]) -> None:
    """One series: one record per period, one counted noun, one order of magnitude."""
    dated = sorted((r for r in records if r["date"]), key=lambda r: r["record_id"])
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
        return merged.get(r) or ({rec["date"]}, {rec["_rep"].uclass} - {None}, (abs(rec["value"]),) * 2)

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


def _number(records: list[dict], members: list[int]) -> None:
    members.sort(key=lambda k: (parse_date(records[k]["date"]), records[k]["date"], records[k]["record_id"]))
    sid = stable_id("series", min(records[k]["record_id"] for k in members))
    top = None
    for pos, k in enumerate(members):
        r = records[k]
        decrease = r["_cum"] and top is not None and r["value"] < top[0] and \
            not values_agree(r["value"], None, r["qualifier"], top[0], None, top[1])
        r["series_id"], r["series_index"] = sid, pos
        if decrease:
            r["flags"] = [*r["flags"], "cumulative_decrease"]
        if r["_cum"] and (top is None or r["value"] > top[0]):
            top = (r["value"], r["qualifier"])
