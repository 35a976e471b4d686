"""Weekly model-level outputs (docs/model.md §4, observation): one dictionary per week.

Employment, employment at the right level (`state.right_level`: the person's level and
field), over-qualification (graduates below their level), work outside one's field,
long-term unemployment and skills by group, by region of birth and by evaluation arm;
unemployment by years since arrival; the hiring funnel by group and region; the labour
force's and the vacancies' flows; dyad activity, the employer belief gap and diversity;
earnings and benefits; who the intakes took in; employer practice. All population
aggregates come from the week's tally of the people (`tally.tally`).
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Params
from .jit import njit
from .state import (
    ACTIVE,
    ARMS,
    DORMANT,
    GROUPS,
    IMMIGRANT,
    IMMIGRANT_ORIGINS,
    N_ORIGINS,
    People,
    World,
    job_field,
)
from .tally import LONG_TERM_WEEKS, RESIDENCE, Tally, tally

#: Population breakdowns: the two groups, the three programme arms, the immigrants'
#: regions of birth.
BREAKDOWNS = (*GROUPS, *ARMS[1:], *IMMIGRANT_ORIGINS)
#: Groups and regions of birth (the majority is both a group and an origin).
POPULATIONS = (*GROUPS, *IMMIGRANT_ORIGINS)
#: First passages since the first intake, by arm (their complements are survival curves).
_SINCE_INTAKE = ("hired_since_intake", "right_level_since_intake")
_FUNNEL = ("applications", "callbacks", "offers", "hires", "referral_hires", "separations")
_MARKET_FLOWS = ("job_to_job", "vacancies_created", "vacancies_replaced",
                 "vacancies_filled", "vacancies_withdrawn")


def metric_names() -> list[str]:
    """Every weekly metric, in a fixed order."""
    names = ["week", "unemployed", "right_level_jobs", "searchers", "vacancies", "participants",
             "entrants", "register_exits", "long_term_unemployed", "registered_unemployed",
             "benefit_recipients"]
    for what in ("employment_rate", "right_level_rate", "formal", "informal"):
        names += [f"{what}_{b}" for b in BREAKDOWNS]
    for what in ("unemployment_rate", "long_term_share", "overqualified_rate",
                 "out_of_field_rate"):
        names += [f"{what}_{g}" for g in POPULATIONS]
    names += [f"unemployment_rate_{r}" for r in RESIDENCE]
    names += [f"registered_unemployment_rate_{g}" for g in (*POPULATIONS, *RESIDENCE)]
    names += [f"{what}_{a}" for what in _SINCE_INTAKE for a in ARMS[1:]]
    names += [f"{f}_{g}" for f in _FUNNEL for g in POPULATIONS]
    names += [*_MARKET_FLOWS, "trainee_hires", "in_traineeship", "meetings", "dyads_active",
              "dyads_dormant", "match_quality", "belief_gap", "belief_gap_formal",
              "belief_gap_informal", *[f"belief_gap_{o}" for o in IMMIGRANT_ORIGINS],
              "immigrant_share_hires", "immigrant_share_staff",
              "employers_with_immigrant_staff", "exposed_employers", *INTAKE_METRICS,
              *MONEY_METRICS, *PRACTICE_METRICS]
    return names


#: Who the intakes so far took in (both arms), as they were at intake.
INTAKE_METRICS = ("intake_size", "intake_employed_share", "intake_weeks_unemployed",
                  "intake_long_term_share", "intake_years_since_arrival",
                  *[f"intake_share_{o}" for o in IMMIGRANT_ORIGINS],
                  *[f"intake_share_qualification_{q}" for q in range(3)])


#: Money (NOK a month): earnings and unemployment benefits of everybody (totals) and,
#: per member, of each arm.
MONEY_METRICS = ("earnings_total", "benefits_total",
                 *[f"{what}_{a}" for what in ("earnings", "benefits") for a in ARMS[1:]])


def pay_by_level(p: Params) -> tuple[np.ndarray, np.ndarray]:
    """Monthly earnings of a job at each level (NOK), and what a job outside one's field
    pays less (`field_mismatch_penalty`)."""
    wage = np.asarray(p.monthly_earnings, np.float64)
    return wage, p.field_mismatch_penalty * wage


def earnings_of(p: Params, people: People, employer_field: np.ndarray,
                persons: np.ndarray) -> np.ndarray:
    """Monthly earnings (NOK) of each of the employed ``persons``."""
    wage, penalty = pay_by_level(p)
    level = people.level[persons]
    out = job_field(people, employer_field, persons) != people.field[persons]
    return wage[level] - penalty[level] * out


def benefit_by_qualification(p: Params, coverage: float = 1.0) -> np.ndarray:
    """Monthly unemployment benefit (NOK) by qualification level: ``coverage`` (the share
    who get it; 1 for those who do) × `benefit_replacement` × the earnings of a job at
    that level."""
    wage, _ = pay_by_level(p)
    return coverage * p.benefit_replacement * wage


def money(p: Params, t: Tally) -> dict[str, float]:
    """`MONEY_METRICS` from this week's `tally`: earnings by job level (`monthly_earnings`),
    less `field_mismatch_penalty` of them in a job outside one's field, and the expected
    benefit of the unemployed (`benefit_coverage` × `benefit_replacement` × the earnings
    of their qualification level)."""
    wage, penalty = pay_by_level(p)
    benefit = benefit_by_qualification(p, p.benefit_coverage)
    out = {"earnings_total": float(t.at_level @ wage - t.out_at_level @ penalty),
           "benefits_total": float(t.idle_by_qualification @ benefit)}
    n_arm = t.n.reshape(N_ORIGINS, 4).sum(axis=0)[1:]
    arm_earnings = wage @ t.arm_at_level - penalty @ t.arm_out_at_level
    for what, total in (("earnings", arm_earnings), ("benefits", benefit @ t.arm_idle)):
        for a, v in zip(ARMS[1:], _ratio(total, n_arm), strict=True):
            out[f"{what}_{a}"] = float(v)
    return out


def intake_composition(w: World) -> dict[str, float]:
    """`INTAKE_METRICS`: how many were taken in; the share in work; mean weeks out of
    work and the share out a year or more; mean years since arrival; the shares by region
    of birth and by qualification level (NaN before any intake)."""
    i = w.intake
    if i.n == 0:
        return {name: (0.0 if name == "intake_size" else float("nan"))
                for name in INTAKE_METRICS}
    out = {"intake_size": float(i.n), "intake_employed_share": float(i.employed.mean()),
           "intake_weeks_unemployed": float(i.weeks_unemployed.mean()),
           "intake_long_term_share": float((i.weeks_unemployed >= LONG_TERM_WEEKS).mean()),
           "intake_years_since_arrival": float(np.nanmean(i.years_since_arrival))}
    for k, o in enumerate(IMMIGRANT_ORIGINS, start=1):
        out[f"intake_share_{o}"] = float((i.origin == k).mean())
    for q in range(3):
        out[f"intake_share_qualification_{q}"] = float((i.qualification == q).mean())
    return out


def _ratio(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    den = np.asarray(den, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, np.asarray(num, dtype=np.float64) / np.where(den > 0, den, 1),
                        np.nan)


def _by_group(by_origin: np.ndarray) -> np.ndarray:
    """Totals by origin (last axis) to (majority, immigrant, each immigrant region)."""
    by_origin = np.asarray(by_origin)
    return np.concatenate([by_origin[..., :1], by_origin[..., 1:].sum(axis=-1, keepdims=True),
                           by_origin[..., 1:]], axis=-1)


def weekly_metrics(w: World) -> dict[str, float]:
    """This week's outputs, computed from the state."""
    p, people, emp, c = w.params, w.people, w.employers, w.counts
    t = tally(w, track=w.week >= w.tracking_start and bool(p.programmes))
    n = t.n.reshape(N_ORIGINS, 4)
    out: dict[str, float] = {
        "week": w.week,
        "unemployed": int(people.n - t.employed.sum()),
        "right_level_jobs": int(t.right.sum()),
        "searchers": c.searchers,
        "vacancies": w.vacancies.n,
        "participants": int(n[:, 1].sum()),
        "entrants": int(c.entrants.sum()),
        "register_exits": int(c.register_exits.sum()),
        "long_term_unemployed": int(t.long_term.sum()),
        "registered_unemployed": int(t.registered.sum()),
        "benefit_recipients": c.benefit_recipients,
    }
    n_pop = _by_group(n.sum(axis=1))
    n_arm = n.sum(axis=0)[1:]
    for what, s in (("employment_rate", t.employed), ("right_level_rate", t.right),
                    ("formal", t.formal), ("informal", t.informal)):
        s = s.reshape(N_ORIGINS, 4)
        if what in ("formal", "informal"):  # sums by group in row order, as bincount
            by_origin = t.origin_formal if what == "formal" else t.origin_informal
            group = t.group_formal if what == "formal" else t.group_informal
            pop = np.r_[group, by_origin[1:]]
        else:
            pop = _by_group(s.sum(axis=1))
        values = [*_ratio(pop[:2], n_pop[:2]), *_ratio(s.sum(axis=0)[1:], n_arm),
                  *_ratio(pop[2:], n_pop[2:])]
        for b, v in zip(BREAKDOWNS, values, strict=True):
            out[f"{what}_{b}"] = float(v)
    employed = _by_group(t.employed.reshape(N_ORIGINS, 4).sum(axis=1))
    unemployed = n_pop - employed
    for g, rate, long_share, over, outside in zip(
            POPULATIONS, _ratio(unemployed, n_pop), _ratio(_by_group(t.long_term), unemployed),
            _ratio(_by_group(t.below), _by_group(t.graduates)),
            _ratio(_by_group(t.out_of_field), employed), strict=True):
        out[f"unemployment_rate_{g}"] = float(rate)
        out[f"long_term_share_{g}"] = float(long_share)
        out[f"overqualified_rate_{g}"] = float(over)
        out[f"out_of_field_rate_{g}"] = float(outside)
    for r, rate in zip(RESIDENCE, _ratio(t.residence_unemployed, t.residence_n), strict=True):
        out[f"unemployment_rate_{r}"] = float(rate)
    registered = [*_ratio(_by_group(t.registered), n_pop),
                  *_ratio(t.residence_registered, t.residence_n)]
    for g, rate in zip((*POPULATIONS, *RESIDENCE), registered, strict=True):
        out[f"registered_unemployment_rate_{g}"] = float(rate)
    for what, reached in zip(_SINCE_INTAKE, (t.hired, t.right_ever), strict=True):
        share = _ratio(reached[1:], n_arm)
        for a, v in zip(ARMS[1:], share, strict=True):
            out[f"{what}_{a}"] = float(v)
    for f in _FUNNEL:
        for g, v in zip(POPULATIONS, _by_group(getattr(c, f)), strict=True):
            out[f"{f}_{g}"] = int(v)
    for f in _MARKET_FLOWS:
        out[f] = int(getattr(c, f))
    d = w.dyads
    out["trainee_hires"] = c.trainee_hires
    out["in_traineeship"] = t.trainees
    out["meetings"] = c.meetings
    out["dyads_active"] = int((d.state == ACTIVE).sum())
    out["dyads_dormant"] = int((d.state == DORMANT).sum())
    out["match_quality"] = float(d.quality.mean()) if d.n else float("nan")

    err_f, err_i = belief_errors(w, t)
    weight = np.asarray(p.origin_shares)
    out["belief_gap_formal"] = float(weight @ err_f)
    out["belief_gap_informal"] = float(weight @ err_i)
    out["belief_gap"] = p.formal_weight * out["belief_gap_formal"] + (
        1 - p.formal_weight) * out["belief_gap_informal"]
    for o, ef, ei in zip(IMMIGRANT_ORIGINS, err_f, err_i, strict=True):
        out[f"belief_gap_{o}"] = float(p.formal_weight * ef + (1 - p.formal_weight) * ei)
    hires = c.hires.sum()
    out["immigrant_share_hires"] = float(_ratio(c.hires[IMMIGRANT:].sum(), hires))
    out["immigrant_share_staff"] = float(_ratio(emp.staff_immigrant.sum(), emp.staff.sum()))
    out["employers_with_immigrant_staff"] = float((emp.staff_immigrant > 0).mean())
    out["exposed_employers"] = int(emp.exposed.sum())
    out.update(intake_composition(w))
    out.update(money(p, t))
    out.update(practice_metrics(w, t))
    return out


