"""merge_file: a facts JSONL file to a records JSONL file, one unit family at a time.

Mentions of two unit families are never one statistic, so the merge is done family by family: the
facts are split into one file per family; families are hashed into partitions, and each partition
(one job for a worker process) reads its families one after the other, clusters each in memory,
links its series, and writes its records sorted by (family, series, record). The sorted partitions
are merged into the output. Memory: the largest family's items, never the whole file. The output
does not depend on the number of partitions or workers.

- merge_file(facts_path, output_path, partitions=None, workers=1, tmp_dir=None) -> dict of counts
- merge(facts) -> list[Record]: the same for facts in memory (through a temporary file)
"""
from __future__ import annotations

import heapq
from array import array
import json
import os
import re
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import orjson

from ..schema import Fact, Record
from .cluster import cluster_family
from .compare import unit_key
from .items import Item, fact_id
from .records import Stub, assign_ids, build_records, head, line, sort_key
from .series import link_series
from .slices import SLICE, by_year, merge_by_year
from .stories import SharedFigures, StoryCounter

_UNIT = re.compile(r'"unit":\s*("(?:[^"\\]|\\.)*"|null)')
_DOC = re.compile(r'"doc":\s*("(?:[^"\\]|\\.)*")')
_VALUE = re.compile(r'"value":\s*(-?[0-9][0-9.eE+-]*)')
_VALUE_MAX = re.compile(r'"value_max":\s*(-?[0-9][0-9.eE+-]*)')
_YEAR = re.compile(r'"date":\s*"([0-9]{4})')
_MENTION_FIELDS = ("doc", "value", "value_max", "qualifier", "unit", "metric", "date", "start", "end", "sentence",
                   "publisher", "published", "source", "repeats")
SMALL = 50_000  # facts below which a pool of workers costs more than it saves


def _string(raw: str) -> str:
    return json.loads(raw) if "\\" in raw else raw[1:-1]


def _read_line(line: str) -> tuple[str, str, float, Optional[float]]:
    """(unit family, article, value, value_max) of a fact line: read with regular expressions (the
    split reads every line), with json when they find nothing."""
    unit, doc, value, vmax = _UNIT.search(line), _DOC.search(line), _VALUE.search(line), _VALUE_MAX.search(line)
    try:
        if unit is None or doc is None or value is None:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError
            return unit_key(row.get("unit"))[0], str(row.get("doc") or ""), float(row.get("value") or 0.0), \
                (None if row.get("value_max") is None else float(row["value_max"]))
        raw = unit.group(1)
        family = unit_key(None if raw == "null" else _string(raw))[0]
        return family, _string(doc.group(1)), float(value.group(1)), float(vmax.group(1)) if vmax else None
    except (ValueError, TypeError):
        raise ValueError(f"not a fact: {line[:80]!r}") from None


