"""`HireModel`: the Mesa model whose ``step()`` is one week of the labour market.

The week, in a fixed order (docs/model.md §3); the order matters for the exact limits. Steps
1-6 are `advance` (what a burn-in before week 0 runs, `burn_in`); ``step()`` adds 7:

1. Flows, separations and vacancies: employers give up some open vacancies; people
   reach retirement or emigrate and newcomers take their places; jobs due to end end;
   every job left becomes a replacement vacancy (and a job loser may be entitled to
   dagpenger); employers open new jobs by free entry.
   People separated (and newcomers) this week search from next week.
2. Programme: intake at a programme's start week (selection, evaluation arms, mentors,
   matching, placements); dyads go dormant or revive and meet; plenary sessions;
   traineeship learning.
3. Skills outside the programme: depreciation while unemployed, learning at work.
4. Search: applications from the unemployed (those drawing dagpenger in fewer weeks,
   `benefits`) and the under-employed, referrals first.
5. Assessment and hiring: screening and interviews (`hiring.assess`, whose interview
   pools the week keeps as ``World.pools`` for the correspondence test), offers and
   acceptances (`hiring.hire`); traineeship hires.
6. Employer learning from this week's immigrant hires; recruiters' turnover; the
   practice of employers exposed to a programme (`practice`), and mentors' moves.
7. Data collection (`metrics.weekly_metrics` through Mesa's ``DataCollector``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import mesa
import numpy as np

from ..params.overrides import make_params
from ..params.schema import Params
from . import (
    benefits,
    flows,
    hiring,
    jobs,
    learning,
    operations,
    practice,
    search,
    separations,
    skills,
    traineeship,
    vacancies,
)
from .agents import EmployerAgent, MentorAgent, SeekerAgent
from .burn_in import burnt_in
from .employers import EmployerSampler, build_employers
from .metrics import metric_names, weekly_metrics
from .population import build_people
from .programme import run_programmes
from .state import WeekCounts, World
from .streams import Streams, seed_from
from .tally import origin_runs

#: Above this labour force, agent objects are not created unless asked for.
AGENT_VIEWS_LIMIT = 5_000


def build_world(params: Params, seed: int) -> World:
    """The labour market at week 0: after its burn-in of ``burn_in_years`` (`burn_in`),
    or as first drawn (`initial_world`) without one."""
    if params.burn_in_years > 0:
        return burnt_in(params, seed, initial_world, advance)
    return initial_world(params, seed)


def initial_world(params: Params, seed: int) -> World:
    """The labour market as first drawn (`population`), with its initial vacancies."""
    streams = Streams(seed)
    employers = build_employers(params, streams)
    sampler = EmployerSampler(employers, params.n_fields)
    people = build_people(params, streams, employers, sampler)
    starts = [pr.start_week for pr in params.programmes]
    n_unemployed = int((people.employer < 0).sum())
    w = World(params=params, streams=streams, people=people, employers=employers,
              sampler=sampler, market=vacancies.new_market(params, sampler, n_unemployed),
              tracking_start=min(starts) if starts else 0,
              origin_runs=origin_runs(people.origin),
              right_level_ever=np.zeros(people.n, bool))
    vacancies.open_initial(w, n_unemployed)
    learning.start_stationary(w)
    return w


def advance(w: World) -> None:
    """Steps 1-6 of the next week, in the order of the module docstring."""
    w.week += 1
    w.counts, w.pools = WeekCounts(), None
    people, p = w.people, w.params
    # 1. Flows, separations and vacancies.
    vacancies.withdraw(w)
    ending, leaving, looking = separations.due(w)
    flows.leave_and_enter(w, flows.register_leavers(w, leaving))
    # Jobs still due (a newcomer in a leaver's place may have a job of their own).
    separations.separate(w, ending[people.job_end[ending] == w.week])
    vacancies.create(w)
    unemployed = operations.unemployed(people)
    # 2. Programme.
    run_programmes(w)
    # 3. Skills outside the programme.
    skills.update_skills(w, unemployed)  # programmes employ nobody
    # 4-5. Search, assessment and hiring; people separated this week search from next.
    searching = unemployed[people.separated_week[unemployed] != w.week]
    on_benefit = benefits.count_recipients(w, searching)
    on_the_job = jobs.on_the_job(w, looking)
    if p.job_finding == "exogenous":  # the flow model: one rate for all, job to job none
        w.counts.searchers = len(searching)
        hiring.exogenous_hires(w, searching)
    else:
        search_and_hire(w, benefits.searching(w, searching, on_benefit), on_the_job)
    traineeship.hire_at_end(w)
    # 6. Employer learning.
    learning.learn_from_hires(w, w.counts.hired)
    learning.turn_over(w)
    practice.update_practice(w)
    separations.count_week_unemployed(w, unemployed)


def search_and_hire(w: World, unemployed: np.ndarray, on_the_job: np.ndarray) -> None:
    """Steps 4-5 for ``unemployed`` and ``on_the_job`` searchers; those in their notice
    (`jobs.in_notice`) search as the unemployed do."""
    w.counts.searchers += len(unemployed) + len(on_the_job)
    notice = jobs.in_notice(w.params, w.people.job_end[on_the_job], w.week)
    apps = search.applications(w.people, w.vacancies, w.params, w.streams, w.week,
                               np.concatenate([unemployed, on_the_job[notice]]),
                               on_the_job[~notice], w.employers.field)
    assessed = hiring.assess(w, apps)
    w.pools = assessed.pools  # for the correspondence test (`audit`)
    operations.fill_vacancies(w, hiring.hire(w, assessed))


def _metric(name: str, model: HireModel) -> float:
    return model.metrics[name]


class HireModel(mesa.Model):
    """Recruitment matching of job seekers, mentors and employers; one step is one week.

    Build it with defaults as ``HireModel(rng=seed)``; override any parameter by keyword
    (``HireModel(rng=1, labour_force=50_000, meetings_per_month=4)``; a programme lever
    applies to every programme), or pass a whole `Params` (or dict) as ``params``.
    ``agent_views`` creates a Mesa agent per seeker, mentor and employer (default: only
    for labour forces up to 5,000); `seeker`, `mentor` and `employer` give one on demand.
    """

    def __init__(self, params: Params | dict | None = None, *, rng: Any = None,
                 agent_views: bool | None = None, **overrides: Any):
        self.params = make_params(params, **overrides)
        super().__init__(rng=rng)
        self.seed = seed_from(rng if isinstance(rng, (int, np.integer)) else self.rng)
        self.world = build_world(self.params, self.seed)
        self._views: dict[tuple[str, int], mesa.Agent] = {}
        self.metrics = weekly_metrics(self.world)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(_metric, name) for name in metric_names()})
        self.datacollector.collect(self)
        self.agent_views = bool(agent_views or (
            agent_views is None and self.params.labour_force <= AGENT_VIEWS_LIMIT))
        if self.agent_views:
            self.create_agent_views()

    # --- The week --------------------------------------------------------------------
    @property
    def week(self) -> int:
        """Weeks simulated so far (0 before the first step)."""
        return self.world.week

    def step(self) -> None:
        """One week (`week.advance`), then its outputs."""
        w = self.world
        advance(w)
        # 7. Data collection.
        self.metrics = weekly_metrics(w)
        self.datacollector.collect(self)
        if self.agent_views:
            for i in range(w.mentors.n):  # mentors recruited this week
                self.mentor(i)

    def search_and_hire(self, persons: np.ndarray) -> None:
        """Steps 4-5 for the given people only (teaching: step one seeker at a time)."""
        persons = np.asarray(persons, dtype=np.int64)
        employed = self.world.people.employer[persons] >= 0
        search_and_hire(self.world, persons[~employed], persons[employed])
        learning.learn_from_hires(self.world, self.world.counts.hired)

    # --- Results ---------------------------------------------------------------------
    def results(self) -> Any:
        """The weekly outputs as a pandas DataFrame indexed by week."""
        return self.datacollector.get_model_vars_dataframe().set_index("week")

    # --- Agent views -----------------------------------------------------------------
    def _view(self, kind: str, cls: type, index: int) -> mesa.Agent:
        key = (kind, int(index))
        agent = self._views.get(key)
        if agent is None:
            agent = cls(self, index)
            self._views[key] = agent
        return agent

    def seeker(self, index: int) -> SeekerAgent:
        """The Mesa agent of person ``index`` (created on first use)."""
        if not 0 <= index < self.world.people.n:
            raise IndexError(f"no person {index}; the labour force is {self.world.people.n}")
        return self._view("seeker", SeekerAgent, index)

    def mentor(self, index: int) -> MentorAgent:
        """The Mesa agent of mentor ``index`` (created on first use)."""
        if not 0 <= index < self.world.mentors.n:
            raise IndexError(f"no mentor {index}; there are {self.world.mentors.n}")
        return self._view("mentor", MentorAgent, index)

    def employer(self, index: int) -> EmployerAgent:
        """The Mesa agent of employer ``index`` (created on first use)."""
        if not 0 <= index < self.world.employers.n:
            raise IndexError(f"no employer {index}; there are {self.world.employers.n}")
        return self._view("employer", EmployerAgent, index)

    def create_agent_views(self) -> None:
        """Create a Mesa agent for every seeker, employer and (current) mentor."""
        for i in range(self.world.people.n):
            self.seeker(i)
        for i in range(self.world.employers.n):
            self.employer(i)
        for i in range(self.world.mentors.n):
            self.mentor(i)
