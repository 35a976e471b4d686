"""Entry to and exit from the labour force (docs/model.md §3, step 1).

People leave at retirement or when they emigrate; the week is drawn when they enter
(`newcomers.leave_weeks`), so it is the same in a world and its twin. A newcomer of the
same region of birth takes each place: a school leaver for the majority, an immigrant
for the others (a share of them refugees or their families, who enter from the
introduction programme two years after arriving). Newcomers bring a qualification,
skills, signals and few contacts, and no Norwegian work history; they start unemployed
and search from next week, except labour migrants, who come to a job that is open in
their field (`_job_that_drew_them`), and the refugees whom the introduction programme
placed in one (``introduction_job_share``). Keeping each place's region makes the composition of the
labour force stationary by construction; the rates of entry by region follow from the
rates of exit (`newcomers.weekly_exit_rate`).

Unemployed people also leave the register for something other than a job (education,
health-related benefits, leaving the labour force: `register_leavers`), and a newcomer
takes each of their places too. Registered spells thus end in a job or in leaving, as
in NAV's statistics, and the long-term unemployed do not pile up for ever.

A job left by somebody leaving becomes a replacement vacancy. Someone leaving in the
middle of a programme leaves it: the dyad ends and the newcomer is not a participant.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .cells import CellIndex
from .contacts import contact_rounds
from .jit import njit, prefetch
from .jobs import employ
from .newcomers import WEEKS_PER_YEAR, leave_weeks, newcomers, registers_on_entry
from .operations import (
    add_contacts,
    add_contacts_in_turn,
    fill_vacancies,
    unemployed,
    vacate,
)
from .state import ARM_CONTROL, ARM_TREATED, ENDED, NOBODY, NOT_ARRIVED, World
from .streams import Counter, counter_uniform


def leave_and_enter(w: World, leaving: np.ndarray) -> None:
    """``leaving`` (sorted rows) leave the labour force; newcomers take their places."""
    if len(leaving) == 0:
        return
    p, people, week = w.params, w.people, w.week
    vacate(w, leaving[people.employer[leaving] >= 0])  # no ties: newcomers take the places
    _leave_programmes(w, leaving)

    origin = people.origin[leaving]
    new = newcomers(p, w.streams, week, leaving, origin)
    birth = week - np.round(new.entry_age * WEEKS_PER_YEAR).astype(np.int64)
    people.birth_week[leaving] = birth
    people.arrival_week[leaving] = np.where(origin > 0, week - new.arrival_lag, NOT_ARRIVED)
    people.leave_week[leaving] = leave_weeks(p, w.streams, week, leaving, origin, birth)
    for name in ("field", "qualification", "foreign_credentials", "refugee", "formal",
                 "informal", "cv", "readiness", "cross_cultural"):
        getattr(people, name)[leaving] = getattr(new, name)
    people.separated_week[leaving] = week  # search from next week, like the separated
    people.weeks_unemployed[leaving] = 0
    people.registered[leaving] = registers_on_entry(p, w.streams, week, leaving)
    people.benefit_right[leaving] = False
    people.first_hire_week[leaving] = -1
    people.contacts[leaving] = NOBODY
    people.contact_next[leaving] = 0
    _bring_contacts(w, leaving, new.contacts)
    _job_that_drew_them(w, leaving[new.to_a_job])
    w.counts.entrants += np.bincount(origin, minlength=len(w.counts.entrants))


def register_leavers(w: World, leaving: np.ndarray) -> np.ndarray:
    """Who of the unemployed leaves the register this week for something other than a
    job (`register_exit_rate`), besides ``leaving`` (sorted rows, who leave the labour
    force anyway); returns all of them, sorted. Participants and their control group
    (an evaluation follows them), people in a programme and trainees stay."""
    rate, people = w.params.register_exit_rate, w.people
    if rate <= 0 or not w.params.labour_force_flows:
        return leaving
    idle = unemployed(people)
    exits = np.empty(len(idle), np.int64)
    exits = exits[:_register_exits(
        np.asarray(idle, np.int64), np.r_[leaving, people.n].astype(np.int64),
        RegisterColumns(people.arm, people.programme, people.trainee_host), rate,
        w.streams.counter("register_exit", w.week), exits)]
    w.counts.register_exits += np.bincount(people.origin[exits],
                                           minlength=len(w.counts.register_exits))
    return np.union1d(leaving, exits)


#: How many rows ahead `_register_exits` asks for the rows it will read.
_AHEAD = 16


class RegisterColumns(NamedTuple):
    """The people's columns that keep someone out of work on the register (who is
    followed by an evaluation, in a programme or in a traineeship: `state.People`)."""

    arm: np.ndarray
    programme: np.ndarray
    trainee_host: np.ndarray


@njit
def _register_exits(idle: np.ndarray, leaving: np.ndarray, people: RegisterColumns, rate: float,
                    stream: Counter, exits: np.ndarray) -> int:
    """Writes to ``exits`` who of ``idle`` (sorted) leaves the register: those at risk
    (not in ``leaving``, sorted and ended by a row past all others; nor followed by an
    evaluation, in a programme or in a traineeship) whose uniform number of the
    ``stream`` falls below ``rate``; returns how many. The readable definition is
    `register_exits_reference`."""
    arm, programme, trainee_host = people
    n = j = 0
    m = idle.shape[0]
    for r in range(m):
        if r + _AHEAD < m:
            ahead = idle[r + _AHEAD]
            prefetch(arm, ahead)
            prefetch(programme, ahead)
            prefetch(trainee_host, ahead)
        i = idle[r]
        while leaving[j] < i:
            j += 1
        # Without branches: whether a row is at risk is a coin toss for the processor.
        at_risk = ((leaving[j] != i)
                   & (arm[i] != ARM_TREATED) & (arm[i] != ARM_CONTROL)
                   & (programme[i] < 0) & (trainee_host[i] < 0))
        exits[n] = i
        n += at_risk & (counter_uniform(i, 0, stream) < rate)
    return n


def register_exits_reference(w: World, leaving: np.ndarray) -> np.ndarray:
    """The readable definition of `_register_exits`, in numpy passes: who of the
    unemployed leaves the register this week besides ``leaving`` (`register_leavers`)."""
    people = w.people
    idle = unemployed(people)
    at_risk = idle[(people.arm[idle] != ARM_TREATED) & (people.arm[idle] != ARM_CONTROL)
                   & (people.programme[idle] < 0) & (people.trainee_host[idle] < 0)]
    at_risk = at_risk[~np.isin(at_risk, leaving)]
    return at_risk[w.streams.uniform("register_exit", w.week, at_risk)
                   < w.params.register_exit_rate]


def _leave_programmes(w: World, leaving: np.ndarray) -> None:
    """Leavers leave their programme, dyad, traineeship and evaluation arm."""
    people, d = w.people, w.dyads
    if d.n:
        gone = np.isin(d.person, leaving)
        d.state[gone] = ENDED
        d.person[gone] = NOBODY
    people.programme[leaving] = -1
    people.arm[leaving] = 0
    people.mentor[leaving] = NOBODY
    people.trainee_host[leaving] = NOBODY
    people.trainee_until[leaving] = -1
    w.right_level_ever[leaving] = False


def _job_that_drew_them(w: World, persons: np.ndarray) -> None:
    """Labour migrants (and refugees the introduction programme placed in a job) come
    to a job: an open vacancy in their field, at any level,
    drawn at random among them (the jobs that recruit from abroad are not chosen for
    the migrant's education: SSB finds over half of immigrant graduates settled under
    ten years working below their level, against 30 % of those settled longer). They
    take it, unless a newcomer before them this week took it, and keep its employer as
    a contact either way. With no vacancy in their field they arrive unemployed, with a
    contact at an employer with a vacancy anywhere."""
    vac, people = w.vacancies, w.people
    if len(persons) == 0 or vac.n == 0:
        return
    u = w.streams.uniform("job_that_drew", w.week, persons)
    pick = np.full(len(persons), -1, np.int64)
    index = CellIndex(vac.field, w.params.n_fields)
    count = index.count[people.field[persons]]
    found = count > 0
    pick[found] = index.order[np.minimum(
        index.start[people.field[persons]] + (u * count).astype(np.int64), vac.n - 1)][found]
    anywhere = pick < 0
    pick[anywhere] = np.minimum((u[anywhere] * vac.n).astype(np.int64), vac.n - 1)
    if people.contacts.shape[1]:
        add_contacts(people, persons, vac.employer[pick])
    _, first = np.unique(np.where(anywhere, -1, pick), return_index=True)
    first = first[~anywhere[first]]
    taken = pick[first]
    w.counts.arrival_hires += len(taken)
    employ(w, persons[first], vac.employer[taken], vac.level[taken])
    fill_vacancies(w, taken)


def _bring_contacts(w: World, persons: np.ndarray, n_contacts: np.ndarray) -> None:
    """Newcomers' contacts: ``n_contacts`` employers each, mostly in their own field."""
    who, employer, _ = contact_rounds(w.params, w.streams, w.sampler, w.week, persons,
                                      w.people.field[persons], n_contacts, "contact")
    add_contacts_in_turn(w.people, who, employer)
