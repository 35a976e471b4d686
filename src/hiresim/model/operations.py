"""State operations: the changes to the state that several mechanisms make.

Starting and ending jobs (with the employers' staff counts and the week's counts),
opening and filling vacancies (and the names that tie a vacancy's random draws to the
event that opened it), adding employer contacts, and who is out of work. These are pure
changes of the arrays of `state`: the values they write (when a job ends, when its
holder searches next, which contacts are added) are decided by the mechanisms and the
rules of a job (`jobs`) that call them. This module imports no mechanism.
"""

from __future__ import annotations

import numpy as np

from .jit import append_rows, njit
from .state import IMMIGRANT, NOBODY, Job, People, Vacancies, World

# --- Who is out of work ------------------------------------------------------------------


@njit
def _without_job(employer: np.ndarray, unemployed: np.ndarray) -> int:
    """One pass: the unemployed, in order (in blocks of 64 rows: see `append_rows`)."""
    n = employer.shape[0]
    whole = n - n % 64
    n_idle = 0
    for base in range(0, whole, 64):
        idle_bits = np.uint64(0)
        for k in range(64):
            idle_bits |= np.uint64(employer[base + k] < 0) << np.uint64(k)
        n_idle = append_rows(idle_bits, base, unemployed, n_idle)
    for i in range(whole, n):  # the last rows, one by one, without branches
        unemployed[n_idle] = i
        n_idle += employer[i] < 0
    return n_idle


def unemployed(people: People) -> np.ndarray:
    """The unemployed, in row order."""
    out = np.empty(people.n, np.int64)
    return out[:_without_job(people.employer, out)].copy()


def count_by_origin(w: World, persons: np.ndarray) -> np.ndarray:
    """How many of ``persons`` in each region of birth (for the week's counts)."""
    return np.bincount(w.people.origin[persons], minlength=len(w.counts.hires))


# --- Jobs --------------------------------------------------------------------------------


@njit
def _count_staff(staff: np.ndarray, staff_immigrant: np.ndarray, employer: np.ndarray,
                 immigrant: np.ndarray, change: int) -> None:
    """One pass over the hires or leavers instead of a count over every employer."""
    for r in range(employer.shape[0]):
        staff[employer[r]] += change
        staff_immigrant[employer[r]] += change if immigrant[r] else 0


def count_staff(w: World, employer: np.ndarray, persons: np.ndarray, change: int) -> None:
    """Add ``change`` to the staff counts of ``employer`` (repeats count each time), and
    to the immigrant staff counts where the matching one of ``persons`` is an immigrant."""
    emp = w.employers
    _count_staff(emp.staff, emp.staff_immigrant, np.asarray(employer, np.int64),
                 np.asarray(w.people.group[persons] == IMMIGRANT, np.bool_), change)


def start_jobs(w: World, persons: np.ndarray, employer: np.ndarray, level: np.ndarray,
               job_end: np.ndarray, search_week: np.ndarray) -> None:
    """``persons`` (each without a job, no repeats) start jobs at ``employer`` and
    ``level`` this week, ending in week ``job_end``, with their next search on the job in
    ``search_week``; a job ends a traineeship. Counted as this week's hires."""
    people, week = w.people, w.week
    count_staff(w, employer, persons, 1)
    people.employer[persons] = employer
    people.level[persons] = level
    people.hire_week[persons] = week
    people.job_end[persons] = job_end
    people.search_week[persons] = search_week
    people.weeks_unemployed[persons] = 0
    people.registered[persons] = True
    people.trainee_host[persons] = -1
    first = (people.first_hire_week[persons] < 0) & (week >= w.tracking_start)
    people.first_hire_week[persons[first]] = week
    w.counts.hires += count_by_origin(w, persons)
    w.counts.hired = np.concatenate([w.counts.hired, persons])


def vacate(w: World, persons: np.ndarray) -> Job:
    """``persons`` (each employed) leave their jobs: the employers' staff counts fall, the
    people hold no job, and every job becomes a replacement vacancy at the same employer
    and level; returns the jobs they held."""
    people = w.people
    persons = np.asarray(persons, np.int64)
    emp = people.employer[persons].astype(np.int64)
    job = Job(person=persons, employer=emp, level=people.level[persons].copy(),
              tenure=w.week - people.hire_week[persons].astype(np.int64))
    if len(persons) == 0:
        return job
    count_staff(w, emp, persons, -1)
    people.employer[persons] = NOBODY
    people.level[persons] = -1
    people.job_end[persons] = -1
    people.hire_week[persons] = -1
    people.search_week[persons] = -1
    open_vacancies(w, job.employer, job.level, replacement_uid(w.week, persons), w.week)
    w.counts.vacancies_replaced += len(persons)
    return job


