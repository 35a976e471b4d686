"""Overrides: one set of names and rules for variants, --set, an experiment's set and
factors, make_params and HireModel; resolved parameters validated once, then shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from hiresim.cli.main import main
from hiresim.config.experiment import ExperimentError, load_experiment
from hiresim.config.scenario import load_scenario
from hiresim.params.issues import ParameterError
from hiresim.params.overrides import make_params, resolve
from hiresim.params.schema import Params, Programme
from hiresim.sweep.store import plan_of
from tests.test_experiment import write_experiment

ROOT = Path(__file__).resolve().parents[1]
TWO = Params(programmes=[Programme(name="a"), Programme(name="b")])


def capacities(params: Params) -> list[int]:
    return [p.capacity for p in params.programmes]


def test_the_order_of_the_names_does_not_matter() -> None:
    for over in ({"capacity": 7, "programmes.b.capacity": 9},
                 {"programmes.b.capacity": 9, "capacity": 7}):
        assert capacities(resolve(TWO, over)) == [7, 9]
    for over in ({"capacity": 5, "programmes": [{"name": "x"}, {"name": "y"}]},
                 {"programmes": [{"name": "x"}, {"name": "y"}], "capacity": 5}):
        assert capacities(resolve(TWO, over)) == [5, 5]
    assert capacities(resolve(TWO, {"programmes.x.capacity": 9, "programmes": [
        {"name": "x"}]})) == [9]


def test_make_params_takes_the_names_and_checks_of_variants() -> None:
    assert make_params(**{"programmes.programme.capacity": 3}).programmes[0].capacity == 3
    assert make_params(programmes=[Programme(name="p")], capacity=4).programmes[0].capacity == 4
    with pytest.raises(ParameterError, match=r"programmes\.x\.capacity: no programme named 'x'"):
        make_params(**{"programmes.x.capacity": 3})
    with pytest.raises(ParameterError, match="capacity: expected a number, not true/false"):
        make_params(capacity=True)
    with pytest.raises(ParameterError, match="no programme to apply it to"):
        make_params(programmes=[], capacity=5)
    with pytest.raises(ParameterError) as err:
        make_params({"labour_force": 3})
    assert str(err.value).startswith("labour_force: too small (given 3;")


def test_valid_params_are_passed_on_not_validated_again() -> None:
    p = Params(labour_force=2_000)
    assert resolve(p, {}) is p and make_params(p) is p
    with pytest.raises(ValidationError, match="frozen"):
        p.labour_force = 3_000  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        p.programmes[0].capacity = 3  # type: ignore[misc]


def test_a_scenario_resolves_every_variant_once(monkeypatch: pytest.MonkeyPatch) -> None:
    s = load_scenario(ROOT / "scenarios" / "meeting_frequency.yaml")
    calls = []
    original = BaseModel.model_validate.__func__  # type: ignore[attr-defined]

    def counting(cls: type, *args: object, **kwargs: object) -> object:
        calls.append(cls)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(BaseModel, "model_validate", classmethod(counting))
    for name in s.variant_names:
        assert s.variant_params(name) is s.variant_params(name)
        s.horizons(name)
    s.resolved()
    assert calls == []


def _problems(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problems a command reports (without the command's name)."""
    assert main(args) == 2
    head, *lines = capsys.readouterr().err.splitlines()
    assert head.endswith("in command line:"), head
    return [head.split(": ", 1)[1], *lines]


@pytest.mark.parametrize("item", ["capacity=true", "programmes.nope.capacity=3",
                                  "tightnes=0.2", "labour_force=3", "origin_shares=[2, 2]",
                                  "programmes.programme.capacit=3"])
def test_simulate_and_run_read_set_alike(item: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    scenario = ROOT / "scenarios" / "baseline.yaml"  # no programme: give it the default
    check = _problems(["check", str(scenario), "--set", "programmes=[{}]", "--set", item],
                      capsys)
    assert check == _problems(["simulate", "--weeks", "1", "--set", item], capsys)


def test_simulate_refuses_a_run_setting_and_names_its_option(
        capsys: pytest.CaptureFixture[str]) -> None:
    head, line = _problems(["simulate", "--set", "weeks=60"], capsys)
    assert head == "1 problem in command line:"
    assert "--set weeks: a scenario's run setting" in line and "--weeks" in line


def test_a_factor_may_name_one_programme(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, """\
        scenario: tiny.yaml
        design: grid
        factors:
          programmes.mentoring.capacity: {values: [4, 8]}
        metrics: [employment_rate_treatment]
        horizons_months: [0.75]
        """)
    exp = load_experiment(path)
    plan, _ = plan_of(exp)
    assert [resolve(plan.base, plan.overrides(i)).programmes[0].capacity
            for i in range(2)] == [4, 8]
    path.write_text(path.read_text().replace("mentoring.capacity", "mentors.capacity"))
    with pytest.raises(ExperimentError, match="no programme named 'mentors'"):
        load_experiment(path)
