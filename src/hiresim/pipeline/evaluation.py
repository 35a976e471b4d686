"""Evaluation (docs/analyst.md §3): the truth next to what an evaluation would have seen.

Input is the tidy time series of a scenario run: one row per variant, world
(``programme``, or ``twin``: the same seed with nothing delivered), replication and
week. From it come

* the summary: every weekly metric at intake and at each horizon, and the hiring funnel
  summed from intake to the horizon, as means with 95 % intervals over replications;
* the effects, computed per replication and then averaged: the gross effect on
  participants (programme world minus the same people in the twin), displacement of
  non-participants, the net effect on total employment, the in-silico RCT estimate
  (treatment minus control), the naive estimates a programme report would show
  (participants versus eligible non-participants; before/after), paired differences
  between each variant and the base, and cost per additional job.

Intervals are Student-t intervals over replications, clipped to the range the quantity
cannot leave (`intervals.level_range`, `intervals.difference_range`: a share's to
[0, 1], a difference of shares to [−1, 1]); paired differences share their random
numbers (common random numbers), so they are far tighter than the spread of either
world.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ..config.scenario import BASE, Scenario
from ..model.estimands import ESTIMANDS, PRACTICE_ESTIMANDS, TARGETS, Estimand
from ..model.metric_definitions import metric_definitions
from ..model.state import GROUPS
from .effects import VariantInfo, metric_columns, per_replication, variant_info
from .intervals import Range, difference_range, grouped_interval, interval, level_range

__all__ = [
    "ESTIMANDS",
    "PRACTICE_ESTIMANDS",
    "TARGETS",
    "Estimand",
    "VariantInfo",
    "curve",
    "effect_range",
    "effects_table",
    "interval",
    "metric_range",
    "metric_unit",
    "paired_curve",
    "replication_effects",
    "summary_table",
    "variant_infos",
    "world_frames",
]

PROGRAMME, TWIN = "programme", "twin"


def variant_infos(scenario: Scenario) -> dict[str, VariantInfo]:
    """Per variant: intake week, horizons, programme, design and cost."""
    return {name: variant_info(name, scenario.variant_params(name),
                               tuple(scenario.horizons_months), scenario.weeks)
            for name in scenario.variant_names}


@cache
def _metric_units() -> dict[str, str]:
    return {m.name: m.unit for m in metric_definitions()}


def metric_unit(metric: str) -> str:
    """The unit of a weekly metric or of a hiring-funnel row of the summary (`_funnel`:
    ``*_per_*`` are shares, ``*_ratio`` ratios); empty if unknown."""
    if metric in _metric_units():
        return _metric_units()[metric]
    if metric.endswith("_ratio"):
        return "ratio"
    return "share" if "_per_" in metric else ""


def metric_range(metric: str) -> Range | None:
    """The range a weekly metric's level cannot leave (None: no range)."""
    return level_range(metric_unit(metric))


def effect_range(estimand: str) -> Range | None:
    """The range an estimand cannot leave: [−1, 1] for a difference of shares, [−2, 2]
    for a variant's difference of such effects from the base's (None: no range)."""
    e = ESTIMANDS[estimand]
    return difference_range(e.unit, 2 if e.family == "comparison" else 1)


def _horizon_rows(info: VariantInfo) -> list[tuple[float, int]]:
    """Intake (horizon 0) and every horizon within the run."""
    return [(0.0, info.intake), *info.horizons]


def _funnel(frame: pd.DataFrame, start: int, stop: int) -> dict[str, pd.Series]:
    """Hiring funnel by group, summed over weeks start+1..stop, per replication."""
    window = frame[(frame["week"] > start) & (frame["week"] <= stop)]
    sums = window.groupby("replication")[
        [f"{f}_{g}" for f in ("applications", "callbacks", "offers", "hires") for g in GROUPS]
    ].sum()
    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for g in GROUPS:
            apps = sums[f"applications_{g}"].astype(float)
            out[f"callbacks_per_application_{g}"] = sums[f"callbacks_{g}"] / apps
            out[f"offers_per_callback_{g}"] = sums[f"offers_{g}"] / sums[f"callbacks_{g}"]
            out[f"hires_per_application_{g}"] = sums[f"hires_{g}"] / apps
        for stage in ("callbacks_per_application", "hires_per_application"):
            out[f"{stage}_ratio"] = (out[f"{stage}_{GROUPS[0]}"]
                                     / out[f"{stage}_{GROUPS[1]}"])
    return out


