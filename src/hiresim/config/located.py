"""Problems with parameters, placed where they were written.

The parameter layer says what is wrong with a value (`hiresim.params.issues.Issue`) and
applies overrides (`hiresim.params.overrides.resolve`). This module adds the file and
line of each problem from a `SourceMap` (or "command line"), and the hints that depend
on where a name was written: under ``market``, in a programme, at the top level.
Documents validated by a model of their own (experiment files) are `checked`: every
problem placed the same way, saying what its own field allows.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from ..params.describe import allowed, suggest
from ..params.issues import Issue, ParameterError, bool_issue, merged, validation_issues
from ..params.overrides import NAMES, apply, resolve
from ..params.programme import PROGRAMME_FIELDS
from ..params.schema import Params, Programme
from .problems import Path_, Problem, ScenarioError, format_path, show_value
from .safe_yaml import SourceMap
from .settings import SETTINGS, TOP_KEYS, Settings

__all__ = ["Checked", "Found", "apply_overrides", "bool_problems", "checked", "invalid",
           "name_problems", "override", "problems", "unknown_problem", "validated"]

M = TypeVar("M", bound=BaseModel)


def _hint(key: str, model: type[BaseModel]) -> str:
    """Where a name that is no field of ``model`` belongs instead, if anywhere."""
    if model is not Params and key in Params.model_fields and key != "programmes":
        return "; it is a labour-market parameter: set it under 'market'"
    if model is not Programme and key in PROGRAMME_FIELDS:
        return "; it is a programme lever: set it in a programme under 'programmes'"
    if model is not Settings and key in TOP_KEYS:
        return "; it is a scenario setting: set it at the top level"
    return ""


def unknown_problem(key: str, model: type[BaseModel], path: Path_, src: SourceMap) -> Problem:
    """A key that ``model`` does not have, with where it belongs or a did-you-mean."""
    file, line = src.locate(path)
    hint = _hint(key, model) or suggest(key, model.model_fields)
    if model is Settings:
        return Problem(file, line, format_path(path), f"unknown key '{key}'{hint}",
                       allowed=", ".join(TOP_KEYS))
    return Problem(file, line, format_path(path), f"unknown parameter '{key}'{hint}",
                   allowed="a parameter listed by `hiresim params`")


def problems(issues: list[Issue], to_path: Callable[[Issue], Path_],
             src: SourceMap) -> list[Problem]:
    """``issues`` as problems at ``to_path(issue)``, located in ``src``."""
    out = []
    for issue in issues:
        path = to_path(issue)
        file, line = src.locate(path)
        message = issue.message
        if issue.unknown is not None:
            model, key = issue.unknown
            if model is Settings:
                out.append(unknown_problem(key, model, path, src))
                continue
            if hint := _hint(key, model):
                message = f"unknown parameter '{key}'{hint}"
        out.append(Problem(file, line, format_path(path), message, given=issue.given,
                           allowed=issue.allowed))
    return out


def validated(model: type[M], data: Any, to_path: Callable[[Path_], Path_], src: SourceMap
              ) -> tuple[M | None, list[Problem]]:
    """``data`` validated as ``model``, or None and its problems (a field's path in the
    model mapped to the document by ``to_path``)."""
    try:
        return model.model_validate(data), []
    except ValidationError as err:
        issues = merged(validation_issues(err, model))
        return None, problems(issues, lambda i: to_path(i.loc), src)


def bool_problems(model: type[BaseModel], data: Mapping[str, Any], path: Path_,
                  src: SourceMap) -> list[Problem]:
    """True or false where ``data`` (at ``path``) should hold a number."""
    issues = [i for k, v in data.items() if (i := bool_issue(model, k, v, (*path, k)))]
    return problems(issues, lambda i: i.loc, src)


def _settings_apart(overrides: Mapping[str, Any], where: Path_, src: SourceMap
                    ) -> tuple[dict[str, Any], list[Problem]]:
    """The overrides that may name parameters, and a problem for each run setting."""
    kept, found = {}, []
    for key, value in overrides.items():
        if key not in NAMES and (key in SETTINGS or key == "extends"):
            file, line = src.locate((*where, key))
            found.append(Problem(
                file, line, format_path((*where, key)),
                f"'{key}' is a scenario setting and cannot differ between variants",
                allowed="model parameters and programme levers"))
        else:
            kept[key] = value
    return kept, found


def _at(where: Path_) -> Callable[[Issue], Path_]:
    """An override's issue at the override (below ``where``), else at ``where``."""
    return lambda i: (*where, *i.loc) if i.override else where


def override(base: Params, overrides: Mapping[str, Any], where: Path_, src: SourceMap
             ) -> tuple[Params | None, list[Problem]]:
    """``base`` with ``overrides`` (written at ``where``) applied and validated
    (`hiresim.params.overrides.resolve`), or None and every problem, located."""
    kept, found = _settings_apart(overrides, where, src)
    if found:
        return None, found + name_problems(base.model_dump(), kept, where, src)
    try:
        return resolve(base, kept), []
    except ParameterError as err:
        return None, problems(err.issues, _at(where), src)


def name_problems(data: Mapping[str, Any], overrides: Mapping[str, Any], where: Path_,
                  src: SourceMap) -> list[Problem]:
    """The problems of the overrides' names alone (and of true/false for a number), for
    a base whose own problems keep its values from being checked."""
    kept, found = _settings_apart(overrides, where, src)
    return found + problems(apply(data, kept).issues, _at(where), src)


def apply_overrides(params: Params, overrides: Mapping[str, Any], where: Path_ = (),
                    src: SourceMap | None = None) -> Params:
    """``params`` with ``overrides`` applied by the rules of variants
    (`hiresim.params.overrides`); `ScenarioError` lists every problem, located in
    ``src`` (default: "(overrides)")."""
    src = src or SourceMap(default_file="(overrides)")
    result, found = override(params, overrides, where, src)
    if found:
        raise ScenarioError(found)
    assert result is not None
    return result


# --- Documents validated by a model (experiment files) ---------------------------------
def invalid(message: str, allowed: str | None = None) -> PydanticCustomError:
    """The error a model's validator raises for a value it refuses: ``message`` (plain
    words, no braces) and what is allowed, reported like any other problem."""
    return PydanticCustomError("invalid", message, {"allowed": allowed} if allowed else None)


@dataclass(frozen=True)
class Checked(Generic[M]):
    """A document validated as a model: the model (None if invalid), every problem, and
    the top-level keys that have one (the others hold valid values)."""

    value: M | None
    problems: list[Problem]
    faulty: frozenset[str | int]


def _bare(ann: Any) -> Any:
    """``ann`` without ``Annotated`` and ``| None``."""
    while True:
        if typing.get_origin(ann) is Annotated:
            ann = typing.get_args(ann)[0]
            continue
        args = typing.get_args(ann)
        if type(None) in args and len(args) == 2:
            ann = next(a for a in args if a is not type(None))
            continue
        return ann


def _is_model(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, BaseModel)


def _owner(model: type[BaseModel], loc: Path_) -> tuple[type[BaseModel], str | None]:
    """The model whose field ``loc`` is in (through nested models, lists and mappings),
    and that field (None: ``loc`` is the model itself)."""
    owner, name, ann = model, None, _bare(model)
    for part in loc:
        if _is_model(ann):
            if not (isinstance(part, str) and part in ann.model_fields):
                return ann, None
            owner, name, ann = ann, part, _bare(ann.model_fields[part].annotation)
        elif typing.get_origin(ann) in (list, tuple, dict):
            args = typing.get_args(ann)
            ann = _bare(args[-1] if typing.get_origin(ann) is dict else args[0]) if args \
                else Any
        else:
            break
    return (ann, None) if _is_model(ann) and ann is not owner else (owner, name)


def _describe(model: type[BaseModel], name: str | None) -> str | None:
    """What a field (or, without ``name``, a model as a whole) allows, in words. A model
    says what it allows as a whole, and what its keys are called, in its
    ``json_schema_extra`` (``allowed``, ``key``)."""
    if name is not None:
        return allowed(model, name) or None
    extra = model.model_config.get("json_schema_extra")
    return str(extra["allowed"]) if isinstance(extra, dict) and "allowed" in extra else None


def _located_issue(model: type[BaseModel], error: Any, issue: Issue) -> Issue:
    """``issue`` (pydantic's ``error`` in plain words) with what its own field allows:
    an unknown key with a did-you-mean among its model's keys, a misspelt choice with a
    did-you-mean, a validator's refusal with the validator's own words."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        owner, _ = _owner(model, loc[:-1])
        key = str(loc[-1])
        keys = list(owner.model_fields)
        extra = owner.model_config.get("json_schema_extra")
        kind = extra.get("key", "key") if isinstance(extra, dict) else "key"
        return Issue(loc, f"unknown {kind} '{key}'{suggest(key, keys)}",
                     allowed=", ".join(keys) or "none")
    owner, name = _owner(model, loc)
    message = issue.message
    if error["type"] == "literal_error" and isinstance(error.get("input"), str):
        choices = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
        message += suggest(error["input"], choices)
    ctx = error.get("ctx") or {}
    given = None if error["type"] == "missing" or (
        error["type"] == "invalid" and error.get("input") is None) else show_value(
        error.get("input"))  # a validator refusing nothing refuses a key left out
    return replace(issue, loc=loc, message=message, given=given,
                   allowed=ctx.get("allowed") or _describe(owner, name))


def checked(model: type[M], data: Any, where: Path_, src: SourceMap,
            context: dict[str, Any] | None = None) -> Checked[M]:
    """``data``, written at ``where`` in ``src``, validated as ``model`` (nested models,
    unknown keys refused): the model, or every problem, located, each saying what its
    own field allows. ``context`` reaches the validators (`pydantic.ValidationInfo`)."""
    try:
        return Checked(model.model_validate(data, context=context), [], frozenset())
    except ValidationError as err:
        errors = err.errors()
        issues = [_located_issue(model, e, i) for e, i in
                  zip(errors, validation_issues(err, model), strict=True)]
    found = problems(issues, lambda i: (*where, *i.loc), src)
    return Checked(None, found, frozenset(e["loc"][0] for e in errors if e["loc"]))


class Found:
    """Problems found so far in one file, each located by its path (`add`) or already
    located (`extend`); experiment files collect theirs here."""

    def __init__(self, src: SourceMap):
        self.src, self.items = src, []

    def add(self, where: Path_, message: str, given: Any = None,
            allowed: str | None = None) -> None:
        """A problem at ``where``; ``given`` (if not None) is shown as the value given."""
        file, line = self.src.locate(where)
        self.items.append(Problem(file, line, format_path(where), message,
                                  given=None if given is None else show_value(given),
                                  allowed=allowed))

    def extend(self, found: list[Problem]) -> None:
        self.items += found
