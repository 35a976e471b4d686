"""Evaluation (DESIGN §5): the truth next to what an evaluation would have seen.

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

Intervals are Student-t intervals over replications; paired differences share their
random numbers (common random numbers), so they are far tighter than the spread of
either world.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config.scenario import BASE, Scenario, intake_week
from ..model.state import GROUPS
from ..params.schema import Params
from .intervals import grouped_interval, interval

__all__ = [
    "ESTIMANDS",
    "VariantInfo",
    "curve",
    "effects_table",
    "interval",
    "paired_curve",
    "summary_table",
    "variant_infos",
    "world_frames",
]

PROGRAMME, TWIN = "programme", "twin"
KEYS = ["variant", "world", "replication", "week"]


@dataclass(frozen=True)
class Estimand:
    """One effect: a label for people, its unit, and what it says."""

    label: str
    unit: str  # share (0-1, shown as percentage points), persons, skill, NOK, gap
    family: str  # truth, evaluation, bias, comparison, cost, practice
    meaning: str


ESTIMANDS: dict[str, Estimand] = {
    "gross_employment": Estimand(
        "Participants' employment (true effect)", "share", "truth",
        "participants in the programme world minus the same people in the twin world"),
    "gross_right_level": Estimand(
        "Participants at the right level (true effect)", "share", "truth",
        "share of participants working at the right level (their qualification level, "
        "in their field), minus the twin"),
    "gross_right_level_reached": Estimand(
        "Participants who reached a right-level job (true effect)", "share", "truth",
        "share who have worked at the right level at some point since intake, minus the "
        "twin"),
    "gross_hired": Estimand(
        "Participants hired since intake (true effect)", "share", "truth",
        "share hired at least once since intake, minus the twin"),
    "gross_formal": Estimand(
        "Participants' formal skill (true effect)", "skill", "truth",
        "mean formal skill (0-1 scale), minus the twin"),
    "gross_informal": Estimand(
        "Participants' informal skill (true effect)", "skill", "truth",
        "mean informal skill (0-1 scale), minus the twin"),
    "gross_jobs": Estimand(
        "Jobs gained by participants", "persons", "truth",
        "participants' employment effect times the number of participants"),
    "gross_right_level_jobs": Estimand(
        "Right-level jobs gained by participants", "persons", "truth",
        "participants' right-level effect times the number of participants"),
    "displacement_jobs": Estimand(
        "Non-participants' jobs (displacement)", "persons", "truth",
        "employed non-participants in the programme world minus the twin (negative: "
        "jobs taken from others)"),
    "displacement_eligible": Estimand(
        "Eligible non-participants' employment", "share", "truth",
        "effect on the eligible job seekers (immigrants out of work) not taken in"),
    "effect_majority_employment": Estimand(
        "Majority employment", "share", "truth", "effect on the majority group"),
    "net_jobs": Estimand(
        "Net effect on total employment", "persons", "truth",
        "employed persons in the programme world minus the twin: gross plus displacement "
        "(displacement is negative when others lose jobs)"),
    "net_right_level_jobs": Estimand(
        "Net effect on jobs at the right level", "persons", "truth",
        "people working at the right level (their qualification level, in their field) "
        "in the programme world minus the twin"),
    "displacement_right_level_jobs": Estimand(
        "Non-participants' jobs at the right level", "persons", "truth",
        "non-participants working at the right level, programme world minus twin"),
    "effect_immigrant_employment": Estimand(
        "Immigrants' employment", "share", "truth", "effect on all immigrants"),
    "effect_immigrant_right_level": Estimand(
        "Immigrants at the right level", "share", "truth",
        "effect on the share of all immigrants working at the right level"),
    "effect_belief_gap": Estimand(
        "Employer belief gap", "gap", "truth",
        "effect on how far employers' beliefs about immigrant applicants fall below the "
        "truth (negative: beliefs closer to the truth)"),
    "effect_immigrant_share_staff": Estimand(
        "Diversity: immigrant share of staff", "share", "truth",
        "effect on the immigrant share of all employees"),
    "rct_employment": Estimand(
        "RCT estimate: employment", "share", "evaluation",
        "treated minus control participants in the programme world (what a randomised "
        "evaluation would report)"),
    "rct_right_level": Estimand(
        "RCT estimate: right level", "share", "evaluation",
        "treated minus control, share working at the right level"),
    "naive_employment": Estimand(
        "Naive estimate: participants vs eligible", "share", "evaluation",
        "participants' employment minus that of the eligible job seekers not taken in "
        "(what a programme report comparing groups would show)"),
    "naive_right_level": Estimand(
        "Naive estimate: right level, participants vs eligible", "share", "evaluation",
        "participants minus the eligible job seekers not taken in, share working at "
        "the right level"),
    "before_after_employment": Estimand(
        "Naive estimate: before/after", "share", "evaluation",
        "participants' employment now minus at intake (what a programme report following "
        "its participants would show)"),
    "before_after_right_level": Estimand(
        "Naive estimate: before/after, right level", "share", "evaluation",
        "participants working at the right level now minus at intake"),
    "gross_employment_vs_base": Estimand(
        "Participants' employment effect vs base", "share", "comparison",
        "this variant's true effect on participants minus the base's (paired)"),
    "gross_right_level_vs_base": Estimand(
        "Right-level effect vs base", "share", "comparison",
        "this variant's true right-level effect minus the base's (paired)"),
    "net_jobs_vs_base": Estimand(
        "Net jobs vs base", "persons", "comparison",
        "this variant's net effect on total employment minus the base's (paired)"),
    "net_right_level_jobs_vs_base": Estimand(
        "Net right-level jobs vs base", "persons", "comparison",
        "this variant's net effect on jobs at the right level minus the base's (paired)"),
    "gross_earnings": Estimand(
        "Participants' earnings", "NOK", "truth",
        "participants' monthly earnings minus the twin's at the horizon, NOK per "
        "participant per month (earnings by job level, monthly_earnings, less "
        "field_mismatch_penalty outside one's field)"),
    "earnings_gained": Estimand(
        "Earnings gained per participant", "NOK", "truth",
        "participants' earnings from intake to the horizon minus the twin's, NOK per "
        "participant"),
    "net_earnings": Estimand(
        "Net earnings in the market", "NOK", "truth",
        "everybody's earnings from intake to the horizon minus the twin's, NOK: what "
        "participants gained less what others lost"),
    "budget_effect": Estimand(
        "Public budget effect", "NOK", "truth",
        "unemployment benefits saved plus taxes on the extra earnings (tax_rate), "
        "everybody, from intake to the horizon, minus the programme's cost, NOK"),
    "benefit_cost_ratio": Estimand(
        "Benefit-cost ratio", "ratio", "truth",
        "net earnings in the market from intake to the horizon divided by the "
        "programme's cost"),
    "cost_per_net_job": Estimand(
        "Cost per additional job (net)", "NOK", "cost",
        "programme cost divided by the net effect on total employment"),
    "cost_per_participant_job": Estimand(
        "Cost per additional job for participants (gross)", "NOK", "cost",
        "programme cost divided by jobs gained by participants, ignoring displacement"),
    "cost_per_right_level_job": Estimand(
        "Cost per additional right-level job for participants", "NOK", "cost",
        "programme cost divided by participants' additional jobs at the right level"),
    "cost_per_net_right_level_job": Estimand(
        "Cost per additional right-level job (net)", "NOK", "cost",
        "programme cost divided by the net effect on jobs at the right level"),
}

#: What each evaluation-world estimand is an estimate of (for 'bias' = estimate − truth).
TARGETS = {"rct_employment": "gross_employment", "rct_right_level": "gross_right_level",
           "naive_employment": "gross_employment", "naive_right_level": "gross_right_level",
           "before_after_employment": "gross_employment",
           "before_after_right_level": "gross_right_level"}

# Each evaluation's gap to the truth, paired by replication (``bias_<estimand>``).
ESTIMANDS.update({
    f"bias_{est}": Estimand(f"{ESTIMANDS[est].label} (gap to the truth)", "share", "bias",
                            f"{est} minus {target} (the true effect), replication by "
                            "replication")
    for est, target in TARGETS.items()})


# Research question 2: does the programme change how enterprises hire, and does it raise
# diversity? The host employers (whose staff mentor participants) against the same
# employers in the twin world, and practice at all employers (the spill-over).
PRACTICE_ESTIMANDS: dict[str, tuple[str, Estimand]] = {  # estimand: (metric, meaning)
    "exposed_belief_gap": ("exposed_belief_gap", Estimand(
        "Belief gap at the host employers", "gap", "practice",
        "effect on how far the host employers' beliefs about immigrant applicants fall "
        "below the truth (negative: closer to the truth)")),
    "exposed_immigrant_share_hires": ("exposed_immigrant_share_hires", Estimand(
        "Immigrant share of hires at the host employers", "share", "practice",
        "effect on the immigrant share of everybody the host employers hired since "
        "intake (participants included)")),
    "exposed_immigrant_share_staff": ("exposed_immigrant_share_staff", Estimand(
        "Immigrant share of staff at the host employers", "share", "practice",
        "effect on the immigrant share of the host employers' staff")),
    "exposed_credential_noise": ("exposed_credential_noise", Estimand(
        "Extra noise on foreign credentials at the host employers", "ratio", "practice",
        "effect on the host employers' screening noise on foreign credentials relative "
        "to Norwegian ones (1: read as well as Norwegian ones)")),
    "exposed_values_cross_cultural": ("exposed_values_cross_cultural", Estimand(
        "Host employers that value cross-cultural competence", "share", "practice",
        "effect on the share of host employers that see cross-cultural competence as an "
        "asset in the interview")),
    "effect_credential_noise": ("credential_noise", Estimand(
        "Extra noise on foreign credentials, all employers", "ratio", "practice",
        "effect on the mean screening noise on foreign credentials relative to Norwegian "
        "ones, over all employers (the spill-over included)")),
    "effect_values_cross_cultural": ("values_cross_cultural_share", Estimand(
        "Employers that value cross-cultural competence, all", "share", "practice",
        "effect on the share of all employers that value cross-cultural competence")),
}
ESTIMANDS.update({name: est for name, (_, est) in PRACTICE_ESTIMANDS.items()})


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


def variant_infos(scenario: Scenario) -> dict[str, VariantInfo]:
    """Per variant: intake week, horizons, programme, design and cost."""
    out = {}
    for name in scenario.variant_names:
        p: Params = scenario.variant_params(name)
        caps = np.array([pr.capacity for pr in p.programmes], float)
        costs = np.array([pr.cost_per_participant for pr in p.programmes], float)
        cost = float((caps * costs).sum() / caps.sum()) if caps.sum() > 0 else 0.0
        out[name] = VariantInfo(
            name=name, intake=intake_week(p), horizons=tuple(scenario.horizons(name)),
            has_programme=bool(p.programmes),
            rct=any(pr.evaluation == "rct" for pr in p.programmes),
            cost_per_participant=cost, labour_force=p.labour_force, capacity=int(caps.sum()),
            tax_rate=p.tax_rate)
    return out


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


def metric_columns(ts: pd.DataFrame) -> list[str]:
    """The metric columns of a time series (everything but the keys)."""
    return [c for c in ts.columns if c not in KEYS]


def summary_table(ts: pd.DataFrame, infos: dict[str, VariantInfo]) -> pd.DataFrame:
    """Every metric at intake and each horizon, per variant and world: mean, 95 % interval.

    Columns: variant, world, metric, horizon (months after intake; 0 is the intake week),
    week, mean, ci_low, ci_high, n. The hiring funnel rows (``*_per_*``) sum the weekly
    flows from intake to the horizon.
    """
    metrics = metric_columns(ts)
    rows = []
    for (variant, world), frame in ts.groupby(["variant", "world"], sort=False):
        info = infos[variant]
        by_week = frame.set_index("week")
        for months, week in _horizon_rows(info):
            at = by_week.loc[[week]]
            for m in metrics:
                mean, lo, hi, n = interval(at[m].to_numpy(float))
                rows.append((variant, world, m, months, week, mean, lo, hi, n))
            if months > 0:
                for m, per_rep in _funnel(frame, info.intake, week).items():
                    mean, lo, hi, n = interval(per_rep.to_numpy(float))
                    rows.append((variant, world, m, months, week, mean, lo, hi, n))
    return pd.DataFrame(rows, columns=["variant", "world", "metric", "horizon", "week",
                                       "mean", "ci_low", "ci_high", "n"])


def _world(ts: pd.DataFrame, variant: str, world: str) -> pd.DataFrame:
    frame = ts[(ts["variant"] == variant) & (ts["world"] == world)]
    return frame.set_index(["replication", "week"]).sort_index()


def _per_replication(ts: pd.DataFrame, info: VariantInfo, twin: bool) -> pd.DataFrame:
    """Every estimand per (replication, horizon), before averaging."""
    prog = _world(ts, info.name, PROGRAMME)
    reps = prog.index.get_level_values("replication").unique()
    at_intake = prog.xs(info.intake, level="week")
    twin_world = _world(ts, info.name, TWIN) if twin else None
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
            e["gross_employment"] = d["employment_rate_treatment"]
            e["gross_right_level"] = d["right_level_rate_treatment"]
            e["gross_right_level_reached"] = d["right_level_since_intake_treatment"]
            e["gross_hired"] = d["hired_since_intake_treatment"]
            e["gross_formal"] = d["formal_treatment"]
            e["gross_informal"] = d["informal_treatment"]
            e["gross_jobs"] = d["employment_rate_treatment"] * p["participants"]
            e["gross_right_level_jobs"] = d["right_level_rate_treatment"] * p["participants"]
            e["net_jobs"] = -d["unemployed"]
            e["displacement_jobs"] = e["net_jobs"] - e["gross_jobs"].fillna(0.0)
            e["net_right_level_jobs"] = d["right_level_jobs"]
            e["displacement_right_level_jobs"] = (e["net_right_level_jobs"]
                                                  - e["gross_right_level_jobs"].fillna(0.0))
            e["displacement_eligible"] = d["employment_rate_eligible"]
            e["effect_majority_employment"] = d["employment_rate_majority"]
            e["effect_immigrant_employment"] = d["employment_rate_immigrant"]
            e["effect_immigrant_right_level"] = d["right_level_rate_immigrant"]
            e["effect_belief_gap"] = d["belief_gap"]
            e["effect_immigrant_share_staff"] = d["immigrant_share_staff"]
            for name, (metric, _) in PRACTICE_ESTIMANDS.items():
                e[name] = d[metric]
            e["gross_earnings"] = d["earnings_treatment"]
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


def effects_table(ts: pd.DataFrame, infos: dict[str, VariantInfo], twin: bool) -> pd.DataFrame:
    """Every estimand per variant and horizon: mean, 95 % interval over replications.

    Columns: variant, estimand, horizon (months after intake), week, mean, ci_low,
    ci_high, n, unit. Shares are proportions (0.05 is 5 percentage points); jobs are
    persons; costs are in the programme's currency. A cost per job has no finite upper
    bound (``inf``) when the interval of the jobs it divides by reaches zero.
    """
    per = {name: _per_replication(ts, info, twin)
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
    rows = []
    for name, frame in per.items():
        info = infos[name]
        for (months, week), group in frame.groupby(["horizon", "week"], sort=True):
            results = {}
            for est in ESTIMANDS:
                if est in group and ESTIMANDS[est].family != "cost":
                    results[est] = interval(group[est].to_numpy(float))
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
    g = grouped_interval(values, frame["week"])
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
    """Weekly mean and 95 % interval of programme minus twin (the effect over time)."""
    prog = _world(ts, variant, PROGRAMME)[metric]
    twin = _world(ts, variant, TWIN)[metric]
    diff = ((prog - twin) * scale).rename("d").reset_index()
    out = []
    for week, g in diff.groupby("week"):
        mean, lo, hi, _ = interval(g["d"].to_numpy(float))
        out.append((week, mean, lo, hi))
    return pd.DataFrame(out, columns=["week", "mean", "ci_low", "ci_high"])
