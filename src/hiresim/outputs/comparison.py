"""Which design is best? Every variant against the base, for the report's answer.

`comparison` gives, at the headline horizon, one row per design (the base and each
variant with a programme) and one column per headline estimand (`COMPARED`): each
variant's effect minus the base's, paired by replication (`*_vs_base` in effects.csv),
with its 95 % interval. A design is marked best in a column only when it beats every
other design there with 95 % confidence for all comparisons together (`best_design`).
`comparison_figure.py` draws the same differences at every horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..config.scenario import BASE
from ..model.estimands import ESTIMANDS
from ..pipeline.evaluation import headline_horizon, interval, replication_effects
from .formatting import fmt_row
from .scenario_words import Change, scenario_in_words

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["ALPHA", "COMPARED", "Comparison", "best_design", "best_words", "compared",
           "comparison", "paired_values"]

#: The headline estimands compared with the base (more is better for each), with a
#: short heading.
COMPARED = {"gross_employment": "Participants' employment",
            "gross_right_level": "Participants at the right level",
            "net_jobs": "Net effect on total employment",
            "net_right_level_jobs": "Net effect on jobs at the right level"}
#: The chance, for all comparisons of one column together, of marking a design best
#: that is not.
ALPHA = 0.05


@dataclass(frozen=True)
class Cell:
    """A cell of the comparison: the difference from the base with its interval, and
    whether the design is the best in this column."""

    text: str
    best: bool = False


@dataclass(frozen=True)
class Design:
    """A row: the design's name, what it changes from the base, one cell per column."""

    name: str
    changes: list[Change]
    cells: list[Cell]


@dataclass(frozen=True)
class Comparison:
    """The designs against the base at one horizon."""

    horizon: float
    columns: list[tuple[str, str]]  # heading, the base's own effect
    designs: list[Design]
    best: dict[str, str | None]  # estimand: the best design, or None if none is clear


def _per_replication(result: ScenarioResult) -> dict[str, pd.DataFrame]:
    """Every estimand per replication and horizon (computed once per result)."""
    per = result.__dict__.get("_replication_effects")
    if per is None:
        per = result.__dict__["_replication_effects"] = replication_effects(
            result.timeseries, result.infos, result.scenario.twin)
    return per


def compared(result: ScenarioResult) -> list[str]:
    """The estimands of `COMPARED` that some variant has a difference from the base for
    (none with fewer than two designs or without twin worlds)."""
    e = result.effects
    present = set(e["estimand"]) if len(e) else set()
    return [est for est in COMPARED if f"{est}_vs_base" in present]


def paired_values(result: ScenarioResult, estimand: str, horizon: float) -> pd.DataFrame:
    """Each design's effect on ``estimand`` at ``horizon`` minus the base's, per
    replication: a column per design (the base: 0), a row per replication."""
    columns = {}
    for name, frame in _per_replication(result).items():
        col = f"{estimand}_vs_base"
        if col in frame:
            at = frame[frame["horizon"] == horizon].set_index("replication")[col]
            columns[name] = at.astype(float)
    if not columns:
        return pd.DataFrame()
    out = pd.DataFrame(columns)
    out.insert(0, BASE, 0.0)
    return out.sort_index()


def best_design(values: pd.DataFrame, alpha: float = ALPHA) -> str | None:
    """The design with the largest mean in ``values`` (a column per design, a row per
    replication), if its paired difference to every other design is above zero with
    confidence 1 − ``alpha`` for all comparisons together; else None.

    Each of the k − 1 differences gets a two-sided Student-t interval at level
    1 − alpha / (k − 1) (Bonferroni). A design marked best that is not has its interval
    against the truly best design wholly above zero, which happens with probability at
    most alpha / (2 (k − 1)) for each of the k − 1 other designs: at most alpha / 2 in
    all, whichever design leads.
    """
    values = values.dropna(axis=1, how="all")
    k = values.shape[1]
    if k < 2:
        return None
    leader = str(values.mean().idxmax())
    level = 1 - alpha / (k - 1)
    for other in values.columns:
        if other == leader:
            continue
        _, low, _, n = interval((values[leader] - values[other]).to_numpy(float), level)
        if not (n >= 2 and low > 0):
            return None
    return leader


def comparison(result: ScenarioResult) -> Comparison | None:
    """The designs against the base at the headline horizon, or None without variants
    to compare."""
    estimands = compared(result)
    h = headline_horizon(result.effects)
    if not estimands or h is None:
        return None
    e = result.effects[result.effects["horizon"] == h].set_index(["variant", "estimand"])
    changes = dict(scenario_in_words(result).variants)
    designs = [v for v in result.infos
               if v == BASE or (v, f"{estimands[0]}_vs_base") in e.index]
    best = {est: best_design(paired_values(result, est, h)) for est in estimands}
    columns = []
    for est in estimands:
        base = (BASE, est)
        own = fmt_row(e.loc[base]) if base in e.index else "no programme"
        unit = {"share": " (pp)", "persons": " (jobs)"}.get(ESTIMANDS[est].unit, "")
        columns.append((COMPARED[est] + unit, f"base: {own}"))
    rows = []
    for v in designs:
        cells = []
        for est in estimands:
            key = (v, f"{est}_vs_base")
            text = ("0 (reference)" if v == BASE
                    else fmt_row(e.loc[key]) if key in e.index else "–")
            cells.append(Cell(text, best[est] == v))
        rows.append(Design(v, [Change("", "the scenario as written")] if v == BASE
                           else changes.get(v, []), cells))
    return Comparison(h, columns, rows, best)


def best_words(c: Comparison) -> str:
    """Which design is best, in one sentence."""
    clear = [(COMPARED[est], v) for est, v in c.best.items() if v is not None]
    unclear = [COMPARED[est].lower() for est, v in c.best.items() if v is None]
    said = [f"{'the base' if v == BASE else v} on {label.lower()}" for label, v in clear]
    text = f"{c.horizon:g} months after intake, "
    if said:
        text += "the best design is " + "; ".join(said)
        if unclear:
            text += f". No design is clearly best on {_listed(unclear)}"
    else:
        text += f"no design is clearly best on {_listed(unclear)}"
    if unclear:
        text += (": the intervals of the differences between the designs overlap (more "
                 "replications narrow them)")
    return text + "."


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
