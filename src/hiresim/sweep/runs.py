"""Running a sweep: every (design point, replication) of an experiment, with results
streamed to the sweep directory (`sweep.store`) as runs finish.

Task ``t`` is replication ``t % R`` of point ``t // R``, run with seed
``replication_seed(seed, t % R)``: every point uses the same replication seeds (common
random numbers), and results depend only on the experiment, never on the executor or
the number of workers. Planning, execution, streaming to parts and resume are those of
every run (`hiresim.pipeline.plan`, `hiresim.pipeline.store`): ``resume`` reads the task
ids already in the parts and runs only the missing ones, so a sweep killed at any moment
and resumed ends with exactly the results of an uninterrupted one. At most a bounded
number of runs are in flight or waiting to be written, however large the sweep.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from ..pipeline.atomic import write_parquet
from ..pipeline.plan import run_plan
from ..pipeline.store import LOCK
from .store import (
    MANIFEST,
    POINTS,
    SweepError,
    SweepPlan,
    consolidate,
    plan_of,
    read_manifest,
    read_plan,
    sweep_store,
)


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
    store = sweep_store(out)
    with store.lock():
        if store.started():
            if not resume:
                raise SweepError(
                    f"{out} already holds a sweep; add --resume to complete it, or choose "
                    "another --out directory")
            store.check(read_manifest(out), manifest, different=(
                f"{out} holds a sweep of a different experiment (the base parameters, design "
                "points, replications, seed, metrics or horizons have changed since it "
                "started); resume it with the experiment it was started with, or choose "
                "another --out"))
        else:
            if any(p.name != LOCK for p in out.iterdir()):
                raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")
            write_parquet(out / POINTS, plan.points)
            store.start(manifest)  # last: it marks the directory as a sweep
        store.remove_partial_files()
        # Always the stored plan, so that a fresh and a resumed sweep read the same values.
        plan, manifest = read_plan(out)
        run_plan(plan, store.parts, store.parts.completed(plan.n_tasks),
                 desc=manifest["experiment"]["name"], workers=workers, scheduler=scheduler,
                 progress=progress, part_runs=part_runs or _default_part_runs(plan),
                 part_seconds=part_seconds, chunk=chunk)
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
    elif any(p.name != LOCK for p in out.iterdir()):
        raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")


def _default_part_runs(plan: SweepPlan) -> int:
    """About 50,000 result rows per part file, at most 1,000 runs."""
    return max(1, min(1000, 50_000 // max(1, len(plan.horizons))))
