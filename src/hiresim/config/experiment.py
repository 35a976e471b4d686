"""Experiment files (``experiments/*.yaml``): which parameters a sweep varies, and how.

An experiment names a base scenario (optionally one of its variants, plus fixed
overrides under ``set``), the factors to vary, the design (``grid``, ``lhs``, ``sobol``,
``morris``), its sample size and options, replications per point, the metrics to keep
and the horizons at which to keep them (months after intake, as in scenario files;
by default the scenario's), and a seed::

    name: meetings_x_matching
    scenario: ../scenarios/imdi_typical.yaml   # relative to this file
    design: grid
    factors:
      meetings_per_month: {values: [0.5, 1, 2, 4]}
      matching: {values: [random, field, optimal]}
    replications: 20
    seed: 2019
    metrics: [gross_employment, net_jobs, employment_rate_treatment]
    horizons_months: [6, 12, 24]

A metric is a weekly output (`hiresim.model.metrics.metric_names`), a weekly output with
``_effect`` (the run minus its twin world), or an estimand of ``effects.csv``
(`hiresim.model.estimands.SWEEP_ESTIMANDS`), computed run by run by the code a
scenario run uses. A horizon is counted from each point's intake week, so a factor that
moves the intake (``start_week``) is measured the same time after it.

A factor (`hiresim.config.factors`) is named as an override of a variant
(`hiresim.params.overrides`): any `Params` field, any `Programme` field (applied to every
programme) or ``programmes.<programme name>.<field>`` (one programme's), given as a list
of ``values`` or a ``range: [low, high]`` (with ``steps`` for a grid and ``log: true``
for geometric spacing). Integer parameters get integer values. Sampling designs map a
list of values (categorical levels) to equal bins of [0, 1)
(`hiresim.config.designs.Factor.from_unit`). Every problem is reported at once, with
file, line, field, what was given and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..params.describe import suggest
from ..params.horizons import horizon_week, intake_week
from ..params.issues import ParameterError
from ..params.overrides import resolve
from ..params.schema import Params
from .designs import DESIGNS, Factor
from .factors import MAX_POINTS, factors
from .located import override
from .measures import horizons_months, kept_metrics
from .problems import Problem, ScenarioError, format_path, show_value
from .safe_yaml import SourceMap, read_yaml
from .scenario import Scenario, load_scenario
from .settings import MAX_NAME, MAX_TEXT, NAME_PATTERN

_TOP_KEYS = ("name", "description", "scenario", "variant", "set", "design", "samples",
             "options", "factors", "replications", "seed", "metrics", "horizons_months")
_NOTHING = object()
#: Limits of an experiment: runs (design points times replications) and replications
#: (the design's points: `factors.MAX_POINTS`).
MAX_RUNS, MAX_REPLICATIONS = 10_000_000, 100_000
MAX_SEED = 2**63 - 1


class ExperimentError(ScenarioError):
    """An experiment file is invalid; the message lists every problem (file, line, field,
    given, allowed), in the same form as a scenario's."""


@dataclass
class Experiment:
    """A validated experiment: base parameters, factors and design of a sweep."""

    name: str
    path: Path
    description: str
    scenario: Path
    variant: str | None
    base: Params
    factors: list[Factor]
    design: str
    samples: int | None
    options: dict[str, Any]
    replications: int
    seed: int
    metrics: list[str]
    horizons_months: list[float]
    fixed: dict[str, Any] = field(default_factory=dict)

    @property
    def weeks(self) -> int:
        """Weeks the longest run simulates: the latest intake (a ``start_week`` factor
        moves it) plus the longest horizon."""
        intake = intake_week(self.base)
        for f in self.factors:
            if f.name == "start_week":
                intake = int(max(f.values) if f.kind == "levels" else f.high or 0)
        return intake + horizon_week(max(self.horizons_months))

    @property
    def n_points(self) -> int:
        return DESIGNS[self.design].size(self.factors, self.samples, self.options)

    @property
    def n_tasks(self) -> int:
        return self.n_points * self.replications

    def points(self) -> pd.DataFrame:
        """The design's points table (factor values; unit coordinates for sampled designs)."""
        return DESIGNS[self.design].points(self.factors, self.samples, self.seed, self.options)

    def resolved(self) -> dict[str, Any]:
        """Everything about the experiment as plain data (for the sweep's manifest)."""
        return {
            "name": self.name, "path": str(self.path), "description": self.description,
            "scenario": str(self.scenario), "variant": self.variant, "set": self.fixed,
            "design": self.design, "samples": self.samples, "options": self.options,
            "factors": [f.describe() for f in self.factors],
            "replications": self.replications, "seed": self.seed, "metrics": self.metrics,
            "horizons_months": self.horizons_months, "weeks": self.weeks,
            "base": self.base.model_dump(mode="json"),
        }


