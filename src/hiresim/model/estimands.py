"""The estimands (docs/analyst.md §3): what each effect a run reports means, beside the weekly
metrics (`metrics`). `hiresim.pipeline.effects` computes them from a variant's worlds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Estimand:
    """One effect: a label for people, its unit, and what it says."""

    label: str
    unit: str  # share (0-1, shown as percentage points), persons, skill, NOK, gap
    family: str  # truth, evaluation, bias, comparison, cost, practice
    meaning: str


ESTIMANDS: dict[str, Estimand] = {
    "gross_employment": Estimand(
        "Participants' employment (true effect)", "share", "truth",
        "participants in the programme world minus the same people in the twin world"),
    "gross_right_level": Estimand(
        "Participants at the right level (true effect)", "share", "truth",
        "share of participants working at the right level (their qualification level, "
        "in their field), minus the twin"),
    "gross_right_level_reached": Estimand(
        "Participants who reached a right-level job (true effect)", "share", "truth",
        "share who have worked at the right level at some point since intake, minus the "
        "twin"),
    "gross_hired": Estimand(
        "Participants hired since intake (true effect)", "share", "truth",
        "share hired at least once since intake, minus the twin"),
    "gross_formal": Estimand(
        "Participants' formal skill (true effect)", "skill", "truth",
        "mean formal skill (0-1 scale), minus the twin"),
    "gross_informal": Estimand(
        "Participants' informal skill (true effect)", "skill", "truth",
        "mean informal skill (0-1 scale), minus the twin"),
    "gross_jobs": Estimand(
        "Jobs gained by participants", "persons", "truth",
        "participants' employment effect times the number of participants"),
    "gross_right_level_jobs": Estimand(
        "Right-level jobs gained by participants", "persons", "truth",
        "participants' right-level effect times the number of participants"),
    "displacement_jobs": Estimand(
        "Non-participants' jobs (displacement)", "persons", "truth",
        "employed non-participants in the programme world minus the twin (negative: "
        "jobs taken from others)"),
    "displacement_eligible": Estimand(
        "Eligible non-participants' employment", "share", "truth",
        "effect on the eligible job seekers (immigrants out of work) not taken in"),
    "effect_majority_employment": Estimand(
        "Majority employment", "share", "truth", "effect on the majority group"),
    "net_jobs": Estimand(
        "Net effect on total employment", "persons", "truth",
        "employed persons in the programme world minus the twin: gross plus displacement "
        "(displacement is negative when others lose jobs)"),
    "net_right_level_jobs": Estimand(
        "Net effect on jobs at the right level", "persons", "truth",
        "people working at the right level (their qualification level, in their field) "
        "in the programme world minus the twin"),
    "displacement_right_level_jobs": Estimand(
        "Non-participants' jobs at the right level", "persons", "truth",
        "non-participants working at the right level, programme world minus twin"),
    "effect_immigrant_employment": Estimand(
        "Immigrants' employment", "share", "truth", "effect on all immigrants"),
    "effect_immigrant_right_level": Estimand(
        "Immigrants at the right level", "share", "truth",
        "effect on the share of all immigrants working at the right level"),
    "effect_belief_gap": Estimand(
        "Employer belief gap", "gap", "truth",
        "effect on how far employers' beliefs about immigrant applicants fall below the "
        "truth (negative: beliefs closer to the truth)"),
    "effect_immigrant_share_staff": Estimand(
        "Diversity: immigrant share of staff", "share", "truth",
        "effect on the immigrant share of all employees"),
    "rct_employment": Estimand(
        "RCT estimate: employment", "share", "evaluation",
        "treated minus control participants in the programme world (what a randomised "
        "evaluation would report)"),
    "rct_right_level": Estimand(
        "RCT estimate: right level", "share", "evaluation",
        "treated minus control, share working at the right level"),
    "naive_employment": Estimand(
        "Naive estimate: participants vs eligible", "share", "evaluation",
        "participants' employment minus that of the eligible job seekers not taken in "
        "(what a programme report comparing groups would show)"),
    "naive_right_level": Estimand(
        "Naive estimate: right level, participants vs eligible", "share", "evaluation",
        "participants minus the eligible job seekers not taken in, share working at "
        "the right level"),
    "before_after_employment": Estimand(
        "Naive estimate: before/after", "share", "evaluation",
        "participants' employment now minus at intake (what a programme report following "
        "its participants would show)"),
    "before_after_right_level": Estimand(
        "Naive estimate: before/after, right level", "share", "evaluation",
        "participants working at the right level now minus at intake"),
    "gross_employment_vs_base": Estimand(
        "Participants' employment effect vs base", "share", "comparison",
        "this variant's true effect on participants minus the base's (paired)"),
    "gross_right_level_vs_base": Estimand(
        "Right-level effect vs base", "share", "comparison",
        "this variant's true right-level effect minus the base's (paired)"),
    "net_jobs_vs_base": Estimand(
        "Net jobs vs base", "persons", "comparison",
        "this variant's net effect on total employment minus the base's (paired)"),
    "net_right_level_jobs_vs_base": Estimand(
        "Net right-level jobs vs base", "persons", "comparison",
        "this variant's net effect on jobs at the right level minus the base's (paired)"),
    "gross_earnings": Estimand(
        "Participants' earnings", "NOK", "truth",
        "participants' monthly earnings minus the twin's at the horizon, NOK per "
        "participant per month (earnings by job level, monthly_earnings, less "
        "field_mismatch_penalty outside one's field)"),
    "earnings_gained": Estimand(
        "Earnings gained per participant", "NOK", "truth",
        "participants' earnings from intake to the horizon minus the twin's, NOK per "
        "participant"),
    "net_earnings": Estimand(
        "Net earnings in the market", "NOK", "truth",
        "everybody's earnings from intake to the horizon minus the twin's, NOK: what "
        "participants gained less what others lost"),
    "budget_effect": Estimand(
        "Public budget effect", "NOK", "truth",
        "unemployment benefits saved plus taxes on the extra earnings (tax_rate), "
        "everybody, from intake to the horizon, minus the programme's cost, NOK"),
    "benefit_cost_ratio": Estimand(
        "Benefit-cost ratio", "ratio", "truth",
        "net earnings in the market from intake to the horizon divided by the "
        "programme's cost"),
    "cost_per_net_job": Estimand(
        "Cost per additional job (net)", "NOK", "cost",
        "programme cost divided by the net effect on total employment"),
    "cost_per_participant_job": Estimand(
        "Cost per additional job for participants (gross)", "NOK", "cost",
        "programme cost divided by jobs gained by participants, ignoring displacement"),
    "cost_per_right_level_job": Estimand(
        "Cost per additional right-level job for participants", "NOK", "cost",
        "programme cost divided by participants' additional jobs at the right level"),
    "cost_per_net_right_level_job": Estimand(
        "Cost per additional right-level job (net)", "NOK", "cost",
        "programme cost divided by the net effect on jobs at the right level"),
}

#: What each evaluation-world estimand is an estimate of (for 'bias' = estimate − truth).
TARGETS = {"rct_employment": "gross_employment", "rct_right_level": "gross_right_level",
           "naive_employment": "gross_employment", "naive_right_level": "gross_right_level",
           "before_after_employment": "gross_employment",
           "before_after_right_level": "gross_right_level"}

# Each evaluation's gap to the truth, paired by replication (``bias_<estimand>``).
ESTIMANDS.update({
    f"bias_{est}": Estimand(f"{ESTIMANDS[est].label} (gap to the truth)", "share", "bias",
                            f"{est} minus {target} (the true effect), replication by "
                            "replication")
    for est, target in TARGETS.items()})


# Research question 2: does the programme change how enterprises hire, and does it raise
# diversity? The host employers (whose staff mentor participants) against the same
# employers in the twin world, and practice at all employers (the spill-over).
PRACTICE_ESTIMANDS: dict[str, tuple[str, Estimand]] = {  # estimand: (metric, meaning)
    "exposed_belief_gap": ("exposed_belief_gap", Estimand(
        "Belief gap at the host employers", "gap", "practice",
        "effect on how far the host employers' beliefs about immigrant applicants fall "
        "below the truth (negative: closer to the truth)")),
    "exposed_immigrant_share_hires": ("exposed_immigrant_share_hires", Estimand(
        "Immigrant share of hires at the host employers", "share", "practice",
        "effect on the immigrant share of everybody the host employers hired since "
        "intake (participants included)")),
    "exposed_immigrant_share_staff": ("exposed_immigrant_share_staff", Estimand(
        "Immigrant share of staff at the host employers", "share", "practice",
        "effect on the immigrant share of the host employers' staff")),
    "exposed_credential_noise": ("exposed_credential_noise", Estimand(
        "Extra noise on foreign credentials at the host employers", "ratio", "practice",
        "effect on the host employers' screening noise on foreign credentials relative "
        "to Norwegian ones (1: read as well as Norwegian ones)")),
    "exposed_values_cross_cultural": ("exposed_values_cross_cultural", Estimand(
        "Host employers that value cross-cultural competence", "share", "practice",
        "effect on the share of host employers that see cross-cultural competence as an "
        "asset in the interview")),
    "effect_credential_noise": ("credential_noise", Estimand(
        "Extra noise on foreign credentials, all employers", "ratio", "practice",
        "effect on the mean screening noise on foreign credentials relative to Norwegian "
        "ones, over all employers (the spill-over included)")),
    "effect_values_cross_cultural": ("values_cross_cultural_share", Estimand(
        "Employers that value cross-cultural competence, all", "share", "practice",
        "effect on the share of all employers that value cross-cultural competence")),
}
ESTIMANDS.update({name: est for name, (_, est) in PRACTICE_ESTIMANDS.items()})


#: The estimands a sweep can keep run by run, each with whether it needs the twin world.
#: Not the comparisons with a base variant (a sweep compares its points instead) nor the
#: costs per job (a ratio of means: the programme's cost over a point's mean job count).
SWEEP_ESTIMANDS: dict[str, bool] = {
    name: est.family != "evaluation" for name, est in ESTIMANDS.items()
    if est.family not in ("comparison", "cost")}
