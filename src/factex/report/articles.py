"""Article pages: one HTML file per document with facts (REPORT_DIR/articles/ab/abcdef....html).

    write_articles(out_dir, report_dir, run, context, workers=1) -> Articles

documents.jsonl is streamed; each article is rendered with its facts highlighted in place. With
workers > 1 the pages are rendered and written by worker processes (chunks of articles, a bounded
number in flight, so memory does not grow with the run).
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterator

from . import views
from .load import iter_documents
from .templating import environment

CHUNK = 64
ROOT = "../../"  # from articles/ab/ back to the report folder


@dataclass
class Articles:
    doc_pages: dict = field(default_factory=dict)  # doc -> {"href", "publisher", "title"}
    failed: list = field(default_factory=list)  # documents with status "error"
    articles: int = 0  # documents read
    pages: int = 0


def write_articles(out_dir: Path, report_dir: Path, run, context: dict, workers: int = 1) -> Articles:
    result = Articles()
    jobs = _jobs(out_dir, run, result)
    chunks = iter(lambda: list(islice(jobs, CHUNK)), [])
    if workers <= 1:
        for chunk in chunks:
            result.pages += render_chunk(report_dir, context, chunk)
        return result
    context_ = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context_) as pool:
        pending = set()
        for chunk in chunks:
            pending.add(pool.submit(render_chunk, report_dir, context, chunk))
            if len(pending) >= 3 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                result.pages += sum(f.result() for f in done)
        result.pages += sum(f.result() for f in pending)
    return result


def _jobs(out_dir: Path, run, result: Articles) -> Iterator[tuple]:
    """(href, document, facts with their record ids) of each document with facts; counts on the way."""
    for document in iter_documents(out_dir):
        if document.get("status", "ok") != "ok":
            result.failed.append({"path": document.get("path"), "doc": document.get("doc"), "error": document.get("error")})
            continue
        result.articles += 1
        facts = run.facts_by_doc.get(document.get("doc"))
        if not facts:
            continue
        href = views.article_href(document["id"])
        meta = document["meta"]
        result.doc_pages[document["doc"]] = {"href": href, "publisher": meta.get("publisher"), "title": meta.get("title")}
        yield href, document, [{**f, "record_id": run.record_of_fact.get(f["id"])} for f in facts]


def render_chunk(report_dir: Path, context: dict, chunk: list) -> int:
    template = environment().get_template("article.html")
    made = set()
    for href, document, facts in chunk:
        page = Path(report_dir) / href
        if page.parent not in made:
            page.parent.mkdir(parents=True, exist_ok=True)
            made.add(page.parent)
        page.write_text(render_article(template, document, facts, context), encoding="utf-8")
    return len(chunk)


def render_article(template, document: dict, facts: list[dict], context: dict) -> str:
    fact_views = [{**views.fact_view(f, f.get("record_id"), ROOT),
                   "start": f.get("start"), "end": f.get("end"), "repeats": f.get("repeats") or []} for f in facts]
    text_ok = document["text_status"] == "ok"
    zones, unmarked = views.article_zones(document["text"], document.get("body_start") or 0,
                                          document.get("body_end"), fact_views) if text_ok else ([], 0)
    fact_views.sort(key=lambda f: (f["start"] if isinstance(f["start"], int) else 0))
    return template.render(**context, root=ROOT, document=document, meta=document["meta"], zones=zones,
                           facts=fact_views, text_status=document["text_status"], unmarked=unmarked,
                           has_chrome=any(z["kind"] == "chrome" for z in zones))
