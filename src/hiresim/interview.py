"""Interview: the employer sees informal skill (DESIGN §3 step 5, second stage).

The interview signal is y₂ = informal + ε₂, with less noise the better prepared the
applicant. The employer updates its informal prior the Aigner–Cain way. Employers that
value cross-cultural competence see it as an asset. A mentor working at the employer
adds ``endorsement_weight`` (0 by default: mentors are door openers, not ambassadors).
"""

from __future__ import annotations

import numpy as np

from .screening import posterior_mean
from .state import World


def interview_score(w: World, person: np.ndarray, vacancy: np.ndarray, post_formal: np.ndarray,
                    prior_informal: np.ndarray) -> np.ndarray:
    """Assessed productivity after the interview, plus assets and endorsement."""
    p, people = w.params, w.people
    employer = w.vacancies.employer[vacancy]
    noise = p.interview_noise_sd * (1.0 - p.readiness_noise_reduction * people.readiness[person])
    signal = people.informal[person] + noise * w.streams.normal(
        "interview", w.week, person, w.vacancies.uid[vacancy])
    post_i = posterior_mean(signal, prior_informal, p.prior_skill_sd, noise)
    score = p.formal_weight * post_formal + (1.0 - p.formal_weight) * post_i
    values = w.employers.values_cross_cultural[employer]
    score = score + p.cross_cultural_weight * values * people.cross_cultural[person]
    if p.endorsement_weight > 0 and w.mentors.n:
        mentor = people.mentor[person]
        at_employer = (mentor >= 0) & (w.mentors.employer[np.maximum(mentor, 0)] == employer)
        score = score + p.endorsement_weight * at_employer
    return score
