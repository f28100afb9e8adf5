"""Records from clusters: status, the figure that stands for agreeing mentions, a conflict's variants
ordered by support, and why the mentions were judged one statistic for one period.

- build_records(items, clusters, groups) -> list[dict]: record dicts, mentions as item indices under '_members'
- Stub(record, family, blob): what is kept of a record once written out (its id, series, where it is)
- assign_ids(stubs); head(record) / line(stub, blob): the JSON line
- sort_key(stub): the order records are written in (series together, in time order)

Nothing is chosen for the user: a conflict lists every variant with its articles, outlets, sources,
earliest and latest report, and which one was reported last.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

import orjson

from ..ids import stable_id
from .cluster import Clusters
from .compare import STOCK_DAYS, date_relation, significant_digits, unit_key
from .items import Item
from .similar import agree, dice


def _mode(values, key=None):
    values = [v for v in values if v is not None]
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], key(v) if key else 0, str(v)))


def _pick_date(dates: list) -> Optional[str]:
    counts = Counter(d for d in dates if d)
    if not counts:
        return None
    return max(counts, key=lambda d: (counts[d], len(d), d))


def _representative(items: list[Item], members: list[int]) -> Item:
    """The mention whose metric is closest to the others' (ties: shortest wording, smallest id)."""
    if len(members) == 1:
        return items[members[0]]
    if len(members) == 2:  # (Dice is symmetric: two mentions are equally close to each other)
        return min((items[i] for i in members), key=lambda a: (len(a.metric or ""), a.fid))
    sample = sorted(members, key=lambda i: items[i].fid)[:30]

    def key(i):
        a = items[i]
        return (-round(sum(dice(a.mterms, items[j].mterms, near=False) for j in sample if j != i), 6),
                len(a.metric or ""), a.fid)

    return items[min(sample, key=key)]


