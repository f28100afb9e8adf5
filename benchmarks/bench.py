"""`make bench`: throughput of the batch job on SaudiNewsNet, beside two references, in one run.

    python -m benchmarks.bench --corpus ../shared/corpus --workers 2 [--limit N] [--peer-sample 300]

- pipeline: the batch job (`batch.run_items`) over the corpus articles, read from the zips (JSON records)
  in this process and fed as text items to N worker processes; outputs to a scratch folder.
- floor: the same reading and the same number of processes, doing nothing but `spacy.blank("ar")` tokenising.
- peer: `dateparser.search_dates(text, languages=["ar"])` in one process on an evenly spaced sample of
  articles, extrapolated (tens of articles/s: the whole corpus would take several minutes).
- memory: peak of the summed RSS of this process and its children (sampled every 0.1 s with psutil when
  installed; shared pages count once per process, so this overstates), and getrusage maxima.
- merge alone: the facts of the corpus run merged again by `factex merge`'s merge_file in a child process
  (real output: many years, many undated figures, hundreds of counted nouns), and
  `benchmarks.bench_merge.bench_merge(n_facts)` on synthetic facts: 1M, and 100k beside it to show how the
  peak memory grows with the input (it grows with the largest unit family, not with the file).
- CPU seconds of each run (parent, workers, merge pool): ratios that do not depend on other load on the machine.
- folder of files (`benchmarks.folder`): the first 3,000 articles written out as one .txt file each (metadata in
  .meta.json sidecars), `factex run FOLDER --workers N` (merge included) beside a floor in the same run (the same
  files read and tokenised by N processes); `--folder-full`: the whole corpus as files too.
- hostile inputs (`benchmarks.hostile`): 10 MB pathological files beside good ones through `factex run`
  (under a minute, under 1 GB), scaling cases that must grow linearly, a million figures in one file.

Prints a table and writes bench/results/latest.json. Without the corpus the seeds are repeated.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"articles_per_s": 300, "peak_rss_gb": 1.5, "floor_ratio": 6.0, "peer_speedup": 5.0,
           "merge_rss_gb": 1.0, "merge_1m_s": 120.0, "merge_real_per_3000": 2.0}


# ---------------------------------------------------------------- corpus


def articles(corpus: Path, limit: Optional[int] = None) -> Iterator[tuple[str, str, dict]]:
    """(doc, text, meta) of every article: SaudiNewsNet zips in date order, else the seeds repeated."""
    zips = sorted(corpus.glob("saudinewsnet/*.zip")) or sorted(corpus.glob("*.zip"))
    return islice(_zip_articles(zips) if zips else _seed_articles(), limit)


def _zip_articles(zips) -> Iterator[tuple[str, str, dict]]:
    for zpath in zips:
        with zipfile.ZipFile(zpath) as zf:
            for name in sorted(n for n in zf.namelist() if n.endswith(".json")):
                for i, rec in enumerate(json.loads(zf.read(name))):
                    meta = {"title": rec.get("title"), "publisher": rec.get("source"), "url": rec.get("url"),
                            "author": rec.get("author"), "published": (rec.get("date_extracted") or "")[:10] or None}
                    yield f"{Path(name).stem}/{i:05d}", rec.get("content") or "", {k: v for k, v in meta.items() if v}


def _seed_articles(copies: int = 400) -> Iterator[tuple[str, str, dict]]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for k in range(copies):
        for path in seeds:
            yield f"seed{k:04d}/{path.name}", path.read_text(encoding="utf-8"), {}


class Timed:
    """Wraps an iterator; counts items and UTF-8 bytes and the time spent producing them."""

    def __init__(self, it, key=lambda x: x):
        self.it, self.key, self.n, self.bytes, self.seconds = iter(it), key, 0, 0, 0.0

    def __iter__(self):
        return self

    def __next__(self):
        t = time.perf_counter()
        try:
            item = next(self.it)
        finally:
            self.seconds += time.perf_counter() - t
        self.n += 1
        self.bytes += len(self.key(item).encode("utf-8"))
        return item


# ---------------------------------------------------------------- memory


class PeakRSS:
    """Peak of the summed RSS of this process tree, sampled in a thread (psutil), else getrusage maxima."""

    def __init__(self, every: float = 0.1, include_self: bool = True):
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self.include_self = include_self  # False: the children started inside the block only (the benchmark's own
        self._before: set = set()         # data and idle workers of earlier stages left out)
        try:
            import psutil

            self._proc = psutil.Process()
        except ImportError:
            self._proc = None

    def _rss(self) -> int:
        total = 0
        for p in [self._proc] * self.include_self + self._proc.children(recursive=True):
            if p.pid in self._before:
                continue
            try:
                total += p.memory_info().rss
            except Exception:
                pass
        return total

    def _loop(self):
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self._rss())

    def __enter__(self):
        if self._proc is not None:
            if not self.include_self:
                self._before = {p.pid for p in self._proc.children(recursive=True)}
            self.peak = self._rss()
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self._proc is not None:
            self._stop.set()
            self._thread.join()
        else:  # upper bound: the biggest child counted once per worker
            me, kids = (resource.getrusage(w).ru_maxrss * 1024 for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
            self.peak = me * self.include_self + kids


# ---------------------------------------------------------------- the three runs


def _cpu(who) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_pipeline(corpus, limit, workers) -> dict:
    from factex import batch

    with tempfile.TemporaryDirectory(prefix="factex-bench-") as out, PeakRSS() as mem:
        cpu0 = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        source = Timed(articles(corpus, limit), key=lambda a: a[1])
        items = ((None, doc, text, meta) for doc, text, meta in source)
        summary = batch.run_items(items, out, workers=workers, quiet=True, unit="articles")
        seconds = time.perf_counter() - start
        parent_cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - cpu0  # + merge_file's pool
        sizes = {p.name: p.stat().st_size for p in Path(out).iterdir()}
        real_merge = run_real_merge(Path(out) / "facts.jsonl", workers)
    st = summary.stages
    return {"articles": source.n, "mb": source.bytes / 1e6, "seconds": seconds, "facts": summary.facts,
            "records": summary.records, "conflicts": summary.conflicts, "failures": len(summary.failures),
            "peak_rss": mem.peak, "parent_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "output_bytes": sizes, "cpu_seconds": parent_cpu + st["read"] + st["extract"], "real_merge": real_merge,
            "stages": {"corpus read (parent)": source.seconds,
                       "read (workers, cpu-s)": st["read"], "extract (workers, cpu-s)": st["extract"],
                       "map + write (wall)": st["map"], "merge (wall)": st["merge"]}}


_NLP = None
_HAS_PSUTIL = importlib.util.find_spec("psutil") is not None


def _floor_init(parent: Optional[int] = None):
    global _NLP
    import spacy

    from factex.engines import watch_parent

    if parent is not None:
        watch_parent(parent)
    _NLP = spacy.blank("ar")


def _floor_work(texts):
    t = time.process_time()
    tokens = sum(len(_NLP.make_doc(t)) for t in texts)
    return tokens, time.process_time() - t


def run_floor(corpus, limit, workers, chunk: int = 16) -> dict:
    """The same reading, the same number of processes, the same chunks: spacy.blank("ar") tokenising only."""
    from factex.engines import mp_context

    with PeakRSS() as mem:
        cpu0 = _cpu(resource.RUSAGE_SELF)
        start = time.perf_counter()
        source = Timed(articles(corpus, limit), key=lambda a: a[1])
        texts = (text for _, text, _ in source)
        tokens = cpu = 0
        results = []
        if workers == 1:
            _floor_init()
            results = [_floor_work([t]) for t in texts]
        else:
            with ProcessPoolExecutor(workers, mp_context=mp_context(), initializer=_floor_init,
                                     initargs=(os.getpid(),)) as pool:
                pending = []
                for batch in iter(lambda: list(islice(texts, chunk)), []):
                    pending.append(pool.submit(_floor_work, batch))
                    if len(pending) >= 4 * workers:
                        results.append(pending.pop(0).result())
                results += [f.result() for f in pending]
        seconds = time.perf_counter() - start
        tokens, cpu = sum(r[0] for r in results), sum(r[1] for r in results)
        if workers > 1:
            cpu += _cpu(resource.RUSAGE_SELF) - cpu0
    return {"articles": source.n, "seconds": seconds, "tokens": tokens, "peak_rss": mem.peak, "cpu_seconds": cpu}


def run_peer(corpus, limit, sample: int) -> dict:
    import dateparser.search

    total = sum(1 for _ in articles(corpus, limit))
    step = max(1, total // max(sample, 1))
    texts = [t for i, (_, t, _) in enumerate(articles(corpus, limit)) if i % step == 0][:sample]
    dateparser.search.search_dates("في 21 يوليو 2015", languages=["ar"])  # load its data before timing
    start, cpu0 = time.perf_counter(), time.process_time()
    found = sum(len(dateparser.search.search_dates(t, languages=["ar"]) or []) for t in texts)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    return {"articles": len(texts), "seconds": seconds, "dates": found, "rate": len(texts) / seconds,
            "cpu_seconds": cpu, "cpu_rate": len(texts) / cpu,
            "extrapolated_seconds": total * seconds / max(len(texts), 1), "of": total}


def run_real_merge(facts: Path, workers: int) -> Optional[dict]:
    """The facts of the corpus run, merged again alone (benchmarks.bench_merge.merge_facts_file)."""
    if not facts.exists() or not facts.stat().st_size:
        return None
    from benchmarks.bench_merge import merge_facts_file

    return merge_facts_file(facts, workers)


def run_merge(n: int, workers: int) -> Optional[dict]:
    """The merge alone on n synthetic facts (benchmarks.bench_merge, in a child process), with the summed RSS
    peak of the merge's processes (the child and its pool: not this process, which holds the corpus run's
    data, nor idle workers of earlier stages) and of the whole tree, besides the child's own figures."""
    if n <= 0:
        return None
    from benchmarks.bench_merge import bench_merge

    start = time.perf_counter()
    with PeakRSS(every=0.25) as tree, PeakRSS(every=0.25, include_self=False) as merge_only:
        result = bench_merge(n, workers=workers)
    return {"facts": n, "wall_seconds": time.perf_counter() - start, "tree_peak_rss_mb": round(merge_only.peak / 2**20),
            "with_bench_rss_mb": round(tree.peak / 2**20), **result}


