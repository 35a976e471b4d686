"""Run a scenario: every variant × replication, with its twin world, in parallel.

Replication ``r`` of every variant runs with ``replication_seed(scenario.seed, r)``, and
its twin world (the same run with nothing delivered) with the same seed, so every
comparison shares its random numbers. Runs with identical parameters and seed (for
example a variant without a programme and its twin world) are simulated once. Results
are assembled in a fixed order, so they do not depend on the number of workers or the
order in which runs finish.
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .atomic import (
    is_nonempty_dir,
    prepare_output,
    staged_directory,
    write_csv,
    write_json,
    write_parquet,
)
from .evaluation import (
    PROGRAMME,
    TWIN,
    VariantInfo,
    effects_table,
    summary_table,
    variant_infos,
)
from .execution import default_workers, executor
from .params import Params
from .scenario import Scenario, load_scenario
from .simulate import replication_seed, simulate, twin_params

__all__ = ["OutputExistsError", "RunError", "RunTask", "ScenarioResult", "plan_runs",
           "run_scenario", "write_outputs"]


class RunError(RuntimeError):
    """A simulation failed; the message names its variant, world, replication and seed."""


class OutputExistsError(FileExistsError):
    """The result directory already holds results and overwriting was not asked for."""


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
        text = params.model_dump_json()
        for world in worlds:
            # Without a programme the twin world is the same simulation.
            twin = world == TWIN and bool(params.programmes)
            # Variants that differ only in delivery share their twin world.
            text_w = twin_params(params).model_dump_json() if twin else text
            for r in range(scenario.replications):
                seed = replication_seed(scenario.seed, r)
                key = f"{hash_text(text_w)}:{seed}:{int(twin)}"
                jobs.setdefault(key, (params, seed, twin))
                tasks.append(RunTask(name, world, r, seed, key))
    return tasks, jobs


def hash_text(text: str) -> str:
    """A short stable digest (parameters identify a run)."""
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
    from tqdm.auto import tqdm

    results: dict[str, tuple[pd.DataFrame, tuple[float, float]]] = {}
    pending = list(jobs.items())
    pending.reverse()
    bar = tqdm(total=len(jobs), unit="run", desc="hiresim run", file=sys.stderr,
               disable=not progress, dynamic_ncols=True)
    try:
        with executor(workers, scheduler=scheduler) as ex:
            running: dict[Future, str] = {}
            try:
                while pending or running:
                    while pending and len(running) < 2 * workers + 2:
                        key, (params, seed, twin) = pending.pop()
                        running[ex.submit(_simulate, params, seed, weeks, twin)] = key
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for fut in done:
                        key = running.pop(fut)
                        err = fut.exception()
                        if err is not None:
                            name = (names or {}).get(key, key)
                            raise RunError(f"the run of {name} failed: {reason(err)}"
                                           ) from err
                        results[key] = fut.result()
                        bar.update(1)
            except BaseException:  # a failure or an interrupt: start nothing more
                for other in running:
                    other.cancel()
                raise
    finally:
        bar.close()
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


def run_scenario(scenario: Scenario | str | Path, out: str | Path | None = None, *,
                 workers: int | None = None, progress: bool = False, overwrite: bool = False,
                 scheduler: str | None = None, command: list[str] | None = None
                 ) -> ScenarioResult:
    """Run every variant and replication of ``scenario``; write the outputs to ``out``.

    ``scenario`` is a `Scenario` or the path of a scenario file. ``workers`` simulations
    run at a time (default: all cores; one in this process, the others in worker
    processes); results do not depend on it. A simulation that fails raises `RunError`.
    With ``out`` the outputs are written there (see `write_outputs`); a directory that
    already holds results is refused unless ``overwrite``, and one that cannot be
    written raises `OSError` before anything is simulated.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if out is not None:
        if is_nonempty_dir(out) and not overwrite:
            raise OutputExistsError(f"{out} already holds results")
        prepare_output(out)  # fails now, not after the simulations, if out is not writable
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
    result = ScenarioResult(scenario, ts, runs, summary, effects, infos, timings, workers)
    if out is not None:
        write_outputs(result, Path(out), overwrite=overwrite, command=command)
    return result


def _git_commit() -> str | None:
    try:
        root = Path(__file__).resolve().parents[2]
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=5, check=False)
        return done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def manifest(result: ScenarioResult, command: list[str] | None, files: list[str]
             ) -> dict[str, Any]:
    """Provenance: the resolved scenario, versions, seeds, timings and command line."""
    import matplotlib
    import mesa

    s = result.scenario
    return {
        "scenario": s.resolved(),
        "notes": list(s.notes),
        "hiresim_version": __version__,
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {"mesa": mesa.__version__, "numpy": np.__version__,
                     "pandas": pd.__version__, "matplotlib": matplotlib.__version__},
        "seeds": {"study_seed": s.seed,
                  "replication_seeds": [replication_seed(s.seed, r)
                                        for r in range(s.replications)]},
        "horizons": {name: {"intake_week": info.intake,
                            "horizons": [{"months": m, "week": w} for m, w in info.horizons]}
                     for name, info in result.infos.items()},
        "workers": result.workers,
        "timings": result.timings,
        "command": command if command is not None else list(sys.argv),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": files,
    }


def write_outputs(result: ScenarioResult, out: Path, *, overwrite: bool = False,
                  command: list[str] | None = None) -> Path:
    """Write every output into ``out``, all or nothing.

    Files are written into a hidden staging directory beside ``out``, each under a
    temporary name renamed when complete; the directory takes ``out``'s name only when
    everything is written, and ``manifest.json`` is written last.
    """
    from .figures import write_figures
    from .report import write_report

    try:
        stage_ctx = staged_directory(out, overwrite=overwrite)
        with stage_ctx as stage:
            files = []
            write_parquet(stage / "timeseries.parquet", result.timeseries)
            write_parquet(stage / "runs.parquet", result.runs)
            write_csv(stage / "summary.csv", result.summary)
            write_csv(stage / "effects.csv", result.effects)
            files += ["timeseries.parquet", "runs.parquet", "summary.csv", "effects.csv"]
            figures = write_figures(result, stage / "figures")
            files += [f"figures/{p.name}" for p in figures]
            write_report(result, stage / "report.html", figures)
            files.append("report.html")
            files.append("manifest.json")
            write_json(stage / "manifest.json", manifest(result, command, files))
    except FileExistsError as err:
        raise OutputExistsError(str(err)) from None
    result.out = out
    result.files = files
    return out
