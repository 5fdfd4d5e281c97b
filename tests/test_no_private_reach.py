"""No module reaches into another object's private members (``other._thing``): the
window's areas and helpers use the window's public API (ui/window_api.py), services use
each other's public methods. Only ``self``/``cls``/``super()`` may touch ``_`` names."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "escadesk"

#: Private names of libraries that are their documented way (argparse's sub-parser type,
#: os._exit after a fork-free crash report, openpyxl's raw cell value for speed).
LIBRARY_PRIVATES = {"argparse._SubParsersAction", "os._exit", "cell._value"}


def _reaches(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")):
            continue
        if node.attr.startswith("__"):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super":
            continue
        text = ast.unparse(node)
        if text not in LIBRARY_PRIVATES:
            found.append((node.lineno, text))
    return found


def test_the_checker_sees_a_reach_into_private_members() -> None:
    tree = ast.parse("window._open(dialog)\nself._fine()\nsuper()._also_fine()")
    assert _reaches(tree) == [(1, "window._open")]


def test_no_module_touches_another_objects_private_members() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{line}: {text}"
        for path in sorted(SOURCE.rglob("*.py"))
        for line, text in _reaches(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []
