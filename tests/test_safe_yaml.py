"""The safe YAML reader: plain data only, with lines, within its limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiresim.config.problems import ScenarioError
from hiresim.config.safe_yaml import MAX_BYTES, MAX_DEPTH, MAX_VALUES, parse, parse_value, read_yaml


def problems(text: str) -> str:
    with pytest.raises(ScenarioError) as err:
        parse(text, "f.yaml")
    return str(err.value)


def test_anchors_and_aliases_of_whole_values_are_read_with_their_lines() -> None:
    value, src = parse("a: &p {x: 1}\nb:\n  - *p\n", "f.yaml")
    assert value == {"a": {"x": 1}, "b": [{"x": 1}]}
    assert src.locate(("b", 0)) == ("f.yaml", 1)  # where the aliased value was written
    assert src.locate(("b",)) == ("f.yaml", 2)


def test_expansion_is_counted_without_expanding() -> None:
    doc = "a: &a [" + ", ".join(["1"] * 100) + "]\n"
    doc += "b: &b [" + ", ".join(["*a"] * 100) + "]\n"  # 10,000 values
    assert parse(doc, "f.yaml") is not None
    doc += "c: [" + ", ".join(["*b"] * 100) + "]\n"  # a million
    assert f"at most {MAX_VALUES:,}" in problems(doc)


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert "an alias refers to a value that contains it" in problems("a: &a [1, *a]\n")


def test_nesting_is_limited_and_the_limit_itself_is_allowed() -> None:
    assert parse("[" * MAX_DEPTH + "]" * MAX_DEPTH, "f.yaml") is not None
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert f"nested more than {MAX_DEPTH} levels deep" in problems(deep)


@pytest.mark.parametrize(("text", "tag"), [
    ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
    ("a: !ruby/hash {x: 1}\n", "!ruby/hash"),
    ("a: !!str 5\n", "!!str"),
    ("!!python/name:os.system : 1\n", "!!python/name:os.system"),
    ("a: ! 5\n", "!"),
])
def test_every_explicit_tag_is_refused_by_name(text: str, tag: str) -> None:
    assert f"YAML tags are not allowed (given {tag};" in problems(text)


def test_merge_keys_and_compound_keys_are_refused() -> None:
    assert "merge keys ('<<') are not supported" in problems("a: &a {x: 1}\nb: {<<: *a}\n")
    assert "keys must be plain names (given a list or mapping)" in problems("? [1]\n: 2\n")


def test_file_size_and_encoding(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * MAX_BYTES + "\n")
    with pytest.raises(ScenarioError, match="larger than 1,000,000 bytes"):
        read_yaml(big, "big.yaml")
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_text("name: x\n", encoding="utf-16")
    with pytest.raises(ScenarioError, match="the file is UTF-16 text"):
        read_yaml(utf16, "utf16.yaml")
    bom = tmp_path / "bom.yaml"
    bom.write_text("name: x\n", encoding="utf-8-sig")
    assert read_yaml(bom, "bom.yaml")[0] == {"name": "x"}


def test_set_values() -> None:
    assert parse_value("[0.1, 0.2]", "--set x") == [0.1, 0.2]
    assert parse_value("", "--set x") is None
    with pytest.raises(ScenarioError, match="not valid YAML"):
        parse_value("[1,", "--set x")
    with pytest.raises(ScenarioError, match="unreadable value"):
        parse_value("1" * 5000, "--set x")  # beyond Python's integer digits limit
