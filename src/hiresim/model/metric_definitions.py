"""What each weekly metric (`metrics.metric_names`) measures, and in what unit.

The definitions are written once per family of metrics (``employment_rate_<who>``) and
spelt out for every member, so that each name `metric_names` lists has exactly one
definition (`metric_definitions`). ``hiresim metrics`` prints them beside the estimands
(`estimands.ESTIMANDS`), and docs/metrics.md is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .metrics import BREAKDOWNS, POPULATIONS, RESIDENCE, metric_names
from .state import ARMS, IMMIGRANT_ORIGINS, ORIGIN_LABELS


@dataclass(frozen=True)
class MetricDefinition:
    """One weekly metric: its name, its unit and what it measures."""

    name: str
    unit: str
    definition: str


#: Who a suffix of a metric's name stands for.
WHO = {
    "majority": "people without immigrant background",
    "immigrant": "immigrants",
    "treatment": "participants (the treated arm)",
    "control": "the control group (randomised out, with evaluation: rct)",
    "eligible": "eligible job seekers not taken in",
    **{o: f"immigrants born in {ORIGIN_LABELS[o]}" if o != "western"
       else "immigrants born in Western countries" for o in IMMIGRANT_ORIGINS},
    "settled_under_4": "immigrants who arrived less than 4 years ago",
    "settled_4_to_6": "immigrants who arrived 4 to 6 years ago",
    "settled_7_plus": "immigrants who arrived 7 or more years ago",
}
QUALIFICATIONS = ("vocational or upper secondary", "bachelor", "master or higher")
#: The weekly flows of the hiring funnel, by who they concern.
_FUNNEL_WORDS = {
    "applications": "applications sent by {who} this week",
    "callbacks": "applications by {who} that got a callback (an interview) this week",
    "offers": "job offers made to {who} this week",
    "hires": "{who} hired this week",
    "referral_hires": "{who} hired this week through a contact (a referral)",
    "separations": "{who} whose job ended this week",
}
_MARKET_WORDS = {
    "job_to_job": "employed people who moved straight to another job this week",
    "vacancies_created": "new jobs employers opened this week",
    "vacancies_replaced": "vacancies opened this week to replace a job that ended",
    "vacancies_filled": "vacancies filled this week",
    "vacancies_withdrawn": "vacancies employers gave up this week",
}
_BELIEF = ("employers' mean believed skill gap of {who} less the true gap (formal and "
           "informal skill weighted by formal_weight{weights}); positive: more pessimistic "
           "than the truth")

#: (family, members, unit, definition with ``{who}`` for the member).
_FAMILIES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("employment_rate", BREAKDOWNS, "share", "share of {who} in work"),
    ("right_level_rate", BREAKDOWNS, "share",
     "share of {who} working at the right level (their qualification level, in their field)"),
    ("formal", BREAKDOWNS, "skill (0-1)", "mean formal skill of {who}"),
    ("informal", BREAKDOWNS, "skill (0-1)",
     "mean informal skill (language, workplace norms, tacit know-how) of {who}"),
    ("unemployment_rate", POPULATIONS, "share", "share of {who} out of work"),
    ("long_term_share", POPULATIONS, "share",
     "share of {who} out of work who have been out of work 52 weeks or more"),
    ("overqualified_rate", POPULATIONS, "share",
     "share of employed {who} with a bachelor or more who work below their level"),
    ("out_of_field_rate", POPULATIONS, "share",
     "share of employed {who} who work outside their field"),
    ("unemployment_rate", RESIDENCE, "share", "share of {who} out of work"),
    ("registered_unemployment_rate", (*POPULATIONS, *RESIDENCE), "share",
     "share of {who} out of work and registered with NAV (entrant_registration_share): "
     "what SSB's registered unemployment counts"),
    ("hired_since_intake", ARMS[1:], "share",
     "share of {who} hired at least once since the first intake"),
    ("right_level_since_intake", ARMS[1:], "share",
     "share of {who} who have worked at the right level at some point since the first "
     "intake"),
    *((f, POPULATIONS, "persons a week", words) for f, words in _FUNNEL_WORDS.items()),
    ("belief_gap", IMMIGRANT_ORIGINS, "gap (skill)", _BELIEF.replace("{weights}", "")),
    ("intake_share", IMMIGRANT_ORIGINS, "share",
     "share of {who} among the people the intakes so far took in"),
    ("earnings", ARMS[1:], "NOK a month",
     "mean monthly earnings of {who}, 0 for those out of work"),
    ("benefits", ARMS[1:], "NOK a month",
     "mean expected unemployment benefit of {who}: for those out of work benefit_coverage "
     "x benefit_replacement x the earnings of their qualification level, 0 for the others"),
)

#: Metrics that stand alone: name to (unit, definition).
_SINGLE: dict[str, tuple[str, str]] = {
    "week": ("week", "weeks since the start (0: the initial state)"),
    "unemployed": ("persons", "people out of work"),
    "right_level_jobs": ("persons", "people working at the right level (their "
                                    "qualification level, in their field)"),
    "searchers": ("persons", "people looking for work this week: the unemployed and the "
                             "employed searching on the job"),
    "vacancies": ("vacancies", "open vacancies at the end of the week"),
    "participants": ("persons", "people in the treatment arm: taken in by a programme, "
                                "whether or not it has ended"),
    "entrants": ("persons a week", "people who joined the labour force this week (school "
                                   "leavers and newly arrived immigrants)"),
    "register_exits": ("persons a week", "people out of work who left the register this "
                                         "week for something other than a job or "
                                         "retirement"),
    "long_term_unemployed": ("persons", "people out of work for 52 weeks or more"),
    "registered_unemployed": ("persons", "people out of work and registered with NAV "
                              "(entrant_registration_share)"),
    "benefit_recipients": ("persons", "people out of work drawing dagpenger as the week's "
                           "search starts (benefit_entitled_share, benefit_weeks)"),
    **{f: ("vacancies a week" if f.startswith("vacancies") else "persons a week", words)
       for f, words in _MARKET_WORDS.items()},
    "trainee_hires": ("persons a week", "trainees hired by their host at the end of a "
                                        "traineeship this week"),
    "in_traineeship": ("persons", "people in a traineeship"),
    "meetings": ("meetings a week", "mentor meetings held this week"),
    "dyads_active": ("pairs", "mentor pairs that meet"),
    "dyads_dormant": ("pairs", "mentor pairs that have gone quiet"),
    "match_quality": ("score (0-1)", "mean quality of the mentor pairs: same field, level "
                                     "fit and the mentor's suitability, averaged (NaN "
                                     "without pairs)"),
    "belief_gap": ("gap (skill)", _BELIEF.format(who="immigrant applicants",
                                                 weights=", regions by origin_shares")),
    "belief_gap_formal": ("gap (skill)", "employers' mean believed gap in immigrants' "
                                         "formal skill less the true gap (regions weighted "
                                         "by origin_shares)"),
    "belief_gap_informal": ("gap (skill)", "employers' mean believed gap in immigrants' "
                                           "informal skill less the true gap (regions "
                                           "weighted by origin_shares)"),
    "immigrant_share_hires": ("share", "immigrants' share of this week's hires"),
    "immigrant_share_staff": ("share", "immigrants' share of all employees"),
    "employers_with_immigrant_staff": ("share", "share of employers with at least one "
                                                "immigrant employee"),
    "exposed_employers": ("employers", "employers that have hosted a mentor or a trainee "
                                       "or hired a participant"),
    "intake_size": ("persons", "people the intakes so far took in (both arms of an "
                               "evaluation)"),
    "intake_employed_share": ("share", "share of them in work at intake"),
    "intake_weeks_unemployed": ("weeks", "their mean weeks out of work at intake"),
    "intake_long_term_share": ("share", "share of them out of work 52 weeks or more at "
                                        "intake"),
    "intake_years_since_arrival": ("years", "their mean years in Norway at intake "
                                            "(immigrants)"),
    **{f"intake_share_qualification_{q}": ("share", f"share of them with qualification "
                                                    f"level {q} ({words})")
       for q, words in enumerate(QUALIFICATIONS)},
    "earnings_total": ("NOK a month", "everybody's monthly earnings, summed (earnings by "
                                      "job level, less field_mismatch_penalty outside "
                                      "one's field)"),
    "benefits_total": ("NOK a month", "expected unemployment benefits of everybody out of "
                                      "work, summed"),
    "host_employers": ("employers", "employers whose staff mentor a programme's "
                                    "participants (the hosts; in a twin world, the same "
                                    "employers)"),
    "exposed_belief_gap": ("gap (skill)", "belief_gap at the host employers"),
    "exposed_immigrant_share_hires": ("share", "immigrants' share of everybody the host "
                                               "employers hired since the first intake"),
    "exposed_immigrant_share_staff": ("share", "immigrants' share of the host employers' "
                                               "staff"),
    "exposed_credential_noise": ("ratio", "the host employers' screening noise on foreign "
                                          "credentials relative to Norwegian ones (1: read "
                                          "as well), regions weighted by origin_shares"),
    "exposed_values_cross_cultural": ("share", "share of the host employers that value "
                                               "cross-cultural competence in the interview"),
    "credential_noise": ("ratio", "exposed_credential_noise over all employers"),
    "values_cross_cultural_share": ("share", "share of all employers that value "
                                             "cross-cultural competence"),
}


def _spelt_out() -> dict[str, tuple[str, str]]:
    out = dict(_SINGLE)
    for family, members, unit, words in _FAMILIES:
        for m in members:
            out[f"{family}_{m}"] = (unit, words.format(who=WHO[m]))
    return out


def metric_definitions() -> list[MetricDefinition]:
    """Every weekly metric with its unit and definition, in `metric_names` order.

    Raises `KeyError` naming the metrics without a definition, or the definitions of
    metrics the model no longer computes."""
    defined, names = _spelt_out(), metric_names()
    missing = [name for name in names if name not in defined]
    stale = sorted(set(defined) - set(names))
    if missing or stale:
        raise KeyError(f"weekly metrics without a definition: {', '.join(missing) or 'none'}; "
                       f"definitions without a metric: {', '.join(stale) or 'none'}")
    return [MetricDefinition(name, *defined[name]) for name in metric_names()]
