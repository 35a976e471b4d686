"""An experiment's factors: the parameters a sweep varies, each over a list of levels or a
numeric range, checked against the schema (`factors`).

A factor is named as an override of a variant (`hiresim.params.overrides`): any `Params`
field, any `Programme` field (applied to every programme) or
``programmes.<programme name>.<field>`` (one programme's). A list of ``values`` is
validated value by value as the parameter; a ``range: [low, high]`` must lie inside the
parameter's bounds, and takes ``steps`` on a grid and ``log: true`` for geometric
spacing. Integer parameters get integer values.
"""

from __future__ import annotations

import typing
from typing import Any

from ..params.bounds import field_bounds
from ..params.describe import allowed, suggest
from ..params.issues import ParameterError
from ..params.overrides import programme_target, resolve, target_field, value_of
from ..params.programme import PROGRAMME_FIELDS
from ..params.schema import Params, Programme
from .designs import Factor
from .problems import Problems

__all__ = ["MAX_POINTS", "factors"]

_FACTOR_KEYS = ("values", "range", "steps", "log")
#: Parameters that cannot be factors: labels and structures.
_NOT_FACTORS = ("programmes", "name")
#: The most points an experiment's design may have (and so the most levels of a range on
#: a grid).
MAX_POINTS = 100_000


def _field(name: str) -> tuple[type, str] | None:
    """The model and field a factor name sets, or None if it names none that can vary."""
    found = target_field(name)
    return found if found is not None and found[1] not in _NOT_FACTORS else None


def factors(data: dict, base: Params | None, design: str | None,
            problems: Problems) -> list[Factor]:
    """The factors an experiment's ``data`` declares, each checked against the schema and
    the ``base`` parameters (the programmes it names); problems go to ``problems``."""
    spec = data.get("factors")
    if not isinstance(spec, dict) or not spec:
        problems.add(("factors",), "required: the parameters to vary", given=spec,
                     allowed="a mapping of parameter name to {values: [...]} or "
                             "{range: [low, high]}")
        return []
    names = sorted((set(Params.model_fields) | set(PROGRAMME_FIELDS)) - set(_NOT_FACTORS))
    fixed = data.get("set") or {}
    chosen = []
    for name, value in spec.items():
        where = ("factors", name)
        found = _field(str(name))
        if found is None:
            problems.add(where, f"unknown parameter '{name}'{suggest(str(name), names)}",
                         allowed="a parameter listed by `hiresim params`, or "
                                 "programmes.<programme name>.<lever>")
            continue
        model = found[0]
        if isinstance(fixed, dict) and name in fixed:
            problems.add(where, "also fixed under 'set'; a parameter is either fixed or varied")
        if model is Programme and base is not None and not base.programmes:
            problems.add(where, "a programme lever, but the base scenario has no programme",
                         allowed="market parameters, or a scenario with programmes")
            continue
        target = programme_target(str(name))
        known = [p.name for p in base.programmes] if base is not None else []
        if target is not None and base is not None and target[0] not in known:
            problems.add(where, f"no programme named '{target[0]}'",
                         allowed="programme names: " + ", ".join(known))
            continue
        factor = _factor(str(name), value, found, base, design, where, problems)
        if factor is not None:
            chosen.append(factor)
    return chosen


def _factor(name: str, spec: Any, found: tuple[type, str], base: Params | None,
            design: str | None, where: tuple, problems: Problems) -> Factor | None:
    info = found[0].model_fields[found[1]]
    if isinstance(spec, list):
        spec = {"values": spec}
    if not isinstance(spec, dict):
        problems.add(where, "expected the values or range to vary over", given=spec,
                     allowed="{values: [...]} or {range: [low, high]}")
        return None
    for key in spec:
        if key not in _FACTOR_KEYS:
            problems.add((*where, key), f"unknown key '{key}'"
                                        f"{suggest(str(key), list(_FACTOR_KEYS))}",
                         allowed=", ".join(_FACTOR_KEYS))
    if typing.get_origin(info.annotation) is tuple:
        problems.add(where, "holds several numbers and cannot be varied as one factor",
                     allowed="a parameter with a single value; fix this one under 'set' in "
                             "separate experiments")
        return None
    if ("values" in spec) == ("range" in spec):
        problems.add(where, "give either values or a range", given=spec,
                     allowed="{values: [...]} or {range: [low, high]}")
        return None
    if "values" in spec:
        for key in ("steps", "log"):
            if key in spec:
                problems.add((*where, key), "applies to a range only")
        return _levels_factor(name, found, spec["values"], base, (*where, "values"), problems)
    return _range_factor(name, spec, info, design, where, problems)


