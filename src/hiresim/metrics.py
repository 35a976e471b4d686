"""Weekly model-level outputs (DESIGN §5): one dictionary per week.

Employment and employment at the right level by group and by evaluation arm, the hiring
funnel by group, skills, dyad activity, the employer belief gap and diversity. All
population aggregates come from a handful of ``bincount`` passes over the arrays.
"""

from __future__ import annotations

import numpy as np

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


def weekly_metrics(w: World) -> dict[str, float]:
    """This week's outputs, computed from the state."""
    p, people, emp, c = w.params, w.people, w.employers, w.counts
    employed = people.employer >= 0
    right = employed & (people.level == people.qualification)
    cell = people.group.astype(np.int64) * 4 + people.arm  # group x arm, 8 cells
    n = np.bincount(cell, minlength=8).reshape(2, 4)
    sums = {
        "employment_rate": np.bincount(cell, employed, 8).reshape(2, 4),
        "right_level_rate": np.bincount(cell, right, 8).reshape(2, 4),
        "formal": np.bincount(cell, people.formal, 8).reshape(2, 4),
        "informal": np.bincount(cell, people.informal, 8).reshape(2, 4),
    }
    out: dict[str, float] = {
        "week": w.week,
        "unemployed": int(people.n - employed.sum()),
        "right_level_jobs": int(right.sum()),
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
    since = since_intake(w, right)
    n_arm = n.sum(axis=0)[1:]
    for what, reached in since.items():
        share = _ratio(np.bincount(people.arm, reached, 4)[1:], n_arm)
        for a, v in zip(ARMS[1:], share, strict=True):
            out[f"{what}_{a}"] = float(v)
    for f in _FUNNEL:
        for i, g in enumerate(GROUPS):
            out[f"{f}_{g}"] = int(getattr(c, f)[i])
    d = w.dyads
    out["trainee_hires"] = c.trainee_hires
    out["in_traineeship"] = int((people.trainee_host >= 0).sum())
    out["meetings"] = c.meetings
    out["dyads_active"] = int((d.state == ACTIVE).sum())
    out["dyads_dormant"] = int((d.state == DORMANT).sum())
    out["match_quality"] = float(d.quality.mean()) if d.n else float("nan")

    gap_f, gap_i = true_gaps(w)
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


def since_intake(w: World, right: np.ndarray) -> dict[str, np.ndarray]:
    """Who has been hired, and who has worked at their level, since the first intake.

    Hires come from ``first_hire_week``. Working at one's level is checked at the end of
    every week from the first intake on: a job lasts at least until the next week's
    separations, so no spell is missed.
    """
    ever = w.cache.get("right_level_since_intake")
    if ever is None:
        ever = w.cache["right_level_since_intake"] = np.zeros(w.people.n, bool)
    if w.week >= w.tracking_start and w.params.programmes:
        ever |= right
    return {"hired_since_intake": w.people.first_hire_week >= 0,
            "right_level_since_intake": ever}


def true_gaps(w: World) -> tuple[float, float]:
    """How far immigrants' formal (given qualification) and informal skill truly fall short."""
    people, p = w.people, w.params
    ref = w.cache.get("formal_reference")
    if ref is None:
        ref = np.bincount(people.group, np.asarray(p.formal_skill_means)[people.qualification],
                          2)
        w.cache["formal_reference"] = ref
    n = np.bincount(people.group, minlength=2)
    formal = (np.bincount(people.group, people.formal, 2) - ref) / np.maximum(n, 1)
    informal = np.bincount(people.group, people.informal, 2) / np.maximum(n, 1)
    return float(formal[0] - formal[1]), float(informal[0] - informal[1])
