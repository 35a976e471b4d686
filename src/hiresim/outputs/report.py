"""The analyst's report: one self-contained HTML page, and a short text summary.

The page says what was simulated in words, gives the answer first (the true effects
with their intervals), then shows what an evaluation would have reported and why it
differs, then the tables and figures, each with a note on how to read it.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..config.scenario import BASE
from ..model.state import IMMIGRANT_ORIGINS, ORIGIN_LABELS
from ..params.schema import Params, Programme, parameter_table
from ..pipeline.atomic import write_text
from ..pipeline.evaluation import ESTIMANDS, PROGRAMME, TARGETS, TWIN, headline_horizon
from ..version import __version__
from .formatting import clear, finite, fmt_level, fmt_number, fmt_row

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["capacity_notes", "headline", "scenario_in_words", "write_report"]

_DESCRIPTIONS = {r["name"]: r["description"] for r in parameter_table()}
_SELECTION = {"random": "at random among the eligible",
              "readiness": "by readiness: the most job-ready first (creaming)",
              "need": "by need: those furthest from work first",
              "demand": "by demand: those in fields with the most vacancies first"}
_MATCHING = {"random": "at random", "field": "within the same field where possible",
             "optimal": "by an optimal assignment on field, level and mentor suitability"}


def _row(result: ScenarioResult, variant: str, estimand: str, horizon: float) -> pd.Series | None:
    e = result.effects
    hit = e[(e["variant"] == variant) & (e["estimand"] == estimand) & (e["horizon"] == horizon)]
    return None if hit.empty else hit.iloc[0]


# --- The scenario in words ----------------------------------------------------------------


def _programme_words(p: Programme) -> str:
    parts = [f"<b>{html.escape(p.name)}</b> takes in {p.capacity:,} participants in week "
             f"{p.start_week}, selected {_SELECTION[p.selection]}, and pairs each with a "
             f"volunteer mentor matched {_MATCHING[p.matching]}, for {p.duration_weeks} weeks."]
    parts.append(f"Pairs agree to meet {p.meetings_per_month:g} times a month, "
                 f"{p.face_to_face_share:.0%} of meetings face to face; a meeting works on "
                 f"the participant's real skills gap with probability {p.gap_diagnosis:.0%}.")
    extras = []
    extras.append("mentors and participants are trained in their roles" if p.role_training
                  else "no role training")
    extras.append(f"plenary sessions every {p.plenary_every_weeks} weeks"
                  if p.plenary_every_weeks else "no plenary sessions")
    extras.append(f"programme-manager follow-up at intensity {p.followup:g} (0-1)")
    if p.traineeship_weeks:
        extras.append(f"a {p.traineeship_weeks}-week traineeship at the mentor's employer "
                      f"(host hires with probability {p.trainee_hire_prob:g})")
    parts.append("It has " + "; ".join(extras) + ".")
    parts.append(f"Cost: {p.cost_per_participant:,.0f} per participant.")
    if p.evaluation == "rct":
        parts.append(f"Evaluated by an in-silico RCT: {2 * p.capacity:,} are selected and half "
                     "of them, at random, are treated; the rest form the control group.")
    return " ".join(parts)


def _market_words(params: Params) -> str:
    defaults = Params()
    changed = [(k, getattr(params, k)) for k in Params.model_fields
               if k not in ("programmes", "deliver_programmes")
               and getattr(params, k) != getattr(defaults, k)]
    text = (f"A labour market of {params.labour_force:,} people, "
            f"{params.immigrant_share:.0%} with immigrant background, in "
            f"{params.n_fields} occupational fields.")
    if changed:
        items = ", ".join(f"<code>{k}</code> = {html.escape(str(v))}" for k, v in changed
                          if k != "labour_force")
        if items:
            text += f" Changed from the defaults: {items}."
        else:
            text += " Otherwise the default market (calibrated to Norway, 2019)."
    else:
        text += " The default market, calibrated to Norway in 2019."
    return text


def _override_words(overrides: dict) -> str:
    if not overrides:
        return "the base unchanged"
    out = []
    for k, v in overrides.items():
        if k == "programmes":
            out.append("no programme" if not v else f"{len(v)} programme(s) of its own")
        else:
            out.append(f"<code>{html.escape(str(k))}</code> = {html.escape(str(v))}")
    return ", ".join(out)


def scenario_in_words(result: ScenarioResult) -> str:
    """The scenario as a few HTML paragraphs."""
    s = result.scenario
    params = s.params
    parts = [f"<p>{_market_words(params)}</p>"]
    if params.programmes:
        parts += [f"<p>{_programme_words(p)}</p>" for p in params.programmes]
    else:
        parts.append("<p>No programme in the base.</p>")
    if s.variants:
        items = "".join(f"<li><b>{html.escape(v)}</b>: {_override_words(o)}</li>"
                        for v, o in s.variants.items())
        parts.append(f"<p>Variants compared with the base:</p><ul>{items}</ul>")
    design = {"twin": "twin worlds", "rct": "an in-silico RCT, with twin worlds for the truth",
              "none": "no counterfactual (only what a programme report would see)"}[s.evaluation]
    horizons = ", ".join(f"{m:g}" for m in s.horizons_months)
    parts.append(
        f"<p>{s.replications} replications of {s.weeks} weeks each (study seed {s.seed}), "
        f"evaluated with {design}. Outcomes are reported {horizons} months after intake.</p>")
    notes = [*s.notes, *capacity_notes(result)]
    if notes:
        parts.append("<p><b>Notes:</b> " + "; ".join(html.escape(n) for n in notes) + ".</p>")
    return "\n".join(parts)


def capacity_notes(result: ScenarioResult) -> list[str]:
    """Variants whose programmes could not fill their places (too few eligible)."""
    s = result.summary
    at_intake = s[(s["world"] == PROGRAMME) & (s["horizon"] == 0)
                  & (s["metric"].isin(["participants", "employment_rate_eligible"]))]
    notes = []
    for name, info in result.infos.items():
        rows = at_intake[at_intake["variant"] == name].set_index("metric")
        if not info.has_programme or "participants" not in rows.index:
            continue
        filled = rows.loc["participants", "mean"]
        # Counted at the first intake: the places of the programmes that start then.
        places = sum(p.capacity for p in result.scenario.variant_params(name).programmes
                     if p.start_week <= info.intake)
        if filled < places - 0.05:
            notes.append(f"in {name}, the programme filled {filled:.1f} of its {places} "
                         "places on average: too few people were eligible, so the selection "
                         "rule could not choose")
        if not math.isfinite(rows.loc["employment_rate_eligible", "mean"]):
            notes.append(f"in {name}, every eligible person was taken in, so there are no "
                         "eligible non-participants to compare with")
    return notes


# --- Headline -----------------------------------------------------------------------------


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


def intake_words(result: ScenarioResult, variant: str = BASE) -> str:
    """Who the programme world's intakes took in, in one sentence (HTML; mean over
    replications of the `intake_*` outputs at the last week)."""
    ts = result.timeseries
    rows = ts[(ts["variant"] == variant) & (ts["world"] == "programme")]
    if rows.empty or "intake_size" not in rows:
        return ""
    last = rows[rows["week"] == rows["week"].max()]
    m = last[[c for c in last.columns if c.startswith("intake_")]].mean()
    if not m["intake_size"] > 0:
        return ""
    regions = ", ".join(f"{m[f'intake_share_{o}']:.0%} {ORIGIN_LABELS[o]}"
                        for o in IMMIGRANT_ORIGINS)
    return (f"<b>Who was taken in.</b> {m['intake_size']:.0f} people on average: "
            f"{1 - m['intake_employed_share']:.0%} out of work at intake (on average for "
            f"{m['intake_weeks_unemployed']:.0f} weeks; {m['intake_long_term_share']:.0%} "
            f"for a year or more), {m['intake_employed_share']:.0%} working below their "
            f"level; by region of birth {regions}; on average "
            f"{m['intake_years_since_arrival']:.0f} years in Norway.")


def headline(result: ScenarioResult, variant: str = BASE) -> list[str]:
    """Plain-language findings for one variant at the headline horizon (HTML)."""
    h = headline_horizon(result.effects)
    if h is None or not result.infos[variant].has_programme:
        return []
    out = []

    def get(est: str) -> pd.Series | None:
        return _row(result, variant, est, h)

    taken = intake_words(result, variant)
    if taken:
        out.append(taken)
    ge, gr = get("gross_employment"), get("gross_right_level")
    if ge is not None and gr is not None:
        out.append(
            f"<b>Participants.</b> {h:g} months after intake the programme changed "
            f"participants' employment by {fmt_row(ge)} ({clear(ge['ci_low'], ge['ci_high'])}) "
            f"and their employment at the right level by {fmt_row(gr)} "
            f"({clear(gr['ci_low'], gr['ci_high'])}).")
    gj, disp, net = get("gross_jobs"), get("displacement_jobs"), get("net_jobs")
    grj, net_rl = get("gross_right_level_jobs"), get("net_right_level_jobs")
    if all(x is not None for x in (gj, disp, net, grj, net_rl)):
        out.append(
            f"<b>Everybody.</b> Participants gained {fmt_row(gj)} jobs and {fmt_row(grj)} jobs at "
            f"the right level. Other job seekers' jobs changed by {fmt_row(disp)} (displacement). "
            f"Net effect on total employment: {fmt_row(net)} jobs "
            f"({clear(net['ci_low'], net['ci_high'])}); on jobs held at the right level: "
            f"{fmt_row(net_rl)} ({clear(net_rl['ci_low'], net_rl['ci_high'])}).")
    if variant != BASE:
        vs = [(get(f"{e}_vs_base"), label) for e, label in (
            ("gross_right_level", "participants' right-level effect"),
            ("gross_employment", "participants' employment effect"),
            ("net_jobs", "net jobs"), ("net_right_level_jobs", "net right-level jobs"))]
        parts = [f"{label} {fmt_row(r)} ({clear(r['ci_low'], r['ci_high'])})"
                 for r, label in vs if r is not None]
        if parts:
            out.append("<b>Compared with the base</b> (paired by replication): "
                       + "; ".join(parts) + ".")
    overrides = result.scenario.variants.get(variant, {})
    show_evaluation = variant == BASE or result.scenario.evaluation == "rct" or any(
        k == "programmes" or k.endswith("selection") for k in overrides)
    naive, ba, rct = get("naive_employment"), get("before_after_employment"), get(
        "rct_employment")
    bits = []
    if naive is not None:
        bits.append("comparing participants with the job seekers not taken in gives "
                    f"{fmt_row(naive)}")
    if ba is not None:
        bits.append(f"comparing participants before and after gives {fmt_row(ba)}")
    if rct is not None:
        bits.append(f"the randomised evaluation gives {fmt_row(rct)}")
    if bits and show_evaluation:
        text = "<b>What an evaluation would report</b> for employment: " + "; ".join(bits) + "."
        if ge is not None and naive is not None and finite(ge["mean"]):
            rule = result.scenario.variant_params(variant).programmes[0].selection
            text += (f" Against the true {fmt_number(ge['mean'], 'share')} pp, the group "
                     f"comparison is off by {fmt_number(naive['mean'] - ge['mean'], 'share')} "
                     f"pp: {_SELECTION_BIAS[rule]}. The before/after comparison counts every job "
                     "participants would have found without the programme.")
            if rct is not None and finite(rct["mean"]):
                text += (f" The randomised evaluation is off by "
                         f"{fmt_number(rct['mean'] - ge['mean'], 'share')} pp: randomisation "
                         "removes the selection bias, and what remains is chance and competition "
                         "between treated and control participants.")
        out.append(text)
    money = [get(e) for e in ("gross_earnings", "earnings_gained", "net_earnings",
                              "budget_effect", "benefit_cost_ratio")]
    if all(x is not None for x in money):
        month, gained, net_e, budget, ratio = money
        out.append(
            f"<b>Money (NOK).</b> Participants earn {fmt_row(month)} a month more than without "
            f"the programme, {fmt_row(gained)} each since intake. Everybody's earnings since "
            f"intake changed by {fmt_row(net_e)} ({clear(net_e['ci_low'], net_e['ci_high'])}); "
            f"the public budget (benefits saved and taxes on those earnings, less the "
            f"programme's cost) by {fmt_row(budget)} "
            f"({clear(budget['ci_low'], budget['ci_high'])}); benefit-cost ratio "
            f"{fmt_row(ratio)}.")
    employers = employers_in_short(result, variant, h)
    if employers:
        hosts = get("exposed_immigrant_share_hires")
        out.append(f"<b>Employers.</b> {employers[0].upper()}{employers[1:]}."
                   + (f" The immigrant share of the host employers' hires changed by "
                      f"{fmt_row(hosts)}." if hosts is not None else "")
                   + " More in <i>Does it change how enterprises hire</i> below.")
    cost = get("cost_per_net_job")
    if cost is not None:
        open_ended = finite(cost["mean"]) and not finite(cost["ci_high"])
        out.append(f"<b>Cost per additional job (net)</b>: {fmt_row(cost)}"
                   + ("; the net effect on total employment could be zero, so the cost "
                      "per job has no upper bound." if open_ended else "."))
    return out


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


def practice_words(result: ScenarioResult, variant: str = BASE) -> list[str]:
    """Research question 2 in plain words for one variant, at each horizon (HTML): the
    host employers' practice and diversity against the same employers in the twin
    world, and practice at all employers."""
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
            return f"{fmt_row(r)} ({clear(r['ci_low'], r['ci_high'])})"

        if get("exposed_belief_gap") is None:
            continue
        s = result.summary
        hosts = s[(s["variant"] == variant) & (s["world"] == PROGRAMME)
                  & (s["metric"] == "host_employers") & (s["horizon"] == h)]
        n_hosts = f"{hosts['mean'].iloc[0]:,.0f} " if len(hosts) else ""
        out.append(
            f"<b>{h:g} months after intake.</b> At the {n_hosts}employers whose staff mentor "
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
            f"{employers_in_short(result, variant, h)}.")
    return out


def _by_variant(result: ScenarioResult,
                sentences_of: Callable[[ScenarioResult, str], list[str]]) -> list[str]:
    """Each variant's sentences (HTML) as a list under the variant's title."""
    parts = []
    for v in result.infos:
        sentences = sentences_of(result, v)
        if sentences:
            title = "The scenario as written" if v == BASE else f"Variant {v}"
            items = "".join(f"<li>{x}</li>" for x in sentences)
            parts.append(f"<h3>{html.escape(title)}</h3><ul>{items}</ul>")
    return parts


def _practice_html(result: ScenarioResult) -> str:
    """The section on research question 2: words per variant, then the table."""
    return "\n".join(_by_variant(result, practice_words)) + _effects_html(result, ("practice",))


# --- Tables -------------------------------------------------------------------------------


def _effects_html(result: ScenarioResult, families: tuple[str, ...]) -> str:
    """Effects tables: one per horizon with a column per variant, or, for a single
    variant, one table with a column per horizon."""
    e = result.effects[result.effects["estimand"].map(lambda x: ESTIMANDS[x].family)
                       .isin(families)]
    if e.empty:
        return "<p>No estimates (no programme, or no twin world).</p>"
    variants = list(dict.fromkeys(e["variant"]))
    horizons = sorted(e["horizon"].unique())
    if len(variants) == 1:
        blocks = [("", [(f"{h:g} months", e[e["horizon"] == h]) for h in horizons])]
    else:
        blocks = [(f"<h4>{h:g} months after intake</h4>",
                   [(v, e[(e["horizon"] == h) & (e["variant"] == v)]) for v in variants])
                  for h in horizons]
    out = []
    for title, columns in blocks:
        head = "".join(f"<th>{html.escape(name)}</th>" for name, _ in columns)
        rows = []
        for est, info in ESTIMANDS.items():
            cells = []
            for _, sub in columns:
                r = sub[sub["estimand"] == est]
                cells.append(f"<td>{fmt_row(r.iloc[0])}</td>" if len(r) else "<td></td>")
            if any(c != "<td></td>" for c in cells):
                rows.append(f"<tr><th title='{html.escape(info.meaning)}'>"
                            f"{html.escape(info.label)}</th>{''.join(cells)}</tr>")
        out.append(f"{title}<table><tr><th></th>{head}</tr>{''.join(rows)}</table>")
    return "\n".join(out)


def _bias_html(result: ScenarioResult) -> str:
    """Each evaluation estimate next to the truth it estimates, and the gap (paired by
    replication, with its interval)."""
    e = result.effects
    if not result.scenario.twin or e.empty:
        return ""
    rows = []
    for (v, h), sub in e.groupby(["variant", "horizon"], sort=False):
        sub = sub.set_index("estimand")
        for est, target in TARGETS.items():
            if est not in sub.index or f"bias_{est}" not in sub.index:
                continue
            rows.append(
                f"<tr><td>{html.escape(v)}</td><td>{h:g}</td>"
                f"<td>{html.escape(ESTIMANDS[est].label)}</td>"
                f"<td>{fmt_row(sub.loc[est])}</td>"
                f"<td>{fmt_row(sub.loc[target])}</td>"
                f"<td>{fmt_row(sub.loc[f'bias_{est}'])}</td></tr>")
    if not rows:
        return ""
    return ("<table><tr><th>variant</th><th>months</th><th>what an evaluation reports</th>"
            "<th>its estimate</th><th>the truth (twin world)</th><th>gap</th></tr>"
            + "".join(rows) + "</table>")


_SUMMARY_METRICS = [
    ("employment_rate_majority", "Employment, majority", "share"),
    ("employment_rate_immigrant", "Employment, immigrants", "share"),
    ("right_level_rate_immigrant", "Immigrants at the right level", "share"),
    ("out_of_field_rate_immigrant", "Employed immigrants working outside their field",
     "share"),
    ("employment_rate_treatment", "Participants employed", "share"),
    ("right_level_rate_treatment", "Participants at the right level", "share"),
    ("hired_since_intake_treatment", "Participants hired since intake", "share"),
    ("employment_rate_eligible", "Eligible non-participants employed", "share"),
    ("employment_rate_control", "Control group employed (RCT)", "share"),
    ("formal_treatment", "Participants' formal skill", "level"),
    ("informal_treatment", "Participants' informal skill", "level"),
    ("callbacks_per_application_majority", "Callbacks per application, majority", "share"),
    ("callbacks_per_application_immigrant", "Callbacks per application, immigrants", "share"),
    ("callbacks_per_application_ratio", "Callback ratio majority/immigrant", "level"),
    ("hires_per_application_ratio", "Hire ratio majority/immigrant", "level"),
    ("dyads_active", "Active mentor pairs", "count"),
    ("dyads_dormant", "Dormant mentor pairs", "count"),
    ("belief_gap", "Employer belief gap", "level"),
    ("immigrant_share_staff", "Immigrant share of staff", "share"),
    ("unemployed", "Unemployed persons", "count"),
]


def _summary_html(result: ScenarioResult) -> str:
    s = result.summary
    worlds = [PROGRAMME, TWIN] if result.scenario.twin else [PROGRAMME]
    cols = [(v, w) for v in result.infos for w in worlds
            if w == PROGRAMME or result.infos[v].has_programme]
    out = []
    for h in sorted(s["horizon"].unique()):
        sub = s[s["horizon"] == h].set_index(["variant", "world", "metric"])
        head = "".join(f"<th>{html.escape(v)}<br><small>{w}</small></th>" for v, w in cols)
        rows = []
        for metric, label, unit in _SUMMARY_METRICS:
            cells, any_value = [], False
            for v, w in cols:
                key = (v, w, metric)
                if key in sub.index:
                    r = sub.loc[key]
                    text = fmt_level(r["mean"], r["ci_low"], r["ci_high"], unit)
                    any_value = any_value or text != "–"
                    cells.append(f"<td>{text}</td>")
                else:
                    cells.append("<td></td>")
            if any_value:
                rows.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
        title = "At intake" if h == 0 else f"{h:g} months after intake"
        out.append(f"<h4>{title}</h4><table><tr><th></th>{head}</tr>{''.join(rows)}</table>")
    return "\n".join(out)


# --- The page -----------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.86em;display:block;
overflow-x:auto;max-width:100%}
td,th{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}
td{white-space:nowrap}
th:first-child{text-align:left}tr:nth-child(even){background:#fafafa}
.answer{background:#f2f7fb;border-left:4px solid #3a78b5;padding:.3em 1em}
.answer h3{font-size:1.05em;margin:.6em 0 .2em}.answer li{margin:.3em 0}
.note{color:#555;font-size:.92em}figure{margin:1em 0}img{max-width:100%}
figcaption{color:#444;font-size:.9em}code{background:#f4f4f4;padding:0 .2em}
"""

