"""Jobs and unemployment (unemployment, over-qualification and work outside one's field at
week 0, separations, how jobs are found) and money (earnings, benefits, taxes)."""

from __future__ import annotations

from typing import Literal

from ..fields import ORIGIN_LIST, ByOrigin, OriginRatios, Strict, param
from ..origins import ORIGINS


class JobsParams(Strict):
    """Jobs and unemployment, and the money of a job and of unemployment."""

    # --- Jobs and unemployment ------------------------------------------------------
    initial_unemployment: ByOrigin = param(
        (0.016, 0.025, 0.055, 0.059, 0.095), "share",
        f"Unemployment at week 0 by region of birth ({', '.join(ORIGINS)}); two numbers "
        "are majority and every immigrant region.",
        "SSB 2019 registered unemployment per cent of the labour force (1st, 2nd and 4th "
        "quarter, table 445345): non-immigrants 1.5-1.7 %, Western 2.4-2.7 %, Eastern "
        "Europe 5.1-6.1 %, Asia and Latin America 5.5-6.3 %, Africa 8.7-10.1 % (docs/model.md §6)",
    )
    initial_overqualified: tuple[float, float] = param(
        (0.13, 0.42), "share",
        "Share of employed people with a bachelor or more who work below their level at "
        "week 0, majority and immigrant (one part of not being at the right level; "
        "`initial_out_of_field` is the other).",
        "SSB: employed graduates in jobs that do not require their education, about 14 % "
        "without immigrant background and 40-42 % of immigrants in 2015-2021 ('Hvor mange "
        "innvandrere er overkvalifisert?', 2022; 11 % and 34-43 % in 2012, Rapporter "
        "2014/28); the default market holds these shares (`on_the_job_search_rate`)",
    )
    initial_out_of_field: tuple[float, float] = param(
        (0.03, 0.066), "share",
        "Share of employed people who work outside their field (for an employer of "
        "another field) at week 0, majority and immigrant; independent of working below "
        "one's level.",
        "the stationary shares of the default market (`out_of_field_rate_majority` and "
        "`_immigrant`, about 0.03 and 0.066). Surveys find far more field-of-study "
        "mismatch (about 40 % of workers in PIAAC countries, Montt 2015), but with some "
        "hundred fields of study against the model's `n_fields`, so it is no calibration "
        "target",
    )
    separation_rate: float = param(
        0.001, "per week", "Weekly probability that a majority employee loses the job.",
        "derived from NAV: about four times the average stock is registered as "
        "unemployed at some point in a year (inflow about 6.5 % of the labour force a "
        "year), most of it job losers, since most people entering the labour force do "
        "not register (`entrant_registration_share`); within that figure's uncertainty "
        "(range 0.0008-0.0016), set to 0.001 so that the majority's registered "
        "unemployment lies in its band in the stationary market (after `burn_in_years`; "
        "docs/model.md §6), with job losers on dagpenger searching less (`benefits`)",
        ge=0.0, le=1.0,
    )
    immigrant_separation_multiplier: OriginRatios = param(
        (1.5, 1.9, 2.05, 2.5), "ratio",
        f"Immigrants' separation rate relative to the majority's, by region of birth "
        f"({ORIGIN_LIST}).",
        "Bratsberg, Raaum & Røed (2010) find markedly higher job loss among immigrants, "
        "in particular labour migrants (range 1-2.5, uncertain); calibrated to registered "
        "unemployment by region of birth and years in Norway once hiring discrimination "
        "matches the field experiments (on the stationary market after `burn_in_years`). "
        "Registered unemployment comes mostly from job loss, since most newcomers who "
        "have not yet worked do not register (`entrant_registration_share`); Africa's "
        "2.5 is at the top of the range",
    )
    job_finding: Literal["matching", "exogenous"] = param(
        "matching", "-",
        "How the unemployed find jobs: matching (search, screening, interview) or an "
        "exogenous weekly probability (the textbook flow model, docs/model.md §7, limits).",
        "reason: matching is the model; exogenous is the analytic limit",
    )
    exogenous_job_finding_rate: float = param(
        0.077, "per week", "Weekly job-finding probability when job_finding is exogenous.",
        "NAV 2019: mean registered unemployment spell about 13 weeks", ge=0.0, le=1.0,
    )
    # --- Money ----------------------------------------------------------------------
    monthly_earnings: tuple[float, float, float] = param(
        (44_000.0, 53_000.0, 64_500.0), "NOK/month",
        "Monthly earnings of a full-time job, by job level (0 vocational or upper "
        "secondary, 1 bachelor, 2 master or higher).",
        "SSB 2019 earnings statistics: average monthly earnings 47,720 NOK for full-time "
        "equivalents; by education about 42,000-46,000 (upper secondary), 50,000-54,000 "
        "(up to four years of higher education) and 60,000-65,000 (more). Those are "
        "averages by the person's education; graduates working below their level or "
        "outside their field earn less, so the jobs' earnings are set a little above "
        "them, to give the middles of those ranges by education (`hiresim calibrate`)",
    )
    field_mismatch_penalty: float = param(
        0.10, "share",
        "How much less a job outside one's field pays than a job at the same level in "
        "it (earnings, and the money estimands built from them).",
        "Robst 2007 (US graduates): about 10 % less in a job unrelated to one's field of "
        "study; Nordin, Persson & Rooth 2010 (Swedish registers): larger, for men about "
        "twice the US penalty, for women about the same; Montt 2015 (PIAAC): no penalty "
        "for field mismatch at one's own qualification level. Uncertain: range 0-0.25",
        ge=0.0, le=1.0,
    )
    benefit_replacement: float = param(
        0.624, "share",
        "Unemployment benefit (dagpenger) as a share of the earnings of a job at one's "
        "qualification level.",
        "NAV 2019: dagpenger are 62.4 % of previous earnings (up to 6 G, 599,148 NOK a "
        "year, above every level's earnings here)", ge=0.0, le=1.0,
    )
    benefit_coverage: float = param(
        0.6, "share",
        "Share of the unemployed who receive unemployment benefit (the rest are counted "
        "with none: social assistance and the introduction benefit are not modelled).",
        "NAV: many registered job seekers, most newly arrived immigrants among them, have "
        "no right to dagpenger; assumption 0.6 (range 0.4-0.7)", ge=0.0, le=1.0,
    )
    benefit_entitled_share: float = param(
        0.45, "share",
        "Share of job losers entitled to unemployment benefit (dagpenger) for the spell "
        "that follows (`benefits`); newcomers to the labour force have no right to it.",
        "Furuberg & Kalstø (NAV, Arbeid og velferd 2016): four in ten of those who ended a "
        "spell as fully unemployed or on a programme in 2015-16 drew dagpenger; the right "
        "needs earnings of 1.5 G in the last year, which many young, part-time and "
        "short-term workers lack. In the model nine in ten new registered spells follow a "
        "job loss, so about 0.45; calibrated to that four in ten (range 0.35-0.6)",
        ge=0.0, le=1.0,
    )
    benefit_weeks: int = param(
        104, "weeks",
        "Weeks of a spell for which an entitled job loser draws dagpenger.",
        "NAV 2019: up to 104 weeks after earnings of at least 2 G in the last year, 52 "
        "below; every job level's earnings here are above 2 G", ge=0, le=520,
    )
    benefit_search_intensity: float = param(
        0.55, "share",
        "How much a job seeker drawing dagpenger searches, relative to one who does not: "
        "the share of weeks in which he or she sends applications and hears of "
        "vacancies through contacts. 1: benefits do not change search.",
        "Røed & Zhang (2005): in Norway (1993-97) the job-finding rate has an elasticity "
        "of about -0.4 with respect to the benefit replacement ratio, and rises before the "
        "benefit runs out; against social assistance of about 6,000 NOK a month (15 % of "
        "the lowest level's earnings) dagpenger at 62.4 % give (0.624/0.15)^-0.4 = 0.56. "
        "The elasticity was measured on smaller differences, so the figure is uncertain: "
        "range 0.4-0.8",
        ge=0.0, le=1.0,
    )
    tax_rate: float = param(
        0.28, "share",
        "Taxes and social security contributions paid on earnings (what the public "
        "budget gets back from an extra job).",
        "Norwegian average tax rate on wage income of about 25-30 % (Ministry of Finance "
        "2019; employers' contributions not counted); assumption 0.28 (range 0.25-0.35)",
        ge=0.0, le=1.0,
    )
