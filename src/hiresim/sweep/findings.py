"""What a sweep's results say, as tables and sentences: outcomes by factor level, two-factor
cells, which factor matters most (with intervals), and the words of ``analysis.html``.

* **Levels** (`level_table`): the mean outcome at each level of a factor (or in each
  quantile bin of a sampled range), over the other factors and the replications, with a
  95 % t-interval.
* **Cells** (`cell_table`): the same over two factors; a cell whose interval includes 0
  is flagged (``spans_zero``).
* **Ranking** (`ranking`): each factor's influence with an interval. Sobol': the total
  index ST ± its bootstrap half-width. Morris: μ* with its bootstrap interval cut at 0
  (μ* is a mean of absolute values, it cannot be negative). A grid or a Latin hypercube:
  the difference between the last and the first level of an ordered factor (the highest
  and the lowest mean of a categorical one), in absolute value. In a grid the runs of the
  two levels pair up (the same values of the other factors, the same seeds) and the
  interval is the t-interval of the paired differences; in a Latin hypercube, whose
  points do not pair up, a Welch interval over the runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..pipeline.intervals import grouped_interval, interval, welch_interval
from .labels import Measure, factor_label, measure

if TYPE_CHECKING:
    from ..config.designs import Factor
    from .analysis import Analysis

BINS = 8


def after(horizon: float) -> str:
    """``horizon`` months in words: "12 months after intake"."""
    return f"{horizon:g} month{'' if horizon == 1 else 's'} after intake"


def _fmt(v: object) -> str:
    if isinstance(v, (float, np.floating)):
        return f"{v:.3g}"
    return str(v)


def ordered(factor: Factor) -> bool:
    """True for a factor whose levels have an order (a range, or numbers)."""
    return factor.kind != "levels" or all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
        for v in factor.values)


def levels(values: pd.Series, factor: Factor, bins: int = BINS
           ) -> tuple[pd.Series, list[float], list[str]]:
    """Group key per row, the groups' x positions and tick labels.

    Few distinct values (or categorical levels) are groups of their own; a sampled range
    is cut into ``bins`` quantile bins positioned at their mean value.
    """
    distinct = pd.unique(values)
    if factor.kind == "levels" or len(distinct) <= bins:
        order = list(factor.values) if factor.kind == "levels" else sorted(distinct)
        order = [v for v in order if v in set(distinct)]
        key = values.map({v: i for i, v in enumerate(order)})
        xs = [float(v) for v in order] if ordered(factor) else [float(i) for i in
                                                                  range(len(order))]
        return key, xs, [_fmt(v) for v in order]
    key = pd.qcut(values.rank(method="first"), bins, labels=False)
    means = values.groupby(key).mean()
    return key, [float(v) for v in means.to_numpy()], [_fmt(v) for v in means.to_numpy()]


def at_horizon(results: pd.DataFrame, horizon: float) -> pd.DataFrame:
    return results[results["horizon"] == horizon].reset_index(drop=True)


def level_table(results: pd.DataFrame, factor: Factor, metric: str, horizon: float
                ) -> pd.DataFrame:
    """Mean, sd, n and 95 % interval of ``metric`` per level of ``factor`` (columns x,
    tick), over the other factors and the replications."""
    at = at_horizon(results, horizon)
    key, xs, ticks = levels(at[factor.name], factor)
    out = grouped_interval(at[metric], key.to_numpy(), within=measure(metric).within
                           ).reindex(range(len(xs)))
    out["x"], out["tick"] = xs, ticks
    return out


def cell_table(results: pd.DataFrame, a: Factor, b: Factor, metric: str, horizon: float,
               bins: int = 6) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Mean and 95 % interval of ``metric`` in each cell of two factors (columns ia, ib:
    the level of ``a`` and ``b``), whether the interval includes 0 (``spans_zero``), and
    the tick labels of ``a`` and ``b``."""
    at = at_horizon(results, horizon)
    ka, _, ta = levels(at[a.name], a, bins)
    kb, _, tb = levels(at[b.name], b, bins)
    cells = grouped_interval(at[metric], [ka.to_numpy(), kb.to_numpy()],
                             within=measure(metric).within).reset_index()
    cells.columns = ["ia", "ib", *cells.columns[2:]]
    cells["spans_zero"] = (cells["ci_low"] <= 0) & (cells["ci_high"] >= 0)
    return cells, ta, tb


@dataclass(frozen=True)
class Influence:
    """How much one factor moves a metric at a horizon: a score with its interval (in
    the metric's stored unit for μ* and contrasts, a share of variance for Sobol')."""

    factor: str
    score: float
    low: float
    high: float
    words: str  # "ST 0.61 [0.52, 0.70]"


def paired_difference(at: pd.DataFrame, key: pd.Series, first: int, last: int,
                      others: list[str], metric: str) -> tuple[float, float, float] | None:
    """Level ``last`` minus level ``first`` of a grid factor, run by run: the runs with the
    same values of the ``others`` factors and the same replication share their seeds,
    so the differences are paired and their t-interval is free of the noise they share.
    None when the levels do not pair up (a sampled design)."""
    cols = [*others, "replication"]
    a = at[key.to_numpy() == first].set_index(cols)[metric]
    b = at[key.to_numpy() == last].set_index(cols)[metric]
    if not a.index.is_unique or not b.index.is_unique or len(a) != len(b) \
            or not a.index.sort_values().equals(b.index.sort_values()):
        return None
    diffs = (b - a.reindex(b.index)).to_numpy(float)
    mean, lo, hi, _ = interval(diffs)
    return mean, lo, hi