_HOW_TO_READ = """
<p><b>Twin world.</b> Every replication is run twice with the same random numbers: once with
the programme and once without it (the <i>twin</i>: the same people are selected and labelled
as participants, but nothing is delivered). The difference between the two is the programme's
true effect, for participants and for everybody else. An evaluation in the real world never
sees the twin; the simulation does.</p>
<p><b>Gross, displacement, net.</b> The <i>gross</i> effect is what the programme did for its
participants. Jobs are scarce, so some jobs participants gain would have gone to other job
seekers: the <i>displacement</i> of non-participants. The <i>net</i> effect on total
employment is gross minus displacement; it is the number that matters for the labour market
as a whole, and it is much harder to measure, because it is small next to the labour force.
</p>
<p><b>What an evaluation would report.</b> Programme reports usually compare participants
with eligible people who did not take part, or participants before and after. Both differ
from the truth: a before/after comparison counts every job participants would have found
anyway (most unemployed people find work within months), and a comparison with
non-participants is biased when participants were chosen because they were the most
job-ready (<i>creaming</i>) or the furthest from work. An in-silico RCT (selecting twice the
capacity and treating half at random) removes the selection bias; it can still differ from
the truth when treated participants take jobs that control-group members would have got.</p>
<p><b>Numbers.</b> Effects on shares are in percentage points (pp): +3.0 pp means, for
example, 73 % employed instead of 70 %. Brackets give the 95 % interval over replications:
if it includes zero, this many replications cannot tell the effect from chance; run more
replications to narrow it. "Right level" means a job at the person's qualification level
and in the person's field ("på rett hylle"), the programme's real goal: an engineer
working as a care assistant is not at the right level, even at the same formal level.
Cost per additional job divides the programme's cost by the jobs it created; when the
jobs' interval reaches zero, its upper bound is infinite.</p>
<p class="note">hiresim is a stylised model of the mechanisms described in the evaluation of
the Norwegian mentor and trainee grant scheme (Fafo-rapport 2019:31). Use it to compare
programme designs and to see what evaluations can and cannot show, not as a forecast of a
particular programme's results.</p>
"""

