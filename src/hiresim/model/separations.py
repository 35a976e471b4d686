"""Separations: the jobs due to end this week end (docs/model.md §3, step 1); spell durations.

A job's length is drawn when it starts (`jobs.draw_job_end`). The job left becomes a
replacement vacancy; the person keeps ties from it (`jobs.leave_jobs`). People separated
this week search from next week.
"""

from __future__ import annotations

import numpy as np

from . import benefits
from .jit import append_rows, njit
from .jobs import leave_jobs
from .operations import count_by_origin
from .state import World


@njit
def _due(job_end: np.ndarray, leave_week: np.ndarray, search_week: np.ndarray, week: int,
         ending: np.ndarray, leaving: np.ndarray, searching: np.ndarray
         ) -> tuple[int, int, int]:
    """Write the rows whose job ends in ``week`` to ``ending``, those who leave the
    labour force to ``leaving`` and those who search on the job to ``searching``, in
    order; how many of each (in blocks of 64 rows: see `append_rows`)."""
    n = job_end.shape[0]
    whole = n - n % 64
    k = m = s = 0
    for base in range(0, whole, 64):
        ends = leaves = looks = np.uint64(0)
        for j in range(64):
            ends |= np.uint64(job_end[base + j] == week) << np.uint64(j)
            leaves |= np.uint64(leave_week[base + j] == week) << np.uint64(j)
            looks |= np.uint64(search_week[base + j] == week) << np.uint64(j)
        k = append_rows(ends, base, ending, k)
        m = append_rows(leaves, base, leaving, m)
        s = append_rows(looks, base, searching, s)
    for i in range(whole, n):
        if job_end[i] == week:
            ending[k] = i
            k += 1
        if leave_week[i] == week:
            leaving[m] = i
            m += 1
        if search_week[i] == week:
            searching[s] = i
            s += 1
    return k, m, s


def due(w: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """This week's job ends, the people leaving the labour force and those due to search
    on the job (one pass)."""
    people = w.people
    buffers = [np.empty(people.n, np.int64) for _ in range(3)]  # untouched pages of the
    counts = _due(people.job_end, people.leave_week, people.search_week, w.week,  # buffers
                  *buffers)  # cost nothing
    return tuple(b[:c].copy() for b, c in zip(buffers, counts, strict=True))


def separate(w: World, ending: np.ndarray) -> None:
    """End the jobs due this week: the holders become unemployed, the jobs vacancies."""
    if len(ending) == 0:
        return
    people = w.people
    leave_jobs(w, ending)
    benefits.grant(w, ending)
    people.separated_week[ending] = w.week
    people.weeks_unemployed[ending] = 0
    w.counts.separations += count_by_origin(w, ending)


def count_week_unemployed(w: World, unemployed: np.ndarray) -> None:
    """End of the week: who is still without a job has been unemployed one week more.

    ``unemployed``: who was unemployed after this week's separations (nobody loses a job
    later in the week).
    """
    _one_more_week(np.asarray(unemployed, np.int64), w.people.employer,
                   w.people.weeks_unemployed)


@njit
def _one_more_week(persons: np.ndarray, employer: np.ndarray, weeks: np.ndarray) -> None:
    """``weeks[i] += 1`` for each of ``persons`` (no repeats) still without a job."""
    for i in persons:
        if employer[i] < 0:
            weeks[i] += 1


def count_week_unemployed_reference(w: World, unemployed: np.ndarray) -> np.ndarray:
    """The readable definition of `count_week_unemployed` (`_one_more_week`): everybody's
    weeks unemployed after it, by fancy indexing (a new array; the state is left as it
    is)."""
    people = w.people
    weeks = people.weeks_unemployed.copy()
    weeks[unemployed[people.employer[unemployed] < 0]] += 1
    return weeks
