"""The object-per-agent baseline: the weekly loop as a plain Mesa model would write it.

Each job seeker is a ``mesa.Agent`` whose ``step()`` runs in Python; employers are Mesa
agents too, and vacancies are small Python objects. The week follows hiresim's rules in
spirit, with the same default parameters (`hiresim.params.Params`):

1. employers open vacancies towards ``tightness`` vacancies per unemployed person;
2. every seeker steps (in random order): an employed person loses the job at the
   separation rate, learns on the job and, if working below his or her level, searches
   on the job; an unemployed person's skills depreciate and he or she sends a Poisson
   number of applications, a referral first where a contact employer has a vacancy, the
   rest to random vacancies mostly in his or her own field and level (below it more
   often the longer the spell);
3. every vacancy with applicants screens them (CV signal of formal skill, Aigner–Cain
   posterior with the employer's group prior, a referral bonus), interviews the top k
   (informal-skill signal), and offers the job to the best one above the bar; a person
   with several offers takes the one at the highest level;
4. employers learn from the immigrants they hired;
5. a ``DataCollector`` records employment and skills by group.

It is the weekly loop of hiresim before the market of flows, regions of birth, responsive
vacancies and soft standards (one immigrant group, whose parameters are read from the
first region's; a vacancy stock kept at ``tightness`` per unemployed person), so it does
less work per person than hiresim now does; it is to be brought up to the new loop.

Nothing here is used by hiresim itself: it is what the benchmark compares against.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from hiresim.params import Params


class Vacancy:
    """An open job at an employer, with this week's applications."""

    __slots__ = ("applications", "employer", "field", "level")

    def __init__(self, employer: Employer, level: int):
        self.employer = employer
        self.field = employer.field
        self.level = level
        self.applications: list[tuple[Seeker, bool]] = []


class Employer(mesa.Agent):
    """An employer: field, size, beliefs about immigrant applicants and open vacancies."""

    def __init__(self, model: ObjectModel, field: int, weight: float, gap_formal: float,
                 gap_informal: float):
        super().__init__(model)
        self.field = field
        self.weight = weight
        self.gap_formal = gap_formal
        self.gap_informal = gap_informal
        self.staff = 0
        self.vacancies: list[Vacancy] = []


class Seeker(mesa.Agent):
    """A member of the labour force; searches while unemployed or under-employed."""

    def __init__(self, model: ObjectModel, group: int, field: int, qualification: int,
                 formal: float, informal: float, cv: float, readiness: float,
                 foreign: bool, contacts: list[Employer]):
        super().__init__(model)
        self.group = group
        self.field = field
        self.qualification = qualification
        self.formal = formal
        self.informal = informal
        self.cv = cv
        self.readiness = readiness
        self.foreign = foreign
        self.contacts = contacts
        self.employer: Employer | None = None
        self.level = -1
        self.weeks_unemployed = 0
        self.offers: list[Vacancy] = []

    def step(self) -> None:
        """One week: separation, learning and search."""
        m, p = self.model, self.model.p
        if self.employer is not None:
            if m.random.random() < m.separation[self.group]:
                self.employer.staff -= 1
                self.employer, self.level, self.weeks_unemployed = None, -1, 0
                return  # searches from next week
            self.informal += p.on_job_learning * (1.0 - self.informal)
            if self.level < self.qualification:
                self.search(m.rng.poisson(p.on_the_job_search_rate))
        else:
            keep = 1.0 - p.unemployed_depreciation
            self.formal *= keep
            self.informal *= keep
            self.weeks_unemployed += 1
            self.search(m.rng.poisson(p.applications_per_week))

    def search(self, n: int) -> None:
        """Send ``n`` applications: a referral first if a contact has a vacancy."""
        if n == 0:
            return
        m, p = self.model, self.model.p
        referral = [e for e in self.contacts if e.vacancies]
        if referral:
            vacancy = m.random.choice(m.random.choice(referral).vacancies)
            self.apply(vacancy, True)
            n -= 1
        p_below = p.below_level_max * (1.0 - math.exp(-self.weeks_unemployed
                                                     / p.below_level_weeks))
        for _ in range(n):
            level = self.qualification
            if level > 0 and m.random.random() < p_below:
                level = m.random.randrange(level)
            if m.random.random() < p.own_field_share:
                pool = m.open_by_cell.get((self.field, level))
            else:
                pool = m.open_by_level.get(level)
            if pool:
                self.apply(m.random.choice(pool), False)

    def apply(self, vacancy: Vacancy, referral: bool) -> None:
        if self.employer is None or vacancy.level > self.level:
            vacancy.applications.append((self, referral))


