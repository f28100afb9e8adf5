"""Where the per-file work runs: in this process, in a local process pool, or on a dask cluster.

An engine has `submit(fn, arg) -> future` (anything with `.result()`), `restart() -> bool` (called after a
worker died; True when the futures in flight were lost and must be submitted again) and `close(abort=False)`.
`setup` is run once in every worker (loading models). The batch job consumes the futures in submission
order, so the output does not depend on the engine. Engines know nothing of what the work is.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Optional

from .errors import UserError

ENGINES = ("local", "dask")
SCHEDULER_TIMEOUT = 10  # seconds to reach a dask scheduler


def watch_parent(pid: int, every: float = 1.0) -> None:
    """Exit this worker when process `pid` is gone (a killed batch must not leave its workers behind)."""

    def loop():
        while True:
            time.sleep(every)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except OSError:
                pass

    threading.Thread(target=loop, name="factex-watch-parent", daemon=True).start()


def worker_gc() -> None:
    """In a worker process of factex's own: what is loaded so far (models, tables) leaves the cycle
    collector, and the young generation is collected every 10,000 allocations instead of 700. A worker's
    heap is mostly long-lived caches and its garbage mostly freed by reference counting: the default
    thresholds had it walk the caches again and again (about 9 % of extraction CPU, 6 % of a merge's,
    measured with gc.callbacks on the corpus), for no memory saved."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _init_local(parent: int, setup: Optional[Callable]) -> None:
    """A pool worker: exits with its parent, leaves Ctrl-C to the parent (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
    if setup is not None:
        setup()
    worker_gc()


def mp_context(preload: tuple = ()):
    """forkserver where there is one: workers start from a clean, preloaded process (no fork of a threaded parent)."""
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context()


class Serial:
    """In this process (workers=1, and `factex extract`)."""

    workers = 1

    def __init__(self, setup: Optional[Callable] = None):
        if setup is not None:
            setup()

    def submit(self, fn, arg) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(arg))
        except Exception as err:  # pragma: no cover - the work function catches per-file errors itself
            future.set_exception(err)
        return future

    def restart(self) -> bool:
        return False

    def close(self, abort: bool = False) -> None:
        pass


class Local:
    """A pool of worker processes on this machine."""

    def __init__(self, workers: int, setup: Optional[Callable] = None, preload: tuple = ()):
        self.workers, self.setup, self.preload = workers, setup, preload
        self._start()

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(self.workers, mp_context=mp_context(self.preload), initializer=_init_local,
                                        initargs=(os.getpid(), self.setup))

    def submit(self, fn, arg):
        return self.pool.submit(fn, arg)

    def restart(self) -> bool:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._start()
        return True

    def close(self, abort: bool = False) -> None:
        if abort:  # Ctrl-C: do not wait for the inputs that run
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            return
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """An existing dask.distributed scheduler (`address`), or a LocalCluster of `workers` single-threaded processes.

    The workers need factex installed (the tasks are `factex.work` functions); input paths must be readable
    from them (a shared file system) — or pass articles as text.
    """

    def __init__(self, workers: int = 1, address: Optional[str] = None, setup: Optional[Callable] = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover
            raise UserError("--engine dask needs the dask extra: pip install 'factex[dask]'") from None
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout=SCHEDULER_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:
                raise UserError(f"cannot reach the dask scheduler at {address}: "
                                f"{' '.join(str(err).split())[:200] or type(err).__name__}") from None
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        if setup is not None:
            self.client.run(setup)

    def submit(self, fn, arg):
        return self.client.submit(fn, arg, pure=False)

    def restart(self) -> bool:
        return False  # dask reschedules tasks of a dead worker itself

    def close(self, abort: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make(engine: str = "local", workers: int = 1, scheduler: Optional[str] = None, setup: Optional[Callable] = None,
         pool_setup: Optional[Callable] = None, preload: tuple = ()):
    """An engine by name; `setup` runs once in every worker (this process for workers=1), `pool_setup`
    instead of it in local pool workers; `preload`: modules the local pool's workers start with."""
    if engine not in ENGINES:
        raise UserError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    if workers < 1:
        raise UserError(f"--workers must be at least 1 (got {workers})")
    if engine == "dask":
        return Dask(workers, scheduler, setup)
    if scheduler:
        raise UserError("--scheduler is for --engine dask")
    return Local(workers, pool_setup or setup, preload) if workers > 1 else Serial(setup)
