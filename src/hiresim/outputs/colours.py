"""One colour per variant, the same in every figure of a report (the variant's place in
the scenario: the base first)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

__all__ = ["colour"]

_COLOURS = plt.get_cmap("tab10").colors


def colour(i: int) -> tuple:
    """The colour of the ``i``-th variant."""
    return _COLOURS[i % len(_COLOURS)]
