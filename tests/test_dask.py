"""A real Dask cluster on this machine: a scheduler and two single-threaded workers as
processes bound to 127.0.0.1. A sweep through it equals the local sweep bit for bit."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiresim.config.experiment import load_experiment
from hiresim.pipeline.execution import ExecutorError, executor, parallel_slots
from hiresim.sweep.runs import run_sweep
from hiresim.sweep.store import RESULTS

from .test_experiment import GRID, write_experiment

START_TIMEOUT = 60.0


def _dask(*args: str) -> list[str]:
    """The venv's ``dask`` command (or its module when the script is not beside Python)."""
    script = Path(sys.executable).with_name("dask")
    if script.exists():
        return [str(script), *args]
    found = shutil.which("dask")
    if found:
        return [found, *args]
    return [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]]


def _wait(procs: list[subprocess.Popen], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.01, deadline - time.monotonic()))


def _stop(procs: list[subprocess.Popen]) -> None:
    """Stop the processes this fixture started: let them exit after the cluster's shutdown,
    then SIGTERM, then SIGKILL, each after a short grace period."""
    _wait(procs, 5)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
        _wait(procs, 3)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler with two workers (one thread each) on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    procs: list[subprocess.Popen] = []
    log = open(tmp / "cluster.log", "w")  # noqa: SIM115 - closed in teardown
    common = {"stdout": log, "stderr": subprocess.STDOUT, "start_new_session": True,
              "cwd": tmp, "env": {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}}
    try:
        procs.append(subprocess.Popen(_dask(
            "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(info)), **common))
        deadline = time.monotonic() + START_TIMEOUT
        while not info.exists() or not info.read_text().strip():
            assert procs[0].poll() is None, (tmp / "cluster.log").read_text()
            assert time.monotonic() < deadline, "the Dask scheduler did not start"
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for i in range(2):
            procs.append(subprocess.Popen(_dask(
                "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-nanny",
                "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{i}",
                "--local-directory", str(tmp / f"w{i}")), **common))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield address
        with Client(address, timeout="10s") as client:
            client.shutdown()  # the scheduler and its workers stop
    finally:
        _stop(procs)
        log.close()


def test_sweep_on_a_dask_cluster_equals_the_local_sweep(cluster: str, tmp_path: Path) -> None:
    exp = load_experiment(write_experiment(tmp_path, GRID))
    with executor(scheduler=cluster) as ex:
        assert parallel_slots(ex) == 2
    run_sweep(exp, tmp_path / "dask", scheduler=cluster, part_runs=4, progress=False)
    run_sweep(exp, tmp_path / "local", workers=1, progress=False)
    assert (tmp_path / "dask" / RESULTS).read_bytes() == (tmp_path / "local" / RESULTS
                                                          ).read_bytes()


def test_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hiresim.pipeline.execution.CONNECT_TIMEOUT", 1.0)
    with pytest.raises(ExecutorError, match="cannot reach the Dask scheduler"), \
            executor(scheduler="tcp://127.0.0.1:9"):
        pass
