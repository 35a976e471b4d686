"""Effects of several result directories side by side (`compare`), with each one's
difference to the first and its 95 % interval, and what else differs between the runs.

When the runs used the same seeds, replication ``r`` of each shares its random numbers,
and a difference is paired replication by replication (common random numbers: far
tighter than either run's spread); otherwise it is a Welch interval of two unpaired
samples. The per-replication estimands come from each directory's time series, computed
by the code a run uses (`hiresim.pipeline.evaluation.replication_effects`). A cost per
job is a ratio of means, not a mean over replications: its difference has no interval.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..model.estimands import ESTIMANDS
from ..pipeline.intervals import Range, difference_range, interval, welch_interval
from .formatting import fmt_effect
from .results import Results, flat_parameters

__all__ = ["COLUMNS", "CompareError", "Comparison", "Side", "compare", "comparison_text"]

#: The columns of a comparison table, one row per result, estimand and horizon.
COLUMNS = ["estimand", "horizon", "unit", "result", "directory", "variant", "week", "mean",
           "ci_low", "ci_high", "n", "difference", "diff_ci_low", "diff_ci_high",
           "comparison"]
REFERENCE, PAIRED, UNPAIRED = "reference", "paired", "unpaired (Welch)"
RATIO = "no interval (a ratio of means)"
_SETTINGS = ("weeks", "replications", "seed", "evaluation", "horizons_months")


class CompareError(ValueError):
    """Results that cannot be compared; the message says why and what would do."""


@dataclass(frozen=True)
class Side:
    """One compared result: a label (A, B, ...), its directory and the variant compared
    (None: every variant the directories share)."""

    label: str
    results: Results
    variant: str | None = None

    @property
    def name(self) -> str:
        """The directory, with the variant if one was named."""
        d = str(self.results.directory)
        return f"{d}:{self.variant}" if self.variant else d


@dataclass
class Comparison:
    """The table (`COLUMNS`), whether differences are paired, and the differences in
    run settings and resolved parameters (name: one value per side, as JSON text)."""

    sides: list[Side]
    paired: bool
    pairing: str
    table: pd.DataFrame
    differences: dict[str, list[str]]
    notes: list[str] = field(default_factory=list)


def _variants(side: Side) -> list[str]:
    """The variants of a side that have effects, in the directory's order."""
    present = set(side.results.effects["variant"])
    return [v for v in side.results.manifest["scenario"]["params"] if v in present]


def _units(sides: Sequence[Side]) -> tuple[list[list[str]], list[str]]:
    """What is compared: one variant per side for each row group, and notes."""
    notes: list[str] = []
    for s in sides:
        if not _variants(s):
            raise CompareError(f"{s.results.directory}: has no effects (no variant of its "
                               "scenario has a programme); compare compares effects")
    if all(s.variant is None for s in sides):
        shared = [v for v in _variants(sides[0]) if all(v in _variants(s) for s in sides)]
        if not shared:
            raise CompareError("the directories share no variant with effects; name one "
                               "per directory as DIR:VARIANT")
        for s in sides:
            left = [v for v in _variants(s) if v not in shared]
            if left:
                notes.append(f"left out, not in every directory: {s.label} variant(s) "
                             f"{', '.join(left)}")
        return [[v] * len(sides) for v in shared], notes
    chosen = []
    for s in sides:
        variants = _variants(s)
        names = list(s.results.manifest["scenario"]["params"])
        if s.variant is not None and s.variant not in names:
            raise CompareError(f"{s.results.directory}: no variant {s.variant!r}; its "
                               f"variants: {', '.join(names)}")
        if s.variant is None and len(variants) != 1:
            raise CompareError(f"{s.results.directory}: has variants {', '.join(names)}; "
                               f"name one as {s.results.directory}:VARIANT")
        variant = s.variant or variants[0]
        if variant not in variants:
            raise CompareError(f"{s.results.directory}: variant {variant!r} has no "
                               "effects (it has no programme)")
        chosen.append(variant)
    return [chosen], notes


def _flat(side: Side, variants: list[str]) -> dict[str, Any]:
    """A side's run settings and its variants' resolved parameters, by name (prefixed by
    the variant when whole directories are compared)."""
    s = side.results.manifest["scenario"]
    out = {k: s.get(k) for k in _SETTINGS}
    prefix = side.variant is None and len(variants) > 1
    for v in variants:
        params = flat_parameters(s["params"][v])
        out |= {(f"{v}: {k}" if prefix else k): value for k, value in params.items()}
    return out


def _differences(sides: Sequence[Side], units: list[list[str]]) -> dict[str, list[str]]:
    """Every setting and parameter whose value is not the same on every side."""
    flats = [_flat(s, [u[i] for u in units]) for i, s in enumerate(sides)]
    names = list(dict.fromkeys(k for f in flats for k in f))
    out = {}
    for k in names:
        values = [json.dumps(f[k]) if k in f else "(none)" for f in flats]
        if len(set(values)) > 1:
            out[k] = values
    return out


def _replications(side: Side, variant: str, estimand: str, horizon: float) -> pd.Series:
    """One estimand's value in each replication, indexed by replication."""
    frame = side.results.per_replication.get(variant)
    if frame is None or estimand not in frame:
        return pd.Series(dtype=float)
    at = frame[frame["horizon"] == horizon]
    return at.set_index("replication")[estimand].astype(float)


def difference_of_effects_range(estimand: str) -> Range | None:
    """The range of one run's ``estimand`` less another's: [−2, 2] for effects on shares,
    [−4, 4] for their differences from the base (None: no range)."""
    e = ESTIMANDS[estimand]
    return difference_range(e.unit, 4 if e.family == "comparison" else 2)