def summary_table(ts: pd.DataFrame, infos: dict[str, VariantInfo]) -> pd.DataFrame:
    """Every metric at intake and each horizon, per variant and world: mean, 95 % interval.

    Columns: variant, world, metric, horizon (months after intake; 0 is the intake week),
    week, mean, ci_low, ci_high, n. Intervals are clipped to the metric's range
    (`metric_range`). The hiring funnel rows (``*_per_*``) sum the weekly
    flows from intake to the horizon. A metric undefined in every replication at a
    horizon (a control group's without an RCT; match quality with no dyad left) has no
    row there.
    """
    metrics = metric_columns(ts)
    rows = []
    for (variant, world), frame in ts.groupby(["variant", "world"], sort=False):
        info = infos[variant]
        by_week = frame.set_index("week")
        for months, week in _horizon_rows(info):
            at = by_week.loc[[week]]
            for m in metrics:
                mean, lo, hi, n = interval(at[m].to_numpy(float), within=metric_range(m))
                rows.append((variant, world, m, months, week, mean, lo, hi, n))
            if months > 0:
                for m, per_rep in _funnel(frame, info.intake, week).items():
                    mean, lo, hi, n = interval(per_rep.to_numpy(float),
                                               within=metric_range(m))
                    rows.append((variant, world, m, months, week, mean, lo, hi, n))
    table = pd.DataFrame(rows, columns=["variant", "world", "metric", "horizon", "week",
                                        "mean", "ci_low", "ci_high", "n"])
    return table[table["n"] > 0].reset_index(drop=True)


def _world(ts: pd.DataFrame, variant: str, world: str) -> pd.DataFrame:
    frame = ts[(ts["variant"] == variant) & (ts["world"] == world)]
    return frame.set_index(["replication", "week"]).sort_index()


def _cost_rows(variant: str, months: float, week: int, cost: float,
               jobs: tuple[float, float, float, int], name: str) -> tuple:
    """Cost per job with the interval of the job count inverted (cost is fixed)."""
    mean, lo, hi, n = jobs
    value = cost / mean if mean > 0 else float("nan")
    upper = cost / lo if lo > 0 else float("inf")
    lower = cost / hi if hi > 0 else float("nan")
    if n < 2:
        upper = lower = float("nan")
    return (variant, name, months, week, value, lower, upper, n)


def replication_effects(ts: pd.DataFrame, infos: dict[str, VariantInfo], twin: bool
                        ) -> dict[str, pd.DataFrame]:
    """Every estimand per replication and horizon, for each variant with a programme
    (`per_replication`), with each variant's paired differences to the base
    (``*_vs_base``). `effects_table` averages them; `hiresim compare` pairs them across
    result directories."""
    per = {name: per_replication(_world(ts, name, PROGRAMME),
                                 _world(ts, name, TWIN) if twin else None, info)
           for name, info in infos.items() if info.has_programme}
    if twin and BASE in infos:
        per_base = per.get(BASE)
        if per_base is None:  # the base has no programme: only its net effect exists
            per_base = _zero_effects(ts, infos[BASE])
        for name, frame in per.items():
            if name == BASE:
                continue
            merged = frame.merge(per_base, on=["replication", "horizon"], how="left",
                                 suffixes=("", "_base"))
            for est in ("gross_employment", "gross_right_level", "net_jobs",
                        "net_right_level_jobs"):
                if f"{est}_base" in merged:
                    frame[f"{est}_vs_base"] = (merged[est] - merged[f"{est}_base"]).to_numpy()
    return per


