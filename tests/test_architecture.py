"""The architecture holds: no import circle between the modules of kiosk/, and no
feature imports another feature's views to render its own pages."""

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(KIOSK.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Return the kiosk modules a file imports at its top level (where it runs at
    import time: a circle there breaks the app's start)."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in modules}


def graph() -> dict[str, set[str]]:
    paths = list(KIOSK.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def package_of(module: str) -> str:
    return module if module.count(".") < 1 else module.rsplit(".", 1)[0]


def test_no_import_circle_between_modules():
    """A package's __init__ importing its own views at its bottom (one blueprint,
    one package) is how Flask blueprints gather their views: that edge is left out."""
    edges = {
        module: {
            target
            for target in targets
            if not (module.endswith("__init__") or package_of(target) == module)
        }
        for module, targets in graph().items()
    }
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    stack: list[str] = []

    def visit(module: str) -> None:
        seen[module] = 1
        stack.append(module)
        for target in sorted(edges.get(module, ())):
            if seen.get(target) == 1:
                circle = stack[stack.index(target) :] + [target]
                raise AssertionError(" → ".join(circle))
            if target not in seen:
                visit(target)
        stack.pop()
        seen[module] = 2

    for module in sorted(edges):
        if module not in seen:
            visit(module)


def test_no_feature_imports_another_feature_s_views():
    for module, targets in graph().items():
        feature = module.split(".")[1] if module.count(".") else ""
        for target in targets:
            parts = target.split(".")
            if parts[-1] == "views" and len(parts) > 2 and parts[1] != feature:
                # The staff export page serves the same files as the public one.
                allowed = (module, target) == (
                    "kiosk.admin.views.data",
                    "kiosk.opendata.views",
                )
                assert allowed, f"{module} imports {target}"
