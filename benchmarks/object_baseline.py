"""The object-per-agent baseline: hiresim's week as a plain Mesa model would write it.

Each member of the labour force is a ``mesa.Agent`` whose methods run in Python, one
person at a time; employers are Mesa agents too, and vacancies are small Python objects.
The week follows hiresim's week (`hiresim.model.model`) in spirit and in the same order, with
the same default parameters (`hiresim.params.schema.Params`); its random numbers are Python's
(``model.random``), one draw at a time:

1. Vacancies and flows. Employers give up open vacancies at
   ``vacancy_withdrawal_rate``. Every person steps (``flows``): people
   leave the labour force at ``retirement_age`` or on emigrating (``emigration_rates``
   by region of birth), the unemployed also leave the register at
   ``register_exit_rate``; a newcomer of the same region of birth takes each place
   (unemployed, with few contacts, and for immigrants years since arrival from zero;
   refugees enter two years after arriving), except labour migrants
   (``labour_migrant_shares``), who come to an open vacancy in their field at any level.
   The employed lose their job at the separation rate (× the region's multiplier). Every
   job left becomes a replacement vacancy at the same employer and level (the person
   who lost it cannot apply to it), and the person keeps the employer as a contact.
   New jobs arise by free entry: a Poisson number of opportunities per field and level,
   each opened if its lognormal value times what employers have seen in that cell (how
   quickly vacancies fill and how productive recent hires were, remembered over
   ``market_memory_weeks``) covers the cost.
2. Every person steps (``step``, in random order). The employed learn informal skill,
   gain a contact at work at ``contacts_per_year`` and search on the job in some weeks
   (``on_the_job_search_rate`` if under-employed, below their level or outside their
   field; ``job_to_job_search_rate`` otherwise) only for jobs they rank at least as high
   (level, then field) at another employer. The unemployed lose skill and, unless they
   lost their job or arrived this week, send a Poisson number of applications, with a
   referral on top where a contact employer has a vacancy; the others go to random
   vacancies mostly in their own field and at their level (below it and outside their
   field more often the longer the spell).
3. Every vacancy with applicants screens them (CV signal of formal skill, Aigner-Cain
   posterior with the employer's prior for the applicant's region of birth, less for
   time out of work; noisier foreign credentials; a referral bonus), interviews the top
   k within ``screening_margin`` of its standard (informal-skill signal; cross-cultural
   competence where the employer values it) and offers the job to the best one who
   meets the standard. Standards are soft: ``hiring_bar`` for the level, moved by the
   employer's strictness (``hiring_bar_sd``) and falling the longer the vacancy is open
   (``standard_decline_weeks``). A person with several offers takes the best job (level,
   then field); a job left for another becomes a replacement vacancy. Employers note
   how quickly their vacancies filled and how good the hires were (free entry).
4. Employers learn from the immigrants they hired (relative to the majority hired
   lately), and recruiters' turnover pulls beliefs back to the prevailing ones.
5. One pass over the people counts the week's outputs by group and region of birth
   (employment, unemployment, the right level: at one's qualification level and in
   one's field; over-qualification, work outside one's field, long-term unemployment,
   skills, unemployment by years since arrival) and a ``DataCollector`` records them
   with the week's flows (hires, separations, job-to-job moves, entrants, register
   exits, vacancies opened, replaced, withdrawn and filled).

What it leaves out of hiresim's week: the programmes (mentoring, plenary sessions,
traineeships) and the practice of employers exposed to them, which the benchmark's
default programme runs for a few hundred people a year; and hiresim's common random
numbers (a world and its twin), which a plain model does not have.

Nothing here is used by hiresim itself: it is what the benchmark compares against.
"""

from __future__ import annotations

import bisect
import math
from itertools import accumulate

import mesa

from hiresim.model.newcomers import school_leaver_informal
from hiresim.params.schema import Params

WEEKS_PER_YEAR = 52
REGIONS = ("majority", "western", "eastern_europe", "asia_latin_america", "africa")
GROUPS = ("majority", "immigrant")
SCAR_WEEKS = 36          # time out of work read as a growing signal up to eight months
LONG_TERM_WEEKS = 52
INITIAL_SPELLS = ((0.5, 11.0), (0.35, 90.0), (0.15, 300.0))  # share, mean weeks
SETTLED = ("settled_under_4", "settled_4_to_6", "settled_7_plus")
OBSERVATION_NOISE_SD = 0.05  # what an employer sees of a hire's skills


def job_rank(level: int, in_field: bool) -> int:
    """How people rank jobs: by level, then in their field before outside it."""
    return 2 * level + in_field


