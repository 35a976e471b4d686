"""The teaching app's words: which market and evaluation the page shows, and where the run
stands (the summary panel), as HTML built from a teaching model's state."""

from __future__ import annotations

import html
from typing import Any

import numpy as np

from ..model.state import ARM_CONTROL, ARM_ELIGIBLE, ARM_TREATED, IMMIGRANT
from ..params.schema import Params
from . import controls
from .teaching_model import TeachingModel

#: What each evaluation the app can run compares participants with.
EVALUATIONS = {
    "rct": ("a randomised trial (RCT)", "participants against a control group drawn by lot "
            "from the same applicants, which shows what the programme did"),
    "none": ("none", "participants can only be compared with the eligible who were not "
             "taken in, which shows whom the programme chose as much as what it did; set "
             "<i>Evaluation</i> to rct and press Reset for a control group"),
}
TWIN_NOTE = ("The scenario's report measures the programme's true effect against twin "
             "worlds (the same market run again without it); the app runs one world and "
             "does not show them.")


def evaluation_shown(params: Params) -> str:
    """The evaluation a run of ``params`` shows: ``rct``, ``none``, or ``""`` (no
    programme, so nothing to evaluate)."""
    if not params.programmes:
        return ""
    return "rct" if any(p.evaluation == "rct" for p in params.programmes) else "none"


def evaluation_html(params: Params, scenario: str = "") -> str:
    """Which evaluation the page shows, in a sentence or two; ``scenario`` is the
    evaluation setting of the scenario the market comes from (``twin``, ``rct`` or
    ``none``; empty for the classroom market): with twin worlds, the page says it
    does not show them."""
    shown = evaluation_shown(params)
    if not shown:
        return "<b>Evaluation:</b> none (no programme in this market)."
    name, meaning = EVALUATIONS[shown]
    text = f"<b>Evaluation shown: {name}</b>: {meaning}."
    return f"{text} {TWIN_NOTE}" if scenario in ("twin", "rct") else text


def header_html(model: TeachingModel, market: str, scenario: str = "") -> str:
    """The line above the panels: the market, the run's seed and the evaluation shown
    (``scenario`` as in `evaluation_html`)."""
    return (f"<b>{html.escape(market)}</b>, seed {model.seed}. "
            + evaluation_html(model.params, scenario))


def _percent(value: float | None) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{100 * value:.0f} %"


def known_employers(model: TeachingModel, arm: int) -> tuple[float, float]:
    """How many employers an arm's members know on average, now and at week 0."""
    people = model.world.people
    members = people.arm == arm
    now = (people.contacts[members] >= 0).sum(axis=1)
    return float(now.mean()), float(model.start_contacts[members].mean())


def employment_lead(model: TeachingModel, other: str) -> float:
    """Participants' share in work now minus that of ``other`` (``control`` or
    ``eligible``: the eligible not taken in), as a fraction."""
    last = model.results().iloc[-1]
    return float(last["employment_rate_treatment"] - last[f"employment_rate_{other}"])


def summary_html(model: TeachingModel) -> str:
    """What the run is and where it stands, in words and one small table."""
    p, people = model.params, model.world.people
    frame = model.results()
    last = frame.iloc[-1]
    arms = {code: int((people.arm == code).sum())
            for code in (ARM_TREATED, ARM_CONTROL, ARM_ELIGIBLE)}
    rows = [("majority", "majority"), ("immigrant", "immigrant background")]
    if arms[ARM_TREATED]:
        rows.append(("treatment", f"participants ({arms[ARM_TREATED]})"))
    if arms[ARM_CONTROL]:
        rows.append(("control", f"control group ({arms[ARM_CONTROL]})"))
    if arms[ARM_ELIGIBLE]:
        rows.append(("eligible", f"eligible, not taken in ({arms[ARM_ELIGIBLE]})"))
    table = "".join(
        f"<tr><td>{html.escape(text)}</td>"
        f"<td style='text-align:right'>{_percent(last.get(f'employment_rate_{key}'))}</td>"
        f"<td style='text-align:right'>{_percent(last.get(f'right_level_rate_{key}'))}</td>"
        "</tr>" for key, text in rows)
    parts = [f"<h3 style='margin:0 0 0.3em 0'>Week {model.week}</h3>",
             f"<p style='margin:0'>{people.n:,} people, "
             f"{int((people.group == IMMIGRANT).sum()):,} with immigrant background; "
             f"{model.world.employers.n:,} employers.</p>"]
    if p.programmes:
        start = min(pr.start_week for pr in p.programmes)
        state = (f"intake at week {start}" if model.week < start
                 else f"took in {arms[ARM_TREATED]} participants at week {start}")
        parts.append(f"<p style='margin:0'>Programme: {state}.</p>")
    else:
        parts.append("<p style='margin:0'>No programme in this market.</p>")
    parts.append("<table class='hiresim-summary' style='margin:0.4em 0'>"
                 "<tr><th></th><th style='text-align:right'>in work</th>"
                 f"<th style='text-align:right'>at the right level</th></tr>{table}</table>")
    for code, text in ((ARM_TREATED, "Participants know"),
                       (ARM_CONTROL, "The control group knows")):
        if arms[code]:
            now, start = known_employers(model, code)
            parts.append(f"<p style='margin:0'>{text} {now:.1f} employers on average "
                         f"({start:.1f} at week 0).</p>")
    if arms[ARM_TREATED] and arms[ARM_CONTROL]:
        diff = employment_lead(model, "control")
        parts.append(
            f"<p style='margin:0'>Participants minus control group: "
            f"<b>{100 * diff:+.0f} points</b> in work. With groups this small one run is "
            "noisy: try a few seeds before drawing a conclusion.</p>")
    levers = controls.shared_levers(p)
    shown = [f"{controls.label(k)}: <b>{html.escape(_show(v))}</b>"
             for k, v in levers.items()]
    shown += [f"{controls.label(k)}: <b>{'on' if getattr(p, k) else 'off'}</b>"
              for k in controls.SWITCHES]
    parts.append("<p style='margin:0.4em 0 0 0'>This run: "
                 + "; ".join(shown) + ".</p>")
    return "\n".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
