"""The parameter reference: every parameter's section, name, default, bounds, unit,
description and source, as rows (`hiresim params` and docs/parameters.md)."""

from __future__ import annotations

from .bounds import field_bounds
from .schema import Params, Programme

__all__ = ["parameter_table"]


def parameter_table() -> list[dict[str, str]]:
    """Rows (section, name, default, bounds, unit, description, source) for every parameter."""
    rows = []
    for section, model in (("market", Params), ("programme", Programme)):
        for name, field in model.model_fields.items():
            if name == "programmes":
                continue
            extra = field.json_schema_extra or {}
            default = field.default if field.default_factory is None else field.default_factory()
            bounds = field_bounds(field).text()
            ann = field.annotation
            choices = getattr(ann, "__args__", None)
            if choices and all(isinstance(c, str) for c in choices):
                bounds = ["|".join(choices)]
            rows.append({
                "section": section,
                "name": name,
                "default": repr(default) if isinstance(default, str) else str(default),
                "bounds": " ".join(bounds),
                "unit": extra.get("unit", ""),
                "description": field.description or "",
                "source": extra.get("source", ""),
            })
    return rows
