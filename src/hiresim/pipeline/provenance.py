"""Provenance shared by every manifest (a scenario's results and a sweep's): the
version of hiresim and of the libraries results depend on, the git commit, the
platform and the time of writing."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..version import __version__

#: Libraries whose versions a manifest records.
PACKAGES = ("mesa", "numpy", "scipy", "pandas", "pyarrow", "matplotlib", "numba", "SALib")


def git_commit() -> str | None:
    """The commit of the repository hiresim runs from, if it runs from one."""
    try:
        root = Path(__file__).resolve().parents[3]  # the repository's root
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=5, check=False)
        return done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def provenance() -> dict[str, Any]:
    """What made a result: hiresim, its commit, Python, the platform, the libraries and
    the time (UTC)."""
    return {
        "hiresim_version": __version__,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {p: _version(p) for p in PACKAGES},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
