"""An experiment's factors: the parameters a sweep varies, each over a list of levels or a
numeric range (`FactorSpec`), checked against the schema (`factors`).

A factor is named as an override of a variant (`hiresim.params.overrides`): any `Params`
field, any `Programme` field (applied to every programme) or
``programmes.<programme name>.<field>`` (one programme's). A list of ``values`` is
validated value by value as the parameter; a ``range: [low, high]`` must lie inside the
parameter's bounds, and takes ``steps`` on a grid and ``log: true`` for geometric
spacing. Integer parameters get integer values.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..params.bounds import field_bounds
from ..params.describe import allowed, suggest
from ..params.issues import ParameterError
from ..params.overrides import programme_target, resolve, target_field, value_of
from ..params.programme import PROGRAMME_FIELDS
from ..params.schema import Params, Programme
from .designs import Factor
from .located import Found, checked, invalid
from .safe_yaml import SourceMap

__all__ = ["MAX_POINTS", "FactorSpec", "factors"]

#: Parameters that cannot be factors: labels and structures.
_NOT_FACTORS = ("programmes", "name")
#: The most points an experiment's design may have (and so the most levels of a range on
#: a grid).
MAX_POINTS = 100_000
_Number = Annotated[StrictFloat, Field(allow_inf_nan=False)]
_SPEC = "{values: [...]} or {range: [low, high]}"
_STEPS = f"a whole number from 2 to {MAX_POINTS:,}"


class FactorSpec(BaseModel):
    """How one factor varies, as written: a list of ``values`` (a bare list is one), or
    a numeric ``range`` with ``steps`` (grid designs: the validation context's
    ``design``) and ``log``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"allowed": _SPEC})

    values: list[Any] | None = Field(None, min_length=2, json_schema_extra={
        "allowed": "a list of at least two values; to fix a parameter, put it under 'set'"})
    range: tuple[_Number, _Number] | None = Field(None, json_schema_extra={
        "allowed": "[low, high], two numbers"})
    steps: int | None = Field(None, strict=True, ge=2, le=MAX_POINTS, validate_default=True,
                                    json_schema_extra={"allowed": _STEPS})
    log: bool | None = Field(None, strict=True, validate_default=True,
                                   description="Geometric spacing of a range.")

    @model_validator(mode="before")
    @classmethod
    def _bare_list(cls, spec: Any) -> Any:
        return {"values": spec} if isinstance(spec, list) else spec

    @field_validator("range")
    @classmethod
    def _ordered(cls, rng: tuple[float, float] | None) -> tuple[float, float] | None:
        if rng is not None and not rng[0] < rng[1]:
            raise invalid("low must be below high", "[low, high], low < high")
        return rng

    @field_validator("steps")
    @classmethod
    def _steps_by_design(cls, steps: int | None, info: ValidationInfo) -> int | None:
        design = (info.context or {}).get("design")
        if steps is not None and info.data.get("values") is not None:
            raise invalid("applies to a range only", "no such key with a list of values")
        if design == "grid" and steps is None and info.data.get("range") is not None:
            raise invalid("a grid needs the number of levels of a range", _STEPS)
        if design not in (None, "grid") and steps is not None:
            raise invalid(f"applies to grid designs only (this one is {design})",
                          "no steps key")
        return steps

    @field_validator("log")
    @classmethod
    def _log_of_positive_range(cls, log: bool | None, info: ValidationInfo) -> bool | None:
        if log is not None and info.data.get("values") is not None:
            raise invalid("applies to a range only", "no such key with a list of values")
        rng = info.data.get("range")
        if log and rng is not None and rng[0] <= 0:
            raise invalid("a logarithmic range needs low > 0", "a range with low > 0")
        return log

    @model_validator(mode="after")
    def _values_or_range(self) -> FactorSpec:
        if (self.values is None) == (self.range is None):
            raise invalid("give either values or a range", _SPEC)
        return self


def _field(name: str) -> tuple[type, str] | None:
    """The model and field a factor name sets, or None if it names none that can vary."""
    found = target_field(name)
    return found if found is not None and found[1] not in _NOT_FACTORS else None


