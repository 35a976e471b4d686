"""Newcomers (docs/model.md §2): what a person brings on entering the labour force (field,
qualification, skills, signals, contacts; for immigrants an age at arrival and whether he
or she came as a refugee or for work), and when he or she will leave it (retirement or
emigration).

Everybody is drawn by one function, `newcomers`: the people of week 0 (`population`)
and those who take the places of leavers (`flows`). Immigrants bring the informal skill
of their years of work abroad (`expected_history`), less what they lack of Norwegian
language and norms; school leavers bring `school_leaver_informal`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..params.schema import Params
from .state import MAJORITY
from .streams import Streams

WEEKS_PER_YEAR = 52.0


def _clipped_normal(streams: Streams, name: str, week: int, ids: np.ndarray,
                    mean: np.ndarray | float, sd: float) -> np.ndarray:
    z = streams.normal(name, week, ids)
    return np.clip(mean + sd * z, 0.0, 1.0)


def origin_values(values: tuple[float, ...], origin: np.ndarray) -> np.ndarray:
    """An immigrant-region parameter for each person (0 for the majority)."""
    return np.r_[0.0, np.asarray(values, np.float64)][origin]


@dataclass
class Newcomers:
    """What people bring into the labour force (columns of `People`, and contacts)."""

    field: np.ndarray
    qualification: np.ndarray
    foreign_credentials: np.ndarray
    refugee: np.ndarray
    formal: np.ndarray
    informal: np.ndarray
    cv: np.ndarray
    readiness: np.ndarray
    cross_cultural: np.ndarray
    entry_age: np.ndarray     # float64, years, on entering the labour force
    arrival_lag: np.ndarray   # int64, weeks between arrival in Norway and entry (refugees)
    contacts: np.ndarray      # int64, number of employer contacts brought
    to_a_job: np.ndarray      # bool, comes to a job (labour migrants; refugees placed by
    #                           the introduction programme)


def newcomers(p: Params, streams: Streams, week: int, rows: np.ndarray,
              origin: np.ndarray) -> Newcomers:
    """Draw the people who take ``rows`` in ``week`` (-1: the people of week 0).

    Every draw is keyed by the week and the row, so a world and its twin get the same
    newcomers (common random numbers).
    """
    imm = origin > 0
    group = imm.astype(np.int64)
    field = np.minimum(streams.uniform("person_field", week, rows) * p.n_fields,
                       p.n_fields - 1).astype(np.int32)
    cum = np.cumsum(p.qualification_shares)
    qual = np.minimum(np.searchsorted(cum, streams.uniform("qualification", week, rows)),
                      2).astype(np.int8)
    foreign = imm & (streams.uniform("credentials", week, rows) < p.foreign_credential_share)
    reason = streams.uniform("refugee", week, rows)
    refugee = imm & (reason < origin_values(p.refugee_shares, origin))
    for_work = imm & ~refugee & (reason < origin_values(p.refugee_shares, origin)
                                 + origin_values(p.labour_migrant_shares, origin))
    placed = refugee & (streams.uniform("introduction_job", week, rows)
                        < p.introduction_job_share)
    formal = _clipped_normal(streams, "formal", week, rows,
                             np.asarray(p.formal_skill_means)[qual], p.skill_sd)
    low, high = p.arrival_ages
    arrival_age = low + (high - low) * streams.uniform("arrival_age", week, rows)
    # Immigrants bring the workplace skill of their years of work abroad, less what
    # they lack of Norwegian language and norms.
    abroad = np.where(imm, np.maximum(arrival_age - np.asarray(p.entry_ages)[qual], 0.0), 0.0)
    learnt, _ = expected_history(p.on_job_learning, 0.0, abroad, p.initial_unemployment[MAJORITY])
    informal = _clipped_normal(
        streams, "informal", week, rows,
        1.0 - (1.0 - school_leaver_informal(p)) * learnt
        - origin_values(p.immigrant_informal_deficit, origin), p.skill_sd)
    cv = _clipped_normal(streams, "cv", week, rows, np.asarray(p.cv_quality_means)[group],
                         0.15)
    ready = _clipped_normal(streams, "readiness", week, rows,
                            np.asarray(p.interview_readiness_means)[group], 0.15)
    ccc = _clipped_normal(streams, "cross_cultural", week, rows,
                          np.asarray(p.cross_cultural_means)[group], 0.15)
    lag = np.where(refugee, p.introduction_programme_weeks, 0).astype(np.int64)
    entry_age = np.where(imm, arrival_age + lag / WEEKS_PER_YEAR,
                         np.asarray(p.entry_ages)[qual])
    contacts = streams.poisson("contacts", week, rows,
                               np.asarray(p.contacts_per_person)[group])
    return Newcomers(field=field, qualification=qual, foreign_credentials=foreign,
                     refugee=refugee, formal=formal, informal=informal, cv=cv,
                     readiness=ready, cross_cultural=ccc, entry_age=entry_age,
                     arrival_lag=lag, contacts=contacts, to_a_job=for_work | placed)


def weekly_exit_rate(p: Params, origin: np.ndarray) -> np.ndarray:
    """Weekly probability of emigrating (0 for the majority)."""
    yearly = origin_values(p.emigration_rates, origin)
    return 1.0 - (1.0 - yearly) ** (1.0 / WEEKS_PER_YEAR)


def leave_weeks(p: Params, streams: Streams, week: int, rows: np.ndarray,
                origin: np.ndarray, birth_week: np.ndarray) -> np.ndarray:
    """The week each person leaves the labour force: at retirement or on emigrating
    (drawn from ``week`` on; memoryless), at the earliest the next week."""
    if not p.labour_force_flows:
        return np.full(len(rows), np.iinfo(np.int32).max, np.int64)
    retire = birth_week + round(p.retirement_age * WEEKS_PER_YEAR)
    rate = weekly_exit_rate(p, origin)
    emigrate = week + 1 + streams.geometric("emigration", week, rows, rate)
    return np.maximum(np.minimum(retire, emigrate), week + 1)


def registers_on_entry(p: Params, streams: Streams, week: int, rows: np.ndarray
                       ) -> np.ndarray:
    """Whether each person entering the labour force in ``week`` registers with NAV
    while looking for a first job (`entrant_registration_share`)."""
    return streams.uniform("registration", week, rows) < p.entrant_registration_share


def school_leaver_informal(p: Params) -> float:
    """The mean informal skill a school leaver brings (`_school_leaver_informal`)."""
    return _school_leaver_informal(p.informal_skill_mean, p.initial_unemployment[MAJORITY],
                                   tuple(p.qualification_shares), tuple(p.entry_ages),
                                   p.retirement_age, p.on_job_learning,
                                   p.unemployed_depreciation)


@functools.lru_cache(maxsize=256)
def _school_leaver_informal(mean: float, unemployment: float, shares: tuple[float, ...],
                            entry_ages: tuple[float, ...], retirement_age: float,
                            learning: float, depreciation: float) -> float:
    """The mean informal skill a school leaver brings, such that majority members of the
    stationary labour force have ``informal_skill_mean`` on average.

    In the stationary labour force a majority member of qualification q has been in it
    for t years, uniform up to retirement; informal skill then is 1 − (1 − i₀)·a(t),
    a(t) = (1 − on_job_learning)^(weeks at work), all times the depreciation of the weeks
    out of work (`expected_history`). The mean is linear in i₀, so i₀ follows from the target.
    """
    mean_d = mean_da = 0.0
    for q, share in enumerate(shares):
        span = max(retirement_age - entry_ages[q], 0.0)
        t = (np.arange(400) + 0.5) / 400 * span  # midpoints: the mean over [0, span]
        a, d = expected_history(learning, depreciation, t, unemployment)
        mean_d += share * d.mean()
        mean_da += share * (d * a).mean()
    return float(np.clip((mean - mean_d + mean_da) / mean_da, 0.0, 1.0))


def expected_history(learning: float, depreciation: float, years: np.ndarray,
                     unemployment: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """What ``years`` in the labour force do in expectation: the share of the informal
    gap left after learning at work (at rate ``learning`` a week), and the share of skill
    kept through ``depreciation`` in the weeks out of work (a share ``unemployment``)."""
    weeks = np.asarray(years) * WEEKS_PER_YEAR
    at_work = weeks * (1.0 - np.asarray(unemployment))
    learnt = (1.0 - learning) ** at_work
    kept = (1.0 - depreciation) ** (weeks - at_work)
    return learnt, kept
