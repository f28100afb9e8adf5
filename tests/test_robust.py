"""Never lose a batch (issue #10): one test per way a batch used to break, through the command line, on a
folder with good files beside the bad one: the good files' facts are written, the bad one is reported (or
read, when it is text after all), the exit status says so, the previous output is intact where relevant.
Time and memory on 10 MB inputs are measured by `make bench` (benchmarks/hostile.py), not here.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest

import factex
from factex import engines, work
from factex.errors import UserError
from factex.work import Limits, work_one
from proctree import alive, descendants

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CLI = "import sys; from factex.command import main; sys.exit(main())"  # the console script
PARAGRAPH = ("أعلنت المديرية الجهوية للصحة عن رصد 7 حالات إصابة جديدة بالحصبة، وبلغ عدد المتعافين 85 حالة "
             "في الإقليم حتى اليوم.")


def cli(*args, code: str = CLI, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, **kw)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def folder_with(tmp_path: Path, name: str = None, data: bytes = None) -> Path:
    """tmp/in: two good articles (good/a.txt, good/b.txt), and `data` as `name` beside them."""
    folder = tmp_path / "in"
    (folder / "good").mkdir(parents=True)
    for seed, target in zip(SEEDS, ("a.txt", "b.txt")):
        (folder / "good" / target).write_bytes(seed.read_bytes())
    if name is not None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def assert_good_facts(out: Path) -> None:
    docs = {f["doc"] for f in lines(out / "facts.jsonl")}
    assert {"good/a.txt", "good/b.txt"} <= docs
    assert (out / "records.jsonl").stat().st_size > 0


def errors_of(out: Path) -> dict[str, str]:
    return {e["path"]: e["error"] for e in lines(out / "errors.jsonl")}


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("factex: error: "), result.stderr
    return result.stderr


def prose_line(size: int) -> bytes:
    """One line of real article text (the seeds, newlines turned into spaces), `size` bytes long."""
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS) + " "
    data = (text * (size // len(text.encode()) + 1)).encode()[:size]
    return data.decode("utf-8", "ignore").encode()


# ---------------------------------------------------------------- long inputs: bounded time, memory and output


def dotted(size: int) -> bytes:
    """One line with «. » every five words."""
    words = prose_line(size).decode().split()
    return " ".join(w + ("." if i % 5 == 4 else "") for i, w in enumerate(words)).encode()


@pytest.mark.parametrize("make", [prose_line, dotted], ids=["one line", "dots every five words"])
def test_a_long_one_line_file_over_its_time_budget_is_reported_and_the_batch_goes_on(tmp_path, make):
    folder = folder_with(tmp_path, "line.txt", make(4_000_000))
    result = cli("run", folder, "-d", tmp_path / "out", "--file-timeout", "3", "--quiet")  # it takes 10 s or more
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "line.txt: time limit exceeded: more than 3 s on this input" in result.stderr
    out = tmp_path / "out"
    assert_good_facts(out)
    assert errors_of(out)[str(folder / "line.txt")].startswith("time limit exceeded")
    docs = {d["doc"]: d for d in lines(out / "documents.jsonl")}
    assert docs["line.txt"]["status"] == "error" and docs["good/a.txt"]["status"] == "ok"


def test_a_long_line_without_punctuation_gives_output_linear_in_its_facts(tmp_path):
    words = " ".join(w for w in prose_line(60_000).decode().split() if w.strip(".،,:؛!?؟"))
    folder = folder_with(tmp_path, "line.txt", ((words + " ") * 4).encode())  # ~200 KB, one "sentence"
    result = cli("run", folder, "-d", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert_good_facts(out)
    facts = [f for f in lines(out / "facts.jsonl") if f["doc"] == "line.txt"]
    assert facts and all(len(f["sentence"]) <= 2000 for f in facts)
    assert (out / "facts.jsonl").stat().st_size < 8000 * len(lines(out / "facts.jsonl"))
    assert (out / ".state.sqlite").stat().st_size < 20 * 2**20


def test_a_paragraph_repeated_gives_each_figure_once_with_its_repeats(tmp_path):
    folder = folder_with(tmp_path, "repeated.txt", ((PARAGRAPH + "\n") * 2000).encode())  # ~400 KB
    result = cli("run", folder, "-d", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert_good_facts(out)
    facts = [f for f in lines(out / "facts.jsonl") if f["doc"] == "repeated.txt"]
    assert sorted(f["value"] for f in facts) == [7.0, 85.0]
    assert all(len(f["repeats"]) == 1999 for f in facts)


RESTATED = (
    "النشرة الشهرية للبنك المركزي\n"
    "أظهرت النشرة الإحصائية أن قيمة السحوبات النقدية بلغت 61.3 مليار ريال خلال مارس.\n"
    "وأضافت النشرة أن عدد الأجهزة ارتفع إلى 9420 جهازا.\n"
    "ووصلت السحوبات عبر الأجهزة في الشهر ذاته إلى 61.3 مليار ريال بحسب البيانات.\n"
    "وبلغت أرباح الشركة 812 مليون ريال عام 2012.\n"
    "وفي عام 2013 بلغت أرباح الشركة 812 مليون ريال أيضا.\n"
)


def test_a_specific_figure_restated_in_another_sentence_is_one_fact_with_its_repeats():
    facts = factex.extract(RESTATED, published="2024-04-10", country="SA")
    by_value = {}
    for fact in facts:
        by_value.setdefault(fact.value, []).append(fact)
    assert len(by_value[61.3e9]) == 1 and len(by_value[61.3e9][0].repeats) == 1
    assert sorted(f.date for f in by_value[812e6]) == ["2012", "2013"]  # two years: two facts


NAMED_AGAIN = (
    "حريق في مستودع بالمنطقة الصناعية\n"
    "أرسل الدفاع المدني صباح أمس 12 فرقة إسعافية إلى موقع الحريق بعد بلاغ من أحد السكان.\n"
    "وقال المتحدث إن 12 فرقة إسعافية شاركت في إخلاء العمال من المبنى المجاور.\n"
    "وأصيب 3 أشخاص بجروح طفيفة، فيما نقل 3 أشخاص آخرون إلى المستشفى في وقت لاحق.\n"
    "وسلمت البلدية 40 وحدة سكنية للأسر المتضررة، ثم وزعت 40 وحدة أخرى في الحي المجاور.\n"
)


NAMED_ONCE_IN_FULL = (
    "انهيار مبنى قديم وسط المدينة\n"
    "وشارك في أعمال الإنقاذ الدفاع المدني الذي أخرج العالقين عبر 9 فرق.\n"
    "وأوضح المتحدث أن غرفة العمليات وجهت 9 فرق إنقاذية إلى الموقع فور تلقي البلاغ.\n"
    "ووصلت 6 فرق إلى المكان، ثم انضمت إليها لاحقا فرق من البلديات.\n"
    "وبعد ساعة وصلت 6 فرق أخرى من المدن المجاورة.\n"
    "وسجلت حالة وفاة واحدة بين المرضى في المستشفى الحكومي.\n"
    "وفي حادث منفصل سجلت حالة وفاة واحدة بين العمال في المصنع.\n"
)


RESTATED_COUNTS = [
    # «12 فرقة إسعافية» twice: one fact, its repeat's offsets kept; «3 أشخاص» twice, «40 وحدة» of two handovers: two facts each
    pytest.param(NAMED_AGAIN, {12: 1, 3: 2, 40: 2}, id="noun and adjective twice"),
    # «عبر 9 فرق», then «9 فرق إنقاذية»: one fact; «6 فرق أخرى»: as many others, two facts; «وفاة واحدة بين
    # المرضى» / «... بين العمال»: the words after the count are not its noun, two facts
    pytest.param(NAMED_ONCE_IN_FULL, {9: 1, 6: 2, 1: 2}, id="noun alone once"),
]


@pytest.mark.parametrize("text, expected", RESTATED_COUNTS)
def test_a_count_restated_with_its_noun_is_one_fact(text, expected):
    counts = Counter(f.value for f in factex.extract(text, published="2016-03-02", country="SA"))
    assert {value: counts[value] for value in expected} == expected


# ---------------------------------------------------------------- the budget, in and out of worker processes


def busy(document):
    while document.doc == "slow":
        pass
    return []


def test_an_input_over_its_time_budget_fails_alone_in_process(monkeypatch):
    monkeypatch.setattr(work, "document_facts", busy)
    started = time.monotonic()
    result = work_one((None, "slow", "بلغ عدد السكان 5 ملايين نسمة", None), Limits(seconds=0.5))
    assert time.monotonic() - started < 5
    assert result[4] == [{"path": None, "doc": "slow", "error": "time limit exceeded: more than 0.5 s on this input"}]
    ok = work_one((None, "fast", "بلغ عدد السكان 5 ملايين نسمة", None), Limits(seconds=0.5))
    assert not ok[4] and '"status": "error"' not in ok[0]  # the next input is not hit by a late stop


def hungry(document):
    hoard = []
    while True:
        hoard.append(bytearray(8 << 20))


def test_an_input_over_its_memory_budget_fails_alone_in_process(monkeypatch):
    monkeypatch.setattr(work, "document_facts", hungry)
    limit = int(work.rss_mb()) + 300
    result = work_one((None, "big", "بلغ عدد السكان 5 ملايين نسمة", None), Limits(memory_mb=limit))
    assert result[4][0]["error"].startswith("memory limit exceeded:") and f"> {limit} MB" in result[4][0]["error"]
    assert work.rss_mb() < limit  # the memory went back


def _sleepy(document):
    from factex.windows import document_facts

    if document.doc == "stuck.txt":
        time.sleep(3600)  # one C call: the soft stop never gets a chance
    return document_facts(document)


def _stuck_in_c(fn, job):
    work.document_facts = _sleepy  # in the worker process
    return fn(job)


class StuckPool(engines.Local):
    def submit(self, fn, arg):
        return self.pool.submit(_stuck_in_c, fn, arg)


def test_a_worker_stuck_over_its_budget_is_ended_and_its_input_fails_with_the_reason(tmp_path):
    from factex.batch import run_items

    folder = folder_with(tmp_path, "stuck.txt", PARAGRAPH.encode())
    items = [(str(p), p.relative_to(folder).as_posix(), None, None) for p in sorted(folder.rglob("*.txt"))]
    pool = StuckPool(2, work.pool_setup, ("factex.work",))
    started = time.monotonic()
    try:
        summary = run_items(items, tmp_path / "out", workers=2, engine=pool, quiet=True, chunk=1,
                            limits=Limits(seconds=1, grace=1))
    finally:
        pool.close()
    assert time.monotonic() - started < 60
    assert [f["doc"] for f in summary.failures] == ["stuck.txt"]
    assert summary.failures[0]["error"] == "time limit exceeded: more than 1 s on this input (worker ended)"
    assert_good_facts(tmp_path / "out")


# ---------------------------------------------------------------- bytes that are text after all


def test_a_stray_nul_byte_among_arabic_text_is_dropped_with_a_note(tmp_path):
    text = SEEDS[2].read_bytes()
    cut = text.index("\n".encode(), len(text) // 2) + 1
    folder = folder_with(tmp_path, "nul.txt", text[:cut] + b"\x00" + text[cut:])
    result = cli("run", folder, "-d", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert_good_facts(out)
    doc = {d["doc"]: d for d in lines(out / "documents.jsonl")}["nul.txt"]
    assert doc["status"] == "ok" and doc["warnings"] == ["1 NUL byte(s) dropped"] and "\x00" not in doc["text"]
    assert len([f for f in lines(out / "facts.jsonl") if f["doc"] == "nul.txt"]) >= 5


def test_a_mostly_binary_file_is_still_refused(tmp_path):
    folder = folder_with(tmp_path, "blob.txt", bytes(range(256)) * 40)
    result = cli("run", folder, "-d", tmp_path / "out", "--quiet")
    assert result.returncode == 1 and "blob.txt: binary file (NUL bytes)" in result.stderr
    assert_good_facts(tmp_path / "out")


# ---------------------------------------------------------------- inputs: mistyped, skipped, given twice


def test_a_mistyped_path_is_an_error_before_anything_is_written(tmp_path):
    folder = folder_with(tmp_path)
    out = tmp_path / "out"
    assert cli("run", folder, "-d", out, "--quiet").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for args in (["arst"], [folder, "arst"]):
        stderr = one_line_error(cli("run", *args, "-d", out))
        assert stderr == "factex: error: arst: no such file or folder\n"
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no input files in" in one_line_error(cli("run", empty, "-d", out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_symlinked_folders_are_followed_and_loops_reported(tmp_path):
    folder = folder_with(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_bytes(SEEDS[3].read_bytes())
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "good" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = cli("run", folder, "-d", tmp_path / "out", "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = tmp_path / "out"
    assert_good_facts(out)
    assert "linked/c.txt" in {f["doc"] for f in lines(out / "facts.jsonl")}
    errors = errors_of(out)
    assert errors[str(folder / "good" / "loop")] == "symlink loop (a link to a folder above it): skipped"
    assert errors[str(folder / "dangling.txt")].startswith("broken link: No such file or directory")
    assert f"factex: error: {folder / 'good' / 'loop'}: symlink loop" in result.stderr


UNREADABLE = """
import os
real = os.scandir
def scandir(path="."):
    if os.path.basename(os.fspath(path)) == "locked":
        raise PermissionError(13, "Permission denied", os.fspath(path))
    return real(path)
