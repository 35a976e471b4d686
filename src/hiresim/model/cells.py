"""Rows grouped by an integer cell key, for drawing a random row of a cell: vacancies by
field and level (`search`), by employer (referrals) or by field (`flows`).

`CellIndex` groups them with a counting sort (`_count_and_place`, a compiled loop whose
readable definition is `cell_index_reference`); compiled loops take it as `Cells` and
draw a row with `draw_in_cell`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .jit import njit


class Cells(NamedTuple):
    """Rows grouped by cell, as compiled loops take them (`CellIndex.cells`)."""

    order: np.ndarray
    count: np.ndarray
    start: np.ndarray


class CellIndex:
    """Rows grouped by an integer cell key, for drawing a random one per cell: the rows
    in a stable order by cell (``order``), and each cell's ``count`` and ``start`` in it."""

    def __init__(self, keys: np.ndarray, n_cells: int):
        keys = np.asarray(keys, np.int64)
        self.order = np.empty(keys.shape[0], np.int64)
        self.count = np.zeros(max(n_cells, int(keys.max(initial=-1)) + 1), np.int64)
        self.start = np.empty_like(self.count)
        _count_and_place(keys, self.order, self.count, self.start)

    def cells(self) -> Cells:
        return Cells(self.order, self.count, self.start)

    def packed(self) -> np.ndarray:
        """Each cell's start and count side by side (int32), for one memory access."""
        out = np.empty(2 * len(self.count), np.int32)
        out[0::2], out[1::2] = self.start, self.count
        return out

    @classmethod
    def empty(cls) -> CellIndex:
        return cls(np.zeros(0, np.int64), 1)


@njit
def _count_and_place(keys: np.ndarray, order: np.ndarray, count: np.ndarray,
                     start: np.ndarray) -> None:
    """A counting sort: each cell's rows (its ``count``, from ``start``) in row order,
    the same as a stable ``argsort`` of the keys in linear time."""
    for r in range(keys.shape[0]):
        count[keys[r]] += 1
    at = 0
    for c in range(count.shape[0]):
        start[c] = at
        at += count[c]
    for r in range(keys.shape[0]):  # start[c] runs ahead to the cell's end ...
        order[start[keys[r]]] = r
        start[keys[r]] += 1
    for c in range(count.shape[0]):  # ... and comes back
        start[c] -= count[c]


@njit(inline=True)
def draw_in_cell(cells: Cells, cell: int, u: float) -> int:
    """A random row of ``cell`` (the ``u``-quantile of its rows), or -1 if it has none.
    Without a branch, so ``cells.order`` must not be empty (there is an open vacancy)."""
    c = cells.count[cell]
    pick = cells.start[cell] + min(np.int64(u * c), max(c - 1, 0))
    row = cells.order[max(min(pick, cells.order.shape[0] - 1), 0)]
    return row if c > 0 else -1


def cell_index_reference(keys: np.ndarray, n_cells: int
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The readable definition of a `CellIndex` of ``keys`` (its ``order``, ``count`` and
    ``start``): a stable argsort and a bincount; `_count_and_place` computes the same in
    linear time."""
    count = np.bincount(keys, minlength=n_cells)
    return np.argsort(keys, kind="stable"), count, np.cumsum(count) - count
