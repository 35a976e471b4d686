"""Subcommands on result directories that `hiresim run` wrote: ``report`` (draw the
report again), ``compare`` (effects side by side) and ``export`` (tables for
spreadsheets)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .main import UserError, sigterm_as_interrupt

if TYPE_CHECKING:
    from ..outputs.compare import Side
    from ..outputs.results import Results

#: How a result is named on the command line of ``compare``.
RESULT_HELP = ("a result directory (every variant it shares with the others), or "
               "DIR:VARIANT (one variant of it)")


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser(
        "report", help="draw report.html and figures/ again from a result directory",
        description="Draw the figures and write report.html again from the tables and "
                    "manifest.json of a result directory, without simulating. The old "
                    "report and figures are replaced only when the new ones are complete.")
    r.add_argument("directory", metavar="DIR", help="a result directory of `hiresim run`")
    r.set_defaults(func=cmd_report)
    c = sub.add_parser(
        "compare", help="the effects of several result directories side by side",
        description="Print the effects of several results side by side, for every "
                    "estimand and horizon they share, with each one's difference to the "
                    "first (A) and its 95 % interval: paired replication by replication "
                    "when the runs used the same seeds, otherwise unpaired (Welch). Lists "
                    "the run settings and resolved parameters in which the runs differ.")
    c.add_argument("results", metavar="RESULT", nargs="+", help=RESULT_HELP +
                   "; at least two, the first is the reference")
    c.add_argument("--estimand", metavar="TEXT", default="",
                   help="only estimands whose name contains TEXT (e.g. gross_, net_jobs)")
    c.add_argument("--out", metavar="FILE.csv",
                   help="also write the comparison as CSV (one row per result, estimand "
                        "and horizon)")
    c.set_defaults(func=cmd_compare)
    e = sub.add_parser(
        "export", help="a result directory's tables as CSV files or an Excel workbook",
        description="Write the time series, the runs, the summary, the effects and the "
                    "resolved parameters of a result directory for spreadsheets: CSV "
                    "files in a directory, or an Excel workbook with a sheet per table.")
    e.add_argument("directory", metavar="DIR", help="a result directory of `hiresim run`")
    e.add_argument("--format", choices=("csv", "xlsx"), required=True,
                   help="csv: one file per table; xlsx: one workbook")
    e.add_argument("--out", metavar="PATH",
                   help="where to write (default: DIR/csv/ for csv, DIR/<DIR name>.xlsx "
                        "for xlsx)")
    e.add_argument("--overwrite", action="store_true", help="replace files already there")
    e.set_defaults(func=cmd_export)


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


def _side(label: str, text: str, loaded: dict[Path, Results]) -> Side:
    """One RESULT of ``compare``: DIR, or DIR:VARIANT when DIR:VARIANT is no path."""
    from ..outputs.compare import Side

    directory, variant = text, None
    if not Path(text).exists() and ":" in text:
        directory, variant = text.rsplit(":", 1)
    key = Path(directory).resolve()
    if key not in loaded:
        loaded[key] = _load(directory)
    return Side(label, loaded[key], variant or None)


def cmd_compare(args: argparse.Namespace) -> int:
    from ..outputs.compare import CompareError, compare, comparison_text
    from ..outputs.results import ResultError
    from ..pipeline.atomic import write_csv

    if len(args.results) < 2:
        raise UserError("expected at least two results to compare (RESULT RESULT ...); "
                        f"got {len(args.results)}")
    if len(args.results) > 26:
        raise UserError(f"expected at most 26 results (A-Z); got {len(args.results)}")
    loaded: dict[Path, Results] = {}
    sides = [_side(chr(ord("A") + i), text, loaded) for i, text in enumerate(args.results)]
    try:
        comparison = compare(sides, args.estimand)
    except (CompareError, ResultError) as err:
        raise UserError(str(err)) from None
    print(comparison_text(comparison))
    if args.out:
        try:
            write_csv(Path(args.out), comparison.table)
        except OSError as err:
            raise UserError(f"--out {args.out}: cannot write it ({err.strerror or err})"
                            ) from None
        print(f"Comparison: {args.out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..outputs.export import ExportError, export
    from ..outputs.results import ResultError

    results = _load(args.directory)
    try:
        written = export(results, args.format, Path(args.out) if args.out else None,
                         overwrite=args.overwrite)
    except (ExportError, ResultError) as err:
        raise UserError(str(err)) from None
    except OSError as err:
        raise UserError(f"cannot write the export: {err.strerror or err}") from None
    for path in written:
        print(path)
    return 0
