"""The right level is level and field (DESIGN §3 step 5): the definition, how it is
counted, how people rank offers, and the wage penalty of a job outside one's field.

Constructed worlds: people are moved into chosen jobs by hand, and every count is
recomputed here with plain numpy from the definition in DESIGN, not from the model's
helpers.
"""

from __future__ import annotations

import numpy as np
import pytest

from hiresim import HireModel
from hiresim.model.hiring import hiring_round
from hiresim.model.metrics import weekly_metrics
from hiresim.model.search import Applications
from hiresim.model.state import IMMIGRANT, MAJORITY, World, at_right_level, under_employed_now
from hiresim.params.overrides import make_params


def _world(**change: object) -> World:
    """A small market without programmes, at week 0."""
    return HireModel(make_params(labour_force=4_000, programmes=[], **change), rng=11,
                     agent_views=False).world


def _employer_in(w: World, field: int, other_than: bool = False) -> int:
    """An employer in ``field`` (or, with ``other_than``, in another field)."""
    match = (w.employers.field != field) if other_than else (w.employers.field == field)
    return int(np.flatnonzero(match)[0])


def _move(w: World, person: int, employer: int, level: int) -> None:
    """Put ``person`` into a job at ``employer`` and ``level`` (staff counts kept)."""
    people, emp = w.people, w.employers
    old = people.employer[person]
    if old >= 0:
        emp.staff[old] -= 1
    emp.staff[employer] += 1
    people.employer[person] = employer
    people.level[person] = level


def _graduate(w: World, group: int) -> int:
    """An employed person of ``group`` with a bachelor or more."""
    people = w.people
    return int(np.flatnonzero((people.group == group) & (people.qualification > 0)
                              & (people.employer >= 0))[0])


def _plain_numpy(w: World) -> dict[str, np.ndarray]:
    """The definition of DESIGN §3 step 5, written out: a job's field is its employer's;
    right level = the person's qualification level and field."""
    people = w.people
    employed = people.employer >= 0
    in_field = employed & (w.employers.field[np.maximum(people.employer, 0)] == people.field)
    return {"employed": employed, "in_field": in_field,
            "right": in_field & (people.level == people.qualification),
            "below": employed & (people.level < people.qualification)}


def test_a_job_outside_ones_field_is_not_at_the_right_level() -> None:
    w = _world()
    people = w.people
    i = _graduate(w, IMMIGRANT)
    q, f = int(people.qualification[i]), int(people.field[i])
    before = weekly_metrics(w)

    _move(w, i, _employer_in(w, f), q)  # own level, own field
    assert at_right_level(people, w.employers.field, np.array([i]))[0]
    assert not under_employed_now(people, w.employers.field, np.array([i]))[0]
    right_in = weekly_metrics(w)["right_level_jobs"]

    _move(w, i, _employer_in(w, f, other_than=True), q)  # own level, another field
    assert not at_right_level(people, w.employers.field, np.array([i]))[0]
    assert under_employed_now(people, w.employers.field, np.array([i]))[0]
    after = weekly_metrics(w)
    assert after["right_level_jobs"] == right_in - 1
    # The same formal level: not over-qualified, but outside the field.
    assert after["overqualified_rate_immigrant"] <= before["overqualified_rate_immigrant"]
    assert after["out_of_field_rate_immigrant"] > 0

    # Level 0 is no exception: vocational qualifications have a field too.
    j = int(np.flatnonzero((people.qualification == 0) & (people.employer >= 0))[0])
    _move(w, j, _employer_in(w, int(people.field[j]), other_than=True), 0)
    assert not at_right_level(people, w.employers.field, np.array([j]))[0]


def test_the_seeker_view_uses_the_same_definition() -> None:
    model = HireModel(make_params(labour_force=2_000, programmes=[]), rng=5)
    w = model.world
    i = _graduate(w, MAJORITY)
    q, f = int(w.people.qualification[i]), int(w.people.field[i])
    _move(w, i, _employer_in(w, f, other_than=True), q)
    seeker = model.seeker(i)
    assert seeker.employed and not seeker.right_level and seeker.under_employed
    assert seeker.job_field != seeker.field
    _move(w, i, _employer_in(w, f), q)
    assert seeker.right_level and not seeker.under_employed


