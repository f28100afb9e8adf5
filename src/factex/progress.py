"""Progress of the batch job on stderr: rich bars on a terminal, plain log lines otherwise, nothing with --quiet.

Two stages, each with its own count and ETA: extraction (`advance(files, facts)`), then the merge
(`merge(stage, done, total)`, as the merge reports its own steps). Off a terminal, a line says when each
stage starts and, every `every` seconds, how far it is. Error lines and the final summary go to stderr
too (errors even with --quiet: a failed file is never silent).
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
    """`with Progress(total) as p: p.advance(files=1, facts=n); p.merge(stage, done, total)`;
    `p.error(path, reason)`; `p.summary(summary, out)`."""

    def __init__(self, total: int | None, quiet: bool = False, stream=None, every: float = 10.0, unit: str = "files",
                 extract: bool = True):
        self.stream = stream or sys.stderr
        self.extract = extract  # False: the merge alone (`factex merge`)
        self.total, self.unit, self.every = total, unit, every
        self.files = self.facts = 0
        self.start = self.last = time.monotonic()
        tty = getattr(self.stream, "isatty", lambda: False)()
        self.mode = "quiet" if quiet else ("bar" if tty else "log")
        self._bar = self._console = None
        self._merge_task = None
        self._stage = None  # the merge's current stage: (name, started, total)

    def __enter__(self):
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._console = Console(file=self.stream)
            self._bar = Bar(TextColumn("factex {task.description:<15}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[what]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), console=self._console)
            self._bar.start()
            if self.extract:
                self._task = self._bar.add_task("extract", total=self.total, what=f"{self.unit}, 0 facts")
        elif self.mode == "log" and self.extract:
            of = f" {self.total}" if self.total is not None else ""
            self._print(f"factex: extract:{of} {self.unit}")
        return self

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()

    def rate(self) -> float:
        return self.files / max(time.monotonic() - self.start, 1e-9)

    # ------------------------------------------------------------ extraction

    def advance(self, files: int = 1, facts: int = 0) -> None:
        self.files += files
        self.facts += facts
        if self._bar is not None:
            self._bar.update(self._task, advance=files, what=f"{self.unit}, {self.facts} facts, {self.rate():.0f}/s")
        elif self.mode == "log" and time.monotonic() - self.last >= self.every:
            self._log()

    def _log(self) -> None:
        self.last = time.monotonic()
        rate = self.rate()
        eta = ""
        if self.total and rate > 0:
            eta = f", ETA {_duration((self.total - self.files) / rate)}"
        of = f"/{self.total}" if self.total is not None else ""
        self._print(f"factex: extract: {self.files}{of} {self.unit}, {self.facts} facts, {rate:.0f} {self.unit}/s{eta}")

    # ------------------------------------------------------------ merge

    def merge(self, stage: str, done: int = 0, total: int | None = None) -> None:
        """The merge's progress: its stage and how far that stage is (a new stage starts its own count)."""
        now = time.monotonic()
        if self._stage is None or self._stage[0] != stage:
            self._stage = (stage, now, total)
            if self._bar is not None:
                if self._merge_task is None:
                    self._merge_task = self._bar.add_task(f"merge: {stage}", total=total, what="")
                self._bar.reset(self._merge_task, total=total, description=f"merge: {stage}", what="")
            elif self.mode == "log":
                self.last = now
                self._print(f"factex: merge: {stage}" + (f" ({total} steps)" if total else ""))
        if self._bar is not None:
            self._bar.update(self._merge_task, completed=done, total=total)
        elif self.mode == "log" and now - self.last >= self.every and total:
            self.last = now
            elapsed = now - self._stage[1]
            eta = f", ETA {_duration(elapsed * (total - done) / done)}" if done else ""
            self._print(f"factex: merge: {stage} {done}/{total}{eta}")

    # ------------------------------------------------------------ lines

    def _print(self, line: str) -> None:
        if self._console is not None:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def note(self, line: str) -> None:
        if self.mode != "quiet":
            self._print(f"factex: {line}")

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
