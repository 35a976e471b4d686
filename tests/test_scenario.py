"""Scenario files: loading, variants, extends, overrides, and clear errors for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiresim.cli.main import main
from hiresim.config.scenario import (
    ScenarioError,
    apply_overrides,
    horizon_week,
    load_scenario,
)
from hiresim.params.programme import PROGRAMME_FIELDS
from hiresim.params.schema import Params, Programme

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
BROKEN = sorted((Path(__file__).parent / "broken_scenarios").glob("*.yaml"))
LEVER_SCENARIOS = {"meeting_frequency", "matching_quality", "participant_selection",
                   "role_training", "plenary_sessions", "manager_followup", "face_to_face",
                   "gap_diagnosis", "traineeship"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --- Shipped scenarios --------------------------------------------------------------------


def test_every_shipped_scenario_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert {p.stem for p in SHIPPED} >= {"baseline", "imdi_typical"} | LEVER_SCENARIOS
    assert main(["check", *map(str, SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert out.count("ok  ") == len(SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_say_which_finding_they_test(path: Path) -> None:
    text = path.read_text()
    assert text.startswith("#"), "a scenario opens with a comment on what it tests"
    assert "Tests " in text and "Fafo-rapport 2019:31" in text
    s = load_scenario(path)
    assert s.name == path.stem
    assert s.description


def test_lever_scenarios_change_only_their_lever() -> None:
    typical = load_scenario(ROOT / "scenarios" / "imdi_typical.yaml")
    for name in LEVER_SCENARIOS:
        s = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        assert s.variants, name
        base = s.params.model_dump()
        expected = typical.params.model_dump()
        if s.evaluation == "rct":  # the design, not a lever
            for prog in expected["programmes"]:
                prog["evaluation"] = "rct"
        if name == "participant_selection":  # a selection rule needs applicants to choose
            for prog in expected["programmes"]:
                prog["application_probability"] = 1.0
        assert base == expected, name
        for variant, overrides in s.variants.items():
            changed = s.variant_params(variant).programmes[0].model_dump()
            for key, value in overrides.items():
                assert changed[key] == value, (name, variant, key)


# --- Loading and variants -----------------------------------------------------------------

SCENARIO = """\
name: demo
replications: 3
seed: 7
market:
  labour_force: 3000
programmes:
  - name: mentors
    capacity: 20
  - name: trainees
    capacity: 10
    traineeship_weeks: 8
variants:
  weekly:
    meetings_per_month: 4
  bigger_trainees:
    programmes.trainees.capacity: 40
  none:
    programmes: []
"""


def test_load_fills_every_default_and_applies_variants(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, "demo.yaml", SCENARIO))
    assert (s.name, s.replications, s.seed, s.evaluation) == ("demo", 3, 7, "twin")
    assert s.weeks == 4 + horizon_week(24)  # default: intake plus the last horizon
    assert s.params.labour_force == 3000
    assert s.params.tightness == Params().tightness
    assert s.variant_names == ["base", "weekly", "bigger_trainees", "none"]
    assert s.variant_params("base") is s.params
    weekly = s.variant_params("weekly")
    assert [p.meetings_per_month for p in weekly.programmes] == [4, 4]
    assert weekly.model_dump(exclude={"programmes"}) == s.params.model_dump(
        exclude={"programmes"})
    bigger = s.variant_params("bigger_trainees")
    assert [p.capacity for p in bigger.programmes] == [20, 40]
    assert s.variant_params("none").programmes == []
    resolved = s.resolved()
    assert set(resolved["params"]["base"]) == set(Params.model_fields)
    assert set(resolved["params"]["base"]["programmes"][0]) == set(Programme.model_fields)
    with pytest.raises(KeyError, match="no variant 'monthly'"):
        s.variant_params("monthly")


def test_rct_design_randomises_every_programme_in_every_variant(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, "demo.yaml", SCENARIO + "evaluation: rct\n"))
    for name in ("base", "weekly", "bigger_trainees"):
        assert {p.evaluation for p in s.variant_params(name).programmes} == {"rct"}


def test_extends_merges_market_and_variants_and_locates_errors(tmp_path: Path) -> None:
    write(tmp_path, "parent.yaml", SCENARIO)
    child = write(tmp_path, "child.yaml", """\
extends: parent.yaml
market:
  tightness: 0.2
variants:
  weekly:
    meetings_per_month: 3
  monthly:
    meetings_per_month: 1
