"""Evaluation arithmetic on constructed data, and the creaming bias of naive estimates."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import hiresim
from hiresim.model.metrics import metric_names
from hiresim.pipeline.evaluation import VariantInfo, effects_table, interval, summary_table


def test_interval_is_the_student_t_interval() -> None:
    x = np.array([0.1, 0.4, 0.35, 0.2, 0.3])
    mean, lo, hi, n = interval(x)
    ref = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (mean, n) == (pytest.approx(x.mean()), 5)
    assert (lo, hi) == (pytest.approx(ref[0]), pytest.approx(ref[1]))
    assert interval([np.nan, 2.0, 4.0])[3] == 2
    one = interval([3.0])
    assert one[0] == 3.0 and math.isnan(one[1]) and one[3] == 1
    assert math.isnan(interval([])[0])


def _frame(variant: str, world: str, rep: int, values: dict[str, list[float]]) -> pd.DataFrame:
    """Weeks 0..3 of one run; every metric 0 unless given (a list, one value per week)."""
    frame = pd.DataFrame({m: np.zeros(4) for m in metric_names()})
    frame["week"] = np.arange(4)
    for k, v in values.items():
        frame[k] = v
    frame.insert(0, "replication", rep)
    frame.insert(0, "world", world)
    frame.insert(0, "variant", variant)
    return frame


def test_effects_on_constructed_worlds() -> None:
    """Intake in week 1, a horizon at week 3; every estimand checked against hand values."""
    frames = []
    for rep, shift in ((0, 0.0), (1, 0.1)):
        prog = {"employment_rate_treatment": [np.nan, 0.5, 0.6, 0.8 + shift],
                "employment_rate_eligible": [np.nan, 0.5, 0.5, 0.6],
                "right_level_rate_treatment": [np.nan, 0.0, 0.2, 0.4],
                "participants": [0, 10, 10, 10], "unemployed": [100, 100, 98, 97],
                "right_level_jobs": [500, 500, 503, 506],
                "earnings_treatment": [np.nan, 1000, 2000, 3000],
                "earnings_total": [0, 0, 5200, 5200], "benefits_total": [0, 0, 100, 100]}
        twin = {"employment_rate_treatment": [np.nan, 0.5, 0.55, 0.6],
                "employment_rate_eligible": [np.nan, 0.5, 0.5, 0.62],
                "right_level_rate_treatment": [np.nan, 0.0, 0.1, 0.1],
                "participants": [0, 10, 10, 10], "unemployed": [100, 100, 99, 98],
                "right_level_jobs": [500, 500, 502, 504],
                "earnings_treatment": [np.nan, 1000, 1000, 1000],
                "earnings_total": [0, 0, 0, 0], "benefits_total": [0, 0, 200, 200]}
        frames += [_frame("base", "programme", rep, prog), _frame("base", "twin", rep, twin)]
    ts = pd.concat(frames, ignore_index=True)
    info = VariantInfo("base", intake=1, horizons=((0.5, 3),), has_programme=True, rct=False,
                       cost_per_participant=1000.0, labour_force=1000, tax_rate=0.28)
    e = effects_table(ts, {"base": info}, twin=True).set_index("estimand")
    assert e.loc["gross_employment", "mean"] == pytest.approx(0.25)  # (0.2 + 0.3) / 2
    assert e.loc["gross_jobs", "mean"] == pytest.approx(2.5)
    assert e.loc["net_jobs", "mean"] == pytest.approx(1.0)
    assert e.loc["net_jobs", "ci_low"] == e.loc["net_jobs", "ci_high"] == pytest.approx(1.0)
    assert e.loc["displacement_jobs", "mean"] == pytest.approx(1.0 - 2.5)
    assert e.loc["displacement_eligible", "mean"] == pytest.approx(-0.02)
    assert e.loc["gross_right_level", "mean"] == pytest.approx(0.3)
    assert e.loc["net_right_level_jobs", "mean"] == pytest.approx(2.0)
    assert e.loc["naive_employment", "mean"] == pytest.approx(0.25)
    assert e.loc["before_after_employment", "mean"] == pytest.approx(0.35)
    assert "rct_employment" not in e.index
    # Money: a week is 12/52 of a month of the monthly figures, weeks 2 and 3 summed.
    month = 12 / 52
    assert e.loc["gross_earnings", "mean"] == pytest.approx(2000)
    assert e.loc["earnings_gained", "mean"] == pytest.approx((1000 + 2000) * month)
    assert e.loc["net_earnings", "mean"] == pytest.approx(2 * 5200 * month)
    budget = 0.28 * 2 * 5200 * month + 2 * 100 * month - 10 * 1000
    assert e.loc["budget_effect", "mean"] == pytest.approx(budget)
    assert e.loc["benefit_cost_ratio", "mean"] == pytest.approx(2 * 5200 * month / 10_000)
    # Cost 10 participants × 1000 = 10,000; one net job → 10,000 per job, exact interval.
    assert e.loc["cost_per_net_job", "mean"] == pytest.approx(10_000)
    assert e.loc["cost_per_net_job", "ci_high"] == pytest.approx(10_000)
    # Gross jobs 2 and 3: interval straddles zero? No; it is positive but wide.
    gross = interval([2.0, 3.0])
    assert e.loc["cost_per_participant_job", "ci_low"] == pytest.approx(10_000 / gross[2])
    assert e.loc["cost_per_participant_job", "ci_high"] == math.inf  # gross[1] < 0
    summary = summary_table(ts, {"base": info})
    row = summary[(summary["world"] == "programme") & (summary["metric"] == "unemployed")
                  & (summary["horizon"] == 0.5)].iloc[0]
    assert (row["week"], row["mean"], row["n"]) == (3, 97.0, 2)


def test_naive_estimate_under_creaming_overstates_the_true_effect(tmp_path: Path) -> None:
    """Selecting the most job-ready makes participants look better than other eligible
    immigrants whatever the programme does: the naive estimate exceeds the truth.

    Tested per replication on the paired difference (naive minus true effect), with its
    95 % interval: the lower bound must be above zero. The in-silico RCT run alongside
    removes that bias: its error is smaller than the naive one in the same replications
    (with 40 people an arm, so that the RCT's own sampling error, about 0.1, is well
    below the naive bias, and 12 replications, enough to tell the two apart).
    """
    path = tmp_path / "creaming.yaml"
    path.write_text("""\
