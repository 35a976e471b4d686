"""Figures of a sweep: response curves, heat maps and sensitivity bar charts.

* ``response_<metric>_m<months>.png`` — one panel per factor (the most influential first,
  at most 12): the mean outcome at each level (or in each bin of a sampled range) over
  all other factors and replications, with a 95 % interval.
* ``heatmap_<metric>_m<months>_<a>_x_<b>.png`` — the mean outcome over two factors (every
  pair of a grid's factors, at most six pairs; the two most influential factors of a
  sampled design).
* ``sobol_<metric>_m<months>.png`` — S1 and ST with confidence intervals;
  ``morris_<metric>_m<months>.png`` — μ* with its interval, and μ* against σ.

Every figure carries its provenance (hiresim version, experiment, runs) in a footer.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..pipeline.atomic import write_figure
from ..pipeline.intervals import grouped_interval

if TYPE_CHECKING:
    from ..config.designs import Factor
    from .analysis import Analysis

MAX_PANELS = 12
MAX_PAIRS = 6
BINS = 8


def _levels(values: pd.Series, factor: Factor, bins: int) -> tuple[pd.Series, list, list]:
    """Group key per row, the groups' x positions and tick labels.

    Few distinct values (or categorical levels) are groups of their own; a sampled range
    is cut into ``bins`` quantile bins positioned at their mean value.
    """
    distinct = pd.unique(values)
    numeric = factor.kind != "levels" or all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in distinct)
    if factor.kind == "levels" or len(distinct) <= bins:
        order = list(factor.values) if factor.kind == "levels" else sorted(distinct)
        order = [v for v in order if v in set(distinct)]
        key = values.map({v: i for i, v in enumerate(order)})
        xs = [float(v) for v in order] if numeric else list(range(len(order)))  # ints: labels
        return key, xs, [_fmt(v) for v in order]
    key = pd.qcut(values.rank(method="first"), bins, labels=False)
    means = values.groupby(key).mean()
    return key, list(means.to_numpy()), [_fmt(v) for v in means.to_numpy()]


def _fmt(v: object) -> str:
    if isinstance(v, (float, np.floating)):
        return f"{v:.3g}"
    return str(v)


def _mean_ci(frame: pd.DataFrame, key: pd.Series, metric: str) -> pd.DataFrame:
    out = grouped_interval(frame[metric], key.to_numpy())
    out["half"] = out["ci_high"] - out["mean"]  # NaN for a single replication: no band
    return out


def _ranking(analysis: Analysis, metric: str, horizon: float) -> list[str]:
    """Factor names, the most influential first (design order without indices)."""
    names = [f.name for f in analysis.factors]
    table = analysis.indices.get("indices")
    if table is None:
        return names
    score = "ST" if analysis.design == "sobol" else "mu_star"
    rows = table[(table["metric"] == metric) & (table["horizon"] == horizon)]
    if rows.empty:
        return names
    ranked = rows.sort_values(score, ascending=False, kind="stable")["factor"].tolist()
    return ranked + [n for n in names if n not in ranked]


def _after(horizon: float) -> str:
    """``horizon`` months in words: "12 months after intake"."""
    return f"{horizon:g} month{'' if horizon == 1 else 's'} after intake"


def _footer(fig: Figure, label: str) -> None:
    """Provenance in the bottom margin, kept clear of the axes."""
    margin = 0.22 / fig.get_figheight()
    fig.get_layout_engine().set(rect=(0, margin, 1, 1 - margin))
    fig.text(0.01, 0.005, label, fontsize=7, color="0.4", ha="left", va="bottom")


def response_curves(analysis: Analysis, results: pd.DataFrame, metric: str, horizon: float,
                    label: str) -> Figure:
    """One panel per factor: mean outcome by level with a 95 % interval."""
    at = results[results["horizon"] == horizon].reset_index(drop=True)
    by_name = {f.name: f for f in analysis.factors}
    names = _ranking(analysis, metric, horizon)[:MAX_PANELS]
    cols = min(3, len(names))
    rows = int(np.ceil(len(names) / cols))
    fig = Figure(figsize=(4.2 * cols, 3.2 * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        key, xs, ticks = _levels(at[name], by_name[name], BINS)
        summary = _mean_ci(at, key, metric).reindex(range(len(xs)))
        ax.errorbar(xs, summary["mean"], yerr=summary["half"], marker="o", capsize=3)
        if not all(isinstance(x, float) for x in xs):  # categorical levels
            ax.set_xticks(xs, ticks, rotation=30 if len(ticks) > 4 else 0)
        ax.set_xlabel(name)
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"{metric} {_after(horizon)}: mean with 95% interval over the other factors "
                 "and replications", fontsize=10)
    _footer(fig, label)
    return fig


def heat_map(analysis: Analysis, results: pd.DataFrame, metric: str, horizon: float, a: str, b: str,
             label: str) -> Figure:
    """Mean outcome over two factors (levels or bins)."""
    at = results[results["horizon"] == horizon].reset_index(drop=True)
    by_name = {f.name: f for f in analysis.factors}
    ka, _, ta = _levels(at[a], by_name[a], 6)
    kb, _, tb = _levels(at[b], by_name[b], 6)
    grid = at[metric].groupby([kb.to_numpy(), ka.to_numpy()]).mean().unstack()
    grid = grid.reindex(index=range(len(tb)), columns=range(len(ta)))
    fig = Figure(figsize=(1.2 * len(ta) + 3.0, 0.7 * len(tb) + 2.4), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(ta)), ta)
    ax.set_yticks(range(len(tb)), tb)
    ax.set_xlabel(a)
    ax.set_ylabel(b)
    if grid.size <= 64:
        for (i, j), v in np.ndenumerate(grid.to_numpy()):
            if np.isfinite(v):  # dark text on the bright end of the colour map
                bright = image.norm(v) > 0.6
                ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=7,
                        color="k" if bright else "w")
    fig.colorbar(image, ax=ax, label=metric)
    ax.set_title(f"{metric} {_after(horizon)} (mean)", fontsize=10)
    _footer(fig, label)
    return fig


def sensitivity_bars(analysis: Analysis, metric: str, horizon: float, label: str) -> Figure | None:
    """Sobol' S1 and ST, or Morris μ* and σ, with confidence intervals."""
    table = analysis.indices.get("indices")
    if table is None:
        return None
    rows = table[(table["metric"] == metric) & (table["horizon"] == horizon)]
    if rows.empty:
        return None
    key = "ST" if analysis.design == "sobol" else "mu_star"
    rows = rows.sort_values(key, kind="stable")
    y = np.arange(len(rows))
    height = 0.3 * len(rows) + 1.6
    if analysis.design == "sobol":
        fig = Figure(figsize=(6.5, height), layout="constrained")
        ax = fig.subplots()
        ax.barh(y - 0.2, rows["S1"], 0.4, xerr=rows["S1_conf"], label="S1 (first order)",
                capsize=2)
        ax.barh(y + 0.2, rows["ST"], 0.4, xerr=rows["ST_conf"], label="ST (total)", capsize=2)
        ax.set_xlabel("Sobol' index (share of variance), 95% interval")
        ax.legend(loc="lower right", fontsize=8)
    else:
        fig = Figure(figsize=(11, height), layout="constrained")
        ax, ax2 = fig.subplots(1, 2)
        ax.barh(y, rows["mu_star"], xerr=rows["mu_star_conf"], capsize=2)
        ax.set_xlabel("μ* (mean |elementary effect| over the whole range), 95% interval")
        ax2.scatter(rows["mu_star"], rows["sigma"])
        for _, r in rows.iterrows():
            ax2.annotate(r["factor"], (r["mu_star"], r["sigma"]), fontsize=7)
        ax2.set_xlabel("μ*")
        ax2.set_ylabel("σ (interactions, non-linearity)")
        ax2.grid(alpha=0.3)
    ax.set_yticks(y, rows["factor"])
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"{metric} {_after(horizon)}", fontsize=10)
    _footer(fig, label)
    return fig


