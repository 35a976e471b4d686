"""Employers (docs/model.md §2): those of the model, with a size, a field, prior beliefs about
immigrants and a hiring standard (`build_employers`), and employers drawn in proportion
to size (`EmployerSampler`).
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Params
from .jit import njit
from .state import IMMIGRANT_ORIGINS, Employers
from .streams import Streams


class EmployerSampler:
    """Draws employers in proportion to size, optionally within a field.

    Inversion of the cumulative size distribution: the employer whose cumulative size
    first exceeds ``u`` times the total. A guide table (Chen & Asau 1974) gives, for each
    of ``GUIDE_PER_EMPLOYER`` × employers equal slices of the total, how many cumulative
    sizes lie at or below the slice's lower edge; the search then steps forward from
    there, about one step per draw, instead of a binary search of unpredictable branches.
    """

    GUIDE_PER_EMPLOYER = 2

    def __init__(self, employers: Employers, n_fields: int):
        order = np.argsort(employers.field, kind="stable")
        self._order = order
        w = employers.weight[order]
        self._cum = np.cumsum(w)
        f_sorted = employers.field[order]
        self._start = np.searchsorted(f_sorted, np.arange(n_fields), side="left")
        self._end = np.searchsorted(f_sorted, np.arange(n_fields), side="right")
        self._all_total = self._cum[-1]
        n_guide = self.GUIDE_PER_EMPLOYER * len(self._cum)
        self._scale = n_guide / self._all_total
        # Each slice's lower edge, lowered by far more than rounding can move a draw.
        edges = np.arange(n_guide) / self._scale * (1.0 - 1e-9)
        self._guide = np.searchsorted(self._cum, edges, side="right").astype(np.int32)
        #: Each field's share of all employment (employers' sizes summed by field).
        self.field_share = np.bincount(employers.field, employers.weight,
                                       n_fields) / self._all_total

    def draw(self, u: np.ndarray, field: np.ndarray | None = None) -> np.ndarray:
        """Employer indices for uniforms ``u``; within ``field`` where it has employers
        (a field of -1 means anywhere)."""
        u = np.ascontiguousarray(u, dtype=np.float64)
        out = np.empty(u.shape, np.int64)
        fields = _NO_FIELDS if field is None else np.ascontiguousarray(field, dtype=np.int64)
        _draw_employers(u.reshape(-1), fields.reshape(-1), self._start, self._end, self._cum,
                        self._all_total, self._guide, self._scale, self._order,
                        out.reshape(-1))
        return out


_NO_FIELDS = np.zeros(0, np.int64)


@njit
def _draw_employers(u: np.ndarray, field: np.ndarray, start: np.ndarray, end: np.ndarray,
                    cum: np.ndarray, total: float, guide: np.ndarray, scale: float,
                    order: np.ndarray, out: np.ndarray) -> None:
    """Inverse-CDF draws: ``pos`` = how many cumulative sizes lie at or below the target
    (numpy's ``searchsorted(side="right")``), kept within the field's employers. The
    target is computed exactly as the vectorised form ``lo + u·(hi − lo)`` would."""
    n = cum.shape[0]
    n_guide = guide.shape[0]
    by_field = field.shape[0] > 0
    for i in range(u.shape[0]):
        f = field[i] if by_field else -1
        within = f >= 0 and end[f] > start[f]
        first, last = 0, n - 1
        if within:
            first = start[f]
            lo = cum[first - 1] if first > 0 else 0.0
            x = lo + u[i] * (cum[end[f] - 1] - lo)
            last = end[f] - 1
        else:  # anywhere (also for a field without employers)
            x = u[i] * total
        b = min(max(int(x * scale), 0), n_guide - 1)
        pos = max(guide[b], first)
        while pos < n and cum[pos] <= x:
            pos += 1
        if within:
            pos = min(max(pos, first), last)
        out[i] = order[min(pos, n - 1)]


def build_employers(p: Params, streams: Streams) -> Employers:
    """Employers with lognormal sizes, a field each and prior beliefs about immigrants
    (the prevailing belief for each region of birth, and a spread across employers)."""
    n = max(1, round(p.labour_force / p.employer_size_mean))
    ids = np.arange(n)
    field = np.minimum((streams.uniform("employer_field", -1, ids) * p.n_fields), p.n_fields - 1)
    weight = np.exp(1.0 * streams.normal("employer_size", -1, ids))
    k = len(IMMIGRANT_ORIGINS)
    cells = ids[:, None] * k + np.arange(k)
    gap_f = np.asarray(p.prior_gap_formal) + p.prior_gap_sd * streams.normal(
        "employer_prior", -1, cells, 1)
    gap_i = np.asarray(p.prior_gap_informal) + p.prior_gap_sd * streams.normal(
        "employer_prior", -1, cells, 2)
    values = streams.uniform("employer_values", -1, ids) < p.values_cross_cultural_share
    shift = p.hiring_bar_sd * streams.normal("employer_standard", -1, ids)
    return Employers(
        field=field.astype(np.int32),
        weight=weight,
        gap_formal=gap_f,
        gap_informal=gap_i,
        norm_formal=gap_f.copy(),
        norm_informal=gap_i.copy(),
        standard_shift=shift,
        values_cross_cultural=values,
        exposed=np.zeros(n, bool),
        staff=np.zeros(n, np.int64),
        staff_immigrant=np.zeros(n, np.int64),
        credential_noise=np.tile(np.asarray(p.foreign_credential_noise, np.float64), (n, 1)),
        hosts=np.zeros(n, bool),
    )