def effects_table(ts: pd.DataFrame, infos: dict[str, VariantInfo], twin: bool) -> pd.DataFrame:
    """Every estimand per variant and horizon: mean, 95 % interval over replications.

    Columns: variant, estimand, horizon (months after intake), week, mean, ci_low,
    ci_high, n, unit. Shares are proportions (0.05 is 5 percentage points); jobs are
    persons; costs are in the programme's currency. Intervals are clipped to the
    estimand's range (`effect_range`). A cost per job has no finite upper bound (``inf``)
    when the interval of the jobs it divides by reaches zero.
    """
    per = replication_effects(ts, infos, twin)
    rows = []
    for name, frame in per.items():
        info = infos[name]
        for (months, week), group in frame.groupby(["horizon", "week"], sort=True):
            results = {}
            for est in ESTIMANDS:
                if est in group and ESTIMANDS[est].family != "cost":
                    results[est] = interval(group[est].to_numpy(float),
                                            within=effect_range(est))
                    rows.append((name, est, months, week, *results[est]))
            if twin:
                cost = float(group["participants"].mean()) * info.cost_per_participant
                for est, jobs in (("cost_per_net_job", "net_jobs"),
                                  ("cost_per_participant_job", "gross_jobs"),
                                  ("cost_per_right_level_job", "gross_right_level_jobs"),
                                  ("cost_per_net_right_level_job", "net_right_level_jobs")):
                    rows.append(_cost_rows(name, months, week, cost,
                                           interval(group[jobs].to_numpy(float)), est))
    out = pd.DataFrame(rows, columns=["variant", "estimand", "horizon", "week", "mean",
                                      "ci_low", "ci_high", "n"])
    out["unit"] = out["estimand"].map(lambda e: ESTIMANDS[e].unit)
    return out


def _zero_effects(ts: pd.DataFrame, info: VariantInfo) -> pd.DataFrame:
    """Effects of a variant without a programme: net jobs measured (zero by construction)."""
    prog = _world(ts, info.name, PROGRAMME)
    twin = _world(ts, info.name, TWIN)
    parts = []
    for months, week in info.horizons:
        p, t = prog.xs(week, level="week"), twin.xs(week, level="week")
        parts.append(pd.DataFrame({
            "replication": p.index, "horizon": months,
            "net_jobs": (t["unemployed"] - p["unemployed"]).to_numpy(),
            "net_right_level_jobs": (p["right_level_jobs"] - t["right_level_jobs"]).to_numpy()}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["replication", "horizon", "net_jobs", "net_right_level_jobs"])


def world_frames(ts: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """The time series split by (variant, world), for repeated look-ups."""
    return {key: frame for key, frame in ts.groupby(["variant", "world"], sort=False)}


def curve(frame: pd.DataFrame, metric: str, transform: str | None = None) -> pd.DataFrame:
    """Weekly mean and 95 % interval of ``metric`` over the replications in ``frame``.

    ``frame`` holds one variant's world (see `world_frames`). ``transform="survival"``
    uses one minus the metric (the share not yet reached).
    """
    values = 1.0 - frame[metric] if transform == "survival" else frame[metric]
    g = grouped_interval(values, frame["week"], within=metric_range(metric))
    return pd.DataFrame({"week": g.index, "mean": g["mean"].to_numpy(),
                         "ci_low": g["ci_low"].to_numpy(), "ci_high": g["ci_high"].to_numpy()})


def headline_horizon(effects: pd.DataFrame) -> float | None:
    """The horizon the report leads with: 12 months if reported, else the longest."""
    horizons = sorted(effects["horizon"].unique()) if len(effects) else []
    if not horizons:
        return None
    return 12.0 if 12.0 in horizons else horizons[-1]


def paired_curve(ts: pd.DataFrame, metric: str, variant: str, scale: float = 1.0
                 ) -> pd.DataFrame:
    """Weekly mean and 95 % interval of programme minus twin (the effect over time),
    times ``scale``; the interval is clipped to the range of the difference."""
    prog = _world(ts, variant, PROGRAMME)[metric]
    twin = _world(ts, variant, TWIN)[metric]
    diff = ((prog - twin) * scale).rename("d").reset_index()
    within = difference_range(metric_unit(metric))
    if within is not None:
        low, high = sorted((within[0] * scale, within[1] * scale))
        within = (low, high)
    out = []
    for week, g in diff.groupby("week"):
        mean, lo, hi, _ = interval(g["d"].to_numpy(float), within=within)
        out.append((week, mean, lo, hi))
    return pd.DataFrame(out, columns=["week", "mean", "ci_low", "ci_high"])
