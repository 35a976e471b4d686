"""Atomic output: a file appears under its final name only once it is complete.

Every writer here writes to a temporary name in the same directory and renames it into
place with ``os.replace`` (atomic on POSIX and Windows), so an interrupted run never
leaves a half-written file that looks finished. `staged_directory` does the same for a
whole result directory: everything is written into a hidden sibling directory that
replaces the final one only when the run has succeeded. A staging directory is locked
while it is written; one left by a killed run is unlocked, and `prepare_output` removes
it before the next run into the same place.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import lock_descriptor

__all__ = [
    "atomic_path",
    "is_nonempty_dir",
    "prepare_output",
    "staged_directory",
    "write_bytes",
    "write_csv",
    "write_figure",
    "write_json",
    "write_parquet",
    "write_text",
]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed to ``path``.

    On any exception (including KeyboardInterrupt) the temporary file is removed and
    ``path`` is left as it was.
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes it private; publish it normally
    try:
        yield tmp_path
        os.replace(tmp_path, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_json(path: str | os.PathLike[str], obj: Any) -> Path:
    """Write ``obj`` as indented JSON atomically (non-finite floats become null)."""
    return write_text(path, json.dumps(_finite(obj), indent=2, ensure_ascii=False) + "\n")


def _finite(obj: Any) -> Any:
    if hasattr(obj, "item") and getattr(obj, "ndim", None) == 0:  # numpy scalars
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {str(k): _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def write_csv(path: str | os.PathLike[str], frame: Any, **to_csv: Any) -> Path:
    """Write a pandas DataFrame as CSV atomically (no index unless asked for)."""
    to_csv.setdefault("index", False)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, **to_csv)
    return Path(path)


def write_parquet(path: str | os.PathLike[str], frame: Any, **to_parquet: Any) -> Path:
    """Write a pandas DataFrame as Parquet atomically (no index unless asked for)."""
    to_parquet.setdefault("index", False)
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, **to_parquet)
    return Path(path)


def write_figure(path: str | os.PathLike[str], figure: Any, **savefig: Any) -> Path:
    """Save a matplotlib figure atomically; the format comes from ``path``'s suffix."""
    savefig.setdefault("format", Path(path).suffix.lstrip(".") or "png")
    with atomic_path(path) as tmp:
        figure.savefig(tmp, **savefig)
    return Path(path)


def is_nonempty_dir(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a directory holding at least one entry."""
    p = Path(path)
    return p.is_dir() and any(p.iterdir())


#: The lock file of a staging directory, and the age after which a staging directory
#: without one (its writer killed before it could lock it) counts as abandoned.
_STAGE_LOCK = ".writing"
STALE_SECONDS = 3600.0


def _stages(target: Path) -> list[Path]:
    return sorted(p for p in target.parent.glob(f".{target.name}.*.partial") if p.is_dir())


def _abandoned(stage: Path) -> bool:
    """True when no process is writing ``stage``."""
    try:
        with open(stage / _STAGE_LOCK, "r+") as handle:
            return lock_descriptor(handle.fileno(), blocking=False)
    except FileNotFoundError:
        try:
            return time.time() - stage.stat().st_mtime > STALE_SECONDS
        except FileNotFoundError:
            return False


def prepare_output(final: str | os.PathLike[str]) -> list[Path]:
    """Before a run writes ``final``: check that a directory can be created where it goes
    (`OSError` if not, so that nothing is simulated in vain), and remove the staging
    directories that killed runs left beside it. Returns the directories removed."""
    target = Path(final).absolute()
    existing = target.parent
    while not existing.exists():
        existing = existing.parent
    os.rmdir(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".probe", dir=existing))
    removed = []
    if target.parent.is_dir():
        for stage in _stages(target):
            if _abandoned(stage):
                shutil.rmtree(stage, ignore_errors=True)
                removed.append(stage)
    return removed


@contextlib.contextmanager
def staged_directory(final: str | os.PathLike[str], overwrite: bool = False) -> Iterator[Path]:
    """Yield a fresh hidden directory beside ``final`` that replaces it on success.

    Refuses (``FileExistsError``) when ``final`` is a non-empty directory or a file and
    ``overwrite`` is false. On success the staged directory takes ``final``'s name (the
    previous contents, if overwritten, are removed only after the swap); on failure the
    staged directory is removed and ``final`` is untouched.
    """
    target = Path(final)
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a directory")
    if is_nonempty_dir(target) and not overwrite:
        raise FileExistsError(f"{target} already holds results")
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial",
                                  dir=target.parent))
    with open(stage / _STAGE_LOCK, "w") as lock:
        try:
            lock_descriptor(lock.fileno())
            os.chmod(stage, 0o777 & ~_umask())
            yield stage
            (stage / _STAGE_LOCK).unlink()  # still locked until closed, and not published
            old = None
            if target.exists():
                if is_nonempty_dir(target):
                    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old",
                                                dir=target.parent))
                    os.replace(target, old / "previous")
                else:
                    target.rmdir()
            os.replace(stage, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
