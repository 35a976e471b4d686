"""Subcommands ``params`` (the parameter reference) and ``simulate`` (one model run)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from ..params.overrides import NAMES, make_params
from ..params.reference import parameter_table
from ..params.schema import Params
from .main import UserError, non_negative, positive, whole_number

#: What ``--set`` means, in every command's help.
SET_HELP = ("set a model parameter by the rules of a scenario's variants: a market "
            "parameter (--set tightness=0.1), a lever of every programme (--set "
            "meetings_per_month=4), one programme's lever (--set "
            "programmes.programme.capacity=20), or programmes (a new list); VALUE is read "
            "as YAML (repeatable)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("params", help="list every parameter with default, bounds, unit and source")
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.set_defaults(func=cmd_params)
    s = sub.add_parser("simulate", help="run one model and print employment by group")
    s.add_argument("--weeks", type=positive, default=104, help="weeks to simulate (default 104)")
    s.add_argument("--seed", type=non_negative, default=1, help="run seed (default 1)")
    s.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help=SET_HELP + "; the run's length and seed are --weeks and --seed")
    s.set_defaults(func=cmd_simulate)
    c = sub.add_parser("calibrate", help="the default market against its calibration targets")
    c.add_argument("--replications", type=whole_number(2), default=6,
                   help="replications (default 6; at least 2, for an interval)")
    c.add_argument("--years", type=whole_number(3), default=10,
                   help="years per replication (default 10: also measures drift from year "
                        "2 to year 10; 3: the targets only)")
    c.add_argument("--workers", type=positive, default=None,
                   help="local worker processes (default: all cores)")
    c.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help=SET_HELP.replace("set a model parameter", "set a market parameter"))
    c.add_argument("--search", type=whole_number(1), default=None, metavar="N",
                   help="instead: search N points of a Latin hypercube over the market's "
                        "calibrated parameters, one replication of three years each, and "
                        "list the points that miss the fewest targets (docs/model.md §6)")
    c.add_argument("--search-seed", type=non_negative, default=1,
                   help="seed of the search's points (default 1)")
    c.add_argument("--out", type=Path, default=None,
                   help="with --search: also write every point to this CSV file")
    c.set_defaults(func=cmd_calibrate)


def markdown_row(cells: list[str]) -> str:
    """One row of a Markdown table (a ``|`` inside a cell escaped)."""
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def markdown_reference() -> str:
    """The parameter reference as Markdown (docs/parameters.md is generated from this)."""
    lines = [
        "# Parameter reference", "",
        "Generated from the schema (`src/hiresim/params/schema.py`) by `make docs`; do not edit by "
        "hand. `hiresim params` prints the same list. Programme levers can be set per "
        "programme in a scenario, or as flat keywords (`HireModel(meetings_per_month=4)`) "
        "that apply to every programme.", "",
    ]
    for section, title in (("market", "Labour market and mechanisms"),
                           ("programme", "Programme levers (per programme)")):
        lines += [f"## {title}", "",
                  "| name | default | bounds | unit | description | source or reason |",
                  "|---|---|---|---|---|---|"]
        for r in parameter_table():
            if r["section"] == section:
                lines.append(markdown_row([f"`{r['name']}`", r["default"], r["bounds"],
                                           r["unit"], r["description"], r["source"]]))
        lines.append("")
    return "\n".join(lines)


def cmd_params(args: argparse.Namespace) -> int:
    if args.markdown:
        print(markdown_reference(), end="")
        return 0
    for r in parameter_table():
        bounds = r["bounds"] or "any"
        print(f"{r['name']} = {r['default']}  [{bounds}] {r['unit']}  ({r['section']})")
        print(textwrap.indent(textwrap.fill(r["description"], 88), "    "))
        print(textwrap.indent(textwrap.fill("source: " + r["source"], 88), "    "))
    return 0


def _parse_overrides(items: list[str]) -> dict:
    """``--set NAME=VALUE`` items as a mapping; each value is read as plain YAML."""
    from ..config.problems import ScenarioError
    from ..config.safe_yaml import parse_value

    out = {}
    for item in items:
        if "=" not in item:
            raise UserError(f"--set {item!r}: expected NAME=VALUE")
        name, value = item.split("=", 1)
        try:
            out[name.strip()] = parse_value(value, f"--set {name.strip()}")
        except ScenarioError as err:
            p = err.problems[0]
            given = f"given {p.given}; " if p.given else ""
            raise UserError(f"--set {name.strip()}: {p.message} ({given}allowed: "
                            f"{p.allowed or _VALUES})") from None
    return out


_VALUES = "a plain YAML value, e.g. 5000, 0.2, [0.1, 0.2], true or text"


def model_params(items: list[str], base: Params, options: str) -> Params:
    """``base`` with ``--set NAME=VALUE`` items applied as ``hiresim run --set`` applies
    them to a scenario's base (`hiresim.config.located.apply_overrides`). A scenario's run
    settings are refused: one model has none, and ``options`` says what the command takes
    instead."""
    from ..config.located import apply_overrides
    from ..config.problems import Problem, ScenarioError
    from ..config.safe_yaml import SourceMap
    from ..config.settings import SETTINGS

    overrides = _parse_overrides(items)
    try:
        settings = [k for k in overrides if k in SETTINGS and k not in NAMES]
        if settings:
            raise ScenarioError([Problem(
                "command line", None, f"--set {k}", "a scenario's run setting (for "
                "`hiresim run`), not a model parameter", allowed=options) for k in settings])
        src = SourceMap(default_file="command line")
        return apply_overrides(base, overrides, ("--set",), src)
    except ScenarioError as err:
        raise UserError(str(err)) from None


def cmd_simulate(args: argparse.Namespace) -> int:
    from ..model.simulate import simulate

    params = model_params(args.set, Params(), "a parameter listed by `hiresim params`; "
                                              "the run's length and seed: --weeks, --seed")
    frame = simulate(params, args.seed, args.weeks)
    cols = ["employment_rate_majority", "employment_rate_immigrant",
            "right_level_rate_majority", "right_level_rate_immigrant"]
    if params.programmes:
        cols += ["employment_rate_treatment", "right_level_rate_treatment"]
    rows = frame[frame["week"] % 13 == 0].set_index("week")[cols]
    print(f"hiresim: labour force {params.labour_force:,}, seed {args.seed}, "
          f"{len(params.programmes)} programme(s)")
    print(rows.rename(columns=lambda c: c.replace("_rate", "").replace("_", " ")).to_string(
        float_format=lambda v: f"{v:6.3f}"))
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from ..pipeline.calibration import (
        CALIBRATION_LABOUR_FORCE,
        DRIFT,
        KNOWN_MISSES,
        LONG_WINDOW,
        TARGETS,
        WINDOW,
        calibration_statistics,
    )
    from ..pipeline.execution import useful_workers

    params = model_params(args.set, make_params(labour_force=CALIBRATION_LABOUR_FORCE),
                          "a parameter listed by `hiresim params`; the runs: "
                          "--replications, --years")

    if args.out is not None and not args.search:
        raise UserError(f"--out {args.out}: only a search writes a file; add --search N")
    if args.out is not None and args.out.is_dir():
        raise UserError(f"--out {args.out}: a directory; give the path of a CSV file to "
                        "write")
    workers, note = useful_workers(args.workers, args.search or args.replications)
    if note:
        print(f"note: {note}", file=sys.stderr)
    if args.search:
        return _search(args, params, workers)
    stats = calibration_statistics(params, seeds=range(args.replications), years=args.years,
                                   workers=workers)

    def shown(value: float, unit: str) -> str:
        if unit == "NOK":
            return f"{value:,.0f}"
        return f"{100 * value:.2f}" if unit == "%" else f"{value:.3f}"

    lo, hi = LONG_WINDOW if args.years >= 10 else WINDOW
    print(f"hiresim calibrate: {args.replications} replications of the default market "
          f"(labour force {params.labour_force:,}), weeks {lo}-{hi}; mean [95 % interval]; "
          "status: in band only where the whole interval lies in the target band")
    print(f"{'statistic':<34}{'model':>24}  {'target':<18}{'status':<9} source")
    for t in TARGETS:
        mean, lo, hi, _ = stats.interval(t.name)
        unit = {"%": " %", "NOK": " NOK"}.get(t.unit, "")
        model = f"{shown(mean, t.unit)} [{shown(lo, t.unit)}, {shown(hi, t.unit)}]"
        band = f"{shown(t.low, t.unit)}-{shown(t.high, t.unit)}{unit}"
        status = stats.status(t.name, t.low, t.high)
        note = f" (known miss: {KNOWN_MISSES[t.name]})" if t.name in KNOWN_MISSES else ""
        print(f"{t.name:<34}{model:>24}  {band:<18}{status:<9} {t.source}{note}")
    if args.years >= 10:
        print("\nDrift, year 10 less year 2 (none: the interval lies within the margin)")
        for name, margin in DRIFT.items():
            mean, lo, hi, _ = stats.interval(f"drift_{name}")
            print(f"{name:<34}{mean:>+10.4f} [{lo:+.4f}, {hi:+.4f}]  ±{margin:<8g}"
                  f"{stats.drift_status(name)}")
    return 0


def _search(args: argparse.Namespace, params: Params, workers: int) -> int:
    """`hiresim calibrate --search N` on ``workers``: the points that miss the fewest
    targets."""
    from ..pipeline.atomic import write_bytes
    from ..pipeline.calibration_search import DIMENSIONS, calibration_search

    found = calibration_search(params, args.search, args.search_seed, workers)
    if args.out is not None:
        write_bytes(args.out, found.to_csv(index=False).encode())
    labels = [d.label for d in DIMENSIONS]
    print(f"hiresim calibrate --search: {args.search} points, one replication of three "
          f"years each (labour force {params.labour_force:,}); the best first")
    shown = found.head(10)[[*labels, "targets_missed", "worst"]]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    return 0