# --- Vacancies ---------------------------------------------------------------------------
# Every vacancy carries the name of the event that opened it (its ``uid``): a replacement
# by the week and the person who left, a new job by the week and the number of the
# opportunity. The same vacancy therefore draws the same random numbers in a world and
# its twin.

_WEEK_SHIFT = 32
_CREATED = np.int64(1) << 31


def replacement_uid(week: int, persons: np.ndarray) -> np.ndarray:
    """Names of the vacancies left by ``persons`` in ``week``."""
    return (np.int64(week + 1) << _WEEK_SHIFT) | np.asarray(persons, np.int64)


def created_uid(week: int, opportunities: np.ndarray) -> np.ndarray:
    """Names of the vacancies opened for job opportunities numbered ``opportunities``."""
    return ((np.int64(week + 1) << _WEEK_SHIFT) | _CREATED
            | np.asarray(opportunities, np.int64))


def left_by(vac: Vacancies, rows: np.ndarray) -> np.ndarray:
    """The row of the person who left each replacement vacancy of ``rows`` (-1 for a
    new job)."""
    uid = vac.uid[rows]
    return np.where(uid & _CREATED, -1, uid & (_CREATED - 1))


def open_vacancies(w: World, employer: np.ndarray, level: np.ndarray, uid: np.ndarray,
                   opened: np.ndarray | int) -> None:
    """Append open vacancies at ``employer`` and ``level`` (in the employer's field),
    named ``uid``, opened in week ``opened``."""
    employer = np.asarray(employer, np.int64)
    w.vacancies.append(employer=employer, level=level, field=w.employers.field[employer],
                       uid=uid, opened=np.broadcast_to(opened, employer.shape))


def fill_vacancies(w: World, rows: np.ndarray) -> None:
    """Take the vacancies ``rows`` (of the stock as it was before this week's new
    replacements were appended) off the market: they were filled."""
    if len(rows) == 0:
        return
    w.counts.vacancies_filled += len(rows)
    keep = np.ones(w.vacancies.n, bool)
    keep[rows] = False
    w.vacancies.keep(keep)


# --- Contacts ----------------------------------------------------------------------------


def add_contacts(people: People, persons: np.ndarray, employers: np.ndarray) -> None:
    """Give each person a new employer contact (ring buffer: the oldest is replaced);
    contacts a person already has, and all but a person's first, are skipped."""
    k = people.contacts.shape[1]
    if k == 0 or len(persons) == 0:
        return
    already = (people.contacts[persons] == employers[:, None]).any(axis=1)
    persons, employers = persons[~already], employers[~already]
    persons, first = np.unique(persons, return_index=True)
    employers = employers[first]
    slot = people.contact_next[persons].astype(np.int64)
    people.contacts[persons, slot] = employers
    people.contact_next[persons] = ((slot + 1) % k).astype(np.int8)


def add_contacts_in_turn(people: People, persons: np.ndarray, employers: np.ndarray
                         ) -> None:
    """`add_contacts` for each pair in turn: a person listed several times gains each
    contact (the same as one call per round of pairs in which nobody repeats)."""
    if people.contacts.shape[1] == 0 or len(persons) == 0:
        return
    _add_in_turn(people.contacts, people.contact_next, np.asarray(persons, np.int64),
                 np.asarray(employers, np.int64))


@njit
def _add_in_turn(contacts: np.ndarray, contact_next: np.ndarray, persons: np.ndarray,
                 employers: np.ndarray) -> None:
    """Each pair in turn: the employer goes into the person's next slot unless already
    a contact."""
    k = contacts.shape[1]
    for r in range(persons.shape[0]):
        i, e = persons[r], employers[r]
        have = False
        for j in range(k):
            have |= contacts[i, j] == e
        if not have:
            s = contact_next[i]
            contacts[i, s] = e
            contact_next[i] = (s + 1) % k
