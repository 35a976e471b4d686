"""Search: who applies where this week (DESIGN §3 step 4).

The unemployed search every week; employed people search on the job now and then (a
Poisson process: `jobs.next_search_week`), the under-employed (below their level or
outside their field, `state.under_employed`) more often (``on_the_job_search_rate``)
than the others (``job_to_job_search_rate``). Each searcher sends a Poisson number of
applications (at least one in a week an employed person searches); employed people
apply at their qualification level and move only for a job they rank at least as high
as their current one (`state.job_rank`: level, then field) at another employer (a
job-to-job move, which leaves a replacement vacancy). Where a contact employer has an
open vacancy, a contact passes it on: a referral, on top of one's own applications,
which go to random open vacancies, mostly in the person's own field and at the person's
own level; the longer unemployed, the more often below that level and outside that field
(search widens with the spell). With ``targeted_search`` off every application goes to
a uniformly random vacancy (the urn-ball limit, DESIGN §6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params.schema import Params
from .jit import njit, prefetch
from .jobs import next_search_week
from .state import (
    People,
    Vacancies,
    World,
    job_rank_jit,
    under_employed_jit,
    under_employed_now,
)
from .streams import Counter, Streams, count_below, counter_uniform


@dataclass
class Applications:
    """One row per application: applicant, vacancy row, and whether it is a referral.

    `applications` gives one row per person and vacancy (a referral if any of the
    person's applications to it was), ordered by person and then vacancy."""

    person: np.ndarray
    vacancy: np.ndarray
    referral: np.ndarray

    @property
    def n(self) -> int:
        return int(self.person.shape[0])


def on_the_job(w: World, due: np.ndarray) -> np.ndarray:
    """Who of those due searches on the job this week (still employed), each with the
    next week drawn."""
    people = w.people
    still = due[(people.employer[due] >= 0) & (people.separated_week[due] != w.week)]
    people.search_week[still] = next_search_week(
        w.params, w.streams, w.week, still, under_employed_now(people, w.employers.field, still))
    return still


class CellIndex:
    """Vacancy rows grouped by an integer cell key, for drawing a random one per cell:
    the rows in a stable order by cell (``order``), and each cell's ``count`` and
    ``start`` in it."""

    def __init__(self, keys: np.ndarray, n_cells: int):
        keys = np.asarray(keys, np.int64)
        self.order = np.empty(keys.shape[0], np.int64)
        self.count = np.zeros(max(n_cells, int(keys.max(initial=-1)) + 1), np.int64)
        self.start = np.empty_like(self.count)
        _count_and_place(keys, self.order, self.count, self.start)

    def packed(self) -> np.ndarray:
        """Each cell's start and count side by side (int32), for one memory access."""
        out = np.empty(2 * len(self.count), np.int32)
        out[0::2], out[1::2] = self.start, self.count
        return out

    @classmethod
    def empty(cls) -> CellIndex:
        return cls(np.zeros(0, np.int64), 1)


@njit
def _count_and_place(keys: np.ndarray, order: np.ndarray, count: np.ndarray,
                     start: np.ndarray) -> None:
    """A counting sort: each cell's rows (its ``count``, from ``start``) in row order,
    the same as a stable ``argsort`` of the keys in linear time."""
    for r in range(keys.shape[0]):
        count[keys[r]] += 1
    at = 0
    for c in range(count.shape[0]):
        start[c] = at
        at += count[c]
    for r in range(keys.shape[0]):  # start[c] runs ahead to the cell's end ...
        order[start[keys[r]]] = r
        start[keys[r]] += 1
    for c in range(count.shape[0]):  # ... and comes back
        start[c] -= count[c]


@njit(inline=True)
def _draw_in_cell(order: np.ndarray, count: np.ndarray, start: np.ndarray, cell: int,
                  u: float) -> int:
    """A random row of ``cell`` (the ``u``-quantile of its rows), or -1 if it has none.
    Without a branch, so ``order`` must not be empty (there is an open vacancy)."""
    c = count[cell]
    pick = start[cell] + min(np.int64(u * c), max(c - 1, 0))
    row = order[max(min(pick, order.shape[0] - 1), 0)]
    return row if c > 0 else -1


#: How many searchers ahead the passes over searchers ask for the rows they will read,
#: and `_referrals` for the entries of the contacts' employers.
_AHEAD, _AHEAD_EMPLOYERS = 16, 6


@njit
def _application_counts(searchers: np.ndarray, n_unemployed: int, poisson: bool,
                        fixed: np.ndarray, level: np.ndarray, qualification: np.ndarray,
                        weeks_unemployed: np.ndarray, tables: np.ndarray,
                        lengths: np.ndarray, caps: np.ndarray, stream: Counter,
                        active: np.ndarray, count: np.ndarray, weeks: np.ndarray,
                        employer: np.ndarray, field: np.ndarray,
                        employer_field: np.ndarray) -> int:
    """The searchers who send applications this week (``active``, in the order given),
    how many each sends and their weeks out of work: Poisson counts from the
    ``stream`` (table 0 for the unemployed; for employed searchers, at least one: table 1
    under-employed (`state.under_employed`; a job's field is its employer's,
    ``employer_field``), table 2 the others), or the ``fixed`` counts. Returns how many
    are active."""
    n, m = 0, searchers.shape[0]
    for s in range(m):
        if s + _AHEAD < m:
            ahead = searchers[s + _AHEAD]
            prefetch(weeks_unemployed, ahead)
            if s + _AHEAD >= n_unemployed:
                prefetch(level, ahead)
                prefetch(qualification, ahead)
                prefetch(employer, ahead)
                prefetch(field, ahead)
        idle = s < n_unemployed
        i = searchers[s]
        below = under_employed_jit(level[i], qualification[i],
                                   employer_field[max(employer[i], 0)], field[i])
        t = 0 if idle else (1 if below else 2)
        k = fixed[t]
        if poisson:
            u = counter_uniform(i, 0, stream)
            if not idle:  # at least one: the Poisson distribution above zero
                u = tables[t, 0] + u * (1.0 - tables[t, 0])
            k = count_below(tables[t, :lengths[t]], u, caps[t])
        active[n], count[n], weeks[n] = i, k, weeks_unemployed[i]
        n += k > 0
    return n


@njit(inline=True)
def _referral(contacts: np.ndarray, slots: int, i: int, by_employer: np.ndarray,
              employer_vacancies: np.ndarray, words: tuple[Counter, ...]) -> int:
    """Person ``i``'s referral: of the contact employers with an open vacancy (slots of
    -1 are empty), the j-th in slot order, j = ⌊u·options⌋, and a random vacancy of
    theirs; -1 if no contact is hiring. ``employer_vacancies`` holds each employer's
    start in ``by_employer`` and count side by side (`CellIndex.packed`), so whether a
    contact is hiring and where its vacancies are is one memory access. (Without
    branches inside: whether a contact is hiring is a coin toss the processor cannot
    predict.)"""
    base = i * slots
    options = 0
    for k in range(slots):
        e = contacts[base + k]
        options += (e >= 0) & (employer_vacancies[2 * max(e, 0) + 1] > 0)
    if options == 0:
        return -1
    j = min(np.int64(counter_uniform(i, 0, words[0]) * options), options - 1)
    chosen = 0
    for k in range(slots):
        e = contacts[base + k]
        ok = (e >= 0) & (employer_vacancies[2 * max(e, 0) + 1] > 0)
        chosen = e if ok & (j == 0) else chosen
        j -= ok
    c = np.int64(employer_vacancies[2 * chosen + 1])  # > 0: the chosen is hiring
    u = counter_uniform(i, 0, words[1])
    pick = np.int64(employer_vacancies[2 * chosen]) + min(np.int64(u * c), c - 1)
    return by_employer[pick]


@njit
def _referrals(searchers: np.ndarray, order: np.ndarray, contacts: np.ndarray, slots: int,
               by_employer: np.ndarray, employer_vacancies: np.ndarray, words: tuple[Counter, ...],
               out: np.ndarray) -> None:
    """Each searcher's `_referral`, in person order (``order``), as a pass of its own:
    the contacts' rows are asked for 16 searchers ahead and their employers' entries
    6 ahead."""
    m = order.shape[0]
    for t in range(m):
        if t + _AHEAD < m:
            prefetch(contacts, searchers[order[t + _AHEAD]] * slots)
        if t + _AHEAD_EMPLOYERS < m:
            base = searchers[order[t + _AHEAD_EMPLOYERS]] * slots
            for k in range(slots):
                prefetch(employer_vacancies, 2 * max(contacts[base + k], 0))
        out[t] = _referral(contacts, slots, searchers[order[t]], by_employer,
                           employer_vacancies, words)


@njit(inline=True)
def _random_vacancy(i: int, j: int, qualification: int, field: int, p_below: float,
                    targeted: bool, own_field_share: float, words: tuple[Counter, ...],
                    n_vacancies: int, by_cell: np.ndarray, cell_count: np.ndarray,
                    cell_start: np.ndarray) -> int:
    """The vacancy of person ``i``'s ``j``-th application that is not a referral: at the
    person's level (below it with probability ``p_below``), in the person's field with
    probability ``own_field_share``; with ``targeted`` off, any vacancy.

    The cells are field·3 + level for a field, then 3·fields + level for any field (see
    `_target_cells`). Every number is drawn and the choices are selections, not
    branches: the draws of one application then overlap with those of the next."""
    u_vac = counter_uniform(i, j, words[5])
    if not targeted:
        return min(np.int64(u_vac * n_vacancies), n_vacancies - 1)
    u_field = counter_uniform(i, j, words[2])
    u_level = counter_uniform(i, j, words[3])
    u_below = counter_uniform(i, j, words[4])
    qual = np.int64(qualification)
    below = np.int64(np.floor(u_below * qual))
    level = below if (u_level < p_below) & (qual > 0) else qual
    any_field = cell_count.shape[0] - 3
    cell = np.int64(field) * 3 + level if u_field < own_field_share else any_field + level
    return _draw_in_cell(by_cell, cell_count, cell_start, cell, u_vac)


@njit(inline=True)
def _one_per_vacancy(vacancy: np.ndarray, referral: np.ndarray, lo: int, hi: int) -> int:
    """Rows ``lo:hi`` (one person's applications) sorted by vacancy, one row per vacancy
    (a referral if any was); returns the new end."""
    for a in range(lo + 1, hi):  # insertion sort: a person sends a handful
        v, r = vacancy[a], referral[a]
        b = a - 1
        while b >= lo and (vacancy[b] > v or (vacancy[b] == v and r and not referral[b])):
            vacancy[b + 1], referral[b + 1] = vacancy[b], referral[b]
            b -= 1
        vacancy[b + 1], referral[b + 1] = v, r
    end = lo
    for a in range(lo, hi):
        if end == lo or vacancy[a] != vacancy[end - 1]:
            vacancy[end], referral[end] = vacancy[a], referral[a]
            end += 1
    return end


@njit
def _applications(searchers: np.ndarray, order: np.ndarray, n_apps: np.ndarray,
                  p_below: np.ndarray, referral_of: np.ndarray, targeted: bool,
                  own_field_share: np.ndarray, words: tuple[Counter, ...], employer: np.ndarray,
                  level: np.ndarray, qualification: np.ndarray, field: np.ndarray,
                  employer_field: np.ndarray, vacancy_level: np.ndarray,
                  vacancy_field: np.ndarray, vacancy_employer: np.ndarray,
                  by_cell: np.ndarray, cell_count: np.ndarray, cell_start: np.ndarray,
                  out_person: np.ndarray, out_vacancy: np.ndarray,
                  out_referral: np.ndarray) -> int:
    """Every searcher's applications, visiting searchers in person order (``order``):
    the referral first (``referral_of``, from `_referrals`, empty without referrals),
    then the person's own; kept if they go to a vacancy and, from the employed, only to
    a job they rank at least as high as their current one (`state.job_rank`; a job's
    field is its employer's, ``employer_field``) at another employer; one per person and
    vacancy. Returns how many rows were written."""
    n, m = 0, order.shape[0]
    lo = 0
    referrals = referral_of.shape[0] > 0
    for t in range(m):
        if t + _AHEAD < m:
            ahead = searchers[order[t + _AHEAD]]
            prefetch(employer, ahead)
            prefetch(level, ahead)
            prefetch(qualification, ahead)
            prefetch(field, ahead)
        s = order[t]
        i = searchers[s]
        if t == 0 or i != searchers[order[t - 1]]:
            lo = n  # a new person (the same person may be listed twice)
        remaining = n_apps[s]
        current, mine = employer[i], field[i]
        now = job_rank_jit(np.int64(level[i]),
                           np.int64(employer_field[max(current, 0)] == mine))
        idle = current < 0
        # Rows are written, then kept by advancing n (without a branch).
        if referrals:
            v = referral_of[t]
            out_person[n], out_vacancy[n], out_referral[n] = i, v, True
            w = max(v, 0)
            rank = job_rank_jit(np.int64(vacancy_level[w]), np.int64(vacancy_field[w] == mine))
            n += (v >= 0) & (idle | ((rank >= now) & (vacancy_employer[w] != current)))
        for j in range(remaining):
            v = _random_vacancy(i, j, qualification[i], field[i], p_below[s], targeted,
                                own_field_share[s], words, vacancy_level.shape[0], by_cell,
                                cell_count, cell_start)
            out_person[n], out_vacancy[n], out_referral[n] = i, v, False
            w = max(v, 0)
            rank = job_rank_jit(np.int64(vacancy_level[w]), np.int64(vacancy_field[w] == mine))
            n += (v >= 0) & (idle | ((rank >= now) & (vacancy_employer[w] != current)))
        if n - lo > 1 and (t + 1 == m or searchers[order[t + 1]] != i):
            n = _one_per_vacancy(out_vacancy, out_referral, lo, n)
    return n


def _target_cells(vac: Vacancies, n_fields: int) -> CellIndex:
    """Vacancies by field and level (cells field·3 + level) and, after those, by level
    alone (cells 3·fields + level), in one index."""
    level = vac.level.astype(np.int64)
    keys = np.concatenate([vac.field.astype(np.int64) * 3 + level, n_fields * 3 + level])
    cells = CellIndex(keys, n_fields * 3 + 3)
    cells.order %= max(vac.n, 1)  # the second half lists the same vacancy rows
    return cells


#: The streams of search, in the order of the compiled loops' ``words``.
STREAMS = ("referral", "referral_vacancy", "search_field", "search_level", "search_below",
           "search_vacancy")


def _count_tables(streams: Streams, means: tuple[float, ...]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Poisson tables of ``means`` (`Streams.poisson_table`) as the rows of one array,
    each row's length and each table's cap."""
    tables = [streams.poisson_table(m) for m in means]
    out = np.ones((len(means), max(len(t) for t, _ in tables)))
    for row, (t, _) in zip(out, tables, strict=True):
        row[:len(t)] = t
    return (out, np.array([len(t) for t, _ in tables], np.int64),
            np.array([cap for _, cap in tables], np.int64))


def applications(people: People, vac: Vacancies, p: Params, streams: Streams, week: int,
                 unemployed: np.ndarray, employed: np.ndarray, employer_field: np.ndarray,
                 referrals: bool = True) -> Applications:
    """This week's applications from the unemployed and the employed who search
    (``employer_field``: each employer's field)."""
    if vac.n == 0 or len(unemployed) + len(employed) == 0:
        return Applications(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))
    poisson = p.application_count == "poisson"
    means = (p.applications_per_week, p.on_the_job_search_rate, p.job_to_job_search_rate)
    tables, lengths, caps = _count_tables(streams, means) if poisson else (
        np.zeros((3, 1)), np.ones(3, np.int64), np.zeros(3, np.int64))
    fixed = np.floor(np.array(means) + 0.5).astype(np.int64)
    fixed[1:] = np.maximum(fixed[1:], 1)  # an employed searcher sends at least one
    everybody = np.concatenate([unemployed, employed]).astype(np.int64, copy=False)
    searchers, n_apps = np.empty_like(everybody), np.empty_like(everybody)
    weeks = np.empty(len(everybody), people.weeks_unemployed.dtype)
    n_active = _application_counts(
        everybody, len(unemployed), poisson, fixed, people.level, people.qualification,
        people.weeks_unemployed, tables, lengths, caps,
        streams.counter("applications", week), searchers, n_apps, weeks,
        people.employer, people.field, employer_field)
    searchers, n_apps, weeks = searchers[:n_active], n_apps[:n_active], weeks[:n_active]

    referrals = referrals and p.referrals and people.contacts.shape[1] > 0
    by_employer = CellIndex(vac.employer.astype(np.int64), len(employer_field)) \
        if referrals else CellIndex.empty()
    if p.targeted_search:
        widening = 1.0 - np.exp(-weeks / p.below_level_weeks)
        p_below = p.below_level_max * widening
        p_own = p.own_field_share * (1.0 - p.field_widening * widening)
        by_cell = _target_cells(vac, p.n_fields)
    else:
        p_below, by_cell = np.zeros(len(searchers)), CellIndex.empty()
        p_own = p_below
    words = tuple(streams.counter(name, week) for name in STREAMS)
    # In person order (a merge of two sorted lists), so the output needs no sort.
    order = np.argsort(searchers, kind="stable")
    size = int(n_apps.sum()) + (len(searchers) if referrals else 0)
    out = Applications(np.empty(size, np.int64), np.empty(size, np.int64),
                       np.empty(size, np.bool_))
    referral_of = np.empty(len(searchers) if referrals else 0, np.int64)
    if referrals:
        _referrals(searchers, order, np.ascontiguousarray(people.contacts).reshape(-1),
                   people.contacts.shape[1], by_employer.order, by_employer.packed(), words,
                   referral_of)
    n = _applications(searchers, order, n_apps, p_below, referral_of, p.targeted_search,
                      p_own, words, people.employer, people.level, people.qualification,
                      people.field, employer_field, vac.level, vac.field, vac.employer,
                      by_cell.order, by_cell.count, by_cell.start, out.person, out.vacancy,
                      out.referral)
    return Applications(out.person[:n], out.vacancy[:n], out.referral[:n])
