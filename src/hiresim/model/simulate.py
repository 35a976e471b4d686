"""Run one model for a number of weeks: the unit of work of every runner and sweep."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ..params.schema import Params, Programme
from .model import HireModel

#: Programme fields read only while a programme is delivered (dyads, meetings, plenaries,
#: placements, costs, labels). A twin world delivers nothing, so it is the same
#: simulation whatever their values (tested): `twin_params` sets them to their defaults
#: (and names each programme by its place in the list, so names stay unique), and
#: variants that differ only in delivery share one twin world.
DELIVERY_FIELDS = ("name", "duration_weeks", "matching", "meetings_per_month",
                   "face_to_face_share", "role_training", "plenary_every_weeks", "followup",
                   "gap_diagnosis", "level_adaptation", "traineeship_weeks",
                   "trainee_hire_prob", "mentor_pool_ratio", "cost_per_participant")
_DELIVERY_DEFAULTS = {f: Programme.model_fields[f].default for f in DELIVERY_FIELDS}
#: Suffix of a metric kept as a programme effect: the run minus its twin world (the same
#: seed with nothing delivered, so every other random draw is shared).
EFFECT_SUFFIX = "_effect"


def twin_params(params: Params) -> Params:
    """The parameters of ``params``'s twin world: nothing delivered, the fields that only
    delivery reads at their defaults, and programme ``i`` named ``programme i``."""
    programmes = [pr.model_copy(update={**_DELIVERY_DEFAULTS, "name": f"programme {i}"})
                  for i, pr in enumerate(params.programmes, 1)]
    return params.model_copy(update={"deliver_programmes": False, "programmes": programmes})


def run_identity(params: Params, seed: int, twin: bool = False) -> str:
    """What determines a run's outputs, as a short key: the parameters it simulates and
    its seed. A twin world simulates `twin_params`, so variants or design points that
    differ only in delivery share one; without a programme the twin world is the run
    itself. Runs with the same key are one simulation (scenario runs simulate it once;
    sweep workers keep the last twin worlds they ran)."""
    twin = twin and bool(params.programmes)
    text = (twin_params(params) if twin else params).model_dump_json()
    return f"{hashlib.sha256(text.encode()).hexdigest()[:16]}:{seed}:{int(twin)}"


def replication_seed(seed: int, replication: int) -> int:
    """The run seed of replication ``replication`` of a study seeded with ``seed``.

    Every variant of a study uses the same replication seeds, and a twin world uses its
    treated world's seed, so comparisons share their random numbers.
    """
    state = np.random.SeedSequence([int(seed), int(replication)]).generate_state(2, np.uint32)
    return (int(state[0]) << 31) ^ int(state[1])


def simulate(params: Params, seed: int, weeks: int, twin: bool = False) -> pd.DataFrame:
    """Weekly outputs (weeks 0..``weeks``) of one run; ``twin`` runs its twin world.

    The twin world is the same run with ``deliver_programmes`` off (`twin_params`): intake
    still selects and labels participants, but nothing is delivered, and every other
    random draw is shared (common random numbers).
    """
    if twin:
        params = twin_params(params)
    model = HireModel(params, rng=int(seed), agent_views=False)
    for _ in range(int(weeks)):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    frame["week"] = frame["week"].astype(np.int64)
    return frame.reset_index(drop=True)
