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
from itertools import chain
from typing import Iterable, Iterator, NamedTuple, Optional

import numpy as np

from .compare import NEAR_DAYS, STOCK_DAYS, TOL_EXACT, TOL_LOOSE, parse_date
from .similar import MAX_RATIO

AGREE, PAIR, SHORT, EVER = 1, 2, 3, 4
PAIR_TERMS = 8  # the pairs of the first (sorted) terms of a wording
CHUNK = 1 << 18  # query keys joined at once
MATCHES = 1 << 19  # matches of posted keys expanded at once
SMALL_JOIN = 1000  # posted keys up to which pairs() joins in Python
SCALAR_PAIRS = 64  # pairs up to which Columns tests them one by one (numpy's cost per call is most of a small test)
BUCKET = 2.1 * -math.log(1 - TOL_LOOSE)  # value buckets: twice the widest gap of two agreeing figures
TERM_BITS = 20  # term ids past 2 ** 20 wrap around (more candidates, never fewer)
_TERM = (1 << TERM_BITS) - 1


@lru_cache(maxsize=1 << 16)
def months(date: Optional[str]) -> tuple[int, tuple[int, ...]]:
    """(posted month, queried months) of a date. Months are 1 + year * 13 + month (month 0: the year);
    undated: 0. A month queries itself and the adjacent months, a day its month and the adjacent one
    within NEAR_DAYS, a year itself and its twelve months: whatever may be 'same' or 'near'
    (compare.date_relation) is met from one side or the other."""
    if not date:
        return 0, (0,)
    y, m, d = parse_date(date)
    y = min(max(y, 1), 4000)
    if not m or len(date) < 7:
        return 1 + y * 13, tuple(1 + y * 13 + k for k in range(13))
    own = 1 + y * 13 + m
    prev = 1 + ((y - 1) * 13 + 12 if m == 1 else y * 13 + m - 1)
    nxt = 1 + ((y + 1) * 13 + 1 if m == 12 else y * 13 + m + 1)
    if len(date) < 10 or not d:
        return own, (prev, own, nxt)
    return own, (own, *((prev,) if d <= NEAR_DAYS else ()), *((nxt,) if d > 28 - NEAR_DAYS else ()))


@lru_cache(maxsize=1 << 16)
def _bucket_at(value: float) -> tuple[int, float]:
    """A value's bucket (16 bits, the sign apart) and where in it the value lies (0 to 1)."""
    if value == 0 or not math.isfinite(value):
        return 0, 0.5
    x = math.log(abs(value)) / BUCKET
    b = math.floor(x)
    return min(max(2 * b + (value < 0) + 32768, 2), 65533), x - b


def _buckets(value: float, vmax: Optional[float], query: bool) -> tuple[int, ...]:
    """Posted: the buckets of the figure (and of its upper bound); queried: those and, for each, the
    neighbour on the side the figure is closer to (a bucket is twice the widest tolerance)."""
    out = set()
    for v in (value,) if vmax is None else (value, vmax):
        b, at = _bucket_at(v)
        out.add(b)
        if query and b:
            out.add(b - 2 if at < 0.5 else b + 2)  # (2 * b + sign: neighbours are 2 apart)
    return tuple(sorted(out))


@lru_cache(maxsize=1 << 16)
def octave(value: float) -> int:
    """A value's power of two (12 bits)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return min(max(math.floor(math.log2(abs(value))) + 2048, 1), 4095)


@lru_cache(maxsize=4096)
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
    """Term -> small int, for the terms of one group of mentions. Terms are numbered in sorted order, not a
    set's (which follows the process's string hashing), so that the keys, and the output, are the same
    in every process."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def __call__(self, terms: Iterable[str]) -> list[int]:
        ids = self.ids
        found = [ids.setdefault(t, len(ids)) & _TERM for t in sorted(terms)]
        found.sort()
        return found


class Keys:
    """The posted codes of many mentions (8 bytes a key, 4 its owner); queries are made a chunk of
    mentions at a time (pairs()), so that they never all sit in memory."""

    def __init__(self):
        self.post, self.post_owner = array("q"), array("i")

    def add(self, owner: int, posted: list[int]) -> None:
        self.post.extend(posted)
        self.post_owner.extend([owner] * len(posted))


