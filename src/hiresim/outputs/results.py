"""A result directory read back (`load_results`): its tables, its manifest and the
scenario the manifest holds; and the report rebuilt from them (`rebuild_report`)
without simulating again."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ..config.resolved import ResolvedError, scenario_from_resolved
from ..config.scenario import Scenario
from ..pipeline.atomic import staged_directory, write_text
from ..pipeline.evaluation import VariantInfo, replication_effects, variant_infos
from ..pipeline.rundir import unfinished
from ..pipeline.runner import ScenarioResult
from .figures import write_figures
from .report import render

__all__ = ["TABLES", "ResultError", "Results", "load_results", "rebuild_report"]

#: The tables of a result directory, by the name `Results` gives them.
TABLES = {"summary": "summary.csv", "effects": "effects.csv",
          "timeseries": "timeseries.parquet", "runs": "runs.parquet"}
MANIFEST = "manifest.json"
#: What a result directory is, for messages.
EXPECTED = (f"a result directory written by `hiresim run` ({MANIFEST}, "
            f"{', '.join(TABLES.values())})")
#: Text columns of the CSV tables (kept as text whatever they hold, e.g. a variant "1").
_TEXT = {"variant": str, "world": str, "metric": str, "estimand": str, "unit": str}
#: Floats read back exactly as written: pandas 3 does so by default, pandas 2 when asked.
EXACT = {"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3 else {}


class ResultError(Exception):
    """A directory that is not a readable result directory; the message names the path
    and what was expected."""


class Results:
    """A result directory: ``summary``, ``effects``, ``timeseries`` and ``runs`` as pandas
    DataFrames (each read on first use), the ``manifest`` as a dict, and the ``scenario``
    it holds. `load_results` checks the directory first."""

    def __init__(self, directory: Path, manifest: dict[str, Any]) -> None:
        self.directory = directory
        self.manifest = manifest

    def __repr__(self) -> str:
        s = self.manifest["scenario"]
        return (f"Results({str(self.directory)!r}: scenario {s.get('name')!r}, variants "
                f"{', '.join(s.get('params', {}))}, {s.get('replications')} replications; "
                f"{', '.join(TABLES)}, manifest)")

    def _read(self, name: str) -> pd.DataFrame:
        path = self.directory / TABLES[name]
        try:
            if path.suffix == ".parquet":
                return pd.read_parquet(path)
            return pd.read_csv(path, dtype=_TEXT, keep_default_na=False, na_values=[""],
                               **EXACT)
        except (OSError, ValueError) as err:
            raise ResultError(f"{path}: cannot read it ({err}); expected the {path.name} "
                              "that `hiresim run` writes") from None

    @cached_property
    def summary(self) -> pd.DataFrame:
        """summary.csv: every metric at intake and each horizon, by variant and world."""
        return self._read("summary")

    @cached_property
    def effects(self) -> pd.DataFrame:
        """effects.csv: every estimand by variant and horizon."""
        return self._read("effects")

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """timeseries.parquet: every weekly metric of every run."""
        return self._read("timeseries")

    @cached_property
    def runs(self) -> pd.DataFrame:
        """runs.parquet: one row per run."""
        return self._read("runs")

    @cached_property
    def scenario(self) -> Scenario:
        """The scenario that was run, from the manifest (`ResultError` if this version
        cannot read it)."""
        try:
            return scenario_from_resolved(self.manifest["scenario"],
                                          self.manifest.get("notes") or ())
        except ResolvedError as err:
            raise ResultError(f"{self.directory / MANIFEST}: the scenario it holds cannot "
                              f"be read: {err}") from None

    @property
    def seeds(self) -> list[int]:
        """The seed of each replication, in order."""
        return list(self.manifest.get("seeds", {}).get("replication_seeds") or [])

    @property
    def version(self) -> str | None:
        """The version of hiresim that made the results."""
        return self.manifest.get("hiresim_version")

    @cached_property
    def infos(self) -> dict[str, VariantInfo]:
        """What the evaluation needs to know of each variant (as the run computed it)."""
        return variant_infos(self.scenario)

    @cached_property
    def per_replication(self) -> dict[str, pd.DataFrame]:
        """Every estimand per replication and horizon, by variant with a programme,
        computed from the time series as the run computed them."""
        return replication_effects(self.timeseries, self.infos, self.scenario.twin)

    def scenario_result(self) -> ScenarioResult:
        """The run as `hiresim.pipeline.runner.run` returned it, from the files."""
        return ScenarioResult(
            scenario=self.scenario, timeseries=self.timeseries, runs=self.runs,
            summary=self.summary, effects=self.effects, infos=self.infos,
            timings=dict(self.manifest.get("timings") or {}),
            workers=int(self.manifest.get("workers") or 0), out=self.directory,
            files=list(self.manifest.get("files") or []))

    def parameters(self) -> pd.DataFrame:
        """The run settings and every variant's resolved parameters, one row per name
        (programme levers as ``programmes.<programme>.<lever>``), one column per
        variant; lists are shown as text."""
        s = self.manifest["scenario"]
        settings = {k: s.get(k) for k in ("weeks", "replications", "seed", "evaluation",
                                          "horizons_months")}
        columns = {name: {**settings, **flat_parameters(p)}
                   for name, p in s.get("params", {}).items()}
        frame = pd.DataFrame(columns).map(_shown)
        frame.index.name = "parameter"
        return frame


def flat_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """A variant's resolved parameters as one level of names, each programme's levers as
    ``programmes.<name>.<lever>`` (the way ``--set`` names them)."""
    out = {k: v for k, v in params.items() if k != "programmes"}
    programmes = params.get("programmes") or []
    names = [p.get("name", str(i)) for i, p in enumerate(programmes)]
    unique = len(set(names)) == len(names)
    for i, p in enumerate(programmes):
        label = names[i] if unique else str(i)
        out |= {f"programmes.{label}.{k}": v for k, v in p.items() if k != "name"}
    if not programmes:
        out["programmes"] = []
    return out


def _shown(value: Any) -> Any:
    """Lists and mappings as JSON text (a spreadsheet cell holds one value)."""
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def load_results(directory: str | Path) -> Results:
    """The result directory ``directory`` (written by `hiresim run`), with its tables as
    pandas DataFrames and its manifest.

    Raises `ResultError`, naming the path and what was expected, for a missing
    directory, a sweep directory, a missing table or an unreadable manifest."""
    path = Path(directory)
    if not path.exists():
        raise ResultError(f"{path}: no such directory; expected {EXPECTED}")
    if not path.is_dir():
        raise ResultError(f"{path}: not a directory; expected {EXPECTED}")
    manifest_path = path / MANIFEST
    if not manifest_path.is_file() and (state := unfinished(path)) is not None:
        raise ResultError(f"{path}: an unfinished run ({state[0]} of {state[1]} simulations "
                          f"done); complete it with `hiresim run SCENARIO --out {path} "
                          f"--resume` and the options it started with; expected {EXPECTED}")
    if not manifest_path.is_file():
        raise ResultError(f"{path}: not a result directory (no {MANIFEST}); expected "
                          f"{EXPECTED}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ResultError(f"{manifest_path}: cannot read it ({err.strerror or err}); "
                          f"expected the {MANIFEST} of {EXPECTED}") from None
    except ValueError as err:
        raise ResultError(f"{manifest_path}: unreadable manifest ({err}); expected the "
                          f"JSON {MANIFEST} of {EXPECTED}") from None
    if isinstance(manifest, dict) and "experiment" in manifest:
        raise ResultError(f"{path}: a sweep directory (written by `hiresim sweep`; analyse "
                          f"it with `hiresim analyze {path}`); expected {EXPECTED}")
    if not isinstance(manifest, dict) or not isinstance(manifest.get("scenario"), dict):
        raise ResultError(f"{manifest_path}: describes no scenario; expected the "
                          f"{MANIFEST} of {EXPECTED}")
    missing = [f for f in TABLES.values() if not (path / f).is_file()]
    if missing:
        raise ResultError(f"{path}: incomplete result directory (no {', '.join(missing)}); "
                          f"expected {EXPECTED}")
    return Results(path, manifest)


def rebuild_report(results: Results) -> list[Path]:
    """Draw the figures and write report.html again from a result directory's files.

    The new figures are drawn into a hidden directory that replaces ``figures/`` only
    once all are drawn and the report is rendered; report.html is then replaced
    atomically. If drawing or rendering fails, nothing in the directory changes.
    Returns the paths written (the report last)."""
    result = results.scenario_result()
    out = results.directory
    with staged_directory(out / "figures", overwrite=True) as stage:
        drawn = write_figures(result, stage)
        text = render(result, drawn, runs_version=results.version)
    figures = [out / "figures" / p.name for p in drawn]
    return [*figures, write_text(out / "report.html", text)]
