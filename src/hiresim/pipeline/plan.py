"""Plans and their execution, shared by scenario runs and sweeps.

A plan splits a run into jobs with stable ids ``0..n_jobs-1``: a scenario run's distinct
simulations (`hiresim.pipeline.runner`), a sweep's (design point, replication) tasks
(`hiresim.sweep.store`). `run_plan` executes the jobs not yet done on an executor (local
processes or a Dask cluster, `hiresim.pipeline.execution`), a bounded number in flight,
with a progress bar, and hands each finished batch's rows to a `PartWriter`, which
streams them to a store (`hiresim.pipeline.store`). Every job is a pure function of the
plan, so results never depend on the executor, the number of workers or the order in
which jobs finish, and a resumed run does exactly the jobs that are missing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import IO, Any, Protocol

import numpy as np
import pyarrow as pa

from .execution import executor, parallel_slots, submit_bounded
from .progress import progress_bar
from .store import PartWriter, Sink

#: Seconds between recounts of an executor's workers (a Dask cluster can grow or shrink).
WINDOW_REFRESH = 30.0


class JobError(Exception):
    """Job ``job`` of a batch failed with ``error`` (raised on a worker, so that the
    failure names the job rather than the batch's first)."""

    def __init__(self, job: int, error: BaseException) -> None:
        super().__init__(job, error)
        self.job, self.error = job, error


class Plan(Protocol):
    """What a run executes: jobs with ids ``0..n_jobs-1``, submitted in the plan's
    `order`."""

    @property
    def n_jobs(self) -> int: ...

    def order(self, todo: np.ndarray) -> np.ndarray:
        """Job ids ``todo`` in the order to submit them: jobs that share a burn-in
        (`hiresim.model.burn_in`) side by side, so that a worker burns in once."""
        ...

    def call(self, ids: np.ndarray) -> tuple[Callable[..., dict[str, np.ndarray]], tuple]:
        """The function and arguments that run jobs ``ids`` (on a worker) and return
        their rows as columns, one of them the job id."""
        ...

    def table(self, columns: dict[str, np.ndarray]) -> pa.Table:
        """The part table of finished jobs' columns."""
        ...

    def failure(self, job: int, err: BaseException) -> Exception:
        """The error that says job ``job`` failed with ``err``."""
        ...


def submit_plan(ex: Executor, plan: Plan, todo: np.ndarray, writer: PartWriter,
                bar: Any | None, chunk: int | None = None) -> None:
    """Run jobs ``todo`` on ``ex`` in chunks of ``chunk`` jobs (default: about 16 chunks
    per worker, at most 16 jobs each), keeping three chunks per worker in flight
    (recounted every `WINDOW_REFRESH` seconds as cluster workers come and go); each
    finished chunk goes to ``writer`` and advances ``bar``. The first failure raises
    ``plan.failure``; what has finished by then is still written."""
    slots = parallel_slots(ex)
    size = chunk or max(1, min(16, len(todo) // (slots * 16)))
    window = [max(2, 3 * slots), time.monotonic()]

    def limit() -> int:
        if time.monotonic() - window[1] > WINDOW_REFRESH:
            window[:] = [max(2, 3 * parallel_slots(ex)), time.monotonic()]
        return int(window[0])

    def done(ids: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        writer.add(columns, len(ids))
        if bar is not None:
            bar.update(len(ids))

    def failed(ids: np.ndarray, err: BaseException) -> Exception:
        if isinstance(err, JobError):  # a batch names the job that failed
            return plan.failure(err.job, err.error)
        return plan.failure(int(ids[0]), err)

    jobs = ((ids, *plan.call(ids)) for ids in (todo[i:i + size]
                                                for i in range(0, len(todo), size)))
    submit_bounded(ex, jobs, limit, done, failed)


def run_plan(plan: Plan, sink: Sink, done: np.ndarray, *, desc: str,
             workers: int | None = None, scheduler: str | None = None,
             progress: bool | IO[str] = False, part_runs: int = 1,
             part_seconds: float = 60.0, chunk: int | None = None) -> int:
    """Run the jobs of ``plan`` that are not ``done`` (a mask over job ids) and stream
    their rows to ``sink``, a part every ``part_runs`` jobs or ``part_seconds`` seconds.

    ``workers`` local workers or the Dask cluster at ``scheduler``; ``progress``: a bar
    on standard error, or on the stream given. Whatever finished is published even when
    a job fails or the run is interrupted. Returns the number of parts published.
    """
    todo = plan.order(np.flatnonzero(~done))
    if not len(todo):
        return 0
    stream = progress if not isinstance(progress, bool) else sys.stderr
    writer = PartWriter(sink, plan.table, part_runs, part_seconds)
    try:
        with progress_bar(plan.n_jobs, desc, done=int(done.sum()), enabled=bool(progress),
                          stream=stream) as bar, executor(workers, scheduler) as ex:
            submit_plan(ex, plan, todo, writer, bar, chunk)
    finally:
        writer.flush()
    return writer.published
