"""Notice before a job ends, and refugees placed in a job by the introduction programme
(docs/model.md §3, steps 1 and 4).

In the last ``notice_weeks`` before a job ends its holder searches every week as the
unemployed do, so some job losers move straight to another job and never become
unemployed; ``introduction_job_share`` of the refugees entering from the introduction
programme come to a job, as labour migrants do.
"""

from __future__ import annotations

import numpy as np

from hiresim import HireModel, make_params
from hiresim.model.jobs import in_notice, next_search_week
from hiresim.model.newcomers import newcomers


def test_search_starts_no_later_than_the_notice() -> None:
    """The next search week is the Poisson draw, brought forward to the first week of
    the notice; without notice it is the draw itself."""
    w = HireModel(rng=3, labour_force=2_000, agent_views=False).world
    persons = np.flatnonzero(w.people.employer >= 0)[:500]
    under = np.zeros(len(persons), bool)
    end = np.full(len(persons), w.week + 10, np.int64)
    end[::3] = -1  # no known end
    off = w.params.model_copy(update={"notice_weeks": 0})
    on = w.params.model_copy(update={"notice_weeks": 4})
    drawn = next_search_week(off, w.streams, w.week, persons, under, end)
    got = next_search_week(on, w.streams, w.week, persons, under, end)
    known = end >= 0
    np.testing.assert_array_equal(got[~known], drawn[~known])
    np.testing.assert_array_equal(got[known], np.minimum(drawn[known], w.week + 6))
    assert (drawn[known] > w.week + 6).any()  # the notice brought some forward
    assert list(in_notice(on, np.array([20, 20, 20, -1]), np.int64(16))) == [True] * 3 + [False]
    assert not in_notice(on, np.array([21]), 16).any()
    assert not in_notice(off, np.array([16, 17]), 16).any()


def _flows(notice: int, seed: int) -> tuple[int, int]:
    """Separations into unemployment and job-to-job moves over a year."""
    model = HireModel(rng=seed, labour_force=4_000, notice_weeks=notice, agent_views=False)
    separations = moves = 0
    for _ in range(52):
        model.step()
        separations += int(model.world.counts.separations.sum())
        moves += model.world.counts.job_to_job
    return separations, moves


def test_notice_turns_job_losses_into_moves() -> None:
    """With eight weeks' notice, fewer jobs end in unemployment and more people move
    from job to job than without, paired by seed; the mean difference lies beyond
    three standard errors of the paired differences."""
    seeds = range(6)
    diff = np.array([np.subtract(_flows(8, s), _flows(0, s)) for s in seeds], np.float64)
    mean = diff.mean(axis=0)
    se = diff.std(axis=0, ddof=1) / np.sqrt(len(seeds))
    assert mean[0] < -3 * se[0], (mean, se)
    assert mean[1] > 3 * se[1], (mean, se)


def test_the_introduction_programme_places_its_share_of_refugees() -> None:
    """Every refugee comes to a job with a share of 1, none with 0, and about the share
    in between (binomial, four standard errors); others are unaffected."""
    p = make_params(labour_force=1_000)
    w = HireModel(p, rng=1, agent_views=False).world
    rows = np.arange(60_000)
    origin = np.full(len(rows), 4, np.int8)  # Africa: most are refugees
    placed, others = {}, {}
    for share in (0.0, 0.6, 1.0):
        q = p.model_copy(update={"introduction_job_share": share})
        new = newcomers(q, w.streams, 5, rows, origin)
        placed[share] = new.to_a_job[new.refugee]
        others[share] = new.to_a_job[~new.refugee]
    np.testing.assert_array_equal(others[1.0], others[0.0])
    assert others[0.0].any()  # labour migrants
    assert not placed[0.0].any() and placed[1.0].all()
    n = len(placed[0.6])
    assert n > 30_000
    assert abs(placed[0.6].mean() - 0.6) < 4 * np.sqrt(0.6 * 0.4 / n)
