"""Vacancies (how many new jobs open, how long they stay open) and search (applications,
their direction, referrals and contacts)."""

from __future__ import annotations

from typing import Literal

from ..fields import Strict, param


class SearchParams(Strict):
    """Vacancies and the search for them."""

    # --- Vacancies ----------------------------------------------------------------
    tightness: float = param(
        0.47, "vacancies/unemployed",
        "How tight the market is built: the flow of new jobs is set so that, with the "
        "unemployment of week 0, there would be this many open vacancies per unemployed "
        "person (new jobs = withdrawal rate × tightness × unemployed at week 0). The "
        "realised ratio is an outcome: 2 makes a tight market, 1/3 a slack one.",
        "SSB/NAV 2019: 72,000 vacancies against 63,000 registered fully unemployed (1.15), "
        "of which 45-60 % are filled from outside employment (job-to-job moves, which the "
        "model leaves out, fill the rest): 0.5-0.7; within that, set with the other "
        "parameters of the market to unemployment by group and region of birth (docs/model.md §6)",
        ge=0.0, le=100.0,
    )
    vacancy_withdrawal_rate: float = param(
        0.025, "per week",
        "Weekly probability that an employer gives up an open vacancy (the job is "
        "destroyed before it is filled).",
        "derived: vacancies stay open 3-8 weeks (SSB stock ÷ hires, 2019) and roughly "
        "one recruitment in eight fails (NAV company survey: about a fifth of firms "
        "report failed recruitments; the rate per vacancy was not found)",
        ge=0.0, le=1.0,
    )
    vacancy_fill_reference: float = param(
        0.17, "per week",
        "Weekly probability of filling a vacancy at which the typical new job is just "
        "worth opening (free entry: a job opportunity is opened when its value times "
        "the filling probability employers see, times the relative productivity of "
        "recent hires, covers the cost of keeping it open).",
        "derived with `vacancy_withdrawal_rate`: a mean vacancy duration of about five "
        "weeks of which about seven in eight end in a hire", gt=0.0, le=1.0,
    )
    job_value_sd: float = param(
        1.0, "log points",
        "Spread of the value of new job opportunities (lognormal): how strongly job "
        "creation answers to the filling probability and the quality of applicants "
        "(elasticity about 0.8/sd at the reference).",
        "assumption: in the textbook model with free entry job creation is infinitely "
        "elastic; heterogeneous opportunities make it finite (range 0.5-2)",
        gt=0.0, le=10.0,
    )
    market_memory_weeks: float = param(
        13.0, "weeks",
        "Time over which employers average how quickly vacancies fill and how good hires "
        "are (exponential smoothing), by field and level.",
        "assumption: a quarter, the period of the vacancy statistics", gt=0.0, le=520.0,
    )
    # --- Search --------------------------------------------------------------------
    applications_per_week: float = param(
        0.5, "applications/week", "Mean applications an unemployed person sends a week.",
        "NAV requires active search but no survey of applications a week was found "
        "(range 0.5-3); calibrated to how fast new spells end (NAV, Andreev 2016: 30 % "
        "within a month), which puts it at the bottom of the range (docs/model.md §6)",
        ge=0.0, le=100.0,
    )
    application_count: Literal["poisson", "fixed"] = param(
        "poisson", "-", "Applications a week: Poisson around the mean, or exactly the mean.",
        "docs/model.md §3: a Poisson number of applications",
    )
    targeted_search: bool = param(
        True, "-",
        "Applications target own field and level; if false each goes to a uniformly "
        "random vacancy (the urn-ball limit).",
        "docs/model.md §3",
    )
    own_field_share: float = param(
        0.8, "share", "Share of applications sent within one's own field.",
        "assumption: most search is within one's occupation", ge=0.0, le=1.0,
    )
    below_level_max: float = param(
        0.5, "share",
        "Share of applications sent below one's level after a long spell.",
        "assumption: the longer unemployed, the more likely to apply below one's level",
        ge=0.0, le=1.0,
    )
    below_level_weeks: float = param(
        26.0, "weeks",
        "Time scale on which applying below one's level and outside one's field sets in.",
        "assumption: about half a year", gt=0.0, le=1000.0,
    )
    field_widening: float = param(
        0.5, "share",
        "Share of own-field applications that go to other fields after a long spell.",
        "docs/model.md §3, step 4: the longer unemployed, the wider the search; assumption",
        ge=0.0, le=1.0,
    )
    on_the_job_search_rate: float = param(
        0.05, "applications/week",
        "Mean applications a week from under-employed people (employed below their "
        "level or outside their field).",
        "calibrated to over-qualification, the share of employed graduates below their "
        "level: SSB about 14 % without immigrant background and 40-42 % of immigrants "
        "(2015-2021); 0.05 holds them at about 13 % and 40 % for ten years, 0.045 and "
        "0.055 put them at about 13.8 % and 41 %, 12.6 % and 39 % (docs/model.md §6). "
        "Uncertain: the rate at which over-qualified workers look for a better job is "
        "not measured",
        ge=0.0, le=100.0,
    )
    job_to_job_search_rate: float = param(
        0.007, "applications/week",
        "Mean applications a week from people employed at their level and in their field "
        "(for another such job: moves for pay, place or career, which the model does not "
        "otherwise represent).",
        "calibrated to job-to-job mobility: about 8-12 % of employees change employer "
        "in a year in the Nordic countries (TemaNord 2010:515; STEP 2003); job-to-job "
        "movers fill 40-55 % of vacancies", ge=0.0, le=100.0,
    )
    notice_weeks: int = param(
        0, "weeks",
        "Weeks before a job ends in which its holder knows that it will end and searches "
        "every week as the unemployed do, for any job at another employer; a job found "
        "then is a move from job to job, with no spell out of work. 0: nobody knows "
        "before the job ends.",
        "Arbeidsmiljøloven § 15-3: at least one month's notice (two after five years' "
        "service, three after ten); the end of a fixed-term contract is known from the "
        "start, a bankruptcy hardly in advance: 4-13 for most jobs. Off (0) in the default market "
        "until it is recalibrated with notice (docs/model.md §6): notice alone moved the "
        "spells ending within four weeks from about 48 % to 40 % but lowered "
        "unemployment, so the separation rates must be re-derived with it",
        ge=0, le=52,
    )
    referrals: bool = param(
        True, "-", "Contacts at an employer with a vacancy lead to referral applications.",
        "docs/model.md §1: networks carry the signal; about 40 % of hires in Norway come through "
        "the employer's network (Aetat 2004), over half of jobs in American studies",
    )
    contacts_per_person: tuple[float, float] = param(
        (1.0, 0.4), "employers",
        "Mean employer contacts on entering the labour force (family, school, "
        "placements), majority and immigrant.",
        "Calvó-Armengol & Jackson (2004); newly arrived immigrants have few ties to "
        "Norwegian employers (docs/model.md §3, step 1); calibrated with `contacts_per_year` to "
        "the share of hires through contacts: 40 % of hires through the employer's own "
        "network and acquaintances in Aetat's survey of 4,480 employers (2004); the model "
        "gives about 38 %. Uncertain: (0.5, 0.2) gives about 30 %",
    )
    contacts_per_year: float = param(
        0.25, "employers/year",
        "Employer contacts gained per year at work (former colleagues who move on); a "
        "job's are added when it ends, with the employer itself.",
        "Granovetter (1973): ties from past jobs carry most job information; calibrated "
        "with `contacts_per_person` to the share of hires through contacts (about 40 % in "
        "Norway, Aetat 2004); range 0.1-0.3", ge=0.0, le=52.0,
    )
    max_contacts: int = param(
        8, "employers", "Contact slots per person; a new contact replaces the oldest.",
        "reason: bounds memory; few people have more active ties to employers", ge=0, le=64,
    )