# --- Problems --------------------------------------------------------------------------
class _Problems:
    """Collects problems, located in the experiment file (reported like a scenario's)."""

    def __init__(self, src: SourceMap):
        self.src, self.items = src, []

    def add(self, where: tuple, message: str, given: Any = _NOTHING,
            allowed: str | None = None) -> None:
        file, line = self.src.locate(where)
        self.items.append(Problem(file, line, format_path(where), message,
                                  given=None if given is _NOTHING else show_value(given),
                                  allowed=allowed))

    def raise_if_any(self) -> None:
        if self.items:
            raise ExperimentError(self.items)


# --- Loading ---------------------------------------------------------------------------
def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file; `ExperimentError` lists every problem."""
    path = Path(path)
    label = str(path)
    if path.is_dir():
        raise ExperimentError([Problem(label, None, "(file)", "is a directory",
                                       allowed="an experiment .yaml file")])
    try:
        data, src = read_yaml(path, label)
    except ScenarioError as err:
        raise ExperimentError(err.problems) from None
    problems = _Problems(src)
    if not isinstance(data, dict):
        problems.add((), "an experiment must be a mapping of keys to values", given=data,
                     allowed=", ".join(_TOP_KEYS))
        problems.raise_if_any()
    if "factors" not in data and ("programmes" in data or "market" in data):
        problems.add((), "this is a scenario file (it has 'programmes' or 'market' and no "
                     "'factors')", allowed="an experiment file; run scenarios with "
                     "`hiresim run`")
        problems.raise_if_any()
    for key in data:
        if key not in _TOP_KEYS:
            problems.add((key,), f"unknown key '{key}'{suggest(str(key), list(_TOP_KEYS))}",
                         allowed=", ".join(_TOP_KEYS))
    scenario, base = _base_params(path, data, problems)
    design = _design(data, problems)
    chosen = factors(data, base, design, problems)
    declared = data.get("factors")
    samples, options = _samples_and_options(
        data, design, len(declared) if isinstance(declared, dict) else 0, problems)
    replications = _count(data, "replications", problems,
                          default=getattr(scenario, "replications", 1), low=1,
                          high=MAX_REPLICATIONS)
    seed = _count(data, "seed", problems, default=getattr(scenario, "seed", 1), low=0,
                  high=MAX_SEED)
    name, description = _texts(data, path, problems)
    kept = kept_metrics(data, base, problems)
    horizons = horizons_months(data, problems, scenario)
    problems.raise_if_any()
    assert scenario is not None and base is not None and design is not None
    exp = Experiment(
        name=name, path=path, description=description,
        scenario=Path(scenario.path or path), variant=data.get("variant"), base=base,
        factors=chosen, design=design, samples=samples, options=options,
        replications=replications, seed=seed, metrics=kept, horizons_months=horizons,
        fixed=dict(data.get("set") or {}))
    _check_size(exp, problems)
    problems.raise_if_any()
    if design == "grid":
        _check_grid_points(exp, problems)
        problems.raise_if_any()
    return exp


def _texts(data: dict, path: Path, problems: _Problems) -> tuple[str, str]:
    """The experiment's name (it names the sweep directory) and description."""
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not re.match(NAME_PATTERN, name) or len(name) > MAX_NAME:
        problems.add(("name",), "not a usable name", given=name,
                     allowed=f"letters, digits, '_', '.' and '-', at most {MAX_NAME} "
                             "characters (it names the sweep directory)")
    description = data.get("description") or ""
    if not isinstance(description, str) or len(description) > MAX_TEXT:
        problems.add(("description",), "not a usable description", given=description,
                     allowed=f"text of at most {MAX_TEXT:,} characters")
    return str(name), str(description).strip()


def _check_size(exp: Experiment, problems: _Problems) -> None:
    """The design's points and runs, counted before any is built, within the limits."""
    points = exp.n_points
    if points > MAX_POINTS:
        problems.add(("factors",) if exp.design == "grid" else ("samples",),
                     f"the design has {points:,} points", allowed=f"at most {MAX_POINTS:,}")
    elif points * exp.replications > MAX_RUNS:
        problems.add(("replications",), f"the sweep would make {points:,} points x "
                     f"{exp.replications:,} replications = {points * exp.replications:,} runs",
                     allowed=f"at most {MAX_RUNS:,} runs")


