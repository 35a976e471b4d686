"""Sweeps: run every (design point, replication) of an experiment, streaming results to disk.

A sweep directory holds

* ``manifest.json`` — written once at the start: the resolved experiment (base
  parameters, factors, design), replication seeds, task count, hiresim version;
* ``points.parquet`` — the design's points table (one row per point);
* ``parts/part-NNNNNN.parquet`` — results as runs finish, a few runs per file, each file
  published whole (temporary file, then rename);
* ``results.parquet`` — all results sorted by task, written when every run is done.

Task ``t`` is replication ``t % R`` of point ``t // R``, run with seed
``replication_seed(seed, t % R)``: every point uses the same replication seeds (common
random numbers), and results depend only on the experiment, never on the executor or
the number of workers. ``resume`` reads the task ids already in the parts and runs only
the missing ones, so a sweep killed at any moment and resumed ends with exactly the
results of an uninterrupted one. At most a bounded number of runs are in flight or
waiting to be written, however large the sweep.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import math
import re
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..model.simulate import EFFECT_SUFFIX, replication_seed
from ..pipeline.atomic import atomic_path, write_bytes, write_json, write_parquet
from ..pipeline.execution import executor, parallel_slots
from ..version import __version__

MANIFEST = "manifest.json"
POINTS = "points.parquet"
PARTS = "parts"
RESULTS = "results.parquet"
_PART_RE = re.compile(r"^part-(\d{6,})\.parquet$")
#: Seconds between recounts of an executor's workers (a Dask cluster can grow or shrink).
WINDOW_REFRESH = 30.0
#: Columns of every result row before the metrics.
KEY_COLUMNS = ("task", "point", "replication", "week")


class SweepError(Exception):
    """A sweep cannot start or go on; the message says why and what to do."""


# --- The unit of work (runs on the workers) ------------------------------------------
def run_tasks(base: dict[str, Any], tasks: Sequence[tuple[int, dict[str, Any], int]],
              weeks: int, metrics: Sequence[str], horizons: Sequence[int]
              ) -> dict[str, np.ndarray]:
    """Run ``(task, overrides, seed)`` tasks; keep ``metrics`` at ``horizons`` only.

    A metric named ``<metric>_effect`` is the run's value minus its twin world's (which is
    then run too). Parameters travel as plain dictionaries (small to send); each task's
    are the base with the point's overrides applied (`hiresim.params.overrides.resolve`),
    validated here. Returns columns ``task``, ``week`` and one per metric,
    ``len(tasks) * len(horizons)`` rows, in task order.
    """
    from ..model.simulate import simulate, twin_params
    from ..params.overrides import resolve

    effects = [m for m in metrics if m.endswith(EFFECT_SUFFIX)]
    cols: dict[str, list[Any]] = {"task": [], "week": [], **{m: [] for m in metrics}}
    for task, overrides, seed in tasks:
        params = resolve(base, overrides)
        frame = simulate(params, seed, weeks).set_index("week")
        if effects:
            twin = _twin_world(twin_params(params).model_dump_json(), seed, weeks)
            for m in effects:
                plain = m.removesuffix(EFFECT_SUFFIX)
                frame[m] = frame[plain] - twin[plain]
        kept = frame.loc[list(horizons), list(metrics)]
        cols["task"] += [task] * len(horizons)
        cols["week"] += list(horizons)
        for m in metrics:
            cols[m] += kept[m].tolist()
    out = {"task": np.asarray(cols["task"], np.int64), "week": np.asarray(cols["week"], np.int64)}
    for m in metrics:
        out[m] = np.asarray(cols[m], np.float64)
    return out


@functools.lru_cache(maxsize=128)
def _twin_world(params_json: str, seed: int, weeks: int) -> pd.DataFrame:
    """A twin world's weekly outputs, indexed by week (read only). Kept for the next
    design points of this worker: points that differ only in delivery share it."""
    from ..model.simulate import simulate
    from ..params.schema import Params

    return simulate(Params.model_validate_json(params_json), seed, weeks,
                    twin=True).set_index("week")


# --- The sweep directory ---------------------------------------------------------------
@dataclass(frozen=True)
class SweepPlan:
    """What a sweep runs: everything a task needs, as stored in the manifest."""

    base: dict[str, Any]
    factors: list[str]
    points: pd.DataFrame
    replications: int
    seeds: list[int]
    weeks: int
    metrics: list[str]
    horizons: list[int]

    @property
    def n_tasks(self) -> int:
        return len(self.points) * self.replications

    def overrides(self, point: int) -> dict[str, Any]:
        """Parameter overrides of a design point, as native Python values."""
        row = self.points.iloc[point]
        return {f: _native(row[f]) for f in self.factors}

    def task(self, task: int) -> tuple[int, dict[str, Any], int]:
        point, rep = divmod(task, self.replications)
        return task, self.overrides(point), self.seeds[rep]


def _native(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def fingerprint(plan_fields: dict[str, Any], points: pd.DataFrame) -> str:
    """A hash of everything that determines a sweep's results."""
    h = hashlib.sha256(json.dumps(plan_fields, sort_keys=True, default=str).encode())
    h.update(pd.util.hash_pandas_object(points.astype(str), index=True).to_numpy().tobytes())
    return h.hexdigest()


