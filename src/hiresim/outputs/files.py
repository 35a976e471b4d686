"""Write what a scenario run produced, all or nothing: tables, figures, the report and
the manifest (`write_outputs`); `run_scenario` runs a scenario and writes it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..config.scenario import Scenario, load_scenario
from ..model.simulate import replication_seed
from ..pipeline.atomic import (
    prepare_output,
    staged_directory,
    write_csv,
    write_json,
    write_parquet,
)
from ..pipeline.provenance import provenance
from ..pipeline.rundir import open_run
from ..pipeline.runner import ScenarioResult, run, scenario_plan
from .figures import write_figures
from .report import write_report

__all__ = ["OutputExistsError", "manifest", "run_scenario", "write_outputs"]


class OutputExistsError(FileExistsError):
    """The result directory already holds results and overwriting was not asked for."""


def run_scenario(scenario: Scenario | str | Path, out: str | Path | None = None, *,
                 workers: int | None = None, progress: bool = False, overwrite: bool = False,
                 resume: bool = False, scheduler: str | None = None,
                 command: list[str] | None = None) -> ScenarioResult:
    """Run every variant and replication of ``scenario``; write the outputs to ``out``.

    ``scenario`` is a `Scenario` or the path of a scenario file. ``workers`` simulations
    run at a time (default: all cores); results do not depend on it. A simulation that
    fails raises `hiresim.pipeline.runner.RunError`. Without ``out`` nothing is written.
    With ``out`` each simulation is kept there as it finishes, and the outputs replace
    them at the end (see `write_outputs`); a run that was stopped is completed with
    ``resume``, and a directory that holds results (or an unfinished run) is refused
    unless ``overwrite`` (`hiresim.pipeline.rundir.open_run`; `RunDirectoryError`).
    A directory that cannot be written raises `OSError` before anything is simulated.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if out is None:
        return run(scenario, workers=workers, progress=progress, scheduler=scheduler)
    out = Path(out)
    prepare_output(out)  # fails now, not after the simulations, if out is not writable
    with open_run(out, scenario, scenario_plan(scenario), resume=resume,
                  overwrite=overwrite) as store:
        result = run(scenario, workers=workers, progress=progress, scheduler=scheduler,
                     store=store)
        write_outputs(result, out, overwrite=True, command=command)
    return result


def manifest(result: ScenarioResult, command: list[str] | None, files: list[str]
             ) -> dict[str, Any]:
    """Provenance: the resolved scenario, versions, seeds, timings and command line."""
    s = result.scenario
    return {
        "scenario": s.resolved(),
        "notes": list(s.notes),
        **provenance(),
        "seeds": {"study_seed": s.seed,
                  "replication_seeds": [replication_seed(s.seed, r)
                                        for r in range(s.replications)]},
        "horizons": {name: {"intake_week": info.intake,
                            "horizons": [{"months": m, "week": w} for m, w in info.horizons]}
                     for name, info in result.infos.items()},
        "workers": result.workers,
        "timings": result.timings,
        "command": command if command is not None else list(sys.argv),
        "files": files,
    }


def write_outputs(result: ScenarioResult, out: Path, *, overwrite: bool = False,
                  command: list[str] | None = None) -> Path:
    """Write every output into ``out``, all or nothing.

    Files are written into a hidden staging directory beside ``out``, each under a
    temporary name renamed when complete; the directory takes ``out``'s name only when
    everything is written (replacing what ``out`` held: the parts of the run, or earlier
    results if ``overwrite``), and ``manifest.json`` is written last.
    """
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