def _base_params(path: Path, data: dict, problems: _Problems) -> tuple[Scenario | None,
                                                                        Params | None]:
    """The base scenario and its parameters: the scenario (or a variant) plus ``set``."""
    ref = data.get("scenario")
    if not isinstance(ref, str) or not ref.strip():
        problems.add(("scenario",), "required: the base scenario", given=ref,
                     allowed="a scenario file, relative to this one")
        return None, None
    scenario_path = path.parent / ref
    try:
        scenario = load_scenario(scenario_path)
    except ScenarioError as err:
        file, line = problems.src.locate(("scenario",))
        problems.items.append(Problem(file, line, "scenario", "the base scenario is invalid"))
        problems.items += err.problems
        return None, None
    variant = data.get("variant")
    base = scenario.params
    if variant is not None:
        if not isinstance(variant, str) or variant not in scenario.variants:
            names = list(scenario.variants)
            problems.add(("variant",), f"no such variant in {scenario_path}"
                                       f"{suggest(str(variant), names)}", given=variant,
                         allowed=", ".join(names) or "none (the scenario has no variants)")
            return scenario, None
        base = scenario.variant_params(variant)
    fixed = data.get("set") or {}
    if not isinstance(fixed, dict):
        problems.add(("set",), "expected a mapping of fixed parameters", given=fixed,
                     allowed="lines of 'parameter: value'")
        return scenario, None
    base, found = override(base, fixed, ("set",), problems.src)
    problems.items += found
    return scenario, base


def _design(data: dict, problems: _Problems) -> str | None:
    design = data.get("design")
    if not isinstance(design, str) or design not in DESIGNS:
        problems.add(("design",), f"unknown design{suggest(str(design), list(DESIGNS))}",
                     given=design, allowed=", ".join(DESIGNS))
        return None
    return design


#: What the sample size counts, by design.
_SAMPLES = {"lhs": "points", "sobol": "base samples N (a power of two)",
            "morris": "trajectories"}


def _samples_and_options(data: dict, design: str | None, n_factors: int,
                         problems: _Problems) -> tuple[int | None, dict[str, Any]]:
    samples = data.get("samples")
    options = data.get("options") or {}
    if design is None:
        return None, {}
    allowed = getattr(DESIGNS[design], "OPTIONS", {})
    if not isinstance(options, dict):
        problems.add(("options",), "expected a mapping", given=options,
                     allowed=", ".join(allowed) or "none")
        options = {}
    for key in options:
        if key not in allowed:
            problems.add(("options", key),
                         f"unknown option '{key}'{suggest(str(key), list(allowed))}",
                         allowed=", ".join(allowed) or f"none ({design} takes no options)")
    options = {k: options.get(k, v) for k, v in allowed.items()}
    if design == "grid":
        if samples is not None:
            problems.add(("samples",), "a grid runs every combination of its levels",
                         given=samples, allowed="no samples key")
        return None, options
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 2:
        problems.add(("samples",), f"required for {design}: the number of {_SAMPLES[design]}",
                     given=samples, allowed="a whole number >= 2")
        return None, options
    if design == "sobol":
        if samples & (samples - 1):
            lower = 1 << (samples.bit_length() - 1)
            problems.add(("samples",), "Sobol' sampling needs a power of two", given=samples,
                         allowed=f"a power of two, e.g. {lower} or {lower * 2}")
        _option(options, "second_order", problems, bool)
    if design == "morris":
        levels = options["levels"]
        if not isinstance(levels, int) or isinstance(levels, bool) or levels < 2 or levels % 2:
            problems.add(("options", "levels"), "Morris grid levels", given=levels,
                         allowed="an even whole number >= 2 (4 is usual)")
        opt = options["optimal_trajectories"]
        if opt is not None and (not isinstance(opt, int) or isinstance(opt, bool)
                                or not 2 <= opt < samples):
            problems.add(("options", "optimal_trajectories"), "trajectories to keep",
                         given=opt, allowed=f"a whole number from 2 to {samples - 1}, or null")
    if design in ("sobol", "morris"):
        if n_factors < 2:
            problems.add(("factors",), f"{design} needs at least two factors")
        _option(options, "resamples", problems, int)
        conf = options["conf_level"]
        if not isinstance(conf, float) or not 0 < conf < 1:
            problems.add(("options", "conf_level"), "confidence level", given=conf,
                         allowed="a number between 0 and 1, e.g. 0.95")
    return samples, options


def _option(options: dict, key: str, problems: _Problems, kind: type) -> None:
    value = options[key]
    if kind is bool and not isinstance(value, bool):
        problems.add(("options", key), "expected true or false", given=value)
    elif kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        problems.add(("options", key), "expected a whole number >= 1", given=value)


def _count(data: dict, key: str, problems: _Problems, default: int, low: int,
           high: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        problems.add((key,), "not a usable whole number", given=value,
                     allowed=f"a whole number from {low} to {high:,}")
        return low
    return value


def _check_grid_points(exp: Experiment, problems: _Problems) -> None:
    """Every combination of a grid must be a valid parameter set."""
    points = exp.points()
    names = [f.name for f in exp.factors]
    for i, row in enumerate(points[names].itertuples(index=False)):
        values = {n: getattr(v, "item", lambda v=v: v)() for n, v in zip(names, row,
                                                                           strict=True)}
        try:
            resolve(exp.base, values)
        except ParameterError as err:
            problems.add(("factors",), f"design point {i} is invalid: {err}", given=values)
            if len(problems.items) >= 10:
                return
