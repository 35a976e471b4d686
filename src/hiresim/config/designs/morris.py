"""Morris elementary-effects screening (Morris 1991; Campolongo et al. 2007).

Sampling (``SALib.sample.morris``) builds ``N`` one-at-a-time trajectories on a
``levels``-level grid of the unit hypercube, optionally the most spread
``optimal_trajectories`` out of them. Analysis (``SALib.analyze.morris``) gives μ (mean
effect), μ* (mean absolute effect, the importance ranking) with a bootstrap confidence
interval, and σ (interactions and non-linearity). Effects are per unit of the factor's
whole range, so factors of different units compare directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from .factors import Factor, points_table, problem
from .options import MorrisOptions as Options

__all__ = ["SAMPLES", "Options", "analyze", "points", "size"]

#: What the sample size counts.
SAMPLES: str | None = "trajectories"


def size(factors: Sequence[Factor], samples: int | None, options: dict[str, Any]) -> int:
    """Number of design points: (D+1) per trajectory kept."""
    kept = options.get("optimal_trajectories") or int(samples or 0)
    return int(kept) * (len(factors) + 1)


def points(factors: Sequence[Factor], samples: int | None, seed: int,
           options: dict[str, Any]) -> pd.DataFrame:
    """The trajectories' points, trajectory after trajectory."""
    unit = morris_sample.sample(
        problem(factors), int(samples or 0), num_levels=int(options.get("levels", 4)),
        optimal_trajectories=options.get("optimal_trajectories"), seed=int(seed))
    return points_table(factors, unit)


def analyze(factors: Sequence[Factor], unit: np.ndarray, outcome: np.ndarray,
            options: dict[str, Any], seed: int) -> dict[str, pd.DataFrame]:
    """μ, μ* (with confidence half-width) and σ per factor."""
    res = morris_analyze.analyze(
        problem(factors), np.asarray(unit, dtype=np.float64),
        np.asarray(outcome, dtype=np.float64),
        num_resamples=int(options.get("resamples", 1000)),
        conf_level=float(options.get("conf_level", 0.95)),
        num_levels=int(options.get("levels", 4)), seed=int(seed))
    return {"indices": pd.DataFrame({
        "factor": [f.name for f in factors], "mu": np.asarray(res["mu"], dtype=float),
        "mu_star": np.asarray(res["mu_star"], dtype=float),
        "mu_star_conf": np.asarray(res["mu_star_conf"], dtype=float),
        "sigma": np.asarray(res["sigma"], dtype=float)})}
