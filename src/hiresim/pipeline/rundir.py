"""The output directory of a scenario run while it runs: each finished simulation streams
to it, and a run that was stopped is completed there with ``resume``.

While a run is under way its directory is a store (`hiresim.pipeline.store`) that holds

* ``plan.json`` — written first: the resolved scenario, the version of hiresim and the
  fingerprint of the simulations it plans (their parameters, seeds, worlds and length);
* ``parts/`` — each finished simulation's weekly outputs, one part file each;
* ``.lock`` — held by the one process that writes the directory.

Whatever the directory held before (the results of an earlier run that ``overwrite``
replaces) stays as it was until the new outputs replace the whole directory at once
(`hiresim.outputs.files.write_outputs`), which also removes the plan and the parts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config.scenario import Scenario
from .provenance import provenance
from .runner import ID, ScenarioPlan
from .store import LOCK, Store, StoreError

PLAN = "plan.json"
#: The outputs of a finished run that mark it as finished (written last).
FINISHED = "manifest.json"


class RunDirectoryError(StoreError):
    """The output directory cannot take this run; the message says what to do."""


def run_store(out: str | Path) -> Store:
    """The store of a scenario run's output directory."""
    return Store(out, manifest=PLAN, id_column=ID, error=RunDirectoryError, what="run")


def plan_manifest(scenario: Scenario, plan: ScenarioPlan) -> dict[str, Any]:
    """What ``plan.json`` records of a run."""
    return {**provenance(), "scenario": scenario.resolved(), "runs": len(plan.tasks),
            "simulations": plan.n_jobs, "fingerprint": plan.fingerprint}


def unfinished(out: str | Path) -> tuple[int, int] | None:
    """How many simulations of the unfinished run in ``out`` are done, and of how many;
    None if ``out`` holds no unfinished run."""
    store = run_store(out)
    try:
        total = int(store.read_manifest()["simulations"])
        return int(store.parts.completed(total).sum()), total
    except (StoreError, KeyError, TypeError, ValueError, OSError):
        return None


def _fresh(out: Path, store: Store, manifest: dict[str, Any], resume: bool,
           overwrite: bool) -> bool:
    """Whether the run starts afresh in ``out`` (rather than resuming the run there);
    `RunDirectoryError` if ``out`` cannot take it."""
    if store.started():
        if resume:
            store.check(store.read_manifest(), manifest, different=(
                f"{out} holds an unfinished run of a different scenario (the simulations' "
                "parameters, seeds or length have changed since it started); resume it "
                f"with the scenario and options it was started with (see {out / PLAN}), or "
                "pass --overwrite instead of --resume to discard it"))
            return False
        if not overwrite:
            done, total = unfinished(out) or (0, 0)
            raise RunDirectoryError(
                f"{out} holds an unfinished run ({done} of {total} simulations done); add "
                "--resume to complete it, or --overwrite to discard it and start again")
        return True
    if out.is_dir() and any(p.name != LOCK for p in out.iterdir()):
        if resume and (out / FINISHED).exists():
            raise RunDirectoryError(
                f"{out} already holds the results of a finished run: there is nothing to "
                "resume; pass --overwrite instead of --resume to run it again, or choose "
                "another --out")
        if resume:
            raise RunDirectoryError(f"{out} holds no unfinished run to resume; choose another "
                                    "--out, or pass --overwrite instead of --resume to "
                                    "replace what it holds")
        if not overwrite:
            raise RunDirectoryError(f"{out} already holds results; choose another --out or "
                                    "pass --overwrite to replace them")
        if store.parts.folder.exists():
            raise RunDirectoryError(f"{store.parts.folder} holds files of something other "
                                    "than a scenario run (a sweep, say); choose another --out")
    return True


@contextlib.contextmanager
def open_run(out: str | Path, scenario: Scenario, plan: ScenarioPlan, *,
             resume: bool = False, overwrite: bool = False) -> Iterator[Store]:
    """Hold ``out`` for a run of ``scenario`` and yield its store.

    * ``out`` absent or empty: the run starts there.
    * ``out`` holds an unfinished run: ``resume`` continues it (if it is a run of the
      same simulations, by the same version of hiresim), ``overwrite`` discards it and
      starts again; neither is refused.
    * ``out`` holds anything else (finished results): refused unless ``overwrite``; the
      old contents stay until the new outputs replace them.

    Refusals raise `RunDirectoryError` saying what to do, before anything is written. If
    the run then fails before any simulation has finished, the plan is removed again and
    ``out`` is left as it was; otherwise the finished simulations stay for ``resume``.
    """
    if resume and overwrite:
        raise ValueError("resume and overwrite exclude each other")
    out = Path(out)
    store = run_store(out)
    manifest = plan_manifest(scenario, plan)
    made = [d for d in (out, *out.parents) if not d.exists()]  # the lock creates them
    _fresh(out, store, manifest, resume, overwrite)  # refuse before the lock file is made
    untouched = False
    try:
        with store.lock():
            if _fresh(out, store, manifest, resume, overwrite):
                store.discard()  # an unfinished run that overwrite replaces
                store.start(manifest)
            store.remove_partial_files()
            try:
                yield store
            except BaseException:
                if not store.parts.files():
                    store.discard()
                    untouched = True
                raise
    finally:
        if untouched:  # leave no trace of the run
            (out / LOCK).unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                for folder in made:  # the innermost first; stops at one that is not empty
                    folder.rmdir()
