"""Unemployment benefit (docs/model.md §3, steps 1 and 4): a job loser is entitled to
dagpenger with probability `benefit_entitled_share`, draws it for the first
`benefit_weeks` weeks of the spell, and in those weeks searches with probability
`benefit_search_intensity`; newcomers have no right."""

from __future__ import annotations

import numpy as np

from hiresim import HireModel
from hiresim.model import benefits
from hiresim.model.operations import unemployed as unemployed_of

SHARE, INTENSITY = 0.45, 0.55


def _losers_and_newcomers(seed: int, weeks: int = 52) -> tuple[int, int, int]:
    """Over ``weeks``: people who lost a job, how many of them are entitled, and how
    many newcomers out of work are entitled."""
    model = HireModel(rng=seed, labour_force=20_000, benefit_entitled_share=SHARE,
                      agent_views=False)
    people = model.world.people
    lost = entitled = newcomers_entitled = 0
    for _ in range(weeks):
        leave = people.leave_week.copy()
        model.step()
        week = model.world.week
        idle = people.employer < 0
        losers = (people.separated_week == week) & (people.leave_week == leave) & idle
        lost += int(losers.sum())
        entitled += int((losers & people.benefit_right).sum())
        new = (people.leave_week != leave) & idle
        newcomers_entitled += int((new & people.benefit_right).sum())
    return lost, entitled, newcomers_entitled


def test_job_losers_are_entitled_with_their_share_and_newcomers_never() -> None:
    """The share of job losers entitled lies within 4 standard errors of
    `benefit_entitled_share` (binomial, pooled over two seeds); no newcomer is."""
    n = k = new = 0
    for seed in (1, 2):
        a, b, c = _losers_and_newcomers(seed)
        n, k, new = n + a, k + b, new + c
    assert n > 500
    assert abs(k / n - SHARE) < 4 * np.sqrt(SHARE * (1 - SHARE) / n)
    assert new == 0


def _world(**overrides: float) -> HireModel:
    model = HireModel(rng=3, labour_force=20_000, agent_views=False, **overrides)
    for _ in range(6):
        model.step()
    return model


def test_recipients_search_with_their_intensity() -> None:
    """Everybody not drawing dagpenger searches; of those drawing it, the share who
    search lies within 4 standard errors of `benefit_search_intensity`, pooled over
    20 weeks' draws; the week's recipients are counted."""
    model = _world(benefit_entitled_share=1.0, benefit_search_intensity=INTENSITY)
    w = model.world
    idle = unemployed_of(w.people)
    on = benefits.drawing(w.people, idle, w.params.benefit_weeks)
    assert on.sum() > 100 and (~on).sum() > 100
    kept = 0
    for _ in range(20):
        w.week += 1
        counted = benefits.count_recipients(w, idle)
        np.testing.assert_array_equal(counted, on)
        assert w.counts.benefit_recipients == int(on.sum())
        chosen = np.isin(idle, benefits.searching(w, idle, on))
        assert chosen[~on].all()
        kept += int(chosen[on].sum())
    n = 20 * int(on.sum())
    assert abs(kept / n - INTENSITY) < 4 * np.sqrt(INTENSITY * (1 - INTENSITY) / n)
    full = w.params.model_copy(update={"benefit_search_intensity": 1.0})
    w.params = full
    np.testing.assert_array_equal(benefits.searching(w, idle, on), idle)


def test_the_benefit_ends_after_benefit_weeks() -> None:
    """A right is drawn on for the spell's first `benefit_weeks` weeks, not after."""
    model = _world(benefit_entitled_share=1.0, benefit_weeks=10)
    people = model.world.people
    idle = unemployed_of(people)
    rights = idle[people.benefit_right[idle]]
    assert len(rights) > 10
    people.weeks_unemployed[rights[:5]] = 9
    people.weeks_unemployed[rights[5:10]] = 10
    on = benefits.drawing(people, rights[:10], 10)
    assert on[:5].all() and not on[5:].any()


def test_recipients_who_never_search_are_never_hired() -> None:
    """With a search intensity of 0 nobody drawing dagpenger finds a job, while others
    out of work do (so the rule, not a dead market, keeps them out)."""
    model = _world(benefit_entitled_share=1.0, benefit_search_intensity=0.0)
    people = model.world.people
    others_hired = 0
    for _ in range(8):
        idle = people.employer < 0
        drawing = idle & people.benefit_right & (people.weeks_unemployed
                                                 < model.params.benefit_weeks)
        leave = people.leave_week.copy()
        model.step()
        hired = (people.employer >= 0) & (people.leave_week == leave)  # not a newcomer
        assert not (drawing & hired).any()
        others_hired += int((idle & ~drawing & hired).sum())
    assert others_hired > 20


def test_the_flow_model_counts_recipients_but_keeps_one_rate() -> None:
    """With exogenous job finding the recipients are counted, and the flow model's one
    rate applies to them as to everybody (its limit stays exact)."""
    model = _world(benefit_entitled_share=1.0, job_finding="exogenous",
                   exogenous_job_finding_rate=0.5, benefit_search_intensity=0.0)
    people = model.world.people
    idle = people.employer < 0
    drawing = idle & people.benefit_right & (people.weeks_unemployed
                                             < model.params.benefit_weeks)
    leave = people.leave_week.copy()
    model.step()
    assert model.metrics["benefit_recipients"] > 0
    assert ((people.employer >= 0) & (people.leave_week == leave) & drawing).sum() > 0
