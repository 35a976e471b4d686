"""Commands on result directories: `hiresim report`, `compare` and `export`, and
`hiresim.load_results`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import hiresim
from hiresim.cli.main import main
from hiresim.config.scenario import load_scenario
from hiresim.model.estimands import ESTIMANDS
from hiresim.outputs.compare import difference_of_effects_range
from hiresim.outputs.results import EXACT, TABLES, ResultError, load_results
from hiresim.pipeline.effects import per_replication, variant_info
from hiresim.pipeline.intervals import welch_interval
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


@pytest.fixture(scope="module")
def other_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same scenario with other seeds and a larger labour force."""
    return _run(tmp_path_factory.mktemp("results") / "other", "--seed", "7",
                "--set", "labour_force=2400")


def _compare(capsys: pytest.CaptureFixture[str], tmp_path: Path, *results: str
             ) -> tuple[str, pd.DataFrame]:
    out = tmp_path / "comparison.csv"
    assert main(["compare", *results, "--out", str(out)]) == 0
    return capsys.readouterr().out, pd.read_csv(out)


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


# --- compare ------------------------------------------------------------------------------


def test_a_directory_compared_with_itself_differs_by_exactly_zero(
        result_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, table = _compare(capsys, tmp_path, str(result_dir), str(result_dir))
    assert "paired replication by replication" in text
    assert "same run settings and resolved parameters" in text
    b = table[table["result"] == "B"]
    assert set(b["variant"]) == {"base", "random", "optimal"}
    assert len(b) == len(pd.read_csv(result_dir / "effects.csv"))
    assert (b["difference"].dropna() == 0).all()
    paired = b[b["comparison"] == "paired"]
    assert len(paired) > 0.9 * len(b)
    assert set(b.loc[b["comparison"] != "paired", "estimand"]) <= {
        e for e, est in ESTIMANDS.items() if est.family == "cost"}
    bounded = paired.dropna(subset=["diff_ci_low"])
    assert len(bounded) > 0.8 * len(paired)
    assert (bounded["diff_ci_low"] == 0).all() and (bounded["diff_ci_high"] == 0).all()


def test_a_variant_against_the_base_is_the_runs_own_paired_difference(
        result_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, table = _compare(capsys, tmp_path, f"{result_dir}:base", f"{result_dir}:optimal")
    assert "programmes.mentoring.matching" in text and '"optimal"' in text
    effects = pd.read_csv(result_dir / "effects.csv")
    effects = effects[effects["variant"] == "optimal"].set_index(["estimand", "horizon"])
    b = table[table["result"] == "B"].set_index(["estimand", "horizon"])
    nonzero = 0
    for est in ("gross_employment", "gross_right_level", "net_jobs", "net_right_level_jobs"):
        for horizon in (3.0, 6.0):
            mine = b.loc[(est, horizon)]
            run = effects.loc[(f"{est}_vs_base", horizon)]
            assert mine["comparison"] == "paired"
            np.testing.assert_allclose(
                [mine["difference"], mine["diff_ci_low"], mine["diff_ci_high"]],
                [run["mean"], run["ci_low"], run["ci_high"]], rtol=1e-12, atol=1e-12)
            nonzero += mine["difference"] != 0
    assert nonzero > 0  # the check compares differences, not zeros


def test_runs_with_other_seeds_are_compared_unpaired_and_their_differences_named(
        result_dir: Path, other_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    text, table = _compare(capsys, tmp_path, str(result_dir), str(other_dir))
    assert "unpaired (Welch intervals): the runs used different seeds" in text
    assert "base: labour_force" in text and "seed" in text
    frames = [pd.read_parquet(d / "timeseries.parquet") for d in (result_dir, other_dir)]
    manifests = [json.loads((d / "manifest.json").read_text()) for d in (result_dir, other_dir)]
    per = []
    for ts, manifest in zip(frames, manifests, strict=True):
        s = manifest["scenario"]
        params = hiresim.Params.model_validate(s["params"]["optimal"])
        info = variant_info("optimal", params, tuple(s["horizons_months"]), s["weeks"])
        worlds = [ts[(ts["variant"] == "optimal") & (ts["world"] == w)]
                  .set_index(["replication", "week"]).sort_index()
                  for w in ("programme", "twin")]
        per.append(per_replication(*worlds, info))
    b = table[(table["result"] == "B") & (table["variant"] == "optimal")]
    b = b.set_index(["estimand", "horizon"])
    checked = 0
    for est in ("gross_employment", "net_jobs", "naive_employment", "gross_formal"):
        for horizon in (3.0, 6.0):
            a_values, b_values = (p.loc[p["horizon"] == horizon, est].to_numpy(float)
                                  for p in per)
            row = b.loc[(est, horizon)]
            assert row["comparison"] == "unpaired (Welch)"
            assert row["difference"] == pytest.approx(b_values.mean() - a_values.mean())
            if np.var(a_values) + np.var(b_values) > 0:
                ci = stats.ttest_ind(b_values, a_values, equal_var=False).confidence_interval()
                low, high = difference_of_effects_range(est) or (-np.inf, np.inf)
                assert (row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx(
                    (max(ci.low, low), min(ci.high, high)))
                checked += 1
    assert checked > 0


def test_welch_interval_is_scipys() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 7), rng.normal(1, 3, 12)
    ci = stats.ttest_ind(b, a, equal_var=False).confidence_interval()
    assert welch_interval(a, b) == pytest.approx((b.mean() - a.mean(), ci.low, ci.high))
    assert np.isnan(welch_interval([1.0], b)[1])


def test_differences_between_runs_stay_in_their_range(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A difference of two effects on shares lies in [−2, 2], of two differences from the
    base in [−4, 4]: paired and Welch intervals are cut there, counts are not."""
    from hiresim.outputs import compare as module

    near = {"ref": pd.Series([-1.0, -1.0, -0.9, -0.95]),
            "other": pd.Series([1.0, 0.8, 1.0, 0.9])}  # differences near +2
    monkeypatch.setattr(module, "_replications",
                        lambda side, variant, estimand, horizon: near[variant] * (
                            2 if estimand.endswith("_vs_base") else 1)
                        * (50 if estimand == "net_jobs" else 1))
    ref, other = (None, "ref"), (None, "other")
    for paired in (True, False):
        _, lo, hi, _ = module._difference(ref, other, "gross_employment", 6.0,
                                          (0.0, 0.0), paired)
        assert hi == 2.0 and lo < 2.0
        _, lo, hi, _ = module._difference(ref, other, "gross_employment_vs_base", 6.0,
                                          (0.0, 0.0), paired)
        assert hi == 4.0 and lo < 4.0
        _, lo, hi, _ = module._difference(ref, other, "net_jobs", 6.0, (0.0, 0.0), paired)
        assert hi > 100.0  # persons: no range
    assert module.difference_of_effects_range("gross_formal") == (-2.0, 2.0)


def test_compare_says_which_variant_to_name(result_dir: Path, other_dir: Path,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", f"{result_dir}:base", str(other_dir)]) == 2
    err = capsys.readouterr().err
    assert f"{other_dir}: has variants base, random, optimal; name one as" in err
    assert main(["compare", f"{result_dir}:nothing", str(other_dir)]) == 2
    assert "no variant 'nothing'" in capsys.readouterr().err
    assert main(["compare", str(result_dir)]) == 2
    assert "at least two results" in capsys.readouterr().err
    without = shutil.copytree(result_dir, tmp_path / "without")
    (without / "effects.csv").write_text(
        (without / "effects.csv").read_text().splitlines()[0] + "\n")
    assert main(["compare", str(result_dir), str(without)]) == 2
    assert f"{without}: has no effects" in capsys.readouterr().err


# --- export -------------------------------------------------------------------------------


def test_export_as_csv_round_trips_the_tables(result_dir: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "csv"
    assert main(["export", str(result_dir), "--format", "csv", "--out", str(out)]) == 0
    r = load_results(result_dir)
    for name in TABLES:
        back = pd.read_csv(out / f"{name}.csv", **EXACT)
        pd.testing.assert_frame_equal(back, getattr(r, name), check_exact=True)
    params = pd.read_csv(out / "parameters.csv", index_col="parameter")
    assert params.loc["labour_force", "base"] == "2000"
    assert params.loc["programmes.mentoring.matching", "optimal"] == "optimal"
    assert main(["export", str(result_dir), "--format", "csv", "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["export", str(result_dir), "--format", "csv", "--out", str(out),
                 "--overwrite"]) == 0


def test_export_as_xlsx_round_trips_the_tables(result_dir: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(result_dir, tmp_path / "copy")
    assert main(["export", str(copy), "--format", "xlsx"]) == 0
    book = pd.read_excel(copy / "copy.xlsx", sheet_name=None)
    assert list(book) == [*TABLES, "parameters"]
    r = load_results(copy)
    for name in TABLES:
        expected = getattr(r, name)
        back = book[name].replace("inf", np.inf)
        back = back.astype({c: expected[c].dtype for c in expected.columns})
        # The workbook holds every digit; reading it back may miss the last bit.
        pd.testing.assert_frame_equal(back, expected, check_exact=False, rtol=1e-15)


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


@pytest.mark.parametrize("command", [["report"], ["export", "--format", "csv"],
                                     ["compare", "RESULTS"]])
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
