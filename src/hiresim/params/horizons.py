"""Reporting horizons: months after a programme's intake, and the weeks they fall in."""

from __future__ import annotations

from .schema import Params

WEEKS_PER_MONTH = 52 / 12


def horizon_week(months: float) -> int:
    """Weeks in ``months`` months (6 → 26, 12 → 52, 24 → 104)."""
    return round(months * WEEKS_PER_MONTH)


def intake_week(params: Params) -> int:
    """The first programme's intake week (0 without a programme)."""
    return min((p.start_week for p in params.programmes), default=0)


def horizon_weeks(params: Params, months: tuple[float, ...] | list[float],
                  weeks: int | None = None) -> tuple[tuple[float, int], ...]:
    """(months, week) of each horizon after ``params``' intake, those within ``weeks``
    (every one without ``weeks``)."""
    start = intake_week(params)
    return tuple((m, start + horizon_week(m)) for m in months
                 if weeks is None or start + horizon_week(m) <= weeks)
