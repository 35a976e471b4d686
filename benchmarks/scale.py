"""How hiresim's cost grows with the labour force: ``python -m benchmarks.scale``.

Measures, each in a fresh process pinned to one core with single-threaded numeric
libraries:

* hiresim with the default programme at 10,000, 100,000 and 1,000,000 people over 104
  weeks: initialisation and run time, person-weeks per second, peak memory per person,
  and the fitted exponent b of run time ∝ size^b (least squares on the log-log points);
* the object-per-agent Mesa baseline (`benchmarks.object_baseline`) at 10,000 people,
  and the ratio of person-weeks per second;
* a sweep of replications through ``hiresim.pipeline.execution.executor`` on 1 and on 2 local
  workers (not pinned), and its speed-up.

Options: ``--sizes 10000,100000`` ``--weeks 52`` ``--quick`` (small and short, for a
smoke check) ``--skip-baseline`` ``--skip-sweep`` ``--pairs N`` (the largest size and the
baseline back to back N times: the ratio of each pair) ``--json FILE`` (all figures).
Timings on a shared machine vary; ``--repeat`` keeps the fastest of several runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "NUMBA_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
TARGETS = {"run_s_1m": 5.0, "ratio": 100.0, "bytes_per_person": 500.0, "exponent": 1.1,
           "speedup": 1.8}


def child_env() -> dict[str, str]:
    """The environment of a measurement: one thread per numeric library."""
    env = dict(os.environ, **{v: "1" for v in THREAD_VARS})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_child(args: list[str], cpu: int | None) -> dict[str, Any]:
    """Run ``benchmarks.measure`` with ``args`` in a new process; its JSON result."""
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    proc = subprocess.run([sys.executable, "-m", "benchmarks.measure", *map(str, args)],
                          capture_output=True, text=True, env=child_env(), cwd=ROOT,
                          preexec_fn=pin, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"measurement {' '.join(map(str, args))} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def parallel_capacity() -> float:
    """How many cores' worth of work two processes get right now (2.0 on an idle 2-core
    machine): a fixed pure-Python loop alone, then one on each of CPUs 0 and 1 at once."""
    alone = run_child(["spin"], 0)["spin_s"]
    procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.measure", "spin"],
                              stdout=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT,
                              preexec_fn=(lambda c=c: os.sched_setaffinity(0, {c})))
             for c in (0, 1)]
    pair = max(json.loads(p.communicate()[0].strip().splitlines()[-1])["spin_s"]
               for p in procs)
    return 2.0 * alone / pair


def fastest(args: list[str], cpu: int | None, repeat: int) -> dict[str, Any]:
    """The run with the shortest run time of ``repeat`` runs."""
    runs = [run_child(args, cpu) for _ in range(repeat)]
    return min(runs, key=lambda r: r.get("run_s", r.get("total_s", 0.0)))


def fitted_exponent(sizes: list[int], seconds: list[float]) -> float:
    """Slope b of log(seconds) = a + b·log(size), least squares."""
    if len(sizes) < 2:
        return float("nan")
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import mesa
    import scipy

    import hiresim

    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "mesa": mesa.__version__,
            "hiresim": hiresim.__version__, "commit": commit, "load": os.getloadavg()}


def _mb(b: float | None) -> str:
    return "-" if b is None else f"{b / 1e6:,.0f}"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="labour forces, comma-separated (default: %(default)s)")
    ap.add_argument("--weeks", type=int, default=104)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    ap.add_argument("--cpu", type=int, default=0, help="core to pin measurements to")
    ap.add_argument("--quick", action="store_true",
                    help="10,000 and 100,000 people, 26 weeks, small baseline and sweep")
    ap.add_argument("--no-tracemalloc", action="store_true",
                    help="skip the extra runs that trace allocations")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--baseline-size", type=int, default=10_000)
    ap.add_argument("--baseline-weeks", type=int, default=None,
                    help="weeks of the baseline run (default: --weeks)")
    ap.add_argument("--pairs", type=int, default=0,
                    help="also run the largest size and the baseline back to back N times "
                         "and report the ratio of each pair (the machine's speed drifts)")
    ap.add_argument("--skip-sweep", action="store_true")
    ap.add_argument("--sweep-runs", type=int, default=48)
    ap.add_argument("--sweep-size", type=int, default=100_000)
    ap.add_argument("--sweep-weeks", type=int, default=None,
                    help="weeks per sweep run (default: --weeks)")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    a = ap.parse_args(argv)
    for name in ("repeat", "pairs", "weeks", "sweep_runs", "sweep_size"):
        if getattr(a, name) < (0 if name == "pairs" else 1):
            ap.error(f"--{name.replace('_', '-')} must be a whole number of at least "
                     f"{0 if name == 'pairs' else 1} (given {getattr(a, name)})")
    sizes = [int(s) for s in a.sizes.split(",")]
    if a.quick:
        if a.sizes == ap.get_default("sizes"):
            sizes = [10_000, 100_000]
        a.weeks = 26 if a.weeks == ap.get_default("weeks") else a.weeks
        a.no_tracemalloc = True
        a.baseline_weeks = a.baseline_weeks or 4
        a.sweep_runs, a.sweep_size, a.sweep_weeks = 4, 10_000, a.sweep_weeks or 26
    base_weeks = a.baseline_weeks or a.weeks
    sweep_weeks = a.sweep_weeks or a.weeks

    info = machine()
    report: dict[str, Any] = {"machine": info, "weeks": a.weeks, "sizes": {}}
    print(f"machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, "
          f"numpy {info['numpy']}, scipy {info['scipy']}, Mesa {info['mesa']}; "
          f"hiresim {info['hiresim']} ({info['commit']}); load {info['load'][0]:.2f}")
    print(f"\nhiresim, default programme, {a.weeks} weeks, one core (CPU {a.cpu}), "
          "one thread per numeric library")
    print(f"{'people':>10} {'init s':>7} {'run s':>7} {'run cpu s':>9} {'results s':>9} "
          f"{'person-weeks/s':>15} {'peak MB':>8} {'B/person':>9} {'traced B/p':>10}")
    for n in sizes:
        r = fastest(["model", n, a.weeks, a.seed], a.cpu, a.repeat)
        if not a.no_tracemalloc:
            r["traced_peak"] = run_child(["model", n, a.weeks, a.seed, "--tracemalloc"],
                                         a.cpu)["traced_peak"]
        r["person_weeks_per_s"] = n * a.weeks / r["run_s"]
        grown = None if r["rss_peak"] is None else max(r["rss_peak"] - r["rss_base"], 0)
        r["bytes_per_person"] = None if grown is None else grown / n
        r["traced_bytes_per_person"] = r.get("traced_peak", float("nan")) / n
        report["sizes"][n] = r
        bpp = "-" if grown is None else f"{grown / n:,.0f}"
        print(f"{n:>10,} {r['init_s']:>7.2f} {r['run_s']:>7.2f} {r['run_cpu_s']:>9.2f} "
              f"{r['results_s']:>9.3f} "
              f"{r['person_weeks_per_s']:>15,.0f} {_mb(grown):>8} {bpp:>9} "
              f"{r['traced_bytes_per_person']:>10,.0f}", flush=True)
    ns = sorted(report["sizes"])
    for what in ("run_s", "init_s"):
        b = fitted_exponent(ns, [report["sizes"][n][what] for n in ns])
        report[f"exponent_{what}"] = b
    print(f"fitted exponent b (time ∝ people^b): run {report['exponent_run_s']:.2f}, "
          f"init {report['exponent_init_s']:.2f}")
    steps = [(a, b, fitted_exponent([a, b], [report["sizes"][a]["run_s"],
                                              report["sizes"][b]["run_s"]]))
             for a, b in itertools.pairwise(ns)]
    report["local_exponents_run_s"] = {f"{a}-{b}": e for a, b, e in steps}
    if steps:
        print("  between sizes (run): " + ", ".join(f"{a:,} to {b:,}: {e:.2f}"
                                                   for a, b, e in steps))

    if not a.skip_baseline:
        r = fastest(["baseline", a.baseline_size, base_weeks, a.seed], a.cpu, a.repeat)
        r["person_weeks_per_s"] = a.baseline_size * base_weeks / r["run_s"]
        report["baseline"] = r
        print(f"\nobject-per-agent Mesa baseline, {a.baseline_size:,} people x {base_weeks} "
              f"weeks: init {r['init_s']:.2f} s, run {r['run_s']:.2f} s, "
              f"{r['person_weeks_per_s']:,.0f} person-weeks/s")
        for n in ns:
            mine = report["sizes"][n]
            ratio = mine["person_weeks_per_s"] / r["person_weeks_per_s"]
            mine["ratio_to_baseline"] = ratio
            # The same on CPU seconds: what each process got of its core.
            mine["cpu_ratio_to_baseline"] = (n * a.weeks / mine["run_cpu_s"]) / (
                a.baseline_size * base_weeks / r["run_cpu_s"])
            print(f"  hiresim at {n:>10,} people: {ratio:,.0f} times the baseline's "
                  f"person-weeks per second ({mine['cpu_ratio_to_baseline']:,.0f} per CPU "
                  "second)")

    if a.pairs and not a.skip_baseline:
        big = ns[-1]
        ratios = []
        for _ in range(a.pairs):
            mine = run_child(["model", big, a.weeks, a.seed], a.cpu)
            base = run_child(["baseline", a.baseline_size, base_weeks, a.seed], a.cpu)
            ratios.append((big * a.weeks / mine["run_s"])
                          / (a.baseline_size * base_weeks / base["run_s"]))
            print(f"  pair: hiresim {mine['run_s']:.2f} s, baseline {base['run_s']:.2f} s: "
                  f"{ratios[-1]:,.0f} times", flush=True)
        report["paired_ratios"] = ratios
        print(f"  paired ratios at {big:,} people: median {np.median(ratios):,.0f}, "
              f"range {min(ratios):,.0f}-{max(ratios):,.0f}")

    if not a.skip_sweep:
        print(f"\nsweep: {a.sweep_runs} runs of {a.sweep_size:,} people x {sweep_weeks} weeks "
              "through hiresim.pipeline.execution.executor", flush=True)
        capacity = parallel_capacity()
        sweep = {w: run_child(["sweep", w, a.sweep_runs, a.sweep_size, sweep_weeks], None)
                 for w in (1, 2)}
        capacity = min(capacity, parallel_capacity())
        report["sweep"] = sweep
        report["parallel_capacity"] = capacity
        for w, r in sweep.items():
            print(f"  {w} worker{'s' if w > 1 else ' '}: {r['total_s']:.2f} s, start-up and "
                  "shut-down included")
        report["speedup"] = sweep[1]["total_s"] / sweep[2]["total_s"]
        print(f"  speed-up on 2 workers: {report['speedup']:.2f}")
        print(f"  (control: two pure-Python loops, one per core, ran {capacity:.2f} times as "
              "fast as one: the parallelism this machine gave at the time)")

    report["machine"]["load_after"] = os.getloadavg()
    _print_targets(report, a.weeks)
    if a.json:
        a.json.write_text(json.dumps(report, indent=1, default=str))
    return report


def _print_targets(report: dict[str, Any], weeks: int) -> None:
    """The requirement's targets, met or missed, for what was measured."""
    print("\ntargets:")
    sizes = report["sizes"]
    lines = []
    if 1_000_000 in sizes and weeks == 104:
        r = sizes[1_000_000]
        lines.append((f"1,000,000 people x 104 weeks in <= {TARGETS['run_s_1m']} s",
                      f"run {r['run_s']:.2f} s, init + run {r['init_s'] + r['run_s']:.2f} s",
                      r["run_s"] <= TARGETS["run_s_1m"]))
        if r["bytes_per_person"] is not None:
            lines.append((f"peak memory <= {TARGETS['bytes_per_person']:.0f} bytes/person",
                          f"{r['bytes_per_person']:.0f} (resident), "
                          f"{r['traced_bytes_per_person']:.0f} (traced)",
                          r["bytes_per_person"] <= TARGETS["bytes_per_person"]))
    if "baseline" in report:
        best = max(s.get("ratio_to_baseline", 0.0) for s in sizes.values())
        got = ", ".join(f"{r.get('ratio_to_baseline', 0):,.0f}x at {n:,}"
                        for n, r in sizes.items())
        if report.get("paired_ratios"):  # measured together: judged on their median
            best = float(np.median(report["paired_ratios"]))
            got += f"; median of the back-to-back pairs {best:,.0f}x"
        lines.append((f">= {TARGETS['ratio']:.0f}x the object-per-agent baseline", got,
                      best >= TARGETS["ratio"]))
    if len(sizes) >= 2:
        b = report["exponent_run_s"]
        lines.append((f"cost linear in size (b <= {TARGETS['exponent']})", f"b = {b:.2f}",
                      b <= TARGETS["exponent"]))
    if "speedup" in report:
        lines.append((f"sweep on 2 workers >= {TARGETS['speedup']}x 1 worker",
                      f"{report['speedup']:.2f}x", report["speedup"] >= TARGETS["speedup"]))
    for what, got, ok in lines:
        print(f"  [{'met' if ok else 'MISSED'}] {what}: {got}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