# ---------------------------------------------------------------- report


def _gb(n: float) -> str:
    return f"{n / 2**30:.2f} GB"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--peer-sample", type=int, default=300, help="articles timed with dateparser (0: skip)")
    ap.add_argument("--merge-facts", type=int, default=1_000_000,
                    help="synthetic facts for benchmarks.bench_merge (0: skip; 1M takes minutes on 2 cores)")
    ap.add_argument("--merge-small", type=int, default=100_000,
                    help="a smaller merge beside it, to show how its memory grows (0: skip)")
    ap.add_argument("--folder-articles", type=int, default=3000, help="articles written as a folder of files (0: skip)")
    ap.add_argument("--folder-full", action="store_true", help="also the whole corpus as a folder of files")
    ap.add_argument("--hostile", choices=("full", "quick", "skip"), default="full",
                    help="hostile inputs: 10 MB cases (full), 2 MB (quick), or none")
    ap.add_argument("--results", type=Path, default=Path("bench/results/latest.json"))
    args = ap.parse_args(argv)

    load_before = os.getloadavg()
    has_corpus = bool(list(args.corpus.glob("saudinewsnet/*.zip")) or list(args.corpus.glob("*.zip")))
    print(f"corpus: {'SaudiNewsNet ' + str(args.corpus) if has_corpus else 'absent: seeds repeated'}"
          f"{f' (first {args.limit})' if args.limit else ''}; workers: {args.workers}; cpus: {os.cpu_count()}", flush=True)
    pipe = run_pipeline(args.corpus, args.limit, args.workers)
    print(f"pipeline done: {pipe['articles']} articles in {pipe['seconds']:.1f} s", flush=True)
    floor = run_floor(args.corpus, args.limit, args.workers)
    print(f"floor done: {floor['seconds']:.1f} s", flush=True)
    peer = run_peer(args.corpus, args.limit, args.peer_sample) if args.peer_sample > 0 else None
    merge_small = run_merge(args.merge_small, args.workers) if args.merge_facts else None
    merge = run_merge(args.merge_facts, args.workers)
    folders = []
    if has_corpus and args.folder_articles:
        from benchmarks.folder import bench_folder

        for limit in [args.folder_articles] + ([None] if args.folder_full else []):
            folders.append(bench_folder(args.corpus, limit, args.workers))
            print(f"folder of {folders[-1]['articles']} files done: {folders[-1]['run']['seconds']:.1f} s", flush=True)
    hostile = None
    if args.hostile != "skip":
        from benchmarks.hostile import bench_hostile

        hostile = bench_hostile(quick=args.hostile == "quick")

    n = pipe["articles"]
    rate = n / pipe["seconds"]
    res = {
        "corpus": "SaudiNewsNet" if has_corpus else "seeds (repeated)", "workers": args.workers, "articles": n,
        "articles_per_s": rate, "mb_per_s": pipe["mb"] / pipe["seconds"], "peak_rss_gb": pipe["peak_rss"] / 2**30,
        "floor_articles_per_s": floor["articles"] / floor["seconds"], "floor_ratio": pipe["seconds"] / floor["seconds"],
        "peer_articles_per_s": peer["rate"] if peer else None,
        "peer_speedup": rate / peer["rate"] if peer else None,
        "peer_speedup_per_process": rate / args.workers / peer["rate"] if peer else None,
        "cpu": {"pipeline_articles_per_cpu_s": n / pipe["cpu_seconds"],
                "floor_articles_per_cpu_s": floor["articles"] / max(floor["cpu_seconds"], 1e-9),
                "peer_articles_per_cpu_s": peer["cpu_rate"] if peer else None,
                "floor_ratio": pipe["cpu_seconds"] / max(floor["cpu_seconds"], 1e-9),
                "peer_speedup": n / pipe["cpu_seconds"] / peer["cpu_rate"] if peer else None},
        "pipeline": pipe, "floor": floor, "peer": peer, "merge": merge, "merge_small": merge_small,
        "folders": folders, "hostile": hostile,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    rows = [
        ("articles", f"{n}  ({pipe['mb']:.1f} MB of text, {pipe['facts']} facts, {pipe['records']} records, "
                     f"{pipe['conflicts']} conflicts, {pipe['failures']} failed)"),
        ("pipeline", f"{pipe['seconds']:.1f} s   {rate:.0f} articles/s   {res['mb_per_s']:.2f} MB/s"),
        ("peak memory", f"{_gb(pipe['peak_rss'])} " + ("(summed RSS of the process tree)" if _HAS_PSUTIL else
                                                       "(an upper bound from getrusage: install psutil, `.[bench]`)")),
        *[(f"  {k}", f"{v:.1f} s") for k, v in pipe["stages"].items()],
        ("floor: spacy.blank tokenise", f"{floor['seconds']:.1f} s   {res['floor_articles_per_s']:.0f} articles/s "
                                        f"({args.workers} processes)   pipeline/floor = {res['floor_ratio']:.2f}x"),
    ]
    if peer:
        rows.append(("peer: dateparser.search_dates", f"{peer['rate']:.1f} articles/s (1 process, {peer['articles']} "
                     f"sampled articles in {peer['seconds']:.1f} s; whole corpus extrapolated: "
                     f"{peer['extrapolated_seconds']:.0f} s)"))
        rows.append(("  pipeline speed-up", f"{res['peer_speedup']:.1f}x ({res['peer_speedup_per_process']:.1f}x per process)"))
    cpu = res["cpu"]
    rows.append(("CPU time (load-independent)",
                 f"pipeline {pipe['cpu_seconds']:.0f} cpu-s = {cpu['pipeline_articles_per_cpu_s']:.0f} articles/cpu-s; "
                 f"floor {cpu['floor_articles_per_cpu_s']:.0f}/cpu-s (ratio {cpu['floor_ratio']:.2f}x)"
                 + (f"; dateparser {cpu['peer_articles_per_cpu_s']:.0f}/cpu-s (speed-up {cpu['peer_speedup']:.1f}x)"
                    if peer else "")))
    real = pipe["real_merge"]
    if real:
        rows.append((f"merge alone, the run's {real['facts']:,} real facts",
                     f"{real['seconds']:.2f} s, {real['facts_per_s'] or 0:,.0f} facts/s, {real['cpu_seconds']} cpu-s, "
                     f"peak {real['peak_rss_mb']:,.0f} MB ({real['families']} unit families, the largest "
                     f"{real['largest_family']:,} facts; {real['conflicts']} conflicts)"))
    for m in (merge_small, merge):
        if m:
            rows.append((f"merge alone, {m['facts']:,} synthetic facts",
                         f"{m['seconds']:.1f} s, {m['facts_per_s'] or 0:,.0f} facts/s, {m['cpu_seconds']} cpu-s, peak "
                         f"{m['peak_rss_mb']:,.0f} MB per process, {m['tree_peak_rss_mb']:,} MB summed over the merge's "
                         f"processes ({m['with_bench_rss_mb']:,} MB with this benchmark's own) ({m['families']} "
                         f"unit families, the largest {m['largest_family']:,} facts; {args.workers} workers)"))
    if merge and merge_small:
        rows.append(("  merge memory growth", f"{merge['facts'] / merge_small['facts']:.0f}x the facts, "
                     f"{merge['largest_family'] / merge_small['largest_family']:.1f}x the largest family -> "
                     f"{merge['peak_rss_mb'] / merge_small['peak_rss_mb']:.1f}x the peak per process, "
                     f"{merge['tree_peak_rss_mb'] / merge_small['tree_peak_rss_mb']:.1f}x summed"))
    from benchmarks import folder as folder_bench, hostile as hostile_bench

    for result in folders:
        rows.extend(folder_bench.rows(result))
        result["ratio_json_floor"] = result["run"]["seconds"] * res["floor_articles_per_s"] / result["articles"]
        rows.append(("  run / the JSON-record floor above", f"{result['ratio_json_floor']:.2f}x (its articles/s)"))
    if hostile:
        rows.extend(hostile_bench.rows(hostile))
    checks = [("articles/s >= 300", rate >= TARGETS["articles_per_s"]),
              ("peak memory <= 1.5 GB", res["peak_rss_gb"] <= TARGETS["peak_rss_gb"]),
              ("pipeline <= 6x floor", res["floor_ratio"] <= TARGETS["floor_ratio"])]
    if peer:
        checks.append((">= 5x dateparser.search_dates", res["peer_speedup"] >= TARGETS["peer_speedup"]))
    if merge:
        checks.append((f"merge of {merge['facts']:,} facts <= 1 GB summed",
                       merge["tree_peak_rss_mb"] <= TARGETS["merge_rss_gb"] * 1024))
        checks.append((f"merge of {merge['facts']:,} facts <= {TARGETS['merge_1m_s']:.0f} s",
                       merge["seconds"] <= TARGETS["merge_1m_s"] * merge["facts"] / 1e6))
    if real:
        checks.append((f"merge of the run's real facts <= {TARGETS['merge_real_per_3000']:.0f} s per 3000 articles",
                       real["seconds"] <= TARGETS["merge_real_per_3000"] * max(n, 1) / 3000))
    for result in folders:
        checks.append((f"folder of {result['articles']:,} files <= {folder_bench.GOAL_RATIO:g}x its floor",
                       result["ratio"] <= folder_bench.GOAL_RATIO))
    if hostile:
        checks.extend(hostile_bench.checks(hostile))
    res["checks"] = dict(checks)
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print(f"machine load (1-min average) before/after: {load_before[0]:.1f} / {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs (other work on the machine slows every figure above)")
    print("checks: " + ", ".join(f"{name} {'ok' if ok else 'FAIL'}" for name, ok in checks))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
