"""The model builds with defaults, steps, and Mesa's machinery drives it."""

from __future__ import annotations

import inspect

import mesa

from hiresim import HireModel
from hiresim.model.metrics import metric_names


def test_default_model_runs_and_collects_every_metric(small_model: HireModel) -> None:
    for _ in range(10):
        small_model.step()
    frame = small_model.results()
    assert list(frame.index) == list(range(11))
    assert set(metric_names()) - {"week"} <= set(frame.columns)
    assert small_model.steps == 10


def test_batch_run_drives_the_model() -> None:
    # Mesa 3.4 replaced `iterations` by `rng` (one run per seed); 3.3 has only the former.
    runs = {"rng": [1]} if "rng" in inspect.signature(mesa.batch_run).parameters \
        else {"iterations": 1}
    results = mesa.batch_run(
        HireModel, parameters={"labour_force": 500, "meetings_per_month": [1, 4]},
        max_steps=3, number_processes=1, display_progress=False, data_collection_period=1,
        **runs,
    )
    assert len(results) == 2 * 4  # two parameter values, weeks 0..3
    assert {r["meetings_per_month"] for r in results} == {1, 4}
