"""Run one model for a number of weeks: the unit of work of every runner and sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import HireModel
from .params import Params


def replication_seed(seed: int, replication: int) -> int:
    """The run seed of replication ``replication`` of a study seeded with ``seed``.

    Every variant of a study uses the same replication seeds, and a twin world uses its
    treated world's seed, so comparisons share their random numbers.
    """
    state = np.random.SeedSequence([int(seed), int(replication)]).generate_state(2, np.uint32)
    return (int(state[0]) << 31) ^ int(state[1])


def simulate(params: Params, seed: int, weeks: int, twin: bool = False) -> pd.DataFrame:
    """Weekly outputs (weeks 0..``weeks``) of one run; ``twin`` runs its twin world.

    The twin world is the same run with ``deliver_programmes`` off: intake still selects
    and labels participants, but nothing is delivered, and every other random draw is
    shared (common random numbers).
    """
    if twin:
        params = params.model_copy(update={"deliver_programmes": False})
    model = HireModel(params, rng=int(seed), agent_views=False)
    for _ in range(int(weeks)):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    frame["week"] = frame["week"].astype(np.int64)
    return frame.reset_index(drop=True)