def plan_of(experiment: Any) -> tuple[SweepPlan, dict[str, Any]]:
    """The plan of an experiment and the manifest describing it."""
    points = experiment.points()
    seeds = [replication_seed(experiment.seed, r) for r in range(experiment.replications)]
    plan = SweepPlan(
        base=experiment.base.model_dump(mode="json"),
        factors=[f.name for f in experiment.factors], points=points,
        replications=experiment.replications, seeds=seeds, weeks=max(experiment.horizons),
        metrics=list(experiment.metrics), horizons=list(experiment.horizons))
    determines = {"base": plan.base, "factors": plan.factors, "replications": plan.replications,
                  "seeds": plan.seeds, "metrics": plan.metrics, "horizons": plan.horizons}
    manifest = {
        "format": 1,
        "hiresim_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "experiment": experiment.resolved(),
        "points": len(points),
        "replications": plan.replications,
        "tasks": plan.n_tasks,
        "task_order": "task = point * replications + replication",
        "seeds": seeds,
        "weeks": plan.weeks,
        "metrics": plan.metrics,
        "horizons": plan.horizons,
        "fingerprint": fingerprint(determines, points),
        "versions": _versions(),
    }
    return plan, manifest


def _versions() -> dict[str, str]:
    """Versions of Python and of the libraries results depend on."""
    from importlib.metadata import version

    out = {"python": sys.version.split()[0]}
    for package in ("numpy", "scipy", "pandas", "pyarrow", "mesa", "SALib"):
        out[package] = version(package)
    return out


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """The manifest of a sweep directory (`SweepError` if there is none)."""
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (FileNotFoundError, NotADirectoryError):
        raise SweepError(f"{directory}: not a sweep directory (no {MANIFEST})") from None
    except OSError as err:
        raise SweepError(f"{path}: cannot read the manifest ({err.strerror})") from None
    except json.JSONDecodeError as err:
        raise SweepError(f"{path}: unreadable manifest ({err})") from None
    if not isinstance(manifest, dict) or "experiment" not in manifest:
        raise SweepError(f"{directory}: not a sweep directory (its {MANIFEST} describes no "
                         "experiment; a scenario's results are read in its report.html)")
    return manifest


def read_plan(directory: str | Path) -> tuple[SweepPlan, dict[str, Any]]:
    """The plan and manifest stored in a sweep directory."""
    manifest = read_manifest(directory)
    points = pd.read_parquet(Path(directory) / POINTS)
    exp = manifest["experiment"]
    plan = SweepPlan(
        base=exp["base"], factors=[f["name"] for f in exp["factors"]], points=points,
        replications=manifest["replications"], seeds=manifest["seeds"],
        weeks=manifest["weeks"], metrics=manifest["metrics"], horizons=manifest["horizons"])
    return plan, manifest


