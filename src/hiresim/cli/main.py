"""The ``hiresim`` command line: one subcommand per task.

Each feature module registers its own subcommands (``register(subparsers)``), so the
command line stays a thin dispatcher. Errors the user can fix are printed as one clear
message and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from types import FrameType

from ..version import __version__

#: Modules that add subcommands, in the order they appear in ``hiresim --help``.
COMMAND_MODULES = (
    "hiresim.cli.core",    # params, simulate, calibrate
    "hiresim.cli.metrics",  # metrics
    "hiresim.cli.run",     # run, check
    "hiresim.cli.results",  # report, compare, export
    "hiresim.cli.sweep",   # sweep, analyze
    "hiresim.cli.app",     # app
)


class UserError(Exception):
    """A problem with the user's input: printed without a traceback, exit status 2."""


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    parse.__name__ = f"whole number >= {minimum}"
    return parse


positive = whole_number(1)
non_negative = whole_number(0)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Inside, SIGTERM (how job schedulers and ``kill`` stop a process) ends the command
    like Ctrl-C: unfinished output is removed, finished output kept, no traceback."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiresim",
        description="Simulate mentoring and trainee programmes for immigrant job seekers.",
    )
    parser.add_argument("--version", action="version", version=f"hiresim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"hiresim {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"hiresim {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    from hiresim.cli.main import main as _main  # one UserError class, whichever way we start

    sys.exit(_main())
