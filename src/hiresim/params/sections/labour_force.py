"""The labour force: its size and composition by region of birth, fields and levels, skills
and signals, and entry to and exit from it (retirement, emigration, leaving the
register, immigrants' arrival)."""

from __future__ import annotations

from ..fields import ORIGIN_LIST, OriginShares, Strict, param


class LabourForceParams(Strict):
    """Who is in the labour force, what they bring, and how they enter and leave it."""

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
        "calibrated to unemployment by region of birth (SSB 2019, docs/model.md §6). Eastern "
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
        "leaves (the exact limits of docs/model.md §7).",
        "docs/model.md §3, step 1: a stationary labour force needs entry and exit",
    )
    burn_in_years: float = param(
        30.0, "years",
        "Years the market runs, without programmes and on streams of its own, before "
        "week 0; week 0 is the state it reaches. 0: week 0 is the market as first drawn.",
        "docs/model.md §5 (stationarity): drawn at week 0, the market drifts for decades as the "
        "register's selection and years in Norway build up (immigrants' unemployment "
        "fell by 0.5-0.9 points from year 2 to year 10); after 30 years it no longer "
        "drifts (docs/model.md §5, measured with 10, 20 and 30). Costs about 15 times a "
        "two-year run at build", ge=0.0, le=200.0,
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
        0.004, "per week",
        "Weekly probability that an unemployed person leaves the register for something "
        "other than a job (education, health-related benefits, leaving the labour "
        "force); a newcomer of the same region takes the place. People followed by a "
        "programme or its evaluation, and trainees, stay.",
        "calibrated to the share out of work a year or more and unemployment by group in "
        "the stationary market (after `burn_in_years`; docs/model.md §6): about 0.2 a year "
        "(0.006 on the market as first drawn, which had not yet settled). NAV's "
        "statistics of transitions (overgang til arbeid og stønad) show that many who "
        "leave the register are not in work six months later (programmes, education, "
        "health-related benefits); the model's rate ends fewer spells this way than "
        "those statistics suggest (docs/model.md)", ge=0.0, lt=1.0,
    )
    entrant_registration_share: float = param(
        0.22, "share",
        "Share of people entering the labour force (school leavers and immigrants) who "
        "register with NAV as job seekers while they look for their first job in "
        "Norway. Whoever has had a job since entering registers when out of work. "
        "Registered unemployment (`registered_unemployment_rate_<who>`) counts the "
        "registered; `unemployment_rate_<who>` counts everybody out of work, as the "
        "Labour Force Survey does.",
        "SSB: the Labour Force Survey counts far more unemployed than NAV's register "
        "(3.7 % of the labour force against 2.3 % in 2019), because people without "
        "benefit rights, young people and newcomers among them, have weak reasons to "
        "register; in 2015 about half of the LFS unemployed were not registered at all "
        "(range 0.1-0.6); calibrated to registered unemployment of the newly settled "
        "(docs/model.md §6)", ge=0.0, le=1.0,
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
    introduction_job_share: float = param(
        0.4, "share",
        "Share of the refugees entering the labour force from the introduction programme "
        "who come to a job it placed them in (an open vacancy in their field, at any "
        "level, as labour migrants do); the others start unemployed.",
        "SSB, introduction programme leavers of 2016 a year later: 44 % in work (31 % "
        "work only, 13 % work and education), 5 % registered unemployed, 5 % on labour-"
        "market programmes; the rest in education only (17 %) or outside the labour "
        "force (28 %). Of those in the labour force a year later about 80 % work; some "
        "found the job during that year, so the share placed at entry is lower: range "
        "0.3-0.8 (uncertain); 0.4 with the registered unemployment of the newly settled "
        "and of Africa and Asia in their bands (docs/model.md §6)",
        ge=0.0, le=1.0,
    )
    introduction_programme_weeks: int = param(
        104, "weeks",
        "Time refugees spend in the introduction programme before entering the labour "
        "force (years since arrival start at arrival).",
        "Introduction Act: a two-year programme (up to three)", ge=0, le=520,
    )
