"""The local executor: runs go to this process and to worker processes from one queue."""

from __future__ import annotations

import operator
import os
import time

import pytest

from hiresim.pipeline.execution import executor, parallel_slots


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_runs_go_here_and_to_a_worker_process() -> None:
    seen: set[int] = set()
    with executor(2) as ex:
        assert parallel_slots(ex) == 2
        deadline = time.monotonic() + 120  # a worker process starts in a few seconds
        while len(seen) < 2 and time.monotonic() < deadline:
            seen |= {f.result() for f in [ex.submit(_pid_after, 0.05) for _ in range(8)]}
    assert os.getpid() in seen and len(seen) == 2


def test_a_run_gets_a_copy_of_its_arguments_and_errors_reach_the_caller() -> None:
    data: list[int] = []
    with executor(2) as ex:
        futures = [ex.submit(list.append, data, 1) for _ in range(4)]
        assert [f.result() for f in futures] == [None] * 4
        failing = [ex.submit(operator.truediv, 1, 0) for _ in range(4)]
        for f in failing:
            with pytest.raises(ZeroDivisionError):
                f.result()
    assert data == []  # as in a worker process, the caller's objects are untouched


def test_shutdown_finishes_queued_runs_and_skips_cancelled_ones() -> None:
    with executor(2) as ex:
        queued = [ex.submit(_pid_after, 0.05) for _ in range(20)]
        for f in queued[5:10]:
            f.cancel()
    assert [f.cancelled() for f in queued] == [False] * 5 + [True] * 5 + [False] * 10
    assert all(f.result() > 0 for f in queued[:5] + queued[10:])
    with pytest.raises(RuntimeError, match="shut down"):
        ex.submit(os.getpid)
