"""Selection of participants (DESIGN §4): who among the eligible gets in.

Eligible: immigrants who are unemployed or employed below their level and not yet in a
programme. Rules: ``random``; ``readiness`` (creaming the most job-ready); ``need`` (the
furthest from work first); ``demand`` (fields with the most vacancies per unemployed
person first). Ties are broken at random.
"""

from __future__ import annotations

import numpy as np

from .state import IMMIGRANT, World


def eligible(w: World) -> np.ndarray:
    """Indices of the people eligible for a programme now."""
    people = w.people
    below = (people.employer >= 0) & (people.level < people.qualification)
    ok = (people.group == IMMIGRANT) & ((people.employer < 0) | below) & (people.programme < 0)
    return np.flatnonzero(ok)


def job_readiness(w: World, persons: np.ndarray) -> np.ndarray:
    """How job-ready a person looks: productivity, signals and recent work (0-1 scale)."""
    people, p = w.people, w.params
    q = people.productivity(p.formal_weight, persons)
    signals = 0.5 * (people.cv[persons] + people.readiness[persons])
    recency = np.exp(-people.weeks_unemployed[persons] / 52.0)
    return 0.5 * q + 0.3 * signals + 0.2 * recency


def field_demand(w: World) -> np.ndarray:
    """Open vacancies per unemployed person, by field."""
    n_fields = w.params.n_fields
    vac = np.bincount(w.vacancies.field, minlength=n_fields)
    unemployed = np.bincount(w.people.field[w.people.employer < 0], minlength=n_fields)
    return vac / np.maximum(unemployed, 1)


def select(w: World, rule: str, candidates: np.ndarray, n: int, programme: int) -> np.ndarray:
    """The ``n`` candidates a rule takes in, in order of priority."""
    u = w.streams.uniform("selection", w.week, candidates, programme)
    if rule == "random":
        keys = (u,)
    elif rule == "readiness":
        keys = (u, -job_readiness(w, candidates))
    elif rule == "need":
        keys = (u, job_readiness(w, candidates))
    elif rule == "demand":
        keys = (u, -field_demand(w)[w.people.field[candidates]])
    else:
        raise ValueError(f"unknown selection rule {rule!r}")
    order = np.lexsort(keys)
    return candidates[order[:n]]
