"""One measurement in a fresh process: ``python -m benchmarks.measure KIND ...``.

``benchmarks.scale`` runs every measurement in its own process so that sizes do not
share allocator state and peak memory is the model's own. Kinds:

* ``model N WEEKS SEED [--tracemalloc]``: build hiresim's model of N people (init), run
  WEEKS weeks (run), build the results table (results);
* ``baseline N WEEKS SEED``: the same for the object-per-agent Mesa model;
* ``sweep WORKERS RUNS N WEEKS``: RUNS runs of ``simulate`` through
  ``hiresim.pipeline.execution.executor(WORKERS)``;
* ``spin``: a fixed pure-Python loop (no memory traffic), to see how much of a core this
  process gets: run alone and two at once, it tells how parallel the machine is right now.

Each prints one JSON object. Memory: ``rss_base`` is the resident set after imports and a
warm-up run; ``rss_peak`` the peak resident set (Linux VmHWM, reset just before the model
is built) during build and run; with ``--tracemalloc``, ``traced_peak`` is the peak of
memory allocated through Python's and numpy's allocators during build and run (that run
is slower and its times are not reported). ``*_cpu_s`` are the process's CPU seconds:
on a busy machine they show how much of the wall time was spent waiting for a core.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_now() -> int:
    """Current resident set size in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS counter (VmHWM); false where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def rss_peak() -> int:
    """Peak resident set size in bytes (VmHWM, or ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _timed(build: Any, weeks: int, tracemalloc_: bool) -> dict[str, Any]:
    """Build a model with ``build()``, step it ``weeks`` times; times and memory."""
    gc.collect()
    base = rss_now()
    peak_reset = reset_peak()
    if tracemalloc_:
        import tracemalloc

        tracemalloc.start()
    c0, t0 = time.process_time(), time.perf_counter()
    model = build()
    c1, t1 = time.process_time(), time.perf_counter()
    for _ in range(weeks):
        model.step()
    c2, t2 = time.process_time(), time.perf_counter()
    frame = model.datacollector.get_model_vars_dataframe()
    t3 = time.perf_counter()
    out = {"init_s": t1 - t0, "run_s": t2 - t1, "results_s": t3 - t2,
           "init_cpu_s": c1 - c0, "run_cpu_s": c2 - c1,
           "rss_base": base, "rss_peak": rss_peak() if peak_reset else None,
           "rows": len(frame)}
    if tracemalloc_:
        out["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return out


def measure_model(n: int, weeks: int, seed: int, tracemalloc_: bool = False) -> dict:
    """hiresim at labour force ``n`` with the default programme."""
    from hiresim import HireModel

    warm = HireModel(rng=seed, labour_force=2_000, agent_views=False)
    for _ in range(6):  # past the programme's intake, so every code path has run
        warm.step()
    del warm
    return _timed(lambda: HireModel(rng=seed, labour_force=n, agent_views=False), weeks,
                  tracemalloc_)


def measure_baseline(n: int, weeks: int, seed: int) -> dict:
    """The object-per-agent Mesa model at labour force ``n``."""
    from benchmarks.object_baseline import ObjectModel

    warm = ObjectModel(500, rng=seed)
    warm.step()
    del warm
    return _timed(lambda: ObjectModel(n, rng=seed), weeks, False)


def measure_sweep(workers: int, runs: int, n: int, weeks: int) -> dict:
    """Wall time of ``runs`` replications through ``executor(workers)``, from asking for
    the executor to its shutdown: what a user waits for (worker processes start while
    this process already runs)."""
    from hiresim.model.simulate import replication_seed, simulate
    from hiresim.params.overrides import make_params
    from hiresim.pipeline.execution import executor

    params = make_params(labour_force=n)
    seeds = [replication_seed(1, r) for r in range(runs)]
    t0 = time.perf_counter()
    with executor(workers) as ex:
        frames = list(ex.map(simulate, [params] * runs, seeds, [weeks] * runs))
    t1 = time.perf_counter()
    assert len(frames) == runs and all(len(f) == weeks + 1 for f in frames)
    return {"total_s": t1 - t0}


def measure_spin(n: int = 10_000_000) -> dict:
    """Seconds for a fixed loop of integer arithmetic."""
    t0 = time.perf_counter()
    s = 0
    for i in range(n):
        s += i * i % 7
    return {"spin_s": time.perf_counter() - t0, "check": s}


def main(argv: list[str]) -> None:
    kind, *args = argv
    flags = {a for a in args if a.startswith("--")}
    nums = [int(a) for a in args if not a.startswith("--")]
    if kind == "model":
        out = measure_model(*nums, tracemalloc_="--tracemalloc" in flags)
    elif kind == "baseline":
        out = measure_baseline(*nums)
    elif kind == "sweep":
        out = measure_sweep(*nums)
    elif kind == "spin":
        out = measure_spin(*nums)
    else:
        raise SystemExit(f"unknown measurement {kind!r}: model, baseline, sweep or spin")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
