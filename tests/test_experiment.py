"""Experiment files: loading, validation messages, factor types and design sizes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from hiresim.config.designs import Factor
from hiresim.config.experiment import ExperimentError, load_experiment

ROOT = Path(__file__).resolve().parents[1]

#: A labour market small enough for a run to take a few hundredths of a second (no
#: burn-in: commands run in their own processes with the schema's default of 30 years).
TINY_SCENARIO = """\
name: tiny
weeks: 8
replications: 2
seed: 3
evaluation: none
horizons_months: [1]
market:
  labour_force: 1500
  burn_in_years: 0
programmes:
  - name: mentoring
    capacity: 10
    start_week: 1
    application_probability: 1.0
"""


def write_experiment(directory: Path, body: str, name: str = "exp.yaml",
                     scenario: str = TINY_SCENARIO) -> Path:
    """An experiment file (and its tiny base scenario) in ``directory``."""
    (directory / "tiny.yaml").write_text(scenario)
    path = directory / name
    path.write_text(textwrap.dedent(body))
    return path


GRID = """\
    name: grid
    scenario: tiny.yaml
    design: grid
    factors:
      meetings_per_month: {values: [1, 4]}
      matching: [random, optimal]
      capacity: {range: [4, 12], steps: 3}
    replications: 2
    seed: 11
    metrics: [employment_rate_treatment, employment_rate_majority]
    horizons_months: [0.75, 1.5]
"""


def test_shipped_experiments_load_and_are_research_sized() -> None:
    files = sorted((ROOT / "experiments").glob("*.yaml"))
    designs = set()
    for path in files:
        exp = load_experiment(path)
        designs.add(exp.design)
        assert exp.n_tasks >= 100, f"{path.name}: {exp.n_tasks} runs is not a research design"
        assert exp.replications >= 2
    assert {"grid", "sobol", "morris"} <= designs


def test_grid_runs_every_combination_in_order(tmp_path: Path) -> None:
    exp = load_experiment(write_experiment(tmp_path, GRID))
    points = exp.points()
    assert exp.n_points == len(points) == 2 * 2 * 3
    assert exp.n_tasks == 24
    assert points.iloc[0].tolist() == [1.0, "random", 4]
    assert points.iloc[-1].tolist() == [4.0, "optimal", 12]
    assert points["capacity"].tolist()[:3] == [4, 8, 12]
    assert points["meetings_per_month"].dtype == np.float64  # 1 and 4 read as the float field


def test_errors_name_file_line_field_given_and_allowed(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: sobol
        samples: 10
        factors:
          meetings_per_mont: {range: [1, 4]}
          capacity: {range: [5, 150000000]}
          matching: {range: [0, 1]}
          selection: [random, best]
        metrics: [employment_rate_treatmnt]
        horizons_months: [0.75]
        """)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    text = str(info.value)
    assert f"{path}:5: factors.meetings_per_mont: unknown parameter" in text
    assert "did you mean 'meetings_per_month'" in text
    assert f"{path}:6: factors.capacity.range: outside the parameter's bounds " \
           "(given [5, 150000000]; allowed: >= 0 and <= 10000000)" in text
    assert f"{path}:7: factors.matching.range: not a numeric parameter" in text
    assert "random, field, optimal" in text
    assert f"{path}:8: factors.selection.values[1]: not a valid value (given 'best'; " \
           "allowed: one of random, readiness, need, demand)" in text
    assert f"{path}:3: samples: Sobol' sampling needs a power of two" in text
    assert "did you mean 'employment_rate_treatment'" in text
    assert text.startswith("6 problems in")


def test_range_bounds_respect_strict_limits_and_grid_steps(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: grid
        factors:
          below_level_weeks: {range: [0, 10], steps: 3}
          followup: {range: [0, 1]}
          interviews_per_vacancy: {range: [1, 3], steps: 5}
        metrics: [employment_rate_majority]
        """)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    text = str(info.value)
    assert "factors.below_level_weeks.range: outside the parameter's bounds" in text
    assert "allowed: > 0" in text
    assert "factors.followup.steps: a grid needs the number of levels" in text
    assert "factors.interviews_per_vacancy.steps: the integer levels repeat" in text


def test_programme_lever_needs_a_programme(tmp_path: Path) -> None:
    scenario = TINY_SCENARIO.split("programmes:")[0] + "programmes: []\n"
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: lhs
        samples: 4
        factors:
          meetings_per_month: {range: [1, 4]}
          separation_rate: {range: [0.001, 0.01]}
        metrics: [employment_rate_majority]
        horizons_months: [0.75]
        """, scenario=scenario)
    with pytest.raises(ExperimentError, match="programme lever, but the base scenario has no"):
        load_experiment(path)


def test_invalid_base_scenario_is_reported_with_its_own_lines(tmp_path: Path) -> None:
    bad = TINY_SCENARIO.replace("labour_force: 1500", "labour_forse: 1500")
    path = write_experiment(tmp_path, GRID, scenario=bad)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    assert "scenario: the base scenario is invalid" in str(info.value)
    assert "tiny.yaml:8: market.labour_forse: unknown parameter" in str(info.value)


