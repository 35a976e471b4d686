"""The teaching app: Mesa's controls and the dashboard of a small labour market.

``hiresim app`` serves this module with solara; ``Page`` is what the browser shows. The
sidebar holds Mesa's controls (play, step, reset, and how often to draw while playing) and
the programme levers and mechanism switches (`controls`, built from the parameter
schema); the main area (`panels`) holds a line saying which market, seed and evaluation
the page shows, the network picture, a plain-words summary, employment curves, the
hiring funnel, skills and employers' beliefs. Levers apply from the next Reset: a new run
from week 0.

The model runs in one thread: the page leaves out Mesa's "Use Threads" switch, with
which the pictures were drawn while the model ran on, so panels could show different
weeks. It also leaves out Mesa's draggable, resizable panel grid and its theme switch.

The market is `classroom_params` unless the environment variable ``HIRESIM_APP_SCENARIO``
names a scenario file (``hiresim app SCENARIO`` sets it); a scenario's seed is the first
run's seed.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any

import solara

from ..params.overrides import make_params
from ..params.schema import Params
from . import controls
from .panels import CHARTS, PAGE_CSS, MainArea, figure_png, picture
from .summary import summary_html
from .teaching_model import TeachingModel

with warnings.catch_warnings():
    # Mesa 3.3's ComponentsView calls a hook after an early return (harmless, changed in
    # later Mesa); solara's hook checker warns about it when Mesa's module is imported.
    warnings.filterwarnings("ignore", message=".*ComponentsView", category=UserWarning)
    from mesa.visualization.solara_viz import ModelController, ModelCreator

__all__ = ["CHARTS", "AppSetup", "AppSetupError", "Page", "TeachingModel", "app_setup",
           "classroom_params", "figure_png", "initial_parameters", "picture",
           "read_scenario", "summary_html"]

SCENARIO_ENV = "HIRESIM_APP_SCENARIO"
TITLE = "hiresim: skills, signalling and employers' assessments"
CLASSROOM = "The classroom market"

HOW_TO = """
<ol style="padding-left: 1.2em; margin: 0">
<li>Set the levers and switches under <b>Model Parameters</b>.</li>
<li>Press <b>Reset</b>: a new run from week 0 with those settings.</li>
<li>Press <b>Step</b> for one week, or <b>&#9654;</b> to run; again to pause.</li>
</ol>
<p style="margin: 0.5em 0 0 0">The same seed gives the same people, so two runs differ
only by what you changed.</p>
"""
#: Mesa's timing sliders: (label, start, lowest, highest, step).
PLAY_INTERVAL = ("Play interval (ms per week)", 100, 0, 1000, 50)
RENDER_INTERVAL = ("Render interval (weeks per Step)", 1, 1, 20, 1)


def classroom_params() -> Params:
    """The app's default market: 8,000 people, 20 participants and a control group of 20.

    Small enough that a week takes milliseconds (its pictures, about a second); intake
    at week 2, so the class sees the market before the programme starts. Every eligible
    person applies, so the intake is full (about 70 immigrants are out of work). It starts
    from the market as first drawn (no burn-in): a class resets it often, a burn-in would
    take seconds each time, and the drift it removes (under a point of unemployment over
    eight years, docs/model.md §5) does not show in a lesson of forty weeks.
    """
    return make_params(labour_force=8_000, capacity=20, start_week=2, evaluation="rct",
                       application_probability=1.0, burn_in_years=0)


# --- Setting up ---------------------------------------------------------------------------


class AppSetupError(ValueError):
    """The app cannot start with what it was given; the message says why."""


@dataclass(frozen=True)
class AppSetup:
    """The market the app starts with, its first seed, its title, what the page calls
    the market, and the evaluation setting of the scenario it comes from (``twin``,
    ``rct`` or ``none``; empty for the classroom market)."""

    params: Params
    seed: int = 1
    title: str = TITLE
    market: str = CLASSROOM
    evaluation: str = ""


def read_scenario(path: str) -> AppSetup:
    """The app's setup from a scenario file: its base parameters, seed, name and
    evaluation setting."""
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
    return AppSetup(scenario.params, int(getattr(scenario, "seed", 1)), f"hiresim: {name}",
                    f"Scenario {name} ({os.path.basename(path)})",
                    str(getattr(scenario, "evaluation", "none")))


def app_setup() -> AppSetup:
    """The setup named by the environment (a scenario file), or the classroom market."""
    path = os.environ.get(SCENARIO_ENV)
    return read_scenario(path) if path else AppSetup(classroom_params())


def initial_parameters(model_params: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments Mesa builds the first model with (inputs at their start)."""
    return {name: spec["value"] if isinstance(spec, dict) and "type" in spec else spec
            for name, spec in model_params.items()}


# --- The page ----------------------------------------------------------------------------


def _try_setup() -> tuple[AppSetup | None, str | None]:
    try:
        return app_setup(), None
    except AppSetupError as err:
        return None, str(err)


def _slider(spec: tuple[str, int, int, int, int], value: solara.Reactive[int]) -> None:
    text, _, low, high, step = spec
    solara.SliderInt(text, value=value, min=low, max=high, step=step)


@solara.component
def Page() -> None:  # noqa: N802 (solara looks for `Page`)
    """The dashboard; every browser session gets its own model."""
    setup, error = solara.use_memo(_try_setup, dependencies=[])
    params = solara.use_memo(
        lambda: setup and controls.model_params(setup.params, setup.seed), dependencies=[])
    first = solara.use_memo(
        lambda: params and TeachingModel(**initial_parameters(params)), dependencies=[])
    model = solara.use_reactive(first)
    chosen = solara.use_reactive({})  # the inputs' values, for the next Reset
    play = solara.use_reactive(PLAY_INTERVAL[1])
    render = solara.use_reactive(RENDER_INTERVAL[1])
    threads = solara.use_reactive(False)  # never switched on: one thread, one week shown
    if setup is None or model.value is None:
        solara.Error(error)
        return
    solara.Style(PAGE_CSS)
    with solara.AppBar():
        solara.AppBarTitle(setup.title)
    with solara.Sidebar(), solara.Column():
        with solara.Card("How to use"):
            solara.HTML(tag="div", unsafe_innerHTML=HOW_TO)
        with solara.Card("Controls"):
            _slider(PLAY_INTERVAL, play)
            _slider(RENDER_INTERVAL, render)
            ModelController(model, model_parameters=chosen, play_interval=play,
                            render_interval=render, use_threads=threads)
        with solara.Card("Model Parameters"):
            ModelCreator(model, params, model_parameters=chosen)
    MainArea(model.value, setup.market, setup.evaluation)
