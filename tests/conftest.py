"""Shared fixtures: small, fast labour markets."""

from __future__ import annotations

import pytest

from hiresim import HireModel


@pytest.fixture
def small_model() -> HireModel:
    """A 2,000-person market with one programme, seed 7."""
    return HireModel(rng=7, labour_force=2_000, capacity=20)
