"""The options of each design, as models: what an experiment's ``options`` may hold.

A design module names its model ``Options``; the defaults are the options a design uses
when a file leaves them out. Sensitivity designs share the bootstrap of their confidence
intervals (`Bootstrap`).
"""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from ..located import invalid

__all__ = ["Bootstrap", "MorrisOptions", "NoOptions", "SobolOptions"]


class NoOptions(BaseModel):
    """A design without options (a grid, a Latin hypercube)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "allowed": "a mapping of the design's options", "key": "option"})


class Bootstrap(NoOptions):
    """The bootstrap confidence intervals of sensitivity indices."""

    resamples: int = Field(1000, strict=True, ge=1, description="Bootstrap resamples.")
    conf_level: float = Field(0.95, strict=True, gt=0, lt=1, allow_inf_nan=False,
                                    description="Confidence level of the intervals.",
                                    json_schema_extra={"allowed": (
                                        "a number between 0 and 1, e.g. 0.95")})


class SobolOptions(Bootstrap):
    """Options of a Sobol' design."""

    second_order: bool = Field(False, strict=True, description="Also sample second-order indices "
                                                        "(S2); doubles the runs.")


class MorrisOptions(Bootstrap):
    """Options of a Morris design; ``optimal_trajectories`` is checked against the
    experiment's ``samples`` (the validation context's)."""

    levels: int = Field(4, strict=True, ge=2, description="Levels of the grid in [0, 1].",
                              json_schema_extra={"allowed": "an even whole number >= 2 "
                                                            "(4 is usual)"})
    optimal_trajectories: int | None = Field(
        None, strict=True, ge=2, description="Keep the most spread trajectories of ``samples``.")

    @field_validator("levels")
    @classmethod
    def _even(cls, levels: int) -> int:
        if levels % 2:
            raise invalid("Morris grid levels must be even",
                          "an even whole number >= 2 (4 is usual)")
        return levels

    @field_validator("optimal_trajectories")
    @classmethod
    def _fewer_than_samples(cls, kept: int | None, info: ValidationInfo) -> int | None:
        samples = (info.context or {}).get("samples")
        if kept is not None and isinstance(samples, int) and not kept < samples:
            raise invalid("trajectories to keep, out of the samples",
                          f"a whole number from 2 to {samples - 1}, or null")
        return kept
