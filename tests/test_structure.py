"""The code's shape: MkDocs is used in one module only, through its public API, and no module imports another that
imports it back (directly or through others)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, relative ones resolved; `from a import b` gives a.b
    when a.b is a module, else a."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((module, node.lineno))
            out += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return out


def test_only_the_theme_module_imports_mkdocs_or_material() -> None:
    users = sorted({f"{name}:{line}" for name, path in _modules().items() for module, line in _imports(name, path)
                    if module.split(".")[0] in ("mkdocs", "material")})
    assert users and {u.split(":")[0] for u in users} == {"generator.render.theme"}, users


def test_no_import_circles() -> None:
    modules = _modules()
    graph = {name: sorted({m for m, _ in _imports(name, path) if m in modules and m != name
                           and not name.startswith(m + ".")})  # a package's own __init__ is not a circle
             for name, path in modules.items()}
    assert sum(map(len, graph.values())) > 50  # the walk sees the imports (a sanity check of this test)
    circles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert circles == []
