"""The parameter schema: the single source of every default, bound, unit and source.

`Params` holds the labour market and the mentoring technology; `Programme` holds the
levers of one programme. YAML scenarios, the command line, the teaching app's sliders
and the documentation are all generated from these two classes. Each field carries a
one-line description, a unit and the source of (or reason for) its default.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from .origins import IMMIGRANT_ORIGINS, ORIGINS

__all__ = [
    "PROGRAMME_FIELDS",
    "Bounds",
    "Params",
    "Programme",
    "field_bounds",
    "parameter_table",
]


def param(default: Any, unit: str, description: str, source: str, **bounds: Any) -> Any:
    """A documented schema field: default, bounds (ge/le/gt/lt), unit, description, source."""
    return Field(
        default,
        description=description,
        json_schema_extra={"unit": unit, "source": source},
        **bounds,
    )


ORIGIN_LIST = ", ".join(IMMIGRANT_ORIGINS)


def each_origin(value: Any) -> Any:
    """A single number stands for the same value in every immigrant region of birth."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (value,) * len(IMMIGRANT_ORIGINS)
    return value


def majority_and_origins(value: Any) -> Any:
    """Two numbers (majority, immigrant) stand for the majority and every region."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return (value[0], *[value[1]] * len(IMMIGRANT_ORIGINS))
    return value


def per_origin(ge: float, le: float) -> Any:
    """The type of one value per immigrant region of birth (`state.IMMIGRANT_ORIGINS`),
    each in [ge, le]; a single number is the same for every region."""
    value = Annotated[float, Field(ge=ge, le=le)]
    return Annotated[tuple[value, value, value, value], BeforeValidator(each_origin)]


#: One share or probability (0-1) per immigrant region of birth.
OriginShares = per_origin(0.0, 1.0)
#: One ratio (0-20) per immigrant region of birth.
OriginRatios = per_origin(0.0, 20.0)
#: One noise multiplier (1-20) per immigrant region of birth.
OriginNoise = per_origin(1.0, 20.0)
#: One believed gap (-1 to 1) per immigrant region of birth.
OriginGaps = per_origin(-1.0, 1.0)
_Share = Annotated[float, Field(ge=0.0, le=1.0)]
#: One share per origin, the majority first (`state.ORIGINS`); two numbers are the
#: majority's and every immigrant region's.
ByOrigin = Annotated[tuple[_Share, _Share, _Share, _Share, _Share],
                     BeforeValidator(majority_and_origins)]


class _Strict(BaseModel):
    """Unknown names refused, no NaN or infinity; frozen, so that parameters validated
    once can be passed on and shared."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


SELECTION_RULES = ("random", "readiness", "need", "demand")
MATCHING_RULES = ("random", "field", "optimal")


