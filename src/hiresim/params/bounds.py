"""A schema field's bounds (ge/gt/le/lt), as the schema declares them: `field_bounds`."""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

__all__ = ["Bounds", "field_bounds"]


@dataclass(frozen=True)
class Bounds:
    """A numeric field's bounds as the schema declares them."""

    low: float = -math.inf
    high: float = math.inf
    low_inclusive: bool = True
    high_inclusive: bool = True

    def text(self, sep: str = "", fmt: Callable[[float], str] = str) -> list[str]:
        """E.g. ``[">=0", "<=1"]`` (only the finite bounds)."""
        out = []
        if self.low != -math.inf:
            out.append(f"{'>=' if self.low_inclusive else '>'}{sep}{fmt(self.low)}")
        if self.high != math.inf:
            out.append(f"{'<=' if self.high_inclusive else '<'}{sep}{fmt(self.high)}")
        return out


def field_bounds(field: Any) -> Bounds:
    """The bounds (ge/gt/le/lt) of a schema field (of each value, for a tuple whose values
    carry them)."""
    b = {}
    metadata = list(field.metadata)
    if typing.get_origin(field.annotation) is tuple:
        args = typing.get_args(field.annotation)
        if args and typing.get_origin(args[0]) is Annotated:
            for meta in typing.get_args(args[0])[1:]:
                metadata += list(getattr(meta, "metadata", [meta]))
    for meta in metadata:
        for attr, key, inclusive in (("ge", "low", True), ("gt", "low", False),
                                     ("le", "high", True), ("lt", "high", False)):
            if getattr(meta, attr, None) is not None:
                b[key] = getattr(meta, attr)
                b[f"{key}_inclusive"] = inclusive
    return Bounds(**b)
