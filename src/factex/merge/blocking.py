"""Blocking: which pairs of mentions are compared at all, found in bulk from integer keys.

Every mention gets a few 64-bit keys (a kind, one or two term ids, a month, a value bucket); two
mentions are candidates when one's query keys meet the other's posted keys. The keys are joined with
numpy (sorted codes, searchsorted, ranges expanded), a chunk of mentions at a time, so that the work
and the memory follow the candidates, not the square of a posting list.

Kinds of keys (the comparison, similar.edge, decides; blocking only proposes):
- AGREE: a term, a month, a value within about 6 % (agreeing figures: 0.5 %, 5 % when qualified)
- PAIR: two terms and a month, any value (two wordings that share two words may disagree on it)
- SHORT: for wordings of one or two terms, a term, a month and a value within a factor 2 (octave)
- EVER: a term and the very same figure at any date (an undated mention and its dated match)

Codes only choose which pairs are compared, within one process: two keys that collide add a
candidate, never remove one.
"""
from __future__ import annotations

import math
from array import array
from functools import lru_cache
from typing import Iterable, Iterator, Optional

import numpy as np

from .compare import parse_date

AGREE, PAIR, SHORT, EVER = 1, 2, 3, 4
PAIR_TERMS = 8  # the pairs of the first (sorted) terms of a wording
CHUNK = 1 << 20  # query keys joined at once
BUCKET = math.log(1.06)  # value buckets: two figures within 5 % are at most one bucket apart
TERM_BITS = 20  # term ids past 2 ** 20 wrap around (more candidates, never fewer)
_TERM = (1 << TERM_BITS) - 1


@lru_cache(maxsize=1 << 16)
def months(date: Optional[str]) -> tuple[int, tuple[int, ...]]:
    """(posted month, queried months) of a date: its month (or year), the adjacent months and its year;
    a year queries its twelve months. Months are 1 + year * 13 + month (0: the whole year); undated: 0."""
    if not date:
        return 0, (0,)
    y, m, _ = parse_date(date)
    y = min(max(y, 0), 4000)
    if not m or len(date) < 7:
        return 1 + y * 13, tuple(1 + y * 13 + k for k in range(13))
    prev = (y - 1) * 13 + 12 if m == 1 else y * 13 + m - 1
    nxt = (y + 1) * 13 + 1 if m == 12 else y * 13 + m + 1
    return 1 + y * 13 + m, (1 + prev, 1 + y * 13 + m, 1 + nxt, 1 + y * 13)


@lru_cache(maxsize=1 << 16)
def bucket(value: float) -> int:
    """A value's bucket (16 bits): about 6 % wide on a log scale, the sign apart."""
    if value == 0 or not math.isfinite(value):
        return 0
    b = math.floor(math.log(abs(value)) / BUCKET)
    return min(max(2 * b + (value < 0) + 32768, 1), 65535)


@lru_cache(maxsize=1 << 16)
def octave(value: float) -> int:
    """A value's power of two (12 bits)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return min(max(math.floor(math.log2(abs(value))) + 2048, 1), 4095)


def _buckets(value: float, vmax: Optional[float], query: bool) -> tuple[int, ...]:
    own = {bucket(value)} if vmax is None else {bucket(value), bucket(vmax)}
    if not query:
        return tuple(sorted(own))
    return tuple(sorted({b + d for b in own for d in (-2, 0, 2)}))  # (2 * b + sign: neighbours are 2 apart)


@lru_cache(maxsize=1 << 16)
def _suffixes(date: Optional[str], value: float, vmax: Optional[float]) -> tuple:
    """The low bits of a mention's keys that depend on its date and figure: (AGREE posted, AGREE queried,
    PAIR posted, PAIR queried, SHORT posted, SHORT queried)."""
    own_m, query_m = months(date)
    own_b, query_b = _buckets(value, vmax, False), _buckets(value, vmax, True)
    o = octave(value)
    return ([(own_m << 16) | b for b in own_b], [(m << 16) | b for m in query_m for b in query_b],
            [own_m], list(query_m),
            [(own_m << 12) | o], [(m << 12) | (o + d) for m in query_m for d in (-1, 0, 1)])


class Terms:
    """Term -> small int, for the terms of one group of mentions."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def __call__(self, terms: Iterable[str]) -> list[int]:
        ids = self.ids
        return sorted(ids.setdefault(t, len(ids)) & _TERM for t in terms)


