"""`hiresim run` end to end: outputs exist and agree, runs are reproducible, writes are atomic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hiresim
from hiresim.cli.main import main
from hiresim.config.scenario import load_scenario
from hiresim.model.metrics import metric_names
from hiresim.model.simulate import replication_seed
from hiresim.outputs.figures import FIGURES
from hiresim.outputs.files import write_outputs
from hiresim.pipeline.evaluation import interval, metric_range
from hiresim.pipeline.rundir import unfinished

ROOT = Path(__file__).resolve().parents[1]
#: A shipped scenario, shrunk: small market, short run, two replications.
SHRINK = ["--replications", "2", "--set", "labour_force=2000", "--set", "weeks=32",
          "--set", "horizons_months=[3, 6]", "--quiet"]
KEYS = ["variant", "world", "replication", "week"]


@pytest.fixture(scope="module")
def shrunk_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """meeting_frequency.yaml, shrunk, run through the CLI on two workers."""
    out = tmp_path_factory.mktemp("run") / "meeting"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["run", str(ROOT / "scenarios" / "meeting_frequency.yaml"), "--out",
                     str(out), "--workers", "2", *SHRINK])
    assert code == 0
    return out, buffer.getvalue().splitlines()


def test_run_writes_every_output_and_ends_with_the_report(shrunk_run) -> None:
    out, stdout = shrunk_run
    for name in ("timeseries.parquet", "runs.parquet", "summary.csv", "effects.csv",
                 "report.html", "manifest.json"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert figures == sorted(FIGURES)
    for p in (out / "figures").iterdir():
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert stdout[-1] == f"Report:  {out / 'report.html'}"
    leftovers = [p for p in out.parent.rglob("*") if ".partial" in p.name or ".old" in p.name]
    assert leftovers == []


def test_timeseries_and_runs_are_tidy_and_complete(shrunk_run) -> None:
    out, _ = shrunk_run
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert list(ts.columns[:4]) == KEYS
    assert set(metric_names()) <= set(ts.columns)
    variants = ["base", "monthly", "weekly"]
    assert list(dict.fromkeys(ts["variant"])) == variants
    assert set(ts["world"]) == {"programme", "twin"}
    assert len(ts) == 3 * 2 * 2 * 33  # variants × worlds × replications × weeks 0..32
    assert not ts.duplicated(KEYS).any()
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 12
    manifest = json.loads((out / "manifest.json").read_text())
    seeds = manifest["seeds"]["replication_seeds"]
    assert seeds == [replication_seed(manifest["scenario"]["seed"], r) for r in range(2)]
    assert sorted(set(runs["seed"])) == sorted(seeds)
    last = ts[ts["week"] == 32].set_index(["variant", "world", "replication"])
    merged = runs.set_index(["variant", "world", "replication"])
    np.testing.assert_array_equal(merged["final_unemployed"], last.loc[merged.index, "unemployed"])


def test_summary_matches_timeseries(shrunk_run) -> None:
    out, _ = shrunk_run
    ts = pd.read_parquet(out / "timeseries.parquet")
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == ["variant", "world", "metric", "horizon", "week", "mean",
                                     "ci_low", "ci_high", "n"]
    assert set(summary["horizon"]) == {0, 3, 6}  # intake and the two horizons
    assert set(summary.loc[summary["horizon"] == 6, "week"]) == {4 + 26}
    plain = summary[summary["metric"].isin(ts.columns)]
    by = ts.set_index(["variant", "world", "week"]).sort_index()
    # Every metric defined in some replication has its row; none undefined in all does.
    for (variant, world, week), at in by.groupby(level=[0, 1, 2]):
        if week not in set(summary["week"]):
            continue
        defined = {m for m in metric_names() if m != "week" and at[m].notna().any()}
        rows = plain[(plain["variant"] == variant) & (plain["world"] == world)
                     & (plain["week"] == week)]
        assert set(rows["metric"]) == defined, (variant, world, week)
    assert not plain["metric"].str.endswith("_control").any()  # no RCT in this scenario
    for row in plain.itertuples():
        values = by.loc[(row.variant, row.world, row.week), row.metric].to_numpy(float)
        _mean, lo, hi, n = interval(values, within=metric_range(row.metric))
        assert row.n == n == np.isfinite(values).sum() > 0
        assert row.mean == pytest.approx(np.nanmean(values), rel=1e-12, abs=1e-12)
        assert row.ci_low == pytest.approx(lo, rel=1e-12, abs=1e-12, nan_ok=True)
        assert row.ci_high == pytest.approx(hi, rel=1e-12, abs=1e-12, nan_ok=True)


def test_effects_match_the_paired_worlds(shrunk_run) -> None:
    out, _ = shrunk_run
    ts = pd.read_parquet(out / "timeseries.parquet").set_index(KEYS)
    effects = pd.read_csv(out / "effects.csv")
    assert {"variant", "estimand", "horizon", "mean", "ci_low", "ci_high"} <= set(effects)
    for variant in ("base", "monthly", "weekly"):
        prog = ts.xs((variant, "programme"), level=("variant", "world"))
        twin = ts.xs((variant, "twin"), level=("variant", "world"))
        at = prog.xs(30, level="week"), twin.xs(30, level="week")
        row = effects[(effects["variant"] == variant) & (effects["horizon"] == 6)]
        row = row.set_index("estimand")
        net = (at[1]["unemployed"] - at[0]["unemployed"]).to_numpy(float)
        assert row.loc["net_jobs", "mean"] == pytest.approx(net.mean())
        gross = (at[0]["employment_rate_treatment"] - at[1]["employment_rate_treatment"])
        assert row.loc["gross_employment", "mean"] == pytest.approx(gross.mean())
        naive = at[0]["employment_rate_treatment"] - at[0]["employment_rate_eligible"]
        assert row.loc["naive_employment", "mean"] == pytest.approx(naive.mean())
    vs = effects[(effects["variant"] == "weekly") & (effects["estimand"] == "net_jobs_vs_base")]
    assert len(vs) == 2


def test_report_is_self_contained_and_explains_itself(shrunk_run) -> None:
    out, _ = shrunk_run
    page = (out / "report.html").read_text()
    assert page.count('src="data:image/png;base64,') == len(FIGURES)
    assert "http://" not in page and "https://" not in page
    for text in ("meeting_frequency", "monthly", "weekly", "How to read this report",
                 "twin", "displacement", "creaming", "What an evaluation would have reported",
                 "Does it change how enterprises hire, and does it raise diversity?",
                 "employers whose staff mentor participants", "In short:"):
        assert text in page
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["hiresim_version"] == hiresim.__version__
    assert manifest["scenario"]["params"]["weekly"]["programmes"][0]["meetings_per_month"] == 4
    assert manifest["scenario"]["params"]["base"]["labour_force"] == 2000
    assert manifest["command"][:2] == ["hiresim", "run"]
    # 3 variants × 2 replications with a programme; they differ only in meetings, so
    # they share 2 twin worlds.
    assert manifest["timings"]["simulations"] == 6 + 2


def test_report_opens_with_who_was_taken_in(shrunk_run) -> None:
    out, _ = shrunk_run
    page = (out / "report.html").read_text()
    ts = pd.read_parquet(out / "timeseries.parquet")
    last = ts[(ts["variant"] == "base") & (ts["world"] == "programme")
              & (ts["week"] == ts["week"].max())]
    size, employed = last["intake_size"].mean(), last["intake_employed_share"].mean()
    assert size > 0
    expected = (f"<b>Who was taken in.</b> {size:.0f} people on average: "
                f"{1 - employed:.0%} out of work at intake")
    answer = page[page.index("<h2>The answer</h2>"):page.index("<h2>Each design in detail")]
    # With several variants the box holds the base's bottom line, which design is best
    # and the comparison table; each design's findings follow the forest plot.
    assert answer.index("<b>Bottom line for the base</b> (the scenario as written): 6 "
                        "months after intake the programme ") \
        < answer.index("<b>Which design is best?</b> 6 months after intake") \
        < answer.index('<table class="comparison">') < answer.index('alt="comparison"')
    assert "Who was taken in" not in answer
    detail = page[page.index("<h2>Each design in detail"):page.index("<h2>What was simulated")]
    # One sentence with the bottom line, then who was taken in, then everybody.
    assert detail.index("<b>Bottom line.</b> 6 months after intake the programme ") \
        < detail.index(expected) < detail.index("<b>Everybody.</b>")
    # Then the money and what employers learned.
    base = detail[:detail.index("Variant ")]
    assert base.index("<b>Everybody.</b>") < base.index("<b>Money (NOK).</b>") \
        < base.index("<b>Employers.</b>")
    assert " NOK" in base[base.index("<b>Money (NOK).</b>"):]


def test_report_compares_every_variant_with_the_base(shrunk_run) -> None:
    """The comparison table holds, for each variant and headline estimand, the paired
    difference from the base in effects.csv at the headline horizon (6 months here)."""
    from hiresim.outputs.comparison import COMPARED
    from hiresim.outputs.formatting import fmt_row

    out, stdout = shrunk_run
    page = (out / "report.html").read_text()
    assert any(line.startswith("Which design is best? 6 months after intake")
               for line in stdout)  # and the terminal says it too
    table = page[page.index('<table class="comparison">'):]
    table = table[:table.index("</table>")]
    rows = table.split("<tr>")[2:]
    assert [r.split("<br>")[0].removeprefix("<th>") for r in rows] == \
        ["base", "monthly", "weekly"]
    effects = pd.read_csv(out / "effects.csv")
    at = effects[effects["horizon"] == 6].set_index(["variant", "estimand"])
    for row, variant in zip(rows[1:], ("monthly", "weekly"), strict=True):
        cells = [c.split("</td>")[0].removesuffix(" <b>best</b>")
                 for c in row.split(">", 1)[1].split("<td")[1:]]
        cells = [c.split(">", 1)[1] for c in cells]
        assert cells == [fmt_row(at.loc[(variant, f"{e}_vs_base")]) for e in COMPARED], row
    assert rows[0].count("0 (reference)") == len(COMPARED)
    for est in ("gross_employment", "net_jobs"):
        assert f"base: {fmt_row(at.loc[('base', est)])}" in table


def test_existing_results_are_never_overwritten_silently(
        shrunk_run, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = shrunk_run
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    scenario = str(ROOT / "scenarios" / "meeting_frequency.yaml")
    assert main(["run", scenario, "--out", str(out), *SHRINK]) == 2
    err = capsys.readouterr().err
    assert "already holds results" in err and "--overwrite" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _small(tmp_path: Path, programme: str, variants: str = "") -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(f"""\
