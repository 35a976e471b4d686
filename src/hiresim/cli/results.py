"""Subcommands on result directories that `hiresim run` wrote: ``report`` (draw the
report again)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .main import UserError, sigterm_as_interrupt

if TYPE_CHECKING:
    from ..outputs.results import Results


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser(
        "report", help="draw report.html and figures/ again from a result directory",
        description="Draw the figures and write report.html again from the tables and "
                    "manifest.json of a result directory, without simulating. The old "
                    "report and figures are replaced only when the new ones are complete.")
    r.add_argument("directory", metavar="DIR", help="a result directory of `hiresim run`")
    r.set_defaults(func=cmd_report)


def _load(directory: str | Path) -> Results:
    """The result directory, or a `UserError` saying what is wrong with it."""
    from ..outputs.results import ResultError, load_results  # on use: it pulls in plotting

    try:
        return load_results(directory)
    except ResultError as err:
        raise UserError(str(err)) from None


def cmd_report(args: argparse.Namespace) -> int:
    from ..outputs.results import ResultError, rebuild_report
    from ..version import __version__

    results = _load(args.directory)
    if results.version and results.version != __version__:
        print(f"note: the runs were made by hiresim {results.version}; the report is drawn "
              f"by hiresim {__version__}", file=sys.stderr)
    try:
        with sigterm_as_interrupt():
            written = rebuild_report(results)
    except ResultError as err:
        raise UserError(str(err)) from None
    except KeyboardInterrupt:
        print(f"hiresim report: stopped; {args.directory} was left as it was",
              file=sys.stderr)
        return 130
    except OSError as err:
        raise UserError(f"cannot write to {args.directory}: {err.strerror or err}") from None
    print(f"{len(written) - 1} figures in {Path(args.directory) / 'figures'}/")
    print(f"Report:  {written[-1]}")
    return 0
