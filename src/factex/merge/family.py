"""The work of one job of merge_file: the families of a partition file, or a year of a large family.

A job reads a family's facts from its file (each mention line is written to a scratch file), clusters
them (cluster.cluster_family), writes each record's fields and mentions to a second scratch file and
keeps a Stub of it (records.Stub): its id, series and sort key are only known once the whole family
has been seen. Then the family's records are written, sorted by (series, record), after the job's
families before it; merge_file puts the families' byte ranges end to end, in family order.

A unit family of more than SLICE facts (counts of people over a million articles) is merged a year at
a time, each year a job of its own (its dated facts, and the undated facts of articles published that
year): memory follows the largest year, and the years of one family run in parallel. A last job per
family gives the ids and numbers the series over all its years. The cost of slicing: two mentions
dated in two years are never one record (a figure dated 31 December by one article and 1 January by
another), and an undated mention only meets the records of the year its article was published.

- partition_job((path, shared)) -> ([(family, output, start, end)], facts, records, conflicts)
- slice_job((path, shared)) -> (stubs, scratch, facts)
- finish_job((family, [(stubs, scratch)], output)) -> ([(family, output, 0, end)], 0, records, conflicts)
"""
from __future__ import annotations

import io
import os
import pickle
from array import array
from collections import defaultdict
from typing import Iterable

import numpy as np
import orjson

from .cluster import cluster_family
from .items import Item, fact_id
from .records import Stub, assign_ids, build_records, head, line, sort_key
from .series import link_series
from .stories import SharedFigures

SLICE = 50_000  # a unit family with more facts than this is merged a year at a time
IN_MEMORY = 16 << 20  # a partition file up to this size is read into memory, its scratch files kept there
_MENTION_FIELDS = ("doc", "value", "value_max", "qualifier", "unit", "metric", "date", "start", "end", "sentence",
                   "publisher", "published", "source", "repeats")


def _mention(row: dict) -> dict:
    out = {"fact_id": fact_id(row)}
    for k in _MENTION_FIELDS:
        v = row.get(k)
        if v is not None and not (k == "repeats" and not v):
            out[k] = v
    return out


def families(path: str) -> dict[str, array]:
    """The offsets of each unit family's lines in a job's file ('family\\tarticle\\tyear\\tfact' lines)."""
    found: dict[str, array] = defaultdict(lambda: array("q"))
    with open(path, "rb") as fh:
        at = 0
        for raw in fh:
            found[raw[: raw.index(b"\t")].decode("utf-8")].append(at)
            at += len(raw)
    return dict(found)


class Family:
    """One family at a time: read its facts, emit its records' stubs, write its records."""

    def __init__(self, facts, mentions, scratch, src: int = 0):
        self.facts, self.mentions, self.scratch, self.src = facts, mentions, scratch, src
        self.stubs: list[Stub] = []
        self.fam = ""

    def read(self, offsets: Iterable[int]) -> list[Item]:
        """Items of some of the family's lines; each fact's mention line is written out (ref: its offset)."""
        items, seen = [], {}
        one = seen.setdefault
        facts, mentions = self.facts, self.mentions
        ref = mentions.seek(0, os.SEEK_END)
        here = -1
        for at in offsets:
            if at != here:  # (a family's lines mostly follow each other: no seek, no system call)
                facts.seek(at)
            text = facts.readline()
            here = at + len(text)
            _fam, did, _year, raw = text.split(b"\t", 3)
            try:
                row = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise ValueError(f"a line is not JSON: {raw[:80]!r}") from None
            line = orjson.dumps(_mention(row)) + b"\n"
            mentions.write(line)
            item = Item(row, ref, int(did))
            ref += len(line)
            fields = (item.mterms, item.doc, item.date, item.unit, item.publisher, item.published, item.source)
            # equal strings and term sets: one object (None stays None)
            item.mterms, item.doc, item.date, item.unit, item.publisher, item.published, item.source = map(one, fields, fields)
            items.append(item)
        return items

    def emit(self, items: list[Item], clusters) -> None:
        """The clusters' records: their fields and mentions written to the scratch file, a Stub kept."""
        scratch, mentions = self.scratch, self.mentions
        scratch.seek(0, os.SEEK_END)
        for r in build_records(items, clusters):
            parts = []
            for i in r["_members"]:
                mentions.seek(items[i].ref)
                parts.append(mentions.readline().rstrip(b"\n"))
            fields = head(r)
            data = fields + b",".join(parts)
            at = scratch.tell()
            scratch.write(data)
            self.stubs.append(Stub(r, self.fam, (self.src, at, len(fields), len(data))))


