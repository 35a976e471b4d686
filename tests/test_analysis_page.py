"""``analysis.html`` of a tiny sweep: labels and units, intervals, hatched heat-map cells,
horizons at which a programme's own activity is over, and the words about overlaps.

The sweep: two levels of meeting frequency (none, thirty a month) crossed with three
matching rules in a 1,500-person market with a four-week programme, measured two weeks
after intake (the programme at work) and seven weeks after (over: no mentor pair is left,
by construction).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from hiresim.cli.main import main
from hiresim.config.experiment import load_experiment
from hiresim.model.estimands import ESTIMANDS
from hiresim.sweep.analysis import Analysis
from hiresim.sweep.figures import heat_map, response_curves
from hiresim.sweep.findings import sentence
from hiresim.sweep.runs import run_sweep
from hiresim.sweep.sensitivity import analyze, with_mu_star_interval

from .test_experiment import TINY_SCENARIO, write_experiment

SCENARIO = (TINY_SCENARIO.replace("evaluation: none", "evaluation: twin")
            .replace("application_probability: 1.0",
                     "application_probability: 1.0\n    duration_weeks: 4"))
METRICS = ["gross_informal", "net_jobs", "employment_rate_treatment", "dyads_active"]
EXPERIMENT = f"""\
    name: page
    description: Meeting frequency crossed with matching. A tiny market.
    scenario: tiny.yaml
    design: grid
    factors:
      meetings_per_month: {{values: [0, 30]}}
      matching: [random, field, optimal]
    replications: 4
    seed: 5
    metrics: [{", ".join(METRICS)}]
    horizons_months: [0.5, 1.5]