_CAPTIONS = {
    "employment.png": "Participants' employment and employment at the right level, with the "
                      "programme (solid) and in the twin world without it (dashed). Bands are "
                      "95 % intervals over replications; the dotted line marks intake.",
    "effects.png": "The estimands with 95 % intervals. Top rows: the truth from the twin "
                   "world; lower rows: what an RCT and the naive comparisons would report. "
                   "Right panel: jobs, in persons.",
    "effects_over_time.png": "The true effects week by week (programme world minus twin "
                             "world, paired by replication).",
    "survival.png": "Survival curves: the share of participants not yet hired (left) and not "
                    "yet in a job at the right level (their qualification level, in their "
                    "field; right), by weeks since intake; "
                    "dashed: the same people without the programme; dotted: eligible "
                    "non-participants.",
    "funnel.png": "The hiring funnel by group, summed from intake to the last horizon: the "
                  "gap between majority and immigrant applicants at each stage.",
    "skills.png": "Participants' formal and informal skills (0-1 scale), with and without "
                  "the programme.",
    "programme.png": "Mentor pairs meeting (active) and gone quiet (dormant); employers' "
                     "belief gap about immigrant applicants (positive: more pessimistic than "
                     "the truth); the immigrant share of all staff (diversity).",
}


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def render(result: ScenarioResult, figures: list[Path]) -> str:
    """The report as one self-contained HTML page (figures embedded)."""
    s = result.scenario
    answer = _by_variant(result, headline)
    if not answer:
        answer = ["<p>This scenario has no programme (or no counterfactual): the tables "
                  "describe the labour market only.</p>"]
    figs = "\n".join(
        f"<figure>{_img(p)}<figcaption>{html.escape(_CAPTIONS.get(p.name, ''))}"
        "</figcaption></figure>" for p in figures)
    t = result.timings
    desc = f"<p>{html.escape(s.description)}</p>" if s.description else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>hiresim report: {html.escape(s.name)}</title><style>{_CSS}</style></head>
