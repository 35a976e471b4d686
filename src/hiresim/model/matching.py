"""Matching of mentors and mentees (docs/model.md §7).

Match quality combines the three things the report names: same field, level fit and the
mentor's professional suitability, each in [0, 1], averaged. Rules: ``random``;
``field`` (same field where possible, the rest at random); ``optimal`` (the assignment
that maximises total quality, scipy's ``linear_sum_assignment``).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def match_quality(p_field: np.ndarray, p_level: np.ndarray, m_field: np.ndarray,
                  m_level: np.ndarray, m_suitability: np.ndarray) -> np.ndarray:
    """Quality of pairing participant(s) with mentor(s), broadcasting like numpy."""
    same = (p_field == m_field).astype(np.float64)
    fit = 1.0 - np.abs(p_level.astype(np.float64) - m_level) / 2.0
    return (same + fit + m_suitability) / 3.0


def match(rule: str, p_field: np.ndarray, p_level: np.ndarray, m_field: np.ndarray,
          m_level: np.ndarray, m_suitability: np.ndarray, u_p: np.ndarray, u_m: np.ndarray
          ) -> np.ndarray:
    """For each participant, the index of the mentor assigned (mentors >= participants)."""
    n_p, n_m = len(p_field), len(m_field)
    if n_p == 0:
        return np.zeros(0, np.int64)
    if n_m < n_p:
        raise ValueError("matching needs at least one mentor per participant")
    if rule == "random":
        return np.argsort(u_m, kind="stable")[:n_p]
    if rule == "field":
        out = np.full(n_p, -1, np.int64)
        p_order = np.lexsort((u_p, p_field))
        m_order = np.lexsort((u_m, m_field))
        for f in np.unique(p_field):
            ps = p_order[p_field[p_order] == f]
            ms = m_order[m_field[m_order] == f]
            k = min(len(ps), len(ms))
            out[ps[:k]] = ms[:k]
        free = np.setdiff1d(np.arange(n_m), out[out >= 0])
        free = free[np.argsort(u_m[free], kind="stable")]
        rest = np.flatnonzero(out < 0)
        rest = rest[np.argsort(u_p[rest], kind="stable")]
        out[rest] = free[: len(rest)]
        return out
    if rule == "optimal":
        q = match_quality(p_field[:, None], p_level[:, None], m_field[None, :],
                          m_level[None, :], m_suitability[None, :])
        rows, cols = linear_sum_assignment(q, maximize=True)
        out = np.empty(n_p, np.int64)
        out[rows] = cols
        return out
    raise ValueError(f"unknown matching rule {rule!r}")
