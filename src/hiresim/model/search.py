"""Search: who applies where this week (docs/model.md §3, step 4).

The unemployed search every week; employed people search on the job now and then (a
Poisson process: `jobs.on_the_job`), the under-employed (below their level or
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
a uniformly random vacancy (the urn-ball limit, docs/model.md §7, limits).

The compiled loops take their arguments in typed bundles (`PersonColumns`, `Searchers`,
`Network`, ...); their readable numpy definitions are in `search_reference`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..params.schema import Params
from .cells import CellIndex, Cells, draw_in_cell
from .jit import njit, prefetch
from .state import (
    People,
    Vacancies,
    VacancyColumns,
    job_rank_jit,
    under_employed_jit,
)
from .streams import Counter, Streams, count_below, counter_uniform


class Applications(NamedTuple):
    """One row per application: applicant, vacancy row, and whether it is a referral.

    `applications` gives one row per person and vacancy (a referral if any of the
    person's applications to it was), ordered by person and then vacancy."""

    person: np.ndarray
    vacancy: np.ndarray
    referral: np.ndarray

    @property
    def n(self) -> int:
        return int(self.person.shape[0])


# --- What the compiled loops take -------------------------------------------------------

class PersonColumns(NamedTuple):
    """The people's columns search reads (`state.People`), and each employer's field (a
    job's field is its employer's)."""

    employer: np.ndarray
    level: np.ndarray
    qualification: np.ndarray
    field: np.ndarray
    weeks_unemployed: np.ndarray
    employer_field: np.ndarray

    @classmethod
    def of(cls, people: People, employer_field: np.ndarray) -> PersonColumns:
        return cls(people.employer, people.level, people.qualification, people.field,
                   people.weeks_unemployed, employer_field)


class CountRule(NamedTuple):
    """How many applications a searcher sends (row 0 the unemployed, 1 the under-employed,
    2 the other employed): a Poisson count from the row's table (`Streams.poisson_table`:
    its first ``lengths`` entries, then ``caps``), or the ``fixed`` count."""

    poisson: bool
    fixed: np.ndarray
    tables: np.ndarray
    lengths: np.ndarray
    caps: np.ndarray


class Senders(NamedTuple):
    """Who sends applications, how many, their weeks out of work, and whether they
    search as the unemployed do."""

    person: np.ndarray
    count: np.ndarray
    weeks: np.ndarray
    idle: np.ndarray


class Searchers(NamedTuple):
    """The searchers who send applications, one row each: who, how many applications
    besides a referral, the probabilities of applying below their level and in their
    own field, and whether they search as the unemployed do (for any job: ``idle``);
    ``order`` visits the rows in person order."""

    person: np.ndarray
    count: np.ndarray
    p_below: np.ndarray
    p_own: np.ndarray
    idle: np.ndarray
    order: np.ndarray


class Network(NamedTuple):
    """Who can pass on a vacancy: the rows of `People.contacts` (``slots`` employers each,
    -1 empty) one after another, the open vacancy rows by employer, and each employer's
    start in them and count side by side (`CellIndex.packed`: one memory access)."""

    contacts: np.ndarray
    slots: int
    vacancies: np.ndarray
    employers: np.ndarray

    @classmethod
    def of(cls, people: People, vac: Vacancies, n_employers: int) -> Network:
        by_employer = CellIndex(vac.employer.astype(np.int64), n_employers)
        return cls(np.ascontiguousarray(people.contacts).reshape(-1),
                   people.contacts.shape[1], by_employer.order, by_employer.packed())


class TargetStreams(NamedTuple):
    """The streams of the applications that are not referrals, in one week (stream
    ``search_<field>``, `Streams.counter`): whether in one's own field, whether below
    one's level, how far below, and which vacancy."""

    field: Counter
    level: Counter
    below: Counter
    vacancy: Counter

    @classmethod
    def of(cls, streams: Streams, week: int) -> TargetStreams:
        return cls(*(streams.counter(f"search_{name}", week) for name in cls._fields))


# --- The compiled loops -----------------------------------------------------------------

#: How many searchers ahead the passes over searchers ask for the rows they will read,
#: and `_referrals` for the entries of the contacts' employers.
_AHEAD, _AHEAD_EMPLOYERS = 16, 6


@njit
def _application_counts(searchers: np.ndarray, n_unemployed: int, rule: CountRule,
                        people: PersonColumns, stream: Counter, out: Senders) -> int:
    """Writes to ``out`` who of ``searchers`` (the first ``n_unemployed`` search as the
    unemployed do, the others are under-employed, `state.under_employed`, or not) sends
    how many applications (``rule``, from ``stream``), their weeks out of work and
    whether they search as the unemployed do; returns how many send."""
    n, m = 0, searchers.shape[0]
    for s in range(m):
        if s + _AHEAD < m:
            ahead = searchers[s + _AHEAD]
            prefetch(people.weeks_unemployed, ahead)
            if s + _AHEAD >= n_unemployed:
                prefetch(people.level, ahead)
                prefetch(people.qualification, ahead)
                prefetch(people.employer, ahead)
                prefetch(people.field, ahead)
        idle = s < n_unemployed
        i = searchers[s]
        below = under_employed_jit(people.level[i], people.qualification[i],
                                   people.employer_field[max(people.employer[i], 0)],
                                   people.field[i])
        t = 0 if idle else (1 if below else 2)
        k = rule.fixed[t]
        if rule.poisson:
            u = counter_uniform(i, 0, stream)
            if not idle:  # at least one: the Poisson distribution above zero
                u = rule.tables[t, 0] + u * (1.0 - rule.tables[t, 0])
            k = count_below(rule.tables[t, :rule.lengths[t]], u, rule.caps[t])
        out.person[n], out.count[n], out.weeks[n] = i, k, people.weeks_unemployed[i]
        out.idle[n] = idle
        n += k > 0
    return n


@njit(inline=True)
def _referral(i: int, network: Network, contact: Counter, vacancy: Counter) -> int:
    """Person ``i``'s referral: of the contact employers with an open vacancy (slots of
    -1 are empty), the j-th in slot order, j = ⌊u·options⌋ (u from the stream
    ``contact``), and a random vacancy of theirs (``vacancy``); -1 if no contact is
    hiring. (Without branches: whether a contact is hiring is a coin toss the processor
    cannot predict.)"""
    contacts, employers = network.contacts, network.employers
    base = i * network.slots
    options = 0
    for k in range(network.slots):
        e = contacts[base + k]
        options += (e >= 0) & (employers[2 * max(e, 0) + 1] > 0)
    if options == 0:
        return -1
    j = min(np.int64(counter_uniform(i, 0, contact) * options), options - 1)
    chosen = 0
    for k in range(network.slots):
        e = contacts[base + k]
        ok = (e >= 0) & (employers[2 * max(e, 0) + 1] > 0)
        chosen = e if ok & (j == 0) else chosen
        j -= ok
    c = np.int64(employers[2 * chosen + 1])  # > 0: the chosen is hiring
    u = counter_uniform(i, 0, vacancy)
    pick = np.int64(employers[2 * chosen]) + min(np.int64(u * c), c - 1)
    return network.vacancies[pick]


@njit
def _referrals(searchers: Searchers, network: Network, contact: Counter, vacancy: Counter,
               out: np.ndarray) -> None:
    """Each searcher's `_referral`, in person order, as a pass of its own: the contacts'
    rows are asked for 16 searchers ahead and their employers' entries 6 ahead."""
    person, order = searchers.person, searchers.order
    contacts, slots = network.contacts, network.slots
    m = order.shape[0]
    for t in range(m):
        if t + _AHEAD < m:
            prefetch(contacts, person[order[t + _AHEAD]] * slots)
        if t + _AHEAD_EMPLOYERS < m:
            base = person[order[t + _AHEAD_EMPLOYERS]] * slots
            for k in range(slots):
                prefetch(network.employers, 2 * max(contacts[base + k], 0))
        out[t] = _referral(person[order[t]], network, contact, vacancy)


@njit(inline=True)
def _random_vacancy(i: int, j: int, qualification: int, field: int, p_below: float,
                    p_own: float, targeted: bool, cells: Cells, n_vacancies: int,
                    streams: TargetStreams) -> int:
    """The vacancy of person ``i``'s ``j``-th application that is not a referral: at the
    person's level (below it with probability ``p_below``), in the person's field with
    probability ``p_own``; with ``targeted`` off, any vacancy.

    The cells are those of `_target_cells`. Every number is drawn and the choices are
    selections, not branches: the draws of one application overlap with the next's."""
    u_vac = counter_uniform(i, j, streams.vacancy)
    if not targeted:
        return min(np.int64(u_vac * n_vacancies), n_vacancies - 1)
    u_field = counter_uniform(i, j, streams.field)
    u_level = counter_uniform(i, j, streams.level)
    u_below = counter_uniform(i, j, streams.below)
    qual = np.int64(qualification)
    below = np.int64(np.floor(u_below * qual))
    level = below if (u_level < p_below) & (qual > 0) else qual
    any_field = cells.count.shape[0] - 3
    cell = np.int64(field) * 3 + level if u_field < p_own else any_field + level
    return draw_in_cell(cells, cell, u_vac)


@njit(inline=True)
def _wanted(v: int, vacancies: VacancyColumns, field: int, now: int, current: int,
            idle: bool) -> bool:
    """Whether an application to vacancy row ``v`` (-1: none) is sent: to an employer
    other than ``current`` (-1: none), for any job by those who search as the unemployed
    do (``idle``), otherwise for a job ranked at least ``now`` (`state.job_rank`)."""
    w = max(v, 0)
    rank = job_rank_jit(np.int64(vacancies.level[w]), np.int64(vacancies.field[w] == field))
    return (v >= 0) & (vacancies.employer[w] != current) & (idle | (rank >= now))


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
def _applications(searchers: Searchers, referral_of: np.ndarray, people: PersonColumns,
                  vacancies: VacancyColumns, targeted: bool, cells: Cells,
                  streams: TargetStreams, out: Applications) -> int:
    """Writes to ``out`` every searcher's applications, visiting searchers in person
    order: the referral first (``referral_of``, from `_referrals`, empty without
    referrals), then the person's own (`_random_vacancy`); those `_wanted`, one per
    person and vacancy. Returns how many rows were written."""
    person, order = searchers.person, searchers.order
    n, m = 0, order.shape[0]
    lo = 0
    referrals = referral_of.shape[0] > 0
    n_vacancies = vacancies.level.shape[0]
    for t in range(m):
        if t + _AHEAD < m:
            ahead = person[order[t + _AHEAD]]
            prefetch(people.employer, ahead)
            prefetch(people.level, ahead)
            prefetch(people.qualification, ahead)
            prefetch(people.field, ahead)
        s = order[t]
        i = person[s]
        if t == 0 or i != person[order[t - 1]]:
            lo = n  # a new person (the same person may be listed twice)
        current, mine = people.employer[i], people.field[i]
        now = job_rank_jit(np.int64(people.level[i]),
                           np.int64(people.employer_field[max(current, 0)] == mine))
        # Rows are written, then kept by advancing n (without a branch).
        if referrals:
            v = referral_of[t]
            out.person[n], out.vacancy[n], out.referral[n] = i, v, True
            n += _wanted(v, vacancies, mine, now, current, searchers.idle[s])
        for j in range(searchers.count[s]):
            v = _random_vacancy(i, j, people.qualification[i], mine, searchers.p_below[s],
                                searchers.p_own[s], targeted, cells, n_vacancies, streams)
            out.person[n], out.vacancy[n], out.referral[n] = i, v, False
            n += _wanted(v, vacancies, mine, now, current, searchers.idle[s])
        if n - lo > 1 and (t + 1 == m or person[order[t + 1]] != i):
            n = _one_per_vacancy(out.vacancy, out.referral, lo, n)
    return n


# --- This week's applications -----------------------------------------------------------

def _target_cells(vac: Vacancies, n_fields: int) -> CellIndex:
    """Vacancies by field and level (cells field·3 + level) and, after those, by level
    alone (cells 3·fields + level), in one index."""
    level = vac.level.astype(np.int64)
    keys = np.concatenate([vac.field.astype(np.int64) * 3 + level, n_fields * 3 + level])
    cells = CellIndex(keys, n_fields * 3 + 3)
    cells.order %= max(vac.n, 1)  # the second half lists the same vacancy rows
    return cells


def _count_rule(p: Params, streams: Streams) -> CountRule:
    """The `CountRule` of ``p``: Poisson tables (`Streams.poisson_table`) of the three
    means, or their rounded values (at least one for employed searchers)."""
    means = (p.applications_per_week, p.on_the_job_search_rate, p.job_to_job_search_rate)
    fixed = np.floor(np.array(means) + 0.5).astype(np.int64)
    fixed[1:] = np.maximum(fixed[1:], 1)  # an employed searcher sends at least one
    if p.application_count != "poisson":
        return CountRule(False, fixed, np.zeros((3, 1)), np.ones(3, np.int64),
                         np.zeros(3, np.int64))
    tables = [streams.poisson_table(m) for m in means]
    rows = np.ones((len(means), max(len(t) for t, _ in tables)))
    for row, (t, _) in zip(rows, tables, strict=True):
        row[:len(t)] = t
    return CountRule(True, fixed, rows, np.array([len(t) for t, _ in tables], np.int64),
                     np.array([cap for _, cap in tables], np.int64))


def applications(people: People, vac: Vacancies, p: Params, streams: Streams, week: int,
                 unemployed: np.ndarray, employed: np.ndarray, employer_field: np.ndarray,
                 referrals: bool = True) -> Applications:
    """This week's applications from the ``unemployed`` (with those in their notice, who
    search as the unemployed do) and the ``employed`` who search on the job
    (``employer_field``: each employer's field). The readable definition is
    `search_reference.applications_reference`."""
    if vac.n == 0 or len(unemployed) + len(employed) == 0:
        return Applications(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))
    columns = PersonColumns.of(people, employer_field)
    everybody = np.concatenate([unemployed, employed]).astype(np.int64, copy=False)
    senders = Senders(np.empty_like(everybody), np.empty_like(everybody),
                      np.empty(len(everybody), people.weeks_unemployed.dtype),
                      np.empty(len(everybody), np.bool_))
    n_active = _application_counts(everybody, len(unemployed), _count_rule(p, streams),
                                   columns, streams.counter("applications", week), senders)
    person, n_apps, weeks, idle = (a[:n_active] for a in senders)

    referrals = referrals and p.referrals and people.contacts.shape[1] > 0
    if p.targeted_search:
        widening = 1.0 - np.exp(-weeks / p.below_level_weeks)
        p_below = p.below_level_max * widening
        p_own = p.own_field_share * (1.0 - p.field_widening * widening)
        by_cell = _target_cells(vac, p.n_fields)
    else:
        p_below, by_cell = np.zeros(len(person)), CellIndex.empty()
        p_own = p_below
    # In person order (a merge of two sorted lists), so the output needs no sort.
    searchers = Searchers(person, n_apps, p_below, p_own, idle,
                          np.argsort(person, kind="stable"))
    size = int(n_apps.sum()) + (len(person) if referrals else 0)
    out = Applications(np.empty(size, np.int64), np.empty(size, np.int64),
                       np.empty(size, np.bool_))
    referral_of = np.empty(len(person) if referrals else 0, np.int64)
    if referrals:
        _referrals(searchers, Network.of(people, vac, len(employer_field)),
                   streams.counter("referral", week), streams.counter("referral_vacancy", week),
                   referral_of)
    n = _applications(searchers, referral_of, columns, vac.columns(), p.targeted_search,
                      by_cell.cells(), TargetStreams.of(streams, week), out)
    return Applications(*(a[:n] for a in out))
