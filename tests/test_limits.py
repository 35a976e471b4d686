"""Exact limits the model reproduces when its parameters switch into them (DESIGN §6)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiresim import HireModel
from hiresim.model.screening import posterior_mean

# --- Urn-ball matching (Butters 1977; Burdett, Shi & Wright 2001) ----------------------

#: The textbook matching process: each unemployed person sends one application to a
#: uniformly random vacancy, every vacancy with an applicant hires one, nobody searches on
#: the job, and nobody enters or leaves the labour force.
TEXTBOOK = dict(
    programmes=[], targeted_search=False, application_count="fixed",
    applications_per_week=1.0, referrals=False, on_the_job_search_rate=0.0,
    job_to_job_search_rate=0.0, hiring_bar=(0.0, 0.0, 0.0), labour_force_flows=False,
)
URN_BALL = dict(TEXTBOOK, labour_force=2_000, separation_rate=0.0,
                vacancy_withdrawal_rate=0.0, initial_unemployment=(0.05, 0.05), tightness=0.5)
#: The textbook process with enough turnover that unemployment is a few per cent.
BEVERIDGE = dict(TEXTBOOK, labour_force=6_000, separation_rate=0.01)


def urn_ball_moments(u: int, v: int) -> tuple[float, float]:
    """Mean and variance of the number of matches with u applicants and v vacancies."""
    mean = v * (1 - (1 - 1 / v) ** u)
    var = (v * (v - 1) * (1 - 2 / v) ** u + v * (1 - 1 / v) ** u
           - v * v * (1 - 1 / v) ** (2 * u))
    return mean, var


def one_urn_ball_week(seed: int) -> tuple[int, int, int]:
    model = HireModel(rng=seed, agent_views=False, **URN_BALL)
    u = int((model.world.people.employer < 0).sum())
    v = model.world.vacancies.n
    model.step()
    m = model.metrics
    assert m["searchers"] == u and m["vacancies"] <= v
    return u, v, m["hires_majority"] + m["hires_immigrant"]


def test_urn_ball_mean_and_variance() -> None:
    reps = 600
    draws = np.array([one_urn_ball_week(seed) for seed in range(reps)])
    u, v = int(draws[0, 0]), int(draws[0, 1])
    assert (draws[:, 0] == u).all() and (draws[:, 1] == v).all()  # U and V are fixed
    matches = draws[:, 2].astype(float)
    mean, var = urn_ball_moments(u, v)
    # The sample mean is within 4 standard errors of E[M].
    assert abs(matches.mean() - mean) < 4 * np.sqrt(var / reps)
    # The sample variance is within 4 standard errors of Var[M]; the standard error of a
    # sample variance is sqrt((m4 - s^4 (n-3)/(n-1)) / n), m4 the fourth central moment.
    s2 = matches.var(ddof=1)
    m4 = np.mean((matches - matches.mean()) ** 4)
    se = np.sqrt((m4 - s2 * s2 * (reps - 3) / (reps - 1)) / reps)
    assert abs(s2 - var) < 4 * se


def test_urn_ball_moments_formula_against_direct_simulation() -> None:
    """The closed form itself, checked against throwing balls into urns directly."""
    rng = np.random.default_rng(0)
    u, v, reps = 30, 20, 20_000
    hits = np.array([len(np.unique(rng.integers(0, v, u))) for _ in range(reps)])
    mean, var = urn_ball_moments(u, v)
    assert abs(hits.mean() - mean) < 4 * np.sqrt(var / reps)
    assert abs(hits.var(ddof=1) - var) < 0.05 * var


# --- Flow steady state ------------------------------------------------------------------

@pytest.mark.parametrize("multiplier", [1.0, 2.0])
def test_unemployment_converges_to_s_over_s_plus_f(multiplier: float) -> None:
    s, f = 0.02, 0.1
    reps, burn_in, weeks = 5, 100, 300
    means = np.empty((reps, 2))
    for seed in range(reps):
        model = HireModel(rng=seed, labour_force=20_000, programmes=[],
                          job_finding="exogenous", exogenous_job_finding_rate=f,
                          separation_rate=s, immigrant_separation_multiplier=multiplier,
                          labour_force_flows=False)
        for _ in range(weeks):
            model.step()
        frame = model.results().loc[burn_in:]
        means[seed] = [frame.unemployment_rate_majority.mean(),
                       frame.unemployment_rate_immigrant.mean()]
    for g, rate in enumerate((s, s * multiplier)):
        expected = rate / (rate + f)
        se = means[:, g].std(ddof=1) / np.sqrt(reps)
        assert abs(means[:, g].mean() - expected) < 4 * se + 1e-4, (g, means[:, g], expected)


# --- The Beveridge relation ------------------------------------------------------------

@pytest.mark.parametrize("tightness", [0.2, 0.6, 1.8])
def test_matching_follows_the_urn_ball_function_with_vacancies_that_respond(
        tightness: float) -> None:
    """With the textbook matching process and every vacancy process on (replacement,
    withdrawal, free entry of new jobs), each week's hires are the urn-ball matches of
    that week's searchers and open vacancies, over the range of tightness that
    scenarios use (default 0.6; ×2 tight, ÷3 slack); and the market settles where
    separations and hires balance (its point on the Beveridge curve)."""
    surplus = var = 0.0
    balance = []
    for seed in range(3):
        model = HireModel(rng=seed, tightness=tightness, **BEVERIDGE)
        for week in range(1, 313):
            model.step()
            m = model.metrics
            u = m["searchers"]
            v = m["vacancies"] + m["vacancies_filled"]  # open at the hiring round
            hires = m["hires_majority"] + m["hires_immigrant"]
            if v > 0 and week > 26:
                mean, variance = urn_ball_moments(u, v)
                surplus += hires - mean
                var += variance
            if week > 208:  # settled: hires balance separations
                balance.append(hires - m["separations_majority"] - m["separations_immigrant"])
    assert abs(surplus) < 4 * np.sqrt(var), (surplus, var)
    balance = np.asarray(balance, float)
    assert abs(balance.mean()) < 4 * balance.std(ddof=1) / np.sqrt(len(balance))


def test_the_beveridge_curve_slopes_down() -> None:
    """Tighter markets (more new jobs for the same labour force) settle at more vacancies
    and less unemployment: the steady states lie on a downward-sloping curve."""
    points = []
    for tightness in (0.2, 0.6, 1.8):
        u, v = [], []
        for seed in range(3):
            model = HireModel(rng=seed, tightness=tightness, **BEVERIDGE)
            for _ in range(312):
                model.step()
            f = model.results().loc[209:]
            u.append(f.unemployed.mean())
            v.append(f.vacancies.mean())
        points.append((np.mean(u), np.std(u, ddof=1) / np.sqrt(3), np.mean(v),
                       np.std(v, ddof=1) / np.sqrt(3)))
    for (u0, su0, v0, sv0), (u1, su1, v1, sv1) in itertools.pairwise(points):
        assert u1 < u0 - 3 * np.hypot(su0, su1) and v1 > v0 + 3 * np.hypot(sv0, sv1), points


# --- Statistical discrimination (Aigner & Cain 1977) --------------------------------------

@given(
    signal=st.floats(-2, 3), prior_mean=st.floats(-1, 2),
    prior_sd=st.floats(0.01, 2), noise_sd=st.floats(0.0, 2),
)
def test_posterior_is_the_aigner_cain_formula(signal: float, prior_mean: float,
                                              prior_sd: float, noise_sd: float) -> None:
    gamma = prior_sd**2 / (prior_sd**2 + noise_sd**2)
    expected = (1 - gamma) * prior_mean + gamma * signal
    assert posterior_mean(np.array(signal), prior_mean, prior_sd, noise_sd) == pytest.approx(
        expected, abs=1e-12)


def test_posterior_is_the_bayesian_conditional_mean() -> None:
    """E[x | y] estimated by simulation matches the posterior, bin by bin."""
    rng = np.random.default_rng(1)
    mu, sx, se, n = 0.5, 0.12, 0.2, 400_000
    x = rng.normal(mu, sx, n)
    y = x + rng.normal(0, se, n)
    post = posterior_mean(y, mu, sx, se)
    bins = np.quantile(y, np.linspace(0, 1, 21))
    which = np.clip(np.searchsorted(bins, y) - 1, 0, 19)
    for b in range(1, 19):  # inner bins (the outer ones are wide)
        inside = which == b
        resid = x[inside] - post[inside]
        assert abs(resid.mean()) < 4 * resid.std() / np.sqrt(inside.sum())


def test_model_screening_uses_the_group_prior_posterior() -> None:
    """The model's screening score is the Aigner–Cain posterior with the employer's prior."""
    from hiresim.model.screening import cv_noise_sd, prior_means, screen
    from hiresim.model.search import Applications

    model = HireModel(rng=3, labour_force=3_000)
    w = model.world
    persons = np.arange(0, w.people.n, 37)
    vac = np.zeros(len(persons), np.int64)
    referral = np.arange(len(persons)) % 3 == 0
    post_f, _, _ = screen(w, Applications(persons, vac, referral))
    employer = w.vacancies.employer[vac]
    prior_f, _ = prior_means(w, persons, employer)
    noise = cv_noise_sd(w, persons, referral, employer)
    signal = w.people.formal[persons] + noise * w.streams.normal(
        "screening", w.week, persons, w.vacancies.uid[vac])
    gamma = w.params.prior_skill_sd**2 / (w.params.prior_skill_sd**2 + noise**2)
    np.testing.assert_allclose(post_f, (1 - gamma) * prior_f + gamma * signal, rtol=1e-12)
    imm = w.people.group[persons] == 1
    assert imm.any() and (~imm).any()
    # Immigrants' prior is the majority prior less the employer's believed gap for their
    # region of birth; time out of work lowers anyone's.
    from hiresim.model.screening import time_out_signal

    majority_prior = (np.asarray(w.params.formal_skill_means)[w.people.qualification[persons]]
                      - time_out_signal(w.params, w.people.weeks_unemployed[persons]))
    region = w.people.origin[persons[imm]].astype(np.int64) - 1
    np.testing.assert_allclose(prior_f[~imm], majority_prior[~imm])
    np.testing.assert_allclose(prior_f[imm], majority_prior[imm]
                               - w.employers.gap_formal[employer[imm], region])
