"""Shared fixtures: small, fast labour markets.

The default market runs `burn_in_years` (30) before week 0, which costs about fifteen
times a two-year run to build. Tests of mechanisms, outputs and the tools start from the
market as first drawn: for the session the default of ``burn_in_years`` is 0. Tests of
the default market as users get it (the calibration and its stationarity, the regression
baseline, the burn-in itself) set ``burn_in_years`` to `DEFAULT_BURN_IN_YEARS`, and tests
of the schema's defaults use the `schema_defaults` fixture. Runs in another process (the
command line) read the schema's own default: their scenarios say ``burn_in_years``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hiresim import HireModel
from hiresim.params.schema import Params

#: The schema's default of ``burn_in_years``, as users get it.
DEFAULT_BURN_IN_YEARS: float = Params.model_fields["burn_in_years"].default


def _set_default_burn_in(years: float) -> None:
    Params.model_fields["burn_in_years"].default = years
    Params.model_rebuild(force=True)


def pytest_configure(config: pytest.Config) -> None:
    _set_default_burn_in(0.0)


@pytest.fixture
def schema_defaults() -> Iterator[None]:
    """The schema's defaults as users get them (``burn_in_years`` included)."""
    _set_default_burn_in(DEFAULT_BURN_IN_YEARS)
    try:
        yield
    finally:
        _set_default_burn_in(0.0)


@pytest.fixture
def small_model() -> HireModel:
    """A 2,000-person market with one programme, seed 7."""
    return HireModel(rng=7, labour_force=2_000, capacity=20)