def clip(x: float) -> float:
    return min(max(x, 0.0), 1.0)


class Vacancy:
    """An open job at an employer, with this week's applications (person: referral)."""

    __slots__ = ("applications", "employer", "field", "is_open", "left_by", "level",
                 "opened")

    def __init__(self, employer: Employer, level: int, opened: int,
                 left_by: Person | None = None):
        self.employer = employer
        self.field = employer.field
        self.level = level
        self.opened = opened
        self.left_by = left_by  # the person who lost this job cannot apply to it
        self.is_open = True
        self.applications: dict[Person, bool] = {}


class Employer(mesa.Agent):
    """An employer: field, size, strictness, beliefs about each immigrant region."""

    def __init__(self, model: ObjectModel, field: int, weight: float):
        super().__init__(model)
        p, r = model.p, model.random
        self.field = field
        self.weight = weight
        self.gap_formal = [g + p.prior_gap_sd * r.gauss(0.0, 1.0) for g in p.prior_gap_formal]
        self.gap_informal = [g + p.prior_gap_sd * r.gauss(0.0, 1.0)
                             for g in p.prior_gap_informal]
        self.norm_formal = list(self.gap_formal)
        self.norm_informal = list(self.gap_informal)
        self.shift = p.hiring_bar_sd * r.gauss(0.0, 1.0)
        self.values_cross_cultural = r.random() < p.values_cross_cultural_share
        self.staff = 0
        self.vacancies: list[Vacancy] = []

    def standard(self, vacancy: Vacancy) -> float:
        """The vacancy's hiring standard this week (falls the longer it is open)."""
        p = self.model.p
        bar = max(p.hiring_bar[vacancy.level] + self.shift, 0.0)
        return bar * math.exp(-(self.model.week - vacancy.opened) / p.standard_decline_weeks)

    def learn(self, person: Person) -> None:
        """Move the believed gap for an immigrant hire's region towards what it sees."""
        m, p = self.model, self.model.p
        seen_f, seen_i = m.shortfall(person)
        k = person.origin - 1
        rate = p.learning_rate
        self.gap_formal[k] += rate * (seen_f - m.reference[0] - self.gap_formal[k])
        self.gap_informal[k] += rate * (seen_i - m.reference[1] - self.gap_informal[k])

    def step(self) -> None:
        """Recruiters' turnover: beliefs return towards the prevailing ones."""
        t = self.model.p.belief_turnover
        for k in range(len(self.gap_formal)):
            self.gap_formal[k] += t * (self.norm_formal[k] - self.gap_formal[k])
            self.gap_informal[k] += t * (self.norm_informal[k] - self.gap_informal[k])


