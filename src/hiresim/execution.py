"""Executors: where runs execute, behind the ``concurrent.futures`` interface.

Local processes by default; an existing Dask distributed cluster when given a scheduler
address (``tcp://host:port``). Results never depend on the executor: every run is a pure
function of its parameters and seed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor for ``workers`` local processes, or for the Dask cluster at ``scheduler``.

    One worker runs in this process (no start-up cost, easy debugging).
    """
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            yield client.get_executor()
        return
    workers = workers or default_workers()
    if workers <= 1:
        with ThreadPoolExecutor(max_workers=1) as ex:
            yield ex
        return
    # Mesa 3.3 sets the global start method to "spawn"; forkserver starts workers
    # quickly and safely wherever it exists.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
        yield ex
