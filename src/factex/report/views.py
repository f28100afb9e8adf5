"""What the templates show, computed from a run: plain dicts and strings, no markup.

- `value_text`: a figure as a number a person reads (22,500,000; 2.92; ranges 1,000–2,000)
- `article_zones`: an article's text cut into chrome/body zones and plain/figure parts
- `conflict_view`: a conflict record with its variants ordered by support, each with its sentences
- `series_views`: records sharing a `series_id`, in time order, with a chart
- `record_row`: one row of the records table (records.js)
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Optional
from urllib.parse import urlsplit

from .chart import series_chart

QUALIFIER_SIGNS = {"approx": "≈", "gt": ">", "lt": "<"}
STATUS_ORDER = {"conflict": 0, "corroborated": 1, "single": 2}
MAX_MENTIONS_PER_VARIANT = 3
QUOTE_CONTEXT = 160  # characters of a sentence kept on each side of its figure (the article has the rest)
VARIANTS_SHOWN = 4  # side by side; more are listed under them, folded


def number_text(value) -> str:
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "" if value is None else str(value)
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def value_text(item: dict) -> str:
    """22,500,000 / 1,000–2,000 (no qualifier sign: see `qualifier_sign`)."""
    text = number_text(item.get("value"))
    if item.get("value_max") is not None:
        text += "–" + number_text(item["value_max"])
    return text


def qualifier_sign(item: dict) -> str:
    return QUALIFIER_SIGNS.get(item.get("qualifier") or "", "")


def signed_value_text(item: dict) -> str:
    sign = qualifier_sign(item)
    return f"{sign} {value_text(item)}" if sign else value_text(item)


def web_url(url: Optional[str]) -> Optional[str]:
    """The URL when it is http(s); anything else (javascript:, data:) is not made a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def article_href(doc_id: str) -> str:
    return f"articles/{doc_id[:2]}/{doc_id}.html"


# ---------------------------------------------------------------- article text


def fact_view(fact: dict, record_id: Optional[str], root: str) -> dict:
    return {
        "id": fact["id"], "surface": fact.get("surface") or "", "value": value_text(fact),
        "sign": qualifier_sign(fact), "qualifier": fact.get("qualifier"), "unit": fact.get("unit"),
        "metric": fact.get("metric"), "date": fact.get("date"), "period_start": fact.get("period_start"),
        "source": fact.get("source"), "record_id": record_id,
        "record_href": f"{root}index.html#record={record_id}" if record_id else None,
    }


def article_zones(text: str, body_start: int, body_end: Optional[int], facts: list[dict]) -> tuple[list[dict], int]:
    """-> (zones, figures left unmarked). A zone is {"kind": "chrome"|"body", "parts": [...]}; a part is
    {"text": str, "fact": fact view or None, "repeat": bool}. Figures overlapping an earlier
    one, or outside the text, are left unmarked (they stay in the list of facts under the text)."""
    n = len(text)
    body_start = max(0, min(body_start or 0, n))
    body_end = n if body_end is None else max(body_start, min(body_end, n))
    marks, skipped, last_end = [], 0, 0
    spans = [(f["start"], f["end"], f, False) for f in facts]
    spans += [(s, e, f, True) for f in facts for s, e in (f.get("repeats") or [])]
    for start, end, fact, repeat in sorted(spans, key=lambda s: (s[0], s[1])):
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= n or start < last_end:
            skipped += not repeat
            continue
        marks.append((start, end, fact, repeat))
        last_end = end
    zones = []
    for kind, lo, hi in (("chrome", 0, body_start), ("body", body_start, body_end), ("chrome", body_end, n)):
        if hi > lo:
            parts = _parts(text, lo, hi, marks)
            zones.append({"kind": kind, "position": "before" if lo == 0 and kind == "chrome" else "after",
                          "parts": parts, "chars": hi - lo, "has_fact": any(p["fact"] for p in parts)})
    return zones, skipped


