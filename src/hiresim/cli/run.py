"""Subcommands ``run`` (a scenario, all variants × replications, with a report) and
``check`` (validate scenario files without running them)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..config.scenario import Scenario, ScenarioError, load_scenario
from ..pipeline.atomic import prepare_output
from .core import SET_HELP, _parse_overrides
from .main import UserError, non_negative, positive, sigterm_as_interrupt

#: ``--set`` of a scenario: what it means for one model (`SET_HELP`), applied to the
#: base, or one of the scenario's run settings.
RUN_SET_HELP = (SET_HELP.replace("set a model parameter", "set a parameter of the "
                                 "scenario's base (a variant's own value wins)")
                + "; NAME may also be a run setting: weeks, replications, seed, evaluation, "
                  "horizons_months, name, description (e.g. --set weeks=60)")


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser(
        "run", help="run a scenario file and write tables, figures and a report",
        description="Run every variant of a scenario for every replication (with its twin "
                    "world), in parallel, and write timeseries, summary, effects, figures and "
                    "report.html to the output directory. Each simulation is kept there as it "
                    "finishes: a run that was stopped (Ctrl-C, kill, a lost machine) is "
                    "completed with --resume and ends with exactly the results of an "
                    "uninterrupted one.")
    r.add_argument("scenario", metavar="SCENARIO", help="scenario file (YAML)")
    r.add_argument("--out", metavar="DIR",
                   help="output directory (default: results/<scenario name>/)")
    r.add_argument("--replications", type=positive, metavar="N",
                   help="replications (default: the scenario's)")
    r.add_argument("--workers", type=positive, metavar="N",
                   help="parallel worker processes (default: all cores)")
    r.add_argument("--seed", type=non_negative, metavar="S",
                   help="study seed (default: the scenario's)")
    r.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help=RUN_SET_HELP)
    again = r.add_mutually_exclusive_group()
    again.add_argument("--overwrite", action="store_true",
                       help="replace an output directory that already holds results (or "
                            "discard the unfinished run in it)")
    again.add_argument("--resume", action="store_true",
                       help="complete the run that was stopped in the output directory "
                            "(simulates only what is missing)")
    r.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (tcp://host:port) instead of local processes")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_run)
    c = sub.add_parser("check", help="validate scenario files without running them")
    c.add_argument("scenarios", metavar="SCENARIO", nargs="+", help="scenario file(s)")
    c.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="check with these overrides applied: " + RUN_SET_HELP)
    c.set_defaults(func=cmd_check)


def _load(path: str, overrides: dict) -> Scenario:
    try:
        return load_scenario(path, overrides=overrides)
    except ScenarioError as err:
        raise UserError(str(err)) from None


def _simulations(s: Scenario) -> int:
    from ..pipeline.runner import plan_runs

    return len(plan_runs(s)[1])


def _describe(s: Scenario) -> str:
    return (f"{s.name}: {len(s.variant_names)} variant(s) ({', '.join(s.variant_names)}) × "
            f"{s.replications} replications, {s.weeks} weeks, labour force "
            f"{s.params.labour_force:,}, evaluation {s.evaluation}: {_simulations(s)} "
            "simulations")


def _command(args: argparse.Namespace, out: Path) -> list[str]:
    """The command line that reproduces this run (for the manifest)."""
    cmd = ["hiresim", "run", args.scenario, "--out", str(out)]
    for flag in ("replications", "workers", "seed", "scheduler"):
        value = getattr(args, flag)
        if value is not None:
            cmd += [f"--{flag}", str(value)]
    for item in args.set:
        cmd += ["--set", item]
    return (cmd + (["--overwrite"] if args.overwrite else [])
            + (["--resume"] if args.resume else []))


def cmd_check(args: argparse.Namespace) -> int:
    overrides = _parse_overrides(args.set)
    failures = []
    for path in args.scenarios:
        try:
            s = load_scenario(path, overrides=overrides)
        except ScenarioError as err:
            failures.append(str(err))
            continue
        print(f"ok  {path}  {_describe(s)}")
        for note in s.notes:
            print(f"    note: {note}")
    if failures:
        raise UserError("\n".join(failures))
    return 0


def _prepare(out: Path) -> None:
    """Before simulating: the output location must be writable; stale staging
    directories of killed runs beside it are removed (and said so)."""
    try:
        removed = prepare_output(out)
    except OSError as err:
        raise UserError(f"--out {out}: cannot write there ({err.strerror or err}); "
                        "choose another --out") from None
    for stage in removed:
        print(f"note: removed {stage}, left unfinished by an earlier run that was killed",
              file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from ..outputs.files import OutputExistsError, run_scenario
    from ..outputs.scenario_words import capacity_notes
    from ..outputs.terminal import text_summary
    from ..pipeline.execution import ExecutorError, useful_workers
    from ..pipeline.rundir import RunDirectoryError
    from ..pipeline.runner import RunError

    overrides = _parse_overrides(args.set)
    if args.replications is not None:
        overrides["replications"] = args.replications
    if args.seed is not None:
        overrides["seed"] = args.seed
    scenario = _load(args.scenario, overrides)
    out = Path(args.out) if args.out else Path("results") / scenario.name
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: exists and is not a directory")
    _prepare(out)
    print(f"hiresim run {_describe(scenario)}", file=sys.stderr)
    for note in scenario.notes:
        print(f"note: {note}", file=sys.stderr)
    workers = args.workers
    if not args.scheduler:
        workers, note = useful_workers(args.workers, _simulations(scenario))
        if note:
            print(f"note: {note}", file=sys.stderr)
    try:
        with sigterm_as_interrupt():
            result = run_scenario(scenario, out, workers=workers, progress=not args.quiet,
                                  overwrite=args.overwrite, resume=args.resume,
                                  scheduler=args.scheduler, command=_command(args, out))
    except (RunDirectoryError, ExecutorError) as err:
        raise UserError(str(err)) from None
    except OutputExistsError:
        raise UserError(f"{out} already holds results; choose another --out or pass "
                        "--overwrite to replace them") from None
    except RunError as err:
        print(f"hiresim run: {err}; {_kept(args, out, 'once the cause is fixed')}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"hiresim run: stopped; {_kept(args, out, 'to continue')}", file=sys.stderr)
        return 130
    except OSError as err:
        raise UserError(f"cannot write to {out}: {err.strerror or err}") from None
    t = result.timings
    print(text_summary(result))
    for note in capacity_notes(result):
        print(f"note: {note}")
    resumed = int(t.get("simulations_resumed", 0))
    print(f"\n{int(t['simulations'])} simulations in {t['simulation_seconds']:.1f} s on "
          f"{result.workers} worker(s)"
          + (f" ({resumed} of them done before and resumed)." if resumed else "."))
    print(f"Results: {out}/  (summary.csv, effects.csv, timeseries.parquet, figures/)")
    print(f"Report:  {out / 'report.html'}")
    return 0


def _kept(args: argparse.Namespace, out: Path, when: str) -> str:
    """What a run that stopped left in ``out``, and how to complete it."""
    from ..pipeline.rundir import unfinished

    state = unfinished(out)
    if state is None or not state[0]:
        return f"no simulation has finished; nothing was written to {out}"
    again = " ".join(shlex.quote(a) for a in _command(args, out) if a != "--overwrite")
    again += "" if args.resume else " --resume"
    return (f"the {state[0]} of {state[1]} simulations that finished are kept in {out}; "
            f"{when}, complete the run with: {again}")
