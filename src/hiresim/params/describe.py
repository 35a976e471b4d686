"""Parameters in words: what a field allows, and a did-you-mean for a misspelt name.

Every message about a value (a scenario's, an experiment's, the command line's,
`make_params`'s) says what is allowed with `allowed` and suggests a name with `suggest`.
A field may say what it allows itself, in its ``json_schema_extra`` under ``allowed``.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any, Literal

from pydantic import BaseModel

from .bounds import field_bounds
from .fields import each_origin, majority_and_origins
from .origins import IMMIGRANT_ORIGINS, ORIGINS
from .programme import Programme

__all__ = ["REPLACED", "allowed", "numeric", "suggest"]

#: Parameters that an earlier version had, and what took their place.
REPLACED = {
    "initial_right_level": "it was replaced by 'initial_overqualified' and "
                           "'initial_out_of_field' (the right level now means the "
                           "qualification level and the field)",
}


def suggest(name: str, choices: typing.Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt name (or what replaced a parameter of an
    earlier version), or an empty string."""
    if name in REPLACED:
        return f"; {REPLACED[name]}"
    choices = list(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    if not close:
        close = [a for a in choices if a.startswith(name[:4])][:1] if len(name) >= 4 else []
    return f"; did you mean '{close[0]}'?" if close else ""


def _bounds(info: Any) -> str:
    return " and ".join(field_bounds(info).text(
        sep=" ", fmt=lambda v: f"{v:,}" if isinstance(v, int) else f"{v:g}"))


def _kind(ann: Any) -> str:
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if type(None) in args:  # optional: describe the other type
        return _kind(next(a for a in args if a is not type(None)))
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if ann is bool:
        return "true or false"
    if ann is int:
        return "a whole number"
    if ann is float:
        return "a number"
    if ann is str:
        return "text"
    if origin is tuple:
        return f"a list of {len(args)} numbers"
    if origin is list:
        inner = args[0] if args else None
        if inner is Programme:
            return "a list of programmes (each a mapping of programme levers)"
        return "a list of numbers" if inner in (int, float) else "a list"
    return getattr(ann, "__name__", str(ann))


def allowed(model: type[BaseModel], name: str) -> str:
    """What a field accepts, in words: kind and bounds (e.g. 'a number >= 0 and <= 1')."""
    info = model.model_fields.get(name)
    if info is None:
        return ""
    extra = info.json_schema_extra
    if isinstance(extra, dict) and "allowed" in extra:
        return str(extra["allowed"])
    text = _kind(info.annotation)
    expanders = [getattr(m, "func", None) for m in info.metadata]
    if each_origin in expanders or majority_and_origins in expanders:
        size = len(typing.get_args(info.annotation))
        regions = ", ".join(IMMIGRANT_ORIGINS if size == len(IMMIGRANT_ORIGINS) else ORIGINS)
        text = (f"a number for every region, or {text} ({regions})"
                if each_origin in expanders
                else f"{text} ({regions}), or two (majority, immigrant)")
    bounds = _bounds(info)
    longest = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
    if longest is not None:
        bounds = f"of at most {longest:,} characters"
    return f"{text} {bounds}".strip()


def numeric(ann: Any) -> bool:
    """Whether a field of type ``ann`` holds a number or numbers (where true/false, which
    pydantic would read as 1 or 0, is refused)."""
    if ann in (int, float):
        return True
    return typing.get_origin(ann) in (tuple, list) and all(
        a in (int, float, Ellipsis) for a in typing.get_args(ann))
