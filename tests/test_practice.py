"""Employer practice and cross-cultural competence (research question 2): the direction
of each mechanism under common random numbers, and its estimands on a constructed case."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from hiresim import HireModel
from hiresim.model import practice
from hiresim.model.mentoring import efficiency, meeting_effects, present_cross_cultural
from hiresim.model.metrics import metric_names
from hiresim.model.simulate import simulate
from hiresim.model.state import ARM_TREATED, IMMIGRANT
from hiresim.pipeline.evaluation import PRACTICE_ESTIMANDS, VariantInfo, effects_table

SMALL = dict(labour_force=4_000, start_week=2, capacity=40, agent_views=False)


def _model(weeks: int, seed: int = 1, **overrides) -> HireModel:
    model = HireModel(rng=seed, **{**SMALL, **overrides})
    for _ in range(weeks):
        model.step()
    return model


@pytest.fixture(scope="module")
def after_intake() -> HireModel:
    """A small market 30 weeks into a programme (intake in week 2)."""
    return _model(30)


def test_without_exposure_practice_never_changes() -> None:
    """Exposure comes only from programmes: without one, the practice rates change
    nothing, not even a random draw (the runs are identical)."""
    base = dict(labour_force=2_000, programmes=[])
    fast = dict(base, credential_practice_rate=0.5, cross_cultural_adoption_rate=0.5,
                staff_referral_rate=0.5, mentor_job_change_rate=0.5)
    a = simulate(HireModel(**base).params, 4, 30)
    b = simulate(HireModel(**fast).params, 4, 30)
    pd.testing.assert_frame_equal(a, b)
    model = HireModel(rng=4, **base)
    for _ in range(30):
        model.step()
    emp, p = model.world.employers, model.params
    assert not emp.exposed.any() and not emp.hosts.any()
    np.testing.assert_array_equal(emp.credential_noise,
                                  np.tile(p.foreign_credential_noise, (emp.n, 1)))


def test_a_twin_world_marks_the_same_hosts_and_exposes_nobody(after_intake) -> None:
    twin = _model(30, deliver_programmes=False)
    np.testing.assert_array_equal(twin.world.employers.hosts, after_intake.world.employers.hosts)
    assert twin.world.employers.hosts.any() and not twin.world.employers.exposed.any()
    # Every host employs a mentor of the first places of the pool.
    w = after_intake.world
    assert w.employers.exposed[w.employers.hosts].all()


def test_exposed_employers_read_foreign_credentials_better(after_intake) -> None:
    w = after_intake.world
    emp, p = w.employers, w.params
    prevailing = np.asarray(p.foreign_credential_noise)
    exposed = emp.exposed
    assert exposed.any() and (~exposed).any()
    assert (emp.credential_noise[exposed] < prevailing).all()
    np.testing.assert_array_equal(emp.credential_noise[~exposed],
                                  np.tile(prevailing, ((~exposed).sum(), 1)))


def test_credential_noise_settles_where_practice_and_turnover_balance(after_intake) -> None:
    """Exposed for good, the factor tends to (r + t·prevailing) / (r + t)."""
    w = copy.deepcopy(after_intake.world)
    p = w.params
    exposed = np.flatnonzero(w.employers.exposed)
    for _ in range(5_000):
        practice.read_credentials(w, exposed)
    r, t = p.credential_practice_rate, p.belief_turnover
    settled = (r + t * np.asarray(p.foreign_credential_noise)) / (r + t)
    np.testing.assert_allclose(w.employers.credential_noise[exposed],
                               np.tile(settled, (len(exposed), 1)), rtol=1e-9)


def test_exposed_employers_come_to_value_cross_cultural_competence(after_intake) -> None:
    w = copy.deepcopy(after_intake.world)
    w.params = w.params.model_copy(update={"cross_cultural_adoption_rate": 1.0})
    before = w.employers.values_cross_cultural.copy()
    exposed = np.flatnonzero(w.employers.exposed)
    assert not before[exposed].all()
    practice.adopt_cross_cultural(w, exposed)
    values = w.employers.values_cross_cultural
    assert values[exposed].all()
    np.testing.assert_array_equal(values[~w.employers.exposed], before[~w.employers.exposed])


def test_exposed_employers_staff_refer_unemployed_immigrants(after_intake) -> None:
    w = copy.deepcopy(after_intake.world)
    w.params = w.params.model_copy(update={"staff_referral_rate": 1.0})
    people, emp = w.people, w.employers
    exposed = np.flatnonzero(emp.exposed)
    before = people.contacts.copy()
    practice.refer_immigrants(w, exposed)
    changed = np.flatnonzero((people.contacts != before).any(axis=1))
    assert len(changed) > 0
    assert (people.group[changed] == IMMIGRANT).all() and (people.employer[changed] < 0).all()
    referred = 0
    for i in changed:  # each new contact is an exposed employer of the person's field
        new = np.setdiff1d(people.contacts[i], before[i])  # (several may pick one person)
        assert len(new) >= 1 and emp.exposed[new].all()
        assert (emp.field[new] == people.field[i]).all()
        referred += len(new)
    assert referred <= len(exposed)  # at most one referral by each employer


def test_mentors_who_change_jobs_carry_the_experience(after_intake) -> None:
    w = copy.deepcopy(after_intake.world)
    w.params = w.params.model_copy(update={"mentor_job_change_rate": 1.0})
    m, d = w.mentors, w.dyads
    w.employers.exposed[:] = False
    met = np.zeros(m.n, bool)
    met[d.mentor[d.meetings > 0]] = True
    assert met.any() and (~met).any()
    practice.move_mentors(w)
    np.testing.assert_array_equal(m.network[:, 0], m.employer)
    assert w.employers.exposed[m.employer[met]].all()
    only_unmet = np.setdiff1d(m.employer[~met], m.employer[met])
    assert len(only_unmet) and not w.employers.exposed[only_unmet].any()
    assert (w.employers.field[m.employer] == m.field).all()


def test_meetings_raise_cross_cultural_presentation_with_the_mentor(after_intake) -> None:
    """The gain scales with the mentor's own competence: none from a mentor without it."""
    gains = []
    for competence in (0.0, 0.3, 0.9):
        w = copy.deepcopy(after_intake.world)
        rows = np.flatnonzero(w.dyads.person >= 0)
        who = w.dyads.person[rows]
        w.mentors.cross_cultural[:] = competence
        before = w.people.cross_cultural[who].copy()
        present_cross_cultural(w, rows, efficiency(w, rows))
        gains.append(w.people.cross_cultural[who] - before)
    assert (gains[0] == 0).all()
    assert (gains[1] > 0).all()
    np.testing.assert_allclose(gains[2], 3 * gains[1], rtol=1e-9)
    # A meeting includes it (with the signalling channel).
    w = copy.deepcopy(after_intake.world)
    rows = np.flatnonzero(w.dyads.person >= 0)
    before = w.people.cross_cultural.copy()
    meeting_effects(w, rows)
    assert (w.people.cross_cultural[w.dyads.person[rows]] > before[w.dyads.person[rows]]).all()


