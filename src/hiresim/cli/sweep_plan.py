"""What a sweep will cost, before it runs (``hiresim sweep --plan``): its runs, the twin
worlds they need, and the time they will take on this machine.

A run's twin world (the same seed, nothing delivered) is simulated once per distinct
`hiresim.model.simulate.run_identity` and kept by the worker that ran it for the next
points (`hiresim.sweep.tasks`): design points that differ only in delivery share one.
The time is an estimate: one run of the base point is timed here, its set-up (building
the model) apart from its weeks, and scaled to every run by its weeks and its labour
force (a run's cost grows about in proportion to both). Each distinct burn-in (a market
and a seed: `hiresim.model.burn_in`) is counted once per worker that meets it, as the
worker keeps the burnt-in worlds it made (up to `burn_in.CACHE_PEOPLE` people); a year
of burn-in is timed here too, and scaled by years and labour force.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from ..model.burn_in import WEEKS_PER_YEAR, burn_in_key
from ..model.simulate import run_identity, simulate
from ..params.horizons import horizon_weeks
from ..params.overrides import resolve
from ..pipeline.execution import default_workers
from ..sweep.store import plan_of
from ..sweep.tasks import needs_twin

__all__ = ["SweepCost", "Timing", "sweep_cost", "time_base_run"]

#: Weeks of the timed run of the base point (at most: a sweep's own runs may be shorter).
TIMED_WEEKS = 26


@dataclass(frozen=True)
class Timing:
    """One run of the base point, timed on this machine."""

    labour_force: int
    weeks: int
    setup: float  # processor seconds to build the model
    per_week: float  # processor seconds per simulated week
    #: Processor seconds a process takes to be ready to run: imports, the model's
    #: compiled loops (each worker process pays it once).
    start: float = 0.0
    burn_in_week: float = 0.0  # processor seconds per week of burn-in

    def seconds(self, weeks: int, labour_force: int) -> float:
        """A run of ``weeks`` weeks and ``labour_force`` people, scaled from this one."""
        return (self.setup + self.per_week * weeks) * labour_force / self.labour_force

    def burn_in_seconds(self, years: float, labour_force: int) -> float:
        """A burn-in of ``years`` years of ``labour_force`` people, scaled from this one."""
        return (self.burn_in_week * WEEKS_PER_YEAR * years * labour_force
                / self.labour_force)


@dataclass(frozen=True)
class SweepCost:
    """The runs of a sweep and what they will take."""

    points: int
    replications: int
    runs: int
    run_seconds: float  # every run, one after another
    #: Each distinct twin world: the runs that need it, and its seconds (none if no
    #: metric needs a twin world).
    twins_used: tuple[tuple[int, float], ...] = ()
    start_seconds: float = 0.0  # one process made ready to run
    #: Each distinct burn-in (a market and a seed): the runs that start from it, and its
    #: seconds (none if the runs have no burn-in).
    burn_ins_used: tuple[tuple[int, float], ...] = ()

    @property
    def twins(self) -> int:
        """Distinct twin worlds."""
        return len(self.twins_used)

    @property
    def burn_ins(self) -> int:
        """Distinct burn-ins."""
        return len(self.burn_ins_used)

    def twins_at_most(self, workers: int) -> int:
        """Twin worlds simulated if each of ``workers`` workers meets every one it may
        (no more often than runs need it)."""
        return _at_most(self.twins_used, workers)[0]

    def core_seconds(self, workers: int = 1) -> float:
        """Seconds of one core: ``workers`` processes made ready, every run, and every
        distinct twin world and burn-in once (with several workers: as often as each
        worker may meet it, at most)."""
        return (self.start_seconds * workers + self.run_seconds
                + _at_most(self.twins_used, workers)[1]
                + _at_most(self.burn_ins_used, workers)[1])


def _at_most(used: tuple[tuple[int, float], ...], workers: int) -> tuple[int, float]:
    """How many times, and in how many seconds, things ``used`` (runs needing each, its
    seconds) are made if each of ``workers`` workers meets every one it may."""
    times = [min(uses, max(1, workers)) for uses, _ in used]
    return sum(times), sum(t * sec for t, (_, sec) in zip(times, used, strict=True))


def time_base_run(experiment: Any, weeks: int = TIMED_WEEKS) -> Timing:
    """Time one run of the experiment's base point: its model built (no week), then
    ``weeks`` weeks, after a first run that loads and compiles what a run needs; and a
    year of burn-in. The time is this process's processor time, which other work on the
    machine changes less than the time on the clock."""
    params, seed = experiment.base, experiment.seed
    weeks = max(1, min(weeks, experiment.weeks))
    simulate(params, seed, 1)  # also burns in, and keeps the burnt-in world
    ready = start = time.process_time()  # this process's time so far, imports included
    simulate(params, seed, 0)
    built = time.process_time()
    simulate(params, seed, weeks)
    done = time.process_time()
    setup = built - start
    per_week = max(0.0, (done - built - setup) / weeks)
    # A year of burn-in, of a seed not yet burnt in here.
    simulate(params.model_copy(update={"burn_in_years": 1.0}), seed + 1, 0)
    burn_in_week = max(0.0, time.process_time() - done - setup) / WEEKS_PER_YEAR
    return Timing(labour_force=params.labour_force, weeks=weeks, setup=setup,
                  per_week=per_week, start=max(0.0, ready - setup - per_week),
                  burn_in_week=burn_in_week)


def sweep_cost(experiment: Any, timing: Timing) -> SweepCost:
    """Count the sweep's runs and distinct twin worlds, and their time by ``timing``."""
    plan, _ = plan_of(experiment)
    twin = needs_twin(plan.metrics)
    run_seconds = 0.0
    twins: dict[tuple[str, int], list[float]] = {}  # twin world: [runs, seconds]
    burn_ins: dict[tuple[str, int], list[float]] = {}  # burn-in: [runs, seconds]
    for point in range(len(plan.points)):
        params = resolve(experiment.base, plan.overrides(point))
        weeks = max(week for _, week in horizon_weeks(params, plan.horizons))
        one = timing.seconds(weeks, params.labour_force)
        run_seconds += one * plan.replications
        for seed in plan.seeds if twin else ():
            twins.setdefault((run_identity(params, seed, twin=True), weeks), [0, one])[0] += 1
        burn = timing.burn_in_seconds(params.burn_in_years, params.labour_force)
        for seed in plan.seeds if params.burn_in_years > 0 else ():
            burn_ins.setdefault(burn_in_key(params, seed), [0, burn])[0] += 1
    return SweepCost(points=len(plan.points), replications=plan.replications,
                     runs=plan.n_tasks, run_seconds=run_seconds,
                     twins_used=tuple((int(n), sec) for n, sec in twins.values()),
                     start_seconds=timing.start,
                     burn_ins_used=tuple((int(n), sec) for n, sec in burn_ins.values()))