class Keys:
    """Posted and queried codes of many mentions (array('q'): 8 bytes a key)."""

    def __init__(self):
        self.post, self.post_owner = array("q"), array("q")
        self.query, self.query_owner = array("q"), array("q")

    def add(self, owner: int, posted: list[int], queried: list[int]) -> None:
        self.post.extend(posted)
        self.post_owner.extend([owner] * len(posted))
        self.query.extend(queried)
        self.query_owner.extend([owner] * len(queried))


def mention_keys(keys: Keys, owner: int, tids: list[int], date: Optional[str], value: float,
                 vmax: Optional[float], short: bool) -> None:
    """The AGREE, PAIR and SHORT keys of one mention (tids: its key terms' ids, sorted)."""
    if not tids:
        return
    agree_p, agree_q, pair_p, pair_q, short_p, short_q = _suffixes(date, value, vmax)
    heads = [(AGREE << 60) | (t << 32) for t in tids]
    posted = [h | s for h in heads for s in agree_p]
    queried = [h | s for h in heads for s in agree_q]
    if len(tids) >= 2:
        first = tids[:PAIR_TERMS]
        heads = [(PAIR << 60) | (x << 36) | (y << 16) for k, x in enumerate(first) for y in first[k + 1:]]
        posted += [h | s for h in heads for s in pair_p]
        queried += [h | s for h in heads for s in pair_q]
    if short:
        heads = [(SHORT << 60) | (t << 28) for t in tids]
        posted += [h | s for h in heads for s in short_p]
        queried += [h | s for h in heads for s in short_q]
    keys.add(owner, posted, queried)


def ever_keys(keys: Keys, owner: int, tids: list[int], value: float, vmax: Optional[float], post: bool) -> None:
    """EVER keys: a term and the figure itself, at any date (posted by dated mentions, queried by undated)."""
    own = _buckets(value, vmax, not post)
    codes = [(EVER << 60) | (t << 16) | b for t in tids for b in own]
    if post:
        keys.add(owner, codes, [])
    else:
        keys.add(owner, [], codes)


