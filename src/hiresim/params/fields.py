"""The parts the parameter schema is built of: a documented field (`param`), the types
of values given by region of birth, and the strict base model of `Params` and `Programme`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .origins import IMMIGRANT_ORIGINS

__all__ = ["ORIGIN_LIST", "ByOrigin", "OriginGaps", "OriginNoise", "OriginRatios",
           "OriginShares", "Strict", "each_origin", "majority_and_origins", "param",
           "per_origin"]


def param(default: Any, unit: str, description: str, source: str, **bounds: Any) -> Any:
    """A documented schema field: default, bounds (ge/le/gt/lt), unit, description, source."""
    return Field(
        default,
        description=description,
        json_schema_extra={"unit": unit, "source": source},
        **bounds,
    )


ORIGIN_LIST = ", ".join(IMMIGRANT_ORIGINS)


def each_origin(value: Any) -> Any:
    """A single number stands for the same value in every immigrant region of birth."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (value,) * len(IMMIGRANT_ORIGINS)
    return value


def majority_and_origins(value: Any) -> Any:
    """Two numbers (majority, immigrant) stand for the majority and every region."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return (value[0], *[value[1]] * len(IMMIGRANT_ORIGINS))
    return value


def per_origin(ge: float, le: float) -> Any:
    """The type of one value per immigrant region of birth (`state.IMMIGRANT_ORIGINS`),
    each in [ge, le]; a single number is the same for every region."""
    value = Annotated[float, Field(ge=ge, le=le)]
    return Annotated[tuple[value, value, value, value], BeforeValidator(each_origin)]


#: One share or probability (0-1) per immigrant region of birth.
OriginShares = per_origin(0.0, 1.0)
#: One ratio (0-20) per immigrant region of birth.
OriginRatios = per_origin(0.0, 20.0)
#: One noise multiplier (1-20) per immigrant region of birth.
OriginNoise = per_origin(1.0, 20.0)
#: One believed gap (-1 to 1) per immigrant region of birth.
OriginGaps = per_origin(-1.0, 1.0)
_Share = Annotated[float, Field(ge=0.0, le=1.0)]
#: One share per origin, the majority first (`state.ORIGINS`); two numbers are the
#: majority's and every immigrant region's.
ByOrigin = Annotated[tuple[_Share, _Share, _Share, _Share, _Share],
                     BeforeValidator(majority_and_origins)]


class Strict(BaseModel):
    """Unknown names refused, no NaN or infinity; frozen, so that parameters validated
    once can be passed on and shared."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
