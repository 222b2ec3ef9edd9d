"""No import cycles: the direction of every import is the direction of the flow.

The graph is built from the source with ``ast``, not by importing: every ``import`` and
``from ... import`` counts wherever it stands (module level, inside a function, under
``if TYPE_CHECKING:``), relative or absolute. A lazy or type-only import that closes a
loop is still a loop: the two modules can no longer be read, tested or moved apart.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "zerolint"

# (importing module, imported module) -> the line of the import, for the message.
Graph = dict[str, dict[str, int]]


def module_names(root: Path) -> dict[str, Path]:
    """Every module under ``root`` by dotted name (a package by its own name)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> Iterator[str]:
    """The dotted names an import statement may load (its module, and each name as a
    submodule)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        base = module.split(".")
        drop = node.level - 1 if is_package else node.level
        base = base[: len(base) - drop] if drop else base
        prefix = ".".join(base)
        target = f"{prefix}.{node.module}" if node.module else prefix
    else:
        target = node.module or ""
    yield target
    for alias in node.names:
        yield f"{target}.{alias.name}"


def import_graph(root: Path) -> tuple[Graph, dict[str, Path]]:
    """Which module of ``root`` imports which, with the line of the first such import."""
    modules = module_names(root)
    graph: Graph = {name: {} for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported(node, name, is_package):
                    if target in modules and target != name:
                        graph[name].setdefault(target, node.lineno)
    return graph, modules


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def shortest_loop(component: list[str], graph: Graph) -> list[str]:
    """One shortest loop through the component's modules, its first module repeated last."""
    members = set(component)
    best: list[str] = []
    for start in component:
        came_from: dict[str, str] = {}
        frontier = [start]
        while frontier:
            closing = next((name for name in frontier if start in graph[name]), None)
            if closing is not None:
                loop = [start, closing]
                while loop[-1] != start:
                    loop.append(came_from[loop[-1]])
                loop.reverse()
                if not best or len(loop) < len(best):
                    best = loop
                break
            following = []
            for name in frontier:
                for target in graph[name]:
                    if target in members and target != start and target not in came_from:
                        came_from[target] = name
                        following.append(target)
            frontier = following
    return best


def describe(component: list[str], graph: Graph, modules: dict[str, Path]) -> str:
    """A cycle's modules, then one shortest loop through them, import by import."""
    lines = [", ".join(component)]
    loop = shortest_loop(component, graph)
    for name, target in zip(loop, loop[1:], strict=False):
        where = modules[name].relative_to(PACKAGE.parent)
        lines.append(f"    {where}:{graph[name][target]}: {name} imports {target}")
    return "\n".join(lines)


def assert_no_cycle(prefix: str) -> None:
    graph, modules = import_graph(PACKAGE)
    within = [
        component
        for component in cycles(graph)
        if any(name == prefix or name.startswith(prefix + ".") for name in component)
    ]
    if within:
        report = "\n".join(describe(component, graph, modules) for component in within)
        pytest.fail(f"import cycles:\n{report}", pytrace=False)


def test_no_import_cycle_in_zerolint():
    assert_no_cycle("zerolint")


def subpackage(name: str) -> str:
    """``zerolint.engine.lint`` -> ``zerolint.engine``; a top-level module is its own."""
    return ".".join(name.split(".")[:2])


def subpackage_loops(graph: Graph) -> list[str]:
    """Subpackages that import each other, directly or around a loop, each loop with the
    module imports that make it. The root package (``__version__`` only) is left out."""
    crossing: dict[tuple[str, str], str] = {}
    for name, targets in graph.items():
        for target in sorted(targets, key=len, reverse=True):  # the module, not its package
            pair = (subpackage(name), subpackage(target))
            if pair[0] != pair[1] and subpackage(target) != name.split(".")[0]:
                crossing.setdefault(pair, f"{name} imports {target}")
    packages: Graph = {}
    for source, target in crossing:
        packages.setdefault(source, {})[target] = 0
        packages.setdefault(target, {})
    return [
        ", ".join(loop)
        + "".join(f"\n    {crossing[(a, b)]}" for a in loop for b in loop if (a, b) in crossing)
        for loop in cycles(packages)
    ]


def test_subpackages_import_each_other_one_way():
    """The layout shows the flow (docs/architecture.md, "The layout"): cli, lsp, fix,
    report, verify, run, engine, inputs, config, checks, rules, facts, each importing only
    from those after it, never back."""
    graph, _ = import_graph(PACKAGE)
    loops = subpackage_loops(graph)
    if loops:
        pytest.fail("subpackages that import each other:\n" + "\n".join(loops), pytrace=False)


def test_package_inits_are_documentation_only():
    """Importing a module runs its packages' ``__init__.py`` first: one that imported a
    sibling would tie every module of the package to it, a loop the graph above does not
    draw. So no ``__init__.py`` imports anything."""
    importing = [
        str(path.relative_to(PACKAGE.parent))
        for path in sorted(PACKAGE.rglob("__init__.py"))
        if any(
            isinstance(node, ast.Import | ast.ImportFrom)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert importing == []


def test_the_graph_sees_lazy_relative_and_type_only_imports(tmp_path):
    """The check itself: each kind of import that can close a loop is seen."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from . import leaf\n")
    (package / "sub" / "leaf.py").write_text("def f():\n    from pkg import top\n")
    (package / "top.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub.leaf import f\n"
    )
    (package / "alone.py").write_text("import pkg.top\n")
    graph, _ = import_graph(package)
    assert graph["pkg.sub"] == {"pkg.sub.leaf": 1}
    assert graph["pkg.sub.leaf"] == {"pkg": 2, "pkg.top": 2}
    assert graph["pkg.top"] == {"pkg.sub.leaf": 3}
    assert cycles(graph) == [["pkg.sub.leaf", "pkg.top"]]


def test_a_loop_between_subpackages_is_seen(tmp_path):
    """Modules that are not in a loop may still tie their subpackages into one."""
    package = tmp_path / "pkg"
    for sub in ("low", "high"):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "low" / "a.py").write_text("def f():\n    from pkg.high import b\n")
    (package / "high" / "b.py").write_text("")
    (package / "high" / "c.py").write_text("from pkg.low import a\n")
    graph, _ = import_graph(package)
    assert cycles(graph) == []
    assert subpackage_loops(graph) == [
        "pkg.high, pkg.low\n    pkg.high.c imports pkg.low.a\n    pkg.low.a imports pkg.high.b"
    ]
