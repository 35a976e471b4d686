"""Vacancies: replacement, withdrawal, free entry of new jobs, soft standards (docs/model.md §3).

* **Replacement.** Every job that is left (a separation, a move to another job, a
  retirement or emigration) becomes an open vacancy at the same employer and level
  (`operations.vacate`).
* **Withdrawal.** An open vacancy is given up with a weekly probability
  (`vacancy_withdrawal_rate`): the job is destroyed before it is filled.
* **Free entry of new jobs.** Each week job opportunities arise in every field and level
  (a Poisson number, by the field's share of employment and `job_level_shares`), each
  with a value drawn from a lognormal distribution. An opportunity becomes a vacancy if
  its value times what employers have seen in that field and level (the probability
  that a vacancy is filled within a week and the productivity of recent hires, relative
  to `vacancy_fill_reference` and to the level's reference productivity) covers the
  cost of keeping it open. Job creation thus responds to how quickly vacancies fill and
  how good the applicants are, never to how many people are unemployed; a job a
  participant takes displaces somebody else only as far as the market makes it so.
* **Soft standards.** A vacancy's hiring standard starts at `hiring_bar` for its level,
  moved by how strict its employer is (`hiring_bar_sd`), and falls the longer the
  vacancy stays open (`standard_decline_weeks`).

Every vacancy carries the name of the event that opened it (its ``uid``: see
`operations.replacement_uid` and `operations.created_uid`), so the same vacancy draws
the same random numbers in a world and its twin. Opening and filling vacancies are
state operations (`operations.open_vacancies`, `operations.fill_vacancies`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..params.schema import Params
from .jit import njit
from .operations import created_uid, open_vacancies
from .state import EmployerDraws, Vacancies, VacancyMarket, World


def withdraw(w: World) -> None:
    """Employers give up some open vacancies (`vacancy_withdrawal_rate`)."""
    rate, vac = w.params.vacancy_withdrawal_rate, w.vacancies
    if rate <= 0 or vac.n == 0:
        return
    keep = w.streams.uniform("vacancy_withdrawal", w.week, vac.uid) >= rate
    w.counts.vacancies_withdrawn += int(vac.n - keep.sum())
    vac.keep(keep)


def cells_of(vac: Vacancies) -> np.ndarray:
    """Each vacancy's cell: field · 3 + level."""
    return vac.field.astype(np.int64) * 3 + vac.level


def new_market(p: Params, sampler: EmployerDraws, n_unemployed: int) -> VacancyMarket:
    """What employers know at week 0: vacancies fill at the reference rate and hires are
    of the reference quality; and the flow of job opportunities, set so that at the
    reference half of them are opened and as many jobs are created as withdrawing
    ``tightness`` × ``n_unemployed`` open vacancies destroys."""
    cells = p.n_fields * 3
    new_jobs = p.vacancy_withdrawal_rate * p.tightness * n_unemployed
    share = np.outer(sampler.field_share, p.job_level_shares).reshape(-1)
    return VacancyMarket(fill_rate=np.full(cells, p.vacancy_fill_reference),
                         hire_quality=np.ones(cells), opportunities=2.0 * new_jobs * share)


def open_initial(w: World, n_unemployed: int) -> None:
    """The open vacancies of week 0: ``tightness`` × ``n_unemployed``, in fields and at
    levels as new jobs arise, open for as long as the reference rates imply."""
    p, n = w.params, round(w.params.tightness * n_unemployed)
    if n <= 0:
        return
    k = np.arange(n)
    share = w.market.opportunities / max(w.market.opportunities.sum(), 1e-300)
    cell = np.minimum(np.searchsorted(np.cumsum(share),
                                      w.streams.uniform("vacancy_cell", -1, k)), len(share) - 1)
    employer = w.sampler.draw(w.streams.uniform("vacancy_employer", -1, k), cell // 3)
    exit_rate = min(p.vacancy_fill_reference + p.vacancy_withdrawal_rate, 1.0)
    opened = -w.streams.geometric("vacancy_age", -1, k, exit_rate)
    open_vacancies(w, employer, (cell % 3).astype(np.int8), created_uid(-1, k), opened)


def create(w: World) -> None:
    """This week's new jobs (free entry; see the module docstring)."""
    p, m, s = w.params, w.market, w.streams
    live = np.flatnonzero(m.opportunities > 0)
    if len(live) == 0:
        return
    counts = s.poisson("job_opportunities", w.week, live, m.opportunities[live])
    total = int(counts.sum())
    if total == 0:
        return
    k = np.arange(total)
    cell = np.repeat(live, counts)
    worth = m.fill_rate[cell] * m.hire_quality[cell] / p.vacancy_fill_reference
    with np.errstate(divide="ignore"):
        opened = p.job_value_sd * s.normal("job_value", w.week, k) + np.log(worth) >= 0.0
    k, cell = k[opened], cell[opened]
    employer = w.sampler.draw(s.uniform("job_employer", w.week, k), cell // 3)
    open_vacancies(w, employer, (cell % 3).astype(np.int8), created_uid(w.week, k), w.week)
    w.counts.vacancies_created += len(k)


def standard(p: Params, level: np.ndarray, shift: np.ndarray, weeks_open: np.ndarray
             ) -> np.ndarray:
    """The hiring standard for a job at ``level`` at an employer whose standard is moved
    by ``shift`` (`Employers.standard_shift`), after ``weeks_open`` weeks of search."""
    new = np.maximum(np.asarray(p.hiring_bar)[level] + shift, 0.0)
    return new * np.exp(-np.asarray(weeks_open, np.float64) / p.standard_decline_weeks)


def meets(score: Any, standard: Any, margin: Any = 0.0) -> Any:
    """Whether an assessment ``score`` meets a ``standard`` (within ``margin``): a
    standard of 0 or less is met by anybody (the compiled loops': ``meets_jit``)."""
    return (standard <= 0.0) | (score >= standard - margin)


meets_jit = njit(inline=True)(meets)


def standards(p: Params, vac: Vacancies, shift: np.ndarray, week: int) -> np.ndarray:
    """Each open vacancy's hiring standard this week (soft standards)."""
    return standard(p, vac.level, shift[vac.employer], week - vac.opened)


def reference_productivity(p: Params) -> np.ndarray:
    """By level: the productivity of a majority applicant of average skill qualified for
    it (what the value of a new job is reckoned against)."""
    return (p.formal_weight * np.asarray(p.formal_skill_means)
            + (1.0 - p.formal_weight) * p.informal_skill_mean)


def observe(w: World, cells: np.ndarray, filled: np.ndarray, productivity: np.ndarray
            ) -> None:
    """Update what employers know after a hiring round: ``cells`` of the vacancies that
    were open, the rows among them that were ``filled``, and the true ``productivity`` of
    the people hired into them."""
    m, p = w.market, w.params
    alpha = 1.0 - np.exp(-1.0 / p.market_memory_weeks)
    n_cells = len(m.fill_rate)
    n_open = np.bincount(cells, minlength=n_cells)
    n_filled = np.bincount(cells[filled], minlength=n_cells)
    seen = n_open > 0
    m.fill_rate[seen] += alpha * (n_filled[seen] / n_open[seen] - m.fill_rate[seen])
    if len(filled):
        level = cells[filled] % 3
        quality = np.bincount(cells[filled], productivity / reference_productivity(p)[level],
                              n_cells)
        hired = n_filled > 0
        m.hire_quality[hired] += alpha * (quality[hired] / n_filled[hired]
                                          - m.hire_quality[hired])

