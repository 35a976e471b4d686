"""Separations: jobs end at the separation rate (DESIGN §3 step 1).

A job's length is drawn once, when it starts, from the geometric distribution of the
weekly separation rate (memoryless, so this equals a weekly coin flip), from the
person's own random stream. People separated this week search from next week.
"""

from __future__ import annotations

import numpy as np

from .params import Params
from .state import IMMIGRANT, NOBODY, Employers, People, WeekCounts
from .streams import Streams


def separation_rate(p: Params, group: np.ndarray) -> np.ndarray:
    """Weekly separation probability by group."""
    mult = np.where(group == IMMIGRANT, p.immigrant_separation_multiplier, 1.0)
    return np.minimum(p.separation_rate * mult, 1.0)


def draw_job_end(p: Params, streams: Streams, people: People, persons: np.ndarray,
                 week: int) -> np.ndarray:
    """The week in which jobs starting this week end (at the earliest next week)."""
    rate = separation_rate(p, people.group[persons])
    return week + 1 + streams.geometric("separation", week, persons, rate)


def separate(people: People, employers: Employers, week: int, counts: WeekCounts) -> np.ndarray:
    """End the jobs due this week; returns the people who became unemployed."""
    leaving = np.flatnonzero(people.job_end == week)
    if len(leaving) == 0:
        return leaving
    emp = people.employer[leaving]
    imm = people.group[leaving] == IMMIGRANT
    np.subtract.at(employers.staff, emp, 1)
    np.subtract.at(employers.staff_immigrant, emp[imm], 1)
    people.employer[leaving] = NOBODY
    people.level[leaving] = -1
    people.job_end[leaving] = -1
    people.separated_week[leaving] = week
    people.weeks_unemployed[leaving] = 0
    counts.separations += np.bincount(people.group[leaving], minlength=2)
    return leaving
