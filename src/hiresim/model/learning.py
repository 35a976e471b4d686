"""Employer learning about immigrant applicants (docs/model.md §3, step 6).

After hiring an immigrant, the employer observes the new employee's formal and informal
skill (with a little noise) and moves its believed gap for the employee's region of
birth towards what it saw: how far the hire falls short of the mean skill of their
qualification, less how far the majority members hired lately fall short of it (hires
come from the unemployed and the movers, who are not average; employers compare like
with like, so in a market where the groups do not differ beliefs learn no gap).
Employers exposed to a programme (hosting mentors or trainees, or having hired a
participant) learn ``exposure_learning_multiplier`` times faster. This is how hiring
practice and workplace diversity can change (research question 2).

Beliefs also turn over: the people who recruit change jobs, and their successors bring
the view that prevails at the employer (its belief at week 0), at ``belief_turnover`` a
week. Without turnover, learning from a selected few hires would move every belief in
one direction for ever; with it, beliefs are stationary in a market without programmes.
"""

from __future__ import annotations

import numpy as np

from .jit import njit
from .state import IMMIGRANT, World

OBSERVATION_NOISE_SD = 0.05  # on-the-job observation is nearly exact (docs/model.md §3, step 6)


def learn_from_hires(w: World, persons: np.ndarray) -> None:
    """Update the believed gaps of the employers that hired immigrants this week."""
    p, people, emp = w.params, w.people, w.employers
    if not p.employer_learning or len(persons) == 0:
        return
    persons = persons[people.employer[persons] >= 0]
    seen_f, seen_i = _seen_shortfall(w, persons)
    imm = people.group[persons] == IMMIGRANT
    reference = w.market.majority_shortfall
    if (~imm).any():
        alpha = 1.0 - np.exp(-1.0 / p.market_memory_weeks)
        reference += alpha * (np.array([seen_f[~imm].mean(), seen_i[~imm].mean()])
                              - reference)
    persons, seen_f, seen_i = persons[imm], seen_f[imm], seen_i[imm]
    if len(persons) == 0:
        return
    e = people.employer[persons]
    region = people.origin[persons].astype(np.int64) - 1
    seen_gap_f, seen_gap_i = seen_f - reference[0], seen_i - reference[1]
    rate = p.learning_rate * np.where(emp.exposed[e], p.exposure_learning_multiplier, 1.0)
    rate = np.minimum(rate, 1.0)
    for gap, seen in ((emp.gap_formal, seen_gap_f), (emp.gap_informal, seen_gap_i)):
        flat = gap.reshape(-1)
        cell = e * gap.shape[1] + region
        np.add.at(flat, cell, rate * (seen - flat[cell]))


def _seen_shortfall(w: World, persons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What an employer sees of each hire: how far their formal skill falls short of the
    mean of their qualification, and their informal skill of the mean (with a little
    observation noise)."""
    noise_f = OBSERVATION_NOISE_SD * w.streams.normal("learning", w.week, persons, 1)
    noise_i = OBSERVATION_NOISE_SD * w.streams.normal("learning", w.week, persons, 2)
    return _shortfall(w, persons, noise_f, noise_i)


def _shortfall(w: World, persons: np.ndarray | slice, noise_f: np.ndarray | float = 0.0,
               noise_i: np.ndarray | float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """How far ``persons``' formal skill, seen with ``noise_f``, falls short of the mean
    of their qualification, and their informal skill, seen with ``noise_i``, of the
    mean."""
    p, people = w.params, w.people
    return (np.asarray(p.formal_skill_means)[people.qualification[persons]]
            - (people.formal[persons] + noise_f),
            p.informal_skill_mean - (people.informal[persons] + noise_i))


#: Weekly hires per employee (separations, moves and retirements are replaced): how
#: often an employer sees a new hire from its staff's turnover, in the default market.
HIRES_PER_EMPLOYEE = 0.0035


def start_stationary(w: World) -> None:
    """Week 0: each employer's belief where learning and turnover balance.

    An employer learns from about ``learning_rate`` × (its immigrant staff of a region ×
    `HIRES_PER_EMPLOYEE`) hires a week, each seen to fall short by about what that
    region's employed fall short by today (less what the employed majority fall short
    by: where employers' comparison starts), while turnover pulls towards the prevailing
    belief at ``belief_turnover``; the balance is the weighted mean of the two.
    """
    p, people, emp = w.params, w.people, w.employers
    if not p.employer_learning or p.belief_turnover <= 0:
        return
    working = people.employer >= 0
    region = people.origin.astype(np.int64) - 1
    k = emp.gap_formal.shape[1]
    imm = working & (region >= 0)
    cell = people.employer[imm].astype(np.int64) * k + region[imm]
    staff = np.bincount(cell, minlength=emp.n * k).reshape(emp.n, k)
    seen_f, seen_i = _shortfall(w, slice(None))
    majority = working & (region < 0)
    reference = np.array([seen_f[majority].mean() if majority.any() else 0.0,
                          seen_i[majority].mean() if majority.any() else 0.0])
    w.market.majority_shortfall[:] = reference
    employed = np.maximum(np.bincount(region[imm], minlength=k), 1)
    gap_f = np.bincount(region[imm], seen_f[imm], k) / employed - reference[0]
    gap_i = np.bincount(region[imm], seen_i[imm], k) / employed - reference[1]
    rate = p.learning_rate * staff * HIRES_PER_EMPLOYEE
    weight = rate / (rate + p.belief_turnover)
    emp.gap_formal[:] = (1 - weight) * emp.norm_formal + weight * gap_f
    emp.gap_informal[:] = (1 - weight) * emp.norm_informal + weight * gap_i


def turn_over(w: World) -> None:
    """One week of turnover among recruiters: beliefs return towards the prevailing."""
    p, emp = w.params, w.employers
    if not p.employer_learning or p.belief_turnover <= 0:
        return
    for gap, norm in ((emp.gap_formal, emp.norm_formal), (emp.gap_informal, emp.norm_informal)):
        _towards(gap, norm, p.belief_turnover)


@njit
def _towards(gap: np.ndarray, norm: np.ndarray, rate: float) -> None:
    """gap += rate · (norm − gap), element by element, in one pass (2-d arrays)."""
    for i in range(gap.shape[0]):
        for j in range(gap.shape[1]):
            gap[i, j] += rate * (norm[i, j] - gap[i, j])
