"""A correspondence test (field experiment) run inside the model (DESIGN §8).

Like the Oslo field experiments (Midtbøen 2016), it sends pairs of fictitious,
equally qualified applicants who differ only in group to this week's vacancies: both
have Norwegian credentials, the same skills, CV and interview readiness, and share
every noise draw. Each is compared with the vacancy's real applicant pool: a callback if
its screening score beats the k-th best real applicant, an offer if it then also passes
the bar and beats the best real interviewee. The test reads the state and changes
nothing; it draws from its own random stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .screening import posterior_mean
from .state import World


@dataclass
class AuditResult:
    """Callbacks and offers per pair sent, majority and immigrant version."""

    pairs: int
    callbacks: tuple[int, int]
    offers: tuple[int, int]

    @property
    def callback_ratio(self) -> float:
        """Majority callback rate over immigrant callback rate."""
        return self.callbacks[0] / self.callbacks[1] if self.callbacks[1] else float("inf")

    @property
    def offer_ratio(self) -> float:
        """Majority offer rate over immigrant offer rate."""
        return self.offers[0] / self.offers[1] if self.offers[1] else float("inf")


def correspondence_test(w: World, key: int = 0) -> AuditResult:
    """One matched pair to every vacancy that had applicants in this week's hiring round."""
    thresholds = w.cache.get("pools")
    p = w.params
    if thresholds is None:
        return AuditResult(0, (0, 0), (0, 0))
    pools = thresholds()
    rows = np.flatnonzero(pools["has_pool"])
    n = len(rows)
    if n == 0:
        return AuditResult(0, (0, 0), (0, 0))
    ids = np.arange(n) + key * 1_000_003
    employer = pools["employer"][rows]
    level = pools["level"][rows]
    formal = np.clip(np.asarray(p.formal_skill_means)[level]
                     + p.skill_sd * w.streams.normal("audit", w.week, ids, 1), 0, 1)
    informal = np.clip(p.informal_skill_mean
                       + p.skill_sd * w.streams.normal("audit", w.week, ids, 2), 0, 1)
    cv = p.cv_quality_means[0]
    readiness = p.interview_readiness_means[0]
    noise1 = p.cv_noise_sd * (1 - p.cv_clarity_noise_reduction * cv)
    noise2 = p.interview_noise_sd * (1 - p.readiness_noise_reduction * readiness)
    y1 = formal + noise1 * w.streams.normal("audit", w.week, ids, 3)
    y2 = informal + noise2 * w.streams.normal("audit", w.week, ids, 4)
    bar = np.asarray(p.hiring_bar)[level]
    emp = w.employers
    callbacks, offers = [], []
    for gap_f, gap_i in ((0.0, 0.0), (emp.gap_formal[employer], emp.gap_informal[employer])):
        prior_f = np.asarray(p.formal_skill_means)[level] - gap_f
        prior_i = p.informal_skill_mean - gap_i
        post_f = posterior_mean(y1, prior_f, p.prior_skill_sd, noise1)
        called = post_f > pools["callback"][rows]
        post_i = posterior_mean(y2, prior_i, p.prior_skill_sd, noise2)
        score2 = p.formal_weight * post_f + (1 - p.formal_weight) * post_i
        offered = called & ((bar <= 0) | (score2 >= bar)) & (score2 > pools["offer"][rows])
        callbacks.append(int(called.sum()))
        offers.append(int(offered.sum()))
    return AuditResult(n, tuple(callbacks), tuple(offers))
