"""The model's state: one structure of arrays per kind of entity (one row per agent).

Mechanism modules read and write these arrays; the changes that several of them make
(starting and ending jobs, opening and filling vacancies, adding contacts) are the state
operations of `operations.py`. Mesa agent objects (`agents.py`) are views onto single
rows. Codes used throughout:

* group: 0 majority, 1 immigrant background
* origin: 0 majority, then the immigrants' regions of birth (`ORIGINS`); rows are sorted
  by origin, and a row keeps its origin when a new person takes it (`flows.py`)
* level and qualification: 0 vocational/upper secondary, 1 bachelor, 2 master or higher
* arm: 0 not in a programme, 1 treated, 2 control (RCT), 3 eligible but not selected
* dyad state: 0 active, 1 dormant, 2 ended
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from dataclasses import field as _field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from ..params.origins import (  # re-exported: the state's codes  # noqa: F401
    GROUPS,
    IMMIGRANT,
    IMMIGRANT_ORIGINS,
    MAJORITY,
    N_ORIGINS,
    ORIGIN_LABELS,
    ORIGINS,
)
from .jit import njit

if TYPE_CHECKING:  # types only: the state layer imports no mechanism
    from ..params.schema import Params
    from .streams import Streams

#: ``arrival_week`` of people who did not immigrate.
NOT_ARRIVED = -(2**30)
ARM_NONE, ARM_TREATED, ARM_CONTROL, ARM_ELIGIBLE = 0, 1, 2, 3
ARMS = ("none", "treatment", "control", "eligible")
ACTIVE, DORMANT, ENDED = 0, 1, 2
NOBODY = -1


@dataclass
class People:
    """Job seekers: every member of the labour force, employed or not."""

    group: np.ndarray          # int8
    origin: np.ndarray         # int8, region of birth (`ORIGINS`)
    birth_week: np.ndarray     # int32
    arrival_week: np.ndarray   # int32, week of arrival in Norway (NOT_ARRIVED: born here)
    leave_week: np.ndarray     # int32, week in which the person leaves the labour force
    refugee: np.ndarray        # bool, came as a refugee or family (introduction programme)
    field: np.ndarray          # int32
    qualification: np.ndarray  # int8
    foreign_credentials: np.ndarray  # bool
    formal: np.ndarray         # float64 in [0, 1]
    informal: np.ndarray       # float64 in [0, 1]
    cv: np.ndarray             # float64 in [0, 1], CV clarity
    readiness: np.ndarray      # float64 in [0, 1], interview readiness
    cross_cultural: np.ndarray  # float64 in [0, 1]
    employer: np.ndarray       # int32, NOBODY when unemployed
    level: np.ndarray          # int8, job level, -1 when unemployed
    job_end: np.ndarray        # int32, week in which the current job ends (-1: none)
    hire_week: np.ndarray      # int32, week the current job started (-1: none)
    search_week: np.ndarray    # int32, next week an employed person searches (-1: none)
    separated_week: np.ndarray  # int32, week of the last separation (-1: none)
    weeks_unemployed: np.ndarray  # int32
    registered: np.ndarray     # bool, registered with NAV when out of work: has had a job
    #                            since entering the labour force, or registered on entry
    benefit_right: np.ndarray  # bool, entitled to dagpenger in this spell (lost a job)
    first_hire_week: np.ndarray   # int32, first hire at or after tracking start (-1)
    programme: np.ndarray      # int16, programme index (-1: none)
    arm: np.ndarray            # int8, evaluation arm
    mentor: np.ndarray         # int32, mentor index (-1: none)
    contacts: np.ndarray       # int32 (n, max_contacts), employer indices, -1 empty
    contact_next: np.ndarray   # int8, ring-buffer slot for the next new contact
    trainee_host: np.ndarray   # int32, host employer while in a traineeship (-1); set by
    #                            `traineeship.place`, which also lists the person in
    #                            `World.trainees`
    trainee_until: np.ndarray  # int32, last week of the traineeship

    @property
    def n(self) -> int:
        return int(self.group.shape[0])

    @property
    def employed(self) -> np.ndarray:
        return self.employer >= 0

    def productivity(self, formal_weight: float, idx: np.ndarray | slice = slice(None)
                     ) -> np.ndarray:
        """True productivity q = w·formal + (1−w)·informal."""
        return formal_weight * self.formal[idx] + (1.0 - formal_weight) * self.informal[idx]


@dataclass
class Job:
    """Jobs that were left: who held them, where, at what level and for how many weeks."""

    person: np.ndarray
    employer: np.ndarray
    level: np.ndarray
    tenure: np.ndarray


@dataclass
class Employers:
    """Employers: field, size weight, beliefs about immigrant applicants, staff counts."""

    field: np.ndarray            # int32
    weight: np.ndarray           # float64, relative size (vacancy allocation)
    gap_formal: np.ndarray       # float64 (n, immigrant origins), believed shortfall of
    #                              immigrants' formal skill, by region of birth
    gap_informal: np.ndarray     # float64 (n, immigrant origins), likewise informal skill
    norm_formal: np.ndarray      # float64 (n, immigrant origins), the belief that prevails
    #                              at the employer: what a new recruiter brings (`learning`)
    norm_informal: np.ndarray    # float64 (n, immigrant origins)
    standard_shift: np.ndarray   # float64, how much stricter (+) or more lenient (−) the
    #                              employer's hiring standard is than the level's
    values_cross_cultural: np.ndarray  # bool
    exposed: np.ndarray          # bool, hosts mentors/trainees or hired participants
    staff: np.ndarray            # int64, employees
    staff_immigrant: np.ndarray  # int64, employees with immigrant background
    credential_noise: np.ndarray  # float64 (n, immigrant origins), the employer's extra
    #                               screening noise on foreign credentials (`practice`)
    hosts: np.ndarray            # bool, the staff mentor a programme's participants (in
    #                              a twin world: would); where the evaluation compares
    #                              practice (`practice.mark_hosts`)

    @property
    def n(self) -> int:
        return int(self.field.shape[0])


# --- The right level (docs/model.md §3, step 5) ------------------------------------------------
# A job is at the right level ("på rett hylle") when its level is the person's
# qualification level and it is in the person's field (the employer's field). People
# employed below their level or outside their field are under-employed: they search on
# the job more often and a programme may take them in. People rank jobs by level, then
# by field (`job_rank`). These three functions are the one definition: the numpy code
# calls them on arrays (through `at_right_level` and `under_employed_now` for rows of
# `People`), the compiled loops on numbers (``*_jit``). Out of work, level and job field
# are -1.


def right_level(level: Any, qualification: Any, job_field: Any, field: Any) -> Any:
    """At the right level: a job at one's qualification level, in one's field."""
    return (level == qualification) & (job_field == field)


def under_employed(level: Any, qualification: Any, job_field: Any, field: Any) -> Any:
    """Employed below one's qualification level or outside one's field."""
    return (level >= 0) & ((level < qualification) | (job_field != field))


def job_rank(level: Any, in_field: Any) -> Any:
    """How people rank jobs: by level, then in their field before outside it."""
    return 2 * level + in_field


right_level_jit = njit(inline=True)(right_level)
under_employed_jit = njit(inline=True)(under_employed)
job_rank_jit = njit(inline=True)(job_rank)


def job_field(people: People, employer_field: np.ndarray,
              idx: np.ndarray | slice = slice(None)) -> np.ndarray:
    """The field of each person's job (its employer's, from ``employer_field``), -1 out
    of work."""
    employer = people.employer[idx]
    return np.where(employer >= 0, employer_field[np.maximum(employer, 0)], -1)


def at_right_level(people: People, employer_field: np.ndarray,
                   idx: np.ndarray | slice = slice(None)) -> np.ndarray:
    """Who of ``people[idx]`` works at the right level (`right_level`)."""
    return right_level(people.level[idx], people.qualification[idx],
                       job_field(people, employer_field, idx), people.field[idx])


def under_employed_now(people: People, employer_field: np.ndarray,
                       idx: np.ndarray | slice = slice(None)) -> np.ndarray:
    """Who of ``people[idx]`` is under-employed (`under_employed`)."""
    return under_employed(people.level[idx], people.qualification[idx],
                          job_field(people, employer_field, idx), people.field[idx])


def _empty(dtype: type, *shape: int) -> np.ndarray:
    return np.zeros((0, *shape), dtype=dtype)


@dataclass
class Growable:
    """Arrays that grow by appending rows (mentors, dyads, vacancies)."""

    def append(self, **columns: np.ndarray) -> np.ndarray:
        """Append rows given as equal-length columns; returns the new rows' indices."""
        n_new = len(next(iter(columns.values())))
        start = self.n
        for f in fields(self):
            old = getattr(self, f.name)
            col = np.asarray(columns[f.name], dtype=old.dtype)
            setattr(self, f.name, col.copy() if start == 0 else np.concatenate([old, col]))
        return np.arange(start, start + n_new)

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the rows where ``mask`` is true."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name)[mask])

    @property
    def n(self) -> int:
        return int(getattr(self, fields(self)[0].name).shape[0])


