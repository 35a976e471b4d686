"""The model's state: one structure of arrays per kind of entity (one row per agent).

Mechanism modules read and write these arrays; Mesa agent objects (`agents.py`) are
views onto single rows. Codes used throughout:

* group: 0 majority, 1 immigrant background
* level and qualification: 0 vocational/upper secondary, 1 bachelor, 2 master or higher
* arm: 0 not in a programme, 1 treated, 2 control (RCT), 3 eligible but not selected
* dyad state: 0 active, 1 dormant, 2 ended
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from dataclasses import field as _field

import numpy as np

MAJORITY, IMMIGRANT = 0, 1
GROUPS = ("majority", "immigrant")
ARM_NONE, ARM_TREATED, ARM_CONTROL, ARM_ELIGIBLE = 0, 1, 2, 3
ARMS = ("none", "treatment", "control", "eligible")
ACTIVE, DORMANT, ENDED = 0, 1, 2
NOBODY = -1


@dataclass
class People:
    """Job seekers: every member of the labour force, employed or not."""

    group: np.ndarray          # int8
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
    separated_week: np.ndarray  # int32, week of the last separation (-1: none)
    weeks_unemployed: np.ndarray  # int32
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
class Employers:
    """Employers: field, size weight, beliefs about immigrant applicants, staff counts."""

    field: np.ndarray            # int32
    weight: np.ndarray           # float64, relative size (vacancy allocation)
    gap_formal: np.ndarray       # float64, believed shortfall of immigrants' formal skill
    gap_informal: np.ndarray     # float64, likewise informal skill
    values_cross_cultural: np.ndarray  # bool
    exposed: np.ndarray          # bool, hosts mentors/trainees or hired participants
    staff: np.ndarray            # int64, employees
    staff_immigrant: np.ndarray  # int64, employees with immigrant background

    @property
    def n(self) -> int:
        return int(self.field.shape[0])


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
    """Open vacancies, one row each; ``uid`` is a serial number unique within the run."""

    employer: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    level: np.ndarray = _field(default_factory=lambda: _empty(np.int8))
    field: np.ndarray = _field(default_factory=lambda: _empty(np.int32))
    uid: np.ndarray = _field(default_factory=lambda: _empty(np.int64))
    opened: np.ndarray = _field(default_factory=lambda: _empty(np.int32))


@dataclass
class WeekCounts:
    """Flows of the current week, reset at its start (the hiring funnel and more)."""

    applications: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    callbacks: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    offers: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    hires: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    referral_hires: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    separations: np.ndarray = _field(default_factory=lambda: np.zeros(2, np.int64))
    trainee_hires: int = 0
    meetings: int = 0
    searchers: int = 0
    hired: np.ndarray = _field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass
class World:
    """Everything one simulated labour market holds; mechanisms read and change it."""

    params: object  # hiresim.params.Params
    streams: object  # hiresim.streams.Streams
    people: People
    employers: Employers
    sampler: object  # hiresim.population.EmployerSampler
    vacancies: Vacancies = _field(default_factory=Vacancies)
    mentors: Mentors = _field(default_factory=Mentors)
    dyads: Dyads = _field(default_factory=Dyads)
    #: People placed in a traineeship, sorted; ``people.trainee_host`` says who still is.
    trainees: np.ndarray = _field(default_factory=lambda: np.zeros(0, np.int64))
    counts: WeekCounts = _field(default_factory=WeekCounts)
    week: int = 0
    next_vacancy_uid: int = 0
    tracking_start: int = 0
    cache: dict = _field(default_factory=dict)
