"""The layout holds: runtime code never imports tests or tools, only nlu/ imports Rasa, and the action server,
the front end, the dashboard, the launcher and the worker start without loading Rasa (and with it TensorFlow)."""

from __future__ import annotations

import ast
import subprocess
import sys
from typing import Iterator, List, Tuple

import pytest

from buurtbot.config import PROJECT_ROOT

RUNTIME = ("bot", "dashboard", "launcher", "worker", "buurtbot", "actions", "nlu")
WITHOUT_RASA = ("bot", "dashboard", "launcher", "worker", "buurtbot", "actions")


def imports(package: str) -> Iterator[Tuple[str, int, str]]:
    """(file, line, imported module) for every import in a package, also those inside functions."""
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: List[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                yield str(path.relative_to(PROJECT_ROOT)), node.lineno, name


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("package", RUNTIME)
def test_runtime_code_never_imports_tests_or_tools(package: str) -> None:
    assert [f"{f}:{n} {m}" for f, n, m in imports(package) if top(m) in ("tests", "tools")] == []


@pytest.mark.parametrize("package", WITHOUT_RASA)
def test_only_nlu_imports_rasa(package: str) -> None:
    assert [f"{f}:{n} {m}" for f, n, m in imports(package) if top(m) in ("rasa", "nlu")] == []


def modules_of(*packages: str) -> List[str]:
    found = []
    for package in packages:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            if "migrations" not in parts:
                found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


@pytest.mark.integration  # a process of its own
def test_the_processes_outside_the_rasa_server_load_without_rasa() -> None:
    """Every module of the action server, the front end, the launcher and the worker, imported in a fresh
    process: not one Rasa or TensorFlow module is loaded."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules_of(*WITHOUT_RASA)!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'tensorflow'))\n"
        "print(loaded[:5])\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
