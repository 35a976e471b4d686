"""Employer learning about immigrant applicants (DESIGN §3 step 6).

After hiring an immigrant, the employer observes the new employee's formal and informal
skill (with a little noise) and moves its believed gap towards what it saw. Employers
exposed to a programme (hosting mentors or trainees, or having hired a participant)
learn ``exposure_learning_multiplier`` times faster. This is how hiring practice and
workplace diversity can change (research question 2).
"""

from __future__ import annotations

import numpy as np

from .state import IMMIGRANT, World

OBSERVATION_NOISE_SD = 0.05  # on-the-job observation is nearly exact (DESIGN §3 step 6)


def learn_from_hires(w: World, persons: np.ndarray) -> None:
    """Update the believed gaps of the employers that hired immigrants this week."""
    p, people, emp = w.params, w.people, w.employers
    if not p.employer_learning or len(persons) == 0:
        return
    persons = persons[(people.group[persons] == IMMIGRANT) & (people.employer[persons] >= 0)]
    if len(persons) == 0:
        return
    e = people.employer[persons]
    noise_f = OBSERVATION_NOISE_SD * w.streams.normal("learning", w.week, persons, 1)
    noise_i = OBSERVATION_NOISE_SD * w.streams.normal("learning", w.week, persons, 2)
    seen_gap_f = (np.asarray(p.formal_skill_means)[people.qualification[persons]]
                  - (people.formal[persons] + noise_f))
    seen_gap_i = p.informal_skill_mean - (people.informal[persons] + noise_i)
    rate = p.learning_rate * np.where(emp.exposed[e], p.exposure_learning_multiplier, 1.0)
    rate = np.minimum(rate, 1.0)
    np.add.at(emp.gap_formal, e, rate * (seen_gap_f - emp.gap_formal[e]))
    np.add.at(emp.gap_informal, e, rate * (seen_gap_i - emp.gap_informal[e]))