class Programme(_Strict):
    """One mentoring or trainee programme: the levers an analyst sets (DESIGN §4)."""

    name: str = param("programme", "-", "Label used in outputs.", "reason: a readable default",
                      min_length=1, max_length=100)
    capacity: int = param(
        50, "participants", "Number of participants treated (mentor-mentee dyads).",
        "reason: a typical grant-funded local programme takes a few dozen participants "
        "(Fafo 2019:31 describes programmes from about ten to a few hundred)", ge=0, le=10_000_000,
    )
    start_week: int = param(
        4, "week", "Week of intake (selection, matching, evaluation arms).",
        "reason: a few weeks of the undisturbed market first, so before/after comparisons "
        "have a 'before'", ge=1, le=10_000,
    )
    duration_weeks: int = param(
        52, "weeks", "How long dyads, plenaries and follow-up last after intake.",
        "Fafo 2019:31: programmes typically run for about a year", ge=0, le=10_000,
    )
    application_probability: float = param(
        0.3, "share",
        "Share of the eligible who hear of the programme at intake and apply (who is "
        "taken in is chosen among the applicants).",
        "reason: a local programme recruits through NAV offices, the introduction "
        "programme and networks, and most eligible job seekers never hear of it; "
        "assumption (range 0.1-0.6)", ge=0.0, le=1.0,
    )
    employed_share: float = param(
        0.1, "share",
        "Share of places kept for immigrants employed below their level or outside "
        "their field (under-employed; the rest go to "
        "registered job seekers: immigrants out of work, among them those who have just "
        "finished the introduction programme). Places a group cannot fill stay empty.",
        "Fafo 2019:31: the grant scheme is for job seekers, and programmes recruit "
        "mainly through NAV and the introduction programme; some programmes for "
        "qualified immigrants also take people working below their qualifications "
        "(assumption on the share, range 0-0.5)", ge=0.0, le=1.0,
    )
    selection: Literal["random", "readiness", "need", "demand"] = param(
        "random", "-",
        "Who is taken in among the applicants: random; readiness (creaming the most "
        "job-ready); need (the furthest from work); demand (fields with most vacancies "
        "per unemployed).",
        "Fafo 2019:31: selection of participants is one of four success factors; random "
        "is the neutral default",
    )
    matching: Literal["random", "field", "optimal"] = param(
        "field", "-",
        "How mentors are paired with mentees: random; same field where possible; optimal "
        "assignment maximising match quality (field, level, suitability).",
        "Fafo 2019:31: most programmes try to match on occupation or field",
    )
    evaluation: Literal["none", "rct"] = param(
        "none", "-",
        "Evaluation design at intake: none, or an in-silico RCT (select twice the capacity "
        "and treat a random half; the other half is the control arm).",
        "DESIGN §5: attribution is the report's hardest problem",
    )
    meetings_per_month: float = param(
        2.0, "meetings/month", "Agreed meeting frequency of an active dyad.",
        "Fafo 2019:31: frequency varies from frequent to almost never; about two a month "
        "is a common agreement", ge=0.0, le=30.0,
    )
    face_to_face_share: float = param(
        0.7, "share", "Share of meetings held face to face (the rest remotely).",
        "Fafo 2019:31: most meetings are physical; informal skills are raised best face "
        "to face", ge=0.0, le=1.0,
    )
    role_training: bool = param(
        False, "-",
        "Mentors and mentees are trained in their roles before launch (clearer roles, "
        "fewer dormant dyads).",
        "Fafo 2019:31: expectations and guidelines are often unclear; training is a "
        "success factor that many programmes lack",
    )
    plenary_every_weeks: int = param(
        0, "weeks", "Interval between plenary sessions for all participants (0: none).",
        "Fafo 2019:31: plenary sessions are a success factor that not all programmes hold",
        ge=0, le=520,
    )
    followup: float = param(
        0.3, "intensity 0-1",
        "Programme manager's follow-up of dyads (revives dormant dyads, slows dormancy).",
        "Fafo 2019:31: close follow-up helps but is often thin; 0.3 is a modest level",
        ge=0.0, le=1.0,
    )
    gap_diagnosis: float = param(
        0.6, "probability",
        "Probability that a meeting works on the participant's real skills gap.",
        "Fafo 2019:31: mentoring raises skills only if it finds the real gap; "
        "assumption: somewhat better than chance (0.5)", ge=0.0, le=1.0,
    )
    level_adaptation: float = param(
        0.5, "share",
        "How far content is adapted to the participant's level (1: fully; 0: mentor's "
        "level only).",
        "Fafo 2019:31: content must be adapted to what the participant already knows; "
        "assumption: halfway", ge=0.0, le=1.0,
    )
    traineeship_weeks: int = param(
        0, "weeks", "Length of a traineeship placement at a host employer (0: none).",
        "reason: the grant scheme funds mentor and trainee programmes; default mentoring only",
        ge=0, le=520,
    )
    trainee_hire_prob: float = param(
        0.3, "probability",
        "Probability that a host who finds a trainee productive enough offers a job.",
        "assumption: hosts often lack an opening at the end of a placement", ge=0.0, le=1.0,
    )
    mentor_pool_ratio: float = param(
        1.0, "mentors/participant", "Volunteer mentors recruited per participant.",
        "reason: one mentor per dyad; more than one lets matching choose", ge=1.0, le=10.0,
    )
    cost_per_participant: float = param(
        30_000.0, "NOK",
        "Cost per participant (for cost per additional job).",
        "assumption: order of magnitude of a grant per participant; set your own figure",
        ge=0.0, le=1e9,
    )


PROGRAMME_FIELDS = tuple(Programme.model_fields)


