"""Screening: the employer reads formal skill off the CV (docs/model.md §3, step 5, first stage).

The CV signal is y₁ = formal + ε₁. Its noise is larger for foreign credentials and
smaller for a clear CV or a referral. The employer forms the Bayesian posterior with its
prior for the applicant's group (Aigner & Cain 1977):

    E[x | y] = (1 − γ)·μ_group + γ·y,   γ = σx² / (σx² + σε²)

The prior for the majority is the mean skill at the applicant's (visible) qualification
level; for immigrant applicants it is that mean less the employer's believed gap for the
applicant's region of birth. A gap in the CV lowers the prior: employers read time out
of work as a sign of lower skill (scarring: `time_out_signal`). Foreign credentials are
noisier to read, the more so the more the education system differs from Norway's
(`foreign_credential_noise`, by region; each employer's own factor, which exposure to a
programme can lower: `practice`). The screening score is the productivity the CV
suggests: the posterior formal skill, with the informal skill of an average majority
applicant (the CV says nothing of it), so beliefs about immigrants' informal skill enter
only at the interview, which is why discrimination grows after the callback stage
(Quillian, Lee & Oliver). The top k per vacancy whose score meets the vacancy's standard
are invited to interview; a referral adds a door-opener bonus (a callback).

The compiled loops take their arguments in typed bundles (`ApplicantColumns`, `Beliefs`,
`CvRules`, ...); their readable numpy definitions are in `screening_reference`."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..params.schema import Params
from .jit import njit, prefetch
from .search import Applications
from .state import VacancyColumns, World
from .streams import Counter, counter_uniform, normal_from_uniform

# --- The formulas of an assessment ------------------------------------------------------
# One definition each: numpy code (the correspondence test, `audit`) calls them on arrays,
# the compiled loops on numbers (``*_jit``: the same operations in the same order, so
# their results equal the numpy form's).


def posterior_mean(signal: np.ndarray, prior_mean: np.ndarray | float,
                   prior_sd: float, noise_sd: np.ndarray | float) -> np.ndarray:
    """Aigner–Cain posterior mean of skill given a signal with normal noise."""
    prior_var = prior_sd * prior_sd
    gamma = prior_var / (prior_var + np.square(noise_sd))
    return (1.0 - gamma) * prior_mean + gamma * signal


def priors(formal_mean: Any, informal_mean: Any, gap_formal: Any, gap_informal: Any,
           time_out: Any) -> tuple[Any, Any]:
    """An employer's prior means of an applicant's formal and informal skill: the
    majority's (formal: at the applicant's qualification), less the gap it believes of
    the applicant's region of birth and, for formal skill, what time out of work signals
    (`time_out_signal`)."""
    return formal_mean - gap_formal - time_out, informal_mean - gap_informal


def cv_noise(noise_sd: Any, credential_factor: Any, clarity_reduction: Any, cv: Any,
             referral_factor: Any) -> Any:
    """The CV signal's noise: ``cv_noise_sd`` times the extra factor on foreign
    credentials, less the clearer the CV, times the factor of a referral."""
    return noise_sd * credential_factor * (1.0 - clarity_reduction * cv) * referral_factor


def assessed_productivity(formal_weight: Any, formal: Any, informal: Any) -> Any:
    """The productivity an employer reads off (posterior) formal and informal skill."""
    return formal_weight * formal + (1.0 - formal_weight) * informal


posterior_mean_jit = njit(inline=True)(posterior_mean)
priors_jit = njit(inline=True)(priors)
cv_noise_jit = njit(inline=True)(cv_noise)
assessed_productivity_jit = njit(inline=True)(assessed_productivity)


# --- What the compiled loops take ------------------------------------------------------

class ApplicantColumns(NamedTuple):
    """The people's columns an assessment reads (`state.People`)."""

    formal: np.ndarray
    origin: np.ndarray
    qualification: np.ndarray
    foreign_credentials: np.ndarray
    cv: np.ndarray
    weeks_unemployed: np.ndarray


class Beliefs(NamedTuple):
    """What each employer believes of applicants from each region of birth (``regions``
    values per employer, one employer after another): the gaps in formal and informal
    skill, and the extra noise it reads foreign credentials with (`state.Employers`)."""

    gap_formal: np.ndarray
    gap_informal: np.ndarray
    credential_noise: np.ndarray
    regions: int