def _levels_factor(name: str, found: tuple[type, str], values: Any, base: Params | None,
                   where: tuple, problems: Problems) -> Factor | None:
    """A list of levels, each validated as the parameter (and normalised to its type)."""
    if not isinstance(values, list) or len(values) < 2:
        problems.add(where, "expected at least two values", given=values,
                     allowed="a list of values; to fix a parameter, put it under 'set'")
        return None
    if base is None:
        return None
    normalised = []
    for i, v in enumerate(values):
        if isinstance(v, bool) and found[0].model_fields[found[1]].annotation in (int, float):
            problems.add((*where, i), "expected a number, not true/false", given=v)
            continue
        try:
            params = resolve(base, {name: v})
        except ParameterError:
            problems.add((*where, i), "not a valid value", given=v,
                         allowed=allowed(*found))
            continue
        normalised.append(value_of(params, name))
    if len(normalised) != len(values):
        return None
    if len(set(normalised)) != len(normalised):
        problems.add(where, "values repeat", given=values, allowed="distinct values")
        return None
    return Factor(name, "levels", values=tuple(normalised))


def _range_factor(name: str, spec: dict, info: Any, design: str | None, where: tuple,
                  problems: Problems) -> Factor | None:
    """A numeric range, inside the parameter's bounds; integer parameters get integers."""
    ann = info.annotation
    at = (*where, "range")
    if ann not in (int, float):
        choices = typing.get_args(ann)
        kinds = ", ".join(map(str, choices)) if choices else "true, false"
        problems.add(at, "not a numeric parameter; list its values instead",
                     allowed=f"values: [{kinds}]")
        return None
    rng = spec["range"]
    numeric = isinstance(rng, list) and len(rng) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng)
    if not numeric:
        problems.add(at, "expected two numbers", given=rng, allowed="[low, high]")
        return None
    low, high = rng
    b = field_bounds(info)
    lo, hi, lo_inc, hi_inc = b.low, b.high, b.low_inclusive, b.high_inclusive
    bounds = " and ".join(b.text(sep=" ")) or "any number"
    ok = True
    if ann is int and not all(float(v).is_integer() for v in rng):
        problems.add(at, "an integer parameter needs integer bounds", given=rng,
                     allowed=f"whole numbers {bounds}")
        ok = False
    if not low < high:
        problems.add(at, "low must be below high", given=rng, allowed="[low, high], low < high")
        ok = False
    inside = (low >= lo if lo_inc else low > lo) and (high <= hi if hi_inc else high < hi)
    if not inside:
        problems.add(at, "outside the parameter's bounds", given=rng, allowed=bounds)
        ok = False
    log = spec.get("log", False)
    if not isinstance(log, bool):
        problems.add((*where, "log"), "expected true or false", given=log)
        ok = False
    elif log and low <= 0:
        problems.add((*where, "log"), "a logarithmic range needs low > 0", given=rng)
        ok = False
    steps = spec.get("steps")
    if design == "grid":
        if not isinstance(steps, int) or isinstance(steps, bool) or not (
                2 <= steps <= MAX_POINTS):
            problems.add((*where, "steps"), "a grid needs the number of levels of a range",
                         given=steps, allowed=f"a whole number from 2 to {MAX_POINTS:,}")
            ok = False
    elif steps is not None and design is not None:
        problems.add((*where, "steps"), f"applies to grid designs only (this one is {design})")
        ok = False
    if not ok:
        return None
    cast = int if ann is int else float
    factor = Factor(name, "integer" if ann is int else "real", low=cast(low), high=cast(high),
                    steps=steps, log=log)
    if design == "grid":
        levels = factor.grid_levels()
        if len(set(levels)) != len(levels):
            problems.add((*where, "steps"), f"the integer levels repeat ({levels})",
                         given=steps, allowed=f"at most {int(high - low) + 1} steps")
            return None
    return factor
