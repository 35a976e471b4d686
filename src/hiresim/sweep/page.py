"""``analysis.html``: one self-contained page on a sweep (figures embedded as PNG).

What was swept, a headline per metric, and per metric its figures (`figures`), the
sentences of `findings` at every horizon, and the most influential factors with their
intervals. The layout is the Jinja2 template ``templates/analysis.html.j2``, rendered
as the scenario report is: autoescaped, so every value is text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from jinja2 import Template

from ..pipeline.atomic import write_figure, write_text
from ..pipeline.pages import EmbeddedFigure, embedded_png, page_template
from ..version import __version__
from .figures import metric_figures
from .findings import after, headline, ranking, sentence
from .labels import factor_label, measure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .analysis import Analysis

TOP = 8
_CAPTIONS = {
    "response": "The mean at each level of a factor (a sampled range: in quantile bins), "
                "over the other factors and the replications, with its 95 % interval; one "
                "line per horizon, the most influential factors first.",
    "heatmap": "The mean over two factors with its 95 % interval in each cell. Colour: "
               "the distance from the centre of the scale, which reaches the farthest "
               "interval bound.",
    "sobol": "Sobol' indices with 95 % bootstrap intervals: S1, the share of the "
             "variance a factor explains alone; ST, alone and with the others.",
    "morris": "Morris μ* (bars, 95 % bootstrap interval cut at 0) and σ (diamonds), in "
              "the metric's unit over each factor's whole range.",
}


def _template() -> Template:
    """The page's template (`hiresim.pipeline.pages`)."""
    return page_template("hiresim.sweep", "analysis.html.j2")


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return embedded_png(buffer.getvalue())


def _values(d: dict[str, Any]) -> str:
    """A factor's values from its description in the manifest."""
    if d["kind"] == "levels":
        return ", ".join(str(v) for v in d["values"])
    text = f"from {d['low']:g} to {d['high']:g}"
    if d.get("log"):
        text += " (log scale)"
    if d.get("steps"):
        text += f" in {d['steps']} steps"
    return text


def _months(horizons: list[float]) -> str:
    text = ", ".join(f"{h:g}" for h in horizons[:-1])
    text = f"{text} and {horizons[-1]:g}" if text else f"{horizons[-1]:g}"
    return f"{text} month{'' if horizons == [1.0] else 's'} after intake"


def _swept(manifest: dict[str, Any]) -> str:
    exp = manifest["experiment"]
    samples = f" ({exp['samples']} {'trajectories' if exp['design'] == 'morris' else 'samples'})" \
        if exp.get("samples") else ""
    scenario = Path(str(exp.get("scenario", ""))).stem
    variant = f", variant {exp['variant']}" if exp.get("variant") else ""
    fixed = "; fixed: " + ", ".join(f"{factor_label(k)} = {v}" for k, v in exp["set"].items()) \
        if exp.get("set") else ""
    return (f"A {exp['design']} design{samples} of {len(exp['factors'])} factor"
            f"{'' if len(exp['factors']) == 1 else 's'}: {manifest['points']:,} points × "
            f"{manifest['replications']} replications = {manifest['tasks']:,} runs (the same "
            f"seeds at every point), seed {exp['seed']}, from the scenario {scenario}"
            f"{variant}{fixed}. Metrics measured {_months(manifest['horizons_months'])}.")


def _top_table(analysis: Analysis, results: pd.DataFrame, metric: str
               ) -> dict[str, Any] | None:
    """The most influential factors at every horizon, with their intervals."""
    columns = {h: ranking(analysis, results, metric, h) for h in analysis.horizons}
    columns = {h: r for h, r in columns.items() if r}
    if not columns:
        return None
    depth = min(TOP, max(len(r) for r in columns.values()))
    rows = [[str(i + 1), *(f"{factor_label(r[i].factor)}: {r[i].words}" if i < len(r)
                           else "" for r in columns.values())] for i in range(depth)]
    return {"header": ["rank", *(after(h) for h in columns)], "rows": rows}


def metric_section(analysis: Analysis, results: pd.DataFrame, metric: str, label: str,
                   png_folder: Path | None) -> dict[str, Any]:
    """One metric's part of the page; its figures also as PNG files in ``png_folder``."""
    shown = measure(metric)
    figures = []
    for kind, fig in metric_figures(analysis, results, metric, label):
        figures.append(EmbeddedFigure(kind, _png(fig), f"{shown.label}. {_CAPTIONS[kind]}"))
        if png_folder is not None:
            analysis.files.append(write_figure(png_folder / f"{kind}_{metric}.png", fig,
                                               dpi=110))
    said = headline(analysis, results, metric)
    analysis.headlines.append(f"{shown.label} ({shown.unit}), {said}")
    return {"name": metric, "label": shown.label, "unit": shown.unit,
            "definition": shown.definition, "headline": said,
            "sentences": [sentence(analysis, results, metric, h) for h in analysis.horizons],
            "figures": figures, "table": _top_table(analysis, results, metric)}


def title(manifest: dict[str, Any], longest: int = 90) -> str:
    """The page's title: the experiment's description up to its first full stop or
    comma (shortened at a word to ``longest`` characters), or its name in words."""
    exp = manifest["experiment"]
    text = " ".join(str(exp.get("description") or "").split())
    first = re.split(r"(?<=[.!?])\s|,\s", text, maxsplit=1)[0].rstrip(".")
    if len(first) > longest:
        first = first[:longest].rsplit(" ", 1)[0] + " …"
    return first or f"Sweep {str(exp['name']).replace('_', ' ')}"


def write_page(analysis: Analysis, results: pd.DataFrame, manifest: dict[str, Any],
               path: Path, tables: Path, png_folder: Path | None = None) -> Path:
    """Write ``analysis.html`` (atomically) and, with ``png_folder``, the figures as PNG."""
    exp = manifest["experiment"]
    label = f"hiresim {manifest['hiresim_version']} · {exp['name']} · " \
            f"{manifest['tasks']:,} runs ({analysis.design})"
    html = _template().render(
        title=title(manifest), name=exp["name"],
        description=" ".join(str(exp.get("description") or "").split()),
        swept=_swept(manifest), design=analysis.design,
        factors=[{"label": factor_label(d["name"]), "name": d["name"], "levels": _values(d)}
                 for d in exp["factors"]],
        metrics=[metric_section(analysis, results, m, label, png_folder)
                 for m in analysis.metrics],
        notes=analysis.notes, version=__version__, runs_version=manifest["hiresim_version"],
        tables=str(tables))
    return write_text(path, html)
