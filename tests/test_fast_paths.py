"""The fast paths compute exactly what their plain numpy definitions compute.

Each compiled loop or shortcut in the weekly hot path is checked, bit for bit, against
the vectorised expression it replaced (written out here as the reference), on random
inputs that include the awkward cases: ties, empty inputs, unsorted groups, values at
the edges of lookup tables.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiresim import HireModel
from hiresim.model.employers import EmployerSampler
from hiresim.model.operations import unemployed as unemployed_of
from hiresim.model.population import lowest
from hiresim.model.screening import top_k_within
from hiresim.model.screening_reference import top_k_within_reference
from hiresim.model.skills import update_skills, update_skills_reference
from hiresim.model.state import N_ORIGINS, Employers
from hiresim.model.streams import Streams, bits_reference, poisson_reference
from hiresim.model.tally import origin_runs, tally

# --- Streams ------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**63 - 1), week=st.integers(-1, 5000), n=st.integers(0, 300),
       key=st.one_of(st.integers(-5, 2**40), st.just("array")))
def test_stream_draws_equal_the_vectorised_generator(seed: int, week: int, n: int,
                                                     key: int | str) -> None:
    s = Streams(seed)
    ids = np.random.default_rng(seed % 1000).integers(0, 10**9, n)
    k = ids * 3 + 1 if key == "array" else key
    bits = bits_reference(s, "x", week, ids, k)
    np.testing.assert_array_equal(s.bits("x", week, ids, k), bits)
    u = ((bits >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53
    np.testing.assert_array_equal(s.uniform("x", week, ids, k), u)
    np.testing.assert_array_equal(s.uniform("x", week, ids.astype(np.int32), k), u)


@pytest.mark.parametrize("lam", [0.0, 1e-9, 0.3, 2.0, 6.0, 25.0, 100.0, 700.0])
def test_poisson_table_equals_term_by_term_inversion(lam: float) -> None:
    s = Streams(1)
    table, _ = s.poisson_table(lam)
    rng = np.random.default_rng(0)
    edges = np.concatenate([table, np.nextafter(table, 0.0), np.nextafter(table, 1.0)])
    u = np.concatenate([rng.random(20_000), edges, [2.0**-54, 1 - 2.0**-53]])
    u = u[(u > 0) & (u < 1)]
    ids = np.arange(len(u))
    u_stream = s.uniform("p", 3, ids)
    np.testing.assert_array_equal(s.poisson("p", 3, ids, lam),
                                  poisson_reference(u_stream, lam))
    # And on the crafted uniforms, through the same lookup.
    cdf, n_terms = s.poisson_table(lam)
    k = np.searchsorted(cdf, u, side="left")
    k[k == len(cdf)] = n_terms
    np.testing.assert_array_equal(k, poisson_reference(u, lam))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 400), seed=st.integers(0, 2**32 - 1), scale=st.sampled_from(
    [0.0, 1e-9, 0.5, 3.0, 40.0, 800.0]))
def test_poisson_with_a_mean_per_draw_equals_term_by_term_inversion(n: int, seed: int,
                                                                    scale: float) -> None:
    s = Streams(seed)
    rng = np.random.default_rng(seed)
    lam = scale * rng.random(n)
    lam[: n // 5] = scale  # repeated means, and some zeros
    lam[n // 5: n // 4] = 0.0
    ids = np.arange(n)
    np.testing.assert_array_equal(s.poisson("p", 2, ids, lam),
                                  poisson_reference(s.uniform("p", 2, ids), lam))

# --- Employers drawn by size --------------------------------------------------------------

def reference_draw(sampler: EmployerSampler, u: np.ndarray, field: np.ndarray | None
                   ) -> np.ndarray:
    cum, total, order = sampler._cum, sampler._all_total, sampler._order
    if field is None:
        return order[np.minimum(np.searchsorted(cum, u * total, side="right"), len(cum) - 1)]
    start, end = sampler._start[field], sampler._end[field]
    has = end > start
    lo = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    hi = np.where(has, cum[np.maximum(end - 1, 0)], total)
    lo = np.where(has, lo, 0.0)
    pos = np.searchsorted(cum, lo + u * (hi - lo), side="right")
    pos = np.where(has, np.clip(pos, start, np.maximum(end - 1, start)), pos)
    return order[np.minimum(pos, len(cum) - 1)]


@pytest.mark.parametrize(("n", "n_fields", "spread"),
                         [(1, 1, 1.0), (2, 3, 1.0), (60, 7, 3.0), (5_000, 5, 1.0), (9, 1, 0.0)])
def test_employer_draws_equal_binary_search(n: int, n_fields: int, spread: float) -> None:
    rng = np.random.default_rng(n)
    field = rng.integers(0, n_fields, n)
    if n_fields > 2:
        field[field == 1] = 0  # a field without employers
    weight = np.exp(spread * rng.normal(size=n))
    weight[: min(n, 2)] = 1e-12  # tiny employers crowd one guide slot
    z, z2 = np.zeros(n), np.zeros((n, 4))
    employers = Employers(field=field.astype(np.int32), weight=weight, gap_formal=z2,
                          gap_informal=z2, norm_formal=z2, norm_informal=z2, standard_shift=z,
                          values_cross_cultural=z.astype(bool),
                          exposed=z.astype(bool), staff=z.astype(np.int64),
                          staff_immigrant=z.astype(np.int64), credential_noise=z2 + 1.0,
                          hosts=z.astype(bool))
    sampler = EmployerSampler(employers, n_fields)
    frac = sampler._cum / sampler._all_total
    u = np.concatenate([rng.random(50_000), frac, np.nextafter(frac, 0), np.nextafter(frac, 1)])
    u = np.clip(u, 2.0**-54, 1 - 2.0**-53)
    f = rng.integers(0, n_fields, len(u))
    np.testing.assert_array_equal(sampler.draw(u), reference_draw(sampler, u, None))
    np.testing.assert_array_equal(sampler.draw(u, f), reference_draw(sampler, u, f))
    anywhere = rng.random(len(u)) < 0.3  # field -1: anywhere
    mixed = sampler.draw(u, np.where(anywhere, -1, f))
    np.testing.assert_array_equal(mixed[anywhere], reference_draw(sampler, u, None)[anywhere])
    np.testing.assert_array_equal(mixed[~anywhere], reference_draw(sampler, u, f)[~anywhere])


@settings(max_examples=80, deadline=None)
@given(n=st.integers(0, 200), k=st.integers(-2, 210), levels=st.integers(1, 300))
def test_lowest_equals_the_head_of_a_stable_sort(n: int, k: int, levels: int) -> None:
    rng = np.random.default_rng(n * 1000 + k + 2)
    members = np.sort(rng.choice(10_000, n, replace=False))
    rank = rng.integers(0, levels, n).astype(np.float64)  # many ties
    expected = members[np.argsort(rank, kind="stable")[:max(k, 0)]]
    assert set(lowest(members, rank, k)) == set(expected)
    assert len(lowest(members, rank, k)) == len(expected)


# --- Ranking within vacancies -----------------------------------------------------------

@pytest.mark.parametrize("kind", ["normal", "ties", "nan", "signed_zero", "levels"])
@pytest.mark.parametrize("n_groups", [1, 40, 70_000, 2**40])
def test_top_k_within_equals_lexicographic_sort(kind: str, n_groups: int) -> None:
    rng = np.random.default_rng(len(kind) * 7 + n_groups % 97)
    for n in (0, 1, 2, 50, 3_000):
        groups = rng.integers(0, n_groups, n)
        normal = rng.normal(size=n)
        score = {
            "normal": normal,
            "ties": np.floor(normal),
            "nan": np.where(normal < -0.5, np.nan, normal),
            "signed_zero": np.array([0.0, -0.0, 1.0, np.inf, -np.inf])[np.arange(n) % 5],
            "levels": normal + 16.0 * rng.integers(0, 3, n),
        }[kind]
        for k in (1, 3, 40):
            np.testing.assert_array_equal(top_k_within(groups, score, k),
                                          top_k_within_reference(groups, score, k))


# --- Passes over the whole population ---------------------------------------------------

@pytest.fixture(scope="module")
def busy_model() -> HireModel:
    """A market past its intake, with every arm, trainees and under-employment."""
    model = HireModel(rng=3, labour_force=6_000, evaluation="rct", capacity=150,
                      traineeship_weeks=6, start_week=2, agent_views=False)
    for _ in range(5):
        model.step()
    return model


def test_tally_equals_bincounts(busy_model: HireModel) -> None:
    w = busy_model.world
    people = w.people
    for shuffled in (False, True):
        if shuffled:  # origins in no particular order: many runs of one origin
            w = HireModel(rng=4, labour_force=3_000, agent_views=False).world
            people = w.people
            rng = np.random.default_rng(0)
            people.origin[:] = rng.integers(0, N_ORIGINS, people.n)
            people.group[:] = people.origin > 0
            people.arm[:] = np.where(rng.random(people.n) < 0.2, rng.integers(1, 4, people.n), 0)
            people.first_hire_week[:] = np.where(rng.random(people.n) < 0.3, 1, -1)
            people.weeks_unemployed[:] = rng.integers(0, 100, people.n)
            people.registered[:] = rng.random(people.n) < 0.5
            placed = np.flatnonzero(rng.random(people.n) < 0.1)
            people.trainee_host[placed] = 5
            w.trainees = placed
            w.origin_runs = origin_runs(people.origin)  # origins never change in a model
        ever_before = w.right_level_ever.copy()
        t = tally(w, track=True)
        cells = N_ORIGINS * 4
        employed = people.employer >= 0
        # A job's field is its employer's; the right level is level and field.
        in_field = employed & (w.employers.field[np.maximum(people.employer, 0)]
                               == people.field)
        right = in_field & (people.level == people.qualification)
        assert (employed & ~in_field).any() and (employed & ~right & in_field).any()
        cell = people.origin.astype(np.int64) * 4 + people.arm
        ever = ever_before | right
        np.testing.assert_array_equal(w.right_level_ever, ever)
        np.testing.assert_array_equal(t.n, np.bincount(cell, minlength=cells))
        np.testing.assert_array_equal(t.employed, np.bincount(cell, employed, cells))
        np.testing.assert_array_equal(t.right, np.bincount(cell, right, cells))
        np.testing.assert_array_equal(t.formal, np.bincount(cell, people.formal, cells))
        np.testing.assert_array_equal(t.informal, np.bincount(cell, people.informal, cells))
        # By origin and group: the cells added up (the same sums, rounded otherwise).
        o = people.origin
        np.testing.assert_allclose(t.origin_formal, np.bincount(o, people.formal, N_ORIGINS),
                                   rtol=1e-12)
        np.testing.assert_allclose(t.origin_informal,
                                   np.bincount(o, people.informal, N_ORIGINS), rtol=1e-12)
        reference = np.asarray(w.params.formal_skill_means)[people.qualification]
        np.testing.assert_allclose(t.origin_reference, np.bincount(o, reference, N_ORIGINS),
                                   rtol=1e-12)
        long_term = ~employed & (people.weeks_unemployed >= 52)
        np.testing.assert_array_equal(t.long_term, np.bincount(o, long_term, N_ORIGINS))
        registered = ~employed & people.registered
        assert (~employed & ~people.registered).any() and registered.any()
        np.testing.assert_array_equal(t.registered, np.bincount(o, registered, N_ORIGINS))
        graduate = employed & (people.qualification > 0)
        np.testing.assert_array_equal(t.graduates, np.bincount(o, graduate, N_ORIGINS))
        np.testing.assert_array_equal(
            t.below, np.bincount(o, employed & (people.level < people.qualification), N_ORIGINS))
        outside = employed & ~in_field
        np.testing.assert_array_equal(t.out_of_field, np.bincount(o, outside, N_ORIGINS))
        level = np.maximum(people.level, 0)
        np.testing.assert_array_equal(t.at_level, np.bincount(level, employed, 3))
        np.testing.assert_array_equal(t.out_at_level, np.bincount(level, outside, 3))
        arm_level = level * 4 + people.arm
        np.testing.assert_array_equal(
            t.arm_out_at_level, np.bincount(arm_level, outside, 12).reshape(3, 4)[:, 1:])
        g = people.group
        np.testing.assert_array_equal(t.group_n, np.bincount(g, minlength=2))
        np.testing.assert_allclose(t.group_formal, np.bincount(g, people.formal, 2),
                                   rtol=1e-12)
        np.testing.assert_allclose(t.group_informal, np.bincount(g, people.informal, 2),
                                   rtol=1e-12)
        here = w.week - people.arrival_week
        band = (here >= 208).astype(np.int64) + (here >= 364)
        imm = o > 0
        np.testing.assert_array_equal(t.residence_n, np.bincount(band[imm], minlength=3))
        np.testing.assert_array_equal(t.residence_unemployed,
                                      np.bincount(band[imm], ~employed[imm], 3))
        np.testing.assert_array_equal(t.residence_registered,
                                      np.bincount(band[imm], registered[imm], 3))
        hired = people.first_hire_week >= 0
        np.testing.assert_array_equal(t.hired[1:], np.bincount(people.arm, hired, 4)[1:])
        np.testing.assert_array_equal(t.right_ever[1:], np.bincount(people.arm, ever, 4)[1:])
        assert t.trainees == int((people.trainee_host >= 0).sum())
        assert (not shuffled) or t.trainees > 0


def test_unemployed_equal_mask(busy_model: HireModel) -> None:
    people = busy_model.world.people
    unemployed = unemployed_of(people)
    np.testing.assert_array_equal(unemployed, np.flatnonzero(people.employer < 0))
    assert len(unemployed)



@pytest.mark.parametrize("max_contacts", [0, 1, 8])
def test_contact_rounds_equal_one_draw_per_round(busy_model: HireModel,
                                                 max_contacts: int) -> None:
    from hiresim.model.contacts import contact_rounds, contact_rounds_reference

    w = busy_model.world
    p = w.params.model_copy(update={"max_contacts": max_contacts})
    rng = np.random.default_rng(2)
    persons = np.sort(rng.choice(w.people.n, 300, replace=False))
    field = w.people.field[persons]
    counts = rng.integers(0, 12, len(persons))
    want = contact_rounds_reference(p, w.streams, w.sampler, 4, persons, field, counts, "c")
    got = contact_rounds(p, w.streams, w.sampler, 4, persons, field, counts, "c")
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)

@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 700), seed=st.integers(0, 2**32 - 1), idle=st.floats(0, 1),
       week=st.integers(0, 5))
def test_scans_for_rare_rows_equal_flatnonzero(n: int, seed: int, idle: float,
                                               week: int) -> None:
    """The block-of-64 scans (`append_rows`) on every length, density and tail."""
    from hiresim.model.operations import _without_job
    from hiresim.model.separations import _due

    rng = np.random.default_rng(seed)
    employer = np.where(rng.random(n) < idle, -1, rng.integers(0, 9, n)).astype(np.int32)
    unemployed = np.empty(n, np.int64)
    k_idle = _without_job(employer, unemployed)
    np.testing.assert_array_equal(unemployed[:k_idle], np.flatnonzero(employer < 0))
    weeks = [rng.integers(-1, 6, n).astype(np.int32) for _ in range(3)]
    out = [np.empty(n, np.int64) for _ in range(3)]
    counts = _due(*weeks, week, *out)
    for due, w, k in zip(out, weeks, counts, strict=True):
        np.testing.assert_array_equal(due[:k], np.flatnonzero(w == week))



@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 300), cells=st.integers(1, 12), seed=st.integers(0, 2**32 - 1))
def test_cell_index_equals_stable_argsort_and_bincount(n: int, cells: int, seed: int) -> None:
    from hiresim.model.cells import CellIndex, cell_index_reference

    keys = np.random.default_rng(seed).integers(0, cells, n)
    index = CellIndex(keys, cells)
    order, count, start = cell_index_reference(keys, cells)
    np.testing.assert_array_equal(index.order, order)
    np.testing.assert_array_equal(index.count, count)
    np.testing.assert_array_equal(index.start, start)


def test_register_exits_equal_vectorised_form(busy_model: HireModel) -> None:
    from hiresim.model import flows
    from hiresim.model.state import WeekCounts

    w = busy_model.world
    people, saved, params = w.people, w.counts, w.params
    w.params = params.model_copy(update={"register_exit_rate": 0.2})
    idle = unemployed_of(people)
    leaving = np.sort(np.r_[idle[::7], np.flatnonzero(people.employer >= 0)[:20]])
    exits = flows.register_exits_reference(w, leaving)
    assert len(exits)
    try:
        w.counts = WeekCounts()
        np.testing.assert_array_equal(flows.register_leavers(w, leaving),
                                      np.union1d(leaving, exits))
        assert w.counts.register_exits.sum() == len(exits)
    finally:
        w.counts, w.params = saved, params

def test_weeks_unemployed_count_equals_fancy_indexing(busy_model: HireModel) -> None:
    from hiresim.model.separations import (
        count_week_unemployed,
        count_week_unemployed_reference,
    )

    people = busy_model.world.people
    before = people.weeks_unemployed.copy()
    listed = np.flatnonzero(people.employer < 0)[::2]
    listed = np.sort(np.r_[listed, np.flatnonzero(people.employer >= 0)[:50]])
    want = count_week_unemployed_reference(busy_model.world, listed)
    still = listed[people.employer[listed] < 0]
    try:
        count_week_unemployed(busy_model.world, listed)
        np.testing.assert_array_equal(people.weeks_unemployed, want)
        assert len(still) and (want != before).sum() == len(still)
    finally:
        people.weeks_unemployed[:] = before


def test_weekly_skill_update_equals_vectorised_form(busy_model: HireModel) -> None:
    w = busy_model.world
    people = w.people
    employed = people.employer >= 0
    idle = np.flatnonzero(~employed & (people.trainee_host < 0))
    assert len(idle) and (people.trainee_host[~employed] >= 0).any()
    formal, informal = update_skills_reference(w)
    update_skills(w)
    np.testing.assert_array_equal(people.formal, formal)
    np.testing.assert_array_equal(people.informal, informal)


def test_priors_and_cv_noise_equal_vectorised_form(busy_model: HireModel) -> None:
    from hiresim.model.screening import cv_noise_sd, prior_means
    from hiresim.model.screening_reference import priors_reference

    w = busy_model.world
    people, emp = w.people, w.employers
    rng = np.random.default_rng(5)
    persons = np.sort(rng.choice(people.n, 2_000, replace=False))
    employer = rng.integers(0, emp.n, len(persons))
    referral = rng.random(len(persons)) < 0.4
    origin = people.origin[persons].astype(np.int64)
    imm = origin > 0
    assert imm.any() and people.foreign_credentials[persons].any()
    assert (people.weeks_unemployed[persons] > 0).any()
    formal, informal, sd = priors_reference(w, persons, employer, referral)
    got_f, got_i = prior_means(w, persons, employer)
    np.testing.assert_array_equal(got_f, formal)
    np.testing.assert_array_equal(got_i, informal)
    np.testing.assert_array_equal(cv_noise_sd(w, persons, referral, employer), sd)


@pytest.fixture(scope="module")
def searching_model() -> HireModel:
    """A market with many open vacancies and under-employed searchers."""
    model = HireModel(rng=9, labour_force=20_000, tightness=1.5, agent_views=False)
    for _ in range(4):
        model.step()
    assert model.world.vacancies.n > 100
    return model


@pytest.mark.parametrize("change", [
    {}, {"targeted_search": False}, {"referrals": False}, {"application_count": "fixed"},
    {"own_field_share": 0.0, "below_level_max": 1.0}, {"on_the_job_search_rate": 3.0},
    {"job_to_job_search_rate": 0.5, "field_widening": 1.0}])
def test_applications_equal_vectorised_form(searching_model: HireModel, change: dict) -> None:
    from hiresim.model.search import applications
    from hiresim.model.search_reference import applications_reference

    w = searching_model.world
    p = w.params.model_copy(update=change)
    people = w.people
    unemployed = unemployed_of(people)
    job_field = w.employers.field[np.maximum(people.employer, 0)]
    under = np.flatnonzero((people.employer >= 0) & ((people.level < people.qualification)
                                                     | (job_field != people.field)))
    under = np.union1d(under, np.flatnonzero(people.employer >= 0)[::40])
    rng = np.random.default_rng(len(change))
    listed = rng.choice(w.people.n, 300)  # a teaching step: unsorted, with repeats
    working = np.flatnonzero(people.employer >= 0)
    notice = np.union1d(unemployed, working[::7])  # employed people in their notice
    for idle, employed in ((unemployed, under), (listed[w.people.employer[listed] < 0],
                                                  listed[w.people.employer[listed] >= 0]),
                           (notice, np.setdiff1d(under, notice))):
        got = applications(w.people, w.vacancies, p, w.streams, w.week, idle, employed,
                           w.employers.field)
        want = applications_reference(w.people, w.vacancies, p, w.streams, w.week, idle,
                                      employed, w.employers.field)
        np.testing.assert_array_equal(got.person, want[0])
        np.testing.assert_array_equal(got.vacancy, want[1])
        np.testing.assert_array_equal(got.referral, want[2])
        assert got.n > 0
    if p.referrals:
        assert got.referral.any()


def test_screen_equals_vectorised_posterior() -> None:
    from hiresim.model.screening import screen
    from hiresim.model.screening_reference import screen_reference
    from hiresim.model.search import Applications

    w = HireModel(rng=9, labour_force=20_000, tightness=0.5, agent_views=False).world
    p, vac = w.params, w.vacancies
    assert vac.n > 10
    rng = np.random.default_rng(3)
    person = rng.integers(0, w.people.n, 3_000)
    vacancy = rng.integers(0, vac.n, len(person))
    referral = rng.random(len(person)) < 0.3
    apps = Applications(person, vacancy, referral)
    for bonus in (p.referral_callback_bonus, 0.37, -0.2):
        w.params = p.model_copy(update={"referral_callback_bonus": bonus})
        try:
            got_f, got_i, score = screen(w, apps)
            post_f, prior_i, want = screen_reference(w, apps)
        finally:
            w.params = p
        np.testing.assert_array_equal(got_f, post_f)
        np.testing.assert_array_equal(got_i, prior_i)
        np.testing.assert_array_equal(score, want)


def test_compiled_loops_run_without_numbas_runtime_unless_they_allocate() -> None:
    from hiresim.model.jit import njit
    from hiresim.model.search import _applications

    def doubled(x: np.ndarray) -> np.ndarray:
        return x * 2

    assert njit(doubled).targetoptions["_nrt"] is False
    assert _applications.targetoptions["_nrt"] is False
    allocating = njit(allocates=True)(doubled)
    assert allocating.targetoptions["_nrt"] is True
    np.testing.assert_array_equal(allocating(np.arange(3)), [0, 2, 4])


def test_interview_score_equals_vectorised_form(busy_model: HireModel) -> None:
    from hiresim.model.interview import interview_score, interview_score_reference

    w = busy_model.world
    people, vac = w.people, w.vacancies
    rng = np.random.default_rng(7)
    person = np.sort(rng.choice(people.n, 3_000, replace=False))
    vacancy = rng.integers(0, vac.n, len(person))
    post_f, prior_i = rng.random(len(person)), rng.random(len(person))
    assert w.employers.values_cross_cultural[vac.employer[vacancy]].any()
    want = interview_score_reference(w, person, vacancy, post_f, prior_i)
    np.testing.assert_array_equal(interview_score(w, person, vacancy, post_f, prior_i), want)
