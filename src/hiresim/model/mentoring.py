"""Mentoring dyads: meetings, dormancy and what a meeting does (docs/model.md §7).

Each week an active dyad meets with probability meetings-per-month × 12/52 (at most 1).
Active dyads go dormant at a weekly hazard lowered by role training and follow-up; the
programme manager's follow-up revives dormant ones. A meeting raises the participant's
real skills gap with probability equal to gap-diagnosis quality (otherwise the other
skill); the gain scales with the mentor's suitability (full in his or her own field),
level fit, the face-to-face share (informal skills gain far less remotely) and role
clarity. Meetings also sharpen the CV and interview readiness, teach the participant to
present cross-cultural competence as an asset (the more, the more competent the mentor is
himself or herself: `present_cross_cultural`), and sometimes introduce the mentee to an
employer in the mentor's network (a new contact, later a referral).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .operations import add_contacts
from .state import ACTIVE, DORMANT, World

WEEKS_PER_MONTH = 52.0 / 12.0


def lever(w: World, name: str, programme: np.ndarray) -> np.ndarray:
    """A programme lever's value for each row, given its programme index."""
    values = np.array([getattr(pr, name) for pr in w.params.programmes], dtype=np.float64)
    return values[programme]


def meeting_probability(meetings_per_month: np.ndarray | float) -> np.ndarray:
    """Weekly probability that an active dyad meets."""
    return np.minimum(np.asarray(meetings_per_month) / WEEKS_PER_MONTH, 1.0)


def update_dyad_states(w: World, rows: np.ndarray) -> None:
    """Dormancy and follow-up revival for the given dyad rows."""
    p, d = w.params, w.dyads
    prog = d.programme[rows]
    trained = w.mentors.role_trained[d.mentor[rows]]
    followup = lever(w, "followup", prog)
    hazard = (p.dormancy_hazard * (1.0 - p.role_training_dormancy_reduction * trained)
              * (1.0 - p.followup_dormancy_reduction * followup))
    u = w.streams.uniform("dormancy", w.week, rows)
    state = d.state[rows]
    goes_dormant = (state == ACTIVE) & (u < hazard)
    revives = (state == DORMANT) & (u < followup * p.followup_revival_rate)
    d.state[rows[goes_dormant]] = DORMANT
    d.state[rows[revives]] = ACTIVE


def hold_meetings(w: World, rows: np.ndarray) -> np.ndarray:
    """Active dyads that meet this week, and the effects of their meetings."""
    d = w.dyads
    rows = rows[d.state[rows] == ACTIVE]
    prob = meeting_probability(lever(w, "meetings_per_month", d.programme[rows]))
    meet = rows[w.streams.uniform("meeting", w.week, rows) < prob]
    d.meetings[meet] += 1
    w.counts.meetings += len(meet)
    meeting_effects(w, meet)
    return meet


class Efficiency(NamedTuple):
    """How much of a session's content reaches each participant: the mentor's
    suitability (full in his or her own field), the fit of the content to the
    participant's level, role clarity, and the format's efficacy for formal and for
    informal skills."""

    suit: np.ndarray
    fit: np.ndarray
    clarity: np.ndarray
    mode_formal: np.ndarray
    mode_informal: np.ndarray


def efficiency(w: World, rows: np.ndarray) -> Efficiency:
    """`Efficiency` of a session for each dyad row (meetings and plenary sessions)."""
    p, people, m, d = w.params, w.people, w.mentors, w.dyads
    who, mentor, prog = d.person[rows], d.mentor[rows], d.programme[rows]
    clarity = np.where(m.role_trained[mentor], 1.0, p.untrained_role_clarity)
    f2f = lever(w, "face_to_face_share", prog)
    same_field = m.field[mentor] == people.field[who]
    suit = m.suitability[mentor] * np.where(same_field, 1.0, p.cross_field_suitability)
    distance = np.abs(people.qualification[who].astype(np.float64) - m.level[mentor]) / 2.0
    fit = 1.0 - (1.0 - lever(w, "level_adaptation", prog)) * distance
    return Efficiency(suit, fit, clarity, f2f + (1.0 - f2f) * p.remote_formal_efficacy,
                      f2f + (1.0 - f2f) * p.remote_informal_efficacy)


def meeting_effects(w: World, rows: np.ndarray) -> None:
    """Skill, signal and network effects of one meeting for each dyad row."""
    if len(rows) == 0:
        return
    p, people, m, d = w.params, w.people, w.mentors, w.dyads
    who, mentor, prog = d.person[rows], d.mentor[rows], d.programme[rows]
    e = efficiency(w, rows)
    suit, fit, clarity, mode_formal, mode_informal = e
    if p.skills_channel:
        formal_gap = p.formal_weight * (1.0 - people.formal[who])
        informal_gap = (1.0 - p.formal_weight) * (1.0 - people.informal[who])
        real_is_formal = formal_gap > informal_gap
        diagnosed = w.streams.uniform("diagnosis", w.week, rows) < lever(w, "gap_diagnosis", prog)
        on_formal = real_is_formal == diagnosed
        base = p.skill_gain_per_meeting * suit * fit * clarity
        f_idx, i_idx = who[on_formal], who[~on_formal]
        people.formal[f_idx] += (base * mode_formal)[on_formal] * (1.0 - people.formal[f_idx])
        people.informal[i_idx] += ((base * mode_informal)[~on_formal]
                                   * (1.0 - people.informal[i_idx]))
    if p.signalling_channel:
        gain = p.signal_gain_per_meeting * clarity
        people.cv[who] += gain * (1.0 - people.cv[who])
        people.readiness[who] += gain * mode_informal * (1.0 - people.readiness[who])
        present_cross_cultural(w, rows, e)
        intro = w.streams.uniform("introduction", w.week, rows) < p.introduction_prob
        if intro.any() and m.network.shape[1] > 0:
            net = m.network[mentor[intro]]
            slot = (w.streams.uniform("introduction", w.week, rows[intro], 1)
                    * net.shape[1]).astype(np.int64)
            add_contacts(people, who[intro], net[np.arange(len(slot)), slot])


def present_cross_cultural(w: World, rows: np.ndarray, e: Efficiency) -> None:
    """One session's gain in how well each dyad row's participant presents cross-cultural
    competence (docs/model.md §7): ``cross_cultural_gain`` times the mentor's own competence,
    role clarity and the format's efficacy for informal skills, as a share of what is
    left. Meetings and plenary sessions both call it."""
    p, people, d = w.params, w.people, w.dyads
    who = d.person[rows]
    gain = (p.cross_cultural_gain * w.mentors.cross_cultural[d.mentor[rows]] * e.clarity
            * e.mode_informal)
    people.cross_cultural[who] += gain * (1.0 - people.cross_cultural[who])
