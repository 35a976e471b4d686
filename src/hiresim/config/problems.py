"""Problems in an input file: where (file, line, field), what was given, what is allowed.

Scenario and experiment files report every problem found at once, one line each, in
one `ScenarioError`; the checks of an experiment's parts hand theirs to a `Problems`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..params.issues import Loc, format_loc, show_value

__all__ = ["Path_", "Problem", "Problems", "ScenarioError", "format_path", "show_value"]

#: A field's path in a document, e.g. ``("programmes", 0, "capacity")``.
Path_ = Loc


def format_path(path: Path_) -> str:
    """``('programmes', 0, 'capacity')`` → ``programmes[0].capacity``; a path on the
    command line reads ``--set NAME``."""
    if path[:1] == ("--set",):
        return "--set " + format_loc(path[1:])
    return format_loc(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where, what was given, what is allowed."""

    file: str
    line: int | None
    path: str
    message: str
    given: str | None = None
    allowed: str | None = None

    def __post_init__(self) -> None:  # one line per problem, whatever a parser said
        object.__setattr__(self, "message", " ".join(str(self.message).split()))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        detail = []
        if self.given is not None:
            detail.append(f"given {self.given}")
        if self.allowed:
            detail.append(f"allowed: {self.allowed}")
        tail = f" ({'; '.join(detail)})" if detail else ""
        return f"{where}: {self.path}: {self.message}{tail}"


class ScenarioError(ValueError):
    """A scenario file is invalid; the message lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        files = sorted({p.file for p in self.problems})
        head = (f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} "
                f"in {', '.join(files)}:")
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class Problems(Protocol):
    """Where problems go: `add` one, located by its path in the file."""

    def add(self, where: tuple, message: str, given: Any = ...,
            allowed: str | None = None) -> None: ...
