"""Skills outside the programme (DESIGN §3 step 3).

Skills depreciate slowly while unemployed (except during a traineeship, which is work)
and informal skill grows with time at work. Both touch nearly everybody every week, so
they are one compiled pass over the people.
"""

from __future__ import annotations

import numpy as np

from .jit import njit
from .state import World


@njit
def _week_of_skills(employer: np.ndarray, trainee_host: np.ndarray, formal: np.ndarray,
                    informal: np.ndarray, keep: float, depreciate: bool, rate: float,
                    learn: bool) -> None:
    """formal, informal ← keep·formal, keep·informal for the idle; informal ← informal +
    rate·(1 − informal) for the employed."""
    for i in range(employer.shape[0]):
        if employer[i] >= 0:
            if learn:
                informal[i] += rate * (1.0 - informal[i])
        elif depreciate and trainee_host[i] < 0:
            formal[i] *= keep
            informal[i] *= keep


def update_skills(w: World) -> None:
    """One week of depreciation while unemployed and informal learning at work."""
    p, people = w.params, w.people
    depreciate, learn = p.unemployed_depreciation > 0, p.on_job_learning > 0
    if depreciate or learn:
        _week_of_skills(people.employer, people.trainee_host, people.formal, people.informal,
                        1.0 - p.unemployed_depreciation, depreciate, p.on_job_learning, learn)
