"""What the results say, in plain words: the answer first (`headline`: the bottom line,
who was taken in, the effects on everybody, what an evaluation would report, money,
employers, cost per job), and research question 2 (`practice_words`: how the host
employers' practice and diversity changed).

Each finding is plain text with a lead (`Finding`); the report's template sets the lead
in bold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from ..config.scenario import BASE
from ..model.state import IMMIGRANT_ORIGINS, ORIGIN_LABELS
from ..pipeline.evaluation import PROGRAMME, headline_horizon
from .formatting import clear, finite, fmt_number, fmt_row

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["Finding", "by_variant", "employers_in_short", "headline", "intake_words",
           "practice_words"]

_SELECTION_BIAS = {
    "readiness": "participants were chosen because they were the most job-ready "
                 "(creaming), so they would have done better than other eligible immigrants "
                 "anyway",
    "need": "participants were chosen because they were the furthest from work, so they "
            "would have done worse than other eligible immigrants anyway",
    "demand": "participants were chosen from fields with many vacancies, where jobs are "
              "easier to find anyway",
    "random": "participants were chosen at random, so the comparison differs from the "
              "truth only by chance and by how the programme affects the comparison group",
}


class Finding(NamedTuple):
    """A lead (``Participants.``) and the text after it; ``see`` names a later section
    of the report that says more."""

    lead: str
    text: str
    see: str = ""


def _row(result: ScenarioResult, variant: str, estimand: str, horizon: float) -> pd.Series | None:
    e = result.effects
    hit = e[(e["variant"] == variant) & (e["estimand"] == estimand) & (e["horizon"] == horizon)]
    return None if hit.empty else hit.iloc[0]


def _judged(row: pd.Series) -> str:
    """An effect with its interval, and whether the interval excludes zero."""
    return f"{fmt_row(row)} ({clear(row['ci_low'], row['ci_high'])})"


def intake_words(result: ScenarioResult, variant: str = BASE) -> Finding | None:
    """Who the programme world's intakes took in (mean over replications of the
    `intake_*` outputs at the last week), or None without an intake."""
    ts = result.timeseries
    rows = ts[(ts["variant"] == variant) & (ts["world"] == "programme")]
    if rows.empty or "intake_size" not in rows:
        return None
    last = rows[rows["week"] == rows["week"].max()]
    m = last[[c for c in last.columns if c.startswith("intake_")]].mean()
    if not m["intake_size"] > 0:
        return None
    regions = ", ".join(f"{m[f'intake_share_{o}']:.0%} {ORIGIN_LABELS[o]}"
                        for o in IMMIGRANT_ORIGINS)
    return Finding(
        "Who was taken in.",
        f"{m['intake_size']:.0f} people on average: "
        f"{1 - m['intake_employed_share']:.0%} out of work at intake (on average for "
        f"{m['intake_weeks_unemployed']:.0f} weeks; {m['intake_long_term_share']:.0%} "
        f"for a year or more), {m['intake_employed_share']:.0%} working below their "
        f"level; by region of birth {regions}; on average "
        f"{m['intake_years_since_arrival']:.0f} years in Norway.")


def _evaluation_words(result: ScenarioResult, variant: str,
                      get: Callable[[str], pd.Series | None]) -> Finding | None:
    """What the naive comparisons and an RCT would report for employment, and how far
    each is from the truth."""
    ge, naive = get("gross_employment"), get("naive_employment")
    ba, rct = get("before_after_employment"), get("rct_employment")
    bits = []
    if naive is not None:
        bits.append("comparing participants with the job seekers not taken in gives "
                    f"{fmt_row(naive)}")
    if ba is not None:
        bits.append(f"comparing participants before and after gives {fmt_row(ba)}")
    if rct is not None:
        bits.append(f"the randomised evaluation gives {fmt_row(rct)}")
    overrides = result.scenario.variants.get(variant, {})
    shown = variant == BASE or result.scenario.evaluation == "rct" or any(
        k == "programmes" or k.endswith("selection") for k in overrides)
    if not (bits and shown):
        return None
    text = "for employment: " + "; ".join(bits) + "."
    if ge is not None and naive is not None and finite(ge["mean"]):
        rule = result.scenario.variant_params(variant).programmes[0].selection
        text += (f" Against the true {fmt_number(ge['mean'], 'share')} pp, the group "
                 f"comparison is off by {fmt_number(naive['mean'] - ge['mean'], 'share')} "
                 f"pp: {_SELECTION_BIAS[rule]}. The before/after comparison counts every "
                 "job participants would have found without the programme.")
        if rct is not None and finite(rct["mean"]):
            text += (f" The randomised evaluation is off by "
                     f"{fmt_number(rct['mean'] - ge['mean'], 'share')} pp: randomisation "
                     "removes the selection bias, and what remains is chance and competition "
                     "between treated and control participants.")
    return Finding("What an evaluation would report", text)


def headline(result: ScenarioResult, variant: str = BASE) -> list[Finding]:
    """Plain-language findings for one variant at the headline horizon (its difference
    from the base is in the report's comparison, `comparison.comparison`)."""
    h = headline_horizon(result.effects)
    if h is None or not result.infos[variant].has_programme:
        return []
    out = []

    def get(est: str) -> pd.Series | None:
        return _row(result, variant, est, h)

    ge, gr = get("gross_employment"), get("gross_right_level")
    gj, disp, net = get("gross_jobs"), get("displacement_jobs"), get("net_jobs")
    if all(x is not None for x in (ge, gr, gj, disp, net)):
        out.append(bottom_line(h, ge, gr, gj, disp, net))
    taken = intake_words(result, variant)
    if taken:
        out.append(taken)
    grj, net_rl = get("gross_right_level_jobs"), get("net_right_level_jobs")
    disp_rl = get("displacement_right_level_jobs")
    if all(x is not None for x in (gj, disp, net, grj, net_rl, disp_rl)):
        out.append(Finding(
            "Everybody.",
            f"Participants gained {fmt_row(gj)} jobs and {fmt_row(grj)} jobs at the right "
            f"level. Other job seekers' jobs changed by {fmt_row(disp)} and their jobs at "
            f"the right level by {_judged(disp_rl)} (displacement: negative when others "
            f"lose). Net effect on total employment, the participants' gain plus the "
            f"others' change: {fmt_row(net)} jobs ({clear(net['ci_low'], net['ci_high'])}); "
            f"on jobs held at the right level: {_judged(net_rl)}."))
    evaluation = _evaluation_words(result, variant, get)
    if evaluation:
        out.append(evaluation)
    money = [get(e) for e in ("gross_earnings", "earnings_gained", "net_earnings",
                              "budget_effect", "benefit_cost_ratio")]
    if all(x is not None for x in money):
        month, gained, net_e, budget, ratio = money
        out.append(Finding(
            "Money (NOK).",
            f"Participants earn {fmt_row(month)} a month more than without the programme, "
            f"{fmt_row(gained)} each since intake. Everybody's earnings since intake changed "
            f"by {_judged(net_e)}; the public budget (benefits saved and taxes on those "
            f"earnings, less the programme's cost) by {_judged(budget)}; benefit-cost ratio "
            f"{fmt_row(ratio)}."))
    employers = employers_in_short(result, variant, h)
    if employers:
        hosts = get("exposed_immigrant_share_hires")
        out.append(Finding(
            "Employers.",
            f"{employers[0].upper()}{employers[1:]}."
            + (f" The immigrant share of the host employers' hires changed by "
               f"{fmt_row(hosts)}." if hosts is not None else ""),
            see="Does it change how enterprises hire"))
    cost = get("cost_per_net_job")
    if cost is not None:
        open_ended = finite(cost["mean"]) and not finite(cost["ci_high"])
        out.append(Finding("Cost per additional job (net):", fmt_row(cost)
                           + ("; the net effect on total employment could be zero, so the "
                              "cost per job has no upper bound." if open_ended else ".")))
    return out


def _moved(row: pd.Series, what: str) -> str:
    """``raised participants' employment by +3.1 pp [+1.2, +5.0]`` in words by the
    interval: raised, lowered, or did not clearly change."""
    if row["ci_low"] > 0:
        return f"raised {what} by {fmt_row(row)}"
    if row["ci_high"] < 0:
        return f"lowered {what} by {fmt_row(row)}"
    return f"did not clearly change {what} ({fmt_row(row)})"


def bottom_line(h: float, ge: pd.Series, gr: pd.Series, gj: pd.Series, disp: pd.Series,
                net: pd.Series) -> Finding:
    """The answer in one sentence: the effect on participants, the net effect on total
    employment, and, when participants clearly gained jobs, how much of that gain other
    job seekers lost (a ratio of means)."""
    employment = _moved(ge, "participants' employment")
    right_level = _moved(gr, "their employment at the right level")
    if employment.startswith("did not") and right_level.startswith("did not"):
        right_level = "or " + right_level.removeprefix("did not clearly change ")
    else:
        right_level = "and " + right_level
    text = f"{h:g} months after intake the programme {employment} {right_level}; "
    if net["ci_low"] > 0:
        text += f"it added {fmt_row(net)} jobs to total employment"
    elif net["ci_high"] < 0:
        text += f"total employment fell by {fmt_row(net)} jobs"
    else:
        text += f"total employment did not clearly change ({fmt_row(net)} jobs)"
    if gj["ci_low"] > 0 and disp["mean"] < 0:  # a clear gain, partly others' loss
        share = -disp["mean"] / gj["mean"]
        lost = ("more jobs than participants gained" if share > 1
                else f"about {share:.0%} of the jobs participants gained")
        text += f": on average {lost} were lost by other job seekers"
    return Finding("Bottom line.", text + ".")


def employers_in_short(result: ScenarioResult, variant: str, h: float) -> str:
    """One clause on what the host employers learned at horizon ``h`` (empty without
    the research-question-2 estimands)."""
    def sign(est: str) -> int | None:
        """+1 if the interval lies above zero, −1 if below, 0 otherwise."""
        r = _row(result, variant, est, h)
        return None if r is None else int(r["ci_low"] > 0) - int(r["ci_high"] < 0)

    if sign("exposed_values_cross_cultural") is None:
        return ""
    return (("the host employers' practice changed a little"
             if sign("exposed_values_cross_cultural") > 0
             or sign("exposed_credential_noise") < 0
             else "no clear change in the host employers' practice")
            + ("; they hired a larger share of immigrants"
               if sign("exposed_immigrant_share_hires") > 0
               else "; no clear rise in the share of immigrants they hired")
            + ("; diversity across all employers rose measurably"
               if sign("effect_immigrant_share_staff") > 0
               else "; diversity across all employers did not rise measurably"))


def practice_words(result: ScenarioResult, variant: str = BASE) -> list[Finding]:
    """Research question 2 in plain words for one variant, at each horizon: the host
    employers' practice and diversity against the same employers in the twin world,
    and practice at all employers."""
    if not result.infos[variant].has_programme:
        return []
    out = []
    for h in sorted(result.effects["horizon"].unique()):
        def get(est: str, h: float = h) -> pd.Series | None:
            return _row(result, variant, est, h)

        def said(est: str) -> str:
            r = get(est)
            if r is None:
                return "–"
            if r["ci_low"] == r["ci_high"]:  # every replication alike: no chance in it
                return f"{fmt_number(r['mean'], r['unit'])} (the same in every replication)"
            return _judged(r)

        if get("exposed_belief_gap") is None:
            continue
        s = result.summary
        hosts = s[(s["variant"] == variant) & (s["world"] == PROGRAMME)
                  & (s["metric"] == "host_employers") & (s["horizon"] == h)]
        n_hosts = f"{hosts['mean'].iloc[0]:,.0f} " if len(hosts) else ""
        out.append(Finding(
            f"{h:g} months after intake.",
            f"At the {n_hosts}employers whose staff mentor "
            f"participants, against the same employers without the programme: their belief "
            f"gap about immigrant applicants changed by {said('exposed_belief_gap')}; the "
            f"extra noise with which they read foreign credentials (1: as well as Norwegian "
            f"ones) by {said('exposed_credential_noise')}; the share of them that value "
            f"cross-cultural competence by {said('exposed_values_cross_cultural')}. "
            f"Diversity: the immigrant share of the people they hired since intake changed "
            f"by {said('exposed_immigrant_share_hires')}, of their staff by "
            f"{said('exposed_immigrant_share_staff')}. Across all employers (mentors who "
            f"change jobs carry the experience on): foreign credentials' extra noise "
            f"{said('effect_credential_noise')}, the share that value cross-cultural "
            f"competence {said('effect_values_cross_cultural')}, the immigrant share of "
            f"all staff {said('effect_immigrant_share_staff')}. In short: "
            f"{employers_in_short(result, variant, h)}."))
    return out


def by_variant(result: ScenarioResult,
               findings_of: Callable[[ScenarioResult, str], list[Finding]]
               ) -> list[tuple[str, list[Finding]]]:
    """Each variant's findings under the variant's title (variants without any left
    out)."""
    parts = []
    for v in result.infos:
        findings = findings_of(result, v)
        if findings:
            parts.append(("The scenario as written" if v == BASE else f"Variant {v}", findings))
    return parts
