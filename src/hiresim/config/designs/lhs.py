"""Latin hypercube sample (McKay, Beckman & Conover 1979) with SALib's ``latin`` sampler."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from SALib.sample import latin

from .factors import Factor, points_table, problem
from .options import NoOptions as Options

__all__ = ["SAMPLES", "Options", "analyze", "points", "size"]

#: What the sample size counts.
SAMPLES: str | None = "points"

#: Sensitivity indices: none; a Latin hypercube is read through response curves.
analyze = None


def size(factors: Sequence[Factor], samples: int | None, options: dict[str, Any]) -> int:
    """Number of design points: the sample size."""
    return int(samples or 0)


def points(factors: Sequence[Factor], samples: int | None, seed: int,
           options: dict[str, Any]) -> pd.DataFrame:
    """``samples`` points, one per stratum of every factor's range."""
    unit = latin.sample(problem(factors), int(samples or 0), seed=int(seed))
    return points_table(factors, unit)
