"""``comparison.png``: a forest plot of every variant against the base.

One panel per headline estimand (`comparison.COMPARED`, a row of panels each) and
horizon (a column each): each variant's effect minus the base's, paired by replication,
with its 95 % interval; the vertical line at zero is the base. Variants keep the colours
they have in the other figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from ..model.estimands import ESTIMANDS
from .colours import colour
from .comparison import COMPARED, compared

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["comparison_figure"]

_UNITS = {"share": ("pp", 100.0), "persons": ("jobs", 1.0)}


def comparison_figure(result: ScenarioResult) -> plt.Figure | None:
    """The forest plot of the differences from the base (None without variants to
    compare)."""
    estimands = compared(result)
    if not estimands:
        return None
    e = result.effects
    e = e[e["estimand"].isin([f"{est}_vs_base" for est in estimands])]
    horizons = sorted(e["horizon"].unique())
    order = list(result.infos)
    variants = [v for v in order if v in set(e["variant"])]
    rows, cols = len(estimands), len(horizons)
    fig, axes = plt.subplots(rows, cols, figsize=(3.7 * cols + 1.2,
                                                  (0.32 * len(variants) + 1.05) * rows),
                             squeeze=False, sharey=True)
    for i, est in enumerate(estimands):
        unit, scale = _UNITS.get(ESTIMANDS[f"{est}_vs_base"].unit, ("", 1.0))
        sub = e[e["estimand"] == f"{est}_vs_base"].set_index(["variant", "horizon"])
        for j, h in enumerate(horizons):
            ax = axes[i][j]
            for y, v in enumerate(variants):
                if (v, h) not in sub.index:
                    continue
                r = sub.loc[(v, h)]
                c = colour(order.index(v))
                if np.isfinite(r["ci_low"]):
                    ax.plot([r["ci_low"] * scale, r["ci_high"] * scale], [y, y], color=c,
                            linewidth=1.8)
                ax.plot(r["mean"] * scale, y, "o", color=c, markersize=5)
            ax.axvline(0, color="0.3", linewidth=0.9)
            ax.set_yticks(np.arange(len(variants)))
            ax.set_yticklabels(variants, fontsize=8)
            ax.set_ylim(len(variants) - 0.5, -0.5)
            ax.set_title(f"{COMPARED[est]}, {h:g} months", fontsize=9)
            ax.set_xlabel(f"difference from the base ({unit})", fontsize=8)
            ax.tick_params(axis="x", labelsize=8)
            ax.grid(axis="x", alpha=0.3)
        lows = [ax.get_xlim()[0] for ax in axes[i]]
        highs = [ax.get_xlim()[1] for ax in axes[i]]
        for ax in axes[i]:  # one scale along each row, so horizons can be compared
            ax.set_xlim(min(lows), max(highs))
    fig.suptitle("Each variant against the base (the line at 0): its effect minus the "
                 "base's, paired by replication, with 95 % intervals", fontsize=10)
    fig.tight_layout()
    return fig
