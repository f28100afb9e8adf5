"""Stories: articles that report the same figures cover one story.

While the facts are split, every (article, unit family, value) is noted; two articles that give the
same figure of the same family share one point of a story, and those sharing STORY_AFFINITY or more
are on one story (a train crash that two outlets report with the same 230 passengers, 9 ambulances
and 31 injured). A figure that a great many articles give (MAX_POSTING: «3 persons») tells nothing, nor
does a percentage of fewer than three significant digits (1.5 %: every market report has some), nor a
one («حالة واحدة», «1 person»: in a small folder no posting limit catches it).
Between articles on one story an identical figure is the same statistic even when the wordings share
nothing, an undated article takes the period of its story, and a disagreement is a conflict.

- StoryCounter.add(doc, family, value, value_max) while splitting; .save(path) -> the shared counts
- StoryAffinity.load(path, docs) -> lookups for the articles of one unit family: .get(d, e), .neighbours(d)
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Iterable, Optional

import numpy as np

from .compare import significant_digits

STORY_AFFINITY = 2  # articles sharing this many figures (or records) are on one story
STRONG_STORY = 4  # ... this many: a specific figure they date to two months of one year is still one
MAX_POSTING = 50  # a figure given by more articles than this is common, not a story's
MAX_NEIGHBOURS = 8  # the articles on one article's story that its figures are compared with


class StoryCounter:
    """(article, family, value) of every fact, as int arrays; doc ids are given in order of first sight."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.keys = array("q")
        self.owners = array("q")

    def doc_id(self, doc: str) -> int:
        found = self.ids.get(doc)
        if found is None:
            found = self.ids[doc] = len(self.ids)
        return found

    def add(self, doc: str, family: str, value: float, value_max: Optional[float]) -> int:
        did = self.doc_id(doc)
        if value not in (0.0, 1.0) and (family != "%" or value_max is not None or significant_digits(value) >= 3):
            self.keys.append(hash((family, value, value_max)))  # grouping only, in this process
            self.owners.append(did)
        return did

    def shared(self) -> tuple[np.ndarray, np.ndarray]:
        """Sorted pair codes (smaller id << 32 | larger id) and how many figures each pair shares."""
        keys = np.frombuffer(self.keys, dtype=np.int64)
        owners = np.frombuffer(self.owners, dtype=np.int64)
        if not len(keys):
            return np.empty(0, np.int64), np.empty(0, np.int64)
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        first = np.ones(len(keys), np.bool_)  # one (figure, article) once
        first[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        keys, owners = keys[first], owners[first]
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        sizes = np.diff(np.append(starts, len(keys)))
        size = np.repeat(sizes, sizes)  # each (figure, article): its figure's number of articles
        rank = np.arange(len(keys)) - np.repeat(starts, sizes)
        later = np.where((size >= 2) & (size <= MAX_POSTING), size - rank - 1, 0)
        total = int(later.sum())
        if not total:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        left = np.repeat(np.arange(len(keys)), later)
        right = left + 1 + (np.arange(total) - np.repeat(np.cumsum(later) - later, later))
        pairs, counts = np.unique((owners[left] << 32) | owners[right], return_counts=True)
        story = counts >= STORY_AFFINITY  # one shared figure tells nothing
        return pairs[story], counts[story].astype(np.int64)

    def save(self, path: str) -> None:
        pairs, counts = self.shared()
        np.save(path, np.stack([pairs, counts]) if len(pairs) else np.empty((2, 0), np.int64))


class SharedFigures:
    """StoryCounter.save's array, read once by a worker: lookups of the pairs among some articles (a dict
    by article when the pairs are few, sorted arrays otherwise)."""

    DICT_PAIRS = 1_000_000

    def __init__(self, shared: np.ndarray):
        self.pairs, self.counts = (shared[0], shared[1]) if shared.size else (np.empty(0, np.int64),) * 2
        self.by_doc: Optional[dict[int, list[tuple[int, int]]]] = None
        if len(self.pairs) <= self.DICT_PAIRS:
            self.by_doc = defaultdict(list)
            for p, n in zip(self.pairs.tolist(), self.counts.tolist()):
                self.by_doc[p >> 32].append((p & 0xFFFF_FFFF, n))

    def between(self, docs: Iterable[int]) -> dict[tuple[int, int], int]:
        ids = set(docs)
        if self.by_doc is not None:
            return {(d, e): n for d in ids for e, n in self.by_doc.get(d, ()) if e in ids}
        wanted = np.array(sorted(ids), dtype=np.int64)
        keep = np.isin(self.pairs >> 32, wanted) & np.isin(self.pairs & 0xFFFF_FFFF, wanted)
        return {(int(p) >> 32, int(p) & 0xFFFF_FFFF): int(n) for p, n in zip(self.pairs[keep], self.counts[keep])}


class StoryAffinity:
    """How many figures (or records) two articles share, for the articles of one unit family."""

    def __init__(self, counts: Optional[dict[tuple[int, int], int]] = None):
        self.pairs: dict[tuple[int, int], int] = defaultdict(int, counts or {})
        self._neighbours: Optional[dict[int, list[int]]] = None

    @classmethod
    def load(cls, shared, docs: Iterable[int]) -> "StoryAffinity":
        """The shared counts (a SharedFigures) between the articles `docs`."""
        return cls(shared.between(docs) if shared is not None else None)

    def add_groups(self, groups: Iterable[Iterable[int]]) -> None:
        """Records shared within the family: a pair counts the larger of its shared figures and records."""
        local: dict[tuple[int, int], int] = defaultdict(int)
        for docs in groups:
            docs = sorted(set(docs))
            if 1 < len(docs) <= MAX_POSTING:
                for k, d in enumerate(docs):
                    for e in docs[k + 1:]:
                        local[(d, e)] += 1
        for pair, n in local.items():
            self.pairs[pair] = max(self.pairs.get(pair, 0), n)
        self._neighbours = None

    def get(self, d: int, e: int) -> int:
        return self.pairs.get((d, e) if d < e else (e, d), 0)

    def same_story(self, d: int, e: int) -> bool:
        return self.get(d, e) >= STORY_AFFINITY

    def neighbours(self, d: int) -> list[int]:
        """The articles on d's story: those sharing the most with it (MAX_NEIGHBOURS at most)."""
        if self._neighbours is None:
            index: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for (a, b), n in self.pairs.items():
                if n >= STORY_AFFINITY:
                    index[a].append((-n, b))
                    index[b].append((-n, a))
            self._neighbours = {k: sorted(e for _n, e in sorted(v)[:MAX_NEIGHBOURS]) for k, v in index.items()}
        return self._neighbours.get(d, [])