def mention_keys(tids: list[int], date: Optional[str], value: float, vmax: Optional[float], short: bool,
                 query: bool) -> list[int]:
    """The AGREE, PAIR and SHORT keys of one mention (tids: its key terms' ids, sorted): posted, or
    queried (`query`)."""
    if not tids:
        return []
    sfx = _suffixes(date, value, vmax)
    agree, pair, near = (sfx[1], sfx[3], sfx[5]) if query else (sfx[0], sfx[2], sfx[4])
    heads = [(AGREE << 60) | (t << 32) for t in tids]
    codes = [h | s for h in heads for s in agree]
    if len(tids) >= 2:
        first = tids[:PAIR_TERMS]
        heads = [(PAIR << 60) | (x << 36) | (y << 16) for k, x in enumerate(first) for y in first[k + 1:]]
        codes += [h | s for h in heads for s in pair]
    if short:
        heads = [(SHORT << 60) | (t << 28) for t in tids]
        codes += [h | s for h in heads for s in near]
    return codes


def all_mention_keys(tids: list[list[int]], suffixes: list[tuple], shorts: list[bool]) -> tuple[np.ndarray, ...]:
    """mention_keys of many mentions at once (tids: each one's key term ids, sorted; suffixes: each one's
    _suffixes; shorts: each one's `short`) -> (posted codes, their mentions, queried codes, their
    mentions): the same codes, made with numpy (one list per mention was a fifth of clustering a year)."""
    n = np.array([len(t) for t in tids], np.int64)
    t = np.fromiter(chain.from_iterable(tids), np.int64, int(n.sum()))
    o = np.repeat(np.arange(len(tids), dtype=np.int64), n)
    # (each figure's suffixes are _suffixes' cached lists, one object for one figure: made arrays once)
    index: dict[int, int] = {}
    uid = np.array([index.setdefault(id(sf), len(index)) for sf in suffixes], np.int64)
    unique = list({id(sf): sf for sf in suffixes}.values())
    sf = [(np.array(list(chain.from_iterable(u[part] for u in unique)), np.int64),
           np.array([len(u[part]) for u in unique], np.int64)) for part in range(6)]
    start = np.cumsum(n) - n
    pair_heads, pair_owner = [], []
    for q in range(1, PAIR_TERMS):  # (the pairs of each mention's first PAIR_TERMS terms)
        has = np.flatnonzero(n > q)
        for p in range(q):
            pair_heads.append((PAIR << 60) | (t[start[has] + p] << 36) | (t[start[has] + q] << 16))
            pair_owner.append(has)
    ph = np.concatenate(pair_heads) if pair_heads else np.empty(0, np.int64)
    po = np.concatenate(pair_owner).astype(np.int64) if pair_owner else np.empty(0, np.int64)
    short = np.frombuffer(array("b", shorts), np.int8).astype(np.bool_)[o] if len(o) else np.empty(0, np.bool_)
    heads = ((AGREE << 60) | (t << 32), o), (ph, po), ((SHORT << 60) | (t[short] << 28), o[short])
    out = []
    for query in (0, 1):
        parts = [_cross(h, ho, *sf[2 * kind + query], uid) for kind, (h, ho) in enumerate(heads)]
        out += [np.concatenate([c for c, _ in parts]), np.concatenate([w for _, w in parts])]
    return tuple(out)


def _cross(heads: np.ndarray, head_owner: np.ndarray, codes: np.ndarray, counts: np.ndarray, uid: np.ndarray) -> tuple:
    """Every head | every suffix of the same mention (its suffixes: `counts[uid[mention]]` codes from
    that suffix list's start in `codes`) -> (codes, mentions)."""
    per = counts[uid[head_owner]]
    total = int(per.sum())
    hi = np.repeat(np.arange(len(heads)), per)
    pos = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
    owners = head_owner[hi]
    return heads[hi] | codes[(np.cumsum(counts) - counts)[uid[owners]] + pos], owners


def suffixes(date: Optional[str], value: float, vmax: Optional[float]) -> tuple:
    return _suffixes(date, value, vmax)


def ever_keys(tids: list[int], value: float, vmax: Optional[float], query: bool) -> list[int]:
    """EVER keys: a term and the figure itself, at any date (posted by dated mentions, queried by undated)."""
    own = _buckets(value, vmax, query)
    return [(EVER << 60) | (t << 16) | b for t in tids for b in own]


