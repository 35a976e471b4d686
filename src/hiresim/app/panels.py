"""The teaching app's main area: a line saying what the page shows, then the panels.

The panels sit in a CSS grid of one column on a small screen (1366×768 with the sidebar
open) and two on a large one (1920×1080); each panel grows with its content, every figure
takes its panel's width, and no panel is taller than the window, so a panel is always
seen whole. The network picture has its legend beside it in a wide panel and below it in
a narrow one; it spans two rows of the grid, or, in a window too low for a picture and
its legend one above the other, the whole width. Text sizes grow with the window, from
15 pixels at 1366 to 19 at 1920.

All pictures of a week are drawn together, in one pass from one state of the model, so
every panel always shows the same week.
"""

from __future__ import annotations

import html
import io
import logging
import warnings
from collections.abc import Callable
from typing import Any

import solara
from matplotlib.figure import Figure

from . import charts, network, summary
from .teaching_model import TeachingModel

with warnings.catch_warnings():
    # Mesa 3.3's ComponentsView calls a hook after an early return (harmless, changed in
    # later Mesa); solara's hook checker warns about it when Mesa's module is imported.
    warnings.filterwarnings("ignore", message=".*ComponentsView", category=UserWarning)
    from mesa.visualization.utils import update_counter  # Mesa's controls bump it

logger = logging.getLogger(__name__)

#: Page style. Slider values always in view (a room cannot see a value shown only while
#: dragging); the main area's grid and panels; text that grows with the window.
PAGE_CSS = """
.v-slider__thumb-container .v-slider__thumb-label-container { display: block !important; }
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-input__slot > .v-label { flex: 0 0 100%; margin-bottom: 34px;
    white-space: normal; }
.hiresim-main { --hiresim-text: clamp(15px, 0.7vw + 6px, 20px);
    font-size: var(--hiresim-text); line-height: 1.4; }
.hiresim-header { margin: 0 0 12px 0; }
.hiresim-grid { display: grid; gap: 16px;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); }
.hiresim-panel { min-width: 0; padding: 12px; background: white; border-radius: 4px;
    box-shadow: 0 1px 3px rgba(0, 0, 0, 0.25); }
.hiresim-panel img.hiresim-figure { display: block; width: 100%; height: auto;
    max-height: calc(100vh - 150px); object-fit: contain; }
.hiresim-caption { font-weight: bold; margin: 0 0 8px 0; }
.hiresim-network { grid-row: span 2; align-self: start; container-type: inline-size; }
.hiresim-network-body { display: flex; gap: 12px; align-items: center; }
.hiresim-network-picture { flex: 1 1 auto; min-width: 0; }
.hiresim-network-picture img.hiresim-figure { max-height: calc(100vh - 200px); }
.hiresim-legend { flex: 0 1 20em; min-width: 14em; }
.hiresim-legend p { margin: 0 0 6px 0; }
.hiresim-legend ul { list-style: none; padding: 0; margin: 0; display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); column-gap: 1em; }
.hiresim-legend li { display: flex; align-items: center; gap: 0.5em; }
.hiresim-legend svg { flex: 0 0 auto; width: 1.4em; height: 1.4em; }
@container (max-width: 860px) {
    .hiresim-network-body { flex-direction: column; align-items: stretch; }
    .hiresim-legend { flex: 0 0 auto; }
    .hiresim-network-picture img.hiresim-figure {
        max-height: max(calc(100vh - 500px), min(calc(100vh - 380px), 540px)); }
}
@media (max-height: 900px) { .hiresim-network { grid-column: 1 / -1; grid-row: auto; } }
.hiresim-summary td, .hiresim-summary th { padding: 0 0.6em 0 0; }
"""

#: (title, drawing function) of each chart, in the order of the main area.
CHARTS: tuple[tuple[str, Callable[[TeachingModel], Figure]], ...] = (
    ("The labour market as a network", charts.network_figure),
    ("Employment", charts.employment_figure),
    ("Hiring funnel", charts.funnel_figure),
    ("Skills", charts.skills_figure),
    ("Employers' beliefs", charts.beliefs_figure),
)
NETWORK = CHARTS[0][0]
LEGEND_LABEL = "Legend of the network picture"


