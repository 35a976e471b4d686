"""The labour market at week 0: people, employers, jobs and contacts (DESIGN §2, §8)."""

from __future__ import annotations

import numpy as np

from .jit import njit
from .params import Params
from .state import IMMIGRANT, NOBODY, Employers, People
from .streams import Streams


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


def _clipped_normal(streams: Streams, name: str, n: int, mean: np.ndarray | float,
                    sd: float) -> np.ndarray:
    z = streams.normal(name, -1, np.arange(n))
    return np.clip(mean + sd * z, 0.0, 1.0)


def build_employers(p: Params, streams: Streams) -> Employers:
    """Employers with lognormal sizes, a field each and prior beliefs about immigrants."""
    n = max(1, round(p.labour_force / p.employer_size_mean))
    ids = np.arange(n)
    field = np.minimum((streams.uniform("employer_field", -1, ids) * p.n_fields), p.n_fields - 1)
    weight = np.exp(1.0 * streams.normal("employer_size", -1, ids))
    gap_f = p.prior_gap_formal + p.prior_gap_sd * streams.normal("employer_prior", -1, ids, 1)
    gap_i = p.prior_gap_informal + p.prior_gap_sd * streams.normal("employer_prior", -1, ids, 2)
    values = streams.uniform("employer_values", -1, ids) < p.values_cross_cultural_share
    return Employers(
        field=field.astype(np.int32),
        weight=weight,
        gap_formal=gap_f,
        gap_informal=gap_i,
        values_cross_cultural=values,
        exposed=np.zeros(n, bool),
        staff=np.zeros(n, np.int64),
        staff_immigrant=np.zeros(n, np.int64),
    )


def build_people(p: Params, streams: Streams, employers: Employers,
                 sampler: EmployerSampler) -> People:
    """The labour force at week 0, with unemployment at the calibration targets."""
    n = p.labour_force
    ids = np.arange(n)
    n_imm = round(p.immigrant_share * n)
    group = np.zeros(n, np.int8)
    group[n - n_imm:] = IMMIGRANT
    imm = group == IMMIGRANT
    field = np.minimum(streams.uniform("person_field", -1, ids) * p.n_fields,
                       p.n_fields - 1).astype(np.int32)
    cum = np.cumsum(p.qualification_shares)
    qual = np.minimum(np.searchsorted(cum, streams.uniform("qualification", -1, ids)),
                      2).astype(np.int8)
    foreign = imm & (streams.uniform("credentials", -1, ids) < p.foreign_credential_share)
    formal_mean = np.asarray(p.formal_skill_means)[qual]
    formal = _clipped_normal(streams, "formal", n, formal_mean, p.skill_sd)
    informal = _clipped_normal(
        streams, "informal", n, p.informal_skill_mean - p.immigrant_informal_deficit * imm,
        p.skill_sd)
    cv = _clipped_normal(streams, "cv", n, np.asarray(p.cv_quality_means)[group], 0.15)
    ready = _clipped_normal(streams, "readiness", n,
                            np.asarray(p.interview_readiness_means)[group], 0.15)
    ccc = _clipped_normal(streams, "cross_cultural", n,
                          np.asarray(p.cross_cultural_means)[group], 0.15)

    # Exactly round(u_g * n_g) unemployed in each group, chosen at random.
    unemployed = np.zeros(n, bool)
    u_rank = streams.uniform("initial_unemployed", -1, ids)
    for g, rate in enumerate(p.initial_unemployment):
        members = np.flatnonzero(group == g)
        unemployed[lowest(members, u_rank[members], round(rate * len(members)))] = True
    employed = ~unemployed
    working = np.flatnonzero(employed)

    employer = np.full(n, NOBODY, np.int32)
    in_field = streams.uniform("initial_employer", -1, working, 1) < p.own_field_share
    employer[working] = sampler.draw(streams.uniform("initial_employer", -1, working, 2),
                                     np.where(in_field, field[working], -1))

    right = streams.uniform("initial_level", -1, ids) < np.asarray(p.initial_right_level)[group]
    below = np.floor(streams.uniform("initial_level", -1, ids, 1) * np.maximum(qual, 1))
    level = np.where(right | (qual == 0), qual, below).astype(np.int8)
    level[unemployed] = -1

    sep = p.separation_rate * np.where(imm, p.immigrant_separation_multiplier, 1.0)
    job_end = 1 + streams.geometric("separation", -1, ids, np.minimum(sep, 1.0))
    job_end[unemployed] = -1

    weeks_u = np.zeros(n, np.int32)
    idle = np.flatnonzero(unemployed)
    weeks_u[idle] = np.minimum(
        streams.geometric("initial_duration", -1, idle, p.exogenous_job_finding_rate), 520)

    k = p.max_contacts
    contacts = np.full((n, k), NOBODY, np.int32)
    if k > 0:
        n_contacts = np.empty(n, np.int64)
        for g, mean in enumerate(p.contacts_per_person):
            members = np.flatnonzero(group == g)
            n_contacts[members] = streams.poisson("contacts", -1, members, mean)
        np.minimum(n_contacts, k, out=n_contacts)
        for j in range(k):
            who = np.flatnonzero(n_contacts > j)
            if len(who) == 0:
                break
            own = streams.uniform("contact_field", -1, who, j) < p.own_field_share
            contacts[who, j] = sampler.draw(streams.uniform("contact_employer", -1, who, j),
                                            np.where(own, field[who], -1))
        contact_next = (n_contacts % k).astype(np.int8)
    else:
        contact_next = np.zeros(n, np.int8)

    people = People(
        group=group, field=field, qualification=qual, foreign_credentials=foreign,
        formal=formal, informal=informal, cv=cv, readiness=ready, cross_cultural=ccc,
        employer=employer, level=level, job_end=job_end.astype(np.int32),
        separated_week=np.full(n, -1, np.int32), weeks_unemployed=weeks_u,
        first_hire_week=np.full(n, -1, np.int32), programme=np.full(n, -1, np.int16),
        arm=np.zeros(n, np.int8), mentor=np.full(n, NOBODY, np.int32), contacts=contacts,
        contact_next=contact_next, trainee_host=np.full(n, NOBODY, np.int32),
        trainee_until=np.full(n, -1, np.int32),
    )
    emp = people.employer[employed]
    employers.staff[:] = np.bincount(emp, minlength=employers.n)
    employers.staff_immigrant[:] = np.bincount(emp, weights=imm[employed],
                                               minlength=employers.n).astype(np.int64)
    return people


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


def add_contacts(people: People, persons: np.ndarray, employers: np.ndarray) -> None:
    """Give each person a new employer contact (ring buffer: the oldest is replaced)."""
    k = people.contacts.shape[1]
    if k == 0 or len(persons) == 0:
        return
    # Skip contacts the person already has.
    already = (people.contacts[persons] == employers[:, None]).any(axis=1)
    persons, employers = persons[~already], employers[~already]
    # One new contact per person per call: keep the first occurrence of each person.
    persons, first = np.unique(persons, return_index=True)
    employers = employers[first]
    slot = people.contact_next[persons].astype(np.int64)
    people.contacts[persons, slot] = employers
    people.contact_next[persons] = ((slot + 1) % k).astype(np.int8)