def _expand(lo: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The indices lo[k] .. lo[k] + n[k] - 1 of every k, concatenated."""
    total = int(n.sum())
    if not total:
        return np.empty(0, np.int64)
    starts = np.repeat(lo - np.cumsum(n) + n, n)
    return starts + np.arange(total, dtype=np.int64)


def pairs(keys: Keys, limit: int = 1000, symmetric: bool = True) -> np.ndarray:
    """Candidate pairs as sorted unique codes (i << 32 | j, i < j): a query key of one meets a posted key
    of the other; a posted key shared by more than `limit` mentions is skipped (it tells nothing).
    `symmetric`: the pair counts whichever side queried (else (querier << 32 | owner), querier first)."""
    post = np.frombuffer(keys.post, dtype=np.int64)
    if not len(post) or not len(keys.query):
        return np.empty(0, np.int64)
    order = np.argsort(post, kind="stable")
    codes, owners = post[order], np.frombuffer(keys.post_owner, dtype=np.int64)[order]
    query = np.frombuffer(keys.query, dtype=np.int64)
    query_owner = np.frombuffer(keys.query_owner, dtype=np.int64)
    found = []
    step = CHUNK
    for at in range(0, len(query), step):
        q, qo = query[at:at + step], query_owner[at:at + step]
        lo = np.searchsorted(codes, q, "left")
        n = np.searchsorted(codes, q, "right") - lo
        keep = (n > 0) & (n <= limit)
        lo, n, qo = lo[keep], n[keep], qo[keep]
        other = owners[_expand(lo, n)]
        mine = np.repeat(qo, n)
        differ = other != mine
        mine, other = mine[differ], other[differ]
        if symmetric:
            mine, other = np.minimum(mine, other), np.maximum(mine, other)
        found.append(np.unique((mine << 32) | other))
    return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)


def split(codes: np.ndarray) -> Iterator[tuple[int, int]]:
    """(i, j) of pair codes."""
    return zip((codes >> 32).tolist(), (codes & 0xFFFF_FFFF).tolist())


def encode(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return (np.asarray(i, np.int64) << 32) | np.asarray(j, np.int64)


def _month_span(date: Optional[str], start: Optional[str]) -> tuple[int, int]:
    """First and last month (year * 12 + month - 1) a date covers, from its period start when it has one."""
    first = parse_date(start or date)
    last = parse_date(date)
    lo = first[0] * 12 + (first[1] - 1 if first[1] else 0)
    hi = last[0] * 12 + (last[1] - 1 if last[1] else 11)
    return min(lo, hi), hi


class Columns:
    """What a pair needs to be worth comparing, one numpy column per field of the mentions: counted
    classes, change or level, the figure, the sentence, the months covered."""

    def __init__(self, items: list):
        n = len(items)
        ids: dict = {None: -1}
        self.uclass = np.fromiter((ids.setdefault(it.uclass, len(ids)) for it in items), np.int64, n)
        self.mclass = np.fromiter((ids.setdefault(it.mclass, len(ids)) for it in items), np.int64, n)
        self.change = np.fromiter((it.change for it in items), np.bool_, n)
        self.value = np.fromiter((abs(it.value) for it in items), np.float64, n)
        self.did = np.fromiter((it.did for it in items), np.int64, n)
        self.sent = np.fromiter((it.sent or 0 for it in items), np.int64, n)
        spans = [_month_span(it.date, it.pstart) if it.date else (0, 0) for it in items]
        self.dated = np.fromiter((bool(it.date) for it in items), np.bool_, n)
        self.lo = np.fromiter((s[0] for s in spans), np.int64, n)
        self.hi = np.fromiter((s[1] for s in spans), np.int64, n)
        order = sorted(range(n), key=lambda k: items[k].fid)
        self.rank = np.empty(n, np.int64)
        self.rank[order] = np.arange(n)
        self.rank = self.rank.tolist()  # each mention's place in fact id order (the tie-break)

    def plausible(self, codes: np.ndarray, max_ratio: float = 20.0) -> np.ndarray:
        """The pairs that may make an edge: compatible classes, both levels or both changes, figures within
        `max_ratio`, not one sentence, months that meet or touch (or both undated)."""
        if not len(codes):
            return codes
        i, j = codes >> 32, codes & 0xFFFF_FFFF
        ui, uj, mi, mj = self.uclass[i], self.uclass[j], self.mclass[i], self.mclass[j]
        vi, vj = self.value[i], self.value[j]
        di, dj = self.dated[i], self.dated[j]
        keep = ((ui < 0) | (uj < 0) | (ui == uj)) & ((mi < 0) | (mj < 0) | (mi == mj))
        keep &= self.change[i] == self.change[j]
        keep &= (np.maximum(vi, vj) <= max_ratio * np.minimum(vi, vj)) | (vi == vj)
        keep &= ~((self.did[i] == self.did[j]) & (self.sent[i] == self.sent[j]) & (self.sent[i] != 0))
        meet = (self.lo[i] <= self.hi[j] + 1) & (self.lo[j] <= self.hi[i] + 1)
        keep &= (di & dj & meet) | (~di & ~dj)
        return codes[keep]
