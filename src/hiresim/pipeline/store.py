"""Streaming storage of a scenario run or a sweep: a locked directory that results go
into as work finishes, and from which an interrupted run resumes.

A store directory holds

* a manifest (JSON), written before any result: what runs, the version of hiresim and
  the fingerprint of everything that determines the results (`fingerprint`);
* ``parts/part-NNNNNN.parquet`` — results as jobs finish, each file published whole (a
  temporary file, then a rename); every row carries the id of the job it comes from;
* ``.lock`` — held by the one process that writes the directory (`lock`).

A job whose id is in a finished part is done (`Parts.completed`); a resumed run does the
others, so a run killed at any moment and resumed ends with the results of an
uninterrupted one. What the final files are is the caller's (a sweep's results table, a
scenario's tables and report): it reads the parts back (`Parts.read`, `Parts.dataset`).
`MemoryParts` keeps parts in memory, for a run whose results are not written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from ..version import __version__
from .atomic import write_bytes, write_json

PARTS = "parts"
LOCK = ".lock"
_PART_RE = re.compile(r"^part-(\d{6,})\.parquet$")


class StoreError(Exception):
    """A store cannot be used as asked; the message says why and what to do."""


def fingerprint(fields: dict[str, Any], table: pd.DataFrame | None = None) -> str:
    """A hash of everything that determines a run's results: ``fields`` (as JSON) and,
    if given, a table (a sweep's design points)."""
    h = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode())
    if table is not None:
        h.update(pd.util.hash_pandas_object(table.astype(str), index=True).to_numpy()
                 .tobytes())
    return h.hexdigest()


@contextlib.contextmanager
def lock(directory: Path, error: type[StoreError] = StoreError,
         holder: str = "another run is writing to this directory") -> Iterator[None]:
    """Hold ``directory``'s lock (created if need be): one writing process at a time. A
    second process gets ``error`` at once (naming ``holder``) rather than waiting; the
    lock is released when its process ends, however it ends (`filelock`)."""
    if directory.exists() and not directory.is_dir():
        raise error(f"{directory}: exists and is not a directory; choose another --out")
    directory.mkdir(parents=True, exist_ok=True)
    held = FileLock(directory / LOCK)
    try:
        held.acquire(timeout=0)
    except Timeout:
        raise error(f"{directory}: {holder}; wait until it has finished, or choose "
                    "another --out") from None
    try:
        yield
    finally:
        held.release()


def remove_partial_files(*folders: Path) -> None:
    """Remove the temporary files a killed writer left in ``folders`` (call under the
    lock: no writer is left)."""
    for folder in folders:
        if folder.is_dir():
            for tmp in folder.glob(".*.partial"):
                if tmp.is_file():
                    tmp.unlink(missing_ok=True)


class Sink(Protocol):
    """Where finished jobs' rows go: a folder of part files, or memory."""

    def publish(self, table: pa.Table) -> None: ...

    def completed(self, n_jobs: int) -> np.ndarray: ...

    def read(self, columns: list[str] | None = None) -> pa.Table: ...


def _mask(ids: np.ndarray, n_jobs: int, where: str, id_column: str,
          error: type[StoreError]) -> np.ndarray:
    done = np.zeros(n_jobs, dtype=bool)
    if len(ids) and (ids.min() < 0 or ids.max() >= n_jobs):
        raise error(f"{where}: {id_column} ids outside 0..{n_jobs - 1}; not from this run")
    done[ids] = True
    return done


class Parts:
    """A folder of part files: rows of finished jobs, identified by ``id_column``."""

    def __init__(self, folder: Path, id_column: str, error: type[StoreError] = StoreError):
        self.folder = Path(folder)
        self.id_column = id_column
        self.error = error
        self._next: int | None = None

    def files(self) -> list[Path]:
        """Finished part files, in the order written (temporary files are ignored)."""
        if not self.folder.is_dir():
            return []
        found = [(int(m.group(1)), p) for p in self.folder.iterdir()
                 if (m := _PART_RE.match(p.name))]
        return [p for _, p in sorted(found)]

    def publish(self, table: pa.Table) -> None:
        """Write ``table`` as the next part file, whole or not at all."""
        if self._next is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._next = max((int(_PART_RE.match(p.name).group(1))  # type: ignore[union-attr]
                              for p in self.files()), default=-1) + 1
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        write_bytes(self.folder / f"part-{self._next:06d}.parquet", sink.getvalue().to_pybytes())
        self._next += 1

    def completed(self, n_jobs: int) -> np.ndarray:
        """A boolean mask over job ids 0..``n_jobs``-1: those in a finished part."""
        done = np.zeros(n_jobs, dtype=bool)
        for part in self.files():
            ids = pq.read_table(part, columns=[self.id_column]).column(self.id_column)
            done |= _mask(ids.to_numpy(), n_jobs, str(part), self.id_column, self.error)
        return done

    def dataset(self) -> pads.Dataset:
        """Every finished part, as one dataset (read it a block at a time)."""
        return pads.dataset([str(p) for p in self.files()], format="parquet")

    def read(self, columns: list[str] | None = None) -> pa.Table:
        """Every finished part's rows, in the order written."""
        return self.dataset().to_table(columns=columns)

    def clear(self) -> None:
        """Delete every part (the results of a run that is discarded)."""
        for part in self.files():
            part.unlink(missing_ok=True)
        self._next = None


