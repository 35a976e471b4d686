"""Problems with parameter values, as data: which field, what is wrong, what was given
and what is allowed.

`validation_issues` translates pydantic's errors into plain words; `ParameterError`
prints issues one a line. The config layer places the same issues in a file, at a line
(`hiresim.config.located`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from .describe import allowed, numeric, suggest
from .schema import Params, Programme

__all__ = ["Issue", "Loc", "ParameterError", "bool_issue", "format_loc", "merged",
           "show_value", "unknown_issue", "validation_issues"]

#: Where a value is: a field's path in the parameters, e.g. ``("programmes", 0,
#: "capacity")``, or an override's name and the path below it.
Loc = tuple[str | int, ...]


def show_value(value: Any) -> str:
    """A given value as an error message shows it (short, YAML spelling of booleans)."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping {" + ", ".join(str(k)[:30] for k in list(value)[:5]) + "}"
    if isinstance(value, str) and len(value) > 70:
        return repr(value[:67])[:-1] + f"...' ({len(value):,} characters)"
    if isinstance(value, (list, tuple)) and len(value) > 10:
        return f"a list of {len(value):,} values"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 70 else text[:67] + "..."


def format_loc(loc: Loc) -> str:
    """``('programmes', 0, 'capacity')`` → ``programmes[0].capacity``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a value.

    ``loc`` is the field's path in the parameters, or, with ``override``, the path of the
    override that set it (its name first). ``unknown`` names a name that is no field:
    the model it was looked up in, and the name.
    """

    loc: Loc
    message: str
    given: str | None = None
    allowed: str | None = None
    override: bool = False
    unknown: tuple[type[BaseModel], str] | None = None

    def __str__(self) -> str:
        detail = [f"given {self.given}"] if self.given is not None else []
        if self.allowed:
            detail.append(f"allowed: {self.allowed}")
        tail = f" ({'; '.join(detail)})" if detail else ""
        return f"{format_loc(self.loc)}: {self.message}{tail}"


class ParameterError(ValueError):
    """Parameters are invalid; the message names each field, what was given and what is
    allowed, one a line (``issues`` holds them as data)."""

    def __init__(self, issues: Sequence[Issue] | str):
        self.issues = [] if isinstance(issues, str) else list(issues)
        super().__init__(issues if isinstance(issues, str) else "\n".join(map(str, issues)))


def unknown_issue(name: str, model: type[BaseModel], loc: Loc, choices: Iterable[str],
                  override: bool = False) -> Issue:
    """A name that is no field of ``model`` (with a did-you-mean among ``choices``)."""
    return Issue(loc, f"unknown parameter '{name}'{suggest(name, choices)}",
                 allowed="a parameter listed by `hiresim params`", override=override,
                 unknown=(model, name))


def bool_issue(model: type[BaseModel], name: str, value: Any, loc: Loc,
               override: bool = False) -> Issue | None:
    """True or false where a number is expected (pydantic would read it as 1 or 0)."""
    info = model.model_fields.get(name)
    if info is None or not numeric(info.annotation):
        return None
    if not any(isinstance(v, bool) for v in (value if isinstance(value, list) else [value])):
        return None
    return Issue(loc, "expected a number, not true/false", given=show_value(value),
                 allowed=allowed(model, name), override=override)


#: Short words for pydantic's error types (the given value and what is allowed follow).
_PLAIN = {
    "greater_than_equal": "too small", "greater_than": "too small",
    "less_than_equal": "too large", "less_than": "too large",
    "int_parsing": "not a whole number", "int_type": "not a whole number",
    "int_from_float": "not a whole number", "float_parsing": "not a number",
    "float_type": "not a number", "bool_parsing": "not true or false",
    "bool_type": "not true or false", "literal_error": "not one of the choices",
    "string_pattern_mismatch": "not a usable name", "string_type": "not text",
    "list_type": "not a list", "tuple_type": "not a list", "too_short": "too few values",
    "too_long": "too many values", "dict_type": "not a mapping",
    "model_type": "not a mapping", "model_attributes_type": "not a mapping",
    "finite_number": "not a finite number", "string_too_long": "too long",
    "string_too_short": "empty",
}
_MODEL_LEVEL = re.compile(r"^(?:Value error, )?(\w+)")


def validation_issues(err: ValidationError, model: type[BaseModel] = Params) -> list[Issue]:
    """pydantic's errors in plain words, each at the field it is about (a check of the
    whole model at the field its message starts with)."""
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        msg = e["msg"]
        given: Any = e.get("input")
        if not loc and e["type"] == "value_error":  # a model-level check
            m = _MODEL_LEVEL.match(msg)
            name = m.group(1) if m else ""
            loc = ("programmes",) if name == "programme" else (
                (name,) if name in model.model_fields else ())
            msg = msg.removeprefix("Value error, ")
            if isinstance(given, dict) and loc and loc[0] in given:
                given = given[loc[0]]  # the field's value, not the mapping
        target, name = model, str(loc[0]) if loc else ""
        if loc[:1] == ("programmes",) and len(loc) >= 3 and model is Params:
            target, name = Programme, str(loc[2])
        if e["type"] == "extra_forbidden":
            key = str(loc[-1])
            out.append(unknown_issue(key, target, loc, target.model_fields))
            continue
        given_text = show_value(given) if loc else None
        if e["type"] == "missing":
            given_text, msg = None, "missing (required)"
            if loc and isinstance(loc[-1], int):  # a tuple too short
                loc, msg, given_text = loc[:-1], "too few values", show_value(given)
        msg = _PLAIN.get(e["type"], msg)
        out.append(Issue(loc, msg, given=given_text,
                         allowed=allowed(target, name) if name else None))
    return out


def merged(issues: Iterable[Issue]) -> list[Issue]:
    """One issue for each field: the same complaint about several of a list's values
    (a number given for every region of birth, say) is said once, of the list."""
    out: list[Issue] = []
    seen: set[tuple] = set()
    for issue in issues:
        loc = issue.loc[:-1] if issue.loc and isinstance(issue.loc[-1], int) else issue.loc
        key = (loc, issue.message, issue.given)
        if key in seen:
            continue
        seen.add(key)
        out.append(issue if loc == issue.loc else replace(issue, loc=loc))
    return out