@dataclass
class Mentors(Growable):
    """Volunteer mentors: employees of an employer, recruited at a programme's intake."""

    employer: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    field: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    level: np.ndarray = _field(default_factory=lambda: _empty(np.int8))
    suitability: np.ndarray = _field(default_factory=lambda: _empty(np.float64))
    cross_cultural: np.ndarray = _field(default_factory=lambda: _empty(np.float64))
    role_trained: np.ndarray = _field(default_factory=lambda: _empty(np.bool_))
    programme: np.ndarray = _field(default_factory=lambda: _empty(np.int16))
    network: np.ndarray = _field(default_factory=lambda: _empty(np.int32, 0))


@dataclass
class Intake(Growable):
    """The people each intake took in (both arms of an evaluation), as they were then."""

    employed: np.ndarray = _field(default_factory=lambda: _empty(np.bool_))
    weeks_unemployed: np.ndarray = _field(default_factory=lambda: _empty(np.int64))
    origin: np.ndarray = _field(default_factory=lambda: _empty(np.int8))
    qualification: np.ndarray = _field(default_factory=lambda: _empty(np.int8))
    years_since_arrival: np.ndarray = _field(default_factory=lambda: _empty(np.float64))


@dataclass
class Dyads(Growable):
    """Mentor-mentee pairs; each belongs to exactly one programme."""

    person: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    mentor: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    programme: np.ndarray = _field(default_factory=lambda: _empty(np.int16))
    state: np.ndarray = _field(default_factory=lambda: _empty(np.int8))
    quality: np.ndarray = _field(default_factory=lambda: _empty(np.float64))
    meetings: np.ndarray = _field(default_factory=lambda: _empty(np.int32))