def all_ever_keys(owners: list[int], tids: Iterable[list[int]], figures: Iterable[tuple[float, Optional[float]]]) -> Keys:
    """The posted ever_keys of many mentions at once (owners, their key term ids, their (value, value_max)),
    made with numpy: the same codes (one list per mention was a third of matching undated mentions)."""
    flat, counts, first, second = array("q"), array("q"), array("q"), array("q")
    for t in tids:
        flat.extend(t)
        counts.append(len(t))
    for value, vmax in figures:
        own = _buckets(value, vmax, False)  # (one bucket, or two for a range)
        first.append(own[0])
        second.append(own[-1] if len(own) > 1 else -1)
    t = np.frombuffer(flat, np.int64)
    mine = np.repeat(np.arange(len(counts), dtype=np.int64), np.frombuffer(counts, np.int64))
    low, high = np.frombuffer(first, np.int64)[mine], np.frombuffer(second, np.int64)[mine]
    two = high >= 0
    head = (EVER << 60) | (t << 16)
    keys = Keys()
    keys.post.frombytes(np.concatenate([head | low, head[two] | high[two]]).tobytes())
    who = np.asarray(owners, np.int32)[mine]
    keys.post_owner.frombytes(np.concatenate([who, who[two]]).tobytes())
    return keys