def _split(facts_path: Path, tmp: Path, partitions: int) -> tuple[int, dict[int, str], Counter, str]:
    """Facts into partition files (a unit family's facts all in one), each line prefixed with its family
    and its article's number; the figures articles share (stories). -> (facts, {partition: path},
    facts per family, path of the shared figures)"""
    buffers: dict[int, list[str]] = defaultdict(list)
    paths: dict[int, str] = {}
    sizes: Counter = Counter()
    stories = StoryCounter()
    buffered = n_facts = 0

    def flush():
        for k, lines in buffers.items():
            with open(paths[k], "a", encoding="utf-8") as fh:
                fh.writelines(lines)
        buffers.clear()

    with open(facts_path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            fam, doc, value, vmax = _read_line(line)
            did = stories.add(doc, fam, value, vmax)
            k = zlib.crc32(fam.encode("utf-8")) % partitions
            paths.setdefault(k, str(tmp / f"p{k}.jsonl"))
            year = _YEAR.search(line)
            buffers[k].append(f"{fam}\t{did}\t{year.group(1) if year else 0}\t{line}\n")
            sizes[fam] += 1
            n_facts += 1
            buffered += len(line)
            if buffered > 8 << 20:
                flush()
                buffered = 0
    flush()
    shared = str(tmp / "shared.npy")
    stories.save(shared)
    return n_facts, paths, sizes, shared


def _mention(row: dict) -> dict:
    out = {"fact_id": fact_id(row)}
    for k in _MENTION_FIELDS:
        v = row.get(k)
        if v is not None and not (k == "repeats" and not v):
            out[k] = v
    return out


def _families(path: str) -> dict[str, tuple[array, array]]:
    """The offsets of each unit family's lines in a partition file, and the year of each (0: undated)."""
    found: dict[str, tuple[array, array]] = {}
    with open(path, "rb") as fh:
        at = 0
        for line in fh:
            fam, _did, year, _rest = line.split(b"\t", 3)
            offsets, years = found.setdefault(fam.decode("utf-8"), (array("q"), array("h")))
            offsets.append(at)
            years.append(int(year))
            at += len(line)
    return found


class _Family:
    """Reads a family's facts from a partition file (their mentions go to a scratch file), keeps a Stub of
    each record whose fields are written to another, and writes the family's records in order."""

    def __init__(self, facts, mentions, heads):
        self.facts, self.mentions, self.heads = facts, mentions, heads
        self.stubs: list[Stub] = []
        self.fam = ""

    def read(self, offsets: Iterable[int]) -> list[Item]:
        """Items of some of the family's lines; each fact's mention line is written out (ref: its offset)."""
        items, seen = [], {}
        facts, mentions = self.facts, self.mentions
        mentions.seek(0, os.SEEK_END)
        for at in offsets:
            facts.seek(at)
            _fam, did, _year, line = facts.readline().split(b"\t", 3)
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise ValueError(f"a line is not JSON: {line[:80]!r}") from None
            ref = mentions.tell()
            mentions.write(orjson.dumps(_mention(row)) + b"\n")
            item = Item(row, ref, int(did))
            for k in ("mterms", "context", "doc", "date", "unit", "publisher", "published", "source"):
                v = getattr(item, k)
                if v is not None:
                    setattr(item, k, seen.setdefault(v, v))  # equal strings and term sets: one object
            items.append(item)
        return items

    def emit(self, items: list[Item], clusters, groups=None) -> None:
        """Records of these clusters: their fields and mentions written out, a Stub kept."""
        heads, mentions = self.heads, self.mentions
        heads.seek(0, os.SEEK_END)
        for r in build_records(items, clusters, groups):
            parts = []
            for i in r["_members"]:
                mentions.seek(items[i].ref)
                parts.append(mentions.readline().rstrip(b"\n"))
            fields = head(r)
            data = fields + b",".join(parts)
            at = heads.tell()
            heads.write(data)
            self.stubs.append(Stub(r, self.fam, (at, len(fields), len(data))))

    def write(self, out) -> tuple[int, int]:
        """The family's records, sorted by (family, series, record), as 'key\\tline' lines. -> (records,
        conflicts)"""
        stubs, self.stubs = self.stubs, []
        assign_ids(stubs)
        link_series(stubs)
        keyed = sorted(((self.fam + "\x1f" + sort_key(r)).encode("utf-8"), k) for k, r in enumerate(stubs))
        for key, k in keyed:
            r = stubs[k]
            self.heads.seek(r.blob[0])
            out.write(key + b"\t" + line(r, self.heads.read(r.blob[2])) + b"\n")
        return len(stubs), sum(r.status == "conflict" for r in stubs)


def _merge_partition(job: tuple[str, str]) -> tuple[str, int, int, int]:
    """The records of one partition's families, written sorted by (family, series, record): a family of
    up to SLICE facts at once, a larger one a year at a time (slices.py).
    -> (output path, facts, records, conflicts)"""
    path, shared_path = job
    shared = SharedFigures(np.load(shared_path))
    out_path = path[: -len(".jsonl")] + ".out"
    n_facts = n_records = n_conflicts = 0
    families = _families(path)
    with open(path, "rb") as facts, open(out_path + ".mentions", "w+b") as mentions, \
            open(out_path + ".heads", "w+b") as heads, open(out_path, "wb") as out:
        family = _Family(facts, mentions, heads)
        for fam in sorted(families):
            offsets, years = families.pop(fam)
            family.fam = fam
            if len(offsets) > SLICE:
                merge_by_year(by_year(offsets, years), family.read, family.emit, shared)
            else:
                items = family.read(offsets)
                family.emit(items, cluster_family(items, shared))
            records, conflicts = family.write(out)
            n_facts += len(offsets)
            n_records += records
            n_conflicts += conflicts
    os.unlink(out_path + ".mentions")
    os.unlink(out_path + ".heads")
    os.unlink(path)
    return out_path, n_facts, n_records, n_conflicts


def _map(fn, jobs, workers) -> Iterable:
    if workers > 1 and len(jobs) > 1:
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(min(workers, len(jobs))) as pool:
            yield from pool.imap(fn, jobs, chunksize=1)
        return
    for job in jobs:
        yield fn(job)


def _merge_sorted(paths: list[str], output_path: Path) -> None:
    """Merge sorted 'key\\tline' files into output_path (written to a temporary name, then renamed)."""
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = output_path.with_name(f".{output_path.name}.tmp")
    handles = [open(p, "rb") for p in paths]
    try:
        with open(tmp_out, "wb") as out:
            for line in heapq.merge(*handles, key=lambda b: b.split(b"\t", 1)[0]):
                out.write(line.split(b"\t", 1)[1])
    finally:
        for f in handles:
            f.close()
    os.replace(tmp_out, output_path)


def merge_file(facts_path, output_path, partitions: Optional[int] = None, workers: int = 1,
               tmp_dir: Optional[str] = None) -> dict:
    """Merge a facts JSONL file into a records JSONL file, one unit family at a time (see the module doc).
    `partitions`: how many groups of families (default: by size, times the workers); `workers`:
    processes (a file under SMALL facts is merged in this process). Returns counts and seconds."""
    start = time.perf_counter()
    facts_path, output_path = Path(facts_path), Path(output_path)
    if partitions is None:
        size = facts_path.stat().st_size if facts_path.exists() else 0
        partitions = max(1, min(64, size // (32 << 20) + 1)) * max(1, workers)
    with tempfile.TemporaryDirectory(prefix="factex-merge-", dir=tmp_dir) as tmp:
        n_facts, paths, sizes, shared = _split(facts_path, Path(tmp), partitions)
        t_split = time.perf_counter()
        if n_facts < SMALL:
            workers = 1
        load = {k: os.path.getsize(p) for k, p in paths.items()}
        jobs = [(paths[k], shared) for k in sorted(paths, key=lambda k: (-load[k], k))]
        done = list(_map(_merge_partition, jobs, workers))
        if sum(d[1] for d in done) != n_facts:
            raise RuntimeError("merge: a fact was lost between the partitions")  # an invariant, never expected
        t_merge = time.perf_counter()
        _merge_sorted(sorted(d[0] for d in done), output_path)
    end = time.perf_counter()
    return {"facts": n_facts, "records": sum(d[2] for d in done), "conflicts": sum(d[3] for d in done),
            "partitions": len(jobs), "families": len(sizes), "largest_family": max(sizes.values(), default=0),
            "seconds": round(end - start, 3),
            "stages": {"split": round(t_split - start, 3), "cluster": round(t_merge - t_split, 3),
                       "write": round(end - t_merge, 3)}}


def _row(fact) -> dict:
    return fact.model_dump(mode="json") if isinstance(fact, Fact) else dict(fact)


def merge(facts: Iterable) -> list[Record]:
    """Records of facts given in memory (Fact objects or dicts): merge_file on a temporary file, so that
    both ways give the very same records."""
    with tempfile.TemporaryDirectory(prefix="factex-merge-") as tmp:
        source, target = Path(tmp) / "facts.jsonl", Path(tmp) / "records.jsonl"
        with open(source, "w", encoding="utf-8") as fh:
            for fact in facts:
                fh.write(json.dumps(_row(fact), ensure_ascii=False) + "\n")
        merge_file(source, target, partitions=1)
        with open(target, encoding="utf-8") as fh:
            return [Record.model_validate_json(line) for line in fh]
