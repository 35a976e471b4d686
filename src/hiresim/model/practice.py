"""Employer practice (docs/model.md §3, step 6; research question 2): how hosting a programme
changes the way an employer hires, slowly and by documented amounts.

An employer is exposed once it hosts mentors or trainees, hires a participant, or a
mentor who has met a mentee comes to work there. Each week, at every exposed employer:

* its extra screening noise on foreign credentials (its own factor for each region of
  birth, which starts at ``foreign_credential_noise``) falls towards none at
  ``credential_practice_rate``, while the recruiters' turnover brings back the
  prevailing factor at ``belief_turnover``, as it brings back the prevailing belief
  (`learning.turn_over`): an employer exposed for good ends part of the way;
* if it does not value cross-cultural competence, it comes to value it with probability
  ``cross_cultural_adoption_rate``, a decision that stays (it then sees a participant's
  competence in the interview: `interview`);
* with probability ``staff_referral_rate`` its staff give an unemployed immigrant in its
  field a contact there: a tie that passes on its vacancies (a referral, `search`).

Exposed employers also learn about immigrant applicants from their hires faster
(`learning`, ``exposure_learning_multiplier``). Mentors are employees, kept as rows of
`state.Mentors` rather than of the labour force: they change employer within their field
at ``mentor_job_change_rate``, and one who has met a mentee makes the new employer
exposed (Fafo 2019:31: mentors take the experience into their further careers).

Nobody is exposed without a programme, and then nothing here changes or draws anything.
The evaluation compares the employers whose staff mentor a programme's participants
(``hosts``, marked in the twin world too, where nothing is delivered) with the same
employers in the twin world.
"""

from __future__ import annotations

import numpy as np

from .operations import add_contacts_in_turn, unemployed
from .state import IMMIGRANT, World


def mark_hosts(w: World, employers: np.ndarray) -> None:
    """Mark the employers whose staff mentor a programme's participants (in a twin
    world: would), where the evaluation compares practice."""
    w.employers.hosts[employers] = True


def update_practice(w: World) -> None:
    """This week's change of practice: hires at the host employers are counted and, with
    ``employer_practice``, mentors change jobs and every exposed employer's practice
    moves."""
    count_host_hires(w)
    if not w.params.employer_practice:
        return
    move_mentors(w)
    exposed = np.flatnonzero(w.employers.exposed)
    if len(exposed) == 0:
        return
    read_credentials(w, exposed)
    adopt_cross_cultural(w, exposed)
    refer_immigrants(w, exposed)


def count_host_hires(w: World) -> None:
    """Add this week's hires at the host employers to ``w.host_hires`` (by group)."""
    hired, people = w.counts.hired, w.people
    if len(hired) == 0 or not w.employers.hosts.any():
        return
    hired = hired[people.employer[hired] >= 0]
    at_host = hired[w.employers.hosts[people.employer[hired]]]
    w.host_hires += np.bincount(people.group[at_host], minlength=2)


def move_mentors(w: World) -> None:
    """Mentors change employer within their field; one who has met a mentee makes the
    new employer exposed."""
    m, d, rate = w.mentors, w.dyads, w.params.mentor_job_change_rate
    if m.n == 0 or rate <= 0:
        return
    ids = np.arange(m.n)
    movers = ids[w.streams.uniform("mentor_move", w.week, ids) < rate]
    if len(movers) == 0:
        return
    new = w.sampler.draw(w.streams.uniform("mentor_move_employer", w.week, movers),
                         m.field[movers])
    met = np.zeros(m.n, bool)
    met[d.mentor[d.meetings > 0]] = True
    w.employers.exposed[new[met[movers]]] = True
    m.employer[movers] = new
    m.network[movers, 0] = new


def read_credentials(w: World, exposed: np.ndarray) -> None:
    """Exposed employers' extra noise on foreign credentials falls towards none; the
    recruiters' turnover brings back the prevailing factor."""
    p, noise = w.params, w.employers.credential_noise
    prevailing = np.asarray(p.foreign_credential_noise, np.float64)
    x = noise[exposed]
    noise[exposed] = (x + p.credential_practice_rate * (1.0 - x)
                      + p.belief_turnover * (prevailing - x))


def adopt_cross_cultural(w: World, exposed: np.ndarray) -> None:
    """Exposed employers that do not value cross-cultural competence come to value it."""
    values = w.employers.values_cross_cultural
    rate = w.params.cross_cultural_adoption_rate
    not_yet = exposed[~values[exposed]]
    if rate <= 0 or len(not_yet) == 0:
        return
    values[not_yet[w.streams.uniform("cross_cultural_adoption", w.week, not_yet) < rate]] = True


def refer_immigrants(w: World, exposed: np.ndarray) -> None:
    """Some exposed employers' staff give an unemployed immigrant in the employer's
    field a contact there (the job seeker is drawn at random among them)."""
    p, people, emp = w.params, w.people, w.employers
    if p.staff_referral_rate <= 0 or people.contacts.shape[1] == 0:
        return
    referring = exposed[w.streams.uniform("staff_referral", w.week, exposed)
                        < p.staff_referral_rate]
    if len(referring) == 0:
        return
    idle = unemployed(people)
    seekers = idle[people.group[idle] == IMMIGRANT]
    seekers = seekers[np.argsort(people.field[seekers], kind="stable")]
    field = people.field[seekers]
    lo = np.searchsorted(field, emp.field[referring], side="left")
    count = np.searchsorted(field, emp.field[referring], side="right") - lo
    u = w.streams.uniform("staff_referral_seeker", w.week, referring)
    some = count > 0
    pick = lo[some] + np.minimum((u[some] * count[some]).astype(np.int64), count[some] - 1)
    add_contacts_in_turn(people, seekers[pick], referring[some])
