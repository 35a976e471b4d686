"""Analysis of a finished sweep: summaries, sensitivity indices, figures and a page.

For every design point, metric and horizon (months after intake): the mean over
replications with a 95 % t-interval (``summary.csv``). For a Sobol' design, first-order
and total indices with bootstrap confidence half-widths (``sobol.csv``;
``sobol_second_order.csv`` when sampled); for a Morris design, μ, μ* with its confidence
half-width and its interval cut at 0 (``mu_star_low``, ``mu_star_high``: μ* is a mean of
absolute values and cannot be negative), and σ (``morris.csv``). The outcome of a point
is its mean over replications; replications share their seeds across points (common
random numbers), so a factor the model ignores gets indices of exactly 0.
``analysis.html`` (`hiresim.sweep.page`) shows it all with labelled figures and a short
text; with ``png`` the figures are also written as PNG files to ``figures/``.

From Python::

    from hiresim.sweep.sensitivity import analyze
    result = analyze("sweeps/programme_levers_sobol")
    result.page                 # sweeps/programme_levers_sobol/analysis.html
    result.indices["indices"]   # DataFrame: metric, horizon, factor, S1, S1_conf, ST, ST_conf
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config.designs import DESIGNS, Factor, unit_matrix
from ..pipeline.atomic import write_csv
from ..pipeline.intervals import grouped_interval
from .analysis import Analysis, AnalysisError
from .findings import after
from .labels import measure
from .store import load_results, read_plan


def summarise(results: pd.DataFrame, factors: list[str], metrics: list[str]) -> pd.DataFrame:
    """Mean, standard deviation, count and 95 % t-interval per point, horizon and metric
    (clipped to the range the metric cannot leave)."""
    long = results.melt(id_vars=["point", "horizon"], value_vars=metrics, var_name="metric")
    table = grouped_interval(long["value"],
                             [long["point"], long["horizon"], long["metric"]]).reset_index()
    values = results.drop_duplicates("point").set_index("point")[factors]
    table = table.join(values, on="point")
    for metric in metrics:  # each metric's intervals within the range it cannot leave
        within = measure(metric).within
        if within is not None:
            rows = table["metric"] == metric
            table.loc[rows, "ci_low"] = table.loc[rows, "ci_low"].clip(lower=within[0])
            table.loc[rows, "ci_high"] = table.loc[rows, "ci_high"].clip(upper=within[1])
    return table[["point", *factors, "horizon", "metric", "mean", "sd", "n", "ci_low",
                  "ci_high"]]


def point_outcomes(results: pd.DataFrame, metric: str, horizon: float, n_points: int
                   ) -> np.ndarray:
    """The outcome of each design point: the mean of ``metric`` at ``horizon`` (months
    after intake) over replications."""
    at = results[results["horizon"] == horizon]
    means = at.groupby("point", sort=True)[metric].mean()
    return means.reindex(range(n_points)).to_numpy(dtype=np.float64)


def sensitivity_indices(design: str, factors: list[Factor], points: pd.DataFrame,
                        results: pd.DataFrame, metrics: list[str], horizons: list[float],
                        options: dict[str, Any], seed: int
                        ) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Indices of a Sobol' or Morris design for every metric and horizon, and notes on the
    outcomes that could not be analysed."""
    module = DESIGNS[design]
    if module.analyze is None:
        return {}, []
    unit = unit_matrix(factors, points)
    tables: dict[str, list[pd.DataFrame]] = {}
    notes = []
    for metric in metrics:
        for horizon in horizons:
            y = point_outcomes(results, metric, horizon, len(points))
            at = f"{measure(metric).label} ({metric}), {after(horizon)}"
            if not np.isfinite(y).all():
                notes.append(f"{at}: undefined at {int((~np.isfinite(y)).sum())} points "
                             "(e.g. no participants); no indices")
                continue
            if np.ptp(y) == 0:
                notes.append(f"{at}: the same at every point; no indices")
                continue
            for name, frame in module.analyze(factors, unit, y, options, seed).items():
                if "mu_star_conf" in frame:
                    frame = with_mu_star_interval(frame)
                frame.insert(0, "horizon", horizon)
                frame.insert(0, "metric", metric)
                tables.setdefault(name, []).append(frame)
    return {k: pd.concat(v, ignore_index=True) for k, v in tables.items()}, notes


def with_mu_star_interval(frame: pd.DataFrame) -> pd.DataFrame:
    """Morris measures with the bounds of μ*'s interval (μ* ± its bootstrap half-width),
    the lower one cut at 0: μ* is a mean of absolute values."""
    out = frame.copy()
    out["mu_star_low"] = (out["mu_star"] - out["mu_star_conf"]).clip(lower=0.0)
    out["mu_star_high"] = out["mu_star"] + out["mu_star_conf"]
    return out


def analyze(directory: str | Path, out: str | Path | None = None, *, figures: bool = True,
            resamples: int | None = None, png: bool = False) -> Analysis:
    """Summaries and sensitivity indices (CSV) of the finished sweep in ``directory`` and,
    with ``figures``, ``analysis.html``; with ``png`` its figures also as PNG files.

    Without ``out`` the tables go to ``directory/analysis/`` and the page to
    ``directory/analysis.html``; with ``out`` both go to ``out``."""
    directory = Path(directory)
    plan, manifest = read_plan(directory)
    results = load_results(directory)
    exp = manifest["experiment"]
    design = exp["design"]
    factors = [Factor.from_description(d) for d in exp["factors"]]
    options = dict(exp.get("options") or {})
    if resamples is not None:
        if resamples < 1:
            raise AnalysisError(f"resamples: expected a positive number (given {resamples})")
        options["resamples"] = resamples
    page = (Path(out) if out is not None else directory) / "analysis.html"
    out = Path(out) if out is not None else directory / "analysis"
    names = [f.name for f in factors]
    summary = summarise(results, names, plan.metrics)
    analysis = Analysis(design, factors, plan.metrics, plan.horizons, summary)
    analysis.files.append(write_csv(out / "summary.csv", summary))
    indices, notes = sensitivity_indices(design, factors, plan.points, results, plan.metrics,
                                         plan.horizons, options, int(exp["seed"]))
    analysis.indices, analysis.notes = indices, notes
    for name, table in indices.items():
        file = f"{design}.csv" if name == "indices" else f"{design}_{name}.csv"
        analysis.files.append(write_csv(out / file, table))
    if figures:
        from .page import write_page

        analysis.page = write_page(analysis, results, manifest, page, out,
                                   out / "figures" if png else None)
        analysis.files.append(analysis.page)
    return analysis