def figure_png(draw: Callable[[TeachingModel], Figure], model: TeachingModel) -> bytes:
    """A chart as PNG bytes."""
    buffer = io.BytesIO()
    draw(model).savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def picture(title: str, draw: Callable[[TeachingModel], Figure],
            model: TeachingModel) -> bytes | str:
    """A chart as PNG bytes, or one line saying why it could not be drawn."""
    try:
        return figure_png(draw, model)
    except Exception as err:  # shown to the class as one line; details in the log
        logger.exception("drawing %s failed", title)
        return f"{title}: could not be drawn ({type(err).__name__}: {err})"


def pictures(model: TeachingModel) -> dict[str, bytes | str]:
    """Every chart of the model's current week, by title."""
    return {title: picture(title, draw, model) for title, draw in CHARTS}


# --- The panels ----------------------------------------------------------------------------


def _mark(key: network.Key) -> str:
    """The legend's mark for ``key``, as a small inline SVG."""
    fill, edge = key.colour, key.edge or key.colour
    shape = {
        "dot": f"<circle cx='10' cy='10' r='6' fill='{fill}'/>",
        "ring": f"<circle cx='10' cy='10' r='7' fill='{fill}' stroke='{edge}' "
                "stroke-width='2.5'/>",
        "square": f"<rect x='4' y='4' width='12' height='12' fill='{fill}'/>",
        "triangle": f"<polygon points='10,3 17,16 3,16' fill='{fill}'/>",
        "line": f"<line x1='1' y1='10' x2='19' y2='10' stroke='{fill}' stroke-width='3'/>",
    }[key.mark]
    return f"<svg viewBox='0 0 20 20' aria-hidden='true'>{shape}</svg>"


def legend_html() -> str:
    """The network picture's legend as HTML: a sentence on where people sit, then a list
    of marks and their meaning."""
    items = "".join(f"<li>{_mark(k)}<span>{html.escape(k.text)}</span></li>"
                    for k in network.LEGEND)
    return (f"<p>{html.escape(network.PLACES)}</p>"
            f"<ul aria-label='{LEGEND_LABEL}'>{items}</ul>")


def figure(png: bytes | str) -> Any:
    """A chart's picture, or its one-line error."""
    if isinstance(png, str):
        return solara.Error(png)
    return solara.Image(png, classes=["hiresim-figure"])


def network_panel(model: TeachingModel, png: bytes | str) -> None:
    """The network picture with its caption above and its legend beside or below."""
    with solara.Div(classes=["hiresim-panel", "hiresim-network"]):
        solara.HTML(tag="div", classes=["hiresim-caption"],
                    unsafe_innerHTML=html.escape(charts.network_caption(model)))
        with solara.Div(classes=["hiresim-network-body"]):
            with solara.Div(classes=["hiresim-network-picture"]):
                figure(png)
            solara.HTML(tag="div", classes=["hiresim-legend"], unsafe_innerHTML=legend_html())


def chart_panel(png: bytes | str) -> None:
    """One chart in a panel."""
    with solara.Div(classes=["hiresim-panel"]):
        figure(png)


def summary_panel(model: TeachingModel) -> None:
    """The plain-words summary of the run in a panel."""
    try:
        text = summary.summary_html(model)
    except Exception as err:
        logger.exception("summary failed")
        text = f"Summary: could not be written ({type(err).__name__}: {err})"
        failed = True
    else:
        failed = False
    with solara.Div(classes=["hiresim-panel"]):
        if failed:
            solara.Error(text)
        else:
            solara.HTML(tag="div", unsafe_innerHTML=text)


@solara.component
def MainArea(model: TeachingModel, market: str, scenario: str = "") -> None:  # noqa: N802
    """The header line and the panels of ``model``'s current week (``market`` names the
    market; ``scenario`` is its scenario's evaluation setting, as in `header_html`).

    Drawn again whenever Mesa's controls have stepped the model (its update counter);
    the pictures are drawn once per model and week.
    """
    update_counter.get()
    drawn = solara.use_memo(lambda: pictures(model), dependencies=[model, model.week])
    with solara.Div(classes=["hiresim-main"]):
        solara.HTML(tag="div", classes=["hiresim-header"],
                    unsafe_innerHTML=summary.header_html(model, market, scenario))
        with solara.Div(classes=["hiresim-grid"]):
            network_panel(model, drawn[NETWORK])
            summary_panel(model)
            for title, _ in CHARTS[1:]:
                chart_panel(drawn[title])
