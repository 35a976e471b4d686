"""Vacancies: employers open (or withdraw) vacancies so that tightness stays near target.

DESIGN §3 step 1. The target is ``tightness`` vacancies per unemployed person; each week
``vacancy_adjustment`` of the gap is closed. New vacancies go to employers in proportion
to size, at levels drawn from ``job_level_shares``; withdrawn ones are the oldest. Each
vacancy carries a serial number so that its random draws are its own.
"""

from __future__ import annotations

import numpy as np

from .params import Params
from .population import EmployerSampler
from .state import Employers, Vacancies
from .streams import Streams


def target_vacancies(p: Params, n_unemployed: int, n_open: int) -> int:
    """Vacancies to open (positive) or withdraw (negative) this week."""
    gap = p.tightness * n_unemployed - n_open
    change = p.vacancy_adjustment * gap
    return int(np.floor(change + 0.5)) if change >= 0 else -int(np.floor(-change + 0.5))


def open_vacancies(vac: Vacancies, employers: Employers, sampler: EmployerSampler,
                   p: Params, streams: Streams, week: int, n_new: int, next_uid: int) -> int:
    """Open ``n_new`` vacancies; returns the next free serial number."""
    if n_new <= 0:
        return next_uid
    uid = np.arange(next_uid, next_uid + n_new, dtype=np.int64)
    emp = sampler.draw(streams.uniform("vacancy_employer", 0, uid))
    cum = np.cumsum(p.job_level_shares)
    level = np.minimum(np.searchsorted(cum, streams.uniform("vacancy_level", 0, uid)), 2)
    vac.append(employer=emp, level=level, field=employers.field[emp], uid=uid,
               opened=np.full(n_new, week))
    return next_uid + n_new


def withdraw_vacancies(vac: Vacancies, n: int) -> None:
    """Withdraw the ``n`` oldest vacancies (lowest serial numbers)."""
    if n <= 0 or vac.n == 0:
        return
    order = np.argsort(vac.uid, kind="stable")
    keep = np.ones(vac.n, bool)
    keep[order[:n]] = False
    vac.keep(keep)