def part_files(directory: str | Path) -> list[Path]:
    """Finished part files, in the order written (temporary files are ignored)."""
    parts = Path(directory) / PARTS
    if not parts.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in parts.iterdir() if (m := _PART_RE.match(p.name))]
    return [p for _, p in sorted(found)]


def completed_tasks(directory: str | Path, n_tasks: int) -> np.ndarray:
    """A boolean mask of the tasks whose results are in a finished part file."""
    done = np.zeros(n_tasks, dtype=bool)
    for part in part_files(directory):
        tasks = pq.read_table(part, columns=["task"]).column("task").to_numpy()
        if len(tasks) and (tasks.min() < 0 or tasks.max() >= n_tasks):
            raise SweepError(f"{part}: task ids outside 0..{n_tasks - 1}; not from this sweep")
        done[tasks] = True
    return done


@contextlib.contextmanager
def _lock(directory: Path) -> Iterator[None]:
    """Hold the directory's lock: one sweep process at a time (released even on kill -9)."""
    if directory.exists() and not directory.is_dir():
        raise SweepError(f"{directory}: exists and is not a directory; choose another --out")
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SweepError(f"{directory}: another sweep is running in this directory") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- Writing results -------------------------------------------------------------------
class PartWriter:
    """Buffers finished runs and publishes them as part files (each one whole or absent)."""

    def __init__(self, directory: Path, plan: SweepPlan, part_runs: int, part_seconds: float):
        self.dir = directory / PARTS
        self.dir.mkdir(parents=True, exist_ok=True)
        existing = [int(m.group(1)) for p in self.dir.iterdir() if (m := _PART_RE.match(p.name))]
        self.next_index = max(existing, default=-1) + 1
        self.plan = plan
        self.part_runs = part_runs
        self.part_seconds = part_seconds
        self.buffer: list[dict[str, np.ndarray]] = []
        self.buffered_runs = 0
        self.last_flush = time.monotonic()

    def add(self, columns: dict[str, np.ndarray]) -> None:
        self.buffer.append(columns)
        self.buffered_runs += len(columns["task"]) // max(1, len(self.plan.horizons))
        if (self.buffered_runs >= self.part_runs
                or time.monotonic() - self.last_flush >= self.part_seconds):
            self.flush()

    def flush(self) -> None:
        """Publish the buffered runs as one part file."""
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        table = result_table({k: np.concatenate([b[k] for b in self.buffer])
                              for k in self.buffer[0]}, self.plan)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        write_bytes(self.dir / f"part-{self.next_index:06d}.parquet", sink.getvalue().to_pybytes())
        self.next_index += 1
        self.buffer.clear()
        self.buffered_runs = 0


def result_table(columns: dict[str, np.ndarray], plan: SweepPlan) -> pa.Table:
    """Result rows sorted by (task, week): keys, then the metrics."""
    task = columns["task"]
    order = np.lexsort((columns["week"], task))
    point, rep = np.divmod(task[order], plan.replications)
    data = {"task": task[order], "point": point, "replication": rep.astype(np.int64),
            "week": columns["week"][order]}
    for m in plan.metrics:
        data[m] = columns[m][order]
    return pa.table(data)


def consolidate(directory: str | Path, plan: SweepPlan, block_tasks: int = 200_000) -> Path:
    """Write ``results.parquet``: every part's rows, sorted by task and week, with the
    replication seed and the design point's factor values; reads a block of tasks at a
    time, so memory stays bounded."""
    directory = Path(directory)
    parts = part_files(directory)
    dataset = pads.dataset([str(p) for p in parts], format="parquet")
    task = pads.field("task")
    target = directory / RESULTS
    seeds = np.asarray(plan.seeds, dtype=np.int64)
    factor_cols = plan.points[plan.factors]
    with atomic_path(target) as tmp:
        writer: pq.ParquetWriter | None = None
        try:
            for start in range(0, plan.n_tasks, block_tasks):
                block = dataset.to_table(filter=(task >= start) & (task < start + block_tasks))
                block = block.sort_by([("task", "ascending"), ("week", "ascending")])
                frame = block.to_pandas()
                frame.insert(3, "seed", seeds[frame["replication"].to_numpy()])
                values = factor_cols.iloc[frame["point"].to_numpy()].reset_index(drop=True)
                frame = pd.concat([frame.iloc[:, :5], values, frame.iloc[:, 5:]], axis=1)
                out = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()
                if writer is None:
                    writer = pq.ParquetWriter(tmp, out.schema)
                writer.write_table(out)
        finally:
            if writer is not None:
                writer.close()
    return target


