"""The batch job: determinism across workers and engines, atomic outputs, resume (also after SIGKILL), errors."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factex import batch, engines, work
from factex.batch import extract_to, run, run_items
from factex.errors import UserError
from proctree import alive, descendants

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OUTPUTS = ("documents.jsonl", "facts.jsonl", "records.jsonl", "errors.jsonl")


def make_corpus(folder: Path, n: int, chars: int | None = None) -> Path:
    """n articles: the seeds in turn (their first `chars` characters), each with its own opening sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8")[:chars] for p in SEEDS]
    for i in range(n):
        sub = folder / f"d{i // 100:02d}"
        sub.mkdir(exist_ok=True)
        lead = f"وقالت الوزارة إن عدد الزوار بلغ {1000 + 7 * i} زائر خلال عام {2000 + i % 20}.\n"
        (sub / f"a{i:05d}.txt").write_text(lead + texts[i % len(texts)], encoding="utf-8")
    return folder


NOUNS = [("الزوار", "زائر"), ("الطلاب", "طالب"), ("المرضى", "مريض"), ("السياح", "سائح"), ("الحجاج", "حاج"),
         ("الموظفين", "موظف"), ("المشتركين", "مشترك"), ("الركاب", "راكب"), ("المسافرين", "مسافر"), ("المتطوعين", "متطوع")]


def make_small_corpus(folder: Path, n: int) -> Path:
    """n one-paragraph articles with one or two figures each (varied metrics, so the merge stays small)."""
    for i in range(n):
        noun, unit = NOUNS[i % len(NOUNS)]
        sub = folder / f"d{i // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"s{i:05d}.txt").write_text(
            f"أعلنت الوزارة أن عدد {noun} بلغ {1000 + 7 * i} {unit} خلال عام {2000 + (i // 10) % 20}، "
            f"وأضاف المتحدث أن الخطة تسير وفق الجدول المحدد وأن النتائج ستعلن لاحقا.\n", encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from factex.cli import app; app()", *map(str, args)],
                          capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 40)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref")
    summary = run([corpus], out, workers=1, quiet=True)
    assert summary.files == 40 and not summary.failures
    return out


def test_outputs_and_documents(reference, corpus):
    docs = lines(reference / "documents.jsonl")
    assert [d["doc"] for d in docs] == sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
    for d in docs:
        assert {"id", "doc", "path", "meta", "status"} <= set(d) and d["status"] == "ok"
        assert "text" not in d  # a plain UTF-8 .txt file is the text its offsets refer to
    facts = lines(reference / "facts.jsonl")
    texts = {d["doc"]: Path(d["path"]).read_text(encoding="utf-8") for d in docs}
    for f in facts:
        assert texts[f["doc"]][f["start"]:f["end"]] == f["surface"]
    assert (reference / "errors.jsonl").read_bytes() == b""
    assert not list(reference.glob(".*.tmp"))


def test_same_output_for_any_number_of_workers(reference, corpus, tmp_path):
    summary = run([corpus], tmp_path, workers=2, quiet=True)
    assert summary.files == 40
    assert outputs(tmp_path) == outputs(reference)


SPEAKERS = ["وحسب سامي الخطيب بلغ عدد العاطلين {n} ألف شخص في عام 2019.",
            "وحسب ليلى منصور بلغت نسبة البطالة {n} في المئة في الربع الأول.",
            "وحسب كريم الصافي بلغ عدد المشاريع السكنية المتأخرة {n} مشروعا.",
            "وحسب يوسف حداد بلغ عدد القضايا الإدارية {n} قضية."]


def test_a_chunk_read_ahead_gives_each_article_what_it_gives_alone(monkeypatch):
    """work() reads a chunk ahead and asks the NER about all its speakers in one call: each input's facts
    are those it gives alone, in any order of the chunk (a source's label never depends on what the
    worker read before)."""
    from factex import ner
    from factex.slots import source as source_slot
    from factex.work import Limits, work_one

    texts = [" ".join(SPEAKERS[(i + k) % len(SPEAKERS)].format(n=7 + i + k) for k in range(3)) for i in range(6)]
    items = [(None, f"s{i}", text, {"published": "2020-03-01"}) for i, text in enumerate(texts)]
    calls = []
    real = ner.labels_of
    monkeypatch.setattr(ner, "labels_of", lambda phrases, **kw: calls.append(list(phrases)) or real(phrases, **kw))

    def fresh_caches():
        monkeypatch.setattr(source_slot, "_NAMED", {})
        monkeypatch.setattr(source_slot, "_NER_LABELS", {})

    fresh_caches()
    chunk = work.work((items, Limits(), None))
    cue_calls = len(calls)
    fresh_caches()
    backwards = work.work((items[::-1], Limits(), None))[::-1]
    alone = []
    for item in items:
        fresh_caches()
        alone.append(work_one(item))
    facts = [[json.loads(line) for line in r[1].splitlines()] for r in chunk]
    assert all(facts) and any(f.get("source_label") == "PERS" for fs in facts for f in fs)
    assert [r[:5] for r in chunk] == [r[:5] for r in alone] == [r[:5] for r in backwards]
    assert len(calls[0]) == len(SPEAKERS) and cue_calls < len(items)  # the chunk's speakers in one call (+ labels)


