"""The parameter schema: every parameter documented, bad values named clearly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hiresim import HireModel, ParameterError, Params, Programme, make_params
from hiresim.params.reference import parameter_table


def test_every_parameter_has_unit_description_and_source() -> None:
    rows = parameter_table()
    names = {r["name"] for r in rows}
    assert names == (set(Params.model_fields) - {"programmes"}) | set(Programme.model_fields)
    for r in rows:
        assert r["description"].strip(), r["name"]
        assert r["unit"].strip(), r["name"]
        assert len(r["source"].strip()) > 5, r["name"]


def test_unknown_parameter_is_named_with_a_suggestion() -> None:
    with pytest.raises(ParameterError) as err:
        HireModel(rng=1, meetings_per_mnth=3)
    assert "meetings_per_mnth" in str(err.value)
    assert "did you mean 'meetings_per_month'" in str(err.value)


def test_a_replaced_parameter_says_what_replaced_it() -> None:
    with pytest.raises(ParameterError) as err:
        HireModel(rng=1, initial_right_level=(0.9, 0.8))
    assert "replaced by 'initial_overqualified' and 'initial_out_of_field'" in str(err.value)


@pytest.mark.parametrize(("name", "value", "allowed"), [
    ("labour_force", 3, ">= 10"),
    ("immigrant_share", 1.5, "<= 1"),
    ("meetings_per_month", -1, ">= 0"),
    ("face_to_face_share", 2, "<= 1"),
])
def test_out_of_range_value_names_parameter_value_and_bounds(name: str, value: float,
                                                             allowed: str) -> None:
    with pytest.raises(ParameterError) as err:
        make_params(**{name: value})
    message = str(err.value)
    assert name in message and repr(value) in message and allowed in message


def test_wrong_choice_lists_the_allowed_ones() -> None:
    with pytest.raises(ParameterError) as err:
        make_params(selection="best")
    assert "selection" in str(err.value) and "readiness" in str(err.value)


def test_shares_must_sum_to_one() -> None:
    with pytest.raises(ParameterError, match="qualification_shares"):
        make_params(qualification_shares=(0.5, 0.5, 0.5))


def test_programme_lever_applies_to_every_programme() -> None:
    p = make_params(programmes=[{"name": "a"}, {"name": "b", "capacity": 10}],
                    meetings_per_month=4)
    assert [pr.meetings_per_month for pr in p.programmes] == [4, 4]
    assert [pr.capacity for pr in p.programmes] == [50, 10]


def test_several_programmes_run_in_one_model() -> None:
    model = HireModel(rng=2, labour_force=15_000, agent_views=False, programmes=[
        {"name": "early", "capacity": 20, "start_week": 2, "application_probability": 1.0},
        {"name": "late", "capacity": 30, "start_week": 5, "matching": "optimal",
         "application_probability": 1.0},
    ])
    for _ in range(6):
        model.step()
    d = model.world.dyads
    assert sorted(set(d.programme.tolist())) == [0, 1]
    assert (d.programme == 0).sum() == 20 and (d.programme == 1).sum() == 30


def test_params_command_prints_every_parameter_with_source() -> None:
    out = subprocess.run([sys.executable, "-m", "hiresim.cli.main", "params"], capture_output=True,
                         text=True, check=True).stdout
    for r in parameter_table():
        assert f"{r['name']} = " in out
    assert out.count("source: ") == len(parameter_table())


def test_cli_reports_bad_parameter_without_traceback() -> None:
    res = subprocess.run([sys.executable, "-m", "hiresim.cli.main", "simulate", "--weeks", "1",
                          "--set", "tightnes=0.2"], capture_output=True, text=True)
    assert res.returncode == 2
    assert "tightnes" in res.stderr and "did you mean 'tightness'" in res.stderr
    assert "Traceback" not in res.stderr


def test_parameter_reference_in_docs_is_up_to_date(schema_defaults: None) -> None:
    from pathlib import Path

    from hiresim.cli.core import markdown_reference

    doc = Path(__file__).parents[1] / "docs" / "parameters.md"
    assert doc.read_text() == markdown_reference(), "run `make docs` to regenerate"
