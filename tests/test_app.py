"""The teaching app without a browser: its inputs, its model, its pictures and its page.

The page is rendered with solara's own test renderer (``solara.render``) and driven by
clicking its widgets, as a teacher would with the mouse.
"""

from __future__ import annotations

import os
import socket
import sys
import typing
from collections.abc import Iterator

import ipyvuetify as v
import ipywidgets as widgets
import numpy as np
import pytest
import solara
import solara.widgets

from hiresim import HireModel
from hiresim.app import charts as app_charts
from hiresim.app import controls as app_controls
from hiresim.app import network as app_network
from hiresim.app import page as app
from hiresim.app import panels as app_panels
from hiresim.app import summary as app_summary
from hiresim.cli.main import main
from hiresim.model.state import ARM_NONE
from hiresim.params.overrides import make_params
from hiresim.params.schema import Params, Programme


@pytest.fixture(autouse=True)
def _restore_environment() -> Iterator[None]:
    """The app command sets solara's settings in the environment; keep them to a test."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


# --- Inputs from the schema ----------------------------------------------------------------


def test_every_lever_and_switch_is_offered_with_the_schemas_range() -> None:
    spec = app_controls.model_params(app.classroom_params())
    assert set(spec) == {"params", "rng", *app_controls.LEVERS, *app_controls.SWITCHES}
    assert spec["meetings_per_month"] | {"label": None} == {
        "type": "SliderFloat", "value": 2.0, "min": 0.0, "max": 30.0, "step": 0.5,
        "label": None}
    assert (spec["face_to_face_share"]["min"], spec["face_to_face_share"]["max"]) == (0, 1)
    assert spec["matching"]["values"] == ["random", "field", "optimal"]
    assert spec["selection"]["values"] == ["random", "readiness", "need", "demand"]
    assert spec["role_training"]["type"] == "Checkbox"
    for name in app_controls.SWITCHES:
        assert spec[name] == {"type": "Checkbox", "value": True,
                              "label": app_controls.label(name)}
    # A plenary interval longer than the programme means none: the slider ends there.
    assert spec["plenary_every_weeks"]["max"] == Programme().duration_weeks


@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_position_is_a_valid_model(end: str) -> None:
    spec = app_controls.model_params(app.classroom_params(), seed=3)
    sliders = {k: s[end] for k, s in spec.items()
               if isinstance(s, dict) and s.get("type", "").startswith("Slider")}
    menus = {k: s["values"][-1] for k, s in spec.items()
             if isinstance(s, dict) and s.get("type") == "Select"}
    model = app.TeachingModel(spec["params"], **sliders, **menus)
    model.step()
    prog = model.params.programmes[0]
    for name, value in {**sliders, **menus}.items():
        if name != "rng":
            assert getattr(prog, name) == value


def test_float_slider_steps_are_round_and_fine_enough() -> None:
    assert [app_controls.nice_step(s) for s in (1.0, 30.0, 2.0, 520.0)] == [0.01, 0.5, 0.02, 10]


def test_a_lever_that_programmes_set_differently_keeps_the_scenarios_values() -> None:
    params = make_params(programmes=[{"name": "a", "meetings_per_month": 1.0},
                                     {"name": "b", "meetings_per_month": 4.0}])
    spec = app_controls.model_params(params)
    assert "meetings_per_month" not in spec
    assert "face_to_face_share" in spec  # both programmes agree on it
    model = app.TeachingModel(**app.initial_parameters(spec))
    assert [p.meetings_per_month for p in model.params.programmes] == [1.0, 4.0]


def test_a_market_without_programme_offers_only_the_switches() -> None:
    spec = app_controls.model_params(make_params(programmes=[]))
    assert set(spec) == {"params", "rng", *app_controls.SWITCHES}
    model = app.TeachingModel(**app.initial_parameters(spec))
    assert model.params.programmes == []


@pytest.mark.parametrize(("seed", "low", "high"), [(1, 1, 100), (42, 1, 100),
                                                   (2019, 2019, 2118), (0, 0, 99)])
def test_the_seed_slider_starts_at_the_first_seed(seed: int, low: int, high: int) -> None:
    spec = app_controls.model_params(app.classroom_params(), seed=seed)["rng"]
    assert (spec["value"], spec["min"], spec["max"]) == (seed, low, high)
    assert app.TeachingModel(**app.initial_parameters(
        app_controls.model_params(app.classroom_params(), seed=seed))).seed == seed


def test_an_input_needs_a_kind_the_app_can_show() -> None:
    with pytest.raises(TypeError, match="qualification_shares"):
        app_controls.user_input(Params, "qualification_shares", (0.6, 0.3, 0.1))


# --- The model the app drives ----------------------------------------------------------------


def test_mesa_accepts_the_app_parameters_for_the_teaching_model() -> None:
    from mesa.visualization.solara_viz import _check_model_params

    spec = app_controls.model_params(app.classroom_params())
    _check_model_params(app.TeachingModel.__init__, spec)  # raises if Mesa would refuse


def test_teaching_model_is_the_model_itself_and_ignores_mesas_scenario() -> None:
    params = app.classroom_params()
    taught = app.TeachingModel(params, rng=5, scenario=object(), meetings_per_month=4.0)
    plain = HireModel(params, rng=5, meetings_per_month=4.0, agent_views=False)
    for _ in range(6):
        taught.step()
        plain.step()
    assert taught.results().equals(plain.results())
    assert len(taught.beliefs) == 7
    assert [b["week"] for b in taught.beliefs] == list(range(7))


def test_employer_learning_switch_freezes_the_beliefs() -> None:
    on = app.TeachingModel(app.classroom_params(), rng=2)
    off = app.TeachingModel(app.classroom_params(), rng=2, employer_learning=False)
    for _ in range(30):
        on.step()
        off.step()
    assert off.beliefs[-1]["all"] == off.beliefs[0]["all"]
    assert on.beliefs[-1]["all"] != on.beliefs[0]["all"]  # (they start where they settle)


# --- The network picture -----------------------------------------------------------------------


def test_network_layout_puts_people_where_the_legend_says() -> None:
    model = app.TeachingModel(app.classroom_params(), rng=1)
    for _ in range(4):
        model.step()
    w = model.world
    lay = app_network.layout(w)
    people = w.people
    employed = np.flatnonzero(people.employer >= 0)
    radius = np.hypot(*lay.person_xy.T)
    assert np.all((radius[employed] > 0.79) & (radius[employed] <= 0.92))
    out = np.flatnonzero(people.employer < 0)
    assert np.all(radius[out] < 0.63)
    # Each employed person is nearer to his or her own employer than to any other.
    dist = np.linalg.norm(lay.person_xy[employed, None, :] - lay.employer_xy[None], axis=2)
    assert np.array_equal(dist.argmin(axis=1), people.employer[employed])
    assert np.all(np.hypot(*lay.mentor_xy.T) > 1.05)
    assert w.mentors.n == 20
    again = app_network.layout(w)
    assert np.array_equal(again.person_xy, lay.person_xy)


def test_a_large_market_draws_every_programme_member_and_a_sample() -> None:
    model = app.TeachingModel(make_params(labour_force=12_000, capacity=40, start_week=1),
                              rng=1)
    model.step()
    shown = app_network.shown_people(model.world, max_people=3_000)
    members = np.flatnonzero(model.world.people.arm != ARM_NONE)
    assert len(members) > 40
    assert np.isin(members, shown).all()
    assert 2_500 < len(shown) < 3_500


# --- The pictures and the summary --------------------------------------------------------------


def test_every_chart_draws_before_and_after_intake_and_changes_with_the_weeks() -> None:
    model = app.TeachingModel(app.classroom_params(), rng=1)
    before = [app.figure_png(draw, model) for _, draw in app.CHARTS]
    for _ in range(3):
        model.step()
    after = [app.figure_png(draw, model) for _, draw in app.CHARTS]
    for (title, _), a, b in zip(app.CHARTS, before, after, strict=True):
        assert a[:8] == b"\x89PNG\r\n\x1a\n", title
        assert a != b, title


def test_skills_arrows_are_drawn_to_a_fixed_scale_a_room_can_read() -> None:
    # docs/workshop.md, exercise 1, step 1: default levers, week 40, the first seed.
    model = app.TeachingModel(app.classroom_params(), rng=1)
    for _ in range(40):
        model.step()
    fig = app_charts.skills_figure(model)
    spans = app_charts.arrow_spans(fig)
    zero, hundredth = spans.pop("hundredth")
    shifts = app_charts.skill_shifts(model)
    assert [(s.skill, s.arm) for s in shifts] == [
        (skill, arm) for skill in ("formal", "informal")
        for arm in ("participants", "control group")]
    assert len(spans) == len(shifts)
    for s in shifts:  # each arrow runs from 0 to the arm's change, on the axis' scale
        start, end = spans[f"{app_charts.ARROW_GID}:{s.skill}:{s.arm}"]
        assert start == pytest.approx(zero)
        assert end - start == pytest.approx(100 * s.change * (hundredth - zero))
    assert all(ax.get_xlim() == app_charts.SKILL_SCALE for ax in fig.axes)
    # Shown in the narrowest panel, a hundredth is still MIN_HUNDREDTH_PX long.
    screen = app_charts.NARROWEST_PANEL_PX / (fig.get_figwidth() * fig.dpi)
    assert (hundredth - zero) * screen >= app_charts.MIN_HUNDREDTH_PX
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [
        ax.get_title(loc="left") for ax in fig.axes]
    lead = shifts[2].change - shifts[3].change
    assert f"Informal skill: participants {app_charts.signed(lead)} against the control group" \
        in texts
    assert app_charts.signed(shifts[2].change) in texts


def test_the_skills_scale_widens_only_for_a_change_beyond_it() -> None:
    def scale(*changes: float) -> tuple[float, float]:
        return app_charts.skill_scale([app_charts.SkillShift("formal", "participants",
                                                             "black", 20, c)
                                       for c in changes])

    assert scale(-0.05, 0.15) == scale() == app_charts.SKILL_SCALE
    assert scale(0.151) == (-0.05, 0.2)
    assert scale(-0.07, 0.3) == (-0.1, 0.3)


def test_without_a_control_group_the_skills_panel_compares_the_eligible() -> None:
    model = app.TeachingModel(app.classroom_params(), rng=1, evaluation="none")
    for _ in range(3):
        model.step()
    shifts = app_charts.skill_shifts(model)
    assert {s.arm for s in shifts} == {"participants", "eligible, not taken in"}
    assert all(s.size > 0 for s in shifts)


def test_funnel_counts_are_sums_since_week_one() -> None:
    model = app.TeachingModel(app.classroom_params(), rng=1)
    for _ in range(5):
        model.step()
    frame = model.results()
    counts = app_charts.funnel_counts(frame)
    assert counts["immigrant"]["callbacks"] == frame["callbacks_immigrant"].iloc[1:].sum()
    assert counts["majority"]["applications"] > counts["majority"]["callbacks"] > 0


def test_summary_reports_the_arms_and_the_levers_of_the_run() -> None:
    model = app.TeachingModel(app.classroom_params(), rng=1, meetings_per_month=3.5,
                              skills_channel=False)
    assert "intake at week 2" in app.summary_html(model)
    assert "minus control" not in app.summary_html(model)
    for _ in range(3):
        model.step()
    text = app.summary_html(model)
    assert "Week 3" in text
    assert "participants (20)" in text and "control group (20)" in text
    assert "Participants minus control group" in text
    assert "Meetings per month: <b>3.5</b>" in text
    assert "skills channel: <b>off</b>" in text


def test_a_chart_that_fails_shows_one_line_not_a_traceback() -> None:
    def broken(model: app.TeachingModel) -> typing.NoReturn:
        raise RuntimeError("no data")

    png = app_panels.picture("Broken chart", broken,
                             app.TeachingModel(app.classroom_params(), rng=1))

    @solara.component
    def Show() -> None:  # noqa: N802 (a component)
        app_panels.chart_panel(png)

    _, rc = solara.render(Show(), handle_error=False)
    alert = rc.find(v.Alert).widget
    assert alert.children == ["Broken chart: could not be drawn (RuntimeError: no data)"]


def test_the_network_legend_is_text_naming_participants_and_the_control_group() -> None:
    texts = [key.text for key in app_network.LEGEND]
    assert any(t.startswith("participant") for t in texts)
    assert any(t.startswith("control group") for t in texts)
    legend = app_panels.legend_html()
    assert f"aria-label='{app_panels.LEGEND_LABEL}'" in legend
    assert legend.count("<li>") == len(texts) and legend.count("<svg") == len(texts)
    assert all(t in legend for t in texts)


def test_every_figures_text_is_at_least_the_smallest_size() -> None:
    model = app.TeachingModel(app.classroom_params(), rng=1)
    for _ in range(3):
        model.step()
    for title, draw in app.CHARTS:
        fig = draw(model)
        fig.canvas.draw()
        sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))
                 if getattr(t, "get_text", lambda: "")().strip() and t.get_visible()]
        assert sizes and min(sizes) >= app_charts.SMALL_TEXT, title


@pytest.mark.parametrize(("levers", "shown"), [
    ({}, "Evaluation shown: a randomised trial (RCT)"),
    ({"evaluation": "none"}, "Evaluation shown: none"),
    ({"programmes": []}, "none (no programme in this market)"),
])
def test_the_header_says_which_evaluation_the_page_shows(levers: dict, shown: str) -> None:
    levers = levers if "programmes" in levers else {"evaluation": "rct", **levers}
    params = make_params(labour_force=2_000, **levers)
    model = app.TeachingModel(params, rng=3)
    text = app_summary.header_html(model, "A market")
    assert text.startswith("<b>A market</b>, seed 3.") and shown in text
    assert "twin worlds" not in text
    for scenario, twin in (("twin", True), ("rct", True), ("none", False)):
        text = app_summary.header_html(model, "A market", scenario)
        assert ("twin worlds" in text) == (twin and bool(model.params.programmes))


# --- The page, driven through its widgets ---------------------------------------------------


@solara.component
def AppPage() -> None:  # noqa: N802 (a component)
    with solara.AppLayout():  # as solara's server shows a page: sidebar and app bar
        app.Page()


def summary(rc: typing.Any) -> str:
    texts = [h.unsafe_innerHTML for h in rc.find(solara.widgets.HTML).widgets]
    return next(t for t in texts if t.startswith("<h3"))


def header(rc: typing.Any) -> str:
    texts = [h.unsafe_innerHTML for h in rc.find(solara.widgets.HTML).widgets]
    return next(t for t in texts if "Evaluation" in t)


def test_page_steps_resets_and_applies_a_moved_slider() -> None:
    _, rc = solara.render(AppPage(), handle_error=False)
    assert [b.widget.children for b in rc.find(v.Btn)] == [["Reset"], ["▶"], ["Step"]]
    # One thread: no switch runs the model while the pictures are drawn.
    assert not rc.find(v.Checkbox, label="Use Threads")
    assert "The classroom market</b>, seed 1." in header(rc)
    images = rc.find(widgets.Image)
    assert len(images) == len(app.CHARTS)
    first = [w.value for w in images.widgets]
    assert "Week 0" in summary(rc)

    step = rc.find(v.Btn, children=["Step"]).widget
    for _ in range(3):
        step.click()
    assert "Week 3" in summary(rc)
    stepped = [w.value for w in rc.find(widgets.Image).widgets]
    assert all(a != b for a, b in zip(first, stepped, strict=True))

    slider = rc.find(v.Slider, label=app_controls.label("meetings_per_month")).widget
    slider.v_model = 6.0
    switch = rc.find(v.Checkbox, label=app_controls.label("signalling_channel")).widget
    switch.v_model = False
    assert "Meetings per month: <b>2</b>" in summary(rc)  # levers wait for Reset
    rc.find(v.Btn, children=["Reset"]).widget.click()
    text = summary(rc)
    assert "Week 0" in text
    assert "Meetings per month: <b>6</b>" in text
    assert "signalling channel (CV, interview, referrals): <b>off</b>" in text


def test_page_with_a_scenario_uses_its_seed_and_says_its_evaluation(
        monkeypatch: pytest.MonkeyPatch, tmp_path: typing.Any) -> None:
    pytest.importorskip("hiresim.config.scenario")
    path = tmp_path / "demo.yaml"
    path.write_text("name: demo\nseed: 2019\nevaluation: twin\nmarket:\n"
                    "  labour_force: 1500\nprogrammes:\n  - capacity: 15\n    start_week: 3\n")
    monkeypatch.setenv(app.SCENARIO_ENV, str(path))
    _, rc = solara.render(AppPage(), handle_error=False)
    seed = rc.find(v.Slider, label=app_controls.SEED_LABEL).widget
    assert seed.v_model == 2019
    text = header(rc)
    assert "Scenario demo (demo.yaml)</b>, seed 2019." in text
    assert "Evaluation shown: none" in text and "twin worlds" in text
    step = rc.find(v.Btn, children=["Step"]).widget
    step.click()
    assert "Week 1" in summary(rc)
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert "seed 2019." in header(rc)


def test_page_with_a_scenario_the_app_cannot_read_says_so(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: typing.Any) -> None:
    monkeypatch.setenv(app.SCENARIO_ENV, str(tmp_path / "missing.yaml"))
    _, rc = solara.render(AppPage(), handle_error=False)
    text = rc.find(v.Alert).widget.children[0]
    assert "missing.yaml" in text
    assert not rc.find(v.Btn, children=["Step"])


# --- The command ---------------------------------------------------------------------------


def test_app_command_names_a_missing_scenario_file(tmp_path: typing.Any,
                                                   capsys: pytest.CaptureFixture) -> None:
    pytest.importorskip("hiresim.config.scenario")
    assert main(["app", str(tmp_path / "nowhere.yaml"), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hiresim app:") and "nowhere.yaml" in err
    assert "Traceback" not in err


def test_app_command_without_the_scenario_reader_says_what_is_missing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: typing.Any,
        capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setitem(sys.modules, "hiresim.config.scenario", None)
    assert main(["app", str(tmp_path / "x.yaml"), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "x.yaml" in err and "cannot read scenario files" in err


def test_scenario_sets_the_apps_market(tmp_path: typing.Any) -> None:
    pytest.importorskip("hiresim.config.scenario")
    path = tmp_path / "demo.yaml"
    path.write_text("name: demo\nseed: 7\nmarket:\n  labour_force: 1500\n"
                    "programmes:\n  - capacity: 15\n    start_week: 3\n")
    setup = app.read_scenario(str(path))
    assert setup.params.labour_force == 1500
    assert setup.params.programmes[0].capacity == 15
    assert setup.seed == 7
    assert "demo" in setup.title
    assert setup.evaluation == "twin"  # a scenario's default evaluation


def test_app_command_refuses_a_port_in_use(capsys: pytest.CaptureFixture) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["app", "--port", str(port), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert f"port {port}" in err and "--port" in err