def factors(spec: Mapping[Any, Any], base: Params | None, design: str | None,
            fixed: Mapping[str, Any], found: Found, src: SourceMap) -> list[Factor]:
    """The factors ``spec`` (an experiment's ``factors``) declares: each named as an
    override, validated as a `FactorSpec` for ``design``, and checked against the schema
    and the ``base`` parameters (the programmes it names); problems go to ``found``."""
    names = sorted((set(Params.model_fields) | set(PROGRAMME_FIELDS)) - set(_NOT_FACTORS))
    chosen = []
    for name, raw in spec.items():
        where = ("factors", name)
        target = _field(str(name))
        if target is None:
            found.add(where, f"unknown parameter '{name}'{suggest(str(name), names)}",
                      allowed="a parameter listed by `hiresim params`, or "
                              "programmes.<programme name>.<lever>")
            continue
        if name in fixed:
            found.add(where, "also fixed (under 'set' or by --set); a parameter is either "
                      "fixed or varied")
        if not _programme_known(str(name), target, base, where, found):
            continue
        result = checked(FactorSpec, raw, where, src, context={"design": design})
        found.extend(result.problems)
        if result.value is None or base is None:
            continue
        if result.value.values is not None:
            factor = _levels_factor(str(name), target, result.value.values, base,
                                    (*where, "values"), found)
        else:
            factor = _range_factor(str(name), result.value, raw["range"], target, design,
                                   where, found)
        if factor is not None:
            chosen.append(factor)
    return chosen


def _programme_known(name: str, target: tuple[type, str], base: Params | None,
                     where: tuple, found: Found) -> bool:
    """Whether a programme lever has the programme it names (any programme at all)."""
    if base is None or target[0] is not Programme:
        return True
    if not base.programmes:
        found.add(where, "a programme lever, but the base scenario has no programme",
                  allowed="market parameters, or a scenario with programmes")
        return False
    known = [p.name for p in base.programmes]
    one = programme_target(name)
    if one is not None and one[0] not in known:
        found.add(where, f"no programme named '{one[0]}'{suggest(one[0], known)}",
                  allowed="programme names: " + ", ".join(known))
        return False
    return True


def _levels_factor(name: str, target: tuple[type, str], values: list[Any], base: Params,
                   where: tuple, found: Found) -> Factor | None:
    """A list of levels, each validated as the parameter (and normalised to its type)."""
    if typing.get_origin(target[0].model_fields[target[1]].annotation) is tuple:
        return _several_numbers(where[:-1], found)
    numeric = target[0].model_fields[target[1]].annotation in (int, float)
    normalised = []
    for i, v in enumerate(values):
        if isinstance(v, bool) and numeric:
            found.add((*where, i), "expected a number, not true/false", given=v,
                      allowed=allowed(*target))
            continue
        try:
            params = resolve(base, {name: v})
        except ParameterError:
            found.add((*where, i), "not a valid value", given=v, allowed=allowed(*target))
            continue
        normalised.append(value_of(params, name))
    if len(normalised) != len(values):
        return None
    if len(set(normalised)) != len(normalised):
        found.add(where, "values repeat", given=values, allowed="distinct values")
        return None
    return Factor(name, "levels", values=tuple(normalised))


def _several_numbers(where: tuple, found: Found) -> None:
    found.add(where, "holds several numbers and cannot be varied as one factor",
              allowed="a parameter with a single value; fix this one under 'set' in "
                      "separate experiments")


def _range_factor(name: str, spec: FactorSpec, written: Any, target: tuple[type, str],
                  design: str | None, where: tuple, found: Found) -> Factor | None:
    """A numeric range, inside the parameter's bounds; integer parameters get integers."""
    info = target[0].model_fields[target[1]]
    ann = info.annotation
    at = (*where, "range")
    if typing.get_origin(ann) is tuple:
        return _several_numbers(where, found)
    if ann not in (int, float):
        choices = typing.get_args(ann)
        kinds = ", ".join(map(str, choices)) if choices else "true, false"
        found.add(at, "not a numeric parameter; list its values instead",
                  allowed=f"values: [{kinds}]")
        return None
    assert spec.range is not None
    low, high = spec.range
    b = field_bounds(info)
    bounds = " and ".join(b.text(sep=" ")) or "any number"
    ok = True
    if ann is int and not (low.is_integer() and high.is_integer()):
        found.add(at, "an integer parameter needs integer bounds", given=written,
                  allowed=f"whole numbers {bounds}")
        ok = False
    inside = ((low >= b.low if b.low_inclusive else low > b.low)
              and (high <= b.high if b.high_inclusive else high < b.high))
    if not inside:
        found.add(at, "outside the parameter's bounds", given=written, allowed=bounds)
        ok = False
    if not ok:
        return None
    cast = int if ann is int else float
    factor = Factor(name, "integer" if ann is int else "real", low=cast(low), high=cast(high),
                    steps=spec.steps, log=bool(spec.log))
    if design == "grid":
        levels = factor.grid_levels()
        if len(set(levels)) != len(levels):
            found.add((*where, "steps"), f"the integer levels repeat ({levels})",
                      given=spec.steps, allowed=f"at most {int(high - low) + 1} steps")
            return None
    return factor
