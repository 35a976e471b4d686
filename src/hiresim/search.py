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
def _searchers(employer: np.ndarray, separated_week: np.ndarray, level: np.ndarray,
               qualification: np.ndarray, week: int, unemployed: np.ndarray,
               underemployed: np.ndarray) -> tuple[int, int, int]:
    """One pass: the unemployed who search (not separated this week) and the employed
    below their level, in order; returns their numbers and the number unemployed."""
    n_idle = n_search = n_under = 0
    for i in range(employer.shape[0]):
        if employer[i] < 0:
            n_idle += 1
            if separated_week[i] != week:
                unemployed[n_search] = i
                n_search += 1
        elif level[i] < qualification[i]:
            underemployed[n_under] = i
            n_under += 1
    return n_idle, n_search, n_under


def searchers(people: People, week: int) -> tuple[int, np.ndarray, np.ndarray]:
    """How many are unemployed; the unemployed who search this week (people separated this
    week search from next week); the employed below their level."""
    unemployed, under = np.empty(people.n, np.int64), np.empty(people.n, np.int64)
    n_idle, n_search, n_under = _searchers(people.employer, people.separated_week,
                                           people.level, people.qualification, week,
                                           unemployed, under)
    return n_idle, unemployed[:n_search].copy(), under[:n_under].copy()


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
        c = self.count[cell]
        pick = self.start[cell] + np.minimum((u * c).astype(np.int64), np.maximum(c - 1, 0))
        return np.where(c > 0, self.order[np.minimum(pick, len(self.order) - 1)], -1)


def referral_targets(people: People, vac: Vacancies, n_employers: int, persons: np.ndarray,
                     streams: Streams, week: int) -> np.ndarray:
    """For each person, a random open vacancy at one of his or her contacts (-1: none)."""
    target = np.full(len(persons), -1, np.int64)
    if vac.n == 0 or people.contacts.shape[1] == 0 or len(persons) == 0:
        return target
    # Which employers have a vacancy; the extra last entry answers for empty slots (-1).
    hiring = np.zeros(n_employers + 1, bool)
    hiring[vac.employer] = True
    contacts = people.contacts[persons]
    has_vac = hiring[contacts]
    n_opts = has_vac.sum(axis=1)
    rows = np.flatnonzero(n_opts)
    if len(rows) == 0:
        return target
    who, contacts, has_vac, n_opts = persons[rows], contacts[rows], has_vac[rows], n_opts[rows]
    # Choose the j-th contact with a vacancy, j uniform among the options.
    u = streams.uniform("referral", week, who)
    j = np.minimum((u * n_opts).astype(np.int64), n_opts - 1)
    rank = np.cumsum(has_vac, axis=1) - 1
    chosen_slot = np.argmax(has_vac & (rank == j[:, None]), axis=1)
    employer = contacts[np.arange(len(rows)), chosen_slot]
    per_employer = _CellIndex(vac.employer.astype(np.int64), n_employers)
    target[rows] = per_employer.draw(employer, streams.uniform("referral_vacancy", week, who))
    return target


def applications(people: People, vac: Vacancies, p: Params, streams: Streams, week: int,
                 unemployed: np.ndarray, underemployed: np.ndarray, n_employers: int,
                 referrals: bool = True) -> Applications:
    """This week's applications from the unemployed and the under-employed searchers."""
    empty = Applications(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))
    searchers = np.concatenate([unemployed, underemployed]).astype(np.int64)
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

    person, j = _expand(searchers, n_random)
    if p.targeted_search:
        u_field = streams.uniform("search_field", week, person, j)
        u_level = streams.uniform("search_level", week, person, j)
        u_below = streams.uniform("search_below", week, person, j)
        u_vac = streams.uniform("search_vacancy", week, person, j)
        qual = people.qualification[person].astype(np.int64)
        dur = people.weeks_unemployed[person]
        p_below = p.below_level_max * (1.0 - np.exp(-dur / p.below_level_weeks))
        below = (u_level < p_below) & (qual > 0)
        level = np.where(below, np.floor(u_below * qual).astype(np.int64), qual)
        own_field = u_field < p.own_field_share
        by_cell = _CellIndex(vac.field.astype(np.int64) * 3 + vac.level, p.n_fields * 3)
        by_level = _CellIndex(vac.level.astype(np.int64), 3)
        target = np.where(
            own_field,
            by_cell.draw(people.field[person].astype(np.int64) * 3 + level, u_vac),
            by_level.draw(level, u_vac),
        )
    else:
        u_vac = streams.uniform("search_vacancy", week, person, j)
        target = np.minimum((u_vac * vac.n).astype(np.int64), vac.n - 1)

    all_person = np.concatenate([searchers[has_ref], person])
    all_target = np.concatenate([ref_target[has_ref], target])
    is_ref = np.concatenate([np.ones(int(has_ref.sum()), bool), np.zeros(len(person), bool)])
    sent = all_target >= 0
    # The employed search only for jobs above their current level.
    employed = people.employer[all_person] >= 0
    sent &= ~employed | (vac.level[np.maximum(all_target, 0)] > people.level[all_person])
    return Applications(all_person[sent], all_target[sent], is_ref[sent])
