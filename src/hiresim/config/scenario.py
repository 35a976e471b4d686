"""Scenario files: a programme design in YAML, validated through the parameter schema.

A scenario names the labour market (``market``: any `Params` field), the programmes
(``programmes``: a list of `Programme` fields; an empty list is no programme), the run
settings (``weeks``, ``replications``, ``seed``, ``evaluation``, ``horizons_months``) and
``variants``: named overrides compared side by side with the base. ``extends`` reuses
another file. The full format is described in docs/scenarios.md.

Every problem in a file is collected and reported together in one `ScenarioError`, each
naming the file, the line, the field path, what was given and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..params.horizons import horizon_weeks
from ..params.schema import Params, Programme
from .located import (
    apply_overrides,
    bool_problems,
    name_problems,
    override,
    unknown_problem,
    validated,
)
from .problems import Path_, Problem, ScenarioError, format_path, show_value
from .safe_yaml import SourceMap, read_yaml
from .settings import (
    BASE,
    EVALUATIONS,
    MAX_NAME,
    MAX_TEXT,
    MAX_WEEKS,
    NAME_PATTERN,
    SETTINGS,
    TOP_KEYS,
    Settings,
    horizon_week,
    intake_week,
)

__all__ = [
    "BASE",
    "EVALUATIONS",
    "MAX_NAME",
    "MAX_TEXT",
    "NAME_PATTERN",
    "SETTINGS",
    "Problem",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "horizon_week",
    "intake_week",
    "load_scenario",
]

_VARIANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\- ]*$")


# --- The scenario -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: run settings, and the parameters of the base and of every
    variant, resolved and validated once, when the file was read."""

    name: str
    path: Path | None
    description: str
    weeks: int
    replications: int
    seed: int
    evaluation: str
    #: The full parameters of ``base`` and of each variant, in file order.
    all_params: Mapping[str, Params]
    #: Each variant's overrides, as written.
    variants: Mapping[str, Mapping[str, Any]]
    horizons_months: tuple[float, ...] = (6.0, 12.0, 24.0)
    extends: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def params(self) -> Params:
        """The base's parameters."""
        return self.all_params[BASE]

    @property
    def variant_names(self) -> list[str]:
        """``base`` first, then the variants in file order."""
        return list(self.all_params)

    def variant_params(self, name: str) -> Params:
        """The full parameters of variant ``name`` (``base`` gives the base)."""
        try:
            return self.all_params[name]
        except KeyError:
            raise KeyError(f"no variant {name!r}; variants: "
                           f"{', '.join(self.variant_names)}") from None

    @property
    def twin(self) -> bool:
        """Whether twin worlds (the same seeds without the programme) are run."""
        return self.evaluation != "none"

    def horizons(self, variant: str = BASE) -> list[tuple[float, int]]:
        """(months, week) of each reporting horizon within the run, for one variant."""
        return list(horizon_weeks(self.variant_params(variant), self.horizons_months,
                                  self.weeks))

    def settings(self) -> dict[str, Any]:
        """The run settings as plain data."""
        return {"name": self.name, "description": self.description, "weeks": self.weeks,
                "replications": self.replications, "seed": self.seed,
                "evaluation": self.evaluation, "horizons_months": list(self.horizons_months)}

    def resolved(self) -> dict[str, Any]:
        """Everything the scenario means, every default filled in (for the manifest)."""
        return {
            **self.settings(),
            "path": str(self.path) if self.path else None,
            "extends": [str(p) for p in self.extends],
            "variants": {name: dict(self.variants.get(name, {}))
                         for name in self.variant_names},
            "params": {name: p.model_dump(mode="json") for name, p in self.all_params.items()},
        }


def _with_evaluation(params: Params, evaluation: str) -> Params:
    """Under an RCT design every programme randomises its intake."""
    if evaluation != "rct" or not params.programmes:
        return params
    progs = [p.model_copy(update={"evaluation": "rct"}) for p in params.programmes]
    return params.model_copy(update={"programmes": progs})


def _merge(parent: dict, psrc: SourceMap, child: dict, csrc: SourceMap) -> tuple[dict, SourceMap]:
    """``child`` over ``parent``: market and variants merge key by key; the rest replaces."""
    out = {k: v for k, v in parent.items() if k not in ("name", "description", "extends")}
    src = SourceMap(dict(psrc.where), csrc.default_file)
    for key in ("name", "description", "extends"):
        src.drop((key,))
    for key, value in child.items():
        if key in ("market", "variants") and isinstance(value, dict) and isinstance(
                out.get(key), dict):
            out[key] = {**out[key], **value}
            for sub in value:
                src.drop((key, sub))
        else:
            out[key] = value
            src.drop((key,))
    src.where.update(csrc.where)
    return out, src


