"""The progress bar of scenario runs and sweeps (tqdm): redrawn in place on a terminal,
and in a log file a plain line at most every ``log_every`` seconds."""

from __future__ import annotations

import sys
from typing import IO, Any

from tqdm.auto import tqdm


class _Lines:
    """A stream that writes each redraw of a bar as a line of its own (for log files,
    where a carriage return would pile every redraw onto one line)."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, text: str) -> None:
        text = text.replace("\r", "").strip()
        if text:
            self.stream.write(text + "\n")

    def flush(self) -> None:
        self.stream.flush()


def progress_bar(total: int, desc: str, *, done: int = 0, enabled: bool = True,
                 stream: IO[str] | None = None, log_every: float = 30.0) -> Any:
    """A bar over ``total`` runs, ``done`` of them already finished (a resumed sweep)."""
    stream = stream if stream is not None else sys.stderr
    tty = bool(getattr(stream, "isatty", lambda: False)())
    return tqdm(total=total, initial=done, desc=desc, unit="run", disable=not enabled,
                file=stream if tty else _Lines(stream), dynamic_ncols=tty,
                mininterval=0.2 if tty else log_every, ncols=None if tty else 100)
