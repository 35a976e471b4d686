"""Entry to and exit from the labour force (DESIGN §3 step 1).

People leave at retirement, by emigrating or by leaving the register from unemployment,
and newcomers of the same region of birth take their places: the labour force and its
composition stay as they are, the rate of leaving is what the stationary age structure
implies, newcomers start unemployed with few contacts, a world and its twin get the same
newcomers where the programme changed nothing, and the people an evaluation follows stay.
"""

from __future__ import annotations

import numpy as np

from hiresim import HireModel, make_params
from hiresim.model import flows
from hiresim.model.hiring import hiring_round
from hiresim.model.newcomers import WEEKS_PER_YEAR
from hiresim.model.operations import left_by
from hiresim.model.search import Applications
from hiresim.model.separations import separate
from hiresim.model.simulate import twin_params
from hiresim.model.state import ARM_CONTROL, ARM_TREATED, WeekCounts


def test_the_majority_leaves_at_the_rate_of_a_stationary_age_structure() -> None:
    """Without emigration, a stationary majority leaves at one over the mean number of
    years between entry and retirement (the people of week 0 have stationary ages)."""
    weeks, seeds = 104, range(3)
    p = make_params(labour_force=20_000, programmes=[], immigrant_share=0.0,
                    register_exit_rate=0.0)
    span = p.retirement_age - np.dot(p.qualification_shares, p.entry_ages)
    leavers = []
    for seed in seeds:
        model = HireModel(p, rng=seed, agent_views=False)
        for _ in range(weeks):
            model.step()
        leavers.append(model.results()["entrants"].iloc[1:].sum())
    expected = p.labour_force * weeks / WEEKS_PER_YEAR / span
    total = float(np.sum(leavers))
    assert abs(total - len(seeds) * expected) < 4 * np.sqrt(len(seeds) * expected), (
        leavers, expected)


def test_nobody_works_past_retirement_and_newcomers_enter_at_entry_ages() -> None:
    model = HireModel(rng=2, labour_force=10_000, programmes=[], agent_views=False)
    people, p = model.world.people, model.params
    for _ in range(60):
        model.step()
    age = (model.week - people.birth_week) / WEEKS_PER_YEAR
    assert age.max() < p.retirement_age
    new = (people.separated_week > 0) & (people.origin == 0) & (
        model.week - people.separated_week < 5)
    years_in = (model.week - people.separated_week[new]) / WEEKS_PER_YEAR
    entry_age = np.asarray(p.entry_ages)[people.qualification[new]]
    newcomers = np.isclose(age[new] - years_in, entry_age, atol=0.02)
    assert newcomers.sum() >= 10  # school leavers are among the recently unemployed


def test_newcomers_start_unemployed_with_few_contacts_or_come_to_a_job() -> None:
    """Newcomers start unemployed, except labour migrants, who take an open vacancy in
    their field (one each); everyone brings fewer contacts than the people in place."""
    model = HireModel(rng=4, labour_force=20_000, programmes=[], agent_views=False)
    people = model.world.people
    contacts_before = (people.contacts >= 0).sum(axis=1).mean()
    leaving = np.flatnonzero(people.leave_week == 1)
    assert len(leaving) > 0
    model.step()
    came_to_job = people.employer[leaving] >= 0
    assert model.world.counts.arrival_hires == came_to_job.sum() > 0
    # Only immigrants who come to a job, in their own field, at a job that started now.
    rows = leaving[came_to_job]
    assert (people.origin[rows] > 0).all() and (people.hire_week[rows] == 1).all()
    assert (model.world.employers.field[people.employer[rows]] == people.field[rows]).all()
    idle = leaving[~came_to_job]
    assert (people.weeks_unemployed[idle] == 1).all()  # out of work since this week
    held = (people.contacts[leaving] >= 0).sum(axis=1)
    imm = people.origin[leaving] > 0
    assert held.mean() < contacts_before
    # Immigrants bring a Poisson number, labour migrants one more: the job that drew them.
    brought = model.params.contacts_per_person[1] + 1
    assert held[imm].mean() <= brought + 4 * np.sqrt(brought / max(imm.sum(), 1))


def test_labour_migrants_take_the_job_that_drew_them_at_any_level() -> None:
    """The job a labour migrant comes to is drawn among the vacancies in the migrant's
    field whatever the migrant's education: the graduates' jobs are no higher, on
    average, than those of migrants with upper secondary school (within 3 standard
    errors), and many graduates start below their level."""
    model = HireModel(rng=5, labour_force=50_000, programmes=[], agent_views=False)
    people = model.world.people
    levels: dict[int, list[int]] = {0: [], 2: []}
    for week in range(1, 131):
        leaving = np.flatnonzero(people.leave_week == week)
        model.step()
        rows = leaving[people.employer[leaving] >= 0]
        for q in levels:
            levels[q] += people.level[rows[people.qualification[rows] == q]].tolist()
    low, high = (np.asarray(levels[q], np.float64) for q in (0, 2))
    assert len(low) > 30 and len(high) > 30, (len(low), len(high))
    se = np.sqrt(low.var(ddof=1) / len(low) + high.var(ddof=1) / len(high))
    assert abs(high.mean() - low.mean()) < 3 * se, (high.mean(), low.mean(), se)
    assert (high < 2).mean() > 0.3


