"""The rules of a job, whichever mechanism starts or ends it (docs/model.md §3 steps 1 and 5).

* **Its length.** A job's length is drawn once, when it starts, from the geometric
  distribution of the weekly separation rate (memoryless, so this equals a weekly coin
  flip), from the person's own random stream (`draw_job_end`).
* **Search on the job.** Its holder searches on the job now and then, a Poisson process
  of applications; the under-employed (below their level or outside their field,
  `state.under_employed`) more often (``on_the_job_search_rate``) than the others
  (``job_to_job_search_rate``): `on_the_job`, `next_search_week`. In the last
  ``notice_weeks`` before the job ends its holder knows it and searches every week as
  the unemployed do (`in_notice`).
* **Ties.** Who leaves a job keeps ties from it: its employer, and former colleagues
  who moved on (`keep_ties`).

`employ` (hiring, traineeship hires, labour migrants who come to a job) and `leave_jobs`
(separations, job-to-job moves) apply these rules around the state operations
`operations.start_jobs` and `operations.vacate`, which also make every job left a
replacement vacancy.
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Params
from .contacts import contact_rounds
from .operations import add_contacts_in_turn, start_jobs, vacate
from .state import ARM_TREATED, Job, World, under_employed, under_employed_now
from .streams import Streams


def separation_rates(p: Params, origin: np.ndarray) -> np.ndarray:
    """Weekly separation probability by region of birth."""
    mult = np.r_[1.0, np.asarray(p.immigrant_separation_multiplier)][origin]
    return np.minimum(p.separation_rate * mult, 1.0)


def draw_job_end(w: World, persons: np.ndarray) -> np.ndarray:
    """The week in which jobs starting this week end (at the earliest next week)."""
    rate = separation_rates(w.params, w.people.origin[persons])
    return w.week + 1 + w.streams.geometric("separation", w.week, persons, rate)


def next_search_week(p: Params, streams: Streams, week: int, persons: np.ndarray,
                     under_employed: np.ndarray, job_end: np.ndarray) -> np.ndarray:
    """The next week in which each of the employed ``persons`` sends applications: weeks
    with at least one application of a Poisson process, faster where ``under_employed``;
    at the latest when the notice before ``job_end`` starts (`in_notice`)."""
    rate = np.where(under_employed, p.on_the_job_search_rate, p.job_to_job_search_rate)
    chance = -np.expm1(-rate)
    drawn = week + 1 + streams.geometric("job_search", week, persons, chance)
    if p.notice_weeks <= 0:
        return drawn
    end = np.asarray(job_end, np.int64)
    notice = np.maximum(week + 1, end - p.notice_weeks)
    return np.where(end >= 0, np.minimum(drawn, notice), drawn)


def on_the_job(w: World, due: np.ndarray) -> np.ndarray:
    """Who of those due searches on the job this week (still employed), each with the
    next week drawn."""
    people = w.people
    still = due[(people.employer[due] >= 0) & (people.separated_week[due] != w.week)]
    people.search_week[still] = next_search_week(
        w.params, w.streams, w.week, still, under_employed_now(people, w.employers.field, still),
        people.job_end[still])
    return still


def in_notice(p: Params, job_end: np.ndarray, week: int) -> np.ndarray:
    """Whether jobs ending in ``job_end`` (-1: not known) are in their notice this week:
    ending within `notice_weeks`."""
    end = np.asarray(job_end, np.int64)
    return (p.notice_weeks > 0) & (end >= 0) & (end - week <= p.notice_weeks)


def keep_ties(w: World, jobs: Job) -> None:
    """People who leave a job keep ties from it: its employer, and former colleagues who
    moved on (a Poisson number, `contacts_per_year` for each year in the job), mostly
    in their own field."""
    people, p = w.people, w.params
    if people.contacts.shape[1] == 0 or len(jobs.person) == 0:
        return
    more = w.streams.poisson("colleague_contacts", w.week, jobs.person,
                             p.contacts_per_year * jobs.tenure / 52.0)
    who, colleague, _ = contact_rounds(p, w.streams, w.sampler, w.week, jobs.person,
                                       people.field[jobs.person], more, "colleague")
    add_contacts_in_turn(people, np.concatenate([jobs.person, who]),
                         np.concatenate([jobs.employer, colleague]))


def leave_jobs(w: World, persons: np.ndarray) -> None:
    """``persons`` (each employed) leave their jobs (`operations.vacate`: each becomes a
    replacement vacancy) and keep ties from them."""
    if len(persons) == 0:
        return
    keep_ties(w, vacate(w, persons))


def employ(w: World, persons: np.ndarray, employer: np.ndarray, level: np.ndarray) -> None:
    """Start jobs (no repeats among ``persons``), each with its length and its holder's
    next search on the job drawn; a person who already has a job leaves it
    (`leave_jobs`: a job-to-job move). With programmes delivered, hiring a participant
    exposes the employer."""
    if len(persons) == 0:
        return
    persons = np.asarray(persons, np.int64)
    p, people = w.params, w.people
    movers = persons[people.employer[persons] >= 0]
    leave_jobs(w, movers)
    w.counts.job_to_job += len(movers)
    below = under_employed(level, people.qualification[persons],
                           w.employers.field[employer], people.field[persons])
    job_end = draw_job_end(w, persons)
    start_jobs(w, persons, employer, level, job_end,
               next_search_week(p, w.streams, w.week, persons, below, job_end))
    if p.deliver_programmes:
        w.employers.exposed[employer[people.arm[persons] == ARM_TREATED]] = True
