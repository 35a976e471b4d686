"""What an experiment measures: its metrics (weekly metrics, their effects, and the
estimands of a scenario's effects) and its horizons (months after intake), as the types
of an experiment file's ``metrics`` and ``horizons_months``."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictFloat, StrictStr

from ..model.estimands import SWEEP_ESTIMANDS
from ..model.metrics import metric_names
from ..model.simulate import EFFECT_SUFFIX
from ..params.describe import suggest
from ..params.horizons import horizon_week
from ..params.schema import Params
from .located import Found, invalid
from .settings import MAX_HORIZON, MIN_HORIZON

__all__ = ["HorizonsMonths", "Metrics", "metric_choices", "rct_problems"]


@functools.cache
def metric_choices() -> tuple[str, ...]:
    """Metrics an experiment may keep: every weekly metric, ``<metric>_effect``, and the
    estimands a sweep keeps run by run."""
    names = [m for m in metric_names() if m != "week"]
    return (*names, *(f"{m}{EFFECT_SUFFIX}" for m in names), *SWEEP_ESTIMANDS)


_METRICS_ALLOWED = ("a weekly metric (hiresim.model.metrics.metric_names()), optionally "
                    f"with '{EFFECT_SUFFIX}', or an estimand of effects.csv other than "
                    "the comparisons with a base and the costs per job (listed in "
                    "docs/research.md)")


def _known_metric(name: str) -> str:
    if name not in metric_choices():
        raise invalid(f"unknown metric{suggest(name, metric_choices())}", _METRICS_ALLOWED)
    return name


def _distinct(values: list[Any]) -> list[Any]:
    if len(set(values)) != len(values):
        raise invalid("values repeat", "distinct values")
    return values


#: An experiment's ``metrics``: known names, each once.
Metrics = Annotated[
    list[Annotated[StrictStr, AfterValidator(_known_metric)]],
    Field(min_length=1, json_schema_extra={
        "allowed": f"a list of names, each {_METRICS_ALLOWED}"}),
    AfterValidator(_distinct)]


def _a_list(months: Any) -> Any:
    """One number is a list of one."""
    return [months] if isinstance(months, (int, float)) and not isinstance(months, bool) \
        else months


def _weeks_apart(months: list[float]) -> list[float]:
    if len({horizon_week(m) for m in _distinct(months)}) != len(months):
        raise invalid("two horizons fall in the same week", "horizons at least a week apart")
    return sorted(months)


#: An experiment's ``horizons_months``: months after intake, a week apart or more.
HorizonsMonths = Annotated[
    list[Annotated[StrictFloat, Field(ge=MIN_HORIZON, le=MAX_HORIZON,
                                      allow_inf_nan=False)]],
    Field(min_length=1, max_length=20),
    BeforeValidator(_a_list), AfterValidator(_weeks_apart)]

HORIZONS_ALLOWED = (f"a list of months after intake, each from {MIN_HORIZON:g} to "
                    f"{MAX_HORIZON:g}, e.g. [6, 12, 24], as in scenario files")


def rct_problems(metrics: Sequence[Any], base: Params, found: Found) -> None:
    """An RCT estimate among ``metrics`` (as written) needs a programme evaluated by an
    RCT."""
    if any(pr.evaluation == "rct" for pr in base.programmes):
        return
    for i, m in enumerate(metrics):
        if isinstance(m, str) and m in metric_choices() and "rct_" in m:
            found.add(("metrics", i), "an RCT estimate needs a programme evaluated by an "
                      "RCT", given=m, allowed="evaluation: rct in the scenario's programme "
                      "(or under 'set'), or another metric")
