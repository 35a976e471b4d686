"""Scenario runs stream to their output directory and resume: a run stopped at any
point and completed with --resume ends with the outputs of an uninterrupted one; the
directory's lock keeps a second writer out; earlier results stay until replaced."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import hiresim
from hiresim.cli.main import main
from hiresim.config.scenario import load_scenario
from hiresim.outputs.results import ResultError, load_results
from hiresim.pipeline import runner
from hiresim.pipeline.rundir import PLAN, RunDirectoryError, unfinished
from hiresim.pipeline.store import PARTS, MemoryParts, Parts, StoreError, lock

from .processes import killed_when

SCENARIO = """\
name: small
replications: 3
seed: 11
weeks: 30
horizons_months: [3, 6]
market:
  labour_force: 1500
  burn_in_years: 0  # as the tests' default (tests/conftest.py), also in subprocesses
programmes:
  - name: p
    capacity: 15
variants:
  weekly:
    meetings_per_month: 4
  bigger:
    capacity: 25
"""
#: 3 variants × 3 replications: 9 programme worlds; base and weekly share their twins.
SIMULATIONS = 9 + 3 + 3
#: The outputs that are the same bytes whoever ran them, however (runs.parquet also is,
#: apart from the seconds each simulation took, which are measured).
SAME_BYTES = ("effects.csv", "summary.csv", "timeseries.parquet")
TIMING = ["seconds", "cpu_seconds"]


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The scenario and its uninterrupted run on two workers."""
    tmp = tmp_path_factory.mktemp("whole")
    path = tmp / "small.yaml"
    path.write_text(SCENARIO)
    hiresim.run_scenario(path, tmp / "out", workers=2)
    return path, tmp / "out"


def assert_same_outputs(one: Path, two: Path) -> None:
    for name in SAME_BYTES:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    runs = [pd.read_parquet(d / "runs.parquet") for d in (one, two)]
    pd.testing.assert_frame_equal(runs[0].drop(columns=TIMING), runs[1].drop(columns=TIMING),
                                  check_exact=True)
    assert (runs[0][TIMING] > 0).all().all() and (runs[1][TIMING] > 0).all().all()


def failing_after(monkeypatch: pytest.MonkeyPatch, k: int) -> list[bool]:
    """Make the simulation after the first ``k`` fail (in this process: on one worker);
    returns the calls made."""
    monkeypatch.undo()
    real, calls = runner.simulate, []

    def simulate(params, seed, weeks, twin=False):
        calls.append(twin)
        if len(calls) > k:
            raise MemoryError("out of memory")
        return real(params, seed, weeks, twin=twin)

    monkeypatch.setattr(runner, "simulate", simulate)
    return calls


