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

import copy
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..model.state import IMMIGRANT_ORIGINS, ORIGINS
from ..params.horizons import horizon_week, intake_week
from ..params.schema import (
    PROGRAMME_FIELDS,
    Params,
    Programme,
    each_origin,
    field_bounds,
    majority_and_origins,
    suggest,
)
from .problems import Path_, Problem, ScenarioError, format_path, show_value
from .safe_yaml import SourceMap, read_yaml

__all__ = [
    "EVALUATIONS",
    "SETTINGS",
    "Problem",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "horizon_week",
    "load_scenario",
]

#: Evaluation designs: twin worlds; an in-silico RCT (with twin worlds for the truth);
#: none (the programme world only, so only the naive estimates).
EVALUATIONS = ("twin", "rct", "none")
BASE = "base"
#: Limits of the run settings: names (which name directories), descriptions, run length
#: and reporting horizons (months after intake; the shortest is about a week).
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
MAX_NAME, MAX_TEXT, MAX_WEEKS = 100, 10_000, 10_000
MIN_HORIZON, MAX_HORIZON = 0.25, 2_400.0
_VARIANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\- ]*$")


class Settings(BaseModel):
    """The run settings of a scenario (everything but the model parameters)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=NAME_PATTERN, max_length=MAX_NAME,
                      description="Scenario name; results go to results/<name>/.")
    description: str = Field("", max_length=MAX_TEXT,
                             description="What the scenario tests, in words.")
    weeks: int | None = Field(None, ge=1, le=MAX_WEEKS,
                              description="Weeks simulated (default: intake plus the last "
                                          "horizon).")
    replications: int = Field(10, ge=1, le=100_000,
                              description="Replications (runs with different seeds).")
    seed: int = Field(1, ge=0, le=2**63 - 1, description="Study seed.")
    evaluation: Literal["twin", "rct", "none"] = Field(
        "twin", description="Evaluation design: twin, rct (with twin worlds) or none.")
    horizons_months: list[Annotated[float, Field(ge=MIN_HORIZON, le=MAX_HORIZON,
                                                 allow_inf_nan=False)]] = Field(
        default_factory=lambda: [6.0, 12.0, 24.0], min_length=1, max_length=20,
        description="Months after intake at which outcomes are reported.")


SETTINGS = tuple(Settings.model_fields)
_TOP_KEYS = (*SETTINGS, "extends", "market", "programmes", "variants")



# --- What is allowed ----------------------------------------------------------------------


def _bounds(info: Any) -> str:
    return " and ".join(field_bounds(info).text(
        sep=" ", fmt=lambda v: f"{v:,}" if isinstance(v, int) else f"{v:g}"))


def _kind(ann: Any) -> str:
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if type(None) in args:  # optional: describe the other type
        return _kind(next(a for a in args if a is not type(None)))
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if ann is bool:
        return "true or false"
    if ann is int:
        return "a whole number"
    if ann is float:
        return "a number"
    if ann is str:
        return "text"
    if origin is tuple:
        return f"a list of {len(args)} numbers"
    if origin is list:
        inner = args[0] if args else None
        if inner is Programme:
            return "a list of programmes (each a mapping of programme levers)"
        return "a list of numbers" if inner in (int, float) else "a list"
    return getattr(ann, "__name__", str(ann))


def allowed(model: type[BaseModel], name: str) -> str:
    """What a field accepts, in words: kind and bounds (e.g. 'a number >= 0 and <= 1')."""
    info = model.model_fields.get(name)
    if info is None:
        return ""
    text = _kind(info.annotation)
    if any(getattr(m, "func", None) in (each_origin, majority_and_origins)
           for m in info.metadata):
        size = len(typing.get_args(info.annotation))
        regions = ", ".join(IMMIGRANT_ORIGINS if size == len(IMMIGRANT_ORIGINS) else ORIGINS)
        text = (f"a number for every region, or {text} ({regions})"
                if each_origin in [getattr(m, "func", None) for m in info.metadata]
                else f"{text} ({regions}), or two (majority, immigrant)")
    bounds = _bounds(info)
    longest = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
    if longest is not None:
        bounds = f"of at most {longest:,} characters"
    if name == "name" and model is Settings:
        return (f"letters, digits, '_', '.' and '-', at most {MAX_NAME} characters (it names "
                "the results directory)")
    if name == "horizons_months":
        return (f"a list of months after intake, each from {MIN_HORIZON:g} (about a week) "
                f"to {MAX_HORIZON:g}, e.g. [6, 12, 24]")
    return f"{text} {bounds}".strip()


def _numeric(ann: Any) -> bool:
    if ann in (int, float):
        return True
    return typing.get_origin(ann) in (tuple, list) and all(
        a in (int, float, Ellipsis) for a in typing.get_args(ann))


def _bool_problems(model: type[BaseModel], data: dict, path: Path_, src: SourceMap,
                   where: Path_ | None = None) -> list[Problem]:
    """Reject true/false where a number is expected (pydantic would read it as 1 or 0)."""
    out = []
    for key, value in data.items():
        info = model.model_fields.get(key)
        if info is None or not _numeric(info.annotation):
            continue
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, bool) for v in items):
            p = (*path, key) if where is None else where
            file, line = src.locate(p)
            out.append(Problem(file, line, format_path(p), "expected a number, not true/false",
                               given=show_value(value), allowed=allowed(model, key)))
    return out


#: Short words for pydantic's error types (the given value and what is allowed follow).
_PLAIN = {
    "greater_than_equal": "too small", "greater_than": "too small",
    "less_than_equal": "too large", "less_than": "too large",
    "int_parsing": "not a whole number", "int_type": "not a whole number",
    "int_from_float": "not a whole number", "float_parsing": "not a number",
    "float_type": "not a number", "bool_parsing": "not true or false",
    "bool_type": "not true or false", "literal_error": "not one of the choices",
    "string_pattern_mismatch": "not a usable name", "string_type": "not text",
    "list_type": "not a list", "tuple_type": "not a list", "too_short": "too few values",
    "too_long": "too many values", "dict_type": "not a mapping",
    "model_type": "not a mapping", "model_attributes_type": "not a mapping",
    "finite_number": "not a finite number", "string_too_long": "too long",
    "string_too_short": "empty",
}
_MODEL_LEVEL = re.compile(r"^(?:Value error, )?(\w+)")


def _pydantic_problems(err: ValidationError, model: type[BaseModel], to_path: Any,
                       src: SourceMap) -> list[Problem]:
    """Translate pydantic errors into Problems; ``to_path`` maps a loc to a scenario path."""
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        msg = e["msg"]
        if not loc and e["type"] == "value_error":  # a model-level check
            m = _MODEL_LEVEL.match(msg)
            name = m.group(1) if m else ""
            loc = ("programmes",) if name == "programme" else (
                (name,) if name in model.model_fields else ())
            msg = msg.removeprefix("Value error, ")
            if isinstance(e.get("input"), dict) and loc and loc[0] in e["input"]:
                e = {**e, "input": e["input"][loc[0]]}  # the field's value, not the mapping
        target, name = model, str(loc[0]) if loc else ""
        if loc[:1] == ("programmes",) and len(loc) >= 3 and model is Params:
            target, name = Programme, str(loc[2])
        path = to_path(loc)
        file, line = src.locate(path)
        if e["type"] == "extra_forbidden":
            out.append(_unknown(str(loc[-1]), target, path, src))
            continue
        given = e.get("input")
        if e["type"] == "missing":
            given_text = None
            msg = "missing (required)"
            if loc and isinstance(loc[-1], int):  # a tuple too short
                path = to_path(loc[:-1])
                file, line = src.locate(path)
                msg, given_text = "too few values", show_value(given)
        else:
            given_text = show_value(given) if loc else None
        if e["type"] in _PLAIN:
            msg = _PLAIN[e["type"]]
        out.append(Problem(file, line, format_path(path), msg, given=given_text,
                           allowed=allowed(target, name) if name else None))
    return _merged(out)


def _merged(problems: list[Problem]) -> list[Problem]:
    """One problem for each field: the same complaint about several of a list's values
    (a number given for every region of birth, say) is said once, of the list."""
    out: list[Problem] = []
    seen: set[tuple] = set()
    for prob in problems:
        key = (re.sub(r"\[\d+\]$", "", prob.path), prob.message, prob.given)
        if key in seen:
            continue
        seen.add(key)
        if key[0] != prob.path:
            prob = Problem(prob.file, prob.line, key[0], prob.message, given=prob.given,
                           allowed=prob.allowed)
        out.append(prob)
    return out


def _unknown(key: str, model: type[BaseModel], path: Path_, src: SourceMap,
             extra: tuple[str, ...] = ()) -> Problem:
    file, line = src.locate(path)
    if model is not Params and key in Params.model_fields and key != "programmes":
        hint = "; it is a labour-market parameter: set it under 'market'"
    elif model is not Programme and key in PROGRAMME_FIELDS:
        hint = "; it is a programme lever: set it in a programme under 'programmes'"
    elif model is not Settings and key in _TOP_KEYS:
        hint = "; it is a scenario setting: set it at the top level"
    else:
        hint = suggest(key, [*model.model_fields, *extra])
    if model is Settings:
        return Problem(file, line, format_path(path), f"unknown key '{key}'{hint}",
                       allowed=", ".join(_TOP_KEYS))
    return Problem(file, line, format_path(path), f"unknown parameter '{key}'{hint}",
                   allowed="a parameter listed by `hiresim params`")


# --- Overrides (variants and --set) -------------------------------------------------------


def _split_target(key: str) -> tuple[str, str] | None:
    """``programmes.<name>.<field>`` → (name, field); anything else → None."""
    if key.startswith("programmes.") and key.count(".") >= 2:
        name, _, fname = key[len("programmes."):].rpartition(".")
        return name, fname
    return None


def _override_data(data: dict, overrides: dict, where: Path_, src: SourceMap
                   ) -> tuple[dict, list[tuple[Path_, Path_]], list[Problem]]:
    """Apply overrides to raw Params data.

    Returns the new data, pairs (params loc prefix, scenario path) for attributing
    validation errors, and the problems found in the override keys themselves.
    """
    data = copy.deepcopy(data)
    progs = data.setdefault("programmes", [])
    blame: list[tuple[Path_, Path_]] = []
    problems: list[Problem] = []
    for key, value in overrides.items():
        path = (*where, key)
        file, line = src.locate(path)
        target = _split_target(key)
        if key == "programmes":
            if not isinstance(value, list):
                problems.append(Problem(file, line, format_path(path), "expected a list",
                                        given=show_value(value), allowed=allowed(Params, key)))
                continue
            data["programmes"] = progs = copy.deepcopy(value)
            blame.append((("programmes",), path))
            for i, p in enumerate(value):
                if isinstance(p, dict):
                    problems += _bool_problems(Programme, p, (*path, i), src)
            continue
        elif target is not None:
            pname, fname = target
            names = [p.get("name", Programme().name) if isinstance(p, dict) else None
                     for p in progs]
            if pname not in names:
                problems.append(Problem(
                    file, line, format_path(path), f"no programme named '{pname}'",
                    allowed="programme names: " + (", ".join(map(str, names)) or "none")))
                continue
            if fname not in PROGRAMME_FIELDS:
                problems.append(_unknown(fname, Programme, path, src))
                continue
            i = names.index(pname)
            progs[i][fname] = value
            blame.append((("programmes", i, fname), path))
        elif key in PROGRAMME_FIELDS:
            if not progs:
                problems.append(Problem(
                    file, line, format_path(path),
                    f"'{key}' is a programme lever, but there is no programme to apply it to",
                    allowed="define programmes first"))
                continue
            for i, p in enumerate(progs):
                if isinstance(p, dict):
                    p[key] = value
                    blame.append((("programmes", i, key), path))
        elif key in Params.model_fields:
            data[key] = value
            blame.append(((key,), path))
        elif key in SETTINGS or key == "extends":
            problems.append(Problem(
                file, line, format_path(path),
                f"'{key}' is a scenario setting and cannot differ between variants",
                allowed="model parameters and programme levers"))
        else:
            problems.append(_unknown(key, Params, path, src, extra=PROGRAMME_FIELDS))
        if isinstance(value, bool) or (isinstance(value, list) and key != "programmes"):
            fname = target[1] if target else key
            model = Programme if (target or key in PROGRAMME_FIELDS) else Params
            problems += _bool_problems(model, {fname: value}, (), src, where=path)
    return data, blame, problems


def apply_overrides(params: Params, overrides: dict[str, Any]) -> Params:
    """``params`` with flat overrides applied (the rules of scenario variants).

    A key naming a `Params` field sets it; a key naming a `Programme` field sets it in
    every programme; ``programmes.<name>.<field>`` sets one programme's field;
    ``programmes`` replaces the list. Raises `ScenarioError` when an override is invalid.
    """
    src = SourceMap(default_file="(overrides)")
    data, blame, problems = _override_data(params.model_dump(), dict(overrides), (), src)
    if problems:
        raise ScenarioError(problems)
    try:
        return Params.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(_pydantic_problems(err, Params, _blamer(blame, ()), src)) from None


def _blamer(blame: list[tuple[Path_, Path_]], fallback: Path_) -> Any:
    def to_path(loc: Path_) -> Path_:
        for prefix, path in blame:
            n = len(prefix)
            if loc[:n] == prefix:
                return (*path, *loc[n:]) if n == 1 or prefix == ("programmes",) else path
        return fallback
    return to_path


# --- The scenario -------------------------------------------------------------------------


@dataclass
class Scenario:
    """A validated scenario: run settings, the base parameters and the variants."""

    name: str
    path: Path | None
    description: str
    weeks: int
    replications: int
    seed: int
    evaluation: str
    params: Params
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)
    horizons_months: tuple[float, ...] = (6.0, 12.0, 24.0)
    extends: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def variant_names(self) -> list[str]:
        """``base`` first, then the variants in file order."""
        return [BASE, *self.variants]

    def variant_params(self, name: str) -> Params:
        """The full parameters of variant ``name`` (``base`` gives the base)."""
        if name == BASE:
            return self.params
        if name not in self.variants:
            raise KeyError(f"no variant {name!r}; variants: {', '.join(self.variant_names)}")
        return _with_evaluation(apply_overrides(self.params, self.variants[name]),
                                self.evaluation)

    @property
    def twin(self) -> bool:
        """Whether twin worlds (the same seeds without the programme) are run."""
        return self.evaluation != "none"

    def horizons(self, variant: str = BASE) -> list[tuple[float, int]]:
        """(months, week) of each reporting horizon within the run, for one variant."""
        start = intake_week(self.variant_params(variant))
        out = []
        for m in self.horizons_months:
            week = start + horizon_week(m)
            if week <= self.weeks:
                out.append((m, week))
        return out

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
            "variants": {name: self.variants.get(name, {}) for name in self.variant_names},
            "params": {name: self.variant_params(name).model_dump(mode="json")
                       for name in self.variant_names},
        }

    def replace(self, **changes: Any) -> Scenario:
        """A copy with run settings changed (validated like the file's settings)."""
        data = {**self.settings(), **changes}
        try:
            s = Settings.model_validate(data)
        except ValidationError as err:
            src = SourceMap(default_file="(settings)")
            raise ScenarioError(_pydantic_problems(err, Settings, lambda loc: loc, src)
                                ) from None
        return Scenario(name=s.name, path=self.path, description=s.description, weeks=s.weeks,
                        replications=s.replications, seed=s.seed, evaluation=s.evaluation,
                        params=_with_evaluation(self.params, s.evaluation),
                        variants=self.variants, horizons_months=tuple(s.horizons_months),
                        extends=self.extends, notes=self.notes)


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
                                     given=show_value(data), allowed=", ".join(_TOP_KEYS))])
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
    problems += _bool_problems(Params, market, ("market",), src)
    for i, p in enumerate(progs):
        problems += _bool_problems(Programme, p, ("programmes", i), src)
    return {**market, "programmes": progs}, problems, structure_ok


