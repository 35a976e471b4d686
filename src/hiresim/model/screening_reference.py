"""The readable definitions of screening's compiled loops (`screening`), in numpy passes
over all applications at once: `screen_reference` is what `screening.screen` computes
(with `_screening_inputs` and `_scores`), `priors_reference` what `_priors_and_noise`
computes, and `top_k_within_reference` what `screening.top_k_within` computes without
sorting. The fast paths give the same numbers, bit for bit (`tests/test_fast_paths.py`).
"""

from __future__ import annotations

import numpy as np

from .screening import SCAR_WEEKS, Priors, posterior_mean
from .search import Applications
from .state import World


def priors_reference(w: World, persons: np.ndarray, employer: np.ndarray,
                     referral: np.ndarray) -> Priors:
    """Each ``employer``'s prior means of the formal and informal skill of each of
    ``persons`` (the majority's at the person's qualification, less the gap the employer
    believes of the person's region of birth and, for formal skill, what time out of
    work signals), and the CV's noise."""
    p, people, emp = w.params, w.people, w.employers
    origin = people.origin[persons].astype(np.int64)
    imm = origin > 0
    region = np.maximum(origin - 1, 0)
    scar = (p.unemployment_signal / SCAR_WEEKS
            * np.minimum(people.weeks_unemployed[persons], SCAR_WEEKS))
    formal = np.asarray(p.formal_skill_means)[people.qualification[persons]]
    formal = formal - np.where(imm, emp.gap_formal[employer, region], 0.0) - scar
    informal = p.informal_skill_mean - np.where(imm, emp.gap_informal[employer, region], 0.0)
    noise = emp.credential_noise[employer, region]
    sd = p.cv_noise_sd * np.where(people.foreign_credentials[persons], noise, 1.0)
    sd = sd * (1.0 - p.cv_clarity_noise_reduction * people.cv[persons])
    sd = sd * np.where(referral, 1.0 - p.referral_noise_reduction, 1.0)
    return Priors(formal, informal, sd)


def screen_reference(w: World, apps: Applications
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The readable definition of `screening.screen` (the same arguments and results):
    the CV signal (formal skill plus noise), the employer's posterior of formal skill,
    and the screening score with the referral bonus."""
    p, vac = w.params, w.vacancies
    prior = priors_reference(w, apps.person, vac.employer[apps.vacancy], apps.referral)
    signal = w.people.formal[apps.person] + prior.noise * w.streams.normal(
        "screening", w.week, apps.person, vac.uid[apps.vacancy])
    post_f = posterior_mean(signal, prior.formal, p.prior_skill_sd, prior.noise)
    score = (p.formal_weight * post_f + (1 - p.formal_weight) * p.informal_skill_mean
             + p.referral_callback_bonus * apps.referral)
    return post_f, prior.informal, score


def top_k_within_reference(groups: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """The readable definition of `screening.top_k_within`: every row ranked within its
    group by a lexicographic sort (the group, then the score from the highest with NaN
    last, then the row), the rank capped at ``k``."""
    order = np.lexsort((np.arange(len(score)), -score, groups))
    g_sorted = groups[order]
    first = np.r_[0, np.flatnonzero(g_sorted[1:] != g_sorted[:-1]) + 1]
    run_start = np.repeat(first, np.diff(np.r_[first, len(order)]))
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order)) - run_start
    return np.minimum(rank, k)
