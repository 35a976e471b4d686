"""Run a scenario: every variant × replication, with its twin world, in parallel.

Replication ``r`` of every variant runs with ``replication_seed(scenario.seed, r)``, and
its twin world (the same run with nothing delivered) with the same seed, so every
comparison shares its random numbers. Runs with identical parameters and seed (for
example a variant without a programme and its twin world) are simulated once: the plan
(`ScenarioPlan`) has one job per distinct simulation, executed like any plan
(`hiresim.pipeline.plan`). Each finished simulation's weekly outputs go to a store's
parts (`hiresim.pipeline.store`; in memory when nothing is written), and the tables are
assembled from the parts in a fixed order, so they do not depend on the number of
workers, the order in which runs finish, or whether the run was resumed.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..config.scenario import Scenario
from ..model.burn_in import burn_in_key
from ..model.simulate import replication_seed, run_identity, simulate
from ..params.schema import Params
from .evaluation import (
    PROGRAMME,
    TWIN,
    VariantInfo,
    effects_table,
    summary_table,
    variant_infos,
)
from .execution import default_workers
from .plan import JobError, run_plan
from .store import MemoryParts, Store, fingerprint

__all__ = ["RunError", "RunTask", "ScenarioPlan", "ScenarioResult", "plan_runs", "run"]

#: The column of a part that names the simulation (the job) a row comes from, and the
#: columns with the seconds it took (wall clock and CPU), before its weekly outputs.
ID = "simulation"
TIMING = ("seconds", "cpu_seconds")


class RunError(RuntimeError):
    """A simulation failed; the message names its variant, world, replication and seed."""


@dataclass(frozen=True)
class RunTask:
    """One simulation: a variant's world in one replication."""

    variant: str
    world: str  # "programme" or "twin"
    replication: int
    seed: int
    key: str  # runs with the same key are identical and simulated once


@dataclass
class ScenarioResult:
    """Everything a scenario run produced (in memory); `write_outputs` saves it."""

    scenario: Scenario
    timeseries: pd.DataFrame
    runs: pd.DataFrame
    summary: pd.DataFrame
    effects: pd.DataFrame
    infos: dict[str, VariantInfo]
    timings: dict[str, float]
    workers: int
    out: Path | None = None
    files: list[str] = field(default_factory=list)


def plan_runs(scenario: Scenario) -> tuple[list[RunTask], dict[str, tuple[Params, int, bool]]]:
    """The runs of a scenario in output order, and the distinct simulations they need.

    Returns the tasks (variant, world, replication) and a mapping from task key to
    ``(params, seed, twin)``; tasks that share a key are one simulation.
    """
    tasks: list[RunTask] = []
    jobs: dict[str, tuple[Params, int, bool]] = {}
    worlds = (PROGRAMME, TWIN) if scenario.twin else (PROGRAMME,)
    for name in scenario.variant_names:
        params = scenario.variant_params(name)
        for world in worlds:
            # Without a programme the twin world is the same simulation.
            twin = world == TWIN and bool(params.programmes)
            for r in range(scenario.replications):
                seed = replication_seed(scenario.seed, r)
                key = run_identity(params, seed, twin)
                jobs.setdefault(key, (params, seed, twin))
                tasks.append(RunTask(name, world, r, seed, key))
    return tasks, _by_burn_in(jobs)


def _by_burn_in(jobs: dict[str, tuple[Params, int, bool]]
                ) -> dict[str, tuple[Params, int, bool]]:
    """``jobs`` with those that share a burn-in (the same market and seed) side by side,
    in the order their burn-ins are first needed, so that one worker can run them
    together and burn in once (`hiresim.model.burn_in`)."""
    group = {key: burn_in_key(params, seed) for key, (params, seed, _) in jobs.items()}
    first: dict[tuple[str, int], int] = {}
    for g in group.values():
        first.setdefault(g, len(first))
    return dict(sorted(jobs.items(), key=lambda kv: first[group[kv[0]]]))


def batch_size(plan: ScenarioPlan, workers: int) -> int:
    """Jobs sent to a worker at a time: a whole group of jobs that share a burn-in, when
    there are several workers, every group has the same size and there are enough groups
    to keep the workers busy; else one (one process keeps its burnt-in worlds anyway)."""
    groups = Counter(burn_in_key(p, s) for p, s, _ in plan.jobs.values())
    sizes = set(groups.values())
    size = sizes.pop() if len(sizes) == 1 else 1
    return size if workers > 1 and plan.n_jobs // size >= 2 * workers else 1


@dataclass(frozen=True)
class ScenarioPlan:
    """The plan of a scenario run (`hiresim.pipeline.plan.Plan`): a job is one distinct
    simulation; job ids follow the order in which ``tasks`` first need them."""

    tasks: list[RunTask]
    jobs: dict[str, tuple[Params, int, bool]]  # by key, in job id order
    weeks: int

    @cached_property
    def keys(self) -> list[str]:
        """The key of each job, by id."""
        return list(self.jobs)

    @property
    def n_jobs(self) -> int:
        return len(self.jobs)

    def order(self, todo: np.ndarray) -> np.ndarray:
        """Id order: the ids already put jobs that share a burn-in side by side
        (`_by_burn_in`)."""
        return todo

    @cached_property
    def fingerprint(self) -> str:
        """What the parts of a run depend on: every simulation's parameters, seed and
        world, in job order, and their length."""
        return fingerprint({"simulations": self.keys, "weeks": self.weeks})

    def call(self, ids: np.ndarray) -> tuple[Any, tuple]:
        return simulate_jobs, ([(int(i), *self.jobs[self.keys[i]]) for i in ids],
                               self.weeks)

    def table(self, columns: dict[str, np.ndarray]) -> pa.Table:
        return pa.table(columns)

    def failure(self, job: int, err: BaseException) -> Exception:
        t = next(t for t in self.tasks if t.key == self.keys[job])  # the first to need it
        return RunError(f"the run of variant {t.variant!r} ({t.world} world), replication "
                        f"{t.replication} (seed {t.seed}) failed: {reason(err)}")


