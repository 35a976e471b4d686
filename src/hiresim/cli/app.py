"""Subcommand ``app``: the teaching dashboard (`hiresim.app.page`), served by solara.

The page works without internet: every script, style and font comes from the installed
packages (solara-assets), and solara's calls home (version check, usage statistics) are
switched off.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings

#: solara settings for a room without internet; a user's own setting wins.
SERVER_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_THEME_TITLE": "hiresim",
    "SOLARA_THEME_SHOW_BANNER": "False",
}
DEFAULT_PORT = 8765


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser(
        "app", help="start the teaching dashboard in the browser",
        description="Start the teaching dashboard: an interactive labour market with the "
                    "programme levers, the three factors' switches, play, step and reset.")
    a.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="scenario file (YAML) whose market to show; default: a classroom "
                        "market of 8,000 people with 20 participants and 20 controls")
    a.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port to serve on (default {DEFAULT_PORT}; 0: any free port)")
    a.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; "
                        "0.0.0.0 lets others on the room's network connect)")
    a.add_argument("--no-browser", action="store_true",
                   help="do not open a browser window")
    a.set_defaults(func=cmd_app)


def check_port(host: str, port: int) -> None:
    """Raise `UserError` unless ``port`` on ``host`` can be served on."""
    from .main import UserError

    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: expected a port number from 0 to 65535")
    if port == 0:
        return
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as err:
            raise UserError(f"cannot serve on {host} port {port} ({err.strerror}); "
                            "choose another with --port") from None


def cmd_app(args: argparse.Namespace) -> int:
    from .main import UserError

    for name, value in SERVER_ENV.items():
        os.environ.setdefault(name, value)
    # Served over plain http on an address: solara says its cookie falls back to "lax".
    warnings.filterwarnings("ignore", message="Cookies with samesite=none",
                            category=UserWarning)
    from ..app.page import SCENARIO_ENV, AppSetupError, read_scenario

    if args.scenario:
        path = os.path.abspath(args.scenario)
        try:
            setup = read_scenario(path)
        except AppSetupError as err:
            raise UserError(str(err)) from None
        os.environ[SCENARIO_ENV] = path
        what = f"{setup.title.removeprefix('hiresim: ')} ({args.scenario})"
    else:
        os.environ.pop(SCENARIO_ENV, None)
        what = "the classroom market"
    check_port(args.host, args.port)
    from solara.__main__ import run

    print(f"hiresim app: {what} at http://{args.host}:{args.port} "
          "(stop with Ctrl+C)", file=sys.stderr)
    argv = ["hiresim.app.page", "--host", args.host, "--port", str(args.port), "--production",
            "--no-check-version", "--no-open" if args.no_browser else "--open"]
    run.main(args=argv, prog_name="hiresim app", standalone_mode=False)
    return 0