def _difference(ref: tuple[Side, str], other: tuple[Side, str], estimand: str,
                horizon: float, means: tuple[float, float], paired: bool
                ) -> tuple[float, float, float, str]:
    """``other`` minus ``ref`` for one estimand and horizon, with its interval (within
    `difference_of_effects_range`)."""
    if ESTIMANDS[estimand].family == "cost":
        diff = means[1] - means[0] if all(math.isfinite(m) for m in means) else math.nan
        return diff, math.nan, math.nan, RATIO
    a = _replications(*ref, estimand, horizon)
    b = _replications(*other, estimand, horizon)
    if paired:
        both = pd.concat([a.rename("a"), b.rename("b")], axis=1, join="inner")
        within = difference_of_effects_range(estimand)
        mean, lo, hi, _ = interval((both["b"] - both["a"]).to_numpy(float), within=within)
        return mean, lo, hi, PAIRED
    return (*welch_interval(a.to_numpy(float), b.to_numpy(float),
                            within=difference_of_effects_range(estimand)), UNPAIRED)


def _pairing(sides: Sequence[Side]) -> tuple[bool, str]:
    seeds = [s.results.seeds for s in sides]
    if seeds[0] and all(s == seeds[0] for s in seeds):
        return True, (f"paired replication by replication (the same {len(seeds[0])} "
                      "seeds: common random numbers)")
    described = "; ".join(
        f"{s.label}: study seed {s.results.manifest['scenario'].get('seed')}, "
        f"{len(s.results.seeds)} replications" for s in sides)
    return False, f"unpaired (Welch intervals): the runs used different seeds ({described})"


def compare(sides: Sequence[Side], estimand: str = "") -> Comparison:
    """Compare the effects of ``sides`` (at least two) for every estimand and horizon
    they share (``estimand``: only names containing it): each side's mean and interval,
    and its difference to the first side with a paired or Welch 95 % interval.

    Raises `CompareError` when there is nothing to compare."""
    if len(sides) < 2:
        raise CompareError("compare needs at least two results")
    units, notes = _units(sides)
    paired, pairing = _pairing(sides)
    rows = []
    for unit in units:
        frames = []
        for s, v in zip(sides, unit, strict=True):
            e = s.results.effects
            e = e[(e["variant"] == v) & e["estimand"].str.contains(estimand, regex=False)]
            frames.append(e.set_index(["estimand", "horizon"]))
        keys = [k for k in frames[0].index if all(k in f.index for f in frames[1:])]
        for est, horizon in keys:
            ref = frames[0].loc[(est, horizon)]
            for i, (s, v, f) in enumerate(zip(sides, unit, frames, strict=True)):
                r = f.loc[(est, horizon)]
                diff: tuple[float, float, float, str] = (math.nan, math.nan, math.nan,
                                                         REFERENCE)
                if i > 0:
                    diff = _difference((sides[0], unit[0]), (s, v), est, horizon,
                                       (float(ref["mean"]), float(r["mean"])), paired)
                rows.append((est, horizon, r["unit"], s.label, str(s.results.directory), v,
                             int(r["week"]), r["mean"], r["ci_low"], r["ci_high"],
                             int(r["n"]), *diff))
    if not rows:
        raise CompareError("the results share no estimand and horizon"
                           + (f" matching {estimand!r}" if estimand else ""))
    table = pd.DataFrame(rows, columns=COLUMNS)
    versions = {s.results.version for s in sides}
    if len(versions) > 1:
        notes.append("the runs were made by different versions of hiresim: "
                     + ", ".join(f"{s.label} {s.results.version}" for s in sides))
    return Comparison(list(sides), paired, pairing, table, _differences(sides, units), notes)


def comparison_text(c: Comparison) -> str:
    """The comparison as text for the terminal: who is compared, how, what else differs,
    and one line per estimand and horizon."""
    lines = [f"hiresim compare: {len(c.sides)} results; differences to A, {c.pairing}"]
    lines += [f"  {s.label}  {s.name}" for s in c.sides]
    if c.differences:
        lines.append("The runs differ in these run settings and resolved parameters; a "
                     "difference of effects is due to all of them together (check that "
                     "nothing differs that you did not mean to compare):")
        width = max(len(k) for k in c.differences)
        for k, values in c.differences.items():
            shown = ", ".join(f"{s.label} {v}" for s, v in zip(c.sides, values, strict=True))
            lines.append(f"  {k:<{width}}  {shown}")
    else:
        lines.append("The runs have the same run settings and resolved parameters.")
    lines += [f"note: {n}" for n in c.notes]
    labels = [s.label for s in c.sides]
    head = ["estimand", "months", *labels, *[f"{x} − {labels[0]}" for x in labels[1:]]]
    body = []
    group_by = ["variant", "estimand", "horizon"] if c.sides[0].variant is None else [
        "estimand", "horizon"]
    t = c.table.assign(order=np.arange(len(c.table)))
    for key, g in t.groupby(group_by, sort=False):
        g = g.sort_values("order")
        est, horizon = key[-2], key[-1]
        unit = g["unit"].iloc[0]
        cells = [est if len(group_by) == 2 else f"{key[0]}: {est}", f"{horizon:g}"]
        cells += [fmt_effect(r.mean, r.ci_low, r.ci_high, unit) for r in g.itertuples()]
        cells += [fmt_effect(r.difference, r.diff_ci_low, r.diff_ci_high, unit)
                  for r in g.itertuples() if r.comparison != REFERENCE]
        body.append(cells)
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    lines.append("")
    for row in [head, *body]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                     .rstrip())
    lines.append("Means [95 % intervals]; shares in percentage points; costs per job have "
                 "no interval of their difference (a ratio of means).")
    return "\n".join(lines)
