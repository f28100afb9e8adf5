"""`make bench`, folders of files: the corpus written out as one .txt file per article (its metadata in a
NAME.meta.json sidecar, as factex reads it), then `factex run FOLDER --workers N` (the batch job: reading from
disk, extraction, the merge) beside a floor in the same run: the same files read by the same number of
processes and tokenised by `spacy.blank("ar")`, nothing else.

    python -m benchmarks.folder --corpus ../shared/corpus --articles 3000 --workers 2
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Optional

from benchmarks.bench import PeakRSS, _cpu, _floor_init, articles
from benchmarks.bench import _floor_work as _tokenise

GOAL_RATIO = 5.0  # the run, merge included, within 5x the floor (issue #10)


def write_folder(corpus: Path, folder: Path, limit: Optional[int]) -> tuple[int, int]:
    """One .txt per non-empty article (+ .meta.json sidecar), 100 per sub-folder -> (files, bytes of text)."""
    n = size = 0
    for doc, text, meta in articles(corpus):
        if not text.strip():
            continue  # the corpus has a few empty articles: a folder of articles has none
        if limit is not None and n >= limit:
            break
        n += 1
        sub = folder / f"{(n - 1) // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = doc.replace("/", "_")
        data = text.encode("utf-8")
        (sub / f"{name}.txt").write_bytes(data)
        (sub / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        size += len(data)
    return n, size


def run_factex(folder: Path, workers: int) -> dict:
    """The batch job on the folder (in this process and its workers), outputs to a scratch folder."""
    from factex import batch

    with tempfile.TemporaryDirectory(prefix="factex-bench-out-") as out, PeakRSS() as mem:
        cpu0 = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        summary = batch.run([folder], out, workers=workers, quiet=True)
        seconds = time.perf_counter() - start
        cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - cpu0
    st = summary.stages
    return {"files": summary.files, "seconds": seconds, "facts": summary.facts, "records": summary.records,
            "failures": len(summary.failures), "peak_rss": mem.peak, "cpu_seconds_parent": cpu,
            "stages": {"map (read + extract + write, wall)": st["map"], "merge (wall)": st["merge"],
                       "read (workers, cpu-s)": st["read"], "extract (workers, cpu-s)": st["extract"]}}


def _floor_work(paths):
    """The corpus floor's tokenising (bench._floor_work), with reading the files counted in."""
    t = time.process_time()
    tokens, _ = _tokenise([Path(p).read_bytes().decode("utf-8") for p in paths])
    return tokens, time.process_time() - t


def run_floor(folder: Path, workers: int, chunk: int = 16) -> dict:
    """The same files, the same number of processes, the same chunks: read and tokenise only."""
    from factex.engines import mp_context

    paths = sorted(str(p) for p in folder.rglob("*.txt"))
    with PeakRSS() as mem:
        start = time.perf_counter()
        results = []
        if workers == 1:
            _floor_init()
            results = [_floor_work(paths[i:i + chunk]) for i in range(0, len(paths), chunk)]
        else:
            with ProcessPoolExecutor(workers, mp_context=mp_context(), initializer=_floor_init,
                                     initargs=(os.getpid(),)) as pool:
                chunks = iter(lambda it=iter(paths): list(islice(it, chunk)), [])
                results = list(pool.map(_floor_work, chunks))
        seconds = time.perf_counter() - start
    return {"files": len(paths), "seconds": seconds, "tokens": sum(r[0] for r in results),
            "cpu_seconds": sum(r[1] for r in results), "peak_rss": mem.peak}


def bench_folder(corpus: Path, limit: Optional[int], workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="factex-bench-folder-") as tmp:
        folder = Path(tmp) / "articles"
        t0 = time.perf_counter()
        n, size = write_folder(corpus, folder, limit)
        written = time.perf_counter() - t0
        floor = run_floor(folder, workers)
        run = run_factex(folder, workers)
    return {"articles": n, "mb": size / 1e6, "write_seconds": written, "floor": floor, "run": run,
            "ratio": run["seconds"] / floor["seconds"], "goal_ratio": GOAL_RATIO, "workers": workers}


def rows(result: dict) -> list[tuple[str, str]]:
    run, floor = result["run"], result["floor"]
    label = f"folder of {result['articles']:,} files"
    out = [
        (label, f"{result['mb']:.1f} MB of text (+ .meta.json sidecars), {run['facts']} facts, {run['records']} records, "
                f"{run['failures']} failed"),
        ("  factex run (merge included)", f"{run['seconds']:.1f} s   {run['files'] / run['seconds']:.0f} files/s   "
                                          f"peak {run['peak_rss'] / 2**30:.2f} GB ({result['workers']} workers)"),
        *[(f"    {k}", f"{v:.1f} s") for k, v in run["stages"].items()],
        ("  floor: read + spacy.blank tokenise", f"{floor['seconds']:.1f} s   {floor['files'] / floor['seconds']:.0f} files/s "
                                                 f"({result['workers']} processes)"),
        ("  run / floor", f"{result['ratio']:.2f}x (goal <= {GOAL_RATIO:g}x)"),
    ]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.folder", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    ap.add_argument("--articles", type=int, default=3000, help="first N articles (0: all)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    load = os.getloadavg()
    result = bench_folder(args.corpus, args.articles or None, args.workers)
    for k, v in rows(result):
        print(f"{k:<40}  {v}")
    print(f"load (1-min) before/after: {load[0]:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(json.dumps({k: v for k, v in result.items()}, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
