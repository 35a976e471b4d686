"""Sobol' variance-based sensitivity: Saltelli's sampling scheme and Sobol' indices.

Sampling uses SALib's scrambled Sobol' sequence (``SALib.sample.sobol``): ``N(D+2)``
points, or ``N(2D+2)`` with second-order indices. Analysis (``SALib.analyze.sobol``)
gives first-order (S1) and total (ST) indices with bootstrap confidence intervals, and
S2 when second-order indices were sampled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from .factors import Factor, points_table, problem
from .options import SobolOptions as Options

__all__ = ["SAMPLES", "Options", "analyze", "points", "size"]

#: What the sample size counts.
SAMPLES: str | None = "base samples N (a power of two)"


def size(factors: Sequence[Factor], samples: int | None, options: dict[str, Any]) -> int:
    """Number of design points: N(D+2), or N(2D+2) with second-order indices."""
    d = len(factors)
    per = 2 * d + 2 if options.get("second_order", False) else d + 2
    return int(samples or 0) * per


def points(factors: Sequence[Factor], samples: int | None, seed: int,
           options: dict[str, Any]) -> pd.DataFrame:
    """Saltelli's cross-sampled matrices A, B and AB_i (BA_i), in SALib's row order."""
    unit = sobol_sample.sample(
        problem(factors), int(samples or 0),
        calc_second_order=bool(options.get("second_order", False)), scramble=True,
        seed=int(seed))
    return points_table(factors, unit)


def analyze(factors: Sequence[Factor], unit: np.ndarray, outcome: np.ndarray,
            options: dict[str, Any], seed: int) -> dict[str, pd.DataFrame]:
    """S1 and ST (with confidence half-widths) per factor; S2 per pair if sampled."""
    second = bool(options.get("second_order", False))
    res = sobol_analyze.analyze(
        problem(factors), np.asarray(outcome, dtype=np.float64), calc_second_order=second,
        num_resamples=int(options.get("resamples", 1000)),
        conf_level=float(options.get("conf_level", 0.95)), seed=int(seed))
    names = [f.name for f in factors]
    out = {"indices": pd.DataFrame({
        "factor": names, "S1": res["S1"], "S1_conf": res["S1_conf"],
        "ST": res["ST"], "ST_conf": res["ST_conf"]})}
    if second:
        rows = []
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                rows.append({"factor": names[i], "factor_2": names[j],
                             "S2": res["S2"][i, j], "S2_conf": res["S2_conf"][i, j]})
        out["second_order"] = pd.DataFrame(rows)
    return out
