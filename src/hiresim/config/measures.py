"""What an experiment measures: its metrics (weekly metrics, their effects, and the
estimands of a scenario's effects) and its horizons (months after intake)."""

from __future__ import annotations

import math

from ..model.estimands import SWEEP_ESTIMANDS
from ..model.metrics import metric_names
from ..model.simulate import EFFECT_SUFFIX
from ..params.describe import suggest
from ..params.horizons import horizon_week
from ..params.schema import Params
from .problems import Problems
from .scenario import Scenario
from .settings import MAX_HORIZON, MIN_HORIZON


def metric_choices() -> list[str]:
    """Metrics an experiment may keep: every weekly metric, ``<metric>_effect``, and the
    estimands a sweep keeps run by run."""
    names = [m for m in metric_names() if m != "week"]
    return names + [f"{m}{EFFECT_SUFFIX}" for m in names] + list(SWEEP_ESTIMANDS)


_METRICS_ALLOWED = ("a weekly metric (hiresim.model.metrics.metric_names()), optionally "
                    f"with '{EFFECT_SUFFIX}', or an estimand of effects.csv other than "
                    "the comparisons with a base and the costs per job (listed in "
                    "docs/research.md)")


def kept_metrics(data: dict, base: Params | None, problems: Problems) -> list[str]:
    """The metrics an experiment keeps (``metrics``), each checked."""
    given = data.get("metrics")
    known = metric_choices()
    if not isinstance(given, list) or not given:
        problems.add(("metrics",), "required: the metrics to keep", given=given,
                     allowed=f"a list of names, each {_METRICS_ALLOWED}")
        return []
    rct = base is not None and any(pr.evaluation == "rct" for pr in base.programmes)
    for i, m in enumerate(given):
        if m not in known:
            problems.add(("metrics", i), f"unknown metric{suggest(str(m), known)}", given=m,
                         allowed=_METRICS_ALLOWED)
        elif "rct_" in str(m) and base is not None and not rct:
            problems.add(("metrics", i), "an RCT estimate needs a programme evaluated by "
                         "an RCT", given=m, allowed="evaluation: rct in the scenario's "
                         "programme (or under 'set'), or another metric")
    if len(set(map(str, given))) != len(given):
        problems.add(("metrics",), "metrics repeat", given=given)
    return [str(m) for m in given]


def horizons_months(data: dict, problems: Problems, scenario: Scenario | None) -> list[float]:
    """Months after intake at which metrics are kept (default: the scenario's)."""
    allowed_text = (f"a list of months after intake from {MIN_HORIZON:g} to "
                    f"{MAX_HORIZON:g}, e.g. [6, 12, 24], as in scenario files")
    months = data.get("horizons_months")
    if months is None:
        return list(scenario.horizons_months) if scenario is not None else [12.0]
    if isinstance(months, (int, float)) and not isinstance(months, bool):
        months = [months]
    if not isinstance(months, list) or not months or not all(
            isinstance(m, (int, float)) and not isinstance(m, bool) and math.isfinite(m)
            and MIN_HORIZON <= m <= MAX_HORIZON for m in months):
        problems.add(("horizons_months",), "the months after intake at which to keep the "
                     "metrics", given=months, allowed=allowed_text)
        return [12.0]
    if len(set(months)) != len(months):
        problems.add(("horizons_months",), "months repeat", given=months)
    if len({horizon_week(m) for m in months}) != len(months):
        problems.add(("horizons_months",), "two horizons fall in the same week", given=months,
                     allowed="horizons at least a week apart")
    return sorted(float(m) for m in months)
