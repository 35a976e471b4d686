"""Weekly model-level outputs (DESIGN §5): one dictionary per week.

Employment and employment at the right level by group and by evaluation arm, the hiring
funnel by group, skills, dyad activity, the employer belief gap and diversity. All
population aggregates come from one compiled pass over the people (`tally`), which sums
in the order ``numpy.bincount`` does, so the outputs are those of the vectorised form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .jit import njit
from .state import ACTIVE, ARMS, DORMANT, GROUPS, IMMIGRANT, World

#: Population breakdowns: the two groups and the three programme arms.
BREAKDOWNS = (*GROUPS, *ARMS[1:])
#: First passages since the first intake, by arm (their complements are survival curves).
_SINCE_INTAKE = ("hired_since_intake", "right_level_since_intake")
_FUNNEL = ("applications", "callbacks", "offers", "hires", "referral_hires", "separations")


def metric_names() -> list[str]:
    """Every weekly metric, in a fixed order."""
    names = ["week", "unemployed", "right_level_jobs", "searchers", "vacancies", "participants"]
    for what in ("employment_rate", "right_level_rate", "formal", "informal"):
        names += [f"{what}_{b}" for b in BREAKDOWNS]
    names += [f"unemployment_rate_{g}" for g in GROUPS]
    names += [f"{what}_{a}" for what in _SINCE_INTAKE for a in ARMS[1:]]
    names += [f"{f}_{g}" for f in _FUNNEL for g in GROUPS]
    names += ["trainee_hires", "in_traineeship", "meetings", "dyads_active", "dyads_dormant",
              "match_quality", "belief_gap", "belief_gap_formal", "belief_gap_informal",
              "immigrant_share_hires", "immigrant_share_staff",
              "employers_with_immigrant_staff", "exposed_employers"]
    return names


def _ratio(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    den = np.asarray(den, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, np.asarray(num, dtype=np.float64) / np.where(den > 0, den, 1),
                        np.nan)


@dataclass
class Tally:
    """Population aggregates by cell (group × arm, ``group * 4 + arm``), group and arm."""

    n: np.ndarray            # int64 (8,), people per cell
    employed: np.ndarray     # float64 (8,)
    right: np.ndarray        # float64 (8,), employed at their qualification level
    formal: np.ndarray       # float64 (8,), sums of formal skill
    informal: np.ndarray     # float64 (8,)
    group_n: np.ndarray      # int64 (2,)
    group_formal: np.ndarray  # float64 (2,)
    group_informal: np.ndarray  # float64 (2,)
    hired: np.ndarray        # float64 (4,) by arm (not 0), hired since the first intake
    right_ever: np.ndarray   # float64 (4,) by arm (not 0), at their level since then
    trainees: int


@njit
def _tally(run_start: np.ndarray, run_group: np.ndarray, arm: np.ndarray,
           employer: np.ndarray, level: np.ndarray, qualification: np.ndarray,
           formal: np.ndarray, informal: np.ndarray, first_hire: np.ndarray,
           ever: np.ndarray, track: bool, counts: np.ndarray, sums: np.ndarray) -> None:
    """Population aggregates, run by run of rows of one group.

    ``counts[k, cell]`` for k = people, employed, at their level, hired since the first
    intake, at their level since the first intake (the last two outside arm 0 only);
    ``sums[k, cell]`` for formal and informal skill and ``sums[2 + k, group]`` the same by
    group, each summed in row order as ``numpy.bincount`` does. Arm 0's counts are the
    group's totals less the other arms', so the counting loops are branch-free (and
    vectorised). With ``track``, ``ever`` first takes in who works at their level now.
    """
    for r in range(run_group.shape[0]):
        lo, hi, g = run_start[r], run_start[r + 1], np.int64(run_group[r])
        emp, lev, qual = employer[lo:hi], level[lo:hi], qualification[lo:hi]
        seen = ever[lo:hi]
        employed = right = 0
        for i in range(hi - lo):
            e = emp[i] >= 0
            employed += e
            right += e & (lev[i] == qual[i])
        if track:
            for i in range(hi - lo):
                seen[i] |= (emp[i] >= 0) & (lev[i] == qual[i])
        base = g * 4
        counts[0, base] += hi - lo
        counts[1, base] += employed
        counts[2, base] += right
        arms, fs, infs, hired = arm[lo:hi], formal[lo:hi], informal[lo:hi], first_hire[lo:hi]
        cell = base
        f_cell, i_cell = sums[0, cell], sums[1, cell]
        f_group, i_group = sums[2, g], sums[3, g]
        for i in range(hi - lo):
            c = base + np.int64(arms[i])
            if c != cell:
                sums[0, cell], sums[1, cell] = f_cell, i_cell
                cell = c
                f_cell, i_cell = sums[0, cell], sums[1, cell]
            if c != base:  # in a programme arm: counted apart
                e = emp[i] >= 0
                ok = e & (lev[i] == qual[i])
                counts[0, c] += 1
                counts[1, c] += e
                counts[2, c] += ok
                counts[3, c] += hired[i] >= 0
                counts[4, c] += seen[i]
                counts[0, base] -= 1
                counts[1, base] -= e
                counts[2, base] -= ok
            f_cell += fs[i]
            i_cell += infs[i]
            f_group += fs[i]
            i_group += infs[i]
        sums[0, cell], sums[1, cell] = f_cell, i_cell
        sums[2, g], sums[3, g] = f_group, i_group


def tally(w: World, track: bool = False) -> Tally:
    """This week's population aggregates; ``track`` records who works at their level."""
    people = w.people
    runs = w.cache.get("group_runs")
    if runs is None:  # groups never change: where each run of one group starts
        g = people.group
        starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1, len(g)].astype(np.int64)
        runs = w.cache["group_runs"] = (starts, g[starts[:-1]].astype(np.int64))
    counts = np.zeros((5, 8), np.int64)
    sums = np.zeros((4, 8), np.float64)
    _tally(runs[0], runs[1], people.arm, people.employer, people.level, people.qualification,
           people.formal, people.informal, people.first_hire_week, right_level_ever(w), track,
           counts, sums)
    by_arm = counts[3:5].reshape(2, 2, 4).sum(axis=1).astype(np.float64)
    return Tally(n=counts[0], employed=counts[1].astype(np.float64),
                 right=counts[2].astype(np.float64), formal=sums[0], informal=sums[1],
                 group_n=counts[0].reshape(2, 4).sum(axis=1), group_formal=sums[2, :2],
                 group_informal=sums[3, :2], hired=by_arm[0], right_ever=by_arm[1],
                 trainees=int((people.trainee_host[w.trainees] >= 0).sum()))