def test_a_resumed_run_ends_with_the_outputs_of_an_uninterrupted_one(
        whole: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, uninterrupted = whole
    out = tmp_path / "out"
    failing_after(monkeypatch, 4)
    with pytest.raises(runner.RunError, match="failed: MemoryError: out of memory"):
        hiresim.run_scenario(path, out, workers=1)
    assert unfinished(out) == (4, SIMULATIONS)
    assert sorted(p.name for p in out.iterdir()) == [".lock", PARTS, PLAN]
    with pytest.raises(ResultError, match=r"an unfinished run \(4 of 15 simulations done\); "
                       r"complete it with `hiresim run SCENARIO --out .* --resume`"):
        load_results(out)  # what `hiresim report`, `compare` and `export` read
    # What a kill leaves while a part is being written: ignored, then removed.
    (out / PARTS / ".part-000004.parquet.x1y2.partial").write_bytes(b"PAR1 half")
    with pytest.raises(RunDirectoryError, match=r"holds an unfinished run \(4 of 15 "
                       "simulations done\\); add --resume to complete it, or --overwrite"):
        hiresim.run_scenario(path, out, workers=1)
    calls = failing_after(monkeypatch, 10)  # fails again, after 10 more
    with pytest.raises(runner.RunError):
        hiresim.run_scenario(path, out, workers=1, resume=True)
    assert unfinished(out) == (14, SIMULATIONS) and len(calls) == 11
    calls = failing_after(monkeypatch, 1)
    result = hiresim.run_scenario(path, out, workers=1, resume=True)
    assert len(calls) == 1  # only the missing simulation
    assert result.timings["simulations_resumed"] == 14
    assert_same_outputs(out, uninterrupted)
    assert not (out / PLAN).exists() and not (out / PARTS).exists()
    assert not (out / ".lock").exists()


def test_the_outputs_do_not_depend_on_workers_or_on_being_written(
        whole: tuple[Path, Path], tmp_path: Path) -> None:
    path, two = whole
    one = tmp_path / "one"
    result = hiresim.run_scenario(path, one, workers=1)
    assert_same_outputs(one, two)
    memory = runner.run(load_scenario(path), workers=2)  # parts kept in memory
    for table in ("summary", "effects"):
        assert getattr(memory, table).to_csv(index=False) == getattr(result, table).to_csv(
            index=False)
    pd.testing.assert_frame_equal(memory.timeseries, pd.read_parquet(two / "timeseries.parquet"),
                                  check_exact=True)


def test_resume_refuses_a_different_scenario_and_overwrite_discards_the_run(
        whole: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, uninterrupted = whole
    out = tmp_path / "out"
    failing_after(monkeypatch, 3)
    with pytest.raises(runner.RunError):
        hiresim.run_scenario(path, out, workers=1)
    monkeypatch.undo()
    other = tmp_path / "other.yaml"
    other.write_text(SCENARIO.replace("seed: 11", "seed: 12"))
    with pytest.raises(RunDirectoryError, match=r"holds an unfinished run of a different "
                       r"scenario .* pass --overwrite instead of --resume to discard it"):
        hiresim.run_scenario(other, out, workers=1, resume=True)
    assert unfinished(out) == (3, SIMULATIONS)  # refused: nothing changed
    # The same run with a new description and horizons: the simulations are the same.
    relabelled = tmp_path / "relabelled.yaml"
    relabelled.write_text(SCENARIO.replace("[3, 6]", "[6]") + "description: again\n")
    calls = failing_after(monkeypatch, 0)
    with pytest.raises(runner.RunError):
        hiresim.run_scenario(relabelled, out, workers=1, resume=True)
    assert len(calls) == 1 and unfinished(out) == (3, SIMULATIONS)
    monkeypatch.undo()
    hiresim.run_scenario(path, out, workers=1, overwrite=True)  # from scratch
    assert_same_outputs(out, uninterrupted)


def test_overwrite_keeps_earlier_results_until_the_new_ones_are_complete(
        whole: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path, uninterrupted = whole
    out = tmp_path / "out"
    other = tmp_path / "other.yaml"
    other.write_text(SCENARIO.replace("seed: 11", "seed: 12"))
    hiresim.run_scenario(other, out, workers=1)
    earlier = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    failing_after(monkeypatch, 2)
    assert main(["run", str(path), "--out", str(out), "--workers", "1", "--quiet",
                 "--overwrite"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("hiresim run: the run of variant")
    assert err.endswith(f"the 2 of {SIMULATIONS} simulations that finished are kept in {out};"
                        " once the cause is fixed, complete the run with: hiresim run "
                        f"{path} --out {out} --workers 1 --resume")
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p in earlier} == earlier  # all there, unchanged
    assert main(["run", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 2
    assert "holds an unfinished run (2 of 15" in capsys.readouterr().err
    assert main(["run", str(path), "--out", str(out), "--workers", "2", "--quiet",
                 "--resume"]) == 0
    assert "(2 of them done before and resumed)" in capsys.readouterr().out
    assert_same_outputs(out, uninterrupted)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.yaml", "out"]
    assert main(["run", str(path), "--out", str(out), "--quiet", "--resume"]) == 2
    assert "holds the results of a finished run: there is nothing to resume" in \
        capsys.readouterr().err


HOLD = """\
import sys, time
from filelock import FileLock
held = FileLock(sys.argv[1])
held.acquire(timeout=0)
print("held", flush=True)
time.sleep(600)
"""


def test_the_lock_refuses_a_second_writer_at_once(
        whole: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hiresim.config.experiment import load_experiment
    from hiresim.sweep.runs import run_sweep
    from hiresim.sweep.store import SweepError

    path, uninterrupted = whole
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out / ".lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        start = time.monotonic()
        assert main(["run", str(path), "--out", str(out), "--quiet"]) == 2
        assert f"{out}: another run is running in this directory; wait until it has " \
            "finished, or choose another --out" in capsys.readouterr().err
        experiment = tmp_path / "e.yaml"
        experiment.write_text(f"scenario: {path}\ndesign: grid\nfactors:\n"
                              "  capacity: {values: [10, 20]}\nmetrics: [match_quality]\n"
                              "horizons_months: [1]\nreplications: 1\n")
        with pytest.raises(SweepError, match="another sweep is running in this directory"):
            run_sweep(load_experiment(experiment), out, workers=1, progress=False)
        assert time.monotonic() - start < 60  # refused, not waiting
        assert sorted(p.name for p in out.iterdir()) == [".lock"]
    finally:
        holder.kill()
        holder.wait()
    hiresim.run_scenario(path, out, workers=1)  # the lock went with its process
    assert_same_outputs(out, uninterrupted)


def test_one_lock_per_directory_within_a_process_too(tmp_path: Path) -> None:
    with lock(tmp_path), pytest.raises(StoreError, match="another run is writing"), \
            lock(tmp_path):
        pass
    with lock(tmp_path):  # released
        pass


def test_parts_in_memory_and_on_disk_read_back_alike(tmp_path: Path) -> None:
    import numpy as np
    import pyarrow as pa

    disk, memory = Parts(tmp_path / PARTS, "job"), MemoryParts("job")
    for ids in ([2, 2, 0], [4]):
        table = pa.table({"job": np.asarray(ids), "x": np.arange(len(ids)) / 3})
        disk.publish(table)
        memory.publish(table)
    assert disk.read().equals(memory.read())
    assert disk.completed(5).tolist() == memory.completed(5).tolist() \
        == [True, False, True, False, True]
    with pytest.raises(StoreError, match=r"job ids outside 0\.\.3"):
        disk.completed(4)
    assert [p.name for p in disk.files()] == ["part-000000.parquet", "part-000001.parquet"]


def test_a_run_killed_with_sigkill_resumes_to_identical_outputs(tmp_path: Path) -> None:
    path = tmp_path / "longer.yaml"  # 25 simulations: long enough to be killed part-way
    path.write_text(SCENARIO.replace("replications: 3", "replications: 5"))
    out = tmp_path / "out"
    proc = killed_when([sys.executable, "-m", "hiresim", "run", str(path), "--out", str(out),
                        "--workers", "2", "--quiet"],
                       lambda: len(list((out / PARTS).glob("part-*"))) >= 3, "run")
    assert proc.returncode == -signal.SIGKILL
    done, total = unfinished(out) or (0, 0)
    assert 3 <= done < total == 25
    assert main(["run", str(path), "--out", str(out), "--workers", "1", "--quiet",
                 "--resume"]) == 0
    whole = runner.run(load_scenario(path), workers=1)  # uninterrupted, in memory
    for table in ("summary", "effects"):  # the files are these tables, written to_csv
        assert (out / f"{table}.csv").read_text() == getattr(whole, table).to_csv(index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "timeseries.parquet"),
                                  whole.timeseries, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "runs.parquet").drop(columns=TIMING),
                                  whole.runs.drop(columns=TIMING), check_exact=True)
