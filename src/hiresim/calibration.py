"""The calibration targets of the default labour market and the model's values (DESIGN §8).

`calibration_statistics` runs independent replications without programmes and measures,
over the second and third year: registered unemployment by group, the callback and offer
ratios of an in-model correspondence test (`audit.py`), and the share of majority hires
made through contacts. `hiresim calibrate` prints them beside the targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .audit import correspondence_test
from .model import HireModel
from .params import Params

#: (statistic, low, high, source) — the target bands.
TARGETS = (
    ("u_majority", 0.015, 0.017, "SSB/NAV 2019: registered unemployment without immigrant "
     "background"),
    ("u_immigrant", 0.050, 0.058, "SSB/NAV 2019: registered unemployment of immigrants"),
    ("callback_ratio", 1.20, 1.30, "Midtbøen 2016: about 25 % more callbacks for "
     "majority names"),
    ("offer_ratio", 1.30, 2.50, "Quillian, Lee & Oliver: offers more unequal than callbacks"),
    ("referral_share", 0.50, 0.65, "Granovetter; Rees: over half of jobs through contacts"),
)


@dataclass
class Calibration:
    """Per-replication values of each statistic."""

    values: dict[str, np.ndarray]

    def mean_and_se(self, name: str) -> tuple[float, float]:
        v = self.values[name]
        return float(v.mean()), float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else 0.0

    def within(self, name: str, low: float, high: float, k: float = 3.0) -> bool:
        """Whether the band [low, high] lies within ``k`` standard errors of the mean."""
        mean, se = self.mean_and_se(name)
        return low - k * se <= mean <= high + k * se


def calibration_statistics(params: Params | None = None, seeds: range = range(6),
                           weeks: int = 156, burn_in: int = 52) -> Calibration:
    """Measure the calibration statistics over replications (no programmes)."""
    base = params.model_copy(update={"programmes": []}) if params else None
    rows = []
    for seed in seeds:
        model = HireModel(base, rng=1000 + seed, agent_views=False,
                          **({} if base else {"programmes": []}))
        callbacks, offers = np.zeros(2), np.zeros(2)
        for week in range(1, weeks + 1):
            model.step()
            if week > burn_in:
                audit = correspondence_test(model.world)
                callbacks += audit.callbacks
                offers += audit.offers
        f = model.results().loc[burn_in + 1:]
        rows.append({
            "u_majority": f.unemployment_rate_majority.mean(),
            "u_immigrant": f.unemployment_rate_immigrant.mean(),
            "callback_ratio": callbacks[0] / callbacks[1],
            "offer_ratio": offers[0] / offers[1],
            "referral_share": f.referral_hires_majority.sum() / f.hires_majority.sum(),
        })
    return Calibration({k: np.array([r[k] for r in rows]) for k in rows[0]})
