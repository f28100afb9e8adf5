"""Progress of the batch job on stderr: a rich bar on a terminal, plain log lines otherwise, nothing with --quiet.

Error lines and the final summary go to stderr too (errors even with --quiet: a failed file is never silent).
"""
from __future__ import annotations

import sys
import time


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """`with Progress(total) as p: p.advance(files=1, facts=n)`; `p.error(path, reason)`; `p.summary(summary, out)`."""

    def __init__(self, total: int | None, quiet: bool = False, stream=None, every: float = 10.0, unit: str = "files"):
        self.stream = stream or sys.stderr
        self.total, self.unit, self.every = total, unit, every
        self.files = self.facts = 0
        self.start = self.last = time.monotonic()
        tty = getattr(self.stream, "isatty", lambda: False)()
        self.mode = "quiet" if quiet else ("bar" if tty else "log")
        self._bar = self._console = None

    def __enter__(self):
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._console = Console(file=self.stream)
            self._bar = Bar(TextColumn("factex"), BarColumn(), MofNCompleteColumn(), TextColumn(self.unit),
                            TextColumn("{task.fields[facts]} facts  {task.fields[rate]}/s"),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=self._console)
            self._bar.start()
            self._task = self._bar.add_task("run", total=self.total, facts=0, rate="-")
        return self

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()

    def rate(self) -> float:
        return self.files / max(time.monotonic() - self.start, 1e-9)

    def advance(self, files: int = 1, facts: int = 0) -> None:
        self.files += files
        self.facts += facts
        if self._bar is not None:
            self._bar.update(self._task, advance=files, facts=self.facts, rate=f"{self.rate():.0f} {self.unit}")
        elif self.mode == "log" and time.monotonic() - self.last >= self.every:
            self._log()

    def _log(self) -> None:
        self.last = time.monotonic()
        rate = self.rate()
        eta = ""
        if self.total and rate > 0:
            eta = f", ETA {_duration((self.total - self.files) / rate)}"
        of = f"/{self.total}" if self.total is not None else ""
        self._print(f"factex: {self.files}{of} {self.unit}, {self.facts} facts, {rate:.0f} {self.unit}/s{eta}")

    def _print(self, line: str) -> None:
        if self._console is not None:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def error(self, path, reason: str) -> None:
        self._print(f"factex: error: {path}: {reason}")

    def summary(self, s, out=None) -> None:
        if self.mode == "quiet":
            return
        where = f" -> {out}" if out is not None else ""
        reused = f", {s.reused} reused (--resume)" if getattr(s, "reused", 0) else ""
        self._print(f"factex: {s.files} {self.unit} ({s.documents} documents{reused}), {s.facts} facts, "
                    f"{s.records} records ({s.conflicts} conflicts), {len(s.failures)} failed, "
                    f"{s.seconds:.1f} s ({s.files / max(s.seconds, 1e-9):.0f} {self.unit}/s){where}")
