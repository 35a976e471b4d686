"""Interview: the employer sees informal skill (DESIGN §3 step 5, second stage).

The interview signal is y₂ = informal + ε₂, with less noise the better prepared the
applicant. The employer updates its informal prior the Aigner–Cain way. Employers that
value cross-cultural competence see it as an asset. A mentor working at the employer
adds ``endorsement_weight`` (0 by default: mentors are door openers, not ambassadors).

The per-interview arithmetic is two compiled passes (before and after the inverse normal
CDF of the interview draws), with `screening.posterior_mean` itself, compiled.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .jit import njit, prefetch
from .screening import assessed_productivity_jit, posterior_mean_jit
from .state import World
from .streams import Counter, counter_uniform, normal_from_uniform

#: How many interviews ahead `_interview_inputs` asks for the rows it will read.
_AHEAD = 16


def interview_noise(noise_sd: Any, readiness_reduction: Any, readiness: Any) -> Any:
    """The interview signal's noise: ``interview_noise_sd``, less the better prepared the
    applicant (the compiled loop's, on numbers: ``interview_noise_jit``)."""
    return noise_sd * (1.0 - readiness_reduction * readiness)


interview_noise_jit = njit(inline=True)(interview_noise)


@njit
def _interview_inputs(person: np.ndarray, vacancy: np.ndarray, vacancy_uid: np.ndarray,
                      vacancy_employer: np.ndarray, stream: Counter,
                      readiness: np.ndarray, informal: np.ndarray,
                      cross_cultural: np.ndarray, values: np.ndarray, noise_sd: float,
                      readiness_reduction: float, cross_cultural_weight: float,
                      noise: np.ndarray, skill: np.ndarray, asset: np.ndarray,
                      u: np.ndarray) -> None:
    """Per interview: the signal's noise, the applicant's informal skill, the
    cross-cultural asset the employer sees and the uniform number of the interview draw
    (keyed by the vacancy's serial number)."""
    n = person.shape[0]
    for r in range(n):
        if r + _AHEAD < n:
            ahead = person[r + _AHEAD]
            prefetch(readiness, ahead)
            prefetch(informal, ahead)
            prefetch(cross_cultural, ahead)
        i, v = person[r], vacancy[r]
        noise[r] = interview_noise_jit(noise_sd, readiness_reduction, readiness[i])
        skill[r] = informal[i]
        valued = 1.0 if values[vacancy_employer[v]] else 0.0
        asset[r] = cross_cultural_weight * valued * cross_cultural[i]
        u[r] = counter_uniform(i, vacancy_uid[v], stream)


@njit
def _interview_scores(skill: np.ndarray, noise: np.ndarray, z: np.ndarray,
                      post_formal: np.ndarray, prior_informal: np.ndarray,
                      asset: np.ndarray, prior_sd: float, formal_weight: float,
                      score: np.ndarray) -> None:
    """The informal posterior (`screening.posterior_mean`) of the signal skill + noise·z,
    and the score."""
    for r in range(skill.shape[0]):
        sd = noise[r]
        post_i = posterior_mean_jit(skill[r] + sd * z[r], prior_informal[r], prior_sd, sd)
        score[r] = assessed_productivity_jit(formal_weight, post_formal[r], post_i) + asset[r]


def interview_score(w: World, person: np.ndarray, vacancy: np.ndarray, post_formal: np.ndarray,
                    prior_informal: np.ndarray) -> np.ndarray:
    """Assessed productivity after the interview, plus assets and endorsement."""
    p, people, vac, n = w.params, w.people, w.vacancies, len(person)
    noise, skill, asset, z, score = (np.empty(n) for _ in range(5))
    _interview_inputs(np.asarray(person, np.int64), np.asarray(vacancy, np.int64), vac.uid,
                      vac.employer, w.streams.counter("interview", w.week),
                      people.readiness, people.informal, people.cross_cultural,
                      w.employers.values_cross_cultural, p.interview_noise_sd,
                      p.readiness_noise_reduction, p.cross_cultural_weight, noise, skill,
                      asset, z)
    normal_from_uniform(z)
    _interview_scores(skill, noise, z, np.asarray(post_formal, np.float64),
                      np.asarray(prior_informal, np.float64), asset,
                      p.prior_skill_sd, p.formal_weight, score)
    if p.endorsement_weight > 0 and w.mentors.n:
        employer = vac.employer[vacancy]
        mentor = people.mentor[person]
        at_employer = (mentor >= 0) & (w.mentors.employer[np.maximum(mentor, 0)] == employer)
        score = score + p.endorsement_weight * at_employer
    return score
