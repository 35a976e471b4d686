"""What a sensitivity analysis of a sweep computed (`Analysis`), shared by the analysis
(`sensitivity`), its words (`findings`), figures and page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config.designs import Factor


class AnalysisError(Exception):
    """A sweep cannot be analysed as asked; the message says why."""


@dataclass
class Analysis:
    """What `analyze` computed and wrote."""

    design: str
    factors: list[Factor]
    metrics: list[str]
    horizons: list[float]  # months after intake
    summary: pd.DataFrame
    indices: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    page: Path | None = None  # analysis.html
    headlines: list[str] = field(default_factory=list)  # one line per metric