def _read_tree(path: Path, label: str, chain: tuple[Path, ...]) -> tuple[dict, SourceMap,
                                                                          tuple[Path, ...]]:
    data, src = read_yaml(path, label)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(label, src.locate(())[1], "(top level)",
                                     "a scenario must be a mapping of keys to values",
                                     given=show_value(data), allowed=", ".join(TOP_KEYS))])
    parent_ref = data.get("extends")
    if parent_ref is None:
        return data, src, ()
    file, line = src.locate(("extends",))
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        raise ScenarioError([Problem(file, line, "extends", "expected a file name",
                                     given=show_value(parent_ref),
                                     allowed="a scenario file, relative to this one")])
    parent_path = (path.parent / parent_ref).resolve()
    if parent_path in chain or parent_path == path.resolve():
        raise ScenarioError([Problem(file, line, "extends", "scenarios extend each other in "
                                     "a circle", given=show_value(parent_ref),
                                     allowed="a file that does not extend this one")])
    if not parent_path.is_file():
        raise ScenarioError([Problem(file, line, "extends", "no such scenario file",
                                     given=show_value(parent_ref),
                                     allowed="a scenario file, relative to this one")])
    parent_label = _label(parent_path)
    pdata, psrc, pchain = _read_tree(parent_path, parent_label,
                                     (*chain, path.resolve()))
    merged, msrc = _merge(pdata, psrc, data, src)
    return merged, msrc, (parent_path, *pchain)


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _split_cli(overrides: dict[str, Any]) -> tuple[dict, dict]:
    settings = {k: v for k, v in overrides.items() if k in SETTINGS}
    params = {k: v for k, v in overrides.items() if k not in SETTINGS}
    return settings, params


def _base_data(data: dict, src: SourceMap) -> tuple[dict, list[Problem], bool]:
    """The raw Params data of the base (market plus programmes), its problems, and whether
    its structure is sound enough to validate the values."""
    problems: list[Problem] = []
    market = data.get("market") or {}
    progs = data.get("programmes")
    progs = [] if progs is None else progs
    if not isinstance(market, dict):
        file, line = src.locate(("market",))
        problems.append(Problem(file, line, "market", "expected a mapping of parameters",
                                given=show_value(market), allowed="lines of 'parameter: value'"))
        market = {}
    if not isinstance(progs, list) or not all(isinstance(p, dict) for p in progs):
        file, line = src.locate(("programmes",))
        problems.append(Problem(file, line, "programmes",
                                "expected a list of programmes, each starting with '- name:'",
                                given=show_value(progs),
                                allowed="a list of mappings of programme levers, or [] for "
                                        "no programme"))
        progs = []
    if "programmes" in market:
        file, line = src.locate(("market", "programmes"))
        problems.append(Problem(file, line, "market.programmes",
                                "programmes belong at the top level, not under market"))
        market = {k: v for k, v in market.items() if k != "programmes"}
    structure_ok = not problems
    problems += bool_problems(Params, market, ("market",), src)
    for i, p in enumerate(progs):
        problems += bool_problems(Programme, p, ("programmes", i), src)
    return {**market, "programmes": progs}, problems, structure_ok


def _base_path(loc: Path_) -> Path_:
    return loc if loc[:1] == ("programmes",) else ("market", *loc)


