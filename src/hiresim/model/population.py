"""People and employers: the labour market at week 0, and newcomers (DESIGN §2, §8).

Everybody is drawn by one function, `newcomers`: what a person brings on entering the
labour force (field, qualification, skills, signals, contacts; for immigrants a region
of birth, an age at arrival and whether he or she came as a refugee). The people of
week 0 are newcomers of the past: each gets a time in the labour force from the
stationary distribution of entry and exit (`_years_in_labour_force`), and what that time
brings (informal skill learnt at work, skill lost in spells out of work, contacts from
past jobs) is added in expectation, so that the market starts near its steady state.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..params.schema import Params
from .contacts import contact_rounds
from .jit import njit
from .jobs import next_search_week, separation_rates
from .state import (
    IMMIGRANT,
    IMMIGRANT_ORIGINS,
    MAJORITY,
    NOBODY,
    NOT_ARRIVED,
    Employers,
    People,
    under_employed_now,
)
from .streams import Streams

WEEKS_PER_YEAR = 52.0
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


class EmployerSampler:
    """Draws employers in proportion to size, optionally within a field.

    Inversion of the cumulative size distribution: the employer whose cumulative size
    first exceeds ``u`` times the total. A guide table (Chen & Asau 1974) gives, for each
    of ``GUIDE_PER_EMPLOYER`` × employers equal slices of the total, how many cumulative
    sizes lie at or below the slice's lower edge; the search then steps forward from
    there, about one step per draw, instead of a binary search of unpredictable branches.
    """

    GUIDE_PER_EMPLOYER = 2

    def __init__(self, employers: Employers, n_fields: int):
        order = np.argsort(employers.field, kind="stable")
        self._order = order
        w = employers.weight[order]
        self._cum = np.cumsum(w)
        f_sorted = employers.field[order]
        self._start = np.searchsorted(f_sorted, np.arange(n_fields), side="left")
        self._end = np.searchsorted(f_sorted, np.arange(n_fields), side="right")
        self._all_total = self._cum[-1]
        n_guide = self.GUIDE_PER_EMPLOYER * len(self._cum)
        self._scale = n_guide / self._all_total
        # Each slice's lower edge, lowered by far more than rounding can move a draw.
        edges = np.arange(n_guide) / self._scale * (1.0 - 1e-9)
        self._guide = np.searchsorted(self._cum, edges, side="right").astype(np.int32)
        #: Each field's share of all employment (employers' sizes summed by field).
        self.field_share = np.bincount(employers.field, employers.weight,
                                       n_fields) / self._all_total

    def draw(self, u: np.ndarray, field: np.ndarray | None = None) -> np.ndarray:
        """Employer indices for uniforms ``u``; within ``field`` where it has employers
        (a field of -1 means anywhere)."""
        u = np.ascontiguousarray(u, dtype=np.float64)
        out = np.empty(u.shape, np.int64)
        fields = _NO_FIELDS if field is None else np.ascontiguousarray(field, dtype=np.int64)
        _draw_employers(u.reshape(-1), fields.reshape(-1), self._start, self._end, self._cum,
                        self._all_total, self._guide, self._scale, self._order,
                        out.reshape(-1))
        return out


_NO_FIELDS = np.zeros(0, np.int64)


@njit
def _draw_employers(u: np.ndarray, field: np.ndarray, start: np.ndarray, end: np.ndarray,
                    cum: np.ndarray, total: float, guide: np.ndarray, scale: float,
                    order: np.ndarray, out: np.ndarray) -> None:
    """Inverse-CDF draws: ``pos`` = how many cumulative sizes lie at or below the target
    (numpy's ``searchsorted(side="right")``), kept within the field's employers. The
    target is computed exactly as the vectorised form ``lo + u·(hi − lo)`` would."""
    n = cum.shape[0]
    n_guide = guide.shape[0]
    by_field = field.shape[0] > 0
    for i in range(u.shape[0]):
        f = field[i] if by_field else -1
        within = f >= 0 and end[f] > start[f]
        first, last = 0, n - 1
        if within:
            first = start[f]
            lo = cum[first - 1] if first > 0 else 0.0
            x = lo + u[i] * (cum[end[f] - 1] - lo)
            last = end[f] - 1
        else:  # anywhere (also for a field without employers)
            x = u[i] * total
        b = min(max(int(x * scale), 0), n_guide - 1)
        pos = max(guide[b], first)
        while pos < n and cum[pos] <= x:
            pos += 1
        if within:
            pos = min(max(pos, first), last)
        out[i] = order[min(pos, n - 1)]


def build_employers(p: Params, streams: Streams) -> Employers:
    """Employers with lognormal sizes, a field each and prior beliefs about immigrants
    (the prevailing belief for each region of birth, and a spread across employers)."""
    n = max(1, round(p.labour_force / p.employer_size_mean))
    ids = np.arange(n)
    field = np.minimum((streams.uniform("employer_field", -1, ids) * p.n_fields), p.n_fields - 1)
    weight = np.exp(1.0 * streams.normal("employer_size", -1, ids))
    k = len(IMMIGRANT_ORIGINS)
    cells = ids[:, None] * k + np.arange(k)
    gap_f = np.asarray(p.prior_gap_formal) + p.prior_gap_sd * streams.normal(
        "employer_prior", -1, cells, 1)
    gap_i = np.asarray(p.prior_gap_informal) + p.prior_gap_sd * streams.normal(
        "employer_prior", -1, cells, 2)
    values = streams.uniform("employer_values", -1, ids) < p.values_cross_cultural_share
    shift = p.hiring_bar_sd * streams.normal("employer_standard", -1, ids)
    return Employers(
        field=field.astype(np.int32),
        weight=weight,
        gap_formal=gap_f,
        gap_informal=gap_i,
        norm_formal=gap_f.copy(),
        norm_informal=gap_i.copy(),
        standard_shift=shift,
        values_cross_cultural=values,
        exposed=np.zeros(n, bool),
        staff=np.zeros(n, np.int64),
        staff_immigrant=np.zeros(n, np.int64),
        credential_noise=np.tile(np.asarray(p.foreign_credential_noise, np.float64), (n, 1)),
        hosts=np.zeros(n, bool),
    )


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


def _clipped_normal(streams: Streams, name: str, week: int, ids: np.ndarray,
                    mean: np.ndarray | float, sd: float) -> np.ndarray:
    z = streams.normal(name, week, ids)
    return np.clip(mean + sd * z, 0.0, 1.0)


def _per_origin(values: tuple[float, ...], origin: np.ndarray) -> np.ndarray:
    """An immigrant-region parameter for each person (0 for the majority)."""
    return np.r_[0.0, np.asarray(values, np.float64)][origin]


@dataclass
class Newcomers:
    """What people bring into the labour force (columns of `People`, and contacts)."""

    field: np.ndarray
    qualification: np.ndarray
    foreign_credentials: np.ndarray
    refugee: np.ndarray
    formal: np.ndarray
    informal: np.ndarray
    cv: np.ndarray
    readiness: np.ndarray
    cross_cultural: np.ndarray
    entry_age: np.ndarray     # float64, years, on entering the labour force
    arrival_lag: np.ndarray   # int64, weeks between arrival in Norway and entry (refugees)
    contacts: np.ndarray      # int64, number of employer contacts brought
    for_work: np.ndarray      # bool, came for work (a contact at an employer hiring)


def newcomers(p: Params, streams: Streams, week: int, rows: np.ndarray,
              origin: np.ndarray) -> Newcomers:
    """Draw the people who take ``rows`` in ``week`` (-1: the people of week 0).

    Every draw is keyed by the week and the row, so a world and its twin get the same
    newcomers (common random numbers).
    """
    imm = origin > 0
    group = imm.astype(np.int64)
    field = np.minimum(streams.uniform("person_field", week, rows) * p.n_fields,
                       p.n_fields - 1).astype(np.int32)
    cum = np.cumsum(p.qualification_shares)
    qual = np.minimum(np.searchsorted(cum, streams.uniform("qualification", week, rows)),
                      2).astype(np.int8)
    foreign = imm & (streams.uniform("credentials", week, rows) < p.foreign_credential_share)
    reason = streams.uniform("refugee", week, rows)
    refugee = imm & (reason < _per_origin(p.refugee_shares, origin))
    for_work = imm & ~refugee & (reason < _per_origin(p.refugee_shares, origin)
                                 + _per_origin(p.labour_migrant_shares, origin))
    formal = _clipped_normal(streams, "formal", week, rows,
                             np.asarray(p.formal_skill_means)[qual], p.skill_sd)
    low, high = p.arrival_ages
    arrival_age = low + (high - low) * streams.uniform("arrival_age", week, rows)
    # Immigrants bring the workplace skill of their years of work abroad, less what
    # they lack of Norwegian language and norms.
    abroad = np.where(imm, np.maximum(arrival_age - np.asarray(p.entry_ages)[qual], 0.0), 0.0)
    learnt, _ = _history(p.on_job_learning, 0.0, abroad, p.initial_unemployment[MAJORITY])
    informal = _clipped_normal(
        streams, "informal", week, rows,
        1.0 - (1.0 - school_leaver_informal(p)) * learnt
        - _per_origin(p.immigrant_informal_deficit, origin), p.skill_sd)
    cv = _clipped_normal(streams, "cv", week, rows, np.asarray(p.cv_quality_means)[group],
                         0.15)
    ready = _clipped_normal(streams, "readiness", week, rows,
                            np.asarray(p.interview_readiness_means)[group], 0.15)
    ccc = _clipped_normal(streams, "cross_cultural", week, rows,
                          np.asarray(p.cross_cultural_means)[group], 0.15)
    lag = np.where(refugee, p.introduction_programme_weeks, 0).astype(np.int64)
    entry_age = np.where(imm, arrival_age + lag / WEEKS_PER_YEAR,
                         np.asarray(p.entry_ages)[qual])
    contacts = streams.poisson("contacts", week, rows,
                               np.asarray(p.contacts_per_person)[group])
    return Newcomers(field=field, qualification=qual, foreign_credentials=foreign,
                     refugee=refugee, formal=formal, informal=informal, cv=cv,
                     readiness=ready, cross_cultural=ccc, entry_age=entry_age,
                     arrival_lag=lag, contacts=contacts, for_work=for_work)


def weekly_exit_rate(p: Params, origin: np.ndarray) -> np.ndarray:
    """Weekly probability of emigrating (0 for the majority)."""
    yearly = _per_origin(p.emigration_rates, origin)
    return 1.0 - (1.0 - yearly) ** (1.0 / WEEKS_PER_YEAR)


def leave_weeks(p: Params, streams: Streams, week: int, rows: np.ndarray,
                origin: np.ndarray, birth_week: np.ndarray) -> np.ndarray:
    """The week each person leaves the labour force: at retirement or on emigrating
    (drawn from ``week`` on; memoryless), at the earliest the next week."""
    if not p.labour_force_flows:
        return np.full(len(rows), np.iinfo(np.int32).max, np.int64)
    retire = birth_week + round(p.retirement_age * WEEKS_PER_YEAR)
    rate = weekly_exit_rate(p, origin)
    emigrate = week + 1 + streams.geometric("emigration", week, rows, rate)
    return np.maximum(np.minimum(retire, emigrate), week + 1)


def _years_in_labour_force(p: Params, streams: Streams, rows: np.ndarray,
                           origin: np.ndarray, entry_age: np.ndarray) -> np.ndarray:
    """Years since entry of the people of week 0, from the stationary distribution.

    With a constant flow of newcomers, the density of time since entry t is proportional
    to the chance of still being in the labour force: exp(−μt) for t below the years to
    retirement (μ the yearly emigration rate). Rejection sampling: t uniform up to the
    longest possible stay, kept with that chance.
    """
    span = np.maximum(p.retirement_age - entry_age, 0.0)
    mu = -np.log1p(-_per_origin(p.emigration_rates, origin))
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


def school_leaver_informal(p: Params) -> float:
    return _school_leaver_informal(p.informal_skill_mean, p.initial_unemployment[MAJORITY],
                                   tuple(p.qualification_shares), tuple(p.entry_ages),
                                   p.retirement_age, p.on_job_learning,
                                   p.unemployed_depreciation)


@functools.lru_cache(maxsize=256)
def _school_leaver_informal(mean: float, unemployment: float, shares: tuple[float, ...],
                            entry_ages: tuple[float, ...], retirement_age: float,
                            learning: float, depreciation: float) -> float:
    """The mean informal skill a school leaver brings, such that majority members of the
    stationary labour force have ``informal_skill_mean`` on average.

    In the stationary labour force a majority member of qualification q has been in it
    for t years, uniform up to retirement; informal skill then is 1 − (1 − i₀)·a(t),
    a(t) = (1 − on_job_learning)^(weeks at work), all times the depreciation of the weeks
    out of work (`_history`). The mean is linear in i₀, so i₀ follows from the target.
    """
    mean_d = mean_da = 0.0
    for q, share in enumerate(shares):
        span = max(retirement_age - entry_ages[q], 0.0)
        t = (np.arange(400) + 0.5) / 400 * span  # midpoints: the mean over [0, span]
        a, d = _history(learning, depreciation, t, unemployment)
        mean_d += share * d.mean()
        mean_da += share * (d * a).mean()
    return float(np.clip((mean - mean_d + mean_da) / mean_da, 0.0, 1.0))


def _history(learning: float, depreciation: float, years: np.ndarray,
             unemployment: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """What ``years`` in the labour force do in expectation: the share of the informal
    gap left after learning at work (at rate ``learning`` a week), and the share of skill
    kept through ``depreciation`` in the weeks out of work (a share ``unemployment``)."""
    weeks = np.asarray(years) * WEEKS_PER_YEAR
    at_work = weeks * (1.0 - np.asarray(unemployment))
    learnt = (1.0 - learning) ** at_work
    kept = (1.0 - depreciation) ** (weeks - at_work)
    return learnt, kept


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
    learnt, kept = _history(p.on_job_learning, p.unemployed_depreciation, years, u_origin)
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
        first_hire_week=np.full(n, -1, np.int32), programme=np.full(n, -1, np.int16),
        arm=np.zeros(n, np.int8), mentor=np.full(n, NOBODY, np.int32), contacts=contacts,
        contact_next=contact_next, trainee_host=np.full(n, NOBODY, np.int32),
        trainee_until=np.full(n, -1, np.int32),
    )
    people.search_week[working] = next_search_week(
        p, streams, 0, working, under_employed_now(people, employers.field, working))
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
