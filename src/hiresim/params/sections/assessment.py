"""How employers assess applicants (productivity, hiring standards, the noise of CVs and
interviews, prior beliefs about immigrants), and how their beliefs and practice change
(employer learning; employer practice, research question 2)."""

from __future__ import annotations

from ..fields import ORIGIN_LIST, OriginGaps, OriginNoise, Strict, param


class AssessmentParams(Strict):
    """How employers assess applicants, learn from hires and change their practice."""

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
        "(docs/model.md §6)",
    )
    hiring_bar_sd: float = param(
        0.06, "0-1",
        "Spread of hiring standards across employers (normal, added to `hiring_bar`): some "
        "employers hire people others would not.",
        "docs/model.md §2: a hiring standard by employer and level; assumption on the size "
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
        11.5, "weeks",
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
        "docs/model.md §2: extra screening noise on foreign credentials; credentials from "
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
        "docs/model.md §3: referrals get a callback", ge=0.0, le=10.0,
    )
    prior_skill_sd: float = param(
        0.12, "0-1", "Employers' belief about the spread of skill in each group (σx).",
        "reason: equal to the true spread, as in Aigner & Cain (1977)", gt=0.0, le=2.0,
    )
    prior_gap_formal: OriginGaps = param(
        (0.035, 0.066, 0.099, 0.145), "0-1",
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
        "docs/model.md §3, step 6 (research question 2)",
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
        "docs/model.md §3, step 6 (research question 2)",
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
        "docs/model.md §3, step 6: referrals of immigrants through the staff of an employer "
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
