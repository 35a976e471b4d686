"""Sweeps: results as the model gives them, identical on any number of workers, streamed
to part files, and complete after a kill at any moment and a resume."""

from __future__ import annotations

import os
import signal
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hiresim.cli.main import main
from hiresim.config.experiment import ExperimentError, load_experiment
from hiresim.model.simulate import replication_seed, simulate
from hiresim.params.horizons import horizon_week
from hiresim.params.overrides import make_params
from hiresim.pipeline.plan import submit_plan
from hiresim.sweep.runs import run_sweep
from hiresim.sweep.store import (
    PARTS,
    RESULTS,
    PartWriter,
    SweepError,
    load_results,
    part_files,
    plan_of,
)

from .processes import killed_when
from .test_experiment import GRID, TINY_SCENARIO, write_experiment

#: Long enough (80 runs) to be killed part-way; still a few seconds in all.
LONG = """\
    name: long
    scenario: tiny.yaml
    design: lhs
    samples: 40
    factors:
      separation_rate: {range: [0.001, 0.01]}
      matching: [random, field, optimal]
    replications: 2
    seed: 5
    metrics: [employment_rate_majority, employment_rate_treatment]
    horizons_months: [0.75, 1.5]
"""


@pytest.fixture(scope="module")
def grid_sweep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The grid experiment and its sweep on one worker."""
    tmp = tmp_path_factory.mktemp("grid")
    path = write_experiment(tmp, GRID)
    run_sweep(load_experiment(path), tmp / "one", workers=1, progress=False)
    return path, tmp / "one"


def test_results_are_the_models_own_outputs_at_the_horizons(
        grid_sweep: tuple[Path, Path]) -> None:
    path, out = grid_sweep
    exp = load_experiment(path)
    results = load_results(out)
    assert len(results) == exp.n_tasks * len(exp.horizons_months)
    weeks = [1 + horizon_week(m) for m in exp.horizons_months]  # intake in week 1
    assert results["task"].is_monotonic_increasing
    for task in (0, 7, exp.n_tasks - 1):
        point, rep = divmod(task, exp.replications)
        rows = results[results["task"] == task].set_index("week")
        values = {f.name: rows[f.name].iloc[0] for f in exp.factors}
        seed = replication_seed(exp.seed, rep)
        assert rows["seed"].iloc[0] == seed
        assert (rows["point"] == point).all() and (rows["replication"] == rep).all()
        direct = simulate(make_params(exp.base, **{k: getattr(v, "item", lambda v=v: v)()
                                                   for k, v in values.items()}),
                          seed, exp.weeks).set_index("week")
        for m in exp.metrics:
            assert rows[m].tolist() == direct.loc[weeks, m].tolist()
        assert rows["horizon"].tolist() == exp.horizons_months


def test_two_workers_give_bit_identical_results(grid_sweep: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    path, one = grid_sweep
    run_sweep(load_experiment(path), tmp_path / "two", workers=2, part_runs=3,
              progress=False)
    assert len(part_files(tmp_path / "two")) == 24 // 3  # streamed, three runs a part
    assert (tmp_path / "two" / RESULTS).read_bytes() == (one / RESULTS).read_bytes()


def test_effect_metric_is_run_minus_twin(tmp_path: Path) -> None:
    body = GRID.replace("metrics: [employment_rate_treatment, employment_rate_majority]",
                        "metrics: [informal_treatment_effect]")
    exp = load_experiment(write_experiment(tmp_path, body))
    results = load_results(run_sweep(exp, tmp_path / "s", workers=1, progress=False).parent)
    row = results.iloc[-1]
    params = make_params(exp.base, meetings_per_month=4.0, matching="optimal", capacity=12)
    seed = replication_seed(exp.seed, 1)
    world = simulate(params, seed, 8).set_index("week")["informal_treatment"]
    twin = simulate(params, seed, 8, twin=True).set_index("week")["informal_treatment"]
    assert row["week"] == 7  # 1.5 months after intake in week 1
    assert row["informal_treatment_effect"] == world[7] - twin[7]
    effects = results["informal_treatment_effect"]
    assert effects.abs().max() > 0  # the programme does something in some runs


def test_resume_runs_only_what_is_missing_and_ignores_temporary_files(
        grid_sweep: tuple[Path, Path], tmp_path: Path) -> None:
    path, one = grid_sweep
    exp = load_experiment(path)
    out = tmp_path / "s"
    run_sweep(exp, out, workers=1, part_runs=5, progress=False)
    parts = part_files(out)
    lost = parts[1]
    lost_tasks = set(pd.read_parquet(lost)["task"])
    lost.unlink()
    (out / RESULTS).unlink()
    # What a kill leaves behind while a part is being written.
    (out / PARTS / ".part-000099.parquet.x1y2.partial").write_bytes(b"PAR1 half")
    with pytest.raises(SweepError, match="already holds a sweep; add --resume"):
        run_sweep(exp, out, workers=1, progress=False)
    run_sweep(exp, out, workers=1, part_runs=100, progress=False, resume=True)
    newest = part_files(out)[-1]
    assert set(pd.read_parquet(newest)["task"]) == lost_tasks  # only the lost runs again
    assert (out / RESULTS).read_bytes() == (one / RESULTS).read_bytes()


def test_resume_refuses_a_changed_experiment(grid_sweep: tuple[Path, Path],
                                             tmp_path: Path) -> None:
    _, one = grid_sweep
    changed = write_experiment(tmp_path, GRID.replace("seed: 11", "seed: 12"))
    with pytest.raises(SweepError, match="holds a sweep of a different experiment"):
        run_sweep(load_experiment(changed), one, resume=True, progress=False)


def test_in_flight_runs_stay_bounded(grid_sweep: tuple[Path, Path], tmp_path: Path) -> None:
    path, _ = grid_sweep
    plan, _ = plan_of(load_experiment(path))
    in_flight, peak = 0, 0

    class Counting(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            fut = super().submit(fn, *args, **kwargs)

            def done(_: Future) -> None:
                nonlocal in_flight
                in_flight -= 1
            fut.add_done_callback(done)
            return fut

    writer = PartWriter(tmp_path, plan, part_runs=4, part_seconds=1e9)
    with Counting(max_workers=2) as ex:
        ex._max_workers = 2
        submit_plan(ex, plan, np.arange(plan.n_tasks), writer, None, chunk=1)
    writer.flush()
    assert peak <= 3 * 2  # the window: three chunks per worker
    assert sorted(pd.concat(pd.read_parquet(p) for p in part_files(tmp_path))["task"]
                  .unique()) == list(range(plan.n_tasks))


def _sweep_command(experiment: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "hiresim.cli.main", "sweep", str(experiment), "--out", str(out),
            "--quiet", *extra]


def test_killed_sweep_resumes_to_identical_results(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, LONG)
    exp = load_experiment(path)
    killed = tmp_path / "killed"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    for attempt in range(2):  # kill it twice, at different points
        goal = 2 + 6 * attempt
        proc = killed_when(_sweep_command(path, killed, "--workers", "2", "--part-runs", "3",
                                          *(["--resume"] * attempt)),
                           lambda goal=goal: len(part_files(killed)) >= goal, "sweep", env=env)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
        assert not (killed / RESULTS).exists()
    done = pd.concat(pd.read_parquet(p) for p in part_files(killed))
    assert 0 < done["task"].nunique() < exp.n_tasks
    assert not done.duplicated(["task", "horizon"]).any()
    run_sweep(exp, killed, workers=1, resume=True, progress=False)
    whole = tmp_path / "whole"
    run_sweep(exp, whole, workers=1, progress=False)
    pd.testing.assert_frame_equal(load_results(killed), load_results(whole), check_exact=True)
    assert (killed / RESULTS).read_bytes() == (whole / RESULTS).read_bytes()


def test_command_line_plan_and_clean_errors(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write_experiment(tmp_path, GRID)
    assert main(["sweep", str(path), "--plan"]) == 0
    assert ("12 points x 2 replications = 24 runs of up to 7 weeks (metrics at 0.75, 1.5 "
            "months after intake)") in capsys.readouterr().err
    bad = write_experiment(tmp_path, GRID.replace("design: grid", "design: gird"), "bad.yaml")
    assert main(["sweep", str(bad)]) == 2
    err = capsys.readouterr().err
    assert ("design: not one of the choices; did you mean 'grid'? (given 'gird'; allowed: "
            "one of grid, lhs, sobol, morris)") in err
    assert "Traceback" not in err
    assert main(["analyze", str(tmp_path)]) == 2
    assert "not a sweep directory" in capsys.readouterr().err


def test_design_points_that_differ_only_in_delivery_share_a_twin_world(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import hiresim.model.simulate as simulation
    from hiresim.sweep.tasks import clear_twins, run_tasks

    calls: list[bool] = []
    real = simulation.simulate

    def counting(params, seed, weeks, twin=False):
        calls.append(twin)
        return real(params, seed, weeks, twin=twin)

    monkeypatch.setattr(simulation, "simulate", counting)
    clear_twins()
    base = {"labour_force": 1500, "programmes": [{"capacity": 15, "start_week": 3}]}
    seed = replication_seed(5, 0)
    tasks = [(0, {"meetings_per_month": 1.0}, seed), (1, {"meetings_per_month": 4.0}, seed),
             (2, {"followup": 0.9}, seed), (3, {"capacity": 30}, seed)]
    got = run_tasks(base, tasks, ["employment_rate_treatment_effect"], [4.0])
    assert got["week"].tolist() == [3 + 17] * 4  # 4 months after intake in week 3
    assert calls.count(False) == 4 and calls.count(True) == 2  # capacity: its own twin
    clear_twins()
    for (task, overrides, _), value in zip(tasks, got["employment_rate_treatment_effect"],
                                          strict=True):
        params = make_params(base, **overrides)
        run, twin = real(params, seed, 20), real(params, seed, 20, twin=True)
        want = (run["employment_rate_treatment"] - twin["employment_rate_treatment"]).iloc[-1]
        assert value == want, task


def test_a_sweep_measures_the_estimands_a_scenario_run_reports(tmp_path: Path) -> None:
    """The same parameters and seeds give the same estimands in a sweep (run by run) as in
    a scenario run's effects.csv (averaged over replications), at the same horizon."""
    from hiresim.config.scenario import load_scenario
    from hiresim.pipeline.runner import run

    scenario = TINY_SCENARIO.replace("evaluation: none", "evaluation: twin")
    names = ["net_jobs", "gross_employment", "displacement_jobs", "naive_employment",
             "bias_naive_employment", "effect_belief_gap", "budget_effect"]
    path = write_experiment(tmp_path, f"""\
        name: same
        scenario: tiny.yaml
        design: grid
        factors:
          capacity: {{values: [10, 11]}}   # point 0: the scenario's own value
        metrics: [{", ".join(names)}]
        """, scenario=scenario)
    exp = load_experiment(path)
    results = load_results(run_sweep(exp, tmp_path / "s", workers=1, progress=False).parent)
    results = results[results["point"] == 0]
    effects = run(load_scenario(tmp_path / "tiny.yaml"), workers=1).effects
    assert results["horizon"].tolist() == [1.0, 1.0]  # the scenario's horizon, 2 replications
    for name in names:
        row = effects[(effects["estimand"] == name) & (effects["horizon"] == 1.0)]
        assert len(row) == 1, name
        assert results[name].mean() == pytest.approx(row["mean"].iloc[0], rel=1e-12,
                                                     abs=1e-12), name
    assert results["net_jobs"].abs().sum() > 0  # the programme moves something


def test_estimands_a_sweep_cannot_keep_are_refused_with_the_reason(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, GRID.replace(
        "metrics: [employment_rate_treatment, employment_rate_majority]",
        "metrics: [cost_per_net_job, rct_employment, net_jobz]"))
    with pytest.raises(ExperimentError) as err:
        load_experiment(path)
    text = str(err.value)
    assert "metrics[0]: unknown metric" in text and "costs per job" in text
    assert "metrics[1]: an RCT estimate needs a programme evaluated by an RCT" in text
    assert "did you mean 'net_jobs'" in text
