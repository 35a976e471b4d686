"""Sweep throughput on 1 and 2 local workers (runs per second and speed-up).

    python -m benchmarks.sweep_workers [--runs 40] [--labour-force 10000] [--months 12]

A Latin hypercube over two programme levers in the typical scenario, one replication per
point; each sweep goes to a fresh temporary directory. The goal: 2 workers at least 1.8
times as fast as 1.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from hiresim.config.experiment import load_experiment
from hiresim.sweep.runs import run_sweep

ROOT = Path(__file__).resolve().parents[1]

EXPERIMENT = """\
name: bench
scenario: {scenario}
set: {{labour_force: {labour_force}}}
design: lhs
samples: {runs}
factors:
  meetings_per_month: {{range: [0.5, 8]}}
  followup: {{range: [0, 1]}}
replications: 1
seed: 1
metrics: [employment_rate_treatment, employment_rate_immigrant]
horizons_months: [{months}]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--labour-force", type=int, default=10_000)
    parser.add_argument("--months", type=float, default=12.0,
                        help="the horizon, in months after intake")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(EXPERIMENT.format(
            scenario=ROOT / "scenarios" / "imdi_typical.yaml", runs=args.runs,
            labour_force=args.labour_force, months=args.months))
        exp = load_experiment(path)
        rates = {}
        for workers in (1, 2):
            start = time.perf_counter()
            run_sweep(exp, Path(tmp) / f"w{workers}", workers=workers, progress=False)
            seconds = time.perf_counter() - start
            rates[workers] = exp.n_tasks / seconds
            print(f"{workers} worker(s): {exp.n_tasks} runs in {seconds:.1f} s = "
                  f"{rates[workers]:.2f} runs/s")
        same = (Path(tmp) / "w1" / "results.parquet").read_bytes() == (
            Path(tmp) / "w2" / "results.parquet").read_bytes()
        print(f"speed-up on 2 workers: {rates[2] / rates[1]:.2f}x (goal >= 1.8x); "
              f"results identical: {same}")


if __name__ == "__main__":
    main()