class CvRules(NamedTuple):
    """The parameters of reading a CV: the mean formal skill of each qualification and
    the mean informal skill, the CV noise, how much a clear CV and a referral reduce it,
    and what time out of work signals (per week, up to ``scar_weeks``)."""

    formal_means: np.ndarray
    informal_mean: float
    noise_sd: float
    clarity_reduction: float
    referral_factor: float
    scar_per_week: float
    scar_weeks: int


class Priors(NamedTuple):
    """Per application: the employer's prior means of formal and informal skill, and the
    CV signal's noise."""

    formal: np.ndarray
    informal: np.ndarray
    noise: np.ndarray


class CvReadings(NamedTuple):
    """Per application, what screening reads: the `Priors`, the applicant's formal skill
    and the draw of the CV's noise (uniform, then made standard normal in place)."""

    priors: Priors
    skill: np.ndarray
    z: np.ndarray


class ScoreRules(NamedTuple):
    """The parameters of the screening score: the prior's sd, the weight of formal
    skill, the mean informal skill, and a referral's bonus."""

    prior_sd: float
    formal_weight: float
    informal_mean: float
    bonus: float


#: Time out of work is read as a growing signal over the first eight months, then as the
#: same (Kroft, Lange & Notowidigdo 2013: most of the fall in callbacks comes by then).
SCAR_WEEKS = 36
#: How many applications ahead `_screening_inputs` asks for the rows it will read.
_AHEAD = 16


def _assessment_columns(w: World) -> tuple[ApplicantColumns, Beliefs, CvRules]:
    """The people's and employers' columns and the parameters `_prior_and_noise` reads."""
    p, people, emp = w.params, w.people, w.employers
    return (ApplicantColumns(people.formal, people.origin, people.qualification,
                             people.foreign_credentials, people.cv, people.weeks_unemployed),
            Beliefs(emp.gap_formal.reshape(-1), emp.gap_informal.reshape(-1),
                    emp.credential_noise.reshape(-1), emp.gap_formal.shape[1]),
            CvRules(np.asarray(p.formal_skill_means, np.float64), p.informal_skill_mean,
                    p.cv_noise_sd, p.cv_clarity_noise_reduction,
                    1.0 - p.referral_noise_reduction, p.unemployment_signal / SCAR_WEEKS,
                    SCAR_WEEKS))


# --- The compiled loops -----------------------------------------------------------------

@njit(inline=True)
def _prior_and_noise(i: int, e: int, referral: bool, people: ApplicantColumns,
                     beliefs: Beliefs, rules: CvRules) -> tuple[float, float, float]:
    """Employer ``e``'s prior means for person ``i`` (the majority's at the person's
    qualification, less the employer's believed gap for the person's region of birth and
    what a gap in the CV signals) and the CV noise."""
    o = np.int64(people.origin[i])
    cell = e * beliefs.regions + max(o - 1, 0)
    scar = rules.scar_per_week * min(people.weeks_unemployed[i], rules.scar_weeks)
    prior_f, prior_i = priors_jit(rules.formal_means[people.qualification[i]],
                                  rules.informal_mean,
                                  beliefs.gap_formal[cell] if o > 0 else 0.0,
                                  beliefs.gap_informal[cell] if o > 0 else 0.0, scar)
    foreign = people.foreign_credentials[i] and o > 0
    sd = cv_noise_jit(rules.noise_sd, beliefs.credential_noise[cell] if foreign else 1.0,
                      rules.clarity_reduction, people.cv[i],
                      rules.referral_factor if referral else 1.0)
    return prior_f, prior_i, sd


@njit
def _priors_and_noise(persons: np.ndarray, employer: np.ndarray, referral: np.ndarray,
                      people: ApplicantColumns, beliefs: Beliefs, rules: CvRules,
                      out: Priors) -> None:
    """`_prior_and_noise` of each application."""
    for r in range(persons.shape[0]):
        out.formal[r], out.informal[r], out.noise[r] = _prior_and_noise(
            persons[r], employer[r], referral[r], people, beliefs, rules)


