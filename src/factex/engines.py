"""Where the per-file work runs: in this process, in a local process pool, or on a dask cluster.

An engine has `submit(fn, arg) -> future` (anything with `.result()`), `restart() -> bool` (called after a
worker died; True when the futures in flight were lost and must be submitted again) and `close()`.
The batch job consumes the futures in submission order, so the output does not depend on the engine.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor


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


def _init_worker(parent: int | None = None) -> None:
    """Import the heavy modules once per worker process (and let lazily loaded resources load now)."""
    from . import batch

    if parent is not None:
        watch_parent(parent)
    batch.warm_up()


def mp_context():
    """forkserver where there is one: workers start from a clean, preloaded process (no fork of a threaded parent)."""
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["factex.batch"])
        return ctx
    return multiprocessing.get_context()


class Serial:
    """In this process (workers=1, and `factex extract`)."""

    workers = 1

    def submit(self, fn, arg) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(arg))
        except Exception as err:  # pragma: no cover - the work function catches per-file errors itself
            future.set_exception(err)
        return future

    def restart(self) -> bool:
        return False

    def close(self) -> None:
        pass


class Local:
    """A pool of worker processes on this machine."""

    def __init__(self, workers: int):
        self.workers = workers
        self._start()

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(self.workers, mp_context=mp_context(), initializer=_init_worker,
                                        initargs=(os.getpid(),))

    def submit(self, fn, arg):
        return self.pool.submit(fn, arg)

    def restart(self) -> bool:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._start()
        return True

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """An existing dask.distributed scheduler (`address`), or a LocalCluster of `workers` single-threaded processes.

    The workers need factex installed (the tasks are `factex.batch` functions); input paths must be readable
    from them (a shared file system) — or pass articles as text.
    """

    def __init__(self, workers: int = 1, address: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:  # pragma: no cover
            raise SystemExit("factex: --engine dask needs the dask extra: pip install 'factex[dask]'") from err
        self.cluster = None
        if address:
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        self.client.run(_init_worker)

    def submit(self, fn, arg):
        return self.client.submit(fn, arg, pure=False)

    def restart(self) -> bool:
        return False  # dask reschedules tasks of a dead worker itself

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make(engine: str = "local", workers: int = 1, scheduler: str | None = None):
    if engine == "dask":
        return Dask(workers, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    return Local(workers) if workers > 1 else Serial()
