"""The sweep directory: what a sweep runs (its plan and manifest), where its results go,
and reading them back.

A sweep directory holds

* ``manifest.json`` — written once at the start: the resolved experiment (base
  parameters, factors, design), replication seeds, task count, hiresim version;
* ``points.parquet`` — the design's points table (one row per point);
* ``parts/part-NNNNNN.parquet`` — results as runs finish, a few runs per file, each file
  published whole (temporary file, then rename);
* ``results.parquet`` — all results sorted by task, written when every run is done.

One sweep process at a time holds the directory (`lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..model.simulate import replication_seed
from ..pipeline.atomic import atomic_path, write_bytes
from ..pipeline.provenance import provenance

MANIFEST = "manifest.json"
POINTS = "points.parquet"
PARTS = "parts"
RESULTS = "results.parquet"
#: The sweep directory's format: 2 keeps horizons in months after intake (1 kept weeks).
FORMAT = 2
_PART_RE = re.compile(r"^part-(\d{6,})\.parquet$")
#: Columns of every result row before the metrics (``horizon``: months after intake;
#: ``week``: the week it falls in, which depends on the point's intake week).
KEY_COLUMNS = ("task", "point", "replication", "horizon", "week")


class SweepError(Exception):
    """A sweep cannot start or go on; the message says why and what to do."""


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
    horizons: list[float]  # months after intake

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
        replications=experiment.replications, seeds=seeds, weeks=experiment.weeks,
        metrics=list(experiment.metrics), horizons=list(experiment.horizons_months))
    determines = {"base": plan.base, "factors": plan.factors, "replications": plan.replications,
                  "seeds": plan.seeds, "metrics": plan.metrics, "horizons": plan.horizons}
    manifest = {
        "format": FORMAT,
        **provenance(),
        "experiment": experiment.resolved(),
        "points": len(points),
        "replications": plan.replications,
        "tasks": plan.n_tasks,
        "task_order": "task = point * replications + replication",
        "seeds": seeds,
        "weeks": plan.weeks,
        "metrics": plan.metrics,
        "horizons_months": plan.horizons,
        "fingerprint": fingerprint(determines, points),
    }
    return plan, manifest


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
    if manifest.get("format") != FORMAT:
        raise SweepError(
            f"{directory}: a sweep of format {manifest.get('format')} (horizons in weeks), "
            f"which this version of hiresim (format {FORMAT}: horizons in months after "
            "intake) does not read; run the experiment again into a new directory")
    return manifest


def read_plan(directory: str | Path) -> tuple[SweepPlan, dict[str, Any]]:
    """The plan and manifest stored in a sweep directory."""
    manifest = read_manifest(directory)
    points = pd.read_parquet(Path(directory) / POINTS)
    exp = manifest["experiment"]
    plan = SweepPlan(
        base=exp["base"], factors=[f["name"] for f in exp["factors"]], points=points,
        replications=manifest["replications"], seeds=manifest["seeds"],
        weeks=manifest["weeks"], metrics=manifest["metrics"],
        horizons=manifest["horizons_months"])
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
def lock(directory: Path) -> Iterator[None]:
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
    """Result rows sorted by (task, horizon): keys, then the metrics."""
    task = columns["task"]
    order = np.lexsort((columns["horizon"], task))
    point, rep = np.divmod(task[order], plan.replications)
    data = {"task": task[order], "point": point, "replication": rep.astype(np.int64),
            "horizon": columns["horizon"][order], "week": columns["week"][order]}
    for m in plan.metrics:
        data[m] = columns[m][order]
    return pa.table(data)


def consolidate(directory: str | Path, plan: SweepPlan, block_tasks: int = 200_000) -> Path:
    """Write ``results.parquet``: every part's rows, sorted by task and horizon, with the
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
                block = block.sort_by([("task", "ascending"), ("horizon", "ascending")])
                frame = block.to_pandas()
                frame.insert(3, "seed", seeds[frame["replication"].to_numpy()])
                values = factor_cols.iloc[frame["point"].to_numpy()].reset_index(drop=True)
                keys = len(KEY_COLUMNS) + 1  # and the seed
                frame = pd.concat([frame.iloc[:, :keys], values, frame.iloc[:, keys:]], axis=1)
                out = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()
                if writer is None:
                    writer = pq.ParquetWriter(tmp, out.schema)
                writer.write_table(out)
        finally:
            if writer is not None:
                writer.close()
    return target


def load_results(directory: str | Path) -> pd.DataFrame:
    """A finished sweep's results: one row per (task, horizon), sorted by task."""
    path = Path(directory) / RESULTS
    if not path.exists():
        manifest = read_manifest(directory)
        done = completed_tasks(directory, manifest["tasks"]).sum()
        source = manifest["experiment"]["path"]
        raise SweepError(
            f"{directory}: the sweep is not finished ({done} of {manifest['tasks']} runs "
            f"done); complete it with `hiresim sweep {source} --out {directory} --resume`")
    return pd.read_parquet(path)
