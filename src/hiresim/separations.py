"""Separations: jobs end at the separation rate (DESIGN §3 step 1); spell durations.

A job's length is drawn once, when it starts, from the geometric distribution of the
weekly separation rate (memoryless, so this equals a weekly coin flip), from the
person's own random stream. People separated this week search from next week.
"""

from __future__ import annotations

import numpy as np

from .jit import append_rows, njit
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


@njit
def _due(job_end: np.ndarray, week: int, out: np.ndarray) -> int:
    """Write the rows whose job ends in ``week`` to ``out``, in order; how many (in
    blocks of 64 rows: see `append_rows`)."""
    n = job_end.shape[0]
    whole = n - n % 64
    k = 0
    for base in range(0, whole, 64):
        bits = np.uint64(0)
        for j in range(64):
            bits |= np.uint64(job_end[base + j] == week) << np.uint64(j)
        k = append_rows(bits, base, out, k)
    for i in range(whole, n):
        if job_end[i] == week:
            out[k] = i
            k += 1
    return k


def separate(people: People, employers: Employers, week: int, counts: WeekCounts) -> np.ndarray:
    """End the jobs due this week; returns the people who became unemployed."""
    buffer = np.empty(people.n, np.int64)  # untouched pages cost nothing
    leaving = buffer[:_due(people.job_end, week, buffer)].copy()
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


def count_week_unemployed(people: People, unemployed: np.ndarray) -> None:
    """End of the week: who is still without a job has been unemployed one week more.

    ``unemployed``: who was unemployed after this week's separations (nobody loses a job
    later in the week).
    """
    _one_more_week(np.asarray(unemployed, np.int64), people.employer, people.weeks_unemployed)


@njit
def _one_more_week(persons: np.ndarray, employer: np.ndarray, weeks: np.ndarray) -> None:
    """``weeks[i] += 1`` for each of ``persons`` (no repeats) still without a job."""
    for i in persons:
        if employer[i] < 0:
            weeks[i] += 1
