"""The readable definitions of search's compiled loops (`search`), in numpy passes over
all searchers and applications at once: `applications_reference` is what
`search.applications` computes (with `_application_counts`, `_referrals` and
`_applications`, one compiled pass each), and `referrals_reference` what `_referrals`
computes. The fast path gives the same rows, bit for bit (`tests/test_fast_paths.py`).
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Params
from .search import Applications
from .state import People, Vacancies
from .streams import Streams, poisson_reference


def referrals_reference(people: People, vac: Vacancies, streams: Streams, week: int,
                        persons: np.ndarray, n_employers: int) -> np.ndarray:
    """Each of ``persons``' referral (`search._referral`; -1 none): of the contact
    employers with an open vacancy, the j-th in slot order, j = ⌊u·options⌋, and a
    random vacancy of theirs."""
    count = np.bincount(vac.employer, minlength=n_employers)
    order = np.argsort(vac.employer, kind="stable")
    start = np.cumsum(count) - count
    contacts = people.contacts[persons]
    valid = contacts >= 0
    has_vac = valid & (count[np.where(valid, contacts, 0)] > 0)
    n_opts = has_vac.sum(axis=1)
    u = streams.uniform("referral", week, persons)
    j = np.minimum((u * n_opts).astype(np.int64), np.maximum(n_opts - 1, 0))
    rank = np.cumsum(has_vac, axis=1) - 1
    slot = np.argmax(has_vac & (rank == j[:, None]), axis=1)
    employer = np.where(n_opts > 0, contacts[np.arange(len(persons)), slot], 0)
    c = count[employer]
    pick = start[employer] + np.minimum(
        (streams.uniform("referral_vacancy", week, persons) * c).astype(np.int64),
        np.maximum(c - 1, 0))
    target = np.where(c > 0, order[np.minimum(pick, len(order) - 1)], -1)
    return np.where(n_opts > 0, target, -1)


def applications_reference(people: People, vac: Vacancies, p: Params, streams: Streams,
                           week: int, unemployed: np.ndarray, employed: np.ndarray,
                           employer_field: np.ndarray, referrals: bool = True
                           ) -> Applications:
    """The readable definition of `search.applications` (the same arguments and rows):
    counts (for employed searchers, Poisson above zero), referrals, every other
    application expanded to one row with its draws, the filter, then one row per person
    and vacancy by sorting codes."""
    searchers = np.concatenate([unemployed, employed]).astype(np.int64)
    job_field = employer_field[people.employer[employed]]
    below = ((people.level[employed] < people.qualification[employed])
             | (job_field != people.field[employed]))
    means = np.r_[np.full(len(unemployed), p.applications_per_week),
                  np.where(below, p.on_the_job_search_rate, p.job_to_job_search_rate)]
    idle = np.arange(len(searchers)) < len(unemployed)
    if p.application_count == "poisson":
        u = streams.uniform("applications", week, searchers)
        zero = np.exp(-means)
        u = np.where(idle, u, zero + u * (1.0 - zero))
        n_apps = np.array([poisson_reference(u[i:i + 1], means[i])[0]
                           for i in range(len(u))], np.int64)
    else:
        n_apps = np.floor(means + 0.5).astype(np.int64)
        n_apps[~idle] = np.maximum(n_apps[~idle], 1)
    searchers, n_apps, idle = searchers[n_apps > 0], n_apps[n_apps > 0], idle[n_apps > 0]
    ref_target = np.full(len(searchers), -1, np.int64)
    if referrals and p.referrals:
        ref_target = referrals_reference(people, vac, streams, week, searchers,
                                         len(employer_field))
    has_ref = ref_target >= 0
    n_random = n_apps
    which = np.repeat(np.arange(len(searchers)), n_random)
    j = np.arange(len(which)) - np.repeat(np.cumsum(n_random) - n_random, n_random)
    person = searchers[which]
    u_vac = streams.uniform("search_vacancy", week, person, j)
    if p.targeted_search:
        u_field, u_level, u_below = (streams.uniform(f"search_{name}", week, person, j)
                                     for name in ("field", "level", "below"))
        dur = people.weeks_unemployed[searchers]
        widening = 1.0 - np.exp(-dur / p.below_level_weeks)
        p_below = p.below_level_max * widening
        p_own = p.own_field_share * (1.0 - p.field_widening * widening)
        qual = people.qualification[person].astype(np.int64)
        level = np.where((u_level < p_below[which]) & (qual > 0),
                         np.floor(u_below * qual).astype(np.int64), qual)
        own = u_field < p_own[which]
        target = np.full(len(person), -1, np.int64)
        for mask, keys, cell in (
                (own, vac.field.astype(np.int64) * 3 + vac.level,
                 people.field[person].astype(np.int64) * 3 + level),
                (~own, vac.level.astype(np.int64), level)):
            count = np.bincount(keys, minlength=3 * p.n_fields)
            order = np.argsort(keys, kind="stable")
            start = np.cumsum(count) - count
            c = count[cell]
            pick = start[cell] + np.minimum((u_vac * c).astype(np.int64), np.maximum(c - 1, 0))
            drawn = np.where(c > 0, order[np.minimum(pick, len(order) - 1)], -1)
            target[mask] = drawn[mask]
    else:
        target = np.minimum((u_vac * vac.n).astype(np.int64), vac.n - 1)
    all_person = np.concatenate([searchers[has_ref], person])
    all_idle = np.concatenate([idle[has_ref], idle[which]])
    all_target = np.concatenate([ref_target[has_ref], target])
    is_ref = np.concatenate([np.ones(int(has_ref.sum()), bool), np.zeros(len(person), bool)])
    at = np.maximum(all_target, 0)
    current = people.employer[all_person]
    # Employed people move only to another employer, and (unless in their notice) only
    # for a job they rank at least as high: level, then field.
    mine = people.field[all_person]
    now = (2 * people.level[all_person].astype(np.int64)
           + (employer_field[np.maximum(current, 0)] == mine))
    rank = 2 * vac.level[at].astype(np.int64) + (vac.field[at] == mine)
    sent = (all_target >= 0) & (vac.employer[at] != current) & (all_idle | (rank >= now))
    code = np.sort((all_person[sent] * np.int64(vac.n) + all_target[sent]) * 2
                   + ~is_ref[sent])
    pair = code >> 1
    first = code[np.r_[True, pair[1:] != pair[:-1]]] if len(code) else code
    want_p, want_v = np.divmod(first >> 1, np.int64(vac.n))
    return Applications(want_p, want_v, (first & 1) == 0)
