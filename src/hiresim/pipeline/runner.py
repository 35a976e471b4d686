"""Run a scenario: every variant × replication, with its twin world, in parallel.

Replication ``r`` of every variant runs with ``replication_seed(scenario.seed, r)``, and
its twin world (the same run with nothing delivered) with the same seed, so every
comparison shares its random numbers. Runs with identical parameters and seed (for
example a variant without a programme and its twin world) are simulated once. Results
are assembled in a fixed order, so they do not depend on the number of workers or the
order in which runs finish.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config.scenario import Scenario
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
from .execution import default_workers, executor, submit_bounded
from .progress import progress_bar

__all__ = ["RunError", "RunTask", "ScenarioResult", "plan_runs", "run"]


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
    return tasks, jobs


def _simulate(params: Params, seed: int, weeks: int, twin: bool
              ) -> tuple[pd.DataFrame, tuple[float, float]]:
    """One run, with its wall-clock and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    frame = simulate(params, seed, weeks, twin=twin)
    return frame, (time.perf_counter() - start, time.process_time() - cpu)


def _execute(jobs: dict[str, tuple[Params, int, bool]], weeks: int, workers: int,
             progress: bool, scheduler: str | None = None,
             names: dict[str, str] | None = None
             ) -> dict[str, tuple[pd.DataFrame, tuple[float, float]]]:
    """Run every distinct simulation; at most a few per worker are queued at once.

    A run that fails raises `RunError` naming it (``names``: key to description)."""
    results: dict[str, tuple[pd.DataFrame, tuple[float, float]]] = {}

    def done(key: str, result: tuple[pd.DataFrame, tuple[float, float]]) -> None:
        results[key] = result
        bar.update(1)

    def failed(key: str, err: BaseException) -> Exception:
        return RunError(f"the run of {(names or {}).get(key, key)} failed: {reason(err)}")

    with progress_bar(len(jobs), "hiresim run", enabled=progress) as bar, \
            executor(workers, scheduler=scheduler) as ex:
        submit_bounded(ex, ((key, _simulate, (params, seed, weeks, twin))
                            for key, (params, seed, twin) in jobs.items()),
                       2 * workers + 2, done, failed)
    return results


def reason(err: BaseException) -> str:
    """What went wrong, in one short line: the error's first line, without the parameter
    set a validation error quotes."""
    lines = str(err).strip().splitlines()
    text = re.sub(r" \(given \{.*$", "", lines[0] if lines else "")
    text = text.replace("Value error, ", "")
    text = text if len(text) <= 300 else text[:297] + "..."
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


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
        scheduler: str | None = None) -> ScenarioResult:
    """Run every variant and replication of ``scenario``, in memory.

    ``workers`` simulations run at a time (default: all cores; one in this process, the
    others in worker processes); results do not depend on it. A simulation that fails
    raises `RunError`. `hiresim.outputs.files.run_scenario` runs a scenario and writes
    its outputs.
    """
    workers = workers or default_workers()
    started = time.perf_counter()
    tasks, jobs = plan_runs(scenario)
    names: dict[str, str] = {}
    for t in reversed(tasks):  # the first task of each simulation names it
        names[t.key] = (f"variant {t.variant!r} ({t.world} world), replication {t.replication}"
                        f" (seed {t.seed})")
    results = _execute(jobs, scenario.weeks, workers, progress, scheduler, names)
    simulated = time.perf_counter()
    cpu = float(sum(cpu for _, (_, cpu) in results.values()))
    ts, runs = _assemble(tasks, results)
    del results
    infos = variant_infos(scenario)
    summary = summary_table(ts, infos)
    effects = effects_table(ts, infos, scenario.twin)
    timings = {"simulation_seconds": simulated - started,
               "evaluation_seconds": time.perf_counter() - simulated,
               "runs": len(tasks), "simulations": len(jobs), "cpu_seconds_in_runs": cpu}
    return ScenarioResult(scenario, ts, runs, summary, effects, infos, timings, workers)