@dataclass
class Vacancies(Growable):
    """Open vacancies, one row each. ``uid`` names the event that opened the vacancy
    (see `operations.replacement_uid` and `operations.created_uid`), so that the same
    vacancy has the same random draws in a world and its twin."""

    employer: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    level: np.ndarray = _field(default_factory=lambda: _empty(np.int8))
    field: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    uid: np.ndarray = _field(default_factory=lambda: _empty(np.int64))
    opened: np.ndarray = _field(default_factory=lambda: _empty(np.int32))

    def columns(self) -> VacancyColumns:
        """The columns compiled loops read, as one argument."""
        return VacancyColumns(self.employer, self.level, self.field, self.uid)


class VacancyColumns(NamedTuple):
    """The open vacancies' columns that compiled loops read (`Vacancies.columns`)."""

    employer: np.ndarray
    level: np.ndarray
    field: np.ndarray
    uid: np.ndarray


def _by_origin() -> np.ndarray:
    return np.zeros(N_ORIGINS, np.int64)


@dataclass
class WeekCounts:
    """Flows of the current week, reset at its start (the hiring funnel by origin, the
    labour force's flows and the vacancies' flows)."""

    applications: np.ndarray = _field(default_factory=_by_origin)
    callbacks: np.ndarray = _field(default_factory=_by_origin)
    offers: np.ndarray = _field(default_factory=_by_origin)
    hires: np.ndarray = _field(default_factory=_by_origin)
    referral_hires: np.ndarray = _field(default_factory=_by_origin)
    separations: np.ndarray = _field(default_factory=_by_origin)
    entrants: np.ndarray = _field(default_factory=_by_origin)
    register_exits: np.ndarray = _field(default_factory=_by_origin)
    trainee_hires: int = 0
    benefit_recipients: int = 0  # out of work and drawing dagpenger as the week's search starts
    arrival_hires: int = 0  # labour migrants who came to a job
    meetings: int = 0
    searchers: int = 0
    job_to_job: int = 0
    vacancies_created: int = 0
    vacancies_withdrawn: int = 0
    vacancies_filled: int = 0
    vacancies_replaced: int = 0
    hired: np.ndarray = _field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass
