"""The teaching app: a Mesa SolaraViz dashboard of a small labour market.

``hiresim app`` serves this module with solara; ``Page`` is what the browser shows. The
sidebar holds Mesa's controls (play, step, reset) and the programme levers and mechanism
switches (`controls`, built from the parameter schema); the main panel holds the
network picture, employment curves, the hiring funnel, skills, employers' beliefs and a
plain-words summary. Levers apply from the next Reset: a new run from week 0.

The market is `classroom_params` unless the environment variable ``HIRESIM_APP_SCENARIO``
names a scenario file (``hiresim app SCENARIO`` sets it).
"""

from __future__ import annotations

import html
import io
import logging
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import solara
from matplotlib.figure import Figure

from ..model.state import ARM_CONTROL, ARM_ELIGIBLE, ARM_TREATED, IMMIGRANT
from ..params.overrides import make_params
from ..params.schema import Params
from . import charts, controls
from .teaching_model import TeachingModel

with warnings.catch_warnings():
    # Mesa 3.3's ComponentsView calls a hook after an early return (harmless, changed in
    # later Mesa); solara's hook checker warns about it when Mesa's module is imported.
    warnings.filterwarnings("ignore", message=".*ComponentsView", category=UserWarning)
    from mesa.visualization import SolaraViz

logger = logging.getLogger(__name__)

SCENARIO_ENV = "HIRESIM_APP_SCENARIO"
TITLE = "hiresim: skills, signalling and employers' assessments"

HOW_TO = """
<ol style="padding-left: 1.2em; margin: 0">
<li>Set the levers and switches under <b>Model Parameters</b>.</li>
<li>Press <b>Reset</b>: a new run from week 0 with those settings.</li>
<li>Press <b>Step</b> for one week, or <b>&#9654;</b> to run; again to pause.</li>
</ol>
<p style="margin: 0.5em 0 0 0">The same seed gives the same people, so two runs differ
only by what you changed.</p>
"""


#: Page style: slider values always in view (a room cannot see a value shown only while
#: dragging) and no tab strip over the main panel's single page.
PAGE_CSS = """
.v-slider__thumb-container .v-slider__thumb-label-container { display: block !important; }
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-input__slot > .v-label { flex: 0 0 100%; margin-bottom: 34px;
    white-space: normal; }
.solara-autorouter-content .v-tabs { display: none; }
.hiresim-summary td, .hiresim-summary th { padding: 0 0.6em 0 0; }
"""


def classroom_params() -> Params:
    """The app's default market: 8,000 people, 20 participants and a control group of 20.

    Small enough that a week takes milliseconds (its pictures, about a second); intake
    at week 2, so the class sees the market before the programme starts. Every eligible
    person applies, so the intake is full (about 70 immigrants are out of work).
    """
    return make_params(labour_force=8_000, capacity=20, start_week=2, evaluation="rct",
                       application_probability=1.0)


# --- Setting up ---------------------------------------------------------------------------


class AppSetupError(ValueError):
    """The app cannot start with what it was given; the message says why."""


@dataclass(frozen=True)
class AppSetup:
    """The market the app starts with, its first seed and its title."""

    params: Params
    seed: int = 1
    title: str = TITLE


def read_scenario(path: str) -> AppSetup:
    """The app's setup from a scenario file (its base parameters and seed)."""
    try:
        from ..config.scenario import load_scenario
    except ModuleNotFoundError as err:
        if err.name != "hiresim.config.scenario":
            raise
        raise AppSetupError(f"{path}: this installation of hiresim cannot read scenario "
                            "files (hiresim.config.scenario is missing); run `hiresim app` "
                            "without a scenario for the classroom market") from None
    try:
        scenario = load_scenario(path)
    except (ValueError, OSError) as err:
        raise AppSetupError(str(err)) from None
    name = getattr(scenario, "name", None) or os.path.basename(path)
    return AppSetup(scenario.params, int(getattr(scenario, "seed", 1)),
                    f"hiresim: {name}")


def app_setup() -> AppSetup:
    """The setup named by the environment (a scenario file), or the classroom market."""
    path = os.environ.get(SCENARIO_ENV)
    return read_scenario(path) if path else AppSetup(classroom_params())


