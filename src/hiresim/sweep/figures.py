"""Figures of a sweep, one set per metric, every horizon in the same figure; values in the
units of the report (shares in per cent, effects on shares in percentage points).

* ``response`` — one panel per factor (the most influential first, at most six): the
  mean outcome at each level (or in each quantile bin of a sampled range) over all other
  factors and replications, with its 95 % interval, one line per horizon.
* ``heatmap`` — the mean outcome over two factors (every pair of a grid's first three
  factors; the two most influential factors of a sampled design), one panel per horizon
  and pair, each cell with its 95 % interval. The colour scale is centred (at 0 for an
  effect, at the mean over the cells for a level) and reaches as far as the farthest
  interval bound, so that differences within the noise stay pale; cells whose interval
  includes 0 are hatched.
* ``sobol`` / ``morris`` — S1 and ST with their bootstrap intervals, or μ* with its
  interval cut at 0 and σ, for the most influential factors, one panel per horizon.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .findings import after, cell_table, constant, level_table, ordered, ranking
from .labels import factor_label, measure

if TYPE_CHECKING:
    from .analysis import Analysis

MAX_PANELS = 6
MAX_BARS = 15
HATCH = "///"


def _footer(fig: Figure, label: str) -> None:
    """Provenance in the bottom margin, kept clear of the axes."""
    margin = 0.22 / fig.get_figheight()
    fig.get_layout_engine().set(rect=(0, margin, 1, 1 - margin))
    fig.text(0.01, 0.005, label, fontsize=7, color="0.4", ha="left", va="bottom")


def varying_horizons(analysis: Analysis, results: pd.DataFrame, metric: str) -> list[float]:
    """The horizons at which ``metric`` differs between runs (the others say nothing)."""
    return [h for h in analysis.horizons if constant(results, metric, h) is None]


def _order(analysis: Analysis, results: pd.DataFrame, metric: str, horizons: list[float]
           ) -> list[str]:
    """Factor names, the most influential at the last varying horizon first."""
    names = [f.name for f in analysis.factors]
    ranked = [i.factor for i in ranking(analysis, results, metric, horizons[-1])]
    return ranked + [n for n in names if n not in ranked]


def response_curves(analysis: Analysis, results: pd.DataFrame, metric: str, label: str
                    ) -> Figure | None:
    """One panel per factor: the mean outcome by level with a 95 % interval, one line
    per horizon."""
    horizons = varying_horizons(analysis, results, metric)
    if not horizons:
        return None
    shown = measure(metric)
    by_name = {f.name: f for f in analysis.factors}
    names = _order(analysis, results, metric, horizons)[:MAX_PANELS]
    cols = min(3, len(names))
    rows = int(np.ceil(len(names) / cols))
    fig = Figure(figsize=(4.4 * cols, 3.3 * rows + 0.9), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        factor = by_name[name]
        for k, horizon in enumerate(horizons):
            table = level_table(results, factor, metric, horizon)
            xs = np.asarray(table["x"], float)
            shift = 0.08 if not ordered(factor) else 0.01 * float(np.ptp(xs) or 1.0)
            xs = xs + (k - (len(horizons) - 1) / 2) * shift  # side by side, not on top
            style = "-" if ordered(factor) else "none"  # no line between categories
            half = (table["ci_high"] - table["mean"]) * shown.scale
            ax.errorbar(xs, table["mean"] * shown.scale, yerr=half, marker="o", capsize=3,
                        ls=style, label=after(horizon))
        if not ordered(factor):
            ax.set_xticks(table["x"], table["tick"],
                          rotation=30 if len(table) > 4 else 0)
        if shown.effect:
            ax.axhline(0, color="0.3", lw=0.8)
        ax.set_xlabel(factor_label(name))
        ax.set_ylabel(shown.unit)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    fig.suptitle(f"{shown.label}: mean with 95 % interval over the other factors and "
                 "replications", fontsize=10)
    _footer(fig, label)
    return fig


def _pairs(analysis: Analysis, results: pd.DataFrame, metric: str, horizons: list[float]
           ) -> list[tuple[str, str]]:
    names = [f.name for f in analysis.factors]
    if len(names) < 2:
        return []
    if analysis.design == "grid":
        return list(itertools.combinations(names[:3], 2))
    top = _order(analysis, results, metric, horizons)[:2]
    return [(top[0], top[1])]


def heat_cells(analysis: Analysis, results: pd.DataFrame, metric: str
               ) -> list[tuple[float, str, str, pd.DataFrame, list[str], list[str]]]:
    """The panels of a metric's heat map: (horizon, factor a, factor b, cells, ticks of a,
    ticks of b) for every varying horizon and pair."""
    horizons = varying_horizons(analysis, results, metric)
    by_name = {f.name: f for f in analysis.factors}
    return [(h, a, b, *cell_table(results, by_name[a], by_name[b], metric, h))
            for a, b in _pairs(analysis, results, metric, horizons) for h in horizons]


def heat_map(analysis: Analysis, results: pd.DataFrame, metric: str, label: str
             ) -> Figure | None:
    """The mean outcome over two factors, every horizon and pair on one colour scale;
    cells whose 95 % interval includes 0 are hatched (effects only)."""
    panels = heat_cells(analysis, results, metric)
    if not panels:
        return None
    shown = measure(metric)
    means = pd.concat([p[3]["mean"] for p in panels]) * shown.scale
    bounds = pd.concat([p[3][c] for p in panels for c in ("ci_low", "ci_high")]) * shown.scale
    centre = 0.0 if shown.effect else float(means.mean())
    reach = np.nanmax(np.abs(pd.concat([means, bounds]).to_numpy(float) - centre))
    reach = reach if np.isfinite(reach) and reach > 0 else 1.0
    cols = min(2, len(panels))  # two panels a row: cells large enough to read
    rows = int(np.ceil(len(panels) / cols))
    width = max(len(p[4]) for p in panels)
    height = max(len(p[5]) for p in panels)
    fig = Figure(figsize=(min(1.4 * width + 1.8, 7.0) * cols + 1.2,
                          (0.8 * height + 1.5) * rows + 0.9), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    image = None
    for ax, (horizon, a, b, cells, ta, tb) in zip(axes.flat, panels, strict=False):
        grid = np.full((len(tb), len(ta)), np.nan)
        grid[cells["ib"].astype(int), cells["ia"].astype(int)] = cells["mean"] * shown.scale
        image = ax.imshow(grid, origin="lower", aspect="auto", cmap="RdBu",
                          vmin=centre - reach, vmax=centre + reach)
        for _, c in cells.iterrows():
            j, i = int(c["ia"]), int(c["ib"])
            if len(cells) <= 49:
                text = shown.interval(c["mean"], c["ci_low"], c["ci_high"]).split(" (")[0]
                ax.text(j, i, text.replace(" [", "\n["), ha="center", va="center",
                        fontsize=8)
            if shown.effect and c["spans_zero"]:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch=HATCH,
                                       edgecolor="0.55", lw=0, gid="spans_zero"))
        ax.set_xticks(range(len(ta)), ta)
        ax.set_yticks(range(len(tb)), tb)
        ax.set_xlabel(factor_label(a))
        ax.set_ylabel(factor_label(b))
        ax.set_title(after(horizon), fontsize=9)
    centred = "0" if shown.effect else "the mean over the cells"
    fig.colorbar(image, ax=axes, label=f"{shown.unit} (colour centred at {centred})",
                 shrink=0.9)
    hatch = "; hatched: the 95 % interval includes 0" if shown.effect else ""
    fig.suptitle(f"{shown.label}: mean [95 % interval] in each cell{hatch}", fontsize=10)
    _footer(fig, label)
    return fig


def sensitivity_bars(analysis: Analysis, results: pd.DataFrame, metric: str, label: str
                     ) -> Figure | None:
    """Sobol' S1 and ST, or Morris μ* (interval cut at 0) and σ, one panel per horizon."""
    table = analysis.indices.get("indices")
    if table is None:
        return None
    rows_at = [(h, table[(table["metric"] == metric) & (table["horizon"] == h)])
               for h in analysis.horizons]
    rows_at = [(h, r) for h, r in rows_at if not r.empty]
    if not rows_at:
        return None
    shown = measure(metric)
    key = "ST" if analysis.design == "sobol" else "mu_star"
    n = min(MAX_BARS, max(len(r) for _, r in rows_at))
    fig = Figure(figsize=(6.2 * len(rows_at), 0.32 * n + 1.9), layout="constrained")
    axes = fig.subplots(1, len(rows_at), squeeze=False)[0]
    for ax, (horizon, rows) in zip(axes, rows_at, strict=True):
        rows = rows.sort_values(key, ascending=False, kind="stable").head(n)[::-1]
        y = np.arange(len(rows))
        if analysis.design == "sobol":
            ax.barh(y - 0.2, rows["S1"], 0.4, xerr=rows["S1_conf"], label="S1 (alone)",
                    capsize=2)
            ax.barh(y + 0.2, rows["ST"], 0.4, xerr=rows["ST_conf"],
                    label="ST (with interactions)", capsize=2)
            ax.set_xlabel("Sobol' index: share of the variance, 95 % bootstrap interval")
        else:
            s = shown.scale
            err = [(rows["mu_star"] - rows["mu_star_low"]) * s,
                   (rows["mu_star_high"] - rows["mu_star"]) * s]
            ax.barh(y, rows["mu_star"] * s, xerr=err, capsize=2,
                    label="μ*: mean |elementary effect| (95 % interval, cut at 0)")
            ax.scatter(rows["sigma"] * s, y, marker="D", color="C1", zorder=3,
                       label="σ: spread of the effects (interactions, curvature)")
            unit = "percentage points" if shown.short in ("%", "pp") else shown.unit
            ax.set_xlabel(f"change over the factor's whole range ({unit})")
        ax.set_yticks(y, [factor_label(f) for f in rows["factor"]], fontsize=8)
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(after(horizon), fontsize=9)
    axes[0].legend(loc="lower right", fontsize=7)
    more = f" (the {n} most influential; every factor in the CSV)" if n < len(
        rows_at[0][1]) else ""
    fig.suptitle(f"{shown.label}: sensitivity{more}", fontsize=10)
    _footer(fig, label)
    return fig


#: The figures of one metric, in the order the page shows them.
KINDS = (("response", response_curves), ("heatmap", heat_map), ("sensitivity", sensitivity_bars))


def metric_figures(analysis: Analysis, results: pd.DataFrame, metric: str, label: str
                   ) -> list[tuple[str, Figure]]:
    """(kind, figure) of every figure of ``metric`` that has something to show."""
    out = []
    for kind, draw in KINDS:
        fig = draw(analysis, results, metric, label)
        if fig is not None:
            out.append((analysis.design if kind == "sensitivity" else kind, fig))
    return out
