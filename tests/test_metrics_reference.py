"""`hiresim metrics` and docs/metrics.md: every weekly metric and estimand, with its unit
and definition."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiresim.cli.main import main
from hiresim.model.estimands import ESTIMANDS
from hiresim.model.metrics import metric_names

ROOT = Path(__file__).resolve().parents[1]


def test_metrics_lists_every_metric_and_estimand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics"]) == 0
    listed = {line.split()[0] for line in capsys.readouterr().out.splitlines()
              if line and not line.startswith((" ", "Weekly", "Estimands"))}
    assert listed == set(metric_names()) | set(ESTIMANDS)
    assert main(["metrics", "AFRICA"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()
             if line and not line.startswith((" ", "Weekly", "Estimands"))]
    assert names and all("africa" in n for n in names)
    assert set(names) == {n for n in metric_names() if "africa" in n}
    assert main(["metrics", "nothing_like_this"]) == 2


def test_every_metric_has_a_definition_and_the_docs_are_generated(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import hiresim.model.metric_definitions as definitions
    from hiresim.cli.metrics import markdown_metrics

    doc = ROOT / "docs" / "metrics.md"
    assert doc.read_text() == markdown_metrics(), "run `make docs` to regenerate"
    for name in [*metric_names(), *ESTIMANDS]:
        assert f"| `{name}` |" in doc.read_text()
    names = metric_names()
    monkeypatch.setattr(definitions, "metric_names", lambda: [*names, "new_metric"])
    with pytest.raises(KeyError, match="without a definition: new_metric"):
        definitions.metric_definitions()
    monkeypatch.setattr(definitions, "metric_names", lambda: names[1:])
    with pytest.raises(KeyError, match="definitions without a metric: week"):
        definitions.metric_definitions()
