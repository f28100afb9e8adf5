"""The batch job: many files -> DIR/documents.jsonl, DIR/facts.jsonl, DIR/records.jsonl (+ errors.jsonl).

Interface: run(paths, out_dir, workers=1, resume=False, engine="local", scheduler=None, quiet=False) -> Summary
(stub: sequential; the parallel, resumable version replaces it)
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .dedup import collapse_repeats, merge
from .extract import extract_facts
from .io import iter_files, read_path


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    facts: int = 0
    records: int = 0
    conflicts: int = 0
    failures: list = field(default_factory=list)
    seconds: float = 0.0


def _dump(model) -> str:
    return json.dumps(model.model_dump(mode="json", exclude_none=True), ensure_ascii=False)


def run(paths, out_dir, workers: int = 1, resume: bool = False, engine: str = "local", scheduler=None, quiet: bool = False) -> Summary:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    facts = []
    with open(out / "documents.jsonl", "w", encoding="utf-8") as docs_fh, open(out / "facts.jsonl", "w", encoding="utf-8") as facts_fh:
        for path, doc in iter_files(paths):
            summary.files += 1
            for document in read_path(path, doc=doc):
                summary.documents += 1
                docs_fh.write(_dump(document) + "\n")
                if document.status != "ok":
                    summary.failures.append({"doc": document.doc, "error": document.error})
                    continue
                for fact in collapse_repeats(extract_facts(document)):
                    facts.append(fact)
                    facts_fh.write(_dump(fact) + "\n")
    records = merge(facts)
    with open(out / "records.jsonl", "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(_dump(record) + "\n")
    summary.facts, summary.records = len(facts), len(records)
    summary.conflicts = sum(r.status == "conflict" for r in records)
    return summary