def test_weekly_metrics_agree_with_plain_numpy() -> None:
    model = HireModel(make_params(labour_force=6_000), rng=2, agent_views=False)
    for _ in range(8):
        model.step()
    w = model.world
    m, d, people = weekly_metrics(w), _plain_numpy(w), w.people
    assert (d["employed"] & ~d["in_field"]).any()  # the case this test is about
    assert m["right_level_jobs"] == int(d["right"].sum())
    for g, name in ((MAJORITY, "majority"), (IMMIGRANT, "immigrant")):
        members = people.group == g
        employed = d["employed"] & members
        graduates = employed & (people.qualification > 0)
        assert m[f"right_level_rate_{name}"] == pytest.approx(d["right"][members].mean())
        assert m[f"out_of_field_rate_{name}"] == pytest.approx(
            (employed & ~d["in_field"]).sum() / employed.sum())
        assert m[f"overqualified_rate_{name}"] == pytest.approx(
            (graduates & d["below"]).sum() / graduates.sum())
    treated = people.arm == 1
    assert m["right_level_rate_treatment"] == pytest.approx(d["right"][treated].mean())


def test_a_job_outside_ones_field_pays_less() -> None:
    penalty = 0.1
    w = _world(field_mismatch_penalty=penalty)
    p, people = w.params, w.people
    wage = np.asarray(p.monthly_earnings)
    d = _plain_numpy(w)
    level = people.level[d["employed"]]
    outside = ~d["in_field"][d["employed"]]
    expected = (wage[level] * np.where(outside, 1.0 - penalty, 1.0)).sum()
    assert weekly_metrics(w)["earnings_total"] == pytest.approx(expected, rel=1e-12)

    i = _graduate(w, IMMIGRANT)
    q, f = int(people.qualification[i]), int(people.field[i])
    _move(w, i, _employer_in(w, f), q)
    inside = weekly_metrics(w)["earnings_total"]
    _move(w, i, _employer_in(w, f, other_than=True), q)
    assert weekly_metrics(w)["earnings_total"] == pytest.approx(inside - penalty * wage[q])
    w.params = p.model_copy(update={"field_mismatch_penalty": 0.0})
    level = people.level[people.employer >= 0]
    assert weekly_metrics(w)["earnings_total"] == pytest.approx(wage[level].sum(), rel=1e-12)


def _offers(w: World, person: int, jobs: list[tuple[int, int]]) -> tuple[int, int]:
    """Open one vacancy per (employer, level), let ``person`` alone apply to all of them
    with every standard at zero (each makes an offer); the job the person takes."""
    vac = w.vacancies
    vac.keep(np.zeros(vac.n, bool))
    employer = np.array([e for e, _ in jobs])
    vac.append(employer=employer, level=np.array([lv for _, lv in jobs]),
               field=w.employers.field[employer], uid=np.arange(len(jobs)) + 10**9,
               opened=np.full(len(jobs), w.week))
    w.people.employer[person], w.people.level[person] = -1, -1
    apps = Applications(np.full(len(jobs), person), np.arange(len(jobs)),
                        np.zeros(len(jobs), bool))
    hiring_round(w, apps)
    return int(w.people.employer[person]), int(w.people.level[person])


def test_several_offers_best_level_then_field() -> None:
    w = _world(hiring_bar=(0.0, 0.0, 0.0), hiring_bar_sd=0.0)
    i = _graduate(w, IMMIGRANT)
    w.people.qualification[i] = 1
    f = int(w.people.field[i])
    inside, outside = _employer_in(w, f), _employer_in(w, f, other_than=True)
    # The same level: the job in one's field, whichever comes first.
    assert _offers(w, i, [(outside, 1), (inside, 1)]) == (inside, 1)
    assert _offers(w, i, [(inside, 1), (outside, 1)]) == (inside, 1)
    # A higher level comes first, even outside one's field.
    assert _offers(w, i, [(inside, 0), (outside, 1)]) == (outside, 1)


def test_initial_jobs_follow_the_initial_shares() -> None:
    """At week 0 the employed work outside their field with probability
    `initial_out_of_field` and graduates below their level with `initial_overqualified`,
    by group: each share within four standard errors of its parameter."""
    p = make_params(labour_force=40_000, programmes=[],
                    initial_out_of_field=(0.12, 0.3), initial_overqualified=(0.1, 0.35))
    w = HireModel(p, rng=7, agent_views=False).world
    d, people = _plain_numpy(w), w.people
    for g in (MAJORITY, IMMIGRANT):
        employed = d["employed"] & (people.group == g)
        graduates = employed & (people.qualification > 0)
        for share, rows, target in (
                ((employed & ~d["in_field"]).sum() / employed.sum(), employed,
                 p.initial_out_of_field[g]),
                ((graduates & d["below"]).sum() / graduates.sum(), graduates,
                 p.initial_overqualified[g])):
            se = np.sqrt(target * (1 - target) / rows.sum())
            assert abs(share - target) < 4 * se, (g, share, target, se)
