"""A scenario back from its resolved form (`Scenario.resolved`, as a result directory's
manifest.json stores it), for work on results without the scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..params.schema import Params
from .scenario import BASE, Scenario

__all__ = ["ResolvedError", "scenario_from_resolved"]


class ResolvedError(ValueError):
    """A resolved scenario that does not describe a scenario of this version."""


def scenario_from_resolved(data: Any, notes: list[str] | tuple[str, ...] = ()) -> Scenario:
    """The `Scenario` whose `Scenario.resolved` is ``data``: the run settings and every
    variant's full parameters, validated again (``notes``: those the run printed).

    Raises `ResolvedError` saying what is missing or invalid."""
    try:
        params = {name: Params.model_validate(p) for name, p in data["params"].items()}
        variants = {name: dict(over) for name, over in (data.get("variants") or {}).items()
                    if name != BASE}
        scenario = Scenario(
            name=str(data["name"]), path=Path(data["path"]) if data.get("path") else None,
            description=str(data.get("description") or ""), weeks=int(data["weeks"]),
            replications=int(data["replications"]), seed=int(data["seed"]),
            evaluation=str(data["evaluation"]), all_params=params, variants=variants,
            horizons_months=tuple(float(m) for m in data["horizons_months"]),
            extends=tuple(Path(p) for p in data.get("extends") or ()), notes=tuple(notes))
    except KeyError as err:
        raise ResolvedError(f"it has no {err.args[0]!r}") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ResolvedError(f"its parameters are not valid in this version of hiresim "
                            f"({where}: {first['msg']})") from None
    except (TypeError, ValueError, AttributeError) as err:
        raise ResolvedError(f"it is malformed ({err})") from None
    if BASE not in scenario.all_params:
        raise ResolvedError("it has no parameters for the base")
    return scenario
