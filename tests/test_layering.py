"""The layers: engine → data, training, models, expressions → lessons, layout, labs → session
files → bench, CLI → Qt app.

Everything below the app is pure NumPy and the standard library: no Qt, no plotting,
and each package imports only the layers beneath it. The one exception is the layout,
which may use networkx (a graph library, still no GUI). Above them, the app is the only
package that imports Qt at module level: the benchmark drives the app, and the CLI
launches it, only from inside the functions that need it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "networkx", "PyQt5", "PyQt6")
THIRD_PARTY = {"numpy"}
# Third-party libraries one package may use beyond numpy; FORBIDDEN elsewhere.
ALSO_ALLOWED = {"bpviz.layout": {"networkx"}}
# Each headless package and the bpviz modules it may import.
LAYERS = {
    "bpviz.engine": ("bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.data": ("bpviz.data", "bpviz.errors", "bpviz.formatting"),
    "bpviz.training": ("bpviz.training", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.models": ("bpviz.models", "bpviz.training", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.expression": ("bpviz.expression", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.lessons": ("bpviz.lessons", "bpviz.engine", "bpviz.models", "bpviz.training",
                      "bpviz.expression", "bpviz.data", "bpviz.errors", "bpviz.formatting"),
    "bpviz.layout": ("bpviz.layout", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.labs": ("bpviz.labs", "bpviz.data", "bpviz.models", "bpviz.training", "bpviz.engine",
                   "bpviz.errors", "bpviz.formatting"),
    "bpviz.sessions": ("bpviz.sessions", "bpviz.labs", "bpviz.lessons", "bpviz.expression",
                       "bpviz.data", "bpviz.models", "bpviz.training", "bpviz.engine",
                       "bpviz.errors", "bpviz.formatting"),
}


# The packages above the headless layers, the bpviz modules each may import at module
# level (outside any function), and the one module with process-wide settings.
BASE = ("bpviz.runtime", "bpviz.errors", "bpviz.formatting", *LAYERS)
UPPER = {"bpviz.bench": ("bpviz.bench", *BASE), "bpviz.cli": ("bpviz.cli", "bpviz.bench", *BASE)}
RUNTIME = REPO / "bpviz" / "runtime.py"
GUI = tuple(name for name in FORBIDDEN if name != "networkx")
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _imports(nodes) -> list[str]:
    names = []
    for node in nodes:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def imported_modules(path: Path) -> list[str]:
    """Every absolute module a file imports, wherever the import statement is."""
    return _imports(ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))))


def module_level_imports(path: Path) -> list[str]:
    """The absolute modules a file imports outside any function: what importing it loads."""
    found, todo = [], [ast.parse(path.read_text(encoding="utf-8"), str(path))]
    while todo:
        node = todo.pop()
        found.append(node)
        todo.extend(child for child in ast.iter_child_nodes(node)
                    if not isinstance(child, FUNCTIONS))
    return _imports(found)


def package_files(packages=LAYERS) -> list[tuple[str, Path]]:
    return [(package, path) for package in packages
            for path in sorted((REPO / package.replace(".", "/")).rglob("*.py"))]


def _file_id(value):
    return str(value.relative_to(REPO)) if isinstance(value, Path) else value


def test_every_layer_has_files_to_check():
    packages = {package for package, _ in package_files()}
    assert packages == set(LAYERS)


@pytest.mark.parametrize("package, path", package_files(),
                         ids=lambda value: str(value.relative_to(REPO)) if isinstance(value, Path)
                         else value)
def test_file_imports_only_numpy_the_standard_library_and_lower_layers(package, path):
    for module in imported_modules(path):
        top = module.split(".")[0]
        if top == "bpviz":
            assert module.startswith(LAYERS[package]), f"{path.name} imports {module}"
        else:
            allowed = THIRD_PARTY | ALSO_ALLOWED.get(package, set())
            assert top in sys.stdlib_module_names or top in allowed, (
                f"{path.name} imports {module}")


def package_modules(package: str) -> list[str]:
    """The package and every module in it, so importing them all loads everything it uses."""
    root = REPO / package.replace(".", "/")
    if not root.is_dir():
        return [package]
    return [package, *(f"{package}.{'.'.join(path.relative_to(root).with_suffix('').parts)}"
                       for path in sorted(root.rglob("*.py")) if path.name != "__init__.py")]


@pytest.mark.parametrize("package", [*LAYERS, *UPPER, "bpviz.runtime"])
def test_importing_a_headless_package_loads_no_gui_or_graph_library(package):
    forbidden = tuple(name for name in FORBIDDEN if name not in ALSO_ALLOWED.get(package, ()))
    code = (f"import sys, {', '.join(package_modules(package))}\n"
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}"
            " or m.startswith('bpviz.app'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported with {package}: {result.stdout.strip()}"


def test_only_the_layout_may_use_networkx():
    assert set(ALSO_ALLOWED) == {"bpviz.layout"}
    assert "networkx" in FORBIDDEN and "networkx" not in THIRD_PARTY
    assert set(FORBIDDEN) - ALSO_ALLOWED["bpviz.layout"] >= {"PySide6", "pyqtgraph"}


def test_the_layout_check_sees_networkx_loaded_and_no_gui():
    """The layout's own import check is not vacuous: its modules really load networkx."""
    gui = tuple(name for name in FORBIDDEN if name != "networkx")
    code = (f"import sys, {', '.join(package_modules('bpviz.layout'))}\n"
            "print('networkx' in sys.modules, "
            f"any(m.split('.')[0] in {gui!r} for m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_the_import_check_would_notice_a_gui_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import Qt\n    import networkx as nx\n")
    assert imported_modules(sample) == ["PySide6.QtCore", "networkx"]


@pytest.mark.parametrize("package, path", package_files(UPPER), ids=_file_id)
def test_bench_and_cli_import_qt_and_the_app_only_inside_functions(package, path):
    for module in module_level_imports(path):
        top = module.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {module} at module level"
        if top == "bpviz" and module != "bpviz":  # `from bpviz import __version__`
            assert module.startswith(UPPER[package]), (
                f"{path.name} imports {module} at module level")


def test_only_the_app_bench_and_cli_name_qt_and_only_the_app_at_module_level():
    for path in sorted((REPO / "bpviz").rglob("*.py")):
        package = ".".join(path.relative_to(REPO).parts[:2])
        gui = [module for module in imported_modules(path) if module.split(".")[0] in GUI]
        if package == "bpviz.app":
            continue
        assert package in UPPER or not gui, f"{path.relative_to(REPO)} imports {gui}"
        assert not [module for module in module_level_imports(path)
                    if module.split(".")[0] in GUI], f"{path.relative_to(REPO)} imports Qt"


def test_the_runtime_settings_use_numpy_and_the_standard_library_alone():
    for module in imported_modules(RUNTIME):
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names or top == "numpy", f"runtime imports {module}"


def test_the_module_level_check_sees_only_imports_outside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import numpy\nif True:\n    from bpviz.app import launch\n"
                      "class C:\n    import os\n    def f(self):\n        import PySide6\n"
                      "def g():\n    from pyqtgraph import Qt\n")
    assert sorted(module_level_imports(sample)) == ["bpviz.app", "numpy", "os"]
    assert sorted(imported_modules(sample)) == ["PySide6", "bpviz.app", "numpy", "os",
                                                 "pyqtgraph"]
