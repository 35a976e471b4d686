"""Means with 95 % Student-t intervals over replications: the one place they are computed."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats


def interval(values: Iterable[float], level: float = 0.95) -> tuple[float, float, float, int]:
    """Mean, lower and upper bound of the Student-t interval, and n (NaNs left out)."""
    x = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(x.mean())
    if n == 1:
        return mean, float("nan"), float("nan"), 1
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half, n


def grouped_interval(values: pd.Series, by: object, level: float = 0.95) -> pd.DataFrame:
    """Per group of ``values`` (grouped by ``by``): mean, sd, n, ci_low and ci_high.

    A group with a single value has no interval (NaN bounds), never a zero-width one.
    """
    out = values.groupby(by, sort=True).agg(mean="mean", sd="std", n="count")
    tq = stats.t.ppf(0.5 + level / 2, np.maximum(out["n"] - 1, 1))
    half = (tq * out["sd"] / np.sqrt(out["n"].clip(lower=1))).where(out["n"] > 1)
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    return out


def welch_interval(a: Iterable[float], b: Iterable[float], level: float = 0.95
                   ) -> tuple[float, float, float]:
    """The difference of means ``b - a`` of two unpaired samples and its Welch interval
    (unequal variances, Welch-Satterthwaite degrees of freedom); NaNs left out. Without
    two values on each side the bounds are NaN."""
    x, y = (np.asarray(list(v) if not isinstance(v, np.ndarray) else v, float) for v in (a, b))
    x, y = x[np.isfinite(x)], y[np.isfinite(y)]
    if len(x) == 0 or len(y) == 0:
        return float("nan"), float("nan"), float("nan")
    diff = float(y.mean() - x.mean())
    if len(x) < 2 or len(y) < 2:
        return diff, float("nan"), float("nan")
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se2 = vx + vy
    if se2 == 0:
        return diff, diff, diff
    df = se2**2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1))
    half = float(stats.t.ppf(0.5 + level / 2, df) * np.sqrt(se2))
    return diff, diff - half, diff + half
