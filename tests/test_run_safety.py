"""`hiresim run` under stress: several programmes, failing runs, signals, unwritable or
littered output locations, and more workers than are useful."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import hiresim
from hiresim.cli.main import main
from hiresim.model.simulate import twin_params
from hiresim.params.issues import ParameterError
from hiresim.params.overrides import make_params
from hiresim.pipeline import execution, runner
from hiresim.pipeline.atomic import prepare_output
from hiresim.pipeline.rundir import unfinished

TWO_PROGRAMMES = """\
name: two_programmes
replications: 2
horizons_months: [3]
market:
  labour_force: 8000
programmes:
  - name: mentoring
    capacity: 10
    start_week: 3
    application_probability: 1.0
  - name: trainee
    capacity: 8
    start_week: 6
    traineeship_weeks: 6
    application_probability: 1.0
"""


def small(tmp_path: Path, text: str = TWO_PROGRAMMES) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    return path


def test_the_twin_of_several_programmes_keeps_them_apart() -> None:
    params = make_params(programmes=[{"name": "a", "capacity": 5},
                                     {"name": "b", "capacity": 7, "start_week": 9}])
    twin = twin_params(params)
    assert [p.name for p in twin.programmes] == ["programme 1", "programme 2"]
    assert [(p.capacity, p.start_week) for p in twin.programmes] == [(5, 4), (7, 9)]
    assert not twin.deliver_programmes


@pytest.mark.parametrize("evaluation", ["twin", "rct"])
def test_two_programmes_run_and_report_effects_for_both(tmp_path: Path,
                                                        evaluation: str) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "hiresim", "run", str(small(tmp_path)), "--out", str(out),
         "--set", f"evaluation={evaluation}", "--workers", "2", "--quiet"],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    summary = pd.read_csv(out / "summary.csv")
    participants = summary[summary["metric"] == "participants"].set_index(
        ["world", "horizon"])["mean"]
    # At the first intake only the first programme; at the horizon both, in both worlds
    # (18 places, less any participant who has left the labour force since).
    assert participants[("programme", 0)] == participants[("twin", 0)] == 10
    assert participants[("programme", 3)] == participants[("twin", 3)]
    assert 16 <= participants[("programme", 3)] <= 18
    effects = pd.read_csv(out / "effects.csv").set_index("estimand")
    assert effects.loc["gross_employment", "n"] == 2
    assert pd.notna(effects.loc["gross_employment", "mean"])
    assert ("rct_employment" in effects.index) == (evaluation == "rct")
    if evaluation == "rct":
        assert pd.notna(effects.loc["rct_employment", "mean"])
    ts = pd.read_parquet(out / "timeseries.parquet")
    delivered = ts[ts["world"] == "programme"]
    assert delivered["in_traineeship"].max() > 0  # the second programme placed trainees
    assert ts[ts["world"] == "twin"]["in_traineeship"].max() == 0


def test_a_failing_run_is_one_line_without_the_parameters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def simulate(params, seed, weeks, twin=False):
        raise ParameterError("(top level): Value error, something is wrong (given "
                             f"{params.model_dump()})\nsecond line")

    monkeypatch.setattr(runner, "simulate", simulate)
    with pytest.raises(runner.RunError) as err:
        hiresim.run_scenario(str(small(tmp_path)), workers=1)
    message = str(err.value)
    assert message.endswith("failed: ParameterError: (top level): something is wrong")
    assert "\n" not in message and "labour_force" not in message
    out = tmp_path / "out"
    assert main(["run", str(small(tmp_path)), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 1
    stderr = capsys.readouterr().err
    assert stderr.strip().splitlines()[-1].startswith("hiresim run: the run of variant")
    assert "Traceback" not in stderr and not out.exists()


def test_sigterm_stops_a_run_cleanly(tmp_path: Path) -> None:
    path = small(tmp_path, TWO_PROGRAMMES.replace("replications: 2", "replications: 40"))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "hiresim", "run", str(path), "--out",
                             str(out), "--workers", "2", "--quiet"],
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().startswith("hiresim run two_programmes")
        deadline = time.monotonic() + 120
        while not list((out / "parts").glob("part-*")):  # until a simulation has finished
            assert time.monotonic() < deadline and proc.poll() is None, "no simulation ended"
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    done, total = unfinished(out) or (0, 0)
    assert 0 < done < total == 80
    assert (f"hiresim run: stopped; the {done} of 80 simulations that finished are kept in "
            f"{out}; to continue, complete the run with: hiresim run {path} --out {out} "
            "--workers 2 --resume") in stderr
    assert "Traceback" not in stderr and "leaked" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "scenario.yaml"]
    assert not (out / "summary.csv").exists()


def test_stale_staging_directories_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "results"
    killed = tmp_path / ".results.killed.partial"  # unlocked: its writer is gone
    (killed / ".writing").parent.mkdir()
    (killed / ".writing").touch()
    (killed / "summary.csv").write_text("half")
    early = tmp_path / ".results.early.partial"  # killed before it was locked, long ago
    early.mkdir()
    os.utime(early, (time.time() - 7200, time.time() - 7200))
    young = tmp_path / ".results.young.partial"  # just created: perhaps being locked now
    young.mkdir()
    live = tmp_path / ".results.live.partial"  # another run is writing it
    live.mkdir()
    other = tmp_path / ".other.x.partial"  # beside another output
    (other / ".writing").parent.mkdir()
    (other / ".writing").touch()
    with open(live / ".writing", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert prepare_output(out) == [early, killed]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other.x.partial", ".results.live.partial", ".results.young.partial"]


def test_an_unwritable_output_is_refused_before_simulating(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    def simulate(*args: object, **kwargs: object) -> None:
        raise AssertionError("simulated although the output cannot be written")

    monkeypatch.setattr("hiresim.pipeline.atomic.tempfile.mkdtemp", read_only)
    monkeypatch.setattr(runner, "simulate", simulate)
    out = tmp_path / "out"
    assert main(["run", str(small(tmp_path)), "--out", str(out), "--quiet"]) == 2
    assert (f"--out {out}: cannot write there (Read-only file system)"
            in capsys.readouterr().err)
    with pytest.raises(OSError):
        hiresim.run_scenario(str(small(tmp_path)), out)


def test_workers_are_capped_at_what_is_useful(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(execution, "default_workers", lambda: 4)
    assert execution.useful_workers(None, 100) == (4, None)
    assert execution.useful_workers(None, 2) == (2, None)
    assert execution.useful_workers(3, 100) == (3, None)
    workers, note = execution.useful_workers(1000, 100)
    assert workers == 4 and "--workers 1000: using 4 (4 core(s) available" in note
    workers, note = execution.useful_workers(1000, 3)
    assert workers == 3 and "(3 run(s) to do" in note


def test_a_sweep_refuses_a_run_directory_without_leaving_a_lock(tmp_path: Path) -> None:
    from hiresim.config.experiment import load_experiment
    from hiresim.sweep.runs import run_sweep
    from hiresim.sweep.store import SweepError

    results = tmp_path / "results"
    results.mkdir()
    (results / "manifest.json").write_text(json.dumps({"scenario": {"name": "x"}}))
    experiment = tmp_path / "e.yaml"
    experiment.write_text(f"scenario: {small(tmp_path)}\ndesign: grid\nfactors:\n"
                          "  tightness: {values: [0.1, 0.2]}\nmetrics: [match_quality]\n"
                          "horizons_months: [1]\nreplications: 1\n")
    with pytest.raises(SweepError, match="holds something other than a sweep"):
        run_sweep(load_experiment(experiment), results, workers=1, progress=False)
    assert sorted(p.name for p in results.iterdir()) == ["manifest.json"]
