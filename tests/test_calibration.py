"""The default labour market reproduces the calibration targets (DESIGN §8).

Targets: registered unemployment 1.5–1.7 % (majority) and 5.0–5.8 % (immigrants) (SSB
2019); a callback ratio of about 1.25 for equally qualified applicants (Midtbøen 2016);
offers more unequal than callbacks (Quillian, Lee & Oliver); over half of hires through
contacts (Granovetter; Rees). Each statistic is averaged over the second and third year
of independent replications; a target band is met when it lies within three standard
errors of the replication mean.
"""

from __future__ import annotations

import numpy as np
import pytest

from hiresim import HireModel
from hiresim.audit import correspondence_test

REPS, BURN_IN, WEEKS = 6, 52, 156


@pytest.fixture(scope="module")
def stats() -> dict[str, np.ndarray]:
    rows = []
    for seed in range(REPS):
        model = HireModel(rng=1000 + seed, programmes=[])
        callbacks, offers = np.zeros(2), np.zeros(2)
        for week in range(1, WEEKS + 1):
            model.step()
            if week > BURN_IN:
                audit = correspondence_test(model.world)
                callbacks += audit.callbacks
                offers += audit.offers
        f = model.results().loc[BURN_IN + 1:]
        rows.append({
            "u_majority": f.unemployment_rate_majority.mean(),
            "u_immigrant": f.unemployment_rate_immigrant.mean(),
            "callback_ratio": callbacks[0] / callbacks[1],
            "offer_ratio": offers[0] / offers[1],
            "referral_share": f.referral_hires_majority.sum() / f.hires_majority.sum(),
        })
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}


def within(values: np.ndarray, low: float, high: float) -> bool:
    se = values.std(ddof=1) / np.sqrt(len(values))
    return low - 3 * se <= values.mean() <= high + 3 * se


def test_majority_unemployment(stats: dict) -> None:
    assert within(stats["u_majority"], 0.015, 0.017), stats["u_majority"]


def test_immigrant_unemployment(stats: dict) -> None:
    assert within(stats["u_immigrant"], 0.050, 0.058), stats["u_immigrant"]


def test_callback_ratio_for_equal_applicants(stats: dict) -> None:
    assert within(stats["callback_ratio"], 1.20, 1.30), stats["callback_ratio"]


def test_offers_more_unequal_than_callbacks(stats: dict) -> None:
    diff = stats["offer_ratio"] - stats["callback_ratio"]
    assert diff.mean() > 3 * diff.std(ddof=1) / np.sqrt(len(diff)), diff


def test_over_half_of_majority_hires_through_contacts(stats: dict) -> None:
    assert within(stats["referral_share"], 0.5, 0.65), stats["referral_share"]