def load_results(directory: str | Path) -> pd.DataFrame:
    """A finished sweep's results: one row per (task, horizon week), sorted by task."""
    path = Path(directory) / RESULTS
    if not path.exists():
        manifest = read_manifest(directory)
        done = completed_tasks(directory, manifest["tasks"]).sum()
        source = manifest["experiment"]["path"]
        raise SweepError(
            f"{directory}: the sweep is not finished ({done} of {manifest['tasks']} runs "
            f"done); complete it with `hiresim sweep {source} --out {directory} --resume`")
    return pd.read_parquet(path)


# --- Progress --------------------------------------------------------------------------
class Progress:
    """A one-line progress bar: runs done, runs per second, time left.

    On a terminal the line is redrawn in place; in a log file a line is printed at most
    every ``log_every`` seconds.
    """

    def __init__(self, total: int, done: int, label: str, stream: IO[str] | None = None,
                 log_every: float = 30.0):
        self.total, self.done, self.label = total, done, label
        self.start_done = done
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.last = 0.0
        self.log_every = log_every

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (self.done - self.start_done) / elapsed
        left = (self.total - self.done) / rate if rate > 0 else math.inf
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        eta = _clock(left) if math.isfinite(left) else "--:--:--"
        return (f"{self.label} [{bar}] {self.done:,}/{self.total:,} runs  "
                f"{rate:.2f} runs/s  {eta} left")

    def update(self, runs: int, force: bool = False) -> None:
        self.done += runs
        now = time.monotonic()
        if self.tty and (force or now - self.last >= 0.2):
            self.stream.write("\r" + self.line() + "\x1b[K")  # clear the old line's tail
            self.stream.flush()
            self.last = now
        elif not self.tty and (force or now - self.last >= self.log_every):
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self.last = now

    def close(self) -> None:
        self.update(0, force=True)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}"


# --- Running ---------------------------------------------------------------------------
def run_sweep(experiment: Any, out: str | Path, *, workers: int | None = None,
              scheduler: str | None = None, resume: bool = False,
              part_runs: int | None = None, part_seconds: float = 60.0,
              chunk: int | None = None, progress: bool | IO[str] = True) -> Path:
    """Run (or complete, with ``resume``) the sweep of ``experiment`` into ``out``.

    ``experiment`` is a loaded `hiresim.config.experiment.Experiment`. Results go to part files
    as runs finish (a part every ``part_runs`` runs or ``part_seconds`` seconds) and to
    ``results.parquet`` at the end; returns that file's path.
    """
    out = Path(out)
    plan, manifest = plan_of(experiment)
    _refuse_foreign(out)
    with _lock(out):
        if (out / MANIFEST).exists():
            if not resume:
                raise SweepError(
                    f"{out} already holds a sweep; add --resume to complete it, or choose "
                    "another --out directory")
            _check_same_sweep(out, read_manifest(out), manifest)
        else:
            if out.exists() and any(p.name != ".lock" for p in out.iterdir()):
                raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")
            write_parquet(out / POINTS, plan.points)
            write_json(out / MANIFEST, manifest)  # last: it marks the directory as a sweep
        _remove_partial_files(out)
        # Always the stored plan, so that a fresh and a resumed sweep read the same values.
        plan, manifest = read_plan(out)
        done = completed_tasks(out, plan.n_tasks)
        todo = np.flatnonzero(~done)
        if len(todo):
            stream = progress if not isinstance(progress, bool) else sys.stderr
            bar = Progress(plan.n_tasks, int(done.sum()), manifest["experiment"]["name"],
                           stream) if progress else None
            writer = PartWriter(out, plan, part_runs or _default_part_runs(plan),
                                part_seconds)
            try:
                with executor(workers, scheduler) as ex:
                    _run(ex, plan, todo, writer, bar, chunk)
            finally:
                writer.flush()
                if bar:
                    bar.close()
        return consolidate(out, plan)


