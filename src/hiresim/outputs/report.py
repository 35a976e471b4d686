"""The analyst's report: one self-contained HTML page (`write_report`).

The page gives the answer first: the true effects with their intervals or, with several
variants, the base's bottom line and a table of every variant against the base
(`comparison`), its forest plot and each design's findings below. Then it says what was
simulated in words, shows what an evaluation would have reported and why it
differs, then the tables and figures, each with a note on how to read it. Its words and
numbers come from `findings`, `scenario_words` and `tables`; its layout is the Jinja2
template ``templates/report.html.j2``, which escapes every value it is given.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Template

from ..config.scenario import BASE
from ..pipeline.atomic import write_text
from ..pipeline.pages import EmbeddedFigure, embedded_png, page_template
from ..version import __version__
from .comparison import best_words, comparison
from .findings import by_variant, headline, practice_words
from .scenario_words import scenario_in_words
from .tables import BIAS_COLUMNS, bias_table, effects_tables, summary_tables

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["render", "title", "write_report"]

_CAPTIONS = {
    "employment.png": "Participants' employment and employment at the right level, with the "
                      "programme (solid) and in the twin world without it (dashed). Bands are "
                      "95 % intervals over replications; the dotted line marks intake.",
    "comparison.png": "Each variant against the base, for each headline estimand and "
                      "horizon: the variant's effect minus the base's, paired by replication "
                      "(the same random numbers in both), with its 95 % interval. Right of "
                      "the line at zero: better than the base.",
    "effects.png": "The estimands with 95 % intervals. Top rows: the truth from the twin "
                   "world; lower rows: what an RCT and the naive comparisons would report, "
                   "each beside the true effect it estimates (open diamond, joined by a "
                   "dotted line: the gap is the evaluation's bias). Right panel: jobs, in "
                   "persons.",
    "effects_over_time.png": "The true effects week by week (programme world minus twin "
                             "world, paired by replication).",
    "survival.png": "Survival curves: the share of participants not yet hired (left) and not "
                    "yet in a job at the right level (their qualification level, in their "
                    "field; right), by weeks since intake; "
                    "dashed: the same people without the programme; dotted: eligible "
                    "non-participants.",
    "funnel.png": "The hiring funnel by group, summed from intake to the last horizon: the "
                  "gap between majority and immigrant applicants at each stage. These are "
                  "raw rates: the groups differ in qualifications, skills, contacts and where "
                  "they apply, so the raw callback gap is larger than discrimination alone. "
                  "The calibration's callback ratio (about 1.4, Norwegian field "
                  "experiments) compares equally qualified applicants sent to the same "
                  "vacancies, as `hiresim calibrate` measures it.",
    "skills.png": "The programme's effect on participants' formal and informal skills (0-1 "
                  "scale): the programme world minus the twin world, paired by "
                  "replication, with its 95 % interval (without twin worlds: the skills "
                  "themselves).",
    "programme.png": "Mentor pairs meeting (active) and gone quiet (dormant); the "
                     "programme's effect (programme world minus twin world, paired by "
                     "replication) on employers' belief gap about immigrant applicants "
                     "(positive: more pessimistic than the truth) and on the immigrant share "
                     "of all staff (diversity); without twin worlds, their levels.",
}


def _template() -> Template:
    """The report's template (`hiresim.pipeline.pages`)."""
    return page_template("hiresim.outputs", "report.html.j2")


def _figure(path: Path) -> EmbeddedFigure:
    return EmbeddedFigure(path.stem, embedded_png(path.read_bytes()),
                  _CAPTIONS.get(path.name, ""))


def title(description: str, name: str, longest: int = 110) -> str:
    """The report's title: the first sentence of the scenario's description (shortened
    at a word to ``longest`` characters), or its name when it has none."""
    text = " ".join(description.split())
    if not text:
        return name
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
    if len(first) > longest:
        first = first[:longest].rsplit(" ", 1)[0] + " …"
    first = re.sub(r"\s*\(\s*$", "", first)  # no dangling bracket at the cut
    return first


def render(result: ScenarioResult, figures: list[Path], runs_version: str | None = None) -> str:
    """The report as one self-contained HTML page (figures embedded). ``runs_version``:
    the version of hiresim that made the runs, when the report is drawn from a result
    directory (`hiresim report`); the page names it if it is not this one."""
    t = result.timings
    compared = comparison(result)
    shown = [_figure(p) for p in figures]
    forest = next((f for f in shown if f.name == "comparison"), None)
    bottom = [f for f in headline(result, BASE) if f.lead == "Bottom line."] if compared \
        else []
    return _template().render(
        scenario=result.scenario,
        title=title(result.scenario.description, result.scenario.name),
        answer=by_variant(result, headline),
        comparison=compared, best=best_words(compared) if compared else "",
        bottom=bottom, forest=forest,
        simulated=scenario_in_words(result),
        truth=effects_tables(result, ("truth", "comparison", "cost")),
        practice=by_variant(result, practice_words),
        practice_tables=effects_tables(result, ("practice",)),
        evaluation=effects_tables(result, ("evaluation",)),
        bias_columns=BIAS_COLUMNS, bias=bias_table(result),
        figures=[f for f in shown if f is not forest],
        outcomes=summary_tables(result),
        version=__version__, runs_version=runs_version or __version__,
        simulations=int(t.get("simulations", 0)),
        seconds=f"{t.get('simulation_seconds', 0):.1f}", workers=result.workers)


def write_report(result: ScenarioResult, path: Path, figures: list[Path]) -> Path:
    """Write report.html atomically."""
    return write_text(path, render(result, figures))
