"""Skills outside the programme (DESIGN §3 step 3).

Skills depreciate slowly while unemployed (except during a traineeship, which is work)
and informal skill grows with time at work.
"""

from __future__ import annotations

import numpy as np

from .state import World


def update_skills(w: World) -> None:
    """One week of depreciation while unemployed and informal learning at work."""
    p, people = w.params, w.people
    employed = people.employer >= 0
    if p.unemployed_depreciation > 0:
        idle = np.flatnonzero(~employed & (people.trainee_host < 0))
        keep = 1.0 - p.unemployed_depreciation
        people.formal[idle] *= keep
        people.informal[idle] *= keep
    if p.on_job_learning > 0:
        # informal ← informal + r·(1 − informal) for the employed, as one fused update.
        rate = np.where(employed, p.on_job_learning, 0.0)
        people.informal += rate * (1.0 - people.informal)