os.scandir = scandir
from factex.cli import app
app()
"""


def test_an_unreadable_folder_is_reported(tmp_path):
    folder = folder_with(tmp_path, "locked/x.txt", PARAGRAPH.encode())  # os.scandir refuses it, as for a user
    result = cli("run", folder, "-d", tmp_path / "out", "--quiet", code=UNREADABLE)  # without the permission
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert_good_facts(tmp_path / "out")
    assert errors_of(tmp_path / "out")[str(folder / "locked")] == "cannot read folder: Permission denied: skipped"
    assert f"factex: error: {folder / 'locked'}: cannot read folder: Permission denied" in result.stderr


def test_a_file_given_twice_is_read_once(tmp_path):
    folder = folder_with(tmp_path)
    a = folder / "good" / "a.txt"
    result = cli("run", a, folder, a, folder / "good" / ".." / "good" / "a.txt", "-d", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert [d["doc"] for d in lines(out / "documents.jsonl")] == ["a.txt", "good/b.txt"]
    ids = [f["id"] for f in lines(out / "facts.jsonl")]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- user mistakes: one line, never a traceback


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Path:
    """A finished run: tmp/out with documents, facts and records."""
    tmp = tmp_path_factory.mktemp("done")
    assert cli("run", folder_with(tmp), "-d", tmp / "out", "--quiet").returncode == 0
    return tmp / "out"


def test_merge_mistakes(done, tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"doc": "a", "value": 1, "start": 0, "end": 1}\n{"doc": \n', encoding="utf-8")
    cases = {
        ("merge", tmp_path / "nope.jsonl"): "nope.jsonl: no such file",
        ("merge", tmp_path / "bad.jsonl"): "bad.jsonl: line 2: invalid JSON: Expecting value (column 9)",
        ("merge", done / "facts.jsonl", "-o", tmp_path): "is a folder (give a file name",
        ("merge", done / "documents.jsonl"): "documents.jsonl: line 1: not a fact (no valid value, start, end)",
        ("merge", done): "is a folder, not a facts file",
    }
    for args, message in cases.items():
        assert message in one_line_error(cli(*args, cwd=tmp_path)), args
    assert not (tmp_path / "records.jsonl").exists()


def test_run_extract_and_schema_mistakes(done, tmp_path):
    folder = done.parent / "in"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    cases = {
        ("run", folder, "--engine", "spark", "-d", tmp_path / "o1"): "unknown engine 'spark' (choose local or dask)",
        ("run", folder, "--scheduler", "tcp://127.0.0.1:9", "-d", tmp_path / "o2"): "--scheduler is for --engine dask",
        ("run", folder, "-d", tmp_path / "file"): "file: exists and is not a folder",
        ("extract", tmp_path / "nope.txt"): "nope.txt: no such file or folder",
        ("extract", folder, "-o", tmp_path): "is a folder (give a file name",
        ("schema", "foo"): "unknown schema 'foo' (choose document, fact, record or all)",
    }
    for args, message in cases.items():
        assert message in one_line_error(cli(*args)), args
    assert not (tmp_path / "o1").exists() and not (tmp_path / "o2").exists()


def test_an_unreachable_scheduler_is_one_line(done, tmp_path):
    pytest.importorskip("distributed")
    result = cli("run", done.parent / "in", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "-d", tmp_path / "o")
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:9" in one_line_error(result)
    assert not (tmp_path / "o").exists()


def test_the_library_raises_for_a_missing_file():
    with pytest.raises(FileNotFoundError, match="typo/path.txt"):
        factex.extract("typo/path.txt")
    with pytest.raises(FileNotFoundError):
        factex.extract(Path("typo/path"))
    assert factex.extract("بلغ عدد السكان 5 ملايين نسمة في 2015")[0].value == 5_000_000


def test_user_errors_of_the_batch_are_user_error_exceptions(tmp_path):
    from factex.batch import run

    with pytest.raises(UserError, match="no such file or folder"):
        run([tmp_path / "nope"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- Ctrl-C


def _interrupt_when(proc: subprocess.Popen, marker: str, timeout: float = 120) -> tuple[str, set[int]]:
    """Read stderr until `marker`, then Ctrl-C as a terminal sends it (SIGINT to the foreground group)."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            family = descendants(proc.pid)
            os.killpg(proc.pid, signal.SIGINT)
            return "".join(seen), family
    proc.kill()
    pytest.fail(f"never saw {marker!r}: {''.join(seen)[-2000:]}")