name: small
replications: 2
seed: 11
weeks: 30
horizons_months: [6]
market:
  labour_force: 1500
programmes:
{programme}
{variants}""")
    return path


def test_results_do_not_depend_on_the_number_of_workers(tmp_path: Path) -> None:
    path = _small(tmp_path, "  - name: p\n    capacity: 15\n    selection: readiness",
                  "variants:\n  weekly:\n    meetings_per_month: 4\n")
    scenario = load_scenario(path)
    one = hiresim.run_scenario(scenario, workers=1)
    two = hiresim.run_scenario(scenario, workers=2)
    # summary.csv and effects.csv are these tables written with to_csv(index=False)
    for table in ("summary", "effects"):
        assert getattr(one, table).to_csv(index=False) == getattr(two, table).to_csv(index=False)
    pd.testing.assert_frame_equal(one.timeseries, two.timeseries)


def test_variants_that_differ_only_in_delivery_share_their_twin_world(tmp_path: Path) -> None:
    from hiresim.pipeline.runner import plan_runs

    path = _small(tmp_path, "  - name: p\n    capacity: 15",
                  "variants:\n  weekly:\n    meetings_per_month: 4\n"
                  "  plenaries:\n    plenary_every_weeks: 4\n"
                  "  bigger:\n    capacity: 30\n")
    scenario = load_scenario(path)
    tasks, jobs = plan_runs(scenario)
    twins = {v: {t.key for t in tasks if t.variant == v and t.world == "twin"}
             for v in scenario.variant_names}
    assert twins["base"] == twins["weekly"] == twins["plenaries"]
    assert twins["bigger"].isdisjoint(twins["base"])  # who takes part is not delivery
    # 4 variants × 2 replications: 8 programme worlds, 2 + 2 twin worlds.
    assert len(jobs) == 8 + 4
    result = hiresim.run_scenario(scenario, workers=1)
    ts = result.timeseries[result.timeseries["world"] == "twin"]
    one = ts[ts["variant"] == "base"].drop(columns="variant").reset_index(drop=True)
    two = ts[ts["variant"] == "weekly"].drop(columns="variant").reset_index(drop=True)
    pd.testing.assert_frame_equal(one, two, check_exact=True)


def test_twin_effect_is_exactly_zero_without_participants(tmp_path: Path) -> None:
    path = _small(tmp_path, "  - name: p\n    capacity: 0",
                  "variants:\n  some:\n    capacity: 15\n")
    result = hiresim.run_scenario(path, workers=1)
    ts = result.timeseries
    metrics = [c for c in ts.columns if c not in KEYS]

    def world(variant: str, name: str) -> pd.DataFrame:
        return ts[(ts["variant"] == variant) & (ts["world"] == name)][metrics].reset_index(
            drop=True)

    pd.testing.assert_frame_equal(world("base", "programme"), world("base", "twin"))
    net = result.effects[(result.effects["variant"] == "base")
                         & (result.effects["estimand"].isin(["net_jobs",
                                                             "net_right_level_jobs"]))]
    assert len(net) == 2
    assert (net[["mean", "ci_low", "ci_high"]].to_numpy() == 0.0).all()
    # With participants the two worlds do differ: the comparison above can fail.
    assert not world("some", "programme").equals(world("some", "twin"))


def test_an_interrupted_write_leaves_old_results_and_no_partial_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _small(tmp_path, "  - name: p\n    capacity: 10")
    result = hiresim.run_scenario(path, workers=1)
    out = tmp_path / "results"
    out.mkdir()
    (out / "summary.csv").write_text("results of an earlier run\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("hiresim.outputs.files.write_figures", broken)
    with pytest.raises(KeyboardInterrupt):  # after the tables, before the figures
        write_outputs(result, out, overwrite=True)
    assert [p.name for p in out.iterdir()] == ["summary.csv"]
    assert (out / "summary.csv").read_text() == "results of an earlier run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results", "small.yaml"]
    fresh = tmp_path / "fresh"
    with pytest.raises(KeyboardInterrupt):
        write_outputs(result, fresh)
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results", "small.yaml"]


def test_python_api_runs_without_writing(tmp_path: Path) -> None:
    path = _small(tmp_path, "  - name: p\n    capacity: 10")
    result = hiresim.run_scenario(str(path), workers=1)
    assert result.out is None and result.files == []
    assert set(result.effects["estimand"]) >= {"gross_employment", "net_jobs", "naive_employment"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.yaml"]


def test_a_failing_run_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hiresim.pipeline import runner

    path = _small(tmp_path, "  - name: p\n    capacity: 10",
                  "variants:\n  weekly:\n    meetings_per_month: 4\n")
    bad_seed = replication_seed(11, 1)
    real = runner.simulate

    def simulate(params, seed, weeks, twin=False):
        if seed == bad_seed and params.programmes[0].meetings_per_month == 4 and not twin:
            raise FloatingPointError("boom")
        return real(params, seed, weeks, twin=twin)

    monkeypatch.setattr(runner, "simulate", simulate)
    with pytest.raises(runner.RunError) as err:
        hiresim.run_scenario(str(path), tmp_path / "out", workers=1)
    assert str(err.value) == (f"the run of variant 'weekly' (programme world), replication 1 "
                              f"(seed {bad_seed}) failed: FloatingPointError: boom")
    # The five simulations before it finished and are kept for --resume; no results.
    assert unfinished(tmp_path / "out") == (5, 6)
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_atomic_writers_replace_whole_files_or_nothing(tmp_path: Path) -> None:
    from hiresim.pipeline.atomic import atomic_path, staged_directory, write_json, write_text

    target = tmp_path / "table.csv"
    write_text(target, "old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half a ta")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]
    write_json(tmp_path / "m.json", {"x": float("nan"), "y": np.int64(3)})
    assert json.loads((tmp_path / "m.json").read_text()) == {"x": None, "y": 3}
    assert (target.stat().st_mode & 0o777) == (0o666 & ~_umask())
    with pytest.raises(FileExistsError), staged_directory(tmp_path):
        pass


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_levels_are_not_stretched_over_the_panel(tmp_path: Path) -> None:
    """Employment by group without a programme (94-100 %) is drawn on an axis at least
    MIN_SPAN percentage points high, inside 0-100 %, not magnified to fill the panel."""
    import matplotlib.pyplot as plt

    from hiresim.outputs.figures import MIN_SPAN, employment_figure

    result = hiresim.run_scenario(load_scenario(_small(tmp_path, "  []")), workers=1)
    fig = employment_figure(result)
    try:
        for i, ax in enumerate(fig.axes):
            shown = np.concatenate([line.get_ydata() for line in ax.get_lines()])
            if i == 0:  # employment: a narrow band of levels near 100 %
                assert np.ptp(shown) < MIN_SPAN["percent"] / 2 and shown.min() > 80
            lo, hi = ax.get_ylim()
            assert hi - lo >= MIN_SPAN["percent"] - 1e-9, (lo, hi)
            assert 0 <= lo <= shown.min() and shown.max() <= hi <= 100, (lo, hi)
    finally:
        plt.close(fig)


def test_a_failing_run_in_a_batch_is_named(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs that share a burn-in go to a worker together; a failure names the run that
    failed, not the batch's first."""
    from hiresim.pipeline import runner

    path = _small(tmp_path, "  - name: p\n    capacity: 10")
    bad_seed = replication_seed(11, 1)
    real = runner.simulate

    def simulate(params, seed, weeks, twin=False):
        if seed == bad_seed and twin:
            raise FloatingPointError("boom")
        return real(params, seed, weeks, twin=twin)

    monkeypatch.setattr(runner, "simulate", simulate)
    monkeypatch.setattr(runner, "batch_size", lambda plan, workers: 2)
    with pytest.raises(runner.RunError) as err:
        runner.run(load_scenario(path), workers=1)
    assert str(err.value) == (f"the run of variant 'base' (twin world), replication 1 "
                              f"(seed {bad_seed}) failed: FloatingPointError: boom")


def test_a_programme_that_takes_in_every_eligible_person_is_reported(tmp_path: Path) -> None:
    """With more places than eligible job seekers nobody eligible is left out, so there is
    no comparison group: the run says so and still writes its report."""
    from hiresim.outputs.scenario_words import capacity_notes

    path = _small(tmp_path, "  - name: p\n    capacity: 400\n    selection: random\n"
                  "    application_probability: 1.0\n    employed_share: 0.0")
    result = hiresim.run_scenario(load_scenario(path), workers=1)
    notes = capacity_notes(result)
    assert any("every eligible person was taken in" in n for n in notes), notes
    assert any("places on average" in n for n in notes), notes
    write_outputs(result, tmp_path / "out")
    assert "every eligible person was taken in" in (tmp_path / "out" / "report.html").read_text()
