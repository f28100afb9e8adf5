"""Reading a run's output folder (documents, facts, records, errors .jsonl) for the report.

Lines are read as plain dicts, not pydantic models: the report must keep working while the schema
grows (unknown fields are ignored, missing optional ones default), and a 31k-article run has ~80k facts
and ~48k records to read in a few seconds. Only what the report shows is kept in memory; article texts
are streamed (`iter_documents`) and never held all at once.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from ..schema import stable_id

FACT_FIELDS = ("id", "value", "value_max", "qualifier", "unit", "metric", "date", "period_start", "source",
               "start", "end", "surface", "sentence_start", "repeats")

MENTION_FIELDS = ("fact_id", "doc", "value", "value_max", "qualifier", "date", "publisher", "published", "source")


class RunError(Exception):
    """The folder is not a factex run (a one-line reason naming the file)."""


def read_jsonl(path: Path) -> Iterator[dict]:
    """Each JSON object of a .jsonl file; a bad line is a RunError naming the file and line."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise RunError(f"{path}:{number}: not JSON ({err.msg})") from None
            if not isinstance(item, dict):
                raise RunError(f"{path}:{number}: not a JSON object")
            yield item


@dataclass
class Run:
    """What the report needs from a run, kept light."""

    out_dir: Path
    records: list[dict] = field(default_factory=list)  # conflicts in full; others without their sentences
    facts_by_doc: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    fact_count: int = 0
    record_of_fact: dict[str, str] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def fact(self, doc: str, fact_id: str) -> Optional[dict]:
        return next((f for f in self.facts_by_doc.get(doc, ()) if f["id"] == fact_id), None)

    def failures(self, documents_failed: list[dict]) -> list[dict]:
        """errors.jsonl; documents with status "error" when an older run has no errors.jsonl."""
        return self.errors or documents_failed


def load_run(out_dir: Path) -> Run:
    """Records, facts and errors of the run in `out_dir` (documents are streamed later)."""
    out_dir = Path(out_dir)
    for name in ("documents.jsonl", "records.jsonl"):
        if not (out_dir / name).is_file():
            raise RunError(f"{out_dir / name}: missing (is {out_dir} the --out-dir of a factex run?)")
    run = Run(out_dir=out_dir)
    for record in read_jsonl(out_dir / "records.jsonl"):
        if "record_id" not in record or "status" not in record:
            raise RunError(f"{out_dir / 'records.jsonl'}: a line without record_id/status")
        record.setdefault("mentions", [])
        for mention in record["mentions"]:
            run.record_of_fact[mention.get("fact_id", "")] = record["record_id"]
        if record["status"] != "conflict":  # only conflicts show their sentences on the index
            record["mentions"] = [{k: m.get(k) for k in MENTION_FIELDS} for m in record["mentions"]]
        run.records.append(record)
    for fact in read_jsonl(out_dir / "facts.jsonl"):
        run.fact_count += 1
        run.facts_by_doc[fact.get("doc", "")].append({k: fact.get(k) for k in FACT_FIELDS})
    run.errors = list(read_jsonl(out_dir / "errors.jsonl"))
    return run


def iter_documents(out_dir: Path) -> Iterator[dict]:
    """documents.jsonl, one dict at a time, each with its `text` (read from `path` when omitted).

    The text is checked against the document id (a hash of the name and the text): `text_status` is
    "ok", "missing" (no text and the file is gone) or "changed" (the file is not the text of the run).
    """
    for document in read_jsonl(Path(out_dir) / "documents.jsonl"):
        document.setdefault("meta", {})
        if document.get("status", "ok") != "ok":
            document["text_status"] = "missing"
        elif "text" in document:
            document["text_status"] = "ok"
        else:
            document["text"], document["text_status"] = _text_from_file(document, Path(out_dir))
        yield document


def _text_from_file(document: dict, out_dir: Path) -> tuple[str, str]:
    path = document.get("path")
    if not path:
        return "", "missing"
    candidates = [Path(path)] if Path(path).is_absolute() else [Path(path), out_dir.parent / path, out_dir / path]
    for candidate in candidates:
        try:
            raw = candidate.read_bytes()
        except OSError:
            continue
        try:
            text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            return "", "changed"
        return (text, "ok") if stable_id(document.get("doc"), text) == document.get("id") else ("", "changed")
    return "", "missing"
