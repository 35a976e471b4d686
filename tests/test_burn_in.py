"""The burn-in before week 0 (`model.burn_in`): week 0 is the market after it, the week
is consistent, a world and its twin share it, and the cache changes nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hiresim import HireModel
from hiresim.model import burn_in
from hiresim.model.operations import left_by
from hiresim.model.simulate import simulate
from hiresim.params.overrides import make_params

from .test_invariants import check_invariants

SMALL = dict(labour_force=2_000, burn_in_years=1.0)


def test_week_0_is_the_market_after_the_burn_in() -> None:
    cold = HireModel(rng=3, agent_views=False, **{**SMALL, "burn_in_years": 0.0})
    warm = HireModel(rng=3, agent_views=False, **SMALL)
    w = warm.world
    assert w.week == 0
    check_invariants(w)
    # The people moved on: some left and were replaced, jobs changed hands.
    assert (w.people.birth_week != cold.world.people.birth_week).any()
    assert (w.people.employer != cold.world.people.employer).any()
    # Every week held lies where it belongs relative to week 0.
    p = w.people
    assert (p.separated_week <= 0).all() and (p.separated_week >= -52).any()
    assert (w.vacancies.opened <= 0).all()
    left = left_by(w.vacancies, np.arange(w.vacancies.n))
    assert ((left >= -1) & (left < p.n)).all()
    assert (p.first_hire_week == -1).all() and not w.right_level_ever.any()
    for _ in range(10):
        warm.step()
        check_invariants(warm.world)


def test_a_world_and_its_twin_share_the_burn_in() -> None:
    params = make_params(**SMALL, programmes=[{"capacity": 60, "start_week": 4}])
    real, twin = simulate(params, 5, 12), simulate(params, 5, 12, twin=True)
    before = real["week"] < 4
    pd.testing.assert_frame_equal(real[before], twin[before], check_exact=True)
    assert not real[~before].equals(twin[~before])
    # And the market without the programme starts from the same state.
    alone = simulate(make_params(**SMALL), 5, 3)
    pd.testing.assert_frame_equal(alone.loc[:3, ["unemployed", "vacancies"]],
                                  real.loc[:3, ["unemployed", "vacancies"]], check_exact=True)


def test_the_cache_changes_nothing() -> None:
    params = make_params(**SMALL)
    burn_in._CACHE.clear()
    fresh = simulate(params, 9, 20)
    assert burn_in._CACHE  # kept
    again = simulate(params, 9, 20)
    burn_in._CACHE.clear()
    pd.testing.assert_frame_equal(fresh, again, check_exact=True)
    assert not fresh.equals(simulate(params, 10, 20))


def test_the_default_market_burns_in() -> None:
    from .conftest import DEFAULT_BURN_IN_YEARS

    assert DEFAULT_BURN_IN_YEARS >= 30


def test_the_burn_in_draws_from_streams_of_its_own() -> None:
    seeds = [burn_in.burn_in_seed(s) for s in range(1000)]
    assert len(set(seeds) | set(range(1000))) == 2000


def test_a_burnt_in_run_is_the_same_in_a_worker_process() -> None:
    """Worker processes burn in (or take from their cache) the same week 0."""
    from concurrent.futures import ProcessPoolExecutor

    params = make_params(**SMALL)
    here = [simulate(params, seed, 6) for seed in (1, 2)]
    with ProcessPoolExecutor(2) as pool:
        there = list(pool.map(simulate, [params] * 2, (1, 2), [6] * 2))
    for a, b in zip(here, there, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_a_scenario_run_sends_the_runs_that_share_a_burn_in_together() -> None:
    """A programme world and its twin start from the same burnt-in market: the plan puts
    them side by side and sends them to one worker, so it burns in once (results do not
    depend on this; tests/test_reproducibility.py)."""
    from pathlib import Path

    from hiresim.config.scenario import load_scenario
    from hiresim.pipeline.runner import batch_size, scenario_plan

    path = Path(__file__).parents[1] / "scenarios" / "imdi_typical.yaml"
    plan = scenario_plan(load_scenario(path, {"replications": 4}))
    keys = [burn_in.burn_in_key(p, s) for p, s, _ in plan.jobs.values()]
    assert len(keys) == 8 and len(set(keys)) == 4  # 4 seeds, a world and its twin each
    assert all(keys[i] == keys[i + 1] for i in range(0, 8, 2))
    assert batch_size(plan, workers=2) == 2
    assert batch_size(plan, workers=4) == 1  # too few groups to keep four workers busy
    assert batch_size(plan, workers=1) == 1  # one process keeps its burnt-in worlds
