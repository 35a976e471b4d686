"""Problems with parameters, placed where they were written.

The parameter layer says what is wrong with a value (`hiresim.params.issues.Issue`) and
applies overrides (`hiresim.params.overrides.resolve`). This module adds the file and
line of each problem from a `SourceMap` (or "command line"), and the hints that depend
on where a name was written: under ``market``, in a programme, at the top level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..params.describe import suggest
from ..params.issues import Issue, ParameterError, bool_issue, merged, validation_issues
from ..params.overrides import NAMES, apply, resolve
from ..params.programme import PROGRAMME_FIELDS
from ..params.schema import Params, Programme
from .problems import Path_, Problem, ScenarioError, format_path
from .safe_yaml import SourceMap
from .settings import SETTINGS, TOP_KEYS, Settings

__all__ = ["apply_overrides", "bool_problems", "name_problems", "override", "problems",
           "unknown_problem", "validated"]

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