def write(stubs: list[Stub], scratches: list, out) -> tuple[int, int]:
    """A family's records, sorted by (series, record), as JSON lines; each record's fields and mentions
    are read from scratches[its src]. -> (records, conflicts)"""
    assign_ids(stubs)
    link_series(stubs)
    for _key, k in sorted((sort_key(r).encode("utf-8"), k) for k, r in enumerate(stubs)):
        r = stubs[k]
        src, at, _fields, length = r.blob
        scratches[src].seek(at)
        out.write(line(r, scratches[src].read(length)) + b"\n")
    return len(stubs), sum(r.status == "conflict" for r in stubs)


_SHARED: dict[tuple, SharedFigures] = {}  # the merge's shared figures, read once per worker (not once per job)


def _opened(path: str, shared_path: str, in_memory: bool = False):
    """The shared figures, the job's facts and its mentions' scratch file (in memory: a seek and a read
    per fact on a file cost a system call each, 0.1 s of the merge of 9,000 facts)."""
    stat = os.stat(shared_path)
    key = (shared_path, stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = SharedFigures(np.load(shared_path))
    if in_memory:
        with open(path, "rb") as fh:
            return _SHARED[key], io.BytesIO(fh.read()), io.BytesIO()
    return _SHARED[key], open(path, "rb"), open(path + ".mentions", "w+b")


def partition_job(job: tuple[str, str]) -> tuple[list[tuple[str, str, int, int]], int, int, int]:
    """The records of one partition's families, one family after the other, each family's in a byte
    range of the job's output of its own. -> ([(family, output, start, end)], facts, records, conflicts)"""
    path, shared_path = job
    in_memory = os.path.getsize(path) <= IN_MEMORY
    shared, facts, mentions = _opened(path, shared_path, in_memory)
    out_path = path + ".out"
    outputs = []
    n_facts = n_records = n_conflicts = 0
    with facts, mentions, io.BytesIO() if in_memory else open(path + ".scratch", "w+b") as scratch, \
            open(out_path, "wb") as out:
        family = Family(facts, mentions, scratch)
        found = families(path)
        for fam in sorted(found):
            offsets = found.pop(fam)
            family.fam = fam
            items = family.read(offsets)
            family.emit(items, cluster_family(items, shared))
            del items
            at = out.tell()
            records, conflicts = write(family.stubs, [scratch], out)
            outputs.append((fam, out_path, at, out.tell()))
            family.stubs = []
            n_facts, n_records, n_conflicts = n_facts + len(offsets), n_records + records, n_conflicts + conflicts
    for suffix in ("",) if in_memory else (".mentions", ".scratch", ""):
        os.unlink(path + suffix)
    return outputs, n_facts, n_records, n_conflicts


def slice_job(job: tuple[str, str, int]) -> tuple[str, str, int]:
    """One year of a large family: its records' stubs (pickled) and their scratch file."""
    path, shared_path, src = job
    shared, facts, mentions = _opened(path, shared_path)
    with facts, mentions, open(path + ".scratch", "w+b") as scratch:
        family = Family(facts, mentions, scratch, src)
        (fam, offsets), = families(path).items()
        family.fam = fam
        items = family.read(offsets)
        family.emit(items, cluster_family(items, shared))
    with open(path + ".stubs", "wb") as fh:
        pickle.dump(family.stubs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.unlink(path + ".mentions")
    os.unlink(path)
    return path + ".stubs", path + ".scratch", len(offsets)


def finish_job(job: tuple[str, list[tuple[str, str]], str]) -> tuple[list[tuple[str, str, int, int]], int, int, int]:
    """A large family's records over all its years: ids, series, order."""
    fam, parts, out_path = job
    stubs: list[Stub] = []
    for stubs_path, _scratch in parts:
        with open(stubs_path, "rb") as fh:
            stubs += pickle.load(fh)
        os.unlink(stubs_path)
    scratches = [open(scratch, "rb") for _stubs, scratch in parts]
    try:
        with open(out_path, "wb") as out:
            records, conflicts = write(stubs, scratches, out)
            end = out.tell()
    finally:
        for fh in scratches:
            fh.close()
    for _stubs, scratch in parts:
        os.unlink(scratch)
    return [(fam, out_path, 0, end)], 0, records, conflicts