def _ctrl_c_merge(done: Path, tmp_path: Path, facts: int, here: bool, marker: str, timeout: float) -> None:
    """`factex merge -w 2` of synthetic facts (`here`: merged in the command's process, else in one of
    its own), Ctrl-C at `marker`: exit 130, no traceback, the previous output kept, nothing else
    written, no process left."""
    from benchmarks.bench_merge import write_synthetic
    from factex.reduce import merges_here

    write_synthetic(tmp_path / "facts.jsonl", facts)
    assert merges_here(tmp_path / "facts.jsonl", 2) == here
    previous = tmp_path / "records.jsonl"
    previous.write_bytes((done / "records.jsonl").read_bytes())
    proc = subprocess.Popen([sys.executable, "-c", CLI, "merge", "facts.jsonl", "-o", "records.jsonl", "-w", "2"],
                            cwd=tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True)
    before, family = _interrupt_when(proc, marker)
    assert family, "no process beside the command's"
    assert proc.wait(timeout=timeout) == 130
    stderr = before + proc.stderr.read()
    assert "Traceback" not in stderr and "factex: interrupted" in stderr
    assert previous.read_bytes() == (done / "records.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.jsonl", "records.jsonl"]
    deadline = time.monotonic() + 10
    while alive(family) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(family), "the merge left processes behind"