def _expand(lo: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The indices lo[k] .. lo[k] + n[k] - 1 of every k, concatenated."""
    total = int(n.sum())
    if not total:
        return np.empty(0, np.int64)
    starts = np.repeat(lo - np.cumsum(n) + n, n)
    return starts + np.arange(total, dtype=np.int64)


def pairs(keys: Keys, queries: Iterable[tuple[int, list[int]]], limit: int = 1000, symmetric: bool = True) -> np.ndarray:
    """Candidate pairs as sorted unique codes (i << 32 | j): a query key of one (`queries`: (mention, its
    query codes)) meets a posted key of the other; a posted key shared by more than `limit` mentions is
    skipped (it tells nothing). `symmetric`: i < j whichever side queried (else i is the querier)."""
    post = np.frombuffer(keys.post, dtype=np.int64)
    if not len(post):
        return np.empty(0, np.int64)
    if len(post) <= SMALL_JOIN:
        return _small_pairs(keys, queries, limit, symmetric)
    join = _Join(post, np.frombuffer(keys.post_owner, dtype=np.int32), limit, symmetric)
    query, query_owner = array("q"), array("q")
    for owner, codes_ in queries:
        query.extend(codes_)
        query_owner.extend([owner] * len(codes_))
        if len(query) >= CHUNK:
            join(np.frombuffer(query, np.int64), np.frombuffer(query_owner, np.int64))
            query, query_owner = array("q"), array("q")
    if len(query):
        join(np.frombuffer(query, np.int64), np.frombuffer(query_owner, np.int64))
    return join.result()


def array_pairs(post: np.ndarray, post_owner: np.ndarray, query: np.ndarray, query_owner: np.ndarray,
                limit: int = 1000) -> np.ndarray:
    """pairs() of keys given as arrays of codes and their mentions (symmetric)."""
    if len(post) <= SMALL_JOIN:
        keys = Keys()
        keys.post.extend(post.tolist())
        keys.post_owner.extend(post_owner.tolist())
        order = np.argsort(query_owner, kind="stable")
        owners, codes = query_owner[order].tolist(), query[order].tolist()
        return _small_pairs(keys, ((o, [c]) for o, c in zip(owners, codes)), limit, True)
    return join_chunks(post, post_owner, [(query, query_owner)], limit)


def join_chunks(post: np.ndarray, post_owner: np.ndarray, queries: Iterable[tuple[np.ndarray, np.ndarray]],
                limit: int = 1000) -> np.ndarray:
    """array_pairs() of query codes given a chunk at a time ((codes, their mentions) each), so that they
    never all sit in memory."""
    if not len(post):
        return np.empty(0, np.int64)
    if len(post) <= SMALL_JOIN:
        parts = list(queries)
        return array_pairs(post, post_owner, np.concatenate([q for q, _ in parts]), np.concatenate([o for _, o in parts]), limit)
    join = _Join(post, post_owner, limit, True)
    for query, owner in queries:
        for at in range(0, len(query), CHUNK):
            join(query[at:at + CHUNK], owner[at:at + CHUNK])
    return join.result()


class _Join:
    """Query codes met with sorted posted codes, a chunk at a time; the pairs found kept sorted, unique."""

    def __init__(self, post: np.ndarray, post_owner: np.ndarray, limit: int, symmetric: bool):
        order = np.argsort(post, kind="stable")
        codes, self.owners = post[order], post_owner.astype(np.int64)[order]
        starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        # each distinct code once, and where its run of posted keys starts (and the next one: its length):
        # one binary search per query key, in the distinct codes only
        self.keys, self.starts = codes[starts], np.append(starts, len(codes)).astype(np.int32)
        self.limit, self.symmetric = limit, symmetric
        self.found: list[np.ndarray] = []

    def __call__(self, q: np.ndarray, qo: np.ndarray) -> None:
        found = self.found
        order = np.argsort(q)  # (searched in order, the keys' binary searches stay in cache: 2x faster with the sort)
        q, qo = q[order], qo[order]
        at = np.minimum(np.searchsorted(self.keys, q), len(self.keys) - 1)
        lo = self.starts[at].astype(np.int64)
        n = np.where(self.keys[at] == q, self.starts[at + 1] - lo, 0)
        keep = (n > 0) & (n <= self.limit)
        lo, n, qo = lo[keep], n[keep], qo[keep]
        ends = np.cumsum(n)
        cuts = [0, *np.searchsorted(ends, np.arange(MATCHES, int(ends[-1]) if len(ends) else 0, MATCHES)).tolist(),
                len(n)]
        for a, b in zip(cuts, cuts[1:]):  # (matches expanded MATCHES at a time: a common key meets hundreds)
            if a < b:
                found.append(_join_part(self.owners, lo[a:b], n[a:b], qo[a:b], self.symmetric))
        if len(found) > 1 and sum(map(len, found)) > len(found[0]) + MATCHES:
            found[:] = [_merged(found)]  # (candidates repeat across chunks)

    def result(self) -> np.ndarray:
        return _merged(self.found) if self.found else np.empty(0, np.int64)


def _merged(found: list[np.ndarray]) -> np.ndarray:
    """The sorted unique codes of some sorted arrays (emptied): one copy of them at a time."""
    codes = np.concatenate(found)
    found.clear()
    return unique(codes, runs=True, own=True)


def _join_part(owners: np.ndarray, lo: np.ndarray, n: np.ndarray, querier: np.ndarray, symmetric: bool) -> np.ndarray:
    """The pair codes of queries that met n[k] posted keys from lo[k] on."""
    other = owners[_expand(lo, n)]
    mine = np.repeat(querier, n)
    differ = other != mine
    mine, other = mine[differ], other[differ]
    if symmetric:
        mine, other = np.minimum(mine, other), np.maximum(mine, other)
    return unique((mine << 32) | other)


def unique(codes: np.ndarray, runs: bool = False, own: bool = False) -> np.ndarray:
    """np.unique of int64 codes, by sorting: numpy 2's np.unique hashes, 30 times slower on millions.
    `runs`: the codes are sorted runs put end to end (a stable sort merges them); `own`: sorted in place."""
    kind = "stable" if runs else None
    if own:
        codes.sort(kind=kind)
    else:
        codes = np.sort(codes, kind=kind)
    if len(codes) < 2:
        return codes
    keep = np.empty(len(codes), np.bool_)
    keep[0] = True
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    return codes[keep]


def member(codes: np.ndarray, among: np.ndarray) -> np.ndarray:
    """np.isin(codes, among) for `among` sorted: a binary search each (np.isin sorts both sides)."""
    if not len(among):
        return np.zeros(len(codes), np.bool_)
    at = np.minimum(np.searchsorted(among, codes), len(among) - 1)
    return among[at] == codes


def _small_pairs(keys: Keys, queries: Iterable[tuple[int, list[int]]], limit: int, symmetric: bool) -> np.ndarray:
    """pairs() for a few posted keys, joined with a dict (numpy's cost per call is most of a small join)."""
    posted: dict[int, list[int]] = {}
    for code, owner in zip(keys.post, keys.post_owner):
        posted.setdefault(code, []).append(owner)
    found = set()
    for mine, codes in queries:
        for code in codes:
            others = posted.get(code)
            if others is not None and len(others) <= limit:
                for other in others:
                    if other != mine:
                        found.add((min(mine, other) << 32 | max(mine, other)) if symmetric else (mine << 32 | other))
    return np.array(sorted(found), dtype=np.int64)


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


class _Row(NamedTuple):
    """One mention's fields as Columns tests them."""

    uclass: int
    mclass: int
    change: bool
    value: float
    did: int
    sent: int
    dated: bool
    lo: int
    hi: int
    year: int
    month: int
    day: int
    period: bool
    yearly: bool
    stock: bool
    cum: bool
    qualified: bool
    earlier: bool
    source: int
    nterms: int
    low: float
    high: float


_DTYPES = {name: np.bool_ if name in ("change", "dated", "period", "yearly", "stock", "cum", "qualified", "earlier") else
           np.float64 if name in ("value", "low", "high") else np.int64 for name in _Row._fields}


def _row(it, ids: dict) -> _Row:
    lo, hi = _month_span(it.block_date, it.pstart) if it.date else (0, 0)
    year, month, day = parse_date(it.date) if it.date else (0, 0, 0)
    top = it.vmax if it.vmax is not None else it.value
    return _Row(ids.setdefault(it.uclass, len(ids)), ids.setdefault(it.mclass, len(ids)), bool(it.change),
                abs(it.value), it.did, it.sent or 0, bool(it.date), lo, hi, year, month, day, bool(it.pstart), it.yearly,
                it.stock, bool(it.cum), bool(it.qual), bool(it.earlier),
                ids.setdefault(("source", it.source), len(ids)) if it.source else -1, len(it.mterms),
                min(it.value, top), max(it.value, top))


class Columns:
    """What a pair needs to be worth comparing, one numpy column per field of the mentions: counted
    classes, change or level, the figure, the sentence, the months covered. A few pairs are tested one
    by one on the rows (_plausible, _may_edge: the same tests), and the columns are only made for many."""

    def __init__(self, items: list):
        ids: dict = {None: -1}  # (ids are only compared for equality)
        self.rows = [_row(it, ids) for it in items]
        order = sorted(range(len(items)), key=lambda k: items[k].fid)
        self.rank = [0] * len(items)
        for place, k in enumerate(order):
            self.rank[k] = place  # each mention's place in fact id order (the tie-break)

    def __getattr__(self, name: str) -> np.ndarray:
        """The columns (uclass, value ...: _Row's fields), made on first use."""
        if name not in _Row._fields:
            raise AttributeError(name)
        columns = list(zip(*self.rows)) or [()] * len(_Row._fields)
        for field, column in zip(_Row._fields, columns):
            setattr(self, field, np.array(column, _DTYPES[field]))
        return getattr(self, name)

    def _each(self, codes: np.ndarray, test) -> np.ndarray:
        rows = self.rows
        return np.array([c for c in codes.tolist() if test(rows[c >> 32], rows[c & 0xFFFF_FFFF])], np.int64)

    def plausible(self, codes: np.ndarray, max_ratio: float = 20.0) -> np.ndarray:
        """The pairs that may make an edge: compatible classes, both levels or both changes, figures within
        `max_ratio`, not one sentence, months that meet or touch (or both undated)."""
        if not len(codes):
            return codes
        if len(codes) <= SCALAR_PAIRS:
            return self._each(codes, lambda a, b: _plausible(a, b, max_ratio))
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

    def may_edge(self, codes: np.ndarray) -> np.ndarray:
        """The pairs similar.edge may link: figures that may agree (compare.values_agree: within TOL_EXACT,
        TOL_LOOSE when either is qualified, ranges by their bounds), or dates of one period (one a prefix of the other), where two figures may disagree."""
        if not len(codes):
            return codes
        if len(codes) <= SCALAR_PAIRS:
            return self._each(codes, _may_edge)
        i, j = codes >> 32, codes & 0xFFFF_FFFF
        li, hi_, lj, hj = self.low[i], self.high[i], self.low[j], self.high[j]
        signed = (li <= 0) | (lj <= 0)
        tol = np.where(self.qualified[i] | self.qualified[j], TOL_LOOSE, TOL_EXACT)
        grow, shrink = 1 + tol, 1 - tol
        may_agree = signed | ((li * shrink <= hj * grow + 1e-9) & (lj * shrink <= hi_ * grow + 1e-9))
        yi, yj, mi, mj, di, dj = self.year[i], self.year[j], self.month[i], self.month[j], self.day[i], self.day[j]
        one_year = self.yearly[i] & self.yearly[j]  # two reports of one year's amount (cluster._relation)
        days = np.abs((yi * 372 + mi * 31 + di) - (yj * 372 + mj * 31 + dj))  # >= the true days (+3 at most)
        one_week = self.stock[i] & self.stock[j] & (days <= STOCK_DAYS + 3)  # a register's count (cluster._relation)
        one_period = self.dated[i] & self.dated[j] & (yi == yj) & (((mi == 0) | (mj == 0) | (mi == mj)) & (
            (mi == 0) | (mj == 0) | (di == 0) | (dj == 0) | (di == dj)) | one_year) | one_week
        # disagreeing: both running totals or neither; a yearly figure and a dated one are not one period;
        # one article's two figures only as an earlier report or two sources'; a factor over 2 only
        # between long wordings (similar.edge)
        year_only = ((mi == 0) | (mj == 0)) & ~((mi == mj) & (di == dj)) & ~one_year
        si, sj = self.source[i], self.source[j]
        one_article = (self.did[i] == self.did[j]) & ~self.earlier[i] & ~self.earlier[j] & ~((si >= 0) & (sj >= 0) & (si != sj))
        far = _far(li, hi_, lj, hj)
        may_disagree = one_period & ((self.cum[i] == self.cum[j]) | one_week) & ~year_only & ~one_article & ~(
            far & (np.minimum(self.nterms[i], self.nterms[j]) < 3) & ~self.earlier[i] & ~self.earlier[j])
        # dates with no relation (compare.date_relation is None: neither one period, nor near, nor one
        # within the other's period); "near" loosely: months apart by one, days by a few
        months = np.abs((yi * 12 + mi) - (yj * 12 + mj))
        near = (mi > 0) & (mj > 0) & np.where((di > 0) & (dj > 0), days <= NEAR_DAYS + 3, months == 1)
        related = ~(self.dated[i] & self.dated[j]) | one_period | near | self.period[i] | self.period[j]
        return codes[(may_agree | may_disagree) & related]


def _plausible(a: _Row, b: _Row, max_ratio: float) -> bool:
    """Columns.plausible of one pair."""
    if not (a.uclass < 0 or b.uclass < 0 or a.uclass == b.uclass) or not (
            a.mclass < 0 or b.mclass < 0 or a.mclass == b.mclass) or a.change != b.change:
        return False
    if not (max(a.value, b.value) <= max_ratio * min(a.value, b.value) or a.value == b.value):
        return False
    if a.did == b.did and a.sent == b.sent and a.sent != 0:
        return False
    if a.dated and b.dated:
        return a.lo <= b.hi + 1 and b.lo <= a.hi + 1
    return not a.dated and not b.dated


def _may_edge(a: _Row, b: _Row) -> bool:
    """Columns.may_edge of one pair."""
    tol = TOL_LOOSE if a.qualified or b.qualified else TOL_EXACT
    grow, shrink = 1 + tol, 1 - tol
    may_agree = a.low <= 0 or b.low <= 0 or (
        a.low * shrink <= b.high * grow + 1e-9 and b.low * shrink <= a.high * grow + 1e-9)
    no_month = a.month == 0 or b.month == 0
    one_year = a.yearly and b.yearly  # (cluster._relation)
    one_week = a.stock and b.stock and abs((a.year * 372 + a.month * 31 + a.day) - (b.year * 372 + b.month * 31 + b.day)) \
        <= STOCK_DAYS + 3
    one_period = a.dated and b.dated and a.year == b.year and ((no_month or a.month == b.month) and (
        no_month or a.day == 0 or b.day == 0 or a.day == b.day) or one_year) or one_week
    if not may_agree and not _may_disagree(a, b, one_period, no_month):
        return False
    if not (a.dated and b.dated) or one_period or a.period or b.period:
        return True
    if a.month <= 0 or b.month <= 0:
        return False
    if a.day > 0 and b.day > 0:
        return abs((a.year * 372 + a.month * 31 + a.day) - (b.year * 372 + b.month * 31 + b.day)) <= NEAR_DAYS + 3
    return abs((a.year * 12 + a.month) - (b.year * 12 + b.month)) == 1


def _far(li, hi, lj, hj):
    """Figures (ranges lo..hi; scalars or columns) further apart than MAX_RATIO at their nearest ends
    (similar.edge's compare.gap)."""
    below, above = hi < lj, hj < li
    near_i = np.abs(np.where(below, hi, np.where(above, li, 1.0)))
    near_j = np.abs(np.where(below, lj, np.where(above, hj, 1.0)))
    return np.maximum(near_i, near_j) > MAX_RATIO * np.minimum(near_i, near_j)


def _may_disagree(a: _Row, b: _Row, one_period: bool, no_month: bool) -> bool:
    if not one_period or (a.cum != b.cum and not (a.stock and b.stock)) or (no_month and not (a.month == b.month and a.day == b.day)
                                             and not (a.yearly and b.yearly)):
        return False
    if a.did == b.did and not a.earlier and not b.earlier and not (a.source >= 0 and b.source >= 0 and a.source != b.source):
        return False
    far = bool(_far(a.low, a.high, b.low, b.high))
    return not (far and min(a.nterms, b.nterms) < 3 and not a.earlier and not b.earlier)