def _parts(text: str, lo: int, hi: int, marks: list) -> list[dict]:
    parts, cursor = [], lo
    for start, end, fact, repeat in marks:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        if start > cursor:
            parts.append({"text": text[cursor:start], "fact": None, "repeat": False})
        parts.append({"text": text[start:end], "fact": fact, "repeat": repeat})
        cursor = end
    if cursor < hi:
        parts.append({"text": text[cursor:hi], "fact": None, "repeat": False})
    return parts


# ---------------------------------------------------------------- conflicts


def sentence_parts(sentence: str, fact: Optional[dict], start: Optional[int]) -> dict:
    """The sentence cut around its figure: {"before", "figure", "after"} (figure "" when not found);
    a long sentence is clipped to QUOTE_CONTEXT characters on each side of the figure."""
    surface = (fact or {}).get("surface") or ""
    offset = None
    if fact and isinstance(start, int) and isinstance(fact.get("sentence_start"), int):
        offset = start - fact["sentence_start"]
        if sentence[offset : offset + len(surface)] != surface:
            offset = None
    if offset is None and surface:
        offset = sentence.find(surface)
    if offset is None or offset < 0 or not surface:
        return {"before": _clip_end(sentence, 2 * QUOTE_CONTEXT), "figure": "", "after": ""}
    return {"before": _clip_start(sentence[:offset], QUOTE_CONTEXT), "figure": surface,
            "after": _clip_end(sentence[offset + len(surface) :], QUOTE_CONTEXT)}


def _clip_start(text: str, size: int) -> str:
    """The last `size` characters or so of `text`, cut at a space, with an ellipsis."""
    if len(text) <= size:
        return text
    cut = text.find(" ", len(text) - size)
    return "… " + text[cut + 1 if cut >= 0 else len(text) - size :]


def _clip_end(text: str, size: int) -> str:
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size] + " …"


def _support(variant: dict) -> int:
    support = variant.get("support")
    return support if isinstance(support, int) else len(set(variant.get("docs") or ()))


def _variant_mentions(record: dict, variant: dict) -> list[dict]:
    docs = set(variant.get("docs") or ())
    in_docs = [m for m in record["mentions"] if m.get("doc") in docs]
    same = [m for m in in_docs if m.get("value") == variant.get("value") and m.get("value_max") == variant.get("value_max")]
    return same or in_docs


def conflict_view(record: dict, run, doc_pages: dict) -> dict:
    """A conflict record as the side-by-side card shows it: variants ordered by support (most first), the
    first VARIANTS_SHOWN side by side, the others folded under them."""
    variants = sorted(record.get("variants") or [], key=lambda v: (-_support(v), min(v.get("published") or ["9999"])))
    views = []
    for variant in variants:
        mentions = []
        for mention in _variant_mentions(record, variant):
            fact = run.fact(mention.get("doc"), mention.get("fact_id"))
            page = doc_pages.get(mention.get("doc"))
            mentions.append({
                **sentence_parts(mention.get("sentence") or "", fact, mention.get("start")),
                "written": (fact or {}).get("surface") or "", "source": mention.get("source"),
                "publisher": mention.get("publisher") or (page or {}).get("publisher"),
                "published": mention.get("published"), "date": mention.get("date"), "doc": mention.get("doc"),
                "href": f"{page['href']}#f-{mention.get('fact_id')}" if page else None,
            })
        views.append({
            "value": value_text(variant), "sign": qualifier_sign(variant), "qualifier": variant.get("qualifier"),
            "support": _support(variant), "written": sorted({m["written"] for m in mentions if m["written"]}),
            "unit": _common(m.get("unit") for m in _variant_mentions(record, variant)) or record.get("unit"),
            "dates": sorted(set(variant.get("dates") or ()) | {m["date"] for m in mentions if m["date"]}),
            "sources": variant.get("sources") or sorted({m["source"] for m in mentions if m["source"]}),
            "publishers": variant.get("publishers") or sorted({m["publisher"] for m in mentions if m["publisher"]}),
            "published": sorted(set(variant.get("published") or ())),
            "mentions": mentions[:MAX_MENTIONS_PER_VARIANT], "more": max(0, len(mentions) - MAX_MENTIONS_PER_VARIANT),
        })
    return {
        "id": record["record_id"], "metric": record.get("metric") or record.get("metric_key") or "",
        "unit": record.get("unit"), "date": record.get("date"), "period_start": record.get("period_start"),
        "articles": len({m.get("doc") for m in record["mentions"]}), "flags": record.get("flags") or [],
        "reason": _text_field(record, "reason", "evidence", "conflict_reason"),
        "variants": views[:VARIANTS_SHOWN], "folded": views[VARIANTS_SHOWN:],
    }


