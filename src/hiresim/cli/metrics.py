"""Subcommand ``metrics``: every weekly metric and every estimand, with its unit and
definition (docs/metrics.md is generated from it)."""

from __future__ import annotations

import argparse
import textwrap

from ..model.estimands import ESTIMANDS
from ..model.metric_definitions import metric_definitions
from .core import markdown_row
from .main import UserError

#: The estimands' units, as the tables hold them.
UNITS = {"share": "share (0-1; differences in percentage points)", "persons": "persons",
         "skill": "skill (0-1)", "NOK": "NOK", "gap": "gap (skill)", "ratio": "ratio"}


def register(sub: argparse._SubParsersAction) -> None:
    m = sub.add_parser(
        "metrics", help="list every weekly metric and estimand with its unit and definition",
        description="List the weekly metrics (the columns of timeseries.parquet, the "
                    "metrics of summary.csv) and the estimands (effects.csv), each with "
                    "its unit and definition.")
    m.add_argument("filter", metavar="TEXT", nargs="?", default="",
                   help="only names that contain TEXT (e.g. right_level, africa, cost)")
    m.add_argument("--markdown", action="store_true", help="print Markdown tables")
    m.set_defaults(func=cmd_metrics)


def _rows(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """(name, unit, definition) of the weekly metrics and (name, unit, family, label and
    meaning) of the estimands whose names contain ``text``."""
    wanted = text.lower()
    metrics = [[m.name, m.unit, m.definition] for m in metric_definitions()
               if wanted in m.name.lower()]
    estimands = [[name, UNITS.get(e.unit, e.unit), e.family, f"{e.label}: {e.meaning}"]
                 for name, e in ESTIMANDS.items() if wanted in name.lower()]
    return metrics, estimands


def markdown_metrics(text: str = "") -> str:
    """The metrics and estimands as Markdown (docs/metrics.md is generated from this)."""
    metrics, estimands = _rows(text)
    lines = [
        "# Metrics and estimands", "",
        "Generated from `src/hiresim/model/metric_definitions.py` and "
        "`src/hiresim/model/estimands.py` by `make docs`; do not edit by hand. "
        "`hiresim metrics [TEXT]` prints the same list.", "",
        "## Weekly metrics", "",
        "One value per run and week: the columns of `timeseries.parquet`, and the metrics "
        "of `summary.csv` (at intake and at each horizon). Shares are proportions "
        "(0.05 is 5 %).", "",
        "| name | unit | definition |", "|---|---|---|",
        *(markdown_row([f"`{n}`", u, d]) for n, u, d in metrics), "",
        "## Estimands", "",
        "One value per variant and horizon in `effects.csv` (the mean over replications "
        "with its 95 % interval), computed replication by replication. Families: truth "
        "(the programme world against its twin), evaluation (what an evaluation would "
        "report), bias (an evaluation's gap to the truth), comparison (a variant against "
        "the base), cost (cost per job: a ratio of means), practice (employers).", "",
        "## Intervals", "",
        "Every interval in `summary.csv`, `effects.csv` and the report is a 95 % "
        "Student-t interval over replications, clipped to the range the quantity cannot "
        "leave: a share or a 0-1 score lies in [0, 1], a count, an amount of money or a "
        "ratio is at least 0, a difference of two shares or skills lies in [−1, 1] (a "
        "variant's difference from the base's effect, `*_vs_base`, in [−2, 2]). With few "
        "replications of a rate near 100 % the t-interval would otherwise reach past "
        "100 %. Clipping keeps the interval's coverage (the true value lies in the "
        "range, so the clipped interval holds it whenever the t-interval does) and "
        "changes no bound already inside the range; quantities without a range (belief "
        "gaps, differences of jobs or money) keep the plain t-interval. An interval that "
        "ends at a bound (`ci_high` exactly 1) was clipped there. `hiresim compare` "
        "clips the differences between two runs' effects the same way: to [−2, 2] for "
        "effects on shares, [−4, 4] for their differences from the base.", "",
        "| name | unit | family | definition |", "|---|---|---|---|",
        *(markdown_row([f"`{n}`", u, f, d]) for n, u, f, d in estimands), "",
    ]
    return "\n".join(lines)


def cmd_metrics(args: argparse.Namespace) -> int:
    metrics, estimands = _rows(args.filter)
    if not metrics and not estimands:
        raise UserError(f"no metric or estimand name contains {args.filter!r}; "
                        "`hiresim metrics` lists them all")
    if args.markdown:
        print(markdown_metrics(args.filter), end="")
        return 0
    if metrics:
        print("Weekly metrics (timeseries.parquet; summary.csv at intake and each horizon)")
        for name, unit, definition in metrics:
            print(f"{name}  [{unit}]")
            print(textwrap.indent(textwrap.fill(definition, 88), "    "))
    if estimands:
        print(("\n" if metrics else "") + "Estimands (effects.csv: per variant and horizon)")
        for name, unit, family, definition in estimands:
            print(f"{name}  [{unit}; {family}]")
            print(textwrap.indent(textwrap.fill(definition, 88), "    "))
    return 0
