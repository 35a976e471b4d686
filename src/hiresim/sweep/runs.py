"""Running a sweep: every (design point, replication) of an experiment, with results
streamed to the sweep directory (`sweep.store`) as runs finish.

Task ``t`` is replication ``t % R`` of point ``t // R``, run with seed
``replication_seed(seed, t % R)``: every point uses the same replication seeds (common
random numbers), and results depend only on the experiment, never on the executor or
the number of workers. ``resume`` reads the task ids already in the parts and runs only
the missing ones, so a sweep killed at any moment and resumed ends with exactly the
results of an uninterrupted one. At most a bounded number of runs are in flight or
waiting to be written, however large the sweep.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import Executor
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..pipeline.atomic import write_json, write_parquet
from ..pipeline.execution import executor, parallel_slots, submit_bounded
from ..pipeline.progress import progress_bar
from ..version import __version__
from .store import (
    MANIFEST,
    PARTS,
    POINTS,
    PartWriter,
    SweepError,
    SweepPlan,
    completed_tasks,
    consolidate,
    lock,
    plan_of,
    read_manifest,
    read_plan,
)
from .tasks import run_tasks

#: Seconds between recounts of an executor's workers (a Dask cluster can grow or shrink).
WINDOW_REFRESH = 30.0


def run_sweep(experiment: Any, out: str | Path, *, workers: int | None = None,
              scheduler: str | None = None, resume: bool = False,
              part_runs: int | None = None, part_seconds: float = 60.0,
              chunk: int | None = None, progress: bool | IO[str] = True) -> Path:
    """Run (or complete, with ``resume``) the sweep of ``experiment`` into ``out``.

    ``experiment`` is a loaded `hiresim.config.experiment.Experiment`. Results go to part files
    as runs finish (a part every ``part_runs`` runs or ``part_seconds`` seconds) and to
    ``results.parquet`` at the end; returns that file's path.
    """
    out = Path(out)
    plan, manifest = plan_of(experiment)
    _refuse_foreign(out)
    with lock(out):
        if (out / MANIFEST).exists():
            if not resume:
                raise SweepError(
                    f"{out} already holds a sweep; add --resume to complete it, or choose "
                    "another --out directory")
            _check_same_sweep(out, read_manifest(out), manifest)
        else:
            if out.exists() and any(p.name != ".lock" for p in out.iterdir()):
                raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")
            write_parquet(out / POINTS, plan.points)
            write_json(out / MANIFEST, manifest)  # last: it marks the directory as a sweep
        _remove_partial_files(out)
        # Always the stored plan, so that a fresh and a resumed sweep read the same values.
        plan, manifest = read_plan(out)
        done = completed_tasks(out, plan.n_tasks)
        todo = np.flatnonzero(~done)
        if len(todo):
            stream = progress if not isinstance(progress, bool) else sys.stderr
            writer = PartWriter(out, plan, part_runs or _default_part_runs(plan),
                                part_seconds)
            try:
                with progress_bar(plan.n_tasks, manifest["experiment"]["name"],
                                  done=int(done.sum()), enabled=bool(progress),
                                  stream=stream) as bar, executor(workers, scheduler) as ex:
                    _run(ex, plan, todo, writer, bar, chunk)
            finally:
                writer.flush()
        return consolidate(out, plan)


def _refuse_foreign(out: Path) -> None:
    """Refuse a directory that holds something other than a sweep (before the lock, which
    would leave a ``.lock`` file in it)."""
    if not out.is_dir():
        return
    if (out / MANIFEST).exists():
        try:
            read_manifest(out)
        except SweepError:
            raise SweepError(f"{out} holds something other than a sweep (the results of a "
                             "scenario run, say); choose another --out") from None
    elif any(p.name != ".lock" for p in out.iterdir()):
        raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")


def _remove_partial_files(out: Path) -> None:
    """Remove the temporary files of a killed sweep (under the lock: no writer is left)."""
    for folder in (out, out / PARTS):
        if folder.is_dir():
            for tmp in folder.glob(".*.partial"):
                if tmp.is_file():
                    tmp.unlink(missing_ok=True)


def _default_part_runs(plan: SweepPlan) -> int:
    """About 50,000 result rows per part file, at most 1,000 runs."""
    return max(1, min(1000, 50_000 // max(1, len(plan.horizons))))


def _check_same_sweep(out: Path, stored: dict[str, Any], current: dict[str, Any]) -> None:
    if stored.get("hiresim_version") != __version__:
        raise SweepError(
            f"{out} was started with hiresim {stored.get('hiresim_version')}, this is "
            f"{__version__}; finish it with the same version (results would mix versions)")
    if stored.get("fingerprint") != current["fingerprint"]:
        raise SweepError(
            f"{out} holds a sweep of a different experiment (the base parameters, design "
            "points, replications, seed, metrics or horizons have changed since it started); "
            "resume it with the experiment it was started with, or choose another --out")


def _run(ex: Executor, plan: SweepPlan, todo: np.ndarray, writer: PartWriter,
         bar: Any | None, chunk: int | None) -> None:
    """Submit ``todo`` in chunks, keeping a bounded window of chunks in flight: three per
    worker, recounted every ``WINDOW_REFRESH`` seconds as cluster workers come and go."""
    slots = parallel_slots(ex)
    size = chunk or max(1, min(16, len(todo) // (slots * 16)))
    window = [max(2, 3 * slots), time.monotonic()]

    def limit() -> int:
        if time.monotonic() - window[1] > WINDOW_REFRESH:
            window[:] = [max(2, 3 * parallel_slots(ex)), time.monotonic()]
        return int(window[0])

    def done(ids: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        writer.add(columns)
        if bar is not None:
            bar.update(len(ids))

    def failed(ids: np.ndarray, err: BaseException) -> Exception:
        point, rep = divmod(int(ids[0]), plan.replications)
        return SweepError(f"run of point {point} (replication {rep}, parameters "
                          f"{plan.overrides(point)}) failed: {type(err).__name__}: {err}")

    args = (plan.metrics, plan.horizons)
    jobs = ((ids, run_tasks, (plan.base, [plan.task(int(t)) for t in ids], *args))
            for ids in (todo[i:i + size] for i in range(0, len(todo), size)))
    submit_bounded(ex, jobs, limit, done, failed)
