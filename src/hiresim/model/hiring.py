"""Hiring: invitations, offers and acceptances (DESIGN §3 step 5).

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

from functools import partial

import numpy as np

from . import vacancies
from .interview import interview_score
from .jit import njit
from .jobs import employ
from .operations import count_by_origin, left_by
from .screening import screen, top_k_within
from .search import Applications
from .state import World, job_rank


def hiring_round(w: World, apps: Applications) -> np.ndarray:
    """Screen, interview, offer and hire; returns the vacancy rows that were filled (for
    `operations.fill_vacancies`).

    ``apps`` holds one application per person and vacancy, in person order (as
    `search.applications` gives them): ties in the ranking go to the earlier row."""
    p, vac = w.params, w.vacancies
    cells = vacancies.cells_of(vac)
    if apps.n == 0:
        w.cache["pools"] = None  # no pools this week for the correspondence test
        vacancies.observe(w, cells, np.zeros(0, np.int64), np.zeros(0))
        return np.zeros(0, np.int64)
    own = left_by(vac, apps.vacancy) == apps.person  # not open to them
    if own.any():
        apps = Applications(apps.person[~own], apps.vacancy[~own], apps.referral[~own])
    w.counts.applications += count_by_origin(w, apps.person)
    person, vacancy, referral = apps.person, apps.vacancy, apps.referral
    post_f, prior_i, score1 = screen(w, apps)
    apps_vacancy, score1_all = vacancy, score1
    standard = vacancies.standards(p, vac, w.employers.standard_shift, w.week)
    rank1 = top_k_within(vacancy, score1, p.interviews_per_vacancy)
    invited = np.empty(apps.n, np.int64)
    invited = invited[:_shortlist(rank1, p.interviews_per_vacancy, score1, vacancy, standard,
                                  p.screening_margin, invited)]
    person, vacancy, referral = person[invited], vacancy[invited], referral[invited]
    post_f, prior_i = post_f[invited], prior_i[invited]
    w.counts.callbacks += count_by_origin(w, person)

    score2 = interview_score(w, person, vacancy, post_f, prior_i)
    bar = standard[vacancy]
    ok = (bar <= 0.0) | (score2 >= bar)
    # What the correspondence test (`audit`) needs, computed only if it asks.
    w.cache["pools"] = partial(_pool_thresholds, w.params.interviews_per_vacancy,
                               w.vacancies.employer.copy(), w.vacancies.level.copy(),
                               standard, apps_vacancy, score1_all, rank1, vacancy[ok],
                               score2[ok])
    person, vacancy, referral, score2 = person[ok], vacancy[ok], referral[ok], score2[ok]
    best = top_k_within(vacancy, score2, 1) == 0
    person, vacancy, referral, score2 = person[best], vacancy[best], referral[best], score2[best]
    w.counts.offers += count_by_origin(w, person)

    rank = job_rank(vac.level[vacancy].astype(np.int64),
                    vac.field[vacancy] == w.people.field[person])
    accept = top_k_within(person, rank * 16.0 + score2, 1) == 0
    person, vacancy, referral = person[accept], vacancy[accept], referral[accept]
    w.counts.referral_hires += count_by_origin(w, person[referral])
    vacancies.observe(w, cells, vacancy, w.people.productivity(p.formal_weight, person))
    employ(w, person, vac.employer[vacancy], vac.level[vacancy])
    return vacancy


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
        n += (rank[r] < k) & ((bar <= 0.0) | (score[r] >= bar - margin))
    return n


def _pool_thresholds(k: int, employer: np.ndarray, level: np.ndarray, standard: np.ndarray,
                     vacancy: np.ndarray, score1: np.ndarray, rank1: np.ndarray,
                     ok_vacancy: np.ndarray, ok_score2: np.ndarray) -> dict:
    """What an extra applicant must beat at each vacancy of a hiring round (for `audit`).

    ``callback``: the k-th best screening score (−inf with fewer than k applicants);
    ``offer``: the best acceptable interview score (−inf if none).
    """
    n_vac = len(employer)
    callback = np.full(n_vac, -np.inf)
    kth = rank1 == k - 1
    callback[vacancy[kth]] = score1[kth]
    offer = np.full(n_vac, -np.inf)
    np.maximum.at(offer, ok_vacancy, ok_score2)
    has_pool = np.zeros(n_vac, bool)
    has_pool[vacancy] = True
    return {"callback": callback, "offer": offer, "has_pool": has_pool,
            "employer": employer, "level": level, "standard": standard}


def exogenous_hires(w: World, searchers: np.ndarray) -> None:
    """The flow-model limit: each searcher finds a job with a fixed weekly probability."""
    p = w.params
    u = w.streams.uniform("exogenous_hire", w.week, searchers)
    found = searchers[u < p.exogenous_job_finding_rate]
    employer = w.sampler.draw(w.streams.uniform("exogenous_employer", w.week, found),
                              w.people.field[found])
    employ(w, found, employer, w.people.qualification[found])
