"""The programme phase of the week (docs/model.md §3, step 2, and §7).

At a programme's start week: selection, evaluation arms, mentor recruitment, matching
and traineeship placements. Every week while it runs: dormancy and revival, meetings,
plenary sessions and traineeship learning. At its end the dyads close.
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Programme
from . import mentoring, plenary, practice, traineeship
from .matching import match, match_quality
from .newcomers import WEEKS_PER_YEAR
from .operations import add_contacts
from .selection import applicants, eligible, select
from .state import (
    ACTIVE,
    ARM_CONTROL,
    ARM_ELIGIBLE,
    ARM_NONE,
    ARM_TREATED,
    ENDED,
    NOBODY,
    World,
)


def mentor_employers(w: World, k: int, places: np.ndarray) -> np.ndarray:
    """The employers of programme ``k``'s mentors at ``places`` (0, 1, ...) of its pool.

    Mentors' draws are keyed by the programme and the place in its pool, so the first
    places are the same whatever the pool's size, and a twin world, which recruits
    nobody, can name the employers that would host the mentors (`practice.mark_hosts`).
    """
    return w.sampler.draw(w.streams.uniform("mentor_employer", k, places))


def recruit_mentors(w: World, k: int, prog: Programme, n: int) -> np.ndarray:
    """Recruit ``n`` volunteer mentors among employers' staff; returns their indices."""
    p = w.params
    serial = np.arange(n)  # places in programme k's pool (the streams' key is k)
    employer = mentor_employers(w, k, serial)
    level = np.minimum(np.searchsorted(np.cumsum(p.job_level_shares),
                                       w.streams.uniform("mentor_level", k, serial)), 2)
    suit = np.clip(p.mentor_suitability_mean
                   + 0.15 * w.streams.normal("mentor_suitability", k, serial), 0.0, 1.0)
    network = np.empty((n, 1 + p.mentor_network_size), np.int32)
    network[:, 0] = employer
    field = w.employers.field[employer]
    for j in range(p.mentor_network_size):
        u_e = w.streams.uniform("mentor_network", k, serial, j)
        in_field = w.streams.uniform("mentor_network_field", k, serial, j) < p.own_field_share
        network[:, 1 + j] = np.where(in_field, w.sampler.draw(u_e, field), w.sampler.draw(u_e))
    w.employers.exposed[employer] = True
    return w.mentors.append(
        employer=employer, field=field, level=level, suitability=suit,
        cross_cultural=w.streams.uniform("mentor_cross_cultural", k, serial),
        role_trained=np.full(n, prog.role_training), programme=np.full(n, k),
        network=network,
    )


def record_intake(w: World, selected: np.ndarray) -> None:
    """Keep what the people taken in were like at intake (an output: `metrics`)."""
    people = w.people
    since = np.where(people.origin[selected] > 0,
                     (w.week - people.arrival_week[selected]) / WEEKS_PER_YEAR, np.nan)
    w.intake.append(employed=people.employer[selected] >= 0,
                    weeks_unemployed=people.weeks_unemployed[selected],
                    origin=people.origin[selected],
                    qualification=people.qualification[selected],
                    years_since_arrival=since)


def intake(w: World, k: int, prog: Programme) -> None:
    """Select participants, assign arms and, if delivered, start dyads and placements."""
    people, p = w.people, w.params
    pools = eligible(w)
    n_select = prog.capacity * (2 if prog.evaluation == "rct" else 1)
    n_employed = round(prog.employed_share * n_select)
    selected = np.union1d(
        select(w, prog.selection, applicants(w, prog, k, pools.seekers), n_select - n_employed,
               k),
        select(w, prog.selection, applicants(w, prog, k, pools.underemployed), n_employed, k))
    record_intake(w, selected)
    treated = selected
    if prog.evaluation == "rct":
        u = w.streams.uniform("randomisation", w.week, selected, k)
        order = np.argsort(u, kind="stable")
        n_treat = (len(selected) + 1) // 2
        treated = np.sort(selected[order[:n_treat]])
        control = np.sort(selected[order[n_treat:]])
        people.arm[control] = ARM_CONTROL
    people.programme[selected] = k
    people.arm[treated] = ARM_TREATED
    # The comparison a programme report can make: the job seekers it did not take in
    # (under-employed people, when it takes nobody else).
    rest = np.setdiff1d(pools.seekers if prog.employed_share < 1 else pools.underemployed,
                        selected)
    people.arm[rest[people.arm[rest] == ARM_NONE]] = ARM_ELIGIBLE
    # The employers of the first mentor place per participant host the programme (in
    # a twin world they would: the evaluation compares the same employers).
    practice.mark_hosts(w, mentor_employers(w, k, np.arange(len(treated))))
    if not p.deliver_programmes or len(treated) == 0:
        return
    n_mentors = int(np.ceil(len(treated) * prog.mentor_pool_ratio))
    pool = recruit_mentors(w, k, prog, n_mentors)
    m = w.mentors
    chosen = pool[match(
        prog.matching, people.field[treated], people.qualification[treated], m.field[pool],
        m.level[pool], m.suitability[pool],
        w.streams.uniform("matching", w.week, treated, k),
        w.streams.uniform("matching_mentor", w.week, pool, k),
    )]
    quality = match_quality(people.field[treated], people.qualification[treated],
                            m.field[chosen], m.level[chosen], m.suitability[chosen])
    w.dyads.append(person=treated, mentor=chosen, programme=np.full(len(treated), k),
                   state=np.full(len(treated), ACTIVE), quality=quality,
                   meetings=np.zeros(len(treated)))
    people.mentor[treated] = chosen
    if p.signalling_channel:  # the mentor's own employer is a contact from the start
        add_contacts(people, treated, m.employer[chosen])
    if prog.traineeship_weeks > 0:
        traineeship.place(w, treated, m.employer[chosen], prog.traineeship_weeks)


def run_programmes(w: World) -> None:
    """This week's programme phase for every programme."""
    if not w.params.programmes:
        return
    for k, prog in enumerate(w.params.programmes):
        if w.week == prog.start_week:
            intake(w, k, prog)
    d = w.dyads
    if d.n:
        ends = np.array([pr.start_week + pr.duration_weeks for pr in w.params.programmes])
        over = (d.state != ENDED) & (w.week >= ends[d.programme])
        d.state[over] = ENDED
        w.people.mentor[d.person[over]] = NOBODY
        running = np.flatnonzero(d.state != ENDED)
        mentoring.update_dyad_states(w, running)
        mentoring.hold_meetings(w, running)
        for k, prog in enumerate(w.params.programmes):
            since = w.week - prog.start_week
            if (prog.plenary_every_weeks > 0 and 0 < since < prog.duration_weeks
                    and since % prog.plenary_every_weeks == 0):
                plenary.hold_plenary(w, k)
    traineeship.learn(w)
