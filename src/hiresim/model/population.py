"""The people of week 0 (docs/model.md §2 and §5): the labour market at its start.

The people of week 0 are newcomers of the past (`newcomers.newcomers`): each gets a time
in the labour force from the stationary distribution of entry and exit
(`_years_in_labour_force`), and what that time brings (informal skill learnt at work,
skill lost in spells out of work, contacts from past jobs) is added in expectation, so
that the market starts near its steady state. Who is out of work, and for how long, and
who works below his or her level or outside his or her field, follow the calibration
targets.
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Params
from .contacts import contact_rounds
from .employers import EmployerSampler
from .jobs import next_search_week, separation_rates
from .newcomers import (
    WEEKS_PER_YEAR,
    expected_history,
    leave_weeks,
    newcomers,
    origin_values,
    registers_on_entry,
)
from .state import (
    IMMIGRANT,
    NOBODY,
    NOT_ARRIVED,
    Employers,
    People,
    under_employed_now,
)
from .streams import Streams

#: Rounds of the rejection sampler of `_years_in_labour_force` (acceptance is at least
#: a third a round, so after 60 rounds fewer than one in 10^10 is left; those keep
#: their last proposal).
_MAX_ROUNDS = 60
#: Elapsed spells of the unemployed at week 0: a mixture of geometric distributions
#: (share, mean weeks), close to the stationary distribution of the default market (its
#: median spell about 18 weeks, 30 % a year or more, 20 % two years or more, a tail of
#: some years).
INITIAL_SPELLS = ((0.5, 11.0), (0.35, 90.0), (0.15, 300.0))
#: Who is unemployed at week 0, and whose spells are long: the least productive of their
#: region, ranked by productivity (in standard deviations) plus normal noise of these
#: spreads. They give the selection of the default market's steady state: the
#: unemployed about 1.2 standard deviations below their region's mean productivity,
#: the long-term unemployed about 2.0.
INITIAL_SELECTION_NOISE, INITIAL_SPELL_NOISE = 1.7, 1.0


def origins_of(p: Params) -> np.ndarray:
    """Each row's region of birth: the majority first, then each immigrant region in
    turn (rows keep their region for good, so the composition never drifts)."""
    n = p.labour_force
    n_imm = round(p.immigrant_share * n)
    cum = np.round(np.cumsum(p.origin_shares) * n_imm).astype(np.int64)
    sizes = np.diff(np.r_[0, cum])
    origin = np.zeros(n, np.int8)
    origin[n - n_imm:] = np.repeat(np.arange(1, len(sizes) + 1), sizes).astype(np.int8)
    return origin


def _years_in_labour_force(p: Params, streams: Streams, rows: np.ndarray,
                           origin: np.ndarray, entry_age: np.ndarray) -> np.ndarray:
    """Years since entry of the people of week 0, from the stationary distribution.

    With a constant flow of newcomers, the density of time since entry t is proportional
    to the chance of still being in the labour force: exp(−μt) for t below the years to
    retirement (μ the yearly emigration rate). Rejection sampling: t uniform up to the
    longest possible stay, kept with that chance.
    """
    span = np.maximum(p.retirement_age - entry_age, 0.0)
    mu = -np.log1p(-origin_values(p.emigration_rates, origin))
    longest = float(span.max()) if len(span) else 0.0
    years = np.zeros(len(rows))
    todo = np.arange(len(rows))
    for attempt in range(_MAX_ROUNDS):
        if len(todo) == 0:
            break
        t = longest * streams.uniform("years_in_labour_force", -1, rows[todo], attempt)
        keep = (t < span[todo]) & (streams.uniform("years_in_labour_force", -1, rows[todo],
                                                   attempt + _MAX_ROUNDS)
                                   < np.exp(-mu[todo] * t))
        years[todo] = np.minimum(t, span[todo])
        todo = todo[~keep]
    return years


def build_people(p: Params, streams: Streams, employers: Employers,
                 sampler: EmployerSampler) -> People:
    """The labour force at week 0, with unemployment at the calibration targets."""
    n = p.labour_force
    ids = np.arange(n)
    origin = origins_of(p)
    group = (origin > 0).astype(np.int8)
    new = newcomers(p, streams, -1, ids, origin)
    u_origin = np.asarray(p.initial_unemployment)[origin]

    # Time in the labour force, and what it brought (in expectation).
    years = (_years_in_labour_force(p, streams, ids, origin, new.entry_age)
             if p.labour_force_flows else np.zeros(n))
    entry_week = -np.round(years * WEEKS_PER_YEAR).astype(np.int64)
    learnt, kept = expected_history(p.on_job_learning, p.unemployed_depreciation, years, u_origin)
    informal = np.clip((1.0 - (1.0 - new.informal) * learnt) * kept, 0.0, 1.0)
    formal = np.clip(new.formal * kept, 0.0, 1.0)
    birth_week = entry_week - np.round(new.entry_age * WEEKS_PER_YEAR).astype(np.int64)
    arrival_week = np.where(origin > 0, entry_week - new.arrival_lag, NOT_ARRIVED)
    leave_week = leave_weeks(p, streams, 0, ids, origin, birth_week)

    # Exactly round(u_o * n_o) unemployed in each region of birth, mostly the least
    # productive (INITIAL_SELECTION_NOISE), the longest spells to the least productive.
    z = _standardised(p.formal_weight * formal + (1.0 - p.formal_weight) * informal, origin)
    u_rank = z + INITIAL_SELECTION_NOISE * streams.normal("initial_unemployed", -1, ids)
    unemployed = np.zeros(n, bool)
    for o, rate in enumerate(p.initial_unemployment):
        members = np.flatnonzero(origin == o)
        unemployed[lowest(members, u_rank[members], round(rate * len(members)))] = True
    employed = ~unemployed
    working = np.flatnonzero(employed)

    # The employed work in their field but for `initial_out_of_field` (then in another
    # field, at random), and at their level but for `initial_overqualified` of graduates
    # (then at a random level below it).
    employer = np.full(n, NOBODY, np.int32)
    field = new.field[working].astype(np.int64)
    outside = ((streams.uniform("initial_employer", -1, working, 1)
                < np.asarray(p.initial_out_of_field)[group[working]]) & (p.n_fields > 1))
    other = (field + 1 + np.floor(streams.uniform("initial_employer", -1, working, 3)
                                  * (p.n_fields - 1)).astype(np.int64)) % p.n_fields
    employer[working] = sampler.draw(streams.uniform("initial_employer", -1, working, 2),
                                     np.where(outside, other, field))

    qual = new.qualification
    over = streams.uniform("initial_level", -1, ids) < np.asarray(p.initial_overqualified)[group]
    below = np.floor(streams.uniform("initial_level", -1, ids, 1) * np.maximum(qual, 1))
    level = np.where(over & (qual > 0), below, qual).astype(np.int8)
    level[unemployed] = -1

    sep = separation_rates(p, origin)
    job_end = 1 + streams.geometric("separation", -1, ids, sep)
    job_end[unemployed] = -1
    tenure = np.minimum(streams.geometric("initial_tenure", -1, ids, sep), -entry_week)
    hire_week = np.where(employed, -tenure, -1)
    search_week = np.full(n, -1, np.int64)

    weeks_u = np.zeros(n, np.int32)
    idle = np.flatnonzero(unemployed)
    spells = np.sort(initial_spells(streams, idle))[::-1]  # the longest first
    weakest = np.argsort(z[idle] + INITIAL_SPELL_NOISE
                         * streams.normal("initial_spell_rank", -1, idle), kind="stable")
    weeks_u[idle[weakest]] = spells
    weeks_u[idle] = np.minimum(weeks_u[idle], np.maximum(-entry_week[idle], 0))

    years_at_work = np.maximum(years - tenure / WEEKS_PER_YEAR, 0.0) * (1.0 - u_origin)
    n_contacts = new.contacts + streams.poisson(
        "past_contacts", -1, ids, p.contacts_per_year * years_at_work)
    contacts, contact_next = _contacts(p, streams, sampler, new.field, n_contacts)

    people = People(
        group=group, origin=origin, birth_week=birth_week.astype(np.int32),
        arrival_week=arrival_week.astype(np.int32), leave_week=leave_week.astype(np.int32),
        refugee=new.refugee, field=new.field, qualification=qual,
        foreign_credentials=new.foreign_credentials, formal=formal, informal=informal,
        cv=new.cv, readiness=new.readiness, cross_cultural=new.cross_cultural,
        employer=employer, level=level, job_end=job_end.astype(np.int32),
        hire_week=hire_week.astype(np.int32), search_week=search_week.astype(np.int32),
        separated_week=np.full(n, -1, np.int32), weeks_unemployed=weeks_u,
        registered=employed | registers_on_entry(p, streams, -1, ids),
        benefit_right=np.zeros(n, bool),  # a right comes with losing a job (`benefits`)
        first_hire_week=np.full(n, -1, np.int32), programme=np.full(n, -1, np.int16),
        arm=np.zeros(n, np.int8), mentor=np.full(n, NOBODY, np.int32), contacts=contacts,
        contact_next=contact_next, trainee_host=np.full(n, NOBODY, np.int32),
        trainee_until=np.full(n, -1, np.int32),
    )
    people.search_week[working] = next_search_week(
        p, streams, 0, working, under_employed_now(people, employers.field, working),
        people.job_end[working])
    imm = group == IMMIGRANT
    emp = people.employer[employed]
    employers.staff[:] = np.bincount(emp, minlength=employers.n)
    employers.staff_immigrant[:] = np.bincount(emp, weights=imm[employed],
                                               minlength=employers.n).astype(np.int64)
    return people


def _standardised(x: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """``x`` in standard deviations from its region of birth's mean."""
    z = np.zeros(len(x))
    for o in np.unique(origin):
        rows = origin == o
        sd = x[rows].std()
        z[rows] = (x[rows] - x[rows].mean()) / sd if sd > 0 else 0.0
    return z