<body>
<h1>hiresim report: {html.escape(s.name)}</h1>
{desc}
<h2>The answer</h2>
<div class="answer">{''.join(answer)}</div>
<h2>What was simulated</h2>
{scenario_in_words(result)}
<h2>How to read this report</h2>
{_HOW_TO_READ}
<h2>True effects</h2>
<p class="note">From the twin world: the programme world minus the same replication without
the programme. Hover over a row name for its definition.</p>
{_effects_html(result, ("truth", "comparison", "cost"))}
<h2>Does it change how enterprises hire, and does it raise diversity?</h2>
<p class="note">Research question 2. Employers exposed to the programme (hosting mentors or
trainees, hiring a participant, or taking on a mentor who has mentored) change their practice
slowly: they read foreign credentials with less extra noise, may come to value cross-cultural
competence, learn faster about immigrant applicants from their hires, and their staff pass on
openings to immigrant job seekers. Mentors are not ambassadors: nothing is added to the
assessment of their own mentee. The comparison is at the employers whose staff mentor
participants, against the same employers in the twin world.</p>
{_practice_html(result)}
<h2>What an evaluation would have reported</h2>
<p class="note">The estimates a programme report or a randomised evaluation would show, next to
the truth. The gap is the bias of each method in this scenario: estimate minus truth in each
replication, with its 95 % interval over replications.</p>
{_effects_html(result, ("evaluation",))}
{_bias_html(result)}
<h2>Figures</h2>
{figs}
<h2>Outcomes by world</h2>
<p class="note">Means and 95 % intervals over replications; "twin" is the same run without the
programme. All metrics are in summary.csv; the weekly series in timeseries.parquet.</p>
{_summary_html(result)}
<h2>Provenance</h2>
<p class="note">hiresim {__version__}; scenario file {html.escape(str(s.path or ''))};
{s.replications} replications, study seed {s.seed}; {int(t.get('simulations', 0))} simulations
in {t.get('simulation_seconds', 0):.1f} s on {result.workers} worker(s). The resolved scenario,
every seed and the command line are in manifest.json.</p>
</body></html>
"""


def write_report(result: ScenarioResult, path: Path, figures: list[Path]) -> Path:
    """Write report.html atomically."""
    return write_text(path, render(result, figures))

