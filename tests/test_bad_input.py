"""Bad input through the real command line: a clear error that names the field, no
traceback, nothing written, and no hang; plus generated documents and ``--set`` values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiresim.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((Path(__file__).parent / "broken_scenarios" / "by_category").glob("*.yaml"))
CATEGORIES = ("types", "bounds", "non_finite", "tags", "aliases", "nesting", "encodings",
              "paths", "sizes", "experiment_designs")
#: Seconds a refused input may take (a hang or a runaway expansion would exceed it).
TIME_LIMIT = 90
SMALL = ROOT / "scenarios" / "baseline.yaml"


def hiresim(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``hiresim ARGS`` in a fresh process, as a user runs it."""
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    return subprocess.run([sys.executable, "-m", "hiresim", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIME_LIMIT, check=False)


def directives(path: Path, key: str) -> list[str]:
    """The values of ``# key: value`` comment lines (the corpus file's expectations)."""
    prefix = f"# {key}: ".encode()
    return [line[len(prefix):].decode("utf-8") for line in path.read_bytes().splitlines()
            if line.startswith(prefix)]


def assert_refused(args: list[str], tmp_path: Path, expected: list[str]) -> str:
    """Run ``args`` from deep inside ``tmp_path``: exit 2, no traceback, every expected
    text in the output, and nothing written anywhere under ``tmp_path``."""
    work = tmp_path / "a" / "b" / "c" / "d"
    work.mkdir(parents=True)
    done = hiresim(args, work)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    for text in expected:
        assert text in output, f"expected {text!r} in:\n{output}"
    written = [p for p in tmp_path.rglob("*") if p.is_file() or not any(p.iterdir())]
    assert written == [work], f"written: {written}"
    return output


def test_corpus_has_a_file_for_every_category() -> None:
    assert {p.stem for p in CORPUS} >= set(CATEGORIES)
    assert all(directives(p, "expect") for p in CORPUS)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_bad_input_file_is_refused_clearly(path: Path, tmp_path: Path) -> None:
    command = (directives(path, "command") or ["run"])[0]
    assert_refused([command, str(path), "--quiet"], tmp_path, directives(path, "expect"))


@pytest.mark.parametrize(("args", "expected"), [
    (["run", str(SMALL), "--set", "labour_force=[1,"],
     ["--set labour_force: not valid YAML", "allowed: a plain YAML value"]),
    (["check", str(SMALL), "--set", "labour_force=!!python/object/apply:os.system [ls]"],
     ["--set labour_force: YAML tags are not allowed (given !!python/object/apply:os.system"]),
    (["run", str(SMALL), "--set", "weeks=" + "[" * 2000],
     ["--set weeks: not valid YAML: nested more than 50 levels deep"]),
    (["run", str(SMALL), "--set", "horizons_months=[.nan]"],
     ["horizons_months: not a finite number (given nan"]),
    (["run", str(SMALL), "--set", "replications=1", "--set", "labour_force=2000",
      "--scheduler", "tcp://127.0.0.1:9", "--quiet"],
     ["cannot reach the Dask scheduler at tcp://127.0.0.1:9"]),
], ids=["set-unparsable", "set-tag", "set-nesting", "set-nan", "unreachable-scheduler"])
def test_command_line_misuse_is_refused_clearly(args: list[str], expected: list[str],
                                                tmp_path: Path) -> None:
    assert_refused(args, tmp_path, expected)


# --- Generated input --------------------------------------------------------------------

_TOKENS = st.sampled_from([
    "name: g\n", "programmes: []\n", "market:\n", "  labour_force: ", "variants:\n",
    "- ", "  ", "[", "]", "{", "}", ", ", ": ", "&a ", "*a", "<<: ", "!!python/tuple ",
    "!x ", "!!str ", ".nan", ".inf", "-1", "1e308", "0", "12", "true", "null", "~", "'",
    '"', "#", "\n", "\t", "%YAML 1.1\n", "---\n", "...\n", "?", "|", ">", "@", "`",
    "horizons_months: ", "weeks: ", "seed: ", "extends: ", "/dev/null", "\x00", "é"])
_TEXT = st.lists(_TOKENS, max_size=25).map("".join)
_TMP = [HealthCheck.function_scoped_fixture]


@settings(max_examples=40, deadline=None, suppress_health_check=_TMP)
@given(document=_TEXT, name=st.sampled_from(["labour_force", "weeks", "horizons_months",
                                             "tightness", "programmes", "seed", "x"]),
       value=st.one_of(_TEXT, st.text(max_size=20)))
def test_generated_documents_and_set_values_never_raise(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, name: str,
        value: str) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(document, encoding="utf-8")
    for args in (["check", str(path)], ["check", str(SMALL), "--set", f"{name}={value}"]):
        assert main(args) in (0, 2)  # any exception fails the test
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out
