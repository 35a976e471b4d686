"""A factor of an experiment: one parameter varied over a range or a list of levels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

#: Points-table columns that hold a sampling design's unit coordinates.
UNIT_PREFIX = "unit:"

Kind = Literal["real", "integer", "levels"]


@dataclass(frozen=True)
class Factor:
    """One varied parameter.

    ``kind`` is ``real`` or ``integer`` for a range ``[low, high]`` (``log`` spaces it
    geometrically), or ``levels`` for an explicit list of values (numbers, booleans or
    the names of a categorical parameter). ``steps`` is the number of grid levels of a
    range.
    """

    name: str
    kind: Kind
    low: float | None = None
    high: float | None = None
    values: tuple[Any, ...] = ()
    steps: int | None = None
    log: bool = False

    def grid_levels(self) -> list[Any]:
        """The factor's levels in a full factorial grid."""
        if self.kind == "levels":
            return list(self.values)
        assert self.steps is not None and self.low is not None and self.high is not None
        u = np.linspace(0.0, 1.0, self.steps)
        if self.kind == "integer":
            span = np.linspace(self.low, self.high, self.steps)
            if self.log:
                span = np.geomspace(self.low, self.high, self.steps)
            return [int(v) for v in np.round(span)]
        return self.from_unit(u)

    def from_unit(self, u: np.ndarray) -> list[Any]:
        """Factor values for unit coordinates ``u`` in [0, 1].

        A real range maps linearly (or geometrically with ``log``). An integer range
        ``[low, high]`` is cut into ``high - low + 1`` equal bins of [0, 1), one per
        integer, and a list of ``k`` levels into ``k`` equal bins (u = 1 falls into the
        last bin), so every integer or level is equally likely under uniform sampling.
        """
        u = np.asarray(u, dtype=np.float64)
        if self.kind == "levels":
            k = len(self.values)
            idx = np.minimum(np.floor(u * k), k - 1).astype(np.int64)
            return [self.values[i] for i in idx]
        assert self.low is not None and self.high is not None
        if self.kind == "integer":
            lo, hi = int(self.low), int(self.high)
            if self.log:
                edges = np.exp(np.log(lo) + u * (np.log(hi + 1) - np.log(lo)))
                v = np.floor(edges)
            else:
                v = lo + np.floor(u * (hi - lo + 1))
            return [int(x) for x in np.clip(v, lo, hi)]
        if self.log:
            v = self.low * (self.high / self.low) ** u
        else:
            v = self.low + u * (self.high - self.low)
        return [float(x) for x in np.clip(v, self.low, self.high)]

    @classmethod
    def from_description(cls, d: dict[str, Any]) -> Factor:
        """The factor `describe` described (as stored in a sweep's manifest)."""
        return cls(d["name"], d["kind"], low=d.get("low"), high=d.get("high"),
                   values=tuple(d.get("values", ())), steps=d.get("steps"),
                   log=bool(d.get("log", False)))

    def describe(self) -> dict[str, Any]:
        """A plain description for manifests and reports."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == "levels":
            out["values"] = list(self.values)
        else:
            out.update(low=self.low, high=self.high, log=self.log)
            if self.steps is not None:
                out["steps"] = self.steps
        return out


def problem(factors: Sequence[Factor]) -> dict[str, Any]:
    """SALib's problem dictionary; every factor is sampled in [0, 1] (see `Factor.from_unit`)."""
    return {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [[0.0, 1.0]] * len(factors),
    }


def points_table(factors: Sequence[Factor], unit: np.ndarray) -> pd.DataFrame:
    """Points table of a sampling design: factor values and their unit coordinates."""
    unit = np.asarray(unit, dtype=np.float64).reshape(-1, len(factors))
    table = pd.DataFrame({f.name: f.from_unit(unit[:, j]) for j, f in enumerate(factors)})
    for j, f in enumerate(factors):
        table[UNIT_PREFIX + f.name] = unit[:, j]
    table.index.name = "point"
    return table


def unit_matrix(factors: Sequence[Factor], points: pd.DataFrame) -> np.ndarray:
    """The unit coordinates of a sampling design's points, in factor order."""
    return points[[UNIT_PREFIX + f.name for f in factors]].to_numpy(dtype=np.float64)
