"""A scenario's run settings (everything but the model parameters), their limits, and the
keys a scenario file may have at its top level."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..params.horizons import horizon_week, intake_week

__all__ = ["BASE", "EVALUATIONS", "SETTINGS", "TOP_KEYS", "Settings", "horizon_week",
           "intake_week"]

#: Evaluation designs: twin worlds; an in-silico RCT (with twin worlds for the truth);
#: none (the programme world only, so only the naive estimates).
EVALUATIONS = ("twin", "rct", "none")
#: The name of a scenario without overrides, beside its variants.
BASE = "base"
#: Limits of the run settings: names (which name directories), descriptions, run length
#: and reporting horizons (months after intake; the shortest is about a week).
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
MAX_NAME, MAX_TEXT, MAX_WEEKS = 100, 10_000, 10_000
MIN_HORIZON, MAX_HORIZON = 0.25, 2_400.0


class Settings(BaseModel):
    """The run settings of a scenario (everything but the model parameters)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=NAME_PATTERN, max_length=MAX_NAME,
                      description="Scenario name; results go to results/<name>/.",
                      json_schema_extra={"allowed": (
                          f"letters, digits, '_', '.' and '-', at most {MAX_NAME} characters "
                          "(it names the results directory)")})
    description: str = Field("", max_length=MAX_TEXT,
                             description="What the scenario tests, in words.")
    weeks: int | None = Field(None, ge=1, le=MAX_WEEKS,
                              description="Weeks simulated (default: intake plus the last "
                                          "horizon).")
    replications: int = Field(10, ge=1, le=100_000,
                              description="Replications (runs with different seeds).")
    seed: int = Field(1, ge=0, le=2**63 - 1, description="Study seed.")
    evaluation: Literal["twin", "rct", "none"] = Field(
        "twin", description="Evaluation design: twin, rct (with twin worlds) or none.")
    horizons_months: list[Annotated[float, Field(ge=MIN_HORIZON, le=MAX_HORIZON,
                                                 allow_inf_nan=False)]] = Field(
        default_factory=lambda: [6.0, 12.0, 24.0], min_length=1, max_length=20,
        description="Months after intake at which outcomes are reported.",
        json_schema_extra={"allowed": (
            f"a list of months after intake, each from {MIN_HORIZON:g} (about a week) to "
            f"{MAX_HORIZON:g}, e.g. [6, 12, 24]")})


SETTINGS = tuple(Settings.model_fields)
TOP_KEYS = (*SETTINGS, "extends", "market", "programmes", "variants")

