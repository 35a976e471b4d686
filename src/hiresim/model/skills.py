"""Skills outside the programme (docs/model.md §3, step 3).

Skills depreciate slowly while unemployed (except during a traineeship, which is work)
and informal skill grows with time at work. Learning touches nearly everybody every
week, so it is one compiled pass over the people without branches (vectorised);
depreciation visits only the list of the unemployed. `update_skills_reference` is the
readable definition of both.
"""

from __future__ import annotations

import numpy as np

from .jit import njit
from .operations import unemployed
from .state import World


@njit
def _learn_at_work(employer: np.ndarray, informal: np.ndarray, rate: float) -> None:
    """informal ← informal + rate·(1 − informal) for the employed (a selection, not a
    branch, so the loop is vectorised; the others' values are written back unchanged)."""
    for i in range(employer.shape[0]):
        x = informal[i]
        learnt = x + rate * (1.0 - x)
        informal[i] = learnt if employer[i] >= 0 else x


@njit
def _depreciate(idle: np.ndarray, trainee_host: np.ndarray, formal: np.ndarray,
                informal: np.ndarray, keep: float) -> None:
    """formal, informal ← keep·formal, keep·informal for ``idle`` not in a traineeship."""
    for i in idle:
        if trainee_host[i] < 0:
            formal[i] *= keep
            informal[i] *= keep


def update_skills(w: World, idle: np.ndarray | None = None) -> None:
    """One week of depreciation while unemployed and informal learning at work.

    ``idle``: the people without a job (no repeats), if the caller has them listed.
    """
    p, people = w.params, w.people
    if p.on_job_learning > 0:
        _learn_at_work(people.employer, people.informal, p.on_job_learning)
    if p.unemployed_depreciation > 0:
        idle = unemployed(people) if idle is None else np.asarray(idle, np.int64)
        _depreciate(idle, people.trainee_host, people.formal, people.informal,
                    1.0 - p.unemployed_depreciation)


def update_skills_reference(w: World) -> tuple[np.ndarray, np.ndarray]:
    """The readable definition of `update_skills`, in numpy passes over everybody: the
    formal and informal skill after one week (new arrays; the state is left as it is).
    `_learn_at_work` and `_depreciate` are its fast equivalent."""
    p, people = w.params, w.people
    formal, informal = people.formal.copy(), people.informal.copy()
    employed = people.employer >= 0
    idle = np.flatnonzero(~employed & (people.trainee_host < 0))
    formal[idle] *= 1.0 - p.unemployed_depreciation
    informal[idle] *= 1.0 - p.unemployed_depreciation
    informal += np.where(employed, p.on_job_learning, 0.0) * (1.0 - informal)
    return formal, informal