class VacancyMarket:
    """What employers know of the market, by cell (field · 3 + level): the smoothed
    weekly probability that an open vacancy is filled and the relative productivity of
    recent hires (free entry of vacancies reads both: `vacancies.create`); and how far the
    majority members hired lately fall short of the mean formal skill of their
    qualification and of the mean informal skill (what employers compare immigrant hires
    with: `learning.learn_from_hires`)."""

    fill_rate: np.ndarray      # float64 (cells,)
    hire_quality: np.ndarray   # float64 (cells,)
    opportunities: np.ndarray  # float64 (cells,), mean new job opportunities a week
    majority_shortfall: np.ndarray = _field(default_factory=lambda: np.zeros(2))


@dataclass(frozen=True)
class Pools:
    """The interview pools of a hiring round (`hiring.assess`), as the correspondence test
    (`audit`) needs them to set fictitious applicants against the real ones."""

    interviews: int              # interviews per vacancy (k)
    employer: np.ndarray         # each vacancy open in the round: its employer,
    level: np.ndarray            # its level
    standard: np.ndarray         # and its hiring standard that week
    vacancy: np.ndarray          # each application screened: its vacancy,
    screening: np.ndarray        # its screening score
    rank: np.ndarray             # and its rank at the vacancy (k: not among the top k)
    passed_vacancy: np.ndarray   # each interviewee who met the standard: the vacancy
    passed_score: np.ndarray     # and the score after the interview


class EmployerDraws(Protocol):
    """Draws employers in proportion to size (`employers.EmployerSampler`)."""

    field_share: np.ndarray

    def draw(self, u: np.ndarray, field: np.ndarray | None = None) -> np.ndarray: ...


@dataclass
class World:
    """Everything one simulated labour market holds; mechanisms read and change it."""

    params: Params
    streams: Streams
    people: People
    employers: Employers
    sampler: EmployerDraws
    market: VacancyMarket
    vacancies: Vacancies = _field(default_factory=Vacancies)
    mentors: Mentors = _field(default_factory=Mentors)
    dyads: Dyads = _field(default_factory=Dyads)
    intake: Intake = _field(default_factory=Intake)
    #: People placed in a traineeship, sorted; ``people.trainee_host`` says who still is.
    trainees: np.ndarray = _field(default_factory=lambda: np.zeros(0, np.int64))
    counts: WeekCounts = _field(default_factory=WeekCounts)
    week: int = 0
    tracking_start: int = 0
    #: Where each run of rows of one origin starts, and its origin (`tally.origin_runs`).
    origin_runs: tuple[np.ndarray, np.ndarray] = (np.zeros(1, np.int64),
                                                  np.zeros(0, np.int64))
    #: Who has worked at the right level at the end of a week since the first intake (checked
    #: every week from then on: a job lasts at least until the next week's separations).
    right_level_ever: np.ndarray = _field(default_factory=lambda: np.zeros(0, bool))
    #: Hires at the host employers since the first intake: majority, immigrant.
    host_hires: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    #: This week's interview pools (None before a hiring round, or without applications),
    #: the explicit output of `hiring.assess` that the week keeps for `audit`.
    pools: Pools | None = None
