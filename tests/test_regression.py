"""Results do not change unnoticed: two fixed runs equal the stored baseline exactly.

After an intended change of results, regenerate with
``python -m tests.regression.regenerate`` and explain the change in the commit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.regression.regenerate import BASELINE, baseline_frame


def test_results_equal_the_stored_baseline() -> None:
    stored = pd.read_csv(BASELINE)
    now = baseline_frame()
    missing = set(stored.columns) - set(now.columns)
    assert not missing, f"metrics disappeared: {sorted(missing)}"
    now = now[stored.columns]
    for col in stored.columns:
        a, b = stored[col].to_numpy(), now[col].to_numpy()
        if a.dtype.kind in "fiu":
            np.testing.assert_array_equal(a.astype(float), b.astype(float), err_msg=col)
        else:
            assert (a == b).all(), col