def initial_spells(streams: Streams, idle: np.ndarray) -> np.ndarray:
    """Weeks out of work so far of the unemployed at week 0 (`INITIAL_SPELLS`)."""
    u = streams.uniform("initial_duration", -1, idle)
    shares, means = np.array(INITIAL_SPELLS).T
    mean = means[np.minimum(np.searchsorted(np.cumsum(shares), u), len(means) - 1)]
    return np.minimum(streams.geometric("initial_duration", -1, idle, 1.0 / mean, 1), 520)


def _contacts(p: Params, streams: Streams, sampler: EmployerSampler, field: np.ndarray,
              n_contacts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Contact slots of the people of week 0: ``n_contacts`` employers each (at most
    ``max_contacts``), mostly in their own field."""
    n, k = len(field), p.max_contacts
    contacts = np.full((n, k), NOBODY, np.int32)
    if k == 0:
        return contacts, np.zeros(n, np.int8)
    n_contacts = np.minimum(n_contacts, k)
    # In blocks of people, so that the draws of a million people's contacts are never
    # held at once; every draw is keyed by person and round, so blocks change nothing.
    for start in range(0, n, _CONTACT_BLOCK):
        rows = np.arange(start, min(start + _CONTACT_BLOCK, n))
        who, employer, slot = contact_rounds(p, streams, sampler, -1, rows, field[rows],
                                             n_contacts[rows], "contact")
        contacts[who, slot] = employer  # round j fills slot j
    return contacts, (n_contacts % k).astype(np.int8)


#: People whose week-0 contacts are drawn together (`_contacts`).
_CONTACT_BLOCK = 1 << 17


def lowest(members: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` members of lowest ``rank`` (ties: first listed first), in no order.

    The same set as ``members[np.argsort(rank, kind="stable")[:k]]``, by partition in
    linear time instead of a full sort.
    """
    if k <= 0:
        return members[:0]
    if k >= len(members):
        return members
    kth = np.partition(rank, k - 1)[k - 1]
    below = rank < kth
    ties = np.flatnonzero(rank == kth)[: k - int(below.sum())]
    return np.concatenate([members[below], members[ties]])