def _base_path(loc: Path_) -> Path_:
    return loc if loc[:1] == ("programmes",) else ("market", *loc)


def _check_variant(vname: Any, over: Any, base: dict, valid: bool, src: SourceMap
                   ) -> tuple[dict | None, list[Problem]]:
    """One variant's overrides (or None if unusable) and the problems they have."""
    vpath = ("variants", vname)
    file, line = src.locate(vpath)
    if vname == BASE:
        return None, [Problem(file, line, format_path(vpath),
                              "'base' is reserved for the scenario without overrides",
                              allowed="any other name")]
    if not isinstance(vname, str) or not _VARIANT_NAME.match(vname) or len(vname) > 60:
        return None, [Problem(file, line, format_path(vpath), "unusable variant name",
                              given=show_value(vname), allowed="letters, digits, spaces, '_', '.' "
                                                          "and '-' (at most 60 characters)")]
    over = {} if over is None else over
    if not isinstance(over, dict):
        return None, [Problem(file, line, format_path(vpath), "expected a mapping of overrides",
                              given=show_value(over), allowed="lines of 'parameter: value'")]
    vdata, blame, problems = _override_data(base, over, vpath, src)
    if valid and not problems:
        try:
            Params.model_validate(vdata)
        except ValidationError as err:
            problems += _pydantic_problems(err, Params, _blamer(blame, vpath), src)
    return over, problems


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read and validate a scenario file.

    ``overrides`` (the command line's ``--set``) change run settings (``weeks``,
    ``replications``, ``seed``, ``evaluation``, ``horizons_months``, ``name``) or the base
    parameters by the rules of variants; a variant's own override still wins. Raises
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
    problems = [_unknown(k, Settings, (k,), src) for k in data if k not in _TOP_KEYS]
    cli_settings, cli_params = _split_cli(dict(overrides or {}))

    # Run settings.
    raw = {k: data[k] for k in SETTINGS if k in data}
    raw.setdefault("name", path.stem)
    raw.update(cli_settings)
    for k in cli_settings:
        src.where[(k,)] = ("command line", None)
    settings: Settings | None = None
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as err:
        problems += _pydantic_problems(err, Settings, lambda loc: loc, src)

    # Base parameters, then the command line's overrides of them.
    base, base_problems, structure_ok = _base_data(data, src)
    params: Params | None = None
    if structure_ok:
        try:
            params = Params.model_validate(base)
        except ValidationError as err:
            base_problems += _pydantic_problems(err, Params, _base_path, src)
    if cli_params and params is not None:
        for k in cli_params:
            src.where[("--set", k)] = ("command line", None)
        base, blame, cli_problems = _override_data(base, cli_params, ("--set",), src)
        base_problems += cli_problems
        params = None
        if not cli_problems:
            try:
                params = Params.model_validate(base)
            except ValidationError as err:
                base_problems += _pydantic_problems(err, Params, _blamer(blame, ("--set",)),
                                                    src)
    problems += base_problems

    # Variants.
    variants: dict[str, dict[str, Any]] = {}
    raw_variants = data.get("variants") or {}
    if not isinstance(raw_variants, dict):
        file, line = src.locate(("variants",))
        problems.append(Problem(file, line, "variants",
                                "expected a mapping of variant names to overrides",
                                given=show_value(raw_variants),
                                allowed="variant_name: {parameter: value, ...}"))
        raw_variants = {}
    for vname, over in raw_variants.items():
        checked, vproblems = _check_variant(vname, over, base, params is not None, src)
        problems += vproblems
        if checked is not None:
            variants[vname] = checked

    if settings is not None and params is not None:
        settings, timing = _check_horizons(settings, params, src)
        problems += timing
    if problems:
        raise ScenarioError(problems)
    assert settings is not None and params is not None and settings.weeks is not None
    return Scenario(name=settings.name, path=path, description=settings.description.strip(),
                    weeks=settings.weeks, replications=settings.replications,
                    seed=settings.seed, evaluation=settings.evaluation,
                    params=_with_evaluation(params, settings.evaluation), variants=variants,
                    horizons_months=tuple(settings.horizons_months), extends=chain,
                    notes=tuple(_notes(settings, params, variants)))


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


def _notes(settings: Settings, params: Params, variants: dict[str, dict]) -> list[str]:
    """Things an analyst should know that are not errors."""
    notes = []
    start = intake_week(params)
    for m in settings.horizons_months:
        week = start + horizon_week(m)
        if week > settings.weeks:
            notes.append(f"the {m:g}-month horizon (week {week}) lies beyond the "
                         f"{settings.weeks}-week run and is left out")
    has_programme = bool(params.programmes) or any(
        o.get("programmes") for o in variants.values())
    if not has_programme:
        notes.append("no programme in this scenario: outcomes are described; there is no "
                     "programme effect to estimate")
    return notes
