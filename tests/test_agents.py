"""Mesa agents are views onto rows of the state arrays."""

from __future__ import annotations

import numpy as np

from hiresim import HireModel
from hiresim.model.agents import EmployerAgent, MentorAgent, SeekerAgent


def test_small_models_have_an_agent_per_seeker_and_employer() -> None:
    model = HireModel(rng=1, labour_force=800)
    by_type = model.agents_by_type
    assert len(by_type[SeekerAgent]) == 800
    assert len(by_type[EmployerAgent]) == model.world.employers.n


def test_large_models_create_agents_only_on_demand() -> None:
    model = HireModel(rng=1, labour_force=20_000)
    assert len(model.agents) == 0
    seeker = model.seeker(123)
    assert len(model.agents) == 1 and model.seeker(123) is seeker


def test_agent_reads_and_writes_its_row() -> None:
    model = HireModel(rng=1, labour_force=800)
    seeker = model.seeker(5)
    w = model.world
    assert seeker.formal == w.people.formal[5]
    seeker.formal = 0.25
    assert w.people.formal[5] == 0.25
    assert seeker.group in ("majority", "immigrant")
    assert seeker.employed == (w.people.employer[5] >= 0)
    assert seeker.contacts == [int(e) for e in w.people.contacts[5] if e >= 0]


def test_mentor_agents_appear_after_intake() -> None:
    model = HireModel(rng=1, labour_force=5_000, capacity=15, start_week=1,
                      application_probability=1.0)
    model.step()
    mentors = model.agents_by_type[MentorAgent]
    assert len(mentors) == model.world.mentors.n >= 15
    m = model.mentor(0)
    assert m.network[0] == m.employer


def test_stepping_one_seeker_runs_search_and_hiring_for_that_person() -> None:
    model = HireModel(rng=4, labour_force=3_000, agent_views=False, programmes=[])
    w = model.world
    unemployed = np.flatnonzero(w.people.employer < 0)
    hired = False
    for i in unemployed[:60]:
        model.seeker(int(i)).step()
        hired |= bool(w.people.employer[i] >= 0)
    assert hired  # some of them find a job on their own step
    assert w.counts.applications.sum() > 0