class Person(mesa.Agent):
    """A member of the labour force, employed or not; searches when out of work and
    now and then on the job."""

    def __init__(self, model: ObjectModel, origin: int):
        super().__init__(model)
        self.origin = origin
        self.group = int(origin > 0)
        self.employer: Employer | None = None
        self.level = -1
        self.enter(start=model.week == 0)

    # --- Entry and exit ------------------------------------------------------------------
    def enter(self, start: bool = False) -> None:
        """Draw what a newcomer of this region brings; with ``start``, a person of week 0,
        with years in the labour force so far and what they brought."""
        m, p, r = self.model, self.model.p, self.model.random
        o, g = self.origin, self.group
        self.field = r.randrange(p.n_fields)
        self.qualification = min(bisect.bisect_right(m.qualification_cum, r.random()), 2)
        self.foreign = bool(g and r.random() < p.foreign_credential_share)
        reason = r.random()
        self.refugee = bool(g and reason < p.refugee_shares[o - 1])
        self.for_work = bool(g and not self.refugee and reason < p.refugee_shares[o - 1]
                             + p.labour_migrant_shares[o - 1])
        self.formal = clip(r.gauss(p.formal_skill_means[self.qualification], p.skill_sd))
        if g:
            arrival_age = r.uniform(*p.arrival_ages)
            abroad = max(arrival_age - p.entry_ages[self.qualification], 0.0)
            lag = p.introduction_programme_weeks if self.refugee else 0
            entry_age = arrival_age + lag / WEEKS_PER_YEAR
            mean = (1.0 - (1.0 - m.school_leaver) * m.kept_gap(abroad)
                    - p.immigrant_informal_deficit[o - 1])
        else:
            lag, entry_age = 0, p.entry_ages[self.qualification]
            mean = m.school_leaver
        years = m.years_so_far(o, entry_age) if start else 0.0
        at_work = years * (1.0 - p.initial_unemployment[o])
        self.informal = clip(r.gauss(mean, p.skill_sd))
        if start:  # learning at work so far
            self.informal = clip(1.0 - (1.0 - self.informal) * m.kept_gap(at_work))
        self.cv = clip(r.gauss(p.cv_quality_means[g], 0.15))
        self.readiness = clip(r.gauss(p.interview_readiness_means[g], 0.15))
        self.cross_cultural = clip(r.gauss(p.cross_cultural_means[g], 0.15))
        self.entry_week = m.week - round(years * WEEKS_PER_YEAR)
        self.birth_week = self.entry_week - round(entry_age * WEEKS_PER_YEAR)
        self.retire_week = self.birth_week + round(p.retirement_age * WEEKS_PER_YEAR)
        self.arrival_week = self.entry_week - lag if g else None
        self.separated_week = -1 if start else m.week  # newcomers search from next week
        self.weeks_unemployed = 0
        self.contacts: list[Employer] = []
        n_contacts = m.poisson(p.contacts_per_person[g])
        if start:  # and contacts made at work
            n_contacts += m.poisson(p.contacts_per_year * at_work)
        for _ in range(n_contacts):
            self.add_contact(m.random_employer(self.own_or_any_field()))
        if not start and self.for_work:
            m.migrants.append(self)

    def leave(self) -> None:
        """Leave the labour force; a newcomer of the same region takes the place."""
        m = self.model
        if self.employer is not None:
            m.open_vacancy(self.employer, self.level)  # replaced
            self.employer.staff -= 1
            self.employer, self.level = None, -1
        m.counts["entrants"] += 1
        self.enter()

    def flows(self) -> None:
        """Phase 1: leaving the labour force or the register, or losing the job."""
        m, p = self.model, self.model.p
        if m.week >= self.retire_week or m.random.random() < m.emigration[self.origin]:
            self.leave()
        elif self.employer is None:
            if m.random.random() < p.register_exit_rate:
                m.counts["register_exits"] += 1
                self.leave()
        elif m.random.random() < m.separation[self.origin]:
            self.quit_job(lost=True)
            self.separated_week = m.week
            self.weeks_unemployed = 0
            m.counts["separations_" + REGIONS[self.origin]] += 1

    # --- Jobs and contacts ---------------------------------------------------------------
    def quit_job(self, lost: bool) -> None:
        """Leave the current job: it becomes a replacement vacancy; the employer stays a
        contact."""
        e = self.employer
        self.model.open_vacancy(e, self.level, left_by=self if lost else None)
        e.staff -= 1
        self.add_contact(e)
        self.employer, self.level = None, -1

    def take_job(self, vacancy: Vacancy) -> None:
        """Start the job of ``vacancy`` (leaving any job held, which is replaced)."""
        m = self.model
        if self.employer is not None:
            self.quit_job(lost=False)
            m.counts["job_to_job"] += 1
        vacancy.is_open = False
        self.employer, self.level = vacancy.employer, vacancy.level
        vacancy.employer.staff += 1
        self.weeks_unemployed = 0
        m.counts["hires_" + REGIONS[self.origin]] += 1

    def add_contact(self, employer: Employer) -> None:
        """A new employer contact; the oldest goes when there are ``max_contacts``."""
        if employer in self.contacts or self.model.p.max_contacts == 0:
            return
        if len(self.contacts) >= self.model.p.max_contacts:
            self.contacts.pop(0)
        self.contacts.append(employer)

    def own_or_any_field(self) -> int | None:
        """A contact's or colleague's field: one's own mostly, else anywhere."""
        return self.field if self.model.random.random() < self.model.p.own_field_share \
            else None

    def under_employed(self) -> bool:
        return self.level < self.qualification or self.employer.field != self.field

    def productivity(self) -> float:
        w = self.model.p.formal_weight
        return w * self.formal + (1.0 - w) * self.informal

    # --- The week's search ---------------------------------------------------------------
    def step(self) -> None:
        """Phase 2: skills, contacts at work and search."""
        m, p = self.model, self.model.p
        if self.employer is not None:
            self.informal += p.on_job_learning * (1.0 - self.informal)
            if m.random.random() < m.colleague_chance:
                self.add_contact(m.random_employer(self.own_or_any_field()))
            kind = 1 if self.under_employed() else 2
            if self.separated_week != m.week and m.random.random() < m.search_chance[kind]:
                self.search(m.poisson_above_zero(m.search_means[kind]))  # a search week
        else:
            keep = 1.0 - p.unemployed_depreciation
            self.formal *= keep
            self.informal *= keep
            if self.separated_week != m.week:
                n = m.poisson(p.applications_per_week)
                if n:
                    self.search(n)

    def search(self, n: int) -> None:
        """A referral where a contact employer has a vacancy, and ``n`` applications."""
        m, p, r = self.model, self.model.p, self.model.random
        m.counts["searchers"] += 1
        now = (job_rank(self.level, self.employer.field == self.field)
               if self.employer is not None else -1)
        hiring = [e for e in self.contacts if e.vacancies]
        if hiring and p.referrals:
            self.apply(r.choice(r.choice(hiring).vacancies), True, now)
        widening = 1.0 - math.exp(-self.weeks_unemployed / p.below_level_weeks)
        p_below = p.below_level_max * widening
        p_own = p.own_field_share * (1.0 - p.field_widening * widening)
        for _ in range(n):
            level = self.qualification
            if level > 0 and r.random() < p_below:
                level = r.randrange(level)
            if r.random() < p_own:
                pool = m.open_by_cell.get((self.field, level))
            else:
                pool = m.open_by_level.get(level)
            if pool:
                self.apply(r.choice(pool), False, now)

    def apply(self, vacancy: Vacancy, referral: bool, now: int) -> None:
        """Apply, unless it is the job one lost or (employed) not at least as good a job
        at another employer; one application per vacancy (a referral if any was)."""
        if vacancy.left_by is self:
            return
        if self.employer is not None and (
                vacancy.employer is self.employer
                or job_rank(vacancy.level, vacancy.field == self.field) < now):
            return
        vacancy.applications[self] = referral or vacancy.applications.get(self, False)


