"""Problems in an input file: where (file, line, field), what was given, what is allowed.

Scenario and experiment files report every problem found at once, one line each, in
one `ScenarioError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Path_", "Problem", "ScenarioError", "format_path", "show_value"]

#: A field's path in a document, e.g. ``("programmes", 0, "capacity")``.
Path_ = tuple[str | int, ...]


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


def format_path(path: Path_) -> str:
    """``('programmes', 0, 'capacity')`` → ``programmes[0].capacity``."""
    if path[:1] == ("--set",):
        return "--set " + ".".join(str(p) for p in path[1:])
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


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
