"""Hiring: invitations, offers and acceptances (docs/model.md §3, step 5).

Per vacancy the top k screened applicants whose screening score comes within
``screening_margin`` of the vacancy's standard are interviewed, and the best one whose
assessed productivity reaches it gets the offer; standards fall the longer a vacancy is
open (`vacancies.standards`). The replacement vacancy of a job that ended is not open to
the person who held it (the employer ended that job; recalls are not modelled), so a job
loser's tie to the former employer helps only with its other vacancies. A person with
several offers takes the best job (`state.job_rank`: the highest level, then one in the
person's field; then the best assessed); a declined vacancy stays open. The hired start
their jobs through `jobs.employ`; a job left for another becomes a replacement
vacancy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import vacancies
from .interview import interview_score
from .jit import njit
from .jobs import employ
from .operations import count_by_origin, left_by
from .screening import screen, top_k_within
from .search import Applications
from .state import Pools, World, job_rank
from .vacancies import meets_jit


@dataclass
class Assessment:
    """What screening and interviews leave of a hiring round: the interviewees whose
    assessment meets their vacancy's standard (one row each: person, vacancy, whether
    through a referral, the score after the interview), and the round's interview pools
    (for the correspondence test, `audit`; None without applications)."""

    person: np.ndarray
    vacancy: np.ndarray
    referral: np.ndarray
    score: np.ndarray
    pools: Pools | None

    @classmethod
    def empty(cls) -> Assessment:
        none = np.zeros(0, np.int64)
        return cls(none, none, np.zeros(0, bool), np.zeros(0), None)


def assess(w: World, apps: Applications) -> Assessment:
    """Screen the applications, invite the shortlist and interview them.

    ``apps`` holds one application per person and vacancy, in person order (as
    `search.applications` gives them): ties in the ranking go to the earlier row."""
    p, vac = w.params, w.vacancies
    if apps.n == 0:
        return Assessment.empty()
    own = left_by(vac, apps.vacancy) == apps.person  # not open to them
    if own.any():
        apps = Applications(apps.person[~own], apps.vacancy[~own], apps.referral[~own])
    w.counts.applications += count_by_origin(w, apps.person)
    post_f, prior_i, score1 = screen(w, apps)
    standard = vacancies.standards(p, vac, w.employers.standard_shift, w.week)
    rank1 = top_k_within(apps.vacancy, score1, p.interviews_per_vacancy)
    invited = np.empty(apps.n, np.int64)
    invited = invited[:_shortlist(rank1, p.interviews_per_vacancy, score1, apps.vacancy,
                                  standard, p.screening_margin, invited)]
    person, vacancy, referral = apps.person[invited], apps.vacancy[invited], apps.referral[invited]
    w.counts.callbacks += count_by_origin(w, person)

    score = interview_score(w, person, vacancy, post_f[invited], prior_i[invited])
    ok = vacancies.meets(score, standard[vacancy])
    person, vacancy, referral, score = person[ok], vacancy[ok], referral[ok], score[ok]
    pools = Pools(interviews=p.interviews_per_vacancy, employer=vac.employer.copy(),
                  level=vac.level.copy(), standard=standard, vacancy=apps.vacancy,
                  screening=score1, rank=rank1, passed_vacancy=vacancy, passed_score=score)
    return Assessment(person, vacancy, referral, score, pools)


def hire(w: World, assessed: Assessment) -> np.ndarray:
    """Offers and acceptances: the best interviewee at each vacancy gets the offer, and
    of several offers a person takes the best job; the hired start their jobs. Returns
    the vacancy rows that were filled (for `operations.fill_vacancies`)."""
    p, vac = w.params, w.vacancies
    cells = vacancies.cells_of(vac)
    a = assessed
    best = top_k_within(a.vacancy, a.score, 1) == 0
    person, vacancy, referral, score = (a.person[best], a.vacancy[best], a.referral[best],
                                        a.score[best])
    w.counts.offers += count_by_origin(w, person)

    rank = job_rank(vac.level[vacancy].astype(np.int64),
                    vac.field[vacancy] == w.people.field[person])
    accept = top_k_within(person, rank * 16.0 + score, 1) == 0
    person, vacancy, referral = person[accept], vacancy[accept], referral[accept]
    w.counts.referral_hires += count_by_origin(w, person[referral])
    vacancies.observe(w, cells, vacancy, w.people.productivity(p.formal_weight, person))
    employ(w, person, vac.employer[vacancy], vac.level[vacancy])
    return vacancy


def hiring_round(w: World, apps: Applications) -> np.ndarray:
    """One hiring round (`assess`, then `hire`) for ``apps``; returns the vacancy rows
    that were filled."""
    return hire(w, assess(w, apps))


@njit
def _shortlist(rank: np.ndarray, k: int, score: np.ndarray, vacancy: np.ndarray,
               standard: np.ndarray, margin: float, out: np.ndarray) -> int:
    """Writes to ``out`` the applications invited to interview: among the top ``k`` of
    their vacancy, with a screening ``score`` within ``margin`` of its standard (or a
    standard of 0 or less); returns how many (one pass, without branches)."""
    n = 0
    for r in range(rank.shape[0]):
        bar = standard[vacancy[r]]
        out[n] = r
        n += (rank[r] < k) & meets_jit(score[r], bar, margin)
    return n


def exogenous_hires(w: World, searchers: np.ndarray) -> None:
    """The flow-model limit: each searcher finds a job with a fixed weekly probability."""
    p = w.params
    u = w.streams.uniform("exogenous_hire", w.week, searchers)
    found = searchers[u < p.exogenous_job_finding_rate]
    employer = w.sampler.draw(w.streams.uniform("exogenous_employer", w.week, found),
                              w.people.field[found])
    employ(w, found, employer, w.people.qualification[found])