class MemoryParts:
    """Parts kept in memory, for a run whose results are not written anywhere."""

    def __init__(self, id_column: str):
        self.id_column = id_column
        self.tables: list[pa.Table] = []

    def publish(self, table: pa.Table) -> None:
        self.tables.append(table)

    def completed(self, n_jobs: int) -> np.ndarray:
        ids = [t.column(self.id_column).to_numpy() for t in self.tables]
        return _mask(np.concatenate(ids) if ids else np.zeros(0, np.int64), n_jobs,
                     "memory", self.id_column, StoreError)

    def read(self, columns: list[str] | None = None) -> pa.Table:
        table = pa.concat_tables(self.tables)
        return table.select(columns) if columns is not None else table


class PartWriter:
    """Buffers finished jobs' rows and publishes them to ``sink`` as one part every
    ``part_runs`` jobs or ``part_seconds`` seconds; ``to_table`` makes a part's table of
    the buffered columns."""

    def __init__(self, sink: Sink, to_table: Callable[[dict[str, np.ndarray]], pa.Table],
                 part_runs: int, part_seconds: float):
        self.sink = sink
        self.to_table = to_table
        self.part_runs = part_runs
        self.part_seconds = part_seconds
        self.buffer: list[dict[str, np.ndarray]] = []
        self.buffered_runs = 0
        self.published = 0
        self.last_flush = time.monotonic()

    def add(self, columns: dict[str, np.ndarray], runs: int) -> None:
        """Buffer the rows of ``runs`` finished jobs."""
        self.buffer.append(columns)
        self.buffered_runs += runs
        if (self.buffered_runs >= self.part_runs
                or time.monotonic() - self.last_flush >= self.part_seconds):
            self.flush()

    def flush(self) -> None:
        """Publish the buffered jobs as one part."""
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        self.sink.publish(self.to_table({k: np.concatenate([b[k] for b in self.buffer])
                                         for k in self.buffer[0]}))
        self.published += 1
        self.buffer.clear()
        self.buffered_runs = 0


class Store:
    """A store directory (see the module's docstring): its manifest, named ``manifest``,
    and its parts, whose rows carry their job's id in ``id_column``. Errors are raised
    as ``error``; ``what`` names the run in messages ("sweep", "run")."""

    def __init__(self, directory: str | Path, *, manifest: str, id_column: str,
                 error: type[StoreError] = StoreError, what: str = "run"):
        self.directory = Path(directory)
        self.manifest_path = self.directory / manifest
        self.parts = Parts(self.directory / PARTS, id_column, error)
        self.error = error
        self.what = what

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold the directory: one writing process at a time (`lock`)."""
        return lock(self.directory, self.error,
                    f"another {self.what} is running in this directory")

    def started(self) -> bool:
        """Whether the directory holds a run (its manifest)."""
        return self.manifest_path.exists()

    def read_manifest(self) -> dict[str, Any]:
        """The manifest as stored (``error`` if it is missing or unreadable)."""
        try:
            manifest = json.loads(self.manifest_path.read_text())
        except (FileNotFoundError, NotADirectoryError):
            raise self.error(f"{self.directory}: holds no {self.what} (no "
                             f"{self.manifest_path.name})") from None
        except OSError as err:
            raise self.error(f"{self.manifest_path}: cannot read it ({err.strerror})") from None
        except json.JSONDecodeError as err:
            raise self.error(f"{self.manifest_path}: unreadable ({err})") from None
        if not isinstance(manifest, dict):
            raise self.error(f"{self.manifest_path}: unreadable (not a JSON object)")
        return manifest

    def start(self, manifest: dict[str, Any]) -> None:
        """Write the manifest: from now on the directory holds this run."""
        write_json(self.manifest_path, manifest)

    def check(self, stored: dict[str, Any], current: dict[str, Any], different: str) -> None:
        """Refuse to resume unless the stored run is the current one, by the same version
        of hiresim; ``different`` is the message when the fingerprints differ."""
        if stored.get("hiresim_version") != __version__:
            raise self.error(
                f"{self.directory} was started with hiresim {stored.get('hiresim_version')}, "
                f"this is {__version__}; finish it with the same version (results would mix "
                "versions)")
        if stored.get("fingerprint") != current["fingerprint"]:
            raise self.error(different)

    def remove_partial_files(self) -> None:
        """Remove the temporary files of a killed writer (under the lock)."""
        remove_partial_files(self.directory, self.parts.folder)

    def discard(self) -> None:
        """Forget the run: its parts, then its manifest (so that the directory holds a
        consistent run at every moment)."""
        self.parts.clear()
        with contextlib.suppress(OSError):
            self.parts.folder.rmdir()
        self.manifest_path.unlink(missing_ok=True)
