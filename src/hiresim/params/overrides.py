"""Overrides: a base and a mapping of names to values give validated `Params`.

`resolve` is the one way parameters are changed: scenario variants and ``--set`` (through
`hiresim.config.located`, which adds the file and line of each problem), an experiment's
``set`` and factors, `make_params` and ``HireModel(**overrides)``. A name is

* a `Params` field, e.g. ``tightness``;
* a `Programme` field, set in every programme, e.g. ``meetings_per_month`` (there must
  be a programme);
* ``programmes.<programme name>.<field>``, set in one programme, e.g.
  ``programmes.trainees.capacity``;
* ``programmes``, a whole new list of programmes.

A new list is applied first, then the fields set in every programme, then those set in
one programme, so the order of the names does not matter: a lever given with a new list
applies to the new programmes, and one programme's own value wins. True or false where
a number belongs is refused (pydantic would read it as 1 or 0).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from .describe import allowed
from .issues import (
    Issue,
    Loc,
    ParameterError,
    bool_issue,
    merged,
    show_value,
    unknown_issue,
    validation_issues,
)
from .programme import PROGRAMME_FIELDS
from .schema import Params, Programme

__all__ = ["NAMES", "PROGRAMMES", "Applied", "apply", "make_params", "programme_target",
           "resolve", "target_field", "value_of"]

PROGRAMMES = "programmes"
#: Every name an override may have that is not ``programmes.<name>.<field>``.
NAMES = (*Params.model_fields, *PROGRAMME_FIELDS)
_DEFAULT_NAME = Programme.model_fields["name"].default


@dataclass
class Applied:
    """Overrides applied to parameter data, not yet validated."""

    data: dict[str, Any]
    #: (where in the data, which override) for every value an override set, in order.
    blame: list[tuple[Loc, Loc]] = field(default_factory=list)
    #: Problems with the overrides themselves (names, programmes, true/false).
    issues: list[Issue] = field(default_factory=list)

    def validated(self) -> Params:
        """The data as `Params`; `ParameterError` names the override at fault."""
        try:
            return Params.model_validate(self.data)
        except ValidationError as err:
            issues = [self._blamed(i) for i in validation_issues(err)]
            raise ParameterError(merged(issues)) from None

    def _blamed(self, issue: Issue) -> Issue:
        """``issue`` at the override that set its value (the last one), if any did."""
        for prefix, path in reversed(self.blame):
            n = len(prefix)
            if issue.loc[:n] == prefix:
                whole = n == 1 or prefix == (PROGRAMMES,)  # a value below it is named too
                return replace(issue, loc=(*path, *issue.loc[n:]) if whole else path,
                               override=True)
        return issue


def programme_target(name: str) -> tuple[str, str] | None:
    """``programmes.<programme name>.<field>`` → (programme name, field); else None."""
    if name.startswith(PROGRAMMES + ".") and name.count(".") >= 2:
        programme, _, fname = name[len(PROGRAMMES) + 1:].rpartition(".")
        return programme, fname
    return None


def target_field(name: str) -> tuple[type[BaseModel], str] | None:
    """The model and field that override ``name`` sets (`Programme` for a lever, of every
    programme or of one), or None if it names no field."""
    target = programme_target(name)
    if target is not None:
        return (Programme, target[1]) if target[1] in PROGRAMME_FIELDS else None
    if name in PROGRAMME_FIELDS:
        return Programme, name
    return (Params, name) if name in Params.model_fields else None


def value_of(params: Params, name: str) -> Any:
    """The value that override ``name`` has in ``params`` (for a lever of every
    programme, the first programme's)."""
    target = programme_target(name)
    if target is not None:
        pname, fname = target
        return getattr(next(p for p in params.programmes if p.name == pname), fname)
    if name in PROGRAMME_FIELDS:
        return getattr(params.programmes[0], name)
    return getattr(params, name)


def _rank(name: str) -> int:
    """The order of application: a new list, every programme's fields, one programme's."""
    return 0 if name == PROGRAMMES else 2 if programme_target(name) else 1


def _plain(value: Any) -> Any:
    """A copy of ``value`` as plain data (a `Programme` as its fields)."""
    return value.model_dump() if isinstance(value, BaseModel) else copy.deepcopy(value)


def apply(data: Mapping[str, Any], overrides: Mapping[str, Any]) -> Applied:
    """``overrides`` applied to parameter data (a copy; without ``programmes`` it has the
    default programme), with the problems of their names found on the way."""
    out = Applied({k: _plain(v) for k, v in data.items()})
    progs = out.data.get(PROGRAMMES, [Programme().model_dump()])
    out.data[PROGRAMMES] = [_plain(p) for p in progs] if isinstance(progs, list) else progs
    order = {name: i for i, name in enumerate(overrides)}
    for name in sorted(overrides, key=lambda n: (_rank(n), order[n])):
        _apply_one(out, name, overrides[name])
    out.issues.sort(key=lambda i: order.get(i.loc[0], len(order)) if i.loc else len(order))
    return out


def _apply_one(out: Applied, name: str, value: Any) -> None:
    """Apply one override to ``out.data``, noting what it set and any problem."""
    path: Loc = (name,)
    data, progs = out.data, out.data[PROGRAMMES]
    progs = progs if isinstance(progs, list) else []
    target = programme_target(name)
    if name == PROGRAMMES:
        if not isinstance(value, list):
            out.issues.append(Issue(path, "expected a list", given=show_value(value),
                                    allowed=allowed(Params, name), override=True))
            return
        data[PROGRAMMES] = [_plain(p) for p in value]
        out.blame.append(((PROGRAMMES,), path))
        for i, p in enumerate(data[PROGRAMMES]):
            if isinstance(p, dict):
                out.issues += [issue for k, v in p.items() if (issue := bool_issue(
                    Programme, k, v, (*path, i, k), override=True))]
        return
    model: type[BaseModel] = Programme
    fname = name
    if target is not None:
        pname, fname = target
        names = [p.get("name", _DEFAULT_NAME) if isinstance(p, dict) else None for p in progs]
        if pname not in names:
            out.issues.append(Issue(path, f"no programme named '{pname}'", override=True,
                                    allowed="programme names: " + (", ".join(map(
                                        str, names)) or "none")))
            return
        if fname not in PROGRAMME_FIELDS:
            out.issues.append(unknown_issue(fname, Programme, path, PROGRAMME_FIELDS,
                                            override=True))
            return
        i = names.index(pname)
        progs[i][fname] = value
        out.blame.append(((PROGRAMMES, i, fname), path))
    elif name in PROGRAMME_FIELDS:
        if not progs:
            out.issues.append(Issue(
                path, f"'{name}' is a programme lever, but there is no programme to apply "
                      "it to", allowed="define programmes first", override=True))
            return
        for i, p in enumerate(progs):
            if isinstance(p, dict):
                p[name] = value
                out.blame.append(((PROGRAMMES, i, name), path))
    elif name in Params.model_fields:
        data[name] = value
        out.blame.append(((name,), path))
        model = Params
    else:
        out.issues.append(unknown_issue(name, Params, path, NAMES, override=True))
        return
    if issue := bool_issue(model, fname, value, path, override=True):
        out.issues.append(issue)


def resolve(base: Params | Mapping[str, Any] | None, overrides: Mapping[str, Any]) -> Params:
    """``base`` (`Params`, their data, or None for the defaults) with ``overrides``
    applied, validated; `ParameterError` lists every problem, each naming the override
    (or the base's field) and what is allowed. Valid `Params` without overrides are
    returned as they are, not validated again."""
    if isinstance(base, Params):
        if not overrides:
            return base
        out = apply(base.model_dump(), overrides)
    else:
        out = apply(base or {}, overrides)
        out.issues[:0] = _bool_issues(base or {})
    if out.issues:
        raise ParameterError(out.issues)
    return out.validated()


def _bool_issues(data: Mapping[str, Any]) -> list[Issue]:
    """True or false where a number belongs, anywhere in parameter data."""
    found = [bool_issue(Params, k, v, (k,)) for k, v in data.items()]
    progs = data.get(PROGRAMMES)
    for i, p in enumerate(progs if isinstance(progs, list) else []):
        if isinstance(p, dict):
            found += [bool_issue(Programme, k, v, (PROGRAMMES, i, k)) for k, v in p.items()]
    return [issue for issue in found if issue is not None]


def make_params(params: Params | Mapping[str, Any] | None = None, **overrides: Any) -> Params:
    """Validated `Params` from a base and keyword overrides (`resolve`).

    A keyword that names a `Programme` field (for example ``meetings_per_month``) is
    applied to every programme, so Mesa's ``batch_run`` and the teaching app can drive
    programme levers as flat keywords.
    """
    return resolve(params, overrides)