class ObjectModel(mesa.Model):
    """The search-screening-hiring week with one Mesa agent per seeker."""

    def __init__(self, labour_force: int = 10_000, rng: int = 1):
        super().__init__(rng=rng)
        p = self.p = Params(labour_force=labour_force)
        gen = np.random.default_rng(rng)
        n = labour_force
        n_emp = max(1, round(n / p.employer_size_mean))
        weights = np.exp(gen.normal(size=n_emp))
        self.employers = [
            Employer(self, int(gen.integers(p.n_fields)), float(weights[i]),
                     p.prior_gap_formal[0] + p.prior_gap_sd * gen.normal(),
                     p.prior_gap_informal[0] + p.prior_gap_sd * gen.normal())
            for i in range(n_emp)]
        self.employer_cum = np.cumsum(weights) / weights.sum()
        self.separation = (p.separation_rate,
                           p.separation_rate * p.immigrant_separation_multiplier[0])
        n_imm = round(p.immigrant_share * n)
        for i in range(n):
            group = int(i >= n - n_imm)
            qual = int(np.searchsorted(np.cumsum(p.qualification_shares), gen.random()))
            clip = lambda x: min(max(x, 0.0), 1.0)  # noqa: E731
            contacts = [self.random_employer() for _ in range(
                min(gen.poisson(p.contacts_per_person[group]), p.max_contacts))]
            seeker = Seeker(
                self, group, int(gen.integers(p.n_fields)), min(qual, 2),
                clip(p.formal_skill_means[min(qual, 2)] + p.skill_sd * gen.normal()),
                clip(p.informal_skill_mean - p.immigrant_informal_deficit[0] * group
                     + p.skill_sd * gen.normal()),
                clip(p.cv_quality_means[group] + 0.15 * gen.normal()),
                clip(p.interview_readiness_means[group] + 0.15 * gen.normal()),
                bool(group and gen.random() < p.foreign_credential_share), contacts)
            if gen.random() >= p.initial_unemployment[min(group, 1)]:
                seeker.employer = self.random_employer()
                seeker.employer.staff += 1
                seeker.level = seeker.qualification
        self.seekers = self.agents_by_type[Seeker]
        self.vacancies: list[Vacancy] = []
        self.open_by_cell: dict[tuple[int, int], list[Vacancy]] = {}
        self.open_by_level: dict[int, list[Vacancy]] = {}
        self.datacollector = mesa.DataCollector(model_reporters={
            "employment_rate_majority": lambda m: m.mean_over(0, lambda a: a.employer
                                                              is not None),
            "employment_rate_immigrant": lambda m: m.mean_over(1, lambda a: a.employer
                                                               is not None),
            "informal_majority": lambda m: m.mean_over(0, lambda a: a.informal),
            "informal_immigrant": lambda m: m.mean_over(1, lambda a: a.informal),
            "vacancies": lambda m: len(m.vacancies),
        })
        self.datacollector.collect(self)

    def random_employer(self) -> Employer:
        """An employer drawn in proportion to size."""
        i = int(np.searchsorted(self.employer_cum, self.random.random()))
        return self.employers[min(i, len(self.employers) - 1)]

    def mean_over(self, group: int, value) -> float:
        members = [a for a in self.seekers if a.group == group]
        return sum(float(value(a)) for a in members) / max(len(members), 1)

    def open_vacancies(self) -> None:
        """Open vacancies so that there are ``tightness`` per unemployed person."""
        p = self.p
        unemployed = sum(1 for a in self.seekers if a.employer is None)
        cum = np.cumsum(p.job_level_shares)
        for _ in range(round(p.tightness * unemployed) - len(self.vacancies)):
            employer = self.random_employer()
            level = min(int(np.searchsorted(cum, self.random.random())), 2)
            vacancy = Vacancy(employer, level)
            employer.vacancies.append(vacancy)
            self.vacancies.append(vacancy)
        self.open_by_cell, self.open_by_level = {}, {}
        for v in self.vacancies:
            self.open_by_cell.setdefault((v.field, v.level), []).append(v)
            self.open_by_level.setdefault(v.level, []).append(v)

    def assess(self, vacancy: Vacancy) -> Seeker | None:
        """Screen, interview and pick the best applicant above the bar (or nobody)."""
        p, rng = self.p, self.rng
        prior_var = p.prior_skill_sd ** 2
        screened = []
        for seeker, referral in vacancy.applications:
            imm = seeker.group == 1
            noise = p.cv_noise_sd * (p.foreign_credential_noise[0] if seeker.foreign else 1.0)
            noise *= 1.0 - p.cv_clarity_noise_reduction * seeker.cv
            if referral:
                noise *= 1.0 - p.referral_noise_reduction
            prior = p.formal_skill_means[seeker.qualification]
            if imm:
                prior -= vacancy.employer.gap_formal
            gamma = prior_var / (prior_var + noise * noise)
            post = (1 - gamma) * prior + gamma * (seeker.formal + noise * rng.normal())
            screened.append((post + p.referral_callback_bonus * referral, post, seeker))
        screened.sort(key=lambda s: -s[0])
        best, best_score = None, -math.inf
        for _, post_formal, seeker in screened[:p.interviews_per_vacancy]:
            noise = p.interview_noise_sd * (1 - p.readiness_noise_reduction * seeker.readiness)
            prior = p.informal_skill_mean - (vacancy.employer.gap_informal
                                             if seeker.group == 1 else 0.0)
            gamma = prior_var / (prior_var + noise * noise)
            post = (1 - gamma) * prior + gamma * (seeker.informal + noise * rng.normal())
            score = p.formal_weight * post_formal + (1 - p.formal_weight) * post
            if score >= p.hiring_bar[vacancy.level] and score > best_score:
                best, best_score = seeker, score
        return best

    def step(self) -> None:
        """One week."""
        p = self.p
        self.open_vacancies()
        self.seekers.shuffle_do("step")
        offered = []
        for vacancy in self.vacancies:
            chosen = self.assess(vacancy) if vacancy.applications else None
            if chosen is not None:
                chosen.offers.append(vacancy)
                offered.append(chosen)
        filled = set()
        for seeker in offered:
            if not seeker.offers:
                continue
            vacancy = max(seeker.offers, key=lambda v: v.level)
            seeker.offers = []
            if seeker.employer is not None:
                seeker.employer.staff -= 1
            seeker.employer, seeker.level, seeker.weeks_unemployed = vacancy.employer, \
                vacancy.level, 0
            vacancy.employer.staff += 1
            filled.add(id(vacancy))
            if seeker.group == 1:  # employer learning from an immigrant hire
                e = vacancy.employer
                e.gap_formal += p.learning_rate * (
                    p.formal_skill_means[seeker.qualification] - seeker.formal - e.gap_formal)
                e.gap_informal += p.learning_rate * (
                    p.informal_skill_mean - seeker.informal - e.gap_informal)
        for vacancy in self.vacancies:
            vacancy.applications = []
            if id(vacancy) in filled:
                vacancy.employer.vacancies.remove(vacancy)
        self.vacancies = [v for v in self.vacancies if id(v) not in filled]
        self.datacollector.collect(self)