def _variants(items: list[Item], members: list[int]) -> list[list[int]]:
    """Members grouped by value, in value order: a figure joins the current variant when it agrees with
    every figure in it («97 %» agrees with 97,08 and with 97,8, which do not agree with each other)."""
    order = sorted(members, key=lambda i: (items[i].value, items[i].vmax or 0.0, items[i].fid))
    groups: list[list[int]] = []
    for i in order:
        if groups and all(agree(items[k], items[i]) for k in groups[-1]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _best_value(items: list[Item], group: list[int]) -> Item:
    """The figure that stands for agreeing mentions: exact before approximate, most reported, most precise."""
    counts = Counter((items[i].value, items[i].vmax) for i in group)

    def key(i):
        it = items[i]
        return (it.qual is None, counts[(it.value, it.vmax)], significant_digits(it.value), -it.value)

    return items[max(sorted(group, key=lambda i: items[i].fid), key=key)]


def _uniq(values) -> list:
    return sorted({v for v in values if v})


def _variant(items: list[Item], group: list[int]) -> dict:
    best = _best_value(items, group)
    published = _uniq(items[i].published for i in group)
    return {
        "value": best.value, "value_max": best.vmax, "qualifier": best.qual,
        "articles": len({items[i].doc for i in group}),
        "docs": _uniq(items[i].doc for i in group),
        "sources": _uniq(items[i].source for i in group),
        "publishers": _uniq(items[i].publisher for i in group),
        "published": published,
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
        "dates": _uniq(items[i].date for i in group),
        "metrics": _uniq(items[i].metric for i in group),
        "mentions": sorted(items[i].fid for i in group),
    }


def _figure(v: dict) -> str:
    sign = {"gt": "> ", "lt": "< ", "approx": "~"}.get(v["qualifier"] or "", "")
    text = f"{v['value']:,.15g}"  # (10 digits would print 13,200,000,000 as 1.32e+10)
    if v.get("value_max") is not None:
        text += f"-{v['value_max']:,.15g}"
    return sign + text


def _evidence(items: list[Item], members: list[int], date: Optional[str], links: list[str]) -> dict:
    counts = Counter(t for i in members for t in items[i].mterms)
    docs = len({items[i].doc for i in members})
    shared = sorted(t for t, n in counts.items() if n >= max(2, (len(members) + 1) // 2))
    links = sorted(set(links), key=links.index)
    dates = sorted({items[i].date for i in members if items[i].date})
    if len(dates) > 1 and len({d[:4] for d in dates}) == 1 and all(items[i].yearly for i in members if items[i].date):
        date = dates[0][:4]  # (cluster._relation: a yearly amount is of its year)
        links.append(f"a yearly amount, reported at {' and '.join(dates)}: one year")
    elif len(dates) > 1 and all(items[i].stock for i in members if items[i].date):
        links.append(f"a register's count, reported at {' and '.join(dates)} ({STOCK_DAYS} days apart at most): one period")
    return {"shared_terms": shared if docs > 1 else [], "period": date, "links": links}


def _reason(status: str, metric: Optional[str], evidence: dict, variants: list[dict], n_docs: int) -> Optional[str]:
    if status == "single":
        return None
    how = "; ".join(evidence["links"]) or "similar wording"
    words = f" (shared terms: {', '.join(evidence['shared_terms'])})" if evidence["shared_terms"] else ""
    period = evidence["period"] or "no date given"
    head = f"{n_docs} articles report «{metric or '?'}»{words} for one period ({period}): {how}."
    if status == "corroborated":
        return head + " Their figures agree."
    told = "; ".join(f"{_figure(v)} in {v['articles']} article{'s' if v['articles'] > 1 else ''}"
                     + (f" ({', '.join(v['publishers'])})" if v["publishers"] else "") for v in variants)
    return head + f" They disagree: {told}."


def _build_record(items: list[Item], members: list[int], links: list[str]) -> dict:
    docs = {items[i].doc for i in members}
    groups = _variants(items, members)
    status = "conflict" if len(groups) > 1 else ("single" if len(docs) == 1 else "corroborated")
    rep = _representative(items, members)
    unit = _mode([items[i].unit for i in members], key=lambda u: unit_key(u)[1] is not None)
    date = _pick_date([items[i].date for i in members])
    published = _uniq(items[i].published for i in members)
    record = {
        "record_id": "", "status": status, "metric": rep.metric, "metric_key": " ".join(sorted(rep.mterms)),
        "unit": unit, "date": date, "period_start": _mode([items[i].pstart for i in members]),
        "articles": len(docs), "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
    }
    flags = []
    dated = {items[i].date for i in members if items[i].date}
    relations = {date_relation(a, b) for a in dated for b in dated}
    if None in relations or "within" in relations:
        flags.append("dates_differ")  # same-story figure dated differently by its articles
    elif "near" in relations:
        flags.append("dates_approximate")
    if date is None:
        flags.append("undated")
    variants = []
    if status == "conflict":
        variants = [_variant(items, g) for g in groups]
        variants.sort(key=lambda v: (-v["articles"], -len(v["sources"]), v["first_reported"] or "~", v["value"]))
        latest = max((v["last_reported"] for v in variants if v["last_reported"]), default=None)
        for v in variants:
            v["most_recent"] = latest is not None and v["last_reported"] == latest
        first = variants[0]
        record.update(value=first["value"], value_max=first["value_max"], qualifier=first["qualifier"],
                      variants=variants)
    else:
        best = _best_value(items, members)
        record.update(value=best.value, value_max=best.vmax, qualifier=best.qual)
    evidence = _evidence(items, members, date, links)
    if status != "single":
        record["evidence"] = evidence
        record["reason"] = _reason(status, rep.metric, evidence, variants, len(docs))
    record["flags"] = flags
    record["_members"] = sorted(members, key=lambda i: (items[i].published or "~", items[i].doc, items[i].start,
                                                        items[i].fid))
    record["_cum"] = any(items[i].cum for i in members)
    record["_rep"] = rep
    record["_min_fid"] = min(items[i].fid for i in members)
    return record


def _single(it: Item, i: int) -> dict:
    """The record of a mention merged with no other (most of them: a fast path)."""
    return {"record_id": "", "status": "single", "metric": it.metric, "metric_key": " ".join(sorted(it.mterms)),
            "unit": it.unit, "date": it.date, "period_start": it.pstart, "articles": 1,
            "first_reported": it.published, "last_reported": it.published, "value": it.value,
            "value_max": it.vmax, "qualifier": it.qual, "flags": [] if it.date else ["undated"],
            "_members": [i], "_cum": it.cum, "_rep": it, "_min_fid": it.fid}


def build_records(items: list[Item], clusters: Clusters, groups: Optional[list[list[int]]] = None) -> list[dict]:
    """Record dicts of clusters of one unit family (`groups`: some of its clusters only); record_id is
    given later, over the whole family (assign_ids)."""
    return [_single(items[g[0]], g[0]) if len(g) == 1 else _build_record(items, g, clusters.reasons_of(g[0]))
            for g in (clusters.groups() if groups is None else groups)]


class Rep:
    """The mention that stands for a record, as series need it (its items are gone by then); `mterms` is
    a frozenset, or a sorted tuple once pickled (series.terms_of)."""

    __slots__ = ("mterms", "context", "uclass", "value")

    def __init__(self, it: Item):
        self.mterms, self.context, self.uclass, self.value = it.mterms, it.window, it.uclass, it.value

    def __reduce__(self):  # pickled with a large family's records: its terms as tuples (a third of a set's memory)
        return _rep, (tuple(sorted(self.mterms)), self.context, self.uclass, self.value)

    @property
    def cterms(self) -> frozenset:
        context = self.context  # an items.Window, or its terms once pickled
        return frozenset(context if isinstance(context, tuple) else context.terms)


_FLAGS: dict[tuple, tuple] = {}  # one tuple per combination of flags (a list per record: 13 MB of a large family)


def _rep(mterms: tuple, context: tuple, uclass: Optional[str], value: float) -> Rep:
    rep = Rep.__new__(Rep)
    rep.mterms, rep.context, rep.uclass, rep.value = mterms, context, uclass, value
    return rep


class Stub:
    """What outlives a record's items: enough to give it an id, number its series and write it (its
    fields and mentions are written out already: `blob` = (scratch file, offset, length of the fields,
    length), kept as one int). An undated record keeps no Rep: it is in no series."""

    __slots__ = ("status", "base_id", "date", "value", "qualifier", "cum", "min_fid", "rep", "flags", "_blob",
                 "record_id", "series_id", "series_index")

    def __init__(self, record: dict, fam: str, blob: tuple[int, int, int, int]):
        self.status, self.base_id = record["status"], stable_id("record", fam, record["metric_key"], record["date"] or "")
        self.date, self.value = record["date"], record["value"]
        self.qualifier, self.cum, self.min_fid = record["qualifier"], record["_cum"], record["_min_fid"]
        flags = tuple(record["flags"])
        self.rep, self.flags = Rep(record["_rep"]) if record["date"] else None, _FLAGS.setdefault(flags, flags)
        src, at, fields, length = blob
        self._blob = (((src << 48 | at) << 32 | fields) << 32) | length
        self.record_id, self.series_id, self.series_index = "", None, 0

    @property
    def blob(self) -> tuple[int, int, int, int]:
        b = self._blob
        return b >> 112, (b >> 64) & 0xFFFF_FFFF_FFFF, (b >> 32) & 0xFFFF_FFFF, b & 0xFFFF_FFFF


def assign_ids(stubs: list[Stub]) -> None:
    """record_id from the metric key, unit family and period; records that would share one are told apart
    by their smallest fact id (the one with the smallest keeps the plain id)."""
    by_id: dict[str, list[Stub]] = defaultdict(list)
    for r in stubs:
        by_id[r.base_id].append(r)
    for rid, group in by_id.items():
        group.sort(key=lambda r: r.min_fid)
        for n, r in enumerate(group):
            r.record_id = rid if n == 0 else stable_id(rid, r.min_fid)


_PUBLIC = ("status", "metric", "metric_key", "unit", "date", "period_start", "value", "value_max", "qualifier",
           "variants", "articles", "first_reported", "last_reported", "reason", "evidence")


def head(record: dict) -> bytes:
    """The record's fields as written, but its id, series, flags and mentions (known later): a JSON
    object without its braces."""
    out = {}
    for k in _PUBLIC:
        v = record.get(k)
        if v is None or (k == "variants" and not v):
            continue
        if k == "variants":
            v = [{a: b for a, b in var.items() if b is not None and b != []} for var in v]
        out[k] = v
    return orjson.dumps(out)[1:-1]


def line(stub: Stub, blob: bytes) -> bytes:
    """The record's JSON line (schema.Record): id, the fields, series, flags, mentions (blob: the fields
    and the mentions as written by the merge)."""
    tail = {"flags": stub.flags}
    if stub.series_id:
        tail = {"series_id": stub.series_id, "series_index": stub.series_index, "flags": stub.flags}
    at = stub.blob[2]
    return (b'{"record_id":"' + stub.record_id.encode() + b'",' + blob[:at] + b"," + orjson.dumps(tail)[1:-1]
            + b',"mentions":[' + blob[at:] + b"]}")


def sort_key(stub: Stub) -> str:
    return "\x1f".join((stub.series_id or stub.record_id, f"{stub.series_index:06d}", stub.record_id))