def test_text_items_keep_their_text(tmp_path):
    text = SEEDS[0].read_text(encoding="utf-8")
    run_items([(None, "rec/1", text, {"title": "t", "publisher": "p"})], tmp_path, quiet=True)
    (doc,) = lines(tmp_path / "documents.jsonl")
    assert doc["text"] == text and doc["doc"] == "rec/1"
    assert doc["meta"]["title"] == "t" and doc["meta"]["publisher"] == "p"


def test_failures_are_reported_and_the_batch_goes_on(corpus, tmp_path, monkeypatch, capsys):
    real = work.document_facts

    def flaky(document):
        if document.doc.endswith("a00003.txt"):
            raise ValueError("boom")
        return real(document)

    binary = tmp_path / "bad" / "binary.txt"
    binary.parent.mkdir()
    binary.write_bytes(bytes(range(256)) * 20)
    monkeypatch.setattr(work, "document_facts", flaky)  # workers=1 runs in this process
    summary = run([corpus, binary], tmp_path / "out", workers=1, quiet=True)
    assert summary.files == 41 and len(summary.failures) == 2
    errors = lines(tmp_path / "out" / "errors.jsonl")
    assert [e["doc"] for e in errors] == ["d00/a00003.txt", "binary.txt"]
    assert errors[0]["error"] == "ValueError: boom" and errors[1]["error"] == "binary file (NUL bytes)"
    docs = {d["doc"]: d for d in lines(tmp_path / "out" / "documents.jsonl")}
    assert docs["d00/a00003.txt"]["status"] == "error" and docs["d00/a00004.txt"]["status"] == "ok"
    err = capsys.readouterr().err
    assert "factex: error: " in err and "a00003.txt: ValueError: boom" in err and "binary.txt" in err


def test_a_missing_input_is_an_error_before_anything_is_written(corpus, tmp_path):
    with pytest.raises(UserError, match="nope.txt: no such file or folder"):
        run([corpus, tmp_path / "nope.txt"], tmp_path / "out", quiet=True)
    assert not (tmp_path / "out").exists()