def _refuse_foreign(out: Path) -> None:
    """Refuse a directory that holds something other than a sweep (before the lock, which
    would leave a ``.lock`` file in it)."""
    if not out.is_dir():
        return
    if (out / MANIFEST).exists():
        try:
            read_manifest(out)
        except SweepError:
            raise SweepError(f"{out} holds something other than a sweep (the results of a "
                             "scenario run, say); choose another --out") from None
    elif any(p.name != ".lock" for p in out.iterdir()):
        raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")


def _remove_partial_files(out: Path) -> None:
    """Remove the temporary files of a killed sweep (under the lock: no writer is left)."""
    for folder in (out, out / PARTS):
        if folder.is_dir():
            for tmp in folder.glob(".*.partial"):
                if tmp.is_file():
                    tmp.unlink(missing_ok=True)


def _default_part_runs(plan: SweepPlan) -> int:
    """About 50,000 result rows per part file, at most 1,000 runs."""
    return max(1, min(1000, 50_000 // max(1, len(plan.horizons))))


def _check_same_sweep(out: Path, stored: dict[str, Any], current: dict[str, Any]) -> None:
    if stored.get("hiresim_version") != __version__:
        raise SweepError(
            f"{out} was started with hiresim {stored.get('hiresim_version')}, this is "
            f"{__version__}; finish it with the same version (results would mix versions)")
    if stored.get("fingerprint") != current["fingerprint"]:
        raise SweepError(
            f"{out} holds a sweep of a different experiment (the base parameters, design "
            "points, replications, seed, metrics or horizons have changed since it started); "
            "resume it with the experiment it was started with, or choose another --out")


def _run(ex: Executor, plan: SweepPlan, todo: np.ndarray, writer: PartWriter,
         bar: Progress | None, chunk: int | None) -> None:
    """Submit ``todo`` in chunks, keeping a bounded window of chunks in flight: three per
    worker, recounted every ``WINDOW_REFRESH`` seconds as cluster workers come and go."""
    slots = parallel_slots(ex)
    size = chunk or max(1, min(16, len(todo) // (slots * 16)))
    window, counted = max(2, 3 * slots), time.monotonic()
    chunks = (todo[i:i + size] for i in range(0, len(todo), size))
    pending: dict[Future, np.ndarray] = {}
    args = (plan.weeks, plan.metrics, plan.horizons)
    try:
        for ids in chunks:
            while len(pending) >= window:
                _collect(pending, writer, bar, plan)
                if time.monotonic() - counted > WINDOW_REFRESH:
                    window, counted = max(2, 3 * parallel_slots(ex)), time.monotonic()
            tasks = [plan.task(int(t)) for t in ids]
            pending[ex.submit(run_tasks, plan.base, tasks, *args)] = ids
        while pending:
            _collect(pending, writer, bar, plan)
    except BaseException:
        for fut in pending:
            fut.cancel()
        # Keep what finished; drop what did not.
        for fut in list(pending):
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                writer.add(fut.result())
        raise


def _collect(pending: dict[Future, np.ndarray], writer: PartWriter, bar: Progress | None,
             plan: SweepPlan) -> None:
    finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for fut in finished:
        ids = pending.pop(fut)
        err = fut.exception()
        if err is not None:
            for other in pending:
                other.cancel()
            first = int(ids[0])
            point, rep = divmod(first, plan.replications)
            raise SweepError(
                f"run of point {point} (replication {rep}, parameters "
                f"{plan.overrides(point)}) failed: {type(err).__name__}: {err}") from err
        writer.add(fut.result())
        if bar:
            bar.update(len(ids))