def _pairs(analysis: Analysis, metric: str, horizon: float) -> list[tuple[str, str]]:
    names = [f.name for f in analysis.factors]
    if len(names) < 2:
        return []
    if analysis.design == "grid":
        return list(itertools.combinations(names, 2))[:MAX_PAIRS]
    top = _ranking(analysis, metric, horizon)[:2]
    return [(top[0], top[1])]


def draw_all(analysis: Analysis, results: pd.DataFrame, folder: Path, label: str) -> list[Path]:
    """Every figure of the sweep, written to ``folder``; returns the files."""
    files = []
    for metric in analysis.metrics:
        for horizon in analysis.horizons:
            stem = f"{metric}_m{horizon:g}"
            fig = response_curves(analysis, results, metric, horizon, label)
            files.append(write_figure(folder / f"response_{stem}.png", fig, dpi=110))
            for a, b in _pairs(analysis, metric, horizon):
                fig = heat_map(analysis, results, metric, horizon, a, b, label)
                files.append(write_figure(folder / f"heatmap_{stem}_{a}_x_{b}.png", fig, dpi=110))
            fig = sensitivity_bars(analysis, metric, horizon, label)
            if fig is not None:
                files.append(write_figure(folder / f"{analysis.design}_{stem}.png", fig, dpi=110))
    return files
