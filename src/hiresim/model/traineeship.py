"""Traineeships (docs/model.md §7): a placement at a host employer for a number of weeks.

Treated participants who are unemployed at intake are placed with their mentor's
employer. During the placement they learn on the job; at its end the host, who has
seen their true productivity with little noise, hires them if that productivity reaches
the standard it would hold for a job at the person's level searched for as long as the
placement lasted, and it has a job for them: an open vacancy at the person's level
(filled, so that the market can displace somebody else), or, with probability
``trainee_hire_prob``, a job it opens for them.
"""

from __future__ import annotations

import numpy as np

from . import vacancies
from .jobs import employ
from .operations import fill_vacancies
from .state import World


def place(w: World, persons: np.ndarray, hosts: np.ndarray, weeks: int) -> None:
    """Start placements (only for people without a job)."""
    people = w.people
    free = people.employer[persons] < 0
    persons, hosts = persons[free], hosts[free]
    people.trainee_host[persons] = hosts
    people.trainee_until[persons] = w.week + weeks - 1
    w.trainees = np.union1d(w.trainees, persons)
    w.employers.exposed[hosts] = True


def current(w: World) -> np.ndarray:
    """The people in a placement now, in order (a placement ends at its host's decision
    or when the trainee takes another job)."""
    w.trainees = w.trainees[w.people.trainee_host[w.trainees] >= 0]
    return w.trainees


def learn(w: World) -> None:
    """One week of on-the-job learning for everybody in a placement."""
    p, people = w.params, w.people
    if not p.skills_channel:
        return
    trainees = current(w)
    people.informal[trainees] += p.trainee_learning * (1.0 - people.informal[trainees])


def hire_at_end(w: World) -> None:
    """Placements ending this week: the host assesses and may hire."""
    p, people = w.params, w.people
    trainees = current(w)
    ending = trainees[people.trainee_until[trainees] <= w.week]
    if len(ending) == 0:
        return
    host = people.trainee_host[ending]
    level = people.qualification[ending]
    seen = people.productivity(p.formal_weight, ending) + p.trainee_assessment_noise_sd * (
        w.streams.normal("trainee_assessment", w.week, ending))
    weeks = np.array([pr.traineeship_weeks for pr in p.programmes])[people.programme[ending]]
    bar = vacancies.standard(p, level, w.employers.standard_shift[host], weeks)
    good = vacancies.meets(seen, bar)
    prob = np.array([pr.trainee_hire_prob for pr in p.programmes])[people.programme[ending]]
    vacancy = _open_vacancy(w, host, level)
    opens = w.streams.uniform("trainee_hire", w.week, ending) < prob
    hired = good & ((vacancy >= 0) | opens)
    people.trainee_host[ending] = -1
    w.counts.trainee_hires += int(hired.sum())
    fill_vacancies(w, vacancy[hired & (vacancy >= 0)])
    employ(w, ending[hired], host[hired], level[hired])


def _open_vacancy(w: World, host: np.ndarray, level: np.ndarray) -> np.ndarray:
    """For each (host, level), an open vacancy row there (the oldest), each row given to
    one trainee at most; −1 where there is none."""
    vac = w.vacancies
    out = np.full(len(host), -1, np.int64)
    if vac.n == 0 or len(host) == 0:
        return out
    key = vac.employer.astype(np.int64) * 3 + vac.level
    order = np.lexsort((vac.opened, key))
    taken = np.zeros(vac.n, bool)
    sorted_key = key[order]
    for i, k in enumerate(host.astype(np.int64) * 3 + level):
        lo, hi = np.searchsorted(sorted_key, k), np.searchsorted(sorted_key, k, "right")
        free = order[lo:hi][~taken[order[lo:hi]]]
        if len(free):
            out[i] = free[0]
            taken[free[0]] = True
    return out
