"""Subcommands ``sweep`` (run an experiment's design) and ``analyze`` (sensitivity, figures)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from .core import SET_HELP, _parse_overrides
from .main import positive, sigterm_as_interrupt, whole_number

#: ``--set`` of a sweep: a parameter of the base, fixed at every design point.
SWEEP_SET_HELP = SET_HELP.replace(
    "set a model parameter", "fix a parameter of the experiment's base at every design "
    "point (after the file's 'set'; a factor cannot be fixed)")


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "sweep", help="run every point and replication of an experiment (resumable)",
        description="Run an experiment's design, streaming results to DIR as runs finish. "
                    "A sweep that was stopped (Ctrl-C, kill, a lost machine) continues with "
                    "--resume and ends with exactly the results of an uninterrupted one.")
    s.add_argument("experiment", metavar="EXPERIMENT", help="experiment file (YAML)")
    s.add_argument("--out", metavar="DIR",
                   help="output directory (default: sweeps/<experiment name>)")
    s.add_argument("--workers", type=positive, metavar="N",
                   help="local worker processes (default: all cores)")
    s.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    s.add_argument("--resume", action="store_true",
                   help="complete the sweep already in DIR (runs only what is missing)")
    s.add_argument("--part-runs", type=positive, metavar="N",
                   help="runs per result part file (default: about 50,000 rows)")
    s.add_argument("--replications", type=positive, metavar="N",
                   help="replications per design point (default: the experiment's)")
    s.add_argument("--samples", type=whole_number(2), metavar="N",
                   help="sample size of a sampling design (lhs: points; sobol: base "
                        "samples N, a power of two; morris: trajectories); a grid has none")
    s.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help=SWEEP_SET_HELP)
    s.add_argument("--scenario", metavar="FILE",
                   help="the base scenario (default: the experiment's 'scenario', looked "
                        "for beside the experiment file, in the current directory and in "
                        "./scenarios/)")
    s.add_argument("--plan", action="store_true",
                   help="print the runs, the twin worlds they need and an estimate of the "
                        "time (one short run of the base point is timed), then stop: "
                        "nothing is run or written")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_sweep)

    a = sub.add_parser(
        "analyze", help="analysis.html, sensitivity indices and summaries of a finished sweep",
        description="Summarise a finished sweep in DIR/analysis.html: what was swept, per "
                    "metric labelled figures (response curves, heat maps, sensitivity "
                    "bars) with 95% intervals and a short text; and as CSV in "
                    "DIR/analysis/: means with 95% intervals per design point, Sobol' "
                    "indices (S1, ST) or Morris measures (mu*, sigma).")
    a.add_argument("directory", metavar="DIR", help="a sweep directory")
    a.add_argument("--out", metavar="DIR",
                   help="write the page and the tables here (default: DIR/analysis.html and "
                        "DIR/analysis/)")
    a.add_argument("--no-figures", action="store_true",
                   help="write the tables only (no analysis.html)")
    a.add_argument("--png", action="store_true",
                   help="also write each figure as a PNG file (in the tables' figures/)")
    a.add_argument("--resamples", type=positive, metavar="N",
                   help="bootstrap resamples for confidence intervals (default: the "
                        "experiment's option)")
    a.set_defaults(func=cmd_analyze)


def _command(args: argparse.Namespace, out: Path) -> str:
    """The command that continues this sweep (the same options, ``--resume``)."""
    cmd = ["hiresim", "sweep", args.experiment, "--out", str(out)]
    for flag in ("scenario", "replications", "samples", "workers", "scheduler"):
        if getattr(args, flag) is not None:
            cmd += [f"--{flag}", str(getattr(args, flag))]
    for item in args.set:
        cmd += ["--set", shlex.quote(item)]
    return " ".join([*cmd, "--resume"])


def cmd_sweep(args: argparse.Namespace) -> int:
    from ..config.experiment import ExperimentError, load_experiment
    from ..pipeline.execution import ExecutorError, useful_workers
    from ..sweep.runs import run_sweep
    from ..sweep.store import SweepError
    from .main import UserError

    try:
        experiment = load_experiment(
            args.experiment, scenario=args.scenario, replications=args.replications,
            samples=args.samples, overrides=_parse_overrides(args.set))
    except ExperimentError as err:
        raise UserError(str(err)) from None
    for note in experiment.notes:
        print(f"note: {note}", file=sys.stderr)
    out = Path(args.out) if args.out else Path("sweeps") / experiment.name
    months = experiment.horizons_months
    print(f"hiresim sweep: {experiment.name}: {experiment.design} design, "
          f"{experiment.n_points:,} points x {experiment.replications} replications = "
          f"{experiment.n_tasks:,} runs of up to {experiment.weeks} weeks (metrics at "
          f"{', '.join(f'{m:g}' for m in months)} month{'' if months == [1] else 's'} "
          "after intake)", file=sys.stderr)
    workers = args.workers
    if not args.scheduler:
        workers, note = useful_workers(args.workers, experiment.n_tasks)
        if note:
            print(f"note: {note}", file=sys.stderr)
    if args.plan:
        from .sweep_plan import plan_text, sweep_cost, time_base_run

        timing = time_base_run(experiment)
        print(plan_text(sweep_cost(experiment, timing), timing, workers or 1,
                        args.scheduler))
        return 0
    try:
        with sigterm_as_interrupt():
            path = run_sweep(experiment, out, workers=workers, scheduler=args.scheduler,
                             resume=args.resume, part_runs=args.part_runs,
                             progress=not args.quiet)
    except (SweepError, ExecutorError) as err:
        raise UserError(str(err)) from None
    except KeyboardInterrupt:
        print(f"hiresim sweep: stopped; finished runs are kept in {out}. Continue with:\n"
              f"  {_command(args, out)}", file=sys.stderr)
        return 130
    print(f"hiresim sweep: results in {path}\n  analyse with: hiresim analyze {out}")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from ..sweep.sensitivity import AnalysisError, analyze
    from ..sweep.store import SweepError
    from .main import UserError

    try:
        result = analyze(args.directory, out=args.out, figures=not args.no_figures,
                         resamples=args.resamples, png=args.png)
    except (SweepError, AnalysisError) as err:
        raise UserError(str(err)) from None
    tables = result.files[0].parent
    print(f"hiresim analyze: {result.page or 'no page (--no-figures)'}; tables in {tables}")
    for line in result.headlines:
        print(f"- {line}")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0