class Params(_Strict):
    """The labour market, the mentoring technology and the programmes of one model."""

    # --- Population ---------------------------------------------------------------
    labour_force: int = param(
        10_000, "persons", "People in the labour force.",
        "reason: group rates have little noise and a run takes well under a second", ge=10,
        le=50_000_000,
    )
    immigrant_share: float = param(
        0.173, "share", "Share of the labour force who are immigrants.",
        "SSB 2019: 488,500 of a labour force of about 2.83 million (registered employed and "
        "unemployed, 4th quarter; employed immigrants were 17.5 % of employed persons aged "
        "20-66)", ge=0.0, le=1.0,
    )
    origin_shares: OriginShares = param(
        (0.213, 0.378, 0.304, 0.105), "shares",
        f"Immigrants in the labour force by region of birth ({ORIGIN_LIST}).",
        "SSB 2019, 4th quarter (registered unemployed ÷ their rate per cent of the labour "
        "force, tables 445345 and 436401): Nordic 9.7 %, rest of Western Europe 10.0 %, "
        "North America and Oceania 1.6 %; EU Eastern Europe 29.0 %, other Eastern Europe "
        "8.9 %; Asia 27.1 %, South and Central America 3.3 %; Africa 10.5 %",
    )
    n_fields: int = param(
        5, "fields", "Number of occupational fields.",
        "reason: enough for field matching to matter, few enough for dense markets", ge=1,
        le=1000,
    )
    qualification_shares: tuple[float, float, float] = param(
        (0.62, 0.27, 0.11), "shares",
        "Labour force by qualification level: vocational/upper secondary, bachelor, master+.",
        "SSB 2019: about a third of adults have higher education, a quarter short and a "
        "tenth long, higher in the labour force",
    )
    job_level_shares: tuple[float, float, float] = param(
        (0.64, 0.25, 0.11), "shares", "New jobs by level (same three levels).",
        "reason: slightly fewer skilled jobs than skilled people, so some work below "
        "their level",
    )
    employer_size_mean: float = param(
        20.0, "persons", "Mean employer size; sizes are lognormal around it.",
        "SSB: mean Norwegian enterprise with employees has about 20 persons", ge=1.0,
        le=1e6,
    )
    # --- Skills ---------------------------------------------------------------------
    formal_skill_means: tuple[float, float, float] = param(
        (0.40, 0.55, 0.70), "0-1", "Mean formal skill by qualification level, at entry.",
        "reason: formal skill rises with credentials; scale is relative",
    )
    skill_sd: float = param(
        0.12, "0-1", "Spread of formal and informal skill within a group and level.",
        "reason: wide enough that levels overlap", ge=0.0, le=0.5,
    )
    informal_skill_mean: float = param(
        0.55, "0-1",
        "Mean informal skill (workplace norms, tacit know-how) of majority members of the "
        "labour force; employers' prior for a majority applicant. School leavers enter "
        "below it and learn at work (`on_job_learning`); their level at entry is what "
        "gives this mean in the stationary labour force.",
        "reason: mid-scale", ge=0.0, le=1.0,
    )
    immigrant_informal_deficit: OriginShares = param(
        (0.0, 0.1, 0.02, 0.0), "0-1",
        "How far immigrants' informal skill (language, Norwegian workplace norms) falls "
        "short on arrival of a majority member's with the same years of work (their years "
        f"since entry age count as work abroad), by region of birth ({ORIGIN_LIST}); it "
        "closes slowly with learning at work. A number applies to every region.",
        "Fafo 2019:31: informal skills are the gap mentoring most often addresses; sizes "
        "calibrated to unemployment by region of birth (SSB 2019, DESIGN §8). Eastern "
        "Europe's is the largest: EU labour migrants have no introduction programme and "
        "no right to Norwegian tuition, and their unemployment is high for the hiring "
        "discrimination they meet in field experiments",
    )
    foreign_credential_share: float = param(
        0.7, "share", "Share of immigrants whose credentials are foreign.",
        "SSB: most immigrants with higher education took it abroad", ge=0.0, le=1.0,
    )
    cv_quality_means: tuple[float, float] = param(
        (0.6, 0.4), "0-1", "Mean CV clarity, majority and immigrant.",
        "Fafo 2019:31: participants often need help to present their skills; stylised",
    )
    interview_readiness_means: tuple[float, float] = param(
        (0.6, 0.4), "0-1", "Mean interview readiness, majority and immigrant.",
        "Fafo 2019:31: informal skills are signalled in interviews; stylised",
    )
    cross_cultural_means: tuple[float, float] = param(
        (0.3, 0.6), "0-1", "Mean cross-cultural competence, majority and immigrant.",
        "Fafo 2019:31: some programmes present it as an asset; stylised",
    )
    # --- Entry to and exit from the labour force ------------------------------------
    labour_force_flows: bool = param(
        True, "-",
        "People leave at retirement or by emigrating, and a newcomer of the same region "
        "of birth takes each place (school leavers; immigrants). Off: nobody enters or "
        "leaves (the exact limits of DESIGN §6).",
        "DESIGN §3 step 1: a stationary labour force needs entry and exit",
    )
    retirement_age: float = param(
        65.7, "years", "Age at which people leave the labour force.",
        "NAV 2018: average exit age of those still working at 50, 65.7 (65.6-66.0 in "
        "2017-2023)", ge=30.0, le=80.0,
    )
    entry_ages: tuple[float, float, float] = param(
        (20.0, 24.0, 26.0), "years",
        "Age at which school leavers enter the labour force, by qualification level.",
        "SSB: median age at a bachelor's degree 24 and a master's 25; vocational training "
        "ends at 19-20 (ranges: 19-21, 23-25, 25-27)",
    )
    register_exit_rate: float = param(
        0.006, "per week",
        "Weekly probability that an unemployed person leaves the register for something "
        "other than a job (education, health-related benefits, leaving the labour "
        "force); a newcomer of the same region takes the place. People followed by a "
        "programme or its evaluation, and trainees, stay.",
        "calibrated to the share out of work a year or more and its stationarity (DESIGN "
        "§8): about 0.3 a year. NAV's statistics of transitions (overgang til arbeid og "
        "stønad) show that many who leave the register are not in work six months later "
        "(programmes, education, health-related benefits); the model's rate ends fewer "
        "spells this way than those statistics suggest (docs/model.md)", ge=0.0, lt=1.0,
    )
    arrival_ages: tuple[float, float] = param(
        (22.0, 40.0), "years", "Immigrants' age at arrival: uniform between these two.",
        "SSB: most adult immigrants arrive in their twenties and thirties; assumption on "
        "the exact range",
    )
    emigration_rates: OriginShares = param(
        (0.05, 0.04, 0.015, 0.01), "per year",
        f"Yearly probability that an immigrant leaves Norway, by region of birth "
        f"({ORIGIN_LIST}).",
        "SSB Rapporter 2013/34: labour immigrants leave far more often than refugees and "
        "families; about 30-50 % of Nordic and labour immigrants but 3-15 % of refugees "
        "and families leave within five years (ranges; the exact figures were not "
        "found). Constant rates below the five-year shares, because leaving is most "
        "common in the first years",
    )
    refugee_shares: OriginShares = param(
        (0.0, 0.05, 0.35, 0.65), "share",
        f"Share of arriving immigrants who come as refugees or their families and enter "
        f"the labour force from the introduction programme, by region ({ORIGIN_LIST}).",
        "SSB 2015-2019 immigration by reason: refugees 11-19 % and family 33 % of "
        "non-Nordic first-time immigrants, work 37-43 %; refugees come mainly from Asia "
        "and Africa, labour migrants from Europe (assumption on the split by region)",
    )
    labour_migrant_shares: OriginShares = param(
        (0.6, 0.7, 0.25, 0.1), "share",
        f"Share of arriving immigrants who come for work, by region ({ORIGIN_LIST}): they "
        "come to a job, an open vacancy in their field at any level, "
        "and keep its employer as a contact; with none open in their field they arrive "
        "unemployed, with a contact at an employer that is hiring.",
        "SSB 2015-2019 immigration by reason: work 37-43 % of non-Nordic first-time "
        "immigrants, mostly from the EU; Nordic citizens come mostly for work; few "
        "immigrants from Asia and Africa come for work (assumption on the split by "
        "region)",
    )
    introduction_programme_weeks: int = param(
        104, "weeks",
        "Time refugees spend in the introduction programme before entering the labour "
        "force (years since arrival start at arrival).",
        "Introduction Act: a two-year programme (up to three)", ge=0, le=520,
    )
    # --- Jobs and unemployment ------------------------------------------------------
    initial_unemployment: ByOrigin = param(
        (0.016, 0.025, 0.055, 0.059, 0.095), "share",
        f"Unemployment at week 0 by region of birth ({', '.join(ORIGINS)}); two numbers "
        "are majority and every immigrant region.",
        "SSB 2019 registered unemployment per cent of the labour force (1st, 2nd and 4th "
        "quarter, table 445345): non-immigrants 1.5-1.7 %, Western 2.4-2.7 %, Eastern "
        "Europe 5.1-6.1 %, Asia and Latin America 5.5-6.3 %, Africa 8.7-10.1 % (DESIGN §8)",
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
        0.00095, "per week", "Weekly probability that a majority employee loses the job.",
        "derived from NAV: about four times the average stock is registered as "
        "unemployed at some point in a year (inflow about 6.5 % of the labour force a "
        "year), of which school leavers and immigrants entering the labour force are "
        "about 2.2 points", ge=0.0, le=1.0,
    )
    immigrant_separation_multiplier: OriginRatios = param(
        (1.6, 2.0, 1.15, 1.0), "ratio",
        f"Immigrants' separation rate relative to the majority's, by region of birth "
        f"({ORIGIN_LIST}).",
        "Bratsberg, Raaum & Røed (2010) find markedly higher job loss among immigrants, "
        "in particular labour migrants (range 1-2); calibrated within that range to "
        "unemployment by region of birth once hiring discrimination matches the field "
        "experiments",
    )
    job_finding: Literal["matching", "exogenous"] = param(
        "matching", "-",
        "How the unemployed find jobs: matching (search, screening, interview) or an "
        "exogenous weekly probability (the textbook flow model, DESIGN §6).",
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
    tax_rate: float = param(
        0.28, "share",
        "Taxes and social security contributions paid on earnings (what the public "
        "budget gets back from an extra job).",
        "Norwegian average tax rate on wage income of about 25-30 % (Ministry of Finance "
        "2019; employers' contributions not counted); assumption 0.28 (range 0.25-0.35)",
        ge=0.0, le=1.0,
    )
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
        "parameters of the market to unemployment by group and region of birth (DESIGN §8)",
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
        1.0, "applications/week", "Mean applications an unemployed person sends a week.",
        "assumption: NAV requires active search but no survey of applications a week was "
        "found (range 0.5-3); with the hiring standard it sets how fast vacancies fill",
        ge=0.0, le=100.0,
    )
    application_count: Literal["poisson", "fixed"] = param(
        "poisson", "-", "Applications a week: Poisson around the mean, or exactly the mean.",
        "DESIGN §3: a Poisson number of applications",
    )
    targeted_search: bool = param(
        True, "-",
        "Applications target own field and level; if false each goes to a uniformly "
        "random vacancy (the urn-ball limit).",
        "DESIGN §3",
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
        "DESIGN §3 step 4: the longer unemployed, the wider the search; assumption",
        ge=0.0, le=1.0,
    )
    on_the_job_search_rate: float = param(
        0.07, "applications/week",
        "Mean applications a week from under-employed people (employed below their "
        "level or outside their field).",
        "calibrated to over-qualification, the share of employed graduates below their "
        "level: SSB about 14 % without immigrant background and 40-42 % of immigrants "
        "(2015-2021); 0.07 holds them at about 13 % and 43 % for ten years, 0.1 lets them "
        "fall to about 9 % and 33 % (measured with half as many contacts). "
        "Uncertain: the rate at which over-qualified workers look for a better job is "
        "not measured",
        ge=0.0, le=100.0,
    )
    job_to_job_search_rate: float = param(
        0.008, "applications/week",
        "Mean applications a week from people employed at their level and in their field "
        "(for another such job: moves for pay, place or career, which the model does not "
        "otherwise represent).",
        "calibrated to job-to-job mobility: about 8-12 % of employees change employer "
        "in a year in the Nordic countries (TemaNord 2010:515; STEP 2003); job-to-job "
        "movers fill 40-55 % of vacancies", ge=0.0, le=100.0,
    )
    referrals: bool = param(
        True, "-", "Contacts at an employer with a vacancy lead to referral applications.",
        "DESIGN §1: networks carry the signal; about 40 % of hires in Norway come through "
        "the employer's network (Aetat 2004), over half of jobs in American studies",
    )
    contacts_per_person: tuple[float, float] = param(
        (1.0, 0.4), "employers",
        "Mean employer contacts on entering the labour force (family, school, "
        "placements), majority and immigrant.",
        "Calvó-Armengol & Jackson (2004); newly arrived immigrants have few ties to "
        "Norwegian employers (DESIGN §3 step 1); calibrated with `contacts_per_year` to "
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
    # --- Assessment ----------------------------------------------------------------
    formal_weight: float = param(
        0.5, "share", "Weight w of formal skill in productivity q = w·formal + (1−w)·informal.",
        "assumption: formal and informal skills matter equally", ge=0.0, le=1.0,
    )
    interviews_per_vacancy: int = param(
        3, "applicants", "Applicants invited to interview per vacancy (the top k).",
        "assumption: a typical shortlist", ge=1, le=1000,
    )
    hiring_bar: tuple[float, float, float] = param(
        (0.635, 0.735, 0.835), "0-1",
        "Hiring standard of a new vacancy: the minimum assessed productivity for an offer, "
        "by job level (0: no bar). It falls the longer the vacancy stays open.",
        "calibrated to registered unemployment and the share out of work a year or more "
        "(DESIGN §8)",
    )
    hiring_bar_sd: float = param(
        0.06, "0-1",
        "Spread of hiring standards across employers (normal, added to `hiring_bar`): some "
        "employers hire people others would not.",
        "DESIGN §2: a hiring standard by employer and level; assumption on the size "
        "(range 0-0.1)", ge=0.0, le=1.0,
    )
    screening_margin: float = param(
        0.058, "0-1",
        "How far below a vacancy's standard the productivity a CV suggests may lie and "
        "still be invited to interview (employers interview more people than they hire).",
        "calibrated so that qualified majority applicants in the in-model correspondence "
        "test get a callback about half the time, as in the Norwegian field experiments "
        "(Birkelund et al. 2014, 2017: 50-51 %)", ge=0.0, le=1.0,
    )
    standard_decline_weeks: float = param(
        13.0, "weeks",
        "Time scale on which a vacancy's standard falls: after t weeks open it is "
        "exp(−t/this) of the new vacancy's (soft standards: nobody is unemployable).",
        "Modestino, Shoag & Ballance (2016, 2020): employers lower requirements when "
        "applicants are scarce; Andrews et al. (2008): vacancies get harder to fill as "
        "they age; no time scale was found (one to three months is consistent with the "
        "evidence): calibrated to the share out of work a year or more",
        gt=0.0, le=1e6,
    )
    unemployment_signal: float = param(
        0.07, "0-1",
        "How much lower employers expect the formal skill of an applicant who has been "
        "out of work eight months or more (read off the gap in the CV; in proportion "
        "for shorter spells): scarring.",
        "Birkelund, Heggebø & Rogstad (2017): in Oslo, long-term unemployed applicants "
        "got 33 % callbacks against 51 % for the employed; Kroft, Lange & Notowidigdo "
        "(2013): most of the fall comes within eight months; size calibrated to that "
        "callback ratio", ge=0.0, le=1.0,
    )
    cv_noise_sd: float = param(
        0.25, "0-1", "Noise of the CV signal of formal skill (Norwegian credentials).",
        "Schmidt & Hunter (1998): the validity of hiring assessments is about 0.4-0.5 "
        "(interviews 0.38-0.51, reference checks 0.26); with the reductions for a typical "
        "CV and readiness this noise gives the employer's final assessment a correlation "
        "of about 0.5-0.6 with true productivity", ge=0.0, le=2.0,
    )
    foreign_credential_noise: OriginNoise = param(
        (1.1, 1.2, 1.3, 1.3), "ratio",
        f"Screening noise on foreign credentials relative to Norwegian ones, by region of "
        f"birth ({ORIGIN_LIST}).",
        "DESIGN §2: extra screening noise on foreign credentials; credentials from "
        "education systems like Norway's are easier to read; stylised and small, because "
        "hiring discrimination calibrated to the field experiments already accounts for "
        "most of immigrants' unemployment (range 1-2)",
    )
    cv_clarity_noise_reduction: float = param(
        0.5, "share", "Noise reduction from a perfectly clear CV.",
        "assumption", ge=0.0, le=1.0,
    )
    referral_noise_reduction: float = param(
        0.5, "share", "Noise reduction when the application comes through a contact.",
        "Granovetter; referrals carry information about the applicant", ge=0.0, le=1.0,
    )
    interview_noise_sd: float = param(
        0.25, "0-1", "Noise of the interview signal of informal skill.",
        "as `cv_noise_sd` (Schmidt & Hunter 1998)", ge=0.0, le=2.0,
    )
    readiness_noise_reduction: float = param(
        0.5, "share", "Interview noise reduction from full interview readiness.",
        "assumption", ge=0.0, le=1.0,
    )
    referral_callback_bonus: float = param(
        1.0, "score", "Screening score bonus of a referral (door opener: a callback).",
        "DESIGN §3: referrals get a callback", ge=0.0, le=10.0,
    )
    prior_skill_sd: float = param(
        0.12, "0-1", "Employers' belief about the spread of skill in each group (σx).",
        "reason: equal to the true spread, as in Aigner & Cain (1977)", gt=0.0, le=2.0,
    )
    prior_gap_formal: OriginGaps = param(
        (0.033, 0.062, 0.094, 0.13), "0-1",
        f"The prevailing belief of how far immigrants' formal skill falls short, by region "
        f"of birth ({ORIGIN_LIST}): what a new recruiter believes. A number applies to "
        "every region.",
        "calibrated to callback gaps for equally qualified applicants: about 1.25 for "
        "European, American and East Asian names and nearly 2 for Middle Eastern, South "
        "Asian and African names (Larsen & Midtbøen 2024; Midtbøen 2016: 1.25 for "
        "Pakistani names). Asia and Latin America are aimed at 1.45, between the two, "
        "and Western names at 1.12 (Nordic names are not reported)",
    )
    prior_gap_informal: OriginGaps = param(
        (0.011, 0.021, 0.031, 0.044), "0-1",
        f"The prevailing belief of how far immigrants' informal skill falls short, by "
        f"region of birth ({ORIGIN_LIST}).",
        "calibrated so that offers are more unequal than callbacks: Quillian, Lee & Oliver "
        "(2020) find 53 % more callbacks and 145 % more offers for majority applicants "
        "(1.6 times; 1.5 in the working paper), in countries that discriminate more than "
        "Norway (Quillian et al. 2019); aimed at 1.4",
    )
    prior_gap_sd: float = param(
        0.03, "0-1", "Spread of prior beliefs across employers.",
        "assumption: employers differ", ge=0.0, le=1.0,
    )
    values_cross_cultural_share: float = param(
        0.2, "share", "Share of employers that value cross-cultural competence.",
        "Fafo 2019:31: some programmes present it as an asset; stylised", ge=0.0, le=1.0,
    )
    cross_cultural_weight: float = param(
        0.05, "score", "Score added per unit of cross-cultural competence where valued.",
        "assumption: a modest asset", ge=0.0, le=1.0,
    )
    endorsement_weight: float = param(
        0.0, "score",
        "Score added when the applicant's mentor works at the employer (ambassador effect).",
        "Fafo 2019:31: mentors are door openers, not ambassadors; little suggests a direct "
        "effect on the employer's assessment", ge=0.0, le=1.0,
    )
    # --- Employer learning ------------------------------------------------------------
    employer_learning: bool = param(
        True, "-", "Employers update beliefs about immigrant applicants from hires.",
        "DESIGN §3 step 6 (research question 2)",
    )
    learning_rate: float = param(
        0.05, "share/hire",
        "Weight of one observed immigrant hire in the employer's belief update.",
        "assumption: beliefs move slowly", ge=0.0, le=1.0,
    )
    exposure_learning_multiplier: float = param(
        3.0, "ratio", "Learning speed of employers exposed to a programme, relative.",
        "Fafo 2019:31: mentors take the experience into their workplaces; stylised",
        ge=1.0, le=100.0,
    )
    belief_turnover: float = param(
        0.004, "per week",
        "Weekly rate at which an employer's belief returns to the prevailing one (the "
        "people who recruit change jobs and bring the prevailing view).",
        "assumption: recruiters stay about five years (range 3-10); it keeps beliefs "
        "stationary in a market without programmes", ge=0.0, le=1.0,
    )
    # --- Employer practice (research question 2) ----------------------------------------
    employer_practice: bool = param(
        True, "-",
        "Employers exposed to a programme change their practice (foreign credentials, "
        "cross-cultural competence, referrals through staff) and mentors carry the "
        "exposure when they change jobs (`practice.py`); switch off to see its "
        "contribution.",
        "DESIGN §3 step 6 (research question 2)",
    )
    credential_practice_rate: float = param(
        0.002, "per week",
        "Weekly rate at which an exposed employer's extra screening noise on foreign "
        "credentials (`foreign_credential_noise`) falls towards none, as a share of what "
        "is left; recruiters' turnover (`belief_turnover`) brings the prevailing practice "
        "back, so an employer exposed for good ends a third of the way (0.002 against "
        "0.004).",
        "Fafo 2019:31: mentors take the experience into their further careers, a slow "
        "spill-over, and little suggests the programme changes the employer's own "
        "assessment directly; Åslund, Hensvik & Skans (2014): who recruits shapes whom a "
        "workplace hires, through information about applicants. No rate was found: "
        "assumption of about 10 % of the excess a year (range 0-0.01)", ge=0.0, le=1.0,
    )
    cross_cultural_adoption_rate: float = param(
        0.002, "per week",
        "Weekly probability that an exposed employer that does not value cross-cultural "
        "competence comes to value it (and sees it in the interview from then on).",
        "Fafo 2019:31: some programmes present cross-cultural competence as an asset; "
        "Dahl, Kotsadam & Rooth (2021): close contact changes attitudes, but the change "
        "fades once contact stops, and a mentor is one of about twenty staff. "
        "Assumption: about one exposed employer in ten a year (range 0-0.01)",
        ge=0.0, le=1.0,
    )
    staff_referral_rate: float = param(
        0.02, "per week",
        "Weekly probability that an exposed employer's staff give an unemployed "
        "immigrant job seeker in the employer's field a contact there (a tie that "
        "passes on its vacancies: a referral).",
        "DESIGN §3 step 6: referrals of immigrants through the staff of an employer "
        "that hosts mentors; Åslund, Hensvik & Skans (2014): recruiters hire former "
        "co-workers without bias, so ties carry information. Assumption: about one new "
        "tie a year per exposed employer, beside the mentee's tie to the mentor's "
        "employer that every dyad already has (range 0-0.1)", ge=0.0, le=1.0,
    )
    mentor_job_change_rate: float = param(
        0.002, "per week",
        "Weekly probability that a mentor changes employer (within his or her field); "
        "a mentor who has met a mentee carries the experience to the new employer, "
        "which counts as exposed from then on.",
        "about 8-12 % of employees change employer in a year in the Nordic countries "
        "(TemaNord 2010:515; STEP 2003), as `job_to_job_search_rate`; Fafo 2019:31: "
        "mentors take the experience into their further careers", ge=0.0, le=1.0,
    )
    # --- Skills outside programmes ----------------------------------------------------
    unemployed_depreciation: float = param(
        0.0006, "per week", "Weekly skill loss while unemployed (share of the skill).",
        "Edin & Gustavsson (2008): a year out of work costs about 5 percentiles of the "
        "skill distribution, about 0.13 standard deviations or 3 % of a mid-scale skill "
        "(range 0.0003-0.002)", ge=0.0, le=1.0,
    )
    on_job_learning: float = param(
        0.0002, "per week", "Weekly informal learning at work (share of the remaining gap).",
        "reason: Norway's compressed experience-earnings profiles (about 3-5 % a year "
        "early in a career, flat after 25-30 years) price experience into wages, which "
        "the model leaves out: employers rank applicants by productivity alone, so a "
        "steep profile would shut school leavers out. 0.0002 gives productivity about "
        "0.1 higher after a career than at entry (range 0.0001-0.0006)", ge=0.0, le=1.0,
    )
    # --- Mentoring technology (how the levers act) -----------------------------------
    skill_gain_per_meeting: float = param(
        0.02, "share of gap", "Skill gain of one fully effective meeting.",
        "assumption: a year of fortnightly meetings closes about a third of a gap",
        ge=0.0, le=1.0,
    )
    remote_formal_efficacy: float = param(
        0.8, "ratio", "Efficacy of a remote meeting for formal skills.",
        "assumption: formal content travels well", ge=0.0, le=1.0,
    )
    remote_informal_efficacy: float = param(
        0.3, "ratio", "Efficacy of a remote meeting for informal skills.",
        "Fafo 2019:31: informal skills are raised best face to face", ge=0.0, le=1.0,
    )
    untrained_role_clarity: float = param(
        0.6, "ratio", "Meeting efficacy without role training, relative to trained dyads.",
        "Fafo 2019:31: unclear expectations weaken mentoring", ge=0.0, le=1.0,
    )
    cross_field_suitability: float = param(
        0.4, "ratio", "Mentor efficacy outside his or her own field, relative.",
        "Fafo 2019:31: professionally suitable mentors are needed", ge=0.0, le=1.0,
    )
    mentor_suitability_mean: float = param(
        0.6, "0-1", "Mean professional suitability of volunteer mentors.",
        "assumption", ge=0.0, le=1.0,
    )
    signal_gain_per_meeting: float = param(
        0.04, "share of gap", "Gain in CV clarity and interview readiness per meeting.",
        "Fafo 2019:31: help with applications and interviews is common", ge=0.0, le=1.0,
    )
    cross_cultural_gain: float = param(
        0.04, "share of gap",
        "Gain in how well a participant presents cross-cultural competence per meeting "
        "or plenary session, times the mentor's own cross-cultural competence (0-1), "
        "role clarity and the format's efficacy for informal skills (`mentoring."
        "efficiency`).",
        "Fafo 2019:31: some programmes teach participants to present cross-cultural "
        "competence as an asset; assumption: as much as the gain in interview readiness "
        "(signal_gain_per_meeting) from a mentor of full competence (range 0-0.1)",
        ge=0.0, le=1.0,
    )
    introduction_prob: float = param(
        0.05, "per meeting", "Probability that a meeting introduces a new employer contact.",
        "Fafo 2019:31: mentors can be decisive door openers", ge=0.0, le=1.0,
    )
    mentor_network_size: int = param(
        4, "employers", "Employers in a mentor's network besides his or her own.",
        "assumption", ge=0, le=64,
    )
    dormancy_hazard: float = param(
        0.04, "per week", "Weekly hazard that an active dyad goes dormant.",
        "Fafo 2019:31: some dyads meet almost never; about half dormant within a year",
        ge=0.0, le=1.0,
    )
    role_training_dormancy_reduction: float = param(
        0.5, "share", "Reduction of the dormancy hazard from role training.",
        "Fafo 2019:31: clear roles keep dyads going", ge=0.0, le=1.0,
    )
    followup_dormancy_reduction: float = param(
        0.5, "share", "Reduction of the dormancy hazard at full follow-up.",
        "Fafo 2019:31: close follow-up helps", ge=0.0, le=1.0,
    )
    followup_revival_rate: float = param(
        0.1, "per week", "Weekly revival probability of a dormant dyad at full follow-up.",
        "assumption", ge=0.0, le=1.0,
    )
    plenary_revival_prob: float = param(
        0.5, "probability", "Probability that a plenary session revives a dormant dyad.",
        "Fafo 2019:31: plenaries keep participants engaged", ge=0.0, le=1.0,
    )
    plenary_informal_gain: float = param(
        0.02, "share of gap",
        "Informal-skill gain of one fully effective plenary session (times the same "
        "efficiency factors as a meeting: the mentor's suitability, level fit, role "
        "clarity, format).",
        "assumption: as much as one fully effective meeting (skill_gain_per_meeting)",
        ge=0.0, le=1.0,
    )
    plenary_contact_share_prob: float = param(
        0.2, "probability", "Probability a participant gains a contact at a plenary.",
        "Fafo 2019:31: participants share contacts at plenaries", ge=0.0, le=1.0,
    )
    trainee_learning: float = param(
        0.0006, "share of gap/week", "Weekly informal learning during a traineeship.",
        "reason: a placement is work with supervision: three times on_job_learning "
        "(0.0002); assumption on the multiple (range 1-5 times). A traineeship works "
        "mainly through the host's close view of the trainee (Fafo 2019:31: a foot in "
        "the door)", ge=0.0, le=1.0,
    )
    trainee_assessment_noise_sd: float = param(
        0.03, "0-1", "Noise of a host's view of a trainee's productivity.",
        "DESIGN §4: the host sees true productivity with little noise", ge=0.0, le=2.0,
    )
    # --- Mechanism switches (teaching) ----------------------------------------------
    skills_channel: bool = param(
        True, "-", "Programmes raise skills (meetings, plenaries, traineeships).",
        "DESIGN §1 factor 1; switch off to see its contribution",
    )
    signalling_channel: bool = param(
        True, "-",
        "Programmes improve signals (CV, interview readiness, new contacts and referrals).",
        "DESIGN §1 factor 2; switch off to see its contribution",
    )
    deliver_programmes: bool = param(
        True, "-",
        "Deliver the programmes; if false, intake selects and labels participants but "
        "nothing is delivered (the twin world).",
        "DESIGN §5: the twin world shares every random draw",
    )
    programmes: list[Programme] = Field(
        default_factory=lambda: [Programme()],
        description="The programmes in the model (an empty list: no programme).",
        json_schema_extra={"unit": "-", "source": "reason: one typical programme"},
    )

    @model_validator(mode="after")
    def _check_shares(self) -> Params:
        for name in ("qualification_shares", "job_level_shares", "origin_shares"):
            shares = getattr(self, name)
            if any(not s >= 0 for s in shares) or not abs(sum(shares) - 1.0) <= 1e-6:
                count = {3: "three", 4: "four"}.get(len(shares), str(len(shares)))
                raise ValueError(f"{name} must be {count} non-negative shares summing to 1")
        for name in (
            "formal_skill_means", "cv_quality_means", "interview_readiness_means",
            "cross_cultural_means", "initial_unemployment", "hiring_bar",
            "initial_overqualified", "initial_out_of_field",
        ):
            if any(not 0.0 <= v <= 1.0 for v in getattr(self, name)):
                raise ValueError(f"{name}: every value must lie in [0, 1]")
        if any(not c >= 0 for c in self.contacts_per_person):
            raise ValueError("contacts_per_person: values must be non-negative")
        low, high = self.arrival_ages
        if any(r + m > 1.0 + 1e-9 for r, m in zip(self.refugee_shares,
                                                  self.labour_migrant_shares, strict=True)):
            raise ValueError("refugee_shares and labour_migrant_shares: together at most 1 "
                             "in each region")
        if not low <= high < self.retirement_age or min(self.entry_ages) >= self.retirement_age:
            raise ValueError("arrival_ages must be two ages, the first no later than the "
                             "second, and they and entry_ages below retirement_age")
        names = [p.name for p in self.programmes]
        if len(set(names)) != len(names):
            raise ValueError(f"programme names must be unique, got {names}")
        return self


@dataclass(frozen=True)
class Bounds:
    """A numeric field's bounds as the schema declares them."""

    low: float = -math.inf
    high: float = math.inf
    low_inclusive: bool = True
    high_inclusive: bool = True

    def text(self, sep: str = "", fmt: Callable[[float], str] = str) -> list[str]:
        """E.g. ``[">=0", "<=1"]`` (only the finite bounds)."""
        out = []
        if self.low != -math.inf:
            out.append(f"{'>=' if self.low_inclusive else '>'}{sep}{fmt(self.low)}")
        if self.high != math.inf:
            out.append(f"{'<=' if self.high_inclusive else '<'}{sep}{fmt(self.high)}")
        return out


def field_bounds(field: Any) -> Bounds:
    """The bounds (ge/gt/le/lt) of a schema field (of each value, for a tuple whose values
    carry them)."""
    b = {}
    metadata = list(field.metadata)
    if typing.get_origin(field.annotation) is tuple:
        args = typing.get_args(field.annotation)
        if args and typing.get_origin(args[0]) is Annotated:
            for meta in typing.get_args(args[0])[1:]:
                metadata += list(getattr(meta, "metadata", [meta]))
    for meta in metadata:
        for attr, key, inclusive in (("ge", "low", True), ("gt", "low", False),
                                     ("le", "high", True), ("lt", "high", False)):
            if getattr(meta, attr, None) is not None:
                b[key] = getattr(meta, attr)
                b[f"{key}_inclusive"] = inclusive
    return Bounds(**b)


def parameter_table() -> list[dict[str, str]]:
    """Rows (section, name, default, bounds, unit, description, source) for every parameter."""
    rows = []
    for section, model in (("market", Params), ("programme", Programme)):
        for name, field in model.model_fields.items():
            if name == "programmes":
                continue
            extra = field.json_schema_extra or {}
            default = field.default if field.default_factory is None else field.default_factory()
            bounds = field_bounds(field).text()
            ann = field.annotation
            choices = getattr(ann, "__args__", None)
            if choices and all(isinstance(c, str) for c in choices):
                bounds = ["|".join(choices)]
            rows.append({
                "section": section,
                "name": name,
                "default": repr(default) if isinstance(default, str) else str(default),
                "bounds": " ".join(bounds),
                "unit": extra.get("unit", ""),
                "description": field.description or "",
                "source": extra.get("source", ""),
            })
    return rows