def initial_parameters(model_params: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments Mesa builds the first model with (inputs at their start)."""
    return {name: spec["value"] if isinstance(spec, dict) and "type" in spec else spec
            for name, spec in model_params.items()}


# --- What the main panel shows --------------------------------------------------------------


def figure_png(draw: Callable[[TeachingModel], Figure], model: TeachingModel) -> bytes:
    """A chart as PNG bytes."""
    buffer = io.BytesIO()
    draw(model).savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _percent(value: float) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{100 * value:.0f} %"


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
    known = (people.contacts >= 0).sum(axis=1)
    for code, text in ((ARM_TREATED, "Participants know"),
                       (ARM_CONTROL, "The control group knows")):
        if arms[code]:
            members = people.arm == code
            parts.append(f"<p style='margin:0'>{text} {known[members].mean():.1f} "
                         f"employers on average ({model.start_contacts[members].mean():.1f} "
                         "at week 0).</p>")
    if arms[ARM_TREATED] and arms[ARM_CONTROL]:
        diff = last["employment_rate_treatment"] - last["employment_rate_control"]
        parts.append(
            f"<p style='margin:0'>Participants minus control group: "
            f"<b>{100 * diff:+.0f} points</b> in work. With groups this small one run is "
            "noisy: try a few seeds before drawing a conclusion.</p>")
    levers = controls.shared_levers(p)
    shown = [f"{controls.label(k)}: <b>{html.escape(_show(v))}</b>"
             for k, v in levers.items()]
    shown += [f"{controls.label(k)}: <b>{'on' if getattr(p, k) else 'off'}</b>"
              for k in controls.SWITCHES]
    parts.append("<p style='margin:0.4em 0 0 0; font-size: 90%'>This run: "
                 + "; ".join(shown) + ".</p>")
    return "\n".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


#: (title, drawing function) of each chart, in the order of the main panel.
CHARTS: tuple[tuple[str, Callable[[TeachingModel], Figure]], ...] = (
    ("The labour market as a network", charts.network_figure),
    ("Employment", charts.employment_figure),
    ("Hiring funnel", charts.funnel_figure),
    ("Skills", charts.skills_figure),
    ("Employers' beliefs", charts.beliefs_figure),
)


def chart_view(title: str, draw: Callable[[TeachingModel], Figure]
               ) -> Callable[[TeachingModel], Any]:
    """A main-panel view drawing one chart; a failure shows a message, not a traceback."""

    def view(model: TeachingModel) -> Any:
        def render() -> bytes | str:
            try:
                return figure_png(draw, model)
            except Exception as err:  # shown to the class as one line; details in the log
                logger.exception("drawing %s failed", title)
                return f"{title}: could not be drawn ({type(err).__name__}: {err})"

        png = solara.use_memo(render, dependencies=[model, model.week])
        if isinstance(png, str):
            return solara.Error(png)
        return solara.Image(png, width="100%")

    view.__name__ = view.__qualname__ = title.replace(" ", "")
    return view


def summary_view(model: TeachingModel) -> Any:
    """The plain-words summary of the run."""
    try:
        text = summary_html(model)
    except Exception as err:
        logger.exception("summary failed")
        return solara.Error(f"Summary: could not be written ({type(err).__name__}: {err})")
    return solara.HTML(tag="div", unsafe_innerHTML=text, style="padding: 0.5em 1em")


def main_panel() -> list[tuple[Callable[[TeachingModel], Any], int]]:
    """The main panel's views, all on the first page, two to a row."""
    views = [chart_view(title, draw) for title, draw in CHARTS]
    return [(view, 0) for view in [*views, summary_view]]


# --- The page ----------------------------------------------------------------------------


def _try_setup() -> tuple[AppSetup | None, str | None]:
    try:
        return app_setup(), None
    except AppSetupError as err:
        return None, str(err)


@solara.component
def Page() -> None:  # noqa: N802 (solara looks for `Page`)
    """The dashboard; every browser session gets its own model."""
    setup, error = solara.use_memo(_try_setup, dependencies=[])
    params = solara.use_memo(
        lambda: setup and controls.model_params(setup.params, setup.seed), dependencies=[])
    model = solara.use_memo(
        lambda: params and TeachingModel(**initial_parameters(params)), dependencies=[])
    if model is None:
        solara.Error(error)
        return
    solara.Style(PAGE_CSS)
    with solara.Sidebar(), solara.Card("How to use"):
        solara.HTML(tag="div", unsafe_innerHTML=HOW_TO)
    SolaraViz(model, components=main_panel(), model_params=params, name=setup.title)
