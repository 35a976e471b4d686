"""Interview: the employer sees informal skill (docs/model.md §3, step 5, second stage).

The interview signal is y₂ = informal + ε₂, with less noise the better prepared the
applicant. The employer updates its informal prior the Aigner–Cain way. Employers that
value cross-cultural competence see it as an asset. A mentor working at the employer
adds ``endorsement_weight`` (0 by default: mentors are door openers, not ambassadors).

The per-interview arithmetic is two compiled passes (before and after the inverse normal
CDF of the interview draws), with `screening.posterior_mean` itself, compiled; its
readable definition is `interview_score_reference`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .jit import njit, prefetch
from .screening import assessed_productivity_jit, posterior_mean, posterior_mean_jit
from .state import VacancyColumns, World
from .streams import Counter, counter_uniform, normal_from_uniform

#: How many interviews ahead `_interview_inputs` asks for the rows it will read.
_AHEAD = 16


def interview_noise(noise_sd: Any, readiness_reduction: Any, readiness: Any) -> Any:
    """The interview signal's noise: ``interview_noise_sd``, less the better prepared the
    applicant (the compiled loop's, on numbers: ``interview_noise_jit``)."""
    return noise_sd * (1.0 - readiness_reduction * readiness)


interview_noise_jit = njit(inline=True)(interview_noise)


class IntervieweeColumns(NamedTuple):
    """The people's columns an interview reads (`state.People`)."""

    readiness: np.ndarray
    informal: np.ndarray
    cross_cultural: np.ndarray


class InterviewRules(NamedTuple):
    """The parameters of an interview: the signal's noise, how much readiness reduces
    it, and the weight of cross-cultural competence where the employer values it."""

    noise_sd: float
    readiness_reduction: float
    cross_cultural_weight: float


class InterviewReadings(NamedTuple):
    """Per interview: the signal's noise, the applicant's informal skill, the asset the
    employer sees and the draw of the signal's noise (uniform, then standard normal)."""

    noise: np.ndarray
    skill: np.ndarray
    asset: np.ndarray
    z: np.ndarray


@njit
def _interview_inputs(person: np.ndarray, vacancy: np.ndarray, vacancies: VacancyColumns,
                      values: np.ndarray, stream: Counter, people: IntervieweeColumns,
                      rules: InterviewRules, out: InterviewReadings) -> None:
    """Per interview: the signal's noise, the applicant's informal skill, the
    cross-cultural asset the employer sees (if it ``values`` it) and the uniform number
    of the interview draw (keyed by the vacancy's serial number)."""
    n = person.shape[0]
    for r in range(n):
        if r + _AHEAD < n:
            ahead = person[r + _AHEAD]
            prefetch(people.readiness, ahead)
            prefetch(people.informal, ahead)
            prefetch(people.cross_cultural, ahead)
        i, v = person[r], vacancy[r]
        out.noise[r] = interview_noise_jit(rules.noise_sd, rules.readiness_reduction,
                                           people.readiness[i])
        out.skill[r] = people.informal[i]
        valued = 1.0 if values[vacancies.employer[v]] else 0.0
        out.asset[r] = rules.cross_cultural_weight * valued * people.cross_cultural[i]
        out.z[r] = counter_uniform(i, vacancies.uid[v], stream)


@njit
def _interview_scores(readings: InterviewReadings, post_formal: np.ndarray,
                      prior_informal: np.ndarray, prior_sd: float, formal_weight: float,
                      score: np.ndarray) -> None:
    """The informal posterior (`screening.posterior_mean`) of the signal skill + noise·z,
    and the score."""
    for r in range(readings.skill.shape[0]):
        sd = readings.noise[r]
        post_i = posterior_mean_jit(readings.skill[r] + sd * readings.z[r], prior_informal[r],
                                    prior_sd, sd)
        score[r] = (assessed_productivity_jit(formal_weight, post_formal[r], post_i)
                    + readings.asset[r])


def interview_score(w: World, person: np.ndarray, vacancy: np.ndarray, post_formal: np.ndarray,
                    prior_informal: np.ndarray) -> np.ndarray:
    """Assessed productivity after the interview, plus assets and endorsement."""
    p, people, vac, n = w.params, w.people, w.vacancies, len(person)
    readings = InterviewReadings(*(np.empty(n) for _ in range(4)))
    _interview_inputs(np.asarray(person, np.int64), np.asarray(vacancy, np.int64),
                      vac.columns(), w.employers.values_cross_cultural,
                      w.streams.counter("interview", w.week),
                      IntervieweeColumns(people.readiness, people.informal,
                                         people.cross_cultural),
                      InterviewRules(p.interview_noise_sd, p.readiness_noise_reduction,
                                     p.cross_cultural_weight), readings)
    normal_from_uniform(readings.z)
    score = np.empty(n)
    _interview_scores(readings, np.asarray(post_formal, np.float64),
                      np.asarray(prior_informal, np.float64), p.prior_skill_sd,
                      p.formal_weight, score)
    return _endorsed(w, person, vacancy, score)


def _endorsed(w: World, person: np.ndarray, vacancy: np.ndarray, score: np.ndarray
              ) -> np.ndarray:
    """``score`` plus ``endorsement_weight`` where the applicant's mentor works at the
    vacancy's employer."""
    p = w.params
    if p.endorsement_weight <= 0 or not w.mentors.n:
        return score
    mentor = w.people.mentor[person]
    employer = w.vacancies.employer[vacancy]
    at_employer = (mentor >= 0) & (w.mentors.employer[np.maximum(mentor, 0)] == employer)
    return score + p.endorsement_weight * at_employer


def interview_score_reference(w: World, person: np.ndarray, vacancy: np.ndarray,
                              post_formal: np.ndarray, prior_informal: np.ndarray
                              ) -> np.ndarray:
    """The readable definition of `interview_score` (the same arguments and result), in
    numpy passes over all interviews: the signal (informal skill plus noise), the
    employer's posterior of informal skill, the assessed productivity and the
    cross-cultural asset. `_interview_inputs` and `_interview_scores` are its fast
    equivalent, bit for bit."""
    p, people, vac = w.params, w.people, w.vacancies
    noise = p.interview_noise_sd * (1.0 - p.readiness_noise_reduction
                                    * people.readiness[person])
    signal = people.informal[person] + noise * w.streams.normal(
        "interview", w.week, person, vac.uid[vacancy])
    post_i = posterior_mean(signal, prior_informal, p.prior_skill_sd, noise)
    score = p.formal_weight * post_formal + (1.0 - p.formal_weight) * post_i
    values = w.employers.values_cross_cultural[vac.employer[vacancy]]
    score = score + p.cross_cultural_weight * values * people.cross_cultural[person]
    return _endorsed(w, person, vacancy, score)