def test_ctrl_c_during_the_merge_stops_cleanly_and_keeps_the_previous_output(done, tmp_path):
    """A large facts file: merged in a process of its own, with its pool."""
    _ctrl_c_merge(done, tmp_path, 150_000, False, "factex: merge: ", timeout=30)


def test_ctrl_c_during_a_merge_in_this_process_beside_its_pool_stops_cleanly(done, tmp_path):
    """A small facts file with workers is merged in the command's process, which runs jobs beside its
    pool: the pool's processes ignore Ctrl-C from their start (no traceback of theirs)."""
    _ctrl_c_merge(done, tmp_path, 30_000, True, "factex: merge: cluster", timeout=60)


def test_ctrl_c_during_extraction_stops_cleanly_and_keeps_the_previous_output(done, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:04d}.txt").write_bytes(SEEDS[i % len(SEEDS)].read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    for name in ("documents.jsonl", "facts.jsonl", "records.jsonl", "errors.jsonl"):
        (out / name).write_bytes((done / name).read_bytes())
    proc = subprocess.Popen([sys.executable, "-c", CLI, "run", str(folder), "-d", str(out), "-w", "2"],
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    before, family = _interrupt_when(proc, "factex: extract: ")
    assert proc.wait(timeout=30) == 130
    stderr = before + proc.stderr.read()
    assert "Traceback" not in stderr and "factex: interrupted" in stderr
    for name in ("documents.jsonl", "facts.jsonl", "records.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (done / name).read_bytes()
    assert not list(out.glob(".*.tmp"))
    deadline = time.monotonic() + 10
    while alive(family) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(family), "the run left processes behind"


# ---------------------------------------------------------------- progress through both stages


def test_plain_log_lines_say_which_stage_runs(done):
    result = cli("run", done.parent / "in", "-d", done.parent / "again")
    assert result.returncode == 0
    stages = [line.split(":")[1].strip() for line in result.stderr.splitlines() if line.count(":") >= 2]
    assert stages[0] == "extract" and "merge" in stages
    assert stages.index("merge") > 0 and result.stderr.splitlines()[-1].startswith("factex: 2 files")


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_bar_for_extraction_then_one_for_the_merge():
    from factex.progress import Progress

    stream = Terminal()
    with Progress(2, stream=stream) as progress:
        progress.advance(1, 3)
        progress.advance(1, 4)
        progress.merge("starting", 0, None)
        progress.merge("cluster", 2, 5)
        progress.merge("records", 5, 5)
    text = stream.getvalue()
    assert "factex extract" in text and "2/2" in text and "7 facts" in text
    assert "factex merge: records" in text and "5/5" in text


@pytest.mark.parametrize("text", ["وقال التقرير إن 40%", "وقال الجيش إن 40 قتيلا"])
def test_a_text_that_ends_with_a_share_or_a_toll_after_a_complementizer_is_read(text):
    facts = factex.extract(text, published="2025-05-27")
    assert [f.value for f in facts] == [40.0]
