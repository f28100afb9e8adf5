"""Series: records of one metric at different dates (series_id, series_index in time order). A running
total (منذ، إجمالي، period_start) lower than an earlier one of its series is flagged
`cumulative_decrease`.

- link_series(records) -> None: sets series_id / series_index and the flag on the record dicts of one
  unit family (as records.build_records makes them)
"""
from __future__ import annotations

import math
from array import array
from collections import defaultdict
from itertools import chain
from typing import Iterator, NamedTuple, Optional

import numpy as np

from ..ids import stable_id
from . import blocking
from .compare import date_relation, parse_date, values_agree
from .similar import CONTEXT_WEIGHT, _near_terms as near_terms, near_spelled, same_quantity, with_noun
from .terms import generic_terms

SIM_SERIES = 0.7  # similarity for records at different dates to form a series
MAX_POSTING_SERIES = 500  # a blocking key shared by more records than this is skipped
BULK_SERIES = 200  # records from which their keys are made with numpy (_all_keys)
QUERY_HEADS = 1 << 18  # posted keys whose queried keys are made at once (not all in memory: a large family has millions)
PAIRS_AT_ONCE = 1 << 16  # candidate pairs made Python ints at a time (not millions at once: memory)
BOUND_PAIRS = 1 << 18  # candidate pairs from which _reachable bounds their similarity first (below: it cost more than it saved)
MAX_WIDTH = 16  # terms of a wording or a context compared with numpy (a record with more: in Python)


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
    terms = blocking.Terms()
    tids, ends = array("q"), array("q")  # (flat: a list of lists of ints per record took 40 MB of a large family)
    decades = array("i", [_decade(r.rep.value) for r in records])
    for r in records:
        tids.extend(terms(r.rep.mterms))
        ends.append(len(tids))
    if len(records) >= BULK_SERIES:
        post, owner = _all_keys(tids, ends, decades)
        return blocking.join_chunks(post, owner, _queried(post, owner), MAX_POSTING_SERIES)
    keys, own = blocking.Keys(), [tids[a:b] for a, b in zip([0, *ends[:-1]], ends)]
    for k, t in enumerate(own):
        keys.add(k, _keys(t, decades[k], query=False))
    queries = ((k, _keys(t, decades[k], query=True)) for k, t in enumerate(own))
    return blocking.pairs(keys, queries, MAX_POSTING_SERIES)


def _all_keys(tids: array, ends: array, decades: array) -> tuple[np.ndarray, np.ndarray]:
    """The posted keys of _keys of every record at once, made with numpy -> (codes, their records): the
    same codes (one list per record was most of linking a large family's series), in arrays of their
    final size (a large family has millions)."""
    t, end = np.frombuffer(tids, np.int64), np.frombuffer(ends, np.int64)
    n = np.diff(end, prepend=0)
    start, decade = end - n, np.frombuffer(decades, np.int32).astype(np.int64)
    longer = {q: np.flatnonzero(n > q) for q in range(1, blocking.PAIR_TERMS)}
    parts = [(q, p, longer[q]) for q in longer for p in range(q)]  # pairs of the first terms
    parts += [(None, p, np.flatnonzero((n > p) & (n <= 2))) for p in range(2)]  # single terms of short wordings
    total = sum(len(has) for *_, has in parts)
    post, owner = np.empty(total, np.int64), np.empty(total, np.int32)
    at = 0
    for q, p, has in parts:
        head = (SERIES_TERM << 60) | (t[start[has] + p] << 16) if q is None else \
            (SERIES_PAIR << 60) | (t[start[has] + p] << 36) | (t[start[has] + q] << 16)
        post[at:at + len(has)], owner[at:at + len(has)] = head | decade[has], has
        at += len(has)
    return post, owner


