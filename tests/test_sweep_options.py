"""Sweeps shrunk from the command line (--replications, --samples, --set, --scenario), a
copied experiment that still finds its scenario, and --plan, which counts the runs and
twin worlds and estimates the time without running or writing anything."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import hiresim.sweep.runs
from hiresim.cli.main import main
from hiresim.cli.sweep_plan import Timing, sweep_cost
from hiresim.config.experiment import ExperimentError, load_experiment
from hiresim.sweep.store import SweepError
from hiresim.sweep.store import load_results as sweep_results

from .test_experiment import GRID, write_experiment

#: A Latin hypercube over one delivery lever and the capacity (which changes who takes
#: part, and so the twin world), with a metric that needs the twin world.
SAMPLED = """\
    name: sampled
    scenario: tiny.yaml
    design: lhs
    samples: 4
    factors:
      meetings_per_month: {range: [1, 4]}
      capacity: {range: [5, 20]}
    replications: 2
    seed: 7
    metrics: [employment_rate_treatment_effect]
    horizons_months: [0.75]
"""
#: A grid over two delivery levers and the capacity: 2 x 2 x 3 points, and one twin
#: world per capacity and replication.
TWINS = GRID.replace("metrics: [employment_rate_treatment, employment_rate_majority]",
                     "metrics: [gross_employment]")


def files_under(path: Path) -> set[Path]:
    return {p for p in path.rglob("*")}


def test_plan_counts_runs_and_twins_and_runs_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_experiment(tmp_path, TWINS)
    monkeypatch.chdir(tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("--plan ran the sweep")

    monkeypatch.setattr(hiresim.sweep.runs, "run_sweep", refuse)
    before = files_under(tmp_path)
    assert main(["sweep", str(path), "--plan", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert files_under(tmp_path) == before
    assert "plan: 12 design points x 2 replications = 24 runs" in out
    assert "twin worlds: 6 distinct" in out  # three capacities x two replications
    assert "an estimate: one run of the base point" in out


def test_plan_counts_the_twin_worlds_a_sweep_simulates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hiresim.model.simulate as simulation
    from hiresim.sweep.runs import run_sweep
    from hiresim.sweep.tasks import clear_twins

    exp = load_experiment(write_experiment(tmp_path, TWINS))
    cost = sweep_cost(exp, Timing(labour_force=1500, weeks=4, setup=0.5, per_week=0.25,
                                  start=3.0))
    twins: list[bool] = []
    real = simulation.simulate

    def counting(params, seed, weeks, twin=False):  # type: ignore[no-untyped-def]
        twins.append(twin)
        return real(params, seed, weeks, twin=twin)

    monkeypatch.setattr(simulation, "simulate", counting)
    clear_twins()
    run_sweep(exp, tmp_path / "s", workers=1, progress=False)
    clear_twins()
    assert (cost.runs, cost.twins) == (twins.count(False), twins.count(True)) == (24, 6)
    # Every run and twin world lasts intake (week 1) plus 1.5 months (7 weeks).
    one = 0.5 + 0.25 * 7
    assert cost.run_seconds == pytest.approx(24 * one)
    # Each twin world serves the four points of one capacity (two delivery levers x 2).
    assert [uses for uses, _ in cost.twins_used] == [4] * 6
    assert cost.twins_at_most(2) == 12 and cost.twins_at_most(8) == 24
    assert cost.core_seconds(1) == pytest.approx(3.0 + 30 * one)
    assert cost.core_seconds(2) == pytest.approx(2 * 3.0 + 36 * one)  # twins met twice


#: A grid over a market parameter and a delivery lever, with a burn-in: runs with the
#: same tightness and seed start from the same burnt-in world.
BURNT_IN = (GRID.replace("design: grid\n", "design: grid\n    set: {burn_in_years: 0.2}\n")
            .replace("matching: [random, optimal]\n      capacity: {range: [4, 12], steps: 3}",
                     "tightness: {values: [0.3, 0.6]}"))


@pytest.fixture
def burn_ins(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The weeks of every burn-in made in this process while the test runs."""
    from hiresim.model import burn_in

    made: list[int] = []
    real = burn_in.burn_in

    def counting(w, weeks, advance):  # type: ignore[no-untyped-def]
        made.append(weeks)
        return real(w, weeks, advance)

    monkeypatch.setattr(burn_in, "burn_in", counting)
    burn_in._CACHE.clear()
    yield made
    burn_in._CACHE.clear()


def test_plan_counts_the_burn_ins_a_sweep_makes(tmp_path: Path, burn_ins: list[int]) -> None:
    """Each distinct market and seed is burnt in once by a worker, and the estimate
    counts each once per worker (at most as often as runs need it)."""
    from hiresim.sweep.runs import run_sweep

    exp = load_experiment(write_experiment(tmp_path, BURNT_IN))
    timing = Timing(labour_force=1500, weeks=4, setup=0.5, per_week=0.25, start=3.0,
                    burn_in_week=0.125)
    cost = sweep_cost(exp, timing)
    run_sweep(exp, tmp_path / "s", workers=1, progress=False)
    assert cost.burn_ins == len(burn_ins) == 4  # two tightnesses x two seeds
    assert burn_ins == [round(0.2 * 52)] * 4
    assert [uses for uses, _ in cost.burn_ins_used] == [2] * 4  # two meeting frequencies
    one = timing.burn_in_seconds(0.2, 1500)
    assert one == pytest.approx(0.125 * 52 * 0.2)
    runs_only = cost.start_seconds + cost.run_seconds
    assert cost.core_seconds(1) == pytest.approx(runs_only + 4 * one)
    assert cost.core_seconds(2) == pytest.approx(runs_only + cost.start_seconds + 8 * one)


