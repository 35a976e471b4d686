"""The base of an experiment: its scenario (found where a user would expect it), a
variant, the file's ``set`` and the command line's replacements (`command_line`,
`base_params`).

A relative ``scenario:`` path is looked for beside the experiment file (as written),
then in the current directory, then by file name in ``./scenarios/``, where a checkout
keeps the shipped scenarios (`scenario_candidates`): a copied experiment still finds a
shipped scenario, and is told where it was found. ``--scenario`` names one on the
command line instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..params.describe import suggest
from ..params.overrides import NAMES
from ..params.schema import Params
from .located import Found, override
from .problems import ScenarioError
from .safe_yaml import SourceMap
from .scenario import Scenario, load_scenario
from .settings import SETTINGS

__all__ = ["COMMAND_LINE", "base_params", "command_line", "scenario_candidates",
           "scenario_notes"]

#: Where a command-line value is, in problems.
COMMAND_LINE = "command line"


def command_line(data: Any, src: SourceMap, found: Found, scenario: str | Path | None,
                 replications: int | None, samples: int | None,
                 overrides: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The command line's replacements of an experiment file's keys (``keys``), placed
    on the command line in problems; a setting under ``--set`` is refused with the
    option to use."""
    given: dict[str, Any] = {"scenario": scenario, "replications": replications,
                             "samples": samples}
    out = {k: v for k, v in given.items() if v is not None}
    for key in out:
        src.where[(key,)] = (COMMAND_LINE, None)
    if samples is not None and isinstance(data, dict) and data.get("design") == "grid":
        found.add(("samples",), "--samples sizes a sampling design (lhs, sobol, morris); "
                  "a grid runs every combination of its levels", given=samples,
                  allowed="no --samples for a grid; shrink it with --replications")
        del out["samples"]
    for k in overrides:
        src.where[("--set", k)] = (COMMAND_LINE, None)
    settings = [k for k in overrides if k not in NAMES and (k in SETTINGS or k in keys)]
    for k in settings:
        found.add(("--set", k), "an experiment setting, not a model parameter",
                  allowed="a parameter listed by `hiresim params`; the sweep's size: "
                          "--replications, --samples; its scenario: --scenario")
    params = {k: v for k, v in overrides.items() if k not in settings}
    if params:
        out["set"] = params
    if scenario is not None:
        out["scenario"] = str(scenario)
    return out


def scenario_candidates(experiment: Path, ref: str) -> list[Path]:
    """Where a ``scenario:`` path is looked for, in order: as written if absolute; else
    beside the experiment file, in the current directory, and (by file name) in
    ``./scenarios/``, where a checkout keeps the shipped scenarios."""
    written = Path(ref).expanduser()
    if written.is_absolute():
        return [written]
    tried: list[Path] = []
    for candidate in (experiment.parent / written, Path.cwd() / written,
                      Path.cwd() / "scenarios" / written.name):
        if all(candidate.resolve() != t.resolve() for t in tried):
            tried.append(candidate)
    return tried


def _find_scenario(path: Path, ref: str, from_cli: bool, found: Found) -> Path | None:
    """The scenario file ``ref`` names (a command-line path is taken as given)."""
    tried = [Path(ref)] if from_cli else scenario_candidates(path, ref)
    hit = next((c for c in tried if c.exists()), None)
    if hit is None:
        found.add(("scenario",), "no such scenario file; looked for "
                  + ", ".join(str(t) for t in tried), given=ref,
                  allowed="a scenario file: an absolute path, or a path relative to the "
                          "experiment file, to the current directory, or a file in "
                          "./scenarios/; or name it with `hiresim sweep EXPERIMENT "
                          "--scenario FILE`")
    return hit


def base_params(path: Path, sound: dict[str, Any], cli: dict[str, Any], src: SourceMap,
                found: Found) -> tuple[Params | None, Scenario | None]:
    """The base parameters (the scenario or a variant, with the file's ``set`` and the
    command line's applied) and the scenario, or None where they are invalid."""
    ref = sound.get("scenario")
    if not isinstance(ref, str):
        return None, None
    scenario_path = _find_scenario(path, ref, "scenario" in cli, found)
    if scenario_path is None:
        return None, None
    try:
        scenario = load_scenario(scenario_path)
    except ScenarioError as err:
        found.add(("scenario",), "the base scenario is invalid")
        found.extend(err.problems)
        return None, None
    variant = sound.get("variant")
    base = scenario.params
    if variant is not None:
        if variant not in scenario.variants:
            names = list(scenario.variants)
            found.add(("variant",), f"no such variant in {scenario_path}"
                      f"{suggest(str(variant), names)}", given=variant,
                      allowed=", ".join(names) or "none (the scenario has no variants)")
            return None, scenario
        base = scenario.variant_params(variant)
    for where, overrides in ((("set",), sound.get("set")),
                             (("--set",), cli.get("set"))):
        if base is not None and overrides:
            base, problems = override(base, overrides, where, src)
            found.extend(problems)
    return base, scenario


def scenario_notes(path: Path, ref: str, scenario: Scenario) -> list[str]:
    """Where the scenario was found, if not beside the experiment file as written."""
    beside = path.parent / Path(ref).expanduser()
    if scenario.path is None or Path(ref).is_absolute() or (
            beside.exists() and beside.resolve() == scenario.path.resolve()):
        return []
    return [f"scenario: {ref} is not found beside {path}; using {scenario.path}"]
