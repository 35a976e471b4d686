"""Full factorial grid: every combination of the factors' levels (first factor slowest)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .factors import Factor
from .options import NoOptions as Options

__all__ = ["SAMPLES", "Options", "analyze", "points", "size"]

#: The sample size: none (a grid runs every combination of its levels).
SAMPLES: str | None = None

#: Sensitivity indices: none; a grid is read through response curves and heat maps.
analyze = None


def size(factors: Sequence[Factor], samples: int | None, options: dict[str, Any]) -> int:
    """Number of design points."""
    n = 1
    for f in factors:
        n *= len(f.grid_levels())
    return n


def points(factors: Sequence[Factor], samples: int | None, seed: int,
           options: dict[str, Any]) -> pd.DataFrame:
    """One row per combination of levels; the seed is not used (the grid is fixed)."""
    levels = [f.grid_levels() for f in factors]
    rows = list(itertools.product(*levels))
    table = pd.DataFrame(rows, columns=[f.name for f in factors])
    for f, lv in zip(factors, levels, strict=True):
        table[f.name] = pd.Series([r for r in table[f.name]], dtype=_dtype(lv))
    table.index.name = "point"
    return table


def _dtype(levels: list[Any]) -> str:
    if all(isinstance(v, bool) for v in levels):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in levels):
        return "int64"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in levels):
        return "float64"
    return "object"
