"""The levers of one programme (`Programme`), with every default, bound, unit and source."""

from __future__ import annotations

from typing import Literal

from .fields import Strict, param

__all__ = ["MATCHING_RULES", "PROGRAMME_FIELDS", "SELECTION_RULES", "Programme"]

SELECTION_RULES = ("random", "readiness", "need", "demand")
MATCHING_RULES = ("random", "field", "optimal")


class Programme(Strict):
    """One mentoring or trainee programme: the levers an analyst sets (docs/model.md §7)."""

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
        "docs/analyst.md §3: attribution is the report's hardest problem",
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