""")
    s = load_scenario(child)
    assert s.name == "child"  # the name is not inherited
    assert (s.params.labour_force, s.params.tightness) == (3000, 0.2)
    assert [p.name for p in s.params.programmes] == ["mentors", "trainees"]
    assert list(s.variants) == ["weekly", "bigger_trainees", "none", "monthly"]
    assert s.variant_params("weekly").programmes[0].meetings_per_month == 3
    assert s.extends == ((tmp_path / "parent.yaml").resolve(),)
    child.write_text(child.read_text().replace("0.2", "-0.2"))
    with pytest.raises(ScenarioError, match=r"child\.yaml:3: market\.tightness: too small"):
        load_scenario(child)
    (tmp_path / "parent.yaml").write_text(SCENARIO.replace("capacity: 20", "capacity: -1"))
    with pytest.raises(ScenarioError, match=r"parent\.yaml:8: programmes\[0\]\.capacity"):
        load_scenario(child)


def test_overrides_change_settings_and_base_but_variants_keep_their_own(tmp_path: Path) -> None:
    path = write(tmp_path, "demo.yaml", SCENARIO)
    s = load_scenario(path, overrides={"weeks": 40, "replications": 2, "labour_force": 2000,
                                       "meetings_per_month": 1, "horizons_months": [3]})
    assert (s.weeks, s.replications, s.horizons_months) == (40, 2, (3.0,))
    assert s.params.labour_force == 2000
    assert {p.meetings_per_month for p in s.params.programmes} == {1}
    assert s.variant_params("weekly").programmes[0].meetings_per_month == 4
    assert s.variant_params("weekly").labour_force == 2000
    with pytest.raises(ScenarioError, match=r"command line: --set labour_forc: unknown "
                                            r"parameter 'labour_forc'; did you mean"):
        load_scenario(path, overrides={"labour_forc": 5})
    with pytest.raises(ScenarioError, match=r"command line: --set capacity: too small"):
        load_scenario(path, overrides={"capacity": -5})


def test_apply_overrides_follows_the_variant_rules() -> None:
    base = Params(programmes=[Programme(name="a"), Programme(name="b")])
    p = apply_overrides(base, {"capacity": 7, "programmes.b.capacity": 9, "tightness": 0.2})
    assert [x.capacity for x in p.programmes] == [7, 9]
    assert p.tightness == 0.2
    with pytest.raises(ScenarioError, match="no programme named 'c'"):
        apply_overrides(base, {"programmes.c.capacity": 1})
    with pytest.raises(ScenarioError, match="tightness: too large"):
        apply_overrides(base, {"tightness": 1e6})


def test_horizons_beyond_the_run_are_left_out_with_a_note(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, "demo.yaml", SCENARIO + "weeks: 60\n"))
    assert s.horizons() == [(6.0, 30), (12.0, 56)]
    assert any("24-month horizon" in n for n in s.notes)


# --- Broken files -------------------------------------------------------------------------


def _expectations(path: Path) -> list[str]:
    return [line.removeprefix("# expect: ") for line in path.read_text().splitlines()
            if line.startswith("# expect: ")]


def test_broken_corpus_covers_the_required_cases() -> None:
    names = {p.stem for p in BROKEN}
    for required in ("malformed_yaml", "wrong_type_int", "out_of_range", "empty",
                     "duplicate_variant", "unknown_market_key", "several_problems"):
        assert required in names
    assert all(_expectations(p) for p in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_scenario_gives_a_clear_error_and_writes_nothing(
        path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results"
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for expected in _expectations(path):
        assert expected in err, f"expected {expected!r} in:\n{err}"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    assert main(["check", str(path)]) == 2


# --- Generated files ----------------------------------------------------------------------

_TMP = [HealthCheck.function_scoped_fixture]  # each example overwrites the same file

_FIELDS = [("market", name) for name, f in Params.model_fields.items()
           if name not in ("programmes",) and f.annotation in (int, float)]
_FIELDS += [("programmes", name) for name, f in Programme.model_fields.items()
            if f.annotation in (int, float)]
_BAD_NUMBERS = st.one_of(
    st.just(-10**12), st.just(10**12), st.booleans(), st.text(min_size=1, max_size=8).filter(
        lambda t: not re.fullmatch(r"\s*[-+]?[\d_.eE]+\s*", t)),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         min_size=1, max_size=2))


@settings(max_examples=60, deadline=None, suppress_health_check=_TMP)
@given(field=st.sampled_from(_FIELDS), value=_BAD_NUMBERS)
def test_generated_bad_values_name_the_field_and_line(tmp_path: Path, field: tuple[str, str],
                                                      value: object) -> None:
    section, name = field
    entry = {name: value}
    doc = {"name": "g", "market": entry if section == "market" else {},
           "programmes": [{"name": "p", **(entry if section == "programmes" else {})}]}
    text = yaml.safe_dump(doc, sort_keys=False)
    path = write(tmp_path, "generated.yaml", text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.lstrip("- ").startswith(
        f"{name}:"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    where = f"market.{name}" if section == "market" else f"programmes[0].{name}"
    assert f"generated.yaml:{line}: {where}" in str(info.value)
    assert "allowed" in str(info.value) or "expected" in str(info.value)


_KEYS = st.sampled_from(["name", "weeks", "replications", "seed", "evaluation", "market",
                         "programmes", "variants", "extends", "bogus", "capacity",
                         "labour_force", *PROGRAMME_FIELDS[:4]])
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False),
              st.text(max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=8)


@settings(max_examples=80, deadline=None, suppress_health_check=_TMP)
@given(doc=st.one_of(st.dictionaries(_KEYS, _VALUES, max_size=6), _VALUES),
       raw=st.text(max_size=40))
def test_generated_documents_load_or_fail_cleanly(tmp_path: Path, doc: object, raw: str) -> None:
    for text in (yaml.safe_dump(doc), raw):
        path = write(tmp_path, "any.yaml", text)
        try:
            s = load_scenario(path)
        except ScenarioError as err:
            assert err.problems
            assert all(p.file.endswith("any.yaml") or p.file == "command line"
                       for p in err.problems)
            assert str(err).count("\n") == len(err.problems)
        else:
            assert s.weeks >= 1 and s.replications >= 1


def test_an_experiment_file_is_recognised_and_sent_to_sweep() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario(ROOT / "experiments" / "meetings_x_matching.yaml")
    assert "is an experiment file" in str(err.value) and "hiresim sweep" in str(err.value)
    assert len(err.value.problems) == 1