def test_participants_present_cross_cultural_competence_better_than_in_the_twin() -> None:
    """Common random numbers: the same participants, with and without the programme
    (plenary sessions too); exactly those who met gain."""
    over = dict(plenary_every_weeks=4)
    prog, twin = _model(30, seed=2, **over), _model(30, seed=2, deliver_programmes=False,
                                                    **over)
    a, b = prog.world.people, twin.world.people
    d = prog.world.dyads
    rows = np.flatnonzero((d.person >= 0) & (a.arm[np.maximum(d.person, 0)] == ARM_TREATED))
    who, met = d.person[rows], d.meetings[rows] > 0
    assert met.any()
    assert (a.cross_cultural[who] > b.cross_cultural[who]).mean() > 0.9
    assert (a.cross_cultural[who[met]] > b.cross_cultural[who[met]]).all()
    # Everybody else is unchanged (unless somebody else took the row in one world only:
    # a job seeker displaced by a participant may leave the register).
    same = (a.birth_week == b.birth_week) & (a.leave_week == b.leave_week)
    others = np.setdiff1d(np.flatnonzero(same), who)
    assert len(others) > 0.99 * a.n
    np.testing.assert_array_equal(a.cross_cultural[others], b.cross_cultural[others])


def test_practice_estimands_on_constructed_worlds() -> None:
    """Each practice estimand is its metric in the programme world less the twin's,
    per replication, with the Student-t interval over replications."""
    frames = []
    shifts = (0.0, 0.02, 0.04)
    for rep, shift in enumerate(shifts):
        for world, sign in (("programme", 1.0), ("twin", 0.0)):
            frame = pd.DataFrame({m: np.zeros(4) for m in metric_names()})
            frame["week"] = np.arange(4)
            frame["participants"] = 10
            for k, (metric, _) in enumerate(PRACTICE_ESTIMANDS.values()):
                frame[metric] = 0.5 + sign * (0.01 * (k + 1) + shift)
            frame.insert(0, "replication", rep)
            frame.insert(0, "world", world)
            frame.insert(0, "variant", "base")
            frames.append(frame)
    ts = pd.concat(frames, ignore_index=True)
    info = VariantInfo("base", intake=1, horizons=((0.5, 3),), has_programme=True, rct=False,
                       cost_per_participant=0.0, labour_force=1000, tax_rate=0.28)
    e = effects_table(ts, {"base": info}, twin=True).set_index("estimand")
    half = 4.302652729911275 * np.std(shifts, ddof=1) / np.sqrt(3)  # t(0.975, 2)
    for k, name in enumerate(PRACTICE_ESTIMANDS):
        mean = 0.01 * (k + 1) + np.mean(shifts)
        assert e.loc[name, "mean"] == pytest.approx(mean)
        assert e.loc[name, "ci_low"] == pytest.approx(mean - half)
        assert e.loc[name, "ci_high"] == pytest.approx(mean + half)
        assert e.loc[name, "unit"] in ("gap", "share", "ratio")


def test_hosts_hire_more_immigrants_than_in_the_twin() -> None:
    """The typical programme raises the immigrant share of the hosts' hires since intake
    (paired by seed; the mean is more than two standard errors above zero), lowers
    their noise on foreign credentials and never lowers their readiness to value
    cross-cultural competence."""
    params = HireModel(labour_force=10_000, start_week=2, capacity=100).params
    diffs = []
    for seed in range(16):
        a = simulate(params, seed, 52).iloc[-1]
        b = simulate(params, seed, 52, twin=True).iloc[-1]
        diffs.append(a["exposed_immigrant_share_hires"] - b["exposed_immigrant_share_hires"])
        assert a["exposed_credential_noise"] < b["exposed_credential_noise"]
        assert a["exposed_values_cross_cultural"] >= b["exposed_values_cross_cultural"]
    diffs = np.asarray(diffs)
    assert diffs.mean() > 2 * diffs.std(ddof=1) / np.sqrt(len(diffs))