def duration(seconds: float) -> str:
    """``seconds`` in words: 40 s, 12 min, 3.5 hours."""
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} hours"


def plan_text(cost: SweepCost, timing: Timing, workers: int, scheduler: str | None) -> str:
    """What ``--plan`` prints: runs, twin worlds and the time estimate with its basis."""
    lines = [f"plan: {cost.points:,} design points x {cost.replications:,} replications = "
             f"{cost.runs:,} runs"]
    if cost.twins:
        most = cost.twins_at_most(workers)
        shared = (f"; up to {most:,} if each of {workers} workers meets every one"
                  if most > cost.twins else "")
        lines.append(f"  twin worlds: {cost.twins:,} distinct (points that differ only in "
                     f"delivery share one){shared}")
    else:
        lines.append("  twin worlds: none (no metric compares a run with its twin world)")
    if cost.burn_ins:
        most = _at_most(cost.burn_ins_used, workers)[0]
        shared = (f"; up to {most:,} if each of {workers} workers meets every one"
                  if most > cost.burn_ins else "")
        lines.append(f"  burn-ins: {cost.burn_ins:,} distinct (runs with the same market "
                     f"and seed share one){shared}")
    core = cost.core_seconds(1)
    on = cost.core_seconds(workers) / workers
    where = ("on a Dask cluster: about that divided by its worker processes" if scheduler
             else f"about {duration(on)} on {workers} worker(s)")
    lines += [
        f"  time: {duration(core)} on one core ({core / 3600:.2g} core-hours); {where}",
        f"  (an estimate: one run of the base point, {timing.weeks} weeks of "
        f"{timing.labour_force:,} people, timed just now on this machine at "
        f"{timing.setup:.2f} s to build plus {timing.per_week * 1000:.1f} ms a week of "
        "processor time, scaled to each run's weeks and labour force, plus "
        f"{timing.start:.1f} s to start each worker"
        + (f" and {timing.burn_in_week * WEEKS_PER_YEAR:.2f} s per year of each burn-in"
           if cost.burn_ins else "") + ")"]
    load, cores = busy()
    if load > cores:
        lines.append(f"  note: this machine is busy (load {load:.1f} on {cores} cores): a "
                     "sweep started now shares its cores and takes longer on the clock")
    return "\n".join(lines)


def busy() -> tuple[float, int]:
    """The machine's load (runnable processes, the last minute's mean) and its cores."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    return load, default_workers()
