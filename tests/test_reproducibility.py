"""Same parameters and seed: bit-identical results; common random numbers across worlds."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd

from hiresim import HireModel
from hiresim.model.simulate import replication_seed, simulate
from hiresim.model.streams import Streams

SMALL = dict(labour_force=3_000)


def test_same_seed_gives_bit_identical_results() -> None:
    params = HireModel(rng=0, **SMALL).params
    a = simulate(params, 11, 30)
    b = simulate(params, 11, 30)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_different_seeds_give_different_results() -> None:
    params = HireModel(rng=0, **SMALL).params
    a, b = simulate(params, 11, 30), simulate(params, 12, 30)
    assert not a.drop(columns="week").equals(b.drop(columns="week"))


def test_twin_world_is_identical_until_the_programme_starts() -> None:
    params = HireModel(rng=0, **SMALL, start_week=10).params
    real, twin = simulate(params, 5, 30), simulate(params, 5, 30, twin=True)
    before = real["week"] < 10
    pd.testing.assert_frame_equal(real[before], twin[before], check_exact=True)
    assert not real[~before].equals(twin[~before])


def test_programme_with_capacity_zero_changes_nothing() -> None:
    params = HireModel(rng=0, **SMALL, capacity=0).params
    pd.testing.assert_frame_equal(simulate(params, 5, 40), simulate(params, 5, 40, twin=True),
                                  check_exact=True)


def test_a_twin_world_does_not_read_what_only_delivery_reads() -> None:
    """The twin of a programme that differs in every delivery field is the same run, so
    `twin_params` may set those fields to their defaults (and variants share a twin)."""
    from hiresim.model.simulate import DELIVERY_FIELDS, twin_params
    from hiresim.params.overrides import make_params

    base = make_params(labour_force=3_000, programmes=[
        {"capacity": 40, "start_week": 3, "evaluation": "rct", "selection": "readiness"}])
    changes = {"name": "other", "duration_weeks": 20, "matching": "optimal",
               "meetings_per_month": 6.0, "face_to_face_share": 0.2, "role_training": True,
               "plenary_every_weeks": 4, "followup": 0.9, "gap_diagnosis": 0.1,
               "level_adaptation": 0.9, "traineeship_weeks": 8, "trainee_hire_prob": 0.8,
               "mentor_pool_ratio": 1.5, "cost_per_participant": 1.0}
    assert set(changes) == set(DELIVERY_FIELDS)
    other = base.model_copy(update={"programmes": [
        base.programmes[0].model_copy(update=changes)]})

    def run(params) -> pd.DataFrame:
        model = HireModel(params, rng=7, agent_views=False)
        for _ in range(30):
            model.step()
        return model.results()

    # Delivered, the fields matter; not delivered, they do not (no normalisation here).
    assert not run(base).equals(run(other))
    off = {"deliver_programmes": False}
    pd.testing.assert_frame_equal(run(base.model_copy(update=off)),
                                  run(other.model_copy(update=off)), check_exact=True)
    assert twin_params(other) == twin_params(base)


def test_streams_are_indexed_by_agent() -> None:
    """A person's draw does not depend on who else draws (common random numbers)."""
    s = Streams(42)
    everyone = s.uniform("search", 3, np.arange(1000))
    some = s.uniform("search", 3, np.array([5, 999, 17]))
    np.testing.assert_array_equal(some, everyone[[5, 999, 17]])
    assert not np.array_equal(everyone, s.uniform("search", 4, np.arange(1000)))
    assert not np.array_equal(everyone, s.uniform("screening", 3, np.arange(1000)))
    assert not np.array_equal(everyone, Streams(43).uniform("search", 3, np.arange(1000)))


def test_stream_uniforms_are_uniform_and_independent() -> None:
    s = Streams(7)
    u = s.uniform("test", 0, np.arange(200_000))
    counts = np.bincount((u * 20).astype(int), minlength=20)
    expected = len(u) / 20
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 43.8  # the 99.9 % quantile of chi-square with 19 degrees of freedom
    v = s.uniform("test", 0, np.arange(200_000), key=1)
    assert abs(np.corrcoef(u, v)[0, 1]) < 4 / np.sqrt(len(u))
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 4 / np.sqrt(len(u))


def test_poisson_stream_has_the_right_mean_and_variance() -> None:
    k = Streams(3).poisson("apps", 0, np.arange(100_000), 2.0)
    assert abs(k.mean() - 2.0) < 4 * np.sqrt(2.0 / len(k))
    assert abs(k.var() - 2.0) < 0.05


def test_replication_seeds_differ_and_are_stable() -> None:
    seeds = [replication_seed(2019, r) for r in range(100)]
    assert len(set(seeds)) == 100
    assert seeds == [replication_seed(2019, r) for r in range(100)]


def test_models_are_freed_after_use() -> None:
    """Creating many models (with agent objects) does not keep them alive."""
    refs = []
    for seed in range(5):
        model = HireModel(rng=seed, labour_force=300, agent_views=True)
        model.step()
        refs.append(weakref.ref(model))
        del model
    gc.collect()
    assert all(r() is None for r in refs)