def true_gaps(t: Tally) -> tuple[np.ndarray, np.ndarray]:
    """How far each immigrant region's formal skill (given qualification) and informal
    skill truly fall short of the majority's, from this week's `tally`."""
    n = np.maximum(t.n.reshape(N_ORIGINS, 4).sum(axis=1), 1)
    formal = (t.origin_formal - t.origin_reference) / n
    informal = t.origin_informal / n
    return formal[0] - formal[1:], informal[0] - informal[1:]


def belief_errors(w: World, t: Tally | None = None) -> tuple[np.ndarray, np.ndarray]:
    """By immigrant region: employers' mean believed gap less the true gap (formal,
    informal); positive means employers think immigrants worse than they are."""
    gap_f, gap_i = true_gaps(t or tally(w))
    return (_column_means(w.employers.gap_formal) - gap_f,
            _column_means(w.employers.gap_informal) - gap_i)


def _column_means(a: np.ndarray) -> np.ndarray:
    """The mean of each column of a tall, narrow array, rows added in order (numpy's
    ``mean(axis=0)`` does the same additions, ten times slower for four columns)."""
    out = np.zeros(a.shape[1])
    _add_rows(a, out)
    return out / max(a.shape[0], 1)


@njit
def _add_rows(a: np.ndarray, out: np.ndarray) -> None:
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[j] += a[i, j]


