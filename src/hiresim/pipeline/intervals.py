"""Means with 95 % Student-t intervals over replications: the one place they are computed.

A quantity that cannot leave a range (a share lies in [0, 1], a count is at least 0, a
difference of two shares lies in [−1, 1]) has its interval clipped to that range
(``within``): the t-interval of a mean of few values near a bound can otherwise reach
past it (a rate of 99 % with an interval up to 101.5 %). Clipping keeps the coverage of
the interval (the true value lies in the range, so the clipped interval holds it
whenever the t-interval does) and changes no bound already inside the range; a quantity
without a range (``within=None``) keeps the plain t-interval. `level_range` and
`difference_range` give the range of a quantity from its unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats

#: A closed range [low, high] a quantity cannot leave (either end may be infinite).
Range = tuple[float, float]

#: Units of the weekly metrics (`hiresim.model.metric_definitions`) that are never
#: negative: counts, flows, money levels, durations and ratios of such.
_NON_NEGATIVE = ("persons", "pairs", "employers", "vacancies", "meetings", "weeks",
                 "years", "NOK a month", "ratio")


def level_range(unit: str) -> Range | None:
    """The range of a level (a mean over people or a count) in ``unit``: [0, 1] for a
    share or a 0-1 scale, [0, ∞) for counts, money and ratios, None (no range) for
    anything else (a belief gap, for one, can have either sign)."""
    if unit == "share" or "(0-1)" in unit:
        return (0.0, 1.0)
    if unit.startswith(_NON_NEGATIVE):
        return (0.0, math.inf)
    return None


def difference_range(unit: str, terms: int = 1) -> Range | None:
    """The range of a difference of ``terms`` pairs of levels in ``unit``: [−1, 1] for
    one difference of shares or 0-1 skills, [−2, 2] for a difference of two such
    differences; None (no range) for differences of counts, money or gaps."""
    if unit == "skill" or level_range(unit) == (0.0, 1.0):
        return (-float(terms), float(terms))
    return None


def _clip(lo: float, hi: float, within: Range | None) -> tuple[float, float]:
    """``lo`` and ``hi`` clipped to ``within`` (NaN bounds stay NaN)."""
    if within is None:
        return lo, hi
    low, high = within
    return (low if lo < low else lo), (high if hi > high else hi)


def interval(values: Iterable[float], level: float = 0.95, within: Range | None = None
             ) -> tuple[float, float, float, int]:
    """Mean, lower and upper bound of the Student-t interval (clipped to ``within``),
    and n (NaNs left out)."""
    x = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(x.mean())
    if n == 1:
        return mean, float("nan"), float("nan"), 1
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return mean, *_clip(mean - half, mean + half, within), n


def grouped_interval(values: pd.Series, by: object, level: float = 0.95,
                     within: Range | None = None) -> pd.DataFrame:
    """Per group of ``values`` (grouped by ``by``): mean, sd, n, ci_low and ci_high
    (clipped to ``within``).

    A group with a single value has no interval (NaN bounds), never a zero-width one.
    """
    out = values.groupby(by, sort=True).agg(mean="mean", sd="std", n="count")
    tq = stats.t.ppf(0.5 + level / 2, np.maximum(out["n"] - 1, 1))
    half = (tq * out["sd"] / np.sqrt(out["n"].clip(lower=1))).where(out["n"] > 1)
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    if within is not None:
        out["ci_low"] = out["ci_low"].clip(lower=within[0])
        out["ci_high"] = out["ci_high"].clip(upper=within[1])
    return out


def welch_interval(a: Iterable[float], b: Iterable[float], level: float = 0.95,
                   within: Range | None = None) -> tuple[float, float, float]:
    """The difference of means ``b - a`` of two unpaired samples and its Welch interval
    (unequal variances, Welch-Satterthwaite degrees of freedom; clipped to ``within``);
    NaNs left out. Without two values on each side the bounds are NaN."""
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
    return diff, *_clip(diff - half, diff + half, within)