def test_cli_exit_status_and_stderr(corpus, tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    result = cli("run", corpus, tmp_path / "bad", "--out-dir", tmp_path / "out", "--workers", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "factex: error: " in result.stderr and "empty.txt: empty file" in result.stderr
    assert "41 files" in result.stderr and "1 failed" in result.stderr  # plain summary line (stderr is no tty)
    assert len(lines(tmp_path / "out" / "documents.jsonl")) == 41
    ok = cli("run", corpus, "--out-dir", tmp_path / "out2", "--quiet")
    assert ok.returncode == 0 and ok.stderr == ""


def test_outputs_inside_the_input_folder_are_not_inputs(tmp_path):
    make_corpus(tmp_path, 3)
    assert run([tmp_path], tmp_path / "out", quiet=True).files == 3
    assert run([tmp_path], tmp_path / "out", quiet=True).files == 3


def test_extract_to_file_and_stdout(reference, corpus, tmp_path, capsys):
    target = tmp_path / "facts.jsonl"
    assert extract_to([corpus], target) is False
    assert target.read_bytes() == (reference / "facts.jsonl").read_bytes()
    capsys.readouterr()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert extract_to([corpus, empty], None) is True
    captured = capsys.readouterr()
    assert captured.out.encode("utf-8") == target.read_bytes()
    assert "empty.txt: empty file" in captured.err
    result = cli("extract", SEEDS[0], tmp_path / "missing.txt")
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr == f"factex: error: {tmp_path / 'missing.txt'}: no such file or folder\n"


def test_failed_run_leaves_previous_output_untouched(reference, corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([corpus], out, quiet=True)
    before = outputs(out)

    def broken_merge(*args, **kwargs):
        raise RuntimeError("merge died")

    monkeypatch.setattr(batch, "merge_to", broken_merge)
    with pytest.raises(RuntimeError):
        run([SEEDS[0]], out, quiet=True)
    assert outputs(out) == before
    assert not list(out.glob(".*.tmp"))


def test_resume_reuses_unchanged_files_and_redoes_edited_ones(corpus, tmp_path):
    work = tmp_path / "corpus"
    make_corpus(work, 12)
    out = tmp_path / "out"
    assert run([work], out, quiet=True).reused == 0
    edited = work / "d00" / "a00005.txt"
    edited.write_text("ارتفع عدد السكان إلى 5 ملايين نسمة في 2015.\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")
    (work / "d00" / "a00011.txt").unlink()
    summary = run([work], out, resume=True, quiet=True)
    assert summary.files == 11 and summary.reused == 10
    clean = tmp_path / "clean"
    run([work], clean, quiet=True)
    assert outputs(out) == outputs(clean)
    with sqlite3.connect(out / batch.STATE) as db:  # the state keeps only what the last complete run used
        assert db.execute("SELECT count(*) FROM done").fetchone()[0] == 11
    assert run([work], out, resume=True, quiet=True).reused == 11


def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path):
    first, second = tmp_path / "v1", tmp_path / "v2"
    make_corpus(first, 10)
    make_small_corpus(second, 3000)  # many small files: slow enough to kill
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert cli("run", first, "--out-dir", out, "--quiet").returncode == 0
    previous = outputs(out)

    proc = subprocess.Popen([sys.executable, "-c", "from factex.cli import app; app()", "run", str(second),
                             "--out-dir", str(out), "--workers", "2", "--quiet"], stderr=subprocess.PIPE)
    done = 0
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{out / batch.STATE}?mode=ro", uri=True) as db:
                done = db.execute("SELECT count(*) FROM done WHERE ndocs > 0 AND docs LIKE '%v2%'").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 20:
            workers = descendants(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed: make the corpus bigger"
    assert 20 <= done < 3000
    assert outputs(out) == previous  # the killed run left the previous complete output alone
    assert workers and alive(workers)
    deadline = time.monotonic() + 15
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(workers), "the killed run left worker processes behind"

    resumed = cli("run", second, "--out-dir", out, "--workers", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "reused" in resumed.stderr
    assert cli("run", second, "--out-dir", clean, "--workers", "2", "--quiet").returncode == 0
    assert outputs(out) == outputs(clean)


def _crash_on(fn, job):
    items = job[0]
    if any("a00002" in item[1] for item in items):
        os._exit(3)  # a worker dying hard (segfault, OOM kill)
    return fn(job)


class CrashingPool(engines.Local):
    def submit(self, fn, arg):
        return self.pool.submit(_crash_on, fn, arg)


def test_a_dying_worker_fails_only_its_file(reference, corpus, tmp_path):
    pool = CrashingPool(2)
    try:
        summary = run_items(batch.file_items([corpus]), tmp_path, workers=2, engine=pool, quiet=True, chunk=4)
    finally:
        pool.close()
    assert [f["doc"] for f in summary.failures] == ["d00/a00002.txt"]
    assert "worker failed" in summary.failures[0]["error"]
    ref = lines(reference / "documents.jsonl")
    got = lines(tmp_path / "documents.jsonl")
    assert [d["doc"] for d in got] == [d["doc"] for d in ref]
    assert [d for d in got if d["doc"] != "d00/a00002.txt"] == [d for d in ref if d["doc"] != "d00/a00002.txt"]


def test_dask_local_cluster_gives_the_same_output(reference, corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    summary = run([corpus], tmp_path / "a", workers=2, engine="dask", quiet=True)  # a LocalCluster of its own
    assert summary.files == 40 and not summary.failures
    assert outputs(tmp_path / "a") == outputs(reference)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, dashboard_address=None) as cluster:
        run([corpus], tmp_path / "b", engine="dask", scheduler=cluster.scheduler_address, quiet=True)
    assert outputs(tmp_path / "b") == outputs(reference)


def test_progress_log_lines(tmp_path):
    from io import StringIO

    from factex.progress import Progress

    stream = StringIO()
    with Progress(3, stream=stream, every=0) as p:
        p.advance(1, 2)
        p.error("x.txt", "bad")
    text = stream.getvalue()
    assert "factex: extract: 1/3 files, 2 facts" in text and "ETA" in text and "factex: error: x.txt: bad" in text
    quiet = StringIO()
    with Progress(3, quiet=True, stream=quiet) as p:
        p.advance(1, 2)
    assert quiet.getvalue() == ""


def test_the_read_ahead_holds_a_bounded_number_of_documents():
    """An input of thousands of articles (JSON Lines) is not held ready whole: AHEAD_LIMIT at most."""
    import importlib

    from factex.read import read_text

    extract = importlib.import_module("factex.extract")
    documents = [read_text(f"بلغ عدد الزوار {100 + i} زائر في عام 2019.", doc=f"r{i}") for i in range(extract.AHEAD_LIMIT + 30)]
    extract.forget_ahead()
    try:
        extract.read_ahead(documents)
        assert len(extract._AHEAD) == extract.AHEAD_LIMIT
        assert [f.value for d in documents[-3:] for f in extract.extract_facts(d)] == [100.0 + len(documents) - 3 + k for k in range(3)]
    finally:
        extract.forget_ahead()


def _collector_settings(_arg) -> tuple:
    import gc

    return gc.get_threshold()[0], gc.get_freeze_count() > 0


def test_pool_workers_keep_their_loaded_heap_out_of_the_cycle_collector():
    """A worker's models and tables are frozen and young objects collected every 10,000 allocations
    (engines.worker_gc: the default thresholds cost about 9 % of extraction CPU); this process is untouched."""
    import gc

    pool = engines.make("local", 2)
    try:
        assert pool.submit(_collector_settings, None).result() == (10_000, True)
    finally:
        pool.close()
    assert gc.get_threshold()[0] != 10_000
