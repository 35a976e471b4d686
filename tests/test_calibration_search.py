"""The search over the market's parameters (`hiresim calibrate --search`): a Latin
hypercube within the documented ranges, each point scored by the targets it misses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hiresim.cli.main import main
from hiresim.params.overrides import make_params
from hiresim.pipeline.calibration import TARGET, TARGETS
from hiresim.pipeline.calibration_search import (
    DIMENSIONS,
    calibration_search,
    misses,
    search_points,
)


def test_points_fill_every_stratum_of_every_range() -> None:
    """Each parameter's range cut into n strata holds exactly one point (a Latin
    hypercube), and every point is a valid market."""
    base = make_params()
    n = 8
    points = search_points(base, n, seed=3)
    for d in DIMENSIONS:
        values = np.array([p[d.name] if d.index is None else p[d.name][d.index]
                           for p in points])
        assert ((values >= d.low) & (values <= d.high)).all(), d.label
        strata = np.floor((values - d.low) / (d.high - d.low) * n).astype(int)
        assert sorted(strata) == list(range(n)), d.label
    for p in points:
        make_params(base, **p)
    assert search_points(base, n, seed=3) == points
    assert search_points(base, n, seed=4) != points


def test_a_miss_is_measured_in_widths_of_the_band() -> None:
    t = TARGET["u_majority"]
    width = t.high - t.low
    values = {name: (TARGET[name].low + TARGET[name].high) / 2 for name in TARGET}
    assert sum(misses(values).values()) == 0
    values["u_majority"] = t.high + width / 2
    values["u_immigrant"] = np.nan
    got = misses(values)
    assert got["u_majority"] == pytest.approx(0.5)
    assert got["u_immigrant"] == 1.0
    assert sum(g > 0 for g in got.values()) == 2


def test_the_search_scores_its_points_and_lists_the_best_first(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    base = make_params(labour_force=2_000, burn_in_years=1.0)
    found = calibration_search(base, 3, seed=2, workers=1)
    assert len(found) == 3
    assert list(found.targets_missed) == sorted(found.targets_missed)
    for _, row in found.iterrows():
        gaps = misses({t.name: row[t.name] for t in TARGETS})
        assert row.targets_missed == sum(g > 0 for g in gaps.values())
        assert row.worst == max(gaps, key=gaps.__getitem__)
    points = search_points(base, 3, seed=2)
    assert sorted(found.separation_rate) == sorted(p["separation_rate"] for p in points)

    out = tmp_path / "search.csv"
    assert main(["calibrate", "--search", "3", "--search-seed", "2", "--workers", "1",
                 "--set", "labour_force=2000", "--set", "burn_in_years=1", "--out",
                 str(out)]) == 0
    written = pd.read_csv(out)
    np.testing.assert_allclose(written.separation_rate, found.separation_rate)
    assert "targets_missed" in capsys.readouterr().out


def test_a_directory_as_the_output_file_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Before anything runs: exit status 2 and a message naming the option."""
    assert main(["calibrate", "--search", "2", "--out", str(tmp_path)]) == 2
    assert "--out" in capsys.readouterr().err


def test_an_output_file_without_a_search_is_refused(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``--out`` alone would write nothing: refused before anything runs, nothing written."""
    out = tmp_path / "points.csv"
    assert main(["calibrate", "--out", str(out)]) == 2
    assert "--search" in capsys.readouterr().err
    assert not out.exists()