#: Employer practice (research question 2): at the employers whose staff mentor a
#: programme's participants (``exposed_*``: the hosts, the same employers in a twin
#: world) and at all employers.
PRACTICE_METRICS = ("host_employers", "exposed_belief_gap", "exposed_immigrant_share_hires",
                    "exposed_immigrant_share_staff", "exposed_credential_noise",
                    "exposed_values_cross_cultural", "credential_noise",
                    "values_cross_cultural_share")


def practice_metrics(w: World, t: Tally) -> dict[str, float]:
    """`PRACTICE_METRICS` from this week's state: at the hosts, the belief gap (as
    ``belief_gap``), the immigrant share of hires since the first intake and of staff,
    the extra noise on foreign credentials (weighted by ``origin_shares``, as the belief
    gap) and the share that values cross-cultural competence (NaN without hosts); the
    same practice at all employers."""
    p, emp = w.params, w.employers
    weight = np.asarray(p.origin_shares)
    out = {"host_employers": 0, "credential_noise": float(
        weight @ _column_means(emp.credential_noise)),
        "values_cross_cultural_share": float(emp.values_cross_cultural.mean())}
    hosts = np.flatnonzero(emp.hosts)
    if len(hosts) == 0:
        return {name: out.get(name, float("nan")) for name in PRACTICE_METRICS}
    gap_f, gap_i = true_gaps(t)
    err_f = _column_means(emp.gap_formal[hosts]) - gap_f
    err_i = _column_means(emp.gap_informal[hosts]) - gap_i
    out.update({
        "host_employers": len(hosts),
        "exposed_belief_gap": float(p.formal_weight * (weight @ err_f)
                                    + (1 - p.formal_weight) * (weight @ err_i)),
        "exposed_immigrant_share_hires": float(_ratio(w.host_hires[IMMIGRANT],
                                                      w.host_hires.sum())),
        "exposed_immigrant_share_staff": float(_ratio(emp.staff_immigrant[hosts].sum(),
                                                      emp.staff[hosts].sum())),
        "exposed_credential_noise": float(weight @ _column_means(emp.credential_noise[hosts])),
        "exposed_values_cross_cultural": float(emp.values_cross_cultural[hosts].mean())})
    return {name: out[name] for name in PRACTICE_METRICS}
