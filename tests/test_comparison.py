"""Which design is best: the rule that marks a design best in the report's comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from hiresim.outputs.comparison import ALPHA, best_design
from hiresim.pipeline.intervals import interval


def _designs(leads: dict[str, float], noise: np.ndarray) -> pd.DataFrame:
    """Paired values per replication: each design's lead plus the replications' shared
    noise and a little of its own (fixed, so the test is exact)."""
    rng = np.random.default_rng(5)
    return pd.DataFrame({name: lead + noise + rng.normal(0, 0.01, len(noise))
                         for name, lead in leads.items()})


def test_a_design_clearly_ahead_of_every_other_is_best() -> None:
    noise = np.random.default_rng(1).normal(0, 0.3, 8)  # large, but shared: paired
    values = _designs({"base": 0.0, "a": 0.02, "b": 0.10}, noise)
    assert best_design(values) == "b"
    # The shared noise cancels in the paired differences only: unpaired, b's interval
    # would overlap the others.
    assert interval(values["b"])[1] < values["a"].mean()


def test_no_design_is_best_when_two_lead_together() -> None:
    noise = np.random.default_rng(2).normal(0, 0.3, 8)
    values = _designs({"base": 0.0, "a": 0.10, "b": 0.10}, noise)
    assert values[["a", "b"]].mean().min() > 0.09  # both far ahead of the base
    assert best_design(values) is None
    assert best_design(values[["base"]]) is None  # one design: nothing to compare


def test_best_needs_every_comparison_together_not_each_alone() -> None:
    """A lead whose 95 % interval against each other design lies above zero, but not the
    Bonferroni interval at 1 − 5 %/(k − 1), is not marked: with k = 4 designs each
    difference needs the 1 − 0.05/3 interval above zero."""
    n = 6
    lead = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])  # mean 3.5, sd 1.87
    t95, tk = stats.t.ppf(0.975, n - 1), stats.t.ppf(1 - ALPHA / 3 / 2, n - 1)
    se = lead.std(ddof=1) / np.sqrt(n)
    # Between the two: the 95 % interval excludes zero, the adjusted one does not.
    shift = (t95 * se + tk * se) / 2 - lead.mean()
    values = pd.DataFrame({"base": np.zeros(n), "x": -np.ones(n) * 50, "y": -np.ones(n) * 50,
                           "z": lead + shift})
    diff = values["z"] - values["base"]
    assert interval(diff)[1] > 0 and interval(diff, 1 - ALPHA / 3)[1] < 0
    assert best_design(values) is None
    assert best_design(values[["base", "z"]]) == "z"  # k = 2: the 95 % interval decides
