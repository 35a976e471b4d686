"""Recruitment and selection of participants (docs/model.md §7): who applies, and who among
the applicants gets in.

Eligible: registered job seekers with an immigrant background, that is immigrants out
of work (among them refugees and families who have just finished the introduction
programme), not yet in a programme; and, for the share of places a programme keeps for
them (`employed_share`), under-employed immigrants (employed below their level or
outside their field: `state.under_employed`). Of the eligible, each
hears of the programme and applies with probability `application_probability`.

Rules among the applicants: ``random``; ``readiness`` (creaming the most job-ready:
productivity and how clearly it comes across, nothing for having a job); ``need`` (the
furthest from work first); ``demand`` (fields with the most vacancies per unemployed
person first). Ties are broken at random.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..params.schema import Programme
from .state import IMMIGRANT, World, under_employed_now


class Eligible(NamedTuple):
    """Who may take part: job seekers, and under-employed people."""

    seekers: np.ndarray
    underemployed: np.ndarray


def eligible(w: World) -> Eligible:
    """Indices of the people eligible for a programme now (sorted, in both groups)."""
    people = w.people
    free = (people.group == IMMIGRANT) & (people.programme < 0)
    seekers = free & (people.employer < 0)
    under = free & under_employed_now(people, w.employers.field)
    return Eligible(np.flatnonzero(seekers), np.flatnonzero(under))


def applicants(w: World, prog: Programme, k: int, persons: np.ndarray) -> np.ndarray:
    """Those of ``persons`` who hear of programme ``k`` and apply."""
    u = w.streams.uniform("programme_application", w.week, persons, k)
    return persons[u < prog.application_probability]


def job_readiness(w: World, persons: np.ndarray) -> np.ndarray:
    """How job-ready a person looks: productivity, and how clearly CV and interview show
    it (0-1 scale). Nothing for having a job: readiness is compared among job seekers."""
    people, p = w.people, w.params
    q = people.productivity(p.formal_weight, persons)
    signals = 0.5 * (people.cv[persons] + people.readiness[persons])
    return 0.6 * q + 0.4 * signals


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
