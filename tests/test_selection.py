"""Recruitment and selection (DESIGN §4): programmes take in registered job seekers with
an immigrant background, and a share of places for people employed below their level;
the eligible apply with a probability; readiness does not reward having a job; the
intake's composition is an output."""

from __future__ import annotations

import numpy as np

from hiresim import HireModel, make_params
from hiresim.model.selection import Eligible, eligible, job_readiness
from hiresim.model.state import ARM_CONTROL, ARM_ELIGIBLE, ARM_TREATED


def at_intake(**programme: object) -> tuple[HireModel, Eligible]:
    """A model stepped to the end of its intake week (week 2), and who was eligible as
    that week's programme phase began (nobody changes state before it in week 2 but
    leavers, separations and newcomers, so this is measured at the end of week 1)."""
    p = make_params(labour_force=20_000, start_week=2, **programme)
    model = HireModel(p, rng=5, agent_views=False)
    model.step()
    pools = eligible(model.world)
    model.step()
    return model, pools


def test_places_go_to_job_seekers_and_a_share_to_the_underemployed() -> None:
    model, pools = at_intake(capacity=40, employed_share=0.25, application_probability=1.0,
                             evaluation="rct")
    people, intake = model.world.people, model.world.intake
    taken = np.flatnonzero(np.isin(people.arm, (ARM_TREATED, ARM_CONTROL)))
    assert len(taken) == intake.n == 80
    assert (people.origin[taken] > 0).all()
    # A quarter of the 80 places were kept for people employed below their level.
    assert intake.employed.sum() == 20
    assert (intake.weeks_unemployed[intake.employed] == 0).all()
    assert intake.weeks_unemployed[~intake.employed].mean() > 4
    m = model.metrics
    assert m["intake_size"] == 80 and m["intake_employed_share"] == 0.25
    shares = [m[f"intake_share_qualification_{q}"] for q in range(3)]
    np.testing.assert_allclose(sum(shares), 1.0)
    # The comparison group: job seekers not taken in, none of them in work at intake.
    rest = np.flatnonzero(people.arm == ARM_ELIGIBLE)
    in_work_before = (people.employer[rest] >= 0) & (people.hire_week[rest] < 2)
    assert len(rest) > 0 and not in_work_before.any()
    assert len(rest) + 60 >= len(pools.seekers)  # the job seekers not taken in


def test_only_applicants_are_taken_in() -> None:
    """With few applying, places stay empty: about the application probability times
    the job seekers (within four binomial standard deviations) are taken in."""
    share = 0.2
    model, pools = at_intake(capacity=500, employed_share=0.0, application_probability=share)
    seekers = len(pools.seekers)
    taken = model.world.intake.n
    sd = np.sqrt(seekers * share * (1 - share))
    assert abs(taken - share * seekers) < 4 * sd, (taken, seekers)


def test_readiness_does_not_favour_having_a_job() -> None:
    """The same person is as job-ready employed as out of work."""
    model = HireModel(rng=2, labour_force=5_000, programmes=[], agent_views=False)
    w = model.world
    persons = np.arange(200)
    before = job_readiness(w, persons)
    w.people.weeks_unemployed[persons] = 0
    w.people.employer[persons] = 0
    np.testing.assert_array_equal(job_readiness(w, persons), before)
