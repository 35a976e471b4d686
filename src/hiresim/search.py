"""Search: who applies where this week (DESIGN §3 step 4).

Each searcher sends a Poisson number of applications. Where a contact employer has an
open vacancy, the first application goes there as a referral; the rest go to random open
vacancies, mostly in the person's own field and at the person's own level, and the
longer unemployed, the more often below that level. With ``targeted_search`` off every
application goes to a uniformly random vacancy (the urn-ball limit, DESIGN §6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .jit import njit
from .params import Params
from .state import People, Vacancies
from .streams import Streams


@dataclass
class Applications:
    """One row per application: applicant, vacancy row, and whether it is a referral."""

    person: np.ndarray
    vacancy: np.ndarray
    referral: np.ndarray

    @property
    def n(self) -> int:
        return int(self.person.shape[0])


@njit
def _without_job(employer: np.ndarray, level: np.ndarray, qualification: np.ndarray,
                 unemployed: np.ndarray, underemployed: np.ndarray) -> tuple[int, int]:
    """One pass: the unemployed and the employed below their level, in order.

    Without branches: every row is written to both lists and kept by advancing the
    list's length (a branch would mispredict for the few percent without a job)."""
    n_idle = n_under = 0
    for i in range(employer.shape[0]):
        idle = employer[i] < 0
        unemployed[n_idle] = i
        underemployed[n_under] = i
        n_idle += idle
        n_under += (not idle) & (level[i] < qualification[i])
    return n_idle, n_under


def searchers(people: People) -> tuple[np.ndarray, np.ndarray]:
    """The unemployed and the employed below their level (who search on the job)."""
    unemployed, under = np.empty(people.n, np.int64), np.empty(people.n, np.int64)
    n_idle, n_under = _without_job(people.employer, people.level, people.qualification,
                                   unemployed, under)
    return unemployed[:n_idle].copy(), under[:n_under].copy()