@njit
def _screening_inputs(apps: Applications, vacancies: VacancyColumns, stream: Counter,
                      people: ApplicantColumns, beliefs: Beliefs, rules: CvRules,
                      out: CvReadings) -> None:
    """Per application: `_prior_and_noise`, the applicant's formal skill and the uniform
    number of the CV's noise (``stream``, keyed by the vacancy's serial number)."""
    persons, vacancy, priors = apps.person, apps.vacancy, out.priors
    n = persons.shape[0]
    for r in range(n):
        if r + _AHEAD < n:
            ahead = persons[r + _AHEAD]
            prefetch(people.origin, ahead)
            prefetch(people.qualification, ahead)
            prefetch(people.foreign_credentials, ahead)
            prefetch(people.cv, ahead)
            prefetch(people.weeks_unemployed, ahead)
            prefetch(people.formal, ahead)
            beliefs_of = np.int64(vacancies.employer[vacancy[r + _AHEAD]]) * beliefs.regions
            prefetch(beliefs.gap_formal, beliefs_of)  # the employer's beliefs, scattered too
            prefetch(beliefs.gap_informal, beliefs_of)
        i, v = persons[r], vacancy[r]
        priors.formal[r], priors.informal[r], priors.noise[r] = _prior_and_noise(
            i, vacancies.employer[v], apps.referral[r], people, beliefs, rules)
        out.skill[r] = people.formal[i]
        out.z[r] = counter_uniform(i, vacancies.uid[v], stream)


@njit
def _scores(readings: CvReadings, referral: np.ndarray, rules: ScoreRules,
            post_f: np.ndarray, score: np.ndarray) -> None:
    """`posterior_mean` of the signal skill + noise·z, and the screening score:
    `screening_score` plus the referral bonus."""
    priors = readings.priors
    for r in range(readings.skill.shape[0]):
        sd = priors.noise[r]
        post = posterior_mean_jit(readings.skill[r] + sd * readings.z[r], priors.formal[r],
                                  rules.prior_sd, sd)
        post_f[r] = post
        score[r] = (assessed_productivity_jit(rules.formal_weight, post, rules.informal_mean)
                    + rules.bonus * (1.0 if referral[r] else 0.0))


def _assessment_inputs(w: World, persons: np.ndarray, employer: np.ndarray,
                       referral: np.ndarray) -> Priors:
    n = len(persons)
    out = Priors(np.empty(n), np.empty(n), np.empty(n))
    _priors_and_noise(np.asarray(persons, np.int64), np.asarray(employer, np.int64),
                      np.broadcast_to(np.asarray(referral, np.bool_), (n,)),
                      *_assessment_columns(w), out)
    return out


