"""A correspondence test (field experiment) run inside the model (docs/model.md §6).

Like the Oslo field experiments (Midtbøen 2016; Larsen & Midtbøen 2024), it sends
fictitious, equally qualified applicants to this week's vacancies: one with a majority
name, one with a name from each immigrant region of birth, and (as in Birkelund, Heggebø
& Rogstad 2017) a majority applicant who has been out of work for a year. All have
Norwegian credentials, the same skills (around those of the majority employed at the
vacancy's level, as the experiments send qualified applicants), CV and interview
readiness, and share every noise draw; they differ only in what the employer believes of
their group or reads off the gap in the CV. Each is compared with the vacancy's real
applicant pool: a callback if its screening score comes within the screening margin of
the vacancy's standard and beats the k-th best real applicant, an offer if its
assessment after the interview then also meets the standard and beats the best real
interviewee. The pools are the explicit output of the week's hiring round
(`hiring.assess`, kept as `World.pools`); the fictitious applicants are assessed with the
same formulas as the real ones (`screening`, `interview`, `vacancies.meets`). The test
reads the state and changes nothing; it draws from its own random stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .interview import interview_noise
from .screening import (
    assessed_productivity,
    cv_noise,
    posterior_mean,
    priors,
    screening_score,
    time_out_signal,
)
from .state import IMMIGRANT_ORIGINS, MAJORITY, Pools, World
from .vacancies import meets

#: The fictitious applicants: the majority, each immigrant region, and the majority after
#: a year out of work.
VERSIONS = ("majority", *IMMIGRANT_ORIGINS, "majority_unemployed_1_year")
UNEMPLOYED_WEEKS = 52


@dataclass
class AuditResult:
    """Callbacks and offers per version (`VERSIONS`) for the pairs sent."""

    pairs: int
    callbacks: tuple[int, ...]
    offers: tuple[int, ...]

    def ratio(self, what: str, version: str) -> float:
        """Majority callbacks (``what="callbacks"``) or offers over those of ``version``."""
        counts = getattr(self, what)
        other = counts[VERSIONS.index(version)]
        return counts[0] / other if other else float("inf")


def correspondence_test(w: World, key: int = 0) -> AuditResult:
    """One set of fictitious applicants to every vacancy that had applicants in this
    week's hiring round (`World.pools`)."""
    pools, p = w.pools, w.params
    empty = AuditResult(0, (0,) * len(VERSIONS), (0,) * len(VERSIONS))
    if pools is None:
        return empty
    callback, offer, has_pool = _thresholds(pools)
    rows = np.flatnonzero(has_pool)
    n = len(rows)
    if n == 0:
        return empty
    ids = np.arange(n) + key * 1_000_003
    employer = pools.employer[rows]
    level = pools.level[rows]
    typical_formal, typical_informal = _typical_employee(w)
    formal = np.clip(typical_formal[level]
                     + p.skill_sd * w.streams.normal("audit", w.week, ids, 1), 0, 1)
    informal = np.clip(typical_informal[level]
                       + p.skill_sd * w.streams.normal("audit", w.week, ids, 2), 0, 1)
    # Norwegian credentials, no referral; a majority applicant's CV and readiness.
    noise1 = cv_noise(p.cv_noise_sd, 1.0, p.cv_clarity_noise_reduction,
                      p.cv_quality_means[0], 1.0)
    noise2 = interview_noise(p.interview_noise_sd, p.readiness_noise_reduction,
                             p.interview_readiness_means[0])
    y1 = formal + noise1 * w.streams.normal("audit", w.week, ids, 3)
    y2 = informal + noise2 * w.streams.normal("audit", w.week, ids, 4)
    bar = pools.standard[rows]
    emp = w.employers
    beliefs = [(0.0, 0.0, 0.0)]  # believed gaps (formal, informal), time-out signal
    beliefs += [(emp.gap_formal[employer, k], emp.gap_informal[employer, k], 0.0)
                for k in range(len(IMMIGRANT_ORIGINS))]
    beliefs.append((0.0, 0.0, float(time_out_signal(p, UNEMPLOYED_WEEKS))))
    callbacks, offers = [], []
    for gap_f, gap_i, time_out in beliefs:
        prior_f, prior_i = priors(np.asarray(p.formal_skill_means)[level],
                                  p.informal_skill_mean, gap_f, gap_i, time_out)
        post_f = posterior_mean(y1, prior_f, p.prior_skill_sd, noise1)
        score1 = screening_score(p, post_f)
        called = (score1 > callback[rows]) & meets(score1, bar, p.screening_margin)
        post_i = posterior_mean(y2, prior_i, p.prior_skill_sd, noise2)
        score2 = assessed_productivity(p.formal_weight, post_f, post_i)
        offered = called & meets(score2, bar) & (score2 > offer[rows])
        callbacks.append(int(called.sum()))
        offers.append(int(offered.sum()))
    return AuditResult(n, tuple(callbacks), tuple(offers))


def _thresholds(pools: Pools) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What an extra applicant must beat at each vacancy of the round: the k-th best
    screening score (−inf with fewer than k applicants) for a callback, and the best
    interview score that met the standard (−inf if none) for the offer; and which
    vacancies had applicants."""
    n_vac = len(pools.employer)
    callback = np.full(n_vac, -np.inf)
    kth = pools.rank == pools.interviews - 1
    callback[pools.vacancy[kth]] = pools.screening[kth]
    offer = np.full(n_vac, -np.inf)
    np.maximum.at(offer, pools.passed_vacancy, pools.passed_score)
    has_pool = np.zeros(n_vac, bool)
    has_pool[pools.vacancy] = True
    return callback, offer, has_pool


def _typical_employee(w: World) -> tuple[np.ndarray, np.ndarray]:
    """Mean formal and informal skill of the majority employed at each job level (the
    level's means at entry where nobody works at it)."""
    people, p = w.people, w.params
    held = (people.employer >= 0) & (people.origin == MAJORITY)
    level = people.level[held]
    n = np.bincount(level, minlength=3)
    formal = np.bincount(level, people.formal[held], 3)
    informal = np.bincount(level, people.informal[held], 3)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.where(n > 0, formal / n, np.asarray(p.formal_skill_means)),
                np.where(n > 0, informal / n, p.informal_skill_mean))