def _expand(persons: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Repeat each person ``count`` times; also return each copy's number 0..count-1."""
    rep = np.repeat(persons, counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return rep, np.arange(len(rep)) - starts


class _CellIndex:
    """Vacancy rows grouped by an integer cell key, for drawing a random one per cell."""

    def __init__(self, keys: np.ndarray, n_cells: int):
        self.order = np.argsort(keys, kind="stable")
        self.count = np.bincount(keys, minlength=n_cells)
        self.start = np.cumsum(self.count) - self.count

    def draw(self, cell: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A random vacancy row in each cell, or -1 where the cell is empty."""
        out = np.empty(len(cell), np.int64)
        _draw_in_cells(self.order, self.count, self.start, np.asarray(cell, np.int64), u, out)
        return out


@njit
def _referral_employers(contacts: np.ndarray, persons: np.ndarray, hiring: np.ndarray,
                        u: np.ndarray, out: np.ndarray) -> None:
    """Each person's contact employer to ask for a referral: of the contacts with an open
    vacancy (slots of -1 are empty), the j-th in slot order, j = ⌊u·options⌋; -1 if none."""
    for r in range(persons.shape[0]):
        row = contacts[persons[r]]
        options = 0
        for e in row:
            if e >= 0 and hiring[e]:
                options += 1
        out[r] = -1
        if options:
            j = min(np.int64(u[r] * options), options - 1)
            for e in row:
                if e >= 0 and hiring[e]:
                    if j == 0:
                        out[r] = e
                        break
                    j -= 1


@njit
def _draw_in_cell(order: np.ndarray, count: np.ndarray, start: np.ndarray, cell: int,
                  u: float) -> int:
    """A random row of ``cell`` (the ``u``-quantile of its rows), or -1 if it has none."""
    c = count[cell]
    if c == 0:
        return -1
    pick = start[cell] + min(np.int64(u * c), max(c - 1, 0))
    return order[min(pick, order.shape[0] - 1)]


@njit
def _draw_in_cells(order: np.ndarray, count: np.ndarray, start: np.ndarray, cell: np.ndarray,
                   u: np.ndarray, out: np.ndarray) -> None:
    for a in range(cell.shape[0]):
        out[a] = _draw_in_cell(order, count, start, cell[a], u[a])


@njit
def _targeted(person: np.ndarray, which: np.ndarray, qualification: np.ndarray,
              field: np.ndarray, u_field: np.ndarray, u_level: np.ndarray,
              u_below: np.ndarray, u_vac: np.ndarray, p_below: np.ndarray,
              own_field_share: float,
              cell_order: np.ndarray, cell_count: np.ndarray, cell_start: np.ndarray,
              level_order: np.ndarray, level_count: np.ndarray, level_start: np.ndarray,
              out: np.ndarray) -> None:
    """Each application's vacancy: at the person's level (below it with probability
    ``p_below`` of its searcher ``which``), in the person's field with probability
    ``own_field_share``."""
    for a in range(person.shape[0]):
        i = person[a]
        qual = np.int64(qualification[i])
        level = qual
        if u_level[a] < p_below[which[a]] and qual > 0:
            level = np.int64(np.floor(u_below[a] * qual))
        if u_field[a] < own_field_share:
            out[a] = _draw_in_cell(cell_order, cell_count, cell_start,
                                   np.int64(field[i]) * 3 + level, u_vac[a])
        else:
            out[a] = _draw_in_cell(level_order, level_count, level_start, level, u_vac[a])


@njit
def _sent(searchers: np.ndarray, ref_target: np.ndarray, person: np.ndarray,
          target: np.ndarray, employer: np.ndarray, level: np.ndarray,
          vacancy_level: np.ndarray, out_person: np.ndarray, out_vacancy: np.ndarray,
          out_referral: np.ndarray) -> int:
    """The applications that go out, referrals first: to a vacancy (not -1), and from the
    employed only for jobs above their current level. Returns how many were written."""
    n = 0
    for a in range(searchers.shape[0] + person.shape[0]):
        ref = a < searchers.shape[0]
        if ref:
            i, v = searchers[a], ref_target[a]
        else:
            i, v = person[a - searchers.shape[0]], target[a - searchers.shape[0]]
        if v >= 0 and (employer[i] < 0 or vacancy_level[v] > level[i]):
            out_person[n], out_vacancy[n], out_referral[n] = i, v, ref
            n += 1
    return n


def referral_targets(people: People, vac: Vacancies, n_employers: int, persons: np.ndarray,
                     streams: Streams, week: int) -> np.ndarray:
    """For each person, a random open vacancy at one of his or her contacts (-1: none)."""
    target = np.full(len(persons), -1, np.int64)
    if vac.n == 0 or people.contacts.shape[1] == 0 or len(persons) == 0:
        return target
    hiring = np.zeros(n_employers, np.bool_)
    hiring[vac.employer] = True
    persons = np.ascontiguousarray(persons, dtype=np.int64)
    employer = np.empty(len(persons), np.int64)
    # Everybody's draw is made (each is the person's own), so one pass finds and chooses.
    _referral_employers(people.contacts, persons, hiring,
                        streams.uniform("referral", week, persons), employer)
    rows = np.flatnonzero(employer >= 0)
    if len(rows):
        per_employer = _CellIndex(vac.employer.astype(np.int64), n_employers)
        target[rows] = per_employer.draw(
            employer[rows], streams.uniform("referral_vacancy", week, persons[rows]))
    return target


def applications(people: People, vac: Vacancies, p: Params, streams: Streams, week: int,
                 unemployed: np.ndarray, underemployed: np.ndarray, n_employers: int,
                 referrals: bool = True) -> Applications:
    """This week's applications from the unemployed and the under-employed searchers."""
    empty = Applications(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))
    searchers = np.concatenate([unemployed, underemployed]).astype(np.int64, copy=False)
    if vac.n == 0 or len(searchers) == 0:
        return empty
    n_apps = np.empty(len(searchers), np.int64)
    for part, mean in ((slice(0, len(unemployed)), p.applications_per_week),
                       (slice(len(unemployed), None), p.on_the_job_search_rate)):
        if p.application_count == "poisson":
            n_apps[part] = streams.poisson("applications", week, searchers[part], mean)
        else:
            n_apps[part] = np.floor(mean + 0.5)
    active = n_apps > 0
    searchers, n_apps = searchers[active], n_apps[active]

    ref_target = np.full(len(searchers), -1, np.int64)
    if referrals and p.referrals:
        ref_target = referral_targets(people, vac, n_employers, searchers, streams, week)
    has_ref = ref_target >= 0
    n_random = n_apps - has_ref

    which, j = _expand(np.arange(len(searchers)), n_random)
    person = searchers[which]
    if p.targeted_search:
        u_field = streams.uniform("search_field", week, person, j)
        u_level = streams.uniform("search_level", week, person, j)
        u_below = streams.uniform("search_below", week, person, j)
        u_vac = streams.uniform("search_vacancy", week, person, j)
        dur = people.weeks_unemployed[searchers]
        p_below = p.below_level_max * (1.0 - np.exp(-dur / p.below_level_weeks))
        by_cell = _CellIndex(vac.field.astype(np.int64) * 3 + vac.level, p.n_fields * 3)
        by_level = _CellIndex(vac.level.astype(np.int64), 3)
        target = np.empty(len(person), np.int64)
        _targeted(person, which, people.qualification, people.field, u_field, u_level, u_below,
                  u_vac, p_below, p.own_field_share, by_cell.order, by_cell.count,
                  by_cell.start, by_level.order, by_level.count, by_level.start, target)
    else:
        u_vac = streams.uniform("search_vacancy", week, person, j)
        target = np.minimum((u_vac * vac.n).astype(np.int64), vac.n - 1)

    size = len(searchers) + len(person)
    out = Applications(np.empty(size, np.int64), np.empty(size, np.int64),
                       np.empty(size, np.bool_))
    n = _sent(searchers, ref_target, person, target, people.employer, people.level,
              vac.level, out.person, out.vacancy, out.referral)
    return Applications(out.person[:n], out.vacancy[:n], out.referral[:n])