def prior_means(w: World, persons: np.ndarray, employer: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Each employer's prior mean formal and informal skill for each applicant."""
    prior_f, prior_i, _ = _assessment_inputs(w, persons, employer, np.False_)
    return prior_f, prior_i


def cv_noise_sd(w: World, persons: np.ndarray, referral: np.ndarray,
                employer: np.ndarray | None = None) -> np.ndarray:
    """Screening noise at each ``employer`` (default: employer 0): foreign credentials
    add noise (as much as the employer's practice adds); a clear CV and a referral remove
    some."""
    if employer is None:
        employer = np.zeros(len(persons), np.int64)
    return _assessment_inputs(w, persons, employer, referral)[2]


def time_out_signal(p: Params, weeks_unemployed: np.ndarray | int) -> np.ndarray:
    """How much lower employers expect the formal skill of an applicant out of work for
    ``weeks_unemployed``: ``unemployment_signal`` after eight months, in proportion
    before (the compiled screening computes the same)."""
    weeks = np.minimum(np.asarray(weeks_unemployed), SCAR_WEEKS)
    return p.unemployment_signal / SCAR_WEEKS * weeks


def screening_score(p: Params, post_formal: np.ndarray) -> np.ndarray:
    """The productivity a CV suggests: posterior formal skill and an average majority
    applicant's informal skill (before any referral bonus)."""
    return assessed_productivity(p.formal_weight, post_formal, p.informal_skill_mean)


def screen(w: World, apps: Applications) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Posterior formal skill, prior informal skill and screening score per application."""
    p, n = w.params, apps.n
    apps = Applications(np.asarray(apps.person, np.int64), np.asarray(apps.vacancy, np.int64),
                        np.asarray(apps.referral, np.bool_))
    readings = CvReadings(Priors(np.empty(n), np.empty(n), np.empty(n)), np.empty(n),
                          np.empty(n))
    _screening_inputs(apps, w.vacancies.columns(), w.streams.counter("screening", w.week),
                      *_assessment_columns(w), readings)
    normal_from_uniform(readings.z)
    post_f, score = np.empty(n), np.empty(n)
    _scores(readings, apps.referral, ScoreRules(p.prior_skill_sd, p.formal_weight,
                                                p.informal_skill_mean,
                                                float(p.referral_callback_bonus)),
            post_f, score)
    return post_f, readings.priors.informal, score


@njit
def _precedes(score: np.ndarray, a: int, b: int) -> bool:
    """Whether row ``a`` ranks before row ``b``: higher score first, NaN last, ties by
    row order."""
    sa, sb = score[a], score[b]
    if np.isnan(sa):
        return np.isnan(sb) and a < b
    if np.isnan(sb) or sa > sb:
        return True
    return sa == sb and a < b


@njit(inline=True)
def _keep(score: np.ndarray, r: int, best: np.ndarray, lo: int, kept: int, k: int) -> int:
    """Put row ``r`` into ``best[lo:lo + k]``, the best rows so far in order (``kept`` of
    them), if it ranks among them; returns the new count. Rows come in row order."""
    if kept == k and not _precedes(score, r, best[lo + k - 1]):
        return kept
    at = min(kept, k - 1)
    while at > 0 and _precedes(score, r, best[lo + at - 1]):
        best[lo + at] = best[lo + at - 1]
        at -= 1
    best[lo + at] = r
    return min(kept + 1, k)


@njit
def _top_k_by_group(groups: np.ndarray, score: np.ndarray, k: int, best: np.ndarray,
                    kept: np.ndarray, rank: np.ndarray) -> None:
    """One pass in row order with k slots per group (groups 0, 1, ...): ranks 0..k-1
    (``rank`` holds k for the others)."""
    for r in range(groups.shape[0]):
        g = groups[r]
        kept[g] = _keep(score, r, best, g * k, kept[g], k)
    for g in range(kept.shape[0]):
        for t in range(kept[g]):
            rank[best[g * k + t]] = t


@njit
def _top_k(rows: np.ndarray, starts: np.ndarray, score: np.ndarray, k: int,
           best: np.ndarray, rank: np.ndarray) -> None:
    """Within each run ``rows[starts[s]:starts[s + 1]]`` (in row order), ranks 0..k-1
    (``rank`` holds k for the others)."""
    for s in range(starts.shape[0] - 1):
        kept = 0
        for j in range(starts[s], starts[s + 1]):
            kept = _keep(score, rows[j], best, 0, kept, k)
        for t in range(kept):
            rank[best[t]] = t


def top_k_within(groups: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Each row's rank (0 = best) within its group where it is below ``k``, and ``k`` for
    every other row; higher score first, NaN last, ties by row order.

    With few possible groups, one pass in row order keeps the best k of each group so
    far; otherwise a stable sort by group, then the same per group. Linear in the rows
    for a small k, where ranking them all takes a sort by score.
    """
    n = len(score)
    rank = np.full(n, k, np.int64)
    if n == 0 or k <= 0:
        return rank
    score = np.asarray(score, np.float64)
    low, high = int(groups.min()), int(groups.max())
    if low >= 0 and (high + 1) * k <= 4 * n + 4096:
        _top_k_by_group(np.asarray(groups, np.int64), score, int(k),
                        np.empty((high + 1) * k, np.int64), np.zeros(high + 1, np.int64),
                        rank)
    else:
        rows = np.argsort(groups, kind="stable")
        g_sorted = groups[rows]
        starts = np.r_[0, np.flatnonzero(g_sorted[1:] != g_sorted[:-1]) + 1, n]
        _top_k(rows, starts.astype(np.int64), score, int(k), np.empty(int(k), np.int64),
               rank)
    return rank
