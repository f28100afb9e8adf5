"""Build the static report of a run: REPORT_DIR/index.html, records.js, articles/, static/.

    build_report(out_dir, report_dir=None) -> ReportSummary

Pages are Jinja2 templates (autoescaping on) under templates/; the stylesheet and the records-table
script are shipped in static/ and copied beside the pages, so the report opens from file:// with no
server and no network. The records table's data is a script file (records.js) because browsers block
fetch() from file://. Article pages are one file each, written while documents.jsonl is streamed.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


from ..normalize import DIACRITICS, INVISIBLE, LETTERS
from . import views
from .articles import write_articles
from .templating import environment
from .load import RunError, load_run

STATIC = Path(__file__).parent / "static"
MARKER = ".factex-report"
CONFLICTS_PER_PAGE = 40
SERIES_PER_PAGE = 40
UNITS_LISTED = 300
FAILURES_LISTED = 200


@dataclass
class ReportSummary:
    report_dir: Path
    articles: int = 0
    pages: int = 0
    records: int = 0
    conflicts: int = 0
    series: int = 0
    failures: int = 0
    seconds: float = 0.0
    index_bytes: int = 0
    total_bytes: int = 0
    stages: dict = field(default_factory=dict)  # seconds: read, articles, records.js, pages

    @property
    def index(self) -> Path:
        return self.report_dir / "index.html"


def _prepare(report_dir: Path) -> None:
    """An empty folder to build in: a previous report (marked) is replaced, anything else is left alone."""
    if report_dir.exists():
        if not report_dir.is_dir():
            raise RunError(f"{report_dir}: exists and is not a folder")
        if any(report_dir.iterdir()) and not (report_dir / MARKER).exists():
            raise RunError(f"{report_dir}: not empty and not a factex report; choose another folder with -o")
        shutil.rmtree(report_dir)
    report_dir.mkdir(parents=True)
    (report_dir / MARKER).write_text("built by factex report; the folder is replaced at each build\n", encoding="utf-8")
    shutil.copytree(STATIC, report_dir / "static")


def _write(path: Path, text: str) -> int:
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


_INVISIBLE_JSON = re.compile("[<\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _script_json(value) -> str:
    """JSON as a JavaScript literal that is safe in a script file: no '</script', and invisible or
    bidi-control characters written as \\u escapes (they would reorder what an editor shows)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _INVISIBLE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _pages(items: list, size: int, first: str, other: str) -> list[dict]:
    count = max(1, -(-len(items) // size))
    return [{"n": n, "href": first if n == 1 else other.format(n=n), "items": items[(n - 1) * size : n * size]}
            for n in range(1, count + 1)]


def build_report(out_dir, report_dir=None, workers: int = 1) -> ReportSummary:
    """Read the run in `out_dir` and write its report to `report_dir` (default OUT_DIR/report); article
    pages are rendered by `workers` processes."""
    started = time.perf_counter()
    stages = {}
    out_dir = Path(out_dir)
    report_dir = Path(report_dir) if report_dir else out_dir / "report"
    run = load_run(out_dir)
    _prepare(report_dir)
    env = environment()
    summary = ReportSummary(report_dir=report_dir, records=len(run.records), stages=stages)
    context = {"run_name": out_dir.resolve().name}

    stages["read"] = time.perf_counter() - started
    articles = write_articles(out_dir, report_dir, run, context, workers=workers)
    doc_pages, failed_docs = articles.doc_pages, articles.failed
    summary.articles, summary.pages = articles.articles, articles.pages
    stages["articles"] = time.perf_counter() - started - stages["read"]

    conflicts = sorted((r for r in run.records if r["status"] == "conflict"), key=views.conflict_order)
    conflict_pages = _pages([views.conflict_view(r, run, doc_pages) for r in conflicts], CONFLICTS_PER_PAGE,
                            "index.html", "conflicts-{n}.html")
    series_pages = _pages(views.series_views(run.records), SERIES_PER_PAGE, "index.html", "series-{n}.html")
    summary.conflicts, summary.series = len(conflicts), sum(len(p["items"]) for p in series_pages)
    failures = run.failures(failed_docs)
    summary.failures = len(failures)

    links = {c["id"]: f"{p['href']}#r-{c['id']}" for p in conflict_pages for c in p["items"]}
    for page in series_pages:
        for series in page["items"]:
            for point in series["points"]:
                links.setdefault(point["record_id"], f"{page['href']}#s-{series['id']}")
    _write_records_js(report_dir, run.records, doc_pages, links)
    stages["records.js"] = time.perf_counter() - started - sum(stages.values())

    statuses = Counter(r["status"] for r in run.records)
    units = Counter(r.get("unit") for r in run.records if r.get("unit"))
    index = env.get_template("index.html").render(
        **context, root="", counts={
            "documents": summary.articles + len(failed_docs), "articles": summary.articles, "facts": run.fact_count,
            "records": len(run.records), "single": statuses["single"], "corroborated": statuses["corroborated"],
            "conflict": statuses["conflict"], "series": summary.series, "failures": len(failures),
            "decreases": sum(1 for p in series_pages for s in p["items"] if s["decrease"]),
        },
        failures=failures[:FAILURES_LISTED], conflict_pages=conflict_pages, series_pages=series_pages,
        units=[u for u, _ in units.most_common(UNITS_LISTED)],
    )
    summary.index_bytes = _write(report_dir / "index.html", index)
    for template, pages in (("conflicts_page.html", conflict_pages), ("series_page.html", series_pages)):
        for page in pages[1:]:
            _write(report_dir / page["href"], env.get_template(template).render(
                **context, root="", page=page, pages=pages))
    stages["pages"] = time.perf_counter() - started - sum(stages.values())
    summary.total_bytes = sum(p.stat().st_size for p in report_dir.rglob("*") if p.is_file())
    summary.seconds = time.perf_counter() - started
    return summary


def _write_records_js(report_dir: Path, records: list[dict], doc_pages: dict, links: dict) -> None:
    docs = sorted(doc_pages)
    doc_index = {doc: i for i, doc in enumerate(docs)}
    ordered = sorted(records, key=lambda r: (views.STATUS_ORDER.get(r["status"], 3),
                                             -len({m.get("doc") for m in r["mentions"]}), r.get("date") or "",
                                             r["record_id"]))
    data = {
        "fields": ["id", "status", "metric", "value", "text", "unit", "date", "articles", "flags", "mentions", "link"],
        "docs": [[doc_pages[d]["href"], views.visible_controls(doc_pages[d]["publisher"] or d)] for d in docs],
        "rows": [views.record_row(r, doc_index, links.get(r["record_id"], "")) for r in ordered],
        "fold": {"letters": LETTERS, "drop": DIACRITICS + INVISIBLE},
    }
    (report_dir / "records.js").write_text(f"window.FACTEX_RECORDS = {_script_json(data)};\n", encoding="utf-8")