def _contrast(results: pd.DataFrame, factor: Factor, metric: str, horizon: float,
              shown: Measure, others: list[str]) -> Influence | None:
    at = at_horizon(results, horizon)
    key, _, ticks = levels(at[factor.name], factor)
    groups = {k: g.to_numpy(float) for k, g in at[metric].groupby(key.to_numpy())}
    if len(groups) < 2:
        return None
    if ordered(factor):
        first, last = min(groups), max(groups)
        how = f"from {ticks[first]} to {ticks[last]}"
    else:
        means = {k: np.nanmean(v) for k, v in groups.items()}
        first, last = min(means, key=means.get), max(means, key=means.get)
        how = f"{ticks[last]} rather than {ticks[first]}"
    paired = paired_difference(at, key, first, last, others, metric)
    diff, lo, hi = paired if paired is not None else welch_interval(groups[first],
                                                                    groups[last])
    if not np.isfinite(diff):
        return None
    effect = Measure(shown.name, shown.label, *_difference_unit(shown), True,
                     shown.definition)
    words = f"{how}: {effect.interval(diff, lo, hi)}"
    if not np.isfinite(lo):  # one run per level: no interval
        low, high = np.nan, np.nan
    elif lo > 0:
        low, high = lo, hi
    elif hi < 0:
        low, high = -hi, -lo
    else:
        low, high = 0.0, max(-lo, hi)
    return Influence(factor.name, abs(diff), low, high, words)


def _difference_unit(shown: Measure) -> tuple[str, str, float]:
    """The unit of a difference of ``shown``: percentage points for a share."""
    if shown.short == "%":
        return "percentage points", "pp", shown.scale
    return shown.unit, shown.short, shown.scale


def ranking(analysis: Analysis, results: pd.DataFrame, metric: str, horizon: float
            ) -> list[Influence]:
    """Every factor's influence on ``metric`` at ``horizon``, the largest first."""
    shown = measure(metric)
    table = analysis.indices.get("indices")
    out: list[Influence] = []
    if table is not None:
        rows = table[(table["metric"] == metric) & (table["horizon"] == horizon)]
        for _, r in rows.iterrows():
            if analysis.design == "sobol":
                out.append(Influence(r["factor"], r["ST"], r["ST"] - r["ST_conf"],
                                     r["ST"] + r["ST_conf"],
                                     f"ST {r['ST']:.2f} [{r['ST'] - r['ST_conf']:.2f}, "
                                     f"{r['ST'] + r['ST_conf']:.2f}]"))
            else:
                unit = Measure(metric, shown.label, *_difference_unit(shown), False,
                               shown.definition)
                out.append(Influence(r["factor"], r["mu_star"], r["mu_star_low"],
                                     r["mu_star_high"], "μ* " + unit.interval(
                                         r["mu_star"], r["mu_star_low"], r["mu_star_high"])))
    elif analysis.design in ("grid", "lhs"):
        for f in analysis.factors:
            others = [g.name for g in analysis.factors if g.name != f.name]
            found = _contrast(results, f, metric, horizon, shown, others)
            if found is not None:
                out.append(found)
    return sorted(out, key=lambda i: -i.score if np.isfinite(i.score) else np.inf)


def constant(results: pd.DataFrame, metric: str, horizon: float) -> float | None:
    """The value of ``metric`` at ``horizon`` when it is the same in every run (NaN when it
    is undefined in every run), else None."""
    values = at_horizon(results, horizon)[metric].to_numpy(float)
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return float("nan")
    return float(finite[0]) if np.ptp(finite) == 0 and len(finite) == len(values) else None


def sentence(analysis: Analysis, results: pd.DataFrame, metric: str, horizon: float,
             ranked: list[Influence] | None = None) -> str:
    """Which factor matters most for ``metric`` at ``horizon``, in one sentence; where
    the leading intervals overlap, it says so."""
    shown = measure(metric)
    when = after(horizon)
    same = constant(results, metric, horizon)
    if same is not None:
        if not np.isfinite(same):
            return f"{when}: undefined in every run (e.g. no mentor pairs left)."
        return (f"{when}: {shown.value(same, sign=False)} in every run, so no factor moves "
                "it (a programme's own activity is 0 once the programme has ended).")
    ranked = ranking(analysis, results, metric, horizon) if ranked is None else ranked
    if not ranked:
        return f"{when}: no factor could be assessed (see the notes)."
    top = ranked[0]
    name = factor_label(top.factor)
    if top.score == 0 and top.high == 0:
        return (f"{when}: no factor changes it at all; it differs only between "
                "replications.")
    if not np.isfinite(top.low) or top.low <= 0:
        return (f"{when}: no factor moves it clearly beyond the noise of the replications; "
                f"the largest is {name} ({top.words}), whose interval reaches 0.")
    tied = [i for i in ranked[1:] if np.isfinite(i.high) and i.high >= top.low]
    if tied:
        others = ", ".join(f"{factor_label(i.factor)} ({i.words})" for i in tied[:3])
        return (f"{when}: {name} ({top.words}) matters most, but its interval overlaps "
                f"that of {others}: their order is not established.")
    rest = f"; next: {factor_label(ranked[1].factor)} ({ranked[1].words})" \
        if len(ranked) > 1 else ""
    return f"{when}: {name} matters most ({top.words}){rest}."


def headline(analysis: Analysis, results: pd.DataFrame, metric: str) -> str:
    """The sentence at the last horizon where ``metric`` varies."""
    horizons = sorted(analysis.horizons, reverse=True)
    varying = [h for h in horizons if constant(results, metric, h) is None]
    return sentence(analysis, results, metric, (varying or horizons)[0])
