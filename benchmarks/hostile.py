"""`make bench`, hostile inputs: `factex run` (the default command, one process) on a folder of good articles
beside one pathological file, timed (wall and CPU of the whole process tree) with the peak of its summed RSS.

- 10 MB cases (one line; «. » every few words; a paragraph repeated): must finish in under a minute with
  a peak under 1 GB, the good files' facts written (asserted: `checks`).
- scaling cases (100k-character sentences without punctuation; figures only), at two sizes 4x apart:
  the CPU time must grow about linearly (at most 6x for 4x the input; quadratic would be 16x).
- a million figures in one file (11.9 MB, «1234 طن» a line): the run finishes within the per-file time
  budget (120 s: the file is stopped and reported, or done), the good files' facts written, in bounded memory.

    python -m benchmarks.hostile [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import PeakRSS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
MB = 1_000_000
LIMIT_SECONDS, LIMIT_GB, LINEAR_RATIO = 60.0, 1.0, 6.0
PARAGRAPH = ("أعلنت وزارة الصحة عن تسجيل 4 حالات إصابة جديدة بفيروس كورونا، وبلغ عدد المتعافين 120 حالة "
             "في المملكة حتى اليوم، فيما ارتفعت نسبة التلقيح إلى 62 في المائة خلال شهر يوليو 2021.\n")


def _prose() -> str:
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS) + " "


def _fill(unit: str, size: int) -> bytes:
    data = (unit * (size // len(unit.encode()) + 1)).encode()[:size]
    return data.decode("utf-8", "ignore").encode()


def one_line(size: int) -> bytes:
    return _fill(_prose(), size)


def dotted(size: int) -> bytes:
    words = _prose().split()
    return _fill(" ".join(w + (". " if i % 5 == 4 else " ") for i, w in enumerate(words)).replace(".  ", ". "), size)


def repeated(size: int) -> bytes:
    return _fill(PARAGRAPH, size)


def unpunctuated(size: int) -> bytes:
    """Lines of 100,000 characters: words of articles, no punctuation at all."""
    words = [w for w in _prose().split() if w.strip(".،,:؛!?؟«»()\"")]
    line = ((" ".join(words) + " ") * (100_000 // len(" ".join(words)) + 1))[:100_000].rstrip() + "\n"
    return _fill(line, size)


def figures(count: int) -> bytes:
    """`count` figures, one a line, all different: «بلغ عدد الزوار 12345 زائرا في المدينة 7.»"""
    lines = (f"بلغ عدد الزوار {1000 + k} زائرا في المدينة {k % 97}.\n" for k in range(count))
    return "".join(lines).encode()


def run_folder(name: str, data: bytes, extra: tuple = ()) -> dict:
    """`factex run` on the seeds + `name`; wall, CPU of the tree, peak summed RSS, what became of the file."""
    with tempfile.TemporaryDirectory(prefix="factex-hostile-") as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        for seed in SEEDS:
            (folder / seed.name).write_bytes(seed.read_bytes())
        (folder / name).write_bytes(data)
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        with PeakRSS(every=0.05, include_self=False) as mem:  # the `factex run` tree, not this process
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", "from factex.cli import app; app()", "run", str(folder),
                                   "-d", str(out), "--quiet", *extra], capture_output=True, text=True)
            seconds = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        docs = {}
        if (out / "documents.jsonl").exists():
            docs = {d["doc"]: d for d in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
        facts_by_doc: dict = {}
        if (out / "facts.jsonl").exists():
            with open(out / "facts.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    doc = json.loads(line)["doc"]
                    facts_by_doc[doc] = facts_by_doc.get(doc, 0) + 1
        good = all(facts_by_doc.get(seed.name) for seed in SEEDS)
        hostile = docs.get(name, {})
        return {"mb": len(data) / MB, "seconds": seconds, "cpu_seconds": (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime),
                "peak_gb": mem.peak / 2**30, "exit": done.returncode, "good_files_facts": good,
                "status": hostile.get("status"), "error": hostile.get("error"), "facts": facts_by_doc.get(name, 0),
                "facts_mb": (out / "facts.jsonl").stat().st_size / MB if (out / "facts.jsonl").exists() else 0,
                "stderr": done.stderr[-500:]}


def bench_hostile(quick: bool = False) -> dict:
    size = 2 * MB if quick else 10 * MB
    results = {"ten_mb": {}, "scaling": {}, "million": None}
    for label, make in (("one line", one_line), ("«. » every 5 words, one line", dotted),
                        ("a paragraph repeated", repeated)):
        results["ten_mb"][label] = run_folder("hostile.txt", make(size))
        print(f"  hostile: {label}: {results['ten_mb'][label]['seconds']:.1f} s", flush=True)
    small = MB // 2 if quick else 1 * MB
    for label, make, sizes in (("100k-char sentences, no punctuation", unpunctuated, (small, 4 * small)),
                               ("figures only (one a line)", figures, (5_000, 20_000) if quick else (10_000, 40_000))):
        runs = [run_folder("hostile.txt", make(n)) for n in sizes]
        results["scaling"][label] = {"sizes": sizes, "runs": runs,
                                     # wall time: the merge pool's CPU is not always in RUSAGE_CHILDREN
                                     "ratio": runs[1]["seconds"] / max(runs[0]["seconds"], 1e-9)}
        print(f"  hostile: {label}: x{results['scaling'][label]['ratio']:.1f} time for x4 input", flush=True)
    if not quick:
        million = "".join(f"{1000 + k} طن\n" for k in range(1_000_000)).encode()  # 11.9 MB
        results["million"] = run_folder("hostile.txt", million)
        print(f"  hostile: a million figures: {results['million']['seconds']:.1f} s", flush=True)
    return results


def checks(results: dict) -> list[tuple[str, bool]]:
    out = []
    for label, r in results["ten_mb"].items():
        out.append((f"{r['mb']:.0f} MB {label}: < {LIMIT_SECONDS:.0f} s, < {LIMIT_GB:g} GB, good files' facts",
                    r["seconds"] < LIMIT_SECONDS and r["peak_gb"] < LIMIT_GB and r["good_files_facts"]))
    for label, s in results["scaling"].items():
        completed = all(r["exit"] == 0 and r["good_files_facts"] and r["status"] == "ok" for r in s["runs"])
        out.append((f"{label}: linear (x{s['ratio']:.1f} time for x4 input <= x{LINEAR_RATIO:g}), every file's facts",
                    s["ratio"] <= LINEAR_RATIO and completed))
    million = results.get("million")
    if million:  # bounded by the per-file budget: 120 s, 2 GB (the facts of one file are held in memory)
        out.append(("a million figures: within the 120 s budget (+60 s), good files' facts, < 2.5 GB",
                    million["good_files_facts"] and million["seconds"] < 180 and million["peak_gb"] < 2.5))
    return out


def rows(results: dict) -> list[tuple[str, str]]:
    def line(r):
        what = f"{r['facts']} facts" if r["status"] == "ok" else f"{r['status']}: {r['error']}"
        return (f"{r['seconds']:.1f} s (cpu {r['cpu_seconds']:.1f} s), peak {r['peak_gb']:.2f} GB, exit {r['exit']}, "
                f"the file: {what}; facts.jsonl {r['facts_mb']:.1f} MB")
    out = [(f"hostile: {r['mb']:.1f} MB, {label}", line(r)) for label, r in results["ten_mb"].items()]
    for label, s in results["scaling"].items():
        for n, r in zip(s["sizes"], s["runs"]):
            out.append((f"hostile: {label}, {n:,}", line(r)))
    if results.get("million"):
        out.append(("hostile: 1,000,000 figures", line(results["million"])))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 MB instead of 10 MB, smaller scaling cases, no million")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    results = bench_hostile(args.quick)
    for k, v in rows(results):
        print(f"{k:<55}  {v}")
    print(f"load (1-min) before/after: {load:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    verdicts = checks(results)
    print("checks: " + ", ".join(f"{name} {'ok' if ok else 'FAIL'}" for name, ok in verdicts))
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
