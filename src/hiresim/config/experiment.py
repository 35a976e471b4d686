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
(`hiresim.params.overrides`), given as a list of ``values`` or a ``range: [low, high]``.
Sampling designs map a list of values (categorical levels) to equal bins of [0, 1)
(`hiresim.config.designs.Factor.from_unit`).

The file's structure is the model `ExperimentFile` (each factor a `FactorSpec`, the
options the design's ``Options``), validated by pydantic and reported as a scenario's
problems are (`hiresim.config.located.checked`); what depends on the base scenario (the
parameters the factors name, their bounds and values) is checked against it. Every
problem is reported at once, with file, line, field, what was given and what is allowed.

A relative ``scenario`` path is looked up beside the experiment file, then in the
current directory, then in ``./scenarios/`` (`experiment_base.scenario_candidates`),
so a copied experiment still finds a shipped scenario; the command line may name
another (``--scenario``) and shrink the sweep (``--replications``, ``--samples``,
``--set``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from ..params.horizons import horizon_week, intake_week
from ..params.issues import ParameterError
from ..params.overrides import resolve
from ..params.schema import Params
from .designs import DESIGNS, Factor
from .experiment_base import base_params, command_line, scenario_notes
from .factors import MAX_POINTS, factors
from .located import Found, checked, invalid
from .measures import HORIZONS_ALLOWED, HorizonsMonths, Metrics, rct_problems
from .problems import Problem, ScenarioError
from .safe_yaml import SourceMap, read_yaml
from .settings import MAX_NAME, MAX_TEXT, NAME_PATTERN

#: Limits of an experiment: runs (design points times replications) and replications
#: (the design's points: `factors.MAX_POINTS`).
MAX_RUNS, MAX_REPLICATIONS = 10_000_000, 100_000
MAX_SEED = 2**63 - 1


class ExperimentError(ScenarioError):
    """An experiment file is invalid; the message lists every problem (file, line, field,
    given, allowed), in the same form as a scenario's."""


#: What an experiment file holds at the least, said when one is empty.
EXPERIMENT_CONTENT = ("a mapping with at least 'name', 'scenario', 'design', 'factors' and "
                      "'metrics' (see docs/research.md)")


class ExperimentFile(BaseModel):
    """An experiment file as written: its keys, their types and limits, and the checks
    between them (a design's sample size). Factors and options are checked apart
    (`hiresim.config.factors.FactorSpec`, the design's ``Options``), against the schema."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "allowed": "a mapping of keys to values (an experiment file)"})

    name: str = Field(pattern=NAME_PATTERN, max_length=MAX_NAME, json_schema_extra={
        "allowed": f"letters, digits, '_', '.' and '-', at most {MAX_NAME} characters (it "
                   "names the sweep directory)"})
    description: str | None = Field(None, max_length=MAX_TEXT)
    scenario: str = Field(min_length=1, strict=True, json_schema_extra={
        "allowed": "a scenario file, relative to this one (or absolute)"})
    variant: str | None = Field(None, strict=True, json_schema_extra={
        "allowed": "the name of one of the base scenario's variants"})
    set: dict[str, Any] | None = Field(None, json_schema_extra={
        "allowed": "lines of 'parameter: value'"})
    design: Literal[tuple(DESIGNS)]  # type: ignore[valid-type]
    samples: int | None = Field(None, strict=True, ge=2, validate_default=True)
    options: dict[str, Any] | None = None
    factors: dict[str, Any] = Field(min_length=1, json_schema_extra={
        "allowed": "a mapping of parameter name to {values: [...]} or {range: [low, high]}"})
    replications: int | None = Field(None, strict=True, ge=1, le=MAX_REPLICATIONS)
    seed: int | None = Field(None, strict=True, ge=0, le=MAX_SEED)
    metrics: Metrics
    horizons_months: HorizonsMonths | None = Field(None, json_schema_extra={
        "allowed": HORIZONS_ALLOWED})

    @field_validator("samples")
    @classmethod
    def _samples_fit_the_design(cls, samples: int | None, info: ValidationInfo) -> int | None:
        design = info.data.get("design")
        counts = getattr(DESIGNS.get(str(design)), "SAMPLES", None)
        if design == "grid" and samples is not None:
            raise invalid("a grid runs every combination of its levels", "no samples key")
        if counts and samples is None:
            raise invalid(f"required for {design}: the number of {counts}",
                          "a whole number >= 2")
        if design == "sobol" and samples is not None and samples & (samples - 1):
            lower = 1 << (samples.bit_length() - 1)
            raise invalid("Sobol' sampling needs a power of two",
                          f"a power of two, e.g. {lower} or {lower * 2}")
        return samples

    @field_validator("factors")
    @classmethod
    def _enough_factors(cls, spec: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        design = info.data.get("design")
        if design in ("sobol", "morris") and len(spec) < 2:
            raise invalid(f"{design} needs at least two factors")
        return spec


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
    #: What the command line changed: scenario, replications, samples, set.
    command_line: dict[str, Any] = field(default_factory=dict)
    #: Things to know that are not errors (where the scenario was found).
    notes: list[str] = field(default_factory=list)

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
            "command_line": self.command_line,
            "design": self.design, "samples": self.samples, "options": self.options,
            "factors": [f.describe() for f in self.factors],
            "replications": self.replications, "seed": self.seed, "metrics": self.metrics,
            "horizons_months": self.horizons_months, "weeks": self.weeks,
            "base": self.base.model_dump(mode="json"),
        }


# --- Loading ---------------------------------------------------------------------------
def load_experiment(path: str | Path, *, scenario: str | Path | None = None,
                    replications: int | None = None, samples: int | None = None,
                    overrides: Mapping[str, Any] | None = None) -> Experiment:
    """Read and validate an experiment file; `ExperimentError` lists every problem.

    The command line's options replace the file's: ``scenario`` (a path from the current
    directory), ``replications``, ``samples`` (sampling designs only) and ``overrides``
    (``--set``: parameters, applied after the file's ``set`` by the rules of variants).
    """
    path = Path(path)
    if path.is_dir():
        raise ExperimentError([Problem(str(path), None, "(file)", "is a directory",
                                       allowed="an experiment .yaml file")])
    try:
        data, src = read_yaml(path, str(path), EXPERIMENT_CONTENT)
    except ScenarioError as err:
        raise ExperimentError(err.problems) from None
    found = Found(src)
    if isinstance(data, dict) and "factors" not in data and (
            "programmes" in data or "market" in data):
        found.add((), "this is a scenario file (it has 'programmes' or 'market' and no "
                  "'factors')", allowed="an experiment file; run scenarios with "
                                        "`hiresim run`")
        raise ExperimentError(found.items)
    cli = command_line(data, src, found, scenario, replications, samples, overrides or {},
                       tuple(ExperimentFile.model_fields))
    if isinstance(data, dict):
        data = {**data, **{k: v for k, v in cli.items() if k != "set"}}
        data.setdefault("name", path.stem)
    result = checked(ExperimentFile, data, (), src)
    found.extend(result.problems)
    if not isinstance(data, dict):
        raise ExperimentError(found.items)
    sound = {k: v for k, v in data.items() if k not in result.faulty}
    base, base_scenario = base_params(path, sound, cli, src, found)
    design = sound.get("design")
    fixed = {**(sound.get("set") or {}), **cli.get("set", {})}
    chosen = factors(sound.get("factors") or {}, base, design, fixed, found, src)
    options = _options(design, sound, found, src)
    if base is not None and isinstance(data.get("metrics"), list):
        rct_problems(data["metrics"], base, found)
    if found.items or result.value is None:
        raise ExperimentError(found.items)
    spec = result.value
    assert base is not None and base_scenario is not None and options is not None
    exp = Experiment(
        name=spec.name, path=path, description=(spec.description or "").strip(),
        scenario=Path(base_scenario.path or path), variant=spec.variant, base=base,
        factors=chosen, design=spec.design, samples=spec.samples, options=options,
        replications=spec.replications or base_scenario.replications,
        seed=base_scenario.seed if spec.seed is None else spec.seed,
        metrics=list(spec.metrics),
        horizons_months=list(spec.horizons_months or base_scenario.horizons_months),
        fixed=dict(spec.set or {}),
        command_line={k: str(v) if isinstance(v, Path) else v for k, v in cli.items()},
        notes=[] if "scenario" in cli else scenario_notes(path, spec.scenario,
                                                           base_scenario))
    _check_size(exp, found)
    if not found.items and exp.design == "grid":
        _check_grid_points(exp, found)
    if found.items:
        raise ExperimentError(found.items)
    return exp


def _options(design: Any, sound: dict[str, Any], found: Found, src: SourceMap
             ) -> dict[str, Any] | None:
    """The design's options, every default filled in (None if invalid)."""
    if design not in DESIGNS:
        return None
    result = checked(DESIGNS[design].Options, sound.get("options") or {}, ("options",), src,
                     context={"samples": sound.get("samples")})
    found.extend(result.problems)
    return None if result.value is None else result.value.model_dump()


def _check_size(exp: Experiment, found: Found) -> None:
    """The design's points and runs, counted before any is built, within the limits."""
    points = exp.n_points
    if points > MAX_POINTS:
        found.add(("factors",) if exp.design == "grid" else ("samples",),
                  f"the design has {points:,} points", allowed=f"at most {MAX_POINTS:,}")
    elif points * exp.replications > MAX_RUNS:
        found.add(("replications",), f"the sweep would make {points:,} points x "
                  f"{exp.replications:,} replications = {points * exp.replications:,} runs",
                  allowed=f"at most {MAX_RUNS:,} runs")


def _check_grid_points(exp: Experiment, found: Found) -> None:
    """Every combination of a grid must be a valid parameter set."""
    points = exp.points()
    names = [f.name for f in exp.factors]
    for i, row in enumerate(points[names].itertuples(index=False)):
        values = {n: getattr(v, "item", lambda v=v: v)() for n, v in zip(names, row,
                                                                           strict=True)}
        try:
            resolve(exp.base, values)
        except ParameterError as err:
            found.add(("factors",), f"design point {i} is invalid: {err}", given=values)
            if len(found.items) >= 10:
                return
