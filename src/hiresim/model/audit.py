"""A correspondence test (field experiment) run inside the model (DESIGN §8).

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
interviewee. The test reads the state and changes nothing; it draws from its own random
stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .screening import posterior_mean, screening_score, time_out_signal
from .state import IMMIGRANT_ORIGINS, MAJORITY, World

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
    week's hiring round."""
    thresholds = w.cache.get("pools")
    p = w.params
    empty = AuditResult(0, (0,) * len(VERSIONS), (0,) * len(VERSIONS))
    if thresholds is None:
        return empty
    pools = thresholds()
    rows = np.flatnonzero(pools["has_pool"])
    n = len(rows)
    if n == 0:
        return empty
    ids = np.arange(n) + key * 1_000_003
    employer = pools["employer"][rows]
    level = pools["level"][rows]
    typical_formal, typical_informal = _typical_employee(w)
    formal = np.clip(typical_formal[level]
                     + p.skill_sd * w.streams.normal("audit", w.week, ids, 1), 0, 1)
    informal = np.clip(typical_informal[level]
                       + p.skill_sd * w.streams.normal("audit", w.week, ids, 2), 0, 1)
    cv = p.cv_quality_means[0]
    readiness = p.interview_readiness_means[0]
    noise1 = p.cv_noise_sd * (1 - p.cv_clarity_noise_reduction * cv)
    noise2 = p.interview_noise_sd * (1 - p.readiness_noise_reduction * readiness)
    y1 = formal + noise1 * w.streams.normal("audit", w.week, ids, 3)
    y2 = informal + noise2 * w.streams.normal("audit", w.week, ids, 4)
    bar = pools["standard"][rows]
    emp = w.employers
    beliefs = [(0.0, 0.0)]
    beliefs += [(emp.gap_formal[employer, k], emp.gap_informal[employer, k])
                for k in range(len(IMMIGRANT_ORIGINS))]
    beliefs.append((float(time_out_signal(p, UNEMPLOYED_WEEKS)), 0.0))
    callbacks, offers = [], []
    for gap_f, gap_i in beliefs:
        prior_f = np.asarray(p.formal_skill_means)[level] - gap_f
        prior_i = p.informal_skill_mean - gap_i
        post_f = posterior_mean(y1, prior_f, p.prior_skill_sd, noise1)
        score1 = screening_score(p, post_f)
        called = (score1 > pools["callback"][rows]) & (
            (bar <= 0) | (score1 >= bar - p.screening_margin))
        post_i = posterior_mean(y2, prior_i, p.prior_skill_sd, noise2)
        score2 = p.formal_weight * post_f + (1 - p.formal_weight) * post_i
        offered = called & ((bar <= 0) | (score2 >= bar)) & (score2 > pools["offer"][rows])
        callbacks.append(int(called.sum()))
        offers.append(int(offered.sum()))
    return AuditResult(n, tuple(callbacks), tuple(offers))


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
