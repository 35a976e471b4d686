"""The unit of work of a sweep, run on the workers: simulate tasks and keep what the
experiment asks for (`run_tasks`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..model import simulate as simulation
from ..model.estimands import SWEEP_ESTIMANDS
from ..model.simulate import EFFECT_SUFFIX, run_identity
from ..params.overrides import resolve
from ..params.schema import Params
from ..pipeline.effects import per_replication, variant_info


def run_tasks(base: dict[str, Any], tasks: Sequence[tuple[int, dict[str, Any], int]],
              metrics: Sequence[str], horizons: Sequence[float]) -> dict[str, np.ndarray]:
    """Run ``(task, overrides, seed)`` tasks; keep ``metrics`` at ``horizons`` (months
    after the run's intake week) only.

    A metric is a weekly output; ``<metric>_effect``, the run's value minus its twin
    world's; or an estimand (`SWEEP_ESTIMANDS`), computed by the code a scenario run
    uses (`hiresim.pipeline.effects.per_replication`), for this one run. The twin
    world is run only if a metric needs it. Parameters travel as plain dictionaries
    (small to send); each task's are the base with the point's overrides applied
    (`hiresim.params.overrides.resolve`), validated here. Returns columns ``task``, ``horizon``,
    ``week`` and one per metric, ``len(tasks) * len(horizons)`` rows, in task order.
    """
    estimands = [m for m in metrics if m in SWEEP_ESTIMANDS]  # budget_effect is one
    effects = [m for m in metrics if m.endswith(EFFECT_SUFFIX) and m not in SWEEP_ESTIMANDS]
    twin_needed = needs_twin(metrics)
    cols: dict[str, list[Any]] = {"task": [], "horizon": [], "week": [],
                                  **{m: [] for m in metrics}}
    for task, overrides, seed in tasks:
        params = resolve(base, overrides)
        info = variant_info("point", params, tuple(horizons))
        weeks = [week for _, week in info.horizons]
        frame = simulation.simulate(params, seed, max(weeks)).set_index("week")
        twin = _twin_world(params, seed, max(weeks)) if twin_needed else None
        kept = frame.loc[weeks].assign(**{
            m: (frame[m.removesuffix(EFFECT_SUFFIX)] - twin[m.removesuffix(EFFECT_SUFFIX)]
                ).loc[weeks] for m in effects})
        if estimands:
            per = per_replication(_one_replication(frame), _one_replication(twin), info)
            kept = kept.assign(**{m: per[m].to_numpy() if m in per else np.nan
                                  for m in estimands})
        cols["task"] += [task] * len(weeks)
        cols["horizon"] += list(horizons)
        cols["week"] += weeks
        for m in metrics:
            cols[m] += kept[m].tolist()
    out = {"task": np.asarray(cols["task"], np.int64),
           "horizon": np.asarray(cols["horizon"], np.float64),
           "week": np.asarray(cols["week"], np.int64)}
    for m in metrics:
        out[m] = np.asarray(cols[m], np.float64)
    return out


def needs_twin(metrics: Sequence[str]) -> bool:
    """Whether keeping ``metrics`` needs each run's twin world: an ``_effect`` of a weekly
    metric, or an estimand that compares with the twin world."""
    return any(SWEEP_ESTIMANDS[m] if m in SWEEP_ESTIMANDS else m.endswith(EFFECT_SUFFIX)
               for m in metrics)


def _one_replication(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """One run's weekly outputs (indexed by week) as replication 0 of a world, indexed by
    (replication, week) as `per_replication` reads it."""
    if frame is None:
        return None
    return pd.concat({0: frame}, names=["replication"])


#: Twin worlds a worker keeps for the next design points (points that differ only in
#: delivery share one), by `run_identity` and length; the oldest goes first.
_TWINS: OrderedDict[tuple[str, int], pd.DataFrame] = OrderedDict()
TWINS_KEPT = 128


def _twin_world(params: Params, seed: int, weeks: int) -> pd.DataFrame:
    """A twin world's weekly outputs, indexed by week (read only)."""
    key = (run_identity(params, seed, twin=True), weeks)
    if key in _TWINS:
        _TWINS.move_to_end(key)
        return _TWINS[key]
    _TWINS[key] = simulation.simulate(params, seed, weeks, twin=True).set_index("week")
    if len(_TWINS) > TWINS_KEPT:
        _TWINS.popitem(last=False)
    return _TWINS[key]


def clear_twins() -> None:
    """Forget the twin worlds this worker keeps."""
    _TWINS.clear()