def _common(values) -> Optional[str]:
    values = {v for v in values if v}
    return values.pop() if len(values) == 1 else None


def _text_field(record: dict, *names: str) -> Optional[str]:
    """A readable explanation field, if the schema of this run has one (a string)."""
    for name in names:
        if isinstance(record.get(name), str) and record[name].strip():
            return record[name]
    return None


def conflict_order(record: dict):
    return (-len({m.get("doc") for m in record["mentions"]}), record.get("metric") or "", record["record_id"])


# ---------------------------------------------------------------- series


def series_views(records: list[dict]) -> list[dict]:
    """Series of two records or more, those with a cumulative decrease first, then the longest."""
    groups = defaultdict(list)
    for record in records:
        if record.get("series_id"):
            groups[record["series_id"]].append(record)
    views = []
    for series_id, members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda r: (r.get("series_index") if isinstance(r.get("series_index"), int) else 1 << 30,
                                    r.get("date") or ""))
        points = [{
            "record_id": r["record_id"], "date": r.get("date"), "value": r.get("value"), "text": signed_value_text(r),
            "status": r["status"], "decrease": "cumulative_decrease" in (r.get("flags") or ()),
            "others": [v.get("value") for v in r.get("variants") or [] if v.get("value") != r.get("value")],
        } for r in members]
        views.append({
            "id": series_id, "metric": members[-1].get("metric") or members[-1].get("metric_key") or "",
            "unit": _common(r.get("unit") for r in members) or members[-1].get("unit"),
            "points": points, "decrease": any(p["decrease"] for p in points), "chart": series_chart(points),
        })
    views.sort(key=lambda s: (not s["decrease"], -len(s["points"]), s["metric"], s["id"]))
    return views


# ---------------------------------------------------------------- records table


_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def visible_controls(text: str) -> str:
    """Bidi embedding/override/isolate controls shown as [U+202E] instead of reordering what follows."""
    return _CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def record_row(record: dict, doc_index: dict, link: str) -> list:
    """[id, status, metric, value, value text, unit, date, articles, flags, mentions, link]; mentions are
    "DOC:FACT" pairs (DOC an index into the docs list), joined by spaces."""
    variants = record.get("variants") or []
    text = " / ".join(signed_value_text(v) for v in variants[:VARIANTS_SHOWN]) if variants else signed_value_text(record)
    if len(variants) > VARIANTS_SHOWN:
        text += " / …"
    mentions = " ".join(f"{doc_index[m['doc']]}:{m.get('fact_id')}" for m in record["mentions"] if m.get("doc") in doc_index)
    value = record.get("value")
    return [
        record["record_id"], record["status"], visible_controls(record.get("metric") or record.get("metric_key") or ""),
        value if isinstance(value, (int, float)) and math.isfinite(value) else None, text,
        visible_controls(record.get("unit") or ""), record.get("date") or "",
        len({m.get("doc") for m in record["mentions"]}), " ".join(record.get("flags") or ()), mentions, link,
    ]
