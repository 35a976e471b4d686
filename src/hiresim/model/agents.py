"""Mesa agents that are views onto rows of the state arrays.

They exist for inspection, drawing and teaching: reading ``seeker.formal`` reads the
array, writing it writes the array. The weekly step never loops over them, and a model
creates them only on request (`HireModel.seeker` and friends, or ``agent_views=True``).

Mesa 3.3 keeps every model that ever had an agent in a class-level id counter
(``Agent._ids``), so a process creating many models would grow without bound (fixed in
Mesa 3.4.2). Our agents keep their counters in a weak dictionary instead.
"""

from __future__ import annotations

import itertools
import weakref

import mesa
import numpy as np

from .state import (
    GROUPS,
    IMMIGRANT_ORIGINS,
    ORIGINS,
    at_right_level,
    job_field,
    under_employed_now,
)


class _WeakCounters(weakref.WeakKeyDictionary):
    """Per-model id counters that do not keep models alive."""

    def __missing__(self, model: object) -> itertools.count:
        counter = itertools.count(1)
        self[model] = counter
        return counter

    def __getitem__(self, model: object) -> itertools.count:
        try:
            return super().__getitem__(model)
        except KeyError:
            return self.__missing__(model)


class RowAgent(mesa.Agent):
    """A Mesa agent bound to row ``index`` of one of the model's state tables; its model
    is a `HireModel` (typed as Mesa's model: the views do not import the week)."""

    _ids = _WeakCounters()

    def __init__(self, model: mesa.Model, index: int):
        super().__init__(model)
        self.index = int(index)


def _column(table: str, name: str, cast: type = float, doc: str = "") -> property:
    def get(self: RowAgent) -> object:
        return cast(getattr(getattr(self.model.world, table), name)[self.index])

    def set_(self: RowAgent, value: object) -> None:
        getattr(getattr(self.model.world, table), name)[self.index] = value

    return property(get, set_, doc=doc or f"{table}.{name}[index]")


class SeekerAgent(RowAgent):
    """A member of the labour force (job seeker when unemployed or under-employed)."""

    field = _column("people", "field", int)
    qualification = _column("people", "qualification", int)
    formal = _column("people", "formal")
    informal = _column("people", "informal")
    cv = _column("people", "cv")
    readiness = _column("people", "readiness")
    cross_cultural = _column("people", "cross_cultural")
    employer = _column("people", "employer", int)
    level = _column("people", "level", int)
    weeks_unemployed = _column("people", "weeks_unemployed", int)
    arm = _column("people", "arm", int)

    @property
    def group(self) -> str:
        return GROUPS[int(self.model.world.people.group[self.index])]

    @property
    def origin(self) -> str:
        """Region of birth (``"majority"`` for people without immigrant background)."""
        return ORIGINS[int(self.model.world.people.origin[self.index])]

    @property
    def age(self) -> float:
        """Age in years."""
        return (self.model.week - int(self.model.world.people.birth_week[self.index])) / 52.0

    @property
    def years_in_norway(self) -> float | None:
        """Years since arrival (None for people born here)."""
        people = self.model.world.people
        if people.origin[self.index] == 0:
            return None
        return (self.model.week - int(people.arrival_week[self.index])) / 52.0

    @property
    def employed(self) -> bool:
        return self.employer >= 0

    @property
    def job_field(self) -> int:
        """The field of the person's job (the employer's), -1 out of work."""
        w = self.model.world
        return int(job_field(w.people, w.employers.field, np.array([self.index]))[0])

    @property
    def right_level(self) -> bool:
        """At the right level: a job at one's qualification level, in one's field."""
        w = self.model.world
        return bool(at_right_level(w.people, w.employers.field, np.array([self.index]))[0])

    @property
    def under_employed(self) -> bool:
        """Employed below one's qualification level or outside one's field."""
        w = self.model.world
        return bool(under_employed_now(w.people, w.employers.field, np.array([self.index]))[0])

    @property
    def contacts(self) -> list[int]:
        row = self.model.world.people.contacts[self.index]
        return [int(e) for e in row if e >= 0]

    def step(self) -> None:
        """Search and be assessed this week, alone (teaching mode)."""
        self.model.search_and_hire(np.array([self.index]))


class MentorAgent(RowAgent):
    """A volunteer mentor: an employee of an employer."""

    employer = _column("mentors", "employer", int)
    field = _column("mentors", "field", int)
    level = _column("mentors", "level", int)
    suitability = _column("mentors", "suitability")
    role_trained = _column("mentors", "role_trained", bool)

    @property
    def network(self) -> list[int]:
        return [int(e) for e in self.model.world.mentors.network[self.index]]


class EmployerAgent(RowAgent):
    """An employer: its field, beliefs about immigrant applicants and staff."""

    field = _column("employers", "field", int)
    exposed = _column("employers", "exposed", bool)
    staff = _column("employers", "staff", int)
    staff_immigrant = _column("employers", "staff_immigrant", int)

    @property
    def gap_formal(self) -> dict[str, float]:
        """Believed shortfall of immigrants' formal skill, by region of birth."""
        row = self.model.world.employers.gap_formal[self.index]
        return {o: float(v) for o, v in zip(IMMIGRANT_ORIGINS, row, strict=True)}

    @property
    def gap_informal(self) -> dict[str, float]:
        """Believed shortfall of immigrants' informal skill, by region of birth."""
        row = self.model.world.employers.gap_informal[self.index]
        return {o: float(v) for o, v in zip(IMMIGRANT_ORIGINS, row, strict=True)}

    @property
    def immigrant_share(self) -> float:
        return self.staff_immigrant / self.staff if self.staff else 0.0
