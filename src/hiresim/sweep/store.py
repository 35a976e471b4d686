"""The sweep directory: what a sweep runs (its plan and manifest), where its results go,
and reading them back.

A sweep directory holds

* ``manifest.json`` — written once at the start: the resolved experiment (base
  parameters, factors, design), replication seeds, task count, hiresim version;
* ``points.parquet`` — the design's points table (one row per point);
* ``parts/part-NNNNNN.parquet`` — results as runs finish, a few runs per file, each file
  published whole (temporary file, then rename);
* ``results.parquet`` — all results sorted by task, written when every run is done.

The directory is a store (`hiresim.pipeline.store`: the lock, the manifest written
first, parts published whole, resume); this module adds what is a sweep's own: its plan,
the points table and the format of its results.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..model.simulate import replication_seed
from ..pipeline import store
from ..pipeline.atomic import atomic_path
from ..pipeline.provenance import provenance
from ..pipeline.store import StoreError, fingerprint
from .tasks import run_tasks

MANIFEST = "manifest.json"
POINTS = "points.parquet"
PARTS = store.PARTS
RESULTS = "results.parquet"
#: The sweep directory's format: 2 keeps horizons in months after intake (1 kept weeks).
FORMAT = 2
#: Columns of every result row before the metrics (``horizon``: months after intake;
#: ``week``: the week it falls in, which depends on the point's intake week).
KEY_COLUMNS = ("task", "point", "replication", "horizon", "week")


class SweepError(StoreError):
    """A sweep cannot start or go on; the message says why and what to do."""


def sweep_store(directory: str | Path) -> store.Store:
    """The store of a sweep directory: parts keyed by task, errors as `SweepError`."""
    return store.Store(directory, manifest=MANIFEST, id_column="task", error=SweepError,
                       what="sweep")


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

    # The plan of `hiresim.pipeline.plan`: a job is a task.
    @property
    def n_jobs(self) -> int:
        return self.n_tasks

    def order(self, todo: np.ndarray) -> np.ndarray:
        """Tasks ``todo`` replication by replication, points in order within each: the
        runs of one seed go out together, so a worker burns in each market once per
        seed however many replications there are (runs of points that change only
        programmes share the burn-in of their seed)."""
        point, rep = np.divmod(todo, self.replications)
        return todo[np.lexsort((point, rep))]

    def call(self, ids: np.ndarray) -> tuple[Any, tuple]:
        """Tasks ``ids`` as one call of `run_tasks` (parameters as plain dictionaries:
        small to send)."""
        return run_tasks, (self.base, [self.task(int(t)) for t in ids], self.metrics,
                           self.horizons)

    def table(self, columns: dict[str, np.ndarray]) -> pa.Table:
        return result_table(columns, self)

    def failure(self, job: int, err: BaseException) -> Exception:
        point, rep = divmod(job, self.replications)
        return SweepError(f"run of point {point} (replication {rep}, parameters "
                          f"{self.overrides(point)}) failed: {type(err).__name__}: {err}")


def _native(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


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
    return sweep_store(directory).parts.files()


def completed_tasks(directory: str | Path, n_tasks: int) -> np.ndarray:
    """A boolean mask of the tasks whose results are in a finished part file."""
    return sweep_store(directory).parts.completed(n_tasks)


class PartWriter(store.PartWriter):
    """Publishes finished runs to a sweep directory's parts, sorted by (task, horizon)."""

    def __init__(self, directory: Path, plan: SweepPlan, part_runs: int, part_seconds: float):
        super().__init__(sweep_store(directory).parts, plan.table, part_runs, part_seconds)


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
    dataset = sweep_store(directory).parts.dataset()
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


def resume_command(manifest: dict[str, Any], directory: str | Path) -> str:
    """The command that completes the sweep in ``directory``: its experiment file with the
    command-line options it was started with (the manifest's ``command_line``)."""
    experiment = manifest["experiment"]
    given = experiment.get("command_line") or {}
    cmd = ["hiresim", "sweep", str(experiment["path"]), "--out", str(directory)]
    for flag in ("scenario", "replications", "samples"):
        if flag in given:
            cmd += [f"--{flag}", str(given[flag])]
    for name, value in (given.get("set") or {}).items():
        cmd += ["--set", f"{name}={json.dumps(value)}"]
    return shlex.join([*cmd, "--resume"])


def load_results(directory: str | Path) -> pd.DataFrame:
    """A finished sweep's results: one row per (task, horizon), sorted by task."""
    path = Path(directory) / RESULTS
    if not path.exists():
        manifest = read_manifest(directory)
        done = completed_tasks(directory, manifest["tasks"]).sum()
        raise SweepError(
            f"{directory}: the sweep is not finished ({done} of {manifest['tasks']} runs "
            f"done); complete it with `{resume_command(manifest, directory)}`")
    return pd.read_parquet(path)