def scenario_plan(scenario: Scenario) -> ScenarioPlan:
    """The plan of ``scenario`` (`plan_runs`)."""
    tasks, jobs = plan_runs(scenario)
    return ScenarioPlan(tasks, jobs, scenario.weeks)


def simulate_jobs(jobs: list[tuple[int, Params, int, bool]], weeks: int
                  ) -> dict[str, np.ndarray]:
    """Run ``(id, params, seed, twin)`` simulations of ``weeks`` weeks (on a worker).
    Returns their weekly outputs as columns, each row with its simulation's id and the
    wall-clock and CPU seconds the simulation took."""
    columns: list[dict[str, np.ndarray]] = []
    for job, params, seed, twin in jobs:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            frame = simulate(params, seed, weeks, twin=twin)
        except Exception as err:
            raise JobError(job, err) from err
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        n = len(frame)
        columns.append({ID: np.full(n, job, np.int64), "seconds": np.full(n, seconds),
                        "cpu_seconds": np.full(n, cpu),
                        **{c: frame[c].to_numpy() for c in frame.columns}})
    return {k: np.concatenate([c[k] for c in columns]) for k in columns[0]}


def reason(err: BaseException) -> str:
    """What went wrong, in one short line: the error's first line, without the parameter
    set a validation error quotes."""
    lines = str(err).strip().splitlines()
    text = re.sub(r" \(given \{.*$", "", lines[0] if lines else "")
    text = text.replace("Value error, ", "")
    text = text if len(text) <= 300 else text[:297] + "..."
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _results(plan: ScenarioPlan, table: pa.Table
             ) -> dict[str, tuple[pd.DataFrame, tuple[float, float]]]:
    """Each simulation's weekly outputs and seconds (wall clock, CPU), by key, from the
    rows of its parts (converted a simulation at a time: memory holds the parts and the
    frames, never a second copy of everything)."""
    ids = table.column(ID).to_numpy()
    if (missing := np.flatnonzero(np.bincount(ids, minlength=plan.n_jobs) == 0)).size:
        raise RuntimeError(f"the outputs of simulation {missing[0]} are missing")
    order = np.argsort(ids, kind="stable")
    starts = np.searchsorted(ids[order], np.arange(plan.n_jobs + 1))
    outputs = table.select([c for c in table.column_names if c != ID and c not in TIMING])
    seconds, cpu = (table.column(c).to_numpy() for c in TIMING)
    results = {}
    for job, key in enumerate(plan.keys):
        rows = order[starts[job]:starts[job + 1]]
        results[key] = (outputs.take(rows).to_pandas(),
                        (float(seconds[rows[0]]), float(cpu[rows[0]])))
    return results


def _assemble(tasks: list[RunTask],
              results: dict[str, tuple[pd.DataFrame, tuple[float, float]]]
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy time series and the one-row-per-run table, in task order."""
    frames, runs = [], []
    for t in tasks:
        frame, (seconds, cpu) = results[t.key]
        keyed = frame.copy()
        keyed.insert(0, "replication", t.replication)
        keyed.insert(0, "world", t.world)
        keyed.insert(0, "variant", t.variant)
        frames.append(keyed)
        last = frame.iloc[-1]
        runs.append({"variant": t.variant, "world": t.world, "replication": t.replication,
                     "seed": t.seed, "seconds": seconds, "cpu_seconds": cpu,
                     "weeks": int(last["week"]),
                     **{f"final_{k}": last[k] for k in frame.columns if k != "week"}})
    ts = pd.concat(frames, ignore_index=True)
    ts["replication"] = ts["replication"].astype(np.int64)
    return ts, pd.DataFrame(runs)


def run(scenario: Scenario, *, workers: int | None = None, progress: bool = False,
        scheduler: str | None = None, store: Store | None = None) -> ScenarioResult:
    """Run every variant and replication of ``scenario``.

    ``workers`` simulations run at a time (default: all cores; one in this process, the
    others in worker processes); results do not depend on it. Each simulation's outputs
    go to ``store``'s parts as it finishes (`hiresim.pipeline.rundir.open_run`), and the
    simulations already there are not run again; without a store they are kept in
    memory. A simulation that fails raises `RunError`.
    `hiresim.outputs.files.run_scenario` runs a scenario and writes its outputs.
    """
    workers = workers or default_workers()
    started = time.perf_counter()
    plan = scenario_plan(scenario)
    parts = store.parts if store is not None else MemoryParts(ID)
    done = parts.completed(plan.n_jobs)
    run_plan(plan, parts, done, desc="hiresim run", workers=workers, scheduler=scheduler,
             progress=progress, part_runs=1, chunk=batch_size(plan, workers))
    simulated = time.perf_counter()
    results = _results(plan, parts.read())
    del parts  # the parts kept in memory, if they were
    cpu = float(sum(cpu for _, (_, cpu) in results.values()))
    ts, runs = _assemble(plan.tasks, results)
    del results
    infos = variant_infos(scenario)
    summary = summary_table(ts, infos)
    effects = effects_table(ts, infos, scenario.twin)
    timings = {"simulation_seconds": simulated - started,
               "evaluation_seconds": time.perf_counter() - simulated,
               "runs": len(plan.tasks), "simulations": plan.n_jobs,
               "simulations_resumed": int(done.sum()), "cpu_seconds_in_runs": cpu}
    return ScenarioResult(scenario, ts, runs, summary, effects, infos, timings, workers)
