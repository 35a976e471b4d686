"""What was simulated, in words: the market, each programme, the variants, the design,
and notes on programmes that could not fill their places (`capacity_notes`, which the
terminal summary prints too).

The words are plain text, structured (`Finding`, `Change`) so that the report's
template can set the leads in bold and the parameter names as code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..params.schema import Params, Programme
from ..pipeline.evaluation import PROGRAMME
from .findings import Finding

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["Change", "ScenarioInWords", "capacity_notes", "scenario_in_words"]

_SELECTION = {"random": "at random among the eligible",
              "readiness": "by readiness: the most job-ready first (creaming)",
              "need": "by need: those furthest from work first",
              "demand": "by demand: those in fields with the most vacancies first"}
_MATCHING = {"random": "at random", "field": "within the same field where possible",
             "optimal": "by an optimal assignment on field, level and mentor suitability"}
_DESIGN = {"twin": "twin worlds", "rct": "an in-silico RCT, with twin worlds for the truth",
           "none": "no counterfactual (only what a programme report would see)"}


class Change(NamedTuple):
    """A setting changed from the defaults or the base: ``name = value``; without a
    name, a phrase (``no programme``)."""

    name: str
    value: str


@dataclass(frozen=True)
class ScenarioInWords:
    """The scenario as the report's "What was simulated" says it."""

    market: str  # the market, closed by a sentence on the defaults unless `market_changes`
    market_changes: list[Change]  # the market's settings changed from the defaults
    programmes: list[Finding]  # one per programme of the base, led by its name
    variants: list[tuple[str, list[Change]]]  # each variant and what it changes
    design: str  # replications, weeks, seed, evaluation design and horizons
    notes: list[str]  # the scenario's notes and `capacity_notes`


def _programme_words(p: Programme) -> Finding:
    parts = [f"takes in {p.capacity:,} participants in week "
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
    return Finding(p.name, " ".join(parts))


def _market_words(params: Params) -> tuple[str, list[Change]]:
    """The market in a sentence, and its settings changed from the defaults (the
    sentence says so when there are none to list)."""
    defaults = Params()
    changed = [Change(k, str(getattr(params, k))) for k in Params.model_fields
               if k not in ("programmes", "deliver_programmes", "labour_force")
               and getattr(params, k) != getattr(defaults, k)]
    text = (f"A labour market of {params.labour_force:,} people, "
            f"{params.immigrant_share:.0%} with immigrant background, in "
            f"{params.n_fields} occupational fields.")
    if changed:
        return text, changed
    if params.labour_force != defaults.labour_force:
        return text + " Otherwise the default market (calibrated to Norway, 2019).", []
    return text + " The default market, calibrated to Norway in 2019.", []


def _override_words(overrides: dict) -> list[Change]:
    if not overrides:
        return [Change("", "the base unchanged")]
    return [Change("", "no programme" if not v else f"{len(v)} programme(s) of its own")
            if k == "programmes" else Change(str(k), str(v)) for k, v in overrides.items()]


def scenario_in_words(result: ScenarioResult) -> ScenarioInWords:
    """The scenario in words, for the report's "What was simulated"."""
    s = result.scenario
    market, changes = _market_words(s.params)
    horizons = ", ".join(f"{m:g}" for m in s.horizons_months)
    return ScenarioInWords(
        market=market, market_changes=changes,
        programmes=[_programme_words(p) for p in s.params.programmes],
        variants=[(v, _override_words(o)) for v, o in s.variants.items()],
        design=(f"{s.replications} replications of {s.weeks} weeks each (study seed "
                f"{s.seed}), evaluated with {_DESIGN[s.evaluation]}. Outcomes are reported "
                f"{horizons} months after intake."),
        notes=[*s.notes, *capacity_notes(result)])


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
        # No row when no replication had an eligible person left to measure.
        if not math.isfinite(rows["mean"].get("employment_rate_eligible", math.nan)):
            notes.append(f"in {name}, every eligible person was taken in, so there are no "
                         "eligible non-participants to compare with")
    return notes
