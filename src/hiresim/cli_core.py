"""Subcommands ``params`` (the parameter reference) and ``simulate`` (one model run)."""

from __future__ import annotations

import argparse
import textwrap

from .cli import non_negative, positive, whole_number
from .params import ParameterError, make_params, parameter_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("params", help="list every parameter with default, bounds, unit and source")
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.set_defaults(func=cmd_params)
    s = sub.add_parser("simulate", help="run one model and print employment by group")
    s.add_argument("--weeks", type=positive, default=104, help="weeks to simulate (default 104)")
    s.add_argument("--seed", type=non_negative, default=1, help="run seed (default 1)")
    s.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter, e.g. --set meetings_per_month=4")
    s.set_defaults(func=cmd_simulate)
    c = sub.add_parser("calibrate", help="the default market against its calibration targets")
    c.add_argument("--replications", type=whole_number(2), default=6,
                   help="replications (default 6; at least 2, for a standard error)")
    c.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a market parameter, e.g. --set tightness=0.1")
    c.set_defaults(func=cmd_calibrate)


def markdown_reference() -> str:
    """The parameter reference as Markdown (docs/parameters.md is generated from this)."""
    lines = [
        "# Parameter reference", "",
        "Generated from the schema (`src/hiresim/params.py`) by `make docs`; do not edit by "
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
                cells = [f"`{r['name']}`", r["default"], r["bounds"], r["unit"],
                         r["description"], r["source"]]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
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
    import yaml

    from .cli import UserError

    out = {}
    for item in items:
        if "=" not in item:
            raise UserError(f"--set {item!r}: expected NAME=VALUE")
        name, value = item.split("=", 1)
        out[name.strip()] = yaml.safe_load(value)
    return out


def cmd_simulate(args: argparse.Namespace) -> int:
    from .cli import UserError
    from .simulate import simulate

    try:
        params = make_params(**_parse_overrides(args.set))
    except ParameterError as err:
        raise UserError(str(err)) from None
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
    from .calibration import TARGETS, calibration_statistics
    from .cli import UserError

    try:
        params = make_params(**_parse_overrides(args.set))
    except ParameterError as err:
        raise UserError(str(err)) from None
    stats = calibration_statistics(params, seeds=range(args.replications))
    print(f"{'statistic':<16}{'model (± s.e.)':>22}  {'target':<14} source")
    for name, low, high, source in TARGETS:
        mean, se = stats.mean_and_se(name)
        mark = "ok " if stats.within(name, low, high) else "OFF"
        print(f"{name:<16}{mean:>13.4f} ± {se:<7.4f} {mark} [{low:g}, {high:g}]  {source}")
    return 0
