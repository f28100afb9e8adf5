"""Time and size of the HTML report of a run (factex.report), e.g. of the full corpus run.

    factex run CORPUS_FOLDER --out-dir /tmp/corpus_out --workers 2 -q
    python -m benchmarks.bench_report /tmp/corpus_out [--workers 2] [--report-dir DIR]

Prints wall and CPU seconds (CPU of this process: with --workers 1 that is all the work, a figure that
does not depend on other load on the machine), the time of each stage, peak RSS, and the sizes of
index.html, records.js, the largest article page and the whole report.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from factex.report import build_report


def measure(out_dir: Path, report_dir: Path, workers: int) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    summary = build_report(out_dir, report_dir, workers=workers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = [p.stat().st_size for p in (report_dir / "articles").rglob("*.html")]
    return {
        "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "workers": workers,
        "stages_s": {k: round(v, 2) for k, v in summary.stages.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "articles": summary.articles, "article_pages": summary.pages, "records": summary.records,
        "conflicts": summary.conflicts, "series": summary.series,
        "index_mb": round(summary.index_bytes / 1e6, 2),
        "records_js_mb": round((report_dir / "records.js").stat().st_size / 1e6, 2),
        "largest_article_page_kb": round(max(pages, default=0) / 1e3, 1),
        "mean_article_page_kb": round(sum(pages) / max(1, len(pages)) / 1e3, 1),
        "total_mb": round(summary.total_bytes / 1e6, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="the --out-dir of a factex run")
    parser.add_argument("--report-dir", type=Path, help="where to build (default: a scratch folder)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        report_dir = args.report_dir or Path(scratch) / "report"
        print(json.dumps(measure(args.out_dir, report_dir, args.workers), indent=2))


if __name__ == "__main__":
    main()
