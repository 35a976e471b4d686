"""The default labour market reproduces the calibration targets (DESIGN §8).

Targets: registered unemployment 1.5–1.7 % (majority) and 5.0–5.8 % (immigrants) (SSB
2019); a callback ratio of about 1.25 for equally qualified applicants (Midtbøen 2016);
offers more unequal than callbacks (Quillian, Lee & Oliver); over half of hires through
contacts (Granovetter; Rees). Each statistic is averaged over the second and third year
of six independent replications; a target band is met when it lies within three standard
errors of the replication mean.
"""

from __future__ import annotations

import numpy as np
import pytest

from hiresim.calibration import TARGETS, Calibration, calibration_statistics


@pytest.fixture(scope="module")
def stats() -> Calibration:
    return calibration_statistics()


@pytest.mark.parametrize(("name", "low", "high"),
                         [(n, lo, hi) for n, lo, hi, _ in TARGETS if n != "offer_ratio"])
def test_target_band_is_met(stats: Calibration, name: str, low: float, high: float) -> None:
    assert stats.within(name, low, high), (name, stats.values[name])


def test_offers_more_unequal_than_callbacks(stats: Calibration) -> None:
    diff = stats.values["offer_ratio"] - stats.values["callback_ratio"]
    assert diff.mean() > 3 * diff.std(ddof=1) / np.sqrt(len(diff)), diff