def _check_variant(vname: Any, over: Any, base: Params | dict, src: SourceMap
                   ) -> tuple[dict | None, Params | None, list[Problem]]:
    """One variant's overrides (or None if unusable), its parameters (or None if invalid)
    and its problems. ``base`` is the base's data where it is invalid: then only the
    overrides' names are checked."""
    vpath = ("variants", vname)
    file, line = src.locate(vpath)
    if vname == BASE:
        return None, None, [Problem(file, line, format_path(vpath),
                                    "'base' is reserved for the scenario without overrides",
                                    allowed="any other name")]
    if not isinstance(vname, str) or not _VARIANT_NAME.match(vname) or len(vname) > 60:
        return None, None, [Problem(
            file, line, format_path(vpath), "unusable variant name", given=show_value(vname),
            allowed="letters, digits, spaces, '_', '.' and '-' (at most 60 characters)")]
    over = {} if over is None else over
    if not isinstance(over, dict):
        return None, None, [Problem(file, line, format_path(vpath),
                                    "expected a mapping of overrides", given=show_value(over),
                                    allowed="lines of 'parameter: value'")]
    if not isinstance(base, Params):
        return over, None, name_problems(base, over, vpath, src)
    return (over, *override(base, over, vpath, src))


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read and validate a scenario file, and resolve the parameters of every variant.

    ``overrides`` (the command line's ``--set``) change run settings (``weeks``,
    ``replications``, ``seed``, ``evaluation``, ``horizons_months``, ``name``,
    ``description``) or the base parameters by the rules of variants
    (`hiresim.params.overrides`); a variant's own override still wins. Raises
    `ScenarioError` listing every problem.
    """
    path = Path(path)
    label = _label(path)
    if path.is_dir():
        raise ScenarioError([Problem(label, None, "(file)", "is a directory",
                                     allowed="a scenario .yaml file")])
    data, src, chain = _read_tree(path, label, ())
    if "factors" in data and "design" in data and "programmes" not in data:
        file, line = src.locate(("factors",))
        raise ScenarioError([Problem(
            file, line, "(file)",
            "is an experiment file (it has 'factors' and 'design')",
            allowed="a scenario file; run experiments with `hiresim sweep`")])
    problems = [unknown_problem(k, Settings, (k,), src) for k in data if k not in TOP_KEYS]
    cli_settings, cli_params = _split_cli(dict(overrides or {}))

    # Run settings.
    raw = {k: data[k] for k in SETTINGS if k in data}
    raw.setdefault("name", path.stem)
    raw.update(cli_settings)
    for k in cli_settings:
        src.where[(k,)] = ("command line", None)
    settings, found = validated(Settings, raw, lambda loc: loc, src)
    problems += found

    # Base parameters, then the command line's overrides of them.
    base, found, structure_ok = _base_data(data, src)
    problems += found
    params: Params | None = None
    if structure_ok:
        params, found = validated(Params, base, _base_path, src)
        problems += found
    if cli_params and params is not None:
        for k in cli_params:
            src.where[("--set", k)] = ("command line", None)
        params, found = override(params, cli_params, ("--set",), src)
        problems += found

    # Variants, each resolved from the base.
    variants: dict[str, dict[str, Any]] = {}
    resolved: dict[str, Params] = {}
    raw_variants = data.get("variants") or {}
    if not isinstance(raw_variants, dict):
        file, line = src.locate(("variants",))
        problems.append(Problem(file, line, "variants",
                                "expected a mapping of variant names to overrides",
                                given=show_value(raw_variants),
                                allowed="variant_name: {parameter: value, ...}"))
        raw_variants = {}
    for vname, over in raw_variants.items():
        checked, vparams, found = _check_variant(vname, over, params or base, src)
        problems += found
        if checked is not None:
            variants[vname] = checked
        if vparams is not None:
            resolved[vname] = vparams

    if settings is not None and params is not None:
        settings, timing = _check_horizons(settings, params, src)
        problems += timing
    if problems:
        raise ScenarioError(problems)
    assert settings is not None and params is not None and settings.weeks is not None
    all_params = {name: _with_evaluation(p, settings.evaluation)
                  for name, p in {BASE: params, **resolved}.items()}
    return Scenario(name=settings.name, path=path, description=settings.description.strip(),
                    weeks=settings.weeks, replications=settings.replications,
                    seed=settings.seed, evaluation=settings.evaluation,
                    all_params=all_params, variants=variants,
                    horizons_months=tuple(settings.horizons_months), extends=chain,
                    notes=tuple(_notes(settings, all_params)))


def _check_horizons(settings: Settings, params: Params, src: SourceMap
                    ) -> tuple[Settings, list[Problem]]:
    """Fill in ``weeks`` (intake plus the last horizon) and check the first horizon fits."""
    start = intake_week(params)
    months = settings.horizons_months
    if settings.weeks is None:
        weeks = start + horizon_week(max(months))
        if weeks > MAX_WEEKS:
            file, line = src.locate(("horizons_months",))
            return settings, [Problem(
                file, line, "horizons_months", f"the run would last {weeks:,} weeks (intake "
                f"in week {start} plus {max(months):g} months)", given=show_value(months),
                allowed=f"at most {MAX_WEEKS:,} weeks: an earlier start_week or shorter "
                        "horizons")]
        settings = settings.model_copy(update={"weeks": weeks})
    first = start + horizon_week(min(months))
    if settings.weeks >= first:
        return settings, []
    file, line = src.locate(("weeks",))
    return settings, [Problem(
        file, line, "weeks", f"the run ends before the first horizon ({min(months):g} months "
        f"after intake in week {start} is week {first})", given=str(settings.weeks),
        allowed=f"a whole number >= {first}, or a shorter horizons_months")]


def _notes(settings: Settings, all_params: dict[str, Params]) -> list[str]:
    """Things an analyst should know that are not errors."""
    notes = []
    start = intake_week(all_params[BASE])
    for m in settings.horizons_months:
        week = start + horizon_week(m)
        if week > settings.weeks:
            notes.append(f"the {m:g}-month horizon (week {week}) lies beyond the "
                         f"{settings.weeks}-week run and is left out")
    if not any(p.programmes for p in all_params.values()):
        notes.append("no programme in this scenario: outcomes are described; there is no "
                     "programme effect to estimate")
    return notes
