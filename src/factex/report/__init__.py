"""The HTML report of a run: `factex report OUT_DIR [-o REPORT_DIR]` or `factex run ... --report`.

    from factex.report import build_report
    summary = build_report("out")          # -> out/report/index.html

Static files only (Jinja2 templates, a stylesheet and one script shipped in this package): the report
opens from file:// with no server and no network.
"""
from .build import ReportSummary, build_report
from .load import RunError

__all__ = ["ReportSummary", "RunError", "build_report"]