class ObjectModel(mesa.Model):
    """hiresim's week with one Mesa agent per person, employers as Mesa agents and
    vacancies as Python objects."""

    def __init__(self, labour_force: int = 10_000, rng: int = 1):
        super().__init__(rng=rng)
        p = self.p = Params(labour_force=labour_force)
        r = self.random
        self.week = 0
        self.counts = self.new_counts()
        self.migrants: list[Person] = []
        self.qualification_cum = list(accumulate(p.qualification_shares))
        self.school_leaver = school_leaver_informal(p)
        mult = (1.0, *p.immigrant_separation_multiplier)
        self.separation = [min(p.separation_rate * k, 1.0) for k in mult]
        self.emigration = [0.0] + [1.0 - (1.0 - y) ** (1.0 / WEEKS_PER_YEAR)
                                   for y in p.emigration_rates]
        self.colleague_chance = p.contacts_per_year / WEEKS_PER_YEAR
        self.search_means = (p.applications_per_week, p.on_the_job_search_rate,
                             p.job_to_job_search_rate)
        self.search_chance = tuple(1.0 - math.exp(-x) for x in self.search_means)

        # Employers, by size within each field.
        n_emp = max(1, round(labour_force / p.employer_size_mean))
        self.employers = [Employer(self, r.randrange(p.n_fields), math.exp(r.gauss(0.0, 1.0)))
                          for _ in range(n_emp)]
        self.by_field = [[e for e in self.employers if e.field == f] for f in range(p.n_fields)]
        self.cum_weight = [list(accumulate(e.weight for e in es)) for es in self.by_field]
        self.cum_all = list(accumulate(e.weight for e in self.employers))
        total = self.cum_all[-1]
        field_share = [c[-1] / total if c else 0.0 for c in self.cum_weight]

        # People: the majority, then each immigrant region; the least productive of each
        # region out of work at week 0.
        n_imm = round(p.immigrant_share * labour_force)
        ends = [round(c * n_imm) for c in accumulate(p.origin_shares)]
        sizes = [labour_force - n_imm] + [b - a for a, b in zip([0, *ends], ends, strict=False)]
        self.people_of: list[list[Person]] = []
        for o, size in enumerate(sizes):
            members = []
            for _ in range(size):
                members.append(Person(self, o))
            members.sort(key=lambda a: a.productivity() + 0.5 * p.skill_sd * r.gauss(0, 1))
            idle = round(p.initial_unemployment[o] * size)
            for person in members[:idle]:
                person.weeks_unemployed = self.spell_so_far(person)
            for person in members[idle:]:
                self.first_job(person)
            self.people_of.append(members)
        self.people = self.agents_by_type[Person]
        self.employer_set = self.agents_by_type[Employer]

        # Vacancies and what employers know of the market (free entry).
        self.vacancies: list[Vacancy] = []
        self.open_by_cell: dict[tuple[int, int], list[Vacancy]] = {}
        self.open_by_level: dict[int, list[Vacancy]] = {}
        unemployed = sum(1 for a in self.people if a.employer is None)
        cells = [(f, lv) for f in range(p.n_fields) for lv in range(3)]
        new_jobs = p.vacancy_withdrawal_rate * p.tightness * unemployed
        self.cells = cells
        self.opportunities = {c: 2.0 * new_jobs * field_share[c[0]] * p.job_level_shares[c[1]]
                              for c in cells}
        self.fill_rate = dict.fromkeys(cells, p.vacancy_fill_reference)
        self.hire_quality = dict.fromkeys(cells, 1.0)
        self.reference_productivity = [p.formal_weight * f + (1 - p.formal_weight)
                                       * p.informal_skill_mean for f in p.formal_skill_means]
        share_cum = list(accumulate(self.opportunities[c] for c in cells))
        exit_rate = min(p.vacancy_fill_reference + p.vacancy_withdrawal_rate, 1.0)
        for _ in range(round(p.tightness * unemployed)):
            f, lv = cells[min(bisect.bisect_right(share_cum, r.random() * share_cum[-1]),
                              len(cells) - 1)]
            opened = -int(math.log(1.0 - r.random()) / -math.log(1.0 - exit_rate))
            self.open_vacancy(self.random_employer(f), lv, opened=opened)
        self.counts = self.new_counts()
        self.index_vacancies()

        # Employers compare immigrant hires with the majority employed (the reference).
        majority = [a for a in self.people_of[0] if a.employer is not None]
        seen = [self.shortfall(a, noise=False) for a in majority] or [(0.0, 0.0)]
        self.reference = [sum(s[0] for s in seen) / len(seen), sum(s[1] for s in seen)
                          / len(seen)]

        self.tally = self.count_people()
        names = ["week", "unemployed", "vacancies", *self.counts]
        for what in ("employment_rate", "unemployment_rate", "right_level_rate",
                     "overqualified_rate", "out_of_field_rate", "long_term_share", "formal",
                     "informal"):
            names += [f"{what}_{g}" for g in (*GROUPS, *REGIONS[1:])]
        names += [f"unemployment_rate_{s}" for s in SETTLED]
        names += [f"belief_gap_{o}" for o in REGIONS[1:]]
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in names})
        self.datacollector.collect(self)

    # --- Set-up --------------------------------------------------------------------------
    def years_so_far(self, origin: int, entry_age: float) -> float:
        """Years in the labour force of a person of week 0, from the stationary
        distribution: uniform up to retirement for the majority, exponential at the
        emigration rate (cut at retirement) for immigrants."""
        span = max(self.p.retirement_age - entry_age, 0.0)
        u = self.random.random()
        if origin == 0:
            return u * span
        mu = -math.log(1.0 - self.p.emigration_rates[origin - 1])
        return -math.log(1.0 - u * (1.0 - math.exp(-mu * span))) / mu

    def spell_so_far(self, person: Person) -> int:
        """Weeks out of work so far of a person unemployed at week 0 (short, long and
        very long spells, as in hiresim's set-up), at most the years since entry."""
        u, mean = self.random.random(), INITIAL_SPELLS[-1][1]
        for share, m in INITIAL_SPELLS:
            if u < share:
                mean = m
                break
            u -= share
        return min(round(self.random.expovariate(1.0 / mean)), 520, -person.entry_week)

    def first_job(self, person: Person) -> None:
        """A job at week 0: in one's field but for ``initial_out_of_field``, at one's
        level but for ``initial_overqualified`` of graduates."""
        p, r, g = self.p, self.random, person.group
        field = person.field
        if p.n_fields > 1 and r.random() < p.initial_out_of_field[g]:
            field = (field + 1 + r.randrange(p.n_fields - 1)) % p.n_fields
        level = person.qualification
        if level > 0 and r.random() < p.initial_overqualified[g]:
            level = r.randrange(level)
        person.employer, person.level = self.random_employer(field), level
        person.employer.staff += 1
        person.weeks_unemployed = 0

    # --- Random numbers ------------------------------------------------------------------
    def poisson(self, mean: float) -> int:
        """A Poisson number (Knuth's method: the means here are small)."""
        limit, k, prod = math.exp(-mean), 0, self.random.random()
        while prod > limit:
            k += 1
            prod *= self.random.random()
        return k

    def poisson_above_zero(self, mean: float) -> int:
        """A Poisson number given that it is at least one (inverse transform)."""
        u = math.exp(-mean) + self.random.random() * (1.0 - math.exp(-mean))
        k, term = 1, mean * math.exp(-mean)
        cdf = math.exp(-mean) + term
        while cdf < u and k < 50:
            k += 1
            term *= mean / k
            cdf += term
        return k

    def random_employer(self, field: int | None = None) -> Employer:
        """An employer drawn in proportion to size, within ``field`` if it has any."""
        if field is not None and self.by_field[field]:
            cum, pool = self.cum_weight[field], self.by_field[field]
        else:
            cum, pool = self.cum_all, self.employers
        i = bisect.bisect_right(cum, self.random.random() * cum[-1])
        return pool[min(i, len(pool) - 1)]

    def kept_gap(self, years_at_work: float) -> float:
        """The share of the informal-skill gap left after ``years_at_work``."""
        return (1.0 - self.p.on_job_learning) ** (years_at_work * WEEKS_PER_YEAR)

    def shortfall(self, person: Person, noise: bool = True) -> tuple[float, float]:
        """What an employer sees of a hire: formal skill short of the qualification's
        mean, informal skill short of the mean."""
        p, sd = self.p, OBSERVATION_NOISE_SD if noise else 0.0
        return (p.formal_skill_means[person.qualification]
                - (person.formal + sd * self.random.gauss(0.0, 1.0)),
                p.informal_skill_mean - (person.informal + sd * self.random.gauss(0.0, 1.0)))

    # --- Vacancies -----------------------------------------------------------------------
    @staticmethod
    def new_counts() -> dict[str, int]:
        counts = dict.fromkeys(("searchers", "applications", "callbacks", "offers",
                                "referral_hires", "job_to_job", "entrants", "register_exits",
                                "arrival_hires", "vacancies_created", "vacancies_replaced",
                                "vacancies_withdrawn", "vacancies_filled"), 0)
        for what in ("hires", "separations"):
            counts.update({f"{what}_{o}": 0 for o in REGIONS})
        return counts

    def open_vacancy(self, employer: Employer, level: int, opened: int | None = None,
                     left_by: Person | None = None) -> Vacancy:
        """A vacancy at ``employer``; without ``opened``, a replacement opened now."""
        vacancy = Vacancy(employer, level, self.week if opened is None else opened, left_by)
        self.vacancies.append(vacancy)
        if opened is None:
            self.counts["vacancies_replaced"] += 1
        return vacancy

    def withdraw(self) -> None:
        """Employers give up open vacancies at ``vacancy_withdrawal_rate``."""
        rate, kept = self.p.vacancy_withdrawal_rate, []
        for v in self.vacancies:
            if self.random.random() < rate:
                v.is_open = False
                self.counts["vacancies_withdrawn"] += 1
            else:
                kept.append(v)
        self.vacancies = kept

    def create_jobs(self) -> None:
        """Free entry: job opportunities by field and level, each opened if its value
        times what employers have seen of the cell covers the cost."""
        p, r = self.p, self.random
        for cell in self.cells:
            worth = (self.fill_rate[cell] * self.hire_quality[cell]
                     / p.vacancy_fill_reference)
            for _ in range(self.poisson(self.opportunities[cell])):
                if worth > 0 and p.job_value_sd * r.gauss(0.0, 1.0) + math.log(worth) >= 0:
                    self.open_vacancy(self.random_employer(cell[0]), cell[1],
                                      opened=self.week)
                    self.counts["vacancies_created"] += 1

    def bring_migrants(self) -> None:
        """Labour migrants who arrived this week take an open job in their field (any
        level), or anywhere if their field has none; two for one job: the first."""
        if not self.migrants:
            return
        in_field: dict[int, list[Vacancy]] = {}
        for v in self.vacancies:
            in_field.setdefault(v.field, []).append(v)
        for person in self.migrants:
            pool = in_field.get(person.field) or self.vacancies
            if not pool:
                continue
            vacancy = self.random.choice(pool)
            person.add_contact(vacancy.employer)
            if vacancy.is_open:
                person.take_job(vacancy)
                self.counts["arrival_hires"] += 1
                self.counts["vacancies_filled"] += 1
        self.migrants = []
        self.vacancies = [v for v in self.vacancies if v.is_open]

    def index_vacancies(self) -> None:
        """The open vacancies by field and level, by level, and by employer."""
        self.open_by_cell, self.open_by_level = {}, {}
        for e in self.employers:
            e.vacancies = []
        for v in self.vacancies:
            self.open_by_cell.setdefault((v.field, v.level), []).append(v)
            self.open_by_level.setdefault(v.level, []).append(v)
            v.employer.vacancies.append(v)

    # --- Hiring --------------------------------------------------------------------------
    def assess(self, vacancy: Vacancy) -> tuple[Person, float, bool] | None:
        """Screen, interview and pick the best applicant who meets the standard."""
        p, r = self.p, self.random
        e = vacancy.employer
        standard = e.standard(vacancy)
        prior_var = p.prior_skill_sd ** 2
        screened = []
        for person, referral in vacancy.applications.items():
            prior_f = (p.formal_skill_means[person.qualification] - p.unemployment_signal
                       * min(person.weeks_unemployed, SCAR_WEEKS) / SCAR_WEEKS)
            prior_i = p.informal_skill_mean
            noise = p.cv_noise_sd
            if person.origin:
                k = person.origin - 1
                prior_f -= e.gap_formal[k]
                prior_i -= e.gap_informal[k]
                if person.foreign:
                    noise *= p.foreign_credential_noise[k]
            noise *= 1.0 - p.cv_clarity_noise_reduction * person.cv
            if referral:
                noise *= 1.0 - p.referral_noise_reduction
            gamma = prior_var / (prior_var + noise * noise)
            post_f = (1.0 - gamma) * prior_f + gamma * (person.formal + noise * r.gauss(0, 1))
            score = (p.formal_weight * post_f + (1.0 - p.formal_weight) * p.informal_skill_mean
                     + p.referral_callback_bonus * referral)
            screened.append((score, post_f, prior_i, person, referral))
        self.counts["applications"] += len(screened)
        screened.sort(key=lambda s: -s[0])
        best = None
        for score, post_f, prior_i, person, referral in screened[:p.interviews_per_vacancy]:
            if standard > 0 and score < standard - p.screening_margin:
                break
            self.counts["callbacks"] += 1
            noise = p.interview_noise_sd * (1.0 - p.readiness_noise_reduction * person.readiness)
            gamma = prior_var / (prior_var + noise * noise)
            post_i = (1.0 - gamma) * prior_i + gamma * (person.informal + noise * r.gauss(0, 1))
            assessed = p.formal_weight * post_f + (1.0 - p.formal_weight) * post_i
            if e.values_cross_cultural:
                assessed += p.cross_cultural_weight * person.cross_cultural
            if (standard <= 0 or assessed >= standard) and (best is None or assessed > best[1]):
                best = (person, assessed, referral)
        return best

    def hire(self) -> None:
        """Every vacancy with applicants picks one; people take their best offer; the
        market notes how quickly vacancies filled and how good the hires were."""
        p = self.p
        offers: dict[Person, list[tuple[int, float, Vacancy, bool]]] = {}
        n_open: dict[tuple[int, int], int] = {}
        for vacancy in self.vacancies:
            cell = (vacancy.field, vacancy.level)
            n_open[cell] = n_open.get(cell, 0) + 1
            if vacancy.applications:
                chosen = self.assess(vacancy)
                vacancy.applications = {}
                if chosen is not None:
                    person, score, referral = chosen
                    self.counts["offers"] += 1
                    rank = job_rank(vacancy.level, vacancy.field == person.field)
                    offers.setdefault(person, []).append((rank, score, vacancy, referral))
        immigrants, majority = [], []
        quality: dict[tuple[int, int], list[float]] = {}
        for person, options in offers.items():
            _, _, vacancy, referral = max(options, key=lambda o: (o[0], o[1]))
            person.take_job(vacancy)
            self.counts["vacancies_filled"] += 1
            self.counts["referral_hires"] += referral
            quality.setdefault((vacancy.field, vacancy.level), []).append(
                person.productivity() / self.reference_productivity[vacancy.level])
            (immigrants if person.origin else majority).append(person)
        # What employers know of the market.
        alpha = 1.0 - math.exp(-1.0 / p.market_memory_weeks)
        for cell, n in n_open.items():
            filled = len(quality.get(cell, ()))
            self.fill_rate[cell] += alpha * (filled / n - self.fill_rate[cell])
        for cell, q in quality.items():
            self.hire_quality[cell] += alpha * (sum(q) / len(q) - self.hire_quality[cell])
        # Employer learning: majority hires set the reference, immigrant hires the gaps.
        if p.employer_learning:
            if majority:
                seen = [self.shortfall(a) for a in majority]
                for j in range(2):
                    self.reference[j] += alpha * (sum(s[j] for s in seen) / len(seen)
                                                  - self.reference[j])
            for person in immigrants:
                person.employer.learn(person)
        self.vacancies = [v for v in self.vacancies if v.is_open]

    # --- The week ------------------------------------------------------------------------
    def step(self) -> None:
        """One week."""
        self.week += 1
        self.counts = self.new_counts()
        self.withdraw()
        self.people.do("flows")  # each person's flows are their own: no order needed
        self.create_jobs()
        self.bring_migrants()
        self.index_vacancies()
        self.people.shuffle_do("step")
        self.hire()
        if self.p.employer_learning and self.p.belief_turnover > 0:
            self.employer_set.do("step")
        self.tally = self.count_people()
        self.datacollector.collect(self)

    def count_people(self) -> dict[str, float]:
        """One pass over the people: the week's outputs (and a week more out of work)."""
        n_regions = len(REGIONS)
        n, employed, right, long_term, graduates, below, out = (
            [0] * n_regions for _ in range(7))
        formal, informal = [0.0] * n_regions, [0.0] * n_regions
        settled_n, settled_u = [0] * 3, [0] * 3
        edges = (4 * WEEKS_PER_YEAR, 7 * WEEKS_PER_YEAR)
        for a in self.people:
            o = a.origin
            n[o] += 1
            formal[o] += a.formal
            informal[o] += a.informal
            if a.employer is None:
                a.weeks_unemployed += 1
                if a.weeks_unemployed >= LONG_TERM_WEEKS:
                    long_term[o] += 1
            else:
                employed[o] += 1
                in_field = a.employer.field == a.field
                right[o] += a.level == a.qualification and in_field
                out[o] += not in_field
                if a.qualification > 0:
                    graduates[o] += 1
                    below[o] += a.level < a.qualification
            if o:
                here = self.week - a.arrival_week
                band = (here >= edges[0]) + (here >= edges[1])
                settled_n[band] += 1
                settled_u[band] += a.employer is None

        def rate(num, den):
            return num / den if den else math.nan

        t: dict[str, float] = {
            "week": self.week, "vacancies": len(self.vacancies),
            "unemployed": sum(n) - sum(employed), **self.counts}
        for name, rows in (("majority", [0]), ("immigrant", range(1, n_regions)),
                           *((REGIONS[o], [o]) for o in range(1, n_regions))):
            members = sum(n[o] for o in rows)
            working = sum(employed[o] for o in rows)
            idle = members - working
            t[f"employment_rate_{name}"] = rate(working, members)
            t[f"unemployment_rate_{name}"] = rate(idle, members)
            t[f"right_level_rate_{name}"] = rate(sum(right[o] for o in rows), members)
            t[f"overqualified_rate_{name}"] = rate(sum(below[o] for o in rows),
                                                   sum(graduates[o] for o in rows))
            t[f"out_of_field_rate_{name}"] = rate(sum(out[o] for o in rows), working)
            t[f"long_term_share_{name}"] = rate(sum(long_term[o] for o in rows), idle)
            t[f"formal_{name}"] = rate(sum(formal[o] for o in rows), members)
            t[f"informal_{name}"] = rate(sum(informal[o] for o in rows), members)
        for k, s in enumerate(SETTLED):
            t[f"unemployment_rate_{s}"] = rate(settled_u[k], settled_n[k])
        for k, o in enumerate(REGIONS[1:]):
            t[f"belief_gap_{o}"] = sum(e.gap_formal[k] + e.gap_informal[k]
                                       for e in self.employers) / len(self.employers)
        return t


def _reporter(name: str):
    def report(model: ObjectModel) -> float:
        return model.tally[name]
    return report


if __name__ == "__main__":  # a quick look at the steady state
    import sys
    import time

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    weeks = int(sys.argv[2]) if len(sys.argv) > 2 else 104
    t0 = time.perf_counter()
    model = ObjectModel(size, rng=1)
    t1 = time.perf_counter()
    for _ in range(weeks):
        model.step()
    t2 = time.perf_counter()
    frame = model.datacollector.get_model_vars_dataframe().set_index("week")
    print(f"{size:,} people x {weeks} weeks: set-up {t1 - t0:.2f} s, run {t2 - t1:.2f} s")
    cols = ["unemployment_rate_" + g for g in (*GROUPS, *REGIONS[1:], *SETTLED)]
    cols += ["right_level_rate_majority", "right_level_rate_immigrant", "vacancies",
             "hires_majority", "separations_majority", "job_to_job", "vacancies_created",
             "vacancies_replaced", "vacancies_withdrawn", "entrants", "register_exits",
             "referral_hires"]
    print(frame[cols].iloc[[0, 1, weeks // 4, weeks // 2, weeks]].T.to_string())
    print(frame[cols].iloc[weeks // 2:].mean().to_string())
