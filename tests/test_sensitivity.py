"""Sensitivity analysis: Sobol' indices and Morris measures on tiny designs, summaries and
figures (analysis.html itself: tests/test_analysis_page.py).

The tiny designs vary a parameter the model ignores (``cost_per_participant`` enters no
weekly metric) next to one that drives employment (``separation_rate``). Replications
share their seeds across points, so changing the ignored factor reproduces a point's
outcome exactly and its indices are zero up to rounding — a tolerance of 1e-12 is not
picked to pass but follows from common random numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hiresim.config.experiment import load_experiment
from hiresim.sweep.figures import heat_map
from hiresim.sweep.runs import run_sweep
from hiresim.sweep.sensitivity import analyze, summarise
from hiresim.sweep.store import SweepError

from .test_experiment import GRID, write_experiment

TINY_SA = """\
    name: {design}
    scenario: tiny.yaml
    design: {design}
    samples: {samples}
    options: {{resamples: 200}}
    factors:
      separation_rate: {{range: [0.001, 0.03]}}
      cost_per_participant: {{range: [1000, 90000]}}
      matching: [random, field, optimal]
    replications: 2
    seed: 9
    metrics: [employment_rate_majority, unemployed]
    horizons_months: [0.75, 1.5]
"""


def _sweep(tmp_path: Path, design: str, samples: int) -> Path:
    path = write_experiment(tmp_path, TINY_SA.format(design=design, samples=samples))
    run_sweep(load_experiment(path), tmp_path / design, workers=1, progress=False)
    return tmp_path / design


def test_sobol_indices_shape_and_an_ignored_factor(tmp_path: Path) -> None:
    result = analyze(_sweep(tmp_path, "sobol", 16), figures=False)
    table = result.indices["indices"]
    assert list(table.columns) == ["metric", "horizon", "factor", "S1", "S1_conf", "ST", "ST_conf"]
    assert len(table) == 2 * 2 * 3  # metrics x horizons x factors
    assert table.groupby(["metric", "horizon"])["factor"].apply(list).map(
        lambda f: f == ["separation_rate", "cost_per_participant", "matching"]).all()
    ignored = table[table["factor"] == "cost_per_participant"]
    assert np.abs(ignored[["S1", "ST", "S1_conf", "ST_conf"]].to_numpy()).max() < 1e-12
    driver = table[(table["factor"] == "separation_rate") & (table["horizon"] == 1.5)]
    assert (driver["ST"] - driver["ST_conf"] > 0).all()  # clearly above zero
    written = pd.read_csv(tmp_path / "sobol" / "analysis" / "sobol.csv")
    assert written.shape == table.shape


def test_morris_measures_shape_and_an_ignored_factor(tmp_path: Path) -> None:
    result = analyze(_sweep(tmp_path, "morris", 6), figures=False)
    table = result.indices["indices"]
    assert list(table.columns) == ["metric", "horizon", "factor", "mu", "mu_star",
                                   "mu_star_conf", "sigma", "mu_star_low", "mu_star_high"]
    assert (table["mu_star_low"] >= 0).all()  # μ* is a mean of absolute values
    np.testing.assert_array_equal(table["mu_star_low"],
                                  np.maximum(table["mu_star"] - table["mu_star_conf"], 0))
    np.testing.assert_array_equal(table["mu_star_high"],
                                  table["mu_star"] + table["mu_star_conf"])
    assert len(table) == 2 * 2 * 3
    ignored = table[table["factor"] == "cost_per_participant"]
    assert np.abs(ignored[["mu", "mu_star", "sigma"]].to_numpy()).max() < 1e-12
    driver = table[(table["factor"] == "separation_rate") & (table["horizon"] == 1.5)]
    assert (driver["mu_star"] - driver["mu_star_conf"] > 0).all()
    assert (tmp_path / "morris" / "analysis" / "morris.csv").exists()


def test_grid_summary_intervals_and_figures(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, GRID.replace("horizons_months: [0.75, 1.5]",
                                                   "horizons_months: [1.5]")
                            .replace("employment_rate_treatment, ", ""))
    exp = load_experiment(path)
    out = tmp_path / "grid"
    run_sweep(exp, out, workers=1, progress=False)
    result = analyze(out, png=True)
    summary = result.summary
    assert len(summary) == exp.n_points  # one metric, one horizon
    assert (summary["n"] == exp.replications).all()
    results = pd.read_parquet(out / "results.parquet")
    first = results[results["point"] == 0]["employment_rate_majority"]
    row = summary.iloc[0]
    assert row["mean"] == pytest.approx(first.mean())
    half = 12.706204736 * first.std() / np.sqrt(2)  # t(0.975, 1 df)
    assert row["ci_high"] == pytest.approx(min(row["mean"] + half, 1.0))  # a share: ≤ 1
    names = {p.name for p in result.files}
    assert names == {"summary.csv", "analysis.html", "response_employment_rate_majority.png",
                     "heatmap_employment_rate_majority.png"}  # one of each per metric
    assert result.page == out / "analysis.html"
    heat = heat_map(result, results, "employment_rate_majority", "provenance")
    assert len([ax for ax in heat.axes if ax.images]) == 3  # every pair of three factors
    for p in result.files:
        if p.suffix == ".png":
            assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "sobol" not in result.indices  # a grid has no indices


def test_summary_intervals_stay_in_the_range_of_each_metric() -> None:
    """Two replications of a rate near 1 give a t-interval past 100 %; the summary clips
    a share to [0, 1] and a count at 0, and leaves a quantity without a range alone."""
    results = pd.DataFrame({"point": [0, 0], "horizon": [12.0, 12.0], "f": [1.0, 1.0],
                            "employment_rate_majority": [0.99, 0.97],
                            "unemployed": [1.0, 5.0], "net_jobs": [-3.0, 9.0]})
    table = summarise(results, ["f"], ["employment_rate_majority", "unemployed", "net_jobs"]
                      ).set_index("metric")
    half = 12.706204736 * np.std([-3.0, 9.0], ddof=1) / np.sqrt(2)  # t(0.975, 1 df)
    assert table.loc["employment_rate_majority", "ci_high"] == 1.0
    assert table.loc["employment_rate_majority", "ci_low"] < 0.97
    assert table.loc["unemployed", "ci_low"] == 0.0
    assert table.loc["net_jobs", "ci_low"] == pytest.approx(3.0 - half)
    assert table.loc["net_jobs", "ci_high"] == pytest.approx(3.0 + half)


def test_analysis_of_an_unfinished_sweep_says_how_to_finish(tmp_path: Path) -> None:
    out = _sweep(tmp_path, "morris", 2)
    (out / "results.parquet").unlink()
    next(iter(sorted((out / "parts").iterdir()))).unlink()
    finish = r"not finished \(0 of 16 runs done\).*sweep .*exp.yaml --out .* --resume"
    with pytest.raises(SweepError, match=finish):
        analyze(out, figures=False)