def _queried(post: np.ndarray, owner: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The queried keys of _keys, from the posted ones (the decade ± 1, in the low 16 bits), a chunk at a
    time -> (codes, their records)."""
    for at in range(0, len(post), QUERY_HEADS):
        codes, owners = post[at:at + QUERY_HEADS], owner[at:at + QUERY_HEADS]
        below = np.where((codes & 0xFFFF) == 0, -1, codes - 1)  # (decade 0 less one is -1: `head | -1`, as _keys)
        yield np.concatenate([below, codes, codes + 1]), np.concatenate([owners] * 3)


def _columns(records: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(counted class id, -1 for none; |value|; running total?) of each record, for _plausible."""
    ids: dict = {None: -1}
    uclass = np.array([ids.setdefault(r.rep.uclass, len(ids)) for r in records], np.int64)
    value = np.abs(np.array([r.rep.value for r in records], np.float64))
    return uclass, value, np.array([bool(r.cum) for r in records], np.bool_)


def _plausible(codes: np.ndarray, columns: tuple) -> np.ndarray:
    """The pairs that pass _edges' cheap tests, all at once: compatible counted nouns (units_compatible),
    values within a factor 10, none zero (ratio), both running totals or neither."""
    uclass, value, cum = columns
    k, m = codes >> 32, codes & 0xFFFF_FFFF
    uk, um = uclass[k], uclass[m]
    lo, hi = np.minimum(value[k], value[m]), np.maximum(value[k], value[m])
    with np.errstate(divide="ignore", invalid="ignore"):
        within = (lo != 0) & ~(hi / np.where(lo != 0, lo, 1.0) > 10)
    return codes[((uk < 0) | (um < 0) | (uk == um)) & (cum[k] == cum[m]) & within]


def _dice(n: int, la: int, lb: int) -> float:
    """similar.dice of two sets of la and lb terms sharing n."""
    if not n:
        return 0.0
    s = 2.0 * n / (la + lb)
    if n >= 2:
        s = max(s, 0.9 * n / min(la, lb))
    return min(s, 1.0)


def similarity(a, b, terms_a: frozenset, terms_b: frozenset, context_a: frozenset, context_b: tuple) -> float:
    """similar.quantity_similarity(a, b), given their metric terms as sets, a's context terms as a set and
    b's as they are kept (sets made once per record, not once per pair: a large family has millions)."""
    ma, mb = with_noun(a, b, terms_a), with_noun(b, a, terms_b)
    n = len(ma & mb)
    if n and n < min(len(ma), len(mb)):
        n += near_terms(ma, mb)
    c = _dice(len(context_a.intersection(context_b)), len(context_a), len(context_b))
    return 1.0 - (1.0 - _dice(n, len(ma), len(mb))) * (1.0 - CONTEXT_WEIGHT * c)


def context(rep) -> tuple:
    found = rep.context  # an items.Window, or its terms once pickled
    return found if isinstance(found, tuple) else found.terms


def terms_of(rep) -> frozenset:
    found = rep.mterms  # a set, or a tuple once pickled (records.Rep)
    return found if isinstance(found, frozenset) else frozenset(found)


class _Sets(NamedTuple):
    """A record's Rep with its terms as sets, for similar.same_quantity."""

    mterms: frozenset
    cterms: frozenset
    uclass: Optional[str]

    @classmethod
    def of(cls, rep) -> "_Sets":
        return cls(terms_of(rep), frozenset(context(rep)), rep.uclass)


class _Table(NamedTuple):
    """Each record's metric and context terms as rows of term ids, for _reachable: `_a` rows padded with
    -1, `_b` rows with -2 (no pad equals the other side's)."""

    mterms_a: np.ndarray
    mterms_b: np.ndarray
    context_a: np.ndarray
    context_b: np.ndarray
    n_mterms: np.ndarray
    n_context: np.ndarray
    uclass: np.ndarray  # its counted noun's term id; -1 for None, -2 for another false value (with_noun)
    owns_class: np.ndarray  # its counted noun is one of its metric terms already
    wide: np.ndarray  # more terms than MAX_WIDTH: always left to similarity()
    spellable: np.ndarray  # by term id (False at the pads): may match another metric term nearly (similar.near_spelled)

    @classmethod
    def of(cls, records: list, terms: list) -> "_Table":
        contexts = [context(r.rep) for r in records]
        uclass = [r.rep.uclass for r in records]
        metric_words = dict.fromkeys(chain(chain.from_iterable(terms), filter(None, uclass)))
        ids = {t: k for k, t in enumerate(dict.fromkeys(chain(metric_words, chain.from_iterable(contexts))))}
        (mterms, n_m, wide_m), (context_rows, n_c, wide_c) = _rows(terms, ids), _rows(contexts, ids)
        spellable = np.zeros(len(ids) + 2, np.bool_)
        spellable[[ids[t] for t in near_spelled(metric_words)]] = True
        return cls(mterms, np.where(mterms < 0, -2, mterms), context_rows, np.where(context_rows < 0, -2, context_rows),
                   n_m, n_c, np.array([ids[u] if u else -1 if u is None else -2 for u in uclass], np.int32),
                   np.array([bool(u) and u in t for u, t in zip(uclass, terms)], np.bool_), wide_m | wide_c, spellable)


def _rows(sets: list, ids: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term ids of each set, a row each (-1 where none) -> (rows, lengths, the sets too wide for a row)."""
    lengths = np.fromiter(map(len, sets), np.int64, len(sets))
    width = int(min(lengths.max(initial=0), MAX_WIDTH))
    wide = lengths > width
    kept = np.where(wide, 0, lengths)
    narrow = (s for s, w in zip(sets, wide.tolist()) if not w) if wide.any() else sets
    flat = np.fromiter(map(ids.__getitem__, chain.from_iterable(narrow)), np.int32, int(kept.sum()))
    rows = np.full((len(sets), width), -1, np.int32)
    rows[np.repeat(np.arange(len(sets)), kept), np.arange(len(flat)) - np.repeat(np.cumsum(kept) - kept, kept)] = flat
    return rows, lengths, wide


def _dices(n: np.ndarray, la: np.ndarray, lb: np.ndarray) -> np.ndarray:
    """_dice, pair by pair."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(n >= 2, np.maximum(2.0 * n / (la + lb), 0.9 * n / np.minimum(la, lb)), 2.0 * n / (la + lb))
    return np.where(n > 0, np.minimum(s, 1.0), 0.0)


def _reachable(codes: np.ndarray, table: _Table) -> np.ndarray:
    """The pairs whose similarity() may reach SIM_SERIES, all at once: the terms shared (with_noun's
    noun included) and the context's Dice are exact; near spellings are counted as if every term of one
    wording's own that has a near spelling in the family matched (an upper bound; similarity() counts
    them for the pairs left). Most candidate pairs of a large family are ruled out here, not one by one
    in Python."""
    k, m = codes >> 32, codes & 0xFFFF_FFFF
    uk, um = table.uclass[k], table.uclass[m]
    noun_a, noun_b = (uk >= 0) & (um == -1) & ~table.owns_class[k], (um >= 0) & (uk == -1) & ~table.owns_class[m]
    a = np.column_stack([table.mterms_a[k], np.where(noun_a, uk, -1)])
    b = np.column_stack([table.mterms_b[m], np.where(noun_b, um, -2)])
    same = a[:, :, None] == b[:, None, :]
    in_b, in_a = same.any(2), same.any(1)
    n, la, lb = np.count_nonzero(in_b, 1), table.n_mterms[k] + noun_a, table.n_mterms[m] + noun_b
    spellable = table.spellable
    may_near = (n > 0) & (n < np.minimum(la, lb)) & (spellable[b] & ~in_a).any(1)  # (as similarity(): only then)
    near = np.where(may_near, np.count_nonzero(spellable[a] & ~in_b, 1), 0)
    c = np.count_nonzero(table.context_a[k][:, :, None] == table.context_b[m][:, None, :], (1, 2))
    context_dice = _dices(c, table.n_context[k], table.n_context[m])
    s = 1.0 - (1.0 - _dices(n + near, la, lb)) * (1.0 - CONTEXT_WEIGHT * context_dice)
    return codes[(s >= SIM_SERIES - 1e-9) | table.wide[k] | table.wide[m]]


def _edges(records: list) -> list[tuple]:
    generic = generic_terms()
    edges = []
    codes, columns = _candidates(records), _columns(records)
    terms = [terms_of(r.rep) for r in records]  # (once a record, not once a pair: a large family has millions)
    table = _Table.of(records, terms) if len(codes) >= BOUND_PAIRS else None  # (its cost: a pair compared in Python, a record)
    last, context_k = -1, frozenset()
    for at in range(0, len(codes), PAIRS_AT_ONCE):  # a large family has millions of candidate pairs
        plausible = _plausible(codes[at:at + PAIRS_AT_ONCE], columns)
        if table is not None:
            plausible = _reachable(plausible, table)
        for k, m in blocking.split(plausible):
            a, b = records[k].rep, records[m].rep
            if k != last:  # (pairs come sorted by k)
                last, context_k = k, frozenset(context(a))
            s = similarity(a, b, terms[k], terms[m], context_k, context(b))
            if s < SIM_SERIES:
                continue
            x, y = _Sets.of(a), _Sets.of(b)
            subject = (x.mterms | x.cterms) & (y.mterms | y.cterms) - generic
            if same_quantity(x, y) and subject:
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