def test_a_lever_sweep_burns_in_once_per_seed_however_few_worlds_are_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, burn_ins: list[int]) -> None:
    """Runs go out seed by seed, so a worker that keeps a single burnt-in world still
    burns in each seed once, not once for every point (which it would in point order)."""
    from hiresim.model import burn_in
    from hiresim.sweep.runs import run_sweep

    body = BURNT_IN.replace("tightness: {values: [0.3, 0.6]}", "matching: [random, field]")
    body = body.replace("replications: 2", "replications: 3")
    exp = load_experiment(write_experiment(tmp_path, body))
    assert (exp.n_points, exp.replications) == (4, 3)
    monkeypatch.setattr(burn_in, "CACHE_PEOPLE", exp.base.labour_force)  # one world
    run_sweep(exp, tmp_path / "s", workers=1, progress=False, chunk=5)
    assert len(burn_ins) == 3


def test_timing_scales_with_weeks_and_labour_force() -> None:
    timing = Timing(labour_force=1000, weeks=10, setup=0.2, per_week=0.05)
    assert timing.seconds(10, 1000) == pytest.approx(0.7)
    assert timing.seconds(20, 1000) == pytest.approx(1.2)
    assert timing.seconds(20, 3000) == pytest.approx(3.6)


def test_replications_samples_and_set_shrink_the_sweep(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_experiment(tmp_path, SAMPLED)
    exp = load_experiment(path, replications=1, samples=3,
                          overrides={"labour_force": 1200, "programmes.mentoring.capacity": 8})
    assert (exp.n_points, exp.replications, exp.n_tasks) == (3, 1, 3)
    assert exp.base.labour_force == 1200
    assert exp.command_line == {"replications": 1, "samples": 3,
                                "set": {"labour_force": 1200,
                                        "programmes.mentoring.capacity": 8}}
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--replications", "1", "--samples", "3", "--set",
                 "labour_force=1200", "--out", str(out), "--quiet", "--workers", "1"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tasks"] == 3
    assert manifest["experiment"]["base"]["labour_force"] == 1200
    assert manifest["experiment"]["command_line"]["set"] == {"labour_force": 1200}
    capsys.readouterr()
    (out / "results.parquet").unlink()  # as if it had not finished
    with pytest.raises(SweepError, match=r"complete it with `hiresim sweep .* --replications 1 "
                       r"--samples 3 --set labour_force=1200 --resume`"):
        sweep_results(out)


@pytest.mark.parametrize(("args", "expected"), [
    (["--set", "tightnes=0.3"],
     "command line: --set tightnes: unknown parameter 'tightnes'; did you mean 'tightness'?"),
    (["--set", "tightness=3000"], "command line: --set tightness: too large (given 3000"),
    (["--set", "replications=2"],
     "command line: --set replications: an experiment setting, not a model parameter "
     "(allowed: a parameter listed by `hiresim params`; the sweep's size: --replications"),
    (["--set", "capacity=9"], "factors.capacity: also fixed (under 'set' or by --set)"),
    (["--samples", "4"], "command line: samples: --samples sizes a sampling design (lhs, "
                         "sobol, morris); a grid runs every combination of its levels "
                         "(given 4; allowed: no --samples for a grid; shrink it with "
                         "--replications)"),
    (["--replications", "100001"], "command line: replications: too large (given 100001"),
], ids=["unknown-name", "out-of-bounds", "setting", "factor", "grid-samples",
        "replications"])
def test_command_line_changes_are_checked_like_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        expected: str) -> None:
    path = write_experiment(tmp_path, GRID)
    assert main(["sweep", str(path), "--plan", *args]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_a_copied_experiment_finds_its_scenario_or_says_how(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "project"
    (home / "experiments").mkdir(parents=True)
    (home / "scenarios").mkdir()
    original = write_experiment(home / "scenarios", SAMPLED.replace(
        "scenario: tiny.yaml", "scenario: ../scenarios/tiny.yaml"))
    shutil.move(original, home / "experiments" / "sampled.yaml")
    elsewhere = tmp_path / "a" / "elsewhere"
    elsewhere.mkdir(parents=True)
    copy = Path(shutil.copy(home / "experiments" / "sampled.yaml", elsewhere / "mine.yaml"))

    monkeypatch.chdir(tmp_path)  # nowhere the scenario is
    with pytest.raises(ExperimentError) as info:
        load_experiment(copy)
    text = str(info.value)
    assert f"{copy}:2: scenario: no such scenario file; looked for " \
           f"{elsewhere / '../scenarios/tiny.yaml'}, {tmp_path / '../scenarios/tiny.yaml'}, " \
           f"{tmp_path / 'scenarios' / 'tiny.yaml'}" in text
    assert "--scenario FILE" in text

    monkeypatch.chdir(home)  # a checkout: the shipped scenarios are in ./scenarios/
    exp = load_experiment(copy)
    assert exp.scenario.resolve() == (home / "scenarios" / "tiny.yaml").resolve()
    assert exp.notes == [f"scenario: ../scenarios/tiny.yaml is not found beside {copy}; "
                         f"using {home / 'scenarios' / 'tiny.yaml'}"]

    monkeypatch.chdir(tmp_path)  # named on the command line
    exp = load_experiment(copy, scenario=home / "scenarios" / "tiny.yaml")
    assert exp.scenario == home / "scenarios" / "tiny.yaml" and exp.notes == []
    assert main(["sweep", str(copy), "--scenario", "nowhere.yaml", "--plan"]) == 2
    assert "command line: scenario: no such scenario file; looked for nowhere.yaml" in \
        capsys.readouterr().err
