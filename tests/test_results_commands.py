"""Commands on result directories: `hiresim report`, and `hiresim.load_results`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import hiresim
from hiresim.cli.main import main
from hiresim.config.scenario import load_scenario
from hiresim.outputs.results import TABLES, ResultError, load_results
from hiresim.sweep.runs import run_sweep

from .test_experiment import write_experiment

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "matching_quality.yaml"
#: A shipped scenario, shrunk (as in test_run): small market, short run, two replications.
SHRINK = {"labour_force": "2000", "weeks": "32", "horizons_months": "[3, 6]"}


def _run(out: Path, *extra: str) -> Path:
    sets = [a for k, v in SHRINK.items() for a in ("--set", f"{k}={v}")]
    assert main(["run", str(SCENARIO), "--out", str(out), "--replications", "2",
                 "--workers", "1", "--quiet", *sets, *extra]) == 0
    return out


@pytest.fixture(scope="module")
def result_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """matching_quality.yaml, shrunk: the base and two matching rules, same seeds."""
    return _run(tmp_path_factory.mktemp("results") / "matching")


# --- report -------------------------------------------------------------------------------


def test_report_draws_the_same_page_and_figures_again(result_dir: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    page = (result_dir / "report.html").read_text()
    figures = {p.name: p.read_bytes() for p in (result_dir / "figures").iterdir()}
    (result_dir / "report.html").unlink()
    shutil.rmtree(result_dir / "figures")
    assert main(["report", str(result_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        f"Report:  {result_dir / 'report.html'}"
    assert (result_dir / "report.html").read_text() == page
    assert {p.name: p.read_bytes() for p in (result_dir / "figures").iterdir()} == figures
    assert not [p for p in result_dir.rglob(".*")]


def test_a_report_that_fails_leaves_the_directory_as_it_was(
        result_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import hiresim.outputs.results as results

    before = {p.relative_to(result_dir): p.read_bytes() for p in result_dir.rglob("*")
              if p.is_file()}

    def broken(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(results, "render", broken)
    assert main(["report", str(result_dir)]) == 130
    assert "left as it was" in capsys.readouterr().err
    after = {p.relative_to(result_dir): p.read_bytes() for p in result_dir.rglob("*")
             if p.is_file()}
    assert after == before
    assert not [p for p in result_dir.rglob(".*")]


def test_a_report_of_older_runs_names_the_version_that_made_them(
        result_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = shutil.copytree(result_dir, tmp_path / "old")
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["hiresim_version"] = "0.0.9"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert main(["report", str(copy)]) == 0
    assert "made by hiresim 0.0.9" in capsys.readouterr().err
    page = (copy / "report.html").read_text()
    assert f"hiresim {hiresim.__version__} (the runs: hiresim\n0.0.9)" in page


# --- load_results -------------------------------------------------------------------------


def test_load_results_gives_the_tables_and_the_manifest(result_dir: Path) -> None:
    r = hiresim.load_results(result_dir)
    for name, file in TABLES.items():
        path = result_dir / file
        expected = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
        pd.testing.assert_frame_equal(getattr(r, name), expected)
    assert r.manifest == json.loads((result_dir / "manifest.json").read_text())
    shrunk = load_scenario(SCENARIO, overrides={"replications": 2, **{
        k: json.loads(v) for k, v in SHRINK.items()}})
    assert r.scenario == shrunk
    assert "matching_quality" in repr(r)


def test_the_scenario_comes_back_from_the_manifest_or_the_error_says_why(
        result_dir: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(result_dir, tmp_path / "changed")
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["scenario"]["params"]["base"]["labour_force"] = -5
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert main(["report", str(copy)]) == 2
    with pytest.raises(ResultError, match="labour_force"):
        _ = load_results(copy).scenario


# --- bad input ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished sweep: a directory that is not a scenario's results."""
    from hiresim.config.experiment import load_experiment

    tmp = tmp_path_factory.mktemp("sweep")
    experiment = write_experiment(tmp, """\
        scenario: tiny.yaml
        design: grid
        factors:
          meetings_per_month: [1, 4]
        replications: 1
        metrics: [employment_rate_treatment]
        horizons_months: [1]
        """)
    run_sweep(load_experiment(experiment), tmp / "sweep", workers=1, progress=False)
    return tmp / "sweep"


@pytest.mark.parametrize("command", [["report"]])
def test_what_is_not_a_result_directory_is_refused_by_name(
        command: list[str], result_dir: Path, sweep_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    incomplete = shutil.copytree(result_dir, tmp_path / "incomplete")
    (incomplete / "runs.parquet").unlink()
    cases = {tmp_path / "missing": "no such directory",
             result_dir / "effects.csv": "not a directory",
             tmp_path: "not a result directory (no manifest.json)",
             sweep_dir: "a sweep directory (written by `hiresim sweep`; analyse it with "
                        f"`hiresim analyze {sweep_dir}`)",
             broken: "unreadable manifest",
             incomplete: "incomplete result directory (no runs.parquet)"}
    for path, problem in cases.items():
        args = [c if c != "RESULTS" else str(result_dir) for c in command]
        assert main([args[0], *args[1:], str(path)]) == 2, path
        err = capsys.readouterr().err
        assert err.startswith(f"hiresim {command[0]}: {path}"), err
        assert problem in err and "expected" in err, err
        assert len(err.strip().splitlines()) == 1, err