"""
SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("page")
    path = write_experiment(tmp, EXPERIMENT, scenario=SCENARIO)
    run_sweep(load_experiment(path), tmp / "sweep", workers=1, progress=False)
    return tmp / "sweep"


@pytest.fixture(scope="module")
def page(sweep: Path) -> tuple[Analysis, str]:
    result = analyze(sweep)
    assert result.page == sweep / "analysis.html"
    return result, result.page.read_text()


def _titles(text: str) -> list[str]:
    found = re.findall(r"<(h1|h2|h3|title|figcaption)>(.*?)</\1>", text, flags=re.S)
    return [html.unescape(t) for _, t in found]


def test_the_page_names_every_metric_with_its_label_and_unit(page: tuple[Analysis, str]
                                                             ) -> None:
    _, text = page
    titles = _titles(text)
    for name in ("gross_informal", "net_jobs"):
        assert ESTIMANDS[name].label in titles
    assert "Share of participants (the treated arm) in work" in titles
    assert "Mentor pairs that meet" in titles
    for unit in ("skill", "persons", "%", "pairs"):
        assert f"{unit} · " in html.unescape(text)
    assert not [t for t in titles if SNAKE.search(t)], titles
    assert "Meeting frequency crossed with matching" in titles  # the description


def test_figures_are_labelled_in_the_reports_units(sweep: Path, page: tuple[Analysis, str]
                                                   ) -> None:
    analysis, _ = page
    results = pd.read_parquet(sweep / "results.parquet")
    fig = response_curves(analysis, results, "employment_rate_treatment", "label")
    texts = [fig.get_suptitle()] + [t for ax in fig.axes for t in
                                    (ax.get_title(), ax.get_xlabel(), ax.get_ylabel())]
    assert not [t for t in texts if SNAKE.search(t)], texts
    assert "%" in {ax.get_ylabel() for ax in fig.axes}
    # the curves are in per cent: the plotted means are 100 times the stored shares
    line = fig.axes[0].lines[0]
    stored = results[results["horizon"] == 0.5]["employment_rate_treatment"]
    assert np.nanmax(line.get_ydata()) <= 100 * stored.max() + 1e-9
    assert np.nanmax(line.get_ydata()) > stored.max()  # not proportions


def test_intervals_are_on_the_page(page: tuple[Analysis, str]) -> None:
    _, text = page
    interval = r"[+-]?[\d,.]+ ?(pp|%|persons|skill|pairs)? \[-?[\d,.]+, -?[\d,.]+\]"
    sections = text.split("<h2>")[4:]  # one per metric, after the general sections
    assert len(sections) == len(METRICS)
    for section in sections[:3]:
        assert re.search(interval, section), section[:200]
    assert text.count("data:image/png;base64,") >= 2 * len(METRICS) - 1


def test_heat_map_hatches_exactly_the_cells_whose_interval_includes_zero(
        sweep: Path, page: tuple[Analysis, str]) -> None:
    """Each cell of a two-factor grid is a design point: its interval is the point's own
    t-interval in summary.csv."""
    analysis, _ = page
    results = pd.read_parquet(sweep / "results.parquet")
    summary = pd.read_csv(sweep / "analysis" / "summary.csv")
    fig = heat_map(analysis, results, "gross_informal", "label")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["0.5 months after intake",
                                                 "1.5 months after intake"]
    for ax, horizon in zip(panels, (0.5, 1.5), strict=True):
        rows = summary[(summary["metric"] == "gross_informal") & (summary["horizon"] == horizon)]
        spans = ((rows["ci_low"] <= 0) & (rows["ci_high"] >= 0)).to_numpy()
        hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
        assert len(hatched) == spans.sum()
        assert 0 < spans.sum() < len(rows)  # some cells do, some do not: a real test
        levels = {0: 0, 30: 1}
        match = {"random": 0, "field": 1, "optimal": 2}
        want = {(levels[int(r["meetings_per_month"])], match[r["matching"]])
                for _, r in rows[spans].iterrows()}
        got = {(round(p.get_x() + 0.5), round(p.get_y() + 0.5)) for p in hatched}
        assert got == want
    # the colour scale is centred at 0 for an effect
    image = panels[0].images[0]
    low, high = image.get_clim()
    assert low == pytest.approx(-high)


def test_activity_over_by_construction_is_said_not_plotted(sweep: Path,
                                                           page: tuple[Analysis, str]) -> None:
    analysis, text = page
    results = pd.read_parquet(sweep / "results.parquet")
    ended = results[results["horizon"] == 1.5]["dyads_active"]
    assert (ended == 0).all()  # the programme has ended by construction
    fig = response_curves(analysis, results, "dyads_active", "label")
    assert len(fig.axes[0].get_legend().get_texts()) == 1  # only the horizon that varies
    assert "1.5 months after intake: 0 pairs in every run" in html.unescape(text)


def test_mu_star_interval_is_cut_at_zero() -> None:
    frame = pd.DataFrame({"factor": ["a", "b"], "mu": [0.1, 2.0], "mu_star": [0.3, 2.0],
                          "mu_star_conf": [0.5, 0.5], "sigma": [0.4, 1.0]})
    out = with_mu_star_interval(frame)
    assert out["mu_star_low"].tolist() == [0.0, 1.5]
    assert out["mu_star_high"].tolist() == [0.8, 2.5]


def _sobol(st: list[float], conf: list[float]) -> tuple[Analysis, pd.DataFrame]:
    from hiresim.config.designs import Factor

    factors = [Factor("separation_rate", "real", 0.001, 0.03),
               Factor("meetings_per_month", "real", 0.5, 8.0)]
    indices = pd.DataFrame({"metric": "net_jobs", "horizon": 12.0,
                            "factor": ["separation_rate", "meetings_per_month"],
                            "S1": st, "S1_conf": conf, "ST": st, "ST_conf": conf})
    results = pd.DataFrame({"horizon": 12.0, "net_jobs": [1.0, 2.0, 3.0],
                            "separation_rate": [0.01, 0.02, 0.03],
                            "meetings_per_month": [1.0, 2.0, 3.0]})
    return Analysis("sobol", factors, ["net_jobs"], [12.0], pd.DataFrame(),
                    {"indices": indices}), results


def test_the_text_says_when_intervals_overlap() -> None:
    clear = sentence(*_sobol([0.7, 0.2], [0.1, 0.1]), "net_jobs", 12.0)
    assert "separation rate (per week) matters most (ST 0.70 [0.60, 0.80])" in clear
    assert "not established" not in clear
    close = sentence(*_sobol([0.5, 0.4], [0.1, 0.1]), "net_jobs", 12.0)
    assert "overlaps that of meetings per month" in close and "not established" in close
    noise = sentence(*_sobol([0.1, 0.05], [0.2, 0.2]), "net_jobs", 12.0)
    assert "no factor moves it clearly beyond the noise" in noise


def test_command_prints_the_page_and_a_headline_per_metric(
        sweep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sweep.parent / "elsewhere"
    assert main(["analyze", str(sweep), "--out", str(out), "--png"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"hiresim analyze: {out / 'analysis.html'}")
    assert len(printed) == 1 + len(METRICS)
    assert printed[1].startswith(f"- {ESTIMANDS['gross_informal'].label} (skill), ")
    pngs = sorted(p.name for p in (out / "figures").iterdir())
    assert "heatmap_gross_informal.png" in pngs and "response_net_jobs.png" in pngs
    assert len(pngs) <= 2 * len(METRICS)  # a response curve and a heat map per metric


def test_grid_contrasts_pair_runs_with_the_same_seeds(sweep: Path) -> None:
    """Meeting frequency 30 minus 0, matched on the matching rule and the replication."""
    from scipy import stats

    from hiresim.sweep.findings import at_horizon, levels, paired_difference

    results = pd.read_parquet(sweep / "results.parquet")
    at = at_horizon(results, 1.5)
    wide = at.pivot_table(index=["matching", "replication"], columns="meetings_per_month",
                          values="gross_informal")
    diffs = (wide[30.0] - wide[0.0]).to_numpy()
    half = stats.t.ppf(0.975, len(diffs) - 1) * diffs.std(ddof=1) / np.sqrt(len(diffs))
    analysis = analyze(sweep, figures=False)
    key, _, _ = levels(at["meetings_per_month"], analysis.factors[0])
    got = paired_difference(at, key, 0, 1, ["matching"], "gross_informal")
    assert got == pytest.approx((diffs.mean(), diffs.mean() - half, diffs.mean() + half))
    assert len(diffs) == 3 * 4  # every matching rule and replication


def test_units_follow_the_report() -> None:
    """Levels of shares in per cent, effects on shares in percentage points, from the
    definitions `hiresim metrics` prints."""
    from hiresim.sweep.labels import factor_label, measure

    level, effect = measure("employment_rate_majority"), measure("employment_rate_majority_effect")
    assert (level.unit, level.scale, level.effect) == ("%", 100.0, False)
    assert (effect.unit, effect.scale, effect.effect) == ("percentage points", 100.0, True)
    assert effect.value(0.0123) == "+1.2 pp" and level.value(0.5) == "50.0 %"
    assert measure("net_jobs").interval(-6.2, -12.2, -0.8) == "-6.2 persons [-12.2, -0.8]"
    assert measure("gross_earnings").unit == "NOK"
    assert factor_label("separation_rate") == "separation rate (per week)"
    assert factor_label("meetings_per_month") == "meetings per month"
    with pytest.raises(KeyError, match="hiresim metrics"):
        measure("no_such_metric")