name: creaming
replications: 12
seed: 3
evaluation: rct
horizons_months: [6]
market:
  labour_force: 20000
programmes:
  - name: p
    capacity: 40
    application_probability: 1.0
    selection: readiness
variants:
  random:
    selection: random
""")
    result = hiresim.run_scenario(path, workers=1)
    e = result.effects.set_index(["variant", "estimand"])
    gap = {}
    for variant in ("base", "random"):
        ts = result.timeseries
        at = ts[(ts["variant"] == variant) & (ts["week"] == 30)]
        prog = at[at["world"] == "programme"].set_index("replication")
        twin = at[at["world"] == "twin"].set_index("replication")
        naive = prog["employment_rate_treatment"] - prog["employment_rate_eligible"]
        truth = prog["employment_rate_treatment"] - twin["employment_rate_treatment"]
        gap[variant] = (naive - truth).to_numpy()
        if variant == "base":
            rct = prog["employment_rate_treatment"] - prog["employment_rate_control"]
            assert e.loc[(variant, "rct_employment"), "mean"] == pytest.approx(rct.mean())
            rct_error = (rct - truth).abs().to_numpy()
        assert e.loc[(variant, "naive_employment"), "mean"] == pytest.approx(naive.mean())
        assert e.loc[(variant, "gross_employment"), "mean"] == pytest.approx(truth.mean())
        # The gap to the truth is reported with its paired interval.
        reported = e.loc[(variant, "bias_naive_employment"), ["mean", "ci_low", "ci_high", "n"]]
        np.testing.assert_allclose(reported.to_numpy(float), interval(gap[variant]),
                                   rtol=1e-12, atol=1e-15)
    assert interval(gap["base"])[1] > 0, gap
    assert interval(gap["base"] - rct_error)[1] > 0, (gap, rct_error)
    # Creaming biases the naive comparison more than random selection does (paired).
    assert interval(gap["base"] - gap["random"])[1] > 0, gap


def test_cost_per_job_keeps_its_mean_when_the_jobs_could_be_zero() -> None:
    from hiresim.outputs.formatting import fmt_effect

    inf, nan = float("inf"), float("nan")
    assert fmt_effect(400_000.0, 300_000.0, inf, "NOK") == \
        "400,000 NOK [300,000, no upper bound]"
    # With no jobs on average there is no cost per job, and the text says so.
    assert fmt_effect(nan, 300_000.0, inf, "NOK") == \
        "no jobs gained on average (from 300,000 NOK a job, if any)"
    assert fmt_effect(400_000.0, 300_000.0, 600_000.0, "NOK") == \
        "400,000 NOK [300,000, 600,000]"


def _near_the_bounds() -> tuple[pd.DataFrame, VariantInfo]:
    """Two replications of a rate near 100 %, a count near 0, an effect near +100 pp and
    a belief gap (no range): the t-interval with one degree of freedom (t = 12.7) reaches
    past every bound."""
    frames = []
    for rep, (rate, unemployed, gap) in enumerate(((1.0, 0, 0.01), (0.97, 2, -0.02))):
        prog = {"employment_rate_treatment": [np.nan, 0.0, 0.5, rate],
                "employment_rate_eligible": [np.nan, 0.5, 0.5, 0.5 + rep * 0.01],
                "participants": [0, 10, 10, 10], "unemployed": [9, 8, 5, unemployed],
                "belief_gap": [0.0, 0.0, 0.0, gap]}
        twin = {**prog, "employment_rate_treatment": [np.nan, 0.0, 0.0, 0.03 * rep],
                "unemployed": [9, 8, 7, 9]}
        frames += [_frame("base", "programme", rep, prog), _frame("base", "twin", rep, twin)]
    info = VariantInfo("base", intake=1, horizons=((0.5, 3),), has_programme=True, rct=False,
                       cost_per_participant=1000.0, labour_force=1000, tax_rate=0.28)
    return pd.concat(frames, ignore_index=True), info


def test_intervals_stay_in_the_range_of_their_quantity() -> None:
    from hiresim.pipeline.evaluation import effect_range, metric_range

    ts, info = _near_the_bounds()
    at = ts[(ts["week"] == 3)]
    prog = at[at["world"] == "programme"].set_index("replication")
    twin = at[at["world"] == "twin"].set_index("replication")
    # The case is one the plain t-interval gets wrong: past 100 %, below 0 persons, past
    # +100 pp.
    assert interval(prog["employment_rate_treatment"])[2] > 1
    assert interval(prog["unemployed"])[1] < 0
    gross = prog["employment_rate_treatment"] - twin["employment_rate_treatment"]
    assert interval(gross)[2] > 1
    summary = summary_table(ts, {"base": info})
    effects = effects_table(ts, {"base": info}, twin=True)
    checked = 0
    for table, key, range_of in ((summary, "metric", metric_range),
                                 (effects, "estimand", effect_range)):
        for _, r in table.iterrows():
            within = range_of(r[key])
            if within is None or not np.isfinite(r["ci_low"]):
                continue
            assert within[0] <= r["ci_low"] <= r["mean"] <= r["ci_high"] <= within[1], r
            checked += 1
    assert checked > 100
    row = summary[(summary["world"] == "programme") & (summary["horizon"] == 0.5)
                  ].set_index("metric")
    assert row.loc["employment_rate_treatment", "ci_high"] == 1.0
    assert row.loc["unemployed", "ci_low"] == 0.0
    assert effects.set_index("estimand").loc["gross_employment", "ci_high"] == 1.0


def test_clipping_changes_nothing_inside_the_range() -> None:
    """Bounds inside their range, and every bound of a quantity without a range (a
    belief gap, jobs), are bit for bit the plain t-interval's."""
    ts, info = _near_the_bounds()
    summary = summary_table(ts, {"base": info})
    effects = effects_table(ts, {"base": info}, twin=True).set_index("estimand")
    at = ts[(ts["week"] == 3)]
    prog = at[at["world"] == "programme"].set_index("replication")
    twin = at[at["world"] == "twin"].set_index("replication")
    s = summary[(summary["world"] == "programme") & (summary["horizon"] == 0.5)
                ].set_index("metric")
    plain = interval(prog["belief_gap"].to_numpy(float))
    assert tuple(s.loc["belief_gap", ["mean", "ci_low", "ci_high", "n"]]) == plain
    net = (twin["unemployed"] - prog["unemployed"]).to_numpy(float)
    assert tuple(effects.loc["net_jobs", ["mean", "ci_low", "ci_high", "n"]]) == interval(net)
    # A share whose interval lies inside [0, 1] keeps it exactly; a clipped one keeps
    # its bound on the other side.
    eligible = interval(prog["employment_rate_eligible"].to_numpy(float))
    assert eligible[1] > 0 and eligible[2] < 1
    assert tuple(s.loc["employment_rate_eligible", ["mean", "ci_low", "ci_high", "n"]]) \
        == eligible
    rate = interval(prog["employment_rate_treatment"].to_numpy(float))
    assert s.loc["employment_rate_treatment", "ci_low"] == rate[1]
