"""Registration with NAV (docs/model.md §3, step 1): people entering the labour force
register while they look for a first job with probability `entrant_registration_share`;
whoever has had a job since entering registers when out of work. Registered
unemployment counts the registered; unemployment counts everybody out of work."""

from __future__ import annotations

import numpy as np
import pytest

from hiresim import HireModel
from hiresim.model.metrics import POPULATIONS
from hiresim.model.tally import RESIDENCE

SHARE = 0.3


def _entrants(seed: int, weeks: int = 52) -> tuple[int, int, int, int]:
    """Over ``weeks``: entrants who did not come to a job and how many of them are
    registered; people who lost a job and how many of them are registered."""
    model = HireModel(rng=seed, labour_force=20_000, entrant_registration_share=SHARE,
                      agent_views=False)
    people = model.world.people
    entered = entered_registered = lost = lost_registered = 0
    for _ in range(weeks):
        leave = people.leave_week.copy()
        model.step()
        week = model.world.week
        new = (people.leave_week != leave) & (people.employer < 0)
        losers = (people.separated_week == week) & (people.leave_week == leave)
        losers &= people.employer < 0
        entered += int(new.sum())
        entered_registered += int((new & people.registered).sum())
        lost += int(losers.sum())
        lost_registered += int((losers & people.registered).sum())
    return entered, entered_registered, lost, lost_registered


def test_entrants_register_with_their_share_and_job_losers_always() -> None:
    """The share of entrants registered lies within 4 standard errors of
    `entrant_registration_share` (binomial, pooled over two seeds); everyone who lost a
    job is registered."""
    n = k = lost = lost_registered = 0
    for seed in (1, 2):
        a, b, c, d = _entrants(seed)
        n, k, lost, lost_registered = n + a, k + b, lost + c, lost_registered + d
    assert n > 500 and lost > 100
    se = np.sqrt(SHARE * (1 - SHARE) / n)
    assert abs(k / n - SHARE) < 4 * se
    assert lost_registered == lost


@pytest.mark.parametrize("share", [1.0, SHARE])
def test_registered_unemployment_counts_the_registered(share: float) -> None:
    """With everybody registering, registered unemployment is unemployment; with fewer,
    it is lower, and equals the registered unemployed counted from the state."""
    model = HireModel(rng=4, labour_force=10_000, entrant_registration_share=share,
                      agent_views=False)
    for _ in range(8):
        model.step()
    row = model.results().iloc[-1]
    people = model.world.people
    idle = people.employer < 0
    assert row.registered_unemployed == int((idle & people.registered).sum())
    for g in (*POPULATIONS, *RESIDENCE):
        registered, everybody = (row[f"registered_unemployment_rate_{g}"],
                                 row[f"unemployment_rate_{g}"])
        if share == 1.0:
            assert registered == everybody, g
        else:
            assert registered <= everybody, g
    if share < 1.0:
        assert row.registered_unemployed < row.unemployed
        assert (row.registered_unemployment_rate_settled_under_4
                < row.unemployment_rate_settled_under_4)