def test_nobody_is_hired_back_into_the_vacancy_left_by_their_own_job() -> None:
    """The replacement vacancy of a job that ended is not open to the person whose job it
    was, even through a referral and with no hiring standard; anybody else gets it."""
    model = HireModel(rng=8, labour_force=5_000, programmes=[], agent_views=False,
                      hiring_bar=(0.0, 0.0, 0.0))
    w = model.world
    w.week += 1
    w.counts = WeekCounts()
    leaver, other = np.flatnonzero(w.people.employer >= 0)[:2]
    separate(w, np.array([leaver]))
    own = np.flatnonzero(left_by(w.vacancies, np.arange(w.vacancies.n)) == leaver)
    assert len(own) == 1
    for person, hired in ((leaver, False), (other, True)):
        apps = Applications(np.array([person]), own, np.array([True]))
        filled = hiring_round(w, apps)
        assert (len(filled) == 1) is hired


def test_a_twin_world_gets_the_same_newcomers() -> None:
    """Retirement and emigration do not depend on the programme: the twin shares every
    newcomer and every newcomer's draws (common random numbers). Leaving the register
    does (only the unemployed leave it), so it is off here."""
    p = make_params(labour_force=8_000, capacity=200, start_week=2, emigration_rates=0.2,
                    register_exit_rate=0.0)
    worlds = [HireModel(params, rng=6, agent_views=False)
              for params in (p, twin_params(p))]
    for _ in range(40):
        for model in worlds:
            model.step()
    a, b = (model.world.people for model in worlds)
    for name in ("origin", "birth_week", "arrival_week", "leave_week", "refugee", "field",
                 "qualification", "foreign_credentials"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert worlds[0].results()["entrants"].sum() > 100


def test_participants_who_leave_the_labour_force_leave_the_programme() -> None:
    p = make_params(labour_force=6_000, capacity=300, start_week=2, emigration_rates=0.8)
    model = HireModel(p, rng=1, agent_views=False)
    for _ in range(2):
        model.step()
    people, d = model.world.people, model.world.dyads
    treated = d.person.copy()
    for _ in range(20):
        model.step()
    gone = d.person < 0
    assert gone.any() and (d.state[gone] == 2).all()
    # The newcomers in their places are neither participants nor anyone's mentee.
    rows = treated[gone]
    assert (people.programme[rows] == -1).all() and (people.mentor[rows] == -1).all()
    assert model.metrics["participants"] == int((people.arm == 1).sum()) < len(treated)


def test_the_unemployed_leave_the_register_at_its_rate_and_the_followed_stay() -> None:
    """Each unemployed person at risk leaves with probability `register_exit_rate` (a
    binomial count, within four standard deviations), besides those leaving the labour
    force anyway; newcomers take the places; the participants and controls an
    evaluation follows stay."""
    rate = 0.2
    p = make_params(labour_force=20_000, capacity=600, start_week=2, evaluation="rct",
                    register_exit_rate=rate)
    model = HireModel(p, rng=3, agent_views=False)
    for _ in range(4):
        model.step()
    w, people = model.world, model.world.people
    w.week += 1
    w.counts = WeekCounts()
    unemployed = np.flatnonzero(people.employer < 0)
    followed = unemployed[np.isin(people.arm[unemployed], (ARM_TREATED, ARM_CONTROL))]
    retiring = unemployed[:3]
    at_risk = unemployed[~np.isin(unemployed, followed) & ~np.isin(unemployed, retiring)
                         & (people.programme[unemployed] < 0)
                         & (people.trainee_host[unemployed] < 0)]
    leaving = flows.register_leavers(w, retiring)
    left = int(w.counts.register_exits.sum())
    sd = np.sqrt(len(at_risk) * rate * (1 - rate))
    assert abs(left - rate * len(at_risk)) < 4 * sd, (left, len(at_risk))
    assert len(leaving) == left + len(retiring) and np.isin(retiring, leaving).all()
    exits = np.setdiff1d(leaving, retiring)
    assert np.isin(exits, at_risk).all()
    assert len(followed) > 20 and not np.isin(followed, leaving).any()
    flows.leave_and_enter(w, leaving)
    newcomers = np.flatnonzero(people.separated_week == w.week)
    np.testing.assert_array_equal(newcomers, leaving)
    assert int(w.counts.entrants.sum()) == len(leaving)
