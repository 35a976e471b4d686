"""Effects (docs/analyst.md §3), computed once for scenario runs and sweeps.

`per_replication` turns one variant's worlds (the programme world and, with twin
evaluation, its twin: the same seed with nothing delivered), indexed by replication and
week, into every estimand (`hiresim.model.estimands`) per replication and horizon: the
gross effect on participants, displacement of non-participants, the net effect on total
employment, the in-silico RCT estimate, the naive estimates a programme report would
show, their gaps to the truth, the money and the employer-practice effects. A scenario
run averages them over its replications (`evaluation.effects_table`); a sweep keeps them
run by run (`hiresim.sweep.tasks.run_tasks`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.estimands import PRACTICE_ESTIMANDS, TARGETS
from ..params.horizons import horizon_weeks, intake_week
from ..params.schema import Params

KEYS = ["variant", "world", "replication", "week"]
#: Estimands that are one weekly metric's difference between the programme world and its
#: twin at the horizon.
DIFFERENCES: dict[str, str] = {
    "gross_employment": "employment_rate_treatment",
    "gross_right_level": "right_level_rate_treatment",
    "gross_right_level_reached": "right_level_since_intake_treatment",
    "gross_hired": "hired_since_intake_treatment",
    "gross_formal": "formal_treatment",
    "gross_informal": "informal_treatment",
    "gross_earnings": "earnings_treatment",
    "displacement_eligible": "employment_rate_eligible",
    "effect_majority_employment": "employment_rate_majority",
    "effect_immigrant_employment": "employment_rate_immigrant",
    "effect_immigrant_right_level": "right_level_rate_immigrant",
    "effect_belief_gap": "belief_gap",
    "effect_immigrant_share_staff": "immigrant_share_staff",
    **{name: metric for name, (metric, _) in PRACTICE_ESTIMANDS.items()},
}


@dataclass(frozen=True)
class VariantInfo:
    """What the evaluation needs to know about one variant's parameters."""

    name: str
    intake: int
    horizons: tuple[tuple[float, int], ...]  # (months, week)
    has_programme: bool
    rct: bool
    cost_per_participant: float
    tax_rate: float
    labour_force: int
    capacity: int = 0  # places in all programmes together


def variant_info(name: str, params: Params, horizons_months: tuple[float, ...],
                 weeks: int | None = None) -> VariantInfo:
    """What the evaluation needs to know about one variant: intake week, the horizons
    (months after intake) that fall within ``weeks`` (all of them without ``weeks``),
    programme, design and cost."""
    caps = np.array([pr.capacity for pr in params.programmes], float)
    costs = np.array([pr.cost_per_participant for pr in params.programmes], float)
    cost = float((caps * costs).sum() / caps.sum()) if caps.sum() > 0 else 0.0
    intake = intake_week(params)
    horizons = horizon_weeks(params, horizons_months, weeks)
    return VariantInfo(
        name=name, intake=intake, horizons=horizons, has_programme=bool(params.programmes),
        rct=any(pr.evaluation == "rct" for pr in params.programmes),
        cost_per_participant=cost, labour_force=params.labour_force, capacity=int(caps.sum()),
        tax_rate=params.tax_rate)


def metric_columns(frame: pd.DataFrame) -> list[str]:
    """The metric columns of a frame of weekly outputs (everything but the keys)."""
    return [c for c in frame.columns if c not in KEYS]


def per_replication(prog: pd.DataFrame, twin_world: pd.DataFrame | None,
                    info: VariantInfo) -> pd.DataFrame:
    """Every estimand per (replication, horizon), before averaging.

    ``prog`` and ``twin_world`` (None without twin evaluation) are one variant's worlds,
    indexed by (replication, week) and sorted."""
    reps = prog.index.get_level_values("replication").unique()
    at_intake = prog.xs(info.intake, level="week")
    twin = twin_world is not None
    parts = []
    for months, week in info.horizons:
        p = prog.xs(week, level="week")
        e = pd.DataFrame(index=reps)
        e["participants"] = p["participants"]
        e["naive_employment"] = p["employment_rate_treatment"] - p["employment_rate_eligible"]
        e["naive_right_level"] = p["right_level_rate_treatment"] - p["right_level_rate_eligible"]
        e["before_after_employment"] = (p["employment_rate_treatment"]
                                        - at_intake["employment_rate_treatment"])
        e["before_after_right_level"] = (p["right_level_rate_treatment"]
                                         - at_intake["right_level_rate_treatment"])
        if info.rct:
            e["rct_employment"] = p["employment_rate_treatment"] - p["employment_rate_control"]
            e["rct_right_level"] = (p["right_level_rate_treatment"]
                                    - p["right_level_rate_control"])
        if twin:
            t = twin_world.xs(week, level="week")
            d = p[metric_columns(p.reset_index())] - t[metric_columns(t.reset_index())]
            for name, metric in DIFFERENCES.items():
                e[name] = d[metric]
            e["gross_jobs"] = d["employment_rate_treatment"] * p["participants"]
            e["gross_right_level_jobs"] = d["right_level_rate_treatment"] * p["participants"]
            e["net_jobs"] = -d["unemployed"]
            e["displacement_jobs"] = e["net_jobs"] - e["gross_jobs"].fillna(0.0)
            e["net_right_level_jobs"] = d["right_level_jobs"]
            e["displacement_right_level_jobs"] = (e["net_right_level_jobs"]
                                                  - e["gross_right_level_jobs"].fillna(0.0))
            cost = p["participants"] * info.cost_per_participant
            for name, value in _money(info, prog, twin_world, week, cost).items():
                e[name] = value
            for est, target in TARGETS.items():
                if est in e:
                    e[f"bias_{est}"] = e[est] - e[target]
        e["horizon"] = months
        e["week"] = week
        parts.append(e.reset_index())
    if not parts:
        return pd.DataFrame(columns=["replication", "horizon", "week"])
    return pd.concat(parts, ignore_index=True)


def _money(info: VariantInfo, prog: pd.DataFrame, twin: pd.DataFrame, week: int,
           cost: pd.Series) -> dict[str, pd.Series]:
    """The money estimands summed from intake to horizon ``week``, per replication:
    weekly differences between the worlds (a week is 12/52 of a month of the monthly
    figures), and the programme's ``cost``."""
    months_per_week = 12.0 / 52.0
    weeks = prog.index.get_level_values("week")
    since = (weeks > info.intake) & (weeks <= week)
    cols = ["earnings_treatment", "earnings_total", "benefits_total"]
    d = (prog.loc[since, cols] - twin.loc[since, cols]).groupby(level="replication").sum()
    d *= months_per_week
    net = d["earnings_total"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = net / cost.where(cost > 0)
    return {"earnings_gained": d["earnings_treatment"],
            "net_earnings": net,
            "budget_effect": info.tax_rate * net - d["benefits_total"] - cost,
            "benefit_cost_ratio": ratio}

