"""A search over the market's parameters for values that meet the calibration targets
(`hiresim calibrate --search`; docs/model.md §6).

A Latin hypercube of points over `DIMENSIONS` (each parameter's range from its
documentation); at each point one replication of three years measures every target as
`hiresim calibrate` does (`calibration.replication_statistics`), and the point is
scored by how many targets its values miss and by how far, in widths of each target's
band. This is
the first wave of history matching: it rules out the regions of the parameters where
the targets cannot be met together, and shows which targets keep missing wherever the
others are met. One replication is noisy, so confirm a point with `hiresim calibrate
--set ...` before taking it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from ..params.overrides import make_params
from ..params.schema import Params
from .calibration import TARGETS, WINDOW, replication_statistics
from .execution import executor

#: Seed of the one replication each point is measured with.
SEARCH_REPLICATION_SEED = 1000


@dataclass(frozen=True)
class Dimension:
    """One searched parameter (one element of a per-region one), with its range."""

    name: str
    low: float
    high: float
    index: int | None = None  # the element of a tuple-valued parameter

    @property
    def label(self) -> str:
        return self.name if self.index is None else f"{self.name}[{self.index}]"


#: The market parameters the search varies, over the ranges their documentation gives
#: (docs/parameters.md).
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("separation_rate", 0.0008, 0.0016),
    *(Dimension("immigrant_separation_multiplier", 1.0, 2.5, k) for k in range(4)),
    Dimension("applications_per_week", 0.5, 1.3),
    Dimension("standard_decline_weeks", 10.0, 16.0),
    Dimension("register_exit_rate", 0.002, 0.008),
    Dimension("introduction_job_share", 0.3, 0.8),
    Dimension("entrant_registration_share", 0.1, 0.6),
    Dimension("benefit_entitled_share", 0.35, 0.6),
    Dimension("benefit_search_intensity", 0.4, 0.8),
)


def search_points(base: Params, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` points of a Latin hypercube over `DIMENSIONS` (each range cut into ``n``
    strata, one point in each), as parameter overrides of ``base``."""
    unit = qmc.LatinHypercube(d=len(DIMENSIONS), seed=seed).random(n)
    points = []
    for row in unit:
        over: dict[str, Any] = {}
        for d, u in zip(DIMENSIONS, row, strict=True):
            value = d.low + float(u) * (d.high - d.low)
            if d.index is None:
                over[d.name] = value
            else:
                values = list(over.get(d.name, getattr(base, d.name)))
                values[d.index] = value
                over[d.name] = tuple(values)
        points.append(over)
    return points


def misses(values: dict[str, float]) -> dict[str, float]:
    """How far each target's value lies outside its band, in widths of the band (0 when
    inside; a value that could not be measured counts as a miss of 1)."""
    out = {}
    for t in TARGETS:
        v = values.get(t.name, np.nan)
        gap = max(t.low - v, v - t.high, 0.0) if np.isfinite(v) else t.high - t.low
        out[t.name] = gap / (t.high - t.low)
    return out


def calibration_search(base: Params, n: int, seed: int = 1,
                       workers: int | None = None) -> pd.DataFrame:
    """Measure ``n`` points of the search (`search_points`) on ``workers`` local workers:
    one row a point with its parameters, every statistic, the number of targets missed,
    the worst and the sum of the misses; the best first."""
    base = base.model_copy(update={"programmes": []})
    points = search_points(base, n, seed)
    params = [make_params(base, **p) for p in points]
    with executor(workers) as ex:
        stats = list(ex.map(replication_statistics, params,
                            [SEARCH_REPLICATION_SEED] * n, [3] * n, [WINDOW] * n))
    rows = []
    for p, s in zip(params, stats, strict=True):
        gaps = misses(s)
        row = {d.label: (getattr(p, d.name) if d.index is None
                         else getattr(p, d.name)[d.index]) for d in DIMENSIONS}
        row.update({k: s[k] for k in (t.name for t in TARGETS) if k in s})
        row["targets_missed"] = sum(g > 0 for g in gaps.values())
        row["worst"] = max(gaps, key=gaps.__getitem__)
        row["total_miss"] = sum(gaps.values())
        rows.append(row)
    return (pd.DataFrame(rows).sort_values(["targets_missed", "total_miss"])
            .reset_index(drop=True))
