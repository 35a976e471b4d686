"""The package's architecture: no import circles (type-only imports included), and
dependencies between the subpackages that point one way (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hiresim"

#: Subpackages from the bottom up: each may import only from those before it.
LAYERS = ("params", "model", "config", "pipeline", "sweep", "outputs", "app", "cli")
#: Lines above which a module is too large to read in one sitting.
MAX_LINES = 400
#: Modules still over `MAX_LINES`, with their size when the package was laid out in
#: subpackages (or since shrunk): each is to be split, none may grow, and no other module
#: may join them.
OVERSIZED: dict[str, int] = {}

#: Inside the model, from the bottom up (docs/architecture.md): the state layer (the
#: arrays and the operations on them), then the rules that several mechanisms apply.
#: Neither imports a mechanism: a change of state or a rule that two mechanisms share
#: lives here, not in one of them.
STATE_LAYER = ("jit", "streams", "state", "operations")
SHARED_RULES = ("contacts", "jobs", "population", "newcomers", "employers")
#: Phases of the week that only the week (`hiresim.model.model`) runs: no other module
#: reaches into them.
WEEK_ONLY = ("flows", "separations", "skills", "hiring", "learning", "programme")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every hiresim module ``path`` imports, at any depth of the file (type-only and
    function-level imports included)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("hiresim")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("hiresim"):
                target = node.module
            else:
                continue
            found.add(target)
            for alias in node.names:  # `from . import vacancies` names a module
                candidate = f"{target}.{alias.name}"
                if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists():
                    found.add(candidate)
    return found - {name}


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {t for t in imports(p) if t in modules} for m, p in modules.items()}


def find_cycle(g: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``g`` (package initialisers of the importing module's own
    package excluded: Python runs them first, they do not make a circle), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(g[m]):
            if m.startswith(t + "."):  # a module importing its own package's __init__
                continue
            if state.get(t) == 1:
                return [*stack[stack.index(t):], t]
            if t not in state and (cycle := visit(t)):
                return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(g):
        if m not in state and (cycle := visit(m)):
            return cycle
    return None


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_graph_sees_imports_of_every_kind() -> None:
    g = graph()
    assert "hiresim.model.vacancies" in g["hiresim.model.hiring"]  # from . import vacancies
    assert "hiresim.params.schema" in g["hiresim.model.state"]  # type-only
    assert "hiresim.pipeline.runner" in g["hiresim.outputs.report"]  # type-only


def test_a_circle_is_found() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circles() -> None:
    assert find_cycle(graph()) is None


def test_subpackages_depend_one_way() -> None:
    wrong = sorted(f"{m} imports {t}" for m, targets in graph().items() for t in targets
                   if layer(m) is not None and layer(t) is not None and layer(t) > layer(m))
    assert not wrong, wrong


def test_no_module_is_too_large() -> None:
    sizes = {module_name(p): len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")}
    too_large = {m: n for m, n in sizes.items() if n > OVERSIZED.get(m, MAX_LINES)}
    assert not too_large, f"over {MAX_LINES} lines (or grown since listed): {too_large}"


def test_the_state_layer_and_the_shared_rules_import_no_mechanism() -> None:
    floor = {f"hiresim.model.{m}": 0 for m in STATE_LAYER}
    floor |= {f"hiresim.model.{m}": 1 for m in SHARED_RULES}
    g = graph()
    wrong = sorted(f"{m} imports {t}" for m, f in floor.items() for t in g[m]
                   if t.startswith("hiresim.model.") and floor.get(t, 2) > f)
    assert not wrong, wrong


def test_only_the_week_runs_its_phases() -> None:
    phases = {f"hiresim.model.{m}" for m in WEEK_ONLY}
    wrong = sorted(f"{m} imports {t}" for m, targets in graph().items() for t in targets
                   if t in phases and m != "hiresim.model.model")
    assert not wrong, wrong


def test_every_field_of_the_world_names_its_type() -> None:
    """`World` holds no field typed ``object``, ``Any`` or a bare ``dict``: what one part
    of the model hands another has a declared type (docs/architecture.md, the week)."""
    from hiresim.model.state import World

    loose = {name: kind for name, kind in World.__annotations__.items()
             if kind in ("object", "Any", "dict", "list", "tuple")}
    assert not loose, loose