def test_levels_map_to_equal_bins_and_integers_stay_integers() -> None:
    levels = Factor("matching", "levels", values=("random", "field", "optimal"))
    u = np.array([0.0, 0.33, 0.34, 0.66, 0.67, 0.999, 1.0])
    assert levels.from_unit(u) == ["random", "random", "field", "field", "optimal",
                                   "optimal", "optimal"]
    ints = Factor("capacity", "integer", low=2, high=4)
    assert ints.from_unit(np.array([0.0, 0.3, 0.34, 0.66, 0.67, 1.0])) == [2, 2, 3, 3, 4, 4]
    assert all(type(v) is int for v in ints.from_unit(np.linspace(0, 1, 11)))
    real = Factor("followup", "real", low=0.2, high=0.6)
    assert real.from_unit(np.array([0.0, 0.5, 1.0])) == pytest.approx([0.2, 0.4, 0.6])
    logged = Factor("labour_force", "integer", low=100, high=10_000, log=True)
    # Bins equal in log scale over [100, 10001): the middle is sqrt(100 * 10001) = 1000.05.
    assert logged.from_unit(np.array([0.0, 0.5, 1.0])) == [100, 1000, 10_000]


def test_latin_hypercube_gives_each_integer_equally_often(tmp_path: Path) -> None:
    # Thirty strata over three equal bins: exactly ten points per integer, by construction.
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: lhs
        samples: 30
        factors:
          interviews_per_vacancy: {range: [1, 3]}
          followup: {range: [0, 1]}
        metrics: [employment_rate_majority]
        horizons_months: [0.75]
        """)
    points = load_experiment(path).points()
    assert points["interviews_per_vacancy"].value_counts().sort_index().to_dict() == {
        1: 10, 2: 10, 3: 10}
    assert points["interviews_per_vacancy"].dtype == np.int64


@pytest.mark.parametrize(("design", "samples", "options", "points"), [
    ("sobol", 8, "{}", 8 * (3 + 2)),
    ("sobol", 8, "{second_order: true}", 8 * (2 * 3 + 2)),
    ("morris", 5, "{levels: 4}", 5 * (3 + 1)),
    ("lhs", 7, "{}", 7),
])
def test_design_sizes(tmp_path: Path, design: str, samples: int, options: str,
                      points: int) -> None:
    path = write_experiment(tmp_path, f"""\
        scenario: tiny.yaml
        design: {design}
        samples: {samples}
        options: {options}
        factors:
          separation_rate: {{range: [0.001, 0.01]}}
          capacity: {{range: [2, 20]}}
          matching: [random, field, optimal]
        replications: 3
        metrics: [employment_rate_majority]
        horizons_months: [0.75]
        """)
    exp = load_experiment(path)
    table = exp.points()
    assert exp.n_points == len(table) == points
    assert exp.n_tasks == 3 * points
    assert table["capacity"].between(2, 20).all()
    assert set(table["matching"]) <= {"random", "field", "optimal"}
    assert (table["separation_rate"].between(0.001, 0.01)).all()


def test_unknown_options_and_defaults_from_scenario(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: morris
        samples: 4
        options: {levels: 3, trajectories: 2}
        factors:
          separation_rate: {range: [0.001, 0.01]}
          followup: {range: [0, 1]}
        metrics: [employment_rate_majority]
        """)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    assert "options.trajectories: unknown option" in str(info.value)
    assert "options.levels: Morris grid levels must be even (given 3; allowed: an even " \
           "whole number >= 2" in str(info.value)
    assert "did you mean 'optimal_trajectories'" in str(info.value)
    path.write_text(path.read_text().replace("options: {levels: 3, trajectories: 2}\n", ""))
    exp = load_experiment(path)
    assert (exp.replications, exp.seed) == (2, 3)  # from the scenario
    assert exp.horizons_months == [1.0]  # the scenario's horizon
    assert exp.weeks == 1 + 4  # 1 month after intake in week 1


def test_a_scenario_file_is_recognised_and_sent_to_run() -> None:
    with pytest.raises(ExperimentError) as err:
        load_experiment(ROOT / "scenarios" / "imdi_typical.yaml")
    assert "scenario file" in str(err.value) and "hiresim run" in str(err.value)


def test_structure_problems_name_line_field_and_the_keys_allowed(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: grid
        replicatons: 3
        options: {resamples: 10}
        factors:
          capacity: {range: [2, 8], stpes: 3}
          followup: {values: [0.1, 0.2], log: true}
        metrics: [employment_rate_majority, employment_rate_majority]
        horizons_months: [1, 0.95]
        """)
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    text = str(info.value)
    assert f"{path}:3: replicatons: unknown key 'replicatons'; did you mean " \
           "'replications'? (allowed: name, description, scenario," in text
    assert f"{path}:4: options.resamples: unknown option 'resamples' (allowed: none)" in text
    assert f"{path}:6: factors.capacity.stpes: unknown key 'stpes'; did you mean 'steps'? " \
           "(allowed: values, range, steps, log)" in text
    assert f"{path}:6: factors.capacity.steps: a grid needs the number of levels of a " \
           "range (allowed: a whole number from 2 to 100,000)" in text
    assert f"{path}:7: factors.followup.log: applies to a range only" in text
    assert f"{path}:8: metrics: values repeat" in text
    assert f"{path}:9: horizons_months: two horizons fall in the same week (given [1, 0.95]; " \
           "allowed: horizons at least a week apart)" in text
    assert text.startswith("7 problems in")


def test_an_empty_experiment_file_says_what_an_experiment_holds(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, "# nothing yet\n")
    with pytest.raises(ExperimentError) as info:
        load_experiment(path)
    assert str(info.value).splitlines()[-1].strip() == (
        f"{path}: (file): the file is empty (allowed: a mapping with at least 'name', "
        "'scenario', 'design', 'factors' and 'metrics' (see docs/research.md))")
