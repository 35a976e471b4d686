"""Invariants that hold for any parameters and seed (checked with hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiresim import HireModel
from hiresim.model.state import ARM_CONTROL, ARM_TREATED, ENDED, NOT_ARRIVED, World

programme = st.fixed_dictionaries({
    "name": st.sampled_from(["a"]),
    "capacity": st.integers(0, 60),
    "start_week": st.integers(1, 6),
    "duration_weeks": st.integers(0, 20),
    "selection": st.sampled_from(["random", "readiness", "need", "demand"]),
    "matching": st.sampled_from(["random", "field", "optimal"]),
    "evaluation": st.sampled_from(["none", "rct"]),
    "meetings_per_month": st.floats(0, 8),
    "face_to_face_share": st.floats(0, 1),
    "role_training": st.booleans(),
    "plenary_every_weeks": st.integers(0, 4),
    "followup": st.floats(0, 1),
    "gap_diagnosis": st.floats(0, 1),
    "traineeship_weeks": st.integers(0, 6),
    "trainee_hire_prob": st.floats(0, 1),
    "mentor_pool_ratio": st.floats(1, 2),
})

market = st.fixed_dictionaries({
    "labour_force": st.integers(50, 1_500),
    "n_fields": st.integers(1, 6),
    "separation_rate": st.floats(0, 0.05),
    "tightness": st.floats(0, 2),
    "applications_per_week": st.floats(0, 5),
    "on_the_job_search_rate": st.floats(0, 2),
    "targeted_search": st.booleans(),
    "referrals": st.booleans(),
    "interviews_per_vacancy": st.integers(1, 5),
    "max_contacts": st.integers(0, 8),
    "endorsement_weight": st.floats(0, 0.5),
    "job_finding": st.sampled_from(["matching", "matching", "exogenous"]),
    "labour_force_flows": st.booleans(),
    "emigration_rates": st.floats(0, 0.5),
    "retirement_age": st.floats(45, 70),
    "job_to_job_search_rate": st.floats(0, 1),
    "vacancy_withdrawal_rate": st.floats(0, 0.5),
    "standard_decline_weeks": st.floats(0.5, 100),
    "burn_in_years": st.sampled_from([0.0, 0.0, 0.25]),
    "entrant_registration_share": st.floats(0, 1),
    "benefit_entitled_share": st.floats(0, 1),
    "benefit_weeks": st.integers(0, 120),
    "benefit_search_intensity": st.floats(0, 1),
})


def check_invariants(w: World) -> None:
    people, emp, vac = w.people, w.employers, w.vacancies
    employed = people.employer >= 0
    # Every filled job has exactly one holder: staff counts equal the people holding them.
    np.testing.assert_array_equal(emp.staff, np.bincount(people.employer[employed],
                                                         minlength=emp.n))
    imm = employed & (people.group == 1)
    np.testing.assert_array_equal(emp.staff_immigrant,
                                  np.bincount(people.employer[imm], minlength=emp.n))
    # A person has a job level exactly when employed, and the job ends in the future;
    # the job started in the past, and the next search on the job lies ahead.
    assert ((people.level >= 0) == employed).all()
    assert (people.job_end[employed] > w.week).all()
    assert (people.job_end[~employed] == -1).all()
    assert (people.hire_week[employed] <= w.week).all()
    assert (people.hire_week[~employed] == -1).all()
    assert (people.search_week[employed] > w.week).all()
    assert (people.search_week[~employed] == -1).all()
    # Whoever has a job registers with NAV when out of work; a right to dagpenger
    # comes only with losing a job, so whoever has one is registered.
    assert people.registered[employed].all()
    assert people.registered[people.benefit_right].all()
    assert 0 <= w.counts.benefit_recipients <= int((~employed).sum())
    # Everybody was born, and leaves the labour force in a week to come; immigrants
    # arrived, the majority did not.
    assert (people.birth_week < w.week).all() and (people.leave_week > w.week).all()
    imm = people.origin > 0
    assert (people.group == imm).all()
    assert (people.arrival_week[~imm] == NOT_ARRIVED).all()
    assert (people.arrival_week[imm] <= w.week).all() and (people.arrival_week[imm] > -10**6).all()
    assert not people.refugee[~imm].any()
    # Vacancies: never negative, each a distinct serial number at a real employer.
    assert vac.n >= 0 and len(np.unique(vac.uid)) == vac.n
    assert ((vac.employer >= 0) & (vac.employer < emp.n)).all()
    # Skills and signals stay in [0, 1].
    for name in ("formal", "informal", "cv", "readiness", "cross_cultural"):
        a = getattr(people, name)
        assert ((a >= 0) & (a <= 1)).all(), name
    # Contacts are real employers or empty.
    assert ((people.contacts >= -1) & (people.contacts < emp.n)).all()
    # A dyad belongs to one programme: its person's and its mentor's.
    # (A dyad whose participant left the labour force has ended and has no person.)
    d = w.dyads
    if d.n:
        stayed = d.person >= 0
        assert (d.state[~stayed] == ENDED).all()
        assert (people.programme[d.person[stayed]] == d.programme[stayed]).all()
        assert (w.mentors.programme[d.mentor] == d.programme).all()
        assert len(np.unique(d.person[stayed])) == stayed.sum()
        assert len(np.unique(d.mentor)) == d.n
        assert (people.arm[d.person[stayed]] == ARM_TREATED).all()
    in_prog = people.arm == ARM_TREATED
    assert (people.programme[in_prog | (people.arm == ARM_CONTROL)] >= 0).all()
    assert (people.programme[~(in_prog | (people.arm == ARM_CONTROL))] == -1).all()
    live = d.state != ENDED
    assert (people.mentor[d.person[live]] == d.mentor[live]).all()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(market=market, prog=programme, seed=st.integers(0, 2**32), weeks=st.integers(1, 14))
def test_invariants_hold_every_week(market: dict, prog: dict, seed: int, weeks: int) -> None:
    model = HireModel(rng=seed, agent_views=False, programmes=[prog], **market)
    check_invariants(model.world)
    people = model.world.people
    origin = people.origin.copy()
    for _ in range(weeks):
        leaving = np.flatnonzero(people.leave_week == model.week + 1)
        model.step()
        check_invariants(model.world)
        m = model.metrics
        # People who leave are replaced one for one, each place keeping its region of
        # birth: the labour force and its composition never change.
        assert m["entrants"] == len(leaving) + m["register_exits"]
        assert (people.separated_week[leaving] == model.week).all()
        np.testing.assert_array_equal(people.origin, origin)
        assert m["unemployed"] + int((model.world.people.employer >= 0).sum()) \
            == model.params.labour_force
        assert m["vacancies"] >= 0
        for key, value in m.items():
            if "rate" in key or key.startswith(("formal", "informal", "immigrant_share")):
                assert np.isnan(value) or 0.0 <= value <= 1.0, (key, value)
        for g in ("majority", "immigrant"):
            counts = model.world.counts  # hires without an offer: trainees, migrants
            assert m[f"hires_{g}"] <= (m[f"offers_{g}"] + counts.trainee_hires
                                       + counts.arrival_hires) \
                or market["job_finding"] == "exogenous"
            assert m[f"offers_{g}"] <= m[f"callbacks_{g}"] <= m[f"applications_{g}"]
