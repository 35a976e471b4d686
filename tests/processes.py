"""Processes the tests start and kill with SIGKILL part-way, and whether the worker
processes they started go with them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence


def group_ends(pgid: int, patience: float = 30.0) -> bool:
    """Whether every process of group ``pgid`` exits within ``patience`` seconds."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def killed_when(command: Sequence[str], ready: Callable[[], bool], what: str,
                env: Mapping[str, str] | None = None,
                timeout: float = 120.0) -> subprocess.Popen[bytes]:
    """Run ``command`` in a session of its own and, once ``ready()``, kill -9 its leader
    alone; assert that it got there within ``timeout`` seconds and that its worker
    processes ended with it (whatever is left is killed). Returns the ended process,
    its standard error still to read."""
    proc = subprocess.Popen(list(command), env=env, start_new_session=True,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while not ready() and proc.poll() is None:
            assert time.monotonic() < deadline, f"the {what} wrote no parts"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert group_ends(proc.pid), f"worker processes outlived the killed {what}"
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever is left of it
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc
