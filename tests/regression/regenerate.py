"""Regenerate the regression baseline: ``python -m tests.regression.regenerate``.

Run it only when a change is meant to change results, and say why in the commit.
"""

from __future__ import annotations

from pathlib import Path

from hiresim import make_params
from hiresim.model.simulate import simulate

BASELINE = Path(__file__).with_name("baseline.csv")
#: The burn-in of the default market (`burn_in_years`), stated so that the cases are the
#: same under the tests (which start other markets without one) and as a script.
BURN_IN_YEARS = 30.0
CASES = {  # name: (overrides, seed, weeks)
    "default_programme": (dict(labour_force=5_000, burn_in_years=BURN_IN_YEARS), 1, 52),
    "rct_levers": (dict(labour_force=4_000, burn_in_years=BURN_IN_YEARS, evaluation="rct",
                        selection="need", matching="optimal", plenary_every_weeks=4,
                        role_training=True, traineeship_weeks=8, capacity=60), 2, 40),
}


def baseline_frame():
    import pandas as pd

    frames = []
    for name, (overrides, seed, weeks) in CASES.items():
        frame = simulate(make_params(**overrides), seed, weeks)
        frame.insert(0, "case", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


if __name__ == "__main__":
    tmp = BASELINE.with_suffix(".csv.tmp")
    baseline_frame().to_csv(tmp, index=False, float_format="%.17g")
    tmp.replace(BASELINE)
    print(f"wrote {BASELINE}")