def right_level_ever(w: World) -> np.ndarray:
    """Who has worked at their level at the end of a week since the first intake.

    Checked at the end of every week from the first intake on: a job lasts at least until
    the next week's separations, so no spell is missed.
    """
    ever = w.cache.get("right_level_since_intake")
    if ever is None:
        ever = w.cache["right_level_since_intake"] = np.zeros(w.people.n, bool)
    return ever


def weekly_metrics(w: World) -> dict[str, float]:
    """This week's outputs, computed from the state."""
    p, people, emp, c = w.params, w.people, w.employers, w.counts
    t = tally(w, track=w.week >= w.tracking_start and bool(p.programmes))
    n = t.n.reshape(2, 4)
    sums = {
        "employment_rate": t.employed.reshape(2, 4),
        "right_level_rate": t.right.reshape(2, 4),
        "formal": t.formal.reshape(2, 4),
        "informal": t.informal.reshape(2, 4),
    }
    out: dict[str, float] = {
        "week": w.week,
        "unemployed": int(people.n - t.employed.sum()),
        "right_level_jobs": int(t.right.sum()),
        "searchers": c.searchers,
        "vacancies": w.vacancies.n,
        "participants": int(n[:, 1].sum()),
    }
    for what, s in sums.items():
        by_group = _ratio(s.sum(axis=1), n.sum(axis=1))
        by_arm = _ratio(s.sum(axis=0)[1:], n.sum(axis=0)[1:])
        for b, v in zip(BREAKDOWNS, [*by_group, *by_arm], strict=True):
            out[f"{what}_{b}"] = float(v)
    for g in GROUPS:
        out[f"unemployment_rate_{g}"] = 1.0 - out[f"employment_rate_{g}"]
    n_arm = n.sum(axis=0)[1:]
    for what, reached in zip(_SINCE_INTAKE, (t.hired, t.right_ever), strict=True):
        share = _ratio(reached[1:], n_arm)
        for a, v in zip(ARMS[1:], share, strict=True):
            out[f"{what}_{a}"] = float(v)
    for f in _FUNNEL:
        for i, g in enumerate(GROUPS):
            out[f"{f}_{g}"] = int(getattr(c, f)[i])
    d = w.dyads
    out["trainee_hires"] = c.trainee_hires
    out["in_traineeship"] = t.trainees
    out["meetings"] = c.meetings
    out["dyads_active"] = int((d.state == ACTIVE).sum())
    out["dyads_dormant"] = int((d.state == DORMANT).sum())
    out["match_quality"] = float(d.quality.mean()) if d.n else float("nan")

    gap_f, gap_i = true_gaps(w, t)
    err_f = float(emp.gap_formal.mean() - gap_f)
    err_i = float(emp.gap_informal.mean() - gap_i)
    out["belief_gap_formal"] = err_f
    out["belief_gap_informal"] = err_i
    out["belief_gap"] = p.formal_weight * err_f + (1 - p.formal_weight) * err_i
    hires = c.hires.sum()
    out["immigrant_share_hires"] = float(_ratio(c.hires[IMMIGRANT], hires))
    out["immigrant_share_staff"] = float(_ratio(emp.staff_immigrant.sum(), emp.staff.sum()))
    out["employers_with_immigrant_staff"] = float((emp.staff_immigrant > 0).mean())
    out["exposed_employers"] = int(emp.exposed.sum())
    return out


def true_gaps(w: World, t: Tally | None = None) -> tuple[float, float]:
    """How far immigrants' formal (given qualification) and informal skill truly fall short
    (from this week's `tally` ``t`` if given)."""
    people, p = w.people, w.params
    ref = w.cache.get("formal_reference")
    if ref is None:
        ref = np.bincount(people.group, np.asarray(p.formal_skill_means)[people.qualification],
                          2)
        w.cache["formal_reference"] = ref
    t = t or tally(w)
    n = t.group_n
    formal = (t.group_formal - ref) / np.maximum(n, 1)
    informal = t.group_informal / np.maximum(n, 1)
    return float(formal[0] - formal[1]), float(informal[0] - informal[1])
